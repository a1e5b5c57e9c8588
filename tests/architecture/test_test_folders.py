"""No test folder may share its name with a top-level package of the project.

Processes started by the tests (gunicorn, `mpp worker`) put `tests/` on their
path to import the shared helpers; a `tests/admin/` folder there became the
`admin` package and the app could not mount the officer workspace.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {path.parent.name for path in ROOT.glob("*/__init__.py")}


def test_no_test_folder_shadows_a_package():
    folders = {path.name for path in (ROOT / "tests").iterdir() if path.is_dir() and path.name != "__pycache__"}
    assert {"framework", "admin", "plugins"} <= PACKAGES
    assert folders & PACKAGES == set()
