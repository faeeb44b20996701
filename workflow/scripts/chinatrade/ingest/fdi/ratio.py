"""The paper's US-China ratio of direct-investment positions (the two BEA measures)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class PositionRatio:
    """US position in China relative to China's position in the US over a span of years.

    ``mean_of_yearly_ratios`` averages the year-by-year ratios (the definition that
    reproduces the paper's 7.8 for 2010-2018); ``ratio_of_summed_positions`` divides the sums
    of the two stocks (about 4.8 for the same years). Both use ``years_used`` only: the years
    asked for in which both positions are known; the others are in ``years_missing``.
    """

    mean_of_yearly_ratios: float
    ratio_of_summed_positions: float
    yearly_ratios: dict[int, float]
    years_used: tuple[int, ...]
    years_missing: tuple[int, ...]


def position_ratio(
    us_in_china: Mapping[int, float] | pd.Series,
    china_in_us: Mapping[int, float] | pd.Series,
    years: Iterable[int],
) -> PositionRatio:
    """Both definitions of "US stock in China is N times China's stock in the US".

    ``us_in_china`` and ``china_in_us`` map year -> position (same unit, e.g. USD millions);
    a year absent from either or with a missing (NaN) value is listed in ``years_missing``
    and left out of both definitions. With no usable year both results are NaN. A position of
    China in the US that is zero or negative, or a negative US position, makes the ratio
    meaningless and raises ``ValueError`` naming the year.
    """
    wanted = [int(year) for year in years]
    if len(set(wanted)) != len(wanted):
        raise ValueError(f"years {wanted} repeat a year")
    used, missing, ratios = [], [], {}
    for year in sorted(wanted):
        us, china = _value_of(us_in_china, year), _value_of(china_in_us, year)
        if math.isnan(us) or math.isnan(china):
            missing.append(year)
            continue
        if china <= 0 or us < 0:
            raise ValueError(
                f"{year}: US in China {us!r}, China in US {china!r}; the ratio needs a "
                "positive China-in-US position and a non-negative US position"
            )
        used.append((year, us, china))
        ratios[year] = us / china
    if not used:
        return PositionRatio(math.nan, math.nan, {}, (), tuple(missing))
    mean_ratio = sum(ratios.values()) / len(ratios)
    summed = sum(us for _, us, _ in used) / sum(china for _, _, china in used)
    return PositionRatio(
        mean_ratio, summed, ratios, tuple(year for year, _, _ in used), tuple(missing)
    )


def _value_of(values: Mapping[int, float] | pd.Series, year: int) -> float:
    value = values.get(year) if hasattr(values, "get") else None
    if value is None:
        return math.nan
    return float(value)
