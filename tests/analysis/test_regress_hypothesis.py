"""Regression specs that test a hypothesis: between-units models, predicted sign, minimum
detectable effect and power, and the reading that follows from the interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chinatrade.analysis import regress
from chinatrade.analysis.regress import power


def synthetic_panel() -> pd.DataFrame:
    """Synthetic: 6 industries x 4 years. Across industries the mean outcome is exactly
    1 + 2 x mean term; within each industry the outcome falls as the term rises (slope -1)."""
    rows = []
    for unit in range(6):
        for year, shift in zip(range(2000, 2004), (-1.5, -0.5, 0.5, 1.5), strict=True):
            term = unit + 0.1 * shift
            rows.append(
                {"industry": f"I{unit}", "year": year, "x": term, "y": 1 + 2 * unit - 0.1 * shift}
            )
    return pd.DataFrame(rows)


BETWEEN = {
    "dataset": "synthetic",
    "outcome": "y",
    "regressors": ["x"],
    "between": "industry",
    "se": {"type": "HC1"},
    "figure": "scatter",
    "title": "synthetic",
    "hypothesis": {"term": "x", "predicted_sign": "positive", "plausible_effect_sd": 0.5},
}


def test_between_model_compares_units_not_years():
    results = regress.fit(synthetic_panel(), "between", BETWEEN)
    coefficient = results["coefficients"].set_index("term").loc["x"]
    # industry means: x = unit, y = 1 + 2 unit -> slope exactly 2, though every within-industry
    # slope is -1
    assert coefficient["estimate"] == pytest.approx(2.0)
    assert results["fit_stats"].loc[0, "n_obs"] == 6
    within = regress.fit(
        synthetic_panel(),
        "within",
        {k: v for k, v in BETWEEN.items() if k not in ("between", "hypothesis")}
        | {"fixed_effects": ["industry"], "se": {"type": "cluster", "cluster": "industry"}},
    )
    assert within["coefficients"].loc[0, "estimate"] == pytest.approx(-1.0)


def test_hypothesis_row_states_sign_interval_and_reading():
    data = synthetic_panel()
    data["y"] = data["y"] + np.tile([0.3, -0.2, 0.1, -0.2], 6)  # a little noise in the means
    table = regress.fit(data, "between", BETWEEN)["hypothesis"]
    assert list(table.columns) == regress.HYPOTHESIS_COLUMNS
    row = table.iloc[0]
    assert row["predicted_sign"] == "positive" and row["n_obs"] == 6
    assert row["ci_low"] > 0 and row["reading"] == "consistent"
    # the plausible effect is 0.5 s.d. of y per s.d. of x in the 6 industry means
    assert row["plausible_effect"] == pytest.approx(0.5 * row["outcome_sd"] / row["term_sd"])
    assert row["mde_80"] == pytest.approx(power.minimum_detectable_effect(row["std_error"], 4))


def test_minimum_detectable_effect_and_power_agree():
    # large df: the normal-theory factor 1.960 + 0.842 = 2.802 standard errors
    assert power.minimum_detectable_effect(1.0, 1e7) == pytest.approx(2.8016, abs=1e-3)
    # small samples need more: t(10) gives 2.228 + 0.879
    assert power.minimum_detectable_effect(1.0, 10) == pytest.approx(3.107, abs=1e-3)
    for df in (5, 20, 200):
        mde = power.minimum_detectable_effect(0.7, df)
        assert power.power_against(mde, 0.7, df) == pytest.approx(0.80, abs=0.01)
    assert power.power_against(0.0, 1.0, 50) == pytest.approx(0.05, abs=1e-6)


@pytest.mark.parametrize(
    ("interval", "sign", "plausible", "expected"),
    [
        ((0.2, 1.0), "positive", 0.5, "consistent"),
        ((-1.0, -0.2), "positive", 0.5, "opposite"),
        ((-1.0, -0.2), "negative", -0.5, "consistent"),
        ((-0.1, 0.3), "positive", 0.5, "no_plausible_effect"),
        ((-0.1, 0.9), "positive", 0.5, "uninformative"),
        ((-0.3, 0.1), "negative", -0.5, "no_plausible_effect"),
        ((-0.9, 0.1), "negative", -0.5, "uninformative"),
    ],
)
def test_reading_follows_the_interval(interval, sign, plausible, expected):
    assert power.reading(*interval, sign, plausible) == expected


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fixed_effects": ["year"]}, r"between: .* cannot also have 'fixed_effects'"),
        ({"se": {"type": "cluster", "cluster": "year"}}, r"between: one row per unit"),
        (
            {"hypothesis": {"term": "y", "predicted_sign": "positive", "plausible_effect_sd": 1}},
            r"hypothesis.term: 'y' is not one of the regressors",
        ),
        (
            {"hypothesis": {"term": "x", "predicted_sign": "up", "plausible_effect_sd": 1}},
            r"hypothesis.predicted_sign must be one of",
        ),
        (
            {"hypothesis": {"term": "x", "predicted_sign": "positive", "plausible_effect_sd": 0}},
            r"plausible_effect_sd must be a positive number",
        ),
        (
            {"hypothesis": {"term": "x", "predicted_sign": "positive"}},
            r"hypothesis.plausible_effect_sd is missing",
        ),
    ],
)
def test_malformed_hypothesis_or_between_is_refused(change, message):
    with pytest.raises(ValueError, match=message):
        regress.check_spec("bad", BETWEEN | change, synthetic_panel().columns)


def test_a_unit_without_complete_rows_is_counted_as_dropped():
    data = synthetic_panel()
    data.loc[data["industry"] == "I5", "x"] = float("nan")
    fit_stats = regress.fit(data, "between", BETWEEN)["fit_stats"].iloc[0]
    assert fit_stats["n_obs"] == 5 and fit_stats["n_dropped_missing"] == 1
