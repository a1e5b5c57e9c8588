"""The store as a Flask extension: one engine per app, one session per request, the draft store.

Views get their session from :func:`db_session`; it is closed (and anything
uncommitted rolled back) when the request ends. The engine is made on first
use, so an app that never touches the database never opens it.

The short transactions around a request's own work (reading and touching the
session row, loading a draft, counting a rate limit, and the anonymous
tracking page's one read) share one more connection, :func:`side_connection`,
also closed when the request ends: one
checkout from the pool (and, on PostgreSQL, one liveness ping) per request
instead of one per look-up. Each of them begins and commits its own
transaction on it, so none waits for, or rolls back with, the view's.
Work that must not run while the view's transaction is open (it would wait
for a lock that transaction holds) is run after it ends
(:func:`after_request_session`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from framework.forms.drafts import DatabaseDraftStore, DraftStore, FileDraftStore
from framework.store.engine import make_engine, session_factory

log = logging.getLogger(__name__)
EXTENSION = "mpp.store"


def init_store(app: Flask) -> None:
    """Register the teardown once; safe to call from several blueprints."""
    if EXTENSION in app.extensions:
        return
    app.extensions[EXTENSION] = None
    app.teardown_appcontext(_close_session)


def sessions(app: Flask | None = None) -> sessionmaker[Session]:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    init_store(app)
    if app.extensions[EXTENSION] is None:
        with _MAKING:  # the first requests of a threaded worker arrive together: one engine, not one each
            if app.extensions[EXTENSION] is None:
                app.extensions[EXTENSION] = session_factory(make_engine(app.config["MPP_DATABASE_URL"]))
    return app.extensions[EXTENSION]


# an engine made twice leaked the loser's pooled connections, never disposed (the PostgreSQL pass saw them)
_MAKING = threading.Lock()


def engine(app: Flask | None = None) -> Engine:
    """The app's engine, for Core work outside the request's session (rate counters)."""
    bind = sessions(app).kw["bind"]
    assert isinstance(bind, Engine)
    return bind


def db_session() -> Session:
    """The request's session."""
    if "mpp_session" not in g:
        g.mpp_session = sessions()()
    return g.mpp_session


SIDE_CONNECTION = "mpp_side_connection"
AFTER_SESSION = "mpp_after_session"  # g: what runs once the request's session has ended


@contextmanager
def side_connection(app: Flask | None = None) -> Iterator[Connection]:
    """The request's connection for short transactions of its own (a fresh one outside a request).

    The caller begins and ends its transaction (``with connection.begin():``)
    inside the ``with``; a transaction still open when it leaves is rolled
    back, so no later user of the connection inherits it (or, on SQLite, a
    write lock). The connection is kept on ``g`` only for the app whose
    context is active; for another app, or outside any, it is a fresh one.
    """
    if not has_app_context() or (app is not None and app is not current_app._get_current_object()):  # type: ignore[attr-defined]
        with engine(app).connect() as connection:
            yield connection
        return
    connection = g.get(SIDE_CONNECTION)
    if connection is None or connection.closed:
        connection = engine(app).connect()
        setattr(g, SIDE_CONNECTION, connection)
    try:
        yield connection
    finally:
        if connection.in_transaction():
            connection.rollback()


def after_request_session(callback: Callable[[], None]) -> None:
    """Run ``callback`` when the request ends, after its session closed (its transaction over), in order.

    The side connection is still open for it. A callback that fails is
    logged; the others still run.
    """
    g.setdefault(AFTER_SESSION, []).append(callback)


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("mpp_session", None)
    if session is not None:
        session.close()
    for callback in g.pop(AFTER_SESSION, []):
        try:
            callback()
        except Exception:  # one failure must not keep the others, or the connection's closing, from running
            log.exception("work after the request's session failed")
    connection = g.pop(SIDE_CONNECTION, None)
    if connection is not None:
        connection.close()


def draft_store(app: Flask) -> DraftStore:
    """The app's draft store: the applications database, or a folder when ``MPP_DRAFTS`` names one."""
    store = app.extensions.get("mpp.drafts")
    if store is None:
        if app.config.get("MPP_DRAFTS"):
            store = FileDraftStore(Path(app.config["MPP_DRAFTS"]))
        else:
            owner: Flask = getattr(app, "_get_current_object", lambda: app)()  # the app, not a proxy to it
            store = DatabaseDraftStore(lambda: side_connection(owner))
        app.extensions["mpp.drafts"] = store
    return store
