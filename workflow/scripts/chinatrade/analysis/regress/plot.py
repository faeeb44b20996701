"""Regression figures: partial-regression scatters (one panel per group) and coefficient plots."""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import patsy

from chinatrade import figures, i18n
from chinatrade.analysis.regress.estimation import _complete_rows, _q, estimation_groups
from chinatrade.analysis.regress.labels import (
    _clauses,
    _column,
    _listing,
    _sample_text,
    _se_text,
    label_of,
)
from chinatrade.analysis.regress.spec import _full
from chinatrade.i18n import tr

# the most groups a scatter draws as small multiples (the last ones, in the by order)
MAX_PANELS = 12


def _partial_out(frame: pd.DataFrame, spec: dict, x: str) -> tuple[np.ndarray, np.ndarray, bool]:
    """Outcome and ``x`` net of the other terms and fixed effects (Frisch-Waugh-Lovell).

    Returns (x values, outcome values, whether anything was partialled out). Without other
    terms the raw values are returned; the slope of the outcome on ``x`` in the result equals
    the model's coefficient in both cases.
    """
    others = [t for t in [*spec["regressors"], *spec["controls"]] if t != x]
    y = frame[spec["outcome"]].to_numpy(float)
    xv = frame[x].to_numpy(float)
    if not others and not spec["fixed_effects"]:
        return xv, y, False
    terms = [_q(t) for t in others] + [f"C({_q(f)})" for f in spec["fixed_effects"]]
    z = np.asarray(patsy.dmatrix("1 + " + " + ".join(terms), frame, return_type="matrix"))
    w = frame[spec["weights"]].to_numpy(float) if spec["weights"] else np.ones(len(y))
    root = np.sqrt(w)[:, None]
    out = []
    for v in (xv, y):
        coef, *_ = np.linalg.lstsq(z * root, v * root[:, 0], rcond=None)
        out.append(v - z @ coef)
    return out[0], out[1], True


def _subtitle(fit_stats: pd.DataFrame, spec: dict) -> str:
    first = fit_stats.iloc[-1]
    parts = [
        tr(
            "{estimator} of {outcome}",
            estimator=first["estimator"],
            outcome=label_of(spec["outcome"], spec),
        )
    ]
    if spec["fixed_effects"]:
        parts.append(
            tr(
                "fixed effects: {effects}",
                effects=_listing(label_of(f, spec) for f in spec["fixed_effects"]),
            )
        )
    if spec["controls"]:
        parts.append(
            tr(
                "controls: {controls}",
                controls=_listing(_column(c, spec) for c in spec["controls"]),
            )
        )
    parts.append(tr("SE {se}", se=_se_text(first, spec)))
    if spec["weights"]:
        parts.append(tr("weighted by {weights}", weights=_column(spec["weights"], spec)))
    return _clauses(parts)


def _source_note(spec: dict, fit_stats: pd.DataFrame) -> str:
    # the model's id and the dataset's file name are code names: the English note shows them,
    # another language names the dataset in words (the title names the model)
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        text = f"Model {fit_stats['spec_id'].iloc[0]}, dataset {spec['dataset']}; "
    else:
        text = tr("Dataset: {dataset}; ", dataset=tr(spec["dataset"]))
    text += tr(
        "sample: {sample}; rows dropped for missing values: {dropped:,}.",
        sample=_sample_text(spec["sample"], spec),
        dropped=int(fit_stats["n_dropped_missing"].sum()),
    )
    if spec.get("note"):
        # Chinese sentences follow each other without a space
        separator = " " if i18n.current() == i18n.SOURCE_LANGUAGE else ""
        text += separator + str(spec["note"])
    return text


