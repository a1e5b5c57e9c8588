"""Issuing by a declared issuer (definitions/issuers/): the number, the letter, the PDF and the verification page.

The worker issues a service whose provider is a declared issuer with no
plugin at all; the number follows the declared format with a sequence per
issuer, region and year; the letter's placeholders are filled from the
answers; the verification page names the issuer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from mpp_testing import pdf_text
from sqlalchemy import select
from test_worker import drain

from framework.definition.issuers import build_issuer
from framework.plugins.base import Delivery
from framework.services import issuing
from framework.services.products import render_pdf
from framework.store.products import IssuedProduct

SURAT = build_issuer(
    {
        "issuer": "dinsos-uji",
        "region": "73.12",
        "name": {"id": "Dinas Sosial Uji", "en": "Test Social Office"},
        "address": {"id": "Jl. Uji No. 1", "en": "Jl. Uji No. 1"},
        "numbering": "460/{sequence:04}/DINSOS/{region}/{month_roman}/{year}",
        "signatory": "kepala_dinsos",
        "signatory_title": {"id": "Kepala Dinas Sosial", "en": "Head of the Social Office"},
        "letter": {
            "title": {"id": "Surat Keterangan Tidak Mampu", "en": "Certificate of low income"},
            "body": {
                "id": "Menerangkan bahwa {applicant} ({nama_pemohon}) nomor {number}.",
                "en": "Certifies that {applicant} ({nama_pemohon}) number {number}.",
            },
        },
    }
)


def test_the_number_follows_the_declared_format():
    at = dt.datetime(2026, 7, 14, 9, 0, tzinfo=issuing.WIB)
    assert issuing.document_number(SURAT, "73.12", 7, at) == "460/0007/DINSOS/73.12/VII/2026"
    compact = build_issuer({**_data(), "numbering": "{region_compact}-{year}-{month}-{sequence}"})
    assert issuing.document_number(compact, "73.12", 12345, at) == "7312-2026-7-12345"


def _data() -> dict:
    return {"issuer": "x", "name": "X", "numbering": "{sequence}", "signatory": "kepala"}


def test_the_sequence_counts_per_issuer_region_and_year(session):
    assert [issuing.next_sequence(session, "dinsos-uji", "73.12", 2026) for _ in range(3)] == [1, 2, 3]
    assert issuing.next_sequence(session, "dinsos-uji", "73.06", 2026) == 1
    assert issuing.next_sequence(session, "dinsos-uji", "73.12", 2027) == 1
    assert issuing.next_sequence(session, "dukcapil", "73.12", 2026) == 1
    session.commit()
    assert issuing.next_sequence(session, "dinsos-uji", "73.12", 2026) == 4


def test_the_pdf_carries_the_issuer_the_number_and_the_letter(plugin_catalog):
    spec = plugin_catalog.specs["nakes.uji-regional"]
    delivery = Delivery(
        tracking_number="ABCD-EFGH2",
        service_id=spec.id,
        service_title="Izin Uji Plugin",
        region="73.12",
        applicant_nik="7312011505900001",
        applicant_name="Andi Tenri",
        answers={"nama_pemohon": "ANDI T."},
        idempotency_key="deliver-x",
    )
    at = dt.datetime(2026, 7, 14, 9, 0, tzinfo=dt.UTC)
    letter = issuing.letter(SURAT, spec, delivery, "460/0001/DINSOS/73.12/VII/2026", at)
    assert letter.title.id == "Surat Keterangan Tidak Mampu"
    assert letter.body.id == "Menerangkan bahwa Andi Tenri (ANDI T.) nomor 460/0001/DINSOS/73.12/VII/2026."
    assert letter.body.en == "Certifies that Andi Tenri (ANDI T.) number 460/0001/DINSOS/73.12/VII/2026."
    text = pdf_text(render_pdf(delivery, "460/0001/DINSOS/73.12/VII/2026", "CODE", at, issuer=SURAT, letter=letter))
    for expected in (
        "Dinas Sosial Uji",
        "Jl. Uji No. 1",
        "Surat Keterangan Tidak Mampu",
        "460/0001/DINSOS/73.12/VII/2026",
        "Menerangkan bahwa Andi Tenri",
        "Kepala Dinas Sosial",
    ):
        assert expected in text, expected


def test_the_worker_issues_by_the_declared_issuer_without_a_plugin(app, sessions, file_application):
    first, second = file_application(), file_application()
    drain(sessions)
    year = dt.datetime.now(issuing.WIB).year
    with sessions() as session:
        products = {p.tracking_number: p for p in session.scalars(select(IssuedProduct))}
        assert products[first].number == f"503/0001/DPMPTSP/7312/{year}"
        assert products[second].number == f"503/0002/DPMPTSP/7312/{year}"
        assert products[first].provider == "dpmptsp"
        # one declaration for every regency, printed with the regency the application was filed in
        assert products[first].issuer_name == "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Soppeng"
        code, pdf = products[first].code, products[first].pdf
    text = pdf_text(pdf)
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Soppeng" in text
    assert "Kepala Dinas Penanaman Modal dan PTSP Kabupaten Soppeng" in text and "Kabupaten Soppeng (73.12)" in text
    page = app.test_client().get(f"/verifikasi/{code}").get_data(as_text=True)
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu" in page and f"503/0001/DPMPTSP/7312/{year}" in page
    english = app.test_client().get(f"/verifikasi/{code}?lang=en").get_data(as_text=True)
    assert "Investment and One-Stop Integrated Service Office" in english
    assert "Investment and One-Stop Integrated Service Office" not in page  # one language per page


def test_a_birth_certificate_is_the_childs_and_says_whose_birth_it_records(app, session):
    """The service's own letter (`letter:` in akta-kelahiran.yaml): the child as holder, the facts of the birth."""
    from test_products import DELIVERY, issued

    from framework.definition import load_catalog
    from framework.services.issuing import declared_issuers, for_region

    spec = load_catalog(issuing.settings.definitions_dir()).specs["adminduk.akta-kelahiran"]
    answers = {
        "nama_anak": "ANDI SAPUTRA",
        "jenis_kelamin": "LAKI-LAKI",
        "tanggal_lahir": "2026-11-20",
        "tempat_lahir": "73.06",
        "anak_ke": 2,
        "nama_ibu": "RINA WATI",
        "nama_ayah": "BUDI SAPUTRA",
    }
    delivery = replace(DELIVERY, region="73.06", applicant_name="BUDI SAPUTRA", answers=answers)
    issuer = for_region(declared_issuers()["dukcapil"], "73.06")
    at = dt.datetime(2026, 12, 1, 9, 0, tzinfo=issuing.WIB)
    letter = issuing.letter(issuer, spec, delivery, "7306-LU-2026-000001", at)
    assert letter.holder == "ANDI SAPUTRA"
    assert letter.title.id == "Kutipan Akta Kelahiran"
    assert letter.body.id.startswith(
        "Di Kabupaten Gowa, Sulawesi Selatan, pada tanggal 20 November 2026, telah lahir ANDI SAPUTRA, "
        "jenis kelamin Laki-laki, anak ke-2 dari ibu RINA WATI. Nama ayah: BUDI SAPUTRA."
    )
    assert letter.body.en.startswith("In Kabupaten Gowa, Sulawesi Selatan, on 20 November 2026, ANDI SAPUTRA was born")
    product = issued(session, delivery, number="7306-LU-2026-000001", issuer=issuer, letter=letter)
    assert (product.holder_name, product.applicant_name) == ("ANDI SAPUTRA", "BUDI SAPUTRA")
    assert product.issuer_name == "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa"
    text = pdf_text(product.pdf)
    assert "ANDI SAPUTRA" in text and "Kabupaten Gowa (73.06)" in text
    page = app.test_client().get(f"/verifikasi/{product.code}").get_data(as_text=True)
    assert "<dd>ANDI SAPUTRA</dd>" in page  # whom the document is for, without the parent's NIK
    assert "<dd>BUDI SAPUTRA (NIK 7312********0001)</dd>" in page
    assert "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gowa" in page
