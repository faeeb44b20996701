"""The raw file(s) each row of a canonical table was parsed from: the column ``source_file``.

A row read from one raw file names it by its file name (the basename under data/raw/, as in
the ``file`` column of config/raw_data_manifest.csv, whose basenames are unique). A row
computed from rows of several raw files names them all, each once, sorted and joined with
``SEPARATOR``. A row whose file cannot be told is an error, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

COLUMN = "source_file"
SEPARATOR = "; "


def name_of(path: str | Path) -> str:
    """The ``source_file`` of a row read from the raw file at ``path``."""
    return Path(path).name


def joined(names: Iterable) -> str:
    """The ``source_file`` of a row computed from rows with the ``source_file`` values
    ``names`` (each may itself be joined): every file once, sorted, joined with '; '.

    ``ValueError`` when ``names`` is empty or holds a missing or empty name.
    """
    files: set[str] = set()
    for name in names:
        if not isinstance(name, str) or not name:
            raise ValueError(f"a row is computed from a row without a {COLUMN} ({name!r})")
        files.update(name.split(SEPARATOR))
    if not files:
        raise ValueError(f"a row is computed from no row: no {COLUMN} to name")
    return SEPARATOR.join(sorted(files))


def require(table: pd.DataFrame, what: str) -> pd.DataFrame:
    """``table`` as it is when every row names its raw file(s); ``ValueError`` otherwise."""
    if COLUMN not in table.columns:
        raise ValueError(f"{what}: no {COLUMN} column; every row names its raw file")
    names = table[COLUMN]
    missing = ~names.map(lambda name: isinstance(name, str) and bool(name))
    if missing.any():
        raise ValueError(
            f"{what}: {int(missing.sum())} row(s) name no raw file in {COLUMN} (first at "
            f"index {missing.idxmax()!r}); every row names its raw file"
        )
    return table
