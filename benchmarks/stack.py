"""Processes a server benchmark needs: gunicorn servers on loopback, wrk, PostgreSQL.

Kept apart from the scenario (hot_paths.py) so each piece is small: a server
is started on a free 127.0.0.1 port and polled until it answers; wrk runs for
a fixed duration and its Lua ``done()`` hands back one JSON line.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
BENCHMARKS = PROJECT / "benchmarks"
LOAD_SCRIPT = BENCHMARKS / "wrk" / "load.lua"
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A port nobody listens on now (the kernel's pick), on loopback only."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A gunicorn with 2 sync workers (the deployment the README describes) on a loopback port."""

    name: str
    app: str  # WSGI spec, e.g. "framework.web:create_app()"
    env: dict[str, str]
    ready_path: str
    chdir: Path = PROJECT
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> None:
        command = [
            str(BIN / "gunicorn"),
            "-w",
            str(self.workers),
            "-b",
            f"127.0.0.1:{self.port}",
            "--chdir",
            str(self.chdir),
            "--log-level",
            "warning",
            self.app,
        ]
        self.process = subprocess.Popen(command, env={**os.environ, **self.env}, cwd=self.chdir)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.base + self.ready_path, timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name}: gunicorn did not answer within {timeout:.0f} s")

    def worker_pids(self) -> list[int]:
        """The worker processes (children of the gunicorn master), for a profiler to attach to."""
        assert self.process is not None
        found = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def cpu_seconds(self) -> float:
        """User + system CPU the workers have used so far (from /proc): what the server itself spent.

        Why: throughput on a shared machine depends on the share of the cores
        the server got; the CPU it spent per request does not.
        """
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / ticks

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None


@dataclass(frozen=True)
class Load:
    """What wrk sends: a method, paths chosen at random per request, an optional body and headers."""

    method: str
    paths: Path
    body: Path | None = None
    headers: tuple[str, ...] = ()
    idempotency: bool = False


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed: run `bash benchmarks/setup` (as root it installs Debian's wrk)")
    return found


def run_wrk(base: str, load: Load, seconds: float, threads: int, connections: int, nonce: str) -> dict[str, Any]:
    """Drive ``base`` with wrk for ``seconds``; requests/s, latency percentiles (ms) and error counts."""
    command = [
        wrk_binary(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(LOAD_SCRIPT),
        base,
        "--",
        load.method,
        str(load.paths),
        str(load.body) if load.body else "-",
        "yes" if load.idempotency else "no",
        nonce,
        *load.headers,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next((row for row in done.stdout.splitlines() if row.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line[len("BENCH_JSON ") :])
    seconds_run = raw["duration_us"] / 1e6
    errors = raw["errors"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds_run, 3),
        "per_second": raw["requests"] / seconds_run,
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "failed": errors["status"] + errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
        "errors": errors,
    }


# --- PostgreSQL ----------------------------------------------------------------------------


def postgres_url(database: str) -> str:
    """Start (or reuse) the project's throw-away cluster and return a URL for a fresh ``database``.

    ``scripts/start-postgres`` creates the database when it is missing; it is
    dropped and created again here so every run starts empty.
    """
    env = {**os.environ, "MPP_PG_DATABASE": database}
    url = subprocess.run(
        ["bash", str(PROJECT / "scripts" / "start-postgres")], check=True, capture_output=True, text=True, env=env
    ).stdout.strip()
    admin = url.rsplit("/", 1)[0] + "/postgres"
    postgres_admin(admin, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)", f"CREATE DATABASE {database}")
    return url


def postgres_admin(admin_url: str, *statements: str) -> None:
    from sqlalchemy import create_engine, text

    from framework.store import normalise_url

    engine = create_engine(normalise_url(admin_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def drop_postgres(url: str) -> None:
    admin = url.rsplit("/", 1)[0] + "/postgres"
    postgres_admin(admin, f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")
