"""WCAG 3.1.2 on the workspace's lists: a definition's Indonesian standing in for a missing English is marked lang="id".

The queue, the catalog, the performance pages, the counter's pages and the
states' names ("In progress: <step>") of the case's history and the public
tracking page: on the English page the stand-in is marked, the English texts
of the same definition are not, and an Indonesian page marks nothing.
"""

from __future__ import annotations

import re

import pytest
from adminhelpers import BUDI, BUDI_VILLAGE, REGION_A, sign_in
from forms.inline_service import service_yaml
from mpp_testing import load_test_catalog

from framework.forms.examples import example_file
from framework.services import applications
from framework.services.records import state_label, state_label_part
from framework.storage import LocalStorage
from framework.workflow.roles import MINISTRY_ROLE

SERVICE = "adminduk.sebagian-inggris"
RINA = "3203014204850001"  # Budi's wife: same desa (sandbox IKD)
# the service's title, its first step, a page's title, a label and a document have no English
PARTLY_ENGLISH = service_yaml(
    SERVICE,
    "Layanan Sebagian Inggris",
    english_title=False,
    body="""\
pages:
  - id: data
    title: {id: Data pemohon}
    fields:
      - {id: nama, type: text, label: {id: Nama panggilan}, required: true}
      - {id: kota, type: text, label: {id: Kota asal, en: Home town}}
documents:
  - {id: pasfoto, label: {id: Pasfoto}, accept: [pdf, jpg], max_mb: 1}
  - {id: ktp, label: {id: KTP, en: ID card}, accept: [pdf], max_mb: 1, required: false}
steps:
  - {id: periksa, title: {id: Pemeriksaan berkas}, role: operator_dukcapil, sla: 4h, actions: [approve, return]}
  - {id: setuju, title: {id: Persetujuan, en: Approval}, role: operator_dukcapil, sla: 4h, actions: [approve]}
""",
)


# Gowa's variant of it: the catalog names the national service it adapts
VARIANT = f"""\
service: {SERVICE}.gowa
extends: {SERVICE}
region: "73.06"
version: 1
steps:
  - {{id: periksa, sla: 2h}}
"""


def marked(html: str) -> list[str]:
    """The texts of the page's spans marked Indonesian."""
    return re.findall(r'<span lang="id">([^<]*)</span>', html)


def unmarked(html: str) -> bool:
    """No element below ``<html>`` says it is Indonesian: nothing is marked."""
    return 'lang="id"' not in html.split("<html", 1)[1].split(">", 1)[1]


@pytest.fixture
def filed(make_app, officer, sessions, tmp_path):
    """The app on the partly English catalog, with one application waiting at the untranslated step."""
    (tmp_path / "catalog").mkdir()
    catalog = load_test_catalog(tmp_path / "catalog", PARTLY_ENGLISH, VARIANT)
    name, data = example_file(["jpg"])
    photo = LocalStorage(tmp_path / "uploads").save(data, name)
    with sessions() as session:
        number = applications.submit(
            session,
            catalog.specs[SERVICE],
            region=REGION_A,
            answers={"nama": "Budi", "kota": "Cianjur"},
            applicant_nik=BUDI,
            documents={"pasfoto": photo},
        ).tracking_number
    return make_app(MPP_CATALOG=catalog, WTF_CSRF_ENABLED=False), number, catalog.specs[SERVICE]


def signed_in(app, officer, role: str, region: str | None):
    officer("petugas", role, region)
    client = app.test_client()
    sign_in(client, "petugas")
    return client


