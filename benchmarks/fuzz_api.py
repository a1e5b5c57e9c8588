"""Fuzz the JSON API with schemathesis: bad input gets a clear error, never a 5xx.

Not part of the test suite (it is slow and random). Serves the app on
127.0.0.1 — a fresh, migrated SQLite database in a temporary folder, the
bundled catalog, the sandbox plugins — issues a citizen bearer token, and runs
a bounded `st run` against `/api/v1/openapi.json`: every response must be a
documented status with a body matching the documented schema, and none a 5xx.

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python benchmarks/fuzz_api.py [--max-examples 30] [--max-time 180] [-- extra st options]

Exits with schemathesis' exit code (0: no failures).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
CITIZEN_NIK = "3203011205820001"  # a sandbox citizen (Cianjur), as in framework/demo.py
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def serve(folder: Path) -> tuple[object, str, str]:
    """A running server on a free loopback port and a citizen token: (server, base url, token)."""
    from framework.services.accounts import issue_token
    from framework.store import make_engine, session_factory, upgrade
    from framework.web import create_app

    url = f"sqlite:///{folder / 'mpp.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as session:
        token = issue_token(session, citizen=CITIZEN_NIK)
        session.commit()
    engine.dispose()
    app = create_app({"MPP_DATABASE_URL": url, "MPP_UPLOADS": str(folder / "uploads"), "SECRET_KEY": "fuzz"})
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request drowns the report
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}", token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=30)
    parser.add_argument("--max-time", type=int, default=180, help="seconds for the whole run")
    parser.add_argument("extra", nargs="*", help="more `st run` options (after --)")
    args = parser.parse_args(argv)
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    if st is None:
        print("schemathesis is not installed: .venv/bin/pip install -e '.[fuzz]'", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="mpp-fuzz-"))
    server, base, token = serve(folder)
    try:
        command = [
            st,
            "run",
            f"{base}/api/v1/openapi.json",
            "--url",
            f"{base}/api/v1",
            "-H",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-examples",
            str(args.max_examples),
            "--max-time",
            str(args.max_time),
            "--workers",
            "1",
            "--request-timeout",
            "20",
            "--suppress-health-check",
            "all",
            *args.extra,
        ]
        env = {**os.environ, "NO_COLOR": "1"}
        return subprocess.run(
            command, env=env, cwd=folder, check=False
        ).returncode  # its example database stays out of the repository
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
