"""The spec-driven regression runner, on synthetic data with known answers."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from chinatrade import i18n
from chinatrade.analysis import regress
from chinatrade.errors import InputDataError

SPEC = {
    "dataset": "synthetic_panel",
    "outcome": "y_usd_millions",
    "regressors": ["x"],
    "controls": ["z"],
    "fixed_effects": ["unit", "year"],
    "sample": {},
    "by": None,
    "weights": None,
    "se": {"type": "cluster", "cluster": "unit"},
    "figure": "scatter",
    "title": "Synthetic: y on x with unit and year effects",
    "note": "Synthetic data: y = 2 + 0.5 x + 0.2 z + unit + year effects + noise.",
}


def synthetic_panel(seed: int = 7, units: int = 40, years: int = 6) -> pd.DataFrame:
    """y = 2 + 0.5 x + 0.2 z + unit effect + year effect + noise; x correlated with the unit
    effect (so leaving out the fixed effects biases the slope); one missing x."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "unit": np.repeat([f"u{i:02d}" for i in range(units)], years),
            "year": np.tile(np.arange(2008, 2008 + years), units),
        }
    )
    unit_effect = frame["unit"].map(
        dict(zip(frame["unit"].unique(), rng.normal(0, 2, units), strict=True))
    )
    frame["x"] = rng.normal(size=len(frame)) + 0.5 * unit_effect
    frame["z"] = rng.normal(size=len(frame))
    frame["w"] = rng.uniform(0.5, 3.0, len(frame))
    frame["y_usd_millions"] = (
        2
        + 0.5 * frame["x"]
        + 0.2 * frame["z"]
        + unit_effect
        + 0.3 * (frame["year"] - 2008)
        + rng.normal(0, 1, len(frame))
    )
    frame.loc[3, "x"] = np.nan
    return frame


def spec(**changes) -> dict:
    out = copy.deepcopy(SPEC)
    out.update(changes)
    return out


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return synthetic_panel()


@pytest.fixture(scope="module")
def fitted(panel):
    return regress.fit(panel, "synthetic_fe", SPEC)


def _dummies(frame: pd.DataFrame) -> pd.DataFrame:
    """The design by hand: constant, x, z, unit and year dummies (first level dropped)."""
    exog = frame[["x", "z"]].astype(float)
    for name in ("unit", "year"):
        exog = exog.join(pd.get_dummies(frame[name], prefix=name, drop_first=True, dtype=float))
    return sm.add_constant(exog)


def test_synthetic_fe_recovers_the_slope(fitted):
    x = fitted["coefficients"].set_index("term").loc["x"]
    assert abs(x["estimate"] - 0.5) < 2 * x["std_error"]
    assert x["ci_low"] < 0.5 < x["ci_high"]
    assert x["term_role"] == "regressor"
    assert list(fitted["coefficients"]["term"]) == ["x", "z"]  # no dummies, no intercept


def test_synthetic_missing_rows_are_dropped_and_counted(fitted):
    stats = fitted["fit_stats"].iloc[0]
    assert stats["n_rows_in_sample"] == 240
    assert stats["n_dropped_missing"] == 1
    assert stats["n_obs"] == 239
    assert stats["n_clusters"] == 40
    assert stats["inference_df"] == 39
    assert stats["n_params"] == 1 + 2 + 39 + 5
    assert stats["by_value"] == "all"
    assert stats["fixed_effects"] == "unit, year"
    assert stats["status"] == "estimated"
    assert 0 < stats["r_squared_within"] < stats["r_squared"]


def test_synthetic_clustered_se_equals_statsmodels_and_the_cr1_formula(panel, fitted):
    data = panel.dropna(subset=["x"]).reset_index(drop=True)
    exog = _dummies(data)
    groups = pd.factorize(data["unit"])[0]
    own = sm.OLS(data["y_usd_millions"], exog).fit(
        cov_type="cluster", cov_kwds={"groups": groups}, use_t=True
    )
    ours = fitted["coefficients"].set_index("term")
    for term in ("x", "z"):
        assert ours.at[term, "estimate"] == pytest.approx(own.params[term], rel=1e-10)
        assert ours.at[term, "std_error"] == pytest.approx(own.bse[term], rel=1e-10)
        assert ours.at[term, "p_value"] == pytest.approx(own.pvalues[term], rel=1e-8)
    # CR1 by hand: G/(G-1) (N-1)/(N-K) (X'X)^-1 sum_g X_g'u_g u_g'X_g (X'X)^-1
    x, u = exog.to_numpy(), own.resid.to_numpy()
    n, k = x.shape
    g = groups.max() + 1
    bread = np.linalg.inv(x.T @ x)
    scores = [x[groups == c].T @ u[groups == c] for c in range(g)]
    meat = sum(np.outer(s, s) for s in scores)
    variance = g / (g - 1) * (n - 1) / (n - k) * bread @ meat @ bread
    position = list(exog.columns).index("x")
    assert ours.at["x", "std_error"] == pytest.approx(np.sqrt(variance[position, position]))