def test_the_queue_marks_service_and_step_titles_and_their_options(filed, officer):
    app, number, _ = filed
    client = signed_in(app, officer, "operator_dukcapil", REGION_A)
    english = client.get("/admin/antrian/?lang=en").get_data(as_text=True)
    row = english.split(f'data-tracking-number="{number}"', 1)[1].split("</tr>", 1)[0]
    assert '<td><span lang="id">Layanan Sebagian Inggris</span></td>' in row
    assert '<td><span lang="id">Pemeriksaan berkas</span></td>' in row
    counts = english.split('id="counts-title"', 1)[1].split("</aside>", 1)[0]
    assert marked(counts) == ["Layanan Sebagian Inggris", "Pemeriksaan berkas"]
    # an <option> holds no markup: the element takes the language
    assert '<option value="periksa" lang="id">Pemeriksaan berkas</option>' in english
    assert '<option value="setuju">Approval</option>' in english
    assert f'<option value="{SERVICE}" lang="id">Layanan Sebagian Inggris</option>' in english
    assert unmarked(client.get("/admin/antrian/?lang=id").get_data(as_text=True))


def test_a_state_named_after_an_untranslated_step_marks_the_step_on_pages_not_in_the_json(filed, officer):
    app, number, spec = filed
    # the API's label keeps its shape: one {id, en} with the step's Indonesian in the English
    assert state_label(spec, "periksa").as_dict() == {
        "id": "Diproses: Pemeriksaan berkas",
        "en": "In progress: Pemeriksaan berkas",
    }
    assert state_label_part(spec, "periksa", "en") == 'In progress: <span lang="id">Pemeriksaan berkas</span>'
    assert state_label_part(spec, "setuju", "en") == "In progress: Approval"
    assert state_label_part(spec, "periksa", "id") == "Diproses: Pemeriksaan berkas"
    assert state_label_part(spec, "submitted", "en") == "Submitted"
    assert state_label_part(spec, "<b>", "en") == "&lt;b&gt;"  # an unknown state's code: escaped, in no language

    client = signed_in(app, officer, "operator_dukcapil", REGION_A)
    case = client.get(f"/admin/permohonan/{number}?lang=en").get_data(as_text=True)
    history = case.split('class="timeline', 1)[1].split("</ol>", 1)[0]
    assert 'Submitted → <span lang="id">Pemeriksaan berkas</span>' in history  # the move, the step marked
    assert re.search(r'<img [^>]*alt="Pasfoto" lang="id"', case)  # an alt takes its element's language
    assert "Diproses" not in history
    assert unmarked(client.get(f"/admin/permohonan/{number}?lang=id").get_data(as_text=True))

    anyone = app.test_client()
    tracked = anyone.get(f"/lacak/{number}?lang=en").get_data(as_text=True)
    assert '<dd data-state="periksa">In progress: <span lang="id">Pemeriksaan berkas</span></dd>' in tracked
    indonesian = anyone.get(f"/lacak/{number}?lang=id").get_data(as_text=True)
    assert '<dd data-state="periksa">Diproses: Pemeriksaan berkas</dd>' in indonesian and unmarked(indonesian)


def test_the_catalog_marks_an_untranslated_service_title(filed, officer):
    app, _, _ = filed
    client = signed_in(app, officer, MINISTRY_ROLE, None)
    listing = client.get("/admin/katalog/?lang=en").get_data(as_text=True)
    assert f'{SERVICE}"><span lang="id">Layanan Sebagian Inggris</span></a>' in listing
    service = client.get(f"/admin/katalog/{SERVICE}?lang=en").get_data(as_text=True)
    assert '<h1><span lang="id">Layanan Sebagian Inggris</span></h1>' in service
    assert "<title>Layanan Sebagian Inggris" in service  # a title holds no markup
    assert unmarked(client.get(f"/admin/katalog/{SERVICE}?lang=id").get_data(as_text=True))
    variant = client.get(f"/admin/katalog/{SERVICE}.gowa?lang=en").get_data(as_text=True)
    heading = variant.split('<h2 id="variant-title">', 1)[1].split("</h2>", 1)[0]
    assert heading.endswith('<span lang="id">Layanan Sebagian Inggris</span>'), heading
    assert unmarked(client.get(f"/admin/katalog/{SERVICE}.gowa?lang=id").get_data(as_text=True))


