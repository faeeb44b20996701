"""INTRO's shared pieces: the canonical tables it reads and the indicator name of the
context rows, which both the table and the claims use.
"""

from __future__ import annotations

TOTALS_TABLE = "china_trade_totals_transcribed"
DOTS_TABLE = "bilateral_dots"
WEO_TABLE = "weo_oct2025"
WDI_TABLE = "gdp_wdi"
MERCHANDISE_TABLE = "merchandise_trade_wdi"
PRESS_TABLE = "gacc_press_check_values"
FX_TABLE = "fx_fed_h10"
CENSUS_MONTHLY_TABLE = "census_us_trade_partners_monthly"
CENSUS_ANNUAL_TABLE = "census_us_trade_partners_annual"
TABLES = (
    TOTALS_TABLE,
    DOTS_TABLE,
    WEO_TABLE,
    WDI_TABLE,
    MERCHANDISE_TABLE,
    PRESS_TABLE,
    FX_TABLE,
    CENSUS_MONTHLY_TABLE,
    CENSUS_ANNUAL_TABLE,
)


CONTEXT_CURRENT_ACCOUNT = "current account / GDP (context: not the goods balance)"
# C01's variant read from a press page that quotes China Customs (the snapshot's check values)
PRESS_VARIANT = "China Customs, as a press page quotes it"
