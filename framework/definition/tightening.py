"""Does a change tighten, loosen, or neither? One judgement for variants and for `mpp diff`.

The ministry relies on one promise: a region may adapt a national service,
never loosen it. Listing forbidden edits always leaves a gap (a national rule
overridden with `when: "false"` passed every listed check). So nothing is
listed: every difference between two resolved versions of a service is
found (``differences``), and each kind of difference is judged by a small
pure function looked up in a table (``_ATTRIBUTES``, ``_PRESENCE``). A
difference no function can show to be tightening or neutral is loosening:
unknown means refused.

- **tightens**: the service asks, checks or promises at least as much (a
  shorter SLA, a new required field, a rule that catches more);
- **neutral**: a text, an added optional field, the order of the form;
- **loosens**: anything else, with the stable code a variant is refused with.

A template opens one of its fields, pages, documents, steps or rules to
regional change with ``regional: open``: a variant may then change that
element in any direction except its type and its SLA (``OPEN_CANNOT_WAIVE``).
`mpp diff` still shows such a change as loosening, marked open.
"""

from __future__ import annotations

import ast
import enum
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..expressions import MAX_LENGTH
from ..messages import EMPTY, Message, msg, named
from .durations import parse_duration
from .metaschema import _STANDARD_TEXTS, REGION_LEVELS


class Verdict(str, enum.Enum):
    TIGHTENS = "tightens"
    NEUTRAL = "neutral"
    LOOSENS = "loosens"


VERDICT_WORDS = {
    Verdict.TIGHTENS: msg("mengetatkan", "tightens"),
    Verdict.NEUTRAL: msg("netral", "neutral"),
    Verdict.LOOSENS: msg("melonggarkan", "loosens"),
}

OPEN = "open"  # the value of `regional` that opens an element to regional change
OPENABLE = frozenset({"field", "page", "document", "step", "rule"})
OPEN_CANNOT_WAIVE = frozenset({"VARIANT_CHANGES_ID", "VARIANT_LONGER_SLA"})
# what a variant of a template (a profession built on `nakes.sip-template`) must keep: the template is not a
# promise to citizens, the national service built on it is
TEMPLATE_RULES = frozenset({"VARIANT_DROPS_REQUIRED", "VARIANT_LONGER_SLA", "VARIANT_RAISES_FEE", "VARIANT_CHANGES_ID"})


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    code: str | None = None  # the code a variant is refused with, for a loosening
    reason: Message = EMPTY


@dataclass(frozen=True)
class Difference:
    """One semantic difference between two versions, judged."""

    kind: str  # service, page, field, document, step, role, rule, prefill, standard, requirement, ...
    item: str
    change: str  # added, removed, changed
    attribute: str | None = None
    old: Any = None
    new: Any = None
    verdict: Verdict = Verdict.NEUTRAL
    code: str | None = None
    reason: Message = EMPTY
    open: bool = False  # the old element is marked `regional: open`

    @property
    def refused(self) -> bool:
        """Whether a regional variant making this change is refused."""
        return self.verdict is Verdict.LOOSENS and not (self.open and self.code not in OPEN_CANNOT_WAIVE)


@dataclass(frozen=True)
class Facts:
    """What a judge may look at besides the two values."""

    kind: str
    item: str
    old_item: Mapping[str, Any]  # the element in the old version ({} when added)
    read: frozenset[str]  # fields the old version's conditions and rules read

    @property
    def name(self) -> Message:
        return named(_NOUN.get(self.kind, self.kind), self.item.rsplit(".", 1)[-1])


_NOUN = {"prefill": "lookup", "procedure": "procedure step"}

Judge = Callable[[Any, Any, Facts], Judgement]


def _tightens(reason: Message = EMPTY) -> Judgement:
    return Judgement(Verdict.TIGHTENS, None, reason)


def _neutral(_old: Any = None, _new: Any = None, _facts: Facts | None = None) -> Judgement:
    return Judgement(Verdict.NEUTRAL)


