"""The verdict rules of the replication table, one kind of claim at a time, on constructed
(synthetic) claims: both sides of every tolerance, partly computable, and the study's claims
counted apart from the news pieces'. Also the kinds table: data that must cover every claim."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml

from chinatrade import i18n, replication, summary
from chinatrade.errors import InputDataError

TOLERANCE = {"relative_pct": 5.0, "about_pct": 10.0, "year_margin": 0}


def verdict(kind: str, study_value, tolerance: dict = TOLERANCE, **claim) -> str:
    return replication.judge(kind, study_value, {"claim_id": "X1", **claim}, tolerance).verdict


# ----------------------------------------------------------------------------- one rule a kind


def test_exact_figure_within_the_relative_tolerance_on_both_sides():
    assert verdict("exact", "100", our_value=104.9) == "reproduced"
    assert verdict("exact", "100", our_value=95.1) == "reproduced"
    assert verdict("exact", "100", our_value=105.1) == "differs"
    assert verdict("exact", "-7", our_value=-7.4) == "differs"  # 5.7% off a negative value
    # the tolerance is the config's: 10% lets 105.1 pass
    assert verdict("exact", "100", {**TOLERANCE, "relative_pct": 10}, our_value=105.1) == (
        "reproduced"
    )


def test_about_allows_the_wider_band_of_its_word_on_both_sides():
    # the issue's pair: "about 30" against 32.3 and "about 35" against 33.5, one rule
    assert verdict("about", "30", our_value=32.31) == "reproduced"
    assert verdict("about", "35", our_value=33.5) == "reproduced"
    assert verdict("about", "30", our_value=33.1) == "differs"  # 10.3% off
    assert verdict("about", "30", our_value=26.9) == "differs"
    # the same value as an exact figure differs: the word, not the number, widens the band
    assert verdict("exact", "30", our_value=32.31) == "differs"


def test_threshold_holds_or_fails_with_its_margin():
    assert verdict("threshold", "below 20", our_value=18.2, satisfied=True, margin=1.8) == (
        "reproduced"
    )
    # fails narrowly (0.23 points in the worst year): still differs, the margin says how far
    judged = replication.judge(
        "threshold",
        "below 20",
        {"our_value": 20.23, "satisfied": False, "margin": -0.23, "margin_unit": "percent"},
        TOLERANCE,
    )
    assert judged.verdict == "differs"
    assert "0.23" in judged.test and "beyond the threshold" in judged.test
    # a surplus year before the claimed first year (C57's shape) fails the statement
    assert verdict("threshold", "1983", our_value=1976, satisfied=False, margin=-0.0875) == (
        "differs"
    )


def test_threshold_needs_a_margin_that_agrees_with_it():
    with pytest.raises(ValueError, match="needs its margin"):
        verdict("threshold", "below 20", our_value=18.0, satisfied=True)
    with pytest.raises(ValueError, match="disagree"):
        verdict("threshold", "below 20", our_value=21.0, satisfied=True, margin=-1.0)


def test_statement_holds_or_not():
    assert verdict("statement", "true", satisfied=True) == "reproduced"
    assert verdict("statement", "true", satisfied="False") == "differs"  # as read from a CSV
    assert verdict("statement", "true", our_value=math.nan, satisfied=None) == "not computable"


def test_year_is_the_same_year_unless_a_margin_is_set():
    assert verdict("year", "1982", our_value=1982.0) == "reproduced"
    assert verdict("year", "1982", our_value=1983.0) == "differs"
    assert verdict("year", "1982", {**TOLERANCE, "year_margin": 1}, our_value=1983.0) == (
        "reproduced"
    )
    assert verdict("year", "1982", {**TOLERANCE, "year_margin": 1}, our_value=1984.0) == ("differs")


def test_a_commitment_is_not_a_data_claim_whatever_the_data():
    assert verdict("commitment", "200", our_value=200.0) == "not a data claim"
    assert verdict("commitment", "200", our_value=math.nan, satisfied=True) == "not a data claim"


def test_partly_computable_names_what_is_missing_and_is_not_judged():
    # a value over part of the window is shown but not judged, even if it matches
    assert verdict("exact", "7.8", our_value=7.8, missing="2015-2018") == "partly computable"
    assert verdict("exact", "7.8", our_value=10.9, missing="2015-2018") == "partly computable"
    # a threshold holding where the data reach is partly computable; failing there, it differs
    held = {"our_value": 31.0, "satisfied": True, "margin": 1.0, "missing": "1960-2007"}
    assert verdict("threshold", "above 30", **held) == "partly computable"
    failed = {"our_value": 28.2, "satisfied": False, "margin": -1.8, "missing": "1960-2007"}
    assert verdict("threshold", "above 30", **failed) == "differs"
    # no value at all stays not computable
    assert verdict("exact", "58", our_value=math.nan, missing="2005") == "not computable"


def test_a_claim_that_does_not_fit_its_kind_is_an_error():
    with pytest.raises(ValueError, match="only thresholds and statements hold or fail"):
        verdict("exact", "200", our_value=math.nan, satisfied=True)
    with pytest.raises(ValueError, match="needs 'satisfied'"):
        verdict("threshold", "below 20", our_value=19.0)
    with pytest.raises(ValueError, match="is no number"):
        verdict("about", "below 20", our_value=19.0)


# ----------------------------------------------------------------------------- the table


def synthetic_claims() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Study claims S1-S3 and news claims N1-N2 with their kinds and our values."""
    study = pd.DataFrame(
        {
            "id": ["S1", "S2", "S3", "N1", "N2"],
            "exhibit": ["F6", "F6", "F7", "news 2019", "news 2025"],
            "claim": ["share", "share", "share", "change", "commitment"],
            "paper_value": ["30", "below 20", "0.85", "-8.5", "200"],
            "unit": ["percent", "percent", "percent", "percent", "billion USD"],
            "year": ["1980s", "2010-", "1983", "2019H1", "2020-2021"],
        }
    )
    kinds = pd.DataFrame(
        {
            "claim_id": ["S1", "S2", "S3", "N1", "N2"],
            "claim_of": ["study", "study", "study", "news", "news"],
            "kind": ["about", "threshold", "exact", "exact", "commitment"],
            "words_zh": ["30% 左右", "不到 20%", "", "", ""],
            "words_en": ["about 30%", "less than 20%", "", "", ""],
        }
    )
    with i18n.capture():
        labels = [i18n.tr("customs_transcribed / weo"), i18n.tr("customs_transcribed / wdi")]
        others = replication.alternatives(zip(labels, [0.85, 1.07], strict=True))
    rows = [
        replication.claim_row("S1", our_value=32.3, unit="percent"),
        replication.claim_row("S2", our_value=20.2, unit="percent", satisfied=False, margin=-0.2),
        replication.claim_row("S3", our_value=0.76, unit="percent", alternatives=others),
        replication.claim_row("N1", our_value=-12.8, unit="percent"),
        replication.claim_row("N2", our_value=math.nan, unit="billion USD"),
    ]
    ours = replication.check_claims(pd.DataFrame(rows), "F0")
    return study, ours, kinds


