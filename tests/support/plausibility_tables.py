"""Pencil-case tables for the plausibility checks (tests/plausibility, tests/reliability): a
few rows each, with the columns of the canonical tables (data/README.md)."""

from __future__ import annotations

import copy

import pandas as pd

from chinatrade.plausibility import RawFiles

# the tolerances of the default config (config/config.yaml, plausibility), written out
SETTINGS = {
    "same_flow": {"pass_pct": 4, "cif_above_customs_pct": 11, "fail_pct": 25},
    "mirror": {"pass_factor": 3.5, "fail_factor": 10},
    "gdp": {"economies": ["CHN"], "first_year": 1995, "pass_pct": 8, "fail_pct": 25},
    "exchange_rates": {"currency": "CNY", "pass_pct": 1.5, "fail_pct": 5},
    "year_on_year": {
        "gdp": {"first_year": 1980, "max_change_pct": 60, "fail_factor": 3},
        "exchange_rates": {
            "currencies": ["CNY"],
            "first_year": 1995,
            "max_change_pct": 25,
            "fail_factor": 2,
        },
        "trade_totals": {"first_year": 1980, "max_change_pct": 70, "fail_factor": 3},
    },
    "provinces": {"pass_pp": 2, "fail_pp": 4},
}

MANIFEST = pd.DataFrame(
    {
        "file": [
            "bilateral/census_country.xlsx",
            "bilateral/census_extract_2023_2024.csv",
            "bilateral/dots_usa.xlsx",
            "bilateral/dots_chn.xlsx",
            "sector/comtrade_us.rds",
            "sector/comtrade_chn.csv",
            "series/bilateral_transcribed.csv",
            "series/totals_transcribed.csv",
            "gacc/press.csv",
            "bilateral/wdi_gdp.csv",
            "bilateral/weo.csv",
            "series/h10.csv",
            "bilateral/wdi_exports.csv",
            "bilateral/wdi_imports.csv",
            "gvc_province/nbs_location.csv",
            "gvc_province/nbs_destination.csv",
        ],
        "sha256": [f"{i:064x}" for i in range(16)],
    },
    index=[
        "census_country",
        "census_extract",
        "dots_usa",
        "dots_chn",
        "comtrade_us",
        "comtrade_chn",
        "bilateral_transcribed",
        "totals_transcribed",
        "press",
        "wdi_gdp",
        "weo",
        "h10",
        "wdi_exports",
        "wdi_imports",
        "nbs_location",
        "nbs_destination",
    ],
)
ROLES = {
    "census_country": "census_country",
    "census_selected_partners_2023_2024": "census_extract",
    "china_bilateral_transcribed": "bilateral_transcribed",
    "china_trade_totals_transcribed": "totals_transcribed",
    "gacc_press_check_values": "press",
    "wdi_gdp": "wdi_gdp",
    "weo": "weo",
    "fed_h10_fx": "h10",
    "wdi_merchandise_exports": "wdi_exports",
    "wdi_merchandise_imports": "wdi_imports",
    "nbs_location_of_trading_unit": "nbs_location",
    "nbs_domestic_destination_source": "nbs_destination",
    "comtrade_us_china_rds": ["comtrade_us"],
    "comtrade_china_reported_totals": "comtrade_chn",
}


def census(rows: list[tuple[int, float, float]]) -> pd.DataFrame:
    """US Census rows with China: (year, exports, imports) in USD millions."""
    return pd.DataFrame(
        [
            {
                "year": year,
                "cty_code": "5700",
                "partner_iso3": "CHN",
                "exports_fas_usd_millions": exports,
                "imports_general_customs_usd_millions": imports,
                "balance_usd_millions": exports - imports,
                "complete_year": True,
            }
            for year, exports, imports in rows
        ],
        columns=[
            "year",
            "cty_code",
            "partner_iso3",
            "exports_fas_usd_millions",
            "imports_general_customs_usd_millions",
            "balance_usd_millions",
            "complete_year",
        ],
    )


def dots(rows: list[tuple[str, str, int, str, float]]) -> pd.DataFrame:
    """IMF DOTS rows: (reporter, partner, year, flow, value USD millions)."""
    source = {"USA": "dots_usa.xlsx", "CHN": "dots_chn.xlsx"}
    return pd.DataFrame(
        [
            {
                "reporter_iso3": reporter,
                "partner_code": partner,
                "year": year,
                "flow": flow,
                "value_usd_millions": value,
                "source_file": f"data/raw/bilateral/{source.get(reporter, 'dots_usa.xlsx')}",
            }
            for reporter, partner, year, flow, value in rows
        ],
        columns=[
            "reporter_iso3",
            "partner_code",
            "year",
            "flow",
            "value_usd_millions",
            "source_file",
        ],
    )