def test_synthetic_hc1_and_nonrobust_equal_statsmodels(panel):
    data = panel.dropna(subset=["x"]).reset_index(drop=True)
    exog = _dummies(data)
    for se_type in ("HC1", "nonrobust"):
        ours = regress.fit(panel, "s", spec(se={"type": se_type}))
        own = sm.OLS(data["y_usd_millions"], exog).fit(cov_type=se_type)
        x = ours["coefficients"].set_index("term").loc["x"]
        assert x["std_error"] == pytest.approx(own.bse["x"], rel=1e-10)
        assert ours["fit_stats"].at[0, "inference_df"] == len(data) - exog.shape[1]


def test_synthetic_leaving_out_the_fixed_effects_biases_the_slope(panel):
    pooled = regress.fit(panel, "s", spec(fixed_effects=[]))
    x = pooled["coefficients"].set_index("term").loc["x"]
    assert x["estimate"] > 0.5 + 4 * x["std_error"]  # x loads on the unit effect


def test_synthetic_by_gives_one_model_per_group(panel):
    result = regress.fit(panel, "s", spec(by="year", fixed_effects=[], se={"type": "HC1"}))
    stats, coefficients = result["fit_stats"], result["coefficients"]
    assert list(stats["by_value"]) == [str(y) for y in range(2008, 2014)]
    assert list(stats["n_obs"]) == [40, 40, 40, 39, 40, 40]  # row 3 (2011) lacks x
    assert list(stats["n_dropped_missing"]) == [0, 0, 0, 1, 0, 0]
    x = coefficients[coefficients["term"] == "x"]
    assert len(x) == 6 and x["by_value"].is_unique
    # each group's estimate is that cross-section's own OLS
    one = panel[panel["year"] == 2010]
    own = sm.OLS(one["y_usd_millions"], sm.add_constant(one[["x", "z"]])).fit(cov_type="HC1")
    row = x[x["by_value"] == "2010"].iloc[0]
    assert row["estimate"] == pytest.approx(own.params["x"])
    assert row["std_error"] == pytest.approx(own.bse["x"])


def test_synthetic_sample_range_and_values(panel):
    ranged = regress.fit(panel, "s", spec(sample={"year": [2010, 2012]}))
    assert ranged["fit_stats"].at[0, "n_rows_in_sample"] == 120
    assert ranged["fit_stats"].at[0, "sample"] == "year in [2010, 2012]"
    listed = regress.fit(panel, "s", spec(sample={"unit": ["u00", "u01", "u02"]}))
    assert listed["fit_stats"].at[0, "n_rows_in_sample"] == 18
    assert listed["fit_stats"].at[0, "sample"] == "unit in {u00, u01, u02}"


def weighted_hand_example() -> pd.DataFrame:
    """x = 0, 1, 0, 1 and y = 0, 1, 0, 3. Unweighted: mean y at x=1 is 2, slope 2. Weights
    1, 3, 1, 1: weighted mean at x=1 is (3x1 + 1x3)/4 = 1.5, slope 1.5. A fifth row with
    weight zero is dropped and counted; a sixth lacks its weight."""
    return pd.DataFrame(
        {
            "x": [0.0, 1.0, 0.0, 1.0, 1.0, 0.0],
            "y": [0.0, 1.0, 0.0, 3.0, 100.0, 50.0],
            "w": [1.0, 3.0, 1.0, 1.0, 0.0, np.nan],
        }
    )


