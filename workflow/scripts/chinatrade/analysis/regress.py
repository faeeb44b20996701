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
"""

from __future__ import annotations

import functools
import html
import math
import numbers
import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import patsy
import statsmodels.formula.api as smf
from statsmodels.tools.sm_exceptions import SingularMatrixWarning

from chinatrade import figures, i18n
from chinatrade.errors import InputDataError
from chinatrade.i18n import tr
from chinatrade.io import atomic_path

REQUIRED_KEYS = ("dataset", "outcome", "regressors", "se", "figure", "title")
OPTIONAL_KEYS = {
    "controls": [],
    "fixed_effects": [],
    "sample": {},
    "by": None,
    "weights": None,
    "note": None,
    "labels": {},
}
SE_TYPES = ("nonrobust", "HC1", "cluster")
FIGURES = ("scatter", "coefficients")
ALL_ROWS = "all"
# the most groups a scatter draws as small multiples (the last ones, in the by order)
MAX_PANELS = 12

COEFFICIENT_COLUMNS = [
    "spec_id",
    "by_value",
    "term",
    "term_role",
    "estimate",
    "std_error",
    "t_value",
    "p_value",
    "ci_low",
    "ci_high",
]
FIT_STATS_COLUMNS = [
    "spec_id",
    "by_value",
    "status",
    "n_rows_in_sample",
    "n_dropped_missing",
    "n_dropped_zero_weight",
    "n_excluded_missing_by",
    "n_obs",
    "n_params",
    "r_squared",
    "r_squared_adj",
    "r_squared_within",
    "se_type",
    "cluster_variable",
    "n_clusters",
    "inference_df",
    "estimator",
    "outcome",
    "regressors",
    "controls",
    "fixed_effects",
    "weights",
    "by",
    "sample",
    "dataset",
]


# --- spec -----------------------------------------------------------------------------------


def check_spec(spec_id: str, spec: Mapping, columns: Iterable[str]) -> None:
    """Refuse a spec that is malformed or names a column the dataset lacks.

    Every error is a ValueError naming the key as ``regressions.<spec_id>.<key>`` (e.g.
    ``regressions.fdi_fe.se.cluster``). ``columns`` are the dataset's column names. Checked:
    the required keys (``dataset``, ``outcome``, ``regressors``, ``se``, ``figure``,
    ``title``) are there and no unknown key is (a misspelt key would otherwise be ignored);
    every named column exists; no column plays two roles (outcome, regressor, control, fixed
    effect, ``by``, weights); ``se.type`` is one of nonrobust, HC1, cluster and ``se.cluster``
    is given exactly when the type is cluster; ``sample`` maps columns to a non-empty list
    (``[min, max]`` of two numbers is an inclusive range, any other list a set of values);
    ``figure`` is scatter or coefficients.
    """
    where = f"regressions.{spec_id}"
    if not isinstance(spec, Mapping):
        raise ValueError(f"{where} must be a mapping of spec keys, got {type(spec).__name__}")
    columns = set(columns)
    unknown = sorted(set(spec) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        allowed = sorted([*REQUIRED_KEYS, *OPTIONAL_KEYS])
        raise ValueError(f"{where}.{unknown[0]}: unknown spec key (allowed: {allowed})")
    for key in REQUIRED_KEYS:
        if key not in spec or spec[key] is None:
            raise ValueError(f"{where}.{key} is missing")
    for key in ("dataset", "title"):
        if not isinstance(spec[key], str) or not spec[key].strip():
            raise ValueError(f"{where}.{key} must be a non-empty text, got {spec[key]!r}")
    if spec.get("note") is not None and not isinstance(spec["note"], str):
        raise ValueError(f"{where}.note must be a text, got {spec['note']!r}")

    def column(key: str, value) -> str:
        if not isinstance(value, str) or not value:
            raise ValueError(f"{where}.{key} must be a column name, got {value!r}")
        if '"' in value or "\\" in value:
            raise ValueError(f"{where}.{key}: column name {value!r} may not contain quotes")
        if value not in columns:
            raise ValueError(
                f"{where}.{key}: column {value!r} is not in the dataset {spec['dataset']!r} "
                f"(columns: {sorted(columns)})"
            )
        return value

    def column_list(key: str, allow_empty: bool) -> list[str]:
        value = spec.get(key, OPTIONAL_KEYS.get(key))
        if value is None:
            value = []
        if not isinstance(value, list | tuple):
            raise ValueError(f"{where}.{key} must be a list of column names, got {value!r}")
        if not value and not allow_empty:
            raise ValueError(f"{where}.{key} must name at least one column")
        names = [column(f"{key}[{i}]", v) for i, v in enumerate(value)]
        if len(set(names)) < len(names):
            raise ValueError(f"{where}.{key} names a column twice: {names}")
        return names

    roles: dict[str, str] = {}

    def claim(key: str, name: str) -> None:
        if name in roles:
            raise ValueError(f"{where}.{key}: column {name!r} is already the {roles[name]}")
        roles[name] = key

    claim("outcome", column("outcome", spec["outcome"]))
    for key in ("regressors", "controls", "fixed_effects"):
        for name in column_list(key, allow_empty=key != "regressors"):
            claim(key, name)
    for key in ("by", "weights"):
        if spec.get(key) is not None:
            claim(key, column(key, spec[key]))

    se = spec["se"]
    if not isinstance(se, Mapping) or "type" not in se:
        raise ValueError(f"{where}.se must be a mapping with a 'type' ({SE_TYPES}), got {se!r}")
    if se["type"] not in SE_TYPES:
        raise ValueError(f"{where}.se.type must be one of {SE_TYPES}, got {se['type']!r}")
    extra = sorted(set(se) - {"type", "cluster"})
    if extra:
        raise ValueError(f"{where}.se.{extra[0]}: unknown key (allowed: type, cluster)")
    if se["type"] == "cluster":
        if se.get("cluster") is None:
            raise ValueError(f"{where}.se.cluster is missing (se.type is cluster)")
        cluster = column("se.cluster", se["cluster"])
        if cluster == spec.get("by"):
            raise ValueError(
                f"{where}.se.cluster: {cluster!r} is also 'by', so each model has one cluster"
            )
    elif "cluster" in se:
        raise ValueError(f"{where}.se.cluster is given but se.type is {se['type']!r}")

    sample = spec.get("sample") or {}
    if not isinstance(sample, Mapping):
        raise ValueError(
            f"{where}.sample must map columns to [min, max] or [values], got {sample!r}"
        )
    for name, values in sample.items():
        column(f"sample.{name}", name)
        if not isinstance(values, list | tuple) or not values:
            raise ValueError(
                f"{where}.sample.{name} must be [min, max] or a non-empty list of values, "
                f"got {values!r}"
            )
        if _is_range(values) and values[0] > values[1]:
            raise ValueError(f"{where}.sample.{name}: min {values[0]} is above max {values[1]}")

    if spec["figure"] not in FIGURES:
        raise ValueError(f"{where}.figure must be one of {FIGURES}, got {spec['figure']!r}")
    labels = spec.get("labels") or {}
    if not isinstance(labels, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
    ):
        raise ValueError(f"{where}.labels must map column names to texts, got {labels!r}")


def _is_range(values) -> bool:
    """``[min, max]`` of two numbers (not booleans) is a range; any other list is values."""
    return len(values) == 2 and all(
        isinstance(v, numbers.Real) and not isinstance(v, bool) for v in values
    )


def _full(spec: Mapping) -> dict:
    """The spec with the optional keys filled in."""
    full = {**OPTIONAL_KEYS, **{k: v for k, v in spec.items() if v is not None}}
    for key in ("controls", "fixed_effects"):
        full[key] = list(full[key] or [])
    full["regressors"] = list(full["regressors"])
    full["sample"] = dict(full["sample"] or {})
    full["labels"] = dict(full["labels"] or {})
    return full


def describe_sample(sample: Mapping) -> str:
    """The sample filter in words: ``year in [2008, 2014]; kind in {economy}`` or ``all rows``."""
    if not sample:
        return "all rows"
    parts = []
    for name, values in sample.items():
        if _is_range(values):
            parts.append(f"{name} in [{_plain(values[0])}, {_plain(values[1])}]")
        else:
            parts.append(f"{name} in {{{', '.join(str(_plain(v)) for v in values)}}}")
    return "; ".join(parts)


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


# --- estimation -------------------------------------------------------------------------------


def _dataset_file(spec: Mapping) -> str:
    return f"data/processed/analysis/{spec['dataset']}.parquet"


def _check_values(data: pd.DataFrame, spec: dict) -> None:
    """Numbers where numbers are needed; no infinities; no negative weights."""
    file = _dataset_file(spec)
    numeric = [spec["outcome"], *spec["regressors"], *spec["controls"]]
    if spec["weights"]:
        numeric.append(spec["weights"])
    for name in numeric:
        values = data[name]
        if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)):
            raise InputDataError(
                file,
                f"must be numeric (the spec uses it in a regression), dtype {values.dtype}",
                column=name,
            )
        as_float = values.astype(float).to_numpy()
        infinite = np.isinf(as_float)
        if infinite.any():
            raise InputDataError(
                file,
                f"value {as_float[infinite.argmax()]} is infinite (a log of zero?); "
                "make it NaN with a flag when the dataset is built",
                column=name,
                row=int(infinite.argmax()) + 1,
            )
    if spec["weights"]:
        weights = data[spec["weights"]].astype(float).to_numpy()
        negative = weights < 0
        if negative.any():
            raise InputDataError(
                file,
                f"weight {weights[negative.argmax()]} is negative",
                column=spec["weights"],
                row=int(negative.argmax()) + 1,
            )


def _sample_mask(data: pd.DataFrame, sample: Mapping) -> pd.Series:
    mask = pd.Series(True, index=data.index)
    for name, values in sample.items():
        if _is_range(values):
            mask &= data[name].between(values[0], values[1])
        else:
            mask &= data[name].isin(list(values))
    return mask


def _by_label(value) -> str:
    value = _plain(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def estimation_groups(
    data: pd.DataFrame, spec_id: str, spec: Mapping
) -> list[tuple[str, pd.DataFrame]]:
    """The sample of each model: ``[(by_value, rows), ...]`` in the order of the by values.

    Rows are those passing ``sample``; with ``by``, rows whose ``by`` value is missing belong to
    no group. Missing values of the model's columns are not yet dropped.
    """
    check_spec(spec_id, spec, data.columns)
    full = _full(spec)
    _check_values(data, full)
    rows = data.loc[_sample_mask(data, full["sample"])]
    if rows.empty or (full["by"] is not None and rows[full["by"]].isna().all()):
        raise InputDataError(
            _dataset_file(full),
            f"no rows pass the sample filter ({describe_sample(full['sample'])}) "
            f"of regressions.{spec_id}" + (f" with a {full['by']} value" if full["by"] else ""),
        )
    if full["by"] is None:
        return [(ALL_ROWS, rows)]
    return [
        (_by_label(value), group)
        for value, group in rows.groupby(full["by"], sort=True, dropna=True)
    ]


def _model_columns(spec: dict) -> list[str]:
    names = [spec["outcome"], *spec["regressors"], *spec["controls"], *spec["fixed_effects"]]
    if spec["weights"]:
        names.append(spec["weights"])
    if spec["se"]["type"] == "cluster":
        names.append(spec["se"]["cluster"])
    return list(dict.fromkeys(names))


def _q(name: str) -> str:
    return f'Q("{name}")'


def _formula(spec: dict) -> str:
    terms = [_q(n) for n in [*spec["regressors"], *spec["controls"]]]
    terms += [f"C({_q(n)})" for n in spec["fixed_effects"]]
    return f"{_q(spec['outcome'])} ~ " + " + ".join(terms)


def _complete_rows(rows: pd.DataFrame, spec: dict) -> tuple[pd.DataFrame, int, int]:
    """Rows with every model column present and positive weight; counts of both drops."""
    needed = _model_columns(spec)
    complete = rows.dropna(subset=needed)
    n_missing = len(rows) - len(complete)
    n_zero = 0
    if spec["weights"]:
        positive = complete[spec["weights"]].astype(float) > 0
        n_zero = int((~positive).sum())
        complete = complete[positive]
    complete = complete[needed].copy()
    for name in [spec["outcome"], *spec["regressors"], *spec["controls"]]:
        complete[name] = complete[name].astype(float)
    for name in spec["fixed_effects"]:
        # patsy does not understand pandas' extension dtypes (string, Int64): plain objects
        complete[name] = np.asarray(complete[name].astype(object))
    return complete, n_missing, n_zero


def _unidentified(exog: np.ndarray, names: list[str], terms: list[str]) -> list[str]:
    """Terms whose column lies in the span of the others (their coefficient is not identified)."""
    rank = np.linalg.matrix_rank(exog)
    if rank == exog.shape[1]:
        return []
    out = []
    for term in terms:
        j = names.index(term)
        if np.linalg.matrix_rank(np.delete(exog, j, axis=1)) == rank:
            out.append(term)
    return out


def _within_r_squared(complete: pd.DataFrame, spec: dict, resid: np.ndarray) -> float:
    """1 - SSR / SS of the outcome net of the fixed effects (weighted if the model is)."""
    if not spec["fixed_effects"]:
        return math.nan
    fe = patsy.dmatrix(
        " + ".join(f"C({_q(n)})" for n in spec["fixed_effects"]), complete, return_type="matrix"
    )
    y = complete[spec["outcome"]].to_numpy(float)
    w = complete[spec["weights"]].to_numpy(float) if spec["weights"] else np.ones(len(y))
    root = np.sqrt(w)
    coef, *_ = np.linalg.lstsq(np.asarray(fe) * root[:, None], y * root, rcond=None)
    net = y - np.asarray(fe) @ coef
    total = float(np.sum(w * net**2))
    if total <= 0:
        return math.nan
    return 1.0 - float(np.sum(w * resid**2)) / total


def _fit_group(spec_id: str, by_value: str, rows: pd.DataFrame, spec: dict, n_missing_by: int):
    complete, n_missing, n_zero = _complete_rows(rows, spec)
    terms = [*spec["regressors"], *spec["controls"]]
    roles = {
        **{t: "regressor" for t in spec["regressors"]},
        **{t: "control" for t in spec["controls"]},
    }
    se = spec["se"]
    stats = {
        "spec_id": spec_id,
        "by_value": by_value,
        "status": "estimated",
        "n_rows_in_sample": len(rows),
        "n_dropped_missing": n_missing,
        "n_dropped_zero_weight": n_zero,
        "n_excluded_missing_by": n_missing_by,
        "n_obs": len(complete),
        "n_params": math.nan,
        "r_squared": math.nan,
        "r_squared_adj": math.nan,
        "r_squared_within": math.nan,
        "se_type": se["type"],
        "cluster_variable": se.get("cluster") or "",
        "n_clusters": math.nan,
        "inference_df": math.nan,
        "estimator": "WLS" if spec["weights"] else "OLS",
        "outcome": spec["outcome"],
        "regressors": ", ".join(spec["regressors"]),
        "controls": ", ".join(spec["controls"]),
        "fixed_effects": ", ".join(spec["fixed_effects"]),
        "weights": spec["weights"] or "",
        "by": spec["by"] or "",
        "sample": describe_sample(spec["sample"]),
        "dataset": spec["dataset"],
    }
    empty = [
        {"spec_id": spec_id, "by_value": by_value, "term": t, "term_role": roles[t]}
        | dict.fromkeys(COEFFICIENT_COLUMNS[4:], math.nan)
        for t in terms
    ]
    if se["type"] == "cluster":
        stats["n_clusters"] = float(complete[se["cluster"]].nunique())
    if len(complete) == 0:
        stats["status"] = "not estimated: no complete rows"
        return empty, stats
    formula = _formula(spec)
    if spec["weights"]:
        model = smf.wls(formula, complete, weights=complete[spec["weights"]], missing="raise")
    else:
        model = smf.ols(formula, complete, missing="raise")
    names = list(model.exog_names)
    rank = int(np.linalg.matrix_rank(model.exog))
    stats["n_params"] = float(rank)
    if len(complete) <= rank:
        stats["status"] = f"not estimated: {len(complete)} complete rows for {rank} parameters"
        return empty, stats
    if se["type"] == "cluster" and stats["n_clusters"] < 2:
        stats["status"] = "not estimated: fewer than 2 clusters"
        return empty, stats
    unidentified = _unidentified(model.exog, names, [_q(t) for t in terms])
    with warnings.catch_warnings():
        # a rank-deficient design is detected above and reported (status, n_params)
        warnings.simplefilter("ignore", SingularMatrixWarning)
        if se["type"] == "cluster":
            groups = pd.factorize(complete[se["cluster"]])[0]
            result = model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
            stats["inference_df"] = stats["n_clusters"] - 1
        else:
            result = model.fit(cov_type=se["type"], use_t=True)
            stats["inference_df"] = float(result.df_resid)
    ci = result.conf_int(alpha=0.05)
    stats["r_squared"] = float(result.rsquared)
    stats["r_squared_adj"] = float(result.rsquared_adj)
    stats["r_squared_within"] = _within_r_squared(complete, spec, np.asarray(result.resid))
    if unidentified:
        stats["status"] = "estimated; not identified (collinear): " + ", ".join(
            t[3:-2] for t in unidentified
        )
    coefficients = []
    for term in terms:
        name = _q(term)
        row = {"spec_id": spec_id, "by_value": by_value, "term": term, "term_role": roles[term]}
        if name in unidentified:
            row |= dict.fromkeys(COEFFICIENT_COLUMNS[4:], math.nan)
        else:
            row |= {
                "estimate": float(result.params[name]),
                "std_error": float(result.bse[name]),
                "t_value": float(result.tvalues[name]),
                "p_value": float(result.pvalues[name]),
                "ci_low": float(ci.loc[name, 0]),
                "ci_high": float(ci.loc[name, 1]),
            }
        coefficients.append(row)
    return coefficients, stats


def fit(data: pd.DataFrame, spec_id: str, spec: Mapping) -> dict[str, pd.DataFrame]:
    """Estimate the spec's model (one per ``by`` value) on ``data``.

    Returns two tables:

    * ``coefficients``: one row per model and regressor or control (fixed-effect dummies and
      the intercept are not reported): ``spec_id``, ``by_value`` (the ``by`` group as text, or
      ``all``), ``term`` (column name), ``term_role`` (regressor/control), ``estimate``,
      ``std_error``, ``t_value``, ``p_value``, ``ci_low``, ``ci_high`` (95% interval), in the
      units of outcome per unit of the term;
    * ``fit_stats``: one row per model: ``status`` (``estimated``, or why not / which terms are
      not identified), ``n_rows_in_sample`` (rows passing ``sample``), ``n_dropped_missing``,
      ``n_dropped_zero_weight``, ``n_excluded_missing_by`` (rows with no ``by`` value, the same
      on every row), ``n_obs``, ``n_params`` (rank of the design, fixed-effect dummies and
      intercept included), ``r_squared``, ``r_squared_adj`` (weighted for WLS; they include
      the fixed effects), ``r_squared_within`` (of the outcome net of the fixed effects; NaN
      without them), ``se_type``, ``cluster_variable``, ``n_clusters`` (NaN unless clustered),
      ``inference_df`` (degrees of freedom of the t distribution), ``estimator`` (OLS/WLS),
      ``outcome``, ``regressors``, ``controls``, ``fixed_effects``, ``weights``, ``by``
      (comma-joined names, empty if none), ``sample`` (the filter in words), ``dataset``.
    """
    groups = estimation_groups(data, spec_id, spec)
    full = _full(spec)
    n_missing_by = 0
    if full["by"] is not None:
        n_missing_by = int(data.loc[_sample_mask(data, full["sample"]), full["by"]].isna().sum())
    coefficient_rows, stat_rows = [], []
    for by_value, rows in groups:
        coefficients, stats = _fit_group(spec_id, by_value, rows, full, n_missing_by)
        coefficient_rows += coefficients
        stat_rows.append(stats)
    coefficients = pd.DataFrame(coefficient_rows, columns=COEFFICIENT_COLUMNS)
    fit_stats = pd.DataFrame(stat_rows, columns=FIT_STATS_COLUMNS)
    for name in ("n_rows_in_sample", "n_dropped_missing", "n_dropped_zero_weight", "n_obs"):
        fit_stats[name] = fit_stats[name].astype(int)
    fit_stats["n_excluded_missing_by"] = fit_stats["n_excluded_missing_by"].astype(int)
    return {"coefficients": coefficients, "fit_stats": fit_stats}


# --- tables -----------------------------------------------------------------------------------


# a column's unit suffix -> its label template ({name}: the rest of the name, in words)
UNIT_LABELS = {
    "_usd_millions": "{name} (USD million)",
    "_usd_billions": "{name} (USD billion)",
    "_usd_thousands": "{name} (USD thousand)",
    "_usd_100m": "{name} (USD 100 million)",
    "_pct": "{name} (%)",
    "_share": "{name} (share)",
}


def label_of(name: str, spec: Mapping) -> str:
    """The spec's label for a column, else the name with its unit suffix spelt out.

    In the reader's language (:func:`chinatrade.i18n.tr`): the spec's label is looked up as
    it stands; a label made from the name translates the name in words and its unit apart.
    """
    labels = spec.get("labels") or {}
    if name in labels:
        return labels[name]
    for suffix, unit in UNIT_LABELS.items():
        if name.endswith(suffix):
            return tr(unit, name=tr(name[: -len(suffix)].replace("_", " ")))
    if "_share_of_" in name:
        return tr("{name} (fraction)", name=tr(name.replace("_", " ")))
    return tr(name.replace("_", " "))


def _column(name: str, spec: Mapping) -> str:
    """A column where the English text names it as it is (``year``, ``total_trade_usd_millions``);
    in another language its label, since a column name is no word of that language."""
    return name if i18n.current() == i18n.SOURCE_LANGUAGE else label_of(name, spec)


def _listing(items: Iterable[str]) -> str:
    """Items joined as a list in the reader's language ("a, b, c"; in Chinese "a、b、c")."""
    return functools.reduce(lambda done, item: tr("{items}, {item}", items=done, item=item), items)


