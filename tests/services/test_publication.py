"""The publication workflow: a region proposes, the ministry returns or approves, publication is live at once."""

from __future__ import annotations

import pytest
from publication_samples import GOWA, SKTM, SKTM_PARTIAL
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from framework.core import settings
from framework.services import publication
from framework.services.accounts import add_user
from framework.store.definitions import DefinitionEvent
from framework.workflow.actors import Actor
from framework.workflow.errors import Conflict, Forbidden, Invalid
from framework.workflow.roles import ADMIN_ROLE, MINISTRY_ROLE

GOWA_ADMIN = Actor.officer("admin.gowa", ADMIN_ROLE, GOWA)
SOPPENG_ADMIN = Actor.officer("admin.soppeng", ADMIN_ROLE, "73.12")
MINISTRY = Actor.officer("kementerian", MINISTRY_ROLE, None)


@pytest.fixture
def places(tmp_path):
    return {"definitions": settings.definitions_dir(), "published_dir": tmp_path / "published"}


def propose(session, places, source=None, actor=GOWA_ADMIN, name="sktm.yaml"):
    return publication.propose(session, actor, source or SKTM.format(version=1), name, **places)


def live(session, places):
    return publication.live_catalog(session, places["definitions"], places["published_dir"])


def test_a_sound_proposal_is_stored_for_review_with_its_audit(session, places):
    result = propose(session, places)
    assert result.accepted and result.errors == ()
    assert (result.version.service_id, result.version.status, result.version.proposed_by) == (
        "sosial.sktm-gowa",
        "proposed",
        "admin.gowa",
    )
    assert result.diff is None, "a new service has nothing to differ from"
    assert result.audit.compliant and result.warnings == ()
    assert "sosial.sktm-gowa" not in live(session, places).catalog.specs, "proposed is not live"


def test_a_proposal_with_what_strict_refuses_is_not_stored_and_says_where(session, places):
    # the audit's findings and the checker's warnings (a text without English) fail `mpp validate --strict`, as in CI
    partial = propose(session, places, SKTM_PARTIAL.format(version=1))
    assert not partial.accepted and partial.errors == ()
    located = {(w.file, w.line, w.col, w.code) for w in partial.warnings}
    assert ("sktm.yaml", 8, 1, "STANDARD_INCOMPLETE") in located  # at `standard:`
    assert ("sktm.yaml", 16, 9, "DATA_NOT_MINIMAL") in located  # at the field `nama` asked again
    english = SKTM.format(version=1).replace("{id: Nama, en: Name}", "Nama")
    monolingual = propose(session, places, english)
    assert not monolingual.accepted
    assert [(w.line, w.code) for w in monolingual.refused_by_strict] == [(29, "NOT_BILINGUAL")]
    assert publication.versions(session) == []


def test_an_approval_is_refused_while_strict_would_refuse_the_version(session, places, monkeypatch):
    # proposed before proposals were held to `--strict`: the ministry may not publish it
    with monkeypatch.context() as before:
        before.setattr(publication.Proposal, "refused_by_strict", property(lambda found: found.errors))
        waiting = propose(session, places, SKTM_PARTIAL.format(version=1)).version
    with pytest.raises(Conflict) as refused:
        publication.review(session, MINISTRY, waiting.id, "approve", **places)
    assert refused.value.code == "strict_refuses" and "STANDARD_INCOMPLETE" in refused.value.text.en
    session.rollback()
    assert publication.versions(session)[0].status == "proposed"
    assert "sosial.sktm-gowa" not in live(session, places).catalog.specs


def test_an_invalid_proposal_is_refused_with_located_errors_and_nothing_stored(session, places):
    broken = SKTM.format(version=1).replace("type: integer", "type: angka")
    result = propose(session, places, broken)
    assert not result.accepted
    assert [(e.file, e.line, e.code) for e in result.errors] == [("sktm.yaml", 32, "BAD_VALUE")]
    assert publication.versions(session) == []


def test_a_region_proposes_only_for_itself(session, places):
    result = propose(session, places, actor=SOPPENG_ADMIN)
    assert [e.code for e in result.errors] == ["PROPOSAL_OTHER_REGION"]
    with pytest.raises(Forbidden):
        propose(session, places, actor=Actor.officer("petugas", "operator_dpmptsp", GOWA))


