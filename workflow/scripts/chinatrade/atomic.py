"""Outputs written whole or not at all, and what a killed job leaves half-written.

Each writer writes to a temporary file in the target folder and renames it into place; a
rename within one folder is atomic, so a reader (or Snakemake) sees either the old complete
file or the new complete one. A job killed while writing (SIGKILL, a power cut) cannot
remove its temporary file; every temporary file and folder of the workflow is therefore
named ``.<output name>.<random>.partial``, and :func:`remove_partial_files` clears them when
the next run starts (the Snakefile's ``onstart``, once Snakemake holds the folder's lock, so
no job is writing).

Only the standard library is imported here: the Snakefile imports this module.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

PARTIAL_SUFFIX = ".partial"


def partial_prefix(target: Path) -> str:
    """The start of the name of a temporary file or folder for ``target``."""
    return f".{target.name}."


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it onto ``path`` on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=partial_prefix(target), suffix=PARTIAL_SUFFIX, dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for reading
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def temporary_folder(target: Path) -> Path:
    """A new temporary folder beside ``target`` (scratch space of the job that writes it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(
        tempfile.mkdtemp(prefix=partial_prefix(target), suffix=PARTIAL_SUFFIX, dir=target.parent)
    )


def remove_partial_files(folders: Iterable[str | Path]) -> list[Path]:
    """Remove the temporary files and folders that killed jobs left under ``folders``.

    Only while no job of the workflow is running: a running job's temporary file looks the
    same. Returns what was removed.
    """
    removed = []
    for folder in folders:
        for path in sorted(Path(folder).rglob(f".*{PARTIAL_SUFFIX}")):
            if not path.exists() and not path.is_symlink():  # inside one removed above
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
