"""The shared figure helpers: policy dates that crowd on a long axis share one label over a
band; series split evenly over panels."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import Rectangle

from chinatrade import figures

# the five tariff and deal dates of 2018-2020 and one of 2025 (synthetic labels)
EVENTS = [
    {"date": "2018-07-06", "label": "first"},
    {"date": "2018-09-24", "label": "second"},
    {"date": "2019-05-10", "label": "third"},
    {"date": "2019-09-01", "label": "fourth"},
    {"date": "2020-01-15", "label": "fifth"},
    {"date": "2025-02-04", "label": "sixth"},
]


def marks(first: int, last: int, width: float = 8.0) -> tuple[list[str], int, int]:
    """(number labels, dashed lines, shaded bands) of the events on a ``first``-``last``
    axis ``width`` inches wide."""
    fig, ax = plt.subplots(figsize=(width, 4))
    ax.set_xlim(first - 0.5, last + 0.5)
    figures.mark_policy_events(ax, EVENTS)
    labels = [t.get_text() for t in ax.texts if t.get_gid() == figures.POLICY_GID]
    lines = sum(1 for line in ax.get_lines() if line.get_gid() == figures.POLICY_GID)
    bands = sum(1 for p in ax.patches if isinstance(p, Rectangle) or p.get_gid())
    plt.close(fig)
    return labels, lines, bands


def test_dates_crowded_on_a_long_axis_share_one_label_over_a_band():
    labels, lines, bands = marks(1965, 2024)
    # every date keeps its line; the five of 2018-2020 one label "1-5"; 2025 is off the axis
    assert labels == ["1-5"] and lines == 5 and bands == 1


def test_dates_on_a_short_wide_axis_keep_their_own_numbers():
    labels, lines, bands = marks(2017, 2025, width=16)
    assert labels == ["1", "2", "3", "4", "5", "6"] and lines == 6 and bands == 0


def test_only_the_dates_that_crowd_are_grouped():
    # 2017-2024 on 8 inches: July and September 2018 stand about 12 points apart (less than
    # EVENT_MIN_GAP_PT), each other pair 17 or more
    labels, lines, bands = marks(2017, 2024)
    assert labels == ["1-2", "3", "4", "5"] and lines == 5 and bands == 1


@pytest.mark.parametrize(
    ("numbers", "label"), [([3], "3"), ([1, 2, 3, 4, 5], "1-5"), ([2, 4], "2, 4")]
)
def test_group_label(numbers, label):
    assert figures.group_label(numbers) == label


@pytest.mark.parametrize(
    ("count", "panels", "sizes"), [(8, 2, [4, 4]), (7, 2, [4, 3]), (5, 1, [5]), (13, 3, [5, 4, 4])]
)
def test_split_evenly_keeps_the_order_and_differs_by_one_at_most(count, panels, sizes):
    groups = figures.split_evenly(list(range(count)), panels)
    assert [len(g) for g in groups] == sizes
    assert [item for group in groups for item in group] == list(range(count))
