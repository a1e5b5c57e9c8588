"""End-to-end fixtures: the marker; the browser and the live server come from
tests/conftest.py and tests/browsers.py (one Playwright instance per session)."""

from __future__ import annotations

import pytest
from browsers import CHROMIUM, CHROMIUM_ARGS, LiveServer  # noqa: F401  re-exported for the journeys


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
