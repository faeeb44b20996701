"""M1: what multinationals sell. Extends F5 (positions, i.e. stocks) with the activity of
the firms: US-owned affiliates in China serve China mostly by selling there, while Chinese
firms serve the US mostly by exporting.

* (a) Sales of majority-owned affiliates of US parents in China by destination (BEA, US
  outward survey, US-reported), beside US goods exports to China (Census, US-reported),
  2016-2019, and local sales as a multiple of those exports.
* (b) Output of US-owned firms in China beside output of Chinese-owned firms in the US
  (OECD Analytical AMNE tab1, model estimates, 2005-2016).
* (c) The foreign-owned share of China's gross exports by manufacturing industry, earliest and
  latest OECD years (``chinatrade.multinationals.foreign_owned_export_share``).
* (d) For the latest year every source covers: US exports to China + local sales of US
  affiliates there, against China's exports to the US + output of Chinese-owned firms in the
  US (output stands in for sales); both balances.

Every figure is descriptive; sales include imported inputs and are not value added, so the
sides of (d) are not comparable one for one (the caption says what is and is not).
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .common import TABLES
from .compute import compute

__all__ = ["TABLES", "claims", "compute", "plot"]


__getattr__ = plot_on_first_use(__name__)
