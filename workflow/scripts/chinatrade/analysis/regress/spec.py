"""A regression spec checked (keys, standard errors, figure) and its sample described."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping

import numpy as np

REQUIRED_KEYS = ("dataset", "outcome", "regressors", "se", "figure", "title")
OPTIONAL_KEYS = {
    "controls": [],
    "fixed_effects": [],
    "sample": {},
    "by": None,
    "weights": None,
    "note": None,
    "labels": {},
    "between": None,
    "hypothesis": None,
}
SE_TYPES = ("nonrobust", "HC1", "cluster")
FIGURES = ("scatter", "coefficients")
PREDICTED_SIGNS = ("positive", "negative")
ALL_ROWS = "all"


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
    for key in ("by", "weights", "between"):
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

    _check_between(where, spec, se)
    _check_hypothesis(where, spec)
    if spec["figure"] not in FIGURES:
        raise ValueError(f"{where}.figure must be one of {FIGURES}, got {spec['figure']!r}")
    labels = spec.get("labels") or {}
    if not isinstance(labels, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
    ):
        raise ValueError(f"{where}.labels must map column names to texts, got {labels!r}")


def _check_between(where: str, spec: Mapping, se: Mapping) -> None:
    """``between: <unit column>``: one row per unit (the mean of its rows in the sample), so the
    model compares units with each other (a cross-section), not a unit with itself over time.
    A cross-section has no time dimension left for ``by``, fixed effects or clusters."""
    if spec.get("between") is None:
        return
    for key in ("by", "fixed_effects"):
        if spec.get(key):
            raise ValueError(
                f"{where}.between: a between-units model averages each unit's rows, so it "
                f"cannot also have '{key}'"
            )
    if se["type"] == "cluster":
        raise ValueError(f"{where}.between: one row per unit leaves no clusters; use se type HC1")


def _check_hypothesis(where: str, spec: Mapping) -> None:
    """``hypothesis: {term, predicted_sign, plausible_effect_sd}``: the coefficient the
    study's hypothesis is about, the sign it predicts, and the size of effect the data should
    be able to detect, in standard deviations of the outcome per standard deviation of the
    term (0.5: one s.d. more of the term goes with half an s.d. more of the outcome)."""
    hypothesis = spec.get("hypothesis")
    if hypothesis is None:
        return
    if not isinstance(hypothesis, Mapping):
        raise ValueError(f"{where}.hypothesis must be a mapping, got {hypothesis!r}")
    allowed = {"term", "predicted_sign", "plausible_effect_sd"}
    unknown = sorted(set(hypothesis) - allowed)
    if unknown:
        raise ValueError(
            f"{where}.hypothesis.{unknown[0]}: unknown key (allowed: {sorted(allowed)})"
        )
    missing = sorted(allowed - set(hypothesis))
    if missing:
        raise ValueError(f"{where}.hypothesis.{missing[0]} is missing")
    if hypothesis["term"] not in spec["regressors"]:
        raise ValueError(
            f"{where}.hypothesis.term: {hypothesis['term']!r} is not one of the regressors "
            f"{list(spec['regressors'])}"
        )
    if hypothesis["predicted_sign"] not in PREDICTED_SIGNS:
        raise ValueError(
            f"{where}.hypothesis.predicted_sign must be one of {PREDICTED_SIGNS}, "
            f"got {hypothesis['predicted_sign']!r}"
        )
    size = hypothesis["plausible_effect_sd"]
    if not isinstance(size, numbers.Real) or isinstance(size, bool) or not size > 0:
        raise ValueError(
            f"{where}.hypothesis.plausible_effect_sd must be a positive number, got {size!r}"
        )


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
