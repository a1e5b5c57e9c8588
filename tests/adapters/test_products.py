"""Issued products: the PDF, its QR code, and the public verification page."""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib

import pytest
import segno

from framework.plugins.base import Delivery
from framework.services.products import dark_runs, issue_product, mask_nik, render_pdf, verification_url
from framework.store.products import IssuedProduct

DELIVERY = Delivery(
    tracking_number="2026ABCD1234",
    service_id="adminduk.akta-kelahiran",
    service_title="Akta Kelahiran",
    service_title_en="Birth Certificate",
    region="73.12",
    applicant_nik="7312011505900001",
    applicant_name="Andi Tenri",
    answers={},
    idempotency_key="deliver-2026ABCD1234",
    base_url="https://mpp.example.go.id",
)


def issued(session, delivery=DELIVERY, provider="dukcapil", number="AL-1", **options) -> IssuedProduct:
    """Issued and signed as the worker does (the sandbox signer), so the product is public."""
    from framework.services.signing import sign_pending

    product = issue_product(session, delivery, provider, number, **options)
    sign_pending(session, product.code)
    session.commit()
    return session.get(IssuedProduct, product.code)


def qr_cells(pdf: bytes) -> set[tuple[int, int]]:
    """Rebuild the QR code's dark modules from the rectangles drawn in the PDF."""
    rects = []
    for stream in re.findall(rb"stream\n(.*?)\nendstream", pdf, re.DOTALL):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        rects += [
            tuple(map(float, m)) for m in re.findall(rb"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f", content)
        ]
    module = min(abs(h) for _x, _y, _w, h in rects)
    left, top = min(x for x, *_ in rects), max(y for _x, y, *_ in rects)
    cells = set()
    for x, y, width, _h in rects:
        row, start = round((top - y) / module), round((x - left) / module)
        cells |= {(row, start + i) for i in range(round(width / module))}
    return cells