def _clauses(parts: Iterable[str]) -> str:
    """Clauses joined by semicolons in the reader's language ("a; b"; in Chinese "a；b")."""
    return functools.reduce(lambda done, part: tr("{parts}; {part}", parts=done, part=part), parts)


def _value_text(value) -> str:
    """A value of a sample filter as shown: booleans in words, the rest as they are."""
    value = _plain(value)
    return tr(str(value)) if isinstance(value, bool) else str(value)


def _sample_text(sample: Mapping, spec: Mapping) -> str:
    """:func:`describe_sample` for the reader: the same words in English, translated else."""
    if not sample:
        return tr("all rows")
    parts = []
    for name, values in sample.items():
        if _is_range(values):
            parts.append(
                tr(
                    "{name} in [{low}, {high}]",
                    name=_column(name, spec),
                    low=_plain(values[0]),
                    high=_plain(values[1]),
                )
            )
        else:
            parts.append(
                tr(
                    "{name} in {{{values}}}",
                    name=_column(name, spec),
                    values=", ".join(_value_text(v) for v in values),
                )
            )
    return _clauses(parts)


# why a model was not estimated (the status column of fit_stats, kept in English there)
STATUS_TEXTS = (
    (r"not estimated: no complete rows", "not estimated: no complete rows"),
    (
        r"not estimated: (?P<rows>\d+) complete rows for (?P<params>\d+) parameters",
        "not estimated: {rows} complete rows for {params} parameters",
    ),
    (r"not estimated: fewer than 2 clusters", "not estimated: fewer than 2 clusters"),
    (
        r"estimated; not identified \(collinear\): (?P<terms>.+)",
        "estimated; not identified (collinear): {terms}",
    ),
)


