"""F7's tables: the deficit series by source, China's trade with the US from both sides, the
growth of the surplus, the checkpoints and the gap between the sources."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chinatrade import lineage
from chinatrade.balances import average_growth

from .checks import _check_year, _dots_years, _require

DOTS_TABLE = "bilateral_dots"
CENSUS_PARTNERS_TABLE = "census_us_trade_partners_annual"
CENSUS_AGGREGATES_TABLE = "census_us_trade_aggregates_annual"

SERIES_KINDS = ("dots_members", "census_members", "census_aggregate")

CENSUS_EXPORTS = "exports_fas_usd_millions"
CENSUS_IMPORTS = "imports_general_customs_usd_millions"

MAIN_COLUMNS = [
    "year",
    "asia_series",
    "asia_label",
    "source",
    "reporter_iso3",
    "reporter_side",
    "members",
    "members_without_data",
    "partner",
    "partner_label",
    "us_exports_usd_millions",
    "us_imports_usd_millions",
    "us_balance_with_asia_usd_millions",
    "us_deficit_with_asia_usd_billions",
    "us_balance_with_partner_usd_millions",
    "partner_flows_missing",
    "partner_share_of_us_asia_deficit_pct",
    "exports_valuation",
    "imports_valuation",
    lineage.COLUMN,
]


# ----------------------------------------------------------------------------- series


def _wide_dots(dots: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """Reporter's exports FOB and imports CIF by (partner_code, year), and the raw files of
    each pair's rows (missing where the source has no row of it)."""
    own = dots[dots["reporter_iso3"] == reporter]
    wide = own.pivot_table(
        index=["partner_code", "year"],
        columns="flow",
        values="value_usd_millions",
        aggfunc="first",
        dropna=False,
    ).reindex(columns=["exports_fob", "imports_cif"])
    return wide.assign(**{lineage.COLUMN: lineage.aggregate(own, ["partner_code", "year"])})


def _filled_ids(ids: pd.Series, wide: pd.DataFrame) -> pd.Series:
    """``ids`` where a row has none (the source has no row of it: a gap) naming every file
    of ``wide``, the files its values were looked for in."""
    return ids.fillna(lineage.join(wide[lineage.COLUMN].dropna()))


def member_sum(
    wide: pd.DataFrame,
    members: list[str],
    years: range,
    missing_as_zero: bool,
    key: str,
) -> pd.DataFrame:
    """Exports, imports and balance summed over ``members``, by year.

    ``wide`` is indexed by (partner code, year) with an exports, an imports and a
    ``raw_file_ids`` column; a year's ``raw_file_ids`` are the members' files. A member
    with no value in a year (e.g. Malaysia in DOTS before 1966, China before the 1972 opening)
    is counted as zero trade when ``missing_as_zero`` (the study's sums behave so) and listed in
    ``members_without_data``; otherwise the year is left missing, so that a gap never passes
    for a smaller deficit.
    """
    known = set(wide.index.get_level_values(0))
    unknown = sorted(set(members) - known)
    if unknown:
        raise ValueError(f"F7 spec: '{key}' lists partners the source never reports: {unknown}")
    index = pd.MultiIndex.from_product([members, years], names=["partner", "year"])
    values = wide.reindex(index)
    ids = values.pop(lineage.COLUMN).dropna().groupby(level="year").agg(lineage.join)
    values.columns = ["exports", "imports"]
    incomplete = values.isna().any(axis=1)
    without = (
        incomplete[incomplete]
        .reset_index()
        .groupby("year")["partner"]
        .agg(lambda codes: ";".join(sorted(codes)))
    )
    sums = values.fillna(0.0).groupby(level="year").sum()
    out = pd.DataFrame(
        {
            "year": list(years),
            "us_exports_usd_millions": sums["exports"].reindex(years).to_numpy(),
            "us_imports_usd_millions": sums["imports"].reindex(years).to_numpy(),
        }
    )
    out["members_without_data"] = out["year"].map(without).fillna("")
    out[lineage.COLUMN] = _filled_ids(ids.reindex(years), wide).to_numpy()
    if not missing_as_zero:
        gap = out["members_without_data"] != ""
        out.loc[gap, ["us_exports_usd_millions", "us_imports_usd_millions"]] = np.nan
    out["us_balance_with_asia_usd_millions"] = (
        out["us_exports_usd_millions"] - out["us_imports_usd_millions"]
    )
    return out


