"""One figure style for every exhibit, and deterministic PNG/SVG output."""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import re
import textwrap
import unicodedata
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen on the build machines

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import MultipleLocator  # noqa: E402

from chinatrade import i18n, texts  # noqa: E402
from chinatrade.io import atomic_path  # noqa: E402

PNG_DPI = 150

# Chinese labels are drawn with Noto Sans CJK SC from the pinned PyPI package mplfonts (its
# font file only; the package's own matplotlibrc tools are not used), so every machine draws
# them with the same glyphs; Latin text falls back to matplotlib's DejaVu Sans.
CJK_FONT_FAMILY = "Noto Sans CJK SC"
CJK_FONT_FILE = "fonts/NotoSansCJKsc-Regular.otf"


@cache
def cjk_font() -> str:
    """Register the CJK font with matplotlib and return its family name."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "Chinese figure labels (report.language: zh) need the font package mplfonts: "
            "pip install -r requirements.txt"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / CJK_FONT_FILE
    if not path.is_file():
        raise RuntimeError(f"the CJK font {path} is missing from the mplfonts package")
    font_manager.fontManager.addfont(str(path))
    return CJK_FONT_FAMILY


def apply_style() -> None:
    """The house style: seaborn whitegrid, dark palette plus markers, fixed SVG ids.

    In Chinese (``i18n.current() == "zh"``) text is set in the CJK font, falling back to
    DejaVu Sans for any glyph the CJK font lacks.
    """
    # Dark2 stays legible on white for all its eight colours (the 'colorblind'
    # palette's pink and grey are faint); lines also differ by marker.
    sns.set_theme(style="whitegrid", context="notebook", palette="Dark2")
    plt.rcParams.update(
        {
            "figure.figsize": (11, 6),
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "legend.frameon": False,
            # SVG element ids derive from this salt instead of a random one, so two
            # runs write byte-identical SVG files.
            "svg.hashsalt": "chinatrade",
        }
    )
    if i18n.current() == "zh":
        plt.rcParams["font.family"] = "sans-serif"
        plt.rcParams["font.sans-serif"] = [cjk_font(), "DejaVu Sans"]
        plt.rcParams["axes.titleweight"] = "normal"


def title_weight() -> str:
    """Bold titles in English; the CJK font has no bold face, so Chinese ones are normal."""
    return "bold" if i18n.current() == i18n.SOURCE_LANGUAGE else "normal"


def set_titles(fig: plt.Figure, ax: plt.Axes, title: str, subtitle: str) -> None:
    """A title that says what the chart shows and a subtitle for reporter and sign."""
    size = 14 if i18n.current() == "en" else 15  # a size larger where there is no bold
    fig.suptitle(title, x=0.01, ha="left", fontsize=size, fontweight=title_weight())
    ax.set_title(subtitle, loc="left", fontsize=10.5, fontweight="normal", color="0.25")


def year_axis(ax: plt.Axes, first: int, last: int) -> None:
    """Whole years on the x axis, with a little room at both ends."""
    step = 5 if last - first > 12 else 1
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_minor_locator(MultipleLocator(1))
    ax.set_xlim(first - 0.5, last + 0.5)


# punctuation that must not begin a line, and brackets that must not end one
_CLOSING = "，。；：、）》」』！？,.;:)"
_OPENING = "（《「『“‘"
NOTE_FONT_SIZE = 8.5


def wrap_note(note: str, width: int = 150) -> str:
    """``note`` on lines of at most ``width`` Latin-character widths.

    English is wrapped at spaces (``textwrap``). Text with Chinese characters, which print
    about twice as wide as Latin ones and need no spaces to break, is wrapped by printed
    width: a Latin word stays whole with the character after it (``2020年``, ``CIF）``), an
    opening bracket goes with what follows it, and closing punctuation never starts a line.
    """
    text = " ".join(note.split())
    if all(unicodedata.east_asian_width(c) not in "WF" for c in text):
        return textwrap.fill(text, width=width)
    tokens = re.findall(rf"\s+|[{_OPENING}]*(?:[!-~]+[^\s!-~{_OPENING}]?|\S)", text)
    lines, line, used = [], "", 0
    for token in tokens:
        size = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in token)
        if line and used + size > width and not token.isspace() and token[0] not in _CLOSING:
            lines.append(line.rstrip())
            line, used = "", 0
        if not line and token.isspace():
            continue
        line, used = line + token, used + size
    lines.append(line.rstrip())
    return "\n".join(lines)


def add_source_note(fig: plt.Figure, note: str) -> None:
    """Put the data source, reporter side and units under the chart, laying the axes out
    above it: the room kept is that of the note's lines (at least 7% of the height)."""
    text = wrap_note(note, width=150)
    lines = text.count("\n") + 1
    height = fig.get_size_inches()[1] * 72  # points
    bottom = 0.01 + (lines * NOTE_FONT_SIZE * 1.35 + 6) / height
    fig.tight_layout(rect=(0, max(0.07, bottom), 1, 1))
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=NOTE_FONT_SIZE, color="0.3")


