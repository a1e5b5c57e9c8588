"""An XLSForm's `relevant` and `constraint` → the definition's `when`, field bounds and `rules`.

`relevant` says when a question is shown: it becomes `when`. `constraint`
says what a valid answer is; the definition says it two ways:

* bounds a field type knows (``. >= 1 and . <= 6``, ``string-length(.) <= 100``,
  ``count-selected(.) <= 3``, ``regex(., '^[0-9]{5}$')``) become `min`, `max`,
  `min_length`, `max_length`, `pattern` (with `constraint_message` as
  `pattern_message`) — what `mpp export xlsform` writes for them;
* anything else becomes a rule, whose `when` is the *mistake*: the constraint
  negated (``not(X)`` is ``X``; ``. >= 18`` is ``umur < 18``), guarded so an
  empty answer is not a mistake (XLSForm checks a constraint only on an
  answer). A constraint inside a repeat becomes ``any(...)`` over its rows.

`mpp_relevant` and `mpp_rule` hold conditions already in the condition
language, for what XPath cannot say (and what the exporter could not
translate).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from framework.authoring.problems import ImportProblem
from framework.authoring.xlsform_read import SurveyRow, Workbook, problem
from framework.authoring.xpath import PRECEDENCE, Context, Symbol, Translator, negated, wrap
from framework.authoring.xpath_parse import Binary, Call, Literal, Node, Ref, XPathError, chain, parse_xpath
from framework.core.text import LANGUAGES, Text, msg
from framework.definition.metaschema import FIELD_TYPE_KEYS
from framework.expressions import ExpressionError, compile_expression

BOUND_KEYS = {">=": 0, "<=": 1}  # index into (low key, high key)
# what a bound measures → (its keys, the field types it is a bound of)
MEASURES: dict[str, tuple[tuple[str, str], frozenset[str]]] = {
    "": (("min", "max"), frozenset({"integer", "decimal"})),
    "string-length": (("min_length", "max_length"), frozenset({"text", "textarea"})),
    "count-selected": (("min", "max"), frozenset({"multichoice"})),
}


class Conditions:
    """Translates a form's conditions, collecting the rules its constraints become."""

    def __init__(self, workbook: Workbook, symbols: Mapping[str, Symbol], problems: list[ImportProblem]) -> None:
        self.workbook = workbook
        self.symbols = symbols
        self.problems = problems
        self.found_rules: list[dict[str, Any]] = []

    def report(self, row: SurveyRow, column: str, text: Text, code: str = "XLSFORM_XPATH") -> None:
        self.problems.append(problem(self.workbook.at("survey", row.number, column), code, text))

    def xpath_problem(self, row: SurveyRow, column: str, error: XPathError) -> None:
        where = msg(f" (karakter {error.offset + 1})", f" (character {error.offset + 1})")
        self.report(row, column, error.text + where)

    # --- relevant → when

    def when(self, row: SurveyRow, scope: str | None, inherited: list[SurveyRow]) -> str | None:
        """The row's condition, and those of the groups flattened into its own (all must hold)."""
        parts = [c for r in [*inherited, row] if (c := self.relevant(r, scope))]
        if len(parts) <= 1:
            return parts[0] if parts else None
        return " and ".join(f"({part})" for part in parts)

    def relevant(self, row: SurveyRow, scope: str | None) -> str | None:
        xpath, written = row.get("relevant"), row.mpp("relevant")
        if xpath and written:
            self.report(
                row,
                "mpp_relevant",
                msg(
                    "tulis kondisi di `relevant` atau di `mpp_relevant`, tidak di keduanya",
                    "write the condition in `relevant` or in `mpp_relevant`, not in both",
                ),
                "XLSFORM_BAD_VALUE",
            )
        if written or not xpath:
            return written or None
        try:
            return Translator(Context(self.symbols, scope)).condition(parse_xpath(xpath))
        except XPathError as error:
            self.xpath_problem(row, "relevant", error)
            return None

    # --- constraint → bounds or a rule

    def bounds(self, row: SurveyRow, kind: str, scope: str | None) -> dict[str, Any]:
        """Field keys from the row's constraint when it only states bounds; else the constraint becomes a rule."""
        if row.mpp("rule"):
            self.written_rule(row, scope)
        source = row.get("constraint")
        if not source:
            return {}
        try:
            tree = parse_xpath(source)
        except XPathError as error:
            self.xpath_problem(row, "constraint", error)
            return {}
        keys = bound_keys(tree, kind)
        message = row.text("constraint_message")
        if keys is not None and (not message or "pattern" in keys):
            return {**keys, **({"pattern_message": _text(message)} if message else {})}
        self.constraint_rule(row, tree, scope)
        return {}

    def constraint_rule(self, row: SurveyRow, tree: Node, scope: str | None) -> None:
        mistake, guard = negated(tree)
        try:
            when, target = self.mistake(row, mistake, guard, scope)
        except XPathError as error:
            self.xpath_problem(row, "constraint", error)
            return
        if when is not None and target is not None:
            self.add_rule(row, when, target)

    def mistake(self, row: SurveyRow, mistake: Node, guard: bool, scope: str | None) -> tuple[str | None, str | None]:
        """The rule's `when` and the field its message goes beside."""
        if scope is None:
            if row.type == "begin_group":
                self.report(row, "constraint", NO_GROUP_CONSTRAINT)
                return None, None
            out = Translator(Context(self.symbols, None, current=row.name)).emit(mistake)
            guarded = guard and row.type != "begin_repeat"
            return (f"{row.name} != null and {wrap(out, PRECEDENCE['and'])}" if guarded else out.text), row.name
        if not self.symbols[scope].repeats:
            self.report(row, "constraint", GROUP_CHILD_RULE)
            return None, None
        out = Translator(Context(self.symbols, scope, current=row.name, row_prefix=True)).emit(mistake)
        inner = f"{scope}.{row.name} != null and {wrap(out, PRECEDENCE['and'])}" if guard else out.text
        return f"any({inner})", scope

    def written_rule(self, row: SurveyRow, scope: str | None) -> None:
        self.add_rule(row, row.mpp("rule"), scope or row.name)

    def add_rule(self, row: SurveyRow, when: str, target: str) -> None:
        label = row.text("label")
        message = row.text("constraint_message") or {
            "id": f"Jawaban “{label.get('id', row.name)}” tidak memenuhi syarat.",
            "en": f"The answer to “{label.get('en', label.get('id', row.name))}” does not meet the condition.",
        }
        rule: dict[str, Any] = {"when": when, "message": _text(message)}
        if self.default_field(when) != target:
            rule["field"] = target
        self.found_rules.append(rule)

    def default_field(self, when: str) -> str | None:
        """The field a rule's message goes beside when it names none: the first field its condition reads."""
        top = {s.name for s in self.symbols.values() if s.container is None and s.type not in ("page", "document")}
        try:
            names = compile_expression(when, top).names
        except ExpressionError:
            return None
        return min(names, key=when.find, default=None)

    def rules(self, _pages: Any = None) -> list[dict[str, Any]]:
        return list(self.found_rules)


