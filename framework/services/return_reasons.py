"""An officer's per-field return reasons as the citizen reads them: `Label: reason`, in each language.

The history keeps the officer's own note and the reasons by field id, so a
page in English names the fields by their English labels; the row's
``comment`` keeps the Indonesian reading that older readers (and the API's
``comment``) have always had.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from framework.core.text import Text
from framework.definition.model import ServiceSpec


def labels_of(spec: ServiceSpec) -> dict[str, Text]:
    """The labels of the fields and documents a return may name, by id."""
    return {item.id: item.label for item in spec.iter_fields()} | {d.id: d.label for d in spec.documents}


def _reason_lines(labels: Mapping[str, Text], reasons: Mapping[str, str], language: str) -> list[str]:
    """`Label: reason` for each field given a reason, the label in ``language``."""
    return [
        f"{labels[name].get(language) if name in labels else name}: {reason.strip()}"
        for name, reason in reasons.items()
        if reason.strip()
    ]


def reasons_text(spec: ServiceSpec, note: str | None, reasons: Mapping[str, str]) -> Text | None:
    """The officer's note, then `Label: reason` per field, each language with its own labels."""
    labels = labels_of(spec)
    head = [note.strip()] if note and note.strip() else []
    if not any(reason.strip() for reason in reasons.values()):
        return Text(head[0], head[0]) if head else None
    return Text(*("\n".join(head + _reason_lines(labels, reasons, language)) for language in ("id", "en")))


def comment_text(spec: ServiceSpec, comment: str | None, fields: Mapping[str, Any] | None) -> dict[str, str] | None:
    """A history entry's comment in each language ({id, en}). Entries written before the note was kept
    separately read the same in both."""
    fields = fields or {}
    if "note" in fields and fields.get("reasons"):
        text = reasons_text(spec, fields["note"], fields["reasons"])
        if text is not None:
            return text.as_dict()
    return {"id": comment, "en": comment} if comment else None


def last_return(history: Iterable[Any]) -> Any | None:
    """The history entry of the newest return (what the citizen is asked to fix now)."""
    return next((entry for entry in reversed(list(history)) if entry.action == "return"), None)


def reasons_given(entry: Any | None) -> dict[str, str]:
    """The officer's reason for each returned field or document, as given with the return ``entry``."""
    reasons = (entry.fields or {}).get("reasons") if entry is not None else None
    return {str(name): str(reason) for name, reason in (reasons or {}).items() if str(reason).strip()}


def general_note(comment: str | None, entry: Any | None, labels: Mapping[str, Text]) -> str | None:
    """The officer's note without the `Label: reason` lines, which each field shows beside it instead.

    Returns written before the note was kept on its own have the lines cut
    out of the stored reading again."""
    fields = (entry.fields or {}) if entry is not None else {}
    if "note" in fields:
        return str(fields["note"]).strip() or None
    per_field = set(_reason_lines(labels, reasons_given(entry), "id"))  # the stored reading is Indonesian
    lines = [line for line in (comment or "").splitlines() if line not in per_field]
    return "\n".join(lines) or None
