"""Data for trade in value added (../shared/data/valueadded/SOURCES.md).

* :mod:`.wiot`: the WIOD 2013-release world input-output tables (R data files of the R
  package ``wiod``), read as one long table of their non-zero cells and a table of gross
  output;
* :mod:`.dva`: bilateral gross exports and the domestic value added in them, computed from
  the WIOD 2016 release with the Stata command ``icio`` (a course repository's ``.dta``).

The two releases differ (35 vs 56 industries, 41 vs 44 economies, revised national accounts)
and are never spliced.
"""

from __future__ import annotations

from .dva import DVA_COLUMNS, DVA_KEY, ECONOMIES_2016, read_bilateral_dva
from .wiot import (
    COUNTRIES,
    FINAL_USES,
    INDUSTRIES,
    OUTPUT_COLUMNS,
    OUTPUT_KEY,
    WIOT_COLUMNS,
    WIOT_KEY,
    read_wiot,
    read_wiots,
)

__all__ = [
    "COUNTRIES",
    "DVA_COLUMNS",
    "DVA_KEY",
    "ECONOMIES_2016",
    "FINAL_USES",
    "INDUSTRIES",
    "OUTPUT_COLUMNS",
    "OUTPUT_KEY",
    "WIOT_COLUMNS",
    "WIOT_KEY",
    "read_bilateral_dva",
    "read_wiot",
    "read_wiots",
]