def _partner_balance(
    wide: pd.DataFrame, partner: str, years: range
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """US balance with one partner by year, which of its flows the source lacks, and the
    raw files of the partner's rows.

    A missing flow is counted as zero (a partner with no trade recorded at all, as China
    before the US lifted its embargo in DOTS, is zero trade); the second series names it
    (``exports``, ``imports`` or ``both``; empty where both are reported), so that such a
    year is visible in the table rather than passing for a measured balance.
    """
    if partner not in set(wide.index.get_level_values(0)):
        raise ValueError(f"F7 spec: 'focus_partners' lists {partner!r}, which the source lacks")
    values = wide.xs(partner, level=0).reindex(years)
    exports_missing, imports_missing = values.iloc[:, 0].isna(), values.iloc[:, 1].isna()
    balance = values.iloc[:, 0].fillna(0.0) - values.iloc[:, 1].fillna(0.0)
    missing = pd.Series("", index=values.index, dtype=object)
    missing[exports_missing] = "exports"
    missing[imports_missing] = "imports"
    missing[exports_missing & imports_missing] = "both"
    return balance, missing, _filled_ids(values[lineage.COLUMN], wide)


def _census_wide(census: pd.DataFrame, code_column: str) -> pd.DataFrame:
    """Census exports and imports by (code, year), complete years only, with their raw files."""
    complete = census[census["complete_year"]]
    wide = complete.set_index([code_column, "year"])[
        [CENSUS_EXPORTS, CENSUS_IMPORTS, lineage.COLUMN]
    ]
    if wide.index.duplicated().any():
        # Two Census codes for one economy and year would be summed silently otherwise.
        twice = wide.index[wide.index.duplicated()].unique().tolist()[:5]
        raise ValueError(f"Census rows not unique by ({code_column}, year): {twice}")
    return wide.sort_index()


def _series_table(
    name: str,
    series_spec: dict,
    tables: dict[str, pd.DataFrame],
    spec: dict,
    first_year: int,
    last_year: int,
) -> pd.DataFrame:
    """One Asia series (Asia totals and focus-partner balances), long by focus partner; a
    row's raw files are those of the Asia total and of the partner's balance."""
    key = f"asia_series.{name}"
    kind = _require(series_spec, "kind", key + ".")
    label = _require(series_spec, "label", key + ".")
    missing_as_zero = bool(spec.get("missing_member_as_zero", True))
    names = _require(spec, "focus_partner_names")
    focus = {p: names[p] for p in _require(spec, "focus_partners")}
    if kind == "dots_members":
        dots = tables[DOTS_TABLE]
        reporter = _require(spec, "us_reporter")
        data_first, data_last = _dots_years(dots, reporter, "us_reporter")
        years = range(max(first_year, data_first), min(last_year, data_last) + 1)
        wide = _wide_dots(dots, reporter)
        members = list(_require(series_spec, "members", key + "."))
        asia = member_sum(wide, members, years, missing_as_zero, key + ".members")
        source = spec["source_labels"]["dots"]
        valuation = ("fob", "cif")
        members_text = ";".join(members)
    elif kind in ("census_members", "census_aggregate"):
        partners = tables[CENSUS_PARTNERS_TABLE]
        aggregates = tables[CENSUS_AGGREGATES_TABLE]
        census_years = partners.loc[partners["complete_year"], "year"]
        years = range(
            max(first_year, int(census_years.min())), min(last_year, int(census_years.max())) + 1
        )
        wide = _census_wide(partners.dropna(subset=["partner_iso3"]), "partner_iso3")
        if kind == "census_members":
            members = list(_require(series_spec, "members", key + "."))
            asia = member_sum(wide, members, years, missing_as_zero, key + ".members")
            members_text = ";".join(members)
        else:
            code = str(_require(series_spec, "code", key + "."))
            agg = _census_wide(aggregates, "cty_code")
            if code not in set(agg.index.get_level_values(0)):
                raise ValueError(f"F7 spec: '{key}.code' = {code!r} is not a Census aggregate")
            asia = member_sum(agg, [code], years, False, key + ".code")
            members_text = f"Census aggregate {code}"
        source = spec["source_labels"]["census"]
        valuation = ("f.a.s.", "customs value")
    else:
        raise ValueError(f"F7 spec: '{key}.kind' = {kind!r}; expected one of {SERIES_KINDS}")

    asia_deficit = -asia["us_balance_with_asia_usd_millions"]
    rows = []
    for partner, partner_label in focus.items():
        balance, flows_missing, partner_ids = _partner_balance(wide, partner, years)
        balance = balance.to_numpy()
        # A share of the deficit means something only where the US has a deficit with Asia.
        share = np.where(asia_deficit > 0, 100 * -balance / asia_deficit, np.nan)
        part = asia.copy()
        part["partner"] = partner
        part["partner_label"] = partner_label
        part["us_balance_with_partner_usd_millions"] = balance
        part["partner_flows_missing"] = flows_missing.to_numpy()
        part["partner_share_of_us_asia_deficit_pct"] = share
        part[lineage.COLUMN] = [
            lineage.join(pair) for pair in zip(asia[lineage.COLUMN], partner_ids, strict=True)
        ]
        rows.append(part)
    out = pd.concat(rows, ignore_index=True)
    out["us_deficit_with_asia_usd_billions"] = -out["us_balance_with_asia_usd_millions"] / 1000
    out.insert(1, "asia_series", name)
    out.insert(2, "asia_label", label)
    out.insert(3, "source", source)
    out.insert(4, "members", members_text)
    out["reporter_iso3"] = "USA"
    out["reporter_side"] = "own"
    out["exports_valuation"], out["imports_valuation"] = valuation
    return out[MAIN_COLUMNS]


# ----------------------------------------------------------------------------- China and the US


def china_us_both_sides(dots: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """China's trade with the US as China reports it (own) and as the US reports it (mirror).

    China's exports are FOB in its own data and CIF in the US data (US imports), and the other
    way round for imports. The China-reported share of the US in China's exports uses
    China's exports to the World as the denominator (so China's rows name the files of both).
    """
    share_spec = _require(spec, "china_export_share")
    china = _require(share_spec, "reporter", "china_export_share.")
    usa = _require(spec, "us_reporter")
    world = _require(share_spec, "world", "china_export_share.")
    own = _wide_dots(dots, china)
    mirror = _wide_dots(dots, usa)
    for wide, code, key in ((own, usa, "us_reporter"), (mirror, china, "china_export_share")):
        if code not in set(wide.index.get_level_values(0)):
            raise ValueError(f"F7 spec: '{key}': no DOTS trade between {china} and {usa}")
    if world not in set(own.index.get_level_values(0)):
        raise ValueError(f"F7 spec: 'china_export_share.world' = {world!r} not reported by {china}")
    own_pair = own.xs(usa, level=0)
    own_world = own.xs(world, level=0)["exports_fob"]
    mirror_pair = mirror.xs(china, level=0)
    world_ids = own.xs(world, level=0)[lineage.COLUMN].reindex(own_pair.index)
    ids = {
        "own": [
            lineage.join(pair)
            for pair in zip(
                _filled_ids(own_pair[lineage.COLUMN], own),
                _filled_ids(world_ids, own),
                strict=True,
            )
        ],
        "mirror": _filled_ids(mirror_pair[lineage.COLUMN], mirror).to_numpy(),
    }
    tables = []
    for side, reported_by, exports, imports, valuation in (
        ("own", china, own_pair["exports_fob"], own_pair["imports_cif"], ("fob", "cif")),
        ("mirror", usa, mirror_pair["imports_cif"], mirror_pair["exports_fob"], ("cif", "fob")),
    ):
        table = pd.DataFrame(
            {
                "china_exports_to_us_usd_millions": exports,
                "china_imports_from_us_usd_millions": imports,
            }
        ).reset_index()
        table.insert(1, "reporter_side", side)
        table.insert(2, "reported_by", reported_by)
        table["china_surplus_with_us_usd_millions"] = (
            table["china_exports_to_us_usd_millions"] - table["china_imports_from_us_usd_millions"]
        )
        if side == "own":
            total = own_world.reindex(table["year"]).to_numpy()
            table["china_exports_to_world_usd_millions"] = total
            table["us_share_of_china_exports_pct"] = (
                100 * table["china_exports_to_us_usd_millions"] / total
            )
        else:
            table["china_exports_to_world_usd_millions"] = np.nan
            table["us_share_of_china_exports_pct"] = np.nan
        table["china_exports_valuation"], table["china_imports_valuation"] = valuation
        table[lineage.COLUMN] = ids[side]
        tables.append(table)
    out = pd.concat(tables, ignore_index=True)
    out["source"] = spec["source_labels"]["dots"]
    return out.sort_values(["reporter_side", "year"], ignore_index=True)


def first_surplus_years(surplus: pd.Series) -> dict[str, float]:
    """First year of a positive balance, and first year of the unbroken run to the end.

    Only years in which the balance is known count (both flows reported). ``first_any`` is the
    first year with a surplus; ``first_unbroken`` the first year of the run of surpluses that
    lasts to the last year of the series (NaN if the last year is not a surplus).
    """
    known = surplus.dropna().sort_index()
    positive = known[known > 0]
    first_any = float(positive.index[0]) if len(positive) else math.nan
    first_unbroken = math.nan
    if len(known) and known.iloc[-1] > 0:
        non_positive = known[known <= 0]
        after = known.index > (non_positive.index.max() if len(non_positive) else -math.inf)
        first_unbroken = float(known.index[after][0])
    return {"first_any": first_any, "first_unbroken": first_unbroken}


def surplus_growth(china_us: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """Average growth of China's surplus with the US, both reporter sides, both definitions;
    each side's row names the raw files of its years in the window (of all its years where
    the window has none)."""
    rows = []
    for side, table in china_us.groupby("reporter_side", sort=True):
        series = table.set_index("year")["china_surplus_with_us_usd_millions"]
        growth = average_growth(series, first_year, last_year)
        window = series.loc[first_year:last_year]
        rows.append(
            {
                "reporter_side": side,
                "reported_by": table["reported_by"].iloc[0],
                "first_year": first_year,
                "last_year": last_year,
                "surplus_first_year_usd_millions": series.get(first_year, math.nan),
                "surplus_last_year_usd_millions": series.get(last_year, math.nan),
                "growth_compound_pct_per_year": growth["compound"],
                "growth_mean_of_yearly_pct_per_year": growth["mean_of_yearly"],
                "note": (
                    "surplus in every year of the window"
                    if len(window) and (window > 0).all()
                    else "balance is not a surplus in every year: no growth rate"
                ),
                lineage.COLUMN: lineage.join(
                    table.loc[table["year"].between(first_year, last_year), lineage.COLUMN]
                )
                or lineage.join(table[lineage.COLUMN]),
            }
        )
    out = pd.DataFrame(rows)
    out["source"] = china_us["source"].iloc[0]
    return out


# ----------------------------------------------------------------------------- checkpoints


def _row(main: pd.DataFrame, series: str, partner: str, year: int) -> pd.DataFrame:
    return main[
        (main["asia_series"] == series) & (main["partner"] == partner) & (main["year"] == year)
    ]


def _value(main: pd.DataFrame, series: str, partner: str, year: int, column: str) -> float:
    row = _row(main, series, partner, year)
    return float(row[column].iloc[0]) if len(row) else math.nan


def _ids(main: pd.DataFrame, series: str, partner: str, year: int) -> str:
    """The raw files of one row of ``main``; of the whole series where it lacks the year."""
    row = _row(main, series, partner, year)
    in_series = main.loc[main["asia_series"] == series, lineage.COLUMN]
    return lineage.join(row[lineage.COLUMN] if len(row) else in_series)


def checkpoints(main: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """The study's checkpoint numbers for every Asia series (long: statistic, value, unit),
    each with the raw files of the rows of ``main`` it is computed from."""
    years = _require(spec, "claim_years")
    china, japan = _require(spec, "china"), _require(spec, "japan")
    start, end = years["deficit_growth_first"], years["deficit_growth_last"]
    rows = []
    for series, table in main.groupby("asia_series", sort=False):
        any_partner = table["partner"].iloc[0]

        def deficit(year: int, series: str = series, partner: str = any_partner) -> float:
            return _value(main, series, partner, year, "us_deficit_with_asia_usd_billions")

        ratio = deficit(end) / deficit(start) if deficit(start) > 0 else math.nan
        ids = {y: _ids(main, series, any_partner, y) for y in (start, end)}
        both = lineage.join(ids.values())
        stats = [
            (f"US deficit with Asia {start}", start, deficit(start), "billion USD", ids[start]),
            (f"US deficit with Asia {end}", end, deficit(end), "billion USD", ids[end]),
            (f"deficit {end} / deficit {start}", end, ratio, "times", both),
            (f"deficit increase {start}-{end} (ratio - 1)", end, ratio - 1, "times", both),
        ]
        for label, partner in (("China", china), ("Japan", japan)):
            for year in sorted(
                {years["japan_share_early"], years["china_share_first"], years["last"]}
            ):
                value = _value(main, series, partner, year, "partner_share_of_us_asia_deficit_pct")
                stats.append(
                    (
                        f"{label} share of US-Asia deficit {year}",
                        year,
                        value,
                        "percent",
                        _ids(main, series, partner, year),
                    )
                )
        for statistic, year, value, unit, raw_ids in stats:
            rows.append(
                {
                    "asia_series": series,
                    "asia_label": table["asia_label"].iloc[0],
                    "source": table["source"].iloc[0],
                    "statistic": statistic,
                    "year": year,
                    "value": value,
                    "unit": unit,
                    lineage.COLUMN: raw_ids,
                }
            )
    return pd.DataFrame(rows)


def source_gap(main: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """DOTS against Census for the same members, in the years both cover (US exports/imports);
    a year names the raw files of both series' rows."""
    pairs = spec.get("source_comparison", [])
    rows = []
    for pair in pairs:
        dots_name, census_name = pair["dots"], pair["census"]
        left = main[(main["asia_series"] == dots_name) & (main["partner"] == spec["china"])]
        right = main[(main["asia_series"] == census_name) & (main["partner"] == spec["china"])]
        if left.empty or right.empty:
            raise ValueError(
                f"F7 spec: 'source_comparison' pair {pair} names a series not in 'asia_series'"
            )
        cols = ["year", "us_exports_usd_millions", "us_imports_usd_millions"]
        merged = left[cols].merge(right[cols], on="year", suffixes=("_dots", "_census"))
        ids = [left.set_index("year")[lineage.COLUMN], right.set_index("year")[lineage.COLUMN]]
        for flow in ("exports", "imports"):
            merged[f"{flow}_dots_vs_census_pct"] = 100 * (
                merged[f"us_{flow}_usd_millions_dots"] / merged[f"us_{flow}_usd_millions_census"]
                - 1
            )
        merged.insert(1, "dots_series", dots_name)
        merged.insert(2, "census_series", census_name)
        merged[lineage.COLUMN] = [
            lineage.join(pair)
            for pair in zip(*(i.reindex(merged["year"]) for i in ids), strict=True)
        ]
        rows.append(merged)
    # without pairs, a table of no rows (still with the column every exhibit table has)
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=[lineage.COLUMN])


# ----------------------------------------------------------------------------- compute


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """The F7 tables: ``main`` (Asia series x year x focus partner), ``china_us``,
    ``growth``, ``checkpoints`` and ``source_gap``."""
    for name in (DOTS_TABLE, CENSUS_PARTNERS_TABLE, CENSUS_AGGREGATES_TABLE):
        if name not in tables:
            raise ValueError(f"F7 needs the canonical table '{name}'")
    dots = tables[DOTS_TABLE]
    census = tables[CENSUS_PARTNERS_TABLE]
    reporter = _require(spec, "us_reporter")
    dots_first, dots_last = _dots_years(dots, reporter, "us_reporter")
    census_years = census.loc[census["complete_year"], "year"]
    data_last = max(dots_last, int(census_years.max()))
    first_year = _check_year(
        _require(spec, "first_year"), "first_year", dots_first, data_last, "data"
    )
    last_year = _check_year(_require(spec, "last_year"), "last_year", first_year, data_last, "data")
    for key, value in _require(spec, "claim_years").items():
        _check_year(value, f"claim_years.{key}", dots_first, dots_last, "DOTS years")
    growth_spec = _require(spec, "surplus_growth")
    growth_first = _check_year(
        growth_spec.get("first_year"),
        "surplus_growth.first_year",
        dots_first,
        dots_last,
        "DOTS years",
    )
    growth_last = _check_year(
        growth_spec.get("last_year"),
        "surplus_growth.last_year",
        growth_first,
        dots_last,
        "DOTS years",
    )
    series_specs = _require(spec, "asia_series")
    for key in ("claims_series", "china", "japan"):
        _require(spec, key)
    if spec["claims_series"] not in series_specs:
        raise ValueError(
            f"F7 spec: 'claims_series' = {spec['claims_series']!r} not in 'asia_series'"
        )
    unknown_plot = sorted(set(spec.get("plot_series", [])) - set(series_specs))
    if unknown_plot:
        raise ValueError(
            f"F7 spec: 'plot_series' names series not in 'asia_series': {unknown_plot}"
        )
    names = _require(spec, "focus_partner_names")
    for partner in _require(spec, "focus_partners"):
        if partner not in names:
            raise ValueError(f"F7 spec: 'focus_partner_names' has no name for {partner!r}")
    for key in ("china", "japan"):
        if spec[key] not in spec["focus_partners"]:
            raise ValueError(f"F7 spec: '{key}' = {spec[key]!r} is not in 'focus_partners'")

    main = pd.concat(
        [
            _series_table(name, series_spec, tables, spec, first_year, last_year)
            for name, series_spec in series_specs.items()
        ],
        ignore_index=True,
    )
    china_us = china_us_both_sides(dots, spec)
    return {
        "main": main,
        "china_us": china_us,
        "growth": surplus_growth(china_us, growth_first, growth_last),
        "checkpoints": checkpoints(main, spec),
        "source_gap": source_gap(main, spec),
    }
