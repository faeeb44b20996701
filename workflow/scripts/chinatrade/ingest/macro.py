"""GDP in current US dollars (World Bank WDI, IMF WEO) and annual exchange rates (Fed H.10).

Sources (see ../shared/data/bilateral/SOURCES.md section 3 and series/SOURCES.md section 1):

* ``bilateral/original/wdi_gdp_current_usd_datasets-gdp.csv``: World Bank WDI indicator
  NY.GDP.MKTP.CD as redistributed by the datahub ``datasets/gdp`` repository; columns
  ``Country Name, Country Code, Year, Value`` (USD, not millions). It mixes economies and
  World Bank aggregates (regions, income groups); ``read_wdi_indicator`` (shared with the
  WDI merchandise-trade reader, ``ingest/wdi_trade.py``) tells them apart with the explicit
  table ``workflow/resources/macro_area_codes.csv`` and country_converter.
  ``bilateral/wdi_gdp_current_usd_1960_2023.csv`` is a copy with renamed columns (a
  cross-check in the tests).
* ``bilateral/imf_weo_oct2025_gdp_usd_current_account_1980_2030.csv``: IMF WEO October 2025,
  derived from an R data file that is not in the snapshot, so this extract is read and
  validated as it is (``read_weo``). Years after the last actual year are IMF projections.
* ``series/original/fed_h10_exchange_rates_annual_datasets-exchange-rates.csv``: Federal
  Reserve H.10 / G.5A annual averages via FRED, as redistributed by the datahub
  ``datasets/exchange-rates`` repository; columns ``Date, Country, Exchange rate``.
  ``series/fx_annual_average_per_usd_fed_h10_tidy.csv`` is derived from it (cross-check).

Exchange-rate quotation: H.10 itself quotes the Australian dollar, euro, New Zealand dollar
and pound sterling as US dollars per unit (the datahub README still says so), every other
currency as units per US dollar. In this vintage every series, those four included, is
units per US dollar (series/SOURCES.md checked EUR 2024 = 0.9242 and AUD 2024 = 1.5158).
``H10_QUOTATION`` states the quotation per currency, ``read_fed_h10_annual`` checks it
against anchor values, and ``units_per_usd`` is the only place a rate is inverted.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest import source_files
from chinatrade.validate import ROW

AREA_KINDS = {"economy", "aggregate"}
AREA_CODE_COLUMNS = ["source", "code", "iso3", "name", "kind", "note"]

WDI_COLUMNS = [
    "wdi_code",
    "iso3",
    "area_name",
    "area_kind",
    "year",
    "gdp_usd",
    "source",
    "source_file",
]
WDI_KEY = ["wdi_code", "year"]
WDI_FILE_COLUMNS = ["Country Name", "Country Code", "Year", "Value"]
SOURCE_WDI = "World Bank WDI NY.GDP.MKTP.CD (GDP, current US$) via datahub datasets/gdp"

WEO_CONCEPTS = {
    # concept -> (weo_unit, weo_scale_power_of_10, output value column, meaning)
    "NGDPD": ("USD", 9.0, "value_usd_billions", "GDP, current prices"),
    "BCA": ("USD", 9.0, "value_usd_billions", "current account balance"),
    "BCA_NGDPD": ("PT", 0.0, "value_percent", "current account balance, % of GDP"),
    "NGDP_RPCH": ("PT", 0.0, "value_percent", "real GDP growth, % change"),
}
WEO_COLUMNS = [
    "weo_code",
    "iso3",
    "area_kind",
    "year",
    "concept",
    "concept_name",
    "value_usd_billions",
    "value_percent",
    "last_actual_date",
    "last_actual_year",
    "is_projection",
    "source",
    "source_file",
]
WEO_KEY = ["weo_code", "concept", "year"]
SOURCE_WEO = "IMF World Economic Outlook, October 2025 (via mitsuoxv/imf-weo data_2510.rda)"

# H.10 country label of the datahub file -> currency code
H10_CURRENCIES = {
    "Australia": "AUD",
    "Brazil": "BRL",
    "Canada": "CAD",
    "China": "CNY",
    "Denmark": "DKK",
    "Euro": "EUR",
    "Hong Kong": "HKD",
    "India": "INR",
    "Japan": "JPY",
    "Malaysia": "MYR",
    "Mexico": "MXN",
    "New Zealand": "NZD",
    "Norway": "NOK",
    "Singapore": "SGD",
    "South Africa": "ZAR",
    "South Korea": "KRW",
    "Sweden": "SEK",
    "Switzerland": "CHF",
    "Taiwan": "TWD",
    "Thailand": "THB",
    # one series across the 2008, 2018 and 2021 redenominations: not comparable over time
    "Venezuela": "VES/VEF (mixed redenominations)",
}
# Currencies H.10 publishes as US dollars per unit (the datahub README repeats this).
H10_PUBLISHED_USD_PER_UNIT = {"AUD", "EUR", "NZD", "GBP"}
# Quotation of each series in the file read here: all units per US dollar (checked by the
# anchors below). A later vintage that restores H.10's own quotation must change this.
H10_QUOTATION = {currency: "units_per_usd" for currency in H10_CURRENCIES.values()}
QUOTATIONS = {"units_per_usd", "usd_per_unit"}
# (currency, year) -> units per USD stated in series/SOURCES.md; a value near the inverse
# means the series is quoted as USD per unit.
H10_ANCHORS = {("EUR", 2024): 0.9242, ("AUD", 2024): 1.5158, ("CNY", 2018): 6.6090}
ANCHOR_RELATIVE_TOLERANCE = 0.02
FX_COLUMNS = [
    "country",
    "currency",
    "year",
    "units_per_usd",
    "quotation_as_published",
    "note",
    "source",
    "source_file",
]
FX_KEY = ["currency", "year"]
SOURCE_H10 = "Federal Reserve H.10/G.5A annual averages via FRED (datahub datasets/exchange-rates)"


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def _year(frame: pd.DataFrame, column: str, path, low: int, high: int) -> pd.Series:
    years = validate.numeric(frame, column, path, allow_missing=False)
    bad = (years % 1 != 0) | (years < low) | (years > high)
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"year {frame.at[index, column]!r} is not a whole year in {low}-{high}",
            column=column,
            row=int(frame.at[index, ROW]),
        )
    return years.astype(int)


def _positive(
    frame: pd.DataFrame,
    column: str,
    path,
    what: str,
    file_column: str,
    *,
    allow_zero: bool = False,
) -> None:
    """``frame[column]`` > 0 (``allow_zero``: >= 0); the error names the column as the file
    spells it."""
    bad = frame[column] < 0 if allow_zero else frame[column] <= 0
    if bad.any():
        index = bad.idxmax()
        rule = ">= 0" if allow_zero else "> 0"
        state = "negative" if allow_zero else "not positive"
        raise InputDataError(
            path,
            f"value {frame.at[index, column]!r} is {state}; {what} must be {rule}",
            column=file_column,
            row=int(frame.at[index, ROW]),
        )


@functools.cache
def _converter():
    import country_converter as coco

    # country_converter logs a warning per unmatched name; we raise our own error.
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


def read_area_codes(path: str | Path) -> pd.DataFrame:
    """Read ``workflow/resources/macro_area_codes.csv``: codes that are not plain ISO3.

    Columns ``source`` (WDI or WEO), ``code`` (as in the source file), ``iso3`` (ISO-style
    code of an economy, blank for aggregates), ``name``, ``kind`` ('economy' or
    'aggregate'), ``note``. One row per (source, code).
    """
    frame = validate.read_text_csv(path, AREA_CODE_COLUMNS)
    validate.allowed(frame, "source", {"WDI", "WEO"}, path)
    validate.allowed(frame, "kind", AREA_KINDS, path)
    validate.unique_key(frame, ["source", "code"], path)
    no_code = (frame.kind == "economy") & (frame.iso3 == "")
    if no_code.any():
        index = no_code.idxmax()
        raise InputDataError(
            path, "an economy needs its iso3 code", column="iso3", row=int(frame.at[index, ROW])
        )
    return frame.drop(columns=ROW)


# --------------------------------------------------------------------------------------
# World Bank WDI GDP
# --------------------------------------------------------------------------------------


def read_wdi_gdp(path: str | Path, area_codes: pd.DataFrame) -> pd.DataFrame:
    """Read the datahub copy of WDI GDP in current US dollars.

    Output (key ``WDI_KEY``: wdi_code, year):

    - ``wdi_code``: the World Bank code as in the file
    - ``iso3``: ISO3 code of an economy (the World Bank's own code for Kosovo XKX and the
      Channel Islands CHI, listed in the area table); NA for aggregates
    - ``area_name``: name as in the file; ``area_kind``: 'economy' or 'aggregate' (World
      Bank regions, income and lending groups, World)
    - ``year`` (int); ``gdp_usd``: GDP in current US dollars (not millions), > 0
    - ``source``; ``source_file``: this file's name

    Checks: those of ``read_wdi_indicator``, GDP positive.
    """
    frame = read_wdi_indicator(path, area_codes, "gdp_usd", "GDP in current US dollars")
    out = frame.assign(source=SOURCE_WDI, source_file=source_files.name_of(path))
    return out[WDI_COLUMNS].sort_values(WDI_KEY).reset_index(drop=True)


def read_wdi_indicator(
    path: str | Path,
    area_codes: pd.DataFrame,
    value_column: str,
    what: str,
    *,
    allow_zero: bool = False,
) -> pd.DataFrame:
    """Read one WDI indicator as the datahub repositories redistribute it (CSV ``Country
    Name, Country Code, Year, Value``), economies and World Bank aggregates mixed.

    Returns the columns ``wdi_code``, ``iso3``, ``area_name``, ``area_kind``, ``year`` and
    ``value_column`` (the file's ``Value`` as it is, never rescaled) and the source row
    numbers (``validate.ROW``), in the file's order.

    Checks: header, numbers, years 1960-2100, one row per key, one name per code, values
    positive (``allow_zero``: not negative; ``what`` names the value in the message); every
    code is either in ``area_codes`` (source WDI) or is the ISO3 code that country_converter
    gives for the row's name (a name and code that disagree stop the job).
    """
    frame = validate.read_text_csv(path, WDI_FILE_COLUMNS)
    frame["year"] = _year(frame, "Year", path, 1960, 2100)
    frame[value_column] = validate.numeric(frame, "Value", path, allow_missing=False)
    _positive(frame, value_column, path, what, "Value", allow_zero=allow_zero)
    validate.unique_key(frame, ["Country Code", "year"], path)
    frame = frame.rename(columns={"Country Name": "area_name", "Country Code": "wdi_code"})
    names = frame.drop_duplicates(["wdi_code", "area_name"])
    two_names = names.duplicated("wdi_code", keep=False)
    if two_names.any():
        index = names.index[two_names][-1]
        raise InputDataError(
            path,
            f"code {frame.at[index, 'wdi_code']!r} has more than one name "
            f"({sorted(names[names.wdi_code == frame.at[index, 'wdi_code']].area_name)})",
            column="Country Name",
            row=int(frame.at[index, ROW]),
        )
    table = area_codes[area_codes.source == "WDI"].set_index("code")
    kinds, iso3 = _classify_wdi(path, names, table)
    return frame.assign(
        area_kind=frame.wdi_code.map(kinds),
        iso3=frame.wdi_code.map(iso3).astype("string"),
    )[["wdi_code", "iso3", "area_name", "area_kind", "year", value_column, ROW]]


def _classify_wdi(path, names: pd.DataFrame, table: pd.DataFrame) -> tuple[dict, dict]:
    kinds, iso3 = {}, {}
    unlisted = names[~names.wdi_code.isin(table.index)]
    converted = _converter().convert(unlisted.area_name.tolist(), to="ISO3", not_found=None)
    if isinstance(converted, str):
        converted = [converted]
    for (_, row), code in zip(unlisted.iterrows(), converted, strict=True):
        if code != row.wdi_code:
            found = code if isinstance(code, str) and code != row.area_name else "no country"
            raise InputDataError(
                path,
                f"code {row.wdi_code!r} for {row.area_name!r}: country_converter gives "
                f"{found}; list the code in workflow/resources/macro_area_codes.csv if it is "
                "an aggregate or a non-ISO economy",
                column="Country Code",
                row=int(row[ROW]),
            )
        kinds[row.wdi_code], iso3[row.wdi_code] = "economy", row.wdi_code
    for code in names.wdi_code[names.wdi_code.isin(table.index)]:
        kinds[code] = table.at[code, "kind"]
        iso3[code] = table.at[code, "iso3"] or pd.NA
    return kinds, iso3


# --------------------------------------------------------------------------------------
# IMF WEO
# --------------------------------------------------------------------------------------


def read_weo(path: str | Path, area_codes: pd.DataFrame) -> pd.DataFrame:
    """Read the WEO October 2025 extract (GDP in USD, current account, growth).

    Output (key ``WEO_KEY``: weo_code, concept, year):

    - ``weo_code``: the IMF code as in the file; ``iso3``: ISO-style code of an economy (IMF
      KOS -> XKX, WBG -> PSE), NA for IMF country groups; ``area_kind``
    - ``year`` (int, 1980-2030); ``concept``: NGDPD (GDP, current prices), BCA (current
      account balance), BCA_NGDPD (current account, % of GDP), NGDP_RPCH (real GDP growth);
      ``concept_name``
    - ``value_usd_billions`` for NGDPD and BCA, ``value_percent`` for BCA_NGDPD and
      NGDP_RPCH (the other column NaN); the file's ``weo_unit``/``weo_scale_power_of_10``
      must be USD/9 and PT/0 respectively (never rescaled)
    - ``last_actual_date`` as in the file (e.g. '2024', 'FY2024/25'); ``last_actual_year``
      its first year; ``is_projection``: True for years after the last actual year (IMF
      projections or estimates), False before; NA where the file gives no last actual
      date (every IMF country group except G163)
    - ``source``; ``source_file``: this file's name

    Checks: header, allowed concepts, unit and scale per concept, numbers, one row per key,
    NGDPD > 0, the projection flag agrees with the last actual date, and for economies
    BCA_NGDPD = 100 x BCA / NGDPD within the rounding of the three printed values (3
    decimals). Country groups are not checked this way: their ratio is over a different
    set of members.
    """
    columns = [
        "iso3",
        "weo_concept",
        "weo_unit",
        "weo_scale_power_of_10",
        "year",
        "value",
        "last_actual_date",
        "is_projection_or_estimate",
    ]
    frame = validate.read_text_csv(path, columns)
    validate.allowed(frame, "weo_concept", set(WEO_CONCEPTS), path)
    frame["year"] = _year(frame, "year", path, 1980, 2030)
    frame["value"] = validate.numeric(frame, "value", path, allow_missing=False)
    frame["scale"] = validate.numeric(frame, "weo_scale_power_of_10", path, allow_missing=False)
    for concept, (unit, scale, _, _) in WEO_CONCEPTS.items():
        rows = frame[frame.weo_concept == concept]
        bad = (rows.weo_unit != unit) | (rows.scale != scale)
        if bad.any():
            index = bad.idxmax()
            raise InputDataError(
                path,
                f"{concept} in unit {frame.at[index, 'weo_unit']!r} x 10^"
                f"{frame.at[index, 'weo_scale_power_of_10']}: expected {unit} x 10^{scale:g}; "
                "values are never rescaled silently",
                column="weo_unit"
                if frame.at[index, "weo_unit"] != unit
                else "weo_scale_power_of_10",
                row=int(frame.at[index, ROW]),
            )
    validate.unique_key(frame, ["iso3", "weo_concept", "year"], path)
    frame = frame.rename(columns={"iso3": "weo_code", "weo_concept": "concept"})
    _positive(frame[frame.concept == "NGDPD"], "value", path, "GDP in current US dollars", "value")
    table = area_codes[area_codes.source == "WEO"].set_index("code")
    kinds, iso3 = _classify_weo(path, frame, table)
    frame["area_kind"] = frame.weo_code.map(kinds)
    frame["iso3"] = frame.weo_code.map(iso3).astype("string")
    frame["last_actual_year"], frame["is_projection"] = _projection_flags(path, frame)
    for column in ("value_usd_billions", "value_percent"):
        frame[column] = frame.value.where(
            frame.concept.map(lambda c, col=column: WEO_CONCEPTS[c][2] == col)
        )
    frame["concept_name"] = frame.concept.map(lambda c: WEO_CONCEPTS[c][3])
    _check_current_account_share(path, frame)
    out = frame.assign(source=SOURCE_WEO, source_file=source_files.name_of(path))
    return out[WEO_COLUMNS].sort_values(WEO_KEY).reset_index(drop=True)


def _classify_weo(path, frame: pd.DataFrame, table: pd.DataFrame) -> tuple[dict, dict]:
    kinds, iso3 = {}, {}
    codes = frame.drop_duplicates("weo_code")
    unlisted = codes[~codes.weo_code.isin(table.index)]
    names = _converter().convert(
        unlisted.weo_code.tolist(), src="ISO3", to="name_short", not_found=None
    )
    if isinstance(names, str):
        names = [names]
    for (_, row), name in zip(unlisted.iterrows(), names, strict=True):
        if name == row.weo_code or not isinstance(name, str):
            raise InputDataError(
                path,
                f"code {row.weo_code!r} is not an ISO3 code and not in "
                "workflow/resources/macro_area_codes.csv (source WEO)",
                column="iso3",
                row=int(row[ROW]),
            )
        kinds[row.weo_code], iso3[row.weo_code] = "economy", row.weo_code
    for code in codes.weo_code[codes.weo_code.isin(table.index)]:
        kinds[code] = table.at[code, "kind"]
        iso3[code] = table.at[code, "iso3"] or pd.NA
    return kinds, iso3


def _projection_flags(path, frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    text = frame.last_actual_date.str.strip()
    match = text.str.extract(r"^(?:FY)?(\d{4})(?:/\d{2})?$")[0]
    bad = (text != "") & match.isna()
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"last_actual_date {text[index]!r} is not 'YYYY' or 'FYYYYY/YY'",
            column="last_actual_date",
            row=int(frame.at[index, ROW]),
        )
    validate.allowed(frame, "is_projection_or_estimate", {"True", "False", ""}, path)
    last_year = pd.to_numeric(match).astype("Int64")
    flag = frame.is_projection_or_estimate.map({"True": True, "False": False, "": pd.NA})
    flag = flag.astype("boolean")
    # a blank flag only where the file gives no last actual date (the IMF country groups)
    inconsistent = (flag.isna() != last_year.isna()) | (
        flag.notna() & last_year.notna() & (flag != (frame.year > last_year))
    )
    if inconsistent.fillna(False).any():
        index = inconsistent.fillna(False).idxmax()
        raise InputDataError(
            path,
            f"is_projection_or_estimate {frame.at[index, 'is_projection_or_estimate']!r} for "
            f"{frame.at[index, 'year']} disagrees with last_actual_date "
            f"{frame.at[index, 'last_actual_date']!r} (projection = year after the last "
            "actual year)",
            column="is_projection_or_estimate",
            row=int(frame.at[index, ROW]),
        )
    return last_year, flag


def _check_current_account_share(path, frame: pd.DataFrame) -> None:
    economies = frame[frame.area_kind == "economy"]
    wide = economies.pivot_table(
        index=["weo_code", "year"], columns="concept", values="value", aggfunc="first"
    )
    rows = economies.pivot_table(
        index=["weo_code", "year"], columns="concept", values=ROW, aggfunc="first"
    )
    if not {"BCA", "NGDPD", "BCA_NGDPD"} <= set(wide.columns):
        return
    half = 0.0005  # half a unit of the 3rd decimal, the precision of every value
    gdp, balance = wide.NGDPD, wide.BCA
    # the error bound of 100 * B / N when B and N are each off by up to `half`
    tolerance = 100 * (half / gdp + balance.abs() * half / gdp**2) + half
    expected = 100 * balance / gdp
    broken = ((wide.BCA_NGDPD - expected).abs() > tolerance * 1.01).fillna(False)
    if broken.any():
        key = broken.idxmax()
        raise InputDataError(
            path,
            f"BCA_NGDPD = 100 x BCA / NGDPD fails for {key}: {wide.at[key, 'BCA_NGDPD']} vs "
            f"{expected[key]:.3f} (tolerance {tolerance[key]:.4f} from 3-decimal rounding)",
            column="value",
            row=int(rows.at[key, "BCA_NGDPD"]),
        )


# --------------------------------------------------------------------------------------
# Federal Reserve H.10 annual exchange rates
# --------------------------------------------------------------------------------------


def units_per_usd(rate: float | pd.Series, quotation: str) -> float | pd.Series:
    """A rate as currency units per US dollar, from the quotation it is published in.

    'units_per_usd' is returned unchanged; 'usd_per_unit' (how H.10 publishes AUD, EUR, NZD
    and GBP) is inverted. Any other quotation, or a rate that is not positive, is an error.
    """
    if quotation not in QUOTATIONS:
        raise ValueError(f"quotation {quotation!r} is not one of {sorted(QUOTATIONS)}")
    values = pd.Series(rate) if not isinstance(rate, pd.Series) else rate
    if (values <= 0).any() or values.isna().any():
        raise ValueError("an exchange rate must be a positive number")
    if quotation == "units_per_usd":
        return rate
    return 1.0 / rate


def read_fed_h10_annual(path: str | Path) -> pd.DataFrame:
    """Read the datahub copy of the Fed H.10 annual average exchange rates.

    Output (key ``FX_KEY``: currency, year):

    - ``country`` (as in the file, e.g. 'Euro', 'South Korea'), ``currency`` (ISO 4217;
      Venezuela's series spans three redenominations and is labelled as such)
    - ``year`` (int); ``units_per_usd``: currency units per US dollar, annual average
      (e.g. CNY per USD), converted by ``units_per_usd`` from ``quotation_as_published``
      ('units_per_usd' for every series of this vintage, see ``H10_QUOTATION``)
    - ``note`` (why a series needs care), ``source``; ``source_file``: this file's name

    Checks: header, dates 'YYYY-01-01', known countries, positive numbers, one row per key,
    and the anchors ``H10_ANCHORS`` (a value near the inverse of an anchor means the series
    is published as US dollars per unit, and the quotation table must say so).
    """
    frame = validate.read_text_csv(path, ["Date", "Country", "Exchange rate"])
    bad = ~frame.Date.str.fullmatch(r"(19|20)\d\d-01-01")
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"date {frame.at[index, 'Date']!r} is not the 'YYYY-01-01' of an annual average",
            column="Date",
            row=int(frame.at[index, ROW]),
        )
    frame["year"] = frame.Date.str[:4].astype(int)
    validate.allowed(frame, "Country", set(H10_CURRENCIES), path)
    frame["rate"] = validate.numeric(frame, "Exchange rate", path, allow_missing=False)
    _positive(frame, "rate", path, "an exchange rate", "Exchange rate")
    validate.unique_key(frame, ["Country", "year"], path)  # one currency per country
    frame["currency"] = frame.Country.map(H10_CURRENCIES)
    frame["quotation_as_published"] = frame.currency.map(H10_QUOTATION)
    frame["units_per_usd"] = np.nan
    for quotation, rows in frame.groupby("quotation_as_published"):
        frame.loc[rows.index, "units_per_usd"] = units_per_usd(rows.rate, quotation)
    _check_anchors(path, frame)
    notes = {
        "VES/VEF (mixed redenominations)": "bolivar series across the 2008, 2018 and 2021 "
        "redenominations: not comparable over time",
    }
    out = frame.rename(columns={"Country": "country"}).assign(
        note=frame.currency.map(notes).fillna(""),
        source=SOURCE_H10,
        source_file=source_files.name_of(path),
    )
    return out[FX_COLUMNS].sort_values(FX_KEY).reset_index(drop=True)


def _check_anchors(path, frame: pd.DataFrame) -> None:
    indexed = frame.set_index(["currency", "year"])
    for (currency, year), anchor in H10_ANCHORS.items():
        if (currency, year) not in indexed.index:
            continue
        value = indexed.at[(currency, year), "units_per_usd"]
        row = int(indexed.at[(currency, year), ROW])
        if abs(value / anchor - 1) <= ANCHOR_RELATIVE_TOLERANCE:
            continue
        if abs(value * anchor - 1) <= ANCHOR_RELATIVE_TOLERANCE:
            problem = (
                f"{currency} {year} is {value:g} per USD, the inverse of the known {anchor:g}: "
                "this series is published as USD per unit; set H10_QUOTATION"
                f"['{currency}'] = 'usd_per_unit'"
            )
        else:
            problem = (
                f"{currency} {year} is {value:g} per USD, known value {anchor:g} "
                f"(tolerance {ANCHOR_RELATIVE_TOLERANCE:.0%}): wrong series or vintage"
            )
        raise InputDataError(path, problem, column="Exchange rate", row=row)


def rate_series(fx: pd.DataFrame, currency: str) -> pd.DataFrame:
    """One currency's rates as columns ``year`` and ``<currency>_per_usd`` (e.g. cny_per_usd)."""
    rows = fx[fx.currency == currency]
    if rows.empty:
        raise KeyError(f"currency {currency!r} not in the exchange-rate table")
    column = re.sub(r"[^a-z]+", "_", currency.lower()).strip("_") + "_per_usd"
    return (
        rows[["year", "units_per_usd"]]
        .rename(columns={"units_per_usd": column})
        .reset_index(drop=True)
    )
