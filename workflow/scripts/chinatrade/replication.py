"""The replication table: every claim of the study beside our value and a verdict.

Each exhibit module's ``claims()`` gives our value for its claim ids (or NaN with what data
would be needed); this module joins them to the study's claims and to the kind of each claim,
read from data (config ``replication.claim_kinds``, ``workflow/resources/claim_kinds.csv``:
claim id, whether the study or a news piece makes it, its kind and the words that make it
so). One rule per kind decides the verdict (:func:`judge`); :func:`rule_text` states the same
rule, with the tolerances of config ``replication``, and the table carries that statement in
every row, so that the report states the rules from the numbers the verdicts used.

Kinds (:data:`KINDS`): an exact figure; a figure the study calls approximate ("about",
左右, 近, 约); a threshold ("below 20", "more than 30", a first year of a surplus); a statement
(a sign, "no section changed sign"); a year; a commitment or target (not a measurement).

Verdicts (:data:`VERDICTS`): ``reproduced``; ``differs`` (the exhibit's explanation says why:
definition, vintage, reporter side, an error in the study); ``partly computable`` (our data
cover only part of what the claim needs; column ``missing`` names the rest); ``not
computable`` (no value; the explanation says what data would be needed); ``not a data claim``
(a commitment: no data can reproduce it).

Where a claim has several defensible definitions, the exhibit's value is the one the study
documents and column ``alternatives`` of its claims holds the others (:func:`alternatives`),
each judged here by the same rule and shown beside it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from chinatrade import i18n, validate
from chinatrade.errors import InputDataError
from chinatrade.i18n import Message, join_items, render, to_json, tr

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
# columns a claim may give, with their value when it does not: what part of the data the
# claim needs is missing (a text); for a threshold, the worst year's signed distance from the
# threshold (positive: the statement holds there) and its unit; other definitions' values
OPTIONAL_CLAIM_COLUMNS = {"missing": "", "margin": math.nan, "margin_unit": "", "alternatives": ""}
KINDS = ("exact", "about", "threshold", "statement", "year", "commitment")
CLAIM_OF = ("study", "news")
VERDICTS = ("reproduced", "differs", "partly computable", "not computable", "not a data claim")
KIND_COLUMNS = ["claim_id", "claim_of", "kind", "words_zh", "words_en"]
TOLERANCE_KEYS = ("relative_pct", "about_pct", "year_margin")
# the texts of a claim shown in the reader's language: each has its message (JSON, see
# chinatrade.i18n) in the column named here, from which the report renders it
MESSAGE_COLUMNS = {
    "our_text": "our_text_message",
    "explanation": "explanation_message",
    "missing": "missing_message",
}
# and those the replication table adds: the rule of the claim's kind, how it applied, and the
# other definitions judged by it
TABLE_MESSAGE_COLUMNS = {
    **MESSAGE_COLUMNS,
    "rule": "rule_message",
    "test": "test_message",
    "alternatives": "alternatives_message",
}
# the rule common to every kind, stated once (the report shows it under the kinds' rules)
COMMON_RULE = (
    "Every kind: not computable when our data give no value (the table names the data that "
    "would be needed); partly computable when our data cover only part of the years or data "
    "the claim needs (the table names what is missing): the value is shown but not judged, "
    "except that a threshold or statement that already fails where our data reach differs."
)


def claim_row(claim_id: str, empty: object = "", **fields: object) -> dict:
    """One row of an exhibit's claims table: ``claim_id``, ``satisfied`` None (a number, not
    a statement) unless given, the ``fields`` given, and ``empty`` in every other column."""
    row = dict.fromkeys(CLAIM_COLUMNS, empty)
    row.update(claim_id=claim_id, satisfied=None)
    row.update(fields)
    return row


def alternatives(pairs: Iterable[tuple[str, float]]) -> str:
    """Other definitions of a claim's value for its ``alternatives`` column: JSON of
    ``[label, value]`` pairs, each label kept as its message (made under ``i18n.capture``)."""
    kept = [
        [json.loads(to_json(label)), float(value)]
        for label, value in pairs
        if value is not None and not math.isnan(value)
    ]
    return json.dumps(kept, ensure_ascii=False) if kept else ""


def check_claims(claims: pd.DataFrame, exhibit: str) -> pd.DataFrame:
    """An exhibit's claims table has the agreed columns and one row per claim id; the
    optional columns are added where it lacks them; the messages of its texts
    (:data:`MESSAGE_COLUMNS`) follow ``computed_in``."""
    missing = [c for c in CLAIM_COLUMNS if c not in claims.columns]
    if missing:
        raise ValueError(f"exhibit {exhibit}: claims() lacks columns {missing}")
    repeated = claims["claim_id"][claims["claim_id"].duplicated()]
    if not repeated.empty:
        raise ValueError(f"exhibit {exhibit}: claim {repeated.iloc[0]} given twice")
    claims = claims.assign(
        **{c: default for c, default in OPTIONAL_CLAIM_COLUMNS.items() if c not in claims}
    )
    columns = [*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS]
    checked = claims[columns].assign(computed_in=exhibit)
    for column in columns:
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
    for column, message in TABLE_MESSAGE_COLUMNS.items():
        if message not in table.columns:
            continue
        texts[column] = [
            render(m, language) if isinstance(m, str) and m else text
            for text, m in zip(table[column], table[message], strict=True)
        ]
    return table.assign(**texts)


# ----------------------------------------------------------------------------- claim kinds


def read_kinds(path: str | Path, study_claims: pd.DataFrame) -> pd.DataFrame:
    """The kind of every claim (``claim_kinds.csv``): one row per id of the study's claims
    file, no more and no fewer; kinds and ``claim_of`` from the allowed values; an "about"
    or threshold claim names the study's words that make it so."""
    frame = validate.read_text_csv(path, KIND_COLUMNS)
    validate.allowed(frame, "kind", KINDS, path)
    validate.allowed(frame, "claim_of", CLAIM_OF, path)
    validate.unique_key(frame, ["claim_id"], path)
    worded = frame["kind"].isin(["about", "threshold"])
    for column in ("words_zh", "words_en"):
        blank = worded & (frame[column].str.strip() == "")
        if blank.any():
            index = blank.idxmax()
            raise InputDataError(
                path,
                f"claim {frame.at[index, 'claim_id']} is of kind "
                f"'{frame.at[index, 'kind']}': give the study's words that make it so",
                column=column,
                row=int(frame.at[index, validate.ROW]),
            )
    study_ids = set(study_claims["id"])
    unknown = frame[~frame["claim_id"].isin(study_ids)]
    if not unknown.empty:
        raise InputDataError(
            path,
            f"claim {unknown['claim_id'].iloc[0]} is not in the study's claims file",
            column="claim_id",
            row=int(unknown[validate.ROW].iloc[0]),
        )
    lacking = sorted(study_ids - set(frame["claim_id"]))
    if lacking:
        raise InputDataError(path, f"no kind for claim(s) {lacking}", column="claim_id")
    return frame.drop(columns=validate.ROW)


