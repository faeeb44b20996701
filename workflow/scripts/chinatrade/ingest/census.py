"""US Census Bureau: U.S. trade in goods by partner (bulk workbook and the 2023-2024 extract).

``country.xlsx`` (Census Foreign Trade Division, see ../shared/data/bilateral/SOURCES.md,
section 2) has one sheet, ``country``, with one row per (year, Census country code): the
columns ``year, CTY_CODE, CTYNAME``, general imports by month ``IJAN..IDEC`` and for the year
``IYR``, then total exports ``EJAN..EDEC`` and ``EYR``. USD millions, nominal, not seasonally
adjusted (except the aggregate 0004), Census basis: exports F.A.S., imports customs value.
Codes ``00xx`` are Census aggregates (regions, the World, trade agreements, a product group);
they are returned in their own tables, never mixed with partners. The last year of the file
may be partial: Census fills the months not yet published with zeros, so those zeros are not
data and are not returned.

``census_us_goods_trade_selected_partners_2023_2024.csv`` (section 2b) is a transcribed
extract of a newer vintage (after the June-2025 revision) with annual values for 21 partners
and 3 aggregates; ``read_selected_partners_2023_2024`` validates it against the codes of the
workbook so the rows append to the workbook's annual tables.

Census codes map to ISO3 through country_converter on the Census name, except the codes in
``workflow/resources/census_country_codes.csv`` (aggregates, historical codes, parts of an
economy, residuals), which is checked first.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest import source_files
from chinatrade.ingest.workbook import pandas_workbook, require_sheet
from chinatrade.partners import iso3_of
from chinatrade.validate import ROW

SHEET = "country"
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
IMPORT_MONTHS = [f"I{month}" for month in MONTHS]
EXPORT_MONTHS = [f"E{month}" for month in MONTHS]
WORKBOOK_COLUMNS = ["year", "CTY_CODE", "CTYNAME", *IMPORT_MONTHS, "IYR", *EXPORT_MONTHS, "EYR"]
VALUE_COLUMNS = [*IMPORT_MONTHS, "IYR", *EXPORT_MONTHS, "EYR"]

# SOURCES.md: the months sum exactly to the year. Values carry one decimal before 2003 and
# full float precision after, so 0.05 USD mn allows for float rounding and nothing else.
MONTHS_SUM_TOLERANCE_USD_MILLIONS = 0.05
# The 2023-2024 extract rounds each of exports, imports and balance to 0.1 separately.
BALANCE_TOLERANCE_USD_MILLIONS = 0.1

WORLD_NSA_CODE = "0015"
AGGREGATE_PREFIX = "00"
PARTNER_KINDS = ("economy", "historical", "part", "residual", "aggregate")
REPORTER_ISO3 = "USA"
SOURCE_WORKBOOK = "US Census Bureau, country.xlsx (vintage of March 2023)"
SOURCE_SELECTED = (
    "US Census Bureau, country.xlsx (vintage after the June-2025 revision), "
    "transcribed from corbett-hobbs/congress-ideology"
)

EXPORTS = "exports_fas_usd_millions"
IMPORTS = "imports_general_customs_usd_millions"
BALANCE = "balance_usd_millions"
_PARTNER = ["cty_code", "cty_name", "partner_iso3", "partner_kind", "is_aggregate"]
_VALUES = [EXPORTS, IMPORTS, BALANCE]
_STATED = ["reporter_iso3", "reporter_side", "source", "source_file"]
MONTHLY_COLUMNS = ["year", "month", *_PARTNER, *_VALUES, *_STATED]
ANNUAL_COLUMNS = ["year", *_PARTNER, *_VALUES, "months_reported", "complete_year", *_STATED]
TABLES = ("partners_monthly", "partners_annual", "aggregates_monthly", "aggregates_annual")

CODE_TABLE_COLUMNS = ["cty_code", "cty_name", "partner_iso3", "partner_kind", "note"]
SELECTED_COLUMNS = [
    "year",
    "partner_code_in_source",
    "census_cty_code",
    "exports_usd_millions",
    "imports_usd_millions",
    "balance_usd_millions",
]
_CODE = re.compile(r"\d{4}")
_ISO3 = re.compile(r"[A-Z]{3}")


def read_code_table(path: str | Path) -> pd.DataFrame:
    """Read the explicit Census code table (``workflow/resources/census_country_codes.csv``).

    Columns ``cty_code`` (4-digit text), ``cty_name`` (the Census name, checked against the
    workbook), ``partner_iso3`` (blank where no ISO3 code applies), ``partner_kind`` (one of
    ``PARTNER_KINDS``), ``note``. Every aggregate code (``00xx``) must be listed here and
    only those are of kind ``aggregate``. Returned indexed by ``cty_code``.
    """
    table = _read_csv(path, dtype=str, keep_default_na=False)
    validate.require_columns(table, CODE_TABLE_COLUMNS, path)
    for index, code in table["cty_code"].items():
        if not _CODE.fullmatch(code):
            raise InputDataError(
                path,
                f"code {code!r} is not a 4-digit Census code",
                column="cty_code",
                row=int(table.at[index, ROW]),
            )
    validate.unique_key(table, ["cty_code"], path)
    validate.allowed(table, "partner_kind", PARTNER_KINDS, path)
    for _, row in table.iterrows():
        is_aggregate_code = row.cty_code.startswith(AGGREGATE_PREFIX)
        if is_aggregate_code != (row.partner_kind == "aggregate"):
            raise InputDataError(
                path,
                f"code {row.cty_code} is of kind '{row.partner_kind}'; codes {AGGREGATE_PREFIX}xx "
                "and only those are Census aggregates",
                column="partner_kind",
                row=int(row[ROW]),
            )
        iso3 = row.partner_iso3
        if iso3 and (not _ISO3.fullmatch(iso3) or row.partner_kind == "aggregate"):
            raise InputDataError(
                path,
                f"partner_iso3 {iso3!r} must be three capital letters, and blank for aggregates",
                column="partner_iso3",
                row=int(row[ROW]),
            )
    table["partner_iso3"] = table["partner_iso3"].replace("", None)
    return table.drop(columns=ROW).set_index("cty_code")


def read_country_workbook(
    path: str | Path, code_table: str | Path | pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Read, check and reshape Census ``country.xlsx``; return four tidy tables.

    ``code_table`` is the path of ``census_country_codes.csv`` or its ``read_code_table``.
    Returns ``{"partners_monthly", "partners_annual", "aggregates_monthly",
    "aggregates_annual"}``; partners are every non-aggregate code (economies, historical
    codes, parts of an economy, residuals: ``partner_kind`` says which), aggregates the
    ``00xx`` codes. Columns (all values USD millions, nominal, not seasonally adjusted except
    aggregate 0004, Census basis):

    - ``year`` (int), ``month`` (int 1-12; monthly tables only)
    - ``cty_code`` (str, 4-digit Census code), ``cty_name`` (Census name)
    - ``partner_iso3``: ISO3 code (ISO 3166-3 for dissolved states; XKX for Kosovo); None for
      aggregates, residuals, parts of an economy and historical codes whose area differs
      from the ISO economy's. Unique per (year, month) where present.
    - ``partner_kind``: economy / historical / part / residual / aggregate
    - ``is_aggregate`` (bool)
    - ``exports_fas_usd_millions``: total exports, F.A.S. value
    - ``imports_general_customs_usd_millions``: general imports, customs value
    - ``balance_usd_millions`` = exports - imports
    - ``months_reported`` (int), ``complete_year`` (bool): annual tables only. The annual
      values are the workbook's IYR/EYR, i.e. the sum of the months reported.
    - ``reporter_iso3`` = "USA", ``reporter_side`` = "own", ``source``
    - ``source_file``: the workbook's file name (the raw file every row is read from)

    Keys: (year, month, cty_code) monthly, (year, cty_code) annual. Months after the last
    reported month of a partial final year are zero-filled in the source and not returned.
    """
    path = Path(path)
    if not isinstance(code_table, pd.DataFrame):
        code_table = read_code_table(code_table)
    frame = _read_sheet(path)
    frame = _check_rows(path, frame)
    months_reported = _months_reported(path, frame)
    partners = _partner_codes(path, frame, code_table)
    frame = frame.merge(partners, on="cty_code", how="left", validate="many_to_one")
    _check_one_code_per_iso3(path, frame)

    annual = frame.assign(
        **{EXPORTS: frame["EYR"], IMPORTS: frame["IYR"]},
        months_reported=frame["year"].map(months_reported).astype(int),
    )
    annual = _finish(
        annual.assign(complete_year=annual["months_reported"] == 12), SOURCE_WORKBOOK, path
    )
    monthly = _monthly(frame, months_reported, path)
    tables = {}
    for name, table, columns, key in [
        ("monthly", monthly, MONTHLY_COLUMNS, ["year", "month", "cty_code"]),
        ("annual", annual, ANNUAL_COLUMNS, ["year", "cty_code"]),
    ]:
        table = table[columns].sort_values(key).reset_index(drop=True)
        tables[f"partners_{name}"] = table[~table["is_aggregate"]].reset_index(drop=True)
        tables[f"aggregates_{name}"] = table[table["is_aggregate"]].reset_index(drop=True)
    return tables


