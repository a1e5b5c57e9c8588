"""Reading a served page the way assistive technology does: its title, each element's attributes, ids.

Why a parser and not substring checks: attribute order and spacing are not
part of what a screen reader gets, and a test asserting "the input named in
the error message's aria-describedby" must follow ids, not text.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

TEXT_KEPT = ("p", "caption", "h2", "label", "legend")  # and every element with an id
VOID = ("input", "img", "br", "hr", "meta", "link", "source")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""

    def described_by(self) -> list[str]:
        return self.attrs.get("aria-describedby", "").split()


class Page(HTMLParser):
    """``Page.read(html)``: the title, every element in order, elements by id (with their text)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.elements: list[Element] = []
        self.by_id: dict[str, Element] = {}
        self._open: list[Element] = []
        self._in_title = False

    @classmethod
    def read(cls, html: str) -> Page:
        page = cls()
        page.feed(html)
        return page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if "id" in element.attrs:
            assert element.attrs["id"] not in self.by_id, f"duplicate id {element.attrs['id']}"
            self.by_id[element.attrs["id"]] = element
        self._in_title = tag == "title"
        if tag in TEXT_KEPT or ("id" in element.attrs and tag not in VOID):
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        for element in self._open:
            element.text += data

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements of ``tag`` whose attributes include ``attrs`` (``class_`` for class, ``_`` for ``-``)."""
        wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
        return [e for e in self.elements if e.tag == tag and all(e.attrs.get(k) == v for k, v in wanted.items())]

    def described(self, element_id: str) -> str:
        """The text a screen reader adds after the control's name: its aria-describedby targets, in order."""
        return " ".join(" ".join(self.by_id[part].text.split()) for part in self.by_id[element_id].described_by())
