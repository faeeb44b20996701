"""FDI positions: BEA country tables, the EWN workbook, check values and the US-China ratio."""

from __future__ import annotations

import csv
import math

import openpyxl
import pandas as pd
import pytest

from chinatrade.errors import InputDataError
from chinatrade.ingest import fdi

USDIA_FILE = "fdi/bea_usdia_position_by_country_1982_2014_raw.csv"
FDIUS_FILE = "fdi/bea_fdius_position_by_country_2008_2019_raw.csv"
EWN_FILE = "fdi/ewn_dataset_12-2022_raw.xlsx"
CHECKS_FILE = "fdi/check_values_transcribed_from_pages.csv"
SERIES_CHECKS_FILE = "series/fdi_check_values_transcribed_series_hunt.csv"


@pytest.fixture(scope="module")
def names(project):
    return fdi.read_name_table(project / "workflow/resources/fdi_country_names.csv")


@pytest.fixture(scope="module")
def usdia(shared_data, names):
    return fdi.read_bea_usdia(shared_data / USDIA_FILE, names)


@pytest.fixture(scope="module")
def fdius(shared_data, names):
    return fdi.read_bea_fdius(shared_data / FDIUS_FILE, names)


@pytest.fixture(scope="module")
def ewn(shared_data, names):
    return fdi.read_ewn_fdi(shared_data / EWN_FILE, names)


@pytest.fixture(scope="module")
def checks(shared_data, names):
    return pd.concat(
        [
            fdi.read_fdi_check_values(shared_data / CHECKS_FILE, names),
            fdi.read_fdi_check_values(shared_data / SERIES_CHECKS_FILE, names),
        ],
        ignore_index=True,
    )


def series_of(table, measure, investor, host):
    rows = table[
        (table.measure == measure) & (table.investor_iso3 == investor) & (table.host_iso3 == host)
    ]
    return rows.set_index("year")["position_usd_millions"]


def check_value(checks, series_start, investor, host, year):
    rows = checks[
        checks.series.str.startswith(series_start)
        & (checks.investor_iso3 == investor)
        & (checks.host_iso3 == host)
        & (checks.year == year)
    ]
    assert len(rows) == 1, rows
    return rows["value_usd_millions"].iloc[0]


# --- real files: known values from SOURCES.md ---------------------------------------------


def test_us_position_in_china_matches_sources(usdia, checks):
    """SOURCES.md section 1: 2000 11,140; 2008 53,927; 2010 58,996; 2012 54,514 (USD mn)."""
    china = series_of(usdia, fdi.USDIA, "USA", "CHN")
    assert china.index.min() == 1982 and china.index.max() == 2014
    assert china.notna().all()  # China is shown in every year 1982-2014
    known = {2000: 11_140, 2008: 53_927, 2010: 58_996, 2011: 53_661, 2012: 54_514}
    known |= {2013: 59_886, 2014: 65_767}
    for year, value in known.items():
        assert china[year] == value, year
    # Statista's BEA series (2 decimals of USD bn) agrees where the vintages agree ...
    for year in (2000, 2008, 2010, 2012):
        assert china[year] == pytest.approx(check_value(checks, "USDIA", "USA", "CHN", year), abs=5)
    # ... and not for 2013-2014, which Statista shows after BEA's 2016 revision.
    assert check_value(checks, "USDIA", "USA", "CHN", 2014) - china[2014] > 7_000


def test_usdia_regions_sum_to_the_published_total(usdia, checks):
    """The six regions of 2014 sum to 4,920,653 = BEA's published $4,920.7 bn (SCB July 2015)."""
    regions = usdia[~usdia.source_area_path.str.contains(" > ")]
    assert sorted(regions.source_area_path.unique()) == sorted(fdi.BEA_REGIONS)
    by_year = regions.groupby("year")["position_usd_millions"].sum()
    assert by_year[2014] == 4_920_653
    assert by_year[2014] == pytest.approx(
        check_value(checks, "USDIA position, all countries", "USA", "WORLD", 2014), abs=50
    )
    # 1982-1996: the "By Country Only" table omits the unallocated line and the SCB totals are a
    # later vintage, so the region sums run below them (1990: 428.0 vs 430.5 bn). SOURCES.md
    # says 0.5-2.6 %; the range is 0.52 % (1995) to 2.72 % (1983).
    assert by_year[1990] == pytest.approx(428_000, abs=50)
    for year in range(1982, 1997):
        published = check_value(checks, "USDIA position, all countries", "USA", "WORLD", year)
        shortfall = 1 - by_year[year] / published
        assert 0.005 <= shortfall <= 0.028, (year, shortfall)


