"""Does a change tighten, loosen, or neither? One judgement for variants and for `mpp diff`.

The ministry relies on one promise: a region may adapt a national service,
never loosen it. Listing forbidden edits always leaves a gap (a national rule
overridden with `when: "false"` passed every listed check). So nothing is
listed: every difference between two resolved versions of a service is
found (``differences``), and each kind of difference is judged by a small
pure function looked up in a table (judges.py). A
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
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from framework.definition.implication import condition, implies
from framework.definition.judges import OPEN, VERDICT_WORDS, Facts, Verdict, judge_change, judge_presence
from framework.definition.messages import EMPTY, Text, join, msg, shown

__all__ = [
    "VERDICT_WORDS",
    "Difference",
    "Verdict",
    "condition",
    "differences",
    "elements",
    "implies",
    "option_changes",
]

OPENABLE = frozenset({"field", "page", "document", "step", "rule"})
OPEN_CANNOT_WAIVE = frozenset({"VARIANT_CHANGES_ID", "VARIANT_LONGER_SLA"})
# what a variant of a template (a profession built on `nakes.sip-template`) must keep: the template is not a
# promise to citizens, the national service built on it is
TEMPLATE_RULES = frozenset({"VARIANT_DROPS_REQUIRED", "VARIANT_LONGER_SLA", "VARIANT_RAISES_FEE", "VARIANT_CHANGES_ID"})


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
    reason: Text = EMPTY
    open: bool = False  # the old element is marked `regional: open`

    @property
    def refused(self) -> bool:
        """Whether a regional variant making this change is refused."""
        return self.verdict is Verdict.LOOSENS and not (self.open and self.code not in OPEN_CANNOT_WAIVE)


# why a change loosens, between two versions of one service: the judges' own reasons speak of a template
# and its variant, which two versions of one service are not
LOOSER_THAN_BEFORE = msg(
    "versi ini menjanjikan warga lebih sedikit daripada versi sebelumnya",
    "this version promises citizens less than the one before",
)


def reason_between(difference: Difference, same_service: bool) -> Text:
    """Why ``difference`` loosens, worded for what is compared: two versions of one service, or a variant
    and its template (the judge's own reason). Empty when it does not loosen."""
    if not difference.reason.id:
        return EMPTY
    if same_service and difference.verdict is Verdict.LOOSENS:
        return LOOSER_THAN_BEFORE
    return difference.reason


def option_changes(difference: Difference) -> Text | None:
    """Only the options that changed (`option KK_RUSAK "Kartu rusak" added`, `option X label "a" → "b"`),
    or None when ``difference`` is not a change between two lists of options.

    Why: a choice field's options are one attribute, judged as one (fewer
    tightens, more loosens, reworded is neutral), but printing both whole
    mappings hid the one option a reviewer must look at among dozens. `mpp
    diff` and the admin's change table both write the change with this.
    """
    old, new = difference.old, difference.new
    if difference.attribute != "options" or not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return None
    parts = [_option_presence(code, old[code], "removed") for code in old if code not in new]
    parts += [_option_presence(code, new[code], "added") for code in new if code not in old]
    parts += [
        _relabelled(code, old[code], new[code])
        for code in new
        if code in old and Text.required(old[code]) != Text.required(new[code])
    ]
    return join(parts, "; ") if parts else None  # only written differently: the whole lists say how


_OPTION_PRESENCE = {"added": msg("ditambahkan", "added"), "removed": msg("dihapus", "removed")}


def _option_presence(code: str, label: Any, change: str) -> Text:
    text = Text.required(label)
    word = _OPTION_PRESENCE[change]
    return msg(f"pilihan {code} {shown(text.get('id'))} {word.id}", f"option {code} {shown(text.get('en'))} {word.en}")


def _relabelled(code: str, old: Any, new: Any) -> Text:
    """The label in the reader's language when that changed; else the other language's, named as such."""
    before, after = Text.required(old), Text.required(new)
    if before.get("id") != after.get("id"):
        indonesian = f"label pilihan {code} {shown(before.get('id'))} → {shown(after.get('id'))}"
    else:
        indonesian = f"label Inggris pilihan {code} {shown(before.get('en'))} → {shown(after.get('en'))}"
    if before.get("en") != after.get("en"):
        english = f"option {code} label {shown(before.get('en'))} → {shown(after.get('en'))}"
    else:
        english = f"option {code} Indonesian label {shown(before.get('id'))} → {shown(after.get('id'))}"
    return msg(indonesian, english)


# --- the elements of a resolved definition, flattened for comparison ----------------

_ITEM_KEYS_SKIPPED = frozenset({"id", "before", "after", "fields"})
_FIELD_DEFAULTS = {"required": False, "locked": False}
_DOCUMENT_DEFAULTS = {"required": False}
SERVICE_KEYS = (
    "version",
    "title",
    "summary",
    "sector",
    "provider",
    "issuer",
    "letter",
    "extends",
    "region",
    "template",
)
_LISTS = (("requirement", "requirements"), ("legal basis", "legal_basis"), ("procedure", "procedure"))


def _clean(item: Mapping[str, Any], defaults: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The element's attributes, with what an absent key means written out (writing a default is no change)."""
    return {**(defaults or {}), **{k: v for k, v in item.items() if k not in _ITEM_KEYS_SKIPPED}}


def _text_key(text: Any) -> str:
    return text["id"] if isinstance(text, dict) else str(text)


def _listed_text(text: Any) -> dict[str, Any]:
    """A list item's body: keyed by its Indonesian text, it still carries the English, so that a corrected
    translation of a published requirement shows in the diff (a neutral change) instead of nothing."""
    return {"en": text.get("en") if isinstance(text, dict) else None}


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
            "position": number,  # the order the citizen goes through them, as a step's place in the chain
            "field_order": [f["id"] for f in page.get("fields", [])],
            "required_fields": [f["id"] for f in page.get("fields", []) if f.get("required")],
        }
        for number, page in enumerate(data.get("pages", []), start=1)
    }


