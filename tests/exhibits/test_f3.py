"""F3: net exports split into processing and ordinary trade, under both definitions."""

from __future__ import annotations

import copy
import math
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import i18n_check
import row_lineage
from chinatrade import captions, i18n, lineage, regimes, texts
from chinatrade.errors import InputDataError
from chinatrade.exhibits import f3
from chinatrade.exhibits.f3 import caption as f3_caption
from chinatrade.exhibits.f3.compute import _difference
from chinatrade.replication import CLAIM_COLUMNS
from i18n_check import CJK, assert_chinese, with_texts

SPEC = with_texts(
    {
        "module": "f3",
        "headline_definition": "non_ordinary",
        "definition_labels": {
            "non_ordinary": "processing = all non-ordinary trade (total - ordinary)",
            "customs": "processing = customs processing trade",
        },
        "claim_year": 2018,
        "peak_year": 2005,
        "first_year": 2000,
        "last_year": 2024,
        "include_partial_periods": True,
        "partial_period_kinds": ["cumulative"],
        "regime_codes": {
            "all": ["total"],
            "ordinary": ["ordinary"],
            "processing_customs": [
                "processing_assembly_supplied_materials",
                "processing_imported_materials",
            ],
        },
        "source_precedence": [
            "trade_by_regime_annual",
            "trade_by_regime_gacc",
            "china_trade_totals_transcribed",
            "user_regime_series",
        ],
        "cny_currency": "CNY",
        "total_trade_source": "trade_by_regime_annual",
        "nbs_definition": "location_of_trading_unit",
        "claims": {
            "processing_share_peak": "C26",
            "total_trade": "C27",
            "processing_trade": "C28",
            "processing_share": "C29",
            "ordinary_share_of_surplus": "C30",
            "processing_share_of_surplus": "C31",
        },
        "user_files": {"user_regime_series": None},
        "extra_tables": f3.EXTRA_TABLES,
        "source_note": "Source: China Customs, China-reported (own), USD 100 million.",
    }
)
CLAIM_IDS = ["C26", "C27", "C28", "C29", "C30", "C31"]


# --------------------------------------------------------------------------------------
# synthetic inputs
# --------------------------------------------------------------------------------------


def synthetic_annual() -> pd.DataFrame:
    """2018 by regime (USD 100 million): total 100/80, ordinary 50/45, processing 30+5/10+5,
    bonded 15/20. So customs processing 35/15, other 15/20, non-ordinary 50/35."""
    values = {
        "exports": {
            "total": 100.0,
            "ordinary": 50.0,
            "processing_imported_materials": 30.0,
            "processing_assembly_supplied_materials": 5.0,
            "bonded_supervision_sites": 15.0,
        },
        "imports": {
            "total": 80.0,
            "ordinary": 45.0,
            "processing_imported_materials": 10.0,
            "processing_assembly_supplied_materials": 5.0,
            "bonded_supervision_sites": 20.0,
        },
    }
    rows = [
        {
            "year": 2018,
            "period": "1-12",
            "is_partial_year": False,
            "flow": flow,
            "regime_code": code,
            "value_usd_100m": value,
            "method": "reported",
            "source": "GACC synthetic",
        }
        for flow, by_code in values.items()
        for code, value in by_code.items()
    ]
    return pd.DataFrame(rows)


def synthetic_gacc() -> pd.DataFrame:
    """A partial period (Jan-Oct 2023), both flows, USD thousands; and an exports-only one."""
    rows = []
    for period, flows in (("1-10", ("exports", "imports")), ("1-7", ("exports",))):
        for flow in flows:
            base = 1_000_000.0 if flow == "exports" else 600_000.0
            for code, share in (
                ("total", 1.0),
                ("ordinary", 0.6),
                ("processing_imported_materials", 0.2),
                ("processing_assembly_supplied_materials", 0.05),
            ):
                rows.append(
                    {
                        "gacc_table": "5",
                        "year": 2023,
                        "period": period,
                        "period_kind": "cumulative",
                        "is_partial_year": True,
                        "flow": flow,
                        "regime_code": code,
                        "enterprise_type": "all",
                        "value_usd_thousands": base * share,
                        "value_status": "reported",
                        "source": "GACC synthetic",
                        # exports and imports by regime come in two bulletins
                        lineage.COLUMN: f"synthetic_gacc_{flow}",
                    }
                )
    return pd.DataFrame(rows)


