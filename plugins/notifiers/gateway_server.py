"""A sandbox SMS/WhatsApp gateway over HTTP: ``POST /messages``, once per Idempotency-Key.

Run with ``python -m plugins.notifiers.gateway_server`` and set
MPP_SMS_MODE=http MPP_SMS_URL=http://127.0.0.1:8003.
"""

from __future__ import annotations

from plugins.sandbox.server import PostRecorder, run_forever


def make_app() -> PostRecorder:
    return PostRecorder()


if __name__ == "__main__":  # pragma: no cover - manual use
    run_forever(make_app(), 8003, "Sandbox SMS/WhatsApp gateway")
