"""The catalog build: the warm-start cache, the compiled-schema fast path and the
YAML fast path give the same verdicts as the slow, thorough ones."""

from __future__ import annotations

import pickle

import pytest
from defhelpers import CONTEXT, MINIMAL, REFERENCE_EXAMPLE, Checker, mutate, with_fields
from jsonschema import Draft202012Validator

from framework.definition import load_catalog
from framework.definition.load import load_text
from framework.definition.normalize import rejoin_split_texts
from framework.definition.parsers import construct, fast_load_quoting, pure_compose
from framework.definition.shape import (
    FAST_SCHEMA_MIN_FILES,
    SCHEMAS,
    fast_validator,
    shape_problems,
)


def test_cache_serves_the_same_catalog_and_notices_a_change(tmp_path):
    check = Checker(tmp_path / "definitions")
    check.write("contoh.yaml", MINIMAL)
    cache = tmp_path / "cache"
    first = load_catalog(check.root, context=CONTEXT, cache_dir=cache)
    assert len(list(cache.glob("catalog-*.pickle"))) == 1
    second = load_catalog(check.root, context=CONTEXT, cache_dir=cache)
    assert (
        second.specs == first.specs
        and second.specs["adminduk.contoh"].content_hash == first.specs["adminduk.contoh"].content_hash
    )
    check.write("contoh.yaml", mutate(MINIMAL, {"version: 1": "version: 2"}))
    third = load_catalog(check.root, context=CONTEXT, cache_dir=cache)
    assert third.specs["adminduk.contoh"].version == 2
    assert len(list(cache.glob("catalog-*.pickle"))) == 1  # the stale one was replaced


def test_a_compiled_spec_survives_pickling(tmp_path):
    catalog = load_catalog(Checker(tmp_path / "definitions").root, [REFERENCE_EXAMPLE], context=CONTEXT)
    spec = catalog.specs["adminduk.akta-kelahiran"]
    again = pickle.loads(pickle.dumps(spec))
    assert again == spec and again.notify["issued"] == ("inbox", "email")
    assert again.field("saudara_kembar").when.holds({"kembar": True})


def test_a_broken_cache_is_rebuilt(tmp_path):
    check = Checker(tmp_path / "definitions")
    check.write("contoh.yaml", MINIMAL)
    cache = tmp_path / "cache"
    load_catalog(check.root, context=CONTEXT, cache_dir=cache)
    for stale in cache.glob("catalog-*.pickle"):
        stale.write_bytes(b"not a pickle")
    assert "adminduk.contoh" in load_catalog(check.root, context=CONTEXT, cache_dir=cache).specs


def test_many_files_take_the_compiled_schema_and_still_report_every_error(tmp_path):
    check = Checker(tmp_path / "definitions")
    for number in range(FAST_SCHEMA_MIN_FILES):
        check.write(f"s{number:02d}.yaml", mutate(MINIMAL, {"adminduk.contoh": f"adminduk.contoh-{number:02d}"}))
    check.write(
        "rusak.yaml",
        mutate(
            MINIMAL, {"adminduk.contoh": "adminduk.rusak", "version: 1": "version: satu", "type: text": "type: txt"}
        ),
    )
    catalog = load_catalog(check.root, context=CONTEXT)
    assert len(catalog.specs) == FAST_SCHEMA_MIN_FILES
    assert [(e.code, e.line, e.col) for e in catalog.errors] == [("WRONG_TYPE", 2, 10), ("BAD_VALUE", 16, 15)]


# Definitions whose shape is wrong in different ways: the compiled validator must refuse each.
INVALID = [
    mutate(replace={"version: 1": "version: satu"}),
    mutate(replace={"version: 1": "version: true"}),
    mutate(replace={"version: 1": "version: 0"}),
    mutate(replace={"type: text": "type: txt"}),
    mutate(replace={"- id: nama": "- id: Nama"}),
    mutate(replace={"- id: nama": "- id: " + "n" * 65}),
    mutate(replace={"actions: [approve, reject]": "actions: []"}),
    mutate(replace={"actions: [approve, reject]": "actions: [approve, approve]"}),
    mutate(replace={"title: {id: Contoh, en: Example}": "title: {id: Contoh, en: Example, fr: Exemple}"}),
    mutate(replace={"title: {id: Contoh, en: Example}": "title: {en: Example}"}),
    mutate(replace={"title: {id: Contoh, en: Example}": "title: ''"}),
    mutate(replace={"title: {id: Contoh, en: Example}": "title: 12"}),
    mutate(drop=("title: {id: Contoh, en: Example}\n",)),
    mutate(replace={"  fee: 0": "  fee: -1"}),
    mutate(replace={"  fee: 0": "  fee: gratis"}),
    with_fields("        requird: true\n"),
    with_fields("        options: {}\n"),
    with_fields("        repeat: {min: 1}\n"),
    with_fields("        level: desa\n"),
    MINIMAL + "notify:\n  submited: [inbox]\n",
    MINIMAL + "notify:\n  submitted: [inbox, inbox]\n",
    MINIMAL + "prefill:\n  Pemohon: {source: ikd, by: applicant}\n",
    MINIMAL + "prefill:\n  pemohon: {source: ikd, by: nik}\n",
    MINIMAL + "documents:\n  - {id: ktp, label: KTP, accept: [docx], max_mb: 1}\n",
    MINIMAL + "rules:\n  - {when: nama == 'x', message: Salah, field: Nama}\n",
    MINIMAL + "region: 7312\n",
    "service: adminduk.varian\nversion: 1\nextends: adminduk.contoh\nremove: [1]\n",
]

