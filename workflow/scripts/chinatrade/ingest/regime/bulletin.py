"""GACC bulletin tables (5), (6) and (7): trade by customs regime (and by type of enterprise),
read from the transcribed text files and checked; the layout of the snapshot's tidy CSVs.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade.errors import InputDataError
from chinatrade.ingest.regime.codes import (
    _MONTHS,
    ENTERPRISE_PARTS,
    FIE_PARTS,
    REGIMES,
    SOURCE_BULLETIN,
    TABLE_REGIMES,
)
from chinatrade.ingest.regime.text import (
    _NIL,
    _TRUNCATED,
    _columns,
    _Header,
    _is_yoy_line,
    _parse_cell,
    _parse_yoy,
    _read_header,
    _read_lines,
    _split_label,
)
from chinatrade.validate import ROW

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
