"""WIOD 2013 release: world input-output tables (WIOT) from the R package ``wiod``.

Each file ``wiod2013_wiot_YYYY.RData`` holds one R list ``wiot_YYYY`` (class "iot", which
``rdata`` returns as a plain dict with a warning that it has no constructor for the class):

- ``year``; ``countries``: 41 codes, alphabetical, ``RoW`` (rest of the world) last, Romania
  spelled ``ROM``; ``industries``: ``c1`` ... ``c35``;
- ``inter``: 1435 x 1435 intermediate use, rows = supplying country-industry, columns = using
  country-industry, both country-major (country 1 industries 1-35, country 2 ...);
- ``final``: 1435 x 205, the final use of each product by destination country, country-major,
  5 categories per country (``FINAL_USES``; the package leaves them unnamed, V1 ... V205);
- ``output``: 1435 gross outputs.

USD millions, current prices, basic prices, rounded to whole numbers.

The five final-use categories are, in order, those of WIOD 2013's world tables (c37 household
consumption, c38 NPISH consumption, c39 government consumption, c41 gross fixed capital
formation, c42 changes in inventories and valuables), named here with the WIOD 2016 codes of
the same categories. The signs agree: nearly every negative cell is in the fifth category,
a handful of small ones in the fourth (sales of used assets can exceed purchases).

``read_wiot`` checks one file and returns its non-zero cells in long form and its gross output.
The tables' own value-added rows are not in the files: value added is output minus the
column sums of ``inter`` (see chinatrade/analysis/value_added.py).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade.errors import InputDataError
from chinatrade.ingest import source_files

FILE_COUNTRIES: tuple[str, ...] = (
    "AUS", "AUT", "BEL", "BGR", "BRA", "CAN", "CHN", "CYP", "CZE", "DEU", "DNK", "ESP",
    "EST", "FIN", "FRA", "GBR", "GRC", "HUN", "IDN", "IND", "IRL", "ITA", "JPN", "KOR",
    "LTU", "LUX", "LVA", "MEX", "MLT", "NLD", "POL", "PRT", "ROM", "RUS", "SVK", "SVN",
    "SWE", "TUR", "TWN", "USA", "RoW",
)  # fmt: skip
# WIOD 2013 spells Romania with its old code and the rest of the world in mixed case; the
# canonical table uses ISO3 (ROU) and the 2016 release's ROW. ROW is a residual region, not
# the same set of economies in the two releases (40 vs 43 economies listed).
CANONICAL_CODES = {"ROM": "ROU", "RoW": "ROW"}
COUNTRIES: tuple[str, ...] = tuple(CANONICAL_CODES.get(c, c) for c in FILE_COUNTRIES)
INDUSTRIES: tuple[str, ...] = tuple(f"c{i}" for i in range(1, 36))
FINAL_USES: tuple[str, ...] = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN")
# final uses that may be negative: changes in inventories, and gross fixed capital formation
# of a product whose sales of used assets exceed purchases (a few cells, the largest
# -279 USD mn: Slovakia, c10, 2011). Intermediate use and output are gross flows, >= 0.
SIGNED_FINAL_USES = frozenset({"GFCF", "INVEN"})
COMPONENTS = ("year", "countries", "industries", "inter", "final", "output")

N_COUNTRIES, N_INDUSTRIES, N_FINAL_USES = len(COUNTRIES), len(INDUSTRIES), len(FINAL_USES)
N_ROWS = N_COUNTRIES * N_INDUSTRIES

WIOT_COLUMNS = [
    "year",
    "supplier_country",
    "supplier_industry",
    "user_country",
    "use",
    "value_usd_millions",
    "source_file",
]
WIOT_KEY = WIOT_COLUMNS[:5]
OUTPUT_COLUMNS = ["year", "country", "industry", "output_usd_millions"]
OUTPUT_KEY = OUTPUT_COLUMNS[:3]

# each cell is a whole USD million: a row's uses and its separately rounded output differ
# by at most (n + 1) / 2 for n cells (820.5 here; the real files reach 113)
ROUNDING_USD_MILLIONS = 1.0
# world value added (output - intermediate inputs) of a year, USD millions: USD 20 to 200
# trillion (the files hold 31.7 in 2000 and 69.3 in 2011); outside, the unit is wrong
WORLD_VALUE_ADDED_RANGE = (20e6, 200e6)

_YEAR_IN_NAME = re.compile(r"wiot_((?:19|20)\d\d)\.RData$")


def _row_label(index: int) -> str:
    """A row of ``inter``/``final``/``output`` as a person finds it: 1-based, with its code."""
    country, industry = divmod(int(index), N_INDUSTRIES)
    return f"{index + 1} ({FILE_COUNTRIES[country]} {INDUSTRIES[industry]})"


def _column_label(component: str, index: int) -> str:
    per_country = N_INDUSTRIES if component == "inter" else N_FINAL_USES
    codes = INDUSTRIES if component == "inter" else FINAL_USES
    country, code = divmod(int(index), per_country)
    return f"{component} {index + 1} ({FILE_COUNTRIES[country]} {codes[code]})"


def _year_in_name(path: Path) -> int:
    match = _YEAR_IN_NAME.search(path.name)
    if match is None:
        raise InputDataError(
            path, "the file name does not end in wiot_YYYY.RData, so its year is unknown"
        )
    return int(match.group(1))


def _components(path: Path, year: int) -> dict:
    """The R list ``wiot_<year>`` of the file, every component present."""
    import rdata

    try:
        with warnings.catch_warnings():
            # the R class "iot" has no Python constructor; the list itself is what we read
            warnings.filterwarnings("ignore", message='Missing constructor for R class "iot"')
            objects = rdata.read_rda(path)
    except Exception as error:  # rdata raises several types for a file that is not R data
        raise InputDataError(path, f"not a readable R data file ({error})") from error
    name = f"wiot_{year}"
    if list(objects) != [name]:
        raise InputDataError(
            path,
            f"the file holds the objects {[str(k) for k in objects]}; expected one, '{name}' "
            "(the year in the object's name must be the year in the file's name)",
        )
    parts = {str(key): value for key, value in objects[name].items()}
    for component in COMPONENTS:
        if component not in parts:
            raise InputDataError(
                path,
                f"component '{component}' is missing from {name}; it has {sorted(parts)}",
                column=component,
            )
    found = np.asarray(parts["year"]).ravel()
    if found.size != 1 or str(found[0]) != str(year):
        raise InputDataError(
            path,
            f"year {found.tolist()} in the file, {year} in its name",
            column="year",
            row=1,
        )
    return parts


def _check_codes(path: Path, parts: dict) -> None:
    for component, expected in (("countries", FILE_COUNTRIES), ("industries", INDUSTRIES)):
        found = [str(code) for code in np.asarray(parts[component]).ravel()]
        for position, code in enumerate(expected):
            if position >= len(found) or found[position] != code:
                shown = found[position] if position < len(found) else "nothing"
                raise InputDataError(
                    path,
                    f"code {shown!r} where {code!r} is expected ({len(expected)} codes in the "
                    f"WIOD 2013 order, found {len(found)})",
                    column=component,
                    row=position + 1,
                )
        if len(found) != len(expected):
            raise InputDataError(
                path,
                f"{len(found)} codes, expected {len(expected)}: extra {found[len(expected) :]}",
                column=component,
                row=len(expected) + 1,
            )


def _numbers(path: Path, component: str, value, shape: tuple[int, ...]) -> np.ndarray:
    """A component as float64 of the expected shape; text or NA is an error naming its cell."""
    array = np.asarray(value)
    if array.shape != shape:
        raise InputDataError(
            path, f"shape {array.shape}, expected {shape}", column=component, row="(all)"
        )
    if array.dtype.kind not in "iuf":
        # R stores a numeric matrix as numbers: text is an error even where it reads as one
        flat = next((i for i, cell in enumerate(array.ravel()) if not _is_number(cell)), 0)
        raise _cell_error(
            path,
            component,
            flat,
            f"value {array.ravel()[flat]!r} is not a number (the component holds "
            f"{array.dtype} values, not numbers)",
        )
    numbers = array.astype(np.float64)
    missing = ~np.isfinite(numbers)
    if missing.any():
        raise _cell_error(path, component, int(np.flatnonzero(missing)[0]), "value is NA")
    return numbers


def _is_number(cell) -> bool:
    try:
        float(cell)
    except (TypeError, ValueError):
        return False
    return True


def _cell_error(path: Path, component: str, flat: int, problem: str) -> InputDataError:
    if component == "output":
        return InputDataError(path, problem, column="output", row=_row_label(flat))
    width = N_ROWS if component == "inter" else N_COUNTRIES * N_FINAL_USES
    row, column = divmod(flat, width)
    return InputDataError(
        path, problem, column=_column_label(component, column), row=_row_label(row)
    )


def _check_signs(path: Path, inter: np.ndarray, final: np.ndarray, output: np.ndarray) -> None:
    signed = np.tile([use in SIGNED_FINAL_USES for use in FINAL_USES], N_COUNTRIES)
    for component, values in (("inter", inter), ("final", np.where(signed, 0.0, final))):
        negative = np.flatnonzero(values < 0)
        if negative.size:
            flat = int(negative[0])
            raise _cell_error(
                path,
                component,
                flat,
                f"value {values.ravel()[flat]:g} is negative; only the final uses "
                f"{sorted(SIGNED_FINAL_USES)} may be",
            )
    if (output < 0).any():
        index = int(np.flatnonzero(output < 0)[0])
        raise _cell_error(path, "output", index, f"output {output[index]:g} is negative")


def _check_row_identity(path: Path, inter, final, output) -> None:
    uses = inter.sum(axis=1) + final.sum(axis=1)
    tolerance = ROUNDING_USD_MILLIONS * (inter.shape[1] + final.shape[1] + 1) / 2
    broken = np.flatnonzero(np.abs(output - uses) > tolerance)
    if broken.size:
        index = int(broken[0])
        raise _cell_error(
            path,
            "output",
            index,
            f"row identity fails: output {output[index]:g}, intermediate + final uses "
            f"{uses[index]:g} (tolerance {tolerance:g}, the rounding of whole USD millions)",
        )


def _check_value_added(path: Path, inter, output) -> None:
    value_added = output - inter.sum(axis=0)
    negative = np.flatnonzero(value_added < 0)
    if negative.size:
        index = int(negative[0])
        raise _cell_error(
            path,
            "output",
            index,
            f"intermediate inputs {inter[:, index].sum():g} exceed output {output[index]:g}; "
            "value added (output - inputs) cannot be negative",
        )
    world = value_added.sum()
    low, high = WORLD_VALUE_ADDED_RANGE
    if not low <= world <= high:
        raise InputDataError(
            path,
            f"world value added {world:,.0f} is outside USD {low / 1e6:g}-{high / 1e6:g} "
            "trillion: the table is not in USD millions",
            column="output",
            row="(all)",
        )


def _check_final_layout(path: Path, final: np.ndarray) -> None:
    """Country-major final-use columns: every economy's products go mostly to its own final
    use (a category-major file would put another country's columns in its place)."""
    by_country = final.reshape(N_COUNTRIES, N_INDUSTRIES, N_COUNTRIES, N_FINAL_USES).sum(
        axis=(1, 3)
    )
    for country in range(N_COUNTRIES):
        largest = int(by_country[country].argmax())
        if largest != country:
            raise InputDataError(
                path,
                f"{FILE_COUNTRIES[country]}'s products go mostly to the final use in columns "
                f"of {FILE_COUNTRIES[largest]}: the columns are not 41 countries x 5 uses, "
                "country-major",
                column="final",
                row=_row_label(country * N_INDUSTRIES),
            )


def _cells(year: int, inter: np.ndarray, final: np.ndarray, path: Path) -> pd.DataFrame:
    countries = np.array(COUNTRIES, dtype=object)
    industries = np.array(INDUSTRIES, dtype=object)
    parts = []
    for values, uses in ((inter, industries), (final, np.array(FINAL_USES, dtype=object))):
        rows, columns = np.nonzero(values)
        parts.append(
            pd.DataFrame(
                {
                    "year": year,
                    "supplier_country": countries[rows // N_INDUSTRIES],
                    "supplier_industry": industries[rows % N_INDUSTRIES],
                    "user_country": countries[columns // len(uses)],
                    "use": uses[columns % len(uses)],
                    "value_usd_millions": values[rows, columns],
                    "source_file": source_files.name_of(path),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)[WIOT_COLUMNS]


def read_wiot(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read one WIOD 2013 world table: its non-zero cells and its gross output.

    Cells (key ``WIOT_KEY``): ``year``; ``supplier_country``, ``supplier_industry`` (the row);
    ``user_country`` and ``use`` (the column: an industry c1-c35 for intermediate use, or a
    final use of ``FINAL_USES``); ``value_usd_millions``; ``source_file`` (this file's
    name). A cell absent is zero.
    Output (key ``OUTPUT_KEY``): ``year``, ``country``, ``industry``, ``output_usd_millions``
    (all 1435, zeros included). Country codes are ISO3 (``CANONICAL_CODES``).

    Checks: the year of the file's name = the object's name = its ``year``; 41 countries and
    35 industries in WIOD's order; shapes; numbers without NA; intermediate use, output and
    final uses other than ``SIGNED_FINAL_USES`` >= 0; intermediate + final uses = output
    within the rounding bound; output >= intermediate inputs; world value added in USD 20-200
    trillion; final-use columns country-major (checked first).
    """
    path = Path(path)
    year = _year_in_name(path)
    parts = _components(path, year)
    _check_codes(path, parts)
    inter = _numbers(path, "inter", parts["inter"], (N_ROWS, N_ROWS))
    final = _numbers(path, "final", parts["final"], (N_ROWS, N_COUNTRIES * N_FINAL_USES))
    output = _numbers(path, "output", parts["output"], (N_ROWS,))
    # the layout first: the allowed signs depend on which columns are which final use
    _check_final_layout(path, final)
    _check_signs(path, inter, final, output)
    _check_row_identity(path, inter, final, output)
    _check_value_added(path, inter, output)
    output_table = pd.DataFrame(
        {
            "year": year,
            "country": np.repeat(COUNTRIES, N_INDUSTRIES),
            "industry": np.tile(INDUSTRIES, N_COUNTRIES),
            "output_usd_millions": output,
        }
    )
    return _cells(year, inter, final, path), output_table


def read_wiots(paths: Iterable[str | Path]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Several years (one file each) in one cells table and one output table; two files of
    the same year are an error."""
    cells, outputs, seen = [], [], {}
    for path in paths:
        year = _year_in_name(Path(path))
        if year in seen:
            raise InputDataError(path, f"year {year} is also the year of {seen[year]}")
        seen[year] = path
        year_cells, year_output = read_wiot(path)
        cells.append(year_cells)
        outputs.append(year_output)
    if not cells:
        raise ValueError("read_wiots: no files given")
    return pd.concat(cells, ignore_index=True), pd.concat(outputs, ignore_index=True)