def _loosens(code: str, reason: Message) -> Judgement:
    return Judgement(Verdict.LOOSENS, code, reason)


def _shown(value: Any) -> str:
    return "∅" if value is None else json.dumps(value, ensure_ascii=False)


def _unproven(code: str, facts: Facts, attribute: str, old: Any, new: Any) -> Judgement:
    return _loosens(
        code,
        msg(
            f"{facts.name.id}: `{attribute}` diubah dari {_shown(old)} menjadi {_shown(new)}, yang tidak terbukti lebih ketat; varian hanya boleh mengetatkan (templat dapat menandai butir ini `regional: open`)",
            f"{facts.name.en}: `{attribute}` changed from {_shown(old)} to {_shown(new)}, which cannot be shown to be tighter; a variant may only tighten (the template can mark this element `regional: open`)",
        ),
    )


# --- conditions: does one imply the other? ------------------------------------------


def condition(source: Any) -> ast.expr | None:
    """The parsed condition (None: none, i.e. always true); unparsable text parses to itself."""
    if source is None:
        return None
    text = ("true" if source else "false") if isinstance(source, bool) else str(source).strip()
    if len(text) > MAX_LENGTH:  # refused by the checker anyway; never worth proving anything about
        return ast.Constant(value=text)
    try:
        return ast.parse(text, mode="eval").body
    except (SyntaxError, RecursionError, MemoryError):
        return ast.Constant(value=text)


def _constant(node: ast.expr | None, value: bool) -> bool:
    names = {True: ("true", "True"), False: ("false", "False")}[value]
    return (isinstance(node, ast.Name) and node.id in names) or (isinstance(node, ast.Constant) and node.value is value)


def _boolean(node: ast.expr) -> bool:
    """The node is true or false (or fails), never another truthy value."""
    if isinstance(node, ast.BoolOp):
        return all(_boolean(value) for value in node.values)
    return isinstance(node, (ast.Compare, ast.UnaryOp)) or _constant(node, True) or _constant(node, False)


def _prefix(a: ast.expr, b: ast.BoolOp) -> bool:
    """``b`` is ``a or ...`` where ``a`` is itself an `or` (Python reads `p or q or x` as one list)."""
    if not (isinstance(a, ast.BoolOp) and isinstance(a.op, ast.Or) and len(a.values) < len(b.values)):
        return False
    return all(ast.dump(x) == ast.dump(y) for x, y in zip(a.values, b.values, strict=False))


def implies(a: ast.expr | None, b: ast.expr | None) -> bool:
    """Whenever ``a`` holds, ``b`` holds too; None is a condition that always holds.

    Sound, not complete: what it cannot prove counts as not implied. A condition
    "holds" when it evaluates to exactly true (``Expression.holds``); an error or
    an undecidable comparison anywhere makes a whole condition fail, which is
    why only the first alternative of an `or` is used.
    """
    if b is None or _constant(b, True) or _constant(a, False):
        return True
    if a is None:
        return False
    if ast.dump(a) == ast.dump(b):
        return True
    if isinstance(b, ast.BoolOp) and isinstance(b.op, ast.And):
        return all(implies(a, value) for value in b.values)
    if isinstance(b, ast.BoolOp) and isinstance(b.op, ast.Or) and (implies(a, b.values[0]) or _prefix(a, b)):
        return True
    if isinstance(a, ast.BoolOp) and isinstance(a.op, ast.Or):
        return all(implies(value, b) for value in a.values)
    if isinstance(a, ast.BoolOp) and isinstance(a.op, ast.And):
        sure = [value for value in a.values[:-1] if _boolean(value)] + [a.values[-1]]
        return any(implies(value, b) for value in sure)
    return False


# --- the judges, one per kind of difference ------------------------------------------


def _required(old: Any, new: Any, facts: Facts) -> Judgement:
    if new and not old:
        return _tightens()
    return _loosens(
        "VARIANT_DROPS_REQUIRED",
        msg(
            f"{facts.name.id} diwajibkan templat; varian tidak dapat menjadikannya opsional",
            f"{facts.name.en} is required by the template; a variant cannot make it optional",
        ),
    )


