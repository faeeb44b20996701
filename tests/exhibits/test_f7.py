"""F7 (US deficit with Asia; China's and Japan's shares): hand-checked sums, shares, claims."""

from __future__ import annotations

import copy
import math
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import yaml

import i18n_check
import row_lineage
from chinatrade import captions, figures, i18n, lineage, texts
from chinatrade.exhibits import f7
from chinatrade.exhibits.f7 import caption
from chinatrade.replication import CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS
from i18n_check import CJK, assert_chinese, with_texts

F7_CLAIMS = ["C54", "C55", "C56", "C57", "C58", "C59", "C60", "C61", "C62"]


def make_spec(first_year: int, last_year: int, claim_years: dict, growth: tuple) -> dict:
    """A full F7 spec; the member lists are those of the tests' small worlds."""
    return with_texts(
        {
            "first_year": first_year,
            "last_year": last_year,
            "us_reporter": "USA",
            "china": "CHN",
            "japan": "JPN",
            "focus_partners": ["CHN", "JPN"],
            "focus_partner_names": {"CHN": "China", "JPN": "Japan"},
            "member_names": {"CHN": "China", "JPN": "Japan", "MYS": "Malaysia"},
            "missing_member_as_zero": True,
            "asia_series": {
                "census_0016": {"kind": "census_aggregate", "code": "0016", "label": "Census 0016"},
                "census_seven": {
                    "kind": "census_members",
                    "members": ["CHN", "JPN", "MYS"],
                    "label": "Census members",
                },
                "dots_seven": {
                    "kind": "dots_members",
                    "members": ["CHN", "JPN", "MYS"],
                    "label": "DOTS members",
                    "short_label": "DOTS",
                },
            },
            "claims_series": "dots_seven",
            "plot_series": ["census_0016", "census_seven", "dots_seven"],
            "deficit_axis_scale": "log",
            "source_comparison": [{"dots": "dots_seven", "census": "census_seven"}],
            "claim_years": claim_years,
            "surplus_growth": {"first_year": growth[0], "last_year": growth[1]},
            "china_export_share": {
                "reporter": "CHN",
                "world": "WORLD",
                "peak_first_year": growth[0],
                "peak_last_year": growth[1],
                "study_peak_year": growth[0] + 1,
            },
            "claims": {
                "export_share_peak": "C54",
                "deficit_growth": "C55",
                "japan_share_early": "C56",
                "first_surplus_year": "C57",
                "surplus_first_year": "C58",
                "surplus_growth": "C59",
                "china_share_first": "C60",
                "china_share_last": "C61",
                "japan_share_last": "C62",
            },
            "source_labels": {"dots": "IMF DOTS", "census": "US Census Bureau"},
            "vintages": {"dots": "DOTS test vintage", "census": "Census test vintage"},
            "source_note": "Source: synthetic.",
        }
    )


SYNTHETIC_SPEC = make_spec(
    2000,
    2002,
    {
        "deficit_growth_first": 2000,
        "deficit_growth_last": 2002,
        "japan_share_early": 2000,
        "china_share_first": 2001,
        "surplus_year": 2000,
        "last": 2002,
    },
    (2000, 2002),
)


def synthetic_dots() -> pd.DataFrame:
    """US and China as reporters, 2000-2002; Malaysia reports nothing in 2000. Raw files:
    the US's rows from "us_workbook" but Malaysia's from "us_csv", China's from
    "china_workbook" but its World totals from "china_world"."""
    rows = []
    us_trade = {  # partner: {year: (US exports, US imports)}
        "CHN": {2000: (10, 30), 2001: (10, 50), 2002: (10, 90)},
        "JPN": {2000: (20, 100), 2001: (20, 100), 2002: (20, 100)},
        "MYS": {2000: (None, None), 2001: (5, 25), 2002: (5, 25)},
    }
    for partner, by_year in us_trade.items():
        for year, (x, m) in by_year.items():
            rows.append(("USA", partner, year, "exports_fob", x))
            rows.append(("USA", partner, year, "imports_cif", m))
    china_trade = {
        "USA": {2000: (8, 12), 2001: (20, 10), 2002: (40, 10)},
        "WORLD": {2000: (80, 70), 2001: (100, 90), 2002: (160, 120)},
    }
    for partner, by_year in china_trade.items():
        for year, (x, m) in by_year.items():
            rows.append(("CHN", partner, year, "exports_fob", x))
            rows.append(("CHN", partner, year, "imports_cif", m))
    out = pd.DataFrame(
        rows, columns=["reporter_iso3", "partner_code", "year", "flow", "value_usd_millions"]
    )
    out["value_usd_millions"] = out["value_usd_millions"].astype(float)
    out[lineage.COLUMN] = "us_workbook"
    out.loc[out.partner_code == "MYS", lineage.COLUMN] = "us_csv"
    out.loc[out.reporter_iso3 == "CHN", lineage.COLUMN] = "china_workbook"
    out.loc[out.partner_code == "WORLD", lineage.COLUMN] = "china_world"
    return out


