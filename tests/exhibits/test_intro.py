"""Introduction and news numbers (C01-C06, N01-N04): hand-checked context table and claims."""

from __future__ import annotations

import copy
import math
import re

import pandas as pd
import pytest

import row_lineage
from chinatrade import i18n, lineage
from chinatrade.exhibits import intro
from chinatrade.replication import CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS
from i18n_check import CJK

INTRO_CLAIMS = ["C01", "C02", "C03", "C04", "C05", "C06", "N01", "N02", "N03", "N04"]

SPEC = {
    "china": "CHN",
    "usa": "USA",
    "world": "WORLD",
    "surplus_cny": {"claim": "C01", "year": 2019, "currency": "CNY", "check_years": [2018]},
    "surplus_share_of_gdp": {
        "claims": {"C02": 2018, "C03": 2019},
        "primary": {"balance": "customs_transcribed", "gdp": "weo"},
    },
    "other_goods_balances": {"year": 2018, "claims": {"C04": "IND", "C05": "BRA"}},
    "current_account": {"claim": "C06", "year": 2018},
    "exports_half_year": {
        "year": 2019,
        "months": [1, 2, 3, 4, 5, 6],
        "claims": {"to_us": "N01", "to_rest_of_world": "N02"},
    },
    "manufactured_surplus": {"claim": "N03", "year": 2018},
    "phase_one": {
        "claim": "N04",
        "baseline_year": 2017,
        "years": [2020, 2021],
        "commitment_usd_billions": 200,
    },
    "source_labels": {
        "customs": "China Customs",
        "dots": "IMF DOTS",
        "weo": "IMF WEO",
        "wdi": "WDI",
        "wdi_merchandise": "WDI merchandise",
        "customs_press": "China Customs as quoted in press pages",
        "fx": "H.10",
        "census": "US Census",
    },
    "vintages": {
        "customs": "pages",
        "dots": "2022",
        "weo": "Oct 2025",
        "wdi": "2024",
        "wdi_merchandise": "2025",
        "customs_press": "press pages",
        "fx": "2026",
        "census": "2023",
    },
}


