"""The README's example of a located error is reproducible as written: run its commands, compare the output."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from framework.core.settings import PROJECT_ROOT

MARKER = "<!-- readme-example:"


def example() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of each `$ ` line in the block after the marker."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(.*?)```", text[text.index(MARKER) :], re.S).group(1)
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def run(command: str, folder: Path) -> str:
    """One README line in ``folder`` (a copy of the project's layout): `sed … > file` or `.venv/bin/mpp …`."""
    words = shlex.split(command)
    if words[0] == "sed":
        target = folder / words[-1]
        source = PROJECT_ROOT / words[2]
        edited = subprocess.run(["sed", words[1], str(source)], capture_output=True, text=True, check=True)
        target.write_text(edited.stdout, encoding="utf-8")
        return ""
    assert words[0] == ".venv/bin/mpp", command
    mpp = [str(Path(sys.executable).parent / "mpp"), *words[1:]]
    return subprocess.run(mpp, capture_output=True, text=True, cwd=folder, env=_environment()).stdout


def _environment() -> dict[str, str]:
    import os

    return {name: value for name, value in os.environ.items() if name != "MPP_LANG"} | {
        "MPP_DEFINITIONS": str(PROJECT_ROOT / "definitions")
    }


def test_the_readme_error_example_prints_what_the_readme_says(tmp_path):
    steps = example()
    assert len(steps) == 3
    for command, expected in steps:
        assert run(command, tmp_path).splitlines() == expected, command
