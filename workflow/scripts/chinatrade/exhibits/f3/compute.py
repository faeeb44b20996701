"""F3's tables: every source brought to one shape, the sources chosen, the decomposition of
net exports, the total-trade check and the overlap with the user's series; and the reader of
the user's yearly series by regime."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import lineage, validate
from chinatrade.errors import InputDataError
from chinatrade.regimes import (
    DEFINITIONS,
    OBSERVATION_COLUMNS,
    REPORTER_SIDE,
    USD_THOUSANDS_PER_100M,
    from_regime_annual,
    from_regime_gacc,
    from_transcribed,
    period_label,
)

from .checks import check_spec
from .common import USER_SOURCE

FLOWS = ("exports", "imports", "balance", "total")

# The schema of the user's yearly series by regime.
USER_COLUMNS = ["year", "flow", "regime", "value_usd_100m"]
USER_FLOWS = ("exports", "imports")
USER_REGIMES = ("ordinary", "processing_customs", "other")

EXTRA_TABLES = ["total_trade_check", "user_overlap"]


# --------------------------------------------------------------------------------------
# The user's yearly series by regime
# --------------------------------------------------------------------------------------


def read_user_regime_series(path: str | Path) -> pd.DataFrame:
    """Read and check a CSV of China's yearly trade by customs regime (China Customs).

    Schema (one row per year, flow and regime; header in row 1):

    - ``year``: calendar year (integer; full years only);
    - ``flow``: ``exports`` or ``imports``;
    - ``regime``: ``ordinary`` (一般贸易), ``processing_customs`` (来料加工装配 + 进料加工) or
      ``other`` (every other regime: total - ordinary - processing_customs);
    - ``value_usd_100m``: USD 100 million (亿美元), non-negative.

    Every year must have all six (flow, regime) rows, so that the total is their sum.
    Returns the rows typed, with ``source_row`` (row number as a spreadsheet shows it),
    ``source_file`` and ``raw_file_ids`` (``user:<file name>``); raises ``InputDataError``
    naming the file, column and row.
    """
    path = Path(path)
    raw = validate.read_user_csv(path, USER_COLUMNS)
    rows = []
    for index, record in raw.iterrows():
        row = index + 2  # header is row 1
        year = validate.whole_year_cell(record["year"], path, "year", row)
        flow = validate.choice_cell(record["flow"], USER_FLOWS, path, "flow", row)
        regime = validate.choice_cell(record["regime"], USER_REGIMES, path, "regime", row)
        value = validate.non_negative_cell(
            record["value_usd_100m"], path, "value_usd_100m", row, "USD 100 million"
        )
        rows.append((year, flow, regime, value, row))
    frame = pd.DataFrame(rows, columns=[*USER_COLUMNS, "source_row"])
    validate.unique_user_key(frame, ["year", "flow", "regime"], path)
    for year, one_year in frame.groupby("year"):
        present = set(zip(one_year["flow"], one_year["regime"], strict=True))
        missing = [(f, r) for f in USER_FLOWS for r in USER_REGIMES if (f, r) not in present]
        if missing:
            raise InputDataError(
                path,
                f"year {year} lacks the (flow, regime) rows {missing}; every year needs all "
                "six so that the total is their sum",
                column="regime",
                row=int(one_year["source_row"].min()),
            )
    frame["source_file"] = str(path)
    frame[lineage.COLUMN] = lineage.user_file(path)
    return frame


# --------------------------------------------------------------------------------------
# Observations: every source brought to (year, period, mode, flow) in USD 100 million
# --------------------------------------------------------------------------------------


def from_user_series(user: pd.DataFrame) -> pd.DataFrame:
    """The user's yearly series: ordinary, processing_customs and their total (all)."""
    frame = user.copy()
    total = frame.groupby(["year", "flow"], as_index=False).agg(
        value_usd_100m=("value_usd_100m", "sum"), **{lineage.COLUMN: (lineage.COLUMN, lineage.join)}
    )
    total["regime"] = "all"
    named = frame[frame["regime"] != "other"][
        ["year", "flow", "regime", "value_usd_100m", lineage.COLUMN]
    ]
    out = pd.concat([named, total], ignore_index=True).rename(columns={"regime": "mode"})
    source_file = str(frame["source_file"].iloc[0]) if "source_file" in frame else "user file"
    out = out.assign(
        period="1-12",
        is_partial_year=False,
        rounding_usd_100m=math.nan,
        source_table=USER_SOURCE,
        source=f"user file {source_file}",
        method="user-supplied; all = ordinary + processing_customs + other",
    )
    return out[OBSERVATION_COLUMNS]


