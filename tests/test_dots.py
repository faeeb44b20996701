"""The IMF DOTS workbook parser: layout checks, values, names -> codes, bad workbooks."""

from __future__ import annotations

import math

import pytest

from chinatrade import dots
from chinatrade.errors import InputDataError
from chinatrade.partners import read_name_table
from dots_synthetic import default_rows, write_workbook


@pytest.fixture(scope="module")
def name_table(project):
    return read_name_table(project / "workflow/resources/imf_dots_partner_names.csv")


def test_reads_both_flows_and_drops_the_stray_australia_row(tmp_path):
    long = dots.read_workbook(write_workbook(tmp_path / "dots.xlsx"))
    assert set(long["flow"]) == {"exports_fob", "imports_cif"}
    australia = long[(long.partner_imf_name == "Australia") & (long.flow == "exports_fob")]
    assert list(australia["year"]) == [2017, 2018, 2019]  # one row, not two
    assert set(australia["sheet_row"]) == {11}  # the real row, below World


def test_values_missing_cells_and_imf_estimates(tmp_path):
    long = dots.read_workbook(write_workbook(tmp_path / "dots.xlsx")).set_index(
        ["partner_imf_name", "flow", "year"]
    )
    assert long.at[("United States", "imports_cif", 2018), "value_usd_millions"] == 165.0
    us_2019 = long.loc[("United States", "exports_fob", 2019)]
    assert us_2019["value_usd_millions"] == 360.5 and us_2019["imf_estimate"]
    assert not long.at[("United States", "exports_fob", 2018), "imf_estimate"]
    assert math.isnan(long.at[("Japan", "exports_fob", 2019), "value_usd_millions"])


def test_clean_maps_names_to_codes_and_states_units(tmp_path, name_table):
    long = dots.read_workbook(write_workbook(tmp_path / "dots.xlsx"))
    clean = dots.clean(long, name_table, "dots.xlsx")
    assert set(clean["reporter_iso3"]) == {"CHN"}
    kinds = dict(zip(clean.partner_code, clean.partner_kind, strict=True))
    assert kinds["USA"] == "economy" and kinds["KOR"] == "economy"
    assert kinds["WORLD"] == "aggregate" and kinds["EU27_IMF_MEMO"] == "aggregate"
    assert "Memorandum Items" not in set(clean["partner_imf_name"])  # empty heading
    assert set(clean["reporter_side"]) == {"own"}
    assert "value_usd_millions" in clean.columns
    assert not clean.duplicated(["reporter_iso3", "partner_code", "year", "flow"]).any()


def test_real_china_workbook_matches_published_checks(shared_data, name_table):
    """SOURCES.md: China-reported 2018 exports to the US 480,689, imports 156,259 (USD mn)."""
    path = shared_data / "bilateral/original/imf_dots_DOTS_40_China_mainland.xlsx"
    clean = dots.clean(dots.read_workbook(path), name_table, path.name)
    values = clean.set_index(["partner_code", "year", "flow"])["value_usd_millions"]
    assert values[("USA", 2018, "exports_fob")] == pytest.approx(480_689, abs=1)
    assert values[("USA", 2018, "imports_cif")] == pytest.approx(156_259, abs=1)
    assert values[("WORLD", 2018, "exports_fob")] == pytest.approx(2_501_334, abs=1)
    # the IMF's EU memo item equals the sum of the 27 members (SOURCES.md)
    assert clean["year"].min() == 1961 and clean["year"].max() == 2020


# --- malformed workbooks: each must stop with a message naming file, place and rule ---


def _rows_with(sheet_rows_change):
    rows = {sheet: default_rows(sheet) for sheet in ("Exports, FOB", "Imports, CIF")}
    sheet_rows_change(rows)
    return rows


