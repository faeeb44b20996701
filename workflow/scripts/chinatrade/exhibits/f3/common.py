"""Constants of F3 that more than one of its files use."""

from __future__ import annotations

# its name among the tables, in ``source_precedence`` and in the spec's ``user_files``
USER_SOURCE = "user_regime_series"
