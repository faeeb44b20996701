"""Years after the data's release (chinatrade/plausibility/release.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from chinatrade.errors import InputDataError
from chinatrade.plausibility import core, release
from chinatrade.plausibility.core import FAIL, PASS, WARN
from plausibility_tables import MANIFEST, transcribed_totals


def dates(rows):
    return pd.DataFrame(rows, columns=["id", "released", "basis"])


def test_the_resource_is_checked(tmp_path):
    path = tmp_path / "dates.csv"
    for rows, fragment in (
        ([("no_such_id", "2025", "x")], "'no_such_id' is not an id of the raw-data manifest"),
        ([("h10", "March 2026", "x")], "'March 2026' is not a date"),
        ([("h10", "2026-03", " ")], "states no basis"),
        ([("h10", "2026", "x"), ("h10", "2025", "y")], "an id given twice"),
    ):
        dates(rows).to_csv(path, index=False)
        with pytest.raises(InputDataError, match=fragment) as error:
            release.read_release_dates(path, MANIFEST)
        assert str(path) in str(error.value) and "row " in str(error.value)


def test_a_vintage_taken_in_counts_from_the_day_it_replaced_the_entry():
    table = release.release_table(
        dates([("h10", "2026-03", "commit"), ("weo", "2025-10", "release")]),
        MANIFEST,
        [
            # the entry the current vintage replaced: its day counts
            {"id": "h10", "replaced_on": "2027-02-01", "replaced_by": MANIFEST.at["h10", "sha256"]},
            # an older replacement (the manifest names another vintage now): ignored
            {"id": "weo", "replaced_on": "2030-01-01", "replaced_by": "0" * 63 + "f"},
        ],
    )
    assert table.loc["h10", "release_year"] == 2027
    assert "taken in on 2027-02-01" in table.loc["h10", "basis"]
    assert table.loc["weo", "release_year"] == 2025


def test_full_years_before_the_release_partial_years_up_to_it(settings, files):
    totals = transcribed_totals(
        [(2024, "exports", "USD", 35_800.0, 100.0), (2025, "exports", "USD", 1.0, 100.0)]
    )
    partial = totals.iloc[[0]].assign(year=2025, is_partial_year=True, period="1-6")
    tables = {"china_trade_totals_transcribed": pd.concat([totals.iloc[[0]], partial])}
    settings["release_table"] = release.release_table(
        dates([("totals_transcribed", "2025-01", "pages up to January 2025")]), MANIFEST
    )
    result = core.frame(release.release_dates(tables, settings, files)).set_index("measure")
    assert result.loc["latest full year", "status"] == PASS
    assert result.loc["latest partial year", "status"] == PASS  # a partial 2025: possible
    # a full year 2025 (or 2031) in a file of January 2025: refused, naming the row
    tables = {"china_trade_totals_transcribed": totals.assign(year=[2024, 2031])}
    row = core.frame(release.release_dates(tables, settings, files)).iloc[0]
    assert row["status"] == FAIL and row["value_a"] == 2031 and row["value_b"] == 2024
    assert row["raw_file"] == "data/raw/series/totals_transcribed.csv"
    assert row["raw_row"] == "year 2031, period 1-12, flow exports, trade_mode all"
    assert "released in 2025-01: it cannot hold full year 2031" in row["note"]


def test_a_file_without_a_release_date_warns_and_projections_are_exempt(settings, files):
    settings["release_table"] = release.release_table(
        dates([("weo", "2025-10", "October 2025")]), MANIFEST
    )
    weo = pd.DataFrame(
        {
            "weo_code": ["CHN"] * 3,
            "concept": ["NGDPD"] * 3,
            "year": [2024, 2025, 2030],
            "is_projection": pd.array([False, True, True], dtype="boolean"),
        }
    )
    fx = pd.DataFrame({"currency": ["CNY"], "year": [2025], "units_per_usd": [7.19]})
    result = core.frame(
        release.release_dates({"weo_oct2025": weo, "fx_fed_h10": fx}, settings, files)
    ).set_index("subject")
    assert result.loc["weo_oct2025", "status"] == PASS
    assert result.loc["weo_oct2025", "value_a"] == 2024
    assert result.loc["fx_fed_h10", "status"] == WARN
    assert result.loc["fx_fed_h10", "note"].startswith("No release date is known")


def test_the_real_resource_covers_every_file_the_checked_tables_come_from(project):
    """Every raw file of a table the check reads has a release date, with its basis."""
    import yaml

    from chinatrade.rawdata import read_manifest

    manifest = read_manifest(project / "config/raw_data_manifest.csv")
    config = yaml.safe_load((project / "config/config.yaml").read_text())
    table = release.read_release_dates(project / config["plausibility"]["release_dates"], manifest)
    roles = {
        "census_country",
        "census_selected_partners_2023_2024",
        "comtrade_us_china_rds",
        "comtrade_china_reported_totals",
        "china_trade_totals_transcribed",
        "china_bilateral_transcribed",
        "gacc_press_check_values",
        "gacc_regime_bulletins",
        "wdi_gdp",
        "weo",
        "fed_h10_fx",
        "wdi_merchandise_exports",
        "wdi_merchandise_imports",
        "japan_customs",
        "nbs_location_of_trading_unit",
        "nbs_domestic_destination_source",
        "bea_us_direct_investment_abroad",
        "bea_fdi_in_us",
        "ewn_external_wealth",
    }
    needed = {
        *config["dots_workbooks"].values(),
        config["dots_extract"]["file"],
        config["dots_mirror"],
        *(
            i
            for role in roles
            for i in (
                config["sources"][role]
                if isinstance(config["sources"][role], list)
                else [config["sources"][role]]
            )
        ),
    }
    assert needed <= set(table["id"]), needed - set(table["id"])


def test_a_row_built_from_two_files_names_both_of_them(files):
    # a WDI area-year merged from the exports and the imports file names both (lineage.join):
    # each maps to its manifest id, and the check's raw_file cell lists both paths
    row_files = "wdi_imports.csv; wdi_exports.csv"
    assert files.id_of_source_file(row_files) == "wdi_exports; wdi_imports"
    assert files.path("wdi_exports; wdi_imports") == (
        "data/raw/bilateral/wdi_exports.csv; data/raw/bilateral/wdi_imports.csv"
    )
    table = pd.DataFrame({"source_file": [row_files, "wdi_exports.csv"]})
    assert files.ids_of_rows(table, "wdi_merchandise_exports").tolist() == [
        "wdi_exports; wdi_imports",
        "wdi_exports",
    ]
    # a name outside the manifest decides nothing, even beside a known one
    assert files.id_of_source_file("wdi_exports.csv; elsewhere.csv") is None
    assert files.path("wdi_exports; not_an_id") == ""