def synthetic_table(tolerance: dict = TOLERANCE) -> pd.DataFrame:
    study, ours, kinds = synthetic_claims()
    return replication.build(study, ours, tolerance, kinds)


def test_table_gives_every_claim_its_kind_rule_and_test():
    table = synthetic_table().set_index("claim_id")
    assert list(table["verdict"]) == [
        "reproduced",
        "differs",
        "differs",
        "differs",
        "not a data claim",
    ]
    assert table.loc["S1", "allowed_difference"] == pytest.approx(3.0)  # 10% of 30
    assert "10% of it" in table.loc["S1", "rule"] and "5%" in table.loc["S3", "rule"]
    assert table.loc["S2", "margin"] == -0.2
    # the other definitions, each judged by the headline's rule
    assert table.loc["S3", "alternatives"] == (
        "customs_transcribed / weo: 0.85 (reproduced); customs_transcribed / wdi: 1.07 (differs)"
    )
    with i18n.language("zh"):
        shown = replication.rendered(table, "zh")
    assert "（复现一致）" in shown.loc["S3", "alternatives"]
    assert "10%" in shown.loc["S1", "rule"] and "复现一致" in shown.loc["S1", "rule"]


def test_study_and_news_claims_are_counted_apart():
    table = synthetic_table()
    counts = replication.verdict_counts(table)
    assert counts["study"].to_dict() == {
        "reproduced": 1,
        "differs": 2,
        "partly computable": 0,
        "not computable": 0,
        "not a data claim": 0,
    }
    assert counts.loc["differs", "news"] == 1 and counts.loc["not a data claim", "news"] == 1
    text = summary.replication_summary(table)
    assert "Of the study's 3 numbered claims, 1 reproduced, 2 differs" in text
    assert "The 2 claims of the news pieces are counted apart: 1 differs, 1 not a data claim" in (
        text
    )
    assert summary.claim_group_heading("news", 2) == "News claims (context, not the study's): 2"


