"""China Customs records supplied by the user: checked and aggregated out of core with DuckDB.

Researchers who hold China Customs records (transaction-level declarations or aggregate
tables) point the workflow at their files; nothing here ships or downloads such data. A
year of transaction records is about 20 million rows, so the files are never loaded into
pandas: DuckDB reads them within a memory limit (``memory_limit``, spilling to a
``temp_directory``), checks every rule with SQL, and writes one small aggregate per year.

## Input schema

One or many files per year, CSV (UTF-8, comma-separated, `"` quotes, header in the first
line; `.csv` or `.csv.gz`) or Parquet (`.parquet`). Paths may be glob patterns
(`customs/2018/*.parquet`). Column order does not matter and extra columns are ignored;
names are exact (lower case). One row per record (a declaration line, or a cell of an
aggregate table).

| column | type | meaning and rule |
|---|---|---|
| `year` | integer | calendar year; every row of a year's files must carry that year |
| `month` | integer | 1-12 |
| `hs_code` | text | HS code of 2, 4, 6 or 8 digits, leading zeros kept (`"01012100"`) (1) |
| `partner` | text | partner economy, ISO 3166-1 alpha-3, upper case (`USA`) (2) |
| `province` | text | GB/T 2260 code (`440000`) or the province's name (3) |
| `customs_regime` | text | China Customs trade-mode code, 2 or 4 digits (`10`, `0110`) (4) |
| `flow` | text | `exports` or `imports` (China's) |
| `value_usd` | number | US dollars (units, not thousands), non-negative (5) |

1. 8 digits in transaction records, fewer in aggregate files; a Parquet column stored as a
   number is refused (its leading zeros are lost).
2. Only the form is checked (China's own code, `CHN`, appears for re-imports).
3. A city or county code (`440300`) is counted in its province; names as in
   `workflow/resources/nbs_provinces.csv` (`广东省`, `广东` or `Guangdong`). An integer
   column is accepted.
4. The 2-digit statistical trade-mode code (贸易方式: `10`, `14`, `15`, ...) or the 4-digit
   supervision code (监管方式: `0110`, `0214`, `0615`, ...); a 3-digit value is a 4-digit
   code that lost its leading zero (`110` = `0110`). An integer column is accepted.
5. In CSV, plain decimal notation (`1234.5`, `1.2e6`; no thousands separators).

## Customs regimes

Regimes are grouped into `ordinary` (一般贸易), `processing_customs` (China Customs'
加工贸易: 来料加工装配贸易 + 进料加工贸易) and `other` (every other regime), as in the
canonical regime tables. `CUSTOMS_REGIMES` holds the 2-digit statistical codes, named as in
GACC's monthly table "Imports and Exports by Customs Regime":

| code | regime | group |
|---|---|---|
| 10 | Ordinary trade (一般贸易) | ordinary |
| 11 | Aid or donation between governments or by international organizations | other |
| 12 | Other donation | other |
| 13 | Compensation trade (补偿贸易) | other |
| 14 | Processing and assembling (来料加工装配贸易) | processing_customs |
| 15 | Processing with imported materials (进料加工贸易) | processing_customs |
| 16 | Goods on consignment (寄售、代销贸易) | other |
| 19 | Border trade (边境小额贸易) | other |
| 20 | Equipment for processing trade (加工贸易进口设备) | other |
| 22 | Contracting projects (对外承包工程出口货物) | other |
| 23 | Goods on lease (租赁贸易) | other |
| 25 | Equipment or materials imported as investment by foreign-invested enterprises | other |
| 27 | Outward processing (出料加工贸易) | other |
| 30 | Barter trade (易货贸易) | other |
| 31 | Duty-free commodities on payment of foreign currency (免税外汇商品) | other |
| 33 | Customs warehousing trade (保税监管场所进出境货物) | other |
| 34 | Logistics goods by customs special control area (海关特殊监管区域物流货物) | other |
| 35 | Equipment imported into customs special control area | other |
| 39 | Other (其他) | other |
| 41 | Duty-free goods (免税品; in the statistics since 2014) | other |

A 4-digit supervision code is read through its last two digits, which China Customs defines
as the statistical trade-mode code (`0110` -> 10 ordinary, `0214` -> 14, `0615` and `0715`
-> 15, `4019` -> 19 border trade, `1233` -> 33). Supervision codes whose last two digits are
not in the table (e.g. `0654` deep-processing carry-over, `0644` domestic sale of imported
materials: their place in the trade statistics is not given by the code) are refused,
naming the code, unless the user's `regime_map` gives them a group. `regime_map` (code ->
`ordinary`, `processing_customs`, `other` or `exclude`) is consulted first, for a 4-digit
code before its last two digits; `exclude` drops the records.

## Output of `aggregate_year`

A Parquet table, one row per (`hs_code`, `regime_group`, `partner_iso3`, `province_code`,
`flow`) of the year; the list of input files is in the file's key-value metadata
(`source_files`).

| column | type | meaning |
|---|---|---|
| `year` | int | the year |
| `hs_level` | int | digits kept (2 = HS chapter) |
| `hs_code` | str | HS code cut to `hs_level` digits |
| `hs_chapter` | str | HS chapter (2 digits), to join `hs_chapter_sections` |
| `regime_group` | str | `ordinary`, `processing_customs`, `other` |
| `partner_iso3` | str | partner (ISO3) |
| `province_code` | str | GB/T 2260 province code (`440000`) |
| `flow` | str | `exports`, `imports` |
| `value_usd` | float | US dollars |
| `n_records` | int | input rows summed |
| `months_covered` | int | distinct months in the year's input (12 for a full year) |
| `reporter_side` | str | `own` (China's own statistics) |
| `source` | str | `China Customs records (user files)` |

Every broken rule raises `InputDataError` naming the file, the column, the row (CSV: the row
as a spreadsheet shows it, header = row 1; Parquet: the record number, from 1), the
offending value and how many rows in all break the rule; nothing is written.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from chinatrade.errors import InputDataError
from chinatrade.io import atomic_path

REQUIRED_COLUMNS = (
    "year",
    "month",
    "hs_code",
    "partner",
    "province",
    "customs_regime",
    "flow",
    "value_usd",
)
FLOWS = ("exports", "imports")
REGIME_GROUPS = ("ordinary", "processing_customs", "other")
EXCLUDE = "exclude"  # a regime_map value: drop the records
HS_LEVELS = (2, 4, 6, 8)
SOURCE = "China Customs records (user files)"
REPORTER_SIDE = "own"

# China Customs' 2-digit statistical trade-mode codes (贸易方式), with the regime key used by
# the canonical GACC bulletin table (chinatrade.ingest.regime.REGIMES; "" where the bulletin
# has no line of its own: GACC counts compensation, consignment and barter trade in "other").
# code: (group, English name, Chinese name, GACC bulletin regime key)
CUSTOMS_REGIMES: dict[str, tuple[str, str, str, str]] = {
    "10": ("ordinary", "Ordinary trade", "一般贸易", "ordinary"),
    "11": (
        "other",
        "Aid or donation between governments or by international organizations",
        "国家间、国际组织无偿援助和赠送的物资",
        "aid_donation_government_intl_org",
    ),
    "12": ("other", "Other donation", "其他捐赠物资", "other_donation"),
    "13": ("other", "Compensation trade", "补偿贸易", ""),
    "14": (
        "processing_customs",
        "Processing and assembling",
        "来料加工装配贸易",
        "processing_assembly_supplied_materials",
    ),
    "15": (
        "processing_customs",
        "Processing with imported materials",
        "进料加工贸易",
        "processing_imported_materials",
    ),
    "16": ("other", "Goods on consignment", "寄售、代销贸易", ""),
    "19": ("other", "Border trade", "边境小额贸易", "border_trade"),
    "20": (
        "other",
        "Equipment for processing trade",
        "加工贸易进口设备",
        "processing_trade_imported_equipment",
    ),
    "22": ("other", "Contracting projects", "对外承包工程出口货物", "overseas_contracted_projects"),
    "23": ("other", "Goods on lease", "租赁贸易", "leasing_trade"),
    "25": (
        "other",
        "Equipment or materials imported as investment by foreign-invested enterprises",
        "外商投资企业作为投资进口的设备、物品",
        "fie_investment_equipment",
    ),
    "27": ("other", "Outward processing", "出料加工贸易", "outward_processing"),
    "30": ("other", "Barter trade", "易货贸易", ""),
    "31": (
        "other",
        "Duty-free commodities on payment of foreign currency",
        "免税外汇商品",
        "dutyfree_foreign_exchange_commodities",
    ),
    "33": (
        "other",
        "Customs warehousing trade",
        "保税监管场所进出境货物",
        "bonded_supervision_sites",
    ),
    "34": (
        "other",
        "Logistics goods by customs special control area",
        "海关特殊监管区域物流货物",
        "special_customs_area_logistics",
    ),
    "35": (
        "other",
        "Equipment imported into customs special control area",
        "海关特殊监管区域进口设备",
        "special_customs_area_equipment",
    ),
    "39": ("other", "Other", "其他", "other"),
    "41": ("other", "Duty-free goods", "免税品", "dutyfree_goods"),
}

OUTPUT_COLUMNS = [
    "year",
    "hs_level",
    "hs_code",
    "hs_chapter",
    "regime_group",
    "partner_iso3",
    "province_code",
    "flow",
    "value_usd",
    "n_records",
    "months_covered",
    "reporter_side",
    "source",
]
OUTPUT_KEY = ["year", "hs_code", "regime_group", "partner_iso3", "province_code", "flow"]

PROVINCE_TABLE = Path(__file__).resolve().parents[2] / "resources" / "nbs_provinces.csv"

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


def regime_table() -> pd.DataFrame:
    """``CUSTOMS_REGIMES`` as a table: code, regime_group, name_en, name_zh, gacc_regime."""
    return pd.DataFrame(
        [(code, *values) for code, values in CUSTOMS_REGIMES.items()],
        columns=["code", "regime_group", "name_en", "name_zh", "gacc_regime"],
    )


def _normal_code(code: str) -> str:
    code = str(code).strip()
    return "0" + code if len(code) == 3 and code.isdigit() else code


def _check_regime_map(regime_map: Mapping[str, str] | None) -> dict[str, str]:
    if not regime_map:
        return {}
    checked = {}
    allowed = (*REGIME_GROUPS, EXCLUDE)
    for key, group in regime_map.items():
        code = _normal_code(key)
        if not re.fullmatch(r"\d{2}|\d{4}", code):
            raise ValueError(
                f"regime_map: key {key!r} is not a 2- or 4-digit customs trade-mode code"
            )
        if group not in allowed:
            raise ValueError(
                f"regime_map: {key!r} -> {group!r}; the group must be one of {allowed}"
            )
        checked[code] = group
    return checked


def regime_group_of(code: str, regime_map: Mapping[str, str] | None = None) -> str | None:
    """The group of one customs trade-mode code, or None if the code is unknown.

    ``regime_map`` (code -> group or ``exclude``) is consulted first; a 4-digit supervision
    code is then read through its last two digits (the statistical trade-mode code).
    """
    user = _check_regime_map(regime_map)
    code = _normal_code(code)
    if code in user:
        return user[code]
    if re.fullmatch(r"\d{4}", code):
        code = code[2:]
        if code in user:
            return user[code]
    if code in CUSTOMS_REGIMES:
        return CUSTOMS_REGIMES[code][0]
    return None


def province_names(provinces: pd.DataFrame | str | Path | None = None) -> dict[str, str]:
    """Accepted province spellings -> GB/T 2260 province code.

    From the province table (default ``workflow/resources/nbs_provinces.csv``): the code, the
    Chinese name with and without its suffix (省, 市, 自治区, ...), and the English name in
    any case (keys are stored lower-cased for English).
    """
    if provinces is None or isinstance(provinces, (str, Path)):
        from chinatrade.ingest.nbs import read_province_table

        provinces = read_province_table(provinces or PROVINCE_TABLE)
    names: dict[str, str] = {}
    suffix = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$")
    for record in provinces.itertuples(index=False):
        code = str(record.province_code)
        names[code] = code
        names[str(record.name_zh)] = code
        names[suffix.sub("", str(record.name_zh))] = code
        names[str(record.name_en).lower()] = code
    return names


def _province_code(value: str, names: Mapping[str, str]) -> str | None:
    value = str(value).strip()
    if re.fullmatch(r"\d{6}", value):
        code = value[:2] + "0000"
        return code if code in names else None
    return names.get(value) or names.get(value.lower())


# --------------------------------------------------------------------------------------
# Reading the files
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------


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


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


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


# --------------------------------------------------------------------------------------
# aggregate_year
# --------------------------------------------------------------------------------------


def aggregate_year(
    paths: str | Path | Sequence[str | Path],
    year: int,
    out_path: str | Path,
    hs_level: int = 2,
    memory_limit: str = "1GB",
    threads: int = 2,
    *,
    regime_map: Mapping[str, str] | None = None,
    provinces: pd.DataFrame | str | Path | None = None,
    temp_directory: str | Path | None = None,
) -> None:
    """Check one year of China Customs records and write their aggregate as Parquet.

    ``paths``: the year's files (CSV or Parquet in the schema of this module's docstring;
    glob patterns allowed). One DuckDB scan, with at most ``memory_limit`` of memory and
    ``threads`` threads (spilling to ``temp_directory``, by default a temporary folder next
    to ``out_path``), sums ``value_usd`` (USD) by HS code cut to ``hs_level`` digits, regime
    group, partner, province and flow, and counts the rows breaking each rule. Any broken
    rule raises ``InputDataError`` naming the file, column, row and value (a second scan of
    the offending file finds the first such row); nothing is written. Otherwise the table
    (``OUTPUT_COLUMNS``, key ``OUTPUT_KEY``) is written atomically to ``out_path``.

    ``regime_map``: optional code -> group (``ordinary``, ``processing_customs``, ``other``,
    ``exclude``) overriding or extending ``CUSTOMS_REGIMES``. ``provinces``: the province
    table (default ``workflow/resources/nbs_provinces.csv``).
    """
    if hs_level not in HS_LEVELS:
        raise ValueError(f"hs_level: {hs_level!r} is not one of {HS_LEVELS}")
    if not isinstance(year, (int, np.integer)):
        raise ValueError(f"year: {year!r} is not an integer")
    user_map = _check_regime_map(regime_map)
    names = province_names(provinces)
    files = expand_paths(paths)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    own_temp = temp_directory is None
    temp = Path(
        tempfile.mkdtemp(prefix=f".{out_path.name}.duckdb.", dir=out_path.parent)
        if own_temp
        else temp_directory
    )
    con = duckdb.connect(
        ":memory:",
        config={
            "memory_limit": memory_limit,
            "threads": int(threads),
            "temp_directory": str(temp),
            "preserve_insertion_order": False,
        },
    )
    try:
        _aggregate(con, files, int(year), out_path, hs_level, user_map, names)
    finally:
        con.close()
        if own_temp:
            shutil.rmtree(temp, ignore_errors=True)


def _aggregate(
    con: duckdb.DuckDBPyConnection,
    files: list[str],
    year: int,
    out_path: Path,
    hs_level: int,
    user_map: dict[str, str],
    names: dict[str, str],
) -> None:
    """Two scans of the input: its distinct key values, then the aggregate itself.

    Rules on a key column (HS code, partner, province, regime, flow, year, month) are checked
    once per distinct value of that column, not on every record; the rules on the value are
    folded into one counter of the main scan (``VALUE_OK``), and only when it is not zero is
    each counted separately, to name the first broken one. Checks thus cost little more than
    the aggregate itself (see workflow/benchmarks/customs_aggregation.py).
    """
    sources = _sources(con, files)
    relation = _relation(con, sources)
    rules = _rules(year, hs_level)

    def run(sql: str) -> duckdb.DuckDBPyConnection:
        try:
            return con.execute(sql)
        except (
            duckdb.InvalidInputException,
            duckdb.ConversionException,
            duckdb.IOException,
        ) as error:
            _raise_read_error(con, sources, error)
            raise  # unreachable: _raise_read_error always raises

    # 1. distinct values of every key column, with their record counts (one scan)
    grouping = ", ".join(f"GROUPING({key}) AS {_quoted('g_' + key)}" for key in KEY_COLUMNS)
    run(
        f"""
        CREATE TEMP TABLE key_values AS
        SELECT {", ".join(KEY_COLUMNS)}, count(*) AS n_records, {grouping}
        FROM ({relation})
        GROUP BY GROUPING SETS ({", ".join(f"({column})" for column in KEY_COLUMNS)})
        """
    )
    total = 'SELECT sum(n_records) FROM key_values WHERE "g_flow" = 0'
    n_records = con.execute(total).fetchone()[0]
    if not n_records:
        raise InputDataError(", ".join(files), "the files hold no records")
    for rule in rules:
        if rule.key is None:
            continue
        count = con.execute(
            f"SELECT sum(n_records) FROM key_values "
            f"WHERE {_quoted('g_' + rule.key)} = 0 AND ({rule.predicate})"
        ).fetchone()[0]
        if count:
            _raise_rule(con, sources, rule.predicate, rule.column, rule.problem, int(count))

    def distinct(key: str) -> list[str]:
        rows = con.execute(
            f"SELECT {key} FROM key_values WHERE {_quoted('g_' + key)} = 0 ORDER BY 1"
        ).fetchall()
        return [value for (value,) in rows]

    # Codes and provinces are checked on their distinct values, then mapped in SQL.
    groups = {code: regime_group_of(code, user_map) for code in distinct("regime")}
    unknown = [code for code, group in groups.items() if group is None]
    if unknown:
        listed = ", ".join(_literal(c) for c in unknown)
        count = con.execute(
            f'SELECT sum(n_records) FROM key_values WHERE "g_regime" = 0 AND regime IN ({listed})'
        ).fetchone()[0]
        _raise_rule(
            con,
            sources,
            f"regime IN ({listed})",
            "customs_regime",
            "customs_regime {value} is not a known China Customs trade-mode code "
            f"(unknown codes in the input: {unknown}; known: 2-digit codes "
            f"{sorted(CUSTOMS_REGIMES)} and 4-digit codes ending in one of them); "
            "give its group in regime_map",
            int(count),
        )
    province_codes = {value: _province_code(value, names) for value in distinct("province")}
    unknown = [value for value, code in province_codes.items() if code is None]
    if unknown:
        listed = ", ".join(_literal(v) for v in unknown)
        count = con.execute(
            "SELECT sum(n_records) FROM key_values "
            f'WHERE "g_province" = 0 AND province IN ({listed})'
        ).fetchone()[0]
        _raise_rule(
            con,
            sources,
            f"province IN ({listed})",
            "province",
            "province {value} is neither a GB/T 2260 code of one of the 31 provinces nor a "
            f"province name of the province table ({len(unknown)} unknown value(s), e.g. "
            f"{unknown[:5]})",
            int(count),
        )
    con.execute("CREATE TEMP TABLE regime_groups (regime VARCHAR, regime_group VARCHAR)")
    con.executemany("INSERT INTO regime_groups VALUES (?, ?)", list(groups.items()))
    con.execute("CREATE TEMP TABLE province_codes (province VARCHAR, province_code VARCHAR)")
    con.executemany("INSERT INTO province_codes VALUES (?, ?)", list(province_codes.items()))

    months_covered = len(distinct("month_num"))  # each a whole month 1-12 by now

    # 2. the aggregate, with one counter of records whose value breaks a rule
    row_rules = [rule for rule in rules if rule.key is None]
    run(
        f"""
        CREATE TEMP TABLE scan AS
        SELECT
            substr(r.hs, 1, {hs_level}) AS hs_code,
            g.regime_group,
            r.partner AS partner_iso3,
            p.province_code,
            r.flow,
            sum(r.value_num) AS value_usd,
            count(*) AS n_records,
            count(*) FILTER (WHERE NOT {VALUE_OK}) AS broken
        FROM ({relation}) r
        JOIN regime_groups g USING (regime)
        JOIN province_codes p USING (province)
        GROUP BY ALL
        """
    )
    scanned, broken = con.execute("SELECT sum(n_records), sum(broken) FROM scan").fetchone()
    if scanned != n_records:  # every record has a known regime and province by now
        raise RuntimeError(f"aggregate holds {scanned} of {n_records} records")
    if broken:
        for rule in row_rules:
            count = run(f"SELECT count(*) FROM ({relation}) WHERE {rule.predicate}").fetchone()[0]
            if count:
                _raise_rule(con, sources, rule.predicate, rule.column, rule.problem, int(count))

    metadata = json.dumps([str(f) for f in files])
    with atomic_path(out_path) as tmp:
        con.execute(
            f"""
            COPY (
                SELECT
                    CAST({year} AS INTEGER) AS year,
                    CAST({hs_level} AS INTEGER) AS hs_level,
                    hs_code,
                    substr(hs_code, 1, 2) AS hs_chapter,
                    regime_group,
                    partner_iso3,
                    province_code,
                    flow,
                    value_usd,
                    CAST(n_records AS BIGINT) AS n_records,
                    CAST({months_covered} AS INTEGER) AS months_covered,
                    {_literal(REPORTER_SIDE)} AS reporter_side,
                    {_literal(SOURCE)} AS source
                FROM scan
                WHERE regime_group <> {_literal(EXCLUDE)}
                ORDER BY hs_code, regime_group, partner_iso3, province_code, flow
            ) TO {_literal(str(tmp))}
            (FORMAT PARQUET, COMPRESSION ZSTD, KV_METADATA {{source_files: {_literal(metadata)}}})
            """
        )


# --------------------------------------------------------------------------------------
# processing_share
# --------------------------------------------------------------------------------------

SHARE_KEY = ["level", "sector_code", "year"]


def processing_share(
    aggregated: pd.DataFrame,
    chapter_sections: pd.DataFrame | None = None,
    partner: str | Sequence[str] | None = None,
    partner_group: str | None = None,
) -> pd.DataFrame:
    """Trade by regime group, processing shares and balances by sector and year.

    ``aggregated``: rows of :func:`aggregate_year` outputs (one or more years), columns
    ``year``, ``hs_chapter``, ``regime_group``, ``partner_iso3``, ``flow``, ``value_usd``
    (USD). ``chapter_sections``: the chapter -> section table (columns ``hs_chapter``,
    ``section_no``; names ``chapter_name_en``, ``section_name_en`` used if present, e.g.
    ``data/processed/hs_chapter_sections.parquet``); with it, HS-section rows are added.
    ``partner``: ISO3 code(s) of a partner group (named ``partner_group``, by default the
    codes joined with '+'): China's trade and balance with that group are added.

    One row per (``level``, ``sector_code``, ``year``): ``level`` ``hs2`` (``sector_code`` the
    chapter) or ``hs_section`` (``sector_code`` the section number, ``01``-``22``);
    ``sector_name``; ``hs_section`` (the chapter's section, '' without the table);
    ``exports_<group>_usd`` and ``imports_<group>_usd`` for the groups ``ordinary``,
    ``processing_customs``, ``other`` (USD); ``exports_usd``, ``imports_usd``, ``trade_usd``
    (X+M), ``balance_usd`` (X-M); ``normalised_balance`` (X-M)/(X+M);
    ``processing_share_customs`` (processing_customs exports+imports / X+M) and
    ``processing_share_non_ordinary`` ((X+M - ordinary) / X+M: the study's "processing");
    ``processing_export_share_customs`` and ``processing_export_share_non_ordinary``, the
    same on exports only; with ``partner``: ``partner_group``, ``partner_exports_usd``,
    ``partner_imports_usd``, ``partner_balance_usd``, ``partner_normalised_balance``. Shares
    are NaN where their denominator is zero.
    """
    needed = ["year", "hs_chapter", "regime_group", "partner_iso3", "flow", "value_usd"]
    missing = [c for c in needed if c not in aggregated.columns]
    if missing:
        raise ValueError(f"aggregated: column(s) {missing} missing; expected {needed}")
    frame = aggregated[needed].copy()
    bad_group = ~frame["regime_group"].isin(REGIME_GROUPS)
    if bad_group.any():
        raise ValueError(
            f"aggregated: regime_group {frame.loc[bad_group, 'regime_group'].iloc[0]!r} is "
            f"not one of {REGIME_GROUPS}"
        )
    bad_flow = ~frame["flow"].isin(FLOWS)
    if bad_flow.any():
        raise ValueError(
            f"aggregated: flow {frame.loc[bad_flow, 'flow'].iloc[0]!r} is not one of {FLOWS}"
        )
    if (frame["value_usd"] < 0).any() or frame["value_usd"].isna().any():
        raise ValueError("aggregated: value_usd must be non-negative numbers (USD)")
    frame["hs_chapter"] = frame["hs_chapter"].astype(str).str.zfill(2)

    sections = None
    if chapter_sections is not None:
        for column in ("hs_chapter", "section_no"):
            if column not in chapter_sections.columns:
                raise ValueError(f"chapter_sections: column {column!r} missing")
        sections = chapter_sections.copy()
        sections["hs_chapter"] = sections["hs_chapter"].astype(str).str.zfill(2)
        sections["hs_section"] = sections["section_no"].astype(int).map("{:02d}".format)
        unmapped = sorted(set(frame["hs_chapter"]) - set(sections["hs_chapter"]))
        if unmapped:
            raise ValueError(f"chapter_sections: chapter(s) {unmapped} have no section")

    if partner is not None:
        codes = [partner] if isinstance(partner, str) else list(partner)
        if not codes:
            raise ValueError("partner: empty list of ISO3 codes")
        label = partner_group or "+".join(codes)
    else:
        codes, label = [], None

    def table(keyed: pd.DataFrame, key: str) -> pd.DataFrame:
        cells = keyed.groupby(["year", key, "flow", "regime_group"])["value_usd"].sum()
        wide = cells.unstack(["flow", "regime_group"])
        wide = wide.reindex(
            columns=pd.MultiIndex.from_product([FLOWS, REGIME_GROUPS]), fill_value=0.0
        ).fillna(0.0)
        wide.columns = [f"{f}_{g}_usd" for f, g in wide.columns]
        out = wide.reset_index().rename(columns={key: "sector_code"})
        if codes:
            with_partner = keyed[keyed["partner_iso3"].isin(codes)]
            bilateral = (
                with_partner.groupby(["year", key, "flow"])["value_usd"].sum().unstack("flow")
            )
            bilateral = bilateral.reindex(columns=list(FLOWS), fill_value=0.0).fillna(0.0)
            bilateral.columns = [f"partner_{f}_usd" for f in bilateral.columns]
            bilateral = bilateral.reset_index().rename(columns={key: "sector_code"})
            out = out.merge(bilateral, on=["year", "sector_code"], how="left")
            for f in FLOWS:
                out[f"partner_{f}_usd"] = out[f"partner_{f}_usd"].fillna(0.0)
        return out

    levels = [table(frame, "hs_chapter").assign(level="hs2")]
    if sections is not None:
        keyed = frame.merge(sections[["hs_chapter", "hs_section"]], on="hs_chapter")
        levels.append(table(keyed, "hs_section").assign(level="hs_section"))
    out = pd.concat(levels, ignore_index=True)

    out["exports_usd"] = out[[f"exports_{g}_usd" for g in REGIME_GROUPS]].sum(axis=1)
    out["imports_usd"] = out[[f"imports_{g}_usd" for g in REGIME_GROUPS]].sum(axis=1)
    x, m = out["exports_usd"], out["imports_usd"]
    trade = x + m
    out["trade_usd"] = trade
    out["balance_usd"] = x - m
    out["normalised_balance"] = _ratio(x - m, trade)
    processing = out["exports_processing_customs_usd"] + out["imports_processing_customs_usd"]
    ordinary = out["exports_ordinary_usd"] + out["imports_ordinary_usd"]
    out["processing_share_customs"] = _ratio(processing, trade)
    out["processing_share_non_ordinary"] = _ratio(trade - ordinary, trade)
    out["processing_export_share_customs"] = _ratio(out["exports_processing_customs_usd"], x)
    out["processing_export_share_non_ordinary"] = _ratio(x - out["exports_ordinary_usd"], x)
    if codes:
        px, pm = out["partner_exports_usd"], out["partner_imports_usd"]
        out["partner_group"] = label
        out["partner_balance_usd"] = px - pm
        out["partner_normalised_balance"] = _ratio(px - pm, px + pm)

    out["sector_name"] = ""
    out["hs_section"] = ""
    if sections is not None:
        chapter_rows = out["level"] == "hs2"
        by_chapter = sections.set_index("hs_chapter")
        out.loc[chapter_rows, "hs_section"] = out.loc[chapter_rows, "sector_code"].map(
            by_chapter["hs_section"]
        )
        out.loc[~chapter_rows, "hs_section"] = out.loc[~chapter_rows, "sector_code"]
        if "chapter_name_en" in sections.columns:
            out.loc[chapter_rows, "sector_name"] = out.loc[chapter_rows, "sector_code"].map(
                by_chapter["chapter_name_en"]
            )
        if "section_name_en" in sections.columns:
            names = sections.drop_duplicates("hs_section").set_index("hs_section")
            out.loc[~chapter_rows, "sector_name"] = out.loc[~chapter_rows, "sector_code"].map(
                names["section_name_en"]
            )
    out["sector_name"] = out["sector_name"].fillna("")

    columns = [
        "level",
        "sector_code",
        "sector_name",
        "hs_section",
        "year",
        *[f"{f}_{g}_usd" for f in FLOWS for g in REGIME_GROUPS],
        "exports_usd",
        "imports_usd",
        "trade_usd",
        "balance_usd",
        "normalised_balance",
        "processing_share_customs",
        "processing_share_non_ordinary",
        "processing_export_share_customs",
        "processing_export_share_non_ordinary",
    ]
    if codes:
        columns += [
            "partner_group",
            "partner_exports_usd",
            "partner_imports_usd",
            "partner_balance_usd",
            "partner_normalised_balance",
        ]
    out["year"] = out["year"].astype(int)
    return out[columns].sort_values(SHARE_KEY).reset_index(drop=True)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator != 0)).astype(float)
