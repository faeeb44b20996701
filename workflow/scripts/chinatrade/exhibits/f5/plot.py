"""F5's figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, LogLocator

from chinatrade import figures, texts
from chinatrade.i18n import tr
from chinatrade.ingest.fdi import (
    REPORTED,
)

from . import caption


def _billions(value: float, _position=None) -> str:
    """Tick label for USD billions on a log axis: 0.01, 0.1, 1, 10, 100."""
    if value <= 0:
        return ""
    return f"{value:,.0f}" if value >= 1 else f"{value:g}"


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Both positions in USD billion (log scale by default), gaps as gaps, flags marked.

    Lines break where a file has no value; suppressed or other flagged cells are marked on
    the x axis; the ratio window is shaded and the years in it without both positions are
    named; the legend gives each series' file years and vintage, and a dotted line marks
    where a file ends inside the chart (the vintage break between the two BEA files).
    Transcribed check values, if the spec asks for them, are hollow grey points, never
    joined to a line.
    """
    figures.apply_style()
    main = results["main"]
    fields = caption.values(results, spec)
    log_scale = spec.get("log_scale", True)
    fig, ax = plt.subplots(figsize=(11.5, 6.5))
    colours = dict(zip(spec["series"], ["#1b9e77", "#d95f02", "#7570b3"], strict=False))
    markers = dict(zip(spec["series"], ["o", "s", "^"], strict=False))
    ratio = spec["ratio"]
    ax.axvspan(ratio["first_year"] - 0.5, ratio["last_year"] + 0.5, color="0.93", zorder=0)
    for name, table in main.groupby("series", sort=False):
        values = table["position_usd_billions"].to_numpy(dtype=float)
        plotted = np.where(values > 0, values, np.nan) if log_scale else values
        # matplotlib breaks a line at NaN: a gap stays a gap (seaborn would join across it)
        ax.plot(
            table["year"],
            plotted,
            color=colours[name],
            marker=markers[name],
            markersize=4.5,
            linewidth=2,
            label=_legend_label(table),
        )
        _mark_flags(ax, table, colours[name], log_scale)
        _mark_file_ends(ax, table, colours[name], spec)
    _plot_check_values(ax, results.get("check_values"), spec, log_scale)
    if log_scale:
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(base=10))
        ax.yaxis.set_major_formatter(FuncFormatter(_billions))
        bottom, top = ax.get_ylim()
        ax.set_ylim(bottom, top * 3)  # room for the legend above the lines
    ax.text(
        (ratio["first_year"] + ratio["last_year"]) / 2,
        0.985,
        _window_label(results["ratio"]),
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="top",
        fontsize=8.5,
        color="0.3",
        bbox={"facecolor": "0.93", "edgecolor": "none", "pad": 1},
    )
    figures.set_titles(
        fig,
        ax,
        texts.fill(spec["text"]["figure_title"], fields, "F5.figure_title")
        if spec["text"].get("figure_title")
        else tr("US and Chinese direct-investment positions in each other"),
        spec["text"].get("figure_subtitle") or tr("Year-end positions, BEA historical-cost basis"),
    )
    ax.set_xlabel(tr("Year (end of year)"))
    ax.set_ylabel(
        tr("Direct-investment position, USD billion, log scale")
        if log_scale
        else tr("Direct-investment position, USD billion")
    )
    figures.year_axis(ax, spec["first_year"], spec["last_year"])
    # Inside, top left: the lines leave that corner empty, and the labels are long.
    ax.legend(
        loc="upper left", fontsize=9, title=tr("Position (BEA file, vintage)"), title_fontsize=9
    )
    figures.add_source_note(fig, texts.fill(spec["text"]["source_note"], fields, "F5.source_note"))
    return fig


def _legend_label(table: pd.DataFrame) -> str:
    first, last = int(table["file_first_year"].iloc[0]), int(table["file_last_year"].iloc[0])
    label = tr(table["series_label"].iloc[0])
    vintage = _vintage(table["source"].iloc[0])
    if not vintage:
        return tr("{label}: file {first}-{last}", label=label, first=first, last=last)
    return tr(
        "{label}: file {first}-{last}, {vintage}",
        label=label,
        first=first,
        last=last,
        vintage=tr(vintage),
    )


def _mark_flags(ax: plt.Axes, table: pd.DataFrame, colour, log_scale: bool) -> None:
    """Flagged cells inside the file (suppressed, below 0.5m, ...) and, on a log axis,
    non-positive positions: an x on the bottom edge, so that they are not read as gaps."""
    flagged = table[table["in_file"] & (table["value_flag"] != REPORTED)]
    if log_scale:
        flagged = pd.concat([flagged, table[table["position_usd_billions"] <= 0]])
    if flagged.empty:
        return
    ax.scatter(
        flagged["year"],
        np.full(len(flagged), 0.01),
        transform=ax.get_xaxis_transform(),
        marker="x",
        color=colour,
        s=40,
        clip_on=False,
        label=tr(
            "{label}: suppressed/flagged or non-positive", label=tr(table["series_label"].iloc[0])
        ),
    )


def _mark_file_ends(ax: plt.Axes, table: pd.DataFrame, colour, spec: dict) -> None:
    """A dotted line where a file starts or ends inside the chart's years: a vintage break."""
    first, last = int(table["file_first_year"].iloc[0]), int(table["file_last_year"].iloc[0])
    for year, text, side in (
        (first, "{label} starts {year}", "right"),
        (last, "{label} ends {year}", "left"),
    ):
        if not spec["first_year"] < year < spec["last_year"]:
            continue
        edge = year - 0.5 if side == "right" else year + 0.5
        ax.axvline(edge, color=colour, linestyle=":", linewidth=1.2)
        ax.text(
            # left of the line, where the lines leave the lower part of the chart empty
            edge - 0.15,
            0.03,
            tr(text, label=tr(table["series_short_label"].iloc[0]), year=year),
            transform=ax.get_xaxis_transform(),
            rotation=90,
            ha="right",
            va="bottom",
            fontsize=8,
            color=colour,
        )


def _vintage(source: str) -> str:
    """'July-2015 vintage' from a source text that names one, else ''."""
    for part in source.replace("(", ",").replace(")", ",").split(","):
        part = part.strip()
        if "vintage" in part or "release" in part:
            return part
    return ""


def _plot_check_values(ax: plt.Axes, checks, spec: dict, log_scale: bool) -> None:
    """Comparable check values in years without data, as hollow grey points."""
    if not spec.get("show_check_values", False) or checks is None or checks.empty:
        return
    shown = checks[checks["comparable_with_data"] & checks["data_position_usd_millions"].isna()]
    shown = shown[shown["year"].between(spec["first_year"], spec["last_year"])]
    if shown.empty:
        return
    values = shown["check_value_usd_millions"] / 1000
    if log_scale:
        values = values.where(values > 0)
    ax.scatter(
        shown["year"],
        values,
        facecolors="none",
        edgecolors="0.4",
        marker="o",
        s=36,
        zorder=3,
        label=tr("Transcribed check values (BEA via Statista pages): checks only, not data"),
    )


def _window_label(ratio: pd.DataFrame) -> str:
    row = ratio.iloc[0]
    text = tr(
        "ratio window {first}-{last}", first=row["window_first_year"], last=row["window_last_year"]
    )
    if row["years_lacking_data"]:
        text += "\n" + tr("no data for both in {years}", years=row["years_lacking_data"])
    return text
