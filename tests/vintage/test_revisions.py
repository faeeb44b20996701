"""The revision table of a taken-in vintage: the previous and current vintage parsed by the
same parser and compared on their keys."""

from __future__ import annotations

import pytest

from chinatrade.vintage import check, history, revisions
from chinatrade.vintage.__main__ import main
from vintage_case import SELECTED_ID


def test_the_revised_china_row_is_named_with_old_new_and_difference(
    small_project, revised_extract, tmp_path
):
    arguments = ["--project", str(small_project), "add", SELECTED_ID, str(revised_extract)]
    assert main([*arguments, "--date", "2026-12-02", "--no-dry-run"]) == 0
    project = check.Project(small_project)
    replaced = history.current_replacements(project.history_path, project.manifest_path)
    table = revisions.revisions_table(project, replaced, 0.01, tmp_path / "scratch")
    assert list(table.columns) == revisions.COLUMNS
    # only China's 2024 imports and balance moved, in the partners' annual table
    assert set(table["change"]) == {"revised"}
    assert set(table["table"]) == {"census_us_trade_partners_annual"}
    assert set(table["key"]) == {"year=2024; cty_code=5700"}
    found = table.set_index("column")
    imports = found.loc["imports_general_customs_usd_millions"]
    assert (imports["old_value"], imports["new_value"]) == pytest.approx((440319.4, 450319.4))
    balance = found.loc["balance_usd_millions"]
    assert balance["difference"] == pytest.approx(-10000.0)
    assert set(table["previous_sha256"]) == {replaced[0]["sha256"]}
