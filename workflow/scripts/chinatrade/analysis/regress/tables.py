"""Regression tables: HTML and LaTeX from the coefficients and fit statistics, and writing them."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade.analysis.regress.labels import (
    _clauses,
    _column,
    _listing,
    _sample_text,
    _se_text,
    label_of,
)
from chinatrade.atomic import atomic_path
from chinatrade.i18n import tr

# why a model was not estimated (the status column of fit_stats, kept in English there)
STATUS_TEXTS = (
    (r"not estimated: no complete rows", "not estimated: no complete rows"),
    (
        r"not estimated: (?P<rows>\d+) complete rows for (?P<params>\d+) parameters",
        "not estimated: {rows} complete rows for {params} parameters",
    ),
    (r"not estimated: fewer than 2 clusters", "not estimated: fewer than 2 clusters"),
    (
        r"estimated; not identified \(collinear\): (?P<terms>.+)",
        "estimated; not identified (collinear): {terms}",
    ),
)


def _status_text(status: str, spec: Mapping) -> str:
    """A model's status (``fit_stats.status``) in the reader's language."""
    for pattern, template in STATUS_TEXTS:
        match = re.fullmatch(pattern, status)
        if match:
            fields = match.groupdict()
            if "terms" in fields:
                fields["terms"] = _listing(_column(t, spec) for t in fields["terms"].split(", "))
            return tr(template, **fields)
    return tr(status)


def _stars(p: float) -> str:
    if not np.isfinite(p):
        return ""
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.10 else ""


def _decimals(std_errors: Iterable[float]) -> int:
    """Enough decimals to show two significant digits of the smallest SE; 3 to 6."""
    finite = [abs(s) for s in std_errors if np.isfinite(s) and s != 0]
    if not finite:
        return 3
    return int(min(6, max(3, math.ceil(-math.log10(min(finite))) + 1)))


def _table_cells(coefficients: pd.DataFrame, fit_stats: pd.DataFrame, spec: Mapping):
    """Column headers; per term (label, [(estimate, stars)], [(SE)]); statistic rows; notes."""
    columns = list(fit_stats["by_value"])
    by = spec.get("by")
    header = [f"{_column(by, spec)} = {v}" if by else tr("All rows") for v in columns]
    stats = fit_stats.set_index("by_value")
    body = []
    terms = list(dict.fromkeys(coefficients["term"]))
    for term in terms:
        of_term = coefficients[coefficients["term"] == term].set_index("by_value")
        digits = _decimals(of_term["std_error"])
        estimates, errors = [], []
        for column in columns:
            if column not in of_term.index or not np.isfinite(of_term.at[column, "estimate"]):
                estimates.append(("", ""))
                errors.append("")
                continue
            row = of_term.loc[column]
            estimates.append((f"{row['estimate']:.{digits}f}", _stars(row["p_value"])))
            errors.append(f"({row['std_error']:.{digits}f})")
        body.append((label_of(term, spec), estimates, errors))
    rows = [
        (tr("Observations"), [f"{stats.at[c, 'n_obs']:,}" for c in columns]),
        ("R²", [_num(stats.at[c, "r_squared"], 3) for c in columns]),
        (tr("Adjusted R²"), [_num(stats.at[c, "r_squared_adj"], 3) for c in columns]),
    ]
    fixed = list(spec.get("fixed_effects") or [])
    if fixed:
        rows.append((tr("Within R²"), [_num(stats.at[c, "r_squared_within"], 3) for c in columns]))
    rows.append((tr("Standard errors"), [_se_text(stats.loc[c], spec) for c in columns]))
    if (spec.get("se") or {}).get("type") == "cluster":
        rows.append((tr("Clusters"), [_num(stats.at[c, "n_clusters"], 0) for c in columns]))
    for name in fixed:
        rows.append(
            (
                tr("Fixed effects: {effect}", effect=label_of(name, spec)),
                [tr("Yes") for _ in columns],
            )
        )
    if spec.get("weights"):
        rows.append((tr("Weights"), [label_of(spec["weights"], spec) for _ in columns]))
    rows.append(
        (
            tr("Rows dropped (missing)"),
            [f"{stats.at[c, 'n_dropped_missing']:,}" for c in columns],
        )
    )
    notes = [
        tr("Standard errors in parentheses. * p<0.10, ** p<0.05, *** p<0.01."),
        tr(
            "Outcome: {outcome}. Sample: {sample}.",
            outcome=label_of(spec["outcome"], spec),
            sample=_sample_text(spec.get("sample") or {}, spec),
        ),
    ]
    problems = [
        f"{c}: {_status_text(stats.at[c, 'status'], spec)}"
        for c in columns
        if stats.at[c, "status"] != "estimated"
    ]
    if problems:
        notes.append(
            tr("Not estimated or not identified: {problems}.", problems=_clauses(problems))
        )
    if spec.get("note"):
        notes.append(str(spec["note"]))
    return header, body, rows, notes


def _num(value: float, digits: int) -> str:
    if not np.isfinite(value):
        return ""
    return f"{value:,.{digits}f}"


def _latex_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "&%$#_{}":
            out.append("\\" + ch)
        elif ch == "~":
            out.append("\\textasciitilde{}")
        elif ch == "^":
            out.append("\\textasciicircum{}")
        elif ch == "\\":
            out.append("\\textbackslash{}")
        elif ch in "<>":
            out.append(f"${ch}$")
        elif ch == "²":
            out.append("$^2$")
        else:
            out.append(ch)
    return "".join(out)


def _latex_number(text: str) -> str:
    return "$-$" + text[1:] if text.startswith("-") else text


def format_table(
    coefficients: pd.DataFrame, fit_stats: pd.DataFrame, spec: Mapping
) -> tuple[str, str]:
    """The models as a regression table, in HTML and in LaTeX (booktabs).

    One column per model (``by`` value, or "All rows"); per regressor and control the estimate
    with significance stars (* p<0.10, ** p<0.05, *** p<0.01) and its standard error in
    parentheses below; then observations, R², adjusted R², within R² (with fixed effects), the
    standard-error type, the number of clusters, one "Yes" row per fixed effect, the weights,
    the rows dropped for missing values; the spec's note as a footnote. Deterministic text.
    """
    header, body, rows, notes = _table_cells(coefficients, fit_stats, spec)
    title = spec.get("title") or ""
    outcome = label_of(spec["outcome"], spec)
    n = len(header)

    esc = html.escape
    lines = ['<table class="regression-table">', f"<caption>{esc(title)}</caption>", "<thead>"]
    lines.append(f'<tr><th></th><th colspan="{n}">{esc(outcome)}</th></tr>')
    lines.append("<tr><th></th>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>")
    lines += ["</thead>", "<tbody>"]
    for label, estimates, errors in body:
        cells = "".join(
            f"<td>{esc(e)}<sup>{esc(s)}</sup></td>" if s else f"<td>{esc(e)}</td>"
            for e, s in estimates
        )
        lines.append(f"<tr><th>{esc(label)}</th>{cells}</tr>")
        lines.append(
            '<tr class="se"><th></th>' + "".join(f"<td>{esc(e)}</td>" for e in errors) + "</tr>"
        )
    for i, (label, cells) in enumerate(rows):
        css = ' class="stats-first"' if i == 0 else ""
        lines.append(
            f"<tr{css}><th>{esc(label)}</th>"
            + "".join(f"<td>{esc(c)}</td>" for c in cells)
            + "</tr>"
        )
    lines += ["</tbody>", "<tfoot>"]
    for note in notes:
        lines.append(f'<tr><td colspan="{n + 1}">{esc(note)}</td></tr>')
    lines += ["</tfoot>", "</table>"]
    html_table = "\n".join(lines) + "\n"

    tex = [
        "\\begin{table}[htbp]",
        "\\centering",
        f"\\caption{{{_latex_escape(title)}}}",
        f"\\begin{{tabular}}{{l{'c' * n}}}",
        "\\toprule",
        f" & \\multicolumn{{{n}}}{{c}}{{{_latex_escape(outcome)}}} \\\\",
        f"\\cmidrule(lr){{2-{n + 1}}}",
        " & " + " & ".join(_latex_escape(h) for h in header) + " \\\\",
        "\\midrule",
    ]
    for label, estimates, errors in body:
        cells = [_latex_number(e) + (f"$^{{{s}}}$" if s else "") for e, s in estimates]
        tex.append(_latex_escape(label) + " & " + " & ".join(cells) + " \\\\")
        tex.append(" & " + " & ".join(errors) + " \\\\")
    tex.append("\\midrule")
    for label, cells in rows:
        tex.append(
            _latex_escape(label) + " & " + " & ".join(_latex_escape(c) for c in cells) + " \\\\"
        )
    tex += [
        "\\bottomrule",
        "\\end{tabular}",
        "",
        "\\smallskip",
        "\\begin{minipage}{0.95\\linewidth}",
        "\\footnotesize",
    ]
    tex.append(" ".join(_latex_escape(note) for note in notes))
    tex += ["\\end{minipage}", "\\end{table}"]
    return html_table, "\n".join(tex) + "\n"


def write_tables(
    html_table: str, latex_table: str, html_path: str | Path, tex_path: str | Path
) -> None:
    """Write the two table texts atomically (UTF-8)."""
    for text, path in ((html_table, html_path), (latex_table, tex_path)):
        with atomic_path(path) as tmp:
            Path(tmp).write_text(text, encoding="utf-8")
