"""One figure style for every exhibit, and deterministic PNG/SVG output."""

from __future__ import annotations

import importlib.util
import re
import textwrap
import unicodedata
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen on the build machines

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import MultipleLocator  # noqa: E402

from chinatrade import i18n, lean_imports  # noqa: E402
from chinatrade.atomic import atomic_path  # noqa: E402
from chinatrade.policy_dates import (  # noqa: E402, F401  (figures.event_position, .policy_events)
    event_position,
    policy_events,
)

# seaborn without scipy.stats and scipy.cluster, which only its density estimates and clustered
# heatmaps use (chinatrade/lean_imports.py): about 1 s less for every figure job
sns = lean_imports.import_without("seaborn", ("scipy.stats", "scipy.cluster"))

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


# the most data lines one panel may hold (tests/exhibits/test_lines_per_panel.py); a figure
# with more series splits them over panels
MAX_LINES_PER_PANEL = 6


def split_evenly(items: list, panels: int) -> list[list]:
    """``items`` in order over ``panels`` groups whose sizes differ by one at most (the first
    groups the larger), e.g. 8 partners over 2 panels: 4 and 4."""
    size, extra = divmod(len(items), panels)
    groups, start = [], 0
    for i in range(panels):
        end = start + size + (1 if i < extra else 0)
        groups.append(list(items[start:end]))
        start = end
    return groups


# ----------------------------------------------------------------------------- policy dates

# Policy lines closer together than this on the page (points) share one number label ("1-5")
# over a shaded band: five tariff rounds within 18 months are a smear of numbers on a
# 60-year axis, but stay apart on an 8-year one.
EVENT_MIN_GAP_PT = 16.0
# a group's label sits at the top of the axes; a neighbour's label closer than this (points)
# goes one step lower, so that two labels never overlap
EVENT_LABEL_GAP_PT = 30.0
EVENT_LABEL_HEIGHTS = (0.975, 0.905)
POLICY_GID = "policy_event"  # gid of every artist marking a policy date (tests skip them)


def mark_policy_events(ax: plt.Axes, events: list[dict] | None, numbers: bool = True) -> None:
    """Thin dashed vertical lines at the policy dates, numbered at the top of ``ax``.

    Dates closer on the page than ``EVENT_MIN_GAP_PT`` form a group: a light band from its
    first to its last date with one label (``1-5``) instead of a number per line. The numbers
    refer to :func:`policy_event_key`, which the figure shows once (in a legend or its note).
    Only events inside the axis's current x range are drawn; set the limits first.
    """
    low, high = ax.get_xlim()
    placed = [e for e in policy_events(events) if low <= e[1] <= high]
    previous_label = None
    height = EVENT_LABEL_HEIGHTS[0]
    for group in event_groups(ax, placed):
        first, last = group[0][1], group[-1][1]
        for _, x, _ in group:
            ax.axvline(
                x, color="0.45", linewidth=0.8, linestyle=(0, (4, 2)), zorder=1, gid=POLICY_GID
            )
        if len(group) > 1:
            ax.axvspan(
                first, last, color="0.55", alpha=0.18, linewidth=0, zorder=0.5, gid=POLICY_GID
            )
        if not numbers:
            continue
        centre = (first + last) / 2
        close = previous_label is not None
        close = close and _points(ax, centre - previous_label) < EVENT_LABEL_GAP_PT
        height = _other_height(height) if close else EVENT_LABEL_HEIGHTS[0]
        ax.annotate(
            group_label([number for number, _, _ in group]),
            (centre, height),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="top",
            fontsize=8,
            color="0.2",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            zorder=4,
            gid=POLICY_GID,
        )
        previous_label = centre


def _points(ax: plt.Axes, years: float) -> float:
    """The width on the page, in points, of ``years`` on the x axis of ``ax``."""
    low, high = ax.get_xlim()
    width = ax.get_position().width * ax.figure.get_figwidth() * 72
    return abs(years) * width / (high - low)


def _other_height(height: float) -> float:
    return EVENT_LABEL_HEIGHTS[1] if height == EVENT_LABEL_HEIGHTS[0] else EVENT_LABEL_HEIGHTS[0]


def event_groups(
    ax: plt.Axes, placed: list[tuple[int, float, str]]
) -> list[list[tuple[int, float, str]]]:
    """``placed`` events (number, position, label) in runs whose neighbours stand closer than
    ``EVENT_MIN_GAP_PT`` on the page of ``ax``, in date order."""
    groups: list[list[tuple[int, float, str]]] = []
    for event in sorted(placed, key=lambda e: e[1]):
        if groups and _points(ax, event[1] - groups[-1][-1][1]) < EVENT_MIN_GAP_PT:
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


def group_label(numbers: list[int]) -> str:
    """``1`` for one event, ``1-5`` for a run of consecutive numbers, else ``1, 3``."""
    numbers = sorted(numbers)
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


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
