"""B1 spec checks: refuse a spec the data cannot answer; every message names the spec key."""

from __future__ import annotations

import numpy as np
import pandas as pd

from chinatrade import policy_dates, regimes

from .common import (
    CENSUS_AGGREGATES_TABLE,
    CENSUS_PARTNERS_TABLE,
    PROCESSING_FLOWS,
    REGIME_TABLES,
)

PROCESSING_MODES = regimes.MODES  # ("all", "ordinary", "processing_customs")


def _require(spec: dict, key: str, where: str = "") -> object:
    """``spec[key]``, or a ValueError naming the missing key."""
    if not isinstance(spec, dict) or key not in spec:
        raise ValueError(f"B1 spec: key '{where}{key}' is missing")
    return spec[key]


def _year(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"B1 spec: '{key}' = {value!r} is not a year")
    return int(value)


def _check_range(first: int, last: int, key: str, data_first: int, data_last: int, what: str):
    """``first``-``last`` inside the data's years, or a ValueError naming the spec key."""
    if first > last:
        raise ValueError(f"B1 spec: '{key}first_year' ({first}) is after '{key}last_year' ({last})")
    if first < data_first:
        raise ValueError(
            f"B1 spec: '{key}first_year' = {first} is outside the {what} ({data_first}-{data_last})"
        )
    if last > data_last:
        raise ValueError(
            f"B1 spec: '{key}last_year' = {last} is outside the {what} ({data_first}-{data_last})"
        )


def check_spec(spec: dict, tables: dict[str, pd.DataFrame]) -> None:
    """Refuse a spec the data cannot answer; every message names the spec key."""
    for name in (CENSUS_PARTNERS_TABLE, CENSUS_AGGREGATES_TABLE, *REGIME_TABLES):
        if name not in tables:
            raise ValueError(f"B1 spec: key 'tables' must list '{name}'")
    for key in ("first_year", "last_year", "partners", "china", "asia", "processing"):
        _require(spec, key)
    _require(spec, "source_note")
    census = tables[CENSUS_PARTNERS_TABLE]
    complete = census.loc[census["complete_year"], "year"]
    data_first, data_last = int(complete.min()), int(complete.max())
    first, last = _year(spec["first_year"], "first_year"), _year(spec["last_year"], "last_year")
    _check_range(first, last, "", data_first, data_last, "US Census partner data")

    groups = spec.get("partner_groups", {})
    known = set(census["partner_iso3"].dropna())
    partners = list(spec["partners"])
    if not partners:
        raise ValueError("B1 spec: 'partners' is empty")
    for partner in partners:
        if partner not in groups and partner not in known:
            raise ValueError(
                f"B1 spec: 'partners' lists {partner!r}, neither a partner group nor an ISO3 "
                "code of the Census partner table"
            )
        unknown = sorted(set(groups.get(partner, [])) - known)
        if unknown:
            raise ValueError(
                f"B1 spec: 'partners' group {partner!r} has members the Census never reports: "
                f"{unknown}"
            )
    if len(set(partners)) != len(partners):
        raise ValueError("B1 spec: 'partners' lists a partner twice")
    for partner in spec.get("memo_partners") or []:
        if partner in partners:
            raise ValueError(
                f"B1 spec: 'memo_partners' lists {partner!r}, which 'partners' lists already"
            )
        if partner not in known:
            raise ValueError(
                f"B1 spec: 'memo_partners' lists {partner!r}, not an ISO3 code of the Census "
                "partner table"
            )
    china = spec["china"]
    if china not in partners:
        raise ValueError(f"B1 spec: 'china' = {china!r} is not among 'partners'")

    asia = spec["asia"]
    code = str(_require(asia, "code", "asia."))
    aggregates = tables[CENSUS_AGGREGATES_TABLE]
    rows = aggregates[(aggregates["cty_code"] == code) & aggregates["complete_year"]]
    if rows.empty:
        raise ValueError(f"B1 spec: 'asia.code' = {code!r} is not a Census aggregate")
    a_first = _year(_require(asia, "first_year", "asia."), "asia.first_year")
    a_last = _year(_require(asia, "last_year", "asia."), "asia.last_year")
    _check_range(
        a_first,
        a_last,
        "asia.",
        int(rows["year"].min()),
        int(rows["year"].max()),
        f"Census aggregate {code}",
    )
    for partner in _require(asia, "partners", "asia."):
        if partner not in known:
            raise ValueError(
                f"B1 spec: 'asia.partners' lists {partner!r}, not an ISO3 code of the Census "
                "partner table"
            )

    processing = spec["processing"]
    for key in ("first_year", "last_year", "regime_codes", "source_precedence"):
        _require(processing, key, "processing.")
    p_first = _year(processing["first_year"], "processing.first_year")
    p_last = _year(processing["last_year"], "processing.last_year")
    if p_first > p_last:
        raise ValueError("B1 spec: 'processing.first_year' is after 'processing.last_year'")
    if set(processing["regime_codes"]) != set(PROCESSING_MODES):
        raise ValueError(
            "B1 spec: 'processing.regime_codes': give the codes of each of "
            f"{list(PROCESSING_MODES)}"
        )
    regime = set(tables["trade_by_regime_annual"]["regime_code"])
    for mode, codes in processing["regime_codes"].items():
        unknown = sorted(set(codes) - regime)
        if unknown:
            raise ValueError(
                f"B1 spec: 'processing.regime_codes.{mode}': {unknown} are not regime codes"
            )
    for name in processing["source_precedence"]:
        if name not in REGIME_TABLES:
            raise ValueError(
                f"B1 spec: 'processing.source_precedence': {name!r} is not one of "
                f"{list(REGIME_TABLES)}"
            )
    for flow in processing.get("plot_flows", ["trade"]):
        if flow not in PROCESSING_FLOWS:
            raise ValueError(
                f"B1 spec: 'processing.plot_flows': {flow!r} is not one of {list(PROCESSING_FLOWS)}"
            )
    # the policy dates (config key policy_events, given to exhibits with mark_policy_events)
    for i, event in enumerate(spec.get("policy_events") or []):
        policy_dates.event_position(event, i)