def synthetic_transcribed() -> pd.DataFrame:
    """2005 balances (ordinary, customs processing); 2012 ordinary and total; 2017 in CNY."""
    rows = [
        (2005, "1-12", False, "balance", "ordinary", 354.0, math.nan),
        (2005, "1-12", False, "balance", "processing_customs", 1425.0, math.nan),
        (2012, "1-12", False, "exports", "all", 200.0, math.nan),
        (2012, "1-12", False, "imports", "all", 180.0, math.nan),
        (2012, "1-12", False, "exports", "ordinary", 90.0, math.nan),
        (2012, "1-12", False, "imports", "ordinary", 100.0, math.nan),
        (2012, "1-12", False, "balance", "non_ordinary", 30.0, math.nan),
        (2017, "1-11", True, "balance", "ordinary", math.nan, 700.0),
        (2018, "1-12", False, "total", "all", 46200.0, math.nan),
        (2018, "1-12", False, "total", "all", math.nan, 305100.0),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "year",
            "period",
            "is_partial_year",
            "flow",
            "trade_mode",
            "value_usd_100m",
            "value_cny_100m",
        ],
    )
    frame["status"] = "reported"
    frame["rounding_unit"] = 1.0
    frame["note"] = ""
    frame["source"] = "press synthetic"
    return frame


def synthetic_fx() -> pd.DataFrame:
    return pd.DataFrame(
        {"currency": ["CNY", "CNY"], "year": [2017, 2018], "units_per_usd": [7, 6.6]}
    )


def synthetic_tables(**extra) -> dict[str, pd.DataFrame]:
    return row_lineage.synthetic(
        {
            "trade_by_regime_annual": synthetic_annual(),
            "trade_by_regime_gacc": synthetic_gacc(),
            "china_trade_totals_transcribed": synthetic_transcribed(),
            "fx_fed_h10": synthetic_fx(),
            **extra,
        }
    )


def spec_with(**changes) -> dict:
    spec = copy.deepcopy(SPEC)
    spec.update(changes)
    return spec


def row(main: pd.DataFrame, year: int, definition: str, component: str, partial: bool = False):
    chosen = main[
        (main["year"] == year)
        & (main["definition"] == definition)
        & (main["component"] == component)
        & (main["is_partial_year"] == partial)
    ]
    assert len(chosen) == 1, (year, definition, component, partial)
    return chosen.iloc[0]


USER_SERIES = """year,flow,regime,value_usd_100m
2000,exports,ordinary,10
2000,exports,processing_customs,12
2000,exports,other,3
2000,imports,ordinary,11
2000,imports,processing_customs,8
2000,imports,other,4
2018,exports,ordinary,50
2018,exports,processing_customs,35
2018,exports,other,16
2018,imports,ordinary,45
2018,imports,processing_customs,15
2018,imports,other,20
"""


def write_series(tmp_path, text: str):
    path = tmp_path / "regime_series.csv"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# computations on synthetic inputs
# --------------------------------------------------------------------------------------


def test_both_definitions_by_hand():
    main = f3.compute(synthetic_tables(), SPEC)["main"]
    # customs: processing 35-15 = 20, ordinary 5, other 15-20 = -5, total 20
    assert row(main, 2018, "customs", "processing")["net_exports_usd_100m"] == 20.0
    assert row(main, 2018, "customs", "other_regimes")["net_exports_usd_100m"] == -5.0
    assert row(main, 2018, "customs", "ordinary")["net_exports_usd_100m"] == 5.0
    assert row(main, 2018, "customs", "total")["net_exports_usd_100m"] == 20.0
    # non_ordinary: processing = total - ordinary = 50 - 35 = 15; ordinary + processing = total
    processing = row(main, 2018, "non_ordinary", "processing")
    assert processing["net_exports_usd_100m"] == 15.0
    assert processing["exports_plus_imports_usd_100m"] == 85.0
    assert processing["share_of_total_trade_pct"] == pytest.approx(100 * 85 / 180)
    assert processing["share_of_total_net_exports_pct"] == pytest.approx(75.0)
    ordinary = row(main, 2018, "non_ordinary", "ordinary")
    assert ordinary["share_of_total_net_exports_pct"] == pytest.approx(25.0)
    assert set(main["reporter_side"]) == {"own"}


