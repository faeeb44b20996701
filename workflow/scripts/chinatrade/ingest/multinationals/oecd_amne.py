"""OECD Analytical AMNE database: activity of firms by host economy, industry and owner,
2005-2016 (model-based estimates consistent with the OECD ICIO tables).

Two ';'-separated UTF-8 files (a byte-order mark allowed), USD millions at current prices:

* tab1, output by host (``cou``), industry (``ind``) and parent economy (one column per parent:
  ISO3 codes and ROW, the rest of the world); the host's own column is the output of
  domestically owned firms. A blank cell (every foreign parent of public administration O
  and households T, some others) is kept as a missing value, never as zero.
* tab2, gross value added (``gva``), gross exports (``exgr``) and gross imports (``imgr``) by
  host, ownership (``own``: D domestically owned, F foreign owned) and industry, each with an
  OECD flag (``e`` estimated; the other letters are explained in the OECD's documentation,
  which the snapshot does not hold: the flags are kept verbatim).

The 34 industries (``chinatrade.multinationals.INDUSTRY_CODES``) do not overlap and the files
have no total line: a total is their sum. Checks: header, ';' fields per line, known industry
codes, codes of three capital letters, whole years, numbers, one row per key and every host x
industry x year (x owner) present, output, exports and imports >= 0 (value added may be
negative: Brazil's refining C19 in 2012-2013, Latvia's basic metals C24 in 2013), every host's
own column filled in tab1.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.multinationals import INDUSTRY_CODES
from chinatrade.validate import ROW

SOURCE = "OECD, Analytical AMNE database (via pechouc/destination-based-sales)"
CODE = re.compile(r"[A-Z]{3}")
FLAG = re.compile(r"[a-z](, [a-z])*")
YEARS = (1990, 2100)

OUTPUT_COLUMNS = [
    "host_code",
    "industry_code",
    "parent_code",
    "year",
    "output_usd_millions",
    "domestically_owned",
    "source",
    "source_file",
]
OUTPUT_KEY = ["host_code", "industry_code", "parent_code", "year"]

OWNERSHIP = {"D": "domestic", "F": "foreign"}
# file column -> (value column, flag column of the file, flag column of the table)
MEASURES = {
    "gva": ("gross_value_added_usd_millions", "flag_gva", "gross_value_added_flag"),
    "exgr": ("gross_exports_usd_millions", "flag_exgr", "gross_exports_flag"),
    "imgr": ("gross_imports_usd_millions", "flag_imgr", "gross_imports_flag"),
}
NON_NEGATIVE = ("exgr", "imgr")  # gross flows; value added can be negative
OWNERSHIP_COLUMNS = [
    "host_code",
    "ownership",
    "industry_code",
    "year",
    *(value for value, _, _ in MEASURES.values()),
    *(flag for _, _, flag in MEASURES.values()),
    "source",
    "source_file",
]
OWNERSHIP_KEY = ["host_code", "ownership", "industry_code", "year"]


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    """The file as text cells with file line numbers; every line as many fields as the
    header, and the header starting with ``columns``."""
    text = validate.read_utf8_text(path, "an OECD AMNE table", "OECD files are UTF-8")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader, None)
    if header is None or header[: len(columns)] != columns:
        found = header[: len(columns)] if header else []
        differs = [c for i, c in enumerate(columns) if i >= len(found) or found[i] != c]
        raise InputDataError(
            path,
            f"the header should start with {columns} (';'-separated), found {found}",
            column=differs[0],
            row=1,
        )
    rows = []
    for fields in reader:
        if len(fields) != len(header):
            raise InputDataError(
                path,
                f"line has {len(fields)} fields, the header {len(header)}: the file is "
                "truncated or not ';'-separated",
                column=header[min(len(fields), len(header)) - 1],
                row=reader.line_num,
            )
        rows.append(fields)
    if not rows:
        raise InputDataError(path, "the file has a header but no data rows", row=2)
    return validate.with_csv_rows(pd.DataFrame(rows, columns=header))


def _codes(frame: pd.DataFrame, column: str, path: Path) -> None:
    bad = ~frame[column].str.fullmatch(CODE)
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"code {frame.at[index, column]!r} is not three capital letters (ISO3 or ROW)",
            column=column,
            row=int(frame.at[index, ROW]),
        )


def _keys(frame: pd.DataFrame, path: Path, key: list[str]) -> pd.DataFrame:
    """Whole years, known industries and host codes, one row per key."""
    years = validate.numeric(frame, "year", path, allow_missing=False)
    bad = (years % 1 != 0) | ~years.between(*YEARS)
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"year {frame.at[index, 'year']!r} is not a whole year in {YEARS[0]}-{YEARS[1]}",
            column="year",
            row=int(frame.at[index, ROW]),
        )
    frame["year"] = years.astype(int)
    validate.allowed(frame, "ind", INDUSTRY_CODES, path)
    _codes(frame, "cou", path)
    validate.unique_key(frame, key, path)
    return frame


def _complete(frame: pd.DataFrame, path: Path, key: list[str]) -> None:
    """Every combination of the key's values is present (a truncated file is refused)."""
    levels = [sorted(frame[column].unique()) for column in key]
    expected = pd.MultiIndex.from_product(levels, names=key)
    missing = expected.difference(pd.MultiIndex.from_frame(frame[key]))
    if len(missing):
        raise InputDataError(
            path,
            f"no line for {dict(zip(key, missing[0], strict=True))} ({len(missing)} "
            "combinations of the key missing); the file looks truncated",
            column=key[0],
            row=int(frame[ROW].max()) + 1,
        )


