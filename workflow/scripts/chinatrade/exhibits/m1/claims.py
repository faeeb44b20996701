"""M1 claims: M1 reproduces none of the study's numbered claims."""

from __future__ import annotations

import pandas as pd

from chinatrade.replication import CLAIM_COLUMNS


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """No claim of claims.csv belongs to M1: an empty table with the agreed columns."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in CLAIM_COLUMNS})
