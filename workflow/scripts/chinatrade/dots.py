"""IMF Direction of Trade Statistics (DOTS): parse a reporter's Excel workbook.

The workbook is the IMF data portal's export (see ../shared/data/bilateral/SOURCES.md):
two sheets, "Exports, FOB" and "Imports, CIF"; row 2 the sheet title, row 4 the
reporter, row 5 the unit, row 7 the years from column C, then one row per partner with
its name in column B. A value may carry a trailing " e" (an IMF estimate). In most
workbooks the first partner row is a spurious copy of "Australia" placed before
"World"; it is dropped only when it equals the real Australia row further down.

``read_workbook`` checks the layout and returns the values in long form with the
IMF names; ``clean`` maps names to codes and states units and reporter side.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.ingest.workbook import column_letter, read_sheets
from chinatrade.partners import iso3_of

# flow -> (sheet name, title in cell B2)
SHEETS = {
    "exports_fob": ("Exports, FOB", "Exports, FOB to Partner Countries"),
    "imports_cif": ("Imports, CIF", "Imports, CIF from Partner Countries"),
}
UNIT = "US Dollars, Millions"
HEADER_ROW = 7
FIRST_DATA_ROW = 8
NAME_COLUMN = 2  # column B
FIRST_VALUE_COLUMN = 3  # column C
_ESTIMATE = re.compile(r"^\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s+e\s*$")

LONG_COLUMNS = [
    "reporter_imf_name",
    "partner_imf_name",
    "sheet_row",
    "year",
    "flow",
    "value_usd_millions",
    "imf_estimate",
]


def read_workbook(path: str | Path) -> pd.DataFrame:
    """Read both sheets of a DOTS workbook into one long table (IMF names)."""
    path = Path(path)
    sheet_rows = read_sheets(
        path, [sheet for sheet, _ in SHEETS.values()], "Is this an IMF DOTS export?"
    )
    frames = []
    reporters = {}
    for flow, (sheet_name, title) in SHEETS.items():
        frame, reporter = _read_sheet(path, sheet_name, title, flow, sheet_rows[sheet_name])
        frames.append(frame)
        reporters[sheet_name] = reporter
    if len(set(reporters.values())) != 1:
        raise InputDataError(
            path,
            f"the sheets name different reporters {reporters} in cell B4",
            column="B",
            row=4,
        )
    return pd.concat(frames, ignore_index=True)[LONG_COLUMNS]


def _cell(rows: list[tuple], row: int, column: int):
    """Value at 1-based (row, column), None outside the used range."""
    if row - 1 >= len(rows):
        return None
    values = rows[row - 1]
    return values[column - 1] if column - 1 < len(values) else None


def _read_sheet(path, sheet, title, flow, rows):
    found_title = _cell(rows, 2, NAME_COLUMN)
    if found_title != title:
        raise InputDataError(
            path,
            f"expected title '{title}' in cell B2, found {found_title!r}",
            sheet=sheet,
            column="B",
            row=2,
        )
    reporter = _cell(rows, 4, NAME_COLUMN)
    if not isinstance(reporter, str) or not reporter.strip():
        raise InputDataError(path, "no reporter name in cell B4", sheet=sheet, column="B", row=4)
    unit = _cell(rows, 5, NAME_COLUMN)
    if unit != UNIT:
        raise InputDataError(
            path,
            f"expected unit '{UNIT}' in cell B5, found {unit!r}; values are never "
            "rescaled silently",
            sheet=sheet,
            column="B",
            row=5,
        )
    years = _read_years(path, sheet, rows)
    partner_rows = []  # (sheet row, partner name, [(value, estimate) per year])
    for row in range(FIRST_DATA_ROW, len(rows) + 1):
        name = _cell(rows, row, NAME_COLUMN)
        values = [_cell(rows, row, column) for column in years]
        if name is None and all(v is None for v in values):
            continue  # blank spacer row
        if not isinstance(name, str) or not name.strip():
            raise InputDataError(
                path,
                f"a row with values has no partner name ({name!r})",
                sheet=sheet,
                column="B",
                row=row,
            )
        parsed = [
            _parse_value(path, sheet, row, column, year, value)
            for (column, year), value in zip(years.items(), values, strict=True)
        ]
        partner_rows.append((row, name.strip(), parsed))
    partner_rows = _drop_spurious_first_row(path, sheet, partner_rows)
    seen: dict[str, int] = {}
    records = []
    for row, name, parsed in partner_rows:
        if name in seen:
            raise InputDataError(
                path,
                f"partner '{name}' appears twice (rows {seen[name]} and {row}); "
                "one row per partner",
                sheet=sheet,
                column="B",
                row=row,
            )
        seen[name] = row
        for year, (value, estimate) in zip(years.values(), parsed, strict=True):
            records.append((reporter.strip(), name, row, year, flow, value, estimate))
    frame = pd.DataFrame.from_records(records, columns=LONG_COLUMNS)
    return frame, reporter.strip()


def _read_years(path, sheet, rows) -> dict[int, int]:
    header = rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else ()
    years: dict[int, int] = {}
    for column in range(FIRST_VALUE_COLUMN, len(header) + 1):
        label = header[column - 1]
        if label is None:
            continue
        text = str(label).strip()
        if not re.fullmatch(r"(19|20)\d\d", text):
            raise InputDataError(
                path,
                f"header {text!r} is not a year",
                sheet=sheet,
                column=column_letter(column),
                row=HEADER_ROW,
            )
        year = int(text)
        if years and year <= max(years.values()):
            raise InputDataError(
                path,
                f"year {year} is not after the previous column's year",
                sheet=sheet,
                column=column_letter(column),
                row=HEADER_ROW,
            )
        years[column] = year
    if not years:
        raise InputDataError(
            path,
            "no year header (expected years from column C)",
            sheet=sheet,
            row=HEADER_ROW,
        )
    return years


def _parse_value(path, sheet, row, column, year, value) -> tuple[float, bool]:
    """A cell's value in USD millions and whether IMF flagged it as an estimate."""
    estimate = False
    if value is None:
        return math.nan, False
    if isinstance(value, str):
        match = _ESTIMATE.match(value)
        if not match:
            raise InputDataError(
                path,
                f"value {value!r} for {year} is not a number",
                sheet=sheet,
                column=column_letter(column),
                row=row,
            )
        value, estimate = float(match.group(1)), True
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputDataError(
            path,
            f"value {value!r} for {year} is not a number",
            sheet=sheet,
            column=column_letter(column),
            row=row,
        )
    if value < 0 or math.isnan(value) or math.isinf(value):
        raise InputDataError(
            path,
            f"value {value!r} for {year}: a trade flow cannot be negative or undefined",
            sheet=sheet,
            column=column_letter(column),
            row=row,
        )
    return float(value), estimate


