"""A new vintage in the manifest, and the history of the entries it replaced.

The manifest (``config/raw_data_manifest.csv``) keeps one row per raw file: the current
vintage. When a vintage is taken in, its row gets the new SHA-256 and size (and origin or
coverage when given) and the row's previous values go to the history file
(``config/raw_data_history.csv``), one line per replaced entry:

``id, replaced_on, sha256, bytes, origin_url, coverage, replaced_by, report_before``

``replaced_by`` is the SHA-256 that replaced it; ``report_before`` the folder holding the
report's tables as they were when it was replaced (the old side of "the report's numbers that
moved"), empty when there were none. Both files are rewritten whole, atomically, with the csv
module, so the lines of the manifest that do not change keep their bytes.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

HISTORY_COLUMNS = [
    "id",
    "replaced_on",
    "sha256",
    "bytes",
    "origin_url",
    "coverage",
    "replaced_by",
    "report_before",
]


@dataclass(frozen=True)
class NewVintage:
    """What the manifest row of ``id`` becomes; ``origin_url``/``coverage`` None: unchanged."""

    id: str
    sha256: str
    bytes: int
    replaced_on: str
    origin_url: str | None = None
    coverage: str | None = None
    report_before: str = ""


def read_rows(path: str | Path) -> list[dict[str, str]]:
    """The rows of a CSV file as dicts of text (none when the file does not exist)."""
    path = Path(path)
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def record(manifest_path: str | Path, history_path: str | Path, new: NewVintage) -> dict:
    """Point the manifest row of ``new.id`` at the new vintage and append the entry it
    replaces to the history; return that replaced entry (a history row)."""
    manifest_path = Path(manifest_path)
    with open(manifest_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    at = {name: i for i, name in enumerate(header)}
    matches = [row for row in rows[1:] if row[at["id"]] == new.id]
    if len(matches) != 1:
        raise KeyError(f"'{new.id}' is not an id of the raw-data manifest {manifest_path}")
    row = matches[0]
    if row[at["sha256"]] == new.sha256:
        raise ValueError(
            f"'{new.id}': the file has the SHA-256 of the current vintage ({new.sha256}); "
            "nothing to take in"
        )
    replaced = {
        "id": new.id,
        "replaced_on": new.replaced_on,
        "sha256": row[at["sha256"]],
        "bytes": row[at["bytes"]],
        "origin_url": row[at["origin_url"]],
        "coverage": row[at["coverage"]],
        "replaced_by": new.sha256,
        "report_before": new.report_before,
    }
    row[at["sha256"]] = new.sha256
    row[at["bytes"]] = str(new.bytes)
    if new.origin_url is not None:
        row[at["origin_url"]] = new.origin_url
    if new.coverage is not None:
        row[at["coverage"]] = new.coverage
    history = [*read_rows(history_path), replaced]
    # the history first: a manifest row never points at a vintage whose predecessor is lost
    _write(
        history_path, [HISTORY_COLUMNS, *([r.get(c, "") for c in HISTORY_COLUMNS] for r in history)]
    )
    _write(manifest_path, rows)
    return replaced


def current_replacements(history_path: str | Path, manifest_path: str | Path) -> list[dict]:
    """For each raw file whose current vintage replaced an earlier one: the history row of the
    entry it replaced (the latest whose ``replaced_by`` is the manifest's SHA-256 today), in
    the order they were replaced (the last is the latest). A row edited back by hand to an
    older checksum has none."""
    current = {row["id"]: row["sha256"] for row in read_rows(manifest_path)}
    latest = {}
    for row in read_rows(history_path):
        if current.get(row["id"]) == row["replaced_by"]:
            latest.pop(row["id"], None)  # re-inserted: dicts keep the order of insertion
            latest[row["id"]] = row
    return list(latest.values())


def _write(path: str | Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = Path(path)
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(buffer.getvalue(), encoding="utf-8")
    os.replace(partial, path)
