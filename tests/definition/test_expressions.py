"""The condition language: what it refuses at compile time (it must never run
arbitrary code) and what it means when evaluated over a half-filled form."""

from __future__ import annotations

import datetime as dt

import pytest

from framework.expressions import (
    FUNCTIONS,
    MAX_LENGTH,
    ExpressionError,
    compile_expression,
    today,
    umur,
)

NAMES = {"nama", "status", "tanggal_lahir", "tanggal_nikah", "kembar", "jumlah", "pilihan"}


def refused(source: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, NAMES)
    return caught.value


# --- safety ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "code", "offset"),
    [
        ("__import__('os').system('ls')", "EXPR_FORBIDDEN", 0),  # the attribute call is refused first
        ("__import__('os')", "EXPR_UNKNOWN_FUNCTION", 0),
        ("().__class__.__bases__[0].__subclasses__()", "EXPR_FORBIDDEN", 0),
        ("nama.__class__", "EXPR_FORBIDDEN", 0),
        ("open('x')", "EXPR_UNKNOWN_FUNCTION", 0),
        ("eval('1')", "EXPR_UNKNOWN_FUNCTION", 0),
        ("getattr(nama, 'upper')", "EXPR_UNKNOWN_FUNCTION", 0),
        ("(lambda: 1)()", "EXPR_FORBIDDEN", 0),
        ("lambda: 1", "EXPR_FORBIDDEN", 0),
        ("[c for c in nama]", "EXPR_FORBIDDEN", 0),
        ("{c: 1 for c in nama}", "EXPR_FORBIDDEN", 0),
        ("any(c for c in nama)", "EXPR_FORBIDDEN", 0),  # an aggregate takes `group.field`, not a comprehension
        ("nama.upper() == 'X'", "EXPR_FORBIDDEN", 0),
        ("nama[0] == 'x'", "EXPR_FORBIDDEN", 0),
        ("f'{nama}' == 'x'", "EXPR_FORBIDDEN", 0),
        ("jumlah ** 2 > 1", "EXPR_FORBIDDEN", 7),  # at the operator
        ("9 ** 9 ** 9 ** 9", "EXPR_FORBIDDEN", 2),
        ("(x := 1)", "EXPR_FORBIDDEN", 1),
        ("1 << 100000000", "EXPR_FORBIDDEN", 2),
        ("{'a': 1}", "EXPR_FORBIDDEN", 0),
        ("b'x' == nama", "EXPR_FORBIDDEN", 0),
        ("len(*pilihan)", "EXPR_FORBIDDEN", 0),
        ("upper(s=nama)", "EXPR_FORBIDDEN", 0),
        ("__builtins__", "EXPR_UNKNOWN_NAME", 0),
        ("today == 1", "EXPR_UNKNOWN_NAME", 0),
        ("import os", "EXPR_SYNTAX", 0),
        ("nama == 'x'; 1", "EXPR_SYNTAX", 11),
        ("-" * 500 + "1", "EXPR_SYNTAX", 0),
        ("(" * 300 + "1" + ")" * 300, "EXPR_SYNTAX", 200),  # Python stops at the 201st parenthesis
        ("nama == '" + "x" * MAX_LENGTH + "'", "EXPR_SYNTAX", 0),
    ],
)
def test_refused_at_compile_time(source, code, offset):
    error = refused(source)
    assert (error.code, error.offset) == (code, offset), error.message


def test_messages_say_what_to_do():
    assert "`and` / `or`" in refused("status == 'A' && kembar").message
    assert "`==`" in refused("status = 'A'").message
    assert refused("statsu == 'A'").message == "`statsu` is not a field of this service; did you mean `status`?"
    assert "allowed: today(), umur()" in refused("now()").message
    assert refused("umur()").message == "`umur()` takes 1 argument(s), not 0"
    assert "longer than 1000" in refused("x" * 1001).message


@pytest.mark.parametrize(
    ("source", "offset", "message"),
    [
        ("status is 'A'", 7, "`is` is not allowed in a condition; write `==`"),
        ("status is not 'A'", 7, "`is not` is not allowed in a condition; write `!=`"),
        ("(status == 'A') & kembar", 16, "`&` is not allowed in a condition; write `and`"),
        ("kembar | kembar", 7, "`|` is not allowed in a condition; write `or`"),
        ("~kembar", 0, "`~` is not allowed in a condition; write `not`"),
        ("jumlah // 2 > 1", 7, "`//` is not allowed in a condition; write `/`"),
        ("status in {'A', 'B'}", 10, "`{...}` is not allowed; write a list: `['A', 'B']`"),
    ],
)
def test_an_operator_python_has_is_named_by_its_symbol(source, offset, message):
    """`is` was refused as "`Is` is not allowed": Python's class name, not what the author typed."""
    error = refused(source)
    assert (error.code, error.offset, error.message) == ("EXPR_FORBIDDEN", offset, message)
    assert error.text.id.startswith(message.split(" ")[0])


