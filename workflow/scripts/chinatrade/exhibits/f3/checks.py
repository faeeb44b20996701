"""F3's spec checks: the keys, years, definitions and claim roles the spec must give."""

from __future__ import annotations

import pandas as pd

from chinatrade.regimes import (
    DEFINITIONS,
    MODES,
)

from .common import USER_SOURCE

REQUIRED_KEYS = (
    "headline_definition",
    "claim_year",
    "peak_year",
    "first_year",
    "last_year",
    "regime_codes",
    "source_precedence",
    "total_trade_source",
    "claims",
    "definition_labels",
    "source_note",
)
CLAIM_ROLES = (
    "processing_share_peak",
    "total_trade",
    "processing_trade",
    "processing_share",
    "ordinary_share_of_surplus",
    "processing_share_of_surplus",
)


def check_spec(spec: dict, tables: dict[str, pd.DataFrame]) -> None:
    """Refuse a spec the data cannot answer; the message names the spec key."""
    for key in REQUIRED_KEYS:
        if key not in spec:
            raise ValueError(f"spec key '{key}' is missing")
    if spec["headline_definition"] not in DEFINITIONS:
        raise ValueError(
            f"spec key 'headline_definition': '{spec['headline_definition']}' is not one of "
            f"{list(DEFINITIONS)}"
        )
    if set(spec["definition_labels"]) != set(DEFINITIONS):
        raise ValueError(f"spec key 'definition_labels': give a label for each of {DEFINITIONS}")
    if set(spec["regime_codes"]) != set(MODES):
        raise ValueError(f"spec key 'regime_codes': give the codes of each of {list(MODES)}")
    annual = tables["trade_by_regime_annual"]
    known = set(annual["regime_code"])
    for mode, codes in spec["regime_codes"].items():
        unknown = sorted(set(codes) - known)
        if unknown:
            raise ValueError(f"spec key 'regime_codes.{mode}': {unknown} are not regime codes")
    for name in spec["source_precedence"]:
        if name != USER_SOURCE and name not in tables:
            raise ValueError(
                f"spec key 'source_precedence': '{name}' is not among the tables given"
            )
    if spec["total_trade_source"] not in (
        "trade_by_regime_annual",
        "china_trade_totals_transcribed",
        "province_trade_nbs",
    ):
        raise ValueError(
            "spec key 'total_trade_source': use trade_by_regime_annual, "
            "china_trade_totals_transcribed or province_trade_nbs"
        )
    if spec["total_trade_source"] not in tables:
        raise ValueError(
            f"spec key 'total_trade_source': table '{spec['total_trade_source']}' is not given"
        )
    missing_roles = [r for r in CLAIM_ROLES if r not in spec["claims"]]
    if missing_roles:
        raise ValueError(f"spec key 'claims': no claim id for {missing_roles}")
    full_years = set(annual.loc[~annual["is_partial_year"], "year"])
    if spec["claim_year"] not in full_years:
        raise ValueError(
            f"spec key 'claim_year': {spec['claim_year']} is outside the regime data "
            f"(full years {sorted(full_years)})"
        )
    if spec["first_year"] > spec["last_year"]:
        raise ValueError("spec key 'first_year': it is after 'last_year'")
