"""Writing tables so that a failed job never leaves a partial file behind.

Each writer writes through :func:`chinatrade.atomic.atomic_path`: a temporary file in the
target folder, renamed into place when complete.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chinatrade.atomic import atomic_path


def write_parquet(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table as Parquet, atomically and without the pandas index."""
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table as CSV (UTF-8, ``\\n`` line ends, no index), atomically."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n")
