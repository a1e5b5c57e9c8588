"""Drafts: what a citizen has answered so far, saved at every page.

A draft is a JSON document keyed by a random id (kept in the session cookie,
and shown as a "continue later" link). It is stored in the applications
database (table ``drafts``, ``framework.store.drafts``), so any machine behind a load balancer
can resume it; a folder (``MPP_DRAFTS``) serves single-machine set-ups and
tests. Anything with ``load``/``save``/``delete`` can replace either
(``app.extensions['mpp.drafts']``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from sqlalchemy import Connection, Table, bindparam, delete, insert, select, update

from framework.store.drafts import DraftRecord
from framework.store.prepared import Prepared
from framework.store.types import utcnow

DRAFT_ID = re.compile(r"^[A-Za-z0-9_\-]{20,64}\Z")


@dataclass
class Draft:
    """One application in progress."""

    id: str
    service: str
    content_hash: str
    answers: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # typed text that did not parse yet, by input name
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # document id -> UploadInfo.as_dict()
    prefill: dict[str, dict[str, Any]] = field(default_factory=dict)  # field id -> PrefilledValue.as_dict()
    lookup_keys: dict[str, str] = field(default_factory=dict)  # prefill lookup -> the key it was fetched with
    visited: list[str] = field(default_factory=list)
    region: str = ""  # the kabupaten/kota the application is filed in
    owner: str = ""  # NIK of the signed-in citizen who started it: only they may resume it
    updated: str = ""
    at_counter: bool = False  # started by an officer at an MPP counter for the citizen (never says which officer)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def new(cls, service: str, content_hash: str, owner: str | None = None) -> Draft:
        return cls(secrets.token_urlsafe(24), service, content_hash, owner=owner or "")

    def belongs_to(self, applicant_nik: str | None) -> bool:
        """A draft holding registry data is only shown to the citizen it was fetched for."""
        return not self.owner or self.owner == applicant_nik


OWNED_LIMIT = 50  # a citizen's drafts listed on "my applications", newest first


class DraftStore(Protocol):
    def load(self, draft_id: str) -> Draft | None: ...

    def save(self, draft: Draft) -> None: ...

    def delete(self, draft_id: str) -> None: ...

    def owned_by(self, owner: str) -> list[Draft]:
        """The citizen's drafts, newest first (at most ``OWNED_LIMIT``)."""
        ...


class FileDraftStore:
    """One JSON file per draft; written atomically so a crash never leaves half a draft."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, draft_id: str) -> Path | None:
        return self.root / f"{draft_id}.json" if DRAFT_ID.fullmatch(draft_id or "") else None

    def load(self, draft_id: str) -> Draft | None:
        path = self._path(draft_id)
        if path is None or not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return Draft(**{name: data[name] for name in Draft.__dataclass_fields__ if name in data})

    def save(self, draft: Draft) -> None:
        path = self._path(draft.id)
        if path is None:
            raise ValueError(f"bad draft id {draft.id!r}")
        draft.updated = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.root.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(draft.as_dict(), out, ensure_ascii=False)
        os.replace(temporary, path)

    def delete(self, draft_id: str) -> None:
        path = self._path(draft_id)
        if path is not None:
            path.unlink(missing_ok=True)

    def owned_by(self, owner: str) -> list[Draft]:
        """Reads every file: this store is for one machine and tests, not for a million drafts."""
        found = [self.load(path.stem) for path in self.root.glob("*.json")] if owner and self.root.is_dir() else []
        mine = [draft for draft in found if draft is not None and draft.owner == owner]
        return sorted(mine, key=lambda draft: draft.updated, reverse=True)[:OWNED_LIMIT]


class DatabaseDraftStore:
    """``DraftStore`` on the applications database; each call is its own short transaction.

    ``connect`` gives a connection to run it on (the web app passes the
    request's side connection, so a page that loads its draft takes no
    connection of its own); plain Core statements, no ORM session, as this
    runs on every page of a form.
    """

    def __init__(self, connect: Callable[[], AbstractContextManager[Connection]]) -> None:
        self.connect = connect

    def load(self, draft_id: str) -> Draft | None:
        if not DRAFT_ID.fullmatch(draft_id or ""):
            return None
        with self.connect() as connection, connection.begin():
            data = _DATA.scalar(connection, {"id": draft_id})
        if data is None:
            return None
        return Draft(**{name: data[name] for name in Draft.__dataclass_fields__ if name in data})

    def save(self, draft: Draft) -> None:
        if not DRAFT_ID.fullmatch(draft.id or ""):
            raise ValueError(f"bad draft id {draft.id!r}")
        now = utcnow()
        draft.updated = now.isoformat(timespec="seconds")
        values = {"service": draft.service, "owner": draft.owner, "data": draft.as_dict(), "updated_at": now}
        with self.connect() as connection, connection.begin():
            changed = connection.execute(update(DRAFTS).where(DRAFTS.c.id == draft.id).values(values)).rowcount
            if not changed:
                connection.execute(insert(DRAFTS).values(id=draft.id, **values))

    def delete(self, draft_id: str) -> None:
        with self.connect() as connection, connection.begin():
            connection.execute(delete(DRAFTS).where(DRAFTS.c.id == draft_id))

    def owned_by(self, owner: str) -> list[Draft]:
        if not owner:
            return []
        query = select(DRAFTS.c.data).where(DRAFTS.c.owner == owner).order_by(DRAFTS.c.updated_at.desc())
        with self.connect() as connection, connection.begin():
            rows = list(connection.execute(query.limit(OWNED_LIMIT)).scalars())
        return [Draft(**{name: data[name] for name in Draft.__dataclass_fields__ if name in data}) for data in rows]


DRAFTS = cast(Table, DraftRecord.__table__)
_DATA = Prepared(select(DRAFTS.c.data).where(DRAFTS.c.id == bindparam("id")))