# ----------------------------------------------------------------------------- the rules


def _tolerances(tolerance: dict) -> dict:
    missing = [k for k in TOLERANCE_KEYS if k not in tolerance]
    if missing:
        raise ValueError(f"config 'replication' lacks {missing}")
    return {k: float(tolerance[k]) for k in TOLERANCE_KEYS}


def rule_text(kind: str, tolerance: dict) -> str:
    """The rule of ``kind``, stated with the tolerances :func:`judge` applies."""
    t = _tolerances(tolerance)
    if kind == "exact":
        return tr(
            "An exact figure is reproduced when ours lies within {pct:g}% of the study's "
            "value; further away, it differs.",
            pct=t["relative_pct"],
        )
    if kind == "about":
        return tr(
            "A figure the study calls approximate (左右, 近, 约: about, nearly) is reproduced "
            "when ours lies within {pct:g}% of it, the wider band its word allows; further "
            "away, it differs.",
            pct=t["about_pct"],
        )
    if kind == "threshold":
        return tr(
            'A threshold ("below 20", "more than 30", a surplus from a given year on) is '
            "reproduced when it holds in every year of the claim that our data cover, and "
            "differs when it fails in any of them; the margin is the worst year's distance "
            "from the threshold (negative: it fails)."
        )
    if kind == "statement":
        return tr(
            'A statement (a sign, "almost no section changed sign") is reproduced when it '
            "holds in our data and differs when it does not."
        )
    if kind == "year":
        if t["year_margin"] == 0:
            return tr("A year is reproduced when ours is the same year; otherwise it differs.")
        return tr(
            "A year is reproduced when ours is within {years:g} years of it; otherwise it differs.",
            years=t["year_margin"],
        )
    if kind == "commitment":
        return tr(
            "A commitment or target (a figure set by an agreement, not measured) is not a data "
            "claim: no data can reproduce it; the table says what the data show about it."
        )
    raise ValueError(f"claim kind {kind!r} is not one of {list(KINDS)}")


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _statement(satisfied) -> bool | None:
    """A claim's ``satisfied`` as read back from a CSV: True, False or None (no statement)."""
    if isinstance(satisfied, str):
        return {"true": True, "false": False}.get(satisfied.strip().lower())
    if satisfied is None or (isinstance(satisfied, float) and math.isnan(satisfied)):
        return None
    return bool(satisfied)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


