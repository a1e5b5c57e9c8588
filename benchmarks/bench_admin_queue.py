"""The officer's queue page with 1,000,000 applications: p50/p99 under load, beside a bare page.

1. Fill: a fresh database (SQLite file, or PostgreSQL with ``--db=postgres``)
   is migrated and bulk-filled with ``--rows`` applications (executemany in
   chunks on SQLite, COPY on PostgreSQL), pinned to the bundled catalog's
   definitions. Shape (a national deployment on one database): 20 regencies
   of the loci, a fifth of all applications in the measured one (Kabupaten
   Cianjur, 32.03 — 200,000 rows); 85 % decided, 10 % waiting at a step,
   5 % returned; each with the area of a real village of its regency; filed
   over the last year, due dates around now (some overdue).
2. Serve: gunicorn (``--workers``, default 2) runs ``framework.web:create_app()``
   on 127.0.0.1 with a fixed secret and the rate limits off (``/lacak/`` allows
   60 look-ups a minute per address: wrk would time 429 answers); the session of a signed-in front-office
   officer of 32.03 is opened through the app's own session store.
3. Load: ``wrk`` (Debian package ``wrk``) drives ``/admin/antrian/`` (the
   default queue: 50 rows of the officer's steps, the counts per step, the
   total) with the cookie for ``--seconds`` seconds, then a bare page of the
   same stack (``/lacak/``: the portal layout, no database) for the same time,
   each after a 3-second warm-up (a worker's first requests compile templates).
   Reported: p50 and p99 of each and their ratio, and the server-side time of
   the queue query alone for a few officers and filters (in-process, 200
   calls each).

Usage: ``python benchmarks/run.py admin_queue [--rows=N] [--db=sqlite|postgres]
[--seconds=S] [--connections=C] [--workers=W] [--keep=FOLDER]``. ``--keep``
keeps the filled database (SQLite file in FOLDER; PostgreSQL database
``mpp_bench_queue``) so a second run measures again without filling.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

DEFAULTS = {"rows": "1000000", "db": "sqlite", "seconds": "20", "connections": "2", "workers": "2", "keep": ""}
REGION = "32.03"  # Kabupaten Cianjur: the measured officer's regency (villages in the reference data)
OTHER_REGIONS = 19
SECRET = "bench-secret-bench-secret-bench-secret"
OFFICER = "bench.fo.cianjur"
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
    "due_at",
    "decided_at",
    "returned_from",
    "return_fields",
    "version",
)


def options(argv: list[str], defaults: dict[str, str] = DEFAULTS) -> dict[str, str]:
    """``--name=value`` arguments over ``defaults`` (unknown names are ignored)."""
    chosen = dict(defaults)
    for arg in argv:
        name, _, value = arg.lstrip("-").partition("=")
        if name in chosen:
            chosen[name] = value
    return chosen


# --- 1. the fill ---------------------------------------------------------------------------


def catalog() -> Any:
    from framework.core import settings
    from framework.definition import load_catalog

    return load_catalog(settings.definitions_dir(), cache_dir=settings.cache_dir())


def regencies(count: int) -> list[str]:
    """The measured regency and ``count`` other loci (from definitions/loci.yaml)."""
    from ruamel.yaml import YAML

    from framework.core import settings

    loci = YAML(typ="safe").load((settings.definitions_dir() / "loci.yaml").read_text(encoding="utf-8"))["loci"]
    others = [str(item["region"]) for item in loci if str(item["region"]) != REGION]
    return [REGION, *others[:count]]


def villages(regency: str) -> list[str]:
    from framework.forms.regions import region_table

    found = [
        code
        for code, region in region_table().by_code.items()
        if region.level == "village" and code.startswith(regency + ".")
    ]
    return found or [regency]


def rows(count: int, specs: list[Any], numbers: Iterator[str]) -> Iterator[tuple]:
    """``count`` application rows as tuples in COLUMNS order (deterministic)."""
    rng = random.Random(20260817)
    now = datetime.now(UTC).replace(tzinfo=None)
    places = regencies(OTHER_REGIONS)
    areas = {regency: villages(regency) for regency in places}
    weights = [0.2] + [0.8 / (len(places) - 1)] * (len(places) - 1)
    answers = '{"telepon_pemohon": "+6281234567890", "alasan_kk": "HILANG"}'
    for index in range(count):
        spec = specs[index % len(specs)]
        regency = rng.choices(places, weights)[0]
        submitted = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        fate = rng.random()
        step = rng.choice(spec.steps).id
        if fate < 0.85:
            state, current, due, decided, returned_from = (
                rng.choice(("issued", "rejected")),
                None,
                None,
                submitted + timedelta(days=1),
                None,
            )
        elif fate < 0.95:
            state, current, due, decided, returned_from = (
                step,
                step,
                now + timedelta(minutes=rng.randrange(-3000, 3000)),
                None,
                None,
            )
        else:
            state, current, due, decided, returned_from = "returned", None, None, None, step
        yield (
            next(numbers),
            spec.id,
            spec.version,
            spec.content_hash,
            regency,
            rng.choice(areas[regency]),
            f"{regency.replace('.', '')}01{index % 10**10:010d}"[:16],
            state,
            current,
            answers,
            "{}",
            "{}",
            submitted,
            submitted,
            due,
            decided,
            returned_from,
            "[]",
            1,
        )


def tracking_numbers() -> Iterator[str]:
    from framework.services import tracking_numbers as tracking

    seen: set[str] = set()
    while True:
        number = tracking.generate()
        if number not in seen:
            seen.add(number)
            yield number


def fill(url: str, kind: str, count: int) -> float:
    """Migrate, pin the specs and bulk-insert ``count`` applications; returns seconds."""
    from sqlalchemy import text

    from framework.store import make_engine, session_factory, upgrade
    from framework.workflow.pinning import snapshot

    upgrade(url)
    bundled = catalog()
    specs = [spec for spec in bundled.offered() if spec.sector == "adminduk" and not spec.region]
    engine = make_engine(url)
    with session_factory(engine)() as session:
        for spec in bundled.offered():
            snapshot(session, spec)
        session.commit()
    started = time.perf_counter()
    generated = rows(count, specs, tracking_numbers())
    if kind == "postgres":
        raw = engine.raw_connection()
        try:
            with raw.cursor() as cursor, cursor.copy(f"COPY applications ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in generated:
                    copy.write_row(row)
            raw.commit()
        finally:
            raw.close()
    else:
        statement = f"INSERT INTO applications ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            batch: list[tuple] = []
            for row in generated:
                batch.append(
                    tuple(
                        value.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value
                        for value in row
                    )
                )
                if len(batch) == 50000:
                    cursor.executemany(statement, batch)
                    batch = []
            cursor.executemany(statement, batch)
            raw.commit()
        finally:
            raw.close()
    engine.dispose()
    # statistics for the planner; on PostgreSQL also the visibility map, without which an index-only
    # scan still visits the table (autovacuum does this in a running system after a bulk load)
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE applications" if kind == "postgres" else "ANALYZE"))
    engine.dispose()
    return time.perf_counter() - started


# --- 2. the server, 3. the load ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def session_cookie(
    url: str, username: str = OFFICER, role: str = "operator_dukcapil", region: str | None = REGION
) -> str:
    """The session cookie of the measured officer, signed in through the app's own session store.

    Sessions live in the database (``framework.web.sessions``), so the cookie is
    a token whose row the served app finds; it lasts MPP_SESSION_IDLE_MINUTES
    between requests (30 by default), longer than a run's pauses.
    """
    from framework.services.accounts import add_user
    from framework.store import User, make_engine, session_factory
    from framework.web import create_app

    engine = make_engine(url)
    with session_factory(engine)() as session:
        if session.query(User).filter_by(username=username).first() is None:
            add_user(session, username, role, region, password_hash="-")
    engine.dispose()
    app = create_app({"MPP_DATABASE_URL": url, "SECRET_KEY": SECRET})
    client = app.test_client()
    with client.session_transaction() as signed_in:
        signed_in["officer"] = {"username": username}
    cookie = client.get_cookie("session")
    assert cookie is not None, "the app set no session cookie"
    return cookie.value


def serve(url: str, workers: int, folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    environment = {**os.environ, "MPP_DATABASE_URL": url, "MPP_SECRET_KEY": SECRET, "MPP_ENV": "development"}
    environment["MPP_UPLOADS"] = str(folder / "uploads")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            # rate limits off: /lacak/ (the bare page) allows 60 look-ups a minute per address, and wrk from
            # one address would measure mostly 429 answers; the measured pages have no limit either way
            "framework.web:create_app({'MPP_RATE_LIMITS_ENABLED': False})",
        ],
        env=environment,
        cwd=PROJECT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    return server, base


LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(address: str, cookie: str, seconds: int, connections: int) -> dict[str, float]:
    """p50 and p99 in ms and requests/s from ``wrk --latency``."""
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--latency",
        "-H",
        f"Cookie: session={cookie}",
        address,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = {f"p{level}": float(value) * UNITS[unit] for level, value, unit in LATENCY.findall(output)}
    found["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    found["non_2xx"] = float(errors.group(1)) if errors else 0.0
    return found


def warm(address: str, cookie: str) -> int:
    import httpx

    answer = httpx.get(address, headers={"Cookie": f"session={cookie}"}, timeout=30)
    return answer.status_code


# --- the query alone ------------------------------------------------------------------------


def in_process(url: str) -> list[tuple[str, float, float, int]]:
    """(case, p50 ms, p99 ms, rows in scope) of `officer_queue` for a few officers and filters."""
    from framework.core import settings
    from framework.services.officers import Catalog, offered_in
    from framework.services.workspace import QueueFilters, officer_queue
    from framework.store import make_engine, session_factory
    from framework.workflow.actors import Actor

    bundled = catalog()
    specs = offered_in(Catalog.of(bundled.offered(), settings.definitions_dir()), REGION)
    cases = [
        ("kab/kota front office, default", Actor.officer("a", "operator_dukcapil", REGION), QueueFilters()),
        ("kab/kota front office, page 20", Actor.officer("a", "operator_dukcapil", REGION), QueueFilters(page=20)),
        ("kab/kota front office, overdue", Actor.officer("a", "operator_dukcapil", REGION), QueueFilters(overdue=True)),
        (
            "kab/kota verifier, returned",
            Actor.officer("a", "verifikator_dukcapil", REGION),
            QueueFilters(status="returned"),
        ),
        ("desa front office, default", Actor.officer("a", "operator_dukcapil", villages(REGION)[0]), QueueFilters()),
    ]
    engine = make_engine(url)
    sessions = session_factory(engine)
    results = []
    for name, actor, filters in cases:
        timings = []
        with sessions() as session:
            for _ in range(200):
                started = time.perf_counter()
                page = officer_queue(session, actor, specs, filters)
                timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results.append((name, statistics.median(timings), timings[int(len(timings) * 0.99) - 1], page.total))
    engine.dispose()
    return results


# --- the run -------------------------------------------------------------------------------


def database(kind: str, folder: Path, name: str = "queue") -> str:
    """The benchmark's database: PostgreSQL's ``mpp_bench_<name>``, or ``<name>.sqlite3`` in ``folder``."""
    if kind == "postgres":
        url = subprocess.run(
            ["bash", str(PROJECT / "scripts" / "start-postgres")],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "MPP_PG_DATABASE": f"mpp_bench_{name}"},
        ).stdout.strip()
        return url
    return f"sqlite:///{folder / f'{name}.sqlite3'}"


def count_rows(url: str) -> int:
    from sqlalchemy import func, select

    from framework.store import Application, make_engine, session_factory

    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            return int(session.scalar(select(func.count()).select_from(Application)) or 0)
    except Exception:
        return 0
    finally:
        engine.dispose()


def run(argv: list[str]) -> None:
    chosen = options(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return
    count, seconds = int(chosen["rows"]), int(chosen["seconds"])
    temporary = tempfile.TemporaryDirectory(prefix="mpp-bench-queue-")
    folder = Path(chosen["keep"] or temporary.name)
    folder.mkdir(parents=True, exist_ok=True)
    url = database(chosen["db"], folder)
    filled = count_rows(url)
    fill_seconds = fill(url, chosen["db"], count) if filled < count else 0.0
    print(
        f"{chosen['db']}: {max(filled, count):,} applications "
        f"({'kept' if not fill_seconds else f'filled in {fill_seconds:.0f} s'})"
    )
    cookie = session_cookie(url)
    server, base = serve(url, int(chosen["workers"]), folder)
    try:
        assert warm(f"{base}/admin/antrian/", cookie) == 200, "the queue did not answer 200"
        for page in ("/admin/antrian/", "/lacak/"):  # every worker's first requests compile templates: not measured
            wrk(f"{base}{page}", cookie, 3, int(chosen["connections"]))
        queue = wrk(f"{base}/admin/antrian/", cookie, seconds, int(chosen["connections"]))
        bare = wrk(f"{base}/lacak/", cookie, seconds, int(chosen["connections"]))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print()
    print(
        f"| page (gunicorn -w {chosen['workers']}, wrk -c {chosen['connections']}, "
        f"{seconds} s) | p50 | p99 | requests/s | non-2xx |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, found in (("/admin/antrian/ (queue)", queue), ("/lacak/ (bare page)", bare)):
        print(
            f"| {name} | {found['p50']:.1f} ms | {found['p99']:.1f} ms | {found['rps']:.0f} | {found['non_2xx']:.0f} |"
        )
    print(f"| ratio queue / bare | {queue['p50'] / bare['p50']:.1f}× | {queue['p99'] / bare['p99']:.1f}× | | |")
    print()
    print("| queue query in-process (200 calls) | p50 | p99 | matching rows |")
    print("|---|---:|---:|---:|")
    for name, p50, p99, total in in_process(url):
        print(f"| {name} | {p50:.1f} ms | {p99:.1f} ms | {total:,} |")
    if not chosen["keep"]:
        temporary.cleanup()


if __name__ == "__main__":
    run(sys.argv[1:])
