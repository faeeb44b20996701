"""B1: beyond the study: its predictions tested on 2017-2025 data.

The study (written with data to 2019) predicted three things; this exhibit tests each on the
data the workflow has:

1. Part of the US deficit moves from China to Vietnam, Thailand, Cambodia, Bangladesh (and
   other ASEAN members, Mexico, India): the US goods balance with each partner, US Census
   (US-reported, own statistics of the US; mirror from China's viewpoint), and the change
   between two years. A partner group (e.g. ASEAN) is summed over its members; members that
   the spec also lists on their own are left out of the group's sum, so that no deficit counts
   twice ("other ASEAN" = ASEAN without Vietnam).
2. Tariffs do not change the US-Asia imbalance: the US deficit with Asia (Census aggregate 0016)
   and the shares of China and Japan in it.
3. Processing trade gives way to ordinary trade: the processing share of China's trade (China
   Customs, China-reported), under both definitions of F3 (customs processing trade; all
   non-ordinary trade, the study's measure), for total trade, exports and imports, in every year
   or part of a year the public data cover. The sources are read with F3's functions.

The exhibit answers no claim of ``claims.csv`` (``claims()`` returns an empty table); instead
``findings()`` gives plain-language sentences with the computed numbers for the report's summary.

Census vintages: 1985-2022 come from the March-2023 workbook, 2023-2024 from the newer extract
of selected partners (after the June-2025 revision); each row names its source. The 2023-2024
extract covers only CHN, HKG, MAC, TWN, JPN, KOR, IND, the ten ASEAN members, AUS, DEU, CAN and
MEX: a partner outside it (e.g. Bangladesh) has no value in those years, never a zero.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.ticker import MultipleLocator, StrMethodFormatter

from chinatrade import figures, i18n, regimes
from chinatrade.i18n import join_items, tr
from chinatrade.replication import CLAIM_COLUMNS
from chinatrade.years import runs

CENSUS_PARTNERS_TABLE = "census_us_trade_partners_annual"
CENSUS_AGGREGATES_TABLE = "census_us_trade_aggregates_annual"
REGIME_TABLES = ("trade_by_regime_annual", "trade_by_regime_gacc", "china_trade_totals_transcribed")
FX_TABLE = "fx_fed_h10"

CENSUS_EXPORTS = "exports_fas_usd_millions"
CENSUS_IMPORTS = "imports_general_customs_usd_millions"
US_VALUATION = ("exports F.A.S.", "general imports, customs value")

EXTRA_TABLES = ["deficit_change", "asia_shares", "processing_share"]
# the rows of deficit_change that sum the partners counted in the total
SUM_ALL = "SUM_LISTED"
SUM_OTHERS = "SUM_LISTED_EXCL_CHINA"

PROCESSING_DEFINITIONS = regimes.DEFINITIONS  # ("non_ordinary", "customs")
PROCESSING_FLOWS = ("trade", "exports", "imports")
PROCESSING_MODES = regimes.MODES  # ("all", "ordinary", "processing_customs")

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
    "reporter_iso3",
    "reporter_side",
    "source",
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
]


# ----------------------------------------------------------------------------- spec checks


def _require(spec: dict, key: str, where: str = "") -> object:
    """``spec[key]``, or a ValueError naming the missing key."""
    if not isinstance(spec, dict) or key not in spec:
        raise ValueError(f"B1 spec: key '{where}{key}' is missing")
    return spec[key]


def _year(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"B1 spec: '{key}' = {value!r} is not a year")
    return int(value)


def _check_range(first: int, last: int, key: str, data_first: int, data_last: int, what: str):
    """``first``-``last`` inside the data's years, or a ValueError naming the spec key."""
    if first > last:
        raise ValueError(f"B1 spec: '{key}first_year' ({first}) is after '{key}last_year' ({last})")
    if first < data_first:
        raise ValueError(
            f"B1 spec: '{key}first_year' = {first} is outside the {what} ({data_first}-{data_last})"
        )
    if last > data_last:
        raise ValueError(
            f"B1 spec: '{key}last_year' = {last} is outside the {what} ({data_first}-{data_last})"
        )


