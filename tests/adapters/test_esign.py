"""Electronic signatures (TTE) of issued products: the sandbox, BSrE over HTTP, and the worker's two steps.

A product is signed by the configured signer (``MPP_SIGNER``, BSrE by
default) after its number is committed; it is not shown, downloadable or
verifiable until the signed PDF is stored. What the signer answers is checked:
a PDF with an intact signature over the whole file.
"""

from __future__ import annotations

import io

import pytest
from mpp_testing import pdf_text
from sqlalchemy import func, select
from test_worker import FAST, drain

from framework.plugins.base import DeliveryFailed, SigningRefused, SigningRequest
from framework.services import signing
from framework.services.products import product_pdf
from framework.store.models import Application, OutboxMessage
from framework.store.products import IssuedProduct, IssuerSequence
from framework.worker import loop as worker
from plugins.esign import OFFICIAL_STATEMENT, SANDBOX_STATEMENT, BsreSigner, identity
from plugins.esign.sandbox import SANDBOX_SIGNERS, authority
from plugins.esign.sandbox_server import BsreSandbox

NIK, (HOLDER, PASSPHRASE) = next(iter(SANDBOX_SIGNERS.items()))


def a_pdf(text: str = "Surat uji") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)  # its text readable in the bytes, to change one
    pdf.add_page()
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def request(pdf: bytes | None = None, issuer: str = "dukcapil", region: str = "73.12") -> SigningRequest:
    return SigningRequest(
        pdf=pdf or a_pdf(),
        issuer=issuer,
        region=region,
        signer_title="Kepala Dinas Kependudukan dan Pencatatan Sipil",
        document_number="7312-LU-2026-000001",
        reason="Akta Kelahiran 7312-LU-2026-000001",
    )


@pytest.fixture
def bsre(monkeypatch, serve):
    """BSrE's esign client service on loopback (the sandbox), and the adapter pointed at it."""
    service = BsreSandbox(client_id="mpp", client_secret="rahasia")
    server = serve(service)
    monkeypatch.setenv("MPP_BSRE_MODE", "http")
    monkeypatch.setenv("MPP_BSRE_URL", server.url)
    monkeypatch.setenv("MPP_BSRE_CLIENT_ID", "mpp")
    monkeypatch.setenv("MPP_BSRE_CLIENT_SECRET", "rahasia")
    monkeypatch.setenv("MPP_BSRE_RETRIES", "0")
    monkeypatch.setenv("MPP_BSRE_DUKCAPIL_7312_NIK", NIK)
    monkeypatch.setenv("MPP_BSRE_DUKCAPIL_7312_PASSPHRASE", PASSPHRASE)
    return service


# --- the sandbox signer -------------------------------------------------------------------------


def test_the_sandbox_signs_with_a_certificate_that_says_sandbox():
    original = a_pdf()
    signed = BsreSigner().sign(request(original)).pdf
    assert signed.startswith(original) and len(signed) > len(original)  # an incremental signature: the paper is kept
    facts = signing.signature_facts(signed)
    assert facts.signed_by.startswith("SANDBOX Kepala Dinas Kependudukan dan Pencatatan Sipil")
    assert BsreSigner.statement() == SANDBOX_STATEMENT


def test_a_sandbox_signature_chains_to_the_sandbox_authority():
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signed = BsreSigner().sign(request()).pdf
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[-1]
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[authority().certificate]))
    assert status.intact and status.valid and status.trusted


def test_a_changed_byte_breaks_the_signature():
    signed = bytearray(BsreSigner().sign(request(a_pdf("Nomor 0001"))).pdf)
    at = signed.find(b"Nomor 0001")
    assert at > 0
    signed[at + len("Nomor 000")] = ord("9")
    with pytest.raises(DeliveryFailed, match="does not cover"):
        signing.signature_facts(bytes(signed))


def roots_file(tmp_path, root) -> str:
    path = tmp_path / "roots.der"
    path.write_bytes(root.certificate.dump())
    return str(path)


