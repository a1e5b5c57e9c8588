"""An application as an officer works on it: answers by page with provenance, documents, timeline, SLA.

`open_case` is the officer's read of personal data: it goes through
``applications.view`` (the API's check and audit), and anything the officer may
not see is *not found* — never "forbidden", which would confirm that another
region's application exists. `officer_document` serves one uploaded document
the same way, audited too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from framework.core.text import Text
from framework.definition.model import FieldSpec, ServiceSpec
from framework.forms.pageview import display_value
from framework.forms.prefill import source_label
from framework.services import applications, audit_trail
from framework.services.issue_status import IssueStatus, issue_status
from framework.services.records import STATE_LABELS, timeline
from framework.services.returnable import returnable
from framework.services.signature_step import signs_personally
from framework.storage import Storage, UploadInfo
from framework.store.application_record import ApplicationRecord, Viewed
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.calendar import minutes_left, zone_of
from framework.workflow.errors import Forbidden, NotFound

NOT_FOUND = ("Permohonan tidak ditemukan.", "No application with that tracking number.")
# how a document is served: only kinds a browser shows without running anything, inline
INLINE_MIME = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
PROVENANCE = {
    "verified": Text("Terverifikasi", "Verified"),
    "unverified": Text(
        "Belum terverifikasi: registri tidak menjawab, diisi pemohon",
        "Not verified: the registry did not answer, typed by the applicant",
    ),
    "typed": Text("Diisi pemohon", "Typed by the applicant"),
}


@dataclass(frozen=True)
class Answer:
    field_id: str
    label: Text
    value: Text
    provenance: str  # verified | unverified | typed
    source: Text | None = None  # "dari IKD"
    rows: list[list[Answer]] = field(default_factory=list)  # a repeating group's rows


@dataclass(frozen=True)
class Section:
    page_id: str
    title: Text
    answers: list[Answer]


@dataclass(frozen=True)
class DocumentEntry:
    document_id: str
    label: Text
    filename: str
    size: int
    kind: str | None
    inline: bool  # a PDF or image the browser may show


@dataclass(frozen=True)
class Change:
    """One field changed at a resubmission."""

    label: Text
    old: Text
    new: Text


@dataclass(frozen=True)
class Resubmission:
    at: str | None
    changes: list[Change]


@dataclass(frozen=True)
class CaseFile:
    application: ApplicationRecord
    spec: ServiceSpec
    sections: list[Section]
    documents: list[DocumentEntry]
    history: list[dict[str, Any]]
    resubmissions: list[Resubmission]
    actions: list[str]
    returnable: list[tuple[str, Text]]  # fields and documents the officer may name when returning
    minutes_left: int | None
    kept_apart: bool = False  # the officer decided another step of it: another officer decides this one
    issue: IssueStatus | None = None  # after approval: where its product stands
    signs: bool = False  # approving this step is the officer's own electronic signature (a passphrase is asked)

    @property
    def state_label(self) -> Text:
        """The state as the officer reads it: the step's title while waiting at a step, else the state's name.

        Why not ``current_step``: a returned application keeps the step that
        returned it there, and it is waiting for the citizen, not at that step.
        """
        state = self.application.state
        step = next((s for s in self.spec.steps if s.id == state), None)
        return step.title if step else STATE_LABELS.get(state, Text(state))


def open_case(
    session: Session,
    tracking_number: str,
    actor: Actor,
    *,
    codelists: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> CaseFile:
    """The officer's view of one application (audited); NotFound for anyone outside it."""
    if not actor.is_officer:
        raise NotFound(*NOT_FOUND)
    try:
        application, spec = applications.view(session, tracking_number, actor=actor, codelists=codelists)
    except Forbidden:
        raise NotFound(*NOT_FOUND) from None
    return CaseFile(
        application=application,
        spec=spec,
        sections=_sections(spec, application),
        documents=_documents(spec, application),
        history=timeline(application, spec, officer=True),
        resubmissions=_resubmissions(spec, application),
        actions=applications.allowed_actions(spec, application, actor),
        returnable=returnable(spec, application.answers or {}),
        minutes_left=minutes_left(application.due_at, now or utcnow(), zone_of(application.region)),
        kept_apart=applications.kept_apart(spec, application, actor),
        issue=issue_status(session, application.tracking_number, application.state),
        signs=signs_personally(session, spec, application.state, actor) is not None,
    )


