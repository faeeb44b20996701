"""INTRO table ("main"): every number and variant behind C01-C06 and N01-N04."""

from __future__ import annotations

import math

import pandas as pd

from chinatrade import lineage

from .checks import check_year, require
from .common import (
    CENSUS_ANNUAL_TABLE,
    CENSUS_MONTHLY_TABLE,
    CONTEXT_CURRENT_ACCOUNT,
    DOTS_TABLE,
    FX_TABLE,
    MERCHANDISE_TABLE,
    PRESS_TABLE,
    PRESS_VARIANT,
    TABLES,
    TOTALS_TABLE,
    WDI_TABLE,
    WEO_TABLE,
)
from .lookups import (
    Found,
    customs_balance,
    derived,
    dots_exports,
    dots_world_balance,
    fx_rate,
    period_change,
    press_balance,
    wdi_gdp,
    wdi_merchandise,
    weo_value,
)

MAIN_COLUMNS = [
    "claim_id",
    "indicator",
    "period",
    "variant",
    "value",
    "unit",
    "is_claim_value",
    "source",
    "reporter_iso3",
    "reporter_side",
    "vintage",
    "definition",
    lineage.COLUMN,
]
BALANCE_SOURCES = ("customs_transcribed", "dots_china_reported")


GDP_SOURCES = ("weo", "wdi")


class _Rows:
    """Collects the rows of the main table: each a value with its raw files (``Found``)."""

    def __init__(self, spec: dict) -> None:
        self.rows: list[dict] = []
        self.labels = spec["source_labels"]
        self.vintages = spec["vintages"]

    def add(
        self,
        claim_id: str,
        indicator: str,
        period: str,
        found: Found,
        unit: str,
        *,
        source: str,
        reporter_side: str,
        definition: str,
        variant: str = "",
        is_claim_value: bool = False,
        reporter_iso3: str = "CHN",
    ) -> None:
        self.rows.append(
            {
                "claim_id": claim_id,
                "indicator": indicator,
                "period": period,
                "variant": variant,
                "value": found.value,
                "unit": unit,
                "is_claim_value": is_claim_value,
                "source": self.labels[source],
                "reporter_iso3": reporter_iso3,
                "reporter_side": reporter_side,
                "vintage": self.vintages[source],
                "definition": definition,
                lineage.COLUMN: found.ids,
            }
        )

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=MAIN_COLUMNS)


# ----------------------------------------------------------------------------- compute


