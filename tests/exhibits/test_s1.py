"""S1: section XVI's share of China's exports to and surplus with the US, on known numbers."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import row_lineage
from chinatrade import lineage, sections, texts
from chinatrade.exhibits import s1
from chinatrade.exhibits.s1 import caption
from chinatrade.replication import CLAIM_COLUMNS
from i18n_check import (
    with_texts,
)

BN = 1e9
S1_CLAIMS = [f"C{n}" for n in range(32, 45)]


def synthetic_sections() -> pd.DataFrame:
    """Four HS sections, enough to label the synthetic trade."""
    return pd.DataFrame(
        {
            "section_no": [1, 11, 16, 20],
            "section_roman": ["I", "XI", "XVI", "XX"],
            "section_name_en": [
                "Live animals; animal products",
                "Textiles and textile articles",
                "Machinery and mechanical appliances; electrical equipment; parts thereof",
                "Miscellaneous manufactured articles",
            ],
        }
    )


def synthetic_trade() -> pd.DataFrame:
    """US-reported trade with China, USD, with the answers worked out by hand.

    2018, US imports CIF: I 15, XI 15, XVI 50, XX 20 (total 100); US exports: I 30, XVI 10
    (total 40). China's surplus 60, of which XVI 40 (66.7%); XVI is 50% of exports.
    2019, US imports CIF: I 10, XI 10, XVI 40, XX 20 (total 80); customs value: XVI 36,
    others as CIF (total 76); US exports: I 10, XVI 10 (total 20).
    Each row's raw file is ``comtrade_<year>_<code>``: a made-up file per year and section.
    """
    values = {
        (2018, "imports_cif"): {1: 15, 11: 15, 16: 50, 20: 20},
        (2018, "exports_fob"): {1: 30, 16: 10},
        (2019, "imports_cif"): {1: 10, 11: 10, 16: 40, 20: 20},
        (2019, "imports_customs_value"): {1: 10, 11: 10, 16: 36, 20: 20},
        (2019, "exports_fob"): {1: 10, 16: 10},
    }
    rows = []
    for (year, flow), by_section in values.items():
        for section, value in by_section.items():
            rows.append((year, flow, "section", f"{section:02d}", value * BN))
        rows.append((year, flow, "TOTAL", "TOTAL", sum(by_section.values()) * BN))
    trade = pd.DataFrame(rows, columns=["year", "flow", "level", "product_code", "value_usd"])
    trade["reporter_iso3"] = "USA"
    trade["hs_vintage"] = "H5"
    trade[lineage.COLUMN] = "comtrade_" + trade["year"].astype(str) + "_" + trade["product_code"]
    return trade


def synthetic_china_totals() -> pd.DataFrame:
    """China-reported totals for 2018 only (2019 missing on purpose)."""
    return pd.DataFrame(
        {
            "year": [2018, 2018],
            "flow": ["exports_fob", "imports_cif"],
            "value_usd": [90 * BN, 30 * BN],
            "source": "synthetic China-reported",
        }
    )


def synthetic_regime() -> pd.DataFrame:
    """All-goods exports by regime aggregate, USD 100 million."""
    return pd.DataFrame(
        {
            "year": 2018,
            "is_partial_year": False,
            "flow": "exports",
            "regime_code": ["total", "processing_total_AGG", "non_ordinary_AGG", "ordinary"],
            "value_usd_100m": [1000.0, 300.0, 450.0, 550.0],
            "method": "reported",
            "source": "synthetic GACC",
        }
    ).assign(**{lineage.COLUMN: lambda d: "regime_" + d["regime_code"]})


def synthetic_dots() -> pd.DataFrame:
    """China-reported trade with Japan and Korea, USD millions."""
    return pd.DataFrame(
        {
            "reporter_iso3": "CHN",
            "partner_code": ["JPN", "JPN", "KOR", "KOR"],
            "year": 2018,
            "flow": ["exports_fob", "imports_cif"] * 2,
            "value_usd_millions": [100_000.0, 130_000.0, 50_000.0, 90_000.0],
            lineage.COLUMN: ["dots_JPN", "dots_JPN", "dots_KOR_exports", "dots_KOR_imports"],
        }
    )


def synthetic_tables() -> dict[str, pd.DataFrame]:
    return row_lineage.synthetic(
        {
            s1.SECTOR_TABLE: synthetic_trade(),
            s1.CHINA_TOTALS_TABLE: synthetic_china_totals(),
            s1.SECTIONS_TABLE: synthetic_sections(),
            s1.REGIME_TABLE: synthetic_regime(),
            s1.DOTS_TABLE: synthetic_dots(),
        }
    )


def synthetic_spec(**changes) -> dict:
    spec = {
        "title": "Section XVI in China's trade with the US",
        "focus_section": 16,
        "first_year": 2018,
        "last_year": 2019,
        "claim_year": 2018,
        "import_flow": "imports_cif",
        "variant_import_flows": ["imports_customs_value"],
        "top_n": 2,
        "top_years": [2018, 2019],
        "claim_top_sections": [16, 20, 11],
        "tariff_events": {2018: "tariffs"},
        "section_short_names": {16: "Machinery, electrical", "20": "Misc. manufactures"},
        "regime_context": {"year": 2018},
        "partner_context": {"reporter": "CHN", "partners": ["JPN", "KOR"], "year": 2018},
        "source_label": "synthetic Comtrade, US-reported",
        "vintage": "synthetic",
        "source_note": "Source: synthetic.",
    }
    spec.update(changes)
    return with_texts(spec)


@pytest.fixture()
def results():
    return s1.compute(synthetic_tables(), synthetic_spec())


def test_focus_section_shares_and_levels(results):
    main = results["main"].set_index(["import_valuation", "year"])
    cif_2018 = main.loc[("cif", 2018)]
    assert cif_2018["china_exports_to_us_usd_billions"] == pytest.approx(50)
    assert cif_2018["china_surplus_usd_billions"] == pytest.approx(40)
    assert cif_2018["share_of_exports_pct"] == pytest.approx(50)
    assert cif_2018["share_of_surplus_pct"] == pytest.approx(100 * 40 / 60)
    assert cif_2018["section_label"] == "XVI Machinery, electrical"
    # China-reported totals beside the mirror, and their ratio
    assert cif_2018["china_reported_surplus_usd_billions"] == pytest.approx(60)
    assert cif_2018["mirror_to_china_reported_exports_ratio"] == pytest.approx(100 / 90)
    assert math.isnan(main.loc[("cif", 2019), "china_reported_exports_to_us_usd_billions"])
    assert cif_2018["mirror_reporter_side"] == "mirror"
    assert cif_2018["china_reported_reporter_side"] == "own"


def test_customs_value_variant_only_where_published(results):
    main = results["main"]
    customs = main[main["import_valuation"] == "customs_value"]
    assert list(customs["year"]) == [2019]
    row = customs.iloc[0]
    assert row["share_of_exports_pct"] == pytest.approx(100 * 36 / 76)
    assert row["china_surplus_usd_billions"] == pytest.approx(26)


def test_sections_table_shares_ranks_and_zero_fill(results):
    sections = results["sections"]
    cif_2018 = sections[(sections.import_valuation == "cif") & (sections.year == 2018)]
    assert cif_2018["share_of_exports_pct"].sum() == pytest.approx(100)
    assert cif_2018["share_of_surplus_pct"].sum() == pytest.approx(100)
    by_no = cif_2018.set_index("section_no")
    # XX had no US exports: a zero, not a missing value
    assert by_no.loc[20, "china_imports_from_us_usd_billions"] == 0
    assert by_no.loc[1, "china_surplus_usd_billions"] == pytest.approx(-15)
    assert by_no.loc[16, "rank_by_exports"] == 1
    # a section without a short name gets the first clause of its WCO heading
    assert by_no.loc[1, "section_short_name"] == "Live animals"
    assert set(sections["reporter_side"]) == {"mirror"}


def test_top_sections_cumulative(results):
    top = results["top_sections"]
    assert list(top.groupby("year").size()) == [2, 2]
    top_2018 = top[top.year == 2018]
    assert list(top_2018["section_no"]) == [16, 20]
    assert list(top_2018["cumulative_share_of_exports_pct"]) == pytest.approx([50, 70])


def test_context_tables(results):
    regime = results["regime_context"].set_index("regime_code")
    assert regime.loc["processing_total_AGG", "share_of_exports_pct"] == pytest.approx(30)
    assert regime.loc["non_ordinary_AGG", "share_of_exports_pct"] == pytest.approx(45)
    partners = results["partner_context"].set_index("partner")
    assert partners.loc["JPN", "balance_usd_billions"] == pytest.approx(-30)
    assert partners.loc["KOR", "balance_usd_billions"] == pytest.approx(-40)


def test_every_row_names_its_raw_files(results):
    tables = synthetic_tables()
    known = {
        i for table in tables.values() for v in table[lineage.COLUMN] for i in lineage.split(v)
    }
    for name, table in results.items():
        lineage.check("S1", name, table, known)
    main = results["main"].set_index(["import_valuation", "year"])[lineage.COLUMN]
    # the section's rows, the year's totals, the section's names, China's own totals
    reported, names = "synthetic_china_us_totals_comtrade_chn_reported", "synthetic_hs_sections"
    assert lineage.split(main[("cif", 2018)]) == sorted(
        ["comtrade_2018_16", "comtrade_2018_TOTAL", names, reported]
    )
    # 2019 has no China-reported totals: the row names the table they were looked for in
    assert reported in lineage.split(main[("customs_value", 2019)])
    top = results["top_sections"].set_index(["year", "section_no"])[lineage.COLUMN]
    assert "comtrade_2019_20" in lineage.split(top[(2019, 20)])
    regime = results["regime_context"].set_index("regime_code")[lineage.COLUMN]
    assert regime["processing_total_AGG"] == "regime_processing_total_AGG; regime_total"
    partners = results["partner_context"].set_index("partner")[lineage.COLUMN]
    assert list(partners) == ["dots_JPN", "dots_KOR_exports; dots_KOR_imports"]


def test_a_section_without_rows_names_the_years_section_rows():
    """A section absent from Comtrade in a year traded zero: it names where it was looked for."""
    tables = synthetic_tables()
    labels = sections.section_labels(tables[s1.SECTIONS_TABLE], None)
    trade = tables[s1.SECTOR_TABLE]
    trade = trade[(trade["year"] == 2018) & (trade["product_code"] != "11")]
    by_section = sections.section_trade(trade, labels, "imports_cif", 2018, 2018)
    textiles = by_section.set_index("section_no").loc[11]
    assert textiles["china_exports_to_us_usd"] == 0
    assert lineage.split(textiles[lineage.COLUMN]) == [
        "comtrade_2018_01",
        "comtrade_2018_16",
        "comtrade_2018_20",
        "comtrade_2018_TOTAL",
        "synthetic_hs_sections",
    ]


def test_context_tables_are_optional():
    spec = synthetic_spec()
    del spec["regime_context"], spec["partner_context"]
    tables = synthetic_tables()
    del tables[s1.REGIME_TABLE], tables[s1.DOTS_TABLE]
    results = s1.compute(tables, spec)
    assert "regime_context" not in results and "partner_context" not in results
    claims = s1.claims(results, spec)
    assert list(claims["claim_id"]) == S1_CLAIMS


def test_claims_every_id_and_values(results):
    claims = s1.claims(results, synthetic_spec())
    assert list(claims.columns) == CLAIM_COLUMNS
    assert list(claims["claim_id"]) == S1_CLAIMS
    by_id = claims.set_index("claim_id")
    assert by_id.loc["C32", "our_value"] == pytest.approx(50)
    assert by_id.loc["C33", "our_value"] == pytest.approx(50)
    assert by_id.loc["C34", "our_value"] == pytest.approx(40)
    assert by_id.loc["C35", "our_value"] == pytest.approx(100 * 40 / 60)
    assert by_id.loc["C40", "our_value"] == pytest.approx(50 + 20 + 15)
    for claim_id in ["C36", "C37", "C38", "C39", "C41", "C42", "C43", "C44"]:
        assert math.isnan(by_id.loc[claim_id, "our_value"])
        assert by_id.loc[claim_id, "explanation"].startswith("Needs")
    assert "-30.0 bn" in by_id.loc["C36", "explanation"]
    assert "30.0% (customs definition)" in by_id.loc["C43", "explanation"]
    assert by_id.loc["C32", "reporter_side"] == "mirror"
    assert by_id.loc["C41", "unit"] == "100 million USD"
    assert by_id["satisfied"].isna().all()


VINTAGE = "UN Comtrade annual HS data pulled with comtradr 1.0.5"


def test_vintage_follows_the_years_of_the_data():
    """The vintage's span is the years of the table: a year fewer changes it."""
    vintage = texts.exhibit_text("S1", "en")["vintage"]
    spec = synthetic_spec(vintage=vintage)
    results = s1.compute(synthetic_tables(), spec)
    assert caption.values(results, spec) == {"first": 2018, "last": 2019}
    claims = s1.claims(results, spec).set_index("claim_id")
    assert claims.loc["C32", "vintage"] == (
        f"{VINTAGE} (2018-2019; 2025 first release); HS edition H5 in 2018"
    )
    spec = synthetic_spec(vintage=vintage, last_year=2018, top_years=[2018])
    results = s1.compute(synthetic_tables(), spec)
    assert caption.values(results, spec) == {"first": 2018, "last": 2018}
    claims = s1.claims(results, spec).set_index("claim_id")
    assert claims.loc["C32", "vintage"].startswith(f"{VINTAGE} (2018-2018;")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("focus_section", 23),
        ("last_year", 2030),
        ("first_year", 2000),
        ("claim_year", 2017),
        ("import_flow", "imports_customs_value"),  # not published in 2018
        ("variant_import_flows", ["imports_fob"]),
        ("top_years", [2030]),
        ("claim_top_sections", [16, 99]),
        ("top_n", 0),
        ("regime_context", {"year": 2030}),
        ("partner_context", {"reporter": "CHN", "partners": ["XXX"], "year": 2018}),
    ],
)
def test_bad_spec_names_the_key(key, value):
    with pytest.raises(ValueError, match=f"'{key}'"):
        s1.compute(synthetic_tables(), synthetic_spec(**{key: value}))


