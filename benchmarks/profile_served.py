"""Where a hot path's CPU goes in the served app: py-spy on the gunicorn workers while wrk drives them.

Why beside ``profile_paths.py``: the in-process profile drives the app through
Werkzeug's test client, which reads the body from memory and skips gunicorn;
in the served app a filing cost about a third more CPU than in-process
(multipart parsing from the socket, the WSGI server, two workers sharing the
SQLite write lock). This sets up exactly what ``hot_paths.py`` measures (same
catalog, token, filing, rows, session cookie and limits), drives one path with
wrk for ``--seconds`` and samples both workers from outside with py-spy (no
profiler inside the process, so C and Python code weigh the same).

Prints each function's inclusive share of the samples taken inside a
request, the largest first. SQLite only: the shares move little with the
database, and PostgreSQL's own processes are not sampled anyway.

Usage: ``python benchmarks/profile_served.py submission|tracking|lacak|form [--seconds=10] [--top=60]``.
"""

from __future__ import annotations

import argparse
import collections
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import hot_paths  # noqa: E402
import stack  # noqa: E402

FIGURES = {"submission": "submission", "tracking": "tracking", "lacak": "tracking page /lacak", "form": "form page"}
RATE = 250  # samples per second


def sampled(run: hot_paths.Run, load: stack.Load, seconds: float) -> list[Path]:
    """wrk on the project for ``seconds`` while py-spy records each worker; the raw sample files."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    stack.run_wrk(run.project.base, load, 2, 2, 16, "warm" + secrets.token_hex(3))
    outputs, recorders = [], []
    for pid in run.project.worker_pids():
        output = run.folder / f"py-spy-{pid}.txt"
        outputs.append(output)
        command = [py_spy, "record", "-p", str(pid), "-d", str(int(seconds)), "-r", str(RATE), "-f", "raw"]
        recorders.append(
            subprocess.Popen(
                [*command, "-o", str(output), "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
    stack.run_wrk(run.project.base, load, seconds + 2, 2, 16, secrets.token_hex(3))
    for recorder in recorders:
        recorder.wait()
    return outputs


def shares(outputs: list[Path], top: int) -> str:
    """Inclusive share of each function among the samples taken inside a request (gunicorn's handle_request)."""
    inside, counts = 0, collections.Counter[str]()
    for output in outputs:
        for line in output.read_text().splitlines():
            frames, _, number = line.rpartition(" ")
            stack_frames = frames.split(";")
            if not any("handle_request" in frame for frame in stack_frames):
                continue
            inside += int(number)
            for name in {frame.split(":")[0] + ")" for frame in stack_frames}:
                counts[name] += int(number)
    rows = [f"| {100 * n / inside:.1f}% | `{name}` |" for name, n in counts.most_common(top)]
    return f"{inside} samples inside requests\n\n| share | function |\n|---:|---|\n" + "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", choices=sorted(FIGURES))
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--top", type=int, default=60)
    args = parser.parse_args(argv)
    settings = hot_paths.parse(["--db=sqlite", "--rounds=1", "--rows=5000"])
    with tempfile.TemporaryDirectory(prefix="mpp-served-") as temporary:
        folder = Path(temporary)
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
        run = hot_paths.Run("sqlite", url, folder, settings)
        found: dict[str, list[Path]] = {}

        def pair(name: str, _bare: stack.Load, project: stack.Load, tables: Any = None) -> None:
            if name == FIGURES[args.path]:
                found["outputs"] = sampled(run, project, args.seconds)
            run.figures[name] = {}

        run.pair = pair  # type: ignore[method-assign]
        hot_paths.mpp(url, "db", "upgrade")
        import bare_app

        bare_app.create_schema(url)
        token = hot_paths.mpp(url, "token", "issue", "--citizen", run.nik)
        run.project.start()
        run.bare.start()
        try:
            run.submissions(token)
            if args.path != "submission":
                numbers = run.prefill()
                if args.path == "tracking":
                    run.tracking(token, numbers)
                else:
                    run.pages(numbers)
        finally:
            run.project.stop()
            run.bare.stop()
        print(f"## {FIGURES[args.path]}: py-spy on both gunicorn workers, {RATE} Hz, {args.seconds:.0f} s under wrk\n")
        print(shares(found["outputs"], args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
