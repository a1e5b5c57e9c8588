"""The service builder at /admin/pembuat (issue 13, item 1), without a browser.

A Gowa admin builds a service from blank: pages, fields of several types,
a repeating group, a condition from the condition builder, an aggregate
rule, a document, steps, an issuer; every save is checked like `mpp
validate` and its problems are shown beside the input; nothing typed is
lost; the live preview is the citizen's real page; the draft is proposed
into the publication workflow. Other regions' admins and other roles see
nothing of it.
"""

from __future__ import annotations

import io
import re

import pytest
from adminhelpers import REGION_B, sign_in
from publication_samples import SKTM
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from framework.store.builder import BuilderDraft
from framework.store.definitions import DefinitionVersion

GOWA = REGION_B


def start_blank(client) -> int:
    answer = client.post(
        "/admin/pembuat/baru",
        data={
            "title_id": "Surat Keterangan Tidak Mampu",
            "title_en": "Certificate of low income",
            "sector": "sosial",
            "name": "sktm",
        },
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return int(re.search(r"/admin/pembuat/(\d+)/", answer.headers["Location"]).group(1))


def add(client, draft: int, kind: str, parent: str = "", field_type: str = "text") -> str:
    answer = client.post(f"/admin/pembuat/{draft}/tambah", data={"kind": kind, "parent": parent, "type": field_type})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return answer.headers["Location"].rsplit("/elemen/", 1)[1]


def source(sessions, draft: int) -> str:
    with sessions() as session:
        return session.get(BuilderDraft, draft).source


def test_a_blank_draft_shows_what_is_missing(gowa_admin):
    draft = start_blank(gowa_admin)
    page = gowa_admin.get(f"/admin/pembuat/{draft}/").get_data(as_text=True)
    assert "Surat Keterangan Tidak Mampu" in page and "sosial.sktm" in page
    assert "NO_APPROVE_STEP" in page and "MISSING_KEY" in page  # no steps, no issuer yet


def test_a_field_save_keeps_what_was_typed_and_shows_the_problem_beside_it(gowa_admin, sessions):
    draft = start_blank(gowa_admin)
    page = add(gowa_admin, draft, "page")
    income = add(gowa_admin, draft, "field", page, "integer")
    answer = gowa_admin.post(
        f"/admin/pembuat/{draft}/elemen/{income}",
        data={
            "id": "penghasilan",
            "type": "integer",
            "label_id": "Penghasilan",
            "label_en": "Income",
            "max": "3.000.000",
        },
        follow_redirects=True,
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'value="3.000.000"' in html  # kept as typed
    beside_max = html[html.index('id="input-max"') : html.index('id="input-min_length"')]
    assert "WRONG_TYPE" in beside_max and "`max: 3000000`" in beside_max
    assert "max: 3.000.000" in source(sessions, draft)


def test_the_condition_builder_writes_a_quoted_option(gowa_admin, sessions):
    draft = start_blank(gowa_admin)
    page = add(gowa_admin, draft, "page")
    job = add(gowa_admin, draft, "field", page, "choice")
    gowa_admin.post(
        f"/admin/pembuat/{draft}/elemen/{job}",
        data={
            "id": "pekerjaan",
            "type": "choice",
            "label_id": "Pekerjaan",
            "label_en": "Occupation",
            "options_rows": "4",
            "options-0-code": "petani",
            "options-0-id": "Petani",
            "options-0-en": "Farmer",
            "options-1-id": "Lainnya",
            "options-1-en": "Other",
        },
    )
    other = add(gowa_admin, draft, "field", page, "text")
    answer = gowa_admin.post(
        f"/admin/pembuat/{draft}/elemen/{other}",
        data={
            "id": "pekerjaan_lain",
            "type": "text",
            "label_id": "Pekerjaan lain",
            "label_en": "Other occupation",
            "when_mode": "builder",
            "when_field": "pekerjaan",
            "when_op": "==",
            "when_value": "lainnya",
        },
        follow_redirects=True,
    )
    assert "when: pekerjaan == 'lainnya'" in source(sessions, draft)
    assert "lainnya: {id: Lainnya, en: Other}" in source(sessions, draft)  # a code made from the label
    html = answer.get_data(as_text=True)
    assert 'name="when_mode" value="builder" checked' in html and 'value="lainnya"' in html


def test_other_regions_and_roles_see_no_draft(gowa_admin, builder_app, officer):
    draft = start_blank(gowa_admin)
    officer("admin.soppeng", "admin_daerah", "73.12")
    officer("fo.gowa", "operator_dukcapil", GOWA)
    other = builder_app.test_client()
    sign_in(other, "admin.soppeng")
    assert other.get(f"/admin/pembuat/{draft}/").status_code == 404
    assert other.post(f"/admin/pembuat/{draft}/tambah", data={"kind": "page"}).status_code == 404
    assert "sosial.sktm" not in other.get("/admin/pembuat/").get_data(as_text=True)
    sign_in(other, "fo.gowa")
    assert other.get("/admin/pembuat/").status_code == 403
    sign_in(other)
    assert other.get("/admin/pembuat/").status_code == 302


def test_the_preview_is_the_citizens_page_and_may_be_framed_here_only(gowa_admin):
    draft = start_blank(gowa_admin)
    page = add(gowa_admin, draft, "page")
    add(gowa_admin, draft, "field", page, "text")
    shown = gowa_admin.get(f"/admin/pembuat/{draft}/pratinjau/halaman_1/en")
    assert shown.status_code == 200
    assert "frame-ancestors 'self'" in shown.headers["Content-Security-Policy"]
    assert shown.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "Field 1" in shown.get_data(as_text=True)
    assert "frame-ancestors 'none'" in gowa_admin.get(f"/admin/pembuat/{draft}/").headers["Content-Security-Policy"]


def test_a_proposal_goes_into_the_publication_workflow(gowa_admin, sessions):
    draft = start_blank(gowa_admin)
    refused = gowa_admin.post(f"/admin/pembuat/{draft}/ajukan")
    assert refused.status_code == 422 and "NO_APPROVE_STEP" in refused.get_data(as_text=True)
    page = add(gowa_admin, draft, "page")
    add(gowa_admin, draft, "field", page, "text")
    add(gowa_admin, draft, "step")
    gowa_admin.post(
        f"/admin/pembuat/{draft}/layanan",
        data={
            "service": "sosial.sktm",
            "version": "1",
            "title_id": "SKTM",
            "title_en": "Low income",
            "summary_id": "SKTM",
            "summary_en": "Low income",
            "sector": "sosial",
            "issuer": "dinsos-gowa",
        },
    )
    shown = gowa_admin.get(f"/admin/pembuat/{draft}/").get_data(as_text=True)
    assert 'data-status="valid"' in shown and "(perbaiki sebelum diajukan)" in shown
    held = gowa_admin.post(f"/admin/pembuat/{draft}/ajukan")  # valid, but `mpp validate --strict` refuses it
    refusal = held.get_data(as_text=True)
    assert held.status_code == 422 and "Belum dapat diajukan" in refusal
    assert re.search(r"<code>sktm\.yaml:\d+:\d+</code> <code>STANDARD_INCOMPLETE</code>", refusal), refusal
    with sessions() as session:
        assert session.scalars(select(DefinitionVersion)).all() == []
    complete = SKTM.format(version=1).replace("sosial.sktm-gowa", "sosial.sktm")
    uploaded = gowa_admin.post(
        "/admin/pembuat/unggah", data={"file": (io.BytesIO(complete.encode()), "sktm.yaml")}, follow_redirects=False
    )
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)
    finished = int(re.search(r"/admin/pembuat/(\d+)/", uploaded.headers["Location"]).group(1))
    accepted = gowa_admin.post(f"/admin/pembuat/{finished}/ajukan")
    assert accepted.status_code == 200, accepted.get_data(as_text=True)
    with sessions() as session:
        [version] = session.scalars(select(DefinitionVersion)).all()
        assert (version.service_id, version.status, version.region) == ("sosial.sktm", "proposed", GOWA)
        assert session.get(BuilderDraft, finished).proposed_version == version.id


def test_options_the_file_cannot_hold_as_typed_are_refused_beside_them_and_nothing_is_saved(gowa_admin, sessions):
    """A code typed twice (or made twice from alike labels) was silently renamed `petani_2`, a code without a label
    got the code as its label, and a code with spaces was written as typed: now each row's problem is said beside the
    options, nothing is saved, and the form keeps what was typed."""
    draft = start_blank(gowa_admin)
    job = add(gowa_admin, draft, "field", add(gowa_admin, draft, "page"), "choice")
    before = source(sessions, draft)
    rows = [("petani", "Petani"), ("petani", "Pekebun"), ("", "Lainnya"), ("", "lainnya!"), ("Somba Opu", "")]
    posted = {"element_id": "", "id": "pekerjaan", "type": "choice", "label_id": "Pekerjaan"}
    posted["options_rows"] = str(len(rows))
    for i, (code, label) in enumerate(rows):
        posted.update({f"options-{i}-code": code, f"options-{i}-id": label})
    posted["element_id"] = re.search(r'name="element_id" value="([^"]*)"', page_of(gowa_admin, draft, job)).group(1)
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/elemen/{job}", data=posted)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and source(sessions, draft) == before
    assert "OPTION_CODE_TWICE: Opsi baris 2: kode `petani` sudah dipakai baris 1" in html
    assert "OPTION_CODE_TWICE: Opsi baris 4: kode `lainnya` sudah dipakai baris 3" in html
    assert "OPTION_CODE_SPACES: Opsi baris 5: kode `Somba Opu` berisi spasi" in html and "`somba_opu`" in html
    assert "OPTION_NO_LABEL: Opsi baris 5 (`Somba Opu`) tidak berlabel" in html
    assert 'value="Pekebun"' in html and 'name="id" value="pekerjaan"' in html.replace(' id="id"', "")


def page_of(client, draft: int, element: str) -> str:
    return client.get(f"/admin/pembuat/{draft}/elemen/{element}").get_data(as_text=True)


def test_the_builder_warns_of_what_mpp_validate_strict_refuses(gowa_admin, sessions, tmp_path):
    """A draft the builder called valid, with no warning, failed `mpp validate --strict` on eleven missing parts of
    the service standard; the author heard of them only from the ministry's review."""
    import json

    from click.testing import CliRunner

    from framework.cli import main
    from framework.core.settings import PROJECT_ROOT

    draft = start_blank(gowa_admin)
    add(gowa_admin, draft, "field", add(gowa_admin, draft, "page"), "text")
    add(gowa_admin, draft, "step")
    gowa_admin.post(
        f"/admin/pembuat/{draft}/layanan",
        data={"service": "sosial.sktm", "version": "1", "title_id": "SKTM", "title_en": "Low income"}
        | {"summary_id": "SKTM", "summary_en": "Low income", "sector": "sosial", "issuer": "dinsos-gowa"},
    )
    (tmp_path / "sktm.yaml").write_text(source(sessions, draft), encoding="utf-8")
    env = {"MPP_DEFINITIONS": str(PROJECT_ROOT / "definitions"), "MPP_LANG": ""}
    checked = CliRunner().invoke(
        main, ["validate", "--strict", "--format", "json", str(tmp_path / "sktm.yaml")], env=env
    )
    strict = sorted((p["code"], p["line"], p["message_id"]) for p in json.loads(checked.stdout)["problems"])
    with sessions() as session:
        shown = sorted((p["code"], p["line"], p["message_id"]) for p in session.get(BuilderDraft, draft).problems)
    assert strict and shown == strict
    page = gowa_admin.get(f"/admin/pembuat/{draft}/").get_data(as_text=True)
    assert 'data-status="valid"' in page and f"{len(strict)} peringatan" in page


def test_a_pasted_nul_is_taken_out_and_named_and_the_rest_is_saved(gowa_admin, sessions):
    """The site's guard answered its own page for a NUL, and the author's whole form was gone."""
    draft = start_blank(gowa_admin)
    page = add(gowa_admin, draft, "page")
    income = add(gowa_admin, draft, "field", page, "integer")
    answer = gowa_admin.post(
        f"/admin/pembuat/{draft}/elemen/{income}",
        data={"id": "penghasilan", "type": "integer", "label_id": "Peng\x00hasilan", "label_en": "Income", "max": "9"},
        follow_redirects=True,
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "NUL) dihapus dari Label (Bahasa Indonesia)" in html
    written = source(sessions, draft)
    assert "Penghasilan" in written and "Income" in written and "max: 9" in written and "\x00" not in written
    service = gowa_admin.post(f"/admin/pembuat/{draft}/layanan", data={"title_id": "SKTM\x00", "title_en": "x"})
    assert service.status_code == 302  # the service's own form too, not the site's 422 page


@pytest.mark.parametrize(
    ("address", "posted", "name"),
    [
        ("baru", {"title_id": "Surat\x00 Keterangan", "title_en": "Certificate", "sector": "sosial"}, "title_id"),
        ("varian", {"template": "adminduk.akta-kelahiran\x00"}, "template"),
        ("buka", {"service": "adminduk.kk.gowa\x00"}, "service"),
    ],
)
def test_a_nul_in_a_form_that_starts_a_draft_keeps_what_was_typed_and_says_where(
    gowa_admin, sessions, address, posted, name
):
    """The site's guard answered its own page for a NUL in the forms that start a draft, and what was typed was gone."""
    answer = gowa_admin.post(f"/admin/pembuat/{address}", data=posted)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "\x00" not in html
    shown = posted[name].replace("\x00", "\ufffd")
    assert f'value="{shown}"' in html and (name != "title_id" or 'value="Certificate"' in html)
    assert re.search(rf'id="{name}-error"><span[^>]*>[^<]*</span>\s*Isian berisi karakter yang tidak sah', html)
    assert f'<a href="#{name}">Isian berisi karakter yang tidak sah' in html
    assert re.search(rf'id="{name}" name="{name}"[^>]* aria-describedby="[^"]*{name}-error"', html)
    with sessions() as session:
        assert session.scalars(select(BuilderDraft)).all() == []


def test_an_uploaded_file_with_a_nul_is_named_at_the_upload_with_its_line(gowa_admin, sessions):
    """The checker's message for it was one of the file's YAML problems, apart from the form; named at the upload's
    input with its line now, as a proposal's upload is."""
    content = b"service: sosial.sktm\nversion: 1\ntitle: {id: Pem\x00ohon}\n"
    answer = gowa_admin.post(
        "/admin/pembuat/unggah", data={"file": (io.BytesIO(content), "sktm.yaml")}, content_type="multipart/form-data"
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "\x00" not in html
    assert re.search(r'id="file-error"><span[^>]*>[^<]*</span>\s*Berkas berisi karakter NUL \(baris 3\)', html)
    assert '<a href="#file">Berkas berisi karakter NUL (baris 3)' in html
    assert 'aria-describedby="file-error"' in html
    with sessions() as session:
        assert session.scalars(select(BuilderDraft)).all() == []
    named = {"file": (io.BytesIO(content.replace(b"\x00", b"")), "sk\x00tm.yaml")}  # the browser's name: not typed
    assert gowa_admin.post("/admin/pembuat/unggah", data=named, content_type="multipart/form-data").status_code == 302
    with sessions() as session:
        assert session.scalars(select(BuilderDraft.origin)).all() == ["file:sktm.yaml"]  # no NUL for PostgreSQL


def test_a_fields_condition_is_written_for_the_type_saved_with_it(gowa_admin, sessions):
    """The condition builder took the field types stored before the save: a field made a number in the same save as
    its condition got the old type's quotes (`jumlah > '1'`, a condition that never holds)."""
    draft = start_blank(gowa_admin)
    page = add(gowa_admin, draft, "page")
    count = add(gowa_admin, draft, "field", page, "text")
    posted = {"id": "jumlah", "type": "integer", "label_id": "Jumlah", "label_en": "Count", "when_mode": "builder"}
    gowa_admin.post(
        f"/admin/pembuat/{draft}/elemen/{count}",
        data={**posted, "when_field": "jumlah", "when_op": ">", "when_value": "1"},
    )
    assert "when: jumlah > 1" in source(sessions, draft)


def test_the_overview_links_each_elements_problem_to_its_input(gowa_admin):
    """The overview listed the problems as text: the author had to find the element's form, then the input."""
    draft = start_blank(gowa_admin)
    gowa_admin.post(f"/admin/pembuat/{draft}/standar", data={"sla": "lima hari", "fee": "0", "complaints": "lapor"})
    html = gowa_admin.get(f"/admin/pembuat/{draft}/").get_data(as_text=True)
    links = re.findall(r'data-code="([A-Z_]+)"><a href="([^"]+)">', html)
    assert [href for _code, href in links] == [f"/admin/pembuat/{draft}/standar#input-sla"]
    unlinked = re.findall(r'data-code="([A-Z_]+)">[^<]', html)
    assert "MISSING_KEY" in unlinked  # no `issuer`: a problem of the whole file, located at its first line
    page = add(gowa_admin, draft, "page")
    income = add(gowa_admin, draft, "field", page, "integer")
    gowa_admin.post(
        f"/admin/pembuat/{draft}/elemen/{income}", data={"id": "penghasilan", "type": "integer", "max": "x"}
    )
    html = gowa_admin.get(f"/admin/pembuat/{draft}/").get_data(as_text=True)
    links = re.findall(r'data-code="([A-Z_]+)"><a href="([^"]+)">', html)
    assert links == [("WRONG_TYPE", f"/admin/pembuat/{draft}/elemen/{income}#input-max")]


def test_a_steps_role_is_chosen_from_the_known_roles_and_an_unknown_one_names_no_file(gowa_admin):
    draft = start_blank(gowa_admin)
    step = add(gowa_admin, draft, "step")
    form = gowa_admin.get(f"/admin/pembuat/{draft}/elemen/{step}").get_data(as_text=True)
    roles = re.search(r'<select class="select" id="role" name="role".*?</select>', form, re.S)
    assert roles, "before: a text box, where a typo made a role no officer holds"
    assert '<option value="operator_dpmptsp">Operator DPMPTSP (operator_dpmptsp)</option>' in roles.group(0)
    data = {"id": "verifikasi", "title_id": "Verifikasi", "title_en": "Verification", "role": "operatr_dpmptsp"}
    html = gowa_admin.post(f"/admin/pembuat/{draft}/elemen/{step}", data=data, follow_redirects=True).get_data(
        as_text=True
    )
    assert "UNKNOWN_ROLE: Peran tahap ini bukan salah satu peran petugas yang dikenal" in html
    assert "peran-petugas.yaml" not in html


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _resend(client, html: str):
    """*Simpan lagi* on the page that kept what was typed: its form, as the browser posts it."""
    form = re.search(r'<form method="post" action="([^"]+)" class="form">(.*?)</form>', html, re.S)
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2))
    unescaped = [
        (name, value.replace("&#10;", "\n").replace("&amp;", "&").replace("&#39;", "'")) for name, value in pairs
    ]
    data = MultiDict(unescaped)
    return client.post(form.group(1).replace("&amp;", "&"), data=data, headers={"Origin": "http://localhost"})


STANDARD_TEXT = "Pengaduan dapat disampaikan lewat SP4N-LAPOR!\nDitanggapi paling lama 5 hari kerja."


def test_a_standard_saved_with_a_stale_token_comes_back_as_typed_and_saves_when_sent_again(gowa_admin, sessions):
    """Before: 400 "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman…" and every word typed was lost."""
    draft = start_blank(gowa_admin)
    gowa_admin.application.config["WTF_CSRF_ENABLED"] = True
    _token(gowa_admin.get(f"/admin/pembuat/{draft}/standar").get_data(as_text=True))
    typed = {"csrf_token": "basi", "evaluation_id": STANDARD_TEXT, "evaluation_en": "Within five working days."}
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/standar", data=typed, headers={"Origin": "http://localhost"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Tidak ada yang tersimpan" in html
    assert "SP4N-LAPOR!" in html and "basi" not in html
    assert "Ditanggapi paling lama" not in source(sessions, draft), "CSRF still refuses the write"
    saved = _resend(gowa_admin, html)
    assert saved.status_code == 302
    assert "Ditanggapi paling lama 5 hari kerja." in source(sessions, draft)


def test_after_the_session_ended_sign_in_in_another_tab_then_send_again(builder_app, gowa_admin, sessions):
    draft = start_blank(gowa_admin)
    builder_app.config["WTF_CSRF_ENABLED"] = True
    form = gowa_admin.get(f"/admin/pembuat/{draft}/standar").get_data(as_text=True)
    gowa_admin.delete_cookie("session")  # the session's row is gone (idle past its limit): its cookie is worthless
    typed = {"csrf_token": _token(form), "evaluation_id": STANDARD_TEXT}
    answer = gowa_admin.post(f"/admin/pembuat/{draft}/standar", data=typed, headers={"Origin": "http://localhost"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "SP4N-LAPOR!" in html
    assert "Masuk lagi di tab lain" in html and 'href="/masuk/petugas" target="_blank"' in html
    with gowa_admin.session_transaction() as session:  # the other tab signs in, in the same browser
        session["officer"] = {"username": "admin.gowa"}
    assert _resend(gowa_admin, html).status_code == 302
    assert "Ditanggapi paling lama 5 hari kerja." in source(sessions, draft)


def test_a_post_from_another_site_gets_the_text_to_read_but_no_button(gowa_admin):
    draft = start_blank(gowa_admin)
    gowa_admin.application.config["WTF_CSRF_ENABLED"] = True
    data = {"evaluation_id": "rekaan"}
    html = gowa_admin.post(
        f"/admin/pembuat/{draft}/standar", data=data, headers={"Origin": "https://jahat.example"}
    ).get_data(as_text=True)
    assert "rekaan" in html and "Simpan lagi</button>" not in html


def test_a_forms_page_lists_and_links_the_drafts_errors_fixed_on_other_forms(gowa_admin):
    """The step page said "1 masalah perlu diperbaiki" and listed nothing: the error (STEPS_EXCEED_SLA) was the
    standard's, shown only on the standard's form (here: a fee typed wrong)."""
    draft = start_blank(gowa_admin)
    step = add(gowa_admin, draft, "step")
    gowa_admin.post(f"/admin/pembuat/{draft}/standar", data={"fee": "gratis"})
    data = {"element_id": "", "id": "periksa", "title_id": "Periksa", "title_en": "Check", "sla": "5d"}
    data["role"], data["actions"] = "operator_dpmptsp", "approve"
    html = gowa_admin.post(f"/admin/pembuat/{draft}/elemen/{step}", data=data, follow_redirects=True).get_data(
        as_text=True
    )
    elsewhere = html[html.index('id="masalah-lain"') : html.index("</div>", html.index('id="masalah-lain"'))]
    assert "masalah lain di draf ini" in elsewhere and "`fee: 0`" in elsewhere
    assert f'<a href="/admin/pembuat/{draft}/standar#input-fee">' in elsewhere


def _stale_post(client, draft, data: dict, origin: str = "http://localhost"):
    client.application.config["WTF_CSRF_ENABLED"] = True
    answer = client.post(
        f"/admin/pembuat/{draft}/standar", data={"csrf_token": "basi", **data}, headers={"Origin": origin}
    )
    return answer.get_data(as_text=True)


def test_a_stale_hapus_is_never_offered_again_as_simpan_lagi(gowa_admin):
    """Before: the page re-posted `_action=hapus:…` behind a button titled *Simpan lagi*, deleting on click."""
    draft = start_blank(gowa_admin)
    html = _stale_post(gowa_admin, draft, {"evaluation_id": "teks saya", "_action": "hapus:0"})
    assert "Simpan lagi</button>" not in html and "Penghapusan tidak diulang" in html and "teks saya" in html


def test_the_page_lists_what_it_sends_and_for_whom(gowa_admin):
    draft = start_blank(gowa_admin)
    html = _stale_post(gowa_admin, draft, {"evaluation_id": "teks saya", "tindakan": "ajukan"})
    sent = html[html.index("Yang akan dikirim") : html.index("</details>")]
    assert "<code>tindakan</code>: ajukan" in sent and "<code>evaluation_id</code>" in sent
    assert "Disimpan atas nama yang masuk sekarang: admin.gowa" in html and "Simpan lagi</button>" in html


def test_a_post_with_origin_null_gets_no_button(gowa_admin):
    draft = start_blank(gowa_admin)
    html = _stale_post(gowa_admin, draft, {"evaluation_id": "rekaan"}, origin="null")
    assert "rekaan" in html and "Simpan lagi</button>" not in html


def test_a_form_typed_for_another_signed_in_person_is_not_saved_under_this_one(gowa_admin, officer, sessions):
    """A shared PC: A's form, refused for its stale token, was offered to save under B, signed in now."""
    draft = start_blank(gowa_admin)
    form = gowa_admin.get(f"/admin/pembuat/{draft}/standar").get_data(as_text=True)
    marker = re.search(r'name="_pemilik" value="([0-9a-f]+)"', form).group(1)
    html = _stale_post(gowa_admin, draft, {"evaluation_id": STANDARD_TEXT, "_pemilik": marker})
    assert "Simpan lagi</button>" in html  # the same person: offered
    officer("admin2.gowa", "admin_daerah", REGION_B)
    with gowa_admin.session_transaction() as session:  # another officer signs in at this browser
        session["officer"] = {"username": "admin2.gowa", "role": "admin_daerah", "region": REGION_B}
    other = _stale_post(gowa_admin, draft, {"evaluation_id": STANDARD_TEXT, "_pemilik": marker})
    assert "Simpan lagi</button>" not in other and "akun lain masuk" in other and "SP4N-LAPOR!" in other
    resent = _resend(gowa_admin, html)  # the first page's button, clicked after the switch: refused too
    assert resent.status_code == 400 and "Ditanggapi paling lama" not in source(sessions, draft)