def test_fdius_known_values_and_totals(fdius, checks):
    """SOURCES.md section 2: Japan 2019 619,259; totals 2019 4,458,362, 2014 2,945,795."""
    china = series_of(fdius, fdi.FDIUS, "CHN", "USA")
    assert china[2010] == 3_300 and china[2018] == 33_543 and china[2019] == 37_685
    assert series_of(fdius, fdi.FDIUS, "JPN", "USA")[2019] == 619_259
    total = series_of(fdius, fdi.FDIUS, "WORLD", "USA")
    assert total[2019] == 4_458_362 and total[2014] == 2_945_795 and total[2015] == 3_354_907
    # Regions sum to "All countries" within +-2 (rounding) in every year.
    regions = fdius[
        (~fdius.source_area_path.str.contains(" > ")) & (fdius.investor_iso3 != "WORLD")
    ]
    gap = regions.groupby("year")["position_usd_millions"].sum() - total
    assert gap.abs().max() <= 2
    # First-published totals differ by BEA's later benchmark revisions (expected).
    fdius_total = "FDIUS position, all countries"
    assert check_value(checks, fdius_total, "WORLD", "USA", 2014) == pytest.approx(2_901_100)
    assert check_value(checks, fdius_total, "WORLD", "USA", 2015) == pytest.approx(3_134_200)
    # USCC 2011 quotes an earlier vintage: $3.2 bn for China end-2010; close to 3,300.
    assert check_value(checks, "FDIUS position from China", "CHN", "USA", 2010) == 3_200
    assert fdius.investor_iso3.eq("KOR").any() and fdius.investor_iso3.eq("HKG").any()


def test_ewn_known_values(ewn, checks):
    """SOURCES.md section 3, values in USD millions."""
    japan_out = series_of(ewn, fdi.EWN_ASSETS, "JPN", "WORLD")
    assert japan_out[1980] == pytest.approx(19_610, abs=0.5)
    assert japan_out[1990] == pytest.approx(201_440, abs=0.5)
    assert japan_out[1999] == pytest.approx(251_300, abs=50)
    assert japan_out[2000] == pytest.approx(281_200, abs=50)
    china_out = series_of(ewn, fdi.EWN_ASSETS, "CHN", "WORLD")
    assert china_out[2001] == pytest.approx(34_053, abs=0.5)
    assert china_out[2018] == pytest.approx(2_001_548, abs=0.5)
    assert china_out.loc[:1980].isna().all() and china_out.loc[1981:].notna().all()
    # UNCTAD via CRS: 34.7 bn (2001), "$1.9 trillion" (2018) -- close, not equal.
    unctad = "China's outward FDI stock, world total"
    assert china_out[2001] == pytest.approx(
        check_value(checks, unctad, "CHN", "WORLD", 2001), rel=0.02
    )
    assert china_out[2018] == pytest.approx(
        check_value(checks, unctad, "CHN", "WORLD", 2018), rel=0.06
    )
    # EWN's US FDI stocks are at market value, twice BEA's historical cost in 2018.
    us_in = series_of(ewn, fdi.EWN_LIABILITIES, "WORLD", "USA")
    assert us_in[2018] == pytest.approx(8_393_500, abs=50)
    assert set(ewn.valuation_basis) == {"market_or_mixed"}
    assert ewn.year.min() == 1970 and ewn.year.max() == 2021
    assert ewn[ewn.investor_iso3 == "EURO_AREA"].investor_kind.eq("aggregate").all()


def test_japan_us_share_of_outward_fdi(fdius, ewn):
    """F6 in SOURCES.md: BEA Japan-in-US / EWN Japan outward stock, in per cent."""
    share = (
        100
        * series_of(fdius, fdi.FDIUS, "JPN", "USA")
        / series_of(ewn, fdi.EWN_ASSETS, "JPN", "WORLD")
    )
    expected = {2008: 34.0, 2010: 30.1, 2012: 28.6, 2014: 31.6, 2016: 31.4, 2018: 30.1}
    expected[2019] = 33.1
    for year, value in expected.items():
        assert share[year] == pytest.approx(value, abs=0.051), year


