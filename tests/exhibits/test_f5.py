"""F5: US-China direct-investment positions and the asymmetry ratio, on numbers known by hand
and on the canonical tables (values stated in ../shared/data/fdi/SOURCES.md)."""

from __future__ import annotations

import copy
import math

import matplotlib
import pandas as pd
import pytest

import row_lineage
from chinatrade import captions, figures, i18n, lineage, texts
from chinatrade.exhibits import f5
from chinatrade.exhibits.f5 import caption
from chinatrade.replication import CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS
from i18n_check import figure_texts, filled_text, with_texts

SPEC = with_texts(
    {
        "viewpoint": "CHN",
        "first_year": 2006,
        "last_year": 2014,
        "series": {
            "us_in_china": {
                "measure": "us_direct_investment_abroad",
                "investor": "USA",
                "host": "CHN",
                "label": "US position in China (BEA USDIA)",
                "short_label": "USDIA",
            },
            "china_in_us": {
                "measure": "fdi_in_us",
                "investor": "CHN",
                "host": "USA",
                "label": "China's position in the US (BEA FDIUS)",
                "short_label": "FDIUS",
            },
        },
        "ratio": {
            "numerator": "us_in_china",
            "denominator": "china_in_us",
            "first_year": 2010,
            "last_year": 2013,
            "claim_definition": "mean_of_yearly_ratios",
        },
        "context": {
            "china_outward": {
                "measure": "ewn_fdi_assets",
                "investor": "CHN",
                "host": "WORLD",
                "label": "China's outward FDI, all partners (EWN)",
                "informs": "china_in_us",
            }
        },
        "log_scale": True,
        "show_check_values": True,
        "claims": {
            "start": {"us_in_china": "C46", "china_in_us": "C47"},
            "ratio": "C48",
            "notes": {"C47": "A note from the spec."},
        },
        "source_note": "Source: synthetic.",
    }
)


# each measure's rows from a raw file of its own
RAW_IDS = {"us_direct_investment_abroad": "usdia", "fdi_in_us": "fdius", "ewn_fdi_assets": "ewn"}
CHECKS_ID = "synthetic_fdi_check_values"


