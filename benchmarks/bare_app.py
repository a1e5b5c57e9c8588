"""The bare stack the project is built on, doing only the minimum of each hot path.

Served by the same gunicorn (2 sync workers) on the same database as the
project, so ``project ÷ bare`` is what the framework itself costs:

- ``POST /bare/items``: parse a JSON body, insert one row, commit, answer 201
  (the floor under a submission);
- ``GET /bare/items/<number>``: select one row by a unique key, answer JSON
  (the floor under a tracking look-up);
- ``GET /bare/page/<rows>``: a Jinja page extending a layout, with ``rows``
  table rows, so its size can match a project page (the floor under page
  rendering);
- ``GET /bare/row-page/<number>/<rows>``: the same page after selecting one
  row by its unique key (a reference beside the goal's: the floor under a
  page that shows one stored record, as ``/lacak/{n}`` does).

The engine comes from ``framework.store.make_engine`` so the connection set-up
(SQLite WAL, busy timeout, synchronous=NORMAL; PostgreSQL pool pre-ping) is
exactly the project's; nothing else of the framework runs per request.
WSGI: ``gunicorn 'bare_app:create_app()'`` with ``BARE_DATABASE_URL`` set.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, abort, jsonify, render_template, request
from sqlalchemy import JSON, Column, Engine, Integer, MetaData, String, Table, insert, select
from sqlalchemy.dialects.postgresql import JSONB

from framework.store import make_engine

METADATA = MetaData()
ITEMS = Table(
    "bare_items",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("number", String(16), unique=True, nullable=False),
    Column("owner", String(16), nullable=False),
    Column("body", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
)
HERE = Path(__file__).resolve().parent


def create_schema(url: str) -> None:
    """The bare table, in the same database as the project's tables."""
    engine = make_engine(url)
    METADATA.create_all(engine)
    engine.dispose()


def fill(url: str, numbers: list[str], body: dict[str, Any], owner: str) -> None:
    """Pre-fill the bare table with as many rows as the project's applications table."""
    engine = make_engine(url)
    with engine.begin() as connection:
        for start in range(0, len(numbers), 5000):
            chunk = numbers[start : start + 5000]
            connection.execute(insert(ITEMS), [{"number": n, "owner": owner, "body": body} for n in chunk])
    engine.dispose()


def create_app() -> Flask:
    """One engine per worker process, made on first use (after gunicorn forks)."""
    app = Flask(__name__, template_folder=str(HERE / "bare_templates"))
    url = os.environ["BARE_DATABASE_URL"]
    engines: dict[str, Engine] = {}

    def engine() -> Engine:
        if "engine" not in engines:
            engines["engine"] = make_engine(url)
        return engines["engine"]

    @app.post("/bare/items")
    def add_item() -> tuple[Any, int]:
        body = request.get_json()
        number = secrets.token_hex(8)
        with engine().begin() as connection:
            row_id = connection.execute(
                insert(ITEMS).values(number=number, owner="0" * 16, body=body).returning(ITEMS.c.id)
            ).scalar_one()
        return jsonify({"id": row_id, "number": number}), 201

    @app.get("/bare/items/<number>")
    def get_item(number: str) -> Any:
        with engine().connect() as connection:
            row = connection.execute(select(ITEMS).where(ITEMS.c.number == number)).mappings().first()
        if row is None:
            abort(404)
        return jsonify(dict(row))

    @app.get("/bare/page/<int:rows>")
    def page(rows: int) -> str:
        items = [{"number": f"{i:016d}", "name": f"Layanan nomor {i}", "state": "verifikasi"} for i in range(rows)]
        return render_template("page.html", title="Halaman", items=items)

    @app.get("/bare/row-page/<number>/<int:rows>")
    def row_page(number: str, rows: int) -> str:
        with engine().connect() as connection:
            row = connection.execute(select(ITEMS).where(ITEMS.c.number == number)).mappings().first()
        if row is None:
            abort(404)
        items = [{"number": row["number"], "name": f"Layanan nomor {i}", "state": "verifikasi"} for i in range(rows)]
        return render_template("page.html", title="Halaman", items=items)

    @app.get("/bare/ready")
    def ready() -> str:
        return "ok"

    return app
