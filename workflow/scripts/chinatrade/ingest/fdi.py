"""Direct-investment positions (FDI stocks): BEA country tables and the EWN database.

Sources (see ../shared/data/fdi/SOURCES.md):

* BEA "U.S. Direct Investment Position Abroad on a Historical-Cost Basis, By Country Only",
  1982-2014, interactive-table CSV downloaded 21 Jun 2016 (July-2015 vintage). Hierarchy by
  indentation (two spaces per level); no "All countries" row; a legend ends the table.
* BEA "Foreign Direct Investment in the United States: Selected Items by Detailed Country,
  2008-2019", historical-cost position block (July-2020 release). No indentation: regions,
  sub-regions and "Other" lines are recognised by name; labels carry footnote digits
  ("Europe 1"); the "All countries" label sits in the year header line and its values on the
  next line.
* Lane & Milesi-Ferretti, External Wealth of Nations (version 12 Dec 2022), sheet "Dataset":
  FDI assets (outward stock) and liabilities (inward stock) of 214 economies, 1970-2021.
* Two files of check values typed from web pages; they are read as a checks table, never as
  data.

All positions are year-end stocks in millions of current US dollars. BEA positions are on
the directional basis at historical cost and by the immediate partner country; EWN follows each
economy's IIP (market value for the United States, BPM6 or BPM5 by economy), so the two are not
comparable for the same pair.

BEA cell symbols (legend of the USDIA file, SOURCES.md): "(D)" suppressed to avoid disclosure
of individual companies; "(*)" a non-zero value between -$0.5m and +$0.5m; "n.s." not shown on
this line (shown on another line, or not available); "--" not applicable (the country was not
separately shown or did not exist; USDIA also writes "---" and "----"); "..." not available.
Each becomes a missing value with a flag; none is ever read as zero. Any other text in a
number cell is an error.

Direct-investment positions can be negative (a parent's debt to its affiliate can exceed its
equity in it), so negative values are allowed throughout.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest.workbook import open_workbook, require_sheet
from chinatrade.partners import PARTNER_KINDS, iso3_of

NAME_TABLE = Path(__file__).resolve().parents[3] / "resources" / "fdi_country_names.csv"

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

# The BEA layout: top-level regions in file order and the sub-regions of the Americas.
BEA_REGIONS = (
    "Canada",
    "Europe",
    "Latin America and Other Western Hemisphere",
    "Africa",
    "Middle East",
    "Asia and Pacific",
)
BEA_AMERICAS = "Latin America and Other Western Hemisphere"
BEA_SUBREGIONS = {
    "South America",
    "Central America",
    "South and Central America",
    "Other Western Hemisphere",
}
BEA_LEAF_REGIONS = {"Canada"}  # a region that is one country and has no member lines
BEA_OTHER = "Other"
BEA_ROOT = "All countries"
PATH_SEPARATOR = " > "

USDIA_SOURCE = (
    "BEA, U.S. direct investment position abroad by country, historical-cost basis "
    "(interactive table downloaded 2016-06-21, July-2015 vintage)"
)
FDIUS_SOURCE = (
    "BEA, foreign direct investment position in the United States by country of the foreign "
    "parent, historical-cost basis (July-2020 release)"
)
EWN_SOURCE = "Lane and Milesi-Ferretti, External Wealth of Nations database (2022-12-12)"

_NUMBER = re.compile(r"^-?(\d+|\d{1,3}(,\d{3})+)$")
_FOOTNOTE = re.compile(r"^(.*?\S)\s+(\d{1,2})$")
_YEAR = re.compile(r"^(19|20)\d\d$")
# The USDIA download wrote the cedilla of "Curaçao" as U+0324; nothing else is damaged.
_MOJIBAKE = {"Cura\u0324ao": "Curacao"}


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


# --- BEA country tables -------------------------------------------------------------------


@dataclass
class _BeaLine:
    line: int  # 1-based line of the CSV file
    label: str  # as printed, indentation removed
    name: str  # footnote digits removed
    level: int
    parent: int | None  # line of the parent, None for top-level lines
    area_path: str
    cells: list[str]  # one per year


def read_bea_usdia(path: str | Path, names: pd.DataFrame | None = None) -> pd.DataFrame:
    """U.S. direct investment position abroad by host country, 1982-2014 (BEA, historical cost).

    Returns one row per (measure, investor_iso3, host_iso3, year) with the columns
    ``POSITION_COLUMNS``: ``measure`` 'us_direct_investment_abroad', ``investor_iso3`` 'USA',
    ``host_iso3`` the ISO3 code of the host, or a code from the name table for BEA regions
    (kind 'aggregate'), "Other" lines ('residual') and former countries ('historical');
    ``position_usd_millions`` (float, USD millions, may be negative; NaN when ``value_flag`` is
    not 'reported'); ``value_flag`` one of ``VALUE_FLAGS``; ``valuation_basis``
    'historical_cost'; ``source_label`` the BEA label and ``source_area_path`` its place in
    BEA's hierarchy ("Asia and Pacific > China").

    Some countries appear on two lines (stand-alone, and inside an "Other" group in the years
    before BEA showed them separately), and some names map to one code (Zaire and Congo
    (Kinshasa)). For such a code and year the one line with an entry other than "n.s." is
    kept; if every line says "n.s.", one 'not_shown' row is kept; two entries are an error.
    Checks: layout (title, unit, consecutive years, regions), recognised symbols only, and
    every group line equals the sum of its member lines within the rounding tolerance of
    :func:`_check_bea_hierarchy`.
    """
    path = Path(path)
    names = read_name_table() if names is None else names
    rows = _read_csv_lines(path)
    _expect_text(path, rows, 2, "U.S. Direct Investment Position Abroad on a Historical-Cost Basis")
    _expect_text(path, rows, 4, "(Millions of Dollars)")
    years = _read_year_header(path, rows, 6, label_cell="")
    industry = _data_cells(path, rows[4], 5, years)
    for year, found in zip(years, industry, strict=True):
        if found != "All Industries Total":
            raise InputDataError(
                path,
                f"line 5 should say 'All Industries Total' above every year, found {found!r}",
                column=str(year),
                row=5,
            )
    lines = _usdia_lines(path, rows, years)
    return _bea_positions(path, lines, years, names, USDIA, USDIA_SOURCE)


def read_bea_fdius(path: str | Path, names: pd.DataFrame | None = None) -> pd.DataFrame:
    """Foreign direct investment position in the US by investing country, 2008-2019 (BEA).

    Same columns and rules as :func:`read_bea_usdia`, with ``measure`` 'fdi_in_us',
    ``investor_iso3`` the country of the foreign parent (immediate investor, not the ultimate
    owner) or an aggregate code ('WORLD' for "All countries"), and ``host_iso3`` 'USA'.
    ``source_label`` keeps BEA's footnote digits ("Curacao 2"); the footnote texts are not in
    the file. Checks as for USDIA, plus: the regions sum to "All countries".
    """
    path = Path(path)
    names = read_name_table() if names is None else names
    rows = _read_csv_lines(path)
    _expect_text(path, rows, 1, "Foreign Direct Investment in the United States")
    _expect_text(path, rows, 2, "[Millions of dollars]")
    _expect_text(path, rows, 3, "Direct investment position on a historical-cost basis")
    years = _read_year_header(path, rows, 4, label_cell=BEA_ROOT)
    lines = _fdius_lines(path, rows, years)
    return _bea_positions(path, lines, years, names, FDIUS, FDIUS_SOURCE)


def _read_csv_lines(path: Path) -> list[list[str]]:
    """The CSV's records, one per file line (BEA tables have no multi-line cells)."""
    raw = path.read_bytes()
    if not raw.strip():
        raise InputDataError(path, "the file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputDataError(
            path,
            f"not UTF-8 text (byte {raw[error.start]:#04x} at offset {error.start}); "
            "BEA downloads are read as UTF-8",
            row=line,
        ) from error
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    for record in reader:
        if reader.line_num != len(rows) + 1:
            raise InputDataError(
                path, "a quoted cell spans several lines; BEA tables have none", row=len(rows) + 1
            )
        rows.append(record)
    return rows


