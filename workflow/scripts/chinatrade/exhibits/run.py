"""Run one exhibit module: compute its tables and give its claim values (:func:`claims`,
language-free, rule claims_<ID>), then write its tables and draw its figure from those
tables (:func:`run`, in the report's language, rule exhibit_<ID>).

Every exhibit module (chinatrade/exhibits/<module>.py) has ``compute(tables, spec)`` returning
named tables (``main`` and the spec's ``extra_tables``), ``plot(results, spec)`` returning a
figure (unless the spec says ``figure: false``) and ``claims(results, spec)`` returning our
values for the study's claim ids (columns of ``chinatrade.replication.CLAIM_COLUMNS``).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd

from chinatrade import figures, i18n, io, replication


def load_tables(paths: list[str], study_claims: str) -> dict[str, pd.DataFrame]:
    """Canonical tables by name (the file stem), plus the study's claims."""
    tables = {Path(path).stem: pd.read_parquet(path) for path in paths}
    tables["study_claims"] = pd.read_csv(study_claims, dtype=str, keep_default_na=False)
    return tables


def _check_names(exhibit: str, spec: dict, results: dict) -> None:
    expected = {"main", *spec.get("extra_tables", [])}
    if set(results) != expected:
        raise ValueError(
            f"exhibit {exhibit}: compute() returned tables {sorted(results)}, the spec "
            f"declares {sorted(expected)} (config key 'exhibits.{exhibit}.extra_tables')"
        )


def _compute(exhibit: str, spec: dict, tables: dict[str, pd.DataFrame]):
    module = importlib.import_module(f"chinatrade.exhibits.{spec['module']}")
    results = module.compute(tables, spec)
    _check_names(exhibit, spec, results)
    return module, results


def run(exhibit: str, spec: dict, results_path: str, outputs: dict) -> list[str]:
    """Write the tables of one exhibit and draw its figure in the spec's ``language``, from
    the tables its claims job computed (``results_path``): the tables are the same in every
    language, so they are computed once; a new language only redraws. Return the names of
    the tables written."""
    i18n.set_language(spec.get("language", i18n.SOURCE_LANGUAGE))
    module = importlib.import_module(f"chinatrade.exhibits.{spec['module']}")
    results = read_results(results_path)
    _check_names(exhibit, spec, results)
    io.write_csv(results["main"], outputs["table"])
    for name in spec.get("extra_tables", []):
        io.write_csv(results[name], outputs[f"table_{name}"])
    if spec.get("figure", True):
        figures.save(module.plot(results, spec), outputs["figure_png"], outputs["figure_svg"])
    return sorted(results)


def write_results(results: dict[str, pd.DataFrame], path: str) -> None:
    """The computed tables, for the figure job: pickled, so that every dtype and value is
    exactly what compute() returned (a CSV round trip would not keep them)."""
    with io.atomic_path(path) as tmp:
        pd.to_pickle(results, tmp)


def read_results(path: str) -> dict[str, pd.DataFrame]:
    # a file this workflow wrote itself (rule claims_<ID>), never one from elsewhere
    return pd.read_pickle(path)


def claims(
    exhibit: str,
    spec: dict,
    tables: dict[str, pd.DataFrame],
    output: str,
    results_path: str | None = None,
) -> pd.DataFrame:
    """Compute the exhibit's tables (kept at ``results_path`` for its figure job), then
    write and return its claims table, the same in every language: its texts in English with
    their messages (``chinatrade.i18n.capture``), which the report renders in its language."""
    if "language" in spec:
        raise ValueError(f"exhibit {exhibit}: claims are language-free; the spec sets a language")
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    module, results = _compute(exhibit, spec, tables)
    if results_path is not None:
        write_results(results, results_path)
    with i18n.capture():
        made = module.claims(results, spec)
    checked = replication.check_claims(made, exhibit)
    io.write_csv(checked, output)
    return checked
