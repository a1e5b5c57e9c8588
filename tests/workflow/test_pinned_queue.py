"""A new version that renames a step or gives it to another role: open applications stay workable as filed."""

from __future__ import annotations

import pytest
from mpp_testing import load_test_catalog
from workflow_helpers import ANSWERS, NIK, REGION, service_yaml

from framework.services import applications
from framework.services.open_versions import moved_steps
from framework.services.workspace import QueueFilters, officer_queue
from framework.workflow.actors import Actor

RENAMED = (
    service_yaml(version=2)
    .replace("id: verifikasi", "id: pemeriksaan")
    .replace("role: kadis", "role: sekda")  # the decision moves to another role
)


@pytest.fixture(scope="module")
def version_2(tmp_path_factory):
    return load_test_catalog(tmp_path_factory.mktemp("version-2"), RENAMED).specs["nakes.sip-uji"]


def numbers(session, who, live):
    page = officer_queue(session, who, [live], QueueFilters())
    return [row.tracking_number for row in page.rows], page


def test_an_application_filed_before_a_renamed_step_stays_in_its_officers_queue(
    session, filed, version_2, operator, kadis
):
    newer = applications.submit(session, version_2, region=REGION, answers=ANSWERS, applicant_nik=NIK)
    found, page = numbers(session, operator, version_2)
    assert sorted(found) == sorted([filed.tracking_number, newer.tracking_number])
    titles = {row.tracking_number: row.step_title.id for row in page.rows}
    assert titles == {filed.tracking_number: "Verifikasi", newer.tracking_number: "Verifikasi"}
    assert {(count.step_id, count.waiting) for count in page.counts} == {("verifikasi", 1), ("pemeriksaan", 1)}

    applications.transition(session, filed.tracking_number, action="approve", actor=operator)
    applications.transition(session, newer.tracking_number, action="approve", actor=operator)
    sekda = Actor.officer("sekda", "sekda", REGION)
    assert numbers(session, kadis, version_2)[0] == [filed.tracking_number]  # its version's role decides it
    assert numbers(session, sekda, version_2)[0] == [newer.tracking_number]  # not the one filed under version 1
    applications.transition(session, filed.tracking_number, action="approve", actor=kadis)
    assert filed.state == "approved" and numbers(session, kadis, version_2)[0] == []


def test_the_review_names_the_steps_a_new_version_takes_from_open_applications(session, filed, version_2, operator):
    [dropped] = moved_steps(session, version_2)
    assert (dropped.step_id, dropped.role, dropped.new_role, dropped.versions, dropped.open) == (
        "verifikasi",
        "operator_dpmptsp",
        None,
        (1,),
        1,
    )
    applications.transition(session, filed.tracking_number, action="approve", actor=operator)
    [moved] = moved_steps(session, version_2)
    assert (moved.step_id, moved.role, moved.new_role) == ("keputusan", "kadis", "sekda")
