"""B1 tables: the US deficit by partner (main), its change between two years, the shares of
the US deficit with Asia, and the processing share of China's trade.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chinatrade import lineage, regimes

from .checks import check_spec
from .common import (
    CENSUS_AGGREGATES_TABLE,
    CENSUS_PARTNERS_TABLE,
    FX_TABLE,
    PROCESSING_DEFINITIONS,
    PROCESSING_FLOWS,
    SUM_ALL,
    SUM_OTHERS,
    gap_note,
)

CENSUS_EXPORTS = "exports_fas_usd_millions"
CENSUS_IMPORTS = "imports_general_customs_usd_millions"
US_VALUATION = ("exports F.A.S.", "general imports, customs value")

EXTRA_TABLES = ["deficit_change", "asia_shares", "processing_share"]


MAIN_COLUMNS = [
    "year",
    "partner",
    "partner_label",
    "members",
    "members_without_data",
    "counted_in_partner_sum",
    "us_exports_usd_millions",
    "us_imports_usd_millions",
    "us_balance_usd_millions",
    "us_deficit_usd_billions",
    "share_of_partner_sum_deficit_pct",
    "reporter_iso3",
    "reporter_side",
    "source",
    "exports_valuation",
    "imports_valuation",
    lineage.COLUMN,
]
CHANGE_COLUMNS = [
    "partner",
    "partner_label",
    "members",
    "counted_in_partner_sum",
    "first_year",
    "last_year",
    "us_deficit_first_year_usd_billions",
    "us_deficit_last_year_usd_billions",
    "change_usd_billions",
    "change_pct",
    "share_of_partner_sum_first_year_pct",
    "share_of_partner_sum_last_year_pct",
    "change_as_pct_of_china_deficit_fall",
    "note",
    "reporter_iso3",
    "reporter_side",
    "source",
    lineage.COLUMN,
]
ASIA_COLUMNS = [
    "year",
    "asia_code",
    "asia_label",
    "us_balance_with_asia_usd_millions",
    "us_deficit_with_asia_usd_billions",
    "partner",
    "partner_label",
    "us_balance_with_partner_usd_millions",
    "us_deficit_with_partner_usd_billions",
    "share_of_us_asia_deficit_pct",
    "us_deficit_total_usd_billions",
    "asia_share_of_us_total_deficit_pct",
    "share_of_us_total_deficit_pct",
    "reporter_iso3",
    "reporter_side",
    "source",
    lineage.COLUMN,
]
PROCESSING_COLUMNS = [
    "year",
    "period",
    "period_label",
    "is_partial_year",
    "flow",
    "definition",
    "definition_label",
    "processing_usd_100m",
    "all_regimes_usd_100m",
    "processing_share_pct",
    "source_table",
    "source",
    "method",
    "reporter_iso3",
    "reporter_side",
    lineage.COLUMN,
]


# ----------------------------------------------------------------------------- US deficits


def _census_wide(census: pd.DataFrame) -> pd.DataFrame:
    """Census exports, imports, source and raw files by (ISO3, year), complete years only."""
    rows = census[census["complete_year"]].dropna(subset=["partner_iso3"])
    wide = rows.set_index(["partner_iso3", "year"])[
        [CENSUS_EXPORTS, CENSUS_IMPORTS, "source", lineage.COLUMN]
    ]
    if wide.index.duplicated().any():
        # two Census codes for one economy and year would otherwise be summed silently
        twice = wide.index[wide.index.duplicated()].unique().tolist()[:5]
        raise ValueError(f"Census rows not unique by (partner_iso3, year): {twice}")
    return wide.sort_index()


def _partner_members(spec: dict) -> dict[str, list[str]]:
    """Each listed partner's members; a group loses the members listed on their own."""
    groups = spec.get("partner_groups", {})
    partners = list(spec["partners"])
    exclude = bool(spec.get("exclude_listed_members", True))
    singles = {p for p in partners if p not in groups}
    members = {}
    for partner in partners:
        if partner in groups:
            kept = [m for m in groups[partner] if not (exclude and m in singles)]
            if not kept:
                raise ValueError(
                    f"B1 spec: 'partners' group {partner!r} has no member left once the "
                    "partners listed on their own are taken out"
                )
            members[partner] = sorted(kept)
        else:
            members[partner] = [partner]
    return members


def memo_partners(spec: dict) -> dict[str, str]:
    """ISO3 code -> English name of the memo partners, in the spec's order (the names are
    ``memo_partner_names`` of the exhibit's text file)."""
    names = spec.get("memo_partner_names") or {}
    for partner in spec.get("memo_partners") or []:
        if partner not in names:
            raise ValueError(f"B1 spec: 'memo_partner_names' has no name for {partner!r}")
    return {partner: names[partner] for partner in spec.get("memo_partners") or []}


