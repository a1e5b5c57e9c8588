"""Return with field-level reasons; the citizen fixes only those fields; the SLA clock stops meanwhile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from workflow_helpers import MONDAY_9, OTHER_NIK, outbox

from framework.services import applications
from framework.workflow.actors import Actor
from framework.workflow.calendar import WIB
from framework.workflow.errors import Conflict, Forbidden, Invalid


def test_return_names_fields_and_stops_the_clock(session, filed, operator):
    returned = applications.transition(
        session,
        filed.tracking_number,
        action="return",
        actor=operator,
        comment="Alamat tidak lengkap",
        fields=["alamat"],
        now=MONDAY_9 + timedelta(hours=3),
    )
    assert returned.state == "returned" and returned.returned_from == "verifikasi"
    assert (returned.return_reason, returned.return_fields) == ("Alamat tidak lengkap", ["alamat"])
    assert returned.due_at is None and returned.sla_paused_minutes == 13 * 60  # 16 h SLA, 3 h used
    assert returned.history[-1].fields == {"fields": ["alamat"]}
    assert outbox(session)[-1][1]["event"] == "returned"


def test_return_needs_a_reason(session, filed, operator):
    with pytest.raises(Invalid) as caught:
        applications.transition(session, filed.tracking_number, action="return", actor=operator, fields=["alamat"])
    assert [e.code for e in caught.value.errors] == ["reason_required"]


def test_a_reason_has_a_sensible_length(session, filed, operator):
    with pytest.raises(Invalid) as caught:
        applications.transition(
            session,
            filed.tracking_number,
            action="return",
            actor=operator,
            comment="x" * (applications.MAX_COMMENT + 1),
            fields=["alamat"],
        )
    assert [e.code for e in caught.value.errors] == ["too_long"]
    returned = applications.transition(
        session,
        filed.tracking_number,
        action="return",
        actor=operator,
        comment="x" * applications.MAX_COMMENT,
        fields=["alamat"],
    )
    assert len(returned.return_reason) == applications.MAX_COMMENT


def test_resubmit_changes_only_the_returned_fields_and_records_them(session, filed, operator, citizen):
    number = filed.tracking_number
    applications.transition(
        session,
        number,
        action="return",
        actor=operator,
        comment="Alamat kurang RT/RW",
        fields=["alamat"],
        now=MONDAY_9 + timedelta(hours=3),
    )
    with pytest.raises(Invalid) as caught:
        applications.resubmit(
            session, number, actor=citizen, answers={"alamat": "Jl. Kemakmuran 1 RT 2 RW 3", "nama": "Nama Lain"}
        )
    assert [(e.field, e.code) for e in caught.value.errors] == [("nama", "field_locked")]
    # the clock resumes on Friday 14 August 15:00 with 13 h left: 1 h Fri, skip the weekend and 17 August,
    # 8 h Tue, 4 h Wed
    friday_15 = MONDAY_9.replace(day=14, hour=15)
    resubmitted = applications.resubmit(
        session, number, actor=citizen, answers={"alamat": "Jl. Kemakmuran 1 RT 2 RW 3"}, now=friday_15
    )
    assert resubmitted.state == "verifikasi" and resubmitted.return_fields == []
    assert resubmitted.answers["alamat"] == "Jl. Kemakmuran 1 RT 2 RW 3" and resubmitted.answers["nama"] == "Andi Tenri"
    assert resubmitted.history[-1].action == "resubmit"
    assert resubmitted.history[-1].fields == {
        "changed": {"alamat": {"old": "Jl. Kemakmuran 1, Watansoppeng", "new": "Jl. Kemakmuran 1 RT 2 RW 3"}}
    }
    assert resubmitted.due_at.astimezone(WIB) == MONDAY_9.replace(day=19, hour=12)


def test_resubmitted_answers_are_validated_again(session, filed, operator, citizen):
    applications.transition(
        session, filed.tracking_number, action="return", actor=operator, comment="Alamat", fields=["alamat"]
    )
    with pytest.raises(Invalid) as caught:
        applications.resubmit(session, filed.tracking_number, actor=citizen, answers={"alamat": ""})
    assert [(e.field, e.code) for e in caught.value.errors] == [("alamat", "required")]
    session.refresh(filed)
    assert filed.state == "returned"


def test_only_the_applicant_resubmits_and_only_when_returned(session, filed, operator, citizen):
    with pytest.raises(Conflict):
        applications.resubmit(session, filed.tracking_number, actor=citizen, answers={})
    applications.transition(
        session, filed.tracking_number, action="return", actor=operator, comment="Alamat", fields=["alamat"]
    )
    with pytest.raises(Forbidden):
        applications.resubmit(session, filed.tracking_number, actor=Actor.citizen(OTHER_NIK), answers={"alamat": "x"})
    with pytest.raises(Conflict):
        applications.transition(
            session, filed.tracking_number, action="approve", actor=operator
        )  # returned: no officer step now
    applications.transition(session, filed.tracking_number, action="withdraw", actor=citizen)
    assert filed.state == "withdrawn"


def test_an_overdue_application_returned_and_resubmitted_stays_as_late_as_it_was(session, filed, operator, citizen):
    """Due Wednesday 12 August 09:00 (2d); returned Thursday 13 August 10:00, 9 working hours late."""
    number = filed.tracking_number
    thursday_10 = MONDAY_9.replace(day=13, hour=10)
    returned = applications.transition(
        session, number, action="return", actor=operator, reasons={"alamat": "Kurang RT/RW"}, now=thursday_10
    )
    assert returned.sla_paused_minutes == -9 * 60
    friday_15 = MONDAY_9.replace(day=14, hour=15)
    resubmitted = applications.resubmit(session, number, actor=citizen, answers={"alamat": "RT 2 RW 3"}, now=friday_15)
    assert resubmitted.due_at.astimezone(WIB) == MONDAY_9.replace(day=13, hour=14)  # 9 working hours before
    assert applications.is_overdue(resubmitted, friday_15)


def test_an_unknown_field_is_located_where_the_officer_named_it(session, filed, operator):
    with pytest.raises(Invalid) as caught:
        applications.transition(
            session,
            filed.tracking_number,
            action="return",
            actor=operator,
            fields=["alamat", "tidak_ada"],
            reasons={"alamat": "Kurang RT/RW", "juga_tidak_ada": "Periksa"},
        )
    located = {e.field: e.code for e in caught.value.errors}
    assert located == {"fields.1": "unknown_field", "reasons.juga_tidak_ada": "unknown_field"}
    assert filed.state == "verifikasi"