def test_the_performance_pages_mark_untranslated_service_and_step_titles(filed, officer):
    app, _, _ = filed
    client = signed_in(app, officer, MINISTRY_ROLE, None)
    english = client.get(f"/admin/kinerja/{REGION_A}?lang=en").get_data(as_text=True)
    row = english.split(f'<tr data-service="{SERVICE}">', 1)[1].split("</tr>", 1)[0]
    link = f'<a href="/admin/kinerja/{REGION_A}/layanan/{SERVICE}">'  # to the service's applications there
    assert row.startswith(f'<th scope="row">{link}<span lang="id">Layanan Sebagian Inggris</span></a></th>')
    listed = client.get(f"/admin/kinerja/{REGION_A}/layanan/{SERVICE}?lang=en").get_data(as_text=True)
    assert '<h1><span lang="id">Layanan Sebagian Inggris</span></h1>' in listed
    step = english.split(f'<tr data-step="{SERVICE}/periksa">', 1)[1].split("</tr>", 1)[0]
    assert step.startswith('<th scope="row"><span lang="id">Pemeriksaan berkas</span></th><td><span lang="id">Layanan')
    assert unmarked(client.get(f"/admin/kinerja/{REGION_A}?lang=id").get_data(as_text=True))

    public = app.test_client().get(f"/kinerja/{REGION_A}?lang=en").get_data(as_text=True)
    assert '<th scope="row"><span lang="id">Layanan Sebagian Inggris</span></th>' in public
    assert unmarked(app.test_client().get(f"/kinerja/{REGION_A}?lang=id").get_data(as_text=True))


def test_the_counter_pages_mark_the_untranslated_headings_and_document_labels(filed, officer):
    app, _, _ = filed
    desk = signed_in(app, officer, "operator_dukcapil", BUDI_VILLAGE)
    start = desk.get("/admin/loket/?lang=en").get_data(as_text=True)
    assert f'<option value="{SERVICE}" lang="id">Layanan Sebagian Inggris</option>' in start
    address = desk.post("/admin/loket/?lang=en", data={"layanan": SERVICE, "nik": RINA}).location
    page = desk.get(address).get_data(as_text=True)
    assert '<h1><span lang="id">Data pemohon</span></h1>' in page
    assert '· <span lang="id">Layanan Sebagian Inggris</span> ·' in page
    moved = desk.post(address, data={"_field": ["nama", "kota"], "nama": "Rina", "kota": "Cianjur"})
    assert moved.status_code == 302, moved.get_data(as_text=True)
    documents = desk.get(moved.location).get_data(as_text=True)
    assert '<label class="label" for="pasfoto"><span lang="id">Pasfoto</span>' in documents
    assert '<label class="label" for="ktp">ID card' in documents
    summary_address = moved.location.replace("/dokumen", "/periksa")
    summary = desk.get(summary_address).get_data(as_text=True)
    assert '<h2><span lang="id">Data pemohon</span></h2>' in summary
    assert "Home town" in summary and "Home town" not in marked(summary)
    desk.get("/admin/loket/?lang=id")
    for indonesian in (address, moved.location, summary_address):
        assert unmarked(desk.get(indonesian).get_data(as_text=True)), indonesian


def test_a_proposals_report_marks_the_untranslated_national_service_it_changes(filed):
    """The review's and the proposal's heading "What was changed from the national service …" names it marked."""
    from types import SimpleNamespace

    from flask import render_template_string

    app, _, spec = filed
    page = (
        '{% from "mpp_admin/_definitions.html" import changes_and_audit with context %}{{ changes_and_audit(r, []) }}'
    )
    report = SimpleNamespace(live_version=None, template=spec, audit=None)
    title = "Layanan Sebagian Inggris"
    for lang, expected in (("en", f'<span lang="id">{title}</span>'), ("id", title)):
        with app.test_request_context(f"/admin/tinjauan/1?lang={lang}"):
            app.preprocess_request()
            heading = render_template_string(page, r=report).split('<h2 id="changes-title">', 1)[1].split("</h2>")[0]
        assert heading.endswith(expected), heading
