"""Issue 13's "done when", in a real browser with JavaScript off: a service built in the builder is filed and issued.

Gowa's regional admin builds an SKTM-like service from blank in the
builder — two pages, a repeating household with incomes, the aggregate rule
`sum(anggota.penghasilan) >= 3000000`, a field shown by a condition from
the condition builder, a document, three steps and the declared issuer
Dinas Sosial Kabupaten Gowa — looks at the live preview in both languages,
and proposes it. The ministry publishes it (the service function; its
screens are built elsewhere). A Gowa citizen files it in the portal, the
three officers approve, the worker issues the letter: the PDF and the
public verification page name the declared issuer and carry its number.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from browsers import LiveServer
from mpp_testing import pdf_text
from sqlalchemy import select

from framework.services import applications, publication
from framework.services.accounts import add_user, hash_password
from framework.store.products import IssuedProduct
from framework.worker import loop as worker
from framework.workflow.actors import Actor
from framework.workflow.calendar import WIB

from .conftest import PDF, PHONE
from .test_journeys import follow

GOWA = "73.06"
PASSWORD = "sapi-terbang-di-sawah-41"
DESK = {"width": 1400, "height": 1000}
CITIZEN = "BUDI SAPUTRA"  # the sandbox IKD picker's first citizen; he files in Gowa, where the service is offered
CHAIN = (
    ("fo.dinsos", "operator_dinsos"),
    ("verifikator.dinsos", "verifikator_dinsos"),
    ("kadis.dinsos", "kepala_dinsos"),
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@pytest.fixture
def live_catalog_server(make_app, tmp_path, monkeypatch):
    """The app as `mpp serve` runs it: the live catalog (publications reload it), sandbox registries."""
    for name in ("MPP_ENV", "MPP_IKD_MODE", "MPP_IKD_OIDC_MODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path / "instance"))
    app = make_app(MPP_CATALOG=None, MPP_CATALOG_REFRESH=0, MPP_DRAFTS=str(tmp_path / "drafts"))
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def people(sessions):
    hashed = hash_password(PASSWORD)
    with sessions() as session:
        add_user(session, "admin.gowa", "admin_daerah", GOWA, password_hash=hashed)
        add_user(session, "kementerian", publication.MINISTRY_ROLE, None, password_hash=hashed)
        for username, role in CHAIN:
            add_user(session, username, role, GOWA, password_hash=hashed)


def sign_in(browser, server: LiveServer, username: str):
    context = browser.new_context(java_script_enabled=False, viewport=DESK, locale="id-ID", base_url=server.url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/masuk/petugas")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    follow(page.get_by_role("button", name="Masuk"))
    return page


def save(page) -> None:
    follow(page.get_by_role("button", name="Simpan", exact=True))
    assert page.get_by_role("status").first.inner_text().startswith("Tersimpan")


def back(page) -> None:
    follow(page.get_by_role("link", name=re.compile("Kembali ke draf")))


def text(page, legend: str, indonesian: str, english: str) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Bahasa Indonesia").fill(indonesian)
    group.get_by_label("English").fill(english)


def add_field(page, to_page: str, field_type: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name=f"Tambah kolom ke {to_page}"))
    form.get_by_label("Jenis kolom baru").select_option(field_type)
    follow(form.get_by_role("button", name=f"Tambah kolom ke {to_page}"))


def field(page, field_id: str, label: tuple[str, str], required: bool = True) -> None:
    page.get_by_label("Id", exact=True).fill(field_id)
    text(page, "Label", *label)
    if required:
        page.get_by_label("Wajib diisi").check()


def build_sktm(page) -> None:
    """Every part of the service through the builder's forms, no YAML typed."""
    follow(page.get_by_role("navigation", name="Menu petugas").get_by_role("link", name="Pembuat layanan"))
    page.get_by_label("Nama layanan (Bahasa Indonesia)").fill("Surat Keterangan Tidak Mampu")
    page.get_by_label("Nama layanan (English)").fill("Certificate of low income")
    page.get_by_label("Sektor").fill("sosial")
    page.get_by_label("Nama singkat untuk id").fill("sktm")
    follow(page.get_by_role("button", name="Buat draf kosong"))
    assert "sosial.sktm" in page.get_by_role("main").inner_text()

    follow(page.get_by_role("link", name="Ubah layanan"))
    page.get_by_label("Instansi penerbit").select_option("dinsos-gowa")
    lookups = page.get_by_role("group", name="Isi otomatis dari registri")  # the applicant's data comes from IKD
    lookups.get_by_label("Nama lookup 1").fill("pemohon")
    lookups.get_by_label("Sumber (mis. ikd) 1").fill("ikd")
    lookups.get_by_label(re.compile(r"^Kunci .* 1$")).fill("applicant")
    save(page)
    back(page)
    follow(page.get_by_role("link", name="Ubah standar pelayanan"))  # all of it: a proposal must pass `--strict`
    text(page, "Produk layanan", "Surat Keterangan Tidak Mampu", "Certificate of low income")
    page.get_by_role("group", name="Persyaratan").get_by_label("Bahasa Indonesia 1").fill("KTP-el dan KK")
    page.get_by_role("group", name="Persyaratan").get_by_label("English 1").fill("ID card and family card")
    page.get_by_role("group", name="Prosedur").get_by_label("Bahasa Indonesia 1").fill("Isi formulir daring")
    page.get_by_role("group", name="Prosedur").get_by_label("English 1").fill("Fill in the online form")
    page.get_by_label("Dasar hukum", exact=True).fill("Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik")
    for legend, indonesian, english in (
        ("Sarana dan prasarana", "Loket dan portal daring", "The counter and the online portal"),
        ("Kompetensi pelaksana", "Petugas Dinas Sosial terlatih", "Trained social affairs officers"),
        ("Pengawasan internal", "Kepala Dinas Sosial", "The head of the social affairs office"),
        ("Jumlah pelaksana", "Tiga petugas", "Three officers"),
        ("Jaminan pelayanan (maklumat)", "Maklumat pelayanan Dinas Sosial", "The office's service pledge"),
        ("Jaminan keamanan dan keselamatan", "Data pemohon dilindungi", "Applicants' data is protected"),
        ("Evaluasi kinerja pelaksana", "Evaluasi tiap semester", "An evaluation every semester"),
    ):
        text(page, legend, indonesian, english)
    save(page)
    back(page)

    follow(page.get_by_role("button", name="Tambah halaman"))
    page.get_by_label("Id", exact=True).fill("pemohon")
    text(page, "Judul", "Data Pemohon", "Applicant")
    save(page)
    back(page)
    add_field(page, "pemohon", "text")
    field(page, "nama_pemohon", ("Nama pemohon", "Applicant's name"))
    page.get_by_label("Isi otomatis dari registri").fill("pemohon.nama_lengkap")
    page.get_by_label("Dikunci pada nilai dari registri").check()
    save(page)
    back(page)
    add_field(page, "pemohon", "choice")
    field(page, "pekerjaan", ("Pekerjaan", "Occupation"))
    page.get_by_label("Isi otomatis dari registri").fill("pemohon.pekerjaan")  # IKD's, which the citizen may change
    rows = page.get_by_role("group", name="Pilihan")
    for row, (code, indonesian, english) in enumerate(
        (("petani", "Petani", "Farmer"), ("lainnya", "Lainnya", "Other"))
    ):
        rows.get_by_label(f"Kode {row + 1}").fill(code)
        rows.get_by_label(f"Bahasa Indonesia {row + 1}").fill(indonesian)
        rows.get_by_label(f"English {row + 1}").fill(english)
    save(page)
    back(page)
    add_field(page, "pemohon", "text")
    field(page, "pekerjaan_lain", ("Pekerjaan lain", "Other occupation"), required=False)
    condition = page.get_by_role("group", name="Kondisi tampil")  # the condition builder: field, operator, value
    condition.get_by_label("Pilih kolom, operator dan nilai").check()
    condition.get_by_label("Kolom", exact=True).select_option("pekerjaan")
    condition.get_by_label("Operator", exact=True).select_option("==")
    condition.get_by_label("Nilai", exact=True).fill("lainnya")
    save(page)
    assert page.get_by_role("group", name="Kondisi tampil").get_by_role("textbox", name="Ekspresi").input_value() == (
        "pekerjaan == 'lainnya'"
    )
    back(page)

    follow(page.get_by_role("button", name="Tambah halaman"))
    page.get_by_label("Id", exact=True).fill("keluarga")
    text(page, "Judul", "Anggota Keluarga", "Household")
    save(page)
    back(page)
    add_field(page, "keluarga", "group")
    field(page, "anggota", ("Anggota keluarga", "Household member"), required=False)
    page.get_by_label("Baris paling sedikit").fill("1")
    page.get_by_label("Baris paling banyak").fill("10")
    save(page)
    follow(page.get_by_role("link", name="nama", exact=True))  # the group's first field, made with the group
    text(page, "Label", "Nama anggota", "Member's name")
    save(page)
    follow(page.get_by_role("link", name=re.compile("Kembali ke draf")))
    group = page.locator("li[data-path='pages.1.fields.0']")
    follow(group.get_by_role("link", name="Ubah anggota"))
    page.get_by_label("Jenis kolom baru").select_option("integer")
    follow(page.get_by_role("button", name="Tambah kolom ke kelompok"))
    field(page, "penghasilan", ("Penghasilan per bulan", "Monthly income"))
    page.get_by_label("Minimum", exact=True).fill("0")
    save(page)
    back(page)

    follow(page.get_by_role("button", name="Tambah aturan"))
    rule = page.get_by_role("group", name="Kesalahan terjadi bila")
    rule.get_by_label("Tulis sebagai ekspresi").check()
    rule.get_by_role("textbox", name="Ekspresi").fill("sum(anggota.penghasilan) >= 3.000.000")
    text(
        page,
        "Pesan untuk warga",
        "Penghasilan keluarga melebihi batas SKTM.",
        "The household income is over the limit.",
    )
    page.get_by_label("Pesan ditampilkan di kolom").select_option("anggota")
    save(page)  # the thousand separators are refused beside the condition, and kept as typed
    assert "tanpa pemisah ribuan: `3000000`" in page.get_by_role("group", name="Kesalahan terjadi bila").inner_text()
    rule = page.get_by_role("group", name="Kesalahan terjadi bila")
    assert rule.get_by_role("textbox", name="Ekspresi").input_value() == "sum(anggota.penghasilan) >= 3.000.000"
    rule.get_by_role("textbox", name="Ekspresi").fill("sum(anggota.penghasilan) >= 3000000")
    save(page)
    back(page)

    follow(page.get_by_role("button", name="Tambah dokumen"))
    page.get_by_label("Id", exact=True).fill("surat_pengantar")
    text(page, "Label", "Surat pengantar RT/RW", "Letter from the neighbourhood head")
    save(page)
    back(page)

    for step_id, role, title in (
        ("verifikasi", "operator_dinsos", ("Verifikasi berkas", "Document check")),
        ("validasi", "verifikator_dinsos", ("Validasi data keluarga", "Household check")),
        ("penandatanganan", "kepala_dinsos", ("Penandatanganan", "Signature")),
    ):
        follow(page.get_by_role("button", name="Tambah tahap"))
        page.get_by_label("Id", exact=True).fill(step_id)
        text(page, "Judul", *title)
        page.get_by_label("Peran petugas").select_option(role)  # a choice of the known roles
        save(page)
        back(page)


