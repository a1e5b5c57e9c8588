"""The case file and the decisions of a step, through the admin: the API's answers, shown as messages."""

from __future__ import annotations

import re

import pytest
from adminhelpers import BUDI, REGION_A, sign_in
from sqlalchemy import select

from framework.core.numbers import size_text
from framework.services import applications
from framework.store.models import Application, AuditEvent
from framework.workflow.actors import Actor

KK = "adminduk.kk"


@pytest.fixture
def filed(file_application):
    return file_application(KK, alasan_kk="PERUBAHAN", keterangan_perubahan="Menikah")  # the change is described


@pytest.fixture
def fo(admin_app, officer):
    officer("fo", "operator_dukcapil", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "fo")
    return client


def page(response) -> str:
    return response.get_data(as_text=True)


def test_the_case_shows_answers_by_page_with_provenance_documents_and_timeline(fo, filed, sessions):
    html = page(fo.get(f"/admin/permohonan/{filed}"))
    assert "Data Pemohon" in html and "BUDI SAPUTRA" in html and BUDI in html
    assert 'class="provenance provenance--verified">Terverifikasi (dari IKD)' in html
    assert "provenance--typed" in html  # the answers the applicant typed
    assert "MEKARSARI" in html.upper()  # the village from IKD, by name
    assert "Pemeriksaan Berkas oleh Front Office" in html and "lagi</span>" in html  # the step and its SLA clock
    assert 'name="action" value="approve"' in html and 'name="action" value="reject"' in html
    assert (
        'value="alasan_kk"' in html and 'value="nik_pemohon"' not in html
    )  # the form's own list; IKD values are not returnable
    with sessions() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "application.view"))
        assert (event.actor, event.target, event.details) == ("fo", filed, {"personal_data": True})


def test_a_document_is_served_inline_with_its_own_type_and_audited(fo, filed, sessions):
    html = page(fo.get(f"/admin/permohonan/{filed}"))
    address = re.search(r'href="(/admin/permohonan/[^"]+/dokumen/[^"]+)"', html).group(1)
    served = fo.get(address)
    assert served.status_code == 200 and served.mimetype in ("application/pdf", "image/png", "image/jpeg")
    assert served.headers["Content-Disposition"].startswith("inline; filename=")
    assert (
        served.headers["X-Content-Type-Options"] == "nosniff"
        and "default-src 'none'" in served.headers["Content-Security-Policy"]
    )
    assert fo.get(address.rsplit("/", 1)[0] + "/nothing").status_code == 404
    with sessions() as session:
        assert session.scalar(select(AuditEvent).where(AuditEvent.action == "application.document")) is not None


def test_return_with_a_reason_per_field_reaches_the_citizen(fo, filed, sessions, admin_app):
    returned = fo.post(
        f"/admin/permohonan/{filed}/keputusan",
        data={
            "action": "return",
            "fields": ["keterangan_perubahan", "bukti_peristiwa"],
            "reason-keterangan_perubahan": "Sebutkan tanggal pernikahan",
            "reason-bukti_peristiwa": "Foto buku nikah buram",
            "reason-alasan_kk": "",  # neither picked nor given a reason: not returned
        },
    )
    assert returned.status_code == 302 and returned.location.endswith("/admin/antrian/")
    with sessions() as session:
        application = session.scalar(select(Application).where(Application.tracking_number == filed))
        assert application.state == "returned"
        assert application.return_fields == ["keterangan_perubahan", "bukti_peristiwa"]
        assert application.return_reason == (
            "Uraian perubahan: Sebutkan tanggal pernikahan\nBukti peristiwa kependudukan: Foto buku nikah buram"
        )
    citizen = admin_app.test_client()
    sign_in(citizen, citizen=BUDI)
    tracking = page(citizen.get(f"/lacak/{filed}"))
    assert "Sebutkan tanggal pernikahan" in tracking and "Uraian perubahan, Bukti peristiwa kependudukan" in tracking


