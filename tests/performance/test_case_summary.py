"""The ministry's way from a figure to its cause: a service's applications in a region, the overdue list paged,
and one application's summary without personal data — on the known data set of performance_helpers."""

from __future__ import annotations

import pytest
from performance_helpers import ANSWERS, GOWA, NIK, NOW, SERVICE, SOPPENG, at, officers
from sqlalchemy import select

from framework.core import settings
from framework.services import applications, audit_reads
from framework.services.case_summary import READ_ACTION, read_summary, region_of, summarise
from framework.services.loci import current_loci
from framework.services.region_applications import service_applications
from framework.services.region_performance import OVERDUE_LISTED, overdue_page, region_page
from framework.store.models import AuditEvent
from framework.workflow.actors import Actor
from framework.workflow.errors import NotFound

MINISTRY = Actor.officer("kemen", "auditor_kementerian", None)


def _summary(session, number):
    record = applications.find_viewed(session, number)
    return summarise(record, applications.spec_of(session, record), NOW)


def test_a_services_list_is_newest_first_paged_with_the_figures_own_minutes(session, spec, known):
    first = service_applications(session, SOPPENG, spec.id, spec, page=1, page_size=4, now=NOW)
    second = service_applications(session, SOPPENG, spec.id, spec, page=2, page_size=4, now=NOW)
    assert (first.total, first.pages, second.page) == (7, 2, 2)
    numbers = [row.tracking_number for row in first.rows + second.rows]
    assert numbers[0] == known.numbers["A7"]  # filed last
    assert sorted(numbers) == sorted(number for name, number in known.numbers.items() if name != "B1")
    rows = {row.tracking_number: row for row in first.rows + second.rows}
    a4, a1, a3 = (rows[known.numbers[name]] for name in ("A4", "A1", "A3"))
    assert (a4.minutes, a4.sla_minutes, a4.late, a4.within_sla) == (2460, 2400, True, False)
    assert (a1.minutes, a1.late, a1.decided_at is not None) == (240, False, True)
    assert a3.returns == 1
    a7 = rows[known.numbers["A7"]]  # waiting at verifikasi since 1 September: past its step's deadline
    assert a7.overdue_now and a7.late and a7.decided_at is None and a7.minutes > 0
    last = service_applications(session, SOPPENG, spec.id, spec, page=99, page_size=4, now=NOW)
    assert last.page == 2  # past the last page: the last one
    assert service_applications(session, SOPPENG, "tidak.ada", None, now=NOW) is None


def test_an_application_its_deadline_approved_is_marked(session, spec, known, tmp_path):
    from mpp_testing import load_test_catalog

    from framework.services import deadlines

    by_default = SERVICE.replace(
        "sla: 3d, actions: [approve, reject]}", "sla: 3d, actions: [approve, reject], on_deadline: approve}"
    )
    (tmp_path / "by-default").mkdir()
    lenient = load_test_catalog(tmp_path / "by-default", by_default).specs["nakes.sip-uji"]
    filed = applications.submit(
        session, lenient, region=SOPPENG, answers=ANSWERS, applicant_nik=NIK, now=at(1, 9, month=9)
    )
    number = filed.tracking_number
    applications.transition(session, number, action="approve", actor=officers(SOPPENG)[0], now=at(1, 10, month=9))
    session.commit()
    deadlines.apply_deadlines(session, at(14, 12, month=9))
    session.commit()
    listed = service_applications(session, SOPPENG, spec.id, spec, page_size=100, now=NOW)
    marked = [row.tracking_number for row in listed.rows if row.auto_approved]
    assert marked == [number]
    summary = _summary(session, number)
    assert summary.auto_approved and summary.state == "approved"
    keputusan = summary.stays[-1]
    assert (keputusan.step_id, keputusan.ended_by, keputusan.acted_role) == ("keputusan", "deadline:approve", "system")
    assert keputusan.ended_words.id.startswith("oleh batas waktu")


