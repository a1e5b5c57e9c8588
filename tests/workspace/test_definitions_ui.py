"""The publication workflow in the admin: a region proposes, the ministry reviews and audits the catalog.

The app builds its live catalog from the database (no fixed test catalog), so
an approval in the admin is served by the same process at once, and a
withdrawal stops new applications, as in production.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from adminhelpers import sign_in
from publication_samples import GOWA, SKTM, SKTM_PARTIAL

from framework.services import catalog_audit, publication
from framework.store.definitions import DefinitionVersion
from framework.workflow.actors import Actor
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

BROKEN = SKTM.format(version=1).replace("type: integer", "type: angka")  # line 32
MINISTRY = Actor.officer("kementerian", MINISTRY_ROLE, None)


@pytest.fixture
def publishing(live_catalog_app, officer):
    """The app, a Gowa admin's client and the ministry's."""
    officer("admin.gowa", ADMIN_ROLE, GOWA)
    officer("admin.soppeng", ADMIN_ROLE, "73.12")
    officer("kementerian", MINISTRY_ROLE, None)
    region, ministry = live_catalog_app.test_client(), live_catalog_app.test_client()
    sign_in(region, "admin.gowa")
    sign_in(ministry, "kementerian")
    return live_catalog_app, region, ministry


@pytest.fixture
def filed_in_gowa(publishing, sessions, officer):
    """Version 1 of the SKTM live, a Gowa front-office officer's client, and the API's answer to one filing."""

    app, region, ministry = publishing
    officer("fo.gowa", "operator_dpmptsp", GOWA)
    front_office = app.test_client()
    sign_in(front_office, "fo.gowa")
    version_id = propose_in_admin(region, SKTM.format(version=1))
    ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "approve"})
    return front_office, file_sktm(app, sessions)


def file_sktm(app, sessions):
    """A citizen of Gowa files the live SKTM through the API; the API's answer."""
    from framework.services.accounts import issue_token

    with sessions() as session:
        token = issue_token(session, citizen="7306011205820001")
        session.commit()
    return app.test_client().post(
        "/api/v1/services/sosial.sktm-gowa/applications",
        json={"region": GOWA, "answers": {"nama": "Budi", "penghasilan": 900000}},
        headers={"Authorization": f"Bearer {token}"},
    )


def text_of(response) -> str:
    return response.get_data(as_text=True)


def listing_line(html: str, number: int) -> str:
    found = re.search(rf'<li id="baris-{number}"[^>]*>(.*?)</li>', html, re.S)
    assert found, f"line {number} is not in the listing"
    return found.group(1)


def propose_in_admin(region, source: str) -> int:
    answer = region.post("/admin/usulan/baru", data={"isi": source, "tindakan": "ajukan"})
    assert answer.status_code == 302, text_of(answer)
    return int(answer.location.rsplit("/", 1)[1])


