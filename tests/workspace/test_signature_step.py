"""The head of office signs personally: approving the chain's last step is the document's electronic signature.

The issuer declares the role that signs (dukcapil: kepala_dukcapil); an
officer of that role with their own BSrE certificate registered types their
passphrase with the approval. BSrE signs first; nothing is approved unless it
did, and the passphrase is never kept or shown.
"""

from __future__ import annotations

import re

import pytest
from adminhelpers import REGION_A, sign_in
from sqlalchemy import func, select

from framework.services import officers
from framework.services.accounts import issue_token
from framework.store.models import Application, AuditEvent, User
from framework.store.products import IssuedProduct
from framework.worker import loop as worker
from plugins.esign.sandbox import SANDBOX_SIGNERS
from plugins.esign.sandbox_server import BsreSandbox
from plugins.sandbox.server import serve_in_thread

KK = "adminduk.kk"
KEPALA_NIK = "7306011201700001"
HOLDER, PASSPHRASE = SANDBOX_SIGNERS[KEPALA_NIK]
FAST = worker.WorkerConfig(worker_id="test-worker", base_delay=0, max_attempts=3, lease=60)


@pytest.fixture
def at_kepala(admin_app, officer, file_application, sessions):
    """A family card approved up to the kepala's step in Cianjur; the kepala has their own certificate."""
    filed = file_application(KK, alasan_kk="PERUBAHAN", keterangan_perubahan="Menikah")
    for username, role in (("fo", "operator_dukcapil"), ("ver", "verifikator_dukcapil"), ("kadis", "kepala_dukcapil")):
        officer(username, role, REGION_A)
    for username in ("fo", "ver"):
        client = admin_app.test_client()
        sign_in(client, username)
        assert client.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "approve"}).status_code == 302
    with sessions() as session:
        officers.set_tte_nik(session, "kadis", KEPALA_NIK, by=None)
    return filed


@pytest.fixture
def kadis(admin_app, at_kepala):
    client = admin_app.test_client()
    sign_in(client, "kadis")
    return client


def state_of(sessions, tracking_number: str) -> str:
    with sessions() as session:
        return session.scalar(select(Application.state).where(Application.tracking_number == tracking_number))


def product_of(sessions, tracking_number: str) -> IssuedProduct | None:
    with sessions() as session:
        product = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == tracking_number))
        if product is not None:
            session.expunge(product)
        return product


def decide(client, tracking_number: str, **form):
    return client.post(f"/admin/permohonan/{tracking_number}/keputusan", data={"action": "approve", **form})


def test_only_the_signatory_with_a_certificate_is_asked_for_a_passphrase(kadis, at_kepala, admin_app, sessions):
    html = kadis.get(f"/admin/permohonan/{at_kepala}").get_data(as_text=True)
    assert 'type="password" id="passphrase" name="passphrase" autocomplete="off"' in html
    assert "Setujui dan tandatangani" in html
    with sessions() as session:
        officers.set_tte_nik(session, "kadis", "", by=None)  # no certificate of their own: the office seals
    plain = kadis.get(f"/admin/permohonan/{at_kepala}").get_data(as_text=True)
    assert 'id="passphrase"' not in plain and ">Setujui</button>" in plain


def test_no_passphrase_approves_nothing_and_says_so_at_the_field(kadis, at_kepala, sessions):
    answer = decide(kadis, at_kepala, comment="Sudah lengkap")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert '<a href="#passphrase">Ketik passphrase sertifikat elektronik Anda' in html
    assert 'id="passphrase-error"' in html and "Sudah lengkap" in html  # the note comes back as typed
    assert state_of(sessions, at_kepala) == "tanda_tangan" and product_of(sessions, at_kepala) is None


