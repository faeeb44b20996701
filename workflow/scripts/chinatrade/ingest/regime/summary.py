"""The annual summary by customs regime (USD 100 million): rebuilt from the bulletins, read
back with its identities checked; the total flow (exports + imports).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest import source_files
from chinatrade.ingest.regime.bulletin import BULLETIN_KEY
from chinatrade.ingest.regime.codes import (
    AGGREGATES,
    PROCESSING_REGIMES,
    REGIMES,
    SOURCE_BULLETIN,
    _year,
)
from chinatrade.validate import ROW

SUMMARY_COLUMNS = [
    "year",
    "period",
    "is_partial_year",
    "flow",
    "regime_code",
    "regime_name_en",
    "regime_name_zh",
    "value_usd_100m",
    "method",
    "source",
    "source_url",
    "source_file",
]
SUMMARY_KEY = ["year", "flow", "regime_code"]
USD_THOUSANDS_PER_100M = 100_000
# Two-decimal rounding of 17 regime cells: their sum may miss the total by up to ~0.09.
SUMMARY_SUM_TOLERANCE_USD_100M = 0.1
# Derived (previous-year) regimes miss their derived total because each regime's y/y change
# is rounded and small regimes are revised: 2018 imports by 11.9 (0.056 %), 2022 by 0.015 %.
SUMMARY_DERIVED_RELATIVE_TOLERANCE = 0.001
# the regime rows non_ordinary_AGG is computed from (total - ordinary)
NON_ORDINARY_TERMS = ("total", "ordinary")


def _names(code: str) -> tuple[str, str]:
    return REGIMES.get(code) or AGGREGATES[code]


def regime_annual_summary(bulletin: pd.DataFrame) -> pd.DataFrame:
    """Rebuild the annual summary by regime in USD 100 million from parsed bulletins.

    Uses full-year (period '1-12'), all-enterprise rows. Reported years are value / 100,000;
    the previous year of each table is derived as value / (1 + yoy / 100) where that year is
    not reported itself. Adds the aggregates of ``AGGREGATES``; all values are rounded to
    0.01 at the end (as the snapshot's summary). ``source_url`` is the page the row was read
    or derived from; ``source_file`` the bulletin file of the row a value is read or derived
    from, for an aggregate the files of the regime rows it adds up ('; '-joined). Output:
    ``SUMMARY_COLUMNS``, one row per (year, flow, regime_code); flows 'exports' and
    'imports' only (``add_total_flow`` adds exports + imports).
    """
    annual = bulletin[(bulletin.period == "1-12") & (bulletin.enterprise_type == "all")]
    # a cell two tables print (they must agree) is taken from the lower table number
    annual = annual.sort_values(BULLETIN_KEY).drop_duplicates(
        ["year", "flow", "regime_code"], keep="first"
    )
    # unrounded until the end, so that aggregates equal the snapshot's to the cent
    reported = annual.assign(
        value_usd_100m=annual.value_usd_thousands / USD_THOUSANDS_PER_100M,
        method="reported",
    )
    derived = reported[reported.value_usd_100m.notna() & reported.yoy_pct.notna()]
    derived = derived.assign(
        year=derived.year - 1,
        value_usd_100m=derived.value_usd_100m / (1 + derived.yoy_pct / 100),
        method="derived: value_t/(1+yoy_t/100)",
    )
    have = set(zip(reported.year, reported.flow, strict=True))
    derived = derived[[(y, f) not in have for y, f in zip(derived.year, derived.flow, strict=True)]]
    rows = pd.concat([reported, derived], ignore_index=True)
    aggregates = [
        row
        for (year, flow), group in rows.groupby(["year", "flow"])
        for row in _aggregate_rows(year, flow, group)
    ]
    out = pd.concat([rows, pd.DataFrame(aggregates)], ignore_index=True)
    out = out.assign(
        period="1-12",
        is_partial_year=False,
        regime_name_en=[_names(c)[0] for c in out.regime_code],
        regime_name_zh=[_names(c)[1] for c in out.regime_code],
        source=SOURCE_BULLETIN,
        value_usd_100m=out.value_usd_100m.round(2),
    )
    source_files.require(out, "annual summary by regime")
    return out[SUMMARY_COLUMNS].sort_values(SUMMARY_KEY).reset_index(drop=True)


def _aggregate_rows(year: int, flow: str, group: pd.DataFrame) -> list[dict]:
    """The rows of ``AGGREGATES`` for one year and flow from its regime rows ``group``; each
    names the files of the regime rows it is computed from."""
    values = group.set_index("regime_code")["value_usd_100m"]
    files = group.set_index("regime_code")["source_file"]
    method = group["method"].iloc[0]
    # a regime printed '-' (nil) adds nothing
    processing = values.reindex(PROCESSING_REGIMES).sum(min_count=1)
    non_ordinary = values.get("total", math.nan) - values.get("ordinary", math.nan)
    return [
        {
            "year": year,
            "flow": flow,
            "regime_code": code,
            "value_usd_100m": value,
            "method": f"{method.split(':')[0]}; aggregate of the regime rows",
            "source_url": group["source_url"].iloc[0],
            "source_file": source_files.joined(files[files.index.isin(terms)]),
        }
        for code, value, terms in [
            ("processing_total_AGG", processing, PROCESSING_REGIMES),
            ("non_ordinary_AGG", non_ordinary, NON_ORDINARY_TERMS),
            (
                "other_non_ordinary_non_processing_AGG",
                non_ordinary - processing,
                NON_ORDINARY_TERMS + PROCESSING_REGIMES,
            ),
        ]
    ]


def read_regime_annual_summary(path: str | Path) -> pd.DataFrame:
    """Read ``regime/china_trade_by_regime_annual_summary.csv`` and check its identities.

    Output: ``SUMMARY_COLUMNS``, key (year, flow, regime_code); ``value_usd_100m`` in
    USD 100 million (亿美元) as in the file (blank where the page prints '-', i.e. nil);
    ``method`` as in the file ('reported', 'derived: ...', aggregates 'reported; = ...');
    ``source_file`` this file's name.

    Checks: unit 'USD 100 million (亿美元)', known flows and regime codes, numbers,
    non-negative regimes, one row per key, and per (year, flow): regimes sum to the total
    (reported years within 0.1; derived years within 0.1 %, because small regimes are
    revised), processing_total_AGG = assembly + imported materials, non_ordinary_AGG =
    total - ordinary, ordinary + processing_total_AGG + other_non_ordinary_non_processing_AGG
    = total (all within 0.02 for rounding).
    """
    columns = ["year", "flow", "regime_code", "value_usd_100m", "unit", "method", "source_url"]
    frame = validate.read_text_csv(path, columns)
    validate.allowed(frame, "unit", {"USD 100 million (亿美元)"}, path)
    validate.allowed(frame, "flow", {"export", "import"}, path)
    validate.allowed(frame, "regime_code", set(REGIMES) | set(AGGREGATES), path)
    frame["year"] = _year(frame, "year", path)
    frame["value_usd_100m"] = validate.numeric(frame, "value_usd_100m", path)
    regimes = frame[~frame.regime_code.str.endswith("_AGG")]
    validate.non_negative(regimes, "value_usd_100m", path)
    frame["flow"] = frame.flow.map({"export": "exports", "import": "imports"})
    validate.unique_key(frame, SUMMARY_KEY, path)
    _check_summary_identities(frame, path)
    out = frame.assign(
        period="1-12",
        is_partial_year=False,
        regime_name_en=[_names(c)[0] for c in frame.regime_code],
        regime_name_zh=[_names(c)[1] for c in frame.regime_code],
        source=SOURCE_BULLETIN,
        source_file=source_files.name_of(path),
    )
    return out[SUMMARY_COLUMNS].sort_values(SUMMARY_KEY).reset_index(drop=True)


def _check_summary_identities(frame: pd.DataFrame, path) -> None:
    wide = frame.pivot_table(
        index=["year", "flow"], columns="regime_code", values="value_usd_100m", aggfunc="first"
    )
    rows = frame.pivot_table(
        index=["year", "flow"], columns="regime_code", values=ROW, aggfunc="first"
    )
    derived = (
        frame.assign(d=frame.method.str.startswith("derived")).groupby(["year", "flow"])["d"].any()
    )
    members = [c for c in REGIMES if c != "total" and c in wide.columns]
    checks = pd.DataFrame({"total": wide["total"], ROW: rows["total"]})
    relative = np.where(derived.reindex(wide.index), SUMMARY_DERIVED_RELATIVE_TOLERANCE, 0.0)
    checks["regimes"] = wide[members].sum(axis=1, min_count=1)
    broken = (checks.total - checks.regimes).abs() > np.maximum(
        SUMMARY_SUM_TOLERANCE_USD_100M, relative * checks.total
    )
    if broken.any():
        key = broken.idxmax()
        raise InputDataError(
            path,
            f"regimes sum to the total fails for {key}: regimes sum to "
            f"{checks.at[key, 'regimes']:.2f}, total is {checks.at[key, 'total']:.2f}",
            column="value_usd_100m",
            row=int(checks.at[key, ROW]),
        )
    if not set(AGGREGATES) <= set(wide.columns):
        return
    identities = [
        (
            "processing_total_AGG",
            wide[list(PROCESSING_REGIMES)].sum(axis=1, min_count=1),
            "processing_total_AGG = assembly + imported materials",
        ),
        ("non_ordinary_AGG", wide.total - wide.ordinary, "non_ordinary_AGG = total - ordinary"),
        (
            "total",
            wide.ordinary + wide.processing_total_AGG + wide.other_non_ordinary_non_processing_AGG,
            "ordinary + processing + other = total",
        ),
    ]
    for code, expected, rule in identities:
        check = pd.DataFrame({"value_usd_100m": wide[code], ROW: rows[code]})
        validate.identity(
            check.reset_index(drop=True),
            "value_usd_100m",
            expected.reset_index(drop=True),
            path,
            rule=f"{rule} (the {code} row)",
            absolute=0.02,
        )


def add_total_flow(frame: pd.DataFrame, value_column: str, key: list[str]) -> pd.DataFrame:
    """Append flow 'total' = exports + imports for every key with both flows present.

    ``key`` are the columns other than ``flow`` that identify a value (e.g. year, period,
    regime_code). The new rows copy the export row's descriptive columns, have
    ``method``/``value_status`` 'derived: exports + imports' where those columns exist,
    ``source_file`` the files of both rows where that column exists, and are NaN where
    either flow is NaN.
    """
    exports = frame[frame.flow == "exports"].set_index(key)
    imports = frame[frame.flow == "imports"].set_index(key)
    if exports.index.duplicated().any() or imports.index.duplicated().any():
        raise ValueError(f"add_total_flow: key {key} does not identify one row per flow")
    both = exports.index.intersection(imports.index)
    total = exports.loc[both].copy()
    total[value_column] = exports.loc[both, value_column] + imports.loc[both, value_column]
    total["flow"] = "total"
    for column in ("method", "value_status"):
        if column in total.columns:
            total[column] = "derived: exports + imports"
    if "yoy_pct" in total.columns:
        total["yoy_pct"] = math.nan
    if source_files.COLUMN in total.columns:
        files = [side.loc[both, source_files.COLUMN] for side in (exports, imports)]
        total[source_files.COLUMN] = [
            source_files.joined(pair) for pair in zip(*files, strict=True)
        ]
    total = total.reset_index()[frame.columns]
    return pd.concat([frame, total], ignore_index=True)
