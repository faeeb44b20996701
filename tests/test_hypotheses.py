"""The regressions' verdicts in words: one rule per mechanism, sentences from the numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade import hypotheses, i18n
from chinatrade.analysis import regress


@pytest.mark.parametrize(
    ("readings", "verdict"),
    [
        (["consistent"], hypotheses.SUPPORTED),
        (["consistent", "uninformative"], hypotheses.SUPPORTED),
        (["consistent", "opposite"], hypotheses.NOT_SUPPORTED),
        (["uninformative", "no_plausible_effect"], hypotheses.NOT_SUPPORTED),
        (["uninformative", "uninformative"], hypotheses.NOT_TESTABLE),
        (["uninformative", "not estimated"], hypotheses.NOT_TESTABLE),
    ],
)
def test_mechanism_verdict_rule(readings, verdict):
    assert hypotheses.mechanism_verdict(readings) == verdict


def test_a_mechanism_without_models_is_an_error():
    with pytest.raises(ValueError, match="at least one main model"):
        hypotheses.mechanism_verdict([])


def hypothesis_row(**changes) -> pd.DataFrame:
    row = {
        "spec_id": "m",
        "by_value": "all",
        "term": "x",
        "predicted_sign": "positive",
        "estimate": 152345.6,
        "ci_low": -20000.0,
        "ci_high": 324691.2,
        "std_error": 82000.0,
        "inference_df": 21.0,
        "n_obs": 23,
        "outcome_sd": 50000.0,
        "term_sd": 0.08,
        "plausible_effect_sd": 0.5,
        "plausible_effect": 312500.0,
        "mde_80": 241000.0,
        "mde_80_sd": 0.39,
        "power_at_plausible": 0.93,
        "reading": "uninformative",
    }
    return pd.DataFrame([row | changes], columns=regress.HYPOTHESIS_COLUMNS)


def test_model_reading_states_sign_interval_power_and_reading():
    text = hypotheses.model_reading(hypothesis_row(), "import content")
    assert "predicts a positive coefficient on import content" in text
    assert "Estimate 152,346 (95% interval -20,000 to 324,691; N = 23)" in text
    assert "cannot tell whether the hypothesis holds" in text
    assert "power is 93%" in text and "241,000 or more (0.39 s.d." in text


def test_model_reading_in_chinese_has_no_english_sentence():
    i18n.set_language("zh")
    try:
        text = hypotheses.model_reading(hypothesis_row(reading="consistent"), "进口含量")
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)
    assert "研究预测进口含量的系数为正" in text and "interval" not in text


def test_mechanism_paragraph_names_verdict_and_each_model():
    text = hypotheses.mechanism_paragraph(
        "Processing",
        "industries tied to processing run larger surpluses",
        [("Main test", hypothesis_row(reading="consistent")), ("Second", hypothesis_row())],
    )
    assert "verdict: **supported**" in text
    assert "Main test: estimate 152,346" in text and "Second: " in text
