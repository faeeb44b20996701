"""F2's caption fields, from its tables (chinatrade/captions.py): the year the provinces are
ranked by and the years of the share panel."""

from __future__ import annotations

import pandas as pd


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``year``: the year of the ranking (panels a and b; the spec's ``ranking_year``, which
    selects the ranking's rows); ``share_first``/``share_last``: the years of the nine's share
    of national trade (panel c) in the spec's definition."""
    share = tables["top_share"]
    share = share.loc[share["definition"] == spec["definition"], "year"]
    return {
        "year": int(tables["main"]["year"].iloc[0]),
        "share_first": int(share.min()),
        "share_last": int(share.max()),
    }
