"""Answer validation: the one place that decides whether answers are acceptable.

The HTML form (page by page) and the JSON API (whole application) both call
:func:`validate_answers`; :func:`payload_schema` describes the same rules as
JSON Schema for API clients. The steps, each a small function:

1. clean every known answer with its type's cleaner (``types.FIELD_TYPES``);
2. decide visibility from the cleaned, typed answers (page and field ``when``);
3. keep visible answers, report ``required`` for visible empty ones;
4. check documents and cross-field ``rules``.

Errors are collected, never raised: a citizen sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from framework.core.errors import FieldError
from framework.core.visible import is_blank
from framework.definition.model import DocumentSpec, FieldSpec, ServiceSpec
from framework.forms.messages import message
from framework.forms.row_prefill import with_row_values
from framework.forms.types import FIELD_TYPES, Invalid
from framework.forms.visibility import DOCUMENTS_PAGE, typed_values, visible
from framework.storage import UploadInfo, accepted_kinds

__all__ = [
    "DOCUMENTS_PAGE",
    "FieldError",
    "Validated",
    "validate_answers",
    "answers_schema",
    "payload_schema",
    "registry_only",
]


@dataclass(frozen=True)
class Validated:
    answers: dict
    errors: tuple[FieldError, ...] = field(default=())
    # the documents these answers ask for (their `when` holds): the portal's documents page shows these alone,
    # and a filing keeps no other (framework.services.applications)
    asked_documents: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_for(self, path: str) -> list[FieldError]:
        return [e for e in self.errors if e.field == path]


def empty(value: Any) -> bool:
    """No answer: missing, null, an empty list, or a string with nothing visible in it.

    Why "visible": a required name of three spaces, or of zero-width spaces
    (U+200B, a byte-order mark: Unicode "format" characters), is no answer
    (``framework.core.visible``, the rule complaints use too).
    """
    if isinstance(value, str):
        return is_blank(value)
    return value is None or value == []


def _error(path: str, code: str, **params: Any) -> FieldError:
    return FieldError(path, code, message(code, **params))


def _invalid(path: str, problem: Invalid) -> FieldError:
    return _error(path, problem.code, **problem.params)


def _prefilled_values(prefilled: Mapping[str, Any] | None) -> dict[str, Any]:
    values = {name: getattr(item, "value", item) for name, item in (prefilled or {}).items()}
    return {name: value for name, value in values.items() if not empty(value)}


def registry_only(spec: ServiceSpec, item: FieldSpec) -> bool:
    """A locked field filled from the applicant's own registry record (IKD, SISDMK): never typed by anyone.

    Why: a profession or an STR number the citizen types would be a licence
    on their word. A field locked from a look-up keyed by another answer (the
    mother's name, found by her NIK) is not one: when that registry has no
    record the citizen may type it, marked not verified (issue 12).
    """
    if not (item.locked and item.prefill):
        return False
    lookup = spec.lookups.get(item.prefill.lookup)
    return lookup is None or lookup.by == "applicant"


def with_locked(spec: ServiceSpec, answers: Mapping[str, Any], prefilled: Mapping[str, Any] | None) -> dict[str, Any]:
    """``answers`` with every locked, prefilled field set to its prefilled value.

    The server never trusts a posted value for a locked field. A registry-only
    field (:func:`registry_only`) the registry has no value for is empty,
    whatever was posted; another locked field then keeps what was typed.
    """
    values = _prefilled_values(prefilled)
    merged = with_row_values(spec, answers, values)  # a family member's name found by the row's NIK
    for item in spec.iter_fields():
        if item.locked and item.id in values:
            merged[item.id] = values[item.id]
        elif registry_only(spec, item):
            merged.pop(item.id, None)
    return merged


def _missing(spec: ServiceSpec, item: FieldSpec) -> FieldError:
    """``required``, or for a registry-only field: the registry has no record of it (typing cannot help)."""
    if not (registry_only(spec, item) and item.prefill):
        return _error(item.id, "required")
    lookup = spec.lookups.get(item.prefill.lookup)
    return _error(item.id, "not_in_registry", source=(lookup.source if lookup else item.prefill.lookup).upper())


def clean_value(item: FieldSpec, value: Any, path: str, scope: Mapping[str, Any]) -> tuple[Any, list[FieldError]]:
    """The clean value of one answer (``None`` when empty or invalid) and its errors."""
    if item.is_group:
        return _clean_group(item, value, path, scope)
    if empty(value):
        return None, []
    try:
        return FIELD_TYPES[item.type].clean(item, value), []
    except Invalid as problem:
        if problem.code == "pattern" and item.pattern_message is not None:  # the definition says what the pattern wants
            return None, [FieldError(path, problem.code, item.pattern_message)]
        return None, [_invalid(path, problem)]


def _clean_group(item: FieldSpec, value: Any, path: str, scope: Mapping[str, Any]) -> tuple[Any, list[FieldError]]:
    if empty(value):
        return None, []
    rows = value if item.repeat else [value]
    if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
        expected = ("daftar objek", "a list of objects") if item.repeat else ("objek", "an object")
        return None, [_error(path, "type", expected=expected[0], expected_en=expected[1])]
    cleaned, errors = [], []
    for index, row in enumerate(rows):
        row_path = f"{path}.{index}" if item.repeat else path
        clean_row, row_errors = _clean_row(item, row, row_path, scope)
        cleaned.append(clean_row)
        errors.extend(row_errors)
    return (cleaned if item.repeat else cleaned[0]), errors


def _clean_row(
    group: FieldSpec, row: Mapping[str, Any], path: str, scope: Mapping[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    known = {child.id: child for child in group.fields}
    errors = [_error(f"{path}.{name}", "unknown_field") for name in row if name not in known]
    cleaned: dict[str, Any] = {}
    refused: set[str] = set()  # typed but not accepted: its own error says why, "required" would contradict it
    for child in group.fields:
        value, child_errors = clean_value(child, row.get(child.id), f"{path}.{child.id}", scope)
        errors.extend(child_errors)
        if child_errors:
            refused.add(child.id)
        if value is not None:
            cleaned[child.id] = value
    row_scope = {**scope, **typed_values(group.fields, cleaned)}
    shown = {child.id for child in group.fields if child.when is None or child.when.holds(row_scope)}
    errors.extend(
        _error(f"{path}.{c.id}", "required")
        for c in group.fields
        if c.id in shown and c.required and c.id not in cleaned and c.id not in refused
    )
    return {name: value for name, value in cleaned.items() if name in shown}, errors


def _count_errors(item: FieldSpec, value: Any) -> list[FieldError]:
    if not item.repeat or not isinstance(value, list):
        return []
    if len(value) < item.repeat.min:
        return [_error(item.id, "min_items", min=item.repeat.min)]
    if len(value) > item.repeat.max:
        return [_error(item.id, "max_items", max=item.repeat.max)]
    return []


def _document_errors(spec: ServiceSpec, shown: set[str], documents: Mapping[str, UploadInfo]) -> Iterator[FieldError]:
    for document in spec.documents:
        upload = documents.get(document.id)
        if upload is None:
            if document.required and document.id in shown:
                yield _error(document.id, "required_document")
            continue
        # a file is checked even where the answers do not ask for it: no file is ever stored unchecked
        yield from upload_errors(document, upload)


def upload_errors(document: DocumentSpec, upload: UploadInfo) -> Iterator[FieldError]:
    """Problems of one upload: empty, a type not accepted (by content), too big."""
    if upload.size <= 0:
        yield _error(document.id, "file_empty")
    elif upload.kind not in accepted_kinds(document.accept):
        yield _error(document.id, "file_type", accept=", ".join(document.accept).upper())
    elif upload.size > document.max_bytes:
        yield _error(document.id, "file_size", max_mb=_megabytes(document.max_mb))


def _megabytes(size: float) -> str:
    return str(int(size)) if float(size).is_integer() else str(size)


def _rule_errors(
    spec: ServiceSpec, values: Mapping[str, Any], fields_in_scope: set[str], whole: bool, refused: set[str]
) -> Iterator[FieldError]:
    """Rules that fail, except those reading an answer refused on its own (``refused``).

    Why: a refused answer reads as empty, so "fill in the father's NIK unless
    ..." fired beside "a NIK has 16 digits" for the same typed value.
    """
    for rule in spec.rules:
        if rule.when.names & refused:
            continue
        if (rule.field in fields_in_scope or (rule.field is None and whole)) and rule.when.holds(values):
            yield FieldError(rule.field or "", "rule", rule.message)


def validate_answers(
    spec: ServiceSpec,
    answers: Mapping,
    *,
    prefilled: Mapping[str, Any] | None = None,
    documents: Mapping[str, UploadInfo] | None = None,
    pages: Iterable[str] | None = None,
) -> Validated:
    """Clean and check ``answers`` against ``spec``.

    ``pages=None`` checks the whole application (final submit); a set of page
    ids checks only those pages (the HTML flow, one page at a time), while
    conditions still see every answer. ``documents`` are checked when the
    whole application or the documents page (``DOCUMENTS_PAGE``) is in scope.
    """
    scope_pages = None if pages is None else set(pages)
    merged = with_locked(spec, answers, prefilled)
    known = {item.id: item for item in spec.iter_fields()}
    cleaned, field_errors, values = _clean_all(spec, known, merged)
    shown = visible(spec, values)
    in_scope = [name for name, item in known.items() if scope_pages is None or item.page in scope_pages]
    errors = [_error(name, "unknown_field") for name in merged if name not in known]
    for name in in_scope:
        # a hidden answer is dropped, but a malformed one is still refused (as the JSON Schema does)
        errors.extend(e for e in field_errors[name] if name in shown or e.code != "required")
    errors.extend(
        _missing(spec, item)
        for name, item in known.items()
        if name in shown and name in in_scope and item.required and name not in cleaned and not field_errors[name]
    )
    errors.extend(
        _error(name, "min_items", min=item.repeat.min)
        for name, item in known.items()
        if name in shown
        and name in in_scope
        and item.repeat
        and item.repeat.min
        and name not in cleaned
        and not item.required
    )
    if scope_pages is None or DOCUMENTS_PAGE in scope_pages:
        errors.extend(_document_errors(spec, shown, documents or {}))
    refused = {name for name, problems in field_errors.items() if any(e.code != "required" for e in problems)}
    errors.extend(_rule_errors(spec, values, set(in_scope) & shown, scope_pages is None, refused))
    final = {name: cleaned[name] for name in known if name in cleaned and name in shown}
    return Validated(final, tuple(errors), frozenset(d.id for d in spec.documents if d.id in shown))


def _clean_all(
    spec: ServiceSpec, known: Mapping[str, FieldSpec], merged: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[FieldError]], dict[str, Any]]:
    """Clean plain fields first (conditions read them), then groups (whose rows may read them)."""
    cleaned: dict[str, Any] = {}
    field_errors: dict[str, list[FieldError]] = {}
    values: dict[str, Any] = {}
    for plain_pass in (True, False):
        for name, item in known.items():
            if item.is_group == plain_pass:
                continue
            value, problems = clean_value(item, merged.get(name), name, values)
            field_errors[name] = problems + _count_errors(item, value)
            if value is not None:
                cleaned[name] = value
        values = typed_values(known.values(), cleaned)
    return cleaned, field_errors, values


def answers_schema(spec: ServiceSpec) -> dict:
    from framework.forms.schema import answers_schema as build

    return build(spec)


def payload_schema(spec: ServiceSpec) -> dict:
    from framework.forms.schema import payload_schema as build

    return build(spec)
