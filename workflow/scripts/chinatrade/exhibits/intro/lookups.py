"""INTRO's look-ups: one value of a canonical table (a balance, GDP, a rate, a half-year sum),
each with the raw files of the rows it was read from (:class:`Found`)."""

from __future__ import annotations

import math
from typing import NamedTuple

import pandas as pd

from chinatrade import lineage

from .common import CENSUS_MONTHLY_TABLE, PRESS_TABLE, TOTALS_TABLE

# WEO concepts stored in value_percent (the others are in value_usd_billions).
WEO_PERCENT_CONCEPTS = ("BCA_NGDPD", "NGDP_RPCH")


class Found(NamedTuple):
    """A value and the raw files (manifest ids, chinatrade/lineage.py) it comes from."""

    value: float
    ids: str


def derived(value: float, *inputs: Found) -> Found:
    """A value computed from looked-up ones: it comes from all their raw files."""
    return Found(value, lineage.join(found.ids for found in inputs))


def _found(value: float, rows: pd.DataFrame, searched: pd.DataFrame) -> Found:
    """``value`` read from ``rows``; without rows (a gap) it names the files of ``searched``,
    where it was looked for."""
    return Found(value, lineage.join((rows if len(rows) else searched)[lineage.COLUMN]))


def _first(rows: pd.DataFrame, column: str, searched: pd.DataFrame, per: float = 1.0) -> Found:
    """The first row's ``column`` / ``per`` (NaN without rows), with :func:`_found`'s files."""
    return _found(float(rows[column].iloc[0]) / per if len(rows) else math.nan, rows, searched)


def customs_balance(totals: pd.DataFrame, china: str, year: int, currency: str) -> Found:
    """China Customs' full-year goods balance (transcribed), in billions of ``currency``.

    ``currency`` is "USD" or "CNY"; NaN when no transcribed page gives it.
    """
    column = {"USD": "value_usd_100m", "CNY": "value_cny_100m"}[currency]
    china_rows = totals[totals["reporter"] == china]
    rows = china_rows[
        (china_rows["year"] == year)
        & (china_rows["flow"] == "balance")
        & (china_rows["trade_mode"] == "all")
        & ~china_rows["is_partial_year"]
    ]
    values = rows[column].dropna()
    if len(values) > 1:
        raise ValueError(f"{TOTALS_TABLE}: {len(values)} {currency} balances for {china} {year}")
    # 100 million -> billion
    return _found(float(values.iloc[0]) / 10 if len(values) else math.nan, rows, china_rows)


def press_balance(press: pd.DataFrame, year: int, currency: str) -> tuple[Found, str]:
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
        return _found(math.nan, rows, press), ""
    # 100 million -> billion
    return _first(rows, column, press, 10), str(rows["source_publisher"].iloc[0])


def dots_world_balance(dots: pd.DataFrame, china: str, world: str, year: int) -> Found:
    """China-reported exports FOB minus imports CIF with the World, USD billion."""
    reported = dots[dots["reporter_iso3"] == china]
    rows = reported[(reported["partner_code"] == world) & (reported["year"] == year)]
    flows = rows.set_index("flow")["value_usd_millions"]
    balance = (flows.get("exports_fob", math.nan) - flows.get("imports_cif", math.nan)) / 1000
    return _found(balance, rows, reported)


def dots_exports(dots: pd.DataFrame, china: str, partner: str, year: int) -> Found:
    """China-reported exports FOB to ``partner``, USD billion."""
    reported = dots[dots["reporter_iso3"] == china]
    rows = reported[
        (reported["partner_code"] == partner)
        & (reported["year"] == year)
        & (reported["flow"] == "exports_fob")
    ]
    return _first(rows, "value_usd_millions", reported, 1000)


def weo_value(weo: pd.DataFrame, iso3: str, concept: str, year: int) -> Found:
    """One WEO value: USD billions for NGDPD/BCA, percent for BCA_NGDPD."""
    rows = weo[(weo["iso3"] == iso3) & (weo["concept"] == concept) & (weo["year"] == year)]
    column = "value_percent" if concept in WEO_PERCENT_CONCEPTS else "value_usd_billions"
    return _first(rows, column, weo)


def wdi_gdp(wdi: pd.DataFrame, iso3: str, year: int) -> Found:
    """WDI GDP, current USD billion."""
    rows = wdi[(wdi["iso3"] == iso3) & (wdi["year"] == year)]
    return _first(rows, "gdp_usd", wdi, 1e9)


def wdi_merchandise(merchandise: pd.DataFrame, iso3: str, year: int) -> dict[str, Found]:
    """WDI (WTO) merchandise exports FOB, imports CIF and balance, current USD billion;
    NaN where the table has no value."""
    rows = merchandise[(merchandise["iso3"] == iso3) & (merchandise["year"] == year)]
    columns = {
        "exports": "merchandise_exports_usd",
        "imports": "merchandise_imports_usd",
        "balance": "merchandise_balance_usd",
    }
    return {name: _first(rows, column, merchandise, 1e9) for name, column in columns.items()}


def fx_rate(fx: pd.DataFrame, currency: str, year: int) -> Found:
    """H.10 annual average, units of ``currency`` per USD."""
    rows = fx[(fx["currency"] == currency) & (fx["year"] == year)]
    return _first(rows, "units_per_usd", fx)


def period_change(
    monthly: pd.DataFrame, partner: str, column: str, year: int, months: list[int]
) -> tuple[Found, Found, Found]:
    """Sum of ``column`` over ``months`` in year-1 and year, and the change in percent."""
    rows = monthly[(monthly["partner_iso3"] == partner) & monthly["month"].isin(months)]
    sums = []
    for y in (year - 1, year):
        part = rows[rows["year"] == y]
        if part["month"].nunique() != len(months):
            raise ValueError(
                f"{CENSUS_MONTHLY_TABLE}: {partner} {y} lacks some of the months {months}"
            )
        sums.append(_found(float(part[column].sum()), part, rows))
    return sums[0], sums[1], derived(100 * (sums[1].value / sums[0].value - 1), *sums)