def test_paper_ratio_on_real_data(usdia, fdius, checks):
    """SOURCES.md: the mean of yearly ratios 2010-2018 gives the paper's 7.8; summed stocks 4.8."""
    us_in_china = series_of(usdia, fdi.USDIA, "USA", "CHN").loc[2010:2014].to_dict()
    for year in (2015, 2016, 2017):  # Statista/BEA page values, not a data file (SOURCES.md)
        us_in_china[year] = check_value(checks, "USDIA position in China", "USA", "CHN", year)
    china_in_us = series_of(fdius, fdi.FDIUS, "CHN", "USA")
    years = range(2010, 2019)
    without_2018 = fdi.position_ratio(us_in_china, china_in_us, years)
    assert without_2018.years_missing == (2018,)
    assert without_2018.mean_of_yearly_ratios == pytest.approx(8.3, abs=0.05)
    yearly = {2010: 17.9, 2011: 14.9, 2012: 7.7, 2013: 7.6, 2014: 6.5, 2015: 5.7, 2016: 2.9}
    yearly[2017] = 3.4
    for year, ratio in yearly.items():
        assert without_2018.yearly_ratios[year] == pytest.approx(ratio, abs=0.05), year
    # SOURCES.md's unverified reference value for the US position in China end-2018.
    us_in_china[2018] = 116_500
    full = fdi.position_ratio(us_in_china, china_in_us, years)
    assert full.years_missing == () and full.years_used == tuple(years)
    assert full.mean_of_yearly_ratios == pytest.approx(7.8, abs=0.05)
    assert full.ratio_of_summed_positions == pytest.approx(4.8, abs=0.05)


def test_flags_negatives_and_aggregates(usdia, fdius):
    usdia_at = usdia.set_index(["host_iso3", "year"])
    assert usdia_at.at[("DNK", 1989), "value_flag"] == "suppressed"
    assert math.isnan(usdia_at.at[("DNK", 1989), "position_usd_millions"])  # never zero
    assert usdia_at.at[("AZE", 1990), "value_flag"] == "not_applicable"  # "---" in the file
    assert usdia_at.at[("MCO", 2004), "value_flag"] == "not_available"  # "..."
    fdius_at = fdius.set_index(["investor_iso3", "year"])
    assert fdius_at.at[("ALB", 2012), "value_flag"] == "below_half_million"
    assert fdius_at.at[("BMU", 2009), "position_usd_millions"] == -7_646  # negative is allowed
    assert fdius_at.at[("CUW", 2010), "value_flag"] == "not_applicable"
    assert fdius_at.at[("CUW", 2011), "source_label"] == "Curacao 2"  # footnote digit kept
    assert fdius_at.at[("TON", 2019), "source_label"] == "Tongo"  # source typo, mapped
    kinds = dict(zip(fdius.investor_iso3, fdius.investor_kind, strict=True))
    assert kinds["WORLD"] == "aggregate" and kinds["BEA_EUROPE"] == "aggregate"
    assert kinds["BEA_ASIA_PACIFIC_OTHER"] == "residual" and kinds["CHN"] == "economy"
    assert kinds["BEA_UK_ISLANDS_CARIBBEAN"] == "aggregate"  # not GBR
    assert set(usdia.valuation_basis) == set(fdius.valuation_basis) == {"historical_cost"}


def test_countries_on_two_lines_keep_the_line_with_the_entry(usdia):
    """Czech Republic: under "Europe > Other" 1993-1998, stand-alone from 1999."""
    czech = usdia[usdia.host_iso3 == "CZE"].set_index("year")
    assert not czech.index.duplicated().any()
    assert czech.at[1993, "position_usd_millions"] == 157
    assert czech.at[1993, "source_area_path"] == "Europe > Other > Czech Republic"
    assert czech.at[1999, "position_usd_millions"] == 1_038
    assert czech.at[1999, "source_area_path"] == "Europe > Czech Republic"
    assert czech.at[1985, "value_flag"] == "not_shown"  # "n.s." on both lines: one row
    assert usdia[usdia.host_iso3 == "CSK"].host_kind.eq("historical").all()


