"""A SIP's practice hours are hours of a day: `25.00-26.00` was accepted (nakes template)."""

from __future__ import annotations

import pytest

from framework.forms import validate_answers


@pytest.mark.parametrize(
    ("hours", "accepted"),
    [
        ("08.00-14.00", True),
        ("20.00-24.00", True),  # to midnight, as it is written
        ("22.00-06.00", True),  # a night shift runs past midnight
        ("25.00-26.00", False),
        ("08.60-14.00", False),
        ("24.00-08.00", False),
    ],
)
def test_practice_hours_are_hours_of_a_day(bundled, hours, accepted):
    spec = bundled.specs["nakes.sip-bidan"]
    found = validate_answers(spec, {"jam_praktik": hours}, pages={"tempat_praktik"}).errors
    refused = [error for error in found if error.field == "jam_praktik"]
    assert not refused if accepted else refused[0].message.en == "Write the hours, 00.00 to 24.00, like 08.00-14.00."
