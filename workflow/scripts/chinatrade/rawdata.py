"""The raw-data manifest, and obtaining each raw file with a verified checksum.

Every raw file the workflow reads is listed in ``config/raw_data_manifest.csv`` with
its SHA-256, size and origin. A file is taken from the store of taken-in vintages when the
manifest names one of them (``chinatrade.vintage.store``), else from the mirror folder when it
is there, otherwise downloaded from its origin address with pooch, which verifies the hash.
Either way the bytes in ``data/raw/`` are checked against the manifest before any
rule reads them.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from chinatrade import atomic
from chinatrade.errors import InputDataError, RawDataError
from chinatrade.vintage import store

MANIFEST_COLUMNS = [
    "id",
    "file",
    "sha256",
    "bytes",
    "kind",
    "publisher",
    "dataset",
    "units",
    "coverage",
    "origin_url",
]
KINDS = {"original", "derived", "transcribed"}


@dataclass(frozen=True)
class RawFile:
    """One manifest entry."""

    id: str
    file: str
    sha256: str
    bytes: int
    origin_url: str | None


def manifest_entries(path: str | Path) -> dict[str, dict[str, str]]:
    """Read and check the raw-data manifest: every entry (its columns, as text) by ``id``, in
    the file's order. Standard library only: the Snakefile reads the manifest at every start
    and must not pay for importing pandas."""
    path = Path(path)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        missing = [c for c in MANIFEST_COLUMNS if c not in columns]
        if missing:
            raise InputDataError(path, f"missing column(s) {missing}", column=missing[0])
        rows = []
        for row in reader:
            if None in row:  # csv's key for the fields beyond the header's
                raise InputDataError(
                    path,
                    f"{len(columns) + len(row[None])} fields where the header has {len(columns)}",
                    row=reader.line_num,
                )
            # a short row's missing fields are empty, as pandas reads them
            rows.append({column: value or "" for column, value in row.items()})
    for column in ("id", "file"):
        first_row: dict[str, int] = {}
        for index, entry in enumerate(rows):
            row = index + 2  # +1 for the header, +1 for 1-based rows
            value = entry[column]
            if value in first_row:
                raise InputDataError(
                    path,
                    f"duplicate {column} '{value}' (first at row {first_row[value]}); every raw "
                    "file is listed once",
                    column=column,
                    row=row,
                )
            first_row[value] = row
    for index, entry in enumerate(rows):
        row = index + 2
        if len(entry["sha256"]) != 64 or any(
            ch not in "0123456789abcdef" for ch in entry["sha256"]
        ):
            raise InputDataError(
                path,
                f"'{entry['sha256']}' is not a lower-case hex SHA-256",
                column="sha256",
                row=row,
            )
        if not entry["bytes"].isdigit():
            raise InputDataError(
                path, f"'{entry['bytes']}' is not a byte count", column="bytes", row=row
            )
        if entry["kind"] not in KINDS:
            raise InputDataError(
                path,
                f"kind '{entry['kind']}' is not one of {sorted(KINDS)}",
                column="kind",
                row=row,
            )
        if Path(entry["file"]).is_absolute() or ".." in Path(entry["file"]).parts:
            raise InputDataError(
                path,
                f"file '{entry['file']}' must be a relative path inside the mirror",
                column="file",
                row=row,
            )
    return {entry["id"]: entry for entry in rows}


def read_manifest(path: str | Path):
    """The checked manifest as a DataFrame (text columns), one row per raw file, keyed by
    ``id`` (the index) and keeping the ``id`` column."""
    import pandas as pd  # deferred: the Snakefile imports this module (manifest_entries)

    entries = list(manifest_entries(path).values())
    columns = list(entries[0]) if entries else MANIFEST_COLUMNS
    return pd.DataFrame(entries, columns=columns).set_index("id", drop=False)


def raw_file(entry) -> RawFile:
    """A manifest row (a mapping of its columns) as a RawFile."""
    return RawFile(
        id=entry["id"],
        file=entry["file"],
        sha256=entry["sha256"],
        bytes=int(entry["bytes"]),
        origin_url=entry["origin_url"] or None,
    )


def sha256_of(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def remove_changed_copies(
    entries: Iterable[Mapping[str, str]], raw_root: str | Path = "data/raw"
) -> list[str]:
    """Remove every verified copy under ``raw_root`` whose bytes no longer match the
    manifest's SHA-256, and say so (one message per file, naming both hashes).

    A copy is verified when it is fetched; one edited afterwards (or whose manifest row was
    updated for a new vintage) would otherwise be read as it is, since Snakemake sees an
    existing, newer output. Removed at start, it is fetched and verified again in the same
    run, with everything that depends on it, so the checksums the report prints are those of
    the bytes its jobs read."""
    messages = []
    for entry in entries:
        copy = Path(raw_root) / entry["file"]
        if not copy.is_file():
            continue
        found = sha256_of(copy)
        if found != entry["sha256"]:
            copy.unlink()
            messages.append(
                f"{copy}: its bytes differ from the manifest (id {entry['id']}: expected "
                f"sha256 {entry['sha256']}, found {found}); removed, to be fetched and verified "
                "again"
            )
    return messages


def _verify(raw: RawFile, path: Path, where: str) -> None:
    found = sha256_of(path)
    if found != raw.sha256:
        raise RawDataError(
            f"raw file '{raw.file}' (id {raw.id}) from {where} fails its checksum: "
            f"expected sha256 {raw.sha256}, found {found} "
            f"({path.stat().st_size} bytes; the manifest says {raw.bytes}). "
            "If this is a new vintage, take it in with `python -m chinatrade.vintage add` "
            "(README: Adding a newer vintage)."
        )


def obtain(
    raw: RawFile,
    mirror: str | Path | None,
    destination: str | Path,
    vintages: str | Path | None = None,
) -> str:
    """Put the verified bytes of ``raw`` at ``destination``; return where they came from.

    Looks in the store of taken-in vintages (``vintages``) first, then in ``mirror``, then
    downloads from the origin address. Raises :class:`RawDataError` naming the file, every
    place looked and the hashes.
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    looked = []
    if vintages is not None:
        looked.append(f"vintages '{Path(vintages) / raw.id}'")
        for candidate in store.candidates(vintages, raw.id, raw.sha256, Path(raw.file).name):
            if sha256_of(candidate) == raw.sha256:
                _copy_atomic(candidate, destination)
                return str(candidate)
    if mirror is not None:
        candidate = Path(mirror) / raw.file
        looked.append(f"mirror '{candidate}'")
        if candidate.is_file():
            # a manifest row that names a vintage missing from the store meets the mirror's
            # older bytes here: the message says where the vintage was looked for
            where = looked[-1] + (f" (none in {looked[0]})" if vintages is not None else "")
            _verify(raw, candidate, where)
            _copy_atomic(candidate, destination)
            return str(candidate)
    if raw.origin_url is None:
        raise RawDataError(
            f"raw file '{raw.file}' (id {raw.id}, expected sha256 {raw.sha256}) was not "
            f"found; looked in: {', '.join(looked) or 'no mirror configured'}; it has no "
            "origin address to download from (it is derived or transcribed in the "
            "snapshot), so set config key 'raw_data.mirror' to a folder that holds it."
        )
    looked.append(f"origin '{raw.origin_url}'")
    import pooch  # deferred: only a download needs it (the Snakefile imports this module)

    with tempfile.TemporaryDirectory(
        prefix=atomic.partial_prefix(destination),
        suffix=atomic.PARTIAL_SUFFIX,
        dir=destination.parent,
    ) as tmpdir:
        try:
            downloaded = pooch.retrieve(
                url=raw.origin_url,
                known_hash=f"sha256:{raw.sha256}",
                fname=Path(raw.file).name,
                path=tmpdir,
                progressbar=False,
            )
        except ValueError as error:  # pooch's checksum mismatch
            raise RawDataError(
                f"raw file '{raw.file}' (id {raw.id}) downloaded from "
                f"'{raw.origin_url}' fails its checksum: expected sha256 {raw.sha256}; "
                f"pooch reports: {error}"
            ) from error
        except Exception as error:  # network failures come in many types
            raise RawDataError(
                f"raw file '{raw.file}' (id {raw.id}, expected sha256 {raw.sha256}) "
                f"could not be obtained; looked in: {', '.join(looked)}; the download "
                f"failed with {type(error).__name__}: {error}"
            ) from error
        _verify(raw, Path(downloaded), f"origin '{raw.origin_url}'")
        _copy_atomic(Path(downloaded), destination)
    return raw.origin_url


def _copy_atomic(source: Path, destination: Path) -> None:
    with atomic.atomic_path(destination) as tmp:
        shutil.copyfile(source, tmp)
