"""The publication flow from the command line against a running gunicorn with two workers.

A Gowa admin proposes a new service, the ministry returns it with a comment,
the admin fixes and proposes again, the ministry approves: both gunicorn
workers serve it without a restart, and a citizen files it through the API.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from json import dumps, loads
from pathlib import Path

import pytest
from test_publication import SKTM

from framework.core import settings

BIN = Path(sys.executable).parent
REQUESTS_PER_CHECK = 12  # gunicorn hands requests to both workers; each check asks often enough to reach both


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def environment(database_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MPP_")}
    env.update(
        MPP_DATABASE_URL=database_url,
        MPP_INSTANCE=str(tmp_path / "instance"),
        MPP_DEFINITIONS=str(settings.definitions_dir()),
        MPP_SECRET_KEY="publication-test-" + "x" * 40,
        MPP_LANG="en",
    )
    return env


def mpp(env, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "mpp"), *args], env=env, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def server(environment, tmp_path):
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    env = {**environment, "MPP_CATALOG_REFRESH": "0.5"}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "framework.web:create_app()"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
        try:
            urllib.request.urlopen(f"{base}/api/v1/services", timeout=5).close()
            break
        except OSError:
            time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(30)
    log.close()


def statuses(url: str) -> set[int]:
    found = set()
    for _ in range(REQUESTS_PER_CHECK):
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                found.add(answer.status)
        except urllib.error.HTTPError as refused:
            found.add(refused.code)
    return found


def test_propose_return_fix_approve_then_file_on_the_running_server(environment, server, tmp_path):
    for username, role, region in (("admin.gowa", "admin_daerah", "73.06"), ("kementerian", "auditor_kementerian", "")):
        added = mpp(environment, "user", "add", username, "--role", role, *(["--region", region] if region else []))
        assert added.returncode == 0, added.stderr
    service_url = f"{server}/api/v1/services/sosial.sktm-gowa"
    assert statuses(service_url) == {404}

    draft = tmp_path / "sktm.yaml"
    draft.write_text(SKTM.format(version=1), encoding="utf-8")
    first = mpp(environment, "definitions", "propose", str(draft), "--user", "admin.gowa")
    assert first.returncode == 0, first.stdout + first.stderr
    first_id = first.stdout.split("#", 1)[1].split(":", 1)[0]
    returned = mpp(
        environment,
        "definitions",
        "review",
        first_id,
        "--return",
        "--comment",
        "Add requirements",
        "--user",
        "kementerian",
    )
    assert returned.returncode == 0 and "returned" in returned.stdout, returned.stderr

    draft.write_text(SKTM.format(version=2), encoding="utf-8")
    second = mpp(environment, "definitions", "propose", str(draft), "--user", "admin.gowa")
    assert second.returncode == 0, second.stdout + second.stderr
    second_id = second.stdout.split("#", 1)[1].split(":", 1)[0]
    approved = mpp(environment, "definitions", "review", second_id, "--approve", "--user", "kementerian")
    assert approved.returncode == 0 and "published" in approved.stdout, approved.stderr

    deadline = time.monotonic() + 30
    while statuses(service_url) != {200} and time.monotonic() < deadline:
        time.sleep(0.5)
    assert statuses(service_url) == {200}, "every gunicorn worker serves the published service"

    token = mpp(environment, "token", "issue", "--citizen", "3203011205820001").stdout.strip()
    body = dumps({"region": "73.06", "answers": {"nama": "BUDI SAPUTRA", "penghasilan": 1500000}}).encode()
    request = urllib.request.Request(
        f"{service_url}/applications",
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        filed = loads(answer.read())
    assert answer.status == 201 and filed["tracking_number"]
    listed = mpp(environment, "definitions", "list")
    assert f"#{second_id}\tsosial.sktm-gowa\tv2\t73.06\tpublished\tadmin.gowa" in listed.stdout
