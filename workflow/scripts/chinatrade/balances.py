"""Bilateral goods balances of one reporter with partners and partner groups."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chinatrade import lineage

FLOWS = {"exports_fob": "exports_fob_usd_millions", "imports_cif": "imports_cif_usd_millions"}


def partner_balances(
    bilateral: pd.DataFrame,
    reporter: str,
    partners: list[str],
    groups: dict[str, list[str]],
    first_year: int,
    last_year: int | None = None,
) -> pd.DataFrame:
    """Exports, imports and balance of ``reporter`` with each partner, by year.

    ``partners`` holds ISO3 codes and group names; a group's value is the sum over its
    members (``groups`` maps a group name to ISO3 codes). A group-year in which a
    member reported nothing is left missing, with the count of members that did, so
    that a gap never passes for a smaller balance. ``raw_file_ids``: the raw files of the
    members' rows of the year (of all the reporter's rows where none has a value: the files
    the value was looked for in).
    """
    own = bilateral[
        (bilateral["reporter_iso3"] == reporter)
        & (bilateral["year"] >= first_year)
        & ((last_year is None) | (bilateral["year"] <= (last_year or 0)))
    ]
    if own.empty:
        raise ValueError(f"no rows reported by {reporter} from {first_year}")
    years = range(first_year, int(own["year"].max()) + 1)
    wide = own.pivot_table(
        index=["partner_code", "year"],
        columns="flow",
        values="value_usd_millions",
        aggfunc="first",
        dropna=False,
    )
    ids = own.groupby(["partner_code", "year"])[lineage.COLUMN].agg(lineage.join)
    searched = lineage.join(own[lineage.COLUMN])
    known = set(wide.index.get_level_values("partner_code"))
    tables = []
    for partner in partners:
        members = groups.get(partner, [partner])
        absent = sorted(set(members) - known)
        if absent:
            raise ValueError(
                f"partner '{partner}': {reporter} reports no trade with {absent} from "
                f"{first_year}; check the partner list and groups in config"
            )
        index = pd.MultiIndex.from_product([members, years], names=["partner_code", "year"])
        values = wide.reindex(index)[list(FLOWS)]
        complete = values.notna().all(axis=1)
        by_year = values.groupby(level="year").sum(min_count=1)
        reporting = complete.groupby(level="year").sum()
        by_year[reporting < len(members)] = np.nan
        table = by_year.rename(columns=FLOWS).reset_index()
        table.insert(0, "partner", partner)
        table["members_expected"] = len(members)
        table["members_reporting"] = reporting.reindex(table["year"]).to_numpy()
        by_year_ids = ids.reindex(index).dropna().groupby(level="year").agg(lineage.join)
        table[lineage.COLUMN] = table["year"].map(by_year_ids).fillna(searched)
        tables.append(table)
    out = pd.concat(tables, ignore_index=True)
    out["balance_usd_millions"] = out["exports_fob_usd_millions"] - out["imports_cif_usd_millions"]
    out.insert(0, "reporter_iso3", reporter)
    out["reporter_side"] = "own"
    return out


def average_growth(values: pd.Series, first_year: int, last_year: int) -> dict[str, float]:
    """Average annual growth of a positive series between two years, two ways, in percent.

    ``compound``: (v_last / v_first) ** (1 / years) - 1.
    ``mean_of_yearly``: the arithmetic mean of the year-on-year growth rates.
    A deficit is passed as its (positive) size. A series that changes sign or has a
    gap in the window has no meaningful growth rate: both are returned as NaN.
    """
    window = values.loc[first_year:last_year]
    expected = last_year - first_year + 1
    if len(window) != expected or window.isna().any() or (window <= 0).any():
        return {"compound": math.nan, "mean_of_yearly": math.nan}
    compound = (window.iloc[-1] / window.iloc[0]) ** (1 / (expected - 1)) - 1
    yearly = window.pct_change().dropna()
    return {"compound": 100 * compound, "mean_of_yearly": 100 * yearly.mean()}


def growth_table(
    balances: pd.DataFrame, first_year: int, last_year: int, sign: dict[str, int]
) -> pd.DataFrame:
    """Average growth of each partner's balance (surplus, or deficit where sign=-1), with the
    raw files of the years between."""
    rows = []
    for partner, table in balances.groupby("partner", sort=False):
        direction = sign.get(partner, 1)
        series = direction * table.set_index("year")["balance_usd_millions"]
        growth = average_growth(series, first_year, last_year)
        window = table[table["year"].between(first_year, last_year)]
        rows.append(
            {
                "partner": partner,
                "measure": "surplus" if direction > 0 else "deficit",
                "first_year": first_year,
                "last_year": last_year,
                "value_first_year_usd_millions": series.get(first_year, math.nan),
                "value_last_year_usd_millions": series.get(last_year, math.nan),
                "growth_compound_pct_per_year": growth["compound"],
                "growth_mean_of_yearly_pct_per_year": growth["mean_of_yearly"],
                lineage.COLUMN: lineage.join(window[lineage.COLUMN]),
            }
        )
    return pd.DataFrame(rows)
