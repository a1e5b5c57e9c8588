"""The portal's "remove this row" buttons name a row by number: a bad number removes nothing, never a 500.

``"²".isdigit()`` is true but ``int("²")`` fails, and ``int()`` refuses more
than 4,300 digits; a forged button is read like any other unknown row.
"""

from __future__ import annotations

import pytest

from .portal_helpers import APPLICANT, SERVICE, page_url, post_page, registries


@pytest.fixture
def twins(make_app):
    """A citizen on the child's page of the reference example, with one twin's row filled."""
    client = make_app(WTF_CSRF_ENABLED=False, MPP_PLUGINS=registries()).test_client()
    with client.session_transaction() as session:
        session["citizen_nik"] = APPLICANT
    client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"})
    post_page(client, "anak", {"kembar": "ya"})
    post_page(client, "anak", {"saudara_kembar-0-nama": "Adi", "_action": "tambah:saudara_kembar"})
    return client


@pytest.mark.parametrize("row", ["\u00b2", "9" * 5000, "99999999999999999999", "-1", "\u0663"])
def test_removing_a_row_by_a_bad_number_removes_nothing(twins, row):
    answer = post_page(twins, "anak", {"_action": f"hapus:saudara_kembar:{row}"})
    assert answer.status_code == 302
    assert 'value="Adi"' in twins.get(page_url("anak")).get_data(as_text=True)


@pytest.mark.parametrize("row", ["\u00b2", "9" * 5000])
def test_an_input_named_with_a_bad_row_number_is_not_a_row(twins, row):
    answer = post_page(twins, "anak", {f"saudara_kembar-{row}-nama": "Ani"})
    assert answer.status_code in (200, 302)
    assert 'value="Adi"' in twins.get(page_url("anak")).get_data(as_text=True)
