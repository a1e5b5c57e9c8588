"""Citizens' drafts in the database.

Save-and-return must work behind a load balancer: the page that saved a
draft and the page that resumes it may be served by different machines, so
drafts live where applications live, not in a local folder.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, delete
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from framework.store.models import Base
from framework.store.types import utcnow


class DraftRecord(Base):
    """One application in progress: the citizen's answers so far, as a JSON document."""

    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    service: Mapped[str] = mapped_column(String(120))
    owner: Mapped[str] = mapped_column(String(16), index=True, default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class DatabaseDraftStore:
    """``DraftStore`` on the applications database; each call is its own short transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def load(self, draft_id: str):  # type: ignore[no-untyped-def]  # -> Draft | None
        from framework.forms.drafts import DRAFT_ID, Draft

        if not DRAFT_ID.match(draft_id or ""):
            return None
        with self.sessions() as session:
            record = session.get(DraftRecord, draft_id)
            if record is None:
                return None
            data = dict(record.data)
        return Draft(**{name: data[name] for name in Draft.__dataclass_fields__ if name in data})

    def save(self, draft) -> None:  # type: ignore[no-untyped-def]
        from framework.forms.drafts import DRAFT_ID

        if not DRAFT_ID.match(draft.id or ""):
            raise ValueError(f"bad draft id {draft.id!r}")
        now = utcnow()
        draft.updated = now.isoformat(timespec="seconds")
        with self.sessions.begin() as session:
            record = session.get(DraftRecord, draft.id, with_for_update=True)
            if record is None:
                session.add(
                    DraftRecord(
                        id=draft.id, service=draft.service, owner=draft.owner, data=draft.as_dict(), updated_at=now
                    )
                )
            else:
                record.service, record.owner, record.data, record.updated_at = (
                    draft.service,
                    draft.owner,
                    draft.as_dict(),
                    now,
                )

    def delete(self, draft_id: str) -> None:
        with self.sessions.begin() as session:
            session.execute(delete(DraftRecord).where(DraftRecord.id == draft_id))
