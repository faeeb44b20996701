"""GACC trade by customs regime: bulletin transcriptions, summary, press checks, series."""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest

from chinatrade.errors import InputDataError
from chinatrade.ingest import regime

TABLE5_2019 = "regime/raw/gacc_en_customs_regime_2019-12.txt"
TABLE7_2019 = "regime/raw/gacc_en_imports_by_enterprise_regime_2019-1-12.txt"
TABLE7_2023 = "regime/raw/gacc_en_imports_by_enterprise_regime_2023-1-12.txt"
TABLE7_2024 = "regime/raw/gacc_en_imports_by_enterprise_regime_2024-1-12.txt"
PARTIAL = [
    "gacc/raw/gacc_en_customs_regime_2023-10.txt",
    "gacc/raw/gacc_en_exports_by_enterprise_regime_2023-1-7.txt",
    "gacc/raw/gacc_en_exports_by_enterprise_regime_2024-1-5.txt",
]
COMMODITIES = "gacc/raw/gacc_en_import_selected_commodities_by_regime_2019-12.txt"
SUMMARY = "regime/china_trade_by_regime_annual_summary.csv"
PRESS = "gacc/gacc_press_release_check_values.csv"
TOTALS = "series/china_trade_totals_and_by_mode_transcribed.csv"
BILATERAL = "series/china_bilateral_trade_transcribed.csv"
LOG = "series/raw/transcription_log.csv"


@pytest.fixture(scope="module")
def annual(shared_data):
    paths = [shared_data / p for p in (TABLE5_2019, TABLE7_2019, TABLE7_2023, TABLE7_2024)]
    return regime.read_regime_bulletins(paths)


@pytest.fixture(scope="module")
def partial(shared_data):
    return regime.read_regime_bulletins([shared_data / p for p in PARTIAL])


@pytest.fixture(scope="module")
def summary(annual):
    return regime.regime_annual_summary(annual)


def _value(frame, **key):
    rows = frame
    for column, wanted in key.items():
        rows = rows[rows[column] == wanted]
    assert len(rows) == 1, key
    return rows.iloc[0]


def _same(mine: pd.Series, theirs: pd.Series) -> pd.Series:
    return (mine == theirs) | (mine.isna() & theirs.isna())


def _compare_with_snapshot(mine: pd.DataFrame, snapshot: pd.DataFrame, key, columns):
    merged = mine.merge(snapshot, on=key, how="outer", indicator=True, suffixes=("", "_snap"))
    assert (merged["_merge"] == "both").all(), merged[merged._merge != "both"][key]
    for column in columns:
        differ = ~_same(merged[column], merged[f"{column}_snap"])
        assert not differ.any(), (column, merged.loc[differ, key + [column, f"{column}_snap"]])


# --- real files: the parse of the transcriptions equals the snapshot's tidy CSVs ---


def test_bulletins_reproduce_the_regime_tidy_csv(annual, shared_data):
    snapshot = pd.read_csv(shared_data / "regime/gacc_trade_by_customs_regime_long.csv")
    snapshot = snapshot.fillna({"note": "", "period": ""}).astype({"period": str})
    mine = regime.snapshot_layout(annual)
    key = ["period", "flow", "regime_code", "enterprise_type", "source_url"]
    columns = ["period_type", "regime_zh", "regime_en_as_published", "value_usd_thousand"]
    columns += ["unit", "yoy_pct", "note"]
    assert len(mine) == len(snapshot) == 338
    _compare_with_snapshot(mine, snapshot, key, columns)
    # the free-text table title names the same table number
    merged = mine.merge(snapshot, on=key, suffixes=("", "_snap"))
    table = merged.source_table.str.extract(r"\((\d+)\)")[0]
    assert (table == merged.source_table_snap.str.extract(r"\((\d+)\)")[0]).all()


def test_partial_year_tables_reproduce_the_gacc_tidy_csv(partial, shared_data):
    snapshot = pd.read_csv(shared_data / "gacc/gacc_trade_by_regime_partial_year_long.csv")
    snapshot = snapshot.fillna({"note": ""})
    derived = regime.previous_year_from_yoy(
        partial,
        regime_codes=["total", "ordinary", *regime.PROCESSING_REGIMES],
        periods=["1-7", "1-5", "1-10"],
    )
    mine = regime.snapshot_layout(pd.concat([partial, derived], ignore_index=True))
    key = ["period", "flow", "regime_code", "enterprise_type", "source_url"]
    columns = ["period_type", "regime_zh", "regime_en_as_published", "value_usd_thousand"]
    columns += ["unit", "yoy_pct", "method", "note"]
    assert len(mine) == len(snapshot) == 250
    _compare_with_snapshot(mine, snapshot, key, columns)
    # all of it is partial-year: no row may pass for annual data
    assert partial.is_partial_year.all() and derived.is_partial_year.all()
    assert set(partial.period) == {"10", "1-10", "1-7", "1-5"}


