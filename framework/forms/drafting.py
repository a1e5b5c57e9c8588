"""Changing a draft: a posted page, "add another"/"remove", the region cascade, prefill.

Every change is saved, valid or not, so nothing typed is lost; validation
decides only whether the citizen may move on. Flask-free: the portal passes
the posted data and a prefill fetcher.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from framework.core.errors import NUL, NUL_MESSAGE, shown_nul
from framework.core.numbers import whole_number
from framework.definition.model import FieldSpec, LookupSpec, PageSpec, ServiceSpec
from framework.forms.drafts import Draft
from framework.forms.flow import answer_values, prefilled_answer, read_page, shown_fields
from framework.forms.messages import message
from framework.forms.prefill import PrefilledValue, fetch_safely, plugin_fetcher, resolve_prefill
from framework.forms.row_prefill import (
    filled_children,
    put_row_values,
    resolve_rows,
    row_keys,
    row_lookups,
    row_path,
    row_slots,
)
from framework.forms.validation import FieldError, Validated, registry_only, validate_answers
from framework.storage import UploadInfo

if TYPE_CHECKING:
    from framework.plugins.registry import Registries


@dataclass
class PageResult:
    """What posting a page did: its errors, fields that appeared, and whether to stay."""

    errors: list[FieldError] = field(default_factory=list)
    appeared: list[str] = field(default_factory=list)
    stay: bool = False  # an action (add, remove, choose region) or new questions: show the page again


def prefilled(draft: Draft) -> dict[str, PrefilledValue]:
    return {name: PrefilledValue.from_dict(item) for name, item in draft.prefill.items()}


def verified_values(draft: Draft) -> dict[str, Any]:
    return {name: item["value"] for name, item in draft.prefill.items() if item.get("verified")}


def locked_ids(spec: ServiceSpec, draft: Draft) -> set[str]:
    """Locked fields with a verified value, and every registry-only one: shown read-only, never read from a post."""
    return {
        item.id
        for item in spec.iter_fields()
        if item.locked and (draft.prefill.get(item.id, {}).get("verified") or registry_only(spec, item))
    }


def registry_only_ids(spec: ServiceSpec) -> set[str]:
    """The fields only the applicant's own registry record fills (``validation.registry_only``)."""
    return {item.id for item in spec.iter_fields() if registry_only(spec, item)}


def lookup_keys(spec: ServiceSpec, applicant_nik: str | None, answers: Mapping[str, Any]) -> dict[str, str]:
    """The key of each top-level lookup that has one (the per-row ones: ``row_prefill.row_keys``)."""
    keys = {}
    for lookup in spec.lookups.values():
        if lookup.by == "row":
            continue
        key = applicant_nik if lookup.by == "applicant" else answers.get(lookup.key_field or "")
        if key:
            keys[lookup.name] = str(key)
    return keys


def refresh_prefill(
    spec: ServiceSpec,
    draft: Draft,
    applicant_nik: str | None,
    fetch: Callable | None = None,
    registries: Registries | None = None,
) -> set[str]:
    """Fetch prefill again when a lookup key changed; returns the fields whose value changed.

    ``draft.lookup_keys`` holds the top-level lookups' keys by name and the
    per-row ones by ``<lookup>.<row>``; a row whose NIK did not change is not
    asked again (every look-up by a typed NIK counts against the citizen's
    limit), even when rows above it were added or removed.
    """
    fetch = fetch or plugin_fetcher(registries)
    top, rows = lookup_keys(spec, applicant_nik, draft.answers), row_keys(spec, draft.answers)
    old_top = {name: key for name, key in draft.lookup_keys.items() if "." not in name}
    old_rows = {name: key for name, key in draft.lookup_keys.items() if "." in name}
    moved = {name for name in top.keys() | old_top.keys() if top.get(name) != old_top.get(name)}
    changed = _refresh_top(spec, draft, applicant_nik, fetch, moved) if moved else set()
    if rows != old_rows:
        changed |= _refresh_rows(spec, draft, fetch, old_rows)
    draft.lookup_keys = {**top, **rows}
    put_row_values(spec, draft.answers, draft.prefill)
    return changed


