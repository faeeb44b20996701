"""F1's caption fields, from its tables (chinatrade/captions.py): the years each kind of
series covers."""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import tr
from chinatrade.years import years_text


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``dots_last``: the last year of China's own statistics (IMF DOTS, the solid lines);
    ``japan_first``: the first year of Japan's customs statistics drawn (its dashed line);
    ``releases``: the years of the transcribed China Customs releases (the diamonds), as
    '2021-2024'; ``japan_span``: the years of Japan's own statistics (the claims' vintage). A
    series the table does not hold gives ''."""
    main = tables["main"].dropna(subset=["balance_usd_millions"])
    dots = main.loc[main["source"] == spec["source_label"], "year"]
    japan = main.loc[(main["reporter_side"] == "mirror") & (main["reported_by"] == "JPN"), "year"]
    releases = main.loc[main["source"] == spec["transcribed_source_label"], "year"]
    return {
        "dots_last": int(dots.max()) if not dots.empty else "",
        "japan_first": int(japan.min()) if not japan.empty else "",
        "releases": years_text(releases),
        "japan_span": _japan_span(tables["japan_reported"]),
    }


def _japan_span(japan: pd.DataFrame) -> str:
    """The years of Japan's own statistics (table ``japan_reported``): '2009 to the first
    months of 2026' when the last year is partial, else '2009-2025' ('' without the table's
    rows)."""
    if japan.empty:
        return ""
    first, last = int(japan["year"].min()), int(japan["year"].max())
    partial = bool(japan.loc[japan["year"] == last, "is_partial_year"].astype(bool).any())
    if partial:
        return tr("{first} to the first months of {last}", first=first, last=last)
    return f"{first}-{last}"
