"""Where a submission and a tracking look-up spend their time, beside the bare insert and select.

Why in-process with cProfile: it attributes every microsecond to a function
with exact call counts, which is what deciding a fix needs (which query runs
twice, what is compiled per request). The same WSGI apps as the server
benchmark (``framework.web:create_app()`` and ``bare_app``) are driven through
Werkzeug's test client on a SQLite (WAL) database set up exactly as
``hot_paths.py`` does; the test client's own cost is the same on both sides.

Prints, per path: wall time per request without the profiler, then the
profile (cumulative time per request and share of the whole) of the
functions that matter, and writes the full ``pstats`` dumps to
``benchmarks/results/profile-*.pstats`` for ``python -m pstats``.

With ``--sample`` each path runs alone under ``py-spy record`` instead (no
profiler inside the process, so C and Python code are not weighed
differently) and the report gives each function's inclusive share of the
samples taken inside a request.

Usage: ``python benchmarks/profile_paths.py [--requests=300] [--rows=20000] [--sample]``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import hot_paths  # noqa: E402

RESULTS = HERE / "results"


def timed_per_request(send: Callable[[int], None], count: int) -> float:
    """Milliseconds per request, no profiler (the honest baseline for the percentages)."""
    started = time.perf_counter()
    for number in range(count):
        send(number)
    return (time.perf_counter() - started) / count * 1000


def profiled(send: Callable[[int], None], count: int, offset: int) -> pstats.Stats:
    profiler = cProfile.Profile()
    profiler.enable()
    for number in range(count):
        send(offset + number)
    profiler.disable()
    return pstats.Stats(profiler)


def report(name: str, stats: pstats.Stats, count: int, limit: int) -> str:
    """The functions with the largest cumulative time, per request and as a share of the whole."""
    stats.dump_stats(RESULTS / f"profile-{name}.pstats")
    total = stats.total_tt
    rows = []
    for (file, line, function), (_cc, calls, own, cumulative, _callers) in stats.stats.items():
        where = file.replace(str(hot_paths.PROJECT) + "/", "").split("site-packages/")[-1]
        rows.append((cumulative, own, calls, f"{where}:{line}({function})"))
    rows.sort(reverse=True)
    out = io.StringIO()
    out.write(f"\n### {name}: {total / count * 1000:.2f} ms per request under the profiler\n\n")
    out.write(
        "| cumulative ms/request | share | own ms/request | calls/request | function |\n|---:|---:|---:|---:|---|\n"
    )
    for cumulative, own, calls, label in rows[:limit]:
        out.write(
            f"| {cumulative / count * 1000:.3f} | {cumulative / total:.1%} | {own / count * 1000:.3f} "
            f"| {calls / count:.1f} | `{label}` |\n"
        )
    return out.getvalue()


BREAKDOWN = {
    "submission": (
        "framework/web/api.py(submit)",
        "framework/services/applications.py(submit)",
        "framework/services/applications.py(_file)",
    ),
    "tracking": (
        "framework/web/api.py(application)",
        "framework/services/viewing.py(record_for)",
        "framework/services/applications.py(view)",
    ),
}


def _label(key: tuple[str, int, str]) -> str:
    file, _line, function = key
    return f"{file.replace(str(hot_paths.PROJECT) + '/', '').split('site-packages/')[-1]}({function})"


def breakdown(name: str, stats: pstats.Stats, count: int) -> str:
    """Where each of the path's own functions spends its time: callees by cumulative time."""
    stats.calc_callees()
    total = stats.total_tt
    out = io.StringIO()
    for wanted in BREAKDOWN.get(name, ()):
        key = next((k for k in stats.stats if _label(k) == wanted), None)
        if key is None:  # a function renamed or moved: say so, so the breakdown never comes out empty unnoticed
            out.write(f"\n#### `{wanted}`: not called on this path (moved or renamed? update BREAKDOWN)\n")
            continue
        out.write(f"\n#### inside `{wanted}` ({stats.stats[key][3] / count * 1000:.2f} ms/request)\n\n")
        out.write("| callee | ms/request | share of the request | calls/request |\n|---|---:|---:|---:|\n")
        callees = sorted(stats.all_callees[key].items(), key=lambda item: -item[1][3])
        for callee, (_cc, calls, _own, cumulative) in callees[:14]:
            out.write(
                f"| `{_label(callee)}` | {cumulative / count * 1000:.3f} "
                f"| {cumulative / total:.1%} | {calls / count:.1f} |\n"
            )
    return out.getvalue()