def test_commodity_table_reproduces_its_tidy_csv(shared_data):
    table = regime.read_commodity_regime_table(shared_data / COMMODITIES)
    snapshot = pd.read_csv(
        shared_data / "gacc/gacc_import_selected_commodities_by_regime_2019_long.csv",
        dtype={"period": str},
    )
    mine = regime.commodity_snapshot_layout(table)
    key = ["period", "commodity", "regime", "measure"]
    columns = ["value", "unit", "yoy_pct", "method", "flow", "source_url"]
    assert len(mine) == len(snapshot) == 179
    _compare_with_snapshot(mine, snapshot, key, columns)


def test_annual_summary_rebuilt_from_the_bulletins_equals_the_snapshot(summary, shared_data):
    snapshot = regime.read_regime_annual_summary(shared_data / SUMMARY)
    assert len(summary) == len(snapshot) == 138
    key = regime.SUMMARY_KEY
    merged = summary.merge(snapshot, on=key, suffixes=("", "_snap"))
    assert len(merged) == 138
    assert _same(merged.value_usd_100m, merged.value_usd_100m_snap).all()
    kind = merged.method.str.extract(r"^(reported|derived)")[0]
    assert (kind == merged.method_snap.str.extract(r"^(reported|derived)")[0]).all()
    regimes = ~merged.regime_code.str.endswith("_AGG")
    assert (merged.source_url[regimes] == merged.source_url_snap[regimes]).all()
    assert set(snapshot.source_file) == {"china_trade_by_regime_annual_summary.csv"}


def test_annual_summary_rows_name_the_bulletin_files_they_come_from(summary):
    files = summary.set_index(["year", "flow", "regime_code"]).source_file
    table5, table7_2023 = TABLE5_2019.split("/")[-1], TABLE7_2023.split("/")[-1]
    assert files[(2019, "exports", "total")] == table5  # reported
    assert files[(2018, "imports", "ordinary")] == table5  # derived from 2019's y/y change
    assert files[(2019, "imports", "processing_total_AGG")] == table5  # the lower table wins
    assert files[(2023, "imports", "non_ordinary_AGG")] == table7_2023
    assert set(files) == {p.split("/")[-1] for p in (TABLE5_2019, TABLE7_2023, TABLE7_2024)}


# --- real files: known values and checks from regime/ and gacc/SOURCES.md ---


def test_2018_totals_and_the_papers_processing_figure(summary):
    """regime/SOURCES.md checks 2 and 3: total 46,213.3 vs 46,224; 'processing' 19,462.2."""
    values = summary.set_index(["year", "flow", "regime_code"]).value_usd_100m
    exports, imports = values[(2018, "exports", "total")], values[(2018, "imports", "total")]
    assert exports == pytest.approx(24_866.0, abs=0.06)
    assert imports == pytest.approx(21_347.4, abs=0.06)
    assert exports + imports == pytest.approx(46_213.3, abs=0.06)
    assert (exports + imports) / 46_224 - 1 == pytest.approx(-0.0002, abs=0.0001)
    assert exports - imports == pytest.approx(3_518.6, abs=0.06)
    customs = [values[(2018, f, "processing_total_AGG")] for f in ("exports", "imports")]
    assert customs == pytest.approx([7_969.9, 4_699.1], abs=0.06)
    assert sum(customs) == pytest.approx(12_669.0, abs=0.06)  # does NOT match 19,481
    broad = [values[(2018, f, "non_ordinary_AGG")] for f in ("exports", "imports")]
    assert broad == pytest.approx([10_860.6, 8_601.5], abs=0.06)
    assert sum(broad) == pytest.approx(19_462.2, abs=0.1)
    assert sum(broad) / 19_481 - 1 == pytest.approx(-0.001, abs=0.0005)
    assert values[(2023, "imports", "total")] == pytest.approx(25_568.0, abs=0.06)


def test_ordinary_trade_share_and_total_flow(summary):
    """gacc/SOURCES.md check 4: ordinary-trade share 59.0 % (2019), 57.9 % (2018)."""
    with_total = regime.add_total_flow(summary, "value_usd_100m", ["year", "period", "regime_code"])
    values = with_total.set_index(["year", "flow", "regime_code"]).value_usd_100m
    for year, share in [(2019, 0.590), (2018, 0.579)]:
        ordinary = values[(year, "total", "ordinary")] / values[(year, "total", "total")]
        assert ordinary == pytest.approx(share, abs=0.0005)
    assert values[(2018, "total", "total")] == pytest.approx(46_213.3, abs=0.06)
    assert (2023, "total", "total") not in values.index  # no 2023 exports by regime