def test_with_trust_roots_only_a_certificate_they_issued_is_taken(monkeypatch, tmp_path):
    from plugins.esign.sandbox import _identity

    signed = BsreSigner().sign(request()).pdf
    monkeypatch.setenv("MPP_SIGNATURE_TRUST_ROOTS", roots_file(tmp_path, authority()))
    assert signing.signature_facts(signed).signed_by.startswith("SANDBOX Kepala Dinas")
    monkeypatch.setenv("MPP_SIGNATURE_TRUST_ROOTS", roots_file(tmp_path, _identity("Akar Lain", "Lain", issuer=None)))
    with pytest.raises(SigningRefused, match="does not chain to a root in MPP_SIGNATURE_TRUST_ROOTS"):
        signing.signature_facts(signed)


def test_unreadable_trust_roots_stop_the_start(monkeypatch, tmp_path):
    from framework.plugins.registry import PluginError, check_startup

    monkeypatch.setenv("MPP_SIGNATURE_TRUST_ROOTS", str(tmp_path / "bsre-root.pem"))
    with pytest.raises(PluginError, match="MPP_SIGNATURE_TRUST_ROOTS: cannot read a certificate from .*bsre-root.pem"):
        check_startup()


def test_production_takes_no_sandbox_certificate_and_asks_for_trust_roots(monkeypatch):
    from framework.plugins.signature_trust import trust_warnings

    signed = BsreSigner().sign(request()).pdf
    assert trust_warnings() == []  # development: integrity only is the default
    monkeypatch.setenv("MPP_ENV", "production")
    with pytest.raises(SigningRefused, match="a SANDBOX certificate signed it"):
        signing.signature_facts(signed)
    assert "MPP_SIGNATURE_TRUST_ROOTS is not set" in trust_warnings()[0]


