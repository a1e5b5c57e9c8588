"""Issue 12, item 12: audit events chained by hash; `mpp audit-log verify` finds an edited or deleted row.

The table refuses UPDATE and DELETE by trigger; to simulate someone with the
database's own rights, these tests set the trigger aside first.
"""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from framework.cli import main
from framework.services import audit_trail
from framework.store import make_engine, session_factory, upgrade
from framework.store.models import AuditEvent
from framework.workflow.actors import Actor


def record_some(session, count=5):
    for number in range(count):
        audit_trail.record(
            session, Actor.citizen("7312010101900001", "192.0.2.1"), "signin", f"t{number}", {"n": number}
        )
        session.commit()


def tamper(session, statement):
    """Run ``statement`` on audit_events as the database owner would: trigger off, change, trigger on."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
    else:
        session.execute(text("DROP TRIGGER audit_events_no_update"))
        session.execute(text("DROP TRIGGER audit_events_no_delete"))
    session.execute(text(statement))
    session.commit()


def ids(session):
    return list(session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def test_an_untouched_trail_verifies(session):
    record_some(session)
    result = audit_trail.verify(session)
    assert result.ok and result.checked == 5


def test_an_edited_row_is_found(session):
    record_some(session)
    third = ids(session)[2]
    tamper(session, f"UPDATE audit_events SET actor = '3203011205820001' WHERE id = {third}")
    result = audit_trail.verify(session)
    assert [(found.event_id, found.reason.split(":")[0]) for found in result.breaks] == [(third, "hash")]


def test_a_deleted_row_is_found(session):
    record_some(session)
    second, third = ids(session)[1:3]
    tamper(session, f"DELETE FROM audit_events WHERE id = {second}")
    result = audit_trail.verify(session)
    assert [(found.event_id, found.reason.split(":")[0]) for found in result.breaks] == [(third, "link")]


def test_the_cli_says_where_the_chain_breaks(session, database_url, monkeypatch):
    record_some(session)
    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    intact = CliRunner().invoke(main, ["audit-log", "verify"])
    assert intact.exit_code == 0 and "5 events" in intact.output
    last = ids(session)[-1]
    tamper(session, f"UPDATE audit_events SET details = '{{\"n\": 99}}' WHERE id = {last}")
    broken = CliRunner().invoke(main, ["audit-log", "verify"])
    assert broken.exit_code == 1 and f"event {last}: hash" in broken.output


def test_concurrent_writers_keep_one_chain(sessions):
    def write(worker: int) -> None:
        with sessions() as own:
            for number in range(5):
                audit_trail.record(own, Actor.system(f"w{worker}"), "test.concurrent", f"{worker}-{number}")
                own.commit()

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with sessions() as fresh:
        result = audit_trail.verify(fresh)
    assert result.ok and result.checked == 30


@pytest.mark.skipif(
    __import__("os").environ.get("MPP_TEST_DATABASE_URL") is not None, reason="a SQLite file of its own"
)
def test_events_from_before_the_chain_are_chained_by_the_migration(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    upgrade(url, "0007_web_sessions")
    engine = make_engine(url)
    with engine.begin() as connection:
        for number in range(3):
            connection.execute(
                text(
                    "INSERT INTO audit_events (at, actor, role, action, target, ip, details) "
                    f"VALUES ('2026-01-0{number + 1} 08:00:00.000000', 'sla', 'system', 'old', 't', NULL, '{{}}')"
                )
            )
    upgrade(url)
    with session_factory(engine)() as session:
        record_some(session, 1)
        assert audit_trail.verify(session).ok and audit_trail.verify(session).checked == 4
    engine.dispose()
