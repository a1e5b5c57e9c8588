"""The small interfaces plugins implement.

Each plugin kind is a class with an ``id`` and a few members; the registry
refuses a class that does not implement them at start-up. Declaration data
(ids, the attributes a source returns) must be importable without heavy
imports: the definition checker reads them on every `mpp validate`.
"""

from __future__ import annotations

from typing import Any, ClassVar, Mapping


class Plugin:
    id: ClassVar[str] = ""
    # members a concrete plugin must define (checked by the registry)
    required_members: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def missing_members(cls) -> list[str]:
        return [name for name in cls.required_members if getattr(cls, name, None) is getattr(Plugin, name, None) or _is_abstract(cls, name)]


def _is_abstract(cls: type, name: str) -> bool:
    member = getattr(cls, name, None)
    return member is None or getattr(member, "__isabstractmethod__", False)


class PrefillSource(Plugin):
    """A registry that prefills answers (IKD, SISDMK).

    ``attributes`` maps each attribute name usable in definitions
    (``prefill: pemohon.nama_lengkap``) to a short description.
    """

    attributes: ClassVar[Mapping[str, str]] = {}
    required_members = ("attributes",)


class Provider(Plugin):
    """Acts on an approved application: issues the document, numbers the licence."""


class Notifier(Plugin):
    """Delivers a message to a citizen through one channel (inbox, email, sms, …)."""


class ComplaintChannel(Plugin):
    """Forwards complaints (SP4N-LAPOR!)."""


class SigninMethod(Plugin):
    """Signs people in (IKD OpenID Connect, password)."""


Record = Mapping[str, Any]
