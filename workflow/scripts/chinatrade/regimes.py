"""China's trade by customs regime summed to trade modes (all, ordinary, processing).

Shared by the exhibits on processing trade (F3, B1): each source table (the annual regime
table, GACC's partial-year bulletins, the transcribed totals) brought to observations of
(year, period, mode, flow) in USD 100 million, with the period's label and the raw files
of the rows behind each observation (column ``raw_file_ids``, chinatrade/lineage.py).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chinatrade import lineage

USD_THOUSANDS_PER_100M = 100_000
REPORTER_SIDE = "own"  # China Customs figures are China's own statistics
DEFINITIONS = ("non_ordinary", "customs")
MODES = ("all", "ordinary", "processing_customs")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
OBSERVATION_COLUMNS = [
    "year",
    "period",
    "is_partial_year",
    "mode",
    "flow",
    "value_usd_100m",
    "rounding_usd_100m",
    "source_table",
    "source",
    "method",
    lineage.COLUMN,
]


def _mode_sums(frame: pd.DataFrame, regime_codes: dict, value: str, keys: list[str]):
    """Sum a table's regime rows into the modes all / ordinary / processing_customs."""
    parts = []
    for mode, codes in regime_codes.items():
        chosen = frame[frame["regime_code"].isin(codes)]
        if chosen.empty:
            continue

        def complete_sum(values: pd.Series, n_codes: int = len(codes)) -> float:
            # a mode is known only if every one of its regimes is printed in that period
            # ('-' = nil counts as zero: the bulletin prints it for no trade)
            return values.fillna(0.0).sum() if len(values) == n_codes else math.nan

        summed = chosen.groupby(keys, as_index=False).agg(
            value=(value, complete_sum),
            method=("method", lambda s: "; ".join(sorted(set(s)))),
            # a mode left missing names the regime rows it was looked for in
            **{lineage.COLUMN: (lineage.COLUMN, lineage.join)},
        )
        summed["mode"] = mode
        parts.append(summed)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def from_regime_annual(annual: pd.DataFrame, regime_codes: dict) -> pd.DataFrame:
    """Full years of ``trade_by_regime_annual`` (value_usd_100m), summed to modes."""
    full = annual[~annual["is_partial_year"]]
    out = _mode_sums(full, regime_codes, "value_usd_100m", ["year", "period", "flow"])
    out["is_partial_year"] = False
    out["source_table"] = "trade_by_regime_annual"
    out["source"] = "; ".join(sorted(full["source"].unique()))
    out["rounding_usd_100m"] = 0.01
    return out.rename(columns={"value": "value_usd_100m"})[OBSERVATION_COLUMNS]


def from_regime_gacc(gacc: pd.DataFrame, regime_codes: dict, period_kinds: list) -> pd.DataFrame:
    """Partial-year periods of ``trade_by_regime_gacc`` (all enterprises), summed to modes.

    Full years are taken from ``trade_by_regime_annual`` instead (the same bulletin rows).
    """
    partial = gacc[
        gacc["is_partial_year"]
        & gacc["period_kind"].isin(period_kinds)
        & (gacc["enterprise_type"] == "all")
    ].assign(method=lambda d: d["value_status"])
    # a period printed by two bulletin tables (e.g. 5 and 7) counts once
    partial = partial.drop_duplicates(["year", "period", "flow", "regime_code"])
    if partial.empty:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS)
    out = _mode_sums(partial, regime_codes, "value_usd_thousands", ["year", "period", "flow"])
    out["value"] = out["value"] / USD_THOUSANDS_PER_100M
    out["is_partial_year"] = True
    out["source_table"] = "trade_by_regime_gacc"
    out["source"] = "; ".join(sorted(partial["source"].unique()))
    out["rounding_usd_100m"] = 0.00001
    return out.rename(columns={"value": "value_usd_100m"})[OBSERVATION_COLUMNS]


def from_transcribed(transcribed: pd.DataFrame, fx: pd.DataFrame | None, currency: str):
    """Trade-mode points typed from official pages; CNY-only values converted when ``fx`` given.

    The table's own ``non_ordinary`` rows are derived (total - ordinary) and are recomputed
    here, so they are left out. Where a value exists in USD and CNY, the USD one is kept.
    A converted value names the raw files of its row and of the year's rate.
    """
    rows = transcribed[transcribed["trade_mode"].isin(MODES)].copy()
    rows["flow"] = rows["flow"].replace({"exports_plus_imports": "total"})
    # the page notes ('low confidence', '1.43 trillion') travel with the value
    rows["status"] = rows["status"] + np.where(
        rows["note"].fillna("").str.strip() != "", " (" + rows["note"].fillna("") + ")", ""
    )
    usd = rows[rows["value_usd_100m"].notna()].assign(
        value=lambda d: d["value_usd_100m"],
        rounding=lambda d: d["rounding_unit"],
        how=lambda d: d["status"],
    )
    cny = rows[rows["value_usd_100m"].isna() & rows["value_cny_100m"].notna()]
    parts = [usd]
    if fx is not None and not cny.empty:
        rates = fx[fx["currency"] == currency]
        cny = cny.assign(rate=cny["year"].map(rates.set_index("year")["units_per_usd"]))
        if cny["rate"].isna().any():
            missing = sorted(int(y) for y in cny.loc[cny["rate"].isna(), "year"].unique())
            raise ValueError(
                f"F3: CNY values for {missing} have no {currency} exchange rate in the H.10 "
                "table; they cannot be converted to USD"
            )
        # a converted value is the page's figure and the year's H.10 rate
        cny = cny.assign(
            **{
                lineage.COLUMN: lineage.by_row(
                    cny[lineage.COLUMN], cny["year"].map(lineage.aggregate(rates, "year"))
                )
            },
            value=cny["value_cny_100m"] / cny["rate"],
            rounding=cny["rounding_unit"] / cny["rate"],
            how=cny["status"]
            + f"; converted from {currency} at the Fed H.10 annual average "
            + cny["rate"].round(4).astype(str)
            + np.where(cny["is_partial_year"], " (annual rate applied to a partial year)", ""),
        )
        # a mode with any USD figure keeps only its USD figures (no USD/CNY mix in a mode)
        keys = ["year", "period", "trade_mode"]
        have_usd = usd.set_index(keys).index
        parts.append(cny[~cny.set_index(keys).index.isin(have_usd)])
    out = pd.concat(parts, ignore_index=True)
    out = out.drop(columns=["value_usd_100m"]).rename(
        columns={"trade_mode": "mode", "value": "value_usd_100m"}
    )
    out = out.assign(
        source_table="china_trade_totals_transcribed",
        rounding_usd_100m=out["rounding"],
        method=out["how"],
    )
    return out[OBSERVATION_COLUMNS].reset_index(drop=True)


def period_label(year: int, period: str, partial: bool) -> str:
    """'2018', or '2023 Jan-Oct (partial)' for a cumulative part of a year."""
    if not partial:
        return str(year)
    first, _, last = str(period).partition("-")
    try:
        months = MONTHS[int(first) - 1] + (f"-{MONTHS[int(last) - 1]}" if last else "")
    except (ValueError, IndexError):
        months = str(period)
    return f"{year} {months} (partial)"
