"""The same flow from two sources (chinatrade/plausibility/flows.py), on pencil cases."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade.plausibility import core, flows
from chinatrade.plausibility.core import FAIL, PASS, WARN
from plausibility_tables import (
    census,
    comtrade_chn,
    comtrade_us,
    dots,
    empty_press,
    empty_regime,
    fx,
    transcribed_bilateral,
    transcribed_totals,
    wdi_trade,
)


def frame(rows):
    return core.frame(rows).set_index(["measure", "year", "source_b"]).sort_index()


def one(result, key, source_a=None):
    """The one row of ``key`` (measure, year, source_b), of ``source_a`` if given."""
    rows = result.loc[[key]]
    if source_a is not None:
        rows = rows[rows["source_a"] == source_a]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def us_tables(census_rows, dots_rows=(), comtrade_rows=()):
    return {
        "census_us_trade_partners_annual": census(census_rows),
        "bilateral_dots": dots(list(dots_rows)),
        "sector_trade_us_china_comtrade": comtrade_us(list(comtrade_rows)),
    }


# --- US-reported ---------------------------------------------------------------------------


def test_census_against_dots_and_comtrade(settings, files):
    tables = us_tables(
        [(2018, 100.0, 500.0)],
        dots_rows=[
            ("USA", "CHN", 2018, "exports_fob", 100.0),
            # DOTS imports CIF lie above Census's customs value: freight and insurance
            ("USA", "CHN", 2018, "imports_cif", 530.0),
        ],
        comtrade_rows=[
            (2018, "exports_fob", 110e6),  # 9% off the same definition: warn
            (2018, "imports_customs_value", 500e6),
        ],
    )
    result = frame(flows.us_china_us_reported(tables, settings, files))
    status = result["status"]
    assert status[("us_exports", 2018, "IMF DOTS (US-reported)")] == PASS
    assert status[("us_exports", 2018, "UN Comtrade (US-reported)")] == WARN
    assert status[("us_imports", 2018, "IMF DOTS (US-reported)")] == PASS  # -5.7%, CIF band
    assert status[("us_imports", 2018, "UN Comtrade (US-reported)")] == PASS
    row = result.loc[("us_imports", 2018, "IMF DOTS (US-reported)")]
    assert row["difference"] == pytest.approx(100 * (500 / 530 - 1))
    assert "customs value below CIF" in row["tolerance"]
    # the raw file, column and row of the workbook (to 2022)
    assert row["raw_file"] == "data/raw/bilateral/census_country.xlsx"
    assert (row["raw_column"], row["raw_row"]) == ("IYR", "year 2018, CTY_CODE 5700 (China)")


def test_a_customs_value_above_cif_warns_and_a_unit_slip_fails(settings, files):
    tables = us_tables(
        [(2024, 143_271.7, 440_319_400.0)],
        comtrade_rows=[(2024, "exports_fob", 143_000e6), (2024, "imports_cif", 400_000e6)],
    )
    result = frame(flows.us_china_us_reported(tables, settings, files))
    imports = result.loc[("us_imports", 2024, "UN Comtrade (US-reported)")]
    assert imports["status"] == FAIL
    # from 2023 the values come from the extract, named so
    assert imports["raw_file"] == "data/raw/bilateral/census_extract_2023_2024.csv"
    assert imports["raw_column"] == "imports_usd_millions"
    tables = us_tables([(2024, 143.0, 420.0)], comtrade_rows=[(2024, "imports_cif", 400e6)])
    row = frame(flows.us_china_us_reported(tables, settings, files)).iloc[-1]
    assert row["difference"] == pytest.approx(5.0) and row["status"] == WARN


def test_a_census_year_no_other_source_holds_warns(settings, files):
    result = core.frame(flows.us_china_us_reported(us_tables([(2023, 1.0, 2.0)]), settings, files))
    assert list(result["status"]) == [WARN, WARN]
    assert result["value_b"].isna().all()
    assert result["note"].str.startswith("No second source holds this value").all()
    # the years the note gives are the tables': none here, then DOTS to 2020 and Comtrade
    # from 2021 (a Census year, 1990, that neither holds)
    assert "(IMF DOTS ends in none, UN Comtrade starts in none)" in result["note"].iloc[0]
    tables = us_tables(
        [(1990, 1.0, 2.0)],
        dots_rows=[("USA", "CHN", 2020, "exports_fob", 1.0)],
        comtrade_rows=[(2021, "exports_fob", 1e6)],
    )
    note = core.frame(flows.us_china_us_reported(tables, settings, files))["note"].iloc[0]
    assert "(IMF DOTS ends in 2020, UN Comtrade starts in 2021)" in note


# --- China-reported and mirror -------------------------------------------------------------


def china_tables(transcribed=(), comtrade=(), dots_rows=(), census_rows=()):
    return {
        "china_bilateral_transcribed": transcribed_bilateral(list(transcribed)),
        "china_us_totals_comtrade_chn_reported": comtrade_chn(list(comtrade)),
        "bilateral_dots": dots(list(dots_rows)),
        "census_us_trade_partners_annual": census(list(census_rows)),
    }


def test_china_reported_values_against_dots_and_comtrade(settings, files):
    tables = china_tables(
        transcribed=[(2013, "exports", 3684.0, 1.0), (2013, "balance", 2158.0, 1.0)],
        comtrade=[(2013, "exports_fob", 369_063.9e6), (2013, "imports_cif", 153_394.9e6)],
        dots_rows=[
            ("CHN", "USA", 2013, "exports_fob", 368_500.0),
            ("CHN", "USA", 2013, "imports_cif", 146_979.1),
        ],
    )
    result = frame(flows.us_china_china_reported(tables, settings, files))
    pages = "China Customs, press pages (transcribed)"
    assert (
        one(result, ("china_exports", 2013, "IMF DOTS (China-reported)"), pages)["status"] == PASS
    )
    # a balance's difference is taken in percent of total trade, not of the balance
    balance = one(result, ("china_balance", 2013, "IMF DOTS (China-reported)"))
    expected = 100 * (215_800 - (368_500 - 146_979.1)) / (368_500 + 146_979.1)
    assert balance["difference"] == pytest.approx(expected) and balance["status"] == PASS
    # Comtrade's imports 4.4% above DOTS: a warning that names no third source here
    warning = one(result, ("china_imports", 2013, "IMF DOTS (China-reported)"))
    assert warning["status"] == WARN and "Beyond the pass bound" in warning["note"]
    assert balance["raw_file"] == "data/raw/series/bilateral_transcribed.csv"


def test_a_warning_names_the_source_out_of_line_when_a_third_agrees(settings, files):
    tables = china_tables(
        transcribed=[(2013, "imports", 1526.0, 1.0)],
        comtrade=[(2013, "imports_cif", 153_394.9e6)],
        dots_rows=[("CHN", "USA", 2013, "imports_cif", 146_979.1)],
    )
    result = frame(flows.us_china_china_reported(tables, settings, files))
    warning = result[(result["status"] == WARN)].iloc[0]
    assert warning["source_a"] == "UN Comtrade (China-reported)"
    assert warning["note"].startswith("China Customs, press pages (transcribed) (152,600.0)")
    assert "the second source is the one out of line" in warning["note"]


def test_a_china_reported_value_with_no_second_opinion_warns(settings, files):
    tables = china_tables(transcribed=[(2024, "balance", 3610.3, 0.1)])
    row = core.frame(flows.us_china_china_reported(tables, settings, files)).iloc[0]
    assert row["status"] == WARN and pd.isna(row["value_b"])
    # with the US's report of the year, the mirror check decides: no warning here
    tables = china_tables(transcribed=[(2024, "balance", 3610.3, 0.1)], census_rows=[(2024, 1, 2)])
    assert flows.us_china_china_reported(tables, settings, files) == []


def test_mirror_is_judged_by_a_factor(settings, files):
    tables = china_tables(
        dots_rows=[
            ("CHN", "USA", 1990, "exports_fob", 100.0),  # US imports 3x: pass
            ("CHN", "USA", 1990, "imports_cif", 100.0),  # US exports 5x: warn
            ("CHN", "USA", 1991, "exports_fob", 100.0),  # US imports 20x: fail
        ],
        census_rows=[(1990, 500.0, 300.0), (1991, 100.0, 2000.0)],
        transcribed=[(1990, "balance", -1.0, 0.1)],  # a deficit against a US deficit
    )
    result = core.frame(flows.us_china_mirror(tables, settings, files)).set_index(
        ["measure", "year"]
    )
    assert result.loc[("china_exports", 1990), "status"] == PASS
    assert result.loc[("china_imports", 1990), "status"] == WARN
    assert result.loc[("china_exports", 1991), "status"] == FAIL
    balance = result.loc[("china_balance", 1990)]
    assert balance["status"] == WARN and "opposite signs" in balance["note"]


# --- China's national totals ---------------------------------------------------------------


def totals_tables(rows, dots_rows=(), wdi_rows=(), rates=(("CNY", 2018, 6.609),)):
    return {
        "china_trade_totals_transcribed": transcribed_totals(rows),
        "gacc_press_check_values": empty_press(),
        "trade_by_regime_annual": empty_regime(),
        "trade_by_regime_gacc": pd.DataFrame(columns=["source_url", "source_file"]),
        "bilateral_dots": dots(list(dots_rows)),
        "merchandise_trade_wdi": wdi_trade(list(wdi_rows)),
        "fx_fed_h10": fx(list(rates)),
    }


def test_china_totals_in_usd_and_cny(settings, files):
    tables = totals_tables(
        [
            (2018, "exports", "USD", 24_800.0, 100.0),
            (2018, "exports", "CNY", 164_200.0, 100.0),
            (2018, "balance", "USD", 3_517.6, 0.1),
        ],
        dots_rows=[
            ("CHN", "WORLD", 2018, "exports_fob", 2_501_334.0),
            ("CHN", "WORLD", 2018, "imports_cif", 2_134_026.0),
        ],
    )
    result = core.frame(flows.china_totals(tables, settings, files)).set_index("measure")
    assert result.loc["exports (USD)", "status"] == PASS
    cny = result.loc["exports (CNY)"]
    assert cny["value_a"] == pytest.approx(100 * 164_200 / 6.609)
    assert cny["status"] == PASS and "H.10 average of 2018" in cny["note"]
    assert "±5.5%" in cny["tolerance"]  # the exchange-rate tolerance is added
    balance = result.loc["balance (USD)"]
    assert balance["difference"] == pytest.approx(
        100 * (351_760 - 367_308) / (2_501_334 + 2_134_026)
    )
    assert balance["status"] == PASS


def test_a_cny_total_at_a_wrong_rate_fails_and_a_year_without_source_warns(settings, files):
    tables = totals_tables(
        [(2019, "exports", "CNY", 172_300.0, 100.0), (2031, "exports", "USD", 1.0, 0.1)],
        wdi_rows=[("CHN", 2019, 2_499_030e6, 2_078_386e6)],
        rates=(("CNY", 2019, 9.6081),),
    )
    result = core.frame(flows.china_totals(tables, settings, files)).set_index("year")
    assert result.loc[2019, "status"] == FAIL
    assert result.loc[2031, "status"] == WARN and pd.isna(result.loc[2031, "value_b"])