def _expect_text(path: Path, rows: list[list[str]], line: int, text: str) -> None:
    cells = rows[line - 1] if len(rows) >= line else []
    found = " ".join(cell.strip() for cell in cells if cell.strip())
    if text not in found:
        raise InputDataError(
            path,
            f"expected {text!r} on line {line}, found {found!r}; is this the BEA table "
            "described in SOURCES.md?",
            row=line,
        )


def _read_year_header(path: Path, rows: list[list[str]], line: int, label_cell: str) -> list[int]:
    """Years of the header line: consecutive, from the second column on."""
    header = [cell.strip() for cell in rows[line - 1]] if len(rows) >= line else []
    if not header or header[0] != label_cell:
        raise InputDataError(
            path,
            f"the year header line should start with {label_cell!r}, found "
            f"{header[0] if header else None!r}",
            row=line,
        )
    cells = header[1:]
    while cells and cells[-1] == "":
        cells.pop()
    years: list[int] = []
    for position, text in enumerate(cells, start=2):
        if not _YEAR.match(text):
            raise InputDataError(
                path, f"header {text!r} is not a year", column=f"column {position}", row=line
            )
        year = int(text)
        if years and year != years[-1] + 1:
            raise InputDataError(
                path,
                f"year {year} does not follow {years[-1]}; years must be consecutive",
                column=f"column {position}",
                row=line,
            )
        years.append(year)
    if not years:
        raise InputDataError(path, "no years in the header line", row=line)
    return years


