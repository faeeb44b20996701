"""V1 tables: balances in gross and value-added terms (main), China's exports to the US by
source of value added (sources), and the 2016-release domestic value added in bilateral
exports (dva). Values in USD billions at current prices."""

from __future__ import annotations

import pandas as pd

from chinatrade import lineage
from chinatrade.analysis.value_added import (
    bilateral_balances,
    exports_by_source,
    leontief,
    world_table,
)
from chinatrade.ingest.valueadded import COUNTRIES, FINAL_USES, INDUSTRIES
from chinatrade.spec import check_year, require_tables, spec_error, spec_value, spec_year

EXHIBIT = "V1"
TABLES = ["wiod2013_wiot", "wiod2016_bilateral_dva"]
MILLIONS_PER_BILLION = 1000.0
# the rest of the world is many economies: its share is shown, never ranked as one economy
RESIDUAL_REGION = "ROW"

MAIN_COLUMNS = [
    "year",
    "reporter",
    "partner",
    "partner_label",
    "gross_exports_usd_billions",
    "gross_imports_usd_billions",
    "gross_balance_usd_billions",
    "va_exports_usd_billions",
    "va_imports_usd_billions",
    "va_balance_usd_billions",
    "va_minus_gross_balance_usd_billions",
    "foreign_va_share_of_exports_pct",
    "source",
    lineage.COLUMN,
]
SOURCES_COLUMNS = [
    "year",
    "exporter",
    "importer",
    "source_country",
    "value_added_usd_billions",
    "share_of_exports_pct",
    "is_exporter",
    "foreign_rank",
    "source",
    lineage.COLUMN,
]
DVA_COLUMNS = [
    "year",
    "reporter",
    "partner",
    "partner_label",
    "gross_exports_usd_billions",
    "dva_in_exports_usd_billions",
    "dva_share_of_exports_pct",
    "gross_imports_usd_billions",
    "partner_dva_in_imports_usd_billions",
    "partner_dva_share_of_imports_pct",
    "gross_balance_usd_billions",
    "dva_balance_usd_billions",
    "concept",
    "source",
    lineage.COLUMN,
]
DVA_CONCEPT = (
    "domestic value added in bilateral gross exports (where it is finally absorbed "
    "does not matter: not value added absorbed in the importer)"
)


def check_spec(spec: dict) -> None:
    """Refuse a spec naming an economy the WIOD 2013 tables lack or without a name."""
    reporter = spec_value(spec, "reporter")
    partners = spec_value(spec, "partners")
    if reporter in partners:
        raise spec_error(EXHIBIT, "partners", f"{reporter!r} is the reporter")
    names = spec_value(spec, "country_names")
    for key, code in [("reporter", reporter), *(("partners", p) for p in partners)]:
        if code not in COUNTRIES or code == RESIDUAL_REGION:
            raise spec_error(EXHIBIT, key, f"{code!r} is not an economy of the WIOD tables")
        if key == "partners" and code not in names:
            raise spec_error(EXHIBIT, "country_names", f"no name for {code!r} (text file)")
    sources = spec_value(spec, "sources")
    if spec_value(sources, "importer", "sources.") not in partners:
        raise spec_error(EXHIBIT, "sources.importer", "must be one of the partners")
    if spec_year(spec, "dva_first_year") > spec_year(spec, "dva_last_year"):
        raise spec_error(EXHIBIT, "dva_first_year", "is after dva_last_year")


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """Tables ``main`` (balances by year and partner), ``sources`` and ``dva``."""
    require_tables(tables, TABLES, EXHIBIT)
    check_spec(spec)
    main, sources = _world_table_results(tables["wiod2013_wiot"], spec)
    return {"main": main, "sources": sources, "dva": _dva(tables["wiod2016_bilateral_dva"], spec)}