def _matters(facts: Facts) -> bool:
    """Asking this element less often loosens: it is required, or a condition or rule reads it."""
    item = facts.old_item
    if facts.kind == "page":
        return bool(item.get("required_fields")) or bool(set(item.get("field_order", [])) & facts.read)
    return bool(item.get("required")) or facts.item.rsplit(".", 1)[-1] in facts.read


def _visibility(old: Any, new: Any, facts: Facts) -> Judgement:
    """`when` of a field, page or document: shown in at least the same cases tightens."""
    if implies(condition(old), condition(new)):
        return _tightens() if _matters(facts) else _neutral()
    if not _matters(facts):
        return _neutral()
    return _loosens(
        "VARIANT_LOOSENS_CONDITION",
        msg(
            f"{facts.name.id} wajib atau dipakai aturan, tetapi kondisinya diubah dari {_shown(old)} menjadi {_shown(new)}, sehingga tidak terbukti tetap ditanyakan dalam semua keadaan yang diminta templat; varian hanya boleh memperluasnya (mis. `<kondisi lama> or ...`)",
            f"{facts.name.en} is required or read by a rule, but its condition changed from {_shown(old)} to {_shown(new)}, so it cannot be shown to be still asked whenever the template asks it; a variant may only widen it (e.g. `<old condition> or ...`)",
        ),
    )


def _rule_condition(old: Any, new: Any, facts: Facts) -> Judgement:
    """A rule's `when` describes a mistake: catching at least the same mistakes tightens."""
    if implies(condition(old), condition(new)):
        return _tightens()
    return _loosens(
        "VARIANT_LOOSENS_RULE",
        msg(
            f"{facts.name.id}: kondisi diubah dari {_shown(old)} menjadi {_shown(new)}, yang tidak terbukti menangkap semua kesalahan yang ditangkap templat; varian hanya boleh memperluasnya (mis. `<kondisi lama> or ...`), kecuali templat menandai aturan ini `regional: open`",
            f"{facts.name.en}: its condition changed from {_shown(old)} to {_shown(new)}, which cannot be shown to catch every mistake the template catches; a variant may only widen it (e.g. `<old condition> or ...`) unless the template marks the rule `regional: open`",
        ),
    )


def _locked(old: Any, new: Any, facts: Facts) -> Judgement:
    if new and not old:
        return _tightens()
    return _loosens(
        "VARIANT_UNLOCKS",
        msg(
            f"{facts.name.id} dikunci templat pada nilai dari registri; varian tidak dapat membukanya untuk diubah warga",
            f"{facts.name.en} is locked by the template to the registry's value; a variant cannot let the citizen change it",
        ),
    )


def _prefill(old: Any, new: Any, facts: Facts) -> Judgement:
    if old is None:
        return _tightens()
    return _loosens(
        "VARIANT_CHANGES_PREFILL",
        msg(
            f"{facts.name.id} diisi templat dari `{old}`; varian tidak dapat mengganti atau menghapus sumber datanya (sekarang {_shown(new)})",
            f"{facts.name.en} is filled by the template from `{old}`; a variant cannot replace or drop where its value comes from (now {_shown(new)})",
        ),
    )


def _lookup(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_CHANGES_PREFILL",
        msg(
            f"{facts.name.id} mengambil data dengan {_shown(old)}; varian tidak dapat mengubahnya menjadi {_shown(new)}",
            f"{facts.name.en} takes its data with {_shown(old)}; a variant cannot change it to {_shown(new)}",
        ),
    )


def _accept(old: Any, new: Any, facts: Facts) -> Judgement:
    if set(new or ()) <= set(old or ()):
        return _tightens()
    return _loosens(
        "VARIANT_LOOSENS_UPLOAD",
        msg(
            f"{facts.name.id} menerima {_shown(old)} di templat; varian tidak dapat menerima jenis berkas lain ({_shown(new)})",
            f"{facts.name.en} accepts {_shown(old)} in the template; a variant cannot accept other file types ({_shown(new)})",
        ),
    )


