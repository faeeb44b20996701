"""US Census goods trade by partner: country.xlsx and the transcribed 2023-2024 extract."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from chinatrade.errors import InputDataError
from chinatrade.ingest import census

WORKBOOK = "bilateral/original/census_country.xlsx"
SELECTED = "bilateral/census_us_goods_trade_selected_partners_2023_2024.csv"
DERIVED_ANNUAL = "bilateral/census_us_goods_trade_by_partner_annual_1985_2023.csv"
DERIVED_MONTHLY = "bilateral/census_us_goods_trade_by_partner_monthly_1985_2023m01.csv"
EXPORTS, IMPORTS, BALANCE = census.EXPORTS, census.IMPORTS, census.BALANCE


@pytest.fixture(scope="module")
def code_table(project):
    return census.read_code_table(project / "workflow/resources/census_country_codes.csv")


@pytest.fixture(scope="module")
def tables(shared_data, code_table):
    return census.read_country_workbook(shared_data / WORKBOOK, code_table)


@pytest.fixture(scope="module")
def codes(tables):
    return census.code_list(tables)


@pytest.fixture(scope="module")
def selected(shared_data, codes):
    return census.read_selected_partners_2023_2024(shared_data / SELECTED, codes)


@pytest.fixture(scope="module")
def real_rows(shared_data) -> list[list]:
    """Header and the rows of 2017, 2018 and 2023 of the real workbook, as cell values."""
    workbook = openpyxl.load_workbook(shared_data / WORKBOOK, read_only=True, data_only=True)
    rows = [list(row) for row in workbook["country"].iter_rows(values_only=True)]
    workbook.close()
    return [rows[0]] + [row for row in rows[1:] if row[0] in ("2017", "2018", "2023")]


def write_synthetic_workbook(path, rows, sheet="country"):
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def synthetic_row(year, code, name, imports, exports):
    """A workbook row from 12 monthly imports and 12 monthly exports; the year is their sum."""
    return [str(year), code, name, *imports, sum(imports), *exports, sum(exports)]


def annual_value(table, year, code, column):
    row = table[(table["year"] == year) & (table["cty_code"] == code)]
    assert len(row) == 1, (year, code)
    return row[column].iloc[0]


# --- the real files: values published or checked by the data curator (SOURCES.md) ---


def test_china_2018_matches_sources(tables):
    annual = tables["partners_annual"]
    assert annual_value(annual, 2018, "5700", EXPORTS) == pytest.approx(120_281.2, abs=0.05)
    assert annual_value(annual, 2018, "5700", IMPORTS) == pytest.approx(538_514.2, abs=0.05)
    assert annual_value(annual, 2018, "5700", BALANCE) == pytest.approx(-418_232.9, abs=0.05)
    assert annual_value(annual, 2018, "5700", "partner_iso3") == "CHN"


@pytest.mark.parametrize(
    ("code", "balance_bn"),
    [("5880", -67.1), ("5800", -17.9), ("5830", -15.2), ("5820", 31.0), ("5330", -21.1)],
)
def test_2018_partner_balances_match_sources(tables, code, balance_bn):
    balance = annual_value(tables["partners_annual"], 2018, code, BALANCE)
    assert balance / 1000 == pytest.approx(balance_bn, abs=0.05)


def test_asia_is_an_aggregate_with_the_published_2018_balance(tables):
    asia = annual_value(tables["aggregates_annual"], 2018, "0016", BALANCE)
    assert asia / 1000 == pytest.approx(-619.8, abs=0.05)
    assert "0016" not in set(tables["partners_annual"]["cty_code"])
    assert annual_value(tables["aggregates_annual"], 2018, "0016", "partner_iso3") is None


def test_tables_keep_aggregates_apart(tables):
    for name in ("partners_monthly", "partners_annual"):
        assert not tables[name]["is_aggregate"].any()
        assert not tables[name]["cty_code"].str.startswith("00").any()
    for name in ("aggregates_monthly", "aggregates_annual"):
        assert tables[name]["is_aggregate"].all()
        assert tables[name]["partner_iso3"].isna().all()
    aggregates = set(tables["aggregates_annual"]["cty_code"])
    assert {"0003", "0004", "0014", "0015", "0016", "0018"} <= aggregates
    assert annual_value(tables["aggregates_annual"], 2018, "0018", "cty_name") == (
        "Australia and Oceania"
    )  # country_converter would have read it as Australia


def test_keys_units_and_stated_reporter(tables):
    for name, key in [
        ("partners_monthly", ["year", "month", "cty_code"]),
        ("aggregates_monthly", ["year", "month", "cty_code"]),
        ("partners_annual", ["year", "cty_code"]),
        ("aggregates_annual", ["year", "cty_code"]),
    ]:
        table = tables[name]
        assert not table.duplicated(key).any(), name
        assert (table[[EXPORTS, IMPORTS]] >= 0).all().all(), name
        assert (table[BALANCE] == table[EXPORTS] - table[IMPORTS]).all(), name
        assert set(table["reporter_iso3"]) == {"USA"} and set(table["reporter_side"]) == {"own"}
        assert set(table["source_file"]) == {"census_country.xlsx"}, name
        assert census.ROW not in table.columns
    monthly = tables["partners_monthly"]
    assert list(monthly.columns) == census.MONTHLY_COLUMNS
    assert list(tables["partners_annual"].columns) == census.ANNUAL_COLUMNS


def test_2023_is_january_only_and_the_zero_filled_months_are_not_data(tables):
    annual, monthly = tables["partners_annual"], tables["partners_monthly"]
    assert set(annual.loc[annual["year"] == 2023, "months_reported"]) == {1}
    assert not annual.loc[annual["year"] == 2023, "complete_year"].any()
    assert annual.loc[annual["year"] <= 2022, "complete_year"].all()
    assert set(monthly.loc[monthly["year"] == 2023, "month"]) == {1}
    assert set(monthly.loc[monthly["year"] == 2022, "month"]) == set(range(1, 13))
    china_jan = monthly[
        (monthly.year == 2023) & (monthly.month == 1) & (monthly.cty_code == "5700")
    ]
    assert china_jan[IMPORTS].iloc[0] == pytest.approx(38_252.9, abs=0.05)
    assert annual_value(annual, 2023, "5700", IMPORTS) == china_jan[IMPORTS].iloc[0]


def test_coverage_by_period(tables):
    annual = tables["partners_annual"]
    per_year = annual.groupby("year")["cty_code"].nunique()
    assert per_year.index.min() == 1985 and per_year.index.max() == 2023
    assert per_year.loc[1985:1991].between(70, 80).all()  # ~80 rows incl. aggregates
    assert per_year.loc[1992:2023].between(225, 240).all()
    vietnam = annual[annual["partner_iso3"] == "VNM"]
    assert vietnam["year"].min() == 1992


def test_monthly_values_sum_to_the_annual_tables(tables):
    for kind in ("partners", "aggregates"):
        monthly = tables[f"{kind}_monthly"].groupby(["year", "cty_code"])[[EXPORTS, IMPORTS]]
        annual = tables[f"{kind}_annual"].set_index(["year", "cty_code"])[[EXPORTS, IMPORTS]]
        difference = (monthly.sum() - annual).abs().max().max()
        assert difference <= census.MONTHS_SUM_TOLERANCE_USD_MILLIONS
        counts = tables[f"{kind}_monthly"].groupby(["year", "cty_code"]).size()
        months = tables[f"{kind}_annual"].set_index(["year", "cty_code"])["months_reported"]
        assert (counts == months.reindex(counts.index)).all()


def test_each_code_has_one_iso3_and_each_iso3_one_code_per_month(tables, codes):
    assert not codes["cty_code"].duplicated().any()
    iso3 = codes.set_index("cty_code")["partner_iso3"]
    expected = {"5700": "CHN", "5830": "TWN", "5820": "HKG", "5660": "MAC", "5800": "KOR"}
    expected |= {"5880": "JPN", "5790": "PRK", "4350": "CSK", "4610": "SUN", "4803": "XKX"}
    for code, value in expected.items():
        assert iso3[code] == value, code
    for name in ("partners_monthly", "partners_annual"):
        coded = tables[name].dropna(subset=["partner_iso3"])
        key = ["year", "month", "partner_iso3"] if "month" in coded else ["year", "partner_iso3"]
        assert not coded.duplicated(key).any()
    kinds = codes.set_index("cty_code")["partner_kind"]
    assert kinds["7740"] == "historical" and iso3["7740"] is None  # overlaps 7749 in 1993
    assert kinds["5082"] == "part" and kinds["8220"] == "residual"


def test_parse_equals_the_derived_csvs(shared_data, tables):
    """The snapshot's tidy CSVs were made from the same workbook; the parse reproduces them."""
    annual = pd.concat([tables["partners_annual"], tables["aggregates_annual"]])
    derived = pd.read_csv(shared_data / DERIVED_ANNUAL, dtype={"cty_code": str})
    merged = derived.merge(annual, on=["year", "cty_code"], how="outer", validate="1:1")
    assert len(merged) == len(derived) == len(annual)
    assert (merged["cty_name_x"] == merged["cty_name_y"]).all()
    assert (merged["is_aggregate_x"] == merged["is_aggregate_y"]).all()
    assert (merged["months_reported_x"] == merged["months_reported_y"]).all()
    assert (merged["complete_year_x"] == merged["complete_year_y"]).all()
    for ours, theirs in [(EXPORTS, "exports_usd_millions"), (IMPORTS, "imports_usd_millions")]:
        assert (merged[ours] - merged[theirs]).abs().max() < 1e-5  # CSV kept 6 decimals
    monthly = pd.concat([tables["partners_monthly"], tables["aggregates_monthly"]])
    derived = pd.read_csv(shared_data / DERIVED_MONTHLY, dtype={"cty_code": str})
    merged = derived.merge(monthly, on=["year", "month", "cty_code"], how="outer", validate="1:1")
    assert len(merged) == len(derived) == len(monthly)
    assert (merged[EXPORTS] - merged["exports_usd_millions"]).abs().max() < 1e-5
    assert (merged[IMPORTS] - merged["imports_usd_millions"]).abs().max() < 1e-5


