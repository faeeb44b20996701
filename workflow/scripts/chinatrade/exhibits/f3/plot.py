"""F3's figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FixedLocator, MultipleLocator, StrMethodFormatter

from chinatrade import figures, i18n, texts
from chinatrade.i18n import join_sentences, tr
from chinatrade.regimes import (
    DEFINITIONS,
    MONTHS,
)
from chinatrade.years import runs, years_text

from . import caption
from .common import USER_SOURCE


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Net exports by component, one panel per definition (headline first); totals as dots."""
    figures.apply_style()
    main = results["main"]
    definitions = [spec["headline_definition"]] + [
        d for d in DEFINITIONS if d != spec["headline_definition"]
    ]
    palette = sns.color_palette("Dark2")
    english = i18n.current() == "en"
    bold = "bold" if english else "normal"  # the CJK font has no bold face
    style = {
        "ordinary": {"color": "white", "edgecolor": "0.15", "label": tr("ordinary trade")},
        "processing": {"color": "0.15", "edgecolor": "0.15", "label": tr("processing trade")},
        "other_regimes": {
            "color": palette[2],
            "edgecolor": palette[2],
            "label": tr("other regimes (bonded logistics, special areas, ...)"),
        },
    }
    total_label = tr("total net exports")
    fig, axes = plt.subplots(2, 1, figsize=(12, 9.4), sharex=True, sharey=True)
    first, last = int(main["year"].min()), int(main["year"].max())
    handles: dict[str, object] = {}
    split_years: dict[str, list[int]] = {}
    for ax, definition in zip(axes, definitions, strict=True):
        data = main[main["definition"] == definition]
        split = data[data["component"] != "total"].dropna(subset=["net_exports_usd_100m"])
        split_years[definition] = sorted(set(split["year"].astype(int)))
        _shade_years_without_split(ax, split_years[definition], first, last)
        components = [c for c in style if c in set(split["component"])]
        width = 0.8 / max(len(components), 1)
        for i, component in enumerate(components):
            rows = split[split["component"] == component]
            x = rows["year"] + (i - (len(components) - 1) / 2) * width
            for partial in (False, True):
                part = rows[rows["is_partial_year"] == partial]
                if part.empty:
                    continue
                bars = ax.bar(
                    x[part.index],
                    part["net_exports_usd_100m"],
                    width=width,
                    color=style[component]["color"],
                    edgecolor=style[component]["edgecolor"],
                    linewidth=0.8,
                    hatch="///" if partial else None,
                    alpha=0.55 if partial else 1.0,
                    zorder=2,
                )
                label = style[component]["label"]
                if partial:
                    label = tr("{label} (part of a year)", label=label)
                handles.setdefault(label, bars)
        # totals of full years: China's surplus, split or not; no line across missing years
        totals = data[(data["component"] == "total") & ~data["is_partial_year"]]
        totals = totals.dropna(subset=["net_exports_usd_100m"]).set_index("year")
        for run in runs(sorted(totals.index)):
            (line,) = ax.plot(
                run,
                totals.loc[run, "net_exports_usd_100m"],
                color="0.5",
                linewidth=1,
                marker="o",
                markersize=5,
                zorder=3,
            )
        if not totals.empty:
            handles.setdefault(tr("{label} (full year)", label=total_label), line)
        partial_totals = data[(data["component"] == "total") & data["is_partial_year"]]
        partial_totals = partial_totals.dropna(subset=["net_exports_usd_100m"])
        if not partial_totals.empty:
            marker = ax.scatter(
                partial_totals["year"],
                partial_totals["net_exports_usd_100m"],
                marker="D",
                facecolor="white",
                edgecolor="0.4",
                zorder=4,
            )
            handles.setdefault(tr("{label} (part of a year)", label=total_label), marker)
        # name the partial periods at the foot of the panel, clear of bars and lines
        for r in split[split["is_partial_year"]].drop_duplicates(["year", "period"]).itertuples():
            ax.annotate(
                _partial_period_text(r.year, r.period),
                (r.year, 0.03),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="bottom",
                fontsize=8,
                color="0.3",
            )
        ax.axhline(0, color="0.2", linewidth=0.8)
        label = spec["text"]["definition_labels"][definition]
        ax.set_title(
            tr("Headline: {label}", label=label)
            if definition == spec["headline_definition"]
            else tr("Variant: {label}", label=label),
            loc="left",
            fontsize=10.5,
            fontweight=bold,
        )
        ax.set_ylabel(tr("Net exports, USD 100 million"))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    low = min(0.0, float(main["net_exports_usd_100m"].min()))
    axes[0].set_ylim(low * 1.15 - 0.14 * main["net_exports_usd_100m"].max(), None)
    figures.year_axis(axes[-1], first, last)
    # labelled years: those with bars in a panel, and the ends of the axis
    labelled = sorted({first, last}.union(*split_years.values()))
    axes[-1].xaxis.set_major_locator(FixedLocator(labelled))
    axes[-1].xaxis.set_minor_locator(MultipleLocator(1))
    axes[-1].tick_params(axis="x", labelsize=9.5)
    axes[-1].set_xlabel(tr("Year (labelled: years with bars in a panel; grey: no split by regime)"))
    title = tr("China's net exports by trade regime: processing vs ordinary trade")
    headline = main[
        (main["definition"] == spec["headline_definition"])
        & (main["component"] == "processing")
        & (main["year"] == spec["claim_year"])
        & ~main["is_partial_year"]
    ].dropna(subset=["share_of_total_net_exports_pct"])
    if not headline.empty:
        share = headline["share_of_total_net_exports_pct"].iloc[0]
        title = tr(
            "{title} (processing: {share:.0f}% of the {year} surplus)",
            title=title,
            share=share,
            year=spec["claim_year"],
        )
    fig.suptitle(
        title,
        x=0.01,
        ha="left",
        fontsize=14 if english else 15,  # Chinese: a size larger instead of bold
        fontweight=bold,
    )
    headline_years = split_years[spec["headline_definition"]]
    subtitle = figures.wrap_note(
        tr(
            "Split by regime in {n} of the {total} years {first}-{last} (headline: {years}); the "
            "other years have no China Customs table by regime in the public sources used, "
            "only the total or nothing",
            n=len(headline_years),
            total=last - first + 1,
            first=first,
            last=last,
            years=years_text(headline_years),
        ),
        width=150,
    )
    fig.text(0.01, 0.945, subtitle, ha="left", va="top", fontsize=10, color="0.25")
    # the panels start under the subtitle's lines
    top = 0.985 - (subtitle.count("\n") + 1) * 10 * 1.3 / (fig.get_size_inches()[1] * 72)
    note = texts.fill(spec["text"]["source_note"], caption.values(results, spec), "F3.source_note")
    user_years = sorted(set(main.loc[main["source_table"].str.contains(USER_SOURCE), "year"]))
    if user_years:
        note = join_sentences(
            note,
            tr(
                "Years from the user-supplied regime series: {years}.",
                years=years_text(user_years),
            ),
        )
    figures.add_source_note(fig, note)
    # one legend for both panels, under the chart and above the source note
    fig.tight_layout(rect=(0, 0.14, 1, top))
    # legend in reading order: each component, its part-year variant, then the totals
    order = [style[c]["label"] for c in style] + [total_label]
    labels = sorted(handles, key=lambda k: (next(i for i, o in enumerate(order) if o in k), k))
    fig.legend(
        [handles[k] for k in labels],
        labels,
        loc="lower left",
        bbox_to_anchor=(0.06, 0.065),
        ncol=3,
        fontsize=9,
        frameon=False,
    )
    return fig


def _shade_years_without_split(ax: plt.Axes, years: list[int], first: int, last: int) -> None:
    """Grey bands over the years of ``first``-``last`` without bars (no split by regime),
    the widest one labelled, so that a gap reads as missing data, not as zero."""
    gaps = runs([y for y in range(first, last + 1) if y not in set(years)])
    for gap in gaps:
        ax.axvspan(gap[0] - 0.5, gap[-1] + 0.5, color="0.93", linewidth=0, zorder=0)
    if gaps:
        widest = max(gaps, key=len)
        ax.annotate(
            tr("no split by regime\nin the public sources"),
            ((widest[0] + widest[-1]) / 2, 0.96),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="top",
            fontsize=8.5,
            color="0.35",
        )


def _partial_period_text(year: int, period: str) -> str:
    """'2023 Jan-Oct' over '(partial)': a part-year bar's label in the reader's language."""
    first, _, last = str(period).partition("-")
    try:
        months = tr(MONTHS[int(first) - 1]) + (f"-{tr(MONTHS[int(last) - 1])}" if last else "")
    except (ValueError, IndexError):
        months = str(period)
    return tr("{year} {months}\n(partial)", year=year, months=months)
