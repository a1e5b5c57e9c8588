"""The ministry's catalog: statuses and last changes from the database, figures from the live catalog, and
`mpp audit --live` printing exactly what the function gives the admin's page."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from publication_samples import SKTM_PARTIAL
from test_publication import GOWA, MINISTRY, live, propose

from framework.cli import main
from framework.services import catalog_audit, publication
from framework.services.catalog_audit import CatalogFilter
from framework.workflow.actors import Actor

YOGYA_ADMIN = Actor.officer("admin.yogya", "admin_daerah", "34.71")


@pytest.fixture
def places(tmp_path, monkeypatch):
    from framework.core import settings

    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path))  # `mpp audit --live` writes published versions here too
    return {"definitions": settings.definitions_dir(), "published_dir": tmp_path / "published"}


@pytest.fixture
def history(session, places, monkeypatch):
    """SKTM published (v1 returned, v2 approved), the KIA of Yogyakarta proposed, the Soppeng midwife's variant
    withdrawn.

    The SKTM publishes only part of the standard: it was proposed and approved before proposals were held to
    `mpp validate --strict` (what `publication` refuses now is let through here), as an older database holds it.
    """
    with monkeypatch.context() as before:
        before.setattr(publication.Proposal, "refused_by_strict", property(lambda found: found.errors))
        first = propose(session, places, SKTM_PARTIAL.format(version=1)).version
        publication.review(session, MINISTRY, first.id, "return", "Tambahkan persyaratan.")
        second = propose(session, places, SKTM_PARTIAL.format(version=2)).version
        publication.review(session, MINISTRY, second.id, "approve", "Sesuai.")
    kia = 'service: adminduk.kia.yogyakarta\nversion: 1\nextends: adminduk.kia\nregion: "34.71"\n'
    waiting = publication.propose(session, YOGYA_ADMIN, kia, "kia.yaml", **places).version
    catalog = live(session, places).catalog
    publication.withdraw(session, MINISTRY, "nakes.sip-bidan.soppeng", "Diganti layanan nasional.", live=catalog)
    return {"second": second, "waiting": waiting}


def test_each_definition_has_its_status_and_last_change(session, places, history):
    audit = catalog_audit.catalog_audit(live(session, places).catalog, catalog_audit.records(session))
    entries = {entry.service: entry for entry in audit.entries}
    sktm = entries["sosial.sktm-gowa"]
    assert (sktm.status, sktm.version, sktm.region, sktm.sla, sktm.fee) == ("published", 2, GOWA, "3d", 0)
    assert (sktm.last_change.action, sktm.last_change.actor, sktm.last_change.comment) == (
        "approve",
        "kementerian",
        "Sesuai.",
    )
    assert not sktm.audit.compliant, "the SKTM publishes only part of the standard"
    kk = entries["adminduk.kk"]
    assert (kk.status, kk.kind, kk.last_change, kk.pending) == ("bundled", "national", None, None)
    assert kk.audit.compliant and not kk.audit.flagged
    assert (
        entries["adminduk.layanan-template"].kind == "template" and entries["adminduk.layanan-template"].audit is None
    )
    assert entries["adminduk.kia"].pending is None
    waiting = entries["adminduk.kia.yogyakarta"]
    assert (waiting.status, waiting.audit, waiting.pending) == ("proposed", None, history["waiting"].id)
    gone = entries["nakes.sip-bidan.soppeng"]
    assert (gone.status, gone.audit, gone.last_change.action) == ("withdrawn", None, "withdraw")
    assert gone.last_change.comment == "Diganti layanan nasional."
    assert audit.report.services == tuple(entry.audit for entry in audit.audited)
    assert not audit.report.ok


def test_narrowing_and_the_csv_rows(session, places, history):
    audit = catalog_audit.catalog_audit(live(session, places).catalog, catalog_audit.records(session))
    gowa = catalog_audit.narrowed(audit, CatalogFilter(region=GOWA))
    assert {e.service for e in gowa.entries} == {"adminduk.kk.gowa", "sosial.sktm-gowa"}
    national = catalog_audit.narrowed(audit, CatalogFilter(region="-", kind="template"))
    assert {e.service for e in national.entries} == {"adminduk.layanan-template", "nakes.sip-template"}
    found = catalog_audit.narrowed(audit, CatalogFilter(search="tidak mampu"))
    assert [e.service for e in found.entries] == ["sosial.sktm-gowa"]
    assert [e.service for e in catalog_audit.narrowed(audit, CatalogFilter(status="withdrawn")).entries] == [
        "nakes.sip-bidan.soppeng"
    ]
    rows = catalog_audit.csv_rows(gowa, "en")
    assert rows[0][:6] == ["service", "title", "kind", "region", "version", "status"]
    sktm = next(row for row in rows if row[0] == "sosial.sktm-gowa")
    assert sktm[2:13] == [
        "regional",
        GOWA,
        "2",
        "published",
        "",
        "3d",
        "0",
        "non-compliant",
        "11",
        "1",
        "approved and published",
    ]
    assert sktm[14] == "kementerian"


def test_mpp_audit_live_prints_the_figures_of_the_catalog_function(session, places, history, database_url):
    env = {"MPP_DATABASE_URL": database_url, "MPP_DEFINITIONS": str(places["definitions"])}
    result = CliRunner().invoke(main, ["audit", "--live", "--format", "json"], env=env)
    assert result.exit_code == 1, result.output  # the SKTM is not compliant
    printed = json.loads(result.stdout)
    expected = catalog_audit.catalog_audit(live(session, places).catalog, catalog_audit.records(session)).as_dict()
    assert printed == json.loads(json.dumps(expected, ensure_ascii=False))
    sktm = next(r for r in printed["results"] if r["service"] == "sosial.sktm-gowa")
    assert (sktm["status"], sktm["last_change"]["by"], sktm["compliant"]) == ("published", "kementerian", False)
    text = CliRunner().invoke(main, ["audit", "--live", "sosial.sktm-gowa", "nakes.sip-bidan.soppeng"], env=env)
    lines = text.stdout.splitlines()
    assert lines[0] == "nakes.sip-bidan.soppeng [73.12, v1, SLA -, -, ditarik]: DITARIK (tidak diaudit)"
    assert "sosial.sktm-gowa [73.06, v2, SLA 3d, Rp 0, terbit]: TIDAK PATUH" in lines
    assert lines[lines.index("sosial.sktm-gowa [73.06, v2, SLA 3d, Rp 0, terbit]: TIDAK PATUH") + 1].startswith(
        "  terakhir: disetujui dan terbit, kementerian, "
    )
    english = CliRunner().invoke(main, ["audit", "--live", "--lang", "en", "nakes.sip-bidan.soppeng"], env=env)
    assert english.stdout.splitlines()[0].endswith("[73.12, v1, SLA -, -, withdrawn]: WITHDRAWN (not audited)")
    markdown = CliRunner().invoke(main, ["audit", "--live", "--format", "md"], env=env).stdout
    assert "| terbit / published | disetujui dan terbit / approved and published, kementerian, " in markdown


def test_mpp_audit_live_says_when_in_wib_as_the_admin_does(session, places, history, database_url):
    from framework.workflow.calendar import WIB

    env = {"MPP_DATABASE_URL": database_url, "MPP_DEFINITIONS": str(places["definitions"])}
    audit = catalog_audit.catalog_audit(live(session, places).catalog, catalog_audit.records(session))
    approved = next(e for e in audit.entries if e.service == "sosial.sktm-gowa").last_change.at
    text = CliRunner().invoke(main, ["audit", "--live", "sosial.sktm-gowa"], env=env).stdout
    assert f", kementerian, {approved.astimezone(WIB):%Y-%m-%d %H:%M} WIB" in text