def test_transcribed_points_balances_and_years():
    main = f3.compute(synthetic_tables(), SPEC)["main"]
    # 2005: balances only; no total, so no non-ordinary processing and no 'other'
    assert row(main, 2005, "customs", "processing")["net_exports_usd_100m"] == 1425.0
    assert row(main, 2005, "non_ordinary", "ordinary")["net_exports_usd_100m"] == 354.0
    assert main[(main["year"] == 2005) & (main["component"] == "other_regimes")].empty
    # 2012: non-ordinary recomputed as total - ordinary: (200-90) - (180-100) = 30
    assert row(main, 2012, "non_ordinary", "processing")["net_exports_usd_100m"] == 30.0
    assert row(main, 2012, "non_ordinary", "processing")["exports_usd_100m"] == 110.0


def test_cny_values_converted_and_partial_years_marked():
    main = f3.compute(synthetic_tables(), SPEC)["main"]
    jan_nov = row(main, 2017, "customs", "ordinary", partial=True)
    assert jan_nov["net_exports_usd_100m"] == pytest.approx(100.0)  # 700 CNY / 7
    assert "converted from CNY" in jan_nov["method"]
    assert jan_nov["period_label"] == "2017 Jan-Nov (partial)"
    jan_oct = row(main, 2023, "customs", "processing", partial=True)
    # exports 250,000 - imports 150,000 thousand = 1 (USD 100 million)
    assert jan_oct["net_exports_usd_100m"] == pytest.approx(1.0)
    assert jan_oct["period_label"] == "2023 Jan-Oct (partial)"
    # an exports-only period gives no net exports and no row
    assert main[main["period"] == "1-7"].empty


def test_without_fx_the_cny_only_points_are_left_out():
    tables = synthetic_tables()
    del tables["fx_fed_h10"]
    main = f3.compute(tables, SPEC)["main"]
    assert main[main["year"] == 2017].empty


def test_usd_kept_over_cny_within_a_mode():
    tables = synthetic_tables()
    observations = regimes.from_transcribed(
        tables["china_trade_totals_transcribed"], tables["fx_fed_h10"], "CNY"
    )
    total_2018 = observations[(observations["year"] == 2018) & (observations["flow"] == "total")]
    assert list(total_2018["value_usd_100m"]) == [46200.0]


def observations_2018(flows_by_source: dict[str, dict[str, list[str]]]) -> pd.DataFrame:
    """Observations of 2018: source -> mode -> flows given (every value 1)."""
    rows = [
        (2018, "1-12", False, mode, flow, 1.0, 0.01, source, "s", "m", f"raw_{source}")
        for source, modes in flows_by_source.items()
        for mode, flows in modes.items()
        for flow in flows
    ]
    return pd.DataFrame(rows, columns=regimes.OBSERVATION_COLUMNS)


def test_most_complete_source_per_period_then_precedence():
    observations = observations_2018(
        {
            "a": {"all": ["imports"], "ordinary": ["imports"]},  # no balance at all
            "b": {"all": ["exports", "imports"], "ordinary": ["balance"]},  # 2 balances, 1 trade
            "c": {"all": ["balance"], "ordinary": ["balance"]},  # 2 balances, no trade
        }
    )
    assert set(f3.choose_sources(observations, ["a", "b", "c"])["source_table"]) == {"b"}
    assert set(f3.choose_sources(observations, ["c", "a", "b"])["source_table"]) == {"b"}
    tie = observations_2018(
        {"b": {"all": ["exports", "imports"]}, "c": {"all": ["exports", "imports"]}}
    )
    assert set(f3.choose_sources(tie, ["c", "b"])["source_table"]) == {"c"}
    assert set(f3.choose_sources(tie, ["b", "c"])["source_table"]) == {"b"}


def test_residual_never_mixes_two_sources():
    a = {**f3.EMPTY, "balance": 10.0, "source_table": "x", "source": "s", "method": "m"}
    b = {**f3.EMPTY, "balance": 4.0, "source_table": "y", "source": "s", "method": "m"}
    assert _difference(a, b) is f3.EMPTY
    same = _difference(a, {**b, "source_table": "x"})
    assert same["balance"] == 6.0


