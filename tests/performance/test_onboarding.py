"""Region onboarding eats its own cooking: Kabupaten Garut's admin files `kementerian.pengajuan-lokus` at the
counter, ministry staff approve it through the normal workflow, and Garut appears as a locus — in the overview,
and in the regions where citizens may file its services — without a file being edited.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from framework.core import settings
from framework.definition import load_catalog
from framework.forms.examples import example_file
from framework.plugins.registry import installed
from framework.services import applications
from framework.services.accounts import add_user
from framework.services.loci import current_loci
from framework.services.officers import Catalog, roles_offered
from framework.services.publication import generation
from framework.services.workspace import QueueFilters, officer_queue
from framework.store.models import Application
from framework.store.performance import OnboardedLocus
from framework.worker.loop import WorkerConfig, run_once
from framework.workflow.actors import Actor
from framework.workflow.errors import Forbidden
from framework.workflow.offering import offering_errors

GARUT = "32.05"  # Kabupaten Garut: not among the 60 loci
OFFICIAL = "3203011205820001"  # BUDI SAPUTRA in the sandbox IKD, here the signing official
SERVICE = "kementerian.pengajuan-lokus"
PAGES = {
    "pejabat": {
        "_field": ["jabatan", "instansi", "telepon_pemohon", "email_pemohon"],
        "jabatan": "Kepala DPMPTSP",
        "instansi": "DPMPTSP Kabupaten Garut",
        "telepon_pemohon": "0812-3456-7890",
        "email_pemohon": "dpmptsp@garutkab.go.id",
    },
    "kesiapan": {
        "_field": ["layanan", "mpp_fisik", "jumlah_petugas", "rencana_mulai", "uraian_kesiapan"],
        "layanan": ["ADMINDUK"],
        "mpp_fisik": "BELUM",
        "jumlah_petugas": "12",
        "rencana_mulai": "2027-01-04",
        "uraian_kesiapan": "Jaringan dinas sudah tersambung; dua belas petugas DPMPTSP dan Disdukcapil siap dilatih.",
    },
    "pernyataan": {"_field": ["pernyataan_benar"], "pernyataan_benar": "y"},
}


@pytest.fixture(scope="module")
def bundled():
    catalog = load_catalog(settings.definitions_dir())
    assert catalog.ok
    return catalog


@pytest.fixture
def site(make_app, bundled, sessions, tmp_path, monkeypatch):
    for name in ("MPP_ENV", "MPP_IKD_MODE", "MPP_LAPOR_MODE"):
        monkeypatch.delenv(name, raising=False)  # development: the sandbox registries
    with sessions() as session:
        add_user(session, "admin.garut", "admin_daerah", GARUT, password_hash="-")
        add_user(session, "kemen", "auditor_kementerian", None, password_hash="-")
    return make_app(MPP_CATALOG=bundled, WTF_CSRF_ENABLED=False, MPP_DRAFTS=str(tmp_path / "drafts"))


def signed_in(app, username):
    client = app.test_client()
    with client.session_transaction() as session:
        session["officer"] = {"username": username}
    return client


def file_at_the_counter(client, tmp_path) -> str:
    start = client.get("/admin/loket/").get_data(as_text=True)
    assert f'value="{SERVICE}"' in start and "adminduk.kk" not in start  # a regional admin files this one only
    address = client.post("/admin/loket/", data={"layanan": SERVICE, "nik": OFFICIAL}).location
    for page_id, answers in PAGES.items():
        assert address.endswith(f"/halaman/{page_id}"), address
        moved = client.post(address, data=answers)
        assert moved.status_code == 302, moved.get_data(as_text=True)
        address = moved.location
    name, data = example_file(["pdf"])
    (tmp_path / name).write_bytes(data)
    with (tmp_path / name).open("rb") as handle:
        address = client.post(
            address, data={"surat_permohonan": (handle, name)}, content_type="multipart/form-data"
        ).location
    sent = client.post(address, data={"persetujuan": "1"})
    assert sent.status_code == 302 and "/admin/loket/terkirim/" in sent.location, sent.get_data(as_text=True)
    return sent.location.rsplit("/", 1)[1]


def test_an_approved_onboarding_makes_the_region_a_locus(site, sessions, bundled, tmp_path):
    ministry = signed_in(site, "kemen")
    assert f'data-region="{GARUT}"' not in ministry.get("/admin/kinerja/").get_data(as_text=True)

    number = file_at_the_counter(signed_in(site, "admin.garut"), tmp_path)
    waiting = ministry.get(f"/admin/kinerja/{GARUT}")
    assert waiting.status_code == 200 and "Kabupaten Garut" in waiting.get_data(as_text=True)
    assert f'href="/kinerja/{GARUT}"' not in waiting.get_data(as_text=True)  # no public page yet: no link to a 404
    queue = ministry.get("/admin/antrian/").get_data(as_text=True)
    assert f'data-tracking-number="{number}"' in queue  # ministry staff are national: Garut's application is theirs
    case = ministry.get(f"/admin/permohonan/{number}").get_data(as_text=True)
    assert "Kepala DPMPTSP" in case and "BUDI SAPUTRA" in case
    with sessions() as session:
        version = applications.find(session, number).version
        before = generation(session)
    decided = ministry.post(f"/admin/permohonan/{number}/keputusan", data={"action": "approve", "version": version})
    assert decided.status_code == 302, decided.get_data(as_text=True)

    outcomes = run_once(sessions, WorkerConfig(batch=50), installed())  # the provider acts: adds the locus
    assert outcomes.get("parked", 0) == 0
    with sessions() as session:
        locus = session.get(OnboardedLocus, GARUT)
        assert (locus.name, locus.services, locus.tracking_number) == ("Kabupaten Garut", ["adminduk.*"], number)
        assert session.scalar(select(Application.state).where(Application.tracking_number == number)) == "issued"
        assert generation(session) == before + 1  # every process rebuilds its catalog and loci
        loci = current_loci(session, settings.definitions_dir())
    assert not offering_errors(bundled.specs["adminduk.kk"], GARUT, settings.definitions_dir(), bundled.offered(), loci)
    assert offering_errors(bundled.specs["nakes.sip-bidan"], GARUT, settings.definitions_dir(), bundled.offered(), loci)

    overview = ministry.get("/admin/kinerja/?gelombang=bergabung").get_data(as_text=True)
    assert f'data-region="{GARUT}"' in overview and "Kabupaten Garut" in overview
    region = ministry.get(f"/admin/kinerja/{GARUT}").get_data(as_text=True)
    assert f"Bergabung lewat pengajuan {number}" in region and f'href="/kinerja/{GARUT}"' in region
    citizen = site.test_client()
    with citizen.session_transaction() as session:
        session["citizen_nik"] = OFFICIAL
    assert f'value="{GARUT}"' in citizen.get("/layanan/adminduk.kk").get_data(as_text=True)  # offered there now
    assert citizen.get(f"/kinerja/{GARUT}").status_code == 200


def test_citizens_never_file_it(site, bundled, session):
    spec = bundled.specs[SERVICE]
    citizen = site.test_client()
    assert SERVICE not in citizen.get("/layanan/").get_data(as_text=True)
    assert citizen.get(f"/layanan/{SERVICE}").status_code == 404
    with pytest.raises(Forbidden):
        applications.submit(session, spec, region=GARUT, answers={}, applicant_nik=OFFICIAL)
    other = Actor.officer("admin.gowa", "admin_daerah", "73.06")  # another region's admin
    with pytest.raises(Forbidden):
        applications.submit(session, spec, region=GARUT, answers={}, applicant_nik=OFFICIAL, counter=other)


def test_the_ministry_role_is_never_given_by_a_region(bundled, session):
    catalog = Catalog.of(bundled.offered(), settings.definitions_dir())
    assert "auditor_kementerian" not in roles_offered(catalog, GARUT)
    assert "auditor_kementerian" not in roles_offered(catalog, "73.12")


def test_ministry_staff_act_only_where_their_role_is_a_step(bundled, session):
    ministry = Actor.officer("kemen", "auditor_kementerian", None)
    assert ministry.national and ministry.covers("73.12.01.2001")
    assert not Actor.officer("x", "admin_daerah", None).covers("73.12")
    page = officer_queue(session, ministry, bundled.offered(), QueueFilters())
    assert {service for service, _title in page.services} == {SERVICE}


def test_every_process_reads_the_new_locus_with_its_catalog(make_app, sessions):
    """A live catalog (no MPP_CATALOG) re-reads the loci when the generation an onboarding raised changes."""
    from framework.services.loci import onboard
    from framework.web.services import loci

    app = make_app(MPP_CATALOG=None, MPP_CATALOG_REFRESH=0)
    with app.app_context():
        assert GARUT not in loci().by_region
        with sessions() as session:
            onboard(session, GARUT, {"layanan": ["NAKES"]}, "ABCD-EFGH2")
            session.commit()
        assert loci().by_region[GARUT].services == ("nakes.*",)
        assert loci().offers("nakes.sip-bidan", GARUT) and not loci().offers("adminduk.kk", GARUT)


def test_joining_is_not_counted_among_the_services_a_region_offers(bundled, session):
    """The overview's "Layanan" and the public page list what citizens file; a region's own application is none."""
    from framework.services.performance import OverviewQuery, overview
    from framework.services.region_performance import public_figures

    definitions = settings.definitions_dir()
    loci = current_loci(session, definitions)
    rows = {row.region: row for row in overview(session, loci, bundled.offered(), definitions, OverviewQuery()).rows}
    assert rows["73.12"].services == 39  # Soppeng: the 8 adminduk and 31 health-licence services
    public = public_figures(session, "73.12", loci, bundled.offered(), definitions)
    assert SERVICE not in {row.service_id for row in public.services} and len(public.services) == 39
