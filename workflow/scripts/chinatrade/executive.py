"""The executive summary at the top of the report: one point per question of the study
(partners, provinces, trade regimes, sectors, investment), each with its verdict, its key
number and its caveat, then a bottom line.

Every number is read from this run's tables: exhibit F1's balances (both reporters), F3's
decomposition by trade regime, the replication table, and the mechanisms' verdicts over their
main models (:func:`chinatrade.hypotheses.models_verdict`, the same verdicts the section on
the mechanisms prints). Sentences are in the reader's language (catalogue ``executive.yaml``).
"""

from __future__ import annotations

import pandas as pd

from chinatrade import both_sides, hypotheses, i18n
from chinatrade.exhibits.beyond.findings import _period_text as period_text
from chinatrade.i18n import tr
from chinatrade.replication import verdict_counts
from chinatrade.summary import (
    billions,
    claim_texts,
    lead,
    listing,
    semicolons,
    sentences,
    verdict_label,
)

# the UK left the EU on 31 January 2020, the year the pandemic began: EU28 ends in 2019
FIRST_YEAR_WITHOUT_UK = 2020
# the claims whose numbers the points quote (ids of the study's claims)
CLAIM_IDS = {
    "provinces": "C10",
    "processing_share_of_trade": "C29",
    "processing_share_of_surplus": "C31",
    "sector_share_of_surplus": "C35",
    "investment_ratio": "C48",
}


def _claim(replication: pd.DataFrame, claim_id: str) -> pd.Series:
    rows = claim_texts(replication)
    row = rows[rows["claim_id"] == claim_id]
    if row.empty:
        raise ValueError(f"the replication table has no claim {claim_id}")
    return row.iloc[0]


def _ours(row: pd.Series) -> str:
    if pd.notna(row["our_value"]):
        return f"{float(row['our_value']):,.1f}"
    return str(row["our_text"])


def caveat(text: str) -> str:
    return tr("*Caveat:* {text}", text=text)


def partners_point(
    balances: pd.DataFrame, replication: pd.DataFrame, f1_spec: dict, settings: dict
) -> str:
    """China's balance with the study's partners in the headline year (China-reported), the
    growth rates against the study's, and both reporters in the latest common year."""
    year = int(settings["headline_year"])
    own = balances[
        (balances["source"] == f1_spec["source_label"]) & (balances["year"] == year)
    ].set_index("partner")
    growth_claims = f1_spec["growth"]["claims"]
    if year >= FIRST_YEAR_WITHOUT_UK and "EU28" in growth_claims:
        raise ValueError(
            f"config report.executive_summary.headline_year: {year} is after the UK left the EU;"
            " the summary would quote EU28 for it"
        )
    missing = sorted(set(growth_claims) - set(own.index))
    if missing:
        raise ValueError(f"F1 has no China-reported balance for {missing} in {year}")
    # largest balances first (the claims' order is not kept through the run's parameters)
    shown = own.loc[list(growth_claims)].sort_values(
        "balance_usd_millions", key=abs, ascending=False
    )
    surplus = [r for r in shown.itertuples() if r.balance_usd_millions > 0]
    deficit = [r for r in shown.itertuples() if r.balance_usd_millions < 0]

    def named(rows) -> str:
        return (
            listing(
                tr(
                    "{partner} ({amount})",
                    partner=tr(r.partner_label),
                    amount=billions(r.balance_usd_millions),
                )
                for r in rows
            )
            if rows
            else tr("none of the partners shown")
        )

    rows = claim_texts(replication).set_index("claim_id")
    growth = listing(
        tr(
            "{partner} {ours}% (the study: {study}%; {verdict})",
            partner=tr(shown.at[partner, "partner_label"]),
            ours=f"{float(rows.at[claim_id, 'our_value']):.1f}",
            study=rows.at[claim_id, "study_value"],
            verdict=verdict_label(rows.at[claim_id, "verdict"]),
        )
        for partner, claim_id in sorted(
            growth_claims.items(), key=lambda item: list(shown.index).index(item[0])
        )
    )
    # the year is chosen: the last before the pandemic and the UK's exit from the EU
    when = (
        tr("In {year}, the last year before the pandemic and before the UK left the EU,", year=year)
        if year == FIRST_YEAR_WITHOUT_UK - 1
        else tr("In {year},", year=year)
    )
    text = [
        tr(
            "{when} China's own statistics ({source}) show surpluses with {surpluses} and a "
            "deficit with {deficits}. From {first} to {last} these balances grew by (compound "
            "rate, per year): {growth}.",
            when=when,
            source=tr(f1_spec["source_label"]),
            surpluses=named(surplus),
            deficits=named(deficit),
            first=f1_spec["growth"]["first_year"],
            last=f1_spec["growth"]["last_year"],
            growth=growth,
        )
    ]
    text.append(caveat(_gap_caveat(balances, f1_spec, settings)))
    return lead("Partners", sentences(text))


