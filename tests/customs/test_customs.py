"""The customs-records path: checks, DuckDB aggregation, processing shares.

Most tests run on SYNTHETIC records (chinatrade.customs_synthetic, with a known relation
between a sector's processing share and its normalised balance) or on small hand-made
files; the last ones check the code tables against the canonical tables.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import statsmodels.formula.api as smf

from chinatrade import customs, customs_synthetic
from chinatrade.errors import InputDataError

YEARS = (2018, 2019)
ROWS_PER_YEAR = 100_000  # ~200k synthetic records in all
BETA = 0.8


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Two years of synthetic records (Parquet), their aggregates, and the truth."""
    folder = tmp_path_factory.mktemp("customs_synthetic")
    truth, aggregates, files = [], [], {}
    for offset, year in enumerate(YEARS):
        files[year] = folder / f"synthetic_customs_{year}.parquet"
        truth.append(
            customs_synthetic.generate(
                files[year], year, ROWS_PER_YEAR, seed=20 + offset, beta=BETA, chunk_rows=40_000
            )
        )
        out = folder / f"aggregate_{year}.parquet"
        customs.aggregate_year(files[year], year, out)
        aggregates.append(pd.read_parquet(out))
    return {
        "folder": folder,
        "files": files,
        "truth": pd.concat(truth, ignore_index=True),
        "aggregated": pd.concat(aggregates, ignore_index=True),
    }


# --------------------------------------------------------------------------------------
# Synthetic records: known relation recovered
# --------------------------------------------------------------------------------------


def test_synthetic_aggregate_has_the_documented_table(synthetic):
    agg = synthetic["aggregated"]
    assert list(agg.columns) == customs.OUTPUT_COLUMNS
    assert not agg.duplicated(customs.OUTPUT_KEY).any()
    assert set(agg["regime_group"]) == set(customs.REGIME_GROUPS)
    assert set(agg["flow"]) == set(customs.FLOWS)
    assert (agg["hs_code"] == agg["hs_chapter"]).all()  # hs_level 2
    assert (agg["months_covered"] == 12).all()
    assert agg.groupby("year")["n_records"].sum().tolist() == [ROWS_PER_YEAR] * 2
    raw = pd.read_parquet(synthetic["files"][2018])
    assert agg.loc[agg.year == 2018, "value_usd"].sum() == pytest.approx(raw.value_usd.sum())
    metadata = pq.read_metadata(synthetic["folder"] / "aggregate_2018.parquet").metadata
    assert b"synthetic_customs_2018.parquet" in metadata[b"source_files"]


def test_synthetic_records_are_skewed(synthetic):
    raw = pd.read_parquet(synthetic["files"][2018])
    cells = raw.groupby(["hs_code", "partner"])["value_usd"].sum().sort_values()[::-1]
    half = int((cells.cumsum() / cells.sum()).searchsorted(0.5)) + 1
    assert len(cells) > 20_000
    assert half / len(cells) < 0.05  # under 5% of HS8 x partner cells hold half the value
    assert raw["hs_code"].str.fullmatch(r"\d{8}").all()


def test_synthetic_shares_are_the_true_ones(synthetic):
    shares = customs.processing_share(synthetic["aggregated"])
    merged = shares.merge(
        synthetic["truth"],
        left_on=["year", "sector_code"],
        right_on=["year", "hs_chapter"],
        suffixes=("", "_true"),
        validate="one_to_one",
    )
    assert len(merged) == 2 * len(customs_synthetic.CHAPTERS)
    for column in (
        "processing_share_customs",
        "normalised_balance",
        "processing_share_non_ordinary",
    ):
        np.testing.assert_allclose(merged[column], merged[f"{column}_true"], atol=1e-9)
    np.testing.assert_allclose(merged["trade_usd"], merged["trade_usd_true"], rtol=1e-9)


