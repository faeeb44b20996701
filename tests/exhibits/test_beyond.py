"""B1 (the study's predictions on the data after it): hand-checked deficits, shares, findings."""

from __future__ import annotations

import copy
import datetime as dt
import math
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import yaml

import i18n_check
import row_lineage
from chinatrade import captions, figures, i18n, lineage, texts
from chinatrade.exhibits import beyond
from chinatrade.partners import group_label, resolve_groups
from chinatrade.replication import CLAIM_COLUMNS, check_claims
from chinatrade.texts import exhibit_text
from i18n_check import CJK, assert_chinese, figure_texts, with_texts

ASEAN = ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"]
REGIME_CODES = {
    "all": ["total"],
    "ordinary": ["ordinary"],
    "processing_customs": [
        "processing_assembly_supplied_materials",
        "processing_imported_materials",
    ],
}
PROCESSING = {
    "first_year": 2000,
    "last_year": 2024,
    "regime_codes": REGIME_CODES,
    "source_precedence": [
        "trade_by_regime_annual",
        "trade_by_regime_gacc",
        "china_trade_totals_transcribed",
    ],
    "include_partial_periods": True,
    "partial_period_kinds": ["cumulative"],
    "cny_currency": "CNY",
    "plot_flows": ["trade", "imports"],
    "definition_labels": {
        "non_ordinary": "processing = total - ordinary",
        "customs": "processing = customs processing trade",
    },
    "definition_short_labels": {"non_ordinary": "non-ordinary", "customs": "customs"},
    "flow_labels": {"trade": "of trade", "imports": "of imports", "exports": "of exports"},
}
EVENTS = [
    {"date": "2018-07-06", "label": "Jul 2018: tariffs"},
    {"date": dt.date(2020, 1, 15), "label": "Jan 2020: Phase One"},
    {"year": 2025, "label": "2025: +10%"},
]

# The small world of the synthetic tests: ASEAN is Vietnam, Thailand and Singapore.
SYNTHETIC_SPEC = with_texts(
    {
        "module": "beyond",
        "china": "CHN",
        "first_year": 2017,
        "last_year": 2018,
        "partners": ["CHN", "VNM", "ASEAN", "MEX"],
        "exclude_listed_members": True,
        "memo_partners": ["THA", "BGD"],
        "memo_partner_names": {"THA": "Thailand", "BGD": "Bangladesh"},
        "partner_groups": {"ASEAN": ["SGP", "THA", "VNM"]},
        "partner_labels": {"CHN": "China", "VNM": "Vietnam", "ASEAN": "ASEAN", "MEX": "Mexico"},
        "asia": {
            "code": "0016",
            "label": "Census Asia",
            "partners": ["CHN", "JPN"],
            "first_year": 2017,
            "last_year": 2018,
        },
        "processing": PROCESSING,
        "policy_events": EVENTS,
        "extra_tables": beyond.EXTRA_TABLES,
        "source_note": "Source: synthetic.",
    }
)

# US exports and imports, USD millions: (2017, 2018, 2019); None = no Census row
US_TRADE = {
    "CHN": [(100_000, 500_000), (100_000, 400_000), (100_000, 450_000)],
    "VNM": [(10_000, 60_000), (10_000, 110_000), (10_000, 120_000)],
    "THA": [(20_000, 50_000), (20_000, 70_000), (20_000, 70_000)],
    "SGP": [(40_000, 30_000), (40_000, 30_000), (40_000, 30_000)],
    "MEX": [(200_000, 230_000), (200_000, 260_000), (200_000, 260_000)],
    "JPN": [(50_000, 130_000), (50_000, 150_000), (50_000, 150_000)],
    "BGD": [(5_000, 25_000), None, None],
}
# the Census Asia aggregate's balance (USD millions); a US surplus in 2019
ASIA_BALANCE = {2017: -800_000, 2018: -1_000_000, 2019: 10_000}


def synthetic_census(trade: dict | None = None) -> pd.DataFrame:
    rows = []
    for iso3, by_year in (trade or US_TRADE).items():
        for year, values in zip((2017, 2018, 2019), by_year, strict=True):
            if values is None:
                continue
            exports, imports = values
            rows.append(
                {
                    "year": year,
                    "cty_code": f"c{iso3}",
                    "cty_name": iso3,
                    "partner_iso3": iso3,
                    "partner_kind": "economy",
                    "is_aggregate": False,
                    "exports_fas_usd_millions": float(exports),
                    "imports_general_customs_usd_millions": float(imports),
                    "balance_usd_millions": float(exports - imports),
                    "months_reported": 12,
                    "complete_year": True,
                    "reporter_iso3": "USA",
                    "reporter_side": "own",
                    "source": f"Census vintage {'B' if year >= 2019 else 'A'}",
                    lineage.COLUMN: f"synthetic_census_{'B' if year >= 2019 else 'A'}",
                }
            )
    return pd.DataFrame(rows)


def synthetic_aggregates() -> pd.DataFrame:
    rows = []
    for year, balance in ASIA_BALANCE.items():
        exports = 500_000.0
        rows.append(
            {
                "year": year,
                "cty_code": "0016",
                "cty_name": "Asia",
                "partner_iso3": None,
                "partner_kind": "aggregate",
                "is_aggregate": True,
                "exports_fas_usd_millions": exports,
                "imports_general_customs_usd_millions": exports - balance,
                "balance_usd_millions": float(balance),
                "months_reported": 12,
                "complete_year": True,
                "reporter_iso3": "USA",
                "reporter_side": "own",
                "source": "Census vintage A",
                lineage.COLUMN: "synthetic_census_aggregates",
            }
        )
    return pd.DataFrame(rows)


