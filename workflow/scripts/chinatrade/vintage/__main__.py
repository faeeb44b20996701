"""Command line: take in a new vintage of a raw file, or fetch the latest official release.

Run from the project folder (the package is not installed; ``workflow/tools/new_vintage.py``
puts it on the path)::

    python workflow/tools/new_vintage.py add <manifest id> <file>
    python workflow/tools/new_vintage.py add <folder>            # every file of the manifest in it
    python workflow/tools/new_vintage.py fetch-latest <manifest id>
    python workflow/tools/new_vintage.py sources                 # the official addresses

(the same as ``PYTHONPATH=workflow/scripts python -m chinatrade.vintage ...``). Exit status 0
when the vintage was taken in, 1 when it was refused (the message says why; nothing changed).
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
from pathlib import Path

from chinatrade.errors import InputDataError, RawDataError
from chinatrade.vintage import check, dryrun, intake, official

OFFICIAL_LATEST = "config/official_latest.csv"


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    project = check.Project(arguments.project)
    try:
        if arguments.command == "sources":
            return list_sources(project, arguments.official)
        with tempfile.TemporaryDirectory(prefix="vintage-") as scratch:
            candidates, origin = gather(project, arguments, Path(scratch))
            taken = intake.take_in(
                project,
                candidates,
                arguments.date,
                Path(scratch),
                origin_url=origin,
                coverage=arguments.coverage,
            )
    except (
        InputDataError,
        RawDataError,
        official.DownloadError,
        check.NoParser,
        ValueError,
        KeyError,
    ) as error:
        print(f"refused: {error}\nNothing was changed.", file=sys.stderr)
        return 1
    report(project, taken, arguments.dry_run)
    return 0


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="python -m chinatrade.vintage", description=__doc__)
    cli.add_argument("--project", default=".", help="the project folder (default: here)")
    commands = cli.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="take in a file (or a folder) as a new vintage")
    add.add_argument("id_or_folder", help="a manifest id, or a folder of files")
    add.add_argument("file", nargs="?", help="the new file of that manifest id")
    add.add_argument("--origin", help="where the file came from (an address), for the manifest")
    fetch = commands.add_parser("fetch-latest", help="download the latest official release")
    fetch.add_argument("id", help="a manifest id with an address in config/official_latest.csv")
    for command in (add, fetch):
        command.add_argument("--coverage", help="the new coverage text of the manifest row")
        command.add_argument("--date", default=datetime.date.today().isoformat())
        command.add_argument(
            "--no-dry-run", dest="dry_run", action="store_false", help="skip the job list"
        )
    listing = commands.add_parser("sources", help="list the official addresses")
    for command in (fetch, listing):
        command.add_argument("--official", default=OFFICIAL_LATEST, help="(a test's table)")
    return cli


def gather(project: check.Project, arguments, scratch: Path) -> tuple[dict[str, Path], str | None]:
    """The candidates (manifest id -> file) and the origin address to record."""
    if arguments.command == "fetch-latest":
        return fetch_latest(project, arguments.id, arguments.official, scratch)
    target = Path(arguments.id_or_folder)
    if arguments.file is None:
        if not target.is_dir():
            raise ValueError(f"'{target}' is not a folder; give a manifest id and a file")
        candidates = intake.candidates_in_folder(project, target)
        if not candidates:
            raise ValueError(f"no file in '{target}' is named as an entry of the manifest")
        unchanged = intake.unchanged(project, candidates)
        for file_id in unchanged:
            print(f"{file_id}: {candidates.pop(file_id)} is the current vintage; skipped")
        if not candidates:
            raise ValueError(f"every file in '{target}' is the current vintage already")
        if arguments.origin or arguments.coverage:
            raise ValueError("--origin and --coverage describe one file: give an id and a file")
        return candidates, None
    file_id, path = arguments.id_or_folder, Path(arguments.file)
    if file_id not in project.manifest().index:
        raise KeyError(f"'{file_id}' is not an id of the raw-data manifest")
    if not path.is_file():
        raise ValueError(f"'{path}' is not a file")
    return {file_id: path}, arguments.origin


def fetch_latest(
    project: check.Project, file_id: str, official_path: str, scratch: Path
) -> tuple[dict[str, Path], str]:
    releases = official.read_official_latest(project.root / official_path)
    if file_id not in releases:
        raise KeyError(f"'{file_id}' is not listed in {official_path}")
    release = releases[file_id]
    if not release.url:
        raise ValueError(
            f"'{file_id}' has no stable official address. {release.note} Take the file in "
            f"with `add {file_id} <file>`."
        )
    name = Path(project.manifest().at[file_id, "file"]).name
    print(f"downloading {release.url} ...")
    return {file_id: official.download(release, scratch / "download" / name)}, release.url


def report(project: check.Project, taken: list[intake.TakenIn], dry_run: bool) -> None:
    for item in taken:
        old = item.replaced["sha256"]
        print(
            f"{item.id}: checked by the workflow's parser; kept as "
            f"{item.stored.relative_to(project.root)} ({item.bytes:,} bytes, sha256 "
            f"{item.sha256[:12]}); manifest updated (was {old[:12]}, kept in "
            f"{project.history_path.relative_to(project.root)})"
        )
    baseline = taken[0].replaced["report_before"] if taken else ""
    if baseline:
        print(f"the report's tables before the change: {baseline}")
    if dry_run:
        try:
            jobs = dryrun.summary(dryrun.planned_jobs(project.root))
        except dryrun.DryRunFailed as error:
            jobs = f"  (the dry run failed: {error})"
        print("jobs that will re-run (snakemake --dry-run):\n" + jobs)
    print("run `snakemake --cores 4` to bring the report up to date")


def list_sources(project: check.Project, official_path: str) -> int:
    for release in official.read_official_latest(project.root / official_path).values():
        where = release.url or "(no stable address)"
        print(f"{release.id}\n  {release.format}: {where}\n  {release.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