def test_parse_equals_the_curators_tidy_files(shared_data, usdia, fdius, ewn):
    flags = {
        "D_suppressed": "suppressed",
        "ns_not_shown": "not_shown",
        "star_abs_lt_0.5m": "below_half_million",
        "dashes_not_available": "not_applicable",
        "dashes_not_applicable": "not_applicable",
        "ellipsis_not_available": "not_available",
    }
    for table, name in ((usdia, USDIA_FILE), (fdius, FDIUS_FILE)):
        tidy = pd.read_csv(shared_data / name.replace("_raw.csv", "_tidy.csv"))
        tidy["flag"] = tidy["flag"].map(flags).fillna("reported")
        merged = tidy.merge(
            table,
            left_on=["area_path", "year"],
            right_on=["source_area_path", "year"],
            how="left",
            indicator=True,
        )
        found = merged[merged._merge == "both"]
        assert len(found) == len(table)  # every output row is a tidy row
        assert (found.flag == found.value_flag).all()
        pd.testing.assert_series_equal(
            found.value_musd, found.position_usd_millions, check_names=False
        )
        # tidy rows not in the output are "n.s." on a second line of the same country
        assert set(merged.loc[merged._merge == "left_only", "flag"]) <= {"not_shown"}
    tidy = pd.read_csv(shared_data / "fdi/ewn_fdi_stocks_by_economy_1970_2021_tidy.csv")
    measures = {"fdi_assets_outward_stock": fdi.EWN_ASSETS}
    measures["fdi_liabilities_inward_stock"] = fdi.EWN_LIABILITIES
    tidy = tidy[tidy.variable.isin(measures)].assign(measure=lambda t: t.variable.map(measures))
    reported = ewn[ewn.value_flag == "reported"]
    merged = reported.merge(
        tidy,
        left_on=["measure", "source_label", "year"],
        right_on=["measure", "economy", "year"],
        how="outer",
        indicator=True,
    )
    assert (merged._merge == "both").all()
    # the tidy file rounds to 3 decimals
    assert (merged.position_usd_millions - merged.value_musd).abs().max() <= 0.0005 + 1e-9


def test_check_tables(checks):
    assert len(checks) == 81 + 8
    assert not checks.duplicated(fdi.CHECK_KEY).any()
    assert list(checks.columns) == fdi.CHECK_COLUMNS and checks.columns[-1] == "source_file"
    files = checks.groupby("source_file").size().to_dict()
    assert files == {CHECKS_FILE.split("/")[-1]: 81, SERIES_CHECKS_FILE.split("/")[-1]: 8}
    japan_2004 = check_value(checks, "FDIUS position, historical cost", "JPN", "USA", 2004)
    assert japan_2004 == pytest.approx(176_900)
    mofcom = check_value(checks, "China's OFDI stock in the US (MOFCOM", "CHN", "USA", 2010)
    assert mofcom == pytest.approx(4_873.99)  # typed in USD millions: not rescaled
    assert set(checks.comparable_measure) == {"", fdi.USDIA, fdi.FDIUS}
    assert checks[checks.series.str.contains("MOFCOM")].comparable_measure.eq("").all()


def test_combined_table_has_one_row_per_key(usdia, fdius, ewn):
    combined = fdi.combine_positions(usdia, fdius, ewn)
    assert list(combined.columns) == fdi.POSITION_COLUMNS
    assert len(combined) == len(usdia) + len(fdius) + len(ewn)
    assert not combined.duplicated(fdi.POSITION_KEY).any()
    assert set(combined.measure) == set(fdi.MEASURES)
    with pytest.raises(ValueError, match="overlap on key"):
        fdi.combine_positions(fdius, fdius.head(3))


# --- small synthetic inputs with answers known by hand ------------------------------------

SYNTHETIC_USDIA_BODY = [
    "Canada,100,110",
    "Europe,60,(D)",
    "  France,50,(D)",
    "  Other,10,12",
    "    Malta,10,12",
    "Latin America and Other Western Hemisphere,-5,7",
    "  South America,-5,7",
    "    Brazil,-5,7",
    "Africa,3,3",
    "  Other,3,3",
    "    Zaire,3,n.s.",
    "    Congo (Kinshasa),n.s.,3",
    "Middle East,0,0",
    "  Israel,(*),0",
    "Asia and Pacific,40,45",
    "  China,30,35",
    "  Japan,10,10",
    "  Other,0,0",
    "    Tonga,n.s.,n.s.",
]


