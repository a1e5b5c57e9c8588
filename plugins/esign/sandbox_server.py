"""A sandbox of BSrE's esign client service over HTTP: ``POST /api/sign/pdf``.

So the HTTP adapter is exercised against a real server, and a developer can
run one beside `mpp worker` (``python -m plugins.esign.sandbox_server``, then
MPP_BSRE_MODE=http MPP_BSRE_URL=http://127.0.0.1:8007 and the
``MPP_BSRE_<ISSUER>_NIK`` / ``_PASSPHRASE`` of one of ``SANDBOX_SIGNERS``).
It answers as the service does: the signed PDF, or HTTP 400 with
``{"error", "status_code"}`` for a wrong passphrase, an unknown NIK or a body
without a PDF, 401 for the wrong client. ``fault="error"`` answers 503.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from framework.plugins.base import SigningRequest
from plugins.esign import SIGN_PATH
from plugins.esign.sandbox import SANDBOX_SIGNERS, SandboxRefusal, holder_of, sign_in_sandbox
from plugins.sandbox.server import basic_auth_ok


@dataclass
class BsreSandbox:
    signers: Mapping[str, tuple[str, str]] = field(default_factory=lambda: dict(SANDBOX_SIGNERS))
    client_id: str = ""
    client_secret: str = ""
    fault: str = ""  # "", "error" (503), or "echo" (a refusal that repeats the passphrase, as careless servers do)
    calls: list[dict[str, str]] = field(default_factory=list)  # what was asked, without passphrases

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        from werkzeug.wrappers import Request

        request = Request(environ)
        try:
            return self._answer(request, start_response)
        finally:
            request.close()  # the upload's spooled file

    def _answer(self, request: Any, start_response: Callable) -> Iterable[bytes]:
        self.calls.append({"path": request.path, "nik": request.form.get("nik", "")})
        if not basic_auth_ok(request.headers.get("Authorization", ""), self.client_id, self.client_secret):
            return _refusal(start_response, "401 Unauthorized", "Unauthorized", 401)
        if self.fault == "error":
            return _refusal(start_response, "503 Service Unavailable", "Service unavailable", 503)
        if request.method != "POST" or request.path != SIGN_PATH:
            return _refusal(start_response, "404 Not Found", "Not found", 404)
        upload = request.files.get("file")
        pdf = upload.read() if upload is not None else b""
        if not pdf.startswith(b"%PDF-"):
            return _refusal(start_response, "400 Bad Request", "File PDF tidak ditemukan", 2021)
        try:
            holder = holder_of(request.form.get("nik", ""), request.form.get("passphrase", ""), self.signers)
        except SandboxRefusal as refused:
            words = (
                f"{refused.words}: {request.form.get('passphrase', '')!r}" if self.fault == "echo" else refused.words
            )
            return _refusal(start_response, "400 Bad Request", words, refused.code)
        signed = sign_in_sandbox(
            SigningRequest(pdf=pdf, issuer="BSrE", region="", signer_title=holder, document_number="", reason="TTE")
        )
        start_response("200 OK", [("Content-Type", "application/pdf"), ("Content-Length", str(len(signed)))])
        return [signed]


def _refusal(start_response: Callable, status: str, error: str, code: int) -> list[bytes]:
    payload = json.dumps({"error": error, "status_code": code}).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


if __name__ == "__main__":  # pragma: no cover - manual use
    from plugins.sandbox.server import run_forever

    run_forever(BsreSandbox(), 8007, "Sandbox BSrE esign client service (synthetic signers)")
