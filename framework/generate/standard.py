"""The published service standard (standar pelayanan) of every service.

Permenpan-RB 15/2014 requires each service to publish its standard; this
writes it from the definition itself, so what is published is exactly what
the form, the documents and the approval chain enforce. One document per
language, in Markdown and HTML:
``services/<id>/standard.{id,en}.{md,html}``.
"""

from __future__ import annotations

from collections.abc import Iterable

from framework.core.text import LANGUAGES, Text
from framework.definition import Catalog
from framework.definition.durations import Duration
from framework.definition.model import ServiceSpec
from framework.generate.conditions import in_words
from framework.generate.names import provider_name, region_name, step_role_name
from framework.generate.render import RENDERERS, Document, Inline, Items, Paragraph, Part, Section, Table

# key: (Bahasa Indonesia, English)
LABELS: dict[str, tuple[str, str]] = {
    "title_prefix": ("Standar Pelayanan", "Service Standard"),
    "about": ("Tentang layanan", "About the service"),
    "service_id": ("Kode layanan", "Service id"),
    "version": ("Versi", "Version"),
    "provider": ("Penyedia", "Provider"),
    "region": ("Wilayah", "Region"),
    "national": ("Nasional (semua lokus)", "National (every locus)"),
    "extends": ("Turunan dari", "Adapted from"),
    "delivery": ("Komponen Penyampaian Pelayanan", "Service delivery"),
    "requirements": ("Persyaratan", "Requirements"),
    "documents": ("Dokumen yang diunggah", "Documents to upload"),
    "no_documents": ("Tidak ada dokumen yang perlu diunggah.", "No document needs to be uploaded."),
    "prefilled": (
        "Data yang diambil dari registri (tidak perlu diisi)",
        "Data taken from registries (not asked again)",
    ),
    "procedure": ("Sistem, mekanisme dan prosedur", "System, mechanism and procedure"),
    "steps": ("Alur persetujuan", "Approval chain"),
    "time": ("Jangka waktu pelayanan", "Time limit"),
    "fee": ("Biaya/tarif", "Fee"),
    "product": ("Produk pelayanan", "Product"),
    "complaints": ("Penanganan pengaduan, saran dan masukan", "Complaints, suggestions and feedback"),
    "management": ("Komponen Pengelolaan Pelayanan", "Service management"),
    "legal_basis": ("Dasar hukum", "Legal basis"),
    "facilities": ("Sarana, prasarana dan/atau fasilitas", "Facilities"),
    "staff_competence": ("Kompetensi pelaksana", "Staff competence"),
    "oversight": ("Pengawasan internal", "Internal oversight"),
    "staff_count": ("Jumlah pelaksana", "Number of staff"),
    "guarantee": ("Jaminan pelayanan", "Service guarantee"),
    "security": ("Jaminan keamanan dan keselamatan pelayanan", "Security and safety guarantee"),
    "evaluation": ("Evaluasi kinerja pelaksana", "Staff performance evaluation"),
    "col_item": ("Keterangan", "Item"),
    "col_value": ("Isi", "Value"),
    "col_document": ("Dokumen", "Document"),
    "col_types": ("Jenis berkas", "File types"),
    "col_size": ("Ukuran maks.", "Max. size"),
    "col_when": ("Wajib bila", "Required when"),
    "always": ("selalu", "always"),
    "optional": ("tidak wajib", "optional"),
    "col_field": ("Data", "Data"),
    "col_source": ("Sumber", "Source"),
    "col_step": ("Tahap", "Step"),
    "col_role": ("Peran petugas", "Officer role"),
    "col_sla": ("Batas waktu", "Time limit"),
    "col_deadline": ("Bila lewat batas waktu", "When the time limit passes"),
    "none": ("-", "-"),
    "free": ("Rp 0 (gratis)", "Rp 0 (free of charge)"),
    "hours": ("jam kerja", "working hour(s)"),
    "days": ("hari kerja", "working day(s)"),
    "not_stated": ("(belum dinyatakan)", "(not stated)"),
}

DEADLINE_LABELS: dict[str, tuple[str, str]] = {
    "approve": ("disetujui otomatis (fiktif positif)", "approved automatically (fiktif positif)"),
    "reject": ("ditolak otomatis", "rejected automatically"),
    "escalate": ("dilaporkan ke atasan", "escalated to the supervisor"),
}

CHANNELS: dict[str, tuple[str, str]] = {
    "lapor": (
        "SP4N-LAPOR! (www.lapor.go.id), ditindaklanjuti paling lama 5 hari kerja setelah diverifikasi",
        "SP4N-LAPOR! (www.lapor.go.id), followed up within 5 working days of verification",
    ),
}

SOURCES: dict[str, str] = {"ikd": "IKD (Dukcapil)", "sisdmk": "SISDMK / SATUSEHAT SDMK"}

MANAGEMENT_KEYS = ("facilities", "staff_competence", "oversight", "staff_count", "guarantee", "security", "evaluation")


def label(key: str, language: str) -> str:
    pair = LABELS[key]
    return pair[0] if language == "id" else pair[1]


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[0] if language == "id" else pair[1]


def _part(value: Text, language: str) -> Inline:
    """``value`` in ``language``; a :class:`Part` in Indonesian where the definition has no English for it."""
    used = value.language(language)
    return value.get(language) if used == language else Part(value.get(language), used)


def _text(value: Text | None, language: str) -> Inline:
    return _part(value, language) if value else label("not_stated", language)