def _gap_caveat(balances: pd.DataFrame, f1_spec: dict, settings: dict) -> str:
    partner = settings["gap_partner"]
    table = both_sides.both_sides(balances)
    rows = table[table["partner"] == partner].set_index("year")
    if rows.empty:
        return tr("the partners' own statistics give other balances (exhibit F1).")
    first = int(settings["gap_first_year"])
    last = int(rows.index.max())
    if first not in rows.index:
        first = int(rows.index.min())
    a, b = rows.loc[first], rows.loc[last]
    return tr(
        "the two sides' statistics differ. For China's trade with {partner}, China reported a "
        "surplus of "
        "{china_last} in {last} ({china_source}), the partner a deficit of {mirror_last} "
        "with China: a gap of {gap_last}; in {first} the partner's figure was the {larger} "
        "({mirror_first} against China's {china_first}). Valuation (CIF/FOB), Hong Kong re-exports "
        'and timing explain part of such gaps (section "Beyond the study"). China\'s '
        "statistics as compiled by IMF DOTS end in {dots_last}.",
        partner=tr(a["partner_label"]),
        china_last=billions(b["china_reported_balance_usd_millions"]),
        last=last,
        china_source=tr(b["china_reported_source"]),
        mirror_last=billions(b["partner_reported_balance_usd_millions"]),
        gap_last=billions(b["gap_usd_millions"]),
        first=first,
        larger=tr("larger") if a["gap_usd_millions"] < 0 else tr("smaller"),
        china_first=billions(a["china_reported_balance_usd_millions"]),
        mirror_first=billions(a["partner_reported_balance_usd_millions"]),
        dots_last=int(balances.loc[balances["source"] == f1_spec["source_label"], "year"].max()),
    )


def provinces_point(replication: pd.DataFrame) -> str:
    row = _claim(replication, CLAIM_IDS["provinces"])
    return lead(
        "Provinces",
        sentences(
            [
                tr(
                    "Trade is concentrated: the nine largest trading provinces carried {ours}% of "
                    "China's goods trade in {year} (the study: {study}%; {verdict}).",
                    ours=_ours(row),
                    year=row["year"],
                    study=row["study_value"],
                    verdict=verdict_label(row["verdict"]),
                ),
                caveat(
                    tr(
                        "provinces are those of the trading firm's registration (NBS), not "
                        "where the goods are made."
                    )
                ),
            ]
        ),
    )


def _regime_cell(f3: pd.DataFrame, period: str, definition: str, component: str) -> pd.Series:
    rows = f3[
        (f3["period_label"].astype(str) == period)
        & (f3["definition"] == definition)
        & (f3["component"] == component)
    ]
    return rows.iloc[0]


