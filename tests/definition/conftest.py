"""Fixtures of the definition-language tests (helpers live in defhelpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from defhelpers import Checker


@pytest.fixture
def check(tmp_path: Path) -> Checker:
    """A fresh catalog folder; call it with a definition's text to get its problems."""
    return Checker(tmp_path / "definitions")


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests read the checker's English messages; test_languages.py asks for Indonesian itself."""
    monkeypatch.setenv("MPP_LANG", "en")