def check_spec(spec: dict, tables: dict[str, pd.DataFrame]) -> None:
    """Refuse a spec the data cannot answer; every message names the spec key."""
    for name in (CENSUS_PARTNERS_TABLE, CENSUS_AGGREGATES_TABLE, *REGIME_TABLES):
        if name not in tables:
            raise ValueError(f"B1 spec: key 'tables' must list '{name}'")
    for key in ("first_year", "last_year", "partners", "china", "asia", "processing"):
        _require(spec, key)
    _require(spec, "source_note")
    census = tables[CENSUS_PARTNERS_TABLE]
    complete = census.loc[census["complete_year"], "year"]
    data_first, data_last = int(complete.min()), int(complete.max())
    first, last = _year(spec["first_year"], "first_year"), _year(spec["last_year"], "last_year")
    _check_range(first, last, "", data_first, data_last, "US Census partner data")

    groups = spec.get("partner_groups", {})
    known = set(census["partner_iso3"].dropna())
    partners = list(spec["partners"])
    if not partners:
        raise ValueError("B1 spec: 'partners' is empty")
    for partner in partners:
        if partner not in groups and partner not in known:
            raise ValueError(
                f"B1 spec: 'partners' lists {partner!r}, neither a partner group nor an ISO3 "
                "code of the Census partner table"
            )
        unknown = sorted(set(groups.get(partner, [])) - known)
        if unknown:
            raise ValueError(
                f"B1 spec: 'partners' group {partner!r} has members the Census never reports: "
                f"{unknown}"
            )
    if len(set(partners)) != len(partners):
        raise ValueError("B1 spec: 'partners' lists a partner twice")
    for partner in spec.get("memo_partners") or {}:
        if partner in partners:
            raise ValueError(
                f"B1 spec: 'memo_partners' lists {partner!r}, which 'partners' lists already"
            )
        if partner not in known:
            raise ValueError(
                f"B1 spec: 'memo_partners' lists {partner!r}, not an ISO3 code of the Census "
                "partner table"
            )
    china = spec["china"]
    if china not in partners:
        raise ValueError(f"B1 spec: 'china' = {china!r} is not among 'partners'")

    asia = spec["asia"]
    code = str(_require(asia, "code", "asia."))
    aggregates = tables[CENSUS_AGGREGATES_TABLE]
    rows = aggregates[(aggregates["cty_code"] == code) & aggregates["complete_year"]]
    if rows.empty:
        raise ValueError(f"B1 spec: 'asia.code' = {code!r} is not a Census aggregate")
    a_first = _year(_require(asia, "first_year", "asia."), "asia.first_year")
    a_last = _year(_require(asia, "last_year", "asia."), "asia.last_year")
    _check_range(
        a_first,
        a_last,
        "asia.",
        int(rows["year"].min()),
        int(rows["year"].max()),
        f"Census aggregate {code}",
    )
    for partner in _require(asia, "partners", "asia."):
        if partner not in known:
            raise ValueError(
                f"B1 spec: 'asia.partners' lists {partner!r}, not an ISO3 code of the Census "
                "partner table"
            )

    processing = spec["processing"]
    for key in ("first_year", "last_year", "regime_codes", "source_precedence"):
        _require(processing, key, "processing.")
    p_first = _year(processing["first_year"], "processing.first_year")
    p_last = _year(processing["last_year"], "processing.last_year")
    if p_first > p_last:
        raise ValueError("B1 spec: 'processing.first_year' is after 'processing.last_year'")
    if set(processing["regime_codes"]) != set(PROCESSING_MODES):
        raise ValueError(
            "B1 spec: 'processing.regime_codes': give the codes of each of "
            f"{list(PROCESSING_MODES)}"
        )
    regime = set(tables["trade_by_regime_annual"]["regime_code"])
    for mode, codes in processing["regime_codes"].items():
        unknown = sorted(set(codes) - regime)
        if unknown:
            raise ValueError(
                f"B1 spec: 'processing.regime_codes.{mode}': {unknown} are not regime codes"
            )
    for name in processing["source_precedence"]:
        if name not in REGIME_TABLES:
            raise ValueError(
                f"B1 spec: 'processing.source_precedence': {name!r} is not one of "
                f"{list(REGIME_TABLES)}"
            )
    for flow in processing.get("plot_flows", ["trade"]):
        if flow not in PROCESSING_FLOWS:
            raise ValueError(
                f"B1 spec: 'processing.plot_flows': {flow!r} is not one of {list(PROCESSING_FLOWS)}"
            )
    # the policy dates (config key policy_events, given to exhibits with mark_policy_events)
    for i, event in enumerate(spec.get("policy_events") or []):
        figures.event_position(event, i)


# ----------------------------------------------------------------------------- US deficits


def _census_wide(census: pd.DataFrame) -> pd.DataFrame:
    """Census exports, imports and source by (ISO3, year), complete years only."""
    rows = census[census["complete_year"]].dropna(subset=["partner_iso3"])
    wide = rows.set_index(["partner_iso3", "year"])[[CENSUS_EXPORTS, CENSUS_IMPORTS, "source"]]
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