def synthetic_census() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Census partners and the Asia aggregate, 2001-2002 only (Census starts later than DOTS)."""
    partners = pd.DataFrame(
        [
            (2001, "5700", "CHN", 10.0, 45.0),
            (2001, "5880", "JPN", 20.0, 95.0),
            (2001, "5570", "MYS", 5.0, 20.0),
            (2002, "5700", "CHN", 10.0, 85.0),
            (2002, "5880", "JPN", 20.0, 100.0),
            (2002, "5570", "MYS", 5.0, 20.0),
        ],
        columns=["year", "cty_code", "partner_iso3", f7.CENSUS_EXPORTS, f7.CENSUS_IMPORTS],
    )
    aggregates = pd.DataFrame(
        [(2001, "0016", None, 100.0, 300.0), (2002, "0016", None, 100.0, 400.0)],
        columns=["year", "cty_code", "partner_iso3", f7.CENSUS_EXPORTS, f7.CENSUS_IMPORTS],
    )
    for table in (partners, aggregates):
        table["complete_year"] = True
    return partners, aggregates


def synthetic_tables() -> dict[str, pd.DataFrame]:
    """The DOTS rows with their own raw files (above); Census's from "synthetic_<table>"."""
    partners, aggregates = synthetic_census()
    return row_lineage.synthetic(
        {
            f7.DOTS_TABLE: synthetic_dots(),
            f7.CENSUS_PARTNERS_TABLE: partners,
            f7.CENSUS_AGGREGATES_TABLE: aggregates,
        }
    )


@pytest.fixture()
def synthetic_results() -> dict[str, pd.DataFrame]:
    return f7.compute(synthetic_tables(), SYNTHETIC_SPEC)


def row(main: pd.DataFrame, series: str, partner: str, year: int) -> pd.Series:
    selected = main[(main.asia_series == series) & (main.partner == partner) & (main.year == year)]
    assert len(selected) == 1
    return selected.iloc[0]


# ----------------------------------------------------------------------------- synthetic


def test_dots_member_sum_counts_a_missing_member_as_zero_and_lists_it(synthetic_results):
    main = synthetic_results["main"]
    y2000 = row(main, "dots_seven", "CHN", 2000)
    # CHN -20 + JPN -80 + MYS (no data: 0) = -100
    assert y2000.us_balance_with_asia_usd_millions == -100
    assert y2000.us_deficit_with_asia_usd_billions == pytest.approx(0.1)
    assert y2000.members_without_data == "MYS"
    assert y2000.partner_share_of_us_asia_deficit_pct == pytest.approx(20.0)
    assert row(main, "dots_seven", "JPN", 2000).partner_share_of_us_asia_deficit_pct == 80.0
    y2001 = row(main, "dots_seven", "CHN", 2001)
    assert y2001.us_exports_usd_millions == 35 and y2001.us_imports_usd_millions == 175
    assert y2001.partner_share_of_us_asia_deficit_pct == pytest.approx(100 * 40 / 140)
    assert y2001.members_without_data == ""
    assert set(main.reporter_side) == {"own"} and set(main.reporter_iso3) == {"USA"}


def test_missing_member_leaves_a_gap_when_asked():
    spec = copy.deepcopy(SYNTHETIC_SPEC)
    spec["missing_member_as_zero"] = False
    main = f7.compute(synthetic_tables(), spec)["main"]
    assert math.isnan(row(main, "dots_seven", "CHN", 2000).us_balance_with_asia_usd_millions)
    assert math.isnan(row(main, "dots_seven", "JPN", 2000).partner_share_of_us_asia_deficit_pct)


