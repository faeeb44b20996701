"""BEA country tables: US direct investment abroad (USDIA, indented hierarchy) and foreign
direct investment in the United States (FDIUS, regions recognised by name), historical cost.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest.fdi.positions import (
    BEA_SYMBOLS,
    FDIUS,
    HISTORICAL_COST,
    NAME_TABLE,
    REPORTED,
    USDIA,
    _code_and_kind,
    _finish,
    read_name_table,
)

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

_NUMBER = re.compile(r"^-?(\d+|\d{1,3}(,\d{3})+)$")
_FOOTNOTE = re.compile(r"^(.*?\S)\s+(\d{1,2})$")
_YEAR = re.compile(r"^(19|20)\d\d$")
# The USDIA download wrote the cedilla of "Curaçao" as U+0324; nothing else is damaged.
_MOJIBAKE = {"Cura\u0324ao": "Curacao"}


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
