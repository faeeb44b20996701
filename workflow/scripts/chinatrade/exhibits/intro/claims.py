"""INTRO claims: our values for C01-C06 and N01-N04, from the main table."""

from __future__ import annotations

import math

import pandas as pd

from chinatrade.i18n import join_items, text_of, tr
from chinatrade.replication import CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS, alternatives, claim_row

from .common import CONTEXT_CURRENT_ACCOUNT, PRESS_VARIANT


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
    rows = []

    def add(claim_id: str, **fields: object) -> None:
        rows.append(claim_row(claim_id, empty=None, **{"our_text": "", **fields}))

    def from_row(
        claim_id: str, explanation: str, digits: int = 2, text: str = "", **extra: object
    ) -> None:
        row = _claim_value(main, claim_id)
        fields = {
            "our_value": round(float(row["value"]), digits),
            "our_text": text or f"{row['value']:.{digits}f}",
            "unit": row["unit"],
            "source": row["source"],
            "reporter_side": row["reporter_side"],
            "vintage": row["vintage"],
            "definition": (
                row["definition"]
                if not row["variant"] or row["variant"] in row["definition"]
                else f"{row['definition']} ({row['variant']})"
            ),
            "explanation": explanation,
        }
        add(claim_id, **(fields | extra))

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
    converted = _pick(
        main, c01["claim"], period=str(c01["year"]), variant="USD balance x H.10 rate"
    )["value"]
    if chosen["variant"] == "reported by China Customs":
        reason = tr("China Customs' CNY figure as published")
    elif chosen["variant"] == PRESS_VARIANT:
        reason = tr(
            "China Customs' CNY figure as a press page quotes it (the snapshot's press-release "
            "check values; the definition names the page); the USD balance converted at the "
            "H.10 annual average gives {converted:.3f}, China Customs converting at its own "
            "monthly rates",
            converted=converted,
        )
    else:
        reason = tr(
            "No page in the snapshot gives the year's balance in CNY, so the USD balance is "
            "converted at the H.10 annual average; China Customs converts at its own monthly rates"
        )
    from_row(
        c01["claim"],
        tr("{reason} (check year: {checks}).", reason=reason, checks=check_text)
        if check_text
        else tr("{reason}.", reason=reason),
        digits=3,
    )
    gdp_source = spec["surplus_share_of_gdp"]["primary"]["gdp"]
    gdp_vintage = spec["vintages"][gdp_source]
    # the vintage by its text in the reader's language (a text of the exhibit's text file)
    gdp_vintage_text = text_of(gdp_vintage, "exhibits/INTRO", "vintages", gdp_source)
    for claim_id in spec["surplus_share_of_gdp"]["claims"]:
        chosen = _claim_value(main, claim_id)
        others = main[
            (main["claim_id"] == claim_id)
            & (main["indicator"] == "goods balance / GDP")
            & ~main["is_claim_value"].astype(bool)
        ]
        from_row(
            claim_id,
            tr(
                "GDP of the vintage in our files closest to the study's writing (2019-2020): "
                "{vintage}, which predates China's 2023 economic-census revision (the WEO of "
                "October 2025 includes it). Other balances and GDP vintages beside.",
                vintage=gdp_vintage_text,
            )
            if gdp_source == "wdi"
            else tr(
                "GDP from the WEO of October 2025, which includes China's 2023 economic-census "
                "revision (the study used GDP as published in 2019-2020). Other balances and "
                "GDP vintages beside."
            ),
            vintage=f"{chosen['vintage']}; GDP: {gdp_vintage}",
            alternatives=alternatives(
                (tr(v), x) for v, x in zip(others["variant"], others["value"], strict=True)
            ),
        )
    for claim_id, iso3 in spec["other_goods_balances"]["claims"].items():
        context = _pick(main, claim_id, indicator=CONTEXT_CURRENT_ACCOUNT)
        balance = _pick(main, claim_id, indicator="merchandise balance")["value"]
        gdp = _pick(main, claim_id, indicator="GDP, current prices", variant="wdi")["value"]
        from_row(
            claim_id,
            tr(
                "WTO merchandise trade as {economy} reports it (World Bank WDI: exports FOB, "
                "imports CIF; balance {balance:.1f} billion USD) over WDI GDP ({gdp:.1f} billion "
                "USD). The study's IMF figure is likely the balance-of-payments goods balance "
                "(exports and imports both FOB, change of ownership), which differs from the "
                "customs-based merchandise balance by the CIF/FOB valuation of imports and by "
                "coverage. Context: current account {current:.2f}% of GDP (WEO).",
                economy=tr(iso3),
                balance=balance,
                gdp=gdp,
                current=context["value"],
            ),
            text=tr(
                "{value:.2f} ({economy}, merchandise balance / GDP)",
                value=_claim_value(main, claim_id)["value"],
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
    # a commitment, not a measurement: our value stays empty; the text says what data show
    add(
        p1["claim"],
        our_value=math.nan,
        our_text=tr(
            "a commitment, not data; US goods exports to China in {period} exceeded the "
            "{baseline} level by {extra:.1f} billion USD in total",
            period=extra["period"],
            baseline=p1["baseline_year"],
            extra=extra["value"],
        ),
        unit="billion USD",
        source=extra["source"],
        reporter_side="mirror",
        vintage=extra["vintage"],
        definition=extra["definition"] + " (all goods)",
        explanation=tr(
            "The {target:.0f} billion USD is the deal's target for additional purchases of "
            "goods and services, set by treaty, not measured: no data reproduce it. What data "
            "show is how far purchases fell short: goods alone leave {rest:.0f} billion of it "
            "to services, which are not in our tables (and the deal counted only covered "
            "products).",
            target=p1["commitment_usd_billions"],
            rest=p1["commitment_usd_billions"] - extra["value"],
        ),
    )
    return pd.DataFrame(rows, columns=[*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS])
