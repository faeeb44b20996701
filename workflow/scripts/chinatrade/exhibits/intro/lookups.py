"""INTRO's look-ups: one value of a canonical table (a balance, GDP, a rate, a half-year sum)."""

from __future__ import annotations

import math

import pandas as pd

from .common import CENSUS_MONTHLY_TABLE, PRESS_TABLE, TOTALS_TABLE

# WEO concepts stored in value_percent (the others are in value_usd_billions).
WEO_PERCENT_CONCEPTS = ("BCA_NGDPD", "NGDP_RPCH")


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


def press_balance(press: pd.DataFrame, year: int, currency: str) -> tuple[float, str]:
    """China Customs' full-year trade surplus as a press page quotes it (the snapshot's
    check values), in billions of ``currency``, and the page's publisher; NaN and "" when no
    page gives it."""
    column = {"USD": "value_usd_100m", "CNY": "value_cny_100m"}[currency]
    rows = press[
        (press["year"] == year)
        & (press["period"] == "1-12")
        & (press["indicator"] == "trade surplus")
        & press[column].notna()
    ]
    if len(rows) > 1:
        raise ValueError(f"{PRESS_TABLE}: {len(rows)} {currency} surpluses for {year}")
    if rows.empty:
        return math.nan, ""
    # 100 million -> billion
    return float(rows[column].iloc[0]) / 10, str(rows["source_publisher"].iloc[0])


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


def wdi_merchandise(merchandise: pd.DataFrame, iso3: str, year: int) -> dict[str, float]:
    """WDI (WTO) merchandise exports FOB, imports CIF and balance, current USD billion;
    NaN where the table has no value."""
    rows = merchandise[(merchandise["iso3"] == iso3) & (merchandise["year"] == year)]
    columns = {
        "exports": "merchandise_exports_usd",
        "imports": "merchandise_imports_usd",
        "balance": "merchandise_balance_usd",
    }
    if rows.empty:
        return dict.fromkeys(columns, math.nan)
    return {name: float(rows[column].iloc[0]) / 1e9 for name, column in columns.items()}


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