def test_census_series_aggregate_and_members(synthetic_results):
    main = synthetic_results["main"]
    agg = row(main, "census_0016", "CHN", 2001)
    assert agg.us_balance_with_asia_usd_millions == -200
    assert agg.partner_share_of_us_asia_deficit_pct == pytest.approx(17.5)
    assert row(main, "census_0016", "JPN", 2001).partner_share_of_us_asia_deficit_pct == 37.5
    members = row(main, "census_seven", "CHN", 2002)
    assert members.us_balance_with_asia_usd_millions == (10 + 20 + 5) - (85 + 100 + 20)
    # Census starts in 2001 here: no Census rows before.
    assert main[main.asia_series.str.startswith("census")].year.min() == 2001
    assert set(main[main.asia_series == "census_0016"].imports_valuation) == {"customs value"}


def test_share_is_missing_when_the_us_has_a_surplus_with_asia():
    tables = synthetic_tables()
    dots = tables[f7.DOTS_TABLE]
    surplus = (dots.reporter_iso3 == "USA") & (dots.year == 2002) & (dots.flow == "exports_fob")
    dots.loc[surplus, "value_usd_millions"] = 1000.0
    main = f7.compute(tables, SYNTHETIC_SPEC)["main"]
    y2002 = row(main, "dots_seven", "JPN", 2002)
    assert y2002.us_balance_with_asia_usd_millions > 0
    assert math.isnan(y2002.partner_share_of_us_asia_deficit_pct)


def test_china_us_both_sides_and_export_share(synthetic_results):
    china_us = synthetic_results["china_us"].set_index(["reporter_side", "year"])
    assert china_us.loc[("own", 2000), "china_surplus_with_us_usd_millions"] == -4
    assert china_us.loc[("own", 2002), "us_share_of_china_exports_pct"] == 25.0
    # Mirror: China's exports = US imports (CIF), China's imports = US exports (FOB).
    mirror_2002 = china_us.loc[("mirror", 2002)]
    assert mirror_2002.china_exports_to_us_usd_millions == 90
    assert mirror_2002.china_surplus_with_us_usd_millions == 80
    assert mirror_2002.china_exports_valuation == "cif"
    assert math.isnan(mirror_2002.us_share_of_china_exports_pct)


def test_surplus_growth_both_sides(synthetic_results):
    growth = synthetic_results["growth"].set_index("reporter_side")
    # mirror 20 -> 40 -> 80: compound and mean of yearly rates are both 100%
    assert growth.loc["mirror", "growth_compound_pct_per_year"] == pytest.approx(100.0)
    assert growth.loc["mirror", "growth_mean_of_yearly_pct_per_year"] == pytest.approx(100.0)
    # own -4 -> 10 -> 30 changes sign: no growth rate
    assert math.isnan(growth.loc["own", "growth_compound_pct_per_year"])
    assert "not a surplus" in growth.loc["own", "note"]


def test_every_row_names_its_raw_files(synthetic_results):
    """The Asia total's files and the partner's; China-reported rows with the World total's
    file (the share's denominator); the checkpoints and the gap with their rows' files."""
    main = synthetic_results["main"]
    assert row(main, "dots_seven", "CHN", 2001)[lineage.COLUMN] == "us_csv; us_workbook"
    census = row(main, "census_0016", "JPN", 2001)[lineage.COLUMN]
    assert census == (
        "synthetic_census_us_trade_aggregates_annual; synthetic_census_us_trade_partners_annual"
    )
    china_us = synthetic_results["china_us"].set_index(["reporter_side", "year"])[lineage.COLUMN]
    assert china_us[("own", 2002)] == "china_workbook; china_world"
    assert china_us[("mirror", 2002)] == "us_workbook"
    growth = synthetic_results["growth"].set_index("reporter_side")[lineage.COLUMN]
    assert growth.to_dict() == {"mirror": "us_workbook", "own": "china_workbook; china_world"}
    points = synthetic_results["checkpoints"].set_index(["asia_series", "statistic"])
    ratio = points.loc[("census_seven", "deficit 2002 / deficit 2000"), lineage.COLUMN]
    assert ratio == "synthetic_census_us_trade_partners_annual"  # 2000: no Census year
    gap = synthetic_results["source_gap"].set_index("year")[lineage.COLUMN]
    assert gap[2002] == "synthetic_census_us_trade_partners_annual; us_csv; us_workbook"
    for name, table in synthetic_results.items():
        files = {"us_workbook", "us_csv", "china_workbook", "china_world"}
        lineage.check("F7", name, table, files | {f"synthetic_{n}" for n in synthetic_tables()})


