"""The hash of one audit event in the chain: SHA-256 over the previous hash and the event's fields.

In the store layer because the migration that back-fills existing events
uses it too. Canonical form: the time as naive UTC with microseconds, the
details as sorted, compact JSON, so SQLite and PostgreSQL (jsonb reorders
keys) give the same hash for the same event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

FIELDS = ("at", "actor", "role", "action", "target", "ip", "details")
# fields added later: hashed when set, so the events chained before they existed keep their hashes
OPTIONAL_FIELDS = ("region",)


def event_hash(previous: str, event: Mapping[str, Any]) -> str:
    """The hash of ``event`` (a row or a mapping with FIELDS) chained to ``previous``."""
    canonical = {name: _canonical(name, event.get(name)) for name in FIELDS}
    canonical.update({name: event[name] for name in OPTIONAL_FIELDS if event.get(name) is not None})
    body = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{body}".encode()).hexdigest()


def _canonical(name: str, value: Any) -> Any:
    if name == "at":
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")
    if name == "details":
        return json.loads(value) if isinstance(value, str) else (value or {})
    return value