def test_partner_sum_against_world(tables):
    """Itemised partners sum to the World (NSA, 0015) within 1 USD mn, except where noted."""
    gaps = census.partner_sum_vs_world(tables["partners_annual"], tables["aggregates_annual"])
    gap = gaps.set_index(["year", "flow"])["gap_usd_millions"]
    matched = gaps[gaps["year"].between(1992, 2021) | (gaps["year"] == 2023)]
    assert matched["gap_usd_millions"].abs().max() <= 1.0
    # 1987-1991: 76 partners itemised; the World includes 4.6-9.5 bn of unlisted partners
    early = gaps[gaps["year"].between(1987, 1991)]["gap_usd_millions"]
    assert early.between(-9_500, -4_500).all()
    # 1985-1986: no World row
    assert gaps[gaps["year"] <= 1986]["world_usd_millions"].isna().all()
    # 2022: the World row differs from the partner rows (monthly up to ~0.7 bn, annual below)
    assert gap[(2022, "exports_fas")] == pytest.approx(-221.9, abs=0.05)
    assert gap[(2022, "imports_general_customs")] == pytest.approx(127.7, abs=0.05)


EU27 = (
    "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT "
    "ROU SVK SVN ESP SWE"
).split()


@pytest.mark.parametrize(("year", "members"), [(2018, [*EU27, "GBR"]), (2021, EU27)])
def test_eu_aggregate_is_the_sum_of_its_members(tables, year, members):
    annual = tables["partners_annual"]
    rows = annual[(annual["year"] == year) & annual["partner_iso3"].isin(members)]
    assert len(rows) == len(members)
    for flow in (EXPORTS, IMPORTS):
        eu = annual_value(tables["aggregates_annual"], year, "0003", flow)
        assert rows[flow].sum() == pytest.approx(eu, abs=0.1)