def test_a_partner_without_rows_names_the_files_it_was_looked_for_in():
    """Japan and Malaysia have no US-reported row in 2000: Japan's balance counts as zero
    trade, and its row names every file of the US's rows (Malaysia's file too), China's row
    only the file of the rows summed."""
    tables = synthetic_tables()
    dots = tables[f7.DOTS_TABLE]
    gone = dots.partner_code.isin(["JPN", "MYS"]) & (dots.year == 2000)
    tables[f7.DOTS_TABLE] = dots[~gone]
    main = f7.compute(tables, SYNTHETIC_SPEC)["main"]
    japan = row(main, "dots_seven", "JPN", 2000)
    assert japan.partner_flows_missing == "both"
    assert japan[lineage.COLUMN] == "us_csv; us_workbook"
    assert row(main, "dots_seven", "CHN", 2000)[lineage.COLUMN] == "us_workbook"


def test_first_surplus_years_any_and_unbroken():
    series = pd.Series(
        [-5.0, 1.0, -1.0, math.nan, 2.0, 3.0], index=[1975, 1976, 1977, 1978, 1983, 1984]
    )
    assert f7.first_surplus_years(series) == {"first_any": 1976.0, "first_unbroken": 1983.0}
    ends_in_deficit = pd.Series([1.0, -1.0], index=[2000, 2001])
    result = f7.first_surplus_years(ends_in_deficit)
    assert result["first_any"] == 2000.0 and math.isnan(result["first_unbroken"])


def test_checkpoints_and_source_gap(synthetic_results):
    points = synthetic_results["checkpoints"]
    ratio = points[(points.asia_series == "dots_seven") & (points.statistic.str.contains("/"))]
    assert ratio.value.iloc[0] == pytest.approx(180 / 100)
    gap = synthetic_results["source_gap"].set_index("year")
    # DOTS 2001 imports 175 vs Census 160
    assert gap.loc[2001, "imports_dots_vs_census_pct"] == pytest.approx(100 * (175 / 160 - 1))


def test_claims_on_synthetic_data(synthetic_results):
    table = f7.claims(synthetic_results, SYNTHETIC_SPEC)
    assert list(table.columns) == [*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS]
    assert sorted(table.claim_id) == F7_CLAIMS
    values = table.set_index("claim_id").our_value
    assert values["C54"] == 25.0  # peak share, 2002
    assert values["C55"] == pytest.approx(1.8)
    assert values["C56"] == 80.0
    assert values["C57"] == 2000.0
    assert values["C58"] == pytest.approx(0.02)
    assert values["C59"] == pytest.approx(100.0)
    assert values["C60"] == pytest.approx(100 * 40 / 140, abs=0.01)
    assert values["C61"] == pytest.approx(100 * 80 / 180, abs=0.01)
    assert table.set_index("claim_id").loc["C57", "reporter_side"] == "mirror"
    assert table.explanation.str.len().gt(20).all()
    # C57 is a threshold: a surplus in every year from 2000 on, none before; the margin is
    # the smallest surplus (20 USD million)
    c57 = table.set_index("claim_id").loc["C57"]
    assert c57["satisfied"] is True and c57["margin"] == pytest.approx(0.02)
    # the other Asia definitions are beside the headline (the spec's claims_series)
    assert "Census 0016" in table.set_index("claim_id").loc["C60", "alternatives"]


def test_first_surplus_claim_fails_on_a_surplus_before_the_claimed_year(synthetic_results):
    """Claimed: a first surplus in 2001; the US-reported data have one in 2000 already."""
    spec = copy.deepcopy(SYNTHETIC_SPEC)
    spec["claim_years"]["surplus_year"] = 2001
    c57 = f7.claims(synthetic_results, spec).set_index("claim_id").loc["C57"]
    assert c57["satisfied"] is False
    assert c57["our_value"] == 2000.0  # the first year of a surplus
    assert c57["margin"] == pytest.approx(-0.02)  # the 2000 surplus, USD billion
    assert "2000 (+0.020)" in c57["our_text"]