def test_a_revision_added_after_the_signature_is_refused():
    """An incremental update after signing keeps the signature intact but no longer covering the file."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = BsreSigner().sign(request()).pdf
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    writer.root["/Lang"] = generic.TextStringObject("en")  # any change, appended as a new revision
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(signed) and len(out.getvalue()) > len(signed)
    with pytest.raises(DeliveryFailed, match="does not cover the whole document"):
        signing.signature_facts(out.getvalue())


@pytest.mark.parametrize(
    "answer, complaint",
    [(a_pdf(), "no electronic signature"), (b"<html>gateway says hello", "not a readable PDF")],
    ids=["unsigned", "garbage"],
)
def test_an_answer_without_an_intact_signature_is_refused(answer, complaint):
    with pytest.raises(DeliveryFailed, match=complaint):
        signing.signature_facts(answer)


def test_production_refuses_the_sandbox(monkeypatch):
    from framework.plugins.settings import PluginSettingsError

    monkeypatch.setenv("MPP_ENV", "production")
    monkeypatch.setenv("MPP_BSRE_MODE", "sandbox")
    with pytest.raises(PluginSettingsError, match="MPP_BSRE_MODE=sandbox"):
        BsreSigner().sign(request())
    monkeypatch.delenv("MPP_BSRE_MODE")
    assert BsreSigner.statement() == OFFICIAL_STATEMENT  # production speaks of BSrE's certificate


# --- BSrE over HTTP -------------------------------------------------------------------------------


def test_bsre_signs_over_http_with_the_regions_certificate(bsre):
    signed = BsreSigner().sign(request()).pdf
    assert signing.signature_facts(signed).signed_by.startswith(f"SANDBOX {HOLDER}"[:64])  # X.509: 64 characters
    assert bsre.calls == [{"path": "/api/sign/pdf", "nik": NIK}]


def test_one_certificate_for_every_region_when_no_region_has_its_own(monkeypatch):
    monkeypatch.setenv("MPP_BSRE_DINSOS_GOWA_NIK", "7306011201700009")
    monkeypatch.setenv("MPP_BSRE_DINSOS_GOWA_PASSPHRASE", "satu")
    assert identity(request(issuer="dinsos-gowa", region="73.06")) == ("7306011201700009", "satu")
    monkeypatch.setenv("MPP_BSRE_DINSOS_GOWA_7306_NIK", "7306011201700001")
    monkeypatch.setenv("MPP_BSRE_DINSOS_GOWA_7306_PASSPHRASE", "dua")
    assert identity(request(issuer="dinsos-gowa", region="73.06")) == ("7306011201700001", "dua")


def test_no_certificate_for_the_issuer_names_the_settings_to_set(bsre, monkeypatch):
    monkeypatch.delenv("MPP_BSRE_DUKCAPIL_7312_NIK")
    monkeypatch.delenv("MPP_BSRE_DUKCAPIL_7312_PASSPHRASE")
    with pytest.raises(SigningRefused, match="MPP_BSRE_DUKCAPIL_7312_NIK and MPP_BSRE_DUKCAPIL_7312_PASSPHRASE"):
        BsreSigner().sign(request())
    assert bsre.calls == []


def test_a_wrong_passphrase_is_refused_in_bsres_words_and_never_repeated(bsre, monkeypatch):
    monkeypatch.setenv("MPP_BSRE_DUKCAPIL_7312_PASSPHRASE", "salah-ketik-77")
    with pytest.raises(SigningRefused) as refused:
        BsreSigner().sign(request())
    assert "Passphrase anda salah" in str(refused.value) and "salah-ketik-77" not in str(refused.value)


def test_a_passphrase_repeated_by_bsre_is_not_repeated_by_us(bsre, monkeypatch):
    bsre.fault = "echo"
    monkeypatch.setenv("MPP_BSRE_DUKCAPIL_7312_PASSPHRASE", "salah-ketik-77")
    with pytest.raises(SigningRefused) as refused:
        BsreSigner().sign(request())
    assert "Passphrase anda salah" in refused.value.said and "••••••" in refused.value.said
    assert "salah-ketik-77" not in str(refused.value) and "salah-ketik-77" not in refused.value.said


def test_refusals_do_not_open_the_breaker(bsre, monkeypatch):
    """Three officers mistyping their passphrase must not stop every office signing for a while."""
    monkeypatch.setenv("MPP_BSRE_BREAKER_THRESHOLD", "2")
    monkeypatch.setenv("MPP_BSRE_DUKCAPIL_7312_PASSPHRASE", "lupa")
    for _ in range(3):
        with pytest.raises(SigningRefused, match="Passphrase anda salah"):
            BsreSigner().sign(request())
    monkeypatch.setenv("MPP_BSRE_DUKCAPIL_7312_PASSPHRASE", PASSPHRASE)
    assert signing.signature_facts(BsreSigner().sign(request()).pdf).signed_by.startswith("SANDBOX")
    assert len(bsre.calls) == 4


def test_a_certificate_half_set_for_a_region_names_what_is_missing(bsre, monkeypatch):
    """Not a quiet fall-back to the certificate for every region: the region was meant to sign with its own."""
    monkeypatch.delenv("MPP_BSRE_DUKCAPIL_7312_PASSPHRASE")
    monkeypatch.setenv("MPP_BSRE_DUKCAPIL_NIK", "7306011201700009")
    monkeypatch.setenv("MPP_BSRE_DUKCAPIL_PASSPHRASE", "satu")
    with pytest.raises(SigningRefused, match="MPP_BSRE_DUKCAPIL_7312_NIK is set but MPP_BSRE_DUKCAPIL_7312_PASSPHRASE"):
        BsreSigner().sign(request())
    assert BsreSigner.can_sign("dukcapil", "73.12")  # it is to be signed: the delivery waits and says why
    assert bsre.calls == []


def test_which_offices_can_sign(bsre, monkeypatch):
    assert BsreSigner.can_sign("dukcapil", "73.12")
    assert not BsreSigner.can_sign("dukcapil", "73.06") and not BsreSigner.can_sign("kemenkes", "73.12")
    monkeypatch.setenv("MPP_BSRE_KEMENKES_NIK", "7306011201700009")
    monkeypatch.setenv("MPP_BSRE_KEMENKES_PASSPHRASE", "satu")
    assert BsreSigner.can_sign("kemenkes", "73.12")
    monkeypatch.delenv("MPP_BSRE_URL")
    assert not BsreSigner.can_sign("kemenkes", "73.12")
    monkeypatch.setenv("MPP_BSRE_MODE", "sandbox")
    assert BsreSigner.can_sign("dinsos-gowa", "73.06")


def test_the_start_names_the_issuers_that_will_issue_unsigned(bsre, monkeypatch):
    from framework.plugins.registry import check_startup

    monkeypatch.setenv("MPP_BSRE_DPMPTSP_NIK", "7306011201700002")
    warnings = [warning for warning in check_startup() if warning.startswith("signers")]
    unsigned = sorted(warning.split("`")[3] for warning in warnings if "has no signing certificate" in warning)
    assert unsigned == ["dinsos-gowa", "kemenkes", "kemenpanrb"]  # dukcapil (73.12) and dpmptsp have one
    assert any("MPP_BSRE_DPMPTSP_NIK is set but MPP_BSRE_DPMPTSP_PASSPHRASE is not" in warning for warning in warnings)
    assert not any("is not https" in warning for warning in warnings)  # the sandbox on loopback
    monkeypatch.setenv("MPP_BSRE_URL", "http://bsre.example.go.id")
    assert "signers plugin `bsre`: MPP_BSRE_URL=http://bsre.example.go.id is not https" in "\n".join(check_startup())


def test_a_signer_not_in_use_is_not_checked(monkeypatch):
    """MPP_SIGNER=none in production: BSrE's settings (a sandbox left in them) stop nothing and warn of nothing."""
    from framework.plugins.registry import check_startup

    monkeypatch.setenv("MPP_SIGNER", "none")
    monkeypatch.setenv("MPP_BSRE_MODE", "sandbox")
    assert not [warning for warning in check_startup("development") if "BSRE" in warning or "signers" in warning]
    monkeypatch.setenv("MPP_SIGNER", "bsre")
    with pytest.raises(Exception, match="MPP_BSRE_MODE=sandbox"):
        check_startup("production")