def _drop_spurious_first_row(path, sheet, partner_rows):
    """Drop the IMF export's stray first 'Australia' row, after proving it a copy.

    Only a first row named 'Australia', directly followed by 'World', whose values
    equal those of a later 'Australia' row is dropped; anything else is kept and, if
    it duplicates a partner, refused by the caller.
    """
    if len(partner_rows) < 2:
        return partner_rows
    (row, name, values), (_, next_name, _) = partner_rows[0], partner_rows[1]
    if name != "Australia" or next_name != "World":
        return partner_rows
    later = [r for r in partner_rows[1:] if r[1] == "Australia"]
    if not later:
        return partner_rows  # a lone Australia row is real data
    if not _same_values(values, later[0][2]):
        raise InputDataError(
            path,
            f"the first partner row 'Australia' (above 'World') differs from the "
            f"Australia row {later[0][0]}; the stray first row of IMF exports is "
            "expected to be an exact copy",
            sheet=sheet,
            column="B",
            row=row,
        )
    return partner_rows[1:]


def _same_values(left, right) -> bool:
    def same(a, b):
        return (math.isnan(a) and math.isnan(b)) or a == b

    return all(same(a[0], b[0]) and a[1] == b[1] for a, b in zip(left, right, strict=True))


def clean(long: pd.DataFrame, name_table: pd.DataFrame, source_file: str) -> pd.DataFrame:
    """Map IMF names to codes and state the reporter, unit and reporter side.

    Returns one row per (reporter, partner, year, flow). Header rows (section titles)
    must be empty and are removed; every other row is kept, blank cells as missing.
    """
    names = long[["partner_imf_name", "sheet_row", "flow"]].drop_duplicates("partner_imf_name")
    codes, kinds = {}, {}
    for name, sheet_row, flow in names.itertuples(index=False):
        if name in name_table.index:
            codes[name] = name_table.at[name, "code"]
            kinds[name] = name_table.at[name, "kind"]
            continue
        code = iso3_of(name)
        if code is None:
            raise InputDataError(
                source_file,
                f"partner name '{name}' matches no country (country_converter) and is "
                "not in workflow/resources/imf_dots_partner_names.csv; add it there "
                "with its code and kind",
                sheet=SHEETS[flow][0],
                column="B",
                row=int(sheet_row),
            )
        codes[name], kinds[name] = code, "economy"
    reporter_name = long["reporter_imf_name"].iloc[0]
    if reporter_name in name_table.index:
        reporter = name_table.at[reporter_name, "code"]
    else:
        reporter = iso3_of(reporter_name)
    if reporter is None:
        raise InputDataError(
            source_file,
            f"reporter '{reporter_name}' matches no country",
            column="B",
            row=4,
        )
    out = long.assign(
        reporter_iso3=reporter,
        partner_code=long["partner_imf_name"].map(codes),
        partner_kind=long["partner_imf_name"].map(kinds),
    )
    headers = out[out["partner_kind"] == "header"]
    if headers["value_usd_millions"].notna().any():
        bad = headers[headers["value_usd_millions"].notna()].iloc[0]
        raise InputDataError(
            source_file,
            f"section heading '{bad.partner_imf_name}' carries data; the name table "
            "calls it a heading",
            sheet=SHEETS[bad.flow][0],
            row=int(bad.sheet_row),
        )
    out = out[out["partner_kind"] != "header"]
    key = ["reporter_iso3", "partner_code", "year", "flow"]
    duplicated = out.duplicated(key, keep=False)
    if duplicated.any():
        dup = out[duplicated].sort_values("sheet_row")
        first = dup.iloc[0]
        rows = sorted(dup[dup.partner_code == first.partner_code].sheet_row.unique())
        raise InputDataError(
            source_file,
            f"partner code {first.partner_code} comes from more than one row "
            f"(rows {', '.join(map(str, rows))}: "
            f"{sorted(dup[dup.partner_code == first.partner_code].partner_imf_name.unique())});"
            " one row per key",
            sheet=SHEETS[first.flow][0],
            column="B",
            row=int(rows[-1]),
        )
    out = out.assign(
        reporter_side="own",
        source="IMF DOTS",
        source_file=source_file,
    )
    columns = [
        "reporter_iso3",
        "partner_code",
        "partner_imf_name",
        "partner_kind",
        "year",
        "flow",
        "value_usd_millions",
        "imf_estimate",
        "reporter_side",
        "source",
        "source_file",
    ]
    return out[columns].sort_values(key).reset_index(drop=True)


