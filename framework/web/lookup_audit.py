"""Writing a registry look-up's audit event at once, whatever becomes of the request; the app's NIK digester.

Why a side transaction (the rate counters' connection): the look-up is a
read that happened even when the filing it served is refused and rolled
back, or the page is only saved as a draft (which does not touch the
database session); an event written in the request's own transaction would
be lost with it.

Why sometimes later: a request whose own transaction already wrote an audit
event holds the chain's head (``audit_trail.holds_chain``) until it ends; an
event written meanwhile on the side connection would wait for that lock in
the same thread, for ever on PostgreSQL. Such a look-up's event is written
as soon as the request's session has ended (committed or rolled back), so
no order of look-ups and audited changes in a view can deadlock.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from framework.core.personal import NikDigester
from framework.services.audit_trail import holds_chain
from framework.services.lookup_audit import record_lookup
from framework.web.database import after_request_session, side_connection
from framework.workflow.actors import Actor

EXTENSION = "mpp.nik_digester"


def init_digester(app: Flask) -> None:
    """The app's one NIK digester, keyed by ``MPP_AUDIT_KEY`` (a fixed development key outside production)."""
    app.extensions[EXTENSION] = NikDigester.from_audit_key(app.config["MPP_AUDIT_KEY"])


def nik_digester(app: Flask | None = None) -> NikDigester:
    found: NikDigester = (app or current_app).extensions[EXTENSION]
    return found


def audit_lookup(
    actor: Actor, action: str, nik: str, *, source: str, service: str | None = None, region: str | None = None
) -> None:
    """Record that ``actor`` asked ``source`` about ``nik`` (masked, and its digest under the audit key)."""
    digester = nik_digester()

    def write() -> None:
        with side_connection() as connection, connection.begin(), Session(bind=connection) as session:
            record_lookup(session, actor, action, nik, digester, source=source, service=service, region=region)
            session.flush()

    request_session = g.get("mpp_session")
    if request_session is not None and holds_chain(request_session):
        after_request_session(write)
    else:
        write()
