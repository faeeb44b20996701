"""The text fields of a regression's note, from the rows it estimated on: the years and the
counts the note names follow the data, as an exhibit's caption does
(chinatrade/exhibits/<module>/caption.py).

A note (``workflow/report/text/<language>/regressions.yaml``) may name:

* ``{first}``, ``{last}``, ``{n_years}``: the first and last year, and the number of years,
  of the rows the models use (:func:`~chinatrade.analysis.regress.estimation.estimated_rows`;
  with ``between``, the rows the units' means average);
* ``{n_obs}``: the observations of the model, or their range over the models of a ``by`` spec
  ("22-23"), those that could not be estimated included;
* ``{dropped_pct}``: the percentage of the sample's rows dropped for a missing value;
* ``{intensity_years}``: the WIOD years the import content is averaged over, from the
  dataset's ``intensity_years`` column (the China-US datasets).

A title and the labels carry no fields: the report shows them as written (its headings, the
readings of the hypotheses).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from chinatrade import texts
from chinatrade.analysis.regress.estimation import estimated_rows

# what a note may name (see above); a title or a label names none
FIELDS = ("first", "last", "n_years", "n_obs", "dropped_pct", "intensity_years")


def values(
    data: pd.DataFrame, spec_id: str, spec: Mapping, fit_stats: pd.DataFrame
) -> dict[str, object]:
    """The fields a note of ``spec_id`` may name, computed from ``data`` and ``fit_stats``."""
    rows = estimated_rows(data, spec_id, spec)
    out: dict[str, object] = {}
    if "year" in rows and len(rows):
        years = sorted({int(year) for year in rows["year"]})
        out |= {"first": years[0], "last": years[-1], "n_years": len(years)}
    # every model's observations, also of one that could not be estimated (its status says
    # why): a note's count then stays true, and the job writes its tables as before
    if len(fit_stats):
        low, high = int(fit_stats["n_obs"].min()), int(fit_stats["n_obs"].max())
        out["n_obs"] = low if low == high else f"{low}-{high}"
    in_sample = int(fit_stats["n_rows_in_sample"].sum())
    if in_sample:
        dropped = int(fit_stats["n_dropped_missing"].sum())
        out["dropped_pct"] = round(100 * dropped / in_sample)
    if "intensity_years" in rows and len(rows):
        out["intensity_years"] = ", ".join(sorted(set(rows["intensity_years"].astype(str))))
    return out


def filled(spec: Mapping, spec_id: str, field_values: Mapping[str, object]) -> dict:
    """``spec`` with its note filled from ``field_values``; a field of the note that the
    model does not compute stops the job naming the text (``<spec id>.note``)."""
    out = dict(spec)
    if out.get("note"):
        out["note"] = texts.fill(out["note"], dict(field_values), f"{spec_id}.note", __name__)
    return out
