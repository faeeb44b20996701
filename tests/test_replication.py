"""Verdicts of the replication table on claims whose answers are known by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chinatrade import i18n, replication

TOLERANCE = {"relative_pct": 5.0, "about_pct": 10.0, "year_margin": 0}
# the kind of each synthetic claim (the replication reads it from claim_kinds.csv)
KINDS = pd.DataFrame(
    {
        "claim_id": ["A1", "A2", "A3", "A4", "A5", "A6"],
        "claim_of": ["study"] * 6,
        "kind": ["exact", "exact", "year", "statement", "threshold", "exact"],
        "words_zh": ["", "", "", "", "不到 20%", ""],
        "words_en": ["", "", "", "", "below 20", ""],
    }
)


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
        "A5": (16.3, "below 20: 16.3", True),
        "A6": (math.nan, "", None),
    }
    rows.update(changes)
    units = dict(zip(study()["id"], study()["unit"], strict=True))
    margins = {"A5": 3.7}
    return claims_table(
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
                "margin": margins.get(claim_id, math.nan),
            }
            for claim_id, (value, text, satisfied) in rows.items()
        ]
    )


def claims_table(rows: list[dict]) -> pd.DataFrame:
    """Claim rows as an exhibit's claims file holds them (with the texts' messages)."""
    return replication.check_claims(pd.DataFrame(rows), "F1")


def test_verdicts():
    table = replication.build(study(), ours(), TOLERANCE, KINDS).set_index("claim_id")
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
        replication.build(study(), ours().iloc[:5], TOLERANCE, KINDS)


def test_a_value_in_another_unit_is_an_error():
    wrong = ours()
    wrong.loc[wrong.claim_id == "A1", "unit"] = "billion USD"
    with pytest.raises(ValueError, match="claim A1: our value is in 'billion USD'"):
        replication.build(study(), wrong, TOLERANCE, KINDS)


def test_check_claims_requires_the_columns():
    with pytest.raises(ValueError, match="lacks columns"):
        replication.check_claims(ours().drop(columns=["explanation"]), "f1")


def test_check_claims_stores_each_text_with_its_message():
    checked = ours()
    assert list(checked.columns) == [
        *replication.CLAIM_COLUMNS,
        *replication.OPTIONAL_CLAIM_COLUMNS,
        "computed_in",
        "our_text_message",
        "explanation_message",
        "missing_message",
    ]
    # a text made outside i18n.capture is a literal; an empty text has no message
    assert checked.loc[3, "our_text_message"] == '"false: sections 16 and 20 changed sign"'
    assert checked.loc[0, "our_text_message"] is None
    assert replication.rendered(checked, "zh").equals(checked)


def test_the_replication_table_keeps_the_messages_and_renders_in_a_language(tmp_path):
    with i18n.capture():
        text = i18n.tr("not computable")
        why = i18n.join_sentences(i18n.tr("none"), i18n.tr("n/a"))
    claims = ours(A6=(math.nan, text, None)).assign(explanation=why)
    columns = [*replication.CLAIM_COLUMNS, *replication.OPTIONAL_CLAIM_COLUMNS]
    claims = replication.check_claims(claims[columns], "F1")
    path = tmp_path / "claims.csv"
    claims.to_csv(path, index=False)  # the table is built from the claims files
    table = replication.build(study(), pd.read_csv(path), TOLERANCE, KINDS)
    assert table.loc[5, "our_text"] == "not computable"
    assert table.loc[5, "explanation"] == "none n/a"
    with i18n.language("zh"):
        expected = (i18n.tr("not computable"), i18n.join_sentences(i18n.tr("none"), i18n.tr("n/a")))
    shown = replication.rendered(table, "zh")
    assert (shown.loc[5, "our_text"], shown.loc[5, "explanation"]) == expected
    assert shown.loc[0, "our_text"] != shown.loc[0, "our_text"]  # no text: stays missing (NaN)


def test_claims_must_bring_their_messages():
    with pytest.raises(ValueError, match="lack the message columns"):
        replication.build(study(), ours().drop(columns=["explanation_message"]), TOLERANCE, KINDS)


def test_a_translated_text_outside_the_message_columns_is_an_error():
    with i18n.capture():
        source = i18n.tr("none")
    with pytest.raises(ValueError, match="column 'source' holds translated text"):
        replication.check_claims(ours().iloc[:, :10].assign(source=source), "F1")