def test_a_pasted_mistake_is_shown_beside_its_line_and_the_text_is_kept(publishing, sessions):
    _app, region, _ministry = publishing
    answer = region.post("/admin/usulan/baru", data={"isi": BROKEN, "tindakan": "ajukan"})
    html = text_of(answer)
    assert answer.status_code == 422
    assert 'href="#baris-32">usulan.yaml:32:15</a> <code>BAD_VALUE</code>' in html
    line = listing_line(html, 32)
    assert "type: angka" in line and "BAD_VALUE" in line and "maksud Anda `integer`?" in line
    assert "BAD_VALUE" not in listing_line(html, 31)
    assert "type: angka" in re.search(r'<textarea[^>]*name="isi"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    with sessions() as session:
        assert publication.versions(session) == [], "nothing is stored"
    english = text_of(region.post("/admin/usulan/baru?lang=en", data={"isi": BROKEN, "tindakan": "periksa"}))
    assert "did you mean `integer`?" in listing_line(english, 32)


def test_an_uploaded_file_is_checked_then_proposed(publishing, sessions):
    _app, region, _ministry = publishing
    upload = {"berkas": (io.BytesIO(SKTM.format(version=1).encode()), "sktm-gowa.yaml"), "tindakan": "periksa"}
    checked = region.post("/admin/usulan/baru", data=upload, content_type="multipart/form-data")
    html = text_of(checked)
    assert checked.status_code == 200
    assert "Tidak ada kesalahan" in html and "Layanan baru: belum ada versi yang berlaku." in html
    assert "Standar pelayanan lengkap" in html and 'id="warnings"' not in html
    assert 'name="nama_berkas" value="sktm-gowa.yaml"' in html and "service: sosial.sktm-gowa" in html
    with sessions() as session:
        assert publication.versions(session) == [], "checking stores nothing"
    version_id = propose_in_admin(region, SKTM.format(version=1))
    page = text_of(region.get(f"/admin/usulan/{version_id}"))
    assert 'data-status="proposed"' in page and 'data-action="propose"' in page
    listed = text_of(region.get("/admin/usulan/"))
    assert f'data-version="{version_id}" data-status="proposed"' in listed


def test_what_strict_refuses_is_shown_at_its_line_and_not_proposed(publishing, sessions):
    """A definition `mpp validate --strict` (CI) refuses went to the ministry with "0 errors" and could go live."""
    _app, region, _ministry = publishing
    partial = SKTM_PARTIAL.format(version=1)
    checked = text_of(region.post("/admin/usulan/baru", data={"isi": partial, "tindakan": "periksa"}))
    assert 'data-code="STANDARD_REQUIREMENTS"' in checked and 'data-code="ASKS_REGISTRY_DATA"' in checked
    assert "Tidak ada kesalahan" not in checked and 'id="warnings"' in checked
    answer = region.post("/admin/usulan/baru", data={"isi": partial, "tindakan": "ajukan"})
    html = text_of(answer)
    assert answer.status_code == 422 and "`mpp validate --strict` menolak setiap peringatan" in html
    assert 'href="#baris-16">usulan.yaml:16:9</a> <code>DATA_NOT_MINIMAL</code>' in html
    assert "DATA_NOT_MINIMAL" in listing_line(html, 16) and "STANDARD_INCOMPLETE" in listing_line(html, 8)
    with sessions() as session:
        assert publication.versions(session) == [], "nothing is stored"


def test_the_ministry_cannot_approve_what_strict_refuses(publishing, sessions, monkeypatch):
    _app, region, ministry = publishing
    with monkeypatch.context() as before:  # proposed before proposals were held to `mpp validate --strict`
        before.setattr(publication.Proposal, "refused_by_strict", property(lambda found: found.errors))
        version_id = propose_in_admin(region, SKTM.format(version=1).replace("{id: Nama, en: Name}", "Nama"))
    page = text_of(ministry.get(f"/admin/tinjauan/{version_id}"))
    assert "NOT_BILINGUAL" in listing_line(page, 29)
    answer = ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "approve"})
    html = text_of(answer)
    assert answer.status_code == 409 and "ditolak `mpp validate --strict`" in html and "NOT_BILINGUAL" in html
    with sessions() as session:
        assert [v.status for v in publication.versions(session)] == ["proposed"]


def test_a_file_that_is_not_utf8_is_refused_and_still_shown(publishing):
    _app, region, _ministry = publishing
    latin1 = SKTM.format(version=1).replace("Pemohon", "Pémohon").encode("latin-1")
    upload = {"berkas": (io.BytesIO(latin1), "sktm.yaml"), "tindakan": "periksa"}
    answer = region.post("/admin/usulan/baru", data=upload, content_type="multipart/form-data")
    html = text_of(answer)
    assert answer.status_code == 422 and "bukan teks UTF-8" in html
    assert "service: sosial.sktm-gowa" in html, "the text is shown again, not lost"


def test_nothing_given_is_a_clear_error(publishing):
    _app, region, _ministry = publishing
    answer = region.post("/admin/usulan/baru", data={"isi": "  ", "tindakan": "periksa"})
    assert answer.status_code == 422 and "Unggah berkas YAML atau tempel isinya" in text_of(answer)


def test_another_regions_proposal_is_refused_and_not_found(publishing, sessions):
    app, region, _ministry = publishing
    soppeng = app.test_client()
    sign_in(soppeng, "admin.soppeng")
    answer = soppeng.post("/admin/usulan/baru", data={"isi": SKTM.format(version=1), "tindakan": "ajukan"})
    assert answer.status_code == 422 and "PROPOSAL_OTHER_REGION" in text_of(answer)
    version_id = propose_in_admin(region, SKTM.format(version=1))
    assert soppeng.get(f"/admin/usulan/{version_id}").status_code == 404
    assert soppeng.get(f"/admin/usulan/baru?dari={version_id}").status_code == 404
    assert f'data-version="{version_id}"' not in text_of(soppeng.get("/admin/usulan/"))


def test_returned_with_a_comment_fixed_and_proposed_again(publishing):
    _app, region, ministry = publishing
    first = propose_in_admin(region, SKTM.format(version=1))
    refused = ministry.post(f"/admin/tinjauan/{first}/keputusan", data={"decision": "return", "comment": "  "})
    assert refused.status_code == 422 and "Alasan wajib diisi" in text_of(refused)
    returned = ministry.post(
        f"/admin/tinjauan/{first}/keputusan", data={"decision": "return", "comment": "Tambahkan persyaratan."}
    )
    assert returned.status_code == 302
    listed = text_of(region.get("/admin/usulan/"))
    assert f'data-version="{first}" data-status="returned"' in listed and "Tambahkan persyaratan." in listed
    page = text_of(region.get(f"/admin/usulan/{first}"))
    assert "Dikembalikan oleh kementerian" in page and f"/admin/usulan/baru?dari={first}" in page
    again = text_of(region.get(f"/admin/usulan/baru?dari={first}"))
    assert "service: sosial.sktm-gowa" in re.search(r'<textarea[^>]*name="isi"[^>]*>(.*?)</textarea>', again, re.S)[1]
    second = propose_in_admin(region, SKTM.format(version=2))
    history = text_of(ministry.get(f"/admin/tinjauan/{second}"))
    assert re.findall(r'<li data-action="(\w+)">', history) == ["propose", "return", "propose"]
    assert "Tambahkan persyaratan." in history


