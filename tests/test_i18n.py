"""The language layer: catalogue look-up, strictness, fields, and the CJK font."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from chinatrade import figures, i18n


@pytest.fixture
def catalogue_dir(tmp_path, monkeypatch):
    """A catalogue root with a zh folder, used instead of the real one."""
    folder = tmp_path / "zh"
    folder.mkdir()
    monkeypatch.setattr(i18n, "CATALOGUE_ROOT", tmp_path)
    i18n.catalogue.cache_clear()
    yield folder
    i18n.catalogue.cache_clear()


def test_english_is_the_text_itself_with_fields_filled():
    with i18n.language("en"):
        assert i18n.tr("Balance with {partner}", partner="Japan") == "Balance with Japan"
        assert i18n.tr("no fields {here}") == "no fields {here}"


def test_chinese_text_comes_from_the_catalogue(catalogue_dir):
    (catalogue_dir / "a.yaml").write_text(
        "'Balance with {partner}': '与{partner}的差额'\nYear: 年份\n", encoding="utf-8"
    )
    with i18n.language("zh"):
        assert i18n.tr("Year") == "年份"
        assert i18n.tr("Balance with {partner}", partner="日本") == "与日本的差额"
    assert i18n.current() == "en"  # the block restores the previous language


def test_missing_translation_names_the_text_and_folder(catalogue_dir):
    (catalogue_dir / "a.yaml").write_text("Year: 年份\n", encoding="utf-8")
    with i18n.language("zh"), pytest.raises(i18n.MissingTranslation, match="'Month'.*zh"):
        i18n.tr("Month")


def test_conflicting_translations_across_files_are_refused(catalogue_dir):
    (catalogue_dir / "a.yaml").write_text("Year: 年份\n", encoding="utf-8")
    (catalogue_dir / "b.yaml").write_text("Year: 年度\n", encoding="utf-8")
    with pytest.raises(ValueError, match="b.yaml.*'Year'.*a.yaml"):
        i18n.catalogue("zh")


def test_a_translation_must_keep_the_fields(catalogue_dir):
    (catalogue_dir / "a.yaml").write_text("'{share} of {total}': '{share}'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="fields"):
        i18n.catalogue("zh")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'fr'"):
        i18n.set_language("fr")


def test_real_catalogue_loads_and_keeps_fields():
    i18n.catalogue.cache_clear()
    entries = i18n.catalogue("zh")
    assert entries, "the zh catalogue is empty"
    for english, chinese in entries.items():
        assert chinese.strip(), english
        assert not i18n.untranslated_words(chinese), (english, chinese)


def test_untranslated_words_finds_english_but_keeps_source_names():
    assert i18n.untranslated_words("中国报告 (IMF DOTS)，十亿美元") == []
    assert i18n.untranslated_words("China-reported 十亿美元") == ["China-reported"]


def test_chinese_figures_use_the_cjk_font_and_english_ones_do_not():
    with i18n.language("zh"):
        figures.apply_style()
        assert plt.rcParams["font.sans-serif"][0] == figures.CJK_FONT_FAMILY
        fig, ax = plt.subplots()
        text = ax.set_title("中国对美国的顺差")
        fig.canvas.draw()  # glyph look-up happens at draw time
        font = text.get_fontproperties()
        from matplotlib import font_manager

        path = font_manager.findfont(font, fallback_to_default=False)
        assert path.endswith(figures.CJK_FONT_FILE.split("/")[-1])
        plt.close(fig)
    figures.apply_style()
    assert plt.rcParams["font.sans-serif"][0] != figures.CJK_FONT_FAMILY


def test_notes_wrap_by_printed_width():
    english = "word " * 80
    assert figures.wrap_note(english, 40) == __import__("textwrap").fill(english.strip(), 40)
    chinese = "中国对美国的货物贸易顺差，" * 20
    lines = figures.wrap_note(chinese, 40).splitlines()
    assert len(lines) > 1
    assert all(len(line) * 2 <= 40 + 2 for line in lines), lines
    assert not any(line.startswith("，") for line in lines)
    assert "".join(lines) == chinese


def test_chinese_note_is_wrapped_without_splitting_words_or_brackets():
    note = "资料来源：联合国商品贸易统计数据库（UN Comtrade），报告方为美国。" * 6
    lines = figures.wrap_note(note).split("\n")
    # a line may break at the space between two Latin words, nowhere inside one
    assert len(lines) > 1 and "".join(lines).replace(" ", "") == note.replace(" ", "")
    for line in lines:
        assert not line.startswith(("，", "。", "）")) and not line.endswith("（")
        assert set(re.findall("[A-Za-z]+", line)) <= {"UN", "Comtrade"}, line


# --- messages: texts captured in English, rendered in any language later ---------------


@pytest.fixture
def messages_catalogue(catalogue_dir):
    (catalogue_dir / "a.yaml").write_text(
        "'Balance with {partner}': '与{partner}的差额'\n"
        "Japan: 日本\n"
        "'{total:,.1f} in {year}': '{year}年为{total:,.1f}'\n"
        "'{listing}, {item}': '{listing}、{item}'\n"
        "Yes.: 是。\n"
        "No.: 否。\n",
        encoding="utf-8",
    )
    return catalogue_dir


def made_twice(make):
    """``make()`` under capture, and ``make()`` run directly in Chinese."""
    with i18n.capture():
        captured = make()
    with i18n.language("zh"):
        direct = make()
    return captured, direct


def test_capture_gives_the_english_text_that_remembers_its_template(messages_catalogue):
    with i18n.language("zh"), i18n.capture():
        assert i18n.current() == "en"  # claims are computed in the source language
        text = i18n.tr("{total:,.1f} in {year}", total=1234.56, year=2018)
    assert i18n.current() == "en" and not i18n.capturing()
    assert isinstance(text, i18n.Message) and text == "1,234.6 in 2018"
    assert text.node == {"tr": "{total:,.1f} in {year}", "fields": {"total": 1234.56, "year": 2018}}
    assert i18n.render(text, "zh") == "2018年为1,234.6"
    assert i18n.tr("Japan") == "Japan" and not isinstance(i18n.tr("Japan"), i18n.Message)


def test_rendering_in_chinese_equals_translating_directly(messages_catalogue):
    import numpy as np

    def make():
        partner = i18n.tr("Balance with {partner}", partner=i18n.tr("Japan"))
        listing = i18n.join_items(["a", i18n.tr("Japan"), "c"], "{listing}, {item}")
        return i18n.join_sentences(
            i18n.tr("Yes."),
            "",  # empty sentences are left out
            i18n.tr("{total:,.1f} in {year}", total=np.float64(2.25), year=np.int64(2020)),
            i18n.verbatim("{partner} ({listing})", partner=partner, listing=listing),
            i18n.join("; ", [i18n.tr("No."), "x"]),
            i18n.by_language({"en": "codes", "zh": i18n.tr("Japan")}),
        )

    captured, direct = made_twice(make)
    assert captured == "Yes. 2.2 in 2020 Balance with Japan (a, Japan, c) No.; x codes"
    assert direct == "是。2020年为2.2与日本的差额 (a、日本、c)否。; x日本"
    assert i18n.render(captured, "zh") == direct
    assert i18n.render(captured, "en") == captured


def test_a_message_survives_json(messages_catalogue):
    with i18n.capture():
        text = i18n.join_sentences(
            i18n.tr("Balance with {partner}", partner=i18n.tr("Japan")),
            i18n.tr("{total:,.1f} in {year}", total=float("nan"), year=True),
        )
    stored = i18n.to_json(text)
    assert "日本" not in stored  # language-free: the English templates and the fields
    again = i18n.from_json(stored)
    assert again == text and i18n.to_json(again) == stored  # (nan != nan in the nodes)
    assert i18n.render(stored, "zh") == i18n.render(text, "zh") == "与日本的差额True年为nan"
    assert i18n.to_json("plain text") == '"plain text"'
    assert i18n.render('"plain text"', "zh") == "plain text"  # a literal in every language


def test_a_text_of_a_text_file_is_kept_by_its_id(tmp_path, monkeypatch):
    from chinatrade import texts

    for language, label in (("en", "Census seven"), ("zh", "Census 七经济体")):
        folder = tmp_path / language / "exhibits"
        folder.mkdir(parents=True)
        (folder / "X1.yaml").write_text(f"series:\n  seven: {label}\n", encoding="utf-8")
    monkeypatch.setattr(texts, "TEXT_ROOT", tmp_path)
    with i18n.capture():
        text = i18n.text_of("Census seven", "exhibits/X1", "series", "seven")
    assert text == "Census seven"
    assert i18n.render(i18n.to_json(text), "zh") == "Census 七经济体"
    with i18n.language("zh"):
        assert i18n.text_of("Census seven", "exhibits/X1", "series", "seven") == "Census 七经济体"


def test_a_field_that_a_message_cannot_keep_is_an_error():
    with i18n.capture(), pytest.raises(TypeError, match="field 'when'"):
        i18n.tr("{when}", when=object())
    with pytest.raises(ValueError, match="a text for each of"):
        i18n.by_language({"en": "only English"})


def test_a_missing_translation_is_found_when_the_message_is_rendered(catalogue_dir):
    with i18n.capture():
        text = i18n.tr("Not in any catalogue")
    assert text == "Not in any catalogue"
    with pytest.raises(i18n.MissingTranslation, match="Not in any catalogue"):
        i18n.render(text, "zh")


def test_join_and_lists_in_each_language():
    assert i18n.join_and([]) == "" and i18n.join_and(["2011"]) == "2011"
    assert i18n.join_and(["2007", "2011"]) == "2007 and 2011"
    assert i18n.join_and(["2000", "2007", "2011"]) == "2000, 2007 and 2011"
    with i18n.language("zh"):
        assert i18n.join_and(["2000", "2007", "2011"]) == "2000、2007和2011"


def test_a_count_is_written_in_words_up_to_ten_in_the_readers_language():
    assert [i18n.number_in_words(n) for n in (0, 9, 10, 11)] == ["zero", "nine", "ten", "11"]
    with i18n.language("zh"):
        assert [i18n.number_in_words(n) for n in (2, 9, 10, 12)] == ["二", "九", "十", "12"]
