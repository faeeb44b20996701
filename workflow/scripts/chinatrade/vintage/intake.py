"""Taking in new vintages: check every candidate, then keep it, then record it.

The order is the point: all candidates are parsed by the workflow's own parsers first (a
broken file is refused with the parser's message and nothing changes); only then is each
copied into the store of vintages and its manifest row updated, the previous entry going to
the history. The report's tables of the last run are kept beside, as the old side of "the
report's numbers that moved".
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from chinatrade import paths
from chinatrade.vintage import check, history, store

BASELINES = "report_before"


@dataclass(frozen=True)
class TakenIn:
    id: str
    stored: Path
    sha256: str
    bytes: int
    replaced: dict


def candidates_in_folder(project: check.Project, folder: str | Path) -> dict[str, Path]:
    """The files of ``folder`` that are vintages of manifest entries: at the entry's path
    (the mirror's layout) or under its file name. Files matching no entry are not taken."""
    folder = Path(folder)
    found = {}
    for entry in project.manifest().itertuples():
        for candidate in (folder / entry.file, folder / Path(entry.file).name):
            if candidate.is_file():
                found[entry.id] = candidate
                break
    return found


def unchanged(project: check.Project, candidates: dict[str, Path]) -> list[str]:
    """The candidates whose bytes are the current vintage's."""
    manifest = project.manifest()
    return [
        file_id
        for file_id, path in candidates.items()
        if store.sha256_of(path) == manifest.at[file_id, "sha256"]
    ]


def keep_report_tables(project: check.Project) -> str:
    """Copy the report's tables (``reports/tables/*.csv``) into the store, once per content;
    return the folder relative to the project ('' when there are none)."""
    tables = sorted((project.root / paths.TABLES).glob("*.csv"))
    if not tables:
        return ""
    digest = hashlib.sha256()
    for table in tables:
        digest.update(table.name.encode() + b"\0" + store.sha256_of(table).encode())
    folder = project.vintages / BASELINES / digest.hexdigest()[:12]
    if not folder.is_dir():
        partial = folder.with_name(f".{folder.name}.part")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for table in tables:
            shutil.copyfile(table, partial / table.name)
        partial.replace(folder)
    # relative to the project when the store is inside it, as the manifest's paths are
    return (
        os.path.relpath(folder, project.root)
        if folder.is_relative_to(project.root)
        else str(folder)
    )


def take_in(
    project: check.Project,
    candidates: dict[str, Path],
    date: str,
    scratch: Path,
    origin_url: str | None = None,
    coverage: str | None = None,
) -> list[TakenIn]:
    """Check, keep and record every candidate (manifest id -> file); see the module."""
    same = unchanged(project, candidates)
    if same:
        raise ValueError(
            f"{', '.join(same)}: the file is the current vintage already (same SHA-256); "
            "nothing to take in"
        )
    check.check_candidates(project, candidates, scratch)
    baseline = keep_report_tables(project)
    manifest = project.manifest()
    taken = []
    for file_id, path in candidates.items():
        name = Path(manifest.at[file_id, "file"]).name
        stored = store.keep(path, project.vintages, file_id, name, date)
        sha256 = store.sha256_of(stored)
        replaced = history.record(
            project.manifest_path,
            project.history_path,
            history.NewVintage(
                id=file_id,
                sha256=sha256,
                bytes=stored.stat().st_size,
                replaced_on=date,
                origin_url=origin_url,
                coverage=coverage,
                report_before=baseline,
            ),
        )
        taken.append(TakenIn(file_id, stored, sha256, stored.stat().st_size, replaced))
    return taken
