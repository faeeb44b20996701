"""F4's text fields, from its tables (chinatrade/captions.py): the years of the Comtrade data
the heatmap shows (the vintage of the claim rows) and the compared (tariff) years it frames
(the caption), which the spec's ``compared_years`` selects."""

from __future__ import annotations

import pandas as pd


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``first``/``last``: the years of the balances (``main``); ``compared_first``/
    ``compared_last``: the first and the last compared year, the heatmap's frame;
    ``minor_below_pct``: the share of bilateral trade below which a section is marked as minor
    (the spec's ``major_min_share_of_bilateral_trade_pct``, "1" for 1.0)."""
    years = tables["main"]["year"]
    compared = sorted(int(y) for y in spec["compared_years"])
    return {
        "first": int(years.min()),
        "last": int(years.max()),
        "compared_first": compared[0],
        "compared_last": compared[-1],
        "minor_below_pct": f"{float(spec['major_min_share_of_bilateral_trade_pct']):g}",
    }
