"""M1's figure: four panels, (a) affiliates' sales beside exports, (b) output by owner, (c) the
foreign-owned share of exports by industry, (d) the ownership-based view.

The panels are placed by hand (two grids per row) rather than by ``tight_layout``: the long
industry names of (c) would otherwise push (a)'s axis far to the right.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MultipleLocator, StrMethodFormatter

from chinatrade import figures, i18n, texts
from chinatrade.i18n import tr

from . import caption
from .common import LOCAL_GOODS, SALES_COLUMNS, US_EXPORTS

EXPORTS_COLOUR, IMPORTS_COLOUR = "#7f7f7f", "#bdbdbd"
SALES_COLOURS = {"local": "#1b9e77", "united_states": "#d95f02", "other_countries": "#7570b3"}
US_COLOUR, CHINA_COLOUR = "#1b9e77", "#d95f02"
FIGURE_SIZE = (14, 11)
# (left, right) of each panel, as fractions of the figure width
COLUMNS = {"a": (0.06, 0.47), "b": (0.58, 0.98), "c": (0.17, 0.47), "d": (0.58, 0.97)}


def _panel_title(ax: plt.Axes, text: str) -> None:
    ax.set_title(text, loc="left", fontsize=10.5, fontweight=figures.title_weight())


def _billions(ax: plt.Axes, axis: str = "y") -> None:
    getattr(ax, f"{axis}axis").set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _sales_beside_exports(ax: plt.Axes, main: pd.DataFrame) -> None:
    """(a) Per year: US exports, and the affiliates' sales stacked by destination."""
    years = main["year"].to_numpy()
    width = 0.36
    ax.bar(
        years - width / 2,
        main[US_EXPORTS],
        width,
        color=EXPORTS_COLOUR,
        label=tr("US goods exports to China (Census)"),
    )
    labels = {
        "local": tr("Affiliates' sales in China (local)"),
        "united_states": tr("Affiliates' sales to the US"),
        "other_countries": tr("Affiliates' sales to other countries"),
    }
    bottom = np.zeros(len(main))
    for destination, label in labels.items():
        values = main[SALES_COLUMNS[destination]].to_numpy()
        ax.bar(
            years + width / 2,
            values,
            width,
            bottom=bottom,
            color=SALES_COLOURS[destination],
            label=label,
        )
        bottom += values
    # the goods part of local sales, hatched inside its segment
    ax.bar(
        years + width / 2,
        main[LOCAL_GOODS],
        width,
        facecolor=SALES_COLOURS["local"],
        edgecolor="white",
        hatch="///",
        linewidth=0,
        label=tr("of which goods (hatched)"),
    )
    for year, total in zip(years, main[SALES_COLUMNS["total"]], strict=True):
        ax.text(
            year + width / 2, total + 5, f"{total:,.0f}", ha="center", va="bottom", fontsize=8.5
        )
    ticks = [
        f"{year}\n" + tr("local sales\n= {times:.1f}× exports", times=times)
        for year, times in zip(years, main["local_sales_to_us_exports_times"], strict=True)
    ]
    ax.set_xticks(years, ticks, fontsize=8.5)
    ax.set_ylim(0, main[SALES_COLUMNS["total"]].max() * 1.4)
    ax.set_ylabel(tr("USD billion"))
    _billions(ax)
    ax.legend(loc="upper left", fontsize=8, ncol=2)
    _panel_title(
        ax,
        tr(
            "(a) US-owned affiliates' sales in China vs US exports to China, {first}-{last}",
            first=int(years.min()),
            last=int(years.max()),
        ),
    )


def _output_by_owner(ax: plt.Axes, output: pd.DataFrame) -> None:
    """(b) Two lines: US-owned firms' output in China, Chinese-owned firms' output in the US."""
    lines = [
        ("us_owned_output_in_china_usd_billions", tr("US-owned firms in China"), US_COLOUR, "o"),
        (
            "china_owned_output_in_us_usd_billions",
            tr("Chinese-owned firms in the US"),
            CHINA_COLOUR,
            "s",
        ),
    ]
    last = output.iloc[-1]
    for column, label, colour, marker in lines:
        ax.plot(
            output["year"],
            output[column],
            color=colour,
            marker=marker,
            markersize=4.5,
            linewidth=2,
            label=label,
        )
        ax.annotate(
            f"{last[column]:,.0f}",
            (last["year"], last[column]),
            xytext=(5, 0),
            textcoords="offset points",
            va="center",
            fontsize=8.5,
            color=colour,
        )
    first_year, last_year = int(output["year"].min()), int(output["year"].max())
    ax.xaxis.set_major_locator(MultipleLocator(2))
    ax.xaxis.set_minor_locator(MultipleLocator(1))
    ax.set_xlim(first_year - 0.5, last_year + 1)
    ax.set_ylim(0, None)
    ax.set_xlabel(tr("Year"))
    ax.set_ylabel(tr("Output, USD billion (OECD AMNE)"))
    _billions(ax)
    ax.legend(loc="upper left", fontsize=8.5)
    _panel_title(
        ax,
        tr(
            "(b) Output by owner (OECD model estimates), {first}-{last}",
            first=first_year,
            last=last_year,
        ),
    )


