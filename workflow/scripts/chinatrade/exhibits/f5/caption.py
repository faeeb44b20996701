"""F5's text fields, from its tables (chinatrade/captions.py): the years each BEA file covers
and the years the figure draws data for."""

from __future__ import annotations

import pandas as pd


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``<series>_first``/``<series>_last`` per series of the spec (``us_in_china_first``): the
    years of its BEA file (table ``coverage``); ``first``/``last``: the years inside a file
    among those drawn (table ``main``, cut to the spec's years), for the figure title."""
    out: dict[str, object] = {}
    for row in tables["coverage"].itertuples(index=False):
        out[f"{row.series}_first"] = int(row.file_first_year)
        out[f"{row.series}_last"] = int(row.file_last_year)
    main = tables["main"]
    drawn = main.loc[main["in_file"].astype(bool), "year"]
    out["first"], out["last"] = int(drawn.min()), int(drawn.max())
    return out