def test_approval_publishes_at_once_in_this_process(publishing):
    _app, region, ministry = publishing
    assert region.get("/api/v1/services/sosial.sktm-gowa").status_code == 404
    version_id = propose_in_admin(region, SKTM.format(version=1))
    queue = text_of(ministry.get("/admin/tinjauan/"))
    assert f'data-version="{version_id}" data-status="proposed"' in queue
    approved = ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "approve", "comment": ""})
    assert approved.status_code == 302
    assert "terbit dan berlaku sekarang" in text_of(ministry.get(approved.location))
    assert region.get("/api/v1/services/sosial.sktm-gowa").status_code == 200, "no restart, no wait"
    again = ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "approve"})
    assert again.status_code == 409 and "tidak menunggu tinjauan" in text_of(again)


def test_the_review_shows_each_change_in_words_with_its_verdict(publishing):
    _app, region, ministry = publishing
    first = propose_in_admin(region, SKTM.format(version=1))
    ministry.post(f"/admin/tinjauan/{first}/keputusan", data={"decision": "approve"})
    faster = (
        SKTM.format(version=2).replace("  sla: 3d", "  sla: 2d").replace("min: 0", "min: 0\n        max: 100000000")
    )
    second = propose_in_admin(region, faster)
    html = text_of(ministry.get(f"/admin/tinjauan/{second}"))
    assert "Perubahan dibanding versi yang berlaku (v1)" in html
    rows = re.findall(
        r'<tr data-verdict="(\w+)"><th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>', html
    )
    assert ("tightens", "Standar pelayanan", "batas waktu", "3 hari kerja", "2 hari kerja") in rows
    assert ("tightens", "Kolom “Penghasilan per bulan” (penghasilan)", "nilai paling besar", "—", "100000000") in rows
    english = text_of(ministry.get(f"/admin/tinjauan/{second}?lang=en"))
    assert "3 working day(s)" in english and ">tightens</span>" in english


def test_the_catalog_page_and_its_csv_hold_the_figures_of_mpp_audit(publishing, sessions):
    app, region, ministry = publishing
    version_id = propose_in_admin(region, SKTM.format(version=1).replace("Certificate of", "=Certificate of"))
    ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "approve"})
    html = text_of(ministry.get("/admin/katalog/"))
    with app.app_context(), sessions() as session:
        from framework.web.services import catalog

        expected = catalog_audit.catalog_audit(catalog(), catalog_audit.records(session))
    shown = re.findall(r'<tr data-service="([^"]+)" data-status="(\w+)">', html)
    assert shown == [(e.service, e.status) for e in expected.entries]
    assert ("sosial.sktm-gowa", "published") in shown and ("adminduk.kk.gowa", "bundled") in shown
    report = expected.report
    non_compliant = sum(not s.compliant for s in report.services)
    assert non_compliant == 0 and f"{non_compliant} tidak patuh" in html
    assert f"{len(report.services)} diaudit" in html
    exported = ministry.get("/admin/katalog/katalog.csv?lang=en")
    assert exported.mimetype == "text/csv" and "attachment" in exported.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["service", "title", "kind"] and len(rows) == len(expected.entries) + 1
    sktm = next(row for row in rows if row[0] == "sosial.sktm-gowa")
    assert sktm[1].startswith("'=Certificate"), "a title never runs as a spreadsheet formula"
    assert sktm[5:10] == ["published", "", "3d", "0", "compliant"] and sktm[14] == "kementerian"
    narrowed = ministry.get(f"/admin/katalog/katalog.csv?wilayah={GOWA}").get_data(as_text=True)
    assert {row[0] for row in list(csv.reader(io.StringIO(narrowed.lstrip("\ufeff"))))[1:]} == {
        "adminduk.kk.gowa",
        "sosial.sktm-gowa",
    }


def test_a_variant_shows_what_it_changed_from_its_template(publishing):
    _app, _region, ministry = publishing
    html = text_of(ministry.get("/admin/katalog/adminduk.kk.gowa"))
    assert "Yang diubah daerah dari layanan nasional Penerbitan Kartu Keluarga (KK)" in html
    verdicts = set(re.findall(r'<tr data-verdict="(\w+)">', html))
    assert verdicts == {"tightens", "neutral"}
    assert "Tahap “Verifikasi oleh Kecamatan” (verifikasi_kecamatan)" in html
    assert 'href="/layanan/adminduk.kk/standar-pelayanan?wilayah=73.06"' in html  # the text the audit judged
    national = text_of(ministry.get("/admin/katalog/adminduk.kk"))
    assert 'href="/layanan/adminduk.kk/standar-pelayanan"' in national
    assert "Standar pelayanan lengkap" in national and "Yang diubah daerah" not in national
    assert "Tidak dapat ditarik selama layanan lain memakainya sebagai dasar: adminduk.kk.gowa." in national
    assert ministry.get("/admin/katalog/adminduk.tidak-ada").status_code == 404


