"""Issue 12, item 13: two web machines and two workers on one PostgreSQL and one object store.

Two gunicorn instances on different loopback ports, two `mpp worker`
processes, one PostgreSQL database, one S3 server (moto, on loopback). A
citizen starts a draft on one instance and finishes it on the other (sign-in,
session and draft live in the database); the document uploaded on one is
seen by an officer through the JSON API of the other; the officers decide on
both; every outbox message is delivered exactly once; a sign-in failure
counted on one instance slows the next attempt on the other.

PostgreSQL only (the SQLite pass skips it): several machines share a server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from forms.portal_helpers import SANDBOX_CHILD, form_values
from mpp_testing import REFERENCE_EXAMPLE
from sqlalchemy import func, select

from framework.services.accounts import add_user, issue_token
from framework.store.inbox import InboxMessage
from framework.store.models import Application, OutboxMessage
from framework.store.products import IssuedProduct

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("MPP_TEST_DATABASE_URL"), reason="several machines share PostgreSQL"),
]

SERVICE = "adminduk.akta-kelahiran"
FATHER, MOTHER = "3203011205820001", "3203014204850001"  # BUDI and RINA SAPUTRA of the sandbox population
TESTS = Path(__file__).resolve().parents[1]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
APP_MODULE = f"""
from pathlib import Path
from mpp_testing import load_test_catalog
from framework.web import create_app

