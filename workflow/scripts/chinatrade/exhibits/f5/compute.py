"""F5's tables: the positions with their coverage, the ratio of the study, the check values
and the context."""

from __future__ import annotations

import math

import pandas as pd

from chinatrade import lineage
from chinatrade.fdi_series import NOT_COVERED, one_value, pair_rows, position_series
from chinatrade.i18n import join_items, tr
from chinatrade.ingest.fdi import (
    REPORTED,
    position_ratio,
)
from chinatrade.spec import spec_value, spec_year
from chinatrade.years import years_text

from .common import RATIO_DEFINITIONS

TABLES = ["fdi_positions", "fdi_check_values"]

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
    lineage.COLUMN,
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
                lineage.COLUMN: lineage.join(table[lineage.COLUMN]),
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
            lineage.COLUMN: lineage.by_row(
                numerator[lineage.COLUMN].reindex(years), denominator[lineage.COLUMN].reindex(years)
            ),
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
            # both series over the window, the years lacking data included
            lineage.COLUMN: lineage.join(by_year[lineage.COLUMN]),
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
    return join_items(parts, "{listing}; {item}") if shown else "; ".join(parts)


# --- check values -------------------------------------------------------------------------


def check_value_table(checks: pd.DataFrame, main: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Transcribed values for the spec's pairs beside our data (checks and context only).

    Every check row for a series' investor -> host pair is kept; ``comparable_with_data`` is
    True where the check value measures the same thing as the series (same BEA measure), and
    then ``difference_pct`` compares it with the data value of that year (whose raw files the
    row names beside the check value's).
    """
    tables = []
    for name, entry in spec["series"].items():
        rows = checks[
            (checks["investor_iso3"] == entry["investor"]) & (checks["host_iso3"] == entry["host"])
        ]
        if rows.empty:
            continue
        data = main[main["series"] == name].set_index("year")
        comparable = rows["comparable_measure"] == entry["measure"]
        data_value = rows["year"].map(data["position_usd_millions"]).where(comparable)
        data_ids = rows["year"].map(data[lineage.COLUMN]).where(comparable)
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
                    lineage.COLUMN: lineage.by_row(rows[lineage.COLUMN], data_ids),
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
        lineage.COLUMN,
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
                lineage.COLUMN: lineage.join(rows[lineage.COLUMN]),
            }
        )
    # no context: still a table whose rows (none) name their raw files
    return pd.DataFrame(records) if records else pd.DataFrame(columns=[lineage.COLUMN])


# --- compute ------------------------------------------------------------------------------


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """F5 tables: ``main`` (positions by series and year), ``ratio``, ``ratio_by_year``,
    ``coverage``, ``check_values`` and ``context``.

    ``main`` has one row per series and year of the spec's years (``SERIES_COLUMNS``): the
    position in USD millions and billions (NaN where the file has no value), its flag
    (reported / suppressed / ... / not_covered), the file's years, valuation basis, who
    compiled it and the reporter side from the spec's ``viewpoint``. Every table names each
    row's raw files (``raw_file_ids``, chinatrade/lineage.py).
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
