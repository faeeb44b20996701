"""The FDI-asymmetry panel: hand-solved synthetic tables, then the canonical tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from chinatrade.analysis import fdi_panel, regress
from chinatrade.errors import InputDataError

USDIA, FDIUS = fdi_panel.USDIA, fdi_panel.FDIUS
NAN = math.nan


def _position(measure, investor, host, year, value, flag="reported", kind="economy"):
    partner_is_host = measure == USDIA
    return {
        "measure": measure,
        "investor_iso3": investor,
        "host_iso3": host,
        "investor_kind": "economy" if partner_is_host else kind,
        "host_kind": kind if partner_is_host else "economy",
        "year": year,
        "position_usd_millions": value,
        "value_flag": flag,
        "source_label": {"AAA": "Aland", "BBB": "Borduria"}.get(
            host if partner_is_host else investor, "x"
        ),
    }


def synthetic_positions() -> pd.DataFrame:
    """USDIA 2007-2009, FDIUS 2008-2010 (overlap 2008-2009).

    US in AAA: 80, 100, 120. US in BBB: (D), -5, (D). US in CCC (no FDIUS line): 2008 10.
    AAA in US: 10, 40, 50. BBB in US: 20, 30, (*). DDD in US (no USDIA line): 2008 5.
    Aggregates (EUR) and a dissolved state (SUN) must be left out.
    """
    rows = [
        _position(USDIA, "USA", "AAA", 2007, 80.0),
        _position(USDIA, "USA", "AAA", 2008, 100.0),
        _position(USDIA, "USA", "AAA", 2009, 120.0),
        _position(USDIA, "USA", "BBB", 2007, NAN, "suppressed"),
        _position(USDIA, "USA", "BBB", 2008, -5.0),
        _position(USDIA, "USA", "BBB", 2009, NAN, "suppressed"),
        _position(USDIA, "USA", "CCC", 2008, 10.0),
        _position(USDIA, "USA", "EUR", 2008, 500.0, kind="aggregate"),
        _position(USDIA, "USA", "SUN", 2007, 3.0, kind="historical"),
        _position(FDIUS, "AAA", "USA", 2008, 10.0),
        _position(FDIUS, "AAA", "USA", 2009, 40.0),
        _position(FDIUS, "AAA", "USA", 2010, 50.0),
        _position(FDIUS, "BBB", "USA", 2008, 20.0),
        _position(FDIUS, "BBB", "USA", 2009, 30.0),
        _position(FDIUS, "BBB", "USA", 2010, NAN, "below_half_million"),
        _position(FDIUS, "DDD", "USA", 2008, 5.0),
        _position(FDIUS, "EUR", "USA", 2008, 400.0, kind="aggregate"),
        _position(FDIUS, "SUN", "USA", 2008, 1.0, kind="historical"),
    ]
    return pd.DataFrame(rows)


def synthetic_census() -> pd.DataFrame:
    """Census 2008-2009. AAA: 2008 exports 30, imports 70 (balance -40, trade 100, share -0.4);
    2009 exports 50, imports 50. BBB: 2008 an incomplete year, 2009 no row. A 'part' row of
    AAA must be ignored."""
    rows = [
        (2008, "AAA", "economy", 30.0, 70.0, True),
        (2009, "AAA", "economy", 50.0, 50.0, True),
        (2008, "BBB", "economy", 5.0, 1.0, False),
        (2008, "AAA", "part", 1000.0, 0.0, True),
        (2008, "CCC", "economy", 8.0, 2.0, True),
    ]
    columns = [
        "year",
        "partner_iso3",
        "partner_kind",
        "exports_fas_usd_millions",
        "imports_general_customs_usd_millions",
        "complete_year",
    ]
    return pd.DataFrame(rows, columns=columns)


def synthetic_gdp() -> pd.DataFrame:
    """AAA GDP USD 2 billion in 2008 and 1 billion in 2009; CCC 0.5 billion in 2008; an
    aggregate; BBB absent."""
    return pd.DataFrame(
        {
            "iso3": ["AAA", "AAA", "CCC", None],
            "area_kind": ["economy", "economy", "economy", "aggregate"],
            "year": [2008, 2009, 2008, 2008],
            "gdp_usd": [2e9, 1e9, 5e8, 1e12],
        }
    )


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return fdi_panel.fdi_asymmetry_panel(
        synthetic_positions(), synthetic_census(), synthetic_gdp(), None
    )


def test_synthetic_partners_and_years(panel):
    assert list(panel.columns) == fdi_panel.PANEL_COLUMNS
    # only economies with lines in both files; the overlap of the files' years
    assert list(zip(panel["partner_iso3"], panel["year"], strict=True)) == [
        ("AAA", 2008),
        ("AAA", 2009),
        ("BBB", 2008),
        ("BBB", 2009),
    ]
    assert list(panel["partner_name"].unique()) == ["Aland", "Borduria"]


def test_synthetic_log_ratio_only_from_reported_positive_positions(panel):
    rows = panel.set_index(["partner_iso3", "year"])
    assert rows.at[("AAA", 2008), "log_position_ratio"] == pytest.approx(math.log(10))
    assert rows.at[("AAA", 2009), "log_position_ratio"] == pytest.approx(math.log(3))
    assert rows.at[("AAA", 2008), "log_ratio_flag"] == "ok"
    # a negative position stays in the table but not in the log
    assert rows.at[("BBB", 2008), "us_position_in_partner_usd_millions"] == -5.0
    assert np.isnan(rows.at[("BBB", 2008), "log_position_ratio"])
    assert rows.at[("BBB", 2008), "log_ratio_flag"] == "us_position_not_positive"
    assert rows.at[("BBB", 2009), "us_position_flag"] == "suppressed"
    assert rows.at[("BBB", 2009), "log_ratio_flag"] == "us_position_suppressed"


def test_synthetic_balance_shares_and_flags(panel):
    rows = panel.set_index(["partner_iso3", "year"])
    aaa = rows.loc[("AAA", 2008)]
    assert aaa["us_balance_usd_millions"] == -40.0  # exports - imports, not the 'part' row
    assert aaa["bilateral_trade_usd_millions"] == 100.0
    assert aaa["balance_share_of_bilateral_trade"] == pytest.approx(-0.4)
    assert aaa["partner_gdp_usd_millions"] == pytest.approx(2000.0)
    assert aaa["balance_share_of_partner_gdp_pct"] == pytest.approx(-2.0)
    assert rows.at[("AAA", 2009), "balance_share_of_bilateral_trade"] == 0.0
    assert rows.at[("BBB", 2008), "census_flag"] == "incomplete_year"
    assert np.isnan(rows.at[("BBB", 2008), "us_balance_usd_millions"])
    assert rows.at[("BBB", 2009), "census_flag"] == "no_row"
    assert rows.at[("BBB", 2008), "gdp_flag"] == "not_in_wdi"


def test_synthetic_years_outside_a_file_are_not_covered():
    panel = fdi_panel.fdi_asymmetry_panel(
        synthetic_positions(), synthetic_census(), synthetic_gdp(), [2008, 2009, 2010]
    )
    row = panel.set_index(["partner_iso3", "year"]).loc[("AAA", 2010)]
    assert row["us_position_flag"] == "not_covered"
    assert row["partner_position_in_us_usd_millions"] == 50.0
    assert row["log_ratio_flag"] == "us_position_not_covered"
    assert row["census_flag"] == "not_covered"


def test_synthetic_single_direction_panel():
    single = fdi_panel.single_direction_panel(
        synthetic_positions(), synthetic_census(), synthetic_gdp()
    )
    assert list(single.columns) == fdi_panel.SINGLE_COLUMNS
    assert sorted(single["partner_iso3"].unique()) == ["AAA", "BBB", "CCC"]  # no EUR, no SUN
    assert sorted(single["year"].unique()) == [2007, 2008, 2009]
    rows = single.set_index(["partner_iso3", "year"])
    aaa = rows.loc[("AAA", 2008)]
    assert aaa["us_position_share_of_partner_gdp_pct"] == pytest.approx(5.0)
    assert aaa["log_us_position_share_of_partner_gdp"] == pytest.approx(math.log(0.05))
    assert rows.at[("AAA", 2007), "census_flag"] == "not_covered"
    assert rows.at[("AAA", 2007), "log_flag"] == "gdp_not_in_wdi"
    assert rows.at[("CCC", 2009), "us_position_flag"] == "no_row"
    assert rows.at[("CCC", 2008), "us_balance_usd_millions"] == 6.0


def test_synthetic_describe_asymmetry(panel):
    table = fdi_panel.describe_asymmetry(panel, partners=["BBB", "AAA"])
    assert list(table["partner_iso3"]) == ["BBB", "BBB", "AAA", "AAA"]
    assert table["position_ratio"].iloc[2:].tolist() == pytest.approx([10.0, 3.0])
    assert table["position_ratio"].iloc[:2].isna().all()
    with pytest.raises(ValueError, match="partners.*ZZZ"):
        fdi_panel.describe_asymmetry(panel, partners=["ZZZ"])


def test_bad_input_names_the_file():
    positions = synthetic_positions()
    doubled = pd.concat([positions, positions.iloc[[1]]], ignore_index=True)
    with pytest.raises(InputDataError, match="fdi_positions.*duplicate key"):
        fdi_panel.fdi_asymmetry_panel(doubled, synthetic_census(), synthetic_gdp(), None)
    with pytest.raises(InputDataError, match="census_us_trade_partners_annual.*complete_year"):
        fdi_panel.fdi_asymmetry_panel(
            positions, synthetic_census().drop(columns="complete_year"), synthetic_gdp(), None
        )
    with pytest.raises(InputDataError, match="fdi_positions.*fdi_in_us"):
        fdi_panel.fdi_asymmetry_panel(
            positions[positions["measure"] == USDIA], synthetic_census(), synthetic_gdp(), None
        )


# --- the canonical tables -------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(processed):
    positions = pd.read_parquet(processed / "fdi_positions.parquet")
    census = pd.read_parquet(processed / "census_us_trade_partners_annual.parquet")
    gdp = pd.read_parquet(processed / "gdp_wdi.parquet")
    return {
        "panel": fdi_panel.fdi_asymmetry_panel(positions, census, gdp, None),
        "single": fdi_panel.single_direction_panel(positions, census, gdp),
        "positions": positions,
    }


def test_real_panel_is_2008_2014_economies_with_a_unique_key(real):
    panel, positions = real["panel"], real["positions"]
    assert sorted(panel["year"].unique()) == list(range(2008, 2015))
    assert not panel.duplicated(["partner_iso3", "year"]).any()
    economies = set(positions.loc[positions["host_kind"] == "economy", "host_iso3"])
    assert set(panel["partner_iso3"]) <= economies
    assert panel["partner_iso3"].nunique() > 150
    usable = panel["log_position_ratio"].notna()
    assert (panel.loc[usable, "log_ratio_flag"] == "ok").all()
    assert 400 < usable.sum() < len(panel)


def test_real_china_and_japan_asymmetry(real):
    table = fdi_panel.describe_asymmetry(real["panel"]).set_index(["partner_iso3", "year"])
    china, japan = table.loc["CHN"], table.loc["JPN"]
    # the US position in China exceeds China's in the US every year; Japan the other way round
    assert (china["position_ratio"] > 1).all() and (japan["position_ratio"] < 1).all()
    expected = (
        china.at[2010, "us_position_in_partner_usd_millions"]
        / china.at[2010, "partner_position_in_us_usd_millions"]
    )
    assert china.at[2010, "position_ratio"] == pytest.approx(expected)
    assert (china["us_balance_usd_millions"] < -200_000).all()  # US deficit, USD mn
    assert (china["balance_share_of_bilateral_trade"].between(-0.7, -0.5)).all()


def test_real_regression_with_partner_and_year_effects(real):
    spec = {
        "dataset": "fdi_asymmetry_panel",
        "outcome": "balance_share_of_bilateral_trade",
        "regressors": ["log_position_ratio"],
        "fixed_effects": ["partner_iso3", "year"],
        "se": {"type": "cluster", "cluster": "partner_iso3"},
        "figure": "scatter",
        "title": "US goods balance and the direct-investment asymmetry",
    }
    result = regress.fit(real["panel"], "fdi_asymmetry_fe", spec)
    stats = result["fit_stats"].iloc[0]
    usable = real["panel"].dropna(subset=["log_position_ratio", "balance_share_of_bilateral_trade"])
    assert stats["n_obs"] == len(usable)
    assert stats["n_obs"] + stats["n_dropped_missing"] == len(real["panel"])
    assert stats["n_clusters"] == usable["partner_iso3"].nunique() > 80
    assert np.isfinite(result["coefficients"].at[0, "std_error"])


def test_real_single_direction_panel(real):
    single = real["single"]
    assert (single["year"].min(), single["year"].max()) == (1982, 2014)
    assert not single.duplicated(["partner_iso3", "year"]).any()
    before_census = single[single["year"] < 1985]
    assert (before_census["census_flag"] == "not_covered").all()
    china = single[(single["partner_iso3"] == "CHN") & (single["year"] == 2014)].iloc[0]
    assert 0 < china["us_position_share_of_partner_gdp_pct"] < 2
