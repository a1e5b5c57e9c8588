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
from adminhelpers import BUDI, BUDI_VILLAGE, REGION_A, REGION_B, sign_in
from flask import session as flask_session
from lookuphelpers import DIGESTER, RINA, SERVICE, events, page, post, reporting_a_death

from framework.core.personal import NikDigester, mask_nik
from framework.services import audit_trail
from framework.web.database import db_session, side_connection
from framework.web.limits import counter_fetcher, lookup_fetcher
from framework.web.lookup_audit import nik_digester
from framework.web.plugins import registries_of
from framework.workflow.actors import Actor


def test_a_look_up_of_another_person_is_audited_by_a_keyed_digest_never_in_clear(admin_app, sessions):
    budi = reporting_a_death(admin_app)
    post(budi, page(SERVICE, "almarhum"), {"nik_almarhum": RINA})
    (event,) = events(sessions, "prefill.lookup")
    assert event.actor == BUDI and event.target is None and event.region == REGION_A
    assert event.details["nik"] == mask_nik(RINA) and event.details["nik_digest"] == DIGESTER.digest(RINA)
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
    assert event.actor == "loket.desa" and event.details["nik_digest"] == DIGESTER.digest(RINA)
    assert RINA not in str(event.details)


def test_the_audit_filter_finds_one_persons_look_ups_by_digest_and_marks_old_masked_ones(admin_app, sessions, officer):
    desk = Actor.officer("loket.desa", "operator_dukcapil", BUDI_VILLAGE)
    with sessions() as session:  # BUDI and RINA share their masked NIK, 3203********0001
        for action, nik in (("counter.prefill", RINA), ("queue.search_nik", BUDI)):
            audit_trail.record(session, desk, action, None, {**DIGESTER.person_details(nik), "personal_data": True})
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
    assert DIGESTER.digest(RINA) not in about_rina  # the digest matches; it is never shown


def actions(html: str) -> list[str]:
    return re.findall(r'<tr data-action="([^"]+)">', html)


def test_a_queue_search_by_nik_is_audited_by_digest(admin_app, sessions, officer):
    officer("bo.a", "operator_dukcapil", BUDI_VILLAGE)
    client = admin_app.test_client()
    sign_in(client, "bo.a")
    client.get(f"/admin/antrian/?cari={RINA}")
    (event,) = events(sessions, "queue.search_nik")
    assert event.details["nik_digest"] == DIGESTER.digest(RINA) and event.details["nik"] == mask_nik(RINA)


# --- the audit key: its own setting, its id kept beside each digest ------------------------------


def test_rotating_the_secret_key_keeps_earlier_look_ups_findable(admin_app, make_app, bundled, tmp_path, officer):
    """The digest is keyed by MPP_AUDIT_KEY: a new MPP_SECRET_KEY (it only ends CSRF tokens) changes nothing."""
    budi = reporting_a_death(admin_app)
    post(budi, page(SERVICE, "almarhum"), {"nik_almarhum": RINA})
    rotated = make_app(MPP_CATALOG=bundled, WTF_CSRF_ENABLED=False, SECRET_KEY="another-secret-key-after-rotation")
    officer("admin.a", "admin_daerah", REGION_A)
    admin = rotated.test_client()
    sign_in(admin, "admin.a")
    about_rina = admin.get(f"/admin/jejak-audit/?nik={RINA}").get_data(as_text=True)
    assert actions(about_rina) == ["prefill.lookup"] and "mungkin orang lain" not in about_rina


def test_look_ups_under_an_earlier_audit_key_are_listed_as_possibly_another_person(admin_app, sessions, officer):
    """A rotated MPP_AUDIT_KEY (or a digest once keyed by the secret key): matched by the mask, marked, not lost."""
    desk = Actor.officer("loket.desa", "operator_dukcapil", BUDI_VILLAGE)
    earlier = NikDigester.from_audit_key("the-audit-key-before-rotation")
    with sessions() as session:
        for details in (
            earlier.person_details(RINA),  # the key's id is not the current one
            {"nik": mask_nik(RINA), "nik_digest": earlier.digest(RINA)},  # no key id at all (the secret key's)
            DIGESTER.person_details(BUDI),  # the current key, another person with the same mask: not listed
        ):
            audit_trail.record(session, desk, "counter.prefill", None, {**details, "personal_data": True})
        session.commit()
    officer("admin.a", "admin_daerah", REGION_A)
    admin = admin_app.test_client()
    sign_in(admin, "admin.a")
    about_rina = admin.get(f"/admin/jejak-audit/?nik={RINA}").get_data(as_text=True)
    assert actions(about_rina) == ["counter.prefill", "counter.prefill"]
    assert about_rina.count("mungkin orang lain: dicatat dengan kunci audit sebelumnya") == 2
    assert earlier.key_id not in about_rina and DIGESTER.key_id not in about_rina  # the key ids are not shown


