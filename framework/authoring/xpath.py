"""XLSForm's XPath → the condition language, for the subset that means the same in both.

``${umur} >= 17 and selected(${syarat}, 'ktp')`` → ``umur >= 17 and 'ktp' in syarat``.
The tree ``xpath_parse`` reads is written out by a translator that knows the
form's fields (a ``selected()`` is ``in`` on a multiple choice but ``==`` on
a single one; ``${penghasilan}`` inside ``sum()`` is ``anggota.penghasilan``).
Anything outside the subset raises :class:`XPathError` with the column and
what to write instead, never a guess. ``negated`` turns a constraint (what
must hold) into a rule's mistake. The way back is ``xpath_out``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from framework.authoring.xpath_parse import Binary, Call, Literal, Negative, Node, Ref, XPathError, chain, parse_xpath
from framework.core.text import Text, msg


@dataclass(frozen=True)
class Symbol:
    """A name of the form, as conditions see it."""

    name: str
    type: str  # the definition's field type; "group" for a group or repeat; "page" or "document"
    container: str | None = None  # the group or repeat the field is in
    container_repeats: bool = False
    repeats: bool = False  # a repeating group itself


@dataclass
class Context:
    """Where a condition is: the form's names, the row's group, the question `.` stands for."""

    symbols: Mapping[str, Symbol]
    scope: str | None = None  # the group or repeat of the row that holds the condition
    current: str | None = None  # the name `.` stands for (a constraint)
    row_prefix: bool = False  # inside any(): the scope's fields are `group.field`
    in_aggregate: str | None = field(default=None)  # the repeat an aggregate reads


# (Python precedence of what a node becomes; higher binds tighter)
PRECEDENCE = {
    "or": 1,
    "and": 2,
    "not": 3,
    "compare": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "div": 6,
    "mod": 6,
    "neg": 7,
    "atom": 8,
}
COMPARE = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
ARITHMETIC = {"+": "+", "-": "-", "*": "*", "div": "/", "mod": "%"}
BOOLEAN_WORDS = {
    "true": True,
    "1": True,
    "yes": True,
    "ya": True,
    "false": False,
    "0": False,
    "no": False,
    "tidak": False,
}
# XPath functions without a counterpart, and what to do instead
ADVICE: dict[str, Text] = {
    "now": msg("pakai `today()`", "use `today()`"),
    "regex": msg(
        "`regex(., '...')` hanya boleh sebagai seluruh `constraint` (menjadi `pattern:` kolom teks)",
        "`regex(., '...')` can only be a whole `constraint` (it becomes the text field's `pattern:`)",
    ),
    "contains": msg("pakai `pattern:` pada kolom teks", "use a `pattern:` on the text field"),
    "starts-with": msg("pakai `pattern:` pada kolom teks", "use a `pattern:` on the text field"),
    "position": msg(
        "kondisi tidak menunjuk satu baris; pakai any()/all() di kolom `mpp_relevant` atau `mpp_rule`",
        "conditions do not address one row; use any()/all() in the `mpp_relevant` or `mpp_rule` column",
    ),
    "indexed-repeat": msg(
        "kondisi tidak menunjuk satu baris; pakai any()/all() di kolom `mpp_relevant`",
        "conditions do not address one row; use any()/all() in the `mpp_relevant` column",
    ),
    "format-date": msg(
        "bandingkan tanggal langsung, atau pakai `umur()`/`selisih_hari()` di kolom `mpp_relevant`",
        "compare dates directly, or use `umur()`/`selisih_hari()` in the `mpp_relevant` column",
    ),
    "decimal-date-time": msg(
        "bandingkan tanggal langsung, atau pakai `umur()`/`selisih_hari()` di kolom `mpp_relevant`",
        "compare dates directly, or use `umur()`/`selisih_hari()` in the `mpp_relevant` column",
    ),
}
ANYTHING_ELSE = msg(
    "tulis kondisi ini dalam bahasa kondisi di kolom `mpp_relevant` (syarat tampil) atau `mpp_rule` "
    "(aturan: pesannya muncul bila kondisi terpenuhi); lihat docs/authoring.md",
    "write this condition in the condition language in the `mpp_relevant` column (when shown) or `mpp_rule` "
    "(a rule: its message shows when the condition holds); see docs/authoring.md",
)


@dataclass(frozen=True)
class Out:
    """Condition text and how tightly it binds (for parentheses)."""

    text: str
    precedence: int


def wrap(out: Out, at_least: int) -> str:
    return out.text if out.precedence >= at_least else f"({out.text})"


class Translator:
    """One XPath tree → condition text, over a form's :class:`Symbol` table."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def condition(self, node: Node) -> str:
        return self.emit(node).text

    def emit(self, node: Node) -> Out:
        handler: Callable[[Node], Out] = getattr(self, f"_{type(node).__name__.lower()}")
        return handler(node)

    # --- leaves

    def _literal(self, node: Literal) -> Out:
        if isinstance(node.value, str):
            return Out(quote(node.value), PRECEDENCE["atom"])
        return Out(repr(node.value), PRECEDENCE["atom"])

    def _ref(self, node: Ref) -> Out:
        return Out(self.name(node), PRECEDENCE["atom"])

    def symbol(self, node: Ref) -> Symbol:
        name = node.name if node.name is not None else self.context.current
        if name is None:
            raise XPathError(
                msg(
                    "`.` berarti pertanyaan itu sendiri dan hanya bermakna dalam `constraint`; tulis `${nama}`",
                    "`.` means the question itself and only makes sense in a `constraint`; write `${name}`",
                ),
                node.offset,
            )
        found = self.context.symbols.get(name)
        if found is None:
            close = _close(name, self.context.symbols)
            raise XPathError(
                msg(f"tidak ada pertanyaan bernama `{name}`", f"there is no question named `{name}`") + close,
                node.offset,
            )
        return found

    def name(self, node: Ref) -> str:
        """The condition's name for a reference, by where the field is and where the condition is."""
        found = self.symbol(node)
        if found.type in ("page", "document"):
            raise XPathError(
                msg(
                    f"`{found.name}` bukan jawaban (halaman atau berkas); kondisi membaca jawaban",
                    f"`{found.name}` is not an answer (a page or a file); conditions read answers",
                ),
                node.offset,
            )
        if found.container is None or (found.container == self.context.scope and not self.context.row_prefix):
            return found.name
        if found.container_repeats and found.container in (self.context.in_aggregate, self.context.scope):
            return f"{found.container}.{found.name}"
        if found.container_repeats:
            raise XPathError(
                msg(
                    f"`{found.name}` ada di dalam pengulangan `{found.container}`; di luarnya baca dengan "
                    f"sum(), count(), min() atau max(), mis. `sum(${{{found.name}}})`",
                    f"`{found.name}` is inside the repeat `{found.container}`; outside it, read it with "
                    f"sum(), count(), min() or max(), e.g. `sum(${{{found.name}}})`",
                ),
                node.offset,
            )
        raise XPathError(
            msg(
                f"`{found.name}` ada di dalam kelompok `{found.container}`; bahasa kondisi membaca kolom kelompok "
                "hanya di dalam kelompok itu: pindahkan pertanyaan ke luar kelompok",
                f"`{found.name}` is inside the group `{found.container}`; the condition language reads a group's "
                "fields only inside that group: move the question out of the group",
            ),
            node.offset,
        )

    # --- operators

    def _negative(self, node: Negative) -> Out:
        return Out(f"-{wrap(self.emit(node.operand), PRECEDENCE['neg'])}", PRECEDENCE["neg"])

    def _binary(self, node: Binary) -> Out:
        listed = self.membership(node)
        if listed is not None:
            return listed
        if node.op in ("and", "or"):
            level = PRECEDENCE[node.op]
            left, right = self.emit(node.left), self.emit(node.right)
            return Out(f"{wrap(left, level)} {node.op} {wrap(right, level + 1)}", level)
        if node.op in COMPARE:
            return self.comparison(node)
        level = PRECEDENCE[node.op]
        left, right = self.emit(node.left), self.emit(node.right)
        return Out(f"{wrap(left, level)} {ARITHMETIC[node.op]} {wrap(right, level + 1)}", level)

    def membership(self, node: Binary) -> Out | None:
        """``${x} = 'a' or ${x} = 'b'`` → ``x in ['a', 'b']`` (and ``!=`` joined by ``and`` → ``not in``)."""
        wanted = {"or": ("=", "in"), "and": ("!=", "not in")}.get(node.op)
        if wanted is None:
            return None
        terms = chain(node, node.op)
        refs = {t.left.name for t in terms if isinstance(t, Binary) and isinstance(t.left, Ref)}
        simple = all(
            isinstance(t, Binary) and t.op == wanted[0] and isinstance(t.left, Ref) and isinstance(t.right, Literal)
            for t in terms
        )
        if not simple or len(refs) != 1 or None in refs:
            return None
        first = terms[0]
        assert isinstance(first, Binary) and isinstance(first.left, Ref)
        values = ", ".join(self.emit(t.right).text for t in terms if isinstance(t, Binary))
        return Out(f"{self.name(first.left)} {wanted[1]} [{values}]", PRECEDENCE["compare"])

    def comparison(self, node: Binary) -> Out:
        special = self.empty_or_boolean(node)
        if special is not None:
            return special
        level = PRECEDENCE["compare"]
        left, right = self.emit(node.left), self.emit(node.right)
        return Out(f"{wrap(left, level + 1)} {COMPARE[node.op]} {wrap(right, level + 1)}", level)

    def empty_or_boolean(self, node: Binary) -> Out | None:
        """``${x} = ''`` → ``x == null``; ``${ya_tidak} = 'true'`` on a boolean → ``ya_tidak == true``."""
        if node.op not in ("=", "!="):
            return None
        ref, value = (node.left, node.right) if isinstance(node.left, Ref) else (node.right, node.left)
        if not isinstance(ref, Ref) or not isinstance(value, Literal):
            return None
        if value.value == "":
            return Out(f"{self.name(ref)} {COMPARE[node.op]} null", PRECEDENCE["compare"])
        if self.symbol(ref).type in ("boolean", "declaration") and str(value.value).lower() in BOOLEAN_WORDS:
            word = "true" if BOOLEAN_WORDS[str(value.value).lower()] else "false"
            return Out(f"{self.name(ref)} {COMPARE[node.op]} {word}", PRECEDENCE["compare"])
        return None

    # --- functions

    def _call(self, node: Call) -> Out:
        handler = CALLS.get(node.name)
        if handler is None:
            advice = ADVICE.get(node.name, ANYTHING_ELSE)
            raise XPathError(
                msg(
                    f"fungsi XPath `{node.name}()` tidak ada padanannya; ",
                    f"XPath `{node.name}()` has no counterpart; ",
                )
                + advice,
                node.offset,
            )
        arity = CALL_ARITY[node.name]
        if len(node.args) != arity:
            raise XPathError(
                msg(
                    f"`{node.name}()` menerima {arity} argumen, bukan {len(node.args)}",
                    f"`{node.name}()` takes {arity} argument(s), not {len(node.args)}",
                ),
                node.offset,
            )
        return handler(self, node)

    def not_(self, node: Call) -> Out:
        """``not(${a} = 'x')`` → ``not (a == 'x')``: parentheses a reader needs, though Python would not."""
        return Out(f"not {wrap(self.emit(node.args[0]), PRECEDENCE['compare'] + 1)}", PRECEDENCE["not"])

    def selected(self, node: Call) -> Out:
        field_node, value = node.args
        if not isinstance(field_node, Ref):
            raise XPathError(
                msg("`selected()` membaca satu pertanyaan", "`selected()` reads one question"), node.offset
            )
        name, option = self.name(field_node), self.emit(value).text
        if self.symbol(field_node).type == "multichoice":
            return Out(f"{option} in {name}", PRECEDENCE["compare"])
        return Out(f"{name} == {option}", PRECEDENCE["compare"])

    def length(self, node: Call) -> Out:
        return Out(f"len({self.emit(node.args[0]).text})", PRECEDENCE["atom"])

    def if_(self, node: Call) -> Out:
        test, then, otherwise = (self.emit(a) for a in node.args)
        return Out(f"{wrap(then, 2)} if {wrap(test, 2)} else {wrap(otherwise, 1)}", 0)

    def aggregate(self, node: Call) -> Out:
        """``sum(${penghasilan})`` → ``sum(anggota.penghasilan)``; ``count(${anggota})`` → ``count(anggota)``."""
        argument = node.args[0]
        if not isinstance(argument, Ref):
            raise XPathError(
                msg(f"`{node.name}()` membaca satu pertanyaan", f"`{node.name}()` reads one question"), node.offset
            )
        found = self.symbol(argument)
        if node.name == "count" and found.repeats:
            return Out(f"count({found.name})", PRECEDENCE["atom"])
        if not found.container_repeats or found.container is None:
            raise XPathError(
                msg(
                    f"`{node.name}()` atas `{found.name}`: itu bukan pertanyaan di dalam pengulangan (`begin_repeat`)",
                    f"`{node.name}()` over `{found.name}`: it is not a question inside a repeat (`begin_repeat`)",
                ),
                argument.offset,
            )
        if node.name == "count":
            return Out(f"count({found.container})", PRECEDENCE["atom"])
        inner = Translator(
            Context(self.context.symbols, self.context.scope, self.context.current, False, found.container)
        )
        return Out(f"{node.name}({inner.name(argument)})", PRECEDENCE["atom"])


