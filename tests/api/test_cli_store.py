"""`mpp db upgrade`, `mpp user add`, `mpp token issue`, `mpp sla run` against the test database."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from framework.cli import main
from framework.services.accounts import actor_for_token, check_password
from framework.store import ApiToken, User


@pytest.fixture
def mpp(database_url, monkeypatch):
    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    monkeypatch.setenv("MPP_LANG", "en")  # the messages read below are the English ones (Indonesian is the default)
    runner = CliRunner()
    return lambda *args, **kwargs: runner.invoke(main, list(args), catch_exceptions=False, **kwargs)


def test_upgrade_is_idempotent(mpp):
    assert mpp("db", "upgrade").exit_code == 0
    assert mpp("db", "upgrade").output.strip() == "database is up to date"


def test_user_add_with_password_from_stdin_then_a_token(mpp, session):
    added = mpp(
        "user",
        "add",
        "andi",
        "--role",
        "operator_dukcapil",
        "--region",
        "73.12",
        "--password-stdin",
        input="kata sandi panjang\n",
    )
    assert added.exit_code == 0, added.output
    assert (
        check_password(session, "andi", "kata sandi panjang") is not None
        and check_password(session, "andi", "salah") is None
    )
    assert session.query(User).one().password_hash.startswith("$argon2")
    token = mpp("token", "issue", "--user", "andi").output.strip()
    actor = actor_for_token(session, token, "127.0.0.1")
    assert (actor.kind, actor.id, actor.role, actor.region) == ("officer", "andi", "operator_dukcapil", "73.12")
    assert token not in {row.token_hash for row in session.query(ApiToken)}  # only the hash is stored


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("user", "add", "Andi Besar", "--role", "operator"), "USERNAME: Username"),
        (("user", "add", "andi", "--role", "operator", "--region", "Soppeng"), "region"),
        (("token", "issue", "--user", "nobody"), "no active user"),
        (("token", "issue", "--citizen", "123"), "16 digits"),
        (
            (
                "token",
                "issue",
            ),
            "exactly one",
        ),
    ],
)
def test_bad_input_is_a_clear_usage_error(mpp, args, message):
    result = mpp(*args)
    assert result.exit_code == 2 and message in result.output


def test_token_errors_are_indonesian_by_default_like_every_command(mpp, monkeypatch):
    monkeypatch.delenv("MPP_LANG")
    assert mpp("db", "upgrade").exit_code == 0
    refused = mpp("token", "issue", "--citizen", "123")
    assert refused.exit_code == 2 and "NIK `123`: 16 angka" in refused.output
    nobody = mpp("token", "issue", "--user", "nobody")
    assert "tidak ada pengguna aktif `nobody`" in nobody.output


def test_citizen_tokens_are_refused_in_production(mpp, monkeypatch):
    assert mpp("token", "issue", "--citizen", "7312010101900001").output.startswith("mpp_")
    monkeypatch.setenv("MPP_ENV", "production")
    refused = mpp("token", "issue", "--citizen", "7312010101900001")
    assert refused.exit_code == 2 and "production" in refused.output


def test_sla_run_reports(mpp):
    result = mpp("sla", "run", "--now", "2026-08-18T10:00+07:00")
    assert result.exit_code == 0 and result.output.startswith("overdue flagged: 0; auto-actions: 0")
    assert mpp("sla", "run", "--now", "2026-08-18T10:00").exit_code == 2


# --- mpp serve: a living system from an empty instance folder -------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Served:
    """`mpp serve` as a real process on 127.0.0.1, stopped by its own PID (SIGTERM, as `kill PID` does)."""

    def __init__(self, instance, *args: str) -> None:
        import os
        import subprocess
        import sys
        from pathlib import Path

        self.port = _free_port()
        self.log = instance / f"serve-{self.port}.log"
        unset = ("MPP_DATABASE_URL", "MPP_ENV", "MPP_PUBLIC_URL")
        env = {key: value for key, value in os.environ.items() if key not in unset}
        env["MPP_INSTANCE"] = str(instance)
        with self.log.open("w") as output:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).parent / "mpp"), "serve", "--port", str(self.port), *args],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def wait_until_it_answers(self, seconds: float = 300) -> str:
        import time
        import urllib.request

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/lacak", timeout=5) as answer:
                    if answer.status == 200:
                        return self.log.read_text()
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"mpp serve did not answer within {seconds} s:\n{self.log.read_text()}")

    def stop(self) -> int:
        import signal
        import subprocess

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)
        return self.process.returncode


def _outbox_states(instance) -> dict[str, int]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(instance / "mpp.sqlite3")) as db:
        return dict(db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())


def test_serve_seeds_prints_the_sign_ins_and_runs_the_worker_in_process(tmp_path):
    import time

    quiet = _Served(tmp_path, "--no-worker")
    try:
        output = quiet.wait_until_it_answers()
    finally:
        quiet.stop()
    assert "demo.operator-dukcapil.73.12" in output and "password `demo`" in output and "/masuk/petugas" in output
    assert f"QR codes and notification links: http://127.0.0.1:{quiet.port}," in output  # not 5000 whatever --port
    assert "3203011205820001 BUDI SAPUTRA" in output and "/masuk/ikd" in output
    untouched = _outbox_states(tmp_path)
    assert untouched.get("pending", 0) > 0 and "sent" not in untouched  # --no-worker: nobody drained it

    living = _Served(tmp_path)  # already seeded: starts at once, and drains the outbox in the same process
    try:
        again = living.wait_until_it_answers()
        deadline = time.monotonic() + 120
        while _outbox_states(tmp_path).get("sent", 0) == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        stopped = living.stop()
    assert stopped == 0  # SIGTERM ends it cleanly: worker stopped, database closed
    assert "already there" in again and "demo.operator-dukcapil.73.12" in again and "worker: in this process" in again
    assert _outbox_states(tmp_path).get("sent", 0) > 0


def test_the_served_address_is_what_links_print():
    from framework.cli.serve import served_address

    assert served_address("127.0.0.1", 8080) == "http://127.0.0.1:8080"
    assert served_address("::1", 8080) == "http://[::1]:8080"
    everywhere = served_address("0.0.0.0", 8080)
    assert everywhere.startswith("http://") and everywhere.endswith(":8080") and "0.0.0.0" not in everywhere


def test_serve_refuses_to_run_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("MPP_ENV", "production")
    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path))
    monkeypatch.delenv("MPP_DATABASE_URL", raising=False)
    refused = CliRunner().invoke(main, ["serve", "--port", str(_free_port())])
    assert refused.exit_code == 1 and "gunicorn" in refused.output and "mpp worker" in refused.output
    assert not (tmp_path / "mpp.sqlite3").exists()  # refused before touching anything


def test_serve_with_an_invalid_definition_prints_its_location_not_a_traceback(tmp_path, monkeypatch):
    import os
    import subprocess
    import sys
    from pathlib import Path

    definitions = tmp_path / "definitions"
    definitions.mkdir()
    (definitions / "rusak.yaml").write_text("service: adminduk.rusak\nlable: {id: x, en: x}\n", encoding="utf-8")
    environment = {
        **os.environ,
        "MPP_DEFINITIONS": str(definitions),
        "MPP_INSTANCE": str(tmp_path / "instance"),
        "MPP_DATABASE_URL": f"sqlite:///{tmp_path / 'mpp.sqlite3'}",
    }
    started = subprocess.run(
        [str(Path(sys.executable).parent / "mpp"), "serve", "--port", str(_free_port()), "--no-worker"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 1 and "Traceback" not in started.stderr
    assert "rusak.yaml:2:1" in started.stderr and "mpp validate" in started.stderr