def test_two_versions_compared_in_words(publishing):
    _app, region, ministry = publishing
    first = propose_in_admin(region, SKTM.format(version=1))
    ministry.post(f"/admin/tinjauan/{first}/keputusan", data={"decision": "approve"})
    second = propose_in_admin(
        region, SKTM.format(version=2).replace("actions: [approve, return, reject]", "actions: [approve, return]")
    )
    page = text_of(ministry.get("/admin/katalog/sosial.sktm-gowa"))
    assert f'<option value="{first}"' in page and f'<option value="{second}" selected' in page
    html = text_of(ministry.get(f"/admin/katalog/sosial.sktm-gowa/beda?dari={first}&ke={second}"))
    assert re.search(
        r'<tr data-verdict="loosens"><th scope="row">Tahap “Verifikasi” \(verifikasi\)</th><td>tindakan petugas</td>',
        html,
    )
    assert "approve, return, reject" in html and "melonggarkan" in html
    # two versions of one service: no talk of a template and its variant, which this service has not
    assert "versi ini menjanjikan warga lebih sedikit daripada versi sebelumnya" in html
    assert "templat" not in html and "varian" not in html
    assert ministry.get(f"/admin/katalog/sosial.sktm-gowa/beda?dari={first}&ke=bawaan").status_code == 404
    assert ministry.get(f"/admin/katalog/adminduk.kk/beda?dari={first}&ke={second}").status_code == 404


def test_withdrawing_needs_a_reason_and_stops_new_applications(publishing, sessions):
    _app, region, ministry = publishing
    version_id = propose_in_admin(region, SKTM.format(version=1))
    ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "approve"})
    refused = ministry.post("/admin/katalog/sosial.sktm-gowa/tarik", data={"comment": " "})
    assert refused.status_code == 422 and "Alasan wajib diisi" in text_of(refused)
    assert region.get("/api/v1/services/sosial.sktm-gowa").status_code == 200
    done = ministry.post("/admin/katalog/sosial.sktm-gowa/tarik", data={"comment": "Diganti layanan nasional."})
    assert done.status_code == 302
    page = text_of(ministry.get(done.location))
    assert 'data-status="withdrawn"' in page and "Diganti layanan nasional." in page
    # what was withdrawn stays readable: its title, SLA and fee, from the YAML the withdrawal keeps
    assert "<h1>Surat Keterangan Tidak Mampu</h1>" in page
    assert (
        re.search(r"<dt>SLA</dt><dd>3 hari kerja</dd>", page)
        and "<dd>—</dd>" not in page.split("<dt>Biaya</dt>")[1][:20]
    )
    gone = region.get("/api/v1/services/sosial.sktm-gowa")  # withdrawn, not a typo: 410, and it says so
    assert gone.status_code == 410 and gone.get_json()["error"] == "withdrawn"
    assert "withdrawn" in gone.get_json()["message"]["en"] and "ditarik" in gone.get_json()["message"]["id"]
    filing = region.post("/api/v1/services/sosial.sktm-gowa/applications", json={"region": "73.06", "answers": {}})
    assert filing.status_code == 410 and filing.get_json()["error"] == "withdrawn"
    assert region.get("/api/v1/services/sosial.sktm-gowx").status_code == 404
    twice = ministry.post("/admin/katalog/sosial.sktm-gowa/tarik", data={"comment": "Klik kedua."})
    assert twice.status_code == 409 and "Layanan ini sudah ditarik." in text_of(twice)
    assert "Klik kedua." in text_of(twice)  # the page, with the reason as typed: not a bare 404
    assert ministry.post("/admin/katalog/adminduk.tidak-ada/tarik", data={"comment": "Uji"}).status_code == 404
    blocked = ministry.post("/admin/katalog/adminduk.kk/tarik", data={"comment": "Uji"})
    assert blocked.status_code == 409 and "adminduk.kk.gowa" in text_of(blocked)
    with sessions() as session:
        assert session.query(DefinitionVersion).filter_by(service_id="adminduk.kk").count() == 0
    listed = text_of(region.get("/admin/usulan/"))
    assert 'data-status="withdrawn"' in listed and "Diganti layanan nasional." in listed