def test_selected_partners_2023_2024_match_sources(selected):
    assert len(selected) == 48 and set(selected["year"]) == {2023, 2024}
    assert annual_value(selected, 2024, "5700", EXPORTS) == pytest.approx(143_271.7)
    assert annual_value(selected, 2024, "5700", IMPORTS) == pytest.approx(440_319.4)
    assert annual_value(selected, 2024, "5700", BALANCE) == pytest.approx(-297_047.7)
    assert annual_value(selected, 2023, "5700", BALANCE) == pytest.approx(-279_607.8)
    assert annual_value(selected, 2024, "5700", "partner_iso3") == "CHN"
    assert set(selected.loc[selected["is_aggregate"], "cty_code"]) == {"0003", "0014", "0016"}
    assert list(selected.columns) == census.ANNUAL_COLUMNS
    assert selected["complete_year"].all()
    assert set(selected["source_file"]) == {SELECTED.split("/")[-1]}


def test_append_replaces_the_partial_year(tables, selected):
    partners = census.append_selected_partners(tables["partners_annual"], selected)
    assert not partners.duplicated(["year", "cty_code"]).any()
    assert len(partners[partners["year"] == 2023]) == 21  # the extract's partners only
    assert partners.loc[partners["year"] >= 2023, "complete_year"].all()
    assert annual_value(partners, 2023, "5700", IMPORTS) == pytest.approx(427_234.3)
    assert annual_value(partners, 2022, "5700", "source") == census.SOURCE_WORKBOOK
    # each row names the file it really came from: the workbook to 2022, the extract after
    files = partners.groupby(partners["year"] >= 2023)["source_file"].unique()
    assert list(files[False]) == ["census_country.xlsx"]
    assert list(files[True]) == ["census_us_goods_trade_selected_partners_2023_2024.csv"]
    aggregates = census.append_selected_partners(tables["aggregates_annual"], selected)
    assert set(aggregates.loc[aggregates["year"] == 2024, "cty_code"]) == {"0003", "0014", "0016"}
    with pytest.raises(ValueError, match="complete years"):
        census.append_selected_partners(tables["partners_annual"], selected.assign(year=2022))
    with pytest.raises(ValueError, match="name no raw file"):
        census.append_selected_partners(
            tables["partners_annual"], selected.assign(source_file=None)
        )


