"""/permohonan-saya: the signed-in citizen's drafts and applications, grouped by what they can do next."""

from __future__ import annotations

import re

from api_helpers import CITIZEN_NIK, SERVICE, multipart

from framework.services import applications
from framework.services.my_applications import DECIDED, IN_PROGRESS, RETURNED, my_applications
from framework.store.types import utcnow


def file(client, tokens) -> str:
    answer = client.post(
        f"/api/v1/services/{SERVICE}/applications",
        data=multipart(),
        headers=tokens["citizen"],
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.get_json()["tracking_number"]


def act(client, tokens, number, officer, **body) -> None:
    answer = client.post(f"/api/v1/applications/{number}/transitions", json=body, headers=tokens[officer])
    assert answer.status_code == 200, answer.get_data(as_text=True)


def signed_in(client, nik=CITIZEN_NIK):
    with client.session_transaction() as cookie:
        cookie["citizen_nik"] = nik
    return client


def card(html: str, number: str) -> str:
    """The list item of one application."""
    found = re.search(rf'<li class="card[^"]*" data-tracking-number="{number}".*?</li>\s*(?=<li|</ul>)', html, re.S)
    assert found, number
    return found.group(0)


def test_each_state_in_its_group_with_what_to_do(client, tokens, session):
    waiting, returned, rejected, issued = (file(client, tokens) for _ in range(4))
    act(
        client,
        tokens,
        returned,
        "operator",
        action="return",
        comment="Periksa lagi",
        reasons={"nama_anak": "Ejaan salah"},
    )
    act(client, tokens, rejected, "operator", action="reject", comment="Bukan wilayah Soppeng")
    act(client, tokens, issued, "operator", action="approve")
    act(client, tokens, issued, "pejabat", action="approve")
    applications.mark_issued(session, issued, "produk/akta.pdf")
    session.commit()

    found = {item.tracking_number: item for item in my_applications(session, CITIZEN_NIK, utcnow())}
    assert {number: found[number].group for number in (waiting, returned, rejected, issued)} == {
        waiting: IN_PROGRESS,
        returned: RETURNED,
        rejected: DECIDED,
        issued: DECIDED,
    }
    assert found[waiting].step.id == "Verifikasi Berkas" and found[waiting].working_days_left is not None
    assert [(fix.id, fix.label.id, fix.reason) for fix in found[returned].to_fix] == [
        ("nama_anak", "Nama Anak", "Ejaan salah")
    ]
    assert found[returned].reason == "Periksa lagi"  # the per-field line is beside its field, not repeated
    assert found[rejected].reason == "Bukan wilayah Soppeng" and not found[rejected].has_product
    assert found[issued].has_product

    html = signed_in(client).get("/permohonan-saya").get_data(as_text=True)
    assert html.index("Perlu diperbaiki") < html.index("Sedang diproses") < html.index("Sudah diputuskan")
    fix = card(html, returned)
    assert f'href="/lacak/{returned}/perbaiki#nama_anak">Nama Anak</a>: Ejaan salah' in fix
    assert "Verifikasi Berkas" in card(html, waiting) and "hari kerja" in card(html, waiting)
    assert "Ditolak" in card(html, rejected) and "Bukan wilayah Soppeng" in card(html, rejected)
    assert f"/dokumen/{issued}.pdf" in card(html, issued) and f"/dokumen/{rejected}.pdf" not in html


def test_only_my_own_applications_and_only_when_signed_in(client, tokens):
    number = file(client, tokens)
    assert client.get("/permohonan-saya").headers["Location"] == "/masuk/ikd?next=/permohonan-saya"
    assert number not in signed_in(client, "7312015505900002").get("/permohonan-saya").get_data(as_text=True)
    english = signed_in(client).get("/permohonan-saya?lang=en").get_data(as_text=True)
    assert number in english and "In progress" in english and "Document check" in english


def test_drafts_are_listed_resumed_and_deleted_by_their_owner_only(make_app, tokens):
    app = make_app(WTF_CSRF_ENABLED=False)
    owner, stranger = signed_in(app.test_client()), signed_in(app.test_client(), "7312015505900002")
    assert owner.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.12"}).status_code == 302
    html = owner.get("/permohonan-saya").get_data(as_text=True)
    draft_id = re.search(r'data-draft="([^"]+)"', html).group(1)
    assert "Kabupaten Soppeng" in html and f"/layanan/{SERVICE}/lanjut/{draft_id}" in html
    assert 'data-draft="' not in stranger.get("/permohonan-saya").get_data(as_text=True)
    assert stranger.post(f"/permohonan-saya/draf/{draft_id}/hapus").status_code == 404
    assert stranger.get(f"/permohonan-saya/draf/{draft_id}/hapus").status_code == 404
    # the list's "Hapus draf" asks first (no script needed): what goes, and the way back
    assert f'href="/permohonan-saya/draf/{draft_id}/hapus"' in html and 'action="/permohonan-saya/draf/' not in html
    asked = owner.get(f"/permohonan-saya/draf/{draft_id}/hapus").get_data(as_text=True)
    assert "tidak dapat dikembalikan" in asked and f'action="/permohonan-saya/draf/{draft_id}/hapus"' in asked
    assert f"/layanan/{SERVICE}/lanjut/{draft_id}" in asked and 'data-draft="' in owner.get(
        "/permohonan-saya"
    ).get_data(as_text=True)  # asking deleted nothing
    assert owner.post(f"/permohonan-saya/draf/{draft_id}/hapus").status_code == 302
    html = owner.get("/permohonan-saya").get_data(as_text=True)
    assert "Draf dihapus." in html and 'data-draft="' not in html
    assert owner.get(f"/layanan/{SERVICE}/lanjut/{draft_id}").status_code == 404


def test_deleting_a_draft_needs_the_form_token(make_app):
    client = signed_in(make_app().test_client())
    answer = client.post("/permohonan-saya/draf/abcdefghijklmnopqrstuvwxyz/hapus")
    assert answer.status_code == 302
    assert "Formulir kedaluwarsa" in client.get("/permohonan-saya").get_data(as_text=True)
