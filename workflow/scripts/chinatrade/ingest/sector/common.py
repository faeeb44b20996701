"""Helpers shared by the sector readers: the text-CSV reader and errors that name the row."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate as v
from chinatrade.errors import InputDataError

ROW = v.ROW


def _read_text_csv(path: Path, encoding: str = "utf-8", **options) -> pd.DataFrame:
    """A CSV read as text (codes keep their leading zeros; blanks stay empty strings)."""
    if not path.is_file():
        raise FileNotFoundError(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, **options)
    except UnicodeDecodeError as error:
        raise InputDataError(
            path, f"not {encoding} text ({error}); was the file saved in another encoding?"
        ) from error
    except pd.errors.EmptyDataError as error:
        raise InputDataError(path, "the file is empty (no header line)") from error
    except pd.errors.ParserError as error:
        raise InputDataError(path, f"not a well-formed CSV ({error})") from error
    if frame.empty:
        raise InputDataError(path, "the file has a header but no data rows")
    return frame


def _all_present(frame: pd.DataFrame, column: str, expected: Iterable, path: Path) -> None:
    missing = [x for x in expected if x not in set(frame[column])]
    if missing:
        raise InputDataError(
            path,
            f"{column} {missing[:5]} missing; the table must list every one of "
            f"{len(list(expected))}",
            column=column,
            row=f"key {missing[0]}",
        )


def _no_blank_or_mojibake(frame: pd.DataFrame, column: str, path: Path) -> None:
    blank = frame[column].str.strip() == ""
    if blank.any():
        _raise_at(frame, blank, path, column, "is blank; every row needs a name")
    broken = frame[column].str.contains("\ufffd", regex=False)
    if broken.any():
        _raise_at(frame, broken, path, column, "contains U+FFFD (text damaged by an encoding)")


def _raise_at(frame: pd.DataFrame, mask: pd.Series, path: Path, column: str, problem: str):
    index = mask.idxmax()
    value = frame.at[index, column]
    value = value.item() if isinstance(value, np.generic) else value  # 17, not np.int64(17)
    raise InputDataError(
        path,
        f"value {value!r} {problem}",
        column=column,
        row=int(frame.at[index, ROW]),
    )
