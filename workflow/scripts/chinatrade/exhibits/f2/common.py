"""Constants of F2 that more than one of its files use."""

from __future__ import annotations

REPORTER_SIDE = "own"  # China Customs / NBS figures are China's own statistics

# The schema of the user's province x partner file (one row per province, year, partner group).
USER_COLUMNS = ["province", "year", "partner_group", "exports_usd_100m", "imports_usd_100m"]
