"""The officer's queue as a service: area scope (kab/kota, kecamatan, desa), filters, search, counts, paging."""

from __future__ import annotations

from datetime import timedelta

from adminhelpers import BUDI, BUDI_VILLAGE, OTHER_VILLAGE, REGION_A, REGION_B, resident_of
from lookuphelpers import DIGESTER
from sqlalchemy import select, update

from framework.services.workspace import QueueFilters, officer_queue
from framework.store.models import Application, AuditEvent
from framework.store.types import utcnow
from framework.workflow.actors import Actor

KK = "adminduk.kk"


def queue(session, bundled, role, region, **filters):
    return officer_queue(
        session, Actor.officer("someone", role, region), bundled.offered(), QueueFilters(**filters), digester=DIGESTER
    )


def test_the_area_is_the_applicants_village_from_ikd(session, file_application):
    number = file_application(KK)
    filed = session.scalar(select(Application).where(Application.tracking_number == number))
    assert (filed.region, filed.area) == (REGION_A, BUDI_VILLAGE)
    assert filed.prefill["wilayah_pemohon"]["verified"] is True


def test_each_officer_sees_what_lies_in_their_area_at_their_step(session, bundled, file_application):
    budi = file_application(KK)
    neighbour = file_application(KK, nik=resident_of(OTHER_VILLAGE))
    seen = {
        (role, region): [row.tracking_number for row in queue(session, bundled, role, region).rows]
        for role, region in [
            ("operator_dukcapil", REGION_A),
            ("operator_dukcapil", "32.03.01"),  # Budi's kecamatan
            ("operator_dukcapil", BUDI_VILLAGE),
            ("operator_dukcapil", OTHER_VILLAGE),
            ("operator_dukcapil", REGION_B),
            ("verifikator_dukcapil", REGION_A),  # another step
        ]
    }
    assert sorted(seen[("operator_dukcapil", REGION_A)]) == sorted([budi, neighbour])
    assert seen[("operator_dukcapil", "32.03.01")] == [budi]
    assert seen[("operator_dukcapil", BUDI_VILLAGE)] == [budi]
    assert seen[("operator_dukcapil", OTHER_VILLAGE)] == [neighbour]
    assert seen[("operator_dukcapil", REGION_B)] == [] and seen[("verifikator_dukcapil", REGION_A)] == []


def test_oldest_due_first_with_overdue_counts_and_the_nik_masked(session, bundled, file_application):
    first, second = file_application(KK), file_application(KK)
    session.execute(
        update(Application).where(Application.tracking_number == second).values(due_at=utcnow() - timedelta(days=2))
    )
    session.commit()
    page = queue(session, bundled, "operator_dukcapil", REGION_A)
    assert [row.tracking_number for row in page.rows] == [second, first]
    assert page.rows[0].overdue and page.rows[0].minutes_left < 0 and not page.rows[1].overdue
    assert page.rows[0].nik == "3203********0001"
    [count] = page.counts
    assert (count.service_id, count.step_id, count.waiting, count.overdue) == (KK, "pemeriksaan_berkas", 2, 1)
    late = queue(session, bundled, "operator_dukcapil", REGION_A, overdue=True)
    assert [row.tracking_number for row in late.rows] == [second]


def test_searching_by_nik_shows_it_whole_and_is_audited(session, bundled, file_application):
    number = file_application(KK)
    file_application(KK, nik=resident_of(OTHER_VILLAGE))
    found = queue(session, bundled, "operator_dukcapil", REGION_A, search=f" {BUDI} ")
    assert [(row.tracking_number, row.nik) for row in found.rows] == [(number, BUDI)]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "queue.search_nik"))
    assert event.details["nik"] == "3203********0001" and event.region == REGION_A
    by_number = queue(session, bundled, "operator_dukcapil", REGION_A, search=number.lower().replace("-", ""))
    assert [row.tracking_number for row in by_number.rows] == [number]
    wrong = queue(session, bundled, "operator_dukcapil", REGION_A, search="not-a-number")
    assert wrong.rows == [] and wrong.search_error is not None and "NIK" in wrong.search_error.get("en")


def test_filters_by_service_step_and_date_and_pages(session, bundled, file_application):
    numbers = [file_application(KK) for _ in range(3)]
    page = queue(session, bundled, "operator_dukcapil", REGION_A, page=2)
    assert page.total == 3 and page.pages == 1 and page.page == 1  # a page past the end shows the last
    small = officer_queue(
        session,
        Actor.officer("x", "operator_dukcapil", REGION_A),
        bundled.offered(),
        QueueFilters(page=2),
        page_size=2,
    )
    assert (small.total, small.pages, len(small.rows)) == (3, 2, 1)
    assert queue(session, bundled, "operator_dukcapil", REGION_A, service="adminduk.ktp-el").rows == []
    assert len(queue(session, bundled, "operator_dukcapil", REGION_A, step="pemeriksaan_berkas").rows) == 3
    today = utcnow().date()
    assert (
        len(queue(session, bundled, "operator_dukcapil", REGION_A, submitted_from=today - timedelta(days=1)).rows) == 3
    )
    assert queue(session, bundled, "operator_dukcapil", REGION_A, submitted_to=today - timedelta(days=2)).rows == []
    assert {row.tracking_number for row in page.rows} == set(numbers)


def test_returned_applications_wait_for_the_citizen_and_come_back_marked(session, bundled, file_application):
    from framework.services import applications

    number = file_application(KK)
    operator = Actor.officer("fo", "operator_dukcapil", REGION_A)
    applications.transition(
        session, number, action="return", actor=operator, reasons={"alasan_kk": "Pilih alasan yang benar"}
    )
    assert queue(session, bundled, "operator_dukcapil", REGION_A).rows == []
    [waiting] = queue(session, bundled, "operator_dukcapil", REGION_A, status="returned").rows
    assert waiting.returned and waiting.tracking_number == number
    applications.resubmit(session, number, actor=Actor.citizen(BUDI), answers={"alasan_kk": "RUSAK"})
    [back] = queue(session, bundled, "operator_dukcapil", REGION_A).rows
    assert back.resubmitted and not back.returned


def test_a_search_finds_what_the_officer_already_decided(session, bundled, file_application):
    from framework.services import applications

    approved, rejected = file_application(KK), file_application(KK, nik=resident_of(OTHER_VILLAGE))
    officer = Actor.officer("fo", "operator_dukcapil", REGION_A)
    applications.transition(session, approved, action="approve", actor=officer)
    applications.transition(session, rejected, action="reject", actor=officer, comment="Bukan warga wilayah ini")

    def search(who: Actor, typed: str) -> list[tuple[str, str]]:
        page = officer_queue(session, who, bundled.offered(), QueueFilters(search=typed), digester=DIGESTER)
        return [(row.tracking_number, row.step_title.id) for row in page.rows]

    assert search(officer, approved) == [(approved, "Verifikasi dan Validasi Data")]
    assert search(officer, rejected) == [(rejected, "Ditolak")]
    assert search(officer, BUDI) == [(approved, "Verifikasi dan Validasi Data")]
    assert search(Actor.officer("other", "operator_dukcapil", REGION_A), approved) == []  # not theirs
    assert officer_queue(session, officer, bundled.offered(), QueueFilters()).rows == []  # the queue: waiting only
