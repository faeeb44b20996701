"""Bilateral balances by partner and group, and average growth, on numbers known by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chinatrade.balances import average_growth, growth_table, partner_balances


def bilateral(rows):
    """Each row's raw file: one made-up file per partner (``dots_<partner>``)."""
    table = pd.DataFrame(
        rows, columns=["reporter_iso3", "partner_code", "year", "flow", "value_usd_millions"]
    )
    return table.assign(raw_file_ids="dots_" + table["partner_code"])


@pytest.fixture()
def trade():
    rows = []
    for year, (fra_x, fra_m, deu_x, deu_m, usa_x, usa_m) in {
        2000: (10, 4, 20, 30, 100, 40),
        2001: (12, 5, 22, 31, 110, 45),
        2002: (14, 6, None, 32, 120, 50),  # Germany's exports missing in 2002
    }.items():
        for partner, x, m in (("FRA", fra_x, fra_m), ("DEU", deu_x, deu_m), ("USA", usa_x, usa_m)):
            rows.append(("CHN", partner, year, "exports_fob", x))
            rows.append(("CHN", partner, year, "imports_cif", m))
    rows.append(("USA", "CHN", 2000, "exports_fob", 999))  # another reporter: ignored
    return bilateral(rows)


def test_single_partner_and_group_sums(trade):
    out = partner_balances(trade, "CHN", ["USA", "EU2"], {"EU2": ["DEU", "FRA"]}, 2000)
    usa = out[out.partner == "USA"].set_index("year")
    assert usa.loc[2001, "balance_usd_millions"] == 110 - 45
    eu = out[out.partner == "EU2"].set_index("year")
    assert eu.loc[2000, "exports_fob_usd_millions"] == 30
    assert eu.loc[2000, "imports_cif_usd_millions"] == 34
    assert eu.loc[2000, "balance_usd_millions"] == -4
    assert eu.loc[2000, "members_reporting"] == 2
    assert set(out.reporter_side) == {"own"}


def test_group_with_a_missing_member_is_missing_not_smaller(trade):
    out = partner_balances(trade, "CHN", ["EU2"], {"EU2": ["DEU", "FRA"]}, 2000)
    eu_2002 = out[out.year == 2002].iloc[0]
    assert math.isnan(eu_2002["balance_usd_millions"])
    assert eu_2002["members_reporting"] == 1 and eu_2002["members_expected"] == 2
    # the group's rows name the files of its members' rows
    assert set(out["raw_file_ids"]) == {"dots_DEU; dots_FRA"}


def test_first_year_filters(trade):
    out = partner_balances(trade, "CHN", ["USA"], {}, 2001)
    assert list(out.year) == [2001, 2002]


def test_average_growth_two_definitions():
    # 100 -> 200 -> 250: yearly rates 100% and 25%
    series = pd.Series([100.0, 200.0, 250.0], index=[2000, 2001, 2002])
    growth = average_growth(series, 2000, 2002)
    assert growth["compound"] == pytest.approx(100 * (2.5**0.5 - 1))
    assert growth["mean_of_yearly"] == pytest.approx(62.5)


def test_growth_is_undefined_across_a_sign_change_or_gap():
    assert math.isnan(
        average_growth(pd.Series([-5.0, 10.0], index=[2000, 2001]), 2000, 2001)["compound"]
    )
    gap = pd.Series([5.0, 10.0], index=[2000, 2002])
    assert math.isnan(average_growth(gap, 2000, 2002)["mean_of_yearly"])


def test_growth_of_a_deficit_is_the_growth_of_its_size(trade):
    out = partner_balances(trade, "CHN", ["DEU"], {}, 2000)
    table = growth_table(out, 2000, 2001, {"DEU": -1})
    # deficit 10 -> 9
    assert table.iloc[0]["measure"] == "deficit"
    assert table.iloc[0]["growth_compound_pct_per_year"] == pytest.approx(-10.0)


def test_a_partner_without_data_is_an_error(trade):
    with pytest.raises(ValueError, match=r"partner 'EU3': CHN reports no trade with \['ITA'\]"):
        partner_balances(trade, "CHN", ["EU3"], {"EU3": ["DEU", "FRA", "ITA"]}, 2000)