def test_the_report_states_the_rules_the_verdicts_used():
    table = synthetic_table({**TOLERANCE, "about_pct": 12.5})
    rules = summary.replication_rules(table)
    assert "within 12.5% of it" in rules  # the number the verdicts used, not a copy
    assert "**Threshold** (claims of the study: 1; of the news pieces: 0)" in rules
    assert "partly computable when our data cover only part" in rules
    with i18n.language("zh"):
        chinese = summary.replication_rules(table)
    assert "12.5%" in chinese and "门槛" in chinese
    view = summary.claims_view(table)
    assert view.set_index("id").loc["S1", "rule applied"].startswith("“about 30%”: off by 2.3")
    assert "other definitions" in view.columns


# ----------------------------------------------------------------------------- the kinds table


@pytest.fixture(scope="module")
def kinds_path(project):
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    return project / config["replication"]["claim_kinds"]


@pytest.fixture(scope="module")
def study_claims(project):
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    return pd.read_csv(project / config["study_claims"], dtype=str, keep_default_na=False)


def test_the_kinds_table_covers_every_claim_exactly(kinds_path, study_claims):
    kinds = replication.read_kinds(kinds_path, study_claims).set_index("claim_id")
    assert sorted(kinds.index) == sorted(study_claims["id"])
    # the issue's examples, each under its one rule
    assert set(kinds.loc[["C49", "C50"], "kind"]) == {"about"}
    assert set(kinds.loc[["C51", "C52", "C57"], "kind"]) == {"threshold"}
    assert kinds.loc["N04", "kind"] == "commitment"
    # the study's 62 claims and the news pieces' 4
    assert kinds["claim_of"].value_counts().to_dict() == {"study": 62, "news": 4}
    assert "左右" in kinds.loc["C49", "words_zh"] and "不到 20%" in kinds.loc["C51", "words_zh"]


def write_kinds(tmp_path, rows: list[str]):
    path = tmp_path / "claim_kinds_synthetic.csv"
    path.write_text("\n".join(["claim_id,claim_of,kind,words_zh,words_en", *rows]) + "\n")
    return path


STUDY = pd.DataFrame({"id": ["C01", "C02"]})


@pytest.mark.parametrize(
    ("rows", "column", "row", "message"),
    [
        (["C01,study,exact,,", "C02,study,guess,,"], "kind", 3, "'guess' is not one of"),
        (["C01,study,exact,,", "C02,press,exact,,"], "claim_of", 3, "'press' is not one of"),
        (["C01,study,exact,,", "C02,study,about,,about 5"], "words_zh", 3, "study's words"),
        (["C01,study,exact,,", "C01,study,exact,,"], "claim_id", 3, "duplicate key"),
        (["C01,study,exact,,", "C09,study,exact,,"], "claim_id", 3, "C09 is not in the study"),
    ],
)
def test_a_broken_kinds_table_names_file_column_and_row(tmp_path, rows, column, row, message):
    path = write_kinds(tmp_path, rows)
    with pytest.raises(InputDataError, match=message) as error:
        replication.read_kinds(path, STUDY)
    assert str(path) in str(error.value)
    assert f"column '{column}'" in str(error.value) and f"row {row}" in str(error.value)


def test_a_claim_without_a_kind_is_an_error(tmp_path):
    path = write_kinds(tmp_path, ["C01,study,exact,,"])
    with pytest.raises(InputDataError, match=r"no kind for claim\(s\) \['C02'\]"):
        replication.read_kinds(path, STUDY)
