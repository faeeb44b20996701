"""V1's figure: one column per partner. Top: China's balance in gross and in value-added terms
(WIOD 2013 release, bars). Bottom: the exports each way and the domestic value added in them
(WIOD 2016 release, lines)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from chinatrade import figures
from chinatrade.i18n import tr
from chinatrade.years import years_text

GROSS_COLOR, VALUE_ADDED_COLOR = "#7570b3", "#d95f02"
EXPORTS_COLOR, IMPORTS_COLOR = "#1b9e77", "#e7298a"
BAR_WIDTH = 0.38
# figure height fraction between the top of a row of panels and its legend (room for titles)
LEGEND_ABOVE_AXES = 0.04


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Bars (gross, value added) by WIOD 2013 year; lines of gross exports and the domestic
    value added in them by WIOD 2016 year, one column per partner."""
    figures.apply_style()
    partners = list(spec["partners"])
    names = spec["text"]["country_names"]
    fig, axes = plt.subplots(2, len(partners), figsize=(13, 9.5), squeeze=False)
    main, dva = results["main"], results["dva"]
    for column, partner in enumerate(partners):
        _balance_bars(axes[0][column], main[main["partner"] == partner])
        _dva_lines(axes[1][column], dva[dva["partner"] == partner])
        for row in (0, 1):
            axes[row][column].set_title(
                names[partner], loc="left", fontweight=figures.title_weight()
            )
    axes[0][0].set_ylabel(tr("China's balance, USD billion"))
    axes[1][0].set_ylabel(tr("Exports, USD billion"))
    fig.suptitle(
        tr(
            "China's bilateral balances in gross and value-added terms, {first}-{last}",
            first=int(min(main["year"].min(), dva["year"].min())),
            last=int(max(main["year"].max(), dva["year"].max())),
        ),
        x=0.01,
        ha="left",
        fontsize=14 if figures.title_weight() == "bold" else 15,
        fontweight=figures.title_weight(),
    )
    subtitle = figures.wrap_note(
        tr(
            "Top: balance (exports minus imports), WIOD 2013 release, {wiot_years}. Bottom: "
            "exports each way and the domestic value added in them, WIOD 2016 release, "
            "{dva_years}. The two releases are not spliced.",
            wiot_years=", ".join(str(y) for y in sorted(main["year"].unique())),
            dva_years=years_text(dva["year"].unique()),
        ),
        width=140,
    )
    fig.text(0.01, 0.94, subtitle, fontsize=10, color="0.25", va="top")
    fig.tight_layout(rect=(0, 0.1, 1, 0.86))
    figures.add_source_note(fig, spec["text"]["source_note"])
    fig.subplots_adjust(top=0.79, hspace=0.62)
    _legends(fig, axes)
    return fig


def _balance_bars(ax: plt.Axes, rows: pd.DataFrame) -> None:
    positions = np.arange(len(rows))
    for offset, column, color, label in (
        (-BAR_WIDTH / 2, "gross_balance_usd_billions", GROSS_COLOR, tr("gross balance")),
        (
            BAR_WIDTH / 2,
            "va_balance_usd_billions",
            VALUE_ADDED_COLOR,
            tr("value-added balance (value added absorbed in final demand)"),
        ),
    ):
        ax.bar(positions + offset, rows[column], BAR_WIDTH, color=color, label=label)
    ax.axhline(0, color="0.2", linewidth=0.8)
    ax.set_xticks(positions, [str(year) for year in rows["year"]])
    ax.set_xlabel(tr("Year"))


def _dva_lines(ax: plt.Axes, rows: pd.DataFrame) -> None:
    for gross, dva, color, gross_label, dva_label in (
        (
            "gross_exports_usd_billions",
            "dva_in_exports_usd_billions",
            EXPORTS_COLOR,
            tr("China's exports to the partner, gross"),
            tr("China's domestic value added in them"),
        ),
        (
            "gross_imports_usd_billions",
            "partner_dva_in_imports_usd_billions",
            IMPORTS_COLOR,
            tr("the partner's exports to China, gross"),
            tr("the partner's domestic value added in them"),
        ),
    ):
        ax.plot(rows["year"], rows[gross], color=color, linestyle="--", marker="o", markersize=4,
                label=gross_label)  # fmt: skip
        ax.plot(rows["year"], rows[dva], color=color, marker="o", markersize=4, label=dva_label)
    ax.set_ylim(bottom=0)
    years = rows["year"].to_numpy()
    ax.set_xticks(years, [str(year) for year in years])
    ax.set_xlim(years.min() - 0.7, years.max() + 0.7)
    ax.set_xlabel(tr("Year"))


def _legends(fig: plt.Figure, axes) -> None:
    """One legend per row, above the row's panel titles (placed once the axes are laid out)."""
    for row in (0, 1):
        handles, labels = axes[row][0].get_legend_handles_labels()
        fig.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(0.01, axes[row][0].get_position().y1 + LEGEND_ABOVE_AXES),
            ncol=2 if row == 0 else 4,
            fontsize=9,
            frameon=False,
        )
