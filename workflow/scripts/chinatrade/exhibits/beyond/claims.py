"""B1 claims: none of the study's claim ids belongs to B1 (its results are ``findings``)."""

from __future__ import annotations

import pandas as pd

from chinatrade.replication import CLAIM_COLUMNS


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """No claim of claims.csv belongs to B1: an empty table with the agreed columns."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in CLAIM_COLUMNS})
