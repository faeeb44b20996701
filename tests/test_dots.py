"""The IMF DOTS workbook parser: layout checks, values, names -> codes, bad workbooks."""

from __future__ import annotations

import math

import pytest

from chinatrade import dots
from chinatrade.errors import InputDataError
from chinatrade.partners import read_name_table
from dots_synthetic import default_rows, write_workbook


@pytest.fixture(scope="module")
def name_table(project):
    return read_name_table(project / "workflow/resources/imf_dots_partner_names.csv")


def test_reads_both_flows_and_drops_the_stray_australia_row(tmp_path):
    long = dots.read_workbook(write_workbook(tmp_path / "dots.xlsx"))
    assert set(long["flow"]) == {"exports_fob", "imports_cif"}
    australia = long[(long.partner_imf_name == "Australia") & (long.flow == "exports_fob")]
    assert list(australia["year"]) == [2017, 2018, 2019]  # one row, not two
    assert set(australia["sheet_row"]) == {11}  # the real row, below World


def test_values_missing_cells_and_imf_estimates(tmp_path):
    long = dots.read_workbook(write_workbook(tmp_path / "dots.xlsx")).set_index(
        ["partner_imf_name", "flow", "year"]
    )
    assert long.at[("United States", "imports_cif", 2018), "value_usd_millions"] == 165.0
    us_2019 = long.loc[("United States", "exports_fob", 2019)]
    assert us_2019["value_usd_millions"] == 360.5 and us_2019["imf_estimate"]
    assert not long.at[("United States", "exports_fob", 2018), "imf_estimate"]
    assert math.isnan(long.at[("Japan", "exports_fob", 2019), "value_usd_millions"])


def test_clean_maps_names_to_codes_and_states_units(tmp_path, name_table):
    long = dots.read_workbook(write_workbook(tmp_path / "dots.xlsx"))
    clean = dots.clean(long, name_table, "dots.xlsx")
    assert set(clean["reporter_iso3"]) == {"CHN"}
    kinds = dict(zip(clean.partner_code, clean.partner_kind, strict=True))
    assert kinds["USA"] == "economy" and kinds["KOR"] == "economy"
    assert kinds["WORLD"] == "aggregate" and kinds["EU27_IMF_MEMO"] == "aggregate"
    assert "Memorandum Items" not in set(clean["partner_imf_name"])  # empty heading
    assert set(clean["reporter_side"]) == {"own"}
    assert "value_usd_millions" in clean.columns
    assert not clean.duplicated(["reporter_iso3", "partner_code", "year", "flow"]).any()


def test_real_china_workbook_matches_published_checks(shared_data, name_table):
    """SOURCES.md: China-reported 2018 exports to the US 480,689, imports 156,259 (USD mn)."""
    path = shared_data / "bilateral/original/imf_dots_DOTS_40_China_mainland.xlsx"
    clean = dots.clean(dots.read_workbook(path), name_table, path.name)
    values = clean.set_index(["partner_code", "year", "flow"])["value_usd_millions"]
    assert values[("USA", 2018, "exports_fob")] == pytest.approx(480_689, abs=1)
    assert values[("USA", 2018, "imports_cif")] == pytest.approx(156_259, abs=1)
    assert values[("WORLD", 2018, "exports_fob")] == pytest.approx(2_501_334, abs=1)
    # the IMF's EU memo item equals the sum of the 27 members (SOURCES.md)
    assert clean["year"].min() == 1961 and clean["year"].max() == 2020


# --- malformed workbooks: each must stop with a message naming file, place and rule ---


def _rows_with(sheet_rows_change):
    rows = {sheet: default_rows(sheet) for sheet in ("Exports, FOB", "Imports, CIF")}
    sheet_rows_change(rows)
    return rows


