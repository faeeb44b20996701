"""The report's prose and tables are computed from the workflow's outputs."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest
import yaml

from chinatrade import i18n, layout, summary, texts
from i18n_check import CJK


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
            "claim_of": ["study", "study", "study"],
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
    assert "0 partly computable" in text and "1 not computable" in text
    # a news claim is counted apart, never among the study's
    news = replication_rows().assign(claim_of=["study", "study", "news"])
    text = summary.replication_summary(news)
    assert "Of the study's 2 numbered claims" in text
    assert "The 1 claims of the news pieces are counted apart: 1 not computable." in text


def test_claims_view_of_one_exhibit():
    view = summary.claims_view(replication_rows(), "F2")
    assert list(view["id"]) == ["C10", "C11"]
    assert list(view["ours"]) == ["80.1", "n/a"]
    assert view.iloc[1]["verdict"] == "not computable"


def test_claims_view_writes_years_without_a_thousands_separator():
    rows = replication_rows().assign(our_value=[1983.0, 80.1, float("nan")])
    rows.loc[0, "unit"] = "year"
    assert summary.claims_view(rows).iloc[0]["ours"] == "1983"


# --- the reader's language ---------------------------------------------------------------------

NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def chinese_prose(text: str) -> None:
    """``text`` is Chinese: it has CJK characters and no English words (code spans aside)."""
    assert CJK.search(text), text
    shown = re.sub(r"`[^`]*`", " ", text)
    assert not i18n.untranslated_words(shown), (i18n.untranslated_words(shown), text)


def same_numbers(english: str, chinese: str) -> None:
    assert Counter(NUMBER.findall(chinese)) == Counter(NUMBER.findall(english)), (
        english,
        chinese,
    )


def both(function, *args, **kwargs):
    with i18n.language("en"):
        english = function(*args, **kwargs)
    with i18n.language("zh"):
        chinese = function(*args, **kwargs)
    return english, chinese


def test_sentences_in_chinese_have_the_same_numbers(balances, growth, claims):
    english, chinese = both(summary.replication_summary, replication_rows())
    chinese_prose(chinese)
    same_numbers(english, chinese)
    assert "2项复现一致" in chinese and "1项无法计算" in chinese


def test_regression_reading_in_chinese():
    one = pd.DataFrame(
        {
            "term_role": ["regressor"],
            "by_value": ["all"],
            "term": ["log_position_ratio"],
            "estimate": [0.00651],
            "std_error": [0.0152],
            "p_value": [0.67],
        }
    )
    # the title comes in the reader's language (the regressions' text files)
    title = {
        language: texts.regression_text("fdi_asymmetry_no_fe", language)["title"]
        for language in ("en", "zh")
    }

    def reading(data, spec_id):
        readings = []
        for language in ("en", "zh"):
            with i18n.language(language):
                readings.append(summary.regression_reading(data, spec_id, title[language]))
        return readings

    english, chinese = reading(one, "fdi_asymmetry_no_fe")
    assert english.startswith(f"**{title['en']}** (fdi_asymmetry_no_fe): the coefficient on")
    chinese_prose(chinese)
    same_numbers(english, chinese)
    assert "直接投资头寸比（对数）的系数为0.007" in chinese
    by_year = pd.concat([one.assign(by_value="2000"), one.assign(by_value="2001", p_value=0.01)])
    english, chinese = reading(by_year, "wiod_by_year")
    chinese_prose(chinese)
    same_numbers(english, chinese)


def test_tables_in_chinese_translate_headers_and_verdicts_not_values():
    english, chinese = both(summary.claims_view, replication_rows())
    assert list(chinese["verdict"]) == ["复现一致", "复现一致", "无法计算"]
    for column in ("id", "year", "study"):
        assert list(chinese[column]) == list(english[column])
    # the study's claim: the claims file's English, in Chinese the text of its id
    assert list(english["claim"]) == ["growth", "share", "net exports"]
    assert list(chinese["claim"]) == [
        "2000-2019年中国对美国顺差的年均增速",
        "贸易规模最大的九个省份占全国贸易的比重",
        "广东净出口",
    ]
    assert list(chinese["ours"]) == ["12.83", "80.1", "不适用"]
    with i18n.language("en"):
        english_html = summary.show(english).to_html()
    with i18n.language("zh"):
        chinese_html = summary.show(chinese).to_html()
    assert ">verdict<" in english_html and ">why, and the data used<" in english_html
    assert ">结论<" in chinese_html and ">原因及所用数据<" in chinese_html
    assert ">verdict<" not in chinese_html and "80.1" in chinese_html


def study_claims_as_replication_rows(project) -> pd.DataFrame:
    """Every claim of the study's claims file as a replication row (our side synthetic)."""
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    claims = pd.read_csv(project / config["study_claims"], dtype=str, keep_default_na=False)
    return pd.DataFrame(
        {
            "claim_id": claims["id"],
            "claim_of": ["news" if i.startswith("N") else "study" for i in claims["id"]],
            "computed_in": claims["exhibit"],
            "claim": claims["claim"],
            "year": claims["year"],
            "study_value": claims["paper_value"],
            "our_value": float("nan"),
            "our_text": "",
            "unit": claims["unit"],
            "verdict": "not computable",
            "explanation": "",
            "source": "",
            "reporter_side": "",
        }
    )


