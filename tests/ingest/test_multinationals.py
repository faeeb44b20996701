"""Multinationals: BEA affiliate sales (2016-2019 workbooks) and the OECD Analytical AMNE
tables, on the real files (values stated in multinationals/SOURCES.md), on synthetic files and
on broken copies; and the foreign-owned export share on a hand-made table."""

from __future__ import annotations

import math
import shutil

import pandas as pd
import pytest
import xlrd

from chinatrade import multinationals
from chinatrade.errors import InputDataError
from chinatrade.ingest.multinationals import (
    BEA_KEY,
    OUTPUT_KEY,
    OWNERSHIP_KEY,
    bea_amne,
    read_area_names,
    read_bea_affiliate_sales,
    read_oecd_amne_by_ownership,
    read_oecd_amne_output_by_parent,
)

FOLDER = "multinationals/original"
BEA_FILES = [f"{FOLDER}/bea_usdia_amne_{year}_part_II_E1-E17.xls" for year in range(2016, 2020)]
TAB1 = f"{FOLDER}/oecd_analytical_amne_tab1_output_by_host_industry_parent_2005_2016.csv"
TAB2 = f"{FOLDER}/oecd_analytical_amne_tab2_va_exports_imports_by_ownership_2005_2016.csv"


@pytest.fixture(scope="module")
def names(project):
    return read_area_names(project / "workflow/resources/bea_amne_area_names.csv")


@pytest.fixture(scope="module")
def sales(shared_data, names):
    return read_bea_affiliate_sales([shared_data / f for f in BEA_FILES], names)


@pytest.fixture(scope="module")
def by_ownership(shared_data):
    return read_oecd_amne_by_ownership(shared_data / TAB2)


@pytest.fixture(scope="module")
def output(shared_data):
    return read_oecd_amne_output_by_parent(shared_data / TAB1)


# --- real files --------------------------------------------------------------------------------


def test_bea_china_2018_as_in_sources_md(sales):
    """SOURCES.md: China, 2018 preliminary: total 389,952; to the US 26,828."""
    china = sales[(sales["iso3"] == "CHN") & (sales["year"] == 2018)]
    value = china.set_index(["supply", "destination"])["value_usd_millions"]
    assert value[("total", "total")] == 389_952
    assert value[("total", "united_states")] == 26_828
    assert value[("total", "local")] == 316_600
    assert value[("goods", "total")] + value[("services", "total")] == 389_952
    assert set(china["release"]) == {"preliminary"}
    assert set(china["reported_by"]) == {"BEA (US outward survey)"}


def test_bea_table_shape_names_and_kinds(sales):
    assert not sales.duplicated(BEA_KEY).any()
    assert sorted(sales["year"].unique()) == [2016, 2017, 2018, 2019]
    releases = sales.drop_duplicates("year").set_index("year")["release"]
    assert releases.to_dict() == {
        2016: "revised",
        2017: "revised",
        2018: "preliminary",
        2019: "preliminary",
    }
    areas = sales.drop_duplicates(["host_name", "year"]).set_index(["host_name", "year"])
    assert areas.at[("All countries", 2018), "area_kind"] == "total"
    assert areas.at[("Other (Europe)", 2018), "parent_name"] == "Europe"
    assert areas.at[("Other (Europe)", 2018), "iso3"] == ""
    assert areas.at[("United Kingdom Islands, Caribbean", 2018), "area_kind"] == "region"
    assert areas.at[("Korea, Republic of", 2018), "iso3"] == "KOR"
    assert areas.at[("South Korea", 2019), "iso3"] == "KOR"  # renamed in 2019
    assert areas.at[("OPEC", 2018), "parent_name"] == "Addenda"
    assert ("OPEC", 2019) not in areas.index  # the 2019 file has one addendum
    assert areas.at[("Mexico", 2018), "parent_name"] == "Central America"
    economies = sales[sales["area_kind"] == "economy"]
    assert (economies["iso3"].str.len() == 3).all()
    assert set(sales["suppression"]) == {"", "(D)"}
    suppressed = sales[sales["suppression"] != ""]
    assert suppressed["value_usd_millions"].isna().all()
    assert sales.loc[sales["suppression"] == "", "value_usd_millions"].notna().all()