# --- the snapshot's long extracts (other reporters, and every reporter vs China) ---

EXTRACT_COLUMNS = ["reporter_iso3", "partner_imf_name", "year", "flow", "value_usd_millions"]
MIRROR_COLUMNS = ["reporter_iso3", "reporter_imf_name", "partner_iso3", "year", "flow"]
FLOWS = ("exports_fob", "imports_cif")
KEY = ["reporter_iso3", "partner_code", "year", "flow"]
OUTPUT_COLUMNS = [
    "reporter_iso3",
    "partner_code",
    "partner_imf_name",
    "partner_kind",
    "year",
    "flow",
    "value_usd_millions",
    "imf_estimate",
    "reporter_side",
    "source",
    "source_file",
]


def _code_of(name: str, name_table: pd.DataFrame) -> tuple[str | None, str]:
    if name in name_table.index:
        return name_table.at[name, "code"], name_table.at[name, "kind"]
    return iso3_of(name), "economy"


def _read_long_csv(path: Path, required: list[str]) -> pd.DataFrame:
    frame = validate.read_csv_strict(path)
    validate.require_columns(frame, [*required, "value_usd_millions", "imf_estimate"], path)
    frame["value_usd_millions"] = validate.numeric(frame, "value_usd_millions", path)
    validate.non_negative(frame, "value_usd_millions", path)
    validate.allowed(frame, "flow", FLOWS, path)
    validate.allowed(frame, "imf_estimate", {"True", "False"}, path)
    frame["imf_estimate"] = frame["imf_estimate"] == "True"
    years = validate.numeric(frame, "year", path, allow_missing=False)
    if (years % 1 != 0).any():
        index = (years % 1 != 0).idxmax()
        raise InputDataError(
            path,
            "year is not a whole number",
            column="year",
            row=int(frame.at[index, "source_row"]),
        )
    frame["year"] = years.astype(int)
    return frame