def _partner_label(partner: str, members: list[str], spec: dict) -> str:
    """The display label; a group that lost members says which ('ASEAN-10 excl. Vietnam')."""
    labels = spec.get("partner_labels", {})
    memo = spec.get("memo_partners") or {}
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
    shown but not counted in the partner sum.
    """
    wide = _census_wide(census)
    years = range(int(spec["first_year"]), int(spec["last_year"]) + 1)
    entries = [(p, m, True) for p, m in _partner_members(spec).items()]
    entries += [(p, [p], False) for p in spec.get("memo_partners") or {}]
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
    out["reporter_iso3"] = "USA"
    out["reporter_side"] = "own"
    out["exports_valuation"], out["imports_valuation"] = US_VALUATION
    return out[MAIN_COLUMNS]


def deficit_change(main: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Each partner's deficit in the first and last year, the change, its share of the sum.

    Two summary rows: the sum over the counted partners (``SUM_LISTED``) and over the counted
    partners other than China (``SUM_LISTED_EXCL_CHINA``). ``change_as_pct_of_china_deficit_fall``
    sets each change against China's fall (100 = a rise as large as China's fall); it is missing
    when the deficit with China did not fall.
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
                "note": _gap_note(main[main["partner"] == partner], first, last),
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


def _english(text: str, /, **fields: object) -> str:
    """``text`` with its fields filled, in English whatever the language (table columns)."""
    return text.format(**fields) if fields else text


def _gap_note(rows: pd.DataFrame, first: int, last: int, text=_english) -> str:
    """Why a partner's first- or last-year value is missing ('' when both are there).

    In English for the table; ``findings`` passes ``tr`` to have it in the current language.
    """
    notes = []
    for year in (first, last):
        row = rows[rows["year"] == year]
        if row.empty or pd.isna(row["us_deficit_usd_billions"].iloc[0]):
            without = row["members_without_data"].iloc[0] if not row.empty else ""
            without = "" if pd.isna(without) else without  # empty, as read back from CSV
            available = rows.dropna(subset=["us_deficit_usd_billions"])["year"]
            # a group says which members lack data; a single economy is its own member
            group = not row.empty and row["members"].iloc[0] != row["partner"].iloc[0]
            note = (
                text("no Census data for {year} for members {members}", year=year, members=without)
                if group and without
                else text("no Census data for {year}", year=year)
            )
            if len(available):
                note = text(
                    "{note}; latest year with data {latest}",
                    note=note,
                    latest=int(available.max()),
                )
            notes.append(note)
    return join_items(notes, "{listing}; {item}", text)


# ----------------------------------------------------------------------------- US-Asia deficit


def asia_shares(
    census: pd.DataFrame, aggregates: pd.DataFrame, asia: dict, labels: dict
) -> pd.DataFrame:
    """The US deficit with the Census Asia aggregate and each partner's share of it, by year.

    A share is given only in years of a US deficit with Asia (a share of a surplus means
    nothing) and where the partner has a Census row.
    """
    code = str(asia["code"])
    years = range(int(asia["first_year"]), int(asia["last_year"]) + 1)
    agg = aggregates[(aggregates["cty_code"] == code) & aggregates["complete_year"]]
    agg = agg.set_index("year").reindex(years)
    asia_balance = agg["balance_usd_millions"]
    wide = _census_wide(census)
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
                    "source": sources,
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["reporter_iso3"] = "USA"
    out["reporter_side"] = "own"
    return out[ASIA_COLUMNS]


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


def _flow_value(values: dict, mode: str, flow: str) -> float:
    """One mode's exports, imports or trade (given, else exports + imports)."""
    by_flow = values.get(mode, {})
    if flow != "trade":
        return by_flow.get(flow, math.nan)
    exports, imports = by_flow.get("exports", math.nan), by_flow.get("imports", math.nan)
    return by_flow.get("total", exports + imports)


def processing_shares(observations: pd.DataFrame, processing: dict) -> pd.DataFrame:
    """Processing share of trade, exports and imports, both definitions, by year and period.

    Numerator and denominator always come from one source table (a share of two vintages or
    currencies would carry their difference); among the sources that give both, the first of
    ``source_precedence`` is kept. customs: processing_customs / all; non_ordinary: (all -
    ordinary) / all.
    """
    rank = {name: i for i, name in enumerate(processing["source_precedence"])}
    labels = processing.get("definition_labels", {})
    candidates = []
    keys = ["source_table", "year", "period"]
    for (table, year, period), group in observations.groupby(keys):
        if table not in rank:
            continue
        # the most precise figure of a (mode, flow) when a page gave two
        group = group.sort_values("rounding_usd_100m", na_position="last")
        values: dict[str, dict[str, float]] = {}
        for r in group.drop_duplicates(["mode", "flow"]).itertuples():
            values.setdefault(r.mode, {})[r.flow] = r.value_usd_100m
        for flow in PROCESSING_FLOWS:
            total = _flow_value(values, "all", flow)
            numerators = {
                "customs": _flow_value(values, "processing_customs", flow),
                "non_ordinary": total - _flow_value(values, "ordinary", flow),
            }
            for definition, numerator in numerators.items():
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
    labels.update(spec.get("memo_partners") or {})
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