def _surplus_in_currency(rows: _Rows, tables: dict[str, pd.DataFrame], spec: dict) -> None:
    """C01: China Customs' surplus in CNY (transcribed from an official page, else as a press
    page quotes it, else USD x H.10), plus check years."""
    totals, dots, fx = tables[TOTALS_TABLE], tables[DOTS_TABLE], tables[FX_TABLE]
    china, world = spec["china"], spec["world"]
    c01 = require(spec, "surplus_cny")
    claim_id = require(c01, "claim", "surplus_cny.")
    currency = require(c01, "currency", "surplus_cny.")
    if currency not in set(fx["currency"]):
        raise ValueError(f"INTRO spec: 'surplus_cny.currency' = {currency!r} not in {FX_TABLE}")
    published = totals.loc[totals["flow"] == "balance", "year"]
    claim_year = check_year(
        require(c01, "year", "surplus_cny."), "surplus_cny.year", published, TOTALS_TABLE
    )
    check_years = [
        check_year(y, "surplus_cny.check_years", published, TOTALS_TABLE)
        for y in c01.get("check_years", [])
    ]
    for year in [claim_year, *check_years]:
        is_claim_year = year == claim_year
        reported = customs_balance(totals, china, year, currency)
        quoted, publisher = press_balance(tables[PRESS_TABLE], year, currency)
        usd = customs_balance(totals, china, year, "USD")
        rate = fx_rate(fx, currency, year)
        # The study quotes China Customs' CNY figure: as transcribed from an official page, else
        # as a press page quotes it (the snapshot's check values); only without both, convert.
        use_reported = is_claim_year and not math.isnan(reported.value)
        use_quoted = is_claim_year and not use_reported and not math.isnan(quoted.value)
        common = {"source": "customs", "reporter_side": "own"}
        rows.add(
            claim_id,
            "goods balance, China Customs",
            str(year),
            usd,
            "billion USD",
            definition="exports - imports, as published",
            **common,
        )
        rows.add(
            claim_id,
            f"H.10 annual average rate, {currency} per USD",
            str(year),
            rate,
            f"{currency} per USD",
            source="fx",
            reporter_side="",
            reporter_iso3="",
            definition="annual average of daily noon buying rates",
        )
        if not math.isnan(reported.value):
            rows.add(
                claim_id,
                f"goods balance in {currency}",
                str(year),
                derived(reported.value / 1000, reported),
                f"trillion {currency}",
                variant="reported by China Customs",
                is_claim_value=use_reported,
                definition=f"China Customs' balance in {currency}, as published",
                **common,
            )
        if not math.isnan(quoted.value):
            rows.add(
                claim_id,
                f"goods balance in {currency}",
                str(year),
                derived(quoted.value / 1000, quoted),
                f"trillion {currency}",
                variant=PRESS_VARIANT,
                is_claim_value=use_quoted,
                source="customs_press",
                reporter_side="own",
                definition=f"China Customs' balance in {currency} as quoted by {publisher}",
            )
        rows.add(
            claim_id,
            f"goods balance in {currency}",
            str(year),
            derived(usd.value * rate.value / 1000, usd, rate),
            f"trillion {currency}",
            variant="USD balance x H.10 rate",
            is_claim_value=is_claim_year and not use_reported and not use_quoted,
            definition=f"China Customs' USD balance x H.10 {currency}/USD annual average",
            **common,
        )
        dots_balance = dots_world_balance(dots, china, world, year)
        rows.add(
            claim_id,
            f"goods balance in {currency}",
            str(year),
            derived(dots_balance.value * rate.value / 1000, dots_balance, rate),
            f"trillion {currency}",
            variant="IMF DOTS USD balance x H.10 rate",
            source="dots",
            reporter_side="own",
            definition="China-reported exports FOB - imports CIF with the World x H.10 rate",
        )


def _surplus_share_of_gdp(rows: _Rows, tables: dict[str, pd.DataFrame], spec: dict) -> None:
    """C02/C03: goods balance / GDP, every balance source x every GDP source."""
    totals, dots = tables[TOTALS_TABLE], tables[DOTS_TABLE]
    weo, wdi = tables[WEO_TABLE], tables[WDI_TABLE]
    china, world = spec["china"], spec["world"]
    c02 = require(spec, "surplus_share_of_gdp")
    primary = require(c02, "primary", "surplus_share_of_gdp.")
    for key, allowed in (("balance", BALANCE_SOURCES), ("gdp", GDP_SOURCES)):
        if primary.get(key) not in allowed:
            raise ValueError(
                f"INTRO spec: 'surplus_share_of_gdp.primary.{key}' = {primary.get(key)!r}; "
                f"expected one of {allowed}"
            )
    for claim_id, year in require(c02, "claims", "surplus_share_of_gdp.").items():
        check_year(year, f"surplus_share_of_gdp.claims.{claim_id}", weo["year"], WEO_TABLE)
        balances = {
            "customs_transcribed": customs_balance(totals, china, year, "USD"),
            "dots_china_reported": dots_world_balance(dots, china, world, year),
        }
        gdps = {"weo": weo_value(weo, china, "NGDPD", year), "wdi": wdi_gdp(wdi, china, year)}
        balance_source = {"customs_transcribed": "customs", "dots_china_reported": "dots"}
        for name, value in balances.items():
            rows.add(
                claim_id,
                "goods balance",
                str(year),
                value,
                "billion USD",
                variant=name,
                source=balance_source[name],
                reporter_side="own",
                definition="exports - imports, China-reported",
            )
        for name, value in gdps.items():
            rows.add(
                claim_id,
                "GDP, current prices",
                str(year),
                value,
                "billion USD",
                variant=name,
                source=name,
                reporter_side="",
                definition="GDP in current USD",
            )
        for balance_name, balance in balances.items():
            for gdp_name, gdp in gdps.items():
                rows.add(
                    claim_id,
                    "goods balance / GDP",
                    str(year),
                    derived(100 * balance.value / gdp.value, balance, gdp),
                    "percent",
                    variant=f"{balance_name} / {gdp_name}",
                    is_claim_value=(balance_name, gdp_name) == (primary["balance"], primary["gdp"]),
                    source=balance_source[balance_name],
                    reporter_side="own",
                    definition=f"goods balance ({balance_name}) / GDP ({gdp_name}) x 100",
                )


