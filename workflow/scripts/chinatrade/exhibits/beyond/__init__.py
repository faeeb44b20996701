"""B1: beyond the study: its predictions tested on the data after it (config exhibits.B1 years).

The study (written with data to 2019) predicted three things; this exhibit tests each on the
data the workflow has:

1. Part of the US deficit moves from China to Vietnam, Thailand, Cambodia, Bangladesh (and
   other ASEAN members, Mexico, India): the US goods balance with each partner, US Census
   (US-reported, own statistics of the US; mirror from China's viewpoint), and the change
   between two years. A partner group (e.g. ASEAN) is summed over its members; members that
   the spec also lists on their own are left out of the group's sum, so that no deficit counts
   twice ("other ASEAN" = ASEAN without Vietnam).
2. Tariffs do not change the US-Asia imbalance: the US deficit with Asia (Census aggregate 0016)
   and the shares of China and Japan in it.
3. Processing trade gives way to ordinary trade: the processing share of China's trade (China
   Customs, China-reported), under both definitions of F3 (customs processing trade; all
   non-ordinary trade, the study's measure), for total trade, exports and imports, in every year
   or part of a year the public data cover. The sources are read with F3's functions.

The exhibit answers no claim of ``claims.csv`` (``claims()`` returns an empty table); instead
``findings()`` gives plain-language sentences with the computed numbers for the report's summary.

Census vintages: 1985-2022 come from the March-2023 workbook, 2023-2024 from the newer extract
of selected partners (after the June-2025 revision); each row names its source. The 2023-2024
extract covers only CHN, HKG, MAC, TWN, JPN, KOR, IND, the ten ASEAN members, AUS, DEU, CAN and
MEX: a partner outside it (e.g. Bangladesh) has no value in those years, never a zero.

The package: ``checks`` (the spec), ``compute`` (the tables), ``plot`` (the figure), ``claims``
(none), ``findings`` (the report's sentences); ``common`` holds what several of them use.
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .common import SUM_ALL, SUM_OTHERS
from .compute import (
    ASIA_COLUMNS,
    CHANGE_COLUMNS,
    EXTRA_TABLES,
    MAIN_COLUMNS,
    PROCESSING_COLUMNS,
    compute,
)
from .findings import findings

__all__ = [
    "ASIA_COLUMNS",
    "CHANGE_COLUMNS",
    "EXTRA_TABLES",
    "MAIN_COLUMNS",
    "PROCESSING_COLUMNS",
    "SUM_ALL",
    "SUM_OTHERS",
    "claims",
    "compute",
    "findings",
    "plot",
]


__getattr__ = plot_on_first_use(__name__)
