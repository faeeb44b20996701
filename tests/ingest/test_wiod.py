"""The WIOD 2016 China NIOT parser: known values, identities, the model accessor, bad files."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from chinatrade.errors import InputDataError
from chinatrade.ingest import wiod

FOLDER = "gvc_province"
NIOT = f"{FOLDER}/original/wiod2016_CHN_NIOT_nov16.csv"

# Lines of the real file (line 1 header, line 2 descriptions, then 120 rows per year).
LINE_2000_A01_DOMESTIC = 3
LINE_2000_A01_IMPORTS = 3 + 56
LINE_2014_VA = 2 + 14 * 120 + 112 + 6
LINE_2014_GO = 2 + 15 * 120


@pytest.fixture(scope="module")
def niot_path(shared_data):
    return shared_data / NIOT


@pytest.fixture(scope="module")
def niot(niot_path):
    return wiod.read_niot(niot_path)


def _cell(niot, year, row, origin, column):
    match = niot[
        (niot.year == year) & (niot.row == row) & (niot.origin == origin) & (niot.column == column)
    ]
    assert len(match) == 1
    return match["value_usd_millions"].iloc[0]


# --- the real file -------------------------------------------------------------------------


def test_real_niot_shape_and_key(niot):
    assert list(niot.columns) == wiod.LONG_COLUMNS
    assert len(niot) == 15 * 120 * 63
    assert sorted(niot["year"].unique()) == list(range(2000, 2015))
    assert set(niot["origin"]) == {"domestic", "imported", "total"}
    assert not niot.duplicated(["year", "row", "origin", "column"]).any()
    assert niot["value_usd_millions"].dtype == float


def test_real_niot_known_cells(niot):
    """Cells read off the file (spaces as thousands separators, SOURCES.md)."""
    assert _cell(niot, 2000, "A01", "domestic", "A01") == 43_833
    assert _cell(niot, 2000, "A01", "domestic", "GO") == 255_687
    assert _cell(niot, 2000, "A01", "imported", "A01") == 972
    assert _cell(niot, 2000, "A02", "domestic", "INVEN") == -46
    assert _cell(niot, 2000, "PURNR", "total", "CONS_h") == -17_618
    assert _cell(niot, 2014, "GO", "total", "A01") == 1_396_917
    assert _cell(niot, 2014, "VA", "total", "B") == 564_306


def test_real_niot_negative_cells_only_where_allowed(niot):
    negative = niot[niot["value_usd_millions"] < 0]
    assert set(negative["column"]) == {"INVEN", "CONS_h"}
    assert set(negative.loc[negative["column"] == "CONS_h", "row"]) == {"PURNR"}
    assert len(negative) == 63  # 48 inventory changes and 15 PURNR cells


def test_real_niot_equals_the_derived_clean_table(niot, shared_data):
    clean = pd.read_csv(shared_data / FOLDER / "wiod2016_chn_niot_2000_2014_clean.csv")
    origins = {"Domestic": "domestic", "Imports": "imported", "TOT": "total"}
    derived = clean.melt(
        id_vars=["year", "row_code", "row_origin"],
        value_vars=list(wiod.VALUE_COLUMNS),
        var_name="column",
        value_name="derived",
    ).assign(origin=lambda frame: frame["row_origin"].map(origins))
    both = niot.merge(
        derived.rename(columns={"row_code": "row"}),
        on=["year", "row", "origin", "column"],
        how="outer",
        validate="one_to_one",
    )
    assert len(both) == len(niot)
    assert (both["value_usd_millions"] == both["derived"]).all()


def test_real_niot_labels(niot_path):
    labels = wiod.read_niot_labels(niot_path)
    assert len(labels) == 63 + 64  # 63 columns; 56 industry rows and 8 TOT rows
    described = labels.set_index(["axis", "code"])["description"]
    assert described[("row", "C26")] == "Manufacture of computer, electronic and optical products"
    assert described[("column", "EXP")] == "Exports"
    assert described[("row", "VA")] == "Value added at basic prices"


def test_accessor_matches_the_derived_by_industry_file(niot, shared_data):
    derived = pd.read_csv(
        shared_data / FOLDER / "china_wiod2016_import_content_of_exports_by_industry_2000_2014.csv"
    ).set_index(["year", "wiod_code"])
    for year in range(2000, 2015):
        model = wiod.niot_year(niot, year)
        expected = derived.loc[year].reindex(list(wiod.INDUSTRIES))
        assert model.z_domestic.shape == (56, 56) and model.z_imported.shape == (56, 56)
        assert list(model.z_domestic.index) == list(wiod.INDUSTRIES)
        np.testing.assert_array_equal(
            model.exports, expected["exports_domestic_output_usd_million"]
        )
        np.testing.assert_array_equal(model.gross_output, expected["gross_output_usd_million"])
        np.testing.assert_array_equal(model.reexports, expected["reexports_of_imports_usd_million"])


def test_accessor_zero_output_industries_and_exports(niot):
    """SOURCES.md: nine industries have zero output in all years; 2014 exports A-C 2,021 bn."""
    zero = ["C33", "G45", "J58", "J59_J60", "K66", "M71", "M73", "T", "U"]
    model_2014 = wiod.niot_year(niot, 2014)
    for year in (2000, 2007, 2014):
        assert wiod.niot_year(niot, year).zero_output_industries == zero
    goods = [code for code in wiod.INDUSTRIES if code[0] in "ABC"]
    assert model_2014.exports[goods].sum() / 1000 == pytest.approx(2_021, abs=1)
    assert model_2014.exports["G46"] / 1000 == pytest.approx(156, abs=1)
    assert model_2014.reexports.sum() == 0  # China's NIOT records no re-exports of imports
    # imports by product = all uses of the imported rows; II_fob + final uses reconcile
    assert model_2014.imports_by_product.sum() == pytest.approx(1_842_819)
    assert model_2014.value_added["B"] == 564_306
    assert model_2014.total_rows.loc["PURNR", "CONS_h"] == -55_920


@pytest.mark.parametrize(
    ("year", "share"), [(2000, 0.166714), (2007, 0.240501), (2009, 0.183404), (2014, 0.168523)]
)
def test_accessor_gives_what_the_import_content_needs(niot, shared_data, year, share):
    """SOURCES.md: import content of exports 16.7% (2000), 24.1% (2007), 18.3% (2009), 16.9%
    (2014). The Leontief step lives elsewhere; this only proves the accessor's parts suffice."""
    model = wiod.niot_year(niot, year)
    output = model.gross_output.to_numpy()
    per_output = np.divide(1.0, output, out=np.zeros_like(output), where=output > 0)
    a_domestic = model.z_domestic.to_numpy() * per_output
    a_imported = model.z_imported.to_numpy() * per_output
    foreign = a_imported.sum(axis=0) @ np.linalg.inv(np.eye(56) - a_domestic)
    exports = model.exports.to_numpy()
    assert foreign @ exports / exports.sum() == pytest.approx(share, abs=1e-6)
    totals = pd.read_csv(
        shared_data / FOLDER / "china_wiod2016_import_content_of_exports_total_2000_2014.csv"
    ).set_index("year")
    assert totals.at[year, "import_content_share_all_exports"] == share
    assert totals.at[year, "exports_usd_million"] == exports.sum()


