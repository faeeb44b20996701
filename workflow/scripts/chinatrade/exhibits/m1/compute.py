"""M1's tables: (a) US-owned affiliates' sales in China beside US goods exports to China
(main), (b) output by owner (output_by_owner), (c) the foreign-owned share of China's exports
by industry (export_share), (d) an ownership-based view beside the trade balance
(ownership_view), and the definition of every series (definitions)."""

from __future__ import annotations

import pandas as pd

from chinatrade import lineage, multinationals
from chinatrade.ingest.multinationals.bea_amne import REPORTED_BY as BEA_REPORTED_BY
from chinatrade.spec import require_tables, spec_value, spec_year

from .common import (
    BALANCE,
    BEA_TABLE,
    CENSUS_EXPORTS,
    CENSUS_IMPORTS,
    CENSUS_REPORTED_BY,
    CENSUS_TABLE,
    CHINA_SIDE,
    LOCAL_GOODS,
    MEMO,
    OECD_REPORTED_BY,
    OUTPUT_TABLE,
    OWNERSHIP_TABLE,
    SALES_COLUMNS,
    SERIES_TABLES,
    TABLES,
    US_EXPORTS,
    US_SIDE,
)

INDUSTRY_SETS = {
    "manufacturing": multinationals.MANUFACTURING,
    "all": multinationals.INDUSTRY_CODES,
}


# --- spec ------------------------------------------------------------------------------------


def _years(spec: dict, where: str, available: set[int], what: str) -> range:
    first = spec_year(spec, "first_year", where)
    last = spec_year(spec, "last_year", where)
    if first > last:
        raise ValueError(f"spec key '{where}first_year' ({first}) is after '{where}last_year'")
    missing = sorted(set(range(first, last + 1)) - available)
    if missing:
        raise ValueError(
            f"spec keys '{where}first_year'/'{where}last_year' ({first}-{last}): {what} has "
            f"no data for {missing} (it covers {min(available)}-{max(available)})"
        )
    return range(first, last + 1)


def check_spec(spec: dict, tables: dict[str, pd.DataFrame]) -> None:
    """Refuse a spec whose economies or years the tables lack, naming the spec key."""
    home, host = spec_value(spec, "home"), spec_value(spec, "host")
    sales = tables[BEA_TABLE]
    if host not in set(sales.loc[sales["area_kind"] == "economy", "iso3"]):
        raise ValueError(f"spec key 'host': {host!r} is not an economy of {BEA_TABLE}")
    if home != "USA":
        raise ValueError("spec key 'home': BEA's affiliates are those of US parents; use USA")
    census = tables[CENSUS_TABLE]
    census_years = set(census.loc[census["partner_iso3"] == host, "year"])
    bea_years = set(sales.loc[sales["iso3"] == host, "year"])
    _years(spec, "", bea_years & census_years, f"{BEA_TABLE} with {CENSUS_TABLE}")
    output = tables[OUTPUT_TABLE]
    for key, value in (("home", home), ("host", host)):
        if value not in set(output["host_code"]):
            raise ValueError(f"spec key '{key}': {value!r} is not a host_code of {OUTPUT_TABLE}")
    _years(spec_value(spec, "output"), "output.", set(output["year"]), OUTPUT_TABLE)
    industries = spec_value(spec_value(spec, "export_share"), "industries", "export_share.")
    if industries not in INDUSTRY_SETS:
        raise ValueError(
            f"spec key 'export_share.industries' must be one of {list(INDUSTRY_SETS)}, "
            f"got {industries!r}"
        )


# --- (a) affiliates' sales beside exports -----------------------------------------------------


def _host_sales(sales: pd.DataFrame, host: str) -> pd.DataFrame:
    return sales[(sales["iso3"] == host) & (sales["area_kind"] == "economy")]


def _census(census: pd.DataFrame, host: str) -> pd.DataFrame:
    return census[census["partner_iso3"] == host].set_index("year")


