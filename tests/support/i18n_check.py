"""Test helpers: every text drawn in a figure, and the English words left in a Chinese one."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import matplotlib.pyplot as plt
import yaml
from matplotlib.text import Text

import row_lineage
from chinatrade import i18n, texts


def figure_texts(fig: plt.Figure) -> list[str]:
    """Every visible, non-empty text of ``fig``: titles, labels, ticks, legends, notes."""
    fig.canvas.draw()  # tick labels exist only once drawn
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def english_left(fig: plt.Figure) -> dict[str, list[str]]:
    """Text -> its untranslated words, for the texts of ``fig`` that still show English."""
    found = {}
    for text in figure_texts(fig):
        words = i18n.untranslated_words(text)
        if words:
            found[text] = words
    return found


def assert_chinese(fig: plt.Figure) -> None:
    """Fail naming each text of ``fig`` that still shows English words."""
    left = english_left(fig)
    assert not left, "English left in the Chinese figure:\n" + "\n".join(
        f"  {text!r}: {words}" for text, words in left.items()
    )


def texts_outside(fig: plt.Figure) -> list[str]:
    """The drawn texts of ``fig`` that reach beyond its edges (cut off in the PNG)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    undrawn = set()  # the labels of ticks outside the axis limits exist but are not drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            slack = 1e-9 * (high - low)
            for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
                if not low - slack <= tick.get_loc() <= high + slack:
                    undrawn.update({id(tick.label1), id(tick.label2)})
    outside = []
    for text in fig.findobj(Text):
        if not (text.get_visible() and text.get_text().strip()) or id(text) in undrawn:
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            outside.append(text.get_text())
    return outside


CJK = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character


# the keys of a spec whose texts the exhibit modules read from spec["text"]
TEXT_KEYS = (
    "title",
    "source_note",
    "figure_title",
    "figure_subtitle",
    "definition_labels",
    "asia_series",
    "tariff_events",
    "claims",
    "country_names",
    "focus_partner_names",
    "memo_partner_names",
    "member_names",
)


def with_texts(spec: dict) -> dict:
    """A hand-written English ``spec`` with its texts also under ``text``, as
    ``chinatrade.texts.exhibit_spec`` gives a spec in English."""
    return {**spec, "text": copy.deepcopy({k: spec[k] for k in TEXT_KEYS if k in spec})}


def config_spec(project: Path, exhibit: str, language: str = "en") -> dict:
    """``exhibit``'s spec from config/config.yaml and its text files, in ``language``."""
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    return texts.exhibit_spec(config["exhibits"][exhibit], exhibit, language)


def exhibit_in_both_languages(module, exhibit: str, processed: Path, project: Path):
    """(specs, tables, {language: (results, claims)}) of ``exhibit`` with its spec from
    config/config.yaml and its text files on the canonical tables, computed in English and in
    Chinese; ``specs``: language -> spec."""
    specs = {language: config_spec(project, exhibit, language) for language in ("en", "zh")}
    # as the exhibit job loads them: each row with its raw files' ids
    tables = row_lineage.real(project, processed, specs["en"]["tables"])
    runs = {}
    for language, spec in specs.items():
        with i18n.language(language):
            results = module.compute(tables, spec)
            runs[language] = (results, module.claims(results, spec))
    return specs, tables, runs


def filled_text(exhibit: str, key: str, values: dict, language: str = "en") -> str:
    """The exhibit's text ``key`` in ``language``, its fields filled with ``values`` (as the
    report and the figure jobs fill them, chinatrade/captions.py)."""
    return texts.fill(texts.exhibit_text(exhibit, language)[key], values, f"{exhibit}.{key}")
