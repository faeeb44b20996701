"""FDI check values typed from web pages, read as a checks table (never as data)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest import source_files
from chinatrade.ingest.fdi.positions import (
    FDIUS,
    NAME_TABLE,
    USDIA,
    _code_and_kind,
    read_name_table,
)

CHECK_COLUMNS = [
    "check_file",
    "series",
    "investor_name",
    "host_name",
    "investor_iso3",
    "host_iso3",
    "year",
    "value",
    "unit",
    "value_usd_millions",
    "comparable_measure",
    "source_url",
    "note",
    "source_file",
]
CHECK_KEY = ["check_file", "series", "investor_iso3", "host_iso3", "year"]
# Stated unit -> USD millions per unit. The unit column is read, never guessed.
CHECK_UNITS = {"USD millions": 1.0, "USD billions": 1000.0, "USD billion": 1000.0}
# Series whose text starts so are BEA positions comparable with a measure of this module.
CHECK_SERIES_MEASURE = {"USDIA position": USDIA, "FDIUS position": FDIUS}


def read_fdi_check_values(path: str | Path, names: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reference numbers typed from published pages, as a checks table (never as data).

    Reads ``fdi/check_values_transcribed_from_pages.csv`` (URL column ``source``) or
    ``series/fdi_check_values_transcribed_series_hunt.csv`` (``source_url``). Returns
    ``CHECK_COLUMNS``, one row per (check_file, series, investor_iso3, host_iso3, year):
    ``value`` and ``unit`` as typed; ``value_usd_millions`` = value x 1000 for 'USD billion(s)'
    (float); ``investor_iso3``/``host_iso3`` codes ('WORLD' for "All countries"/"World");
    ``comparable_measure`` the positions measure the value can be compared with
    ('us_direct_investment_abroad', 'fdi_in_us') or '' (MOFCOM, UNCTAD and flow figures);
    ``source_file`` the file's name (as ``check_file``: the raw file of every row).
    Checks: columns, numbers, known units, positive values, unique key.
    """
    path = Path(path)
    names = read_name_table() if names is None else names
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except pd.errors.EmptyDataError as error:
        raise InputDataError(path, "the file is empty") from error
    except UnicodeDecodeError as error:
        raise InputDataError(path, f"not UTF-8 text ({error})") from error
    frame = validate.with_csv_rows(frame)
    if "source_url" not in frame.columns and "source" in frame.columns:
        frame = frame.rename(columns={"source": "source_url"})
    validate.require_columns(
        frame, ["series", "investor", "host", "year", "value", "unit", "source_url", "note"], path
    )
    for column in ("series", "investor", "host", "source_url"):
        empty = frame[column].str.strip() == ""
        if empty.any():
            index = empty.idxmax()
            raise InputDataError(
                path, "value is missing", column=column, row=int(frame.at[index, validate.ROW])
            )
    frame["year"] = validate.numeric(frame, "year", path, allow_missing=False)
    not_year = (frame["year"] % 1 != 0) | ~frame["year"].between(1950, 2100)
    if not_year.any():
        index = not_year.idxmax()
        raise InputDataError(
            path,
            f"year {frame.at[index, 'year']!r} is not a year",
            column="year",
            row=int(frame.at[index, validate.ROW]),
        )
    frame["value"] = validate.numeric(frame, "value", path, allow_missing=False)
    # Every check value is a positive stock, flow or total as published.
    validate.non_negative(frame, "value", path)
    validate.allowed(frame, "unit", CHECK_UNITS, path)
    codes = {}
    for column in ("investor", "host"):
        for name, row in frame.drop_duplicates(column)[[column, validate.ROW]].itertuples(
            index=False
        ):
            mapped = _code_and_kind(name, "", names)
            if mapped is None:
                raise InputDataError(
                    path,
                    f"name {name!r} matches no country and is not in {NAME_TABLE.name}",
                    column=column,
                    row=int(row),
                )
            codes[name] = mapped[0]
    comparable = frame["series"].map(
        lambda text: next((m for p, m in CHECK_SERIES_MEASURE.items() if text.startswith(p)), "")
    )
    out = pd.DataFrame(
        {
            "check_file": path.name,
            "series": frame["series"],
            "investor_name": frame["investor"],
            "host_name": frame["host"],
            "investor_iso3": frame["investor"].map(codes),
            "host_iso3": frame["host"].map(codes),
            "year": frame["year"].astype(int),
            "value": frame["value"],
            "unit": frame["unit"],
            "value_usd_millions": frame["value"] * frame["unit"].map(CHECK_UNITS),
            "comparable_measure": comparable,
            "source_url": frame["source_url"],
            "note": frame["note"],
            "source_file": source_files.name_of(path),
            validate.ROW: frame[validate.ROW],
        }
    )
    validate.unique_key(out, CHECK_KEY, path)
    return out.drop(columns=validate.ROW)[CHECK_COLUMNS].reset_index(drop=True)
