"""Issue 12, item 9: a NUL character is refused as a located 422 or form error everywhere, on both databases.

On PostgreSQL it gave a 500 (text and jsonb hold no NUL) and the error page claimed the answers were saved;
SQLite stored it silently. The suite runs these on both databases (scripts/test).
"""

from __future__ import annotations

import json
import re

import pytest
from api.api_helpers import CITIZEN_NIK, REGION, SERVICE, bearer, multipart, reference_answers
from forms.portal_helpers import page_url, post_page
from sqlalchemy import func, select

from framework.services.accounts import add_user, issue_token
from framework.store.models import Application

NUL = "\x00"


@pytest.fixture
def tokens(session):
    add_user(session, "operator", "operator_dukcapil", REGION)
    return {
        "citizen": bearer(issue_token(session, citizen=CITIZEN_NIK)),
        "operator": bearer(issue_token(session, user="operator")),
    }


def submit(client, headers, answers):
    return client.post(f"/api/v1/services/{SERVICE}/applications", data=multipart(answers), headers=headers)


def test_an_answer_with_a_nul_is_a_located_422(client, tokens, session):
    answer = submit(client, tokens["citizen"], reference_answers(nama_anak=f"Bu{NUL}di"))
    assert answer.status_code == 422
    assert {(e["field"], e["code"]) for e in answer.get_json()["errors"]} == {("nama_anak", "nul_character")}
    assert session.scalar(select(func.count()).select_from(Application)) == 0


def test_a_nul_in_an_answers_key_names_that_key(client, tokens):
    answer = submit(client, tokens["citizen"], {**reference_answers(), f"nama{NUL}x": "Budi"})
    assert answer.status_code == 422
    assert ("nama\ufffdx", "nul_character") in {(e["field"], e["code"]) for e in answer.get_json()["errors"]}


def test_a_nul_in_a_json_body_is_refused_too(client, tokens):
    body = {"region": REGION, "answers": reference_answers(nama_ibu=f"Siti{NUL}")}
    answer = client.post(
        f"/api/v1/services/{SERVICE}/applications",
        data=json.dumps(body),
        content_type="application/json",
        headers=tokens["citizen"],
    )
    assert answer.status_code == 422 and answer.get_json()["errors"][0]["field"] == "nama_ibu"


def test_a_comment_with_a_nul_is_a_located_422(client, tokens):
    filed = submit(client, tokens["citizen"], reference_answers())
    assert filed.status_code == 201
    number = filed.get_json()["tracking_number"]
    answer = client.post(
        f"/api/v1/applications/{number}/transitions",
        json={"action": "return", "comment": f"Foto{NUL} buram", "fields": ["nama_anak"]},
        headers=tokens["operator"],
    )
    assert answer.status_code == 422 and answer.get_json()["errors"][0]["field"] == "comment"


def test_a_portal_field_with_a_nul_is_a_form_error_and_is_not_kept(make_app):
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = CITIZEN_NIK
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    answer = post_page(client, "anak", {"nama_anak": f"Bu{NUL}di"})
    assert answer.status_code == 200 and "karakter yang tidak sah" in answer.get_data(as_text=True)
    assert NUL not in client.get(page_url("anak")).get_data(as_text=True)


def test_an_officer_username_with_a_nul_is_a_form_error(make_app):
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    answer = client.post("/masuk/petugas", data={"username": f"kadis{NUL}", "password": "x"})
    assert answer.status_code == 422 and "karakter yang tidak sah" in answer.get_data(as_text=True)


def test_a_complaint_with_a_nul_is_a_located_error(make_app):
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = CITIZEN_NIK
    form = {
        "layanan": SERVICE,
        "category": "pengaduan",
        "title": f"Judul{NUL}",
        "narrative": "Petugas tidak menjawab pertanyaan saya selama dua minggu.",
        "event_date": "2026-01-05",
        "place": "MPP Soppeng",
    }
    answer = client.post("/pengaduan/baru", data=form)
    assert answer.status_code == 422 and "NUL" in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (f"/layanan/{SERVICE}/mulai", {"region": f"73.06{NUL}"}),
        (f"/lacak/?nomor=AB{NUL}", None),
        (f"/masuk/ikd?next=/layanan/{NUL}", None),
    ],
)
def test_any_other_form_or_query_value_with_a_nul_is_refused(make_app, path, data):
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = CITIZEN_NIK
    answer = client.post(path, data=data) if data is not None else client.get(path)
    assert answer.status_code == 422 and "NUL" in answer.get_data(as_text=True)


def test_a_portal_page_refused_for_a_nul_gives_back_everything_else_typed_on_it(make_app):
    """The error was located, but the page came back from the stored draft: every other answer typed was gone."""
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = CITIZEN_NIK
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    answer = post_page(
        client, "anak", {"nama_anak": f"Bu{NUL}di", "tanggal_lahir": "17-08-2024", "jenis_kelamin": "PEREMPUAN"}
    )
    html = answer.get_data(as_text=True)
    assert "karakter yang tidak sah" in html
    assert 'value="Bu\ufffddi"' in html and 'value="2024-08-17"' in html
    assert "checked" in re.search(r'<input[^>]*value="PEREMPUAN"[^>]*>', html).group(0)
    stored = client.get(page_url("anak")).get_data(as_text=True)
    assert "Bu\ufffddi" not in stored and NUL not in stored  # shown, never saved
