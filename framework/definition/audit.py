"""`mpp audit`: what a ministry auditor checks in each service definition.

Two checks, each a small table of rules over the compiled ``ServiceSpec``:

* **Service standard** (Permenpan-RB 15/2014): the delivery part (requirements,
  procedure, time limit, fee with its basis or an explicit 0, product,
  complaints handling) and the management part (legal basis, facilities, staff
  competence, oversight, staff count, guarantee, security, evaluation) must
  all be published. A missing element makes the service non-compliant.
* **Data minimisation**: the citizen must not be asked for what IKD or SISDMK
  already hold about them. A field about the applicant whose id or type names
  a registry attribute but is not prefilled is flagged, and so is a document
  whose label asks for a KTP, KK, STR or diploma copy when the service already
  prefills from the registry that holds it. Data about *other* people (the
  child, the deceased, a mother's NIK typed to look her up) is never flagged,
  except what IKD already knows about the people whose NIKs are typed in a
  repeating group (their name, birth date, ... asked again beside the NIK).

`mpp validate --strict` reports the same findings as located warnings
(``audit_warnings``), so an author sees them before proposing a definition.

Pure functions over specs; the CLI in ``framework/cli/audit.py`` only prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from framework.core.text import Text
from framework.core.visible import is_blank
from framework.definition.catalog import Catalog, locate
from framework.definition.context import CheckContext
from framework.definition.errors import Problem
from framework.definition.index import path_of
from framework.definition.load import Loaded, load_file
from framework.definition.model import FieldSpec, PageSpec, ServiceSpec


@dataclass(frozen=True)
class Finding:
    """One problem in one service: a stable code, where, and what to do (id + en).

    ``element`` names the part of the definition (kind, id, key) so that
    `mpp validate --strict` can point at the line where it is written.
    """

    code: str
    kind: str  # "standard" (non-compliant) or "minimisation" (flagged)
    where: str
    message: Text
    element: tuple[str, str, str | None] = ("service", "service", None)

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "kind": self.kind,
            "where": self.where,
            "message": self.message.id,
            "message_en": self.message.en or "",
        }


@dataclass(frozen=True)
class ServiceAudit:
    service: str
    title: Text
    findings: tuple[Finding, ...]
    region: str | None = None  # a regional variant's Kemendagri code; None for a national service
    version: int = 1
    sla: str | None = None
    fee: float | None = None

    @property
    def compliant(self) -> bool:
        return not any(f.kind == "standard" for f in self.findings)

    @property
    def flagged(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "minimisation")

    def as_dict(self) -> dict[str, object]:
        return {
            "service": self.service,
            "title": self.title.as_dict(),
            "region": self.region,
            "version": self.version,
            "sla": self.sla,
            "fee": self.fee,
            "compliant": self.compliant,
            "flagged": len(self.flagged),
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class AuditReport:
    services: tuple[ServiceAudit, ...]

    @property
    def ok(self) -> bool:
        """Every service compliant and nothing flagged (the exit status of `mpp audit`)."""
        return all(s.compliant and not s.flagged for s in self.services)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "services": len(self.services),
            "non_compliant": sum(not s.compliant for s in self.services),
            "flagged": sum(bool(s.flagged) for s in self.services),
            "results": [s.as_dict() for s in self.services],
        }


# --- the service standard -------------------------------------------------------

# element: (code, name in Indonesian, name in English, is it published?)
StandardRule = tuple[str, str, str, Callable[[ServiceSpec], bool]]


def _written(text: Text | None) -> bool:
    """A text that says something. Why: the schema only asks for one character, so `facilities: " "`
    loads, and an element published as blank is as missing to a citizen as one left out."""
    return text is not None and not is_blank(text.id)


def _listed(texts: Iterable[Text]) -> bool:
    return any(_written(text) for text in texts)


_DELIVERY: tuple[StandardRule, ...] = (
    ("requirements", "persyaratan", "requirements", lambda s: _listed(s.standard.requirements)),
    (
        "procedure",
        "sistem, mekanisme dan prosedur",
        "system, mechanism and procedure",
        lambda s: _listed(s.standard.procedure) and bool(s.steps),
    ),
    ("sla", "jangka waktu pelayanan", "time limit", lambda s: s.standard.sla is not None),
    (
        "fee",
        "biaya/tarif (0 ditulis tegas, atau dengan dasar hukumnya)",
        "fee (an explicit 0, or with its legal basis)",
        lambda s: s.standard.fee is not None and (s.standard.fee == 0 or _written(s.standard.fee_basis)),
    ),
    ("product", "produk pelayanan", "product", lambda s: _written(s.standard.product)),
    (
        "complaints",
        "penanganan pengaduan, saran dan masukan",
        "complaints, suggestions and feedback",
        lambda s: bool(s.standard.complaints),
    ),
)

_MANAGEMENT_NAMES: dict[str, tuple[str, str]] = {
    "facilities": ("sarana, prasarana dan/atau fasilitas", "facilities"),
    "staff_competence": ("kompetensi pelaksana", "staff competence"),
    "oversight": ("pengawasan internal", "internal oversight"),
    "staff_count": ("jumlah pelaksana", "number of staff"),
    "guarantee": ("jaminan pelayanan (maklumat)", "service guarantee (pledge)"),
    "security": ("jaminan keamanan dan keselamatan pelayanan", "security and safety guarantee"),
    "evaluation": ("evaluasi kinerja pelaksana", "staff performance evaluation"),
}


def _management_rule(key: str) -> StandardRule:
    name_id, name_en = _MANAGEMENT_NAMES[key]
    return (key, name_id, name_en, lambda s: _written(s.standard.management.get(key)))


_MANAGEMENT: tuple[StandardRule, ...] = (
    ("legal_basis", "dasar hukum", "legal basis", lambda s: _listed(s.standard.legal_basis)),
    *(_management_rule(key) for key in _MANAGEMENT_NAMES),
)


def standard_findings(spec: ServiceSpec) -> Iterator[Finding]:
    for part_id, part_en, rules in (("pelayanan", "delivery", _DELIVERY), ("pengelolaan", "management", _MANAGEMENT)):
        for key, name_id, name_en, published in rules:
            if not published(spec):
                yield Finding(
                    f"STANDARD_{key.upper()}",
                    "standard",
                    f"standard.{key}",
                    Text(
                        f"Standar pelayanan tidak memuat {name_id} (komponen {part_id}).",
                        f"The service standard does not publish its {name_en} ({part_en} part).",
                    ),
                    ("standard", "standard", key),
                )


# --- data minimisation ------------------------------------------------------------

# Field types whose value is a registry attribute whatever the field is called.
_TYPE_ATTRIBUTES = {"nik": "nik", "kk": "no_kk"}
# Words that mark a field or page as about the applicant.
_APPLICANT_WORDS = ("pemohon", "applicant", "data_diri", "identitas", "pribadi")

# What a document label asks for → the prefill source that already holds it.
_DOCUMENT_PATTERNS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"\b(ktp(-el)?|e-ktp|kartu tanda penduduk|identity card)\b", re.IGNORECASE), "ikd", "KTP-el"),
    (re.compile(r"\b(kk|kartu keluarga|family card)\b", re.IGNORECASE), "ikd", "KK"),
    (re.compile(r"\b(str|surat tanda registrasi|registration certificate)\b", re.IGNORECASE), "sisdmk", "STR"),
    (re.compile(r"\b(ijazah|diploma)\b", re.IGNORECASE), "sisdmk", "ijazah"),
)


@dataclass(frozen=True)
class RegistryKnowledge:
    """What the registries hold about an applicant: attribute names per source id."""

    attributes: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def names(self) -> frozenset[str]:
        return frozenset().union(*self.attributes.values()) if self.attributes else frozenset()


def installed_knowledge(context: CheckContext | None = None) -> RegistryKnowledge:
    """The attributes of the prefill sources (IKD, SISDMK, a region's own): of ``context``, else the installed ones."""
    from framework.definition.catalog import plugin_context

    context = context or plugin_context()
    return RegistryKnowledge({sid: source.attributes for sid, source in context.sources.items()})


def _stem(field_id: str) -> str:
    """The attribute a field names once the applicant marker is taken off: `nama_pemohon` → `nama`."""
    return field_id.removesuffix("_pemohon").removeprefix("pemohon_")


def _asks_registry_data(item: FieldSpec, known: frozenset[str]) -> str | None:
    """The registry attribute this field asks for again, if any."""
    stem = _stem(item.id)
    if stem in known:
        return stem
    by_type = _TYPE_ATTRIBUTES.get(item.type)
    return by_type if by_type in known else None


def _applicant_pages(spec: ServiceSpec) -> set[str]:
    applicant_lookups = {name for name, lookup in spec.lookups.items() if lookup.by == "applicant"}
    pages = set()
    for page in spec.pages:
        if any(f.prefill and f.prefill.lookup in applicant_lookups for f in page.fields) or _names_applicant(page):
            pages.add(page.id)
    return pages


def _names_applicant(page: PageSpec) -> bool:
    return any(word in page.id for word in _APPLICANT_WORDS)


def _lookup_keys(spec: ServiceSpec) -> set[str]:
    """Fields typed to look another person up (a mother's NIK): about someone else."""
    return {lookup.key_field for lookup in spec.lookups.values() if lookup.key_field}


def field_flags(spec: ServiceSpec, knowledge: RegistryKnowledge) -> Iterator[Finding]:
    known, pages, keys = knowledge.names(), _applicant_pages(spec), _lookup_keys(spec)
    for item in spec.iter_fields():
        about_applicant = item.page in pages or item.id != _stem(item.id)
        if item.prefill or item.id in keys or not about_applicant:
            continue
        attribute = _asks_registry_data(item, known)
        if attribute:
            yield Finding(
                "ASKS_REGISTRY_DATA",
                "minimisation",
                f"field {item.id}",
                Text(
                    f"Kolom `{item.id}` meminta data pemohon yang sudah ada di registri "
                    f"(`{attribute}`); isi dengan `prefill: <lookup>.{attribute}` dan `locked: true`.",
                    f"Field `{item.id}` asks the applicant for data a registry already holds "
                    f"(`{attribute}`); use `prefill: <lookup>.{attribute}` and `locked: true`.",
                ),
                ("field", item.id, None),
            )


def document_flags(spec: ServiceSpec) -> Iterator[Finding]:
    sources = {lookup.source for lookup in spec.lookups.values()}
    for document in spec.documents:
        label = f"{document.label.id} {document.label.en or ''}"
        for pattern, source, what in _DOCUMENT_PATTERNS:
            if source in sources and pattern.search(label):
                yield Finding(
                    "ASKS_REGISTRY_COPY",
                    "minimisation",
                    f"document {document.id}",
                    Text(
                        f"Dokumen `{document.id}` meminta salinan {what}, padahal "
                        f"datanya sudah diambil dari `{source}`; hapus dokumen ini.",
                        f"Document `{document.id}` asks for a copy of the {what} although "
                        f"the service already takes the data from `{source}`; drop it.",
                    ),
                    ("document", document.id, None),
                )
                break


def group_flags(spec: ServiceSpec, knowledge: RegistryKnowledge) -> Iterator[Finding]:
    """A NIK typed in a repeating group already tells IKD who each person is: asking their data again is flagged.

    The NIK itself identifies another person (a family member, a witness), as a
    mother's NIK does; what IKD holds about that person (name, birth date, sex,
    religion, address) must not be typed again in the same entry.
    """
    known = knowledge.names()
    for group in spec.iter_fields():
        nik = next((c for c in group.fields if c.type == "nik" and not c.prefill), None)
        if group.repeat is None or nik is None:
            continue
        for child in group.fields:
            attribute = None if child is nik or child.prefill else _asks_registry_data(child, known)
            if attribute:
                yield Finding(
                    "ASKS_REGISTRY_DATA_IN_GROUP",
                    "minimisation",
                    f"field {group.id}.{child.id}",
                    Text(
                        f"Kolom `{child.id}` pada kelompok berulang `{group.id}` meminta "
                        f"`{attribute}` setiap orang, padahal NIK yang diketik di "
                        f"`{nik.id}` sudah dikenal IKD beserta datanya; hapus kolom ini.",
                        f"Field `{child.id}` of the repeating group `{group.id}` "
                        f"asks each person's `{attribute}`, although IKD already "
                        f"knows them by the NIK typed in `{nik.id}`; drop the field.",
                    ),
                    ("field", f"{group.id}.{child.id}", None),
                )


# --- the whole audit ----------------------------------------------------------------


def audit_spec(spec: ServiceSpec, knowledge: RegistryKnowledge) -> ServiceAudit:
    findings = (
        *standard_findings(spec),
        *field_flags(spec, knowledge),
        *group_flags(spec, knowledge),
        *document_flags(spec),
    )
    return ServiceAudit(
        spec.id,
        spec.title,
        tuple(findings),
        region=spec.region,
        version=spec.version,
        sla=spec.standard.sla.text if spec.standard.sla else None,
        fee=spec.standard.fee,
    )


def audit_specs(specs: Iterable[ServiceSpec], knowledge: RegistryKnowledge | None = None) -> AuditReport:
    """Audit every given service (templates are skipped: they are never offered)."""
    knowledge = knowledge if knowledge is not None else installed_knowledge()
    return AuditReport(tuple(audit_spec(spec, knowledge) for spec in specs if not spec.template))


# --- what `mpp validate --strict` reports ------------------------------------------------

# a finding's kind -> the checker's code for it (the audit's own code is named in the message)
CHECKER_CODES = {"standard": "STANDARD_INCOMPLETE", "minimisation": "DATA_NOT_MINIMAL"}


def finding_problems(audit: ServiceAudit, data: Mapping[str, Any]) -> list[Problem]:
    """The findings as problems of the file that declares the service (``data``).

    An element the file does not write itself (a variant inheriting an
    incomplete standard) is reported at `extends`, where the author looks next.
    """
    problems = []
    for finding in audit.findings:
        kind, item, key = finding.element
        path = path_of(data, kind, item, key) or (("extends",) if "extends" in data else ("service",))
        marker = f" (mpp audit: {finding.code})"
        message = Text(finding.message.id + marker, (finding.message.en or finding.message.id) + marker)
        problems.append(Problem(path, CHECKER_CODES[finding.kind], message, at="key" if len(path) == 1 else "value"))
    return problems


def audit_warnings(catalog: Catalog, files: Iterable[str], knowledge: RegistryKnowledge | None = None) -> list:
    """What `mpp audit` would flag in the services of ``files`` (display paths), as located warnings."""
    knowledge = knowledge if knowledge is not None else installed_knowledge()
    warnings = []
    for display in files:
        spec = catalog.specs.get(catalog.files.get(display, ""))
        if spec is None or spec.template:
            continue
        loaded = load_file(display)
        if loaded.ok:
            warnings += located_findings(audit_spec(spec, knowledge), loaded)
    return warnings


def located_findings(audit: ServiceAudit, loaded: Loaded) -> list:
    """The findings of ``audit`` as warnings located in ``loaded``, the file that declares the service."""
    return locate(loaded, finding_problems(audit, loaded.tree))