def _partner_label(partner: str, members: list[str], spec: dict) -> str:
    """The display label; a group that lost members says which ('ASEAN-10 excl. Vietnam')."""
    labels = spec.get("partner_labels", {})
    memo = memo_partners(spec)
    label = labels.get(partner) or memo.get(partner) or partner
    groups = spec.get("partner_groups", {})
    if partner in groups:
        left_out = [m for m in groups[partner] if m not in members]
        if left_out:
            label += " excl. " + ", ".join(labels.get(m, m) for m in left_out)
    return label


def partner_code(partner: str, members: list[str], spec: dict) -> str:
    """The code of a partner in the tables: a reduced group says so ('ASEAN_excl_VNM')."""
    groups = spec.get("partner_groups", {})
    left_out = [m for m in groups.get(partner, []) if m not in members]
    return f"{partner}_excl_{'_'.join(left_out)}" if left_out else partner


def us_partner_deficits(census: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """US exports, imports, balance and deficit with each partner by year (main table).

    A group is the sum of its members; a year in which a member has no Census row is left
    missing (``members_without_data``), so that a gap never passes for a smaller deficit. The
    memo partners (the study's named economies inside a group, or outside the extract) are
    shown but not counted in the partner sum. A row names the raw files of its members' rows
    and of the year's partner sum (its share); a year without any, the Census files.
    """
    wide = _census_wide(census)
    years = range(int(spec["first_year"]), int(spec["last_year"]) + 1)
    entries = [(p, m, True) for p, m in _partner_members(spec).items()]
    entries += [(p, [p], False) for p in memo_partners(spec)]
    parts = []
    for partner, members, counted in entries:
        index = pd.MultiIndex.from_product([members, years], names=["partner_iso3", "year"])
        values = wide.reindex(index)
        flows = values[[CENSUS_EXPORTS, CENSUS_IMPORTS]]
        missing = flows.isna().any(axis=1)
        without = (
            missing[missing]
            .reset_index()
            .groupby("year")["partner_iso3"]
            .agg(lambda codes: ";".join(sorted(codes)))
        )
        sums = flows.groupby(level="year").sum(min_count=1)
        gap = sums.index.isin(without.index)
        sums.loc[gap, :] = np.nan
        sources = (
            values["source"].groupby(level="year").agg(lambda s: "; ".join(sorted(set(s.dropna()))))
        )
        part = pd.DataFrame(
            {
                "year": list(years),
                "partner": partner_code(partner, members, spec),
                "partner_label": _partner_label(partner, members, spec),
                "members": ";".join(members),
                "members_without_data": [without.get(y, "") for y in years],
                "counted_in_partner_sum": counted,
                "us_exports_usd_millions": sums[CENSUS_EXPORTS].reindex(years).to_numpy(),
                "us_imports_usd_millions": sums[CENSUS_IMPORTS].reindex(years).to_numpy(),
                "source": sources.reindex(years).fillna("").to_numpy(),
                lineage.COLUMN: _year_ids(values[lineage.COLUMN], years),
            }
        )
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["us_balance_usd_millions"] = out["us_exports_usd_millions"] - out["us_imports_usd_millions"]
    out["us_deficit_usd_billions"] = -out["us_balance_usd_millions"] / 1000
    counted = out[out["counted_in_partner_sum"]]
    # a year with a gap among the counted partners has no meaningful sum
    total = counted.groupby("year")["us_deficit_usd_billions"].sum(min_count=1)
    complete = counted.groupby("year")["us_deficit_usd_billions"].count()
    n_counted = sum(1 for entry in entries if entry[2])
    total[complete < n_counted] = np.nan
    out["share_of_partner_sum_deficit_pct"] = (
        100 * out["us_deficit_usd_billions"] / out["year"].map(total)
    )
    sum_ids = out["year"].map(lineage.aggregate(counted, "year"))
    out[lineage.COLUMN] = [
        _found_ids([own, of_sum]) or lineage.join(wide[lineage.COLUMN])
        for own, of_sum in zip(out[lineage.COLUMN], sum_ids, strict=True)
    ]
    out["reporter_iso3"] = "USA"
    out["reporter_side"] = "own"
    out["exports_valuation"], out["imports_valuation"] = US_VALUATION
    return out[MAIN_COLUMNS]


def _year_ids(ids: pd.Series, years: range) -> list[str]:
    """Per year, the raw files of the rows found (``ids`` by (member, year), NaN where a
    member has no row)."""
    found = ids.dropna().groupby(level="year").agg(lineage.join)
    return list(found.reindex(years).fillna(""))


def deficit_change(main: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Each partner's deficit in the first and last year, the change, its share of the sum.

    Two summary rows: the sum over the counted partners (``SUM_LISTED``) and over the counted
    partners other than China (``SUM_LISTED_EXCL_CHINA``). ``change_as_pct_of_china_deficit_fall``
    sets each change against China's fall (100 = a rise as large as China's fall); it is missing
    when the deficit with China did not fall. A row names the raw files of the main table's
    rows of the two years (each of which names the partner sum's too).
    """
    first, last = int(spec["first_year"]), int(spec["last_year"])
    china = spec["china"]
    wide = main.pivot_table(
        index="partner", columns="year", values="us_deficit_usd_billions", aggfunc="first"
    ).reindex(columns=[first, last])
    info = main.drop_duplicates("partner").set_index("partner")
    order = list(dict.fromkeys(main["partner"]))
    in_window = main[main["year"].isin([first, last])]
    rows = []
    for partner in order:
        rows.append(
            {
                "partner": partner,
                "source": _joined(in_window.loc[in_window["partner"] == partner, "source"]),
                "partner_label": info.loc[partner, "partner_label"],
                "members": info.loc[partner, "members"],
                "counted_in_partner_sum": bool(info.loc[partner, "counted_in_partner_sum"]),
                "first": wide.loc[partner, first],
                "last": wide.loc[partner, last],
                "note": gap_note(main[main["partner"] == partner], first, last),
                lineage.COLUMN: lineage.join(
                    in_window.loc[in_window["partner"] == partner, lineage.COLUMN]
                ),
            }
        )
    counted = [r for r in rows if r["counted_in_partner_sum"]]
    china_label = next((r["partner_label"] for r in counted if r["partner"] == china), china)
    for code, label, chosen in (
        (SUM_ALL, "Sum of the listed partners", counted),
        (
            SUM_OTHERS,
            f"Sum of the listed partners other than {china_label}",
            [r for r in counted if r["partner"] != china],
        ),
    ):
        rows.append(
            {
                "partner": code,
                "partner_label": label,
                "members": ";".join(r["partner"] for r in chosen),
                "counted_in_partner_sum": False,
                # min_count: one missing partner leaves the sum missing, not smaller
                "first": pd.Series([r["first"] for r in chosen]).sum(min_count=len(chosen)),
                "last": pd.Series([r["last"] for r in chosen]).sum(min_count=len(chosen)),
                "note": "sum",
                "source": _joined(pd.Series([r["source"] for r in chosen])),
                lineage.COLUMN: lineage.join(r[lineage.COLUMN] for r in chosen),
            }
        )
    out = pd.DataFrame(rows)
    out["first_year"], out["last_year"] = first, last
    out["us_deficit_first_year_usd_billions"] = out["first"]
    out["us_deficit_last_year_usd_billions"] = out["last"]
    out["change_usd_billions"] = out["last"] - out["first"]
    out["change_pct"] = np.where(
        out["first"] > 0, 100 * out["change_usd_billions"] / out["first"], np.nan
    )
    sums = out.set_index("partner")
    for column, year_value in (
        ("share_of_partner_sum_first_year_pct", "first"),
        ("share_of_partner_sum_last_year_pct", "last"),
    ):
        out[column] = 100 * out[year_value] / sums.loc[SUM_ALL, year_value]
    china_change = out.loc[out["partner"] == china, "change_usd_billions"]
    fall = -float(china_change.iloc[0]) if not china_change.empty else math.nan
    out["change_as_pct_of_china_deficit_fall"] = (
        100 * out["change_usd_billions"] / fall if fall > 0 else np.nan
    )
    out["reporter_iso3"] = "USA"
    out["reporter_side"] = "own"
    return out[CHANGE_COLUMNS]


def _joined(sources: pd.Series) -> str:
    """The distinct sources of some rows (each may already list several, '; '-separated)."""
    parts = {part for text in sources.dropna() for part in str(text).split("; ") if part}
    return "; ".join(sorted(parts))


# ----------------------------------------------------------------------------- US-Asia deficit


def asia_shares(
    census: pd.DataFrame, aggregates: pd.DataFrame, asia: dict, labels: dict
) -> pd.DataFrame:
    """The US deficit with the Census Asia aggregate and each partner's share of it, by year.

    A share is given only in years of a US deficit with Asia (a share of a surplus means
    nothing) and where the partner has a Census row. With ``asia["total_code"]`` (the Census
    aggregate of all partners), Asia's and each partner's share of the total US deficit too,
    in the years that aggregate has (else missing). A row names the raw files of the Asia
    aggregate's, the partner's and the total's rows of the year (found among them).
    """
    code = str(asia["code"])
    years = range(int(asia["first_year"]), int(asia["last_year"]) + 1)
    agg = aggregates[(aggregates["cty_code"] == code) & aggregates["complete_year"]]
    agg = agg.set_index("year").reindex(years)
    asia_balance = agg["balance_usd_millions"]
    total_deficit = pd.Series(np.nan, index=list(years))
    total_ids = pd.Series(np.nan, index=list(years), dtype=object)
    if asia.get("total_code"):
        total = aggregates[
            (aggregates["cty_code"] == str(asia["total_code"])) & aggregates["complete_year"]
        ].set_index("year")
        total_deficit = -total["balance_usd_millions"].reindex(years)
        total_ids = total[lineage.COLUMN].reindex(years)
    total_deficit = total_deficit.where(total_deficit > 0)
    wide = _census_wide(census)
    # a year without any of the rows names the files they were looked for in
    searched = lineage.join(pd.concat([wide[lineage.COLUMN], aggregates[lineage.COLUMN]]))
    parts = []
    for partner in asia["partners"]:
        values = wide.reindex(pd.MultiIndex.from_product([[partner], years])).droplevel(0)
        balance = values[CENSUS_EXPORTS] - values[CENSUS_IMPORTS]
        deficit = -asia_balance
        share = np.where(deficit > 0, 100 * -balance / deficit, np.nan)
        # the aggregate's source, and the partner row's where it is another vintage
        sources = [
            "; ".join(dict.fromkeys(x for x in pair if isinstance(x, str) and x))
            for pair in zip(agg["source"], values["source"], strict=True)
        ]
        parts.append(
            pd.DataFrame(
                {
                    "year": list(years),
                    "asia_code": code,
                    "asia_label": asia.get("label", f"Census aggregate {code}"),
                    "us_balance_with_asia_usd_millions": asia_balance.to_numpy(),
                    "us_deficit_with_asia_usd_billions": (-asia_balance / 1000).to_numpy(),
                    "partner": partner,
                    "partner_label": labels.get(partner, partner),
                    "us_balance_with_partner_usd_millions": balance.to_numpy(),
                    "us_deficit_with_partner_usd_billions": (-balance / 1000).to_numpy(),
                    "share_of_us_asia_deficit_pct": share,
                    "us_deficit_total_usd_billions": (total_deficit / 1000).to_numpy(),
                    "asia_share_of_us_total_deficit_pct": (
                        100 * -asia_balance / total_deficit
                    ).to_numpy(),
                    "share_of_us_total_deficit_pct": (100 * -balance / total_deficit).to_numpy(),
                    "source": sources,
                    lineage.COLUMN: [
                        _found_ids(cells) or searched
                        for cells in zip(
                            agg[lineage.COLUMN], values[lineage.COLUMN], total_ids, strict=True
                        )
                    ],
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["reporter_iso3"] = "USA"
    out["reporter_side"] = "own"
    return out[ASIA_COLUMNS]


def _found_ids(cells) -> str:
    """The raw files of the rows found among ``cells`` (NaN where a row is missing)."""
    return lineage.join(cell for cell in cells if isinstance(cell, str))


# ----------------------------------------------------------------------------- processing share


def regime_observations(tables: dict[str, pd.DataFrame], processing: dict) -> pd.DataFrame:
    """Every China Customs regime figure in USD 100 million (``chinatrade.regimes``)."""
    codes = processing["regime_codes"]
    parts = [
        regimes.from_regime_annual(tables["trade_by_regime_annual"], codes),
        regimes.from_transcribed(
            tables["china_trade_totals_transcribed"],
            tables.get(FX_TABLE),
            processing.get("cny_currency", "CNY"),
        ),
    ]
    if processing.get("include_partial_periods", True):
        parts.append(
            regimes.from_regime_gacc(
                tables["trade_by_regime_gacc"],
                codes,
                processing.get("partial_period_kinds", ["cumulative"]),
            )
        )
    observations = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    observations = observations.dropna(subset=["value_usd_100m"])
    first, last = int(processing["first_year"]), int(processing["last_year"])
    return observations[observations["year"].between(first, last)].reset_index(drop=True)


MISSING = (math.nan, "")  # a (mode, flow) without a figure: no value, no raw file


def _mode_flows(group: pd.DataFrame) -> dict[str, dict[str, tuple[float, str]]]:
    """Mode -> flow -> (value, raw files) of one source's period; the most precise figure of
    a (mode, flow) when a page gave two."""
    values: dict[str, dict[str, tuple[float, str]]] = {}
    ordered = group.sort_values("rounding_usd_100m", na_position="last")
    for r in ordered.drop_duplicates(["mode", "flow"]).itertuples():
        values.setdefault(r.mode, {})[r.flow] = (r.value_usd_100m, getattr(r, lineage.COLUMN))
    return values


def _flow_value(values: dict, mode: str, flow: str) -> tuple[float, str]:
    """One mode's exports, imports or trade (given, else exports + imports), with the raw
    files of the figures used."""
    by_flow = values.get(mode, {})
    if flow != "trade":
        return by_flow.get(flow, MISSING)
    if "total" in by_flow:
        return by_flow["total"]
    (exports, export_ids), (imports, import_ids) = (
        by_flow.get(one, MISSING) for one in ("exports", "imports")
    )
    return exports + imports, lineage.join([export_ids, import_ids])


def processing_shares(observations: pd.DataFrame, processing: dict) -> pd.DataFrame:
    """Processing share of trade, exports and imports, both definitions, by year and period.

    Numerator and denominator always come from one source table (a share of two vintages or
    currencies would carry their difference); among the sources that give both, the first of
    ``source_precedence`` is kept. customs: processing_customs / all; non_ordinary: (all -
    ordinary) / all. A row names the raw files of the figures of its numerator and
    denominator.
    """
    rank = {name: i for i, name in enumerate(processing["source_precedence"])}
    labels = processing.get("definition_labels", {})
    candidates = []
    keys = ["source_table", "year", "period"]
    for (table, year, period), group in observations.groupby(keys):
        if table not in rank:
            continue
        values = _mode_flows(group)
        for flow in PROCESSING_FLOWS:
            total, total_ids = _flow_value(values, "all", flow)
            ordinary, ordinary_ids = _flow_value(values, "ordinary", flow)
            numerators = {
                "customs": _flow_value(values, "processing_customs", flow),
                "non_ordinary": (total - ordinary, ordinary_ids),
            }
            for definition, (numerator, ids) in numerators.items():
                if math.isnan(total) or math.isnan(numerator) or total <= 0:
                    continue
                partial = bool(group["is_partial_year"].iloc[0])
                candidates.append(
                    {
                        "year": int(year),
                        "period": period,
                        "period_label": regimes.period_label(int(year), period, partial),
                        "is_partial_year": partial,
                        "flow": flow,
                        "definition": definition,
                        "definition_label": labels.get(definition, definition),
                        "processing_usd_100m": numerator,
                        "all_regimes_usd_100m": total,
                        "processing_share_pct": 100 * numerator / total,
                        "source_table": table,
                        "source": "; ".join(sorted(group["source"].astype(str).unique())),
                        "method": "; ".join(sorted(group["method"].astype(str).unique())),
                        lineage.COLUMN: lineage.join([total_ids, ids]),
                        "_rank": rank[table],
                    }
                )
    if not candidates:
        raise ValueError(
            f"B1 spec: 'processing.first_year': no processing share between "
            f"{processing['first_year']} and {processing['last_year']}"
        )
    table = pd.DataFrame(candidates).sort_values("_rank")
    table = table.drop_duplicates(["year", "period", "flow", "definition"]).drop(columns="_rank")
    table["reporter_iso3"] = "CHN"
    table["reporter_side"] = regimes.REPORTER_SIDE
    order = {d: i for i, d in enumerate(PROCESSING_DEFINITIONS)}
    flows = {f: i for i, f in enumerate(PROCESSING_FLOWS)}
    table = table.assign(_d=table["definition"].map(order), _f=table["flow"].map(flows))
    table = table.sort_values(["_d", "_f", "year", "is_partial_year", "period"])
    return table.drop(columns=["_d", "_f"]).reset_index(drop=True)[PROCESSING_COLUMNS]


# ----------------------------------------------------------------------------- compute()


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """B1 tables: US deficit by partner (main), its change, the Asia shares, processing share."""
    check_spec(spec, tables)
    main = us_partner_deficits(tables[CENSUS_PARTNERS_TABLE], spec)
    labels = dict(spec.get("partner_labels", {}))
    labels.update(memo_partners(spec))
    asia = asia_shares(
        tables[CENSUS_PARTNERS_TABLE], tables[CENSUS_AGGREGATES_TABLE], spec["asia"], labels
    )
    observations = regime_observations(tables, spec["processing"])
    return {
        "main": main,
        "deficit_change": deficit_change(main, spec),
        "asia_shares": asia,
        "processing_share": processing_shares(observations, spec["processing"]),
    }
