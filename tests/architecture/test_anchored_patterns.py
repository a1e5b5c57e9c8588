"""Every whole-text pattern the code compiles ends at the end of the text, not before a last newline.

Python's ``$`` also matches before a trailing ``"\\n"``, so ``re.match(r"^[0-9]{16}$", nik + "\\n")``
accepts a NIK with a newline in it, which then reaches the database, a
file name or a header. Whole-text patterns end in ``\\Z`` (or are used with
``fullmatch``); this test finds any module-level compiled pattern that starts
with ``^`` and ends with ``$`` and names it, so a new one cannot slip back in.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("framework", "admin", "plugins")


def module_names() -> list[str]:
    names = []
    for package in PACKAGES:
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
            if ".migrations." in info.name:
                continue
            names.append(info.name)
    return names


def dollar_anchored(pattern: re.Pattern[str]) -> bool:
    text = pattern.pattern
    return isinstance(text, str) and text.startswith("^") and text.endswith("$") and not text.endswith("\\$")


def test_no_module_level_pattern_ends_with_a_dollar() -> None:
    found = []
    for name in module_names():
        module = importlib.import_module(name)
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        for attribute, value in vars(module).items():
            if f"\n{attribute} = " not in source:
                continue  # imported from a library (pyxform's patterns, read on stripped cells), not ours to anchor
            if isinstance(value, re.Pattern) and dollar_anchored(value) and not value.flags & re.MULTILINE:
                found.append(f"{name}.{attribute}: {value.pattern!r}")
    assert not found, "whole-text patterns that accept a trailing newline:\n" + "\n".join(sorted(set(found)))


def test_the_check_would_notice_one() -> None:
    assert dollar_anchored(re.compile(r"^[0-9]{16}$"))
    assert not dollar_anchored(re.compile(r"^[0-9]{16}\Z"))
    assert re.compile(r"^[0-9]{16}$").match("3201010101010001\n")  # why the check exists