def _max_size(old: Any, new: Any, facts: Facts) -> Judgement:
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and new <= old:
        return _tightens()
    return _loosens(
        "VARIANT_LOOSENS_UPLOAD",
        msg(
            f"{facts.name.id} paling besar {old} MB di templat; varian tidak dapat menerima berkas yang lebih besar ({new} MB)",
            f"{facts.name.en} is at most {old} MB in the template; a variant cannot accept larger files ({new} MB)",
        ),
    )


# what adding or removing an officer's action does: the powers to stop an application must stay
_ACTIONS = {
    "approve": (Verdict.LOOSENS, Verdict.TIGHTENS),
    "return": (Verdict.TIGHTENS, Verdict.LOOSENS),
    "reject": (Verdict.TIGHTENS, Verdict.LOOSENS),
}


def _actions(old: Any, new: Any, facts: Facts) -> Judgement:
    old_set, new_set = set(old or ()), set(new or ())
    verdicts = [_ACTIONS.get(a, (Verdict.LOOSENS,) * 2)[0] for a in new_set - old_set]
    verdicts += [_ACTIONS.get(a, (Verdict.LOOSENS,) * 2)[1] for a in old_set - new_set]
    if Verdict.LOOSENS not in verdicts:
        return _tightens() if verdicts else _neutral()
    return _loosens(
        "VARIANT_WEAKENS_STEP",
        msg(
            f"{facts.name.id}: tindakan {_shown(old)} menjadi {_shown(new)}; varian tidak dapat menghapus `return` atau `reject` (petugas kehilangan wewenang menghentikan permohonan) atau menambah `approve`",
            f"{facts.name.en}: actions {_shown(old)} became {_shown(new)}; a variant cannot remove `return` or `reject` (the officer loses the power to stop an application) or add `approve`",
        ),
    )


def _role(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_CHANGES_ROLE",
        msg(
            f"{facts.name.id} dikerjakan `{old}` menurut templat; varian tidak dapat menyerahkannya kepada `{new}` kecuali templat menandainya `regional: open`",
            f"{facts.name.en} is done by `{old}` in the template; a variant cannot hand it to `{new}` unless the template marks it `regional: open`",
        ),
    )


def _provider(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_CHANGES_ROLE",
        msg(
            f"penyedia `{old}` menindaklanjuti permohonan yang disetujui menurut templat; varian tidak dapat menggantinya dengan `{new}`",
            f"provider `{old}` acts on an approved application in the template; a variant cannot replace it with `{new}`",
        ),
    )


# (old on_deadline, new on_deadline) pairs shown to tighten; every other change loosens
_DEADLINE_TIGHTER = frozenset({(None, "escalate"), ("approve", None), ("approve", "escalate")})


def _deadline(old: Any, new: Any, facts: Facts) -> Judgement:
    if (old, new) in _DEADLINE_TIGHTER:
        return _tightens()
    return _loosens(
        "VARIANT_LOOSENS_DEADLINE",
        msg(
            f"{facts.name.id}: `on_deadline` {_shown(old)} menjadi {_shown(new)}; varian tidak dapat membuat keputusan otomatis saat tenggat yang tidak ada di templat (boleh menghapus `approve` atau menambah `escalate`)",
            f"{facts.name.en}: `on_deadline` {_shown(old)} became {_shown(new)}; a variant cannot decide automatically at the deadline where the template does not (it may drop `approve` or add `escalate`)",
        ),
    )


