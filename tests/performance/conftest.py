"""Fixtures of the performance tests: the two-step test service and the known data set filed against it."""

from __future__ import annotations

import pytest
from mpp_testing import load_test_catalog
from performance_helpers import NOW, SERVICE, build

from framework.services import performance_stats


@pytest.fixture(scope="session")
def catalog_folder(tmp_path_factory):
    """The test catalog's folder: the project's code lists and regions, no loci.yaml (offered everywhere)."""
    return tmp_path_factory.mktemp("performance-catalog")


@pytest.fixture(scope="session")
def catalog(catalog_folder):
    return load_test_catalog(catalog_folder, SERVICE)


@pytest.fixture(scope="session")
def spec(catalog):
    return catalog.specs["nakes.sip-uji"]


@pytest.fixture
def known(session, spec):
    """The eight applications of performance_helpers, filed and moved, and the figures ranked at NOW."""
    filed = build(session, spec)
    performance_stats.refresh(session, NOW)
    return filed
