"""Shared fixtures: paths of the project and of the raw-data snapshot beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def project() -> Path:
    return PROJECT


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "MANIFEST.csv").is_file():
        pytest.fail(f"the raw-data snapshot is expected at {SHARED_DATA} (see README)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def processed(tmp_path_factory, project, shared_data) -> Path:
    """data/processed of a fresh run of the cleaning stage (``snakemake canonical_tables``)
    in a temporary copy of the project: the canonical tables the exhibit tests read."""
    from workflow_copy import copy_project, snakemake

    workdir = copy_project(project, tmp_path_factory.mktemp("canonical") / "project", shared_data)
    result = snakemake(workdir, "canonical_tables")
    assert result.returncode == 0, result.stderr[-5000:]
    return workdir / "data" / "processed"
