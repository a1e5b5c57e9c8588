"""Every service in definitions/ gets a working form: pages render, empty posts are answered, schemas are valid."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from framework.core.settings import definitions_dir
from framework.definition import load_catalog
from framework.forms import payload_schema, validate_answers
from framework.forms.flow import steps
from framework.workflow.offering import filed_by_region

from .portal_helpers import APPLICANT, form_values, registries


@pytest.fixture(scope="module")
def bundled():
    catalog = load_catalog(definitions_dir())
    if not catalog.ok:
        pytest.fail("definitions/ has errors: run `mpp validate`")
    return catalog


def test_every_bundled_payload_schema_is_valid_and_empty_answers_are_refused_clearly(bundled):
    for spec in bundled.offered():
        Draft202012Validator.check_schema(payload_schema(spec))
        result = validate_answers(spec, {})
        assert all(e.code and e.message.id and e.message.en for e in result.errors), spec.id


def test_every_page_of_every_bundled_service_renders_and_answers_an_empty_post(bundled, make_app, tmp_path):
    app = make_app(MPP_CATALOG=bundled, WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries())
    client = app.test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    for spec in bundled.offered():
        if filed_by_region(spec):  # a region's application to the ministry: filed at the counter, not in the portal
            assert client.get(f"/layanan/{spec.id}").status_code == 404
            continue
        assert client.get(f"/layanan/{spec.id}").status_code == 200
        client.post(
            f"/layanan/{spec.id}/mulai", data={"baru": "1", "region": spec.region or "35.10"}
        )  # 35.10 has no regional variants
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


def _sample_region(level: str) -> str:
    from framework.forms.regions import LEVELS, region_table

    code = None
    for current in LEVELS[: LEVELS.index(level) + 1]:
        code = region_table().children(code)[0].code if current != "regency" else "73.06"
    return code or ""


def sample_value(item) -> str | list[str] | None:
    """A posted value a citizen could type for ``item`` (already in its stored form)."""
    import re

    samples = {
        "text": next(
            (
                text
                for text in ("Contoh", "Contoh Nama", "12", "08.00-12.00")
                if not item.pattern or re.fullmatch(item.pattern, text)
            ),
            "Contoh",
        ),
        "textarea": "Catatan",
        "date": "2000-01-31",
        "email": "ani@contoh.id",
        "phone": "+6281234567890",
        "nik": "7306014501900002",
        "kk": "7306010101230001",
        "boolean": "ya",
        "declaration": "y",
        "integer": str(int(item.min if item.min is not None else 1)),
        "decimal": str(item.min if item.min is not None else 1),
    }
    if item.type in ("choice", "multichoice"):
        return item.options[0].code if item.type == "choice" else [item.options[0].code]
    if item.type == "region":
        return _sample_region(item.level or "village")
    value = samples[item.type]
    assert not item.pattern or re.fullmatch(item.pattern, value), (item.id, item.pattern)
    return value


def _fill(views_html: str, spec, step) -> dict:
    """Answers for every input drawn on a page (first row of groups)."""
    data = {}
    for item in step.page.fields:
        if f'name="_later" value="{item.id}"' in views_html:
            continue  # drawn hidden until its condition holds: no one without JavaScript can type there
        targets = [(f"{item.id}-0-{child.id}", child) for child in item.fields] if item.is_group else [(item.id, item)]
        for name, field in targets:
            if f'name="{name}' not in views_html:
                continue
            value = sample_value(field)
            data[f"{name}--code" if field.type == "region" else name] = value
    return data


def test_every_field_of_every_bundled_service_round_trips_through_the_draft(bundled, make_app, tmp_path):
    app = make_app(MPP_CATALOG=bundled, WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries())
    client = app.test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    checked = 0
    for spec in bundled.offered():
        if filed_by_region(spec):
            continue  # not in the portal (the test above); tests/performance/test_onboarding.py files it at the counter
        client.post(
            f"/layanan/{spec.id}/mulai", data={"baru": "1", "region": spec.region or "35.10"}
        )  # 35.10 has no regional variants
        for step in steps(spec, {}):
            if step.page is None:
                continue
            url = f"/layanan/{spec.id}/{step.id}"
            html = client.get(url).get_data(as_text=True)
            body = form_values(html)
            data = _fill(html, spec, step)
            for name, value in data.items():
                body.setlist(name, value if isinstance(value, list) else [value])
            client.post(url, data=body)
            after = client.get(url).get_data(as_text=True)
            shown = form_values(after)
            for name, value in data.items():
                top = name.split("-")[0]
                if f'name="_later" value="{top}"' in after or f'name="_field" value="{top}"' not in after:
                    continue  # hidden by an answer on this page (dropped, as it must be) or locked by a registry value
                if name.endswith("--code"):
                    base = name[: -len("--code")]
                    assert value in shown.values() or shown.get(f"{base}--code") == value, (url, name)
                elif isinstance(value, list):
                    assert shown.getlist(name) == value, (url, name)
                else:
                    assert shown.get(name) == value, (url, name, shown.get(name))
                checked += 1
    assert checked > 200


def test_a_file_for_a_document_the_answers_do_not_ask_for_is_still_checked(bundled):
    """Hidden documents went unchecked: a 1-byte "PDF" sent for one was stored as it came (and, once an
    officer returned the application for it, accepted again on resubmission)."""
    from framework.forms.flow import answer_values
    from framework.forms.visibility import visible
    from framework.storage import describe

    spec = bundled.specs["adminduk.akta-kelahiran"]
    answers = {"jenis_bukti_kelahiran": "SPTJM"}
    assert "surat_keterangan_lahir" not in visible(spec, answer_values(spec, answers))  # asked for the other proof
    junk = describe(b"x", "a.pdf", "k" * 20)
    result = validate_answers(spec, answers, documents={"surat_keterangan_lahir": junk})
    assert ("surat_keterangan_lahir", "file_type") in {(error.field, error.code) for error in result.errors}


@pytest.mark.parametrize("service", ["nakes.sip-dokter", "nakes.sip-gizi"])
def test_a_practice_licence_takes_profession_and_str_from_sisdmk_only(bundled, service):
    """What the citizen types for `profesi` or `nomor_str` never counts: only SISDMK's record does."""
    spec = bundled.specs[service]
    typed = {"profesi": "DOKTER", "nomor_str": "STR-123", "telepon_pemohon": "081234567890"}
    result = validate_answers(spec, typed, prefilled={}, pages={"pemohon"})
    assert "profesi" not in result.answers and "nomor_str" not in result.answers
    registry = {"profesi": "BIDAN", "nomor_str": "STR-9"}
    wrong = validate_answers(spec, typed, prefilled=registry, pages={"pemohon"})
    assert (wrong.answers["profesi"], wrong.answers["nomor_str"]) == ("BIDAN", "STR-9")
    assert ("profesi", "rule") in {(e.field, e.code) for e in wrong.errors}