def choose_sources(observations: pd.DataFrame, precedence: list[str]) -> pd.DataFrame:
    """One source per (year, period): the most complete, ties broken by ``precedence``.

    Completeness counts the modes (all, ordinary, processing_customs) for which the source
    gives a balance (exports and imports, or the balance itself), then those for which it
    gives trade (exports and imports, or their sum). Taking every mode of a period from one
    source keeps a residual (e.g. total - ordinary) from mixing two sources' vintages or
    currencies; a source listed later still fills a period that an earlier one covers less
    well (e.g. a user's full split for a year where the press gave two balances only).
    """
    rank = {name: i for i, name in enumerate(precedence)}
    known = observations.dropna(subset=["value_usd_100m"])
    known = known[known["source_table"].isin(rank)]
    chosen = []
    for _, group in known.groupby(["year", "period"]):
        candidates = []
        for table, rows in group.groupby("source_table"):
            n_balance = n_trade = 0
            for _, mode_rows in rows.groupby("mode"):
                flows = set(mode_rows["flow"])
                both = {"exports", "imports"} <= flows
                n_balance += both or "balance" in flows
                n_trade += both or "total" in flows
            candidates.append((-n_balance, -n_trade, rank[table], table))
        best = min(candidates)
        chosen.append(group[group["source_table"] == best[3]])
    return pd.concat(chosen, ignore_index=True) if chosen else known.iloc[0:0]


# --------------------------------------------------------------------------------------
# Decomposition
# --------------------------------------------------------------------------------------


def _mode_values(rows: pd.DataFrame) -> dict:
    """Exports, imports, balance and trade of one mode (balance/trade as given, else derived)."""
    value = rows.set_index("flow")["value_usd_100m"]
    exports, imports = value.get("exports", math.nan), value.get("imports", math.nan)
    balance = value.get("balance", exports - imports)
    trade = value.get("total", exports + imports)
    return {
        "exports": exports,
        "imports": imports,
        "balance": balance,
        "trade": trade,
        "rounding": rows["rounding_usd_100m"].max(),
        "source_table": "; ".join(sorted(rows["source_table"].unique())),
        "source": "; ".join(sorted(rows["source"].unique())),
        "method": "; ".join(sorted(rows["method"].astype(str).unique())),
        lineage.COLUMN: lineage.join(rows[lineage.COLUMN]),
    }


EMPTY = {
    "exports": math.nan,
    "imports": math.nan,
    "balance": math.nan,
    "trade": math.nan,
    "rounding": math.nan,
    "source_table": "",
    "source": "",
    "method": "",
    lineage.COLUMN: "",
}


def _difference(a: dict, b: dict, sign: float = -1.0) -> dict:
    """a + sign*b for the four numbers, provenance of both.

    Only within one source table: a residual of two tables' figures (another vintage, or
    a CNY total converted at an annual rate) would put their differences into the component.
    """
    if a is EMPTY or b is EMPTY or a["source_table"] != b["source_table"]:
        return EMPTY
    out = {k: a[k] + sign * b[k] for k in ("exports", "imports", "balance", "trade")}
    out["rounding"] = np.nansum([a["rounding"], b["rounding"]]) or math.nan
    for key in ("source_table", "source", "method"):
        out[key] = "; ".join(sorted(set(a[key].split("; ")) | set(b[key].split("; "))))
    out[lineage.COLUMN] = lineage.join([a[lineage.COLUMN], b[lineage.COLUMN]])
    return out


