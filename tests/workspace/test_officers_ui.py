"""A regional admin manages the officers of their region; officers change their own password."""

from __future__ import annotations

import re

import pytest
from adminhelpers import PASSWORD, REGION_A, sign_in
from sqlalchemy import select

from framework.services.accounts import actor_for_token, check_password, issue_token
from framework.store.models import AuditEvent, User


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_admin_adds_an_officer_with_the_same_checks_as_the_command(admin, sessions):
    form = text(admin.get("/admin/petugas/"))
    assert '<option value="operator_dukcapil"' in form and '<option value="admin_daerah"' not in form
    assert '<option value="32.03.01.2004"' in form and '<option value="73.06"' not in form  # inside the region only
    refused = admin.post(
        "/admin/petugas/", data={"username": "Budi Petugas", "role": "kepala", "region": "73.06", "password": "pendek"}
    )
    html = text(refused)
    assert refused.status_code == 422
    for message in (
        "Nama pengguna: 2–80 huruf kecil",
        "Wilayah harus berada di dalam wilayah Anda",
        "Peran `kepala` tidak dikenal",
        "paling sedikit 12 karakter",
    ):
        assert message in html
    assert 'value="Budi Petugas"' in html  # what was typed stays
    added = admin.post(
        "/admin/petugas/",
        data={
            "username": "desa.mekarsari",
            "role": "operator_dukcapil",
            "region": "32.03.01.2004",
            "password": PASSWORD,
        },
    )
    assert added.status_code == 302
    assert 'data-username="desa.mekarsari"' in text(admin.get("/admin/petugas/"))
    with sessions() as session:
        assert check_password(session, "desa.mekarsari", PASSWORD).region == "32.03.01.2004"
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "user.add")).actor == "admin.cianjur"


