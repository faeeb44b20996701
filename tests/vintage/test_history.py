"""The manifest row of a new vintage and the history of the entries it replaced."""

from __future__ import annotations

import shutil

import pytest

from chinatrade import rawdata
from chinatrade.vintage import history

ID = "census_country"


def new(sha: str = "a" * 64, **changes) -> history.NewVintage:
    return history.NewVintage(id=ID, sha256=sha, bytes=123, replaced_on="2026-12-02", **changes)


@pytest.fixture()
def manifest(tmp_path, project):
    path = tmp_path / "manifest.csv"
    shutil.copy(project / "config/raw_data_manifest.csv", path)
    return path


def test_the_row_changes_and_the_previous_entry_is_kept(manifest, tmp_path):
    before = rawdata.read_manifest(manifest).loc[ID]
    lines = manifest.read_text().splitlines()
    replaced = history.record(manifest, tmp_path / "history.csv", new(origin_url="https://x"))
    after = rawdata.read_manifest(manifest)  # still a valid manifest
    assert (after.at[ID, "sha256"], after.at[ID, "bytes"]) == ("a" * 64, "123")
    assert after.at[ID, "origin_url"] == "https://x"
    assert after.at[ID, "coverage"] == before["coverage"]  # not given: unchanged
    changed = [a for a, b in zip(lines, manifest.read_text().splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0].startswith(f"{ID},")
    assert replaced["sha256"] == before["sha256"] and replaced["replaced_by"] == "a" * 64
    assert history.read_rows(tmp_path / "history.csv") == [replaced]


def test_the_history_keeps_every_replacement_and_knows_the_current_one(manifest, tmp_path):
    path = tmp_path / "history.csv"
    history.record(manifest, path, new("a" * 64))
    history.record(manifest, path, new("b" * 64))
    rows = history.read_rows(path)
    assert [r["replaced_by"] for r in rows] == ["a" * 64, "b" * 64]
    assert rows[1]["sha256"] == "a" * 64
    (current,) = history.current_replacements(path, manifest)
    assert current["replaced_by"] == "b" * 64
    # a manifest row set back by hand to an older checksum has no current replacement
    manifest.write_text(manifest.read_text().replace("b" * 64, rows[0]["sha256"]))
    assert history.current_replacements(path, manifest) == []


def test_the_same_checksum_and_an_unknown_id_are_refused(manifest, tmp_path):
    current = rawdata.read_manifest(manifest).at[ID, "sha256"]
    with pytest.raises(ValueError, match="nothing to take in"):
        history.record(manifest, tmp_path / "history.csv", new(current))
    with pytest.raises(KeyError, match="not an id"):
        history.record(
            manifest, tmp_path / "history.csv", history.NewVintage("nope", "a" * 64, 1, "d")
        )
    assert not (tmp_path / "history.csv").exists()


def test_no_history_file_means_no_replacements(manifest, tmp_path):
    assert history.current_replacements(tmp_path / "missing.csv", manifest) == []