def test_synthetic_regression_recovers_beta(synthetic):
    shares = customs.processing_share(synthetic["aggregated"])
    fit = smf.ols("normalised_balance ~ processing_share_customs + C(year)", data=shares).fit(
        cov_type="HC1"
    )
    estimate = fit.params["processing_share_customs"]
    se = fit.bse["processing_share_customs"]
    assert int(fit.nobs) == 2 * len(customs_synthetic.CHAPTERS)
    assert abs(estimate - BETA) < 2 * se, (estimate, se)
    assert se < 0.1  # informative: the relation is found, not just "not rejected"


def test_synthetic_csv_parts_and_parquet_give_the_same_aggregate(synthetic, tmp_path):
    """One year as two CSV files (glob) and as one Parquet file: the same table."""
    parquet = synthetic["files"][2018]
    for part, condition in (("a", "month <= 6"), ("b", "month > 6")):
        duckdb.sql(
            f"COPY (SELECT * FROM read_parquet('{parquet}') WHERE {condition}) "
            f"TO '{tmp_path / f'customs_2018_{part}.csv'}' (HEADER, DELIMITER ',')"
        )
    out = tmp_path / "from_csv.parquet"
    customs.aggregate_year(str(tmp_path / "customs_2018_*.csv"), 2018, out, threads=1)
    from_csv = pd.read_parquet(out)
    from_parquet = synthetic["aggregated"].query("year == 2018").reset_index(drop=True)
    pd.testing.assert_frame_equal(
        from_csv.drop(columns="value_usd"), from_parquet.drop(columns="value_usd")
    )
    np.testing.assert_allclose(from_csv["value_usd"], from_parquet["value_usd"], rtol=1e-9)


def test_synthetic_two_and_four_digit_codes_give_the_same_groups(tmp_path):
    tables = []
    for digits in (2, 4):
        path = tmp_path / f"synthetic_{digits}.parquet"
        customs_synthetic.generate(path, 2020, 5_000, seed=3, code_digits=digits)
        customs.aggregate_year(path, 2020, tmp_path / f"agg_{digits}.parquet", hs_level=4)
        tables.append(pd.read_parquet(tmp_path / f"agg_{digits}.parquet"))
    assert set(pd.read_parquet(tmp_path / "synthetic_2.parquet").customs_regime.str.len()) == {2}
    assert (tables[0]["hs_code"].str.len() == 4).all()
    pd.testing.assert_frame_equal(tables[0], tables[1])


# --------------------------------------------------------------------------------------
# Hand-made files: rules and messages
# --------------------------------------------------------------------------------------


def records() -> pd.DataFrame:
    """Five valid records (synthetic, hand-made)."""
    return pd.DataFrame(
        {
            "year": [2018] * 5,
            "month": [1, 2, 3, 4, 5],
            "hs_code": ["01012100", "8471", "85", "84713000", "020110"],
            "partner": ["USA", "JPN", "KOR", "USA", "DEU"],
            "province": ["440000", "Guangdong", "广东", "440300", "上海市"],
            "customs_regime": ["0110", "14", "0615", "110", "39"],
            "flow": ["exports", "imports", "exports", "exports", "imports"],
            "value_usd": [1.0, 2.0, 3.5, 4.0, 5.0],
        }
    )


def write(frame: pd.DataFrame, path) -> str:
    if str(path).endswith(".csv"):
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path, index=False)
    return str(path)


def test_hand_made_records_aggregate_as_expected(tmp_path):
    out = tmp_path / "agg.parquet"
    customs.aggregate_year(write(records(), tmp_path / "r.csv"), 2018, out)
    agg = pd.read_parquet(out).set_index(["hs_code", "regime_group", "partner_iso3", "flow"])
    expected = {
        ("01", "ordinary", "USA", "exports"): ("440000", 1.0),
        ("84", "processing_customs", "JPN", "imports"): ("440000", 2.0),  # name Guangdong
        ("85", "processing_customs", "KOR", "exports"): ("440000", 3.5),  # 广东, 0615 -> 15
        ("84", "ordinary", "USA", "exports"): ("440000", 4.0),  # city code 440300, "110"
        ("02", "other", "DEU", "imports"): ("310000", 5.0),  # 上海市, 39
    }
    assert len(agg) == len(expected)
    for key, (province, value) in expected.items():
        assert agg.loc[key, "province_code"] == province
        assert agg.loc[key, "value_usd"] == value
    assert (agg["months_covered"] == 5).all()


