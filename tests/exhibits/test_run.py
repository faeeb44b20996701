"""The exhibit runner: the tables computed by the exhibit job reach the figure job unchanged."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chinatrade.exhibits import run


def test_computed_tables_keep_every_dtype_and_value_between_the_two_jobs(tmp_path):
    results = {
        "main": pd.DataFrame(
            {
                "year": pd.Series([2018, 2019], dtype="int64"),
                "value_usd_millions": [1.0 / 3.0, np.nan],
                "flag": [True, False],
                "partner": pd.Categorical(["CHN", "USA"]),
                "note": ["a", None],
            }
        ),
        "growth": pd.DataFrame({"rate_pct": pd.Series([1.5], dtype="float32")}),
    }
    path = tmp_path / "interim/exhibits/X.pkl"
    run.write_results(results, str(path))
    back = run.read_results(str(path))
    assert list(back) == ["main", "growth"]
    for name, table in results.items():
        pd.testing.assert_frame_equal(back[name], table, check_exact=True)


def test_the_figure_job_refuses_tables_the_spec_does_not_declare(tmp_path):
    path = tmp_path / "X.pkl"
    run.write_results({"main": pd.DataFrame({"a": [1]}), "extra": pd.DataFrame()}, str(path))
    with pytest.raises(ValueError, match=r"exhibit X: compute\(\) returned tables"):
        run.draw("X", {"module": "f4", "extra_tables": []}, str(path), {})