def _status_text(status: str, spec: Mapping) -> str:
    """A model's status (``fit_stats.status``) in the reader's language."""
    for pattern, template in STATUS_TEXTS:
        match = re.fullmatch(pattern, status)
        if match:
            fields = match.groupdict()
            if "terms" in fields:
                fields["terms"] = _listing(_column(t, spec) for t in fields["terms"].split(", "))
            return tr(template, **fields)
    return tr(status)


def _stars(p: float) -> str:
    if not np.isfinite(p):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.10 else ""


def _decimals(std_errors: Iterable[float]) -> int:
    """Enough decimals to show two significant digits of the smallest SE; 3 to 6."""
    finite = [abs(s) for s in std_errors if np.isfinite(s) and s != 0]
    if not finite:
        return 3
    return int(min(6, max(3, math.ceil(-math.log10(min(finite))) + 1)))


def _se_text(row: pd.Series, spec: Mapping) -> str:
    if row["se_type"] == "cluster":
        return tr("clustered by {cluster}", cluster=label_of(row["cluster_variable"], spec))
    return tr({"HC1": "robust (HC1)", "nonrobust": "conventional"}[row["se_type"]])


def _table_cells(coefficients: pd.DataFrame, fit_stats: pd.DataFrame, spec: Mapping):
    """Column headers; per term (label, [(estimate, stars)], [(SE)]); statistic rows; notes."""
    columns = list(fit_stats["by_value"])
    by = spec.get("by")
    header = [f"{_column(by, spec)} = {v}" if by else tr("All rows") for v in columns]
    stats = fit_stats.set_index("by_value")
    body = []
    terms = list(dict.fromkeys(coefficients["term"]))
    for term in terms:
        of_term = coefficients[coefficients["term"] == term].set_index("by_value")
        digits = _decimals(of_term["std_error"])
        estimates, errors = [], []
        for column in columns:
            if column not in of_term.index or not np.isfinite(of_term.at[column, "estimate"]):
                estimates.append(("", ""))
                errors.append("")
                continue
            row = of_term.loc[column]
            estimates.append((f"{row['estimate']:.{digits}f}", _stars(row["p_value"])))
            errors.append(f"({row['std_error']:.{digits}f})")
        body.append((label_of(term, spec), estimates, errors))
    rows = [
        (tr("Observations"), [f"{stats.at[c, 'n_obs']:,}" for c in columns]),
        ("R²", [_num(stats.at[c, "r_squared"], 3) for c in columns]),
        (tr("Adjusted R²"), [_num(stats.at[c, "r_squared_adj"], 3) for c in columns]),
    ]
    fixed = list(spec.get("fixed_effects") or [])
    if fixed:
        rows.append((tr("Within R²"), [_num(stats.at[c, "r_squared_within"], 3) for c in columns]))
    rows.append((tr("Standard errors"), [_se_text(stats.loc[c], spec) for c in columns]))
    if (spec.get("se") or {}).get("type") == "cluster":
        rows.append((tr("Clusters"), [_num(stats.at[c, "n_clusters"], 0) for c in columns]))
    for name in fixed:
        rows.append(
            (
                tr("Fixed effects: {effect}", effect=label_of(name, spec)),
                [tr("Yes") for _ in columns],
            )
        )
    if spec.get("weights"):
        rows.append((tr("Weights"), [label_of(spec["weights"], spec) for _ in columns]))
    rows.append(
        (
            tr("Rows dropped (missing)"),
            [f"{stats.at[c, 'n_dropped_missing']:,}" for c in columns],
        )
    )
    notes = [
        tr("Standard errors in parentheses. * p<0.10, ** p<0.05, *** p<0.01."),
        tr(
            "Outcome: {outcome}. Sample: {sample}.",
            outcome=label_of(spec["outcome"], spec),
            sample=_sample_text(spec.get("sample") or {}, spec),
        ),
    ]
    problems = [
        f"{c}: {_status_text(stats.at[c, 'status'], spec)}"
        for c in columns
        if stats.at[c, "status"] != "estimated"
    ]
    if problems:
        notes.append(
            tr("Not estimated or not identified: {problems}.", problems=_clauses(problems))
        )
    if spec.get("note"):
        notes.append(str(spec["note"]))
    return header, body, rows, notes


