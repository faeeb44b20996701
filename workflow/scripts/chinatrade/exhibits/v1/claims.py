"""V1 claims: none (the study states no number in value added); an empty claims table."""

from __future__ import annotations

import pandas as pd

from chinatrade.replication import CLAIM_COLUMNS


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """No claim id of the study is answered here: the claims table has its columns, no row."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in CLAIM_COLUMNS})
