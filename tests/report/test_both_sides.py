"""Both reporters side by side (chinatrade.both_sides) on synthetic balances in F1's shape."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade import both_sides, i18n

CHINA = "IMF DOTS, China-reported"
CUSTOMS = "China Customs figures as quoted in press pages"
CENSUS = "US Census Bureau, US-reported"


def synthetic_balances() -> pd.DataFrame:
    """Synthetic F1 rows: China-reported (own) and US-reported (mirror) balances, USD million.
    2017-2018 both sides; 2019 China-reported only; 2020 the US side only; 2024 China Customs
    against the US Census (the China-reported source changes)."""
    rows = [
        ("USA", 2017, 300_000.0, "own", CHINA),
        ("USA", 2017, 400_000.0, "mirror", CENSUS),
        ("USA", 2018, 320_000.0, "own", CHINA),
        ("USA", 2018, 410_000.0, "mirror", CENSUS),
        ("USA", 2019, 310_000.0, "own", CHINA),
        ("USA", 2020, 390_000.0, "mirror", CENSUS),
        ("USA", 2024, 360_000.0, "own", CUSTOMS),
        ("USA", 2024, 300_000.0, "mirror", CENSUS),
        ("EU27", 2017, 90_000.0, "own", CHINA),
    ]
    return pd.DataFrame(
        [
            {
                "partner": partner,
                "partner_label": "United States" if partner == "USA" else "EU27",
                "year": year,
                "balance_usd_millions": value,
                "reporter_side": side,
                "source": source,
            }
            for partner, year, value, side, source in rows
        ]
    )


def test_only_years_with_both_sides_and_the_gap_by_hand():
    table = both_sides.both_sides(synthetic_balances())
    assert list(table.columns) == both_sides.COLUMNS
    # EU27 has no partner-reported value, 2019 and 2020 only one side: left out
    assert table["partner"].unique().tolist() == ["USA"]
    assert table["year"].tolist() == [2017, 2018, 2024]
    gap = table.set_index("year")["gap_usd_millions"]
    assert gap[2017] == -100_000.0 and gap[2018] == -90_000.0 and gap[2024] == 60_000.0
    pct = table.set_index("year")["gap_pct_of_partner_reported"]
    assert pct[2017] == pytest.approx(-25.0) and pct[2024] == pytest.approx(20.0)
    assert table.set_index("year").at[2024, "china_reported_source"] == CUSTOMS


def test_two_values_on_one_side_are_refused():
    balances = synthetic_balances()
    extra = balances.iloc[[0]].assign(source=CUSTOMS, balance_usd_millions=1.0)
    with pytest.raises(ValueError, match="two 'own' balances for partner USA in 2017"):
        both_sides.both_sides(pd.concat([balances, extra]))


def test_the_sentence_gives_both_years_and_how_each_side_moved():
    table = both_sides.both_sides(synthetic_balances())
    found = both_sides.gap_findings(table, 2017, 2024)
    sentence, reasons = found
    assert "3 years with both sides in 2017-2024" in sentence
    assert "2017: China-reported +300.0" in sentence and "partner-reported +400.0" in sentence
    assert "gap -100.0" in sentence and "gap +60.0" in sentence
    # the two sides moved in opposite directions: +60 (China) against -100 (the US)
    assert "China-reported balance moved by +60.0" in sentence
    assert "partner-reported one by -100.0" in sentence
    for reason in ("CIF", "Hong Kong", "timing", "low-value", "transshipment"):
        assert reason in reasons


def test_a_range_without_both_sides_gives_no_sentence():
    table = both_sides.both_sides(synthetic_balances())
    assert both_sides.gap_findings(table, 2019, 2020) == []
    single = both_sides.gap_sentence(table, "USA", 2018, 2019)
    assert "years with both sides: 2018" in single


def test_in_chinese_nothing_english_is_left():
    table = both_sides.both_sides(synthetic_balances())
    with i18n.language("zh"):
        found = both_sides.gap_findings(table, 2017, 2024)
        view = both_sides.report_view(table)
        # the report shows the headers through summary.show, which translates them
        headers = [i18n.tr(c) for c in view.columns]
    assert found and not any(i18n.untranslated_words(s) for s in found)
    assert not any(i18n.untranslated_words(h) for h in headers)
    assert not any(i18n.untranslated_words(v) for v in view["China-reported source"])
