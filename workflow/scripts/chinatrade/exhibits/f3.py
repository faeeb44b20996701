"""F3: China's net exports split into processing trade and ordinary trade, by year.

Two definitions of "processing trade" are carried side by side (every row says which):

- ``customs``: China Customs' 加工贸易 = processing and assembly (来料加工装配) + processing
  with imported materials (进料加工). The rest of non-ordinary trade (bonded logistics,
  special customs areas, border trade, ...) is a third component, ``other_regimes``.
- ``non_ordinary``: everything that is not ordinary trade (total - 一般贸易). This is what the
  study's 2018 figure (19,481 of 46,224, in USD 100 million) measures; with it, net exports =
  ordinary + processing, as the study's Figure 3 assumes.

Public data give the split only in scattered years: 2018 and 2019 (GACC year-end bulletin;
2018 derived from 2019's year-on-year change), 2012 (ordinary trade), balances for 2004-2005,
partial years (GACC bulletins, Jan-Nov 2017 in CNY, Jan-Oct 2023), marked as partial. A user
file with a full yearly series by regime (``read_user_regime_series``) extends the chart.
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import StrMethodFormatter

from chinatrade import figures, i18n, validate
from chinatrade.errors import InputDataError
from chinatrade.i18n import join_sentences, tr
from chinatrade.regimes import (
    DEFINITIONS,
    MODES,
    MONTHS,
    OBSERVATION_COLUMNS,
    REPORTER_SIDE,
    USD_THOUSANDS_PER_100M,
    from_regime_annual,
    from_regime_gacc,
    from_transcribed,
    period_label,
)
from chinatrade.years import runs, years_text

FLOWS = ("exports", "imports", "balance", "total")

# The schema of the user's yearly series by regime.
USER_COLUMNS = ["year", "flow", "regime", "value_usd_100m"]
USER_FLOWS = ("exports", "imports")
USER_REGIMES = ("ordinary", "processing_customs", "other")
# its name among the tables, in ``source_precedence`` and in the spec's ``user_files``
USER_SOURCE = "user_regime_series"

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
    Returns the rows typed, with ``source_row`` (row number as a spreadsheet shows it) and
    ``source_file``; raises ``InputDataError`` naming the file, column and row.
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
    return frame


# --------------------------------------------------------------------------------------
# Observations: every source brought to (year, period, mode, flow) in USD 100 million
# --------------------------------------------------------------------------------------


def from_user_series(user: pd.DataFrame) -> pd.DataFrame:
    """The user's yearly series: ordinary, processing_customs and their total (all)."""
    frame = user.copy()
    total = frame.groupby(["year", "flow"], as_index=False)["value_usd_100m"].sum()
    total["regime"] = "all"
    named = frame[frame["regime"] != "other"][["year", "flow", "regime", "value_usd_100m"]]
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
    return out


