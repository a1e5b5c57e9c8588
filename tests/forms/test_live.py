"""Live conditions: which `when` the browser may evaluate, and the server's answer when it did."""

from __future__ import annotations

import pytest

from framework.core.text import Text
from framework.definition.model import FieldSpec, PageSpec
from framework.expressions import compile_expression
from framework.forms.live import client_condition, live_fields

from .portal_helpers import APPLICANT, SERVICE, form_values, page_url, registries

PAGE = PageSpec(
    "p",
    Text("P"),
    (
        FieldSpec("status", "choice", Text("Status"), "p"),
        FieldSpec("anak", "integer", Text("Anak"), "p"),
        FieldSpec("setuju", "boolean", Text("Setuju"), "p"),
        FieldSpec("lahir", "date", Text("Lahir"), "p"),
    ),
)
NAMES = {"status", "anak", "setuju", "lahir", "luar"}


@pytest.mark.parametrize(
    ("source", "tree"),
    [
        ("setuju == true", {"field": "setuju", "op": "==", "value": True, "boolean": True}),
        ("setuju", {"field": "setuju", "op": "==", "value": True, "boolean": True}),
        ("status != 'KAWIN'", {"field": "status", "op": "!=", "value": "KAWIN", "boolean": False}),
        (
            "status == 'KAWIN' and anak == 2",
            {
                "all": [
                    {"field": "status", "op": "==", "value": "KAWIN", "boolean": False},
                    {"field": "anak", "op": "==", "value": 2, "boolean": False},
                ]
            },
        ),
        (
            "status == 'A' or status == 'B'",
            {
                "any": [
                    {"field": "status", "op": "==", "value": "A", "boolean": False},
                    {"field": "status", "op": "==", "value": "B", "boolean": False},
                ]
            },
        ),
        ("umur(lahir) >= 17", None),  # a function: server only
        ("anak > 2", None),  # ordering: server only
        ("luar == 'x'", None),  # a field of another page: already decided by the server
        ("status == 'A' and umur(lahir) >= 17", None),
    ],
)
def test_only_simple_same_page_conditions_go_to_the_browser(source, tree):
    assert client_condition(compile_expression(source, NAMES), PAGE) == tree


def test_the_example_reveals_the_twins_live(spec):
    page = next(p for p in spec.pages if p.id == "anak")
    assert set(live_fields(page)) == {"saudara_kembar"}


def test_a_field_revealed_by_the_browser_is_validated_at_once(make_app, tmp_path):
    app = make_app(WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries())
    client = app.test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    html = client.get(page_url("anak")).get_data(as_text=True)
    assert 'data-when="{&#34;field&#34;: &#34;kembar&#34;' in html and "/portal/when." in html
    body = form_values(html)
    body.setlist("_field", body.getlist("_field") + ["saudara_kembar"])  # what when.js does on "Ya"
    for name, value in {
        "nama_anak": "Sari",
        "jenis_kelamin": "PEREMPUAN",
        "tanggal_lahir": "2024-03-01",
        "tempat_lahir--code": "73.06",
        "kembar": "ya",
    }.items():
        body[name] = value
    body["saudara_kembar-0-nama"] = ""
    response = client.post(page_url("anak"), data=body)
    assert response.status_code == 200 and 'href="#saudara_kembar"' in response.get_data(
        as_text=True
    )  # a blank row is no row: min 1
    body["saudara_kembar-0-nama"] = "Sinta"
    response = client.post(page_url("anak"), data=body)
    assert response.status_code == 302, [
        line for line in response.get_data(as_text=True).splitlines() if 'href="#' in line or "notice" in line
    ]
    assert response.location.endswith(page_url("orang_tua"))