def _child_path(parent: _BeaLine | None, name: str) -> str:
    """BEA area path as in the tidy files: "Asia and Pacific > China" (the root is not named)."""
    if parent is None or parent.name == BEA_ROOT:
        return name
    return parent.area_path + PATH_SEPARATOR + name


def _split_label(label: str) -> tuple[str, str]:
    """The name and its BEA footnote digits ("Curacao 2" -> ("Curacao", "2"))."""
    match = _FOOTNOTE.match(label)
    return (match.group(1), match.group(2)) if match else (label, "")


def _data_cells(path: Path, row: list[str], line: int, years: list[int]) -> list[str]:
    """The year cells of a line (the name is in the first column); nothing may follow them."""
    cells = [cell.strip() for cell in row[1 : 1 + len(years)]]
    cells += [""] * (len(years) - len(cells))
    extra = [cell for cell in row[1 + len(years) :] if cell.strip()]
    if extra:
        raise InputDataError(
            path,
            f"value {extra[0]!r} right of the last year column; a column was added or shifted",
            column=f"after {years[-1]}",
            row=line,
        )
    return cells


def _usdia_lines(path: Path, rows: list[list[str]], years: list[int]) -> list[_BeaLine]:
    """Lines of the table down to the legend; the level is the indentation (2 spaces each)."""
    lines: list[_BeaLine] = []
    open_lines: dict[int, _BeaLine] = {}  # level -> the latest line at that level
    for number, row in enumerate(rows[6:], start=7):
        raw_label = row[0] if row else ""
        if raw_label.startswith("Legend / Footnotes"):
            break
        cells = _data_cells(path, row, number, years)
        if not raw_label.strip():
            if any(cells):
                raise InputDataError(path, "a line with values has no name", row=number)
            continue
        indent = len(raw_label) - len(raw_label.lstrip(" "))
        level = indent // 2
        if indent % 2 or (level > 0 and level - 1 not in open_lines):
            raise InputDataError(
                path,
                f"indentation of {raw_label!r} ({indent} spaces) does not nest under the line "
                "above (two spaces per level)",
                column="name",
                row=number,
            )
        label = raw_label.strip()
        label = _MOJIBAKE.get(label, label)
        name, _ = _split_label(label)
        parent = open_lines[level - 1] if level > 0 else None
        if level == 0 and name not in BEA_REGIONS:
            raise InputDataError(
                path,
                f"top-level line {name!r} is not one of BEA's regions {list(BEA_REGIONS)}",
                column="name",
                row=number,
            )
        current = _BeaLine(
            number,
            label,
            name,
            level,
            parent.line if parent else None,
            _child_path(parent, name),
            cells,
        )
        lines.append(current)
        open_lines = {k: v for k, v in open_lines.items() if k < level}
        open_lines[level] = current
    else:
        raise InputDataError(
            path,
            "the table ends without the line 'Legend / Footnotes:'; the file looks truncated",
            row=len(rows),
        )
    _require_regions(path, lines)
    return lines


