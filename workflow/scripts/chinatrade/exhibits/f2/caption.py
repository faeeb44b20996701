"""F2's caption fields, from its tables (chinatrade/captions.py): how many provinces are
ranked, the year they are ranked by and the years of the share panel."""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import number_in_words


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``year``: the year of the ranking (panels a and b; the spec's ``ranking_year``, which
    selects the ranking's rows); ``share_first``/``share_last``: the years of the ranked
    provinces' share of national trade (panel c) in the spec's definition; ``provinces``: how
    many the ranking holds (the spec's ``top_n``), in words in the reader's language ("nine",
    "九")."""
    share = tables["top_share"]
    share = share.loc[share["definition"] == spec["definition"], "year"]
    return {
        "provinces": number_in_words(len(tables["main"])),
        "year": int(tables["main"]["year"].iloc[0]),
        "share_first": int(share.min()),
        "share_last": int(share.max()),
    }