def decompose(chosen: pd.DataFrame) -> pd.DataFrame:
    """Net exports and trade by component, under both definitions of processing trade.

    customs: ordinary, processing (= processing_customs), other_regimes (= all - ordinary -
    processing), total. non_ordinary: ordinary, processing (= all - ordinary), total.
    Shares: of the total's net exports and of the total's exports + imports.
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
    """The year's total trade by every source at hand (the study's 'customs total')."""
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
                }
            )
    out = pd.DataFrame(
        rows, columns=["year", "source_table", "source", "total_trade_usd_100m", "method"]
    )
    out["reporter_side"] = REPORTER_SIDE
    return out


def user_overlap(observations: pd.DataFrame) -> pd.DataFrame:
    """Where the user's series and a canonical table give the same cell: both values."""
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
    out["reporter_side"] = REPORTER_SIDE
    return out[columns].sort_values(["year", "mode", "flow"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# compute()
# --------------------------------------------------------------------------------------

REQUIRED_KEYS = (
    "headline_definition",
    "claim_year",
    "peak_year",
    "first_year",
    "last_year",
    "regime_codes",
    "source_precedence",
    "total_trade_source",
    "claims",
    "definition_labels",
    "source_note",
)
CLAIM_ROLES = (
    "processing_share_peak",
    "total_trade",
    "processing_trade",
    "processing_share",
    "ordinary_share_of_surplus",
    "processing_share_of_surplus",
)


def check_spec(spec: dict, tables: dict[str, pd.DataFrame]) -> None:
    """Refuse a spec the data cannot answer; the message names the spec key."""
    for key in REQUIRED_KEYS:
        if key not in spec:
            raise ValueError(f"spec key '{key}' is missing")
    if spec["headline_definition"] not in DEFINITIONS:
        raise ValueError(
            f"spec key 'headline_definition': '{spec['headline_definition']}' is not one of "
            f"{list(DEFINITIONS)}"
        )
    if set(spec["definition_labels"]) != set(DEFINITIONS):
        raise ValueError(f"spec key 'definition_labels': give a label for each of {DEFINITIONS}")
    if set(spec["regime_codes"]) != set(MODES):
        raise ValueError(f"spec key 'regime_codes': give the codes of each of {list(MODES)}")
    annual = tables["trade_by_regime_annual"]
    known = set(annual["regime_code"])
    for mode, codes in spec["regime_codes"].items():
        unknown = sorted(set(codes) - known)
        if unknown:
            raise ValueError(f"spec key 'regime_codes.{mode}': {unknown} are not regime codes")
    for name in spec["source_precedence"]:
        if name != USER_SOURCE and name not in tables:
            raise ValueError(
                f"spec key 'source_precedence': '{name}' is not among the tables given"
            )
    if spec["total_trade_source"] not in (
        "trade_by_regime_annual",
        "china_trade_totals_transcribed",
        "province_trade_nbs",
    ):
        raise ValueError(
            "spec key 'total_trade_source': use trade_by_regime_annual, "
            "china_trade_totals_transcribed or province_trade_nbs"
        )
    if spec["total_trade_source"] not in tables:
        raise ValueError(
            f"spec key 'total_trade_source': table '{spec['total_trade_source']}' is not given"
        )
    missing_roles = [r for r in CLAIM_ROLES if r not in spec["claims"]]
    if missing_roles:
        raise ValueError(f"spec key 'claims': no claim id for {missing_roles}")
    full_years = set(annual.loc[~annual["is_partial_year"], "year"])
    if spec["claim_year"] not in full_years:
        raise ValueError(
            f"spec key 'claim_year': {spec['claim_year']} is outside the regime data "
            f"(full years {sorted(full_years)})"
        )
    if spec["first_year"] > spec["last_year"]:
        raise ValueError("spec key 'first_year': it is after 'last_year'")


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


# --------------------------------------------------------------------------------------
# Figure
# --------------------------------------------------------------------------------------


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Net exports by component, one panel per definition (headline first); totals as dots."""
    figures.apply_style()
    main = results["main"]
    definitions = [spec["headline_definition"]] + [
        d for d in DEFINITIONS if d != spec["headline_definition"]
    ]
    palette = sns.color_palette("Dark2")
    english = i18n.current() == "en"
    bold = "bold" if english else "normal"  # the CJK font has no bold face
    style = {
        "ordinary": {"color": "white", "edgecolor": "0.15", "label": tr("ordinary trade")},
        "processing": {"color": "0.15", "edgecolor": "0.15", "label": tr("processing trade")},
        "other_regimes": {
            "color": palette[2],
            "edgecolor": palette[2],
            "label": tr("other regimes (bonded logistics, special areas, ...)"),
        },
    }
    total_label = tr("total net exports")
    fig, axes = plt.subplots(2, 1, figsize=(12, 9), sharex=True, sharey=True)
    first, last = int(main["year"].min()), int(main["year"].max())
    handles: dict[str, object] = {}
    for ax, definition in zip(axes, definitions, strict=True):
        data = main[main["definition"] == definition]
        split = data[data["component"] != "total"].dropna(subset=["net_exports_usd_100m"])
        components = [c for c in style if c in set(split["component"])]
        width = 0.8 / max(len(components), 1)
        for i, component in enumerate(components):
            rows = split[split["component"] == component]
            x = rows["year"] + (i - (len(components) - 1) / 2) * width
            for partial in (False, True):
                part = rows[rows["is_partial_year"] == partial]
                if part.empty:
                    continue
                bars = ax.bar(
                    x[part.index],
                    part["net_exports_usd_100m"],
                    width=width,
                    color=style[component]["color"],
                    edgecolor=style[component]["edgecolor"],
                    linewidth=0.8,
                    hatch="///" if partial else None,
                    alpha=0.55 if partial else 1.0,
                    zorder=2,
                )
                label = style[component]["label"]
                if partial:
                    label = tr("{label} (part of a year)", label=label)
                handles.setdefault(label, bars)
        # totals of full years: China's surplus, split or not; no line across missing years
        totals = data[(data["component"] == "total") & ~data["is_partial_year"]]
        totals = totals.dropna(subset=["net_exports_usd_100m"]).set_index("year")
        for run in runs(sorted(totals.index)):
            (line,) = ax.plot(
                run,
                totals.loc[run, "net_exports_usd_100m"],
                color="0.5",
                linewidth=1,
                marker="o",
                markersize=5,
                zorder=3,
            )
        if not totals.empty:
            handles.setdefault(tr("{label} (full year)", label=total_label), line)
        partial_totals = data[(data["component"] == "total") & data["is_partial_year"]]
        partial_totals = partial_totals.dropna(subset=["net_exports_usd_100m"])
        if not partial_totals.empty:
            marker = ax.scatter(
                partial_totals["year"],
                partial_totals["net_exports_usd_100m"],
                marker="D",
                facecolor="white",
                edgecolor="0.4",
                zorder=4,
            )
            handles.setdefault(tr("{label} (part of a year)", label=total_label), marker)
        # name the partial periods at the foot of the panel, clear of bars and lines
        for r in split[split["is_partial_year"]].drop_duplicates(["year", "period"]).itertuples():
            ax.annotate(
                _partial_period_text(r.year, r.period),
                (r.year, 0.03),
                xycoords=("data", "axes fraction"),
                ha="center",
                va="bottom",
                fontsize=8,
                color="0.3",
            )
        ax.axhline(0, color="0.2", linewidth=0.8)
        label = spec["text"]["definition_labels"][definition]
        ax.set_title(
            tr("Headline: {label}", label=label)
            if definition == spec["headline_definition"]
            else tr("Variant: {label}", label=label),
            loc="left",
            fontsize=10.5,
            fontweight=bold,
        )
        ax.set_ylabel(tr("Net exports, USD 100 million"))
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    low = min(0.0, float(main["net_exports_usd_100m"].min()))
    axes[0].set_ylim(low * 1.15 - 0.14 * main["net_exports_usd_100m"].max(), None)
    figures.year_axis(axes[-1], first, last)
    axes[-1].set_xlabel(tr("Year (bars only where China Customs' regime split is public)"))
    title = tr("China's net exports by trade regime: processing vs ordinary trade")
    headline = main[
        (main["definition"] == spec["headline_definition"])
        & (main["component"] == "processing")
        & (main["year"] == spec["claim_year"])
        & ~main["is_partial_year"]
    ].dropna(subset=["share_of_total_net_exports_pct"])
    if not headline.empty:
        share = headline["share_of_total_net_exports_pct"].iloc[0]
        title = tr(
            "{title} (processing: {share:.0f}% of the {year} surplus)",
            title=title,
            share=share,
            year=spec["claim_year"],
        )
    fig.suptitle(
        title,
        x=0.01,
        ha="left",
        fontsize=14 if english else 15,  # Chinese: a size larger instead of bold
        fontweight=bold,
    )
    note = spec["text"]["source_note"]
    user_years = sorted(set(main.loc[main["source_table"].str.contains(USER_SOURCE), "year"]))
    if user_years:
        note = join_sentences(
            note,
            tr(
                "Years from the user-supplied regime series: {years}.",
                years=years_text(user_years),
            ),
        )
    figures.add_source_note(fig, note)
    # one legend for both panels, under the chart and above the source note
    fig.tight_layout(rect=(0, 0.14, 1, 0.97))
    # legend in reading order: each component, its part-year variant, then the totals
    order = [style[c]["label"] for c in style] + [total_label]
    labels = sorted(handles, key=lambda k: (next(i for i, o in enumerate(order) if o in k), k))
    fig.legend(
        [handles[k] for k in labels],
        labels,
        loc="lower left",
        bbox_to_anchor=(0.06, 0.065),
        ncol=3,
        fontsize=9,
        frameon=False,
    )
    return fig


def _partial_period_text(year: int, period: str) -> str:
    """'2023 Jan-Oct' over '(partial)': a part-year bar's label in the reader's language."""
    first, _, last = str(period).partition("-")
    try:
        months = tr(MONTHS[int(first) - 1]) + (f"-{tr(MONTHS[int(last) - 1])}" if last else "")
    except (ValueError, IndexError):
        months = str(period)
    return tr("{year} {months}\n(partial)", year=year, months=months)


# --------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------


def _cell(main: pd.DataFrame, year: int, definition: str, component: str) -> pd.Series | None:
    rows = main[
        (main["year"] == year)
        & ~main["is_partial_year"]
        & (main["definition"] == definition)
        & (main["component"] == component)
    ]
    return None if rows.empty else rows.iloc[0]


def _shares_listing(main: pd.DataFrame) -> str:
    """'non_ordinary: 2006 57.4%, ...; customs: 2002 48.7%, ...' (full years)."""
    parts = []
    for definition in DEFINITIONS:
        rows = main[
            (main["definition"] == definition)
            & (main["component"] == "processing")
            & ~main["is_partial_year"]
        ].dropna(subset=["share_of_total_trade_pct"])
        listing = ", ".join(
            f"{r.year} {r.share_of_total_trade_pct:.1f}%" for r in rows.itertuples()
        )
        parts.append(f"{tr(definition)}: {listing or tr('none')}")
    return "; ".join(parts)


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Our values for C26-C31 under the headline definition (the other in the explanation)."""
    main = results["main"]
    ids = spec["claims"]
    year = spec["claim_year"]
    headline = spec["headline_definition"]
    other = [d for d in DEFINITIONS if d != headline][0]
    label = spec["definition_labels"]

    def value(y: int, definition: str, component: str, column: str) -> float:
        cell = _cell(main, y, definition, component)
        return math.nan if cell is None else float(cell[column])

    def provenance(y: int, definition: str, component: str) -> tuple[str, str]:
        cell = _cell(main, y, definition, component)
        return ("", "") if cell is None else (cell["source"], cell["method"])

    rows = []

    def add(role, our, unit, definition_text, explanation, y=year, component="processing"):
        source, method = provenance(y, headline, component)
        rows.append(
            {
                "claim_id": ids[role],
                "our_value": round(our, 2) if not math.isnan(our) else math.nan,
                "our_text": f"{our:,.1f}" if not math.isnan(our) else tr("not in the data"),
                "satisfied": None,
                "unit": unit,
                "source": source,
                "reporter_side": REPORTER_SIDE,
                "vintage": method,
                "definition": definition_text,
                "explanation": explanation,
            }
        )

    # C26: processing share of total trade in the peak year
    peak = spec["peak_year"]
    share_peak = value(peak, headline, "processing", "share_of_total_trade_pct")
    listing = _shares_listing(main)
    add(
        "processing_share_peak",
        share_peak,
        "percent",
        f"processing X+M / total X+M, {peak}; {label[headline]}",
        (
            tr(
                "Not computable: no {peak} split of trade by regime in the public data; needs "
                "China Customs' {peak} total and ordinary-trade (and processing-trade) exports "
                "and imports, or a user regime series. Shares we can compute: {listing}.",
                peak=peak,
                listing=listing,
            )
            if math.isnan(share_peak)
            else tr(
                "Computed for {peak}. Shares in the data: {listing}.", peak=peak, listing=listing
            )
        ),
        y=peak,
    )
    # the 'not in the data' text is more useful with the neighbouring shares
    if math.isnan(share_peak):
        rows[-1]["our_text"] = tr("{peak} not in the data ({listing})", peak=peak, listing=listing)
    else:
        # the claim says the peak year's share is the highest: say whether it is in our data
        shares = main[
            (main["definition"] == headline)
            & (main["component"] == "processing")
            & ~main["is_partial_year"]
        ].dropna(subset=["share_of_total_trade_pct"])
        highest = shares.loc[shares["share_of_total_trade_pct"].idxmax()]
        is_peak = int(highest["year"]) == peak
        rows[-1]["our_text"] = tr(
            "{share:.1f}; {peak} is the highest share of the years in the data (highest: "
            "{year}, {highest:.1f})"
            if is_peak
            else "{share:.1f}; {peak} is not the highest share of the years in the data "
            "(highest: {year}, {highest:.1f})",
            share=share_peak,
            peak=peak,
            year=int(highest["year"]),
            highest=highest["share_of_total_trade_pct"],
        )

    # C27: total trade
    check = results["total_trade_check"]
    source_table = spec["total_trade_source"]
    picked = check[check["source_table"] == source_table]
    total = float(picked["total_trade_usd_100m"].iloc[0]) if not picked.empty else math.nan
    alternatives = "; ".join(
        f"{tr(r.source_table)} {r.total_trade_usd_100m:,.1f}" for r in check.itertuples()
    )
    rows.append(
        {
            "claim_id": ids["total_trade"],
            "our_value": round(total, 2) if not math.isnan(total) else math.nan,
            "our_text": f"{total:,.1f}" if not math.isnan(total) else tr("not in the data"),
            "satisfied": None,
            "unit": "100 million USD",
            "source": "" if picked.empty else picked["source"].iloc[0],
            "reporter_side": REPORTER_SIDE,
            "vintage": "" if picked.empty else picked["method"].iloc[0],
            "definition": f"exports + imports, {year}, from {source_table}",
            "explanation": tr(
                "All sources at hand: {alternatives}. The bulletin's {year} values are derived "
                "from the {next_year} bulletin's year-on-year change (so a revised vintage); "
                "the NBS provincial sum is the first-published total; the transcribed value is "
                "a rounded press figure.",
                alternatives=alternatives,
                year=year,
                next_year=year + 1,
            ),
        }
    )

    # C28 / C29: processing trade and its share of total trade
    trade = value(year, headline, "processing", "exports_plus_imports_usd_100m")
    trade_other = value(year, other, "processing", "exports_plus_imports_usd_100m")
    add(
        "processing_trade",
        trade,
        "100 million USD",
        f"processing exports + imports, {year}; {label[headline]}",
        tr(
            "Under the {other} definition ({label}): {value:,.1f}. Differences from the study "
            "can come from the vintage: {year} values derived from the {next_year} bulletin's "
            "year-on-year change are revised figures.",
            other=tr(other),
            label=tr(label[other]),
            value=trade_other,
            year=year,
            next_year=year + 1,
        ),
    )
    share = value(year, headline, "processing", "share_of_total_trade_pct")
    share_other = value(year, other, "processing", "share_of_total_trade_pct")
    add(
        "processing_share",
        share,
        "percent",
        f"processing X+M / total X+M, {year}; {label[headline]}",
        tr("Under the {other} definition: {value:.1f}%.", other=tr(other), value=share_other),
    )

    # C30 / C31: shares of the surplus
    ordinary = value(year, headline, "ordinary", "share_of_total_net_exports_pct")
    add(
        "ordinary_share_of_surplus",
        ordinary,
        "percent",
        f"ordinary-trade net exports / total net exports, {year}",
        tr(
            "Ordinary trade is the same under both definitions; with the non_ordinary "
            "definition ordinary + processing = 100% of the surplus, as in the study."
        ),
        component="ordinary",
    )
    processing = value(year, headline, "processing", "share_of_total_net_exports_pct")
    processing_other = value(year, other, "processing", "share_of_total_net_exports_pct")
    rest = value(year, "customs", "other_regimes", "share_of_total_net_exports_pct")
    add(
        "processing_share_of_surplus",
        processing,
        "percent",
        f"processing net exports / total net exports, {year}; {label[headline]}",
        tr(
            "Under the {other} definition: {value:.1f}% (customs processing; the other "
            "non-ordinary regimes then contribute {rest:.1f}%, mostly bonded logistics and "
            "special customs areas, net importers).",
            other=tr(other),
            value=processing_other,
            rest=rest,
        ),
    )
    return pd.DataFrame(rows)
