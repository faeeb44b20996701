"""F4 claim C45: did any major section change the sign of its balance over the compared years?"""

from __future__ import annotations

import math

import pandas as pd

from chinatrade.i18n import tr
from chinatrade.replication import CLAIM_COLUMNS, claim_row
from chinatrade.sections import (
    IMPORT_VALUATION,
    VALUATION_WORDS,
)

from .common import SIGN_CHANGE_RULES


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """C45: did any major section change the sign of its balance over the compared years?"""
    sections = results["sections"]
    rule = spec["sign_change_rule"]
    flag = f"changed_sign_{rule}"
    threshold = spec["major_min_share_of_bilateral_trade_pct"]
    compared = sorted(int(y) for y in spec["compared_years"])
    period = f"{compared[0]}-{compared[-1]}"
    major_changed = sections[sections["is_major"] & sections[flag]]
    any_changed = sections[sections["changed_sign_any_pair"]]
    holds = major_changed.empty

    def listing(rows: pd.DataFrame) -> str:
        return "; ".join(
            f"{r.section_label} ({r.balances_compared_years_usd_billions}, "
            f"{r.share_of_bilateral_trade_compared_years_pct:.2f}% of trade)"
            for r in rows.itertuples()
        )

    text = "true" if holds else "false"
    text += (
        f": {len(major_changed)} of {int(sections['is_major'].sum())} sections with >= "
        f"{threshold:g}% of China-US trade in {period} changed sign ({SIGN_CHANGE_RULES[rule]})"
    )
    if not major_changed.empty:
        text += ": " + listing(major_changed)
    text += (
        f". All {len(sections)} sections, any pair of years: {len(any_changed)} changed sign"
        + (": " + listing(any_changed) if not any_changed.empty else "")
        + " (USD bn)."
    )
    counts = {
        other: int((sections["is_major"] & sections[f"changed_sign_{other}"]).sum())
        for other in SIGN_CHANGE_RULES
    }
    main = results["main"]
    vintages = ", ".join(
        sorted(set(main.loc[main["year"].isin(compared), "hs_vintage"].astype(str)))
    )
    row = claim_row(
        "C45",
        our_value=math.nan,
        our_text=text,
        satisfied=bool(holds),
        unit="boolean",
        source=spec["source_label"],
        reporter_side="mirror",
        vintage=f"{spec['vintage']}; HS edition {vintages} in {period}",
        definition=(
            f"major = HS section with >= {threshold:g}% of China-US goods trade (exports + "
            f"imports) summed over {period}; sign of China's balance (US imports "
            f"{VALUATION_WORDS[IMPORT_VALUATION[spec['import_flow']]]} - US exports FOB) "
            f"compared {SIGN_CHANGE_RULES[rule]}"
        ),
        explanation=tr(
            "The study used China Customs (China-reported) balances by section; ours are the "
            "US-reported mirror, whose levels differ (Hong Kong re-exports, CIF valuation). "
            "Major sections changing sign: {any_pair} between any two compared years, "
            "{endpoints} between {first} and {last}.",
            any_pair=counts["any_pair"],
            endpoints=counts["endpoints"],
            first=compared[0],
            last=compared[-1],
        ),
    )
    return pd.DataFrame([row], columns=CLAIM_COLUMNS)
