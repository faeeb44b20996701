"""INTRO spec checks: a present key and a year the data have, or a ValueError naming the key."""

from __future__ import annotations

import numpy as np
import pandas as pd


def require(spec: dict, key: str, where: str = "") -> object:
    """``spec[key]``, or a ValueError naming the missing key."""
    if key not in spec:
        raise ValueError(f"INTRO spec: key '{where}{key}' is missing")
    return spec[key]


def check_year(value: object, key: str, available: pd.Series, what: str) -> int:
    """A year present in ``available``, or a ValueError naming the spec key."""
    years = set(int(y) for y in available.dropna().unique())
    if not isinstance(value, int | np.integer) or int(value) not in years:
        span = f"{min(years)}-{max(years)}" if years else "none"
        raise ValueError(f"INTRO spec: '{key}' = {value!r} is not a year of {what} ({span})")
    return int(value)