def synthetic_tables(positions: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The canonical tables as the exhibit job loads them, each row naming its raw files."""
    positions = synthetic_positions() if positions is None else positions
    return row_lineage.synthetic(
        {"fdi_positions": positions, "fdi_check_values": synthetic_checks()}
    )


def synthetic_positions() -> pd.DataFrame:
    """USDIA file 2008-2012 (2010 suppressed), FDIUS file 2010-2013, EWN 2005-2013.

    US in China: 2008 50, 2009 60, 2010 (D), 2011 80, 2012 100.
    China in US: 2010 5, 2011 10, 2012 20, 2013 40.
    """
    rows = []
    us = {2008: 50.0, 2009: 60.0, 2010: None, 2011: 80.0, 2012: 100.0}
    for year, value in us.items():
        flag = "reported" if value is not None else "suppressed"
        rows.append(("us_direct_investment_abroad", "USA", "CHN", year, value, flag))
        rows.append(("us_direct_investment_abroad", "USA", "JPN", year, 1.0, "reported"))
    for year, value in {2010: 5.0, 2011: 10.0, 2012: 20.0, 2013: 40.0}.items():
        rows.append(("fdi_in_us", "CHN", "USA", year, value, "reported"))
    for year in range(2005, 2014):
        rows.append(
            ("ewn_fdi_assets", "CHN", "WORLD", year, 0.0 if year < 2007 else 9.0, "reported")
        )
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
    basis = (
        table["measure"]
        .str.startswith("ewn")
        .map({True: "market_or_mixed", False: "historical_cost"})
    )
    return table.assign(
        valuation_basis=basis,
        source=table["measure"].map(
            {
                "us_direct_investment_abroad": "BEA USDIA (July-2015 vintage)",
                "fdi_in_us": "BEA FDIUS (July-2020 release)",
                "ewn_fdi_assets": "EWN",
            }
        ),
        source_file=table["measure"] + ".csv",
        raw_file_ids=table["measure"].map(RAW_IDS),
    )


def synthetic_checks() -> pd.DataFrame:
    """A comparable US-in-China value for 2013 (120) and 2011 (88), a MOFCOM China stock
    (2007, 3) and flow (2006, 1) in the US."""
    rows = [
        (
            "USDIA position in China (page)",
            "USA",
            "CHN",
            2013,
            120.0,
            "us_direct_investment_abroad",
        ),
        ("USDIA position in China (page)", "USA", "CHN", 2011, 88.0, "us_direct_investment_abroad"),
        ("China's OFDI stock in the US (MOFCOM)", "CHN", "USA", 2007, 3.0, ""),
        ("China's OFDI flow to the US (MOFCOM)", "CHN", "USA", 2006, 1.0, ""),
    ]
    table = pd.DataFrame(
        rows,
        columns=[
            "series",
            "investor_iso3",
            "host_iso3",
            "year",
            "value_usd_millions",
            "comparable_measure",
        ],
    )
    return table.assign(check_file="checks.csv", source_url="https://example.org", note="")


@pytest.fixture()
def results():
    return f5.compute(synthetic_tables(), SPEC)


# --- synthetic ----------------------------------------------------------------------------


def test_main_keeps_gaps_and_flags(results):
    main = results["main"].set_index(["series", "year"])
    us = main.loc["us_in_china"]
    assert us.loc[2011, "position_usd_millions"] == 80
    assert us.loc[2011, "position_usd_billions"] == pytest.approx(0.08)
    # suppressed: missing, flagged, inside the file
    assert math.isnan(us.loc[2010, "position_usd_millions"])
    assert us.loc[2010, "value_flag"] == "suppressed" and us.loc[2010, "in_file"]
    # outside the file: a gap, never a zero
    assert us.loc[2013, "value_flag"] == "not_covered" and not us.loc[2013, "in_file"]
    assert math.isnan(us.loc[2006, "position_usd_millions"])
    assert (us["file_first_year"] == 2008).all() and (us["file_last_year"] == 2012).all()
    # both BEA series are US statistics: mirror from China's viewpoint
    assert set(main["reporter_side"]) == {"mirror"} and set(main["reported_by"]) == {"USA"}
    assert set(main.index.get_level_values("year")) == set(range(2006, 2015))


def test_every_row_names_its_raw_files(results):
    for name, table in results.items():
        lineage.check("F5", name, table, [*RAW_IDS.values(), CHECKS_ID])
    main = results["main"].set_index(["series", "year"])[lineage.COLUMN]
    assert main[("us_in_china", 2011)] == "usdia"
    # outside the file: the file it was looked for in
    assert main[("us_in_china", 2013)] == "usdia" and main[("china_in_us", 2006)] == "fdius"
    assert results["ratio_by_year"].set_index("year").at[2011, lineage.COLUMN] == "fdius; usdia"
    assert set(results["ratio"][lineage.COLUMN]) == {"fdius; usdia"}
    assert list(results["coverage"][lineage.COLUMN]) == ["usdia", "fdius"]
    assert list(results["context"][lineage.COLUMN]) == ["ewn"]
    # a check value beside the data: both files; a MOFCOM figure (no data to compare): its own
    checks = results["check_values"].set_index(["series", "year"])[lineage.COLUMN]
    assert checks[("us_in_china", 2011)] == f"{CHECKS_ID}; usdia"
    assert checks[("china_in_us", 2007)] == CHECKS_ID


def test_ratio_both_definitions_by_hand(results):
    ratio = results["ratio"].set_index("definition")
    # used: 2011 (80/10 = 8) and 2012 (100/20 = 5); 2010 suppressed, 2013 outside USDIA
    assert ratio.loc["mean_of_yearly_ratios", "ratio_times"] == pytest.approx(6.5)
    assert ratio.loc["ratio_of_summed_positions", "ratio_times"] == pytest.approx(180 / 30)
    assert ratio.loc["mean_of_yearly_ratios", "is_claim_definition"]
    assert ratio.loc["mean_of_yearly_ratios", "years_used"] == "2011-2012"
    assert ratio.loc["mean_of_yearly_ratios", "years_lacking_data"] == "2010, 2013"
    why = ratio.loc["mean_of_yearly_ratios", "why_lacking"]
    assert "2010: suppressed" in why and "2013: outside the file (2008-2012)" in why
    by_year = results["ratio_by_year"].set_index("year")
    assert by_year.loc[2011, "ratio_times"] == pytest.approx(8.0)
    assert not by_year.loc[2013, "used_in_ratio"]


def test_coverage_and_start_claims(results):
    coverage = results["coverage"].set_index("series")
    assert coverage.loc["us_in_china", "first_year_positive"] == 2008
    assert coverage.loc["us_in_china", "starts_with_file"]
    assert coverage.loc["us_in_china", "years_flagged"] == "2010 suppressed"
    claims = f5.claims(results, SPEC).set_index("claim_id")
    # data begin with the file: the start year cannot be read from it
    assert math.isnan(claims.loc["C46", "our_value"])
    assert "begin with the file in 2008" in claims.loc["C46", "our_text"]
    c47 = claims.loc["C47", "explanation"]
    assert "positive from 2007" in c47  # EWN context
    assert "2007 = USD 3 million" in c47 and "flow" not in c47  # stock check value, not flow
    assert c47.endswith("A note from the spec.")


def test_start_year_inside_the_file_is_our_value():
    positions = synthetic_positions()
    zero = (positions["measure"] == "fdi_in_us") & (positions["year"] == 2010)
    positions.loc[zero, "position_usd_millions"] = 0.0
    spec = copy.deepcopy(SPEC)
    spec["ratio"]["first_year"] = 2011
    claims = f5.claims(f5.compute(synthetic_tables(positions), spec), spec).set_index("claim_id")
    assert claims.loc["C47", "our_value"] == 2011


def test_ratio_claim_uses_data_and_quotes_check_values_as_context_only(results):
    claims = f5.claims(results, SPEC).set_index("claim_id")
    c48 = claims.loc["C48"]
    assert c48["our_value"] == pytest.approx(6.5)
    assert c48["unit"] == "ratio" and c48["satisfied"] is None
    assert "no data for 2010, 2013" in c48["our_text"]
    # context: the 2013 check value (120) stands in: (8 + 5 + 120/40) / 3 = 5.33
    assert "would be 5.3" in c48["explanation"]
    # the check value for 2011 (a year with data) is compared, never substituted
    checks = results["check_values"].set_index(["series", "year"])
    assert checks.loc[("us_in_china", 2011), "difference_pct"] == pytest.approx(100 * (80 / 88 - 1))


def test_claims_have_every_id_and_the_agreed_columns(results):
    claims = f5.claims(results, SPEC)
    assert list(claims.columns) == [*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS]
    assert list(claims["claim_id"]) == ["C46", "C47", "C48"]
    assert set(claims["unit"]) == {"year", "ratio"}
    assert claims["explanation"].str.len().gt(20).all()


def test_plot_draws_gaps_and_a_log_axis(results, tmp_path):
    fig = f5.plot(results, SPEC)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    line = ax.get_lines()[0]
    y = line.get_ydata()
    assert math.isnan(y[list(line.get_xdata()).index(2010)])  # the suppressed year is a gap
    assert isinstance(fig, matplotlib.figure.Figure)
    figures.save(fig, tmp_path / "f5.png", tmp_path / "f5.svg")
    assert (tmp_path / "f5.png").stat().st_size > 0


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda s: s["series"]["us_in_china"].update(host="XXX"), "series.us_in_china.host"),
        (lambda s: s["series"]["china_in_us"].update(measure="nope"), "series.china_in_us.measure"),
        (lambda s: s["ratio"].update(first_year=1990), "ratio.first_year"),
        (lambda s: s["ratio"].update(last_year=2016), "ratio.last_year"),
        (lambda s: s["ratio"].update(numerator="nope"), "ratio.numerator"),
        (lambda s: s["ratio"].update(claim_definition="median"), "ratio.claim_definition"),
        (lambda s: s.update(first_year=1950, last_year=1960), "first_year"),
        (lambda s: s.pop("claims"), "claims"),
    ],
)
def test_bad_spec_names_the_key(change, key):
    spec = copy.deepcopy(SPEC)
    change(spec)
    with pytest.raises(ValueError, match=key.replace(".", r"\.")):
        f5.compute(synthetic_tables(), spec)


# --- canonical tables ---------------------------------------------------------------------

REAL_SPEC = copy.deepcopy(SPEC) | {"first_year": 1982, "last_year": 2019}
REAL_SPEC["ratio"] = REAL_SPEC["ratio"] | {"first_year": 2010, "last_year": 2018}
REAL_SPEC["context"] = {
    "china_outward": SPEC["context"]["china_outward"],
    "china_inward": {
        "measure": "ewn_fdi_liabilities",
        "investor": "WORLD",
        "host": "CHN",
        "label": "China's inward FDI, all partners (EWN)",
        "informs": "us_in_china",
    },
}


@pytest.fixture(scope="module")
def real(project, processed):
    return f5.compute(row_lineage.real(project, processed, f5.TABLES), REAL_SPEC)


def test_real_positions_match_sources(real):
    """SOURCES.md: US in China 2000 11,140, 2010 58,996, 2014 65,767; China in US 2010 3,300."""
    main = real["main"].set_index(["series", "year"])["position_usd_millions"]
    assert main[("us_in_china", 1982)] > 0
    assert main[("us_in_china", 2000)] == 11_140
    assert main[("us_in_china", 2010)] == 58_996
    assert main[("us_in_china", 2014)] == 65_767
    assert main[("china_in_us", 2010)] == 3_300
    assert main[("china_in_us", 2018)] == 33_543
    assert math.isnan(main[("us_in_china", 2015)]) and math.isnan(main[("china_in_us", 2007)])


def test_real_ratio_uses_2010_2014_and_names_2015_2018(real):
    """The SOURCES.md table: ratios 2010-2014 from the two files; 2015-2018 lack US data."""
    us = [58_996, 53_661, 54_514, 59_886, 65_767]
    china = [3_300, 3_598, 7_076, 7_855, 10_071]
    ratio = real["ratio"].set_index("definition")
    mean = sum(u / c for u, c in zip(us, china, strict=True)) / 5
    assert ratio.loc["mean_of_yearly_ratios", "ratio_times"] == pytest.approx(mean)
    assert ratio.loc["ratio_of_summed_positions", "ratio_times"] == pytest.approx(
        sum(us) / sum(china)
    )
    assert ratio.loc["mean_of_yearly_ratios", "years_lacking_data"] == "2015-2018"


def test_real_check_values_agree_where_vintages_agree(real):
    """Statista's BEA figures equal the file for 2000-2012 (SOURCES.md), not 2014 (revised)."""
    checks = real["check_values"]
    comparable = checks[checks["comparable_with_data"] & checks["series"].eq("us_in_china")]
    by_year = comparable.set_index("year")["difference_pct"]
    assert by_year.loc[2000:2012].abs().max() < 0.1
    assert by_year.loc[2014] < -10


def test_real_claims(real):
    claims = f5.claims(real, REAL_SPEC).set_index("claim_id")
    assert math.isnan(claims.loc["C46", "our_value"])  # the file starts in 1982
    assert "1982" in claims.loc["C46", "our_text"]
    assert math.isnan(claims.loc["C47", "our_value"])  # FDIUS starts in 2008
    assert "2008" in claims.loc["C47", "explanation"]
    assert claims.loc["C48", "our_value"] == pytest.approx(10.93, abs=0.01)
    assert "2015-2018" in claims.loc["C48", "our_text"]


def test_real_rows_name_the_bea_files(real):
    main = real["main"].set_index(["series", "year"])[lineage.COLUMN]
    assert main[("us_in_china", 2010)] == "bea_usdia_position_by_country_1982_2014_raw"
    assert main[("china_in_us", 2018)] == "bea_fdius_position_by_country_2008_2019_raw"
    assert set(real["ratio"][lineage.COLUMN]) == {
        "bea_fdius_position_by_country_2008_2019_raw; bea_usdia_position_by_country_1982_2014_raw"
    }
    context = real["context"].set_index("context")[lineage.COLUMN]
    assert context["china_outward"] == "ewn_dataset_12_2022_raw"


# --- the years the texts name (caption, source note, figure title) -------------------------


def test_real_texts_name_the_years_of_the_files(real):
    """On the canonical tables the texts read as they did when their years were literal."""
    values = caption.values(real, REAL_SPEC)
    assert values == {
        "us_in_china_first": 1982,
        "us_in_china_last": 2014,
        "china_in_us_first": 2008,
        "china_in_us_last": 2019,
        "first": 1982,
        "last": 2019,
    }
    for language in ("en", "zh"):
        exhibit = {"id": "F5", "module": "f5", "spec": REAL_SPEC}
        text = texts.exhibit_text("F5", language)
        with i18n.language(language):
            shown_caption = captions.caption(exhibit, real, text)
        assert "{" not in shown_caption
        assert shown_caption.count("1982-2014") == 1 and shown_caption.count("2008-2019") == 1
        note = filled_text("F5", "source_note", values, language)
        assert note.count("1982-2014") == 1 and note.count("2008-2019") == 1
        assert "1982-2019" in filled_text("F5", "figure_title", values, language)
    assert "US direct investment abroad, 1982-2014, July-2015 vintage" in captions.caption(
        {"id": "F5", "module": "f5", "spec": REAL_SPEC}, real, texts.exhibit_text("F5", "en")
    )


def with_fdius_year(year: int, value: float) -> pd.DataFrame:
    positions = synthetic_positions()
    row = (
        positions[positions["measure"] == "fdi_in_us"]
        .iloc[[-1]]
        .assign(year=year, position_usd_millions=value)
    )
    return pd.concat([positions, row], ignore_index=True)


def test_texts_follow_a_file_with_one_more_year(results):
    """The FDIUS file of the synthetic world ends in 2013; with 2014 the texts say so."""
    before = caption.values(results, SPEC)
    after = caption.values(f5.compute(synthetic_tables(with_fdius_year(2014, 80.0)), SPEC), SPEC)
    assert (before["china_in_us_first"], before["china_in_us_last"]) == (2010, 2013)
    assert (after["china_in_us_first"], after["china_in_us_last"]) == (2010, 2014)
    assert (before["first"], before["last"]) == (2008, 2013)
    assert (after["first"], after["last"]) == (2008, 2014)
    for language in ("en", "zh"):
        assert "2010-2013" in filled_text("F5", "caption", before, language)
        assert "2010-2014" in filled_text("F5", "caption", after, language)
        assert "2010-2014" in filled_text("F5", "source_note", after, language)
        assert filled_text("F5", "figure_title", after, language).count("2008-2014") == 1
        assert "2008-2012" in filled_text(
            "F5", "caption", after, language
        )  # the USDIA file as it was


def test_plot_fills_the_years_of_its_title_and_source_note(results):
    spec = copy.deepcopy(SPEC)
    spec["text"]["figure_title"] = "Positions, {first}-{last}"
    spec["text"]["source_note"] = (
        "Files {us_in_china_first}-{us_in_china_last}, {china_in_us_first}-{china_in_us_last}."
    )
    shown_texts = [text.replace("\n", " ") for text in figure_texts(f5.plot(results, spec))]
    assert "Positions, 2008-2013" in shown_texts
    assert any("Files 2008-2012, 2010-2013." in text for text in shown_texts)
    spec["text"]["source_note"] = "Files {us_in_china_first}-{nope}."
    with pytest.raises(texts.TextError, match="F5.source_note"):
        f5.plot(results, spec)