def _num(value: float, digits: int) -> str:
    if not np.isfinite(value):
        return ""
    return f"{value:,.{digits}f}"


def _latex_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "&%$#_{}":
            out.append("\\" + ch)
        elif ch == "~":
            out.append("\\textasciitilde{}")
        elif ch == "^":
            out.append("\\textasciicircum{}")
        elif ch == "\\":
            out.append("\\textbackslash{}")
        elif ch in "<>":
            out.append(f"${ch}$")
        elif ch == "²":
            out.append("$^2$")
        else:
            out.append(ch)
    return "".join(out)


def _latex_number(text: str) -> str:
    return "$-$" + text[1:] if text.startswith("-") else text


def format_table(
    coefficients: pd.DataFrame, fit_stats: pd.DataFrame, spec: Mapping
) -> tuple[str, str]:
    """The models as a regression table, in HTML and in LaTeX (booktabs).

    One column per model (``by`` value, or "All rows"); per regressor and control the estimate
    with significance stars (* p<0.10, ** p<0.05, *** p<0.01) and its standard error in
    parentheses below; then observations, R², adjusted R², within R² (with fixed effects), the
    standard-error type, the number of clusters, one "Yes" row per fixed effect, the weights,
    the rows dropped for missing values; the spec's note as a footnote. Deterministic text.
    """
    header, body, rows, notes = _table_cells(coefficients, fit_stats, spec)
    title = spec.get("title") or ""
    outcome = label_of(spec["outcome"], spec)
    n = len(header)

    esc = html.escape
    lines = ['<table class="regression-table">', f"<caption>{esc(title)}</caption>", "<thead>"]
    lines.append(f'<tr><th></th><th colspan="{n}">{esc(outcome)}</th></tr>')
    lines.append("<tr><th></th>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>")
    lines += ["</thead>", "<tbody>"]
    for label, estimates, errors in body:
        cells = "".join(
            f"<td>{esc(e)}<sup>{esc(s)}</sup></td>" if s else f"<td>{esc(e)}</td>"
            for e, s in estimates
        )
        lines.append(f"<tr><th>{esc(label)}</th>{cells}</tr>")
        lines.append(
            '<tr class="se"><th></th>' + "".join(f"<td>{esc(e)}</td>" for e in errors) + "</tr>"
        )
    for i, (label, cells) in enumerate(rows):
        css = ' class="stats-first"' if i == 0 else ""
        lines.append(
            f"<tr{css}><th>{esc(label)}</th>"
            + "".join(f"<td>{esc(c)}</td>" for c in cells)
            + "</tr>"
        )
    lines += ["</tbody>", "<tfoot>"]
    for note in notes:
        lines.append(f'<tr><td colspan="{n + 1}">{esc(note)}</td></tr>')
    lines += ["</tfoot>", "</table>"]
    html_table = "\n".join(lines) + "\n"

    tex = [
        "\\begin{table}[htbp]",
        "\\centering",
        f"\\caption{{{_latex_escape(title)}}}",
        f"\\begin{{tabular}}{{l{'c' * n}}}",
        "\\toprule",
        f" & \\multicolumn{{{n}}}{{c}}{{{_latex_escape(outcome)}}} \\\\",
        f"\\cmidrule(lr){{2-{n + 1}}}",
        " & " + " & ".join(_latex_escape(h) for h in header) + " \\\\",
        "\\midrule",
    ]
    for label, estimates, errors in body:
        cells = [_latex_number(e) + (f"$^{{{s}}}$" if s else "") for e, s in estimates]
        tex.append(_latex_escape(label) + " & " + " & ".join(cells) + " \\\\")
        tex.append(" & " + " & ".join(errors) + " \\\\")
    tex.append("\\midrule")
    for label, cells in rows:
        tex.append(
            _latex_escape(label) + " & " + " & ".join(_latex_escape(c) for c in cells) + " \\\\"
        )
    tex += [
        "\\bottomrule",
        "\\end{tabular}",
        "",
        "\\smallskip",
        "\\begin{minipage}{0.95\\linewidth}",
        "\\footnotesize",
    ]
    tex.append(" ".join(_latex_escape(note) for note in notes))
    tex += ["\\end{minipage}", "\\end{table}"]
    return html_table, "\n".join(tex) + "\n"


