"""Helpers for driving the portal with the Flask test client: a fake IKD, form posts."""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any, ClassVar

from werkzeug.datastructures import MultiDict

from framework.plugins.base import PrefillSource
from framework.plugins.registry import Registries

SERVICE = "adminduk.akta-kelahiran"
APPLICANT = "7306010101900001"
MOTHER = "7306014501900002"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# the child's page of the reference example, as a sandbox family in Bandung fills it
SANDBOX_CHILD = {
    "nama_anak": "Bayi Saputra",
    "jenis_kelamin": "LAKI-LAKI",
    "tanggal_lahir": "2026-01-05",
    "kembar": "tidak",
    "tempat_lahir--province": "32",
    "tempat_lahir--regency": "32.03",
}

RECORDS = {
    APPLICANT: {"nik": APPLICANT, "nama_lengkap": "BUDI SANTOSO"},
    MOTHER: {"nik": MOTHER, "nama_lengkap": "SITI AMINAH"},
}


class FakeIKD(PrefillSource):
    """A real PrefillSource over an in-memory population (the registry's real plugin needs a server)."""

    id = "ikd"
    attributes: ClassVar[Mapping[str, str]] = {"nik": "NIK", "nama_lengkap": "Nama lengkap"}
    calls: ClassVar[list[str]] = []

    def fetch(self, key: str) -> Mapping[str, Any] | None:
        self.calls.append(key)
        return RECORDS.get(key)


class BrokenIKD(FakeIKD):
    def fetch(self, key: str) -> Mapping[str, Any] | None:
        raise ConnectionError("IKD is down")


def registries(plugin: type[PrefillSource] = FakeIKD) -> Registries:
    fresh = Registries()
    fresh.prefill_sources.register(plugin)
    return fresh


def page_url(page: str) -> str:
    return f"/layanan/{SERVICE}/{page}"


class FormValues(HTMLParser):
    """What a browser would post from the first form with method=post: values, checked boxes, selected options."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and found.get("method") == "post":
            self._in_form = True
        if not self._in_form or "name" not in found and tag != "option":
            return
        if (
            tag == "input"
            and found.get("type") not in ("file", "submit")
            and (found.get("type") not in ("radio", "checkbox") or "checked" in found)
        ):
            self.values.append((found["name"], found.get("value", "y" if found.get("type") == "checkbox" else "")))
        elif tag == "select":
            self._select = found["name"]
        elif tag == "option" and self._select and "selected" in found:
            self.values.append((self._select, found.get("value", "")))
        elif tag == "textarea":
            self._textarea = found["name"]
            self.values.append((found["name"], ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[-1] = (self._textarea, self.values[-1][1] + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_values(html: str) -> MultiDict:
    parser = FormValues()
    parser.feed(html)
    return MultiDict(parser.values)


def post_page(client, page: str, data: dict[str, Any], query: str = "", **kwargs):
    """Post a page as a browser would: what the page shows, changed by ``data`` (a value None removes a name)."""
    html = client.get(page_url(page) + query).get_data(as_text=True)
    body = form_values(html)
    for name, value in data.items():
        body.poplist(name)
        if value is not None:
            body.setlist(name, value if isinstance(value, list) else [value])
    return client.post(page_url(page) + query, data=body, **kwargs)
