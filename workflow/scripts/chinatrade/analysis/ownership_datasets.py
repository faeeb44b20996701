"""Regression datasets for the study's two mechanisms, measured by what firms do rather than
by what they own:

* ``amne_industry_year``: China's goods industries at the OECD AMNE industry grouping, with the
  WIOD trade balance and import content of exports aggregated to the grouping and the share of
  the industry's exports made by foreign-owned firms (OECD Analytical AMNE). Processing exports
  are mostly made by foreign-invested firms, so the foreign-owned share is a second measure of
  processing intensity, with more variation across industries than WIOD's import content.
* ``affiliate_activity_panel``: the US goods balance with each partner beside what US-owned
  affiliates sell in that partner's market (BEA), relative to US goods exports there, with the
  partner's GDP as a size control and pass-through hubs flagged.

Sources (canonical tables, data/README.md): ``wiod_industry_year`` (analysis dataset; China's
WIOD 2016 national table, own statistics), ``oecd_amne_by_ownership`` (OECD AMNE, model-based
estimates consistent with the OECD ICIO), ``bea_affiliate_sales`` (BEA outward survey, majority-
owned foreign affiliates of US parents), ``census_us_trade_partners_annual`` (US-reported goods
trade) and ``gdp_wdi``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.analysis.fdi_panel import with_trade_and_gdp
from chinatrade.errors import InputDataError

WIOD_YEAR_TABLE = "data/processed/analysis/wiod_industry_year.parquet"
CONCORDANCE_FILE = "workflow/resources/wiod56_to_oecd_amne_industry.csv"
AFFILIATE_FILE = "data/processed/bea_affiliate_sales.parquet"

AMNE_INDUSTRY_YEAR_COLUMNS = [
    "industry",
    "wiod_industries",
    "year",
    "is_goods",
    "exports_usd_millions",
    "imports_usd_millions",
    "total_trade_usd_millions",
    "balance_usd_millions",
    "normalised_balance",
    "import_content_of_exports_share",
    "foreign_owned_exports_usd_millions",
    "domestic_owned_exports_usd_millions",
    "foreign_owned_export_share",
    "reporter_side",
    "source",
]
FOREIGN_SHARE_COLUMNS = [
    "industry_code",
    "year",
    "foreign_owned_exports_usd_millions",
    "domestic_owned_exports_usd_millions",
    "foreign_owned_export_share",
]
AFFILIATE_PANEL_COLUMNS = [
    "partner_iso3",
    "partner_name",
    "year",
    "affiliate_sales_usd_millions",
    "affiliate_local_sales_usd_millions",
    "local_sales_flag",
    "us_exports_usd_millions",
    "us_imports_usd_millions",
    "us_balance_usd_millions",
    "balance_share_of_bilateral_trade",
    "census_flag",
    "partner_gdp_usd_millions",
    "log_partner_gdp_usd_millions",
    "balance_share_of_partner_gdp_pct",
    "local_sales_to_us_exports",
    "log_local_sales_to_us_exports",
    "is_pass_through_hub",
    "is_economy_sample",
    "source",
]
SOURCE_AMNE = (
    "WIOD 2016 China NIOT (balance, import content; China's own statistics) aggregated to OECD "
    "AMNE industries; OECD Analytical AMNE (foreign-owned share of exports, model-based)"
)
SOURCE_AFFILIATES = (
    "BEA Activities of US MNEs, Table II.E 2 (majority-owned foreign affiliates' sales by "
    "destination); US Census goods trade (US-reported); World Bank WDI GDP"
)


def read_concordance(path) -> pd.DataFrame:
    """WIOD goods industry -> OECD AMNE industry group (many to one), checked."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    validate.require_columns(table, ["wiod_industry", "oecd_amne_industry"], str(path))
    validate.unique_key(table, ["wiod_industry"], str(path))
    for row, value in enumerate(table["oecd_amne_industry"], start=2):
        if not value:
            raise InputDataError(
                str(path), "empty industry group", column="oecd_amne_industry", row=row
            )
    return table


