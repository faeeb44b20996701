"""Fixtures of the plausibility checks' tests: the default tolerances and a small manifest."""

from __future__ import annotations

import pytest

import plausibility_tables


@pytest.fixture
def settings() -> dict:
    return plausibility_tables.settings()


@pytest.fixture
def files():
    return plausibility_tables.files()