@pytest.mark.parametrize(
    ("year", "period", "partial", "label"),
    [(2018, "1-12", False, "2018"), (2023, "1-10", True, "2023 Jan-Oct (partial)")],
)
def test_period_label(year, period, partial, label):
    assert regimes.period_label(year, period, partial) == label


def test_user_series_extends_and_is_checked_against_the_tables(tmp_path):
    user = f3.read_user_regime_series(write_series(tmp_path, USER_SERIES))
    results = f3.compute(synthetic_tables(user_regime_series=user), SPEC)
    main = results["main"]
    year_2000 = row(main, 2000, "customs", "processing")
    assert year_2000["net_exports_usd_100m"] == 4.0
    assert year_2000["source_table"] == "user_regime_series"
    assert row(main, 2000, "non_ordinary", "processing")["net_exports_usd_100m"] == 3.0
    # 2018: the canonical table comes first in the precedence; the user's differs by +1
    assert row(main, 2018, "customs", "total")["source_table"] == "trade_by_regime_annual"
    overlap = results["user_overlap"].set_index(["year", "mode", "flow"])
    diff = overlap.loc[(2018, "all", "exports"), "user_minus_canonical_usd_100m"]
    assert diff.max() == pytest.approx(1.0)
    # the user's rows name the user's file; an overlap row both files
    assert year_2000[lineage.COLUMN] == "user:regime_series.csv"
    assert overlap.loc[(2018, "all", "exports"), lineage.COLUMN] == (
        "synthetic_trade_by_regime_annual; user:regime_series.csv"
    )
    for name, table in results.items():
        lineage.check("F3", name, table, SYNTHETIC_IDS)


SYNTHETIC_IDS = [
    "synthetic_trade_by_regime_annual",
    "synthetic_gacc_exports",
    "synthetic_gacc_imports",
    "synthetic_china_trade_totals_transcribed",
    "synthetic_fx_fed_h10",
]


def test_rows_name_the_raw_files_of_their_figures():
    results = f3.compute(synthetic_tables(), SPEC)
    main = results["main"]
    assert row(main, 2018, "customs", "other_regimes")[lineage.COLUMN] == (
        "synthetic_trade_by_regime_annual"
    )
    # a partial year: exports and imports from two bulletins
    assert row(main, 2023, "customs", "processing", partial=True)[lineage.COLUMN] == (
        "synthetic_gacc_exports; synthetic_gacc_imports"
    )
    # a CNY figure converted at the year's H.10 rate names the rate's file too
    assert row(main, 2017, "customs", "ordinary", partial=True)[lineage.COLUMN] == (
        "synthetic_china_trade_totals_transcribed; synthetic_fx_fed_h10"
    )
    assert row(main, 2005, "customs", "processing")[lineage.COLUMN] == (
        "synthetic_china_trade_totals_transcribed"
    )
    check = results["total_trade_check"].set_index("source_table")[lineage.COLUMN]
    assert check["trade_by_regime_annual"] == "synthetic_trade_by_regime_annual"
    assert check["china_trade_totals_transcribed"] == "synthetic_china_trade_totals_transcribed"
    for name, table in results.items():
        lineage.check("F3", name, table, SYNTHETIC_IDS)


def test_user_series_fills_a_year_the_press_covers_only_in_part(tmp_path):
    text = "\n".join(
        ["year,flow,regime,value_usd_100m"]
        + [
            f"2005,{flow},{regime},{value}"
            for flow, values in (("exports", (30, 41, 5)), ("imports", (26, 27, 13)))
            for regime, value in zip(f3.USER_REGIMES, values, strict=True)
        ]
    )
    user = f3.read_user_regime_series(write_series(tmp_path, text))
    results = f3.compute(synthetic_tables(user_regime_series=user), SPEC)
    processing = row(results["main"], 2005, "non_ordinary", "processing")
    assert processing["source_table"] == "user_regime_series"
    assert processing["share_of_total_trade_pct"] == pytest.approx(100 * 86 / 142)
    by_id = f3.claims(results, SPEC).set_index("claim_id")
    assert by_id.loc["C26", "our_value"] == pytest.approx(100 * 86 / 142, abs=0.005)
    assert "2005 is the highest share" in by_id.loc["C26", "our_text"]


