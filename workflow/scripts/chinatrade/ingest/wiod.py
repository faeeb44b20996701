"""WIOD 2016 release: a national input-output table (NIOT), here China's, 2000-2014.

The file is the "National IO-tables" sheet of WIOD's ``CHN_NIOT_nov16.xlsx`` saved as CSV
(see ../shared/data/gvc_province/SOURCES.md): UTF-8 with a byte-order mark, ``;``-separated,
whole USD millions at basic prices and current prices, digits grouped in threes by plain
spaces ("43 833", "-1 234").

Layout. Line 1 is the header ``Year;Code;Description;Origin``, the 56 WIOD industries, the
six final uses (CONS_h, CONS_np, CONS_g, GFCF, INVEN, EXP) and GO (gross output). Line 2
holds the column descriptions. Then, per year, 120 rows: the 56 industries with Origin
``Domestic`` (use of domestically produced products), the same 56 with Origin ``Imports``
(use of imported products) and eight ``TOT`` rows: II_fob (total intermediate use), TXSP
(taxes less subsidies on products), EXP_adj (cif/fob adjustment on exports), PURR and PURNR
(direct purchases abroad by residents and on the territory by non-residents), VA (value added
at basic prices), IntTTM (international transport margins) and GO (output).

``read_niot`` checks the layout, the signs and the accounting identities and returns every
cell in long form; ``niot_year`` arranges one year as the matrices and vectors of an
input-output model (Z_d, Z_m, x, e, ...), without computing anything from them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.validate import ROW

INDUSTRIES: tuple[str, ...] = (
    "A01", "A02", "A03", "B", "C10-C12", "C13-C15", "C16", "C17", "C18", "C19", "C20", "C21",
    "C22", "C23", "C24", "C25", "C26", "C27", "C28", "C29", "C30", "C31_C32", "C33", "D35",
    "E36", "E37-E39", "F", "G45", "G46", "G47", "H49", "H50", "H51", "H52", "H53", "I", "J58",
    "J59_J60", "J61", "J62_J63", "K64", "K65", "K66", "L68", "M69_M70", "M71", "M72", "M73",
    "M74_M75", "N", "O84", "P85", "Q", "R_S", "T", "U",
)  # fmt: skip
FINAL_USES: tuple[str, ...] = ("CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN", "EXP")
OUTPUT = "GO"
USE_COLUMNS: tuple[str, ...] = (*INDUSTRIES, *FINAL_USES)
VALUE_COLUMNS: tuple[str, ...] = (*USE_COLUMNS, OUTPUT)
LABEL_COLUMNS: tuple[str, ...] = ("Year", "Code", "Description", "Origin")
HEADER: tuple[str, ...] = (*LABEL_COLUMNS, *VALUE_COLUMNS)
TOTAL_ROWS: tuple[str, ...] = ("II_fob", "TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM", "GO")
# The rows that, with the domestic and imported inputs, add up to an industry's output.
INPUT_TOTAL_ROWS: tuple[str, ...] = ("TXSP", "EXP_adj", "PURR", "PURNR", "VA", "IntTTM")
ORIGINS = {"Domestic": "domestic", "Imports": "imported", "TOT": "total"}
ROWS_OF_ORIGIN = {"Domestic": INDUSTRIES, "Imports": INDUSTRIES, "TOT": TOTAL_ROWS}

# Cells that may be negative: changes in inventories (column INVEN), taxes *less subsidies*,
# the cif/fob adjustment, and purchases by non-residents, which the NIOT enters as a negative
# household use so that final demand is that of residents. Every other cell is a gross flow.
SIGNED_COLUMNS = frozenset({"INVEN"})
SIGNED_ROWS = frozenset({"TXSP", "EXP_adj", "PURNR"})

# Each cell is rounded to a whole USD million, so a sum of n cells and its separately rounded
# total can differ by up to (n + 1) / 2. The identities are checked with exactly that bound.
ROUNDING_USD_MILLIONS = 1.0

_NUMBER = r"-?\d{1,3}(?: \d{3})*"

LONG_COLUMNS = ["year", "row", "origin", "column", "value_usd_millions"]


def _rounding_tolerance(terms: int) -> float:
    return ROUNDING_USD_MILLIONS * (terms + 1) / 2


def _read_text(path: Path) -> str:
    return validate.read_utf8_text(path, "a WIOD NIOT saved as CSV", "the WIOD CSV is UTF-8")


def _read_lines(path: Path) -> tuple[list[str], list[str], list[tuple[int, list[str]]]]:
    """Header, description line and (line number, fields) of each data row."""
    reader = csv.reader(io.StringIO(_read_text(path)), delimiter=";")
    records = []
    for fields in reader:
        if not any(field.strip() for field in fields):
            continue  # a blank line (e.g. a trailing one) carries nothing
        records.append((reader.line_num, fields))
    if not records:
        raise InputDataError(path, "the file holds no lines; expected a WIOD NIOT CSV", row=1)
    header = records[0][1]
    for position, expected in enumerate(HEADER):
        found = header[position] if position < len(header) else None
        if found != expected:
            raise InputDataError(
                path,
                f"header field {position + 1} is {found!r}, expected {expected!r} "
                "(WIOD 2016 NIOT layout: Year;Code;Description;Origin, 56 industries, "
                "6 final uses, GO)",
                column=expected,
                row=records[0][0],
            )
    if len(header) != len(HEADER):
        raise InputDataError(
            path,
            f"the header has {len(header)} fields, expected {len(HEADER)}; extra "
            f"{header[len(HEADER) :]}",
            column=header[len(HEADER)],
            row=records[0][0],
        )
    if len(records) < 2:
        raise InputDataError(path, "no line after the header (expected descriptions)", row=2)
    filled = [field != "" for field in records[1][1][: len(LABEL_COLUMNS)]]
    if any(filled):
        raise InputDataError(
            path,
            "line 2 should hold the column descriptions, with its first four fields empty "
            f"(found {records[1][1][: len(LABEL_COLUMNS)]})",
            column=LABEL_COLUMNS[filled.index(True)],
            row=records[1][0],
        )
    descriptions = records[1][1]
    for line, fields in records[1:]:
        if len(fields) != len(HEADER):
            raise InputDataError(
                path,
                f"the line has {len(fields)} fields, expected {len(HEADER)} (truncated or "
                "misaligned line)",
                column=HEADER[min(len(fields), len(HEADER) - 1)],
                row=line,
            )
    return header, descriptions, records[2:]


def _wide(path: Path) -> pd.DataFrame:
    """The data rows as typed columns (year int, values float) with their line numbers."""
    _, _, records = _read_lines(path)
    if not records:
        raise InputDataError(path, "no data rows after the two header lines", row=3)
    frame = pd.DataFrame([fields for _, fields in records], columns=list(HEADER))
    frame[ROW] = [line for line, _ in records]
    bad_year = ~frame["Year"].str.fullmatch(r"(19|20)\d\d")
    if bad_year.any():
        index = bad_year.idxmax()
        raise InputDataError(
            path,
            f"year {frame.at[index, 'Year']!r} is not a four-digit year",
            column="Year",
            row=int(frame.at[index, ROW]),
        )
    # Checked while the labels are still text, so a message shows the key as the file does.
    validate.unique_key(frame, ["Year", "Origin", "Code"], path)
    frame["Year"] = frame["Year"].astype(int)
    validate.allowed(frame, "Origin", ORIGINS, path)
    for origin, codes in ROWS_OF_ORIGIN.items():
        rows = frame[frame["Origin"] == origin]
        validate.allowed(rows, "Code", codes, path)
    for column in VALUE_COLUMNS:
        text = frame[column]
        bad = ~text.str.fullmatch(_NUMBER)
        if bad.any():
            index = bad.idxmax()
            raise InputDataError(
                path,
                f"value {text[index]!r} is not a whole number of USD millions in the file's "
                "format (optional minus, digits grouped in threes by plain spaces)",
                column=column,
                row=int(frame.at[index, ROW]),
            )
        frame[column] = text.str.replace(" ", "", regex=False).astype(float)
    return frame


def _check_complete(frame: pd.DataFrame, path: Path) -> None:
    present = set(zip(frame["Year"], frame["Origin"], frame["Code"], strict=True))
    for year in sorted(frame["Year"].unique()):
        for origin, codes in ROWS_OF_ORIGIN.items():
            for code in codes:
                if (year, origin, code) not in present:
                    raise InputDataError(
                        path,
                        "row missing: every year needs the 56 Domestic, 56 Imports and 8 TOT "
                        "rows (truncated file?)",
                        column="Code",
                        row=f"with key (Year={year}, Origin={origin}, Code={code})",
                    )


def _check_signs(frame: pd.DataFrame, path: Path) -> None:
    gross = frame[~((frame["Origin"] == "TOT") & frame["Code"].isin(SIGNED_ROWS))]
    for column in VALUE_COLUMNS:
        if column not in SIGNED_COLUMNS:
            validate.non_negative(gross, column, path)


def _by_year(rows: pd.DataFrame, code: str) -> pd.DataFrame:
    return rows[rows["Code"] == code].set_index("Year")


def _check_identities(frame: pd.DataFrame, path: Path) -> None:
    domestic = frame[frame["Origin"] == "Domestic"]
    imported = frame[frame["Origin"] == "Imports"]
    totals = frame[frame["Origin"] == "TOT"]

    # Row identity: a product's intermediate and final uses add up to its output.
    validate.identity(
        domestic,
        OUTPUT,
        domestic[list(USE_COLUMNS)].sum(axis=1),
        path,
        rule="row identity (intermediate uses + final uses = GO, domestic rows)",
        absolute=_rounding_tolerance(len(USE_COLUMNS)),
    )
    # Imported products have no domestic output: the NIOT leaves GO at 0 on Imports rows.
    validate.identity(
        imported,
        OUTPUT,
        pd.Series(0.0, index=imported.index),
        path,
        rule="imported products have no domestic output (GO = 0 on Imports rows)",
    )

    domestic_sums = domestic.groupby("Year")[list(USE_COLUMNS)].sum()
    imported_sums = imported.groupby("Year")[list(USE_COLUMNS)].sum()
    other_inputs = totals[totals["Code"].isin(INPUT_TOTAL_ROWS)].groupby("Year")[list(INDUSTRIES)]
    other_input_sums = other_inputs.sum()
    output_row = _by_year(totals, OUTPUT)
    intermediate_row = _by_year(totals, "II_fob")
    output_column = domestic.pivot(index="Year", columns="Code", values=OUTPUT)
    column_terms = 2 * len(INDUSTRIES) + len(INPUT_TOTAL_ROWS)
    for industry in INDUSTRIES:
        # Column identity: domestic + imported inputs + taxes, adjustments, value added and
        # margins add up to the industry's output.
        inputs = domestic_sums[industry] + imported_sums[industry] + other_input_sums[industry]
        _identity_by_year(
            output_row,
            industry,
            inputs,
            path,
            rule="column identity (domestic + imported inputs + TXSP + EXP_adj + PURR + PURNR "
            "+ VA + IntTTM = GO row)",
            absolute=_rounding_tolerance(column_terms),
        )
        # The GO row and the GO column are the same rounded number.
        _identity_by_year(
            output_row,
            industry,
            output_column[industry],
            path,
            rule=f"GO row = GO column of the Domestic row {industry}",
        )
    # II_fob is the column total of domestic and imported intermediate (and final) use. WIOD
    # leaves it 0 in the EXP and GO columns, so those two are not compared.
    for column in (*INDUSTRIES, *FINAL_USES[:-1]):
        _identity_by_year(
            intermediate_row,
            column,
            domestic_sums[column] + imported_sums[column],
            path,
            rule="II_fob = sum of Domestic and Imports rows",
            absolute=_rounding_tolerance(2 * len(INDUSTRIES)),
        )


def _identity_by_year(rows, column, expected_by_year, path, *, rule, absolute=0.0) -> None:
    framed = rows.reset_index()
    expected = pd.Series(framed["Year"].map(expected_by_year).to_numpy(), index=framed.index)
    validate.identity(framed, column, expected, path, rule=rule, absolute=absolute)


def read_niot(path: str | Path) -> pd.DataFrame:
    """Read a WIOD 2016 NIOT CSV into long form, one row per cell of the table.

    Columns:

    - ``year`` (int)
    - ``row``: the using/supplying row's code, a WIOD industry code (e.g. ``C26``) for
      ``domestic`` and ``imported`` rows, or one of II_fob, TXSP, EXP_adj, PURR, PURNR, VA,
      IntTTM, GO for ``total`` rows
    - ``origin``: ``domestic`` (NIOT Origin ``Domestic``: domestically produced products),
      ``imported`` (``Imports``) or ``total`` (``TOT``: totals, value added and adjustments)
    - ``column``: a WIOD industry code (intermediate use by that industry), a final use
      (CONS_h, CONS_np, CONS_g, GFCF, INVEN, EXP) or GO (output)
    - ``value_usd_millions`` (float): USD millions, current prices, basic prices; whole
      numbers, as the CSV rounds every cell

    Key: (year, row, origin, column); rows keep the file's order. Every cell of the file is
    kept, zeros included (WIOD writes 0 where a cell is structurally empty, e.g. GO on Imports
    rows). Negative values are allowed only in column INVEN (changes in inventories) and in
    rows TXSP, EXP_adj and PURNR; everything else must be >= 0.

    Checked, with the rounding bound (n + 1) / 2 USD million for a sum of n rounded cells:
    row identity (uses = GO, 31.5), column identity (inputs + TXSP + EXP_adj + PURR + PURNR +
    VA + IntTTM = GO, 59.5), II_fob = domestic + imported use (56.5), GO row = GO column
    (exact), GO = 0 on Imports rows (exact); and a complete set of 120 rows per year.
    """
    path = Path(path)
    frame = _wide(path)
    _check_complete(frame, path)
    _check_signs(frame, path)
    _check_identities(frame, path)
    values = frame[list(VALUE_COLUMNS)].to_numpy()
    cells = len(VALUE_COLUMNS)
    return pd.DataFrame(
        {
            "year": np.repeat(frame["Year"].to_numpy(), cells),
            "row": np.repeat(frame["Code"].to_numpy(), cells),
            "origin": np.repeat(frame["Origin"].map(ORIGINS).to_numpy(), cells),
            "column": np.tile(np.array(VALUE_COLUMNS, dtype=object), len(frame)),
            "value_usd_millions": values.ravel(),
        }
    )[LONG_COLUMNS]


def read_niot_labels(path: str | Path) -> pd.DataFrame:
    """The descriptions of the NIOT's row and column codes, as the file states them.

    Columns: ``axis`` (``row`` or ``column``), ``code``, ``description``; key (axis, code).
    A row code whose description differs between years or origins is an error.
    """
    path = Path(path)
    _, descriptions, records = _read_lines(path)
    first_value = len(LABEL_COLUMNS)
    labels = [
        ("column", code, text.strip())
        for code, text in zip(VALUE_COLUMNS, descriptions[first_value:], strict=True)
    ]
    seen: dict[str, tuple[str, int]] = {}
    code_at, text_at = HEADER.index("Code"), HEADER.index("Description")
    for line, fields in records:
        code, text = fields[code_at], fields[text_at].strip()
        if code in seen and seen[code][0] != text:
            raise InputDataError(
                path,
                f"code {code!r} is described as {text!r} here but as {seen[code][0]!r} "
                f"on line {seen[code][1]}; one description per code",
                column="Description",
                row=line,
            )
        seen.setdefault(code, (text, line))
        if seen[code][1] == line:
            labels.append(("row", code, text))
    return pd.DataFrame(labels, columns=["axis", "code", "description"])


@dataclass(frozen=True)
class NiotYear:
    """One year of the NIOT as an input-output model's parts, all in USD millions.

    Rows of the matrices are the supplying product (WIOD industry code), columns the using
    industry or final use, both in WIOD order (``industries``).

    - ``z_domestic`` (Z_d, 56 x 56): intermediate use of domestic products
    - ``z_imported`` (Z_m, 56 x 56): intermediate use of imported products
    - ``final_domestic``, ``final_imported`` (56 x 6): final uses CONS_h, CONS_np, CONS_g,
      GFCF, INVEN (may be negative), EXP
    - ``gross_output`` (x): GO column of the domestic rows (0 for industries WIOD leaves empty
      for China: see ``zero_output_industries``; divide with care)
    - ``exports`` (e): EXP column of the domestic rows, exports of domestic output
    - ``reexports``: EXP column of the imported rows (re-exports of imports)
    - ``imports_by_product`` (m): the imported rows summed over all intermediate and final
      uses, i.e. total imports of each product at basic prices
    - ``value_added``: VA row by industry
    - ``total_rows`` (8 x 62): the TOT rows (II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM,
      GO) by using industry and final use
    """

    year: int
    industries: tuple[str, ...]
    z_domestic: pd.DataFrame
    z_imported: pd.DataFrame
    final_domestic: pd.DataFrame
    final_imported: pd.DataFrame
    gross_output: pd.Series
    exports: pd.Series
    reexports: pd.Series
    imports_by_product: pd.Series
    value_added: pd.Series
    total_rows: pd.DataFrame

    @property
    def zero_output_industries(self) -> list[str]:
        """Industries with zero gross output (no technical coefficients can be formed)."""
        return [code for code, value in self.gross_output.items() if value == 0]


def niot_year(niot: pd.DataFrame, year: int) -> NiotYear:
    """Arrange one year of ``read_niot``'s long table as matrices and vectors.

    Raises ``ValueError`` naming the year if it is absent, or the first missing cell if the
    long table does not hold the full 120 x 63 grid for the year.
    """
    cells = niot[niot["year"] == year]
    if cells.empty:
        years = sorted(niot["year"].unique())
        raise ValueError(f"year {year} is not in the NIOT table (years {years})")
    grids = {}
    for origin, rows in (
        ("domestic", INDUSTRIES),
        ("imported", INDUSTRIES),
        ("total", TOTAL_ROWS),
    ):
        grid = cells[cells["origin"] == origin].pivot(
            index="row", columns="column", values="value_usd_millions"
        )
        grid = grid.reindex(index=list(rows), columns=list(VALUE_COLUMNS))
        if grid.isna().any().any():
            row, column = grid.isna().stack().idxmax()
            raise ValueError(
                f"NIOT {year}: cell (row {row}, origin {origin}, column {column}) is missing"
            )
        grid.index.name, grid.columns.name = "row", "column"
        grids[origin] = grid
    domestic, imported, totals = grids["domestic"], grids["imported"], grids["total"]
    industries, final_uses = list(INDUSTRIES), list(FINAL_USES)
    return NiotYear(
        year=year,
        industries=INDUSTRIES,
        z_domestic=domestic.loc[:, industries],
        z_imported=imported.loc[:, industries],
        final_domestic=domestic.loc[:, final_uses],
        final_imported=imported.loc[:, final_uses],
        gross_output=domestic[OUTPUT].rename("gross_output_usd_millions"),
        exports=domestic["EXP"].rename("exports_usd_millions"),
        reexports=imported["EXP"].rename("reexports_usd_millions"),
        imports_by_product=imported[list(USE_COLUMNS)].sum(axis=1).rename("imports_usd_millions"),
        value_added=totals.loc["VA", industries].rename("value_added_usd_millions"),
        total_rows=totals.loc[:, list(USE_COLUMNS)],
    )
