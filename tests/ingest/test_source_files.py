"""The column source_file: a row's raw file, or the sorted, '; '-joined files of its rows."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade.ingest import source_files


def test_name_of_is_the_file_name():
    assert source_files.name_of("data/raw/bilateral/original/census_country.xlsx") == (
        "census_country.xlsx"
    )


def test_joined_names_each_file_once_sorted():
    assert source_files.joined(["b.csv", "a.csv", "b.csv"]) == "a.csv; b.csv"
    # a name that is already joined is split, so nothing is named twice
    assert source_files.joined(pd.Series(["b.csv; c.csv", "a.csv", "c.csv"])) == (
        "a.csv; b.csv; c.csv"
    )
    assert source_files.joined(["a.csv"]) == "a.csv"


@pytest.mark.parametrize("names", [[], ["a.csv", None], ["a.csv", ""], [float("nan")]])
def test_joined_refuses_a_row_without_a_file(names):
    with pytest.raises(ValueError, match="source_file"):
        source_files.joined(names)


def test_require_refuses_a_missing_column_or_value():
    table = pd.DataFrame({"value": [1, 2], "source_file": ["a.csv", "b.csv"]})
    assert source_files.require(table, "t") is table
    with pytest.raises(ValueError, match="t: no source_file column"):
        source_files.require(table.drop(columns="source_file"), "t")
    with pytest.raises(ValueError, match=r"t: 1 row\(s\) name no raw file"):
        source_files.require(table.assign(source_file=["a.csv", None]), "t")
