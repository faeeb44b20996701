"""F7's figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from chinatrade import figures
from chinatrade.i18n import tr


def _series_styles(spec: dict, shown: list[str]) -> dict[str, dict]:
    """Colour per series; Census series get round markers, DOTS series none.

    The marker is what tells the two sources apart in both panels; the colours come from
    ``tab10``, whose first colours stay distinct from one another (Dark2's two greens do not).
    """
    colours = sns.color_palette("tab10", len(shown))
    styles = {}
    for colour, name in zip(colours, shown, strict=True):
        census = spec["asia_series"][name]["kind"].startswith("census")
        styles[name] = {
            "color": colour,
            "marker": "o" if census else None,
            "markersize": 3.5,
            "linewidth": 2.0 if census else 1.6,
            "label": spec["text"]["asia_series"][name]["label"],
        }
    return styles


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Two panels: the US deficit with Asia (USD billion), and China's and Japan's shares (%).

    Colour tells the Asia series apart in both panels and round markers mark the Census
    series (no markers: IMF DOTS); in the lower panel the line style tells China (solid) from
    Japan (dashed). On a log axis (spec ``deficit_axis_scale``) a year in which the US had a
    surplus with Asia is a gap. The policy dates of ``spec["policy_events"]`` inside the
    chart's years are thin dashed lines (numbered in the lower panel, their key in the note).
    """
    figures.apply_style()
    main = results["main"]
    shown = list(spec.get("plot_series", list(spec["asia_series"])))
    data = main[main["asia_series"].isin(shown)]
    styles = _series_styles(spec, shown)
    scale = spec.get("deficit_axis_scale", "linear")
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(11, 10), sharex=True, gridspec_kw={"height_ratios": [1.1, 1]}
    )
    china, japan = spec["china"], spec["japan"]
    partner_dashes = {china: "-", japan: "--"}
    for name in shown:
        series = data[data["asia_series"] == name]
        totals = series.drop_duplicates("year").set_index("year")[
            "us_deficit_with_asia_usd_billions"
        ]
        if scale == "log":
            # A surplus has no place on a log axis: those years are gaps, not zeros.
            totals = totals.where(totals > 0)
        top.plot(totals.index, totals.to_numpy(), **styles[name])
        for partner, dash in partner_dashes.items():
            share = series[series["partner"] == partner].set_index("year")
            style = {**styles[name], "label": None, "linestyle": dash}
            bottom.plot(share.index, share["partner_share_of_us_asia_deficit_pct"], **style)

    top.set_yscale(scale)
    if scale == "log":
        top.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}"))
    unit = tr("USD billion, log scale") if scale == "log" else tr("USD billion")
    top.set_ylabel(tr("US deficit with Asia\n({unit})", unit=unit))
    top.legend(
        title=tr("Asia series (markers: Census; no markers: IMF DOTS)"),
        loc="lower right",
        fontsize=9,
        title_fontsize=9.5,
        # on white, so that the policy lines do not run through the text
        frameon=True,
        facecolor="white",
        edgecolor="none",
        framealpha=0.9,
    )
    top.set_title(
        tr("US-reported imports minus exports; years with a US surplus with Asia are gaps")
        if scale == "log"
        else tr("US-reported imports minus exports"),
        loc="left",
        fontsize=10.5,
        color="0.25",
    )

    limits = spec.get("share_axis_pct", [0, 100])
    bottom.set_ylim(*limits)
    bottom.set_ylabel(tr("Share of the US deficit with Asia, %"))
    bottom.set_xlabel(tr("Year"))
    names = spec["text"]["focus_partner_names"]
    bottom.legend(
        [plt.Line2D([], [], color="0.2", linestyle=dash) for dash in partner_dashes.values()],
        [names[china], names[japan]],
        title=tr("Partner (line style)"),
        # upper centre: the policy lines and their numbers are at the right
        loc="upper center",
        fontsize=9,
        title_fontsize=9.5,
        frameon=True,
        facecolor="white",
        edgecolor="none",
        framealpha=0.9,
    )
    bottom.set_title(
        tr(
            "Partner's deficit / US deficit with Asia x 100 (years with a US deficit with Asia);"
            " axis cut at {low}-{high}%",
            low=limits[0],
            high=limits[1],
        ),
        loc="left",
        fontsize=10.5,
        color="0.25",
    )
    first, last = int(data["year"].min()), int(data["year"].max())
    figures.year_axis(bottom, first, last)
    # policy dates inside the chart's years: lines in both panels, numbers in the lower one
    # (the upper one's lines reach its top edge), their key in the note
    events = figures.policy_events_in_view(bottom, spec.get("policy_events"))
    figures.mark_policy_events(top, events, numbers=False)
    figures.mark_policy_events(bottom, events)
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
    note = spec["text"]["source_note"]
    if events:
        note += " " + figures.policy_event_key(events)
    figures.add_source_note(fig, note)
    return fig
