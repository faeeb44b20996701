"""What a model says about the study's hypothesis: the sign it predicts, the estimate with its
95% interval, and whether the data could have detected an effect of plausible size.

The plausible effect is stated in the spec in standardised units (``plausible_effect_sd``: s.d.
of the outcome per s.d. of the term, in the model's estimation sample) and converted to the
coefficient's units. Two numbers say how informative the model is:

* the minimum detectable effect at 80% power in a two-sided 5% test,
  ``(t_{0.975, df} + t_{0.80, df}) x SE`` (Bloom 1995), in the coefficient's units;
* the power of that test against the plausible effect, from the noncentral t distribution
  with noncentrality ``plausible effect / SE``.

The reading follows from the interval alone, so that it cannot overclaim:

* ``consistent``: the interval excludes zero on the predicted side (an association with the
  predicted sign, not a causal effect);
* ``opposite``: the interval excludes zero on the other side;
* ``no_plausible_effect``: the interval contains zero and excludes the plausible effect, so the
  data rule out an effect of that size in the predicted direction;
* ``uninformative``: the interval contains both zero and the plausible effect.
"""

from __future__ import annotations

import math

import numpy as np

READINGS = ("consistent", "opposite", "no_plausible_effect", "uninformative")
HYPOTHESIS_COLUMNS = [
    "spec_id",
    "by_value",
    "term",
    "predicted_sign",
    "estimate",
    "ci_low",
    "ci_high",
    "std_error",
    "inference_df",
    "n_obs",
    "outcome_sd",
    "term_sd",
    "plausible_effect_sd",
    "plausible_effect",
    "mde_80",
    "mde_80_sd",
    "power_at_plausible",
    "reading",
]
POWER = 0.80
ALPHA = 0.05


def minimum_detectable_effect(std_error: float, df: float, power: float = POWER) -> float:
    """The smallest true coefficient a two-sided test at 5% detects with the given power."""
    from scipy import stats  # here, not at import: the report reads READINGS, not the tests

    return (stats.t.ppf(1 - ALPHA / 2, df) + stats.t.ppf(power, df)) * std_error


def power_against(effect: float, std_error: float, df: float) -> float:
    """Probability that a two-sided 5% t test rejects zero when the true coefficient is
    ``effect`` (noncentral t with noncentrality effect / SE)."""
    from scipy import stats

    critical = stats.t.ppf(1 - ALPHA / 2, df)
    noncentrality = abs(effect) / std_error
    return float(
        stats.nct.sf(critical, df, noncentrality) + stats.nct.cdf(-critical, df, noncentrality)
    )


def reading(ci_low: float, ci_high: float, predicted_sign: str, plausible_effect: float) -> str:
    """One of READINGS, from the 95% interval (see the module docstring)."""
    sign = 1.0 if predicted_sign == "positive" else -1.0
    low, high = sorted((sign * ci_low, sign * ci_high))  # predicted direction made positive
    if low > 0:
        return "consistent"
    if high < 0:
        return "opposite"
    if high < abs(plausible_effect):
        return "no_plausible_effect"
    return "uninformative"


def assess_hypothesis(
    estimate: float,
    std_error: float,
    ci_low: float,
    ci_high: float,
    df: float,
    outcome_sd: float,
    term_sd: float,
    predicted_sign: str,
    plausible_effect_sd: float,
) -> dict:
    """The hypothesis columns of one model (HYPOTHESIS_COLUMNS without the identifiers)."""
    sign = 1.0 if predicted_sign == "positive" else -1.0
    usable = (
        all(math.isfinite(v) for v in (estimate, std_error, df, outcome_sd, term_sd))
        and min(std_error, term_sd, outcome_sd, df) > 0
    )
    if not usable:
        return {
            "plausible_effect": math.nan,
            "mde_80": math.nan,
            "mde_80_sd": math.nan,
            "power_at_plausible": math.nan,
            "reading": "not estimated",
        }
    plausible = sign * plausible_effect_sd * outcome_sd / term_sd
    mde = minimum_detectable_effect(std_error, df)
    return {
        "plausible_effect": float(plausible),
        "mde_80": float(mde),
        "mde_80_sd": float(mde * term_sd / outcome_sd),
        "power_at_plausible": power_against(plausible, std_error, df),
        "reading": reading(ci_low, ci_high, predicted_sign, plausible),
    }


def sample_sd(values) -> float:
    """Standard deviation (ddof 1) of a model column in its estimation sample."""
    array = np.asarray(values, dtype=float)
    return float(np.std(array, ddof=1)) if len(array) > 1 else math.nan