def test_a_service_built_in_the_builder_is_published_filed_and_issued(
    browser, live_catalog_server, people, sessions, tmp_path: Path
):
    server = live_catalog_server
    admin = sign_in(browser, server, "admin.gowa")
    build_sktm(admin)
    assert admin.locator("[data-status]").get_attribute("data-status") == "valid", admin.get_by_role(
        "main"
    ).inner_text()

    preview = admin.frame_locator("iframe[name='pratinjau']")
    assert preview.get_by_role("heading", level=1).inner_text() == "Data Pemohon"
    assert preview.get_by_label("Pekerjaan lain").count() == 1  # drawn: a preview shows every field
    pages = admin.get_by_role("navigation", name="Halaman pratinjau")
    pages.get_by_role("link", name="Applicant").click()  # each page in each language loads into the frame, no script
    preview.get_by_role("heading", name="Applicant").wait_for()
    pages.get_by_role("link", name="Household").click()
    preview.get_by_role("heading", name="Household").wait_for()
    assert preview.get_by_label("Monthly income").count() == 1

    follow(admin.get_by_role("button", name="Ajukan untuk diterbitkan"))
    assert admin.get_by_role("heading", level=1).inner_text() == "Diajukan untuk ditinjau", admin.get_by_role(
        "main"
    ).inner_text()
    version_id = int(admin.locator("[data-version]").get_attribute("data-version"))

    with sessions() as session:  # the ministry's review screens are another engineer's: the service function
        published = publication.review(
            session, Actor.officer("kementerian", publication.MINISTRY_ROLE, None), version_id, "approve"
        )
        assert published.status == "published"

    citizen_page = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="id-ID", base_url=server.url)
    citizen_page.set_default_timeout(20_000)
    number = file_sktm(citizen_page.new_page(), tmp_path)
    citizen_page.close()

    for username, role in CHAIN:
        with sessions() as session:
            applications.transition(session, number, action="approve", actor=Actor.officer(username, role, GOWA))
    for _ in range(3):
        worker.run_once(sessions, worker.WorkerConfig(worker_id="e2e", base_delay=0))

    now = datetime.now(WIB)
    expected = f"460/0001/DINSOS/73.06/{ROMAN[now.month - 1]}/{now.year}"
    with sessions() as session:
        product = session.scalar(select(IssuedProduct).where(IssuedProduct.tracking_number == number))
        assert (product.number, product.issuer_name) == (expected, "Dinas Sosial Kabupaten Gowa")
        code, pdf = product.code, product.pdf
    letter = pdf_text(pdf)
    assert "Dinas Sosial Kabupaten Gowa" in letter and expected in letter and CITIZEN in letter
    assert "Kepala Dinas Sosial Kabupaten Gowa" in letter and "tergolong keluarga tidak mampu" in letter
    check = admin.context.new_page()
    check.goto(f"/verifikasi/{code}")
    shown = check.get_by_role("main").inner_text()
    assert "Dinas Sosial Kabupaten Gowa" in shown and expected in shown and "asli dan berlaku" in shown