def test_plot_has_four_labelled_panels_with_the_headline_alone_in_b(synthetic_results):
    fig = f7.plot(synthetic_results, SYNTHETIC_SPEC)
    deficit, headline, china, japan = fig.axes
    assert "USD billion" in deficit.get_ylabel()
    assert all("%" in ax.get_ylabel() for ax in (headline, china, japan))
    assert [ax.get_title(loc="left")[:3] for ax in fig.axes] == ["(a)", "(b)", "(c)", "(d)"]
    # one key for the definitions, the headline (claims_series) named as such
    key = [t.get_text() for t in fig.legends[0].get_texts()]
    assert key == ["Census 0016", "Census members", "DOTS members (headline)"]
    # (b): the headline definition only, China and Japan
    assert len([line for line in headline.get_lines() if len(line.get_xdata()) > 2]) == 2
    # Japan's share is never cut off: its panel's axis reaches its largest value
    shares = synthetic_results["main"]
    top = shares.loc[shares.partner == "JPN", "partner_share_of_us_asia_deficit_pct"].max()
    assert japan.get_ylim()[1] >= top and japan.get_yscale() == "log"
    # the title gives the years each source covers
    assert "IMF DOTS 2000-2002; US Census 2001-2002" in " ".join(t.get_text() for t in fig.texts)
    plt.close(fig)


def dashed_positions(ax: plt.Axes) -> list[float]:
    """The x positions of the vertical dashed lines of ``ax`` (the policy dates)."""
    return [
        line.get_xdata()[0]
        for line in ax.get_lines()
        if line.get_linestyle() == "--" and len(set(line.get_xdata())) == 1
    ]


def test_plot_marks_the_policy_dates_inside_its_years(synthetic_results):
    spec = copy.deepcopy(SYNTHETIC_SPEC)
    spec["policy_events"] = [
        {"date": "2001-07-01", "label": "Jul 2001: inside"},
        {"year": 2002, "label": "2002: inside"},
        {"year": 2030, "label": "2030: outside the chart"},
    ]
    fig = f7.plot(synthetic_results, spec)
    inside = [pytest.approx(2001 + 181 / 365), 2002.0]
    # a dashed line per date inside the chart's years, in every panel; numbers in the upper
    assert all(dashed_positions(ax) == inside for ax in fig.axes)
    for ax in fig.axes:
        numbers = [t.get_text() for t in ax.texts if t.get_gid() == figures.POLICY_GID]
        assert numbers == (["1", "2"] if ax in fig.axes[:2] else [])
    # the key in the note names the dates drawn, not the one outside
    note = fig.texts[-1].get_text().replace("\n", " ")
    assert "Dashed lines, policy dates: (1) Jul 2001: inside; (2) 2002: inside" in note
    assert "2030" not in note
    plt.close(fig)


def test_plot_without_policy_dates_has_no_dashed_lines(synthetic_results):
    fig = f7.plot(synthetic_results, SYNTHETIC_SPEC)
    assert not any(dashed_positions(ax) for ax in fig.axes[:2])
    assert "policy dates" not in fig.texts[-1].get_text()
    plt.close(fig)


# ----------------------------------------------------------------------------- bad specs


@pytest.mark.parametrize(
    ("change", "named_key"),
    [
        (lambda s: s["asia_series"]["dots_seven"].update(members=["CHN", "XXX"]), "dots_seven"),
        (lambda s: s.update(first_year=1900), "first_year"),
        (lambda s: s.update(last_year=2030), "last_year"),
        (lambda s: s["claim_years"].update(last=1990), "claim_years.last"),
        (lambda s: s["surplus_growth"].update(first_year=1950), "surplus_growth.first_year"),
        (lambda s: s["asia_series"]["census_0016"].update(code="0099"), "census_0016.code"),
        (lambda s: s["asia_series"]["census_0016"].update(kind="other"), "census_0016.kind"),
        (lambda s: s.update(claims_series="nope"), "claims_series"),
        (lambda s: s.update(plot_series=["nope"]), "plot_series"),
        (lambda s: s.update(focus_partners=["CHN", "XXX"]), "focus_partner"),
        (lambda s: s.pop("us_reporter"), "us_reporter"),
    ],
)
def test_bad_spec_names_the_key(change, named_key):
    spec = copy.deepcopy(SYNTHETIC_SPEC)
    change(spec)
    with pytest.raises(ValueError, match=named_key.replace(".", r"\.")):
        f7.compute(synthetic_tables(), spec)


# ----------------------------------------------------------------------------- real tables