def test_the_audit_key_is_built_once_and_its_id_kept_beside_each_digest(admin_app, sessions):
    assert nik_digester(admin_app) == DIGESTER  # the fixed development key: digests match after a restart
    budi = reporting_a_death(admin_app)
    post(budi, page(SERVICE, "almarhum"), {"nik_almarhum": RINA})
    (event,) = events(sessions, "prefill.lookup")
    assert event.details["nik_key"] == DIGESTER.key_id and len(DIGESTER.key_id) == 8


# --- every look-up's event is in some region -----------------------------------------------------


def look_up_rina(app, applicant: str, session_values: dict[str, str] | None = None) -> None:
    """A citizen's look-up of RINA for a filing that names no region (an API payload without one)."""
    with app.test_request_context():
        flask_session.update(session_values or {})
        fetch = lookup_fetcher(registries_of(app), applicant, service=SERVICE, region=None)
        fetch("ikd", RINA)


def test_a_look_up_for_a_filing_without_a_region_is_in_the_citizens_region(admin_app, sessions, officer):
    look_up_rina(admin_app, BUDI)  # a bearer token: no session; BUDI's NIK was issued in 32.03
    (event,) = events(sessions, "prefill.lookup")
    assert event.region == REGION_A
    officer("admin.a", "admin_daerah", REGION_A)
    admin = admin_app.test_client()
    sign_in(admin, "admin.a")
    assert actions(admin.get("/admin/jejak-audit/").get_data(as_text=True)) == ["prefill.lookup"]


def test_the_region_ikd_gave_at_sign_in_comes_first(admin_app, sessions):
    look_up_rina(admin_app, BUDI, {"citizen_nik": BUDI, "citizen_region": REGION_B})
    (event,) = events(sessions, "prefill.lookup")
    assert event.region == REGION_B


def test_a_counter_look_up_of_an_officer_without_a_counter_region_is_in_their_own(admin_app, sessions):
    province = Actor.officer("loket.provinsi", "operator_dukcapil", "32")
    with admin_app.test_request_context():
        counter_fetcher(registries_of(admin_app), province, service=SERVICE, region=None)("ikd", RINA)
    (event,) = events(sessions, "counter.prefill")
    assert event.region == "32"


# --- a look-up after the request's transaction wrote an audit event cannot deadlock -------------


def test_a_look_up_after_an_audited_change_in_the_same_request_waits_for_nothing(admin_app, sessions):
    """The request's transaction holds the chain's head: the look-up's event is written once it has ended.

    Before, it was written at once on the side connection and waited for the
    lock its own thread held: for ever on PostgreSQL (here: until a short
    lock timeout), 30 s then an error on SQLite.
    """
    desk = Actor.officer("loket.desa", "operator_dukcapil", BUDI_VILLAGE)
    with admin_app.test_request_context():
        with side_connection() as connection, connection.begin():  # committed: a rolled-back SET is undone
            _wait_briefly(connection)
        audit_trail.record(db_session(), desk, "application.view", "X", {"personal_data": True}, region=REGION_A)
        counter_fetcher(registries_of(admin_app), desk, service=SERVICE, region=REGION_A)("ikd", RINA)
        assert events(sessions, "counter.prefill") == []  # not yet: the request's transaction is still open
        db_session().commit()
    (event,) = events(sessions, "counter.prefill")
    assert event.details["nik_digest"] == DIGESTER.digest(RINA) and event.region == REGION_A
    with sessions() as session:
        assert audit_trail.verify(session).ok  # one chain, in the order the events were written


def _wait_briefly(connection) -> None:
    """The side connection gives up on a lock after two seconds: a test that would deadlock fails instead."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET lock_timeout = '2s'")
    else:
        connection.exec_driver_sql("PRAGMA busy_timeout = 2000")
