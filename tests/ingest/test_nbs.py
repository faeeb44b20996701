"""The NBS provincial trade parser: known values, national sums, the province table, bad files."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from chinatrade.errors import InputDataError
from chinatrade.ingest import nbs

FOLDER = "gvc_province"
LOCATION = f"{FOLDER}/original/nbs_fsnd_A060101_trade_by_location_of_trading_unit.csv"
DESTINATION = f"{FOLDER}/original/nbs_fsnd_A060201_trade_by_domestic_destination_source.csv"
USD_100M = 1e5  # USD thousand per USD 100 million (亿美元), the unit SOURCES.md quotes

# File lines of the real A060101 file: nine years per province, in the province table's order.
LINE_BEIJING_2016 = 2
LINE_GUANGDONG_2018 = 2 + 18 * 9 + 2


@pytest.fixture(scope="module")
def provinces(project):
    return nbs.read_province_table(project / "workflow/resources/nbs_provinces.csv")


@pytest.fixture(scope="module")
def trade(shared_data, provinces):
    return nbs.read_nbs_province_trade(shared_data / LOCATION, shared_data / DESTINATION, provinces)


# --- the province table --------------------------------------------------------------------


def test_province_table(provinces):
    assert len(provinces) == 31
    assert list(provinces.columns) == nbs.PROVINCE_COLUMNS
    row = provinces.set_index("province_code").loc["440000"]
    assert (row.name_zh, row.name_en, row.iso_3166_2) == ("广东省", "Guangdong", "CN-GD")
    assert provinces["iso_3166_2"].is_unique


def test_province_table_duplicate_name(tmp_path, project):
    text = (project / "workflow/resources/nbs_provinces.csv").read_text(encoding="utf-8")
    bad = tmp_path / "nbs_provinces.csv"
    bad.write_text(text + "710000,台湾省,Guangdong,CN-TW\n", encoding="utf-8")
    with pytest.raises(InputDataError) as error:
        nbs.read_province_table(bad)
    message = str(error.value)
    for fragment in ["nbs_provinces.csv", "column 'name_en'", "row 33", "duplicate key"]:
        assert fragment in message, message


# --- the real files ------------------------------------------------------------------------


def test_real_tables_shape_and_key(trade):
    assert list(trade.columns) == nbs.OUTPUT_COLUMNS
    assert len(trade) == 2 * 31 * 9
    assert not trade.duplicated(nbs.KEY).any()
    assert set(trade["definition"]) == {"location_of_trading_unit", "domestic_destination_source"}
    assert set(trade["flow"]) == {"total"}
    assert sorted(trade["year"].unique()) == list(range(2016, 2025))
    assert (trade["value_usd_thousands"] >= 0).all()
    assert trade["province_code"].nunique() == 31


def test_real_national_sums(trade):
    """SOURCES.md: the provinces sum to these national totals (USD 100 million)."""
    sums = nbs.national_sums(trade).set_index(["definition", "year"])["value_usd_thousands"]
    location = {
        2016: 36_855.6,
        2017: 41_071.6,
        2018: 46_224.2,
        2019: 45_778.9,
        2020: 46_559.1,
        2021: 59_957.7,
        2022: 62_509.5,
        2023: 59_359.4,
        2024: 61_590.1,
    }
    for year, total in location.items():
        assert sums[("location_of_trading_unit", year)] / USD_100M == pytest.approx(total, abs=0.05)
    # 2018: the paper's national total of 46,224, by both definitions
    assert sums[("domestic_destination_source", 2018)] / USD_100M == pytest.approx(
        46_224.2, abs=0.05
    )


def test_real_2018_top_nine_provinces(trade):
    """SOURCES.md: 2018 top nine by location of trading unit (USD 100 million)."""
    top = (
        trade[(trade.year == 2018) & (trade.definition == "location_of_trading_unit")]
        .nlargest(9, "value_usd_thousands")
        .set_index("province_name_en")["value_usd_thousands"]
        / USD_100M
    )
    expected = {
        "Guangdong": 10_844.6,
        "Jiangsu": 6_639.1,
        "Shanghai": 5_156.8,
        "Zhejiang": 4_323.6,
        "Beijing": 4_124.9,
        "Shandong": 2_924.0,
        "Fujian": 1_874.1,
        "Tianjin": 1_225.6,
        "Liaoning": 1_146.0,
    }
    assert list(top.index) == list(expected)
    for name, value in expected.items():
        assert top[name] == pytest.approx(value, abs=0.05)


def test_real_tables_equal_the_derived_long_file(trade, shared_data):
    derived = pd.read_csv(
        shared_data / FOLDER / "nbs_province_total_trade_2016_2024_long.csv",
        dtype={"region_code": str},
    )
    definitions = {code: definition for code, (definition, _) in nbs.INDICATORS.items()}
    derived = derived.assign(definition=derived["nbs_indicator_code"].map(definitions))
    both = trade.merge(
        derived,
        left_on=["province_code", "year", "definition"],
        right_on=["region_code", "year", "definition"],
        how="outer",
        validate="one_to_one",
    )
    assert len(both) == len(trade) == len(derived)
    assert (both["value_usd_thousands"] == both["value_usd_thousand"]).all()
    assert (both["province_name_en"] == both["province_en"]).all()
    assert (both["province_name_zh"] == both["province_zh"]).all()


# --- small synthetic files with answers known by hand ---------------------------------------


def synthetic_nbs_text(provinces, code="A060101", years=(2018, 2019), value=None) -> str:
    """An NBS scrape CSV; by default province i (0-based) has 100,000,000 + 1,000 i (thousand)
    in every year, so the 31 provinces sum to 3,100,465,000."""
    name = nbs.INDICATORS[code][1]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(nbs.COLUMNS)
    for i, (region, region_name) in enumerate(
        zip(provinces["province_code"], provinces["name_zh"], strict=True)
    ):
        for year in years:
            amount = value(i, year) if value else 100_000_000 + 1_000 * i
            row = [code, code, name, region, region_name, year, f"{amount:.1f}", round(amount)]
            writer.writerow([*row, "True"])
    return "\ufeff" + out.getvalue()


def _synthetic_file(tmp_path, provinces, name="synthetic_nbs.csv", **kwargs):
    path = tmp_path / name
    path.write_text(synthetic_nbs_text(provinces, **kwargs), encoding="utf-8")
    return path


def test_synthetic_indicator(tmp_path, provinces):
    table = nbs.read_nbs_indicator(_synthetic_file(tmp_path, provinces), provinces)
    assert len(table) == 62
    assert set(table["definition"]) == {"location_of_trading_unit"}
    beijing = table.set_index(["province_code", "year"]).loc[("110000", 2019)]
    assert beijing["value_usd_thousands"] == 100_000_000
    assert beijing["province_name_en"] == "Beijing"
    sums = nbs.national_sums(table).set_index("year")["value_usd_thousands"]
    assert sums[2018] == sums[2019] == 3_100_465_000


def test_synthetic_both_definitions_agree_within_rounding(tmp_path, provinces):
    location = _synthetic_file(tmp_path, provinces, "loc.csv")
    # every province 4,000 thousand higher: 31 x 4,000 = 124,000 <= tolerance 310,000
    destination = _synthetic_file(
        tmp_path,
        provinces,
        "dest.csv",
        code="A060201",
        value=lambda i, year: 100_004_000 + 1_000 * i,
    )
    table = nbs.read_nbs_province_trade(location, destination, provinces)
    assert len(table) == 124
    sums = nbs.national_sums(table).set_index(["definition", "year"])["value_usd_thousands"]
    assert sums[("domestic_destination_source", 2018)] == 3_100_465_000 + 124_000


def test_synthetic_definitions_disagree(tmp_path, provinces):
    location = _synthetic_file(tmp_path, provinces, "loc.csv")
    destination = _synthetic_file(
        tmp_path,
        provinces,
        "dest.csv",
        code="A060201",
        value=lambda i, year: 100_000_000 + 1_000 * i + (400_000 if i == 0 and year == 2019 else 0),
    )
    with pytest.raises(InputDataError) as error:
        nbs.read_nbs_province_trade(location, destination, provinces)
    message = str(error.value)
    for fragment in ["dest.csv", "loc.csv", "column 'value'", "year 2019", "tolerance 310,000"]:
        assert fragment in message, message


def test_files_swapped(tmp_path, provinces):
    location = _synthetic_file(tmp_path, provinces, "loc.csv")
    destination = _synthetic_file(tmp_path, provinces, "dest.csv", code="A060201")
    with pytest.raises(InputDataError) as error:
        nbs.read_nbs_province_trade(destination, location, provinces)
    message = str(error.value)
    for fragment in ["dest.csv", "column 'indicator_code'", "row 2", "holds indicator A060201"]:
        assert fragment in message, message


# --- broken inputs made from the real file --------------------------------------------------


def _real_rows(shared_data) -> list[list[str]]:
    text = (shared_data / LOCATION).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _write_rows(path, rows, encoding="utf-8-sig"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding=encoding)
    return path


def _set(rows, line, column, value):
    rows[line - 1][nbs.COLUMNS.index(column)] = value


def _error(path, provinces, fragments):
    with pytest.raises(InputDataError) as error:
        nbs.read_nbs_indicator(path, provinces)
    message = str(error.value)
    for fragment in [path.name, *fragments]:
        assert fragment in message, message


def _cells(*edits):
    """A change that sets (line, column, value) cells of the rows."""

    def change(rows):
        for line, column, value in edits:
            _set(rows, line, column, value)
        return rows

    return change


def _drop_column(column):
    def change(rows):
        position = nbs.COLUMNS.index(column)
        return [row[:position] + row[position + 1 :] for row in rows]

    return change


def _rename_header(column, name):
    def change(rows):
        rows[0][nbs.COLUMNS.index(column)] = name
        return rows

    return change


def _duplicate_guangdong_2018(rows):
    rows.append(list(rows[LINE_GUANGDONG_2018 - 1]))
    return rows


def _guangdong_2018_scaled_by_1000(rows):
    value = float(rows[LINE_GUANGDONG_2018 - 1][nbs.COLUMNS.index("value")]) * 1000
    _set(rows, LINE_GUANGDONG_2018, "value", f"{value:.1f}")
    _set(rows, LINE_GUANGDONG_2018, "display_value", str(round(value)))
    return rows


def _in_ten_thousand_usd(rows):
    for row in rows[1:]:
        value = float(row[nbs.COLUMNS.index("value")]) / 10
        row[nbs.COLUMNS.index("value")] = f"{value:.3f}"
        row[nbs.COLUMNS.index("display_value")] = str(round(value))
    return rows


def _without_tibet(rows):
    return [row for row in rows if row[4] != "西藏自治区"]


def _unchanged(rows):
    return rows


GUANGDONG = LINE_GUANGDONG_2018


def _case(name, change, fragments, encoding="utf-8-sig", id=None):
    return pytest.param(name, change, fragments, encoding, id=id or name.removesuffix(".csv"))


# the broken copy's name, how the real rows are changed, what the message names besides the
# file ({rows}: the number of rows of the broken copy), the encoding it is written in
BROKEN = [
    _case(
        "missing.csv",
        _drop_column("value"),
        ["column 'value'", "row 1", "required column(s) ['value'] not found"],
    ),
    _case(
        "renamed.csv",
        _rename_header("region_name", "地区"),
        ["column 'region_name'", "row 1", "not found"],
    ),
    *[
        _case(
            "text.csv",
            _cells((GUANGDONG, "value", text)),
            ["column 'value'", f"row {GUANGDONG}", "is not a number"],
            id=f"text-{text}",
        )
        for text in ["n.a.", "1,224,000", "—"]
    ],
    _case(
        "blank.csv",
        _cells((GUANGDONG, "value", "")),
        ["column 'value'", f"row {GUANGDONG}", "missing"],
    ),
    _case(
        "duplicate.csv",
        _duplicate_guangdong_2018,
        ["column 'region_code'", "row {rows}", "duplicate key", "'440000'", "'2018'"],
    ),
    _case(
        "negative.csv",
        _cells(
            (LINE_BEIJING_2016, "value", "-282348960.0"),
            (LINE_BEIJING_2016, "display_value", "-282348960"),
        ),
        ["column 'value'", "row 2:", "is negative"],
    ),
    _case(
        "scaled.csv",
        _cells((GUANGDONG, "value", "1084460000000.0")),
        ["column 'display_value'", f"row {GUANGDONG}", "rounded to a whole USD"],
        id="scaled-without-its-display-value",
    ),
    _case(
        "scaled.csv",
        _guangdong_2018_scaled_by_1000,
        ["column 'value'", "row for year 2018", "outside USD 1-10 trillion"],
        id="province-scaled-by-1000",
    ),
    _case("wan.csv", _in_ten_thousand_usd, ["column 'value'", "row for year 2016", "万美元"]),
    _case(
        "no_tibet.csv",
        _without_tibet,
        ["column 'region_code'", "(region_code=540000, year=2016)", "every province"],
    ),
    _case(
        "unknown.csv",
        _cells(
            (LINE_BEIJING_2016, "region_code", "710000"),
            (LINE_BEIJING_2016, "region_name", "台湾省"),
        ),
        ["column 'region_code'", "row 2:", "'710000'", "nbs_provinces.csv"],
    ),
    _case(
        "name.csv",
        _cells((GUANGDONG, "region_name", "广西壮族自治区")),
        ["column 'region_name'", f"row {GUANGDONG}", "does not match", "'广东省'"],
    ),
    _case(
        "mixed.csv",
        _cells((GUANGDONG, "indicator_code", "A060201")),
        ["column 'indicator_code'", f"row {GUANGDONG}", "one NBS indicator per file"],
    ),
    _case(
        "no_data.csv",
        _cells((GUANGDONG, "has_data", "False")),
        ["column 'has_data'", f"row {GUANGDONG}", "no figure"],
    ),
    _case("gbk.csv", _unchanged, ["row 2", "not UTF-8", "GBK"], encoding="gbk"),
]


@pytest.mark.parametrize(("name", "change", "fragments", "encoding"), BROKEN)
def test_broken_copy_of_the_real_file(
    tmp_path, shared_data, provinces, name, change, fragments, encoding
):
    rows = change(_real_rows(shared_data))
    path = _write_rows(tmp_path / name, rows, encoding=encoding)
    _error(path, provinces, [f.format(rows=len(rows)) for f in fragments])


def test_broken_truncated_mid_line(tmp_path, shared_data, provinces):
    text = (shared_data / LOCATION).read_text(encoding="utf-8-sig")
    path = tmp_path / "truncated.csv"
    path.write_text(text[: text.index("2018", len(text) // 2)], encoding="utf-8")
    _error(path, provinces, ["the line has", "fields, expected 9", "truncated"])


def test_broken_empty_file(tmp_path, provinces):
    path = tmp_path / "empty.csv"
    path.write_text("")
    _error(path, provinces, ["the file is empty"])
