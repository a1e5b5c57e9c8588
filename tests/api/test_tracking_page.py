"""/lacak: state and dates for anyone; the timeline with reasons only for the signed-in applicant."""

from __future__ import annotations

import pytest
from api_helpers import CITIZEN_NIK, SERVICE, multipart

from framework.services import tracking_numbers as tracking


def filed(client, tokens) -> str:
    return client.post(
        f"/api/v1/services/{SERVICE}/applications",
        data=multipart(),
        headers=tokens["citizen"],
        content_type="multipart/form-data",
    ).get_json()["tracking_number"]


def filed_and_returned(client, tokens) -> str:
    number = filed(client, tokens)
    client.post(
        f"/api/v1/applications/{number}/transitions",
        json={"action": "return", "comment": "Foto surat buram", "fields": ["surat_keterangan_lahir"]},
        headers=tokens["operator"],
    )
    return number


def test_public_page_shows_state_and_dates_only(client, tokens):
    number = filed_and_returned(client, tokens)
    page = client.get(f"/lacak/{number.lower().replace('-', '')}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and number in text and 'data-state="returned"' in text and "Diajukan" in text
    assert "Foto surat buram" not in text and "Andi" not in text and CITIZEN_NIK not in text


def test_the_signed_in_applicant_sees_the_timeline_with_reasons(client, tokens):
    number = filed_and_returned(client, tokens)
    with client.session_transaction() as session:
        session["citizen_nik"] = CITIZEN_NIK
    text = client.get(f"/lacak/{number}?lang=en").get_data(as_text=True)
    assert "Foto surat buram" in text and "Timeline" in text
    assert "Birth statement" in text  # the field to fix by its label in the reader's language, not its id
    assert f'href="/lacak/{number}/perbaiki"' in text  # and where to fix it


def test_per_field_reasons_name_each_field_in_the_readers_language(client, tokens):
    number = filed(client, tokens)
    returned = client.post(
        f"/api/v1/applications/{number}/transitions",
        json={"action": "return", "comment": "Mohon diperbaiki", "reasons": {"nama_anak": "Ejaan tidak sesuai"}},
        headers=tokens["operator"],
    ).get_json()
    entry = returned["history"][-1]
    assert entry["comment"] == "Mohon diperbaiki\nNama Anak: Ejaan tidak sesuai"  # the stored reading, unchanged
    assert entry["comment_text"] == {
        "id": "Mohon diperbaiki\nNama Anak: Ejaan tidak sesuai",
        "en": "Mohon diperbaiki\nChild's name: Ejaan tidak sesuai",
    }
    with client.session_transaction() as session:
        session["citizen_nik"] = CITIZEN_NIK
    english = client.get(f"/lacak/{number}?lang=en").get_data(as_text=True)
    assert "Child&#39;s name: Ejaan tidak sesuai" in english and "Nama Anak: Ejaan" not in english
    assert "Nama Anak: Ejaan tidak sesuai" in client.get(f"/lacak/{number}?lang=id").get_data(as_text=True)
    # the officer's words are Indonesian on the English page too; the field's label is the reader's
    notice = english.split('<section class="notice">', 1)[1].split("</section>", 1)[0]
    assert '<span class="lines" lang="id">Mohon diperbaiki</span>' in notice
    assert '<li>Child&#39;s name: <span class="lines" lang="id">Ejaan tidak sesuai</span></li>' in notice


def test_a_mistyped_number_is_refused_before_the_database(client):
    number = tracking.generate()
    typo = number[:-1] + ("2" if number[-1] != "2" else "3")
    page = client.get(f"/lacak?nomor={typo}")
    assert page.status_code == 400 and "salah ketik" in page.get_data(as_text=True)
    assert client.get(f"/lacak?nomor={number}").headers["Location"].endswith(f"/lacak/{number}")
    missing = client.get(f"/lacak/{number}")
    assert missing.status_code == 404 and "tidak ditemukan" in missing.get_data(as_text=True)
    assert client.get("/lacak").status_code == 200


def test_a_returned_document_is_replaced_by_a_multipart_resubmission(client, tokens):
    import io
    import json

    number = filed_and_returned(client, tokens)
    url = f"/api/v1/applications/{number}/transitions"
    clearer = b"%PDF-1.4\n% a clearer scan\n%%EOF\n"
    data = {
        "payload": json.dumps({"action": "resubmit"}),
        "surat_keterangan_lahir": (io.BytesIO(clearer), "surat-jelas.pdf"),
    }
    fixed = client.post(url, data=data, headers=tokens["citizen"], content_type="multipart/form-data")
    assert fixed.status_code == 200, fixed.get_json()
    record = fixed.get_json()
    assert record["state"] == "verifikasi" and record["documents"]["surat_keterangan_lahir"]["size"] == len(clearer)
    assert record["history"][-1]["fields"]["changed"]["surat_keterangan_lahir"] == {
        "old": "surat_keterangan_lahir.pdf",
        "new": "surat-jelas.pdf",
    }


def file_complaint_about(session, number, title, **changes):
    import datetime as dt

    from framework.services import complaints

    data = complaints.ComplaintInput(
        title=title,
        narrative="Berkas sudah lengkap tetapi permohonan dikembalikan tanpa alasan yang jelas.",
        event_date=dt.date.today(),
        place="MPP Soppeng",
        tracking_number=number,
        **changes,
    )
    return complaints.file_complaint(session, CITIZEN_NIK, data)


def test_the_applicant_sees_complaint_status_next_to_the_application(client, tokens, session):
    number = filed_and_returned(client, tokens)
    filed = file_complaint_about(session, number, "Dikembalikan tanpa alasan", confidential=True)
    public = client.get(f"/lacak/{number}").get_data(as_text=True)
    assert (
        filed.reference not in public and "Dikembalikan tanpa alasan" not in public and "/pengaduan/baru" not in public
    )
    with client.session_transaction() as browser:
        browser["citizen_nik"] = CITIZEN_NIK
    own = client.get(f"/lacak/{number}").get_data(as_text=True)
    assert f'data-complaint="{filed.reference}" data-status="received"' in own and "Dikembalikan tanpa alasan" in own
    assert "Diterima, menunggu diteruskan" in own and f'href="/pengaduan/baru?permohonan={number}"' in own
    english = client.get(f"/lacak/{number}?lang=en").get_data(as_text=True)
    assert "Complaints about this application" in english and "Received, waiting to be forwarded" in english


def test_the_api_lists_complaints_for_the_applicant_only(client, tokens, session):
    number = filed_and_returned(client, tokens)
    filed = file_complaint_about(session, number, "Petugas tidak ramah")
    mine = client.get(f"/api/v1/applications/{number}", headers=tokens["citizen"]).get_json()
    assert [(c["id"], c["title"], c["status"]) for c in mine["complaints"]] == [
        (filed.reference, "Petugas tidak ramah", "received")
    ]
    assert (
        mine["complaints"][0]["updated_at"].startswith(filed.updated_at.isoformat()[:16])
        and mine["complaints"][0]["status_label"]["en"]
    )
    assert mine["new_complaint_url"] == f"/pengaduan/baru?permohonan={number}"
    officer = client.get(f"/api/v1/applications/{number}", headers=tokens["operator"]).get_json()
    assert "complaints" not in officer


def test_the_tracking_page_is_part_of_the_site_and_speaks_jakarta_time():
    from framework.workflow.calendar import local_time_text

    assert local_time_text("2026-11-29T10:12:00+00:00") == "29 November 2026, 17.12 WIB"
    assert local_time_text("2026-11-29T23:30:00") == "30 November 2026, 06.30 WIB"  # stored naive UTC


def submitted_just_after_midnight_wib(session, number: str) -> None:
    """17 August 2026, 00:05 WIB: still 16 August in UTC, and a month whose name differs in each language."""
    import datetime as dt

    from sqlalchemy import update

    from framework.store.models import Application

    moment = dt.datetime(2026, 8, 16, 17, 5, tzinfo=dt.UTC)
    session.execute(update(Application).where(Application.tracking_number == number).values(submitted_at=moment))
    session.commit()


@pytest.mark.parametrize(
    ("query", "spelled", "other_language"),
    # filed in Soppeng (73.12), which keeps WITA: 01.05 there
    [("", "17 Agustus 2026, 01.05 WITA", "August"), ("?lang=en", "17 August 2026, 01:05 WITA", "Agustus")],
)
def test_the_tracking_page_spells_dates_out_in_its_language(client, tokens, session, query, spelled, other_language):
    number = filed_and_returned(client, tokens)
    submitted_just_after_midnight_wib(session, number)
    text = client.get(f"/lacak/{number}{query}").get_data(as_text=True)
    assert f'<time datetime="2026-08-16T17:05:00+00:00">{spelled}</time>' in text
    assert "-2026 " not in text and other_language not in text


def test_the_tracking_page_shows_times_in_the_applications_own_zone(client, tokens, session):
    from sqlalchemy import update

    from framework.store.models import Application

    number = filed_and_returned(client, tokens)
    submitted_just_after_midnight_wib(session, number)
    session.execute(update(Application).where(Application.tracking_number == number).values(region="32.03"))
    session.commit()  # moved to Kabupaten Cianjur, which keeps WIB: the same moment at 00.05
    assert '<time datetime="2026-08-16T17:05:00+00:00">17 Agustus 2026, 00.05 WIB</time>' in client.get(
        f"/lacak/{number}"
    ).get_data(as_text=True)


def test_the_tracking_page_uses_the_site_layout(client):
    html = client.get("/lacak/").get_data(as_text=True)
    assert 'class="skip-link"' in html and 'href="/masuk/ikd' in html and html.count("<h1>") == 1


def test_the_example_number_in_the_hint_is_a_real_one(client):
    import re

    from framework.services import tracking_numbers as tracking

    html = client.get("/lacak/").get_data(as_text=True)
    example = re.search(r"Contoh: ([0-9A-Z]{4}-[0-9A-Z]{5})", html).group(1)
    assert tracking.is_valid(example)


def test_an_anonymous_look_up_takes_one_connection_from_the_pool(make_app, client, tokens):
    """Its rate count and its read share the request's side connection (one checkout, one ping on PostgreSQL)."""
    from sqlalchemy import event

    from framework.web.database import engine

    number = filed_and_returned(client, tokens)
    app = make_app(MPP_RATE_LIMITS_ENABLED=True)  # the page's rate count is what takes the side connection
    visitor = app.test_client()
    assert visitor.get(f"/lacak/{number}").status_code == 200  # the catalog and the pinned definition are loaded
    with app.app_context():
        pool = engine(app).pool
    checkouts = []

    def counted(*_args):
        checkouts.append(1)

    event.listen(pool, "checkout", counted)
    try:
        page = visitor.get(f"/lacak/{number}")
    finally:
        event.remove(pool, "checkout", counted)
    assert page.status_code == 200 and 'data-state="returned"' in page.get_data(as_text=True)
    assert len(checkouts) == 1


def test_an_anonymous_look_up_opens_no_orm_session_even_for_a_definition_not_built_yet(client, tokens, monkeypatch):
    """The public fields and the pinned definition are read on the side connection alone."""
    from sqlalchemy.orm import Session

    from framework.workflow import pinning

    number = filed_and_returned(client, tokens)
    pinning._COMPILED.clear()  # the definition is read from its snapshot again

    def refused(*_args, **_kwargs):
        raise AssertionError("an ORM session was opened")

    monkeypatch.setattr(Session, "__init__", refused)  # by any module
    page = client.get(f"/lacak/{number}")  # the API tokens above signed nobody in to the site
    assert page.status_code == 200
    assert 'data-state="returned"' in page.get_data(as_text=True) and "Akta Kelahiran" in page.get_data(as_text=True)


def test_a_signed_in_citizen_looking_up_someone_elses_number_reads_only_its_public_fields(client, tokens, make_app):
    """Their answers, NIK and history are not shown, and not read either (only the applicant's own are)."""
    from sqlalchemy import event

    from framework.web.database import engine

    number = filed_and_returned(client, tokens)
    with client.session_transaction() as session:
        session["citizen_nik"] = "3203014204850001"  # signed in, but not the applicant
    with client.application.app_context():
        database = engine(client.application)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_rest):
        statements.append(statement)

    event.listen(database, "before_cursor_execute", seen)
    try:
        text = client.get(f"/lacak/{number}").get_data(as_text=True)
    finally:
        event.remove(database, "before_cursor_execute", seen)
    assert 'data-state="returned"' in text and "Foto surat buram" not in text and CITIZEN_NIK not in text
    read = " ".join(statement for statement in statements if "FROM applications" in statement)
    assert read and "answers" not in read and "applicant_nik =" in read.replace('"', "")
    assert not any("transitions" in statement for statement in statements)
