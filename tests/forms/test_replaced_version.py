"""A draft started before its service was changed: what the new version still asks is kept, and it can be sent."""

from __future__ import annotations

import re

from mpp_testing import REFERENCE_EXAMPLE, load_test_catalog

from .portal_helpers import APPLICANT, SERVICE, form_values, page_url, post_page, registries
from .test_citizen_journey import _fill

SEX_FIELD = """\
      - id: jenis_kelamin
        type: choice
        label: {id: Jenis Kelamin, en: Sex}
        options_from: codelists/jenis-kelamin
        required: true
"""


def test_a_draft_of_a_replaced_version_is_fitted_to_the_new_one_and_can_be_sent(make_app, tmp_path):
    first = make_app(WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries()).test_client()
    with first.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    first.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    _fill(first)
    post_page(first, "anak", {"nama_anak": "Ni Luh Putu Ayu"})
    with first.session_transaction() as session:
        draft_id = session["drafts"][SERVICE]

    text = REFERENCE_EXAMPLE.read_text(encoding="utf-8")
    assert SEX_FIELD in text
    (tmp_path / "v2").mkdir()
    second_version = load_test_catalog(tmp_path / "v2", text.replace("version: 1", "version: 2").replace(SEX_FIELD, ""))
    # the same database (drafts and sessions), now serving version 2: the citizen comes back by the resume link
    later = make_app(MPP_CATALOG=second_version, WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries()).test_client()
    with later.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    later.get(f"/layanan/{SERVICE}/lanjut/{draft_id}")
    summary = later.get(page_url("periksa-jawaban")).get_data(as_text=True)
    assert "Layanan ini diperbarui sejak Anda mulai mengisi" in summary
    assert "tidak dikenal" not in summary  # before: "this field is not known", on no page, and no way to send
    assert form_values(later.get(page_url("anak")).get_data(as_text=True))["nama_anak"] == "Ni Luh Putu Ayu"
    sent = later.post(page_url("periksa-jawaban"))
    assert sent.location.endswith(f"/layanan/{SERVICE}/terkirim")
    assert re.search(r"/lacak/[A-Z0-9-]+", later.get(sent.location).get_data(as_text=True))