def _break(frame: pd.DataFrame, case: str) -> pd.DataFrame:
    frame = frame.copy()
    if case == "wrong_year":
        frame.loc[2, "year"] = 2017
    elif case == "unknown_regime":
        frame.loc[2, "customs_regime"] = "0654"
    elif case == "negative_value":
        frame.loc[2, "value_usd"] = -5.0
    elif case == "missing_column":
        frame = frame.drop(columns="flow")
    elif case == "text_in_value":
        frame = frame.astype(str)
        frame.loc[2, "value_usd"] = "12 USD"
    return frame


BAD = {
    "wrong_year": ("year", "'2017' in a file given for year 2018"),
    "unknown_regime": ("customs_regime", "'0654' is not a known China Customs trade-mode code"),
    "negative_value": ("value_usd", "'-5.0' is negative"),
    "missing_column": ("flow", "required column(s) ['flow'] not found"),
    "text_in_value": ("value_usd", "'12 USD' is not a number"),
}


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
@pytest.mark.parametrize("case", list(BAD))
def test_bad_records_name_file_column_row_and_problem(tmp_path, case, suffix):
    path = write(_break(records(), case), tmp_path / f"customs_{case}{suffix}")
    out = tmp_path / "agg.parquet"
    with pytest.raises(InputDataError) as error:
        customs.aggregate_year(path, 2018, out)
    column, problem = BAD[case]
    message = str(error.value)
    assert error.value.file == path
    assert error.value.column == column
    assert problem in message
    if case != "missing_column":  # the third record: CSV row 4 (header = 1), Parquet record 3
        assert str(error.value.row).startswith("4" if suffix == ".csv" else "3 (record")
    assert not out.exists()


def test_bad_file_among_many_is_named(tmp_path):
    good = write(records(), tmp_path / "customs_a.parquet")
    bad = write(_break(records(), "wrong_year"), tmp_path / "customs_b.parquet")
    with pytest.raises(InputDataError) as error:
        customs.aggregate_year(str(tmp_path / "customs_*.parquet"), 2018, tmp_path / "o.parquet")
    assert error.value.file == bad != good
    assert "year '2017'" in str(error.value)


def test_bad_records_other_rules(tmp_path):
    cases = {
        "province": ("Atlantis", "province 'Atlantis' is neither"),
        "flow": ("export", "flow 'export' is not 'exports' or 'imports'"),
        "month": (13, "month '13' is not a whole number from 1 to 12"),
        "partner": ("us", "partner 'us' is not an ISO3 code"),
        "hs_code": ("123", "hs_code '123' is not an HS code"),
    }
    for column, (value, problem) in cases.items():
        frame = records()
        frame.loc[1, column] = value
        with pytest.raises(InputDataError, match=problem) as error:
            customs.aggregate_year(write(frame, tmp_path / "x.csv"), 2018, tmp_path / "o.parquet")
        assert error.value.row == 3 and error.value.column == column


def test_count_of_offending_rows_is_reported(tmp_path):
    frame = records()
    frame["value_usd"] = -1.0
    with pytest.raises(InputDataError, match=r"\(5 rows of the input break this rule\)"):
        customs.aggregate_year(write(frame, tmp_path / "x.csv"), 2018, tmp_path / "o.parquet")


def test_hs_level_longer_than_the_codes_is_refused(tmp_path):
    with pytest.raises(InputDataError, match="hs_code '85' has fewer digits than hs_level 4"):
        customs.aggregate_year(
            write(records(), tmp_path / "x.csv"), 2018, tmp_path / "o.parquet", hs_level=4
        )


