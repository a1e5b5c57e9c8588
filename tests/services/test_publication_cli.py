"""`mpp definitions propose` with bad input: a clear message and exit 1, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from publication_samples import GOWA, SKTM

from framework.cli import main
from framework.services.accounts import add_user
from framework.workflow.roles import ADMIN_ROLE


@pytest.fixture
def propose(database_url, sessions, tmp_path):
    with sessions() as session:
        add_user(session, "admin.gowa", ADMIN_ROLE, GOWA, password_hash="x")
        add_user(session, "petugas", "fo_dpmptsp", GOWA, password_hash="x")
    env = {"MPP_DATABASE_URL": database_url, "MPP_INSTANCE": str(tmp_path / "instance"), "MPP_LANG": "en"}

    def run(content: bytes, user: str = "admin.gowa"):
        path = tmp_path / "usulan.yaml"
        path.write_bytes(content)
        return CliRunner().invoke(main, ["definitions", "propose", str(path), "--user", user], env=env)

    return run


@pytest.mark.parametrize(
    ("content", "user", "message"),
    [
        (SKTM.format(version=1).replace("Pemohon", "Pémohon").encode("latin-1"), "admin.gowa", "NOT_UTF8"),
        (SKTM.format(version=1).encode() + b"#" + b"x" * (1024 * 1024), "admin.gowa", "over 1 MB"),
        (SKTM.format(version=1).encode(), "petugas", "Only a regional administrator or the ministry"),
    ],
    ids=["not-utf8", "too-large", "not-a-proposer"],
)
def test_bad_input_is_a_message_not_a_traceback(propose, content, user, message):
    result = propose(content, user)
    assert result.exit_code == 1 and message in result.output, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


@pytest.fixture
def stored_change(database_url, sessions, tmp_path):
    """SKTM v1 live in Gowa, and v2 proposed: a shorter SLA (tightens), income no longer required (loosens)."""
    from framework.core import settings
    from framework.services import publication
    from framework.workflow.actors import Actor
    from framework.workflow.roles import MINISTRY_ROLE

    places = {"definitions": settings.definitions_dir(), "published_dir": tmp_path / "instance" / "published"}
    with sessions() as session:
        admin = add_user(session, "admin.gowa", ADMIN_ROLE, GOWA, password_hash="x")
        add_user(session, "admin.soppeng", ADMIN_ROLE, "73.12", password_hash="x")
        add_user(session, "kementerian", MINISTRY_ROLE, None, password_hash="x")
        proposer = Actor.officer(admin.username, ADMIN_ROLE, GOWA)
        first = publication.propose(session, proposer, SKTM.format(version=1), "sktm.yaml", **places).version
        publication.review(session, Actor.officer("kementerian", MINISTRY_ROLE, None), first.id, "approve")
        looser = SKTM.format(version=2).replace("sla: 3d", "sla: 2d")
        looser = looser.replace("Monthly income}\n        required: true", "Monthly income}\n        required: false")
        second = publication.propose(session, proposer, looser, "sktm.yaml", **places).version
        assert second is not None
        second_id = second.id
    env = {"MPP_DATABASE_URL": database_url, "MPP_INSTANCE": str(tmp_path / "instance"), "MPP_LANG": "en"}

    def run(*args: str):
        return CliRunner().invoke(main, ["definitions", *args], env=env)

    return second_id, run


def test_show_prints_a_stored_proposals_changes_judged_as_the_admin_does(stored_change):
    version_id, run = stored_change
    shown = run("show", str(version_id), "--user", "kementerian")
    assert shown.exit_code == 0, shown.output
    assert "Changes against the live version (v1):" in shown.output
    assert "3 changes: 1 tightens, 1 neutral, 1 loosens" in shown.output
    assert "[loosens] Field “Monthly income” (penghasilan) · required: yes → no" in shown.output
    assert "[tightens] Standard · time limit: 3 working day(s) → 2 working day(s)" in shown.output
    indonesian = run("show", str(version_id), "--user", "kementerian", "--lang", "id")
    assert "[melonggarkan] Kolom “Penghasilan per bulan” (penghasilan) · wajib diisi: ya → tidak" in indonesian.output
    refused = run("show", str(version_id), "--user", "admin.soppeng")  # another region's proposal
    assert refused.exit_code == 1 and "No such proposal" in refused.output, refused.output


def test_review_prints_the_changes_before_it_acts(stored_change):
    version_id, run = stored_change
    reviewed = run("review", str(version_id), "--approve", "--user", "kementerian")
    assert reviewed.exit_code == 0, reviewed.output
    changes = reviewed.output.index("[loosens] Field “Monthly income”")
    assert changes < reviewed.output.index(f"#{version_id} sosial.sktm-gowa v2: published")


def test_restore_takes_a_withdrawn_service_back(stored_change):
    _version_id, run = stored_change
    withdrawn = run("withdraw", "sosial.sktm-gowa", "--comment", "Sementara.", "--user", "kementerian")
    assert withdrawn.exit_code == 0, withdrawn.output
    refused = run("restore", "sosial.sktm-gowa", "--comment", "Dibuka lagi.", "--user", "admin.gowa")
    assert refused.exit_code == 1 and "Only the ministry can restore a service." in refused.output
    restored = run("restore", "sosial.sktm-gowa", "--comment", "Dibuka lagi.", "--user", "kementerian")
    assert restored.exit_code == 0 and "sosial.sktm-gowa: restored" in restored.output, restored.output
    again = run("restore", "sosial.sktm-gowa", "--comment", "Dibuka lagi.", "--user", "kementerian")
    assert again.exit_code == 1 and "This service is not withdrawn." in again.output
