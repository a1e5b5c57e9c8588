"""A semantic diff in words, for the ministry's reviewers and the regional admins who do not read YAML.

`mpp diff` writes ``~ field `x`: required false → true (tightens)``; the
admin shows the same changes (the same ``Difference``s, judged by the same
judges) as a sentence a non-programmer reads: *Kolom “Nama ibu” · wajib
diisi: tidak → ya · mengetatkan*. Elements are named by their labels in the
reader's language, conditions are put in words (``in_words``, the published
standard's), durations, fees and yes/no are written out. Anything without
words of its own is shown as written, never left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from framework.core.text import Text
from framework.definition.durations import parse_duration
from framework.definition.messages import noun, shown
from framework.definition.model import ServiceSpec
from framework.definition.retention import retention_words
from framework.definition.tightening import VERDICT_WORDS, Difference, Verdict, option_changes, reason_between
from framework.generate.conditions import in_words
from framework.generate.standard import DEADLINE_LABELS, LABELS

CHANGE_WORDS: dict[str, Text] = {
    "added": Text("ditambahkan", "added"),
    "removed": Text("dihapus", "removed"),
    "changed": Text("diubah", "changed"),
}
OPEN_WORDS = Text("terbuka untuk perubahan daerah", "open to regional change")

# attribute -> what it means, for a reader of the service standard rather than of the YAML
ATTRIBUTE_WORDS: dict[str, Text] = {
    "required": Text("wajib diisi", "required"),
    "when": Text("ditanyakan bila", "asked when"),
    "locked": Text("dikunci pada nilai registri", "locked to the registry's value"),
    "prefill": Text("diisi dari registri", "filled from a registry"),
    "source": Text("sumber data", "data source"),
    "by": Text("dicari berdasarkan", "looked up by"),
    "accept": Text("jenis berkas yang diterima", "file types accepted"),
    "max_mb": Text("ukuran berkas paling besar (MB)", "largest file (MB)"),
    "actions": Text("tindakan petugas", "officer's actions"),
    "role": Text("peran petugas", "officer role"),
    "provider": Text("penyedia", "provider"),
    "issuer": Text("instansi penerbit", "issuing agency"),
    "letter": Text("isi dokumen yang diterbitkan", "what the issued document says"),
    "on_deadline": Text("bila lewat batas waktu", "when the time limit passes"),
    "sla": Text("batas waktu", "time limit"),
    "fee": Text("biaya", "fee"),
    "fee_basis": Text("dasar biaya", "basis of the fee"),
    "type": Text("jenis isian", "kind of answer"),
    "sector": Text("sektor", "sector"),
    "min": Text("nilai paling kecil", "smallest value"),
    "max": Text("nilai paling besar", "largest value"),
    "min_length": Text("panjang paling sedikit", "shortest length"),
    "max_length": Text("panjang paling banyak", "longest length"),
    "repeat": Text("jumlah baris", "number of rows"),
    "options": Text("pilihan", "options"),
    "options_from": Text("daftar pilihan", "list of options"),
    "pattern": Text("pola isian", "pattern"),
    "pattern_message": Text("pesan pola isian", "pattern message"),
    "level": Text("tingkat wilayah", "region level"),
    "regional": Text("terbuka untuk perubahan daerah", "open to regional change"),
    "complaints": Text("saluran pengaduan", "complaints channel"),
    "channels": Text("saluran notifikasi", "notification channels"),
    "en": Text("teks bahasa Inggris", "English text"),
    "wording": Text("rumusan", "wording"),
    "label": Text("label", "label"),
    "hint": Text("petunjuk", "hint"),
    "intro": Text("pengantar", "introduction"),
    "title": Text("judul", "title"),
    "summary": Text("ringkasan", "summary"),
    "message": Text("pesan", "message"),
    "product": Text("produk pelayanan", "product"),
    "field": Text("kolom yang diperiksa", "field checked"),
    "page": Text("halaman", "page"),
    "field_order": Text("urutan kolom", "order of the fields"),
    "position": Text("urutan dalam alur", "place in the chain"),
    "version": Text("versi", "version"),
    "extends": Text("turunan dari", "adapted from"),
    "region": Text("wilayah", "region"),
    "template": Text("templat", "template"),
    "retention": Text("masa retensi data", "data retention"),
    **{key: Text(*LABELS[key]) for key in ("facilities", "staff_competence", "oversight", "staff_count")},
    **{key: Text(*LABELS[key]) for key in ("guarantee", "security", "evaluation")},
}
# a rule's `when` describes the mistake it refuses, not when something is asked
RULE_WHEN = Text("menolak bila", "refuses when")
YES_NO = {True: Text("ya", "yes"), False: Text("tidak", "no")}
NOTHING = "—"
# the other language of a text, named in the reader's: a change only that language shows is written in it
OTHER_LANGUAGE = {"id": ("en", Text("bahasa Inggris", "English")), "en": ("id", Text("bahasa Indonesia", "Indonesian"))}
NO_TEXT = Text("(tidak ada)", "(none)")


@dataclass(frozen=True)
class ChangeLine:
    """One change in the reader's language: which element, what about it, before and after, and the verdict."""

    element: str
    what: str
    before: str
    after: str
    verdict: Verdict
    verdict_words: str
    reason: str = ""
    open: bool = False