def elements(data: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Every element of a resolved definition by kind and id, in the order changes are reported."""
    standard = data.get("standard") or {}
    lists: dict[str, dict[str, dict[str, Any]]] = {
        kind: {_text_key(t): _listed_text(t) for t in standard.get(key, [])} for kind, key in _LISTS
    }
    for number, body in enumerate(lists["procedure"].values(), start=1):
        body["position"] = number  # the published procedure is read step by step: its order is part of it
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


def _wording(text: str) -> str:
    """A list item's words, without what never changes their meaning: case, spacing, a hyphen between words
    (`KTP-el`, `KTP el`), a closing full stop. Other punctuation stays (`KTP/KK` is not `KTP, KK`)."""
    words = re.sub(r"(?<!\d)-|-(?!\d)", " ", text.casefold())
    words = re.sub(r"\s*([^\w\s])\s*", r"\1", words)
    return re.sub(r"\s+", " ", words).strip().rstrip(".;:, ")


def _by_wording(keys: list[str]) -> dict[str, str]:
    """Each text by its words, leaving out words two texts share (which of them was reworded is not known)."""
    counts: dict[str, int] = {}
    for key in keys:
        counts[_wording(key)] = counts.get(_wording(key), 0) + 1
    return {_wording(key): key for key in keys if counts[_wording(key)] == 1}


def _reworded(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The lists with a reworded item (same words, other case, spacing or full stop) kept under its old text,
    so that it shows as one neutral change of `wording`, not as removed (loosens) plus added.

    Why only these: the list items have no ids, and a similar text is not the same promise (`Fotokopi KK`
    and `Fotokopi KTP` are 87% alike by difflib); only a text with the very same words is safely one item.
    """
    gone = _by_wording([key for key in old if key not in new])
    came = _by_wording([key for key in new if key not in old])
    pairs = {came[words]: gone[words] for words in gone.keys() & came.keys()}
    if not pairs:
        return old, new
    old = {key: {**body, "wording": key} if key in pairs.values() else body for key, body in old.items()}
    new = {pairs.get(key, key): {**body, "wording": key} if key in pairs else body for key, body in new.items()}
    return old, new


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
    for kind, _key in _LISTS:
        before[kind], after[kind] = _reworded(before[kind], after[kind])
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
    judgement = judge_presence(kind, change, body, facts)
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
