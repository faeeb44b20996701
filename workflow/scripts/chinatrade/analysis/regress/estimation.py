"""Model fitting: the estimation groups of a spec (by value of ``by``), complete rows, the
formula with fixed-effect dummies, and the coefficients and fit statistics of each group.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
import patsy

from chinatrade.analysis.regress import power
from chinatrade.analysis.regress.spec import (
    ALL_ROWS,
    _full,
    _is_range,
    _plain,
    check_spec,
    describe_sample,
)
from chinatrade.errors import InputDataError

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
    if full["between"] is not None:
        return [(ALL_ROWS, _between_units(rows, full))]
    if full["by"] is None:
        return [(ALL_ROWS, rows)]
    return [
        (_by_label(value), group)
        for value, group in rows.groupby(full["by"], sort=True, dropna=True)
    ]


def _between_units(rows: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """One row per unit of ``between``: the mean of the model's columns over the unit's rows
    that have all of them (so every mean covers the same rows), and ``n_rows_averaged``."""
    unit = spec["between"]
    numeric = _averaged_columns(spec)
    complete = rows.dropna(subset=[unit, *numeric])
    grouped = complete.groupby(unit, sort=True)
    units = grouped[numeric].mean(numeric_only=False).astype(float)
    units["n_rows_averaged"] = grouped.size()
    # a unit without one complete row stays, with missing values, so that the fit counts it
    # among the rows dropped for missing values rather than losing it unseen
    every_unit = sorted(rows[unit].dropna().unique())
    units = units.reindex(pd.Index(every_unit, name=unit))
    units["n_rows_averaged"] = units["n_rows_averaged"].fillna(0).astype(int)
    return units.reset_index()


def _averaged_columns(spec: dict) -> list[str]:
    """The columns a ``between`` model averages over each unit's rows."""
    numeric = [spec["outcome"], *spec["regressors"], *spec["controls"]]
    return [*numeric, spec["weights"]] if spec["weights"] else numeric


def estimated_rows(data: pd.DataFrame, spec_id: str, spec: Mapping) -> pd.DataFrame:
    """The dataset's rows whose values the spec's models use, with all their columns: in the
    sample, with a ``by`` value if there is a ``by``, with every model column present and a
    positive weight; with ``between``, the rows that the units' means average. What the texts
    of a model say it covers (its years, chinatrade/analysis/regress/caption.py) is read here.
    """
    check_spec(spec_id, spec, data.columns)
    full = _full(spec)
    rows = data.loc[_sample_mask(data, full["sample"])]
    if full["by"] is not None:
        rows = rows[rows[full["by"]].notna()]
    if full["between"] is not None:
        needed = [full["between"], *_averaged_columns(full)]
    else:
        needed = _model_columns(full)
    rows = rows.dropna(subset=needed)
    if full["weights"]:
        rows = rows[rows[full["weights"]].astype(float) > 0]
    return rows


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
    # statsmodels loads here, not with the module: the report reads labels and tables from this
    # package and needs no estimator (about 1.5 s of import in each of its kernels)
    import statsmodels.formula.api as smf
    from statsmodels.tools.sm_exceptions import SingularMatrixWarning

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
    stats["hypothesis"] = _hypothesis(spec, coefficients, complete, stats)
    return coefficients, stats


def _hypothesis(spec: dict, coefficients: list[dict], complete: pd.DataFrame, stats: dict):
    """The hypothesis row of one model (``power.HYPOTHESIS_COLUMNS``), or None without one."""
    hypothesis = spec["hypothesis"]
    if not hypothesis:
        return None
    term = hypothesis["term"]
    row = next(r for r in coefficients if r["term"] == term)
    outcome_sd = power.sample_sd(complete[spec["outcome"]]) if len(complete) else math.nan
    term_sd = power.sample_sd(complete[term]) if len(complete) else math.nan
    return {
        "spec_id": row["spec_id"],
        "by_value": row["by_value"],
        "term": term,
        "predicted_sign": hypothesis["predicted_sign"],
        "estimate": row["estimate"],
        "ci_low": row["ci_low"],
        "ci_high": row["ci_high"],
        "std_error": row["std_error"],
        "inference_df": stats["inference_df"],
        "n_obs": stats["n_obs"],
        "outcome_sd": outcome_sd,
        "term_sd": term_sd,
        "plausible_effect_sd": float(hypothesis["plausible_effect_sd"]),
    } | power.assess_hypothesis(
        row["estimate"],
        row["std_error"],
        row["ci_low"],
        row["ci_high"],
        stats["inference_df"],
        outcome_sd,
        term_sd,
        hypothesis["predicted_sign"],
        float(hypothesis["plausible_effect_sd"]),
    )


def fit(data: pd.DataFrame, spec_id: str, spec: Mapping) -> dict[str, pd.DataFrame]:
    """Estimate the spec's model (one per ``by`` value) on ``data``.

    Returns three tables:

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
      (comma-joined names, empty if none), ``sample`` (the filter in words), ``dataset``;
    * ``hypothesis``: with a ``hypothesis`` in the spec, one row per model: the predicted sign,
      the estimate with its 95% interval, the plausible effect, the minimum detectable effect
      at 80% power, the power against the plausible effect and the reading
      (:mod:`chinatrade.analysis.regress.power`); no rows without one.

    With ``between: <unit>`` the model is fitted on one row per unit, the mean of the unit's
    complete rows in the sample (a between-units cross-section).
    """
    groups = estimation_groups(data, spec_id, spec)
    full = _full(spec)
    n_missing_by = 0
    if full["by"] is not None:
        n_missing_by = int(data.loc[_sample_mask(data, full["sample"]), full["by"]].isna().sum())
    coefficient_rows, stat_rows = [], []
    hypothesis_rows = []
    for by_value, rows in groups:
        coefficients, stats = _fit_group(spec_id, by_value, rows, full, n_missing_by)
        hypothesis = stats.pop("hypothesis", None)
        if full["hypothesis"] and hypothesis is None:  # the model could not be estimated
            hypothesis = _hypothesis(full, coefficients, rows.iloc[:0], stats)
        if hypothesis is not None:
            hypothesis_rows.append(hypothesis)
        coefficient_rows += coefficients
        stat_rows.append(stats)
    coefficients = pd.DataFrame(coefficient_rows, columns=COEFFICIENT_COLUMNS)
    fit_stats = pd.DataFrame(stat_rows, columns=FIT_STATS_COLUMNS)
    for name in ("n_rows_in_sample", "n_dropped_missing", "n_dropped_zero_weight", "n_obs"):
        fit_stats[name] = fit_stats[name].astype(int)
    fit_stats["n_excluded_missing_by"] = fit_stats["n_excluded_missing_by"].astype(int)
    hypothesis = pd.DataFrame(hypothesis_rows, columns=power.HYPOTHESIS_COLUMNS)
    return {"coefficients": coefficients, "fit_stats": fit_stats, "hypothesis": hypothesis}
