"""Applications store: tracking-number lookup latency with 1,000,000 applications
in the table, on SQLite and PostgreSQL.

The applications table is bulk-filled to ``--rows`` (COPY on PostgreSQL,
executemany on SQLite), then ``--lookups`` random tracking numbers are found
with `framework.services.applications.find` (check character, indexed SELECT, ORM
load), in-process. Reported: p50, p99 and max in milliseconds.

Submissions per second are measured through the server by `make bench`
(`benchmarks/hot_paths.py`: wrk against gunicorn, beside a bare baseline);
the Python-threaded client that used to live here shared the two cores with
the server and measured the client more than the server.

Usage: ``python benchmarks/run.py store [--db=sqlite,postgres] [--rows=N]
[--lookups=N] [--keep=FOLDER]`` (or ``make bench-lookups``). PostgreSQL comes
from ``scripts/start-postgres`` (a throw-away cluster on a loopback port).
``--keep=FOLDER`` keeps the filled databases (SQLite file in FOLDER, the
PostgreSQL database `mpp_bench_lookups`); a second run with the same FOLDER skips the
fill and measures the lookups again (e.g. on a quieter machine).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

SERVICE = "adminduk.akta-kelahiran"
DEFAULTS = {
    "db": "sqlite,postgres",
    "rows": "1000000",
    "lookups": "20000",
    "keep": "",
}


def options(argv: list[str]) -> dict[str, str]:
    chosen = dict(DEFAULTS)
    for item in argv:
        key, _, value = item.lstrip("-").partition("=")
        if key not in chosen:
            raise SystemExit(f"unknown option --{key}; known: {', '.join('--' + k for k in DEFAULTS)}")
        chosen[key] = value
    return chosen


# --- databases ---------------------------------------------------------------------------


class Database:
    """A fresh benchmark database: a SQLite file in a temp folder, or a new PostgreSQL database."""

    def __init__(self, kind: str, folder: Path, keep: bool = False) -> None:
        self.kind = kind
        self.keep = keep
        if kind == "sqlite":
            path = folder / "bench.sqlite3"
            self.reused = keep and path.exists()
            self.url = f"sqlite:///{path}"
            return
        base = subprocess.run(
            ["bash", str(PROJECT / "scripts" / "start-postgres")],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "MPP_PG_DATABASE": "postgres"},  # only to create and drop mpp_bench_lookups
        ).stdout.strip()
        self.admin = base
        self.name = "mpp_bench_lookups"
        self.url = base.rsplit("/", 1)[0] + "/" + self.name
        self.reused = keep and self._exists()
        if not self.reused:
            self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)", f"CREATE DATABASE {self.name}")

    def _exists(self) -> bool:
        from sqlalchemy import text

        from framework.store import make_engine

        engine = make_engine(self.admin)
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": self.name}
            ).first()
        engine.dispose()
        return found is not None

    def _admin(self, *statements: str) -> None:
        from sqlalchemy import text

        from framework.store import make_engine

        engine = make_engine(self.admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
        engine.dispose()

    def drop(self) -> None:
        if self.kind == "postgres" and not self.keep:
            self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


# --- lookups with a million rows ---------------------------------------------------------


COLUMNS = (
    "tracking_number",
    "service_id",
    "service_version",
    "content_hash",
    "region",
    "area",
    "applicant_nik",
    "state",
    "current_step",
    "answers",
    "prefill",
    "documents",
    "created_at",
    "submitted_at",
    "return_fields",
    "version",
)


def unique_numbers(count: int) -> list[str]:
    from framework.services import tracking_numbers as tracking

    numbers: set[str] = set()
    while len(numbers) < count:
        numbers.add(tracking.generate())
    return list(numbers)


def fill(url: str, kind: str, rows: int, numbers: list[str]) -> tuple[float, list[str]]:
    """Fill the table up to ``rows`` applications; returns (seconds, the numbers inserted)."""
    from sqlalchemy import func, insert, select

    from framework.store import Application, DefinitionSnapshot, make_engine, session_factory, utcnow

    engine = make_engine(url)
    sessions = session_factory(engine)
    with sessions() as session:
        already = session.scalar(select(func.count()).select_from(Application))
        snapshot = DefinitionSnapshot(
            content_hash="sha256:bench", service_id=SERVICE, service_version=1, canonical="{}"
        )
        session.merge(snapshot)
        session.commit()
    now = utcnow()
    answers = json.dumps({"nama_anak": "Budi", "tanggal_lahir": "2024-03-01"})
    started = time.perf_counter()
    todo = numbers[: max(0, rows - already)]
    if kind == "postgres":
        raw = engine.raw_connection()
        try:
            with raw.cursor() as cursor, cursor.copy(f"COPY applications ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for index, number in enumerate(todo):
                    copy.write_row(
                        (
                            number,
                            SERVICE,
                            1,
                            "sha256:bench",
                            "73.06",
                            "73.06",
                            f"7306{index:012d}"[:16],
                            "verifikasi",
                            "verifikasi",
                            answers,
                            "{}",
                            "{}",
                            now.replace(tzinfo=None),
                            now.replace(tzinfo=None),
                            "[]",
                            1,
                        )
                    )
            raw.commit()
        finally:
            raw.close()
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE applications")
    else:
        table = Application.__table__
        chunk = 20000
        with engine.begin() as connection:
            for start in range(0, len(todo), chunk):
                connection.execute(
                    insert(table),
                    [
                        {
                            "tracking_number": number,
                            "service_id": SERVICE,
                            "service_version": 1,
                            "content_hash": "sha256:bench",
                            "region": "73.06",
                            "area": "73.06",
                            "applicant_nik": f"7306{start + i:012d}"[:16],
                            "state": "verifikasi",
                            "current_step": "verifikasi",
                            "answers": {"nama_anak": "Budi"},
                            "prefill": {},
                            "documents": {},
                            "created_at": now,
                            "submitted_at": now,
                            "return_fields": [],
                            "version": 1,
                        }
                        for i, number in enumerate(todo[start : start + chunk])
                    ],
                )
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return time.perf_counter() - started, todo


def lookups(url: str, numbers: list[str], count: int) -> dict[str, float]:
    from framework.services import applications
    from framework.store import make_engine, session_factory

    engine = make_engine(url)
    sample = random.sample(numbers, count)
    timings = []
    with session_factory(engine)() as session:
        for warm in sample[:200]:
            applications.find(session, warm)
        for number in sample:
            session.expunge_all()
            started = time.perf_counter()
            applications.find(session, number.lower())
            timings.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p99": timings[int(len(timings) * 0.99) - 1],
        "max": timings[-1],
        "count": len(timings),
    }


# --- report --------------------------------------------------------------------------------------


def stored_numbers(url: str, count: int) -> list[str]:
    """``count`` tracking numbers picked at random from a kept database."""
    from sqlalchemy import text

    from framework.store import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        numbers = [
            row[0]
            for row in connection.execute(
                text(
                    "SELECT tracking_number FROM applications WHERE "
                    "content_hash = 'sha256:bench' ORDER BY random() LIMIT :n"
                ),
                {"n": count},
            )
        ]
    engine.dispose()
    return numbers


def run(argv: list[str]) -> None:
    from framework.store import upgrade

    chosen = options(argv)
    rows, count = int(chosen["rows"]), int(chosen["lookups"])
    print("| database | bulk fill | rows | lookup p50 | p99 | max |")
    print("|---|---:|---:|---:|---:|---:|")
    numbers: list[str] = []
    for kind in chosen["db"].split(","):
        with tempfile.TemporaryDirectory(prefix=f"mpp-bench-{kind}-") as temporary:
            folder = Path(chosen["keep"] or temporary)
            folder.mkdir(parents=True, exist_ok=True)
            database = Database(kind, folder, keep=bool(chosen["keep"]))
            try:
                if database.reused:
                    seconds = 0.0
                    found = lookups(database.url, stored_numbers(database.url, count), count)
                else:
                    numbers = numbers or unique_numbers(rows)
                    upgrade(database.url)
                    seconds, inserted = fill(database.url, kind, rows, numbers)
                    found = lookups(database.url, inserted, count)
            finally:
                database.drop()
        filled = "(kept database)" if database.reused else f"{seconds:.0f} s"
        print(
            f"| {kind} | {filled} | {rows:,} | {found['p50']:.2f} ms | {found['p99']:.2f} ms | {found['max']:.1f} ms |",
            flush=True,
        )


if __name__ == "__main__":
    run(sys.argv[1:])
