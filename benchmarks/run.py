"""Run the project's benchmarks: ``python benchmarks/run.py [AREA ...]``.

Each area is a module ``benchmarks/bench_<area>.py`` with a ``run(args)``
function that prints its own report; with no AREA every module runs
(``make bench-definitions``, ``make bench-forms``, ``make bench-lookups`` run
one each). The server figures (submissions, tracking, pages against a bare
baseline, cold compile vs pyxform) come from ``make bench``, which runs
``hot_paths.py``. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def areas() -> list[str]:
    return sorted(path.stem[len("bench_") :] for path in HERE.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    options = [a for a in argv if a.startswith("-")]
    wanted = [a for a in argv if not a.startswith("-")] or areas()
    unknown = sorted(set(wanted) - set(areas()))
    if unknown:
        print(f"unknown benchmark area(s): {', '.join(unknown)}; known: {', '.join(areas())}", file=sys.stderr)
        return 2
    for path in (HERE.parent, HERE):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    for area in wanted:
        print(f"## {area}\n", flush=True)
        importlib.import_module(f"bench_{area}").run(options)
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
