"""docs/definitions.md lists every error code as the catalogue says."""

from __future__ import annotations

from framework.core.settings import PROJECT_ROOT
from framework.definition.errors import with_codes_table

DOC = PROJECT_ROOT / "docs" / "definitions.md"
REGENERATE = (
    '.venv/bin/python -c "from framework.definition.errors import '
    "write_codes_table; write_codes_table('docs/definitions.md')\""
)


def test_error_code_table_is_up_to_date():
    text = DOC.read_text(encoding="utf-8")
    assert with_codes_table(text) == text, f"docs/definitions.md is out of date: run {REGENERATE}"


def test_every_allowed_function_is_documented():
    from framework.expressions import FUNCTIONS

    text = DOC.read_text(encoding="utf-8")
    assert [name for name in FUNCTIONS if f"`{name}(" not in text] == []


def test_every_aggregate_is_documented():
    from framework.expressions.aggregates import AGGREGATES

    text = DOC.read_text(encoding="utf-8")
    assert [name for name in AGGREGATES if f"`{name}(anggota." not in text] == []


def yaml_block_after(heading: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(heading) :].split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_smallest_service_in_the_doc_is_valid(tmp_path):
    from defhelpers import Checker

    assert Checker(tmp_path / "definitions")(yaml_block_after("## The smallest service")) == []


def test_the_code_list_in_the_doc_is_valid(tmp_path):
    from framework.definition.catalog import load_codelists

    (tmp_path / "agama.yaml").write_text(yaml_block_after("schema:\n"), encoding="utf-8")
    lists, errors = load_codelists(tmp_path)
    assert errors == [] and list(lists["codelists/agama"]) == ["ISLAM", "KRISTEN"]
