"""GDP and exchange rates from two sources (chinatrade/plausibility/macro.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade.plausibility import core, macro
from chinatrade.plausibility.core import FAIL, PASS, WARN
from plausibility_tables import empty_press, empty_regime, fx, transcribed_totals


def gdp_tables(wdi, weo):
    """wdi: (code, year, USD); weo: (code, year, USD billion, is_projection)."""
    return {
        "gdp_wdi": pd.DataFrame(wdi, columns=["wdi_code", "year", "gdp_usd"]),
        "weo_oct2025": pd.DataFrame(
            [(c, y, "NGDPD", v, p) for c, y, v, p in weo],
            columns=["weo_code", "year", "concept", "value_usd_billions", "is_projection"],
        ).astype({"is_projection": "boolean"}),
    }


def test_wdi_gdp_against_weo(settings, files):
    tables = gdp_tables(
        wdi=[
            ("CHN", 1990, 1.0),  # before first_year: not compared
            ("CHN", 2017, 12_310e9),
            ("CHN", 2018, 13_895e9),
            ("CHN", 2019, 14_280e9),
            ("CHN", 2020, 14_688e9 * 1e6),
            ("CHN", 2021, 17_000e9),
        ],
        weo=[
            ("CHN", 2017, 12_500.0, False),  # -1.5%: pass
            ("CHN", 2018, 14_111.0, False),
            ("CHN", 2019, 15_600.0, False),  # -8.5%: warn
            ("CHN", 2020, 14_900.0, False),  # a million times: fail
            ("CHN", 2021, 17_500.0, True),  # a projection is no second value: warn
        ],
    )
    result = core.frame(macro.gdp_wdi_weo(tables, settings, files)).set_index("year")
    assert 1990 not in result.index
    assert list(result["status"]) == [PASS, PASS, WARN, FAIL, WARN]
    assert result.loc[2018, "difference"] == pytest.approx(100 * (13_895 / 14_111 - 1))
    assert result.loc[2021, "note"].startswith("No second source holds this value")
    assert result.loc[2020, "raw_row"] == "Country Code CHN, Year 2020"
    assert result.loc[2020, "raw_file"] == "data/raw/bilateral/wdi_gdp.csv"


def implied_tables(rates, totals):
    return {
        "fx_fed_h10": fx(rates),
        "china_trade_totals_transcribed": transcribed_totals(totals),
        "gacc_press_check_values": empty_press(),
        "trade_by_regime_annual": empty_regime(),
        "trade_by_regime_gacc": pd.DataFrame(columns=["source_url", "source_file"]),
    }


def test_h10_against_the_rate_china_customs_implies(settings, files):
    totals = [
        (2018, "total", "CNY", 305_100.0, 100.0),
        (2018, "total", "USD", 46_200.0, 100.0),
        (2018, "exports", "CNY", 164_200.0, 100.0),  # no USD value: no rate
        (2024, "exports", "CNY", 254_500.0, 100.0),
        (2024, "exports", "USD", 35_800.0, 100.0),
    ]
    rates = [("CNY", 2018, 6.609), ("CNY", 2024, 7.1957)]
    result = core.frame(macro.fx_customs_implied(implied_tables(rates, totals), settings, files))
    result = result.set_index("year")
    assert list(result.index) == [2018, 2024]
    assert result.loc[2018, "value_b"] == pytest.approx(305_100 / 46_200)
    assert result.loc[2018, "status"] == PASS
    # 2024: 1.2% apart (China Customs converts each month at its own rate): within 1.5%
    assert result.loc[2024, "difference"] == pytest.approx(100 * (7.1957 / (254_500 / 35_800) - 1))
    assert result.loc[2024, "status"] == PASS
    assert "rounding (0.16%)" in result.loc[2024, "tolerance"]


def test_a_mistyped_rate_fails_and_a_missing_one_warns(settings, files):
    totals = [
        (2019, "total", "CNY", 315_400.0, 100.0),
        (2019, "total", "USD", 45_761.0, 1.0),
        (2021, "total", "CNY", 391_000.0, 100.0),
        (2021, "total", "USD", 60_500.0, 100.0),
    ]
    result = core.frame(
        macro.fx_customs_implied(implied_tables([("CNY", 2019, 9.6081)], totals), settings, files)
    ).set_index("year")
    assert result.loc[2019, "status"] == FAIL
    assert result.loc[2019, "raw_row"] == "Date 2019-01-01, Country China"
    assert result.loc[2021, "status"] == WARN and pd.isna(result.loc[2021, "value_a"])


def test_the_most_precise_values_give_the_implied_rate(files):
    tables = implied_tables(
        [],
        [
            (2018, "exports", "USD", 24_800.0, 100.0),
            (2018, "exports", "USD", 24_865.96, 0.01),
            (2018, "exports", "CNY", 164_200.0, 100.0),
        ],
    )
    (implied,) = macro.implied_rates(tables, files)
    assert implied["rate"] == pytest.approx(164_200 / 24_865.96)
    assert implied["rounding_pct"] == pytest.approx(100 * (50 / 164_200 + 0.005 / 24_865.96))
