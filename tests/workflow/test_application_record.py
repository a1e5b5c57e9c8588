"""The application read for viewing: every column and history entry as the ORM loads them, and the complaints flag."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from workflow_helpers import MONDAY_9, NIK, OTHER_NIK

from framework.services import applications, tracking_numbers
from framework.store import Application, TransitionRecord
from framework.store.application_record import COLUMNS, HISTORY_COLUMNS, ApplicationRecord, read_application
from framework.store.complaints import Complaint
from framework.workflow.errors import NotFound


def test_the_record_holds_every_column_of_the_table_by_its_attribute_name():
    fields = [field.name for field in dataclasses.fields(ApplicationRecord)]
    assert fields == [*COLUMNS, "history", "applicant_has_complaints"]
    assert set(COLUMNS) == {column.key for column in Application.__table__.columns}
    transition_columns = {column.key for column in TransitionRecord.__table__.columns}
    assert set(HISTORY_COLUMNS) == transition_columns - {"id", "application_id"}


def test_it_reads_what_the_orm_loads_after_a_return_and_a_resubmission(session, filed, operator, citizen):
    number = filed.tracking_number
    reasons, hour = {"alamat": "Alamat tidak lengkap"}, timedelta(hours=1)
    applications.transition(session, number, action="return", actor=operator, reasons=reasons, now=MONDAY_9 + hour)
    answers = {"nama": "Andi Tenri", "alamat": "Jl. Kemakmuran 2"}
    applications.resubmit(session, number, actor=citizen, answers=answers, now=MONDAY_9 + 2 * hour)
    session.expire_all()
    loaded = session.scalars(select(Application).where(Application.tracking_number == number)).one()
    record = read_application(session.connection(), number)
    assert record is not None
    assert {name: getattr(record, name) for name in COLUMNS} == {name: getattr(loaded, name) for name in COLUMNS}
    assert [dataclasses.astuple(entry) for entry in record.history] == [
        tuple(getattr(entry, name) for name in HISTORY_COLUMNS) for entry in loaded.history
    ]
    assert [entry.action for entry in record.history] == ["submit", "return", "resubmit"]
    assert record.return_fields == loaded.return_fields and record.submitted_at.tzinfo is not None
    assert record.applicant_has_complaints is False


def _complaint(nik: str, number: str) -> Complaint:
    return Complaint(
        reference=f"ADU-{nik[-4:]}",
        citizen_nik=nik,
        tracking_number=number,
        category="layanan",
        title="Lama",
        narrative="Belum ada kabar.",
        event_date=date(2026, 8, 11),
        place="MPP Soppeng",
        channel="lapor",
        status="diterima",
    )


def test_only_the_applicants_own_complaint_raises_the_flag(session, filed):
    number = filed.tracking_number
    session.add(_complaint(OTHER_NIK, number))  # someone else's complaint may be confidential
    session.commit()
    assert read_application(session.connection(), number).applicant_has_complaints is False
    session.add(_complaint(NIK, number))
    session.commit()
    assert read_application(session.connection(), number).applicant_has_complaints is True


def test_an_unknown_number_is_not_found(session, filed):
    unknown = tracking_numbers.generate()
    assert unknown != filed.tracking_number
    assert read_application(session.connection(), unknown) is None
    with pytest.raises(NotFound):
        applications.find_viewed(session, unknown)
