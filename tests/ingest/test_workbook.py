"""The .xlsx reader (python-calamine) hands the parsers what openpyxl's read-only view gave
them: the same values and types, and error cells as their error text, never as blanks."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from chinatrade import dots
from chinatrade.errors import InputDataError
from chinatrade.ingest.workbook import column_letter, pandas_workbook, read_sheets
from dots_synthetic import write_workbook

# a SYNTHETIC sheet with a cell of every kind the raw workbooks hold
CELLS = {
    "A1": "text",
    "B1": 1990,  # a whole number
    "C1": 2.5,
    "D1": -0.125,
    "E1": dt.datetime(2021, 3, 22),  # a date
    "F1": dt.datetime(2021, 3, 22, 14, 30),
    "G1": True,
    "A2": "#N/A",  # openpyxl writes these as error cells
    "B2": "#REF!",
    "D3": "  padded text ",
    "C5": 0,
}


def synthetic_workbook(path, cells=CELLS, sheet="Data"):
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for reference, value in cells.items():
        worksheet[reference] = value
    workbook.create_sheet("Other")["A1"] = "other sheet"
    workbook.save(path)
    return path


def openpyxl_view(path, sheet):
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()


def test_values_and_types_are_openpyxl_s(tmp_path):
    path = synthetic_workbook(tmp_path / "synthetic_cells.xlsx")
    ours = read_sheets(path, ["Data", "Other"])
    theirs = openpyxl_view(path, "Data")
    assert ours["Data"] == theirs
    assert [[type(v) for v in row] for row in ours["Data"]] == [
        [type(v) for v in row] for row in theirs
    ]
    assert ours["Data"][1][:2] == ("#N/A", "#REF!")
    assert ours["Other"] == [("other sheet",)]


def test_error_cells_of_the_real_ewn_workbook_are_their_text(shared_data):
    """The EWN workbook's Metadata sheet has #N/A formulas (cell R38 among them)."""
    path = shared_data / "fdi/ewn_dataset_12-2022_raw.xlsx"
    metadata = read_sheets(path, ["Metadata"])["Metadata"]
    assert metadata[37][17] == "#N/A"
    # openpyxl's view, but for a cell of empty text, which reads as an empty cell, and
    # the sheet's trailing empty rows
    expected = [
        tuple(None if v == "" else v for v in row) for row in openpyxl_view(path, "Metadata")
    ]
    while not any(expected[-1]):  # the reader leaves out the trailing empty rows
        expected.pop()
    assert metadata == expected


def test_an_error_in_a_dots_value_cell_is_refused_not_read_as_missing(tmp_path):
    """A blank DOTS cell is a missing value; an error cell there must stop the parse."""
    path = write_workbook(tmp_path / "bad.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Imports, CIF"]["D9"] = "#N/A"
    workbook.save(path)
    with pytest.raises(InputDataError) as error:
        dots.read_workbook(path)
    message = str(error.value)
    for fragment in ["bad.xlsx", "Imports, CIF", "column 'D'", "row 9", "'#N/A'"]:
        assert fragment in message, message


def test_a_missing_sheet_is_named_with_the_sheets_there(tmp_path):
    path = synthetic_workbook(tmp_path / "synthetic_cells.xlsx")
    with pytest.raises(InputDataError, match=r"sheet 'Exports' not found.*'Data', 'Other'.*DOTS"):
        read_sheets(path, ["Exports"], "Is this a DOTS export?")


def test_a_missing_file_stays_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_sheets(tmp_path / "absent.xlsx", ["Data"])


@pytest.mark.parametrize("reader", [lambda p: read_sheets(p, ["Data"]), pandas_workbook])
def test_not_a_workbook_names_the_file(tmp_path, reader):
    path = tmp_path / "not_a_workbook.xlsx"
    path.write_text("partner,year\nJapan,2018\n")
    with pytest.raises(InputDataError, match=r"not_a_workbook.xlsx'?: not a readable .xlsx"):
        reader(path)


@pytest.mark.parametrize("number, letters", [(1, "A"), (26, "Z"), (27, "AA"), (16384, "XFD")])
def test_column_letters(number, letters):
    assert column_letter(number) == letters