def regimes_point(f3: pd.DataFrame, replication: pd.DataFrame, f3_spec: dict) -> str:
    """The study's measure beside the customs definition, in the claim year and the latest
    period with both shares, and the years that have the split at all."""
    year = str(f3_spec["claim_year"])
    share = _claim(replication, CLAIM_IDS["processing_share_of_trade"])
    surplus = _claim(replication, CLAIM_IDS["processing_share_of_surplus"])
    split = f3[
        (f3["definition"] == "customs")
        & (f3["component"] == "processing")
        & f3["share_of_total_net_exports_pct"].notna()
        & f3["share_of_total_trade_pct"].notna()
    ]
    customs = _regime_cell(f3, year, "customs", "processing")
    other = _regime_cell(f3, year, "customs", "other_regimes")
    latest = split.sort_values(["year", "period_label"]).iloc[-1]
    text = [
        tr(
            "Processing trade in the study's sense (all trade that is not ordinary trade) was "
            "{share}% of China's trade in {year} and carried {surplus}% of its goods surplus "
            "(the study: {study_share}% and {study_surplus}%; {verdict}).",
            share=_ours(share),
            surplus=_ours(surplus),
            year=year,
            study_share=share["study_value"],
            study_surplus=surplus["study_value"],
            verdict=verdict_label(surplus["verdict"]),
        ),
        tr(
            "Under the customs definition (processing with supplied or imported materials only) "
            "it was a much smaller share of trade, {c_trade:.1f}%, and a far larger share of "
            "the surplus, {c_surplus:.1f}%: the other non-ordinary regimes (bonded logistics, "
            "special customs areas) were net importers ({other:+.1f}% of the surplus). In "
            "{latest} the customs shares were {l_trade:.1f}% of trade and {l_surplus:.1f}% of "
            "the surplus.",
            c_trade=customs["share_of_total_trade_pct"],
            c_surplus=customs["share_of_total_net_exports_pct"],
            other=other["share_of_total_net_exports_pct"],
            latest=period_text(latest["period_label"]),
            l_trade=latest["share_of_total_trade_pct"],
            l_surplus=latest["share_of_total_net_exports_pct"],
        ),
        caveat(
            tr(
                "the split of the surplus by regime is in the data for {periods} only (exhibit "
                "F3); the headline depends on the definition.",
                periods=listing(period_text(p) for p in split["period_label"]),
            )
        ),
    ]
    return lead("Trade regimes", sentences(text))


def mechanism_point(
    name: str,
    statement: str,
    models: list[tuple[str, pd.DataFrame]],
    key_number: str,
    caveat_text: str,
) -> str:
    """A mechanism's verdict over its main models (the verdict of its own section)."""
    verdict = hypotheses.models_verdict(models)
    n_obs = [int(table.iloc[0]["n_obs"]) for _, table in models if not table.empty]
    return lead(
        name,
        sentences(
            [
                tr(
                    "The study's mechanism ({statement}): **{verdict}** (main models: {count}; "
                    "N = {n_obs}).",
                    statement=statement,
                    verdict=tr(hypotheses.VERDICT_WORDS[verdict]),
                    count=len(models),
                    n_obs=listing(str(n) for n in n_obs) if n_obs else tr("n/a"),
                ),
                key_number,
                caveat(caveat_text),
            ]
        ),
    )


def sectors_number(replication: pd.DataFrame) -> str:
    row = _claim(replication, CLAIM_IDS["sector_share_of_surplus"])
    return tr(
        "Descriptively, machinery and electrical equipment (HS section XVI) carried {ours}% of "
        "China's surplus with the US in {year} (US-reported; the study, China-reported: "
        "{study}%; {verdict}).",
        ours=_ours(row),
        year=row["year"],
        study=row["study_value"],
        verdict=verdict_label(row["verdict"]),
    )


def investment_number(replication: pd.DataFrame) -> str:
    row = _claim(replication, CLAIM_IDS["investment_ratio"])
    return tr(
        "Descriptively, the US direct-investment position in China was {ours} times China's "
        "in the US over {year} (mean of yearly ratios in the years with both; the study: "
        "{study}; {verdict}: {missing}).",
        ours=_ours(row),
        year=row["year"],
        study=row["study_value"],
        verdict=verdict_label(row["verdict"]),
        missing=row["missing"] if isinstance(row["missing"], str) else tr("n/a"),
    )


