"""One figure style for every exhibit, and deterministic PNG/SVG output."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen on the build machines

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.ticker import MultipleLocator  # noqa: E402

from chinatrade.io import atomic_path  # noqa: E402

PNG_DPI = 150


def apply_style() -> None:
    """The house style: seaborn whitegrid, dark palette plus markers, fixed SVG ids."""
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


def set_titles(fig: plt.Figure, ax: plt.Axes, title: str, subtitle: str) -> None:
    """A title that says what the chart shows and a subtitle for reporter and sign."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=14, fontweight="bold")
    ax.set_title(subtitle, loc="left", fontsize=10.5, fontweight="normal", color="0.25")


def year_axis(ax: plt.Axes, first: int, last: int) -> None:
    """Whole years on the x axis, with a little room at both ends."""
    step = 5 if last - first > 12 else 1
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_minor_locator(MultipleLocator(1))
    ax.set_xlim(first - 0.5, last + 0.5)


def add_source_note(fig: plt.Figure, note: str) -> None:
    """Put the data source, reporter side and units under the chart, then lay out."""
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.text(
        0.01,
        0.01,
        textwrap.fill(" ".join(note.split()), width=150),
        ha="left",
        va="bottom",
        fontsize=8.5,
        color="0.3",
    )


def save(fig: plt.Figure, png: str | Path, svg: str | Path) -> None:
    """Write PNG and SVG without timestamps (identical bytes on every run)."""
    with atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", dpi=PNG_DPI, metadata={"Software": None})
    with atomic_path(svg) as tmp:
        fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
