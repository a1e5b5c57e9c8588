"""The tables: applications pinned to their definition, their history, the
audit trail, officers and tokens, idempotency keys and the outbox.

Only SQLAlchemy here, no behaviour: the rules live in `framework.services.applications`
and `framework.workflow`; the schema itself is created by the Alembic
migrations in `migrations/` (the app never calls ``create_all``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from framework.store.types import BigId, JSONData, UTCDateTime, utcnow

AREA_CODE = String(16).with_variant(String(16, collation="C"), "postgresql")


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSONData, list[Any]: JSONData}


class DefinitionSnapshot(Base):
    """The exact resolved definition an application was filed under.

    ``framework.definition.model.build_spec(json.loads(canonical), codelists)``
    rebuilds it, so a later change to the YAML never changes how an existing
    application is shown or decided.
    """

    __tablename__ = "definition_snapshots"
    content_hash: Mapped[str] = mapped_column(String(80), primary_key=True)
    service_id: Mapped[str] = mapped_column(String(120))
    service_version: Mapped[int] = mapped_column(Integer)
    canonical: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_queue", "state", "region"),
        Index("ix_applications_applicant", "applicant_nik", "submitted_at"),
        Index("ix_applications_due", "due_at"),
        # the officers' queue: steps (state) by area range, service, oldest due first; covers the page's
        # filter and order (with the id: PostgreSQL's index holds no row id), so only the page's rows are
        # read from the table (migration 0006)
        Index("ix_applications_area_queue", "state", "area", "service_id", "due_at", "returned_from", "id"),
        # the open applications of an older version of a service, for the queue (migration 0016)
        Index("ix_applications_pinned", "content_hash", "state", "area"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tracking_number: Mapped[str] = mapped_column(String(16), unique=True)
    service_id: Mapped[str] = mapped_column(String(120), index=True)
    service_version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(ForeignKey("definition_snapshots.content_hash"))
    region: Mapped[str] = mapped_column(String(16))
    # the most specific Kemendagri code known (framework.workflow.areas): officers below the
    # kabupaten/kota see what lies inside their scope; C collation so a code range is an index range
    area: Mapped[str] = mapped_column(AREA_CODE)
    applicant_nik: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(64))
    current_step: Mapped[str | None] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prefill: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field -> {source, record_key, fetched_at, verified}
    documents: Mapped[dict[str, Any]] = mapped_column(default=dict)  # document id -> {storage_key, name, size, type}
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    issued_at: Mapped[datetime | None]
    product_ref: Mapped[str | None] = mapped_column(String(200))
    returned_from: Mapped[str | None] = mapped_column(String(64))
    return_reason: Mapped[str | None] = mapped_column(Text)
    return_fields: Mapped[list[Any]] = mapped_column(default=list)
    purged_at: Mapped[datetime | None]  # personal data removed after the service's retention (`mpp purge`)
    sla_paused_minutes: Mapped[int | None] = mapped_column(Integer)  # working minutes left when returned
    overdue_since: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    resubmitted_at: Mapped[datetime | None]  # last resubmission after a return: the queue marks it
    filed_by: Mapped[str | None] = mapped_column(String(80))  # the officer who filed it at the counter
    version: Mapped[int] = mapped_column(Integer, default=1)

    history: Mapped[list[TransitionRecord]] = relationship(
        back_populates="application", order_by="TransitionRecord.id", cascade="all"
    )

    __mapper_args__ = {"version_id_col": version}


class TransitionRecord(Base):
    """One move of an application from one state to another, and who made it."""

    __tablename__ = "transitions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    from_state: Mapped[str] = mapped_column(String(64))
    to_state: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str | None] = mapped_column(Text)
    fields: Mapped[dict[str, Any]] = mapped_column(
        default=dict
    )  # return: {"fields": [...]}; resubmit: {"changed": {...}}
    at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="history")


class AuditEvent(Base):
    """Append-only (a database trigger refuses UPDATE and DELETE): who, when, what, from where."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_target", "target", "at"), Index("ix_audit_region", "region", "at"))
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # the hash chain (framework.services.audit_trail): SHA-256 of the previous event's hash and this event
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    # where it happened (the application's area, else the officer's scope): the region's admin sees it
    region: Mapped[str | None] = mapped_column(AREA_CODE)


class User(Base):
    """An officer or administrator; citizens sign in through IKD and have no row here."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)  # after an admin's reset
    # the NIK of the officer's own electronic certificate (BSrE), when they sign documents personally at their step
    # with their passphrase (framework.services.signature_step); None: the office's certificate seals them
    tte_nik: Mapped[str | None] = mapped_column(String(16))


class ApiToken(Base):
    """A bearer token, stored only as its SHA-256 (the token itself is shown once)."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # "citizen" or "user"
    subject: Mapped[str] = mapped_column(String(80))  # NIK or username
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class IdempotencyKey(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("applicant_nik", "key", name="uq_idempotency_applicant_key"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    applicant_nik: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    # SHA-256 of what was asked (service, region, answers, document hashes): the same key with another body is refused
    fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxMessage(Base):
    """Background work written in the same transaction as the state change.

    ``mpp worker`` drains it (``FOR UPDATE SKIP LOCKED`` on PostgreSQL):
    ``pending`` → ``sent``, or ``parked`` after too many attempts.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_ready", "state", "available_at"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    locked_by: Mapped[str | None] = mapped_column(String(120))
    locked_at: Mapped[datetime | None]
