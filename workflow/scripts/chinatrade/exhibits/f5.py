"""F5: US-China direct-investment positions and the asymmetry ratio of the study.

Two BEA series, both year-end positions on the historical-cost, directional basis and by the
immediate partner country:

* the US position in China, from BEA's US direct investment abroad by country, 1982-2014
  (interactive table downloaded in 2016, July-2015 vintage);
* China's position in the US, from BEA's foreign direct investment in the US by country of
  the foreign parent, 2008-2019 (July-2020 release).

The two files are different vintages and are not spliced: a year outside a file is a gap,
never an interpolation, and a value BEA suppressed ("(D)") stays missing with its flag. The
study's "US position is 7.8 times China's, 2010-2018" is computed both ways (mean of the
yearly ratios; ratio of the summed positions) with :func:`chinatrade.ingest.fdi.position_ratio`,
over the years in which both positions are data; the others are named.

Transcribed check values (Statista pages quoting BEA, MOFCOM bulletins) are compared with the
data where they overlap and quoted as context in the claims' explanations. They never enter a
series, a ratio or ``our_value``.

``reporter_side`` follows the workflow's convention, from the viewpoint economy of the spec
(China here): ``own`` = that economy's statistics, ``mirror`` = the partner's. Every position
of F5 is compiled by the US (BEA), so every row is ``mirror`` from China's viewpoint.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, LogLocator

from chinatrade import figures, i18n
from chinatrade.fdi_series import NOT_COVERED, one_value, pair_rows, position_series
from chinatrade.i18n import join_sentences, tr
from chinatrade.ingest.fdi import (
    REPORTED,
    position_ratio,
)
from chinatrade.replication import CLAIM_COLUMNS
from chinatrade.spec import spec_value, spec_year
from chinatrade.years import years_text

TABLES = ["fdi_positions", "fdi_check_values"]

RATIO_DEFINITIONS = ("mean_of_yearly_ratios", "ratio_of_summed_positions")

SERIES_COLUMNS = [
    "series",
    "series_label",
    "series_short_label",
    "measure",
    "investor_iso3",
    "host_iso3",
    "year",
    "position_usd_millions",
    "position_usd_billions",
    "value_flag",
    "in_file",
    "file_first_year",
    "file_last_year",
    "valuation_basis",
    "reported_by",
    "reporter_side",
    "source",
    "source_file",
]


# --- spec ---------------------------------------------------------------------------------


def check_spec(spec: dict, positions: pd.DataFrame) -> None:
    """Refuse a spec that names a series, measure or year the positions table lacks.

    Every error is a ValueError that names the spec key (e.g. ``series.china_in_us.investor``,
    ``ratio.first_year``). A ratio window may reach years in which a series has no data (they
    are listed as lacking data), but it must lie inside the exhibit's years and overlap the
    years of the files.
    """
    first, last = spec_year(spec, "first_year"), spec_year(spec, "last_year")
    if first > last:
        raise ValueError(f"spec key 'first_year' ({first}) is after 'last_year' ({last})")
    series = spec_value(spec, "series")
    if not isinstance(series, dict) or not series:
        raise ValueError("spec key 'series' must map series names to measure/investor/host")
    data_first, data_last = math.inf, -math.inf
    for name, entry in series.items():
        where = f"series.{name}."
        for key in ("measure", "investor", "host", "label"):
            spec_value(entry, key, where)
        measure = entry["measure"]
        of_measure = positions[positions["measure"] == measure]
        if of_measure.empty:
            raise ValueError(
                f"spec key '{where}measure': {measure!r} is not a measure of the positions "
                f"table ({sorted(positions['measure'].unique())})"
            )
        for key, column in (("investor", "investor_iso3"), ("host", "host_iso3")):
            if entry[key] not in set(of_measure[column]):
                raise ValueError(
                    f"spec key '{where}{key}': {entry[key]!r} is not a {column} of {measure}"
                )
        pair = pair_rows(positions, entry)
        if pair.empty:
            raise ValueError(
                f"spec key '{where}': no {measure} rows for {entry['investor']} -> {entry['host']}"
            )
        data_first = min(data_first, int(of_measure["year"].min()))
        data_last = max(data_last, int(of_measure["year"].max()))
    if last < data_first or first > data_last:
        raise ValueError(
            f"spec keys 'first_year'/'last_year' ({first}-{last}) lie outside the years of "
            f"the files ({data_first}-{data_last})"
        )
    ratio = spec_value(spec, "ratio")
    for key in ("numerator", "denominator"):
        if spec_value(ratio, key, "ratio.") not in series:
            raise ValueError(f"spec key 'ratio.{key}': {ratio[key]!r} is not one of 'series'")
    window = (spec_year(ratio, "first_year", "ratio."), spec_year(ratio, "last_year", "ratio."))
    for key, year in zip(("first_year", "last_year"), window, strict=True):
        if not first <= year <= last:
            raise ValueError(
                f"spec key 'ratio.{key}' ({year}) is outside the exhibit's years {first}-{last}"
            )
        if not data_first <= year <= data_last:
            raise ValueError(
                f"spec key 'ratio.{key}' ({year}) is outside the years of the files "
                f"({data_first}-{data_last})"
            )
    if window[0] > window[1]:
        raise ValueError("spec key 'ratio.first_year' is after 'ratio.last_year'")
    if spec_value(ratio, "claim_definition", "ratio.") not in RATIO_DEFINITIONS:
        raise ValueError(f"spec key 'ratio.claim_definition' must be one of {RATIO_DEFINITIONS}")
    claims = spec_value(spec, "claims")
    for role in ("start", "ratio"):
        spec_value(claims, role, "claims.")
    for name in claims["start"]:
        if name not in series:
            raise ValueError(f"spec key 'claims.start.{name}' is not one of 'series'")


# --- positions ----------------------------------------------------------------------------


def _coverage(main: pd.DataFrame) -> pd.DataFrame:
    """Per series: the file's years, the first and last year with data, the flagged years."""
    records = []
    for name, table in main.groupby("series", sort=False):
        reported = table[table["value_flag"] == REPORTED]
        positive = reported[reported["position_usd_millions"] > 0]
        flagged = table[table["in_file"] & (table["value_flag"] != REPORTED)]
        first_positive = positive.iloc[0] if not positive.empty else None
        records.append(
            {
                "series": name,
                "series_label": table["series_label"].iloc[0],
                "measure": table["measure"].iloc[0],
                "investor_iso3": table["investor_iso3"].iloc[0],
                "host_iso3": table["host_iso3"].iloc[0],
                "file_first_year": int(table["file_first_year"].iloc[0]),
                "file_last_year": int(table["file_last_year"].iloc[0]),
                "first_year_with_data": _first(reported, "year"),
                "last_year_with_data": _last(reported, "year"),
                "first_year_positive": _first(positive, "year"),
                "first_positive_position_usd_millions": (
                    first_positive["position_usd_millions"]
                    if first_positive is not None
                    else math.nan
                ),
                # Data from the file's first year on: the series may have begun earlier.
                "starts_with_file": (
                    first_positive is not None
                    and int(first_positive["year"]) == int(table["file_first_year"].iloc[0])
                ),
                "years_flagged": ", ".join(
                    f"{year} {flag}"
                    for year, flag in zip(flagged["year"], flagged["value_flag"], strict=True)
                ),
                "n_years_with_data": len(reported),
                "source": table["source"].iloc[0],
            }
        )
    return pd.DataFrame(records)