def test_a_summary_holds_the_steps_rounds_and_roles_but_no_personal_data(session, known):
    summary = _summary(session, known.numbers["A3"])
    assert [(stay.step_id, stay.minutes, stay.ended_by) for stay in summary.stays] == [
        ("verifikasi", 120, "return"),
        ("verifikasi", 60, "approve"),
        ("keputusan", 480, "approve"),
    ]
    assert summary.minutes == 660 and summary.sla_minutes == 2400 and summary.within_sla is True
    assert [stay.sla_minutes for stay in summary.stays] == [960, 960, 1440]  # 2 and 3 working days
    assert [stay.acted_role for stay in summary.stays] == ["operator_dpmptsp", "operator_dpmptsp", "kepala_dpmptsp"]
    (round_,) = summary.rounds
    assert [label.id for label in round_.fields] == ["Alamat"] and round_.resubmitted_at is not None
    assert [move.role for move in summary.moves][:2] == ["citizen", "operator_dpmptsp"]
    held = repr(summary)
    for personal in (NIK, ANSWERS["nama"], ANSWERS["alamat"], "Alamat kurang", "verifier.73.12", "head.73.12"):
        assert personal not in held, personal  # neither answers, comments nor who acted


def test_a_late_stay_and_a_present_one(session, known):
    a4 = _summary(session, known.numbers["A4"])
    assert [stay.late for stay in a4.stays] == [True, False]  # 2,280 minutes at a 2-day step
    assert a4.within_sla is False
    a5 = _summary(session, known.numbers["A5"])
    present = a5.stays[-1]
    assert present.left_at is None and present.ended_by is None and present.late
    assert a5.overdue_minutes and a5.overdue_minutes > 0


def test_reading_a_summary_is_audited_and_limited_to_its_region(session, known):
    number = known.numbers["A3"]
    read_summary(session, number, SOPPENG, MINISTRY, now=NOW)
    (event,) = session.scalars(select(AuditEvent).where(AuditEvent.action == READ_ACTION))
    assert (event.actor, event.target, event.region, event.details) == (
        "kemen",
        number,
        SOPPENG,
        {"personal_data": False},
    )
    assert READ_ACTION not in audit_reads.PERSONAL_DATA_READS  # no personal data was read
    with pytest.raises(NotFound):
        read_summary(session, number, GOWA, MINISTRY, now=NOW)  # asked under another region
    with pytest.raises(NotFound):
        read_summary(session, "BUKAN-NOMOR", SOPPENG, MINISTRY, now=NOW)
    with pytest.raises(NotFound):
        read_summary(session, number, SOPPENG, Actor.citizen(NIK), now=NOW)
    assert region_of(session, number) == SOPPENG and region_of(session, "ZZZZ-ZZZZZ") is None


def test_the_overdue_list_is_whole_a_page_at_a_time(session, spec, catalog, known):
    for _ in range(OVERDUE_LISTED + 3):
        applications.submit(session, spec, region=SOPPENG, answers=ANSWERS, applicant_nik=NIK, now=at(10, 9))
    session.commit()
    loci = current_loci(session, settings.definitions_dir())
    offered, folder = catalog.offered(), settings.definitions_dir()
    page = region_page(session, SOPPENG, loci, offered, folder, inactive_days=30, now=NOW)
    assert len(page.overdue) == OVERDUE_LISTED and page.overdue_total == OVERDUE_LISTED + 5  # with A5 and A7
    first = overdue_page(session, SOPPENG, loci, offered, folder, page=1, page_size=10, now=NOW)
    rest = [overdue_page(session, SOPPENG, loci, offered, folder, page=n, page_size=10, now=NOW) for n in (2, 3)]
    assert (first.total, first.pages) == (25, 3)
    listed = [row.tracking_number for found in [first, *rest] for row in found.rows]
    assert len(listed) == len(set(listed)) == 25
    assert listed[:OVERDUE_LISTED] == [row.tracking_number for row in page.overdue]  # the same order
    assert known.numbers["A7"] == listed[-1]  # the least overdue: the 25th
