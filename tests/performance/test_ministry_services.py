"""A region's figures are its citizens' applications: its own application to the ministry does not count in them.

Kabupaten Soppeng has one citizen application decided within the SLA (240
working minutes) and its application to join MPP Digital, a chain of ministry
steps only, decided late by the ministry; Kabupaten Gowa has one citizen
application decided within the SLA (90 minutes) and its joining application
waiting, overdue, at the ministry. The refreshed statistics, the overview and
its CSV, the region's page and the public page show the citizens' ones only;
the joining application keeps its own service row on the region's page.
"""

from __future__ import annotations

import csv
import io

import pytest
from mpp_testing import load_test_catalog
from performance_helpers import ANSWERS, GOWA, NIK, NOW, SERVICE, SOPPENG, at, officers, recent_monday

from framework.core import settings
from framework.services import applications, performance_stats
from framework.services.accounts import add_user
from framework.services.loci import current_loci
from framework.services.performance import OverviewQuery, overview
from framework.services.performance_stats import EVERY
from framework.services.region_performance import public_figures, region_page
from framework.store.types import utcnow
from framework.workflow.actors import Actor

# the region's application to the ministry: the test service's form, with one ministry step (filed_by_region)
JOINING = (
    SERVICE.split("steps:")[0]
    .replace("service: nakes.sip-uji", "service: kementerian.gabung-uji")
    .replace("sector: nakes", "sector: kementerian")
    + """steps:
  - {id: penilaian, title: {id: Penilaian, en: Assessment}, role: auditor_kementerian, sla: 2d, actions: [approve, reject]}
notify:
  submitted: [inbox]
"""  # noqa: E501  (a step as an author writes it)
)
MINISTRY = Actor.officer("kemen", "auditor_kementerian", None)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The test service and the region's application to the ministry, in one catalog."""
    return load_test_catalog(tmp_path_factory.mktemp("ministry-catalog"), SERVICE, JOINING)


def file_the_set(session, catalog, monday) -> None:
    """Soppeng: a citizen's within the SLA, its joining late; Gowa: a citizen's within, its joining overdue."""
    citizen, joining = catalog.specs["nakes.sip-uji"], catalog.specs["kementerian.gabung-uji"]

    def when(moment):
        return monday + (moment - at(10, 9))

    def file(spec, region, counter=None):
        filed = applications.submit(
            session, spec, region=region, answers=ANSWERS, applicant_nik=NIK, counter=counter, now=when(at(10, 9))
        )
        return filed.tracking_number

    def move(number, who, moment):
        applications.transition(session, number, action="approve", actor=who, now=when(moment))

    for region, minutes in ((SOPPENG, (10, 13)), (GOWA, (9, 10))):
        number = file(citizen, region)
        verifier, head = officers(region)
        move(number, verifier, at(10, minutes[0], 30 if region == GOWA else 0))
        move(number, head, at(10, minutes[1], 30 if region == GOWA else 0))
    late = file(joining, SOPPENG, Actor.officer("admin.soppeng", "admin_daerah", SOPPENG))
    move(late, MINISTRY, at(18, 10))  # due Wed 12 Aug 09:00: four working days late
    file(joining, GOWA, Actor.officer("admin.gowa", "admin_daerah", GOWA))  # waits past its due day


def test_the_refreshed_figures_leave_the_joining_application_out(session, both):
    file_the_set(session, both, at(10, 9))
    performance_stats.refresh(session, NOW)
    stats = performance_stats.read(session)
    soppeng = stats.get(SOPPENG)
    assert (soppeng.decided, soppeng.within_sla, soppeng.with_sla, soppeng.rejected) == (1, 1, 1, 0)
    assert soppeng.spread is not None and soppeng.spread.median == 240  # the citizen's alone, not the late one
    assert stats.get(GOWA).overdue == 0  # its joining application waits at the ministry: not the region's lateness
    assert stats.get(EVERY).decided == 2  # the nation: the two citizens' decisions
    assert stats.get(SOPPENG, "kementerian.gabung-uji").decided == 1  # the service keeps its own row

    loci = current_loci(session, settings.definitions_dir())
    definitions = settings.definitions_dir()
    rows = {row.region: row for row in overview(session, loci, both.offered(), definitions, now=NOW).rows}
    assert (rows[SOPPENG].figures.filed, rows[SOPPENG].figures.decided, rows[SOPPENG].figures.sla_share) == (1, 1, 1)
    assert rows[SOPPENG].figures.median_days == 0.5 and rows[GOWA].overdue == 0
    page = region_page(session, SOPPENG, loci, both.offered(), definitions, inactive_days=30, now=NOW)
    assert sum(week.decided for week in page.weeks) == 1 and sum(week.filed for week in page.weeks) == 1
    assert "kementerian.gabung-uji" in {row.service_id for row in page.services}
    gowa = region_page(session, GOWA, loci, both.offered(), definitions, inactive_days=30, now=NOW)
    assert gowa.overdue_total == 0 and gowa.overdue == []
    public = public_figures(session, SOPPENG, loci, both.offered(), definitions, now=NOW)
    assert public.figures.decided == 1 and public.figures.sla_share == 1


def test_a_region_whose_only_application_is_its_joining_one_has_a_row_with_nothing_filed(session, both):
    joining = both.specs["kementerian.gabung-uji"]
    garut = "32.05"  # not a locus
    applications.submit(
        session,
        joining,
        region=garut,
        answers=ANSWERS,
        applicant_nik=NIK,
        counter=Actor.officer("admin.garut", "admin_daerah", garut),
        now=at(10, 9),
    )
    loci = current_loci(session, settings.definitions_dir())
    found = overview(session, loci, both.offered(), settings.definitions_dir(), OverviewQuery(), now=NOW)
    garut_row = next(row for row in found.rows if row.region == garut)
    assert (garut_row.figures.filed, garut_row.last_filed, garut_row.inactive) == (0, None, True)


def test_the_pages_and_the_csv_show_the_citizens_figures(make_app, both, sessions):
    with sessions() as session:
        file_the_set(session, both, recent_monday(utcnow()))
        performance_stats.refresh(session)
        add_user(session, "kemen", "auditor_kementerian", None, password_hash="-")
    client = make_app(MPP_CATALOG=both, WTF_CSRF_ENABLED=False).test_client()
    with client.session_transaction() as state:
        state["officer"] = {"username": "kemen"}
    answer = client.get("/admin/kinerja/unduh.csv?provinsi=73")
    rows = list(csv.DictReader(io.StringIO(answer.get_data().decode("utf-8-sig"))))
    soppeng = next(row for row in rows if row["Kode wilayah"] == SOPPENG)
    gowa = next(row for row in rows if row["Kode wilayah"] == GOWA)
    assert (soppeng["Diajukan 90 hari"], soppeng["Keputusan 90 hari"], soppeng["Sesuai SLA"]) == ("1", "1", "1")
    assert gowa["Terlambat (saat dihitung)"] == "0"  # (no median here: the real clock's Monday may be a holiday)
    region = client.get(f"/admin/kinerja/{GOWA}").get_data(as_text=True)
    assert "Terlambat saat ini</dt><dd>0</dd>" in region
    # its joining application's row is there, and the page says why it is not in the figures above
    assert 'data-note="ministry-services"' in region and "tidak dihitung dalam angka daerah di atas" in region
    client.get("/keluar")
    public = client.get(f"/kinerja/{SOPPENG}").get_data(as_text=True)
    assert "100%" in public.replace("\u00a0", "") and "50%" not in public.replace("\u00a0", "")