def _fdius_lines(path: Path, rows: list[list[str]], years: list[int]) -> list[_BeaLine]:
    """Rebuild the FDIUS hierarchy from names: regions, Americas sub-regions, "Other" groups."""
    if len(rows) < 5 or (rows[4] and rows[4][0].strip()):
        raise InputDataError(
            path,
            "line 5 should hold the 'All countries' values with an empty first cell",
            row=5,
        )
    cells = _data_cells(path, rows[4], 5, years)
    root = _BeaLine(5, BEA_ROOT, BEA_ROOT, 0, None, BEA_ROOT, cells)
    lines = [root]
    region = subregion = other = None
    for number, row in enumerate(rows[5:], start=6):
        cells = _data_cells(path, row, number, years)
        label = row[0].strip() if row else ""
        if not label:
            if any(cells):
                raise InputDataError(path, "a line with values has no name", row=number)
            continue
        name, _ = _split_label(label)
        if name in BEA_REGIONS:
            parent, level = root, 1
        elif name in BEA_SUBREGIONS:
            if region is None or region.name != BEA_AMERICAS:
                raise InputDataError(
                    path,
                    f"sub-region {name!r} outside '{BEA_AMERICAS}'",
                    column="name",
                    row=number,
                )
            parent, level = region, 2
        else:
            parent = other or subregion or region
            if parent is None or parent.name in BEA_LEAF_REGIONS:
                raise InputDataError(
                    path,
                    f"line {name!r} is not inside a region that has member lines",
                    column="name",
                    row=number,
                )
            level = parent.level + 1
        current = _BeaLine(
            number, label, name, level, parent.line, _child_path(parent, name), cells
        )
        lines.append(current)
        if name in BEA_REGIONS:
            region, subregion, other = current, None, None
        elif name in BEA_SUBREGIONS:
            subregion, other = current, None
        elif name == BEA_OTHER:
            other = current
    _require_regions(path, lines)
    return lines


def _require_regions(path: Path, lines: list[_BeaLine]) -> None:
    found = [line.name for line in lines if line.name in BEA_REGIONS]
    if found != list(BEA_REGIONS):
        missing = [region for region in BEA_REGIONS if region not in found]
        raise InputDataError(
            path,
            f"BEA regions {missing or found} missing or out of order (expected "
            f"{list(BEA_REGIONS)}); the file looks truncated or rearranged",
            column="name",
            row=lines[-1].line if lines else None,
        )
    parents = {line.parent for line in lines}
    groups = (set(BEA_REGIONS) | BEA_SUBREGIONS | {BEA_OTHER}) - BEA_LEAF_REGIONS
    for line in lines:
        if line.name in groups and line.line not in parents:
            raise InputDataError(
                path,
                f"group line {line.area_path!r} has no member lines; the file looks truncated",
                column="name",
                row=line.line,
            )


def _parse_bea_cell(path: Path, text: str, line: int, year: int) -> tuple[float, str]:
    if _NUMBER.match(text):
        return float(text.replace(",", "")), REPORTED
    if text in BEA_SYMBOLS:
        return math.nan, BEA_SYMBOLS[text]
    problem = "blank cell; BEA marks every cell" if text == "" else f"value {text!r}"
    raise InputDataError(
        path,
        f"{problem} is neither a number nor a BEA symbol {list(BEA_SYMBOLS)}",
        column=str(year),
        row=line,
    )


