"""F6's tables: the export and direct-investment shares, their period statistics and the
check values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chinatrade import lineage
from chinatrade.fdi_series import compiled_by, position_series, reporter_side
from chinatrade.ingest.fdi import REPORTED
from chinatrade.spec import spec_value, spec_year
from chinatrade.years import years_text

from .common import EXPORTS_SHARE, FDI_SHARE, SERIES

TABLES = ["bilateral_dots", "fdi_positions", "fdi_check_values"]
STATEMENTS = ("period_mean", "below", "above", "period_peak")
MISSING = "missing"  # DOTS has no value for the year

MAIN_COLUMNS = [
    "country_iso3",
    "country_label",
    "series",
    "series_label",
    "year",
    "numerator_usd_millions",
    "denominator_usd_millions",
    "share_pct",
    "has_data",
    "numerator_flag",
    "denominator_flag",
    "numerator_measure",
    "denominator_measure",
    "numerator_valuation",
    "denominator_valuation",
    "valuation_consistent",
    "numerator_reported_by",
    "denominator_reported_by",
    "numerator_reporter_side",
    "denominator_reporter_side",
    "reporter_side",
    "imf_estimate",
    "numerator_source",
    "denominator_source",
    lineage.COLUMN,
]


# --- spec ---------------------------------------------------------------------------------


def check_spec(spec: dict, dots: pd.DataFrame, positions: pd.DataFrame) -> None:
    """Refuse a spec naming a country, partner, measure or year the tables lack.

    Errors are ValueErrors naming the spec key. The exhibit's years must lie inside the
    DOTS years of every country (the export share is the long series); a claim window must
    lie inside the exhibit's years but may reach years without FDI data (the claim then
    says what data it needs).
    """
    first, last = spec_year(spec, "first_year"), spec_year(spec, "last_year")
    if first > last:
        raise ValueError(f"spec key 'first_year' ({first}) is after 'last_year' ({last})")
    countries = spec_value(spec, "countries")
    if not isinstance(countries, list) or not countries:
        raise ValueError("spec key 'countries' must list ISO3 codes")
    names = spec_value(spec, "country_names")
    for country in countries:
        if not isinstance(names, dict) or country not in names:
            raise ValueError(f"spec key 'country_names': no name for {country!r} (text file)")
    partner = spec_value(spec, "partner")
    exports = spec_value(spec, "exports")
    for key in ("flow", "total", "source_label", "vintage"):
        spec_value(exports, key, "exports.")
    fdi = spec_value(spec, "fdi")
    for key in ("position_measure", "total_measure", "total_partner"):
        spec_value(fdi, key, "fdi.")
    for country in countries:
        own = dots[dots["reporter_iso3"] == country]
        if own.empty:
            raise ValueError(f"spec key 'countries': {country!r} reports nothing in IMF DOTS")
        for key, code in (("partner", partner), ("exports.total", exports["total"])):
            if code not in set(own["partner_code"]):
                raise ValueError(f"spec key '{key}': {country} reports no trade with {code!r}")
        if exports["flow"] not in set(own["flow"]):
            raise ValueError(f"spec key 'exports.flow': {exports['flow']!r} is not a DOTS flow")
        data_first, data_last = int(own["year"].min()), int(own["year"].max())
        for key, year in (("first_year", first), ("last_year", last)):
            if not data_first <= year <= data_last:
                raise ValueError(
                    f"spec key '{key}' ({year}) is outside the DOTS years of {country} "
                    f"({data_first}-{data_last})"
                )
        for key, measure, investor, host in (
            ("fdi.position_measure", fdi["position_measure"], country, partner),
            ("fdi.total_measure", fdi["total_measure"], country, fdi["total_partner"]),
        ):
            rows = positions[
                (positions["measure"] == measure)
                & (positions["investor_iso3"] == investor)
                & (positions["host_iso3"] == host)
            ]
            if rows.empty:
                raise ValueError(
                    f"spec key '{key}': no {measure!r} positions of {investor} in {host}"
                )
    for claim_id, claim in spec_value(spec, "claims").items():
        where = f"claims.{claim_id}."
        if spec_value(claim, "statement", where) not in STATEMENTS:
            raise ValueError(f"spec key '{where}statement' must be one of {STATEMENTS}")
        if spec_value(claim, "country", where) not in countries:
            raise ValueError(f"spec key '{where}country': {claim['country']!r} not in 'countries'")
        if spec_value(claim, "series", where) not in SERIES:
            raise ValueError(f"spec key '{where}series' must be one of {SERIES}")
        for key in ("first_year", "last_year"):
            if key in claim:
                year = spec_year(claim, key, where)
                if not first <= year <= last:
                    raise ValueError(
                        f"spec key '{where}{key}' ({year}) is outside the exhibit's years "
                        f"{first}-{last}"
                    )
        if claim["statement"] in ("period_mean", "period_peak"):
            spec_year(claim, "first_year", where)
            spec_year(claim, "last_year", where)
        if claim["statement"] in ("below", "above"):
            spec_value(claim, "threshold_pct", where)


# --- shares -------------------------------------------------------------------------------


def export_shares(dots: pd.DataFrame, country: str, spec: dict) -> pd.DataFrame:
    """Exports to the partner / exports to the world, % (DOTS, the country's own report),
    with the raw files of both rows (a year DOTS lacks: those of the country's rows to that
    partner, where it was looked for)."""
    exports = spec["exports"]
    rows = dots[(dots["reporter_iso3"] == country) & (dots["flow"] == exports["flow"])]
    years = pd.RangeIndex(spec["first_year"], spec["last_year"] + 1, name="year")
    partner_rows = rows[rows["partner_code"] == spec["partner"]]
    world_rows = rows[rows["partner_code"] == exports["total"]]
    to_partner = partner_rows.set_index("year").reindex(years)
    to_world = world_rows.set_index("year").reindex(years)
    numerator = to_partner["value_usd_millions"]
    denominator = to_world["value_usd_millions"]
    estimate = to_partner["imf_estimate"].fillna(False).astype(bool) | to_world[
        "imf_estimate"
    ].fillna(False).astype(bool)
    flow = exports["flow"]
    return pd.DataFrame(
        {
            "year": years.to_numpy(),
            "numerator_usd_millions": numerator.to_numpy(),
            "denominator_usd_millions": denominator.to_numpy(),
            "numerator_flag": np.where(numerator.notna(), REPORTED, MISSING),
            "denominator_flag": np.where(denominator.notna(), REPORTED, MISSING),
            "numerator_measure": f"DOTS {flow} to {spec['partner']}",
            "denominator_measure": f"DOTS {flow} to {exports['total']}",
            "numerator_valuation": flow,
            "denominator_valuation": flow,
            "numerator_reported_by": country,
            "denominator_reported_by": country,
            "imf_estimate": estimate.to_numpy(),
            "numerator_source": exports["source_label"],
            "denominator_source": exports["source_label"],
            lineage.COLUMN: lineage.by_row(
                to_partner[lineage.COLUMN].fillna(lineage.join(partner_rows[lineage.COLUMN])),
                to_world[lineage.COLUMN].fillna(lineage.join(world_rows[lineage.COLUMN])),
            ),
        }
    )


def fdi_shares(positions: pd.DataFrame, country: str, spec: dict) -> pd.DataFrame:
    """Position in the partner / total outward position, % (BEA over EWN; see module doc)."""
    fdi = spec["fdi"]
    first, last = spec["first_year"], spec["last_year"]
    entry = {"measure": fdi["position_measure"], "investor": country, "host": spec["partner"]}
    total = {"measure": fdi["total_measure"], "investor": country, "host": fdi["total_partner"]}
    numerator = position_series(positions, entry, first, last, viewpoint=country)
    denominator = position_series(positions, total, first, last, viewpoint=country)
    return pd.DataFrame(
        {
            "year": numerator["year"].to_numpy(),
            "numerator_usd_millions": numerator["position_usd_millions"].to_numpy(),
            "denominator_usd_millions": denominator["position_usd_millions"].to_numpy(),
            "numerator_flag": numerator["value_flag"].to_numpy(),
            "denominator_flag": denominator["value_flag"].to_numpy(),
            "numerator_measure": entry["measure"],
            "denominator_measure": total["measure"],
            "numerator_valuation": numerator["valuation_basis"].to_numpy(),
            "denominator_valuation": denominator["valuation_basis"].to_numpy(),
            "numerator_reported_by": compiled_by(entry["measure"], country, spec["partner"]),
            "denominator_reported_by": compiled_by(total["measure"], country, fdi["total_partner"]),
            "imf_estimate": False,
            "numerator_source": numerator["source"].to_numpy(),
            "denominator_source": denominator["source"].to_numpy(),
            lineage.COLUMN: lineage.by_row(numerator[lineage.COLUMN], denominator[lineage.COLUMN]),
        }
    )


def _finish(table: pd.DataFrame, country: str, label: str, series: str, spec: dict):
    """Share, sides, labels: the columns common to both series."""
    usable = (
        (table["numerator_flag"] == REPORTED)
        & (table["denominator_flag"] == REPORTED)
        & (table["denominator_usd_millions"] > 0)
    )
    table["share_pct"] = (
        100 * table["numerator_usd_millions"] / table["denominator_usd_millions"]
    ).where(usable)
    table["has_data"] = usable
    table["valuation_consistent"] = table["numerator_valuation"] == table["denominator_valuation"]
    for part in ("numerator", "denominator"):
        table[f"{part}_reporter_side"] = table[f"{part}_reported_by"].map(
            lambda who: reporter_side(who, country)
        )
    sides = table["numerator_reporter_side"] + "/" + table["denominator_reporter_side"]
    table["reporter_side"] = sides.map({"own/own": "own", "mirror/mirror": "mirror"}).fillna(
        "mixed: numerator "
        + table["numerator_reporter_side"]
        + ", denominator "
        + table["denominator_reporter_side"]
    )
    table.insert(0, "country_iso3", country)
    table.insert(1, "country_label", label)
    table.insert(2, "series", series)
    table.insert(3, "series_label", spec["series_labels"][series])
    return table


# --- period statistics --------------------------------------------------------------------


def period_stats(main: pd.DataFrame, country: str, series: str, first: int, last: int) -> dict:
    """Mean of yearly shares, share of summed values, min and max, years with/without data."""
    rows = _period_rows(main, country, series, first, last)
    data = rows[rows["has_data"]]
    lacking = rows.loc[~rows["has_data"], "year"]
    stats = {
        "country_iso3": country,
        "series": series,
        "first_year": first,
        "last_year": last,
        "n_years": last - first + 1,
        "n_years_with_data": len(data),
        "years_with_data": years_text(data["year"]),
        "years_lacking_data": years_text(lacking),
        "mean_of_yearly_shares_pct": math.nan,
        "share_of_summed_values_pct": math.nan,
        "min_share_pct": math.nan,
        "min_share_year": math.nan,
        "max_share_pct": math.nan,
        "max_share_year": math.nan,
    }
    if data.empty:
        return stats
    low, high = data.loc[data["share_pct"].idxmin()], data.loc[data["share_pct"].idxmax()]
    stats |= {
        "mean_of_yearly_shares_pct": data["share_pct"].mean(),
        "share_of_summed_values_pct": 100
        * data["numerator_usd_millions"].sum()
        / data["denominator_usd_millions"].sum(),
        "min_share_pct": low["share_pct"],
        "min_share_year": int(low["year"]),
        "max_share_pct": high["share_pct"],
        "max_share_year": int(high["year"]),
    }
    return stats


def _period_rows(
    main: pd.DataFrame, country: str, series: str, first: int, last: int
) -> pd.DataFrame:
    return main[
        (main["country_iso3"] == country)
        & (main["series"] == series)
        & main["year"].between(first, last)
    ]


def country_names(spec: dict) -> dict[str, str]:
    """ISO3 code -> English name of the countries compared, in the spec's order (the names
    are ``country_names`` of the exhibit's text file)."""
    return {country: spec["country_names"][country] for country in spec["countries"]}


def periods_table(main: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """The statistics of every country, series and summary period of the spec, with the raw
    files of the period's rows (the years lacking data included)."""
    records = []
    for country, label in country_names(spec).items():
        for series in SERIES:
            for name, (first, last) in spec.get("summary_periods", {}).items():
                stats = period_stats(main, country, series, int(first), int(last))
                rows = _period_rows(main, country, series, int(first), int(last))
                ids = {lineage.COLUMN: lineage.join(rows[lineage.COLUMN])}
                records.append({"period": name, "country_label": label} | stats | ids)
    table = pd.DataFrame(records)
    if table.empty:
        return table.reindex(columns=[lineage.COLUMN])  # no periods: no rows, still the column
    sides = main.drop_duplicates(["country_iso3", "series"]).set_index(["country_iso3", "series"])[
        "reporter_side"
    ]
    table["reporter_side"] = [
        sides[(c, s)] for c, s in zip(table["country_iso3"], table["series"], strict=True)
    ]
    return table


# --- check values -------------------------------------------------------------------------


def check_value_table(checks: pd.DataFrame, main: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Transcribed positions in the partner beside the data and EWN's total (context only).

    ``implied_share_pct`` = check value / EWN total of that year: what the share would be if
    the transcribed figure were data. It is never used as data. A row names the raw files of
    the check value and of the year's FDI share row.
    """
    columns = [
        "country_iso3",
        "year",
        "check_series",
        "check_value_usd_millions",
        "data_position_usd_millions",
        "difference_pct",
        "denominator_usd_millions",
        "implied_share_pct",
        "role",
        "check_file",
        "source_url",
        "note",
        lineage.COLUMN,
    ]
    measure = spec["fdi"]["position_measure"]
    rows = checks[
        checks["investor_iso3"].isin(list(spec["countries"]))
        & (checks["host_iso3"] == spec["partner"])
        & (checks["comparable_measure"] == measure)
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    fdi = main[main["series"] == FDI_SHARE].set_index(["country_iso3", "year"])
    keys = list(zip(rows["investor_iso3"], rows["year"], strict=True))
    data = fdi["numerator_usd_millions"].reindex(keys).to_numpy()
    total = fdi["denominator_usd_millions"].reindex(keys).to_numpy()
    check = rows["value_usd_millions"].to_numpy()
    out = pd.DataFrame(
        {
            "country_iso3": rows["investor_iso3"].to_numpy(),
            "year": rows["year"].to_numpy(),
            "check_series": rows["series"].to_numpy(),
            "check_value_usd_millions": check,
            "data_position_usd_millions": data,
            "difference_pct": 100 * (data / check - 1),
            "denominator_usd_millions": total,
            "implied_share_pct": 100 * check / total,
            "role": "check value (transcribed from a page): context only, never data",
            "check_file": rows["check_file"].to_numpy(),
            "source_url": rows["source_url"].to_numpy(),
            "note": rows["note"].to_numpy(),
            lineage.COLUMN: lineage.by_row(rows[lineage.COLUMN], fdi[lineage.COLUMN].reindex(keys)),
        }
    )
    return out.sort_values(["country_iso3", "year"], kind="stable")[columns].reset_index(drop=True)


# --- compute ------------------------------------------------------------------------------


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """F6 tables: ``main`` (shares by country, series and year), ``periods``, ``check_values``.

    ``main`` (``MAIN_COLUMNS``): one row per country, series and year of the spec's years,
    with numerator and denominator in USD millions, ``share_pct`` (NaN where either is not
    data), their flags, measures, valuation bases, who compiled them and the reporter side
    from the country's viewpoint (exports: own; FDI: numerator mirror (BEA), denominator own
    (EWN, the country's IIP)). Every table names each row's raw files (``raw_file_ids``,
    chinatrade/lineage.py).
    """
    dots, positions = tables["bilateral_dots"], tables["fdi_positions"]
    check_spec(spec, dots, positions)
    spec = {"series_labels": _series_labels(spec)} | spec
    parts = []
    for country, label in country_names(spec).items():
        parts.append(
            _finish(export_shares(dots, country, spec), country, label, EXPORTS_SHARE, spec)
        )
        parts.append(_finish(fdi_shares(positions, country, spec), country, label, FDI_SHARE, spec))
    main = pd.concat(parts, ignore_index=True)[MAIN_COLUMNS]
    return {
        "main": main,
        "periods": periods_table(main, spec),
        "check_values": check_value_table(tables["fdi_check_values"], main, spec),
    }


def _series_labels(spec: dict) -> dict[str, str]:
    partner = spec.get("partner_label", spec["partner"])
    return {
        EXPORTS_SHARE: spec["exports"].get(
            "label", f"Exports to {partner}, % of exports to the world"
        ),
        FDI_SHARE: spec["fdi"].get("label", f"FDI position in {partner}, % of outward position"),
    }
