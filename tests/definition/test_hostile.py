"""Hostile input: refused with a located error, never a traceback, a hang or a crash.

Input that once crashed the process (libyaml recursing in C on deep nesting)
is loaded in a subprocess, so a regression shows as a failed
test rather than a dead test run.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from defhelpers import MINIMAL, at

from framework.core.settings import PROJECT_ROOT
from framework.definition.load import MAX_BYTES, load_bytes, load_text

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)


def only_error(loaded):
    assert loaded.data is None and len(loaded.errors) == 1, loaded.errors
    return loaded.errors[0]


@pytest.mark.parametrize(
    ("raw", "code", "line", "col"),
    [
        pytest.param(b"service: adminduk.contoh\ntitle: caf\xe9\n", "NOT_UTF8", 2, 11, id="latin-1"),
        pytest.param(b"\xff\xfes\x00e\x00", "NOT_UTF8", 1, 1, id="utf-16"),
        pytest.param(b"", "EMPTY_FILE", 1, 1, id="empty"),
        pytest.param(b"\n\n# only comments\n", "EMPTY_FILE", 1, 1, id="comments-only"),
        pytest.param(b"- service: a.b\n- version: 1\n", "NOT_A_MAPPING", 1, 1, id="top-level-list"),
        pytest.param(b"just a sentence\n", "NOT_A_MAPPING", 1, 1, id="top-level-text"),
        pytest.param(BILLION_LAUGHS.encode(), "ALIAS_NOT_ALLOWED", 2, 8, id="billion-laughs"),
        pytest.param(b"a: &x {b: 1}\nc:\n  <<: *x\n", "ALIAS_NOT_ALLOWED", 3, 7, id="merge-key"),
        pytest.param(b'service: !!python/object/apply:os.system ["echo pwned"]\n', "BAD_TAG", 1, 10, id="python-apply"),
        pytest.param(b"service: !!python/object:os.Popen {args: [ls]}\n", "BAD_TAG", 1, 10, id="python-object"),
        pytest.param(b"version: !!python/name:os.system ''\n", "BAD_TAG", 1, 10, id="python-name"),
        pytest.param(b"service: a.b\nversion: 1\nservice: c.d\n", "DUPLICATE_KEY", 3, 1, id="duplicate-key"),
        pytest.param(b"pages:\n  - {id: a, id: b}\n", "DUPLICATE_KEY", 2, 13, id="duplicate-flow-key"),
        pytest.param(b"a: " + b"[" * 100_000, "TOO_DEEP", 1, 44, id="deep-brackets"),
        pytest.param(b"title:\n\t id: x\n", "YAML_SYNTAX", 2, 1, id="tab-indent"),
        pytest.param(b"a: 1\n? [x, {y: 1}]\n: z\n", "YAML_SYNTAX", 2, 3, id="list-as-key"),
        pytest.param(b"a: {? {b: 1} : c}\n", "YAML_SYNTAX", 1, 7, id="mapping-as-key"),
        pytest.param(b"a: {id: Kembar?, en: x}\n? [x]\n: z\n", "YAML_SYNTAX", 2, 3, id="list-as-key-after-quoting"),
        pytest.param(b"title: x\npages:\n  - id: a\n    b: ca\x0cfe\n", "YAML_SYNTAX", 4, 10, id="form-feed"),
        pytest.param(b"title: x\nversion: 1\nsla: a\x00b\n", "YAML_SYNTAX", 3, 7, id="nul"),
        pytest.param("a:\n  b: 1\n\u00a0 c: 2\n  d: 3\n".encode(), "YAML_SYNTAX", 3, 1, id="nbsp-indent"),
        pytest.param("a:\n  b: 1\n  c:\u00a02\n  d: 3\n".encode(), "YAML_SYNTAX", 3, 5, id="nbsp-after-colon"),
    ],
)
def test_refused_with_a_located_error(raw, code, line, col):
    error = only_error(load_bytes(raw, "hostile.yaml"))
    assert (error.code, error.line, error.col) == (code, line, col), str(error)


def test_a_control_character_or_a_pasted_space_is_named_by_its_code():
    assert "U+000C" in only_error(load_bytes(b"a: ca\x0cfe\n", "x.yaml")).message
    assert "U+00A0" in only_error(load_bytes("a:\n  b: 1\n\u00a0 c: 2\n  d: 3\n".encode(), "x.yaml")).message


def test_an_alias_after_a_text_libyaml_stops_at_is_found():
    text = "title: {id: Kembar?, en: Twins?}\n" + BILLION_LAUGHS
    error = only_error(load_text(text))
    assert (error.code, error.line, error.col) == ("ALIAS_NOT_ALLOWED", 3, 8)


def test_duplicate_key_names_the_first_line():
    error = only_error(load_text("service: a.b\nversion: 1\nservice: c.d\n"))
    assert error.message == "key `service` appears twice in the same mapping (first at line 1); remove one"


def test_too_large_is_refused_before_parsing():
    raw = MINIMAL.encode() + b"#" * MAX_BYTES
    error = only_error(load_bytes(raw, "big.yaml"))
    assert (error.code, error.line, error.col) == ("FILE_TOO_LARGE", 1, 1)


def test_a_python_tag_is_never_constructed(tmp_path):
    marker = tmp_path / "pwned"
    only_error(load_text(f'service: !!python/object/apply:os.system ["touch {marker}"]\n'))
    assert not marker.exists()


def test_brackets_inside_texts_do_not_count_as_nesting():
    text = MINIMAL + "x: '" + "]" * 50 + "[" * 30 + "'\n"
    assert load_text(text).ok


@pytest.mark.parametrize(
    ("content", "line", "col"),
    [
        pytest.param("a: " + "[" * 100_000 + "\n", 1, 44, id="brackets-x100000"),
        pytest.param("a: " + "{a: " * 50_000 + "\n", 1, 164, id="braces-x50000"),
        pytest.param("- " * 100_000 + "x\n", 1, 81, id="block-lists-x100000"),
        pytest.param("a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 1300)), 41, 41, id="indentation-x1300"),
    ],
)
def test_deep_nesting_does_not_crash_the_process(tmp_path, content, line, col):
    path = tmp_path / "deep.yaml"
    path.write_text(content, encoding="utf-8")
    program = (
        "import sys; from framework.definition.load import load_file; "
        "print(*load_file(sys.argv[1], 'deep.yaml').errors, sep='\\n')"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]  # a crash (-11) or a traceback (1) fails here
    assert done.stdout.startswith(f"deep.yaml:{line}:{col}: TOO_DEEP ") and done.stdout.count("\n") == 1, done.stdout


# --- locating in linear time ------------------------------------------------------------


class _CountingList(list):
    """A node's list of children that counts every child read from it."""

    def __init__(self, items, counter):
        super().__init__(items)
        self.counter = counter

    def __iter__(self):
        for item in super().__iter__():
            self.counter[0] += 1
            yield item

    def __getitem__(self, index):
        self.counter[0] += 1
        return super().__getitem__(index)


