"""V1: China's bilateral balances in gross and value-added terms.

Two sources, never spliced:

* the WIOD 2013-release world input-output tables of 2000, 2007 and 2011 (41 economies x 35
  industries): China's gross exports to and imports from the US, Japan and Korea beside the
  value-added trade of Johnson and Noguera (2012), VAX[i, j] = value added of i absorbed in
  j's final demand; and China's gross exports to the US by the economy whose value added they
  carry (chinatrade/analysis/value_added.py);
* the WIOD 2016-release bilateral gross exports and the domestic value added in them, 2002,
  2005, 2008, 2011 and 2014 (Stata ``icio``): value added *in exports*, wherever absorbed, a
  different concept from VAX.

WIOD tables are modelled from national accounts and trade statistics (not one reporter's
customs data), in USD at current prices. They assume one input structure per country-industry,
so China's processing exporters are not separated and the foreign value added in China's
exports is understated (Koopman, Wang and Wei 2012).

The exhibit reproduces no numbered claim of the study: ``claims`` returns an empty table.
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .compute import TABLES, compute

__all__ = ["TABLES", "claims", "compute", "plot"]


__getattr__ = plot_on_first_use(__name__)
