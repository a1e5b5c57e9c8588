"""`mpp user add` checks what the regional admin's screen checks; `mpp user disable`; `mpp token revoke`.

The command's messages are in Bahasa Indonesia unless MPP_LANG=en, as every `mpp` command's: the tests
that read the English ones ask for it.
"""

from __future__ import annotations

import pytest
from adminhelpers import PASSWORD
from click.testing import CliRunner

from framework.cli import main
from framework.services.accounts import actor_for_token, issue_token
from framework.store import User


@pytest.fixture
def mpp(database_url, monkeypatch):
    monkeypatch.setenv("MPP_DATABASE_URL", database_url)
    monkeypatch.setenv("MPP_LANG", "en")
    runner = CliRunner()
    return lambda *args, **kwargs: runner.invoke(main, list(args), catch_exceptions=False, **kwargs)


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (("--role", "operator_dukcapl", "--region", "73.12"), PASSWORD, "--role: Unknown role `operator_dukcapl`"),
        (("--role", "operator_dukcapil", "--region", "73.99"), PASSWORD, "--region: `73.99` is not in the Kemendagri"),
        (
            ("--role", "operator_dukcapil", "--region", "73.12"),
            "x",
            "--password-stdin: A password has at least 12 characters",
        ),
        (
            ("--role", "operator_dukcapil", "--region", "73.12"),
            "password12345",
            "--password-stdin: This password is easy to guess",
        ),
        (("--role", "operator_kecamatan", "--region", "73.12"), PASSWORD, "No service offered in region 73.12 uses"),
        (("--role", "operator_dukcapil"), PASSWORD, "--region: A region is required"),
        (("--role", "admin_daerah", "--region", "73.12.01"), PASSWORD, "province or regency/city level"),
    ],
)
def test_user_add_refuses_with_a_clear_message(mpp, session, args, password, message):
    result = mpp("user", "add", "andi", *args, "--password-stdin", input=f"{password}\n")
    assert result.exit_code == 2 and message in result.output, result.output
    assert "None" not in result.output  # a missing region is said to be required, never printed as None
    assert session.query(User).count() == 0


@pytest.mark.parametrize("language", [None, "id"])
def test_every_problem_is_named_at_once_and_in_indonesian_by_default(mpp, monkeypatch, language):
    if language is None:
        monkeypatch.delenv("MPP_LANG")
    else:
        monkeypatch.setenv("MPP_LANG", language)
    result = mpp("user", "add", "Andi", "--role", "kepala", "--region", "73.99", "--password-stdin", input="x\n")
    assert result.exit_code == 2
    for line in (
        "USERNAME: Nama pengguna",  # an argument, named as click names it
        "--region: `73.99` tidak ada",
        "--role: Peran `kepala` tidak dikenal",
        "--password-stdin: Kata sandi",
    ):
        assert line in result.output, result.output
    assert "--username" not in result.output


def test_a_regional_role_without_a_region_says_the_region_is_required(mpp, monkeypatch, session):
    monkeypatch.delenv("MPP_LANG")
    result = mpp("user", "add", "andi", "--role", "operator_dukcapil")
    assert result.exit_code == 2 and result.output.strip().endswith("--region: Wilayah wajib diisi."), result.output
    assert "None" not in result.output and "--role" not in result.output
    assert session.query(User).count() == 0


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_password_that_is_not_utf8_is_refused(mpp, monkeypatch, session, language):
    monkeypatch.setenv("MPP_LANG", language)
    args = ("user", "add", "u16", "--role", "operator_dukcapil", "--region", "73.06", "--password-stdin")
    result = mpp(*args, input=b"Sangat-rahasia-\xff\xfe-99\n")
    expected = "bukan teks UTF-8" if language == "id" else "is not UTF-8 text"
    assert result.exit_code == 2 and "--password-stdin:" in result.output and expected in result.output, result.output
    assert session.query(User).count() == 0
    empty = mpp(*args, input="\n")
    assert empty.exit_code == 2 and "--password-stdin:" in empty.output


@pytest.mark.parametrize(
    ("role", "region"),
    [
        ("operator_dukcapil", "73.12"),
        ("operator_kecamatan", "73.06.01"),  # Gowa's own KK variant has a kecamatan step
        ("operator_dukcapil", "32.03.01.2004"),  # a desa front office
        ("admin_daerah", "73.12"),
        ("auditor_kementerian", None),
    ],
)
def test_user_add_accepts_real_roles_and_regions(mpp, session, role, region):
    args = ["--role", role] + (["--region", region] if region else [])
    result = mpp("user", "add", "andi", *args, "--password-stdin", input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    user = session.query(User).one()
    assert (user.role, user.region, user.active) == (role, region, True)


def test_disable_stops_tokens_and_revoke_by_token_or_user(mpp, session):
    assert mpp("user", "add", "andi", "--role", "operator_dukcapil", "--region", "73.12").exit_code == 0
    first, second = issue_token(session, user="andi"), issue_token(session, user="andi")
    revoked = mpp("token", "revoke", "--token", first)
    assert revoked.exit_code == 0 and revoked.output.strip() == "1 token(s) revoked"
    assert actor_for_token(session, first) is None and actor_for_token(session, second) is not None
    assert mpp("token", "revoke", "--token", first).exit_code == 1  # already revoked: said so
    assert mpp("token", "revoke", "--user", "andi").output.strip() == "1 token(s) revoked"
    assert actor_for_token(session, second) is None
    third = issue_token(session, user="andi")
    disabled = mpp("user", "disable", "andi")
    assert disabled.exit_code == 0 and "revoked" in disabled.output
    session.expire_all()
    assert actor_for_token(session, third) is None and session.query(User).one().active is False
    assert mpp("user", "disable", "nobody").exit_code == 2
    assert mpp("token", "revoke").exit_code == 2


LONG_PASSPHRASE = "kuda merah berlari cepat melewati sawah hijau di pagi hari yang cerah sekali"  # 76 characters


def test_a_passphrase_longer_than_the_strength_estimator_reads_is_accepted(mpp, session):
    """zxcvbn refuses more than 72 characters: a long passphrase once failed with a traceback (and a 500)."""
    result = mpp(
        "user",
        "add",
        "andi",
        "--role",
        "admin_daerah",
        "--region",
        "73.12",
        "--password-stdin",
        input=f"{LONG_PASSPHRASE}\n",
    )
    assert result.exit_code == 0, result.output
    weak = mpp(
        "user", "add", "budi", "--role", "admin_daerah", "--region", "73.12", "--password-stdin", input="a" * 200 + "\n"
    )
    assert weak.exit_code == 2 and "--password-stdin: This password is easy to guess" in weak.output
    assert session.query(User).count() == 1