@pytest.mark.parametrize("source", [None, 1, ["a"], {"a": 1}])
def test_a_condition_is_text(source):
    assert refused(source).code == "EXPR_SYNTAX"


def test_empty_condition():
    assert refused("   ").message == "the condition is empty"


def test_repetition_cannot_exhaust_memory():
    # refused by the evaluator (simpleeval's safe multiplication): undecidable, not 1 GB of text
    assert compile_expression("'a' * 1000000000 == nama", NAMES).evaluate({"nama": "a"}) is None
    assert compile_expression("len([1] * 1000000000) > 0", NAMES).evaluate({}) is None


# --- meaning --------------------------------------------------------------------------


def years_ago(years: int, days: int = 0) -> dt.date:
    now = today()
    return (
        now.replace(year=now.year - years) + dt.timedelta(days=days)
        if not (now.month == 2 and now.day == 29)
        else dt.date(now.year - years, 3, 1)
    )


def test_today_is_the_date_in_indonesia():
    from zoneinfo import ZoneInfo

    assert today() == dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
    assert compile_expression("today()", NAMES).evaluate({}) == today()


def test_umur_counts_whole_years():
    assert umur(years_ago(17)) == 17
    assert umur(years_ago(17, days=1)) == 16  # the birthday is tomorrow
    assert umur(years_ago(17).isoformat()) == 17  # an ISO text is read as a date
    assert umur(None) is None and umur("bukan tanggal") is None


def test_age_condition():
    adult = compile_expression("umur(tanggal_lahir) >= 17", NAMES)
    assert adult.holds({"tanggal_lahir": years_ago(17)})
    assert not adult.holds({"tanggal_lahir": years_ago(16)})
    assert adult.evaluate({}) is None and not adult.holds({})  # not answered yet: undecided


def test_selisih_hari():
    condition = compile_expression("selisih_hari(tanggal_lahir, tanggal_nikah) < 0", NAMES)
    assert condition.holds({"tanggal_lahir": dt.date(2024, 1, 1), "tanggal_nikah": dt.date(2024, 1, 2)})
    assert (
        compile_expression("selisih_hari(tanggal_lahir, tanggal_nikah)", NAMES).evaluate(
            {"tanggal_lahir": dt.date(2024, 3, 1), "tanggal_nikah": dt.date(2024, 2, 1)}
        )
        == 29
    )
    assert condition.evaluate({"tanggal_lahir": dt.date(2024, 1, 1)}) is None


def test_future_date_rule():
    rule = compile_expression("tanggal_lahir > today()", NAMES)
    assert rule.holds({"tanggal_lahir": today() + dt.timedelta(days=1)})
    assert not rule.holds({"tanggal_lahir": today()})
    assert rule.evaluate({}) is None


def test_comparisons_with_a_missing_answer():
    assert compile_expression("status == 'KAWIN'", NAMES).evaluate({}) is False
    assert compile_expression("jumlah > 3", NAMES).evaluate({"jumlah": None}) is None
    assert compile_expression("status != 'KAWIN'", NAMES).evaluate({}) is True


def test_in_lists():
    married = compile_expression("status in ['KAWIN', 'CERAI HIDUP']", NAMES)
    assert married.holds({"status": "KAWIN"}) and not married.holds({"status": "BELUM KAWIN"}) and not married.holds({})
    chosen = compile_expression("'ktp' in pilihan", NAMES)
    assert chosen.holds({"pilihan": ["kk", "ktp"]}) and not chosen.holds({"pilihan": []})
    assert chosen.evaluate({}) is None  # `in` of nothing cannot be decided
    assert compile_expression("status not in ('A', 'B')", NAMES).holds({"status": "C"})


def test_boolean_logic_and_literals():
    twins = compile_expression("kembar == true and jumlah >= 2", NAMES)
    assert twins.holds({"kembar": True, "jumlah": 2}) and not twins.holds({"kembar": False, "jumlah": 2})
    assert compile_expression("not kembar or nama == null", NAMES).holds({"kembar": False, "nama": "x"})
    assert compile_expression("true", NAMES).holds({}) and compile_expression(True, NAMES).holds({})


def test_text_functions():
    assert compile_expression("lower(nama) == 'budi'", NAMES).holds({"nama": "BUDI"})
    assert compile_expression("upper(nama) == 'BUDI'", NAMES).holds({"nama": "budi"})
    assert compile_expression("len(nama) < 3", NAMES).holds({})  # nothing typed has length 0
    assert compile_expression("tanggal('2024-01-01') < tanggal_lahir", NAMES).holds(
        {"tanggal_lahir": dt.date(2024, 5, 1)}
    )


def test_only_the_names_used_are_kept():
    expression = compile_expression("status == 'KAWIN' and umur(tanggal_lahir) >= 17", NAMES)
    assert expression.names == frozenset({"status", "tanggal_lahir"})


def test_the_allow_list_is_small_and_documented():
    assert set(FUNCTIONS) == {"today", "umur", "selisih_hari", "tanggal", "len", "lower", "upper"}