def test_user_series_first_in_precedence_wins(tmp_path):
    path = write_series(tmp_path, USER_SERIES)
    spec = spec_with(
        source_precedence=["user_regime_series", "trade_by_regime_annual"],
        user_files={"user_regime_series": str(path)},
    )
    main = f3.compute(synthetic_tables(), spec)["main"]
    assert row(main, 2018, "customs", "total")["exports_usd_100m"] == 101.0


@pytest.mark.parametrize(
    ("old", "new", "column", "row_number"),
    [
        ("value_usd_100m", "value", "value_usd_100m", 1),
        ("2000,exports,ordinary", "2000,exports,general", "regime", 2),
        ("2000,exports,processing_customs", "2000,export,processing_customs", "flow", 3),
        (",other,3\n", ",other,-3\n", "value_usd_100m", 4),
        ("2018,imports,other,20", "2018,imports,other,twenty", "value_usd_100m", 13),
        ("2018,imports,other", "2018,imports,ordinary", "regime", 13),
        ("2000,imports,other,4\n", "", "regime", 2),
        ("2000,imports,other", "2000.5,imports,other", "year", 7),
    ],
)
def test_user_series_reader_names_file_column_and_row(tmp_path, old, new, column, row_number):
    path = write_series(tmp_path, USER_SERIES.replace(old, new, 1))
    with pytest.raises(InputDataError) as error:
        f3.read_user_regime_series(path)
    message = str(error.value)
    assert str(path) in message
    assert f"column '{column}'" in message
    assert f"row {row_number}" in message


def test_claims_every_id_and_columns():
    results = f3.compute(synthetic_tables(), SPEC)
    claims = f3.claims(results, SPEC)
    assert list(claims.columns) == CLAIM_COLUMNS
    assert list(claims["claim_id"]) == CLAIM_IDS
    by_id = claims.set_index("claim_id")
    assert math.isnan(by_id.loc["C26", "our_value"])  # no 2005 trade split
    assert "2005" in by_id.loc["C26", "explanation"]
    assert by_id.loc["C27", "our_value"] == 180.0
    assert by_id.loc["C28", "our_value"] == 85.0
    assert by_id.loc["C30", "our_value"] + by_id.loc["C31", "our_value"] == pytest.approx(100.0)
    assert set(by_id["unit"]) == {"percent", "100 million USD"}


def test_headline_definition_switches_the_claims():
    spec = spec_with(headline_definition="customs")
    by_id = f3.claims(f3.compute(synthetic_tables(), spec), spec).set_index("claim_id")
    assert by_id.loc["C28", "our_value"] == 50.0  # customs processing X+M = 35 + 15
    assert by_id.loc["C31", "our_value"] == pytest.approx(100.0)  # 20 of 20


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"headline_definition": "bonded"}, "headline_definition"),
        ({"claim_year": 2010}, "claim_year"),
        ({"regime_codes": {**SPEC["regime_codes"], "ordinary": ["general"]}}, "regime_codes"),
        ({"total_trade_source": "province_trade_nbs"}, "total_trade_source"),
        ({"source_precedence": ["trade_by_regime_annual", "nowhere"]}, "source_precedence"),
        ({"first_year": 2030, "last_year": 2031}, "first_year"),
        ({"claims": {"total_trade": "C27"}}, "claims"),
    ],
)
def test_bad_spec_names_the_key(changes, key):
    with pytest.raises(ValueError, match=f"spec key '{key}"):
        f3.compute(synthetic_tables(), spec_with(**changes))


def test_figure_labels_the_years_with_a_split_and_shades_the_others():
    """Synthetic: a split by regime in 2005, 2012, 2017 (part), 2018 and 2023 (part) of
    2005-2023; the other years are grey bands, and the subtitle says so."""
    fig = f3.plot(f3.compute(synthetic_tables(), SPEC), SPEC)
    ticks = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    assert ticks == ["2005", "2012", "2017", "2018", "2023"]
    for ax in fig.axes:
        bands = [(p.get_x(), p.get_x() + p.get_width()) for p in ax.patches if p.get_zorder() == 0]
        assert bands == [(2005.5, 2011.5), (2012.5, 2016.5), (2018.5, 2022.5)]
    drawn = [" ".join(t.get_text().split()) for t in fig.texts]
    assert any(
        text.startswith(
            "Split by regime in 5 of the 19 years 2005-2023 (headline: 2005, 2012, 2017-2018, 2023)"
        )
        for text in drawn
    )
    plt.close(fig)