def _world_table_results(cells: pd.DataFrame, spec: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Balances and sources by world-table year; every row names the raw files of all the
    year's cells, since the Leontief inverse behind each value uses the whole table."""
    reporter, partners = spec["reporter"], list(spec["partners"])
    importer = spec["sources"]["importer"]
    available = {int(y) for y in cells["year"].unique()}
    balances, sources = [], []
    for position, year in enumerate(spec_value(spec, "wiot_years")):
        year = check_year(year, available, EXHIBIT, f"wiot_years[{position}]")
        table = world_table(cells, year, COUNTRIES, INDUSTRIES, FINAL_USES)
        model = leontief(table)
        year_files = cells.loc[cells["year"] == year, lineage.COLUMN].unique()
        ids = {lineage.COLUMN: lineage.join(year_files)}
        balances.append(
            bilateral_balances(table, model, reporter, partners).assign(year=year, **ids)
        )
        by_source = exports_by_source(table, model, reporter, importer)
        sources.append(by_source.assign(year=year, exporter=reporter, importer=importer, **ids))
    main = pd.concat(balances, ignore_index=True)
    for column in [c for c in main.columns if c.endswith("_usd_millions")]:
        main[column.replace("_millions", "_billions")] = main[column] / MILLIONS_PER_BILLION
    main["va_minus_gross_balance_usd_billions"] = (
        main["va_balance_usd_billions"] - main["gross_balance_usd_billions"]
    )
    main["foreign_va_share_of_exports_pct"] = 100 * main["foreign_va_share_of_exports"]
    main = main.assign(
        reporter=reporter,
        partner_label=main["partner"].map(spec["country_names"]),
        source=spec["wiot_source_label"],
    )
    return main[MAIN_COLUMNS], _ranked_sources(pd.concat(sources, ignore_index=True), spec)


def _ranked_sources(sources: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Every economy's value added in the exports, the foreign economies ranked by it (the
    exporter itself and the residual region not ranked)."""
    sources = sources.assign(
        value_added_usd_billions=sources["value_added_usd_millions"] / MILLIONS_PER_BILLION,
        share_of_exports_pct=100 * sources["share_of_exports"],
        is_exporter=sources["source_country"] == sources["exporter"],
        source=spec["wiot_source_label"],
    )
    ranked = ~sources["is_exporter"] & (sources["source_country"] != RESIDUAL_REGION)
    rank = (
        sources[ranked]
        .groupby("year")["value_added_usd_billions"]
        .rank(ascending=False, method="first")
    )
    sources["foreign_rank"] = rank.reindex(sources.index).astype("Int64")
    order = sources.sort_values(
        ["year", "is_exporter", "foreign_rank"], ascending=[True, False, True], na_position="last"
    )
    return order[SOURCES_COLUMNS].reset_index(drop=True)


def _dva(dva: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """The reporter's and each partner's domestic value added in their exports to each
    other (WIOD 2016 release), with the gross exports they are part of; the raw files of both
    directions' rows (of all the years' rows for a direction without one: where it was
    looked for)."""
    reporter, partners = spec["reporter"], list(spec["partners"])
    first, last = spec_year(spec, "dva_first_year"), spec_year(spec, "dva_last_year")
    available = {int(y) for y in dva["year"].unique()}
    check_year(first, available, EXHIBIT, "dva_first_year")
    check_year(last, available, EXHIBIT, "dva_last_year")
    rows = dva[dva["year"].between(first, last)]
    value = "domestic_value_added_in_exports_usd_millions"
    exports = rows[(rows["exporter"] == reporter) & rows["importer"].isin(partners)].rename(
        columns={"importer": "partner", "gross_exports_usd_millions": "exports", value: "dva"}
    )
    imports = rows[(rows["importer"] == reporter) & rows["exporter"].isin(partners)].rename(
        columns={
            "exporter": "partner",
            "gross_exports_usd_millions": "imports",
            value: "partner_dva",
        }
    )
    both = exports[["partner", "year", "exports", "dva", lineage.COLUMN]].merge(
        imports[["partner", "year", "imports", "partner_dva", lineage.COLUMN]],
        on=["partner", "year"],
        how="outer",
        validate="one_to_one",
        suffixes=("_exports", "_imports"),
    )
    for partner in partners:
        if partner not in set(both["partner"]):
            raise spec_error(EXHIBIT, "partners", f"{partner} is not in the WIOD 2016 file")
    billions = both[["exports", "dva", "imports", "partner_dva"]] / MILLIONS_PER_BILLION
    searched = lineage.join(rows[lineage.COLUMN].unique())
    directions = [both[f"{lineage.COLUMN}{s}"].fillna(searched) for s in ("_exports", "_imports")]
    out = pd.DataFrame(
        {
            "year": both["year"],
            "reporter": reporter,
            "partner": both["partner"],
            "partner_label": both["partner"].map(spec["country_names"]),
            "gross_exports_usd_billions": billions["exports"],
            "dva_in_exports_usd_billions": billions["dva"],
            "dva_share_of_exports_pct": 100 * both["dva"] / both["exports"],
            "gross_imports_usd_billions": billions["imports"],
            "partner_dva_in_imports_usd_billions": billions["partner_dva"],
            "partner_dva_share_of_imports_pct": 100 * both["partner_dva"] / both["imports"],
            "gross_balance_usd_billions": billions["exports"] - billions["imports"],
            "dva_balance_usd_billions": billions["dva"] - billions["partner_dva"],
            "concept": DVA_CONCEPT,
            "source": spec["dva_source_label"],
            lineage.COLUMN: [lineage.join(pair) for pair in zip(*directions, strict=True)],
        }
    )
    out["partner_order"] = out["partner"].map({p: i for i, p in enumerate(partners)})
    return out.sort_values(["partner_order", "year"])[DVA_COLUMNS].reset_index(drop=True)