def _sla(old: Any, new: Any, facts: Facts) -> Judgement:
    before, after = parse_duration(old), parse_duration(new)
    if after is not None and (before is None or after <= before):
        return _tightens()
    if facts.kind == "step":
        reason = msg(
            f"SLA tahap `{facts.item}` `{new}` lebih lama dari SLA templat `{old}`; varian hanya boleh memperpendek",
            f"step `{facts.item}` SLA `{new}` is longer than the template's `{old}`; a variant may only shorten it",
        )
    else:
        reason = msg(
            f"SLA `{new}` lebih lama dari SLA templat `{old}`; varian hanya boleh memperpendek",
            f"SLA `{new}` is longer than the template's `{old}`; a variant may only shorten it",
        )
    return _loosens("VARIANT_LONGER_SLA", reason)


def _fee(old: Any, new: Any, facts: Facts) -> Judgement:
    if isinstance(new, (int, float)) and isinstance(old, (int, float)) and new <= old:
        return _tightens()
    why = msg(" (gratis menurut peraturan)", " (free by law)") if old == 0 else EMPTY
    return _loosens(
        "VARIANT_RAISES_FEE",
        msg(
            f"biaya templat adalah {old}{why.id}; varian tidak boleh memungut Rp {new}",
            f"the template's fee is {old}{why.en}; a variant cannot charge Rp {new}",
        ),
    )


def _type(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_CHANGES_ID",
        msg(
            f"{facts.name.id} berjenis `{old}` di templat; varian tidak dapat mengubah jenisnya",
            f"{facts.name.en} is a `{old}` in the template; a variant cannot change its type",
        ),
    )


def _sector(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_CHANGES_ID",
        msg(
            f"sektor `{new}` berbeda dari sektor templat `{old}`",
            f"sector `{new}` differs from the template's `{old}`",
        ),
    )


def _bound(tighter: Callable[[float, float], bool]) -> Judge:
    """A limit on the answer: tighter when added or moved the stricter way."""

    def judge(old: Any, new: Any, facts: Facts) -> Judgement:
        if new is not None and (old is None or tighter(new, old)):
            return _tightens()
        return _loosens(
            "VARIANT_LOOSENS_FIELD",
            msg(
                f"{facts.name.id}: batas {_shown(old)} dilonggarkan menjadi {_shown(new)}; varian hanya boleh memperketat batas",
                f"{facts.name.en}: the limit {_shown(old)} was relaxed to {_shown(new)}; a variant may only make limits stricter",
            ),
        )

    return judge


def _repeat(old: Any, new: Any, facts: Facts) -> Judgement:
    old, new = old or {}, new or {}
    if new and old and new.get("min", 0) >= old.get("min", 0) and new.get("max", 0) <= old.get("max", 0):
        return _tightens()
    return _bound(lambda a, b: False)(old, new, facts)


def _options(old: Any, new: Any, facts: Facts) -> Judgement:
    if old is not None and new is not None and set(new) <= set(old):
        return _tightens()
    return _loosens(
        "VARIANT_LOOSENS_FIELD",
        msg(
            f"{facts.name.id}: pilihan {_shown(sorted(old or ()))} menjadi {_shown(sorted(new or ()))}; varian hanya boleh mengurangi pilihan",
            f"{facts.name.en}: the options {_shown(sorted(old or ()))} became {_shown(sorted(new or ()))}; a variant may only offer fewer",
        ),
    )


def _pattern(old: Any, new: Any, facts: Facts) -> Judgement:
    return _tightens() if old is None else _unproven("VARIANT_LOOSENS_FIELD", facts, "pattern", old, new)


def _level(old: Any, new: Any, facts: Facts) -> Judgement:
    depth = {level: number for number, level in enumerate(REGION_LEVELS)}
    if depth.get(new or "village", -1) >= depth.get(old or "village", 0):
        return _tightens()
    return _unproven("VARIANT_LOOSENS_FIELD", facts, "level", old, new)


def _regional(old: Any, new: Any, facts: Facts) -> Judgement:
    if old == OPEN and new is None:
        return _tightens()
    return _loosens(
        "VARIANT_SELF_OPENS",
        msg(
            f"{facts.name.id}: hanya templat yang dapat membuka butir untuk perubahan daerah (`regional: {OPEN}`), bukan varian",
            f"{facts.name.en}: only the template can open an element to regional change (`regional: {OPEN}`), not a variant",
        ),
    )