NO_GROUP_CONSTRAINT = msg(
    "kelompok tidak dapat mempunyai `constraint`; letakkan pada sebuah pertanyaan",
    "a group cannot have a `constraint`; put it on a question",
)
GROUP_CHILD_RULE = msg(
    "`constraint` pada pertanyaan di dalam kelompok (bukan pengulangan) hanya boleh berupa batas (`. >= n`, "
    "`string-length(.) <= n`, `regex(., '...')`); pindahkan pertanyaan ke luar kelompok",
    "a `constraint` on a question inside a group (not a repeat) can only state bounds (`. >= n`, "
    "`string-length(.) <= n`, `regex(., '...')`); move the question out of the group",
)


def _text(found: Mapping[str, str]) -> dict[str, str]:
    if "id" not in found:
        return {"id": found.get("en", ""), "en": found.get("en", "")}
    return {language: found[language] for language in LANGUAGES if language in found}


def _is_self(node: Node) -> bool:
    return isinstance(node, Ref) and node.name is None


def _bound(term: Node, kind: str) -> tuple[str, Any] | None:
    """One term of a constraint as a key of a ``kind`` field: ``. >= 1`` → (min, 1); ``regex(., 'p')`` →
    (pattern, 'p').
    """
    if isinstance(term, Call) and term.name == "regex" and len(term.args) == 2 and kind == "text":
        subject, pattern = term.args
        if _is_self(subject) and isinstance(pattern, Literal) and isinstance(pattern.value, str):
            return "pattern", pattern.value
        return None
    if not (isinstance(term, Binary) and term.op in BOUND_KEYS and isinstance(term.right, Literal)):
        return None
    measure, subject = "", term.left
    if isinstance(subject, Call) and len(subject.args) == 1 and subject.name in MEASURES:
        measure, subject = subject.name, subject.args[0]
    keys, kinds = MEASURES[measure]
    if not _is_self(subject) or isinstance(term.right.value, str) or kind not in kinds:
        return None
    return keys[BOUND_KEYS[term.op]], term.right.value


def bound_keys(tree: Node, kind: str) -> dict[str, Any] | None:
    """The field keys a constraint states, when every term is a bound the field's type has; else None."""
    allowed = FIELD_TYPE_KEYS.get(kind, frozenset())
    keys: dict[str, Any] = {}
    for term in chain(tree, "and"):
        found = _bound(term, kind)
        if found is None or found[0] not in allowed or found[0] in keys:
            return None
        keys[found[0]] = found[1]
    return keys
