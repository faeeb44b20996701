"""Plausibility checks: values that parse but are wrong never reach the report silently.

Each check compares values of the canonical tables with a second opinion that the data allow
(another source of the same flow, the year before, the date the raw file was released, the
other definition's table) within a tolerance of config ``plausibility``, and returns one row
per comparison (:data:`chinatrade.plausibility.core.COLUMNS`) with its status:

* ``pass``: within the pass bound;
* ``warn``: between the pass and the fail bound (the two sources differ within the band their
  definitions explain), or no second value exists to decide; the log and the report's data
  appendix name every warning with both values and the tolerance;
* ``fail``: beyond the fail bound. :func:`raise_on_failure` then stops the job with an
  :class:`~chinatrade.errors.InputDataError` naming the raw file, the column, the row and both
  values, so the table is not written and the report is not made.

The checks, their ids and what they compare are listed in :data:`CHECKS` (and in the data
dictionary, data/README.md, "Plausibility checks"). Every function is pure: canonical tables
in (by name), rows out; rule ``plausibility_checks`` (workflow/rules/checks.smk) reads and
writes.

The package itself is light (:func:`tables_read`, read by the Snakefile at every start);
the checks, :func:`run_checks` and :func:`raise_on_failure` live in
:mod:`chinatrade.plausibility.registry` and are loaded when first used.
"""

from __future__ import annotations

from chinatrade.plausibility.tables import tables_read

__all__ = [
    "CHECKS",
    "COLUMNS",
    "Check",
    "RawFiles",
    "raise_on_failure",
    "run_checks",
    "tables_read",
]


# the names the registry provides; any other name (a submodule being imported) is not looked
# up there
_REGISTRY_NAMES = {"CHECKS", "CHECK_BY_ID", "COLUMNS", "Check", "RawFiles", "describe"}
_REGISTRY_NAMES |= {"raise_on_failure", "run_checks"}


def __getattr__(name: str):
    """The registry's names (checks, runner), imported on first use: importing pandas here
    would cost every Snakemake start."""
    if name not in _REGISTRY_NAMES:
        raise AttributeError(f"module 'chinatrade.plausibility' has no attribute {name!r}")
    # the `import a.b as c` form: `from a import b` would look the name up here first
    import chinatrade.plausibility.registry as registry

    return getattr(registry, name)
