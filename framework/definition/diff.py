"""Semantic diff of two versions of a service, for the ministry's review.

Compares resolved services, not text: reordering keys or reformatting YAML
shows nothing. Every difference (a rule's condition, a `when`, a lock, a
prefill, a step's actions, role or `on_deadline`, accepted file types and
sizes, the SLA, the fee, the retention, the standard's lists, ...) is listed
with whether it tightens, loosens or is neutral: the same judgement that
refuses a loosening regional variant (tightening.py), so what `mpp diff`
calls loosening is what `mpp validate` refuses in a variant.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framework.definition.catalog import Catalog, load_catalog
from framework.definition.errors import DefinitionError, Severity
from framework.definition.messages import Text, current_language, did_you_mean, msg, named, noun, shown
from framework.definition.model import ServiceSpec
from framework.definition.retention import retention_words
from framework.definition.tightening import (
    VERDICT_WORDS,
    Difference,
    Verdict,
    differences,
    option_changes,
    reason_between,
)

_SIGNS = {"added": "+", "removed": "-", "changed": "~"}
_NOUNS = {"prefill": "lookup", "procedure": "procedure step", "notify": "notification"}
_WHOLE = frozenset({"service", "standard"})  # kinds with one element: named by their noun alone
_OPEN = msg("; terbuka untuk perubahan daerah", "; open to regional change")
# attributes whose values are written in words, each in its language: a retention of `5y` is read as
# "5 tahun" / "5 years", and one that is missing or unreadable as the data kept for ever (what `mpp purge` does)
_IN_WORDS = {"retention": retention_words}


def _quoted(value: Any) -> Text:
    """A value as the change line quotes it; a bilingual text in the line's own language, not as JSON."""
    if isinstance(value, dict) and "id" in value and set(value) <= {"id", "en"}:
        return Text(shown(value["id"]), shown(value.get("en") or value["id"]))
    return Text(shown(value), shown(value))


def describe(difference: Difference) -> Text:
    """One line of the change list, in both languages: `~ rule `umur`: when "a" → "false" (loosens)`."""
    kind = _NOUNS.get(difference.kind, difference.kind)
    what = noun(kind) if difference.kind in _WHOLE else named(kind, difference.item)
    line = msg(f"{_SIGNS[difference.change]} ", f"{_SIGNS[difference.change]} ") + what
    options = option_changes(difference)
    if options is not None:  # only the options that changed, not both whole lists
        line = line + ": " + options
    elif difference.attribute:
        words = _IN_WORDS.get(difference.attribute, _quoted)
        before, after = words(difference.old), words(difference.new)
        line = line + msg(
            f": {difference.attribute} {before.id} → {after.id}", f": {difference.attribute} {before.en} → {after.en}"
        )
    verdict = VERDICT_WORDS[difference.verdict] + (_OPEN if difference.open else msg("", ""))
    return line + " (" + verdict + ")"


def change_dict(difference: Difference, same_service: bool = False) -> dict[str, Any]:
    """A change for `--format json`: what changed, its judgement and both texts.

    ``reason`` is worded as `--format words` and the review page word it: for
    two versions of one service it says the new one promises less, since the
    judges' reasons speak of a variant and its template. Their specific
    reason (the fee in rupiah, the requirement by name) stays in
    ``variant_reason``: what a regional variant making this change is told.
    """
    data: dict[str, Any] = {"kind": difference.kind, "item": difference.item, "change": difference.change}
    if difference.attribute:
        data.update(attribute=difference.attribute, old=difference.old, new=difference.new)
    data["verdict"] = difference.verdict.value
    if difference.code:
        reason = reason_between(difference, same_service)
        data.update(code=difference.code, open=difference.open, reason=reason.as_dict())
        if reason != difference.reason:
            data["variant_reason"] = difference.reason.as_dict()
    data["text"] = describe(difference).as_dict()
    return data


@dataclass(frozen=True)
class DiffResult:
    old: str = ""
    new: str = ""
    changes: tuple[Difference, ...] = ()
    errors: tuple[DefinitionError, ...] = field(default=())
    warnings: tuple[tuple[str, Text], ...] = ()  # (code, message)
    # the two versions compared, so the changes can be put in words with their labels (`mpp diff --format words`)
    old_spec: ServiceSpec | None = field(default=None, compare=False, repr=False)
    new_spec: ServiceSpec | None = field(default=None, compare=False, repr=False)

    def as_dict(self, language: str | None = None) -> dict[str, Any]:
        counts = {verdict.value: sum(c.verdict is verdict for c in self.changes) for verdict in Verdict}
        return {
            "old": self.old,
            "new": self.new,
            "changes": [change_dict(c, self._same_service) for c in self.changes],
            "summary": counts,
            "warnings": [
                {"code": code, "message": text.get(language), "message_id": text.id, "message_en": text.en}
                for code, text in self.warnings
            ],
        }

    @property
    def _same_service(self) -> bool:
        return self.old_spec is not None and self.new_spec is not None and self.old_spec.id == self.new_spec.id

    def as_text(self, language: str | None = None) -> str:
        language = language or current_language()
        header = f"{self.old} → {self.new}"
        if not self.changes:
            return f"{header}\n" + msg("tidak ada perubahan makna", "no semantic changes").get(language)
        return "\n".join([header, *(describe(c).get(language) for c in self.changes)])


