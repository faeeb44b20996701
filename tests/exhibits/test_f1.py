"""F1 on small synthetic tables whose answers are known by hand, then on the real tables."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import yaml

import row_lineage
from chinatrade import captions, figures, i18n, texts
from chinatrade.exhibits import f1
from chinatrade.exhibits.f1 import caption as f1_caption
from chinatrade.partners import group_label, resolve_groups
from i18n_check import assert_chinese, with_texts

SPEC = with_texts(
    {
        "reporter": "CHN",
        "partners": ["USA", "KOR"],
        "partner_groups": {},
        "partner_labels": {"USA": "United States", "KOR": "Korea"},
        "first_year": 2000,
        "transcribed_first_year": 2002,
        "source_label": "DOTS",
        "mirror_source_label": "Census",
        "transcribed_source_label": "Customs",
        "japan_mirror_source_label": "Japan customs",
        "vintage": "synthetic",
        "source_note": "synthetic",
        "growth": {"first_year": 2000, "last_year": 2001, "claims": {"USA": "C07"}},
    }
)


def synthetic_tables():
    dots = []
    for year, (us_x, us_m, kr_x, kr_m) in {
        2000: (100, 40, 10, 30),
        2001: (121, 40, 12, 30),
    }.items():
        for partner, x, m in (("USA", us_x, us_m), ("KOR", kr_x, kr_m), ("JPN", 20, 25)):
            dots.append(("CHN", partner, year, "exports_fob", float(x)))
            dots.append(("CHN", partner, year, "imports_cif", float(m)))
    bilateral = pd.DataFrame(
        dots, columns=["reporter_iso3", "partner_code", "year", "flow", "value_usd_millions"]
    )
    census = pd.DataFrame(
        {
            "partner_iso3": ["CHN", "CHN", "JPN"],
            "year": [2000, 2002, 2000],
            "complete_year": [True, True, True],
            "exports_fas_usd_millions": [16.0, 20.0, 5.0],
            "imports_general_customs_usd_millions": [100.0, 150.0, 9.0],
            "balance_usd_millions": [-84.0, -130.0, -4.0],
        }
    )
    transcribed = pd.DataFrame(
        {
            "partner": ["KOR", "KOR", "USA"],
            "year": [2002, 2002, 2002],
            "is_partial_year": [False, False, False],
            "flow": ["exports", "imports", "balance"],
            "value_usd_100m": [1.5, 2.0, 0.9],
            "status": ["reported", "reported", "reported_rounded"],
        }
    )
    # Japan's customs, billion JPY: 2001 exports 500, imports 800; 2002 a partial year
    japan = pd.DataFrame(
        {
            "partner_code": "CHN",
            "goods": "Grand Total",
            "year": [2001, 2001, 2002, 2002],
            "flow": ["exports_fob", "imports_cif"] * 2,
            "value_jpy_billions": [500.0, 800.0, 100.0, 150.0],
            "is_partial_year": [False, False, True, True],
        }
    )
    fx = pd.DataFrame({"currency": "JPY", "year": [2001], "units_per_usd": [100.0]})
    return row_lineage.synthetic(
        {
            "bilateral_dots": bilateral,
            "census_us_trade_partners_annual": census,
            "china_bilateral_transcribed": transcribed,
            "japan_customs_trade": japan,
            "fx_fed_h10": fx,
        }
    )


# the same with Japan as a partner (China-reported: a deficit of 5 in 2000 and 2001)
SPEC_JAPAN = {
    **SPEC,
    "partners": ["USA", "KOR", "JPN"],
    "partner_labels": {**SPEC["partner_labels"], "JPN": "Japan"},
    "panels": [["USA"], ["KOR", "JPN"]],
}


def test_three_reporter_sides_kept_apart():
    main = f1.compute(synthetic_tables(), SPEC)["main"]
    own = main[main.source == "DOTS"].set_index(["partner", "year"])
    assert own.loc[("USA", 2001), "balance_usd_millions"] == 81.0
    mirror = main[main.reporter_side == "mirror"].set_index("year")
    # China's surplus with the US as the US reports it: US imports - US exports
    assert mirror.loc[2000, "balance_usd_millions"] == 84.0
    assert mirror.loc[2000, "china_exports_usd_millions"] == 100.0
    assert set(mirror.reported_by) == {"USA"}
    customs = main[main.source == "Customs"].set_index("partner")
    assert customs.loc["KOR", "balance_usd_millions"] == pytest.approx(-50.0)  # (1.5-2)*100
    assert customs.loc["USA", "balance_usd_millions"] == pytest.approx(90.0)
    # exact exports - imports where both are released, else the (rounded) released balance
    assert customs.loc["KOR", "status"] == "exports - imports"
    assert customs.loc["USA", "status"] == "balance as released: reported_rounded"


def test_japan_reported_mirror_full_years_only():
    results = f1.compute(synthetic_tables(), SPEC_JAPAN)
    mirror = results["main"][results["main"].reported_by == "JPN"].set_index("year")
    # China's balance as Japan reports it: Japan's imports - exports = 300 bn JPY = 3,000 USD mn
    assert mirror.index.tolist() == [2001]  # 2002 is partial: only in japan_reported
    assert mirror.at[2001, "balance_usd_millions"] == pytest.approx(3_000.0)
    assert mirror.at[2001, "china_exports_usd_millions"] == pytest.approx(8_000.0)
    assert mirror.at[2001, "reporter_side"] == "mirror"
    japan = results["japan_reported"].set_index("year")
    assert japan.at[2002, "is_partial_year"] and japan.at[2002, "balance_jpy_billions"] == -50
    assert set(japan.source) == {"Japan customs"}
    # without Japan among the partners there is no Japan table and no Japan row
    plain = f1.compute(synthetic_tables(), SPEC)
    assert plain["japan_reported"].empty and "JPN" not in set(plain["main"].partner)


def test_panels_hold_their_partners_and_one_key_of_reporters():
    fig = f1.plot(f1.compute(synthetic_tables(), SPEC_JAPAN), SPEC_JAPAN)
    top, bottom = fig.axes[:2]
    assert [t.get_text() for t in top.get_legend().get_texts()] == ["United States"]
    labels = [t.get_text() for t in bottom.get_legend().get_texts()]
    # each reporter with the years it covers
    assert "dashed: Japan-reported (Japan's customs, JPY at H.10 rate), 2001" in labels
    assert "dashed: US-reported (Census), 2000-2002" in labels
    assert sum(len(ax.get_lines()) for ax in (top, bottom)) <= 2 * 6
    plt.close(fig)
    with pytest.raises(ValueError, match="in exactly one panel"):
        f1.plot(f1.compute(synthetic_tables(), SPEC_JAPAN), {**SPEC_JAPAN, "panels": [["USA"]]})


def test_japan_reported_table_for_the_report_in_both_languages():
    from chinatrade.exhibits.f1.report import japan_reported_table

    japan = f1.compute(synthetic_tables(), SPEC_JAPAN)["japan_reported"]
    [(caption, table)] = japan_reported_table(japan)
    assert caption.startswith("**Table F1c.**")
    assert table["Japan's balance, USD billion"].tolist()[0] == -3.0  # -300 bn JPY at 100
    assert table["partial year"].tolist() == ["", "yes"]
    with i18n.language("zh"):
        [(caption_zh, table_zh)] = japan_reported_table(japan)
        headers = [i18n.tr(c) for c in table_zh.columns]
    assert caption_zh.startswith("**表 F1c.**") and table_zh["partial year"].tolist()[1] == "是"
    for text in [caption_zh, *headers]:
        assert not i18n.untranslated_words(text), text
    assert japan_reported_table(pd.DataFrame()) == []


def test_growth_and_claims():
    results = f1.compute(synthetic_tables(), SPEC)
    growth = results["growth"].set_index("partner")
    assert growth.loc["USA", "growth_compound_pct_per_year"] == pytest.approx(35.0)  # 60 -> 81
    claims = f1.claims(results, SPEC)
    assert list(claims.claim_id) == ["C07"]
    assert claims.iloc[0]["our_value"] == pytest.approx(35.0)
    assert claims.iloc[0]["unit"] == "percent per year"


def test_plot_draws(tmp_path):
    figure = f1.plot(f1.compute(synthetic_tables(), SPEC), SPEC)
    assert figure.axes[0].get_ylabel() == "Balance, USD billion"


def test_title_and_key_give_the_years_each_series_covers():
    """Synthetic: DOTS (solid) ends in 2001, China Customs (diamond) has 2002, Census
    (dashed) 2000-2002; the title does not claim 2000-2002 for the solid lines."""
    figure = f1.plot(f1.compute(synthetic_tables(), SPEC), SPEC)
    title = figure._suptitle.get_text()
    assert title.endswith(
        "China-reported 2000-2001 (solid), 2002 (diamonds); partner-reported 2000-2002 (dashed)"
    )
    key = [t.get_text() for t in figure.axes[-1].get_legend().get_texts()]
    assert key == [
        "solid: China-reported (IMF DOTS), 2000-2001",
        "dashed: US-reported (Census), 2000-2002",
        "diamond: China Customs releases, 2002",
    ]
    plt.close(figure)


# --------------------------------------------------------------------------------------
# policy dates
# --------------------------------------------------------------------------------------

EVENTS = [
    {"date": "2001-07-01", "label": "first event"},
    {"date": "2002-01-15", "label": "second event"},
    {"date": "2025-02-04", "label": "after the chart"},
]


def vertical_lines_at(ax, positions) -> int:
    """How many dashed vertical lines stand at ``positions`` (data x)."""
    count = 0
    for line in ax.get_lines():
        xs = list(line.get_xdata())
        if len(xs) == 2 and xs[0] == xs[1] and line.get_linestyle() == "--":
            count += any(abs(xs[0] - x) < 1e-9 for x in positions)
    return count


def test_policy_events_are_dashed_numbered_lines_with_their_key_in_the_note():
    results = f1.compute(synthetic_tables(), SPEC)
    fig = f1.plot(results, {**SPEC, "policy_events": EVENTS})
    ax = fig.axes[0]
    inside = [figures.event_position(e, i) for i, e in enumerate(EVENTS[:2])]
    assert vertical_lines_at(ax, inside) == 2
    # the event after the chart's last year is neither drawn nor listed
    assert vertical_lines_at(ax, [figures.event_position(EVENTS[2], 2)]) == 0
    numbers = [t.get_text() for t in ax.texts]
    assert numbers == ["1", "2"]
    note = " ".join(fig.texts[-1].get_text().split())
    assert note.endswith("Dashed lines, policy dates: (1) first event; (2) second event")
    assert "after the chart" not in note
    plt.close(fig)


def test_without_policy_events_the_figure_is_unchanged():
    results = f1.compute(synthetic_tables(), SPEC)
    plain = f1.plot(results, SPEC)
    for events in (None, []):
        other = f1.plot(results, {**SPEC, "policy_events": events})
        assert len(other.axes[0].get_lines()) == len(plain.axes[0].get_lines())
        assert len(other.axes[0].texts) == len(plain.axes[0].texts) == 0
        assert other.texts[-1].get_text() == plain.texts[-1].get_text() == "synthetic"
        assert vertical_lines_at(other.axes[0], [2000.5, 2001.5]) == 0
        plt.close(other)
    plt.close(plain)


# --------------------------------------------------------------------------------------
# the real canonical tables, with the spec as the workflow builds it from the config
# --------------------------------------------------------------------------------------


def config_spec(project) -> dict:
    """exhibits.F1 of config/config.yaml, resolved as ``exhibit_params`` does."""
    config = yaml.safe_load((project / "config" / "config.yaml").read_text(encoding="utf-8"))
    spec = texts.exhibit_spec(config["exhibits"]["F1"], "F1", "en")
    spec["partner_groups"] = resolve_groups(config["partner_groups"])
    spec["partner_labels"] = {p: group_label(p, config["partner_groups"]) for p in spec["partners"]}
    if spec.get("mark_policy_events"):
        spec["policy_events"] = texts.policy_events(config.get("policy_events", []))
    return spec


@pytest.fixture(scope="module")
def real(project, processed):
    spec = config_spec(project)
    return f1.compute(row_lineage.real(project, processed, f1.TABLES), spec), spec


def test_real_figure_marks_the_policy_dates_inside_its_years(real):
    results, spec = real
    assert spec["policy_events"], "config: exhibits.F1.mark_policy_events is expected to be set"
    fig = f1.plot(results, spec)
    ax = fig.axes[0]
    low, high = ax.get_xlim()
    positions = [figures.event_position(e, i) for i, e in enumerate(spec["policy_events"])]
    inside = [x for x in positions if low <= x <= high]
    # Japan's customs reach 2025, so February 2025 is inside the chart too
    assert len(inside) == len(positions) == 6
    assert vertical_lines_at(ax, inside) == len(inside)
    note = " ".join(fig.texts[-1].get_text().split())
    assert "Dashed lines, policy dates: (1) Jul 2018" in note
    assert "(6) Feb 2025" in note
    plt.close(fig)


def test_real_figure_in_chinese(real):
    results, spec = real
    english = f1.plot(results, spec)
    with i18n.language("zh"):
        chinese = f1.plot(results, {**spec, "text": texts.exhibit_text("F1", "zh")})
        assert_chinese(chinese)
    title_en, title_zh = english._suptitle.get_text(), chinese._suptitle.get_text()
    assert title_zh != title_en and re.search(r"[\u4e00-\u9fff]", title_zh)
    assert "2000-2025" in title_zh
    # the same lines (data and policy dates) in both languages
    assert len(chinese.axes[0].get_lines()) == len(english.axes[0].get_lines())
    assert "虚线为政策日期" in chinese.texts[-1].get_text()
    plt.close(english)
    plt.close(chinese)


def test_real_claims_in_chinese_same_numbers(real):
    results, spec = real
    english = f1.claims(results, spec)
    with i18n.language("zh"):
        chinese = f1.claims(results, spec)
    for column in ("our_text", "explanation"):
        for text in chinese[column]:
            assert re.search(r"[\u4e00-\u9fff]", text), text
            assert not i18n.untranslated_words(text), text
    numeric = ["claim_id", "our_value", "unit", "source", "reporter_side"]
    pd.testing.assert_frame_equal(chinese[numeric], english[numeric])


# --------------------------------------------------------------------------------------
# the caption's years, computed from the tables (chinatrade/captions.py)
# --------------------------------------------------------------------------------------


def caption_in(language: str, results: dict, spec: dict) -> str:
    """F1's caption as the report shows it in ``language``."""
    with i18n.language(language):
        text = texts.exhibit_text("F1", language)
        return captions.caption({"id": "F1", "module": "f1", "spec": spec}, results, text)


