"""A webhook receiver reads the call's timestamp as a number: a forged one is a refused call, not a traceback."""

from __future__ import annotations

import pytest

from plugins.providers.signing import TIMESTAMP_HEADER, signed_headers, verify

SECRET = "bank-shared-secret"


@pytest.mark.parametrize("timestamp", ["\u00b2", "9" * 5000, "99999999999999999999", "", "-1", " 1700000000"])
def test_a_timestamp_that_is_no_time_refuses_the_call(timestamp):
    body = b'{"a": 1}'
    headers = {**signed_headers(SECRET, body, "key-1", now=1_700_000_000), TIMESTAMP_HEADER: timestamp}
    assert verify(SECRET, headers, body, now=1_700_000_010) is False
