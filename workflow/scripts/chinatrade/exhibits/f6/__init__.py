"""F6: Japan (and Korea): exports to the US vs direct investment in the US, as shares.

Two shares per country, by year:

* ``exports_share``: the country's goods exports (FOB) to the partner (the US) as a percentage
  of its exports to the world, from IMF DOTS as the country itself reports them (``own``),
  1960-2020;
* ``fdi_share``: the country's direct-investment position in the partner as a percentage of
  its total outward position. The numerator is BEA's foreign direct investment in the US by
  country of the foreign parent (historical cost, compiled by the US: ``mirror`` from the
  country's viewpoint, 2008-2019 only); the denominator is the country's outward FDI position
  in the External Wealth of Nations database (Lane and Milesi-Ferretti), which follows the
  country's own IIP (market value or mixed). The valuations differ, so the share is not
  like-for-like; every row says so (``valuation_consistent``).

Years without a numerator or denominator are gaps, never zeros. Transcribed check values (a
BEA Japan-in-US position of 2004 quoted from the Survey of Current Business) are shown beside
the data as context only: they never enter a share, a period statistic or ``our_value``.
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .compute import TABLES, compute, period_stats

__all__ = ["TABLES", "claims", "compute", "period_stats", "plot"]


__getattr__ = plot_on_first_use(__name__)