# --- figures ----------------------------------------------------------------------------------


def _partial_out(frame: pd.DataFrame, spec: dict, x: str) -> tuple[np.ndarray, np.ndarray, bool]:
    """Outcome and ``x`` net of the other terms and fixed effects (Frisch-Waugh-Lovell).

    Returns (x values, outcome values, whether anything was partialled out). Without other
    terms the raw values are returned; the slope of the outcome on ``x`` in the result equals
    the model's coefficient in both cases.
    """
    others = [t for t in [*spec["regressors"], *spec["controls"]] if t != x]
    y = frame[spec["outcome"]].to_numpy(float)
    xv = frame[x].to_numpy(float)
    if not others and not spec["fixed_effects"]:
        return xv, y, False
    terms = [_q(t) for t in others] + [f"C({_q(f)})" for f in spec["fixed_effects"]]
    z = np.asarray(patsy.dmatrix("1 + " + " + ".join(terms), frame, return_type="matrix"))
    w = frame[spec["weights"]].to_numpy(float) if spec["weights"] else np.ones(len(y))
    root = np.sqrt(w)[:, None]
    out = []
    for v in (xv, y):
        coef, *_ = np.linalg.lstsq(z * root, v * root[:, 0], rcond=None)
        out.append(v - z @ coef)
    return out[0], out[1], True