def test_unknown_section_short_name():
    with pytest.raises(ValueError, match="section_short_names"):
        s1.compute(synthetic_tables(), synthetic_spec(section_short_names={30: "x"}))


def test_plot_has_two_panels(results):
    fig = s1.plot(results, synthetic_spec())
    assert len(fig.axes) == 2
    assert "XVI Machinery, electrical" in fig.axes[0].get_legend().get_title().get_text()
    plt.close(fig)


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real_results(project, processed):
    names = [s1.SECTOR_TABLE, s1.CHINA_TOTALS_TABLE, s1.SECTIONS_TABLE, s1.REGIME_TABLE]
    tables = row_lineage.real(project, processed, names)
    spec = synthetic_spec(first_year=2015, last_year=2025, top_n=3, top_years=[2018, 2025])
    del spec["partner_context"]
    return s1.compute(tables, spec)


def test_real_2018_section_xvi_matches_sources_md(real_results):
    """SOURCES.md (sector): 2018 XVI 275.5 bn CIF, 48.9%; surplus 248.4 bn, 56.1% of 443.1."""
    main = real_results["main"].set_index(["import_valuation", "year"])
    row = main.loc[("cif", 2018)]
    assert row["china_exports_to_us_usd_billions"] == pytest.approx(275.5, abs=0.05)
    assert row["share_of_exports_pct"] == pytest.approx(48.9, abs=0.05)
    assert row["china_surplus_usd_billions"] == pytest.approx(248.4, abs=0.05)
    assert row["total_surplus_usd_billions"] == pytest.approx(443.1, abs=0.05)
    assert row["share_of_surplus_pct"] == pytest.approx(56.1, abs=0.05)
    # China-reported totals (SOURCES.md): exports 479.28, surplus 323.26 bn
    assert row["china_reported_exports_to_us_usd_billions"] == pytest.approx(479.28, abs=0.01)
    assert row["china_reported_surplus_usd_billions"] == pytest.approx(323.26, abs=0.01)
    assert main.loc[("cif", 2017), "china_surplus_usd_billions"] == pytest.approx(237.2, abs=0.05)
    assert main.loc[("cif", 2019), "china_surplus_usd_billions"] == pytest.approx(196.1, abs=0.05)
    # customs value of all US imports from China, 2019: 452.2 bn (SOURCES.md, = Census)
    customs = main.loc[("customs_value", 2019), "total_exports_to_us_usd_billions"]
    assert customs == pytest.approx(452.2, abs=0.05)


