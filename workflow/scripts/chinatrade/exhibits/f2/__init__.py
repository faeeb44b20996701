"""F2 / T1: the nine largest trading provinces of China (2018) and their trade balances.

What public data allow (NBS provincial annual data, from China Customs, 2016-2024):
each province's total trade (exports + imports), so the ranking of the largest trading
provinces, their shares of national trade, and the share of the nine over time.

What they do not allow: the study's Table 1 (net exports of each province, in total and with
EU+US, Asia, Japan+Korea) needs each province's exports and imports separately, by partner
(China Customs trade by location of the trading unit and partner). Those cells are shown as
the study reports them, read from the study's claims file, and replaced by our values when
the user supplies such data in the documented schema (``read_user_province_partner_trade``).
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .common import USER_COLUMNS
from .compute import (
    EXTRA_TABLES,
    USER_TABLE,
    compute,
    province_panel,
    province_totals,
    rank_provinces,
    read_user_province_partner_trade,
    study_table1_cells,
    top_share_by_year,
)

__all__ = [
    "EXTRA_TABLES",
    "USER_COLUMNS",
    "USER_TABLE",
    "claims",
    "compute",
    "plot",
    "province_panel",
    "province_totals",
    "rank_provinces",
    "read_user_province_partner_trade",
    "study_table1_cells",
    "top_share_by_year",
]


__getattr__ = plot_on_first_use(__name__)
