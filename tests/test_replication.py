"""Verdicts of the replication table on claims whose answers are known by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chinatrade import replication

TOLERANCE = {"relative_pct": 5.0, "absolute_by_unit": {"year": 0}}


def study():
    return pd.DataFrame(
        {
            "id": ["A1", "A2", "A3", "A4", "A5", "A6"],
            "exhibit": ["F1"] * 6,
            "claim": ["growth", "growth", "first year", "statement", "below", "no data"],
            "paper_value": ["13.4", "14.9", "1983", "true", "below 20", "62"],
            "unit": ["percent", "percent", "year", "boolean", "percent", "percent"],
            "year": ["2000-2019"] * 6,
        }
    )


def ours(**changes):
    rows = {
        "A1": (13.0, "", None),  # 3% off: within 5%
        "A2": (19.7, "", None),  # 32% off
        "A3": (1984.0, "", None),  # a year: must match exactly
        "A4": (math.nan, "false: sections 16 and 20 changed sign", False),
        "A5": (math.nan, "below 20: 16.3", True),
        "A6": (math.nan, "", None),
    }
    rows.update(changes)
    units = dict(zip(study()["id"], study()["unit"], strict=True))
    return pd.DataFrame(
        [
            {
                "claim_id": claim_id,
                "our_value": value,
                "our_text": text,
                "satisfied": satisfied,
                "unit": units[claim_id],
                "source": "test",
                "reporter_side": "own",
                "vintage": "",
                "definition": "",
                "explanation": "why",
            }
            for claim_id, (value, text, satisfied) in rows.items()
        ]
    )


def test_verdicts():
    table = replication.build(study(), ours(), TOLERANCE).set_index("claim_id")
    assert table.loc["A1", "verdict"] == "reproduced"
    assert table.loc["A1", "rel_difference_pct"] == pytest.approx(100 * (13.0 - 13.4) / 13.4)
    assert table.loc["A2", "verdict"] == "differs"
    assert table.loc["A3", "verdict"] == "differs"  # 1984 is not 1983
    assert table.loc["A4", "verdict"] == "differs"
    assert table.loc["A5", "verdict"] == "reproduced"
    assert table.loc["A6", "verdict"] == "not computable"
    assert set(table["verdict"]) <= set(replication.VERDICTS)


def test_a_missing_claim_is_an_error():
    with pytest.raises(ValueError, match=r"no exhibit gives a value for claim\(s\) \['A6'\]"):
        replication.build(study(), ours().iloc[:5], TOLERANCE)


def test_a_value_in_another_unit_is_an_error():
    wrong = ours()
    wrong.loc[wrong.claim_id == "A1", "unit"] = "billion USD"
    with pytest.raises(ValueError, match="claim A1: our value is in 'billion USD'"):
        replication.build(study(), wrong, TOLERANCE)


def test_check_claims_requires_the_columns():
    with pytest.raises(ValueError, match="lacks columns"):
        replication.check_claims(ours().drop(columns=["explanation"]), "f1")
