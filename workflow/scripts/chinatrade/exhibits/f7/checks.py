"""F7's spec checks: required keys and years within the data."""

from __future__ import annotations

import numpy as np
import pandas as pd


def _require(spec: dict, key: str, where: str = "") -> object:
    """``spec[key]``, or a ValueError naming the missing key."""
    if key not in spec:
        raise ValueError(f"F7 spec: key '{where}{key}' is missing")
    return spec[key]


def _check_year(value: object, key: str, first: int, last: int, what: str) -> int:
    """A year inside [first, last], or a ValueError naming the spec key."""
    if not isinstance(value, int | np.integer) or not first <= int(value) <= last:
        raise ValueError(f"F7 spec: '{key}' = {value!r} is outside the {what} ({first}-{last})")
    return int(value)


def _dots_years(dots: pd.DataFrame, reporter: str, key: str) -> tuple[int, int]:
    years = dots.loc[dots["reporter_iso3"] == reporter, "year"]
    if years.empty:
        raise ValueError(f"F7 spec: '{key}' = {reporter!r}: no DOTS rows reported by it")
    return int(years.min()), int(years.max())
