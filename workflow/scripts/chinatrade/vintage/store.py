"""Where taken-in vintages of raw files are kept.

Layout: ``<root>/<manifest id>/<date>-<first 8 hex digits of the SHA-256>/<file name>``, one
folder per vintage, never overwritten. The fetch (``chinatrade.rawdata.obtain``) looks here
first for the bytes whose SHA-256 the manifest names, so a vintage needs no change to the
mirror (the pinned snapshot stays as it is) and the default run, with an empty store, reads
what it always read.

Standard library only: the Snakefile imports this module at every start.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

DEFAULT_ROOT = "data/vintages"


def folder_name(date: str, sha256: str) -> str:
    return f"{date}-{sha256[:8]}"


def vintage_path(root: str | Path, file_id: str, date: str, sha256: str, name: str) -> Path:
    """Where the vintage of ``file_id`` with ``sha256``, taken in on ``date``, is kept."""
    return Path(root) / file_id / folder_name(date, sha256) / name


def candidates(root: str | Path | None, file_id: str, sha256: str, name: str) -> list[Path]:
    """Copies in the store that may hold these bytes (same id, name and SHA-256 prefix);
    the caller verifies the full checksum. Empty when there is no store."""
    if root is None or not (Path(root) / file_id).is_dir():
        return []
    return sorted((Path(root) / file_id).glob(f"*-{sha256[:8]}/{name}"))


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def keep(source: str | Path, root: str | Path, file_id: str, name: str, date: str) -> Path:
    """Copy ``source`` into the store as a vintage of ``file_id`` named ``name``; return the
    stored copy. The same bytes kept twice on one day are one copy."""
    sha256 = sha256_of(source)
    target = vintage_path(root, file_id, date, sha256, name)
    if target.is_file() and sha256_of(target) == sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{name}.part")
    shutil.copyfile(source, partial)
    partial.replace(target)
    return target