VALID = [
    MINIMAL,
    mutate(replace={"title: {id: Contoh, en: Example}": "title: Contoh"}),
    mutate(replace={"  fee: 0": "  fee: 2500.5"}),
    with_fields(
        "      - {id: jk, type: choice, label: {id: JK, en: Sex}, options: {L: {id: Laki-laki, en: Male}, 1: Satu}}\n"
    ),
    "service: adminduk.varian\nversion: 1\nextends: adminduk.contoh\nregion: '73.12'\nremove: [nama]\n",
    REFERENCE_EXAMPLE.read_text(encoding="utf-8"),
]


@pytest.mark.parametrize("text", INVALID)
def test_compiled_schema_refuses_what_jsonschema_refuses(text):
    data = load_text(text).data
    assert list(shape_problems(data)), "jsonschema should find a problem"
    assert fast_validator()(data) is False


@pytest.mark.parametrize("text", VALID)
def test_compiled_schema_accepts_what_jsonschema_accepts(text):
    data = load_text(text).data
    list(rejoin_split_texts(data))  # as the catalog does before the schema
    assert list(shape_problems(data)) == []
    assert fast_validator()(data) is True


def test_fast_and_pure_yaml_give_the_same_data():
    text = REFERENCE_EXAMPLE.read_text(encoding="utf-8").replace(
        "{id: Kelahiran kembar?, en: Multiple birth?}", "{id: 'Kelahiran kembar?', en: 'Multiple birth?'}"
    )
    text += (
        "extra:\n  numbers: [1, -2, 0x1F, 0o17, 1.5, .inf, 1e3]\n  flags: [true, "
        "false, null, ~, yes, no]\n  dates: [2024-01-02, '2024-01-02']\n  empty:\n"
    )
    fast = load_text(text)
    assert (fast.parser, fast.quoted) == ("libyaml", None)
    assert fast.data == construct(pure_compose(text))
    assert fast.data["extra"] == {
        "numbers": [1, -2, 31, 15, 1.5, float("inf"), 1000.0],
        "flags": [True, False, None, None, "yes", "no"],
        "dates": ["2024-01-02", "2024-01-02"],
        "empty": None,
    }


def test_reference_example_stays_on_libyaml_by_quoting_its_question_marks():
    text = REFERENCE_EXAMPLE.read_text(encoding="utf-8")
    loaded = load_text(text)
    assert loaded.ok and loaded.parser == "libyaml" and loaded.quoted is not None
    assert loaded.data == construct(pure_compose(text))
    assert loaded.data["pages"][1]["fields"][4]["label"] == {"id": "Kelahiran kembar?", "en": "Multiple birth?"}


def test_problems_on_a_quoted_line_are_located_in_the_authors_columns(tmp_path):
    text = REFERENCE_EXAMPLE.read_text(encoding="utf-8").replace("en: Multiple birth?}", "en: Multiple birth?, xx: y}")
    check = Checker(tmp_path / "definitions")
    unknown = [e for e in check(text) if e.code == "UNKNOWN_KEY"]
    # line 75: `        label: {id: Kelahiran kembar?, en: Multiple birth?, ` is 60 characters
    assert [(e.line, e.col) for e in unknown] == [(75, 61)], unknown


def test_what_cannot_be_quoted_takes_the_pure_fallback():
    loaded = load_text(mutate(replace={"title: {id: Contoh, en: Example}": "title: {id: Nomor#1?, en: Number#1?}"}))
    assert loaded.ok and loaded.parser == "pure"
    assert loaded.data["title"] == {"id": "Nomor#1?", "en": "Number#1?"}


