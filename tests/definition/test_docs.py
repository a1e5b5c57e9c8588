"""docs/definitions.md lists every error code as the catalogue says."""

from __future__ import annotations

from framework.definition.errors import with_codes_table
from framework.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "definitions.md"
REGENERATE = ".venv/bin/python -c \"from framework.definition.errors import write_codes_table; write_codes_table('docs/definitions.md')\""


def test_error_code_table_is_up_to_date():
    text = DOC.read_text(encoding="utf-8")
    assert with_codes_table(text) == text, f"docs/definitions.md is out of date: run {REGENERATE}"


def test_every_allowed_function_is_documented():
    from framework.expressions import FUNCTIONS

    text = DOC.read_text(encoding="utf-8")
    assert [name for name in FUNCTIONS if f"`{name}(" not in text] == []
