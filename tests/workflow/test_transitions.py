"""Filing and deciding: every allowed transition and every forbidden one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from workflow_helpers import ANSWERS, MONDAY_9, NIK, OTHER_NIK, OTHER_REGION, REGION, outbox, rows

from framework.services import applications, audit_trail
from framework.store import AuditEvent, OutboxMessage
from framework.workflow.actors import Actor
from framework.workflow.calendar import WIB
from framework.workflow.errors import BadRequest, Conflict, Forbidden, Invalid, NotFound


def later(hours: int = 1):
    return MONDAY_9 + timedelta(hours=hours)


def test_submit_waits_in_the_first_step_with_its_deadline(session, filed):
    assert filed.state == "verifikasi" and filed.current_step == "verifikasi"
    assert filed.due_at.astimezone(WIB) == MONDAY_9 + timedelta(days=2)  # 2d = 16 working hours
    assert [(h.from_state, h.to_state, h.action, h.actor) for h in filed.history] == [
        ("draft", "verifikasi", "submit", NIK)
    ]
    assert filed.answers == ANSWERS and filed.service_version == 1
    assert outbox(session) == [
        ("notify", {"event": "submitted", "tracking_number": filed.tracking_number, "channels": ["inbox"]})
    ]


def test_two_approvals_then_the_provider_issues(session, filed, operator, kadis):
    number = filed.tracking_number
    applications.transition(session, number, action="approve", actor=operator, now=later())
    assert filed.state == "keputusan" and filed.due_at.astimezone(WIB) == later() + timedelta(days=3)
    applications.transition(session, number, action="approve", actor=kadis, comment="Lengkap", now=later(2))
    assert filed.state == "approved" and filed.decided_at == later(2) and filed.due_at is None
    assert ("deliver", {"provider": "dpmptsp", "tracking_number": number}) in outbox(session)
    issued = applications.mark_issued(session, number, "SIP/2026/0001")
    assert (issued.state, issued.product_ref) == ("issued", "SIP/2026/0001")
    assert [h.action for h in issued.history] == ["submit", "approve", "approve", "issue"]
    assert outbox(session)[-1] == (
        "notify",
        {"event": "issued", "tracking_number": number, "channels": ["inbox", "email"]},
    )


def test_reject_needs_a_reason(session, filed, operator):
    with pytest.raises(Invalid) as caught:
        applications.transition(session, filed.tracking_number, action="reject", actor=operator, comment="  ")
    assert caught.value.errors[0].field == "comment" and caught.value.errors[0].code == "reason_required"
    applications.transition(
        session, filed.tracking_number, action="reject", actor=operator, comment="STR tidak berlaku"
    )
    assert filed.state == "rejected" and filed.history[-1].comment == "STR tidak berlaku"


@pytest.mark.parametrize(
    ("actor", "action"),
    [
        (Actor.officer("dukcapil", "operator_dukcapil", REGION), "approve"),  # a role this service does not use
        (Actor.officer("gowa", "operator_dpmptsp", OTHER_REGION), "approve"),  # right role, wrong region
        (Actor.officer("nobody", "operator_dpmptsp", None), "approve"),  # no region scope at all
        (Actor.citizen(NIK), "approve"),  # the applicant cannot approve
        (Actor.citizen(OTHER_NIK), "withdraw"),  # someone else's application
        (Actor.officer("operator", "operator_dpmptsp", REGION), "withdraw"),  # only the applicant withdraws
        (Actor.system(), "approve"),  # verifikasi has no on_deadline
    ],
)
def test_forbidden_actors(session, filed, actor, action):
    if actor.kind == "system":
        with pytest.raises(Conflict):
            applications.transition(session, filed.tracking_number, action=action, actor=actor)
        return
    with pytest.raises(Forbidden):
        applications.transition(session, filed.tracking_number, action=action, actor=actor)
    session.refresh(filed)
    assert filed.state == "verifikasi" and len(filed.history) == 1


def test_the_next_steps_officer_acting_too_early_is_a_conflict(session, filed, kadis):
    with pytest.raises(Conflict):
        applications.transition(session, filed.tracking_number, action="approve", actor=kadis)


def test_province_scope_covers_its_regencies(session, filed):
    applications.transition(
        session, filed.tracking_number, action="approve", actor=Actor.officer("sulsel", "operator_dpmptsp", "73")
    )
    assert filed.state == "keputusan"


@pytest.mark.parametrize("action", ["return", "resubmit", "issue", "fly"])
def test_actions_not_allowed_in_the_state(session, filed, operator, kadis, action):
    applications.transition(session, filed.tracking_number, action="approve", actor=operator)
    with pytest.raises(Conflict):
        applications.transition(session, filed.tracking_number, action=action, actor=kadis, comment="x")


def test_nothing_moves_after_a_decision(session, filed, operator, citizen):
    applications.transition(session, filed.tracking_number, action="reject", actor=operator, comment="Tidak lengkap")
    for actor, action in ((operator, "approve"), (citizen, "withdraw"), (operator, "return")):
        with pytest.raises(Conflict):
            applications.transition(session, filed.tracking_number, action=action, actor=actor, comment="x")


def test_citizen_withdraws_before_a_decision(session, filed, citizen):
    applications.transition(session, filed.tracking_number, action="withdraw", actor=citizen, comment="Salah layanan")
    assert filed.state == "withdrawn" and filed.due_at is None


def test_mistyped_and_unknown_tracking_numbers(session, filed, operator):
    typo = filed.tracking_number[:-1] + ("2" if filed.tracking_number[-1] != "2" else "3")
    with pytest.raises(BadRequest):
        applications.transition(session, typo, action="approve", actor=operator)
    from framework.services import tracking_numbers as tracking

    with pytest.raises(NotFound):
        applications.transition(session, tracking.generate(), action="approve", actor=operator)


def test_a_failed_transition_writes_nothing(session, filed, operator):
    before = (rows(session, AuditEvent), rows(session, OutboxMessage))
    with pytest.raises(Invalid):
        applications.transition(
            session, filed.tracking_number, action="return", actor=operator, comment="Periksa", fields=["tidak_ada"]
        )
    assert (rows(session, AuditEvent), rows(session, OutboxMessage)) == before
    session.refresh(filed)
    assert filed.state == "verifikasi"


def test_every_state_change_is_audited_with_who_and_where(session, filed, operator, citizen):
    applications.transition(
        session, filed.tracking_number, action="return", actor=operator, comment="Alamat kurang", fields=["alamat"]
    )
    applications.view(session, filed.tracking_number, actor=operator)
    applications.view(session, filed.tracking_number, actor=citizen)  # the applicant's own view is not an officer view
    events = [(e.action, e.actor, e.role, e.ip) for e in audit_trail.events_for(session, filed.tracking_number)]
    assert events == [
        ("application.submit", NIK, "citizen", None),
        ("application.return", "operator", "operator_dpmptsp", "10.0.0.7"),
        ("application.view", "operator", "operator_dpmptsp", "10.0.0.7"),
    ]


def test_officers_of_other_regions_cannot_view(session, filed):
    with pytest.raises(Forbidden):
        applications.view(session, filed.tracking_number, actor=Actor.officer("gowa", "operator_dpmptsp", OTHER_REGION))
    assert not session.scalars(select(AuditEvent).where(AuditEvent.action == "application.view")).all()


def test_the_audit_trail_is_append_only(session, filed):
    from sqlalchemy.exc import DatabaseError

    event = audit_trail.events_for(session, filed.tracking_number)[0]
    event.actor = "someone else"
    with pytest.raises(DatabaseError):
        session.commit()
    session.rollback()
    with pytest.raises(DatabaseError):
        session.execute(AuditEvent.__table__.delete())
    session.rollback()
    assert audit_trail.events_for(session, filed.tracking_number)[0].actor == NIK


def test_each_officer_queue_holds_their_step_and_region(session, spec, filed, operator, kadis):
    elsewhere = applications.submit(session, spec, region=OTHER_REGION, answers=ANSWERS, applicant_nik=NIK)
    assert [a.tracking_number for a in applications.queue(session, operator, [spec])] == [filed.tracking_number]
    assert applications.queue(session, kadis, [spec]) == []
    applications.transition(session, filed.tracking_number, action="approve", actor=operator)
    assert [a.tracking_number for a in applications.queue(session, kadis, [spec])] == [filed.tracking_number]
    assert [
        a.tracking_number
        for a in applications.queue(session, Actor.officer("gowa", "operator_dpmptsp", OTHER_REGION), [spec])
    ] == [elsewhere.tracking_number]
    assert applications.queue(session, Actor.citizen(NIK), [spec]) == []


def test_an_officer_who_decided_one_step_may_not_decide_the_next_after_a_role_change(session, filed, operator, kadis):
    number = filed.tracking_number
    applications.transition(session, number, action="approve", actor=operator, now=later())
    promoted = Actor.officer("operator", "kadis", REGION)  # the same account, now head of office
    assert applications.allowed_actions(applications.spec_of(session, filed), filed, promoted) == []
    with pytest.raises(Forbidden) as caught:
        applications.transition(session, number, action="approve", actor=promoted, now=later(2))
    assert caught.value.code == "separation_of_duties" and "pemisahan tugas" in caught.value.text.id
    session.refresh(filed)
    assert filed.state == "keputusan"
    applications.transition(session, number, action="approve", actor=kadis, now=later(3))
    assert filed.state == "approved"


def test_an_officer_decides_their_own_step_again_after_a_resubmission(session, filed, operator, citizen):
    number = filed.tracking_number
    applications.transition(
        session, number, action="return", actor=operator, reasons={"alamat": "Lengkapi RT/RW"}, now=later()
    )
    applications.resubmit(session, number, actor=citizen, answers={"alamat": "Jl. Kemakmuran 1 RT 2"}, now=later(2))
    applications.transition(session, number, action="approve", actor=operator, now=later(3))
    assert filed.state == "keputusan"


def test_a_double_submit_says_the_first_went_through_not_that_someone_else_acted(session, filed, operator, kadis):
    number = filed.tracking_number
    applications.transition(session, number, action="approve", actor=operator, expected_version=1, now=later())
    with pytest.raises(Conflict) as again:
        applications.transition(session, number, action="approve", actor=operator, expected_version=1, now=later())
    assert again.value.code == "concurrent_update" and again.value.text.id.startswith(
        "Permohonan ini sudah Anda setujui"
    )
    with pytest.raises(Conflict) as unversioned:
        applications.transition(session, number, action="approve", actor=operator, now=later())
    assert "sudah Anda setujui" in unversioned.value.text.id
    stale = Actor.officer("operator2", "operator_dpmptsp", REGION)
    with pytest.raises(Conflict) as other:
        applications.transition(session, number, action="approve", actor=stale, expected_version=1, now=later())
    assert "orang lain" in other.value.text.id


def test_a_second_withdrawal_says_it_was_withdrawn_already(session, filed, citizen):
    applications.transition(session, filed.tracking_number, action="withdraw", actor=citizen)
    with pytest.raises(Conflict) as again:
        applications.transition(session, filed.tracking_number, action="withdraw", actor=citizen)
    assert again.value.status == 409 and "sudah Anda batalkan" in again.value.text.id
    assert "already withdrew" in again.value.text.get("en")
