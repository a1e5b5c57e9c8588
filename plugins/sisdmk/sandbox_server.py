"""The sandbox SISDMK served over HTTP: ``GET /nakes/<nik>``.

Run with ``python -m plugins.sisdmk.sandbox_server`` and set
MPP_SISDMK_MODE=http MPP_SISDMK_URL=http://127.0.0.1:8002.
"""

from __future__ import annotations

from plugins.sandbox.server import RecordServer, run_forever
from plugins.sisdmk import SISDMKPrefill


def make_app(client_id: str = "", client_secret: str = "") -> RecordServer:
    return RecordServer("/nakes", SISDMKPrefill.sandbox_records, client_id, client_secret)


if __name__ == "__main__":  # pragma: no cover - manual use
    run_forever(make_app(), 8002, "Sandbox SISDMK (synthetic health workers)")
