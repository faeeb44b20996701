"""Reading a raw .xlsx workbook's cell values, with errors that name the file.

The cells are read with python-calamine (a Rust reader, 6-9 times faster than openpyxl
on the study's workbooks: ``workflow/benchmarks/excel_readers.py``) and handed to
the parsers as openpyxl's read-only view gave them, so that their checks see the same
values and types:

- an empty cell is ``None``;
- a number is an ``int`` where it is whole, else a ``float`` (openpyxl: ``int`` where the
  file stores it without a decimal point or exponent, which Excel does for whole numbers);
- a date is a ``datetime.datetime`` (openpyxl never returns a ``date``);
- text, booleans and times are as stored, with OOXML escapes decoded (``_x000D_`` is a
  carriage return: openpyxl's read-only view left such escapes in the text); a cell that
  holds empty text is ``None`` too (calamine does not tell it from an empty cell);
- an error cell is its error text (``'#N/A'``, ``'#REF!'``), so that a parser's check that
  a cell holds a number fails on it. calamine reads an error as an empty cell (upstream
  python-calamine issue #105), so the error cells are found in the sheet's XML and put
  back: an error must never pass for a missing value.

A damaged or non-xlsx file, or a missing sheet, becomes an ``InputDataError`` (a missing
file stays ``FileNotFoundError``), worded the same for every source.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from chinatrade.errors import InputDataError

# pandas' name for the reader
ENGINE = "calamine"


def read_sheets(path, sheets, hint: str = "") -> dict[str, list[tuple]]:
    """The rows of each of ``sheets`` (names) of the workbook at ``path``: one tuple of cell
    values per spreadsheet row from row 1, each as long as the sheet's used width, without
    trailing empty rows. ``hint``: a question naming the file expected, said where a sheet is
    missing (e.g. 'Is this an IMF DOTS export?')."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for a damaged file
        raise _unreadable(path, error) from error
    try:
        for sheet in sheets:
            require_sheet(list(workbook.sheet_names), sheet, path, hint)
        try:
            sheet_rows = {sheet: _rows(workbook.get_sheet_by_name(sheet)) for sheet in sheets}
        except Exception as error:  # a damaged sheet part fails only while it is read
            raise _unreadable(path, error) from error
    finally:
        workbook.close()
    try:
        error_cells = _error_cells(path, sheets)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise _unreadable(path, error) from error  # calamine read it, the package is odd
    for sheet, errors in error_cells.items():
        sheet_rows[sheet] = _with_errors(sheet_rows[sheet], errors)
    return sheet_rows


def pandas_workbook(path):
    """The workbook at ``path`` as a ``pd.ExcelFile`` (the same reader; pandas makes whole
    numbers ``int`` and dates ``Timestamp`` itself)."""
    import pandas as pd

    try:
        return pd.ExcelFile(path, engine=ENGINE)
    except FileNotFoundError:
        raise
    except Exception as error:
        raise _unreadable(path, error) from error


def require_sheet(sheet_names: list[str], sheet: str, path, hint: str = "") -> None:
    """The workbook has ``sheet``, else an error listing the sheets it has (and ``hint``: a
    question that names the file expected, e.g. 'Is this an IMF DOTS export?')."""
    if sheet not in sheet_names:
        raise InputDataError(
            path,
            f"sheet '{sheet}' not found; the workbook has {sheet_names}"
            + (f". {hint}" if hint else ""),
            sheet=sheet,
        )


def column_letter(number: int) -> str:
    """The spreadsheet name of column ``number`` (1 is 'A', 27 'AA')."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _unreadable(path, error: Exception) -> InputDataError:
    return InputDataError(path, f"not a readable .xlsx workbook ({type(error).__name__}: {error})")


def _rows(sheet) -> list[tuple]:
    # from cell A1 (not from the first used cell), so a row's index is its spreadsheet row
    rows = [tuple(map(_value, row)) for row in sheet.to_python(skip_empty_area=False)]
    while rows and all(cell is None for cell in rows[-1]):
        rows.pop()
    return rows


def _value(cell):
    if isinstance(cell, str):
        return cell if cell else None  # calamine gives "" for an empty cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else cell
    if isinstance(cell, dt.date) and not isinstance(cell, dt.datetime):
        return dt.datetime(cell.year, cell.month, cell.day)
    return cell


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ERROR_TYPE = b't="e"'
# a cell element typed as an error: its attributes, then its content (none if self-closed)
_ERROR_CELL = re.compile(rb'<c\s([^>/]*\bt="e"[^>/]*)(?:/>|>(.*?)</c>)', re.DOTALL)
_REFERENCE = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _error_cells(path: Path, sheets) -> dict[str, dict[tuple[int, int], str]]:
    """The error cells of each of ``sheets`` that has any: {(row, column) from 0: text}.

    Most sheets have none, and a byte search of the sheet's XML says so at once."""
    found = {}
    with zipfile.ZipFile(path) as package:
        parts = _sheet_parts(package)
        for sheet in sheets:
            xml = package.read(parts[sheet])
            if _ERROR_TYPE not in xml:
                continue
            cells = {}
            for match in _ERROR_CELL.finditer(xml):
                reference = _REFERENCE.search(match[1])
                if reference is None:
                    raise InputDataError(path, "an error cell without a reference", sheet=sheet)
                value = _VALUE.search(match[2] or b"")
                cells[_position(reference)] = value[1].decode() if value else "#N/A"
            if len(cells) != xml.count(_ERROR_TYPE):  # never guess: say the file is odd
                raise InputDataError(
                    path, "could not locate every error cell of the sheet", sheet=sheet
                )
            found[sheet] = cells
    return found


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the sheet's XML part in the package (workbook.xml and its relations)."""
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {
        relation.get("Id"): relation.get("Target")
        for relation in relations.iter(f"{_PACKAGE}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(_RELATIONSHIP)]
        parts[sheet.get("name")] = (
            target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
        )
    return parts


def _position(reference: re.Match) -> tuple[int, int]:
    column = 0
    for letter in reference[1].decode():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(reference[2]) - 1, column - 1


def _with_errors(rows: list[tuple], errors: dict[tuple[int, int], str]) -> list[tuple]:
    width = max([len(row) for row in rows] + [column + 1 for _, column in errors])
    grid = [list(row) + [None] * (width - len(row)) for row in rows]
    grid += [[None] * width for _ in range(max(row for row, _ in errors) + 1 - len(grid))]
    for (row, column), text in errors.items():
        grid[row][column] = text
    return [tuple(row) for row in grid]
