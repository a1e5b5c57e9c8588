"""The two-step test service (with a deadline auto-approval) the workflow tests file against."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from framework.store import OutboxMessage
from framework.workflow.calendar import WIB

SERVICE = """
service: nakes.sip-uji
version: 1
title: {id: Izin Praktik Uji, en: Test practice licence}
summary: {id: Layanan uji alur persetujuan., en: A service to test the approval flow.}
sector: nakes
provider: dpmptsp
standard:
  legal_basis: [Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan]
  requirements: [{id: KTP-el, en: Electronic ID card}]
  sla: 5d
  fee: 0
  product: {id: Surat Izin Praktik, en: Practice licence}
  complaints: lapor
pages:
  - id: data
    title: {id: Data, en: Data}
    fields:
      - {id: nama, type: text, label: {id: Nama, en: Name}, required: true}
      - {id: alamat, type: text, label: {id: Alamat, en: Address}, required: true}
      - {id: telepon, type: text, label: {id: Telepon, en: Phone}}
steps:
  - {id: verifikasi, title: {id: Verifikasi, en: Check}, role: operator_dpmptsp, sla: 2d, actions: [approve, return, reject]}
  - {id: keputusan, title: {id: Keputusan, en: Decision}, role: kadis, sla: 3d, actions: [approve, reject], on_deadline: __DEADLINE__}
notify:
  submitted: [inbox]
  returned: [inbox, email]
  approved: [inbox]
  issued: [inbox, email]
"""  # noqa: E501

REGION = "73.12"  # Kabupaten Soppeng, an MPP Digital locus
OTHER_REGION = "73.06"  # Kabupaten Gowa
NIK = "7312011505900001"
OTHER_NIK = "7312015505900002"
MONDAY_9 = datetime(2026, 8, 10, 9, 0, tzinfo=WIB)  # a Monday; 17 August (Monday) is Independence Day
ANSWERS = {"nama": "Andi Tenri", "alamat": "Jl. Kemakmuran 1, Watansoppeng"}


def service_yaml(deadline: str = "approve", version: int = 1, extra_step: str = "") -> str:
    text = SERVICE.replace("__DEADLINE__", deadline).replace("version: 1", f"version: {version}")
    return text.replace("notify:", extra_step + "notify:")


def outbox(session) -> list[tuple[str, dict]]:
    return [(m.topic, m.payload) for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]


def rows(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))
