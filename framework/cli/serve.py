"""`mpp serve`: the app on the embedded default, a living system to click through.

Upgrades the database (SQLite under instance/ unless MPP_DATABASE_URL says
otherwise), loads the demo data when `plugins.sandbox.demo` is present, prints how to
sign in, starts the outbox worker in a background thread (notifications,
issued PDFs, SLA deadlines — no second terminal; `--no-worker` to leave it to
`mpp worker`) and runs the development server. Development only: with
MPP_ENV=production it refuses to start, because production is gunicorn plus
separate `mpp worker` processes (DESIGN.md), and sandbox plugins and demo data
have no place there.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

from framework.cli.database import checked_url, translated

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

PRODUCTION_REFUSAL = (
    "mpp serve adalah server pengembangan (data demo, plugin sandbox, worker di proses yang sama); "
    "di produksi jalankan gunicorn 'framework.web:create_app()' dan `mpp worker`. / "
    "mpp serve is the development server (demo data, sandbox plugins, an in-process worker); "
    "in production run gunicorn 'framework.web:create_app()' and `mpp worker`."
)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--worker/--no-worker",
    "with_worker",
    default=True,
    show_default=True,
    help="Run the outbox worker (notifications, issued PDFs, SLA deadlines) in a background thread of this process.",
)
def serve_command(host: str, port: int, with_worker: bool) -> None:
    """Run the app with demo data, sandbox plugins and an in-process worker (development)."""
    from framework.core import settings
    from framework.store import make_engine, session_factory, upgrade
    from framework.web import StartupError, create_app

    if settings.is_production():
        raise click.ClickException(PRODUCTION_REFUSAL)
    public = os.environ.setdefault("MPP_PUBLIC_URL", served_address(host, port))
    url = checked_url(create=True)  # the development server makes (and migrates) its database
    with translated():
        upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    stop = threading.Event()
    try:
        try:  # first: a setting that cannot be used stops it before anything is written
            # templates and static files edited while it runs show on the next page
            app = create_app({"MPP_DATABASE_URL": url, "TEMPLATES_AUTO_RELOAD": True})
        except StartupError as exc:
            raise click.ClickException(str(exc)) from None
        for line in _seed_demo(sessions):
            click.echo(line)
        thread = _start_worker(sessions, stop) if with_worker else None
        click.echo(
            f"MPP Digital on http://{host}:{port}/ (database: {url}; "
            f"worker: {'in this process' if thread else 'run `mpp worker`'}; "
            f"QR codes and notification links: {public}, MPP_PUBLIC_URL)"
        )
        signal.signal(signal.SIGTERM, _exit_quietly)  # `kill PID` stops the worker and closes the database like Ctrl+C
        app.run(host=host, port=port, debug=False, use_reloader=False)
    finally:
        stop.set()
        engine.dispose()


def served_address(host: str, port: int) -> str:
    """The address this server is reached at, for the links it prints in QR codes and notifications.

    Why: links defaulted to port 5000 whatever ``--port`` said, so on
    ``make run PORT=8080`` a scanned certificate led nowhere. Listening on
    every interface (``0.0.0.0``, for a phone on the same network) gives the
    machine's address on that network, found without sending anything.
    """
    if host not in ("0.0.0.0", "::", ""):
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a UDP "connect" only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            address = "127.0.0.1"
    return f"http://{address}:{port}"


def _exit_quietly(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _seed_demo(sessions: sessionmaker[Session]) -> Iterable[str]:
    """Seed once through each installed demo-data provider and return the console lines.

    Demo data files applications as sandbox citizens, so it lives with the
    sandbox plugins (``plugins.sandbox.demo``) and is found through the
    ``mpp.demo_data`` entry-point group: `framework` never imports `plugins`.
    """
    from framework.plugins.registry import demo_data

    lines: list[str] = []
    for provider in demo_data():
        with sessions() as session:
            lines += [*provider.describe(provider.seed(session)), *provider.sign_ins(session)]
    return lines


def _start_worker(sessions: sessionmaker[Session], stop: threading.Event) -> threading.Thread:
    """The `mpp worker` loop in a daemon thread; ``stop`` ends it when the server does."""
    import logging

    from framework.plugins.registry import PluginError, check_startup
    from framework.worker import loop as worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        check_startup()
    except PluginError as exc:
        raise click.ClickException(str(exc)) from None
    config = worker.WorkerConfig()
    thread = threading.Thread(target=worker.run, args=(sessions, config, stop), name="mpp-worker", daemon=True)
    thread.start()
    click.echo(f"mpp worker {config.worker_id}: draining the outbox in this process", err=True)
    return thread
