"""The study's introduction (C01-C06) and the news pieces (N01-N04): context numbers.

No figure: the numbers are single values, so the exhibit is a table (``compute``'s "main",
one row per number and variant) and the claims. Every variant the study's wording allows is
computed; ``is_claim_value`` marks the one reported as ``our_value``:

- C01 China's goods surplus in CNY: China Customs' balance in CNY where a transcribed page
  gives it, else its USD balance converted at the Federal Reserve H.10 annual average rate.
- C02/C03 goods surplus / GDP: balance from China Customs (transcribed) or IMF DOTS
  (China-reported World total), GDP from the IMF WEO (October 2025) or the World Bank WDI.
- C04/C05 India's and Brazil's goods balance / GDP: WTO merchandise exports (FOB) - imports
  (CIF) from the World Bank WDI over WDI GDP; the study's IMF figure is likely the
  balance-of-payments goods balance (context: their current account from the WEO).
- C06 current account / GDP: WEO October 2025.
- N01 China's exports to the US, first-half change: only the US-reported (mirror) figure, US
  general imports from China by month (Census). N02 (to the rest of the world, first half)
  needs China's monthly totals: not computable; context: the full-year China-reported change.
- N03 China's surplus in manufactured goods: not computable (needs China's trade with the
  World by product).
- N04 Phase One: US goods exports to China (Census) in the deal's years against the 2017
  baseline; the deal's target covered goods and services.

The package: ``compute`` (the table; its spec checks in ``checks``, its look-ups of single
values in ``lookups``) and ``claims``; ``common`` names the tables. No ``plot``: the spec says
``figure: false``, so the runner draws nothing.
"""

from __future__ import annotations

from .claims import claims
from .common import (
    CENSUS_ANNUAL_TABLE,
    CENSUS_MONTHLY_TABLE,
    CONTEXT_CURRENT_ACCOUNT,
    DOTS_TABLE,
    FX_TABLE,
    MERCHANDISE_TABLE,
    PRESS_TABLE,
    PRESS_VARIANT,
    TABLES,
    TOTALS_TABLE,
    WDI_TABLE,
    WEO_TABLE,
)
from .compute import compute

__all__ = [
    "CENSUS_ANNUAL_TABLE",
    "CENSUS_MONTHLY_TABLE",
    "CONTEXT_CURRENT_ACCOUNT",
    "DOTS_TABLE",
    "FX_TABLE",
    "MERCHANDISE_TABLE",
    "PRESS_TABLE",
    "PRESS_VARIANT",
    "TABLES",
    "TOTALS_TABLE",
    "WDI_TABLE",
    "WEO_TABLE",
    "claims",
    "compute",
]
