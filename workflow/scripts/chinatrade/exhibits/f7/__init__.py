"""F7: the US goods deficit with Asia and the shares of China and Japan in it.

Two sources are shown side by side, both US-reported (the US is the reporter, so its own
statistics; from China's viewpoint they are mirror data):

- US Census Bureau (``census_us_trade_*_annual``), 1985-2024: the Census aggregate "Asia"
  (code 0016, the sum of every Census code 5xxx: East, South-East and South Asia *and* the
  Middle East), or the study's named economies summed from the partner rows. Exports are
  F.A.S., imports general imports at customs value.
- IMF DOTS with the US as reporter (``bilateral_dots``), 1960-2020: the study's named economies
  summed (the only source before 1985). Exports FOB; imports CIF as the IMF publishes them.

The study (footnote to section III) defines Asia as mainland China, Korea, Japan, Malaysia,
Indonesia, Vietnam, Thailand "and other economies"; the spec lists the members of each series,
so a user can add the "others".

The module also computes China's trade with the US from both sides (China-reported DOTS and
US-reported DOTS), for the claims on China's first surplus with the US and its growth.
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .compute import (
    CENSUS_AGGREGATES_TABLE,
    CENSUS_EXPORTS,
    CENSUS_IMPORTS,
    CENSUS_PARTNERS_TABLE,
    DOTS_TABLE,
    compute,
    first_surplus_years,
)

__all__ = [
    "CENSUS_AGGREGATES_TABLE",
    "CENSUS_EXPORTS",
    "CENSUS_IMPORTS",
    "CENSUS_PARTNERS_TABLE",
    "DOTS_TABLE",
    "claims",
    "compute",
    "first_surplus_years",
    "plot",
]


__getattr__ = plot_on_first_use(__name__)
