"""The append-only, hash-chained audit trail: every state change and every officer view of personal data.

Rows are only ever added (the database refuses UPDATE and DELETE on
``audit_events``); each says who, in which role, did what, to which
application, from which address, when. Each row also carries the hash of the
previous row and its own (framework.store.audit_chain), so an edited or
deleted row — by someone who set the trigger aside or edited the database
file — breaks the chain, and :func:`verify` (``mpp audit-log verify``) says
where. Writers take turns for the chain's head: an advisory lock held to the
end of the transaction on PostgreSQL; SQLite has one writer at a time anyway
(a transaction whose snapshot went stale cannot write).

Ordering rule: a transaction that has written an event holds the chain's
head until it ends, so the same thread must not write another event on a
second connection meanwhile (it would wait for itself). :func:`holds_chain`
says when a session is in that state; the registry look-ups' events, written
on the request's side connection, are held back until the request's
transaction is over (``framework.web.lookup_audit``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from framework.store.audit_chain import FIELDS, OPTIONAL_FIELDS, event_hash
from framework.store.models import AuditEvent
from framework.store.prepared import Prepared
from framework.store.rows import insert_now
from framework.store.types import utcnow
from framework.workflow.actors import Actor

CHAIN_LOCK = 7_312_012  # the advisory lock id of the chain's head (PostgreSQL)
HOLDS_CHAIN = "mpp.audit_chain"  # session.info: the transaction that took the chain's head
VERIFY_BATCH = 5000


def record(
    session: Session,
    actor: Actor,
    action: str,
    target: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
    *,
    region: str | None = None,
) -> int:
    """Add one event to the caller's transaction (it commits with the change it describes); its id.

    ``region``: where it happened — the application's area, else the officer's
    scope — so the region's admin can read it.
    """
    values: dict[str, Any] = {
        "at": at or utcnow(),
        "actor": actor.id,
        "role": actor.role,
        "action": action,
        "target": target,
        "ip": actor.ip,
        "details": details or {},
        "region": region or actor.region,
    }
    values["prev_hash"] = _head(session)
    values["hash"] = event_hash(values["prev_hash"], values)
    session.info[HOLDS_CHAIN] = session.get_transaction()
    # written at once, so a second event chains to this one; no ORM object: nobody reads it back
    return int(insert_now(session, AuditEvent, values)[0])


def holds_chain(session: Session) -> bool:
    """True while ``session``'s transaction holds the chain's head (it wrote an event and has not ended).

    Another connection of the same thread writing an event then would wait
    for a lock its own thread holds (PostgreSQL's advisory lock, SQLite's
    write lock) until the end of time or of the busy timeout.
    """
    taken = session.info.get(HOLDS_CHAIN)
    return taken is not None and session.in_transaction() and session.get_transaction() is taken


def _head(session: Session) -> str:
    """The newest event's hash ("" for the first), read under the chain's lock."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(_LOCK, {"lock": CHAIN_LOCK})
    elif not connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        # A write that changes nothing takes SQLite's write lock, so no other writer moves the head meanwhile;
        # a transaction that has written already (a filing's rows) holds it.
        connection.execute(_SQLITE_WRITE_LOCK)
    return _HEAD.scalar(connection, {}) or ""


_LOCK = text("SELECT pg_advisory_xact_lock(:lock)")
_SQLITE_WRITE_LOCK = text("UPDATE audit_events SET hash = hash WHERE 1 = 0")
_HEAD = Prepared(select(AuditEvent.__table__.c.hash).order_by(AuditEvent.__table__.c.id.desc()).limit(1))


def _fields(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in (*FIELDS, *OPTIONAL_FIELDS)}


def events_for(session: Session, target: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.target == target).order_by(AuditEvent.id)))


@dataclass(frozen=True)
class Break:
    """Where the chain breaks: the first event whose hash or link does not hold."""

    event_id: int
    reason: str


@dataclass(frozen=True)
class Verification:
    checked: int
    breaks: list[Break]

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify(session: Session) -> Verification:
    """Recompute the chain from the first event: an edited row fails its own hash, a deleted one the next link."""
    previous, checked, breaks = "", 0, []
    for event in _all_events(session):
        expected = event_hash(previous, _fields(event))
        if event.prev_hash != previous:
            breaks.append(Break(event.id, "link: an earlier event was removed or changed"))
        elif event.hash != expected:
            breaks.append(Break(event.id, "hash: this event was changed"))
        previous, checked = event.hash or "", checked + 1
    return Verification(checked, breaks)


def _all_events(session: Session) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(
            session.scalars(select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id).limit(VERIFY_BATCH))
        )
        if not batch:
            return
        yield from batch
        last = batch[-1].id
        session.expunge_all()