def diff_specs(old: ServiceSpec, new: ServiceSpec) -> DiffResult:
    """Every difference from ``old`` to ``new``, judged; a warning when a changed service kept its version
    or when the two are not versions of one service at all."""
    changes = tuple(differences(old.data, new.data))
    warnings = []
    if not _versions_of_one_service(old, new):
        warnings.append(
            (
                "DIFFERENT_SERVICES",
                msg(
                    f"yang dibandingkan dua layanan berbeda ({old.id} dan {new.id}), bukan dua versi satu "
                    f"layanan; periksa berkas yang diberikan",
                    f"these are two different services ({old.id} and {new.id}), not two versions of one "
                    f"service; check the files given",
                ),
            )
        )
    elif old.id == new.id and changes and new.version <= old.version:
        warnings.append(
            (
                "VERSION_NOT_RAISED",
                msg(
                    f"`version` tidak dinaikkan ({old.version} → {new.version}) padahal makna layanan "
                    f"berubah; naikkan `version`, karena permohonan menyimpan versi saat diajukan",
                    f"`version` was not raised ({old.version} → {new.version}) although the service "
                    f"changed; raise `version`, as applications keep the version they were filed under",
                ),
            )
        )
    return DiffResult(
        f"{old.id} v{old.version}",
        f"{new.id} v{new.version}",
        changes,
        warnings=tuple(warnings),
        old_spec=old,
        new_spec=new,
    )


def _versions_of_one_service(old: ServiceSpec, new: ServiceSpec) -> bool:
    """Two versions of one service, or a national service and its regional variant (or two of its variants),
    which is what a reviewer compares; anything else is usually the wrong file given."""
    if old.id == new.id or new.extends == old.id or old.extends == new.id:
        return True
    return old.extends == new.extends and bool(old.region or new.region)


def diff_sources(old: str | Path, new: str | Path, root: Path | None = None) -> DiffResult:
    """Diff two versions, each a file (compiled in the catalog's context) or a service id of the catalog.

    A regional variant that loosens its template is compiled anyway (the diff
    shows what it loosens); any other error is reported instead of a diff.
    """
    from framework.core.settings import definitions_dir

    root = root or definitions_dir()
    catalog = functools.cache(lambda: load_catalog(root, refuse_loosening=False))
    specs, errors = [], []
    for source in (old, new):
        spec, problems = _compiled(str(source), root, catalog)
        specs.append(spec)
        errors += problems
    if errors or specs[0] is None or specs[1] is None:
        return DiffResult(errors=tuple(errors))
    return diff_specs(specs[0], specs[1])


def diff_files(old: Path, new: Path, root: Path | None = None) -> DiffResult:
    """Diff two definition files (kept for callers that only have files)."""
    return diff_sources(old, new, root)


def _compiled(source: str, root: Path, catalog: Any) -> tuple[ServiceSpec | None, list[DefinitionError]]:
    path = Path(source)
    if path.is_file():
        return _from_file(path, root)
    whole: Catalog = catalog()
    if source in whole.specs:
        return whole.specs[source], []
    from difflib import get_close_matches

    close = get_close_matches(source, sorted(whole.specs), n=1)
    missing = msg(
        f"tidak ada berkas `{source}`, dan tidak ada layanan `{source}` di katalog",
        f"no file `{source}`, and no service `{source}` in the catalog",
    ) + did_you_mean(close[0] if close else None)
    return None, [DefinitionError(source, 1, 1, "FILE_UNREADABLE", missing)]


def _from_file(path: Path, root: Path) -> tuple[ServiceSpec | None, list[DefinitionError]]:
    from framework.definition.catalog import display_name

    catalog = load_catalog(root, [path], refuse_loosening=False)
    display = display_name(path.resolve())
    errors = [e for e in catalog.errors_for([display]) if e.severity is Severity.ERROR]
    service_id = catalog.files.get(display)
    return (catalog.specs.get(service_id) if service_id else None), errors
