"""S1 figure: the focus section's shares by year, and the top sections in two years."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from chinatrade import figures
from chinatrade.i18n import tr
from chinatrade.sections import (
    IMPORT_VALUATION,
    VALUATION_WORDS,
    ZH_NAMES_ATTR,
    display_section_labels,
)


def _mark_tariff_events(ax: plt.Axes, events: dict) -> None:
    """Dashed vertical lines at the tariff years, labelled upwards from the panel's foot."""
    for year, label in sorted((int(y), str(t)) for y, t in (events or {}).items()):
        ax.axvline(year, color="0.45", linestyle="--", linewidth=0.9, zorder=0)
        ax.annotate(
            label,
            xy=(year, 0.0),
            xycoords=("data", "axes fraction"),
            xytext=(-3, 4),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=8.5,
            color="0.3",
            rotation=90,
        )


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Left: the focus section's share of exports and of the surplus by year, tariff years
    marked. Right: the top sections by share of exports in the first and last top year."""
    figures.apply_style()
    valuation = IMPORT_VALUATION[spec["import_flow"]]
    names = results["main"].attrs.get(ZH_NAMES_ATTR, {})
    main = results["main"][results["main"]["import_valuation"] == valuation]
    label = display_section_labels(main, names).iloc[0]
    first, last = int(main["year"].min()), int(main["year"].max())

    fig, (ax_share, ax_top) = plt.subplots(
        1, 2, figsize=(13, 6.4), gridspec_kw={"width_ratios": [1.1, 1]}
    )
    shares = main.melt(
        id_vars="year",
        value_vars=["share_of_exports_pct", "share_of_surplus_pct"],
        var_name="measure",
        value_name="share_pct",
    )
    shares["measure"] = shares["measure"].map(
        {
            "share_of_exports_pct": tr("of China's exports to the US"),
            "share_of_surplus_pct": tr("of China's surplus with the US"),
        }
    )
    sns.lineplot(
        data=shares,
        x="year",
        y="share_pct",
        hue="measure",
        style="measure",
        markers=True,
        dashes=False,
        ax=ax_share,
    )
    _mark_tariff_events(ax_share, spec["text"].get("tariff_events"))
    # Head room above the lines for the legend; the foot is kept for the tariff labels.
    ax_share.set_ylim(0, float(shares["share_pct"].max()) * 1.4)
    ax_share.set_xlabel(tr("Year"))
    ax_share.set_ylabel(tr("Share of section {roman}, percent", roman=label.split(" ")[0]))
    figures.year_axis(ax_share, first, last)
    ax_share.legend(
        title=tr("Share of {label}", label=label), loc="upper left", ncols=2, fontsize=9.5
    )

    top = results["top_sections"]
    years = sorted(top["year"].unique())
    latest = top[top["year"] == years[-1]]
    order = list(display_section_labels(latest, names))
    bars = results["sections"]
    bars = bars[
        (bars["import_valuation"] == valuation)
        & (bars["year"].isin(years))
        & (bars["section_label"].isin(latest["section_label"]))
    ].assign(year=lambda d: d["year"].astype(str))
    bars = bars.assign(chart_label=display_section_labels(bars, names))
    sns.barplot(
        data=bars,
        y="chart_label",
        x="share_of_exports_pct",
        hue="year",
        order=order,
        hue_order=[str(y) for y in years],
        orient="h",
        palette="Blues",
        ax=ax_top,
    )
    for container in ax_top.containers:
        ax_top.bar_label(container, fmt="%.1f", fontsize=8.5, padding=2)
    ax_top.set_xlim(0, float(bars["share_of_exports_pct"].max()) * 1.15)
    ax_top.set_xlabel(tr("Share of China's exports to the US, percent"))
    ax_top.set_ylabel("")
    ax_top.legend(title=tr("Year"), loc="lower right")
    ax_top.set_title(
        tr(
            "Top {n} HS sections in {year} by share of exports, {others} beside",
            n=len(order),
            year=years[-1],
            others=", ".join(str(y) for y in years[:-1]),
        ),
        loc="left",
        fontsize=10.5,
        fontweight="normal",
        color="0.25",
    )
    figures.set_titles(
        fig,
        ax_share,
        tr("{title}, {first}-{last}", title=spec["text"]["title"], first=first, last=last),
        tr(
            "Mirror data (US-reported), {imports}; dashed lines: tariff years",
            imports=tr(f"imports {VALUATION_WORDS[valuation]}"),
        ),
    )
    figures.add_source_note(fig, spec["text"]["source_note"])
    return fig
