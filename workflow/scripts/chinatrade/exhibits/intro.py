"""The study's introduction (C01-C06) and the news pieces (N01-N04): context numbers.

No figure: the numbers are single values, so the exhibit is a table (``compute``'s "main",
one row per number and variant) and the claims. Every variant the study's wording allows is
computed; ``is_claim_value`` marks the one reported as ``our_value``:

- C01 China's goods surplus in CNY: China Customs' balance in CNY where a transcribed page
  gives it, else its USD balance converted at the Federal Reserve H.10 annual average rate.
- C02/C03 goods surplus / GDP: balance from China Customs (transcribed) or IMF DOTS
  (China-reported World total), GDP from the IMF WEO (October 2025) or the World Bank WDI.
- C04/C05 India's and Brazil's goods balance / GDP: not in our tables (context: their current
  account from the WEO, which is not the goods balance).
- C06 current account / GDP: WEO October 2025.
- N01 China's exports to the US, first-half change: only the US-reported (mirror) figure, US
  general imports from China by month (Census). N02 (to the rest of the world, first half)
  needs China's monthly totals: not computable; context: the full-year China-reported change.
- N03 China's surplus in manufactured goods: not computable (needs China's trade with the
  World by product).
- N04 Phase One: US goods exports to China (Census) in the deal's years against the 2017
  baseline; the deal's target covered goods and services.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chinatrade.i18n import join_items, tr
from chinatrade.replication import CLAIM_COLUMNS, claim_row

TOTALS_TABLE = "china_trade_totals_transcribed"
DOTS_TABLE = "bilateral_dots"
WEO_TABLE = "weo_oct2025"
WDI_TABLE = "gdp_wdi"
FX_TABLE = "fx_fed_h10"
CENSUS_MONTHLY_TABLE = "census_us_trade_partners_monthly"
CENSUS_ANNUAL_TABLE = "census_us_trade_partners_annual"
TABLES = (
    TOTALS_TABLE,
    DOTS_TABLE,
    WEO_TABLE,
    WDI_TABLE,
    FX_TABLE,
    CENSUS_MONTHLY_TABLE,
    CENSUS_ANNUAL_TABLE,
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
]
BALANCE_SOURCES = ("customs_transcribed", "dots_china_reported")
# WEO concepts stored in value_percent (the others are in value_usd_billions).
WEO_PERCENT_CONCEPTS = ("BCA_NGDPD", "NGDP_RPCH")
CONTEXT_CURRENT_ACCOUNT = "current account / GDP (context: not the goods balance)"
GDP_SOURCES = ("weo", "wdi")


# ----------------------------------------------------------------------------- helpers


def _require(spec: dict, key: str, where: str = "") -> object:
    """``spec[key]``, or a ValueError naming the missing key."""
    if key not in spec:
        raise ValueError(f"INTRO spec: key '{where}{key}' is missing")
    return spec[key]


def _check_year(value: object, key: str, available: pd.Series, what: str) -> int:
    """A year present in ``available``, or a ValueError naming the spec key."""
    years = set(int(y) for y in available.dropna().unique())
    if not isinstance(value, int | np.integer) or int(value) not in years:
        span = f"{min(years)}-{max(years)}" if years else "none"
        raise ValueError(f"INTRO spec: '{key}' = {value!r} is not a year of {what} ({span})")
    return int(value)


class _Rows:
    """Collects the rows of the main table."""

    def __init__(self, spec: dict) -> None:
        self.rows: list[dict] = []
        self.labels = spec["source_labels"]
        self.vintages = spec["vintages"]

    def add(
        self,
        claim_id: str,
        indicator: str,
        period: str,
        value: float,
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
                "value": value,
                "unit": unit,
                "is_claim_value": is_claim_value,
                "source": self.labels[source],
                "reporter_iso3": reporter_iso3,
                "reporter_side": reporter_side,
                "vintage": self.vintages[source],
                "definition": definition,
            }
        )

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=MAIN_COLUMNS)


def customs_balance(totals: pd.DataFrame, china: str, year: int, currency: str) -> float:
    """China Customs' full-year goods balance (transcribed), in billions of ``currency``.

    ``currency`` is "USD" or "CNY"; NaN when no transcribed page gives it.
    """
    column = {"USD": "value_usd_100m", "CNY": "value_cny_100m"}[currency]
    rows = totals[
        (totals["reporter"] == china)
        & (totals["year"] == year)
        & (totals["flow"] == "balance")
        & (totals["trade_mode"] == "all")
        & ~totals["is_partial_year"]
    ][column].dropna()
    if len(rows) > 1:
        raise ValueError(f"{TOTALS_TABLE}: {len(rows)} {currency} balances for {china} {year}")
    # 100 million -> billion
    return float(rows.iloc[0]) / 10 if len(rows) else math.nan


def dots_world_balance(dots: pd.DataFrame, china: str, world: str, year: int) -> float:
    """China-reported exports FOB minus imports CIF with the World, USD billion."""
    rows = dots[
        (dots["reporter_iso3"] == china) & (dots["partner_code"] == world) & (dots["year"] == year)
    ].set_index("flow")["value_usd_millions"]
    return (rows.get("exports_fob", math.nan) - rows.get("imports_cif", math.nan)) / 1000


def dots_exports(dots: pd.DataFrame, china: str, partner: str, year: int) -> float:
    """China-reported exports FOB to ``partner``, USD billion."""
    rows = dots[
        (dots["reporter_iso3"] == china)
        & (dots["partner_code"] == partner)
        & (dots["year"] == year)
        & (dots["flow"] == "exports_fob")
    ]["value_usd_millions"]
    return float(rows.iloc[0]) / 1000 if len(rows) else math.nan


def weo_value(weo: pd.DataFrame, iso3: str, concept: str, year: int) -> float:
    """One WEO value: USD billions for NGDPD/BCA, percent for BCA_NGDPD."""
    rows = weo[(weo["iso3"] == iso3) & (weo["concept"] == concept) & (weo["year"] == year)]
    if rows.empty:
        return math.nan
    column = "value_percent" if concept in WEO_PERCENT_CONCEPTS else "value_usd_billions"
    return float(rows[column].iloc[0])


def wdi_gdp(wdi: pd.DataFrame, iso3: str, year: int) -> float:
    """WDI GDP, current USD billion."""
    rows = wdi[(wdi["iso3"] == iso3) & (wdi["year"] == year)]["gdp_usd"]
    return float(rows.iloc[0]) / 1e9 if len(rows) else math.nan


def fx_rate(fx: pd.DataFrame, currency: str, year: int) -> float:
    """H.10 annual average, units of ``currency`` per USD."""
    rows = fx[(fx["currency"] == currency) & (fx["year"] == year)]["units_per_usd"]
    return float(rows.iloc[0]) if len(rows) else math.nan


def period_change(
    monthly: pd.DataFrame, partner: str, column: str, year: int, months: list[int]
) -> tuple[float, float, float]:
    """Sum of ``column`` over ``months`` in year-1 and year, and the change in percent."""
    rows = monthly[(monthly["partner_iso3"] == partner) & monthly["month"].isin(months)]
    sums = []
    for y in (year - 1, year):
        part = rows[rows["year"] == y]
        if part["month"].nunique() != len(months):
            raise ValueError(
                f"{CENSUS_MONTHLY_TABLE}: {partner} {y} lacks some of the months {months}"
            )
        sums.append(float(part[column].sum()))
    return sums[0], sums[1], 100 * (sums[1] / sums[0] - 1)


# ----------------------------------------------------------------------------- compute


def _surplus_in_currency(rows: _Rows, tables: dict[str, pd.DataFrame], spec: dict) -> None:
    """C01: China Customs' surplus in CNY (reported, or USD x H.10), plus check years."""
    totals, dots, fx = tables[TOTALS_TABLE], tables[DOTS_TABLE], tables[FX_TABLE]
    china, world = spec["china"], spec["world"]
    c01 = _require(spec, "surplus_cny")
    claim_id = _require(c01, "claim", "surplus_cny.")
    currency = _require(c01, "currency", "surplus_cny.")
    if currency not in set(fx["currency"]):
        raise ValueError(f"INTRO spec: 'surplus_cny.currency' = {currency!r} not in {FX_TABLE}")
    published = totals.loc[totals["flow"] == "balance", "year"]
    claim_year = _check_year(
        _require(c01, "year", "surplus_cny."), "surplus_cny.year", published, TOTALS_TABLE
    )
    check_years = [
        _check_year(y, "surplus_cny.check_years", published, TOTALS_TABLE)
        for y in c01.get("check_years", [])
    ]
    for year in [claim_year, *check_years]:
        is_claim_year = year == claim_year
        reported = customs_balance(totals, china, year, currency)
        usd = customs_balance(totals, china, year, "USD")
        rate = fx_rate(fx, currency, year)
        # The study quotes China Customs' CNY figure; where no page gives it, convert.
        use_reported = is_claim_year and not math.isnan(reported)
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
        if not math.isnan(reported):
            rows.add(
                claim_id,
                f"goods balance in {currency}",
                str(year),
                reported / 1000,
                f"trillion {currency}",
                variant="reported by China Customs",
                is_claim_value=use_reported,
                definition=f"China Customs' balance in {currency}, as published",
                **common,
            )
        rows.add(
            claim_id,
            f"goods balance in {currency}",
            str(year),
            usd * rate / 1000,
            f"trillion {currency}",
            variant="USD balance x H.10 rate",
            is_claim_value=is_claim_year and not use_reported,
            definition=f"China Customs' USD balance x H.10 {currency}/USD annual average",
            **common,
        )
        rows.add(
            claim_id,
            f"goods balance in {currency}",
            str(year),
            dots_world_balance(dots, china, world, year) * rate / 1000,
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
    c02 = _require(spec, "surplus_share_of_gdp")
    primary = _require(c02, "primary", "surplus_share_of_gdp.")
    for key, allowed in (("balance", BALANCE_SOURCES), ("gdp", GDP_SOURCES)):
        if primary.get(key) not in allowed:
            raise ValueError(
                f"INTRO spec: 'surplus_share_of_gdp.primary.{key}' = {primary.get(key)!r}; "
                f"expected one of {allowed}"
            )
    for claim_id, year in _require(c02, "claims", "surplus_share_of_gdp.").items():
        _check_year(year, f"surplus_share_of_gdp.claims.{claim_id}", weo["year"], WEO_TABLE)
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
                    100 * balance / gdp,
                    "percent",
                    variant=f"{balance_name} / {gdp_name}",
                    is_claim_value=(balance_name, gdp_name) == (primary["balance"], primary["gdp"]),
                    source=balance_source[balance_name],
                    reporter_side="own",
                    definition=f"goods balance ({balance_name}) / GDP ({gdp_name}) x 100",
                )


