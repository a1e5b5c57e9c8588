"""Tables of notifications: the citizen's in-app inbox, their contact profile,
and one row per delivered (message, channel) — the record that makes a
restarted worker skip what was already delivered.

Owned by the plugins area (issue 6); created by migration ``0002_plugins``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from framework.store.models import Base
from framework.store.types import BigId, utcnow


class InboxMessage(Base):
    """A notification shown in the citizen's in-app inbox.

    The subject and body are kept in each language apart (``subject_id``,
    ``body_id``, ``subject_en``, ``body_en``): the page shows the citizen's
    language with its own ``lang`` attribute, so a screen reader reads each
    in the right voice (``framework.services.inbox``). ``subject`` and
    ``body`` are the message as it was sent, in the language(s) the citizen
    had chosen then; a row from before migration 0021 whose languages could
    not be told apart has only those.
    """

    __tablename__ = "inbox_messages"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    citizen_nik: Mapped[str] = mapped_column(String(16), index=True)
    tracking_number: Mapped[str | None] = mapped_column(String(16))
    event: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # each language apart; None where the message was not kept in that language (an old row)
    subject_id: Mapped[str | None] = mapped_column(String(300))
    body_id: Mapped[str | None] = mapped_column(Text)
    subject_en: Mapped[str | None] = mapped_column(String(300))
    body_en: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class CitizenProfile(Base):
    """Contact details and preferences; ``muted`` lists channels the citizen turned off."""

    __tablename__ = "citizen_profiles"
    nik: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    # the language of notifications: id, en or both; `both` until the citizen chooses (profile page)
    language: Mapped[str] = mapped_column(String(8), default="both")
    muted: Mapped[list[Any]] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChannelDelivery(Base):
    """One (outbox message, channel) that reached its channel; never written twice."""

    __tablename__ = "channel_deliveries"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    outbox_id: Mapped[int] = mapped_column(Integer, index=True)
    channel: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32))  # delivered | skipped
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)