def test_accessor_unknown_year(niot):
    with pytest.raises(ValueError, match=r"year 2015 is not in the NIOT table"):
        wiod.niot_year(niot, 2015)


# --- a small synthetic table with answers known by hand -------------------------------------


def _thousands(value: float) -> str:
    return f"{int(value):,}".replace(",", " ")


def synthetic_niot_text(cells: dict[tuple[str, str, str], float], year: int = 2010) -> str:
    """A NIOT CSV in the WIOD layout; every cell not in ``cells`` is 0.

    ``cells`` maps (Code, Origin, column) to a value.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(wiod.HEADER)
    writer.writerow(["", "", "", "", *[f"description of {c}" for c in wiod.VALUE_COLUMNS]])
    for origin, codes in wiod.ROWS_OF_ORIGIN.items():
        for code in codes:
            values = [_thousands(cells.get((code, origin, c), 0)) for c in wiod.VALUE_COLUMNS]
            writer.writerow([year, code, f"row {code}", origin, *values])
    return "\ufeff" + out.getvalue()


# Two active industries. A01: uses 10 of itself, 2 imported A01 and 38 value added (GO 50);
# its output goes 10 to A01, 5 to B, 20 to households, -5 to inventories, 20 to exports.
# B: uses 5 of A01 and 995 value added (GO 1 000), all exported. Imported A01: 2 to A01,
# 3 to households.
SYNTHETIC_CELLS = {
    ("A01", "Domestic", "A01"): 10,
    ("A01", "Domestic", "B"): 5,
    ("A01", "Domestic", "CONS_h"): 20,
    ("A01", "Domestic", "INVEN"): -5,
    ("A01", "Domestic", "EXP"): 20,
    ("A01", "Domestic", "GO"): 50,
    ("B", "Domestic", "EXP"): 1000,
    ("B", "Domestic", "GO"): 1000,
    ("A01", "Imports", "A01"): 2,
    ("A01", "Imports", "CONS_h"): 3,
    ("II_fob", "TOT", "A01"): 12,
    ("II_fob", "TOT", "B"): 5,
    ("II_fob", "TOT", "CONS_h"): 23,
    ("II_fob", "TOT", "INVEN"): -5,
    ("VA", "TOT", "A01"): 38,
    ("VA", "TOT", "B"): 995,
    ("GO", "TOT", "A01"): 50,
    ("GO", "TOT", "B"): 1000,
}


@pytest.fixture
def synthetic_path(tmp_path):
    path = tmp_path / "synthetic_niot.csv"
    path.write_text(synthetic_niot_text(SYNTHETIC_CELLS), encoding="utf-8")
    return path


def test_synthetic_long_table(synthetic_path):
    niot = wiod.read_niot(synthetic_path)
    assert len(niot) == 120 * 63
    assert _cell(niot, 2010, "B", "domestic", "EXP") == 1000  # "1 000" in the file
    assert _cell(niot, 2010, "A01", "domestic", "INVEN") == -5
    assert _cell(niot, 2010, "A01", "imported", "A01") == 2
    assert _cell(niot, 2010, "VA", "total", "B") == 995
    assert niot["value_usd_millions"].sum() == sum(SYNTHETIC_CELLS.values())


def test_synthetic_accessor(synthetic_path):
    model = wiod.niot_year(wiod.read_niot(synthetic_path), 2010)
    assert model.z_domestic.loc["A01", "A01"] == 10 and model.z_domestic.loc["A01", "B"] == 5
    assert model.z_domestic.to_numpy().sum() == 15
    assert model.z_imported.loc["A01", "A01"] == 2 and model.z_imported.to_numpy().sum() == 2
    assert model.final_domestic.loc["A01", "INVEN"] == -5
    assert model.final_imported.loc["A01", "CONS_h"] == 3
    assert model.gross_output["A01"] == 50 and model.gross_output["B"] == 1000
    assert model.exports["A01"] == 20 and model.exports.sum() == 1020
    assert model.imports_by_product["A01"] == 5 and model.imports_by_product.sum() == 5
    assert model.value_added["A01"] == 38
    assert model.total_rows.loc["II_fob", "CONS_h"] == 23
    assert len(model.zero_output_industries) == 54


# --- broken inputs made from the real file --------------------------------------------------


def _real_rows(niot_path) -> list[list[str]]:
    text = niot_path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _write_rows(path, rows, encoding="utf-8-sig"):
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding=encoding)
    return path


def _set(rows, line, column, value):
    rows[line - 1][wiod.HEADER.index(column)] = value


def _error(path) -> str:
    with pytest.raises(InputDataError) as error:
        wiod.read_niot(path)
    message = str(error.value)
    assert path.name in message
    return message


def _assert_names(message, fragments):
    for fragment in fragments:
        assert fragment in message, message


def test_broken_missing_column(tmp_path, niot_path):
    position = wiod.HEADER.index("GFCF")
    rows = [row[:position] + row[position + 1 :] for row in _real_rows(niot_path)]
    message = _error(_write_rows(tmp_path / "missing_column.csv", rows))
    _assert_names(message, ["column 'GFCF'", "row 1", "header field 64 is 'INVEN'"])


def test_broken_renamed_header(tmp_path, niot_path):
    rows = _real_rows(niot_path)
    rows[0][wiod.HEADER.index("C26")] = "C26_electronics"
    message = _error(_write_rows(tmp_path / "renamed.csv", rows))
    _assert_names(message, ["column 'C26'", "row 1", "'C26_electronics', expected 'C26'"])


@pytest.mark.parametrize("text", ["n.a.", "43,833", "", "43833"])
def test_broken_number_cell(tmp_path, niot_path, text):
    rows = _real_rows(niot_path)
    _set(rows, LINE_2000_A01_DOMESTIC, "C10-C12", text)
    message = _error(_write_rows(tmp_path / "text_in_number.csv", rows))
    _assert_names(
        message,
        [f"column 'C10-C12', row {LINE_2000_A01_DOMESTIC}", f"value {text!r}", "not a whole"],
    )


def test_broken_duplicate_row(tmp_path, niot_path):
    rows = _real_rows(niot_path)
    rows.append(list(rows[LINE_2000_A01_DOMESTIC - 1]))
    message = _error(_write_rows(tmp_path / "duplicate.csv", rows))
    _assert_names(
        message,
        ["column 'Year'", f"row {len(rows)}", "duplicate key", "first at row 3", "Code': 'A01'"],
    )


def test_broken_negative_flow(tmp_path, niot_path):
    rows = _real_rows(niot_path)
    _set(rows, LINE_2000_A01_DOMESTIC, "A02", "-1 044")
    message = _error(_write_rows(tmp_path / "negative.csv", rows))
    _assert_names(message, ["column 'A02', row 3", "-1044", "negative; this column holds gross"])


def test_broken_cell_scaled_by_1000_breaks_the_row_identity(tmp_path, niot_path):
    rows = _real_rows(niot_path)
    _set(rows, LINE_2000_A01_DOMESTIC, "A01", "43 833 000")
    message = _error(_write_rows(tmp_path / "scaled.csv", rows))
    _assert_names(message, ["column 'GO', row 3", "row identity", "tolerance 31.5"])


def test_broken_value_added_breaks_the_column_identity(tmp_path, niot_path):
    rows = _real_rows(niot_path)
    original = rows[LINE_2014_VA - 1][wiod.HEADER.index("C26")]
    _set(rows, LINE_2014_VA, "C26", original + " 000")
    message = _error(_write_rows(tmp_path / "va.csv", rows))
    _assert_names(message, [f"column 'C26', row {LINE_2014_GO}", "column identity"])


def test_broken_output_on_an_imports_row(tmp_path, niot_path):
    rows = _real_rows(niot_path)
    _set(rows, LINE_2000_A01_IMPORTS, "GO", "1")
    message = _error(_write_rows(tmp_path / "imports_go.csv", rows))
    _assert_names(message, [f"column 'GO', row {LINE_2000_A01_IMPORTS}", "no domestic output"])


def test_broken_truncated_file(tmp_path, niot_path):
    text = niot_path.read_text(encoding="utf-8-sig")
    cut = tmp_path / "truncated.csv"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    message = _error(cut)
    _assert_names(message, ["the line has", "fields, expected 67", "truncated"])
    assert "row " in message and "column '" in message


def test_broken_file_missing_last_rows(tmp_path, niot_path):
    rows = _real_rows(niot_path)[:-8]  # the 2014 TOT rows
    message = _error(_write_rows(tmp_path / "short.csv", rows))
    _assert_names(message, ["column 'Code'", "(Year=2014, Origin=TOT, Code=II_fob)", "row missing"])


def test_broken_unknown_code(tmp_path, niot_path):
    rows = _real_rows(niot_path)
    _set(rows, LINE_2000_A01_DOMESTIC, "Code", "A1")
    message = _error(_write_rows(tmp_path / "code.csv", rows))
    _assert_names(message, ["column 'Code', row 3", "'A1' is not one of"])


def test_broken_missing_description_line(tmp_path, niot_path):
    rows = _real_rows(niot_path)
    del rows[1]
    message = _error(_write_rows(tmp_path / "no_descriptions.csv", rows))
    _assert_names(message, ["column 'Year', row 2", "column descriptions"])


def test_broken_empty_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    _assert_names(_error(empty), ["the file is empty"])


def test_broken_encoding(tmp_path, niot_path):
    message = _error(_write_rows(tmp_path / "utf16.csv", _real_rows(niot_path), "utf-16"))
    _assert_names(message, ["row 1", "not UTF-8"])
