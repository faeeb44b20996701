"""F1: China's goods balance with the EU, the US, Japan, Korea and Australia.

China-reported (IMF DOTS, to 2020) for every partner; beside it, where our data have them,
the partner's own statistics read the other way round (the US Census, 1985-2024: China's
exports = US imports) and China Customs' own figures for 2021-2024 transcribed from its
releases. The three are kept apart (``reporter_side``, ``source``) and drawn differently.

The package: ``compute`` (the tables), ``plot`` (the figure), ``claims``.
"""

from __future__ import annotations

from .claims import claims
from .compute import TABLES, compute

__all__ = ["TABLES", "claims", "compute", "plot"]


def __getattr__(name: str):
    """``plot`` (the figure) is imported when first used: the exhibit job, which computes the
    tables and claims, then needs no matplotlib."""
    if name != "plot":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from .plot import plot as draw  # binds the submodule .plot first; the function then

    globals()["plot"] = draw
    return draw
