"""`mpp definitions propose` with bad input: a clear message and exit 1, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from publication_samples import GOWA, SKTM

from framework.cli import main
from framework.services.accounts import add_user
from framework.services.roles import ADMIN_ROLE


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