def read_extract(path: str | Path, name_table: pd.DataFrame, reporters: list[str]) -> pd.DataFrame:
    """The snapshot's long DOTS extract, for the given reporters (own reports).

    Partner names are mapped with the same name table and country_converter as the
    workbooks, and must agree with the extract's own ``partner_iso3`` where it has one.
    Returns the columns of :func:`clean` (USD millions; reporter_side 'own').
    """
    path = Path(path)
    frame = _read_long_csv(path, [*EXTRACT_COLUMNS[:-1], "partner_iso3"])
    frame = frame[frame["reporter_iso3"].isin(reporters)].copy()
    missing = sorted(set(reporters) - set(frame["reporter_iso3"]))
    if missing:
        raise InputDataError(path, f"no rows for reporter(s) {missing}", column="reporter_iso3")
    codes = {name: _code_of(name, name_table) for name in frame["partner_imf_name"].unique()}
    frame["partner_code"] = frame["partner_imf_name"].map(lambda n: codes[n][0])
    frame["partner_kind"] = frame["partner_imf_name"].map(lambda n: codes[n][1])
    _check_codes(frame, "partner_imf_name", "partner_code", "partner_iso3", path)
    validate.unique_key(frame, KEY, path)
    return _finish(frame, path)


def read_mirror(path: str | Path, name_table: pd.DataFrame) -> pd.DataFrame:
    """Every IMF reporter's own report of its trade with China (the mirror of China's).

    ``reporter_iso3`` is the partner that reported; IMF country groups as reporters get
    their group codes. Returns the columns of :func:`clean`.
    """
    path = Path(path)
    frame = _read_long_csv(path, MIRROR_COLUMNS)
    validate.allowed(frame, "partner_iso3", {"CHN"}, path)
    codes = {name: _code_of(name, name_table) for name in frame["reporter_imf_name"].unique()}
    frame["reporter_code"] = frame["reporter_imf_name"].map(lambda n: codes[n][0])
    _check_codes(frame, "reporter_imf_name", "reporter_code", "reporter_iso3", path)
    frame["reporter_iso3"] = frame["reporter_code"]
    frame["partner_code"] = "CHN"
    frame["partner_imf_name"] = "China, P.R.: Mainland"
    frame["partner_kind"] = "economy"
    validate.unique_key(frame, KEY, path)
    return _finish(frame, path)


def _check_codes(frame, name_column, code_column, given_column, path) -> None:
    unmapped = frame[code_column].isna()
    if unmapped.any():
        index = unmapped.idxmax()
        raise InputDataError(
            path,
            f"name '{frame.at[index, name_column]}' matches no country (country_converter) and "
            "is not in workflow/resources/imf_dots_partner_names.csv",
            column=name_column,
            row=int(frame.at[index, "source_row"]),
        )
    given = frame[given_column].replace("", pd.NA)
    disagree = given.notna() & (given != frame[code_column])
    if disagree.any():
        index = disagree.idxmax()
        raise InputDataError(
            path,
            f"'{frame.at[index, name_column]}' is coded {frame.at[index, given_column]} in the "
            f"file but maps to {frame.at[index, code_column]}",
            column=given_column,
            row=int(frame.at[index, "source_row"]),
        )


