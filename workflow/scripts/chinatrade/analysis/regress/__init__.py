"""Regressions specified as data: one entry under ``regressions:`` in the config is one model.

A spec (a mapping; ``<spec_id>`` is its key in the config) names the dataset, the outcome, the
coefficients of interest (``regressors``), ``controls``, ``fixed_effects``, a ``sample`` filter,
an optional ``by`` column (one model per value, e.g. one cross-section per year), optional
``weights`` (weighted least squares) and the standard errors::

    se: {type: HC1} | {type: cluster, cluster: <column>} | {type: nonrobust}

plus ``figure`` (``scatter`` or ``coefficients``), ``title``, and optionally ``note`` (what the
model can and cannot identify; printed under the figure and the table) and ``labels`` (a
mapping column -> axis/table label, e.g. ``{log_position_ratio: "log(US/partner position)"}``).
The title, note and labels are texts in the reader's language, as the rule passes them from
``workflow/report/text/<language>/regressions.yaml`` (chinatrade/texts.py); they are shown as
given, not translated here.

Estimation uses statsmodels' formula API: fixed effects are dummies ``C(column)`` (treatment
coding, one level dropped, plus an intercept), which is exact and fast at the sizes of this
workflow (hundreds of levels). Standard errors:

* ``nonrobust``: the classical OLS/WLS variance, t(N - K) inference;
* ``HC1``: White's heteroskedasticity-robust variance with the N / (N - K) correction,
  t(N - K) inference;
* ``cluster``: the cluster-robust (CR1) variance with statsmodels' default small-sample factor
  G / (G - 1) x (N - 1) / (N - K), as Stata's ``regress, vce(cluster)``, t(G - 1) inference.
  K counts every parameter, the fixed-effect dummies included (like Stata's ``regress`` with
  dummies or ``areg``; ``reghdfe`` leaves fixed effects nested in the clusters out of K and so
  gives slightly smaller standard errors).

Rows that lack the outcome, a regressor, a control, a fixed effect, the weight or the cluster
are dropped explicitly and counted (``n_dropped_missing``); rows with weight zero are dropped and
counted apart (``n_dropped_zero_weight``). Infinite values and negative weights are errors
(:class:`~chinatrade.errors.InputDataError`): they mean the dataset was built wrongly, e.g. the
log of zero. A coefficient of interest that the data cannot identify (collinear with the
fixed effects or the other terms, e.g. constant within a ``by`` group) is reported as NaN and
named in ``status``; statsmodels would otherwise return a minimum-norm number for it.

Modules: ``spec`` (the spec checked), ``estimation`` (model fitting), ``caption`` (the years and
counts a note names, from the rows estimated on), ``labels`` (wording shared by tables and
figures), ``tables`` (table formatting) and ``plot`` (figure drawing). The names
below are re-exported here.
"""

from chinatrade.analysis.regress import caption
from chinatrade.analysis.regress.estimation import (
    COEFFICIENT_COLUMNS,
    FIT_STATS_COLUMNS,
    estimated_rows,
    estimation_groups,
    fit,
)
from chinatrade.analysis.regress.labels import UNIT_LABELS, label_of
from chinatrade.analysis.regress.power import HYPOTHESIS_COLUMNS, READINGS
from chinatrade.analysis.regress.spec import (
    ALL_ROWS,
    FIGURES,
    OPTIONAL_KEYS,
    REQUIRED_KEYS,
    SE_TYPES,
    check_spec,
    describe_sample,
)
from chinatrade.analysis.regress.tables import STATUS_TEXTS, format_table, write_tables


def __getattr__(name: str):
    """``plot`` and ``MAX_PANELS`` load matplotlib on first use, not with the package: the
    report's kernel reads labels and tables from here and draws nothing (PEP 562)."""
    if name in ("plot", "MAX_PANELS"):
        import sys

        # `import a.b` (not `from a import b`, which would ask this hook again)
        import chinatrade.analysis.regress.plot  # noqa: F401

        plot_module = sys.modules["chinatrade.analysis.regress.plot"]
        # importing the submodule bound the package's ``plot`` to it: bind both names to
        # what they stand for, so that this hook is not needed again
        globals().update(plot=plot_module.plot, MAX_PANELS=plot_module.MAX_PANELS)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ALL_ROWS",
    "COEFFICIENT_COLUMNS",
    "FIGURES",
    "FIT_STATS_COLUMNS",
    "HYPOTHESIS_COLUMNS",
    "MAX_PANELS",
    "OPTIONAL_KEYS",
    "READINGS",
    "REQUIRED_KEYS",
    "SE_TYPES",
    "STATUS_TEXTS",
    "UNIT_LABELS",
    "caption",
    "check_spec",
    "describe_sample",
    "estimated_rows",
    "estimation_groups",
    "fit",
    "format_table",
    "label_of",
    "plot",
    "write_tables",
]