def test_a_file_too_large_or_holding_a_nul_is_refused_with_its_text_kept(publishing):
    _app, region, _ministry = publishing
    padded = SKTM.format(version=1) + "# " + "x" * (1024 * 1024) + "\n"
    answer = region.post("/admin/usulan/baru", data={"isi": padded, "tindakan": "periksa"})
    assert answer.status_code == 422 and "lebih dari 1 MB" in text_of(answer)
    assert "service: sosial.sktm-gowa" in text_of(answer)
    nul = SKTM.format(version=1).replace("Pemohon", "Pem\x00ohon").encode()
    upload = {"berkas": (io.BytesIO(nul), "sktm.yaml"), "tindakan": "periksa"}
    answer = region.post("/admin/usulan/baru", data=upload, content_type="multipart/form-data")
    html = text_of(answer)
    assert answer.status_code == 422 and "karakter NUL (baris 25)" in html
    assert "\x00" not in html and "Pem\ufffdohon" in html


def test_applications_of_a_withdrawn_service_stay_in_the_queue_until_decided(publishing, filed_in_gowa):
    """Withdrawing took the service out of the live catalog, and the queue, built from it, lost its applications."""
    _app, _region, ministry = publishing
    front_office, filed = filed_in_gowa
    assert filed.status_code == 201, filed.get_json()
    number = filed.get_json()["tracking_number"]
    assert number in text_of(front_office.get("/admin/antrian/"))
    done = ministry.post("/admin/katalog/sosial.sktm-gowa/tarik", data={"comment": "Diganti layanan nasional."})
    assert done.status_code == 302
    queue = text_of(front_office.get("/admin/antrian/"))
    assert number in queue, "those already filed continue"
    assert number in text_of(front_office.get("/admin/antrian/?layanan=sosial.sktm-gowa"))
    decided = front_office.post(f"/admin/permohonan/{number}/keputusan", data={"action": "approve"})
    assert decided.status_code in (200, 302, 303)
    front_office.get("/admin/antrian/")  # shows (and spends) the decision's flash message, which names the number
    assert number not in text_of(front_office.get("/admin/antrian/")), "decided: it leaves the queue"


def test_a_version_that_renames_a_step_is_reviewed_with_a_warning_and_open_applications_stay(publishing, filed_in_gowa):
    """The queue was drawn from the live version: a renamed step stranded what waited at the old one."""
    _app, region, ministry = publishing
    front_office, filed = filed_in_gowa
    number = filed.get_json()["tracking_number"]
    renamed = SKTM.format(version=2).replace("id: verifikasi", "id: pemeriksaan")
    second = propose_in_admin(region, renamed)
    review = text_of(ministry.get(f"/admin/tinjauan/{second}"))
    assert "Permohonan yang masih berjalan" in review and "<code>verifikasi</code>" in review
    assert "tidak ada di versi ini" in review and "1 permohonan terbuka" in review
    ministry.post(f"/admin/tinjauan/{second}/keputusan", data={"decision": "approve"})
    assert number in text_of(front_office.get("/admin/antrian/")), "it waits at its step, as filed"
    decided = front_office.post(f"/admin/permohonan/{number}/keputusan", data={"action": "approve"})
    assert decided.status_code == 302


def test_a_second_review_of_a_decided_proposal_names_its_status_in_words(publishing):
    _app, region, ministry = publishing
    version_id = propose_in_admin(region, SKTM.format(version=1))
    first = ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "return", "comment": "Lengkapi"})
    assert first.status_code == 302
    again = ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "return", "comment": "Lengkapi"})
    html = text_of(again)
    assert again.status_code == 409 and "Usulan ini sudah dikembalikan; tidak menunggu tinjauan lagi." in html
    assert "`returned`" not in html and "berstatus" not in html


def test_an_officer_whose_step_a_new_version_gives_to_another_role_finishes_what_was_filed(publishing, filed_in_gowa):
    """The admin let in only the roles of the live version: the old step's officers lost their queue and case."""
    _app, region, ministry = publishing
    front_office, filed = filed_in_gowa
    number = filed.get_json()["tracking_number"]
    second = propose_in_admin(region, SKTM.format(version=2).replace("role: operator_dpmptsp", "role: fo_dpmptsp"))
    review = text_of(ministry.get(f"/admin/tinjauan/{second}"))
    assert "<code>verifikasi</code>" in review and "1 permohonan terbuka" in review
    ministry.post(f"/admin/tinjauan/{second}/keputusan", data={"decision": "approve"})
    assert number in text_of(front_office.get("/admin/antrian/"))
    decided = front_office.post(f"/admin/permohonan/{number}/keputusan", data={"action": "approve"})
    assert decided.status_code == 302


