"""The customs-records path through the workflow: a user's files in config -> one aggregation
job per year -> processing share by sector -> the regression spec, on SYNTHETIC records with a
known relation (never the default data)."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from chinatrade import customs_synthetic
from workflow_copy import copy_project, executed_rules, snakemake

pytestmark = pytest.mark.e2e

BETA = 0.8


def test_user_customs_files_run_through_the_workflow(tmp_path, project, shared_data):
    workdir = copy_project(project, tmp_path / "project", shared_data)
    records = tmp_path / "synthetic_customs_records"
    records.mkdir()
    for year in (2018, 2019):
        customs_synthetic.generate(
            records / f"synthetic_{year}.parquet", year, n_rows=60_000, seed=year, beta=BETA
        )
    config_path = workdir / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["customs"]["files"] = {
        year: [str(records / f"synthetic_{year}.parquet")] for year in (2018, 2019)
    }
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))

    target = "reports/tables/regressions/customs_processing_share_coefficients.csv"
    result = snakemake(workdir, target)
    assert result.returncode == 0, result.stderr[-5000:]
    ran = executed_rules(result)
    assert ran.count("customs_aggregate_year") == 1  # one rule, ...
    assert result.stderr.count("rule customs_aggregate_year:") == 2  # ... one job per year
    assert "customs_sector_year" in ran and "regression" in ran

    coefficients = pd.read_csv(workdir / target)
    row = coefficients[coefficients.term == "processing_share_customs"].iloc[0]
    assert abs(row.estimate - BETA) < 2 * row.std_error, (row.estimate, row.std_error)
    fit = pd.read_csv(workdir / "reports/tables/regressions/customs_processing_share_fit.csv")
    assert fit.iloc[0]["n_obs"] > 150  # HS2 chapters x 2 years

    # a record that breaks the schema stops the year's job, naming file, column and problem
    bad = pd.read_parquet(records / "synthetic_2019.parquet")
    bad.loc[5, "value_usd"] = -1.0
    bad.to_parquet(records / "synthetic_2019.parquet", index=False)
    result = snakemake(workdir, target)
    assert result.returncode != 0
    assert "synthetic_2019.parquet" in result.stderr and "value_usd" in result.stderr
