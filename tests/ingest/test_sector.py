"""Sector trade (UN Comtrade US-China by HS) and the product concordances.

Real-file tests assert the values SOURCES.md (sector/ and gvc_province/) lists; synthetic
inputs have answers known by hand; broken inputs are made from the real files and must
stop with a message naming the file, the column, the row (or key) and the rule.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyreadr
import pytest

from chinatrade.errors import InputDataError
from chinatrade.ingest import sector

BN = 1e9
RDS_2025 = "sector/original/nikhilm2009_us_china_2025.rds"
CHINA_CSV = "sector/original/DMK041218_TradeData_China_USA.csv"
SECTIONS = "sector/hs_sections_22.csv"
WCO_SECTIONS = "sector/original/datasets_harmonized-system_sections.csv"
CHAPTERS = "sector/hs_chapter_to_section_concordance.csv"
OECD_XLSX = "sector/original/oecd_ConversionKeyBTDIxE4PUB.xlsx"
OECD_CSV = "sector/oecd_btdixe_hs_to_isic_enduse_key.csv"
OOXML_ESCAPE = r"_x([0-9A-F]{4})_"
WIOD = "gvc_province/wiod56_to_isic4_btdixe_hs_concordance.csv"


# --- fixtures: each real file is parsed once -------------------------------------------------


@pytest.fixture(scope="module")
def trade(shared_data):
    return sector.read_comtrade_us_china([shared_data / p for p in sector.COMTRADE_US_CHINA_RDS])


@pytest.fixture(scope="module")
def values(trade):
    return trade.set_index(["year", "flow", "level", "product_code"])["value_usd"]


@pytest.fixture(scope="module")
def sections(shared_data):
    return sector.read_hs_sections(shared_data / SECTIONS, shared_data / WCO_SECTIONS)


@pytest.fixture(scope="module")
def chapters(shared_data, sections):
    return sector.read_hs_chapter_sections(shared_data / CHAPTERS, sections)


@pytest.fixture(scope="module")
def oecd_key(shared_data):
    return sector.read_oecd_hs_isic_key(shared_data / OECD_XLSX)


@pytest.fixture(scope="module")
def wiod(shared_data):
    return sector.read_wiod_isic_concordance(shared_data / WIOD)


@pytest.fixture(scope="module")
def real_2025_without_hs6(shared_data):
    """The 2025 original without its HS6 rows: small enough to rewrite in each broken test."""
    frame = pyreadr.read_r(str(shared_data / RDS_2025))[None]
    return frame[frame["aggr_level"] < 6].reset_index(drop=True)


def assert_message(error, *fragments):
    message = str(error.value)
    for fragment in fragments:
        assert fragment in message, message


# --- US-reported trade by HS (real files) ----------------------------------------------------


def test_us_trade_schema_and_coverage(trade):
    assert list(trade.columns) == sector.TRADE_COLUMNS
    assert not trade.duplicated(sector.TRADE_KEY).any()
    assert set(trade["reporter_iso3"]) == {"USA"} and set(trade["partner_iso3"]) == {"CHN"}
    assert set(trade["reporter_side"]) == {"own"}
    assert (trade["value_usd"] >= 0).all() and trade["value_usd"].notna().all()
    assert trade["year"].min() == 2015 and trade["year"].max() == 2025
    widths = trade.groupby("level")["product_code"].agg(lambda c: set(c.str.len()))
    assert widths.to_dict() == {"TOTAL": {5}, "HS2": {2}, "HS4": {4}, "HS6": {6}}
    # all 97 chapters Comtrade has: 01-97 without the reserved 77, plus 99
    expected = {f"{c:02d}" for c in range(1, 98)} - {"77"} | {"99"}
    for (_, flow), codes in trade[trade.level == "HS2"].groupby(["year", "flow"])["product_code"]:
        assert set(codes) == expected, flow
    # the customs value exists only where Comtrade published it (SOURCES.md)
    customs_years = set(trade.loc[trade.flow == "imports_customs_value", "year"])
    assert customs_years == {2019, 2022, 2023, 2024, 2025}
    vintage = trade.groupby("year")["hs_vintage"].unique().map(list).to_dict()
    assert vintage[2015] == ["H4"] and vintage[2018] == ["H5"] and vintage[2025] == ["H6"]


def test_us_totals_match_sources(values):
    """SOURCES.md section 1: totals by year and valuation, USD bn."""
    total = values.xs(("TOTAL", "TOTAL"), level=("level", "product_code"))
    assert total[(2018, "imports_cif")] / BN == pytest.approx(563.2, abs=0.05)
    assert total[(2018, "exports_fob")] / BN == pytest.approx(120.1, abs=0.1)
    deficit = total[(2018, "imports_cif")] - total[(2018, "exports_fob")]
    assert deficit / BN == pytest.approx(443.1, abs=0.05)
    customs = {2019: 452.2, 2022: 536.7, 2023: 427.2, 2024: 438.9}
    for year, expected in customs.items():
        assert total[(year, "imports_customs_value")] / BN == pytest.approx(expected, abs=0.05)
    # CIF exceeds the customs value by freight and insurance, about 4-7 %
    for year in customs:
        ratio = total[(year, "imports_cif")] / total[(year, "imports_customs_value")]
        assert 1.03 < ratio < 1.08


def test_machinery_and_electrical_2018_match_sources(values):
    """SOURCES.md: 2018 US imports HS84 119.6 + HS85 156.0 bn CIF; exports 14.20 + 12.88."""
    assert values[(2018, "imports_cif", "HS2", "84")] / BN == pytest.approx(119.6, abs=0.05)
    assert values[(2018, "imports_cif", "HS2", "85")] / BN == pytest.approx(156.0, abs=0.05)
    assert values[(2018, "exports_fob", "HS2", "84")] / BN == pytest.approx(14.20, abs=0.005)
    assert values[(2018, "exports_fob", "HS2", "85")] / BN == pytest.approx(12.88, abs=0.005)


def test_hierarchy_gaps_are_confidential_detail_moved_to_chapter_99(trade):
    gaps = sector.hierarchy_gaps(trade)
    # every gap is offset by chapter 99 / heading 9999 in the same year, flow and level
    net = gaps.groupby(["year", "flow", "parent_level"])["gap_usd"].sum()
    assert (net.abs() <= 1.0).all()
    assert (gaps.loc[gaps.gap_usd < 0, "parent_code"].str[:2] == "99").all()
    # US exports of aircraft (chapter 88) sit in 9999 at HS4 in every year
    aircraft = gaps[(gaps.parent_code == "88") & (gaps.flow == "exports_fob")]
    assert sorted(aircraft["year"]) == list(range(2015, 2026))
    row_2018 = aircraft[aircraft.year == 2018].iloc[0]
    assert row_2018["parent_value_usd"] / BN == pytest.approx(18.22, abs=0.01)
    assert row_2018["detail_sum_usd"] < 2e6
    # HS6 detail is withheld only in 2017, 2018 (wood, 44xx) and 2022 (3402)
    hs6 = gaps[gaps.detail_level == "HS6"]
    assert set(hs6["year"]) == {2017, 2018, 2022}
    assert set(hs6.loc[hs6.gap_usd > 0, "parent_code"]) == {
        "4401",
        "4403",
        "4406",
        "4407",
        "4412",
        "3402",
    }


def test_us_trade_equals_the_derived_hs2_and_hs4_files(trade, shared_data):
    flows = {"export": "exports_fob", "import": "imports_cif"}
    for name in ("hs2", "hs4"):
        derived = pd.read_csv(
            shared_data / f"sector/us_china_{name}_comtrade_usreporter_2015_2025.csv",
            dtype={"hs_code": str},
        )
        primary = derived.assign(flow=derived.flow.map(flows), value=derived.value_usd_primary)
        customs = derived[derived.value_usd_fob.notna() & (derived.flow == "import")]
        customs = customs.assign(flow="imports_customs_value", value=customs.value_usd_fob)
        expected = pd.concat([primary, customs])
        expected["level"] = expected.hs_level.map({0: "TOTAL", 2: "HS2", 4: "HS4"})
        expected = expected.set_index(["year", "flow", "level", "hs_code"])["value"].sort_index()
        ours = trade[trade.level.isin(set(expected.index.get_level_values("level")))]
        ours = ours.set_index(["year", "flow", "level", "product_code"])["value_usd"].sort_index()
        assert len(ours) == len(expected)
        assert (ours.to_numpy() == expected.to_numpy()).all()
        assert (ours.index == expected.index).all()


def test_sections_equal_the_derived_section_balance(trade, chapters, shared_data):
    by_section = sector.aggregate_to_sections(trade, chapters)
    derived = pd.read_csv(shared_data / "sector/us_china_section_balance_usreporter_2015_2025.csv")
    indicators = {
        "us_imports_from_china_cif": "imports_cif",
        "us_exports_to_china_fob": "exports_fob",
        "us_imports_from_china_customs_value": "imports_customs_value",
    }
    derived = derived[derived.indicator.isin(indicators)]
    derived = derived.assign(flow=derived.indicator.map(indicators))
    joined = by_section.merge(derived, on=["year", "flow", "section_no"], how="outer")
    assert len(joined) == len(by_section) == len(derived) == 594
    assert (joined.value_usd_x == joined.value_usd_y).all()
    assert (joined.section_name_zh_x == joined.section_name_zh_y).all()
    # SOURCES.md: section XVI mirror surplus (CIF basis) 2017 237.2, 2018 248.4, 2019 196.1 bn
    xvi = by_section[by_section.section_no == 16].pivot(index="year", columns="flow")["value_usd"]
    surplus = (xvi.imports_cif - xvi.exports_fob) / BN
    assert surplus[2017] == pytest.approx(237.2, abs=0.05)
    assert surplus[2018] == pytest.approx(248.4, abs=0.05)
    assert surplus[2019] == pytest.approx(196.1, abs=0.05)
    assert xvi.imports_cif[2018] / BN == pytest.approx(275.5, abs=0.05)
    total_2018 = trade[(trade.level == "TOTAL") & (trade.year == 2018)]
    total_2018 = total_2018.set_index("flow")["value_usd"]
    assert xvi.imports_cif[2018] / total_2018["imports_cif"] == pytest.approx(0.489, abs=0.0005)
    surplus_share = surplus[2018] * BN / (total_2018["imports_cif"] - total_2018["exports_fob"])
    assert surplus_share == pytest.approx(0.561, abs=0.0005)


def test_section_rows_name_the_files_of_their_hs2_rows(trade, chapters):
    by_section = sector.aggregate_to_sections(trade, chapters)
    files = by_section.groupby("year")["source_file"].unique().map(list)
    assert files[2018] == ["nikhilm2009_us_china.rds"]
    assert files[2023] == ["nikhilm2009_us_china_2022_24.rds"]
    assert files[2025] == ["nikhilm2009_us_china_2025.rds"]
    # a section whose chapters come from two files names both, sorted
    hs2_84 = (trade.level == "HS2") & (trade.product_code == "84") & (trade.year == 2018)
    moved = trade.assign(source_file=trade.source_file.mask(hs2_84, "another.rds"))
    files = sector.aggregate_to_sections(moved, chapters)
    files = files.set_index(["year", "section_no"]).sort_index()
    assert set(files.loc[(2018, 16), "source_file"]) == {"another.rds; nikhilm2009_us_china.rds"}
    assert set(files.loc[(2018, 17), "source_file"]) == {"nikhilm2009_us_china.rds"}
    with pytest.raises(ValueError, match="without a source_file"):
        sector.aggregate_to_sections(
            trade.assign(source_file=trade.source_file.mask(hs2_84)), chapters
        )


# --- China-reported totals (real file) ---------------------------------------------------------


def test_china_reported_totals_match_sources(shared_data):
    china = sector.read_china_reported_totals(shared_data / CHINA_CSV)
    assert list(china.columns) == sector.CHINA_TOTALS_COLUMNS
    assert len(china) == 22 and set(china.year) == set(range(2013, 2024))
    assert set(china.reporter_iso3) == {"CHN"} and set(china.partner_iso3) == {"USA"}
    value = china.set_index(["year", "flow"])["value_usd"] / BN
    assert value[(2018, "exports_fob")] == pytest.approx(479.28, abs=0.005)
    assert value[(2018, "imports_cif")] == pytest.approx(156.02, abs=0.005)
    surplus = value[(2018, "exports_fob")] - value[(2018, "imports_cif")]
    assert surplus == pytest.approx(323.26, abs=0.005)
    assert value[(2017, "exports_fob")] == pytest.approx(430.3, abs=0.05)
    assert value[(2017, "imports_cif")] == pytest.approx(154.4, abs=0.05)
    assert value[(2021, "exports_fob")] == pytest.approx(568.2, abs=0.05)
    derived = pd.read_csv(
        shared_data / "sector/china_us_total_trade_comtrade_chnreporter_2013_2023.csv"
    )
    assert (china["value_usd"].to_numpy() == derived["value_usd_primary"].to_numpy()).all()


# --- concordances (real files) -----------------------------------------------------------------


def test_sections_and_chapters(sections, chapters):
    assert len(sections) == 22 and list(sections.section_no) == list(range(1, 23))
    xvi = sections.set_index("section_no").loc[16]
    assert (xvi.first_chapter, xvi.last_chapter, xvi.section_roman) == ("84", "85", "XVI")
    assert xvi.section_name_zh.startswith("机器、机械器具、电气设备")
    assert len(chapters) == 99 and chapters.hs_chapter.is_unique
    in_use = chapters[chapters.chapter_kind == "wco"]
    assert set(in_use.hs_chapter) == {f"{c:02d}" for c in range(1, 98)} - {"77"}
    section = chapters.set_index("hs_chapter")["section_no"]
    assert section["84"] == section["85"] == 16 and section["87"] == 17 and section["99"] == 22
    assert chapters.set_index("hs_chapter").at["77", "chapter_kind"] == "reserved"
    assert list(sections.columns) == sector.SECTION_TABLE_COLUMNS
    assert set(sections.source_file) == {"hs_sections_22.csv"}


def test_oecd_key_parsed_from_xlsx_equals_the_derived_csv(oecd_key, shared_data):
    assert len(oecd_key) == 27_228
    assert oecd_key.hs_version.value_counts().to_dict() == {
        2: 5547,
        4: 5527,
        1: 5437,
        3: 5375,
        0: 5342,
    }
    derived = pd.read_csv(shared_data / OECD_CSV, dtype=str, keep_default_na=False)
    # the derived CSV was written from openpyxl's view, which left OOXML escapes of control
    # characters in 7 labels ("..._x000D_"); our reader decodes them, and they are stripped
    escaped = derived["label"].str.contains(r"_x[0-9A-F]{4}_")
    assert escaped.sum() == 7
    derived["label"] = (
        derived["label"].str.replace(OOXML_ESCAPE, lambda m: chr(int(m[1], 16)), regex=True)
    ).str.strip()
    ours = oecd_key.astype({"hs_version": str})
    for column in derived.columns:
        assert (ours[column].to_numpy() == derived[column].to_numpy()).all(), column
    key = oecd_key[oecd_key.hs_version == 4].set_index("hs6")
    assert tuple(key.loc["847130", ["btd_isic4_code", "end_use_category"]]) == ("D262", "XPC")
    assert tuple(key.loc["870323", ["btd_isic4_code", "end_use_category"]]) == ("D29", "XCARS")
    hs1988 = oecd_key[oecd_key.hs_version == 0].set_index("hs6")
    assert tuple(hs1988.loc["010111", ["btd_isic4_code", "bec", "end_use_category"]]) == (
        "D01",
        "41",
        "CAP",
    )
    assert oecd_key.hs6_is_special.sum() == 1_605  # nnADJS, nnCFnn, nnEUnn, 9999AA, ADJSPR


def test_wiod_concordance_and_the_hs_to_wiod_chain(wiod, oecd_key, shared_data):
    assert list(wiod.wiod_code.unique()) == sector.WIOD56
    niot_header = pd.read_csv(
        shared_data / "gvc_province/wiod2016_chn_niot_2000_2014_clean.csv", nrows=0
    )
    assert sector.WIOD56 == list(niot_header.columns[5:61])
    industry = wiod.dropna(subset=["btd_isic4_code"]).set_index("btd_isic4_code")["wiod_code"]
    assert industry["D26T27"] == "C26" and industry["D24T25"] == "C24"
    assert industry["D29T30"] == "C29" and industry["D01T02"] == "A01"
    chain = sector.map_hs6_to_wiod(oecd_key, wiod, WIOD)
    assert len(chain) == len(oecd_key)
    assert set(chain.loc[chain.wiod_code.isna(), "btd_isic4_code"]) == sector.UNMAPPED_BTD_ISIC4
    hs2012 = chain[chain.hs_version == 4].set_index("hs6")["wiod_code"]
    assert hs2012["847130"] == "C26" and hs2012["870323"] == "C29" and hs2012["610910"] == "C13-C15"


# --- synthetic inputs, answers known by hand -------------------------------------------------


def synthetic_comtrade_frame(records) -> pd.DataFrame:
    """comtradr-like rows: (year, flow, level, code, primary, cif, fob)."""
    rows = []
    for year, flow, level, code, primary, cif, fob in records:
        rows.append(
            {
                "type_code": "C",
                "freq_code": "A",
                "ref_year": year,
                "ref_month": 52,
                "reporter_iso": "USA",
                "flow_code": flow,
                "partner_iso": "CHN",
                "partner2iso": "W00",
                "classification_code": "H5",
                "cmd_code": code,
                "cmd_desc": f"synthetic {code}",
                "aggr_level": level,
                "customs_code": "C00",
                "mos_code": "0",
                "mot_code": 0,
                "cifvalue": cif,
                "fobvalue": fob,
                "primary_value": primary,
            }
        )
    frame = pd.DataFrame(rows)
    for column in ("ref_year", "ref_month", "aggr_level", "mot_code"):
        frame[column] = frame[column].astype("int32")
    return frame


SYNTHETIC_RECORDS = [
    # imports: CIF primary, customs value published (TOTAL > 0)
    (2019, "M", 0, "TOTAL", 100.0, 100.0, 95.0),
    (2019, "M", 2, "01", 60.0, 60.0, 57.0),
    (2019, "M", 2, "99", 40.0, 40.0, 38.0),
    (2019, "M", 4, "0101", 30.0, 30.0, 28.0),
    (2019, "M", 4, "0102", 20.0, 20.0, 19.0),  # chapter 01 withholds 10 ...
    (2019, "M", 4, "9999", 50.0, 50.0, 48.0),  # ... which heading 9999 takes up
    # exports: FOB primary, CIF unpublished (0)
    (2019, "X", 0, "TOTAL", 10.0, 0.0, 10.0),
    (2019, "X", 2, "01", 10.0, 0.0, 10.0),
    (2019, "X", 4, "0101", 10.0, 0.0, 10.0),
]


def test_synthetic_comtrade_file(tmp_path):
    path = tmp_path / "synthetic.rds"
    pyreadr.write_rds(str(path), synthetic_comtrade_frame(SYNTHETIC_RECORDS))
    out = sector.read_comtrade_us_china([path])
    value = out.set_index(["flow", "level", "product_code"])["value_usd"]
    assert value[("imports_cif", "HS2", "01")] == 60.0
    assert value[("imports_customs_value", "HS2", "01")] == 57.0
    assert value[("imports_customs_value", "TOTAL", "TOTAL")] == 95.0
    assert value[("exports_fob", "HS4", "0101")] == 10.0
    assert "exports_cif" not in set(out.flow)  # an unpublished valuation gives no rows
    assert len(out) == 6 + 6 + 3
    gaps = sector.hierarchy_gaps(out).set_index(["flow", "parent_code"])["gap_usd"]
    assert gaps[("imports_cif", "01")] == 10.0 and gaps[("imports_cif", "99")] == -10.0
    assert gaps[("imports_customs_value", "01")] == 10.0


def test_synthetic_section_aggregation(tmp_path, chapters):
    path = tmp_path / "synthetic.rds"
    pyreadr.write_rds(str(path), synthetic_comtrade_frame(SYNTHETIC_RECORDS))
    by_section = sector.aggregate_to_sections(sector.read_comtrade_us_china([path]), chapters)
    value = by_section.set_index(["flow", "section_no"])["value_usd"]
    assert value[("imports_cif", 1)] == 60.0 and value[("imports_cif", 22)] == 40.0
    assert value[("exports_fob", 1)] == 10.0 and len(by_section) == 5
    assert set(by_section.source_file) == {"synthetic.rds"}


def test_synthetic_china_totals(tmp_path, shared_data):
    # two real rows, values replaced by round numbers
    lines = (shared_data / CHINA_CSV).read_text().splitlines()
    lines = [
        lines[0],
        lines[1].replace("153394862034", "150"),
        lines[2].replace("369063858557", "400"),
    ]
    path = tmp_path / "synthetic.csv"
    path.write_text("\n".join(lines) + "\n")
    out = sector.read_china_reported_totals(path).set_index("flow")["value_usd"]
    assert out.to_dict() == {"exports_fob": 400.0, "imports_cif": 150.0}


# --- broken inputs made from the real files --------------------------------------------------


def write_rds(frame: pd.DataFrame, path: Path) -> Path:
    pyreadr.write_rds(str(path), frame)
    return path


def test_rds_missing_column(tmp_path, real_2025_without_hs6):
    path = write_rds(real_2025_without_hs6.drop(columns="primary_value"), tmp_path / "bad.rds")
    with pytest.raises(InputDataError) as error:
        sector.read_comtrade_us_china([path])
    assert_message(error, "bad.rds", "column 'primary_value'", "required column(s)")


def test_rds_text_in_a_number_cell(tmp_path, real_2025_without_hs6):
    frame = real_2025_without_hs6.copy()
    frame["primary_value"] = frame["primary_value"].astype(str)
    frame.loc[9, "primary_value"] = "n.a."
    with pytest.raises(InputDataError) as error:
        sector.read_comtrade_us_china([write_rds(frame, tmp_path / "bad.rds")])
    assert_message(error, "bad.rds", "column 'primary_value'", "row 10", "'n.a.' is not a number")


def test_rds_negative_value(tmp_path, real_2025_without_hs6):
    frame = real_2025_without_hs6.copy()
    export_row = int(np.flatnonzero((frame.flow_code == "X") & (frame.aggr_level == 4))[0])
    frame.loc[export_row, ["primary_value", "fobvalue"]] = -5.0
    with pytest.raises(InputDataError) as error:
        sector.read_comtrade_us_china([write_rds(frame, tmp_path / "bad.rds")])
    assert_message(error, "bad.rds", "column 'primary_value'", f"row {export_row + 1}", "negative")


def test_rds_duplicate_key(tmp_path, real_2025_without_hs6):
    frame = pd.concat([real_2025_without_hs6, real_2025_without_hs6.iloc[[20]]], ignore_index=True)
    with pytest.raises(InputDataError) as error:
        sector.read_comtrade_us_china([write_rds(frame, tmp_path / "bad.rds")])
    assert_message(error, "bad.rds", "column 'ref_year'", f"row {len(frame)}", "(first at row 21)")
    assert_message(error, "duplicate key", "one row per key")


def test_rds_chapter_scaled_by_1000_breaks_the_total(tmp_path, real_2025_without_hs6):
    frame = real_2025_without_hs6.copy()
    row = (frame.flow_code == "M") & (frame.cmd_code == "85")
    frame.loc[row, ["primary_value", "cifvalue", "fobvalue"]] *= 1000
    total_row = int(np.flatnonzero((frame.flow_code == "M") & (frame.aggr_level == 0))[0]) + 1
    with pytest.raises(InputDataError) as error:
        sector.read_comtrade_us_china([write_rds(frame, tmp_path / "bad.rds")])
    assert_message(
        error,
        "bad.rds",
        "column 'primary_value'",
        f"row {total_row}",
        "the HS2 codes add up to the TOTAL row (same year and flow) fails",
    )


def test_rds_heading_detail_exceeding_its_chapter(tmp_path, real_2025_without_hs6):
    """Moving value from 9999 to 0101 keeps the totals but adds detail to chapter 01."""
    frame = real_2025_without_hs6.copy()
    exports = frame.flow_code == "X"
    frame.loc[exports & (frame.cmd_code == "0101"), ["primary_value", "fobvalue"]] += 1e6
    frame.loc[exports & (frame.cmd_code == "9999"), ["primary_value", "fobvalue"]] -= 1e6
    chapter_row = int(np.flatnonzero(exports & (frame.cmd_code == "01"))[0]) + 1
    with pytest.raises(InputDataError) as error:
        sector.read_comtrade_us_china([write_rds(frame, tmp_path / "bad.rds")])
    assert_message(
        error, "bad.rds", "column 'primary_value'", f"row {chapter_row}", "HS4 detail of 01"
    )
    assert_message(error, "exceeds it by 1,000,000 USD", "never added")


def test_rds_partly_published_valuation(tmp_path, real_2025_without_hs6):
    """US exports carry no CIF value; one CIF cell among the zeros/NAs is refused."""
    frame = real_2025_without_hs6.copy()
    export_row = int(np.flatnonzero(frame.flow_code == "X")[5])
    frame.loc[export_row, "cifvalue"] = 123.0
    with pytest.raises(InputDataError) as error:
        sector.read_comtrade_us_china([write_rds(frame, tmp_path / "bad.rds")])
    assert_message(
        error, "bad.rds", "column 'cifvalue'", f"row {export_row + 1}", "for all rows or none"
    )


def test_rds_other_partner(tmp_path, real_2025_without_hs6):
    frame = real_2025_without_hs6.copy()
    frame.loc[3, "partner_iso"] = "HKG"
    with pytest.raises(InputDataError) as error:
        sector.read_comtrade_us_china([write_rds(frame, tmp_path / "bad.rds")])
    assert_message(error, "bad.rds", "column 'partner_iso'", "row 4", "'HKG' is not one of")


def test_rds_year_with_one_flow_only(tmp_path, real_2025_without_hs6):
    imports_only = real_2025_without_hs6[real_2025_without_hs6.flow_code == "M"]
    path = write_rds(imports_only.reset_index(drop=True), tmp_path / "bad.rds")
    with pytest.raises(InputDataError) as error:
        sector.read_comtrade_us_china([path])
    assert_message(error, "bad.rds", "column 'flow_code'", "row 1", "year 2025 has flow(s) ['M']")


def test_rds_year_in_two_files(tmp_path, real_2025_without_hs6):
    first = write_rds(real_2025_without_hs6, tmp_path / "first.rds")
    second = write_rds(real_2025_without_hs6, tmp_path / "second.rds")
    with pytest.raises(InputDataError) as error:
        sector.read_comtrade_us_china([first, second])
    assert_message(error, "second.rds", "column 'ref_year'", "row 1", "year 2025 is also in")


@pytest.mark.parametrize("content", ["truncated", "empty"])
def test_rds_not_readable(tmp_path, shared_data, content):
    path = tmp_path / "bad.rds"
    data = (shared_data / RDS_2025).read_bytes()
    path.write_bytes(data[:20_000] if content == "truncated" else b"")
    with pytest.raises(InputDataError, match=r"bad.rds'?: not a readable .rds file"):
        sector.read_comtrade_us_china([path])


def china_csv(shared_data, tmp_path, change) -> Path:
    lines = (shared_data / CHINA_CSV).read_text().splitlines()
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(change(lines)) + "\n")
    return path


def test_china_csv_renamed_header(tmp_path, shared_data):
    def change(lines):
        return [lines[0].replace("primaryValue", "primary_value"), *lines[1:]]

    with pytest.raises(InputDataError) as error:
        sector.read_china_reported_totals(china_csv(shared_data, tmp_path, change))
    assert_message(error, "bad.csv", "column 'primaryValue'", "not found")


def test_china_csv_text_in_a_number_cell(tmp_path, shared_data):
    def change(lines):
        # line 13 is 2018 exports; its primaryValue is followed by the estimation flag "4"
        lines[12] = lines[12].replace('"479278747159","4"', '"n/a","4"')
        return lines

    with pytest.raises(InputDataError) as error:
        sector.read_china_reported_totals(china_csv(shared_data, tmp_path, change))
    assert_message(error, "bad.csv", "column 'primaryValue'", "row 13", "'n/a' is not a number")


def test_china_csv_duplicate_year(tmp_path, shared_data):
    with pytest.raises(InputDataError) as error:
        sector.read_china_reported_totals(
            china_csv(shared_data, tmp_path, lambda lines: [*lines, lines[12]])
        )
    assert_message(error, "bad.csv", "column 'refYear'", "row 24", "(first at row 13)")


def test_china_csv_valuation_mismatch(tmp_path, shared_data):
    def change(lines):  # the FOB column no longer equals the primary value
        lines[12] = lines[12].replace('"479278747159","479278747159"', '"1","479278747159"')
        return lines

    with pytest.raises(InputDataError) as error:
        sector.read_china_reported_totals(china_csv(shared_data, tmp_path, change))
    assert_message(error, "bad.csv", "column 'fobvalue'", "row 13", "is the FOB value fails")


@pytest.mark.parametrize(
    ("encoding_or_bytes", "expected"),
    [("utf-16", "not utf-8 text"), (b"", "the file is empty")],
)
def test_china_csv_wrong_encoding_or_empty(tmp_path, shared_data, encoding_or_bytes, expected):
    path = tmp_path / "bad.csv"
    if isinstance(encoding_or_bytes, bytes):
        path.write_bytes(encoding_or_bytes)
    else:
        path.write_text((shared_data / CHINA_CSV).read_text(), encoding=encoding_or_bytes)
    with pytest.raises(InputDataError, match=expected) as error:
        sector.read_china_reported_totals(path)
    assert_message(error, "bad.csv")


def edited_csv(shared_data, tmp_path, relative, old, new, encoding="utf-8") -> Path:
    text = (shared_data / relative).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / Path(relative).name
    path.write_text(text.replace(old, new, 1), encoding=encoding)
    return path


def test_chapter_in_the_wrong_section(tmp_path, shared_data, sections):
    path = edited_csv(shared_data, tmp_path, CHAPTERS, '\n85,"Electrical', '\n85x,"Electrical')
    with pytest.raises(InputDataError) as error:
        sector.read_hs_chapter_sections(path, sections)
    assert_message(error, "hs_chapter_to_section_concordance.csv", "column 'chapter'", "row 86")
    assert_message(error, "'85x' is not one of")
    text = (shared_data / CHAPTERS).read_text(encoding="utf-8").splitlines()
    text[85] = text[85].replace(",16,XVI,", ",17,XVII,", 1)  # chapter 85 -> section XVII
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(InputDataError) as error:
        sector.read_hs_chapter_sections(path, sections)
    assert_message(error, "column 'section_no'", "row 86", "puts chapter 85 in section 17")


def test_chapter_missing_or_not_zero_padded(tmp_path, shared_data, sections):
    path = edited_csv(shared_data, tmp_path, CHAPTERS, "\n01,Animals", "\n1,Animals")
    with pytest.raises(InputDataError) as error:
        sector.read_hs_chapter_sections(path, sections)
    assert_message(error, "column 'chapter'", "row 2", "'1' is not one of")
    text = (shared_data / CHAPTERS).read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(text[:2] + text[3:]) + "\n", encoding="utf-8")  # drop chapter 02
    with pytest.raises(InputDataError) as error:
        sector.read_hs_chapter_sections(path, sections)
    assert_message(error, "column 'chapter'", "key 02", "missing")


def test_sections_in_the_wrong_encoding_or_range(tmp_path, shared_data):
    path = edited_csv(shared_data, tmp_path, SECTIONS, "x", "x", encoding="gbk")
    with pytest.raises(InputDataError, match="hs_sections_22.csv'?: not utf-8 text"):
        sector.read_hs_sections(path)
    path = edited_csv(shared_data, tmp_path, SECTIONS, ",84,85,2,", ",84,86,3,")
    with pytest.raises(InputDataError) as error:
        sector.read_hs_sections(path)
    assert_message(error, "hs_sections_22.csv", "column 'last_chapter'", "row 17", "'85'")


def test_sections_english_name_differs_from_the_wco(tmp_path, shared_data):
    path = edited_csv(shared_data, tmp_path, SECTIONS, "Mineral products", "Minerals")
    with pytest.raises(InputDataError) as error:
        sector.read_hs_sections(path, shared_data / WCO_SECTIONS)
    assert_message(error, "column 'section_name_en'", "row 6", "differs from the WCO name")


def synthetic_oecd_workbook(path: Path, shared_data: Path, change=None, sheet=sector.OECD_SHEET):
    """The first 40 rows of the OECD key rebuilt as the original sheet lays them out."""
    key = pd.read_csv(shared_data / OECD_CSV, dtype=str, keep_default_na=False, nrows=40)
    rows = [
        [int(r.hs_version), r.hs6, r.hs4, r.hs2, " " + r.label, r.btd_isic3_code,
         r.btd_isic4_code, int(r.bec), r.end_use_category, r.note or None]
        for r in key.itertuples()
    ]  # fmt: skip
    if change:
        change(rows)
    workbook = openpyxl.Workbook()
    sheet_ = workbook.active
    sheet_.title = sheet
    sheet_.append(list(sector.OECD_HEADER))
    for row in rows:
        sheet_.append(row)
    workbook.save(path)
    return path


def test_synthetic_oecd_workbook_reads(tmp_path, shared_data):
    out = sector.read_oecd_hs_isic_key(synthetic_oecd_workbook(tmp_path / "k.xlsx", shared_data))
    assert len(out) == 40 and out.at[0, "hs6"] == "010111" and out.at[0, "label"][0] != " "


@pytest.mark.parametrize(
    ("case", "change", "expected"),
    [
        (
            "code typed as a number",
            lambda rows: rows[3].__setitem__(1, 10210),
            ["column 'HS-6digit'", "row 5", "is a number, not text"],
        ),
        (
            "duplicate code",
            lambda rows: rows.__setitem__(5, list(rows[4])),
            ["column 'HS'", "row 7", "duplicate key", "(first at row 6)"],
        ),
        (
            "unknown end use",
            lambda rows: rows[2].__setitem__(8, "FOOD"),
            ["column 'EUC'", "row 4", "'FOOD' is not one of"],
        ),
        (
            "text as HS version",
            lambda rows: rows[0].__setitem__(0, "HS2012"),
            ["column 'HS'", "row 2", "'HS2012' is not a number"],
        ),
        (
            "heading not the start of the code",
            lambda rows: rows[6].__setitem__(2, "0199"),
            ["column 'HS-4digit'", "row 8", "is not the start of HS-6digit"],
        ),
    ],
)
def test_oecd_broken(tmp_path, shared_data, case, change, expected):
    path = synthetic_oecd_workbook(tmp_path / "bad.xlsx", shared_data, change)
    with pytest.raises(InputDataError) as error:
        sector.read_oecd_hs_isic_key(path)
    assert_message(error, "bad.xlsx", "sheet 'FromHSToISICToEC'", *expected)


def test_oecd_wrong_sheet_and_truncated(tmp_path, shared_data):
    path = synthetic_oecd_workbook(tmp_path / "bad.xlsx", shared_data, sheet="Sheet1")
    with pytest.raises(InputDataError) as error:
        sector.read_oecd_hs_isic_key(path)
    assert_message(error, "bad.xlsx", "sheet 'FromHSToISICToEC' not found", "['Sheet1']")
    path.write_bytes((shared_data / OECD_XLSX).read_bytes()[:40_000])
    with pytest.raises(InputDataError, match="not a readable .xlsx workbook"):
        sector.read_oecd_hs_isic_key(path)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (",28,D28,", ",28,D28|D27,", ["row 20", "'D27' is in two industries (C27 at row 19"]),
        (",28,D28,", ",28,D28|D39,", ["row 20", "'D39' (ISIC division 39) lies outside"]),
        (",28,D28,", ",28,D28|X28,", ["row 20", "'X28' is not a BTDIxE ISIC4 code"]),
    ],
)
def test_wiod_broken(tmp_path, shared_data, old, new, expected):
    path = edited_csv(shared_data, tmp_path, WIOD, old, new)
    with pytest.raises(InputDataError) as error:
        sector.read_wiod_isic_concordance(path)
    assert_message(error, path.name, "column 'oecd_btdixe_isic4_codes'", *expected)


def test_wiod_missing_industry_and_unmapped_code(tmp_path, shared_data, oecd_key, wiod):
    text = (shared_data / WIOD).read_text(encoding="utf-8").splitlines()
    path = tmp_path / "wiod.csv"
    path.write_text("\n".join(t for t in text if not t.startswith("C27,")) + "\n")
    with pytest.raises(InputDataError) as error:
        sector.read_wiod_isic_concordance(path)
    assert_message(error, "wiod.csv", "column 'wiod_code'", "key C27", "missing")
    without_d27 = wiod[wiod.btd_isic4_code != "D27"]
    with pytest.raises(InputDataError) as error:
        sector.map_hs6_to_wiod(oecd_key, without_d27, "wiod.csv")
    assert_message(error, "wiod.csv", "column 'oecd_btdixe_isic4_codes'", "key D27", "no WIOD")