def test_real_caption_names_the_years_of_the_data(real):
    results, spec = real
    assert f1_caption.values(results, spec) == {
        "dots_last": 2020,
        "japan_first": 2009,
        "releases": "2021-2024",
        "japan_span": "2009 to the first months of 2026",
    }
    english = " ".join(caption_in("en", results, spec).split())
    assert "imports CIF, to 2020)" in english
    assert "from 2009, Japan's customs" in english
    assert "China Customs releases for 2021-2024 (transcribed)" in english
    chinese = caption_in("zh", results, spec)
    assert "至2020年）" in chinese and "自2009年起" in chinese
    assert "中国海关发布的2021-2024年数据" in chinese


def test_caption_follows_a_newer_vintage(real):
    """DOTS one year longer (2021), the releases from 2022 on, Japan's customs from 2010: the
    caption's years move with the table."""
    results, spec = real
    main = results["main"]
    dots = main["source"] == spec["source_label"]
    later = main[dots & (main["year"] == 2020)].assign(year=2021)
    released_2021 = (main["source"] == spec["transcribed_source_label"]) & (main["year"] == 2021)
    japan_2009 = (main["reported_by"] == "JPN") & (main["year"] == 2009)
    newer = {**results, "main": pd.concat([main[~released_2021 & ~japan_2009], later])}
    assert f1_caption.values(newer, spec) == {
        "dots_last": 2021,
        "japan_first": 2010,
        "releases": "2022-2024",
        "japan_span": "2009 to the first months of 2026",  # japan_reported unchanged
    }
    english = " ".join(caption_in("en", newer, spec).split())
    assert "imports CIF, to 2021)" in english and "from 2010, Japan's" in english
    assert "releases for 2022-2024 (transcribed)" in english
    chinese = caption_in("zh", newer, spec)
    assert (
        "至2021年）" in chinese and "自2010年起" in chinese and "发布的2022-2024年数据" in chinese
    )


def test_claims_vintage_names_the_years_of_the_tables(real):
    """The claims' vintage (replication.csv) says what the tables hold: DOTS to its last year,
    Japan's statistics to the first months of a partial year, or to a full last year."""
    results, spec = real
    (vintage,) = set(f1.claims(results, spec)["vintage"])
    assert vintage == (
        "IMF DOTS as downloaded in February 2022 (data to 2020); US Census country.xlsx of March "
        "2023 and the 2023-2024 extract of 2025; Japan's customs via jp-trade (2009 to the first "
        "months of 2026)"
    )
    japan = results["japan_reported"]
    full = japan[~japan["is_partial_year"].astype(bool)]
    (vintage,) = set(f1.claims({**results, "japan_reported": full}, spec)["vintage"])
    assert vintage.endswith("Japan's customs via jp-trade (2009-2025)")
