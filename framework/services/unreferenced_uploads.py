"""Uploaded files that nothing refers to any more are deleted by `mpp purge`, a day after they were written.

Why: a file can outlive every row that named it — a document replaced in a
correction, the uploads kept for a correction the citizen never sent (they
live in the session, which ends), the documents of an abandoned draft that
housekeeping removed, a request that died between storing a file and
committing the row. Nobody can open such a file, and retention never finds
it (it deletes the files of the applications it purges), so without this
sweep the personal data in it would be kept for ever.

How: mark, then sweep. Every upload key that a draft, a session, an
application or a complaint holds is read; then each stored file that is not
among them and was written more than ``GRACE`` ago is deleted. The grace
covers a file stored a moment before the row naming it commits.

A key moves only downstream (a draft's or a session's upload becomes an
application's), so the places are read upstream first: a key that moves
while they are read is seen at least once. ``PLACES`` names every JSON
column that can hold an upload; ``tests/security/test_unreferenced_uploads.py``
fails when a JSON column is added without saying whether it can.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.orm import Session

from framework.storage import Storage
from framework.store.complaints import Complaint
from framework.store.drafts import DraftRecord
from framework.store.models import Application
from framework.store.security import WebSession
from framework.store.types import utcnow

GRACE = timedelta(days=1)


@dataclass(frozen=True)
class Place:
    """A JSON column that can hold uploads, and how its stored value is read as JSON."""

    column: ColumnElement[Any]
    read: Callable[[Any], Any] = lambda value: value


def _column(model: type[Any], name: str) -> ColumnElement[Any]:
    return cast(Table, model.__table__).c[name]


# upstream first: drafts and sessions hand their uploads on to applications (see the module's docstring)
PLACES: tuple[Place, ...] = (
    Place(_column(DraftRecord, "data")),
    Place(_column(WebSession, "data"), json.loads),  # Flask's tagged JSON, as text
    Place(_column(Application, "documents")),
    Place(_column(Complaint, "attachments")),
)


def referenced_keys(session: Session) -> set[str]:
    """Every upload key held anywhere in ``PLACES`` (any ``"key"`` of any object in them: more is safer)."""
    found: set[str] = set()
    for place in PLACES:
        rows = session.execute(select(place.column).where(place.column.is_not(None)).execution_options(yield_per=1000))
        for (value,) in rows:
            found.update(_keys_in(_parsed(place, value)))
    return found


def _parsed(place: Place, value: Any) -> Any:
    try:
        return place.read(value)
    except ValueError:  # an unreadable session row refers to nothing this sweep could know of
        return None


def _keys_in(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        key = value.get("key")
        if isinstance(key, str):
            yield key
        for item in value.values():
            yield from _keys_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys_in(item)


def unreferenced(stored: Iterable[Any], referenced: set[str], before: datetime) -> list[str]:
    """The keys of the stored files written before ``before`` that ``referenced`` does not hold."""
    return sorted(item.key for item in stored if item.written_at < before and item.key not in referenced)


def sweep(session: Session, storage: Storage, now: datetime | None = None, *, dry_run: bool = False) -> int:
    """Delete (or, on a dry run, count) the stored files nothing refers to, written more than ``GRACE`` ago.

    ``now`` (a pretended moment, as `mpp purge --now`) never moves the grace
    later than the real clock: a file stored a moment ago is never swept.
    """
    real = utcnow()
    referenced = referenced_keys(session)
    session.rollback()  # the reading transaction ends before the deleting starts: no snapshot held while files go
    found = unreferenced(storage.stored(), referenced, min(now or real, real) - GRACE)
    if not dry_run:
        for key in found:
            storage.delete(key)
    return len(found)
