"""F1: China's goods balance with the EU, the US, Japan, Korea and Australia.

China-reported (IMF DOTS, to 2020) for every partner; beside it, where our data have them,
the partner's own statistics read the other way round (the US Census, 1985-2024: China's
exports = US imports) and China Customs' own figures for 2021-2024 transcribed from its
releases. The three are kept apart (``reporter_side``, ``source``) and drawn differently.

The package: ``compute`` (the tables), ``plot`` (the figure), ``claims``.
"""

from __future__ import annotations

from chinatrade.exhibits import plot_on_first_use

from .claims import claims
from .compute import TABLES, compute

__all__ = ["TABLES", "claims", "compute", "plot"]


__getattr__ = plot_on_first_use(__name__)