def _subtitle(fit_stats: pd.DataFrame, spec: dict) -> str:
    first = fit_stats.iloc[-1]
    parts = [
        tr(
            "{estimator} of {outcome}",
            estimator=first["estimator"],
            outcome=label_of(spec["outcome"], spec),
        )
    ]
    if spec["fixed_effects"]:
        parts.append(
            tr(
                "fixed effects: {effects}",
                effects=_listing(label_of(f, spec) for f in spec["fixed_effects"]),
            )
        )
    if spec["controls"]:
        parts.append(
            tr(
                "controls: {controls}",
                controls=_listing(_column(c, spec) for c in spec["controls"]),
            )
        )
    parts.append(tr("SE {se}", se=_se_text(first, spec)))
    if spec["weights"]:
        parts.append(tr("weighted by {weights}", weights=_column(spec["weights"], spec)))
    return _clauses(parts)


def _source_note(spec: dict, fit_stats: pd.DataFrame) -> str:
    # the model's id and the dataset's file name are code names: the English note shows them,
    # another language names the dataset in words (the title names the model)
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        text = f"Model {fit_stats['spec_id'].iloc[0]}, dataset {spec['dataset']}; "
    else:
        text = tr("Dataset: {dataset}; ", dataset=tr(spec["dataset"]))
    text += tr(
        "sample: {sample}; rows dropped for missing values: {dropped:,}.",
        sample=_sample_text(spec["sample"], spec),
        dropped=int(fit_stats["n_dropped_missing"].sum()),
    )
    if spec.get("note"):
        # Chinese sentences follow each other without a space
        separator = " " if i18n.current() == i18n.SOURCE_LANGUAGE else ""
        text += separator + str(spec["note"])
    return text


