"""The value-added parsers: WIOD 2013 world tables (.RData) and WIOD 2016 bilateral DVA (.dta).

Known values from ../shared/data/valueadded/SOURCES.md; broken inputs made from the real files
(read, changed, written to tmp_path as synthetic files)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from chinatrade.errors import InputDataError
from chinatrade.ingest import valueadded
from chinatrade.ingest.valueadded import wiot

FOLDER = "valueadded/original"
WIOT_FILE = FOLDER + "/wiod2013_wiot_{year}.RData"
DVA_FILE = FOLDER + "/wiod2016_bilateral_gross_exports_and_dva_2002_2014.dta"
YEARS = (2000, 2007, 2011)
CHN, USA = valueadded.COUNTRIES.index("CHN"), valueadded.COUNTRIES.index("USA")


@pytest.fixture(scope="module")
def wiots(shared_data):
    return valueadded.read_wiots([shared_data / WIOT_FILE.format(year=y) for y in YEARS])


@pytest.fixture(scope="module")
def dva(shared_data):
    return valueadded.read_bilateral_dva(shared_data / DVA_FILE)


def _gross_exports(cells: pd.DataFrame, year: int, exporter: str, importer: str) -> float:
    rows = cells[
        (cells.year == year)
        & (cells.supplier_country == exporter)
        & (cells.user_country == importer)
    ]
    return rows["value_usd_millions"].sum()


# --- the real WIOD 2013 world tables --------------------------------------------------------


def test_real_wiot_key_codes_and_sizes(wiots):
    cells, output = wiots
    assert list(cells.columns) == valueadded.WIOT_COLUMNS
    assert list(output.columns) == valueadded.OUTPUT_COLUMNS
    assert not cells.duplicated(valueadded.WIOT_KEY).any()
    assert (cells["value_usd_millions"] != 0).all()  # non-zero cells only
    assert len(output) == 3 * 41 * 35
    assert sorted(cells["year"].unique()) == list(YEARS)
    assert set(cells["supplier_country"]) == set(valueadded.COUNTRIES)
    assert {"ROU", "ROW"} <= set(cells["user_country"]) and "ROM" not in set(cells.user_country)
    assert set(cells["use"]) == set(valueadded.INDUSTRIES) | set(valueadded.FINAL_USES)
    # each cell names the file of its year
    files = cells.groupby("year")["source_file"].unique().map(list).to_dict()
    assert files == {y: [WIOT_FILE.format(year=y).split("/")[-1]] for y in YEARS}


def test_real_wiot_known_values(wiots):
    """SOURCES.md: China's gross exports to the US 2011 = 412.8 bn, US to China 175.3 bn,
    China's gross output 2011 about 22.3 trillion; a cell read off the 2000 file."""
    cells, output = wiots
    assert _gross_exports(cells, 2011, "CHN", "USA") / 1000 == pytest.approx(412.8, abs=0.05)
    assert _gross_exports(cells, 2011, "USA", "CHN") / 1000 == pytest.approx(175.3, abs=0.05)
    china = output[(output.year == 2011) & (output.country == "CHN")]
    assert china["output_usd_millions"].sum() / 1e6 == pytest.approx(22.3, abs=0.05)
    first = cells[(cells.year == 2000) & (cells.supplier_country == "AUS")].iloc[0]
    assert (first.supplier_industry, first.user_country, first.use) == ("c1", "AUS", "c1")
    assert first.value_usd_millions == 2919


def test_real_wiot_negatives_only_in_capital_formation_and_inventories(wiots):
    cells, output = wiots
    negative = cells[cells["value_usd_millions"] < 0]
    assert set(negative["use"]) == {"GFCF", "INVEN"}
    assert (negative["use"] == "INVEN").sum() > 10 * (negative["use"] == "GFCF").sum()
    assert (output["output_usd_millions"] >= 0).all()


# --- broken world tables: the real 2011 file changed, written as a synthetic file -------------


@pytest.fixture(scope="module")
def real_parts(shared_data):
    import rdata

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        objects = rdata.read_rda(shared_data / WIOT_FILE.format(year=2011))
    return {str(k): np.asarray(v) for k, v in objects["wiot_2011"].items()}


def _write(tmp_path, parts: dict, name="synthetic_wiot_2011.RData", objects=None):
    import rdata

    path = tmp_path / name
    rdata.write_rda(path, objects or {"wiot_2011": parts}, compression=None)
    return path


def _changed(real_parts, component: str, change) -> dict:
    parts = {k: v.copy() for k, v in real_parts.items()}
    parts[component] = parts[component].astype(np.float64)
    change(parts[component])
    return parts


def _message(path) -> str:
    with pytest.raises(InputDataError) as error:
        wiot.read_wiot(path)
    return str(error.value)