def test_an_officer_without_a_role_is_asked_for_one(admin):
    answer = admin.post(
        "/admin/petugas/",
        data={"username": "andi.operator", "role": "", "region": "", "password": "Panjang-dan-Acak-91"},
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Peran wajib diisi." in html and "Wilayah wajib diisi." in html
    assert "tidak dikenal" not in html and 'value="andi.operator"' in html


def test_role_and_area_changes_and_outsiders_are_not_found(admin, officer):
    officer("fo", "operator_dukcapil", REGION_A)
    officer("fo.gowa", "operator_dukcapil", "73.06")
    assert admin.get("/admin/petugas/fo.gowa").status_code == 404
    assert admin.post("/admin/petugas/fo.gowa/status", data={"active": "0"}).status_code == 404
    moved = admin.post("/admin/petugas/fo", data={"role": "verifikator_dukcapil", "region": "32.03.01"})
    assert moved.status_code == 302
    page = text(admin.get("/admin/petugas/fo"))
    assert '<option value="verifikator_dukcapil" selected' in page and '<option value="32.03.01" selected' in page
    wrong = admin.post("/admin/petugas/fo", data={"role": "fo_dpmptsp_typo", "region": "32.03.01"})
    assert wrong.status_code == 422 and "fo_dpmptsp_typo" in text(wrong)


def test_a_disabled_officer_is_signed_out_and_their_tokens_die(admin, admin_app, officer, sessions):
    officer("fo", "operator_dukcapil", REGION_A)
    with sessions() as session:
        token = issue_token(session, user="fo")
    fo = admin_app.test_client()
    sign_in(fo, "fo")
    assert fo.get("/admin/antrian/").status_code == 200
    assert admin.post("/admin/petugas/fo/status", data={"active": "0"}).status_code == 302
    assert fo.get("/admin/antrian/").location.startswith("/masuk/petugas")  # the open session stops working
    assert fo.get("/api/v1/applications/K7QM-XRP3D", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    with sessions() as session:
        assert actor_for_token(session, token) is None
    assert admin.post("/admin/petugas/fo/status", data={"active": "1"}).status_code == 302
    assert fo.get("/admin/antrian/").location.startswith("/masuk/petugas"), "re-enabling does not revive a dead session"
    sign_in(fo, "fo")
    assert fo.get("/admin/antrian/").status_code == 200


def test_a_reset_password_is_shown_once_and_must_be_changed(admin, admin_app, officer, sessions):
    officer("fo", "operator_dukcapil", REGION_A)
    shown = text(admin.post("/admin/petugas/fo/kata-sandi"))
    temporary = re.search(r'id="temporary-password">([^<]+)<', shown).group(1)
    fo = admin_app.test_client()
    signed = fo.post("/masuk/petugas", data={"username": "fo", "password": temporary})
    assert signed.status_code == 302
    assert fo.get("/admin/antrian/").location.endswith("/admin/akun/")  # forced to change it first
    weak = fo.post("/admin/akun/", data={"current": temporary, "password": "password123"})
    assert weak.status_code == 422 and "paling sedikit 12 karakter" in text(weak)
    wrong = fo.post("/admin/akun/", data={"current": "salah", "password": "kerbau-merah-menari-88"})
    assert wrong.status_code == 422 and "Kata sandi saat ini salah" in text(wrong)
    assert fo.post("/admin/akun/", data={"current": temporary, "password": "kerbau-merah-menari-88"}).status_code == 302
    assert fo.get("/admin/antrian/").status_code == 200
    with sessions() as session:
        user = session.scalar(select(User).where(User.username == "fo"))
        assert user.must_change_password is False and check_password(session, "fo", "kerbau-merah-menari-88")


def test_officers_land_on_their_queue_after_signing_in(admin_app, officer):
    officer("fo", "operator_dukcapil", REGION_A)
    client = admin_app.test_client()
    landed = client.post("/masuk/petugas", data={"username": "fo", "password": PASSWORD})
    assert landed.location == "/admin/"
    assert client.get("/admin/").location.endswith("/admin/antrian/")
    page = text(client.get("/admin/antrian/"))
    assert "fo · Operator Dukcapil · Kabupaten Cianjur (32.03)" in page and 'hreflang="en"' in page
    assert "<script" not in page and "style=" not in page  # no inline script or style (CSP-ready), works without JS


def test_roles_are_named_from_the_definitions_code_list_in_the_pages_language(admin, admin_app, officer):
    officer("bo", "bo_dpmptsp", REGION_A)
    officer("kec", "operator_baru", REGION_A)  # a role no code list names yet: shown by its code
    listing = text(admin.get("/admin/petugas/"))
    assert "<td>Petugas back office DPMPTSP</td>" in listing and "<td>operator_baru</td>" in listing
    assert '<option value="teknis_dinkes">Tim teknis Dinas Kesehatan</option>' in listing
    english = text(admin.get("/admin/petugas/?lang=en"))
    assert "<td>DPMPTSP back-office officer</td>" in english and "Health office technical team" in english


NEW_PASSWORD = "kerbau-merah-menari-88"


def session_cookie(client, app) -> str | None:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return cookie.value if cookie else None


def test_changing_ones_password_ends_the_accounts_other_sessions(admin_app, officer):
    """The reviewer's case: sessions A and B of one officer; A changed the password and B still worked."""
    officer("fo", "operator_dukcapil", REGION_A)
    here, elsewhere = admin_app.test_client(), admin_app.test_client()
    for client in (here, elsewhere):
        sign_in(client, "fo")
        assert client.get("/admin/antrian/").status_code == 200
    before = session_cookie(here, admin_app)
    changed = here.post("/admin/akun/", data={"current": PASSWORD, "password": NEW_PASSWORD})
    assert changed.status_code == 302
    assert elsewhere.get("/admin/antrian/").location.startswith("/masuk/petugas")  # the other session is over
    assert here.get("/admin/antrian/").status_code == 200  # this one goes on ...
    assert session_cookie(here, admin_app) not in (None, before)  # ... under a new token
    copy = admin_app.test_client()
    copy.set_cookie(admin_app.config["SESSION_COOKIE_NAME"], before)
    assert copy.get("/admin/antrian/").location.startswith("/masuk/petugas")  # the old token is dead


def test_the_password_services_end_the_accounts_sessions_themselves(admin_app, officer, sessions):
    """The rule was in two views (each ended the sessions after the call): a third caller could forget it."""
    from framework.services.officers import OfficerError, change_own_password, reset_password
    from framework.workflow.actors import Actor

    officer("fo", "operator_dukcapil", REGION_A)
    ended: list[str] = []
    fo = Actor.officer("fo", "operator_dukcapil", REGION_A, ip="10.0.0.1")
    with sessions() as session, pytest.raises(OfficerError):
        change_own_password(session, fo, "tebakan", NEW_PASSWORD, end_sessions=ended.append)
    assert ended == []  # refused: nobody is signed out
    with sessions() as session:
        change_own_password(session, fo, PASSWORD, NEW_PASSWORD, end_sessions=ended.append)
    region_admin = Actor.officer(officer("admin.cianjur", "admin_daerah", REGION_A), "admin_daerah", REGION_A)
    with sessions() as session:
        reset_password(session, "fo", by=region_admin, end_sessions=ended.append)
    assert ended == ["officer:fo", "officer:fo"]


def test_an_admins_reset_ends_the_officers_sessions(admin, admin_app, officer):
    officer("fo", "operator_dukcapil", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "fo")
    assert fo.get("/admin/antrian/").status_code == 200
    assert admin.post("/admin/petugas/fo/kata-sandi").status_code == 200
    assert fo.get("/admin/antrian/").location.startswith("/masuk/petugas")
    assert admin.get("/admin/petugas/").status_code == 200  # the admin's own session is untouched


def test_wrong_current_passwords_are_throttled_like_sign_ins(admin_app, officer, sessions):
    """Whoever held a session could guess the current password at argon2 speed, with no limit."""
    officer("fo", "operator_dukcapil", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "fo")
    answers = [fo.post("/admin/akun/", data={"current": f"tebakan-{n}", "password": NEW_PASSWORD}) for n in range(8)]
    assert [answer.status_code for answer in answers][:5] == [422] * 5  # the free attempts
    assert answers[-1].status_code == 429
    assert "Terlalu banyak percobaan kata sandi salah" in text(answers[-1])
    right = fo.post("/admin/akun/?lang=en", data={"current": PASSWORD, "password": NEW_PASSWORD})
    assert right.status_code == 429 and "Too many wrong passwords" in text(right)  # not even checked
    signing_in = admin_app.test_client().post("/masuk/petugas", data={"username": "fo", "password": PASSWORD})
    assert signing_in.status_code == 429  # the same count as the sign-in form's
    with sessions() as session:
        assert check_password(session, "fo", PASSWORD) and not check_password(session, "fo", NEW_PASSWORD)