def decompose(chosen: pd.DataFrame) -> pd.DataFrame:
    """Net exports and trade by component, under both definitions of processing trade.

    customs: ordinary, processing (= processing_customs), other_regimes (= all - ordinary -
    processing), total. non_ordinary: ordinary, processing (= all - ordinary), total.
    Shares: of the total's net exports and of the total's exports + imports. A row names
    the raw files of its component's observations and of the total's (its shares).
    """
    rows = []
    for (year, period), group in chosen.groupby(["year", "period"]):
        modes = {mode: _mode_values(g) for mode, g in group.groupby("mode")}
        total = modes.get("all", EMPTY)
        ordinary = modes.get("ordinary", EMPTY)
        processing = modes.get("processing_customs", EMPTY)
        components = {
            "customs": {
                "ordinary": ordinary,
                "processing": processing,
                "other_regimes": _difference(_difference(total, ordinary), processing),
                "total": total,
            },
            "non_ordinary": {
                "ordinary": ordinary,
                "processing": _difference(total, ordinary),
                "total": total,
            },
        }
        partial = bool(group["is_partial_year"].iloc[0])
        for definition, parts in components.items():
            for component, v in parts.items():
                # one flow alone (e.g. imports by regime, 2022-2024) gives no net exports
                if math.isnan(v["balance"]) and math.isnan(v["trade"]):
                    continue
                rows.append(
                    {
                        "year": int(year),
                        "period": period,
                        "period_label": period_label(int(year), period, partial),
                        "is_partial_year": partial,
                        "definition": definition,
                        "component": component,
                        "exports_usd_100m": v["exports"],
                        "imports_usd_100m": v["imports"],
                        "exports_plus_imports_usd_100m": v["trade"],
                        "net_exports_usd_100m": v["balance"],
                        "share_of_total_net_exports_pct": 100 * v["balance"] / total["balance"],
                        "share_of_total_trade_pct": 100 * v["trade"] / total["trade"],
                        "input_rounding_usd_100m": v["rounding"],
                        "source_table": v["source_table"],
                        "source": v["source"],
                        "method": v["method"],
                        "reporter_side": REPORTER_SIDE,
                        lineage.COLUMN: lineage.join([v[lineage.COLUMN], total[lineage.COLUMN]]),
                    }
                )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    order = {"ordinary": 0, "processing": 1, "other_regimes": 2, "total": 3}
    return (
        table.assign(_d=table["definition"].map(DEFINITIONS.index))
        .assign(_c=table["component"].map(order))
        .sort_values(["_d", "year", "is_partial_year", "period", "_c"])
        .drop(columns=["_d", "_c"])
        .reset_index(drop=True)
    )


def total_trade_check(
    main: pd.DataFrame, tables: dict[str, pd.DataFrame], year: int, nbs_definition: str
) -> pd.DataFrame:
    """The year's total trade by every source at hand (the study's 'customs total'), each
    with the raw files of its rows (NBS: of the provinces summed)."""
    rows = []
    total = main[
        (main["definition"] == "non_ordinary")
        & (main["component"] == "total")
        & (main["year"] == year)
        & ~main["is_partial_year"]
    ]
    for r in total.itertuples():
        rows.append(
            {
                "year": year,
                "source_table": r.source_table,
                "source": r.source,
                "total_trade_usd_100m": r.exports_plus_imports_usd_100m,
                "method": r.method,
                lineage.COLUMN: r.raw_file_ids,
            }
        )
    transcribed = tables.get("china_trade_totals_transcribed")
    if transcribed is not None:
        t = transcribed[
            (transcribed["year"] == year)
            & (transcribed["trade_mode"] == "all")
            & (transcribed["flow"] == "total")
            & transcribed["value_usd_100m"].notna()
            & ~transcribed["is_partial_year"]
        ]
        for r in t.itertuples():
            rows.append(
                {
                    "year": year,
                    "source_table": "china_trade_totals_transcribed",
                    "source": r.source,
                    "total_trade_usd_100m": r.value_usd_100m,
                    "method": f"{r.status} (rounded to {r.rounding_unit:g})",
                    lineage.COLUMN: r.raw_file_ids,
                }
            )
    nbs = tables.get("province_trade_nbs")
    if nbs is not None:
        n = nbs[(nbs["year"] == year) & (nbs["definition"] == nbs_definition)]
        if not n.empty:
            rows.append(
                {
                    "year": year,
                    "source_table": "province_trade_nbs",
                    "source": "; ".join(sorted(n["source"].unique())),
                    "total_trade_usd_100m": n["value_usd_thousands"].sum() / USD_THOUSANDS_PER_100M,
                    "method": f"sum of the 31 provinces ({nbs_definition})",
                    lineage.COLUMN: lineage.join(n[lineage.COLUMN]),
                }
            )
    out = pd.DataFrame(
        rows,
        columns=[
            "year",
            "source_table",
            "source",
            "total_trade_usd_100m",
            "method",
            lineage.COLUMN,
        ],
    )
    out["reporter_side"] = REPORTER_SIDE
    return out


