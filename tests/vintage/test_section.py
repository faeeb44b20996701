"""The report's section "What the new data changed", from a synthetic revision table and
synthetic report tables (made here), in both languages."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from chinatrade import i18n, summary
from chinatrade.vintage import revisions, section

REPLACED = {
    "id": "census_us_goods_trade_selected_partners_2023_2024",
    "replaced_on": "2026-12-02",
    "sha256": "9d5189a50ca2950432a860c83f3103f4945313092931aa3694af33f1e67c8d51",
    "replaced_by": "1" * 64,
    "report_before": "",
}


def revision_rows() -> pd.DataFrame:
    """Synthetic: one revised value and one new year."""
    common = {"manifest_id": REPLACED["id"], "table": "census_us_trade_partners_annual"}
    rows = [
        {**common, "change": "revised", "year": 2024, "key": "year=2024; cty_code=5700"}
        | {"column": "balance_usd_millions", "old_value": -297047.7, "new_value": -307047.7},
        {**common, "change": "new_year", "year": 2025, "key": "year=2025; cty_code=5700"}
        | {"column": "balance_usd_millions", "new_value": -250000.0},
    ]
    table = pd.DataFrame(rows)
    table["difference"] = table["new_value"] - table["old_value"]
    table["relative_difference_pct"] = 100 * table["difference"] / table["old_value"].abs()
    return table.assign(previous_sha256=REPLACED["sha256"], current_sha256="1" * 64)[
        revisions.COLUMNS
    ]


@pytest.fixture()
def spec(tmp_path):
    revision_rows().to_csv(tmp_path / "revisions.csv", index=False)
    before, after = tmp_path / "before", tmp_path / "after"
    for folder, deficit in ((before, 297.0477), (after, 307.0477)):
        folder.mkdir()
        pd.DataFrame(
            {
                "partner": ["CHN", "VNM"],
                "partner_label": ["China", "Vietnam"],
                "us_deficit_last_year_usd_billions": [deficit, 123.2493],
            }
        ).to_csv(folder / "B1_deficit_change.csv", index=False)
    return {
        "table": str(tmp_path / "revisions.csv"),
        "tolerance_pct": 0.01,
        "replaced": [REPLACED],
        "headline": {
            "B1_deficit_change": {
                "key": ["partner"],
                "values": ["us_deficit_last_year_usd_billions"],
                "label": "partner_label",
                "current": str(after / "B1_deficit_change.csv"),
                "before": str(before / "B1_deficit_change.csv"),
            }
        },
    }


def test_the_section_names_the_changed_value_new_years_and_moved_numbers(spec):
    parts = section.parts(spec)
    texts = "\n".join(p for p in parts if isinstance(p, str))
    assert texts.startswith("## What the new data changed")
    assert "new years: 2025" in texts and "1 value(s) revised" in texts
    revised, headline = [p for p in parts if isinstance(p, pd.DataFrame)]
    (row,) = revised.to_dict("records")
    assert (row["key"], row["old_value"], row["new_value"]) == (
        "year=2024; cty_code=5700",
        -297047.7,
        -307047.7,
    )
    (moved,) = headline.to_dict("records")
    assert (moved["label"], moved["key"]) == ("China", "partner=CHN")
    assert (moved["old_value"], moved["new_value"]) == (297.0477, 307.0477)
    assert moved["difference"] == pytest.approx(10.0)


def test_no_rows_no_section(spec, tmp_path):
    revision_rows().iloc[:0].to_csv(tmp_path / "revisions.csv", index=False)
    assert section.parts(spec) == []


def test_without_the_earlier_tables_the_section_says_so(spec):
    spec["headline"]["B1_deficit_change"]["before"] = None
    texts = [p for p in section.parts(spec) if isinstance(p, str)]
    assert "were not kept" in texts[-1]


def test_the_section_in_chinese_has_the_same_numbers(spec):
    with i18n.language("zh"):
        parts = section.parts(spec)
        shown = [summary.show(p, digits=2).to_html() for p in parts if not isinstance(p, str)]
    texts = "\n".join(p for p in parts if isinstance(p, str))
    assert texts.startswith("## 新数据带来的变化") and "2025" in texts
    # names of files, ids and columns are in backticks, as in the other sections
    words = re.sub(r"`[^`]*`", " ", texts).replace("SHA-256", "")
    assert not i18n.untranslated_words(words), words
    for html in shown:  # the headers are Chinese; the values (keys, ids) are data
        headers = " ".join(re.findall(r"<th[^>]*>(.*?)</th>", html))
        assert headers and not i18n.untranslated_words(headers), headers
    assert "-307,047.70" in shown[0] and "新值" in shown[0]
