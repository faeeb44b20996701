"""A verified raw copy edited after it was fetched is removed at start and fetched again."""

from __future__ import annotations

import hashlib

import pandas as pd

from chinatrade.rawdata import remove_changed_copies, sha256_of


def test_only_changed_copies_are_removed_and_each_is_named_with_both_hashes(tmp_path):
    raw = tmp_path / "data/raw"
    (raw / "a").mkdir(parents=True)
    good, edited = raw / "a/good.csv", raw / "a/edited.csv"
    good.write_bytes(b"year,value\n2018,1\n")
    edited_bytes = b"year,value\n2018,1000\n"
    edited.write_bytes(edited_bytes)  # edited after the fetch
    expected_edited = hashlib.sha256(b"year,value\n2018,1\n").hexdigest()
    manifest = pd.DataFrame(
        {
            "id": ["good", "edited", "absent"],
            "file": ["a/good.csv", "a/edited.csv", "a/absent.csv"],
            "sha256": [sha256_of(good), expected_edited, "0" * 64],
        }
    )
    messages = remove_changed_copies(manifest.to_dict("records"), raw)
    assert good.exists() and not edited.exists()
    assert len(messages) == 1
    assert "a/edited.csv" in messages[0] and "id edited" in messages[0]
    assert f"expected sha256 {expected_edited}" in messages[0]
    found = hashlib.sha256(edited_bytes).hexdigest()
    assert f"found {found}" in messages[0]


def test_sha256_of_reads_in_blocks_and_matches_hashlib(tmp_path):
    data = bytes(range(256)) * 10000  # 2.5 MB: more than one block
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    assert sha256_of(path) == hashlib.sha256(data).hexdigest()
