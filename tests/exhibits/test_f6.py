"""F6: exports to the US vs direct investment in the US as shares, on numbers known by hand
and on the canonical tables (values stated in ../shared/data/*/SOURCES.md)."""

from __future__ import annotations

import copy
import math

import pandas as pd
import pytest

import row_lineage
from chinatrade import captions, figures, i18n, lineage, texts
from chinatrade.exhibits import f6
from chinatrade.exhibits.f6 import caption
from chinatrade.replication import CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS
from i18n_check import figure_texts, filled_text, with_texts

SPEC = with_texts(
    {
        "first_year": 2000,
        "last_year": 2004,
        "countries": ["JPN", "KOR"],
        "country_names": {"JPN": "Japan", "KOR": "Korea"},
        "partner": "USA",
        "partner_label": "the US",
        "exports": {
            "flow": "exports_fob",
            "total": "WORLD",
            "label": "Exports to the US, % of exports",
            "source_label": "IMF DOTS, own",
            "vintage": "DOTS 2022 (data to {exports_last})",
        },
        "fdi": {
            "position_measure": "fdi_in_us",
            "total_measure": "ewn_fdi_assets",
            "total_partner": "WORLD",
            "label": "FDI position in the US, % of outward position",
        },
        "summary_periods": {"early": [2000, 2001], "all": [2000, 2004]},
        "show_check_values": True,
        "claims": {
            "C49": {
                "statement": "period_mean",
                "country": "JPN",
                "series": "exports_share",
                "first_year": 2000,
                "last_year": 2003,
            },
            "C51": {
                "statement": "below",
                "country": "JPN",
                "series": "exports_share",
                "threshold_pct": 26,
                "first_year": 2001,
            },
            "C52": {
                "statement": "above",
                "country": "JPN",
                "series": "fdi_share",
                "threshold_pct": 35,
            },
            "C53": {
                "statement": "period_peak",
                "country": "JPN",
                "series": "fdi_share",
                "first_year": 2000,
                "last_year": 2001,
            },
        },
        "source_note": "Source: synthetic.",
    }
)


def synthetic_dots() -> pd.DataFrame:
    """Japan's exports to the US 30, 20, 25, 10, (missing); to the world 100, 100, 100, 50,
    100: shares 30, 20, 25, 20, gap. Korea: 10 of 40 every year (25%)."""
    rows = []
    japan_us = [30.0, 20.0, 25.0, 10.0, None]
    japan_world = [100.0, 100.0, 100.0, 50.0, 100.0]
    for i, year in enumerate(range(2000, 2005)):
        rows.append(("JPN", "USA", year, "exports_fob", japan_us[i]))
        rows.append(("JPN", "WORLD", year, "exports_fob", japan_world[i]))
        rows.append(("JPN", "USA", year, "imports_cif", 999.0))  # another flow: ignored
        rows.append(("KOR", "USA", year, "exports_fob", 10.0))
        rows.append(("KOR", "WORLD", year, "exports_fob", 40.0))
    table = pd.DataFrame(
        rows, columns=["reporter_iso3", "partner_code", "year", "flow", "value_usd_millions"]
    )
    return table.assign(
        imf_estimate=False,
        reporter_side="own",
        source="IMF DOTS",
        raw_file_ids="dots_" + table["reporter_iso3"].str.lower(),  # a workbook per reporter
    )


def synthetic_positions() -> pd.DataFrame:
    """Japan in the US (BEA file 2002-2004): 40, 30, (D); Japan's outward total (EWN) 100 in
    2000-2004: shares 40, 30, gap. Korea in the US 5 in 2002-2004 over 50: 10%."""
    rows = []
    for year, value in {2002: 40.0, 2003: 30.0, 2004: None}.items():
        flag = "reported" if value is not None else "suppressed"
        rows.append(("fdi_in_us", "JPN", "USA", year, value, flag))
        rows.append(("fdi_in_us", "KOR", "USA", year, 5.0, "reported"))
    for year in range(2000, 2005):
        rows.append(("ewn_fdi_assets", "JPN", "WORLD", year, 100.0, "reported"))
        rows.append(("ewn_fdi_assets", "KOR", "WORLD", year, 50.0, "reported"))
    table = pd.DataFrame(
        rows,
        columns=[
            "measure",
            "investor_iso3",
            "host_iso3",
            "year",
            "position_usd_millions",
            "value_flag",
        ],
    )
    is_ewn = table["measure"].str.startswith("ewn")
    return table.assign(
        valuation_basis=is_ewn.map({True: "market_or_mixed", False: "historical_cost"}),
        source=is_ewn.map({True: "EWN (2022)", False: "BEA FDIUS (July-2020 release)"}),
        source_file="positions.csv",
        raw_file_ids=is_ewn.map({True: "ewn", False: "fdius"}),
    )