def synthetic_tables() -> dict[str, pd.DataFrame]:
    """Small tables with round numbers (answers in the tests below); each row's raw file is
    "synthetic_<table>", but DOTS's are "dots_<year>"."""
    totals = pd.DataFrame(
        {
            "reporter": "CHN",
            "year": [2018, 2019],
            "flow": "balance",
            "trade_mode": "all",
            "is_partial_year": False,
            "value_usd_100m": [3000.0, 4000.0],  # 300 and 400 billion USD
            "value_cny_100m": [20000.0, math.nan],  # 2.0 trillion CNY in 2018 only
        }
    )
    dots_rows = []
    for year, world_x, world_m, us_x in ((2018, 2e6, 1.7e6, 5e5), (2019, 2.1e6, 1.7e6, 4e5)):
        dots_rows += [
            ("CHN", "WORLD", year, "exports_fob", world_x),
            ("CHN", "WORLD", year, "imports_cif", world_m),
            ("CHN", "USA", year, "exports_fob", us_x),
        ]
    dots = pd.DataFrame(
        dots_rows, columns=["reporter_iso3", "partner_code", "year", "flow", "value_usd_millions"]
    )
    dots[lineage.COLUMN] = "dots_" + dots.year.astype(str)
    weo = pd.DataFrame(
        [
            ("CHN", 2018, "NGDPD", 10_000.0, math.nan),
            ("CHN", 2019, "NGDPD", 16_000.0, math.nan),
            ("CHN", 2018, "BCA", 50.0, math.nan),
            ("CHN", 2018, "BCA_NGDPD", math.nan, 0.5),
            ("IND", 2018, "BCA_NGDPD", math.nan, -2.0),
            ("IND", 2018, "NGDPD", 2_000.0, math.nan),
            ("BRA", 2018, "BCA_NGDPD", math.nan, -3.0),
            ("BRA", 2018, "NGDPD", 1_500.0, math.nan),
        ],
        columns=["iso3", "year", "concept", "value_usd_billions", "value_percent"],
    )
    wdi = pd.DataFrame(
        {
            "iso3": ["CHN", "CHN", "IND", "BRA"],
            "year": [2018, 2019, 2018, 2018],
            "gdp_usd": [12e12, 20e12, 2e12, 1.5e12],
        }
    )
    # India: 300 - 440 = -140 bn USD (-7% of 2,000); Brazil: 240 - 195 = +45 (3% of 1,500)
    merchandise = pd.DataFrame(
        {
            "iso3": ["IND", "BRA", "IND"],
            "year": [2018, 2018, 2019],
            "merchandise_exports_usd": [300e9, 240e9, 1e9],
            "merchandise_imports_usd": [440e9, 195e9, 1e9],
            "merchandise_balance_usd": [-140e9, 45e9, 0.0],
        }
    )
    fx = pd.DataFrame({"currency": "CNY", "year": [2018, 2019], "units_per_usd": [6.5, 7.0]})
    # press-release check values: the 2018 surplus in CNY only (none for 2019)
    press = pd.DataFrame(
        {
            "year": [2018, 2018],
            "period": ["1-12", "1-12"],
            "indicator": ["trade surplus", "exports"],
            "value_usd_100m": [math.nan, math.nan],
            "value_cny_100m": [20000.0, 150000.0],
            "source_publisher": ["a press page", "a press page"],
        }
    )
    monthly = pd.DataFrame(
        [
            (year, month, "CHN", 10.0 if year == 2018 else 8.0)
            for year in (2018, 2019)
            for month in range(1, 13)
        ],
        columns=["year", "month", "partner_iso3", "imports_general_customs_usd_millions"],
    )
    annual = pd.DataFrame(
        {
            "year": [2017, 2020, 2021],
            "partner_iso3": "CHN",
            "exports_fas_usd_millions": [100_000.0, 90_000.0, 130_000.0],
        }
    )
    return row_lineage.synthetic(
        {
            intro.TOTALS_TABLE: totals,
            intro.DOTS_TABLE: dots,
            intro.WEO_TABLE: weo,
            intro.WDI_TABLE: wdi,
            intro.MERCHANDISE_TABLE: merchandise,
            intro.PRESS_TABLE: press,
            intro.FX_TABLE: fx,
            intro.CENSUS_MONTHLY_TABLE: monthly,
            intro.CENSUS_ANNUAL_TABLE: annual,
        }
    )


def raw_files(main: pd.DataFrame, claim_id: str, **match: object) -> str:
    """The raw_file_ids of the one row of ``claim_id`` matching ``match``."""
    rows = main[main.claim_id == claim_id]
    for column, wanted in match.items():
        rows = rows[rows[column] == wanted]
    assert len(rows) == 1, (claim_id, match)
    return rows[lineage.COLUMN].iloc[0]


def value(main: pd.DataFrame, claim_id: str, **match: object) -> float:
    rows = main[main.claim_id == claim_id]
    for column, wanted in match.items():
        rows = rows[rows[column] == wanted]
    assert len(rows) == 1, (claim_id, match)
    return float(rows.value.iloc[0])


@pytest.fixture()
def synthetic_main() -> pd.DataFrame:
    return intro.compute(synthetic_tables(), SPEC)["main"]


def test_surplus_in_cny_converts_where_no_cny_figure(synthetic_main):
    # 2019: 400 billion USD x 7.0 = 2.8 trillion CNY (no CNY figure published)
    assert value(synthetic_main, "C01", is_claim_value=True) == pytest.approx(2.8)
    # 2018 (check year): the published CNY figure is kept beside the conversion
    assert value(synthetic_main, "C01", period="2018", variant="reported by China Customs") == 2.0
    assert value(
        synthetic_main, "C01", period="2018", variant="USD balance x H.10 rate"
    ) == pytest.approx(300 * 6.5 / 1000)


