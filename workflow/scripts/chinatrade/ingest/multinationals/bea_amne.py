"""BEA, Activities of U.S. Multinational Enterprises: goods and services supplied by
majority-owned foreign affiliates (MOFAs) of US parents, by host country and destination.

One workbook per year (Part II, group E; ``.xls``, read with xlrd). Three of its sheets have
the same layout, one line per host area and eleven value columns:

* ``Table II.E 2``: goods and services supplied (supply ``total``);
* ``Table II.E 10``: goods supplied (``goods``);
* ``Table II.E 12``: services supplied (``services``).

Columns (1) total, (2) to the United States, (5) to foreign countries, (6) to the host country
("local"), (9) to other foreign countries; (3)/(4), (7)/(8) and (10)/(11) split (2), (6) and (9)
by transactor (affiliated or not). The table keeps (1), (2), (6) and (9) as the destinations
``total``, ``united_states``, ``local`` and ``other_countries``; every column is read and checked.

The hierarchy is the label cell's indentation (an Excel cell format, not leading spaces):
"All countries", then regions (Canada is a region of one country), then countries or the
sub-regions of Latin America, then their countries; "Other" lines group the countries not
shown separately and are named here by their parent ("Other (Europe)"), so that each name is
one area. Lines under "Addenda:" (European Union (28), OPEC) overlap the others.

Cell symbols: "(D)" suppressed to avoid disclosure of individual companies; "(*)" less than
USD 500,000. Both become a missing value with the symbol kept in ``suppression``; neither is
ever read as zero.

Checks (each a failure naming the file, sheet, column and row): title, year and release, unit
line, column headers, the same lines in the same order on the three sheets, every value a
number >= 0 or a known symbol, (1) = (2) + (5), (5) = (6) + (9), (1) = (2) + (6) + (9),
(2) = (3) + (4), (6) = (7) + (8), (9) = (10) + (11), each group line = the sum of its member
lines, and goods + services = total, wherever every term is a number. BEA rounds each figure
to the nearest million, so a sum of n figures may differ from its printed total by up to
(n + 1) / 2 USD million: that is the tolerance (1.5 for two terms, 2 for three). In the
2016-2019 workbooks the largest gap of every check is 1 USD million.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import xlrd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.partners import iso3_of

AREA_NAMES = Path(__file__).resolve().parents[4] / "resources" / "bea_amne_area_names.csv"

SHEETS = {"total": "Table II.E 2", "goods": "Table II.E 10", "services": "Table II.E 12"}
TABLE_TITLES = {
    "total": "Table II.E 2. Goods and Services Supplied by Affiliates, Country by Destination",
    "goods": "Table II.E 10. Goods Supplied by Affiliates, Country by Destination",
    "services": "Table II.E 12. Services Supplied by Affiliates, Country by Destination",
}
TITLE = re.compile(
    r"U\.S\. MNE Activities:\s+(Revised|Preliminary) (\d{4}) Statistics, "
    r"Majority-Owned Foreign Affiliates"
)
UNIT_LINE = "[Millions of dollars]"
TITLE_ROW, TABLE_ROW, UNIT_ROW, NUMBER_ROW, FIRST_DATA_ROW = 0, 2, 3, 7, 8  # 0-based

# value column (1-based as BEA numbers them; the sheet column is the same index) -> its name
# in error messages: spreadsheet letter, BEA's number and header
VALUE_COLUMNS = {
    1: "B (1) Total",
    2: "C (2) Total U.S.",
    3: "D (3) To U.S. parents",
    4: "E (4) To unaffiliated U.S. persons",
    5: "F (5) Total foreign",
    6: "G (6) Total host country",
    7: "H (7) Host country: to other foreign affiliates",
    8: "I (8) Host country: to unaffiliated persons",
    9: "J (9) Total other foreign",
    10: "K (10) Other countries: to other foreign affiliates",
    11: "L (11) Other countries: to unaffiliated persons",
}
# header cells that fix the meaning of the kept columns: (0-based row, column) -> text
HEADER_CELLS = {
    (4, 1): "Total",
    (4, 2): "To the United States",
    (4, 5): "To foreign countries",
    (5, 2): "Total U.S.",
    (5, 5): "Total foreign",
    (6, 6): "Total host country",
    (6, 9): "Total other foreign",
}
DESTINATIONS = {"total": 1, "united_states": 2, "local": 6, "other_countries": 9}
SUPPLIES = tuple(SHEETS)
# (total column, its parts): BEA's accounting identities within a line
ROW_IDENTITIES = ((1, (2, 5)), (5, (6, 9)), (1, (2, 6, 9)), (2, (3, 4)), (6, (7, 8)), (9, (10, 11)))
SYMBOLS = ("(D)", "(*)")
ADDENDA_MARKERS = ("Addenda:", "Addendum:")
ROOT = "All countries"
ADDENDA = "Addenda"
AREA_KINDS = ("economy", "region", "total")

REPORTED_BY = "BEA (US outward survey)"
SOURCE = (
    "BEA, Activities of U.S. Multinational Enterprises, majority-owned foreign affiliates, "
    "Part II tables II.E 2, II.E 10 and II.E 12"
)
COLUMNS = [
    "host_name",
    "iso3",
    "area_kind",
    "parent_name",
    "year",
    "release",
    "destination",
    "supply",
    "value_usd_millions",
    "suppression",
    "reported_by",
    "source",
    "source_file",
    "source_sheet",
]
KEY = ["host_name", "year", "destination", "supply"]


@dataclass
class _Line:
    row: int  # 1-based spreadsheet row
    label: str  # as printed, blanks stripped
    level: int  # Excel indent level of the label cell
    values: list[float]  # columns (1)-(11); NaN for a symbol
    symbols: list[str]  # "" for a number
    name: str = ""  # the area's name in the table ("Other (Europe)")
    parent: str = ""  # the name of the group line it belongs to
    members: list[str] = field(default_factory=list)


# --- the area-name table ---------------------------------------------------------------------


def read_area_names(path: str | Path = AREA_NAMES) -> pd.DataFrame:
    """The hand-kept table of BEA names that country_converter must not map (regions, groups,
    "Other" lines): columns ``bea_name, iso3, area_kind, note``, indexed by ``bea_name``."""
    path = Path(path)
    table = validate.read_text_csv(path, ["bea_name", "iso3", "area_kind", "note"])
    validate.unique_key(table, ["bea_name"], path)
    validate.allowed(table, "area_kind", AREA_KINDS, path)
    wrong = (table["area_kind"] == "economy") != (table["iso3"] != "")
    if wrong.any():
        index = wrong.idxmax()
        raise InputDataError(
            path,
            "an economy needs its iso3 code, and a region or total has none",
            column="iso3",
            row=int(table.at[index, validate.ROW]),
        )
    return table.drop(columns=validate.ROW).set_index("bea_name")


# --- reading a sheet ------------------------------------------------------------------------


def _open(path: Path) -> xlrd.book.Book:
    try:
        # formatting_info: the hierarchy is the label cells' indentation
        return xlrd.open_workbook(path, formatting_info=True)
    except FileNotFoundError:
        raise
    except Exception as error:  # xlrd raises several types for a damaged or non-xls file
        raise InputDataError(
            path, f"not a readable .xls workbook ({type(error).__name__}: {error})"
        ) from error


def _text(sheet, row: int, column: int) -> str:
    if row >= sheet.nrows or column >= sheet.ncols:
        return ""
    return str(sheet.cell_value(row, column)).strip()


def _expect(path: Path, sheet, row: int, column: int, expected: str, what: str) -> None:
    found = _text(sheet, row, column)
    if found.rstrip(" 0123456789") != expected:  # BEA appends footnote numbers
        raise InputDataError(
            path,
            f"expected {what} {expected!r}, found {found!r}; is this BEA's Part II group E "
            "workbook described in multinationals/SOURCES.md?",
            sheet=sheet.name,
            column=VALUE_COLUMNS.get(column, "A (area)"),
            row=row + 1,
        )


def _year_and_release(path: Path, sheet) -> tuple[int, str]:
    title = _text(sheet, TITLE_ROW, 0)
    match = TITLE.fullmatch(title)
    if match is None:
        raise InputDataError(
            path,
            f"title {title!r} does not name a revised or preliminary year of BEA's "
            "majority-owned foreign affiliates statistics",
            sheet=sheet.name,
            column="A (area)",
            row=TITLE_ROW + 1,
        )
    return int(match.group(2)), match.group(1).lower()


def _check_layout(path: Path, sheet, supply: str) -> None:
    _expect(path, sheet, TABLE_ROW, 0, TABLE_TITLES[supply], "the table title")
    _expect(path, sheet, UNIT_ROW, 0, UNIT_LINE, "the unit line")
    for (row, column), text in HEADER_CELLS.items():
        _expect(path, sheet, row, column, text, "the column header")
    for column in VALUE_COLUMNS:
        _expect(path, sheet, NUMBER_ROW, column, f"({column})", "the column number")
    extra = [c for c in range(len(VALUE_COLUMNS) + 1, sheet.ncols) if _column_has_text(sheet, c)]
    if extra:
        raise InputDataError(
            path,
            "a value right of column (11); a column was added or shifted",
            sheet=sheet.name,
            column=xlrd.formula.colname(extra[0]),
            row=FIRST_DATA_ROW + 1,
        )


def _column_has_text(sheet, column: int) -> bool:
    return any(_text(sheet, row, column) for row in range(sheet.nrows))


def _cell(path: Path, sheet, row: int, column: int) -> tuple[float, str]:
    """A value cell: (number, "") or (NaN, BEA symbol); anything else is an error."""
    cell = sheet.cell(row, column)
    where = {"sheet": sheet.name, "column": VALUE_COLUMNS[column], "row": row + 1}
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        value = float(cell.value)
        if value < 0 or value != round(value):
            raise InputDataError(
                path,
                f"value {value!r} is not a whole number of USD millions >= 0; sales are "
                "gross values that BEA rounds to the million",
                **where,
            )
        return value, ""
    text = str(cell.value).strip()
    if text in SYMBOLS:
        return math.nan, text
    problem = "blank cell; BEA marks every cell" if text == "" else f"value {text!r}"
    raise InputDataError(
        path, f"{problem} is neither a number nor a BEA symbol {list(SYMBOLS)}", **where
    )


def _sheet_lines(path: Path, book, supply: str) -> tuple[int, str, list[_Line]]:
    """The year, release and area lines of one sheet (addenda marked by parent ADDENDA)."""
    sheet_name = SHEETS[supply]
    if sheet_name not in book.sheet_names():
        raise InputDataError(
            path,
            f"sheet '{sheet_name}' not found; the workbook has {book.sheet_names()}",
            sheet=sheet_name,
        )
    sheet = book.sheet_by_name(sheet_name)
    year, release = _year_and_release(path, sheet)
    _check_layout(path, sheet, supply)
    lines, in_addenda = [], False
    for row in range(FIRST_DATA_ROW, sheet.nrows):
        label = _text(sheet, row, 0)
        filled = [c for c in VALUE_COLUMNS if _text(sheet, row, c)]
        if not label or label in ADDENDA_MARKERS:
            if filled:
                raise InputDataError(
                    path,
                    "a line with values has no area name",
                    sheet=sheet_name,
                    column=VALUE_COLUMNS[filled[0]],
                    row=row + 1,
                )
            in_addenda = in_addenda or label in ADDENDA_MARKERS
            continue
        cells = [_cell(path, sheet, row, column) for column in VALUE_COLUMNS]
        level = book.xf_list[sheet.cell_xf_index(row, 0)].alignment.indent_level
        line = _Line(row + 1, label, level, [c[0] for c in cells], [c[1] for c in cells])
        line.parent = ADDENDA if in_addenda else ""
        lines.append(line)
    if not lines or lines[0].label != ROOT:
        raise InputDataError(
            path,
            f"the first line should be {ROOT!r}",
            sheet=sheet_name,
            column="A (area)",
            row=FIRST_DATA_ROW + 1,
        )
    return year, release, lines


# --- hierarchy and names ---------------------------------------------------------------------


def _nest(path: Path, sheet: str, lines: list[_Line]) -> None:
    """Set each line's name and parent from the indentation; "Other" is named by its parent."""
    root = lines[0]
    root.name = ROOT
    open_lines: dict[int, _Line] = {}
    for line in lines[1:]:
        if line.parent == ADDENDA:
            line.name = line.label
            continue
        parent = root if line.level == 0 else open_lines.get(line.level - 1)
        if parent is None:
            raise InputDataError(
                path,
                f"the indentation of {line.label!r} (level {line.level}) does not nest under "
                "a line above",
                sheet=sheet,
                column="A (area)",
                row=line.row,
            )
        line.name = f"{line.label} ({parent.name})" if line.label == "Other" else line.label
        line.parent = parent.name
        parent.members.append(line.name)
        open_lines = {k: v for k, v in open_lines.items() if k < line.level}
        open_lines[line.level] = line


