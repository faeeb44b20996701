"""The report prints a claim's row once and folds detail (chinatrade.layout), on a synthetic
replication table made here."""

from __future__ import annotations

import pandas as pd

from chinatrade import i18n, layout

SHARED = "Not computable from public data: needs province x partner data."


def synthetic_replication() -> pd.DataFrame:
    rows = [
        ("C11", "F2", "not computable", SHARED),
        ("C12", "F2", "not computable", SHARED),
        ("C13", "F2", "not computable", "Another reason."),
        ("C14", "F2", "not computable", SHARED),
        ("C07", "F1", "reproduced", "Compound rate."),
    ]
    table = pd.DataFrame(rows, columns=["claim_id", "computed_in", "verdict", "explanation"])
    return table.assign(
        claim="a claim",
        year="2018",
        study_value="1",
        our_value=float("nan"),
        our_text="",
        unit="percent",
        source="synthetic",
        reporter_side="own",
        kind="exact",
        test="",
        missing="",
        claim_of="study",
    )


def test_an_explanation_is_printed_once_and_pointed_to_after():
    view = layout.claims_table(synthetic_replication())
    why = dict(zip(view["id"], view[layout.WHY_COLUMN], strict=True))
    assert why["C11"].startswith(SHARED)
    assert why["C12"] == "as for C11" and why["C14"] == "as for C11"
    assert why["C13"].startswith("Another reason.")
    assert sum(SHARED in text for text in why.values()) == 1


def test_an_exhibit_names_its_claims_in_one_line():
    replication = synthetic_replication()
    assert layout.claims_line(replication, "F1") == "C07 reproduced"
    assert layout.claims_line(replication, "F9") == ""
    with i18n.language("zh"):
        assert "C07" in layout.claims_line(replication, "F1")
        assert not i18n.untranslated_words(layout.claims_line(replication, "F2"))


def test_folded_detail_is_a_details_element_with_its_label():
    html = layout.folded_table("**Table F1.** Balance <in> years.", "<table></table>")
    assert html.startswith("<details><summary><strong>Table F1.</strong>")
    assert "&lt;in&gt;" in html and html.endswith("<table></table></details>")
    assert layout.folded("a & b", "<p>x</p>") == (
        "<details><summary>a &amp; b</summary><p>x</p></details>"
    )
