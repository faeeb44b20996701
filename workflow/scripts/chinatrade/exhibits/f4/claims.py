"""F4 claim C45: did any major section change the sign of its balance over the compared years?"""

from __future__ import annotations

import math

import pandas as pd

from chinatrade import texts
from chinatrade.i18n import by_language, join_items, tr, verbatim
from chinatrade.replication import CLAIM_COLUMNS, claim_row
from chinatrade.sections import (
    IMPORT_VALUATION,
    VALUATION_WORDS,
    ZH_NAMES_ATTR,
)

from . import caption
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

    zh_names = sections.attrs.get(ZH_NAMES_ATTR, {})

    def section_text(row) -> str:
        # the section as the figure names it in each language (sections.display_section_labels)
        number = int(row.section_no)
        zh = (
            f"{row.section_roman} {zh_names[number]}"
            if number in zh_names
            else tr(row.section_label)
        )
        return by_language({"en": row.section_label, "zh": zh})

    def listing(rows: pd.DataFrame) -> str:
        return join_items(
            [
                tr(
                    "{section} ({balances}, {share:.2f}% of trade)",
                    section=section_text(r),
                    balances=verbatim(r.balances_compared_years_usd_billions),
                    share=float(r.share_of_bilateral_trade_compared_years_pct),
                )
                for r in rows.itertuples()
            ],
            "{listing}; {item}",
        )

    def with_listing(text: str, rows: pd.DataFrame) -> str:
        return tr("{text}: {listing}", text=text, listing=listing(rows)) if len(rows) else text

    major = tr(
        "{verdict}: {changed} of {major} sections with >= {threshold:g}% of China-US trade in "
        "{period} changed sign ({rule})",
        verdict=tr("true") if holds else tr("false"),
        changed=len(major_changed),
        major=int(sections["is_major"].sum()),
        threshold=threshold,
        period=period,
        rule=tr(SIGN_CHANGE_RULES[rule]),
    )
    every = tr(
        "All {sections} sections, any pair of years: {changed} changed sign",
        sections=len(sections),
        changed=len(any_changed),
    )
    text = tr(
        "{major}. {every} (USD bn).",
        major=with_listing(major, major_changed),
        every=with_listing(every, any_changed),
    )
    counts = {
        other: int((sections["is_major"] & sections[f"changed_sign_{other}"]).sum())
        for other in SIGN_CHANGE_RULES
    }
    main = results["main"]
    vintages = ", ".join(
        sorted(set(main.loc[main["year"].isin(compared), "hs_vintage"].astype(str)))
    )
    # the data's years in the vintage's words (F4.vintage: {first}-{last})
    vintage = texts.fill(spec["vintage"], caption.values(results, spec), "F4.vintage")
    row = claim_row(
        "C45",
        our_value=math.nan,
        our_text=text,
        satisfied=bool(holds),
        unit="boolean",
        source=spec["source_label"],
        reporter_side="mirror",
        vintage=f"{vintage}; HS edition {vintages} in {period}",
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
