"""The rules of a complaint's input (`framework.services.complaint_checks`): judged by what a reader sees."""

from __future__ import annotations

import datetime as dt

import pytest

from framework.core.text import Text
from framework.core.visible import visible
from framework.services.complaint_checks import ComplaintInput, ComplaintSubjects, check

TODAY = dt.date(2026, 11, 29)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff" * 8
SUBJECTS = ComplaintSubjects(
    services={"adminduk.kk": Text("Kartu Keluarga", "Family card")}, regions={"73.12": "Kabupaten Soppeng"}
)


def complaint(**changes):
    values = {
        "title": "Petugas meminta biaya",
        "narrative": "Saya diminta membayar Rp50.000 padahal layanan ini gratis.",
        "event_date": dt.date(2026, 11, 20),
        "place": "MPP Soppeng",
        "tracking_number": "T1",
    }
    return ComplaintInput(**{**values, **changes})


def codes(data, subjects=None):
    return [(error.field, error.code) for error in check(data, TODAY, subjects)]


def test_a_valid_complaint_has_no_problem():
    assert codes(complaint()) == []


def test_visible_drops_invisible_characters_only():
    assert visible(f" {ZERO_WIDTH}\u3164 ") == ""
    assert visible("a\u200bb c") == "ab c"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"title": ZERO_WIDTH}, [("title", "title")]),
        ({"narrative": ZERO_WIDTH * 5}, [("narrative", "narrative")]),
        ({"place": ZERO_WIDTH}, [("place", "place")]),
        ({"narrative": "x" * 100_000}, [("narrative", "narrative_too_long")]),
        ({"event_date": dt.date(1, 1, 1)}, [("event_date", "too_old")]),
        ({"place": "p" * 201}, [("place", "place_too_long")]),
    ],
)
def test_unreadable_oversized_and_ancient_input_is_refused(changes, expected):
    assert codes(complaint(**changes)) == expected


def test_a_too_long_place_is_not_called_missing():
    [error] = check(complaint(place="p" * 201), TODAY)
    assert error.message.id == "Tempat kejadian paling banyak 200 karakter"


def test_the_oldest_accepted_event_is_five_years_back():
    assert codes(complaint(event_date=dt.date(2021, 11, 29))) == []
    assert codes(complaint(event_date=dt.date(2021, 11, 28))) == [("event_date", "too_old")]


def test_a_complaint_about_a_service_names_a_catalog_service_and_a_region():
    about_service = {"tracking_number": None, "service_id": "adminduk.kk"}
    assert codes(complaint(**about_service, region="73.12"), SUBJECTS) == []
    assert codes(complaint(**about_service), SUBJECTS) == [("region", "region")]
    assert codes(complaint(**about_service, region="99.99"), SUBJECTS) == [("region", "region")]
    assert codes(complaint(tracking_number=None, service_id="gosip.palsu", region="73.12"), SUBJECTS) == [
        ("service_id", "unknown_service")
    ]
    assert codes(complaint(tracking_number=None)) == [("tracking_number", "no_subject")]
    too_long = {"tracking_number": None, "service_id": "a." + "x" * 200, "region": "73.12" * 10}
    assert codes(complaint(**too_long)) == [("service_id", "unknown_service"), ("region", "region")]
