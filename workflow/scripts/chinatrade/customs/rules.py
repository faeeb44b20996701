"""The rules every record must meet, checked in SQL, and the errors that name the file, the
column, the row and the offending value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from chinatrade.customs.reading import (
    _column_types,
    _first_line,
    _kind,
    _quoted,
    _reader,
    _relation,
    _Source,
    _typed_select,
)
from chinatrade.errors import InputDataError


@dataclass(frozen=True)
class _Rule:
    name: str
    column: str
    predicate: str  # SQL on the typed columns: TRUE when the row breaks the rule
    problem: str  # message; {value} is the raw value
    # the typed column the predicate reads, when it reads one of KEY_COLUMNS only: the rule
    # is then checked once per distinct value of that column; None: on every record
    key: str | None = None


# typed columns whose rules are checked on their distinct values (few, even in 100 M records)
KEY_COLUMNS = ("hs", "partner", "province", "regime", "flow", "year_num", "month_num")
# a record passes every rule on its value (the row rules below) exactly when this holds;
# NaN compares above infinity in DuckDB, so it fails too
VALUE_OK = "COALESCE(value_num >= 0 AND value_num < 'inf'::DOUBLE, false)"


def _rules(year: int, hs_level: int) -> list[_Rule]:
    return [
        _Rule(
            "hs_code",
            "hs_code",
            "NOT COALESCE(regexp_full_match(hs, '([0-9]{2}){1,4}') "
            "AND substr(hs, 1, 2) <> '00', false)",
            "hs_code {value} is not an HS code of 2, 4, 6 or 8 digits (text, leading zeros kept)",
            "hs",
        ),
        _Rule(
            "hs_level",
            "hs_code",
            f"COALESCE(length(hs) < {int(hs_level)}, false)",
            "hs_code {value} has fewer digits than hs_level " + str(int(hs_level)),
            "hs",
        ),
        _Rule(
            "partner",
            "partner",
            "NOT COALESCE(regexp_full_match(partner, '[A-Z]{3}'), false)",
            "partner {value} is not an ISO3 code (three upper-case letters)",
            "partner",
        ),
        _Rule(
            "province_missing", "province", "province IS NULL", "province is missing", "province"
        ),
        _Rule(
            "regime_missing",
            "customs_regime",
            "regime IS NULL",
            "customs_regime is missing",
            "regime",
        ),
        _Rule(
            "flow",
            "flow",
            "NOT COALESCE(flow IN ('exports', 'imports'), false)",
            "flow {value} is not 'exports' or 'imports'",
            "flow",
        ),
        _Rule(
            "year_format",
            "year",
            "NOT COALESCE(isfinite(year_num) AND year_num = round(year_num), false)",
            "year {value} is not a whole number",
            "year_num",
        ),
        _Rule(
            "year",
            "year",
            f"COALESCE(year_num <> {int(year)}, false)",
            "year {value} in a file given for year " + str(int(year)) + " (wrong file or year?)",
            "year_num",
        ),
        _Rule(
            "month",
            "month",
            "NOT COALESCE(month_num IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), false)",
            "month {value} is not a whole number from 1 to 12",
            "month_num",
        ),
        _Rule("value_missing", "value_usd", "NOT value_present", "value_usd is missing"),
        _Rule(
            "value_number",
            "value_usd",
            "value_present AND value_num IS NULL",
            "value_usd {value} is not a number",
        ),
        _Rule(
            "value_finite",
            "value_usd",
            "COALESCE(NOT isfinite(value_num), false)",
            "value_usd {value} is not a finite number",
        ),
        _Rule(
            "value_negative",
            "value_usd",
            "COALESCE(value_num < 0, false)",
            "value_usd {value} is negative; values are gross trade flows in USD",
        ),
    ]


def _offending_row(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[_Source],
    predicate: str,
    column: str,
) -> tuple[str, int | None, str | None]:
    """(file, row, raw value) of the first record breaking ``predicate``.

    Finds the first file (in name order) with such a record, then scans that file alone on
    one thread, so that the row number counts the file's records in order.
    """
    relation = _relation(con, sources)
    found = con.execute(f"SELECT min(source_file) FROM ({relation}) WHERE {predicate}").fetchone()[
        0
    ]
    if found is None:
        return "", None, None
    source = next(s for s in sources if found in s.files)
    types = _column_types(con, source)
    con.execute("SET threads = 1")
    con.execute("SET preserve_insertion_order = true")
    if source.kind == "parquet":
        inner = _reader(source, [found])
        row_expr = "file_row_number + 1"
        order = "ORDER BY source_row"
    else:
        inner = (
            f"(SELECT *, row_number() OVER () + 1 AS _customs_row FROM {_reader(source, [found])})"
        )
        row_expr = "_customs_row"
        order = ""
    typed = _typed_select(source, types, inner, row_expr)
    row, value = con.execute(
        f"SELECT source_row, {_quoted('raw_' + column)} FROM ({typed}) "
        f"WHERE {predicate} {order} LIMIT 1"
    ).fetchone()
    return found, (int(row) if row is not None else None), value


def _shown(value: str | None) -> str:
    if value is None or str(value).strip() == "":
        return "(empty)"
    return repr(str(value))


def _raise_rule(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[_Source],
    predicate: str,
    column: str,
    problem: str,
    count: int,
) -> None:
    file, row, value = _offending_row(con, sources, predicate, column)
    where: int | str | None = row
    if row is not None and _kind(file) == "parquet":
        where = f"{row} (record number in the Parquet file, from 1)"
    text = problem.format(value=_shown(value))
    if count > 1:
        text += f" ({count:,} rows of the input break this rule)"
    raise InputDataError(file, text, column=column, row=where)


def _raise_read_error(
    con: duckdb.DuckDBPyConnection, sources: Sequence[_Source], error: duckdb.Error
) -> None:
    """Name the file DuckDB could not read (each file is tried alone)."""
    for source in sources:
        for path in source.files:
            try:
                con.execute(f"SELECT count(*) FROM {_reader(source, [path])}").fetchone()
            except duckdb.Error as single:
                message = str(single)
                line = re.search(r"CSV Error on Line: (\d+)", message)
                detail = [
                    text
                    for text in message.splitlines()
                    if text.startswith(("Original Line", "Expected Number"))
                ]
                raise InputDataError(
                    path,
                    f"cannot be read as {source.kind.upper()}: "
                    + "; ".join([_first_line(single), *detail]),
                    row=int(line.group(1)) if line else None,
                ) from single
    files = [f for s in sources for f in s.files]
    raise InputDataError(", ".join(files), f"cannot be read: {_first_line(error)}") from error