def plot(data: pd.DataFrame, results: dict[str, pd.DataFrame], spec: Mapping) -> plt.Figure:
    """The spec's figure: ``scatter`` or ``coefficients``.

    ``scatter``: the outcome against the first regressor, with the fitted line whose slope is
    the estimate. With controls or fixed effects both axes are net of them (Frisch-Waugh-Lovell
    residuals), so the line is exactly the model's coefficient and the points are what
    identifies it; the axis labels say so. Points are sized by the weight in weighted models.
    With ``by``, one small panel per group (the last 12 if there are more).

    ``coefficients``: each regressor's estimate with its 95% interval per ``by`` group (one
    panel per regressor); without ``by``, every regressor and control in one panel.
    """
    full = _full(spec)
    figures.apply_style()
    coefficients, fit_stats = results["coefficients"], results["fit_stats"]
    spec_id = str(fit_stats["spec_id"].iloc[0])
    if full["figure"] == "scatter":
        fig, multi_panel = _scatter(data, spec_id, full, coefficients, fit_stats)
    else:
        fig, multi_panel = _coefficient_plot(full, coefficients, fit_stats), False
    figures.add_source_note(fig, _source_note(full, fit_stats))
    if multi_panel:
        # room for the title and subtitle above the grid of panels
        fig.subplots_adjust(top=1 - 1.0 / fig.get_figheight())
    return fig


def _scatter(data, spec_id, spec, coefficients, fit_stats) -> tuple[plt.Figure, bool]:
    x = spec["regressors"][0]
    groups = estimation_groups(data, spec_id, spec)
    shown = groups[-MAX_PANELS:]
    n = len(shown)
    ncols = min(4, n)
    nrows = math.ceil(n / ncols)
    size = (11, 6.5) if n == 1 else (3.2 * ncols + 1, 3.0 * nrows + 1.6)
    fig, axes = plt.subplots(nrows, ncols, figsize=size, squeeze=False, sharex=n > 1, sharey=n > 1)
    partialled = False
    for ax, (by_value, rows) in zip(axes.flat, shown, strict=False):
        complete, _, _ = _complete_rows(rows, spec)
        row = coefficients[(coefficients["by_value"] == by_value) & (coefficients["term"] == x)]
        if complete.empty:
            ax.set_title(
                tr("{group}: no data", group=f"{_column(spec['by'], spec)} = {by_value}"),
                loc="left",
                fontsize=10,
            )
            continue
        xs, ys, partialled = _partial_out(complete, spec, x)
        sizes = 28
        if spec["weights"]:
            w = complete[spec["weights"]].to_numpy(float)
            sizes = 10 + 290 * w / w.max()
        ax.axhline(0, color="0.4", linewidth=0.6)
        ax.scatter(xs, ys, s=sizes, alpha=0.55, color="#1b9e77", edgecolor="white", linewidth=0.4)
        estimate = float(row["estimate"].iloc[0]) if len(row) else math.nan
        if np.isfinite(estimate):
            w = complete[spec["weights"]].to_numpy(float) if spec["weights"] else np.ones(len(xs))
            intercept = np.average(ys - estimate * xs, weights=w)
            grid = np.linspace(np.nanmin(xs), np.nanmax(xs), 50)
            ax.plot(grid, intercept + estimate * grid, color="#d95f02", linewidth=2)
            se = float(row["std_error"].iloc[0])
            text = tr(
                "slope {slope:.3g} (SE {se:.2g}), N = {n:,}", slope=estimate, se=se, n=len(xs)
            )
        else:
            text = tr("slope not identified, N = {n:,}", n=len(xs))
        ax.text(
            0.02,
            0.97,
            text,
            transform=ax.transAxes,
            va="top",
            fontsize=9 if n > 1 else 10.5,
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
        )
        if spec["by"]:
            ax.set_title(f"{_column(spec['by'], spec)} = {by_value}", loc="left", fontsize=10.5)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    net = ""
    if partialled:
        held = [*[t for t in spec["regressors"] if t != x], *spec["controls"]]
        held = [_column(t, spec) for t in held]
        held += [tr("{effect} FE", effect=label_of(f, spec)) for f in spec["fixed_effects"]]
        net = tr(", net of {terms}", terms=_listing(held))
    width = 40 if n == 1 else 32
    xlabel = figures.wrap_note(label_of(x, spec) + net, 2 * width)
    ylabel = figures.wrap_note(label_of(spec["outcome"], spec) + net, width)
    for ax in axes[-1]:
        ax.set_xlabel(xlabel)
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel)
    subtitle = _subtitle(fit_stats, spec)
    if spec["weights"]:
        subtitle += tr("; point area proportional to the weight")
    if len(groups) > MAX_PANELS:
        subtitle += tr(
            "; the last {shown} of {total} groups shown", shown=MAX_PANELS, total=len(groups)
        )
    if n == 1:
        figures.set_titles(fig, axes[0, 0], spec["title"], subtitle)
    else:
        _multi_panel_titles(fig, spec["title"], subtitle)
        # a panel whose lower neighbour is hidden shows its own x axis
        for i, ax in enumerate(axes.flat):
            if i < n and i + ncols >= n:
                ax.xaxis.set_tick_params(labelbottom=True)
                ax.set_xlabel(xlabel)
    return fig, n > 1


