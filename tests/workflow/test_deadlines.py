"""SLA deadlines: overdue flags and the `on_deadline` auto-actions."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from mpp_testing import load_test_catalog
from workflow_helpers import ANSWERS, MONDAY_9, NIK, REGION, outbox, service_yaml

from framework.services import applications, audit_trail
from framework.services.deadlines import apply_deadlines
from framework.store.types import utcnow
from framework.worker import loop as worker


def test_overdue_without_an_auto_action_is_flagged_once(session, filed):
    assert apply_deadlines(session, MONDAY_9 + timedelta(days=1)).flagged == []  # 8 of 16 working hours used
    wednesday_10 = MONDAY_9 + timedelta(days=2, hours=1)
    assert applications.is_overdue(filed, wednesday_10)
    run = apply_deadlines(session, wednesday_10)
    assert run.flagged == [filed.tracking_number] and run.acted == {}
    assert filed.state == "verifikasi" and filed.overdue_since == wednesday_10
    assert apply_deadlines(session, wednesday_10 + timedelta(hours=1)).flagged == []
    assert [e.action for e in audit_trail.events_for(session, filed.tracking_number)][-1] == "application.overdue"


def test_fiktif_positif_approves_at_the_deadline(session, filed, operator):
    approved_at = MONDAY_9 + timedelta(hours=1)
    applications.transition(session, filed.tracking_number, action="approve", actor=operator, now=approved_at)
    # keputusan: 3d from Monday 10:00 → Thursday 10:00
    assert apply_deadlines(session, approved_at + timedelta(days=3, minutes=-1)).acted == {}
    run = apply_deadlines(session, approved_at + timedelta(days=3))
    assert run.acted == {filed.tracking_number: "approve"}
    session.refresh(filed)
    assert filed.state == "approved"
    last = filed.history[-1]
    assert (last.action, last.actor, last.role) == ("approve", "sla", "system")
    assert ("deliver", {"provider": "dpmptsp", "tracking_number": filed.tracking_number}) in outbox(session)


@pytest.mark.parametrize("deadline", ["reject", "escalate"])
def test_other_deadline_actions(session, tmp_path, operator, deadline):
    spec = load_test_catalog(tmp_path, service_yaml(deadline)).specs["nakes.sip-uji"]
    filed = applications.submit(session, spec, region=REGION, answers=ANSWERS, applicant_nik=NIK, now=MONDAY_9)
    applications.transition(session, filed.tracking_number, action="approve", actor=operator, now=MONDAY_9)
    run = apply_deadlines(session, MONDAY_9 + timedelta(days=4))
    assert run.acted == {filed.tracking_number: deadline}
    session.refresh(filed)
    if deadline == "reject":
        assert filed.state == "rejected" and "Batas waktu" in filed.history[-1].comment
    else:
        assert filed.state == "keputusan" and filed.escalated_at is not None
        assert outbox(session)[-1] == (
            "notify",
            {
                "event": "escalated",
                "tracking_number": filed.tracking_number,
                "channels": ["inbox"],
                "role": "kadis",
                "region": REGION,
            },
        )


def test_returned_applications_are_never_overdue(session, filed, operator):
    applications.transition(
        session,
        filed.tracking_number,
        action="return",
        actor=operator,
        comment="Alamat",
        fields=["alamat"],
        now=MONDAY_9,
    )
    assert apply_deadlines(session, MONDAY_9 + timedelta(days=30)).flagged == []
    assert not applications.is_overdue(filed, MONDAY_9 + timedelta(days=30))


def test_the_worker_applies_deadlines_by_itself_when_idle(sessions, session, tmp_path, operator):
    """No cron: `mpp worker` runs apply_deadlines every `deadlines` seconds, so fiktif positif happens on its own."""
    spec = load_test_catalog(tmp_path, service_yaml("approve")).specs["nakes.sip-uji"]
    long_ago = utcnow() - timedelta(days=30)
    filed = applications.submit(session, spec, region=REGION, answers=ANSWERS, applicant_nik=NIK, now=long_ago)
    applications.transition(session, filed.tracking_number, action="approve", actor=operator, now=long_ago)
    number, waiting = filed.tracking_number, filed.state
    stop = threading.Event()
    thread = threading.Thread(
        target=worker.run, args=(sessions, worker.WorkerConfig(worker_id="sla-test", poll=0.05, deadlines=0.05), stop)
    )
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with sessions() as fresh:
                state = applications.find(fresh, number).state
            if state != waiting:
                break
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(60)
    assert not thread.is_alive()
    with sessions() as fresh:
        moved = applications.find(fresh, number)
        acted = [(h.action, h.actor, h.role) for h in moved.history]
    assert ("approve", "sla", "system") in acted and moved.state in ("approved", "issued")


def test_mpp_worker_once_applies_deadlines_unless_told_not_to(
    database_url, sessions, session, tmp_path, operator, monkeypatch
):
    from click.testing import CliRunner

    from framework.cli import main

    spec = load_test_catalog(tmp_path, service_yaml("approve")).specs["nakes.sip-uji"]
    long_ago = utcnow() - timedelta(days=30)
    filed = applications.submit(session, spec, region=REGION, answers=ANSWERS, applicant_nik=NIK, now=long_ago)
    applications.transition(session, filed.tracking_number, action="approve", actor=operator, now=long_ago)
    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    assert CliRunner().invoke(main, ["worker", "--once", "--deadlines", "0"]).exit_code == 0
    with sessions() as fresh:
        assert applications.find(fresh, filed.tracking_number).state == filed.state  # left to `mpp sla run` (cron)
    assert CliRunner().invoke(main, ["worker", "--once"]).exit_code == 0
    with sessions() as fresh:
        assert applications.find(fresh, filed.tracking_number).state in ("approved", "issued")


def test_notify_overdue_tells_the_citizen_once(session, tmp_path):
    yaml = service_yaml("escalate").replace("notify:\n", "notify:\n  overdue: [inbox, email]\n")
    spec = load_test_catalog(tmp_path, yaml).specs["nakes.sip-uji"]
    filed = applications.submit(session, spec, region=REGION, answers=ANSWERS, applicant_nik=NIK, now=MONDAY_9)
    apply_deadlines(session, MONDAY_9 + timedelta(days=4))
    apply_deadlines(session, MONDAY_9 + timedelta(days=5))
    told = [payload for topic, payload in outbox(session) if topic == "notify" and payload["event"] == "overdue"]
    assert told == [{"event": "overdue", "tracking_number": filed.tracking_number, "channels": ["inbox", "email"]}]
