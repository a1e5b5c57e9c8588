"""A sandbox private provider: receives signed webhook calls and checks them.

What a bank's or insurer's endpoint must do, in a few lines: refuse a call
whose HMAC signature or timestamp is wrong, act once per Idempotency-Key.
Run with ``python -m plugins.providers.webhook_receiver --port 8004`` and set
MPP_WEBHOOK_MODE=http MPP_WEBHOOK_URL=http://127.0.0.1:8004/hook
MPP_WEBHOOK_SECRET=<the same secret as MPP_WEBHOOK_SECRET here>.
"""

from __future__ import annotations

import os

from plugins.providers.signing import verify
from plugins.sandbox.server import PostRecorder, run_forever


def make_app(secret: str) -> PostRecorder:
    return PostRecorder(check=lambda headers, body: verify(secret, headers, body))


if __name__ == "__main__":  # pragma: no cover - manual use
    run_forever(make_app(os.environ.get("MPP_WEBHOOK_SECRET", "")), 8004, "Sandbox webhook receiver")
