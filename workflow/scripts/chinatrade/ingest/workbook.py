"""Opening a raw .xlsx workbook and finding its sheets, with errors that name the file.

A damaged or non-xlsx file, or a missing sheet, becomes an ``InputDataError`` (a missing
file stays ``FileNotFoundError``), worded the same for every source.
"""

from __future__ import annotations

import openpyxl
import pandas as pd

from chinatrade.errors import InputDataError


def open_workbook(path, *, pandas: bool = False):
    """The workbook at ``path``: openpyxl's read-only, values-only view, or with ``pandas`` a
    ``pd.ExcelFile`` read through openpyxl."""
    try:
        if pandas:
            return pd.ExcelFile(path, engine="openpyxl")
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise InputDataError(
            path, f"not a readable .xlsx workbook ({type(error).__name__}: {error})"
        ) from error


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