def _names(message: str, path, column: str, row: str) -> None:
    assert f"file '{path}'" in message, message
    assert f"column '{column}'" in message, message
    assert f"row {row}" in message, message


def test_the_unchanged_copy_reads_as_the_real_file(tmp_path, real_parts, wiots):
    cells, _ = wiot.read_wiot(_write(tmp_path, real_parts))
    real = wiots[0][wiots[0].year == 2011].reset_index(drop=True)
    assert set(cells.pop("source_file")) == {"synthetic_wiot_2011.RData"}  # the copy's name
    pd.testing.assert_frame_equal(cells, real.drop(columns="source_file"))


def test_broken_negative_intermediate_cell(tmp_path, real_parts):
    # row 230 = CHN c20 (China is the 7th country: rows 211-245), column 1366 = USA c1
    parts = _changed(real_parts, "inter", lambda a: a.__setitem__((229, 1365), -5.0))
    path = _write(tmp_path, parts)
    message = _message(path)
    _names(message, path, "inter 1366 (USA c1)", "230 (CHN c20)")
    assert "negative" in message


def test_broken_text_in_output(tmp_path, real_parts):
    parts = dict(real_parts, output=real_parts["output"].astype(str))
    parts["output"][210] = "n/a"
    path = _write(tmp_path, parts)
    _names(_message(path), path, "output", "211 (CHN c1)")


def test_broken_na_in_final_use(tmp_path, real_parts):
    # row 1 = AUS c1, column 7 = AUT CONS_np (5 final uses per country)
    parts = _changed(real_parts, "final", lambda a: a.__setitem__((0, 6), np.nan))
    path = _write(tmp_path, parts)
    message = _message(path)
    _names(message, path, "final 7 (AUT CONS_np)", "1 (AUS c1)")
    assert "NA" in message


def test_broken_cell_scaled_by_1000_breaks_the_row_identity(tmp_path, real_parts):
    parts = _changed(real_parts, "inter", lambda a: a.__setitem__((210, 210), a[210, 210] * 1000))
    path = _write(tmp_path, parts)
    message = _message(path)
    _names(message, path, "output", "211 (CHN c1)")
    assert "row identity" in message


def test_broken_year_in_file_differs_from_its_name(tmp_path, real_parts):
    parts = dict(real_parts, year=np.array([2007], dtype=np.int32))
    path = _write(tmp_path, parts)
    message = _message(path)
    _names(message, path, "year", "1")
    assert "[2007] in the file, 2011 in its name" in message


def test_broken_object_named_for_another_year(tmp_path, real_parts):
    path = _write(tmp_path, real_parts, objects={"wiot_2007": real_parts})
    assert "expected one, 'wiot_2011'" in _message(path)


def test_broken_unknown_country_code(tmp_path, real_parts):
    countries = real_parts["countries"].copy()
    countries[6] = "CHI"
    path = _write(tmp_path, dict(real_parts, countries=countries))
    message = _message(path)
    _names(message, path, "countries", "7")
    assert "'CHI' where 'CHN' is expected" in message


def test_broken_final_use_columns_category_major(tmp_path, real_parts):
    by_country = real_parts["final"].reshape(1435, 41, 5)
    parts = dict(real_parts, final=by_country.transpose(0, 2, 1).reshape(1435, 205).copy())
    path = _write(tmp_path, parts)
    message = _message(path)
    assert "column 'final'" in message and "country-major" in message


def test_broken_missing_component(tmp_path, real_parts):
    parts = {k: v for k, v in real_parts.items() if k != "final"}
    path = _write(tmp_path, parts)
    message = _message(path)
    assert f"file '{path}'" in message and "column 'final'" in message


def test_broken_table_in_usd_thousands(tmp_path, real_parts):
    scaled = ("inter", "final", "output")  # float: int32 would overflow
    parts = {k: v.astype(float) * 1000 if k in scaled else v for k, v in real_parts.items()}
    message = _message(_write(tmp_path, parts))
    assert "row identity" in message or "not in USD millions" in message


def test_broken_file_name_without_year(tmp_path, real_parts):
    path = _write(tmp_path, real_parts, name="synthetic_wiot.RData")
    assert "its year is unknown" in _message(path)


@pytest.mark.filterwarnings("ignore:Unknown file type", "ignore:Wrong extension")
def test_broken_not_an_r_file(tmp_path):
    path = tmp_path / "synthetic_wiot_2011.RData"
    path.write_text("year,value\n2011,1\n")
    assert "not a readable R data file" in _message(path)