def test_surplus_in_cny_from_the_press_check_values_before_converting():
    """Where a press page quotes China Customs' CNY balance of the claim year and no official
    page gives it, the quoted figure is our value; the conversion stays beside it."""
    spec = copy.deepcopy(SPEC)
    spec["surplus_cny"].update(year=2018, check_years=[2019])
    tables = synthetic_tables()
    tables[intro.TOTALS_TABLE] = tables[intro.TOTALS_TABLE].assign(value_cny_100m=math.nan)
    main = intro.compute(tables, spec)["main"]
    assert value(main, "C01", is_claim_value=True) == 2.0
    chosen = main[(main.claim_id == "C01") & main.is_claim_value.astype(bool)]
    assert list(chosen.variant) == [intro.PRESS_VARIANT]
    assert "a press page" in chosen.definition.iloc[0]
    assert value(main, "C01", period="2018", variant="USD balance x H.10 rate") == (
        pytest.approx(1.95)
    )
    claim = intro.claims({"main": main}, spec).set_index("claim_id").loc["C01"]
    assert "as a press page quotes it" in claim["explanation"]


def test_surplus_share_of_gdp_every_variant(synthetic_main):
    assert value(synthetic_main, "C02", is_claim_value=True) == pytest.approx(3.0)  # 300/10000
    assert value(synthetic_main, "C03", is_claim_value=True) == pytest.approx(2.5)  # 400/16000
    # DOTS balance 2018 = 2.0e6 - 1.7e6 USD mn = 300 bn; WDI GDP 12,000 bn -> 2.5%
    assert value(synthetic_main, "C02", variant="dots_china_reported / wdi") == pytest.approx(2.5)
    assert (synthetic_main.query("claim_id == 'C02'").is_claim_value.sum()) == 1


def test_current_account_and_context(synthetic_main):
    assert value(synthetic_main, "C06", is_claim_value=True) == 0.5
    assert value(synthetic_main, "C06", variant="WEO BCA / NGDPD") == pytest.approx(0.5)
    assert value(synthetic_main, "C04", indicator=intro.CONTEXT_CURRENT_ACCOUNT) == -2.0


def test_other_goods_balances_from_wdi_merchandise_trade(synthetic_main):
    """C04/C05: merchandise exports - imports (WDI) over WDI GDP, not the WEO's GDP."""
    assert value(synthetic_main, "C04", is_claim_value=True) == pytest.approx(-7.0)
    assert value(synthetic_main, "C05", is_claim_value=True) == pytest.approx(3.0)
    assert value(synthetic_main, "C04", indicator="merchandise balance") == pytest.approx(-140.0)
    assert value(synthetic_main, "C05", indicator="GDP, current prices", variant="weo") == 1500
    c04 = synthetic_main[synthetic_main.claim_id == "C04"]
    assert set(c04[c04.is_claim_value].reporter_iso3) == {"IND"}
    assert set(c04[c04.is_claim_value].source) == {"WDI merchandise"}


def test_half_year_mirror_and_full_year_context(synthetic_main):
    # US imports from China: 6 x 10 -> 6 x 8 = -20%
    assert value(synthetic_main, "N01", is_claim_value=True) == pytest.approx(-20.0)
    # China-reported full year: to the US 500 -> 400 bn (-20%); rest 1500 -> 1700 (+13.33%)
    assert value(synthetic_main, "N02") == pytest.approx(100 * (1700 / 1500 - 1))
    n01 = synthetic_main[synthetic_main.claim_id == "N01"]
    assert set(n01[n01.is_claim_value].reporter_side) == {"mirror"}


def test_phase_one_goods_over_baseline(synthetic_main):
    # (90 - 100) + (130 - 100) = 20 billion USD
    assert value(synthetic_main, "N04", is_claim_value=True) == pytest.approx(20.0)


