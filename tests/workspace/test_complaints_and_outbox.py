"""The region's admin answers complaints (the answer reaches the citizen and SP4N-LAPOR!), the officers of the steps
never see one; the admin restarts parked messages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from adminhelpers import BUDI, REGION_A, sign_in
from sqlalchemy import select

from framework.services.complaints import ComplaintInput, file_complaint
from framework.store.complaints import Complaint, ComplaintReply
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


def test_the_regional_admin_answers_and_the_answer_reaches_the_citizen_and_lapor(
    admin_app, officer, sessions, complaint, lapor
):
    drain(sessions)  # forwarded first
    officer("admin.a", "admin_daerah", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "admin.a")
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
        assert (row.status, row.reply, row.replied_by) == ("followed_up", reply, "admin.a")
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "complaint.view")).region == "32.03.01.2004"
        worker.run_once(sessions, FAST)
    citizen = admin_app.test_client()
    sign_in(citizen, citizen=BUDI)
    assert reply in citizen.get("/pengaduan").get_data(as_text=True)


def test_complaints_of_other_regions_are_not_found(admin_app, officer, complaint):
    officer("admin.gowa", "admin_daerah", "73.06")
    assert_not_found(admin_app, "admin.gowa", complaint)


def assert_not_found(admin_app, username, complaint):
    """The complaint is neither listed, shown nor answerable for this officer."""
    client = admin_app.test_client()
    sign_in(client, username)
    assert complaint not in client.get("/admin/pengaduan/").get_data(as_text=True)
    assert client.get(f"/admin/pengaduan/{complaint}").status_code == 404
    answer = client.post(f"/admin/pengaduan/{complaint}/tanggapan", data={"status": "closed", "reply": "x" * 20})
    assert answer.status_code == 404


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


def _file(sessions, number=None, **changes):
    values = {
        "title": "Belum diproses",
        "narrative": "Sudah dua hari belum ada kabar dari petugas loket.",
        "event_date": dt.date.today(),
        "place": "Cianjur",
        "tracking_number": number,
    }
    with sessions() as session:
        return file_complaint(session, BUDI, ComplaintInput(**{**values, **changes})).reference


def test_an_anonymous_complaint_does_not_name_its_application_to_the_admin(
    admin_app, officer, sessions, file_application
):
    number = file_application("adminduk.kk")
    reference = _file(sessions, number, anonymous=True)
    officer("admin.a", "admin_daerah", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "admin.a")
    listed = fo.get("/admin/pengaduan/").get_data(as_text=True)
    shown = fo.get(f"/admin/pengaduan/{reference}").get_data(as_text=True)
    assert reference in listed and number not in listed
    assert "Sudah dua hari belum ada kabar" in shown and "adminduk.kk" in shown  # what the officer acts on
    assert number not in shown and BUDI not in shown and "/admin/permohonan/" not in shown


def test_a_complaint_about_a_service_reaches_the_admin_of_its_region(admin_app, officer, sessions):
    reference = _file(sessions, service_id="adminduk.kk", region=REGION_A)
    officer("admin.a", "admin_daerah", REGION_A)
    officer("admin.gowa", "admin_daerah", "73.06")
    fo, gowa = admin_app.test_client(), admin_app.test_client()
    sign_in(fo, "admin.a")
    sign_in(gowa, "admin.gowa")
    assert reference in fo.get("/admin/pengaduan/").get_data(as_text=True)
    assert fo.get(f"/admin/pengaduan/{reference}").status_code == 200
    assert reference not in gowa.get("/admin/pengaduan/").get_data(as_text=True)
    assert gowa.get(f"/admin/pengaduan/{reference}").status_code == 404


def test_every_answer_is_kept_and_the_citizen_is_told(admin_app, officer, sessions, complaint, lapor):
    from framework.store.complaints import ComplaintReply
    from framework.store.inbox import InboxMessage

    drain(sessions)
    officer("admin.a", "admin_daerah", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "admin.a")
    first, second = "Berkas Anda sedang kami periksa kembali.", "Berkas sudah selesai diperiksa; silakan cek."
    for status, reply in (("followed_up", first), ("closed", second)):
        answer = fo.post(f"/admin/pengaduan/{complaint}/tanggapan", data={"status": status, "reply": reply})
        assert answer.status_code == 302
    shown = fo.get(f"/admin/pengaduan/{complaint}").get_data(as_text=True)
    assert first in shown and second in shown
    drain(sessions)
    [answers] = lapor.replies.values()
    assert [item["tanggapan"] for item in answers] == [first, second]  # each message sends its own answer
    with sessions() as session:
        assert [row.reply for row in session.scalars(select(ComplaintReply).order_by(ComplaintReply.id))] == [
            first,
            second,
        ]
        told = session.scalars(select(InboxMessage).where(InboxMessage.event == "complaint_answered")).all()
        assert len(told) == 2 and all(m.citizen_nik == BUDI and complaint in m.body for m in told)
        assert "Pengaduan ditanggapi" in told[0].subject
    citizen = admin_app.test_client()
    sign_in(citizen, citizen=BUDI)
    page = citizen.get("/pengaduan").get_data(as_text=True)
    assert first in page and second in page


def test_a_reply_of_invisible_characters_is_refused(admin_app, officer, complaint):
    officer("admin.a", "admin_daerah", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "admin.a")
    answer = fo.post(f"/admin/pengaduan/{complaint}/tanggapan", data={"status": "closed", "reply": "\u200b" * 40})
    assert answer.status_code == 422 and "Tanggapan 10–2000 karakter" in answer.get_data(as_text=True)


def test_a_nul_in_a_reply_keeps_what_the_officer_typed_and_says_where(admin_app, officer, complaint, sessions):
    """The site's guard answered a bare error page for a NUL, and the officer's reply was gone with it."""
    officer("admin.a", "admin_daerah", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "admin.a")
    reply = "Berkas Anda sudah kami periksa;\x00 mohon maaf atas keterlambatannya."
    answer = fo.post(f"/admin/pengaduan/{complaint}/tanggapan", data={"status": "followed_up", "reply": reply})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'value="followed_up" selected' in html
    assert ">Berkas Anda sudah kami periksa;\ufffd mohon maaf atas keterlambatannya.</textarea>" in html
    assert re.search(r'id="reply-error"><span[^>]*>[^<]*</span>\s*Isian berisi karakter yang tidak sah', html)
    assert '<a href="#reply">Isian berisi karakter yang tidak sah' in html and "\x00" not in html
    with sessions() as session:
        assert session.scalars(select(ComplaintReply)).all() == []


def test_the_admin_downloads_a_complaints_attachment(admin_app, officer, sessions, file_application):
    from framework.storage import storage_for

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    stored = storage_for(admin_app).save(pdf, "bukti.pdf")
    reference = _file(sessions, file_application("adminduk.kk"), attachments=(stored,))
    officer("admin.a", "admin_daerah", REGION_A)
    officer("admin.gowa", "admin_daerah", "73.06")
    fo, gowa = admin_app.test_client(), admin_app.test_client()
    sign_in(fo, "admin.a")
    sign_in(gowa, "admin.gowa")
    assert f"/admin/pengaduan/{reference}/lampiran/0" in fo.get(f"/admin/pengaduan/{reference}").get_data(as_text=True)
    download = fo.get(f"/admin/pengaduan/{reference}/lampiran/0")
    assert (
        download.status_code == 200 and download.data == pdf and "attachment" in download.headers["Content-Disposition"]
    )
    assert fo.get(f"/admin/pengaduan/{reference}/lampiran/1").status_code == 404
    assert gowa.get(f"/admin/pengaduan/{reference}/lampiran/0").status_code == 404
    with sessions() as session:
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "complaint.attachment")).actor == "admin.a"


@pytest.mark.parametrize(
    "payload",
    [
        {"complaint_id": "abc"},
        {"complaint_id": [1]},
        {"complaint_id": 10**30},
        {"complaint_id": True, "tracking_number": 5},
        {"tracking_number": {"x": 1}},
        ["not", "an", "object"],
        None,
    ],
)
def test_a_malformed_parked_payload_does_not_break_the_page(admin_app, officer, sessions, payload):
    with sessions() as session:
        message = session.get(OutboxMessage, enqueue(session, "complaint", {"complaint_id": 1}))
        message.payload, message.state, message.last_error = payload, "parked", "Rusak"
        session.commit()
    officer("admin.cianjur", "admin_daerah", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "admin.cianjur")
    answer = client.get("/admin/pesan-tertahan/")
    assert answer.status_code == 200 and "Tidak ada pesan tertahan." in answer.get_data(as_text=True)


def test_a_parked_message_of_an_anonymous_complaint_does_not_show_its_application(
    admin_app, officer, sessions, file_application
):
    from framework.store.complaints import Complaint

    number = file_application("adminduk.kk")
    reference = _file(sessions, number, anonymous=True)
    with sessions() as session:
        complaint_id = session.scalar(select(Complaint.id).where(Complaint.reference == reference))
        message = session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "complaint")).one()
        message.state, message.last_error = "parked", "LaporDown: 503"
        session.commit()
        assert message.payload == {"complaint_id": complaint_id}
    officer("admin.cianjur", "admin_daerah", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "admin.cianjur")
    listed = client.get("/admin/pesan-tertahan/").get_data(as_text=True)
    assert "LaporDown: 503" in listed and number not in listed  # still the region's to restart


def test_the_front_office_that_acted_on_an_application_never_reads_or_closes_its_complaint(
    admin_app, officer, sessions, complaint, file_application
):
    """The reviewer's case: the accused front office read the reporter's NIK and closed the complaint itself."""
    officer("fo", "operator_dukcapil", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "fo")
    with sessions() as session:
        number = session.scalar(select(Complaint.tracking_number).where(Complaint.reference == complaint))
    assert fo.post(f"/admin/permohonan/{number}/keputusan", data={"action": "approve"}).status_code == 302
    assert fo.get("/admin/pengaduan/").status_code == 403
    assert fo.get(f"/admin/pengaduan/{complaint}").status_code == 403
    closed = fo.post(f"/admin/pengaduan/{complaint}/tanggapan", data={"status": "closed", "reply": "Tidak terbukti."})
    assert closed.status_code == 403
    case = fo.get(f"/admin/permohonan/{number}").get_data(as_text=True)
    assert complaint not in case and "/admin/pengaduan/" not in case  # neither the complaint nor the menu link
    with sessions() as session:
        row = session.scalar(select(Complaint).where(Complaint.reference == complaint))
        assert (row.status, row.replied_by) == ("received", None)
        assert session.scalars(select(AuditEvent).where(AuditEvent.action == "complaint.view")).all() == []


@pytest.mark.parametrize("acted", ["filed_at_the_counter", "decided_a_step"])
def test_the_admin_does_not_handle_a_complaint_about_an_application_they_acted_on(
    admin_app, officer, sessions, complaint, acted
):
    from framework.store.models import Application, TransitionRecord

    officer("admin.a", "admin_daerah", REGION_A)
    with sessions() as session:
        number = session.scalar(select(Complaint.tracking_number).where(Complaint.reference == complaint))
        application = session.scalar(select(Application).where(Application.tracking_number == number))
        if acted == "filed_at_the_counter":
            application.filed_by = "admin.a"
        else:
            session.add(
                TransitionRecord(
                    application_id=application.id,
                    from_state="draft",
                    to_state=application.state,
                    action="submit",
                    actor="admin.a",
                    role="admin_daerah",
                )
            )
        session.commit()
    assert_not_found(admin_app, "admin.a", complaint)
    client = admin_app.test_client()
    sign_in(client, "admin.a")
    listed = client.get("/admin/pengaduan/").get_data(as_text=True)
    assert 'data-withheld="1"' in listed and "SP4N-LAPOR!" in listed  # told that it exists and who answers it
    officer("admin.b", "admin_daerah", REGION_A)  # another admin of the region handles it
    other = admin_app.test_client()
    sign_in(other, "admin.b")
    assert complaint in other.get("/admin/pengaduan/").get_data(as_text=True)
    assert "data-withheld" not in other.get("/admin/pengaduan/").get_data(as_text=True)
