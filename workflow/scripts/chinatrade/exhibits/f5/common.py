"""Constants of F5 that more than one of its files use."""

from __future__ import annotations

RATIO_DEFINITIONS = ("mean_of_yearly_ratios", "ratio_of_summed_positions")
