"""WDI merchandise exports and imports: the real files, synthetic ones, broken copies."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from chinatrade.errors import InputDataError
from chinatrade.ingest import macro, wdi_trade

EXPORTS = "bilateral/original/wdi_merchandise_exports_usd_tx_val_mrch_cd_wt.csv"
IMPORTS = "bilateral/original/wdi_merchandise_imports_usd_tm_val_mrch_cd_wt.csv"
INDIA_2018 = "India,IND,2018,"


@pytest.fixture(scope="module")
def area_codes(project):
    return macro.read_area_codes(project / "workflow/resources/macro_area_codes.csv")


@pytest.fixture(scope="module")
def merchandise(shared_data, area_codes):
    return wdi_trade.read_wdi_merchandise(shared_data / EXPORTS, shared_data / IMPORTS, area_codes)


# --- the real files ---


def test_known_values_2018(merchandise):
    """India and Brazil 2018 (the study's C04, C05), China (DOTS: 2,501 / 2,134 bn)."""
    rows = merchandise[merchandise.year == 2018].set_index("wdi_code")
    billions = rows[["merchandise_exports_usd", "merchandise_imports_usd"]] / 1e9
    assert billions.loc["IND"].tolist() == pytest.approx([324.778, 514.464])
    assert billions.loc["BRA"].tolist() == pytest.approx([231.890, 192.840])
    assert billions.loc["CHN"].tolist() == pytest.approx([2486.695, 2135.748])
    assert rows.at["IND", "merchandise_balance_usd"] / 1e9 == pytest.approx(-189.686)
    assert rows.at["WLD", "area_kind"] == "aggregate" and pd.isna(rows.at["WLD", "iso3"])
    assert rows.at["IND", "iso3"] == "IND" and rows.at["IND", "area_kind"] == "economy"


def test_shape_key_and_missing_balance(merchandise):
    assert not merchandise.duplicated(wdi_trade.MERCHANDISE_KEY).any()
    assert merchandise.year.min() == 1960 and merchandise.year.max() == 2025
    assert merchandise.wdi_code.nunique() == 254
    one_side = (
        merchandise.merchandise_exports_usd.isna() | merchandise.merchandise_imports_usd.isna()
    )
    assert one_side.sum() == 53  # area-years in one file only
    assert merchandise.loc[one_side, "merchandise_balance_usd"].isna().all()
    assert merchandise.loc[~one_side, "merchandise_balance_usd"].notna().all()
    # each row names the file(s) its values come from: both, or the one that has the row
    exports_file, imports_file = EXPORTS.split("/")[-1], IMPORTS.split("/")[-1]
    files = merchandise.source_file
    assert set(files[~one_side]) == {f"{exports_file}; {imports_file}"}
    assert set(files[merchandise.merchandise_imports_usd.isna()]) == {exports_file}
    assert set(files[merchandise.merchandise_exports_usd.isna()]) == {imports_file}
    # zero exports are kept as reported (Tuvalu 1980-2023), not dropped
    tuvalu = merchandise[(merchandise.wdi_code == "TUV") & (merchandise.year == 2000)]
    assert tuvalu.merchandise_exports_usd.tolist() == [0.0]


# --- synthetic files with answers known by hand ---


def _write(path, rows):
    path.write_text("Country Name,Country Code,Year,Value\n" + "\n".join(rows) + "\n")
    return path


def test_synthetic_balance_and_one_sided_year(tmp_path, area_codes):
    exports = _write(
        tmp_path / "synthetic_exports.csv",
        ["World,WLD,2018,1000000000", "Japan,JPN,2018,300000000", "Japan,JPN,2019,2000000"],
    )
    imports = _write(
        tmp_path / "synthetic_imports.csv",
        ["World,WLD,2018,1000000000", "Japan,JPN,2018,100000000"],
    )
    table = wdi_trade.read_wdi_merchandise(exports, imports, area_codes)
    table = table.set_index(["wdi_code", "year"])
    assert table.at[("JPN", 2018), "merchandise_balance_usd"] == 200_000_000
    assert pd.isna(table.at[("JPN", 2019), "merchandise_imports_usd"])
    assert pd.isna(table.at[("JPN", 2019), "merchandise_balance_usd"])
    assert table.at[("WLD", 2018), "area_kind"] == "aggregate"


# --- broken copies of the real files: each message names the file, the column, the row ---


def _line(lines, start):
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


def _set_value(lines, line_number, column, value):
    header = next(csv.reader(io.StringIO(lines[0])))
    row = next(csv.reader(io.StringIO(lines[line_number - 1])))
    row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[line_number - 1] = out.getvalue()
    return lines


# (case, which file is broken, change, fragments); {india}: the line of India 2018
BROKEN = [
    (
        "value in USD millions",
        EXPORTS,
        lambda ls: _set_value(ls, _line(ls, INDIA_2018), "Value", "324778"),
        ["column 'Value'", "row {india}", "not a whole number of USD millions"],
    ),
    (
        "value above the World's",
        IMPORTS,
        lambda ls: _set_value(ls, _line(ls, INDIA_2018), "Value", "514464000000000000"),
        ["column 'Value'", "row {india}", "more than the World's"],
    ),
    (
        "text in a number cell",
        EXPORTS,
        lambda ls: _set_value(ls, _line(ls, INDIA_2018), "Value", "324.8 bn"),
        ["column 'Value'", "row {india}", "'324.8 bn' is not a number"],
    ),
    (
        "negative value",
        IMPORTS,
        lambda ls: _set_value(ls, _line(ls, INDIA_2018), "Value", "-514464000000"),
        ["column 'Value'", "row {india}", "is negative"],
    ),
    (
        "duplicate key",
        EXPORTS,
        lambda ls: ls + [ls[_line(ls, INDIA_2018) - 1]],
        ["column 'Country Code'", "row {end}", "duplicate key", "first at row {india}"],
    ),
    (
        "another name for a code in the imports file",
        IMPORTS,
        lambda ls: [
            line.replace("India,IND,", "Republic of India,IND,")
            if line.startswith("India,IND,")
            else line
            for line in ls
        ],
        ["column 'Country Name'", "row {first_india}", "'Republic of India' here and 'India'"],
    ),
    (
        "renamed header",
        EXPORTS,
        lambda ls: [ls[0].replace("Value", "USD")] + ls[1:],
        ["column 'Value'", "not found"],
    ),
]


@pytest.mark.parametrize(
    ("case", "broken_file", "change", "fragments"), BROKEN, ids=[c[0] for c in BROKEN]
)
def test_broken_copy_of_a_real_file(
    shared_data, tmp_path, area_codes, case, broken_file, change, fragments
):
    lines = (shared_data / broken_file).read_text(encoding="utf-8").splitlines()
    landmarks = {
        "india": _line(lines, INDIA_2018),
        "first_india": _line(lines, "India,IND,"),
        "end": len(lines) + 1,
    }
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(change(list(lines))) + "\n", encoding="utf-8")
    paths = {EXPORTS: shared_data / EXPORTS, IMPORTS: shared_data / IMPORTS, broken_file: broken}
    with pytest.raises(InputDataError) as error:
        wdi_trade.read_wdi_merchandise(paths[EXPORTS], paths[IMPORTS], area_codes)
    message = str(error.value)
    assert "broken.csv" in message, message
    for fragment in fragments:
        assert fragment.format(**landmarks) in message, message
