"""Two vintages of a table compared on its key: new years, added and removed rows, revised
values.

A value is revised when it moved by more than ``tolerance_pct`` percent of its old size (any
move when the old value is zero), or when it appeared or disappeared (one side missing). Only
numeric columns outside the key are values; labels and flags are not compared. Every change is
one row, so nothing is summarised away; the report summarises.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CHANGES = ("new_year", "added", "removed", "revised")
COLUMNS = [
    "change",
    "year",
    "key",
    "column",
    "old_value",
    "new_value",
    "difference",
    "relative_difference_pct",
]


def value_columns(before: pd.DataFrame, after: pd.DataFrame, key: list[str]) -> list[str]:
    """Numeric columns of both tables outside the key (booleans are flags, not values)."""
    return [
        column
        for column in after.columns
        if column in before.columns
        and column not in key
        and pd.api.types.is_numeric_dtype(after[column])
        and pd.api.types.is_numeric_dtype(before[column])
        and not pd.api.types.is_bool_dtype(after[column])
    ]


def compare(
    before: pd.DataFrame, after: pd.DataFrame, key: list[str], tolerance_pct: float
) -> pd.DataFrame:
    """Every change from ``before`` to ``after`` (columns ``COLUMNS``), rows in key order."""
    key = list(key)
    for name, table in (("previous", before), ("current", after)):
        _check_key(table, key, name)
    values = value_columns(before, after, key)
    merged = before[key + values].merge(
        after[key + values], on=key, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    merged = merged.sort_values(key, kind="stable").reset_index(drop=True)
    old_years = set(before["year"]) if "year" in key else set()
    parts = []
    for column in values:
        old, new = merged[f"{column}_old"], merged[f"{column}_new"]
        change = pd.Series("", index=merged.index, dtype=object)
        change[merged["_merge"] == "left_only"] = "removed"
        added = merged["_merge"] == "right_only"
        if "year" in key:
            change[added & ~merged["year"].isin(old_years)] = "new_year"
        change[added & (change == "")] = "added"
        both = merged["_merge"] == "both"
        change[both & _revised(old, new, tolerance_pct)] = "revised"
        chosen = change != ""
        if not chosen.any():
            continue
        parts.append(
            pd.DataFrame(
                {
                    "change": change[chosen],
                    "year": merged.loc[chosen, "year"] if "year" in key else pd.NA,
                    "key": key_text(merged.loc[chosen, key]),
                    "column": column,
                    "old_value": old[chosen],
                    "new_value": new[chosen],
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(parts, ignore_index=False).sort_index(kind="stable")
    out["difference"] = out["new_value"] - out["old_value"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["relative_difference_pct"] = 100 * out["difference"] / out["old_value"].abs()
    out["relative_difference_pct"] = out["relative_difference_pct"].replace(
        [np.inf, -np.inf], np.nan
    )
    return out[COLUMNS].reset_index(drop=True)


def _revised(old: pd.Series, new: pd.Series, tolerance_pct: float) -> pd.Series:
    one_missing = old.isna() != new.isna()
    moved = (new - old).abs() > tolerance_pct / 100 * old.abs()
    return one_missing | (moved & old.notna() & new.notna())


def key_text(keys: pd.DataFrame) -> pd.Series:
    """A key as one text, ``column=value`` joined by '; ' (readable in the CSV and report)."""
    return keys.astype(str).apply(lambda row: "; ".join(f"{c}={v}" for c, v in row.items()), axis=1)


def _check_key(table: pd.DataFrame, key: list[str], name: str) -> None:
    missing = [column for column in key if column not in table.columns]
    if missing:
        raise ValueError(f"the {name} table has no key column(s) {missing}")
    repeated = table.duplicated(key, keep=False)
    if repeated.any():
        example = table.loc[repeated, key].iloc[0].to_dict()
        raise ValueError(f"the {name} table repeats the key {key}: e.g. {example}")
