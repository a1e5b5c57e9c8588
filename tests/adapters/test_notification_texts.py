"""Every event a definition can notify has its own words, in the language the citizen chose."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from framework.core.text import Text
from framework.definition.metaschema import EVENTS
from framework.services.notifications import EVENT_TEXTS, About, build_notification

ABOUT = About("7312011505900001", "T1", Text("Kartu Keluarga", "Family card"), {"reference": "ADU-1"})


def notification(event: str, language: str | None = None):
    profile = None if language is None else SimpleNamespace(name="", email="", phone="", language=language)
    return build_notification(ABOUT, profile, SimpleNamespace(payload={"event": event}), "k")


@pytest.mark.parametrize("event", sorted(EVENTS))
def test_every_definition_event_has_its_own_text(event):
    assert event in EVENT_TEXTS
    sent = notification(event)
    assert f": {event}" not in sent.body and "Kartu Keluarga" in sent.body and "T1" in sent.body


def test_withdrawn_and_overdue_read_as_sentences():
    assert notification("withdrawn", "id").subject == "Permohonan dibatalkan"
    assert notification("overdue", "id").subject == "Permohonan melewati batas waktu"


def test_the_profile_language_decides_the_words():
    assert notification("approved", "id").subject == "Permohonan disetujui"
    assert notification("approved", "en").subject == "Application approved"
    assert notification("approved", "both").subject == "Permohonan disetujui / Application approved"
    assert notification("approved").subject == "Permohonan disetujui / Application approved"  # nobody chose


@pytest.mark.parametrize(
    ("chosen", "said"), [("id", "id"), ("en", "en"), ("both", "both"), (None, "both"), ("fr", "both")]
)
def test_the_recipient_language_says_what_the_words_are_written_in(chosen, said):
    sent = notification("approved", chosen)
    assert sent.recipient.language == said
    assert (" / " in sent.subject) == (said == "both")


@pytest.mark.parametrize(("chosen", "header"), [("id", "id"), ("en", "en"), (None, "id, en")])
def test_an_email_names_the_language_it_is_written_in(chosen, header):
    from plugins.notifiers.email import build_message

    assert build_message(notification("approved", chosen), "mpp@example.id")["Content-Language"] == header
