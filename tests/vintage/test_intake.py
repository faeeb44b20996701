"""Taking in a new vintage through the command: checked by the workflow's parser first, then
kept, then recorded in the manifest with the previous entry in the history."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from chinatrade import rawdata
from chinatrade.errors import RawDataError
from chinatrade.vintage import history
from chinatrade.vintage.__main__ import main
from vintage_case import CHINA_2024, SELECTED, SELECTED_ID

DATE = "2026-12-02"


def add(root: Path, *arguments: str) -> int:
    return main(["--project", str(root), "add", *arguments, "--date", DATE, "--no-dry-run"])


def manifest_rows(root: Path) -> dict[str, dict]:
    return {row["id"]: row for row in history.read_rows(root / "config/raw_data_manifest.csv")}


def test_a_revised_extract_is_checked_kept_and_recorded(small_project, revised_extract, capsys):
    before = (small_project / "config/raw_data_manifest.csv").read_text().splitlines()
    old = manifest_rows(small_project)[SELECTED_ID]
    new_sha = hashlib.sha256(revised_extract.read_bytes()).hexdigest()

    assert add(small_project, SELECTED_ID, str(revised_extract)) == 0
    assert "checked by the workflow's parser" in capsys.readouterr().out

    row = manifest_rows(small_project)[SELECTED_ID]
    assert row["sha256"] == new_sha and row["bytes"] == str(revised_extract.stat().st_size)
    after = (small_project / "config/raw_data_manifest.csv").read_text().splitlines()
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert [after[i].split(",")[0] for i in changed] == [SELECTED_ID]  # one row changes
    (replaced,) = history.read_rows(small_project / "config/raw_data_history.csv")
    assert replaced == {
        "id": SELECTED_ID,
        "replaced_on": DATE,
        "sha256": old["sha256"],
        "bytes": old["bytes"],
        "origin_url": old["origin_url"],
        "coverage": old["coverage"],
        "replaced_by": new_sha,
        "report_before": "",  # no run's tables to keep in this project
    }
    stored = (
        small_project / f"data/vintages/{SELECTED_ID}/{DATE}-{new_sha[:8]}/{Path(SELECTED).name}"
    )
    assert stored.read_bytes() == revised_extract.read_bytes()
    # the fetch finds the new vintage in the store, before the mirror's older bytes
    raw = rawdata.raw_file(row)
    copy = small_project / "data/raw" / SELECTED
    mirror = small_project / "mirror"
    (mirror / Path(SELECTED).parent).mkdir(parents=True)
    (mirror / SELECTED).write_text(CHINA_2024)  # other bytes at the mirror's path
    source = rawdata.obtain(raw, mirror, copy, small_project / "data/vintages")
    assert source == str(stored) and copy.read_bytes() == revised_extract.read_bytes()
    with pytest.raises(RawDataError, match="none in vintages"):
        rawdata.obtain(raw, mirror, copy, small_project / "elsewhere")


@pytest.mark.parametrize(
    ("old", "new", "column", "row", "problem"),
    [
        (CHINA_2024, "2024,CHN,5700,143271.7,n/a,-297047.7", "imports_usd_millions", 32, "n/a"),
        (CHINA_2024, f"{CHINA_2024}\n{CHINA_2024}", "year", 33, "duplicate key"),
        (
            CHINA_2024,
            "2024,CHN,5700,143271.7,450319.4,-297047.7",
            "balance_usd_millions",
            32,
            "exports - imports = balance fails",
        ),
    ],
    ids=["text in a number cell", "duplicate key", "balance that does not add up"],
)
def test_a_broken_file_is_refused_before_anything_changes(
    small_project, revised_extract, capsys, old, new, column, row, problem
):
    """Synthetic breakages of the real extract: the parser's message, and nothing changed."""
    text = revised_extract.read_text().replace("450319.4,-307047.7", "440319.4,-297047.7")
    revised_extract.write_text(text.replace(old, new))
    manifest = (small_project / "config/raw_data_manifest.csv").read_bytes()

    assert add(small_project, SELECTED_ID, str(revised_extract)) == 1
    message = capsys.readouterr().err
    for fragment in (str(revised_extract), f"column '{column}'", f"row {row}", problem):
        assert fragment in message, message
    assert "Nothing was changed" in message
    assert (small_project / "config/raw_data_manifest.csv").read_bytes() == manifest
    assert not (small_project / "config/raw_data_history.csv").exists()
    assert not (small_project / "data/vintages").exists()


def test_a_file_without_a_column_is_refused_naming_it(small_project, revised_extract, capsys):
    rows = list(csv.reader(revised_extract.read_text().splitlines()))
    with open(revised_extract, "w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([r[:4] + r[5:] for r in rows])
    assert add(small_project, SELECTED_ID, str(revised_extract)) == 1
    message = capsys.readouterr().err
    assert str(revised_extract) in message and "column 'imports_usd_millions'" in message


def test_the_current_vintage_is_not_taken_again(small_project, shared_data, capsys):
    assert add(small_project, SELECTED_ID, str(shared_data / SELECTED)) == 1
    assert "current vintage already" in capsys.readouterr().err


def test_a_file_that_no_rule_reads_cannot_be_checked(small_project, shared_data, capsys):
    unread = "bilateral/census_us_goods_trade_by_partner_annual_1985_2023.csv"
    path = small_project / "unread.csv"
    path.write_bytes((shared_data / unread).read_bytes() + b"\n")
    assert add(small_project, "census_us_goods_trade_by_partner_annual_1985_2023", str(path)) == 1
    assert "not read by any rule" in capsys.readouterr().err


def test_a_folder_takes_in_the_files_named_as_in_the_manifest(
    small_project, revised_extract, shared_data, capsys
):
    folder = revised_extract.parent
    (folder / "notes.txt").write_text("not a raw file")
    wdi = "bilateral/original/wdi_gdp_current_usd_datasets-gdp.csv"
    (folder / Path(wdi).name).write_bytes((shared_data / wdi).read_bytes())  # unchanged
    assert add(small_project, str(folder)) == 0
    out = capsys.readouterr().out
    assert "wdi_gdp_current_usd_datasets_gdp" in out and "skipped" in out
    replaced = history.read_rows(small_project / "config/raw_data_history.csv")
    assert [row["id"] for row in replaced] == [SELECTED_ID]


def test_the_reports_tables_are_kept_as_the_old_side(small_project, revised_extract):
    tables = small_project / "reports/tables"
    tables.mkdir(parents=True)
    (tables / "replication.csv").write_text("claim_id,our_value\nC01,2.92\n")
    assert add(small_project, SELECTED_ID, str(revised_extract)) == 0
    (replaced,) = history.read_rows(small_project / "config/raw_data_history.csv")
    kept = small_project / replaced["report_before"] / "replication.csv"
    assert kept.read_text() == "claim_id,our_value\nC01,2.92\n"
