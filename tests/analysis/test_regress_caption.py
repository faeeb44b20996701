"""The years and counts a regression's note names, from the rows the model estimated on
(chinatrade/analysis/regress/caption.py), on synthetic panels and on the texts of the config."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from chinatrade import i18n, texts
from chinatrade.analysis import regress

SPEC = {
    "dataset": "synthetic_panel",
    "outcome": "y_usd_millions",
    "regressors": ["x"],
    "se": {"type": "HC1"},
    "figure": "scatter",
    "title": "Synthetic",
}


def synthetic_panel(units: int = 6, first: int = 2008, years: int = 6) -> pd.DataFrame:
    """Units x years with a random outcome and regressor (made for these tests)."""
    rng = np.random.default_rng(11)
    frame = pd.DataFrame(
        {
            "unit": np.repeat([f"u{i}" for i in range(units)], years),
            "year": np.tile(np.arange(first, first + years), units),
        }
    )
    frame["x"] = rng.normal(size=len(frame))
    frame["y_usd_millions"] = rng.normal(size=len(frame))
    return frame


def values(data: pd.DataFrame, spec: dict) -> dict:
    return regress.caption.values(data, "s", spec, regress.fit(data, "s", spec)["fit_stats"])


def test_the_years_are_those_of_the_rows_estimated_on_not_of_the_dataset():
    panel = synthetic_panel()
    assert values(panel, SPEC) == {
        "first": 2008,
        "last": 2013,
        "n_years": 6,
        "n_obs": 36,
        "dropped_pct": 0,
    }
    # the first year lacks the regressor everywhere: the model starts a year later
    panel.loc[panel["year"] == 2008, "x"] = np.nan
    assert values(panel, SPEC) == {
        "first": 2009,
        "last": 2013,
        "n_years": 5,
        "n_obs": 30,
        "dropped_pct": 17,
    }
    # a sample filter on the years narrows them
    narrowed = values(panel, SPEC | {"sample": {"year": [2010, 2011]}})
    assert (narrowed["first"], narrowed["last"], narrowed["n_obs"]) == (2010, 2011, 12)


def test_one_model_per_year_gives_the_range_of_its_observations():
    panel = synthetic_panel()
    panel.loc[(panel["year"] == 2010) & (panel["unit"] == "u0"), "x"] = np.nan
    assert values(panel, SPEC | {"by": "year"})["n_obs"] == "5-6"
    panel.loc[panel["unit"] == "u1", "x"] = np.nan
    assert values(panel, SPEC | {"by": "year"})["n_obs"] == "4-5"


def test_a_model_that_cannot_be_estimated_still_gives_its_count():
    """A year with two complete rows for two parameters is not estimated; the note's range
    of observations includes it, and the job goes on to write its tables."""
    panel = synthetic_panel()
    panel.loc[(panel["year"] == 2010) & (panel["unit"] != "u0") & (panel["unit"] != "u1"), "x"] = (
        np.nan
    )
    fit_stats = regress.fit(panel, "s", SPEC | {"by": "year"})["fit_stats"]
    assert fit_stats.set_index("by_value").at["2010", "status"].startswith("not estimated")
    found = regress.caption.values(panel, "s", SPEC | {"by": "year"}, fit_stats)
    assert found["n_obs"] == "2-6" and (found["first"], found["last"]) == (2008, 2013)


def test_between_units_count_the_units_and_the_years_they_average():
    panel = synthetic_panel()
    # a unit without any complete row drops; the others' last year has no outcome
    panel.loc[panel["unit"] == "u5", "x"] = np.nan
    panel.loc[panel["year"] == 2013, "y_usd_millions"] = np.nan
    found = values(panel, SPEC | {"between": "unit"})
    assert (found["first"], found["last"], found["n_obs"]) == (2008, 2012, 5)


def test_the_import_content_years_are_those_the_dataset_records():
    panel = synthetic_panel().assign(intensity_years="2010-2014")
    assert values(panel, SPEC)["intensity_years"] == "2010-2014"
    panel.loc[0, "intensity_years"] = "2011-2014"
    assert values(panel, SPEC)["intensity_years"] == "2010-2014, 2011-2014"


def test_the_note_is_filled_and_a_field_it_cannot_fill_names_the_text():
    spec = SPEC | {"note": "Industries, {first}-{last}: {n_obs} of them."}
    filled = regress.caption.filled(spec, "s", {"first": 2000, "last": 2014, "n_obs": 22})
    assert filled["note"] == "Industries, 2000-2014: 22 of them." and filled["title"] == "Synthetic"
    wanted = r"text 's.note' has the fields \['intensity_years'\]"
    with pytest.raises(texts.TextError, match=wanted):
        regress.caption.filled(SPEC | {"note": "{intensity_years}"}, "s", {"first": 2000})


def config_regression_texts(project: Path):
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    for spec_id in config["regressions"]:
        for language in ("en", "zh"):
            yield spec_id, language, texts.regression_text(spec_id, language)


def test_titles_and_labels_name_no_years_and_notes_only_computed_fields(project):
    """The report shows titles and labels as written (its headings, the hypotheses' readings):
    the years of a model belong in its note, which the regression job fills from the data."""
    for spec_id, language, text in config_regression_texts(project):
        for shown in [text["title"], *text.get("labels", {}).values()]:
            assert not i18n.fields(shown), (spec_id, language, shown)
            assert not re.search(r"(19|20)\d\d", shown), (spec_id, language, shown)
        assert i18n.fields(text.get("note") or "") <= set(regress.caption.FIELDS), spec_id
        # a year in a note is a publication's (Koopman, Wang and Wei 2012), not the data's
        note_years = re.findall(r"(?<![\d{])(?:19|20)\d\d(?!\d)", text.get("note") or "")
        assert set(note_years) <= {"2012"}, (spec_id, language, note_years)


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"by": "year"},
        {"fixed_effects": ["unit"]},
        {"weights": "w"},
        {"sample": {"unit": ["u1"]}},
    ],
)
def test_the_rows_read_for_the_texts_are_the_rows_the_models_use(change):
    """estimated_rows keeps exactly the rows the fit counts (n_obs), so the years a note names
    cannot drift from the model's sample."""
    panel = synthetic_panel().assign(w=1.0)
    panel.loc[[0, 7], "x"] = np.nan
    panel.loc[[3], "w"] = 0.0
    spec = SPEC | change
    rows = regress.estimated_rows(panel, "s", spec)
    assert len(rows) == regress.fit(panel, "s", spec)["fit_stats"]["n_obs"].sum()