def test_every_row_names_the_raw_files_of_its_values(synthetic_main):
    """A value names the files of the rows it was read from, a computed one those of all its
    inputs (a balance and a rate, a balance and a GDP, two years)."""
    conversion = raw_files(synthetic_main, "C01", period="2019", variant="USD balance x H.10 rate")
    assert conversion == "synthetic_china_trade_totals_transcribed; synthetic_fx_fed_h10"
    share = raw_files(synthetic_main, "C02", variant="dots_china_reported / wdi")
    assert share == "dots_2018; synthetic_gdp_wdi"
    assert raw_files(synthetic_main, "N02") == "dots_2018; dots_2019"
    assert raw_files(synthetic_main, "N01", is_claim_value=True) == (
        "synthetic_census_us_trade_partners_monthly"
    )
    assert raw_files(synthetic_main, "N04", is_claim_value=True) == (
        "synthetic_census_us_trade_partners_annual"
    )
    known = {"dots_2018", "dots_2019", *(f"synthetic_{name}" for name in intro.TABLES)}
    lineage.check("INTRO", "main", synthetic_main, known)


def test_a_value_not_in_the_table_names_the_files_it_was_looked_for_in():
    """Without China's 2018 DOTS rows the 2018 conversion of the DOTS balance is missing; its
    row names the files of China's DOTS rows (the 2019 file) and the rate's."""
    tables = synthetic_tables()
    dots = tables[intro.DOTS_TABLE]
    tables[intro.DOTS_TABLE] = dots[dots.year != 2018]
    main = intro.compute(tables, SPEC)["main"]
    match = {"period": "2018", "variant": "IMF DOTS USD balance x H.10 rate"}
    assert math.isnan(value(main, "C01", **match))
    assert raw_files(main, "C01", **match) == "dots_2019; synthetic_fx_fed_h10"


def test_claims_on_synthetic_data(synthetic_main):
    table = intro.claims({"main": synthetic_main}, SPEC)
    assert list(table.columns) == [*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS]
    assert sorted(table.claim_id) == INTRO_CLAIMS
    by_id = table.set_index("claim_id")
    assert by_id.loc["C01", "our_value"] == pytest.approx(2.8)
    assert by_id.loc["C01", "unit"] == "trillion CNY"
    for not_computable in ("N02", "N03", "N04"):
        assert math.isnan(by_id.loc[not_computable, "our_value"])
    assert by_id.loc["C04", "our_value"] == pytest.approx(-7.0)
    assert by_id.loc["C05", "our_value"] == pytest.approx(3.0)
    assert by_id.loc["C05", "unit"] == "percent"
    assert "balance-of-payments goods balance" in by_id.loc["C05", "explanation"]
    assert "FOB" in by_id.loc["C05", "definition"] and "CIF" in by_id.loc["C05", "definition"]
    # a commitment, not data: no statement to hold, the text says what the data show
    assert by_id.loc["N04", "satisfied"] is None
    assert "commitment" in by_id.loc["N04", "our_text"] and "20.0" in by_id.loc["N04", "our_text"]
    # C02/C03: the other balances and GDP vintages beside the headline
    assert "dots_china_reported / wdi" in by_id.loc["C02", "alternatives"]
    assert by_id.loc["N01", "reporter_side"] == "mirror"
    assert table.explanation.str.len().gt(20).all()


@pytest.mark.parametrize(
    ("change", "named_key"),
    [
        (lambda s: s["surplus_cny"].update(year=1990), "surplus_cny.year"),
        (lambda s: s["surplus_cny"].update(currency="XXX"), "surplus_cny.currency"),
        (lambda s: s["surplus_share_of_gdp"]["claims"].update(C02=1950), "claims.C02"),
        (lambda s: s["surplus_share_of_gdp"]["primary"].update(gdp="pwt"), "primary.gdp"),
        (lambda s: s["other_goods_balances"]["claims"].update(C04="XXX"), "claims.C04"),
        (lambda s: s["other_goods_balances"].update(year=2030), "other_goods_balances.year"),
        (lambda s: s["current_account"].update(year=2030), "current_account.year"),
        (lambda s: s["exports_half_year"].update(months=[0, 13]), "exports_half_year.months"),
        (lambda s: s["exports_half_year"].update(year=2030), "exports_half_year.year"),
        (lambda s: s["phase_one"].update(years=[2020, 2030]), "phase_one.years"),
        (lambda s: s["phase_one"].pop("baseline_year"), "phase_one.baseline_year"),
        (lambda s: s.update(china="XXX"), "china"),
    ],
)
def test_bad_spec_names_the_key(change, named_key):
    spec = copy.deepcopy(SPEC)
    change(spec)
    with pytest.raises(ValueError, match=named_key.replace(".", r"\.")):
        intro.compute(synthetic_tables(), spec)


