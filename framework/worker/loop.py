"""`mpp worker`: drains the outbox — notifications and deliveries to providers.

A message is *claimed* with a compare-and-set UPDATE (on PostgreSQL after a
``SELECT … FOR UPDATE SKIP LOCKED``, so several workers share the table; on
SQLite a single worker), which stamps ``locked_by``/``locked_at`` and counts
the attempt. A claim whose worker died expires after ``lease`` seconds and is
claimed again; the handlers are idempotent (per-channel delivery records,
one product per application, idempotency keys sent to external systems), so
each message takes effect once. A failure is retried with exponential
backoff; after ``max_attempts`` the message is *parked* — kept, listed by
``mpp worker --parked``, never dropped.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from framework.plugins.base import DeliveryFailed
from framework.plugins.registry import Registries, installed
from framework.services.complaint_answers import handle_complaint_reply
from framework.services.complaints import handle_complaint, sync_statuses
from framework.services.delivery import handle_deliver
from framework.services.notifications import PermanentFailure, handle_notify
from framework.store.models import OutboxMessage
from framework.store.types import utcnow

log = logging.getLogger("mpp.worker")


@dataclass(frozen=True)
class WorkerConfig:
    worker_id: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    batch: int = 10
    lease: float = 300.0  # seconds before a claimed message is considered abandoned
    max_attempts: int = 8
    base_delay: float = 10.0  # first retry after this many seconds, doubling
    max_delay: float = 3600.0
    poll: float = 1.0
    # idle chores, seconds between runs (0 = at every idle moment, None = never)
    complaint_sync: float | None = 600.0  # ask the complaint channel for news
    deadlines: float | None = 60.0  # SLA deadline runs: on_deadline actions, overdue flags
    figures: float | None = 300.0  # the ministry's figures: ranking the period's decisions (performance_stats)


HANDLERS: dict[str, Callable[[Session, OutboxMessage, Registries], None]] = {
    "notify": handle_notify,
    "deliver": handle_deliver,
    "complaint": handle_complaint,
    "complaint_reply": handle_complaint_reply,
}


def claim(sessions: sessionmaker[Session], config: WorkerConfig, now: datetime | None = None) -> list[int]:
    """Claim up to ``batch`` ready messages for this worker; returns their ids."""
    now = now or utcnow()
    stale = now - timedelta(seconds=config.lease)
    claimable = (
        OutboxMessage.state == "pending",
        OutboxMessage.available_at <= now,
        or_(OutboxMessage.locked_at.is_(None), OutboxMessage.locked_at < stale),
    )
    with sessions() as session:
        query = select(OutboxMessage.id).where(*claimable).order_by(OutboxMessage.id).limit(config.batch)
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        claimed = []
        for message_id in session.scalars(query).all():
            taken: CursorResult = session.execute(  # type: ignore[assignment]
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, *claimable)
                .values(locked_by=config.worker_id, locked_at=now, attempts=OutboxMessage.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount == 1:
                claimed.append(message_id)
        session.commit()
    return claimed


def process(sessions: sessionmaker[Session], message_id: int, config: WorkerConfig, registries: Registries) -> str:
    """Run one claimed message; returns its new state (sent, pending or parked)."""
    with sessions() as session:
        message = session.get(OutboxMessage, message_id)
        if message is None or message.state != "pending" or message.locked_by != config.worker_id:
            return "lost"  # another worker took over an expired claim
        handler = HANDLERS.get(message.topic)
        try:
            if handler is None:
                raise PermanentFailure(f"unknown topic {message.topic!r}")
            handler(session, message, registries)
        except PermanentFailure as exc:
            return _settle(session, message_id, config, str(exc), park=True)
        except Exception as exc:  # broad on purpose: any failure is retried, then parked
            log.warning(
                "outbox %s (%s) failed: %s",
                message_id,
                message.topic,
                exc,
                exc_info=not isinstance(exc, DeliveryFailed),
            )
            return _settle(session, message_id, config, f"{type(exc).__name__}: {exc}", park=False)
        session.refresh(message)
        if message.state != "sent":
            message.state = "sent"
        message.locked_by, message.locked_at, message.last_error = None, None, None
        session.commit()
        return "sent"


def _settle(session: Session, message_id: int, config: WorkerConfig, error: str, park: bool) -> str:
    session.rollback()
    message = session.get(OutboxMessage, message_id)
    assert message is not None
    message.last_error = error[:4000]
    message.locked_by, message.locked_at = None, None
    if park or message.attempts >= config.max_attempts:
        message.state = "parked"
        log.error("outbox %s parked after %s attempts: %s", message_id, message.attempts, error)
    else:
        delay = min(config.max_delay, config.base_delay * 2 ** (message.attempts - 1))
        message.available_at = utcnow() + timedelta(seconds=delay)
    session.commit()
    return message.state


def run_once(
    sessions: sessionmaker[Session], config: WorkerConfig, registries: Registries | None = None
) -> dict[str, int]:
    """Claim and process one batch; returns how many ended in each state."""
    registries = registries or installed()
    outcomes: dict[str, int] = {}
    for message_id in claim(sessions, config):
        state = process(sessions, message_id, config, registries)
        outcomes[state] = outcomes.get(state, 0) + 1
    return outcomes


def _apply_deadlines(session: Session, registries: Registries) -> None:
    from framework.services.deadlines import apply_deadlines

    result = apply_deadlines(session, utcnow())
    if result.flagged or result.acted or result.failed:
        actions = Counter(result.acted.values())
        log.info(
            "deadlines: %s flagged overdue, auto-actions %s, %s failed",
            len(result.flagged),
            dict(actions) or "none",
            len(result.failed),
        )


def _sync_complaints(session: Session, registries: Registries) -> None:
    sync_statuses(session, registries)


def _refresh_figures(session: Session, registries: Registries) -> None:
    from framework.services.performance_stats import refresh

    started = time.monotonic()
    rows = refresh(session)
    log.info("figures: %s rows ranked in %.1f s", rows, time.monotonic() - started)


# Chores the worker does when the outbox is empty: (WorkerConfig interval attribute, chore).
# Why here: deadlines (fiktif positif on day 5), complaint statuses and the ministry's figures must move
# without a cron job.
CHORES: tuple[tuple[str, Callable[[Session, Registries], None]], ...] = (
    ("deadlines", _apply_deadlines),
    ("complaint_sync", _sync_complaints),
    ("figures", _refresh_figures),
)


def _idle_chores(
    sessions: sessionmaker[Session], config: WorkerConfig, registries: Registries, last: dict[str, float]
) -> None:
    """Run each chore whose interval has passed (each at the first idle moment after start)."""
    for name, chore in CHORES:
        interval = getattr(config, name)
        if interval is not None and (name not in last or time.monotonic() - last[name] >= interval):
            last[name] = time.monotonic()
            with sessions() as session:
                chore(session, registries)


def run(sessions: sessionmaker[Session], config: WorkerConfig, stop: threading.Event, until_idle: bool = False) -> None:
    """Drain until ``stop`` is set (or, with ``until_idle``, until nothing is ready); run the idle chores."""
    registries = installed()
    pause = config.poll
    chores_done: dict[str, float] = {}
    while not stop.is_set():
        try:
            busy = bool(run_once(sessions, config, registries))
            pause = config.poll
            if not busy:
                _idle_chores(sessions, config, registries, chores_done)
        except Exception:  # broad on purpose: a database restart must not end the worker
            log.exception("outbox unreachable; retrying in %.0fs", pause)
            busy, pause = False, min(60.0, max(pause, config.poll) * 2)
            if until_idle:
                raise
        if not busy:
            if until_idle:
                return
            stop.wait(pause)


def parked(sessions: sessionmaker[Session]) -> list[OutboxMessage]:
    with sessions() as session:
        return list(
            session.scalars(select(OutboxMessage).where(OutboxMessage.state == "parked").order_by(OutboxMessage.id))
        )


def unpark(sessions: sessionmaker[Session], message_id: int) -> bool:
    """Give a parked message a fresh start (after an admin fixed the cause)."""
    from framework.services.parked import unpark as fresh_start

    with sessions() as session:
        return fresh_start(session, message_id)