def plot(data: pd.DataFrame, results: dict[str, pd.DataFrame], spec: Mapping) -> plt.Figure:
    """The spec's figure: ``scatter`` or ``coefficients``.

    ``scatter``: the outcome against the first regressor, with the fitted line whose slope is
    the estimate. With controls or fixed effects both axes are net of them (Frisch-Waugh-Lovell
    residuals), so the line is exactly the model's coefficient and the points are what
    identifies it; the axis labels say so. Points are sized by the weight in weighted models.
    With ``by``, one small panel per group (the last 12 if there are more).

    ``coefficients``: each regressor's estimate with its 95% interval per ``by`` group (one
    panel per regressor); without ``by``, every regressor and control in one panel.
    """
    full = _full(spec)
    figures.apply_style()
    coefficients, fit_stats = results["coefficients"], results["fit_stats"]
    spec_id = str(fit_stats["spec_id"].iloc[0])
    if full["figure"] == "scatter":
        fig, multi_panel = _scatter(data, spec_id, full, coefficients, fit_stats)
    else:
        fig, multi_panel = _coefficient_plot(full, coefficients, fit_stats), False
    figures.add_source_note(fig, _source_note(full, fit_stats))
    if multi_panel:
        # room for the title and subtitle above the grid of panels
        fig.subplots_adjust(top=1 - 1.0 / fig.get_figheight())
    return fig


def _scatter(data, spec_id, spec, coefficients, fit_stats) -> tuple[plt.Figure, bool]:
    x = spec["regressors"][0]
    groups = estimation_groups(data, spec_id, spec)
    shown = groups[-MAX_PANELS:]
    n = len(shown)
    ncols = min(4, n)
    nrows = math.ceil(n / ncols)
    size = (11, 6.5) if n == 1 else (3.2 * ncols + 1, 3.0 * nrows + 1.6)
    fig, axes = plt.subplots(nrows, ncols, figsize=size, squeeze=False, sharex=n > 1, sharey=n > 1)
    partialled = False
    for ax, (by_value, rows) in zip(axes.flat, shown, strict=False):
        complete, _, _ = _complete_rows(rows, spec)
        row = coefficients[(coefficients["by_value"] == by_value) & (coefficients["term"] == x)]
        if complete.empty:
            ax.set_title(
                tr("{group}: no data", group=f"{_column(spec['by'], spec)} = {by_value}"),
                loc="left",
                fontsize=10,
            )
            continue
        xs, ys, partialled = _partial_out(complete, spec, x)
        sizes = 28
        if spec["weights"]:
            w = complete[spec["weights"]].to_numpy(float)
            sizes = 10 + 290 * w / w.max()
        ax.axhline(0, color="0.4", linewidth=0.6)
        ax.scatter(xs, ys, s=sizes, alpha=0.55, color="#1b9e77", edgecolor="white", linewidth=0.4)
        estimate = float(row["estimate"].iloc[0]) if len(row) else math.nan
        if np.isfinite(estimate):
            w = complete[spec["weights"]].to_numpy(float) if spec["weights"] else np.ones(len(xs))
            intercept = np.average(ys - estimate * xs, weights=w)
            grid = np.linspace(np.nanmin(xs), np.nanmax(xs), 50)
            ax.plot(grid, intercept + estimate * grid, color="#d95f02", linewidth=2)
            se = float(row["std_error"].iloc[0])
            text = tr(
                "slope {slope:.3g} (SE {se:.2g}), N = {n:,}", slope=estimate, se=se, n=len(xs)
            )
        else:
            text = tr("slope not identified, N = {n:,}", n=len(xs))
        ax.text(
            0.02,
            0.97,
            text,
            transform=ax.transAxes,
            va="top",
            fontsize=9 if n > 1 else 10.5,
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
        )
        if spec["by"]:
            ax.set_title(f"{_column(spec['by'], spec)} = {by_value}", loc="left", fontsize=10.5)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    net = ""
    if partialled:
        held = [*[t for t in spec["regressors"] if t != x], *spec["controls"]]
        held = [_column(t, spec) for t in held]
        held += [tr("{effect} FE", effect=label_of(f, spec)) for f in spec["fixed_effects"]]
        net = tr(", net of {terms}", terms=_listing(held))
    width = 40 if n == 1 else 32
    xlabel = figures.wrap_note(label_of(x, spec) + net, 2 * width)
    ylabel = figures.wrap_note(label_of(spec["outcome"], spec) + net, width)
    for ax in axes[-1]:
        ax.set_xlabel(xlabel)
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel)
    subtitle = _subtitle(fit_stats, spec)
    if spec["weights"]:
        subtitle += tr("; point area proportional to the weight")
    if len(groups) > MAX_PANELS:
        subtitle += tr(
            "; the last {shown} of {total} groups shown", shown=MAX_PANELS, total=len(groups)
        )
    if n == 1:
        figures.set_titles(fig, axes[0, 0], spec["title"], subtitle)
    else:
        _multi_panel_titles(fig, spec["title"], subtitle)
        # a panel whose lower neighbour is hidden shows its own x axis
        for i, ax in enumerate(axes.flat):
            if i < n and i + ncols >= n:
                ax.xaxis.set_tick_params(labelbottom=True)
                ax.set_xlabel(xlabel)
    return fig, n > 1