def statements(send: Callable[[int], None], count: int, offset: int) -> str:
    """The SQL each request sends through SQLAlchemy (first words, per request): what a fix can merge or drop.

    Listed too: the statements that otherwise run on the driver's cursor
    (``framework.store.prepared.Prepared``), since a statement listener sends
    them through SQLAlchemy's execution. The listener is on the ``Engine``
    class and SQLAlchemy keeps its flag after it is removed, so every engine
    of this process runs everything through ``execute`` afterwards: this runs
    after the timings.
    """
    from collections import Counter

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: Counter[str] = Counter()

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen[" ".join(statement.split())[:90]] += 1

    event.listen(Engine, "before_cursor_execute", record)
    try:
        for number in range(count):
            send(offset + number)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    lines = [f"| {n / count:.1f} | `{text}` |" for text, n in seen.most_common()]
    return "| per request | statement |\n|---:|---|\n" + "\n".join(lines) + "\n"


class Setup:
    """A SQLite database with the project's schema, the bare table, a citizen token and both apps in-process."""

    def __init__(self, folder: Path, rows: int) -> None:
        self.folder = folder
        self.url = f"sqlite:///{folder / 'profile.sqlite3'}"
        self.nik = hot_paths.citizen_nik()
        self.definitions = hot_paths.catalog_folder(folder / "definitions")
        hot_paths.mpp(self.url, "db", "upgrade")
        import bare_app

        bare_app.create_schema(self.url)
        self.token = hot_paths.mpp(self.url, "token", "issue", "--citizen", self.nik)
        os.environ.update(
            {
                "MPP_DATABASE_URL": self.url,
                "MPP_INSTANCE": str(folder / "instance"),
                "MPP_DEFINITIONS": str(self.definitions),
                "MPP_SECRET_KEY": "profile-" + secrets.token_hex(16),
                "MPP_ENV": "development",
                "BARE_DATABASE_URL": self.url,
            }
        )
        from framework.web import create_app

        self.project = create_app({"MPP_RATE_LIMITS": hot_paths.BENCH_LIMITS}).test_client()
        self.bare = bare_app.create_app().test_client()
        self.body, self.payload = hot_paths.filing_body(self.definitions)
        self.rows = rows

    def submit(self, number: int) -> None:
        answer = self.project.post(
            f"/api/v1/services/{hot_paths.SERVICE}/applications",
            data=self.body,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": f"multipart/form-data; boundary={hot_paths.BOUNDARY}",
                "Idempotency-Key": f"profile-{number}",
            },
        )
        assert answer.status_code == 201, answer.get_data(as_text=True)[:300]

    def insert(self, _number: int) -> None:
        assert self.bare.post("/bare/items", json=self.payload).status_code == 201

    def fill(self) -> tuple[list[str], list[str]]:
        import bare_app

        numbers = hot_paths.clone_applications(self.url, self.nik, self.rows)
        bare_app.fill(self.url, [secrets.token_hex(8) for _ in range(self.rows)], {"answers": {}}, self.nik)
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url)
        with engine.connect() as connection:
            bare = [r[0] for r in connection.execute(text("SELECT number FROM bare_items"))]
        engine.dispose()
        return numbers, bare

    def track(self, number: str) -> None:
        answer = self.project.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {self.token}"})
        assert answer.status_code == 200, answer.status_code

    def select(self, number: str) -> None:
        assert self.bare.get(f"/bare/items/{number}").status_code == 200


# --- sampling with py-spy: no profiler overhead skewing the shares ---------------------------------

LOOPS = ("submission", "bare-insert", "tracking", "bare-select")
SENDERS = {  # the frame that marks a sample as inside one measured request of that loop
    "submission": "Setup.submit (",
    "bare-insert": "Setup.insert (",
    "tracking": "Setup.track (",
    "bare-select": "Setup.select (",
}
RATE = 250  # samples per second
LIBRARY = {  # library frames worth naming in the sampled shares
    "flush": "sqlalchemy/orm/session.py",
    "commit": "sqlalchemy/orm/session.py",
    "_execute_internal": "sqlalchemy/orm/session.py",
    "_emit_lazyload": "sqlalchemy/orm/strategies.py",
    "jsonify": "flask/json/__init__.py",
    "_load_form_data": "flask/wrappers.py",
    "render_template": "flask/templating.py",
    "do_execute": "sqlalchemy/engine/default.py",
}


def loop(path: str, count: int, rows: int) -> None:
    """Only the requests of one path (after set-up and warm-up), for py-spy to sample from outside."""
    with tempfile.TemporaryDirectory(prefix="mpp-sample-") as temporary:
        setup = Setup(Path(temporary), rows)
        if path in ("submission", "bare-insert"):
            send = setup.submit if path == "submission" else setup.insert
            for number in range(20):
                send(5_000_000 + number)
            for number in range(count):
                send(number)
            return
        setup.submit(9_000_000)  # the filing the table is filled with copies of
        numbers, bare = setup.fill()
        pool = numbers if path == "tracking" else bare
        send_one = setup.track if path == "tracking" else setup.select
        for number in range(count + 20):
            send_one(pool[number * 7 % len(pool)])


