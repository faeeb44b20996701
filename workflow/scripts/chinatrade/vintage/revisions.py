"""The revision table: for every raw file whose current vintage replaced another, the
previous and the current vintage parsed by the same parser and compared on their keys.

The previous vintage's bytes are obtained as the fetch obtains any raw file (store of
vintages, mirror, origin) from its history row, and verified against its SHA-256; the other
files the parser reads are their current vintages. Written to ``reports/tables/revisions.csv``
by the rule ``revisions`` (only in the DAG when there is such a file).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chinatrade import rawdata
from chinatrade.vintage import check, compare

COLUMNS = [
    "manifest_id",
    "table",
    *compare.COLUMNS,
    "previous_sha256",
    "current_sha256",
]


def previous_copy(project: check.Project, replaced: dict, scratch: Path) -> Path:
    """The verified bytes of the vintage that ``replaced`` (a history row) describes."""
    entry = project.manifest().loc[replaced["id"]]
    previous = rawdata.RawFile(
        id=replaced["id"],
        file=entry["file"],
        sha256=replaced["sha256"],
        bytes=int(replaced["bytes"]),
        origin_url=replaced["origin_url"] or None,
    )
    destination = scratch / "previous" / replaced["id"] / Path(entry["file"]).name
    rawdata.obtain(previous, project.mirror, destination, project.vintages)
    return destination


def file_revisions(
    project: check.Project, replaced: dict, tolerance_pct: float, scratch: Path
) -> pd.DataFrame:
    """Every change between the previous and the current vintage of one raw file."""
    file_id = replaced["id"]
    old_file = previous_copy(project, replaced, scratch)
    parts = []
    for parser in check.parsers_of(file_id, project.config):
        before = check.parse_with(project, parser, {file_id: old_file}, scratch)
        after = check.parse_with(project, parser, {}, scratch)
        for name, key in parser.keys.items():
            changes = compare.compare(before[name], after[name], list(key), tolerance_pct)
            if not changes.empty:
                parts.append(changes.assign(manifest_id=file_id, table=name))
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    return table.assign(
        previous_sha256=replaced["sha256"], current_sha256=replaced["replaced_by"]
    ).reindex(columns=COLUMNS)


def revisions_table(
    project: check.Project, replacements: list[dict], tolerance_pct: float, scratch: Path
) -> pd.DataFrame:
    """The revision table of every replaced vintage (history rows), in their order."""
    parts = [file_revisions(project, row, tolerance_pct, scratch) for row in replacements]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(parts, ignore_index=True)[COLUMNS]
