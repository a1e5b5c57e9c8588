"""Which language(s) of an inbox message the citizen is shown, and in what order.

An inbox message keeps its subject and body in each language apart
(`framework.store.inbox.InboxMessage`); the page shows each language it
draws as an element with its own ``lang``, so a screen reader reads the
Indonesian with an Indonesian voice on an English page and the other way
round (WCAG 3.1.2). What is drawn follows the notification language the
citizen chose on their profile (:func:`shown_languages`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from framework.core.text import DEFAULT_LANGUAGE, LANGUAGES


class StoredMessage(Protocol):
    """What an inbox row holds (`InboxMessage`): as sent, and each language apart."""

    subject: str
    body: str
    subject_id: str | None
    body_id: str | None
    subject_en: str | None
    body_en: str | None


@dataclass(frozen=True)
class Version:
    """A message's subject and body in one language, ``lang`` saying which (``id`` or ``en``)."""

    lang: str
    subject: str
    body: str


def shown_languages(preference: str | None, page_language: str) -> tuple[str, ...]:
    """The languages to show a message in, first to last.

    ``both`` (the default, or any unknown value): the page's language first,
    then the other, so the part the citizen reads first matches the page
    around it. ``id`` or ``en``: that language alone, whatever the page's
    language. Why: the citizen chose the language of their notifications
    (their email, SMS and WhatsApp come in it), while the page's language is
    the site's, switched by a link in the header, maybe by someone helping
    them; the inbox says the same words the other channels said. The choice
    is marked with its ``lang``, so it is read right on a page in the other
    language.
    """
    page = page_language if page_language in LANGUAGES else DEFAULT_LANGUAGE
    if preference in LANGUAGES:
        return (str(preference),)
    return (page, *(language for language in LANGUAGES if language != page))


def stored_versions(message: StoredMessage) -> dict[str, Version]:
    """Each language the message was kept in.

    A row kept in no language apart (written before migration 0021 split
    the rows, or by a caller that gave only strings that hold both) is shown
    as it was stored, as Indonesian, the default language.
    """
    kept = {
        language: Version(language, subject or "", body or "")
        for language, subject, body in (
            ("id", message.subject_id, message.body_id),
            ("en", message.subject_en, message.body_en),
        )
        if subject or body
    }
    return kept or {DEFAULT_LANGUAGE: Version(DEFAULT_LANGUAGE, message.subject, message.body)}


def shown_versions(message: StoredMessage, preference: str | None, page_language: str) -> list[Version]:
    """The message in the languages :func:`shown_languages` asks for, in that order.

    A language the message was not kept in is left out; when none of the
    asked-for languages was kept (an old English-only row for a citizen who
    now chose Indonesian), the message shows in the language it has, rather
    than not at all, still marked with that language.
    """
    kept = stored_versions(message)
    order = shown_languages(preference, page_language)
    wanted = [kept[language] for language in order if language in kept]
    if wanted:
        return wanted
    fallback = shown_languages("both", page_language)
    return [kept[language] for language in fallback if language in kept]