def _read_csv(path, **options) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, encoding="utf-8", **options)
    except FileNotFoundError:
        raise
    except UnicodeDecodeError as error:
        raise InputDataError(path, f"not UTF-8 text ({error})") from error
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as error:
        raise InputDataError(path, f"not a readable CSV table ({error})") from error
    return validate.with_csv_rows(frame)


def _read_sheet(path: Path) -> pd.DataFrame:
    """The sheet as text/number cells with spreadsheet row numbers (header is row 1)."""
    workbook = pandas_workbook(path)
    with workbook:
        require_sheet(workbook.sheet_names, SHEET, path, "Is this the Census country.xlsx?")
        frame = workbook.parse(SHEET, dtype=object)
    frame.columns = [str(column).strip() for column in frame.columns]
    validate.require_columns(frame, WORKBOOK_COLUMNS, path, sheet=SHEET)
    extra = [column for column in frame.columns if column not in WORKBOOK_COLUMNS]
    if extra:
        raise InputDataError(
            path,
            f"unexpected column(s) {extra}; the layout has exactly {WORKBOOK_COLUMNS}",
            sheet=SHEET,
            column=extra[0],
        )
    if frame.empty:
        raise InputDataError(path, "the sheet has a header but no data rows", sheet=SHEET, row=2)
    return frame.assign(**{ROW: np.arange(len(frame)) + 2})


