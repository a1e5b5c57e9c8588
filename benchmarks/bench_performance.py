"""The ministry's pages with 1,000,000 applications across the 60 loci: p50/p99 under load, beside a bare page.

1. Fill (``performance_fill``): a fresh database (SQLite file, or PostgreSQL
   with ``--db=postgres``) with ``--rows`` applications, their figures and step
   visits, and complaints; Kabupaten Cianjur (32.03) is the largest region.
2. Serve: gunicorn (``--workers``, default 2) runs ``framework.web:create_app()``
   on 127.0.0.1 with the rate limits off (the bare page ``/lacak/`` would
   answer 429); a ministry officer's session is opened through the app's own
   session store.
3. Load: ``wrk`` drives, one after the other, the overview (``/admin/kinerja/``:
   every locus with its medians, percentiles and shares), Cianjur's page
   (``/admin/kinerja/32.03``: per service, per step, the weekly trend, overdue
   now), Cianjur's public page (``/kinerja/32.03``) and the bare ``/lacak/``
   page of the same stack, each for ``--seconds`` after a warm-up — once the
   statistics table has been refreshed, as ``mpp worker`` does every five
   minutes (the refresh is timed too).
   Reported: p50 and p99 of each and their ratio to the bare page, and the
   service functions alone in-process (``--calls`` calls each).

Usage: ``python benchmarks/run.py performance [--rows=N] [--db=sqlite|postgres]
[--seconds=S] [--connections=C] [--workers=W] [--calls=N] [--keep=FOLDER]
[--reuse=FILE_OR_URL]``.
``--keep`` keeps the filled database (SQLite file ``performance.sqlite3`` in
FOLDER; PostgreSQL database ``mpp_bench_performance``, which is never dropped)
and a second run with the same ``--keep`` measures it again without filling.
``--reuse`` measures a database filled earlier as it is — a SQLite file
(``--reuse=/tmp/perfbench/performance.sqlite3``) or a database URL — and never
fills: a run stops if it holds no applications. The fill's dates are relative
to when it ran, so a database kept for weeks has fewer recent applications.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
for path in (PROJECT, PROJECT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_admin_queue import count_rows, database, options, serve, session_cookie, warm, wrk  # noqa: E402
from performance_fill import MEASURED, fill  # noqa: E402

DEFAULTS = {
    "rows": "1000000",
    "db": "sqlite",
    "seconds": "20",
    "connections": "2",
    "workers": "2",
    "calls": "20",
    "keep": "",
    "reuse": "",
}
SECRET = "bench-secret-bench-secret-bench-secret"
MINISTRY = "bench.kementerian"
MEASURED_SERVICE = "adminduk.kk"  # a service offered everywhere: its list in Cianjur is among the longest
PAGES = (
    ("overview", "/admin/kinerja/"),
    ("region", f"/admin/kinerja/{MEASURED}"),
    ("overdue, page 5", f"/admin/kinerja/{MEASURED}/terlambat?halaman=5"),
    ("service list, page 20", f"/admin/kinerja/{MEASURED}/layanan/{MEASURED_SERVICE}?halaman=20"),
    ("public", f"/kinerja/{MEASURED}"),
    ("bare", "/lacak/"),
)


def in_process(url: str, calls: int) -> list[tuple[str, float, float]]:
    """(function, p50 ms, p99 ms) of the overview's and the region page's service functions alone."""
    from framework.core import settings
    from framework.definition import load_catalog
    from framework.services.loci import current_loci
    from framework.services.performance import overview
    from framework.services.region_applications import service_applications
    from framework.services.region_performance import overdue_page, public_figures, region_page
    from framework.store import make_engine, session_factory

    definitions = settings.definitions_dir()
    specs = load_catalog(definitions, cache_dir=settings.cache_dir()).offered()
    engine = make_engine(url)
    cases: list[tuple[str, Any]] = [
        ("performance.overview", lambda session, loci: overview(session, loci, specs, definitions)),
        (
            "region_performance.region_page",
            lambda session, loci: region_page(session, MEASURED, loci, specs, definitions, inactive_days=30),
        ),
        (
            "region_performance.overdue_page (page 5)",
            lambda session, loci: overdue_page(session, MEASURED, loci, specs, definitions, page=5),
        ),
        (
            "region_applications.service_applications (page 20)",
            lambda session, loci: service_applications(session, MEASURED, MEASURED_SERVICE, None, page=20),
        ),
        (
            "region_performance.public_figures",
            lambda session, loci: public_figures(session, MEASURED, loci, specs, definitions),
        ),
    ]
    results = []
    with session_factory(engine)() as session:
        loci = current_loci(session, definitions)
        for name, call in cases:
            timings = []
            for _ in range(calls):
                started = time.perf_counter()
                call(session, loci)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            results.append((name, statistics.median(timings), timings[max(0, int(len(timings) * 0.99) - 1)]))
    engine.dispose()
    return results


def refresh(url: str) -> float:
    """What the worker does every few minutes: rank the period's decisions into the statistics table."""
    from framework.services.performance_stats import refresh as rank
    from framework.store import make_engine, session_factory

    engine = make_engine(url)
    started = time.perf_counter()
    with session_factory(engine)() as session:
        rank(session)
    engine.dispose()
    return time.perf_counter() - started