def test_synthetic_weights_move_the_estimate_as_by_hand():
    data = weighted_hand_example()
    base = spec(outcome="y", controls=[], fixed_effects=[], se={"type": "nonrobust"})
    unweighted = regress.fit(data.iloc[:4], "s", base)
    weighted = regress.fit(data, "s", {**base, "weights": "w"})
    assert unweighted["coefficients"].at[0, "estimate"] == pytest.approx(2.0)
    assert weighted["coefficients"].at[0, "estimate"] == pytest.approx(1.5)
    stats = weighted["fit_stats"].iloc[0]
    assert (stats["n_obs"], stats["n_dropped_missing"], stats["n_dropped_zero_weight"]) == (4, 1, 1)
    assert stats["estimator"] == "WLS" and stats["weights"] == "w"


def test_synthetic_unidentified_regressor_is_nan_and_named(panel):
    data = panel.assign(unit_level=panel["unit"].str[1:].astype(float))  # constant within unit
    result = regress.fit(data, "s", spec(regressors=["x", "unit_level"]))
    rows = result["coefficients"].set_index("term")
    assert np.isnan(rows.at["unit_level", "estimate"])
    assert np.isfinite(rows.at["x", "estimate"])
    assert "unit_level" in result["fit_stats"].at[0, "status"]


def test_synthetic_group_too_small_is_reported_not_fitted():
    data = pd.DataFrame({"g": ["a", "a", "b", "b", "b"], "x": [0, 1, 0, 1, 2.0]})
    data["y"] = [0, 1, 0, 2, 4.0]
    result = regress.fit(
        data, "s", spec(outcome="y", controls=[], fixed_effects=[], by="g", se={"type": "HC1"})
    )
    stats = result["fit_stats"].set_index("by_value")
    assert stats.at["a", "status"].startswith("not estimated")
    assert stats.at["b", "status"] == "estimated"
    assert result["coefficients"].set_index("by_value").at["b", "estimate"] == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"outcome": "nope"}, "regressions.bad.outcome"),
        ({"regressors": ["x", "nope"]}, "regressions.bad.regressors[1]"),
        ({"regressors": []}, "regressions.bad.regressors"),
        ({"controls": ["x"]}, "regressions.bad.controls"),
        ({"fixed_effects": ["unit", "missing_fe"]}, "regressions.bad.fixed_effects[1]"),
        ({"se": {"type": "HC3"}}, "regressions.bad.se.type"),
        ({"se": {"type": "cluster"}}, "regressions.bad.se.cluster"),
        ({"se": {"type": "HC1", "cluster": "unit"}}, "regressions.bad.se.cluster"),
        (
            {"fixed_effects": [], "by": "unit"},
            "regressions.bad.se.cluster",
        ),
        ({"sample": {"year": [2014, 2008]}}, "regressions.bad.sample.year"),
        ({"sample": {"nope": [1, 2]}}, "regressions.bad.sample.nope"),
        ({"weights": "nope"}, "regressions.bad.weights"),
        ({"by": "x"}, "regressions.bad.by"),
        ({"figure": "pie"}, "regressions.bad.figure"),
        ({"regresors": ["x"]}, "regressions.bad.regresors"),
        ({"title": None}, "regressions.bad.title"),
    ],
)
def test_bad_spec_names_the_key(panel, change, key):
    with pytest.raises(ValueError, match=key.replace("[", r"\[").replace("]", r"\]")):
        regress.fit(panel, "bad", spec(**change))


def test_bad_values_are_input_errors(panel):
    with pytest.raises(InputDataError, match="column 'x'.*infinite"):
        regress.fit(panel.assign(x=panel["x"].replace(panel["x"].iloc[5], np.inf)), "s", SPEC)
    with pytest.raises(InputDataError, match="column 'w'.*negative"):
        regress.fit(panel.assign(w=-panel["w"]), "s", spec(weights="w"))
    with pytest.raises(InputDataError, match="column 'x'.*numeric"):
        regress.fit(panel.assign(x="a"), "s", SPEC)
    with pytest.raises(InputDataError, match="no rows pass"):
        regress.fit(panel, "s", spec(fixed_effects=[], sample={"year": [1990, 1991]}))