# ----------------------------------------------------------------------------- figure


def shown_label(label: str) -> str:
    """A partner label of the tables (English, as computed) in the current language.

    A group that lost members ('ASEAN-10 excl. Vietnam') is translated part by part.
    """
    group, excluded, left_out = str(label).partition(" excl. ")
    if not excluded:
        return tr(group)
    members = join_items((tr(m) for m in left_out.split(", ")), "{listing}, {item}")
    return tr("{group} excl. {members}", group=tr(group), members=members)


def _x_limits(ax: plt.Axes, first: int, last: int, spec: dict, step: int) -> None:
    """Whole years on the axis, wide enough for the data and every policy line."""
    first, last = figures.policy_year_range(spec.get("policy_events"), first, last)
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_minor_locator(MultipleLocator(1))
    ax.set_xlim(first - 0.5, last + 0.5)


def _is_true(column: pd.Series) -> pd.Series:
    """A boolean column as computed or as read back from CSV ('True'/'False' strings)."""
    return column.astype(str) == "True"


def _panel_title(ax: plt.Axes, text: str) -> None:
    ax.set_title(text, loc="left", fontsize=11, fontweight=figures.title_weight())


def _plot_deficits(ax: plt.Axes, key: plt.Axes, main: pd.DataFrame, spec: dict) -> dict:
    """Panel (a), its legends in ``key``; returns the colour of each partner, for panel (b)."""
    counted = main[_is_true(main["counted_in_partner_sum"])]
    last = int(spec["last_year"])
    # legend in the order of the last year's deficit, largest first
    order = (
        counted[counted["year"] == last]
        .sort_values("us_deficit_usd_billions", ascending=False)["partner"]
        .tolist()
    )
    order += [p for p in dict.fromkeys(counted["partner"]) if p not in order]
    palette = dict(zip(order, sns.color_palette("Dark2", len(order)), strict=True))
    markers = dict(zip(order, "osD^vP*Xhp", strict=False))
    for partner in order:
        rows = counted[counted["partner"] == partner].sort_values("year")
        ax.plot(
            rows["year"],
            rows["us_deficit_usd_billions"],
            color=palette[partner],
            marker=markers.get(partner, "o"),
            markersize=5,
            linewidth=2.2 if partner == spec["china"] else 1.5,
            label=shown_label(rows["partner_label"].iloc[0]),
        )
    ax.axhline(0, color="0.2", linewidth=0.8)
    _x_limits(ax, int(spec["first_year"]), last, spec, step=1)
    figures.mark_policy_events(ax, spec.get("policy_events"))
    ax.set_ylim(min(0.0, ax.get_ylim()[0]), ax.get_ylim()[1] * 1.12)  # room for the numbers
    ax.set_ylabel(tr("US goods deficit, USD billion"))
    ax.set_xlabel(tr("Year"))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    key.axis("off")
    handles, labels = ax.get_legend_handles_labels()
    partners_legend = key.legend(
        handles,
        labels,
        title=tr("Partner (largest {year} deficit first)", year=last),
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        borderaxespad=0,
        fontsize=9,
        title_fontsize=9.5,
        alignment="left",
    )
    key.add_artist(partners_legend)
    events = figures.policy_events(spec.get("policy_events"))
    if events:
        handles = [Line2D([], [], linestyle="none") for _ in events]
        key.legend(
            handles,
            [f"{number}  {label}" for number, _, label in events],
            title=tr("Policy dates (dashed lines)"),
            loc="lower left",
            bbox_to_anchor=(0.0, 0.0),
            borderaxespad=0,
            handlelength=0,
            handletextpad=0,
            fontsize=8.5,
            title_fontsize=9.5,
            alignment="left",
        )
    _panel_title(
        ax, tr("(a) US goods deficit with each partner, USD billion (US Census, US-reported)")
    )
    return palette