def synthetic_checks() -> pd.DataFrame:
    """A transcribed BEA Japan-in-US value for 2001 (50) and for 2003 (33)."""
    return pd.DataFrame(
        {
            "series": ["FDIUS position (page)", "FDIUS position (page)"],
            "investor_iso3": ["JPN", "JPN"],
            "host_iso3": ["USA", "USA"],
            "year": [2001, 2003],
            "value_usd_millions": [50.0, 33.0],
            "comparable_measure": ["fdi_in_us", "fdi_in_us"],
            "check_file": "checks.csv",
            "source_url": "https://example.org",
            "note": "",
        }
    )


CHECKS_ID = "synthetic_fdi_check_values"


def synthetic_tables() -> dict[str, pd.DataFrame]:
    """The canonical tables as the exhibit job loads them, each row naming its raw files."""
    return row_lineage.synthetic(
        {
            "bilateral_dots": synthetic_dots(),
            "fdi_positions": synthetic_positions(),
            "fdi_check_values": synthetic_checks(),
        }
    )


@pytest.fixture()
def results():
    return f6.compute(synthetic_tables(), SPEC)


def share(results, country, series):
    main = results["main"]
    rows = main[(main["country_iso3"] == country) & (main["series"] == series)]
    return rows.set_index("year")


# --- synthetic ----------------------------------------------------------------------------


def test_export_shares_by_hand(results):
    japan = share(results, "JPN", "exports_share")
    assert list(japan["share_pct"].iloc[:4]) == pytest.approx([30, 20, 25, 20])
    assert math.isnan(japan.loc[2004, "share_pct"])  # missing exports: a gap
    assert japan.loc[2004, "numerator_flag"] == "missing"
    assert set(japan["reporter_side"]) == {"own"}
    assert japan["valuation_consistent"].all()
    assert share(results, "KOR", "exports_share")["share_pct"].eq(25).all()


def test_fdi_shares_by_hand(results):
    japan = share(results, "JPN", "fdi_share")
    assert japan.loc[2002, "share_pct"] == pytest.approx(40)
    assert japan.loc[2003, "share_pct"] == pytest.approx(30)
    # suppressed numerator: a gap with its flag; before the BEA file: not covered
    assert math.isnan(japan.loc[2004, "share_pct"])
    assert japan.loc[2004, "numerator_flag"] == "suppressed"
    assert japan.loc[2000, "numerator_flag"] == "not_covered"
    assert japan.loc[2000, "denominator_usd_millions"] == 100
    assert not japan["valuation_consistent"].any()
    assert japan["reporter_side"].iloc[0] == "mixed: numerator mirror, denominator own"
    assert share(results, "KOR", "fdi_share").loc[2003, "share_pct"] == pytest.approx(10)


def test_every_row_names_its_raw_files(results):
    for name, table in results.items():
        lineage.check("F6", name, table, ["dots_jpn", "dots_kor", "ewn", "fdius", CHECKS_ID])
    # the reporter's own workbook, also for the year it lacks a value
    japan = share(results, "JPN", "exports_share")[lineage.COLUMN]
    assert japan[2000] == "dots_jpn" and japan[2004] == "dots_jpn"
    assert set(share(results, "KOR", "exports_share")[lineage.COLUMN]) == {"dots_kor"}
    # FDI: BEA over EWN; before the BEA file, the file the position was looked for in
    fdi = share(results, "JPN", "fdi_share")[lineage.COLUMN]
    assert fdi[2002] == "ewn; fdius" and fdi[2000] == "ewn; fdius"
    periods = results["periods"].set_index(["country_iso3", "series", "period"])[lineage.COLUMN]
    assert periods[("KOR", "exports_share", "early")] == "dots_kor"
    checks = results["check_values"].set_index("year")[lineage.COLUMN]
    assert checks[2003] == f"ewn; fdius; {CHECKS_ID}"


