"""The builder's drafts: a definition a regional admin is still writing, kept between visits.

The YAML is the draft (written by ruamel's round-trip dumper, so a file the
author uploaded keeps its comments); the problems of its last check are kept
beside it with the hash of the text they belong to, so showing the builder
does not check again what did not change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from framework.store.models import Base
from framework.store.types import BigId, utcnow


class BuilderDraft(Base):
    __tablename__ = "builder_drafts"
    __table_args__ = (Index("ix_builder_drafts_region", "region", "updated_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    region: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(String(120))  # who started it
    service_id: Mapped[str] = mapped_column(String(120), default="")  # as the YAML says now
    title: Mapped[str] = mapped_column(String(300), default="")  # Indonesian, as the YAML says now
    title_en: Mapped[str | None] = mapped_column(String(300))  # None: saved before it was kept, or none written
    origin: Mapped[str] = mapped_column(String(200), default="")  # blank, template:<id>, service:<id>, file:<name>
    source: Mapped[str] = mapped_column(Text)
    checked_hash: Mapped[str] = mapped_column(String(80), default="")  # sha256 of the source the problems are of
    problems: Mapped[list[Any]] = mapped_column(default=list)
    proposed_version: Mapped[int | None] = mapped_column(Integer)  # the definition_versions id of its last proposal
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