def test_the_claim_column_is_the_study_claim_in_the_readers_language(project):
    """English shows the claims file's summary unchanged; Chinese the Chinese summary of the
    claim's id (workflow/report/text/zh/claims.yaml), with no English word, for every claim."""
    rows = study_claims_as_replication_rows(project)
    texts._read.cache_clear()
    english, chinese = both(summary.claims_view, rows)
    assert list(english["claim"]) == list(rows["claim"])
    assert "China goods trade surplus" in list(english["claim"])
    shown = dict(zip(chinese["id"], chinese["claim"], strict=True))
    assert shown == texts.claim_summaries("zh")
    for claim_id, text in shown.items():
        assert CJK.search(text) and not i18n.untranslated_words(text), (claim_id, text)
    assert shown["C01"] == "中国货物贸易顺差"
    assert shown["C55"] == "1965-1980年间美国对亚洲的货物贸易逆差扩大"
    # the ids, years and the study's values are those of the English view
    pd.testing.assert_frame_equal(
        chinese[["id", "year", "study"]], english[["id", "year", "study"]]
    )
    # the table as the report prints it (chinatrade.layout): the claim column is Chinese
    with i18n.language("zh"):
        html = summary.show(layout.claims_table(rows.iloc[:5])).to_html()
    assert ">中国货物贸易顺差<" in html and "China goods trade surplus" not in html


def test_a_claim_without_its_chinese_summary_names_the_id_and_the_file(tmp_path, monkeypatch):
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "claims.yaml").write_text(
        "C07: 中国对美国顺差的年均增速\n", encoding="utf-8"
    )
    monkeypatch.setattr(texts, "TEXT_ROOT", tmp_path)
    texts._read.cache_clear()
    try:
        with i18n.language("en"):
            assert list(summary.claims_view(replication_rows())["claim"])[0] == "growth"
        with i18n.language("zh"), pytest.raises(texts.TextError) as error:
            summary.claims_view(replication_rows())
    finally:
        texts._read.cache_clear()
    assert "claim 'C10'" in str(error.value)
    assert str(tmp_path / "zh" / "claims.yaml") in str(error.value)


def test_f1_tables_in_chinese(balances, growth, claims):
    english, chinese = both(summary.selected_years_table, balances, [2001])
    assert list(chinese.index) == ["美国", "日本"]
    assert list(chinese[2001]) == list(english[2001])
    english, chinese = both(summary.growth_comparison, growth, claims, SPEC)
    assert list(chinese["balance"]) == ["顺差", "逆差"]
    pd.testing.assert_frame_equal(
        chinese.drop(columns=["partner", "balance"]), english.drop(columns=["partner", "balance"])
    )


def appendix_line(entry: dict) -> str:
    """The data appendix's English line of a manifest entry, as the report showed it before
    the descriptions were translated: English keeps it byte for byte."""
    origin = entry["origin_url"] or entry["source_pages"] or "(no public address: snapshot only)"
    return (
        f"- **{entry['file']}** ({entry['kind']}): {entry['publisher']}, {entry['dataset']}. "
        f"Units: {entry['units']}. Coverage: {entry['coverage']}. SHA-256 `{entry['sha256']}`, "
        f"{int(entry['bytes']):,} bytes. Origin: {origin}"
    )


def test_data_appendix_in_chinese(project):
    """In Chinese the appendix line shows the raw file's descriptions of raw_files.yaml, with
    the manifest's file name, kind, checksum, size and origin; English shows the manifest's own,
    as before, for every file."""
    manifest = pd.read_csv(
        project / "config/raw_data_manifest.csv", dtype=str, keep_default_na=False
    )
    english, chinese = both(summary.raw_files_markdown, manifest, ["dots_workbook_chn"])
    assert "单位：" in chinese and "字节" in chinese and "（原始文件）" in chinese
    entry = manifest.set_index("id", drop=False).loc["dots_workbook_chn"].to_dict()
    texts._read.cache_clear()
    described = texts.raw_file_text(entry, "zh")
    assert chinese == (
        "- **bilateral/original/imf_dots_DOTS_40_China_mainland.xlsx**（原始文件）："
        f"{described['publisher']}，{described['dataset']}。单位：{described['units']}。"
        f"覆盖范围：{described['coverage']}。SHA-256 `{entry['sha256']}`，174,994字节。"
        f"来源：{entry['origin_url']}"
    )
    assert described["publisher"] == "国际货币基金组织（IMF）"
    assert "数据门户导出的Excel文件" in described["dataset"]
    for field in ("dataset", "units", "coverage"):  # the publisher, "IMF", is kept in it
        assert entry[field] not in chinese, field  # no English description left
    # the frame keeps every number but the descriptions' (their years are checked in
    # tests/test_texts.py)
    for field in sorted(texts.RAW_FILE_FIELDS, key=lambda f: -len(entry[f])):  # IMF last
        english = english.replace(entry[field], "")
    for field in sorted(texts.RAW_FILE_FIELDS, key=lambda f: -len(described[f])):
        chinese = chinese.replace(described[field], "")
    same_numbers(english, chinese)
    # English: the manifest's own descriptions, line by line as before, for every file
    with i18n.language("en"):
        text = summary.raw_files_markdown(manifest, list(manifest["id"]))
    assert text == "\n".join(appendix_line(row) for row in manifest.to_dict("records"))


