"""Complaints (pengaduan), as in SP4N-LAPOR!: linked to an application or a service.

Owned by the plugins area (issue 6); created by migration ``0003_complaints``;
``0015_complaint_replies`` added the submission key (a double submit files one
complaint) and the history of the agency's answers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from framework.store.models import Base
from framework.store.types import BigId, utcnow


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_tracking", "tracking_number"),
        Index("ix_complaints_citizen", "citizen_nik"),
        Index("ix_complaints_region", "region"),
        Index("ix_complaints_region_created", "region", "created_at"),  # complaints per region in a period (figures)
        Index("ux_complaints_submission", "citizen_nik", "submission_key", unique=True),  # one complaint per form
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # shown to the citizen
    citizen_nik: Mapped[str] = mapped_column(String(16))  # kept even when anonymous: only the channel does not get it
    tracking_number: Mapped[str | None] = mapped_column(String(16))
    service_id: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(150))
    narrative: Mapped[str] = mapped_column(Text)
    event_date: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(32))
    external_ref: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the agency's answer (an officer in the admin): shown to the citizen, forwarded to the channel
    reply: Mapped[str | None] = mapped_column(Text)
    replied_by: Mapped[str | None] = mapped_column(String(80))
    replied_at: Mapped[datetime | None]
    # the form's one-time key: the same form sent twice (a double click, a resent POST) files one complaint
    submission_key: Mapped[str | None] = mapped_column(String(64))


class ComplaintReply(Base):
    """One answer of the agency, kept: a later answer does not erase what the citizen was told before."""

    __tablename__ = "complaint_replies"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    complaint_id: Mapped[int] = mapped_column(BigId, ForeignKey("complaints.id"), index=True)
    status: Mapped[str] = mapped_column(String(32))
    reply: Mapped[str] = mapped_column(Text)
    replied_by: Mapped[str] = mapped_column(String(80))
    replied_at: Mapped[datetime] = mapped_column(default=utcnow)
