"""Where a number comes from: the jobs and raw files behind an output, read off the DAG.

The report prints under each exhibit the table file, the rule and module that wrote it, and
for each canonical table the exhibit read, the rule that made it and the raw files (manifest
ids) that rule's job read, directly or through intermediate files. A reader goes from a number
to its raw file in two steps: this line, then the manifest in the data appendix (SHA-256,
origin, units).

Nothing here is listed by hand: the Snakefile gives :func:`raw_lineage` a function that names
the rule producing a path and that job's input files (Snakemake's own rule matching), and the
lineage is followed until the verified copies under ``data/raw/``. The granularity is the job:
a job that reads several raw files and writes several tables is credited with all its raw
files for each of them.

This module is imported by the Snakefile at every start, so it uses the standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

RAW_FOLDER = "data/raw/"

# path -> (rule name, the job's input paths), or None for a file no rule writes
InputsOf = Callable[[str], "tuple[str, Sequence[str]] | None"]


def raw_lineage(path: str, inputs_of: InputsOf, raw_folder: str = RAW_FOLDER) -> list[str]:
    """The raw files (paths under ``raw_folder``) that ``path`` is made from, sorted."""
    found: set[str] = set()
    seen: set[str] = set()
    pending = [path]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        if current.startswith(raw_folder):
            found.add(current)
            continue
        producer = inputs_of(current)
        if producer is None:
            continue  # a file kept in the project (resources, config): not a raw file
        pending.extend(producer[1])
    return sorted(found)


def exhibit_provenance(
    exhibit_id: str,
    table: str,
    module: str,
    canonical_tables: Iterable[str],
    inputs_of: InputsOf,
    raw_ids: dict[str, str],
) -> dict:
    """The provenance of one exhibit: its table, rule and module, and per canonical table the
    rule that made it and the manifest ids of its raw files. ``raw_ids``: raw path -> id."""
    rule = inputs_of(table)
    inputs = []
    for canonical in canonical_tables:
        producer = inputs_of(canonical)
        if producer is None:
            raise ValueError(f"exhibit {exhibit_id}: no rule writes {canonical}")
        raw_files = raw_lineage(canonical, inputs_of)
        unknown = [path for path in raw_files if path not in raw_ids]
        if unknown:
            raise ValueError(f"exhibit {exhibit_id}: {unknown} are not in the raw-data manifest")
        inputs.append(
            {
                "table": canonical,
                "rule": producer[0],
                "raw_ids": sorted({raw_ids[path] for path in raw_files}),
            }
        )
    return {
        "exhibit": exhibit_id,
        "table": table,
        "rule": rule[0] if rule else None,
        "module": module,
        "inputs": inputs,
    }