def test_period_statistics_by_hand(results):
    stats = f6.period_stats(results["main"], "JPN", "exports_share", 2000, 2004)
    assert stats["mean_of_yearly_shares_pct"] == pytest.approx((30 + 20 + 25 + 20) / 4)
    assert stats["share_of_summed_values_pct"] == pytest.approx(100 * 85 / 350)
    assert (stats["min_share_pct"], stats["min_share_year"]) == (20, 2001)
    assert (stats["max_share_pct"], stats["max_share_year"]) == (30, 2000)
    assert stats["years_lacking_data"] == "2004"
    periods = results["periods"].set_index(["country_iso3", "series", "period"])
    assert periods.loc[("JPN", "fdi_share", "early"), "n_years_with_data"] == 0
    assert periods.loc[("KOR", "exports_share", "all"), "mean_of_yearly_shares_pct"] == 25


def test_claims_by_hand(results):
    claims = f6.claims(results, SPEC).set_index("claim_id")
    assert claims.loc["C49", "our_value"] == pytest.approx(23.75)
    assert claims.loc["C49", "satisfied"] is None
    # below 26 in 2001-2004: 20, 25, 20 with data -> holds; the highest is 25
    assert claims.loc["C51", "satisfied"] is True
    assert claims.loc["C51", "our_value"] == pytest.approx(25)
    # above 35: 40 (2002) yes, 30 (2003) no
    assert claims.loc["C52", "satisfied"] is False
    assert claims.loc["C52", "our_value"] == pytest.approx(30)
    assert "2003 (30.0)" in claims.loc["C52", "our_text"]
    assert "Valuations differ" in claims.loc["C52", "explanation"]
    # no FDI data in 2000-2001: not computable, with what data is needed; check value only
    # as context (50 / 100 = 50%)
    assert math.isnan(claims.loc["C53", "our_value"])
    assert "would be needed" in claims.loc["C53", "explanation"]
    assert "50.0%" in claims.loc["C53", "explanation"]


def test_threshold_that_fails(results):
    spec = copy.deepcopy(SPEC)
    spec["claims"]["C51"]["threshold_pct"] = 22
    claims = f6.claims(f6.compute(synthetic_tables(), spec), spec).set_index("claim_id")
    assert claims.loc["C51", "satisfied"] is False
    assert "not in 2002 (25.0)" in claims.loc["C51", "our_text"]


def test_check_values_are_context_not_data(results):
    checks = results["check_values"].set_index("year")
    assert checks.loc[2001, "implied_share_pct"] == pytest.approx(50)
    assert math.isnan(checks.loc[2001, "data_position_usd_millions"])
    assert checks.loc[2003, "difference_pct"] == pytest.approx(100 * (30 / 33 - 1))
    # the 2001 check value did not become data
    assert math.isnan(share(results, "JPN", "fdi_share").loc[2001, "share_pct"])


def test_claims_have_every_id_and_the_agreed_columns(results):
    claims = f6.claims(results, SPEC)
    assert list(claims.columns) == [*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS]
    assert list(claims["claim_id"]) == list(SPEC["claims"])
    assert set(claims["unit"]) == {"percent"}


def test_plot_has_one_panel_per_country(results, tmp_path):
    fig = f6.plot(results, SPEC)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["Japan", "Korea"]
    figures.save(fig, tmp_path / "f6.png", tmp_path / "f6.svg")
    assert (tmp_path / "f6.png").stat().st_size > 0


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda s: s.update(countries=["XXX"], country_names={"XXX": "Nowhere"}), "countries"),
        (lambda s: s.update(countries=["JPN", "USA"]), "country_names"),
        (lambda s: s.update(partner="ZZZ"), "partner"),
        (lambda s: s.update(first_year=1990), "first_year"),
        (lambda s: s.update(last_year=2030), "last_year"),
        (lambda s: s["exports"].update(flow="exports_cif"), "exports.flow"),
        (lambda s: s["fdi"].update(total_measure="nope"), "fdi.total_measure"),
        (lambda s: s["claims"]["C49"].update(country="CHN"), "claims.C49.country"),
        (lambda s: s["claims"]["C49"].update(first_year=1999), "claims.C49.first_year"),
        (lambda s: s["claims"]["C52"].update(statement="roughly"), "claims.C52.statement"),
        (lambda s: s["claims"]["C52"].pop("threshold_pct"), "claims.C52.threshold_pct"),
    ],
)
def test_bad_spec_names_the_key(change, key):
    spec = copy.deepcopy(SPEC)
    change(spec)
    with pytest.raises(ValueError, match=key.replace(".", r"\.")):
        f6.compute(synthetic_tables(), spec)


