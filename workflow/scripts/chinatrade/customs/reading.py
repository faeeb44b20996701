"""Reading the user's files with DuckDB: paths and globs, CSV headers and Parquet types, and
one typed relation over a year's files.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from chinatrade.customs.schema import REQUIRED_COLUMNS
from chinatrade.errors import InputDataError

_INTEGER_TYPES = {
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
}
_FLOAT_TYPES = {"FLOAT", "DOUBLE"}


@dataclass(frozen=True)
class _Source:
    kind: str  # "csv" or "parquet"
    files: tuple[str, ...]
    header: tuple[str, ...] = ()  # CSV: the header shared by the files


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _file_list(files: Iterable[str]) -> str:
    return "[" + ", ".join(_literal(f) for f in files) + "]"


def _kind(path: str) -> str:
    name = path.lower()
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".csv", ".csv.gz")):
        return "csv"
    raise InputDataError(path, "unknown file type; expected .csv, .csv.gz or .parquet")


def expand_paths(paths: str | Path | Sequence[str | Path]) -> list[str]:
    """The files named by ``paths`` (files or glob patterns), in order, without repeats."""
    import glob

    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[str] = []
    for item in paths:
        text = str(item)
        if any(ch in text for ch in "*?["):
            matches = sorted(glob.glob(text, recursive=True))
            matches = [m for m in matches if Path(m).is_file()]
            if not matches:
                raise InputDataError(text, "no file matches this pattern")
        else:
            if not Path(text).is_file():
                raise InputDataError(text, "file not found")
            matches = [text]
        for match in matches:
            if match not in files:
                files.append(match)
    if not files:
        raise InputDataError(str(paths), "no input file given")
    return files


def _csv_header(path: str) -> tuple[str, ...]:
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as error:
        raise InputDataError(path, f"not UTF-8 text ({error.reason})", row=1) from error
    except (OSError, csv.Error) as error:
        raise InputDataError(path, f"cannot be read as CSV ({error})") from error
    if not header:
        raise InputDataError(path, "the file is empty; expected a header line", row=1)
    header = tuple(name.strip() for name in header)
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise InputDataError(path, f"column(s) {repeated} appear twice in the header", row=1)
    return header


def _require(path: str, found: Sequence[str], row: int | None) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in found]
    if missing:
        raise InputDataError(
            path,
            f"required column(s) {missing} not found; the file has {list(found)} "
            f"(expected {list(REQUIRED_COLUMNS)})",
            column=missing[0],
            row=row,
        )


def _sources(con: duckdb.DuckDBPyConnection, files: Sequence[str]) -> list[_Source]:
    """Group the files by reader (CSV files by header), checking every file's columns."""
    csv_groups: dict[tuple[str, ...], list[str]] = {}
    parquet: list[str] = []
    for path in files:
        if _kind(path) == "csv":
            header = _csv_header(path)
            _require(path, header, row=1)
            csv_groups.setdefault(header, []).append(path)
        else:
            types = _parquet_types(con, path)
            _require(path, list(types), row=None)
            _check_parquet_types(path, types)
            parquet.append(path)
    sources = [_Source("csv", tuple(group), header) for header, group in csv_groups.items()]
    if parquet:
        sources.append(_Source("parquet", tuple(parquet)))
    return sources


def _parquet_types(con: duckdb.DuckDBPyConnection, path: str) -> dict[str, str]:
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_literal(path)})").fetchall()
    except duckdb.Error as error:
        raise InputDataError(path, f"cannot be read as Parquet ({_first_line(error)})") from error
    return {name: str(kind) for name, kind, *_ in rows}


def _is_number(kind: str) -> bool:
    return kind in _INTEGER_TYPES or kind in _FLOAT_TYPES or kind.startswith("DECIMAL")


def _check_parquet_types(path: str, types: Mapping[str, str]) -> None:
    rules = {
        "year": "number",
        "month": "number",
        "value_usd": "number",
        "hs_code": "text",
        "partner": "text",
        "flow": "text",
        "province": "code",
        "customs_regime": "code",
    }
    for column, rule in rules.items():
        kind = types[column]
        ok = kind == "VARCHAR" or (
            _is_number(kind) if rule == "number" else rule == "code" and kind in _INTEGER_TYPES
        )
        if not ok:
            extra = (
                "; HS codes must be text, a number loses their leading zeros"
                if column == "hs_code" and _is_number(kind)
                else ""
            )
            raise InputDataError(
                path,
                f"column is stored as {kind}; expected "
                + ("a number or text" if rule == "number" else "text")
                + (" or an integer" if rule == "code" else "")
                + extra,
                column=column,
            )


def _reader(source: _Source, files: Sequence[str] | None = None) -> str:
    files = source.files if files is None else files
    if source.kind == "csv":
        columns = "{" + ", ".join(f"{_literal(c)}: 'VARCHAR'" for c in source.header) + "}"
        return (
            f"read_csv({_file_list(files)}, auto_detect=false, header=true, delim=',', "
            f"quote='\"', escape='\"', strict_mode=true, columns={columns}, "
            "filename='_customs_source_file')"
        )
    return (
        f"read_parquet({_file_list(files)}, union_by_name=true, "
        "filename='_customs_source_file', file_row_number=true)"
    )


def _column_types(con: duckdb.DuckDBPyConnection, source: _Source) -> dict[str, str]:
    if source.kind == "csv":
        return {c: "VARCHAR" for c in source.header}
    rows = con.execute(f"DESCRIBE SELECT * FROM {_reader(source)}").fetchall()
    return {name: str(kind) for name, kind, *_ in rows}


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _typed_select(source: _Source, types: Mapping[str, str], inner: str, row_expr: str) -> str:
    """SELECT the typed columns (and the raw ones, for messages) from ``inner``."""

    def number(column: str) -> str:
        q = _quoted(column)
        if types[column] == "VARCHAR":
            return f"TRY_CAST(trim({q}) AS DOUBLE)"
        return f"CAST({q} AS DOUBLE)"

    def present(column: str) -> str:
        q = _quoted(column)
        if types[column] == "VARCHAR":
            return f"(NULLIF(trim({q}), '') IS NOT NULL)"
        return f"({q} IS NOT NULL)"

    def text(column: str) -> str:
        q = _quoted(column)
        if types[column] == "VARCHAR":
            return f"NULLIF(trim({q}), '')"
        return f"CAST({q} AS VARCHAR)"

    regime = text("customs_regime")
    raw = ", ".join(
        f"CAST({_quoted(c)} AS VARCHAR) AS {_quoted('raw_' + c)}" for c in REQUIRED_COLUMNS
    )
    return f"""
        SELECT
            _customs_source_file AS source_file,
            {row_expr} AS source_row,
            {number("year")} AS year_num,
            {number("month")} AS month_num,
            {text("hs_code")} AS hs,
            {text("partner")} AS partner,
            {text("province")} AS province,
            CASE WHEN length({regime}) = 3 THEN '0' || {regime} ELSE {regime} END AS regime,
            {text("flow")} AS flow,
            {number("value_usd")} AS value_num,
            {present("value_usd")} AS value_present,
            {raw}
        FROM {inner}
    """


def _relation(con: duckdb.DuckDBPyConnection, sources: Sequence[_Source]) -> str:
    """SQL of all records, typed, for the main scan (no row numbers for CSV)."""
    parts = []
    for source in sources:
        row = "file_row_number + 1" if source.kind == "parquet" else "CAST(NULL AS BIGINT)"
        parts.append(_typed_select(source, _column_types(con, source), _reader(source), row))
    return "\nUNION ALL\n".join(f"({p})" for p in parts)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
