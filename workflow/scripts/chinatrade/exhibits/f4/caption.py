"""F4's text fields, from its tables (chinatrade/captions.py): the years of the Comtrade data
the heatmap shows (the vintage of the claim rows) and the compared (tariff) years it frames
(the caption), which the spec's ``compared_years`` selects."""

from __future__ import annotations

import pandas as pd


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``first``/``last``: the years of the balances (``main``); ``compared_first``/
    ``compared_last``: the first and the last compared year, the heatmap's frame."""
    years = tables["main"]["year"]
    compared = sorted(int(y) for y in spec["compared_years"])
    return {
        "first": int(years.min()),
        "last": int(years.max()),
        "compared_first": compared[0],
        "compared_last": compared[-1],
    }
