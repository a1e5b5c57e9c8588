"""The hot paths measured against the bare stack, in one run: ``python benchmarks/hot_paths.py``.

Why this shape: on a 2-core machine shared with other engineers, absolute
requests per second move with everyone else's load, and a Python load client
steals the server's CPU. So the load comes from wrk (C, Lua scripts in
``benchmarks/wrk/``), and every project figure is paired with the same figure
of a bare app (``bare_app.py``: the same Flask + gunicorn with 2 sync workers +
the same database, doing only an insert, a select by key or a Jinja page),
measured right before it in the same run. The ratio holds when the absolute
numbers move.

For each database (SQLite in WAL mode, then PostgreSQL from
``scripts/start-postgres`` in database ``mpp_bench``), with both servers up:

1. submission: multipart filing of the reference birth certificate
   (``adminduk.akta-kelahiran``, answers from ``framework.forms.examples``, a small
   PDF, a citizen bearer token, a fresh Idempotency-Key per request) vs a bare
   JSON insert. Successes are counted as rows created in the database;
2. tracking: ``GET /api/v1/applications/{n}`` with the applicant's token, over
   a table pre-filled to ``--rows`` applications, vs a bare select by key over
   as many rows;
3. the public tracking page ``/lacak/{n}`` and the first form page of the
   reference example in the portal (a session cookie obtained once through
   the sandbox IKD sign-in, a draft started through the portal), each vs a
   bare Jinja page of about the same size.

Beside requests per second, the CPU time the gunicorn workers spent per
request (from /proc, over the timed run) is reported: it does not depend on
the share of the cores the server got from other jobs, so its ratio is the
steadier one on a busy machine. It leaves out PostgreSQL's own processes.

Then the cold compile (``cold_compile.py``) and the worst-case hostile file.
Results: a Markdown table on stdout and ``benchmarks/results/latest.json``.

Usage: ``python benchmarks/hot_paths.py [--quick] [--seconds=10] [--db=sqlite,postgres]
[--rows=100000] [--rounds=3] [--connections=16] [--only=server|compile]``; ``MPP_BENCH_SECONDS``
sets the default duration.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import stack  # noqa: E402

PROJECT = stack.PROJECT
SERVICE = "adminduk.akta-kelahiran"
REGION = "73.12"  # a locus running every adminduk service (definitions/loci.yaml)
RESULTS = HERE / "results" / "latest.json"
BOUNDARY = "mppbenchboundary7d1f"
# The request limits of framework/web/limits.py with the same number of windows per rule, so every
# request still pays its counting (one upsert of all the rule's windows, committed), but raised so one
# token and one address can be driven at full speed: the benchmark measures the cost of limiting,
# not its refusals.
BENCH_LIMITS = {
    "api.submit": "1000000 per minute;100000000 per day",
    "api.application": "1000000 per minute",
    "tracking.status": "1000000 per minute",
    "tracking.search": "1000000 per minute",
    "prefill": "1000000 per hour;100000000 per day",
}
PROJECT_APP = f"framework.web:create_app({{'MPP_RATE_LIMITS': {BENCH_LIMITS!r}}})"


@dataclass(frozen=True)
class Settings:
    """How long and how hard to measure; ``--quick`` is a smoke run that proves the pipeline works."""

    seconds: float
    warmup: float
    threads: int
    connections: int
    rows: int
    databases: tuple[str, ...]
    only: str
    rounds: int
    quick: bool


def parse(argv: list[str]) -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 s per figure, 2,000 rows: a smoke run")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("MPP_BENCH_SECONDS", "10")))
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="bare/project pairs per figure (median ratio)")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--only", choices=("all", "server", "compile"), default="all")
    args = parser.parse_args(argv)
    quick = args.quick
    return Settings(
        seconds=2 if quick else args.seconds,
        warmup=1 if quick else args.warmup,
        rounds=1 if quick else args.rounds,
        threads=args.threads,
        connections=args.connections,
        rows=2_000 if quick else args.rows,
        databases=tuple(d for d in args.db.split(",") if d),
        only=args.only,
        quick=quick,
    )


# --- the project's side: catalog, filing, citizen, token, session ---------------------------------


def catalog_folder(folder: Path) -> Path:
    """The bundled catalog with the reference example in place of the bundled birth certificate.

    The whole catalog (not the example alone) because per-request costs that
    grow with the catalog are part of what a deployment pays. The bundled
    34.71 variant of the birth certificate is left out: it extends the
    bundled version, not the reference example.
    """
    from framework.core.settings import reference_example

    shutil.copytree(PROJECT / "definitions", folder)
    shutil.copyfile(reference_example(), folder / "adminduk" / "akta-kelahiran.yaml")
    (folder / "regions" / "34.71" / "akta-kelahiran.yaml").unlink(missing_ok=True)
    return folder


def citizen_nik() -> str:
    """An adult of the sandbox population with no health-worker record (as tests/catalog chooses)."""
    from plugins.sandbox.population import population

    people = population()
    return next(
        nik
        for nik, person in sorted(people.people.items())
        if nik not in people.health_workers and str(person.record["tgl_lhr"]) < "1990"
    )


def filing_body(definitions: Path) -> tuple[bytes, dict[str, Any]]:
    """The multipart body of one filing (answers built from the schema, a tiny file per document), and the JSON part."""
    from framework.definition import load_catalog
    from framework.forms.examples import client_answers, example_documents

    spec = load_catalog(definitions).specs[SERVICE]
    payload = {"region": REGION, "answers": client_answers(spec, REGION)}
    parts = [("payload", None, "application/json", json.dumps(payload).encode())]
    for doc_id, (name, content) in example_documents(spec, payload["answers"]).items():
        kind = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}[name.rsplit(".", 1)[1]]
        parts.append((doc_id, name, kind, content))
    body = b""
    for field, filename, kind, content in parts:
        disposition = f'form-data; name="{field}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\nContent-Type: {kind}\r\n\r\n".encode()
        body += content + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode(), payload


def mpp(url: str, *args: str) -> str:
    """Run the `mpp` command line against ``url`` (the public contract, not framework internals)."""
    env = {**os.environ, "MPP_DATABASE_URL": url, "MPP_ENV": "development"}
    done = subprocess.run([str(stack.BIN / "mpp"), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def portal_session(base: str, nik: str) -> tuple[str, str]:
    """(Cookie header, form page path): signed in once through the sandbox IKD, a draft started in the portal.

    Why a cookie obtained this way: it is exactly what a browser holds after
    signing in, so the measured page does all its real work (session, draft
    look-up, prefill display) and nothing is stubbed.
    """
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

    def csrf(path: str) -> str:
        with opener.open(base + path) as page:
            return re.search(r'name="csrf_token" value="([^"]+)"', page.read().decode()).group(1)

    def post(path: str, form: dict[str, str]) -> str:
        data = urllib.parse.urlencode(form).encode()
        try:
            opener.open(base + path, data=data)
        except urllib.error.HTTPError as redirect:
            if redirect.code in (302, 303):
                return redirect.headers["Location"]
            raise
        raise RuntimeError(f"POST {path} did not redirect")

    start = f"/layanan/{SERVICE}"
    post("/masuk/ikd/sandbox", {"csrf_token": csrf(f"/masuk/ikd?next={start}"), "nik": nik, "next": start})
    page = post(f"{start}/mulai", {"csrf_token": csrf(start), "region": REGION})
    path = urllib.parse.urlsplit(page).path
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, path


# --- database work the driver does between runs ------------------------------------------------


def count_rows(url: str, table: str) -> int:
    from sqlalchemy import text

    from framework.store import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return int(found)


def clone_applications(url: str, owner: str, total: int) -> list[str]:
    """Fill the applications table up to ``total`` rows by copying one real filing (and its history row).

    Copies, in SQL, of an application the API filed: every column is exactly
    what the project writes (JSON answers, prefill provenance, documents, the
    pinned definition), only the tracking number differs.
    """
    from sqlalchemy import inspect, text

    from framework.services import tracking_numbers as tracking
    from framework.store import make_engine

    engine = make_engine(url)
    with engine.begin() as connection:
        source, top = connection.execute(
            text("SELECT min(id), max(id) FROM applications WHERE applicant_nik = :nik"), {"nik": owner}
        ).one()
        have = connection.execute(text("SELECT count(*) FROM applications")).scalar_one()
        columns = [c["name"] for c in inspect(connection).get_columns("applications") if c["name"] != "id"]
        moved = [
            c["name"]
            for c in inspect(connection).get_columns("transitions")
            if c["name"] not in ("id", "application_id")
        ]
        numbers: set[str] = set()
        while len(numbers) < max(0, total - have):
            numbers.add(tracking.generate())
        listed = ", ".join(columns)
        chosen = ", ".join(":number" if c == "tracking_number" else c for c in columns)
        statement = text(f"INSERT INTO applications ({listed}) SELECT {chosen} FROM applications WHERE id = :source")
        ordered = sorted(numbers)
        for start in range(0, len(ordered), 5000):
            connection.execute(statement, [{"number": n, "source": source} for n in ordered[start : start + 5000]])
        history = ", ".join(moved)
        connection.execute(
            text(
                f"INSERT INTO transitions (application_id, {history}) "
                f"SELECT a.id, {', '.join('t.' + c for c in moved)} FROM applications a, transitions t "
                "WHERE a.id > :top AND t.application_id = :source"
            ),
            {"top": top, "source": source},
        )
        everyone = [row[0] for row in connection.execute(text("SELECT tracking_number FROM applications"))]
    analyse(engine)
    engine.dispose()
    return everyone


def analyse(engine: Any) -> None:
    """Fresh planner statistics after a bulk fill, as a running system would have."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("ANALYZE")


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to check, not to follow: a page that sends wrk to the sign-in is not a page."""

    def redirect_request(self, *args: Any) -> None:
        return None


def fetch(url: str, headers: dict[str, str] | None = None, data: bytes | None = None) -> tuple[int, bytes]:
    """One request from Python, to check a path answers as expected before wrk hammers it."""
    ask = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    try:
        with urllib.request.build_opener(_NoRedirect).open(ask, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


# --- one database ---------------------------------------------------------------------------------


class Run:
    """Both servers on one database, and the measurements made against them."""

    def __init__(self, kind: str, url: str, folder: Path, settings: Settings) -> None:
        self.kind, self.url, self.folder, self.settings = kind, url, folder, settings
        self.nik = citizen_nik()
        self.definitions = catalog_folder(folder / "definitions")
        self.project = stack.Server(
            "project",
            PROJECT_APP,
            {
                "MPP_DATABASE_URL": url,
                "MPP_INSTANCE": str(folder / "instance"),
                "MPP_DEFINITIONS": str(self.definitions),
                "MPP_SECRET_KEY": "bench-" + secrets.token_hex(16),
                "MPP_ENV": "development",
            },
            "/api/v1/services",
        )
        self.bare = stack.Server("bare", "bare_app:create_app()", {"BARE_DATABASE_URL": url}, "/bare/ready", HERE)
        self.figures: dict[str, Any] = {}

    def pair(self, name: str, bare: stack.Load, project: stack.Load, tables: tuple[str, str] | None = None) -> None:
        """Bare then project, back to back, ``--rounds`` times; the ratio is the median of the rounds' ratios.

        Why rounds: other engineers' jobs come and go on the same two cores;
        a bare run and the project run right after it see about the same
        machine, so each round's ratio is fair, and the median drops a round
        that a burst of load hit. Absolute figures are each side's medians.
        """
        rounds: list[dict[str, Any]] = []
        for _ in range(self.settings.rounds):
            bare_result = self.one(self.bare, bare, tables and tables[0])
            project_result = self.one(self.project, project, tables and tables[1])
            ratio = project_result["per_second"] / bare_result["per_second"]
            cpu_ratio = bare_result["cpu_ms"] / project_result["cpu_ms"]
            rounds.append({"bare": bare_result, "project": project_result, "ratio": ratio, "cpu_ratio": cpu_ratio})
        results = {
            "bare": medians([r["bare"] for r in rounds]),
            "project": medians([r["project"] for r in rounds]),
            "ratio": statistics.median(r["ratio"] for r in rounds),
            "cpu_ratio": statistics.median(r["cpu_ratio"] for r in rounds),
            "rounds": rounds,
        }
        self.figures[name] = results
        print(f"  {self.kind} {name}: {summary_line(results)}", flush=True)

    def one(self, server: stack.Server, load: stack.Load, table: str | None) -> dict[str, Any]:
        """Warm up (both workers, caches, connections), then the timed run; inserts count the rows created after
        warm-up.
        """
        s = self.settings
        nonce = secrets.token_hex(4)
        stack.run_wrk(server.base, load, s.warmup, s.threads, s.connections, nonce + "w")
        before = count_rows(self.url, table) if table else 0
        cpu = server.cpu_seconds()
        result = stack.run_wrk(server.base, load, s.seconds, s.threads, s.connections, nonce)
        cpu = server.cpu_seconds() - cpu
        if table:
            result["created"] = count_rows(self.url, table) - before
            result["per_second"] = result["created"] / result["seconds"]
        done = result.get("created", result["requests"])
        result["cpu_ms"] = cpu * 1000 / done if done else float("nan")
        return result

    def run(self) -> dict[str, Any]:
        mpp(self.url, "db", "upgrade")
        import bare_app

        bare_app.create_schema(self.url)
        token = mpp(self.url, "token", "issue", "--citizen", self.nik)
        self.project.start()
        self.bare.start()
        try:
            self.submissions(token)
            numbers = self.prefill()
            self.tracking(token, numbers)
            self.pages(numbers)
        finally:
            self.project.stop()
            self.bare.stop()
        return self.figures

    def submissions(self, token: str) -> None:
        body, payload = filing_body(self.definitions)
        files = self.folder / "load"
        files.mkdir(exist_ok=True)
        multipart = files / "filing.multipart"
        multipart.write_bytes(body)
        content_type = f"Content-Type: multipart/form-data; boundary={BOUNDARY}"
        target = f"/api/v1/services/{SERVICE}/applications"
        headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type.split(": ", 1)[1]}
        status, answer = fetch(self.project.base + target, headers, body)
        if status != 201:
            raise RuntimeError(f"the reference filing was refused ({status}): {answer[:500]!r}")
        bare_body = files / "bare.json"
        bare_body.write_text(json.dumps(payload), encoding="utf-8")
        self.pair(
            "submission",
            stack.Load(
                "POST",
                write_lines(files / "bare-insert.paths", ["/bare/items"]),
                bare_body,
                ("Content-Type: application/json",),
            ),
            stack.Load(
                "POST",
                write_lines(files / "submit.paths", [target]),
                multipart,
                (f"Authorization: Bearer {token}", content_type),
                idempotency=True,
            ),
            tables=("bare_items", "applications"),
        )

    def prefill(self) -> list[str]:
        """Both tables to ``--rows`` rows: the project's by copying a real filing, the bare one alike."""
        import bare_app

        numbers = clone_applications(self.url, self.nik, self.settings.rows)
        bare_have = count_rows(self.url, "bare_items")
        extra = [secrets.token_hex(8) for _ in range(max(0, self.settings.rows - bare_have))]
        bare_app.fill(self.url, extra, {"answers": {"nama_anak": "Budi"}}, self.nik)
        from framework.store import make_engine

        engine = make_engine(self.url)
        analyse(engine)
        engine.dispose()
        return numbers

    def bare_numbers(self, count: int) -> list[str]:
        from sqlalchemy import text

        from framework.store import make_engine

        engine = make_engine(self.url)
        with engine.connect() as connection:
            found = [r[0] for r in connection.execute(text("SELECT number FROM bare_items LIMIT :n"), {"n": count})]
        engine.dispose()
        return found

    def tracking(self, token: str, numbers: list[str]) -> None:
        files = self.folder / "load"
        sample = numbers[:: max(1, len(numbers) // 20_000)]
        api = write_lines(files / "track.paths", [f"/api/v1/applications/{n}" for n in sample])
        bare = write_lines(files / "bare-select.paths", [f"/bare/items/{n}" for n in self.bare_numbers(len(sample))])
        auth = f"Authorization: Bearer {token}"
        status, _ = fetch(self.project.base + f"/api/v1/applications/{sample[0]}", {"Authorization": f"Bearer {token}"})
        if status != 200:
            raise RuntimeError(f"tracking answered {status}")
        self.pair("tracking", stack.Load("GET", bare), stack.Load("GET", api, headers=(auth,)))

    def pages(self, numbers: list[str]) -> None:
        files = self.folder / "load"
        sample = numbers[:: max(1, len(numbers) // 20_000)]
        lacak = write_lines(files / "lacak.paths", [f"/lacak/{n}" for n in sample])
        cookie, form_path = portal_session(self.project.base, self.nik)
        form = write_lines(files / "form.paths", [form_path])
        lacak_load = stack.Load("GET", lacak)
        for name, load, check in (
            ("tracking page /lacak", lacak_load, f"/lacak/{sample[0]}"),
            ("form page", stack.Load("GET", form, headers=(f"Cookie: {cookie}",)), form_path),
        ):
            headers = {"Cookie": cookie} if "Cookie" in " ".join(load.headers) else {}
            status, page = fetch(self.project.base + check, headers)
            if status != 200:
                raise RuntimeError(f"{name}: {check} answered {status}")
            rows = self.bare_rows_for(len(page))
            bare = write_lines(files / f"bare-page-{rows}.paths", [f"/bare/page/{rows}"])
            self.pair(name, stack.Load("GET", bare), load)
            self.figures[name]["bytes"] = {
                "project": len(page),
                "bare": len(fetch(f"{self.bare.base}/bare/page/{rows}")[1]),
            }
        # a reference beside the goal's, with no goal of its own: the same bare page after a select by key,
        # so the report shows how much of /lacak's distance is the one row any tracking page has to read
        numbers_bare = self.bare_numbers(len(sample))
        rows = self.bare_rows_for(len(fetch(self.project.base + f"/lacak/{sample[0]}")[1]))
        paths = [f"/bare/row-page/{n}/{rows}" for n in numbers_bare]
        self.pair(ROW_PAGE_REFERENCE, stack.Load("GET", write_lines(files / "bare-row-page.paths", paths)), lacak_load)

    def bare_rows_for(self, size: int) -> int:
        """How many table rows make the bare page about ``size`` bytes (it grows linearly)."""
        empty = len(fetch(f"{self.bare.base}/bare/page/0")[1])
        hundred = len(fetch(f"{self.bare.base}/bare/page/100")[1])
        return max(0, round((size - empty) * 100 / (hundred - empty)))


def medians(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Each number's median over the rounds; failures are summed (one failed request anywhere shows)."""
    keys = ("per_second", "p50_ms", "p90_ms", "p99_ms", "max_ms", "cpu_ms")
    merged: dict[str, Any] = {key: statistics.median(r[key] for r in results) for key in keys}
    merged["failed"] = sum(r["failed"] for r in results)
    merged["requests"] = sum(r["requests"] for r in results)
    return merged


def summary_line(result: dict[str, Any]) -> str:
    bare, project = result["bare"], result["project"]
    return (
        f"project {project['per_second']:.0f}/s (p50 {project['p50_ms']:.1f} ms, p99 {project['p99_ms']:.1f} ms, "
        f"{project['failed']} failed) vs bare {bare['per_second']:.0f}/s → {result['ratio']:.2f}×; worker CPU "
        f"{project['cpu_ms']:.1f} vs {bare['cpu_ms']:.1f} ms/request → {result['cpu_ratio']:.2f}×"
    )


def measure_database(kind: str, settings: Settings) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"mpp-hot-{kind}-") as temporary:
        folder = Path(temporary)
        url = f"sqlite:///{folder / 'bench.sqlite3'}" if kind == "sqlite" else stack.postgres_url("mpp_bench")
        try:
            return Run(kind, url, folder, settings).run()
        finally:
            if kind == "postgres":
                stack.drop_postgres(url)


# --- report ---------------------------------------------------------------------------------------

GOALS = {"submission": 0.3, "tracking": 0.5, "tracking page /lacak": 0.5, "form page": 0.5}
ROW_PAGE_REFERENCE = "/lacak vs a bare page reading one row"  # reported beside the goals, with none of its own


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "| path | database | project req/s | p50 | p99 | bare req/s | bare p99 | ratio | goal "
        "| worker CPU per request, project / bare | CPU ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, figures in results.get("server", {}).items():
        for name, r in figures.items():
            p, b = r["project"], r["bare"]
            failed = f" ({p['failed']} failed)" if p["failed"] else ""
            lines.append(
                f"| {name} | {kind} | {p['per_second']:,.0f}{failed} | {p['p50_ms']:.1f} ms | {p['p99_ms']:.1f} ms "
                f"| {b['per_second']:,.0f} | {b['p99_ms']:.1f} ms | {r['ratio']:.2f}× "
                f"| {f'≥ {GOALS[name]}×' if name in GOALS else '(reference)'} "
                f"| {p['cpu_ms']:.1f} / {b['cpu_ms']:.1f} ms | {r['cpu_ratio']:.2f}× |"
            )
    compiled = results.get("compile")
    if compiled:
        lines.append("")
        lines.extend(compiled["markdown"])
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "load_average": os.getloadavg(),
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "file_creation_us": file_creation_us(Path(tempfile.gettempdir())),
    }


def file_creation_us(folder: Path, files: int = 300) -> float:
    """CPU (µs) to store one 2 KB upload in ``folder`` as the filings do: a new file, flushed to the disk.

    Why it is reported: every filing stores its upload as a new file, and
    the bare insert writes none. On an ordinary disk creating a file costs
    tens of µs; on some virtual machines it costs nearly a millisecond of
    kernel CPU, which is then a large part of the submission's figure
    (benchmarks/PROFILE.md, fifth round), so the figure is read beside it.
    """
    from framework.storage import write_durably  # what LocalStorage.save does

    data = os.urandom(2048)
    with tempfile.TemporaryDirectory(dir=folder, prefix="mpp-files-") as temporary:
        started = time.process_time()
        for number in range(files):
            write_durably(Path(temporary) / f"{number}-{secrets.token_hex(8)}", data)
        return round((time.process_time() - started) / files * 1e6, 1)


def main(argv: list[str]) -> int:
    settings = parse(argv)
    stack.wrk_binary()
    results: dict[str, Any] = {"settings": asdict(settings), "machine_before": machine()}
    if settings.only in ("all", "server"):
        print(
            f"## server: wrk -t{settings.threads} -c{settings.connections}, {settings.seconds:g} s per run, "
            f"{settings.rounds} round(s) of bare then project per figure",
            flush=True,
        )
        results["server"] = {kind: measure_database(kind, settings) for kind in settings.databases}
    if settings.only in ("all", "compile"):
        import cold_compile

        print("## cold compile and the hostile file", flush=True)
        results["compile"] = cold_compile.run(quick=settings.quick)
    results["machine_after"] = machine()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print()
    print(markdown(results))
    print(
        f"\nload average before/after: {results['machine_before']['load_average']} / "
        f"{results['machine_after']['load_average']}; creating one 2 KB file (what a filing's upload costs the "
        f"disk) took {results['machine_before']['file_creation_us']:.0f} / "
        f"{results['machine_after']['file_creation_us']:.0f} µs of CPU; JSON: {RESULTS.relative_to(PROJECT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
