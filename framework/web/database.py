"""The store as a Flask extension: one engine per app, one session per request, the draft store.

Views get their session from :func:`db_session`; it is closed (and anything
uncommitted rolled back) when the request ends. The engine is made on first
use, so an app that never touches the database never opens it.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from framework.forms.drafts import DatabaseDraftStore, DraftStore, FileDraftStore
from framework.store.engine import make_engine, session_factory

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
        app.extensions[EXTENSION] = session_factory(make_engine(app.config["MPP_DATABASE_URL"]))
    return app.extensions[EXTENSION]


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


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("mpp_session", None)
    if session is not None:
        session.close()


def draft_store(app: Flask) -> DraftStore:
    """The app's draft store: the applications database, or a folder when ``MPP_DRAFTS`` names one."""
    store = app.extensions.get("mpp.drafts")
    if store is None:
        if app.config.get("MPP_DRAFTS"):
            store = FileDraftStore(Path(app.config["MPP_DRAFTS"]))
        else:
            store = DatabaseDraftStore(sessions(app))
        app.extensions["mpp.drafts"] = store
    return store