def test_partial_year_known_values(partial):
    """gacc/SOURCES.md checks 3 and 6 (Jan-Jul 2023, Jan-May 2024, Jan-Oct 2023)."""
    july = partial[(partial.gacc_table == "6") & (partial.year == 2023)]
    values = july.set_index(["regime_code", "enterprise_type"]).value_usd_thousands
    assert values[("total", "all")] == 1_944_902_508
    assert values[("ordinary", "all")] == 1_265_717_347
    assert values[("processing_assembly_supplied_materials", "all")] == 38_476_757
    assert values[("processing_imported_materials", "all")] == 358_244_648
    for year, fie, processing, fie_of_processing in [
        (2023, 0.288, 0.204, 0.720),
        (2024, 0.273, 0.192, 0.683),
    ]:
        table = partial[(partial.gacc_table == "6") & (partial.year == year)]
        v = table.set_index(["regime_code", "enterprise_type"]).value_usd_thousands
        proc = sum(v[(code, "all")] for code in regime.PROCESSING_REGIMES)
        proc_fie = sum(v[(code, "FIE")] for code in regime.PROCESSING_REGIMES)
        assert v[("total", "FIE")] / v[("total", "all")] == pytest.approx(fie, abs=0.0005)
        assert proc / v[("total", "all")] == pytest.approx(processing, abs=0.0005)
        assert proc_fie / proc == pytest.approx(fie_of_processing, abs=0.0005)
    may = partial[(partial.gacc_table == "6") & (partial.year == 2024)]
    total = _value(may, regime_code="total", enterprise_type="all").value_usd_thousands
    assert total / 1_000 == pytest.approx(1_400_763.0, abs=0.06)  # US$ million
    october = partial[(partial.gacc_table == "5") & (partial.period == "1-10")]
    v = october.set_index(["flow", "regime_code"]).value_usd_thousands / 1e6  # US$ bn
    net = {c: v[("exports", c)] - v[("imports", c)] for c in v.index.get_level_values(1)}
    assert net["processing_assembly_supplied_materials"] + net[
        "processing_imported_materials"
    ] == pytest.approx(264.8, abs=0.06)
    assert net["ordinary"] == pytest.approx(429.4, abs=0.06)
    assert net["total"] == pytest.approx(684.0, abs=0.06)


def test_placed_derived_and_duplicated_cells(annual):
    """The two cells filled or placed by the curator, and 2019 imports in tables 5 and 7."""
    y2024 = annual[(annual.year == 2024) & (annual.gacc_table == "7")]
    aid = y2024[y2024.regime_code == "aid_donation_government_intl_org"]
    soe = _value(aid, enterprise_type="SOE")
    assert soe.value_status == "not_printed" and math.isnan(soe.value_usd_thousands)
    assert soe.yoy_pct == -94.6
    assert _value(aid, enterprise_type="FIE").value_status == "nil"
    assert _value(aid, enterprise_type="POE").value_usd_thousands == 1_380
    other = _value(y2024, regime_code="other", enterprise_type="other")
    assert other.value_status == "derived" and other.value_usd_thousands == 8_440_391
    assert math.isnan(other.yoy_pct)
    imports_2019 = annual[
        (annual.year == 2019)
        & (annual.period == "1-12")
        & (annual.flow == "imports")
        & (annual.enterprise_type == "all")
    ]
    by_table = imports_2019.pivot(
        index="regime_code", columns="gacc_table", values="value_usd_thousands"
    ).dropna(subset=["7"])
    assert len(by_table) == 12  # table (7) 2019 ends before 'Duty-free Goods'
    assert (by_table["5"] == by_table["7"]).all()
    # gacc/SOURCES.md check 5: POE share of 2019 imports 30.7 % in table (7)
    t7 = annual[(annual.gacc_table == "7") & (annual.year == 2019)]
    total = t7[t7.regime_code == "total"].set_index("enterprise_type").value_usd_thousands
    assert total["POE"] / total["all"] == pytest.approx(0.307, abs=0.0005)