def _bea_positions(path, lines, years, names, measure, source) -> pd.DataFrame:
    records = []
    for line in lines:
        mapped = _code_and_kind(line.name, line.area_path, names)
        if mapped is None:
            raise InputDataError(
                path,
                f"name {line.name!r} ({line.area_path}) matches no country (country_converter) "
                f"and is not in {NAME_TABLE.name}; add it there with its code and kind",
                column="name",
                row=line.line,
            )
        code, kind = mapped
        for year, text in zip(years, line.cells, strict=True):
            value, flag = _parse_bea_cell(path, text, line.line, year)
            records.append((line.line, line.parent, code, kind, year, value, flag, line))
    long = pd.DataFrame.from_records(
        records,
        columns=["line", "parent", "code", "kind", "year", "value", "flag", "bea_line"],
    )
    _check_bea_hierarchy(path, long)
    long = _one_line_per_code(path, long)
    partner_is_investor = measure == FDIUS
    out = pd.DataFrame(
        {
            "measure": measure,
            "investor_iso3": long["code"] if partner_is_investor else "USA",
            "host_iso3": "USA" if partner_is_investor else long["code"],
            "year": long["year"].astype(int),
            "position_usd_millions": long["value"].astype(float),
            "value_flag": long["flag"],
            "investor_kind": long["kind"] if partner_is_investor else "economy",
            "host_kind": "economy" if partner_is_investor else long["kind"],
            "valuation_basis": HISTORICAL_COST,
            "source_label": [line.label for line in long["bea_line"]],
            "source_area_path": [line.area_path for line in long["bea_line"]],
            "source": source,
            "source_file": path.name,
            validate.ROW: long["line"],
        }
    )
    return _finish(out, path)


def _check_bea_hierarchy(path: Path, long: pd.DataFrame) -> None:
    """Every group line equals the sum of its member lines, where all of them are known.

    Members marked "n.s.", "--" or "..." are not part of the group that year (shown
    elsewhere or not existing) and count as zero. The check is skipped for a year in which the
    group or any member is suppressed "(D)". Each figure is rounded to the nearest million
    independently, and a "(*)" member lies within +-0.5, so the tolerance is
    0.5 * (members + 1) USD millions; the largest gap in the real files is 3.
    """
    members = long[long["parent"].notna()]
    groups = long.set_index(["line", "year"])
    for (parent, year), part in members.groupby(["parent", "year"], sort=True):
        group = groups.loc[(int(parent), year)]
        if group["flag"] != REPORTED or (part["flag"] == "suppressed").any():
            continue
        expected = part.loc[part["flag"] == REPORTED, "value"].sum()
        tolerance = 0.5 * (len(part) + 1)
        if abs(group["value"] - expected) > tolerance:
            raise InputDataError(
                path,
                f"'{group['bea_line'].area_path}' is {group['value']:,.0f} but its "
                f"{len(part)} member lines sum to {expected:,.0f} (tolerance {tolerance:g}); "
                "members must sum to their group",
                column=str(year),
                row=int(parent),
            )


def _one_line_per_code(path: Path, long: pd.DataFrame) -> pd.DataFrame:
    """Keep, for each code and year, the line that carries the entry (see read_bea_usdia)."""
    has_entry = long["flag"] != "not_shown"
    entries = long[has_entry]
    repeated = entries.duplicated(["code", "year"], keep=False)
    if repeated.any():
        clash = entries[repeated].sort_values("line")
        first = clash.iloc[0]
        same = clash[(clash["code"] == first["code"]) & (clash["year"] == first["year"])]
        labels = [f"line {r.line} '{r.bea_line.area_path}'" for r in same.itertuples()]
        raise InputDataError(
            path,
            f"code {first['code']} has entries on several lines in {first['year']} "
            f"({'; '.join(labels)}); duplicate key, one row per code and year",
            column=str(first["year"]),
            row=int(same["line"].iloc[-1]),
        )
    shown = set(zip(entries["code"], entries["year"], strict=True))
    hidden = long[~has_entry]
    hidden = hidden[
        [(c, y) not in shown for c, y in zip(hidden["code"], hidden["year"], strict=True)]
    ].drop_duplicates(["code", "year"], keep="first")
    return pd.concat([entries, hidden]).sort_values(["line", "year"], kind="stable")


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