def _other_goods_balances(rows: _Rows, tables: dict[str, pd.DataFrame], spec: dict) -> None:
    """C04/C05: WDI (WTO) merchandise exports - imports over WDI GDP; WEO context rows."""
    weo, wdi, merchandise = tables[WEO_TABLE], tables[WDI_TABLE], tables[MERCHANDISE_TABLE]
    c04 = require(spec, "other_goods_balances")
    year = require(c04, "year", "other_goods_balances.")
    for table, name in ((weo, WEO_TABLE), (wdi, WDI_TABLE), (merchandise, MERCHANDISE_TABLE)):
        check_year(year, "other_goods_balances.year", table["year"], name)
    for claim_id, iso3 in require(c04, "claims", "other_goods_balances.").items():
        for table, name in ((weo, WEO_TABLE), (merchandise, MERCHANDISE_TABLE)):
            if iso3 not in set(table["iso3"].dropna()):
                raise ValueError(
                    f"INTRO spec: 'other_goods_balances.claims.{claim_id}' = {iso3!r} not in {name}"
                )
        own = {"reporter_side": "own", "reporter_iso3": iso3}
        trade = wdi_merchandise(merchandise, iso3, year)
        for flow, definition in (
            ("exports", "WTO merchandise exports, FOB"),
            ("imports", "WTO merchandise imports, CIF"),
            ("balance", "merchandise exports FOB - imports CIF"),
        ):
            rows.add(
                claim_id,
                f"merchandise {flow}",
                str(year),
                trade[flow],
                "billion USD",
                source="wdi_merchandise",
                definition=definition,
                **own,
            )
        gdp = wdi_gdp(wdi, iso3, year)
        rows.add(
            claim_id,
            "GDP, current prices",
            str(year),
            gdp,
            "billion USD",
            variant="wdi",
            source="wdi",
            reporter_side="",
            reporter_iso3=iso3,
            definition="WDI NY.GDP.MKTP.CD",
        )
        rows.add(
            claim_id,
            "goods balance / GDP",
            str(year),
            derived(100 * trade["balance"].value / gdp.value, trade["balance"], gdp),
            "percent",
            variant="WDI merchandise balance / WDI GDP",
            is_claim_value=True,
            source="wdi_merchandise",
            definition="WDI merchandise balance / WDI GDP x 100 (WTO merchandise exports FOB "
            "- imports CIF)",
            **own,
        )
        rows.add(
            claim_id,
            CONTEXT_CURRENT_ACCOUNT,
            str(year),
            weo_value(weo, iso3, "BCA_NGDPD", year),
            "percent",
            source="weo",
            definition="WEO BCA_NGDPD",
            **own,
        )
        rows.add(
            claim_id,
            "GDP, current prices",
            str(year),
            weo_value(weo, iso3, "NGDPD", year),
            "billion USD",
            variant="weo",
            source="weo",
            reporter_side="",
            reporter_iso3=iso3,
            definition="WEO NGDPD",
        )


