"""Whatever an author types, the checker answers with located problems, never an exception.

Random edits of valid definitions (lines dropped, doubled, swapped, cut, and
characters YAML cares about inserted) go through the real pipeline.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from defhelpers import CONTEXT, MINIMAL, REFERENCE_EXAMPLE, Checker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framework.definition import load_catalog

SOURCES = [MINIMAL, REFERENCE_EXAMPLE.read_text(encoding="utf-8")]
NOISE = [":", ": ", "- ", "[", "]", "{", "}", ",", "'", '"', "#", "&a ", "*a", "!", "|", ">", "?", "\t", "  ", "\n", "true", "0", "-1", "1.5", "~", "id: x", "when: ", "<<: "]


@st.composite
def edited(draw) -> str:
    lines = draw(st.sampled_from(SOURCES)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "swap", "cut", "insert"]))
        if action == "drop" and len(lines) > 1:
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif action == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))] + "\n"
        else:
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + draw(st.sampled_from(NOISE)) + lines[at][column:]
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_any_edit_gives_located_problems_or_a_spec(text):
    with tempfile.TemporaryDirectory() as folder:
        check = Checker(Path(folder) / "definitions")
        check.write("contoh.yaml", text)
        catalog = load_catalog(check.root, context=CONTEXT)
    lines = text.count("\n") + 1
    for error in catalog.errors:
        assert 1 <= error.line <= lines + 1 and error.col >= 1, str(error)
        assert error.message and error.code.isupper()
    assert catalog.specs or catalog.errors