def _plot_asia_shares(ax: plt.Axes, asia: pd.DataFrame, spec: dict, palette: dict) -> None:
    """Panel (b): each partner's share of the US deficit with the Census Asia aggregate."""
    fallback = sns.color_palette("Dark2", 8)
    for i, (partner, rows) in enumerate(asia.groupby("partner", sort=False)):
        rows = rows.sort_values("year")
        ax.plot(
            rows["year"],
            rows["share_of_us_asia_deficit_pct"],
            color=palette.get(partner, fallback[i % len(fallback)]),
            marker="os^D"[i % 4],
            markersize=5,
            linewidth=1.8,
            label=shown_label(rows["partner_label"].iloc[0]),
        )
    first, last = int(spec["asia"]["first_year"]), int(spec["asia"]["last_year"])
    _x_limits(ax, first, last, spec, step=2)
    figures.mark_policy_events(ax, spec.get("policy_events"))
    ax.set_ylim(0, 100)
    ax.set_ylabel(tr("Share of the US deficit with Asia, %"))
    ax.set_xlabel(tr("Year"))
    ax.legend(
        loc="upper right",
        bbox_to_anchor=(1.0, 0.84),
        fontsize=9,
        frameon=True,
        facecolor="white",
        edgecolor="none",
        framealpha=0.9,
    )
    # the deficit itself, so that a falling share is not read as a falling deficit
    level = asia.drop_duplicates("year").set_index("year")["us_deficit_with_asia_usd_billions"]
    years = sorted({first, int(spec["first_year"]), last} & set(level.dropna().index))
    if years:
        ax.text(
            0.02,
            0.36,
            tr("US deficit with Asia, USD bn:")
            + "\n"
            + "; ".join(f"{y}: {level[y]:,.0f}" for y in years),
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=8,
            color="0.25",
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
            zorder=5,
        )
    _panel_title(
        ax,
        tr(
            "(b) Shares of the US goods deficit with Asia, %\n(Census aggregate "
            "{code}: incl. Middle East, South Asia)",
            code=spec["asia"]["code"],
        ),
    )


def _plot_processing(ax: plt.Axes, shares: pd.DataFrame, spec: dict) -> None:
    """Panel (c): colour = definition, line style = flow, hollow = part of a year."""
    processing = spec["processing"]
    flow_labels = processing.get("flow_labels", {})
    short = processing.get("definition_short_labels", {})
    colours = dict(zip(PROCESSING_DEFINITIONS, sns.color_palette("Dark2", 4)[2:], strict=True))
    styles = {"trade": "-", "imports": "--", "exports": ":"}
    markers = {"trade": "o", "imports": "s", "exports": "^"}
    handles = []
    for definition in PROCESSING_DEFINITIONS:
        for flow in processing.get("plot_flows", ["trade"]):
            rows = shares[(shares["definition"] == definition) & (shares["flow"] == flow)]
            if rows.empty:
                continue
            colour, style, marker = colours[definition], styles[flow], markers[flow]
            full = rows[~_is_true(rows["is_partial_year"])].sort_values("year")
            full = full.set_index("year")["processing_share_pct"]
            if len(full) > 1:
                # faint across years without data, firm between adjacent years
                ax.plot(
                    full.index,
                    full.to_numpy(),
                    color=colour,
                    linestyle=style,
                    linewidth=0.8,
                    alpha=0.45,
                )
            for run in runs([int(y) for y in full.index]):
                ax.plot(
                    run,
                    full.loc[run].to_numpy(),
                    color=colour,
                    linestyle=style,
                    linewidth=1.8,
                    marker=marker,
                    markersize=5,
                )
            partial = rows[_is_true(rows["is_partial_year"])]
            if not partial.empty:
                # under the full-year markers: a full year and a part of it can coincide
                ax.scatter(
                    partial["year"],
                    partial["processing_share_pct"],
                    marker=marker,
                    facecolor="white",
                    edgecolor=colour,
                    linewidth=1.5,
                    zorder=1.5,
                    s=36,
                )
            handles.append(
                Line2D(
                    [],
                    [],
                    color=colour,
                    linestyle=style,
                    marker=marker,
                    label=tr(
                        "{definition}: {flow}",
                        definition=tr(short.get(definition, definition)),
                        flow=tr(flow_labels.get(flow, flow)),
                    ),
                )
            )
    if _is_true(shares["is_partial_year"]).any():
        handles.append(
            Line2D(
                [],
                [],
                color="0.4",
                marker="o",
                markerfacecolor="white",
                linestyle="",
                label=tr("hollow: part of a year"),
            )
        )
    _x_limits(ax, int(shares["year"].min()), int(shares["year"].max()), spec, step=4)
    figures.mark_policy_events(ax, spec.get("policy_events"))
    ax.set_ylim(0, 100)
    ax.set_ylabel(tr("Processing share, %"))
    ax.set_xlabel(tr("Year (points only where the regime split is public)"))
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.84),
        fontsize=8,
        frameon=True,
        facecolor="white",
        edgecolor="none",
        framealpha=0.9,
    )
    _panel_title(
        ax, tr("(c) Processing trade's share of China's trade, %\n(China Customs, China-reported)")
    )


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """(a) US deficit by partner; (b) China's and Japan's share of the US-Asia deficit;
    (c) the processing share of China's trade. Policy dates as thin numbered lines."""
    figures.apply_style()
    fig = plt.figure(figsize=(13, 12.5))
    # four columns: (a) over three with its legends in the fourth; (b) and (c) two each
    grid = fig.add_gridspec(2, 4, height_ratios=[1.1, 1])
    ax_a = fig.add_subplot(grid[0, :3])
    key = fig.add_subplot(grid[0, 3])
    ax_b = fig.add_subplot(grid[1, :2])
    ax_c = fig.add_subplot(grid[1, 2:])
    palette = _plot_deficits(ax_a, key, results["main"], spec)
    _plot_asia_shares(ax_b, results["asia_shares"], spec, palette)
    _plot_processing(ax_c, results["processing_share"], spec)
    fig.suptitle(
        spec["text"].get("figure_title")
        or tr("Beyond the study: its predictions tested on 2017-2025 data"),
        x=0.01,
        ha="left",
        fontsize=14,
        fontweight=figures.title_weight(),
    )
    subtitle = spec["text"].get("figure_subtitle")
    top = 0.965
    if subtitle:
        fig.text(
            0.01,
            0.962,
            subtitle,
            ha="left",
            va="top",
            fontsize=10.5,
            color="0.25",
        )
        top = 0.945
    figures.add_source_note(fig, spec["text"]["source_note"])
    fig.tight_layout(rect=(0, 0.06, 1, top), h_pad=2.5, w_pad=3)
    return fig


