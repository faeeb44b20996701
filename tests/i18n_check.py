"""Test helpers: every text drawn in a figure, and the English words left in a Chinese one."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.text import Text

from chinatrade import i18n


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
