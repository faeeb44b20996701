"""Run one exhibit module: compute its tables and claims (:func:`compute_exhibit`, the same
in every language, rule exhibit_<ID>), then draw its figure from the computed tables
(:func:`draw`, in the report's language, rule figure_<ID>).

Every exhibit package (chinatrade/exhibits/<module>/) has ``compute(tables, spec)`` returning
named tables (``main`` and the spec's ``extra_tables``), ``plot(results, spec)`` returning a
figure (unless the spec says ``figure: false``) and ``claims(results, spec)`` returning our
values for the study's claim ids (columns of ``chinatrade.replication.CLAIM_COLUMNS``).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd

from chinatrade import atomic, i18n, io, lineage, replication


def load_tables(
    paths: list[str], study_claims: str, raw_ids: dict[str, str]
) -> dict[str, pd.DataFrame]:
    """Canonical tables by name (the file stem), plus the study's claims; every row with the
    manifest ids of its raw files (column ``raw_file_ids``, chinatrade/lineage.py).
    ``raw_ids``: raw file name -> manifest id, for the raw files behind the exhibit."""
    tables = {
        Path(path).stem: lineage.attach(pd.read_parquet(path), Path(path).stem, raw_ids)
        for path in paths
    }
    claims = pd.read_csv(study_claims, dtype=str, keep_default_na=False)
    tables["study_claims"] = claims.assign(**{lineage.COLUMN: lineage.study_file(study_claims)})
    return tables


def _check_names(exhibit: str, spec: dict, results: dict) -> None:
    expected = {"main", *spec.get("extra_tables", [])}
    if set(results) != expected:
        raise ValueError(
            f"exhibit {exhibit}: compute() returned tables {sorted(results)}, the spec "
            f"declares {sorted(expected)} (config key 'exhibits.{exhibit}.extra_tables')"
        )


def _module(spec: dict):
    return importlib.import_module(f"chinatrade.exhibits.{spec['module']}")


def compute_exhibit(
    exhibit: str,
    spec: dict,
    tables: dict[str, pd.DataFrame],
    outputs: dict,
    raw_ids: dict[str, str],
) -> pd.DataFrame:
    """Compute one exhibit's tables and write them, keep them for its figure job
    (``outputs["results"]``, when it has a figure), and write and return its claims table.
    All of it is the same in every language: the claims' texts are English with their
    messages (``chinatrade.i18n.capture``), which the report renders in its language.
    Every table names each row's raw files (``raw_ids``: file name -> manifest id, the
    exhibit's raw files; chinatrade/lineage.py), else nothing is written."""
    if "language" in spec:
        raise ValueError(
            f"exhibit {exhibit}: tables and claims are language-free; the spec sets a language"
        )
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    module = _module(spec)
    results = module.compute(tables, spec)
    _check_names(exhibit, spec, results)
    for name, table in results.items():
        lineage.check(exhibit, name, table, raw_ids.values())
        # the column last in every table: the other columns keep their places
        results[name] = table[[*table.columns.drop(lineage.COLUMN), lineage.COLUMN]]
    io.write_csv(results["main"], outputs["table"])
    for name in spec.get("extra_tables", []):
        io.write_csv(results[name], outputs[f"table_{name}"])
    if "results" in outputs.keys():
        write_results(results, outputs["results"])
    with i18n.capture():
        made = module.claims(results, spec)
    checked = replication.check_claims(made, exhibit)
    io.write_csv(checked, outputs["claims"])
    return checked


def draw(exhibit: str, spec: dict, results_path: str, outputs: dict) -> None:
    """Draw one exhibit's figure in the spec's ``language`` from its computed tables."""
    from chinatrade import figures  # deferred: the exhibit job draws nothing

    i18n.set_language(spec.get("language", i18n.SOURCE_LANGUAGE))
    results = read_results(results_path)
    _check_names(exhibit, spec, results)
    figures.save(_module(spec).plot(results, spec), outputs["figure_png"], outputs["figure_svg"])


def write_results(results: dict[str, pd.DataFrame], path: str) -> None:
    """The computed tables, for the figure job: pickled, so that every dtype and value is
    exactly what compute() returned (a CSV round trip would not keep them)."""
    with atomic.atomic_path(path) as tmp:
        pd.to_pickle(results, tmp)


def read_results(path: str) -> dict[str, pd.DataFrame]:
    # a file this workflow wrote itself (rule exhibit_<ID>), never one from elsewhere
    return pd.read_pickle(path)