def _refresh_top(
    spec: ServiceSpec, draft: Draft, applicant_nik: str | None, fetch: Callable, moved: set[str]
) -> set[str]:
    """Ask again only the look-ups in ``moved`` (their key changed); the fields whose value changed.

    Why not every look-up: each asks a registry about a person, and is
    audited and counted against a limit; typing the father's NIK must not
    read the mother's record again (nor, at the counter, the citizen's own).
    """
    found = resolve_prefill(spec, applicant_nik, draft.answers, fetch=fetch, rows=False, only=moved)
    changed = set()
    for item in spec.iter_fields():
        if item.prefill is None or item.prefill.lookup not in moved:
            continue
        before = draft.prefill.get(item.id)
        result = found.get(item.id)
        if result is None:
            draft.prefill.pop(item.id, None)
            if registry_only(spec, item):
                draft.answers.pop(item.id, None)
            continue
        value = prefilled_answer(item, result.value) if result.verified else None
        draft.prefill[item.id] = {**result.as_dict(), "value": value}
        if result.verified and (
            item.locked or item.id not in draft.answers or (before or {}).get("value") == draft.answers.get(item.id)
        ):
            draft.answers[item.id] = value
        elif not result.verified and registry_only(spec, item):
            draft.answers.pop(item.id, None)  # nobody types a registry-only value (an earlier record's is gone too)
        if (before or {}).get("value") != value:
            changed.add(item.id)
    return changed


def _refresh_rows(spec: ServiceSpec, draft: Draft, fetch: Callable, old_rows: Mapping[str, str]) -> set[str]:
    """Look each row's person up (a key seen before is answered from the draft), fill the row; the groups changed."""
    known = _rows_asked(spec, draft, old_rows)

    def record_of(lookup: LookupSpec, key: str) -> Mapping[str, Any] | None:
        if (lookup.name, key) in known:
            return known[(lookup.name, key)]
        return fetch_safely(fetch, lookup, key)

    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    found = resolve_rows(spec, draft.answers, record_of, now)
    before = {path: draft.prefill.pop(path) for path in [name for name in draft.prefill if "." in name]}
    changed = set()
    for slot in row_slots(spec, draft.answers):
        old, result = before.get(slot.path) or {}, found.get(slot.path)
        if result is None or not isinstance(slot.row, dict):
            continue
        row, child = slot.row, slot.child
        value = prefilled_answer(child, result.value) if result.verified else None
        draft.prefill[slot.path] = {**result.as_dict(), "value": value}
        if result.verified and (child.locked or child.id not in row or old.get("value") == row.get(child.id)):
            row[child.id] = value
        elif not result.verified and old.get("verified") and old.get("value") == row.get(child.id):
            row.pop(child.id, None)  # the name found for the row's earlier NIK is not this one's
        if (old.get("value"), bool(old.get("verified"))) != (value, result.verified) or not old:
            changed.add(slot.lookup.group or "")
    return changed


def _rows_asked(
    spec: ServiceSpec, draft: Draft, old_rows: Mapping[str, str]
) -> dict[tuple[str, str], Mapping[str, Any] | None]:
    """What the registry answered for each row key already asked: the attributes the row's fields took."""
    known: dict[tuple[str, str], Mapping[str, Any] | None] = {}
    for lookup in row_lookups(spec):
        for name, key in old_rows.items():
            lookup_name, _, index = name.partition(".")
            if lookup_name != lookup.name or not index.isdigit():
                continue
            entries = [
                (child, draft.prefill.get(row_path(lookup.group or "", int(index), child.id)))
                for child in filled_children(spec, lookup)
            ]
            if any(entry is None for _child, entry in entries):
                continue
            record = {
                child.prefill.attribute: entry["value"]
                for child, entry in entries
                if entry and entry.get("verified") and child.prefill
            }
            known[(lookup.name, key)] = record or None
    return known


def apply_action(fields: Iterable[FieldSpec], draft: Draft, action: str) -> list[FieldError]:
    """``tambah:<group>`` adds a row, ``hapus:<group>:<row>`` removes one; ``pilih:`` only re-shows.

    Works on a draft's answers and typed text only, so the correction page
    (which holds a returned application's answers in a transient draft) adds
    and removes rows exactly as the form does. An add past the group's
    ``max`` is refused with an error at the group (a second tab or the back
    button can post one), never silently.
    """
    verb, _, rest = action.partition(":")
    group_id, _, index = rest.partition(":")
    group = next((f for f in fields if f.id == group_id and f.repeat), None)
    if group is None or group.repeat is None:
        return []
    rows = list(draft.answers.get(group.id) or [])
    if verb == "tambah" and len(rows) >= group.repeat.max:
        return [FieldError(group.id, "max_items", message("max_items", max=group.repeat.max))]
    if verb == "tambah":
        rows = rows + [{}] * max(0, max(group.repeat.min, 1) - len(rows)) + [{}]
    elif verb == "hapus" and (row := whole_number(index, high=len(rows) - 1)) is not None:  # a forged row: none
        del rows[row]
        # the text kept as typed moves up with its row (before, every row's was dropped: "dua" in a later row
        # was lost, and the row showed empty with no error)
        _move_raw(draft, group.id, {old: old - (old > row) for old in range(len(rows) + 1) if old != row})
    draft.answers[group.id] = rows
    return []


