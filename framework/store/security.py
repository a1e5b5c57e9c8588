"""Server-side sign-in state shared by every web process and machine.

``web_sessions``: the site's sessions (framework.web.sessions). The cookie
holds only a random token; the row is found by the token's SHA-256, so a
leaked backup does not hold working cookies, and deleting the row (sign-out,
inactivity) ends the session wherever the cookie was copied to.

``rate_counters``: fixed-window counters for request rate limits and sign-in
throttling (framework.web.limits), incremented atomically in the database so
every process counts the same attempts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from framework.store.models import Base
from framework.store.types import utcnow


class WebSession(Base):
    __tablename__ = "web_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # Flask's tagged JSON of the session dict
    subject: Mapped[str | None] = mapped_column(String(120), index=True)  # citizen:<nik> / officer:<username>
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RateCounter(Base):
    __tablename__ = "rate_counters"
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(index=True)
