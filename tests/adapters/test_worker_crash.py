"""Kill `mpp worker` with SIGKILL in the middle of a delivery; a new one finishes the job once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from framework.store import Application, OutboxMessage, TransitionRecord
from framework.store.inbox import InboxMessage
from framework.store.products import IssuedProduct
from plugins.notifiers.gateway_server import make_app as gateway_app
from plugins.providers.webhook_receiver import make_app as receiver_app

SECRET = "crash-secret"
MPP = Path(sys.executable).parent / "mpp"


def start_worker(database_url: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "MPP_DATABASE_URL": database_url}
    arguments = [str(MPP), "worker", "--lease", "2", "--base-delay", "0", "--poll", "0.2"]
    with log.open("ab") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(arguments, env=env, stdout=output, stderr=subprocess.STDOUT)


def wait_for(condition, timeout: float = 180.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_sigkill_mid_delivery_then_restart_delivers_each_message_once(
    sessions, database_url, file_application, smtp_server, serve, monkeypatch, tmp_path
):
    receiver = receiver_app(SECRET)
    receiver.fault, receiver.slow_seconds = "slow", 3.0
    hook = serve(receiver)
    gateway = gateway_app()
    sms = serve(gateway)
    for name, value in {
        "WEBHOOK_MODE": "http",
        "WEBHOOK_URL": f"{hook.url}/hook",
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_TIMEOUT": "10",
        "SMS_MODE": "http",
        "SMS_URL": sms.url,
    }.items():
        monkeypatch.setenv(f"MPP_{name}", value)
    tracking_number = file_application("nakes.uji-swasta")  # outbox: notify(submitted), deliver
    log = tmp_path / "worker.log"

    first = start_worker(database_url, log)
    try:
        assert receiver.entered.wait(180), log.read_text()
        first.send_signal(signal.SIGKILL)  # the worker is inside the webhook call
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    receiver.fault = ""

    def done() -> bool:
        with sessions() as session:
            pending = session.scalar(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state != "sent")
            )
            issued = (
                session.scalar(select(Application.state).where(Application.tracking_number == tracking_number))
                == "issued"
            )
            return issued and pending == 0 and session.scalar(select(func.count()).select_from(OutboxMessage)) == 3

    second = start_worker(database_url, log)
    try:
        wait_for(done, what="the second worker to finish: " + log.read_text())
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(10)
        except subprocess.TimeoutExpired:
            second.kill()
            pytest.fail("mpp worker did not stop on SIGTERM")
    assert second.returncode == 0

    assert len(receiver.calls) == 2  # the killed call and its retry, with one idempotency key
    assert list(receiver.effects) == [f"deliver-{tracking_number}"]
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(IssuedProduct)) == 1
        issues = session.scalars(select(TransitionRecord).where(TransitionRecord.action == "issue")).all()
        assert len(issues) == 1
        assert sorted(m.event for m in session.scalars(select(InboxMessage))) == ["issued", "submitted"]
    assert sorted(m["Subject"].split(" / ")[0] for m in smtp_server.messages) == [
        "Dokumen terbit",
        "Permohonan diterima",
    ]
    assert len(gateway.effects) == 1 and len(gateway.calls) == 1