def test_bea_regions_add_up_to_all_countries(sales):
    """The six regions sum to All countries within rounding (a check the parser also makes)."""
    total = sales[(sales["supply"] == "total") & (sales["destination"] == "total")]
    regions = total[total["parent_name"] == "All countries"].groupby("year")["value_usd_millions"]
    world = total[total["area_kind"] == "total"].set_index("year")["value_usd_millions"]
    assert (regions.sum() - world).abs().max() <= 3.5


def test_oecd_by_ownership_china_2014_as_in_sources_md(by_ownership):
    """SOURCES.md: China 2014, foreign-owned gross exports 637,625 vs domestic 1,651,261 (sum
    of the 34 non-overlapping industries; the files have no total line)."""
    total = multinationals.total_over_industries(by_ownership, "CHN").set_index("year")
    assert total.at[2014, "foreign_owned_exports_usd_millions"] == 637_625
    assert total.at[2014, "domestic_owned_exports_usd_millions"] == 1_651_261
    assert total.at[2014, "foreign_owned_export_share"] == pytest.approx(637_625 / 2_288_886)
    assert not by_ownership.duplicated(OWNERSHIP_KEY).any()
    assert len(by_ownership) == 60 * 34 * 2 * 12
    assert set(by_ownership["industry_code"]) == set(multinationals.INDUSTRY_CODES)
    flags = set(by_ownership["gross_exports_flag"]) | set(by_ownership["gross_value_added_flag"])
    assert flags == {"d", "e", "e, f", "e, h"}


def test_oecd_output_by_parent(output):
    assert len(output) == 60 * 34 * 12 * 60 and not output.duplicated(OUTPUT_KEY).any()
    own = output[output["domestically_owned"]]
    assert (own["parent_code"] == own["host_code"]).all()
    assert own["output_usd_millions"].notna().all()
    blank = output[output["output_usd_millions"].isna()]
    assert not blank["domestically_owned"].any()
    assert set(blank["industry_code"]) >= {"O", "T"}
    us_in_china = output[
        (output["host_code"] == "CHN") & (output["parent_code"] == "USA") & (output["year"] == 2016)
    ]
    assert us_in_china["output_usd_millions"].sum() == 264_412


# --- the foreign-owned export share on a hand-made table ---------------------------------------


def hand_made_ownership() -> pd.DataFrame:
    """Synthetic: CHN C26 2010 foreign 60 / domestic 40; CHN F 2010 no exports; every other
    industry foreign 1 / domestic 3; and JPN C26 2010 foreign 5 / domestic 95."""
    rows = []
    for code in multinationals.INDUSTRY_CODES:
        foreign, domestic = {"C26": (60.0, 40.0), "F": (0.0, 0.0)}.get(code, (1.0, 3.0))
        rows += [("CHN", "foreign", code, 2010, foreign), ("CHN", "domestic", code, 2010, domestic)]
    rows += [("JPN", "foreign", "C26", 2010, 5.0), ("JPN", "domestic", "C26", 2010, 95.0)]
    return pd.DataFrame(
        rows,
        columns=["host_code", "ownership", "industry_code", "year", "gross_exports_usd_millions"],
    )


def test_foreign_owned_export_share_by_hand():
    shares = multinationals.foreign_owned_export_share(hand_made_ownership(), host="CHN")
    assert list(shares.columns) == multinationals.SHARE_COLUMNS
    assert len(shares) == 34 and shares["industry_code"].tolist() == list(
        multinationals.INDUSTRY_CODES
    )
    row = shares.set_index("industry_code").loc["C26"]
    assert row["foreign_owned_export_share"] == pytest.approx(0.6)
    assert row["foreign_owned_exports_usd_millions"] == 60.0
    assert row["domestic_owned_exports_usd_millions"] == 40.0
    assert math.isnan(shares.set_index("industry_code").at["F", "foreign_owned_export_share"])
    japan = multinationals.foreign_owned_export_share(hand_made_ownership(), host="JPN")
    assert japan["foreign_owned_export_share"].tolist() == [pytest.approx(0.05)]


