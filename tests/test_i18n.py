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