def comtrade_us(rows: list[tuple[int, str, float]]) -> pd.DataFrame:
    """UN Comtrade TOTAL rows, US reporter: (year, flow, value USD)."""
    return pd.DataFrame(
        [
            {
                "reporter_iso3": "USA",
                "partner_iso3": "CHN",
                "year": year,
                "flow": flow,
                "level": "TOTAL",
                "product_code": "TOTAL",
                "value_usd": value,
                "source_file": "comtrade_us.rds",
            }
            for year, flow, value in rows
        ],
        columns=[
            "reporter_iso3",
            "partner_iso3",
            "year",
            "flow",
            "level",
            "product_code",
            "value_usd",
            "source_file",
        ],
    )


def comtrade_chn(rows: list[tuple[int, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "reporter_iso3": "CHN",
                "partner_iso3": "USA",
                "year": year,
                "flow": flow,
                "value_usd": value,
                "source_file": "comtrade_chn.csv",
            }
            for year, flow, value in rows
        ],
        columns=["reporter_iso3", "partner_iso3", "year", "flow", "value_usd", "source_file"],
    )


def transcribed_bilateral(rows: list[tuple[int, str, float, float]]) -> pd.DataFrame:
    """China Customs' pages, partner USA: (year, flow, USD 100 million, rounding unit)."""
    return pd.DataFrame(
        [
            {
                "partner": "USA",
                "year": year,
                "period": "1-12",
                "is_partial_year": False,
                "flow": flow,
                "value_usd_100m": value,
                "value_cny_100m": float("nan"),
                "rounding_unit": rounding,
            }
            for year, flow, value, rounding in rows
        ],
        columns=[
            "partner",
            "year",
            "period",
            "is_partial_year",
            "flow",
            "value_usd_100m",
            "value_cny_100m",
            "rounding_unit",
        ],
    )


def transcribed_totals(rows: list[tuple[int, str, str, float, float]]) -> pd.DataFrame:
    """China Customs' national totals: (year, flow, currency, value 100 million, rounding)."""
    return pd.DataFrame(
        [
            {
                "year": year,
                "period": "1-12",
                "is_partial_year": False,
                "flow": flow,
                "trade_mode": "all",
                "value_usd_100m": value if currency == "USD" else float("nan"),
                "value_cny_100m": value if currency == "CNY" else float("nan"),
                "rounding_unit": rounding,
            }
            for year, flow, currency, value, rounding in rows
        ],
        columns=[
            "year",
            "period",
            "is_partial_year",
            "flow",
            "trade_mode",
            "value_usd_100m",
            "value_cny_100m",
            "rounding_unit",
        ],
    )


def empty_press() -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            "year",
            "period",
            "is_partial_year",
            "indicator",
            "unit_as_published",
            "value_usd_100m",
            "value_cny_100m",
        ]
    ).astype({"is_partial_year": bool})


def empty_regime() -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            "year",
            "period",
            "is_partial_year",
            "flow",
            "regime_code",
            "value_usd_100m",
            "source_url",
        ]
    ).astype({"is_partial_year": bool})


def wdi_trade(rows: list[tuple[str, int, float, float]]) -> pd.DataFrame:
    """WDI merchandise trade: (code, year, exports USD, imports USD)."""
    return pd.DataFrame(
        [
            {
                "wdi_code": code,
                "year": year,
                "merchandise_exports_usd": exports,
                "merchandise_imports_usd": imports,
            }
            for code, year, exports, imports in rows
        ],
        columns=["wdi_code", "year", "merchandise_exports_usd", "merchandise_imports_usd"],
    )


def fx(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    names = {"CNY": "China", "JPY": "Japan"}
    return pd.DataFrame(
        [
            {"country": names.get(c, c), "currency": c, "year": y, "units_per_usd": v}
            for c, y, v in rows
        ],
        columns=["country", "currency", "year", "units_per_usd"],
    )


def settings() -> dict:
    return copy.deepcopy(SETTINGS)


def files() -> RawFiles:
    return RawFiles(MANIFEST, ROLES)