def sales_beside_exports(tables: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Per year: the affiliates' sales in the host by destination and their local goods
    sales (BEA), US goods exports to the host (Census), and local sales as a multiple of
    those exports. A suppressed cell stays missing and is named in ``suppressed_cells``. A
    row names the raw files of the year's BEA rows and Census row."""
    host = spec["host"]
    years = range(spec["first_year"], spec["last_year"] + 1)
    sales = _host_sales(tables[BEA_TABLE], host)
    sales = sales[sales["year"].isin(years)]
    census = _census(tables[CENSUS_TABLE], host)
    rows = []
    for year in years:
        of_year = sales[sales["year"] == year].set_index(["supply", "destination"])
        row = {"year": year, "bea_release": of_year["release"].iloc[0]}
        for destination, column in SALES_COLUMNS.items():
            row[column] = of_year.at[("total", destination), "value_usd_millions"] / 1000
        row[LOCAL_GOODS] = of_year.at[("goods", "local"), "value_usd_millions"] / 1000
        row[US_EXPORTS] = census.at[year, CENSUS_EXPORTS] / 1000
        row["local_sales_to_us_exports_times"] = row[SALES_COLUMNS["local"]] / row[US_EXPORTS]
        row["local_goods_sales_to_us_exports_times"] = row[LOCAL_GOODS] / row[US_EXPORTS]
        flagged = of_year[of_year["suppression"] != ""]
        row["suppressed_cells"] = "; ".join(
            f"{supply} {destination} {symbol}"
            for (supply, destination), symbol in flagged["suppression"].items()
        )
        row["sales_reported_by"] = BEA_REPORTED_BY
        row["sales_source"] = of_year["source"].iloc[0]
        row["exports_reported_by"] = CENSUS_REPORTED_BY
        row["exports_source"] = census.at[year, "source"]
        row[lineage.COLUMN] = lineage.join(
            [*of_year[lineage.COLUMN], census.at[year, lineage.COLUMN]]
        )
        rows.append(row)
    return pd.DataFrame(rows)


# --- (b) output by owner ---------------------------------------------------------------------


def _owned_output(output: pd.DataFrame, host: str, parent: str, years: range) -> pd.DataFrame:
    """Output in ``host`` of firms owned from ``parent``, summed over the 34 industries (they
    do not overlap); blank cells are not counted and are numbered; the raw files of the rows
    summed."""
    rows = output[
        (output["host_code"] == host)
        & (output["parent_code"] == parent)
        & output["year"].isin(years)
    ]
    grouped = rows.groupby("year")["output_usd_millions"]
    return pd.DataFrame(
        {
            "output_usd_billions": grouped.sum(min_count=1) / 1000,
            "blank_cells": grouped.apply(lambda s: int(s.isna().sum())),
            "industries": grouped.size(),
            lineage.COLUMN: lineage.aggregate(rows, "year"),
        }
    )


def output_by_owner(tables: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Per year: output of home-owned firms in the host and of host-owned firms in the home
    economy (OECD AMNE tab1), USD billion, and their ratio, with the raw files of both
    owners' rows (of all the table's rows in a year without any: looked for there)."""
    home, host = spec["home"], spec["host"]
    years = range(spec["output"]["first_year"], spec["output"]["last_year"] + 1)
    output = tables[OUTPUT_TABLE]
    home_in_host = _owned_output(output, host, home, years)
    host_in_home = _owned_output(output, home, host, years)
    searched = lineage.join(output[lineage.COLUMN])
    ids = [
        owned[lineage.COLUMN].reindex(years).fillna(searched)
        for owned in (home_in_host, host_in_home)
    ]
    out = pd.DataFrame(
        {
            "year": list(years),
            "us_owned_output_in_china_usd_billions": home_in_host["output_usd_billions"]
            .reindex(years)
            .to_numpy(),
            "china_owned_output_in_us_usd_billions": host_in_home["output_usd_billions"]
            .reindex(years)
            .to_numpy(),
            "blank_cells_us_owned": home_in_host["blank_cells"].reindex(years).to_numpy(),
            "blank_cells_china_owned": host_in_home["blank_cells"].reindex(years).to_numpy(),
            "industries_summed": home_in_host["industries"].reindex(years).to_numpy(),
            lineage.COLUMN: [lineage.join(pair) for pair in zip(*ids, strict=True)],
        }
    )
    out["us_to_china_owned_output_times"] = (
        out["us_owned_output_in_china_usd_billions"] / out["china_owned_output_in_us_usd_billions"]
    )
    return out.assign(reported_by=OECD_REPORTED_BY, source=output["source"].iloc[0])


# --- (c) foreign-owned share of exports ------------------------------------------------------


def export_share(tables: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """The foreign-owned share of the host's gross exports by industry of the spec's set, and
    for the set and the whole economy taken together, in the earliest and latest years."""
    host = spec["host"]
    by_ownership = tables[OWNERSHIP_TABLE]
    industries = INDUSTRY_SETS[spec["export_share"]["industries"]]
    shares = multinationals.foreign_owned_export_share(by_ownership, host)
    parts = [
        shares[shares["industry_code"].isin(industries)],
        multinationals.total_over_industries(by_ownership, host, industries),
    ]
    if tuple(industries) != multinationals.INDUSTRY_CODES:
        parts.append(multinationals.total_over_industries(by_ownership, host))
    out = pd.concat(parts, ignore_index=True)
    first, last = int(out["year"].min()), int(out["year"].max())
    out = out[out["year"].isin((first, last))].copy()
    names = spec_value(spec, "industry_names")
    unnamed = sorted(set(out["industry_code"]) - set(names))
    if unnamed:
        raise ValueError(f"spec key 'industry_names.{unnamed[0]}' is missing (text file)")
    out["industry_name"] = out["industry_code"].map(names)
    out["year_role"] = out["year"].map({first: "earliest", last: "latest"})
    out["foreign_owned_export_share_pct"] = 100 * out["foreign_owned_export_share"]
    out = out.assign(reported_by=OECD_REPORTED_BY, source=by_ownership["source"].iloc[0])
    columns = ["industry_code", "industry_name", "year", "year_role"]
    columns += [c for c in out.columns if c not in columns]
    return out[columns].reset_index(drop=True)


# --- (d) ownership-based view ----------------------------------------------------------------


def view_year(tables: dict[str, pd.DataFrame], spec: dict) -> int:
    """The latest year with BEA sales in the host, OECD output of host-owned firms in the
    home economy and Census trade with the host."""
    host = spec["host"]
    output = tables[OUTPUT_TABLE]
    common = (
        set(_host_sales(tables[BEA_TABLE], host)["year"])
        & set(output.loc[output["parent_code"] == host, "year"])
        & set(_census(tables[CENSUS_TABLE], host).index)
    )
    if not common:
        raise ValueError("M1: no year has BEA affiliate sales, OECD output and Census trade")
    return max(common)


def ownership_view(tables: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """In one year: US firms serving China (US goods exports + local sales of US affiliates in
    China) against Chinese firms serving the US (China's goods exports to the US, as US
    imports + output of Chinese-owned firms in the US, the proxy for their sales), the two
    balances, and memo rows that compare the sales and output measures for US firms in China.
    A row names the raw files of its Census row, BEA cell or OECD rows; a balance, those of
    its components."""
    home, host = spec["home"], spec["host"]
    year = view_year(tables, spec)
    sales = _host_sales(tables[BEA_TABLE], host)
    sales = sales[sales["year"] == year].set_index(["supply", "destination"])
    census = _census(tables[CENSUS_TABLE], host)
    output = tables[OUTPUT_TABLE]
    china_owned = _owned_output(output, home, host, range(year, year + 1))
    us_owned = _owned_output(output, host, home, range(year, year + 1))
    bea_source, oecd_source = sales["source"].iloc[0], output["source"].iloc[0]
    census_source = census.at[year, "source"]
    census_ids = census.at[year, lineage.COLUMN]
    rows = [
        (
            US_SIDE,
            "us_goods_exports",
            census.at[year, CENSUS_EXPORTS] / 1000,
            "goods trade",
            CENSUS_REPORTED_BY,
            census_source,
            census_ids,
        ),
        (
            US_SIDE,
            "local_sales_of_us_affiliates",
            sales.at[("total", "local"), "value_usd_millions"] / 1000,
            "affiliate sales",
            BEA_REPORTED_BY,
            bea_source,
            sales.at[("total", "local"), lineage.COLUMN],
        ),
        (
            CHINA_SIDE,
            "china_goods_exports_to_us",
            census.at[year, CENSUS_IMPORTS] / 1000,
            "goods trade (US imports)",
            CENSUS_REPORTED_BY,
            census_source,
            census_ids,
        ),
        (
            CHINA_SIDE,
            "output_of_chinese_owned_firms_in_us",
            china_owned.at[year, "output_usd_billions"],
            "affiliate output (proxy for sales)",
            OECD_REPORTED_BY,
            oecd_source,
            china_owned.at[year, lineage.COLUMN],
        ),
        (
            MEMO,
            "us_owned_output_in_china",
            us_owned.at[year, "output_usd_billions"],
            "affiliate output",
            OECD_REPORTED_BY,
            oecd_source,
            us_owned.at[year, lineage.COLUMN],
        ),
        (
            MEMO,
            "total_sales_of_us_affiliates_in_china",
            sales.at[("total", "total"), "value_usd_millions"] / 1000,
            "affiliate sales",
            BEA_REPORTED_BY,
            bea_source,
            sales.at[("total", "total"), lineage.COLUMN],
        ),
    ]
    view = pd.DataFrame(
        rows,
        columns=[
            "side",
            "component",
            "value_usd_billions",
            "measure",
            "reported_by",
            "source",
            lineage.COLUMN,
        ],
    )
    value = view.set_index("component")["value_usd_billions"]
    components = view[view["side"] != MEMO]
    trade = value["us_goods_exports"] - value["china_goods_exports_to_us"]
    ownership = (value["us_goods_exports"] + value["local_sales_of_us_affiliates"]) - (
        value["china_goods_exports_to_us"] + value["output_of_chinese_owned_firms_in_us"]
    )
    balances = pd.DataFrame(
        [
            (
                BALANCE,
                "trade_balance",
                trade,
                "goods trade",
                CENSUS_REPORTED_BY,
                census_source,
                census_ids,
            ),
            (
                BALANCE,
                "ownership_based_balance",
                ownership,
                "mixed: trade, sales, output",
                "; ".join([CENSUS_REPORTED_BY, BEA_REPORTED_BY, OECD_REPORTED_BY]),
                "",
                lineage.join(components[lineage.COLUMN]),
            ),
        ],
        columns=view.columns,
    )
    view = pd.concat([view, balances], ignore_index=True)
    view.insert(0, "year", year)
    return view


# --- compute ---------------------------------------------------------------------------------


def _ids(column: pd.Series) -> set[str]:
    """The raw file ids a column of ids names."""
    return set(lineage.split(lineage.join(column.unique())))


def definitions(spec: dict, tables: dict[str, pd.DataFrame], results: dict) -> pd.DataFrame:
    """Each series and what it measures (the exhibit's text file, ``definitions``), with the
    raw files, named in the exhibit's other tables (``results``), of the canonical tables the
    series is read from (``SERIES_TABLES``)."""
    entries = spec_value(spec, "definitions")
    unknown = sorted(set(entries) - set(SERIES_TABLES))
    if unknown:
        raise ValueError(f"spec key 'definitions.{unknown[0]}': not a series of M1")
    named = set().union(*(_ids(table[lineage.COLUMN]) for table in results.values()))
    of_table = {name: lineage.join(named & _ids(tables[name][lineage.COLUMN])) for name in TABLES}
    ids = [lineage.join(of_table[name] for name in SERIES_TABLES[series]) for series in entries]
    return pd.DataFrame(
        {"series": list(entries), "definition": list(entries.values()), lineage.COLUMN: ids}
    )


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """M1's tables: ``main`` (panel a) and ``output_by_owner``, ``export_share``,
    ``ownership_view``, ``definitions``; every table names each row's raw files
    (``raw_file_ids``, chinatrade/lineage.py)."""
    require_tables(tables, TABLES, "M1")
    check_spec(spec, tables)
    results = {
        "main": sales_beside_exports(tables, spec),
        "output_by_owner": output_by_owner(tables, spec),
        "export_share": export_share(tables, spec),
        "ownership_view": ownership_view(tables, spec),
    }
    return results | {"definitions": definitions(spec, tables, results)}
