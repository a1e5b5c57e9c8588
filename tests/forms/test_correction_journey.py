"""The citizen fixes a returned application from the portal (`/lacak/<nomor>/perbaiki`)."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from framework.services import applications
from framework.store.models import Application
from framework.workflow.actors import Actor

from .portal_helpers import APPLICANT, PDF, SERVICE, form_values, page_url, registries
from .test_citizen_journey import _fill


@pytest.fixture
def client(make_app):
    app = make_app(WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries())
    client = app.test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    return client


def _filed_and_returned(client, sessions, reasons: dict[str, str]) -> str:
    _fill(client)
    done = client.get(client.post(page_url("periksa-jawaban")).location).get_data(as_text=True)
    number = re.search(r"/lacak/([A-Z0-9-]+)", done).group(1)
    with sessions() as session:
        officer = Actor.officer("fo", "operator_dukcapil", "73.06")
        applications.transition(session, number, action="return", actor=officer, reasons=reasons)
        session.commit()
    return number


def test_a_corrected_mothers_nik_brings_the_name_ikd_holds_for_it(client, sessions):
    number = _filed_and_returned(client, sessions, {"nik_ibu": "Ini bukan NIK ibu"})
    sent = client.post(f"/lacak/{number}/perbaiki", data={"nik_ibu": "7306-0101-0190-0001"})  # typed with dashes
    assert sent.status_code == 302
    with sessions() as session:
        filed = session.scalar(select(Application).where(Application.tracking_number == number))
        # before: the old mother's name stayed, still marked as verified by IKD for the old NIK
        assert (filed.answers["nik_ibu"], filed.answers["nama_ibu"]) == (APPLICANT, "BUDI SANTOSO")
        assert filed.prefill["nama_ibu"]["record_key"] == APPLICANT


def test_the_language_link_after_a_refused_correction_keeps_what_was_typed(client, sessions):
    number = _filed_and_returned(client, sessions, {"nama_anak": "Ejaan salah", "nik_ibu": "Periksa lagi"})
    refused = client.post(f"/lacak/{number}/perbaiki", data={"nama_anak": "Ma'ruf 😀", "nik_ibu": "1234"})
    assert refused.status_code == 422
    link = re.search(r'href="([^"]+lang=en)"', refused.get_data(as_text=True)).group(1)
    switched = client.get(link).get_data(as_text=True)
    values = form_values(switched)
    # before: the page showed the application's old answers again, and what the citizen typed was gone
    assert (values["nama_anak"], values["nik_ibu"]) == ("Ma'ruf 😀", "1234")
    fixed = {"nama_anak": "Siti Ma'ruf", "nik_ibu": "7306014501900002"}
    assert client.post(f"/lacak/{number}/perbaiki", data=fixed).status_code == 302
    with client.session_transaction() as session:
        assert not session.get("correction_typed")  # forgotten once the correction is sent


def test_a_second_click_on_send_shows_the_application_not_a_missing_page(client, sessions):
    number = _filed_and_returned(client, sessions, {"nama_anak": "Ejaan salah"})
    first = client.post(f"/lacak/{number}/perbaiki", data={"nama_anak": "Siti Ma'ruf"})
    second = client.post(f"/lacak/{number}/perbaiki", data={"nama_anak": "Siti Ma'ruf"})
    assert first.location == second.location == f"/lacak/{number}"  # before: the second one was a 404 page
    assert client.get(f"/lacak/{number}/perbaiki").location == f"/lacak/{number}"  # nothing to fix any more


def test_a_correction_that_changes_nothing_returned_is_refused_at_each_field(client, sessions):
    number = _filed_and_returned(client, sessions, {"nama_anak": "Ejaan salah"})
    with sessions() as session:
        as_filed = session.scalar(select(Application).where(Application.tracking_number == number)).answers
    unchanged = client.post(f"/lacak/{number}/perbaiki", data={"nama_anak": as_filed["nama_anak"]})
    html = unchanged.get_data(as_text=True)
    assert unchanged.status_code == 422 and "masih sama dengan yang dikembalikan petugas" in html
    assert 'href="#nama_anak"' in html  # located at the returned field
    with sessions() as session:
        assert session.scalar(select(Application).where(Application.tracking_number == number)).state == "returned"


def test_what_was_typed_for_an_earlier_return_does_not_come_back_on_the_next(client, sessions):
    number = _filed_and_returned(client, sessions, {"nama_anak": "Ejaan salah"})
    assert client.post(f"/lacak/{number}/perbaiki", data={"nama_anak": "x" * 101}).status_code == 422
    with sessions() as session:  # fixed elsewhere (the API, another device), then returned once more
        applications.resubmit(
            session, number, actor=Actor.citizen(APPLICANT, None), answers={"nama_anak": "Siti Ma'ruf"}
        )
        officer = Actor.officer("fo", "operator_dukcapil", "73.06")
        applications.transition(session, number, action="return", actor=officer, reasons={"nama_anak": "Lagi"})
        session.commit()
    values = form_values(client.get(f"/lacak/{number}/perbaiki").get_data(as_text=True))
    assert values["nama_anak"] == "Siti Ma'ruf"


def test_corrections_posted_after_the_session_ended_lead_back_to_the_form(client, sessions):
    number = _filed_and_returned(client, sessions, {"nama_anak": "Ejaan salah"})
    client.application.config["WTF_CSRF_ENABLED"] = True
    lost = client.application.test_client()  # the session's row is gone: its token is worthless
    response = lost.post(f"/lacak/{number}/perbaiki", data={"nama_anak": "Ma'ruf", "csrf_token": "from-an-old-page"})
    html = response.get_data(as_text=True)
    # before: "reload the page and try again", which posts the same expired form again
    assert response.status_code == 400 and f'href="/lacak/{number}/perbaiki"' in html


def test_a_correction_over_the_size_limit_gets_the_sites_page(client, sessions):
    number = _filed_and_returned(client, sessions, {"surat_keterangan_lahir": "Buram"})
    client.application.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post(
        f"/lacak/{number}/perbaiki",
        data={"surat_keterangan_lahir": (io.BytesIO(PDF + b"0" * 4096), "besar.pdf")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 413 and "terlalu besar" in html  # before: werkzeug's bare English page
    assert '<html lang="id">' in html
