"""The sandbox IKD served over HTTP: ``GET /penduduk/<nik>``.

Run beside `mpp serve` with ``python -m plugins.ikd.sandbox_server`` and set
MPP_IKD_MODE=http MPP_IKD_URL=http://127.0.0.1:8001.
"""

from __future__ import annotations

from plugins.ikd import IKDPrefill
from plugins.sandbox.server import RecordServer, run_forever


def make_app(client_id: str = "", client_secret: str = "") -> RecordServer:
    return RecordServer("/penduduk", IKDPrefill.sandbox_records, client_id, client_secret)


if __name__ == "__main__":  # pragma: no cover - manual use
    run_forever(make_app(), 8001, "Sandbox IKD (synthetic population)")
