"""What the admin's proposal and review screens rely on: checking without storing, a fresh check at approval,
who may read which version, each service's history, and any two versions compared."""

from __future__ import annotations

import pytest
from publication_samples import KTP_GOWA_LOOSE, SKTM_PARTIAL
from test_publication import GOWA, GOWA_ADMIN, MINISTRY, SKTM, SOPPENG_ADMIN, live, propose

from framework.definition import load_catalog
from framework.definition.tightening import Verdict
from framework.services import definition_history, publication
from framework.store.definitions import DefinitionVersion
from framework.workflow.actors import Actor
from framework.workflow.errors import Conflict, NotFound

KIA_GOWA = """\
service: adminduk.kia.{slug}
version: 1
extends: adminduk.kia
region: "73.06"
steps:
  - id: validasi
    sla: {sla}
"""


def places_of(places):
    return {"definitions": places["definitions"], "published_dir": places["published_dir"]}


@pytest.fixture
def places(tmp_path):
    from framework.core import settings

    return {"definitions": settings.definitions_dir(), "published_dir": tmp_path / "published"}


def test_examining_stores_nothing_and_reports_like_proposing(session, places):
    found = publication.examine(session, SKTM.format(version=1), "sktm.yaml", proposer=GOWA_ADMIN, **places)
    assert found.errors == () and found.version is None and found.spec.id == "sosial.sktm-gowa"
    assert found.audit.compliant
    partial = publication.examine(session, SKTM_PARTIAL.format(version=1), "sktm.yaml", proposer=GOWA_ADMIN, **places)
    assert "STANDARD_REQUIREMENTS" in {f.code for f in partial.audit.findings}
    assert "STANDARD_INCOMPLETE" in {w.code for w in partial.warnings}, "located, as `mpp validate --strict` says it"
    assert publication.versions(session) == []
    elsewhere = publication.examine(session, SKTM.format(version=1), "sktm.yaml", proposer=SOPPENG_ADMIN, **places)
    assert [(e.code, e.line, e.col) for e in elsewhere.errors] == [("PROPOSAL_OTHER_REGION", 3, 9)]  # at `region:`


def test_a_new_regional_variant_is_compared_with_the_national_service_it_adapts(session, places):
    source = KIA_GOWA.format(slug="gowa", sla="1h")
    found = publication.examine(session, source, "kia.yaml", proposer=GOWA_ADMIN, **places)
    assert found.live is None and found.template.id == "adminduk.kia" and found.base is found.template
    changed = {(c.kind, c.item, c.attribute): c.verdict for c in found.diff.changes}
    assert changed[("step", "validasi", "sla")] is Verdict.TIGHTENS


def test_a_loosening_variant_is_refused_with_the_rule_named(session, places):
    found = propose(session, places, KTP_GOWA_LOOSE, name="ktp-el.gowa.yaml")
    assert not found.accepted
    [error] = found.errors
    assert (error.file, error.line, error.code) == ("ktp-el.gowa.yaml", 7, "VARIANT_LOOSENS_RULE")
    assert "belum_wajib_ktp" in error.text.get("en")


def test_a_regional_admin_cannot_propose_a_version_of_a_national_service(session, places):
    national_kk = (
        'service: adminduk.kk\nversion: 2\nextends: adminduk.layanan-template\nregion: "73.06"\n'
        + "title: {id: KK Gowa, en: Gowa family card}\n"
    )
    found = propose(session, places, national_kk, name="kk.yaml")
    assert "PROPOSAL_NOT_YOURS" in [e.code for e in found.errors]
    assert publication.versions(session) == []
    without_region = propose(session, places, national_kk.replace('region: "73.06"\n', ""), name="kk.yaml")
    # told to make a variant, not to add a `region` that would only lead to the same refusal; at `service`
    [(code, line, col)] = [(e.code, e.line, e.col) for e in without_region.errors if e.code.startswith("PROPOSAL_")][:1]
    assert (code, line, col) == ("PROPOSAL_NOT_YOURS", 1, 10)
    assert "PROPOSAL_OTHER_REGION" not in [e.code for e in without_region.errors]