def test_a_wrong_passphrase_is_refused_then_the_right_one_signs_the_same_number(kadis, at_kepala, sessions):
    wrong = decide(kadis, at_kepala, passphrase="tebakan-salah-99")
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and "BSrE menolak tanda tangan: Passphrase anda salah" in html
    assert "tebakan-salah-99" not in html  # never sent back into the form
    assert state_of(sessions, at_kepala) == "tanda_tangan"
    pending = product_of(sessions, at_kepala)
    assert pending.signature == "pending"  # numbered, kept for the next try
    assert decide(kadis, at_kepala, passphrase=PASSPHRASE).status_code == 302
    assert state_of(sessions, at_kepala) == "approved"
    signed = product_of(sessions, at_kepala)
    assert (signed.number, signed.signature) == (pending.number, "signed")
    assert signed.signed_by.startswith(f"SANDBOX {HOLDER}"[:64])
    worker.run_once(sessions, FAST)  # the worker issues it as signed: no seal over the personal signature
    issued = product_of(sessions, at_kepala)
    assert state_of(sessions, at_kepala) == "issued" and issued.signed_by == signed.signed_by
    assert issued.pdf == signed.pdf
    with sessions() as session:
        stored = [str(event.details) for event in session.scalars(select(AuditEvent))]
        assert not any(PASSPHRASE in text or "tebakan-salah-99" in text for text in stored)


def test_a_stale_decision_signs_nothing(kadis, at_kepala, sessions):
    answer = decide(kadis, at_kepala, passphrase=PASSPHRASE, version="1")  # the version before two approvals
    assert answer.status_code == 409
    assert product_of(sessions, at_kepala) is None and state_of(sessions, at_kepala) == "tanda_tangan"


def test_bsre_down_approves_nothing(kadis, at_kepala, sessions, monkeypatch):
    bsre = BsreSandbox(fault="error")
    server = serve_in_thread(bsre)
    try:
        monkeypatch.setenv("MPP_BSRE_MODE", "http")
        monkeypatch.setenv("MPP_BSRE_URL", server.url)
        monkeypatch.setenv("MPP_BSRE_RETRIES", "0")
        answer = decide(kadis, at_kepala, passphrase=PASSPHRASE)
        assert answer.status_code == 503 and "BSrE tidak dapat dihubungi" in answer.get_data(as_text=True)
        assert state_of(sessions, at_kepala) == "tanda_tangan"
        bsre.fault = ""
        assert decide(kadis, at_kepala, passphrase=PASSPHRASE).status_code == 302
        assert bsre.calls[-1] == {"path": "/api/sign/pdf", "nik": KEPALA_NIK}  # the officer's own certificate
    finally:
        server.stop()
    assert product_of(sessions, at_kepala).signed_by.startswith(f"SANDBOX {HOLDER}"[:64])


def test_without_a_certificate_the_worker_seals(kadis, at_kepala, sessions):
    with sessions() as session:
        officers.set_tte_nik(session, "kadis", "", by=None)
    assert decide(kadis, at_kepala).status_code == 302
    assert product_of(sessions, at_kepala) is None  # nothing signed at the decision
    worker.run_once(sessions, FAST)
    sealed = product_of(sessions, at_kepala)
    assert sealed.signed_by.startswith("SANDBOX Kepala Dinas Kependudukan dan Pencatatan Sipil")  # the office's title


def test_the_api_takes_the_passphrase(admin_app, at_kepala, sessions):
    with sessions() as session:
        token = issue_token(session, user="kadis")
    client = admin_app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    missing = client.post(f"/api/v1/applications/{at_kepala}/transitions", json={"action": "approve"}, headers=headers)
    assert missing.status_code == 422
    assert [error["field"] for error in missing.get_json()["errors"]] == ["passphrase"]
    bad = client.post(
        f"/api/v1/applications/{at_kepala}/transitions", json={"action": "approve", "passphrase": 7}, headers=headers
    )
    assert bad.status_code == 400 and bad.get_json()["error"] == "bad_json"
    done = client.post(
        f"/api/v1/applications/{at_kepala}/transitions",
        json={"action": "approve", "passphrase": PASSPHRASE},
        headers=headers,
    )
    assert done.status_code == 200 and done.get_json()["state"] == "approved"
    assert product_of(sessions, at_kepala).signature == "signed"


# --- registering an officer's certificate -------------------------------------------------------------------


