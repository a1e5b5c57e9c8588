"""Fixtures for the bundled catalog: compiled once per session with the installed plugins."""

from __future__ import annotations

import pytest
from cataloghelpers import DEFINITIONS

from framework.definition import Catalog, load_catalog


@pytest.fixture(scope="session")
def bundled() -> Catalog:
    """The catalog under definitions/, checked against the installed plugins."""
    return load_catalog(DEFINITIONS)