@pytest.mark.parametrize(
    ("case", "kwargs", "expected"),
    [
        (
            "missing sheet",
            {"sheets": ("Exports, FOB",)},
            ["sheet 'Imports, CIF'", "not found", "'Exports, FOB'"],
        ),
        (
            "renamed sheet",
            {"sheets": ("Exports, FOB", "Imports")},
            ["sheet 'Imports, CIF'", "not found"],
        ),
        (
            "unit in thousands",
            {"unit": "US Dollars, Thousands"},
            ["column 'B'", "row 5", "expected unit 'US Dollars, Millions'", "Thousands"],
        ),
        (
            "year header not a year",
            {"years": ("2017", "Year 2018", "2019")},
            ["column 'D'", "row 7", "'Year 2018' is not a year"],
        ),
        (
            "years out of order",
            {"years": ("2017", "2019", "2018")},
            ["column 'E'", "row 7", "year 2018 is not after"],
        ),
    ],
)
def test_malformed_layout(tmp_path, case, kwargs, expected):
    path = write_workbook(tmp_path / "bad.xlsx", **kwargs)
    with pytest.raises(InputDataError) as error:
        dots.read_workbook(path)
    message = str(error.value)
    assert "bad.xlsx" in message
    for fragment in expected:
        assert fragment in message, (case, message)


def test_text_in_a_number_cell(tmp_path):
    def change(rows):
        rows["Imports, CIF"][5] = ("United States", 150.0, "n.a.", 180.0)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(InputDataError) as error:
        dots.read_workbook(path)
    message = str(error.value)
    for fragment in ["bad.xlsx", "sheet 'Imports, CIF'", "column 'D'", "row 13", "'n.a.'"]:
        assert fragment in message, message


def test_negative_flow(tmp_path):
    def change(rows):
        rows["Exports, FOB"][4] = ("Japan", 100.0, -110.0, 120.0)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(
        InputDataError,
        match=r"column .D., row 12: value -110(\.0)? for 2018: a trade flow cannot be negative",
    ):
        dots.read_workbook(path)


def test_duplicate_partner_row(tmp_path):
    def change(rows):
        rows["Exports, FOB"].append(("Japan", 1.0, 2.0, 3.0))

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(InputDataError, match=r"row 17: partner 'Japan' appears twice"):
        dots.read_workbook(path)


def test_stray_first_row_that_is_not_a_copy(tmp_path):
    def change(rows):
        rows["Exports, FOB"][0] = ("Australia", 10.0, 99.0, 12.0)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(InputDataError, match=r"row 8: the first partner row 'Australia'"):
        dots.read_workbook(path)


def test_sheets_with_different_reporters(tmp_path):
    path = write_workbook(tmp_path / "bad.xlsx")
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    workbook["Imports, CIF"]["B4"] = "Japan"
    workbook.save(path)
    with pytest.raises(InputDataError, match="different reporters"):
        dots.read_workbook(path)


@pytest.mark.parametrize(
    "content", [b"", b"PK\x03\x04 truncated zip", b"partner,year\nJapan,2018\n"]
)
def test_not_a_workbook(tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputDataError, match=r"bad.xlsx'?: not a readable .xlsx workbook"):
        dots.read_workbook(path)


def test_truncated_real_workbook(tmp_path, shared_data):
    original = shared_data / "bilateral/original/imf_dots_DOTS_40_China_mainland.xlsx"
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(original.read_bytes()[:50_000])
    with pytest.raises(InputDataError, match="not a readable .xlsx workbook"):
        dots.read_workbook(path)


def test_unknown_partner_name(tmp_path, name_table):
    def change(rows):
        rows["Exports, FOB"][6] = ("Atlantis, Rep. of", 1.0, 2.0, 3.0)
        rows["Imports, CIF"][6] = ("Atlantis, Rep. of", 1.0, 2.0, 3.0)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    long = dots.read_workbook(path)
    with pytest.raises(InputDataError) as error:
        dots.clean(long, name_table, "bad.xlsx")
    message = str(error.value)
    for fragment in ["bad.xlsx", "column 'B'", "row 14", "'Atlantis, Rep. of'"]:
        assert fragment in message, message


def test_two_names_for_one_code_is_refused(tmp_path, name_table):
    """A second name that maps to the same code must not be summed silently."""

    def change(rows):
        for sheet in rows:
            rows[sheet][6] = ("United States of America", 1.0, 2.0, 3.0)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(InputDataError, match=r"partner code USA comes from more than one row"):
        dots.clean(dots.read_workbook(path), name_table, "bad.xlsx")


