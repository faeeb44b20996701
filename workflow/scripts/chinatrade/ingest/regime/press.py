"""GACC press-release check values (hand-copied), converted to 100 million and checked."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest import source_files
from chinatrade.ingest.regime.codes import _MONTHS, _year
from chinatrade.ingest.regime.series import _check_flow_identities, rounding_unit
from chinatrade.validate import ROW

# unit as published -> (output column, factor to 100 million)
PRESS_UNITS = {
    "CNY trillion": ("value_cny_100m", 10_000.0),
    "USD trillion": ("value_usd_100m", 10_000.0),
    "USD billion": ("value_usd_100m", 10.0),
}
PRESS_COLUMNS = [
    "year",
    "period",
    "is_partial_year",
    "indicator",
    "value_as_published",
    "unit_as_published",
    "value_usd_100m",
    "value_cny_100m",
    "yoy_pct",
    "share_pct",
    "source_publisher",
    "source_url",
    "note",
    "source_file",
]


def read_press_release_checks(path: str | Path) -> pd.DataFrame:
    """Read ``gacc/gacc_press_release_check_values.csv``: headline figures, for checks only.

    Output key (year, period, indicator, unit_as_published). ``period`` '1-12' for
    'Jan-Dec', '1-9' for 'Jan-Sep'; ``is_partial_year``. ``value_as_published`` and
    ``unit_as_published`` as in the file (blank where the page gives only a share);
    ``value_usd_100m`` / ``value_cny_100m`` the same value converted explicitly to 100
    million (trillion x 10,000; billion x 10), NaN for the other currency; ``yoy_pct``,
    ``share_pct`` (%, blank where not given); ``source_file`` this file's name.

    Checks: allowed units and periods, numbers, a value has a unit, one row per key, and
    per (year, period, currency) exports + imports = total trade and exports - imports =
    trade surplus within the rounding of the three figures as printed.
    """
    columns = [
        "year",
        "period",
        "indicator",
        "value",
        "unit",
        "yoy_pct",
        "share_pct",
        "source_publisher",
        "source_url",
        "note",
    ]
    frame = validate.read_text_csv(path, columns)
    frame["year"] = _year(frame, "year", path)
    validate.allowed(frame, "unit", set(PRESS_UNITS) | {""}, path)
    months = {f"Jan-{m}": f"1-{i + 1}" for i, m in enumerate(_MONTHS)}
    validate.allowed(frame, "period", set(months), path)
    for column in ("value", "yoy_pct", "share_pct"):
        frame[column] = validate.numeric(frame, column, path)
    no_unit = frame.value.notna() & (frame.unit == "")
    if no_unit.any():
        index = no_unit.idxmax()
        raise InputDataError(
            path, "a value without a unit", column="unit", row=int(frame.at[index, ROW])
        )
    validate.unique_key(frame, ["year", "period", "indicator", "unit"], path)
    out = frame.rename(columns={"value": "value_as_published", "unit": "unit_as_published"})
    out["period"] = frame.period.map(months)
    out["is_partial_year"] = out.period != "1-12"
    out["source_file"] = source_files.name_of(path)
    for column in ("value_usd_100m", "value_cny_100m"):
        out[column] = math.nan
    for unit, (column, factor) in PRESS_UNITS.items():
        rows = out.unit_as_published == unit
        out.loc[rows, column] = out.loc[rows, "value_as_published"] * factor
    _check_press_identities(out, path)
    return out[PRESS_COLUMNS].reset_index(drop=True)


PRESS_FLOWS = {
    "exports": "exports",
    "imports": "imports",
    "total trade": "total",
    "trade surplus": "balance",
}


def _check_press_identities(frame: pd.DataFrame, path) -> None:
    """Exports + imports = total trade and exports - imports = surplus, per currency."""
    rows = frame[frame.indicator.isin(PRESS_FLOWS) & frame.value_as_published.notna()]
    rows = rows.assign(
        flow=rows.indicator.map(PRESS_FLOWS),
        currency_column=np.where(rows.value_usd_100m.notna(), "value_usd_100m", "value_cny_100m"),
    )
    rows["value"] = rows.value_usd_100m.fillna(rows.value_cny_100m)
    rows["rounding_unit"] = rows.value.map(rounding_unit)
    _check_flow_identities(rows, ["year", "period"], path, lambda key: "WORLD")