def _label_of(kind: str, item: str, spec: ServiceSpec | None, language: str) -> str | None:
    """The element's own label or title in ``spec``, when it has one."""
    if spec is None:
        return None
    finders: dict[str, Callable[[], Any]] = {
        "field": lambda: _field_label(spec, item),
        "page": lambda: next((p.title for p in spec.pages if p.id == item), None),
        "document": lambda: next((d.label for d in spec.documents if d.id == item), None),
        "step": lambda: next((s.title for s in spec.steps if s.id == item), None),
        "rule": lambda: next((r.message for r in spec.rules if (r.id or r.when.source) == item), None),
        "requirement": lambda: next((t for t in spec.standard.requirements if t.id == item), None),
        "legal basis": lambda: next((t for t in spec.standard.legal_basis if t.id == item), None),
        "procedure": lambda: next((t for t in spec.standard.procedure if t.id == item), None),
    }
    found = finders[kind]() if kind in finders else None
    return found.get(language) if found else None


def _field_label(spec: ServiceSpec, item: str) -> Text | None:
    group, _, child = item.partition(".")
    for candidate in spec.iter_fields():
        if candidate.id == group:
            if not child:
                return candidate.label
            inner = next((c for c in candidate.fields if c.id == child), None)
            return inner.label if inner else None
    return None


def element_name(difference: Difference, old: ServiceSpec | None, new: ServiceSpec | None, language: str) -> str:
    """`Kolom “Nama ibu”`, `Tahap “Verifikasi”`, `Standar pelayanan`: the element, named as the form names it."""
    word = noun({"prefill": "lookup", "procedure": "procedure step"}.get(difference.kind, difference.kind))
    if difference.kind in ("service", "standard"):
        return word.get(language).capitalize()
    first, second = (old, new) if difference.change == "removed" else (new, old)
    label = _label_of(difference.kind, difference.item, first, language) or _label_of(
        difference.kind, difference.item, second, language
    )
    if difference.kind in ("requirement", "legal basis", "procedure"):
        return f"{word.get(language).capitalize()}: {label or difference.item}"
    shown = f"“{label}” ({difference.item})" if label and label != difference.item else f"`{difference.item}`"
    return f"{word.get(language).capitalize()} {shown}"


def _duration(value: str, language: str) -> str:
    duration = parse_duration(value)
    if duration is None:
        return value
    if duration.days is not None:
        return f"{duration.days} {LABELS['days'][0 if language == 'id' else 1]}"
    return f"{duration.working_hours} {LABELS['hours'][0 if language == 'id' else 1]}"


def _field_names(value: Any, spec: ServiceSpec | None, language: str) -> str | None:
    """Field ids (a rule's `field`, a page's order of fields) as their labels."""
    ids = value if isinstance(value, list) else [value] if isinstance(value, str) else None
    if spec is None or ids is None:
        return None
    labels = [_field_label(spec, item) for item in ids]
    return ", ".join(
        f"“{label.get(language)}”" if label else str(item) for item, label in zip(ids, labels, strict=True)
    )


def _page_name(value: Any, spec: ServiceSpec | None, language: str) -> str | None:
    title = next((p.title for p in spec.pages if p.id == value), None) if spec is not None else None
    return f"“{title.get(language)}”" if title else None


# attributes whose values name other elements of the form
REFERENCES: dict[str, Callable[[Any, ServiceSpec | None, str], str | None]] = {
    "field": _field_names,
    "field_order": _field_names,
    "page": _page_name,
}


def value_words(attribute: str | None, value: Any, spec: ServiceSpec | None, language: str) -> str:
    """A value as a reader of the standard writes it."""
    if attribute == "retention":  # none (or unreadable) is not a blank: the data is kept for ever
        return retention_words(value).get(language)
    if value is None:
        return NOTHING
    named = REFERENCES[attribute](value, spec, language) if attribute in REFERENCES else None
    if named:
        return named
    if isinstance(value, bool):
        return YES_NO[value].get(language)
    if attribute == "when" and isinstance(value, str):
        return in_words(value, spec, language) if spec is not None else f"`{value}`"
    if attribute == "sla" and isinstance(value, str):
        return _duration(value, language)
    if attribute == "fee" and isinstance(value, (int, float)):
        return f"Rp {value:,.0f}".replace(",", ".")
    if attribute == "on_deadline" and value in DEADLINE_LABELS:
        return DEADLINE_LABELS[value][0 if language == "id" else 1]
    if isinstance(value, dict) and "id" in value:
        return Text.of(value).get(language)  # type: ignore[union-attr]
    if isinstance(value, (list, tuple)):
        return ", ".join(value_words(None, item, spec, language) for item in value) or NOTHING
    if isinstance(value, dict):
        return ", ".join(f"{key}: {value_words(None, item, spec, language)}" for key, item in value.items())
    return str(value)