def _counting(node, counter) -> None:
    """Make every list and mapping node of the tree count the children read from it."""
    if isinstance(node.value, list):
        node.value = _CountingList(node.value, counter)
        for item in list.__iter__(node.value):
            for part in item if isinstance(item, tuple) else (item,):
                _counting(part, counter)


def _children_read_to_locate_every_key(keys: int) -> int:
    """How many children of the node tree locating an unknown-key problem for each of ``keys`` keys reads."""
    from framework.definition.load import Locator

    text = "service: uji.contoh\nversion: 1\n" + "".join(f"k{number:06d}: 1\n" for number in range(keys))
    loaded = load_text(text)
    counter = [0]
    _counting(loaded.nodes, counter)
    locator = Locator(text, loaded.nodes)
    positions = [locator.locate((f"k{number:06d}",), at="key") for number in range(keys)]
    assert positions[-1] == (keys + 2, 1)
    return counter[0]


def test_locating_every_problem_reads_each_mapping_once():
    # The hostile file of issue 12 (90,000 unknown keys, 0.9 MB) took minutes: each problem searched
    # the mapping from its first key. Twice the keys must cost twice the work, not four times.
    small, large = _children_read_to_locate_every_key(1000), _children_read_to_locate_every_key(2000)
    assert small <= 3 * 1000, small
    assert large <= 2 * small + 10, (small, large)