def test_parquet_hs_code_stored_as_number_is_refused(tmp_path):
    frame = records()
    frame["hs_code"] = frame["hs_code"].astype(int)
    with pytest.raises(InputDataError, match="leading zeros") as error:
        customs.aggregate_year(write(frame, tmp_path / "x.parquet"), 2018, tmp_path / "o.parquet")
    assert error.value.column == "hs_code"


def test_ragged_csv_line_is_refused_with_its_line(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(records().to_csv(index=False) + "2018,1,01,USA,440000,10,exports,3,extra\n")
    with pytest.raises(InputDataError, match="Expected Number of Columns: 8 Found: 9") as error:
        customs.aggregate_year(str(path), 2018, tmp_path / "o.parquet")
    assert error.value.file == str(path) and error.value.row == 7


def test_missing_files_are_refused(tmp_path):
    with pytest.raises(InputDataError, match="no file matches"):
        customs.aggregate_year(str(tmp_path / "none_*.csv"), 2018, tmp_path / "o.parquet")
    with pytest.raises(InputDataError, match="file not found"):
        customs.aggregate_year(str(tmp_path / "none.csv"), 2018, tmp_path / "o.parquet")


def test_user_regime_map_extends_and_excludes(tmp_path):
    frame = records()
    frame.loc[2, "customs_regime"] = "0654"  # deep-processing carry-over: unknown by default
    path = write(frame, tmp_path / "x.csv")
    out = tmp_path / "o.parquet"
    customs.aggregate_year(path, 2018, out, regime_map={"0654": "processing_customs"})
    assert pd.read_parquet(out)["value_usd"].sum() == 15.5
    customs.aggregate_year(path, 2018, out, regime_map={"0654": "exclude"})
    assert pd.read_parquet(out)["value_usd"].sum() == 12.0
    with pytest.raises(ValueError, match="regime_map"):
        customs.aggregate_year(path, 2018, out, regime_map={"0654": "processing"})


def test_regime_group_of_codes():
    assert customs.regime_group_of("10") == "ordinary"
    assert customs.regime_group_of("0110") == "ordinary"
    assert customs.regime_group_of("110") == "ordinary"  # lost leading zero
    assert customs.regime_group_of("0214") == "processing_customs"
    assert customs.regime_group_of("0715") == "processing_customs"
    assert customs.regime_group_of("0420") == "other"  # equipment for processing trade
    assert customs.regime_group_of("4019") == "other"  # border trade
    assert customs.regime_group_of("0654") is None
    assert customs.regime_group_of("0615", {"0615": "other"}) == "other"


# --------------------------------------------------------------------------------------
# processing_share: hand-solved
# --------------------------------------------------------------------------------------


def hand_aggregate() -> pd.DataFrame:
    """Synthetic aggregate rows: chapter 84 (USD) and 85, both section XVI, plus 01."""
    rows = [
        # chapter, group, partner, flow, value
        ("84", "ordinary", "USA", "exports", 10.0),
        ("84", "processing_customs", "USA", "exports", 15.0),
        ("84", "processing_customs", "JPN", "exports", 15.0),
        ("84", "other", "KOR", "exports", 10.0),
        ("84", "ordinary", "USA", "imports", 5.0),
        ("84", "ordinary", "JPN", "imports", 15.0),
        ("84", "processing_customs", "KOR", "imports", 10.0),
        ("85", "ordinary", "USA", "exports", 20.0),
        ("01", "ordinary", "USA", "imports", 4.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["hs_chapter", "regime_group", "partner_iso3", "flow", "value_usd"]
    )
    return frame.assign(year=2018)


SECTIONS = pd.DataFrame(
    {
        "hs_chapter": ["01", "84", "85"],
        "section_no": [1, 16, 16],
        "chapter_name_en": ["Live animals", "Machinery", "Electrical machinery"],
        "section_name_en": ["Animals", "Machinery and electrical", "Machinery and electrical"],
    }
)


def test_processing_share_hand_solved():
    out = customs.processing_share(hand_aggregate(), SECTIONS, partner="USA")
    c84 = out.set_index(["level", "sector_code"]).loc[("hs2", "84")]
    # X = 10 + 30 + 10 = 50, M = 20 + 10 = 30, X + M = 80
    assert (c84.exports_usd, c84.imports_usd, c84.trade_usd) == (50.0, 30.0, 80.0)
    assert c84.balance_usd == 20.0
    assert c84.normalised_balance == pytest.approx(0.25)  # 20 / 80
    assert c84.processing_share_customs == pytest.approx(0.5)  # (30 + 10) / 80
    assert c84.processing_share_non_ordinary == pytest.approx(0.625)  # (80 - 30) / 80
    assert c84.processing_export_share_customs == pytest.approx(0.6)  # 30 / 50
    assert c84.processing_export_share_non_ordinary == pytest.approx(0.8)  # 40 / 50
    assert (c84.partner_exports_usd, c84.partner_imports_usd) == (25.0, 5.0)
    assert c84.partner_normalised_balance == pytest.approx(20 / 30)
    assert c84.hs_section == "16" and c84.sector_name == "Machinery"
    s16 = out.set_index(["level", "sector_code"]).loc[("hs_section", "16")]
    assert (s16.exports_usd, s16.imports_usd) == (70.0, 30.0)
    assert s16.processing_share_customs == pytest.approx(40 / 100)
    assert s16.normalised_balance == pytest.approx(0.4)
    assert s16.partner_balance_usd == 40.0  # 45 - 5
    c01 = out.set_index(["level", "sector_code"]).loc[("hs2", "01")]
    assert c01.normalised_balance == -1.0
    assert np.isnan(c01.processing_export_share_customs)  # no exports
    assert out["partner_group"].eq("USA").all()


def test_processing_share_refuses_bad_input():
    with pytest.raises(ValueError, match="aggregated: column"):
        customs.processing_share(hand_aggregate().drop(columns="flow"))
    bad = hand_aggregate()
    bad.loc[0, "regime_group"] = "processing"
    with pytest.raises(ValueError, match="'processing'"):
        customs.processing_share(bad)
    with pytest.raises(ValueError, match=r"chapter\(s\) \['85'\]"):
        customs.processing_share(hand_aggregate(), SECTIONS.iloc[:2])


# --------------------------------------------------------------------------------------
# The canonical tables
# --------------------------------------------------------------------------------------


def test_real_chapter_sections_cover_every_synthetic_chapter(synthetic, processed):
    sections = pd.read_parquet(processed / "hs_chapter_sections.parquet")
    out = customs.processing_share(synthetic["aggregated"], sections, partner=["USA"])
    by_level = out.groupby(["level", "year"])["trade_usd"].sum().unstack("level")
    np.testing.assert_allclose(by_level["hs2"], by_level["hs_section"], rtol=1e-12)
    section16 = out[(out.level == "hs2") & out.sector_code.isin(["84", "85"])]
    assert set(section16["hs_section"]) == {"16"}
    assert out.loc[out.level == "hs_section", "sector_code"].str.fullmatch(r"\d{2}").all()


def test_regime_table_matches_the_canonical_gacc_regimes(processed):
    from chinatrade.ingest.regime import PROCESSING_REGIMES

    gacc = set(pd.read_parquet(processed / "trade_by_regime_gacc.parquet")["regime_code"])
    table = customs.regime_table()
    named = table[table.gacc_regime != ""]
    assert set(named["gacc_regime"]) <= gacc
    assert set(named["gacc_regime"]) == gacc - {"total"}  # every bulletin line has a code
    processing = table.loc[table.regime_group == "processing_customs", "gacc_regime"]
    assert set(processing) == set(PROCESSING_REGIMES)
    assert table.loc[table.regime_group == "ordinary", "code"].tolist() == ["10"]