def test_the_wrong_client_is_refused(bsre, monkeypatch):
    monkeypatch.setenv("MPP_BSRE_CLIENT_SECRET", "bukan")
    with pytest.raises(SigningRefused, match="HTTP 401"):
        BsreSigner().sign(request())


def test_bsre_down_is_retried_later(bsre):
    bsre.fault = "error"
    with pytest.raises(DeliveryFailed, match="server_error"):
        BsreSigner().sign(request())


# --- which signer ---------------------------------------------------------------------------------


def test_mpp_signer_chooses_the_plugin(monkeypatch):
    assert signing.signer_in_use() is BsreSigner  # the default
    monkeypatch.setenv("MPP_SIGNER", "none")
    assert signing.signer_in_use() is None and signing.statement_for("dukcapil", "73.12") is None
    monkeypatch.setenv("MPP_SIGNER", "privy")
    with pytest.raises(SigningRefused, match="MPP_SIGNER='privy' names no installed signer \\(one of: bsre, none\\)"):
        signing.signer_in_use()


def test_a_mistyped_signer_stops_the_start(monkeypatch):
    """Not a parked delivery for every application later: the app and the worker refuse to start."""
    from framework.plugins.registry import PluginError, check_startup

    monkeypatch.setenv("MPP_SIGNER", "bsre-typo")
    with pytest.raises(PluginError, match="MPP_SIGNER='bsre-typo'"):
        check_startup()


# --- the worker ---------------------------------------------------------------------------------------


def product_of(session, tracking_number: str) -> IssuedProduct:
    return session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == tracking_number))


def deliver_message(session, tracking_number: str) -> OutboxMessage:
    return session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.topic == "deliver", OutboxMessage.payload["tracking_number"].as_string() == tracking_number
        )
    )


def test_the_worker_issues_a_signed_product(app, sessions, file_application):
    tracking_number = file_application()
    drain(sessions)
    with sessions() as session:
        product = product_of(session, tracking_number)
        assert product.signature == "signed" and product.signed_by.startswith("SANDBOX Kepala Dinas Penanaman Modal")
        assert product_pdf(session, tracking_number) == product.pdf
        assert signing.signature_facts(product.pdf).signed_by == product.signed_by
        code = product.code
        assert session.scalar(select(Application.state).where(Application.tracking_number == tracking_number)) == (
            "issued"
        )
    text = pdf_text(product.pdf)
    assert "(ditandatangani secara elektronik)" in text and "SANDBOX" in text and "bukan dokumen resmi" in text
    page = app.test_client().get(f"/verifikasi/{code}").get_data(as_text=True)
    assert "Tanda tangan elektronik" in page and "Ditandatangani oleh SANDBOX Kepala Dinas Penanaman Modal" in page
    english = app.test_client().get(f"/verifikasi/{code}?lang=en").get_data(as_text=True)
    assert "Electronic signature" in english and "Signed by SANDBOX Kepala Dinas Penanaman Modal" in english


