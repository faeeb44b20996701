"""No exhibit figure has more than about six lines in one panel (issue 13: F7's panel of ten
lines could not be read). Every exhibit of config/config.yaml that draws a figure is computed
on the canonical tables and drawn; each panel's data lines are counted.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest
import yaml

import row_lineage
from chinatrade import figures, texts
from chinatrade.exhibits import run
from chinatrade.partners import group_label, resolve_groups


def data_lines(ax: plt.Axes) -> int:
    """The data series drawn as lines in ``ax``.

    A line is a Line2D in data coordinates with two points or more and a visible line style;
    a series drawn in pieces (runs of consecutive years, a faint line under them) has one
    colour and style, so each (colour, style) counts once. Reference lines (axhline, axvline:
    not in data coordinates), policy-date markers (gid ``figures.POLICY_GID``) and markers
    without a line do not count.
    """
    series = set()
    for line in ax.get_lines():
        if line.get_transform() != ax.transData or line.get_gid() == figures.POLICY_GID:
            continue
        if line.get_linestyle() in ("None", "", " ") or len(line.get_xdata()) < 2:
            continue
        series.add((mcolors.to_hex(line.get_color()), line.get_linestyle()))
    return len(series)


def test_the_count_is_of_series_not_of_reference_lines_markers_or_pieces():
    """Synthetic: three series, one of them drawn in two runs over a faint line."""
    fig, ax = plt.subplots()
    ax.plot([2000, 2001], [1, 2], color="C0")
    ax.plot([2003, 2004], [1, 2], color="C0")  # the same series after a gap
    ax.plot([2000, 2004], [1, 2], color="C0", alpha=0.4)  # its faint line across the gap
    ax.plot([2000, 2004], [3, 4], color="C1")
    ax.plot([2000, 2004], [3, 4], color="C1", linestyle="--")  # the partner's side: a line
    ax.plot([2000, 2004], [5, 6], color="C2", linestyle="", marker="o")  # points only
    ax.axhline(0)
    ax.axvline(2002)
    ax.set_xlim(1999.5, 2004.5)
    figures.mark_policy_events(ax, [{"year": 2001, "label": "synthetic event"}])
    assert data_lines(ax) == 3
    for i in range(4):  # four more series: seven, over the limit
        ax.plot([2000, 2004], [i, i + 1], color=f"C{i + 3}")
    assert data_lines(ax) == 7 > figures.MAX_LINES_PER_PANEL
    plt.close(fig)


# the configured exhibits, read when the tests are collected (one test per exhibit)
PROJECT = Path(__file__).resolve().parents[2]
CONFIG = yaml.safe_load((PROJECT / "config/config.yaml").read_text(encoding="utf-8"))
DRAWN = [ex for ex, settings in CONFIG["exhibits"].items() if settings.get("figure", True)]


def workflow_spec(exhibit: str) -> dict:
    """The exhibit's spec as the workflow builds it (``exhibit_params`` of
    workflow/rules/common.smk), in English."""
    spec = texts.exhibit_spec(CONFIG["exhibits"][exhibit], exhibit, "en")
    spec["partner_groups"] = resolve_groups(CONFIG["partner_groups"])
    if spec.get("mark_policy_events"):
        spec["policy_events"] = texts.policy_events(CONFIG.get("policy_events", []))
    spec["partner_labels"] = {
        p: group_label(p, CONFIG["partner_groups"]) for p in spec.get("partners", [])
    }
    return spec


@pytest.mark.parametrize("exhibit", DRAWN)
def test_no_panel_of_a_configured_figure_has_more_than_six_lines(exhibit, processed, project):
    spec = workflow_spec(exhibit)
    # loaded as the exhibit job loads them: each row with its raw files' ids
    tables = run.load_tables(
        [str(processed / f"{name}.parquet") for name in spec["tables"]],
        str(project / CONFIG["study_claims"]),
        row_lineage.manifest_raw_ids(project),
    )
    module = importlib.import_module(f"chinatrade.exhibits.{spec['module']}")
    fig = module.plot(module.compute(tables, spec), spec)
    counts = {
        ax.get_title(loc="left") or ax.get_title() or f"axes {i}": data_lines(ax)
        for i, ax in enumerate(fig.axes)
    }
    plt.close(fig)
    assert max(counts.values()) <= figures.MAX_LINES_PER_PANEL, counts