def test_pdf_carries_a_qr_code_of_the_verification_url():
    pdf = render_pdf(DELIVERY, "AL-1", "ABCDEFGH2345", dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert pdf.startswith(b"%PDF")
    expected = segno.make("https://mpp.example.go.id/verifikasi/ABCDEFGH2345", error="m").matrix
    assert qr_cells(pdf) == {(r, c) for r, row in enumerate(expected) for c, dark in enumerate(row) if dark}
    other = segno.make("https://mpp.example.go.id/verifikasi/ZZZZZZZZZZZZ", error="m").matrix
    assert qr_cells(pdf) != {(r, c) for r, row in enumerate(other) for c, dark in enumerate(row) if dark}


def test_dark_runs():
    assert dark_runs([0, 1, 1, 0, 1]) == [(1, 2), (4, 1)]
    assert dark_runs([1, 1]) == [(0, 2)] and dark_runs([0]) == []


@pytest.mark.parametrize("nik, masked", [("7312011505900001", "7312********0001"), ("123", "***")])
def test_mask_nik(nik, masked):
    assert mask_nik(nik) == masked


def test_issuing_twice_returns_the_first_product(session):
    first = issue_product(session, DELIVERY, "dukcapil", "AL-1")
    session.commit()
    second = issue_product(session, DELIVERY, "dukcapil", "AL-2")
    assert second.code == first.code and second.number == "AL-1"
    assert verification_url(first.code, DELIVERY.base_url).endswith(f"/verifikasi/{first.code}")


def test_verification_page(app, session):
    product = issued(session)
    client = app.test_client()
    page = client.get(f"/verifikasi/{product.code}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "asli dan berlaku" in text and "Akta Kelahiran" in text and "AL-1" in text and "Andi Tenri" in text
    assert "7312********0001" in text and "7312011505900001" not in text
    assert client.get(f"/verifikasi/{product.code.lower()}").status_code == 200  # typed from paper
    english = client.get(f"/verifikasi/{product.code}?lang=en").get_data(as_text=True)
    assert "<dt>Document</dt><dd>Birth Certificate</dd>" in english
    assert "Birth Certificate" not in text  # one language per page


def test_a_product_issued_before_its_english_title_was_kept_shows_the_indonesian_one(app, session):
    product = issued(session)
    product.title_en = None
    session.commit()
    english = app.test_client().get(f"/verifikasi/{product.code}?lang=en").get_data(as_text=True)
    assert '<dd><span lang="id">Akta Kelahiran</span></dd>' in english


def test_a_title_and_issuer_without_english_are_marked_indonesian_on_the_english_page(app, session):
    """WCAG 3.1.2: the Indonesian standing in for a missing English is marked lang="id"; English text is not."""
    from dataclasses import replace

    from framework.core.text import Text
    from framework.definition.issuers import IssuerSpec

    bare = IssuerSpec(id="dinsos-uji", name=Text("Dinas Sosial Uji"), numbering="{sequence}", signatory="kepala")
    untranslated = replace(DELIVERY, tracking_number="2026ABCD9999", service_title_en=None)
    product = issued(session, untranslated, "dinsos", "AL-2", issuer=bare)
    named = replace(bare, name=Text("Dinas", "Office"))
    translated = issued(session, DELIVERY, "dukcapil", "AL-1", issuer=named)
    assert (product.title_en, product.issuer_name_en) == (None, None)  # no copy of the Indonesian kept as English
    client = app.test_client()
    english = client.get(f"/verifikasi/{product.code}?lang=en").get_data(as_text=True)
    assert '<dd><span lang="id">Akta Kelahiran</span></dd>' in english
    assert '<dd><span lang="id">Dinas Sosial Uji</span></dd>' in english
    whole = client.get(f"/verifikasi/{translated.code}?lang=en").get_data(as_text=True)
    assert "<dd>Birth Certificate</dd>" in whole and "<dd>Office</dd>" in whole and '<span lang="id">' not in whole
    indonesian = client.get(f"/verifikasi/{product.code}?lang=id").get_data(as_text=True)
    assert "<dd>Akta Kelahiran</dd>" in indonesian and '<span lang="id">' not in indonesian


def test_verification_page_revoked_and_unknown(app, session):
    product = issued(session)
    product.revoked_at = dt.datetime.now(dt.UTC)
    session.commit()
    client = app.test_client()
    assert "dicabut" in client.get(f"/verifikasi/{product.code}").get_data(as_text=True)
    unknown = client.get("/verifikasi/NOSUCHCODE")
    assert unknown.status_code == 404 and "tidak dikenal" in unknown.get_data(as_text=True)
    assert session.query(IssuedProduct).count() == 1


def test_the_pdf_names_the_applicant_as_the_applicant():
    """A birth certificate is applied for by a parent: a bare "Nama" read as the child's name."""
    from framework.services.products import _lines

    lines = dict(_lines(DELIVERY, "LU-1", dt.datetime(2026, 12, 1, tzinfo=dt.UTC), "CODE"))
    assert lines["Pemohon / Applicant"] == "Andi Tenri"
    assert not any(label.startswith("Nama") for label in lines)


def test_the_pdf_spells_out_when_it_was_issued_in_indonesian_and_the_offices_time():
    """The document's values are Indonesian whoever asked for it; the date is spelled out, not `02-01-2026`,
    in the issuing office's zone (Soppeng keeps WITA)."""
    from framework.services.products import _lines

    lines = dict(_lines(DELIVERY, "LU-1", dt.datetime(2026, 8, 16, 17, 5, tzinfo=dt.UTC), "CODE"))
    assert lines["Diterbitkan / Issued"] == "17 Agustus 2026, 01.05 WITA"


def check(client, code: str, content: bytes | None, name: str = "akta.pdf"):
    """Post a file to the verification page's check, as its form does (no CSRF token: it changes nothing)."""
    data = {} if content is None else {"berkas": (io.BytesIO(content), name)}
    return client.post(f"/verifikasi/{code}", data=data, content_type="multipart/form-data")


def test_the_issued_file_is_recognised_and_a_changed_one_is_not(app, session):
    product = issued(session)
    client = app.test_client()
    same = check(client, product.code, product.pdf)
    assert same.status_code == 200 and "sama persis dengan dokumen yang diterbitkan" in same.get_data(as_text=True)
    changed = bytearray(product.pdf)
    changed[len(changed) // 2] ^= 1
    other = check(client, product.code.lower(), bytes(changed)).get_data(as_text=True)  # typed from paper
    assert "berbeda dari dokumen yang diterbitkan" in other and "sama persis" not in other
    english = client.post(
        f"/verifikasi/{product.code}?lang=en",
        data={"berkas": (io.BytesIO(product.pdf[:-1]), "a.pdf")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "This file differs from the document issued." in english
    assert session.get(IssuedProduct, product.code).pdf == product.pdf  # nothing kept or changed


def test_checking_without_a_file_says_so_at_the_field(app, session):
    product = issued(session)
    answer = check(app.test_client(), product.code, None)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert '<a href="#berkas">Pilih berkas PDF yang akan diperiksa.</a>' in text
    assert 'id="berkas-error"' in text and 'aria-describedby="berkas-hint berkas-error"' in text


def test_a_file_larger_than_any_product_is_not_read_whole(app, session, monkeypatch):
    from framework.web import verify

    monkeypatch.setattr(verify, "CHECK_MAX_BYTES", 2048)
    product = issued(session)
    answer = check(app.test_client(), product.code, b"%PDF-" + b"0" * 2044)
    assert answer.status_code == 400 and "lebih besar dari 2 KB" in answer.get_data(as_text=True)
    assert check(app.test_client(), product.code, b"%PDF-" + b"0" * 2043).status_code == 200  # 2,048 bytes is not


def test_a_body_larger_than_the_check_takes_is_refused_before_it_is_read(app, session):
    """By its Content-Length: the hooks that read every form never parse it, the rate limit never waits on it."""
    from framework.web.verify import CHECK_MAX_BYTES, FORM_ENVELOPE

    product = issued(session)
    client = app.test_client()
    claimed = CHECK_MAX_BYTES + FORM_ENVELOPE + 1
    answer = client.post(
        f"/verifikasi/{product.code}",
        data=b"--x\r\n",  # a body that could not be parsed: only its claimed size is looked at
        content_type="multipart/form-data; boundary=x",
        environ_overrides={"CONTENT_LENGTH": str(claimed)},
    )
    assert answer.status_code == 413 and "Berkas yang dikirim terlalu besar" in answer.get_data(as_text=True)
    assert check(client, product.code, product.pdf).status_code == 200  # a real product is far below the cap


def test_only_a_shown_product_can_be_checked(app, session):
    pending = issue_product(session, DELIVERY, "dukcapil", "AL-1")  # not signed yet
    session.commit()
    client = app.test_client()
    assert check(client, pending.code, pending.pdf).status_code == 404
    assert check(client, "NOSUCHCODE", b"%PDF-1.4").status_code == 404


def test_the_check_needs_no_session_but_other_forms_still_need_their_token(app, session):
    product = issued(session)
    client = app.test_client()
    assert check(client, product.code, product.pdf).status_code == 200
    assert "Set-Cookie" not in check(client, product.code, product.pdf).headers  # no session made for a passer-by
    forged = client.post("/masuk/petugas", data={"username": "x", "password": "y"})
    assert forged.status_code == 400  # the guard still refuses a post without its token elsewhere


def test_a_code_typed_from_paper_finds_its_page(app, session):
    """A QR code that will not scan (a photocopy): the code printed under it, typed in a box."""
    product = issued(session)
    client = app.test_client()
    box = client.get("/verifikasi/").get_data(as_text=True)
    assert 'action="/verifikasi/"' in box and 'name="kode"' in box and 'href="/verifikasi/"' in box  # footer too
    typed = client.get(f"/verifikasi/?kode=+{product.code.lower()}+")
    assert typed.status_code == 302 and typed.location.endswith(f"/verifikasi/{product.code}")
    unknown = client.get("/verifikasi/BUKANKODE")
    html = unknown.get_data(as_text=True)
    assert unknown.status_code == 404 and 'name="kode" value="BUKANKODE"' in html  # try again, as typed
