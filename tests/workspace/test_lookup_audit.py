"""Registry look-ups about another person are audited by a keyed digest of the NIK, and the counter's are limited.

A citizen's look-up by a NIK they typed, and every look-up at the counter,
is in the audit trail with the masked NIK and an HMAC of it (never the NIK
in clear); `/admin/jejak-audit/?nik=` finds exactly that person's look-ups
(BUDI and RINA share the masked NIK 3203********0001), marking the older
events that kept only the mask as possibly another person.
"""

from __future__ import annotations

import re

import pytest
from adminhelpers import BUDI, BUDI_VILLAGE, REGION_A, sign_in
from lookuphelpers import RINA, SECRET, SERVICE, events, page, post, reporting_a_death

from framework.core.personal import mask_nik, nik_digest, person_details
from framework.services import audit_trail
from framework.workflow.actors import Actor


def test_a_look_up_of_another_person_is_audited_by_a_keyed_digest_never_in_clear(admin_app, sessions):
    budi = reporting_a_death(admin_app)
    post(budi, page(SERVICE, "almarhum"), {"nik_almarhum": RINA})
    (event,) = events(sessions, "prefill.lookup")
    assert event.actor == BUDI and event.target is None and event.region == REGION_A
    assert event.details["nik"] == mask_nik(RINA) and event.details["nik_digest"] == nik_digest(RINA, SECRET)
    assert event.details["service"] == SERVICE and RINA not in str(event.details)


@pytest.fixture
def limited_desk(make_app, bundled, tmp_path, monkeypatch, officer):
    """A desa front office on an app whose counter allows one look-up an hour per officer."""
    for name in ("MPP_ENV", "MPP_IKD_MODE", "MPP_LAPOR_MODE"):
        monkeypatch.delenv(name, raising=False)
    app = make_app(
        MPP_CATALOG=bundled,
        WTF_CSRF_ENABLED=False,
        MPP_DRAFTS=str(tmp_path / "drafts"),
        MPP_RATE_LIMITS_ENABLED=True,
        MPP_RATE_LIMITS={"counter": "1 per hour"},
    )
    officer("loket.desa", "operator_dukcapil", BUDI_VILLAGE)
    client = app.test_client()
    sign_in(client, "loket.desa")
    return client


def test_the_counters_look_ups_are_limited_per_officer_and_audited_by_digest(limited_desk, sessions):
    first = limited_desk.post("/admin/loket/", data={"layanan": "adminduk.kk", "nik": RINA})
    assert "RINA SAPUTRA" in limited_desk.get(first.location).get_data(as_text=True)
    second = limited_desk.post("/admin/loket/", data={"layanan": "adminduk.kk", "nik": BUDI})
    shown = limited_desk.get(second.location).get_data(as_text=True)
    # over the limit the registry is not asked: the officer types what the citizen's KTP-el says
    assert "BUDI SAPUTRA" not in shown and 'name="nama_pemohon"' in shown and "Belum terverifikasi" in shown
    (event,) = events(sessions, "counter.prefill")
    assert event.actor == "loket.desa" and event.details["nik_digest"] == nik_digest(RINA, SECRET)
    assert RINA not in str(event.details)


def test_the_audit_filter_finds_one_persons_look_ups_by_digest_and_marks_old_masked_ones(admin_app, sessions, officer):
    desk = Actor.officer("loket.desa", "operator_dukcapil", BUDI_VILLAGE)
    with sessions() as session:  # BUDI and RINA share their masked NIK, 3203********0001
        for action, nik in (("counter.prefill", RINA), ("queue.search_nik", BUDI)):
            audit_trail.record(session, desk, action, None, {**person_details(nik, SECRET), "personal_data": True})
        old = {"nik": mask_nik(BUDI), "personal_data": True}  # written before digests were kept
        audit_trail.record(session, desk, "prefill.lookup", None, old, region=BUDI_VILLAGE)
        session.commit()
    officer("admin.a", "admin_daerah", REGION_A)
    admin = admin_app.test_client()
    sign_in(admin, "admin.a")
    about_budi = admin.get(f"/admin/jejak-audit/?nik={BUDI}").get_data(as_text=True)
    assert sorted(actions(about_budi)) == ["prefill.lookup", "queue.search_nik"]  # not RINA's look-up
    about_rina = admin.get(f"/admin/jejak-audit/?nik={RINA}").get_data(as_text=True)
    assert sorted(actions(about_rina)) == ["counter.prefill", "prefill.lookup"]
    assert about_rina.count("mungkin orang lain") == 1  # the old one: possibly another person, and said so
    assert nik_digest(RINA, SECRET) not in about_rina  # the digest matches; it is never shown


def actions(html: str) -> list[str]:
    return re.findall(r'<tr data-action="([^"]+)">', html)


def test_a_queue_search_by_nik_is_audited_by_digest(admin_app, sessions, officer):
    officer("bo.a", "operator_dukcapil", BUDI_VILLAGE)
    client = admin_app.test_client()
    sign_in(client, "bo.a")
    client.get(f"/admin/antrian/?cari={RINA}")
    (event,) = events(sessions, "queue.search_nik")
    assert event.details["nik_digest"] == nik_digest(RINA, SECRET) and event.details["nik"] == mask_nik(RINA)
