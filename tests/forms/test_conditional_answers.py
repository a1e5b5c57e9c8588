"""Answers that change which pages and documents are asked: what is no longer asked is not filed."""

from __future__ import annotations

import io

import pytest
from mpp_testing import load_test_catalog
from sqlalchemy import select

from framework.store.models import Application

from .inline_service import service_yaml
from .portal_helpers import PDF, form_values

DEF = service_yaml(
    "adminduk.uji-syarat",
    "Uji Syarat",
    """\
pages:
  - id: alasan
    title: {id: Alasan, en: Reason}
    fields:
      - id: alasan
        type: choice
        label: {id: Alasan, en: Reason}
        options:
          HILANG: {id: Hilang, en: Lost}
          BARU: {id: Baru, en: New}
        required: true
  - id: kehilangan
    title: {id: Kehilangan, en: Loss}
    when: alasan == 'HILANG'
    fields:
      - id: kronologi
        type: textarea
        label: {id: Kronologi, en: What happened}
        required: true
documents:
  - id: surat_polisi
    label: {id: Surat polisi, en: Police report}
    accept: [pdf]
    max_mb: 1
    required: true
    when: alasan == 'HILANG'
  - id: bukti
    label: {id: Bukti, en: Proof}
    accept: [pdf]
    max_mb: 1
    required: true
    when: alasan == 'BARU'
steps:
  - id: verifikasi
    title: {id: Verifikasi, en: Check}
    role: operator_dukcapil
    sla: 4h
    actions: [approve, return, reject]
""",
)

FORM = "/layanan/adminduk.uji-syarat/"


@pytest.fixture
def client(make_portal, tmp_path):
    (tmp_path / "catalog").mkdir()
    client = make_portal(MPP_CATALOG=load_test_catalog(tmp_path / "catalog", DEF))
    client.post(f"{FORM}mulai", data={"region": "73.06"})
    return client


def _post(client, page: str, **changes: str):
    body = form_values(client.get(FORM + page).get_data(as_text=True))
    for name, value in changes.items():
        body.setlist(name, [value])
    return client.post(FORM + page, data=body)


def _upload(client, document: str, name: str):
    return client.post(
        f"{FORM}unggah-dokumen", data={document: (io.BytesIO(PDF), name)}, content_type="multipart/form-data"
    )


def test_a_page_and_a_document_no_longer_asked_are_not_filed(client, sessions, tmp_path):
    assert _post(client, "alasan", alasan="HILANG").location.endswith(f"{FORM}kehilangan")
    _post(client, "kehilangan", kronologi="Dompet hilang di pasar")
    _upload(client, "surat_polisi", "laporan-polisi.pdf")
    stored = set((tmp_path / "uploads").iterdir())
    # the citizen goes back and changes the reason: the loss page and the police report are no longer asked
    assert _post(client, "alasan", alasan="BARU").location.endswith(f"{FORM}unggah-dokumen")
    assert client.get(f"{FORM}kehilangan").status_code == 302
    _upload(client, "bukti", "bukti.pdf")
    summary = client.get(f"{FORM}periksa-jawaban").get_data(as_text=True)
    assert "laporan-polisi.pdf" not in summary and "Dompet" not in summary
    assert client.post(f"{FORM}periksa-jawaban").location.endswith(f"{FORM}terkirim")
    with sessions() as session:
        filed = session.scalars(select(Application)).one()
        assert filed.answers == {"alasan": "BARU"}
        assert list(filed.documents) == ["bukti"]  # before: the police report went to the officers too
    assert not any(path.exists() for path in stored)  # and its file is not kept


def test_a_change_from_the_summary_that_opens_a_page_leads_to_it_then_back(client):
    _post(client, "alasan", alasan="BARU")
    _upload(client, "bukti", "bukti.pdf")
    changed = _post(client, "alasan?kembali=periksa-jawaban", alasan="HILANG")
    # before: straight back to the summary, which only listed "Kronologi: Wajib diisi"
    assert changed.location.endswith(f"{FORM}kehilangan?kembali=periksa-jawaban")
    answered = _post(client, "kehilangan?kembali=periksa-jawaban", kronologi="Dompet hilang")
    assert answered.location.endswith(f"{FORM}periksa-jawaban")