def test_hints_are_offered_for_the_first_problems_of_a_file_only(check):
    from framework.core.text import HINTS_PER_FILE

    typos = "".join(f"servise{number}: 1\n" for number in range(HINTS_PER_FILE + 50))
    errors = check(MINIMAL + typos)
    hinted = [e for e in errors if "did you mean" in e.message]
    assert len(errors) == HINTS_PER_FILE + 50 and len(hinted) == HINTS_PER_FILE


def _names_fingerprinted(conditions: int, monkeypatch, check) -> int:
    """How many field names the checker hashes into condition scopes for a file of ``conditions`` conditions."""
    import framework.expressions as expressions

    counted = [0]
    real = expressions._fingerprint

    def counting(names):
        counted[0] += len(names)
        return real(names)

    monkeypatch.setattr(expressions, "_fingerprint", counting)
    expressions._compile.cache_clear()
    fields = "".join(
        f"      - {{id: f{n}, type: text, label: {{id: x, en: x}}, when: \"(f0 == '{n}')\"}}\n"
        for n in range(conditions)
    )
    anchor = "        label: {id: Nama, en: Name}\n"
    errors = check(MINIMAL.replace(anchor, anchor + fields))
    assert not [e for e in errors if e.severity == "error"], errors[:3]
    return counted[0]


def test_the_names_a_condition_may_use_are_built_once_per_service_not_per_condition(monkeypatch, check):
    # A hostile file of 13,000 conditions took minutes: the aggregate check built each condition's scope
    # (thousands of names, sorted and hashed) again. Twice the conditions must cost twice the work.
    small = _names_fingerprinted(200, monkeypatch, check)
    large = _names_fingerprinted(400, monkeypatch, check)
    assert small > 0 and large <= 2 * small + 50, (small, large)


def test_a_file_of_thousands_of_mistakes_lists_the_first_thousand_and_says_there_are_more(check):
    from framework.definition.catalog import MAX_PROBLEMS

    anchor = "        label: {id: Nama, en: Name}\n"
    fields = "".join(f"      - {{id: f{n}, type: text, label: {{id: x, en: x}}, kunci: 1}}\n" for n in range(1500))
    errors = check(MINIMAL.replace(anchor, anchor + fields))
    unknown = [e for e in errors if e.code == "UNKNOWN_KEY"]
    assert len(unknown) == MAX_PROBLEMS and unknown[0].line == 18  # the first mistakes, located
    more = [e for e in errors if e.code != "UNKNOWN_KEY"]
    at(more, "TOO_MANY_PROBLEMS", 1, 1)


def test_the_collector_is_paused_while_a_file_is_parsed_and_back_on_after(monkeypatch):
    import gc

    from framework.core.allocation import collection_paused
    from framework.definition import load as loading

    seen = []
    real = loading.fast_load_quoting

    def watching(text):
        seen.append(gc.isenabled())
        return real(text)

    monkeypatch.setattr(loading, "fast_load_quoting", watching)
    assert gc.isenabled()
    load_text(MINIMAL)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # a block that found it off leaves it off
    finally:
        gc.enable()
    with collection_paused(), collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_file_with_an_unknown_top_level_key_is_checked_without_compiling_the_fast_schema():
    from framework.definition.shape import fast_validator, shape_problems

    fast_validator.cache_clear()
    problems = list(shape_problems({"service": "a.b", "k00001": 1}, fast=True))
    assert "UNKNOWN_KEY" in {p.code for p in problems}
    assert fast_validator.cache_info().currsize == 0
