"""What to write instead: the condition language's answers to the mistakes authors make.

A regional author trying the language wrote ``pilihan == lainnya dan umur >=
17`` and ``sum(anggota.penghasilan) >= 3.000.000``: Indonesian words for the
operators, a value without quotes, thousand separators. Python's parser says
only "invalid syntax", in English. These tables turn each such mistake into
a message in both languages that says what to write, so an Indonesian
message never carries the parser's English words.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from framework.core.text import Text, msg

# Indonesian words for the language's operators and constants → what to write
WORDS: dict[str, str] = {
    "dan": "and",
    "atau": "or",
    "tidak": "not",
    "bukan": "not",
    "ya": "true",
    "benar": "true",
    "salah": "false",
    "kosong": "null",
}
OPERATOR_WORDS = frozenset({"dan", "atau", "tidak", "bukan"})
VALUE_WORDS = frozenset(WORDS) - OPERATOR_WORDS

# digits grouped by dots or commas: `3.000.000`, `3,000,000`, `1.500.000,50`
THOUSANDS = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\w.])|(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,])")


def without_separators(written: str) -> str:
    """``3.000.000`` → ``3000000``; ``1.500.000,50`` → ``1500000.50``."""
    whole, _, fraction = written.partition(",") if "." in written else (written.replace(",", ""), "", "")
    digits = whole.replace(".", "")
    return f"{digits}.{fraction}" if fraction else digits


def thousands_in(text: str) -> re.Match[str] | None:
    """The first number written with thousand separators outside quotes, if any."""
    return THOUSANDS.search(_blank_strings(text))


def thousands_message(found: re.Match[str]) -> Text:
    written = found.group()
    plain = without_separators(written)
    return msg(
        f"tulis angka tanpa pemisah ribuan: `{plain}`, bukan `{written}`",
        f"write numbers without thousand separators: `{plain}`, not `{written}`",
    )


def _blank_strings(text: str) -> str:
    """``text`` with the inside of quoted texts blanked out (same length), so a hint never looks inside them."""
    return re.sub(r"'[^']*'|\"[^\"]*\"", lambda m: m.group()[0] + " " * (len(m.group()) - 2) + m.group()[-1], text)


def words_outside_strings(text: str) -> Iterator[tuple[str, int]]:
    """(word, column) of each bare word of ``text`` (names and keywords, not quoted texts)."""
    for found in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", _blank_strings(text)):
        yield found.group(), found.start()


def indonesian_operator(text: str, names: object = ()) -> tuple[str, int] | None:
    """The first ``dan``/``atau``/``tidak`` written as an operator (not a field of that name), and its column."""
    for word, column in words_outside_strings(text):
        if word.lower() in OPERATOR_WORDS and word not in names:  # type: ignore[operator]
            return word, column
    return None


def operator_message(word: str) -> Text:
    english = WORDS[word.lower()]
    return msg(f"tulis `{english}`, bukan `{word}`", f"write `{english}` instead of `{word}`")


# Python's own words for a syntax error → what they mean for a condition, in Indonesian
_PYTHON_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), indonesian)
    for pattern, indonesian in (
        (r"was never closed", "kurung dibuka tetapi tidak ditutup"),
        (r"^unmatched", "kurung ditutup tanpa pernah dibuka"),
        (r"does not match opening parenthesis", "pasangan kurung tidak cocok"),
        (r"unterminated string", "teks dalam tanda kutip tidak ditutup; tambahkan tanda kutip penutup"),
        (r"leading zeros", "angka tidak boleh diawali nol; untuk kode tulis sebagai teks: `'01'`"),
        (r"invalid decimal literal", "angka diikuti huruf; beri tanda kutip bila itu teks"),
        (r"unexpected EOF|unexpected end", "kondisi berakhir terlalu cepat; ada yang kurang di ujungnya"),
        (r"cannot assign|Maybe you meant '=='", "bandingkan dengan `==`, bukan `=`"),
        (r"forgot a comma", "ada dua nilai berdampingan tanpa operator; mungkin kurang `and`, `or` atau tanda kutip"),
        (r"unexpected indent", "spasi di awal kondisi tidak diizinkan"),
        (r"unexpected character after line continuation", "karakter `\\` tidak dipakai dalam kondisi"),
        (r"invalid character", "karakter ini tidak dipakai dalam kondisi; tulis dengan huruf dan tanda biasa"),
    )
)
_SYNTAX_FALLBACK = "tata tulis kondisi salah di titik ini; periksa operator, kurung dan tanda kutip"


def python_message(detail: str) -> str:
    """Python's syntax error in Indonesian (never its English words)."""
    return next((indonesian for pattern, indonesian in _PYTHON_MESSAGES if pattern.search(detail)), _SYNTAX_FALLBACK)