# --- small synthetic workbooks with answers known by hand ---


def synthetic_workbook_rows():
    zeros = [0.0] * 12
    jan_feb = [1.0, 2.0, *[0.0] * 10]  # the last year: Jan-Feb published, rest zero-filled
    return [
        census.WORKBOOK_COLUMNS,
        synthetic_row(2021, "5700", "China", [10.0] * 12, [2.0] * 12),
        synthetic_row(2021, "5880", "Japan", [5.0] * 12, [4.5] * 12),
        synthetic_row(2021, "4610", "USSR", zeros, zeros),
        synthetic_row(2021, "0015", "World, Not Seasonally Adjusted", [15.0] * 12, [6.5] * 12),
        synthetic_row(2022, "5700", "China", jan_feb, [0.5, 0.0, *[0.0] * 10]),
        synthetic_row(2022, "5880", "Japan", jan_feb, jan_feb),
        synthetic_row(
            2022,
            "0015",
            "World, Not Seasonally Adjusted",
            [2.0, 4.0, *zeros[2:]],
            [1.5, 2.0, *zeros[2:]],
        ),
    ]


def test_synthetic_workbook(tmp_path, code_table):
    path = write_synthetic_workbook(tmp_path / "synthetic.xlsx", synthetic_workbook_rows())
    tables = census.read_country_workbook(path, code_table)
    annual = tables["partners_annual"]
    assert annual_value(annual, 2021, "5700", IMPORTS) == 120.0
    assert annual_value(annual, 2021, "5700", BALANCE) == 24.0 - 120.0
    assert annual_value(annual, 2021, "4610", "partner_iso3") == "SUN"
    assert annual_value(annual, 2022, "5880", "months_reported") == 2
    assert not annual_value(annual, 2022, "5880", "complete_year")
    assert annual_value(annual, 2022, "5700", EXPORTS) == 0.5
    monthly = tables["partners_monthly"]
    assert len(monthly) == 3 * 12 + 2 * 2  # 2022: only January and February
    february = monthly[(monthly.year == 2022) & (monthly.month == 2) & (monthly.cty_code == "5700")]
    assert february[EXPORTS].iloc[0] == 0.0 and february[IMPORTS].iloc[0] == 2.0  # a real zero
    for table in tables.values():
        assert set(table["source_file"]) == {"synthetic.xlsx"}
    assert list(tables["aggregates_annual"]["cty_code"]) == ["0015", "0015"]
    gaps = census.partner_sum_vs_world(annual, tables["aggregates_annual"])
    assert (gaps["gap_usd_millions"] == 0).all()