def quote(text: str) -> str:
    return f'"{text}"' if "'" in text else f"'{text}'"


def _close(name: str, symbols: Mapping[str, Symbol]) -> Text:
    from difflib import get_close_matches

    from framework.core.text import did_you_mean

    close = get_close_matches(name, sorted(symbols), n=1)
    return did_you_mean(close[0] if close else None)


def _constant(word: str) -> Callable[[Translator, Call], Out]:
    return lambda translator, node: Out(word, PRECEDENCE["atom"])


def _date(translator: Translator, node: Call) -> Out:
    argument = node.args[0]
    if not isinstance(argument, Literal) or not isinstance(argument.value, str):
        raise XPathError(
            msg("`date()` menerima teks `'YYYY-MM-DD'`", "`date()` takes a `'YYYY-MM-DD'` text"), node.offset
        )
    return Out(f"tanggal({quote(argument.value)})", PRECEDENCE["atom"])


CALLS: dict[str, Callable[[Translator, Call], Out]] = {
    "not": Translator.not_,
    "selected": Translator.selected,
    "count-selected": Translator.length,
    "string-length": Translator.length,
    "today": _constant("today()"),
    "date": _date,
    "true": _constant("true"),
    "false": _constant("false"),
    "if": Translator.if_,
    "sum": Translator.aggregate,
    "count": Translator.aggregate,
    "min": Translator.aggregate,
    "max": Translator.aggregate,
}
CALL_ARITY = {
    "not": 1,
    "selected": 2,
    "count-selected": 1,
    "string-length": 1,
    "today": 0,
    "date": 1,
    "true": 0,
    "false": 0,
    "if": 3,
    "sum": 1,
    "count": 1,
    "min": 1,
    "max": 1,
}


