"""B1 figure: (a) the US deficit by partner, (b) shares of the US deficit with Asia, (c) the
processing share of China's trade.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.ticker import MultipleLocator, StrMethodFormatter

from chinatrade import figures
from chinatrade.i18n import tr
from chinatrade.years import runs

from .common import PROCESSING_DEFINITIONS, shown_label


def _x_limits(ax: plt.Axes, first: int, last: int, step: int) -> None:
    """Whole years on the axis, from the first to the last year with data (a policy date
    after the data is left out, not given an empty year)."""
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_minor_locator(MultipleLocator(1))
    ax.set_xlim(first - 0.5, last + 0.5)


def _is_true(column: pd.Series) -> pd.Series:
    """A boolean column as computed or as read back from CSV ('True'/'False' strings)."""
    return column.astype(str) == "True"


def _panel_title(ax: plt.Axes, text: str) -> None:
    ax.set_title(text, loc="left", fontsize=11, fontweight=figures.title_weight())


def _plot_deficits(axes: list[plt.Axes], key: plt.Axes, main: pd.DataFrame, spec: dict) -> dict:
    """Panel (a) over ``axes``, the partners in order of their last deficit and split evenly
    so that no panel has more than ``figures.MAX_LINES_PER_PANEL`` lines (each panel with
    its own axis from 0); the legends in ``key``. Returns the colour of each partner."""
    counted = main[_is_true(main["counted_in_partner_sum"])]
    counted = counted.dropna(subset=["us_deficit_usd_billions"])
    last = int(spec["last_year"])
    # legend in the order of the last year's deficit, largest first
    order = (
        counted[counted["year"] == last]
        .sort_values("us_deficit_usd_billions", ascending=False)["partner"]
        .tolist()
    )
    order += [p for p in dict.fromkeys(counted["partner"]) if p not in order]
    palette = dict(zip(order, sns.color_palette("Dark2", len(order)), strict=True))
    markers = dict(zip(order, "osD^vP*Xhp", strict=False))
    groups = figures.split_evenly(order, len(axes))
    for ax, group in zip(axes, groups, strict=True):
        for partner in group:
            rows = counted[counted["partner"] == partner].sort_values("year")
            ax.plot(
                rows["year"],
                rows["us_deficit_usd_billions"],
                color=palette[partner],
                marker=markers.get(partner, "o"),
                markersize=5,
                linewidth=2.2 if partner == spec["china"] else 1.5,
                label=shown_label(rows["partner_label"].iloc[0]),
            )
        ax.axhline(0, color="0.2", linewidth=0.8)
        _x_limits(ax, int(counted["year"].min()), int(counted["year"].max()), step=1)
        figures.mark_policy_events(ax, spec.get("policy_events"))
        ax.set_ylim(min(0.0, ax.get_ylim()[0]), ax.get_ylim()[1] * 1.15)  # room for the numbers
        ax.set_xlabel(tr("Year"))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    axes[0].set_ylabel(tr("US goods deficit, USD billion"))
    _panel_title(
        axes[0],
        tr(
            "(a) US goods deficit, USD billion (US Census,\nUS-reported): the {n} largest in "
            "{year}",
            n=len(groups[0]),
            year=last,
        ),
    )
    for ax, group in zip(axes[1:], groups[1:], strict=True):
        _panel_title(
            ax,
            tr(
                "(a) continued: the next {n} partners,\nUSD billion (an axis of its own)",
                n=len(group),
            ),
        )
    key.axis("off")
    handles = [h for ax in axes for h in ax.get_legend_handles_labels()[0]]
    labels = [label for ax in axes for label in ax.get_legend_handles_labels()[1]]
    partners_legend = key.legend(
        handles,
        labels,
        title=tr("Partner (largest {year} deficit first)", year=last),
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        borderaxespad=0,
        fontsize=9,
        title_fontsize=9.5,
        alignment="left",
    )
    key.add_artist(partners_legend)
    return palette


def _partner_count(main: pd.DataFrame) -> int:
    """The partners drawn in panel (a): those counted in the partners' sum."""
    counted = main[_is_true(main["counted_in_partner_sum"])]
    return counted.dropna(subset=["us_deficit_usd_billions"])["partner"].nunique()