def _what(difference: Difference, language: str) -> str:
    if difference.change != "changed" or not difference.attribute:
        return CHANGE_WORDS[difference.change].get(language)
    if difference.kind == "rule" and difference.attribute == "when":
        return RULE_WHEN.get(language)
    words = ATTRIBUTE_WORDS.get(difference.attribute)
    return words.get(language) if words else difference.attribute


def change_line(difference: Difference, old: ServiceSpec | None, new: ServiceSpec | None, language: str) -> ChangeLine:
    """One change in words; a choice field's options as `mpp diff` writes them, only those that changed."""
    before = after = ""
    options = option_changes(difference)
    what = options.get(language) if options is not None else _what(difference, language)
    if difference.change == "changed" and options is None:
        before = value_words(difference.attribute, difference.old, old, language)
        after = value_words(difference.attribute, difference.new, new, language)
        if before == after and difference.old != difference.new:
            before, after = _told_apart(difference, language)
    return ChangeLine(
        element_name(difference, old, new, language),
        what,
        before,
        after,
        difference.verdict,
        VERDICT_WORDS[difference.verdict].get(language),
        reason_between(difference, _same_service(old, new)).get(language),
        difference.open,
    )


def _told_apart(difference: Difference, language: str) -> tuple[str, str]:
    """Two values that read alike in ``language`` although they differ: the other language shows the change.

    Why: a title whose English was dropped read `Verifikasi → Verifikasi` to
    an Indonesian reader, as if nothing had changed, while the English
    standard page would show Indonesian from then on.
    """
    other, name = OTHER_LANGUAGE[language]
    before, after = (_own_words(value, other) for value in (difference.old, difference.new))
    if before == after:  # not a text, or one that differs elsewhere: as the definition writes it
        return shown(difference.old), shown(difference.new)
    return tuple(  # type: ignore[return-value]
        f"{name.get(language)}: {NO_TEXT.get(language) if words is None else f'“{words}”'}" for words in (before, after)
    )


def _own_words(value: Any, language: str) -> str | None:
    """A text's own words in ``language``; None where it has none (no stand-in from the other language)."""
    if isinstance(value, dict) and "id" in value:
        words = value.get(language)
        return None if words is None else str(words)
    if isinstance(value, str):
        return value if language == "id" else None
    return None


def _same_service(old: ServiceSpec | None, new: ServiceSpec | None) -> bool:
    return old is not None and new is not None and old.id == new.id


def change_lines(
    differences: Iterable[Difference], old: ServiceSpec | None, new: ServiceSpec | None, language: str
) -> list[ChangeLine]:
    """Every change from ``old`` to ``new`` in words, loosening ones first (what a reviewer must look at)."""
    order = {Verdict.LOOSENS: 0, Verdict.TIGHTENS: 1, Verdict.NEUTRAL: 2}
    lines = [change_line(d, old, new, language) for d in differences]
    return sorted(lines, key=lambda line: order[line.verdict])


def change_text(change: ChangeLine, language: str) -> str:
    """A change as one line of plain text: `[melonggarkan] Kolom “Nama ibu” (nama_ibu) · wajib diisi: ya → tidak`."""
    what = f"{change.what}: {change.before} → {change.after}" if change.before or change.after else change.what
    line = f"[{change.verdict_words}] {change.element} · {what}"
    if change.open:
        line += f" · {OPEN_WORDS.get(language)}"
    if change.reason and change.verdict is Verdict.LOOSENS:
        line += f" — {change.reason}"
    return line


def count_text(changes: list[ChangeLine], language: str) -> str:
    """`3 perubahan: 1 mengetatkan, 1 netral, 1 melonggarkan`, in the order the admin's change table counts."""
    verdicts = (Verdict.TIGHTENS, Verdict.NEUTRAL, Verdict.LOOSENS)
    counts = {verdict: sum(c.verdict is verdict for c in changes) for verdict in verdicts}
    total = Text(f"{len(changes)} perubahan", f"{len(changes)} changes").get(language)
    return total + ": " + ", ".join(f"{counts[v]} {VERDICT_WORDS[v].get(language)}" for v in verdicts)