REAL_SPEC = make_spec(
    1965,
    2024,
    {
        "deficit_growth_first": 1965,
        "deficit_growth_last": 1980,
        "japan_share_early": 1980,
        "china_share_first": 1983,
        "surplus_year": 1983,
        "last": 2018,
    },
    (1983, 2018),
)
REAL_SPEC["asia_series"]["dots_seven"]["members"] = [
    "CHN",
    "KOR",
    "JPN",
    "MYS",
    "IDN",
    "VNM",
    "THA",
]
REAL_SPEC["asia_series"]["census_seven"]["members"] = REAL_SPEC["asia_series"]["dots_seven"][
    "members"
]
REAL_SPEC["china_export_share"].update(peak_first_year=1978, peak_last_year=2019)


@pytest.fixture(scope="module")
def real_results(project, processed) -> dict[str, pd.DataFrame]:
    names = [f7.DOTS_TABLE, f7.CENSUS_PARTNERS_TABLE, f7.CENSUS_AGGREGATES_TABLE]
    return f7.compute(row_lineage.real(project, processed, names), REAL_SPEC)


def test_real_values_match_sources_md(real_results):
    main = real_results["main"]
    # bilateral/SOURCES.md: Census China 2018 balance -418,232.9; Asia (0016) -619.8 bn.
    census_china = row(main, "census_0016", "CHN", 2018).us_balance_with_partner_usd_millions
    assert census_china == pytest.approx(-418_232.9, abs=0.1)
    asia = row(main, "census_0016", "CHN", 2018).us_deficit_with_asia_usd_billions
    assert asia == pytest.approx(619.8, abs=0.05)
    # US-reported DOTS 2018: imports from China 539,503, exports 120,341 -> deficit 419,162.
    mirror = real_results["china_us"].set_index(["reporter_side", "year"]).loc[("mirror", 2018)]
    assert mirror.china_surplus_with_us_usd_millions == pytest.approx(419_162, abs=1)
    # China-reported DOTS 2018: exports 480,689, imports 156,259 -> +324,430.
    own = real_results["china_us"].set_index(["reporter_side", "year"]).loc[("own", 2018)]
    assert own.china_surplus_with_us_usd_millions == pytest.approx(324_430, abs=1)


def test_real_rows_name_their_raw_files(real_results):
    """US-reported DOTS rows name the US workbook, China-reported ones China's; Census rows
    country.xlsx, but 2023-2024 the extract of those years (manifest ids)."""
    main = real_results["main"]
    assert row(main, "dots_seven", "CHN", 2018)[lineage.COLUMN] == "dots_workbook_usa"
    assert row(main, "census_0016", "JPN", 2018)[lineage.COLUMN] == "census_country"
    assert row(main, "census_0016", "CHN", 2024)[lineage.COLUMN] == (
        "census_us_goods_trade_selected_partners_2023_2024"
    )
    china_us = real_results["china_us"].set_index(["reporter_side", "year"])[lineage.COLUMN]
    assert china_us[("own", 2018)] == "dots_workbook_chn"
    assert china_us[("mirror", 1970)] == "dots_workbook_usa"  # no trade: looked for there


def test_real_claims_cover_every_id_and_are_consistent(real_results):
    table = f7.claims(real_results, REAL_SPEC)
    assert sorted(table.claim_id) == F7_CLAIMS
    values = table.set_index("claim_id").our_value
    growth = real_results["growth"].set_index("reporter_side").loc["mirror"]
    first, last = growth.surplus_first_year_usd_millions, growth.surplus_last_year_usd_millions
    assert values["C59"] == pytest.approx(100 * ((last / first) ** (1 / 35) - 1), abs=0.01)
    # US-reported: a first surplus in 1976 (and 1977), unbroken surpluses from 1983: the
    # study's "surplus from 1983" fails by the 1976 surplus (USD 0.0875 billion)
    assert values["C57"] == 1976.0
    c57 = table.set_index("claim_id").loc["C57"]
    assert c57["satisfied"] is False and c57["margin"] == pytest.approx(-0.0875)
    assert 0 < values["C61"] < 100 and 0 < values["C62"] < 100


# ----------------------------------------------------------------------------- Chinese (zh)


@pytest.fixture(scope="module")
def config_spec(project) -> dict:
    """F7's spec as the workflow gives it: config exhibits.F7 and the policy dates."""
    config = yaml.safe_load((project / "config/config.yaml").read_text())
    spec = i18n_check.config_spec(project, "F7")
    assert spec.get("mark_policy_events")
    spec["policy_events"] = texts.policy_events(config["policy_events"])
    return spec


