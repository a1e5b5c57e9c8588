"""Fixtures of the workflow tests: the test service, its officers, a filed application."""

from __future__ import annotations

import pytest
from mpp_testing import load_test_catalog
from workflow_helpers import ANSWERS, MONDAY_9, NIK, REGION, service_yaml

from framework.services import applications
from framework.workflow.actors import Actor


@pytest.fixture(scope="session")
def catalog(tmp_path_factory):
    return load_test_catalog(tmp_path_factory.mktemp("workflow-catalog"), service_yaml())


@pytest.fixture(scope="session")
def spec(catalog):
    return catalog.specs["nakes.sip-uji"]


@pytest.fixture
def operator():
    return Actor.officer("operator", "operator_dpmptsp", REGION, ip="10.0.0.7")


@pytest.fixture
def kadis():
    return Actor.officer("kadis", "kadis", REGION, ip="10.0.0.8")


@pytest.fixture
def citizen():
    return Actor.citizen(NIK, ip="192.0.2.1")


@pytest.fixture
def filed(session, spec):
    """An application of the test service, filed on a Monday at 09:00 WIB."""
    return applications.submit(session, spec, region=REGION, answers=ANSWERS, applicant_nik=NIK, now=MONDAY_9)
