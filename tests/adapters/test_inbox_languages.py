"""Inbox messages keep each language apart and show it with its own ``lang``; other channels are unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, select, text

from framework.core.text import Text
from framework.services.inbox import shown_languages, shown_versions, stored_versions
from framework.services.notifications import About, build_notification
from framework.store.inbox import CitizenProfile, InboxMessage
from framework.store.migrate import upgrade
from plugins.notifiers import InboxNotifier
from plugins.notifiers.email import build_message
from plugins.notifiers.gateway import MAX_TEXT, gateway_text
from plugins.sandbox.population import population

TITLE = Text("Kartu Keluarga", "Family card")
INDONESIAN = ("Permohonan disetujui", "Permohonan T1 (Kartu Keluarga) disetujui.")
ENGLISH = ("Application approved", "Application T1 (Family card) was approved.")


def notification(nik: str, language: str | None, key: str = "k", event: str = "approved"):
    profile = (
        None if language is None else SimpleNamespace(name="", email="a@example.id", phone="+62811", language=language)
    )
    return build_notification(About(nik, "T1", TITLE), profile, SimpleNamespace(payload={"event": event}), key)


# --- storage ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("chosen", ["id", "en", "both"])
def test_the_inbox_keeps_each_language_apart_whatever_was_chosen(session, chosen):
    InboxNotifier().send(notification("7312011505900001", chosen), session)
    session.commit()
    row = session.scalars(select(InboxMessage)).one()
    assert (row.subject_id, row.body_id) == INDONESIAN
    assert (row.subject_en, row.body_en) == ENGLISH
    sent = {"id": INDONESIAN, "en": ENGLISH, "both": None}[chosen]
    if sent:  # the columns as sent keep what the citizen's choice wrote, for their old readers
        assert (row.subject, row.body) == sent
    else:
        assert row.subject == "Permohonan disetujui / Application approved"
        assert row.body == f"{INDONESIAN[1]}\n{ENGLISH[1]}"


def test_a_notification_without_texts_is_kept_in_the_language_it_is_written_in(session):
    from framework.plugins.base import Notification, Recipient

    english = Notification(Recipient("7312011505900001", language="en"), "Hello", "Body", "T1", "approved", "x")
    both = Notification(Recipient("7312011505900001"), "Halo / Hello", "Isi\nBody", "T1", "approved", "y")
    for sent in (english, both):
        InboxNotifier().send(sent, session)
    session.commit()
    rows = {row.idempotency_key: row for row in session.scalars(select(InboxMessage))}
    assert [(v.lang, v.subject) for v in stored_versions(rows["x"]).values()] == [("en", "Hello")]
    assert [(v.lang, v.body) for v in stored_versions(rows["y"]).values()] == [("id", "Isi\nBody")]  # as stored


# --- which languages, in which order --------------------------------------------------------------


@pytest.mark.parametrize(
    ("preference", "page", "shown"),
    [
        ("both", "id", ("id", "en")),
        ("both", "en", ("en", "id")),
        (None, "en", ("en", "id")),
        ("xx", "id", ("id", "en")),
        ("id", "en", ("id",)),
        ("en", "id", ("en",)),
    ],
)
def test_the_preference_and_the_page_decide_the_languages(preference, page, shown):
    assert shown_languages(preference, page) == shown


def test_a_language_the_message_lacks_falls_back_to_the_one_it_has():
    english_only = SimpleNamespace(
        subject="x", body="y", subject_id=None, body_id=None, subject_en="Hello", body_en="Body"
    )
    assert [(v.lang, v.subject) for v in shown_versions(english_only, "id", "id")] == [("en", "Hello")]
    assert [(v.lang, v.subject) for v in shown_versions(english_only, "both", "id")] == [("en", "Hello")]


# --- the page ----------------------------------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()


class Cards(HTMLParser):
    """The page's ``<html lang>`` and, for each inbox card, every element inside it with its text."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.cards: list[list[Node]] = []
        self._open: list[Node] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        if tag == "html":
            self.lang = node.attrs.get("lang", "")
        if tag == "li" and "card" in node.attrs.get("class", "").split():
            self.cards.append([])
            self._open = []
        if self.cards and tag not in ("br", "img", "input"):
            self.cards[-1].append(node)
            self._open.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for node in self._open:
            node.parts.append(data)


def read_inbox(client, page_language: str) -> Cards:
    answer = client.get(f"/kotak-masuk?lang={page_language}")
    assert answer.status_code == 200
    cards = Cards()
    cards.feed(answer.get_data(as_text=True))
    assert cards.lang == page_language
    return cards


def message_parts(card: list[Node]) -> list[tuple[str, str, str]]:
    """(tag, lang, text) of each element holding the message's words: the heading's subject and the paragraphs."""
    parts = [(n.tag, n.attrs.get("lang", ""), n.text) for n in card if n.tag == "span" and "lang" in n.attrs]
    for node in card:
        if node.tag == "p" and "meta" not in node.attrs.get("class", ""):
            assert "lang" in node.attrs, f"a message paragraph without lang: {node.text!r}"
            parts.append(("p", node.attrs["lang"], node.text))
    return parts


@pytest.fixture
def citizen():
    return population().mothers()[0]


@pytest.fixture
def signed_in(make_app, citizen):
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    client.post("/masuk/ikd/sandbox", data={"nik": citizen.nik})
    return client


