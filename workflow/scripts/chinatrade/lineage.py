"""The raw files behind every row: column ``raw_file_ids`` of the exhibit tables.

Each canonical table names, on each row, the raw file(s) it was parsed from (column
``source_file``: file names, "; "-joined when a row is built from several). When an exhibit
job loads its canonical tables, :func:`attach` turns those names into manifest ids (column
``raw_file_ids``) with the file name -> id map of the exhibit's own raw files, read off the
DAG (workflow/rules/common.smk, ``exhibit_raw_files``): a row naming a file the exhibit's
jobs never read stops the job. The exhibit's computation carries the column into every table
it writes, joining the ids of the rows a value is computed from (:func:`join`,
:func:`aggregate`), and :func:`check` refuses a table without it. A reader thus goes from
any row of an exhibit table to its raw file in one step (the manifest gives the SHA-256,
origin and units).

Values are manifest ids, sorted and "; "-joined, plus two kinds that are no manifest file:
``user:<file name>`` for a row from the user's own file (config ``user_files``) and
``study:<file name>`` for a number read from the study's claims table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePath

import pandas as pd

# the canonical tables' column of raw file names, and how a row joins several
from chinatrade.ingest.source_files import COLUMN as SOURCE_FILE
from chinatrade.ingest.source_files import SEPARATOR

COLUMN = "raw_file_ids"
USER = "user:"
STUDY = "study:"


def split(value: str) -> list[str]:
    """The ids (or file names) of one "; "-joined cell."""
    return [part for part in str(value).split(SEPARATOR) if part]


def join(values: Iterable) -> str:
    """The ids of several rows as one cell: each id once, sorted, "; "-joined."""
    return SEPARATOR.join(sorted({part for value in values for part in split(value)}))


def by_row(*columns: Iterable) -> list[str]:
    """Per row, the ids of several id columns taken together: for a row computed from rows
    of several tables (a missing id, NaN, adds none)."""
    return [
        join(value for value in values if isinstance(value, str))
        for values in zip(*columns, strict=True)
    ]


def aggregate(frame: pd.DataFrame, keys: list[str] | str) -> pd.Series:
    """Per group of ``keys`` (groupby order), the ids of its rows: for ``groupby(...).agg``
    results that need the column beside their sums."""
    return frame.groupby(keys, sort=True, dropna=False)[COLUMN].agg(join)


def user_file(path: str | PurePath) -> str:
    """The id of a row read from the user's own file: ``user:<file name>``."""
    return USER + PurePath(str(path)).name


def study_file(path: str | PurePath) -> str:
    """The id of a number read from the study's claims table: ``study:<file name>``."""
    return STUDY + PurePath(str(path)).name


def attach(table: pd.DataFrame, name: str, raw_ids: Mapping[str, str]) -> pd.DataFrame:
    """``table`` with column ``raw_file_ids``: its ``source_file`` names as manifest ids.

    ``raw_ids``: raw file name -> manifest id, for the raw files the exhibit's jobs read.
    Raises ``ValueError`` naming the table, the row and the file when a row names no file or
    a file outside ``raw_ids``.
    """
    if SOURCE_FILE not in table.columns:
        raise ValueError(
            f"canonical table {name}: no column '{SOURCE_FILE}' naming each row's raw file"
        )
    names = table[SOURCE_FILE]
    ids = {}
    for value in names.dropna().unique():
        try:
            ids[value] = SEPARATOR.join(
                sorted({raw_ids[PurePath(part).name] for part in split(value)})
            )
        except KeyError as missing:
            row = int((names == value).to_numpy().argmax())
            raise ValueError(
                f"canonical table {name}, row {row}, column '{SOURCE_FILE}': {missing} is "
                f"not one of the raw files this exhibit's jobs read ({sorted(raw_ids)})"
            ) from None
    mapped = names.map(ids)
    missing = mapped.isna() | (mapped == "")
    if missing.any():
        row = int(missing.to_numpy().argmax())
        raise ValueError(
            f"canonical table {name}, row {row}, column '{SOURCE_FILE}': no raw file named"
        )
    return table.assign(**{COLUMN: mapped})


def check(exhibit: str, name: str, table: pd.DataFrame, raw_ids: Iterable[str]) -> None:
    """Every row of an exhibit's table names its raw files: column ``raw_file_ids`` present,
    no row without one, and each id one of the exhibit's raw files (``raw_ids``) or a user's
    or the study's file. Raises ``ValueError`` naming the exhibit, table and row."""
    where = f"exhibit {exhibit}, table {name}"
    if COLUMN not in table.columns:
        raise ValueError(f"{where}: no column '{COLUMN}' naming each row's raw files")
    known = set(raw_ids)
    for row, value in enumerate(table[COLUMN]):
        ids = split(value) if isinstance(value, str) else []
        if not ids:
            raise ValueError(f"{where}, row {row}: column '{COLUMN}' names no raw file")
        unknown = [i for i in ids if i not in known and not i.startswith((USER, STUDY))]
        if unknown:
            raise ValueError(
                f"{where}, row {row}, column '{COLUMN}': {unknown} are not raw files of "
                f"this exhibit ({sorted(known)})"
            )