def _area(path: Path, sheet: str, line: _Line, names: pd.DataFrame) -> tuple[str, str]:
    """(iso3, area_kind) of a line: the name table first, then country_converter."""
    if line.name in names.index:
        iso3, kind = names.at[line.name, "iso3"], names.at[line.name, "area_kind"]
    else:
        iso3, kind = iso3_of(line.name), "economy"
        if iso3 is None:
            raise InputDataError(
                path,
                f"area {line.name!r} matches no country (country_converter) and is not in "
                f"{AREA_NAMES.name}; add it there with its iso3 code and kind",
                sheet=sheet,
                column="A (area)",
                row=line.row,
            )
    if kind == "economy" and line.members:
        raise InputDataError(
            path,
            f"{line.name!r} is an economy ({iso3}) but has member lines {line.members}",
            sheet=sheet,
            column="A (area)",
            row=line.row,
        )
    return iso3, kind


# --- checks ----------------------------------------------------------------------------------


def _wide(lines: list[_Line]) -> pd.DataFrame:
    """One row per line: its name and the eleven values, with the spreadsheet row."""
    frame = pd.DataFrame([line.values for line in lines], columns=list(VALUE_COLUMNS.values()))
    frame.insert(0, "name", [line.name for line in lines])
    frame[validate.ROW] = [line.row for line in lines]
    return frame


