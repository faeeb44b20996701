"""F7's figure: four panels of at most five lines each.

(a) the US deficit with Asia under each definition of Asia; (b) China's and Japan's shares
under the headline definition (spec ``claims_series``, the Asia the study documents) alone;
(c) China's and (d) Japan's share under every definition, the headline drawn heavier. No
share is cut off: Japan's share exceeds 100% in years of US surpluses with the rest of Asia,
so panel (d) has a log axis.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter, MultipleLocator

from chinatrade import figures, texts
from chinatrade.i18n import join_items, tr

from . import caption

SHARE = "partner_share_of_us_asia_deficit_pct"
DEFICIT = "us_deficit_with_asia_usd_billions"
SOURCE_NAMES = {"dots": "IMF DOTS", "census": "US Census"}


def _series_styles(spec: dict, shown: list[str], headline: str) -> dict[str, dict]:
    """Colour per series; Census series get round markers, DOTS series none; the headline
    series is drawn heavier and on top.

    The colours come from ``tab10``, whose first colours stay distinct from one another
    (Dark2's two greens do not).
    """
    colours = sns.color_palette("tab10", len(shown))
    styles = {}
    for colour, name in zip(colours, shown, strict=True):
        census = spec["asia_series"][name]["kind"].startswith("census")
        label = spec["text"]["asia_series"][name]["label"]
        styles[name] = {
            "color": colour,
            "marker": "o" if census else None,
            "markersize": 3,
            "linewidth": 2.6 if name == headline else 1.3,
            "zorder": 3 if name == headline else 2,
            "label": tr("{label} (headline)", label=label) if name == headline else label,
        }
    return styles


def _source_kind(spec: dict, name: str) -> str:
    return "census" if spec["asia_series"][name]["kind"].startswith("census") else "dots"


def _coverage(data: pd.DataFrame, spec: dict) -> str:
    """'IMF DOTS 1965-2020; US Census 1985-2024': the years each source covers."""
    years: dict[str, list[int]] = {}
    for name, rows in data.dropna(subset=[DEFICIT]).groupby("asia_series"):
        years.setdefault(_source_kind(spec, name), []).extend(rows["year"].astype(int))
    return join_items(
        (
            tr(
                "{source} {first}-{last}",
                source=tr(SOURCE_NAMES[kind]),
                first=min(years[kind]),
                last=max(years[kind]),
            )
            for kind in SOURCE_NAMES
            if kind in years
        ),
        "{listing}; {item}",
    )


def _shares(data: pd.DataFrame, name: str, partner: str) -> pd.Series:
    rows = data[(data["asia_series"] == name) & (data["partner"] == partner)]
    return rows.set_index("year")[SHARE].sort_index()


def _panel(ax: plt.Axes, title: str, ylabel: str) -> None:
    ax.set_title(title, loc="left", fontsize=10.5, fontweight=figures.title_weight())
    ax.set_ylabel(ylabel)


def _deficits(ax: plt.Axes, data: pd.DataFrame, shown: list[str], styles: dict, scale: str):
    """(a) the US deficit with Asia, one line per definition."""
    for name in shown:
        totals = data[data["asia_series"] == name].drop_duplicates("year").set_index("year")
        totals = totals[DEFICIT].sort_index()
        if scale == "log":
            # A surplus has no place on a log axis: those years are gaps, not zeros.
            totals = totals.where(totals > 0)
        ax.plot(totals.index, totals.to_numpy(), **styles[name])
    ax.set_yscale(scale)
    if scale == "log":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        # room above the lines for the policy dates' numbers
        ax.set_ylim(None, ax.get_ylim()[1] * 4)
        title = tr("(a) US deficit with Asia, USD billion, log scale (gaps: a US surplus)")
    else:
        title = tr("(a) US deficit with Asia, USD billion")
    _panel(ax, title, tr("US deficit with Asia, USD billion"))


def _headline_shares(ax: plt.Axes, data: pd.DataFrame, spec: dict, style: dict) -> None:
    """(b) China's (solid) and Japan's (dashed) share under the headline definition, each
    line labelled at its end."""
    names = spec["text"]["focus_partner_names"]
    headline = spec["claims_series"]
    for partner, dash in ((spec["china"], "-"), (spec["japan"], "--")):
        share = _shares(data, headline, partner).dropna()
        ax.plot(
            share.index,
            share.to_numpy(),
            color=style["color"],
            linestyle=dash,
            linewidth=2.2,
        )
        if not share.empty:
            ax.annotate(
                names[partner],
                (share.index[-1], share.iloc[-1]),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
                color=style["color"],
                # on white: the policy band runs through the last years
                bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"},
                zorder=5,
            )
    _panel(
        ax,
        tr("(b) Shares under the headline Asia (heavy line in a, c, d)"),
        tr("Share of the US deficit with Asia, %"),
    )


def _shares_by_definition(
    ax: plt.Axes, data: pd.DataFrame, partner: str, shown: list[str], styles: dict
) -> None:
    """(c) or (d): one partner's share under every definition."""
    for name in shown:
        share = _shares(data, name, partner)
        style = {**styles[name], "label": None}
        ax.plot(share.index, share.to_numpy(), **style)


def _reference(ax: plt.Axes, value: float, text: str, line: bool = True) -> None:
    """A dotted horizontal line at ``value`` with a short note on what lies beyond it."""
    if line:
        ax.axhline(value, color="0.35", linewidth=0.8, linestyle=":", zorder=1)
    ax.annotate(
        text,
        (0.99, value),
        xycoords=("axes fraction", "data"),
        xytext=(0, 3),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=8,
        color="0.3",
    )


def _log_percent_axis(ax: plt.Axes) -> None:
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(plt.FixedLocator([5, 10, 20, 50, 100, 200, 500, 1000]))
    ax.yaxis.set_minor_locator(plt.NullLocator())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Four panels: (a) the US deficit with Asia by definition (USD billion), (b) China's
    and Japan's shares under the headline definition, (c) China's and (d) Japan's share by
    definition (%). Colour tells the definitions apart, round markers mark the Census series
    (none: IMF DOTS), the headline definition is the heavy line. The policy dates of
    ``spec["policy_events"]`` inside the chart's years are thin dashed lines (numbered in the
    upper panels, their key in the note)."""
    figures.apply_style()
    main = results["main"]
    headline = spec["claims_series"]
    shown = list(spec.get("plot_series", list(spec["asia_series"])))
    if headline not in shown:
        shown.append(headline)
    data = main[main["asia_series"].isin(shown)]
    styles = _series_styles(spec, shown, headline)
    fig, axes = plt.subplots(2, 2, figsize=(13, 10.5), sharex=True)
    (ax_a, ax_b), (ax_c, ax_d) = axes
    _deficits(ax_a, data, shown, styles, spec.get("deficit_axis_scale", "linear"))
    _headline_shares(ax_b, data, spec, styles[headline])
    china, japan = spec["china"], spec["japan"]
    names = spec["text"]["focus_partner_names"]
    _shares_by_definition(ax_c, data, china, shown, styles)
    _panel(
        ax_c,
        tr("(c) {partner}'s share by definition of Asia", partner=names[china]),
        tr("Share of the US deficit with Asia, %"),
    )
    _shares_by_definition(ax_d, data, japan, shown, styles)
    _log_percent_axis(ax_d)
    _panel(
        ax_d,
        tr("(d) {partner}'s share by definition of Asia (log scale)", partner=names[japan]),
        tr("Share of the US deficit with Asia, %, log scale"),
    )
    for ax in (ax_b, ax_c):
        ax.axhline(0, color="0.2", linewidth=0.8)
    if data[SHARE].min() < 0:
        _reference(ax_c, 0, tr("below 0: a US surplus with the partner"), line=False)
    for ax in (ax_b, ax_d):
        _reference(ax, 100, tr("above 100%: US surpluses with the rest of Asia"))
    ax_b.set_ylim(ax_b.get_ylim()[0], max(ax_b.get_ylim()[1], 100) * 1.08)

    first, last = int(data["year"].min()), int(data["year"].max())
    figures.year_axis(ax_c, first, last)
    ax_c.xaxis.set_major_locator(MultipleLocator(10 if last - first > 30 else 5))
    for ax in (ax_c, ax_d):
        ax.set_xlabel(tr("Year"))
    # policy dates inside the chart's years: lines in every panel, numbers in the upper ones
    events = figures.policy_events_in_view(ax_c, spec.get("policy_events"))
    for ax in (ax_a, ax_b, ax_c, ax_d):
        figures.mark_policy_events(ax, events, numbers=ax in (ax_a, ax_b))
    fig.suptitle(
        tr(
            "The US goods deficit with Asia and the shares of China and Japan in it, "
            "{first}-{last}",
            first=first,
            last=last,
        ),
        x=0.01,
        ha="left",
        fontsize=14,
        fontweight=figures.title_weight(),
    )
    fig.text(
        0.01,
        0.948,
        tr("US-reported (imports minus exports): {coverage}", coverage=_coverage(data, spec)),
        fontsize=10.5,
        color="0.25",
    )
    note = texts.fill(spec["text"]["source_note"], caption.values(results, spec), "F7.source_note")
    if events:
        note += " " + figures.policy_event_key(events)
    figures.add_source_note(fig, note)
    # the definitions' key under the panels, above the note
    fig.canvas.draw()
    note_top = fig.texts[-1].get_window_extent().y1 / fig.bbox.height + 0.01
    key_height = 0.03 + 0.022 * ((len(shown) + 2) // 3)
    fig.tight_layout(rect=(0, note_top + key_height, 1, 0.955), h_pad=2.2, w_pad=2.5)
    fig.legend(
        handles=[plt.Line2D([], [], **styles[name]) for name in shown],
        title=tr("Definition of Asia (markers: Census; no markers: IMF DOTS)"),
        loc="lower left",
        bbox_to_anchor=(0.05, note_top),
        ncol=3,
        fontsize=8.5,
        title_fontsize=9,
        alignment="left",
    )
    return fig