def synthetic_regime_annual() -> pd.DataFrame:
    """2018 both flows (USD 100 million): exports total 100, ordinary 50, processing 30+5,
    bonded 15; imports total 80, ordinary 45, processing 10+5, bonded 20. 2022 imports only:
    total 100, ordinary 70, processing 10+2, bonded 18."""
    values = {
        (2018, "exports"): (100.0, 50.0, 30.0, 5.0, 15.0),
        (2018, "imports"): (80.0, 45.0, 10.0, 5.0, 20.0),
        (2022, "imports"): (100.0, 70.0, 10.0, 2.0, 18.0),
    }
    codes = (
        "total",
        "ordinary",
        "processing_imported_materials",
        "processing_assembly_supplied_materials",
        "bonded_supervision_sites",
    )
    rows = [
        {
            "year": year,
            "period": "1-12",
            "is_partial_year": False,
            "flow": flow,
            "regime_code": code,
            "value_usd_100m": value,
            "method": "reported",
            "source": "GACC synthetic",
        }
        for (year, flow), numbers in values.items()
        for code, value in zip(codes, numbers, strict=True)
    ]
    return pd.DataFrame(rows)


def synthetic_gacc() -> pd.DataFrame:
    """Jan-Oct 2023, both flows, USD thousands: ordinary 60%, customs processing 25%."""
    rows = []
    for flow, base in (("exports", 1_000_000.0), ("imports", 600_000.0)):
        for code, share in (
            ("total", 1.0),
            ("ordinary", 0.6),
            ("processing_imported_materials", 0.2),
            ("processing_assembly_supplied_materials", 0.05),
        ):
            rows.append(
                {
                    "gacc_table": "5",
                    "year": 2023,
                    "period": "1-10",
                    "period_kind": "cumulative",
                    "is_partial_year": True,
                    "flow": flow,
                    "regime_code": code,
                    "enterprise_type": "all",
                    "value_usd_thousands": base * share,
                    "value_status": "reported",
                    "source": "GACC synthetic",
                    # exports and imports by regime come in two bulletins
                    lineage.COLUMN: f"synthetic_gacc_{flow}",
                }
            )
    return pd.DataFrame(rows)


def synthetic_transcribed() -> pd.DataFrame:
    """2012: exports 200, imports 180, ordinary 90/100, customs processing trade 152 (USD
    100 million); 2018: a total and a customs processing figure that disagree with the bulletin
    (for the precedence test)."""
    rows = [
        (2012, "exports", "all", 200.0),
        (2012, "imports", "all", 180.0),
        (2012, "exports", "ordinary", 90.0),
        (2012, "imports", "ordinary", 100.0),
        (2012, "exports_plus_imports", "processing_customs", 152.0),
        (2018, "exports_plus_imports", "all", 180.0),
        (2018, "exports_plus_imports", "processing_customs", 12.0),
    ]
    frame = pd.DataFrame(rows, columns=["year", "flow", "trade_mode", "value_usd_100m"])
    frame["period"] = "1-12"
    frame["is_partial_year"] = False
    frame["value_cny_100m"] = math.nan
    frame["status"] = "reported"
    frame["rounding_unit"] = 0.1
    frame["note"] = ""
    frame["source"] = "press synthetic"
    return frame