def _sum_of(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """The sum of ``columns``; missing where any term is (a symbol is never zero)."""
    return frame[columns].sum(axis=1, min_count=len(columns))


def _check_rows(path: Path, sheet: str, wide: pd.DataFrame) -> None:
    for total, parts in ROW_IDENTITIES:
        names = [VALUE_COLUMNS[p] for p in parts]
        validate.identity(
            wide,
            VALUE_COLUMNS[total],
            _sum_of(wide, names),
            path,
            rule=f"({total}) = " + " + ".join(f"({p})" for p in parts),
            absolute=0.5 * (len(parts) + 1),
            sheet=sheet,
        )


def _check_groups(path: Path, sheet: str, lines: list[_Line], wide: pd.DataFrame) -> None:
    """Each group line equals the sum of its member lines in every column."""
    by_name = wide.set_index("name")
    for line in lines:
        if not line.members:
            continue
        members = by_name.loc[line.members]
        group = by_name.loc[[line.name]]
        for column in VALUE_COLUMNS.values():
            expected = members[column].sum(min_count=len(members))
            validate.identity(
                group,
                column,
                pd.Series(expected, index=group.index),
                path,
                rule=f"{line.name!r} = the sum of its {len(members)} member lines",
                absolute=0.5 * (len(members) + 1),
                sheet=sheet,
            )


def _check_goods_and_services(path: Path, wides: dict[str, pd.DataFrame]) -> None:
    total, goods, services = wides["total"], wides["goods"], wides["services"]
    for column in VALUE_COLUMNS.values():
        both = pd.concat([goods[column], services[column]], axis=1)
        validate.identity(
            total,
            column,
            both.sum(axis=1, min_count=2),
            path,
            rule=f"goods ({SHEETS['goods']}) + services ({SHEETS['services']}) = total",
            absolute=1.5,
            sheet=SHEETS["total"],
        )


def _same_lines(path: Path, sheets: dict[str, list[_Line]]) -> None:
    reference = sheets["total"]
    for supply, lines in sheets.items():
        labels = [(line.label, line.level) for line in lines]
        expected = [(line.label, line.level) for line in reference]
        if labels == expected:
            continue
        at = next(
            (i for i, (a, b) in enumerate(zip(labels, expected, strict=False)) if a != b),
            min(len(labels), len(expected)),
        )
        found = lines[at] if at < len(lines) else None
        raise InputDataError(
            path,
            f"area line {at + 1} is {labels[at] if found else None!r}, on "
            f"{SHEETS['total']} {expected[at] if at < len(expected) else None!r} "
            "(name, indentation); the three sheets must list the same areas in the same order",
            sheet=SHEETS[supply],
            column="A (area)",
            row=found.row if found else None,
        )


# --- the table -------------------------------------------------------------------------------


def read_workbook(path: str | Path, names: pd.DataFrame | None = None) -> pd.DataFrame:
    """One year's workbook as rows of ``COLUMNS`` (see the module docstring and
    :func:`read_bea_affiliate_sales`)."""
    path = Path(path)
    names = read_area_names() if names is None else names
    book = _open(path)
    sheets, years = {}, {}
    for supply in SUPPLIES:
        year, release, lines = _sheet_lines(path, book, supply)
        years[supply], sheets[supply] = (year, release), lines
    if len(set(years.values())) != 1:
        raise InputDataError(
            path,
            f"the sheets' titles name different years or releases: {years}",
            sheet=SHEETS["goods"],
            column="A (area)",
            row=TITLE_ROW + 1,
        )
    _same_lines(path, sheets)
    year, release = years["total"]
    wides = {}
    for supply, lines in sheets.items():
        _nest(path, SHEETS[supply], lines)
        wides[supply] = _wide(lines)
        _check_rows(path, SHEETS[supply], wides[supply])
        _check_groups(path, SHEETS[supply], lines, wides[supply])
    _check_goods_and_services(path, wides)
    areas = [_area(path, SHEETS["total"], line, names) for line in sheets["total"]]
    return _records(path, sheets, areas, year, release)


def _records(path, sheets, areas, year: int, release: str) -> pd.DataFrame:
    records = []
    for supply, lines in sheets.items():
        for line, (iso3, kind) in zip(lines, areas, strict=True):
            for destination, column in DESTINATIONS.items():
                records.append(
                    {
                        "host_name": line.name,
                        "iso3": iso3,
                        "area_kind": kind,
                        "parent_name": line.parent,
                        "year": year,
                        "release": release,
                        "destination": destination,
                        "supply": supply,
                        "value_usd_millions": line.values[column - 1],
                        "suppression": line.symbols[column - 1],
                        "source_sheet": SHEETS[supply],
                        validate.ROW: line.row,
                    }
                )
    out = pd.DataFrame.from_records(records).assign(
        reported_by=REPORTED_BY, source=SOURCE, source_file=path.name
    )
    validate.unique_key(out, KEY, path)
    return out


def read_bea_affiliate_sales(
    paths: list[str | Path], names: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Goods and services supplied by US-owned majority-owned foreign affiliates, by host area,
    year, destination and supply, from one BEA workbook per year.

    Key (``host_name``, ``year``, ``destination``, ``supply``). Columns ``COLUMNS``:
    ``host_name`` BEA's label ("Other" lines qualified by their parent), ``iso3`` (economies;
    empty for regions and the total), ``area_kind`` economy/region/total, ``parent_name`` the
    group line it sits under ("Addenda" for the overlapping addenda), ``year``, ``release``
    revised/preliminary, ``destination`` total/united_states/local/other_countries, ``supply``
    total/goods/services, ``value_usd_millions`` (NaN where BEA shows a symbol),
    ``suppression`` "", "(D)" or "(*)", ``reported_by``, ``source``, ``source_file``,
    ``source_sheet``. Two workbooks of the same year are an error.
    """
    names = read_area_names() if names is None else names
    parts = [read_workbook(path, names) for path in paths]
    if not parts:
        raise ValueError("read_bea_affiliate_sales needs at least one workbook")
    out = pd.concat(parts, ignore_index=True)
    years = out.drop_duplicates(["year", "source_file"])
    repeated = years[years.duplicated("year", keep=False)]
    if not repeated.empty:
        raise InputDataError(
            repeated["source_file"].iloc[-1],
            f"year {int(repeated['year'].iloc[0])} is also in "
            f"{repeated['source_file'].iloc[0]}; one workbook per year",
            column="A (area)",
            row=TITLE_ROW + 1,
        )
    out["iso3"] = out["iso3"].fillna("")
    # BEA's order kept (year, supply, then the workbook's lines), so the hierarchy reads down
    return out.drop(columns=validate.ROW)[COLUMNS].reset_index(drop=True)
