"""`framework.authoring.builder_places`: a variant's own element moved where the merge puts it.

The order is checked against the merge itself (``variants.merge``): the
builder writes `before:` and the order of the own entries, and what the
citizen sees is what the author asked for, also where the file already
held hand-written placements.
"""

from __future__ import annotations

from framework.authoring import builder_edits as edits
from framework.authoring import builder_places as placing
from framework.definition.load import load_text
from framework.definition.variants import merge

TEMPLATE = {
    "pages": [{"id": "satu", "fields": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}, {"id": "dua", "fields": []}],
    "rules": [{"when": "false", "message": "x"}, {"id": "r2", "when": "false", "message": "y"}],
}


def merged_fields(source: str) -> list[str]:
    return [f["id"] for f in merge(TEMPLATE, load_text(source, "v.yaml").data)["pages"][0]["fields"]]


def variant(fields: str) -> str:
    return f"extends: contoh\npages:\n  - id: satu\n    fields:\n{fields}"


def test_moving_past_a_template_field_writes_before_and_moves_it_in_the_merged_form():
    source = variant("      - id: b\n        max_length: 3\n      - id: n1\n        type: text\n")
    assert merged_fields(source) == ["a", "b", "c", "n1"]
    moved, path = placing.move(source, ("pages", 0, "fields", 1), -1, TEMPLATE)
    assert merged_fields(moved) == ["a", "b", "n1", "c"] and "before: c" in moved and path == ("pages", 0, "fields", 1)
    moved, path = placing.move(moved, path, -1, TEMPLATE)
    assert merged_fields(moved) == ["a", "n1", "b", "c"]
    back, path = placing.move(placing.move(moved, path, 1, TEMPLATE)[0], path, 1, TEMPLATE)
    assert merged_fields(back) == ["a", "b", "c", "n1"] and "before" not in back


def test_an_adapted_field_does_not_move():
    source = variant("      - id: b\n        max_length: 3\n      - id: n1\n        type: text\n")
    assert placing.move(source, ("pages", 0, "fields", 0), 1, TEMPLATE) == (source, ("pages", 0, "fields", 0))
    assert placing.set_place(source, ("pages", 0, "fields", 0), "after:c", TEMPLATE) == source


def test_two_own_fields_swap_in_the_file_and_the_form():
    source = variant("      - id: n1\n        type: text\n      - id: n2\n        type: text\n")
    moved, path = placing.move(source, ("pages", 0, "fields", 1), -1, TEMPLATE)
    assert merged_fields(moved) == ["a", "b", "c", "n2", "n1"] and path == ("pages", 0, "fields", 0)


def test_a_hand_written_placement_that_would_drag_along_is_rewritten():
    """`n3: after: n1` follows n1 wherever n1 goes; moving n1 alone is written for every own field."""
    source = variant("      - id: n1\n        after: a\n      - id: n3\n        after: n1\n")
    assert merged_fields(source) == ["a", "n1", "n3", "b", "c"]
    moved, _path = placing.move(source, ("pages", 0, "fields", 0), -1, TEMPLATE)
    assert merged_fields(moved) == ["n1", "a", "n3", "b", "c"]
    assert "before: a" in moved and "before: b" in moved and "after" not in moved


def test_a_template_rule_without_an_id_cannot_be_named_so_nothing_moves_before_it():
    source = "extends: contoh\nrules:\n  - id: n\n    when: 'false'\n    message: z\n"
    moved, path = placing.move(source, ("rules", 0), -1, TEMPLATE)
    assert "before: r2" in moved
    slots = placing.order(TEMPLATE["rules"], load_text(moved, "v.yaml").data["rules"])
    assert not placing.can_move(TEMPLATE["rules"], slots, 1, -1)
    assert placing.move(moved, path, -1, TEMPLATE) == (moved, path)


def test_a_level_the_template_lacks_keeps_the_order_written():
    source = "extends: contoh\npages:\n  - id: baru\n    fields:\n      - id: x\n      - id: y\n"
    moved, path = placing.move(source, ("pages", 0, "fields", 1), -1, TEMPLATE)
    assert moved.index("id: y") < moved.index("id: x") and path == ("pages", 0, "fields", 0)
    assert placing.set_place(source, ("pages", 0, "fields", 0), "before:a", TEMPLATE) == source


def test_moving_a_field_to_another_page_drops_its_placement():
    """`before: c` named a field of the page it left: on the other page it was a BAD_POSITION error."""
    source = variant("      - id: n1\n        before: c\n") + "  - id: dua\n    fields: []\n"
    moved, path = edits.move_to_page(source, ("pages", 0, "fields", 0), 1)
    assert path == ("pages", 1, "fields", 0) and "before" not in moved