@pytest.mark.parametrize(
    ("case", "kwargs", "expected"),
    [
        (
            "missing sheet",
            {"sheets": ("Exports, FOB",)},
            ["sheet 'Imports, CIF'", "not found", "'Exports, FOB'"],
        ),
        (
            "renamed sheet",
            {"sheets": ("Exports, FOB", "Imports")},
            ["sheet 'Imports, CIF'", "not found"],
        ),
        (
            "unit in thousands",
            {"unit": "US Dollars, Thousands"},
            ["column 'B'", "row 5", "expected unit 'US Dollars, Millions'", "Thousands"],
        ),
        (
            "year header not a year",
            {"years": ("2017", "Year 2018", "2019")},
            ["column 'D'", "row 7", "'Year 2018' is not a year"],
        ),
        (
            "years out of order",
            {"years": ("2017", "2019", "2018")},
            ["column 'E'", "row 7", "year 2018 is not after"],
        ),
    ],
)
def test_malformed_layout(tmp_path, case, kwargs, expected):
    path = write_workbook(tmp_path / "bad.xlsx", **kwargs)
    with pytest.raises(InputDataError) as error:
        dots.read_workbook(path)
    message = str(error.value)
    assert "bad.xlsx" in message
    for fragment in expected:
        assert fragment in message, (case, message)


def test_text_in_a_number_cell(tmp_path):
    def change(rows):
        rows["Imports, CIF"][5] = ("United States", 150.0, "n.a.", 180.0)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(InputDataError) as error:
        dots.read_workbook(path)
    message = str(error.value)
    for fragment in ["bad.xlsx", "sheet 'Imports, CIF'", "column 'D'", "row 13", "'n.a.'"]:
        assert fragment in message, message


def test_negative_flow(tmp_path):
    def change(rows):
        rows["Exports, FOB"][4] = ("Japan", 100.0, -110.0, 120.0)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(
        InputDataError,
        match=r"column .D., row 12: value -110(\.0)? for 2018: a trade flow cannot be negative",
    ):
        dots.read_workbook(path)


def test_duplicate_partner_row(tmp_path):
    def change(rows):
        rows["Exports, FOB"].append(("Japan", 1.0, 2.0, 3.0))

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(InputDataError, match=r"row 17: partner 'Japan' appears twice"):
        dots.read_workbook(path)


def test_stray_first_row_that_is_not_a_copy(tmp_path):
    def change(rows):
        rows["Exports, FOB"][0] = ("Australia", 10.0, 99.0, 12.0)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(InputDataError, match=r"row 8: the first partner row 'Australia'"):
        dots.read_workbook(path)


def test_sheets_with_different_reporters(tmp_path):
    path = write_workbook(tmp_path / "bad.xlsx")
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    workbook["Imports, CIF"]["B4"] = "Japan"
    workbook.save(path)
    with pytest.raises(InputDataError, match="different reporters"):
        dots.read_workbook(path)


@pytest.mark.parametrize(
    "content", [b"", b"PK\x03\x04 truncated zip", b"partner,year\nJapan,2018\n"]
)
def test_not_a_workbook(tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputDataError, match=r"bad.xlsx'?: not a readable .xlsx workbook"):
        dots.read_workbook(path)


def test_truncated_real_workbook(tmp_path, shared_data):
    original = shared_data / "bilateral/original/imf_dots_DOTS_40_China_mainland.xlsx"
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(original.read_bytes()[:50_000])
    with pytest.raises(InputDataError, match="not a readable .xlsx workbook"):
        dots.read_workbook(path)


def test_unknown_partner_name(tmp_path, name_table):
    def change(rows):
        rows["Exports, FOB"][6] = ("Atlantis, Rep. of", 1.0, 2.0, 3.0)
        rows["Imports, CIF"][6] = ("Atlantis, Rep. of", 1.0, 2.0, 3.0)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    long = dots.read_workbook(path)
    with pytest.raises(InputDataError) as error:
        dots.clean(long, name_table, "bad.xlsx")
    message = str(error.value)
    for fragment in ["bad.xlsx", "column 'B'", "row 14", "'Atlantis, Rep. of'"]:
        assert fragment in message, message


def test_two_names_for_one_code_is_refused(tmp_path, name_table):
    """A second name that maps to the same code must not be summed silently."""

    def change(rows):
        for sheet in rows:
            rows[sheet][6] = ("United States of America", 1.0, 2.0, 3.0)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(InputDataError, match=r"partner code USA comes from more than one row"):
        dots.clean(dots.read_workbook(path), name_table, "bad.xlsx")


def test_heading_with_data_is_refused(tmp_path, name_table):
    def change(rows):
        rows["Exports, FOB"][7] = ("Memorandum Items", 1.0, None, None)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(InputDataError, match="section heading 'Memorandum Items' carries data"):
        dots.clean(dots.read_workbook(path), name_table, "bad.xlsx")
