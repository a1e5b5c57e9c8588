"""Two officers at once: exactly one wins; a retried submission files once."""

from __future__ import annotations

import threading

from sqlalchemy import func, select
from workflow_helpers import ANSWERS, NIK, OTHER_NIK, REGION

from framework.services import applications
from framework.store import Application, TransitionRecord
from framework.workflow.actors import Actor
from framework.workflow.errors import Conflict

THREADS = 4


def run_together(sessions, work) -> list:
    """Run ``work(session, index)`` in THREADS threads, each with its own session, released at once."""
    barrier = threading.Barrier(THREADS)
    outcomes: list = [None] * THREADS

    def one(index: int) -> None:
        with sessions() as own:
            barrier.wait()
            try:
                outcomes[index] = work(own, index)
            except Exception as exc:
                outcomes[index] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_concurrent_approvals_exactly_one_wins(sessions, session, filed):
    number = filed.tracking_number
    officers = [Actor.officer(f"operator{i}", "operator_dpmptsp", REGION) for i in range(THREADS)]
    outcomes = run_together(
        sessions, lambda own, index: applications.transition(own, number, action="approve", actor=officers[index]).state
    )
    assert outcomes.count("keputusan") == 1, outcomes
    assert [type(o) for o in outcomes if o != "keputusan"] == [Conflict] * (THREADS - 1), outcomes
    session.expire_all()
    moves = session.scalars(select(TransitionRecord.action).where(TransitionRecord.application_id == filed.id)).all()
    assert moves == ["submit", "approve"]
    assert session.get(Application, filed.id).state == "keputusan"


def test_concurrent_approve_and_reject_one_decision(sessions, session, filed):
    operator = Actor.officer("operator", "operator_dpmptsp", REGION)
    actions = ["approve", "reject"] * (THREADS // 2)

    def act(own, index):
        return applications.transition(
            own, filed.tracking_number, action=actions[index], actor=operator, comment="Keputusan"
        ).state

    outcomes = run_together(sessions, act)
    winners = [o for o in outcomes if isinstance(o, str)]
    assert len(winners) == 1 and winners[0] in ("keputusan", "rejected")
    assert len([o for o in outcomes if isinstance(o, Conflict)]) == THREADS - 1, outcomes


def test_same_idempotency_key_files_once(session, spec):
    first = applications.submit(
        session, spec, region=REGION, answers=ANSWERS, applicant_nik=NIK, idempotency_key="klik-1"
    )
    again = applications.submit(
        session, spec, region=REGION, answers=ANSWERS, applicant_nik=NIK, idempotency_key="klik-1"
    )
    other = applications.submit(
        session, spec, region=REGION, answers=ANSWERS, applicant_nik=OTHER_NIK, idempotency_key="klik-1"
    )
    assert first.tracking_number == again.tracking_number != other.tracking_number
    assert session.scalar(select(func.count()).select_from(Application)) == 2


def test_concurrent_retries_with_one_key_file_once(sessions, session, spec):
    outcomes = run_together(
        sessions,
        lambda own, _index: (
            applications.submit(
                own, spec, region=REGION, answers=ANSWERS, applicant_nik=NIK, idempotency_key="retry"
            ).tracking_number
        ),
    )
    assert len(set(outcomes)) == 1 and isinstance(outcomes[0], str), outcomes
    assert session.scalar(select(func.count()).select_from(Application)) == 1
