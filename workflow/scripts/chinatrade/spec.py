"""Checks of an exhibit's spec and inputs: each error names the exhibit or the spec key at fault."""

from __future__ import annotations

import numpy as np
import pandas as pd


def spec_error(exhibit: str, key: str, problem: str) -> ValueError:
    """A ValueError that names the exhibit and the spec key at fault."""
    return ValueError(f"{exhibit} spec '{key}': {problem}")


def require_tables(tables: dict[str, pd.DataFrame], names: list[str], exhibit: str) -> None:
    """Fail early, naming the canonical tables that were not passed in."""
    missing = [name for name in names if name not in tables]
    if missing:
        raise KeyError(f"{exhibit} needs the canonical tables {missing}; got {sorted(tables)}")


def check_year(year: object, available: set[int], exhibit: str, key: str) -> int:
    """A spec year as int, or a ValueError naming the key if the data do not cover it."""
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise spec_error(exhibit, key, f"{year!r} is not a year")
    if int(year) not in available:
        raise spec_error(
            exhibit, key, f"{year} is outside the data ({min(available)}-{max(available)})"
        )
    return int(year)


def spec_value(spec: dict, key: str, where: str = ""):
    """spec[key], or a ValueError naming the dotted spec key."""
    if not isinstance(spec, dict) or key not in spec:
        raise ValueError(f"spec key '{where}{key}' is missing")
    return spec[key]


def spec_year(spec: dict, key: str, where: str = "") -> int:
    """spec[key] as a whole year, or a ValueError naming the dotted spec key."""
    value = spec_value(spec, key, where)
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"spec key '{where}{key}' must be a whole year, got {value!r}")
    return int(value)