def test_the_decided_proposals_are_paged_not_cut_off(publishing, monkeypatch):
    import admin.views.reviews

    monkeypatch.setattr(admin.views.reviews, "PAGE_SIZE", 1)
    _app, region, ministry = publishing
    decided = []
    for version in (1, 2):
        number = propose_in_admin(region, SKTM.format(version=version))
        ministry.post(f"/admin/tinjauan/{number}/keputusan", data={"decision": "return", "comment": "Lengkapi."})
        decided.append(number)
    newest = text_of(ministry.get("/admin/tinjauan/"))
    assert f'data-version="{decided[1]}"' in newest and f'data-version="{decided[0]}"' not in newest
    assert 'href="/admin/tinjauan/?halaman=2"' in newest
    older = text_of(ministry.get("/admin/tinjauan/?halaman=2"))
    assert f'data-version="{decided[0]}"' in older and f'data-version="{decided[1]}"' not in older
    past = text_of(ministry.get("/admin/tinjauan/?halaman=99"))  # past the last page: the last
    assert f'data-version="{decided[0]}"' in past and f'data-version="{decided[1]}"' not in past


def test_a_nul_in_a_pasted_definition_keeps_the_text_and_names_its_line(publishing, sessions):
    """The site's guard answered a bare error page for a pasted NUL, and the pasted definition was gone."""
    _app, region, _ministry = publishing
    pasted = SKTM.format(version=1).replace("Pemohon", "Pem\x00ohon")
    answer = region.post(
        "/admin/usulan/baru", data={"isi": pasted, "nama_berkas": "sktm\x00.yaml", "tindakan": "ajukan"}
    )
    html = text_of(answer)
    assert answer.status_code == 422 and "\x00" not in html
    typed = re.search(r'<textarea[^>]*name="isi"[^>]*>(.*?)</textarea>', html, re.S)[1]
    assert "service: sosial.sktm-gowa" in typed and "Pem\ufffdohon" in typed
    assert re.search(r'id="isi-error"><span[^>]*>[^<]*</span>\s*Teks berisi karakter NUL \(baris 25', html)
    assert (
        '<a href="#isi">Teks berisi karakter NUL (baris 25' in html and 'name="nama_berkas" value="sktm.yaml"' in html
    )
    with sessions() as session:
        assert session.query(DefinitionVersion).count() == 0


def test_a_nul_in_a_review_comment_keeps_it_and_says_where(publishing, sessions):
    """The site's guard answered a bare error page for a NUL, and the ministry's comment was gone with it."""
    _app, region, ministry = publishing
    version_id = propose_in_admin(region, SKTM.format(version=1))
    comment = "Tambahkan persyaratan\x00 surat pengantar RT/RW."
    answer = ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "return", "comment": comment})
    html = text_of(answer)
    assert answer.status_code == 422 and "\x00" not in html
    assert re.search(r'id="comment"[^>]*>Tambahkan persyaratan\ufffd surat pengantar RT/RW.</textarea>', html)
    assert re.search(r'id="comment-error"><span[^>]*>[^<]*</span>\s*Isian berisi karakter yang tidak sah', html)
    assert '<a href="#comment">Isian berisi karakter yang tidak sah' in html
    approving = ministry.post(
        f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "approve", "comment": "Ok\x00"}
    )
    html = text_of(approving)
    assert approving.status_code == 422 and 'id="approve-comment"' in html
    assert re.search(r'comment-error">[^\n]*\n\s*<textarea[^>]*id="approve-comment"[^>]*>Ok\ufffd</textarea>', html)
    with sessions() as session:
        assert session.get(DefinitionVersion, version_id).status == "proposed"


def test_a_nul_in_a_withdrawal_reason_keeps_it_and_says_where(publishing, sessions):
    """The site's guard answered a bare error page for a NUL, and the reason for withdrawing was gone with it."""
    _app, region, ministry = publishing
    version_id = propose_in_admin(region, SKTM.format(version=1))
    ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "approve"})
    answer = ministry.post("/admin/katalog/sosial.sktm-gowa/tarik", data={"comment": "Diganti\x00 layanan nasional."})
    html = text_of(answer)
    assert answer.status_code == 422 and "\x00" not in html
    assert re.search(r'id="comment"[^>]*>Diganti\ufffd layanan nasional.</textarea>', html)
    assert re.search(r'id="comment-error"><span[^>]*>[^<]*</span>\s*Isian berisi karakter yang tidak sah', html)
    assert '<a href="#comment">Isian berisi karakter yang tidak sah' in html
    assert region.get("/api/v1/services/sosial.sktm-gowa").status_code == 200  # not withdrawn


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("status=terbitt", "status", "Status “terbitt” tidak dikenal. Pilih salah satu: bawaan (bundled), terbit"),
        ("status=ditarik", None, None),  # the word the list shows is as good as the URL's key
        ("jenis=Nasional&status=Published", None, None),
        ("wilayah=gowa", "wilayah", "Kode wilayah “gowa” tidak dikenal."),
        ("wilayah=99.99", "wilayah", "atau “-” untuk layanan nasional."),
        ("status=published&wilayah=73.06&lang=en", None, None),
        ("status=x&lang=en", "status", "Status “x” is not known. Choose one of: bundled, published, proposed,"),
    ],
)
def test_an_unknown_catalog_filter_is_named_not_an_empty_table(publishing, query, field, message):
    _app, _region, ministry = publishing
    html = text_of(ministry.get(f"/admin/katalog/?{query}"))
    if field is None:  # values the page offers narrow as before
        assert 'id="error-summary"' not in html and 'id="tabel-katalog"' in html
        return
    assert 'id="error-summary"' in html and f'<a href="#{field}">' in html
    assert f'id="{field}-error"' in html and f'aria-describedby="{field}-error"' in html
    assert html.count(message) == 2, "in the summary and beside the filter"
    assert 'id="tabel-katalog"' not in html and 'id="summary"' not in html