# --------------------------------------------------------------------------------------
# the real canonical tables (values stated in regime/ and series/ SOURCES.md)
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_tables(project, processed):
    names = [
        "trade_by_regime_annual",
        "trade_by_regime_gacc",
        "china_trade_totals_transcribed",
        "fx_fed_h10",
        "province_trade_nbs",
    ]
    return row_lineage.real(project, processed, names)


@pytest.fixture(scope="module")
def real_results(real_tables):
    return f3.compute(real_tables, SPEC)


def test_real_2018_as_in_sources(real_results):
    main = real_results["main"]
    total = row(main, 2018, "non_ordinary", "total")
    assert total["exports_plus_imports_usd_100m"] == pytest.approx(46213.3, abs=0.05)
    assert total["net_exports_usd_100m"] == pytest.approx(3518.6, abs=0.05)
    broad = row(main, 2018, "non_ordinary", "processing")
    assert broad["exports_usd_100m"] == pytest.approx(10860.6, abs=0.05)
    assert broad["exports_plus_imports_usd_100m"] == pytest.approx(19462.2, abs=0.06)
    customs = row(main, 2018, "customs", "processing")
    assert customs["exports_usd_100m"] == pytest.approx(7969.9, abs=0.05)
    assert customs["exports_plus_imports_usd_100m"] == pytest.approx(12669.0, abs=0.05)


def test_real_2012_and_2005_points_as_in_sources(real_results):
    main = real_results["main"]
    assert row(main, 2012, "customs", "ordinary")["net_exports_usd_100m"] == pytest.approx(-338.1)
    broad_2012 = row(main, 2012, "non_ordinary", "processing")
    assert broad_2012["net_exports_usd_100m"] == pytest.approx(2649.1)
    assert broad_2012["share_of_total_trade_pct"] == pytest.approx(48.0, abs=0.05)
    assert row(main, 2005, "customs", "processing")["net_exports_usd_100m"] == 1425.0
    assert row(main, 2004, "customs", "processing")["net_exports_usd_100m"] == 1063.0


def test_real_2019_annual_equals_the_bulletin(real_results, real_tables):
    gacc = real_tables["trade_by_regime_gacc"]
    bulletin = gacc[
        (gacc["gacc_table"].astype(str) == "5")
        & (gacc["year"] == 2019)
        & (gacc["period"] == "1-12")
        & (gacc["regime_code"] == "total")
        & (gacc["enterprise_type"] == "all")
    ].set_index("flow")["value_usd_thousands"]
    total = row(real_results["main"], 2019, "customs", "total")
    assert total["exports_usd_100m"] == pytest.approx(bulletin["exports"] / 1e5, abs=0.01)
    assert total["imports_usd_100m"] == pytest.approx(bulletin["imports"] / 1e5, abs=0.01)


def test_real_total_trade_check_has_the_nbs_sum(real_results):
    check = real_results["total_trade_check"].set_index("source_table")
    assert check.loc["province_trade_nbs", "total_trade_usd_100m"] == pytest.approx(
        46224.2, abs=0.06
    )


def test_real_rows_name_the_bulletin_the_page_or_the_rate(real_results):
    main = real_results["main"]
    # 2018 by regime: derived from the Dec 2019 bulletin's values and their growth rates
    assert row(main, 2018, "customs", "processing")[lineage.COLUMN] == (
        "gacc_en_customs_regime_2019_12"
    )
    assert row(main, 2023, "customs", "processing", partial=True)[lineage.COLUMN] == (
        "gacc_en_customs_regime_2023_10"
    )
    # 2017 in CNY: the transcribed page and the Fed H.10 rates
    assert row(main, 2017, "non_ordinary", "total")[lineage.COLUMN] == (
        "china_trade_totals_and_by_mode_transcribed; "
        "fed_h10_exchange_rates_annual_datasets_exchange_rates"
    )
    check = real_results["total_trade_check"].set_index("source_table")[lineage.COLUMN]
    assert check["province_trade_nbs"] == "nbs_fsnd_a060101_trade_by_location_of_trading_unit"