def test_commodity_sums_against_national_volumes(shared_data):
    """gacc/SOURCES.md check 2: quantities summed over the regime groups (10,000 t)."""
    table = regime.read_commodity_regime_table(shared_data / COMMODITIES)
    sums = table.groupby("commodity")[["quantity_10k_tonnes", "value_usd_thousands"]].sum()
    expected = {
        "Iron ores and concentrates": 106_895,
        "Soya beans": 8_851,
        "Crude petroleum oil": 50_571,
        "Petroleum gases and other gaseous hydrocabons": 9_657,
        "Coal and lignite": 29_967,
        "Copper ores and concentrates": 2_198,
        "Refined petroleum products": 3_053,
        "Cereals and cereal flour": 1_777,
    }
    for commodity, quantity in expected.items():
        assert sums.at[commodity, "quantity_10k_tonnes"] == quantity, commodity
    crude = sums.at["Crude petroleum oil", "value_usd_thousands"] / 1e6
    assert crude == pytest.approx(241.3, abs=0.06)
    assert (table.quantity_status == "not_printed").sum() == 7
    assert table.value_status.isin(["reported", "nil"]).all()
    pharma = table[table.commodity == "Medical and pharmaceutical products"]
    assert pharma.quantity_10k_tonnes.isna().all() and pharma.quantity_tonnes.notna().all()


def test_press_release_check_values_against_the_tables(shared_data, summary):
    """regime/SOURCES.md check 2 and 6: 2018 4.62 tn and US$352 bn; 2023 imports 2.56 tn."""
    press = regime.read_press_release_checks(shared_data / PRESS)
    usd_2018 = press[(press.year == 2018) & press.value_usd_100m.notna()].set_index("indicator")
    values = summary.set_index(["year", "flow", "regime_code"]).value_usd_100m
    total_2018 = values[(2018, "exports", "total")] + values[(2018, "imports", "total")]
    # 4.62 trillion is rounded to 0.01 tn = 100 (1e8 USD): within half a unit
    assert abs(usd_2018.at["total trade", "value_usd_100m"] - total_2018) <= 50
    balance = values[(2018, "exports", "total")] - values[(2018, "imports", "total")]
    assert abs(usd_2018.at["trade surplus", "value_usd_100m"] - balance) <= 5
    assert press[press.is_partial_year].period.tolist() == ["1-9"]
    assert set(press.source_file) == {"gacc_press_release_check_values.csv"}
    series = regime.read_china_trade_totals_transcribed(shared_data / TOTALS)
    imports_2023 = _value(series, year=2023, flow="imports", trade_mode="all")
    assert abs(imports_2023.value_usd_100m - values[(2023, "imports", "total")]) <= 50


def test_transcribed_totals_and_modes(shared_data):
    """series/SOURCES.md section 2: 2012 ordinary and non-ordinary trade; flags."""
    series = regime.read_china_trade_totals_transcribed(shared_data / TOTALS)
    assert set(series.reporter) == {"CHN"} and set(series.reporter_side) == {"own"}
    assert set(series.source_file) == {"china_trade_totals_and_by_mode_transcribed.csv"}
    v = series[series.value_usd_100m.notna()].set_index(["year", "flow", "trade_mode"])
    v = v.value_usd_100m
    assert v[(2012, "exports", "ordinary")] == 9_880.1
    assert v[(2012, "imports", "ordinary")] == 10_218.2
    assert v[(2012, "balance", "ordinary")] == -338.1
    non_ordinary = [v[(2012, f, "non_ordinary")] for f in ("exports", "imports", "balance")]
    assert non_ordinary == [10_609.2, 7_960.1, 2_649.1]
    share = (non_ordinary[0] + non_ordinary[1]) / v[(2012, "total", "all")]
    assert share == pytest.approx(0.480, abs=0.0005)
    assert v[(2018, "balance", "all")] == 3_517.6
    partial = series[series.is_partial_year]
    assert set(partial.period) == {"1-11"} and set(partial.year) == {2017}
    assert partial.value_cny_100m.notna().all() and partial.value_usd_100m.isna().all()
    flagged = series[series.consistency_note != ""]
    assert len(flagged) == 1
    row = flagged.iloc[0]
    assert (row.year, row.flow, row.value_cny_100m) == (2024, "balance", 72_700)
    assert _value(series, year=2008, flow="exports", trade_mode="all").rounding_unit == 100


