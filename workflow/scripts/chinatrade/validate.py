"""Checks shared by every parser: columns, numbers, codes, keys and accounting identities.

Each check raises :class:`~chinatrade.errors.InputDataError` naming the file, the column, the
row (the line or spreadsheet row a person would look at) and the rule broken. Frames carry
their source row numbers in a column named ``ROW`` while they are being checked; parsers drop
it before writing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade.errors import InputDataError

ROW = "source_row"


def with_csv_rows(frame: pd.DataFrame, header_lines: int = 1) -> pd.DataFrame:
    """Add the source row numbers of a CSV read with ``header_lines`` header lines.

    Row numbers are 1-based file lines, so the first data line of a CSV with one header
    line is line 2.
    """
    return frame.assign(**{ROW: np.arange(len(frame)) + header_lines + 1})


def _plain(value):
    """A numpy scalar as the Python value it holds (messages read 2018, not np.int64(2018))."""
    return value.item() if isinstance(value, np.generic) else value


def _row(frame: pd.DataFrame, index) -> int | None:
    return int(frame.at[index, ROW]) if ROW in frame.columns else None


def require_columns(
    frame: pd.DataFrame, columns: Iterable[str], file, sheet: str | None = None
) -> None:
    """Every required column is present (a renamed header is caught here)."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        found = [c for c in frame.columns if c != ROW]
        raise InputDataError(
            file,
            f"required column(s) {missing} not found; the header has {found}",
            sheet=sheet,
            column=missing[0],
        )


def numeric(
    frame: pd.DataFrame,
    column: str,
    file,
    *,
    sheet: str | None = None,
    allow_missing: bool = True,
) -> pd.Series:
    """The column as float; text that is not a number is an error, never NaN."""
    values = frame[column]
    converted = pd.to_numeric(values, errors="coerce")
    bad = converted.isna() & values.notna() & (values.astype(str).str.strip() != "")
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            file,
            f"value {values[index]!r} is not a number",
            sheet=sheet,
            column=column,
            row=_row(frame, index),
        )
    if not allow_missing and converted.isna().any():
        index = converted.isna().idxmax()
        raise InputDataError(
            file, "value is missing", sheet=sheet, column=column, row=_row(frame, index)
        )
    return converted.astype(float)


def non_negative(
    frame: pd.DataFrame,
    column: str,
    file,
    *,
    sheet: str | None = None,
    file_column: str | None = None,
) -> None:
    """Trade flows and positions stated as gross values cannot be negative. ``file_column``:
    the column's name in the file, where the frame has renamed it (e.g. to give its unit)."""
    negative = frame[column] < 0
    if negative.any():
        index = negative.idxmax()
        raise InputDataError(
            file,
            f"value {_plain(frame.at[index, column])!r} is negative; "
            "this column holds gross values",
            sheet=sheet,
            column=file_column or column,
            row=_row(frame, index),
        )


def allowed(
    frame: pd.DataFrame, column: str, values: Iterable, file, *, sheet: str | None = None
) -> None:
    """Every value of the column is one of the allowed codes."""
    allowed_values = set(values)
    unknown = ~frame[column].isin(allowed_values)
    if unknown.any():
        index = unknown.idxmax()
        shown = sorted(map(str, allowed_values))
        listing = shown if len(shown) <= 12 else shown[:12] + ["..."]
        raise InputDataError(
            file,
            f"value {frame.at[index, column]!r} is not one of {listing}",
            sheet=sheet,
            column=column,
            row=_row(frame, index),
        )


def unique_key(frame: pd.DataFrame, key: list[str], file, *, sheet: str | None = None) -> None:
    """One row per key: a duplicate is an error, never summed."""
    repeated = frame.duplicated(key, keep="first")
    if repeated.any():
        index = repeated.idxmax()
        values = {k: _plain(frame.at[index, k]) for k in key}
        first = frame[(frame[key] == pd.Series(values)).all(axis=1)].index[0]
        first_row = _row(frame, first)
        raise InputDataError(
            file,
            f"duplicate key {values}"
            + (f" (first at row {first_row})" if first_row is not None else "")
            + "; one row per key",
            sheet=sheet,
            column=key[0],
            row=_row(frame, index),
        )


def identity(
    frame: pd.DataFrame,
    left: str,
    right: pd.Series,
    file,
    *,
    rule: str,
    absolute: float = 0.0,
    relative: float = 0.0,
    sheet: str | None = None,
) -> None:
    """``frame[left]`` equals ``right`` within ``max(absolute, relative * |right|)``.

    ``right`` is aligned on the frame's index (e.g. the sum of members for each total row).
    Rows where either side is missing are not compared.
    """
    expected = right.reindex(frame.index)
    found = frame[left]
    tolerance = np.maximum(absolute, relative * expected.abs())
    broken = (found - expected).abs() > tolerance
    broken &= found.notna() & expected.notna()
    if broken.any():
        index = broken.idxmax()
        raise InputDataError(
            file,
            f"{rule} fails: {left} is {float(found[index])!r}, expected "
            f"{float(expected[index])!r} "
            f"(tolerance {tolerance[index]:g})",
            sheet=sheet,
            column=left,
            row=_row(frame, index),
        )