# ----------------------------------------------------------------------------- real tables


@pytest.fixture(scope="module")
def real_main(project, processed) -> pd.DataFrame:
    return intro.compute(row_lineage.real(project, processed, intro.TABLES), SPEC)["main"]


def test_real_values_match_sources_md(real_main):
    # series/SOURCES.md: H.10 CNY 2018 = 6.6090; bilateral/SOURCES.md: WEO China 2018 = 14,111.0
    rate = value(real_main, "C01", period="2018", indicator="H.10 annual average rate, CNY per USD")
    assert rate == pytest.approx(6.609)
    assert value(real_main, "C02", variant="weo") == pytest.approx(14_111.0, abs=0.1)
    # China Customs 2018: 2.33 trillion CNY; USD 351.76 bn x 6.609 agrees within 1%
    converted = value(real_main, "C01", period="2018", variant="USD balance x H.10 rate")
    assert converted == pytest.approx(2.33, rel=0.01)
    # WEO: BCA_NGDPD = 100 BCA / NGDPD (rounding)
    assert value(real_main, "C06", is_claim_value=True) == pytest.approx(
        value(real_main, "C06", variant="WEO BCA / NGDPD"), abs=0.01
    )


def test_real_rows_name_their_raw_files(real_main):
    """Manifest ids: China's DOTS balance the China workbook, the conversion of China Customs'
    balance the transcribed totals and the H.10 file, the half-year change Census's file."""
    assert raw_files(real_main, "C02", variant="dots_china_reported") == "dots_workbook_chn"
    conversion = raw_files(real_main, "C01", period="2018", variant="USD balance x H.10 rate")
    assert conversion == (
        "china_trade_totals_and_by_mode_transcribed; "
        "fed_h10_exchange_rates_annual_datasets_exchange_rates"
    )
    assert raw_files(real_main, "N01", is_claim_value=True) == "census_country"


def test_real_claims_cover_every_id(real_main):
    table = intro.claims({"main": real_main}, SPEC)
    assert sorted(table.claim_id) == INTRO_CLAIMS
    assert table.set_index("claim_id").loc["N04", "satisfied"] is None


def test_real_other_goods_balances(real_main):
    """WDI 2018: India (324.778 - 514.464) / 2,702.93 = -7.02 %; Brazil (231.890 - 192.840)
    / 1,916.93 = 2.04 % (the study's 2.8 is near the IMF BoP goods balance)."""
    assert value(real_main, "C04", is_claim_value=True) == pytest.approx(-7.018, abs=0.001)
    assert value(real_main, "C05", is_claim_value=True) == pytest.approx(2.037, abs=0.001)


# ----------------------------------------------------------------------------- Chinese (zh)


@pytest.mark.parametrize("source", ["synthetic", "real"])
def test_chinese_claims(source, request):
    main = (
        intro.compute(synthetic_tables(), SPEC)["main"]
        if source == "synthetic"
        else request.getfixturevalue("real_main")
    )
    english = intro.claims({"main": main}, SPEC)
    with i18n.language("zh"):
        chinese = intro.claims({"main": main}, SPEC)
    same = ["claim_id", "our_value", "satisfied", "unit", "source", "reporter_side", "definition"]
    pd.testing.assert_frame_equal(chinese[same], english[same])
    for column in ("our_text", "explanation"):
        for text, original in zip(chinese[column], english[column], strict=True):
            assert not i18n.untranslated_words(text), (column, text)
            if re.search("[A-Za-z]{3}", original):  # numbers alone stay numbers
                assert CJK.search(text), (column, text)
    by_id = chinese.set_index("claim_id")
    assert by_id.loc["N03", "our_text"] == "无法计算"
    assert "印度" in by_id.loc["C04", "our_text"]  # the economy by name, not its ISO3 code