def test_format_table_is_a_regression_table(panel, fitted):
    html_text, latex = regress.format_table(fitted["coefficients"], fitted["fit_stats"], SPEC)
    x = fitted["coefficients"].set_index("term").loc["x"]
    assert f"{x['estimate']:.3f}<sup>***</sup>" in html_text
    assert f"({x['std_error']:.3f})" in html_text
    for row in ("Observations", "239", "clustered by unit", "Clusters", "Fixed effects: unit"):
        assert row in html_text
    assert "y (USD million)" in html_text and SPEC["note"] in html_text
    assert f"{x['estimate']:.3f}$^{{***}}$" in latex
    assert "\\toprule" in latex and "Fixed effects: unit & Yes" in latex
    labelled = spec(labels={"x": "x_1 & 50%"})
    _, escaped = regress.format_table(fitted["coefficients"], fitted["fit_stats"], labelled)
    assert "x\\_1 \\& 50\\%" in escaped
    again = regress.format_table(fitted["coefficients"], fitted["fit_stats"], SPEC)
    assert again == (html_text, latex)
    by_year = regress.fit(panel, "s", spec(by="year", fixed_effects=[], se={"type": "HC1"}))
    html_by, latex_by = regress.format_table(
        by_year["coefficients"], by_year["fit_stats"], spec(by="year", se={"type": "HC1"})
    )
    assert "year = 2008" in html_by and "year = 2013" in latex_by
    assert "robust (HC1)" in html_by


def test_scatter_line_is_the_estimate_on_net_values(panel, fitted, tmp_path):
    fig = regress.plot(panel, fitted, SPEC)
    ax = fig.axes[0]
    line = ax.lines[-1]
    xs, ys = line.get_xdata(), line.get_ydata()
    slope = (ys[-1] - ys[0]) / (xs[-1] - xs[0])
    assert slope == pytest.approx(fitted["coefficients"].at[0, "estimate"])
    assert "net of" in ax.get_xlabel() and "unit FE" in ax.get_ylabel()
    assert fig._suptitle.get_text() == SPEC["title"]
    assert any(SPEC["note"] in " ".join(t.get_text().split()) for t in fig.texts)
    fig.savefig(tmp_path / "scatter.png")
    matplotlib.pyplot.close(fig)


def test_by_scatter_and_coefficient_figures(panel, tmp_path):
    for figure in ("scatter", "coefficients"):
        s = spec(by="year", fixed_effects=[], se={"type": "HC1"}, weights="w", figure=figure)
        result = regress.fit(panel, "s", s)
        fig = regress.plot(panel, result, s)
        visible = [ax for ax in fig.axes if ax.get_visible()]
        assert len(visible) == (6 if figure == "scatter" else 1)
        fig.savefig(tmp_path / f"{figure}.png")
        matplotlib.pyplot.close(fig)


def test_synthetic_extension_dtypes_and_bool_regressor(panel, tmp_path):
    """pandas string/Int64 columns (as read from Parquet) and a 0/1 regressor work as plain ones."""
    plain = regress.fit(panel, "s", SPEC)
    typed = panel.assign(unit=panel["unit"].astype("string"), year=panel["year"].astype("Int64"))
    result = regress.fit(typed, "s", SPEC)
    pd.testing.assert_frame_equal(result["coefficients"], plain["coefficients"])
    flagged = panel.assign(high=panel["z"] > 0)
    with_bool = regress.fit(flagged, "s", spec(controls=["high"]))
    assert np.isfinite(with_bool["coefficients"].set_index("term").at["high", "estimate"])
    result["coefficients"].to_parquet(tmp_path / "coefficients.parquet")
    result["fit_stats"].to_parquet(tmp_path / "fit_stats.parquet")


# --- the reader's language ---------------------------------------------------------------------


def config_regressions(language: str = "en") -> dict:
    """The regression specs of config/config.yaml, with their texts in ``language``."""
    import yaml

    from chinatrade import texts

    path = Path(__file__).resolve().parents[2] / "config/config.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        spec_id: texts.regression_spec(spec, spec_id, language)
        for spec_id, spec in config["regressions"].items()
    }


def dataset_for(spec: dict, seed: int = 3) -> pd.DataFrame:
    """Synthetic rows with every column a config spec names: 8 groups x 6 years."""
    rng = np.random.default_rng(seed)
    groups, years = 8, 6
    frame = pd.DataFrame(
        {"year": np.tile(np.arange(2008, 2008 + years), groups)},
    )
    categorical = {
        *spec.get("fixed_effects", []),
        (spec["se"] or {}).get("cluster"),
        spec.get("between"),
    }
    numeric = [spec["outcome"], *spec["regressors"], *spec.get("controls", [])]
    for name in sorted(c for c in categorical if c and c != "year"):
        frame[name] = np.repeat([f"g{i}" for i in range(groups)], years)
    for name in numeric:
        frame[name] = rng.normal(size=len(frame))
    if spec.get("weights"):
        frame[spec["weights"]] = rng.uniform(1, 10, len(frame))
    for name, values in (spec.get("sample") or {}).items():
        frame[name] = values[0]
    # the WIOD years of the import content, as the China-US datasets record them
    frame["intensity_years"] = "2010-2014"
    return frame


