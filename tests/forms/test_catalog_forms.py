"""Every service in definitions/ gets a working form: pages render, empty posts are answered, schemas are valid."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from framework.definition import load_catalog
from framework.forms import payload_schema, validate_answers
from framework.forms.flow import steps
from framework.settings import definitions_dir

from .portal_helpers import APPLICANT, form_values, registries


@pytest.fixture(scope="module")
def bundled():
    catalog = load_catalog(definitions_dir())
    if not catalog.ok:
        pytest.skip("definitions/ has errors (another area's work in progress): `mpp validate`")
    return catalog


def test_every_bundled_payload_schema_is_valid_and_empty_answers_are_refused_clearly(bundled):
    for spec in bundled.offered():
        Draft202012Validator.check_schema(payload_schema(spec))
        result = validate_answers(spec, {})
        assert all(e.code and e.message.id and e.message.en for e in result.errors), spec.id


def test_every_page_of_every_bundled_service_renders_and_answers_an_empty_post(bundled, make_app, tmp_path):
    app = make_app(MPP_CATALOG=bundled, WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries(), MPP_DRAFTS=str(tmp_path / "drafts"))
    client = app.test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    for spec in bundled.offered():
        assert client.get(f"/layanan/{spec.id}").status_code == 200
        client.post(f"/layanan/{spec.id}/mulai", data={"baru": "1"})
        for step in steps(spec, {}):
            url = f"/layanan/{spec.id}/{step.id}"
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.get_data(as_text=True)
            for item in step.page.fields if step.page else ():
                if item.when is None:
                    assert f'id="{item.id}' in html, (url, item.id)
            posted = client.post(url, data=form_values(html))
            assert posted.status_code in (200, 302), url
        assert client.get(f"/layanan/{spec.id}/periksa-jawaban").status_code == 200
