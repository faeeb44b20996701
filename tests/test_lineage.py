"""Each row's raw files: canonical file names to manifest ids, joined over rows, checked."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade import lineage

RAW_IDS = {"dots_chn.xlsx": "dots_workbook_chn", "census.csv": "census_country"}


def test_attach_maps_file_names_and_paths_to_ids():
    table = pd.DataFrame(
        {
            "value": [1.0, 2.0, 3.0],
            "source_file": [
                "data/raw/bilateral/dots_chn.xlsx",
                "census.csv",
                "census.csv; dots_chn.xlsx",
            ],
        }
    )
    attached = lineage.attach(table, "bilateral", RAW_IDS)
    assert attached["raw_file_ids"].tolist() == [
        "dots_workbook_chn",
        "census_country",
        "census_country; dots_workbook_chn",
    ]
    assert "raw_file_ids" not in table  # the input is left as it was


@pytest.mark.parametrize(
    ("source_file", "message"),
    [
        (["census.csv", "other.csv"], r"row 1, column 'source_file': 'other.csv' is not one"),
        (["census.csv", None], r"row 1, column 'source_file': no raw file named"),
    ],
)
def test_attach_names_the_row_of_an_unknown_or_missing_file(source_file, message):
    table = pd.DataFrame({"source_file": source_file})
    with pytest.raises(ValueError, match=rf"canonical table census, {message}"):
        lineage.attach(table, "census", RAW_IDS)


def test_attach_needs_the_column():
    with pytest.raises(ValueError, match=r"canonical table fx: no column 'source_file'"):
        lineage.attach(pd.DataFrame({"value": [1]}), "fx", RAW_IDS)


def test_join_and_aggregate_keep_each_id_once_sorted():
    assert lineage.join(["b; a", "a", "c"]) == "a; b; c"
    frame = pd.DataFrame({"partner": ["USA", "USA", "JPN"], "raw_file_ids": ["x", "w; x", "y"]})
    assert lineage.aggregate(frame, "partner").to_dict() == {"JPN": "y", "USA": "w; x"}


def test_by_row_joins_the_ids_of_several_columns_row_by_row():
    values = pd.Series(["dots", "dots", "census"])
    rates = pd.Series(["h10", None, "h10; dots"])  # a year without a rate adds no id
    assert lineage.by_row(values, rates) == ["dots; h10", "dots", "census; dots; h10"]


def test_check_accepts_known_user_and_study_files():
    table = pd.DataFrame(
        {
            "raw_file_ids": [
                "census_country",
                lineage.user_file("/data/my/provinces.csv"),
                lineage.study_file("../shared/paper/claims.csv"),
            ]
        }
    )
    lineage.check("F1", "main", table, RAW_IDS.values())
    assert table["raw_file_ids"].tolist()[1:] == ["user:provinces.csv", "study:claims.csv"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pd.DataFrame({"value": [1]}), r"exhibit F1, table growth: no column 'raw_file_ids'"),
        (
            pd.DataFrame({"raw_file_ids": ["census_country", ""]}),
            r"exhibit F1, table growth, row 1: column 'raw_file_ids' names no raw file",
        ),
        (
            pd.DataFrame({"raw_file_ids": [None]}),
            r"exhibit F1, table growth, row 0: column 'raw_file_ids' names no raw file",
        ),
        (
            pd.DataFrame({"raw_file_ids": ["census_country; weo"]}),
            r"exhibit F1, table growth, row 0, column 'raw_file_ids': \['weo'\] are not raw",
        ),
    ],
)
def test_check_refuses_a_table_without_each_rows_raw_files(table, message):
    with pytest.raises(ValueError, match=message):
        lineage.check("F1", "growth", table, RAW_IDS.values())