@pytest.fixture(scope="module")
def config_spec_zh(project, config_spec) -> dict:
    """The same spec with its texts in Chinese."""
    return {**config_spec, "text": texts.exhibit_text("F7", "zh")}


@pytest.fixture(scope="module")
def config_results(project, processed, config_spec) -> dict[str, pd.DataFrame]:
    return f7.compute(row_lineage.real(project, processed, config_spec["tables"]), config_spec)


def test_real_figure_marks_the_policy_dates(config_results, config_spec):
    fig = f7.plot(config_results, config_spec)
    # the dates of 2018-2020 fall inside 1965-2024; February 2025 lies outside
    assert [len(dashed_positions(ax)) for ax in fig.axes] == [5, 5, 5, 5]
    # five dates within 18 months of a 60-year axis: one shaded band, one label
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_gid() == figures.POLICY_GID]
    assert labels == ["1-5"]
    assert "(5) Jan 2020: Phase One deal" in fig.texts[-1].get_text().replace("\n", " ")
    plt.close(fig)


def test_chinese_figure(config_results, config_spec, config_spec_zh):
    english = f7.plot(config_results, config_spec)
    title = english._suptitle.get_text()
    plt.close(english)
    with i18n.language("zh"):
        fig = f7.plot(config_results, config_spec_zh)
        assert_chinese(fig)
        chinese = fig._suptitle.get_text()
        assert chinese != title and CJK.search(chinese)
        assert CJK.search(fig.texts[-1].get_text())  # the source note and the dates' key
        assert len(dashed_positions(fig.axes[2])) == 5
        plt.close(fig)


def test_chinese_claims(config_results, config_spec, config_spec_zh):
    english = f7.claims(config_results, config_spec)
    with i18n.language("zh"):
        chinese = f7.claims(config_results, config_spec_zh)
    numbers = ["claim_id", "our_value", "satisfied", "unit", "source", "reporter_side"]
    pd.testing.assert_frame_equal(chinese[numbers], english[numbers])
    for column in ("our_text", "explanation"):
        for text, original in zip(chinese[column], english[column], strict=True):
            assert not i18n.untranslated_words(text), (column, text)
            # a text with words in English has them in Chinese (numbers alone stay numbers)
            if re.search("[A-Za-z]{3}", original):
                assert CJK.search(text), (column, text)


def test_a_partner_year_with_a_missing_flow_is_flagged(config_results):
    """DOTS (US-reported) has US imports from China in 1965 and 1971 but no exports, and no
    trade at all 1966-1970: counted as zero, and named in partner_flows_missing."""
    main = config_results["main"]
    china = main[(main.asia_series == "dots_asia_study") & (main.partner == "CHN")]
    flagged = china.set_index("year")["partner_flows_missing"]
    assert flagged.loc[1965] == "exports" and flagged.loc[1971] == "exports"
    assert (flagged.loc[1966:1970] == "both").all()
    assert (flagged.loc[1972:] == "").all()
    # the flagged years are zero exports, not dropped rows
    assert china.loc[china.year == 1971, "us_balance_with_partner_usd_millions"].iloc[0] < 0


# --- the years the texts name (caption, source note) ---------------------------------------


def shown(key: str, values: dict, language: str = "en") -> str:
    """F7's text ``key`` of the text files in ``language``, its fields filled."""
    return texts.fill(texts.exhibit_text("F7", language)[key], values, f"F7.{key}")


def test_real_texts_name_the_years_of_each_source(config_results, config_spec, config_spec_zh):
    """On the canonical tables the texts read as they did when their years were literal."""
    values = caption.values(config_results, config_spec)
    assert values == {
        "dots_first": 1965,
        "dots_last": 2020,
        "census_first": 1985,
        "census_last": 2024,
        # the years each raw file gives (the claims' vintage labels name them)
        "dots_workbook_usa_years": "1965-2020",
        "census_country_years": "1985-2022",
        "census_us_goods_trade_selected_partners_2023_2024_years": "2023-2024",
        # every economy without data in some years, from the column members_without_data
        "without_data": " A named economy without data in a year counts as zero (in DOTS: "
        "China 1965-1971, Malaysia 1965, Vietnam 1980, 1982-1983, 1985, 1987-1993; in Census: "
        "Vietnam 1985-1991).",
    }
    with i18n.language("zh"):
        assert caption.values(config_results, config_spec_zh)["without_data"] == (
            "所列经济体某年无数据时按零计（DOTS：中国内地1965-1971年、马来西亚1965年、"
            "越南1980年、1982-1983年、1985年、1987-1993年；Census：越南1985-1991年）。"
        )
    exhibit = {"id": "F7", "module": "f7", "spec": config_spec}
    english = captions.caption(exhibit, config_results, config_spec["text"])
    assert "(IMF DOTS, 1965-2020)" in english.replace("\n", " ")
    assert "summed; 1985-2024)" in english and "Hong Kong; 1965-2020)" in english
    with i18n.language("zh"):
        chinese = captions.caption(exhibit, config_results, config_spec_zh["text"])
    assert "DOTS，1965-2020年）" in chinese and "之和；1985-2024年）" in chinese
    for language in ("en", "zh"):
        note = shown("source_note", values, language)
        assert note.count("1985-2024") == 1 and note.count("1965-2020") == 1