def test_transcribed_partner_trade(shared_data):
    """series/SOURCES.md section 3: China-reported partner trade, 2021-2024 and checks."""
    bilateral = regime.read_china_bilateral_transcribed(shared_data / BILATERAL)
    assert set(bilateral.reporter) == {"CHN"} and set(bilateral.reporter_side) == {"own"}
    assert set(bilateral.source_file) == {"china_bilateral_trade_transcribed.csv"}
    v = bilateral.set_index(["partner", "year", "flow"])
    assert v.at[("USA", 2023, "exports"), "value_usd_100m"] == 5_000.3
    assert v.at[("USA", 2023, "imports"), "value_usd_100m"] == 1_641.6
    assert v.at[("USA", 2024, "imports"), "status"] == "derived"
    assert v.at[("USA", 2024, "imports"), "value_usd_100m"] == 1_639.7
    assert v.at[("USA", 2018, "balance"), "value_usd_100m"] == 3_233.3
    assert v.at[("KOR", 2022, "exports"), "value_usd_100m"] == 1_620.4
    assert v.at[("ASEAN", 2023, "total"), "value_cny_100m"] == 64_100
    korea = v.loc[("KOR", 2021)]
    gap = korea.at["exports", "value_usd_100m"] + korea.at["imports", "value_usd_100m"]
    assert gap / korea.at["total", "value_usd_100m"] - 1 == pytest.approx(0.005, abs=0.0005)
    assert korea.at["total", "consistency_note"] != ""
    assert (bilateral.consistency_note != "").sum() == 1
    target = bilateral[bilateral.year >= 2021]
    assert set(target.partner) == {"JPN", "KOR", "USA", "ASEAN"}  # no EU for 2021-2024


def test_transcription_log_covers_the_series_but_two_pages(shared_data):
    log = regime.read_transcription_log(shared_data / LOG)
    assert len(log) == 28
    totals = regime.read_china_trade_totals_transcribed(shared_data / TOTALS)
    bilateral = regime.read_china_bilateral_transcribed(shared_data / BILATERAL)
    assert regime.unlogged_pages(bilateral, log) == [
        "http://en.shippingchina.com/sailingnews/...index/detail/type/Trade/id/15103.html"
    ]
    assert regime.unlogged_pages(totals, log) == [
        "http://en.shippingchina.com/sailingnews/...index/detail/type/Trade/id/15103.html",
        "http://www.chinadaily.com.cn/business/2012-08/21/content_15693347.htm",
    ]


# --- synthetic inputs with answers known by hand ---

SYNTHETIC_URL = "http://example.org/synthetic"


def synthetic_table5(rows: dict[str, tuple[str, str]] | None = None, unit="US$1,000") -> str:
    """A table (5) for Dec 2019 with every regime; unspecified regimes print '-' (nil)."""
    rows = rows or {
        "total": ("1,100 12,000 800 9,000", "10.0 20.0 -20.0 -10.0"),
        "ordinary": ("600 7,000 500 6,000", "20.0 40.0 - 20.0"),
        "processing_imported_materials": ("500 5,000 300 3,000", "0.0 0.0 -25.0 -40.0"),
    }
    lines = [
        '# "(5) Imports and Exports by Customs Regime, 12. 2019"',
        f"# URL: {SYNTHETIC_URL}",
        f"# Unit: {unit}. Columns: Exports Dec-2019 | Exports Jan-Dec 2019 | "
        "Imports Dec-2019 | Imports Jan-Dec 2019",
    ]
    for code in ("total", *regime.TABLE_REGIMES["5"]):
        values, yoy = rows.get(code, ("- - - -", "- - - -"))
        lines += [f"{regime.REGIMES[code][0]} {values}", yoy]
    return "\n".join(lines) + "\n"


def synthetic_table7(rows: dict[str, tuple[str, str]], tail: str = "") -> str:
    """A table (7) for 1-12.2022 with columns Total | SOE | FIE | POE | Other."""
    lines = [
        '# "(7) Imports by Type Enterprise and by Customs Regime, 1-12.2022"',
        f"# URL: {SYNTHETIC_URL}",
        "# Unit: US$1,000. Columns: Total | SOE | FIE | POE | Other. Line under each row = %.",
    ]
    for code in ("total", *regime.TABLE_REGIMES["7"]):
        values, yoy = rows.get(code, ("- - - - -", "- - - - -"))
        lines += (
            [f"{regime.REGIMES[code][0]} {values}", yoy]
            if yoy
            else [f"{regime.REGIMES[code][0]} {values}"]
        )
    return "\n".join(lines) + "\n" + tail