def _current_account(rows: _Rows, tables: dict[str, pd.DataFrame], spec: dict) -> None:
    """C06: China's current account / GDP (WEO October 2025)."""
    weo = tables[WEO_TABLE]
    c06 = require(spec, "current_account")
    claim_id = require(c06, "claim", "current_account.")
    year = check_year(
        require(c06, "year", "current_account."), "current_account.year", weo["year"], WEO_TABLE
    )
    china = spec["china"]
    bca, gdp = weo_value(weo, china, "BCA", year), weo_value(weo, china, "NGDPD", year)
    rows.add(
        claim_id,
        "current account / GDP",
        str(year),
        weo_value(weo, china, "BCA_NGDPD", year),
        "percent",
        variant="WEO BCA_NGDPD",
        is_claim_value=True,
        source="weo",
        reporter_side="own",
        definition="current-account balance / GDP x 100, as published",
    )
    rows.add(
        claim_id,
        "current account / GDP",
        str(year),
        derived(100 * bca.value / gdp.value, bca, gdp),
        "percent",
        variant="WEO BCA / NGDPD",
        source="weo",
        reporter_side="own",
        definition="recomputed from the USD values (check)",
    )
    rows.add(
        claim_id,
        "current-account balance",
        str(year),
        bca,
        "billion USD",
        source="weo",
        reporter_side="own",
        definition="WEO BCA",
    )


def _exports_half_year(rows: _Rows, tables: dict[str, pd.DataFrame], spec: dict) -> None:
    """N01 (US-reported mirror, by month) and N02 context (China-reported, full year)."""
    monthly, dots = tables[CENSUS_MONTHLY_TABLE], tables[DOTS_TABLE]
    china, usa, world = spec["china"], spec["usa"], spec["world"]
    h1 = require(spec, "exports_half_year")
    ids = require(h1, "claims", "exports_half_year.")
    year = check_year(
        require(h1, "year", "exports_half_year."),
        "exports_half_year.year",
        monthly["year"],
        CENSUS_MONTHLY_TABLE,
    )
    check_year(year - 1, "exports_half_year.year (a year earlier)", monthly["year"], "Census")
    months = list(require(h1, "months", "exports_half_year."))
    if not months or not set(months) <= set(range(1, 13)):
        raise ValueError(f"INTRO spec: 'exports_half_year.months' = {months!r}: months are 1-12")
    column = "imports_general_customs_usd_millions"
    before, after, change = period_change(monthly, china, column, year, months)
    span = f"months {months[0]}-{months[-1]}"
    mirror = {"source": "census", "reporter_side": "mirror", "reporter_iso3": usa}
    for y, total in ((year - 1, before), (year, after)):
        rows.add(
            ids["to_us"],
            "US general imports from China",
            f"{y} {span}",
            derived(total.value / 1000, total),
            "billion USD",
            definition="US general imports from China, customs value (China's exports, mirror)",
            **mirror,
        )
    rows.add(
        ids["to_us"],
        "China's exports to the US, change on a year earlier",
        f"{year} {span}",
        change,
        "percent",
        variant="US-reported (mirror)",
        is_claim_value=True,
        definition="US general imports from China, same months a year earlier = 100",
        **mirror,
    )

    # Context only: DOTS is annual, so the nearest China-reported figures are full years.
    china_years = dots.loc[dots["reporter_iso3"] == china, "year"]
    check_year(year, "exports_half_year.year", china_years, f"{DOTS_TABLE} ({china} reporter)")
    to_us = [dots_exports(dots, china, usa, y) for y in (year - 1, year)]
    to_world = [dots_exports(dots, china, world, y) for y in (year - 1, year)]
    rest = [
        derived(total.value - us.value, total, us)
        for total, us in zip(to_world, to_us, strict=True)
    ]
    own = {"source": "dots", "reporter_side": "own", "variant": "China-reported, full year"}
    rows.add(
        ids["to_us"],
        "China's exports to the US, change (full year, context)",
        str(year),
        derived(100 * (to_us[1].value / to_us[0].value - 1), *to_us),
        "percent",
        definition="China-reported exports FOB to the US, year on year",
        **own,
    )
    rows.add(
        ids["to_rest_of_world"],
        "China's exports to the World less the US, change (full year, context)",
        str(year),
        derived(100 * (rest[1].value / rest[0].value - 1), *rest),
        "percent",
        definition="China-reported exports FOB to the World minus to the US, year on year",
        **own,
    )


