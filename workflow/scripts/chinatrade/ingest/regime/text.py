"""The transcribed GACC bulletin text files: header comments, column labels, cells and the
lines of y/y changes (shared by the regime tables (5)-(7) and the commodity table (18)).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from chinatrade.errors import InputDataError
from chinatrade.ingest.regime.codes import _MONTHS, ENTERPRISE_COLUMNS, REGIME_LABELS, TABLE_FLOWS

_VALUE = re.compile(r"^\d{1,3}(?:,\d{3})*$")
_NUMBER_LIKE = re.compile(r"^-?[\d,]*\d(?:\.\d+)?$")
_YOY = re.compile(r"^-?\d+(?:\.\d+)?$")
_NIL = "-"
_TRUNCATED = "[truncated]"
_NOT_PRINTED = "[?]"


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