def test_approval_checks_the_version_again_against_what_is_live_now(session, places):
    first = propose(session, places, KIA_GOWA.format(slug="gowa", sla="1h"), name="kia.yaml").version
    second = propose(session, places, KIA_GOWA.format(slug="gowa-lain", sla="2h"), name="kia-lain.yaml").version
    publication.review(session, MINISTRY, first.id, "approve", **places_of(places))
    generation = publication.generation(session)
    with pytest.raises(Conflict) as refused:  # Gowa would have two KIA variants: which one applies?
        publication.review(session, MINISTRY, second.id, "approve", **places_of(places))
    assert refused.value.code == "no_longer_valid" and "DUPLICATE" in refused.value.message("en")
    session.rollback()
    assert session.get(DefinitionVersion, second.id).status == "proposed"
    assert publication.generation(session) == generation
    assert "adminduk.kia.gowa-lain" not in live(session, places).catalog.specs


def test_an_older_proposal_cannot_be_approved_over_a_newer_publication(session, places):
    older = propose(session, places, SKTM.format(version=1)).version
    newer = propose(session, places, SKTM.format(version=2)).version
    publication.review(session, MINISTRY, newer.id, "approve", **places_of(places))
    with pytest.raises(Conflict) as refused:
        publication.review(session, MINISTRY, older.id, "approve", **places_of(places))
    assert "PROPOSAL_VERSION_NOT_RAISED" in refused.value.message("en")


def test_a_decided_version_is_compared_without_publication_problems(session, places):
    version = propose(session, places).version
    publication.review(session, MINISTRY, version.id, "approve", **places_of(places))
    again = publication.examine_version(session, version.id, **places)
    assert again.errors == () and again.diff is not None and again.diff.changes == ()


def test_a_regional_admin_reads_their_own_regions_versions_only(session, places):
    version = propose(session, places).version
    assert definition_history.readable_version(session, GOWA_ADMIN, version.id).id == version.id
    assert definition_history.readable_version(session, MINISTRY, version.id).id == version.id
    for outsider in (SOPPENG_ADMIN, Actor.officer("petugas", "operator_dpmptsp", GOWA), Actor.citizen("320301")):
        with pytest.raises(NotFound):
            definition_history.readable_version(session, outsider, version.id)
        assert definition_history.service_history(session, "sosial.sktm-gowa", outsider) == []
    assert [v.id for v in definition_history.region_versions(session, GOWA_ADMIN)] == [version.id]
    assert definition_history.region_versions(session, SOPPENG_ADMIN) == []
    with pytest.raises(NotFound):
        definition_history.readable_version(session, MINISTRY, version.id + 100)


def test_history_and_the_review_queue(session, places):
    first = propose(session, places).version
    publication.review(session, MINISTRY, first.id, "return", "Tambahkan persyaratan.")
    second = propose(session, places, SKTM.format(version=2)).version
    third = propose(session, places, SKTM.format(version=3)).version
    assert [v.id for v in definition_history.review_queue(session)] == [second.id, third.id], "oldest first"
    history = definition_history.service_history(session, "sosial.sktm-gowa", GOWA_ADMIN)
    assert [(line.version, line.action, line.actor, line.comment) for line in history] == [
        (1, "propose", "admin.gowa", None),
        (1, "return", "kementerian", "Tambahkan persyaratan."),
        (2, "propose", "admin.gowa", None),
        (3, "propose", "admin.gowa", None),
    ]
    events = definition_history.version_events(session, [first.id, third.id])
    assert [line.action for line in events[first.id]] == ["propose", "return"]


def test_any_two_versions_compared_the_bundled_file_included(session, places):
    bundled = load_catalog(places["definitions"])
    kk_gowa = (places["definitions"] / "regions" / GOWA / "kk.yaml").read_text(encoding="utf-8")
    shorter = kk_gowa.replace("version: 1", "version: 2").replace("sla: 2h", "sla: 1h", 1)
    assert shorter != kk_gowa
    version = propose(session, places, shorter, name="kk.yaml").version
    choices = definition_history.version_choices(session, "adminduk.kk.gowa", bundled)
    assert [(c.key, c.version, c.status) for c in choices] == [
        ("bawaan", 1, "bundled"),
        (str(version.id), 2, "proposed"),
    ]
    compared = definition_history.compare_versions(
        session, "adminduk.kk.gowa", "bawaan", str(version.id), bundled=bundled, **places
    )
    assert compared.errors == () and compared.diff.changes
    assert {c.verdict for c in compared.diff.changes if c.attribute == "sla"} == {Verdict.TIGHTENS}
    with pytest.raises(NotFound):
        definition_history.compare_versions(
            session, "adminduk.kk", "bawaan", str(version.id), bundled=bundled, **places
        )
