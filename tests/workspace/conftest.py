"""Fixtures for the officer workspace: the bundled catalog, officers of two regions and a desa, filed applications."""

from __future__ import annotations

import random

import pytest
from adminhelpers import BUDI, PASSWORD, REGION_A, REGION_B, sign_in

from framework.core import settings
from framework.definition import Catalog, load_catalog
from framework.services.accounts import add_user, hash_password


@pytest.fixture(scope="session")
def bundled() -> Catalog:
    catalog = load_catalog(settings.definitions_dir())
    assert catalog.ok
    return catalog


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)  # argon2 is slow on purpose: once per session


@pytest.fixture
def admin_app(make_app, bundled, tmp_path, monkeypatch):
    for name in ("MPP_ENV", "MPP_IKD_MODE", "MPP_LAPOR_MODE"):
        monkeypatch.delenv(name, raising=False)  # development: the sandbox registries
    return make_app(MPP_CATALOG=bundled, WTF_CSRF_ENABLED=False, MPP_DRAFTS=str(tmp_path / "drafts"))


@pytest.fixture
def officer(sessions, password_hash):
    """``officer(username, role, region)`` adds an active account (password PASSWORD) and returns its name."""

    def add(username: str, role: str, region: str | None) -> str:
        with sessions() as session:
            add_user(session, username, role, region, password_hash=password_hash)
        return username

    return add


@pytest.fixture
def file_application(sessions, bundled, tmp_path):
    """``file_application(service_id, nik, region)``: filed through the service layer with sandbox IKD prefill."""
    from framework.forms.examples import client_answers, example_documents
    from framework.forms.prefill import resolve_prefill
    from framework.services import applications
    from framework.storage import LocalStorage

    storage = LocalStorage(tmp_path / "uploads")

    def file(service_id: str, nik: str = BUDI, region: str = REGION_A, **changes) -> str:
        spec = bundled.specs[service_id]
        answers = {**client_answers(spec, region, random.Random(7).choice), **changes}
        prefill = resolve_prefill(spec, nik, answers)
        documents = {
            doc_id: storage.save(data, name) for doc_id, (name, data) in example_documents(spec, answers).items()
        }
        with sessions() as session:
            filed = applications.submit(
                session,
                spec,
                region=region,
                answers=answers,
                applicant_nik=nik,
                prefill=prefill,
                documents=documents,
                others=bundled.offered(),
            )
            return filed.tracking_number

    return file


@pytest.fixture
def live_catalog_app(make_app, tmp_path, monkeypatch):
    """An app on its live catalog from the database (publications count), refreshed once an hour by itself.

    Only this process's own publications show at once (the admin expires the
    catalog after one), as a second process would see them within
    MPP_CATALOG_REFRESH.
    """
    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path / "instance"))
    for name in ("MPP_ENV", "MPP_IKD_MODE"):
        monkeypatch.delenv(name, raising=False)
    return make_app(
        MPP_CATALOG=None,
        MPP_DEFINITIONS=str(settings.definitions_dir()),
        MPP_CATALOG_REFRESH=3600,
        WTF_CSRF_ENABLED=False,
    )


@pytest.fixture
def builder_app(make_app, tmp_path, monkeypatch):
    """The app of the service builder's tests: the live catalog read from the database at every request."""
    for name in ("MPP_ENV", "MPP_IKD_MODE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MPP_INSTANCE", str(tmp_path / "instance"))
    return make_app(MPP_CATALOG=None, WTF_CSRF_ENABLED=False, MPP_CATALOG_REFRESH=0)


@pytest.fixture
def gowa_admin(builder_app, officer):
    """A client signed in as Gowa's regional admin, who builds Gowa's services."""
    officer("admin.gowa", "admin_daerah", REGION_B)
    client = builder_app.test_client()
    sign_in(client, "admin.gowa")
    return client


@pytest.fixture
def admin(admin_app, officer):
    """Cianjur's regional admin, signed in to the workspace."""
    officer("admin.cianjur", "admin_daerah", REGION_A)
    client = admin_app.test_client()
    sign_in(client, "admin.cianjur")
    return client
