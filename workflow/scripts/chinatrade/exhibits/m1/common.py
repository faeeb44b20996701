"""M1's names shared by its files: the canonical tables it reads and its series."""

from __future__ import annotations

BEA_TABLE = "bea_affiliate_sales"
OUTPUT_TABLE = "oecd_amne_output_by_parent"
OWNERSHIP_TABLE = "oecd_amne_by_ownership"
CENSUS_TABLE = "census_us_trade_partners_annual"
TABLES = [BEA_TABLE, OUTPUT_TABLE, OWNERSHIP_TABLE, CENSUS_TABLE]
EXTRA_TABLES = ["output_by_owner", "export_share", "ownership_view", "definitions"]

# the canonical tables each series of the text file's definitions is read from: a definition
# names the raw files of those tables' rows that the exhibit's numbers come from
SERIES_TABLES = {
    "affiliate_sales_total": (BEA_TABLE,),
    "affiliate_sales_local": (BEA_TABLE,),
    "affiliate_sales_to_us": (BEA_TABLE,),
    "affiliate_sales_to_other_countries": (BEA_TABLE,),
    "affiliate_goods_sales_local": (BEA_TABLE,),
    "us_goods_exports": (CENSUS_TABLE,),
    "local_sales_to_us_exports_times": (BEA_TABLE, CENSUS_TABLE),
    "us_owned_output_in_china": (OUTPUT_TABLE,),
    "china_owned_output_in_us": (OUTPUT_TABLE,),
    "foreign_owned_export_share": (OWNERSHIP_TABLE,),
    "trade_balance": (CENSUS_TABLE,),
    "ownership_based_balance": (CENSUS_TABLE, BEA_TABLE, OUTPUT_TABLE),
}

CENSUS_EXPORTS = "exports_fas_usd_millions"
CENSUS_IMPORTS = "imports_general_customs_usd_millions"
CENSUS_REPORTED_BY = "US Census Bureau (US-reported goods trade)"
OECD_REPORTED_BY = "OECD Analytical AMNE (model estimates consistent with the OECD ICIO)"

# panel (a): BEA destination -> column of the main table
SALES_COLUMNS = {
    "total": "affiliate_sales_total_usd_billions",
    "local": "affiliate_sales_local_usd_billions",
    "united_states": "affiliate_sales_to_us_usd_billions",
    "other_countries": "affiliate_sales_to_other_countries_usd_billions",
}
LOCAL_GOODS = "affiliate_goods_sales_local_usd_billions"
US_EXPORTS = "us_goods_exports_usd_billions"

# panel (d): the components of each side, in drawing order
US_SIDE = "us_firms_serving_china"
CHINA_SIDE = "chinese_firms_serving_us"
BALANCE = "balance_us_minus_china"
MEMO = "memo"