def test_bsre_down_keeps_the_number_and_shows_nothing_until_signed(app, sessions, file_application, bsre, monkeypatch):
    monkeypatch.setenv("MPP_BSRE_DPMPTSP_NIK", "7306011201700002")
    monkeypatch.setenv("MPP_BSRE_DPMPTSP_PASSPHRASE", SANDBOX_SIGNERS["7306011201700002"][1])
    tracking_number = file_application()
    bsre.fault = "error"
    drain(sessions)  # the notifications go; the delivery waits for BSrE
    with sessions() as session:
        product = product_of(session, tracking_number)
        assert product.signature == "pending" and product_pdf(session, tracking_number) is None
        number, code = product.number, product.code
        message = deliver_message(session, tracking_number)
        assert message.state == "parked" and "server_error" in message.last_error  # FAST gives up after 3 tries
        assert session.scalar(select(Application.state).where(Application.tracking_number == tracking_number)) != (
            "issued"
        )
    assert app.test_client().get(f"/verifikasi/{code}").status_code == 404  # not before it is signed
    bsre.fault = ""
    assert worker.unpark(sessions, message.id)
    drain(sessions)
    with sessions() as session:
        product = product_of(session, tracking_number)
        assert (product.signature, product.number, product.code) == ("signed", number, code)  # the same paper
        assert session.scalar(select(func.sum(IssuerSequence.last))) == 1  # no number spent on the retries
        assert product.signed_by.startswith("SANDBOX Kepala Dinas Penanaman Modal dan PTSP Kabupaten Gowa")
    assert app.test_client().get(f"/verifikasi/{code}").status_code == 200


def test_a_refusal_parks_the_delivery_with_bsres_words(sessions, file_application, bsre, monkeypatch):
    monkeypatch.setenv("MPP_BSRE_DPMPTSP_NIK", "7306011201700002")
    monkeypatch.setenv("MPP_BSRE_DPMPTSP_PASSPHRASE", "lupa")
    tracking_number = file_application()
    worker.run_once(sessions, FAST)
    drain(sessions)
    with sessions() as session:
        message = deliver_message(session, tracking_number)
        assert message.state == "parked" and message.attempts == 1  # refused: not retried
        assert "not signed electronically" in message.last_error and "Passphrase anda salah" in message.last_error
        assert "lupa" not in message.last_error
        assert product_of(session, tracking_number).signature == "pending"


def test_unsigned_products_claim_no_signature(app, sessions, file_application, monkeypatch):
    monkeypatch.setenv("MPP_SIGNER", "none")
    tracking_number = file_application()
    drain(sessions)
    with sessions() as session:
        product = product_of(session, tracking_number)
        assert (product.signature, product.signed_by) == ("none", None)
        assert product_pdf(session, tracking_number) == product.pdf
        code = product.code
    assert "ditandatangani secara elektronik" not in pdf_text(product.pdf)
    with pytest.raises(DeliveryFailed):
        signing.signature_facts(product.pdf)
    page = app.test_client().get(f"/verifikasi/{code}").get_data(as_text=True)
    assert "Tidak ditandatangani secara elektronik" in page


def test_an_office_without_a_certificate_issues_unsigned_at_once(app, sessions, file_application, bsre):
    """Not a delivery parked for a certificate nobody set up: the paper goes out, claiming no signature."""
    tracking_number = file_application()
    drain(sessions)
    with sessions() as session:
        product = product_of(session, tracking_number)
        assert (product.signature, product.signed_by) == ("none", None)
        assert deliver_message(session, tracking_number).state == "sent"
        assert session.scalar(select(Application.state).where(Application.tracking_number == tracking_number)) == (
            "issued"
        )
    assert "ditandatangani secara elektronik" not in pdf_text(product.pdf) and bsre.calls == []


def test_a_pending_product_goes_out_unsigned_once_no_signer_is_in_use(
    app, sessions, file_application, bsre, monkeypatch
):
    """Numbered while BSrE was in use, parked while it was down; then the operator chose MPP_SIGNER=none."""
    monkeypatch.setenv("MPP_BSRE_DPMPTSP_NIK", "7306011201700002")
    monkeypatch.setenv("MPP_BSRE_DPMPTSP_PASSPHRASE", SANDBOX_SIGNERS["7306011201700002"][1])
    bsre.fault = "error"
    tracking_number = file_application()
    drain(sessions)
    with sessions() as session:
        product = product_of(session, tracking_number)
        assert product.signature == "pending" and "ditandatangani secara elektronik" in pdf_text(product.pdf)
        number, code, message = product.number, product.code, deliver_message(session, tracking_number)
        assert message.state == "parked"
    monkeypatch.setenv("MPP_SIGNER", "none")
    assert worker.unpark(sessions, message.id)
    drain(sessions)
    with sessions() as session:
        product = product_of(session, tracking_number)
        assert (product.signature, product.number, product.code) == ("none", number, code)  # the same paper
        assert product_pdf(session, tracking_number) == product.pdf
        assert session.scalar(select(Application.state).where(Application.tracking_number == tracking_number)) == (
            "issued"
        )
    text = pdf_text(product.pdf)
    assert "ditandatangani secara elektronik" not in text and number in text


