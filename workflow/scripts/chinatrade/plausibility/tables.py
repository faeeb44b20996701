"""Which canonical tables each plausibility check reads, by name.

Standard library only: the Snakefile reads :func:`tables_read` at every start (the inputs of
rule ``plausibility_checks``) and must not import pandas, which the checks themselves need.
"""

from __future__ import annotations

CENSUS = "census_us_trade_partners_annual"
DOTS = "bilateral_dots"
COMTRADE_US = "sector_trade_us_china_comtrade"
COMTRADE_CHN = "china_us_totals_comtrade_chn_reported"
TRANSCRIBED_BILATERAL = "china_bilateral_transcribed"
TRANSCRIBED_TOTALS = "china_trade_totals_transcribed"
PRESS = "gacc_press_check_values"
REGIME_ANNUAL = "trade_by_regime_annual"
REGIME_BULLETINS = "trade_by_regime_gacc"
WDI_TRADE = "merchandise_trade_wdi"
FX = "fx_fed_h10"
GDP_WDI = "gdp_wdi"
WEO = "weo_oct2025"
NBS = "province_trade_nbs"

# canonical table -> (config role of its raw file when the rows do not name it, the columns
# that name a row in a message)
RELEASE_TABLES = {
    "bilateral_dots": (None, ["reporter_iso3", "partner_code", "flow"]),
    "census_us_trade_partners_annual": (None, ["cty_code", "cty_name"]),
    "census_us_trade_aggregates_annual": (None, ["cty_code", "cty_name"]),
    "sector_trade_us_china_comtrade": (None, ["flow", "level", "product_code"]),
    "china_us_totals_comtrade_chn_reported": (None, ["flow"]),
    "china_trade_totals_transcribed": (
        "china_trade_totals_transcribed",
        ["period", "flow", "trade_mode"],
    ),
    "china_bilateral_transcribed": ("china_bilateral_transcribed", ["partner", "period", "flow"]),
    "gacc_press_check_values": ("gacc_press_check_values", ["period", "indicator"]),
    "trade_by_regime_gacc": (None, ["gacc_table", "period", "flow", "regime_code"]),
    "trade_by_regime_annual": (None, ["period", "flow", "regime_code"]),
    "province_trade_nbs": (None, ["province_code", "definition"]),
    "gdp_wdi": ("wdi_gdp", ["wdi_code"]),
    "weo_oct2025": ("weo", ["weo_code", "concept"]),
    "fx_fed_h10": ("fed_h10_fx", ["currency"]),
    "merchandise_trade_wdi": ("wdi_merchandise_exports", ["wdi_code"]),
    "japan_customs_trade": ("japan_customs", ["area", "goods", "flow"]),
    "fdi_positions": (None, ["measure", "investor_iso3", "host_iso3"]),
}

# check id -> the tables it reads (chinatrade.plausibility.registry.CHECKS, in its order)
CHECK_TABLES = {
    "release_dates": tuple(RELEASE_TABLES),
    "fx_year_on_year": (FX,),
    "gdp_year_on_year": (GDP_WDI, WEO),
    "trade_year_on_year": (DOTS, WDI_TRADE, CENSUS),
    "fx_customs_implied": (FX, TRANSCRIBED_TOTALS, PRESS, REGIME_ANNUAL),
    "gdp_wdi_weo": (GDP_WDI, WEO),
    "us_china_us_reported": (CENSUS, DOTS, COMTRADE_US),
    "us_china_china_reported": (TRANSCRIBED_BILATERAL, COMTRADE_CHN, DOTS, CENSUS),
    "us_china_mirror": (DOTS, COMTRADE_CHN, TRANSCRIBED_BILATERAL, CENSUS),
    "china_totals": (
        TRANSCRIBED_TOTALS,
        PRESS,
        REGIME_ANNUAL,
        REGIME_BULLETINS,
        DOTS,
        WDI_TRADE,
        FX,
    ),
    "nbs_national_total": (NBS, WDI_TRADE, DOTS),
    "nbs_province_definitions": (NBS,),
}


def tables_read() -> list[str]:
    """Every canonical table some check reads, in a stable order."""
    return sorted({table for tables in CHECK_TABLES.values() for table in tables})