def read_csv_strict(path, encoding: str = "utf-8") -> pd.DataFrame:
    """Read a CSV as text columns, refusing what pandas would quietly repair.

    Every line must have as many fields as the header (pandas would otherwise turn an
    extra field into an index or drop it); the file must be non-empty and in
    ``encoding``. Adds the ``source_row`` column (file line numbers, header = line 1).
    """
    import csv

    try:
        with open(path, encoding=encoding, newline="") as handle:
            rows = csv.reader(handle)
            header = next(rows, None)
            if header is None:
                raise InputDataError(path, "the file is empty")
            for line, fields in enumerate(rows, start=2):
                if len(fields) != len(header):
                    raise InputDataError(
                        path,
                        f"line has {len(fields)} fields, the header {len(header)}: "
                        "a field may contain an unquoted comma, or the file is truncated",
                        row=line,
                    )
    except UnicodeDecodeError as error:
        raise InputDataError(
            path, f"not {encoding} text ({error.reason} at byte {error.start})"
        ) from error
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
    return with_csv_rows(frame)


def read_utf8_text(path: Path, expected: str, encoding_note: str) -> str:
    """A text file's content (UTF-8, a BOM allowed). An empty file names what was
    ``expected``; a byte that is not UTF-8 gives its line and the ``encoding_note``."""
    data = path.read_bytes()
    if not data.strip():
        raise InputDataError(path, f"the file is empty; expected {expected}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputDataError(
            path, f"not UTF-8 text (byte {data[error.start]:#04x}); {encoding_note}", row=line
        ) from error


def read_text_csv(path, columns: list[str]) -> pd.DataFrame:
    """Read a UTF-8 CSV as text, with source rows, checking the header and that it has rows."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except pd.errors.EmptyDataError as error:
        raise InputDataError(path, "the file is empty; expected a CSV with a header") from error
    except UnicodeDecodeError as error:
        raise InputDataError(
            path, f"not UTF-8 text (byte {error.start} cannot be decoded)"
        ) from error
    except pd.errors.ParserError as error:
        raise InputDataError(path, f"not a readable CSV ({error})") from error
    frame = with_csv_rows(frame)
    require_columns(frame, columns, path)
    if frame.empty:
        raise InputDataError(path, "the file has a header but no data rows", row=2)
    return frame


def whole_year_cell(text: str, path, column: str, row: int) -> int:
    """One cell that must hold a whole year (user files read row by row)."""
    try:
        number = float(str(text).strip())
    except ValueError:
        number = math.nan
    if math.isnan(number) or number != int(number):
        raise InputDataError(path, f"'{text}' is not a whole year", column=column, row=row)
    return int(number)


# a number written with thousands separators: commas only between complete groups of three
# digits ("6,000,000.5"); "3,5" (a decimal comma) or "6,000,0" is not one
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def non_negative_cell(text: str, path, column: str, row: int, unit: str) -> float:
    """One cell that must hold a non-negative number in ``unit``. Thousands separators are
    allowed in valid groups of three; any other comma is an error, never a multiplier (a
    decimal comma "3,5" would otherwise be read as 35)."""
    cell = str(text).strip()
    if "," in cell:
        if not _GROUPED_NUMBER.fullmatch(cell):
            raise InputDataError(
                path,
                f"'{text}' has a comma that is not a thousands separator (groups of three "
                "digits, e.g. 6,000,000.5); write decimals with a point",
                column=column,
                row=row,
            )
        cell = cell.replace(",", "")
    try:
        number = float(cell)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise InputDataError(path, f"'{text}' is not a number", column=column, row=row)
    if number < 0:
        raise InputDataError(path, f"{number} is negative ({unit})", column=column, row=row)
    return number


# A user's own CSV (an exhibit's ``user_files``) is read row by row with the cell checks
# above; these are its reading, its choice cells and its key.


def read_user_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """A user's CSV as text cells with stripped header names, every one of ``columns``
    present (an error names the first missing one, row 1)."""
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputDataError(path, f"cannot be read as CSV ({error})") from error
    raw.columns = [str(c).strip() for c in raw.columns]
    for column in columns:
        if column not in raw.columns:
            raise InputDataError(
                path, f"required column is missing (expected {columns})", column=column, row=1
            )
    return raw


def choice_cell(text: str, choices, path, column: str, row: int) -> str:
    """One cell that must hold one of ``choices`` (surrounding blanks ignored)."""
    value = text.strip()
    if value not in choices:
        raise InputDataError(
            path, f"{column} '{value}' is not one of {list(choices)}", column=column, row=row
        )
    return value


def unique_user_key(frame: pd.DataFrame, key: list[str], path) -> None:
    """One row per ``key`` in a user's file read row by row (with ``source_row``)."""
    repeated = frame.duplicated(key)
    if repeated.any():
        first = frame[repeated].iloc[0]
        raise InputDataError(
            path,
            f"({', '.join(str(first[k]) for k in key)}) appears twice; "
            f"the key is ({', '.join(key)})",
            column=key[-1],
            row=int(first[ROW]),
        )
