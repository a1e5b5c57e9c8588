"""The figures on a small known data set: exact medians, percentiles, SLA shares, rates and inactive flags.

Every expected number is worked out by hand in performance_helpers' table
(working minutes at steps, 480 to a working day); the same assertions run
on SQLite and, in the PostgreSQL pass, on PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from performance_helpers import GOWA, NIK, NOW, SOPPENG, at
from sqlalchemy import select, update

from framework.core import settings
from framework.services import applications, figures, performance_stats
from framework.services.complaints import ComplaintInput, file_complaint
from framework.services.loci import current_loci
from framework.services.percentiles import spread_of
from framework.services.performance import NOT_A_LOCUS, OverviewQuery, overview
from framework.services.region_performance import public_figures, region_page
from framework.store.complaints import Complaint
from framework.store.performance import ApplicationFigures, StepVisit


def _overview(session, catalog, **query):
    loci = current_loci(session, settings.definitions_dir())
    return overview(session, loci, catalog.offered(), settings.definitions_dir(), OverviewQuery(**query), now=NOW)


def _region_page(session, catalog, region=SOPPENG):
    loci = current_loci(session, settings.definitions_dir())
    return region_page(session, region, loci, catalog.offered(), settings.definitions_dir(), inactive_days=30, now=NOW)


def _public(session, catalog, region=SOPPENG):
    loci = current_loci(session, settings.definitions_dir())
    return public_figures(session, region, loci, catalog.offered(), settings.definitions_dir(), now=NOW)


def _row(result, region):
    return next(row for row in result.rows if row.region == region)


def test_each_application_keeps_its_working_time_at_steps(session, known):
    stored = {
        name: session.get(ApplicationFigures, applications.find(session, number).id)
        for name, number in known.numbers.items()
    }
    minutes = {name: row.step_minutes for name, row in stored.items()}
    assert minutes == {"A1": 240, "A2": 600, "A3": 660, "A4": 2460, "A5": 180, "A6": 60, "A7": 0, "B1": 90}
    assert {name: row.outcome for name, row in stored.items() if row.outcome} == {
        "A1": "approved",
        "A2": "rejected",
        "A3": "approved",
        "A4": "approved",
        "A6": "withdrawn",
        "B1": "approved",
    }
    assert {name for name, row in stored.items() if row.within_sla is False} == {"A4"}
    assert (stored["A3"].returns, stored["A6"].within_sla, stored["A4"].sla_minutes) == (1, None, 2400)


def test_the_region_figures_are_exact(session, catalog, known):
    row = _row(_overview(session, catalog), SOPPENG)
    figures = row.figures
    assert (figures.filed_recent, figures.filed, figures.decided) == (1, 7, 4)
    # decisions: 240, 600, 660, 2460 → median (600 + 660) / 2; 90th percentile: the 4th of 4 (⌈3.6⌉)
    assert (figures.spread.median, figures.spread.p90) == (630, 2460)
    assert (figures.median_days, figures.p90_days) == (630 / 480, 2460 / 480)
    assert (figures.sla_share, figures.returned_share, figures.rejected_share) == (0.75, 0.25, 0.25)
    assert row.overdue == 2  # A5 at keputusan since 10 Aug, A7 at verifikasi since 1 Sep
    assert row.wave == "2023-12" and row.last_filed == at(1, 9, month=9)


def test_a_region_with_one_decision_and_the_loci_without_any(session, catalog, known):
    result = _overview(session, catalog)
    gowa = _row(result, GOWA).figures
    assert (gowa.decided, gowa.spread.median, gowa.spread.p90, gowa.sla_share) == (1, 90, 90, 1.0)
    quiet = _row(result, "35.10")  # Kabupaten Banyuwangi: a locus with no application at all
    assert quiet.figures.decided == 0 and quiet.figures.spread is None and quiet.figures.sla_share is None
    assert quiet.inactive and quiet.last_filed is None
    assert len(result.rows) == 60  # every locus, and no other region has applications


def test_inactive_means_nothing_filed_for_n_days(session, catalog, known):
    # Soppeng's last filing: 1 September 09:00 WIB, 14 days and 3 hours before "now"
    assert not _row(_overview(session, catalog, inactive_days=15), SOPPENG).inactive
    assert _row(_overview(session, catalog, inactive_days=14), SOPPENG).inactive
    # Gowa's only filing was on 10 August: 36 days
    assert _row(_overview(session, catalog, inactive_days=36), GOWA).inactive
    assert not _row(_overview(session, catalog, inactive_days=37), GOWA).inactive


def test_complaints_count_per_region_in_the_period(session, catalog, known, spec):
    data = ComplaintInput(
        "Lambat", "Izin praktik saya belum keluar juga.", NOW.date() - timedelta(days=3), "MPP Soppeng"
    )
    first = file_complaint(session, "7312011505900001", _about(data, known.numbers["A5"]), today=NOW.date())
    old = file_complaint(session, "7312011505900001", _about(data, known.numbers["A1"]), today=NOW.date())
    # complaints are stamped with the real clock: place them in the data set's time
    session.execute(update(Complaint).where(Complaint.id == first.id).values(created_at=NOW - timedelta(days=2)))
    session.execute(update(Complaint).where(Complaint.id == old.id).values(created_at=NOW - timedelta(days=91)))
    session.commit()
    assert _row(_overview(session, catalog), SOPPENG).figures.complaints == 1


def _about(data, number):
    from dataclasses import replace

    return replace(data, tracking_number=number)


def test_a_region_that_is_no_locus_but_has_applications_is_listed(session, catalog, catalog_folder, spec):
    # filed against a folder without loci.yaml (offered everywhere), in Kabupaten Garut: not a locus
    answers = {"nama": "A", "alamat": "B"}
    when = NOW - timedelta(days=1)
    applications.submit(
        session, spec, region="32.05", answers=answers, applicant_nik=NIK, now=when, definitions=catalog_folder
    )
    row = _row(_overview(session, catalog), "32.05")
    assert (row.wave, row.name, row.figures.filed, row.inactive) == (NOT_A_LOCUS, "Kabupaten Garut", 1, False)
    assert len(_overview(session, catalog).rows) == 61


def test_step_figures_say_where_applications_wait_longest(session, catalog, known):
    page = _region_page(session, catalog)
    steps = {row.step_id: row for row in page.steps}
    # verifikasi: A1 60, A2 480, A3 120 and 60, A4 2280, A5 180, A6 60 (withdrawn there)
    assert steps["verifikasi"].visits == 7
    assert (steps["verifikasi"].spread.median, steps["verifikasi"].spread.p90) == (120, 2280)
    # keputusan: A1 180, A2 120, A3 480, A4 180
    assert (steps["keputusan"].spread.median, steps["keputusan"].spread.p90) == (180, 480)
    assert [row.step_id for row in page.steps] == ["keputusan", "verifikasi"]  # longest median first
    assert (steps["verifikasi"].waiting, steps["verifikasi"].overdue) == (1, 1)  # A7
    assert (steps["keputusan"].waiting, steps["keputusan"].overdue) == (1, 1)  # A5
    assert page.overdue_total == 2
    assert [row.tracking_number for row in page.overdue] == [known.numbers["A5"], known.numbers["A7"]]


def test_per_service_figures_and_the_weekly_trend(session, catalog, known):
    page = _region_page(session, catalog)
    (service,) = page.services
    assert service.service_id == "nakes.sip-uji" and service.figures.decided == 4
    assert (service.figures.spread.median, service.waiting, service.overdue) == (630, 2, 2)
    weeks = {week.start.isoformat(): week for week in page.weeks}
    assert len(page.weeks) == 12 and page.weeks[-1].start.isoformat() == "2026-09-14"
    assert (weeks["2026-08-10"].filed, weeks["2026-08-10"].decided, weeks["2026-08-10"].within_sla) == (6, 3, 3)
    assert (weeks["2026-08-17"].decided, weeks["2026-08-17"].sla_share) == (1, 0.0)  # A4, late
    assert weeks["2026-08-31"].filed == 1 and sum(week.filed for week in page.weeks) == 7


def test_the_public_figures_hold_no_personal_data(session, catalog, known):
    public = _public(session, catalog)
    assert public.figures.spread.median == 630 and public.figures.sla_share == 0.75
    assert [row.service_id for row in public.services] == ["nakes.sip-uji"]
    assert _public(session, catalog, "32.05") is None


def test_figures_follow_an_application_that_moves(session, catalog, known):
    """A5 waits at keputusan; once approved it counts as a decision, late or not, at once."""
    before = _row(_overview(session, catalog), SOPPENG).figures
    head = applications.Actor.officer("head.73.12", "kepala_dpmptsp", SOPPENG)
    applications.transition(session, known.numbers["A5"], action="approve", actor=head, now=at(14, 12, month=9))
    stale = _row(_overview(session, catalog), SOPPENG)
    assert stale.figures.decided == before.decided  # ranked decisions are as of the last refresh (the worker's)
    performance_stats.refresh(session, NOW)
    after = _row(_overview(session, catalog), SOPPENG)
    # A5: 180 at verifikasi, then 10 Aug 12:00 → 14 Sep 12:00 at keputusan: 25 weekdays, minus 17 August
    # (Independence Day) and 25 August (the Prophet's Birthday), of 480 minutes each
    assert after.figures.decided == before.decided + 1 and after.overdue == 1
    assert spread_of([240, 600, 660, 2460, 180 + 23 * 480]) == after.figures.spread
    assert after.figures.sla_share == 3 / 5


def test_rebuild_gives_the_same_figures_as_the_live_moves(session, known):
    def snapshot():
        rows = session.execute(select(ApplicationFigures).order_by(ApplicationFigures.application_id)).scalars()
        visits = session.execute(
            select(StepVisit.application_id, StepVisit.step, StepVisit.minutes, StepVisit.action).order_by(
                StepVisit.application_id, StepVisit.left_at
            )
        ).all()
        return [
            (r.application_id, r.step_minutes, r.returns, r.outcome, r.within_sla, r.decided_at) for r in rows
        ], visits

    live = snapshot()
    assert figures.rebuild(session) == 8
    session.commit()
    assert snapshot() == live


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [([5], 5, 5), ([1, 2], 1.5, 2), ([3, 1, 2], 2, 3), (list(range(1, 11)), 5.5, 9), (list(range(1, 71)), 35.5, 63)],
)
def test_percentiles_by_hand(values, median, p90):
    spread = spread_of(values)
    assert (spread.median, spread.p90, spread.count) == (median, p90, len(values))


def test_the_worker_ranks_the_figures_when_its_outbox_is_idle(sessions, spec):
    """`mpp worker` refreshes the statistics table as an idle chore (every --figures seconds)."""
    import threading

    from performance_helpers import build, recent_monday

    from framework.store.types import utcnow
    from framework.worker import loop as worker

    with sessions() as session:
        build(session, spec, recent_monday(utcnow()))
        assert performance_stats.read(session).computed_at is None  # nothing ranked yet
    config = worker.WorkerConfig(
        worker_id="figures", poll=0.01, base_delay=3600, deadlines=None, complaint_sync=None, figures=0
    )
    worker.run(sessions, config, threading.Event(), until_idle=True)
    with sessions() as session:
        stats = performance_stats.read(session)
    assert stats.computed_at is not None
    assert (stats.get(SOPPENG).decided, stats.get(GOWA).decided, stats.get("").decided) == (4, 1, 5)


def test_steps_approved_by_their_deadline_are_counted_apart(session, catalog, known, tmp_path):
    """Fiktif positif: the system approved, no officer looked; the ministry must see which regions issue so."""
    from mpp_testing import load_test_catalog
    from performance_helpers import ANSWERS, SERVICE, officers

    from framework.services import deadlines

    by_default = SERVICE.replace(
        "sla: 3d, actions: [approve, reject]}", "sla: 3d, actions: [approve, reject], on_deadline: approve}"
    )
    (tmp_path / "by-default").mkdir()
    spec = load_test_catalog(tmp_path / "by-default", by_default).specs["nakes.sip-uji"]
    filed = applications.submit(
        session, spec, region=SOPPENG, answers=ANSWERS, applicant_nik=NIK, now=at(1, 9, month=9)
    )
    number = filed.tracking_number
    applications.transition(session, number, action="approve", actor=officers(SOPPENG)[0], now=at(1, 10, month=9))
    session.commit()
    assert deadlines.apply_deadlines(session, at(14, 12, month=9)).acted == {
        number: "approve"
    }  # nobody decided keputusan
    performance_stats.refresh(session, NOW)
    page = _region_page(session, catalog)
    steps = {row.step_id: row for row in page.steps}
    assert (steps["keputusan"].auto_approved, steps["verifikasi"].auto_approved) == (1, 0)
    assert page.row.figures.auto_approved == 1 and page.row.figures.decided == 5  # still a decision, marked
    assert _row(_overview(session, catalog), SOPPENG).figures.auto_approved == 1
    assert _row(_overview(session, catalog), GOWA).figures.auto_approved == 0
    marked = list(session.scalars(select(StepVisit.action).where(StepVisit.action.like("deadline:%"))))
    assert marked == ["deadline:approve"]
    assert figures.rebuild(session) == 9  # replayed from the history: the system's move is still told apart
    session.commit()
    assert list(session.scalars(select(StepVisit.action).where(StepVisit.action.like("deadline:%")))) == marked