def test_real_rows_name_comtrade_files_by_year(real_results):
    """Each year's mirror rows name the .rds of that year (2015-2021, 2022-2024, 2025), the
    sections' names file and China's own totals (looked for in 2024-2025, which it lacks)."""
    main = real_results["main"].set_index(["import_valuation", "year"])[lineage.COLUMN]
    names_and_own = ["dmk041218_tradedata_china_usa", "hs_sections_22"]
    assert lineage.split(main[("cif", 2018)]) == [*names_and_own, "nikhilm2009_us_china"]
    assert lineage.split(main[("cif", 2024)]) == [*names_and_own, "nikhilm2009_us_china_2022_24"]
    regime = real_results["regime_context"]
    assert set(regime[lineage.COLUMN]) == {"gacc_en_customs_regime_2019_12"}


def test_real_vintage_names_todays_years(real_results, tmp_path):
    """On the default data the vintage reads as it did before its years were computed, from
    the computed tables and from their CSV."""
    spec = synthetic_spec(vintage=texts.exhibit_text("S1", "en")["vintage"])
    assert caption.values(real_results, spec) == {"first": 2015, "last": 2025}
    real_results["main"].to_csv(tmp_path / "main.csv", index=False)
    written = {"main": pd.read_csv(tmp_path / "main.csv")}
    assert caption.values(written, spec) == {"first": 2015, "last": 2025}
    claims = s1.claims(real_results, spec).set_index("claim_id")
    assert claims.loc["C32", "vintage"] == (
        f"{VINTAGE} (2015-2025; 2025 first release); HS edition H5 in 2018"
    )


def test_real_top_three_sections_2018(real_results):
    top = real_results["top_sections"]
    assert list(top.loc[top.year == 2018, "section_no"]) == [16, 20, 11]


def test_real_sections_add_up_to_the_total(real_results):
    sections = real_results["sections"]
    sums = sections.groupby(["import_valuation", "year"])["share_of_exports_pct"].sum()
    assert sums.to_numpy() == pytest.approx(100)


def test_short_chinese_section_names():
    assert sections.derived_short_name_zh("植物产品") == "植物产品"
    # items past 16 characters are left out, the name ends in 等
    assert sections.derived_short_name_zh("食品；饮料、酒及醋；烟草、烟草及烟草代用品的制品") == (
        "食品、饮料、酒及醋、烟草等"
    )
    machinery = "机器、机械器具、电气设备及其零件；录音机及放声机、电视图像、声音的录制和重放设备"
    assert sections.derived_short_name_zh(machinery) == "机器、机械器具、电气设备及其零件等"
    # a table without Chinese names gives none (the labels then come from the catalogue)
    assert sections.section_names_zh(synthetic_sections()) == {}
