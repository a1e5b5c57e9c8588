"""Complaints linked to an application, forwarded to a real (sandbox) SP4N-LAPOR! over HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from framework.plugins.registry import installed
from framework.services import complaints
from framework.store import OutboxMessage
from framework.store.complaints import Complaint
from framework.worker import loop as worker
from plugins.lapor.sandbox_server import make_app as lapor_app

FAST = worker.WorkerConfig(worker_id="test-worker", base_delay=0, max_attempts=5)
NIK = "7312011505900001"
TODAY = dt.date(2026, 11, 29)


def complaint_input(tracking_number, **changes):
    values = {
        "title": "Petugas meminta biaya",
        "narrative": "Saya diminta membayar Rp50.000 padahal layanan ini gratis.",
        "event_date": dt.date(2026, 11, 20),
        "place": "MPP Soppeng",
        "tracking_number": tracking_number,
    }
    return complaints.ComplaintInput(**{**values, **changes})


@pytest.fixture
def lapor(monkeypatch, serve):
    app = lapor_app()
    server = serve(app)
    monkeypatch.setenv("MPP_LAPOR_MODE", "http")
    monkeypatch.setenv("MPP_LAPOR_URL", server.url)
    monkeypatch.setenv("MPP_LAPOR_RETRIES", "0")
    return app


def drain(sessions, rounds=5):
    for _ in range(rounds):
        worker.run_once(sessions, FAST)


def test_complaint_is_forwarded_and_its_status_follows(sessions, file_application, lapor):
    tracking_number = file_application(approve=False)
    with sessions() as session:
        filed = complaints.file_complaint(session, NIK, complaint_input(tracking_number), today=TODAY)
        assert filed.status == "received" and filed.service_id == "nakes.uji-regional" and filed.region == "73.12"
    drain(sessions)
    [(report_id, report)] = lapor.reports.items()
    assert (
        report["reporter"] == {"nik": NIK}
        and report["tracking_number"] == tracking_number
        and report["reference"] == filed.reference
    )
    with sessions() as session:
        complaint = session.get(Complaint, filed.id)
        assert (complaint.status, complaint.external_ref) == ("forwarded", report_id)
        lapor.statuses[report_id] = "Terverifikasi"
        assert complaints.refresh_status(session, complaint, installed()) == "verified"
        [view] = complaints.complaints_for(session, tracking_number, citizen_nik=NIK)
        assert (view.reference, view.status, view.status_text.get("en")) == (filed.reference, "verified", "Verified")


def test_anonymous_and_confidential_reach_the_channel_without_identity(sessions, file_application, lapor):
    tracking_number = file_application(approve=False)
    with sessions() as session:
        complaints.file_complaint(
            session,
            NIK,
            complaint_input(tracking_number, anonymous=True, confidential=True, category="aspirasi"),
            today=TODAY,
        )
    drain(sessions)
    [report] = lapor.reports.values()
    assert (
        report["reporter"] is None
        and report["anonymous"]
        and report["confidential"]
        and report["category"] == "aspirasi"
    )
    assert NIK not in str(report)
    assert report["tracking_number"] is None and report["region"] is None  # either leads back to the applicant
    assert report["service"] == "nakes.uji-regional"  # what the channel needs to route it
    with sessions() as session:
        assert complaints.complaints_for(session, tracking_number, citizen_nik="7312000000000001") == []
        assert len(complaints.complaints_for(session, tracking_number, citizen_nik=NIK)) == 1  # the reporter's view


def test_a_late_forwarding_does_not_undo_an_answer(sessions, file_application, lapor):
    tracking_number = file_application(approve=False)
    with sessions() as session:
        filed = complaints.file_complaint(session, NIK, complaint_input(tracking_number), today=TODAY)
        session.get(Complaint, filed.id).status = "closed"  # answered and closed before the worker ran
        session.commit()
    drain(sessions)
    with sessions() as session:
        complaint = session.get(Complaint, filed.id)
        assert complaint.external_ref and complaint.status == "closed"


def test_the_same_form_sent_twice_files_one_complaint(sessions, file_application):
    tracking_number = file_application(approve=False)
    data = complaint_input(tracking_number, submission_key="k" * 32)
    with sessions() as session:
        first = complaints.file_complaint(session, NIK, data, today=TODAY)
        again = complaints.file_complaint(session, NIK, data, today=TODAY)
        assert again.id == first.id
        assert session.scalar(select(func.count()).select_from(Complaint)) == 1
        topics = [m.topic for m in session.scalars(select(OutboxMessage))]
        assert topics.count("complaint") == 1
        other = complaints.file_complaint(session, NIK, complaint_input(tracking_number), today=TODAY)
        assert other.id != first.id  # no key: a second complaint is a second complaint


def test_a_complaint_about_a_service_keeps_the_chosen_region(sessions):
    data = complaint_input(None, service_id="nakes.uji-regional", region="73.12")
    with sessions() as session:
        filed = complaints.file_complaint(session, NIK, data, today=TODAY)
        assert (filed.service_id, filed.region, filed.tracking_number) == ("nakes.uji-regional", "73.12", None)
    with sessions() as session, pytest.raises(complaints.ComplaintError) as raised:
        complaints.file_complaint(session, NIK, complaint_input(None, service_id="nakes.uji-regional"), today=TODAY)
    assert [error.field for error in raised.value.errors] == ["region"]


def test_bad_complaint_reports_every_field_and_stores_nothing(sessions, file_application):
    tracking_number = file_application(approve=False)
    bad = complaint_input(
        tracking_number,
        title="",
        narrative="pendek",
        event_date=TODAY + dt.timedelta(days=1),
        place=" ",
        category="gosip",
    )
    with sessions() as session, pytest.raises(complaints.ComplaintError) as raised:
        complaints.file_complaint(session, NIK, bad, today=TODAY)
    assert [error.field for error in raised.value.errors] == [
        "title",
        "narrative",
        "event_date",
        "place",
        "category",
    ]
    with sessions() as session, pytest.raises(complaints.ComplaintError) as raised:
        complaints.file_complaint(
            session, "7312015505900002", complaint_input(tracking_number), today=TODAY
        )  # someone else's application
    assert raised.value.errors[0].code == "unknown_application"
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Complaint)) == 0
        assert [m.topic for m in session.scalars(select(OutboxMessage))] == ["notify"]  # only the application's


def test_lapor_down_keeps_the_complaint_and_forwards_it_once_later(sessions, file_application, lapor):
    tracking_number = file_application(approve=False)
    lapor.fault = "error"
    with sessions() as session:
        filed = complaints.file_complaint(session, NIK, complaint_input(tracking_number), today=TODAY)
    worker.run_once(sessions, FAST)
    with sessions() as session:
        assert session.get(Complaint, filed.id).status == "received"
        message = session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "complaint")).one()
        assert message.state == "pending" and "server_error" in message.last_error
    lapor.fault = ""
    drain(sessions)
    assert len(lapor.reports) == 1
    with sessions() as session:
        assert session.get(Complaint, filed.id).status == "forwarded"


def test_the_worker_brings_complaint_statuses_up_to_date(sessions, file_application, lapor):
    import threading

    tracking_number = file_application(approve=False)
    with sessions() as session:
        filed = complaints.file_complaint(session, NIK, complaint_input(tracking_number), today=TODAY)
    drain(sessions)
    [report_id] = lapor.reports
    lapor.statuses[report_id] = "Selesai"
    stop = threading.Event()
    config = worker.WorkerConfig(worker_id="sync", poll=0.05, complaint_sync=0)
    thread = threading.Thread(target=worker.run, args=(sessions, config, stop))
    thread.start()
    try:
        for _ in range(600):
            with sessions() as session:
                if session.get(Complaint, filed.id).status == "closed":
                    break
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(30)
    with sessions() as session:
        assert session.get(Complaint, filed.id).status == "closed"
        assert complaints.sync_statuses(session, installed()) == 0  # closed ones are not asked again


def test_attachments_go_to_the_channel_under_neutral_names_when_anonymous(
    sessions, file_application, lapor, tmp_path, monkeypatch
):
    import base64

    from framework.storage import LocalStorage, describe

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path))
    stored = LocalStorage(tmp_path / "uploads").save(pdf, "KTP-Budi.pdf")
    assert describe(pdf, "KTP-Budi.pdf").kind == "pdf"
    tracking_number = file_application(approve=False)
    with sessions() as session:
        for anonymous in (False, True):
            data = complaint_input(tracking_number, attachments=(stored,), anonymous=anonymous)
            complaints.file_complaint(session, NIK, data, today=TODAY)
    drain(sessions)
    named, neutral = (report["attachments"] for report in sorted(lapor.reports.values(), key=lambda r: r["anonymous"]))
    content = base64.b64encode(pdf).decode()
    assert named == [{"name": "KTP-Budi.pdf", "type": "pdf", "content_base64": content}]
    assert neutral == [{"name": "lampiran-1.pdf", "type": "pdf", "content_base64": content}]