def test_synthetic_table5_values_periods_and_previous_year(tmp_path):
    path = tmp_path / "synthetic_table5.txt"
    path.write_text(synthetic_table5(), encoding="utf-8")
    table = regime.read_regime_bulletin(path)
    assert len(table) == 18 * 4
    total = table[table.regime_code == "total"].set_index(["flow", "period"])
    assert total.at[("exports", "1-12"), "value_usd_thousands"] == 12_000
    assert total.at[("imports", "12"), "value_usd_thousands"] == 800
    assert total.at[("exports", "12"), "is_partial_year"]  # a month is not a year
    assert not total.at[("exports", "1-12"), "is_partial_year"]
    assert total.at[("exports", "12"), "period_kind"] == "month"
    nil = _value(table, regime_code="border_trade", flow="exports", period="1-12")
    assert nil.value_status == "nil" and math.isnan(nil.value_usd_thousands)
    previous = regime.previous_year_from_yoy(table, regime_codes=["total"], periods=["1-12"])
    v = previous.set_index("flow").value_usd_thousands
    assert v["exports"] == 10_000 and v["imports"] == 10_000  # 12,000/1.2 and 9,000/0.9
    assert set(previous.year) == {2018} and set(previous.value_status) == {"derived"}
    summary = regime.regime_annual_summary(table)
    s = summary.set_index(["year", "flow", "regime_code"]).value_usd_100m
    assert s[(2019, "exports", "total")] == 0.12  # 12,000 thousand = 0.12 x 100 million
    assert s[(2019, "exports", "processing_total_AGG")] == 0.05
    assert s[(2019, "exports", "non_ordinary_AGG")] == 0.05
    assert s[(2018, "imports", "ordinary")] == 0.05  # 6,000 / 1.2 = 5,000 thousand
    assert set(summary.source_file) == {"synthetic_table5.txt"}
    # an aggregate names the files of the regime rows it is computed from, and only those
    ordinary_elsewhere = table.assign(
        source_file=table.source_file.where(table.regime_code != "ordinary", "other_table.txt")
    )
    files = regime.regime_annual_summary(ordinary_elsewhere).set_index(
        ["year", "flow", "regime_code"]
    )["source_file"]
    assert files[(2019, "exports", "non_ordinary_AGG")] == "other_table.txt; synthetic_table5.txt"
    assert files[(2019, "exports", "processing_total_AGG")] == "synthetic_table5.txt"
    assert files[(2018, "imports", "ordinary")] == "other_table.txt"
    with pytest.raises(ValueError, match="without a source_file"):
        regime.regime_annual_summary(table.assign(source_file=None))


def test_synthetic_table7_blank_cell_and_truncated_row(tmp_path, monkeypatch):
    rows = {
        "total": ("1,000 300 200 400 100", "1.0 1.0 1.0 1.0 1.0"),
        "ordinary": ("800 290 100 350 60", "- - - - -"),
        "aid_donation_government_intl_org": ("60 - 40 10", "5.0 -90.0 - 2.0 3.0"),
        "other": ("140 0 100 10 [truncated]", ""),
    }
    path = tmp_path / "synthetic_table7.txt"
    path.write_text(synthetic_table7(rows), encoding="utf-8")
    # without an entry in BLANK_CELLS the short row is refused ...
    with pytest.raises(InputDataError, match=r"row 8: regime .* has 4 values for 5 columns"):
        regime.read_regime_bulletin(path)
    # ... with one, the blank goes where the curator put it
    key = ("7", 2022, "1-12", "aid_donation_government_intl_org")
    monkeypatch.setitem(regime.BLANK_CELLS, key, "SOE")
    table = regime.read_regime_bulletin(path).set_index(["regime_code", "enterprise_type"])
    assert table.at[("aid_donation_government_intl_org", "SOE"), "value_status"] == "not_printed"
    assert table.at[("aid_donation_government_intl_org", "FIE"), "value_status"] == "nil"
    assert table.at[("aid_donation_government_intl_org", "POE"), "value_usd_thousands"] == 40
    other = table.loc[("other", "other")]
    assert other.value_status == "derived" and other.value_usd_thousands == 30  # 140-0-100-10
    assert "Total-SOE-FIE-POE" in other.note


def test_synthetic_blank_cell_that_contradicts_the_yoy_line(tmp_path, monkeypatch):
    rows = {
        "total": ("100 60 40 - -", "1.0 1.0 1.0 - -"),
        "ordinary": ("100 60 40 -", "1.0 1.0 1.0 2.0 -"),
    }
    path = tmp_path / "synthetic_table7.txt"
    path.write_text(synthetic_table7(rows), encoding="utf-8")
    monkeypatch.setitem(regime.BLANK_CELLS, ("7", 2022, "1-12", "ordinary"), "other")
    with pytest.raises(InputDataError, match=r"column 'POE', row 6: blank cell placed"):
        regime.read_regime_bulletin(path)


def test_add_total_flow_and_rounding_unit():
    frame = pd.DataFrame(
        {
            "year": [2018, 2018, 2019],
            "flow": ["exports", "imports", "exports"],
            "value_usd_100m": [2.5, 1.5, 3.0],
            "method": ["reported"] * 3,
            "source_file": ["x.txt", "m.txt", "x.txt"],
        }
    )
    out = regime.add_total_flow(frame, "value_usd_100m", ["year"])
    total = out[out.flow == "total"]
    assert total.value_usd_100m.tolist() == [4.0] and total.year.tolist() == [2018]
    assert total.method.tolist() == ["derived: exports + imports"]
    assert total.source_file.tolist() == ["m.txt; x.txt"]
    assert regime.rounding_unit(14_300.0) == 100
    assert regime.rounding_unit(19_000.0) == 1_000
    assert regime.rounding_unit(3_517.6) == pytest.approx(0.1)
    assert regime.rounding_unit(2_135.55) == pytest.approx(0.01)
    assert regime.rounding_unit(4_215.0) == 1


