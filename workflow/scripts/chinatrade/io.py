"""Writing outputs so that a failed job never leaves a partial file behind.

Each writer writes to a temporary file in the target folder and renames it into
place; a rename within one folder is atomic, so a reader (or Snakemake) sees either
the old complete file or the new complete one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it onto ``path`` on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for reading
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_parquet(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table as Parquet, atomically and without the pandas index."""
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table as CSV (UTF-8, ``\\n`` line ends, no index), atomically."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
