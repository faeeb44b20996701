"""F6's text fields, from its tables (chinatrade/captions.py): the years each share has data."""

from __future__ import annotations

import pandas as pd

from .common import EXPORTS_SHARE, FDI_SHARE


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``exports_first``/``exports_last``: the years of the export shares (IMF DOTS) with data,
    of any country; ``fdi_first``/``fdi_last``: those of the FDI shares (BEA over EWN);
    ``first``/``last``: those of either, for the figure title."""
    main = tables["main"]
    with_data = main[main["has_data"].astype(bool)]
    out: dict[str, object] = {}
    for prefix, series in (("exports", EXPORTS_SHARE), ("fdi", FDI_SHARE)):
        years = with_data.loc[with_data["series"] == series, "year"]
        if not years.empty:
            out[f"{prefix}_first"], out[f"{prefix}_last"] = int(years.min()), int(years.max())
    out["first"], out["last"] = int(with_data["year"].min()), int(with_data["year"].max())
    return out
