"""F2's spec checks: the spec's years, definitions and claim ids against the data."""

from __future__ import annotations

import pandas as pd


def check_spec(spec: dict, totals: pd.DataFrame, study_claims: pd.DataFrame) -> None:
    """Refuse a spec the data cannot answer; the message names the spec key."""
    for key in (
        "province_table",
        "definition",
        "ranking_year",
        "top_n",
        "panel_first_year",
        "panel_last_year",
        "share_claim",
        "study_table_exhibit",
        "table1_partner_groups",
        "total_partner_group",
        "study_label",
        "source_note",
    ):
        if key not in spec:
            raise ValueError(f"spec key '{key}' is missing")
    definitions = sorted(totals["definition"].unique())
    if spec["definition"] not in definitions:
        raise ValueError(
            f"spec key 'definition': '{spec['definition']}' is not in the table "
            f"(available: {definitions})"
        )
    years = sorted(totals["year"].unique())
    for key in ("ranking_year", "panel_first_year", "panel_last_year"):
        if spec[key] not in years:
            raise ValueError(
                f"spec key '{key}': {spec[key]} is outside the data ({years[0]}-{years[-1]})"
            )
    if spec["panel_first_year"] > spec["panel_last_year"]:
        raise ValueError("spec key 'panel_first_year': it is after 'panel_last_year'")
    n_provinces = totals["province_code"].nunique()
    if not isinstance(spec["top_n"], int) or not 1 <= spec["top_n"] <= n_provinces:
        raise ValueError(f"spec key 'top_n': must be a whole number from 1 to {n_provinces}")
    if spec["total_partner_group"] not in spec["table1_partner_groups"]:
        raise ValueError(
            f"spec key 'total_partner_group': '{spec['total_partner_group']}' is not a key of "
            "'table1_partner_groups'"
        )
    if spec["share_claim"] not in set(study_claims["id"]):
        raise ValueError(f"spec key 'share_claim': {spec['share_claim']} is not a study claim")
    for check in spec.get("study_checks", []):
        for field in ("claim", "minus", "share_of"):
            ref = check.get(field)
            if ref and not str(ref).startswith("text:") and ref not in set(study_claims["id"]):
                raise ValueError(f"spec key 'study_checks': {ref} is not a study claim")