def user_overlap(observations: pd.DataFrame) -> pd.DataFrame:
    """Where the user's series and a canonical table give the same cell: both values, and
    the raw files of both."""
    columns = [
        "year",
        "mode",
        "flow",
        "user_value_usd_100m",
        "canonical_value_usd_100m",
        "canonical_source_table",
        "user_minus_canonical_usd_100m",
        "user_source",
        "reporter_side",
        lineage.COLUMN,
    ]
    full = observations[~observations["is_partial_year"]].dropna(subset=["value_usd_100m"])
    user = full[full["source_table"] == USER_SOURCE]
    other = full[full["source_table"] != USER_SOURCE]
    if user.empty or other.empty:
        return pd.DataFrame(columns=columns)
    both = user.merge(other, on=["year", "mode", "flow"], suffixes=("_user", "_canonical"))
    out = pd.DataFrame(
        {
            "year": both["year"],
            "mode": both["mode"],
            "flow": both["flow"],
            "user_value_usd_100m": both["value_usd_100m_user"],
            "canonical_value_usd_100m": both["value_usd_100m_canonical"],
            "canonical_source_table": both["source_table_canonical"],
        }
    )
    out["user_minus_canonical_usd_100m"] = (
        out["user_value_usd_100m"] - out["canonical_value_usd_100m"]
    )
    out["user_source"] = both["source_user"]
    out[lineage.COLUMN] = [
        lineage.join(pair)
        for pair in zip(
            both[f"{lineage.COLUMN}_user"], both[f"{lineage.COLUMN}_canonical"], strict=True
        )
    ]
    out["reporter_side"] = REPORTER_SIDE
    return out[columns].sort_values(["year", "mode", "flow"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# compute()
# --------------------------------------------------------------------------------------


def _user_series(tables: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame | None:
    """The user's regime series: a table passed in, else the file in the spec's user_files."""
    if USER_SOURCE in tables:
        return tables[USER_SOURCE]
    path = (spec.get("user_files") or {}).get(USER_SOURCE)
    if path:
        return read_user_regime_series(path)
    return None


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """F3 tables: net exports and trade by component and definition (main), checks."""
    for name in (
        "trade_by_regime_annual",
        "trade_by_regime_gacc",
        "china_trade_totals_transcribed",
    ):
        if name not in tables:
            raise ValueError(f"spec key 'source_precedence': table '{name}' is not given")
    check_spec(spec, tables)
    codes = spec["regime_codes"]
    parts = [
        from_regime_annual(tables["trade_by_regime_annual"], codes),
        from_transcribed(
            tables["china_trade_totals_transcribed"],
            tables.get("fx_fed_h10"),
            spec.get("cny_currency", "CNY"),
        ),
    ]
    if spec.get("include_partial_periods", True):
        parts.append(
            from_regime_gacc(
                tables["trade_by_regime_gacc"],
                codes,
                spec.get("partial_period_kinds", ["cumulative"]),
            )
        )
    user = _user_series(tables, spec)
    if user is not None:
        parts.append(from_user_series(user))
    observations = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    observations = observations[observations["year"].between(spec["first_year"], spec["last_year"])]
    if observations.empty:
        raise ValueError(
            f"spec key 'first_year': no data between {spec['first_year']} and {spec['last_year']}"
        )
    if not spec.get("include_partial_periods", True):
        observations = observations[~observations["is_partial_year"]]
    precedence = list(spec["source_precedence"])
    chosen = choose_sources(observations, precedence)
    main = decompose(chosen)
    return {
        "main": main,
        "total_trade_check": total_trade_check(
            main, tables, spec["claim_year"], spec.get("nbs_definition", "location_of_trading_unit")
        ),
        "user_overlap": user_overlap(observations),
    }