def choose(session, nik: str, language: str) -> None:
    profile = session.get(CitizenProfile, nik)
    profile.language = language
    session.commit()


IN_INDONESIAN = [("span", "id", INDONESIAN[0]), ("p", "id", INDONESIAN[1])]
IN_ENGLISH = [("span", "en", ENGLISH[0]), ("p", "en", ENGLISH[1])]


@pytest.mark.parametrize(
    ("preference", "page", "expected"),
    [
        ("id", "id", IN_INDONESIAN),
        ("id", "en", IN_INDONESIAN),  # the citizen's choice, whatever the page
        ("en", "id", IN_ENGLISH),
        ("en", "en", IN_ENGLISH),
        # both: the page's language first (the heading), the other after it, each with its subject
        ("both", "id", [*IN_INDONESIAN, ("p", "en", ENGLISH[0]), ("p", "en", ENGLISH[1])]),
        ("both", "en", [*IN_ENGLISH, ("p", "id", INDONESIAN[0]), ("p", "id", INDONESIAN[1])]),
    ],
)
def test_the_inbox_shows_the_chosen_languages_each_marked(signed_in, session, citizen, preference, page, expected):
    InboxNotifier().send(notification(citizen.nik, "both"), session)  # sent while the default was both
    session.commit()
    choose(session, citizen.nik, preference)
    [card] = read_inbox(signed_in, page).cards
    assert message_parts(card) == expected
    [heading] = [n for n in card if n.tag == "h2"]
    assert expected[0][2] in heading.text and "/" not in heading.text  # one language in the heading


def test_an_old_row_shows_as_stored_marked_indonesian(signed_in, session, citizen):
    session.add(
        InboxMessage(
            idempotency_key="old", citizen_nik=citizen.nik, tracking_number="T1", event="x", subject="Lama", body="Isi"
        )
    )
    session.commit()
    [card] = read_inbox(signed_in, "en").cards
    assert message_parts(card) == [("span", "id", "Lama"), ("p", "id", "Isi")]


def test_a_link_in_each_language_stays_a_link(signed_in, session, citizen):
    InboxNotifier().send(notification(citizen.nik, "both", event="issued"), session)
    session.commit()
    [card] = read_inbox(signed_in, "id").cards
    links = [n for n in card if n.tag == "a" and n.attrs["href"].endswith("/dokumen/T1.pdf")]
    assert len(links) == 2  # the Indonesian body's and the English body's


# --- the migration ----------------------------------------------------------------------------------


def test_migration_0021_splits_the_rows_it_can_and_keeps_the_others(tmp_path):
    url = f"sqlite:///{tmp_path / 'mpp.sqlite3'}"
    upgrade(url, "0020_deadline_approvals")
    rows = {
        "both": ("Permohonan disetujui / Application approved", f"{INDONESIAN[1]}\n{ENGLISH[1]}"),
        "english": ENGLISH,
        "indonesian": INDONESIAN,
        "unknown": ("Pesan lama / Old", "Baris satu\nBaris dua\nBaris tiga"),
        "three_lines": ("Permohonan disetujui / Application approved", "a\nb\nc"),
    }
    engine = create_engine(url)
    with engine.begin() as connection:
        for key, (subject, body) in rows.items():
            connection.execute(
                text(
                    "INSERT INTO inbox_messages (idempotency_key, citizen_nik, tracking_number, event, subject, body, "
                    "created_at) VALUES (:key, '7312011505900001', 'T1', 'approved', :subject, :body, "
                    "'2026-11-01 08:00:00')"
                ),
                {"key": key, "subject": subject, "body": body},
            )
    upgrade(url, "head")
    with engine.connect() as connection:
        found = {
            row[0]: tuple(row[1:])
            for row in connection.execute(
                text(
                    "SELECT idempotency_key, subject_id, body_id, subject_en, body_en, subject, body "
                    "FROM inbox_messages"
                )
            )
        }
    engine.dispose()
    assert found["both"][:4] == (*INDONESIAN, *ENGLISH)
    assert found["english"][:4] == (None, None, *ENGLISH)
    assert found["indonesian"][:4] == (*INDONESIAN, None, None)
    assert found["unknown"][:4] == (*rows["unknown"], None, None)  # cannot be told apart: kept whole, as Indonesian
    assert found["three_lines"][:4] == (*rows["three_lines"], None, None)
    assert {key: value[4:] for key, value in found.items()} == rows  # as sent, untouched


# --- the other channels ------------------------------------------------------------------------------


@pytest.mark.parametrize(("chosen", "words"), [("id", INDONESIAN), ("en", ENGLISH)])
def test_a_single_language_choice_sends_the_same_words_as_before(chosen, words):
    sent = notification("7312011505900001", chosen)
    assert (sent.subject, sent.body) == words
    mail = build_message(sent, "mpp@example.id")
    assert mail["Subject"] == words[0] and mail.get_content().strip() == words[1]
    assert mail["Content-Language"] == chosen and not mail.is_multipart()  # plain text only: no HTML part to mark
    assert gateway_text(sent) == f"{words[0]}\n{words[1]}"


def test_a_gateway_text_still_holds_its_limit():
    long = build_notification(
        About("7312011505900001", "T1", Text("K" * 2000, "F" * 2000)),
        None,
        SimpleNamespace(payload={"event": "approved"}),
        "k",
    )
    assert len(long.body) > MAX_TEXT and len(gateway_text(long)) == MAX_TEXT