def settle_rows(fields: Iterable[FieldSpec], draft: Draft, action: str, errors: list[FieldError]) -> list[FieldError]:
    """After a post is read into ``draft``: apply its add/remove ``action``, or (moving on) drop blank rows.

    ``errors`` (the post's parse errors) follow their rows as rows move up;
    returns the action's own errors. The form's pages and the correction page
    both call this, so repeating groups behave the same on both.
    """
    if action:
        return apply_action(fields, draft, action)
    _drop_empty_rows(fields, draft, errors)
    return []


def _drop_empty_rows(fields: Iterable[FieldSpec], draft: Draft, errors: list[FieldError]) -> None:
    """Rows left blank are not answers (the page always offers one row to fill).

    A row whose only input did not parse (``urutan: "dua"``) is not blank: it
    stays, with its text and its error. The rows after a dropped one move up,
    and the text kept as typed and the errors move with them; before, a
    dropped row's text stuck to the row that took its place.
    """
    for group in fields:
        rows = draft.answers.get(group.id)
        if not (group.repeat and isinstance(rows, list)):
            continue
        typed = {row for name in draft.raw if (row := _row_of(name, group.id, "-")) is not None}
        kept = [number for number, row in enumerate(rows) if row or number in typed]
        if len(kept) == len(rows):
            continue
        moved = {old: new for new, old in enumerate(kept)}
        draft.answers[group.id] = [rows[number] for number in kept]
        _move_raw(draft, group.id, moved)
        errors[:] = [replace(e, field=_renumbered(e.field, group.id, ".", moved)) for e in errors]


def _move_raw(draft: Draft, group: str, moved: dict[int, int]) -> None:
    """The text kept as typed follows its row as rows move up; a dropped row's is forgotten."""
    draft.raw = {_renumbered(name, group, "-", moved): text for name, text in draft.raw.items()}
    draft.raw.pop("", None)


def _row_of(name: str, group: str, separator: str) -> int | None:
    """The row ``group-3-child`` (or ``group.3.child``) names: 3; None for a name outside the group's rows."""
    parts = name.split(separator, 2)
    return whole_number(parts[1]) if len(parts) == 3 and parts[0] == group else None


def _renumbered(name: str, group: str, separator: str, moved: dict[int, int]) -> str:
    """``group-3-child`` → ``group-1-child`` as rows move up; "" for a row that was dropped; others unchanged."""
    row = _row_of(name, group, separator)
    if row is None:
        return name
    number = moved.get(row)
    return "" if number is None else separator.join((group, str(number), name.split(separator, 2)[2]))


def _forget(draft: Draft, item: FieldSpec) -> None:
    draft.answers.pop(item.id, None)
    for name in [n for n in draft.raw if n == item.id or n.startswith(f"{item.id}-")]:
        draft.raw.pop(name)


def post_page(
    spec: ServiceSpec,
    page: PageSpec,
    draft: Draft,
    formdata: Any,
    *,
    applicant_nik: str | None = None,
    language: str = "id",
    fetch: Callable | None = None,
    registries: Registries | None = None,
) -> PageResult:
    """Read a posted page into the draft, apply its action, and check it when the citizen moves on."""
    refused = nul_errors_of_form(formdata)
    if refused:  # nothing of this post is kept: the draft (jsonb on PostgreSQL) never holds a NUL
        return PageResult(errors=refused)
    drawn = set(formdata.getlist("_field"))
    locked = locked_ids(spec, draft)
    values = answer_values(spec, draft.answers)
    posted = read_page([f for f in page.fields if f.id in drawn], formdata, locked, values, language)
    for item in page.fields:
        if item.id in drawn and item.id not in locked:
            _forget(draft, item)
    draft.answers.update({name: value for name, value in posted.answers.items() if value is not None})
    draft.raw.update(posted.raw)
    action = formdata.get("_action", "")
    refused_action = settle_rows(page.fields, draft, action, posted.errors)
    changed = refresh_prefill(spec, draft, applicant_nik, fetch, registries)
    values = answer_values(spec, draft.answers)
    shown = {item.id for item in shown_fields(page, values)}
    for item in page.fields:
        if item.id not in shown:
            _forget(draft, item)  # hidden answers are not kept, so never submitted
    appeared = [
        item.id for item in page.fields if item.id in shown and (item.id not in drawn | locked or item.id in changed)
    ]
    if refused_action:
        return PageResult(errors=refused_action, stay=True)
    if action:
        return PageResult(appeared=appeared, stay=True)
    checked = validate_answers(spec, draft.answers, prefilled=verified_values(draft), pages={page.id})
    if appeared:
        # the page is shown again with the questions it revealed; what was typed wrong (a NIK that cannot be a
        # NIK) is said now, beside them, not a save later; what is still empty waits for the citizen
        typed = {name for name in drawn if draft.answers.get(name) not in (None, "", [])}
        wrong = [error for error in _merge(posted.errors, checked) if error.field.split(".")[0] in typed]
        return PageResult(errors=wrong, appeared=appeared, stay=True)
    errors = _merge(posted.errors, checked)
    if not errors:  # keep the clean form (+62 phone numbers, options in order)
        draft.answers.update({item.id: checked.answers[item.id] for item in page.fields if item.id in checked.answers})
    return PageResult(errors=errors)


