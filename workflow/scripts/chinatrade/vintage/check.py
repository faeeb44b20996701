"""A candidate vintage parsed by the workflow's own parser, before anything changes.

The parser of each role that reads the file (``sources``) runs on the candidate, with the
current vintage of every other raw file it needs: the verified copy under ``data/raw/`` when
its bytes match the manifest, else the bytes obtained as the fetch obtains them (store of
vintages, mirror, origin), verified, in a scratch folder. A broken file fails here with the
parser's own message (file, column, row); nothing has been copied or recorded yet.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from chinatrade import paths, rawdata
from chinatrade.vintage import sources, store

CONFIG = "config/config.yaml"


class NoParser(ValueError):
    """No parser of the workflow reads the file: it cannot be checked, so it is not taken in."""


class Project:
    """The project folder with its config and manifest, as the workflow reads them."""

    def __init__(self, root: str | Path = ".", config: dict | None = None):
        self.root = Path(root).resolve()
        if config is None:
            config = yaml.safe_load((self.root / CONFIG).read_text(encoding="utf-8"))
        self.config = config
        raw_data = self.config["raw_data"]
        self.manifest_path = self.root / raw_data["manifest"]
        self.history_path = self.root / raw_data.get("history", "config/raw_data_history.csv")
        self.vintages = self.root / raw_data.get("vintages", store.DEFAULT_ROOT)
        self.mirror = self.root / raw_data["mirror"]

    def manifest(self):
        return rawdata.read_manifest(self.manifest_path)

    def current_copy(self, file_id: str, scratch: Path) -> Path:
        """The verified bytes of the current vintage of ``file_id``."""
        entry = self.manifest().loc[file_id]
        copy = self.root / paths.raw_file(entry["file"])
        if copy.is_file() and rawdata.sha256_of(copy) == entry["sha256"]:
            return copy
        destination = scratch / "current" / entry["file"]
        if not destination.is_file():
            rawdata.obtain(rawdata.raw_file(entry), self.mirror, destination, self.vintages)
        return destination


class RoleFiles:
    """:class:`sources.Inputs` over a mapping manifest id -> path."""

    def __init__(self, project: Project, files_by_id: dict[str, Path]):
        self.config = project.config
        self._project = project
        self._files = files_by_id
        self._roles = sources.roles(project.config)

    def files(self, role: str) -> list[Path]:
        return [self._files[file_id] for file_id in self._roles[role]]

    def one(self, role: str) -> Path:
        (path,) = self.files(role)
        return path

    def resource(self, name: str) -> Path:
        return self._project.root / sources.RESOURCES / name


def parsers_of(file_id: str, config: dict) -> list[sources.Parser]:
    """The parsers that read ``file_id`` (one per rule that reads it), or :class:`NoParser`."""
    found = []
    for role in sources.roles_of(file_id, config):
        parser = sources.parser_for(role)
        if parser is None:
            raise NoParser(f"'{file_id}' (config role '{role}') has no parser check registered")
        if parser not in found:
            found.append(parser)
    if not found:
        raise NoParser(
            f"'{file_id}' is not read by any rule of the workflow (no config role names it: "
            "sources, dots_workbooks, dots_extract, dots_mirror), so no parser can check it"
        )
    return found


def parse_with(
    project: Project, parser: sources.Parser, replaced: dict[str, Path], scratch: Path
) -> dict:
    """Run ``parser`` with the files of ``replaced`` (id -> path) in place of their current
    vintages and the current vintage of every other file it reads."""
    all_roles = sources.roles(project.config)
    files = {}
    for role in parser.reads:
        for file_id in all_roles[role]:
            files[file_id] = replaced.get(file_id) or project.current_copy(file_id, scratch)
    return parser.parse(RoleFiles(project, files))


def check_candidates(project: Project, candidates: dict[str, Path], scratch: Path) -> dict:
    """Parse every candidate (id -> file) with the parsers that read it, all candidates in
    place at once; return ``{(id, table name): table}``. The parser's InputDataError (file,
    column, row) propagates."""
    tables = {}
    for file_id in candidates:
        for parser in parsers_of(file_id, project.config):
            for name, table in parse_with(project, parser, candidates, scratch).items():
                tables[(file_id, name)] = table
    return tables