def test_two_files_of_one_year_are_refused(tmp_path, real_parts):
    first = _write(tmp_path, real_parts)
    (tmp_path / "copy").mkdir()
    second = _write(tmp_path / "copy", real_parts)
    with pytest.raises(InputDataError, match="also the year of"):
        valueadded.read_wiots([first, second])


# --- the real WIOD 2016 bilateral gross exports and DVA ---------------------------------------


def test_real_dva_pairs_and_years(dva):
    assert list(dva.columns) == valueadded.DVA_COLUMNS
    assert set(dva["source_file"]) == {DVA_FILE.split("/")[-1]}
    assert len(dva) == 5 * 44 * 43
    assert (dva["exporter"] != dva["importer"]).all()
    assert dva.groupby("year").size().to_dict() == {y: 44 * 43 for y in range(2002, 2015, 3)}
    assert not dva.duplicated(valueadded.DVA_KEY).any()
    share = dva["domestic_value_added_in_exports_usd_millions"] / dva["gross_exports_usd_millions"]
    assert share.between(0, 1).all()


def test_real_dva_known_values(dva):
    """SOURCES.md: China -> US gross exports 2014 = 401.3 bn, US -> China 141.9 bn."""
    pairs = dva.set_index(valueadded.DVA_KEY)["gross_exports_usd_millions"]
    assert pairs[("CHN", "USA", 2014)] / 1000 == pytest.approx(401.3, abs=0.05)
    assert pairs[("USA", "CHN", 2014)] / 1000 == pytest.approx(141.9, abs=0.05)


# --- broken DVA files: the real file changed, written as a synthetic .dta ----------------------


@pytest.fixture(scope="module")
def real_dva_rows(shared_data):
    return pd.read_stata(shared_data / DVA_FILE)


def _write_dta(tmp_path, frame, name="synthetic_dva.dta"):
    path = tmp_path / name
    frame.to_stata(path, write_index=False, version=118)
    return path


def _dva_message(path) -> str:
    with pytest.raises(InputDataError) as error:
        valueadded.read_bilateral_dva(path)
    return str(error.value)


def test_broken_dva_missing_column(tmp_path, real_dva_rows):
    path = _write_dta(tmp_path, real_dva_rows.rename(columns={"gtrade": "gross"}))
    message = _dva_message(path)
    assert f"file '{path}'" in message and "column 'gtrade'" in message


def test_broken_dva_text_cell(tmp_path, real_dva_rows):
    rows = real_dva_rows.assign(gtrade=real_dva_rows["gtrade"].map(repr))
    rows.loc[99, "gtrade"] = "n/a"
    path = _write_dta(tmp_path, rows)
    _names(_dva_message(path), path, "gtrade", "100")


def test_broken_dva_duplicate_key(tmp_path, real_dva_rows):
    rows = real_dva_rows.copy()
    rows.loc[10, ["exporter", "importer", "year"]] = rows.loc[9, ["exporter", "importer", "year"]]
    path = _write_dta(tmp_path, rows)
    message = _dva_message(path)
    _names(message, path, "exporter", "11")
    assert "duplicate key" in message and "first at row 10" in message


def test_broken_dva_above_gross_exports(tmp_path, real_dva_rows):
    rows = real_dva_rows.copy()
    rows.loc[351, "dva"] = rows.loc[351, "gtrade"] * 1.01  # CHN -> USA 2002
    path = _write_dta(tmp_path, rows)
    message = _dva_message(path)
    _names(message, path, "dva", "352")
    assert "exceeds the gross exports" in message


def test_broken_dva_file_in_usd_thousands(tmp_path, real_dva_rows):
    rows = real_dva_rows.assign(gtrade=real_dva_rows.gtrade * 1000, dva=real_dva_rows.dva * 1000)
    path = _write_dta(tmp_path, rows)
    message = _dva_message(path)
    # row 1 is AUS -> AUS, which is no export: the first bilateral row of 2002 is row 2
    _names(message, path, "gtrade", "2 (first of 2002)")
    assert "not in USD millions" in message


def test_broken_dva_unknown_code(tmp_path, real_dva_rows):
    rows = real_dva_rows.copy()
    rows.loc[4, "importer"] = "XXX"
    path = _write_dta(tmp_path, rows)
    _names(_dva_message(path), path, "importer", "5")


def test_broken_dva_missing_pair(tmp_path, real_dva_rows):
    path = _write_dta(tmp_path, real_dva_rows.drop(index=351))
    message = _dva_message(path)
    assert "pair missing" in message
    assert "row with key (exporter=CHN, importer=USA, year=2002)" in message


def test_broken_dva_negative_value(tmp_path, real_dva_rows):
    rows = real_dva_rows.copy()
    rows.loc[0, "dva"] = -1.0
    path = _write_dta(tmp_path, rows)
    _names(_dva_message(path), path, "dva", "1")