def _check_rows(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    """Types, codes, non-negative values, one row per key, months sum to the year."""
    years = []
    for index, value in frame["year"].items():
        text = _integer_text(value)
        if text is None or not re.fullmatch(r"(19|20)\d\d", text):
            raise InputDataError(
                path,
                f"year {value!r} is not a four-digit year",
                sheet=SHEET,
                column="year",
                row=int(frame.at[index, ROW]),
            )
        years.append(int(text))
    codes = []
    for index, value in frame["CTY_CODE"].items():
        text = _integer_text(value)
        if text is None or not _CODE.fullmatch(text):
            raise InputDataError(
                path,
                f"CTY_CODE {value!r} is not a 4-digit Census code (text with leading zeros)",
                sheet=SHEET,
                column="CTY_CODE",
                row=int(frame.at[index, ROW]),
            )
        codes.append(text)
    names = frame["CTYNAME"]
    blank = ~names.map(lambda name: isinstance(name, str) and bool(name.strip()))
    if blank.any():
        index = blank.idxmax()
        raise InputDataError(
            path,
            f"CTYNAME {names[index]!r} is not a partner name",
            sheet=SHEET,
            column="CTYNAME",
            row=int(frame.at[index, ROW]),
        )
    checked = pd.DataFrame(
        {"year": years, "cty_code": codes, "cty_name": names.str.strip(), ROW: frame[ROW]},
        index=frame.index,
    )
    for column in VALUE_COLUMNS:
        checked[column] = validate.numeric(frame, column, path, sheet=SHEET, allow_missing=False)
        validate.non_negative(checked, column, path, sheet=SHEET)
    validate.unique_key(checked, ["year", "cty_code"], path, sheet=SHEET)
    for months, total in [(IMPORT_MONTHS, "IYR"), (EXPORT_MONTHS, "EYR")]:
        validate.identity(
            checked,
            total,
            checked[months].sum(axis=1),
            path,
            rule=f"{months[0]}..{months[-1]} sum to {total}",
            absolute=MONTHS_SUM_TOLERANCE_USD_MILLIONS,
            sheet=SHEET,
        )
    names_per_code = checked.groupby("cty_code")["cty_name"].nunique()
    if (names_per_code > 1).any():
        code = names_per_code[names_per_code > 1].index[0]
        rows = checked[checked["cty_code"] == code].drop_duplicates("cty_name")
        raise InputDataError(
            path,
            f"code {code} has more than one name ({', '.join(map(repr, rows['cty_name']))}); "
            "one name per code",
            sheet=SHEET,
            column="CTYNAME",
            row=int(rows[ROW].iloc[1]),
        )
    return checked


def _integer_text(value) -> str | None:
    """A cell holding an integer, as text; None for anything else."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)):
        return str(value)
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return None


def _months_reported(path: Path, frame: pd.DataFrame) -> dict[int, int]:
    """Months with data per year: up to the last month any row reports a non-zero value.

    Census zero-fills the months not yet published in the last year, so a month in which
    every row is zero is unpublished. Only the last year of the file may be partial.
    """
    values = frame[IMPORT_MONTHS].to_numpy() + frame[EXPORT_MONTHS].to_numpy()
    nonzero_months = pd.DataFrame(values > 0, columns=range(1, 13)).groupby(
        frame["year"].to_numpy()
    )
    nonzero_months = nonzero_months.any()
    reported = {}
    last_year = int(frame["year"].max())
    for year, flags in nonzero_months.iterrows():
        months = [month for month, flag in flags.items() if flag]
        count = max(months) if months else 0
        if count < 12 and year != last_year:
            first_row = int(frame.loc[frame["year"] == year, ROW].min())
            column = IMPORT_MONTHS[count] if count < 12 else IMPORT_MONTHS[-1]
            raise InputDataError(
                path,
                f"year {year} has data only through month {count} (all rows are zero from "
                f"{column}); only the last year of the file may be partial",
                sheet=SHEET,
                column=column,
                row=first_row,
            )
        if count == 0:
            raise InputDataError(
                path,
                f"year {year} has no data (every month of every row is zero)",
                sheet=SHEET,
                column="year",
                row=int(frame.loc[frame["year"] == year, ROW].min()),
            )
        reported[int(year)] = count
    return reported


def _partner_codes(path: Path, frame: pd.DataFrame, code_table: pd.DataFrame) -> pd.DataFrame:
    """One row per Census code: name, ISO3, kind, from the code table or country_converter."""
    records = []
    for code, rows in frame.groupby("cty_code", sort=True):
        name, row = rows["cty_name"].iloc[0], int(rows[ROW].iloc[0])
        if code in code_table.index:
            listed = code_table.loc[code]
            if listed["cty_name"] != name:
                raise InputDataError(
                    path,
                    f"code {code} is named {name!r} here but {listed['cty_name']!r} in "
                    "census_country_codes.csv; a reused or renamed code must be checked by hand",
                    sheet=SHEET,
                    column="CTYNAME",
                    row=row,
                )
            iso3, kind = listed["partner_iso3"], listed["partner_kind"]
        elif code.startswith(AGGREGATE_PREFIX):
            raise InputDataError(
                path,
                f"Census aggregate code {code} ({name!r}) is not in census_country_codes.csv; "
                "add it there so it is never mistaken for a country",
                sheet=SHEET,
                column="CTY_CODE",
                row=row,
            )
        else:
            iso3, kind = iso3_of(name), "economy"
            if iso3 is None:
                raise InputDataError(
                    path,
                    f"partner name {name!r} (code {code}) matches no single country "
                    "(country_converter) and is not in census_country_codes.csv; add it there",
                    sheet=SHEET,
                    column="CTYNAME",
                    row=row,
                )
        records.append((code, iso3, kind, kind == "aggregate"))
    return pd.DataFrame.from_records(
        records, columns=["cty_code", "partner_iso3", "partner_kind", "is_aggregate"]
    )


def _check_one_code_per_iso3(path: Path, frame: pd.DataFrame) -> None:
    """Two Census codes mapped to one ISO3 in the same year would double a partner."""
    coded = frame[frame["partner_iso3"].notna()]
    repeated = coded.duplicated(["year", "partner_iso3"], keep=False)
    if repeated.any():
        clash = coded[repeated].sort_values(ROW)
        first = clash.iloc[0]
        same = clash[(clash["year"] == first.year) & (clash["partner_iso3"] == first.partner_iso3)]
        raise InputDataError(
            path,
            f"codes {' and '.join(same['cty_code'])} ({', '.join(map(repr, same['cty_name']))}) "
            f"both map to {first.partner_iso3} in {first.year}; one ISO3 per partner and year "
            "(list the older code in census_country_codes.csv)",
            sheet=SHEET,
            column="CTY_CODE",
            row=int(same[ROW].iloc[-1]),
        )


def _monthly(frame: pd.DataFrame, months_reported: dict[int, int], path: Path) -> pd.DataFrame:
    """Long monthly table; the zero-filled months of a partial year are left out."""
    repeated = frame.loc[frame.index.repeat(12), ["year", *_PARTNER]]
    monthly = repeated.reset_index(drop=True).assign(
        month=np.tile(np.arange(1, 13), len(frame)),
        **{
            EXPORTS: frame[EXPORT_MONTHS].to_numpy().ravel(),
            IMPORTS: frame[IMPORT_MONTHS].to_numpy().ravel(),
        },
    )
    published = monthly["month"] <= monthly["year"].map(months_reported)
    return _finish(monthly[published], SOURCE_WORKBOOK, path)


def _finish(table: pd.DataFrame, source: str, path: Path) -> pd.DataFrame:
    """The balance and the stated columns, ``source_file`` the name of the file read."""
    return table.assign(
        **{BALANCE: table[EXPORTS] - table[IMPORTS]},
        reporter_iso3=REPORTER_ISO3,
        reporter_side="own",
        source=source,
        source_file=source_files.name_of(path),
    )


def partner_sum_vs_world(
    partners_annual: pd.DataFrame, aggregates_annual: pd.DataFrame
) -> pd.DataFrame:
    """Sum of the itemised partners against the World (not seasonally adjusted, 0015).

    Returns one row per (year, flow): ``partners_itemised`` (count of partner codes),
    ``partners_sum_usd_millions``, ``world_usd_millions`` (NaN before the World row exists,
    i.e. 1985-1986) and ``gap_usd_millions`` = partners - World. No tolerance is imposed
    here: before 1992 Census itemised only about 80 partners, so the gap is real.
    """
    world = aggregates_annual[aggregates_annual["cty_code"] == WORLD_NSA_CODE].set_index("year")
    grouped = partners_annual.groupby("year")
    rows = []
    for flow in (EXPORTS, IMPORTS):
        sums = grouped[flow].sum()
        rows.append(
            pd.DataFrame(
                {
                    "year": sums.index,
                    "flow": flow.removesuffix("_usd_millions"),
                    "partners_itemised": grouped["cty_code"].nunique().to_numpy(),
                    "partners_sum_usd_millions": sums.to_numpy(),
                    "world_usd_millions": world[flow].reindex(sums.index).to_numpy(),
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    out["gap_usd_millions"] = out["partners_sum_usd_millions"] - out["world_usd_millions"]
    return out.sort_values(["year", "flow"]).reset_index(drop=True)


def code_list(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every Census code of ``read_country_workbook``'s tables with its name, ISO3 and kind.

    One row per ``cty_code`` (columns ``cty_code, cty_name, partner_iso3, partner_kind,
    is_aggregate, first_year, last_year``): what ``read_selected_partners_2023_2024``
    checks its codes against.
    """
    annual = pd.concat([tables["partners_annual"], tables["aggregates_annual"]])
    codes = annual.groupby("cty_code").agg(
        cty_name=("cty_name", "first"),
        partner_iso3=("partner_iso3", "first"),
        partner_kind=("partner_kind", "first"),
        is_aggregate=("is_aggregate", "first"),
        first_year=("year", "min"),
        last_year=("year", "max"),
    )
    return codes.reset_index()


def read_selected_partners_2023_2024(path: str | Path, codes: pd.DataFrame) -> pd.DataFrame:
    """Read and check the transcribed 2023-2024 annual extract (newer Census vintage).

    ``codes`` is ``code_list(read_country_workbook(...))``: each ``census_cty_code`` must
    be a code of the workbook, and ``partner_code_in_source`` must be that code's ISO3
    (``AGG_<code>`` for an aggregate), so the rows append to the workbook's annual tables.
    Every code must appear in every year (a truncated file fails here).

    Returns the columns of the workbook's annual tables (``ANNUAL_COLUMNS``), key
    (year, cty_code); ``balance_usd_millions`` is the file's own balance, checked against
    exports - imports within 0.1 USD mn; ``months_reported`` = 12, ``complete_year`` = True;
    ``source_file`` this file's name. Aggregates and partners are both here, told apart by
    ``is_aggregate``.
    """
    path = Path(path)
    # Only an empty cell is missing: pandas would otherwise read "n/a" or "NA" as NaN
    # and hide text in a number cell.
    frame = _read_csv(
        path,
        dtype={"census_cty_code": str, "partner_code_in_source": str},
        keep_default_na=False,
        na_values=[""],
    )
    validate.require_columns(frame, SELECTED_COLUMNS, path)
    if frame.empty:
        raise InputDataError(path, "the file has a header but no data rows", row=2)
    year = validate.numeric(frame, "year", path, allow_missing=False)
    if not (year == year.round()).all():
        index = (year != year.round()).idxmax()
        raise InputDataError(
            path, "year is not a whole number", column="year", row=int(frame.at[index, ROW])
        )
    frame["year"] = year.astype(int)
    for column in ("exports_usd_millions", "imports_usd_millions", "balance_usd_millions"):
        frame[column] = validate.numeric(frame, column, path, allow_missing=False)
    validate.non_negative(frame, "exports_usd_millions", path)
    validate.non_negative(frame, "imports_usd_millions", path)
    validate.identity(
        frame,
        "balance_usd_millions",
        frame["exports_usd_millions"] - frame["imports_usd_millions"],
        path,
        rule="exports - imports = balance",
        absolute=BALANCE_TOLERANCE_USD_MILLIONS,
    )
    frame["census_cty_code"] = frame["census_cty_code"].fillna("").str.strip()
    validate.allowed(frame, "census_cty_code", codes["cty_code"], path)
    validate.unique_key(frame, ["year", "census_cty_code"], path)
    known = codes.set_index("cty_code")
    expected = frame["census_cty_code"].map(
        lambda code: (
            f"AGG_{code}" if known.at[code, "is_aggregate"] else known.at[code, "partner_iso3"]
        )
    )
    mismatch = frame["partner_code_in_source"] != expected
    if mismatch.any():
        index = mismatch.idxmax()
        code = frame.at[index, "census_cty_code"]
        raise InputDataError(
            path,
            f"partner_code_in_source {frame.at[index, 'partner_code_in_source']!r} does not "
            f"match Census code {code} ({known.at[code, 'cty_name']!r}, expected "
            f"{expected[index]!r})",
            column="partner_code_in_source",
            row=int(frame.at[index, ROW]),
        )
    codes_per_year = frame.groupby("year")["census_cty_code"].apply(frozenset)
    all_codes = frozenset(frame["census_cty_code"])
    for year_value, present in codes_per_year.items():
        if present != all_codes:
            missing = sorted(all_codes - present)
            raise InputDataError(
                path,
                f"year {year_value} lacks code(s) {missing} that other years have; every "
                "partner in every year (is the file truncated?)",
                column="census_cty_code",
                row=f"year {year_value}",
            )
    out = frame.rename(
        columns={
            "census_cty_code": "cty_code",
            "exports_usd_millions": EXPORTS,
            "imports_usd_millions": IMPORTS,
            "balance_usd_millions": BALANCE,
        }
    ).merge(known[_PARTNER[1:]], left_on="cty_code", right_index=True, how="left")
    out = out.assign(
        months_reported=12,
        complete_year=True,
        reporter_iso3=REPORTER_ISO3,
        reporter_side="own",
        source=SOURCE_SELECTED,
        source_file=source_files.name_of(path),
    )
    return out[ANNUAL_COLUMNS].sort_values(["year", "cty_code"]).reset_index(drop=True)


def append_selected_partners(annual: pd.DataFrame, selected: pd.DataFrame) -> pd.DataFrame:
    """The workbook's annual table with the 2023-2024 extract appended (one vintage per year).

    ``annual`` is ``partners_annual`` or ``aggregates_annual``; the rows of ``selected`` of
    the same kind are appended. The workbook's partial year (2023, January only) is replaced
    for every partner, also those the extract lacks, because a year must not mix vintages;
    a complete workbook year that the extract also has is refused (``ValueError``). Each
    row keeps the ``source_file`` of the table it comes from; a row without one is refused
    (``ValueError``).
    """
    kinds = set(annual["is_aggregate"])
    if len(kinds) != 1:
        raise ValueError("annual must be one workbook table: partners or aggregates, not both")
    selected = selected[selected["is_aggregate"] == kinds.pop()]
    years = set(selected["year"])
    overlap = annual[annual["year"].isin(years)]
    if overlap["complete_year"].any():
        clash = sorted(set(overlap.loc[overlap["complete_year"], "year"]))
        raise ValueError(
            f"the workbook has complete years {clash} that the extract also has; one vintage "
            "per year"
        )
    combined = pd.concat([annual[~annual["year"].isin(years)], selected], ignore_index=True)
    if combined.duplicated(["year", "cty_code"]).any():
        raise ValueError("duplicate (year, cty_code) after appending; one row per key")
    source_files.require(combined, "census annual table with the 2023-2024 extract")
    return combined.sort_values(["year", "cty_code"]).reset_index(drop=True)
