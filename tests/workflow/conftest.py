"""A two-step test service (with a deadline auto-approval) and officers for it."""

from __future__ import annotations

from datetime import datetime

import pytest

from mpp_testing import load_test_catalog
from framework import applications
from framework.workflow.actors import Actor
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
"""

REGION = "73.12"  # Kabupaten Soppeng, an MPP Digital locus
OTHER_REGION = "73.06"  # Kabupaten Gowa
NIK = "7312011505900001"
OTHER_NIK = "7312015505900002"
MONDAY_9 = datetime(2026, 8, 10, 9, 0, tzinfo=WIB)  # a Monday; 17 August (Monday) is Independence Day
ANSWERS = {"nama": "Andi Tenri", "alamat": "Jl. Kemakmuran 1, Watansoppeng"}


def service_yaml(deadline: str = "approve", version: int = 1, extra_step: str = "") -> str:
    text = SERVICE.replace("__DEADLINE__", deadline).replace("version: 1", f"version: {version}")
    return text.replace("notify:", extra_step + "notify:")


@pytest.fixture(scope="session")
def catalog(tmp_path_factory):
    return load_test_catalog(tmp_path_factory.mktemp("workflow-catalog"), service_yaml())


@pytest.fixture(scope="session")
def spec(catalog):
    return catalog.specs["nakes.sip-uji"]


@pytest.fixture
def operator():
    return Actor.officer("operator", "operator_dpmptsp", REGION, ip="10.0.0.7")


@pytest.fixture
def kadis():
    return Actor.officer("kadis", "kadis", REGION, ip="10.0.0.8")


@pytest.fixture
def citizen():
    return Actor.citizen(NIK, ip="192.0.2.1")


@pytest.fixture
def filed(session, spec):
    """An application of the test service, filed on a Monday at 09:00 WIB."""
    return applications.submit(session, spec, region=REGION, answers=ANSWERS, applicant_nik=NIK, now=MONDAY_9)