# --- broken inputs made from the real files ---


def _broken_copy(shared_data, tmp_path, relative, change, name="broken.txt"):
    text = (shared_data / relative).read_text(encoding="utf-8")
    path = tmp_path / name
    changed = change(text)
    assert changed != text, "the change did not apply"
    if isinstance(changed, bytes):
        path.write_bytes(changed)
    else:
        path.write_text(changed, encoding="utf-8")
    return path


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def _assert_message(error, *fragments):
    message = str(error.value)
    for fragment in fragments:
        assert fragment in message, message


# (case, change, what the message names besides the file) of Table 5 of the 2019 bulletin
TABLE5_CASES = [
    (
        "text in a number cell",
        lambda t: t.replace("1,443,951,374", "1,443,95l,374"),
        ["column 'Exports Jan-Dec 2019'", "row 8", "'1,443,95l,374' is not a number"],
    ),
    (
        "negative value",
        lambda t: t.replace("706,078  - 1,184", "706,078  - -1,184"),
        ["column 'Imports Jan-Dec 2019'", "row 10", "'-1,184' is negative"],
    ),
    (
        "value scaled x1000 breaks the regime sum",
        lambda t: t.replace("1,443,951,374", "1,443,951,374,000"),
        ["column 'exports 1-12'", "row 6", "regimes sum to the total fails"],
    ),
    (
        "duplicate regime row",
        lambda t: t.replace(
            "Border Trade 2,969,765", "Border Trade 0 0 0 0\n- - - -\nBorder Trade 2,969,765"
        ),
        ["column 'regime'", "row 20", "duplicate key: regime 'border_trade'"],
    ),
    (
        "unknown regime label",
        lambda t: t.replace("Border Trade 2,969,765", "Frontier Trade 2,969,765"),
        ["column 'regime'", "row 18", "'Frontier Trade' is not one of the labels"],
    ),
    (
        "unit in US$ million",
        lambda t: t.replace("# Unit: US$1,000.", "# Unit: US$ million."),
        ["column 'Unit'", "row 4", "expected US$1,000", "never rescaled"],
    ),
    (
        "truncated file (last y/y line lost)",
        lambda t: t.rstrip("\n").rsplit("\n", 1)[0] + "\n",
        ["column 'regime'", "row 40", "no y/y line under it (file truncated?)"],
    ),
    (
        "text in the y/y line",
        lambda t: t.replace("7.9 0.5 16.5 -2.7", "7.9 0.5 n/a -2.7"),
        ["column 'Imports Dec-2019'", "row 7", "y/y entry 'n/a' is not a number"],
    ),
    (
        "a row with a value missing",
        lambda t: t.replace("135,884,403  1,443,951,374", "135,884,403"),
        ["column 'Imports Jan-Dec 2019'", "row 8", "has 3 values for 4 columns"],
    ),
    (
        "rows missing without a note",
        lambda t: t.replace("Duty-free Goods - - 457,481  3,261,880\n- - 58.3 31.5\n", ""),
        ["column 'regime'", "['dutyfree_goods'] are missing"],
    ),
    (
        "wrong encoding",
        lambda t: t.replace("Transcribed", "Transcrib\u00e9d").encode("latin-1"),
        ["not UTF-8 text"],
    ),
    ("empty file", lambda t: "", ["the file is empty"]),
]

BROKEN_TEXT_FILES = [
    *[(TABLE5_2019, regime.read_regime_bulletin, *case) for case in TABLE5_CASES],
    (
        TABLE7_2023,
        regime.read_regime_bulletin,
        # SOE raised by 1,000 in one row: SOE + FIE + POE + other no longer equals Total
        "enterprise split",
        lambda t: t.replace("9,061,082 178,136", "9,061,082 179,136"),
        [
            "column 'SOE'",
            "row 18",
            "SOE + FIE + POE + other = all fails for regime 'border_trade'",
            "the SOE column fails its regime sum too",
        ],
    ),
    (
        COMMODITIES,
        regime.read_commodity_regime_table,
        "commodity table",
        lambda t: t.replace("| 142 582,856 |", "| 142 |"),
        ["column 'commodity'", "row 15", "expected 4 groups"],
    ),
]


