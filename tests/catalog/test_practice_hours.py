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


def test_an_empty_practice_place_number_is_only_required(bundled):
    """It also got "must be one more than your active SIPs", which never said which number to type."""
    spec = bundled.specs["nakes.sip-bidan"]
    answers, sisdmk = {"jenis_permohonan": "BARU"}, {"jumlah_sip_aktif": 1}  # one active SIP, from SISDMK
    found = validate_answers(spec, answers, prefilled=sisdmk, pages={"tempat_praktik"}).errors
    assert [error.code for error in found if error.field == "tempat_praktik_ke"] == ["required"]
    typed = {**answers, "tempat_praktik_ke": 3}
    wrong = validate_answers(spec, typed, prefilled=sisdmk, pages={"tempat_praktik"}).errors
    assert [error.code for error in wrong if error.field == "tempat_praktik_ke"] == ["rule"]  # 2 is the next