# ----------------------------------------------------------------------------- claims, findings


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """No claim of claims.csv belongs to B1: an empty table with the agreed columns."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in CLAIM_COLUMNS})


def _bn(value: float) -> str:
    return tr("n/a") if value is None or pd.isna(value) else f"{value:,.1f}"


def _pct(value: float) -> str:
    return tr("n/a") if value is None or pd.isna(value) else f"{value:.1f}%"


def _signed(value: float) -> str:
    return tr("n/a") if pd.isna(value) else f"{value:+,.1f}"


def _period_text(period_label: str) -> str:
    """'2018', or 'Jan-Oct 2023' for F3's label '2023 Jan-Oct (partial)' (current language)."""
    label = str(period_label)
    if not label.endswith(" (partial)"):
        return tr("{calendar_year}", calendar_year=label)
    year, _, months = label.removesuffix(" (partial)").partition(" ")
    months = "-".join(tr(m) if i18n.has(m) else m for m in months.split("-"))
    return tr("{months} {calendar_year}", months=months, calendar_year=year)


def findings(results: dict[str, pd.DataFrame], spec: dict) -> list[str]:
    """Plain-language sentences with the computed numbers, for the report's summary.

    Works on the tables as ``compute`` returns them or as read back from their CSV files.
    The sentences are in the current language (``i18n``); the numbers are the same.
    """
    sentences = []
    change = results["deficit_change"].set_index("partner")
    first, last = int(spec["first_year"]), int(spec["last_year"])
    china = spec["china"]
    counted = change[change["counted_in_partner_sum"].astype(str) == "True"]
    others = counted.drop(index=china, errors="ignore")

    # 1. China against the others
    if china in change.index:
        c = change.loc[china]
        name = shown_label(c["partner_label"])
        rises = others[others["change_usd_billions"] > 0].sort_values(
            "change_usd_billions", ascending=False
        )
        falls = others[others["change_usd_billions"] < 0]
        fields = {
            "partner": name,
            "first_value": _bn(c["us_deficit_first_year_usd_billions"]),
            "first": first,
            "last_value": _bn(c["us_deficit_last_year_usd_billions"]),
            "last": last,
            "change": _signed(c["change_usd_billions"]),
        }
        text = (
            tr(
                "The US goods deficit with {partner} fell from USD {first_value} bn in {first} "
                "to {last_value} bn in {last} ({change} bn)",
                **fields,
            )
            if c["change_usd_billions"] < 0
            else tr(
                "The US goods deficit with {partner} rose from USD {first_value} bn in {first} "
                "to {last_value} bn in {last} ({change} bn)",
                **fields,
            )
        )
        if not rises.empty:
            listing = join_items(
                (
                    tr(
                        "{partner} from {first_value} to {last_value} bn",
                        partner=shown_label(r.partner_label),
                        first_value=_bn(r.us_deficit_first_year_usd_billions),
                        last_value=_bn(r.us_deficit_last_year_usd_billions),
                    )
                    for r in rises.itertuples()
                ),
                "{listing}, {item}",
            )
            text = tr("{text}, while it rose with {listing}", text=text, listing=listing)
        if not falls.empty:
            listing = join_items(
                (
                    tr(
                        "{partner} ({change} bn)",
                        partner=shown_label(r.partner_label),
                        change=_signed(r.change_usd_billions),
                    )
                    for r in falls.itertuples()
                ),
                "{listing}, {item}",
            )
            text = tr("{text}; it fell with {listing}", text=text, listing=listing)
        sentences.append(tr("{text} (US Census, US-reported).", text=text))

        # 2. was China's fall matched elsewhere?
        total, rest = change.loc[SUM_ALL], change.loc[SUM_OTHERS]
        ratio = rest["change_as_pct_of_china_deficit_fall"]
        if c["change_usd_billions"] < 0 and not pd.isna(ratio):
            shift = {
                "partner": name,
                "change": _signed(rest["change_usd_billions"]),
                "ratio": ratio,
            }
            if ratio > 105:
                matched = tr(
                    "was more than matched by the change of USD {change} bn with the other "
                    "listed partners ({ratio:.0f}% of {partner}'s fall)",
                    **shift,
                )
            elif ratio >= 95:
                matched = tr(
                    "was matched by the change of USD {change} bn with the other listed "
                    "partners ({ratio:.0f}% of {partner}'s fall)",
                    **shift,
                )
            elif ratio > 0:
                matched = tr(
                    "was only partly matched by the change of USD {change} bn with the other "
                    "listed partners ({ratio:.0f}% of {partner}'s fall)",
                    **shift,
                )
            else:
                matched = tr(
                    "was not matched by the change of USD {change} bn with the other listed "
                    "partners ({ratio:.0f}% of {partner}'s fall)",
                    **shift,
                )
            if ratio >= 50:
                verdict = tr(
                    "This is consistent with the study's prediction that part of the US "
                    "deficit moves from {partner} to other economies.",
                    partner=name,
                )
            elif ratio > 0:
                verdict = tr(
                    "This is weak support for the study's prediction that part of the US "
                    "deficit moves from {partner} to other economies.",
                    partner=name,
                )
            else:
                verdict = tr(
                    "This is not consistent with the study's prediction that part of the US "
                    "deficit moves from {partner} to other economies.",
                    partner=name,
                )
            sentences.append(
                tr(
                    "{partner}'s fall of USD {fall} bn {matched}: the US deficit with all "
                    "{count} listed partners went from USD {total_first} bn to {total_last} bn, "
                    "and {partner}'s share of it from {share_first} to {share_last}. {verdict}",
                    partner=name,
                    fall=_bn(-c["change_usd_billions"]),
                    matched=matched,
                    count=len(counted),
                    total_first=_bn(total["us_deficit_first_year_usd_billions"]),
                    total_last=_bn(total["us_deficit_last_year_usd_billions"]),
                    share_first=_pct(c["share_of_partner_sum_first_year_pct"]),
                    share_last=_pct(c["share_of_partner_sum_last_year_pct"]),
                    verdict=verdict,
                )
            )
        elif not pd.isna(c["change_usd_billions"]):
            sentences.append(
                tr(
                    "The US deficit with {partner} did not fall between {first} and {last}, so "
                    "these data show no shift of the deficit away from {partner}.",
                    partner=name,
                    first=first,
                    last=last,
                )
            )

    # 3. the study's named economies shown as memo rows
    memo = change[
        (change["counted_in_partner_sum"].astype(str) != "True")
        & ~change.index.isin([SUM_ALL, SUM_OTHERS])
    ]
    if not memo.empty:
        main = results["main"]
        parts = []
        for r in memo.itertuples():
            label = shown_label(r.partner_label)
            rows = main[main["partner"] == r.Index]
            if pd.isna(r.change_usd_billions):
                # the latest year with data, instead of nothing
                known = rows.dropna(subset=["us_deficit_usd_billions"])
                known = known.set_index("year")["us_deficit_usd_billions"]
                if first in known.index and known.index.max() > first:
                    latest = int(known.index.max())
                    parts.append(
                        tr(
                            "{partner} {first_value} -> {latest_value} bn, {first} -> {latest} "
                            "(no {last} data)",
                            partner=label,
                            first_value=_bn(known[first]),
                            latest_value=_bn(known[latest]),
                            first=first,
                            latest=latest,
                            last=last,
                        )
                    )
                else:
                    parts.append(
                        tr(
                            "{partner}: not computable ({note})",
                            partner=label,
                            note=_gap_note(rows, first, last, tr),
                        )
                    )
            else:
                parts.append(
                    tr(
                        "{partner} {first_value} -> {last_value} bn",
                        partner=label,
                        first_value=_bn(r.us_deficit_first_year_usd_billions),
                        last_value=_bn(r.us_deficit_last_year_usd_billions),
                    )
                )
        sentences.append(
            tr(
                "Of the other economies the study names, the US deficit {first} -> {last} was: "
                "{parts}.",
                first=first,
                last=last,
                parts=join_items(parts, "{listing}; {item}"),
            )
        )

    # 4. the US-Asia imbalance and the shares of China and Japan
    asia = results["asia_shares"]
    if not asia.empty:
        a_first, a_last = int(spec["asia"]["first_year"]), int(spec["asia"]["last_year"])
        level = asia.drop_duplicates("year").set_index("year")["us_deficit_with_asia_usd_billions"]
        d_first, d_last = level.get(a_first, math.nan), level.get(a_last, math.nan)
        d_ref = level.get(first, math.nan)
        pct = 100 * (d_last - d_ref) / d_ref if d_ref > 0 else math.nan
        text = tr(
            "The US deficit with Asia (Census aggregate {code}) was USD {d_first} bn in "
            "{a_first}, {d_ref} bn in {first} and {d_last} bn in {a_last} ({change}% since "
            "{first})",
            code=spec["asia"]["code"],
            d_first=_bn(d_first),
            a_first=a_first,
            d_ref=_bn(d_ref),
            first=first,
            d_last=_bn(d_last),
            a_last=a_last,
            change=_signed(pct),
        )
        # within 5% counts as unchanged: the study's claim is that the imbalance persists
        if pct >= 5:
            text = tr(
                "{text}: it grew after the tariffs, so they did not reduce the US-Asia "
                "imbalance, as the study predicted",
                text=text,
            )
        elif pct > -5:
            text = tr(
                "{text}: roughly unchanged after the tariffs, as the study predicted", text=text
            )
        elif pct <= -5:
            text = tr(
                "{text}: it shrank after the tariffs, contrary to the study's prediction that "
                "tariffs do not change the US-Asia imbalance",
                text=text,
            )
        share_parts = []
        for _partner, rows in asia.groupby("partner", sort=False):
            s = rows.set_index("year")["share_of_us_asia_deficit_pct"]
            share_parts.append(
                tr(
                    "{partner}'s share of it went from {share_a} ({a_first}) to {share_ref} "
                    "({first}) and {share_last} ({a_last})",
                    partner=shown_label(rows["partner_label"].iloc[0]),
                    share_a=_pct(s.get(a_first)),
                    a_first=a_first,
                    share_ref=_pct(s.get(first)),
                    first=first,
                    share_last=_pct(s.get(a_last)),
                    a_last=a_last,
                )
            )
        sentences.append(
            tr("{text}; {shares}.", text=text, shares=join_items(share_parts, "{listing}; {item}"))
        )

    # 5. processing trade
    shares = results["processing_share"]
    labels = spec["processing"].get("definition_short_labels", {})
    for flow in ("trade", "imports"):
        rows = shares[shares["flow"] == flow]
        if rows.empty:
            continue
        parts = []
        for definition in PROCESSING_DEFINITIONS:
            d = rows[rows["definition"] == definition].sort_values(["year", "period"])
            if d.empty:
                continue
            listing = join_items(
                (
                    tr(
                        "{share} in {period}",
                        share=_pct(r.processing_share_pct),
                        period=_period_text(r.period_label),
                    )
                    for r in d.itertuples()
                ),
                "{listing}, {item}",
            )
            parts.append(
                tr(
                    "{definition}: {listing}",
                    definition=tr(labels.get(definition, definition)),
                    listing=listing,
                )
            )
        if parts:
            sentences.append(
                tr(
                    "Processing trade's share of China's total trade (China Customs): {parts}."
                    if flow == "trade"
                    else "Processing trade's share of China's imports (China Customs): {parts}.",
                    parts=join_items(parts, "{listing}; {item}"),
                )
            )
    trend = _processing_trend(shares)
    if trend:
        sentences.append(trend)
    return sentences


def _processing_trend(shares: pd.DataFrame) -> str:
    """Whether the customs processing share of trade fell from the first to the last point."""
    rows = shares[(shares["flow"] == "trade") & (shares["definition"] == "customs")]
    rows = rows.sort_values(["year", "period"])
    if len(rows) < 2:
        return ""
    a, b = rows.iloc[0], rows.iloc[-1]
    change = b["processing_share_pct"] - a["processing_share_pct"]
    span = {
        "share_first": _pct(a["processing_share_pct"]),
        "period_first": _period_text(a["period_label"]),
        "share_last": _pct(b["processing_share_pct"]),
        "period_last": _period_text(b["period_label"]),
    }
    if change < 0:
        return tr(
            "Customs processing trade fell from {share_first} of China's trade in "
            "{period_first} to {share_last} in {period_last}: processing trade is giving way "
            "to ordinary trade, as the study expected.",
            **span,
        )
    return tr(
        "Customs processing trade went from {share_first} of China's trade in {period_first} "
        "to {share_last} in {period_last}: no retreat of processing trade in these data.",
        **span,
    )