def save(fig: plt.Figure, png: str | Path, svg: str | Path) -> None:
    """Write PNG and SVG without timestamps (identical bytes on every run)."""
    with atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", dpi=PNG_DPI, metadata={"Software": None})
    with atomic_path(svg) as tmp:
        fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)


# ----------------------------------------------------------------------------- policy dates

# the numbers of close policy lines are staggered over these heights (axes fraction)
EVENT_NUMBER_HEIGHTS = (0.975, 0.915, 0.855)


def event_position(event: dict, index: int) -> float:
    """An event's place on a year axis: ``date`` (ISO date) as a fraction of its year, or
    ``year``. Annual values are drawn at their whole year, so a July-2018 line falls between
    the 2018 and 2019 points. Messages name the config key ``policy_events[index]``."""
    key = f"policy_events[{index}]"
    if not isinstance(event, dict) or "label" not in event:
        raise ValueError(f"config '{key}' needs a 'label' and a 'date' or 'year'")
    if "date" in event:
        raw = event["date"]
        try:
            date = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        except ValueError as error:
            raise ValueError(f"config '{key}.date' = {raw!r} is not an ISO date") from error
        days = 366 if (date.year % 4 == 0 and date.year % 100 != 0) or date.year % 400 == 0 else 365
        return date.year + (date.timetuple().tm_yday - 1) / days
    if "year" in event:
        year = event["year"]
        if isinstance(year, bool) or not isinstance(year, int):
            raise ValueError(f"config '{key}.year' = {year!r} is not a whole year")
        return float(year)
    raise ValueError(f"config '{key}' needs a 'date' or a 'year'")


def policy_events(events: list[dict] | None) -> list[tuple[int, float, str]]:
    """(number from 1, position on the year axis, label in the current language) per event:
    the English ``label`` the spec holds, or the event's text in ``policy_events.yaml`` of
    the current language (``chinatrade.texts.event_id``)."""
    return [
        (
            i + 1,
            event_position(event, i),
            i18n.text_of(str(event["label"]), "policy_events", texts.event_id(event)),
        )
        for i, event in enumerate(events or [])
    ]


def mark_policy_events(ax: plt.Axes, events: list[dict] | None, numbers: bool = True) -> None:
    """Thin dashed vertical lines at the policy dates, numbered at the top of ``ax``.

    The numbers refer to :func:`policy_event_key`, which the figure shows once (in a legend
    or its note). Only events inside the axis's current x range are drawn.
    """
    low, high = ax.get_xlim()
    for number, x, _ in policy_events(events):
        if not low <= x <= high:
            continue
        ax.axvline(x, color="0.45", linewidth=0.8, linestyle=(0, (4, 2)), zorder=1)
        if numbers:
            ax.annotate(
                str(number),
                (x, EVENT_NUMBER_HEIGHTS[(number - 1) % len(EVENT_NUMBER_HEIGHTS)]),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="top",
                fontsize=7.5,
                color="0.25",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
                zorder=4,
            )


def policy_events_in_view(ax: plt.Axes, events: list[dict] | None) -> list[dict]:
    """The events whose date lies inside the x range of ``ax`` (set the limits first): the
    ones to draw and to name in the key, so that the key lists no line the chart lacks."""
    low, high = ax.get_xlim()
    return [
        event for i, event in enumerate(events or []) if low <= event_position(event, i) <= high
    ]


def policy_event_key(events: list[dict] | None) -> str:
    """One line naming every numbered policy line, e.g. for the figure's note."""
    items = [f"({number}) {label}" for number, _, label in policy_events(events)]
    if not items:
        return ""
    return i18n.tr("Dashed lines, policy dates: {items}", items="; ".join(items))


def policy_year_range(events: list[dict] | None, first: int, last: int) -> tuple[int, int]:
    """``first``-``last`` widened to the years of the events (for the x limits)."""
    positions = [x for _, x, _ in policy_events(events)]
    if not positions:
        return first, last
    return min(first, math.floor(min(positions))), max(last, math.floor(max(positions)))