def test_heading_with_data_is_refused(tmp_path, name_table):
    def change(rows):
        rows["Exports, FOB"][7] = ("Memorandum Items", 1.0, None, None)

    path = write_workbook(tmp_path / "bad.xlsx", rows=_rows_with(change))
    with pytest.raises(InputDataError, match="section heading 'Memorandum Items' carries data"):
        dots.clean(dots.read_workbook(path), name_table, "bad.xlsx")


# --- the long extracts, the combined table and its identities ---

EXTRACT = "bilateral/imf_dots_goods_by_partner_CHN_USA_JPN_KOR_HKG_AUS_1960_2020_long.csv"
MIRROR = "bilateral/imf_dots_mirror_all_reporters_with_partner_CHN_1960_2020_long.csv"
EU27 = sorted(
    "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL "
    "PRT ROU SVK SVN ESP SWE".split()
)


@pytest.fixture(scope="module")
def extract_lines(shared_data):
    return (shared_data / EXTRACT).read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture(scope="module")
def mirror_lines(shared_data):
    return (shared_data / MIRROR).read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture(scope="module")
def china_workbook(shared_data, name_table):
    path = shared_data / "bilateral/original/imf_dots_DOTS_40_China_mainland.xlsx"
    return dots.clean(dots.read_workbook(path), name_table, path.name)


def test_extract_and_mirror_agree_with_the_workbooks(shared_data, name_table, china_workbook):
    extract = dots.read_extract(shared_data / EXTRACT, name_table, ["KOR", "HKG", "AUS"])
    mirror = dots.read_mirror(shared_data / MIRROR, name_table)
    us = shared_data / "bilateral/original/imf_dots_DOTS_208_United_States.xlsx"
    us_workbook = dots.clean(dots.read_workbook(us), name_table, us.name)
    combined = dots.combine([china_workbook, us_workbook, extract, mirror])  # no conflict
    dots.check_identities(combined, EU27)
    assert not combined.duplicated(dots.KEY).any()
    assert {"CHN", "USA", "KOR", "HKG", "AUS", "DEU", "VNM"} <= set(combined.reporter_iso3)
    # SOURCES.md: US-reported 2018 imports from China 539,503, exports to China 120,341
    values = combined.set_index(dots.KEY)["value_usd_millions"]
    assert values[("USA", "CHN", 2018, "imports_cif")] == pytest.approx(539_503, abs=1)
    assert values[("USA", "CHN", 2018, "exports_fob")] == pytest.approx(120_341, abs=1)
    both = dots.china_both_sides(combined).set_index(
        ["partner", "year", "china_flow", "reporter_side"]
    )
    # China's exports to the US: 480,689 as China reports them (FOB), 539,503 as the US does
    assert both.at[("USA", 2018, "exports", "own"), "value_usd_millions"] == pytest.approx(
        480_689, abs=1
    )
    mirror_row = both.loc[("USA", 2018, "exports", "mirror")]
    assert mirror_row["value_usd_millions"] == pytest.approx(539_503, abs=1)
    assert mirror_row["valuation"] == "cif" and mirror_row["reported_by"] == "USA"


