"""Regression datasets of the two mechanisms: industries at the OECD AMNE grouping with the
foreign-owned share of exports; host economies with US affiliates' local sales."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chinatrade.analysis import ownership_datasets
from chinatrade.errors import InputDataError


def wiod_rows() -> pd.DataFrame:
    """Synthetic WIOD industry-years: C20 and C21 share the OECD group C20T21."""
    rows = [
        ("C20", 2010, 100.0, 60.0, 0.20),
        ("C21", 2010, 50.0, 70.0, 0.50),
        ("C26", 2010, 400.0, 300.0, 0.40),
        ("G46", 2010, 30.0, 0.0, 0.05),  # a service: not a goods industry, left out
    ]
    return pd.DataFrame(
        [
            {
                "industry": code,
                "year": year,
                "is_goods": code != "G46",
                "exports_usd_millions": x,
                "imports_usd_millions": m,
                "import_content_of_exports_share": content,
            }
            for code, year, x, m, content in rows
        ]
    )


CONCORDANCE = pd.DataFrame(
    {"wiod_industry": ["C20", "C21", "C26"], "oecd_amne_industry": ["C20T21", "C20T21", "C26"]}
)
FOREIGN_SHARE = pd.DataFrame(
    {
        "industry_code": ["C20T21", "C26", "C26"],
        "year": [2010, 2010, 2011],
        "foreign_owned_exports_usd_millions": [30.0, 300.0, 310.0],
        "domestic_owned_exports_usd_millions": [70.0, 100.0, 100.0],
        "foreign_owned_export_share": [0.3, 0.75, 310 / 410],
    }
)


def test_industries_summed_to_the_oecd_grouping():
    table = ownership_datasets.amne_industry_year(wiod_rows(), FOREIGN_SHARE, CONCORDANCE)
    assert list(table.columns) == ownership_datasets.AMNE_INDUSTRY_YEAR_COLUMNS
    group = table.set_index("industry").loc["C20T21"]
    assert group["exports_usd_millions"] == 150.0 and group["balance_usd_millions"] == 20.0
    # export-weighted: (100 x 0.2 + 50 x 0.5) / 150 = 0.3
    assert group["import_content_of_exports_share"] == pytest.approx(0.3)
    assert group["wiod_industries"] == "C20 C21" and group["foreign_owned_export_share"] == 0.3
    assert table["year"].tolist() == [2010, 2010]  # the years both sources have


def test_unmapped_goods_industry_is_refused():
    with pytest.raises(InputDataError, match=r"WIOD goods industries \['C26'\] have no OECD"):
        ownership_datasets.amne_industry_year(wiod_rows(), FOREIGN_SHARE, CONCORDANCE.iloc[:2])


def test_missing_oecd_group_is_refused_not_dropped():
    with pytest.raises(InputDataError, match="no foreign-owned export share .* C20T21 in 2010"):
        ownership_datasets.amne_industry_year(wiod_rows(), FOREIGN_SHARE.iloc[1:], CONCORDANCE)


def test_the_real_concordance_covers_every_wiod_goods_industry(project):
    from chinatrade.analysis import gvc

    table = ownership_datasets.read_concordance(project / ownership_datasets.CONCORDANCE_FILE)
    assert set(table["wiod_industry"]) == set(gvc.GOODS_INDUSTRIES)


def affiliate_rows(local_china="12.0", flag="") -> pd.DataFrame:
    """Synthetic BEA Table II.E 2 rows (USD millions) for two hosts and one region."""
    rows = []
    for name, iso3, kind, total, local in (
        ("China", "CHN", "economy", 100.0, float(local_china)),
        ("Netherlands", "NLD", "economy", 50.0, 20.0),
        ("Asia and Pacific", "", "region", 400.0, 200.0),
    ):
        for destination, value in (("total", total), ("local", local)):
            suppressed = flag if (iso3 == "CHN" and destination == "local") else ""
            rows.append(
                {
                    "host_name": name,
                    "iso3": iso3,
                    "area_kind": kind,
                    "year": 2018,
                    "destination": destination,
                    "supply": "total",
                    "value_usd_millions": math.nan if suppressed else value,
                    "suppression": suppressed,
                }
            )
    return pd.DataFrame(rows)


CENSUS = pd.DataFrame(
    {
        "partner_iso3": ["CHN", "NLD"],
        "partner_kind": ["economy", "economy"],
        "year": [2018, 2018],
        "exports_fas_usd_millions": [6.0, 40.0],
        "imports_general_customs_usd_millions": [36.0, 20.0],
        "complete_year": [True, True],
    }
)
GDP = pd.DataFrame(
    {
        "iso3": ["CHN", "NLD"],
        "area_kind": ["economy", "economy"],
        "year": [2018, 2018],
        "gdp_usd": [1000e6, 500e6],
    }
)


def test_affiliate_panel_ratio_log_and_hubs():
    panel = ownership_datasets.affiliate_activity_panel(affiliate_rows(), CENSUS, GDP, ["NLD"])
    assert list(panel.columns) == ownership_datasets.AFFILIATE_PANEL_COLUMNS
    china = panel.set_index("partner_iso3").loc["CHN"]
    assert china["local_sales_to_us_exports"] == pytest.approx(2.0)  # 12 / 6
    assert china["log_local_sales_to_us_exports"] == pytest.approx(math.log(2.0))
    assert china["balance_share_of_partner_gdp_pct"] == pytest.approx(-3.0)  # -30 / 1000
    assert not china["is_pass_through_hub"]
    assert panel.set_index("partner_iso3").loc["NLD", "is_pass_through_hub"]
    assert "region" not in set(panel["partner_name"])  # regions are not economies


def test_suppressed_local_sales_stay_missing_with_their_flag():
    panel = ownership_datasets.affiliate_activity_panel(
        affiliate_rows(flag="(D)"), CENSUS, GDP, ["NLD"]
    )
    china = panel.set_index("partner_iso3").loc["CHN"]
    assert math.isnan(china["log_local_sales_to_us_exports"])
    assert china["local_sales_flag"] == "(D)"
