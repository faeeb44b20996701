"""F6's figure."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from chinatrade import figures, i18n, texts
from chinatrade.i18n import tr
from chinatrade.years import years_text

from . import caption
from .common import EXPORTS_SHARE, FDI_SHARE, SERIES


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """One panel per country: the export share and the FDI share, in percent, by year.

    Lines break where a share has no data (the FDI share exists only where BEA and EWN
    overlap); implied shares from transcribed check values, if the spec asks for them, are
    hollow points, never joined to a line.
    """
    figures.apply_style()
    main = results["main"]
    fields = caption.values(results, spec)
    countries = list(spec["countries"])
    fig, axes = plt.subplots(1, len(countries), figsize=(12, 6.5), sharey=True, squeeze=False)
    styles = {
        EXPORTS_SHARE: {"color": "#1b9e77", "marker": "o"},
        FDI_SHARE: {"color": "#d95f02", "marker": "s"},
    }
    first, last = spec["first_year"], spec["last_year"]
    # the CJK font has no bold face: Chinese titles are set a size larger instead
    english = i18n.current() == i18n.SOURCE_LANGUAGE
    for ax, country in zip(axes[0], countries, strict=True):
        of_country = main[main["country_iso3"] == country]
        for series in SERIES:
            table = of_country[of_country["series"] == series]
            # matplotlib breaks a line at NaN: a year without data stays a gap
            ax.plot(
                table["year"],
                table["share_pct"],
                linewidth=2,
                markersize=3.5,
                label=tr(table["series_label"].iloc[0]),
                **styles[series],
            )
        _plot_check_values(ax, results.get("check_values"), country, spec)
        _note_coverage(ax, of_country)
        ax.set_title(
            spec["text"]["country_names"][country],
            loc="left",
            fontsize=11.5 if english else 12.5,
            fontweight="bold" if english else "normal",
        )
        ax.set_xlabel(tr("Year"))
        figures.year_axis(ax, first, last)
        ax.xaxis.set_major_locator(plt.MultipleLocator(10))
    axes[0][0].set_ylabel(tr("Share, % (US partner / all partners)"))
    top = np.nanmax(main["share_pct"].to_numpy(dtype=float))
    checks = results.get("check_values")
    if spec.get("show_check_values") and checks is not None and not checks.empty:
        top = max(top, np.nanmax(checks["implied_share_pct"].to_numpy(dtype=float)))
    axes[0][0].set_ylim(0, 10 * math.ceil(top / 10) + 10)
    fig.suptitle(
        texts.fill(spec["text"]["figure_title"], fields, "F6.figure_title")
        if spec["text"].get("figure_title")
        else tr("Exports to the US vs direct investment in the US"),
        x=0.01,
        ha="left",
        fontsize=14 if english else 15,
        fontweight="bold" if english else "normal",
    )
    handles, labels = [], []
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.01, 0.94),
        ncol=1,
        fontsize=9.5,
        frameon=False,
    )
    fig.tight_layout(rect=(0, 0.08, 1, 0.80))
    figures.add_source_note(fig, texts.fill(spec["text"]["source_note"], fields, "F6.source_note"))
    fig.subplots_adjust(top=0.78)
    return fig


def _note_coverage(ax: plt.Axes, of_country: pd.DataFrame) -> None:
    """Say in the panel which years each share has data for (the rest are gaps)."""
    lines = []
    for series in SERIES:
        years = of_country.loc[(of_country["series"] == series) & of_country["has_data"], "year"]
        covered = years_text(years)
        if series == EXPORTS_SHARE:
            line = tr("export share: data {years}", years=covered) if covered else None
            lines.append(line or tr("export share: data none"))
        else:
            line = tr("FDI share: data {years}", years=covered) if covered else None
            lines.append(line or tr("FDI share: data none"))
    ax.text(
        0.98,
        0.97,
        "\n".join(lines),
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=8.5,
        color="0.3",
    )


def _plot_check_values(ax: plt.Axes, checks, country: str, spec: dict) -> None:
    if not spec.get("show_check_values", False) or checks is None or checks.empty:
        return
    shown = checks[(checks["country_iso3"] == country) & checks["implied_share_pct"].notna()]
    shown = shown[shown["data_position_usd_millions"].isna()]
    if shown.empty:
        return
    ax.scatter(
        shown["year"],
        shown["implied_share_pct"],
        facecolors="none",
        edgecolors="#d95f02",
        marker="s",
        s=40,
        zorder=3,
        label=tr("FDI share implied by a transcribed BEA value (check only, not data)"),
    )
