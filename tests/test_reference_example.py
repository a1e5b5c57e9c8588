"""The reference example of the language: where the tests find it, and that it validates unchanged."""

from __future__ import annotations

from click.testing import CliRunner

from framework.cli import main
from framework.core.settings import PROJECT_ROOT, reference_example

SHARED = PROJECT_ROOT.parent / "shared" / "examples" / "akta-kelahiran.yaml"
COPY = PROJECT_ROOT / "tests" / "forms" / "akta-kelahiran.yaml"


def test_the_tests_use_the_shared_reference_example_when_it_is_there():
    if SHARED.is_file():
        assert reference_example() == SHARED
    assert reference_example().is_file()


def test_the_bundled_copy_has_not_drifted_from_the_shared_example():
    if SHARED.is_file():
        assert COPY.read_bytes() == SHARED.read_bytes(), (
            "tests/forms/akta-kelahiran.yaml differs from shared/examples: copy it again"
        )


def test_the_reference_example_validates():
    result = CliRunner().invoke(main, ["validate", str(reference_example())])
    assert result.exit_code == 0, result.output
    assert " error" not in result.output.lower()