def test_a_new_proposed_service_is_listed_by_its_proposed_title(publishing):
    _app, region, ministry = publishing
    propose_in_admin(region, SKTM.format(version=1))
    html = text_of(ministry.get("/admin/katalog/?status=proposed&lang=en"))
    row = re.search(r'<tr data-service="sosial.sktm-gowa".*?</tr>', html, re.S)
    assert row and ">Certificate of low income</a>" in row.group(0), html


def test_the_catalog_is_paged_keeping_its_filters(publishing, monkeypatch):
    import admin.views.catalog_audit

    monkeypatch.setattr(admin.views.catalog_audit, "PAGE_SIZE", 20)
    _app, _region, ministry = publishing
    first = text_of(ministry.get("/admin/katalog/?jenis=national"))
    rows = re.findall(r'<tr data-service="([^"]+)"', first)
    total = int(re.search(r"(\d+) dari \d+ definisi", first).group(1))
    assert total > 20 and len(rows) == 20, "the summary counts every match, the table shows one page"
    assert 'href="/admin/katalog/?halaman=2&amp;jenis=national"' in first
    rest = []
    for number in range(2, -(-total // 20) + 1):
        rest += re.findall(
            r'<tr data-service="([^"]+)"', text_of(ministry.get(f"/admin/katalog/?jenis=national&halaman={number}"))
        )
    assert len(set(rows + rest)) == total, "every definition is on one of the pages"


def test_a_withdrawn_service_is_restored_with_a_reason(publishing):
    _app, region, ministry = publishing
    version_id = propose_in_admin(region, SKTM.format(version=1))
    ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "approve"})
    ministry.post("/admin/katalog/sosial.sktm-gowa/tarik", data={"comment": "Sementara."})
    page = text_of(ministry.get("/admin/katalog/sosial.sktm-gowa"))
    assert 'action="/admin/katalog/sosial.sktm-gowa/pulihkan"' in page and 'id="withdraw"' not in page
    refused = ministry.post("/admin/katalog/sosial.sktm-gowa/pulihkan", data={"comment": " "})
    assert refused.status_code == 422 and "Alasan wajib diisi" in text_of(refused)
    assert region.post("/admin/katalog/sosial.sktm-gowa/pulihkan", data={"comment": "x"}).status_code in (302, 403)
    assert region.get("/api/v1/services/sosial.sktm-gowa").status_code == 410  # withdrawn, until restored
    done = ministry.post("/admin/katalog/sosial.sktm-gowa/pulihkan", data={"comment": "Dibuka kembali."})
    assert done.status_code == 302
    restored = text_of(ministry.get(done.location))
    assert 'data-status="published"' in restored and 'data-action="restore"' in restored
    assert "dipulihkan" in restored and "Dibuka kembali." in restored and 'id="withdraw"' in restored
    assert region.get("/api/v1/services/sosial.sktm-gowa").status_code == 200
    offered = re.findall(r'<select class="select" id="ke" name="ke">(.*?)</select>', restored, re.S)[0]
    labels = re.findall(r"<option [^>]*>([^<]*)</option>", offered)
    # the version withdrawn and its restored copy; the withdrawal's own row (a copy too) is not a version to compare
    assert labels == [f"v1 · digantikan · #{version_id}", f"v1 · terbit · dipulihkan · #{version_id + 2}"], labels
    again = ministry.post("/admin/katalog/sosial.sktm-gowa/pulihkan", data={"comment": "Lagi."})
    assert again.status_code == 409 and "Layanan ini tidak sedang ditarik." in text_of(again)
    assert "Lagi." in text_of(again)


def test_a_nul_in_a_restoration_reason_keeps_it_and_says_where(publishing):
    _app, region, ministry = publishing
    version_id = propose_in_admin(region, SKTM.format(version=1))
    ministry.post(f"/admin/tinjauan/{version_id}/keputusan", data={"decision": "approve"})
    ministry.post("/admin/katalog/sosial.sktm-gowa/tarik", data={"comment": "Sementara."})
    answer = ministry.post("/admin/katalog/sosial.sktm-gowa/pulihkan", data={"comment": "Dibuka\x00 lagi."})
    html = text_of(answer)
    assert answer.status_code == 422 and "\x00" not in html
    assert re.search(r'id="comment"[^>]*>Dibuka\ufffd lagi.</textarea>', html)
    assert region.get("/api/v1/services/sosial.sktm-gowa").status_code == 410  # still withdrawn


