"""F3: China's net exports split into processing trade and ordinary trade, by year.

Two definitions of "processing trade" are carried side by side (every row says which):

- ``customs``: China Customs' 加工贸易 = processing and assembly (来料加工装配) + processing
  with imported materials (进料加工). The rest of non-ordinary trade (bonded logistics,
  special customs areas, border trade, ...) is a third component, ``other_regimes``.
- ``non_ordinary``: everything that is not ordinary trade (total - 一般贸易). This is what the
  study's 2018 figure (19,481 of 46,224, in USD 100 million) measures; with it, net exports =
  ordinary + processing, as the study's Figure 3 assumes.

Public data give the split only in scattered years: 2018 and 2019 (GACC year-end bulletin;
2018 derived from 2019's year-on-year change), 2012 (ordinary trade), balances for 2004-2005,
partial years (GACC bulletins, Jan-Nov 2017 in CNY, Jan-Oct 2023), marked as partial. A user
file with a full yearly series by regime (``read_user_regime_series``) extends the chart.
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .common import USER_SOURCE
from .compute import (
    EMPTY,
    EXTRA_TABLES,
    USER_REGIMES,
    choose_sources,
    compute,
    read_user_regime_series,
)

__all__ = [
    "EMPTY",
    "EXTRA_TABLES",
    "USER_REGIMES",
    "USER_SOURCE",
    "choose_sources",
    "claims",
    "compute",
    "plot",
    "read_user_regime_series",
]


__getattr__ = plot_on_first_use(__name__)