def _text(item: FieldSpec, value: Any) -> Text:
    return Text(display_value(item, value, "id"), display_value(item, value, "en"))


def _answer(item: FieldSpec, value: Any, prefill: Mapping[str, Any]) -> Answer:
    origin = prefill.get(item.id) or {}
    provenance = "typed" if not origin else "verified" if origin.get("verified") else "unverified"
    source = source_label(origin["source"]) if origin.get("source") else None
    if item.is_group:
        rows = value if isinstance(value, list) else [value] if isinstance(value, Mapping) else []
        children = [  # a row's value looked up by its NIK keeps its provenance by row path (`anggota.0.nama`)
            [_answer(child, row.get(child.id), _of_row(prefill, item.id, index)) for child in item.fields]
            for index, row in enumerate(rows)
        ]
        return Answer(item.id, item.label, Text(""), provenance, source, children)
    return Answer(item.id, item.label, _text(item, value), provenance, source)


def _of_row(prefill: Mapping[str, Any], group_id: str, index: int) -> dict[str, Any]:
    """The provenance of one row's fields, by field id (stored by row path)."""
    prefix = f"{group_id}.{index}."
    return {name[len(prefix) :]: origin for name, origin in prefill.items() if name.startswith(prefix)}


def _sections(spec: ServiceSpec, application: Viewed) -> list[Section]:
    return sections_of(spec, application.answers or {}, application.prefill or {})


def sections_of(spec: ServiceSpec, answers: Mapping[str, Any], prefill: Mapping[str, Any]) -> list[Section]:
    """Answers laid out by the definition's pages, each with its label and provenance."""
    return [
        Section(
            page.id,
            page.title,
            [_answer(item, answers.get(item.id), prefill) for item in page.fields if item.id in answers],
        )
        for page in spec.pages
    ]


def _documents(spec: ServiceSpec, application: Viewed) -> list[DocumentEntry]:
    stored = application.documents or {}
    labels = {document.id: document.label for document in spec.documents}
    return [
        DocumentEntry(
            doc_id,
            labels.get(doc_id, Text(doc_id)),
            str(info.get("filename", "")),
            int(info.get("size") or 0),
            info.get("kind"),
            info.get("kind") in INLINE_MIME,
        )
        for doc_id, info in stored.items()
    ]


def _resubmissions(spec: ServiceSpec, application: Viewed) -> list[Resubmission]:
    """What changed at each resubmission (the history keeps {field: {old, new}})."""
    items = {item.id: item for item in spec.iter_fields()}
    documents = {document.id: document.label for document in spec.documents}
    found = []
    for record in application.history:
        if record.action != "resubmit":
            continue
        changes = []
        for name, change in sorted((record.fields or {}).get("changed", {}).items()):
            item = items.get(name)
            old, new = change.get("old"), change.get("new")
            if item is not None:
                changes.append(Change(item.label, _text(item, old), _text(item, new)))
            else:
                changes.append(Change(documents.get(name, Text(name)), Text(str(old or "")), Text(str(new or ""))))
        found.append(Resubmission(record.at.isoformat() if record.at else None, changes))
    return found


@dataclass(frozen=True)
class ServedDocument:
    data: bytes
    filename: str
    mime: str
    inline: bool


def officer_document(
    session: Session,
    tracking_number: str,
    document_id: str,
    actor: Actor,
    storage: Storage,
    *,
    codelists: Mapping[str, Any] | None = None,
) -> ServedDocument:
    """One uploaded document of an application the officer works on (audited); NotFound otherwise.

    Served by the kind judged from its bytes at upload: a PDF or image inline
    with its own type, anything else as an opaque download.
    """
    application = applications.find(session, tracking_number)
    spec = applications.spec_of(session, application, codelists)
    if not applications.may_view(spec, application, actor) or not actor.is_officer:
        raise NotFound(*NOT_FOUND)
    info = (application.documents or {}).get(document_id)
    if info is None:
        raise NotFound("Dokumen tidak ditemukan.", "No such document.")
    upload = UploadInfo.from_dict(info)
    audit_trail.record(
        session,
        actor,
        "application.document",
        application.tracking_number,
        {"document": document_id, "personal_data": True},
        region=application.area,
    )
    session.commit()
    inline = upload.kind in INLINE_MIME
    return ServedDocument(
        storage.open(upload.key),
        upload.filename or f"{document_id}",
        INLINE_MIME.get(upload.kind or "", "application/octet-stream"),
        inline,
    )
