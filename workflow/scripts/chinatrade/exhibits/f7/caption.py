"""F7's text fields, from its tables (chinatrade/captions.py): the years each source of the
US deficit with Asia covers."""

from __future__ import annotations

import pandas as pd

BALANCE = "us_balance_with_asia_usd_millions"


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``dots_first``/``dots_last`` and ``census_first``/``census_last``: the years in which the
    series of Asia from that source (spec ``asia_series.<name>.kind``: ``dots_...``,
    ``census_...``) have a US balance with Asia (table ``main``); a source without one
    has no fields."""
    main = tables["main"]
    covered = main[main[BALANCE].notna()]
    out: dict[str, object] = {}
    for source in ("dots", "census"):
        names = [
            name
            for name, entry in spec["asia_series"].items()
            if str(entry["kind"]).startswith(source)
        ]
        years = covered.loc[covered["asia_series"].isin(names), "year"]
        if not years.empty:
            out[f"{source}_first"], out[f"{source}_last"] = int(years.min()), int(years.max())
    return out