def _export_share(ax: plt.Axes, shares: pd.DataFrame, names: dict) -> None:
    """(c) One row per industry: the earliest year hollow, the latest filled, joined."""
    wide = shares.pivot(
        index="industry_code", columns="year_role", values="foreign_owned_export_share_pct"
    )
    totals = [code for code in ("MANUFACTURING", "TOTAL") if code in wide.index]
    order = totals[::-1] + list(wide.drop(index=totals).sort_values("latest").index)
    wide = wide.loc[order]
    rows = np.arange(len(order))
    years = shares.drop_duplicates("year_role").set_index("year_role")["year"]
    ax.hlines(rows, wide["earliest"], wide["latest"], color="0.6", linewidth=1.5)
    ax.scatter(
        wide["earliest"],
        rows,
        facecolors="white",
        edgecolors="0.25",
        s=30,
        zorder=3,
        label=str(years["earliest"]),
    )
    ax.scatter(wide["latest"], rows, color=US_COLOUR, s=34, zorder=3, label=str(years["latest"]))
    if totals:
        ax.axhline(len(totals) - 0.5, color="0.5", linewidth=0.8)
    ax.set_yticks(rows, [names[code] for code in order], fontsize=8.5)
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.set_xlim(0, max(60.0, float(np.nanmax(wide.to_numpy())) + 15))
    ax.set_xlabel(tr("Foreign-owned firms' share of gross exports, %"))
    ax.legend(loc="center right", fontsize=8.5, title=tr("Year"), title_fontsize=8.5)
    _panel_title(
        ax,
        tr(
            "(c) Foreign-owned firms' share of China's exports, {first} and {last}",
            first=int(years["earliest"]),
            last=int(years["latest"]),
        ),
    )


def _ownership_view(ax: plt.Axes, view: pd.DataFrame) -> None:
    """(d) Two stacked bars: what each country's firms sell to the other's residents."""
    value = view.set_index("component")["value_usd_billions"]
    year = int(view["year"].iloc[0])
    sides = [
        (
            tr("US firms serving China"),
            [
                ("us_goods_exports", tr("US goods exports to China"), EXPORTS_COLOUR),
                (
                    "local_sales_of_us_affiliates",
                    tr("local sales of US affiliates in China (BEA)"),
                    US_COLOUR,
                ),
            ],
        ),
        (
            tr("Chinese firms serving the US"),
            [
                (
                    "china_goods_exports_to_us",
                    tr("China's goods exports to the US (US imports)"),
                    IMPORTS_COLOUR,
                ),
                (
                    "output_of_chinese_owned_firms_in_us",
                    tr("output of Chinese-owned firms in the US (OECD)"),
                    CHINA_COLOUR,
                ),
            ],
        ),
    ]
    totals = []
    for row, (side, parts) in enumerate(sides):
        ax.text(0, row - 0.3, side, va="bottom", fontsize=9.5, fontweight="normal")
        left = 0.0
        for component, label, colour in parts:
            width = value[component]
            ax.barh(row, width, left=left, color=colour, height=0.5, label=label)
            if width > 40:
                ax.text(
                    left + width / 2,
                    row,
                    f"{width:,.0f}",
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color="white",
                )
            left += width
        totals.append(left)
        ax.text(left + 6, row, tr("{total:,.0f} in all", total=left), va="center", fontsize=8.5)
    ax.set_yticks([])
    ax.set_xlim(0, max(totals) * 1.2)
    ax.set_ylim(2.9, -0.75)  # the US side on top; room below for the balances and the key
    ax.text(
        0.0,
        1.6,
        tr(
            "US trade balance with China: {trade:,.0f}\nOwnership-based balance: {ownership:,.0f}",
            trade=value["trade_balance"],
            ownership=value["ownership_based_balance"],
        ),
        va="center",
        fontsize=9,
    )
    ax.set_xlabel(tr("USD billion, {year}", year=year))
    _billions(ax, "x")
    ax.legend(loc="lower left", fontsize=8, ncol=1)
    _panel_title(ax, tr("(d) Ownership-based view beside the trade balance, {year}", year=year))


def _note(fig: plt.Figure, note: str) -> float:
    """The source note at the bottom; returns the height it takes (figure fraction)."""
    text = figures.wrap_note(note, width=170)
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=figures.NOTE_FONT_SIZE, color="0.3")
    lines = text.count("\n") + 1
    return 0.01 + (lines * figures.NOTE_FONT_SIZE * 1.35 + 6) / (fig.get_size_inches()[1] * 72)


def _axes(fig: plt.Figure, panel: str, bottom: float, top: float) -> plt.Axes:
    left, right = COLUMNS[panel]
    grid = fig.add_gridspec(1, 1, left=left, right=right, bottom=bottom, top=top)
    return fig.add_subplot(grid[0, 0])


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """The four panels; the title gives the years the data cover."""
    figures.apply_style()
    fig = plt.figure(figsize=FIGURE_SIZE)
    fields = caption.values(results, spec)
    note_top = _note(fig, texts.fill(spec["text"]["source_note"], fields, "M1.source_note"))
    lower_bottom = note_top + 0.06  # room for the x labels of (c) and (d)
    split = lower_bottom + (0.88 - lower_bottom) / 2
    panels = {
        "a": _axes(fig, "a", split + 0.07, 0.88),
        "b": _axes(fig, "b", split + 0.07, 0.88),
        "c": _axes(fig, "c", lower_bottom, split - 0.03),
        "d": _axes(fig, "d", lower_bottom, split - 0.03),
    }
    _sales_beside_exports(panels["a"], results["main"])
    _output_by_owner(panels["b"], results["output_by_owner"])
    _export_share(panels["c"], results["export_share"], spec["text"]["industry_names"])
    _ownership_view(panels["d"], results["ownership_view"])
    fig.suptitle(
        texts.fill(spec["text"]["figure_title"], fields, "M1.figure_title"),
        x=0.01,
        y=0.985,
        ha="left",
        fontsize=14 if i18n.current() == i18n.SOURCE_LANGUAGE else 15,
        fontweight=figures.title_weight(),
    )
    fig.text(0.01, 0.945, spec["text"]["figure_subtitle"], fontsize=10, color="0.25")
    return fig
