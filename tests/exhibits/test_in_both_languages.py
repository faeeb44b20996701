"""The exhibits drawn and claimed in English and in Chinese, with their specs from
config/config.yaml and their text files on the canonical tables: the Chinese figure shows no
English and fits its page, and the tables and claim values do not change with the language.

One table of cases, an exhibit a row: what each Chinese figure and each set of Chinese
explanations must show besides the checks every exhibit shares.
"""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade import figures, i18n, replication
from chinatrade.exhibits import f4, f5, f6, s1
from i18n_check import CJK, assert_chinese, exhibit_in_both_languages, texts_outside


def f4_figure(fig):
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # section names from the sections table's Chinese column, Roman numeral kept
    assert "XVI 机器、机械器具、电气设备及其零件等" in labels
    assert any(label.endswith(" *") for label in labels)


def f4_claims(claims):
    assert "2017年与2019年之间" in claims.iloc[0]["explanation"]


def f5_figure(fig):
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0] == "美国在华直接投资头寸（BEA USDIA）：文件年份1982-2014，2015年7月版"


def f5_claims(claims):
    explanations = claims.set_index("claim_id")["explanation"]
    # the table's codes (series name, flag) in words
    assert "美国在华直接投资头寸（BEA USDIA）2015-2018年：不在文件年份内" in explanations["C48"]
    assert explanations["C47"].endswith("而不是中国对美投资的首个年份。")  # the spec's note


def f6_figure(fig):
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["日本", "韩国"]


def f6_claims(claims):
    explanations = claims.set_index("claim_id")["explanation"]
    assert "按历史成本计价" in explanations["C52"]
    assert "（EWN对外直接投资资产）在1990-1999年有数据" in explanations["C53"]


def s1_figure(fig):
    axes = fig.axes
    bars = [t.get_text() for t in axes[1].get_yticklabels()]
    # section names from the sections table's Chinese column, Roman numeral kept
    assert bars[0] == "XVI 机器、机械器具、电气设备及其零件等"
    legend = axes[0].get_legend().get_title().get_text()
    assert legend == "XVI 机器、机械器具、电气设备及其零件等的占比"


def s1_claims(claims):
    explanations = claims.set_index("claim_id")["explanation"]
    assert "中国与日本的贸易差额总计-32.9十亿美元" in explanations["C36"]
    assert "（与原研究相同）" in explanations["C40"]


# exhibit -> (its module, what its Chinese figure shows, what its Chinese explanations say)
EXHIBITS = {
    "F4": (f4, f4_figure, f4_claims),
    "F5": (f5, f5_figure, f5_claims),
    "F6": (f6, f6_figure, f6_claims),
    "S1": (s1, s1_figure, s1_claims),
}


@pytest.fixture(scope="module", params=list(EXHIBITS))
def config_run(request, processed, project):
    """(exhibit, specs, tables, runs) of one exhibit computed in both languages."""
    exhibit = request.param
    module = EXHIBITS[exhibit][0]
    return exhibit, *exhibit_in_both_languages(module, exhibit, processed, project)


def test_zh_figure_is_chinese_and_fits(config_run, tmp_path):
    exhibit, specs, _, runs = config_run
    module, zh_figure, _ = EXHIBITS[exhibit]
    name = exhibit.lower()
    titles = {}
    for language in ("en", "zh"):
        with i18n.language(language):
            fig = module.plot(runs[language][0], specs[language])
            titles[language] = fig._suptitle.get_text()
            if language == "zh":
                assert_chinese(fig)
                zh_figure(fig)
            assert texts_outside(fig) == []
            figures.save(
                fig, tmp_path / f"{name}_{language}.png", tmp_path / f"{name}_{language}.svg"
            )
    assert titles["zh"] != titles["en"]
    assert CJK.search(titles["zh"]) and not CJK.search(titles["en"])


def test_zh_tables_and_claim_values_are_the_english_ones(config_run):
    exhibit, _, _, runs = config_run
    zh_explanations = EXHIBITS[exhibit][2]
    (en_results, en_claims), (zh_results, zh_claims) = runs["en"], runs["zh"]
    for name, table in en_results.items():
        pd.testing.assert_frame_equal(zh_results[name], table)
    # only our text, the explanation and what is missing are in the reader's language
    worded = list(replication.MESSAGE_COLUMNS)
    pd.testing.assert_frame_equal(
        zh_claims.drop(columns=worded, errors="ignore"),
        en_claims.drop(columns=worded, errors="ignore"),
    )
    missing = [t for t in zh_claims.get("missing", []) if isinstance(t, str) and t]
    for text in [*zh_claims["explanation"], *missing]:
        assert CJK.search(text) and not i18n.untranslated_words(text), text
    # our text is a number, a year or a sentence: a sentence is in Chinese
    english = {
        claim_id: text
        for claim_id, text in zip(zh_claims["claim_id"], zh_claims["our_text"], strict=True)
        if isinstance(text, str) and i18n.untranslated_words(text)
    }
    assert not english, english
    zh_explanations(zh_claims)


def test_claims_captured_in_english_render_as_the_chinese_claims(config_run):
    """The exhibit job computes the claims once, in English, keeping each text's message;
    rendered in Chinese, the messages give exactly the texts that claims() made in Chinese."""
    exhibit, specs, _, runs = config_run
    module = EXHIBITS[exhibit][0]
    (en_results, en_claims), (_, zh_claims) = runs["en"], runs["zh"]
    with i18n.capture():
        captured = replication.check_claims(module.claims(en_results, specs["en"]), exhibit)
    columns = list(replication.MESSAGE_COLUMNS)
    for language, direct in (("en", en_claims), ("zh", zh_claims)):
        shown = replication.rendered(captured, language)
        # an exhibit without the optional columns (missing) gives none: empty
        assert shown[columns].fillna("").values.tolist() == (
            direct.reindex(columns=columns).fillna("").values.tolist()
        ), language
