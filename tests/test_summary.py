"""The report's prose and tables are computed from the workflow's outputs."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade import summary


@pytest.fixture()
def balances():
    rows = []
    for year, usa, jpn in ((2000, 30_000.0, 100.0), (2001, 40_000.0, -5_000.0)):
        rows.append(("USA", "United States", year, usa))
        rows.append(("JPN", "Japan", year, jpn))
    return pd.DataFrame(rows, columns=["partner", "partner_label", "year", "balance_usd_millions"])


@pytest.fixture()
def growth():
    return pd.DataFrame(
        {
            "partner": ["USA", "JPN"],
            "partner_label": ["United States", "Japan"],
            "measure": ["surplus", "deficit"],
            "growth_compound_pct_per_year": [33.33, float("nan")],
            "growth_mean_of_yearly_pct_per_year": [33.33, float("nan")],
        }
    )


@pytest.fixture()
def claims():
    return pd.DataFrame({"id": ["C07"], "paper_value": ["13.4"]})


SPEC = {
    "source_label": "IMF DOTS, China-reported",
    "growth": {"first_year": 2000, "last_year": 2001, "claims": {"USA": "C07"}},
}


def test_summary_numbers_come_from_the_table(balances, growth, claims):
    text = summary.f1_summary(balances, growth, claims, SPEC)
    assert "In 2001" in text
    assert "surpluses with United States (USD 40.0 billion)" in text
    assert "deficits with Japan (USD 5.0 billion)" in text
    assert "33.3% a year" in text and "the study reports 13.4% (claim C07)" in text


def test_summary_changes_when_the_data_change(balances, growth, claims):
    changed = balances.assign(balance_usd_millions=balances.balance_usd_millions * 2)
    assert "USD 80.0 billion" in summary.f1_summary(changed, growth, claims, SPEC)


def test_growth_comparison_puts_the_study_beside_ours(growth, claims):
    table = summary.growth_comparison(growth, claims, SPEC)
    usa = table.set_index("partner").loc["United States"]
    assert usa["study claim"] == "C07" and usa["study, % per year"] == 13.4
    assert usa["ours, compound, % per year"] == 33.3


def test_selected_years_table_in_billions(balances):
    table = summary.selected_years_table(balances, [2001])
    assert table.loc["Japan", 2001] == -5.0


def test_data_appendix_lists_checksums(project):
    manifest = pd.read_csv(
        project / "config/raw_data_manifest.csv", dtype=str, keep_default_na=False
    )
    text = summary.raw_files_markdown(manifest, ["dots_workbook_chn"])
    sha = manifest.set_index("id").at["dots_workbook_chn", "sha256"]
    assert sha in text and "imf_dots_DOTS_40_China_mainland.xlsx" in text


def replication_rows():
    return pd.DataFrame(
        {
            "claim_id": ["C07", "C10", "C11"],
            "computed_in": ["F1", "F2", "F2"],
            "claim": ["growth", "share", "net exports"],
            "year": ["2000-2019", "2018", "2018"],
            "study_value": ["13.4", "82", "2041.97"],
            "our_value": [12.83, 80.1, float("nan")],
            "our_text": ["", "", ""],
            "unit": ["percent per year", "percent", "100 million USD"],
            "verdict": ["reproduced", "reproduced", "not computable"],
            "explanation": ["compound rate", "NBS", "needs customs data by province"],
            "source": ["DOTS", "NBS", ""],
            "reporter_side": ["own", "own", ""],
        }
    )


def test_replication_summary_counts_verdicts():
    text = summary.replication_summary(replication_rows())
    assert "Of the study's 3 numbered claims, 2 reproduced, 0 differs" in text
    assert "1 not computable" in text


def test_claims_view_of_one_exhibit():
    view = summary.claims_view(replication_rows(), "F2")
    assert list(view["id"]) == ["C10", "C11"]
    assert list(view["ours"]) == ["80.1", "n/a"]
    assert view.iloc[1]["verdict"] == "not computable"


def test_question_summary_takes_every_number_from_the_replication():
    ids = [c for sentences in summary.QUESTION_SENTENCES.values() for c, _ in sentences]
    replication = pd.DataFrame(
        {
            "claim_id": ids,
            "our_value": [10.0 + i for i in range(len(ids))],
            "our_text": [""] * len(ids),
            "study_value": ["99"] * len(ids),
            "verdict": ["differs"] * len(ids),
            "year": ["2031"] * len(ids),
        }
    )
    text = summary.question_summary(replication)
    assert "**Provinces.**" in text and "carried 10.0% of China's goods trade in 2031" in text
    assert "2018" not in text and "2017" not in text  # years come from the claims, not the text
    changed = replication.assign(our_value=replication.our_value + 1)
    assert "carried 11.0% of China's goods trade" in summary.question_summary(changed)


def test_claims_view_writes_years_without_a_thousands_separator():
    rows = replication_rows().assign(our_value=[1983.0, 80.1, float("nan")])
    rows.loc[0, "unit"] = "year"
    assert summary.claims_view(rows).iloc[0]["ours"] == "1983"