def _phase_one(rows: _Rows, tables: dict[str, pd.DataFrame], spec: dict) -> None:
    """N04: US goods exports to China in the deal's years against the baseline year."""
    annual = tables[CENSUS_ANNUAL_TABLE]
    china, usa = spec["china"], spec["usa"]
    p1 = require(spec, "phase_one")
    claim_id = require(p1, "claim", "phase_one.")
    require(p1, "commitment_usd_billions", "phase_one.")
    china_rows = annual[annual["partner_iso3"] == china].set_index("year")
    exports = china_rows["exports_fas_usd_millions"]
    baseline_year = check_year(
        require(p1, "baseline_year", "phase_one."),
        "phase_one.baseline_year",
        exports.index.to_series(),
        CENSUS_ANNUAL_TABLE,
    )
    deal_years = [
        check_year(y, "phase_one.years", exports.index.to_series(), CENSUS_ANNUAL_TABLE)
        for y in require(p1, "years", "phase_one.")
    ]
    mirror = {"source": "census", "reporter_side": "mirror", "reporter_iso3": usa}

    def exports_in(year: int) -> Found:
        return Found(float(exports[year]) / 1000, china_rows.loc[year, lineage.COLUMN])

    baseline = exports_in(baseline_year)
    rows.add(
        claim_id,
        "US goods exports to China (baseline)",
        str(baseline_year),
        baseline,
        "billion USD",
        definition="US total exports F.A.S. to China (China's imports, mirror)",
        **mirror,
    )
    additional, deal = 0.0, []
    for year in deal_years:
        in_year = exports_in(year)
        deal.append(in_year)
        additional += in_year.value - baseline.value
        rows.add(
            claim_id,
            "US goods exports to China",
            str(year),
            in_year,
            "billion USD",
            definition="US total exports F.A.S. to China",
            **mirror,
        )
        rows.add(
            claim_id,
            "US goods exports to China above the baseline",
            str(year),
            derived(in_year.value - baseline.value, in_year, baseline),
            "billion USD",
            definition=f"exports in the year - exports in {baseline_year}",
            **mirror,
        )
    rows.add(
        claim_id,
        "additional US goods exports to China over the deal's years",
        f"{deal_years[0]}-{deal_years[-1]}",
        derived(additional, baseline, *deal),
        "billion USD",
        variant="all goods (not only the deal's covered products)",
        is_claim_value=True,
        definition=f"sum over the deal's years of (exports - exports in {baseline_year})",
        **mirror,
    )


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """The context table ("main"): every number and variant behind C01-C06 and N01-N04."""
    for name in TABLES:
        if name not in tables:
            raise ValueError(f"INTRO needs the canonical table '{name}'")
    for key in ("china", "usa", "world"):
        require(spec, key)
    if spec["china"] not in set(tables[DOTS_TABLE]["reporter_iso3"]):
        raise ValueError(f"INTRO spec: 'china' = {spec['china']!r} reports nothing in DOTS")
    rows = _Rows(spec)
    _surplus_in_currency(rows, tables, spec)
    _surplus_share_of_gdp(rows, tables, spec)
    _other_goods_balances(rows, tables, spec)
    _current_account(rows, tables, spec)
    _exports_half_year(rows, tables, spec)
    _phase_one(rows, tables, spec)
    return {"main": rows.table()}
