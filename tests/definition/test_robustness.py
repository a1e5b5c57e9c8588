"""Whatever an author types, the checker answers with located problems, never an exception.

Random edits of valid definitions (lines dropped, doubled, swapped, cut, and
characters YAML cares about inserted) go through the real pipeline.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from defhelpers import CONTEXT, MINIMAL, REFERENCE_EXAMPLE, Checker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framework.definition import load_catalog

SOURCES = [MINIMAL, REFERENCE_EXAMPLE.read_text(encoding="utf-8")]
NOISE = [
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "#",
    "&a ",
    "*a",
    "!",
    "|",
    ">",
    "?",
    "\t",
    "  ",
    "\n",
    "true",
    "0",
    "-1",
    "1.5",
    "~",
    "id: x",
    "when: ",
    "<<: ",
]


@st.composite
def edited(draw) -> str:
    lines = draw(st.sampled_from(SOURCES)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "swap", "cut", "insert"]))
        if action == "drop" and len(lines) > 1:
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif action == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))] + "\n"
        else:
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + draw(st.sampled_from(NOISE)) + lines[at][column:]
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_any_edit_gives_located_problems_or_a_spec(text):
    with tempfile.TemporaryDirectory() as folder:
        check = Checker(Path(folder) / "definitions")
        check.write("contoh.yaml", text)
        catalog = load_catalog(check.root, context=CONTEXT)
    lines = text.count("\n") + 1
    for error in catalog.errors:
        assert 1 <= error.line <= lines + 1 and error.col >= 1, str(error)
        assert error.message and error.code.isupper()
    assert catalog.specs or catalog.errors


VARIANT = """\
service: adminduk.contoh-soppeng
version: 1
extends: adminduk.contoh
region: "73.12"
standard:
  sla: 4h
  requirements: [{id: Surat RT, en: Letter}]
pages:
  - id: satu
    fields:
      - {id: telepon, type: phone, label: {id: Telepon, en: Phone}, after: nama, when: nama == 'x'}
      - id: nama
        required: true
  - id: tiga
    title: {id: Tiga, en: Three}
    before: satu
    fields:
      - {id: rt, type: text, label: {id: RT, en: RT}}
remove: [catatan]
documents:
  - {id: kk, label: {id: KK, en: Family card}, accept: [pdf], max_mb: 2, before: ktp}
steps:
  - {id: verifikasi, sla: 2h}
  - {id: kepala, title: {id: Kepala, en: Head}, role: kepala, sla: 2h, actions: [approve]}
rules:
  - {when: rt == '0', message: {id: Salah, en: Wrong}, field: rt}
"""

NATIONAL_FOR_VARIANTS = MINIMAL.replace(
    "        label: {id: Nama, en: Name}\n",
    "        label: {id: Nama, en: Name}\n      - {id: catatan, type: textarea, label: {id: Catatan, en: Notes}}\n",
) + ("documents:\n  - {id: ktp, label: {id: KTP, en: ID card}, accept: [pdf], max_mb: 2, required: true}\n")


@st.composite
def edited_variant(draw) -> str:
    lines = VARIANT.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "swap", "insert", "word"]))
        if action == "drop" and len(lines) > 1:
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif action == "word":
            words = [
                "nama",
                "catatan",
                "satu",
                "dua",
                "ktp",
                "verifikasi",
                "adminduk.contoh",
                "adminduk.contoh-soppeng",
                "1d",
                "0",
                "true",
                "false",
                "[]",
                "{}",
            ]
            lines[at] = lines[at].rstrip("\n").rsplit(" ", 1)[0] + " " + draw(st.sampled_from(words)) + "\n"
        else:
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + draw(st.sampled_from(NOISE)) + lines[at][column:]
    return "".join(lines)


def test_the_variant_before_editing_is_valid(tmp_path):
    check = Checker(tmp_path / "definitions")
    assert check(VARIANT, nasional=NATIONAL_FOR_VARIANTS) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_variant())
def test_any_edit_of_a_variant_gives_located_problems_or_a_spec(text):
    with tempfile.TemporaryDirectory() as folder:
        check = Checker(Path(folder) / "definitions")
        errors = check(text, nasional=NATIONAL_FOR_VARIANTS)
        catalog = load_catalog(check.root, context=CONTEXT)
    assert all(e.line >= 1 and e.col >= 1 and e.message for e in errors)
    if not text.startswith("service: adminduk.contoh\n"):  # unless the variant claims its id
        assert "adminduk.contoh" in catalog.specs  # the national service is never harmed by its variant
