"""Storage: SQLAlchemy 2 models, engines, Alembic migrations and the outbox.

The schema is created only by the migrations (`mpp db upgrade`); the embedded
default is a SQLite file under `instance/`, production uses PostgreSQL
through `MPP_DATABASE_URL`.
"""

from __future__ import annotations

from framework.store import builder, complaints, definitions, drafts, inbox, products, security  # noqa: F401  model modules of the plugins area: one Base.metadata holds every table
from framework.store.engine import make_engine, normalise_url, session_factory
from framework.store.migrate import upgrade
from framework.store.models import (
    ApiToken,
    Application,
    AuditEvent,
    Base,
    DefinitionSnapshot,
    IdempotencyKey,
    OutboxMessage,
    TransitionRecord,
    User,
)
from framework.store.outbox import enqueue
from framework.store.types import utcnow

__all__ = [
    "ApiToken",
    "Application",
    "AuditEvent",
    "Base",
    "DefinitionSnapshot",
    "IdempotencyKey",
    "OutboxMessage",
    "TransitionRecord",
    "User",
    "enqueue",
    "make_engine",
    "normalise_url",
    "session_factory",
    "upgrade",
    "utcnow",
]