def test_a_missing_reason_is_located_and_nothing_typed_is_lost(fo, filed, sessions):
    refused = fo.post(
        f"/admin/permohonan/{filed}/keputusan",
        data={
            "action": "return",
            "fields": ["keterangan_perubahan", "alasan_kk"],
            "reason-keterangan_perubahan": "Sebutkan tanggal pernikahan",
            "reason-alasan_kk": "  ",
            "comment": "Catatan panjang yang diketik petugas",
        },
    )
    html = page(refused)
    assert refused.status_code == 422
    assert 'href="#reasons-alasan_kk"' in html and "Tulis alasan mengembalikan “" in html
    assert 'value="Sebutkan tanggal pernikahan"' in html and "Catatan panjang yang diketik petugas</textarea>" in html
    assert 'id="field-keterangan_perubahan" name="fields" value="keterangan_perubahan" checked' in html
    nothing = fo.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "return", "comment": "Kurang"})
    assert (
        nothing.status_code == 422
        and "Pilih isian atau dokumen" in page(nothing)
        and "Kurang</textarea>" in page(nothing)
    )
    empty_reject = fo.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "reject", "comment": " "})
    assert empty_reject.status_code == 422 and "Alasan wajib diisi." in page(empty_reject)
    with sessions() as session:
        assert (
            session.scalar(select(Application.state).where(Application.tracking_number == filed))
            == "pemeriksaan_berkas"
        )


def test_a_reason_typed_without_its_tick_returns_that_item_too(fo, filed, sessions):
    """Typed but not ticked: kept on an error, and counted as returned, never dropped without a word."""
    refused = fo.post(
        f"/admin/permohonan/{filed}/keputusan",
        data={"action": "return", "fields": ["alasan_kk"], "reason-keterangan_perubahan": "Tanggal nikah tidak ada"},
    )
    assert refused.status_code == 422 and 'value="Tanggal nikah tidak ada"' in page(refused)
    done = fo.post(
        f"/admin/permohonan/{filed}/keputusan",
        data={"action": "return", "reason-keterangan_perubahan": "Tanggal nikah tidak ada"},
    )
    assert done.status_code == 302
    with sessions() as session:
        application = session.scalar(select(Application).where(Application.tracking_number == filed))
        assert application.state == "returned" and "Tanggal nikah tidak ada" in application.return_reason
        assert application.return_fields == ["keterangan_perubahan"]


def test_a_concurrent_decision_is_the_apis_conflict_and_keeps_the_comment(fo, filed, sessions):
    html = page(fo.get(f"/admin/permohonan/{filed}"))
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    with sessions() as session:  # another front-office officer decides first, through the API's function
        applications.transition(
            session, filed, action="approve", actor=Actor.officer("fo2", "operator_dukcapil", REGION_A)
        )
    late = fo.post(
        f"/admin/permohonan/{filed}/keputusan",
        data={"action": "approve", "comment": "Lengkap sekali", "version": version},
    )
    assert late.status_code == 409 and "baru saja diproses orang lain" in page(late)
    with sessions() as session:  # the second approval did not approve the next step unseen
        assert session.scalar(select(Application.state).where(Application.tracking_number == filed)) == "validasi"


def test_a_verifier_acting_on_the_front_office_step_gets_the_apis_answer(admin_app, officer, filed):
    officer("ver", "verifikator_dukcapil", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "ver")
    html = page(client.get(f"/admin/permohonan/{filed}"))
    assert 'name="action" value="approve"' not in html  # no buttons for another step
    refused = client.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "approve", "comment": "oke"})
    assert refused.status_code == 409
    assert "“Setujui” tidak dapat dilakukan saat permohonan berada di tahap “" in page(refused)
    assert "muat ulang halamannya" in page(refused)  # the page's wording; the API's speaks of `actions`
    assert "Aksi `approve`" not in page(refused) and "status `pemeriksaan_berkas`" not in page(refused)  # ids


