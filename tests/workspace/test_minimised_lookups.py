"""Another person's KK or NIK number from a look-up by a NIK the citizen typed is shown to them masked.

BUDI reports the death of RINA by typing her NIK: he sees her name (he must
confirm the person), but her family-card number only as ``3203********0001``
(a NIK with its KK number is what e-KYC asks for) on the form, *Periksa
jawaban*, the correction page, his API view and the issued letter; officers
and the stored answer keep the full number.
"""

from __future__ import annotations

import datetime as dt

from adminhelpers import BUDI, BUDI_VILLAGE, REGION_A, sign_in
from forms.portal_helpers import form_values
from lookuphelpers import MASKED_KK, RINA, RINA_KK, SERVICE, page, post, reporting_a_death

from framework.core.personal import mask_nik
from framework.plugins.base import Delivery
from framework.services import applications
from framework.services.accounts import issue_token
from framework.services.issuing import letter_values
from framework.workflow.actors import Actor


def test_the_citizen_sees_a_strangers_kk_number_masked_on_the_form_and_the_summary(admin_app):
    budi = reporting_a_death(admin_app)
    post(budi, page(SERVICE, "almarhum"), {"nik_almarhum": RINA})
    html = budi.get(page(SERVICE, "almarhum")).get_data(as_text=True)
    assert "RINA SAPUTRA" in html and "dari IKD" in html  # the name stays: the citizen confirms the person
    assert RINA_KK not in html and MASKED_KK in html
    summary = budi.get(page(SERVICE, "periksa-jawaban")).get_data(as_text=True)
    assert "RINA SAPUTRA" in summary and MASKED_KK in summary
    assert summary.count(RINA_KK) == 1  # once: Budi's own family card, which is also hers (his own stays in full)


def test_the_applicants_api_view_masks_the_strangers_numbers_and_the_officers_does_not(
    admin_app, sessions, officer, file_application
):
    number = file_application(SERVICE, nik_almarhum=RINA)
    officer("op.a", "operator_dukcapil", BUDI_VILLAGE)
    with sessions() as session:
        citizen = issue_token(session, citizen=BUDI)
        operator = issue_token(session, user="op.a")
    client = admin_app.test_client()
    mine = client.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {citizen}"}).get_json()
    assert mine["answers"]["no_kk_almarhum"] == MASKED_KK and mine["answers"]["nama_almarhum"] == "RINA SAPUTRA"
    assert mine["answers"]["nik_almarhum"] == RINA  # what the citizen typed is theirs already
    checked = client.get(f"/api/v1/applications/{number}", headers={"Authorization": f"Bearer {operator}"})
    assert checked.get_json()["answers"]["no_kk_almarhum"] == RINA_KK


def test_asked_to_correct_a_strangers_kk_number_the_citizen_types_it_again_never_sees_it(
    admin_app, sessions, file_application
):
    number = file_application(SERVICE, nik_almarhum=RINA)
    with sessions() as session:
        front = Actor.officer("fo", "operator_dukcapil", BUDI_VILLAGE)
        applications.transition(session, number, action="return", actor=front, reasons={"no_kk_almarhum": "Periksa"})
        session.commit()
    client = admin_app.test_client()
    sign_in(client, citizen=BUDI)
    html = client.get(f"/lacak/{number}/perbaiki").get_data(as_text=True)
    assert 'name="no_kk_almarhum"' in html and RINA_KK not in html and form_values(html)["no_kk_almarhum"] == ""


def test_the_issued_letter_masks_a_strangers_numbers_as_it_masks_the_applicants(bundled):
    spec = bundled.specs[SERVICE]
    answers = {"nik_almarhum": RINA, "nama_almarhum": "RINA SAPUTRA", "no_kk_almarhum": RINA_KK}
    delivery = Delivery("AB12-CD34E", SERVICE, "Akta Kematian", REGION_A, BUDI, "BUDI SAPUTRA", answers, "key")
    values = letter_values(spec, delivery, "1", dt.datetime(2026, 12, 3, tzinfo=dt.UTC), "id")
    assert values["no_kk_almarhum"] == MASKED_KK and values["nama_almarhum"] == "RINA SAPUTRA"
    assert values["nik"] == mask_nik(BUDI)
