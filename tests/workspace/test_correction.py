"""The citizen fixes just the returned fields in the portal (`/lacak/<nomor>/perbaiki`)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from adminhelpers import BUDI, REGION_A, sign_in
from sqlalchemy import select

from framework.services import applications
from framework.storage import LocalStorage
from framework.store.models import Application
from framework.workflow.actors import Actor

PDF = b"%PDF-1.4\n% the corrected scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # not the filed example file


def application_of(session, number: str) -> Application:
    return session.scalar(select(Application).where(Application.tracking_number == number))


def file_and_return(sessions, file_application, reasons, comment=None, **answers) -> str:
    """A family-card application filed by Budi and returned by the front office with ``reasons``."""
    answers = {"alasan_kk": "PERUBAHAN", "keterangan_perubahan": "Menikah", **answers}  # the change is described
    number = file_application("adminduk.kk", **answers)
    with sessions() as session:
        applications.transition(
            session,
            number,
            action="return",
            actor=Actor.officer("fo", "operator_dukcapil", REGION_A),
            reasons=reasons,
            comment=comment,
        )
    return number


@pytest.fixture
def returned(sessions, file_application):
    reasons = {"keterangan_perubahan": "Sebutkan tanggal pernikahan", "telepon_pemohon": "Nomor tidak aktif"}
    return file_and_return(sessions, file_application, reasons)


@pytest.fixture
def budi(admin_app):
    client = admin_app.test_client()
    sign_in(client, citizen=BUDI)
    return client


def test_only_the_returned_fields_are_offered_and_the_fix_goes_back_to_the_step(budi, returned, sessions):
    form = budi.get(f"/lacak/{returned}/perbaiki").get_data(as_text=True)
    assert "Sebutkan tanggal pernikahan" in form
    assert 'name="keterangan_perubahan"' in form and 'name="telepon_pemohon"' in form
    assert 'name="alasan_kk"' not in form and "anggota" not in form  # nothing else can change
    bad = budi.post(
        f"/lacak/{returned}/perbaiki",
        data={"keterangan_perubahan": "Menikah pada 1 Mei 2026", "telepon_pemohon": "12"},
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'href="#telepon_pemohon"' in html
    assert "Menikah pada 1 Mei 2026</textarea>" in html  # nothing typed is lost
    fixed = budi.post(
        f"/lacak/{returned}/perbaiki",
        data={"keterangan_perubahan": "Menikah pada 1 Mei 2026", "telepon_pemohon": "0812-1111-2222"},
    )
    assert fixed.status_code == 302 and fixed.location.endswith(f"/lacak/{returned}")
    with sessions() as session:
        application = session.scalar(select(Application).where(Application.tracking_number == returned))
        assert (application.state, application.answers["keterangan_perubahan"]) == (
            "pemeriksaan_berkas",
            "Menikah pada 1 Mei 2026",
        )
        assert sorted(application.history[-1].fields["changed"]) == ["keterangan_perubahan", "telepon_pemohon"]
        assert application.resubmitted_at is not None
    again = budi.get(f"/lacak/{returned}/perbaiki")  # the back button, a bookmark: before, a 404 page
    assert again.status_code == 302 and again.location.endswith(f"/lacak/{returned}")
    assert "Perbaikan sudah dikirim" in budi.get(again.location).get_data(as_text=True)


def test_a_nul_in_a_correction_keeps_what_was_typed_and_says_where(budi, returned, sessions):
    """The site's guard answered a bare error page for a NUL, and every typed correction was gone with it."""
    answer = budi.post(
        f"/lacak/{returned}/perbaiki",
        data={"keterangan_perubahan": "Menikah pada\x00 1 Mei 2026", "telepon_pemohon": "0812-1111-2222"},
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "\x00" not in html
    assert "Menikah pada\ufffd 1 Mei 2026</textarea>" in html and 'value="081211112222"' in html
    beside = r'id="keterangan_perubahan-error"><span[^>]*>[^<]*</span>\s*Isian berisi karakter yang tidak sah'
    assert re.search(beside, html)
    assert re.search(r'href="#keterangan_perubahan"[^>]*>[^<]*Isian berisi karakter yang tidak sah', html)
    assert "telepon_pemohon-error" not in html
    again = budi.get(f"/lacak/{returned}/perbaiki?lang=en").get_data(as_text=True)  # the typed post, from the session
    assert "Menikah pada\ufffd 1 Mei 2026</textarea>" in again and "\x00" not in again
    with sessions() as session:
        application = application_of(session, returned)
        assert (application.state, application.answers["keterangan_perubahan"]) == ("returned", "Menikah")


def test_someone_elses_returned_application_is_not_found(admin_app, returned):
    stranger = admin_app.test_client()
    sign_in(stranger, citizen="3203014204850001")
    assert stranger.get(f"/lacak/{returned}/perbaiki").status_code == 404
    anonymous = admin_app.test_client()
    assert anonymous.get(f"/lacak/{returned}/perbaiki").location.startswith("/masuk/ikd")


def test_the_officer_sees_what_changed_at_the_resubmission(budi, returned, admin_app, officer):
    budi.post(
        f"/lacak/{returned}/perbaiki",
        data={"keterangan_perubahan": "Menikah pada 1 Mei 2026", "telepon_pemohon": "0812-1111-2222"},
    )
    officer("fo", "operator_dukcapil", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "fo")
    html = fo.get(f"/admin/permohonan/{returned}").get_data(as_text=True)
    assert "Yang diubah saat diajukan ulang" in html
    assert "<del>Menikah</del>" in html and "<ins>Menikah pada 1 Mei 2026</ins>" in html
    assert "diajukan ulang</span>" in fo.get("/admin/antrian/").get_data(as_text=True)


@pytest.fixture
def returned_with_document(sessions, file_application):
    reasons = {"keterangan_perubahan": "Sebutkan tanggal", "bukti_peristiwa": "Buku nikah tidak terbaca"}
    return file_and_return(sessions, file_application, reasons, alasan_kk="PERUBAHAN")


def test_every_mistake_shows_at_once_and_a_good_file_is_not_chosen_again(budi, returned_with_document, sessions):
    """A bad file hid the empty required field until the next round; a good file was dropped on any error."""
    import io

    address = f"/lacak/{returned_with_document}/perbaiki"
    form = budi.get(address).get_data(as_text=True)
    assert 'accept=".pdf,.jpg,.png"' in form
    both = budi.post(
        address,
        data={"keterangan_perubahan": "", "bukti_peristiwa": (io.BytesIO(b"bukan pdf"), "nikah.pdf")},
        content_type="multipart/form-data",
    )
    html = both.get_data(as_text=True)
    assert both.status_code == 422
    assert 'href="#bukti_peristiwa"' in html and 'href="#keterangan_perubahan"' in html, "one round, both mistakes"
    kept = budi.post(
        address,
        data={"keterangan_perubahan": "", "bukti_peristiwa": (io.BytesIO(PDF), "buku-nikah.pdf")},
        content_type="multipart/form-data",
    )
    html = kept.get_data(as_text=True)
    assert kept.status_code == 422 and 'href="#keterangan_perubahan"' in html
    assert "Sudah diunggah:" in html and "buku-nikah.pdf" in html
    sent = budi.post(address, data={"keterangan_perubahan": "Menikah pada 1 Mei 2026"})
    assert sent.status_code == 302, sent.get_data(as_text=True)
    with sessions() as session:
        application = session.scalar(select(Application).where(Application.tracking_number == returned_with_document))
        assert application.documents["bukti_peristiwa"]["filename"] == "buku-nikah.pdf"
    with budi.session_transaction() as cookie:
        assert returned_with_document not in cookie.get("correction_uploads", {}), "forgotten once sent"


def correction_with_a_kept_file(budi, number) -> None:
    """A good new file for the returned document, sent with the returned answer left empty: kept, not yet used."""
    import io

    kept = budi.post(
        f"/lacak/{number}/perbaiki",
        data={"keterangan_perubahan": "", "bukti_peristiwa": (io.BytesIO(PDF), "buku-nikah.pdf")},
        content_type="multipart/form-data",
    )
    assert kept.status_code == 422 and "Sudah diunggah:" in kept.get_data(as_text=True)


def swept_two_days_on(sessions, storage) -> int:
    """`mpp purge`'s sweep of unreferenced uploads, with every stored file written two days ago."""
    import os

    from framework.services.unreferenced_uploads import sweep
    from framework.store.types import utcnow

    moment = (utcnow() - timedelta(days=2)).timestamp()
    for item in storage.stored():
        os.utime(storage.root / item.key, (moment, moment))
    with sessions() as session:
        return sweep(session, storage)


def test_the_replaced_document_is_swept_once_nothing_names_it(budi, returned_with_document, sessions, tmp_path):
    """It was left on disk for ever: unreachable, and out of retention's reach."""
    storage = LocalStorage(tmp_path / "uploads")
    with sessions() as session:
        first = application_of(session, returned_with_document).documents["bukti_peristiwa"]["key"]
    correction_with_a_kept_file(budi, returned_with_document)
    assert swept_two_days_on(sessions, storage) == 0, "the kept file is named by the citizen's session"
    sent = budi.post(f"/lacak/{returned_with_document}/perbaiki", data={"keterangan_perubahan": "Menikah 1 Mei 2026"})
    assert sent.status_code == 302
    with sessions() as session:
        replacement = application_of(session, returned_with_document).documents["bukti_peristiwa"]["key"]
    assert replacement != first
    assert swept_two_days_on(sessions, storage) == 1
    assert storage.open(replacement) == PDF
    with pytest.raises(KeyError):
        storage.open(first)


def test_an_abandoned_corrections_kept_file_goes_with_the_session(budi, returned_with_document, sessions, tmp_path):
    storage = LocalStorage(tmp_path / "uploads")
    before = {item.key for item in storage.stored()}
    correction_with_a_kept_file(budi, returned_with_document)
    (kept,) = {item.key for item in storage.stored()} - before
    assert budi.post("/keluar").status_code == 302  # the session row is deleted
    assert swept_two_days_on(sessions, storage) == 1
    with pytest.raises(KeyError):
        storage.open(kept)
    assert {item.key for item in storage.stored()} == before, "the application's own documents stay"


def test_a_returned_document_must_come_back_as_another_file(budi, returned_with_document, sessions):
    """Sent back with no new file, or the same file again, it only went back to the queue as unusable as before."""
    import io

    from framework.forms.examples import example_file

    address = f"/lacak/{returned_with_document}/perbaiki"
    without = budi.post(address, data={"keterangan_perubahan": "Menikah pada 1 Mei 2026"})
    html = without.get_data(as_text=True)
    assert without.status_code == 422 and 'href="#bukti_peristiwa"' in html
    assert "Unggah berkas baru untuk dokumen ini: petugas mengembalikannya untuk diperbaiki." in html
    name, same = example_file(("pdf",))  # the file filed first
    again = budi.post(
        address,
        data={"keterangan_perubahan": "Menikah pada 1 Mei 2026", "bukti_peristiwa": (io.BytesIO(same), name)},
        content_type="multipart/form-data",
    )
    assert again.status_code == 422 and "Berkas ini sama dengan yang dikembalikan petugas" in again.get_data(
        as_text=True
    )
    with sessions() as session:
        assert application_of(session, returned_with_document).state == "returned"


def test_each_reason_is_said_at_its_field_and_the_reasons_keep_their_lines(budi, returned_with_document):
    html = budi.get(f"/lacak/{returned_with_document}/perbaiki").get_data(as_text=True)
    reason = 'id="keterangan_perubahan-reason">Alasan petugas: <span lang="id">Sebutkan tanggal</span></p>'
    assert reason in html
    assert 'aria-describedby="keterangan_perubahan-reason' in html
    assert 'id="bukti_peristiwa-reason">Alasan petugas: <span lang="id">Buku nikah tidak terbaca</span></p>' in html
    assert 'aria-describedby="bukti_peristiwa-reason bukti_peristiwa-hint"' in html
    assert "Alasan dikembalikan" not in html  # no note: each reason is said at its field, not again on top


def test_the_officers_reason_is_apart_from_the_hint_and_marked_indonesian_on_the_english_page(
    budi, returned_with_document
):
    """It read `<p class="hint">The officer's reason: Jam tidak jelas Example: …</p>`, the Indonesian words
    pronounced as English and run into the field's own hint."""
    html = budi.get(f"/lacak/{returned_with_document}/perbaiki?lang=en").get_data(as_text=True)
    reason = re.search(r'<p class="hint officer-reason" id="keterangan_perubahan-reason">(.*?)</p>', html)
    assert reason is not None and reason.group(1).endswith('<span lang="id">Sebutkan tanggal</span>')
    hint = re.search(r'<p class="hint" id="keterangan_perubahan-hint">(.*?)</p>', html, re.S)
    assert hint is None or "Sebutkan tanggal" not in hint.group(1)
    assert re.search(r'aria-describedby="keterangan_perubahan-reason( [^"]*)?"', html)


def test_the_officers_note_is_on_top_and_the_field_reasons_only_at_their_fields(sessions, file_application, budi):
    reasons = {"keterangan_perubahan": "Sebutkan tanggal"}
    number = file_and_return(sessions, file_application, reasons, comment="Mohon dilengkapi\nsebelum Jumat")
    html = budi.get(f"/lacak/{number}/perbaiki").get_data(as_text=True)
    assert 'Alasan dikembalikan:</strong> <span class="lines" lang="id">Mohon dilengkapi\nsebelum Jumat</span>' in html
    assert html.count("Sebutkan tanggal") == 1  # beside its field only


# --- a returned repeating group: the form's own "Tambah lagi" and "Hapus" --------------------

RUDI, FAJAR = "3203010309120001", "3203012302160001"  # two children in the sandbox IKD


def member(nik: str, hubungan: str = "ANAK", perubahan: str = "MASUK") -> dict:
    return {"nik_anggota": nik, "hubungan": hubungan, "perubahan": perubahan}


def member_rows(*niks: str) -> dict:
    """The correction page's post of the group ``anggota`` with one row per NIK (as the page draws it)."""
    data = {"anggota-rows": str(len(niks))}
    for index, nik in enumerate(niks):
        data.update({f"anggota-{index}-{name}": value for name, value in member(nik).items()})
    return data


@pytest.fixture
def returned_members(sessions, file_application):
    return file_and_return(
        sessions, file_application, {"anggota": "Satu anggota belum dicantumkan"}, anggota=[member(RUDI)]
    )


def test_a_returned_group_offers_add_and_remove_like_the_form(budi, returned_members, sessions):
    """Returned for "a member is missing", the citizen had no button to add one: a dead end."""
    address = f"/lacak/{returned_members}/perbaiki"
    form = budi.get(address).get_data(as_text=True)
    assert 'value="tambah:anggota"' in form and 'value="hapus:anggota:0"' not in form  # min 1: the one row stays
    added = budi.post(address, data={**member_rows(RUDI), "_action": "tambah:anggota"})
    html = added.get_data(as_text=True)
    assert added.status_code == 200 and 'name="anggota-1-nik_anggota"' in html
    assert 'value="hapus:anggota:1"' in html and f'value="{RUDI}"' in html  # the first row kept as typed
    again = budi.get(f"{address}?lang=en").get_data(as_text=True)  # the language link replays the added row
    assert 'name="anggota-1-nik_anggota"' in again
    sent = budi.post(address, data=member_rows(RUDI, FAJAR))
    assert sent.status_code == 302, sent.get_data(as_text=True)
    with sessions() as session:
        application = application_of(session, returned_members)
        assert [row["nik_anggota"] for row in application.answers["anggota"]] == [RUDI, FAJAR]
        assert list(application.history[-1].fields["changed"]) == ["anggota"]


def test_a_row_is_removed_and_a_blank_added_row_is_not_an_answer(budi, sessions, file_application):
    number = file_and_return(
        sessions, file_application, {"anggota": "Hapus anggota kedua"}, anggota=[member(RUDI), member(FAJAR)]
    )
    address = f"/lacak/{number}/perbaiki"
    removed = budi.post(address, data={**member_rows(RUDI, FAJAR), "_action": "hapus:anggota:0"})
    html = removed.get_data(as_text=True)
    assert removed.status_code == 200 and 'name="anggota-1-nik_anggota"' not in html
    assert f'value="{FAJAR}"' in html and f'value="{RUDI}"' not in html  # the second row moved up
    blank = {**member_rows(FAJAR), "anggota-rows": "2"}  # "Tambah lagi" pressed, the new row left empty
    assert budi.post(address, data=blank).status_code == 302
    with sessions() as session:
        # the member's name is looked up again by the row's NIK (sandbox IKD), as at filing
        assert application_of(session, number).answers["anggota"] == [
            {**member(FAJAR), "nama_anggota": "FAJAR SAPUTRA"}
        ]


def test_no_row_past_the_groups_max_and_a_forged_add_is_refused_where_it_is(budi, sessions, file_application):
    full = [member(RUDI)] * 15  # kk.yaml: at most 15 members
    number = file_and_return(sessions, file_application, {"anggota": "Periksa hubungan"}, anggota=full)
    address = f"/lacak/{number}/perbaiki"
    assert 'value="tambah:anggota"' not in budi.get(address).get_data(as_text=True)
    forged = budi.post(address, data={**member_rows(*[RUDI] * 15), "_action": "tambah:anggota"})
    html = forged.get_data(as_text=True)
    assert forged.status_code == 422 and 'href="#anggota"' in html and "Paling banyak 15 baris." in html
    assert 'name="anggota-15-nik_anggota"' not in html


def test_the_service_refuses_a_corrected_group_past_its_max_at_the_group(sessions, returned_members):
    from framework.workflow.errors import Invalid

    with sessions() as session, pytest.raises(Invalid) as refused:
        applications.resubmit(
            session, returned_members, actor=Actor.citizen(BUDI), answers={"anggota": [member(RUDI)] * 16}
        )
    assert [(error.field, error.code) for error in refused.value.errors] == [("anggota", "max_items")]


def test_the_service_takes_an_added_and_a_removed_member(sessions, returned_members):
    with sessions() as session:
        applications.resubmit(
            session, returned_members, actor=Actor.citizen(BUDI), answers={"anggota": [member(FAJAR), member(RUDI)]}
        )
        session.commit()
    with sessions() as session:
        application = application_of(session, returned_members)
        assert [row["nik_anggota"] for row in application.answers["anggota"]] == [FAJAR, RUDI]
        assert application.history[-1].fields["changed"]["anggota"]["old"] == [
            {**member(RUDI), "nama_anggota": "RUDI SAPUTRA"}
        ]


def test_the_officer_sees_each_members_name_and_whether_ikd_knows_the_nik(
    admin_app, officer, sessions, file_application
):
    unknown = "7306130604780009"  # well formed, not in the sandbox IKD
    number = file_application("adminduk.kk", alasan_kk="PERUBAHAN", anggota=[member(RUDI), member(unknown)])
    with sessions() as session:
        application = application_of(session, number)
        assert application.answers["anggota"][0]["nama_anggota"] == "RUDI SAPUTRA"
        assert application.prefill["anggota.0.nama_anggota"]["verified"] is True
        assert application.prefill["anggota.1.nama_anggota"]["verified"] is False
    officer("fo", "operator_dukcapil", REGION_A)
    fo = admin_app.test_client()
    sign_in(fo, "fo")
    html = fo.get(f"/admin/permohonan/{number}").get_data(as_text=True)
    assert "RUDI SAPUTRA" in html and 'provenance--unverified">(Belum terverifikasi' in html


def test_a_corrected_reason_asking_for_a_new_document_offers_its_upload(budi, sessions, file_application):
    """Damaged corrected to lost asks for the police report: the page offers it, and the correction carries it."""
    import io

    number = file_and_return(sessions, file_application, {"alasan_kk": "KK hilang, bukan rusak"}, alasan_kk="RUSAK")
    address = f"/lacak/{number}/perbaiki"
    assert 'name="surat_kehilangan"' not in budi.get(address).get_data(as_text=True)  # not asked for a damaged card
    asked = budi.post(address, data={"alasan_kk": "HILANG"})
    html = asked.get_data(as_text=True)
    assert asked.status_code == 422 and 'name="surat_kehilangan"' in html and 'href="#surat_kehilangan"' in html
    sent = budi.post(
        address,
        data={"alasan_kk": "HILANG", "surat_kehilangan": (io.BytesIO(PDF), "laporan-polisi.pdf")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    with sessions() as session:
        filed = application_of(session, number)
        assert filed.state != "returned" and "surat_kehilangan" in filed.documents
