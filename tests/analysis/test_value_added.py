"""Trade in value added (Leontief, VAX, exports by source of value added): small tables solved
by hand, then the identities on the real WIOD 2013 world tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chinatrade.analysis import value_added as va
from chinatrade.ingest import valueadded

# --- synthetic: two countries (H, F) x two industries, solved by hand -----------------------
#
# Rows and columns H1, H2, F1, F2. Intermediate use: H2 -> H1 10, F2 -> H1 20, H1 -> F1 40.
# Final use (to H, to F): H1 (30, 30), H2 (40, 0), F1 (50, 150), F2 (20, 40).
# Output = row sums: x = (40 + 60, 10 + 40, 200, 20 + 60) = (100, 50, 200, 80).
# A = Z / x: A[H2,H1] = 0.1, A[F2,H1] = 0.2, A[H1,F1] = 40/200 = 0.2; every other entry 0.
# v = 1 - column sums of A = (0.7, 1, 0.8, 1); value added v * x = (70, 50, 160, 80):
# H 120, F 240.
# A has no cycle (H2, F2 -> H1 -> F1), so A^3 = 0 and L = I + A + A^2, with
# A^2[H2,F1] = 0.1 * 0.2 = 0.02 and A^2[F2,F1] = 0.2 * 0.2 = 0.04.
# Output needed for H's final demand f_H = (30, 40, 50, 20):
#   L f_H = (30 + 0.2*50, 40 + 0.1*30 + 0.02*50, 50, 20 + 0.2*30 + 0.04*50) = (40, 44, 50, 28)
# and for F's, f_F = (30, 0, 150, 40): L f_F = (30 + 30, 3 + 3, 150, 40 + 6 + 6) = (60, 6, 150, 52)
# (the two add up to x). VAX = v * (L f) summed by country:
#   VAX[H,H] = 0.7*40 + 44 = 72    VAX[H,F] = 0.7*60 + 6 = 48     (row sum 120 = H's VA)
#   VAX[F,H] = 0.8*50 + 28 = 68    VAX[F,F] = 0.8*150 + 52 = 172  (row sum 240 = F's VA)
# Gross exports H -> F = 40 (H1 -> F1) + 30 (H1 final to F) = 70; F -> H = 20 + 50 + 20 = 90.
# H's balance with F: gross 70 - 90 = -20, value added 48 - 68 = -20: with two countries the
# bilateral balance is the whole balance (GDP 120 - final demand 140), in either measure.
# H's exports to F, e = (70, 0, 0, 0): L e = 70 x column H1 of L = (70, 7, 0, 14), times v =
# (49, 7, 0, 14): H's own value added 56, F's 14 (20%), sum 70.
# F's exports to H, e = (0, 0, 50, 40): L e = 50 x (0.2, 0.02, 1, 0.04) + 40 x (0, 0, 0, 1) =
# (10, 1, 50, 42), times v = (7, 1, 40, 42): H's value added coming back 8, F's 82, sum 90.


def two_by_two() -> va.WorldTable:
    z = np.zeros((4, 4))
    z[1, 0], z[3, 0], z[0, 2] = 10, 20, 40
    final = np.array([[30, 30], [40, 0], [50, 150], [20, 40]], dtype=float)
    return va.WorldTable(2010, ("H", "F"), ("1", "2"), z, final)


def test_two_countries_two_industries_solved_by_hand():
    table = two_by_two()
    model = va.leontief(table)
    assert table.output.tolist() == [100, 50, 200, 80]
    assert model.value_added_coefficients == pytest.approx([0.7, 1, 0.8, 1])
    expected_inverse = np.eye(4)
    expected_inverse[1, 0], expected_inverse[3, 0], expected_inverse[0, 2] = 0.1, 0.2, 0.2
    expected_inverse[1, 2], expected_inverse[3, 2] = 0.02, 0.04
    assert model.inverse == pytest.approx(expected_inverse)
    vax = va.value_added_exports(table, model)
    assert vax.to_numpy() == pytest.approx(np.array([[72, 48], [68, 172]]))
    assert va.gross_exports(table).at["H", "F"] == 70
    assert va.gross_exports(table).at["F", "H"] == 90
    balance = va.bilateral_balances(table, model, "H", ["F"]).iloc[0]
    assert balance["gross_balance_usd_millions"] == pytest.approx(-20)
    assert balance["va_balance_usd_millions"] == pytest.approx(-20)
    assert balance["foreign_va_share_of_exports"] == pytest.approx(0.2)
    by_source = va.exports_by_source(table, model, "F", "H").set_index("source_country")
    assert by_source["value_added_usd_millions"].tolist() == pytest.approx([8, 82])


# --- synthetic: three countries, one industry each: Japan's parts in China's exports ---------
#
# C (China), J (Japan), U (US). J sells 30 of parts to C; C sells 100 to U's final demand and
# 50 to its own; J 70 to its own; U 200 to its own and 20 to C's. x = (150, 100, 220).
# A[J,C] = 30/150 = 0.2, v = (0.8, 1, 1), L = I + A (A^2 = 0): L[J,C] = 0.2.
# VAX[C,U] = 0.8 x 100 = 80 (China's value added in the US's final demand); VAX[J,U] =
# 0.2 x 100 = 20 (Japan's, through China); VAX[U,C] = 20.
# China's balance with the US: gross 100 - 20 = 80, value added 80 - 20 = 60; Japan's: gross 0,
# value added 20. China's exports to the US by source: China 80, Japan 20 (foreign 20%).


def chain() -> va.WorldTable:
    z = np.zeros((3, 3))
    z[1, 0] = 30
    final = np.array([[50, 0, 100], [0, 70, 0], [20, 0, 200]], dtype=float)
    return va.WorldTable(2010, ("C", "J", "U"), ("all",), z, final)


def test_three_countries_value_added_balance_differs_from_gross():
    table = chain()
    model = va.leontief(table)
    balances = va.bilateral_balances(table, model, "C", ["U", "J"]).set_index("partner")
    assert balances.at["U", "gross_balance_usd_millions"] == pytest.approx(80)
    assert balances.at["U", "va_balance_usd_millions"] == pytest.approx(60)
    assert balances.at["U", "foreign_va_share_of_exports"] == pytest.approx(0.2)
    assert balances.at["J", "gross_balance_usd_millions"] == pytest.approx(-30)
    assert balances.at["J", "va_balance_usd_millions"] == pytest.approx(0 - 10)  # VAX[J,C] = 10
    vax = va.value_added_exports(table, model)
    assert vax.at["J", "U"] == pytest.approx(20)
    by_source = va.exports_by_source(table, model, "C", "U").set_index("source_country")
    assert by_source["value_added_usd_millions"].tolist() == pytest.approx([80, 20, 0])


def test_an_economy_does_not_export_to_itself():
    with pytest.raises(ValueError, match="does not export to itself"):
        va.bilateral_exports(chain(), "C", "C")


def test_a_zero_output_industry_has_no_coefficients():
    table = va.WorldTable(2010, ("C", "J", "U"), ("all",), np.zeros((3, 3)), np.diag([1.0, 0, 2]))
    model = va.leontief(table)
    assert model.value_added_coefficients.tolist() == [1, 1, 1]
    assert np.isfinite(model.inverse).all()


def test_inputs_into_an_industry_without_output_are_refused():
    z = np.zeros((3, 3))
    z[0, 1] = 5.0  # J uses C's product but nothing uses J's
    with pytest.raises(ValueError, match="J all uses intermediate inputs but its output"):
        va.leontief(va.WorldTable(2010, ("C", "J", "U"), ("all",), z, np.diag([1.0, 0, 2])))


def test_world_table_from_long_cells_sums_the_final_uses():
    cells = pd.DataFrame(
        {
            "year": 2010,
            "supplier_country": ["J", "C", "C", "U"],
            "supplier_industry": ["all"] * 4,
            "user_country": ["C", "U", "U", "U"],
            "use": ["all", "CONS_h", "GFCF", "CONS_h"],
            "value_usd_millions": [30.0, 60.0, 40.0, 200.0],
        }
    )
    table = va.world_table(cells, 2010, ("C", "J", "U"), ("all",), ("CONS_h", "GFCF"))
    assert table.intermediate[1, 0] == 30 and table.intermediate.sum() == 30
    assert table.final[0, 2] == 100 and table.final[2, 2] == 200
    with pytest.raises(ValueError, match="year 2011 is not in"):
        va.world_table(cells, 2011, ("C", "J", "U"), ("all",), ("CONS_h", "GFCF"))
    with pytest.raises(ValueError, match="supplier_country 'U' is not one of"):
        va.world_table(cells, 2010, ("C", "J", "X"), ("all",), ("CONS_h", "GFCF"))


def test_a_table_of_the_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="need Z"):
        va.WorldTable(2010, ("C", "J"), ("all",), np.zeros((3, 3)), np.zeros((3, 2)))


# --- the real WIOD 2013 world tables: identities -------------------------------------------


@pytest.fixture(scope="module")
def real_tables(shared_data):
    files = [shared_data / f"valueadded/original/wiod2013_wiot_{y}.RData" for y in (2000, 2011)]
    cells, output = valueadded.read_wiots(files)
    tables = {
        year: va.world_table(
            cells, year, valueadded.COUNTRIES, valueadded.INDUSTRIES, valueadded.FINAL_USES
        )
        for year in (2000, 2011)
    }
    return tables, output


@pytest.fixture(scope="module")
def real_models(real_tables):
    return {year: va.leontief(table) for year, table in real_tables[0].items()}


@pytest.mark.parametrize("year", [2000, 2011])
def test_real_vax_rows_are_value_added_and_columns_final_demand(real_tables, real_models, year):
    table = real_tables[0][year]
    vax = va.value_added_exports(table, real_models[year])
    value_added = table.by_country(table.value_added)
    assert vax.sum(axis=1).to_numpy() == pytest.approx(value_added, rel=1e-6)
    assert vax.sum(axis=0).to_numpy() == pytest.approx(table.final.sum(axis=0), rel=1e-6)
    # China's value added (GDP at basic prices) 2011, the model's and the file's output
    output = real_tables[1]
    reported = output[output.year == year]["output_usd_millions"].to_numpy()
    from_reported = table.by_country(reported - table.intermediate.sum(axis=0))
    china = valueadded.COUNTRIES.index("CHN")
    assert value_added[china] == pytest.approx(from_reported[china], rel=2e-3)


@pytest.mark.parametrize("year", [2000, 2011])
def test_real_exports_by_source_add_up_to_gross_exports(real_tables, real_models, year):
    table, model = real_tables[0][year], real_models[year]
    gross = va.gross_exports(table)
    for partner in [c for c in valueadded.COUNTRIES if c != "CHN"]:
        by_source = va.exports_by_source(table, model, "CHN", partner)
        total = by_source["value_added_usd_millions"].sum()
        assert total == pytest.approx(gross.at["CHN", partner], rel=1e-6), partner
        assert (by_source["value_added_usd_millions"] > -1e-6).all(), partner
    assert gross.at["CHN", "USA"] / 1000 == pytest.approx(74.5 if year == 2000 else 412.8, abs=0.05)


def test_real_china_us_value_added_balance_below_gross(real_tables, real_models):
    """2011: the value-added surplus with the US is below the gross one (foreign value added,
    Japan's, Korea's and Taiwan's among it, sits in China's exports to the US)."""
    table, model = real_tables[0][2011], real_models[2011]
    balance = va.bilateral_balances(table, model, "CHN", ["USA"]).iloc[0]
    assert balance["gross_balance_usd_millions"] / 1000 == pytest.approx(237.5, abs=0.05)
    assert balance["va_balance_usd_millions"] / 1000 == pytest.approx(196.2, abs=0.05)
    assert 0.1 < balance["foreign_va_share_of_exports"] < 0.4
