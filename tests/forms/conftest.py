"""Fixtures for the citizen-forms tests: the reference example, compiled once (see tests/conftest.py)."""

from __future__ import annotations

import pytest

from .portal_helpers import APPLICANT, registries


@pytest.fixture(scope="session")
def spec(reference_catalog):
    return reference_catalog.specs["adminduk.akta-kelahiran"]


@pytest.fixture
def make_portal(make_app):
    """A test client of a fresh portal (no CSRF, a fake IKD), signed in as the applicant unless ``signed_in=False``."""

    def build(signed_in: bool = True, plugin=None, **config):
        settings = {"WTF_CSRF_ENABLED": False, "MPP_PLUGINS": registries(plugin) if plugin else registries()}
        app = make_app(**{**settings, **config})
        client = app.test_client()
        if signed_in:
            with client.session_transaction() as session:
                session["citizen_nik"] = APPLICANT
        return client

    return build
