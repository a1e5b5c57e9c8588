"""`mpp serve`: the app on the embedded default, ready to click through.

Upgrades the database (SQLite under instance/ unless MPP_DATABASE_URL says
otherwise), loads the demo data when `framework.demo` is present, and runs
the development server. Production uses gunicorn instead (DESIGN.md).
"""

from __future__ import annotations

import importlib

import click

from .db import database_url


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def serve_command(host: str, port: int) -> None:
    """Run the app with demo data and sandbox plugins (development)."""
    from ..store import upgrade
    from ..web import create_app

    url = database_url()
    upgrade(url)
    _seed_demo(url)
    app = create_app({"MPP_DATABASE_URL": url})
    click.echo(f"MPP Digital on http://{host}:{port}/ (database: {url})")
    app.run(host=host, port=port, debug=False, use_reloader=False)


def _seed_demo(url: str) -> None:
    from ..store import make_engine, session_factory

    try:
        demo = importlib.import_module("framework.demo")
    except ModuleNotFoundError as exc:
        if exc.name != "framework.demo":
            raise
        return
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            demo.seed(session)
    finally:
        engine.dispose()
