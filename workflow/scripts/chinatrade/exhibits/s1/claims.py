"""S1 claims: our values for C32-C44; the non-computable ones get NaN and the data they need."""

from __future__ import annotations

import math

import pandas as pd

from chinatrade import texts
from chinatrade.i18n import join_sentences, tr
from chinatrade.replication import CLAIM_COLUMNS, claim_row
from chinatrade.sections import (
    IMPORT_VALUATION,
    VALUATION_WORDS,
)

from . import caption


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Our values for C32-C44; the non-computable ones get NaN and the data they need."""
    valuation = IMPORT_VALUATION[spec["import_flow"]]
    year = int(spec["claim_year"])
    main = results["main"].set_index(["import_valuation", "year"])
    focus = main.loc[(valuation, year)]
    label = focus["section_label"]
    roman = focus["section_roman"]
    # the data's years in the vintage's words (S1.vintage: {first}-{last})
    data_vintage = texts.fill(spec["vintage"], caption.values(results, spec), "S1.vintage")
    vintage = f"{data_vintage}; HS edition {focus['hs_vintage']} in {year}"
    source = spec["source_label"]

    def fmt(value: float) -> str:
        return f"{value:.1f}"

    exports_mirror = focus["total_exports_to_us_usd_billions"]
    exports_own = focus["china_reported_exports_to_us_usd_billions"]
    surplus_mirror = focus["total_surplus_usd_billions"]
    surplus_own = focus["china_reported_surplus_usd_billions"]
    study_side = tr(
        "The study used China Customs (China-reported) data by HS section; ours is the "
        "US-reported mirror with US imports {valued}.",
        valued=tr(f"valued {VALUATION_WORDS[valuation]}"),
    )
    totals_gap = tr(
        "In {year} the mirror puts China's total exports to the US at USD {exports:.1f} bn and "
        "its surplus at {surplus:.1f} bn, against China-reported {exports_own:.1f} bn and "
        "{surplus_own:.1f} bn (Hong Kong re-exports, CIF, timing).",
        year=year,
        exports=exports_mirror,
        surplus=surplus_mirror,
        exports_own=exports_own,
        surplus_own=surplus_own,
    )
    level_gap = join_sentences(study_side, totals_gap)
    share_note = join_sentences(
        study_side, tr("Levels differ more than shares between the two reporter sides.")
    )
    customs_note = ""
    if ("customs_value", year) in main.index:
        customs = main.loc[("customs_value", year)]
        customs_note = tr(
            "On the US customs-value basis: exports {exports:.1f} bn, share {share:.1f}%, "
            "surplus {surplus:.1f} bn, share {surplus_share:.1f}% (sections table).",
            exports=customs["china_exports_to_us_usd_billions"],
            share=customs["share_of_exports_pct"],
            surplus=customs["china_surplus_usd_billions"],
            surplus_share=customs["share_of_surplus_pct"],
        )
    mirror = dict(source=source, reporter_side="mirror", vintage=vintage)
    rows = [
        claim_row(
            "C32",
            our_value=focus["china_exports_to_us_usd_billions"],
            our_text=fmt(focus["china_exports_to_us_usd_billions"]),
            unit="billion USD",
            definition=f"US imports from China of section {label}, {year}, USD billion",
            explanation=join_sentences(level_gap, customs_note),
            **mirror,
        ),
        claim_row(
            "C33",
            our_value=focus["share_of_exports_pct"],
            our_text=fmt(focus["share_of_exports_pct"]),
            unit="percent",
            definition=f"section {roman} / all US imports from China, {year}, percent",
            explanation=join_sentences(share_note, customs_note),
            **mirror,
        ),
        claim_row(
            "C34",
            our_value=focus["china_surplus_usd_billions"],
            our_text=fmt(focus["china_surplus_usd_billions"]),
            unit="billion USD",
            definition=(
                f"section {roman}: US imports from China - US exports to China, {year}, USD billion"
            ),
            explanation=join_sentences(level_gap, customs_note),
            **mirror,
        ),
        claim_row(
            "C35",
            our_value=focus["share_of_surplus_pct"],
            our_text=fmt(focus["share_of_surplus_pct"]),
            unit="percent",
            definition=f"section {roman} surplus / China's total surplus with the US, {year}",
            explanation=join_sentences(share_note, customs_note),
            **mirror,
        ),
    ]
    rows += _japan_korea_rows(results, spec, roman, year)
    rows.append(_top_three_row(results, spec, valuation, year, share_note, mirror))
    rows += _regime_and_province_rows(results, spec, roman, year)
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def _japan_korea_rows(results: dict, spec: dict, roman: str, year: int) -> list[dict]:
    """C36-C39: need China-Japan and China-Korea trade by HS section (absent)."""
    context = results.get("partner_context")
    totals = {}
    if context is not None:
        totals = context.set_index("partner")["balance_usd_billions"].to_dict()
    names = {"JPN": "Japan", "KOR": "Korea"}
    rows = []
    for claim_id, partner, measure in (
        ("C36", "JPN", "deficit"),
        ("C37", "KOR", "deficit"),
        ("C38", "JPN", "share"),
        ("C39", "KOR", "share"),
    ):
        context_text = ""
        if partner in totals:
            context_text = tr(
                "For reference, China's total {year} balance with {partner} was USD "
                "{balance:+.1f} bn (IMF DOTS, China-reported; negative: deficit), the "
                "denominator of the study's share.",
                year=year,
                partner=tr(names[partner]),
                balance=totals[partner],
            )
        rows.append(
            claim_row(
                claim_id,
                our_value=math.nan,
                our_text=tr("not computable"),
                unit="billion USD" if measure == "deficit" else "percent",
                source="",
                reporter_side="not computed",
                vintage="",
                definition=(
                    f"section {roman} balance with {names[partner]}, {year}"
                    + (" / China's total balance with it" if measure == "share" else "")
                ),
                explanation=join_sentences(
                    tr(
                        "Needs China's trade with {partner} by HS section (China Customs, or "
                        "{partner}'s Comtrade report as a mirror); the workflow only has "
                        "US-China sector data.",
                        partner=tr(names[partner]),
                    ),
                    context_text,
                ),
            )
        )
    return rows


def _top_three_row(
    results: dict, spec: dict, valuation: str, year: int, share_note: str, mirror: dict
) -> dict:
    """C40: share of the study's three named sections in China's exports to the US."""
    named = [int(s) for s in spec["claim_top_sections"]]
    sections = results["sections"]
    year_rows = sections[(sections["import_valuation"] == valuation) & (sections["year"] == year)]
    share = float(year_rows.loc[year_rows["section_no"].isin(named), "share_of_exports_pct"].sum())
    ours = year_rows.nsmallest(len(named), "rank_by_exports")
    same = set(ours["section_no"]) == set(named)
    romans = year_rows.set_index("section_no")["section_roman"]
    return claim_row(
        "C40",
        our_value=share,
        our_text=f"{share:.1f}",
        unit="percent",
        definition=(
            "sections " + ", ".join(romans[s] for s in named) + f" / all US imports from China, "
            f"{year}"
        ),
        explanation=join_sentences(
            tr(
                "Our top {n} sections by exports are {sections} (the same as the study's)."
                if same
                else "Our top {n} sections by exports are {sections} (not the study's).",
                n=len(named),
                sections=", ".join(ours["section_roman"]),
            ),
            share_note,
        ),
        **mirror,
    )


def _regime_and_province_rows(results: dict, spec: dict, roman: str, year: int) -> list[dict]:
    """C41-C44: need trade by HS section and customs regime, or by province and section."""
    regime = results.get("regime_context")
    context = {}
    if regime is not None:
        context = regime.set_index("regime_code")[["value_usd_100m", "share_of_exports_pct"]]
    needs_section = tr(
        "Needs China's {year} exports to all partners by HS section (China Customs statistics "
        "by commodity); the workflow has China's sector trade with the US only (mirror).",
        year=year,
    )
    needs_regime = tr(
        "Needs China's {year} exports by HS section and customs regime (China Customs "
        "statistics by commodity and trade mode); the workflow has regimes for all goods only.",
        year=year,
    )

    def all_goods(code: str, column: str) -> float:
        return float(context.loc[code, column]) if len(context) else math.nan

    total = all_goods("total", "value_usd_100m")
    processing = all_goods("processing_total_AGG", "value_usd_100m")
    non_ordinary = all_goods("non_ordinary_AGG", "value_usd_100m")
    reference = {}
    if len(context):
        reference = {
            "C41": tr(
                "For reference, China's {year} exports of all goods: {total:,.0f} (100 million "
                "USD, China Customs).",
                year=year,
                total=total,
            ),
            "C42": tr(
                "For reference, all-goods processing exports in {year}: {processing:,.0f} "
                "(customs definition) or {non_ordinary:,.0f} (all non-ordinary trade), 100 "
                "million USD.",
                year=year,
                processing=processing,
                non_ordinary=non_ordinary,
            ),
            "C43": tr(
                "For reference, the all-goods processing share of exports in {year}: "
                "{processing:.1f}% (customs definition) or {non_ordinary:.1f}% (non-ordinary).",
                year=year,
                processing=all_goods("processing_total_AGG", "share_of_exports_pct"),
                non_ordinary=all_goods("non_ordinary_AGG", "share_of_exports_pct"),
            ),
        }
    rows = []
    for claim_id, unit, definition in (
        ("C41", "100 million USD", f"China's exports of section {roman}, all partners, {year}"),
        ("C42", "100 million USD", f"processing exports of section {roman}, {year}"),
        ("C43", "percent", f"processing exports / exports of section {roman}, {year}"),
    ):
        rows.append(
            claim_row(
                claim_id,
                our_value=math.nan,
                our_text=tr("not computable"),
                unit=unit,
                reporter_side="not computed",
                definition=definition,
                explanation=join_sentences(
                    needs_section if claim_id == "C41" else needs_regime,
                    reference.get(claim_id, ""),
                ),
            )
        )
    rows.append(
        claim_row(
            "C44",
            our_value=math.nan,
            our_text=tr("not computable"),
            unit="percent",
            reporter_side="not computed",
            definition=f"Guangdong and section {roman} exports, {year} (see explanation)",
            explanation=tr(
                "Needs exports by province and HS section (China Customs, by location of the "
                "trading unit); the NBS provincial table has total trade only. The study's "
                "sentence (...出口在行业出口总额的比重) reads as each province's share of China's "
                "section {roman} exports, not the section's share of the province's own exports, "
                "as the claim label has it.",
                roman=roman,
            ),
        )
    )
    return rows