def _other_economies_and_current_account(
    rows: _Rows, tables: dict[str, pd.DataFrame], spec: dict
) -> None:
    """C04/C05 context (their current account: the goods balance is not in our tables), C06."""
    weo = tables[WEO_TABLE]
    c04 = _require(spec, "other_goods_balances")
    year = _check_year(
        _require(c04, "year", "other_goods_balances."),
        "other_goods_balances.year",
        weo["year"],
        WEO_TABLE,
    )
    for claim_id, iso3 in _require(c04, "claims", "other_goods_balances.").items():
        if iso3 not in set(weo["iso3"].dropna()):
            raise ValueError(
                f"INTRO spec: 'other_goods_balances.claims.{claim_id}' = {iso3!r} "
                f"not in {WEO_TABLE}"
            )
        rows.add(
            claim_id,
            CONTEXT_CURRENT_ACCOUNT,
            str(year),
            weo_value(weo, iso3, "BCA_NGDPD", year),
            "percent",
            source="weo",
            reporter_side="own",
            reporter_iso3=iso3,
            definition="WEO BCA_NGDPD",
        )
        rows.add(
            claim_id,
            "GDP, current prices",
            str(year),
            weo_value(weo, iso3, "NGDPD", year),
            "billion USD",
            source="weo",
            reporter_side="",
            reporter_iso3=iso3,
            definition="WEO NGDPD",
        )

    c06 = _require(spec, "current_account")
    claim_id = _require(c06, "claim", "current_account.")
    year = _check_year(
        _require(c06, "year", "current_account."), "current_account.year", weo["year"], WEO_TABLE
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
        100 * bca / gdp,
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
    h1 = _require(spec, "exports_half_year")
    ids = _require(h1, "claims", "exports_half_year.")
    year = _check_year(
        _require(h1, "year", "exports_half_year."),
        "exports_half_year.year",
        monthly["year"],
        CENSUS_MONTHLY_TABLE,
    )
    _check_year(year - 1, "exports_half_year.year (a year earlier)", monthly["year"], "Census")
    months = list(_require(h1, "months", "exports_half_year."))
    if not months or not set(months) <= set(range(1, 13)):
        raise ValueError(f"INTRO spec: 'exports_half_year.months' = {months!r}: months are 1-12")
    column = "imports_general_customs_usd_millions"
    before, after, change = period_change(monthly, china, column, year, months)
    span = f"months {months[0]}-{months[-1]}"
    mirror = {"source": "census", "reporter_side": "mirror", "reporter_iso3": usa}
    for y, value in ((year - 1, before), (year, after)):
        rows.add(
            ids["to_us"],
            "US general imports from China",
            f"{y} {span}",
            value / 1000,
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
    _check_year(year, "exports_half_year.year", china_years, f"{DOTS_TABLE} ({china} reporter)")
    to_us = [dots_exports(dots, china, usa, y) for y in (year - 1, year)]
    rest = [
        dots_exports(dots, china, world, y) - us
        for y, us in zip((year - 1, year), to_us, strict=True)
    ]
    own = {"source": "dots", "reporter_side": "own", "variant": "China-reported, full year"}
    rows.add(
        ids["to_us"],
        "China's exports to the US, change (full year, context)",
        str(year),
        100 * (to_us[1] / to_us[0] - 1),
        "percent",
        definition="China-reported exports FOB to the US, year on year",
        **own,
    )
    rows.add(
        ids["to_rest_of_world"],
        "China's exports to the World less the US, change (full year, context)",
        str(year),
        100 * (rest[1] / rest[0] - 1),
        "percent",
        definition="China-reported exports FOB to the World minus to the US, year on year",
        **own,
    )


def _phase_one(rows: _Rows, tables: dict[str, pd.DataFrame], spec: dict) -> None:
    """N04: US goods exports to China in the deal's years against the baseline year."""
    annual = tables[CENSUS_ANNUAL_TABLE]
    china, usa = spec["china"], spec["usa"]
    p1 = _require(spec, "phase_one")
    claim_id = _require(p1, "claim", "phase_one.")
    _require(p1, "commitment_usd_billions", "phase_one.")
    exports = annual[annual["partner_iso3"] == china].set_index("year")["exports_fas_usd_millions"]
    baseline_year = _check_year(
        _require(p1, "baseline_year", "phase_one."),
        "phase_one.baseline_year",
        exports.index.to_series(),
        CENSUS_ANNUAL_TABLE,
    )
    deal_years = [
        _check_year(y, "phase_one.years", exports.index.to_series(), CENSUS_ANNUAL_TABLE)
        for y in _require(p1, "years", "phase_one.")
    ]
    mirror = {"source": "census", "reporter_side": "mirror", "reporter_iso3": usa}
    baseline = float(exports[baseline_year]) / 1000
    rows.add(
        claim_id,
        "US goods exports to China (baseline)",
        str(baseline_year),
        baseline,
        "billion USD",
        definition="US total exports F.A.S. to China (China's imports, mirror)",
        **mirror,
    )
    additional = 0.0
    for year in deal_years:
        value = float(exports[year]) / 1000
        additional += value - baseline
        rows.add(
            claim_id,
            "US goods exports to China",
            str(year),
            value,
            "billion USD",
            definition="US total exports F.A.S. to China",
            **mirror,
        )
        rows.add(
            claim_id,
            "US goods exports to China above the baseline",
            str(year),
            value - baseline,
            "billion USD",
            definition=f"exports in the year - exports in {baseline_year}",
            **mirror,
        )
    rows.add(
        claim_id,
        "additional US goods exports to China over the deal's years",
        f"{deal_years[0]}-{deal_years[-1]}",
        additional,
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
        _require(spec, key)
    if spec["china"] not in set(tables[DOTS_TABLE]["reporter_iso3"]):
        raise ValueError(f"INTRO spec: 'china' = {spec['china']!r} reports nothing in DOTS")
    rows = _Rows(spec)
    _surplus_in_currency(rows, tables, spec)
    _surplus_share_of_gdp(rows, tables, spec)
    _other_economies_and_current_account(rows, tables, spec)
    _exports_half_year(rows, tables, spec)
    _phase_one(rows, tables, spec)
    return {"main": rows.table()}


# ----------------------------------------------------------------------------- claims


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
