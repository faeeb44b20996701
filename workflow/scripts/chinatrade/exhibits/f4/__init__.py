"""F4: China's goods balance with the US by HS section, before and after the 2018-2019 tariffs.

The study (its Figure 4, China Customs data) shows that almost no product group changed the
sign of its balance with the US between 2017 and 2019. China-reported trade by HS section is
not available to this workflow, so the balances are the US-reported (UN Comtrade) mirror read
from China's side: China's surplus = US imports from China (CIF) - US exports to China (FOB).
The compared (tariff) years are a spec setting; the table runs on to the last year of data.

The package: ``compute`` (the tables, the spec checked first), ``plot`` (the figure),
``claims``; ``common`` holds the sign-change rules that two of them name.
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .compute import SECTIONS_TABLE, SECTOR_TABLE, compute

__all__ = ["SECTIONS_TABLE", "SECTOR_TABLE", "claims", "compute", "plot"]


__getattr__ = plot_on_first_use(__name__)
