"""Officers answer complaints (the answer reaches the citizen and SP4N-LAPOR!); the admin restarts parked messages."""

from __future__ import annotations

import datetime as dt

import pytest
from adminhelpers import BUDI, REGION_A, sign_in
from sqlalchemy import select

from framework.services.complaints import ComplaintInput, file_complaint
from framework.store.complaints import Complaint
from framework.store.models import AuditEvent, OutboxMessage
from framework.store.outbox import enqueue
from framework.worker import loop as worker
from plugins.lapor.sandbox_server import make_app as lapor_app
from plugins.sandbox.server import serve_in_thread

FAST = worker.WorkerConfig(worker_id="test-worker", base_delay=0, max_attempts=5)


@pytest.fixture
def lapor(monkeypatch):
    app = lapor_app()
    server = serve_in_thread(app)
    monkeypatch.setenv("MPP_LAPOR_MODE", "http")
    monkeypatch.setenv("MPP_LAPOR_URL", server.url)
    monkeypatch.setenv("MPP_LAPOR_RETRIES", "0")
    yield app
    server.stop()


@pytest.fixture
def complaint(sessions, file_application):
    number = file_application("adminduk.kk")
    with sessions() as session:
        filed = file_complaint(
            session,
            BUDI,
            ComplaintInput(
                "Belum diproses",
                "Sudah dua hari belum ada kabar dari petugas loket.",
                dt.date.today(),
                "Cianjur",
                tracking_number=number,
            ),
        )
        return filed.reference


def drain(sessions, rounds=3):
    for _ in range(rounds):
        worker.run_once(sessions, FAST)


def test_an_officer_answers_and_the_answer_reaches_the_citizen_and_lapor(
    admin_app, officer, sessions, complaint, lapor
):
    drain(sessions)  # forwarded first
    officer("fo", "operator_dukcapil", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "fo")
    assert complaint in fo.get("/admin/pengaduan/").get_data(as_text=True)
    shown = fo.get(f"/admin/pengaduan/{complaint}").get_data(as_text=True)
    assert "Sudah dua hari belum ada kabar" in shown and BUDI in shown
    short = fo.post(f"/admin/pengaduan/{complaint}/tanggapan", data={"status": "followed_up", "reply": "Oke"})
    assert short.status_code == 422 and "Tanggapan 10–2000 karakter" in short.get_data(as_text=True)
    assert 'value="followed_up" selected' in short.get_data(as_text=True) and ">Oke</textarea>" in short.get_data(
        as_text=True
    )
    reply = "Berkas Anda sudah kami periksa; mohon maaf atas keterlambatannya."
    assert (
        fo.post(f"/admin/pengaduan/{complaint}/tanggapan", data={"status": "followed_up", "reply": reply}).status_code
        == 302
    )
    drain(sessions)
    [(report_id, answers)] = lapor.replies.items()
    assert answers == [{"status": "ditindaklanjuti", "tanggapan": reply}]
    with sessions() as session:
        row = session.scalar(select(Complaint).where(Complaint.reference == complaint))
        assert (row.status, row.reply, row.replied_by) == ("followed_up", reply, "fo")
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "complaint.view")).region == "32.03.01.2004"
        worker.run_once(sessions, FAST)
    citizen = admin_app.test_client()
    sign_in(citizen, citizen=BUDI)
    assert reply in citizen.get("/pengaduan").get_data(as_text=True)


def test_complaints_of_other_regions_and_services_are_not_found(admin_app, officer, complaint):
    officer("fo.gowa", "operator_dukcapil", "73.06")
    officer("dinkes", "teknis_dinkes", REGION_A)
    for username in ("fo.gowa", "dinkes"):
        client = admin_app.test_client()
        sign_in(client, username)
        assert complaint not in client.get("/admin/pengaduan/").get_data(as_text=True)
        assert client.get(f"/admin/pengaduan/{complaint}").status_code == 404
        assert (
            client.post(
                f"/admin/pengaduan/{complaint}/tanggapan", data={"status": "closed", "reply": "x" * 20}
            ).status_code
            == 404
        )


def test_the_admin_restarts_a_parked_message_of_their_region(admin_app, officer, sessions, file_application):
    number = file_application("adminduk.kk")
    with sessions() as session:
        message = session.get(
            OutboxMessage,
            enqueue(session, "notify", {"event": "submitted", "tracking_number": number, "channels": ["sms"]}),
        )
        message.state, message.attempts, message.last_error = "parked", 8, "SMSGatewayDown: 503"
        session.commit()
        message_id = message.id
    officer("admin.cianjur", "admin_daerah", REGION_A)
    officer("admin.gowa", "admin_daerah", "73.06")
    gowa = admin_app.test_client()
    sign_in(gowa, "admin.gowa")
    assert "SMSGatewayDown" not in gowa.get("/admin/pesan-tertahan/").get_data(as_text=True)
    assert gowa.post(f"/admin/pesan-tertahan/{message_id}/ulang").status_code == 404
    cianjur = admin_app.test_client()
    sign_in(cianjur, "admin.cianjur")
    listed = cianjur.get("/admin/pesan-tertahan/").get_data(as_text=True)
    assert f'data-message="{message_id}"' in listed and "SMSGatewayDown: 503" in listed and number in listed
    assert cianjur.post(f"/admin/pesan-tertahan/{message_id}/ulang").status_code == 302
    with sessions() as session:
        again = session.get(OutboxMessage, message_id)
        assert (again.state, again.attempts) == ("pending", 0)
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "outbox.retry")).actor == "admin.cianjur"
    assert f'data-message="{message_id}"' not in cianjur.get("/admin/pesan-tertahan/").get_data(as_text=True)
