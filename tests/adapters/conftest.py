"""Fixtures for the plugin tests: real servers on 127.0.0.1, fresh breakers."""

from __future__ import annotations

import pytest

from framework.plugins.resilience import reset_breakers
from plugins.sandbox.server import serve_in_thread

PLUGIN_PREFIXES = ("IKD", "SISDMK", "LAPOR", "SMS", "WHATSAPP", "WEBHOOK", "SMTP")


@pytest.fixture(autouse=True)
def _clean_plugin_environment(monkeypatch):
    """Each test starts from development defaults and closed breakers."""
    import os

    for name in list(os.environ):
        if name.startswith(tuple(f"MPP_{prefix}_" for prefix in PLUGIN_PREFIXES)):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MPP_ENV", "development")
    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture
def serve():
    """Start WSGI apps on loopback; all are stopped when the test ends."""
    running = []

    def start(app):
        server = serve_in_thread(app)
        running.append(server)
        return server

    yield start
    for server in running:
        server.stop()


# --- a real SMTP server on loopback ---------------------------------------------------------


class _Mailbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        from email import message_from_bytes

        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(monkeypatch):
    """aiosmtpd on 127.0.0.1; MPP_SMTP_* point at it; ``.messages`` holds what arrived."""
    from aiosmtpd.controller import Controller

    mailbox = _Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("MPP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MPP_SMTP_PORT", str(port))
    monkeypatch.setenv("MPP_SMTP_FROM", "mpp@example.test")
    yield mailbox
    controller.stop()


# --- services that exercise providers and notifications --------------------------------------

SERVICE = """
service: __ID__
version: 1
title: {id: Izin Uji Plugin, en: Plugin test licence}
summary: {id: Layanan uji pengiriman., en: A service to test deliveries.}
sector: nakes
provider: __PROVIDER__
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
      - {id: nama_pemohon, type: text, label: {id: Nama, en: Name}, required: true}
steps:
  - {id: verifikasi, title: {id: Verifikasi, en: Check}, role: operator_dpmptsp, sla: 2d, actions: [approve, return, reject]}
notify:
  submitted: [inbox, email, sms]
  issued: [inbox, email]
"""  # noqa: E501

REGION = "73.12"
NIK = "7312011505900001"


@pytest.fixture(scope="session")
def plugin_catalog(tmp_path_factory):
    """Two services: one issued by the regional DPMPTSP, one by a private provider (webhook)."""
    from mpp_testing import PROJECT

    from framework.definition import load_catalog

    folder = tmp_path_factory.mktemp("plugin-catalog")
    for name in ("codelists", "reference"):
        (folder / name).symlink_to(PROJECT / "definitions" / name)
    files = []
    for service_id, provider in (("nakes.uji-regional", "dpmptsp"), ("nakes.uji-swasta", "webhook")):
        path = folder / f"{service_id}.yaml"
        path.write_text(SERVICE.replace("__ID__", service_id).replace("__PROVIDER__", provider), encoding="utf-8")
        files.append(path)
    catalog = load_catalog(folder, files)  # checked against the installed plugins
    assert catalog.ok, [str(error) for error in catalog.errors]
    return catalog


@pytest.fixture
def file_application(sessions, plugin_catalog):
    """``file_application(service_id, approve=True)`` → tracking number, with a contactable profile."""
    from framework.services import applications
    from framework.store.inbox import CitizenProfile
    from framework.workflow.actors import Actor

    def file(service_id: str = "nakes.uji-regional", approve: bool = True, nik: str = NIK) -> str:
        with sessions() as session:
            if session.get(CitizenProfile, nik) is None:
                session.add(
                    CitizenProfile(
                        nik=nik, name="Andi Tenri", email="andi@example.test", phone="+6281234567890", muted=[]
                    )
                )
                session.commit()
            spec = plugin_catalog.specs[service_id]
            application = applications.submit(
                session, spec, region=REGION, answers={"nama_pemohon": "Andi Tenri"}, applicant_nik=nik
            )
            if approve:
                officer = Actor.officer("operator", "operator_dpmptsp", REGION)
                applications.transition(session, application.tracking_number, action="approve", actor=officer)
            return application.tracking_number

    return file