def duration_text(duration: Duration | None, language: str) -> str:
    if duration is None:
        return label("not_stated", language)
    if duration.days is not None:
        return f"{duration.days} {label('days', language)}"
    return f"{duration.working_hours} {label('hours', language)}"


def _texts(values: Iterable[Text], language: str) -> tuple[Inline, ...]:
    return tuple(_part(v, language) for v in values)


def _about(spec: ServiceSpec, catalog: Catalog, language: str) -> Section:
    rows: list[tuple[Inline, ...]] = [
        (label("service_id", language), spec.id),
        (label("version", language), str(spec.version)),
        (label("provider", language), _part(provider_name(spec, catalog, language), language)),
    ]
    rows.append((label("region", language), region_name(spec.region) if spec.region else label("national", language)))
    if spec.region and spec.extends:
        rows.append((label("extends", language), spec.extends))
    return Section(
        label("about", language), (Table((label("col_item", language), label("col_value", language)), tuple(rows)),)
    )


def _documents(spec: ServiceSpec, language: str) -> Section:
    if not spec.documents:
        return Section(label("documents", language), (Paragraph(label("no_documents", language)),), 3)
    rows = tuple(
        (
            _part(d.label, language),
            ", ".join(d.accept),
            f"{d.max_mb:g} MB",
            (in_words(d.when.source, spec, language) if d.when else label("always", language))
            if d.required
            else label("optional", language),
        )
        for d in spec.documents
    )
    return Section(
        label("documents", language),
        (
            Table(
                (
                    label("col_document", language),
                    label("col_types", language),
                    label("col_size", language),
                    label("col_when", language),
                ),
                rows,
            ),
        ),
        3,
    )


def _prefilled(spec: ServiceSpec, language: str) -> Section:
    rows = tuple(
        (
            _part(f.label, language),
            SOURCES.get(spec.lookups[f.prefill.lookup].source, spec.lookups[f.prefill.lookup].source),
        )
        for f in spec.iter_fields()
        if f.prefill and f.prefill.lookup in spec.lookups
    )
    return Section(
        label("prefilled", language),
        (Table((label("col_field", language), label("col_source", language)), rows),)
        if rows
        else (Paragraph(label("none", language)),),
        3,
    )


def _steps(spec: ServiceSpec, catalog: Catalog, language: str) -> Section:
    rows = tuple(
        (
            _part(s.title, language),
            _part(step_role_name(s.role, catalog), language),
            duration_text(s.sla, language),
            _pick(DEADLINE_LABELS[s.on_deadline], language) if s.on_deadline else label("none", language),
        )
        for s in spec.steps
    )
    headers = (
        label("col_step", language),
        label("col_role", language),
        label("col_sla", language),
        label("col_deadline", language),
    )
    return Section(label("steps", language), (Table(headers, rows),), 3)


def _fee(spec: ServiceSpec, language: str) -> tuple[Paragraph, ...]:
    fee = spec.standard.fee
    amount = (
        label("free", language)
        if fee == 0
        else (f"Rp {fee:,.0f}".replace(",", ".") if fee is not None else label("not_stated", language))
    )
    basis = (Paragraph(_part(spec.standard.fee_basis, language)),) if spec.standard.fee_basis else ()
    return (Paragraph(amount), *basis)


def _delivery(spec: ServiceSpec, catalog: Catalog, language: str) -> list[Section]:
    standard = spec.standard
    channel = standard.complaints or ""
    return [
        Section(label("delivery", language), ()),
        Section(label("requirements", language), (Items(_texts(standard.requirements, language)),), 3),
        _documents(spec, language),
        _prefilled(spec, language),
        Section(label("procedure", language), (Items(_texts(standard.procedure, language), ordered=True),), 3),
        _steps(spec, catalog, language),
        Section(label("time", language), (Paragraph(duration_text(standard.sla, language)),), 3),
        Section(label("fee", language), _fee(spec, language), 3),
        Section(label("product", language), (Paragraph(_text(standard.product, language)),), 3),
        Section(
            label("complaints", language),
            (
                Paragraph(
                    _pick(CHANNELS[channel], language)
                    if channel in CHANNELS
                    else channel or label("not_stated", language)
                ),
            ),
            3,
        ),
    ]


def _management(spec: ServiceSpec, language: str) -> list[Section]:
    standard = spec.standard
    sections = [
        Section(label("management", language), ()),
        Section(label("legal_basis", language), (Items(_texts(standard.legal_basis, language)),), 3),
    ]
    for key in MANAGEMENT_KEYS:
        sections.append(Section(label(key, language), (Paragraph(_text(standard.management.get(key), language)),), 3))
    return sections


def standard_document(spec: ServiceSpec, catalog: Catalog, language: str) -> Document:
    """The service standard of ``spec`` in ``language`` (`id` or `en`); ``catalog`` names its roles and issuer
    (a citizen reads "Tim teknis Dinas Kesehatan", not ``teknis_dinkes``)."""
    title = (f"{label('title_prefix', language)}: ", _part(spec.title, language))
    sections = [_about(spec, catalog, language), *_delivery(spec, catalog, language), *_management(spec, language)]
    return Document(language, title, _part(spec.summary, language), tuple(sections))


def service_standards(catalog: Catalog) -> dict[str, str]:
    """Generator: ``services/<id>/standard.<lang>.<md|html>`` for every offered service."""
    files: dict[str, str] = {}
    for spec in catalog.offered():
        for language in LANGUAGES:
            document = standard_document(spec, catalog, language)
            for extension, render in RENDERERS.items():
                files[f"services/{spec.id}/standard.{language}.{extension}"] = render(document)
    return files
