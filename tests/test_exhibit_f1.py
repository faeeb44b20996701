"""F1 on small synthetic tables whose answers are known by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade.exhibits import f1

SPEC = {
    "reporter": "CHN",
    "partners": ["USA", "KOR"],
    "partner_groups": {},
    "partner_labels": {"USA": "United States", "KOR": "Korea"},
    "first_year": 2000,
    "transcribed_first_year": 2002,
    "source_label": "DOTS",
    "mirror_source_label": "Census",
    "transcribed_source_label": "Customs",
    "vintage": "synthetic",
    "source_note": "synthetic",
    "growth": {"first_year": 2000, "last_year": 2001, "claims": {"USA": "C07"}},
}


def synthetic_tables():
    dots = []
    for year, (us_x, us_m, kr_x, kr_m) in {
        2000: (100, 40, 10, 30),
        2001: (121, 40, 12, 30),
    }.items():
        for partner, x, m in (("USA", us_x, us_m), ("KOR", kr_x, kr_m)):
            dots.append(("CHN", partner, year, "exports_fob", float(x)))
            dots.append(("CHN", partner, year, "imports_cif", float(m)))
    bilateral = pd.DataFrame(
        dots, columns=["reporter_iso3", "partner_code", "year", "flow", "value_usd_millions"]
    )
    census = pd.DataFrame(
        {
            "partner_iso3": ["CHN", "CHN", "JPN"],
            "year": [2000, 2002, 2000],
            "complete_year": [True, True, True],
            "exports_fas_usd_millions": [16.0, 20.0, 5.0],
            "imports_general_customs_usd_millions": [100.0, 150.0, 9.0],
            "balance_usd_millions": [-84.0, -130.0, -4.0],
        }
    )
    transcribed = pd.DataFrame(
        {
            "partner": ["KOR", "KOR", "USA"],
            "year": [2002, 2002, 2002],
            "is_partial_year": [False, False, False],
            "flow": ["exports", "imports", "balance"],
            "value_usd_100m": [1.5, 2.0, 0.9],
            "status": ["reported", "reported", "reported_rounded"],
        }
    )
    return {
        "bilateral_dots": bilateral,
        "census_us_trade_partners_annual": census,
        "china_bilateral_transcribed": transcribed,
    }


def test_three_reporter_sides_kept_apart():
    main = f1.compute(synthetic_tables(), SPEC)["main"]
    own = main[main.source == "DOTS"].set_index(["partner", "year"])
    assert own.loc[("USA", 2001), "balance_usd_millions"] == 81.0
    mirror = main[main.reporter_side == "mirror"].set_index("year")
    # China's surplus with the US as the US reports it: US imports - US exports
    assert mirror.loc[2000, "balance_usd_millions"] == 84.0
    assert mirror.loc[2000, "china_exports_usd_millions"] == 100.0
    assert set(mirror.reported_by) == {"USA"}
    customs = main[main.source == "Customs"].set_index("partner")
    assert customs.loc["KOR", "balance_usd_millions"] == pytest.approx(-50.0)  # (1.5-2)*100
    assert customs.loc["USA", "balance_usd_millions"] == pytest.approx(90.0)
    # exact exports - imports where both are released, else the (rounded) released balance
    assert customs.loc["KOR", "status"] == "exports - imports"
    assert customs.loc["USA", "status"] == "balance as released: reported_rounded"


def test_growth_and_claims():
    results = f1.compute(synthetic_tables(), SPEC)
    growth = results["growth"].set_index("partner")
    assert growth.loc["USA", "growth_compound_pct_per_year"] == pytest.approx(35.0)  # 60 -> 81
    claims = f1.claims(results, SPEC)
    assert list(claims.claim_id) == ["C07"]
    assert claims.iloc[0]["our_value"] == pytest.approx(35.0)
    assert claims.iloc[0]["unit"] == "percent per year"


def test_plot_draws(tmp_path):
    figure = f1.plot(f1.compute(synthetic_tables(), SPEC), SPEC)
    assert figure.axes[0].get_ylabel() == "Balance, USD billion"
