"""The workspace speaks Bahasa Indonesia first and English by the header's switch; every string is translated."""

from __future__ import annotations

from adminhelpers import REGION_A, sign_in
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from framework.core.settings import PROJECT_ROOT


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
