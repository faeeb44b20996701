"""S1's text fields, from its tables (chinatrade/captions.py): the years of the Comtrade data
its shares are computed from (the vintage of the claim rows)."""

from __future__ import annotations

import pandas as pd


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``first``/``last``: the years of the focus section's shares (``main``)."""
    years = tables["main"]["year"]
    return {"first": int(years.min()), "last": int(years.max())}