def test_a_stale_chinese_description_stops_the_appendix(project):
    """A manifest whose English changed since its translation: the Chinese appendix stops,
    naming the file and the id; the English one shows the new text."""
    manifest = pd.read_csv(
        project / "config/raw_data_manifest.csv", dtype=str, keep_default_na=False
    )
    manifest.loc[manifest["id"] == "dots_workbook_chn", "coverage"] = "reporter China, 1961-2020"
    texts._read.cache_clear()
    with i18n.language("zh"), pytest.raises(texts.TextError) as error:
        summary.raw_files_markdown(manifest, ["dots_workbook_usa", "dots_workbook_chn"])
    assert "'dots_workbook_chn'" in str(error.value) and "raw_files.yaml" in str(error.value)
    assert "'reporter China, 1961-2020'" in str(error.value)
    with i18n.language("en"):
        assert "Coverage: reporter China, 1961-2020." in summary.raw_files_markdown(
            manifest, ["dots_workbook_chn"]
        )


def test_every_text_the_report_shows_has_a_chinese_text(project):
    """Exhibit titles and captions, model titles and notes (text files), partner group labels."""
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    shown = []
    for exhibit in config["exhibits"]:
        chinese = texts.exhibit_text(exhibit, "zh")
        shown += [chinese["title"], chinese["caption"]]
    for spec_id in config["regressions"]:
        chinese = texts.regression_text(spec_id, "zh")
        shown += [chinese["title"], chinese["note"]]
    for text in shown:
        chinese_prose(text)
    with i18n.language("zh"):
        for group in config["partner_groups"].values():
            chinese_prose(i18n.tr(group["label"]))


def test_exhibit_ids_that_are_words_are_named_in_chinese():
    with i18n.language("zh"):
        assert summary.exhibit_id("INTRO") == "引言" and summary.exhibit_id("F1") == "F1"
    assert summary.exhibit_id("INTRO") == "INTRO"


def _sections_table() -> pd.DataFrame:
    """A hand-made F4 table: three sections, two years, totals as their sum."""
    rows = [
        ("XVI", "XVI Machinery", True, {2017: 200.0, 2025: 100.0}),
        ("XX", "XX Misc.", True, {2017: 50.0, 2025: -5.0}),
        ("I", "I Live animals", False, {2017: 0.5, 2025: -0.5}),
    ]
    totals = {2017: 250.5, 2025: 94.5}
    return pd.DataFrame(
        [
            {
                "section_roman": roman,
                "section_label": label,
                "is_major": major,
                "year": year,
                "balance_usd_billions": value,
                "total_surplus_usd_billions": totals[year],
            }
            for roman, label, major, values in rows
            for year, value in values.items()
        ]
    )


def test_section_findings_follow_the_largest_sections_and_sign_changes():
    spec = {"exhibit": "F4", "years": [2017, 2025], "top": 1}
    total, top, flips = summary.section_findings(_sections_table(), spec)
    assert "2017: 250.5, 2025: 94.5" in total and "-62.3%" in total
    assert "XVI Machinery 200.0 -> 100.0" in top
    assert "79.8% of the surplus in 2017 and 105.8% in 2025" in top
    assert "XX Misc. (+50.0 -> -5.0)" in flips.split("minor")[0]
    assert "I Live animals (+0.5 -> -0.5)" in flips.split("minor")[1]
    with i18n.language("zh"):
        chinese = summary.section_findings(_sections_table(), spec)
    assert "第XVI类" in chinese[1] and not any(i18n.untranslated_words(s) for s in chinese)


def test_section_findings_refuse_a_year_without_data():
    with pytest.raises(ValueError, match="beyond_sections.years.*2030"):
        summary.section_findings(
            _sections_table(), {"exhibit": "F4", "years": [2017, 2030], "top": 1}
        )
