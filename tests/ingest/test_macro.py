"""GDP (World Bank WDI, IMF WEO) and Fed H.10 exchange rates: parsers, checks, bad inputs."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from chinatrade.errors import InputDataError
from chinatrade.ingest import macro

WDI = "bilateral/original/wdi_gdp_current_usd_datasets-gdp.csv"
WDI_DERIVED = "bilateral/wdi_gdp_current_usd_1960_2023.csv"
WEO = "bilateral/imf_weo_oct2025_gdp_usd_current_account_1980_2030.csv"
H10 = "series/original/fed_h10_exchange_rates_annual_datasets-exchange-rates.csv"
H10_TIDY = "series/fx_annual_average_per_usd_fed_h10_tidy.csv"


@pytest.fixture(scope="module")
def area_codes(project):
    return macro.read_area_codes(project / "workflow/resources/macro_area_codes.csv")


@pytest.fixture(scope="module")
def wdi(shared_data, area_codes):
    return macro.read_wdi_gdp(shared_data / WDI, area_codes)


@pytest.fixture(scope="module")
def weo(shared_data, area_codes):
    return macro.read_weo(shared_data / WEO, area_codes)


@pytest.fixture(scope="module")
def fx(shared_data):
    return macro.read_fed_h10_annual(shared_data / H10)


# --- real files: known values from bilateral/SOURCES.md section 3 and series/SOURCES.md ---


def test_wdi_gdp_2018_known_values(wdi):
    gdp = wdi[wdi.year == 2018].set_index("wdi_code").gdp_usd / 1e12  # USD trillion
    expected = {"CHN": 13.895, "USA": 20.657, "JPN": 5.041, "IND": 2.703, "BRA": 1.917}
    expected |= {"KOR": 1.725}
    for code, value in expected.items():
        assert gdp[code] == pytest.approx(value, abs=0.0005), code
    assert wdi.year.min() == 1960 and wdi.year.max() == 2023
    assert wdi.wdi_code.nunique() == 262


@pytest.mark.parametrize(("table", "path"), [("wdi", WDI), ("weo", WEO), ("fx", H10)])
def test_every_row_names_its_raw_file(request, table, path):
    frame = request.getfixturevalue(table)
    assert frame.columns[-1] == "source_file"
    assert set(frame.source_file) == {path.split("/")[-1]}


def test_wdi_aggregates_are_apart_from_economies(wdi):
    kinds = wdi.drop_duplicates("wdi_code").set_index("wdi_code")
    assert (kinds.area_kind == "aggregate").sum() == 48
    for code in ("WLD", "EUU", "EAS", "HIC", "OED", "EMU"):
        assert kinds.at[code, "area_kind"] == "aggregate" and pd.isna(kinds.at[code, "iso3"])
    for code in ("CHN", "USA", "XKX", "CHI", "HKG", "MAC"):
        assert kinds.at[code, "area_kind"] == "economy" and kinds.at[code, "iso3"] == code
    # the economies add up to about the World aggregate (missing small economies aside)
    y2018 = wdi[wdi.year == 2018]
    economies = y2018[y2018.area_kind == "economy"].gdp_usd.sum()
    world = y2018.set_index("wdi_code").at["WLD", "gdp_usd"]
    assert economies / world == pytest.approx(1.0, abs=0.02)


def test_wdi_parse_equals_the_derived_snapshot_file(wdi, shared_data):
    derived = pd.read_csv(shared_data / WDI_DERIVED)
    mine = wdi.drop(columns="iso3").rename(
        columns={"area_name": "country_name", "wdi_code": "iso3", "gdp_usd": "gdp_current_usd"}
    )[["country_name", "iso3", "year", "gdp_current_usd"]]
    merged = mine.merge(derived, on=["iso3", "year"], suffixes=("", "_snap"), how="outer")
    assert len(merged) == len(mine) == len(derived) == 13_979
    assert (merged.gdp_current_usd == merged.gdp_current_usd_snap).all()
    assert (merged.country_name == merged.country_name_snap).all()


def test_weo_known_values_and_projections(weo, wdi):
    ngdpd = weo[weo.concept == "NGDPD"].set_index(["weo_code", "year"]).value_usd_billions
    expected_2018 = {"USA": 20_656.5, "JPN": 5_040.9, "BRA": 1_916.9, "IND": 2_702.9}
    expected_2018 |= {"CHN": 14_111.0, "KOR": 1_824.3}
    for code, value in expected_2018.items():
        assert ngdpd[(code, 2018)] == pytest.approx(value, abs=0.06), code
    assert ngdpd[("CHN", 2024)] == pytest.approx(18_749.8, abs=0.06)
    assert ngdpd[("USA", 2024)] == pytest.approx(29_298.0, abs=0.06)
    # WEO = WDI for 2018 except China (2023 census revision) and Korea (2020 rebasing)
    wdi_2018 = wdi[wdi.year == 2018].set_index("wdi_code").gdp_usd / 1e9
    for code in ("USA", "JPN", "BRA", "IND"):
        assert ngdpd[(code, 2018)] == pytest.approx(wdi_2018[code], abs=0.05), code
    assert ngdpd[("CHN", 2018)] / wdi_2018["CHN"] - 1 == pytest.approx(0.0155, abs=0.0005)
    china = weo[(weo.weo_code == "CHN") & (weo.concept == "NGDPD")].set_index("year")
    assert not china.at[2024, "is_projection"] and china.at[2025, "is_projection"]
    assert china.at[2030, "is_projection"]
    units = weo.set_index(["weo_code", "year", "concept"])
    assert units.at[("CHN", 2018, "BCA_NGDPD"), "value_percent"] == pytest.approx(0.171)
    assert pd.isna(units.at[("CHN", 2018, "BCA_NGDPD"), "value_usd_billions"])
    groups = weo[weo.area_kind == "aggregate"]
    assert groups.iso3.isna().all()
    # the file gives a last actual date for one country group only (G163, 2024)
    dated = groups[groups.is_projection.notna()]
    assert set(dated.weo_code) == {"G163"} and set(dated.last_actual_year) == {2024}
    economies = weo[weo.area_kind == "economy"]
    assert economies.is_projection.notna().all()
    codes = economies.drop_duplicates("weo_code").set_index("weo_code").iso3
    assert codes["KOS"] == "XKX" and codes["WBG"] == "PSE" and codes["TWN"] == "TWN"


def test_weo_fiscal_year_countries(weo):
    """A last actual date 'FY2024/25' makes 2024 the last actual year, 2025 a projection."""
    bangladesh = weo[(weo.weo_code == "BGD") & (weo.concept == "NGDPD")].set_index("year")
    assert set(bangladesh.last_actual_date) == {"FY2024/25"}
    assert not bangladesh.at[2024, "is_projection"] and bangladesh.at[2025, "is_projection"]


def test_h10_parse_equals_the_tidy_snapshot_file(fx, shared_data):
    tidy = pd.read_csv(shared_data / H10_TIDY)
    merged = fx.merge(tidy, on=["country", "currency", "year"], how="outer", indicator=True)
    assert (merged._merge == "both").all() and len(merged) == 993
    assert (merged.units_per_usd == merged.rate_per_usd).all()
    assert tidy.unit.str.startswith("foreign currency units per 1 USD").all()


def test_h10_known_values(fx):
    """series/SOURCES.md section 1: per-USD quotation everywhere; CNY checks."""
    assert fx.currency.nunique() == 21
    assert set(fx.quotation_as_published) == {"units_per_usd"}
    rates = fx.set_index(["currency", "year"]).units_per_usd
    assert rates[("EUR", 2024)] == 0.9242 and rates[("AUD", 2024)] == 1.5158
    cny = macro.rate_series(fx, "CNY").set_index("year").cny_per_usd
    assert cny.index.min() == 1981 and fx[fx.currency == "EUR"].year.min() == 1999
    assert cny[2018] == 6.6090
    # GACC's own 2018 totals imply RMB 30.51 tn / USD 4.62 tn = 6.604: within 0.1 %
    assert (30.51 / 4.62) / cny[2018] - 1 == pytest.approx(-0.0009, abs=0.0005)
    assert cny[2024] == 7.1957
    assert cny[2024] / 7.105 - 1 == pytest.approx(0.013, abs=0.002)  # GACC's own 7.10-7.11
    assert cny.loc[1995:2004].between(8.27, 8.38).all()  # the peg


# --- synthetic inputs with answers known by hand ---


def test_units_per_usd_conversion():
    assert macro.units_per_usd(1.25, "usd_per_unit") == pytest.approx(0.8)
    assert macro.units_per_usd(7.0, "units_per_usd") == 7.0
    series = macro.units_per_usd(pd.Series([2.0, 0.5]), "usd_per_unit")
    assert series.tolist() == [0.5, 2.0]
    with pytest.raises(ValueError, match="quotation 'per_usd' is not one of"):
        macro.units_per_usd(1.0, "per_usd")
    with pytest.raises(ValueError, match="positive"):
        macro.units_per_usd(pd.Series([1.0, 0.0]), "usd_per_unit")
    assert macro.H10_PUBLISHED_USD_PER_UNIT == {"AUD", "EUR", "NZD", "GBP"}


def test_synthetic_h10_file(tmp_path):
    path = tmp_path / "synthetic_h10.csv"
    path.write_text(
        "Date,Country,Exchange rate\n"
        "2023-01-01,China,7.0000\n"
        "2024-01-01,China,7.2000\n"
        "2024-01-01,Euro,0.9250\n",
        encoding="utf-8",
    )
    fx = macro.read_fed_h10_annual(path)
    assert macro.rate_series(fx, "CNY").to_dict("list") == {
        "year": [2023, 2024],
        "cny_per_usd": [7.0, 7.2],
    }
    assert macro.rate_series(fx, "EUR").eur_per_usd.tolist() == [0.925]
    assert set(fx.source_file) == {"synthetic_h10.csv"}
    with pytest.raises(KeyError, match="JPY"):
        macro.rate_series(fx, "JPY")


def test_synthetic_wdi_and_area_table(tmp_path, area_codes):
    path = tmp_path / "synthetic_wdi.csv"
    path.write_text(
        "Country Name,Country Code,Year,Value\n"
        "World,WLD,2018,100.0\n"
        "Japan,JPN,2018,5.0\n"
        "Kosovo,XKX,2018,0.5\n"
        "Japan,JPN,2019,5.5\n",
        encoding="utf-8",
    )
    table = macro.read_wdi_gdp(path, area_codes).set_index(["wdi_code", "year"])
    assert table.at[("WLD", 2018), "area_kind"] == "aggregate"
    assert pd.isna(table.at[("WLD", 2018), "iso3"])
    assert table.at[("XKX", 2018), "iso3"] == "XKX"
    assert table.at[("JPN", 2019), "gdp_usd"] == 5.5
    assert set(table.source_file) == {"synthetic_wdi.csv"}
    bad = tmp_path / "synthetic_area_codes.csv"
    bad.write_text("source,code,iso3,name,kind,note\nWDI,WLD,,World,region,\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"column 'kind', row 2: value 'region'"):
        macro.read_area_codes(bad)


def test_synthetic_weo_file(tmp_path, area_codes):
    header = (
        "iso3,weo_concept,weo_unit,weo_scale_power_of_10,year,value,last_actual_date,"
        "is_projection_or_estimate\n"
    )
    rows = [
        "JPN,NGDPD,USD,9.0,2024,4000.0,2024,False",
        "JPN,NGDPD,USD,9.0,2025,4100.0,2024,True",
        "JPN,BCA,USD,9.0,2024,200.0,2024,False",
        "JPN,BCA_NGDPD,PT,0.0,2024,5.0,2024,False",
        "G001,NGDPD,USD,9.0,2024,100000.0,,",
    ]
    path = tmp_path / "synthetic_weo.csv"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    table = macro.read_weo(path, area_codes).set_index(["weo_code", "concept", "year"])
    assert table.at[("JPN", "BCA_NGDPD", 2024), "value_percent"] == 5.0  # 100 x 200 / 4000
    assert table.at[("JPN", "NGDPD", 2025), "is_projection"]
    assert pd.isna(table.at[("G001", "NGDPD", 2024), "is_projection"])
    assert set(table.source_file) == {"synthetic_weo.csv"}
    rows[3] = "JPN,BCA_NGDPD,PT,0.0,2024,5.1,2024,False"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"column 'value', row 5: BCA_NGDPD = 100 x BCA"):
        macro.read_weo(path, area_codes)


# --- broken inputs made from the real files ---


def _line(lines: list[str], start: str) -> int:
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


def _set_cell(lines: list[str], line_number: int, column: str, value: str) -> list[str]:
    header = next(csv.reader(io.StringIO(lines[0])))
    row = next(csv.reader(io.StringIO(lines[line_number - 1])))
    row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[line_number - 1] = out.getvalue()
    return lines


def _broken(shared_data, tmp_path, relative, change, encoding="utf-8"):
    lines = (shared_data / relative).read_text(encoding="utf-8").splitlines()
    changed = change(list(lines))
    path = tmp_path / "broken.csv"
    text = "\n".join(changed) + ("\n" if changed else "")
    path.write_bytes(text.encode(encoding))
    return path


def _assert_message(error, *fragments):
    message = str(error.value)
    assert "broken.csv" in message, message
    for fragment in fragments:
        assert fragment in message, message


WDI_JAPAN_2018 = "Japan,JPN,2018,"


# (case, change, what the message names besides the file) of the WDI file;
# {japan}: the line of Japan 2018
WDI_CASES = [
    (
        "renamed header",
        lambda ls: [ls[0].replace("Value", "GDP")] + ls[1:],
        ["column 'Value'", "not found"],
    ),
    (
        "text in a number cell",
        lambda ls: _set_cell(ls, _line(ls, WDI_JAPAN_2018), "Value", "5.04 tn"),
        ["column 'Value'", "row {japan}", "'5.04 tn' is not a number"],
    ),
    (
        "duplicate key",
        lambda ls: ls + [ls[_line(ls, WDI_JAPAN_2018) - 1]],
        ["column 'Country Code'", "row 13981", "duplicate key", "first at row {japan}"],
    ),
    (
        "negative GDP",
        lambda ls: _set_cell(ls, _line(ls, WDI_JAPAN_2018), "Value", "-5.0e12"),
        ["column 'Value'", "row {japan}", "is not positive"],
    ),
    (
        "code that does not match the name",
        lambda ls: _set_cell(ls, _line(ls, WDI_JAPAN_2018), "Country Code", "JPX"),
        ["column 'Country Code'", "row {japan}", "'JPX' for 'Japan'", "gives JPN"],
    ),
    (
        "unknown country",
        lambda ls: ls + ["Atlantis,ATL,2018,1000000.0"],
        ["column 'Country Code'", "row 13981", "'Atlantis'", "no country"],
    ),
    (
        "two names for one code",
        lambda ls: _set_cell(ls, _line(ls, WDI_JAPAN_2018), "Country Name", "Nippon"),
        ["column 'Country Name'", "more than one name"],
    ),
    (
        "truncated file",
        lambda ls: ls[:-1] + [ls[-1][: ls[-1].rindex(",") + 1]],
        ["column 'Value'", "row 13980", "value is missing"],
    ),
    ("empty file", lambda ls: [], ["the file is empty"]),
]


WEO_CHINA_2018 = "CHN,NGDPD,USD,9.0,2018,"


# (case, change, what the message names besides the file) of the WEO file;
# {china}, {share}: the lines of China's GDP and current-account share in 2018
WEO_CASES = [
    (
        "GDP in millions",
        lambda ls: _set_cell(ls, _line(ls, WEO_CHINA_2018), "weo_scale_power_of_10", "6.0"),
        ["column 'weo_scale_power_of_10'", "row {china}", "expected USD x 10^9"],
    ),
    (
        "projection flag flipped",
        lambda ls: _set_cell(ls, _line(ls, WEO_CHINA_2018), "is_projection_or_estimate", "True"),
        ["column 'is_projection_or_estimate'", "row {china}", "disagrees"],
    ),
    (
        "current account share x1000",
        lambda ls: _set_cell(ls, _line(ls, "CHN,BCA_NGDPD,PT,0.0,2018,"), "value", "171.0"),
        ["column 'value'", "row {share}", "BCA_NGDPD = 100 x BCA / NGDPD fails"],
    ),
    (
        "unknown area code",
        lambda ls: _set_cell(ls, _line(ls, WEO_CHINA_2018), "iso3", "XYZ"),
        ["column 'iso3'", "row {china}", "'XYZ' is not an ISO3 code"],
    ),
    (
        "unknown concept",
        lambda ls: _set_cell(ls, _line(ls, WEO_CHINA_2018), "weo_concept", "NGDP"),
        ["column 'weo_concept'", "row {china}", "'NGDP' is not one of"],
    ),
    (
        "text in a number cell",
        lambda ls: _set_cell(ls, _line(ls, WEO_CHINA_2018), "value", "14,110.963"),
        ["column 'value'", "row {china}", "'14,110.963' is not a number"],
    ),
]


H10_EURO_2024 = "2024-01-01,Euro,"


# (case, change, what the message names besides the file) of the H.10 file;
# {euro}, {china}: the lines of the euro in 2024 and of China in 2018
H10_CASES = [
    (
        "euro quoted as USD per EUR",
        lambda ls: _set_cell(ls, _line(ls, H10_EURO_2024), "Exchange rate", "1.0820"),
        ["column 'Exchange rate'", "row {euro}", "published as USD per unit"],
    ),
    (
        "wrong series",
        lambda ls: _set_cell(ls, _line(ls, "2018-01-01,China,"), "Exchange rate", "6.9"),
        ["column 'Exchange rate'", "row {china}", "known value 6.609"],
    ),
    (
        "monthly date",
        lambda ls: _set_cell(ls, _line(ls, H10_EURO_2024), "Date", "2024-07-01"),
        ["column 'Date'", "row {euro}", "'2024-07-01' is not the 'YYYY-01-01'"],
    ),
    (
        "unknown country",
        lambda ls: _set_cell(ls, _line(ls, H10_EURO_2024), "Country", "Atlantis"),
        ["column 'Country'", "row {euro}", "'Atlantis' is not one of"],
    ),
    (
        "text in a number cell",
        lambda ls: _set_cell(ls, _line(ls, H10_EURO_2024), "Exchange rate", "n/a"),
        ["column 'Exchange rate'", "row {euro}", "'n/a' is not a number"],
    ),
    (
        "zero rate",
        lambda ls: _set_cell(ls, _line(ls, H10_EURO_2024), "Exchange rate", "0"),
        ["column 'Exchange rate'", "row {euro}", "is not positive"],
    ),
    (
        "duplicate key",
        lambda ls: ls + [ls[_line(ls, H10_EURO_2024) - 1]],
        ["column 'Country'", "row 995", "duplicate key", "first at row {euro}"],
    ),
]


# the file -> how it is read, and the lines (by their start) whose numbers the messages name
READERS = {
    WDI: macro.read_wdi_gdp,
    WEO: macro.read_weo,
    H10: lambda path, area_codes: macro.read_fed_h10_annual(path),
}
SHORT = {WDI: "wdi", WEO: "weo", H10: "h10"}
LANDMARKS = {
    WDI: {"japan": WDI_JAPAN_2018},
    WEO: {"china": WEO_CHINA_2018, "share": "CHN,BCA_NGDPD,PT,0.0,2018,"},
    H10: {"euro": H10_EURO_2024, "china": "2018-01-01,China,"},
}

BROKEN = [
    *[(WDI, *case, "utf-8") for case in WDI_CASES],
    (
        WDI,
        "wrong encoding",
        lambda ls: [line.replace("Afghanistan", "Afghanist\u00e1n") for line in ls],
        ["not UTF-8 text"],
        "latin-1",
    ),
    *[(WEO, *case, "utf-8") for case in WEO_CASES],
    *[(H10, *case, "utf-8") for case in H10_CASES],
]


@pytest.mark.parametrize(
    ("source", "case", "change", "fragments", "encoding"),
    BROKEN,
    ids=[f"{SHORT[source]}-{case}" for source, case, *_ in BROKEN],
)
def test_broken_copy_of_a_real_file(
    shared_data, tmp_path, area_codes, source, case, change, fragments, encoding
):
    lines = (shared_data / source).read_text(encoding="utf-8").splitlines()
    lines_of = {name: _line(lines, start) for name, start in LANDMARKS[source].items()}
    path = _broken(shared_data, tmp_path, source, change, encoding=encoding)
    with pytest.raises(InputDataError) as error:
        READERS[source](path, area_codes)
    _assert_message(error, *[f.format(**lines_of) for f in fragments])
