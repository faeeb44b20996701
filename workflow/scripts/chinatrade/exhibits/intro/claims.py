"""INTRO claims: our values for C01-C06 and N01-N04, from the main table."""

from __future__ import annotations

import math

import pandas as pd

from chinatrade.i18n import join_items, tr
from chinatrade.replication import CLAIM_COLUMNS, claim_row

from .common import CONTEXT_CURRENT_ACCOUNT


def _pick(main: pd.DataFrame, claim_id: str, **match: str) -> pd.Series:
    rows = main[main["claim_id"] == claim_id]
    for column, value in match.items():
        rows = rows[rows[column] == value]
    if len(rows) != 1:
        raise ValueError(f"INTRO: expected one row for {claim_id} {match}, found {len(rows)}")
    return rows.iloc[0]


def _claim_value(main: pd.DataFrame, claim_id: str) -> pd.Series:
    return _pick(main, claim_id, is_claim_value=True)


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Our values for C01-C06 and N01-N04 (ids from the spec).

    ``our_text`` and ``explanation`` are in the current language (``i18n``); the variants and
    economies they name are translated through the catalogue too (an ISO3 code such as
    ``IND`` stays itself in English).
    """
    main = results["main"]
    labels, vintages = spec["source_labels"], spec["vintages"]
    rows = []

    def add(claim_id: str, **fields: object) -> None:
        rows.append(claim_row(claim_id, empty=None, **{"our_text": "", **fields}))

    def from_row(claim_id: str, explanation: str, digits: int = 2, text: str = "") -> None:
        row = _claim_value(main, claim_id)
        add(
            claim_id,
            our_value=round(float(row["value"]), digits),
            our_text=text or f"{row['value']:.{digits}f}",
            unit=row["unit"],
            source=row["source"],
            reporter_side=row["reporter_side"],
            vintage=row["vintage"],
            definition=(
                row["definition"]
                if not row["variant"] or row["variant"] in row["definition"]
                else f"{row['definition']} ({row['variant']})"
            ),
            explanation=explanation,
        )

    def variants(claim_id: str, indicator: str) -> str:
        part = main[(main["claim_id"] == claim_id) & (main["indicator"] == indicator)]
        return join_items(
            (
                tr("{variant}: {value:.2f}", variant=tr(v), value=x)
                for v, x in zip(part["variant"], part["value"], strict=True)
            ),
            "{listing}; {item}",
        )

    c01 = spec["surplus_cny"]
    chosen = _claim_value(main, c01["claim"])
    checks = main[(main["claim_id"] == c01["claim"]) & (main["period"] != str(c01["year"]))]
    check_text = join_items(
        (
            tr("{period} {variant}: {value:.3f}", period=p, variant=tr(v), value=x)
            for p, v, x in zip(checks["period"], checks["variant"], checks["value"], strict=True)
            if v and not math.isnan(x)
        ),
        "{listing}; {item}",
    )
    reason = (
        tr(
            "No transcribed page gives the year's balance in CNY, so the USD balance is "
            "converted at the H.10 annual average; China Customs converts at its own monthly rates"
        )
        if chosen["variant"] != "reported by China Customs"
        else tr("China Customs' CNY figure as published")
    )
    from_row(
        c01["claim"],
        tr("{reason} (check year: {checks}).", reason=reason, checks=check_text)
        if check_text
        else tr("{reason}.", reason=reason),
        digits=3,
    )
    for claim_id in spec["surplus_share_of_gdp"]["claims"]:
        from_row(
            claim_id,
            tr(
                "Depends on the balance and the GDP vintage (the study used GDP as first "
                "published; the WEO of October 2025 has revised GDP): {variants}.",
                variants=variants(claim_id, "goods balance / GDP"),
            ),
        )
    other = spec["other_goods_balances"]
    for claim_id, iso3 in other["claims"].items():
        context = _pick(main, claim_id, indicator=CONTEXT_CURRENT_ACCOUNT)
        add(
            claim_id,
            our_value=math.nan,
            our_text=tr(
                "not computable; context: {economy} current account {value:.2f}% of GDP",
                economy=tr(iso3),
                value=context["value"],
            ),
            unit="percent",
            source=labels["weo"],
            reporter_side="own",
            vintage=vintages["weo"],
            definition=f"{iso3} goods balance (BoP) / GDP x 100, {other['year']}",
            explanation=tr(
                "Our tables hold no goods balance for {economy} (DOTS has it only as a reporter "
                "of trade with China; the WEO extract kept GDP and the current account); the IMF "
                "BoP goods balance (or DOTS World totals) would be needed.",
                economy=tr(iso3),
            ),
        )
    c06 = spec["current_account"]
    balance = _pick(main, c06["claim"], indicator="current-account balance")["value"]
    from_row(
        c06["claim"],
        tr(
            "The October 2025 WEO carries the revised balance of payments and GDP "
            "(current account {balance:.1f} billion USD); the study used an earlier vintage.",
            balance=balance,
        ),
    )
    h1 = spec["exports_half_year"]
    from_row(
        h1["claims"]["to_us"],
        tr(
            "Only the US-reported (mirror) monthly imports from China are in our tables; China's "
            "own monthly exports differ by valuation (CIF vs FOB), timing and re-exports via "
            "Hong Kong."
        ),
        text=tr(
            "{value:.2f} (US-reported imports)",
            value=_claim_value(main, h1["claims"]["to_us"])["value"],
        ),
    )
    context = _pick(main, h1["claims"]["to_rest_of_world"], variant="China-reported, full year")
    add(
        h1["claims"]["to_rest_of_world"],
        our_value=math.nan,
        our_text=tr(
            "not computable for the half year; full year {period}: {value:.2f}",
            period=context["period"],
            value=context["value"],
        ),
        unit="percent",
        source=context["source"],
        reporter_side="own",
        vintage=context["vintage"],
        definition="China's exports to the World less the US, first half on first half",
        explanation=tr(
            "Needs China's monthly exports by partner (China Customs); DOTS here is annual, and "
            "the US mirror covers only the US."
        ),
    )
    n03 = spec["manufactured_surplus"]
    add(
        n03["claim"],
        our_value=math.nan,
        our_text=tr("not computable"),
        unit="billion USD",
        source="",
        reporter_side="own",
        vintage="",
        definition=f"China's surplus in manufactured goods (e.g. SITC 5-8 less 68), {n03['year']}",
        explanation=tr(
            "Needs China's trade with the World by product (e.g. UN Comtrade China-reported, all "
            "partners, SITC or HS); our product data cover only US-China trade."
        ),
    )
    p1 = spec["phase_one"]
    extra = _claim_value(main, p1["claim"])
    add(
        p1["claim"],
        our_value=math.nan,
        our_text=tr(
            "unmet (true): US goods exports to China in {period} exceeded the {baseline} level "
            "by {extra:.1f} billion USD in total",
            period=extra["period"],
            baseline=p1["baseline_year"],
            extra=extra["value"],
        ),
        satisfied=bool(extra["value"] < p1["commitment_usd_billions"]),
        unit="billion USD",
        source=extra["source"],
        reporter_side="mirror",
        vintage=extra["vintage"],
        definition=extra["definition"] + " (all goods)",
        explanation=tr(
            "The commitment is a treaty figure, not data. Goods alone leave {rest:.0f} billion "
            "of the goods-and-services target to services, which are not in our tables (and the "
            "deal counted only covered products).",
            rest=p1["commitment_usd_billions"] - extra["value"],
        ),
    )
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)
