"""Every path the workflow writes, defined once.

The rules (workflow/rules/*.smk), the report's parameters (workflow/scripts/render_report.py)
and the tests take their paths from here, so an output is named in one place and a rule's
output and its reader cannot disagree. Paths are relative to the project folder, the working
directory of every job. Functions accept a Snakemake wildcard (``"{spec}"``) in place of an
id, for rules with wildcards.

This module is imported by the Snakefile at every start, so it uses the standard library only.
"""

from __future__ import annotations

RAW = "data/raw"
PROCESSED = "data/processed"
ANALYSIS = f"{PROCESSED}/analysis"
INTERIM = "data/interim"
FIGURES = "reports/figures"
TABLES = "reports/tables"

REPLICATION_TABLE = f"{TABLES}/replication.csv"
# what a new vintage of a raw file changed (only written when one replaced another)
REVISIONS_TABLE = f"{TABLES}/revisions.csv"
# the plausibility checks' results: every comparison with both values, tolerance and status
PLAUSIBILITY_TABLE = f"{INTERIM}/checks/plausibility.csv"
REPORT_HTML = "reports/report.html"
REPORT_PDF = "reports/report.pdf"
REPORT_NOTEBOOK = f"{INTERIM}/report/report.executed.ipynb"
REPORT_PARAMETERS = f"{INTERIM}/report/parameters.json"


def raw_file(file: str) -> str:
    """The verified copy of a raw file (``file`` as in the manifest's ``file`` column)."""
    return f"{RAW}/{file}"


def canonical_table(name: str) -> str:
    return f"{PROCESSED}/{name}.parquet"


def analysis_dataset(name: str) -> str:
    return f"{ANALYSIS}/{name}.parquet"


def report_table(name: str) -> str:
    """A table of the report that is not an exhibit's (e.g. the FDI descriptive table)."""
    return f"{TABLES}/{name}.csv"


def exhibit_figure(exhibit: str, suffix: str = "png") -> str:
    return f"{FIGURES}/{exhibit}.{suffix}"


def exhibit_table(exhibit: str, name: str = "main") -> str:
    """An exhibit's main table, or one of its ``extra_tables`` by name."""
    return f"{TABLES}/{exhibit}.csv" if name == "main" else f"{TABLES}/{exhibit}_{name}.csv"


def exhibit_claims(exhibit: str) -> str:
    """Our values for the study's claims that one exhibit answers (read by the replication)."""
    return f"{INTERIM}/claims/{exhibit}.csv"


def exhibit_results(exhibit: str) -> str:
    """The tables an exhibit computed, pickled by its exhibit job for its figure job."""
    return f"{INTERIM}/exhibits/{exhibit}.pkl"


def exhibit_tables(exhibit: str, extra_tables: list[str] | tuple[str, ...] = ()) -> dict:
    """Every table of an exhibit by name: ``main`` and its extra tables."""
    return {name: exhibit_table(exhibit, name) for name in ("main", *extra_tables)}


# the outputs of one regression spec: name -> (folder, suffix)
REGRESSION_OUTPUTS = {
    "coefficients": (TABLES, "_coefficients.csv"),
    "fit_stats": (TABLES, "_fit.csv"),
    "hypothesis": (TABLES, "_hypothesis.csv"),
    "html": (TABLES, ".html"),
    "latex": (TABLES, ".tex"),
    "figure_png": (FIGURES, ".png"),
    "figure_svg": (FIGURES, ".svg"),
}


def regression_output(spec: str, name: str) -> str:
    folder, suffix = REGRESSION_OUTPUTS[name]
    return f"{folder}/regressions/{spec}{suffix}"


def regression_outputs(spec: str) -> dict[str, str]:
    return {name: regression_output(spec, name) for name in REGRESSION_OUTPUTS}