def _complaints(old: Any, new: Any, facts: Facts) -> Judgement:
    return _loosens(
        "VARIANT_LOOSENS_STANDARD",
        msg(
            f"pengaduan ditangani lewat `{old}` menurut templat; varian tidak dapat mengalihkannya ke {_shown(new)}",
            f"complaints go to `{old}` in the template; a variant cannot send them to {_shown(new)}",
        ),
    )


def _channels(old: Any, new: Any, facts: Facts) -> Judgement:
    if set(old or ()) <= set(new or ()):
        return _neutral()
    return _loosens(
        "VARIANT_DROPS_NOTICE",
        msg(
            f"notifikasi `{facts.item}` dikirim lewat {_shown(old)} menurut templat; varian tidak dapat menghapus kanal ({_shown(new)})",
            f"notification `{facts.item}` goes by {_shown(old)} in the template; a variant cannot drop a channel ({_shown(new)})",
        ),
    )


def _when(old: Any, new: Any, facts: Facts) -> Judgement:
    return (_rule_condition if facts.kind == "rule" else _visibility)(old, new, facts)


_TEXTS = frozenset(
    {"title", "summary", "label", "hint", "intro", "message", "pattern_message", "product", "fee_basis"}
    | set(_STANDARD_TEXTS)
)
# attributes whose change never tightens nor loosens: texts, identity and the order of the form
_NEUTRAL = _TEXTS | {"version", "service", "extends", "region", "template", "page", "field_order", "position", "field"}

# attribute -> its judge; an attribute in neither table loosens (it cannot be shown to tighten)
_ATTRIBUTES: dict[str, Judge] = {
    **dict.fromkeys(_NEUTRAL, _neutral),
    "required": _required,
    "when": _when,
    "locked": _locked,
    "prefill": _prefill,
    "source": _lookup,
    "by": _lookup,
    "accept": _accept,
    "max_mb": _max_size,
    "actions": _actions,
    "role": _role,
    "provider": _provider,
    "on_deadline": _deadline,
    "sla": _sla,
    "fee": _fee,
    "type": _type,
    "sector": _sector,
    "min": _bound(lambda new, old: new >= old),
    "min_length": _bound(lambda new, old: new >= old),
    "max": _bound(lambda new, old: new <= old),
    "max_length": _bound(lambda new, old: new <= old),
    "repeat": _repeat,
    "options": _options,
    "pattern": _pattern,
    "level": _level,
    "regional": _regional,
    "complaints": _complaints,
    "channels": _channels,
}

# a kind's code for a change no judge knows
_KIND_CODES = {
    "field": "VARIANT_LOOSENS_FIELD",
    "page": "VARIANT_LOOSENS_CONDITION",
    "document": "VARIANT_LOOSENS_UPLOAD",
    "step": "VARIANT_WEAKENS_STEP",
    "rule": "VARIANT_LOOSENS_RULE",
    "prefill": "VARIANT_CHANGES_PREFILL",
    "notify": "VARIANT_DROPS_NOTICE",
    "service": "VARIANT_CHANGES_ID",
}


def judge_change(attribute: str, old: Any, new: Any, facts: Facts) -> Judgement:
    """The judgement of one changed attribute."""
    judge = _ATTRIBUTES.get(attribute)
    if judge is not None:
        return judge(old, new, facts)
    return _unproven(_KIND_CODES.get(facts.kind, "VARIANT_LOOSENS_STANDARD"), facts, attribute, old, new)


# --- added and removed elements ---------------------------------------------------------


def _asked(item: Mapping[str, Any], facts: Facts) -> Judgement:
    """An added field or document: required tightens, optional is neutral."""
    return _tightens() if item.get("required") else _neutral()