def test_synthetic_selected_partners(tmp_path, codes):
    path = tmp_path / "synthetic.csv"
    path.write_text(
        ",".join(census.SELECTED_COLUMNS) + "\n"
        "2023,CHN,5700,10.0,25.0,-15.0\n"
        "2023,AGG_0016,0016,30.0,20.0,10.05\n"
    )
    out = census.read_selected_partners_2023_2024(path, codes)
    assert list(out["cty_code"]) == ["0016", "5700"]
    assert list(out["cty_name"]) == ["Asia", "China"]
    assert list(out["is_aggregate"]) == [True, False]
    assert list(out[BALANCE]) == [10.05, -15.0]  # the file's own balance, within 0.1


# --- malformed inputs made from the real workbook: file, column, row and rule are named ---


def _row_of(rows, year, code):
    """Index in ``rows`` and spreadsheet row (header is row 1) of a (year, code) row."""
    index = next(i for i, row in enumerate(rows) if row[0] == year and row[1] == code)
    return index, index + 1


def _broken(tmp_path, real_rows, change, sheet="country"):
    rows = [list(row) for row in real_rows]
    change(rows)
    return write_synthetic_workbook(tmp_path / "broken.xlsx", rows, sheet=sheet)


def _expect(path, code_table, fragments):
    with pytest.raises(InputDataError) as error:
        census.read_country_workbook(path, code_table)
    message = str(error.value)
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message


def test_subset_of_the_real_workbook_reads(tmp_path, real_rows, code_table):
    path = _broken(tmp_path, real_rows, lambda rows: None)
    tables = census.read_country_workbook(path, code_table)
    annual = tables["partners_annual"]
    assert annual_value(annual, 2018, "5700", BALANCE) == pytest.approx(-418_232.9, abs=0.05)
    # 2017 and 2018 are complete, 2023 is January only
    assert dict(annual.groupby("year")["months_reported"].first()) == {2017: 12, 2018: 12, 2023: 1}


# Each case breaks a copy of the real rows in place and returns what the message must name
# besides the file.


def missing_column(rows):
    for row in rows:
        del row[-1]  # EYR
    return "sheet 'country'", "column 'EYR'", "required column(s) ['EYR']"


def renamed_header(rows):
    rows[0][3] = "JAN"
    return "column 'IJAN'", "not found", "'JAN'"


def text_in_a_number_cell(rows):
    index, row = _row_of(rows, "2018", "5700")
    rows[index][5] = "n.a."  # IMAR
    return "column 'IMAR'", f"row {row}", "'n.a.' is not a number"


def blank_number_cell(rows):
    index, row = _row_of(rows, "2017", "5880")
    rows[index][20] = None  # EMAY
    return "column 'EMAY'", f"row {row}", "value is missing"


def negative_value(rows):
    index, row = _row_of(rows, "2018", "5800")
    rows[index][16] = -rows[index][16]  # EJAN
    return "column 'EJAN'", f"row {row}", "is negative"