def to_condition(source: str, context: Context) -> str:
    """The condition-language text of XPath ``source``; :class:`XPathError` with a column otherwise."""
    return Translator(context).condition(parse_xpath(source))


# --- constraints: what must hold → the mistake a rule describes -----------------------------

INVERSE = {"=": "!=", "!=": "=", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
COUNTING = frozenset({"string-length", "count-selected", "count", "sum"})  # 0, not undecided, for an empty answer


def negated(node: Node) -> tuple[Node, bool]:
    """``not node`` as a tree, and whether it would hold for an empty answer (then it needs a guard).

    XLSForm checks a constraint only when the question is answered; a rule's
    condition is checked always, so ``. = 'a'`` becomes ``x != null and x != 'a'``.
    ``not(X)`` becomes ``X`` exactly (what `mpp export xlsform` writes).
    """
    if isinstance(node, Call) and node.name == "not" and len(node.args) == 1:
        return node.args[0], False
    if isinstance(node, Binary) and node.op in INVERSE:
        counts = any(isinstance(side, Call) and side.name in COUNTING for side in (node.left, node.right))
        return Binary(INVERSE[node.op], node.left, node.right, node.offset), INVERSE[node.op] == "!=" or counts
    if isinstance(node, Binary) and node.op in ("and", "or"):
        (left, left_guard), (right, right_guard) = negated(node.left), negated(node.right)
        return Binary("or" if node.op == "and" else "and", left, right, node.offset), left_guard or right_guard
    return Call("not", (node,), node.offset), True