def test_totals_over_industries_by_hand():
    table = hand_made_ownership()
    total = multinationals.total_over_industries(table, "CHN").iloc[0]
    # 32 industries at 1/3, C26 60/40, F 0/0
    assert total["foreign_owned_exports_usd_millions"] == 32 + 60
    assert total["gross_exports_usd_millions"] == 32 * 4 + 100
    assert total["industry_code"] == "TOTAL"
    manufacturing = multinationals.total_over_industries(
        table, "CHN", multinationals.MANUFACTURING
    ).iloc[0]
    assert manufacturing["foreign_owned_export_share"] == pytest.approx((15 + 60) / (15 * 4 + 100))
    with pytest.raises(ValueError, match="only 1 of the 34 industries"):
        multinationals.total_over_industries(table, "JPN")


def test_export_share_refuses_a_missing_owner_host_or_repeat():
    table = hand_made_ownership()
    with pytest.raises(ValueError, match="host 'KOR' is not in the table"):
        multinationals.foreign_owned_export_share(table, "KOR")
    lacking = table.drop(index=table.index[-1])  # JPN domestic
    with pytest.raises(ValueError, match="JPN C26 2010: gross exports of both"):
        multinationals.foreign_owned_export_share(lacking, "JPN")
    twice = pd.concat([table, table.tail(1)])
    with pytest.raises(ValueError, match="appears twice"):
        multinationals.foreign_owned_export_share(twice, "JPN")


# --- synthetic OECD files and broken copies ----------------------------------------------------

TAB2_HEADER = "year;cou;own;ind;gva;flag_gva;exgr;flag_exgr;imgr;flag_imgr"


def synthetic_tab2(rows: dict | None = None) -> list[str]:
    """A synthetic tab2: CHN and USA, D and F, the 34 industries, 2015 only."""
    lines = [TAB2_HEADER]
    for host in ("CHN", "USA"):
        for own in ("D", "F"):
            for code in multinationals.INDUSTRY_CODES:
                lines.append(f"2015;{host};{own};{code};10;e;4;e, f;2;e, h")
    return lines


def write(path, lines: list[str]) -> None:
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")


def test_synthetic_tab2_reads_with_its_byte_order_mark(tmp_path):
    path = tmp_path / "synthetic_tab2.csv"
    write(path, synthetic_tab2())
    table = read_oecd_amne_by_ownership(path)
    assert len(table) == 2 * 2 * 34 and set(table["ownership"]) == {"domestic", "foreign"}
    row = table.iloc[0]
    assert row["gross_exports_usd_millions"] == 4.0 and row["gross_exports_flag"] == "e, f"


def _replace(lines, line, field, value):
    fields = lines[line - 1].split(";")
    fields[field] = value
    lines[line - 1] = ";".join(fields)


def _tab2_text_in_exports(lines):
    _replace(lines, 5, 6, "4a")
    return "column 'exgr', row 5", "'4a' is not a number"


def _tab2_negative_imports(lines):
    _replace(lines, 7, 8, "-2")
    return "column 'imgr', row 7", "negative"


def _tab2_duplicate_key(lines):
    lines[9] = lines[8]
    return "column 'year', row 10", "duplicate key"


def _tab2_unknown_industry(lines):
    _replace(lines, 3, 3, "C99")
    return "column 'ind', row 3", "'C99' is not one of"


def _tab2_missing_column(lines):
    lines[0] = lines[0].replace("exgr;", "exports;")
    return "column 'exgr', row 1", "the header should start with"


def _tab2_bad_flag(lines):
    _replace(lines, 4, 5, "E")
    return "column 'flag_gva', row 4", "not OECD flag letters"


def _tab2_truncated(lines):
    del lines[-3:]
    return "column 'year', row 135", "looks truncated"


BROKEN_TAB2 = {
    "text_in_exports.csv": _tab2_text_in_exports,
    "negative_imports.csv": _tab2_negative_imports,
    "duplicate_key.csv": _tab2_duplicate_key,
    "unknown_industry.csv": _tab2_unknown_industry,
    "missing_column.csv": _tab2_missing_column,
    "bad_flag.csv": _tab2_bad_flag,
    "truncated.csv": _tab2_truncated,
}


