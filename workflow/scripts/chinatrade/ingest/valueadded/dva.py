"""WIOD 2016 release: bilateral gross exports and the domestic value added in them.

``wiod2016_bilateral_gross_exports_and_dva_2002_2014.dta`` (a Stata file of a course
repository, computed with the Stata command ``icio`` of Belotti, Borin and Mancini on the WIOD
2016 release): ``exporter``, ``importer`` (ISO3, upper case, ``ROW`` for the rest of the
world), ``year`` (2002, 2005, 2008, 2011, 2014), ``gtrade`` (gross exports), ``dva`` (the
exporter's domestic value added in those exports, the source-based decomposition of
Borin-Mancini / Koopman-Wang-Wei). USD millions, current prices, not rounded.

``dva`` is value added *in exports to j*, wherever it is finally absorbed; it is not the
exporter's value added absorbed *in j* (Johnson-Noguera's VAX). The two differ by what j
re-exports and by value added that comes back home.

The file holds every ordered pair of its 44 economies in each year, the diagonal included:
a row exporter = importer for every economy and year (e.g. USA -> USA 2014, gtrade
144,888), which SOURCES.md does not document and which is no export (an economy does not
export to itself). ``read_bilateral_dva`` checks that the grid is complete, then leaves those
44 rows a year out, and says so in the log: the canonical table has the 44 x 43 bilateral
pairs.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest import source_files
from chinatrade.validate import ROW

ECONOMIES_2016: tuple[str, ...] = (
    "AUS", "AUT", "BEL", "BGR", "BRA", "CAN", "CHE", "CHN", "CYP", "CZE", "DEU", "DNK",
    "ESP", "EST", "FIN", "FRA", "GBR", "GRC", "HRV", "HUN", "IDN", "IND", "IRL", "ITA",
    "JPN", "KOR", "LTU", "LUX", "LVA", "MEX", "MLT", "NLD", "NOR", "POL", "PRT", "ROU",
    "ROW", "RUS", "SVK", "SVN", "SWE", "TUR", "TWN", "USA",
)  # fmt: skip
FILE_COLUMNS = ["exporter", "importer", "year", "gtrade", "dva"]
DVA_COLUMNS = [
    "exporter",
    "importer",
    "year",
    "gross_exports_usd_millions",
    "domestic_value_added_in_exports_usd_millions",
    "source_file",
]
DVA_KEY = ["exporter", "importer", "year"]
FIRST_YEAR, LAST_YEAR = 2000, 2014  # the years of the WIOD 2016 release
# world gross exports of a year (the sum over pairs), USD millions: USD 2 to 60 trillion (the
# file holds 7.0 in 2002 and 20.0 in 2014); outside, the unit is wrong
WORLD_EXPORTS_RANGE = (2e6, 60e6)

log = logging.getLogger(__name__)


def _read(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_stata(path, convert_categoricals=False)
    except (ValueError, OSError) as error:
        raise InputDataError(path, f"not a readable Stata file ({error})") from error
    # rows are Stata's observations, numbered from 1 as Stata's browser shows them
    frame = frame.assign(**{ROW: np.arange(1, len(frame) + 1)})
    validate.require_columns(frame, FILE_COLUMNS, path)
    if frame.empty:
        raise InputDataError(path, "the file has no observations", row=1)
    return frame


def _codes_and_years(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    for column in ("exporter", "importer"):
        validate.allowed(frame, column, ECONOMIES_2016, path)
    years = validate.numeric(frame, "year", path, allow_missing=False)
    bad = (years % 1 != 0) | (years < FIRST_YEAR) | (years > LAST_YEAR)
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"year {frame.at[index, 'year']!r} is not a whole year of the WIOD 2016 release "
            f"({FIRST_YEAR}-{LAST_YEAR})",
            column="year",
            row=int(frame.at[index, ROW]),
        )
    return frame.assign(year=years.astype(int))


def _values(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    for column in ("gtrade", "dva"):
        frame[column] = validate.numeric(frame, column, path, allow_missing=False)
        validate.non_negative(frame, column, path)
    above = frame["dva"] > frame["gtrade"]
    if above.any():
        index = above.idxmax()
        raise InputDataError(
            path,
            f"domestic value added {frame.at[index, 'dva']:g} exceeds the gross exports "
            f"{frame.at[index, 'gtrade']:g} it is part of",
            column="dva",
            row=int(frame.at[index, ROW]),
        )
    return frame


def _check_complete(frame: pd.DataFrame, path: Path) -> None:
    """Every ordered pair of the 44 economies in every year (the diagonal included)."""
    present = set(zip(frame["exporter"], frame["importer"], frame["year"], strict=True))
    for year in sorted(frame["year"].unique()):
        for exporter in ECONOMIES_2016:
            for importer in ECONOMIES_2016:
                if (exporter, importer, year) not in present:
                    raise InputDataError(
                        path,
                        f"pair missing: every year holds all {len(ECONOMIES_2016)} x "
                        f"{len(ECONOMIES_2016)} exporter-importer pairs",
                        column="importer",
                        row=f"with key (exporter={exporter}, importer={importer}, year={year})",
                    )


def _check_world_totals(frame: pd.DataFrame, path: Path) -> None:
    totals = frame.groupby("year")["gtrade"].sum()
    low, high = WORLD_EXPORTS_RANGE
    for year, total in totals.items():
        if not low <= total <= high:
            first = frame.loc[frame["year"] == year, ROW].min()
            raise InputDataError(
                path,
                f"world gross exports {year} = {total:,.0f}, outside USD {low / 1e6:g}-"
                f"{high / 1e6:g} trillion: the file is not in USD millions",
                column="gtrade",
                row=f"{int(first)} (first of {year})",
            )


def read_bilateral_dva(path: str | Path) -> pd.DataFrame:
    """Read the WIOD 2016 bilateral gross exports and domestic value added in them.

    Output (key ``DVA_KEY``: exporter, importer, year): ``gross_exports_usd_millions`` (file
    ``gtrade``), ``domestic_value_added_in_exports_usd_millions`` (``dva``); USD millions,
    current prices; ``source_file`` (this file's name). No self pairs: 44 x 43 pairs per year.

    Checks: columns; codes among the 44 economies of the release; whole years 2000-2014;
    numbers, none missing, none negative; dva <= gtrade; one row per key; every ordered pair
    in every year (the file's diagonal included, then left out); world gross exports of each
    year in USD 2-60 trillion (catches a file in another unit).
    """
    path = Path(path)
    frame = _codes_and_years(_read(path), path)
    frame = _values(frame, path)
    validate.unique_key(frame, DVA_KEY, path)
    _check_complete(frame, path)
    self_pairs = frame["exporter"] == frame["importer"]
    bilateral = frame[~self_pairs]
    _check_world_totals(bilateral, path)
    log.info(
        "%s: %d rows with exporter = importer (one per economy and year) left out; "
        "%d bilateral rows kept",
        path.name,
        int(self_pairs.sum()),
        len(bilateral),
    )
    out = bilateral.rename(
        columns={
            "gtrade": "gross_exports_usd_millions",
            "dva": "domestic_value_added_in_exports_usd_millions",
        }
    ).assign(source_file=source_files.name_of(path))
    return out[DVA_COLUMNS].sort_values(DVA_KEY).reset_index(drop=True)