def test_returned_then_fixed_then_approved_goes_live_and_raises_the_generation(session, places):
    first = propose(session, places).version
    with pytest.raises(Invalid):
        publication.review(session, MINISTRY, first.id, "return", "  ")
    with pytest.raises(Forbidden):
        publication.review(session, GOWA_ADMIN, first.id, "approve")
    returned = publication.review(session, MINISTRY, first.id, "return", "Tambahkan persyaratan.")
    assert returned.status == "returned"
    with pytest.raises(Conflict):
        publication.review(session, MINISTRY, first.id, "approve")
    before = publication.generation(session)
    second = propose(session, places, SKTM.format(version=2)).version
    approved = publication.review(session, MINISTRY, second.id, "approve", "Sesuai.")
    assert approved.status == "published"
    assert publication.generation(session) == before + 1
    spec = live(session, places).catalog.specs["sosial.sktm-gowa"]
    assert (spec.version, spec.region) == (2, GOWA)
    history = [(e.action, e.actor, e.comment) for e in publication.events(session, first.id)]
    assert history == [("propose", "admin.gowa", None), ("return", "kementerian", "Tambahkan persyaratan.")]


def test_a_new_version_must_raise_the_live_one(session, places):
    version = propose(session, places).version
    publication.review(session, MINISTRY, version.id, "approve")
    again = propose(session, places)
    assert [e.code for e in again.errors] == ["PROPOSAL_VERSION_NOT_RAISED"]
    newer = propose(session, places, SKTM.format(version=2).replace("sla: 3d", "sla: 2d"))
    assert newer.accepted
    assert any("sla" in str(change).lower() for change in newer.diff.changes), newer.diff.as_text()


def test_review_events_cannot_be_edited_or_deleted(session, places):
    version = propose(session, places).version
    session.get(DefinitionEvent, 1)
    for statement in ("UPDATE definition_events SET comment = 'x'", "DELETE FROM definition_events"):
        with pytest.raises(DBAPIError):
            session.execute(text(statement))
        session.rollback()
    assert [e.action for e in publication.events(session, version.id)] == ["propose"]


def test_withdrawing_stops_new_applications_but_keeps_the_rest(session, places):
    version = propose(session, places).version
    publication.review(session, MINISTRY, version.id, "approve")
    catalog = live(session, places).catalog
    with pytest.raises(Conflict):  # a template others extend cannot go
        publication.withdraw(session, MINISTRY, "adminduk.layanan-template", "x", live=catalog)
    with pytest.raises(Forbidden):
        publication.withdraw(session, GOWA_ADMIN, "sosial.sktm-gowa", "x", live=catalog)
    publication.withdraw(session, MINISTRY, "sosial.sktm-gowa", "Diganti layanan nasional.", live=catalog)
    assert "sosial.sktm-gowa" not in live(session, places).catalog.specs


def test_export_writes_published_versions_where_the_repository_keeps_them(session, places, tmp_path):
    version = propose(session, places).version
    publication.review(session, MINISTRY, version.id, "approve")
    written = publication.export(session, places["definitions"], tmp_path / "out")
    assert written == [tmp_path / "out" / "regions" / GOWA / "sktm-gowa.yaml"]
    assert written[0].read_text(encoding="utf-8") == SKTM.format(version=1)
    assert (tmp_path / "out" / "adminduk" / "kk.yaml").is_file(), "the bundled catalog comes along"


def test_the_web_app_serves_a_publication_without_a_restart(make_app, sessions, places):
    app = make_app(MPP_CATALOG=None, MPP_DEFINITIONS=str(places["definitions"]), MPP_CATALOG_REFRESH=0)
    client = app.test_client()
    assert client.get("/api/v1/services/sosial.sktm-gowa").status_code == 404
    with sessions() as session:
        add_user(session, "kementerian", MINISTRY_ROLE, None, password_hash="x")
        version = propose(session, places).version
        publication.review(session, MINISTRY, version.id, "approve")
    answer = client.get("/api/v1/services/sosial.sktm-gowa")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["version"] == 1


def test_a_withdrawal_keeps_the_yaml_it_withdrew(session, places):
    version = propose(session, places).version
    publication.review(session, MINISTRY, version.id, "approve")
    withdrawn = publication.withdraw(session, MINISTRY, "sosial.sktm-gowa", "x", live=live(session, places).catalog)
    assert withdrawn.source == SKTM.format(version=1)


def restore(session, places, service_id, actor=MINISTRY, comment="Layanan dibuka kembali."):
    return publication.restore(session, actor, service_id, comment, live=live(session, places).catalog, **places)


