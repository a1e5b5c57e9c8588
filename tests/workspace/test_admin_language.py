"""The workspace speaks Bahasa Indonesia first and English by the header's switch; every string is translated."""

from __future__ import annotations

import re

from adminhelpers import REGION_A, sign_in
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from forms.inline_service import service_yaml
from mpp_testing import load_test_catalog

from framework.core.settings import PROJECT_ROOT
from framework.services import applications
from framework.storage import LocalStorage


def test_every_admin_string_has_an_english_translation():
    admin = PROJECT_ROOT / "admin"
    web = PROJECT_ROOT / "framework" / "web"
    sources = [
        (admin / "templates", [("**.html", "jinja2")]),
        (admin, [("**.py", "python")]),
        (web, [("correction.py", "python"), ("tracking.py", "python")]),
        (web / "templates", [("**/correction.html", "jinja2"), ("**/lacak.html", "jinja2")]),
    ]
    wanted = {
        found[2]
        for root, methods in sources
        for found in extract_from_dir(
            root, methods, keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None}
        )
        if isinstance(found[2], str)
    }
    with (PROJECT_ROOT / "framework" / "translations" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        english = {m.id: m.string for m in read_po(handle) if m.id and not m.fuzzy}
    assert len(wanted) > 100 and [m for m in wanted if not english.get(m)] == []


def test_indonesian_first_then_english_by_the_switch(admin_app, officer):
    officer("fo", "operator_dukcapil", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "fo")
    html = client.get("/admin/antrian/").get_data(as_text=True)
    assert '<html lang="id">' in html and ">Antrian</a>" in html and "Menunggu per tahap" in html
    html = client.get("/admin/antrian/?lang=en").get_data(as_text=True)
    assert (
        '<html lang="en">' in html and ">Queue</a>" in html and "Waiting per step" in html and "Change password" in html
    )
    assert "Queue" in client.get("/admin/loket/").get_data(as_text=True)  # the choice stays


# a service whose definition leaves out some English (the title, a page's title, a label, a step, a document)
PARTLY_ENGLISH = service_yaml(
    "adminduk.sebagian-inggris",
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
  - {id: pasfoto, label: {id: Pasfoto}, accept: [pdf], max_mb: 1}
steps:
  - {id: periksa, title: {id: Pemeriksaan berkas}, role: operator_dukcapil, sla: 4h, actions: [approve, return]}
""",
)


def test_case_and_tracking_pages_mark_indonesian_standing_in_for_english(make_app, officer, sessions, tmp_path):
    """WCAG 3.1.2: on the English workspace a definition's Indonesian stand-in is marked lang="id", nothing else."""
    (tmp_path / "catalog").mkdir()
    catalog = load_test_catalog(tmp_path / "catalog", PARTLY_ENGLISH)
    spec = catalog.specs["adminduk.sebagian-inggris"]
    document = LocalStorage(tmp_path / "uploads").save(b"%PDF-1.4\n%%EOF\n", "foto.pdf")
    with sessions() as session:
        number = applications.submit(
            session,
            spec,
            region=REGION_A,
            answers={"nama": "Budi", "kota": "Cianjur"},
            applicant_nik="3203011205820001",
            documents={"pasfoto": document},
        ).tracking_number
    app = make_app(MPP_CATALOG=catalog, WTF_CSRF_ENABLED=False)
    officer("fo", "operator_dukcapil", REGION_A)
    client = app.test_client()
    sign_in(client, "fo")

    english = client.get(f"/admin/permohonan/{number}?lang=en").get_data(as_text=True)
    marked = re.findall(r'<span lang="id">([^<]*)</span>', english)
    for text in ("Layanan Sebagian Inggris", "Pemeriksaan berkas", "Data pemohon", "Nama panggilan", "Pasfoto"):
        assert text in marked, text
    assert "Home town" in english and "Home town" not in marked and "Budi" not in marked
    indonesian = client.get(f"/admin/permohonan/{number}?lang=id").get_data(as_text=True)
    assert "Nama panggilan" in indonesian and '<span lang="id">' not in indonesian

    # the citizen's tracking page of the same application names the service the same way
    anyone = app.test_client()
    tracked = anyone.get(f"/lacak/{number}?lang=en").get_data(as_text=True)
    assert '<dd><span lang="id">Layanan Sebagian Inggris</span></dd>' in tracked
    assert '<span lang="id">' not in anyone.get(f"/lacak/{number}?lang=id").get_data(as_text=True)
