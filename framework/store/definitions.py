"""Definitions a running system holds beside the bundled files: proposed, published, withdrawn.

A version's YAML never changes once stored (a fix is a new proposal); what
happened to it — proposed, returned, approved, withdrawn, by whom, why — is
a row in ``definition_events``, which the database keeps append-only like
the audit trail. ``catalog_state`` holds one number that every publication
raises, so each web process notices cheaply that its catalog is stale.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from framework.store.models import Base
from framework.store.types import BigId, utcnow

# a version's status: proposed → published (approved) | returned; published → superseded | withdrawn
PROPOSED, RETURNED, PUBLISHED, SUPERSEDED, WITHDRAWN = "proposed", "returned", "published", "superseded", "withdrawn"


class DefinitionVersion(Base):
    __tablename__ = "definition_versions"
    __table_args__ = (Index("ix_definition_versions_service", "service_id", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    service_id: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(String(16))
    extends: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default=PROPOSED)
    source: Mapped[str] = mapped_column(Text)  # the YAML exactly as proposed
    filename: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str | None] = mapped_column(String(80))
    proposed_by: Mapped[str] = mapped_column(String(120))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class DefinitionEvent(Base):
    """Append-only: one step of a version's review (a database trigger refuses UPDATE and DELETE)."""

    __tablename__ = "definition_events"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("definition_versions.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # propose, return, approve, withdraw
    actor: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class CatalogState(Base):
    """One row: the catalog's generation, raised by every publication and withdrawal."""

    __tablename__ = "catalog_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