def test_the_chain_approves_step_by_step(admin_app, officer, filed, sessions):
    for username, role in (("fo", "operator_dukcapil"), ("ver", "verifikator_dukcapil"), ("kadis", "kepala_dukcapil")):
        officer(username, role, REGION_A)
        client = admin_app.test_client()
        sign_in(client, username)
        queue = page(client.get("/admin/antrian/"))
        assert f'data-tracking-number="{filed}"' in queue
        assert client.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "approve"}).status_code == 302
    with sessions() as session:
        application = session.scalar(select(Application).where(Application.tracking_number == filed))
        assert application.state == "approved"
        assert [(h.action, h.actor) for h in application.history] == [
            ("submit", BUDI),
            ("approve", "fo"),
            ("approve", "ver"),
            ("approve", "kadis"),
        ]


def test_a_decision_without_the_forms_csrf_token_is_refused(make_app, bundled, officer, filed, sessions):
    app = make_app(MPP_CATALOG=bundled)  # CSRF on, as in production
    officer("fo", "operator_dukcapil", REGION_A)
    client = app.test_client()
    sign_in(client, "fo")
    forged = client.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "approve"})
    assert forged.status_code == 400 and "Formulir kedaluwarsa" in page(forged)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page(client.get(f"/admin/permohonan/{filed}"))).group(1)
    approved = client.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "approve", "csrf_token": token})
    assert approved.status_code == 302


def test_the_timeline_names_the_applicant_in_the_pages_language(admin_app, officer, filed):
    officer("fo", "operator_dukcapil", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "fo")
    indonesian = page(client.get(f"/admin/permohonan/{filed}"))
    assert "(pemohon)" in indonesian and "(citizen)" not in indonesian
    assert "(applicant)" in page(client.get(f"/admin/permohonan/{filed}?lang=en"))


def test_a_nul_in_a_decision_keeps_what_the_officer_typed_and_says_where(fo, filed, sessions):
    """A NUL cannot be stored: the form comes back with the text kept (the NUL shown as U+FFFD), the error beside it."""
    reason = "Alamat belum lengkap,\x00 mohon tambahkan RT/RW dan kode pos yang benar"
    refused = fo.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "reject", "comment": reason})
    html = page(refused)
    assert refused.status_code == 422
    assert "Alamat belum lengkap,\ufffd mohon tambahkan RT/RW" in html
    assert re.search(r'id="comment-error">[^<]*(<span[^>]*>[^<]*</span>)?\s*Isian berisi karakter yang tidak sah', html)
    returned = fo.post(
        f"/admin/permohonan/{filed}/keputusan",
        data={
            "action": "return",
            "fields": ["keterangan_perubahan"],
            "reason-keterangan_perubahan": "Tanggal\x00 nikah",
        },
    )
    html = page(returned)
    assert returned.status_code == 422 and 'value="Tanggal\ufffd nikah"' in html
    beside = r'id="reasons-keterangan_perubahan-error">[^<]*(<span[^>]*>[^<]*</span>)?\s*'
    assert re.search(beside + "Isian berisi karakter yang tidak sah", html)
    with sessions() as session:
        assert session.scalar(select(Application.state).where(Application.tracking_number == filed)) != "rejected"


def test_the_status_is_named_in_words_not_by_its_id_nor_by_the_step_that_returned_it(fo, filed):
    def status() -> str:
        html = page(fo.get(f"/admin/permohonan/{filed}"))
        return re.search(r'<dd data-state="[^"]*">([^<]*)</dd>', html).group(1)

    assert status() == "Pemeriksaan Berkas oleh Front Office"
    fo.post(
        f"/admin/permohonan/{filed}/keputusan",
        data={"action": "return", "fields": ["keterangan_perubahan"], "reason-keterangan_perubahan": "Tanggal nikah"},
    )
    assert status() == "Dikembalikan untuk diperbaiki"


def test_a_decided_status_is_named_in_words(fo, filed):
    fo.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "reject", "comment": "Bukan warga wilayah ini"})
    assert '<dd data-state="rejected">Ditolak</dd>' in page(fo.get(f"/admin/permohonan/{filed}"))