def read_oecd_amne_output_by_parent(path: str | Path) -> pd.DataFrame:
    """AMNE tab1 in long form: output in ``host_code`` by firms owned from ``parent_code``.

    Key ``OUTPUT_KEY`` (host_code, industry_code, parent_code, year). ``output_usd_millions``
    USD millions, current prices, NaN for a blank cell; ``domestically_owned`` True where the
    parent is the host itself (for host ROW: parent ROW). Codes as in the file (ISO3, ROW).
    """
    path = Path(path)
    frame = _keys(_read(path, ["year", "cou", "ind"]), path, ["year", "cou", "ind"])
    parents = [c for c in frame.columns if c not in ("year", "cou", "ind", ROW)]
    for parent in parents:
        if not CODE.fullmatch(parent):
            raise InputDataError(
                path, f"parent column {parent!r} is not an ISO3 code or ROW", column=parent, row=1
            )
        frame[parent] = validate.numeric(frame, parent, path)
        validate.non_negative(frame, parent, path)
    unknown = sorted(set(frame["cou"]) - set(parents))
    if unknown:
        index = frame.index[frame["cou"] == unknown[0]][0]
        raise InputDataError(
            path,
            f"host {unknown[0]!r} has no parent column of its own (domestically owned output)",
            column="cou",
            row=int(frame.at[index, ROW]),
        )
    _complete(frame, path, ["year", "cou", "ind"])
    long = frame.melt(
        id_vars=["year", "cou", "ind", ROW],
        value_vars=parents,
        var_name="parent_code",
        value_name="output_usd_millions",
    ).rename(columns={"cou": "host_code", "ind": "industry_code"})
    long["domestically_owned"] = long["parent_code"] == long["host_code"]
    own_blank = long["domestically_owned"] & long["output_usd_millions"].isna()
    if own_blank.any():
        index = own_blank.idxmax()
        raise InputDataError(
            path,
            "the host's own column (domestically owned output) is blank",
            column=long.at[index, "parent_code"],
            row=int(long.at[index, ROW]),
        )
    out = long.assign(source=SOURCE, source_file=path.name)[OUTPUT_COLUMNS]
    return out.sort_values(OUTPUT_KEY, kind="stable").reset_index(drop=True)


def read_oecd_amne_by_ownership(path: str | Path) -> pd.DataFrame:
    """AMNE tab2: value added, gross exports and imports of domestically owned and
    foreign-owned firms, by host and industry.

    Key ``OWNERSHIP_KEY`` (host_code, ownership, industry_code, year); ``ownership`` domestic
    or foreign (the file's D and F); the three values in USD millions, current prices, never
    missing; their OECD flags verbatim (``e``, ``e, f``, ...).
    """
    path = Path(path)
    columns = ["year", "cou", "own", "ind"]
    for measure, (_, flag, _) in MEASURES.items():
        columns += [measure, flag]
    frame = _read(path, columns)
    validate.allowed(frame, "own", OWNERSHIP, path)
    frame = _keys(frame, path, ["year", "cou", "own", "ind"])
    for measure, (value, flag, table_flag) in MEASURES.items():
        frame[measure] = validate.numeric(frame, measure, path, allow_missing=False)
        if measure in NON_NEGATIVE:
            validate.non_negative(frame, measure, path)
        frame[value] = frame[measure]
        bad = ~frame[flag].str.fullmatch(FLAG)
        if bad.any():
            index = bad.idxmax()
            raise InputDataError(
                path,
                f"flag {frame.at[index, flag]!r} is not OECD flag letters ('e', 'e, f', ...)",
                column=flag,
                row=int(frame.at[index, ROW]),
            )
        frame[table_flag] = frame[flag]
    _complete(frame, path, ["year", "cou", "own", "ind"])
    out = frame.rename(columns={"cou": "host_code", "ind": "industry_code"}).assign(
        ownership=frame["own"].map(OWNERSHIP), source=SOURCE, source_file=path.name
    )
    out = out[OWNERSHIP_COLUMNS]
    return out.sort_values(OWNERSHIP_KEY, kind="stable").reset_index(drop=True)