def _policy_key(key: plt.Axes, panels: list[plt.Axes], spec: dict) -> None:
    """The numbered policy dates that stand in at least one panel, at the foot of ``key``."""
    every = figures.policy_events(spec.get("policy_events"))
    limits = [ax.get_xlim() for ax in panels]
    events = [e for e in every if any(low <= e[1] <= high for low, high in limits)]
    if not events:
        return
    key.legend(
        [Line2D([], [], linestyle="none") for _ in events],
        [f"{number}  {label}" for number, _, label in events],
        title=tr("Policy dates (dashed lines)"),
        loc="lower left",
        bbox_to_anchor=(0.0, 0.0),
        borderaxespad=0,
        handlelength=0,
        handletextpad=0,
        fontsize=8.5,
        title_fontsize=9.5,
        alignment="left",
    )


def _plot_asia_shares(ax: plt.Axes, asia: pd.DataFrame, spec: dict, palette: dict) -> None:
    """Panel (b): each partner's share of the US deficit with the Census Asia aggregate."""
    fallback = sns.color_palette("Dark2", 8)
    for i, (partner, rows) in enumerate(asia.groupby("partner", sort=False)):
        rows = rows.sort_values("year")
        ax.plot(
            rows["year"],
            rows["share_of_us_asia_deficit_pct"],
            color=palette.get(partner, fallback[i % len(fallback)]),
            marker="os^D"[i % 4],
            markersize=5,
            linewidth=1.8,
            label=shown_label(rows["partner_label"].iloc[0]),
        )
    first, last = int(spec["asia"]["first_year"]), int(spec["asia"]["last_year"])
    shown = asia.dropna(subset=["share_of_us_asia_deficit_pct"])["year"]
    _x_limits(ax, int(shown.min()), int(shown.max()), step=2)
    figures.mark_policy_events(ax, spec.get("policy_events"))
    ax.set_ylim(0, 100)
    ax.set_ylabel(tr("Share of the US deficit with Asia, %"))
    ax.set_xlabel(tr("Year"))
    ax.legend(
        loc="upper right",
        bbox_to_anchor=(1.0, 0.84),
        fontsize=9,
        frameon=True,
        facecolor="white",
        edgecolor="none",
        framealpha=0.9,
    )
    # the deficit itself, so that a falling share is not read as a falling deficit
    level = asia.drop_duplicates("year").set_index("year")["us_deficit_with_asia_usd_billions"]
    years = sorted({first, int(spec["first_year"]), last} & set(level.dropna().index))
    if years:
        ax.text(
            0.02,
            0.36,
            tr("US deficit with Asia, USD bn:")
            + "\n"
            + "; ".join(f"{y}: {level[y]:,.0f}" for y in years),
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=8,
            color="0.25",
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
            zorder=5,
        )
    _panel_title(
        ax,
        tr(
            "(b) Shares of the US goods deficit with Asia, %\n(Census aggregate "
            "{code}: incl. Middle East, South Asia)",
            code=spec["asia"]["code"],
        ),
    )