def test_real_claims(real_results):
    by_id = f3.claims(real_results, SPEC).set_index("claim_id")
    assert list(by_id.index) == CLAIM_IDS
    assert by_id.loc["C28", "our_value"] == pytest.approx(19462.15, abs=0.01)
    assert by_id.loc["C29", "our_value"] == pytest.approx(42.11, abs=0.01)
    assert "12,669.0" in by_id.loc["C28", "explanation"]


def test_real_figure_draws(real_results):
    fig = f3.plot(real_results, SPEC)
    assert len(fig.axes) == 2
    plt.close(fig)


# --------------------------------------------------------------------------------------
# Chinese (report.language: zh), with the spec of config/config.yaml
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def config_spec(project) -> dict:
    return i18n_check.config_spec(project, "F3")


@pytest.fixture(scope="module")
def config_spec_zh(project) -> dict:
    return i18n_check.config_spec(project, "F3", "zh")


def series_2005(exports: tuple, imports: tuple) -> str:
    """A user series for 2005 only (ordinary, processing_customs, other)."""
    return "\n".join(
        ["year,flow,regime,value_usd_100m"]
        + [
            f"2005,{flow},{regime},{value}"
            for flow, values in (("exports", exports), ("imports", imports))
            for regime, value in zip(f3.USER_REGIMES, values, strict=True)
        ]
    )


# no user series; 2005 from the user with the highest processing share; with a lower one
USER_CASES = {
    "none": None,
    "peak": series_2005((30, 41, 5), (26, 27, 13)),
    "not_peak": series_2005((60, 20, 5), (50, 10, 13)),
}


def results_in(language: str, tables: dict, spec: dict, series: str | None, tmp_path) -> dict:
    if series is not None:
        user = f3.read_user_regime_series(write_series(tmp_path, series))
        tables = {**tables, f3.USER_SOURCE: user}
    with i18n.language(language):
        return f3.compute(tables, spec)


@pytest.mark.parametrize("case", list(USER_CASES))
def test_real_figure_in_chinese(real_tables, config_spec, config_spec_zh, tmp_path, case):
    series = USER_CASES[case]
    english = f3.plot(results_in("en", real_tables, config_spec, series, tmp_path), config_spec)
    with i18n.language("zh"):
        results = results_in("zh", real_tables, config_spec_zh, series, tmp_path)
        chinese = f3.plot(results, config_spec_zh)
        assert_chinese(chinese)
    title_en, title_zh = english._suptitle.get_text(), chinese._suptitle.get_text()
    assert title_zh != title_en and CJK.search(title_zh)
    assert "64%" in title_en and "64%" in title_zh
    # the part-year bars are named in Chinese, with the same months
    partial = [t.get_text() for t in chinese.axes[0].texts]
    assert "2023年1月-10月\n（非全年）" in partial
    assert len(partial) == len(english.axes[0].texts)
    # the legend has the same entries in the same order
    legend_en, legend_zh = english.legends[0].get_texts(), chinese.legends[0].get_texts()
    assert len(legend_zh) == len(legend_en)
    assert legend_zh[0].get_text() == "一般贸易"
    note = chinese.texts[-1].get_text().replace("\n", "")
    assert ("用户提供的贸易方式序列" in note) == (series is not None)
    plt.close(english)
    plt.close(chinese)


@pytest.mark.parametrize("case", list(USER_CASES))
def test_real_claims_in_chinese_same_numbers(
    real_tables, config_spec, config_spec_zh, tmp_path, case
):
    series = USER_CASES[case]
    english = f3.claims(results_in("en", real_tables, config_spec, series, tmp_path), config_spec)
    with i18n.language("zh"):
        results = results_in("zh", real_tables, config_spec_zh, series, tmp_path)
        chinese = f3.claims(results, config_spec_zh)
    for column in ("our_text", "explanation"):
        for text in chinese[column]:
            if re.fullmatch(r"-?[\d.,]+", text):
                continue  # a number
            assert CJK.search(text), text
            assert not i18n.untranslated_words(text), text
    same = ["claim_id", "our_value", "unit", "source", "reporter_side", "vintage", "definition"]
    pd.testing.assert_frame_equal(chinese[same], english[same])
    c26 = chinese.set_index("claim_id").loc["C26", "our_text"]
    expected = {"none": "数据中没有2005年", "peak": "2005年是", "not_peak": "2005年不是"}
    assert expected[case] in c26