def as_typed(spec: ServiceSpec, page: PageSpec, draft: Draft, formdata: Any, language: str = "id") -> Draft:
    """A copy of the draft with this page's post read in, each NUL shown as U+FFFD: shown, never saved.

    Why: a post holding a NUL is refused (nothing of it is stored: the
    draft is jsonb on PostgreSQL), but the rest of what was typed on the
    page must come back with the error beside the field, not be lost. The
    portal's pages and the counter's use it.
    """
    typed = form_without_nul(formdata)
    drawn = [item for item in page.fields if item.id in set(typed.getlist("_field"))]
    locked, values = locked_ids(spec, draft), answer_values(spec, draft.answers)
    posted = read_page(drawn, typed, locked, values, language)
    emptied = {item.id for item in drawn if item.id not in locked}  # as post_page does: an emptied answer is gone
    answers = {name: value for name, value in draft.answers.items() if name not in emptied}
    answers.update({name: value for name, value in posted.answers.items() if value is not None})
    return replace(draft, answers=answers, raw={**draft.raw, **posted.raw})


def form_without_nul(formdata: Any) -> Any:
    """The post (of the same kind) with each NUL in a name or value shown as U+FFFD (``shown_nul``).

    Why: the pages that report a NUL themselves (marked ``simple_pages.reports_nul_itself``)
    show what was typed again beside the error, and never keep a NUL.
    """
    pairs = formdata.items(multi=True)
    return type(formdata)([(shown_nul(name), shown_nul(v) if isinstance(v, str) else v) for name, v in pairs])


def nul_errors_of_form(formdata: Any) -> list[FieldError]:
    """A located error for each posted input holding a NUL (``kembar-0-nama`` → ``kembar.0.nama``)."""
    return [
        FieldError(_field_path(name), "nul_character", NUL_MESSAGE)
        for name in formdata
        if NUL in name or any(NUL in value for value in formdata.getlist(name) if isinstance(value, str))
    ]


def _field_path(name: str) -> str:
    name = name.split("--")[0]  # a region's level inputs (`tempat_lahir--regency`)
    return ".".join(name.split("-")) if re.fullmatch(r"[^-]+-[0-9]+-[^-]+", name) else name


def _merge(parse_errors: list[FieldError], checked: Validated) -> list[FieldError]:
    """Parse errors first; a field that did not parse gets no second message."""
    failed = {e.field for e in parse_errors}
    return parse_errors + [e for e in checked.errors if e.field not in failed]


def fit_to_spec(spec: ServiceSpec, draft: Draft) -> bool:
    """Bring a draft started under an earlier version of its service to this one; True when it changed.

    Why: an answer to a field the new version dropped is refused as unknown
    when the application is sent, and no page asks it any more, so the
    citizen could never send it. What the new version still asks is kept.
    """
    if draft.content_hash == spec.content_hash:
        return False
    fields = {item.id: item for item in spec.iter_fields()}
    draft.answers = {name: _known_rows(fields[name], value) for name, value in draft.answers.items() if name in fields}
    draft.raw = {name: text for name, text in draft.raw.items() if name.split("-", 1)[0] in fields}
    draft.prefill = {name: item for name, item in draft.prefill.items() if name in fields}
    documents = {document.id for document in spec.documents}
    draft.documents = {doc_id: info for doc_id, info in draft.documents.items() if doc_id in documents}
    draft.content_hash = spec.content_hash
    return True


def _known_rows(item: FieldSpec, value: Any) -> Any:
    """A group's rows without the answers to children the definition no longer has."""
    if not item.is_group:
        return value
    known = {child.id for child in item.fields}
    rows = value if isinstance(value, list) else [value]
    kept = [{name: v for name, v in row.items() if name in known} if isinstance(row, dict) else row for row in rows]
    return kept if isinstance(value, list) else kept[0]


def documents_of(draft: Draft) -> dict[str, UploadInfo]:
    return {doc_id: UploadInfo.from_dict(info) for doc_id, info in draft.documents.items()}


def check_application(spec: ServiceSpec, draft: Draft) -> Validated:
    """The whole application, as the final submit will see it."""
    return validate_answers(spec, draft.answers, prefilled=verified_values(draft), documents=documents_of(draft))