def _multi_panel_titles(fig: plt.Figure, title: str, subtitle: str) -> None:
    """Title and subtitle above a grid of panels (the room is made in :func:`plot`)."""
    height = fig.get_figheight()
    # as figures.set_titles: the CJK font has no bold face, a Chinese title is set larger
    english = i18n.current() == i18n.SOURCE_LANGUAGE
    fig.suptitle(
        title,
        x=0.01,
        y=1 - 0.08 / height,
        ha="left",
        va="top",
        fontsize=14 if english else 15,
        fontweight="bold" if english else "normal",
    )
    fig.text(0.01, 1 - 0.42 / height, subtitle, ha="left", va="top", fontsize=10.5, color="0.25")


def _coefficient_plot(spec, coefficients, fit_stats) -> plt.Figure:
    by = spec["by"]
    if by:
        shown = coefficients[coefficients["term_role"] == "regressor"]
        terms = list(dict.fromkeys(shown["term"]))
        fig, axes = plt.subplots(
            len(terms), 1, figsize=(11, 3.2 * len(terms) + 2.4), squeeze=False, sharex=True
        )
        values = pd.to_numeric(shown["by_value"], errors="coerce")
        numeric = bool(values.notna().all())
        for ax, term in zip(axes[:, 0], terms, strict=True):
            rows = shown[shown["term"] == term].copy()
            rows["x"] = pd.to_numeric(rows["by_value"]) if numeric else np.arange(len(rows))
            ok = rows["estimate"].notna()
            ax.errorbar(
                rows.loc[ok, "x"],
                rows.loc[ok, "estimate"],
                yerr=[
                    rows.loc[ok, "estimate"] - rows.loc[ok, "ci_low"],
                    rows.loc[ok, "ci_high"] - rows.loc[ok, "estimate"],
                ],
                fmt="o",
                color="#1b9e77",
                ecolor="#1b9e77",
                elinewidth=1.5,
                capsize=3,
                label=tr("estimate with 95% interval"),
            )
            ax.axhline(0, color="0.3", linewidth=0.8)
            ax.set_ylabel(tr("Coefficient on\n{term}", term=label_of(term, spec)))
            if numeric and by == "year":
                figures.year_axis(ax, int(rows["x"].min()), int(rows["x"].max()))
            elif not numeric:
                ax.set_xticks(rows["x"], rows["by_value"], rotation=45, ha="right")
        axes[-1, 0].set_xlabel(label_of(by, spec) if by != "year" else tr("Year"))
        axes[0, 0].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        subtitle = _subtitle(fit_stats, spec) + tr("; one model per {by}", by=_column(by, spec))
        figures.set_titles(fig, axes[0, 0], spec["title"], subtitle)
        return fig
    rows = coefficients.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(11, 1.0 * len(rows) + 3))
    ok = rows["estimate"].notna()
    y = np.arange(len(rows))
    ax.errorbar(
        rows.loc[ok, "estimate"],
        y[ok.to_numpy()],
        xerr=[
            rows.loc[ok, "estimate"] - rows.loc[ok, "ci_low"],
            rows.loc[ok, "ci_high"] - rows.loc[ok, "estimate"],
        ],
        fmt="o",
        color="#1b9e77",
        capsize=3,
    )
    ax.set_yticks(
        y,
        [
            f"{label_of(t, spec)} ({tr(r)})"
            for t, r in zip(rows["term"], rows["term_role"], strict=True)
        ],
    )
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(
        tr(
            "Coefficient (change in {outcome} per unit), 95% interval",
            outcome=label_of(spec["outcome"], spec),
        )
    )
    figures.set_titles(fig, ax, spec["title"], _subtitle(fit_stats, spec))
    return fig