# --------------------------------------------------------------------------------------
# the caption's and the source note's years, computed from the tables (chinatrade/captions.py)
# --------------------------------------------------------------------------------------

SPLIT_EN = (
    "2004-2005, 2012, 2018-2019 in full; Jan-Nov 2017 and Jan-Oct 2023 hatched, part of a year"
)
SPLIT_ZH = (
    "2004-2005年、2012年、2018-2019年为全年；2017年1-11月和2023年1-10月为斜线阴影，不足一整年"
)
BULLETIN_EN = "2019; 2018 derived from 2019's year-on-year change; Jan-Oct 2023"
BULLETIN_ZH = "2019年；2018年由2019年的同比变化推算；2023年1-10月"


def caption_in(language: str, results: dict, spec: dict) -> str:
    """F3's caption as the report shows it in ``language``."""
    with i18n.language(language):
        text = texts.exhibit_text("F3", language)
        return captions.caption({"id": "F3", "module": "f3", "spec": spec}, results, text)


def values_in(language: str, results: dict, spec: dict) -> dict:
    with i18n.language(language):
        return f3_caption.values(results, spec)


def test_real_caption_and_note_name_the_years_with_a_split(real_tables, config_spec, tmp_path):
    results = results_in("en", real_tables, config_spec, None, tmp_path)
    assert values_in("en", results, config_spec) == {
        "split_years": SPLIT_EN,
        "bulletin_periods": BULLETIN_EN,
    }
    assert values_in("zh", results, config_spec) == {
        "split_years": SPLIT_ZH,
        "bulletin_periods": BULLETIN_ZH,
    }
    # as the report reads the tables back from CSV
    path = tmp_path / "F3.csv"
    results["main"].to_csv(path, index=False)
    read_back = {**results, "main": pd.read_csv(path)}
    assert values_in("zh", read_back, config_spec)["split_years"] == SPLIT_ZH
    assert f"the year axis labels ({SPLIT_EN}); grey" in " ".join(
        caption_in("en", read_back, config_spec).split()
    )
    assert f"在横轴上标注（{SPLIT_ZH}）；" in caption_in("zh", read_back, config_spec)


def test_caption_and_note_follow_the_years_with_a_split(real_tables, config_spec, tmp_path):
    """Without the parts of a year (a setting), and with one more year split in full (2024,
    as a user series would give it): the texts follow in both languages."""
    spec = {**config_spec, "include_partial_periods": False}
    results = results_in("en", real_tables, spec, None, tmp_path)
    main = results["main"]
    split_2019 = main[(main["year"] == 2019) & (main["component"] != "total")]
    user_2024 = split_2019.assign(year=2024, source_table=f3.USER_SOURCE, method="user")
    results = {**results, "main": pd.concat([main, user_2024])}
    assert values_in("en", results, spec) == {
        "split_years": "2004-2005, 2012, 2018-2019, 2024 in full",
        "bulletin_periods": "2019; 2018 derived from 2019's year-on-year change",
    }
    assert (
        values_in("zh", results, spec)["split_years"]
        == "2004-2005年、2012年、2018-2019年、2024年为全年"
    )
    caption = " ".join(caption_in("en", results, spec).split())
    assert "the year axis labels (2004-2005, 2012, 2018-2019, 2024 in full); grey" in caption
    assert "hatched" not in caption


def test_figure_note_names_the_bulletins_periods(real_tables, config_spec, tmp_path):
    """The figure's source note: today's periods, and without the parts of a year none."""
    spec = {**config_spec, "include_partial_periods": False}
    fig = f3.plot(results_in("en", real_tables, spec, None, tmp_path), spec)
    note = " ".join(fig.texts[-1].get_text().split())
    assert "by customs regime (2019; 2018 derived from 2019's year-on-year change), and" in note
    plt.close(fig)
    with i18n.language("zh"):
        zh_spec = {**spec, "text": texts.exhibit_text("F3", "zh")}
        fig = f3.plot(results_in("zh", real_tables, zh_spec, None, tmp_path), zh_spec)
    note = fig.texts[-1].get_text().replace("\n", "")
    assert "按贸易方式分类的数据（2019年；2018年由2019年的同比变化推算），以及" in note
    plt.close(fig)