def _write(tmp_path, lines, name="broken.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text("".join(lines), encoding=encoding)
    return path


def _replace_line(lines, number, old, new):
    """Change one field of file line ``number`` (1-based, header = 1)."""
    changed = list(lines)
    assert old in changed[number - 1]
    changed[number - 1] = changed[number - 1].replace(old, new, 1)
    return changed


@pytest.mark.parametrize(
    ("edit", "fragments"),
    [
        (
            lambda ls: [ls[0].replace("value_usd_millions", "value_usd"), *ls[1:]],
            ["column 'value_usd_millions'", "not found", "value_usd"],
        ),
        (
            lambda ls: _replace_line(ls, 2, ",2022.9,", ",2,022.9,"),
            ["row 2", "line has 11 fields, the header 10"],
        ),
        (
            lambda ls: _replace_line(ls, 3, ",2338.5,", ",n.a.,"),
            ["column 'value_usd_millions'", "row 3", "'n.a.' is not a number"],
        ),
        (
            lambda ls: _replace_line(ls, 4, ",exports_fob,", ",exports,"),
            ["column 'flow'", "row 4", "'exports' is not one of"],
        ),
        (
            lambda ls: [*ls, ls[1]],
            ["duplicate key", "one row per key"],
        ),
        (
            lambda ls: _replace_line(ls, 2, ",2022.9,", ",-2022.9,"),
            ["column 'value_usd_millions'", "row 2", "negative"],
        ),
        (
            lambda ls: [ls[0], *[ln.replace(",World,", ",Wurld,") for ln in ls[1:]]],
            ["column 'partner_imf_name'", "row 2", "'Wurld' matches no country"],
        ),
        (lambda ls: [], ["the file is empty"]),
    ],
    ids=[
        "renamed header",
        "thousands separator",
        "text in number",
        "unknown flow",
        "duplicate key",
        "negative value",
        "unknown country",
        "empty file",
    ],
)
def test_broken_extract(tmp_path, extract_lines, name_table, edit, fragments):
    # the first rows of the extract are Australia's (AUS reporter, World partner)
    path = _write(tmp_path, edit(extract_lines))
    with pytest.raises(InputDataError) as error:
        dots.read_extract(path, name_table, ["AUS"])
    message = str(error.value)
    assert "broken.csv" in message
    for fragment in fragments:
        assert fragment in message, message


def test_extract_in_the_wrong_encoding(tmp_path, extract_lines, name_table):
    path = _write(tmp_path, extract_lines, encoding="utf-16")
    with pytest.raises(InputDataError, match="not utf-8 text"):
        dots.read_extract(path, name_table, ["AUS"])


def test_truncated_extract(tmp_path, extract_lines, name_table):
    text = "".join(extract_lines[:200])
    path = tmp_path / "broken.csv"
    path.write_text(text[: text.rfind(",")])  # cut inside the last line
    with pytest.raises(InputDataError, match=r"row 200: line has \d+ fields, the header 10"):
        dots.read_extract(path, name_table, ["AUS"])


def test_mirror_with_a_code_that_contradicts_the_name(tmp_path, mirror_lines, name_table):
    number = next(i for i, ln in enumerate(mirror_lines, 1) if ln.startswith("DEU,Germany,"))
    lines = _replace_line(mirror_lines, number, "DEU,Germany,", "AUT,Germany,")
    path = _write(tmp_path, lines)
    with pytest.raises(InputDataError) as error:
        dots.read_mirror(path, name_table)
    message = str(error.value)
    assert f"row {number}" in message and "'Germany' is coded AUT" in message


def test_values_scaled_by_1000_break_the_world_identity(china_workbook):
    scaled = china_workbook.copy()
    row = (scaled.partner_code == "JPN") & (scaled.year == 2018) & (scaled.flow == "exports_fob")
    scaled.loc[row, "value_usd_millions"] *= 1000
    with pytest.raises(InputDataError) as error:
        dots.check_identities(scaled, EU27)
    message = str(error.value)
    assert "World row equals the sum of all partners fails for reporter CHN, 2018" in message
    assert "imf_dots_DOTS_40_China_mainland.xlsx" in message and "'World'" in message


def test_trade_moved_out_of_a_member_breaks_the_eu_memo_identity(china_workbook):
    """100 USD mn moved from France to Switzerland: World still adds up, the EU does not."""
    moved = china_workbook.copy()
    in_2010 = (moved.year == 2010) & (moved.flow == "exports_fob")
    moved.loc[in_2010 & (moved.partner_code == "FRA"), "value_usd_millions"] -= 100
    moved.loc[in_2010 & (moved.partner_code == "CHE"), "value_usd_millions"] += 100
    with pytest.raises(InputDataError, match="'European Union' memo item .* CHN, 2010"):
        dots.check_identities(moved, EU27)


def test_combine_refuses_two_values_for_one_key(china_workbook):
    us_2018 = (china_workbook.partner_code == "USA") & (china_workbook.year == 2018)
    other = (
        china_workbook[us_2018]
        .head(1)
        .assign(value_usd_millions=lambda f: f.value_usd_millions + 5, source_file="other.csv")
    )
    with pytest.raises(InputDataError, match="different values"):
        dots.combine([china_workbook, other])