def _dropped_if_required(item: Mapping[str, Any], facts: Facts) -> Judgement:
    if not (item.get("required") or item.get("required_fields")):
        return _neutral()
    what = msg("memuat kolom wajib", "holds required fields") if facts.kind == "page" else EMPTY
    return _loosens(
        "VARIANT_DROPS_REQUIRED",
        msg(
            f"{facts.name.id} {what.id or 'diwajibkan templat'} dan tidak dapat dihapus",
            f"{facts.name.en} {what.en or 'is required by the template'} and cannot be removed",
        ),
    )


def _dropped(code: str) -> Callable[[Mapping[str, Any], Facts], Judgement]:
    def judge(item: Mapping[str, Any], facts: Facts) -> Judgement:
        return _loosens(
            code,
            msg(
                f"{facts.name.id} dari templat hilang; varian hanya boleh menambah, tidak menghapus",
                f"{facts.name.en} of the template is gone; a variant may add, not remove",
            ),
        )

    return judge


def _always(verdict: Verdict) -> Callable[[Mapping[str, Any], Facts], Judgement]:
    return lambda item, facts: Judgement(verdict)


# (kind, added or removed) -> judge of the whole element; a pair not listed is neutral
_PRESENCE: dict[tuple[str, str], Callable[[Mapping[str, Any], Facts], Judgement]] = {
    ("field", "added"): _asked,
    ("document", "added"): _asked,
    ("step", "added"): _always(Verdict.TIGHTENS),
    ("rule", "added"): _always(Verdict.TIGHTENS),
    ("requirement", "added"): _always(Verdict.TIGHTENS),
    ("field", "removed"): _dropped_if_required,
    ("document", "removed"): _dropped_if_required,
    ("page", "removed"): _dropped_if_required,
    ("step", "removed"): _dropped("VARIANT_DROPS_REQUIRED"),
    ("rule", "removed"): _dropped("VARIANT_LOOSENS_RULE"),
    ("prefill", "removed"): _dropped("VARIANT_CHANGES_PREFILL"),
    ("notify", "removed"): _dropped("VARIANT_DROPS_NOTICE"),
    ("requirement", "removed"): _dropped("VARIANT_LOOSENS_STANDARD"),
    ("legal basis", "removed"): _dropped("VARIANT_LOOSENS_STANDARD"),
    ("procedure", "removed"): _dropped("VARIANT_LOOSENS_STANDARD"),
}


# --- the elements of a resolved definition, flattened for comparison ----------------

_ITEM_KEYS_SKIPPED = frozenset({"id", "before", "after", "fields"})
_FIELD_DEFAULTS = {"required": False, "locked": False}
_DOCUMENT_DEFAULTS = {"required": False}
SERVICE_KEYS = ("version", "title", "summary", "sector", "provider", "extends", "region", "template")
_LISTS = (("requirement", "requirements"), ("legal basis", "legal_basis"), ("procedure", "procedure"))