def test_the_signer_is_shown_as_text(app, session):
    from test_products import issued

    product = issued(session)
    product.signed_by = "<b>Kepala</b>"
    session.commit()
    page = app.test_client().get(f"/verifikasi/{product.code}").get_data(as_text=True)
    assert "&lt;b&gt;Kepala&lt;/b&gt;" in page and "<b>Kepala" not in page


def test_nothing_waits_on_the_database_while_the_signer_works(sessions, monkeypatch):
    """The number and the pending product are committed first: another office can go on numbering meanwhile."""
    from sqlalchemy import text
    from test_products import DELIVERY

    from framework.plugins.base import SignedPdf, Signer
    from framework.plugins.registry import Registries
    from framework.services.issuing import next_sequence
    from framework.services.products import issue_product

    numbered_meanwhile = []

    class SlowOffice(Signer):
        """Signs like the sandbox, after another worker takes the next number of the same issuer."""

        id = "slow-office"

        @classmethod
        def statement(cls):
            return SANDBOX_STATEMENT

        def sign(self, request):
            with sessions() as other:
                if other.get_bind().dialect.name == "postgresql":
                    other.execute(text("SET LOCAL lock_timeout = '2s'"))
                else:
                    other.connection().exec_driver_sql("PRAGMA busy_timeout = 200")
                numbered_meanwhile.append(next_sequence(other, "dukcapil", "73.12", 2026))
                other.commit()
            return SignedPdf(BsreSigner().sign(request).pdf)

    registries = Registries()
    registries.signers.register(SlowOffice)
    with sessions() as session:
        first = next_sequence(session, "dukcapil", "73.12", 2026)
        product = issue_product(session, DELIVERY, "dukcapil", f"AL-{first}")  # to be signed by BSrE's sandbox
        monkeypatch.setenv("MPP_SIGNER", "slow-office")  # which the slow office stands in for
        signing.sign_pending(session, product.code, registries)
        session.commit()
        assert session.get(IssuedProduct, product.code).signature == "signed"
    assert (first, numbered_meanwhile) == (1, [2])


def test_a_signature_stored_meanwhile_by_another_worker_is_kept(sessions, monkeypatch):
    """Two workers on one product (a claim taken over after its lease): the first signature stored stays."""
    from test_products import DELIVERY

    from framework.plugins.base import SignedPdf, Signer
    from framework.plugins.registry import Registries
    from framework.services.products import issue_product

    registries = Registries()
    stored_first = []

    class Racing(Signer):
        id = "racing"

        @classmethod
        def statement(cls):
            return SANDBOX_STATEMENT

        def sign(self, request):
            if not stored_first:  # the other worker signs the same product, and commits, while this one works
                stored_first.append(b"")
                with sessions() as other:
                    signing.sign_pending(other, code, registries)
                    other.commit()
                    stored_first[0] = other.get(IssuedProduct, code).pdf
            return SignedPdf(BsreSigner().sign(request).pdf)

    registries.signers.register(Racing)
    with sessions() as session:
        code = issue_product(session, DELIVERY, "dukcapil", "AL-9").code
        monkeypatch.setenv("MPP_SIGNER", "racing")
        signing.sign_pending(session, code, registries)
        session.commit()
        product = session.get(IssuedProduct, code)
        assert product.signature == "signed" and product.pdf == stored_first[0] != b""


def test_signing_and_checking_work_where_an_event_loop_runs():
    """pyHanko runs its own loop: inside another one (an ASGI server, Playwright's sync API) it must not fail."""
    import asyncio

    async def inside_a_loop():
        signed = BsreSigner().sign(request()).pdf
        return signing.signature_facts(signed).signed_by

    assert asyncio.run(inside_a_loop()).startswith("SANDBOX Kepala Dinas")
