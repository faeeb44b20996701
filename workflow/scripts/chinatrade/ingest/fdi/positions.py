"""What every FDI source shares: the measures, the value flags (BEA symbols included), the
positions table's columns and key, the country-name table, and the last step of each
reader (:func:`_finish`); positions of several sources combined.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.partners import PARTNER_KINDS, iso3_of

NAME_TABLE = Path(__file__).resolve().parents[4] / "resources" / "fdi_country_names.csv"

USDIA = "us_direct_investment_abroad"
FDIUS = "fdi_in_us"
EWN_ASSETS = "ewn_fdi_assets"
EWN_LIABILITIES = "ewn_fdi_liabilities"
MEASURES = (USDIA, FDIUS, EWN_ASSETS, EWN_LIABILITIES)

HISTORICAL_COST = "historical_cost"
MARKET_OR_MIXED = "market_or_mixed"

# BEA symbol -> value flag. The position is missing (NaN) for every symbol. The USDIA file
# writes the dash with two, three or four hyphens (years before a country existed or was
# shown, e.g. Azerbaijan 1989-1991, Aruba 1982-1986); FDIUS uses "--" only.
BEA_SYMBOLS = {
    "(D)": "suppressed",
    "(*)": "below_half_million",
    "n.s.": "not_shown",
    "--": "not_applicable",
    "---": "not_applicable",
    "----": "not_applicable",
    "...": "not_available",
}
REPORTED = "reported"
BLANK = "blank"  # EWN: the workbook leaves the cell empty (no estimate for that year)
VALUE_FLAGS = (REPORTED, *dict.fromkeys(BEA_SYMBOLS.values()), BLANK)

POSITION_COLUMNS = [
    "measure",
    "investor_iso3",
    "host_iso3",
    "year",
    "position_usd_millions",
    "value_flag",
    "investor_kind",
    "host_kind",
    "valuation_basis",
    "source_label",
    "source_area_path",
    "source",
    "source_file",
]
POSITION_KEY = ["measure", "investor_iso3", "host_iso3", "year"]


# --- name table ---------------------------------------------------------------------------


def read_name_table(path: str | Path = NAME_TABLE) -> pd.DataFrame:
    """Read the hand-kept name -> code table for names country_converter cannot map.

    Columns ``source_name, code, kind, note``; ``source_name`` is a label as printed (footnote
    digits removed) or, for BEA's "Other" lines, the area path ("Europe > Other"). Returns the
    table indexed by ``source_name``.
    """
    path = Path(path)
    table = validate.with_csv_rows(pd.read_csv(path, dtype=str, keep_default_na=False))
    validate.require_columns(table, ["source_name", "code", "kind", "note"], path)
    validate.unique_key(table, ["source_name"], path)
    validate.allowed(table, "kind", PARTNER_KINDS - {"header"}, path)
    bad_code = ~table["code"].str.fullmatch(r"[A-Z][A-Z0-9_]*")
    if bad_code.any():
        index = bad_code.idxmax()
        raise InputDataError(
            path,
            f"code {table.at[index, 'code']!r} is not upper-case letters, digits and '_'",
            column="code",
            row=int(table.at[index, validate.ROW]),
        )
    return table.drop(columns=validate.ROW).set_index("source_name")


def _code_and_kind(name: str, area_path: str, names: pd.DataFrame) -> tuple[str, str] | None:
    """Code and kind of a label: the name table first (by path, then name), then ISO3."""
    for key in (area_path, name):
        if key and key in names.index:
            return names.at[key, "code"], names.at[key, "kind"]
    code = iso3_of(name)
    return (code, "economy") if code is not None else None


def _finish(out: pd.DataFrame, path: Path, sheet: str | None = None) -> pd.DataFrame:
    """Schema checks shared by every positions table; drops the row column."""
    validate.allowed(out, "measure", MEASURES, path, sheet=sheet)
    validate.allowed(out, "value_flag", VALUE_FLAGS, path, sheet=sheet)
    validate.allowed(out, "valuation_basis", (HISTORICAL_COST, MARKET_OR_MIXED), path, sheet=sheet)
    reported = out["value_flag"] == REPORTED
    mismatch = reported == out["position_usd_millions"].isna()
    if mismatch.any():
        index = mismatch.idxmax()
        raise InputDataError(
            path,
            "a reported value must be a number and a flagged value missing",
            sheet=sheet,
            column="position_usd_millions",
            row=int(out.at[index, validate.ROW]),
        )
    validate.unique_key(out, POSITION_KEY, path, sheet=sheet)
    out = out.drop(columns=validate.ROW)[POSITION_COLUMNS]
    return out.sort_values(POSITION_KEY, kind="stable").reset_index(drop=True)


def combine_positions(*tables: pd.DataFrame) -> pd.DataFrame:
    """Stack positions tables (from the readers above) into one; a repeated key is an error."""
    out = pd.concat(tables, ignore_index=True)[POSITION_COLUMNS]
    repeated = out.duplicated(POSITION_KEY, keep=False)
    if repeated.any():
        first = out[repeated].iloc[0]
        raise ValueError(
            f"positions tables overlap on key {dict(first[POSITION_KEY])} "
            f"({sorted(out[repeated]['source_file'].unique())}); one row per key"
        )
    return out.sort_values(POSITION_KEY, kind="stable").reset_index(drop=True)