# --- canonical tables ---------------------------------------------------------------------

REAL_SPEC = copy.deepcopy(SPEC) | {"first_year": 1960, "last_year": 2020}
REAL_SPEC["claims"] = {
    "C49": {
        "statement": "period_mean",
        "country": "JPN",
        "series": "exports_share",
        "first_year": 1980,
        "last_year": 1989,
    },
    "C50": {
        "statement": "period_mean",
        "country": "KOR",
        "series": "exports_share",
        "first_year": 1980,
        "last_year": 1989,
    },
    "C51": {
        "statement": "below",
        "country": "JPN",
        "series": "exports_share",
        "threshold_pct": 20,
        "first_year": 2010,
    },
    "C52": {"statement": "above", "country": "JPN", "series": "fdi_share", "threshold_pct": 30},
    "C53": {
        "statement": "period_peak",
        "country": "JPN",
        "series": "fdi_share",
        "first_year": 1990,
        "last_year": 1999,
    },
}


@pytest.fixture(scope="module")
def real(project, processed):
    tables = row_lineage.real(project, processed, f6.TABLES)
    dots = tables["bilateral_dots"]
    tables["bilateral_dots"] = dots[dots["reporter_iso3"].isin(REAL_SPEC["countries"])]
    return f6.compute(tables, REAL_SPEC)


def test_real_export_shares_match_sources(real):
    """bilateral/SOURCES.md: Japan 1965 31.2%, 1985 37.6%, 1986 38.9%, 2018 19.1%."""
    japan = share(real, "JPN", "exports_share")["share_pct"]
    for year, expected in {1965: 31.2, 1985: 37.6, 1986: 38.9, 2018: 19.1}.items():
        assert japan[year] == pytest.approx(expected, abs=0.05)


def test_real_fdi_shares_match_sources(real):
    """fdi/SOURCES.md: Japan in US / EWN outward 2008 34.0, 2010 30.1, 2012 28.6, 2014 31.6,
    2016 31.4, 2018 30.1, 2019 33.1 (%); only 2008-2019 have data."""
    japan = share(real, "JPN", "fdi_share")
    known = {2008: 34.0, 2010: 30.1, 2012: 28.6, 2014: 31.6, 2016: 31.4, 2018: 30.1, 2019: 33.1}
    for year, expected in known.items():
        assert japan.loc[year, "share_pct"] == pytest.approx(expected, abs=0.05)
    assert list(japan.index[japan["has_data"]]) == list(range(2008, 2020))
    assert not japan["valuation_consistent"].any()


def test_real_check_value_japan_2004(real):
    """series/SOURCES.md: BEA Japan-in-US 2004 = 176.9 bn, the only pre-2008 value."""
    checks = real["check_values"].set_index(["country_iso3", "year"])
    assert checks.loc[("JPN", 2004), "check_value_usd_millions"] == pytest.approx(176_900)
    assert math.isnan(share(real, "JPN", "fdi_share").loc[2004, "share_pct"])


def test_real_claims(real):
    claims = f6.claims(real, REAL_SPEC).set_index("claim_id")
    assert list(claims.index) == ["C49", "C50", "C51", "C52", "C53"]
    assert 24 < claims.loc["C49", "our_value"] < 39  # inside the 1980s range
    assert "1986" in claims.loc["C49", "our_text"]  # the 1980s peak year
    assert claims.loc["C51", "satisfied"] in (True, False)
    assert claims.loc["C52", "satisfied"] in (True, False)
    assert "2008-2019" in claims.loc["C52", "our_text"]
    assert math.isnan(claims.loc["C53", "our_value"])
    assert "1990-1999" in claims.loc["C53", "explanation"]


