"""F5: US-China direct-investment positions and the asymmetry ratio of the study.

Two BEA series, both year-end positions on the historical-cost, directional basis and by the
immediate partner country:

* the US position in China, from BEA's US direct investment abroad by country, 1982-2014
  (interactive table downloaded in 2016, July-2015 vintage);
* China's position in the US, from BEA's foreign direct investment in the US by country of
  the foreign parent, 2008-2019 (July-2020 release).

The two files are different vintages and are not spliced: a year outside a file is a gap,
never an interpolation, and a value BEA suppressed ("(D)") stays missing with its flag. The
study's "US position is 7.8 times China's, 2010-2018" is computed both ways (mean of the
yearly ratios; ratio of the summed positions) with :func:`chinatrade.ingest.fdi.position_ratio`,
over the years in which both positions are data; the others are named.

Transcribed check values (Statista pages quoting BEA, MOFCOM bulletins) are compared with the
data where they overlap and quoted as context in the claims' explanations. They never enter a
series, a ratio or ``our_value``.

``reporter_side`` follows the workflow's convention, from the viewpoint economy of the spec
(China here): ``own`` = that economy's statistics, ``mirror`` = the partner's. Every position
of F5 is compiled by the US (BEA), so every row is ``mirror`` from China's viewpoint.
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .compute import TABLES, compute

__all__ = ["TABLES", "claims", "compute", "plot"]


__getattr__ = plot_on_first_use(__name__)
