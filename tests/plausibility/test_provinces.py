"""NBS provinces against what a second file fixes (chinatrade/plausibility/provinces.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade.plausibility import core, provinces
from chinatrade.plausibility.core import FAIL, PASS, WARN
from plausibility_tables import dots, wdi_trade

# USD 100 million by province and year: (location of the trading unit, domestic destination);
# the destination values and each province's ratio between the tables as in NBS 2016-2020
YEARS = range(2016, 2021)
SHAPES = {
    ("440000", "Guangdong"): (12_000, [0.90, 0.90, 0.895, 0.875, 0.85]),
    ("320000", "Jiangsu"): (7_000, [0.93, 0.93, 0.926, 0.928, 0.94]),
    ("110000", "Beijing"): (1_200, [2.31, 2.66, 3.24, 3.71, 3.30]),
    ("540000", "Tibet"): (4.2, [1.32, 1.42, 1.14, 1.14, 1.10]),
    ("999999", "the others"): (25_000, [1.0, 1.01, 1.0, 0.99, 1.0]),
}
PROVINCES = {
    province: {
        year: (destination * ratio, destination) for year, ratio in zip(YEARS, ratios, strict=True)
    }
    for province, (destination, ratios) in SHAPES.items()
}


def nbs(provinces_=PROVINCES, swap=None) -> pd.DataFrame:
    rows = []
    for (code, name), years in provinces_.items():
        for year, (location, destination) in years.items():
            for definition, value in (
                (provinces.LOCATION, location),
                (provinces.DESTINATION, destination),
            ):
                rows.append((code, name, year, definition, value * 1e5))
    table = pd.DataFrame(
        rows,
        columns=["province_code", "province_name_en", "year", "definition", "value_usd_thousands"],
    )
    if swap:
        year, a, b = swap
        at = (table["year"] == year) & (table["definition"] == provinces.LOCATION)
        first, second = at & (table["province_code"] == a), at & (table["province_code"] == b)
        values = table.loc[first, "value_usd_thousands"].iloc[0]
        table.loc[first, "value_usd_thousands"] = table.loc[second, "value_usd_thousands"].iloc[0]
        table.loc[second, "value_usd_thousands"] = values
    return table


def test_provinces_whose_ratio_between_the_tables_holds_pass(settings, files):
    result = core.frame(
        provinces.nbs_province_definitions({"province_trade_nbs": nbs()}, settings, files)
    )
    assert len(result) == 25
    # Beijing's ratio moves from 2.3 to 3.7 and back to 3.3: within 2 points of the total
    assert (result["status"] == PASS).all(), result[["key", "difference"]]
    beijing = result.set_index(["subject", "year"]).loc[("110000 Beijing", 2018)]
    assert beijing["value_b"] == pytest.approx((2.66 * 3.71) ** 0.5 * 1_200)
    assert "ratio of 2017 & 2019" in beijing["source_b"]


def test_two_provinces_swapped_fail_naming_the_row(settings, files):
    tables = {"province_trade_nbs": nbs(swap=(2018, "440000", "320000"))}
    result = core.frame(provinces.nbs_province_definitions(tables, settings, files))
    failed = result[result["status"] == FAIL].set_index(["subject", "year"])
    assert ("440000 Guangdong", 2018) in failed.index and ("320000 Jiangsu", 2018) in failed.index
    worst = result.loc[result["severity"].idxmax()]
    assert worst["year"] == 2018
    assert worst["raw_file"] == "data/raw/gvc_province/nbs_location.csv"
    assert worst["raw_row"].startswith("region_code ") and worst["raw_row"].endswith("year 2018")
    assert "a value in the wrong province" in worst["note"]


def test_a_province_without_the_other_table_warns(settings, files):
    table = nbs({("650000", "Xinjiang"): {2018: (100, 0), 2019: (100, 0)}})
    result = core.frame(
        provinces.nbs_province_definitions({"province_trade_nbs": table}, settings, files)
    )
    assert list(result["status"]) == [WARN, WARN]


def test_the_national_sum_against_wdi_and_dots(settings, files):
    total = sum(v[2018][0] for v in PROVINCES.values())  # 2018; the other years: no source
    tables = {
        "province_trade_nbs": nbs(),
        "merchandise_trade_wdi": wdi_trade([("CHN", 2018, total * 0.6e8, total * 0.4e8)]),
        "bilateral_dots": dots(
            [
                ("CHN", "WORLD", 2018, "exports_fob", total * 60 * 10),  # ten times: fail
                ("CHN", "WORLD", 2018, "imports_cif", total * 40 * 10),
            ]
        ),
    }
    result = core.frame(provinces.nbs_national_total(tables, settings, files))
    by = result.set_index(["measure", "year", "source_b"])["status"]
    assert (
        by[("total trade (location_of_trading_unit)", 2018, "WDI merchandise trade (WTO)")] == PASS
    )
    assert by[("total trade (location_of_trading_unit)", 2018, "IMF DOTS (China-reported)")] == FAIL
    # the other years: neither WDI nor DOTS has them here
    missing = result[result["year"] != 2018]
    assert (missing["status"] == WARN).all() and len(missing) == 8
