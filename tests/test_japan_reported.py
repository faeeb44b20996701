"""Japan-reported trade with China in USD: synthetic answers known by hand, and the real
files checked against IMF DOTS (Japan as reporter) where both exist (2009-2020)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chinatrade.ingest import japan_customs, macro
from chinatrade.japan_reported import japan_reported_trade

RDA = "bilateral/original/japan_customs_trade_by_area_commodity_annual.rda"
H10 = "series/original/fed_h10_exchange_rates_annual_datasets-exchange-rates.csv"
DOTS = "bilateral/imf_dots_goods_by_partner_CHN_USA_JPN_KOR_HKG_AUS_1960_2020_long.csv"


def synthetic_customs() -> pd.DataFrame:
    """Synthetic: Japan-China totals 2019-2021 (2021 partial), one goods group, one other
    partner."""
    rows = []
    for year, exports, imports, partial in (
        (2019, 1000.0, 1500.0, False),
        (2020, 1100.0, 1200.0, False),
        (2021, 300.0, 450.0, True),
    ):
        for flow, value in (("exports_fob", exports), ("imports_cif", imports)):
            rows.append(("CHN", "Grand Total", year, flow, value, partial))
            rows.append(("CHN", "Machinery", year, flow, value / 4, partial))
            rows.append(("USA", "Grand Total", year, flow, 7.0, partial))
    return pd.DataFrame(
        rows,
        columns=["partner_code", "goods", "year", "flow", "value_jpy_billions", "is_partial_year"],
    ).assign(raw_file_ids="japan_customs")


def synthetic_fx() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "currency": ["JPY", "JPY", "CNY"],
            "year": [2019, 2020, 2020],
            "units_per_usd": [100.0, 125.0, 7.0],
            "raw_file_ids": "h10",
        }
    )


def test_synthetic_conversion_balance_and_partial_year():
    table = japan_reported_trade(synthetic_customs(), synthetic_fx()).set_index("year")
    assert table.index.tolist() == [2019, 2020, 2021]
    # 1000 bn JPY at 100 JPY per USD = 10 bn USD = 10,000 USD millions
    assert table.at[2019, "exports_fob_usd_millions"] == pytest.approx(10_000.0)
    assert table.at[2019, "imports_cif_usd_millions"] == pytest.approx(15_000.0)
    assert table.at[2019, "balance_usd_millions"] == pytest.approx(-5_000.0)
    assert table.at[2020, "balance_jpy_billions"] == pytest.approx(-100.0)
    assert table.at[2020, "balance_usd_millions"] == pytest.approx(-800.0)  # -100 x 1000 / 125
    # the partial year keeps its JPY values and its flag; no H.10 rate -> no USD value
    assert table.at[2021, "is_partial_year"] and not table.at[2020, "is_partial_year"]
    assert table.at[2021, "exports_fob_jpy_billions"] == 300.0
    assert math.isnan(table.at[2021, "exports_fob_usd_millions"])
    assert "partial year" in table.at[2021, "note"] and "no H.10" in table.at[2021, "note"]
    assert table.at[2019, "note"] == ""
    assert set(table.reported_by) == {"JPN"}
    # each year names Japan's customs and, where there is one, the year's H.10 rate
    assert table.at[2019, "raw_file_ids"] == "h10; japan_customs"
    assert table.at[2021, "raw_file_ids"] == "japan_customs"


def test_first_year_and_errors():
    table = japan_reported_trade(synthetic_customs(), synthetic_fx(), first_year=2020)
    assert table.year.tolist() == [2020, 2021]
    with pytest.raises(ValueError, match="no goods total for partner 'KOR'"):
        japan_reported_trade(synthetic_customs(), synthetic_fx(), partner="KOR")
    with pytest.raises(KeyError, match="JPY"):
        japan_reported_trade(synthetic_customs(), synthetic_fx().iloc[[2]])


def test_real_files_agree_with_dots_japan_reported(project, shared_data):
    """Japan's customs at the H.10 annual rate vs IMF DOTS, Japan reporting trade with
    China (DOTS converts month by month): within 0.6 % in every year 2009-2020."""
    areas = japan_customs.read_area_table(project / "workflow/resources/japan_customs_areas.csv")
    customs = japan_customs.read_japan_customs(shared_data / RDA, areas, source_file=RDA)
    fx = macro.read_fed_h10_annual(shared_data / H10)
    ours = japan_reported_trade(
        customs.assign(raw_file_ids="japan_customs"), fx.assign(raw_file_ids="h10")
    ).set_index("year")
    dots = pd.read_csv(shared_data / DOTS)
    dots = dots[(dots.reporter_iso3 == "JPN") & (dots.partner_iso3 == "CHN") & (dots.year >= 2009)]
    dots = dots.pivot(index="year", columns="flow", values="value_usd_millions")
    assert dots.index.tolist() == list(range(2009, 2021))
    for flow in ("exports_fob", "imports_cif"):
        ratio = ours.loc[dots.index, f"{flow}_usd_millions"] / dots[flow]
        assert (ratio - 1).abs().max() < 0.006, (flow, ratio.round(4).to_dict())
    # Japan-reported 2018: exports 144.0, imports 173.9, balance -29.9 USD bn
    assert ours.at[2018, "balance_usd_millions"] == pytest.approx(-29_855, abs=1)
    assert ours.index.max() == 2026 and ours.at[2026, "is_partial_year"]
    assert ours.loc[2009:2025, "balance_usd_millions"].notna().all()