def test_restoring_a_withdrawn_service_brings_back_what_was_withdrawn(session, places):
    from sqlalchemy import select

    from framework.store import AuditEvent
    from framework.workflow.errors import NotFound

    version = propose(session, places).version
    publication.review(session, MINISTRY, version.id, "approve")
    publication.withdraw(session, MINISTRY, "sosial.sktm-gowa", "Sementara.", live=live(session, places).catalog)
    with pytest.raises(Forbidden):
        restore(session, places, "sosial.sktm-gowa", actor=GOWA_ADMIN)
    with pytest.raises(Invalid):
        restore(session, places, "sosial.sktm-gowa", comment=" ")
    before = publication.generation(session)
    restored = restore(session, places, "sosial.sktm-gowa")
    assert (restored.status, restored.version, restored.source) == ("published", 1, SKTM.format(version=1))
    assert "sosial.sktm-gowa" in live(session, places).catalog.specs
    assert publication.generation(session) == before + 1, "every process picks the restoration up"
    assert [(e.action, e.comment) for e in publication.events(session, restored.id)] == [
        ("restore", "Layanan dibuka kembali.")
    ]
    audited = session.scalar(select(AuditEvent).where(AuditEvent.action == "definition.restore"))
    assert (audited.actor, audited.target) == ("kementerian", "sosial.sktm-gowa")
    with pytest.raises(Conflict, match="not withdrawn"):  # live again: nothing to restore
        restore(session, places, "sosial.sktm-gowa")
    with pytest.raises(NotFound):  # no such service at all
        restore(session, places, "sosial.tidak-ada")
    publication.withdraw(session, MINISTRY, "sosial.sktm-gowa", "Lagi.", live=live(session, places).catalog)
    with pytest.raises(Conflict, match="already withdrawn"):  # a second click
        publication.withdraw(session, MINISTRY, "sosial.sktm-gowa", "Lagi.", live=live(session, places).catalog)


def test_a_bundled_service_comes_back_as_its_file_and_a_variant_needs_its_national_service(session, places):
    from framework.services import catalog_audit

    kk = "adminduk.kk"
    publication.withdraw(session, MINISTRY, f"{kk}.gowa", "Uji.", live=live(session, places).catalog)
    publication.withdraw(session, MINISTRY, kk, "Uji.", live=live(session, places).catalog)
    with pytest.raises(Conflict) as refused:
        restore(session, places, f"{kk}.gowa")
    assert refused.value.code == "base_not_live"
    restore(session, places, kk)
    restore(session, places, f"{kk}.gowa")
    catalog = live(session, places).catalog
    assert {kk, f"{kk}.gowa"} <= set(catalog.specs)
    statuses = catalog_audit.catalog_audit(catalog, catalog_audit.records(session), services=[kk]).entries
    assert [entry.status for entry in statuses] == ["bundled"], "the file is live again, no copy of it published"


def test_a_restoration_that_would_knock_a_live_service_out_is_refused(session, places):
    variant = 'service: adminduk.ktp-el.{name}\nversion: 1\nextends: adminduk.ktp-el\nregion: "73.06"\n'
    first = propose(session, places, variant.format(name="gowa"), name="ktp.yaml").version
    publication.review(session, MINISTRY, first.id, "approve")
    publication.withdraw(session, MINISTRY, "adminduk.ktp-el.gowa", "Diganti.", live=live(session, places).catalog)
    second = propose(session, places, variant.format(name="gowa-baru"), name="ktp.yaml").version
    publication.review(session, MINISTRY, second.id, "approve")
    with pytest.raises(Conflict) as refused:  # two Gowa variants of one service: neither would load
        restore(session, places, "adminduk.ktp-el.gowa")
    assert refused.value.code == "no_longer_valid" and "adminduk.ktp-el.gowa-baru" in refused.value.text.get("en")
    catalog = live(session, places).catalog
    assert "adminduk.ktp-el.gowa-baru" in catalog.specs and "adminduk.ktp-el.gowa" not in catalog.specs


def test_a_proposed_files_name_is_stored_without_a_nul(session, places):
    """The name comes from the browser's upload; PostgreSQL stores no NUL (a 500, the proposal lost)."""
    result = propose(session, places, name="../sk\x00tm.yaml")
    assert result.accepted and result.version.filename == "sktm.yaml"
