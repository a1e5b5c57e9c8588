"""The private provider: a signed webhook call, checked by a real receiver on loopback."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from framework.store import Application, OutboxMessage
from framework.worker import loop as worker
from plugins.providers.signing import signed_headers, verify
from plugins.providers.webhook_receiver import make_app as receiver_app

FAST = worker.WorkerConfig(worker_id="test-worker", base_delay=0, max_attempts=2)
SECRET = "bank-shared-secret"


def drain(sessions):
    for _ in range(10):
        if not worker.run_once(sessions, FAST):
            return


@pytest.fixture
def receiver(monkeypatch, serve):
    app = receiver_app(SECRET)
    server = serve(app)
    monkeypatch.setenv("MPP_WEBHOOK_MODE", "http")
    monkeypatch.setenv("MPP_WEBHOOK_URL", f"{server.url}/hook")
    monkeypatch.setenv("MPP_WEBHOOK_SECRET", SECRET)
    return app


def test_signature_round_trip_and_refusals():
    body = b'{"a": 1}'
    headers = signed_headers(SECRET, body, "key-1", now=1_700_000_000)
    assert verify(SECRET, headers, body, now=1_700_000_010)
    assert not verify("other-secret", headers, body, now=1_700_000_010)
    assert not verify(SECRET, headers, b'{"a": 2}', now=1_700_000_010)
    assert not verify(SECRET, headers, body, now=1_700_000_000 + 3600)  # replayed later
    assert not verify(SECRET, {**headers, "X-MPP-Timestamp": "1700000001"}, body, now=1_700_000_010)


def test_approval_reaches_the_private_provider_signed(sessions, file_application, receiver):
    tracking_number = file_application("nakes.uji-swasta")
    drain(sessions)
    [(key, body)] = receiver.effects.items()
    assert key == f"deliver-{tracking_number}"
    assert body["tracking_number"] == tracking_number and body["service"] == "nakes.uji-swasta"
    assert body["applicant"]["nik"] == "7312011505900001"
    assert body["product"]["verification_url"].endswith(f"/verifikasi/{body['product']['code']}")
    call = receiver.calls[0]
    assert verify(SECRET, call["headers"], call["body"])
    with sessions() as session:
        application = session.scalar(select(Application).where(Application.tracking_number == tracking_number))
        assert application.state == "issued" and application.product_ref == body["product"]["code"]


def test_refused_signature_is_retried_then_parked(sessions, file_application, receiver, monkeypatch):
    monkeypatch.setenv("MPP_WEBHOOK_SECRET", "wrong")
    tracking_number = file_application("nakes.uji-swasta")
    drain(sessions)
    assert receiver.effects == {} and len(receiver.calls) == FAST.max_attempts
    with sessions() as session:
        deliver = session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "deliver")).one()
        assert deliver.state == "parked" and "client_error" in deliver.last_error
        application = session.scalar(select(Application).where(Application.tracking_number == tracking_number))
        assert application.state == "approved"  # not issued behind the provider's back
    assert json.loads(receiver.calls[0]["body"])["tracking_number"] == tracking_number


def test_without_a_secret_nothing_unsigned_is_sent(sessions, file_application, receiver, monkeypatch):
    from framework.plugins.registry import check_startup

    monkeypatch.delenv("MPP_WEBHOOK_SECRET")
    assert any("MPP_WEBHOOK_SECRET is not set" in warning for warning in check_startup())
    file_application("nakes.uji-swasta")
    drain(sessions)
    assert receiver.calls == []
    with sessions() as session:
        deliver = session.scalars(select(OutboxMessage).where(OutboxMessage.topic == "deliver")).one()
        assert deliver.state == "parked" and "MPP_WEBHOOK_SECRET" in deliver.last_error