def bottom_line(
    replication: pd.DataFrame,
    mechanisms: list[tuple[str, str]],
    balances: pd.DataFrame,
    settings: dict,
) -> str:
    """The replication's counts, each mechanism's verdict (name, verdict) and what both
    reporters say since the gap's first year."""
    counts = verdict_counts(replication)["study"]
    table = both_sides.both_sides(balances)
    rows = table[table["partner"] == settings["gap_partner"]].set_index("year")
    first, last = int(settings["gap_first_year"]), int(rows.index.max())
    china, mirror = (
        rows.at[last, column] - rows.at[first, column]
        for column in (
            "china_reported_balance_usd_millions",
            "partner_reported_balance_usd_millions",
        )
    )
    text = [
        tr(
            "Public data reproduce much of the study's description of the imbalance "
            "({reproduced} of its {total} claims reproduced, {differs} differ, {partly} partly "
            "computable, {not_computable} not computable). Its mechanisms: {verdicts}.",
            reproduced=int(counts["reproduced"]),
            total=int(counts.sum()),
            differs=int(counts["differs"]),
            partly=int(counts["partly computable"]),
            not_computable=int(counts["not computable"]),
            verdicts=semicolons(
                tr(
                    "{name}: {verdict}",
                    name=name.lower() if i18n.current() == "en" else name,
                    verdict=tr(hypotheses.VERDICT_WORDS[verdict]),
                )
                for name, verdict in mechanisms
            ),
        )
    ]
    if (china > 0) != (mirror > 0):
        text.append(
            tr(
                "Whether China's surplus with the US shrank after {first} depends on who reports "
                "it: from {first} to {last} it changed by USD {mirror:+,.1f} billion in the "
                "partner's statistics and by USD {china:+,.1f} billion in China's.",
                first=first,
                last=last,
                mirror=mirror / 1000,
                china=china / 1000,
            )
        )
    return lead("Bottom line", sentences(text))


# the mechanism of config report.mechanisms that answers each question, its key number and
# its caveat
MECHANISM_QUESTIONS = {
    "processing": (
        "Sectors",
        sectors_number,
        "public data have no processing share by sector: the models use the import content of "
        "exports from China's WIOD input-output table as a proxy, over few industries.",
    ),
    "investment": (
        "Investment",
        investment_number,
        "the test compares partner economies, not firms; affiliate sales include imported "
        "inputs and services, so they are not a balance.",
    ),
}


def executive_summary(
    balances: pd.DataFrame,
    regimes: pd.DataFrame,
    replication: pd.DataFrame,
    mechanisms: list[dict],
    f1_spec: dict,
    f3_spec: dict,
    settings: dict,
) -> str:
    """Markdown: a point per question and the bottom line.

    ``balances``: F1's main table; ``regimes``: F3's; ``mechanisms``: one dict per mechanism
    of config report.mechanisms (``id``, ``name``, ``statement``, ``models``: the (title,
    hypothesis table) of each main model); ``settings``: config report.executive_summary."""
    points = [
        partners_point(balances, replication, f1_spec, settings),
        provinces_point(replication),
        regimes_point(regimes, replication, f3_spec),
    ]
    verdicts = []
    for mechanism in mechanisms:
        question, number, caveat_text = MECHANISM_QUESTIONS[mechanism["id"]]
        points.append(
            mechanism_point(
                question,
                mechanism["statement"],
                mechanism["models"],
                number(replication),
                tr(caveat_text),
            )
        )
        verdicts.append((mechanism["name"], hypotheses.models_verdict(mechanism["models"])))
    points.append(bottom_line(replication, verdicts, balances, settings))
    return "\n".join(f"- {point}" for point in points)
