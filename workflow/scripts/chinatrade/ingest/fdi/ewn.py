"""Lane & Milesi-Ferretti, External Wealth of Nations: FDI assets and liabilities by economy."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest.fdi.positions import (
    BLANK,
    EWN_ASSETS,
    EWN_LIABILITIES,
    MARKET_OR_MIXED,
    NAME_TABLE,
    REPORTED,
    _code_and_kind,
    _finish,
    read_name_table,
)
from chinatrade.ingest.workbook import column_letter, read_sheets

EWN_SOURCE = "Lane and Milesi-Ferretti, External Wealth of Nations database (2022-12-12)"


EWN_SHEET = "Dataset"
EWN_UNIT_SHEET = "Variables"
EWN_UNIT_TEXT = "All variables are reported in millions of current US dollars"
EWN_KEY_COLUMNS = ("Country", "IFS_Code", "Year")
EWN_FDI = {"FDI assets": EWN_ASSETS, "FDI liabilities": EWN_LIABILITIES}
# Totals and their parts (the workbook's totals equal the sum of the parts it reports).
EWN_TOTALS = {
    "Total assets excl. gold": (
        "Portfolio equity assets",
        "FDI assets",
        "Debt assets",
        "financial derivatives (assets)",
        "FX Reserves minus gold",
    ),
    "Total liabilities": (
        "Portfolio equity liabilities",
        "FDI liabilities",
        "Debt liabilities",
        "financial derivatives (liabilities)",
    ),
}


def read_ewn_fdi(path: str | Path, names: pd.DataFrame | None = None) -> pd.DataFrame:
    """FDI assets and liabilities (stocks) of every EWN economy, 1970-2021.

    Returns ``POSITION_COLUMNS`` with one row per (measure, investor_iso3, host_iso3, year):
    'ewn_fdi_assets' = the economy's outward stock (``investor_iso3`` the economy,
    ``host_iso3`` 'WORLD'), 'ewn_fdi_liabilities' = its inward stock (``investor_iso3``
    'WORLD', ``host_iso3`` the economy). Economies are ISO3 codes, or codes from the name table
    for the euro area and the ECCU (kind 'aggregate') and the Netherlands Antilles
    ('historical'). ``position_usd_millions`` in millions of current US dollars at end of year
    (the unit stated on the "Variables" sheet is checked); a few are negative (BPM5
    directional data, e.g. Iceland 1988). An empty cell means EWN has no estimate for that
    economy and year: it is kept as NaN with ``value_flag`` 'blank'. ``valuation_basis`` is
    'market_or_mixed': EWN follows each economy's IIP (market value for the United States).

    Checks: sheet and header names, numbers in every value cell, one row per (IFS code, year)
    and one name per code, and the workbook's identities "Total assets excl. gold" = sum of its
    reported parts (and the same for "Total liabilities"), within 0.01 USD millions.
    """
    path = Path(path)
    names = read_name_table() if names is None else names
    sheet_rows = read_sheets(
        path, [EWN_SHEET, EWN_UNIT_SHEET], "Is this the External Wealth of Nations workbook?"
    )
    unit_texts = [
        str(value) for row in sheet_rows[EWN_UNIT_SHEET] for value in row if value is not None
    ]
    if not any(EWN_UNIT_TEXT in text for text in unit_texts):
        raise InputDataError(
            path,
            f"the sentence '{EWN_UNIT_TEXT}' is not on the sheet; values are never "
            "rescaled silently",
            sheet=EWN_UNIT_SHEET,
        )
    frame = _ewn_frame(path, sheet_rows[EWN_SHEET])
    return _ewn_positions(path, frame, names)


def _ewn_frame(path: Path, rows: list[tuple]) -> pd.DataFrame:
    if not rows:
        raise InputDataError(path, "the sheet is empty", sheet=EWN_SHEET)
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    needed = [*EWN_KEY_COLUMNS, *EWN_TOTALS, *{p for parts in EWN_TOTALS.values() for p in parts}]
    missing = [column for column in needed if column not in header]
    if missing:
        raise InputDataError(
            path,
            f"required column(s) {missing} not found in the header row; found {header}",
            sheet=EWN_SHEET,
            column=missing[0],
            row=1,
        )
    positions = {column: header.index(column) for column in needed}
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if all(cell is None for cell in row):
            continue
        record = {validate.ROW: number}
        for column, position in positions.items():
            value = row[position] if position < len(row) else None
            record[column] = _ewn_cell(path, column, position, number, value)
        records.append(record)
    if not records:
        raise InputDataError(path, "no data rows below the header", sheet=EWN_SHEET, row=2)
    frame = pd.DataFrame.from_records(records)
    for column in ("IFS_Code", "Year"):
        frame[column] = frame[column].astype(int)
    bad_year = ~frame["Year"].between(1950, 2100)
    if bad_year.any():
        index = bad_year.idxmax()
        raise InputDataError(
            path,
            f"year {frame.at[index, 'Year']} is outside 1950-2100",
            sheet=EWN_SHEET,
            column="Year",
            row=int(frame.at[index, validate.ROW]),
        )
    validate.unique_key(frame, ["IFS_Code", "Year"], path, sheet=EWN_SHEET)
    for key, other in (("IFS_Code", "Country"), ("Country", "IFS_Code")):
        pairs = frame.drop_duplicates([key, other])
        clash = pairs.duplicated(key, keep="first")
        if clash.any():
            index = clash.idxmax()
            raise InputDataError(
                path,
                f"{key} {frame.at[index, key]!r} comes with two values of {other}; one "
                f"{other} per {key}",
                sheet=EWN_SHEET,
                column=other,
                row=int(frame.at[index, validate.ROW]),
            )
    for total, parts in EWN_TOTALS.items():
        # EWN's totals add the parts it reports; a missing part counts as zero.
        present = frame[list(parts)].notna().any(axis=1)
        expected = frame[list(parts)].sum(axis=1).where(present)
        validate.identity(
            frame,
            total,
            expected,
            path,
            rule=f"'{total}' = sum of {list(parts)}",
            absolute=0.01,
            relative=1e-9,
            sheet=EWN_SHEET,
        )
    return frame


def _ewn_cell(path: Path, column: str, position: int, row: int, value):
    """A Dataset cell: text in the name column, integers in code/year, numbers elsewhere."""
    where = {"sheet": EWN_SHEET, "column": column, "row": row}
    if column == "Country":
        if not isinstance(value, str) or not value.strip():
            raise InputDataError(path, f"economy name {value!r} is missing", **where)
        return value.strip()
    if column in ("IFS_Code", "Year"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
            raise InputDataError(path, f"value {value!r} is not an integer", **where)
        return int(value)
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isinf(value):
        raise InputDataError(
            path,
            f"value {value!r} in cell {column_letter(position + 1)}{row} is not a number",
            **where,
        )
    return float(value)


def _ewn_positions(path: Path, frame: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    codes = {}
    for name, row in frame.drop_duplicates("Country")[["Country", validate.ROW]].itertuples(
        index=False
    ):
        mapped = _code_and_kind(name, "", names)
        if mapped is None:
            raise InputDataError(
                path,
                f"economy {name!r} matches no country (country_converter) and is not in "
                f"{NAME_TABLE.name}; add it there with its code and kind",
                sheet=EWN_SHEET,
                column="Country",
                row=int(row),
            )
        codes[name] = mapped
    code = frame["Country"].map(lambda name: codes[name][0])
    kind = frame["Country"].map(lambda name: codes[name][1])
    pieces = []
    for column, measure in EWN_FDI.items():
        outward = measure == EWN_ASSETS
        value = frame[column]
        pieces.append(
            pd.DataFrame(
                {
                    "measure": measure,
                    "investor_iso3": code if outward else "WORLD",
                    "host_iso3": "WORLD" if outward else code,
                    "year": frame["Year"],
                    "position_usd_millions": value,
                    "value_flag": value.notna().map({True: REPORTED, False: BLANK}),
                    "investor_kind": kind if outward else "aggregate",
                    "host_kind": "aggregate" if outward else kind,
                    "valuation_basis": MARKET_OR_MIXED,
                    "source_label": frame["Country"],
                    "source_area_path": "",
                    "source": EWN_SOURCE,
                    "source_file": path.name,
                    validate.ROW: frame[validate.ROW],
                }
            )
        )
    return _finish(pd.concat(pieces, ignore_index=True), path, sheet=EWN_SHEET)
