"""S1: HS section XVI (machinery and electrical equipment) in China's trade with the US.

The study (China Customs data) says that section XVI carries 46.4% of China's exports to
the US and 57% of its surplus with the US in 2018. China-reported trade by HS section is not
available to this workflow, so the shares are computed on the US-reported data (UN Comtrade,
reporter USA, partner China), read from China's side ("mirror"): US imports from China (CIF)
stand for China's exports to the US, US exports to China (FOB) for China's imports from the
US. China-reported *totals* (UN Comtrade, reporter China) are put beside them.

The section helpers (labels, trade by section, shares) are in ``chinatrade.sections``.

The package: ``compute`` (the tables, the spec checked first), ``plot`` (the figure),
``claims``.
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .compute import (
    CHINA_TOTALS_TABLE,
    DOTS_TABLE,
    REGIME_TABLE,
    SECTIONS_TABLE,
    SECTOR_TABLE,
    compute,
)

__all__ = [
    "CHINA_TOTALS_TABLE",
    "DOTS_TABLE",
    "REGIME_TABLE",
    "SECTIONS_TABLE",
    "SECTOR_TABLE",
    "claims",
    "compute",
    "plot",
]


__getattr__ = plot_on_first_use(__name__)