def _finish(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    out = frame.assign(reporter_side="own", source="IMF DOTS", source_file=str(path))
    return out[OUTPUT_COLUMNS].sort_values(KEY).reset_index(drop=True)


def combine(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """One bilateral table from several DOTS sources.

    A key present in more than one source (e.g. US-reported trade with China, in the US
    workbook and in the mirror extract) must carry the same value (within 0.001 USD mn,
    rounding in the CSV extracts); the first source's row is kept.
    """
    stacked = pd.concat(tables, ignore_index=True)
    repeated = stacked[stacked.duplicated(KEY, keep=False)]
    if not repeated.empty:
        spread = repeated.groupby(KEY)["value_usd_millions"].agg(
            lambda v: (
                v.max() - v.min() if v.notna().all() else (0 if v.isna().all() else float("inf"))
            )
        )
        bad = spread[spread > 0.001]
        if not bad.empty:
            key = dict(zip(KEY, bad.index[0], strict=True))
            files = sorted(repeated.set_index(KEY).loc[bad.index[0], "source_file"].unique())
            raise InputDataError(
                files[-1],
                f"key {key} has different values in {files} (difference {bad.iloc[0]:g} USD mn)",
                column="value_usd_millions",
            )
    return stacked.drop_duplicates(KEY, keep="first").sort_values(KEY).reset_index(drop=True)


def china_both_sides(bilateral: pd.DataFrame) -> pd.DataFrame:
    """China's trade with each partner as China reports it and as the partner reports it.

    ``china_flow`` is China's exports or imports. ``reporter_side`` 'own' rows are China's
    reports (exports FOB, imports CIF); 'mirror' rows are the partner's reports read the
    other way round: China's exports = the partner's imports (CIF), China's imports = the
    partner's exports (FOB). ``valuation`` states which.
    """
    own = bilateral[bilateral["reporter_iso3"] == "CHN"].assign(
        partner=lambda f: f["partner_code"],
        china_flow=lambda f: f["flow"].map({"exports_fob": "exports", "imports_cif": "imports"}),
        valuation=lambda f: f["flow"].str[-3:],
        reporter_side="own",
        reported_by="CHN",
    )
    mirror = bilateral[
        (bilateral["partner_code"] == "CHN") & (bilateral["reporter_iso3"] != "CHN")
    ].assign(
        partner=lambda f: f["reporter_iso3"],
        china_flow=lambda f: f["flow"].map({"exports_fob": "imports", "imports_cif": "exports"}),
        valuation=lambda f: f["flow"].str[-3:],
        reporter_side="mirror",
        reported_by=lambda f: f["reporter_iso3"],
    )
    columns = [
        "partner",
        "year",
        "china_flow",
        "reporter_side",
        "reported_by",
        "valuation",
        "value_usd_millions",
        "imf_estimate",
        "source",
    ]
    both = pd.concat([own[columns], mirror[columns]], ignore_index=True)
    return both.sort_values(["partner", "year", "china_flow", "reporter_side"]).reset_index(
        drop=True
    )


# Belgium and Luxembourg reported jointly until 1998: the IMF's EU memo item counts their
# joint row, so the identity below adds it to the 27 members.
EU_MEMO_EXTRA_MEMBERS = ["BLX"]


def check_identities(bilateral: pd.DataFrame, eu27_members: list[str]) -> None:
    """Accounting identities of the DOTS tables, for every reporter, year and flow.

    - the World row equals the sum of all partner rows (economies, historical
      economies and unallocated residuals), within 0.01 USD mn (rounding in the extracts);
    - the IMF memo item "European Union" equals the sum of the 27 members (plus the
      Belgium-Luxembourg row of the years they reported jointly), within 0.01 USD mn.
    A failure raises InputDataError naming the source file, reporter, year and flow.
    """
    key = ["reporter_iso3", "year", "flow"]
    parts_mask = bilateral["partner_kind"].isin(["economy", "historical", "residual"])
    checks = [
        (
            "WORLD",
            bilateral[parts_mask],
            "the World row equals the sum of all partners",
        ),
        (
            "EU27_IMF_MEMO",
            bilateral[bilateral["partner_code"].isin([*eu27_members, *EU_MEMO_EXTRA_MEMBERS])],
            "the IMF 'European Union' memo item equals the sum of the EU27 members",
        ),
    ]
    for total_code, parts, rule in checks:
        totals = bilateral[bilateral["partner_code"] == total_code].set_index(key)
        if totals.empty:
            continue
        summed = parts.groupby(key)["value_usd_millions"].sum(min_count=1)
        gap = (totals["value_usd_millions"] - summed.reindex(totals.index)).abs()
        broken = gap[gap > 0.01]
        if not broken.empty:
            reporter, year, flow = broken.index[0]
            row = totals.loc[broken.index[0]]
            raise InputDataError(
                row["source_file"],
                f"{rule} fails for reporter {reporter}, {year}, {flow}: total "
                f"{row['value_usd_millions']:.3f}, sum {summed[broken.index[0]]:.3f} USD mn "
                "(tolerance 0.01)",
                column="value_usd_millions",
                row=f"'{row['partner_imf_name']}'",
            )
