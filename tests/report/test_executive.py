"""The executive summary (chinatrade.executive) and the sentences of "Beyond the study" that
read several exhibits (chinatrade.beyond_report), on synthetic tables made here."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade import beyond_report, executive, hypotheses, i18n

SETTINGS = {"headline_year": 2019, "gap_partner": "USA", "gap_first_year": 2017}
F1_SPEC = {
    "source_label": "IMF DOTS, China-reported",
    "growth": {"first_year": 2000, "last_year": 2019, "claims": {"USA": "C07", "JKA": "C09"}},
}
F3_SPEC = {"claim_year": 2018}


def synthetic_balances() -> pd.DataFrame:
    """Synthetic F1 rows (USD million): China-reported to 2019, US-reported 2017 and 2024,
    China Customs 2024; the US-reported balance falls while the China-reported one rises."""
    rows = [
        ("USA", "United States", 2017, 250_000.0, "own", "IMF DOTS, China-reported"),
        ("USA", "United States", 2019, 280_000.0, "own", "IMF DOTS, China-reported"),
        ("JKA", "Japan + Korea + Australia", 2019, -150_000.0, "own", "IMF DOTS, China-reported"),
        ("USA", "United States", 2017, 400_000.0, "mirror", "US Census Bureau, US-reported"),
        ("USA", "United States", 2024, 300_000.0, "mirror", "US Census Bureau, US-reported"),
        (
            "USA",
            "United States",
            2024,
            350_000.0,
            "own",
            "China Customs figures as quoted in press pages",
        ),
    ]
    columns = ["partner", "partner_label", "year", "balance_usd_millions", "reporter_side"]
    return pd.DataFrame(rows, columns=[*columns, "source"])


def synthetic_replication() -> pd.DataFrame:
    rows = [
        ("C07", "12.0", 11.5, "2000-2019", "reproduced"),
        ("C09", "15.0", 14.0, "2000-2019", "reproduced"),
        ("C10", "80", 81.0, "2018", "reproduced"),
        ("C29", "40", 41.0, "2018", "reproduced"),
        ("C31", "60", 61.0, "2018", "reproduced"),
        ("C35", "50", 49.0, "2018", "differs"),
        ("C48", "7.0", 9.0, "2010-2018", "partly computable"),
        ("C99", "1", None, "2018", "not computable"),
    ]
    table = pd.DataFrame(rows, columns=["claim_id", "study_value", "our_value", "year", "verdict"])
    return table.assign(claim_of="study", our_text="", missing="2015-2018")


def synthetic_regimes() -> pd.DataFrame:
    """Synthetic F3 rows: the customs split in 2018 and a partial 2023."""
    rows = [
        ("2018", 2018, "customs", "processing", 90.0, 25.0),
        ("2018", 2018, "customs", "other_regimes", -30.0, 15.0),
        ("2023 Jan-Oct (partial)", 2023, "customs", "processing", 40.0, 18.0),
        ("2012", 2012, "customs", "processing", None, 34.0),
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "period_label",
            "year",
            "definition",
            "component",
            "share_of_total_net_exports_pct",
            "share_of_total_trade_pct",
        ],
    )


def model(reading: str, n_obs: int = 20) -> tuple[str, pd.DataFrame]:
    return ("a model", pd.DataFrame({"reading": [reading], "n_obs": [n_obs]}))


def mechanisms(processing: str, investment: str) -> list[dict]:
    return [
        {
            "id": "processing",
            "name": "Processing",
            "statement": "s1",
            "models": [model(processing)],
        },
        {
            "id": "investment",
            "name": "Investment",
            "statement": "s2",
            "models": [model(investment)],
        },
    ]


def summary_text(**changes) -> str:
    return executive.executive_summary(
        synthetic_balances(),
        synthetic_regimes(),
        synthetic_replication(),
        changes.get("mechanisms", mechanisms("uninformative", "no_plausible_effect")),
        F1_SPEC,
        F3_SPEC,
        {**SETTINGS, **changes.get("settings", {})},
    )


def test_one_point_per_question_and_a_bottom_line():
    points = summary_text().split("\n")
    leads = [p.split("**")[1] for p in points]
    assert leads == [
        "Partners.",
        "Provinces.",
        "Trade regimes.",
        "Sectors.",
        "Investment.",
        "Bottom line.",
    ]
    assert all("*Caveat:*" in p for p in points[:-1])


def test_numbers_come_from_the_tables():
    text = summary_text()
    assert "In 2019, the last year before the pandemic" in text
    assert "United States (USD 280.0 billion)" in text
    assert "United States 11.5% (the study: 12.0%" in text
    # both sides in the latest common year and in the first year of the comparison
    assert "surplus of USD 350.0 billion in 2024" in text and "gap of USD 50.0 billion" in text
    assert "USD 400.0 billion against China's USD 250.0 billion" in text
    # the customs definition: a smaller share of trade, a larger share of the surplus
    assert "smaller share of trade, 25.0%" in text and "share of the surplus, 90.0%" in text
    assert "(-30.0% of the surplus)" in text
    assert "In Jan-Oct 2023 the customs shares were 18.0% of trade and 40.0%" in text
    assert "in the data for 2018, Jan-Oct 2023 only" in text
    # the two sides moved apart: -100 bn US-reported, +100 bn China-reported
    assert "USD -100.0 billion in the partner's" in text
    assert "USD +100.0 billion in China's" in text


def test_the_verdicts_are_those_of_the_mechanism_section():
    for processing, investment in [
        ("uninformative", "no_plausible_effect"),
        ("consistent", "opposite"),
    ]:
        text = summary_text(mechanisms=mechanisms(processing, investment))
        sectors = [p for p in text.split("\n") if "**Sectors.**" in p][0]
        verdict = hypotheses.models_verdict([model(processing)])
        assert f"**{hypotheses.VERDICT_WORDS[verdict]}**" in sectors
        assert f"processing: {verdict}" in text.split("\n")[-1]


def test_no_eu28_after_the_uk_left():
    spec = {**F1_SPEC, "growth": {**F1_SPEC["growth"], "claims": {"EU28": "C08"}}}
    with pytest.raises(ValueError, match="after the UK left the EU"):
        executive.partners_point(
            synthetic_balances(), synthetic_replication(), spec, {**SETTINGS, "headline_year": 2020}
        )


def test_in_chinese_nothing_english_is_left():
    with i18n.language("zh"):
        text = summary_text(
            mechanisms=[
                {
                    "id": "processing",
                    "name": "加工",
                    "statement": "甲",
                    "models": [model("consistent")],
                },
                {
                    "id": "investment",
                    "name": "投资",
                    "statement": "乙",
                    "models": [model("opposite")],
                },
            ]
        )
    # names of sources and partners of the synthetic tables stay as codes or are translated
    assert "贸易方式" in text and not i18n.untranslated_words(
        text.replace("Caveat", ""), kept=i18n.KEPT_LATIN_WORDS | {"partial", "Jan", "Oct"}
    )


def synthetic_sections() -> pd.DataFrame:
    """Synthetic F4 rows: XVII turns to a Chinese surplus in 2020 and back by 2025."""
    values = {
        "XVII": ("XVII Vehicles", True, {2017: -12.0, 2020: 2.0, 2025: -5.0}),
        "XVI": ("XVI Machinery", True, {2017: 200.0, 2020: 180.0, 2025: 100.0}),
        "III": ("III Fats", False, {2017: -0.1, 2020: 0.1, 2025: 0.2}),
    }
    return pd.DataFrame(
        [
            {
                "section_roman": roman,
                "section_label": label,
                "is_major": major,
                "year": year,
                "balance_usd_billions": value,
                "total_surplus_usd_billions": 396.0 if year == 2017 else 300.0,
            }
            for roman, (label, major, by_year) in values.items()
            for year, value in by_year.items()
        ]
    )


def test_a_section_that_changed_sign_in_between_is_named():
    text = beyond_report.sign_changes_in_between(synthetic_sections(), 2017, 2025)
    major, minor = text.split("minor:")
    # same sign in 2017 and 2025, a surplus in 2020: shown with every year
    assert "XVII Vehicles (2017: -12.0, 2020: +2.0, 2025: -5.0)" in major
    assert "XVI Machinery" not in text and "III Fats" in minor


def test_the_two_us_reported_balances_are_explained():
    census = pd.DataFrame({"partner": ["CHN"], "year": [2017], "us_deficit_usd_billions": [375.2]})
    note = beyond_report.us_reported_balances_note(census, synthetic_sections(), 2017)
    assert "USD 375.2 billion from the US Census" in note and "USD 396.0 billion" in note
    assert "customs value" in note and "CIF" in note
    assert beyond_report.us_reported_balances_note(census, synthetic_sections(), 2019) == ""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_beyond_section_heading_gives_the_years_of_its_data(language):
    """Not a year the data do not reach: the heading said 2017-2025 while B1's deficits end
    in 2024."""
    deficits = pd.DataFrame({"year": [2019, 2017, 2023], "partner": ["CHN"] * 3})
    with i18n.language(language):
        heading = beyond_report.heading(deficits)
        without = beyond_report.heading(None)
    assert "2017-2023" in heading and "2025" not in heading
    assert not any(character.isdigit() for character in without)
