"""Filing: validation, where a service is offered, and the definition an application is pinned to."""

from __future__ import annotations

import pytest
from mpp_testing import load_test_catalog
from sqlalchemy import func, select
from workflow_helpers import ANSWERS, NIK, OTHER_REGION, REGION, service_yaml

from framework.services import applications
from framework.store import Application, AuditEvent, DefinitionSnapshot, OutboxMessage
from framework.workflow.errors import Invalid

EXTRA_STEP = """  - {id: paraf, title: {id: Paraf Sekretaris, en: Secretary's initials}, role: sekretaris, sla: 1d, actions: [approve]}
"""  # noqa: E501


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_invalid_answers_are_refused_with_located_errors_and_nothing_written(session, spec):
    with pytest.raises(Invalid) as caught:
        applications.submit(session, spec, region=REGION, answers={"nama": "", "umur": 3}, applicant_nik=NIK)
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("umur", "unknown_field"),
        ("nama", "required"),
        ("alamat", "required"),
    }
    assert all(set(e.as_dict()) == {"field", "code", "message"} for e in caught.value.errors)
    assert (count(session, Application), count(session, AuditEvent), count(session, OutboxMessage)) == (0, 0, 0)


@pytest.mark.parametrize(
    ("region", "code"), [("99.99", "unknown_region"), ("73", "unknown_region"), ("11.01", "not_offered")]
)
def test_region_must_be_a_kabupaten_kota_offering_the_service(session, spec, region, code):
    with pytest.raises(Invalid) as caught:
        applications.submit(session, spec, region=region, answers=ANSWERS, applicant_nik=NIK)
    assert [(e.field, e.code) for e in caught.value.errors] == [("region", code)]
    assert (
        applications.submit(session, spec, region=OTHER_REGION, answers=ANSWERS, applicant_nik=NIK).region
        == OTHER_REGION
    )


def test_an_application_keeps_the_definition_it_was_filed_under(session, tmp_path, spec, filed, operator, kadis):
    # v2's third step makes the chain 6 days: its published SLA grows with it (steps may not outgrow the SLA)
    v2 = service_yaml(version=2, extra_step=EXTRA_STEP).replace("  sla: 5d\n", "  sla: 6d\n", 1)
    newer = load_test_catalog(tmp_path, v2).specs["nakes.sip-uji"]
    later = applications.submit(session, newer, region=REGION, answers=ANSWERS, applicant_nik=NIK)
    assert count(session, DefinitionSnapshot) == 2
    for number in (filed.tracking_number, later.tracking_number):
        applications.transition(session, number, action="approve", actor=operator)
        applications.transition(session, number, action="approve", actor=kadis)
    assert (filed.state, filed.service_version) == ("approved", 1)  # v1 has two steps
    assert (later.state, later.service_version) == ("paraf", 2)  # v2 added a third
    rebuilt = applications.spec_of(session, filed)
    assert rebuilt.content_hash == spec.content_hash and [s.id for s in rebuilt.steps] == ["verifikasi", "keputusan"]