def duplicate_key(rows):
    index, first_row = _row_of(rows, "2018", "5700")
    rows.append(list(rows[index]))
    return "column 'year'", f"row {len(rows)}", f"first at row {first_row}", "duplicate key"


def month_scaled_by_1000_breaks_the_year_total(rows):
    index, row = _row_of(rows, "2018", "5880")
    rows[index][3] = rows[index][3] * 1000  # IJAN in USD thousands
    return "column 'IYR'", f"row {row}", "IJAN..IDEC sum to IYR fails"


def code_that_lost_its_leading_zeros(rows):
    index, row = _row_of(rows, "2018", "0016")
    rows[index][1] = 16
    return "column 'CTY_CODE'", f"row {row}", "not a 4-digit Census code"


def unknown_country_name(rows):
    _, row = _row_of(rows, "2017", "5830")
    for other in rows:
        if other[1] == "5830":
            other[2] = "Atlantis"
    return "column 'CTYNAME'", f"row {row}", "'Atlantis'", "matches no"


def renamed_code_is_checked_against_the_code_table(rows):
    # 4350 (Czechoslovakia in the code table) reused under another name
    rows.append(synthetic_row(2017, "4350", "Czechia", [0.0] * 12, [0.0] * 12))
    return "column 'CTYNAME'", f"row {len(rows)}", "'Czechia'", "'Czechoslovakia'"


def two_codes_for_one_country_in_a_year(rows):
    index, _ = _row_of(rows, "2018", "5800")
    rows.append(["2018", "5801", *rows[index][2:]])  # a second 'Korea, South' code
    return "column 'CTY_CODE'", f"row {len(rows)}", "5800 and 5801", "both map to KOR"


def partial_year_before_the_last_one(rows):
    first_2017 = next(i for i, row in enumerate(rows) if row[0] == "2017") + 1
    for row in rows[1:]:
        if row[0] == "2017":  # zero December of 2017 (and fix the totals)
            row[15] -= row[14]
            row[28] -= row[27]
            row[14] = row[27] = 0.0
    return "column 'IDEC'", f"row {first_2017}", "year 2017 has data only through month 11"


@pytest.mark.parametrize(
    "corrupt",
    [
        missing_column,
        renamed_header,
        text_in_a_number_cell,
        blank_number_cell,
        negative_value,
        duplicate_key,
        month_scaled_by_1000_breaks_the_year_total,
        code_that_lost_its_leading_zeros,
        unknown_country_name,
        renamed_code_is_checked_against_the_code_table,
        two_codes_for_one_country_in_a_year,
        partial_year_before_the_last_one,
    ],
)
def test_broken_workbook(tmp_path, real_rows, code_table, corrupt):
    rows = [list(row) for row in real_rows]
    fragments = corrupt(rows)
    path = write_synthetic_workbook(tmp_path / "broken.xlsx", rows)
    _expect(path, code_table, fragments)


def test_aggregate_code_missing_from_the_code_table(tmp_path, real_rows, code_table):
    index, row = _row_of(real_rows, "2017", "0016")
    path = _broken(tmp_path, real_rows, lambda rows: None)
    _expect(
        path,
        code_table.drop(index="0016"),
        ["column 'CTY_CODE'", f"row {row}", "aggregate code 0016", "census_country_codes.csv"],
    )


def test_wrong_sheet_name(tmp_path, real_rows, code_table):
    path = _broken(tmp_path, real_rows, lambda rows: None, sheet="Sheet1")
    _expect(path, code_table, ["sheet 'country' not found", "'Sheet1'"])


@pytest.mark.parametrize("content", [b"", b"year,CTY_CODE\n2018,5700\n"])
def test_not_a_workbook(tmp_path, content, code_table):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    _expect(path, code_table, ["not a readable .xlsx workbook"])