def test_the_review_marks_a_moved_steps_title_without_english_on_the_english_page(
    publishing, sessions, officer, monkeypatch
):
    """WCAG 3.1.2: the step still holding applications is named by its Indonesian title, marked lang="id"."""

    app, region, ministry = publishing
    untranslated = "title: {id: Verifikasi}"
    first = SKTM.format(version=1).replace("title: {id: Verifikasi, en: Verification}", untranslated)
    assert untranslated in first
    with monkeypatch.context() as before:  # published before proposals were held to `mpp validate --strict`
        before.setattr(publication.Proposal, "refused_by_strict", property(lambda found: found.errors))
        ministry.post(f"/admin/tinjauan/{propose_in_admin(region, first)}/keputusan", data={"decision": "approve"})
    filed = file_sktm(app, sessions)
    assert filed.status_code == 201, filed.get_json()
    second = propose_in_admin(region, SKTM.format(version=2).replace("id: verifikasi", "id: pemeriksaan"))
    english = text_of(ministry.get(f"/admin/tinjauan/{second}?lang=en"))
    assert '<li><span lang="id">Verifikasi</span> (<code>verifikasi</code>' in english
    indonesian = text_of(ministry.get(f"/admin/tinjauan/{second}?lang=id"))
    assert "<li>Verifikasi (<code>verifikasi</code>" in indonesian and '<span lang="id">' not in indonesian


def test_a_returned_version_overtaken_by_a_published_one_is_not_called_unproposable(publishing):
    """An auditor reading a returned proposal after a later version went live was told it 'cannot be proposed
    yet' (PROPOSAL_VERSION_NOT_RAISED), as if that were what the ministry had seen."""
    _app, region, ministry = publishing
    returned = propose_in_admin(region, SKTM.format(version=1))
    ministry.post(f"/admin/tinjauan/{returned}/keputusan", data={"decision": "return", "comment": "Lengkapi."})
    before = text_of(ministry.get(f"/admin/tinjauan/{returned}"))
    assert 'id="overtaken"' not in before  # returned, nothing newer: it may still be revised and proposed
    published = propose_in_admin(region, SKTM.format(version=1).replace("sla: 3d", "sla: 2d"))
    ministry.post(f"/admin/tinjauan/{published}/keputusan", data={"decision": "approve"})
    html = text_of(ministry.get(f"/admin/tinjauan/{returned}"))
    assert "PROPOSAL_VERSION_NOT_RAISED" not in html and "Definisi ini belum dapat diajukan" not in html
    assert 'id="overtaken"' in html and "lalu v1 terbit" in html


def test_a_pasted_definition_up_to_1_mb_is_checked_and_one_past_it_is_refused_on_the_page(publishing):
    _app, region, _ministry = publishing
    padding = "".join(f"# baris catatan {n:06d} " + "x" * 40 + "\n" for n in range(12_000))  # ~700 kB
    big = SKTM.format(version=1) + padding
    assert 500_000 < len(big.encode()) < 1024 * 1024
    checked = post_multipart(region, {"isi": big, "tindakan": "periksa"})
    assert checked.status_code == 200, "before: 413 at Werkzeug's 500 kB cap on a form field, the text lost"
    assert "Tidak ada kesalahan" in text_of(checked)
    too_big = big + padding
    refused = post_multipart(region, {"isi": too_big, "tindakan": "periksa"})
    html = text_of(refused)
    assert refused.status_code == 422 and "Teks lebih dari 1 MB" in html
    kept = re.search(r'<textarea[^>]*name="isi"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert kept.count("baris catatan") == 24_000


def post_multipart(client, data: dict):
    """A proposal posted as the page's form sends it (multipart); the body's temporary file (past 500 kB) closed."""
    response = client.post("/admin/usulan/baru", data=data, content_type="multipart/form-data")
    response.request.environ["wsgi.input"].close()
    return response


def test_a_pasted_definition_checked_with_a_stale_token_comes_back_in_full(publishing, sessions):
    app, region, _ministry = publishing
    app.config["WTF_CSRF_ENABLED"] = True
    pasted = {"csrf_token": "basi", "isi": SKTM.format(version=1), "tindakan": "ajukan"}
    answer = region.post("/admin/usulan/baru", data=pasted, headers={"Origin": "http://localhost"})
    html = text_of(answer)
    assert answer.status_code == 400 and "Tidak ada yang tersimpan" in html and "Simpan lagi</button>" in html
    assert "service: sosial.sktm-gowa" in html and 'name="tindakan" value="ajukan"' in html
    with sessions() as session:
        assert publication.versions(session) == [], "nothing proposed"
