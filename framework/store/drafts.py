"""Citizens' drafts in the database.

Save-and-return must work behind a load balancer: the page that saved a
draft and the page that resumes it may be served by different machines, so
drafts live where applications live, not in a local folder.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

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