def _first(table: pd.DataFrame, column: str) -> float:
    return float(table[column].iloc[0]) if not table.empty else math.nan


def _last(table: pd.DataFrame, column: str) -> float:
    return float(table[column].iloc[-1]) if not table.empty else math.nan


# --- ratio --------------------------------------------------------------------------------


def ratio_tables(main: pd.DataFrame, spec: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The asymmetry ratio over the spec window, both definitions, and its yearly terms."""
    ratio = spec["ratio"]
    first, last = ratio["first_year"], ratio["last_year"]
    numerator = main[main["series"] == ratio["numerator"]].set_index("year")
    denominator = main[main["series"] == ratio["denominator"]].set_index("year")
    result = position_ratio(
        numerator["position_usd_millions"].dropna(),
        denominator["position_usd_millions"].dropna(),
        range(first, last + 1),
    )
    years = range(first, last + 1)
    by_year = pd.DataFrame(
        {
            "year": list(years),
            "numerator_position_usd_millions": numerator["position_usd_millions"]
            .reindex(years)
            .to_numpy(),
            "denominator_position_usd_millions": denominator["position_usd_millions"]
            .reindex(years)
            .to_numpy(),
            "numerator_value_flag": numerator["value_flag"].reindex(years).to_numpy(),
            "denominator_value_flag": denominator["value_flag"].reindex(years).to_numpy(),
        }
    )
    by_year["ratio_times"] = by_year["year"].map(result.yearly_ratios)
    by_year["used_in_ratio"] = by_year["year"].isin(result.years_used)
    by_year.insert(1, "numerator_series", ratio["numerator"])
    by_year.insert(2, "denominator_series", ratio["denominator"])
    by_year["reporter_side"] = _sides(main, ratio)
    values = {
        "mean_of_yearly_ratios": result.mean_of_yearly_ratios,
        "ratio_of_summed_positions": result.ratio_of_summed_positions,
    }
    summary = pd.DataFrame(
        {
            "definition": list(values),
            "ratio_times": list(values.values()),
            "is_claim_definition": [d == ratio["claim_definition"] for d in values],
            "window_first_year": first,
            "window_last_year": last,
            "n_years_window": last - first + 1,
            "n_years_used": len(result.years_used),
            "years_used": years_text(result.years_used),
            "years_lacking_data": years_text(result.years_missing),
            "why_lacking": _why_lacking(main, ratio, result.years_missing),
            "numerator_series": ratio["numerator"],
            "denominator_series": ratio["denominator"],
            "valuation_basis": "; ".join(sorted(main["valuation_basis"].unique())),
            "reporter_side": _sides(main, ratio),
            "vintages": "; ".join(main.drop_duplicates("series")["source"]),
        }
    )
    return summary, by_year


def _sides(main: pd.DataFrame, ratio: dict) -> str:
    sides = {
        main.loc[main["series"] == ratio[key], "reporter_side"].iloc[0]
        for key in ("numerator", "denominator")
    }
    return sides.pop() if len(sides) == 1 else "mixed"


def _why_lacking(
    main: pd.DataFrame, ratio: dict, years: tuple[int, ...], shown: bool = False
) -> str:
    """For each lacking year, which series is missing and why (its flag).

    The table says it in codes (series name, flag); ``shown`` gives the text for the reader
    instead, in the current language (series label, flag in words).
    """
    parts = []
    for key in ("numerator", "denominator"):
        table = main[(main["series"] == ratio[key]) & main["year"].isin(years)]
        missing = table[table["value_flag"] != REPORTED]
        for flag, rows in missing.groupby("value_flag", sort=False):
            first, last = int(rows["file_first_year"].iloc[0]), int(rows["file_last_year"].iloc[0])
            if not shown:
                what = f"outside the file ({first}-{last})" if flag == NOT_COVERED else flag
                parts.append(f"{ratio[key]} {years_text(tuple(rows['year']))}: {what}")
                continue
            fields = {
                "series": tr(rows["series_label"].iloc[0]),
                "years": years_text(tuple(rows["year"])),
            }
            if flag == NOT_COVERED:
                text = tr(
                    "{series} {years}: outside the file ({first}-{last})",
                    first=first,
                    last=last,
                    **fields,
                )
            else:
                text = tr("{series} {years}: {flag}", flag=tr(flag), **fields)
            parts.append(text)
    chinese = shown and i18n.current() != i18n.SOURCE_LANGUAGE
    return ("；" if chinese else "; ").join(parts)


# --- check values -------------------------------------------------------------------------


def check_value_table(checks: pd.DataFrame, main: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Transcribed values for the spec's pairs beside our data (checks and context only).

    Every check row for a series' investor -> host pair is kept; ``comparable_with_data`` is
    True where the check value measures the same thing as the series (same BEA measure), and
    then ``difference_pct`` compares it with the data value of that year.
    """
    tables = []
    for name, entry in spec["series"].items():
        rows = checks[
            (checks["investor_iso3"] == entry["investor"]) & (checks["host_iso3"] == entry["host"])
        ]
        if rows.empty:
            continue
        data = main[main["series"] == name].set_index("year")["position_usd_millions"]
        comparable = rows["comparable_measure"] == entry["measure"]
        data_value = rows["year"].map(data).where(comparable)
        tables.append(
            pd.DataFrame(
                {
                    "series": name,
                    "year": rows["year"].to_numpy(),
                    "check_series": rows["series"].to_numpy(),
                    "check_value_usd_millions": rows["value_usd_millions"].to_numpy(),
                    "comparable_with_data": comparable.to_numpy(),
                    "data_position_usd_millions": data_value.to_numpy(),
                    "difference_pct": (
                        100 * (data_value / rows["value_usd_millions"] - 1)
                    ).to_numpy(),
                    "role": "check value (transcribed from a page): never used as data",
                    "check_file": rows["check_file"].to_numpy(),
                    "source_url": rows["source_url"].to_numpy(),
                    "note": rows["note"].to_numpy(),
                }
            )
        )
    columns = [
        "series",
        "year",
        "check_series",
        "check_value_usd_millions",
        "comparable_with_data",
        "data_position_usd_millions",
        "difference_pct",
        "role",
        "check_file",
        "source_url",
        "note",
    ]
    if not tables:
        return pd.DataFrame(columns=columns)
    return (
        pd.concat(tables, ignore_index=True)
        .sort_values(["series", "year"], kind="stable")[columns]
        .reset_index(drop=True)
    )


def context_table(positions: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Context series (EWN totals): first year in the data and first positive year.

    Each spec entry names ``measure``, ``investor``, ``host``, ``label`` and the series whose
    start-year claim it gives context to (``informs``).
    """
    records = []
    for name, entry in spec.get("context", {}).items():
        if entry.get("informs", "") not in spec["series"]:
            raise ValueError(f"spec key 'context.{name}.informs' is not one of 'series'")
        rows = pair_rows(positions, entry)
        if rows.empty:
            raise ValueError(
                f"spec key 'context.{name}': no {entry['measure']} rows for "
                f"{entry['investor']} -> {entry['host']}"
            )
        reported = rows[rows["value_flag"] == REPORTED].sort_values("year")
        positive = reported[reported["position_usd_millions"] > 0]
        records.append(
            {
                "context": name,
                "informs_series": entry.get("informs", ""),
                "label": entry["label"],
                "measure": entry["measure"],
                "investor_iso3": entry["investor"],
                "host_iso3": entry["host"],
                "first_year_with_data": _first(reported, "year"),
                "first_year_positive": _first(positive, "year"),
                "first_positive_position_usd_millions": _first(positive, "position_usd_millions"),
                "valuation_basis": one_value(rows, "valuation_basis"),
                "source": one_value(rows, "source"),
            }
        )
    return pd.DataFrame(records)


# --- compute ------------------------------------------------------------------------------


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """F5 tables: ``main`` (positions by series and year), ``ratio``, ``ratio_by_year``,
    ``coverage``, ``check_values`` and ``context``.

    ``main`` has one row per series and year of the spec's years (``SERIES_COLUMNS``): the
    position in USD millions and billions (NaN where the file has no value), its flag
    (reported / suppressed / ... / not_covered), the file's years, valuation basis, who
    compiled it and the reporter side from the spec's ``viewpoint``.
    """
    positions = tables["fdi_positions"]
    check_spec(spec, positions)
    viewpoint = spec.get("viewpoint", "CHN")
    parts = []
    for name, entry in spec["series"].items():
        series = position_series(positions, entry, spec["first_year"], spec["last_year"], viewpoint)
        series.insert(0, "series", name)
        series.insert(1, "series_label", entry["label"])
        series.insert(2, "series_short_label", entry.get("short_label", entry["label"]))
        parts.append(series)
    main = pd.concat(parts, ignore_index=True)[SERIES_COLUMNS]
    ratio, by_year = ratio_tables(main, spec)
    return {
        "main": main,
        "ratio": ratio,
        "ratio_by_year": by_year,
        "coverage": _coverage(main),
        "check_values": check_value_table(tables["fdi_check_values"], main, spec),
        "context": context_table(positions, spec),
    }


# --- plot ---------------------------------------------------------------------------------


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
        spec["text"].get("figure_title")
        or tr("US and Chinese direct-investment positions in each other"),
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
    figures.add_source_note(fig, spec["text"]["source_note"])
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


# --- claims -------------------------------------------------------------------------------


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """C46/C47 (start years) and C48 (the 2010-2018 ratio), with what the data can say."""
    coverage = results["coverage"].set_index("series")
    rows = [
        _start_claim(claim_id, coverage.loc[name], results, spec)
        for name, claim_id in spec["claims"]["start"].items()
    ]
    rows.append(_ratio_claim(results, spec))
    # Optional sentences the spec adds to a claim's explanation (e.g. a likely reason).
    notes = spec["text"].get("claims", {}).get("notes", {})
    for row in rows:
        if row["claim_id"] in notes:
            row["explanation"] = join_sentences(row["explanation"], notes[row["claim_id"]])
    return pd.DataFrame(rows)[CLAIM_COLUMNS]


def _start_claim(claim_id: str, cover: pd.Series, results: dict, spec: dict) -> dict:
    """The first year of a position. A series whose data begin with the file's first year
    is left-censored: the start year cannot be read from it, so our value is NaN."""
    label = cover["series_label"]
    shown = tr(label)
    base = {
        "claim_id": claim_id,
        "unit": "year",
        "satisfied": None,
        "source": cover["source"],
        "reporter_side": results["main"]
        .loc[results["main"]["series"] == cover.name, "reporter_side"]
        .iloc[0],
        "vintage": cover["source"],
        "definition": (
            f"first year in which the BEA file (years {cover['file_first_year']}-"
            f"{cover['file_last_year']}) shows a positive position: {label}"
        ),
    }
    if math.isnan(cover["first_year_positive"]):
        return base | {
            "our_value": math.nan,
            "our_text": "no positive position in the file",
            "explanation": tr("The file has no positive {label}.", label=shown),
        }
    year = int(cover["first_year_positive"])
    amount = cover["first_positive_position_usd_millions"]
    context = _start_context(cover, results)
    if cover["starts_with_file"]:
        return base | {
            "our_value": math.nan,
            "our_text": (
                f"not determinable: data begin with the file in {year} "
                f"(USD {amount:,.0f} million already)"
            ),
            "explanation": join_sentences(
                tr(
                    "The BEA file starts in {year} and already shows USD {amount:,.0f} million, "
                    "so the start year cannot be read from it; BEA's country detail before "
                    "{year} would be needed ({label}).",
                    year=year,
                    amount=amount,
                    label=shown,
                ),
                context,
            ),
        }
    return base | {
        "our_value": float(year),
        "our_text": str(year),
        "explanation": join_sentences(
            tr("First positive position inside the file's years."), context
        ),
    }


def _start_context(cover: pd.Series, results: dict) -> str:
    """Context sentences from EWN totals and transcribed check values (never data)."""
    parts = []
    context = results.get("context")
    if context is not None and not context.empty:
        for row in context[context["informs_series"] == cover.name].itertuples(index=False):
            if math.isnan(row.first_year_positive):
                continue
            parts.append(
                tr(
                    "Context: {label} is positive from {year} (USD {amount:,.0f} million; EWN "
                    "starts {start}).",
                    label=tr(row.label),
                    year=int(row.first_year_positive),
                    amount=row.first_positive_position_usd_millions,
                    start=int(row.first_year_with_data),
                )
            )
    checks = results.get("check_values")
    if checks is not None and not checks.empty:
        # positions (stocks) only: a flow says nothing about a position's first year
        earlier = checks[
            (checks["series"] == cover.name)
            & (checks["year"] < cover["file_first_year"])
            & ~checks["check_series"].str.contains("flow", case=False)
        ]
        if not earlier.empty:
            first = earlier.sort_values("year", kind="stable").iloc[0]
            parts.append(
                tr(
                    "Check value (transcribed, not data): {series} {year} = USD {value:,.0f} "
                    "million.",
                    series=tr(first["check_series"]),
                    year=int(first["year"]),
                    value=first["check_value_usd_millions"],
                )
            )
    return join_sentences(*parts)


def _ratio_claim(results: dict, spec: dict) -> dict:
    ratio = results["ratio"].set_index("definition")
    chosen = spec["ratio"]["claim_definition"]
    other = next(d for d in RATIO_DEFINITIONS if d != chosen)
    row = ratio.loc[chosen]
    value = float(row["ratio_times"])
    window = f"{row['window_first_year']}-{row['window_last_year']}"
    lacking = row["years_lacking_data"]
    text = (
        f"{chosen.replace('_', ' ')} {value:.1f} over {row['years_used']}; "
        f"{other.replace('_', ' ')} {ratio.loc[other, 'ratio_times']:.1f}"
    )
    if lacking:
        text += f"; no data for {lacking}"
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        why = row["why_lacking"]
    else:  # the table's codes (series names, flags) in words
        by_year = results["ratio_by_year"]
        missing = tuple(by_year.loc[~by_year["used_in_ratio"], "year"])
        why = _why_lacking(results["main"], spec["ratio"], missing, shown=True)
    explanation = (
        tr(
            "Only {used} of the {n} years {window} have both positions as data ({why}), and "
            "the two BEA files are different vintages (not spliced).",
            used=row["n_years_used"],
            n=row["n_years_window"],
            window=window,
            why=why,
        )
        if lacking
        else tr("Both BEA files cover the window; they are different vintages (not spliced).")
    )
    explanation = join_sentences(explanation, _ratio_context(results, spec))
    return {
        "claim_id": spec["claims"]["ratio"],
        "our_value": round(value, 2) if not math.isnan(value) else math.nan,
        "our_text": text,
        "satisfied": None,
        "unit": "ratio",
        "source": row["vintages"],
        "reporter_side": row["reporter_side"],
        "vintage": row["vintages"],
        "definition": (
            f"{chosen.replace('_', ' ')}: US position in China / China's position in the US, "
            f"BEA historical cost, years of {window} with both positions"
        ),
        "explanation": explanation,
    }


def _ratio_context(results: dict, spec: dict) -> str:
    """The mean of yearly ratios if check values stood in for the missing US positions.

    Context only: the result is quoted in the explanation, never returned as our value.
    """
    checks = results.get("check_values")
    if checks is None or checks.empty:
        return ""
    ratio = spec["ratio"]
    by_year = results["ratio_by_year"].set_index("year")
    numerator = by_year["numerator_position_usd_millions"]
    denominator = by_year["denominator_position_usd_millions"]
    stand_in = checks[
        (checks["series"] == ratio["numerator"])
        & checks["comparable_with_data"]
        & checks["year"].isin(numerator.index[numerator.isna()])
    ].set_index("year")["check_value_usd_millions"]
    if stand_in.empty:
        return ""
    filled = numerator.fillna(stand_in)
    context = position_ratio(filled.dropna(), denominator.dropna(), by_year.index)
    fields = {
        "stand_in": years_text(stand_in.index),
        "used": years_text(context.years_used),
        "mean": context.mean_of_yearly_ratios,
        "summed": context.ratio_of_summed_positions,
    }
    if context.years_missing:
        text = tr(
            "Context only: with transcribed BEA values (Statista pages) standing in for the US "
            "position in {stand_in}, the mean of yearly ratios over {used} would be {mean:.1f} "
            "and the ratio of summed positions {summed:.1f} ({missing} still lacking).",
            missing=years_text(context.years_missing),
            **fields,
        )
    else:
        text = tr(
            "Context only: with transcribed BEA values (Statista pages) standing in for the US "
            "position in {stand_in}, the mean of yearly ratios over {used} would be {mean:.1f} "
            "and the ratio of summed positions {summed:.1f}.",
            **fields,
        )
    return join_sentences(text, tr("The study does not say which definition it used."))