app = create_app({{"MPP_CATALOG": load_test_catalog(Path(__file__).parent / "catalog", Path({str(REFERENCE_EXAMPLE)!r}))}})
"""  # noqa: E501


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """The processes of a small deployment; all stopped at the end of the test."""

    def __init__(self, folder: Path, environment: dict[str, str]) -> None:
        self.folder, self.environment, self.processes = folder, environment, []

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(command, env=self.environment, stdout=log, stderr=log, cwd=self.folder)
        self.processes.append((name, process, log))
        return process

    def web(self, name: str) -> str:
        port = free_port()
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        pythonpath = f"{self.folder},{TESTS}"
        self.start(
            name,
            [gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--pythonpath", pythonpath, "node_app:app"],
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/layanan/", timeout=2).status_code == 200:
                    return url
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError(f"{name} did not start: {(self.folder / f'{name}.log').read_text()[-3000:]}")

    def worker(self, name: str) -> None:
        mpp = str(Path(sys.executable).parent / "mpp")
        self.start(name, [mpp, "worker", "--poll", "0.2", "--deadlines", "0", "--base-delay", "0.5"])

    def stop(self) -> None:
        for _name, process, _log in self.processes:
            process.send_signal(signal.SIGTERM)
        for _name, process, log in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()

    def logs(self) -> str:
        return "\n".join(
            f"--- {name}\n{(self.folder / f'{name}.log').read_text()[-2000:]}" for name, _p, _l in self.processes
        )


@pytest.fixture
def cluster(tmp_path, database_url, s3_bucket):
    _client, _bucket, s3_settings = s3_bucket
    (tmp_path / "catalog").mkdir()
    (tmp_path / "node_app.py").write_text(APP_MODULE, encoding="utf-8")
    environment = {
        **os.environ,
        **s3_settings,
        "MPP_ENV": "development",
        "MPP_DATABASE_URL": database_url,
        "MPP_SECRET_KEY": "multi-node-test-secret-shared-by-every-node-0123456789",
        "MPP_INSTANCE": str(tmp_path / "instance"),
        "MPP_PUBLIC_URL": "https://mpp.example.go.id",
    }
    for name in [name for name in environment if name.startswith(("MPP_IKD_", "MPP_SISDMK_", "MPP_SMTP_"))]:
        environment.pop(name)
    running = Cluster(tmp_path, environment)
    yield running
    running.stop()


def post_form(
    client: httpx.Client, url: str, changes: dict, files: dict | None = None, target: str | None = None
) -> httpx.Response:
    """Post the page at ``url`` as a browser would: its own values (the CSRF token too), changed by ``changes``."""
    body = form_values(client.get(url).text)
    for name, value in changes.items():
        body.setlist(name, [value])
    return client.post(target or url, data=body.to_dict(flat=False), files=files)


def test_two_web_nodes_and_two_workers_share_everything(cluster, session, s3_bucket):
    s3, bucket, _settings = s3_bucket
    add_user(session, "operator", "operator_dukcapil", "73.06", "kata-sandi-operator-panjang")
    add_user(session, "pejabat", "pejabat_dukcapil", "73.06")
    first, second = cluster.web("web-1"), cluster.web("web-2")
    cluster.worker("worker-1")
    cluster.worker("worker-2")
    browser = httpx.Client(follow_redirects=False, timeout=30)
    try:
        # signed in and a draft started on the first machine …
        picker = browser.get(f"{first}/masuk/ikd").text
        token = form_values(picker)["csrf_token"]
        assert browser.post(f"{first}/masuk/ikd/sandbox", data={"nik": FATHER, "csrf_token": token}).status_code == 302
        started = post_form(
            browser, f"{first}/layanan/{SERVICE}", {"region": "73.06"}, target=f"{first}/layanan/{SERVICE}/mulai"
        )
        assert started.status_code == 302, started.text[:2000]
        page = lambda base, name: f"{base}/layanan/{SERVICE}/{name}"  # noqa: E731
        assert (
            post_form(
                browser, page(first, "pemohon"), {"hubungan": "ayah", "telepon_pemohon": "081234567890"}
            ).status_code
            == 302
        )
        # … continued on the second: the session and the draft are in the database
        assert post_form(browser, page(second, "anak"), SANDBOX_CHILD).status_code == 302
        assert post_form(browser, page(second, "orang_tua"), {"nik_ibu": MOTHER, "pernyataan": "y"}).status_code in (
            200,
            302,
        )
        assert post_form(browser, page(second, "orang_tua"), {"pernyataan": "y"}).status_code == 302
        # the document uploaded on the first machine (into the object store) …
        uploaded = post_form(
            browser,
            page(first, "unggah-dokumen"),
            {},
            files={"surat_keterangan_lahir": ("akta.pdf", PDF, "application/pdf")},
        )
        assert uploaded.status_code == 302, uploaded.text[:2000]
        # … and the application filed on the second
        filed = post_form(browser, page(second, "periksa-jawaban"), {})
        assert filed.status_code == 302, filed.text[:3000]
        session.expire_all()
        application = session.scalar(select(Application).where(Application.applicant_nik == FATHER))
        number = application.tracking_number
        key = application.documents["surat_keterangan_lahir"]["key"]
        assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == PDF
        # an officer on the first machine sees the upload made there, through the JSON API of the second
        operator = {"Authorization": f"Bearer {issue_token(session, user='operator')}"}
        pejabat = {"Authorization": f"Bearer {issue_token(session, user='pejabat')}"}
        seen = httpx.get(f"{second}/api/v1/applications/{number}", headers=operator, timeout=30)
        assert seen.status_code == 200 and seen.json()["documents"]["surat_keterangan_lahir"]["filename"] == "akta.pdf"
        url = f"/api/v1/applications/{number}/transitions"
        assert httpx.post(first + url, json={"action": "approve"}, headers=operator, timeout=30).status_code == 200
        assert httpx.post(second + url, json={"action": "approve"}, headers=pejabat, timeout=30).status_code == 200
        # every outbox message delivered exactly once by the two workers
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            session.expire_all()
            pending = session.scalar(select(func.count()).where(OutboxMessage.state != "sent"))
            issued = session.scalar(select(func.count()).where(IssuedProduct.tracking_number == number))
            if issued and not pending:
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"outbox not drained:\n{cluster.logs()}")
        session.expire_all()
        assert session.scalar(select(Application.state).where(Application.tracking_number == number)) == "issued"
        assert session.scalar(select(func.count()).where(IssuedProduct.tracking_number == number)) == 1
        subjects = Counter(session.scalars(select(InboxMessage.subject).where(InboxMessage.citizen_nik == FATHER)))
        assert subjects and all(count == 1 for count in subjects.values()), subjects
        assert all(message.attempts >= 1 for message in session.scalars(select(OutboxMessage)))
        # a sign-in failure counted on one machine slows the next attempt on the other
        for number_of_try in range(5):
            wrong = post_form(
                browser, f"{first}/masuk/petugas", {"username": "operator", "password": f"salah-{number_of_try}"}
            )
            assert wrong.status_code == 401
        refused = post_form(
            browser, f"{second}/masuk/petugas", {"username": "operator", "password": "kata-sandi-operator-panjang"}
        )
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    finally:
        browser.close()