def test_truncated_workbook(tmp_path, shared_data, code_table):
    path = tmp_path / "truncated.xlsx"
    path.write_bytes((shared_data / WORKBOOK).read_bytes()[:200_000])
    _expect(path, code_table, ["not a readable .xlsx workbook"])


# --- malformed 2023-2024 extract (made from the real file) ---


@pytest.fixture(scope="module")
def selected_lines(shared_data) -> list[str]:
    return (shared_data / SELECTED).read_text(encoding="utf-8").splitlines()


def _broken_csv(tmp_path, lines, encoding="utf-8"):
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def _expect_csv(path, codes, fragments):
    with pytest.raises(InputDataError) as error:
        census.read_selected_partners_2023_2024(path, codes)
    message = str(error.value)
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message


def _line_of(lines, prefix):
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


# Each case breaks a copy of the real lines in place and returns what the message must name
# besides the file.


def selected_balance_scaled_by_1000(lines):
    index = _line_of(lines, "2024,CHN,")
    lines[index] = "2024,CHN,5700,143271.7,440319.4,-297047700.0"
    return "column 'balance_usd_millions'", f"row {index + 1}", "exports - imports = balance fails"


def selected_text_in_a_number_cell(lines):
    index = _line_of(lines, "2023,JPN,")
    lines[index] = "2023,JPN,5880,75770.1,n/a,-71426.8"
    return "column 'imports_usd_millions'", f"row {index + 1}", "'n/a'"


def selected_duplicate_key(lines):
    first = _line_of(lines, "2023,KOR,")
    lines.append(lines[first])
    return "column 'year'", f"row {len(lines)}", f"first at row {first + 1}", "duplicate key"


def selected_code_that_does_not_match_its_partner(lines):
    index = _line_of(lines, "2024,TWN,")
    lines[index] = lines[index].replace(",5830,", ",5790,")  # North Korea's code
    return "column 'partner_code_in_source'", f"row {index + 1}", "'TWN'", "expected 'PRK'"


def selected_unknown_census_code(lines):
    index = _line_of(lines, "2023,VNM,")
    lines[index] = lines[index].replace(",5520,", ",9999,")
    return "column 'census_cty_code'", f"row {index + 1}", "'9999' is not one"


def selected_truncated_file(lines):
    del lines[-3:]
    return "column 'census_cty_code'", "year 2024", "lacks code(s)", "truncated"


def selected_renamed_header(lines):
    lines[0] = lines[0].replace("exports_usd_millions", "exports")
    return "column 'exports_usd_millions'", "not found"


def selected_wrong_encoding(lines):
    return ("not UTF-8 text",)


@pytest.mark.parametrize(
    ("corrupt", "encoding"),
    [
        (selected_balance_scaled_by_1000, "utf-8"),
        (selected_text_in_a_number_cell, "utf-8"),
        (selected_duplicate_key, "utf-8"),
        (selected_code_that_does_not_match_its_partner, "utf-8"),
        (selected_unknown_census_code, "utf-8"),
        (selected_truncated_file, "utf-8"),
        (selected_renamed_header, "utf-8"),
        (selected_wrong_encoding, "utf-16"),
    ],
)
def test_broken_selected_extract(tmp_path, selected_lines, codes, corrupt, encoding):
    lines = list(selected_lines)
    fragments = corrupt(lines)
    path = _broken_csv(tmp_path, lines, encoding=encoding)
    _expect_csv(path, codes, fragments)


def test_selected_empty_file(tmp_path, codes):
    path = tmp_path / "broken.csv"
    path.write_text("")
    _expect_csv(path, codes, ["not a readable CSV table"])


# --- the code table itself ---


def test_code_table_rules(tmp_path, project):
    text = (project / "workflow/resources/census_country_codes.csv").read_text()
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("0016,"))
    lines[index] = "0016,Asia,,economy,Census region"
    path = tmp_path / "codes.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputDataError) as error:
        census.read_code_table(path)
    message = str(error.value)
    for fragment in ["codes.csv", "column 'partner_kind'", f"row {index + 1}", "aggregates"]:
        assert fragment in message, message