def write_synthetic_usdia(path, body=SYNTHETIC_USDIA_BODY, years=(2013, 2014)):
    width = "," * len(years)
    lines = [
        "Balance of Payments and Direct Investment Position Data (synthetic)" + width,
        '"U.S. Direct Investment Abroad,U.S. Direct Investment Position Abroad on a '
        'Historical-Cost Basis "' + width,
        "Bureau of Economic Analysis " + width,
        "By Country Only (All Countries)  (Millions of Dollars) <br/>" + width,
        "," + ",".join(["All Industries Total"] * len(years)),
        "," + ",".join(map(str, years)),
        *body,
        "Legend / Footnotes:" + width,
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_synthetic_fdius(path):
    lines = [
        '\ufeff"Foreign Direct Investment in the United States: Selected Items by Detailed '
        'Country, 2018\u20132019",,',
        "[Millions of dollars],,",
        ",Direct investment position on a historical-cost basis,",
        "All countries,2018,2019",
        ',"1,210","1,311"',
        ",,",
        "Canada,100,101",
        'Europe 1,"1,000","1,100"',
        'Germany,900,"1,000"',
        "Other,100,100",
        "Malta,100,100",
        "Latin America and Other Western Hemisphere,10,10",
        "South and Central America,10,10",
        "Brazil,10,(D)",
        "Other,0,(D)",
        "Belize,--,0",
        "Africa,0,0",
        "South Africa,0,0",
        "Middle East,0,0",
        "Israel,(*),(*)",
        "Asia and Pacific,100,100",
        "China,60,55",
        "Japan,40,45",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def test_synthetic_usdia_by_hand(tmp_path, names):
    table = fdi.read_bea_usdia(write_synthetic_usdia(tmp_path / "usdia.csv"), names)
    assert len(table) == 19 * 2 - 2  # Zaire/Congo (Kinshasa): one row per year
    at = table.set_index(["host_iso3", "year"])
    assert at.at[("CAN", 2014), "position_usd_millions"] == 110
    assert at.at[("BRA", 2013), "position_usd_millions"] == -5
    assert at.at[("FRA", 2014), "value_flag"] == "suppressed"
    assert math.isnan(at.at[("FRA", 2014), "position_usd_millions"])
    assert at.at[("ISR", 2013), "value_flag"] == "below_half_million"
    assert at.at[("COD", 2013), "source_label"] == "Zaire"
    assert at.at[("COD", 2014), "source_label"] == "Congo (Kinshasa)"
    assert at.at[("TON", 2013), "value_flag"] == "not_shown"
    assert at.at[("BEA_EUROPE_OTHER", 2013), "source_area_path"] == "Europe > Other"
    assert at.at[("BEA_ASIA_PACIFIC", 2014), "host_kind"] == "aggregate"
    assert set(table.investor_iso3) == {"USA"} and set(table.measure) == {fdi.USDIA}


def test_synthetic_fdius_by_hand(tmp_path, names):
    table = fdi.read_bea_fdius(write_synthetic_fdius(tmp_path / "fdius.csv"), names)
    at = table.set_index(["investor_iso3", "year"])
    assert at.at[("WORLD", 2019), "position_usd_millions"] == 1_311
    assert at.at[("BEA_EUROPE", 2018), "source_label"] == "Europe 1"
    assert at.at[("BEA_EUROPE", 2018), "position_usd_millions"] == 1_000
    assert at.at[("MLT", 2019), "source_area_path"] == "Europe > Other > Malta"
    path = "Latin America and Other Western Hemisphere > South and Central America > Other"
    assert at.at[("BEA_SOUTH_CENTRAL_AMERICA_OTHER", 2018), "source_area_path"] == path
    assert at.at[("BLZ", 2018), "value_flag"] == "not_applicable"
    assert at.at[("CHN", 2019), "position_usd_millions"] == 55
    assert set(table.host_iso3) == {"USA"} and len(table) == 18 * 2


EWN_HEADER = [
    "Country",
    "IFS_Code",
    "Year",
    "Portfolio equity assets ",
    "Portfolio equity liabilities ",
    "FDI assets ",
    "FDI liabilities ",
    "Debt assets ",
    "Debt liabilities ",
    "financial derivatives (assets)",
    "financial derivatives (liabilities)",
    "FX Reserves minus gold",
    "Total assets excl. gold",
    "Total liabilities",
]


def write_ewn(path, header, rows, dataset="Dataset", unit_text=fdi.EWN_UNIT_TEXT + ". "):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Variables"
    workbook.active["A3"] = unit_text
    sheet = workbook.create_sheet(dataset)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def test_synthetic_ewn_by_hand(tmp_path, names):
    rows = [
        # name, code, year, PE a, PE l, FDI a, FDI l, debt a, debt l, der a, der l, FX, TA, TL
        ("Japan", 158, 2020, 10, 20, 30.5, 40, 1, 2, None, None, 5, 46.5, 62),
        ("Japan", 158, 2021, 10, 20, None, 40, 1, 2, None, None, 5, 16, 62),
        ("Euro Area", 163, 2021, 1, 1, -3, 4, 0, 0, 0, 0, 0, -2, 5),
    ]
    table = fdi.read_ewn_fdi(write_ewn(tmp_path / "ewn.xlsx", EWN_HEADER, rows), names)
    assert len(table) == 3 * 2
    at = table.set_index(["measure", "investor_iso3", "host_iso3", "year"])
    assert at.at[(fdi.EWN_ASSETS, "JPN", "WORLD", 2020), "position_usd_millions"] == 30.5
    assert at.at[(fdi.EWN_LIABILITIES, "WORLD", "JPN", 2021), "position_usd_millions"] == 40
    assert at.at[(fdi.EWN_ASSETS, "JPN", "WORLD", 2021), "value_flag"] == "blank"
    assert at.at[(fdi.EWN_ASSETS, "EURO_AREA", "WORLD", 2021), "position_usd_millions"] == -3
    assert at.at[(fdi.EWN_ASSETS, "EURO_AREA", "WORLD", 2021), "investor_kind"] == "aggregate"


def test_position_ratio_by_hand():
    us = {2010: 10.0, 2011: 20.0, 2012: 30.0}
    china = pd.Series({2010: 2.0, 2011: 5.0, 2012: float("nan")})
    result = fdi.position_ratio(us, china, [2013, 2011, 2010, 2012])
    assert result.yearly_ratios == {2010: 5.0, 2011: 4.0}
    assert result.mean_of_yearly_ratios == pytest.approx(4.5)  # (5 + 4) / 2
    assert result.ratio_of_summed_positions == pytest.approx(30 / 7)  # (10 + 20) / (2 + 5)
    assert result.years_used == (2010, 2011) and result.years_missing == (2012, 2013)
    nothing = fdi.position_ratio(us, china, [2020])
    assert math.isnan(nothing.mean_of_yearly_ratios) and nothing.years_missing == (2020,)
    with pytest.raises(ValueError, match="2011: .*positive China-in-US"):
        fdi.position_ratio(us, {2010: 2.0, 2011: 0.0}, [2010, 2011])
    with pytest.raises(ValueError, match="repeat"):
        fdi.position_ratio(us, china, [2010, 2010])


# --- broken inputs made from the real files -----------------------------------------------


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return path


def line_of(rows, label):
    """1-based line of the first row whose first cell (stripped) is ``label``."""
    return next(i for i, row in enumerate(rows, start=1) if row and row[0].strip() == label)


def assert_names(error, *fragments):
    message = str(error.value)
    for fragment in fragments:
        assert fragment in message, message


# Each case breaks the rows of a real file, writes them to ``path`` and returns what the
# message must name besides the file.


def _text_in_a_number_cell(rows, path):
    china = line_of(rows, "China")
    rows[china - 1][29] = "n/a"  # column of 2010
    write_rows(path, rows)
    return "column '2010'", f"row {china}", "'n/a' is neither a number"


def _value_scaled_by_1000_breaks_the_region_sum(rows, path):
    japan = line_of(rows, "Japan")
    rows[japan - 1][33] = str(int(rows[japan - 1][33]) * 1000)  # 2014
    write_rows(path, rows)
    asia = line_of(rows, "Asia and Pacific")
    return (
        "column '2014'",
        f"row {asia}",
        "'Asia and Pacific' is 738,786",
        "members must sum to their group",
    )


def _fdius_truncated(rows, path):
    middle_east = line_of(rows, "Middle East")
    write_rows(path, rows[: middle_east + 3])
    return "column 'name'", f"row {middle_east + 3}", "'Asia and Pacific'"


def _usdia_truncated(rows, path):
    legend = line_of(rows, "Legend / Footnotes:")
    write_rows(path, rows[: legend - 5])
    return f"row {legend - 5}", "Legend / Footnotes", "truncated"


def _duplicate_country_line(rows, path):
    china = line_of(rows, "China")
    rows.insert(china, list(rows[china - 1]))  # a second China line right below the first
    rows[china][1:13] = ["0"] * 12  # keeps "Asia and Pacific" = sum of its members
    write_rows(path, rows)
    return (
        "column '2008'",
        f"row {china + 1}",
        "code CHN has entries on several lines in 2008",
        "duplicate key",
    )


def _unknown_country_name(rows, path):
    tongo = line_of(rows, "Tongo")
    rows[tongo - 1][0] = "Atlantis"
    write_rows(path, rows)
    return "column 'name'", f"row {tongo}", "'Atlantis'", "matches no country"


def _wrong_encoding(rows, path):
    write_rows(path, rows, encoding="cp1252")  # en dash, line 1
    return "row 1", "not UTF-8 text"


def _year_header_renamed(rows, path):
    rows[5][29] = "Y2010"
    write_rows(path, rows)
    return "column 'column 30'", "row 6", "'Y2010' is not a year"


def _unknown_top_level_region(rows, path):
    africa = line_of(rows, "Africa")
    rows[africa - 1][0] = "Oceania"
    write_rows(path, rows)
    return "column 'name'", f"row {africa}", "'Oceania' is not"


def _check_value_with_unknown_unit(rows, path):
    rows[4][5] = "USD thousands"
    write_rows(path, rows)
    return "column 'unit'", "row 5", "'USD thousands' is not one of"


def _check_values_without_the_unit_column(rows, path):
    write_rows(path, [row[:5] + row[6:] for row in rows])
    return "column 'unit'", "not found"


def _check_value_with_text(rows, path):
    rows[7][4] = "11.2 bn"
    write_rows(path, rows)
    return "column 'value'", "row 8", "'11.2 bn' is not a number"


READERS = {
    USDIA_FILE: fdi.read_bea_usdia,
    FDIUS_FILE: fdi.read_bea_fdius,
    CHECKS_FILE: fdi.read_fdi_check_values,
}

# the broken copy's name -> (the real file it is made from, how it is broken)
BROKEN_CSV = {
    "usdia_text.csv": (USDIA_FILE, _text_in_a_number_cell),
    "usdia_scaled.csv": (USDIA_FILE, _value_scaled_by_1000_breaks_the_region_sum),
    "fdius_truncated.csv": (FDIUS_FILE, _fdius_truncated),
    "usdia_truncated.csv": (USDIA_FILE, _usdia_truncated),
    "fdius_duplicate.csv": (FDIUS_FILE, _duplicate_country_line),
    "fdius_unknown.csv": (FDIUS_FILE, _unknown_country_name),
    "fdius_cp1252.csv": (FDIUS_FILE, _wrong_encoding),
    "usdia_header.csv": (USDIA_FILE, _year_header_renamed),
    "usdia_region.csv": (USDIA_FILE, _unknown_top_level_region),
    "checks_unit.csv": (CHECKS_FILE, _check_value_with_unknown_unit),
    "checks_column.csv": (CHECKS_FILE, _check_values_without_the_unit_column),
    "checks_text.csv": (CHECKS_FILE, _check_value_with_text),
}


@pytest.mark.parametrize("broken", list(BROKEN_CSV))
def test_broken_copy_of_a_real_csv_names_file_column_and_row(tmp_path, shared_data, names, broken):
    source, corrupt = BROKEN_CSV[broken]
    path = tmp_path / broken
    fragments = corrupt(read_rows(shared_data / source), path)
    with pytest.raises(InputDataError) as error:
        READERS[source](path, names)
    assert_names(error, broken, *fragments)


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n"])
def test_empty_file(tmp_path, names, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(InputDataError, match=r"empty.csv'?: the file is empty"):
        fdi.read_bea_fdius(path, names)


@pytest.fixture(scope="module")
def ewn_real_rows(shared_data):
    """The real Dataset header and the rows of Japan and China (for broken copies)."""
    workbook = openpyxl.load_workbook(shared_data / EWN_FILE, read_only=True)
    rows = list(workbook["Dataset"].iter_rows(values_only=True))
    workbook.close()
    return rows[0], [row for row in rows[1:] if row[0] in ("Japan", "China")]


def ewn_row_number(rows, country, year):
    """Spreadsheet row of (country, year) in a sheet written as header + rows."""
    return next(i for i, r in enumerate(rows, start=2) if r[0] == country and r[2] == year)


def test_ewn_subset_of_the_real_workbook_reads(tmp_path, names, ewn_real_rows, ewn):
    header, rows = ewn_real_rows
    table = fdi.read_ewn_fdi(write_ewn(tmp_path / "ewn.xlsx", header, rows), names)
    full = ewn[ewn.source_label.isin(["Japan", "China"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        table.drop(columns="source_file"), full.drop(columns="source_file")
    )


# Each case writes a broken copy of the real EWN rows to ``path`` and returns what the message
# must name besides the file.


def _ewn_text_in_a_number_cell(header, rows, path):
    row = ewn_row_number(rows, "Japan", 1990)
    rows[row - 2][5] = "n.a."
    write_ewn(path, header, rows)
    return "sheet 'Dataset'", "column 'FDI assets'", f"row {row}", "not a number"


def _ewn_liabilities_scaled_by_1000(header, rows, path):
    row = ewn_row_number(rows, "China", 2010)
    rows[row - 2][6] *= 1000
    write_ewn(path, header, rows)
    return (
        "sheet 'Dataset'",
        "column 'Total liabilities'",
        f"row {row}",
        "'Total liabilities' = sum of",
    )


def _ewn_renamed_header(header, rows, path):
    header = ["FDI assets (stock)" if h == "FDI assets " else h for h in header]
    write_ewn(path, header, rows)
    return "column 'FDI assets'", "row 1", "not found"


def _ewn_duplicate_row(header, rows, path):
    rows = [*rows, rows[3]]
    write_ewn(path, header, rows)
    return "column 'IFS_Code'", f"row {len(rows) + 1}", "duplicate key"


def _ewn_wrong_sheet(header, rows, path):
    write_ewn(path, header, rows, dataset="Data")
    return "sheet 'Dataset'", "not found"


def _ewn_wrong_unit(header, rows, path):
    billions = fdi.EWN_UNIT_TEXT.replace("millions", "billions")
    write_ewn(path, header, rows, unit_text=billions)
    return "sheet 'Variables'", "never rescaled silently"


# the broken copy's name -> how it is broken
BROKEN_EWN = {
    "ewn_text.xlsx": _ewn_text_in_a_number_cell,
    "ewn_scaled.xlsx": _ewn_liabilities_scaled_by_1000,
    "ewn_header.xlsx": _ewn_renamed_header,
    "ewn_duplicate.xlsx": _ewn_duplicate_row,
    "ewn_sheet.xlsx": _ewn_wrong_sheet,
    "ewn_unit.xlsx": _ewn_wrong_unit,
}


@pytest.mark.parametrize("broken", list(BROKEN_EWN))
def test_broken_copy_of_the_real_ewn_names_file_sheet_column_and_row(
    tmp_path, names, ewn_real_rows, broken
):
    header, rows = ewn_real_rows
    path = tmp_path / broken
    fragments = BROKEN_EWN[broken](list(header), [list(row) for row in rows], path)
    with pytest.raises(InputDataError) as error:
        fdi.read_ewn_fdi(path, names)
    assert_names(error, broken, *fragments)


def test_ewn_not_a_workbook(tmp_path, shared_data, names):
    path = tmp_path / "ewn_truncated.xlsx"
    path.write_bytes((shared_data / EWN_FILE).read_bytes()[:100_000])
    with pytest.raises(InputDataError, match="not a readable .xlsx workbook"):
        fdi.read_ewn_fdi(path, names)


def test_name_table_refuses_a_duplicate(tmp_path, project):
    text = (project / "workflow/resources/fdi_country_names.csv").read_text(encoding="utf-8")
    path = tmp_path / "names.csv"
    path.write_text(text + "Tongo,TGO,economy,a second mapping\n", encoding="utf-8")
    with pytest.raises(InputDataError) as error:
        fdi.read_name_table(path)
    assert_names(error, "names.csv", "column 'source_name'", "duplicate key")
