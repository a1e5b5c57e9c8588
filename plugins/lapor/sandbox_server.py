"""A sandbox SP4N-LAPOR! over HTTP: ``POST /laporan`` (once per Idempotency-Key), ``GET /laporan/<id>``,
``POST /laporan/<id>/tindak-lanjut`` (the agency's answer, kept in ``replies``).

Run with ``python -m plugins.lapor.sandbox_server`` and set
MPP_LAPOR_MODE=http MPP_LAPOR_URL=http://127.0.0.1:8006.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from plugins.sandbox.server import run_forever


@dataclass
class LaporSandbox:
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)  # id → report
    statuses: dict[str, str] = field(default_factory=dict)  # id → LAPOR! status word
    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # id → the agency's answers
    fault: str = ""

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        from werkzeug.wrappers import Request, Response

        request = Request(environ)
        if self.fault == "error":
            return Response(json.dumps({"error": "down"}), 503, content_type="application/json")(
                environ, start_response
            )
        if request.method == "POST" and request.path == "/laporan":
            key = request.headers.get("Idempotency-Key", "")
            report_id = next(
                (rid for rid, report in self.reports.items() if report["reference"] == key),
                f"LPR{len(self.reports) + 1:06d}",
            )
            self.reports.setdefault(report_id, request.get_json())
            self.statuses.setdefault(report_id, "Belum Terverifikasi")
            return Response(json.dumps({"id": report_id}), 201, content_type="application/json")(
                environ, start_response
            )
        report_id = request.path.removeprefix("/laporan/")
        if request.method == "POST" and report_id.endswith("/tindak-lanjut"):
            report_id = report_id.removesuffix("/tindak-lanjut")
            if report_id in self.reports:
                self.replies.setdefault(report_id, []).append(request.get_json())
                return Response(json.dumps({"id": report_id}), 200, content_type="application/json")(
                    environ, start_response
                )
        if request.method == "GET" and report_id in self.reports:
            return Response(
                json.dumps({"id": report_id, "status": self.statuses[report_id]}), 200, content_type="application/json"
            )(environ, start_response)
        return Response(json.dumps({"error": "not found"}), 404, content_type="application/json")(
            environ, start_response
        )


def make_app() -> LaporSandbox:
    return LaporSandbox()


if __name__ == "__main__":  # pragma: no cover - manual use
    run_forever(make_app(), 8006, "Sandbox SP4N-LAPOR!")
