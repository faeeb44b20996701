"""The raw files behind an exhibit, followed through a (synthetic) graph of jobs."""

from __future__ import annotations

import pytest

from chinatrade.provenance import exhibit_provenance, raw_lineage

# path -> (rule, inputs): two raw files through an interim file into a canonical table, and
# a resource file that no rule writes
GRAPH = {
    "data/raw/a.xlsx": ("fetch_raw_file", ["../mirror/a.xlsx"]),
    "data/raw/b.csv": ("fetch_raw_file", ["../mirror/b.csv"]),
    "data/interim/a_long.parquet": ("parse", ["data/raw/a.xlsx"]),
    "data/processed/table.parquet": (
        "clean",
        ["data/interim/a_long.parquet", "data/raw/b.csv", "workflow/resources/names.csv"],
    ),
    "data/processed/other.parquet": ("other", ["data/raw/b.csv"]),
    "reports/tables/X.csv": (
        "exhibit_X",
        ["data/processed/table.parquet", "data/processed/other.parquet"],
    ),
}


def test_the_lineage_stops_at_the_verified_raw_copies():
    assert raw_lineage("reports/tables/X.csv", GRAPH.get) == ["data/raw/a.xlsx", "data/raw/b.csv"]
    assert raw_lineage("data/processed/other.parquet", GRAPH.get) == ["data/raw/b.csv"]


def test_a_cycle_in_the_graph_does_not_loop():
    graph = {"x": ("r", ["y"]), "y": ("s", ["x", "data/raw/z"])}
    assert raw_lineage("x", graph.get) == ["data/raw/z"]


def test_exhibit_provenance_names_rules_and_manifest_ids():
    provenance = exhibit_provenance(
        "X",
        "reports/tables/X.csv",
        "workflow/scripts/chinatrade/exhibits/x.py",
        ["data/processed/table.parquet", "data/processed/other.parquet"],
        GRAPH.get,
        {"data/raw/a.xlsx": "id_a", "data/raw/b.csv": "id_b"},
    )
    assert provenance["rule"] == "exhibit_X"
    assert provenance["inputs"] == [
        {"table": "data/processed/table.parquet", "rule": "clean", "raw_ids": ["id_a", "id_b"]},
        {"table": "data/processed/other.parquet", "rule": "other", "raw_ids": ["id_b"]},
    ]


def test_a_raw_file_missing_from_the_manifest_is_an_error():
    with pytest.raises(ValueError, match=r"data/raw/a\.xlsx.*not in the raw-data manifest"):
        exhibit_provenance(
            "X",
            "reports/tables/X.csv",
            "x.py",
            ["data/processed/table.parquet"],
            GRAPH.get,
            {"data/raw/b.csv": "id_b"},
        )


def test_the_report_folds_the_provenance_and_names_each_raw_file_with_its_checksum():
    import pandas as pd

    from chinatrade import summary

    provenance = exhibit_provenance(
        "X",
        "reports/tables/X.csv",
        "workflow/scripts/chinatrade/exhibits/x",
        ["data/processed/table.parquet"],
        GRAPH.get,
        {"data/raw/a.xlsx": "id_a", "data/raw/b.csv": "id_b"},
    )
    manifest = pd.DataFrame(
        {
            "id": ["id_a", "id_b"],
            "file": ["a.xlsx", "b<c>.csv"],
            "sha256": ["0123456789ab" * 5, "f" * 64],
        }
    )
    shown = summary.provenance_html(provenance, manifest)
    assert shown.startswith("<details><summary>Where these numbers come from</summary>")
    assert "rule <code>exhibit_X</code>" in shown
    # each row's raw files: the table's own column, named under the exhibit
    assert "its column <code>raw_file_ids</code> names the raw files" in shown
    assert "<code>data/processed/table.parquet</code>, made by rule <code>clean</code>" in shown
    assert "<code>a.xlsx</code> (SHA-256 <code>0123456789ab</code>…)" in shown
    assert "<code>b&lt;c&gt;.csv</code>" in shown  # file names are escaped


def test_only_exhibits_with_report_tables_get_them():
    import pandas as pd

    from chinatrade import summary

    assert summary.exhibit_report_tables("f7", {"main": pd.DataFrame()}, pd.DataFrame(), {}) == []
    assert set(summary.EXHIBIT_REPORT_TABLES) == {"f1", "m1", "v1"}
