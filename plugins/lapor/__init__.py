"""SP4N-LAPOR! complaint channel.

HTTP mode: ``POST <MPP_LAPOR_URL>/laporan`` (JSON, ``Idempotency-Key`` = our
reference; each attachment's bytes in ``content_base64``) → ``{"id": ...}``;
``GET /laporan/<id>`` → ``{"status": ...}`` in LAPOR!'s words, mapped by
`STATUS_MAP`; ``POST /laporan/<id>/tindak-lanjut`` carries the agency's answer
(status in LAPOR!'s words, reply text). LAPOR!'s real API is not public: the
paths and words are placeholders kept in one place. Sandbox mode (development
default): a reference derived from ours, status ``forwarded``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from framework.plugins.base import ComplaintChannel, DeliveryFailed

# LAPOR!'s status words → ours (framework.services.complaints.STATUSES)
STATUS_MAP: dict[str, str] = {
    "belum terverifikasi": "forwarded",
    "terverifikasi": "verified",
    "diproses": "followed_up",
    "ditindaklanjuti": "followed_up",
    "selesai": "closed",
}


class LaporChannel(ComplaintChannel):
    id = "lapor"
    settings_prefix = "LAPOR"

    def forward(self, complaint: Mapping[str, Any]) -> str:
        from framework.plugins.http import ExternalUnavailable, JsonHttp
        from framework.plugins.settings import adapter_settings

        settings = adapter_settings(self.settings_prefix)
        if settings.mode == "sandbox":
            return "LAPOR-SANDBOX-" + hashlib.sha256(str(complaint["reference"]).encode()).hexdigest()[:10].upper()
        try:
            answer = JsonHttp(settings).request(
                "POST", "/laporan", json=dict(complaint), headers={"Idempotency-Key": str(complaint["reference"])}
            )
        except ExternalUnavailable as exc:
            raise DeliveryFailed(str(exc)) from None
        if not isinstance(answer.data, Mapping) or not answer.data.get("id"):
            raise DeliveryFailed("LAPOR!: the answer has no report id")
        return str(answer.data["id"])

    def status(self, reference: str) -> str:
        from framework.plugins.http import JsonHttp
        from framework.plugins.settings import adapter_settings

        settings = adapter_settings(self.settings_prefix)
        if settings.mode == "sandbox":
            return "forwarded"
        answer = JsonHttp(settings).request("GET", f"/laporan/{reference}")
        word = str(answer.data.get("status", "")).strip().lower() if isinstance(answer.data, Mapping) else ""
        return STATUS_MAP.get(word, "forwarded")

    def reply(self, reference: str, answer: Mapping[str, Any]) -> None:
        """The agency's follow-up (status and reply) on a forwarded report; sandbox mode keeps nothing."""
        from framework.plugins.http import ExternalUnavailable, JsonHttp
        from framework.plugins.settings import adapter_settings

        settings = adapter_settings(self.settings_prefix)
        if settings.mode == "sandbox":
            return
        words = {ours: theirs for theirs, ours in STATUS_MAP.items()}
        body = {"status": words.get(str(answer.get("status")), "diproses"), "tanggapan": answer.get("reply")}
        try:
            JsonHttp(settings).request(
                "POST",
                f"/laporan/{reference}/tindak-lanjut",
                json=body,
                headers={"Idempotency-Key": f"{answer.get('reference')}-{answer.get('replied_at')}"},
            )
        except ExternalUnavailable as exc:
            raise DeliveryFailed(str(exc)) from None
