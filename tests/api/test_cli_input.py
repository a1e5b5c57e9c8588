"""Bad input to the operator's commands is a located message and a documented exit status, never a traceback.

`--now` of `mpp purge` and `mpp sla run` (one parameter type for both),
`mpp definitions list --status`, `mpp token revoke --user`, and the reasons
`mpp definitions withdraw` gives: Indonesian by default, English with MPP_LANG=en.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from framework.cli import main
from framework.services.accounts import add_user
from framework.workflow.roles import MINISTRY_ROLE


@pytest.fixture
def mpp(database_url, tmp_path):
    def run(*args: str, language: str | None = None):
        env = {"MPP_DATABASE_URL": database_url, "MPP_INSTANCE": str(tmp_path / "instance"), "MPP_LANG": language}
        return CliRunner().invoke(main, list(args), env=env)

    return run


def clean(result, status: int) -> str:
    assert result.exit_code == status, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.output


NOW_COMMANDS = [["purge", "--dry-run"], ["sla", "run"]]


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        ("yesterday", "`yesterday` bukan waktu ISO 8601", "`yesterday` is not an ISO 8601 time"),
        ("2026-13-01T00:00:00+00:00", "bukan waktu ISO 8601", "is not an ISO 8601 time"),
        ("2026-01-01T00:00:00+99:00", "bukan waktu ISO 8601", "is not an ISO 8601 time"),
        ("2026-08-18T10:00", "perlu zona waktu", "needs a time zone"),
        ("0001-01-01T00:00:00+00:00", "antara tahun 1970 dan 2999", "between the years 1970 and 2999"),
        ("9999-12-31T23:59:59-07:00", "antara tahun 1970 dan 2999", "between the years 1970 and 2999"),
    ],
    ids=["a-word", "month-13", "offset-99h", "no-zone", "year-1", "year-9999"],
)
@pytest.mark.parametrize("command", NOW_COMMANDS, ids=["purge", "sla-run"])
def test_a_bad_now_is_a_usage_error_in_both_languages(mpp, command, value, indonesian, english):
    assert indonesian in clean(mpp(*command, "--now", value), 2)
    output = clean(mpp(*command, "--now", value, language="en"), 2)
    assert "'--now'" in output and english in output and "e.g. 2026-08-18T10:00+07:00" in output


@pytest.mark.parametrize("command", NOW_COMMANDS, ids=["purge", "sla-run"])
def test_a_good_now_is_accepted(mpp, command):
    for value in ("2031-01-01T00:00+07:00", "2031-01-01T00:00:00Z"):
        clean(mpp(*command, "--now", value), 0)


def test_list_refuses_an_unknown_status_naming_the_known_ones(mpp):
    output = clean(mpp("definitions", "list", "--status", "bogus", language="en"), 2)
    assert "'--status'" in output and "`bogus`" in output
    for status in ("proposed", "returned", "published", "superseded", "withdrawn"):
        assert status in output
    assert "bukan status" in clean(mpp("definitions", "list", "--status", "terbit"), 2)
    assert clean(mpp("definitions", "list", "--status", "published", "--status", "proposed"), 0) == ""


def test_revoking_the_tokens_of_an_unknown_user_says_so(mpp, session):
    output = clean(mpp("token", "revoke", "--user", "nobody", language="en"), 2)
    assert "--user: no user `nobody`" in output
    assert "tidak ada pengguna `nobody`" in clean(mpp("token", "revoke", "--user", "nobody"), 2)
    add_user(session, "andi", "operator_dukcapil", "73.12")
    assert clean(mpp("token", "revoke", "--user", "andi"), 0).strip() == "0 token(s) revoked"


@pytest.fixture
def ministry(session):
    add_user(session, "u8", MINISTRY_ROLE)
    return "u8"


def test_withdraw_without_a_reason_names_the_field(mpp, ministry):
    withdraw = ("definitions", "withdraw", "adminduk.kk", "--comment", "", "--user", ministry)
    assert "Error: --comment: Alasan wajib diisi." in clean(mpp(*withdraw), 1)
    assert "Error: --comment: A reason is required." in clean(mpp(*withdraw, language="en"), 1)


def test_withdraw_of_an_unknown_service_suggests_a_close_one(mpp, ministry):
    withdraw = ("definitions", "withdraw", "adminduk.kkk", "--comment", "salah ketik", "--user", ministry)
    output = clean(mpp(*withdraw), 1)
    assert "SERVICE_ID `adminduk.kkk`: Layanan ini tidak berlaku; maksud Anda `adminduk.kk`?" in output
    assert "did you mean `adminduk.kk`?" in clean(mpp(*withdraw, language="en"), 1)
    far = ("definitions", "withdraw", "adminduk.nope", "--comment", "x", "--user", ministry)
    assert "SERVICE_ID `adminduk.nope`: Layanan ini tidak berlaku.\n" in clean(
        mpp(*far), 1
    )  # the sector alone: no hint
    assert "SERVICE_ID `adminduk.nope`: No live service with that id.\n" in clean(mpp(*far, language="en"), 1)
