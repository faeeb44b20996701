"""NBS provincial annual data (分省年度数据, database fsnd): total trade by province.

Two indicators, each a CSV scraped from the NBS "国家数据" easyquery API (see
../shared/data/gvc_province/SOURCES.md):

- A060101 经营单位所在地进出口总额: exports + imports by location of the trading unit;
- A060201 境内目的地和货源地进出口总额: exports + imports by domestic destination (of imports)
  and source (of exports) of the goods.

Columns: requested_code, indicator_code, indicator_name, region_code, region_name, year,
value, display_value, has_data; UTF-8 (with or without a byte-order mark), one row per
province and year. The unit, USD thousand (千美元), is NBS's for these indicators; the file
does not repeat it, so ``read_nbs_indicator`` checks that each year's national sum is of
the size of China's goods trade (see ``NATIONAL_SUM_RANGE_USD_THOUSANDS``).

The files carry no national-total row. The provinces' sums are therefore checked against
each other (both indicators distribute the same national trade) in
``read_nbs_province_trade``, and against the national totals of SOURCES.md in the tests.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.validate import ROW

# indicator code -> (definition in the canonical table, the indicator's name in the file)
INDICATORS = {
    "A060101": ("location_of_trading_unit", "经营单位所在地进出口总额"),
    "A060201": ("domestic_destination_source", "境内目的地和货源地进出口总额"),
}
COLUMNS = [
    "requested_code",
    "indicator_code",
    "indicator_name",
    "region_code",
    "region_name",
    "year",
    "value",
    "display_value",
    "has_data",
]
PROVINCE_COLUMNS = ["province_code", "name_zh", "name_en", "iso_3166_2"]
SOURCE = "NBS fsnd (分省年度数据), from GACC customs statistics"

# China's goods trade (exports + imports) was USD 3.7-6.3 trillion a year in 2016-2024. A
# national sum outside USD 1-10 trillion means the file is not in USD thousand (a file in USD
# 10 thousand, 万美元, would sum to USD 0.4-0.6 trillion) or is damaged.
NATIONAL_SUM_RANGE_USD_THOUSANDS = (1e9, 1e10)
# NBS rounds some years to USD 10 million (10,000 thousand) per province; the two
# indicators' national sums may then differ by up to half that per province and indicator.
PROVINCE_ROUNDING_USD_THOUSANDS = 10_000.0

OUTPUT_COLUMNS = [
    "province_code",
    "province_name_zh",
    "province_name_en",
    "year",
    "definition",
    "flow",
    "value_usd_thousands",
    "nbs_indicator_code",
    "source",
    "source_file",
]
KEY = ["province_code", "year", "definition", "flow"]


def read_province_table(path: str | Path) -> pd.DataFrame:
    """Read the hand-kept province table (workflow/resources/nbs_provinces.csv).

    Columns: province_code (GB/T 2260 six-digit code, as NBS's region_code), name_zh (NBS's
    region_name), name_en, iso_3166_2. Codes and both names are unique.
    """
    path = Path(path)
    table = validate.with_csv_rows(
        pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    )
    validate.require_columns(table, PROVINCE_COLUMNS, path)
    bad = ~table["province_code"].str.fullmatch(r"\d{6}")
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"code {table.at[index, 'province_code']!r} is not a six-digit GB/T 2260 code",
            column="province_code",
            row=int(table.at[index, ROW]),
        )
    for column in ("province_code", "name_zh", "name_en"):
        validate.unique_key(table, [column], path)
    return table.drop(columns=ROW)


def _read_text(path: Path) -> str:
    return validate.read_utf8_text(
        path,
        "an NBS indicator CSV",
        "the NBS scrape is UTF-8 (was it re-saved as GBK/GB18030?)",
    )


def _read_rows(path: Path) -> pd.DataFrame:
    reader = csv.reader(io.StringIO(_read_text(path)))
    header = next(reader)
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise InputDataError(
            path,
            f"required column(s) {missing} not found; the header has {header} "
            "(expected the NBS easyquery scrape's columns)",
            column=missing[0],
            row=1,
        )
    records, lines = [], []
    for fields in reader:
        if not any(field.strip() for field in fields):
            continue  # a blank (trailing) line carries nothing
        if len(fields) != len(header):
            raise InputDataError(
                path,
                f"the line has {len(fields)} fields, expected {len(header)} (truncated or "
                "misaligned line)",
                column=header[min(len(fields), len(header) - 1)],
                row=reader.line_num,
            )
        records.append(fields)
        lines.append(reader.line_num)
    if not records:
        raise InputDataError(path, "no data rows after the header", row=2)
    frame = pd.DataFrame(records, columns=header)[COLUMNS]
    frame[ROW] = lines
    return frame


def read_nbs_indicator(path: str | Path, provinces: pd.DataFrame) -> pd.DataFrame:
    """Read one NBS fsnd indicator file (A060101 or A060201) into the canonical table.

    ``provinces`` is ``read_province_table``'s result. Returns one row per (province_code,
    year, definition, flow), sorted by that key:

    - ``province_code`` (str): six-digit GB/T 2260 code (NBS region_code), e.g. ``440000``
    - ``province_name_zh``, ``province_name_en`` (str)
    - ``year`` (int)
    - ``definition``: ``location_of_trading_unit`` (A060101) or ``domestic_destination_source``
      (A060201)
    - ``flow``: ``total`` (exports plus imports; the files have no separate flows)
    - ``value_usd_thousands`` (float): USD thousand (千美元), current prices; NBS gives
      decimals in some years and rounds others to USD 10 million
    - ``nbs_indicator_code``, ``source``, ``source_file``

    Checked: columns; one indicator per file, with its NBS name; region codes and names agree
    with the province table; has_data is True; values are numbers >= 0 and display_value is
    the value rounded to a whole USD thousand (within 0.5); one row per province and year and
    every province present in every year; each year's national sum in USD 1-10 trillion.
    """
    path = Path(path)
    frame = _read_rows(path)

    validate.allowed(frame, "indicator_code", INDICATORS, path)
    code = frame["indicator_code"].iloc[0]
    definition, name = INDICATORS[code]
    for column, expected in (
        ("indicator_code", code),
        ("requested_code", code),
        ("indicator_name", name),
    ):
        other = frame[column] != expected
        if other.any():
            index = other.idxmax()
            raise InputDataError(
                path,
                f"value {frame.at[index, column]!r}, expected {expected!r}: one NBS "
                f"indicator per file (the first row holds {code})",
                column=column,
                row=int(frame.at[index, ROW]),
            )

    by_code = provinces.set_index("province_code")
    unknown = ~frame["region_code"].isin(by_code.index)
    if unknown.any():
        index = unknown.idxmax()
        raise InputDataError(
            path,
            f"region code {frame.at[index, 'region_code']!r} "
            f"({frame.at[index, 'region_name']}) is not a province in "
            "workflow/resources/nbs_provinces.csv",
            column="region_code",
            row=int(frame.at[index, ROW]),
        )
    expected_names = frame["region_code"].map(by_code["name_zh"])
    renamed = frame["region_name"] != expected_names
    if renamed.any():
        index = renamed.idxmax()
        raise InputDataError(
            path,
            f"region name {frame.at[index, 'region_name']!r} does not match the province "
            f"table's {expected_names[index]!r} for code {frame.at[index, 'region_code']}",
            column="region_name",
            row=int(frame.at[index, ROW]),
        )

    bad_year = ~frame["year"].str.fullmatch(r"(19|20)\d\d")
    if bad_year.any():
        index = bad_year.idxmax()
        raise InputDataError(
            path,
            f"year {frame.at[index, 'year']!r} is not a four-digit year",
            column="year",
            row=int(frame.at[index, ROW]),
        )
    # Checked while the labels are still text, so a message shows the key as the file does.
    validate.unique_key(frame, ["region_code", "year"], path)
    frame["year"] = frame["year"].astype(int)
    # NBS marks cells it has no figure for with has_data False: there is no value to keep,
    # and the national sums need every province.
    no_data = frame["has_data"] != "True"
    if no_data.any():
        index = no_data.idxmax()
        raise InputDataError(
            path,
            f"has_data is {frame.at[index, 'has_data']!r}, expected 'True': NBS has no figure "
            f"for {frame.at[index, 'region_name']} in {frame.at[index, 'year']}",
            column="has_data",
            row=int(frame.at[index, ROW]),
        )

    frame["value"] = validate.numeric(frame, "value", path, allow_missing=False)
    frame["display_value"] = validate.numeric(frame, "display_value", path, allow_missing=False)
    validate.non_negative(frame, "value", path)
    validate.identity(
        frame,
        "display_value",
        frame["value"],
        path,
        rule="display_value = value rounded to a whole USD thousand",
        absolute=0.5 + 1e-6,
    )

    _check_every_province(frame, provinces, path)
    _check_national_size(frame, path)

    out = pd.DataFrame(
        {
            "province_code": frame["region_code"],
            "province_name_zh": frame["region_name"],
            "province_name_en": frame["region_code"].map(by_code["name_en"]),
            "year": frame["year"],
            "definition": definition,
            "flow": "total",
            "value_usd_thousands": frame["value"].astype(float),
            "nbs_indicator_code": code,
            "source": SOURCE,
            "source_file": path.name,
        }
    )
    return out[OUTPUT_COLUMNS].sort_values(KEY).reset_index(drop=True)


def _check_every_province(frame: pd.DataFrame, provinces: pd.DataFrame, path: Path) -> None:
    """Every province in every year: a missing province would understate the national sum."""
    present = set(zip(frame["region_code"], frame["year"], strict=True))
    for year in sorted(frame["year"].unique()):
        for province, name in zip(provinces["province_code"], provinces["name_zh"], strict=True):
            if (province, year) not in present:
                raise InputDataError(
                    path,
                    f"province {province} ({name}) has no row for {year}; every province "
                    "is needed in every year (truncated file?)",
                    column="region_code",
                    row=f"with key (region_code={province}, year={year})",
                )


def _check_national_size(frame: pd.DataFrame, path: Path) -> None:
    low, high = NATIONAL_SUM_RANGE_USD_THOUSANDS
    sums = frame.groupby("year")["value"].sum()
    for year, total in sums.items():
        if not low <= total <= high:
            raise InputDataError(
                path,
                f"the provinces sum to {total:,.0f} in {year}, outside USD 1-10 trillion "
                "expressed in USD thousand; is the file in another unit (e.g. 万美元) or "
                "damaged?",
                column="value",
                row=f"for year {year}",
            )


def read_nbs_province_trade(
    location_path: str | Path, destination_path: str | Path, provinces: pd.DataFrame
) -> pd.DataFrame:
    """Read both NBS indicators into one table (columns and key as ``read_nbs_indicator``).

    ``location_path`` must hold A060101, ``destination_path`` A060201. Both must cover the
    same years, and, since both distribute the same national trade across provinces, their
    national sums must agree each year within the rounding bound: 31 provinces x 2 indicators
    x half of USD 10 million = USD 310,000 thousand.
    """
    tables = {}
    for path, code in ((location_path, "A060101"), (destination_path, "A060201")):
        table = read_nbs_indicator(path, provinces)
        found = table["nbs_indicator_code"].iloc[0]
        if found != code:
            raise InputDataError(
                path,
                f"holds indicator {found}, expected {code} ({INDICATORS[code][0]})",
                column="indicator_code",
                row=2,
            )
        tables[code] = table
    location, destination = tables["A060101"], tables["A060201"]
    location_years, destination_years = set(location["year"]), set(destination["year"])
    if location_years != destination_years:
        raise InputDataError(
            destination_path,
            f"covers years {sorted(destination_years)} but {Path(location_path).name} covers "
            f"{sorted(location_years)}; both indicators must cover the same years",
            column="year",
        )
    sums = pd.DataFrame(
        {
            "location": location.groupby("year")["value_usd_thousands"].sum(),
            "destination": destination.groupby("year")["value_usd_thousands"].sum(),
        }
    )
    tolerance = len(provinces) * 2 * PROVINCE_ROUNDING_USD_THOUSANDS / 2
    gap = (sums["destination"] - sums["location"]).abs()
    if (gap > tolerance).any():
        year = int(gap.idxmax())
        raise InputDataError(
            destination_path,
            f"national sum {sums.at[year, 'destination']:,.1f} differs from "
            f"{sums.at[year, 'location']:,.1f} in {Path(location_path).name} by "
            f"{gap[year]:,.1f} (tolerance {tolerance:,.0f}); the provinces of both "
            "indicators must sum to the same national total",
            column="value",
            row=f"for year {year}",
        )
    combined = pd.concat([location, destination], ignore_index=True)
    return combined.sort_values(KEY).reset_index(drop=True)


def national_sums(table: pd.DataFrame) -> pd.DataFrame:
    """Sum the provinces per year, definition and flow (column ``value_usd_thousands``)."""
    return (
        table.groupby(["year", "definition", "flow"], as_index=False)["value_usd_thousands"]
        .sum()
        .astype({"value_usd_thousands": float})
    )
