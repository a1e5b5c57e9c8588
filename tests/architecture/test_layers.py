"""The layer contracts hold, and would catch a forbidden import.

`lint-imports` reads `.importlinter`; these tests run it on the tree as it is
and on a copy with one forbidden import added, so a contract that can no
longer fail (a typo in a module name, a contract dropped) is noticed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is installed by the test extra")


def run_lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def copy_of_the_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    for package in ("framework", "plugins", "admin"):
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tree / ".importlinter")
    return tree


def add_import(module: Path, statement: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + f"\n{statement}\n", encoding="utf-8")


def test_the_tree_keeps_every_contract():
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "statement", "contract"),
    [
        (
            "framework/services/applications.py",
            "import plugins.sandbox.population",
            "never imports the concrete plugins",
        ),
        ("framework/definition/model.py", "import framework.services.applications", "layers"),
        ("framework/store/models.py", "import framework.web.database", "layers"),
        ("framework/web/portal.py", "import framework.cli", "layers"),
        ("plugins/ikd/__init__.py", "import admin", "plugins and admin never import each other"),
        ("framework/authoring/xpath.py", "import framework.web.portal", "layers"),
        ("framework/authoring/emit.py", "import framework.services.applications", "authoring never imports services"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path, module, statement, contract):
    tree = copy_of_the_tree(tmp_path)
    add_import(tree / module, statement)
    result = run_lint_imports(tree)
    assert result.returncode == 1, result.stdout
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(contract in line for line in broken), result.stdout