def sample(count: int, rows: int) -> str:
    """Run each loop under `py-spy record` and report inclusive shares of the request's samples."""
    py_spy = Path(sys.executable).parent / "py-spy"
    out = io.StringIO()
    for path in LOOPS:
        raw = RESULTS / f"pyspy-{path}.txt"
        if os.environ.get("MPP_PROFILE_REUSE") and raw.exists():  # re-read earlier samples
            out.write(shares(path, raw, count))
            continue
        command = [str(py_spy), "record", "--format", "raw", "-r", str(RATE), "-o", str(raw), "--"]
        command += [sys.executable, __file__, f"--loop={path}", f"--requests={count}", f"--rows={rows}"]
        subprocess.run(command, check=True, capture_output=True)
        out.write(shares(path, raw, count))
    return out.getvalue()


def _frame_key(frame: str) -> str | None:
    """`function (file:line)` → `file(function)` for project frames and the named library ones."""
    function, _, where = frame.partition(" (")
    file = where.rsplit(":", 1)[0]  # py-spy shortens paths to the import root: framework/..., sqlalchemy/...
    if file.startswith(("framework/", "plugins/", "bare_app.py")):
        return f"{file}({function})"
    name = function.rsplit(".", 1)[-1]
    if LIBRARY.get(name) and file.endswith(LIBRARY[name]):
        return f"{file}({function})"
    return None


def shares(path: str, raw: Path, count: int) -> str:
    """Inclusive share of each function in the samples taken inside a request (``wsgi_app``)."""
    from collections import Counter

    inside, counted = 0, Counter()
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, number = line.rpartition(" ")
        frames = stack.split(";")
        if not any(frame.startswith(SENDERS[path]) for frame in frames):
            continue
        inside += int(number)
        for key in {k for k in map(_frame_key, frames) if k}:
            counted[key] += int(number)
    rows = [f"| {n / inside:.1%} | `{key}` |" for key, n in counted.most_common(30)]
    per_request = inside / RATE / (count + 20) * 1000
    header = (
        f"\n### {path}: {inside} samples inside requests (py-spy, {RATE} Hz), "
        f"about {per_request:.2f} ms per request\n\n"
        "| share | function |\n|---:|---|\n"
    )
    return header + "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--limit", type=int, default=45)
    parser.add_argument("--loop", choices=LOOPS, help="internal: the loop py-spy samples")
    parser.add_argument("--sample", action="store_true", help="sample each path with py-spy instead of cProfile")
    args = parser.parse_args(argv)
    if args.loop:
        loop(args.loop, args.requests, args.rows)
        return 0
    if args.sample:
        RESULTS.mkdir(parents=True, exist_ok=True)
        print(sample(args.requests, args.rows))
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    count = args.requests
    with tempfile.TemporaryDirectory(prefix="mpp-profile-") as temporary:
        setup = Setup(Path(temporary), args.rows)
        for warm in range(20):  # imports, catalog, compiled schemas, connections
            setup.submit(10_000_000 + warm)
            setup.insert(warm)
        walls = {
            "submission": timed_per_request(setup.submit, count),
            "bare insert": timed_per_request(setup.insert, count),
        }
        submission = profiled(setup.submit, count, 1_000_000)
        insert = profiled(setup.insert, count, 0)
        numbers, bare = setup.fill()
        for number in range(20):
            setup.track(numbers[number])
            setup.select(bare[number])
        walls["tracking"] = timed_per_request(lambda n: setup.track(numbers[n * 7 % len(numbers)]), count)
        walls["bare select"] = timed_per_request(lambda n: setup.select(bare[n * 7 % len(bare)]), count)
        tracking = profiled(lambda n: setup.track(numbers[n * 11 % len(numbers)]), count, 0)
        select = profiled(lambda n: setup.select(bare[n * 11 % len(bare)]), count, 0)
        sql = {
            "submission": statements(setup.submit, 20, 2_000_000),
            "bare-insert": statements(setup.insert, 20, 0),
            "tracking": statements(lambda n: setup.track(numbers[n * 13 % len(numbers)]), 20, 0),
            "bare-select": statements(lambda n: setup.select(bare[n * 13 % len(bare)]), 20, 0),
        }
    print(f"## wall time per request without the profiler ({count} requests, SQLite WAL, Werkzeug test client)\n")
    for name, ms in walls.items():
        print(f"- {name}: {ms:.2f} ms")
    for name, stats in (
        ("submission", submission),
        ("bare-insert", insert),
        ("tracking", tracking),
        ("bare-select", select),
    ):
        print(report(name, stats, count, args.limit))
        print(breakdown(name, stats, count))
        print(f"\n#### SQL per request ({name})\n\n{sql[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
