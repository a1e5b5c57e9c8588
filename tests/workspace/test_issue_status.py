"""The case file says where an approved application's product stands: being issued, held, being signed, issued.

For the officer a citizen asks "where is my document?": the worker numbers
the product, has it signed electronically (BSrE) and marks it issued, and any
of those can wait or be parked.
"""

from __future__ import annotations

import re

import pytest
from adminhelpers import REGION_A, sign_in
from sqlalchemy import select

from framework.store.models import OutboxMessage
from framework.store.products import IssuedProduct
from framework.worker import loop as worker

KK = "adminduk.kk"
FAST = worker.WorkerConfig(worker_id="test-worker", base_delay=0, max_attempts=3, lease=60)


@pytest.fixture
def approved(admin_app, officer, file_application):
    """A family card approved by its whole chain in Cianjur; the worker has not run yet."""
    filed = file_application(KK, alasan_kk="PERUBAHAN", keterangan_perubahan="Menikah")
    for username, role in (("fo", "operator_dukcapil"), ("ver", "verifikator_dukcapil"), ("kadis", "kepala_dukcapil")):
        officer(username, role, REGION_A)
        client = admin_app.test_client()
        sign_in(client, username)
        assert client.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "approve"}).status_code == 302
    return filed


def document_row(client, tracking_number: str) -> tuple[str, str]:
    """The case file's "Dokumen" row: its stage and its text (tags removed)."""
    html = client.get(f"/admin/permohonan/{tracking_number}").get_data(as_text=True)
    found = re.search(r'<dt>Dokumen</dt><dd data-issue="(\w+)">(.*?)</dd>', html, re.DOTALL)
    assert found, "no document row"
    return found.group(1), " ".join(re.sub(r"<[^>]+>", " ", found.group(2)).split())


def drain(sessions, rounds: int = 10) -> None:
    for _ in range(rounds):
        if not worker.run_once(sessions, FAST):
            return


def test_no_document_row_before_approval(admin_app, officer, file_application):
    filed = file_application(KK, alasan_kk="PERUBAHAN", keterangan_perubahan="Menikah")
    officer("fo", "operator_dukcapil", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "fo")
    assert "data-issue=" not in client.get(f"/admin/permohonan/{filed}").get_data(as_text=True)


def test_issuing_then_issued_with_its_signature(admin_app, sessions, approved):
    kadis = admin_app.test_client()
    sign_in(kadis, "kadis")
    assert document_row(kadis, approved) == ("issuing", "Sedang diterbitkan.")
    drain(sessions)
    with sessions() as session:
        product = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == approved))
    stage, text = document_row(kadis, approved)
    assert stage == "issued" and text.startswith(
        f"Nomor {product.number} · ditandatangani secara elektronik oleh SANDBOX"
    )
    assert text.endswith("halaman verifikasi")
    html = kadis.get(f"/admin/permohonan/{approved}").get_data(as_text=True)
    assert f'href="/verifikasi/{product.code}"' in html
    english = kadis.get(f"/admin/permohonan/{approved}?lang=en").get_data(as_text=True)
    assert f"Number {product.number} · signed electronically by SANDBOX" in english


def test_a_product_waiting_for_its_signature_and_a_held_delivery(admin_app, sessions, approved, monkeypatch):
    monkeypatch.setenv("MPP_BSRE_MODE", "http")
    monkeypatch.setenv("MPP_BSRE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("MPP_BSRE_DUKCAPIL_NIK", "7306011201700001")  # its passphrase forgotten: parked at once
    drain(sessions)
    with sessions() as session:
        product = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == approved))
        assert product.signature == "pending"
        message = session.scalar(select(OutboxMessage).where(OutboxMessage.topic == "deliver"))
        assert message.state == "parked" and "MPP_BSRE" in message.last_error
    kadis = admin_app.test_client()
    sign_in(kadis, "kadis")
    stage, text = document_row(kadis, approved)
    assert stage == "held" and text == (
        "Penerbitan tertahan. Admin daerah melihat alasannya dan dapat mengirim ulang di Pesan tertahan."
    )
    with sessions() as session:  # sent again, and the worker retrying it
        session.get(OutboxMessage, message.id).state = "pending"
        session.commit()
    stage, text = document_row(kadis, approved)
    assert (stage, text) == (
        "signing",
        f"Nomor {product.number}, menunggu tanda tangan elektronik; dicoba lagi otomatis.",
    )