def _clean(item: Mapping[str, Any], defaults: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The element's attributes, with what an absent key means written out (writing a default is no change)."""
    return {**(defaults or {}), **{k: v for k, v in item.items() if k not in _ITEM_KEYS_SKIPPED}}


def _text_key(text: Any) -> str:
    return text["id"] if isinstance(text, dict) else str(text)


def _fields(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    for page in data.get("pages", []):
        for item in page.get("fields", []):
            fields[item["id"]] = {**_clean(item, _FIELD_DEFAULTS), "page": page["id"]}
            for child in item.get("fields", []):
                fields[f"{item['id']}.{child['id']}"] = {**_clean(child, _FIELD_DEFAULTS), "page": page["id"]}
    return fields


def _pages(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        page["id"]: {
            **_clean(page),
            "field_order": [f["id"] for f in page.get("fields", [])],
            "required_fields": [f["id"] for f in page.get("fields", []) if f.get("required")],
        }
        for page in data.get("pages", [])
    }


def elements(data: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Every element of a resolved definition by kind and id, in the order changes are reported."""
    standard = data.get("standard") or {}
    lists = {kind: {_text_key(t): {} for t in standard.get(key, [])} for kind, key in _LISTS}
    return {
        "service": {"service": {k: data.get(k) for k in SERVICE_KEYS}},
        "page": _pages(data),
        "field": _fields(data),
        "document": {d["id"]: _clean(d, _DOCUMENT_DEFAULTS) for d in data.get("documents", [])},
        "step": {s["id"]: {**_clean(s), "position": n + 1} for n, s in enumerate(data.get("steps", []))},
        "role": {role: {} for role in dict.fromkeys(s.get("role") for s in data.get("steps", [])) if role},
        "rule": {r.get("id") or str(r["when"]): _clean(r) for r in data.get("rules", [])},
        "prefill": {name: dict(lookup) for name, lookup in (data.get("prefill") or {}).items()},
        "standard": {"standard": {k: v for k, v in standard.items() if k not in dict(_LISTS).values()}},
        "requirement": lists["requirement"],
        "legal basis": lists["legal basis"],
        "procedure": lists["procedure"],
        "notify": {event: {"channels": list(ch)} for event, ch in (data.get("notify") or {}).items()},
    }


_COMPARED_AS_ITEMS = {"page": ("required_fields",)}  # derived facts, not attributes of their own


def read_names(data: Mapping[str, Any]) -> frozenset[str]:
    """The fields a condition or rule of ``data`` reads (for "does hiding this field loosen?")."""
    sources = [r.get("when") for r in data.get("rules", [])] + [r.get("field") for r in data.get("rules", [])]
    for page in data.get("pages", []):
        sources.append(page.get("when"))
        for item in page.get("fields", []):
            sources += [item.get("when")] + [c.get("when") for c in item.get("fields", [])]
    sources += [d.get("when") for d in data.get("documents", [])]
    trees = [tree for tree in map(condition, sources) if tree is not None]
    return frozenset(node.id for tree in trees for node in ast.walk(tree) if isinstance(node, ast.Name))


def differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Difference]:
    """Every semantic difference from ``old`` to ``new`` (two resolved definitions), each judged."""
    before, after, read = elements(old), elements(new), read_names(old)
    found: list[Difference] = []
    for kind in before:
        found += _compare(kind, before[kind], after[kind], read)
    return found


def _compare(
    kind: str, old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]], read: frozenset[str]
) -> Iterator[Difference]:
    for item, body in old.items():
        if item not in new:
            yield _presence(kind, item, "removed", body, read)
    for item, body in new.items():
        if item not in old:
            yield _presence(kind, item, "added", body, read)
    skipped = _COMPARED_AS_ITEMS.get(kind, ())
    for item, body in old.items():
        if item in new:
            for attribute in sorted((set(body) | set(new[item])) - set(skipped)):
                if body.get(attribute) != new[item].get(attribute):
                    yield _changed(kind, item, attribute, body, new[item], read)


def _is_open(kind: str, body: Mapping[str, Any]) -> bool:
    return kind in OPENABLE and body.get("regional") == OPEN


def _presence(kind: str, item: str, change: str, body: Mapping[str, Any], read: frozenset[str]) -> Difference:
    facts = Facts(kind, item, body if change == "removed" else {}, read)
    judgement = _PRESENCE.get((kind, change), _always(Verdict.NEUTRAL))(body, facts)
    opened = change == "removed" and _is_open(kind, body)
    return Difference(
        kind, item, change, verdict=judgement.verdict, code=judgement.code, reason=judgement.reason, open=opened
    )


def _changed(
    kind: str, item: str, attribute: str, old: Mapping[str, Any], new: Mapping[str, Any], read: frozenset[str]
) -> Difference:
    judgement = judge_change(attribute, old.get(attribute), new.get(attribute), Facts(kind, item, old, read))
    return Difference(
        kind,
        item,
        "changed",
        attribute,
        old.get(attribute),
        new.get(attribute),
        judgement.verdict,
        judgement.code,
        judgement.reason,
        _is_open(kind, old),
    )