@pytest.mark.parametrize(
    ("source", "reader", "case", "change", "fragments"),
    BROKEN_TEXT_FILES,
    ids=[case[2] for case in BROKEN_TEXT_FILES],
)
def test_broken_text_file(shared_data, tmp_path, source, reader, case, change, fragments):
    path = _broken_copy(shared_data, tmp_path, source, change)
    with pytest.raises(InputDataError) as error:
        reader(path)
    _assert_message(error, "broken.txt", *fragments)


def _broken_csv(shared_data, tmp_path, relative, change, name="broken.csv"):
    lines = (shared_data / relative).read_text(encoding="utf-8").splitlines()
    changed = change(list(lines))
    path = tmp_path / name
    path.write_text("\n".join(changed) + ("\n" if changed else ""), encoding="utf-8")
    return path, lines


def _set_cell(lines, line_number, column, value):
    """Set one cell of a CSV given as lines (1-based line number, header on line 1)."""
    header = next(csv.reader(io.StringIO(lines[0])))
    row = next(csv.reader(io.StringIO(lines[line_number - 1])))
    row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[line_number - 1] = out.getvalue()
    return lines


# (case, change, what the message names besides the file) of the annual summary
SUMMARY_CASES = [
    (
        "renamed header",
        lambda ls: [ls[0].replace("value_usd_100m", "value_usd_bn")] + ls[1:],
        ["column 'value_usd_100m'", "not found"],
    ),
    (
        "text in a number cell",
        lambda ls: _set_cell(ls, 7, "value_usd_100m", "n.a."),
        ["column 'value_usd_100m'", "row 7", "'n.a.' is not a number"],
    ),
    (
        "duplicate key",
        lambda ls: ls + [ls[6]],
        ["column 'year'", "row 140", "duplicate key", "first at row 7"],
    ),
    (
        "negative regime",
        lambda ls: _set_cell(ls, 4, "value_usd_100m", "-311.01"),
        ["column 'value_usd_100m'", "row 4", "is negative"],
    ),
    (
        "ordinary x1000 breaks the regime sum",
        lambda ls: _set_cell(ls, 7, "value_usd_100m", "14005350"),
        ["column 'value_usd_100m'", "row 17", "regimes sum to the total fails"],
    ),
    (
        "processing aggregate that is not the sum of its regimes",
        lambda ls: _set_cell(ls, 15, "value_usd_100m", "7979.9"),
        ["column 'value_usd_100m'", "row 15", "assembly + imported materials (the"],
    ),
    (
        "unknown regime code",
        lambda ls: _set_cell(ls, 4, "regime_code", "frontier_trade"),
        ["column 'regime_code'", "row 4", "'frontier_trade' is not one of"],
    ),
    ("empty file", lambda ls: [], ["the file is empty"]),
]

BROKEN_CSV_FILES = [
    *[(SUMMARY, regime.read_regime_annual_summary, *case) for case in SUMMARY_CASES],
    (
        BILATERAL,
        regime.read_china_bilateral_transcribed,
        "bilateral partner",
        lambda ls: _set_cell(ls, 3, "partner", "Atlantis"),
        ["column 'partner'", "row 3", "'Atlantis' is not one of"],
    ),
    (
        PRESS,
        regime.read_press_release_checks,
        "press values",
        lambda ls: _set_cell(ls, 3, "value", "1.642"),
        # the identity cannot tell which term is wrong: it names the total's row and the key
        [
            "column 'value'",
            "row 2",
            "exports + imports = total fails",
            "'year': 2018",
            "16420 + 140900",
        ],
    ),
]


@pytest.mark.parametrize(
    ("source", "reader", "case", "change", "fragments"),
    BROKEN_CSV_FILES,
    ids=[case[2] for case in BROKEN_CSV_FILES],
)
def test_broken_csv_file(shared_data, tmp_path, source, reader, case, change, fragments):
    path, _ = _broken_csv(shared_data, tmp_path, source, change)
    with pytest.raises(InputDataError) as error:
        reader(path)
    _assert_message(error, "broken.csv", *fragments)


def test_broken_transcribed_series(shared_data, tmp_path):
    lines = (shared_data / TOTALS).read_text(encoding="utf-8").splitlines()
    row = next(
        i
        for i, line in enumerate(lines, 1)
        if line.startswith("China (GACC customs statistics),2002,full year,balance")
    )
    path, _ = _broken_csv(
        shared_data, tmp_path, TOTALS, lambda ls: _set_cell(ls, row, "value", "3035.0")
    )
    with pytest.raises(InputDataError) as error:
        regime.read_china_trade_totals_transcribed(path)
    _assert_message(
        error, "broken.csv", "column 'value'", f"row {row}", "exports - imports = balance fails"
    )