def file_sktm(page, tmp_path: Path) -> str:
    """A citizen files the published service in Gowa in the portal; the aggregate rule refuses a high income first."""
    page.goto("/layanan/sosial.sktm")
    follow(page.get_by_role("main").get_by_role("link", name="Masuk dengan IKD"))
    follow(page.get_by_role("button", name=CITIZEN))
    page.wait_for_url("**/layanan/sosial.sktm")
    follow(page.get_by_role("button", name="Mulai sekarang"))
    assert CITIZEN in page.get_by_role("main").inner_text()  # the applicant's name, from IKD and locked
    page.get_by_label("Lainnya").check()
    assert page.get_by_label("Pekerjaan lain").is_hidden()  # shown when its condition holds
    follow(page.get_by_role("button", name="Simpan dan lanjutkan"))
    page.get_by_label("Pekerjaan lain").fill("Buruh harian")  # without JavaScript the page asks again
    follow(page.get_by_role("button", name="Simpan dan lanjutkan"))
    page.get_by_label("Nama anggota").fill(CITIZEN)
    page.get_by_label("Penghasilan per bulan").fill("3500000")
    follow(page.get_by_role("button", name="Simpan dan lanjutkan"))
    assert "Penghasilan keluarga melebihi batas SKTM." in page.get_by_role("main").inner_text()
    page.get_by_label("Penghasilan per bulan").fill("1500000")
    follow(page.get_by_role("button", name="Simpan dan lanjutkan"))
    letter = tmp_path / "surat-pengantar.pdf"
    letter.write_bytes(PDF)
    page.get_by_label("Surat pengantar RT/RW").set_input_files(letter)
    follow(page.get_by_role("button", name="Simpan dan lanjutkan"))
    follow(page.get_by_role("button", name="Kirim permohonan"))
    assert page.get_by_role("heading", level=1).inner_text() == "Permohonan terkirim"
    return page.locator(".tracking-number").inner_text().strip()
