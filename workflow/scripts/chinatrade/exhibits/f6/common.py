"""Constants of F6 that more than one of its files use."""

from __future__ import annotations

EXPORTS_SHARE = "exports_share"
FDI_SHARE = "fdi_share"
SERIES = (EXPORTS_SHARE, FDI_SHARE)
