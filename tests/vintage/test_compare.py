"""Two vintages of a table compared on its key (synthetic tables, made here)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chinatrade.vintage import compare

KEY = ["partner", "year"]


def table(rows) -> pd.DataFrame:
    """Synthetic: partner, year, a value in USD millions and a text label."""
    return pd.DataFrame(rows, columns=["partner", "year", "value_usd_millions", "label"])


BEFORE = table([["CHN", 2023, 100.0, "a"], ["CHN", 2024, 200.0, "a"], ["JPN", 2024, 50.0, "b"]])


def changes(after, tolerance_pct=0.01) -> pd.DataFrame:
    return compare.compare(BEFORE, after, KEY, tolerance_pct)


def test_identical_tables_have_no_changes():
    assert changes(BEFORE.copy()).empty


def test_a_revision_beyond_the_tolerance_is_listed_with_old_new_and_difference():
    after = table([["CHN", 2023, 100.0, "a"], ["CHN", 2024, 210.0, "a"], ["JPN", 2024, 50.0, "b"]])
    (row,) = changes(after).to_dict("records")
    assert row["change"] == "revised" and row["key"] == "partner=CHN; year=2024"
    assert (row["column"], row["old_value"], row["new_value"]) == ("value_usd_millions", 200, 210)
    assert row["difference"] == 10 and row["relative_difference_pct"] == pytest.approx(5.0)


def test_a_move_within_the_tolerance_and_a_changed_label_are_not_revisions():
    after = table(
        [["CHN", 2023, 100.005, "a"], ["CHN", 2024, 200.0, "new label"], ["JPN", 2024, 50, "b"]]
    )
    assert changes(after, tolerance_pct=0.01).empty
    assert len(changes(after, tolerance_pct=0.001)) == 1


def test_new_years_added_and_removed_rows_are_told_apart():
    after = table(
        [["CHN", 2023, 100.0, "a"], ["CHN", 2024, 200.0, "a"], ["KOR", 2024, 7.0, "c"]]
        + [["CHN", 2025, 300.0, "a"]]
    )
    found = changes(after).set_index("key")["change"].to_dict()
    assert found == {
        "partner=CHN; year=2025": "new_year",
        "partner=JPN; year=2024": "removed",
        "partner=KOR; year=2024": "added",
    }


def test_a_value_that_appears_or_disappears_is_a_revision():
    after = table([["CHN", 2023, np.nan, "a"], ["CHN", 2024, 200.0, "a"], ["JPN", 2024, 50, "b"]])
    (row,) = changes(after).to_dict("records")
    assert row["change"] == "revised" and np.isnan(row["new_value"])


def test_a_move_from_zero_is_a_revision():
    before = BEFORE.assign(value_usd_millions=[0.0, 200.0, 50.0])
    after = BEFORE.assign(value_usd_millions=[0.1, 200.0, 50.0])
    (row,) = compare.compare(before, after, KEY, 0.01).to_dict("records")
    assert row["old_value"] == 0 and np.isnan(row["relative_difference_pct"])


def test_a_repeated_key_is_refused_naming_it():
    after = pd.concat([BEFORE, BEFORE.iloc[[0]]])
    with pytest.raises(ValueError, match="current table repeats the key"):
        changes(after)
