"""The replication table: every claim of the study beside our value and a verdict.

Each exhibit module's ``claims()`` gives our value for its claim ids (or NaN with what data
would be needed); this module joins them to the study's claims and decides the verdict:

- ``reproduced``: numeric claims within the tolerance of config ``replication``; statements
  (a boolean, "below 20", "above 30") that hold in our data;
- ``differs``: outside the tolerance, or a statement that does not hold; the exhibit's
  explanation says why (definition, vintage, reporter side, an error in the study);
- ``not computable``: no public data for it; the explanation says what data would be needed.
"""

from __future__ import annotations

import math

import pandas as pd

from chinatrade.i18n import Message, render, to_json

CLAIM_COLUMNS = [
    "claim_id",
    "our_value",
    "our_text",
    "satisfied",
    "unit",
    "source",
    "reporter_side",
    "vintage",
    "definition",
    "explanation",
]
VERDICTS = ("reproduced", "differs", "not computable")
# the texts of a claim shown in the reader's language: each has its message (JSON, see
# chinatrade.i18n) in the column named here, from which the report renders it
MESSAGE_COLUMNS = {"our_text": "our_text_message", "explanation": "explanation_message"}


def claim_row(claim_id: str, empty: object = "", **fields: object) -> dict:
    """One row of an exhibit's claims table: ``claim_id``, ``satisfied`` None (a number, not
    a statement) unless given, the ``fields`` given, and ``empty`` in every other column."""
    row = dict.fromkeys(CLAIM_COLUMNS, empty)
    row.update(claim_id=claim_id, satisfied=None)
    row.update(fields)
    return row


def check_claims(claims: pd.DataFrame, exhibit: str) -> pd.DataFrame:
    """An exhibit's claims table has the agreed columns and one row per claim id; the
    messages of its texts (:data:`MESSAGE_COLUMNS`) follow ``computed_in``."""
    missing = [c for c in CLAIM_COLUMNS if c not in claims.columns]
    if missing:
        raise ValueError(f"exhibit {exhibit}: claims() lacks columns {missing}")
    repeated = claims["claim_id"][claims["claim_id"].duplicated()]
    if not repeated.empty:
        raise ValueError(f"exhibit {exhibit}: claim {repeated.iloc[0]} given twice")
    checked = claims[CLAIM_COLUMNS].assign(computed_in=exhibit)
    for column in CLAIM_COLUMNS:
        if column not in MESSAGE_COLUMNS and any(isinstance(v, Message) for v in checked[column]):
            raise ValueError(
                f"exhibit {exhibit}: column {column!r} holds translated text; only "
                f"{list(MESSAGE_COLUMNS)} are shown in the reader's language"
            )
    messages = {
        message: [to_json(v) if isinstance(v, str) and v else None for v in checked[column]]
        for column, message in MESSAGE_COLUMNS.items()
    }
    return checked.assign(**messages)


def rendered(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """``table`` (claims or the replication table) with its texts in ``language``, rendered
    from their messages (a row or a table without a message keeps its text)."""
    texts = {}
    for column, message in MESSAGE_COLUMNS.items():
        if message not in table.columns:
            continue
        texts[column] = [
            render(m, language) if isinstance(m, str) and m else text
            for text, m in zip(table[column], table[message], strict=True)
        ]
    return table.assign(**texts)


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def verdict(study_value, row: pd.Series, tolerance: dict) -> tuple[str, float, float]:
    """The verdict for one claim, with the absolute and relative (%) difference."""
    study = _number(study_value)
    ours = _number(row["our_value"])
    satisfied = row["satisfied"]
    if isinstance(satisfied, str):
        satisfied = {"true": True, "false": False}.get(satisfied.lower())
    has_statement = satisfied is not None and not (
        isinstance(satisfied, float) and math.isnan(satisfied)
    )
    if study is not None and ours is not None:
        difference = ours - study
        relative = 100 * difference / abs(study) if study else math.nan
        absolute_tolerance = tolerance.get("absolute_by_unit", {}).get(row["unit"])
        if absolute_tolerance is not None:
            close = abs(difference) <= absolute_tolerance
        else:
            close = abs(relative) <= tolerance["relative_pct"]
        return ("reproduced" if close else "differs"), difference, relative
    if has_statement:
        return ("reproduced" if bool(satisfied) else "differs"), math.nan, math.nan
    return "not computable", math.nan, math.nan


def build(study_claims: pd.DataFrame, ours: pd.DataFrame, tolerance: dict) -> pd.DataFrame:
    """One row per study claim id; every id must have our row (none may go missing)."""
    missing = sorted(set(study_claims["id"]) - set(ours["claim_id"]))
    if missing:
        raise ValueError(f"no exhibit gives a value for claim(s) {missing}")
    unknown = sorted(set(ours["claim_id"]) - set(study_claims["id"]))
    if unknown:
        raise ValueError(f"claims {unknown} are not in the study's claims file")
    lacking = [m for m in MESSAGE_COLUMNS.values() if m not in ours.columns]
    if lacking:
        raise ValueError(f"our claims lack the message columns {lacking} (see check_claims)")
    ours = ours.rename(columns={"unit": "our_unit"})
    merged = study_claims.merge(ours, left_on="id", right_on="claim_id", how="left")
    wrong_unit = merged[merged["our_unit"] != merged["unit"]]
    if not wrong_unit.empty:
        first = wrong_unit.iloc[0]
        raise ValueError(
            f"claim {first['id']}: our value is in '{first['our_unit']}', the study's in "
            f"'{first['unit']}'; state ours in the study's unit"
        )
    rows = []
    for row in merged.itertuples(index=False):
        series = pd.Series(row._asdict())
        decided, difference, relative = verdict(row.paper_value, series, tolerance)
        rows.append(
            {
                "claim_id": row.id,
                "exhibit": row.exhibit,
                "computed_in": getattr(row, "computed_in", ""),
                "claim": row.claim,
                "year": row.year,
                "unit": row.unit,
                "study_value": row.paper_value,
                "our_value": row.our_value,
                "our_text": row.our_text,
                "abs_difference": difference,
                "rel_difference_pct": relative,
                "verdict": decided,
                "explanation": row.explanation,
                "source": row.source,
                "reporter_side": row.reporter_side,
                "vintage": row.vintage,
                "definition": row.definition,
                **{message: getattr(row, message) for message in MESSAGE_COLUMNS.values()},
            }
        )
    return pd.DataFrame(rows)