def _plot_processing(ax: plt.Axes, shares: pd.DataFrame, spec: dict) -> None:
    """Panel (c): colour = definition, line style = flow, hollow = part of a year."""
    processing = spec["processing"]
    flow_labels = processing.get("flow_labels", {})
    short = processing.get("definition_short_labels", {})
    colours = dict(zip(PROCESSING_DEFINITIONS, sns.color_palette("Dark2", 4)[2:], strict=True))
    styles = {"trade": "-", "imports": "--", "exports": ":"}
    markers = {"trade": "o", "imports": "s", "exports": "^"}
    handles = []
    for definition in PROCESSING_DEFINITIONS:
        for flow in processing.get("plot_flows", ["trade"]):
            rows = shares[(shares["definition"] == definition) & (shares["flow"] == flow)]
            if rows.empty:
                continue
            colour, style, marker = colours[definition], styles[flow], markers[flow]
            full = rows[~_is_true(rows["is_partial_year"])].sort_values("year")
            full = full.set_index("year")["processing_share_pct"]
            if len(full) > 1:
                # faint across years without data, firm between adjacent years
                ax.plot(
                    full.index,
                    full.to_numpy(),
                    color=colour,
                    linestyle=style,
                    linewidth=0.8,
                    alpha=0.45,
                )
            for run in runs([int(y) for y in full.index]):
                ax.plot(
                    run,
                    full.loc[run].to_numpy(),
                    color=colour,
                    linestyle=style,
                    linewidth=1.8,
                    marker=marker,
                    markersize=5,
                )
            partial = rows[_is_true(rows["is_partial_year"])]
            if not partial.empty:
                # under the full-year markers: a full year and a part of it can coincide
                ax.scatter(
                    partial["year"],
                    partial["processing_share_pct"],
                    marker=marker,
                    facecolor="white",
                    edgecolor=colour,
                    linewidth=1.5,
                    zorder=1.5,
                    s=36,
                )
            handles.append(
                Line2D(
                    [],
                    [],
                    color=colour,
                    linestyle=style,
                    marker=marker,
                    label=tr(
                        "{definition}: {flow}",
                        definition=tr(short.get(definition, definition)),
                        flow=tr(flow_labels.get(flow, flow)),
                    ),
                )
            )
    if _is_true(shares["is_partial_year"]).any():
        handles.append(
            Line2D(
                [],
                [],
                color="0.4",
                marker="o",
                markerfacecolor="white",
                linestyle="",
                label=tr("hollow: part of a year"),
            )
        )
    _x_limits(ax, int(shares["year"].min()), int(shares["year"].max()), step=4)
    figures.mark_policy_events(ax, spec.get("policy_events"))
    ax.set_ylim(0, 100)
    ax.set_ylabel(tr("Processing share, %"))
    ax.set_xlabel(tr("Year (points only where the regime split is public)"))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.84),
        fontsize=8,
        frameon=True,
        facecolor="white",
        edgecolor="none",
        framealpha=0.9,
    )
    _panel_title(
        ax, tr("(c) Processing trade's share of China's trade, %\n(China Customs, China-reported)")
    )


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """(a) US deficit by partner; (b) China's and Japan's share of the US-Asia deficit;
    (c) the processing share of China's trade. Policy dates as thin numbered lines."""
    figures.apply_style()
    fig = plt.figure(figsize=(13, 12.5))
    # top: (a) over as many panels as its partners need, its legends at the right; bottom:
    # (b) and (c)
    grid = fig.add_gridspec(2, 2, height_ratios=[1.1, 1])
    n_deficit = max(1, math.ceil(_partner_count(results["main"]) / figures.MAX_LINES_PER_PANEL))
    top = grid[0, :].subgridspec(1, n_deficit + 1, width_ratios=[1] * n_deficit + [0.55])
    axes_a = [fig.add_subplot(top[0, i]) for i in range(n_deficit)]
    key = fig.add_subplot(top[0, n_deficit])
    ax_b = fig.add_subplot(grid[1, 0])
    ax_c = fig.add_subplot(grid[1, 1])
    palette = _plot_deficits(axes_a, key, results["main"], spec)
    _plot_asia_shares(ax_b, results["asia_shares"], spec, palette)
    _plot_processing(ax_c, results["processing_share"], spec)
    _policy_key(key, [*axes_a, ax_b, ax_c], spec)
    # the years the figure's data cover: from panel (a)'s first to the last of any panel
    years = [ax.get_xlim() for ax in (axes_a[0], ax_b, ax_c)]
    first, last = round(years[0][0] + 0.5), round(max(high for _, high in years) - 0.5)
    template = spec["text"].get("figure_title")
    fig.suptitle(
        template.format(first=first, last=last)
        if template
        else tr(
            "Beyond the study: its predictions tested on {first}-{last} data",
            first=first,
            last=last,
        ),
        x=0.01,
        ha="left",
        fontsize=14,
        fontweight=figures.title_weight(),
    )
    subtitle = spec["text"].get("figure_subtitle")
    top = 0.965
    if subtitle:
        fig.text(
            0.01,
            0.962,
            subtitle,
            ha="left",
            va="top",
            fontsize=10.5,
            color="0.25",
        )
        top = 0.945
    figures.add_source_note(fig, spec["text"]["source_note"])
    fig.tight_layout(rect=(0, 0.06, 1, top), h_pad=2.5, w_pad=3)
    return fig