def test_real_rows_name_the_dots_workbooks_and_positions(real):
    assert set(share(real, "JPN", "exports_share")[lineage.COLUMN]) == {"dots_workbook_jpn"}
    assert set(share(real, "KOR", "exports_share")[lineage.COLUMN]) == {
        "dots_extract_six_reporters"
    }
    fdi = share(real, "JPN", "fdi_share")[lineage.COLUMN]
    assert fdi[2010] == "bea_fdius_position_by_country_2008_2019_raw; ewn_dataset_12_2022_raw"
    checks = real["check_values"].set_index(["country_iso3", "year"])[lineage.COLUMN]
    assert "fdi_check_values_transcribed_series_hunt" in lineage.split(checks[("JPN", 2004)])


# --- the years the texts name (caption, source note, figure title) -------------------------


def test_real_texts_name_the_years_with_data(real):
    """On the canonical tables the texts read as they did when their years were literal."""
    values = caption.values(real, REAL_SPEC)
    assert values == {
        "exports_first": 1960,
        "exports_last": 2020,
        "fdi_first": 2008,
        "fdi_last": 2019,
        "first": 1960,
        "last": 2020,
    }
    exhibit = {"id": "F6", "module": "f6", "spec": REAL_SPEC}
    english = captions.caption(exhibit, real, texts.exhibit_text("F6", "en"))
    assert "exports FOB, 1960-2020)" in english and "; 2008-2019 only)" in english
    with i18n.language("zh"):
        chinese = captions.caption(exhibit, real, texts.exhibit_text("F6", "zh"))
    assert "1960-2020年" in chinese and "仅2008-2019年" in chinese
    assert filled_text("F6", "figure_title", values).endswith("in the US, 1960-2020")
    assert filled_text("F6", "figure_title", values, "zh").endswith("1960-2020年")


def test_texts_follow_an_fdi_share_with_one_more_year(results):
    """Korea's FDI share of the synthetic world starts in 2002; with a 2001 position, 2001."""
    positions = synthetic_positions()
    korea = positions[(positions["measure"] == "fdi_in_us") & (positions["investor_iso3"] == "KOR")]
    positions = pd.concat([positions, korea.iloc[[0]].assign(year=2001)], ignore_index=True)
    tables = synthetic_tables()
    tables["fdi_positions"] = row_lineage.synthetic({"fdi_positions": positions})["fdi_positions"]
    before = caption.values(results, SPEC)
    after = caption.values(f6.compute(tables, SPEC), SPEC)
    assert (before["fdi_first"], before["fdi_last"]) == (2002, 2004)
    assert (after["fdi_first"], after["fdi_last"]) == (2001, 2004)
    assert (after["exports_first"], after["exports_last"]) == (2000, 2004)
    for language in ("en", "zh"):
        assert "2002-2004" in filled_text("F6", "caption", before, language)
        assert "2001-2004" in filled_text("F6", "caption", after, language)
        assert "2002-2004" not in filled_text("F6", "caption", after, language)


def test_texts_follow_the_export_shares_with_one_fewer_year(results):
    """Without 2004 in the spec's years, the export shares and the title end in 2003."""
    spec = copy.deepcopy(SPEC) | {"last_year": 2003}
    spec["summary_periods"] = {"early": [2000, 2001], "all": [2000, 2003]}
    values = caption.values(f6.compute(synthetic_tables(), spec), spec)
    assert (values["exports_first"], values["exports_last"]) == (2000, 2003)
    assert (values["first"], values["last"]) == (2000, 2003)
    for language in ("en", "zh"):
        assert "2000-2003" in filled_text("F6", "caption", values, language)
        assert "2000-2003" in filled_text("F6", "figure_title", values, language)


def test_plot_fills_the_years_of_its_title(results):
    spec = copy.deepcopy(SPEC)
    spec["text"]["figure_title"] = "Shares, {first}-{last}; FDI {fdi_first}-{fdi_last}"
    assert "Shares, 2000-2004; FDI 2002-2004" in figure_texts(f6.plot(results, spec))


def test_the_export_claims_vintage_names_the_last_year_of_the_shares(results):
    """The claims' vintage (replication.csv) says up to which year the export shares reach."""
    claims = f6.claims(results, SPEC)
    vintages = set(claims["vintage"])
    assert "DOTS 2022 (data to 2004)" in vintages
    shorter = {**results, "main": results["main"][results["main"]["year"] < 2004]}
    assert "DOTS 2022 (data to 2003)" in set(f6.claims(shorter, SPEC)["vintage"])
