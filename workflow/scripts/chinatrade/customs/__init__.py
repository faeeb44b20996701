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

## Modules

`schema` (columns, the trade-mode code table, province names), `reading` (the files, with
DuckDB), `rules` (the checks), `aggregate` (one year's aggregate) and `sector_panel` (the
processing share by sector and year). The names below are re-exported here.
"""

from chinatrade.customs.aggregate import aggregate_year
from chinatrade.customs.reading import expand_paths
from chinatrade.customs.rules import KEY_COLUMNS, VALUE_OK
from chinatrade.customs.schema import (
    CUSTOMS_REGIMES,
    EXCLUDE,
    FLOWS,
    HS_LEVELS,
    OUTPUT_COLUMNS,
    OUTPUT_KEY,
    PROVINCE_TABLE,
    REGIME_GROUPS,
    REPORTER_SIDE,
    REQUIRED_COLUMNS,
    SOURCE,
    province_names,
    regime_group_of,
    regime_table,
)
from chinatrade.customs.sector_panel import SHARE_KEY, processing_share

__all__ = [
    "CUSTOMS_REGIMES",
    "EXCLUDE",
    "FLOWS",
    "HS_LEVELS",
    "KEY_COLUMNS",
    "OUTPUT_COLUMNS",
    "OUTPUT_KEY",
    "PROVINCE_TABLE",
    "REGIME_GROUPS",
    "REPORTER_SIDE",
    "REQUIRED_COLUMNS",
    "SHARE_KEY",
    "SOURCE",
    "VALUE_OK",
    "aggregate_year",
    "expand_paths",
    "processing_share",
    "province_names",
    "regime_group_of",
    "regime_table",
]