def synthetic_tables(census: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    return row_lineage.synthetic(
        {
            "census_us_trade_partners_annual": synthetic_census() if census is None else census,
            "census_us_trade_aggregates_annual": synthetic_aggregates(),
            "trade_by_regime_annual": synthetic_regime_annual(),
            "trade_by_regime_gacc": synthetic_gacc(),
            "china_trade_totals_transcribed": synthetic_transcribed(),
            "fx_fed_h10": pd.DataFrame(
                {"currency": ["CNY"], "year": [2018], "units_per_usd": [6.6]}
            ),
            "study_claims": pd.DataFrame({"claim_id": ["C01"], "exhibit": ["INTRO"]}),
        }
    )


SYNTHETIC_IDS = [
    "synthetic_census_A",
    "synthetic_census_B",
    "synthetic_census_aggregates",
    "synthetic_trade_by_regime_annual",
    "synthetic_gacc_exports",
    "synthetic_gacc_imports",
    "synthetic_china_trade_totals_transcribed",
    "synthetic_fx_fed_h10",
]


def spec_with(**changes) -> dict:
    spec = copy.deepcopy(SYNTHETIC_SPEC)
    for key, value in changes.items():
        target = spec
        *parents, last = key.split(".")
        for parent in parents:
            target = target[parent]
        target[last] = value
    return spec


@pytest.fixture(scope="module")
def synthetic_results() -> dict[str, pd.DataFrame]:
    return beyond.compute(synthetic_tables(), SYNTHETIC_SPEC)


def cell(table: pd.DataFrame, column: str, **where) -> object:
    chosen = table
    for key, value in where.items():
        chosen = chosen[chosen[key] == value]
    assert len(chosen) == 1, where
    return chosen[column].iloc[0]


# ----------------------------------------------------------------------------- deficits


def test_partner_deficits_by_hand(synthetic_results):
    main = synthetic_results["main"]
    assert cell(main, "us_deficit_usd_billions", partner="CHN", year=2017) == 400.0
    assert cell(main, "us_deficit_usd_billions", partner="CHN", year=2018) == 300.0
    assert cell(main, "us_balance_usd_millions", partner="VNM", year=2018) == -100_000.0
    # ASEAN without Vietnam (listed on its own): Thailand 30 + Singapore -10 (a US surplus)
    assert cell(main, "members", partner="ASEAN_excl_VNM", year=2017) == "SGP;THA"
    assert cell(main, "partner_label", partner="ASEAN_excl_VNM", year=2017) == (
        "ASEAN excl. Vietnam"
    )
    assert cell(main, "us_deficit_usd_billions", partner="ASEAN_excl_VNM", year=2017) == 20.0
    assert cell(main, "us_deficit_usd_billions", partner="ASEAN_excl_VNM", year=2018) == 40.0
    # shares of the sum 400 + 50 + 20 + 30 = 500 (2017) and 300 + 100 + 40 + 60 = 500 (2018)
    assert cell(main, "share_of_partner_sum_deficit_pct", partner="CHN", year=2017) == 80.0
    assert cell(main, "share_of_partner_sum_deficit_pct", partner="CHN", year=2018) == 60.0
    assert set(main["reporter_side"]) == {"own"} and set(main["reporter_iso3"]) == {"USA"}
    assert list(main.columns) == beyond.MAIN_COLUMNS


def test_memo_partner_is_shown_not_summed_and_a_gap_stays_a_gap(synthetic_results):
    main = synthetic_results["main"]
    thailand = main[main["partner"] == "THA"]
    assert not thailand["counted_in_partner_sum"].any()
    assert cell(main, "us_deficit_usd_billions", partner="THA", year=2018) == 50.0
    # Bangladesh has no 2018 row: missing, never zero
    assert math.isnan(cell(main, "us_deficit_usd_billions", partner="BGD", year=2018))
    assert cell(main, "members_without_data", partner="BGD", year=2018) == "BGD"


def test_group_with_a_member_missing_is_missing():
    trade = dict(US_TRADE)
    trade["SGP"] = [(40_000, 30_000), None, (40_000, 30_000)]
    results = beyond.compute(synthetic_tables(synthetic_census(trade)), SYNTHETIC_SPEC)
    main, change = results["main"], results["deficit_change"]
    assert math.isnan(cell(main, "us_deficit_usd_billions", partner="ASEAN_excl_VNM", year=2018))
    assert cell(main, "members_without_data", partner="ASEAN_excl_VNM", year=2018) == "SGP"
    # no share and no sum where a counted partner is missing
    assert math.isnan(cell(main, "share_of_partner_sum_deficit_pct", partner="CHN", year=2018))
    assert math.isnan(cell(change, "us_deficit_last_year_usd_billions", partner=beyond.SUM_ALL))
    assert "for members SGP" in cell(change, "note", partner="ASEAN_excl_VNM")


def test_group_keeps_every_member_when_asked():
    results = beyond.compute(synthetic_tables(), spec_with(exclude_listed_members=False))
    main = results["main"]
    # Vietnam 50 + Thailand 30 + Singapore -10
    assert cell(main, "us_deficit_usd_billions", partner="ASEAN", year=2017) == 70.0
    assert cell(main, "partner_label", partner="ASEAN", year=2017) == "ASEAN"


def test_deficit_change_by_hand(synthetic_results):
    change = synthetic_results["deficit_change"]
    assert list(change.columns) == beyond.CHANGE_COLUMNS
    assert cell(change, "change_usd_billions", partner="CHN") == -100.0
    assert cell(change, "change_pct", partner="CHN") == -25.0
    assert cell(change, "change_usd_billions", partner="VNM") == 50.0
    assert cell(change, "change_pct", partner="VNM") == 100.0
    # the others rose by 50 + 20 + 30 = 100, exactly China's fall
    assert cell(change, "change_usd_billions", partner=beyond.SUM_OTHERS) == 100.0
    assert cell(change, "change_as_pct_of_china_deficit_fall", partner=beyond.SUM_OTHERS) == 100.0
    assert cell(change, "change_as_pct_of_china_deficit_fall", partner="VNM") == 50.0
    assert cell(change, "change_as_pct_of_china_deficit_fall", partner="CHN") == -100.0
    assert cell(change, "us_deficit_first_year_usd_billions", partner=beyond.SUM_ALL) == 500.0
    assert cell(change, "share_of_partner_sum_first_year_pct", partner="CHN") == 80.0
    assert cell(change, "share_of_partner_sum_last_year_pct", partner="CHN") == 60.0
    assert cell(change, "share_of_partner_sum_last_year_pct", partner="MEX") == 12.0
    assert cell(change, "note", partner="BGD") == (
        "no Census data for 2018; latest year with data 2017"
    )
    assert cell(change, "source", partner="CHN") == "Census vintage A"


def test_no_offset_ratio_when_china_did_not_fall():
    trade = dict(US_TRADE)
    trade["CHN"] = [(100_000, 500_000), (100_000, 600_000), (100_000, 600_000)]
    change = beyond.compute(synthetic_tables(synthetic_census(trade)), SYNTHETIC_SPEC)[
        "deficit_change"
    ]
    assert change["change_as_pct_of_china_deficit_fall"].isna().all()


# ----------------------------------------------------------------------------- Asia shares


def test_asia_shares_by_hand(synthetic_results):
    asia = synthetic_results["asia_shares"]
    assert list(asia.columns) == beyond.ASIA_COLUMNS
    assert cell(asia, "share_of_us_asia_deficit_pct", partner="CHN", year=2017) == 50.0
    assert cell(asia, "share_of_us_asia_deficit_pct", partner="CHN", year=2018) == 30.0
    assert cell(asia, "share_of_us_asia_deficit_pct", partner="JPN", year=2018) == 10.0
    assert cell(asia, "us_deficit_with_asia_usd_billions", partner="JPN", year=2018) == 1000.0


def test_no_share_of_a_us_surplus_with_asia():
    spec = spec_with(**{"asia.last_year": 2019, "last_year": 2019})
    asia = beyond.compute(synthetic_tables(), spec)["asia_shares"]
    assert math.isnan(cell(asia, "share_of_us_asia_deficit_pct", partner="CHN", year=2019))
    # a partner row of another vintage names both sources
    assert cell(asia, "source", partner="CHN", year=2019) == "Census vintage A; Census vintage B"


# ----------------------------------------------------------------------------- processing share


def test_processing_shares_by_hand(synthetic_results):
    shares = synthetic_results["processing_share"]
    assert list(shares.columns) == beyond.PROCESSING_COLUMNS

    def share(year, flow, definition, partial=False):
        return cell(
            shares,
            "processing_share_pct",
            year=year,
            flow=flow,
            definition=definition,
            is_partial_year=partial,
        )

    # 2018: customs (35 + 15) / 180; non-ordinary (50 + 35) / 180; imports 15/80, exports 35/100
    assert share(2018, "trade", "customs") == pytest.approx(100 * 50 / 180)
    assert share(2018, "trade", "non_ordinary") == pytest.approx(100 * 85 / 180)
    assert share(2018, "imports", "customs") == pytest.approx(18.75)
    assert share(2018, "exports", "customs") == pytest.approx(35.0)
    # 2022: imports only, no share of trade
    assert share(2022, "imports", "customs") == pytest.approx(12.0)
    assert share(2022, "imports", "non_ordinary") == pytest.approx(30.0)
    assert shares[(shares["year"] == 2022) & (shares["flow"] == "trade")].empty
    # 2012 (transcribed): customs 152 / 380; non-ordinary (380 - 190) / 380
    assert share(2012, "trade", "customs") == pytest.approx(40.0)
    assert share(2012, "trade", "non_ordinary") == pytest.approx(50.0)
    # Jan-Oct 2023 (bulletin, USD thousands): 25% customs, 40% non-ordinary in every flow
    assert share(2023, "trade", "customs", partial=True) == pytest.approx(25.0)
    assert share(2023, "imports", "non_ordinary", partial=True) == pytest.approx(40.0)
    assert (
        cell(shares, "period_label", year=2023, flow="trade", definition="customs")
        == "2023 Jan-Oct (partial)"
    )
    assert set(shares["reporter_side"]) == {"own"}


def test_processing_source_precedence():
    # 2018: the bulletin (first) wins over the transcribed figure (12 / 180)
    shares = beyond.compute(synthetic_tables(), SYNTHETIC_SPEC)["processing_share"]
    chosen = shares[(shares["year"] == 2018) & (shares["flow"] == "trade")]
    assert set(chosen["source_table"]) == {"trade_by_regime_annual"}
    reversed_order = list(reversed(PROCESSING["source_precedence"]))
    spec = spec_with(**{"processing.source_precedence": reversed_order})
    shares = beyond.compute(synthetic_tables(), spec)["processing_share"]
    customs = shares[
        (shares["year"] == 2018) & (shares["flow"] == "trade") & (shares["definition"] == "customs")
    ]
    assert customs["processing_share_pct"].iloc[0] == pytest.approx(100 * 12 / 180)
    assert customs["source_table"].iloc[0] == "china_trade_totals_transcribed"


def test_partial_periods_can_be_left_out():
    spec = spec_with(**{"processing.include_partial_periods": False})
    shares = beyond.compute(synthetic_tables(), spec)["processing_share"]
    assert not shares["is_partial_year"].any()


# ----------------------------------------------------------------------------- raw files


def test_every_table_names_each_rows_raw_files():
    results = beyond.compute(synthetic_tables(), spec_with(last_year=2019))
    for name, table in results.items():
        lineage.check("B1", name, table, SYNTHETIC_IDS)
    main, change = results["main"], results["deficit_change"]
    assert cell(main, lineage.COLUMN, partner="CHN", year=2019) == "synthetic_census_B"
    # Bangladesh has no 2018 row: it was looked for among the year's rows (its share's sum)
    assert cell(main, lineage.COLUMN, partner="BGD", year=2018) == "synthetic_census_A"
    assert cell(change, lineage.COLUMN, partner="VNM") == "synthetic_census_A; synthetic_census_B"
    assert cell(change, lineage.COLUMN, partner=beyond.SUM_ALL) == (
        "synthetic_census_A; synthetic_census_B"
    )


def test_asia_rows_name_the_aggregates_and_the_partners_files(synthetic_results):
    asia = synthetic_results["asia_shares"]
    assert cell(asia, lineage.COLUMN, partner="JPN", year=2018) == (
        "synthetic_census_A; synthetic_census_aggregates"
    )


def test_processing_rows_name_the_files_of_their_flows(synthetic_results):
    shares = synthetic_results["processing_share"]

    def ids(year, flow, definition="customs"):
        return cell(shares, lineage.COLUMN, year=year, flow=flow, definition=definition)

    # Jan-Oct 2023: an import share from the imports bulletin only; trade from both
    assert ids(2023, "imports") == "synthetic_gacc_imports"
    assert ids(2023, "trade", "non_ordinary") == "synthetic_gacc_exports; synthetic_gacc_imports"
    assert ids(2018, "trade") == "synthetic_trade_by_regime_annual"
    assert ids(2012, "trade") == "synthetic_china_trade_totals_transcribed"


# ----------------------------------------------------------------------------- events


@pytest.mark.parametrize(
    ("event", "position"),
    [
        ({"date": "2018-07-06", "label": "x"}, 2018 + 186 / 365),
        ({"date": dt.date(2020, 1, 15), "label": "x"}, 2020 + 14 / 366),
        ({"year": 2025, "label": "x"}, 2025.0),
    ],
)
def test_event_position(event, position):
    # B1 places its policy dates with the shared helper
    assert figures.event_position(event, 0) == pytest.approx(position)


def test_policy_key_lists_the_dates_drawn_in_a_panel(synthetic_results):
    """Jul 2018 stands in panels (a)-(c), Jan 2020 in (c) only (2012-2023); 2025 lies after
    every panel's last year and is neither drawn nor listed."""
    fig = beyond.plot(synthetic_results, SYNTHETIC_SPEC)
    key = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert key == ["1  Jul 2018: tariffs", "2  Jan 2020: Phase One"]
    plt.close(fig)


# ----------------------------------------------------------------------------- claims, findings


def test_claims_is_empty_with_the_agreed_columns(synthetic_results):
    claims = beyond.claims(synthetic_results, SYNTHETIC_SPEC)
    assert claims.empty
    assert list(claims.columns) == CLAIM_COLUMNS
    assert check_claims(claims, "B1").empty


def test_compute_returns_the_declared_tables(synthetic_results):
    assert set(synthetic_results) == {"main", *SYNTHETIC_SPEC["extra_tables"]}


def test_findings_carry_the_numbers(synthetic_results):
    sentences = beyond.findings(synthetic_results, SYNTHETIC_SPEC)
    text = " ".join(sentences)
    assert (
        "The US goods deficit with China fell from USD 400.0 bn in 2017 to 300.0 bn in 2018" in text
    )
    assert "Vietnam from 50.0 to 100.0 bn" in text
    assert "was matched by the change of USD +100.0 bn" in text
    assert "China's share of it from 80.0% to 60.0%" in text
    assert "Bangladesh: not computable" in text
    assert "USD 800.0 bn in 2017" in text and "1,000.0 bn in 2018" in text
    assert "China's share of it went from 50.0% (2017)" in text
    assert "customs: 40.0% in 2012, 27.8% in 2018, 25.0% in Jan-Oct 2023" in text
    assert "processing trade is giving way to ordinary trade" in text


def test_findings_change_when_the_data_change(synthetic_results):
    before = beyond.findings(synthetic_results, SYNTHETIC_SPEC)
    trade = dict(US_TRADE)
    trade["CHN"] = [(100_000, 500_000), (100_000, 600_000), (100_000, 600_000)]
    after = beyond.findings(
        beyond.compute(synthetic_tables(synthetic_census(trade)), SYNTHETIC_SPEC), SYNTHETIC_SPEC
    )
    assert before != after
    text = " ".join(after)
    assert "China rose from USD 400.0 bn in 2017 to 500.0 bn in 2018" in text
    assert "did not fall between 2017 and 2018" in text


def test_findings_work_on_tables_read_back_from_csv(synthetic_results, tmp_path):
    read_back = {}
    for name, table in synthetic_results.items():
        path = tmp_path / f"{name}.csv"
        table.to_csv(path, index=False)
        read_back[name] = pd.read_csv(path, dtype={"period": str, "asia_code": str})
    expected = beyond.findings(synthetic_results, SYNTHETIC_SPEC)
    assert beyond.findings(read_back, SYNTHETIC_SPEC) == expected


def test_plot_has_three_labelled_panels(synthetic_results):
    fig = beyond.plot(synthetic_results, SYNTHETIC_SPEC)
    panels = [ax for ax in fig.axes if ax.axison]
    assert len(panels) == 3
    # each axis ends at its last year with data (2018, 2018, 2023), not at a later policy date
    last_years = [2018, 2018, 2023]
    for ax, last in zip(panels, last_years, strict=True):
        assert ax.get_ylabel() and ax.get_xlabel() and ax.get_title(loc="left")
        assert ax.get_xlim()[1] == last + 0.5
        assert not any(line.get_xdata()[0] == 2025.0 for line in ax.get_lines())
    assert "2017-2023 data" in fig._suptitle.get_text()
    assert fig.texts and "Source: synthetic." in fig.texts[-1].get_text()
    plt.close(fig)


# ----------------------------------------------------------------------------- bad specs


@pytest.mark.parametrize(
    ("changes", "named_key"),
    [
        ({"partners": ["CHN", "XXX"]}, "'partners'"),
        ({"first_year": 1980}, "'first_year'"),
        ({"last_year": 2030}, "'last_year'"),
        ({"first_year": 2019, "last_year": 2018}, "'first_year'"),
        ({"china": "HKG"}, "'china'"),
        ({"memo_partners": ["ZZZ"], "memo_partner_names": {"ZZZ": "Nowhere"}}, "'memo_partners'"),
        ({"memo_partners": ["VNM"], "memo_partner_names": {"VNM": "Vietnam"}}, "'memo_partners'"),
        ({"memo_partner_names": {"THA": "Thailand"}}, "'memo_partner_names'"),
        ({"asia.code": "9999"}, "'asia.code'"),
        ({"asia.first_year": 2010}, "'asia.first_year'"),
        ({"asia.partners": ["CHN", "XXX"]}, "'asia.partners'"),
        ({"processing.regime_codes": {"all": ["total"]}}, "'processing.regime_codes'"),
        (
            {"processing.regime_codes": {**REGIME_CODES, "ordinary": ["no_such_regime"]}},
            "'processing.regime_codes.ordinary'",
        ),
        ({"processing.source_precedence": ["other_table"]}, "'processing.source_precedence'"),
        ({"processing.first_year": 1990, "processing.last_year": 1995}, "'processing.first_year'"),
        (
            {"policy_events": [{"date": "2018-13-45", "label": "x"}]},
            "config 'policy_events[0].date'",
        ),
        ({"policy_events": [{"label": "x"}]}, "config 'policy_events[0]'"),
    ],
)
def test_bad_spec_names_the_key(changes, named_key):
    with pytest.raises(ValueError, match=named_key.replace("[", r"\[").replace("]", r"\]")):
        beyond.compute(synthetic_tables(), spec_with(**changes))


def test_missing_spec_key_is_named():
    spec = spec_with()
    del spec["asia"]
    with pytest.raises(ValueError, match="'asia'"):
        beyond.compute(synthetic_tables(), spec)


# ----------------------------------------------------------------------------- real data

REAL_SPEC = {
    **SYNTHETIC_SPEC,
    "first_year": 2017,
    "last_year": 2024,
    "partners": ["CHN", "VNM", "ASEAN", "MEX", "IND", "TWN", "KOR", "JPN"],
    "memo_partners": ["THA", "KHM", "BGD"],
    "memo_partner_names": {"THA": "Thailand", "KHM": "Cambodia", "BGD": "Bangladesh"},
    "partner_groups": {"ASEAN": ASEAN},
    "partner_labels": {
        "CHN": "China",
        "VNM": "Vietnam",
        "ASEAN": "ASEAN-10",
        "MEX": "Mexico",
        "IND": "India",
        "TWN": "Taiwan",
        "KOR": "South Korea",
        "JPN": "Japan",
    },
    "asia": {
        "code": "0016",
        "label": "Census Asia 0016",
        "partners": ["CHN", "JPN"],
        "first_year": 2015,
        "last_year": 2024,
    },
    "policy_events": [
        {"date": "2018-07-06", "label": "Jul 2018: 25% on USD 34 bn"},
        {"date": "2018-09-24", "label": "Sep 2018: 10% on USD 200 bn"},
        {"date": "2019-05-10", "label": "May 2019: raised to 25%"},
        {"date": "2019-09-01", "label": "Sep 2019: 15% on list 4A"},
        {"date": "2020-01-15", "label": "Jan 2020: Phase One deal"},
        {"date": "2025-02-04", "label": "Feb 2025: +10% on all"},
    ],
}


@pytest.fixture(scope="module")
def real_results(project, processed) -> dict[str, pd.DataFrame]:
    names = [
        "census_us_trade_partners_annual",
        "census_us_trade_aggregates_annual",
        "trade_by_regime_annual",
        "trade_by_regime_gacc",
        "china_trade_totals_transcribed",
        "fx_fed_h10",
    ]
    return beyond.compute(row_lineage.real(project, processed, names), REAL_SPEC)


def test_real_census_values_as_in_sources_md(real_results):
    main, asia = real_results["main"], real_results["asia_shares"]
    # bilateral/SOURCES.md: China 2024 balance -297,047.7; 2018 -418,232.9; Japan 2018 -67.1 bn
    assert cell(main, "us_balance_usd_millions", partner="CHN", year=2024) == pytest.approx(
        -297_047.7, abs=0.05
    )
    assert cell(main, "us_balance_usd_millions", partner="CHN", year=2018) == pytest.approx(
        -418_232.9, abs=0.05
    )
    assert cell(main, "us_deficit_usd_billions", partner="JPN", year=2018) == pytest.approx(
        67.1, abs=0.05
    )
    # Asia (0016) 2018 -619.8 bn, so China's share 418.2 / 619.8
    assert cell(
        asia, "us_deficit_with_asia_usd_billions", partner="CHN", year=2018
    ) == pytest.approx(619.8, abs=0.05)
    assert cell(asia, "share_of_us_asia_deficit_pct", partner="CHN", year=2018) == pytest.approx(
        100 * 418.2329 / 619.8258, abs=0.01
    )
    # every ASEAN member other than Vietnam has data 2017-2024 (the 2023-2024 extract has all ten)
    other_asean = main[main["partner"] == "ASEAN_excl_VNM"]
    assert other_asean["us_deficit_usd_billions"].notna().all()
    # Bangladesh is outside the 2023-2024 extract: missing, not zero
    assert (
        main[(main["partner"] == "BGD") & (main["year"] >= 2023)]["us_deficit_usd_billions"]
        .isna()
        .all()
    )


def test_real_rows_name_the_census_file_of_their_year(real_results):
    main, change = real_results["main"], real_results["deficit_change"]
    # Census's country.xlsx to 2022, the transcribed 2023-2024 extract after
    assert cell(main, lineage.COLUMN, partner="CHN", year=2018) == "census_country"
    assert cell(main, lineage.COLUMN, partner="VNM", year=2024) == (
        "census_us_goods_trade_selected_partners_2023_2024"
    )
    assert cell(change, lineage.COLUMN, partner="CHN") == (
        "census_country; census_us_goods_trade_selected_partners_2023_2024"
    )
    shares = real_results["processing_share"]
    assert cell(
        shares, lineage.COLUMN, year=2024, period="1-5", flow="exports", definition="customs"
    ) == ("gacc_en_exports_by_enterprise_regime_2024_1_5")


def test_real_processing_shares_as_in_sources_md(real_results):
    shares = real_results["processing_share"]

    def share(year, period, flow, definition):
        return cell(
            shares,
            "processing_share_pct",
            year=year,
            period=period,
            flow=flow,
            definition=definition,
        )

    # gacc/SOURCES.md: customs processing share of exports Jan-Jul 2023 20.4%, Jan-May 2024 19.2%
    assert share(2023, "1-7", "exports", "customs") == pytest.approx(20.4, abs=0.05)
    assert share(2024, "1-5", "exports", "customs") == pytest.approx(19.2, abs=0.05)
    # regime/SOURCES.md: 2018 non-ordinary trade 10,860.6 + 8,601.5 = 19,462.2 of 46,213.3
    assert share(2018, "1-12", "trade", "non_ordinary") == pytest.approx(
        100 * 19_462.15 / 46_213.31, abs=0.01
    )
    # imports by regime are public for 2022-2024 (full years)
    full_imports = shares[
        (shares["flow"] == "imports")
        & (shares["definition"] == "customs")
        & ~shares["is_partial_year"]
    ]
    assert {2022, 2023, 2024} <= set(full_imports["year"])


def test_real_findings_and_figure(real_results):
    sentences = beyond.findings(real_results, REAL_SPEC)
    text = " ".join(sentences)
    assert "The US goods deficit with China fell from USD 375.2 bn in 2017 to 297.0 bn in 2024" in (
        text
    )
    assert "Vietnam from 38.3 to 123.2 bn" in text
    fig = beyond.plot(real_results, REAL_SPEC)
    # (a)'s eight partners over two panels of four lines, then (b) and (c)
    panels = [ax for ax in fig.axes if ax.axison]
    assert [len(ax.get_legend_handles_labels()[0]) for ax in panels[:2]] == [4, 4]
    assert len(panels) == 4
    plt.close(fig)


def test_real_figure_saves(real_results, tmp_path):
    figures.save(beyond.plot(real_results, REAL_SPEC), tmp_path / "B1.png", tmp_path / "B1.svg")
    assert (tmp_path / "B1.png").stat().st_size > 10_000


# ----------------------------------------------------------------------------- Chinese (zh)

DECIMALS = re.compile(r"[-+]?\d[\d,]*\.\d+")


@pytest.fixture(scope="module")
def config_spec(project) -> dict:
    """B1's spec as the workflow gives it (exhibit_params in workflow/rules/common.smk)."""
    config = yaml.safe_load((project / "config/config.yaml").read_text())
    spec = i18n_check.config_spec(project, "B1")
    spec["partner_groups"] = resolve_groups(config["partner_groups"])
    assert spec.get("mark_policy_events")
    spec["policy_events"] = texts.policy_events(config["policy_events"])
    spec["partner_labels"] = {p: group_label(p, config["partner_groups"]) for p in spec["partners"]}
    return spec


@pytest.fixture(scope="module")
def config_results(project, processed, config_spec) -> dict[str, pd.DataFrame]:
    tables = row_lineage.real(project, processed, config_spec["tables"])
    return beyond.compute(tables, config_spec)


def assert_same_findings(english: list[str], chinese: list[str]) -> None:
    """Each Chinese finding is Chinese and carries the numbers of its English one."""
    assert len(chinese) == len(english)
    for zh, en in zip(chinese, english, strict=True):
        assert CJK.search(zh) and not i18n.untranslated_words(zh), zh
        assert sorted(DECIMALS.findall(zh)) == sorted(DECIMALS.findall(en)), (zh, en)


def test_chinese_figure(config_results, config_spec):
    english = beyond.plot(config_results, config_spec)
    title = english._suptitle.get_text()
    plt.close(english)
    with i18n.language("zh"):
        fig = beyond.plot(config_results, {**config_spec, "text": exhibit_text("B1", "zh")})
        assert_chinese(fig)
        chinese = fig._suptitle.get_text()
        assert chinese != title and CJK.search(chinese)
        texts = figure_texts(fig)
        assert "中国" in texts and any("东盟" in text and "越南" in text for text in texts)
        plt.close(fig)


def test_chinese_findings_carry_the_same_numbers(config_results, config_spec):
    english = beyond.findings(config_results, config_spec)
    with i18n.language("zh"):
        chinese = beyond.findings(config_results, config_spec)
    assert_same_findings(english, chinese)


def test_chinese_findings_on_tables_read_back_from_csv(config_results, config_spec, tmp_path):
    read_back = {}
    for name, table in config_results.items():
        path = tmp_path / f"{name}.csv"
        table.to_csv(path, index=False)
        read_back[name] = pd.read_csv(path)
    with i18n.language("zh"):
        assert beyond.findings(read_back, config_spec) == beyond.findings(
            config_results, config_spec
        )


@pytest.mark.parametrize("china_trade", [None, [(100_000, 500_000)] * 3], ids=["fell", "rose"])
def test_chinese_findings_every_branch_on_synthetic_data(china_trade):
    # the synthetic world with the labels of the config (those have Chinese texts)
    spec = copy.deepcopy(SYNTHETIC_SPEC)
    spec["partner_labels"].update(ASEAN="ASEAN-10", JPN="Japan")
    spec["processing"]["definition_short_labels"] = {
        "non_ordinary": "non-ordinary trade (study)",
        "customs": "customs processing",
    }
    trade = dict(US_TRADE)
    if china_trade:
        trade["CHN"] = china_trade
    results = beyond.compute(synthetic_tables(synthetic_census(trade)), spec)
    english = beyond.findings(results, spec)
    with i18n.language("zh"):
        chinese = beyond.findings(results, spec)
    assert_same_findings(english, chinese)
    text = " ".join(chinese)
    assert "孟加拉国：无法计算（无2018年 Census 数据；有数据的最近年份为2017年）" in text
    assert "东盟十国（不含越南）" in text and "2023年1月-10月为25.0%" in text


def test_findings_describe_and_give_shares_of_the_total_deficit(synthetic_results):
    """Issue 13: descriptive words for a before/after change (no verdict on the prediction, no
    counterfactual), Asia named with what it includes, and with a Census total (0015) the
    shares of the total US deficit too."""
    text = " ".join(beyond.findings(synthetic_results, SYNTHETIC_SPEC))
    assert "consistent with" not in text and "did not reduce" not in text
    assert "does not show what caused it" in text
    assert "which includes the Middle East and South Asia" in text
    assert "larger than before the tariffs" in text
    assert "shares of the total US goods deficit" not in text  # no total in the spec
    aggregates = synthetic_aggregates()
    total = aggregates.assign(
        cty_code="0015",
        balance_usd_millions=[-1_600_000.0, -2_000_000.0, -900_000.0],
        **{lineage.COLUMN: "synthetic_census_total"},
    )
    tables = synthetic_tables()
    tables["census_us_trade_aggregates_annual"] = pd.concat([aggregates, total])
    spec = spec_with(**{"asia.total_code": "0015"})
    results = beyond.compute(tables, spec)
    asia = results["asia_shares"].set_index(["partner", "year"])
    # Asia 800 of a total 1,600 in 2017; China's 400 of 1,600
    assert asia.at[("CHN", 2017), "asia_share_of_us_total_deficit_pct"] == 50.0
    assert asia.at[("CHN", 2017), "share_of_us_total_deficit_pct"] == 25.0
    assert asia.at[("CHN", 2017), lineage.COLUMN] == (
        "synthetic_census_A; synthetic_census_aggregates; synthetic_census_total"
    )
    text = " ".join(beyond.findings(results, spec))
    assert (
        "shares of the total US goods deficit (USD 1,600.0 bn in 2017, 2,000.0 bn in 2018" in text
    )
    assert "Asia 50.0% -> 50.0%" in text and "China 25.0% -> 15.0%" in text


# ----------------------------------------------------------------------------- caption


def caption_text(results: dict[str, pd.DataFrame], spec: dict, language: str = "en") -> str:
    """B1's caption as the report shows it, in ``language``."""
    text = texts.exhibit_text("B1", language)
    exhibit = {"id": "B1", "module": "beyond", "spec": spec}
    with i18n.language(language):
        return captions.caption(exhibit, results, text)


def test_real_caption_names_the_years_and_the_date_after_the_data(config_results, config_spec):
    english = caption_text(config_results, config_spec)
    assert "take part of it, 2017-2024, USD billion" in english
    assert "the largest deficits of 2024 and the others" in english
    assert english.endswith(
        "Phase One deal (January 2020); the policy date after the last year of data is not "
        "drawn (Feb 2025: +10% on all)."
    )
    chinese = caption_text(config_results, config_spec, "zh")
    assert "2017-2024年" in chinese and "分两图：2024年逆差最大" in chinese
    assert "晚于数据最后一年的政策日期未在图中画出（2025年2月" in chinese


def test_caption_follows_the_years_of_the_data(config_results, config_spec):
    # a newer vintage: the deficits to 2025, processing shares too -> the February-2025
    # tariff is drawn, and the caption no longer says it is not
    later = {name: table.copy() for name, table in config_results.items()}
    for name in ("main", "processing_share"):
        last = later[name][later[name]["year"] == later[name]["year"].max()]
        later[name] = pd.concat([later[name], last.assign(year=2025)], ignore_index=True)
    english = caption_text(later, config_spec)
    assert "2017-2025, USD billion" in english and "largest deficits of 2025" in english
    assert english.endswith("Phase One deal (January 2020).")
    # two dates after the data: both named
    spec = copy.deepcopy(config_spec)
    spec["policy_events"] = [*spec["policy_events"], {"year": 2026, "label": "a 2026 event"}]
    assert english != (both := caption_text(config_results, spec))
    assert both.endswith(
        "the policy dates after the last year of data are not drawn (Feb 2025: +10% on all; "
        "a 2026 event)."
    )


def test_caption_says_how_a_group_is_summed_from_the_partners_listed(
    project, processed, config_results, config_spec
):
    """ASEAN is summed without Vietnam because the spec lists Vietnam on its own; list
    Thailand too and the caption names both; list neither and it says nothing of ASEAN."""
    english = caption_text(config_results, config_spec)
    assert "(US Census, US-reported; ASEAN-10 summed over its members other than Vietnam)" in (
        " ".join(english.split())
    )
    assert "（Census，美国报告；东盟十国为越南以外成员之和）" in caption_text(
        config_results, config_spec, "zh"
    )
    tables = row_lineage.real(project, processed, config_spec["tables"])
    for partners, expected in (
        (["CHN", "VNM", "THA", "ASEAN", "MEX"], "members other than Thailand and Vietnam)"),
        (["CHN", "ASEAN", "MEX"], "(US Census, US-reported), in two panels"),
    ):
        # (the workflow labels every listed partner: exhibit_params in common.smk)
        spec = copy.deepcopy(config_spec) | {
            "partners": partners,
            "memo_partners": [m for m in config_spec["memo_partners"] if m not in partners],
            "partner_labels": config_spec["partner_labels"] | {"THA": "Thailand"},
        }
        shown = " ".join(caption_text(beyond.compute(tables, spec), spec).split())
        assert expected in shown, shown[:260]
