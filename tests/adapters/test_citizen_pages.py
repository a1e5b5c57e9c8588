"""The citizen's inbox, profile and complaint pages (signed in through the sandbox IKD)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from framework.store.complaints import Complaint
from framework.store.inbox import CitizenProfile, InboxMessage
from plugins.sandbox.population import population


@pytest.fixture
def citizen():
    return population().mothers()[0]


@pytest.fixture
def client(make_app, citizen):
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    client.post("/masuk/ikd/sandbox", data={"nik": citizen.nik})
    return client


def test_pages_need_a_signed_in_citizen(make_app):
    answer = make_app().test_client().get("/kotak-masuk")
    assert answer.status_code == 302 and answer.headers["Location"] == "/masuk/ikd?next=/kotak-masuk"


def test_inbox_shows_only_my_messages_and_marks_them_read(client, session, citizen):
    session.add_all(
        [
            InboxMessage(
                idempotency_key="a",
                citizen_nik=citizen.nik,
                tracking_number="T1",
                event="submitted",
                subject="Permohonan diterima",
                body="Nomor T1",
            ),
            InboxMessage(
                idempotency_key="b",
                citizen_nik="7312011505900001",
                tracking_number="T2",
                event="submitted",
                subject="Bukan milik saya",
                body="Nomor T2",
            ),
        ]
    )
    session.commit()
    text = client.get("/kotak-masuk").get_data(as_text=True)
    assert "Permohonan diterima" in text and "Bukan milik saya" not in text
    session.expire_all()
    assert session.scalar(select(InboxMessage).where(InboxMessage.idempotency_key == "a")).read_at is not None
    assert session.scalar(select(InboxMessage).where(InboxMessage.idempotency_key == "b")).read_at is None


def test_profile_saves_contacts_and_muted_channels(client, session, citizen):
    answer = client.post(
        "/profil", data={"email": "rina@example.test", "phone": "+62 812-3456-7890", "muted": ["sms", "inbox"]}
    )
    assert answer.status_code == 302
    session.expire_all()
    profile = session.get(CitizenProfile, citizen.nik)
    assert (profile.email, profile.phone, profile.muted, profile.name) == (
        "rina@example.test",
        "+6281234567890",
        ["sms"],
        citizen.name,
    )


def test_profile_refuses_bad_contacts_and_keeps_what_was_typed(client, session, citizen):
    answer = client.post("/profil", data={"email": "bukan-email", "phone": "12"})
    text = answer.get_data(as_text=True)
    assert (
        answer.status_code == 400
        and "Alamat email tidak sah" in text
        and "Masukkan nomor ponsel Indonesia" in text
        and 'value="bukan-email"' in text
    )
    # an SMS or WhatsApp needs a mobile: eight digits are a number, not an Indonesian mobile
    assert "Masukkan nomor ponsel Indonesia" in client.post("/profil", data={"phone": "99999999"}).get_data(
        as_text=True
    )
    too_long = client.post("/profil", data={"email": "a" * 5000 + "@contoh.id"})  # RFC 5321: 254 at most
    assert too_long.status_code == 400 and "Alamat email tidak sah" in too_long.get_data(as_text=True)
    assert 'maxlength="254"' in client.get("/profil").get_data(as_text=True)
    assert client.post("/profil", data={"phone": "0812 3456 7890"}).status_code == 302
    session.expire_all()
    assert session.get(CitizenProfile, citizen.nik).phone == "+6281234567890"  # as the forms store a mobile
    session.get(CitizenProfile, citizen.nik).phone = ""
    session.commit()
    session.expire_all()
    assert session.get(CitizenProfile, citizen.nik).email == ""


def test_a_nul_in_the_profile_keeps_what_was_typed_and_says_where(client, session, citizen):
    """The site's guard answered a bare error page for a NUL, and the typed contacts were gone with it."""
    answer = client.post(
        "/profil", data={"email": "rina\x00@example.test", "phone": "+62 812-3456-7890", "language": "en"}
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "\x00" not in text
    assert 'value="rina\ufffd@example.test"' in text and 'value="+6281234567890"' in text
    assert 'value="en" selected' in text
    assert re.search(r'id="email-error">(<span[^>]*>[^<]*</span>)?\s*Isian berisi karakter yang tidak sah', text)
    assert '<a href="#email">Isian berisi karakter yang tidak sah' in text
    session.expire_all()
    assert session.get(CitizenProfile, citizen.nik).email == ""


def test_complaint_form_files_and_lists(client, session, citizen):
    form = {
        "layanan": "adminduk.akta-kelahiran",
        "category": "pengaduan",
        "title": "Antrean tidak jelas",
        "narrative": "Saya menunggu tiga jam tanpa kepastian antrean.",
        "event_date": "2026-11-01",
        "place": "MPP Soppeng",
        "wilayah": "73.12",
        "anonymous": "1",
    }
    answer = client.post("/pengaduan/baru", data=form)
    assert answer.status_code == 302
    complaint = session.scalars(select(Complaint)).one()
    assert (complaint.citizen_nik, complaint.anonymous, complaint.confidential, complaint.status) == (
        citizen.nik,
        True,
        False,
        "received",
    )
    listing = client.get("/pengaduan").get_data(as_text=True)
    assert complaint.reference in listing and "Antrean tidak jelas" in listing and "menunggu diteruskan" in listing
    # the service by its name, not its id; in English one service is "Service"
    assert "Layanan Penerbitan Akta Kelahiran" in listing and "adminduk.akta-kelahiran" not in listing
    assert "Service Birth certificate" in client.get("/pengaduan?lang=en").get_data(as_text=True)


def test_bad_complaint_shows_every_error_and_keeps_the_text(client, session):
    answer = client.post(
        "/pengaduan/baru", data={"title": "Judul", "narrative": "pendek", "event_date": "", "place": ""}
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert (
        "Tanggal kejadian wajib diisi" in text
        and "paling sedikit 20" in text
        and "Sebutkan permohonan atau layanan" in text
    )
    assert 'value="Judul"' in text and ">pendek</textarea>" in text
    assert session.scalars(select(Complaint)).all() == []
    english = client.post("/pengaduan/baru?lang=en", data={"title": "Judul"}).get_data(as_text=True)
    assert "Choose a category: Complaint, Aspiration, Information request" in english  # words, not codes
    assert "permintaan-informasi" not in english.split("<form", 1)[0]


def test_a_complaint_date_is_typed_as_the_forms_teach(client, session, citizen):
    form = {**GOOD, "event_date": "03-11-2026"}
    assert client.post("/pengaduan/baru", data=form).status_code == 302
    assert str(session.scalars(select(Complaint)).one().event_date) == "2026-11-03"
    unreadable = client.post("/pengaduan/baru", data={**form, "event_date": "kemarin"}).get_data(as_text=True)
    assert "Tanggal kejadian tidak terbaca" in unreadable and "wajib diisi" not in unreadable


def test_a_complaint_over_its_rate_limit_comes_back_with_what_was_typed(make_app, session, citizen):
    app = make_app(
        WTF_CSRF_ENABLED=False,
        MPP_RATE_LIMITS_ENABLED=True,
        MPP_RATE_LIMITS={"citizen.new_complaint": "2 per minute", "signin_ikd.callback": "100 per minute"},
    )
    client = app.test_client()
    client.post("/masuk/ikd/sandbox", data={"nik": citizen.nik})
    typed = {"title": "Antrean", "narrative": "Cerita panjang yang sudah diketik dengan susah payah.", "event_date": ""}
    for _ in range(2):
        assert client.post("/pengaduan/baru", data=typed).status_code == 422  # a mistake, counted
    refused = client.post("/pengaduan/baru", data=typed)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert "Tunggu satu menit" in html and "Cerita panjang yang sudah diketik dengan susah payah." in html
    assert 'value="Antrean"' in html and session.scalars(select(Complaint)).all() == []


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GOOD = {
    "layanan": "adminduk.akta-kelahiran",
    "category": "pengaduan",
    "title": "Antrean tidak jelas",
    "narrative": "Saya menunggu tiga jam tanpa kepastian antrean.",
    "event_date": "2026-11-01",
    "place": "MPP Soppeng",
    "wilayah": "73.12",
}


def test_complaint_attachments_are_stored_by_content(client, session, make_app, tmp_path):
    import io

    answer = client.post(
        "/pengaduan/baru",
        data={**GOOD, "lampiran": [(io.BytesIO(PDF), "bukti.pdf")]},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    [attachment] = session.scalars(select(Complaint)).one().attachments
    assert (attachment["name"], attachment["type"], attachment["size"]) == ("bukti.pdf", "pdf", len(PDF))
    assert (tmp_path / "uploads" / attachment["key"]).read_bytes() == PDF


def test_a_disguised_attachment_is_refused_and_nothing_is_kept(client, session, tmp_path):
    import io

    answer = client.post(
        "/pengaduan/baru",
        data={**GOOD, "lampiran": [(io.BytesIO(b"MZ\\x90\\x00 not a pdf"), "bukti.pdf")]},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422 and "bukti.pdf: Jenis berkas tidak diterima" in answer.get_data(as_text=True)
    assert session.scalars(select(Complaint)).all() == []
    assert not (tmp_path / "uploads").exists() or list((tmp_path / "uploads").iterdir()) == []


def test_a_refused_attachment_marks_its_input_invalid(client):
    """Like every other input, the file input says it is in error, not only where its message is."""
    import io
    import re

    def attachment_input(answer):
        return re.search(r'<input class="file"[^>]*id="lampiran"[^>]*>', answer.get_data(as_text=True)).group(0)

    refused = client.post(
        "/pengaduan/baru",
        data={**GOOD, "lampiran": [(io.BytesIO(b"MZ\\x90\\x00 not a pdf"), "bukti.pdf")]},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in attachment_input(refused) and "lampiran-error" in attachment_input(refused)
    assert "aria-invalid" not in attachment_input(client.get("/pengaduan/baru"))


def test_a_refused_complaint_keeps_its_good_attachments_until_it_is_filed(client, session, tmp_path):
    """Before: one empty file, or a narrative too short, dropped every file and said nothing of the good one."""
    import io

    page = client.get("/pengaduan/baru").get_data(as_text=True)
    key = page.split('name="kunci" value="')[1].split('"')[0]
    files = [(io.BytesIO(PDF), "bukti.pdf"), (io.BytesIO(b""), "kosong.pdf")]
    refused = client.post(
        "/pengaduan/baru",
        data={**GOOD, "narrative": "pendek", "kunci": key, "lampiran": files},
        content_type="multipart/form-data",
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "kosong.pdf:" in html and "paling sedikit 20" in html
    assert re.search(r"Sudah diunggah:\s*<strong>bukti.pdf</strong>", html) and "kosong.pdf</strong>" not in html
    assert f'name="kunci" value="{key}"' in html  # the same form: its kept file is found by its key
    [stored] = list((tmp_path / "uploads").iterdir())
    filed = client.post("/pengaduan/baru", data={**GOOD, "kunci": key}, content_type="multipart/form-data")
    assert filed.status_code == 302
    [attachment] = session.scalars(select(Complaint)).one().attachments
    assert (attachment["name"], attachment["key"]) == ("bukti.pdf", stored.name) and stored.read_bytes() == PDF
    with client.session_transaction() as held:
        assert not held.get("complaint_uploads")  # forgotten once filed


def test_a_kept_attachment_can_be_removed_and_counts_toward_the_limit(client, session, tmp_path):
    import io

    page = client.get("/pengaduan/baru").get_data(as_text=True)
    key = page.split('name="kunci" value="')[1].split('"')[0]
    short = {**GOOD, "narrative": "pendek", "kunci": key}
    five = [(io.BytesIO(PDF), f"bukti-{number}.pdf") for number in range(5)]
    assert client.post("/pengaduan/baru", data={**short, "lampiran": five}).status_code == 422
    one_more = client.post("/pengaduan/baru", data={**short, "lampiran": [(io.BytesIO(PDF), "lagi.pdf")]})
    assert one_more.status_code == 422 and "Paling banyak 5 lampiran" in one_more.get_data(as_text=True)
    removed = client.post("/pengaduan/baru", data={**short, "_action": "hapus:0"}).get_data(as_text=True)
    assert "bukti-0.pdf</strong>" not in removed and "bukti-1.pdf</strong>" in removed
    assert "Ada yang perlu diperbaiki" not in removed  # a removal is not a try at filing
    assert len(list((tmp_path / "uploads").iterdir())) == 4
    assert client.post("/pengaduan/baru", data={**GOOD, "kunci": key}).status_code == 302
    names = [item["name"] for item in session.scalars(select(Complaint)).one().attachments]
    assert names == ["bukti-1.pdf", "bukti-2.pdf", "bukti-3.pdf", "bukti-4.pdf"]


def test_files_chosen_with_a_kept_attachments_hapus_are_kept_too(client, tmp_path):
    """Before: "Hapus" returned before the new uploads were read; the files chosen with it were dropped unsaid."""
    import io

    page = client.get("/pengaduan/baru").get_data(as_text=True)
    key = page.split('name="kunci" value="')[1].split('"')[0]
    short = {**GOOD, "narrative": "pendek", "kunci": key}
    client.post("/pengaduan/baru", data={**short, "lampiran": [(io.BytesIO(PDF), "lama.pdf")]})
    chosen = [(io.BytesIO(PDF), "baru.pdf"), (io.BytesIO(b""), "kosong.pdf")]
    answer = client.post("/pengaduan/baru", data={**short, "_action": "hapus:0", "lampiran": chosen})
    html = answer.get_data(as_text=True)
    assert "lama.pdf</strong>" not in html and re.search(r"Sudah diunggah:\s*<strong>baru.pdf</strong>", html)
    assert answer.status_code == 422 and "kosong.pdf:" in html  # the one not taken is said, beside its input
    assert len(list((tmp_path / "uploads").iterdir())) == 1


def test_the_complaint_error_summary_follows_the_page_and_names_each_field(client):
    """Before: date, title, narrative, place — not the page's order — and "wajib diisi" without its field."""
    answer = client.post("/pengaduan/baru", data={**GOOD, "title": "", "narrative": "", "event_date": "", "place": ""})
    summary = answer.get_data(as_text=True).split('id="error-summary"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<a href="#([a-z_]+)">([^<]*)</a>', summary)
    assert [anchor for anchor, _text in links] == ["title", "narrative", "event_date", "place"]
    assert [text.split(":", 1)[0] for _anchor, text in links] == [
        "Judul",
        "Isi laporan",
        "Tanggal kejadian",
        "Tempat kejadian",
    ]


def test_only_the_applicant_downloads_the_product(make_app, sessions, file_application):
    from framework.worker import loop as worker

    tracking_number = file_application("nakes.uji-regional")  # applicant 7312011505900001, approved
    while worker.run_once(sessions, worker.WorkerConfig(worker_id="t", base_delay=0)):
        pass
    owner, stranger = make_app(WTF_CSRF_ENABLED=False).test_client(), make_app(WTF_CSRF_ENABLED=False).test_client()
    with owner.session_transaction() as cookie:
        cookie["citizen_nik"] = "7312011505900001"
    with stranger.session_transaction() as cookie:
        cookie["citizen_nik"] = population().mothers()[0].nik
    download = owner.get(f"/dokumen/{tracking_number}.pdf")
    assert download.status_code == 200 and download.data.startswith(b"%PDF") and download.mimetype == "application/pdf"
    assert stranger.get(f"/dokumen/{tracking_number}.pdf").status_code == 404
    assert owner.get("/dokumen/TIDAKADA.pdf").status_code == 404


def _inbox(session, nik, count, body="Nomor T1"):
    session.add_all(
        InboxMessage(
            idempotency_key=f"m{number}",
            citizen_nik=nik,
            tracking_number="T1",
            event="submitted",
            subject=f"Pesan {number:03d}",
            body=body,
        )
        for number in range(count)
    )
    session.commit()


def test_the_inbox_marks_new_messages_and_pages_through_all_of_them(client, session, citizen):
    _inbox(session, citizen.nik, 120)
    first = client.get("/kotak-masuk").get_data(as_text=True)
    assert first.count("data-new") == 50 and "Pesan 119" in first and "Pesan 069" not in first
    assert "halaman=2" in first
    third = client.get("/kotak-masuk?halaman=3").get_data(as_text=True)
    assert "Pesan 000" in third and "halaman=4" not in third and third.count("data-new") == 20
    again = client.get("/kotak-masuk").get_data(as_text=True)
    assert "data-new" not in again and "Pesan 119" in again  # read on the first showing
    for bad in ("abc", "0", "-1", "9" * 40, "١"):
        assert client.get(f"/kotak-masuk?halaman={bad}").status_code == 200


def test_the_document_address_in_a_message_is_a_link(client, session, citizen):
    _inbox(session, citizen.nik, 1, body="Dokumen sudah terbit: http://mpp.example/dokumen/T1.pdf\nDocument issued.")
    text = client.get("/kotak-masuk").get_data(as_text=True)
    assert '<a href="http://mpp.example/dokumen/T1.pdf">http://mpp.example/dokumen/T1.pdf</a>' in text


def test_the_profile_chooses_the_language_of_notifications(client, session, citizen):
    assert session.get(CitizenProfile, citizen.nik).language == "both"  # until chosen: both, as before
    assert 'value="both" selected' in client.get("/profil").get_data(as_text=True)
    saved = client.post("/profil", data={"email": "", "phone": "", "language": "en"}, follow_redirects=True)
    assert "Profil tersimpan." in saved.get_data(as_text=True)  # said, not only redirected
    session.expire_all()
    assert session.get(CitizenProfile, citizen.nik).language == "en"
    refused = client.post("/profil", data={"email": "", "phone": "", "language": "xx"})
    assert refused.status_code == 400 and "Pilih bahasa pemberitahuan dari daftar." in refused.get_data(as_text=True)


def test_the_complaint_form_sent_twice_files_one_complaint(client, session):
    page = client.get("/pengaduan/baru").get_data(as_text=True)
    key = page.split('name="kunci" value="')[1].split('"')[0]
    for _ in range(2):
        assert client.post("/pengaduan/baru", data={**GOOD, "kunci": key}).status_code == 302
    assert len(session.scalars(select(Complaint)).all()) == 1
    listed = client.get("/pengaduan").get_data(as_text=True)
    reference = session.scalars(select(Complaint)).one().reference
    assert f"Pengaduan {reference} terkirim; statusnya tampil di daftar ini." in listed


def test_a_complaint_names_a_catalog_service_and_its_region(client, session):
    unknown = client.post("/pengaduan/baru", data={**GOOD, "layanan": "gosip.palsu"})
    assert unknown.status_code == 422 and "Layanan tidak dikenal" in unknown.get_data(as_text=True)
    nowhere = client.post("/pengaduan/baru", data={**GOOD, "wilayah": ""})
    assert nowhere.status_code == 422 and "Pilih kabupaten/kota" in nowhere.get_data(as_text=True)
    assert session.scalars(select(Complaint)).all() == []


def test_the_inbox_counts_new_messages_in_each_language_s_own_plural(client, session, citizen):
    """Before: "7 new message(s)." in English. Needs the catalogs filled with the strings of this change."""

    def new_messages(count, language):
        start = session.scalar(select(func.count()).select_from(InboxMessage))
        session.add_all(
            InboxMessage(
                idempotency_key=f"n{start + number}", citizen_nik=citizen.nik, event="x", subject="S", body="B"
            )
            for number in range(count)
        )
        session.commit()
        page = client.get(f"/kotak-masuk?lang={language}").get_data(as_text=True)
        return re.search(r'data-unread="\d+">([^<]*)<', page).group(1)

    assert (new_messages(7, "id"), new_messages(1, "id")) == ("7 pesan baru.", "1 pesan baru.")
    assert "(s)" not in new_messages(7, "en")
    assert (new_messages(7, "en"), new_messages(1, "en")) == ("7 new messages.", "1 new message.")