def _multi_panel_titles(fig: plt.Figure, title: str, subtitle: str) -> None:
    """Title and subtitle above a grid of panels (the room is made in :func:`plot`)."""
    height = fig.get_figheight()
    # as figures.set_titles: the CJK font has no bold face, a Chinese title is set larger
    english = i18n.current() == i18n.SOURCE_LANGUAGE
    fig.suptitle(
        title,
        x=0.01,
        y=1 - 0.08 / height,
        ha="left",
        va="top",
        fontsize=14 if english else 15,
        fontweight="bold" if english else "normal",
    )
    fig.text(0.01, 1 - 0.42 / height, subtitle, ha="left", va="top", fontsize=10.5, color="0.25")


def _coefficient_plot(spec, coefficients, fit_stats) -> plt.Figure:
    by = spec["by"]
    if by:
        shown = coefficients[coefficients["term_role"] == "regressor"]
        terms = list(dict.fromkeys(shown["term"]))
        fig, axes = plt.subplots(
            len(terms), 1, figsize=(11, 3.2 * len(terms) + 2.4), squeeze=False, sharex=True
        )
        values = pd.to_numeric(shown["by_value"], errors="coerce")
        numeric = bool(values.notna().all())
        for ax, term in zip(axes[:, 0], terms, strict=True):
            rows = shown[shown["term"] == term].copy()
            rows["x"] = pd.to_numeric(rows["by_value"]) if numeric else np.arange(len(rows))
            ok = rows["estimate"].notna()
            ax.errorbar(
                rows.loc[ok, "x"],
                rows.loc[ok, "estimate"],
                yerr=[
                    rows.loc[ok, "estimate"] - rows.loc[ok, "ci_low"],
                    rows.loc[ok, "ci_high"] - rows.loc[ok, "estimate"],
                ],
                fmt="o",
                color="#1b9e77",
                ecolor="#1b9e77",
                elinewidth=1.5,
                capsize=3,
                label=tr("estimate with 95% interval"),
            )
            ax.axhline(0, color="0.3", linewidth=0.8)
            ax.set_ylabel(tr("Coefficient on\n{term}", term=label_of(term, spec)))
            if numeric and by == "year":
                figures.year_axis(ax, int(rows["x"].min()), int(rows["x"].max()))
            elif not numeric:
                ax.set_xticks(rows["x"], rows["by_value"], rotation=45, ha="right")
        axes[-1, 0].set_xlabel(label_of(by, spec) if by != "year" else tr("Year"))
        axes[0, 0].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        subtitle = _subtitle(fit_stats, spec) + tr("; one model per {by}", by=_column(by, spec))
        figures.set_titles(fig, axes[0, 0], spec["title"], subtitle)
        return fig
    rows = coefficients.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(11, 1.0 * len(rows) + 3))
    ok = rows["estimate"].notna()
    y = np.arange(len(rows))
    ax.errorbar(
        rows.loc[ok, "estimate"],
        y[ok.to_numpy()],
        xerr=[
            rows.loc[ok, "estimate"] - rows.loc[ok, "ci_low"],
            rows.loc[ok, "ci_high"] - rows.loc[ok, "estimate"],
        ],
        fmt="o",
        color="#1b9e77",
        capsize=3,
    )
    ax.set_yticks(
        y,
        [
            f"{label_of(t, spec)} ({tr(r)})"
            for t, r in zip(rows["term"], rows["term_role"], strict=True)
        ],
    )
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(
        tr(
            "Coefficient (change in {outcome} per unit), 95% interval",
            outcome=label_of(spec["outcome"], spec),
        )
    )
    figures.set_titles(fig, ax, spec["title"], _subtitle(fit_stats, spec))
    return fig


def write_tables(
    html_table: str, latex_table: str, html_path: str | Path, tex_path: str | Path
) -> None:
    """Write the two table texts atomically (UTF-8)."""
    for text, path in ((html_table, html_path), (latex_table, tex_path)):
        with atomic_path(path) as tmp:
            Path(tmp).write_text(text, encoding="utf-8")