def table_texts(html_table: str) -> list[str]:
    return [t.strip() for t in re.split(r"<[^>]+>", html_table) if t.strip()]


@pytest.mark.parametrize("spec_id", sorted(config_regressions()))
def test_config_regression_figure_and_table_in_chinese(spec_id):
    """Every text of a configured model's figure and table is Chinese; the numbers are the same."""
    from i18n_check import CJK, assert_chinese

    data = dataset_for(config_regressions()[spec_id])
    results = regress.fit(data, spec_id, config_regressions()[spec_id])
    # the notes' years and counts, as the rule fills them
    field_values = regress.caption.values(
        data, spec_id, config_regressions()[spec_id], results["fit_stats"]
    )
    config_spec = regress.caption.filled(config_regressions()[spec_id], spec_id, field_values)
    with i18n.language("en"), matplotlib.rc_context():
        english = regress.plot(data, results, config_spec)
        en_title = english._suptitle.get_text()
        en_html, _ = regress.format_table(
            results["coefficients"], results["fit_stats"], config_spec
        )
    matplotlib.pyplot.close(english)
    zh_spec = regress.caption.filled(config_regressions("zh")[spec_id], spec_id, field_values)
    assert "{" not in str(zh_spec.get("note")) and "{" not in str(config_spec.get("note"))
    with i18n.language("zh"), matplotlib.rc_context():
        fig = regress.plot(data, results, zh_spec)
        assert_chinese(fig)
        title = fig._suptitle.get_text()
        zh_html, zh_latex = regress.format_table(
            results["coefficients"], results["fit_stats"], zh_spec
        )
    matplotlib.pyplot.close(fig)
    assert title != en_title and CJK.search(title)
    assert zh_html != en_html and CJK.search(zh_html)
    assert "<th>Observations</th>" in en_html and "<th>观测数</th>" in zh_html
    for text in table_texts(zh_html):
        assert not i18n.untranslated_words(text), text
    # the same cells of numbers in both languages
    number = re.compile(r"^[-(]?[\d,.]+\)?$")
    assert [t for t in table_texts(zh_html) if number.match(t)] == [
        t for t in table_texts(en_html) if number.match(t)
    ]
    assert "\\toprule" in zh_latex


def test_multi_panel_scatter_and_unestimated_models_in_chinese():
    """Panels per year, their titles and a note on a model that could not be estimated."""
    from i18n_check import assert_chinese

    config_spec = dict(config_regressions("zh")["wiod_pooled_year_fe"])
    config_spec.update(by="year", fixed_effects=[], se={"type": "HC1"})
    data = dataset_for(config_spec)
    results = regress.fit(data, "by_year", config_spec)
    stats = results["fit_stats"]
    stats.loc[0, "status"] = "not estimated: 3 complete rows for 5 parameters"
    stats.loc[1, "status"] = (
        "estimated; not identified (collinear): import_content_of_exports_share"
    )
    with i18n.language("zh"), matplotlib.rc_context():
        fig = regress.plot(data, results, config_spec)
        assert_chinese(fig)
        panel_titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
        zh_html, _ = regress.format_table(results["coefficients"], stats, config_spec)
    matplotlib.pyplot.close(fig)
    assert panel_titles[0] == "年份 = 2008"
    assert "未估计：3个完整观测对应5个参数" in zh_html
    assert "无法识别（共线）：出口的进口含量（占比）" in zh_html
    for text in table_texts(zh_html):
        assert not i18n.untranslated_words(text), text


def test_labels_of_the_spec_are_shown_as_given_and_names_translated():
    # a spec's labels come in the reader's language (the regressions' text files)
    spec_with_label = {"labels": {"log_position_ratio": "直接投资头寸比（对数）"}}
    with i18n.language("zh"):
        assert regress.label_of("log_position_ratio", spec_with_label) == "直接投资头寸比（对数）"
        assert regress.label_of("total_trade_usd_millions", {}) == "贸易总额（百万美元）"
    assert regress.label_of("total_trade_usd_millions", {}) == "total trade (USD million)"
