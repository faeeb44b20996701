"""Canonical tables as an exhibit job loads them: each row with its raw files' ids
(chinatrade/lineage.py), for the exhibit tests on synthetic and on real tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chinatrade import lineage


def synthetic(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Synthetic canonical tables, each row naming a made-up raw file ``synthetic_<table>``
    (unless the test gave the rows their own ids)."""
    return {
        name: table
        if lineage.COLUMN in table.columns
        else table.assign(**{lineage.COLUMN: f"synthetic_{name}"})
        for name, table in tables.items()
    }


def manifest_raw_ids(project: Path) -> dict[str, str]:
    """Raw file name -> manifest id, for every file of the project's raw-data manifest."""
    manifest = pd.read_csv(project / "config" / "raw_data_manifest.csv", dtype=str)
    return {
        Path(file).name: file_id
        for file, file_id in zip(manifest["file"], manifest["id"], strict=True)
    }


def real(project: Path, processed: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    """The real canonical tables ``names`` of a run, each row with its raw files' ids."""
    raw_ids = manifest_raw_ids(project)
    return {
        name: lineage.attach(pd.read_parquet(processed / f"{name}.parquet"), name, raw_ids)
        for name in names
    }