def syntax_hint(text: str, exc: SyntaxError) -> tuple[Text, int | None]:
    """A message for a condition Python cannot parse, and the column to point at when a hint knows better."""
    if "&&" in text or "||" in text:
        return msg("tulis `and` / `or`, bukan `&&` / `||`", "write `and` / `or` instead of `&&` / `||`"), None
    if "=" in text and "==" not in text and "!=" not in text and "<=" not in text and ">=" not in text:
        return msg("bandingkan dengan `==`, bukan `=`", "compare with `==`, not `=`"), None
    if found := thousands_in(text):
        return thousands_message(found), found.start()
    if word := indonesian_operator(text):
        return operator_message(word[0]), word[1]
    detail = (exc.msg or "syntax error").replace("invalid syntax. ", "")
    return msg(python_message(detail), detail), None


def stray_tuple(tree: ast.Expression) -> ast.Tuple | None:
    """A tuple outside `in [...]`/`in (...)`: what `3,000,000` parses to (a comparison with 3, then 0, 0)."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for operator, right in zip(node.ops, node.comparators, strict=False):
                if isinstance(operator, (ast.In, ast.NotIn)) and isinstance(right, ast.Tuple):
                    allowed.add(id(right))
    return next((n for n in ast.walk(tree) if isinstance(n, ast.Tuple) and id(n) not in allowed), None)


def tuple_message(text: str) -> Text:
    if found := thousands_in(text):
        return thousands_message(found)
    return msg(
        "koma memisahkan nilai di luar daftar; tulis daftar dalam kurung siku: `x in ['A', 'B']`",
        "a comma separates values outside a list; write a list in brackets: `x in ['A', 'B']`",
    )


def quoted(value: str) -> str:
    """``value`` as a text literal of the language."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def compared_field(text: str, name: str) -> str | None:
    """The field a bare word is compared with (`pilihan == lainnya` → `pilihan`), when the word is one side of `==`,
    `!=` or `in`.
    """
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for operator, left, right in zip(node.ops, operands, operands[1:], strict=False):
            if not isinstance(operator, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)):
                continue
            for one, other in ((left, right), (right, left)):
                values = other.elts if isinstance(other, (ast.List, ast.Tuple)) else [other]
                if isinstance(one, ast.Name) and one.id != name and any(_is_name(v, name) for v in values):
                    return one.id
    return None


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def operator_column(source: str, left: ast.expr, right: ast.expr) -> int:
    """The column of the operator written between ``left`` and ``right`` (closing brackets and spaces skipped)."""
    if left.end_lineno == right.lineno == 1 and left.end_col_offset is not None:
        between = source[left.end_col_offset : right.col_offset]
        for index, character in enumerate(between):
            if not character.isspace() and character != ")":
                return left.end_col_offset + index
    return right.col_offset


# operators Python has and the language does not → what to write instead (by the symbol the author typed)
OPERATOR_SYMBOLS: dict[type[ast.AST], tuple[str, str | None]] = {
    ast.Is: ("is", "=="),
    ast.IsNot: ("is not", "!="),
    ast.BitAnd: ("&", "and"),
    ast.BitOr: ("|", "or"),
    ast.Invert: ("~", "not"),
    ast.BitXor: ("^", None),
    ast.FloorDiv: ("//", "/"),
    ast.Pow: ("**", None),
    ast.LShift: ("<<", None),
    ast.RShift: (">>", None),
    ast.MatMult: ("@", None),
}


def symbol_message(operator: ast.AST) -> Text | None:
    """`is` → "write `==`": the message names the symbol the author typed, never Python's class name."""
    if type(operator) not in OPERATOR_SYMBOLS:
        return None
    symbol, instead = OPERATOR_SYMBOLS[type(operator)]
    text = msg(f"`{symbol}` tidak diizinkan dalam kondisi", f"`{symbol}` is not allowed in a condition")
    return text + msg(f"; tulis `{instead}`", f"; write `{instead}`") if instead else text
