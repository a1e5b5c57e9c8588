"""Hostile definitions: files just under the 1 MB cap built to make the checker slow.

Each shape repeats one small problem (an unknown key, a condition naming no
field, a rule beside no field, a duplicate id, ...) as often as the size cap
allows, so every problem must be found, described and located. The checker
must answer each in well under 2 s (issue 12, item 11): locating a problem
reads each mapping of the file once, a "did you mean" hint is offered for the
first problems of a file only, and the names a condition may use are built
once per service, not once per condition. The test suite checks that the work
grows linearly (tests/definition/test_hostile.py); this measures the time.

Usage: ``python benchmarks/run.py hostile [--repeat=N]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from framework.definition import load_catalog  # noqa: E402
from framework.definition.load import MAX_BYTES  # noqa: E402

HEAD = """\
service: uji.hostile
version: 1
title: {id: Uji, en: Test}
summary: {id: Uji, en: Test}
sector: uji
provider: dukcapil
standard: {sla: 1d, fee: 0, complaints: lapor}
steps:
  - {id: periksa, title: {id: Periksa, en: Check}, role: operator, sla: 4h, actions: [approve]}
"""
FIELDS = "pages:\n  - id: satu\n    title: {id: Satu, en: One}\n    fields:\n"


def _fill(head: str, line: Callable[[int], str]) -> str:
    """``head`` followed by as many numbered lines as fit under the size cap."""
    parts, size, number = [head], len(head), 0
    while size + len(line(number)) < MAX_BYTES - 1000:
        text = line(number)
        parts.append(text)
        size += len(text)
        number += 1
    return "".join(parts)


SHAPES: dict[str, Callable[[], str]] = {
    "unknown top-level keys (the issue's file)": lambda: _fill(
        "service: uji.hostile\nversion: 1\n", lambda n: f"k{n:06d}: 1\n"
    ),
    "unknown key in every field": lambda: _fill(
        HEAD + FIELDS, lambda n: f"      - {{id: f{n}, type: text, label: {{id: x, en: x}}, kunci: 1}}\n"
    ),
    "condition naming no field, in every field": lambda: _fill(
        HEAD + FIELDS, lambda n: f"      - {{id: f{n}, type: text, label: {{id: x, en: x}}, when: g{n} == 1}}\n"
    ),
    "valid condition and a one-language label in every field": lambda: _fill(
        HEAD + FIELDS, lambda n: f"      - {{id: f{n}, type: text, label: x, when: f0 == 1}}\n"
    ),
    "choice compared to values that are not options": lambda: _fill(
        HEAD + FIELDS + "      - {id: c, type: choice, label: {id: C, en: C}, options: {A: {id: A, en: A}}}\n",
        lambda n: f"      - {{id: f{n}, type: text, label: {{id: x, en: x}}, when: c == 'Z{n}'}}\n",
    ),
    "rule beside no field": lambda: _fill(
        HEAD + FIELDS + "      - {id: a, type: text, label: {id: A, en: A}}\nrules:\n",
        lambda n: f"  - {{when: a == '{n}', message: {{id: x, en: x}}, field: b{n}}}\n",
    ),
    "duplicate field ids": lambda: _fill(
        HEAD + FIELDS, lambda n: "      - {id: f, type: text, label: {id: x, en: x}}\n"
    ),
}


def measure(text: str, repeat: int) -> tuple[float, float, int]:
    """Median CPU and wall seconds to check and print every problem of ``text``, and how many there were.

    CPU time is reported beside wall time: on a shared machine the wall clock
    mostly measures the other processes.
    """
    cpu, wall, count = [], [], 0
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / "hostile.yaml"
        path.write_text(text, encoding="utf-8")
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            catalog = load_catalog(root, [path])
            lines = [error.format("id") for error in catalog.errors]
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
            count = len(lines)
    return statistics.median(cpu), statistics.median(wall), count


def calibration() -> float:
    """CPU seconds of ten million additions in this interpreter: about 0.5 s on an idle laptop of 2024."""
    started, total = time.process_time(), 0
    for number in range(10_000_000):
        total += number
    return time.process_time() - started


def run(args: list[str]) -> None:
    repeat = next((int(a.split("=", 1)[1]) for a in args if a.startswith("--repeat=")), 3)
    print(f"median of {repeat} runs, in one process; each file is just under {MAX_BYTES:,} bytes")
    print(f"calibration (10M additions): {calibration():.2f} s CPU\n")
    print("| shape | bytes | problems | CPU seconds | wall seconds |")
    print("|---|---:|---:|---:|---:|")
    for name, build in SHAPES.items():
        text = build()
        cpu, wall, problems = measure(text, repeat)
        print(f"| {name} | {len(text.encode()):,} | {problems:,} | {cpu:.2f} | {wall:.2f} |", flush=True)
