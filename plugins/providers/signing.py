"""HMAC-SHA256 signatures of webhook calls, for the sender and any receiver.

The signed text is ``<timestamp>.<body>``: the timestamp header is covered by
the signature, so an old call cannot be replayed with a fresh timestamp, and
a receiver refuses calls older than ``tolerance`` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING

from framework.core.numbers import whole_number

if TYPE_CHECKING:
    from werkzeug.datastructures import Headers

SIGNATURE_HEADER = "X-MPP-Signature"
TIMESTAMP_HEADER = "X-MPP-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(secret: str, body: bytes, idempotency_key: str, now: float | None = None) -> dict[str, str]:
    timestamp = str(int(now if now is not None else time.time()))
    return {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(secret, timestamp, body),
        IDEMPOTENCY_HEADER: idempotency_key,
    }


def verify(
    secret: str, headers: Mapping[str, str] | Headers, body: bytes, tolerance: float = 300, now: float | None = None
) -> bool:
    """True when the call is signed with ``secret`` and recent enough."""
    timestamp = headers.get(TIMESTAMP_HEADER, "")
    seconds = whole_number(timestamp)  # "²" or 5,000 digits: no time at all, not a traceback
    if seconds is None or abs((now if now is not None else time.time()) - seconds) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), headers.get(SIGNATURE_HEADER, ""))