def test_an_officer_whose_role_changed_sees_why_they_cannot_decide_the_next_step(
    admin_app, officer, fo, filed, sessions
):
    from framework.store.models import User

    assert fo.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "approve"}).status_code == 302
    with sessions() as session:
        session.query(User).filter(User.username == "fo").update({"role": "verifikator_dukcapil"})
        session.commit()
    html = page(fo.get(f"/admin/permohonan/{filed}"))
    assert 'name="action" value="approve"' not in html and "pemisahan tugas" in html
    refused = fo.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "approve"})
    assert refused.status_code == 403 and "pemisahan tugas" in page(refused)


def test_a_small_upload_shows_its_size_in_bytes_not_0_kb(fo, filed):
    html = page(fo.get(f"/admin/permohonan/{filed}"))
    sizes = re.findall(r"</a> \(([^)]*)\)</figcaption>", html)
    assert sizes and "0 KB" not in sizes and all(re.fullmatch(r"\d+ B|\d+(,\d)? [KM]B", size) for size in sizes)


@pytest.mark.parametrize(
    ("size", "indonesian", "english"),
    [
        (0, "0 B", "0 B"),
        (512, "512 B", "512 B"),
        (1023, "1023 B", "1023 B"),
        (1024, "1 KB", "1 KB"),
        (1229, "1,2 KB", "1.2 KB"),
        (300 * 1024, "300 KB", "300 KB"),
        (1024 * 1024 - 1, "1 MB", "1 MB"),  # not "1024 KB"
        (int(3.4 * 1024 * 1024), "3,4 MB", "3.4 MB"),
    ],
)
def test_sizes_are_written_as_people_read_them(size, indonesian, english):
    assert (size_text(size, "id"), size_text(size, "en")) == (indonesian, english)


def history_lines(html: str) -> list[str]:
    """The history's entries as read: tags dropped, spaces joined."""
    section = html.split('id="timeline-title"')[1].split("</ol>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in section.split("<li>")[1:]]


def test_the_history_says_what_was_done_at_which_step_and_by_which_role(fo, filed, sessions):
    """It named only the state entered ("Diproses: Verifikasi … · fo"), as if fo had done the next step's check."""
    fo.post(
        f"/admin/permohonan/{filed}/keputusan",
        data={"action": "return", "fields": ["keterangan_perubahan"], "reason-keterangan_perubahan": "Tanggal nikah"},
    )
    with sessions() as session:
        applications.resubmit(session, filed, actor=Actor.citizen(BUDI), answers={"keterangan_perubahan": "Cerai"})
        session.commit()
    fo.post(f"/admin/permohonan/{filed}/keputusan", data={"action": "approve"})
    lines = history_lines(page(fo.get(f"/admin/permohonan/{filed}")))
    check = "Pemeriksaan Berkas oleh Front Office"
    assert [line.split(" — ", 1)[1].split(" · ")[0] for line in lines] == [
        f"Diajukan → {check}",
        f"Dikembalikan kepada pemohon: {check}",
        f"Diajukan ulang → {check}",
        f"Disetujui: {check} → Verifikasi dan Validasi Data",
    ]
    assert lines[1].split(" · ")[1].startswith("fo (Operator Dukcapil) Alasan:") and "(pemohon)" in lines[2]
    english = history_lines(page(fo.get(f"/admin/permohonan/{filed}?lang=en")))
    assert "Approved: Document check by the front office → Data verification and validation · fo" in english[3]
    assert "(Dukcapil operator)" in english[3]


def test_a_deadline_approval_is_said_as_automatic_and_an_officers_as_theirs(bundled):
    from framework.services.move_words import move_words

    spec = bundled.specs["nakes.sip-dokter"]
    first, second = spec.steps[0], spec.steps[1]
    by_deadline = move_words(spec, first.id, second.id, "approve", "system")
    assert by_deadline.what.get("id") == "Disetujui otomatis oleh batas waktu"
    assert by_deadline.what.get("en") == "Approved automatically by the deadline"
    assert (by_deadline.step, by_deadline.next_step) == (first.title, second.title)
    assert move_words(spec, first.id, second.id, "approve", first.role).what.get("id") == "Disetujui"
    assert move_words(spec, "approved", "issued", "issue", "system").what.get("id") == "Diterbitkan"
