"""Import content of exports (Leontief) and the WIOD / China-US industry datasets."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from chinatrade.analysis import gvc
from chinatrade.errors import InputDataError
from chinatrade.ingest import wiod
from chinatrade.ingest.wiod import NiotYear

FOLDER = "gvc_province"
TOTALS_FILE = "china_wiod2016_import_content_of_exports_total_2000_2014.csv"
BY_INDUSTRY_FILE = "china_wiod2016_import_content_of_exports_by_industry_2000_2014.csv"

# --- synthetic: a two-industry economy plus an empty industry, solved by hand ---------------
#
# Output x = (100, 200), C empty. Domestic inputs Z_d = [[10, 20], [30, 0]], so
# A_d = [[0.1, 0.1], [0.3, 0]], I - A_d = [[0.9, -0.1], [-0.3, 1]], det = 0.87 and
# L = [[1, 0.1], [0.3, 0.9]] / 0.87. Imported inputs: 20 into A, 20 into B, so m = (0.2, 0.1).
# m'L = (0.2 + 0.03, 0.02 + 0.09) / 0.87 = (0.23, 0.11) / 0.87 = (0.264368, 0.126437).
# Value added 40 and 160 (inputs + VA = x, no taxes), v = (0.4, 0.8):
# v'L = (0.4 + 0.24, 0.04 + 0.72) / 0.87 = (0.64, 0.76) / 0.87, and m'L + v'L = (1, 1).
# Exports e = (50, 100): national = (0.23 * 50 + 0.11 * 100) / 0.87 / 150 = 22.5 / 130.5.
IMPORT_CONTENT = {"A": 0.23 / 0.87, "B": 0.11 / 0.87}
DOMESTIC_CONTENT = {"A": 0.64 / 0.87, "B": 0.76 / 0.87}
NATIONAL = 22.5 / 130.5


def synthetic_model(**changes) -> NiotYear:
    codes = ("A", "B", "C")
    square = pd.DataFrame(0.0, index=list(codes), columns=list(codes))
    z_domestic = square.copy()
    z_domestic.loc["A", ["A", "B"]] = [10, 20]
    z_domestic.loc["B", ["A", "B"]] = [30, 0]
    z_imported = square.copy()
    z_imported.loc["A", ["A", "B"]] = [10, 5]
    z_imported.loc["B", ["A", "B"]] = [10, 15]
    parts = {
        "year": 2010,
        "industries": codes,
        "z_domestic": z_domestic,
        "z_imported": z_imported,
        "final_domestic": pd.DataFrame(),
        "final_imported": pd.DataFrame(),
        "gross_output": pd.Series([100.0, 200.0, 0.0], index=list(codes)),
        "exports": pd.Series([50.0, 100.0, 0.0], index=list(codes)),
        "reexports": pd.Series(0.0, index=list(codes)),
        "imports_by_product": pd.Series([15.0, 55.0, 4.0], index=list(codes)),
        "value_added": pd.Series([40.0, 160.0, 0.0], index=list(codes)),
        "total_rows": pd.DataFrame(),
    }
    parts.update(changes)
    return NiotYear(**parts)


def test_synthetic_leontief_solved_by_hand():
    out = gvc.leontief_import_content(synthetic_model()).set_index("industry")
    assert list(out.index) == ["A", "B", "C"]
    for code in ("A", "B"):
        assert out.at[code, "import_content_of_exports_share"] == pytest.approx(
            IMPORT_CONTENT[code]
        )
        assert out.at[code, "domestic_va_content_share"] == pytest.approx(DOMESTIC_CONTENT[code])
    assert out.loc[["A", "B"], "direct_imported_input_share"].tolist() == pytest.approx([0.2, 0.1])
    total = out["import_content_of_exports_share"] + out["domestic_va_content_share"]
    assert total[["A", "B"]].tolist() == pytest.approx([1.0, 1.0])  # no taxes, no margins
    national = out["national_import_content_of_exports_share"].tolist()
    assert national == pytest.approx([NATIONAL] * 3)
    assert NATIONAL == pytest.approx(0.172414, abs=1e-6)
    # the empty industry: no coefficients, no shares
    assert out.loc["C", gvc.CONTENT_COLUMNS[4:7]].isna().all()
    assert out.loc["C", "exports_usd_millions"] == 0


def test_synthetic_productive_despite_a_column_sum_above_one():
    """A column of A_d may sum to more than one if the economy is still productive."""
    z_domestic = synthetic_model().z_domestic.copy()
    z_domestic.loc[["A", "B"], "A"] = [60, 50]  # A_d column A = (0.6, 0.5), B never feeds back
    z_domestic.loc[:, "B"] = 0
    out = gvc.leontief_import_content(synthetic_model(z_domestic=z_domestic))
    # L = [[2.5, 0], [1.25, 1]]: m'L = (0.2 * 2.5 + 0.1 * 1.25, 0.1) = (0.625, 0.1)
    assert out["import_content_of_exports_share"].tolist()[:2] == pytest.approx([0.625, 0.1])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"A": [120, 0]}, r"NIOT 2010: .*not productive"),
        ({"A": [100, 0]}, r"NIOT 2010: I - A_d is singular"),
        ({"A": [-1, 0]}, r"NIOT 2010: z_domestic cell \(A, A\) is negative"),
    ],
)
def test_synthetic_leontief_refuses_bad_tables(change, message):
    z_domestic = synthetic_model().z_domestic.copy()
    for column, values in change.items():
        z_domestic.loc[["A", "B"], column] = values
    with pytest.raises(ValueError, match=message):
        gvc.leontief_import_content(synthetic_model(z_domestic=z_domestic))


def test_synthetic_zero_output_industry_must_be_empty():
    exports = pd.Series([50.0, 100.0, 3.0], index=["A", "B", "C"])
    with pytest.raises(ValueError, match=r"industry C has zero gross output .* exports 3.0"):
        gvc.leontief_import_content(synthetic_model(exports=exports))
    misordered = synthetic_model().z_imported.loc[["B", "A", "C"]]
    with pytest.raises(ValueError, match=r"z_imported must have rows"):
        gvc.leontief_import_content(synthetic_model(z_imported=misordered))


# --- synthetic: the same economy as a full 56-industry NIOT (A01 = A, C26 = B) ---------------
#
# Imports by product: A01 10 + 5 = 15; C26 10 + 15 + 30 (households) = 55; G46 10
# (households; G46 produces nothing). Exports A01 50, C26 100. Trade of all industries:
# 65 + 155 + 10 = 230. Balances 35, 45, -10; normalised 35/65, 45/155, -1.
SYNTHETIC_CELLS = {
    ("domestic", "A01"): {"A01": 10, "C26": 20, "CONS_h": 20, "EXP": 50, "GO": 100},
    ("domestic", "C26"): {"A01": 30, "CONS_h": 70, "EXP": 100, "GO": 200},
    ("imported", "A01"): {"A01": 10, "C26": 5},
    ("imported", "C26"): {"A01": 10, "C26": 15, "CONS_h": 30},
    ("imported", "G46"): {"CONS_h": 10},
    ("total", "VA"): {"A01": 40, "C26": 160},
    ("total", "GO"): {"A01": 100, "C26": 200},
}


def synthetic_niot(years_scale: dict[int, float]) -> pd.DataFrame:
    frames = []
    for year, scale in years_scale.items():
        grid = pd.MultiIndex.from_product(
            [["domestic", "imported"], wiod.INDUSTRIES, wiod.VALUE_COLUMNS]
        ).append(pd.MultiIndex.from_product([["total"], wiod.TOTAL_ROWS, wiod.VALUE_COLUMNS]))
        values = pd.Series(0.0, index=grid)
        for (origin, row), cells in SYNTHETIC_CELLS.items():
            for column, value in cells.items():
                values[(origin, row, column)] = value * scale
        frame = values.rename("value_usd_millions").rename_axis(["origin", "row", "column"])
        frames.append(frame.reset_index().assign(year=year))
    return pd.concat(frames, ignore_index=True)[wiod.LONG_COLUMNS]


def synthetic_labels() -> pd.DataFrame:
    return pd.DataFrame(
        {"axis": "row", "code": list(wiod.INDUSTRIES), "description": list(wiod.INDUSTRIES)}
    ).assign(description=lambda d: "Industry " + d["description"])


def test_synthetic_wiod_industry_year():
    out = gvc.wiod_industry_year(synthetic_niot({2010: 1.0, 2011: 2.0}), synthetic_labels())
    assert list(out.columns) == gvc.INDUSTRY_YEAR_COLUMNS
    assert len(out) == 2 * 56 and not out.duplicated(["industry", "year"]).any()
    assert out["industry"].iloc[:4].tolist() == ["A01", "A01", "A02", "A02"]  # WIOD order
    rows = out.set_index(["industry", "year"])
    for year, scale in ((2010, 1), (2011, 2)):
        a01, c26, g46 = rows.loc[("A01", year)], rows.loc[("C26", year)], rows.loc[("G46", year)]
        assert (a01["exports_usd_millions"], a01["imports_usd_millions"]) == (
            50 * scale,
            15 * scale,
        )
        assert (c26["exports_usd_millions"], c26["imports_usd_millions"]) == (
            100 * scale,
            55 * scale,
        )
        assert c26["balance_usd_millions"] == 45 * scale
        assert c26["total_trade_usd_millions"] == 155 * scale
        assert a01["normalised_balance"] == pytest.approx(35 / 65)
        assert c26["normalised_balance"] == pytest.approx(45 / 155)
        assert g46["normalised_balance"] == -1
        assert a01["balance_share_of_total_trade"] == pytest.approx(35 / 230)
        assert g46["balance_share_of_total_trade"] == pytest.approx(-10 / 230)
        assert a01["import_content_of_exports_share"] == pytest.approx(IMPORT_CONTENT["A"])
        assert c26["import_content_of_exports_share"] == pytest.approx(IMPORT_CONTENT["B"])
        assert c26["direct_imported_input_share"] == pytest.approx(0.1)
        assert a01["national_import_content_of_exports_share"] == pytest.approx(NATIONAL)
        assert math.isnan(g46["import_content_of_exports_share"])
        assert math.isnan(rows.loc[("C10-C12", year), "normalised_balance"])  # no trade
    assert rows.loc[("C26", 2010), "industry_name"] == "Industry C26"
    assert out.loc[out["is_goods"], "industry"].unique().tolist() == list(gvc.GOODS_INDUSTRIES)
    assert gvc.GOODS_INDUSTRIES[0] == "A01" and gvc.GOODS_INDUSTRIES[-1] == "C33"
    assert len(gvc.GOODS_INDUSTRIES) == 23
    assert set(out["reporter_side"]) == {"own"}


def test_synthetic_wiod_industry_year_needs_every_label():
    labels = synthetic_labels()
    labels = labels[labels["code"] != "C26"]
    with pytest.raises(InputDataError, match=r"wiod_niot_labels.*column 'code'.*C26"):
        gvc.wiod_industry_year(synthetic_niot({2010: 1.0}), labels)


# --- synthetic: US-China HS6 trade mapped to WIOD industries ---------------------------------
#
# Key: H3 maps 010111 to A03 and H4 to A01 (a row of edition H4 must use H4). HS4 8517 maps
# to C26 only, so the HS2022 code 851713 (not in the key) falls back to C26 when asked; 8471
# mixes C26 and C28, so 847199 (not in the key) stays unmapped; 999999 has no industry.
KEY = [
    ("H3", "010111", "A03"),
    ("H3", "851712", "C26"),
    ("H4", "010111", "A01"),
    ("H4", "620342", "C13-C15"),
    ("H4", "851711", "C26"),
    ("H4", "851712", "C26"),
    ("H4", "851762", "C26"),
    ("H4", "847130", "C26"),
    ("H4", "847150", "C28"),
    ("H4", "999999", None),
]
# (year, edition): {flow: {hs6: USD millions}}; the TOTAL row is the sum of the HS6 rows.
# 2016: China exports (US imports CIF) 10 + 100 + 40 + 5 = 155, imports (US exports) 50.
# 2018: exports 120 + 30 + 8 (not in key) = 158; imports 25 + 6 (999999) = 31.
# 2023: exports 90 (851713) + 10 + 20 = 120 (customs value 85 + 9 + 19 = 113); imports 42.
TRADE = {
    (2016, "H4"): {
        "imports_cif": {"010111": 10, "851712": 100, "620342": 40, "999999": 5},
        "exports_fob": {"010111": 30, "851712": 20},
    },
    (2018, "H5"): {
        "imports_cif": {"851712": 120, "620342": 30, "847199": 8},
        "exports_fob": {"010111": 25, "999999": 6},
    },
    (2023, "H6"): {
        "imports_cif": {"851713": 90, "851712": 10, "620342": 20},
        "imports_customs_value": {"851713": 85, "851712": 9, "620342": 19},
        "exports_fob": {"010111": 40, "847199": 2},
    },
}


def synthetic_trade() -> pd.DataFrame:
    rows = []
    for (year, vintage), flows in TRADE.items():
        for flow, codes in flows.items():
            rows.append((year, flow, "TOTAL", "TOTAL", vintage, sum(codes.values())))
            chapters: dict[str, float] = {}
            for code, value in codes.items():
                rows.append((year, flow, "HS6", code, vintage, value))
                chapters[code[:2]] = chapters.get(code[:2], 0) + value
            rows += [(year, flow, "HS2", c, vintage, v) for c, v in chapters.items()]
    frame = pd.DataFrame(
        rows, columns=["year", "flow", "level", "product_code", "hs_vintage", "value_usd"]
    )
    frame["value_usd"] = frame["value_usd"] * 1e6
    return frame.assign(reporter_iso3="USA", partner_iso3="CHN", reporter_side="own")


def synthetic_key() -> pd.DataFrame:
    return pd.DataFrame(KEY, columns=["comtrade_classification", "hs6", "wiod_code"])


def synthetic_wiod_table() -> pd.DataFrame:
    """Import content = base + 0.01 (year - 2010): mean over 2010-2014 = base + 0.02."""
    bases = {"A01": 0.05, "A03": 0.04, "C13-C15": 0.10, "C26": 0.25, "C28": 0.15}
    rows = [
        (code, f"Industry {code}", year, True, base + 0.01 * (year - 2010))
        for code, base in bases.items()
        for year in range(2008, 2015)
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "industry",
            "industry_name",
            "year",
            "is_goods",
            "import_content_of_exports_share",
        ],
    )
    return frame.assign(direct_imported_input_share=frame["import_content_of_exports_share"] / 2)


def china_us(**options):
    arguments = {
        "sector_trade": synthetic_trade(),
        "hs6_to_wiod": synthetic_key(),
        "wiod_year_table": synthetic_wiod_table(),
        "years": [2016, 2018, 2023],
        "intensity_years": range(2010, 2015),
    }
    arguments.update(options)
    return gvc.china_us_wiod_industry(**arguments)


def test_synthetic_china_us_dataset():
    dataset, _ = china_us()
    assert list(dataset.columns) == gvc.CHINA_US_COLUMNS
    # industries receiving mapped trade, WIOD order; A03 never (2016 uses the H4 key)
    assert dataset["industry"].unique().tolist() == ["A01", "C13-C15", "C26"]
    rows = dataset.set_index(["industry", "year"])
    expected = {  # (China's exports, China's imports), USD millions
        ("A01", 2016): (10, 30),
        ("C26", 2016): (100, 20),
        ("C13-C15", 2016): (40, 0),
        ("C26", 2018): (120, 0),
        ("A01", 2018): (0, 25),
        ("C26", 2023): (10, 0),  # 851713 is not in the key
        ("A01", 2023): (0, 40),
    }
    for key, (exports, imports) in expected.items():
        assert rows.loc[key, "exports_usd_millions"] == pytest.approx(exports)
        assert rows.loc[key, "imports_usd_millions"] == pytest.approx(imports)
    assert rows.loc[("A01", 2016), "balance_usd_millions"] == pytest.approx(-20)
    assert rows.loc[("A01", 2016), "normalised_balance"] == pytest.approx(-0.5)
    assert rows.loc[("C26", 2016), "normalised_balance"] == pytest.approx(80 / 120)
    # balance over all US-China trade of the year, unmapped included: 155 + 50
    assert rows.loc[("C26", 2016), "balance_share_of_total_trade"] == pytest.approx(80 / 205)
    assert rows.loc[("C26", 2016), "import_content_of_exports_share"] == pytest.approx(0.27)
    assert rows.loc[("A01", 2023), "direct_imported_input_share"] == pytest.approx(0.035)
    assert rows.loc[("C26", 2018), "hs_vintage"] == "H5"
    assert set(dataset["intensity_years"]) == {"2010-2014"}
    assert set(dataset["reporter_side"]) == {"mirror"}
    assert set(dataset["import_valuation"]) == {"cif"}


def test_synthetic_china_us_coverage():
    _, coverage = china_us()
    table = coverage.set_index(["year", "china_flow"])
    assert table.loc[(2016, "exports"), "same_edition_usd_millions"] == pytest.approx(150)
    assert table.loc[(2016, "exports"), "no_wiod_industry_usd_millions"] == pytest.approx(5)
    assert table.loc[(2016, "exports"), "mapped_share"] == pytest.approx(150 / 155)
    assert table.loc[(2018, "exports"), "key_edition"] == "H4"
    assert table.loc[(2018, "exports"), "earlier_edition_usd_millions"] == pytest.approx(150)
    assert table.loc[(2018, "exports"), "not_in_key_usd_millions"] == pytest.approx(8)
    assert table.loc[(2018, "imports"), "mapped_share"] == pytest.approx(25 / 31)
    assert table.loc[(2018, "total_trade"), "total_usd_millions"] == pytest.approx(189)
    assert table.loc[(2018, "total_trade"), "unmapped_usd_millions"] == pytest.approx(14)
    assert table.loc[(2023, "exports"), "mapped_share"] == pytest.approx(30 / 120)
    assert table.loc[(2023, "exports"), "largest_unmapped_hs6"] == "851713 (not_in_key) 90"
    assert (table["not_in_hs6_detail_usd_millions"].abs() < 1e-9).all()


def test_synthetic_china_us_hs4_fallback_and_customs_value():
    dataset, coverage = china_us(hs4_fallback=True)
    rows = dataset.set_index(["industry", "year"])
    assert rows.loc[("C26", 2023), "exports_usd_millions"] == pytest.approx(100)
    table = coverage.set_index(["year", "china_flow"])
    assert table.loc[(2023, "exports"), "hs4_unique_industry_usd_millions"] == pytest.approx(90)
    # 8471 mixes C26 and C28: no fallback
    assert table.loc[(2023, "imports"), "not_in_key_usd_millions"] == pytest.approx(2)
    dataset, _ = china_us(import_flow="imports_customs_value", years=[2023], hs4_fallback=True)
    rows = dataset.set_index(["industry", "year"])
    assert rows.loc[("C26", 2023), "exports_usd_millions"] == pytest.approx(94)
    assert set(dataset["import_valuation"]) == {"customs_value"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"years": [2014]}, r"'years': \[2014\] not in the US-China trade table"),
        ({"years": "2016"}, r"'years': '2016' is not a list of years"),
        ({"intensity_years": [2009, 2015]}, r"'intensity_years': \[2015\] not in the WIOD"),
        ({"import_flow": "imports_fob"}, r"'import_flow': 'imports_fob' is not one of"),
        ({"import_flow": "imports_customs_value"}, r"'import_flow': 2016: imports_customs_value"),
    ],
)
def test_synthetic_china_us_bad_arguments(options, message):
    with pytest.raises(ValueError, match=message):
        china_us(**options)


def test_synthetic_china_us_bad_input():
    key = pd.concat([synthetic_key(), synthetic_key().iloc[[2]]], ignore_index=True)
    with pytest.raises(InputDataError, match=r"hs6_to_wiod.*duplicate key.*010111"):
        china_us(hs6_to_wiod=key)
    key = synthetic_key().replace({"C28": "C99"})
    with pytest.raises(InputDataError, match=r"hs6_to_wiod.*'wiod_code'.*'C99' is not one"):
        china_us(hs6_to_wiod=key)
    trade = synthetic_trade()
    trade.loc[(trade["year"] == 2018) & (trade["product_code"] == "847199"), "hs_vintage"] = "H4"
    with pytest.raises(InputDataError, match=r"year 2018 mixes HS editions \['H4', 'H5'\]"):
        china_us(sector_trade=trade)
    with pytest.raises(InputDataError, match=r"column 'value_usd'.*not found"):
        china_us(sector_trade=synthetic_trade().drop(columns="value_usd"))
    trade = synthetic_trade()
    trade = trade[~((trade["year"] == 2016) & (trade["level"] == "TOTAL"))]
    with pytest.raises(InputDataError, match=r"year=2016.*one TOTAL row per year and flow"):
        china_us(sector_trade=trade)


# --- the real tables ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wiod_panel(processed) -> pd.DataFrame:
    niot = pd.read_parquet(processed / "wiod_niot_chn.parquet")
    labels = pd.read_parquet(processed / "wiod_niot_labels.parquet")
    return gvc.wiod_industry_year(niot, labels)


@pytest.fixture(scope="module")
def china_us_real(processed, wiod_panel):
    trade = pd.read_parquet(processed / "sector_trade_us_china_comtrade.parquet")
    key = pd.read_parquet(processed / "hs6_to_wiod.parquet")
    years = range(2015, 2026)
    result = gvc.china_us_wiod_industry(trade, key, wiod_panel, years, range(2010, 2015))
    return trade, result


def test_real_national_import_content_matches_sources(wiod_panel, shared_data):
    """SOURCES.md: 16.7% (2000), 24.1% (2007), 18.3% (2009), 16.9% (2014); the curator's
    derived file has six decimals."""
    national = wiod_panel.groupby("year")["national_import_content_of_exports_share"].first()
    assert national[[2000, 2007, 2009, 2014]].round(3).tolist() == [0.167, 0.241, 0.183, 0.169]
    totals = pd.read_csv(shared_data / FOLDER / TOTALS_FILE).set_index("year")
    assert national.index.tolist() == list(range(2000, 2015))
    np.testing.assert_allclose(national, totals["import_content_share_all_exports"], atol=1e-6)
    exports = wiod_panel.groupby("year")["exports_usd_millions"].sum()
    np.testing.assert_array_equal(exports, totals["exports_usd_million"])


def test_real_import_content_by_industry_matches_the_derived_file(wiod_panel, shared_data):
    derived = pd.read_csv(shared_data / FOLDER / BY_INDUSTRY_FILE)
    both = wiod_panel.merge(
        derived, left_on=["industry", "year"], right_on=["wiod_code", "year"], validate="1:1"
    )
    assert len(both) == 840
    pairs = [
        ("import_content_of_exports_share", "import_content_of_exports_vs_share"),
        ("direct_imported_input_share_x", "direct_imported_input_share_y"),
        ("domestic_va_content_share_x", "domestic_va_content_share_y"),
    ]
    for ours, theirs in pairs:
        np.testing.assert_allclose(both[ours], both[theirs], atol=1e-6, equal_nan=True)
    content = wiod_panel["import_content_of_exports_share"]
    total = content + wiod_panel["domestic_va_content_share"]
    assert total.dropna().between(0.9, 1.0).all()
    assert content.isna().sum() == 9 * 15  # the nine zero-output industries


def test_real_wiod_panel(wiod_panel):
    assert len(wiod_panel) == 56 * 15
    assert not wiod_panel.duplicated(["industry", "year"]).any()
    year_2014 = wiod_panel[wiod_panel["year"] == 2014].set_index("industry")
    goods = year_2014[year_2014["is_goods"]]
    assert len(goods) == 23
    assert goods["exports_usd_millions"].sum() / 1000 == pytest.approx(2_021, abs=1)
    assert goods["import_content_of_exports_share"].idxmax() == "C26"
    assert goods.at["C26", "import_content_of_exports_share"] == pytest.approx(0.2788, abs=1e-4)
    # shares of the year's total trade add up to total balance / total trade
    shares = year_2014["balance_share_of_total_trade"].sum()
    total = year_2014["balance_usd_millions"].sum() / year_2014["total_trade_usd_millions"].sum()
    assert shares == pytest.approx(total)
    assert year_2014["normalised_balance"].dropna().between(-1, 1).all()


def test_real_china_us_coverage_and_totals(china_us_real):
    trade, (dataset, coverage) = china_us_real
    table = coverage.set_index(["year", "china_flow"])
    assert (table["not_in_hs6_detail_usd_millions"].abs() < 1e-5).all()  # HS6 adds up to TOTAL
    # HS2012 years: every code is in the key; what is unmapped is 999999 and the like
    assert table.loc[(2015, "total_trade"), "not_in_key_usd_millions"] == 0
    assert table.loc[(2015, "total_trade"), "mapped_share"] == pytest.approx(0.964, abs=1e-3)
    assert table.loc[(2022, "total_trade"), "mapped_share"] == pytest.approx(0.829, abs=1e-3)
    assert table.loc[(2022, "exports"), "largest_unmapped_hs6"].startswith("851713 (not_in_key)")
    # mapped balance + unmapped balance = the TOTAL rows' balance, every year
    exports = table.xs("exports", level="china_flow")
    imports = table.xs("imports", level="china_flow")
    mapped_balance = dataset.groupby("year")["balance_usd_millions"].sum()
    unmapped = exports["unmapped_usd_millions"] - imports["unmapped_usd_millions"]
    totals = trade[trade["level"] == "TOTAL"].pivot(
        index="year", columns="flow", values="value_usd"
    )
    balance = (totals["imports_cif"] - totals["exports_fob"]) / 1e6
    np.testing.assert_allclose(mapped_balance + unmapped, balance, atol=1e-6)
    assert set(dataset["reporter_side"]) == {"mirror"}
    c26 = dataset.set_index(["industry", "year"]).loc[("C26", 2019)]
    assert c26["import_content_of_exports_share"] == pytest.approx(0.3116, abs=1e-4)
    assert c26["exports_usd_millions"] / 1000 == pytest.approx(147.8, abs=0.1)