def amne_industry_year(
    wiod_year: pd.DataFrame, foreign_share: pd.DataFrame, concordance: pd.DataFrame
) -> pd.DataFrame:
    """China's goods industries at the OECD AMNE grouping, years both sources cover.

    Exports, imports and balance (USD millions, WIOD) are summed over the WIOD industries of a
    group; the import content of exports is their export-weighted mean; the foreign-owned
    share of exports is the OECD's for the group (``foreign_share``: the columns
    ``FOREIGN_SHARE_COLUMNS``, China only). A WIOD goods industry missing from the concordance,
    or a group the OECD table lacks in a common year, is an error: nothing is dropped.
    """
    validate.require_columns(foreign_share, FOREIGN_SHARE_COLUMNS, "foreign-owned export share")
    goods = wiod_year[wiod_year["is_goods"].astype(bool)].copy()
    mapping = concordance.set_index("wiod_industry")["oecd_amne_industry"]
    unmapped = sorted(set(goods["industry"]) - set(mapping.index))
    if unmapped:
        raise InputDataError(
            CONCORDANCE_FILE,
            f"WIOD goods industries {unmapped} have no OECD AMNE group",
            column="wiod_industry",
        )
    goods["industry_group"] = goods["industry"].map(mapping)
    years = sorted(set(goods["year"]) & set(foreign_share["year"].astype(int)))
    if not years:
        raise InputDataError(
            WIOD_YEAR_TABLE, "no year in common with the OECD AMNE table", column="year"
        )
    goods = goods[goods["year"].isin(years)]
    goods["weighted_content"] = (
        goods["import_content_of_exports_share"] * goods["exports_usd_millions"]
    )
    grouped = goods.groupby(["industry_group", "year"], sort=True)
    out = (
        grouped[["exports_usd_millions", "imports_usd_millions", "weighted_content"]]
        .sum()
        .reset_index()
    )
    out["wiod_industries"] = (
        grouped["industry"].agg(lambda codes: " ".join(codes)).reset_index(drop=True)
    )
    out = out.rename(columns={"industry_group": "industry"})
    out["import_content_of_exports_share"] = out["weighted_content"] / out[
        "exports_usd_millions"
    ].where(out["exports_usd_millions"] > 0)
    out["total_trade_usd_millions"] = out["exports_usd_millions"] + out["imports_usd_millions"]
    out["balance_usd_millions"] = out["exports_usd_millions"] - out["imports_usd_millions"]
    out["normalised_balance"] = out["balance_usd_millions"] / out["total_trade_usd_millions"].where(
        out["total_trade_usd_millions"] > 0
    )
    share = foreign_share.assign(year=foreign_share["year"].astype(int)).rename(
        columns={"industry_code": "industry"}
    )
    out = out.merge(share, on=["industry", "year"], how="left", validate="one_to_one")
    missing = out[out["foreign_owned_export_share"].isna()]
    if not missing.empty:
        first = missing.iloc[0]
        raise InputDataError(
            "data/processed/oecd_amne_by_ownership.parquet",
            f"no foreign-owned export share for China's industry {first['industry']} in "
            f"{first['year']} (needed by the WIOD industries {first['wiod_industries']})",
            column="gross_exports_usd_millions",
        )
    out["is_goods"] = True
    out["reporter_side"] = "own"
    out["source"] = SOURCE_AMNE
    return out[AMNE_INDUSTRY_YEAR_COLUMNS].reset_index(drop=True)


def _local_sales(affiliate_sales: pd.DataFrame) -> pd.DataFrame:
    """US affiliates' total and local sales (goods and services) by host economy and year."""
    rows = affiliate_sales[
        (affiliate_sales["area_kind"] == "economy") & (affiliate_sales["supply"] == "total")
    ]
    validate.unique_key(rows, ["iso3", "year", "destination"], AFFILIATE_FILE)
    indexed = rows.set_index(["iso3", "host_name", "year", "destination"])
    wide = indexed["value_usd_millions"].unstack("destination")
    flags = indexed["suppression"].unstack("destination")
    for column in ("total", "local"):
        if column not in wide.columns:
            raise InputDataError(
                AFFILIATE_FILE, f"no '{column}' destination rows", column="destination"
            )
    out = pd.DataFrame(
        {
            "affiliate_sales_usd_millions": wide["total"],
            "affiliate_local_sales_usd_millions": wide["local"],
            "local_sales_flag": flags["local"].reindex(wide.index).fillna("").replace("", "ok"),
        }
    ).reset_index()
    out = out.rename(columns={"iso3": "partner_iso3", "host_name": "partner_name"})
    validate.unique_key(out, ["partner_iso3", "year"], AFFILIATE_FILE)
    return out


def affiliate_activity_panel(
    affiliate_sales: pd.DataFrame,
    census_annual: pd.DataFrame,
    gdp: pd.DataFrame,
    pass_through_hubs: Iterable[str],
) -> pd.DataFrame:
    """One row per host economy and year of BEA's affiliate-sales tables.

    ``local_sales_to_us_exports`` = US affiliates' sales in the host's own market / US goods
    exports to the host (Census): how much the US serves that market from inside rather than by
    exporting; its log enters the regression where both are positive. Sales include services
    and the affiliates' own imported inputs, so the ratio is a measure of how a market is
    served, not a share of one total. A suppressed local-sales cell (BEA "(D)") stays NaN with
    its flag. ``is_pass_through_hub`` marks the financial centres listed in the config
    (affiliates there are often holding companies serving third markets).
    """
    hubs = set(pass_through_hubs)
    out = _local_sales(affiliate_sales)
    out = with_trade_and_gdp(out, census_annual, gdp)
    exports = out["us_exports_usd_millions"]
    local = out["affiliate_local_sales_usd_millions"]
    out["local_sales_to_us_exports"] = (local / exports).where((exports > 0) & (local >= 0))
    usable = out["local_sales_to_us_exports"] > 0
    out["log_local_sales_to_us_exports"] = np.log(out["local_sales_to_us_exports"].where(usable))
    gdp_usd = out["partner_gdp_usd_millions"]
    out["log_partner_gdp_usd_millions"] = np.log(gdp_usd.where(gdp_usd > 0))
    out["is_pass_through_hub"] = out["partner_iso3"].isin(hubs)
    out["is_economy_sample"] = ~out["is_pass_through_hub"]
    out["source"] = SOURCE_AFFILIATES
    return out[AFFILIATE_PANEL_COLUMNS].sort_values(["partner_iso3", "year"]).reset_index(drop=True)