def test_texts_follow_a_census_year_more(synthetic_results):
    """Census starts in 2001 in the synthetic world; with 2000 rows, in 2000."""
    partners, aggregates = synthetic_census()
    partners = pd.concat([partners[partners["year"] == 2001].assign(year=2000), partners])
    aggregates = pd.concat([aggregates[aggregates["year"] == 2001].assign(year=2000), aggregates])
    tables = synthetic_tables()
    more = row_lineage.synthetic(
        {f7.CENSUS_PARTNERS_TABLE: partners, f7.CENSUS_AGGREGATES_TABLE: aggregates}
    )
    before = caption.values(synthetic_results, SYNTHETIC_SPEC)
    after = caption.values(f7.compute(tables | more, SYNTHETIC_SPEC), SYNTHETIC_SPEC)
    assert before == {
        "dots_first": 2000,
        "dots_last": 2002,
        "census_first": 2001,
        "census_last": 2002,
        "us_workbook_years": "2000-2002",
        "us_csv_years": "2000-2002",
        "synthetic_census_us_trade_partners_annual_years": "2001-2002",
        "synthetic_census_us_trade_aggregates_annual_years": "2001-2002",
        "without_data": " A named economy without data in a year counts as zero (in DOTS: "
        "Malaysia 2000).",
    }
    assert after == before | {
        "census_first": 2000,
        "synthetic_census_us_trade_partners_annual_years": "2000-2002",
        "synthetic_census_us_trade_aggregates_annual_years": "2000-2002",
    }
    for language in ("en", "zh"):
        assert "2001-2002" in shown("caption", before, language)
        assert "2001-2002" not in shown("caption", after, language)
        assert shown("source_note", after, language).count("2000-2002") == 2


def test_the_claims_vintages_name_the_years_of_each_raw_file(
    project, processed, config_results, config_spec
):
    """The vintage labels of replication.csv: DOTS's last year, and the years the Census
    workbook and the later extract each give; without the extract's 2024 rows, 2023 alone."""
    vintages = set(f7.claims(config_results, config_spec)["vintage"])
    census = "Census country.xlsx of March 2023 (1985-2022), June-2025 revision (2023-2024)"
    assert "IMF DOTS extract of Feb 2022 (data to 2020)" in vintages
    assert f"IMF DOTS extract of Feb 2022 (data to 2020); {census}" in vintages
    tables = row_lineage.real(project, processed, config_spec["tables"])
    partners = tables[f7.CENSUS_PARTNERS_TABLE]
    aggregates = tables[f7.CENSUS_AGGREGATES_TABLE]
    shorter = tables | {
        f7.CENSUS_PARTNERS_TABLE: partners[partners["year"] < 2024],
        f7.CENSUS_AGGREGATES_TABLE: aggregates[aggregates["year"] < 2024],
    }
    spec = config_spec | {"last_year": 2023}
    vintages = set(f7.claims(f7.compute(shorter, spec), spec)["vintage"])
    assert not any(census in vintage for vintage in vintages)
    assert any("(1985-2022), June-2025 revision (2023)" in vintage for vintage in vintages)


def test_plot_fills_the_years_of_its_source_note(synthetic_results):
    spec = copy.deepcopy(SYNTHETIC_SPEC)
    spec["text"]["source_note"] = (
        "Census {census_first}-{census_last}, DOTS {dots_first}-{dots_last}.{without_data}"
    )
    fig = f7.plot(synthetic_results, spec)
    note = "Census 2001-2002, DOTS 2000-2002. A named economy without data in a year counts as"
    assert any(note in text for text in i18n_check.figure_texts(fig))
    plt.close(fig)