@pytest.mark.parametrize(
    "text",
    [
        'a: [x?, "y?", it\'s ok?, {k?: v, w: z?}]  # why?\nb: c?\n',
        "t: {id: Apa? Ya!, en: What? Yes!}\n",
        "t: {id: 'Sudah?', en: Done?}\n",
        "l:\n  - {id: Satu?, en: One?}\n  - {id: Dua?, en: Two?}\n",
        "h: Apa [opsional]?\n",
        "r: [\n  Apa?, Siapa?\n]\n",
        "r: {\n  id: Apa?,\n  en: What?\n}\n",
        "r: [a, [b?, {c: d?}]]\n",
    ],
)
def test_quoting_for_libyaml_keeps_every_string(text):
    data, _nodes, read, added = fast_load_quoting(text)
    assert data == construct(pure_compose(text))
    # every added quote is mapped back: the author's text is the quoted one minus the added characters
    for row, line in enumerate(read.split("\n")):
        kept = "".join(char for column, char in enumerate(line) if (row, column) not in set(added))
        assert kept == text.split("\n")[row]


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_each_meta_schema_is_a_valid_json_schema(kind):
    """Checked here rather than when the validator is made: a broken schema fails the tests, not a user's check."""
    Draft202012Validator.check_schema(SCHEMAS[kind]())


def test_a_definition_rebuilt_from_its_pinned_text_offers_its_options_as_written():
    """An application is pinned to the canonical text; a sorted text offered "Keluar" before "Masuk"."""
    import json

    from framework.core.settings import definitions_dir
    from framework.definition.model import build_spec, canonical_json

    catalog = load_catalog(definitions_dir())
    spec = catalog.specs["adminduk.kk"]
    pinned = build_spec(json.loads(spec.canonical), catalog.codelists)
    change = next(child for child in pinned.field("anggota").fields if child.id == "perubahan")
    assert [option.code for option in change.options] == ["MASUK", "KELUAR"]  # as kk.yaml writes them
    assert pinned.content_hash == spec.content_hash
    # the order of keys is formatting (the same text), the order of options is meaning (another text)
    assert canonical_json({"b": 1, "a": {"options": {"Y": 1, "X": 2}}}) == canonical_json(
        {"a": {"options": {"Y": 1, "X": 2}}, "b": 1}
    )
    assert canonical_json({"options": {"Y": 1, "X": 2}}) != canonical_json({"options": {"X": 2, "Y": 1}})


def test_a_file_saved_with_an_upper_case_suffix_is_part_of_the_catalog(tmp_path):
    """`contoh.YAML` (as Windows often saves it) was skipped while `mpp validate` said all was valid."""
    check = Checker(tmp_path / "definitions")
    check.write("contoh.YAML", MINIMAL)
    check.write("lain.Yml", mutate(MINIMAL, {"adminduk.contoh": "adminduk.lain"}))
    check.write("catatan.txt", "not a definition")
    loaded = load_catalog(check.root, context=CONTEXT)
    assert loaded.ok and sorted(loaded.specs) == ["adminduk.contoh", "adminduk.lain"]


def test_a_process_running_older_checker_code_does_not_write_the_cache(tmp_path, monkeypatch):
    """A server started before the checker changed cached its old verdict under the new code's key."""
    import framework.definition.catalog as catalog_module

    check = Checker(tmp_path / "definitions")
    check.write("contoh.yaml", MINIMAL)
    cache = tmp_path / "cache"
    monkeypatch.setattr(catalog_module, "_LOADED_CODE", "the code as it was when this process started")
    assert load_catalog(check.root, context=CONTEXT, cache_dir=cache).ok
    assert list(cache.glob("catalog-*.pickle")) == []
    monkeypatch.undo()
    load_catalog(check.root, context=CONTEXT, cache_dir=cache)
    assert len(list(cache.glob("catalog-*.pickle"))) == 1


def test_a_file_outside_the_working_folder_is_named_by_its_absolute_path(tmp_path, monkeypatch):
    """`mpp validate /tmp/x/kk.yaml` from the checkout named the file `../../tmp/x/kk.yaml`."""
    from framework.definition.catalog import display_name

    inside = tmp_path / "work"
    inside.mkdir()
    monkeypatch.chdir(inside)
    assert display_name(inside / "definitions" / "kk.yaml") == "definitions/kk.yaml"
    assert display_name(tmp_path / "elsewhere" / "kk.yaml") == str(tmp_path / "elsewhere" / "kk.yaml")


def test_a_second_file_of_one_service_reports_its_own_problems_too(tmp_path):
    """Two drafts side by side: the second said only DUPLICATE_ID, hiding its broken condition."""
    check = Checker(tmp_path / "definitions")
    check.write("a.yaml", MINIMAL)
    broken = MINIMAL + "rules:\n  - when: nama = 'x'\n    message: {id: Salah, en: Wrong}\n"
    check.write("b.yaml", broken)
    found = {(error.file.rsplit("/", 1)[-1], error.code) for error in load_catalog(check.root, context=CONTEXT).errors}
    assert found == {("b.yaml", "DUPLICATE_ID"), ("b.yaml", "EXPR_SYNTAX")}