def run(argv: list[str]) -> None:
    chosen = options(argv, DEFAULTS)
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return
    count, seconds, connections = int(chosen["rows"]), int(chosen["seconds"]), int(chosen["connections"])
    temporary = tempfile.TemporaryDirectory(prefix="mpp-bench-performance-")
    folder = Path(chosen["keep"] or temporary.name)
    folder.mkdir(parents=True, exist_ok=True)
    reused = chosen["reuse"]
    if reused:
        url = reused if "://" in reused else f"sqlite:///{Path(reused).resolve()}"
        kind = "postgres" if url.startswith("postgresql") else "sqlite"
        filled = count_rows(url)
        if not filled:
            print(f"--reuse: {reused} holds no applications (fill one with --keep=FOLDER)", file=sys.stderr)
            return
        fill_seconds = 0.0
    else:
        kind = chosen["db"]
        url = database(kind, folder, "performance")
        filled = count_rows(url)
        if 0 < filled < count:
            print(
                f"{url} holds {filled:,} of {count:,} applications: drop it, or measure it with --reuse",
                file=sys.stderr,
            )
            return
        fill_seconds = fill(url, kind, count) if filled < count else 0.0
    how = "kept" if not fill_seconds else f"filled in {fill_seconds:.0f} s"
    print(f"{kind}: {max(filled, count if fill_seconds else 0):,} applications ({how})")
    print(f"the worker's refresh of the statistics table: {refresh(url):.1f} s")
    cookie = session_cookie(url, MINISTRY, "auditor_kementerian", None)
    server, base = serve(url, int(chosen["workers"]), folder)
    found: dict[str, dict[str, float]] = {}
    try:
        for _name, page in PAGES:
            assert warm(f"{base}{page}", cookie) == 200, f"{page} did not answer 200"
            wrk(f"{base}{page}", cookie, 3, connections)  # every worker's first requests compile templates
        for name, page in PAGES:
            found[name] = wrk(f"{base}{page}", cookie, seconds, connections)
    finally:
        server.terminate()
        server.wait(timeout=30)
    bare = found["bare"]
    print()
    print(
        f"| page (gunicorn -w {chosen['workers']}, wrk -c {connections}, {seconds} s) | p50 | p99 "
        "| ratio p50 / p99 to bare | requests/s | non-2xx |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, page in PAGES:
        result = found[name]
        ratio = f"{result['p50'] / bare['p50']:.0f}× / {result['p99'] / bare['p99']:.0f}×" if name != "bare" else ""
        print(
            f"| {page} ({name}) | {result['p50']:.1f} ms | {result['p99']:.1f} ms | {ratio} "
            f"| {result['rps']:.1f} | {result['non_2xx']:.0f} |"
        )
    print()
    print(f"| service function in-process ({chosen['calls']} calls) | p50 | p99 |")
    print("|---|---:|---:|")
    for name, p50, p99 in in_process(url, int(chosen["calls"])):
        print(f"| {name} | {p50:.1f} ms | {p99:.1f} ms |")
    if not chosen["keep"]:
        temporary.cleanup()


if __name__ == "__main__":
    run(sys.argv[1:])