@pytest.mark.parametrize("broken", list(BROKEN_TAB2))
def test_broken_synthetic_tab2_names_file_column_and_row(tmp_path, broken):
    lines = synthetic_tab2()
    fragments = BROKEN_TAB2[broken](lines)
    path = tmp_path / broken
    write(path, lines)
    with pytest.raises(InputDataError) as error:
        read_oecd_amne_by_ownership(path)
    message = str(error.value)
    for fragment in (broken, *fragments):
        assert fragment in message, message


def synthetic_tab1() -> list[str]:
    """A synthetic tab1: hosts CHN and USA, parents CHN, ROW, USA, 34 industries, 2015."""
    lines = ["year;cou;ind;CHN;ROW;USA"]
    for host in ("CHN", "USA"):
        for code in multinationals.INDUSTRY_CODES:
            cells = {"CHN": "7", "ROW": "1", "USA": "3"}
            if code == "O":  # public administration: only domestic owners, the rest blank
                cells = {
                    parent: (value if parent == host else "") for parent, value in cells.items()
                }
            lines.append(f"2015;{host};{code};{cells['CHN']};{cells['ROW']};{cells['USA']}")
    return lines


def test_synthetic_tab1_long_form(tmp_path):
    path = tmp_path / "synthetic_tab1.csv"
    write(path, synthetic_tab1())
    table = read_oecd_amne_output_by_parent(path).set_index(OUTPUT_KEY)
    assert len(table) == 2 * 34 * 3
    assert table.at[("CHN", "C26", "USA", 2015), "output_usd_millions"] == 3.0
    assert table.at[("CHN", "C26", "CHN", 2015), "domestically_owned"]
    assert math.isnan(table.at[("CHN", "O", "USA", 2015), "output_usd_millions"])  # blank
    assert table.at[("USA", "O", "USA", 2015), "output_usd_millions"] == 3.0


def _tab1_blank_own_column(lines):
    _replace(lines, 2, 3, "")  # CHN's own column on CHN's first line
    return "column 'CHN', row 2", "domestically owned output"


def _tab1_short_line(lines):
    lines[5] = lines[5].rsplit(";", 1)[0]
    return "row 6", "line has 5 fields, the header 6"


def _tab1_text_cell(lines):
    _replace(lines, 8, 5, "three")
    return "column 'USA', row 8", "'three' is not a number"


def _tab1_duplicate_key(lines):
    lines[3] = lines[2]
    return "column 'year', row 4", "duplicate key"


BROKEN_TAB1 = {
    "blank_own_column.csv": _tab1_blank_own_column,
    "short_line.csv": _tab1_short_line,
    "text_cell.csv": _tab1_text_cell,
    "duplicate_key.csv": _tab1_duplicate_key,
}


@pytest.mark.parametrize("broken", list(BROKEN_TAB1))
def test_broken_synthetic_tab1_names_file_column_and_row(tmp_path, broken):
    lines = synthetic_tab1()
    fragments = BROKEN_TAB1[broken](lines)
    path = tmp_path / broken
    write(path, lines)
    with pytest.raises(InputDataError) as error:
        read_oecd_amne_output_by_parent(path)
    message = str(error.value)
    for fragment in (broken, *fragments):
        assert fragment in message, message


# --- broken copies of a real BEA workbook --------------------------------------------------------
#
# No .xls writer is installed, so each case copies the real 2018 workbook, opens it with xlrd
# and changes cells of the opened book (xlrd keeps a sheet's values and types in lists); the
# parser reads that book as if the file held it. Row 80 of each sheet is China.

CHINA_ROW = 79  # 0-based


def _set(sheet, row, column, value):
    sheet._cell_values[row][column] = value
    is_number = isinstance(value, float)
    sheet._cell_types[row][column] = xlrd.XL_CELL_NUMBER if is_number else xlrd.XL_CELL_TEXT


def _text_in_a_value_cell(book):
    _set(book.sheet_by_name("Table II.E 2"), CHINA_ROW, 1, "n/a")
    return "sheet 'Table II.E 2'", "column 'B (1) Total'", "row 80", "'n/a' is neither"


def _local_sales_do_not_add_up(book):
    sheet = book.sheet_by_name("Table II.E 10")
    _set(sheet, CHINA_ROW, 6, sheet.cell_value(CHINA_ROW, 6) + 100.0)
    return "sheet 'Table II.E 10'", "column 'F (5) Total foreign'", "row 80", "(5) = (6) + (9)"


