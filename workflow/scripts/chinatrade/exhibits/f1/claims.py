"""F1 claims: the study's average growth rates (C07-C09), the compound rate as ours."""

from __future__ import annotations

import pandas as pd

from chinatrade import texts
from chinatrade.i18n import tr

from . import caption


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """The study's average growth rates 2000-2019 (C07-C09), compound rate as ours."""
    growth = results["growth"].set_index("partner")
    g = spec["growth"]
    # the years the vintage names are those of the tables (caption.py)
    vintage = texts.fill(spec["vintage"], caption.values(results, spec), "F1.vintage")
    rows = []
    for partner, claim_id in g["claims"].items():
        row = growth.loc[partner]
        rows.append(
            {
                "claim_id": claim_id,
                "our_value": round(row["growth_compound_pct_per_year"], 2),
                "our_text": tr(
                    "compound {compound:.1f}; mean of yearly rates {mean:.1f}",
                    compound=row["growth_compound_pct_per_year"],
                    mean=row["growth_mean_of_yearly_pct_per_year"],
                ),
                "satisfied": None,
                "unit": "percent per year",
                "source": spec["source_label"],
                "reporter_side": "own",
                "vintage": vintage,
                "definition": (
                    f"compound annual growth of China's {row['measure']} with "
                    f"{row['partner_label']}, {g['first_year']}-{g['last_year']}"
                ),
                "explanation": tr(
                    "The study does not say how it averaged; the compound rate is closer to its "
                    "figure than the mean of yearly rates (both in F1_growth). IMF DOTS "
                    "(China-reported) differs slightly from the customs data the study used."
                ),
            }
        )
    return pd.DataFrame(rows)