def test_the_regional_admin_registers_and_clears_a_certificate(admin_app, officer, sessions):
    officer("admin.cianjur", "admin_daerah", REGION_A)
    officer("kadis", "kepala_dukcapil", REGION_A)
    admin = admin_app.test_client()
    sign_in(admin, "admin.cianjur")
    refused = admin.post("/admin/petugas/kadis/tte", data={"tte_nik": "1234"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'href="#tte_nik"' in html and 'value="1234"' in html
    assert admin.post("/admin/petugas/kadis/tte", data={"tte_nik": KEPALA_NIK}).status_code == 302
    assert f'value="{KEPALA_NIK}"' in admin.get("/admin/petugas/kadis").get_data(as_text=True)
    with sessions() as session:
        assert session.scalar(select(User.tte_nik).where(User.username == "kadis")) == KEPALA_NIK
        audited = session.scalars(select(AuditEvent).where(AuditEvent.action == "user.tte_nik")).one()
        assert audited.details == {"before": None, "after": "************0001"}  # traceable, not copyable
    assert admin.post("/admin/petugas/kadis/tte", data={"tte_nik": ""}).status_code == 302
    with sessions() as session:
        assert session.scalar(select(User.tte_nik).where(User.username == "kadis")) is None


def test_a_certificate_is_for_a_signing_officer_and_one_account_only(admin_app, officer, sessions):
    officer("admin.cianjur", "admin_daerah", REGION_A)
    officer("kadis", "kepala_dukcapil", REGION_A)
    officer("kadis2", "kepala_dukcapil", REGION_A)
    officer("fo", "operator_dukcapil", REGION_A)
    admin = admin_app.test_client()
    sign_in(admin, "admin.cianjur")
    operator = admin.post("/admin/petugas/fo/tte", data={"tte_nik": KEPALA_NIK})
    html = operator.get_data(as_text=True)
    assert operator.status_code == 422 and "Peran `operator_dukcapil` tidak menandatangani dokumen" in html
    assert "kepala_dukcapil" in html and f'value="{KEPALA_NIK}"' in html  # the signing roles named, the NIK kept
    assert admin.post("/admin/petugas/kadis/tte", data={"tte_nik": KEPALA_NIK}).status_code == 302
    taken = admin.post("/admin/petugas/kadis2/tte", data={"tte_nik": KEPALA_NIK})
    assert taken.status_code == 422 and "sudah terdaftar untuk akun lain" in taken.get_data(as_text=True)
    assert admin.post("/admin/petugas/kadis/tte", data={"tte_nik": KEPALA_NIK}).status_code == 302  # its own again
    with sessions() as session:
        holders = session.scalars(select(User.username).where(User.tte_nik == KEPALA_NIK)).all()
        assert holders == ["kadis"]


def test_the_cli_refuses_a_bad_certificate_nik_before_adding_anyone(sessions, monkeypatch, database_url, bundled):
    from click.testing import CliRunner

    from framework.cli import main

    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    answer = CliRunner().invoke(
        main, ["user", "add", "kadis.baru", "--role", "kepala_dukcapil", "--region", REGION_A, "--tte-nik", "12"]
    )
    assert answer.exit_code == 2 and "--tte-nik" in answer.output
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(User).where(User.username == "kadis.baru")) == 0
    added = CliRunner().invoke(
        main, ["user", "add", "kadis.baru", "--role", "kepala_dukcapil", "--region", REGION_A, "--tte-nik", KEPALA_NIK]
    )
    assert added.exit_code == 0, added.output
    with sessions() as session:
        assert session.scalar(select(User.tte_nik).where(User.username == "kadis.baru")) == KEPALA_NIK
    twice = CliRunner().invoke(
        main, ["user", "add", "kadis.lain", "--role", "kepala_dukcapil", "--region", REGION_A, "--tte-nik", KEPALA_NIK]
    )
    assert twice.exit_code == 2 and "sudah terdaftar untuk akun lain" in twice.output
    with sessions() as session:  # refused before the account was written
        assert session.scalar(select(func.count()).select_from(User).where(User.username == "kadis.lain")) == 0


def test_the_passphrase_never_appears_in_a_signing_request_repr():
    from framework.plugins.base import SigningRequest

    request = SigningRequest(b"%PDF", "dukcapil", "32.03", "Kepala", "1", "r", nik=KEPALA_NIK, passphrase="rahasia-x")
    assert "rahasia-x" not in repr(request) and re.search(KEPALA_NIK, repr(request))
