"""`mpp worker` in-process: notifications through real channels, deliveries, retries, parking."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from framework.store import Application, OutboxMessage
from framework.store.inbox import ChannelDelivery, CitizenProfile, InboxMessage
from framework.store.products import IssuedProduct
from framework.worker import loop as worker
from plugins.notifiers.gateway_server import make_app as gateway_app

FAST = worker.WorkerConfig(worker_id="test-worker", base_delay=0, max_attempts=3, lease=60)


def drain(sessions, config=FAST, rounds=10):
    for _ in range(rounds):
        if not worker.run_once(sessions, config):
            return


def states(session):
    return [
        (m.topic, m.payload.get("event", m.payload.get("provider")), m.state)
        for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    ]


@pytest.fixture
def gateway(monkeypatch, serve):
    app = gateway_app()
    server = serve(app)
    monkeypatch.setenv("MPP_SMS_MODE", "http")
    monkeypatch.setenv("MPP_SMS_URL", server.url)
    return app


def test_submitted_reaches_inbox_email_and_sms(sessions, file_application, smtp_server, gateway):
    tracking_number = file_application(approve=False)
    drain(sessions)
    with sessions() as session:
        inbox = session.scalars(select(InboxMessage)).all()
        assert [(m.citizen_nik, m.tracking_number, m.event) for m in inbox] == [
            ("7312011505900001", tracking_number, "submitted")
        ]
        assert "Izin Uji Plugin" in inbox[0].body and tracking_number in inbox[0].body
        english = inbox[0].body.split("\n", 1)[1]  # each language names the service in its own words
        assert "Plugin test licence" in english and "Izin Uji Plugin" not in english
        # the inbox keeps each language apart, for the page to mark with its lang
        assert inbox[0].subject_id == "Permohonan diterima" and inbox[0].subject_en == "Application received"
        assert "Izin Uji Plugin" in inbox[0].body_id and "Plugin test licence" in inbox[0].body_en
        assert states(session) == [("notify", "submitted", "sent")]
    [mail] = smtp_server.messages
    assert mail["To"] == "andi@example.test" and "Permohonan diterima" in mail["Subject"]
    assert mail["Message-ID"].startswith("<outbox-")
    [(key, body)] = gateway.effects.items()
    assert body["to"] == "+6281234567890" and body["channel"] == "sms" and key.endswith("-sms")


def test_muted_channel_and_missing_address_are_skipped_not_failed(sessions, file_application, smtp_server, gateway):
    with sessions() as session:
        session.add(CitizenProfile(nik="7312011505900001", name="Andi", email="", phone="+62811", muted=["sms"]))
        session.commit()
    file_application(approve=False)
    drain(sessions)
    with sessions() as session:
        outcomes = {d.channel: (d.outcome, d.detail) for d in session.scalars(select(ChannelDelivery))}
        assert outcomes["inbox"][0] == "delivered"
        assert outcomes["email"] == ("skipped", "skipped: no email address in the profile")
        assert outcomes["sms"] == ("skipped", "muted by the citizen")
        assert states(session) == [("notify", "submitted", "sent")]
    assert smtp_server.messages == [] and gateway.calls == []


def test_failing_channel_is_retried_alone_then_parked(sessions, file_application, monkeypatch, gateway):
    from tests_plugins_helpers import closed_port

    monkeypatch.setenv("MPP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MPP_SMTP_PORT", str(closed_port()))
    file_application(approve=False)
    drain(sessions)
    with sessions() as session:
        [message] = session.scalars(select(OutboxMessage)).all()
        assert message.state == "parked" and message.attempts == FAST.max_attempts
        assert "email: SMTP" in message.last_error
        assert session.scalar(select(func.count()).select_from(InboxMessage)) == 1  # delivered once, not per attempt
    assert len(gateway.calls) == 1
    assert [m.id for m in worker.parked(sessions)] == [message.id]
    assert worker.unpark(sessions, message.id)
    with sessions() as session:
        assert session.get(OutboxMessage, message.id).state == "pending"


def test_retry_waits_with_exponential_backoff(sessions, file_application, monkeypatch):
    from tests_plugins_helpers import closed_port

    monkeypatch.setenv("MPP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MPP_SMTP_PORT", str(closed_port()))
    file_application(approve=False)
    config = worker.WorkerConfig(worker_id="w", base_delay=60, max_attempts=5)
    assert worker.run_once(sessions, config) == {"pending": 1}
    assert worker.run_once(sessions, config) == {}  # not due again yet
    with sessions() as session:
        message = session.scalars(select(OutboxMessage)).one()
        assert message.attempts == 1 and message.locked_by is None
        assert (message.available_at - message.created_at).total_seconds() >= 59


def test_approval_is_delivered_to_the_regional_provider(sessions, file_application, smtp_server):
    tracking_number = file_application("nakes.uji-regional")
    drain(sessions)
    with sessions() as session:
        application = session.scalar(select(Application).where(Application.tracking_number == tracking_number))
        product = session.get(IssuedProduct, application.product_ref)
        assert application.state == "issued" and product.tracking_number == tracking_number
        assert (
            product.provider == "dpmptsp" and product.number.startswith("503/") and product.holder_name == "Andi Tenri"
        )
        assert product.pdf.startswith(b"%PDF")
        assert ("notify", "issued", "sent") in states(session)
        assert [m.event for m in session.scalars(select(InboxMessage).order_by(InboxMessage.id))] == [
            "submitted",
            "issued",
        ]
    assert [m["Subject"].split(" / ")[0] for m in smtp_server.messages] == ["Permohonan diterima", "Dokumen terbit"]


def test_unknown_application_topic_or_provider_is_parked_at_once(sessions, file_application):
    from framework.store import enqueue

    with sessions() as session:
        enqueue(session, "deliver", {"provider": "dpmptsp", "tracking_number": "NOPE"})
        enqueue(session, "mystery", {})
        session.commit()
    tracking_number = file_application(approve=False)
    with sessions() as session:
        enqueue(session, "deliver", {"provider": "bank-swasta", "tracking_number": tracking_number})
        session.commit()
    drain(sessions)
    with sessions() as session:
        parked = [
            (m.topic, m.state, m.attempts)
            for m in session.scalars(
                select(OutboxMessage).where(OutboxMessage.topic != "notify").order_by(OutboxMessage.id)
            )
        ]
        assert parked == [("deliver", "parked", 1), ("mystery", "parked", 1), ("deliver", "parked", 1)]
        assert (
            "no provider plugin 'bank-swasta'"
            in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().last_error
        )


def test_a_claim_is_taken_once(sessions, file_application):
    file_application(approve=False)
    first = worker.claim(sessions, worker.WorkerConfig(worker_id="a"))
    second = worker.claim(sessions, worker.WorkerConfig(worker_id="b"))
    assert len(first) == 1 and second == []
    assert (
        worker.process(
            sessions,
            first[0],
            worker.WorkerConfig(worker_id="b"),
            __import__("framework.plugins.registry", fromlist=["installed"]).installed(),
        )
        == "lost"
    )


def test_concurrent_workers_never_claim_the_same_message(sessions):
    """Six workers claim at once (SKIP LOCKED on PostgreSQL, compare-and-set everywhere)."""
    import threading

    from framework.store import enqueue

    with sessions() as session:
        for number in range(60):
            enqueue(session, "notify", {"event": "submitted", "tracking_number": f"T{number}", "channels": []})
        session.commit()
    claimed: dict[str, list[int]] = {}
    barrier = threading.Barrier(6)

    def claim_all(name: str) -> None:
        config = worker.WorkerConfig(worker_id=name, batch=7)
        barrier.wait()
        mine = claimed.setdefault(name, [])
        while batch := worker.claim(sessions, config):
            mine.extend(batch)

    threads = [threading.Thread(target=claim_all, args=(f"w{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [message_id for ids in claimed.values() for message_id in ids]
    assert len(everything) == len(set(everything)) == 60
    with sessions() as session:
        owners = {m.id: m.locked_by for m in session.scalars(select(OutboxMessage))}
    assert all(owners[message_id] == name for name, ids in claimed.items() for message_id in ids)


def test_worker_cli_lists_and_retries_parked_messages(sessions, database_url, monkeypatch):
    from click.testing import CliRunner

    from framework.cli import main
    from framework.store import enqueue

    with sessions() as session:
        enqueue(session, "deliver", {"provider": "dpmptsp", "tracking_number": "HILANG"})
        session.commit()
    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    runner = CliRunner()
    assert runner.invoke(main, ["worker", "--once"]).exit_code == 0
    listing = runner.invoke(main, ["worker", "--parked"])
    assert listing.exit_code == 0 and "deliver\tHILANG\tattempts=1\tPermanentFailure" not in listing.output
    assert "deliver\tHILANG\tattempts=1\tno application 'HILANG'" in listing.output
    message_id = listing.output.split("\t")[0]
    assert (
        runner.invoke(main, ["worker", "--retry", message_id]).output.strip() == f"message {message_id} will be retried"
    )
    again = runner.invoke(main, ["worker", "--retry", message_id])
    assert again.exit_code == 1 and f"no parked message {message_id}" in again.output


def test_production_with_http_adapters_starts(make_app, monkeypatch, database_url):
    from mpp_testing import production_settings

    monkeypatch.setenv("MPP_IKD_URL", "https://ikd.example.go.id")
    app = make_app(**production_settings(database_url))
    assert "mpp.plugins" in app.extensions


def test_run_survives_an_unreachable_database_and_stops_on_request(tmp_path, caplog):
    import threading
    import time

    from framework.store import make_engine, session_factory

    engine = make_engine(f"sqlite:///{tmp_path}/no/such/folder/mpp.sqlite3")
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(session_factory(engine), worker.WorkerConfig(poll=0.05), stop))
    with caplog.at_level("ERROR", logger="mpp.worker"):
        thread.start()
        deadline = time.monotonic() + 30
        while caplog.text.count("outbox unreachable") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        thread.join(30)
    assert caplog.text.count("outbox unreachable") >= 2 and not thread.is_alive()
    engine.dispose()


@pytest.mark.parametrize(
    ("name", "value"), [("MPP_SMTP_PORT", "dua lima"), ("MPP_SMTP_PORT", "70000"), ("MPP_SMTP_TIMEOUT", "-1")]
)
def test_a_mail_server_setting_that_is_not_a_number_stops_the_start_by_name(monkeypatch, name, value):
    from framework.plugins.registry import PluginError, check_startup

    monkeypatch.setenv("MPP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv(name, value)
    with pytest.raises(PluginError, match=f"notifiers plugin `email`: {name}=`"):
        check_startup()


def test_a_mail_server_setting_spoiled_after_the_start_fails_the_delivery_not_the_worker(
    sessions, file_application, monkeypatch, gateway
):
    monkeypatch.setenv("MPP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MPP_SMTP_PORT", "dua lima")
    file_application(approve=False)
    drain(sessions)
    with sessions() as session:
        [message] = session.scalars(select(OutboxMessage)).all()
        assert message.state == "parked" and "MPP_SMTP_PORT=`dua lima`" in message.last_error
    assert len(gateway.calls) == 1  # the other channel was delivered
