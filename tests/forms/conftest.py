"""Fixtures for the citizen-forms tests: the reference example, compiled once (see tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spec(reference_catalog):
    return reference_catalog.specs["adminduk.akta-kelahiran"]
