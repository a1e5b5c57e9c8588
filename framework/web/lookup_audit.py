"""Writing a registry look-up's audit event at once, whatever becomes of the request.

Why a side transaction (the rate counters' connection): the look-up is a
read that happened even when the filing it served is refused and rolled
back, or the page is only saved as a draft (which does not touch the
database session); an event written in the request's own transaction would
be lost with it.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from framework.services.lookup_audit import record_lookup
from framework.web.database import side_connection
from framework.workflow.actors import Actor


def audit_lookup(
    actor: Actor, action: str, nik: str, *, source: str, service: str | None = None, region: str | None = None
) -> None:
    """Record that ``actor`` asked ``source`` about ``nik`` (masked, and its digest under the app's secret key)."""
    secret = current_app.secret_key or ""
    with side_connection() as connection, connection.begin(), Session(bind=connection) as session:
        record_lookup(session, actor, action, nik, secret, source=source, service=service, region=region)
        session.flush()
