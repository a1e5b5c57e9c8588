"""`framework.authoring.document` and `builder_edits`: an edit at a path that holds nothing changes nothing.

The builder's views check a path before they edit (`existing_element`); a
second tab can still remove an element between that check and the edit, so
the tree itself never fails on a path that is gone.
"""

from __future__ import annotations

import pytest

from framework.authoring import builder_edits as edits
from framework.authoring.document import Document, DocumentError

SOURCE = """\
service: sosial.contoh
pages:
  - id: satu
    fields:
      - id: nama
        type: text
"""


@pytest.mark.parametrize("path", [("pages", 9999), ("pages", 0, "fields", 5), ("pages", 0, "fields", 0, "fields", 0)])
def test_moving_what_is_gone_moves_nothing(path):
    assert edits.move(SOURCE, path, -1) == (SOURCE, path)
    assert edits.move_to_page(SOURCE, path, 0) == (SOURCE, path)


def test_adding_under_a_page_that_is_gone_is_a_document_error():
    with pytest.raises(DocumentError):
        edits.add(SOURCE, ("pages", 99, "fields"), "field")
    with pytest.raises(DocumentError):
        Document.parse(SOURCE).mapping(("pages", 0, "fields", 0, "type", "x"))


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("pages.0", ("pages", 0)),
        ("pages.0.fields.2.fields.3", ("pages", 0, "fields", 2, "fields", 3)),
        ("steps.007", ("steps", 7)),
        ("pages.0\n", None),  # `$` let a trailing newline through
        ("pages." + "9" * 5000, None),  # past int()'s 4,300 digits
        ("pages.\u0663", None),
        ("pages.\u00b2", None),
        ("pages.99999999999999999999", None),
        ("pages", None),
    ],
)
def test_a_path_is_ascii_indexes_only(text, path):
    assert edits.parse_path(text) == path


def test_an_element_the_builder_writes_is_in_blocks_and_its_untouched_neighbours_keep_their_style():
    """`{id: x}` alone looks like a text, so a new element was written on one line and every later edit went inside
    it: a page became a 400-character line, and errors pointed at `gowa.yaml:11:452`."""
    from werkzeug.datastructures import MultiDict

    from framework.authoring.builder_edits import adapt, save_form

    one_line = "service: a\npages:\n  - {id: p, fields: [{id: nama, label: {id: Nama, en: Name}}, {id: umur}]}\n"
    form = MultiDict({"id": "umur", "type": "integer", "label_id": "Umur", "label_en": "Age", "max": "9"})
    assert save_form(one_line, "field", ("pages", 0, "fields", 1), form) == (
        "service: a\npages:\n  - id: p\n    fields:\n      - {id: nama, label: {id: Nama, en: Name}}\n"
        "      - id: umur\n        type: integer\n        label: {id: Umur, en: Age}\n        max: 9\n"
    )
    assert adapt("service: a\n", "step", "periksa")[0] == "service: a\nsteps:\n  - id: periksa\n"
