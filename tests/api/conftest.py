"""API fixtures: tokens for a citizen and the reference example's officers."""

from __future__ import annotations

import pytest
from api_helpers import CITIZEN_NIK, REGION, bearer

from framework.services.accounts import add_user, issue_token


@pytest.fixture
def tokens(session):
    """Bearer headers: the citizen, the two officers of Soppeng, and an operator of Gowa."""
    add_user(session, "operator", "operator_dukcapil", REGION, "rahasia-1")
    add_user(session, "pejabat", "pejabat_dukcapil", REGION)
    add_user(session, "gowa", "operator_dukcapil", "73.06")
    return {
        "citizen": bearer(issue_token(session, citizen=CITIZEN_NIK)),
        "other_citizen": bearer(issue_token(session, citizen="7312015505900002")),
        "operator": bearer(issue_token(session, user="operator")),
        "pejabat": bearer(issue_token(session, user="pejabat")),
        "gowa": bearer(issue_token(session, user="gowa")),
    }