class Judgement:
    """A verdict with the numbers behind it and a message saying how the rule applied."""

    def __init__(self, verdict: str, test: str, difference=math.nan, allowed=math.nan):
        self.verdict, self.test = verdict, test
        self.difference, self.allowed = difference, allowed


def judge(kind: str, study_value, claim: dict, tolerance: dict) -> Judgement:
    """The verdict for one claim by the rule of its ``kind``.

    ``claim`` holds our ``our_value``, ``satisfied``, ``missing`` (what part of the data the
    claim needs is missing), ``margin`` and ``margin_unit`` (thresholds). A claim whose
    fields do not fit its kind (a statement given for a figure) is an error."""
    t = _tolerances(tolerance)
    claim_id = claim.get("claim_id", "?")
    ours, satisfied = _number(claim.get("our_value")), _statement(claim.get("satisfied"))
    missing = _text(claim.get("missing"))
    if kind == "commitment":
        return Judgement("not a data claim", tr("a commitment, not a measurement"))
    if kind in ("threshold", "statement"):
        return _judge_statement(kind, claim_id, satisfied, ours, missing, claim)
    if satisfied is not None:
        raise ValueError(
            f"claim {claim_id}: a statement (satisfied = {satisfied}) for a claim of kind "
            f"'{kind}'; only thresholds and statements hold or fail"
        )
    study = _number(study_value)
    if study is None:
        raise ValueError(f"claim {claim_id}: the study's value {study_value!r} is no number")
    if ours is None:
        return Judgement("not computable", tr("our data give no value"))
    difference = ours - study
    if kind == "year":
        allowed = t["year_margin"]
    elif kind in ("exact", "about"):
        allowed = abs(study) * t["relative_pct" if kind == "exact" else "about_pct"] / 100
    else:
        raise ValueError(f"claim {claim_id}: kind {kind!r} is not one of {list(KINDS)}")
    fields = {"difference": abs(difference), "allowed": allowed}
    if missing:
        test = tr("off by {difference:.3g} over the part our data cover; not judged", **fields)
        return Judgement("partly computable", test, difference, allowed)
    # a tiny slack so that a value on the edge of the band is not lost to binary rounding
    close = abs(difference) <= allowed * (1 + 1e-9) + 1e-12
    if kind == "year":
        test = tr("{ours:.0f} against the study's {study:.0f}", ours=ours, study=study)
    elif close:
        test = tr("off by {difference:.3g}, within the {allowed:.3g} allowed", **fields)
    else:
        test = tr("off by {difference:.3g}, beyond the {allowed:.3g} allowed", **fields)
    return Judgement("reproduced" if close else "differs", test, difference, allowed)


def _judge_statement(kind, claim_id, satisfied, ours, missing, claim) -> Judgement:
    """A threshold or a statement: holds, fails, or holds where our data reach."""
    if satisfied is None:
        if ours is not None:
            raise ValueError(
                f"claim {claim_id}: a claim of kind '{kind}' needs 'satisfied' (whether it "
                "holds in our data), not only a value"
            )
        return Judgement("not computable", tr("our data give no value"))
    margin = _number(claim.get("margin"))
    if kind == "threshold" and margin is None:
        raise ValueError(f"claim {claim_id}: a threshold needs its margin (column 'margin')")
    if margin is not None and (margin > 0 and not satisfied or margin < 0 and satisfied):
        raise ValueError(
            f"claim {claim_id}: margin {margin:g} and satisfied = {satisfied} disagree "
            "(a positive margin means the statement holds)"
        )
    if kind == "threshold":
        unit = _text(claim.get("margin_unit")) or _text(claim.get("unit"))
        fields = {"margin": abs(margin), "unit": tr(unit)}
        test = (
            tr("holds; closest year {margin:.3g} {unit} inside the threshold", **fields)
            if satisfied
            else tr("fails; worst year {margin:.3g} {unit} beyond the threshold", **fields)
        )
    else:
        test = tr("holds in our data") if satisfied else tr("does not hold in our data")
    if not satisfied:
        return Judgement("differs", test)
    return Judgement("partly computable" if missing else "reproduced", test)


# ----------------------------------------------------------------------------- the table


