"""V1's caption fields, from its tables (chinatrade/captions.py): the years of the WIOD 2013
world tables (``main``) and of the WIOD 2016 domestic value added (``dva``), each a list in
the reader's language ('2000, 2007 and 2011'; '2000、2007和2011')."""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import join_and


def years_list(years) -> str:
    """The distinct years in order as a list in the current language: '2011', '2007 and
    2011', '2000, 2007 and 2011'."""
    return join_and(str(year) for year in sorted({int(y) for y in years}))


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``wiot_years``: the years of the world tables (top panels); ``dva_years``: the years
    of the domestic value added in exports (bottom panels)."""
    return {
        "wiot_years": years_list(tables["main"]["year"]),
        "dva_years": years_list(tables["dva"]["year"]),
    }
