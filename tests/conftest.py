"""Shared fixtures: a fresh, migrated database (and app) for every test.

The database is PostgreSQL when ``MPP_TEST_DATABASE_URL`` is set (scripts/test
starts one with scripts/start-postgres), else a SQLite file in the test's
tmp_path. Migrations run once per session into a template (a file on SQLite,
a template database on PostgreSQL); each test gets a copy of it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from mpp_testing import REFERENCE_EXAMPLE, load_test_catalog

from framework.store import make_engine, session_factory, upgrade

POSTGRES_URL = os.environ.get("MPP_TEST_DATABASE_URL")


def _admin_execute(base_url: str, *statements: str) -> None:
    from sqlalchemy import text

    engine = make_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL pass, only the tests that use a database: the rest ran, unchanged, on the SQLite pass.

    A test uses one when it asks for ``database_url`` (directly or through
    ``session``, ``app``, ``client``…) or is marked ``database`` (it makes its
    own from ``MPP_TEST_DATABASE_URL``) or ``postgres``. Why: three in five
    tests (definitions, authoring, forms) never touch a database, and running
    them twice kept ``make test`` over ten minutes.
    """
    if not POSTGRES_URL:
        return
    kept, deselected = [], []
    for item in items:
        uses = "database_url" in getattr(item, "fixturenames", ()) or any(
            item.get_closest_marker(name) for name in ("database", "postgres")
        )
        (kept if uses else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database to copy: a SQLite file path, or a PostgreSQL template name."""
    if POSTGRES_URL:
        # one per process: two suites (or xdist workers) on one server must not share a template
        name = f"mpp_template_{os.getpid()}"
        _admin_execute(POSTGRES_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}")
        upgrade(_with_database(POSTGRES_URL, name))
        yield name
        _admin_execute(POSTGRES_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        return
    path = tmp_path_factory.mktemp("template") / "mpp.sqlite3"
    upgrade(f"sqlite:///{path}")
    yield str(path)


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database for this test, already at the newest migration."""
    if POSTGRES_URL:
        name = f"mpp_test_{uuid.uuid4().hex[:12]}"
        _admin_execute(POSTGRES_URL, f"CREATE DATABASE {name} TEMPLATE {database_template}")
        yield _with_database(POSTGRES_URL, name)
        _admin_execute(POSTGRES_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        return
    path = tmp_path / "mpp.sqlite3"
    shutil.copyfile(database_template, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def db_engine(database_url: str):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(db_engine):
    """A session factory on the fresh database (one session per thread in concurrency tests)."""
    return session_factory(db_engine)


@pytest.fixture
def session(sessions):
    with sessions() as opened:
        yield opened


# --- apps on the fresh database, with the reference example as catalog -------------------


@pytest.fixture(scope="session")
def reference_catalog(tmp_path_factory: pytest.TempPathFactory):
    """The reference example (`adminduk.akta-kelahiran`) alone, as `MPP_CATALOG`."""
    return load_test_catalog(tmp_path_factory.mktemp("reference-catalog"), REFERENCE_EXAMPLE)


@pytest.fixture
def make_app(database_url: str, reference_catalog, tmp_path: Path):
    """``make_app(**config)``: a fresh app on this test's database (reference catalog unless given)."""
    from framework.web import create_app

    made = []

    def build(**config):
        settings = {
            "TESTING": True,
            "MPP_DATABASE_URL": database_url,
            "MPP_CATALOG": reference_catalog,
            "MPP_UPLOADS": str(tmp_path / "uploads"),
            "SECRET_KEY": "test",
            # request rate limits off unless a test turns them on (tests/security): suites file many applications
            # from one address; the officer sign-in throttle stays on everywhere
            "MPP_RATE_LIMITS_ENABLED": False,
        }
        app = create_app({**settings, **config})
        made.append(app)
        return app

    yield build
    for app in made:
        factory = app.extensions.get("mpp.store")
        if factory is not None:
            factory.kw["bind"].dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


# --- a real browser, shared by the whole session ---------------------------------------------
# Playwright's sync API allows one instance per process: every browser test uses this one.


@pytest.fixture(scope="session")
def browser():
    from browsers import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# --- a real S3-compatible server on loopback (moto's server: S3's HTTP API in a process of its own) ----------


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """The URL of a moto S3 server started for this test process; stopped at the end."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Path(sys.executable).parent / "moto_server"
    log = (tmp_path_factory.mktemp("s3") / "moto.log").open("wb")
    process = subprocess.Popen([str(server), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(url, timeout=1)
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"moto_server did not start on {url}") from None
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def s3_bucket(s3_server, monkeypatch):
    """A fresh bucket on the loopback S3 server, with the MPP_S3_* settings that name it."""
    import boto3

    bucket = f"mpp-{uuid.uuid4().hex[:12]}"
    settings = {
        "MPP_S3_BUCKET": bucket,
        "MPP_S3_ENDPOINT_URL": s3_server,
        "MPP_S3_REGION": "us-east-1",
        "MPP_S3_ACCESS_KEY": "test-access",
        "MPP_S3_SECRET_KEY": "test-secret",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="test-access",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(Bucket=bucket)
    return client, bucket, settings