# --- External Wealth of Nations -----------------------------------------------------------

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
    workbook = open_workbook(path)
    try:
        for sheet in (EWN_SHEET, EWN_UNIT_SHEET):
            require_sheet(
                workbook.sheetnames, sheet, path, "Is this the External Wealth of Nations workbook?"
            )
        unit_texts = [
            str(value)
            for row in workbook[EWN_UNIT_SHEET].iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        if not any(EWN_UNIT_TEXT in text for text in unit_texts):
            raise InputDataError(
                path,
                f"the sentence '{EWN_UNIT_TEXT}' is not on the sheet; values are never "
                "rescaled silently",
                sheet=EWN_UNIT_SHEET,
            )
        rows = list(workbook[EWN_SHEET].iter_rows(values_only=True))
    finally:
        workbook.close()
    frame = _ewn_frame(path, rows)
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
            f"value {value!r} in cell {get_column_letter(position + 1)}{row} is not a number",
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


# --- check values -------------------------------------------------------------------------

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
    ('us_direct_investment_abroad', 'fdi_in_us') or '' (MOFCOM, UNCTAD and flow figures).
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
            validate.ROW: frame[validate.ROW],
        }
    )
    validate.unique_key(out, CHECK_KEY, path)
    return out.drop(columns=validate.ROW)[CHECK_COLUMNS].reset_index(drop=True)


# --- the paper's US-China ratio -----------------------------------------------------------


@dataclass(frozen=True)
class PositionRatio:
    """US position in China relative to China's position in the US over a span of years.

    ``mean_of_yearly_ratios`` averages the year-by-year ratios (the definition that
    reproduces the paper's 7.8 for 2010-2018); ``ratio_of_summed_positions`` divides the sums
    of the two stocks (about 4.8 for the same years). Both use ``years_used`` only: the years
    asked for in which both positions are known; the others are in ``years_missing``.
    """

    mean_of_yearly_ratios: float
    ratio_of_summed_positions: float
    yearly_ratios: dict[int, float]
    years_used: tuple[int, ...]
    years_missing: tuple[int, ...]


def position_ratio(
    us_in_china: Mapping[int, float] | pd.Series,
    china_in_us: Mapping[int, float] | pd.Series,
    years: Iterable[int],
) -> PositionRatio:
    """Both definitions of "US stock in China is N times China's stock in the US".

    ``us_in_china`` and ``china_in_us`` map year -> position (same unit, e.g. USD millions);
    a year absent from either or with a missing (NaN) value is listed in ``years_missing``
    and left out of both definitions. With no usable year both results are NaN. A position of
    China in the US that is zero or negative, or a negative US position, makes the ratio
    meaningless and raises ``ValueError`` naming the year.
    """
    wanted = [int(year) for year in years]
    if len(set(wanted)) != len(wanted):
        raise ValueError(f"years {wanted} repeat a year")
    used, missing, ratios = [], [], {}
    for year in sorted(wanted):
        us, china = _value_of(us_in_china, year), _value_of(china_in_us, year)
        if math.isnan(us) or math.isnan(china):
            missing.append(year)
            continue
        if china <= 0 or us < 0:
            raise ValueError(
                f"{year}: US in China {us!r}, China in US {china!r}; the ratio needs a "
                "positive China-in-US position and a non-negative US position"
            )
        used.append((year, us, china))
        ratios[year] = us / china
    if not used:
        return PositionRatio(math.nan, math.nan, {}, (), tuple(missing))
    mean_ratio = sum(ratios.values()) / len(ratios)
    summed = sum(us for _, us, _ in used) / sum(china for _, _, china in used)
    return PositionRatio(
        mean_ratio, summed, ratios, tuple(year for year, _, _ in used), tuple(missing)
    )


def _value_of(values: Mapping[int, float] | pd.Series, year: int) -> float:
    value = values.get(year) if hasattr(values, "get") else None
    if value is None:
        return math.nan
    return float(value)
