"""Year-on-year jumps in series that do not jump (chinatrade/plausibility/series.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade.plausibility import core, series
from chinatrade.plausibility.core import FAIL, PASS, WARN
from plausibility_tables import census, dots, fx, wdi_trade

SPEC = {"first_year": 2000, "max_change_pct": 25, "fail_factor": 2}


def run(values: dict[int, float], spec=SPEC) -> pd.DataFrame:
    one = series.Series(
        "fx_year_on_year",
        "CNY",
        "per USD",
        "CNY per USD",
        "H.10",
        pd.Series(values),
        "data/raw/h10.csv",
        "Exchange rate",
        "Date {year}-01-01, Country China",
    )
    return core.frame(series.year_on_year(one, spec)).set_index("year")


def test_steady_values_pass_from_the_first_year():
    result = run({1999: 8.28, 2000: 8.28, 2001: 8.277, 2002: 8.0})
    assert list(result.index) == [2000, 2001, 2002]  # 2000 against 1999
    assert (result["status"] == PASS).all()
    assert result.loc[2002, "difference"] == pytest.approx(100 * (8.0 / 8.277 - 1))


def test_one_value_out_of_line_fails_and_a_level_shift_warns():
    # 2019 mistyped: 9.6081 for 6.9081 (+45%, and 2020 back near 2018)
    result = run({2017: 6.757, 2018: 6.609, 2019: 9.6081, 2020: 6.904, 2021: 6.451})
    assert result.loc[2019, "status"] == FAIL
    assert result.loc[2019, "note"].startswith("Out of line with the years before and after")
    assert result.loc[2019, "raw_row"] == "Date 2019-01-01, Country China"
    assert result.loc[2020, "status"] == WARN  # the way back, itself beyond the bound
    # a devaluation that lasts (1994: +50%, then stays) warns
    result = run({2000: 5.78, 2001: 8.64, 2002: 8.37, 2003: 8.34})
    assert result.loc[2001, "status"] == WARN
    assert result.loc[2001, "note"].startswith("A level shift that the next year keeps")


def test_the_last_year_and_a_factor_and_a_gap():
    result = run({2018: 1.0, 2019: 1.3})
    assert result.loc[2019, "status"] == WARN
    assert "whether the change lasts cannot be seen" in result.loc[2019, "note"]
    result = run({2018: 1.0, 2019: 1000.0, 2020: 1000.0})
    assert result.loc[2019, "status"] == FAIL and "factor of 1,000." in result.loc[2019, "note"]
    assert result.loc[2020, "status"] == PASS
    # years apart are not compared; a value that is not positive fails
    assert list(run({2000: 1.0, 2005: 9.0}).index) == []
    assert run({2000: 1.0, 2001: 0.0}).loc[2001, "status"] == FAIL


def test_the_series_of_each_check(settings, files):
    settings["gdp"]["economies"] = ["CHN"]
    tables = {
        "bilateral_dots": dots(
            [("CHN", "WORLD", y, "exports_fob", v) for y, v in ((2000, 249.2), (2001, 266.1))]
        ),
        "merchandise_trade_wdi": wdi_trade([("CHN", 2000, 249e9, 225e9)]),
        "census_us_trade_partners_annual": census([(2023, 147.8, 426.9), (2024, 143.3, 440_319.4)]),
        "fx_fed_h10": fx([("CNY", 2000, 8.28)]),
    }
    found = series.trade_series(tables, settings, files)
    names = [(s.subject, s.measure) for s in found]
    assert ("CHN", "exports_fob (World)") in names and ("USA-CHN", "us_imports") in names
    result = core.frame(series.trade_year_on_year(tables, settings, files)).set_index("measure")
    imports = result.loc["us_imports"]
    assert imports["status"] == FAIL  # x1000 in 2024
    assert imports["raw_file"] == "data/raw/bilateral/census_extract_2023_2024.csv"
    assert imports["raw_column"] == "imports_usd_millions"
    (fx_series,) = series.fx_series(tables, settings, files)
    assert fx_series.row_of(2019) == "Date 2019-01-01, Country China"