def _negative_value(book):
    _set(book.sheet_by_name("Table II.E 12"), CHINA_ROW, 3, -5.0)
    return "sheet 'Table II.E 12'", "column 'D (3) To U.S. parents'", "row 80", ">= 0"


def _unknown_area(book):
    for sheet in bea_amne.SHEETS.values():
        _set(book.sheet_by_name(sheet), CHINA_ROW, 0, "Atlantis")
    return "sheet 'Table II.E 2'", "column 'A (area)'", "row 80", "'Atlantis' matches no country"


def _sheets_list_different_areas(book):
    _set(book.sheet_by_name("Table II.E 12"), CHINA_ROW, 0, "Chile")
    return "sheet 'Table II.E 12'", "column 'A (area)'", "row 80", "the same areas"


def _unit_in_thousands(book):
    _set(book.sheet_by_name("Table II.E 2"), 3, 0, "[Thousands of dollars]")
    return "sheet 'Table II.E 2'", "column 'A (area)'", "row 4", "the unit line"


def _goods_and_services_do_not_add_up(book):
    # China's services raised by 10 in every column of II.E 12 that its identities link, so
    # that sheet stays consistent and only goods + services = total breaks
    sheet = book.sheet_by_name("Table II.E 12")
    for column in (1, 2, 3):
        _set(sheet, CHINA_ROW, column, sheet.cell_value(CHINA_ROW, column) + 10.0)
    asia = 77  # Asia and Pacific, China's group line
    for column in (1, 2, 3):
        _set(sheet, asia, column, sheet.cell_value(asia, column) + 10.0)
    world = 8
    for column in (1, 2, 3):
        _set(sheet, world, column, sheet.cell_value(world, column) + 10.0)
    return "sheet 'Table II.E 2'", "column 'B (1) Total'", "goods (Table II.E 10) + services"


BROKEN_BEA = {
    "text_in_a_value_cell.xls": _text_in_a_value_cell,
    "local_sales_do_not_add_up.xls": _local_sales_do_not_add_up,
    "negative_value.xls": _negative_value,
    "unknown_area.xls": _unknown_area,
    "sheets_list_different_areas.xls": _sheets_list_different_areas,
    "unit_in_thousands.xls": _unit_in_thousands,
    "goods_and_services_do_not_add_up.xls": _goods_and_services_do_not_add_up,
}


@pytest.mark.parametrize("broken", list(BROKEN_BEA))
def test_broken_copy_of_a_real_bea_workbook_names_file_sheet_column_and_row(
    tmp_path, shared_data, names, monkeypatch, broken
):
    path = tmp_path / broken
    shutil.copyfile(shared_data / BEA_FILES[2], path)
    opened = bea_amne._open
    fragments = []

    def open_and_break(file):
        book = opened(file)
        fragments.extend(BROKEN_BEA[broken](book))
        return book

    monkeypatch.setattr(bea_amne, "_open", open_and_break)
    with pytest.raises(InputDataError) as error:
        read_bea_affiliate_sales([path], names)
    message = str(error.value)
    for fragment in (broken, *fragments):
        assert fragment in message, message


def test_two_workbooks_of_one_year_are_refused(tmp_path, shared_data, names):
    copy = tmp_path / "another_2018.xls"
    shutil.copyfile(shared_data / BEA_FILES[2], copy)
    with pytest.raises(InputDataError, match=r"another_2018.xls.*row 1: year 2018 is also in"):
        read_bea_affiliate_sales([shared_data / BEA_FILES[2], copy], names)


def test_not_an_xls_file(tmp_path, names):
    path = tmp_path / "not_a_workbook.xls"
    path.write_text("year;cou\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"not_a_workbook.xls'?: not a readable .xls"):
        read_bea_affiliate_sales([path], names)


def test_area_name_table_refuses_an_economy_without_code(tmp_path):
    path = tmp_path / "synthetic_area_names.csv"
    path.write_text("bea_name,iso3,area_kind,note\nAtlantis,,economy,\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"column 'iso3', row 2: an economy needs"):
        read_area_names(path)