def _alternatives_text(kind: str, study_value, claim: dict, tolerance: dict) -> str:
    """The other definitions of a claim, each with its value and its verdict by the rule."""
    encoded = _text(claim.get("alternatives"))
    if not encoded:
        return ""
    items = []
    for node, value in json.loads(encoded):
        other = {**claim, "our_value": value, "satisfied": None}
        decided = judge(kind, study_value, other, tolerance).verdict
        items.append(
            tr(
                "{label}: {value:,.2f} ({verdict})",
                label=i18n.from_json(json.dumps(node, ensure_ascii=False)),
                value=value,
                verdict=tr(decided),
            )
        )
    return join_items(items, "{listing}; {item}")


def build(
    study_claims: pd.DataFrame, ours: pd.DataFrame, tolerance: dict, kinds: pd.DataFrame
) -> pd.DataFrame:
    """One row per study claim id (every id must have our row and a kind, see
    :func:`read_kinds`), with its verdict by the rule of its kind."""
    missing = sorted(set(study_claims["id"]) - set(ours["claim_id"]))
    if missing:
        raise ValueError(f"no exhibit gives a value for claim(s) {missing}")
    unknown = sorted(set(ours["claim_id"]) - set(study_claims["id"]))
    if unknown:
        raise ValueError(f"claims {unknown} are not in the study's claims file")
    without_kind = sorted(set(study_claims["id"]) - set(kinds["claim_id"]))
    if without_kind:
        raise ValueError(f"no kind for claim(s) {without_kind} (config replication.claim_kinds)")
    lacking = [m for m in MESSAGE_COLUMNS.values() if m not in ours.columns]
    if lacking:
        raise ValueError(f"our claims lack the message columns {lacking} (see check_claims)")
    ours = ours.rename(columns={"unit": "our_unit"})
    merged = study_claims.merge(ours, left_on="id", right_on="claim_id", how="left")
    merged = merged.merge(kinds, on="claim_id", how="left", validate="one_to_one")
    wrong_unit = merged[merged["our_unit"] != merged["unit"]]
    if not wrong_unit.empty:
        first = wrong_unit.iloc[0]
        raise ValueError(
            f"claim {first['id']}: our value is in '{first['our_unit']}', the study's in "
            f"'{first['unit']}'; state ours in the study's unit"
        )
    rows = [_table_row(row._asdict(), tolerance) for row in merged.itertuples(index=False)]
    return pd.DataFrame(rows)


def _table_row(row: dict, tolerance: dict) -> dict:
    """One row of the replication table: the study's claim, ours, the rule and the verdict."""
    with i18n.capture():
        judged = judge(row["kind"], row["paper_value"], row, tolerance)
        texts = {
            "rule": rule_text(row["kind"], tolerance),
            "test": judged.test,
            "alternatives": _alternatives_text(row["kind"], row["paper_value"], row, tolerance),
        }
    study = _number(row["paper_value"])
    relative = (
        100 * judged.difference / abs(study)
        if row["kind"] in ("exact", "about") and study and not math.isnan(judged.difference)
        else math.nan
    )
    return {
        "claim_id": row["id"],
        "claim_of": row["claim_of"],
        "kind": row["kind"],
        "exhibit": row["exhibit"],
        "computed_in": row.get("computed_in", ""),
        "claim": row["claim"],
        "year": row["year"],
        "unit": row["unit"],
        "study_value": row["paper_value"],
        "words_zh": row["words_zh"],
        "words_en": row["words_en"],
        "our_value": row["our_value"],
        "our_text": row["our_text"],
        "abs_difference": judged.difference,
        "rel_difference_pct": relative,
        "allowed_difference": judged.allowed,
        "margin": row.get("margin", math.nan),
        "margin_unit": row.get("margin_unit", ""),
        "verdict": judged.verdict,
        "test": str(texts["test"]),
        "rule": str(texts["rule"]),
        "missing": row.get("missing", ""),
        "alternatives": str(texts["alternatives"]),
        "explanation": row["explanation"],
        "source": row["source"],
        "reporter_side": row["reporter_side"],
        "vintage": row["vintage"],
        "definition": row["definition"],
        **{message: row.get(message) for message in MESSAGE_COLUMNS.values()},
        **{
            TABLE_MESSAGE_COLUMNS[column]: to_json(text) if text else None
            for column, text in texts.items()
        },
    }


def verdict_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Claims by verdict (rows, in the order of :data:`VERDICTS`), the study's and the news
    pieces' counted apart (columns ``study``, ``news``)."""
    counts = pd.crosstab(table["verdict"], table["claim_of"])
    return counts.reindex(index=list(VERDICTS), columns=list(CLAIM_OF), fill_value=0)
