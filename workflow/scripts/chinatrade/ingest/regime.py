"""China Customs (GACC) trade by customs regime (贸易方式) and the transcribed China series.

Sources (see ../shared/data/regime/SOURCES.md, gacc/SOURCES.md and series/SOURCES.md):

* GACC English-site monthly bulletin tables, transcribed by hand into text files
  (``regime/raw/*.txt``, ``gacc/raw/*.txt``). Each file starts with ``#`` comment lines that
  give the table title in quotes, ``URL:``, ``Unit:`` and ``Columns:``; then one line per
  regime (the published English label followed by one number per column) and under it the
  line of % changes over the same period of the previous year. Numbers are whole US$1,000
  with thousands separators; ``-`` is printed for nil. Table (5) has exports and imports for
  the month and the year to date; tables (6) and (7) have exports and imports by type of
  enterprise. Table (18) has imports of selected commodities by four regime groups,
  quantity and value, with ``|`` between the groups and ``[?]`` where a cell is not printed.
* Tidy CSVs in the snapshot were derived from these text files. ``read_regime_bulletin``
  parses the text files themselves; ``snapshot_layout`` and ``commodity_snapshot_layout``
  put the result in the layout of those CSVs so a test can show that they agree.
* ``regime/china_trade_by_regime_annual_summary.csv`` (USD 100 million, with 2018 and 2022
  derived from y/y changes) is rebuilt from the parsed bulletins by
  ``regime_annual_summary`` and read, with its identities checked, by
  ``read_regime_annual_summary``.
* Hand-copied press figures: ``gacc/gacc_press_release_check_values.csv`` (check values),
  ``series/china_trade_totals_and_by_mode_transcribed.csv``,
  ``series/china_bilateral_trade_transcribed.csv`` and ``series/raw/transcription_log.csv``.

Units are kept as published and named in the columns: ``value_usd_thousands`` (bulletins),
``value_usd_100m`` (亿美元) and ``value_cny_100m`` (亿元). Nothing is rescaled except by the
explicit, documented conversions of the summary (US$1,000 -> 100 million: / 100,000) and of
the press check values (trillion / billion -> 100 million).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.validate import ROW

SOURCE_BULLETIN = "GACC monthly bulletin (English website)"

# regime code -> (English name as in the 12.2019 table (5), Chinese customs name)
REGIMES: dict[str, tuple[str, str]] = {
    "total": ("Total", "总值"),
    "ordinary": ("Ordinary Trade", "一般贸易"),
    "aid_donation_government_intl_org": (
        "Aid or Donation Between Governments or by International Organizations",
        "国家间、国际组织无偿援助和赠送的物资",
    ),
    "other_donation": ("Other Donation", "其他捐赠物资"),
    "processing_assembly_supplied_materials": ("Processing and Assembling", "来料加工装配贸易"),
    "processing_imported_materials": ("Processing with Imported Materials", "进料加工贸易"),
    "border_trade": ("Border Trade", "边境小额贸易"),
    "processing_trade_imported_equipment": ("Equipment for Processing Trade", "加工贸易进口设备"),
    "overseas_contracted_projects": ("Contracting Projects", "对外承包工程出口货物"),
    "leasing_trade": ("Goods on Lease", "租赁贸易"),
    "fie_investment_equipment": (
        "Equipment or Materials Imported as Investment by Foreign-Invested Enterprises",
        "外商投资企业作为投资进口的设备、物品",
    ),
    "outward_processing": ("Outward Processing", "出料加工贸易"),
    "dutyfree_foreign_exchange_commodities": (
        "Duty-free Commodities on Payment of Foreign Currency",
        "免税外汇商品",
    ),
    "dutyfree_goods": ("Duty-free Goods", "免税品"),
    "bonded_supervision_sites": ("Customs Warehousing Trade", "保税监管场所进出境货物"),
    "special_customs_area_logistics": (
        "Logistics Goods by Customs Special Control Area",
        "海关特殊监管区域物流货物",
    ),
    "special_customs_area_equipment": (
        "Equipment Imported into Customs Special Control Area",
        "海关特殊监管区域进口设备",
    ),
    "other": ("Other", "其他"),
}

# Aggregates of the annual summary (regime/SOURCES.md): code -> (English, Chinese, members)
AGGREGATES: dict[str, tuple[str, str]] = {
    "processing_total_AGG": (
        "Processing trade, customs definition (assembly + imported materials)",
        "加工贸易",
    ),
    "non_ordinary_AGG": ("Non-ordinary trade (total - ordinary)", ""),
    "other_non_ordinary_non_processing_AGG": (
        "Other non-ordinary trade (total - ordinary - processing)",
        "",
    ),
}
PROCESSING_REGIMES = ("processing_assembly_supplied_materials", "processing_imported_materials")

# Every English label the transcribed pages print (whitespace collapsed, lower case) -> code.
# A label not listed here stops the parse: a guessed regime would misstate a share.
REGIME_LABELS: dict[str, str] = {
    label.lower(): code
    for label, code in [
        ("TOTAL", "total"),
        ("Ordinary Trade", "ordinary"),
        (
            "Aid or Donation Between Governments or by International Organizations",
            "aid_donation_government_intl_org",
        ),
        (
            "Aid or Donation Between Government or by International Organizations",
            "aid_donation_government_intl_org",
        ),
        ("Other Donation", "other_donation"),
        ("Processing and Assembling", "processing_assembly_supplied_materials"),
        ("Processing with Imported Materials", "processing_imported_materials"),
        ("Process with Imported Materials", "processing_imported_materials"),
        ("Border Trade", "border_trade"),
        ("Equipment for Processing trade", "processing_trade_imported_equipment"),
        ("Contracting Projects", "overseas_contracted_projects"),
        ("Goods on Lease", "leasing_trade"),
        (
            "Equipment or Materials Imported as Investment by Foreign-Invested Enterprises",
            "fie_investment_equipment",
        ),
        (
            "Equipment or Materia Imported as I by Foreign-Invested Enterprises",
            "fie_investment_equipment",
        ),
        ("Outward Processing", "outward_processing"),
        (
            "Duty-free Commodities on Payment of Foreign Currency",
            "dutyfree_foreign_exchange_commodities",
        ),
        ("Duty-free Commoditie on Payment of Currency", "dutyfree_foreign_exchange_commodities"),
        ("Duty-free Goods", "dutyfree_goods"),
        ("Customs Warehousing Trade", "bonded_supervision_sites"),
        ("Logistics goods by customs special control area", "special_customs_area_logistics"),
        ("Logistics Goods by C ustoms Special Control Area", "special_customs_area_logistics"),
        ("Equipment imported into customs special control area", "special_customs_area_equipment"),
        ("Other", "other"),
    ]
}

# The regime rows each table prints (besides the total), in page order. A table with fewer
# rows must say in its header that the transcribed excerpt ends early.
_TABLE5_REGIMES = (
    "ordinary",
    "aid_donation_government_intl_org",
    "other_donation",
    "processing_assembly_supplied_materials",
    "processing_imported_materials",
    "border_trade",
    "processing_trade_imported_equipment",
    "overseas_contracted_projects",
    "leasing_trade",
    "fie_investment_equipment",
    "outward_processing",
    "dutyfree_foreign_exchange_commodities",
    "dutyfree_goods",
    "bonded_supervision_sites",
    "special_customs_area_logistics",
    "special_customs_area_equipment",
    "other",
)
TABLE_REGIMES: dict[str, tuple[str, ...]] = {
    "5": _TABLE5_REGIMES,
    "6": tuple(
        r
        for r in _TABLE5_REGIMES
        if r
        not in {
            "processing_trade_imported_equipment",
            "fie_investment_equipment",
            "dutyfree_foreign_exchange_commodities",
            "dutyfree_goods",
            "special_customs_area_equipment",
        }
    ),
    "7": tuple(r for r in _TABLE5_REGIMES if r != "overseas_contracted_projects"),
}
TABLE_FLOWS = {"6": "exports", "7": "imports"}

# Enterprise-type column labels of tables (6) and (7) -> code; the FIE sub-columns are in
# the 2019 table (7) only. "all" is the Total column.
ENTERPRISE_COLUMNS = {
    "Total": "all",
    "SOE": "SOE",
    "FIE": "FIE",
    "FIE:Sino-foreign contractual JV": "FIE_sino_foreign_contractual_JV",
    "FIE:Sino-foreign equity JV": "FIE_sino_foreign_equity_JV",
    "FIE:wholly foreign-owned": "FIE_wholly_foreign_owned",
    "POE": "POE",
    "Other": "other",
}
ENTERPRISE_PARTS = ("SOE", "FIE", "POE", "other")
FIE_PARTS = (
    "FIE_sino_foreign_contractual_JV",
    "FIE_sino_foreign_equity_JV",
    "FIE_wholly_foreign_owned",
)

# Cells printed blank (no number, no "-") on a page, so a value line has one number fewer
# than the table has columns. Where the blank sits was decided by a person reading the page
# and the y/y line (regime/SOURCES.md); it is listed here, never guessed by the parser.
# (table, year, period, regime code) -> enterprise column left blank
BLANK_CELLS: dict[tuple[str, int, str, str], str] = {
    ("7", 2024, "1-12", "aid_donation_government_intl_org"): "SOE",
}

# Tolerance of "parts sum to the total" in US$1,000: the bulletins round every cell to
# US$1,000, so 17 rounded cells can miss their rounded total by a few units (SOURCES: 1-2).
BULLETIN_SUM_TOLERANCE_USD_THOUSANDS = 2.0

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_VALUE = re.compile(r"^\d{1,3}(?:,\d{3})*$")
_NUMBER_LIKE = re.compile(r"^-?[\d,]*\d(?:\.\d+)?$")
_YOY = re.compile(r"^-?\d+(?:\.\d+)?$")
_NIL = "-"
_TRUNCATED = "[truncated]"
_NOT_PRINTED = "[?]"

BULLETIN_COLUMNS = [
    "gacc_table",
    "year",
    "period",
    "period_kind",
    "is_partial_year",
    "flow",
    "regime_code",
    "regime_name_en",
    "regime_name_zh",
    "regime_name_as_published",
    "enterprise_type",
    "value_usd_thousands",
    "yoy_pct",
    "value_status",
    "note",
    "source",
    "source_title",
    "source_url",
    "source_file",
    "source_line",
]
BULLETIN_KEY = ["gacc_table", "year", "period", "flow", "regime_code", "enterprise_type"]
VALUE_STATUSES = {"reported", "nil", "not_printed", "derived"}


# --------------------------------------------------------------------------------------
# reading the transcribed text files
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    label: str  # header label as transcribed
    flow: str
    year: int
    period: str
    enterprise_type: str


@dataclass(frozen=True)
class _Header:
    table: str
    title: str
    url: str
    unit_line: int
    columns_text: str
    columns_line: int
    excerpt_ends_early: bool


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputDataError(
            path, f"not UTF-8 text (byte {error.start} cannot be decoded); re-save as UTF-8"
        ) from error
    if not text.strip():
        raise InputDataError(path, "the file is empty; expected a transcribed GACC table")
    return text.splitlines()


def _read_header(path: Path, lines: list[str]) -> _Header:
    title = url = columns_text = None
    unit_line = columns_line = None
    ends_early = False
    for number, line in enumerate(lines, start=1):
        if not line.startswith("#"):
            continue
        if title is None and (match := re.search(r'"(\((\d+)\)[^"]+)"', line)):
            title = re.sub(r"\s+", " ", match.group(1)).strip()
        if url is None and (match := re.search(r"URL:\s*(\S+)", line)):
            url = match.group(1)
        if unit_line is None and (match := re.search(r"Unit:\s*([^.(]*)", line)):
            unit_line = number
            unit = match.group(1).strip()
            if not re.match(r"(value )?US\$\s?1,000", unit):
                raise InputDataError(
                    path,
                    f"unit {unit!r}: expected US$1,000 (the GACC bulletin unit); values are "
                    "never rescaled silently",
                    column="Unit",
                    row=number,
                )
        if columns_text is None and (match := re.search(r"[Cc]olumns:\s*(.+)$", line)):
            # the list ends at the end of the line or at ". " before the next remark
            columns_text = re.split(r"\.\s|\.$", match.group(1))[0].strip()
            columns_line = number
        if "NOTE" in line and re.search(r"excerpt\s+(ends|ENDS)", line):
            ends_early = True
    for found, what in [(title, "a quoted table title"), (url, "'URL:'"), (unit_line, "'Unit:'")]:
        if found is None:
            raise InputDataError(path, f"the comment header has no {what} line", row=1)
    if columns_text is None:
        raise InputDataError(path, "the comment header has no 'Columns:' list", row=1)
    table = re.match(r"\((\d+)\)", title).group(1)
    return _Header(table, title, url, unit_line, columns_text, columns_line, ends_early)


def _title_period(path: Path, header: _Header) -> tuple[int | None, int, int]:
    """(first month or None, last month, year) from a title ending '12. 2019' or '1-7.2023'."""
    match = re.search(r",\s*(?:(\d{1,2})-)?(\d{1,2})\.\s*(\d{4})\s*$", header.title)
    if not match:
        raise InputDataError(
            path,
            f"title {header.title!r} does not end with the period ('M. YYYY' or '1-M.YYYY')",
            row=1,
        )
    first = int(match.group(1)) if match.group(1) else None
    last, year = int(match.group(2)), int(match.group(3))
    if not 1 <= last <= 12 or (first is not None and first != 1):
        raise InputDataError(path, f"title {header.title!r}: period is not 1-M of a year", row=1)
    return first, last, year


def _columns(path: Path, header: _Header) -> list[_Column]:
    labels = [c.strip() for c in header.columns_text.split("|")]
    first, last, year = _title_period(path, header)
    columns = []
    if header.table == "5":
        pattern = re.compile(r"^(Exports|Imports) (?:Jan-(\w{3}) (\d{4})|(\w{3})-(\d{4}))$")
        for label in labels:
            match = pattern.match(label)
            month_name = match and (match.group(2) or match.group(4))
            if not match or month_name not in _MONTHS:
                raise InputDataError(
                    path,
                    f"column {label!r} is not 'Exports|Imports Mon-YYYY' or "
                    "'Exports|Imports Jan-Mon YYYY'",
                    column=label,
                    row=header.columns_line,
                )
            month = _MONTHS.index(month_name) + 1
            column_year = int(match.group(3) or match.group(5))
            if (month, column_year) != (last, year):
                raise InputDataError(
                    path,
                    f"column {label!r} does not match the title period {last}.{year}",
                    column=label,
                    row=header.columns_line,
                )
            period = f"1-{month}" if match.group(2) else str(month)
            flow = "exports" if match.group(1) == "Exports" else "imports"
            columns.append(_Column(label, flow, year, period, "all"))
    elif header.table in TABLE_FLOWS:
        if first is None:
            raise InputDataError(
                path, f"title {header.title!r}: expected a cumulative period '1-M.YYYY'", row=1
            )
        for label in labels:
            if label not in ENTERPRISE_COLUMNS:
                raise InputDataError(
                    path,
                    f"column {label!r} is not an enterprise type {sorted(ENTERPRISE_COLUMNS)}",
                    column=label,
                    row=header.columns_line,
                )
            columns.append(
                _Column(
                    label,
                    TABLE_FLOWS[header.table],
                    year,
                    f"1-{last}",
                    ENTERPRISE_COLUMNS[label],
                )
            )
        if labels[0] != "Total":
            raise InputDataError(
                path, "the first column must be 'Total'", column=labels[0], row=header.columns_line
            )
    else:
        raise InputDataError(
            path,
            f"table ({header.table}) is not a regime table (5), (6) or (7)",
            row=1,
        )
    keys = [(c.flow, c.period, c.enterprise_type) for c in columns]
    if len(set(keys)) != len(keys):
        raise InputDataError(
            path, "the 'Columns:' list names a column twice", row=header.columns_line
        )
    return columns


def _split_label(path: Path, number: int, tokens: list[str]) -> tuple[str, str, list[str]]:
    """(regime code, label as published, cells) by the longest known label prefix."""
    for size in range(len(tokens), 0, -1):
        label = " ".join(tokens[:size])
        if label.lower() in REGIME_LABELS:
            return REGIME_LABELS[label.lower()], label, tokens[size:]
    shown = " ".join(t for t in tokens if not _NUMBER_LIKE.match(t) and t != _NIL)
    raise InputDataError(
        path,
        f"regime label {shown!r} is not one of the labels GACC prints "
        "(chinatrade.ingest.regime.REGIME_LABELS); add it there with its code",
        column="regime",
        row=number,
    )


def _parse_cell(path: Path, number: int, column: str, token: str) -> tuple[float, str]:
    if token == _NIL:
        return math.nan, "nil"
    if _VALUE.match(token):
        return float(token.replace(",", "")), "reported"
    if _NUMBER_LIKE.match(token) and token.startswith("-"):
        problem = f"value {token!r} is negative; the bulletin prints gross flows"
    elif _NUMBER_LIKE.match(token) and "." in token:
        problem = f"value {token!r} is not a whole number of US$1,000"
    elif _NUMBER_LIKE.match(token):
        problem = f"value {token!r} has misplaced thousands separators"
    else:
        problem = f"value {token!r} is not a number (nor '-' for nil)"
    raise InputDataError(path, problem, column=column, row=number)


def _parse_yoy(path: Path, number: int, columns: list[_Column], tokens: list[str]) -> list[float]:
    if len(tokens) != len(columns):
        raise InputDataError(
            path,
            f"the y/y line has {len(tokens)} entries for {len(columns)} columns",
            row=number,
        )
    out = []
    for column, token in zip(columns, tokens, strict=True):
        if token == _NIL:
            out.append(math.nan)
        elif _YOY.match(token):
            out.append(float(token))
        else:
            raise InputDataError(
                path, f"y/y entry {token!r} is not a number", column=column.label, row=number
            )
    return out


def _is_yoy_line(tokens: list[str]) -> bool:
    """A y/y line starts with a number or '-'; a regime line starts with its label."""
    return bool(tokens) and (tokens[0] == _NIL or bool(_YOY.match(tokens[0])))


def read_regime_bulletin(path: str | Path) -> pd.DataFrame:
    """Parse one transcribed GACC table (5), (6) or (7) into one row per cell.

    Output (key ``BULLETIN_KEY``: gacc_table, year, period, flow, regime_code,
    enterprise_type):

    - ``gacc_table``: '5' (imports and exports by customs regime), '6' (exports by type of
      enterprise and regime), '7' (imports by type of enterprise and regime)
    - ``year`` (int); ``period``: months covered, '1-12' for the full year, '1-10' for
      January-October, '12' for December alone; ``period_kind``: 'cumulative' or 'month';
      ``is_partial_year``: True unless the period is '1-12' (partial years are not annual data)
    - ``flow``: 'exports' or 'imports'
    - ``regime_code``, ``regime_name_en``, ``regime_name_zh`` (customs name),
      ``regime_name_as_published`` (the label on the page, spaces collapsed)
    - ``enterprise_type``: 'all' (table 5 and the Total column), 'SOE', 'FIE',
      'FIE_sino_foreign_contractual_JV', 'FIE_sino_foreign_equity_JV',
      'FIE_wholly_foreign_owned' (2019 table 7 only), 'POE', 'other'
    - ``value_usd_thousands``: US$1,000 as printed. NaN where the page prints '-' (nil;
      ``value_status`` 'nil') or no number at all ('not_printed': a blank listed in
      ``BLANK_CELLS`` or a cell lost where the excerpt is cut). A lost enterprise cell is
      filled as Total minus the printed parts when it is the only one lost ('derived').
    - ``yoy_pct``: % change over the same period of the previous year, NaN where '-' or lost
    - ``value_status``: 'reported', 'nil', 'not_printed', 'derived'; ``note``: why
    - ``source``, ``source_title``, ``source_url`` (the GACC page), ``source_file``,
      ``source_line`` (1-based line of the value line in the text file)

    Checks: header (title, URL, unit US$1,000, columns), known regime labels, numbers,
    one row per regime, all regimes of the table present unless the header says the
    excerpt ends early, regimes sum to the total and enterprise types sum to Total (FIE
    sub-types to FIE) within ``BULLETIN_SUM_TOLERANCE_USD_THOUSANDS``.
    """
    path = Path(path)
    lines = _read_lines(path)
    header = _read_header(path, lines)
    columns = _columns(path, header)
    data = [
        (number, line.split())
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.startswith("#")
    ]
    records: list[dict] = []
    seen: dict[str, int] = {}
    index = 0
    while index < len(data):
        number, tokens = data[index]
        if _is_yoy_line(tokens):
            raise InputDataError(
                path, "a y/y line without a regime line above it", column="regime", row=number
            )
        code, label, cells = _split_label(path, number, tokens)
        if code in seen:
            raise InputDataError(
                path,
                f"duplicate key: regime '{code}' appears twice (first at line {seen[code]}); "
                "one row per regime",
                column="regime",
                row=number,
            )
        seen[code] = number
        truncated = _TRUNCATED in cells
        if truncated:
            if cells[-1] != _TRUNCATED or index != len(data) - 1:
                raise InputDataError(
                    path,
                    f"'{_TRUNCATED}' must end the last line of the excerpt",
                    column="regime",
                    row=number,
                )
            yoy = [math.nan] * len(columns)
            index += 1
        else:
            if index + 1 >= len(data) or not _is_yoy_line(data[index + 1][1]):
                raise InputDataError(
                    path,
                    f"regime '{label}' has no y/y line under it (file truncated?)",
                    column="regime",
                    row=number,
                )
            yoy = _parse_yoy(path, data[index + 1][0], columns, data[index + 1][1])
            index += 2
        records.extend(
            _row_records(path, header, columns, number, code, label, cells, yoy, truncated)
        )
    if not records:
        raise InputDataError(path, "no regime lines after the comment header", row=len(lines))
    frame = pd.DataFrame.from_records(records)
    _check_regime_rows(path, header, frame)
    _check_bulletin_sums(path, header, frame)
    return frame[BULLETIN_COLUMNS].reset_index(drop=True)


def _row_records(path, header, columns, number, code, label, cells, yoy, truncated):
    year, period = columns[0].year, columns[0].period
    notes = [""] * len(columns)
    row_note = ""
    if truncated:
        printed = cells[:-1]
        if len(printed) >= len(columns):
            raise InputDataError(path, f"'{_TRUNCATED}' after all {len(columns)} cells", row=number)
        slots = printed + [None] * (len(columns) - len(printed))
    elif len(cells) == len(columns):
        slots = list(cells)
    elif len(cells) == len(columns) - 1 and (header.table, year, period, code) in BLANK_CELLS:
        blank = BLANK_CELLS[(header.table, year, period, code)]
        position = [c.enterprise_type for c in columns].index(blank)
        slots = cells[:position] + [None] + cells[position:]
        for j, token in enumerate(slots):
            # a "-" (nil) cell whose y/y is a number would mean the placement is wrong
            if token == _NIL and not math.isnan(yoy[j]):
                raise InputDataError(
                    path,
                    f"blank cell placed in column {blank} (BLANK_CELLS) puts '-' under a "
                    f"printed y/y {yoy[j]} in column {columns[j].label}",
                    column=columns[j].label,
                    row=number,
                )
        yoy_text = f"{yoy[position]:g}" if not math.isnan(yoy[position]) else "-"
        row_note = (
            f"{blank} cell blank on page (YoY {yoy_text}% printed); values placed by column "
            "from the YoY line"
        )
    else:
        raise InputDataError(
            path,
            f"regime '{label}' has {len(cells)} values for {len(columns)} columns "
            f"({' | '.join(c.label for c in columns)})",
            column=columns[min(len(cells), len(columns) - 1)].label,
            row=number,
        )
    values, statuses = [], []
    for column, token in zip(columns, slots, strict=True):
        if token is None:
            values.append(math.nan)
            statuses.append("not_printed")
        else:
            value, status = _parse_cell(path, number, column.label, token)
            values.append(value)
            statuses.append(status)
    if truncated:
        values, statuses, row_note = _fill_lost_part(path, number, columns, values, statuses)
    if header.table == "7" and any(c.enterprise_type in FIE_PARTS for c in columns):
        notes = [
            " (FIE sub-columns inferred from arithmetic)" if c.enterprise_type in FIE_PARTS else ""
            for c in columns
        ]
    en, zh = REGIMES[code]
    return [
        {
            "gacc_table": header.table,
            "year": column.year,
            "period": column.period,
            "period_kind": "cumulative" if "-" in column.period else "month",
            "is_partial_year": column.period != "1-12",
            "flow": column.flow,
            "regime_code": code,
            "regime_name_en": en,
            "regime_name_zh": zh,
            "regime_name_as_published": label,
            "enterprise_type": column.enterprise_type,
            "value_usd_thousands": value,
            "yoy_pct": change,
            "value_status": status,
            "note": row_note or note,
            "source": SOURCE_BULLETIN,
            "source_title": header.title,
            "source_url": header.url,
            "source_file": path.name,
            "source_line": number,
            ROW: number,
        }
        for column, value, change, status, note in zip(
            columns, values, yoy, statuses, notes, strict=True
        )
    ]


def _fill_lost_part(path, number, columns, values, statuses):
    """Fill the one enterprise cell a cut excerpt lost as Total minus the printed parts."""
    kinds = [c.enterprise_type for c in columns]
    lost = [k for k, s in zip(kinds, statuses, strict=True) if s == "not_printed"]
    note = "stored page truncated in this row; YoY missing"
    parts = [k for k in ENTERPRISE_PARTS if k in kinds]
    if len(lost) == 1 and lost[0] in parts and "all" in kinds and statuses[0] != "not_printed":
        others = [k for k in parts if k != lost[0]]
        total = values[kinds.index("all")]
        filled = total - sum(np.nan_to_num(values[kinds.index(k)]) for k in others)
        if filled < -BULLETIN_SUM_TOLERANCE_USD_THOUSANDS:
            raise InputDataError(
                path,
                f"lost cell {lost[0]} would be negative ({filled:g}) as Total minus the "
                "printed parts",
                column=columns[kinds.index(lost[0])].label,
                row=number,
            )
        values = list(values)
        statuses = list(statuses)
        values[kinds.index(lost[0])] = filled
        statuses[kinds.index(lost[0])] = "derived"
        formula = "-".join(["Total", *others])
        note = (
            f"stored page truncated in this row: enterprise-type {lost[0]} inferred as "
            f"{formula}; YoY missing"
        )
    return values, statuses, note


def _check_regime_rows(path: Path, header: _Header, frame: pd.DataFrame) -> None:
    found = list(dict.fromkeys(frame["regime_code"]))
    if "total" not in found:
        raise InputDataError(path, "no TOTAL row", column="regime", row=1)
    expected = TABLE_REGIMES[header.table]
    unexpected = [c for c in found if c != "total" and c not in expected]
    if unexpected:
        row = int(frame.loc[frame.regime_code == unexpected[0], ROW].iloc[0])
        raise InputDataError(
            path,
            f"regime '{unexpected[0]}' is not printed in table ({header.table})",
            column="regime",
            row=row,
        )
    missing = [c for c in expected if c not in found]
    if missing and not header.excerpt_ends_early:
        raise InputDataError(
            path,
            f"regime rows {missing} are missing and the header does not say the excerpt "
            "ends early (a 'NOTE: ... excerpt ends ...' line)",
            column="regime",
            row=int(frame[ROW].max()),
        )


def _check_bulletin_sums(path: Path, header: _Header, frame: pd.DataFrame) -> None:
    """Enterprise types sum to Total (FIE sub-types to FIE) per row; regimes sum to TOTAL.

    Where a row and a column both fail, the error names that row and column: the cell
    where they cross is the likely culprit.
    """
    tolerance = BULLETIN_SUM_TOLERANCE_USD_THOUSANDS
    complete = not [c for c in TABLE_REGIMES[header.table] if c not in set(frame.regime_code)]
    cell = ["flow", "period", "enterprise_type"]
    parts = frame[frame.regime_code != "total"]
    totals = frame[frame.regime_code == "total"].set_index(cell)
    sums = parts.groupby(cell)["value_usd_thousands"].sum(min_count=0)
    unknown = parts.assign(u=parts.value_status == "not_printed").groupby(cell)["u"].any()
    failed_columns = []  # (key, message, total row)
    for key, total_row in totals.iterrows():
        found = total_row["value_usd_thousands"]
        found = 0.0 if math.isnan(found) else found
        summed = sums.get(key, 0.0)
        exact = complete and not unknown.get(key, False)
        if (exact and abs(summed - found) > tolerance) or summed > found + tolerance:
            failed_columns.append(
                (
                    key,
                    f"regimes sum to the total fails for {'/'.join(map(str, key))}: the regime "
                    f"rows sum to {summed:,.0f}, TOTAL is {found:,.0f} (tolerance {tolerance:g}"
                    f"{'' if exact else '; rows missing, so only sum <= total is checked'})",
                    int(total_row[ROW]),
                )
            )
    kinds = set(frame.enterprise_type)
    for whole, members in [("all", ENTERPRISE_PARTS), ("FIE", FIE_PARTS)]:
        if whole not in kinds or not set(members) <= kinds:
            continue
        for code, rows in frame.groupby("regime_code", sort=False):
            values = rows.set_index("enterprise_type")["value_usd_thousands"]
            status = rows.set_index("enterprise_type")["value_status"]
            found = float(np.nan_to_num(values[whole]))
            summed = float(np.nansum(values[list(members)]))
            exact = not (status[[whole, *members]] == "not_printed").any()
            if (exact and abs(summed - found) > tolerance) or summed > found + tolerance:
                suspects = [k[2] for k, _, _ in failed_columns if k[2] in (whole, *members)]
                raise InputDataError(
                    path,
                    f"{' + '.join(members)} = {whole} fails for regime '{code}': parts sum to "
                    f"{summed:,.0f}, {whole} is {found:,.0f} (tolerance {tolerance:g})"
                    + (f"; the {suspects[0]} column fails its regime sum too" if suspects else ""),
                    column=suspects[0] if suspects else whole,
                    row=int(rows[ROW].iloc[0]),
                )
    if failed_columns:
        key, message, row = failed_columns[0]
        raise InputDataError(path, message, column=_column_label(frame, key), row=row)


def _column_label(frame: pd.DataFrame, key: tuple) -> str:
    flow, period, kind = key
    return f"{flow} {period}" if kind == "all" else kind


def read_regime_bulletins(paths: list[str | Path]) -> pd.DataFrame:
    """Parse several bulletin text files into one table (columns as ``read_regime_bulletin``).

    A cell printed by two tables (e.g. 2019 Jan-Dec imports in tables (5) and (7)) is kept
    from each table (``gacc_table`` is part of the key); the two values must be equal.
    """
    frames = [read_regime_bulletin(p) for p in paths]
    if not frames:
        raise ValueError("read_regime_bulletins: no files given")
    out = pd.concat(frames, ignore_index=True)
    repeated = out.duplicated(BULLETIN_KEY, keep=False)
    if repeated.any():
        first = out[repeated].iloc[0]
        raise InputDataError(
            first.source_file,
            f"duplicate key { {k: first[k] for k in BULLETIN_KEY} }: the same table and "
            "period is given by two files; one row per key",
            column="period",
            row=int(first.source_line),
        )
    cell = ["year", "period", "flow", "regime_code", "enterprise_type"]
    reported = out[out.value_status.isin(["reported", "nil"])]
    both = reported[reported.duplicated(cell, keep=False)]
    for _, group in both.groupby(cell):
        values = group["value_usd_thousands"].fillna(0.0)
        if values.max() - values.min() > 0:
            row = group.iloc[1]
            raise InputDataError(
                row.source_file,
                f"table ({row.gacc_table}) gives {row.value_usd_thousands:,.0f} for "
                f"{row.flow} {row.regime_code} {row.year} {row.period}, table "
                f"({group.iloc[0].gacc_table}) {group.iloc[0].value_usd_thousands:,.0f}; "
                "two tables of one bulletin must agree",
                column=row.enterprise_type,
                row=int(row.source_line),
            )
    return out.sort_values(BULLETIN_KEY).reset_index(drop=True)


def previous_year_from_yoy(
    bulletin: pd.DataFrame,
    regime_codes: list[str] | None = None,
    periods: list[str] | None = None,
) -> pd.DataFrame:
    """Values of the same period one year earlier, as value / (1 + yoy / 100).

    Only rows with both a value and a y/y change give a derived row; the result has the
    columns of ``read_regime_bulletin`` with ``year`` - 1, ``value_usd_thousands`` rounded to
    whole US$1,000, ``yoy_pct`` NaN and ``value_status`` 'derived'. The pages revise the
    previous year, so derived values can differ from the earlier year's own table (about
    0.1 % for large regimes, several % for small ones; regime/SOURCES.md).
    """
    rows = bulletin[bulletin.value_usd_thousands.notna() & bulletin.yoy_pct.notna()]
    if regime_codes is not None:
        rows = rows[rows.regime_code.isin(regime_codes)]
    if periods is not None:
        rows = rows[rows.period.isin(periods)]
    derived = (rows.value_usd_thousands / (1.0 + rows.yoy_pct / 100.0)).round(0)
    return rows.assign(
        year=rows.year - 1,
        value_usd_thousands=derived,
        yoy_pct=math.nan,
        value_status="derived",
        note="derived from the next year's table; rounding error ~0.05% of value; "
        "revisions not reflected",
    ).reset_index(drop=True)


_SNAPSHOT_COLUMNS = [
    "period",
    "period_type",
    "flow",
    "regime_code",
    "regime_zh",
    "regime_en_as_published",
    "enterprise_type",
    "value_usd_thousand",
    "unit",
    "yoy_pct",
    "source_table",
    "source_url",
    "method",
    "note",
]


def snapshot_layout(bulletin: pd.DataFrame) -> pd.DataFrame:
    """The parsed bulletins in the layout of the snapshot's tidy CSVs (for cross-checks).

    ``regime/gacc_trade_by_customs_regime_long.csv`` and
    ``gacc/gacc_trade_by_regime_partial_year_long.csv`` use: period '2019' (full year),
    '2019-12' (a month), '2023-01/2023-10' (cumulative part of a year); flow 'export'/
    'import'; value_usd_thousand; unit 'USD thousand'; method 'reported' or
    'derived: value_t/(1+yoy_t/100)'.
    """

    def period(row) -> str:
        if row.period == "1-12":
            return str(row.year)
        if row.period_kind == "month":
            return f"{row.year}-{int(row.period):02d}"
        last = int(row.period.split("-")[1])
        return f"{row.year}-01/{row.year}-{last:02d}"

    def period_type(row) -> str:
        if row.period == "1-12":
            return "year (Jan-Dec)"
        if row.period_kind == "month":
            return "month"
        last = _MONTHS[int(row.period.split("-")[1]) - 1]
        return f"cumulative Jan-{last} (partial year)"

    out = pd.DataFrame(
        {
            "period": bulletin.apply(period, axis=1),
            "period_type": bulletin.apply(period_type, axis=1),
            "flow": bulletin.flow.map({"exports": "export", "imports": "import"}),
            "regime_code": bulletin.regime_code,
            "regime_zh": bulletin.regime_name_zh,
            "regime_en_as_published": bulletin.regime_name_as_published,
            "enterprise_type": bulletin.enterprise_type,
            "value_usd_thousand": bulletin.value_usd_thousands,
            "unit": "USD thousand",
            "yoy_pct": bulletin.yoy_pct,
            "source_table": "GACC monthly bulletin " + bulletin.source_title,
            "source_url": bulletin.source_url,
            "method": np.where(
                bulletin.value_status == "derived",
                "derived: value_t/(1+yoy_t/100)",
                "reported",
            ),
            "note": bulletin.note,
        }
    )
    # the derived enterprise cell of a cut row is not a y/y derivation
    lost = (bulletin.value_status == "derived") & bulletin.note.str.startswith("stored page")
    out.loc[lost, "method"] = "reported"
    return out[_SNAPSHOT_COLUMNS]


# --------------------------------------------------------------------------------------
# table (18): imports of selected commodities by major customs regimes
# --------------------------------------------------------------------------------------

COMMODITY_REGIMES = ("ordinary", "processing", "bonded_logistics", "other")
QUANTITY_UNITS = {"10000T": "quantity_10k_tonnes", "T": "quantity_tonnes"}
COMMODITY_COLUMNS = [
    "year",
    "period",
    "is_partial_year",
    "flow",
    "commodity",
    "regime",
    "quantity_10k_tonnes",
    "quantity_tonnes",
    "quantity_unit_as_published",
    "quantity_yoy_pct",
    "quantity_status",
    "value_usd_thousands",
    "value_yoy_pct",
    "value_status",
    "source",
    "source_title",
    "source_url",
    "source_file",
    "source_line",
]
COMMODITY_KEY = ["year", "period", "flow", "commodity", "regime"]


def read_commodity_regime_table(path: str | Path) -> pd.DataFrame:
    """Parse the transcribed table (18), imports of selected commodities by regime group.

    Output (key ``COMMODITY_KEY``: year, period, flow, commodity, regime), one row per
    commodity and regime group:

    - ``year``, ``period`` ('1-12' for Jan-Dec), ``is_partial_year``, ``flow`` ('imports')
    - ``commodity`` as printed; ``regime``: 'ordinary', 'processing' (来料 + 进料),
      'bonded_logistics' (bonded sites + special customs areas), 'other'
    - ``quantity_10k_tonnes`` or ``quantity_tonnes`` (the page's unit for the commodity; the
      other column is NaN), ``quantity_unit_as_published`` ('10000T' or 'T'),
      ``quantity_yoy_pct``, ``quantity_status``
    - ``value_usd_thousands``, ``value_yoy_pct``, ``value_status``
    - statuses: 'reported'; 'nil' where the page prints '-' (value NaN); 'not_printed' where
      the transcription marks '[?]' (value NaN; gacc/SOURCES.md lists these 7 cells)
    - ``source``, ``source_title``, ``source_url``, ``source_file``, ``source_line``

    The table has no total row, so no sum can be checked; each value line must have 4 groups
    of (quantity, value) and its y/y line 8 entries.
    """
    path = Path(path)
    lines = _read_lines(path)
    header = _read_header(path, lines)
    if header.table != "18":
        raise InputDataError(path, f"table ({header.table}) is not table (18)", row=1)
    match = re.search(r"(\d{1,2})\.\s*(\d{4})\s*$", header.title)
    if not match:
        raise InputDataError(path, f"title {header.title!r} does not end with 'M. YYYY'", row=1)
    last, year = int(match.group(1)), int(match.group(2))
    data = [
        (number, line.strip())
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.startswith("#") and not line.strip().startswith("[excerpt")
    ]
    records = []
    seen: dict[str, int] = {}
    for index in range(0, len(data), 2):
        number, line = data[index]
        groups = [g.split() for g in line.split("|")]
        unit_at = [i for i, t in enumerate(groups[0]) if t in QUANTITY_UNITS]
        if not unit_at:
            raise InputDataError(
                path,
                f"no quantity unit ({' or '.join(QUANTITY_UNITS)}) after the commodity name",
                column="commodity",
                row=number,
            )
        commodity = " ".join(groups[0][: unit_at[-1]])
        unit_token = groups[0][unit_at[-1]]
        unit_column = QUANTITY_UNITS[unit_token]
        groups[0] = groups[0][unit_at[-1] + 1 :]
        if commodity in seen:
            raise InputDataError(
                path,
                f"duplicate key: commodity {commodity!r} appears twice (first at line "
                f"{seen[commodity]})",
                column="commodity",
                row=number,
            )
        seen[commodity] = number
        if len(groups) != 4 or any(len(g) != 2 for g in groups):
            raise InputDataError(
                path,
                f"{commodity!r}: expected 4 groups 'quantity value' separated by '|', found "
                f"{[' '.join(g) for g in groups]}",
                column="commodity",
                row=number,
            )
        if index + 1 >= len(data) or not _is_yoy_line(data[index + 1][1].split()):
            raise InputDataError(
                path, f"{commodity!r} has no y/y line under it", column="commodity", row=number
            )
        yoy_number, yoy_line = data[index + 1]
        labels = [f"{r} {m}" for r in COMMODITY_REGIMES for m in ("quantity", "value")]
        yoy_columns = [_Column(label, "imports", year, "", "") for label in labels]
        yoy = _parse_yoy(path, yoy_number, yoy_columns, yoy_line.split())
        for position, (regime, (quantity_token, value_token)) in enumerate(
            zip(COMMODITY_REGIMES, groups, strict=True)
        ):
            if quantity_token == _NOT_PRINTED:
                quantity, quantity_status = math.nan, "not_printed"
            else:
                quantity, quantity_status = _parse_cell(
                    path, number, f"{regime} quantity", quantity_token
                )
            value, value_status = _parse_cell(path, number, f"{regime} value", value_token)
            records.append(
                {
                    "year": year,
                    "period": f"1-{last}",
                    "is_partial_year": last != 12,
                    "flow": "imports",
                    "commodity": commodity,
                    "regime": regime,
                    "quantity_10k_tonnes": (
                        quantity if unit_column == "quantity_10k_tonnes" else math.nan
                    ),
                    "quantity_tonnes": quantity if unit_column == "quantity_tonnes" else math.nan,
                    "quantity_unit_as_published": unit_token,
                    "quantity_yoy_pct": yoy[2 * position],
                    "quantity_status": quantity_status,
                    "value_usd_thousands": value,
                    "value_yoy_pct": yoy[2 * position + 1],
                    "value_status": value_status,
                    "source": SOURCE_BULLETIN,
                    "source_title": header.title,
                    "source_url": header.url,
                    "source_file": path.name,
                    "source_line": number,
                }
            )
    if not records:
        raise InputDataError(path, "no commodity lines after the comment header", row=len(lines))
    return pd.DataFrame.from_records(records)[COMMODITY_COLUMNS]


def commodity_snapshot_layout(table: pd.DataFrame) -> pd.DataFrame:
    """Table (18) in the layout of its snapshot CSV, for a cross-check.

    That CSV is ``gacc/gacc_import_selected_commodities_by_regime_2019_long.csv``: reported
    rows as printed plus the previous year derived as value / (1 + yoy / 100) (quantities
    rounded to 0.1 unit, values to whole US$1,000).
    """
    rows = []
    for record in table.itertuples(index=False):
        unit_column = QUANTITY_UNITS[record.quantity_unit_as_published]
        quantity_unit = "10,000 tonnes" if unit_column == "quantity_10k_tonnes" else "tonnes"
        measures = [
            (
                "quantity",
                getattr(record, unit_column),
                quantity_unit,
                record.quantity_yoy_pct,
                record.quantity_status,
                1,
            ),
            (
                "value",
                record.value_usd_thousands,
                "USD thousand",
                record.value_yoy_pct,
                record.value_status,
                0,
            ),
        ]
        for measure, value, unit, yoy, status, digits in measures:
            common = {
                "flow": "import",
                "commodity": record.commodity,
                "regime": record.regime,
                "measure": measure,
                "unit": unit,
                "period_type": "year (Jan-Dec)",
                "source_url": record.source_url,
            }
            rows.append(
                {
                    **common,
                    "period": str(record.year),
                    "value": value,
                    "yoy_pct": yoy,
                    "method": "missing" if status == "not_printed" else "reported",
                }
            )
            if status == "reported" and not math.isnan(yoy):
                rows.append(
                    {
                        **common,
                        "period": str(record.year - 1),
                        "value": round(value / (1 + yoy / 100), digits),
                        "yoy_pct": math.nan,
                        "method": f"derived: value_{record.year}/(1+yoy_{record.year}/100)",
                    }
                )
    columns = [
        "period",
        "period_type",
        "flow",
        "commodity",
        "regime",
        "measure",
        "value",
        "unit",
        "yoy_pct",
        "method",
        "source_url",
    ]
    return pd.DataFrame(rows)[columns]


# --------------------------------------------------------------------------------------
# CSV helpers
# --------------------------------------------------------------------------------------


def _year(frame: pd.DataFrame, column: str, path) -> pd.Series:
    years = validate.numeric(frame, column, path, allow_missing=False)
    bad = (years % 1 != 0) | (years < 1900) | (years > 2100)
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"year {frame.at[index, column]!r} is not a calendar year",
            column=column,
            row=int(frame.at[index, ROW]),
        )
    return years.astype(int)


# --------------------------------------------------------------------------------------
# annual summary (USD 100 million)
# --------------------------------------------------------------------------------------

SUMMARY_COLUMNS = [
    "year",
    "period",
    "is_partial_year",
    "flow",
    "regime_code",
    "regime_name_en",
    "regime_name_zh",
    "value_usd_100m",
    "method",
    "source",
    "source_url",
]
SUMMARY_KEY = ["year", "flow", "regime_code"]
USD_THOUSANDS_PER_100M = 100_000
# Two-decimal rounding of 17 regime cells: their sum may miss the total by up to ~0.09.
SUMMARY_SUM_TOLERANCE_USD_100M = 0.1
# Derived (previous-year) regimes miss their derived total because each regime's y/y change
# is rounded and small regimes are revised: 2018 imports by 11.9 (0.056 %), 2022 by 0.015 %.
SUMMARY_DERIVED_RELATIVE_TOLERANCE = 0.001


def _names(code: str) -> tuple[str, str]:
    return REGIMES.get(code) or AGGREGATES[code]


def regime_annual_summary(bulletin: pd.DataFrame) -> pd.DataFrame:
    """Rebuild the annual summary by regime in USD 100 million from parsed bulletins.

    Uses full-year (period '1-12'), all-enterprise rows. Reported years are value / 100,000;
    the previous year of each table is derived as value / (1 + yoy / 100) where that year is
    not reported itself. Adds the aggregates of ``AGGREGATES``; all values are rounded to
    0.01 at the end (as the snapshot's summary). ``source_url`` is the page the row was read
    or derived from. Output: ``SUMMARY_COLUMNS``, one row per (year, flow, regime_code);
    flows 'exports' and 'imports' only (``add_total_flow`` adds exports + imports).
    """
    annual = bulletin[(bulletin.period == "1-12") & (bulletin.enterprise_type == "all")]
    # a cell two tables print (they must agree) is taken from the lower table number
    annual = annual.sort_values(BULLETIN_KEY).drop_duplicates(
        ["year", "flow", "regime_code"], keep="first"
    )
    # unrounded until the end, so that aggregates equal the snapshot's to the cent
    reported = annual.assign(
        value_usd_100m=annual.value_usd_thousands / USD_THOUSANDS_PER_100M,
        method="reported",
    )
    derived = reported[reported.value_usd_100m.notna() & reported.yoy_pct.notna()]
    derived = derived.assign(
        year=derived.year - 1,
        value_usd_100m=derived.value_usd_100m / (1 + derived.yoy_pct / 100),
        method="derived: value_t/(1+yoy_t/100)",
    )
    have = set(zip(reported.year, reported.flow, strict=True))
    derived = derived[[(y, f) not in have for y, f in zip(derived.year, derived.flow, strict=True)]]
    rows = pd.concat([reported, derived], ignore_index=True)
    aggregates = []
    for (year, flow), group in rows.groupby(["year", "flow"]):
        values = group.set_index("regime_code")["value_usd_100m"]
        method = group["method"].iloc[0]
        # a regime printed '-' (nil) adds nothing
        processing = values.reindex(PROCESSING_REGIMES).sum(min_count=1)
        non_ordinary = values.get("total", math.nan) - values.get("ordinary", math.nan)
        for code, value in [
            ("processing_total_AGG", processing),
            ("non_ordinary_AGG", non_ordinary),
            ("other_non_ordinary_non_processing_AGG", non_ordinary - processing),
        ]:
            aggregates.append(
                {
                    "year": year,
                    "flow": flow,
                    "regime_code": code,
                    "value_usd_100m": value,
                    "method": f"{method.split(':')[0]}; aggregate of the regime rows",
                    "source_url": group["source_url"].iloc[0],
                }
            )
    out = pd.concat([rows, pd.DataFrame(aggregates)], ignore_index=True)
    out = out.assign(
        period="1-12",
        is_partial_year=False,
        regime_name_en=[_names(c)[0] for c in out.regime_code],
        regime_name_zh=[_names(c)[1] for c in out.regime_code],
        source=SOURCE_BULLETIN,
        value_usd_100m=out.value_usd_100m.round(2),
    )
    return out[SUMMARY_COLUMNS].sort_values(SUMMARY_KEY).reset_index(drop=True)


def read_regime_annual_summary(path: str | Path) -> pd.DataFrame:
    """Read ``regime/china_trade_by_regime_annual_summary.csv`` and check its identities.

    Output: ``SUMMARY_COLUMNS``, key (year, flow, regime_code); ``value_usd_100m`` in
    USD 100 million (亿美元) as in the file (blank where the page prints '-', i.e. nil);
    ``method`` as in the file ('reported', 'derived: ...', aggregates 'reported; = ...').

    Checks: unit 'USD 100 million (亿美元)', known flows and regime codes, numbers,
    non-negative regimes, one row per key, and per (year, flow): regimes sum to the total
    (reported years within 0.1; derived years within 0.1 %, because small regimes are
    revised), processing_total_AGG = assembly + imported materials, non_ordinary_AGG =
    total - ordinary, ordinary + processing_total_AGG + other_non_ordinary_non_processing_AGG
    = total (all within 0.02 for rounding).
    """
    columns = ["year", "flow", "regime_code", "value_usd_100m", "unit", "method", "source_url"]
    frame = validate.read_text_csv(path, columns)
    validate.allowed(frame, "unit", {"USD 100 million (亿美元)"}, path)
    validate.allowed(frame, "flow", {"export", "import"}, path)
    validate.allowed(frame, "regime_code", set(REGIMES) | set(AGGREGATES), path)
    frame["year"] = _year(frame, "year", path)
    frame["value_usd_100m"] = validate.numeric(frame, "value_usd_100m", path)
    regimes = frame[~frame.regime_code.str.endswith("_AGG")]
    validate.non_negative(regimes, "value_usd_100m", path)
    frame["flow"] = frame.flow.map({"export": "exports", "import": "imports"})
    validate.unique_key(frame, SUMMARY_KEY, path)
    _check_summary_identities(frame, path)
    out = frame.assign(
        period="1-12",
        is_partial_year=False,
        regime_name_en=[_names(c)[0] for c in frame.regime_code],
        regime_name_zh=[_names(c)[1] for c in frame.regime_code],
        source=SOURCE_BULLETIN,
    )
    return out[SUMMARY_COLUMNS].sort_values(SUMMARY_KEY).reset_index(drop=True)


def _check_summary_identities(frame: pd.DataFrame, path) -> None:
    wide = frame.pivot_table(
        index=["year", "flow"], columns="regime_code", values="value_usd_100m", aggfunc="first"
    )
    rows = frame.pivot_table(
        index=["year", "flow"], columns="regime_code", values=ROW, aggfunc="first"
    )
    derived = (
        frame.assign(d=frame.method.str.startswith("derived")).groupby(["year", "flow"])["d"].any()
    )
    members = [c for c in REGIMES if c != "total" and c in wide.columns]
    checks = pd.DataFrame({"total": wide["total"], ROW: rows["total"]})
    relative = np.where(derived.reindex(wide.index), SUMMARY_DERIVED_RELATIVE_TOLERANCE, 0.0)
    checks["regimes"] = wide[members].sum(axis=1, min_count=1)
    broken = (checks.total - checks.regimes).abs() > np.maximum(
        SUMMARY_SUM_TOLERANCE_USD_100M, relative * checks.total
    )
    if broken.any():
        key = broken.idxmax()
        raise InputDataError(
            path,
            f"regimes sum to the total fails for {key}: regimes sum to "
            f"{checks.at[key, 'regimes']:.2f}, total is {checks.at[key, 'total']:.2f}",
            column="value_usd_100m",
            row=int(checks.at[key, ROW]),
        )
    if not set(AGGREGATES) <= set(wide.columns):
        return
    identities = [
        (
            "processing_total_AGG",
            wide[list(PROCESSING_REGIMES)].sum(axis=1, min_count=1),
            "processing_total_AGG = assembly + imported materials",
        ),
        ("non_ordinary_AGG", wide.total - wide.ordinary, "non_ordinary_AGG = total - ordinary"),
        (
            "total",
            wide.ordinary + wide.processing_total_AGG + wide.other_non_ordinary_non_processing_AGG,
            "ordinary + processing + other = total",
        ),
    ]
    for code, expected, rule in identities:
        check = pd.DataFrame({"value_usd_100m": wide[code], ROW: rows[code]})
        validate.identity(
            check.reset_index(drop=True),
            "value_usd_100m",
            expected.reset_index(drop=True),
            path,
            rule=f"{rule} (the {code} row)",
            absolute=0.02,
        )


def add_total_flow(frame: pd.DataFrame, value_column: str, key: list[str]) -> pd.DataFrame:
    """Append flow 'total' = exports + imports for every key with both flows present.

    ``key`` are the columns other than ``flow`` that identify a value (e.g. year, period,
    regime_code). The new rows copy the export row's descriptive columns, have
    ``method``/``value_status`` 'derived: exports + imports' where those columns exist, and
    are NaN where either flow is NaN.
    """
    exports = frame[frame.flow == "exports"].set_index(key)
    imports = frame[frame.flow == "imports"].set_index(key)
    if exports.index.duplicated().any() or imports.index.duplicated().any():
        raise ValueError(f"add_total_flow: key {key} does not identify one row per flow")
    both = exports.index.intersection(imports.index)
    total = exports.loc[both].copy()
    total[value_column] = exports.loc[both, value_column] + imports.loc[both, value_column]
    total["flow"] = "total"
    for column in ("method", "value_status"):
        if column in total.columns:
            total[column] = "derived: exports + imports"
    if "yoy_pct" in total.columns:
        total["yoy_pct"] = math.nan
    total = total.reset_index()[frame.columns]
    return pd.concat([frame, total], ignore_index=True)


# --------------------------------------------------------------------------------------
# GACC press-release check values
# --------------------------------------------------------------------------------------

# unit as published -> (output column, factor to 100 million)
PRESS_UNITS = {
    "CNY trillion": ("value_cny_100m", 10_000.0),
    "USD trillion": ("value_usd_100m", 10_000.0),
    "USD billion": ("value_usd_100m", 10.0),
}
PRESS_COLUMNS = [
    "year",
    "period",
    "is_partial_year",
    "indicator",
    "value_as_published",
    "unit_as_published",
    "value_usd_100m",
    "value_cny_100m",
    "yoy_pct",
    "share_pct",
    "source_publisher",
    "source_url",
    "note",
]


def read_press_release_checks(path: str | Path) -> pd.DataFrame:
    """Read ``gacc/gacc_press_release_check_values.csv``: headline figures, for checks only.

    Output key (year, period, indicator, unit_as_published). ``period`` '1-12' for
    'Jan-Dec', '1-9' for 'Jan-Sep'; ``is_partial_year``. ``value_as_published`` and
    ``unit_as_published`` as in the file (blank where the page gives only a share);
    ``value_usd_100m`` / ``value_cny_100m`` the same value converted explicitly to 100
    million (trillion x 10,000; billion x 10), NaN for the other currency; ``yoy_pct``,
    ``share_pct`` (%, blank where not given).

    Checks: allowed units and periods, numbers, a value has a unit, one row per key, and
    per (year, period, currency) exports + imports = total trade and exports - imports =
    trade surplus within the rounding of the three figures as printed.
    """
    columns = [
        "year",
        "period",
        "indicator",
        "value",
        "unit",
        "yoy_pct",
        "share_pct",
        "source_publisher",
        "source_url",
        "note",
    ]
    frame = validate.read_text_csv(path, columns)
    frame["year"] = _year(frame, "year", path)
    validate.allowed(frame, "unit", set(PRESS_UNITS) | {""}, path)
    months = {f"Jan-{m}": f"1-{i + 1}" for i, m in enumerate(_MONTHS)}
    validate.allowed(frame, "period", set(months), path)
    for column in ("value", "yoy_pct", "share_pct"):
        frame[column] = validate.numeric(frame, column, path)
    no_unit = frame.value.notna() & (frame.unit == "")
    if no_unit.any():
        index = no_unit.idxmax()
        raise InputDataError(
            path, "a value without a unit", column="unit", row=int(frame.at[index, ROW])
        )
    validate.unique_key(frame, ["year", "period", "indicator", "unit"], path)
    out = frame.rename(columns={"value": "value_as_published", "unit": "unit_as_published"})
    out["period"] = frame.period.map(months)
    out["is_partial_year"] = out.period != "1-12"
    for column in ("value_usd_100m", "value_cny_100m"):
        out[column] = math.nan
    for unit, (column, factor) in PRESS_UNITS.items():
        rows = out.unit_as_published == unit
        out.loc[rows, column] = out.loc[rows, "value_as_published"] * factor
    _check_press_identities(out, path)
    return out[PRESS_COLUMNS].reset_index(drop=True)


PRESS_FLOWS = {
    "exports": "exports",
    "imports": "imports",
    "total trade": "total",
    "trade surplus": "balance",
}


def _check_press_identities(frame: pd.DataFrame, path) -> None:
    """Exports + imports = total trade and exports - imports = surplus, per currency."""
    rows = frame[frame.indicator.isin(PRESS_FLOWS) & frame.value_as_published.notna()]
    rows = rows.assign(
        flow=rows.indicator.map(PRESS_FLOWS),
        currency_column=np.where(rows.value_usd_100m.notna(), "value_usd_100m", "value_cny_100m"),
    )
    rows["value"] = rows.value_usd_100m.fillna(rows.value_cny_100m)
    rows["rounding_unit"] = rows.value.map(rounding_unit)
    _check_flow_identities(rows, ["year", "period"], path, lambda key: "WORLD")


# --------------------------------------------------------------------------------------
# transcribed series: China totals and trade modes; China-reported partner trade
# --------------------------------------------------------------------------------------

SERIES_UNITS = {
    "USD 100 million (亿美元)": "value_usd_100m",
    "CNY 100 million (亿元)": "value_cny_100m",
}
SERIES_FLOWS = {
    "export": "exports",
    "import": "imports",
    "balance": "balance",
    "exports_plus_imports": "total",
}
SERIES_STATUSES = {"reported", "reported_rounded", "derived"}
TRADE_MODES = {"all", "ordinary", "processing_customs", "non_ordinary"}
PARTNERS = {"USA", "EU", "JPN", "KOR", "ASEAN"}

# Cells of the transcribed files whose identity (X + M = total, X - M = balance) fails
# because the quoted pages disagree with each other or with themselves. They are kept and
# flagged, never corrected; anything else that fails stops the parse.
# (partner or 'WORLD', year, period, trade_mode/'all', currency column, flow) -> reason
KNOWN_INCONSISTENT: dict[tuple[str, int, str, str, str, str], str] = {
    ("WORLD", 2024, "1-12", "all", "value_cny_100m", "balance"): (
        "the page (menafn.com) prints a surplus of 7.27 tn yuan, but its own exports 25.45 "
        "and imports 18.39 tn give 7.06 tn"
    ),
    ("KOR", 2021, "1-12", "all", "value_usd_100m", "total"): (
        "total 3,624 (china-nbn) vs exports 1,505.2 (KITA) + imports 2,135.55 (FKI) = "
        "3,640.8 from two other pages (0.5 % gap; series/SOURCES.md)"
    ),
}

TOTALS_COLUMNS = [
    "reporter",
    "reporter_side",
    "year",
    "period",
    "is_partial_year",
    "flow",
    "trade_mode",
    "value_usd_100m",
    "value_cny_100m",
    "status",
    "rounding_unit",
    "consistency_note",
    "source",
    "source_url",
    "note",
]
BILATERAL_COLUMNS = [
    "reporter",
    "reporter_side",
    "partner",
    "year",
    "period",
    "is_partial_year",
    "flow",
    "value_usd_100m",
    "value_cny_100m",
    "status",
    "rounding_unit",
    "consistency_note",
    "source",
    "source_url",
    "note",
]


def rounding_unit(value: float) -> float:
    """The precision a transcribed figure carries: the largest power of ten dividing it.

    14,300 ('1.43 trillion') -> 100; 3,517.6 -> 0.1; 2,135.55 -> 0.01; 0 -> 0.01.
    """
    if value == 0 or math.isnan(value):
        return 0.01
    for exponent in range(6, -3, -1):
        unit = 10.0**exponent
        if abs(round(value / unit) * unit - value) < 1e-6:
            return unit
    return 0.01


def _periods(frame: pd.DataFrame, path) -> pd.Series:
    months = {f"Jan-{m}": f"1-{i + 1}" for i, m in enumerate(_MONTHS)} | {"full year": "1-12"}
    validate.allowed(frame, "period", set(months), path)
    return frame.period.map(months)


def _series_values(frame: pd.DataFrame, path) -> pd.DataFrame:
    validate.allowed(frame, "unit", set(SERIES_UNITS), path)
    validate.allowed(frame, "flow", set(SERIES_FLOWS), path)
    validate.allowed(frame, "status", SERIES_STATUSES, path)
    frame["year"] = _year(frame, "year", path)
    frame["value"] = validate.numeric(frame, "value", path, allow_missing=False)
    gross = frame[frame.flow != "balance"]
    validate.non_negative(gross, "value", path)
    frame["flow"] = frame.flow.map(SERIES_FLOWS)
    for unit, column in SERIES_UNITS.items():
        frame[column] = frame.value.where(frame.unit == unit)
    frame["currency_column"] = frame.unit.map(SERIES_UNITS)
    frame["rounding_unit"] = frame.value.map(rounding_unit)
    return frame


def _check_flow_identities(frame: pd.DataFrame, group: list[str], path, partner_of) -> pd.Series:
    """X + M = total and X - M = balance within the sum of the terms' rounding units.

    Returns the consistency note per row ('' or the reason from ``KNOWN_INCONSISTENT``).
    """
    notes = pd.Series("", index=frame.index)
    for key, rows in frame.groupby(group + ["currency_column"]):
        by_flow = rows.set_index("flow")
        values, units = by_flow["value"], by_flow["rounding_unit"]
        for target, sign in [("total", 1.0), ("balance", -1.0)]:
            if not {"exports", "imports", target} <= set(by_flow.index):
                continue
            expected = values["exports"] + sign * values["imports"]
            tolerance = units["exports"] + units["imports"] + units[target]
            found = values[target]
            key_map = {
                name: value.item() if hasattr(value, "item") else value
                for name, value in zip(group + ["currency_column"], key, strict=True)
            }
            known = (
                partner_of(key_map),
                key_map["year"],
                key_map["period"],
                key_map.get("trade_mode", "all"),
                key_map["currency_column"],
                target,
            )
            index = rows.index[rows.flow == target][0]
            if abs(found - expected) <= tolerance:
                continue
            if known in KNOWN_INCONSISTENT:
                notes[index] = (
                    f"exports {'+' if sign > 0 else '-'} imports = {expected:,.1f}, not "
                    f"{found:,.1f}: {KNOWN_INCONSISTENT[known]}"
                )
                continue
            rule = "exports + imports = total" if sign > 0 else "exports - imports = balance"
            raise InputDataError(
                path,
                f"{rule} fails for {key_map}: {values['exports']:g} "
                f"{'+' if sign > 0 else '-'} {values['imports']:g} = {expected:g}, the file "
                f"has {found:g} (tolerance {tolerance:g}, the rounding of the three figures)",
                column="value",
                row=int(rows.at[index, ROW]),
            )
    return notes


def read_china_trade_totals_transcribed(path: str | Path) -> pd.DataFrame:
    """Read ``series/china_trade_totals_and_by_mode_transcribed.csv`` (China, GACC figures).

    Output key (year, period, flow, trade_mode, currency): ``reporter`` 'CHN',
    ``reporter_side`` 'own'; ``period`` '1-12' ('full year') or '1-11' ('Jan-Nov', partial);
    ``is_partial_year``; ``flow`` 'exports', 'imports', 'balance' (exports - imports, may be
    negative), 'total' (exports + imports); ``trade_mode`` 'all', 'ordinary' (一般贸易),
    'processing_customs' (来料 + 进料), 'non_ordinary' (total - ordinary);
    ``value_usd_100m`` (亿美元) or ``value_cny_100m`` (亿元), the other NaN; ``status``
    'reported', 'reported_rounded' or 'derived'; ``rounding_unit`` (see ``rounding_unit``);
    ``consistency_note`` (non-empty for the cells of ``KNOWN_INCONSISTENT``); ``source``,
    ``source_url`` (the page quoted), ``note``.

    Checks: allowed codes, numbers, gross flows non-negative, one row per key, and within
    each (year, period, trade_mode, currency) exports + imports = total and exports -
    imports = balance within the sum of the three figures' rounding units; non_ordinary =
    all - ordinary where both are given.
    """
    columns = [
        "reporter",
        "year",
        "period",
        "flow",
        "trade_mode",
        "value",
        "unit",
        "status",
        "source_url",
        "note",
    ]
    frame = validate.read_text_csv(path, columns)
    validate.allowed(frame, "reporter", {"China (GACC customs statistics)"}, path)
    validate.allowed(frame, "trade_mode", TRADE_MODES, path)
    frame["period"] = _periods(frame, path)
    frame = _series_values(frame, path)
    key = ["year", "period", "flow", "trade_mode", "currency_column"]
    validate.unique_key(frame, key, path)
    frame["consistency_note"] = _check_flow_identities(
        frame, ["year", "period", "trade_mode"], path, lambda k: "WORLD"
    )
    _check_non_ordinary(frame, path)
    out = frame.assign(
        reporter="CHN",
        reporter_side="own",
        is_partial_year=frame.period != "1-12",
        source="GACC figures as quoted in press or government pages (transcribed)",
    )
    return out[TOTALS_COLUMNS].sort_values(key[:-1]).reset_index(drop=True)


def _check_non_ordinary(frame: pd.DataFrame, path) -> None:
    wide = frame.pivot_table(
        index=["year", "period", "flow", "currency_column"],
        columns="trade_mode",
        values="value",
        aggfunc="first",
    )
    rows = frame.pivot_table(
        index=["year", "period", "flow", "currency_column"],
        columns="trade_mode",
        values=ROW,
        aggfunc="first",
    )
    if not {"all", "ordinary", "non_ordinary"} <= set(wide.columns):
        return
    check = pd.DataFrame({"non_ordinary": wide.non_ordinary, ROW: rows.non_ordinary})
    check = check.reset_index(drop=True)
    validate.identity(
        check,
        "non_ordinary",
        (wide["all"] - wide.ordinary).reset_index(drop=True),
        path,
        rule="non_ordinary = all - ordinary",
        absolute=0.15,
    )


def read_china_bilateral_transcribed(path: str | Path) -> pd.DataFrame:
    """Read ``series/china_bilateral_trade_transcribed.csv``: China-reported partner trade.

    Output key (partner, year, period, flow, currency): ``reporter`` 'CHN',
    ``reporter_side`` 'own' (China customs figures, as quoted); ``partner`` 'USA', 'JPN',
    'KOR', 'ASEAN' or 'EU' (EU of the year's composition: EU15/25/27/28, not the current
    EU27; see ``note``); ``year``; ``period`` '1-12'; ``flow`` 'exports', 'imports',
    'balance', 'total'; ``value_usd_100m`` (亿美元) or ``value_cny_100m`` (亿元; ASEAN 2023
    only); ``status``, ``rounding_unit``, ``consistency_note``, ``source``, ``source_url``,
    ``note``. Years 2021-2024 are the target period; earlier years are check values.

    Checks as ``read_china_trade_totals_transcribed`` (X + M = total, X - M = balance within
    the figures' rounding; the 2021 Korea gap of 0.5 % is flagged, not corrected).
    """
    columns = [
        "reporter",
        "year",
        "partner",
        "flow",
        "value",
        "unit",
        "status",
        "source_url",
        "note",
    ]
    frame = validate.read_text_csv(path, columns)
    validate.allowed(frame, "reporter", {"CHN (China customs, as reported in press)"}, path)
    validate.allowed(frame, "partner", PARTNERS, path)
    frame = _series_values(frame, path)
    frame["period"] = "1-12"
    key = ["partner", "year", "flow", "currency_column"]
    validate.unique_key(frame, key, path)
    frame["consistency_note"] = _check_flow_identities(
        frame, ["partner", "year", "period"], path, lambda k: k["partner"]
    )
    out = frame.assign(
        reporter="CHN",
        reporter_side="own",
        is_partial_year=False,
        source="China customs figures as quoted in press pages (transcribed)",
    )
    return out[BILATERAL_COLUMNS].sort_values(key[:-1]).reset_index(drop=True)


def read_transcription_log(path: str | Path) -> pd.DataFrame:
    """Read ``series/raw/transcription_log.csv``: each page read and what it states.

    Output columns: ``year_or_period`` (text, e.g. '2012', '2021-2022', '2017 Jan-Nov'),
    ``source_url``, ``transcribed_statement``. Checks: the three
    columns present and non-empty, URLs start with http(s)://, one row per (period, URL).
    """
    columns = ["year_or_period", "source_url", "transcribed_statement"]
    frame = validate.read_text_csv(path, columns)
    for column in columns:
        empty = frame[column].str.strip() == ""
        if empty.any():
            index = empty.idxmax()
            raise InputDataError(path, "empty cell", column=column, row=int(frame.at[index, ROW]))
    bad = ~frame.source_url.str.match(r"https?://")
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"{frame.at[index, 'source_url']!r} is not an http(s) address",
            column="source_url",
            row=int(frame.at[index, ROW]),
        )
    validate.unique_key(frame, ["year_or_period", "source_url"], path)
    return frame[columns].reset_index(drop=True)


def unlogged_pages(transcribed: pd.DataFrame, log: pd.DataFrame) -> list[str]:
    """Source pages of a transcribed table that the transcription log does not list."""
    return sorted(set(transcribed.source_url) - set(log.source_url))
