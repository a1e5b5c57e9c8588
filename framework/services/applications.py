"""The service functions every entry point calls: API, portal, admin and workers.

Views are thin: they authenticate, turn the request into arguments, call one
of these and render the result. Each function is one transaction: it commits
everything (the application, its history, the audit event, the outbox
messages) or, on any error, nothing. Two officers acting at once are kept
apart by the row version of the application: the second gets ``Conflict``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, bindparam, or_, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from framework.core import settings
from framework.core.errors import FieldError, nul_errors
from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.forms.messages import message
from framework.forms.prefill import PrefilledValue
from framework.forms.validation import Validated, validate_answers
from framework.services import audit_trail, figures
from framework.services import tracking_numbers as tracking
from framework.services.loci import current_loci
from framework.services.records import STATE_LABELS
from framework.services.return_reasons import labels_of, reasons_text
from framework.services.returnable import not_returnable
from framework.services.scope import in_scope
from framework.storage import UploadInfo
from framework.store.application_record import ApplicationRecord, Viewed, read_application
from framework.store.models import Application, IdempotencyKey, TransitionRecord
from framework.store.outbox import enqueue
from framework.store.prepared import Prepared
from framework.store.rows import add_now
from framework.store.types import utcnow
from framework.workflow.actors import Actor
from framework.workflow.areas import area_of
from framework.workflow.calendar import add_working_hours, add_working_minutes, minutes_left, zone_of
from framework.workflow.errors import BadRequest, Conflict, Forbidden, Invalid, NotFound, field_error
from framework.workflow.loci import Loci
from framework.workflow.machine import CITIZEN, DECIDED_STATES, NEEDS_REASON, OFFICER_ACTIONS, SYSTEM, Move, Workflow
from framework.workflow.offering import filed_by_region, offering_errors
from framework.workflow.pinning import forget_snapshots as _forget_snapshots
from framework.workflow.pinning import snapshot as _snapshot
from framework.workflow.pinning import spec_of, workflow_of
from framework.workflow.roles import ADMIN_ROLE

TRACKING_NUMBER_ATTEMPTS = 5

__all__ = [
    "Actor",
    "Decision",
    "submit",
    "transition",
    "resubmit",
    "mark_issued",
    "find",
    "view",
    "spec_of",
    "workflow_of",
    "allowed_actions",
    "may_view",
    "queue",
    "is_overdue",
    "Conflict",
    "Forbidden",
    "Invalid",
    "NotFound",
    "BadRequest",
]


# --- filing ------------------------------------------------------------------------------


def submit(
    session: Session,
    spec: ServiceSpec,
    *,
    region: Any,
    answers: Mapping[str, Any],
    applicant_nik: str,
    prefill: Mapping[str, PrefilledValue] | None = None,
    documents: Mapping[str, UploadInfo] | None = None,
    idempotency_key: str | None = None,
    ip: str | None = None,
    definitions: Path | None = None,
    others: Iterable[ServiceSpec] = (),
    now: datetime | None = None,
    counter: Actor | None = None,
    loci: Loci | None = None,
) -> Application:
    """File an application; the same ``idempotency_key`` of the same applicant returns the first one.

    ``prefill``: the registry values the server looked up (never the
    client's), by field id. ``documents``: the stored uploads, by document id.
    ``counter``: the front-office officer filing for a walk-in citizen (the
    application is the citizen's; the history says who filed it at the counter).
    ``loci``: where services are offered (read from the database when not given:
    the file's loci and the regions onboarded since). ``region``: as the client
    sent it; missing or not a string is a located error among the others.
    """
    _refuse_nul({"region": region, "Idempotency-Key": idempotency_key or ""}, answers)
    fingerprint = request_fingerprint(spec.id, region, answers, documents)
    now = now or utcnow()
    actor = Actor.citizen(applicant_nik, ip)
    _require_filer(spec, region, counter)
    folder = definitions or settings.definitions_dir()
    problems = offering_errors(spec, region, folder, others, loci or current_loci(session, folder))
    uploads = dict(documents or {})
    values, provenance = _prefill_parts(prefill or {})
    validated = _validate(spec, answers, values, uploads)
    problems = problems + _not_asked(validated, uploads)
    if problems or not validated.ok:
        if idempotency_key and (earlier := _replay(session, applicant_nik, idempotency_key, fingerprint)):
            return earlier  # a retry of a filing accepted earlier (or 422 when the key was used for another body)
        raise Invalid(problems + list(validated.errors))
    # A key seen before is found by its unique constraint when the filing is written (IntegrityError,
    # then _replay below), not by a look-up before every filing: retries are rare, filings are not.
    for attempt in range(TRACKING_NUMBER_ATTEMPTS):
        try:
            application = _file(
                session,
                spec,
                counter or actor,
                region,
                (applicant_nik, validated.answers, provenance),
                uploads,
                (idempotency_key, fingerprint),
                now,
            )
            session.commit()
            return application
        except IntegrityError:
            session.rollback()
            _forget_snapshots(session)  # a pinned definition the database no longer has fails on its key
            if idempotency_key and (earlier := _replay(session, applicant_nik, idempotency_key, fingerprint)):
                return earlier  # a concurrent retry of the same request won
            if attempt + 1 == TRACKING_NUMBER_ATTEMPTS:
                raise
        except BaseException:
            session.rollback()
            raise
    raise AssertionError("unreachable")  # pragma: no cover


def _require_filer(spec: ServiceSpec, region: str, counter: Actor | None) -> None:
    """403 unless the region's own admin files a region's application to the ministry (citizens may not)."""
    if not filed_by_region(spec):
        return
    if counter is not None and counter.role == ADMIN_ROLE and counter.covers(region):
        return
    raise Forbidden(
        "Layanan ini diajukan oleh admin daerah wilayah tersebut, di Loket ruang kerja petugas.",
        "This service is filed by the region's own admin, at the counter of the officer workspace.",
    )


def _validate(
    spec: ServiceSpec, answers: Mapping[str, Any], prefilled: Mapping[str, Any], uploads: Mapping[str, Any]
) -> Any:
    _require_object(answers)
    return validate_answers(spec, answers, prefilled=prefilled, documents=uploads)


def _not_asked(validated: Validated, uploads: Mapping[str, UploadInfo]) -> list[FieldError]:
    """A located error for each upload the answers do not ask for (its `when` is false): never stored.

    Why: the portal shows only the documents the answers ask for and files
    no other; a client of the API could attach, say, a police report of a
    loss to an application that is about a change of data. Data that is not
    needed is not kept (data minimisation).
    """
    return [
        FieldError(doc_id, "document_not_asked", message("document_not_asked"))
        for doc_id in uploads
        if doc_id not in validated.asked_documents
    ]


def _refuse_nul(others: Mapping[str, Any], answers: Any = None) -> None:
    """422 before anything is stored or looked up: a NUL anywhere (PostgreSQL refuses it; SQLite would keep it)."""
    errors = nul_errors(dict(others)) + (nul_errors(answers) if isinstance(answers, Mapping) else [])
    if errors:
        raise Invalid(errors)


def _require_object(answers: Any) -> None:
    """422 on `answers` unless it is a JSON object: the API passes on whatever the client sent."""
    if not isinstance(answers, Mapping):
        raise Invalid(
            [field_error("answers", "type", "Jawaban harus berupa objek JSON.", "Answers must be a JSON object.")]
        )


def _prefill_parts(prefill: Mapping[str, PrefilledValue]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(values for validation, provenance to store) of the registry values the server looked up."""
    values = {field_id: item.value for field_id, item in prefill.items()}
    return values, {field_id: item.provenance() for field_id, item in prefill.items()}


def request_fingerprint(service_id: str, region: Any, answers: Any, documents: Mapping[str, UploadInfo] | None) -> str:
    """SHA-256 of what a filing asks for: the service, region, posted answers and each document's content hash.

    Why: the IETF Idempotency-Key draft says a key reused with a different
    request must be refused, not answered with the first request's result.
    """
    import hashlib

    hashes = {doc_id: upload.sha256 for doc_id, upload in (documents or {}).items()}
    body = json.dumps(
        {"service": service_id, "region": region, "answers": answers, "documents": hashes},
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _replay(session: Session, applicant_nik: str, key: str, fingerprint: str) -> Application | None:
    """The application filed earlier with this key, when the request is the same; 422 when it is not."""
    row = session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.applicant_nik == applicant_nik, IdempotencyKey.key == key)
    )
    if row is None:
        return None
    if row.fingerprint is not None and row.fingerprint != fingerprint:
        raise Invalid(
            [
                field_error(
                    "Idempotency-Key",
                    "idempotency_key_reused",
                    "Idempotency-Key ini sudah dipakai untuk permohonan "
                    "dengan isi lain; pakai kunci baru untuk permohonan baru.",
                    "This Idempotency-Key was already used for a request with "
                    "a different body; use a new key for a new application.",
                )
            ],
            code="idempotency_key_reused",
        )
    return session.get(Application, row.application_id)


def _file(
    session: Session,
    spec: ServiceSpec,
    actor: Actor,
    region: str,
    filed: tuple[str, dict, dict],
    uploads: dict,
    key: tuple[str | None, str],
    now: datetime,
) -> Application:
    """``actor`` files it: the applicant, or the counter officer for them; ``filed``: (applicant NIK, answers,
    provenance).

    Each row is written at once (``add_now``: one INSERT, no unit of work), in
    the caller's transaction: the application, its first history entry, the
    idempotency key, the audit event and the outbox message commit together.
    """
    applicant_nik, answers, provenance = filed
    _snapshot(session, spec)
    flow = workflow_of(spec)
    first = flow.first_state
    at_counter = actor.is_officer
    application = add_now(
        session,
        Application,
        {
            "tracking_number": tracking.generate(),
            "service_id": spec.id,
            "service_version": spec.version,
            "content_hash": spec.content_hash,
            "region": region,
            "area": area_of(spec, region, answers, provenance),
            "filed_by": actor.id if at_counter else None,
            "applicant_nik": applicant_nik,
            "state": first,
            "current_step": first if flow.is_step(first) else None,
            "answers": _jsonable(answers),
            "prefill": provenance,
            "documents": {k: v.as_dict() for k, v in uploads.items()},
            "created_at": now,
            "submitted_at": now,
            "due_at": _due(flow, first, now, region),
            "return_fields": [],
            "version": 1,
            **NOT_YET,
        },
    )
    entry = add_now(
        session,
        TransitionRecord,
        {
            "application_id": application.id,
            "from_state": "draft",
            "to_state": first,
            "action": "submit",
            "actor": actor.id,
            "role": actor.role,
            "comment": None,
            "fields": {"counter": True} if at_counter else {},
            "at": now,
        },
    )
    set_committed_value(application, "history", [entry])  # the whole history, known without reading it back
    set_committed_value(entry, "application", application)
    figures.record_move(session, application, spec, figures.Move("draft", first, "submit", now))
    if key[0]:
        add_now(
            session,
            IdempotencyKey,
            {
                "applicant_nik": applicant_nik,
                "key": key[0],
                "fingerprint": key[1],
                "application_id": application.id,
                "created_at": now,
            },
        )
    audit_trail.record(
        session,
        actor,
        "application.submit",
        application.tracking_number,
        {"service": spec.id, "version": spec.version, **({"counter": True} if at_counter else {})},
        now,
        region=application.area,
    )
    _notify(session, spec, "submitted", application)
    if first == "approved":
        _on_approved(session, spec, application, now)
        session.flush()
    return application


# The columns a new application has no value for yet, given so the returned object has them loaded.
NOT_YET: dict[str, Any] = dict.fromkeys(
    (
        "decided_at",
        "issued_at",
        "product_ref",
        "returned_from",
        "return_reason",
        "purged_at",
        "sla_paused_minutes",
        "overdue_since",
        "escalated_at",
        "resubmitted_at",
    )
)


def _jsonable(value: Any) -> Any:
    """Answers as JSON: dates become ISO strings (the cleaned answers hold `datetime.date`)."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v)))


def _due(flow: Workflow, state: str, start: datetime, region: str | None) -> datetime | None:
    """When the step ``state`` is due, on the working hours of the region's office (``zone_of``)."""
    step = flow.step(state)
    if step is None or not step.sla:
        return None
    return add_working_hours(start, step.sla.working_hours, zone_of(region))


# --- deciding ----------------------------------------------------------------------------


def find(session: Session, tracking_number: str, *, for_update: bool = False) -> Application:
    """The application to decide on or change, or BadRequest (mistyped number: the database is not asked) / NotFound."""
    query = _FOR_UPDATE if for_update else _BY_NUMBER
    application = session.execute(query, {"number": parse_number(tracking_number)}).scalar()
    if application is None:
        raise not_found()
    return application


# Built once (only the number changes): building a statement and its cache key cost as much as running it.
_BY_NUMBER = select(Application).where(Application.tracking_number == bindparam("number"))
_FOR_UPDATE = _BY_NUMBER.with_for_update()


def find_viewed(session: Session, tracking_number: str) -> ApplicationRecord:
    """The application with its history and complaints flag, read for viewing only; BadRequest / NotFound.

    A frozen record, not an ORM object (``framework.store.application_record``):
    nothing is loaded into the session, and no change to it is ever written.
    """
    record = read_application(session.connection(), parse_number(tracking_number))
    if record is None:
        raise not_found()
    return record


@dataclass(frozen=True)
class PublicView:
    """What anyone holding the tracking number may read of an application (``records.public_status``).

    Read with one Core select of these columns, not as an ORM object: the
    public tracking page is the site's most visited page after the service
    list, and loading the whole row (answers, prefill, documents) into an
    object cost a sixth of it.
    """

    tracking_number: str
    content_hash: str
    state: str
    submitted_at: datetime | None
    due_at: datetime | None
    decided_at: datetime | None
    issued_at: datetime | None
    region: str  # its times are shown in the region's zone (WIB, WITA, WIT)


_PUBLIC_COLUMNS = [Application.__table__.c[name] for name in PublicView.__dataclass_fields__]
_NUMBER_IS = Application.__table__.c.tracking_number == bindparam("number")
_PUBLIC = Prepared(select(*_PUBLIC_COLUMNS).where(_NUMBER_IS))
# the public columns and whether the signed-in citizen filed it: the NIK is compared in the database, not read
_PUBLIC_AND_OWN = Prepared(
    select(*_PUBLIC_COLUMNS, (Application.__table__.c.applicant_nik == bindparam("citizen")).label("own")).where(
        _NUMBER_IS
    )
)


def find_public(connection: Connection, tracking_number: str) -> PublicView:
    """The public fields of an application, or BadRequest (mistyped number) / NotFound.

    On a bare connection: the public tracking page reads on the one its rate count already took from the
    pool, so an anonymous look-up checks out (and, on PostgreSQL, pings) one connection, not two.
    """
    row = _PUBLIC.first(connection, {"number": parse_number(tracking_number)})
    if row is None:
        raise not_found()
    return PublicView(*row)


def find_public_as(connection: Connection, tracking_number: str, citizen: str) -> tuple[PublicView, bool]:
    """The public fields, and whether ``citizen`` (a NIK) filed the application; BadRequest / NotFound.

    Why not the whole record: a signed-in citizen may look up anyone's
    number, and the answers, NIK and history of someone else's application
    have no business being read for that (only the applicant's own are).
    """
    row = _PUBLIC_AND_OWN.first(connection, {"number": parse_number(tracking_number), "citizen": citizen})
    if row is None:
        raise not_found()
    return PublicView(*row[:-1]), bool(row[-1])


def parse_number(tracking_number: str) -> str:
    """The tracking number in its stored form, or BadRequest (a mistyped number never reaches the database)."""
    try:
        return tracking.parse(tracking_number)
    except tracking.TrackingNumberError as exc:
        raise BadRequest(exc.text, code="bad_tracking_number") from None


def not_found() -> NotFound:
    return NotFound("Permohonan tidak ditemukan.", "No application with that tracking number.")


def transition(
    session: Session,
    tracking_number: str,
    *,
    action: str,
    actor: Actor,
    comment: str | None = None,
    fields: Iterable[str] | None = None,
    now: datetime | None = None,
    codelists: Mapping[str, Any] | None = None,
    reasons: Mapping[str, str] | None = None,
    expected_version: int | None = None,
) -> Application:
    """Move an application by ``action`` (approve, return, reject, withdraw, resubmit).

    403 when the actor may not (wrong role, wrong region, not the applicant);
    409 when the action is not allowed in the current state or someone else
    acted first; 422 when a reason is missing or a field to fix is unknown.
    ``reasons``: a return's reason per field or document ({field id: reason});
    they name the fields to fix and become the comment the citizen reads.
    ``expected_version``: the row version the officer saw; anything else is a
    concurrent decision (409), even when the new state would allow the action.
    """
    if action == "resubmit":
        return resubmit(session, tracking_number, actor=actor, answers=None, now=now, codelists=codelists)
    _refuse_nul({"comment": comment or "", "fields": list(fields or []), "reasons": dict(reasons or {})})
    ask = Decision(action, comment, list(fields or []), dict(reasons or {}), expected_version)
    return _guarded(session, lambda: _transition(session, tracking_number, ask, actor, now or utcnow(), codelists))


def check_decision(
    application: Application, spec: ServiceSpec, *, action: str, actor: Actor, expected_version: int | None = None
) -> Move:
    """The move ``action`` makes now, or the refusal :func:`transition` gives; writes nothing.

    Also for work that must come before a decision and must not happen for
    one that will be refused: the officer's electronic signature (``signature_step``).
    """
    flow = workflow_of(spec)
    if expected_version not in (None, application.version) and _involved(flow, application, actor):
        raise _already_done(application, actor) or stale_update()
    return _allowed_move(flow, application, action, actor)


@dataclass(frozen=True)
class Decision:
    """What an actor asks for: the action, a reason, the fields to fix (with a reason each), the version seen."""

    action: str
    comment: str | None
    fields: list[str]
    reasons: dict[str, str]
    expected_version: int | None = None


def _guarded(session: Session, work: Callable[[], Application]) -> Application:
    """Run ``work`` as one transaction; a lost race becomes ``Conflict``."""
    try:
        application = work()
        session.commit()
        return application
    except (StaleDataError, OperationalError) as exc:
        session.rollback()
        if (
            isinstance(exc, OperationalError)
            and "locked" not in str(exc).lower()
            and "deadlock" not in str(exc).lower()
            and "serializ" not in str(exc).lower()
        ):
            raise
        raise stale_update() from None
    except BaseException:
        session.rollback()
        raise


def stale_update() -> Conflict:
    """Someone acted between the caller's reading and this write (a lost race, or a stale ``expected_version``)."""
    return Conflict(
        "Permohonan ini baru saja diproses orang lain; muat ulang.",
        "Someone else acted on this application just now; reload it.",
        "concurrent_update",
    )


def _transition(
    session: Session,
    tracking_number: str,
    ask: Decision,
    actor: Actor,
    now: datetime,
    codelists: Mapping[str, Any] | None,
) -> Application:
    application = find(session, tracking_number)
    spec = spec_of(session, application, codelists)
    move = check_decision(application, spec, action=ask.action, actor=actor, expected_version=ask.expected_version)
    fields = list(dict.fromkeys(ask.fields + list(ask.reasons)))
    comment = _with_reasons(spec, ask.comment, ask.reasons)
    _check_reason(spec, move, comment, fields, ask.reasons, application.answers or {}, ask.fields)
    source = application.state
    EFFECTS[move.action](application, spec, move, comment, fields, now)
    application.state = move.target
    _history(
        session,
        spec,
        application,
        source,
        move.target,
        move.action,
        actor,
        comment,
        {"fields": fields, **({"reasons": ask.reasons, "note": ask.comment or ""} if ask.reasons else {})}
        if fields
        else {},
        now,
    )
    audit_trail.record(
        session,
        actor,
        f"application.{move.action}",
        application.tracking_number,
        {"from": source, "to": move.target},
        now,
        region=application.area,
    )
    _notify(session, spec, move.target, application)
    if move.target == "approved":
        _on_approved(session, spec, application, now)
    session.flush()
    return application


def _allowed_move(flow: Workflow, application: Application, action: str, actor: Actor) -> Move:
    """The move ``actor`` asks for, or why not.

    403 for anyone with no part in this application (a role the service does
    not use, a region outside the officer's scope, someone else's application,
    a citizen trying an officer's action); 409 for a party to it acting at the
    wrong moment: the action is not possible in this state, or belongs to
    another step (an officer who saw the application one step earlier).
    """
    if not _involved(flow, application, actor):
        raise Forbidden(
            "Anda tidak berwenang melakukan aksi ini pada permohonan ini.",
            "You may not act on this application (role or region).",
        )
    key = f"deadline_{action}" if actor.kind == SYSTEM and action in ("approve", "reject") else action
    move = flow.move(application.state, key)
    if move is not None and _may_by_role(actor, move, application):
        if _kept_apart_from(actor, move, application):
            raise Forbidden(*SECOND_STEP, "separation_of_duties")
        return move
    if move is not None and not (actor.is_officer and move.role not in (CITIZEN, SYSTEM)):
        raise Forbidden("Aksi ini bukan untuk peran Anda.", "This action is not for your role.")
    if (repeated := _already_done(application, actor, action)) is not None:
        raise repeated
    step = flow.step(application.state)
    now_at = (
        Text(f"tahap “{step.title.id}”", f"the step “{step.title.get('en')}”")
        if step
        else _quoted_state(STATE_LABELS.get(application.state, Text(application.state)))
    )
    doing = ACTION_NAMES.get(action, Text(action))
    refused = Conflict(
        f"“{doing.id}” tidak dapat dilakukan saat permohonan berada di {now_at.id}; "
        "ambil ulang data permohonan untuk melihat aksi yang kini diizinkan (`actions`).",
        f"“{doing.get('en')}” is not possible while the application is at {now_at.get('en')}; "
        "fetch the application again for the actions allowed now (`actions`).",
        "not_allowed_in_state",
    )
    refused.on_page = Text(
        f"“{doing.id}” tidak dapat dilakukan saat permohonan berada di {now_at.id}; muat ulang halamannya.",
        f"“{doing.get('en')}” is not possible while the application is at {now_at.get('en')}; reload the page.",
    )
    raise refused


def _already_done(application: Application, actor: Actor, action: str | None = None) -> Conflict | None:
    """The answer to a decision the actor already made (a double submit, a second withdrawal), if it is one.

    Why: "someone else acted" or "not possible in this state" sends the
    officer or citizen looking for a colleague or a fault; what happened is
    that their own first request went through.
    """
    last = application.history[-1] if application.history else None
    if last is None or last.actor != actor.id or (action is not None and last.action != action):
        return None
    done = DONE_WORDS.get(last.action)
    if done is None:
        return None
    return Conflict(
        f"Permohonan ini sudah Anda {done.id}; tidak ada yang diubah lagi.",
        f"You already {done.get('en')} this application; nothing more was changed.",
        "concurrent_update" if action is None else "not_allowed_in_state",
    )


# what the actor's own earlier decision did, in "Permohonan ini sudah Anda …" / "You already … this application"
DONE_WORDS: dict[str, Text] = {
    "approve": Text("setujui", "approved"),
    "return": Text("kembalikan", "returned"),
    "reject": Text("tolak", "rejected"),
    "withdraw": Text("batalkan", "withdrew"),
    "resubmit": Text("ajukan ulang", "resubmitted"),
}


def _quoted_state(label: Text) -> Text:
    return Text(f"status “{label.id}”", f"the state “{label.get('en')}”")


# what a refused action is called in that refusal (never its internal id)
ACTION_NAMES: dict[str, Text] = {
    "approve": Text("Setujui", "Approve"),
    "return": Text("Kembalikan", "Return"),
    "reject": Text("Tolak", "Reject"),
    "resubmit": Text("Ajukan ulang", "Resubmit"),
    "withdraw": Text("Batalkan permohonan", "Withdraw"),
    "issue": Text("Terbitkan", "Issue"),
}


def _involved(flow: Workflow, application: Application, actor: Actor) -> bool:
    if actor.is_officer:
        return actor.role in {step.role for step in flow.steps} and actor.covers(application.area)
    return actor.kind == SYSTEM or actor.owns(application.applicant_nik)


def _may(actor: Actor, move: Move, application: Viewed) -> bool:
    return _may_by_role(actor, move, application) and not _kept_apart_from(actor, move, application)


def _kept_apart_from(actor: Actor, move: Move, application: Viewed) -> bool:
    """Whether separation of duties bars the officer from this move's step (they decided another step)."""
    return move.step is not None and actor.is_officer and acted_at_another_step(application, actor.id, move.step)


def _may_by_role(actor: Actor, move: Move, application: Viewed) -> bool:
    if move.role == CITIZEN:
        return actor.owns(application.applicant_nik)
    if move.role == SYSTEM:
        return actor.kind == SYSTEM
    return actor.is_officer and actor.role == move.role and actor.covers(application.area)


def acted_at_another_step(application: Viewed, officer: str, step: str) -> bool:
    """Whether ``officer`` (a username) decided at a step of this application other than ``step``.

    Why: separation of duties (docs/admin.md, "One role per account"): no
    account approves its own work at two steps of one chain. One role per
    account is not enough once an officer's role changes (a front-office
    operator promoted to head of office), so the history decides: whoever
    acted at an earlier step may not act at a later one.
    """
    return any(
        entry.actor == officer
        and entry.role not in (CITIZEN, SYSTEM)
        and entry.action in OFFICER_ACTIONS
        and entry.from_state != step
        for entry in application.history
    )


SECOND_STEP = (
    "Anda sudah memutus tahap lain permohonan ini; tahap ini harus diputus petugas lain (pemisahan tugas).",
    "You already decided another step of this application; another officer must decide this one "
    "(separation of duties).",
)


def kept_apart(spec: ServiceSpec, application: Viewed, actor: Actor) -> bool:
    """Whether ``actor`` would decide this step but for separation of duties (they decided another step of it)."""
    moves = workflow_of(spec).actions_in(application.state)
    return any(_may_by_role(actor, m, application) and _kept_apart_from(actor, m, application) for m in moves)


def allowed_actions(spec: ServiceSpec, application: Viewed, actor: Actor) -> list[str]:
    """What ``actor`` may do now (for buttons and the API's `actions`)."""
    moves = workflow_of(spec).actions_in(application.state)
    return [m.action for m in moves if m.role != SYSTEM and _may(actor, m, application)]


MAX_COMMENT = 2000  # a reason the citizen reads on the tracking page and in an SMS notice, not a document


def _field_problem(where: str, name: str, labels: Mapping[str, Text]) -> FieldError:
    """Why a return may not name ``name``: no such field, or nothing its applicant can fix here."""
    label = labels.get(name)
    if label is None:
        return field_error(
            where, "unknown_field", f"Isian `{name}` tidak ada di layanan ini.", f"No field `{name}` in this service."
        )
    return field_error(
        where,
        "not_returnable",
        f"`{label.id}` tidak dapat diperbaiki pemohon dalam permohonan ini (tidak ditanyakan, "
        "atau identitas pemohon sendiri dari registri).",
        f"`{label.get('en')}` cannot be fixed by the applicant in this application (it was not "
        "asked, or it is the applicant's own identity from the registry).",
    )


def _with_reasons(spec: ServiceSpec, comment: str | None, reasons: Mapping[str, str]) -> str | None:
    """The stored reading of a field-level return, in Indonesian (each page rebuilds its own language)."""
    if not any(reason.strip() for reason in reasons.values()):
        return comment
    text = reasons_text(spec, comment, reasons)
    return text.id if text is not None else comment


def _check_reason(
    spec: ServiceSpec,
    move: Move,
    comment: str | None,
    fields: list[str],
    reasons: Mapping[str, str],
    answers: Mapping[str, Any],
    listed: list[str],
) -> None:
    """``fields``: every name returned (``listed`` in ``fields``, then those only given a reason)."""
    labels = labels_of(spec)
    errors = [
        field_error(
            f"reasons.{name}",
            "reason_required",
            f"Tulis alasan mengembalikan “{label.id}”.",
            f"Write why “{label.get('en')}” is returned.",
        )
        for name, reason in reasons.items()
        if not str(reason).strip()
        for label in [labels.get(name) or Text(name, name)]
    ]
    if move.action in NEEDS_REASON and not (comment or "").strip():
        errors.append(field_error("comment", "reason_required", "Alasan wajib diisi.", "A reason is required."))
    if comment is not None and len(comment) > MAX_COMMENT:
        errors.append(
            field_error(
                "comment",
                "too_long",
                f"Alasan paling banyak {MAX_COMMENT} karakter.",
                f"A reason has at most {MAX_COMMENT} characters.",
            )
        )
    refused = set(not_returnable(spec, answers, fields))
    errors += [_field_problem(_where_named(name, listed), name, labels) for name in fields if name in refused]
    if fields and move.action != "return":
        errors.append(
            field_error(
                "fields",
                "not_allowed",
                "Daftar isian hanya untuk aksi kembalikan.",
                "Fields are listed only when returning.",
            )
        )
    if errors:
        raise Invalid(errors)


def _where_named(name: str, listed: list[str]) -> str:
    """Where the request named a returned field: its place in ``fields``, else its key in ``reasons``."""
    return f"fields.{listed.index(name)}" if name in listed else f"reasons.{name}"


def _advance(
    application: Application, spec: ServiceSpec, move: Move, _comment: str | None, _fields: list[str], now: datetime
) -> None:
    flow = workflow_of(spec)
    application.current_step = move.target if flow.is_step(move.target) else None
    application.due_at = _due(flow, move.target, now, application.region)
    application.overdue_since = None
    application.escalated_at = None


def _return(
    application: Application, _spec: ServiceSpec, move: Move, comment: str | None, fields: list[str], now: datetime
) -> None:
    application.returned_from = move.state
    application.return_reason = comment
    application.return_fields = fields
    # negative once overdue, so the resubmission keeps the lateness
    application.sla_paused_minutes = minutes_left(application.due_at, now, zone_of(application.region))
    application.due_at = None  # the clock stops while the citizen fixes the application


def _decide(
    application: Application, _spec: ServiceSpec, _move: Move, _comment: str | None, _fields: list[str], now: datetime
) -> None:
    application.decided_at = now
    application.due_at = None
    application.current_step = None


EFFECTS: dict[str, Callable[..., None]] = {
    "approve": _advance,
    "return": _return,
    "reject": _decide,
    "withdraw": _decide,
}


def _on_approved(session: Session, spec: ServiceSpec, application: Application, now: datetime) -> None:
    """The last approval hands the application to the provider (through the outbox)."""
    application.decided_at = now
    enqueue(session, "deliver", {"provider": spec.provider, "tracking_number": application.tracking_number})


def _history(
    session: Session,
    spec: ServiceSpec,
    application: Application,
    source: str,
    target: str,
    action: str,
    actor: Actor,
    comment: str | None,
    fields: dict,
    now: datetime,
) -> None:
    session.add(
        TransitionRecord(
            application=application,
            from_state=source,
            to_state=target,
            action=action,
            actor=actor.id,
            role=actor.role,
            comment=comment,
            fields=fields,
            at=now,
        )
    )
    figures.record_move(
        session, application, spec, figures.Move(source, target, action, now, by_deadline=actor.kind == SYSTEM)
    )


def _notify(session: Session, spec: ServiceSpec, event: str, application: Application) -> None:
    channels = spec.notify.get(event)
    if channels:
        enqueue(
            session,
            "notify",
            {"event": event, "tracking_number": application.tracking_number, "channels": list(channels)},
        )


# --- the citizen fixes a returned application ---------------------------------------------


# the registries asked again: (merged answers, the top-level look-ups whose key changed, rows too?) → values
Lookup = Callable[[Mapping[str, Any], Collection[str], bool], Mapping[str, PrefilledValue]]


def resubmit(
    session: Session,
    tracking_number: str,
    *,
    actor: Actor,
    answers: Mapping[str, Any] | None,
    documents: Mapping[str, UploadInfo] | None = None,
    now: datetime | None = None,
    codelists: Mapping[str, Any] | None = None,
    lookup: Lookup | None = None,
) -> Application:
    """Send a returned application back to the step that returned it.

    Only the fields the officer named may change (422 ``field_locked``
    otherwise); the history records each change as {field: {old, new}}; the
    SLA clock resumes with the working time that was left (or as late as the
    application was, when it was returned after its deadline). A prefilled value
    the citizen retyped is no longer "verified" by its registry, and the
    look-ups keyed by a changed field (mother's NIK → mother's name) run again
    through ``lookup`` (the registries, given the merged answers).
    """
    _refuse_nul({}, answers)
    return _guarded(
        session,
        lambda: _resubmit(session, tracking_number, actor, answers, documents, now or utcnow(), codelists, lookup),
    )


def resubmission_errors(
    session: Session,
    tracking_number: str,
    *,
    actor: Actor,
    answers: Mapping[str, Any] | None,
    documents: Mapping[str, UploadInfo] | None = None,
    codelists: Mapping[str, Any] | None = None,
) -> list[FieldError]:
    """What :func:`resubmit` would refuse in these corrections, without writing anything.

    Why: the correction page checks the uploads first; when one is refused it
    still shows every other mistake at once, not one round at a time. The
    registries are not asked (a refusal of theirs shows when the page is sent).
    """
    checked = _checked_resubmission(session, tracking_number, actor, answers, documents, codelists, None)
    return list(checked.validated.errors)


@dataclass(frozen=True)
class _Resubmission:
    """The corrections merged into the application they fix, and checked as a resubmission."""

    application: Application
    spec: ServiceSpec
    move: Move
    validated: Any
    provenance: dict[str, PrefilledValue]
    documents: dict[str, UploadInfo]
    changed: dict[str, Any]


def _checked_resubmission(
    session: Session,
    tracking_number: str,
    actor: Actor,
    answers: Mapping[str, Any] | None,
    documents: Mapping[str, UploadInfo] | None,
    codelists: Mapping[str, Any] | None,
    lookup: Lookup | None,
) -> _Resubmission:
    application = find(session, tracking_number)
    spec = spec_of(session, application, codelists)
    move = _allowed_move(workflow_of(spec), application, "resubmit", actor)
    if answers is not None:
        _require_object(answers)
    allowed = set(application.return_fields or []) | newly_asked(spec, application.answers or {}, answers or {})
    merged_answers, merged_documents, changed = _merge_changes(application, answers or {}, documents or {}, allowed)
    provenance = _provenance_after(spec, application.prefill or {}, merged_answers, changed, lookup)
    verified = {name: item.value for name, item in provenance.items() if item.verified}
    validated = _validate(spec, merged_answers, verified, merged_documents)
    unreplaced = _returned_documents_kept(spec, application, documents or {}, validated.asked_documents)
    unreplaced += _nothing_corrected(spec, application, changed)
    unreplaced += _not_asked(validated, documents or {})
    if unreplaced:
        validated = replace(validated, errors=(*validated.errors, *unreplaced))
    kept = _asked_only(validated, merged_documents, changed)
    return _Resubmission(application, spec, move, validated, provenance, kept, changed)


def _asked_only(
    validated: Validated, documents: Mapping[str, UploadInfo], changed: dict[str, Any]
) -> dict[str, UploadInfo]:
    """The stored documents the corrected answers still ask for; each one dropped is written in ``changed``.

    Why: a document asked only for the answer the citizen corrected (a
    police report of a loss, when the reason became a change of data) is no
    longer the officers' business. Its file is no longer named by the
    application, so `mpp purge` deletes it with the other unreferenced uploads.
    """
    for doc_id, upload in documents.items():
        if doc_id not in validated.asked_documents:
            changed[doc_id] = {"old": upload.filename, "new": None}
    return {doc_id: upload for doc_id, upload in documents.items() if doc_id in validated.asked_documents}


def newly_asked(spec: ServiceSpec, filed: Mapping[str, Any], corrected: Mapping[str, Any]) -> set[str]:
    """The documents the corrected answers ask for and the filed ones did not: uploaded with the correction.

    Why: a reason corrected from "lost" to "new" asks for the event's proof,
    which the officer could not return (it was never asked); without it the
    correction could neither be sent (the document is required) nor carry
    the file (it was not returned), and the citizen was stuck.
    """
    from framework.forms.visibility import asked_documents, typed_values

    def asked(answers: Mapping[str, Any]) -> set[str]:
        return {document.id for document in asked_documents(spec, typed_values(spec.iter_fields(), answers))}

    return asked({**filed, **corrected}) - asked(filed)


def _nothing_corrected(spec: ServiceSpec, application: Application, changed: Mapping[str, Any]) -> list[FieldError]:
    """Each returned answer, when none of them changed (and no document was returned): nothing was corrected.

    Why: sent back as it was, the application only joins the queue again
    while the citizen believes it was fixed (as with a returned document
    sent back unchanged). Only when nothing changed at all: a return of two
    answers may rightly correct one of them.
    """
    fields = {item.id for item in spec.iter_fields()}
    returned = list(application.return_fields or [])
    if not returned or not set(returned) <= fields or changed:  # a returned document has its own check
        return []
    return [
        field_error(
            name,
            "not_corrected",
            "Jawaban ini masih sama dengan yang dikembalikan petugas; perbaiki sesuai alasan petugas.",
            "This answer is still the one the officer returned; correct it as the officer's reason says.",
        )
        for name in returned
    ]


def _returned_documents_kept(
    spec: ServiceSpec, application: Application, uploads: Mapping[str, UploadInfo], asked: frozenset[str]
) -> list[FieldError]:
    """A document the officer returned must come back as another file (while the answers still ask for it).

    Why: the officer returned it because it could not be used (unreadable,
    the wrong paper); sending the application back with the same file only
    puts it in the queue again, and the citizen believes it was fixed.
    ``asked``: the documents the corrected answers ask for (as validation found them).
    """
    old = _stored_documents(application)
    errors = []
    for document in spec.documents:
        if document.id not in (application.return_fields or []) or document.id not in asked:
            continue
        new = uploads.get(document.id)
        if new is None:
            errors.append(
                field_error(
                    document.id,
                    "not_replaced",
                    "Unggah berkas baru untuk dokumen ini: petugas mengembalikannya untuk diperbaiki.",
                    "Upload a new file for this document: the officer returned it to be fixed.",
                )
            )
        elif (before := old.get(document.id)) is not None and before.sha256 == new.sha256:
            errors.append(
                field_error(
                    document.id,
                    "same_file",
                    "Berkas ini sama dengan yang dikembalikan petugas; unggah berkas yang sudah diperbaiki.",
                    "This is the same file the officer returned; upload the corrected one.",
                )
            )
    return errors


def _resubmit(
    session: Session,
    tracking_number: str,
    actor: Actor,
    answers: Mapping[str, Any] | None,
    documents: Mapping[str, UploadInfo] | None,
    now: datetime,
    codelists: Mapping[str, Any] | None,
    lookup: Lookup | None = None,
) -> Application:
    checked = _checked_resubmission(session, tracking_number, actor, answers, documents, codelists, lookup)
    if not checked.validated.ok:
        raise Invalid(checked.validated.errors)
    application, spec, changed = checked.application, checked.spec, checked.changed
    target = application.returned_from or workflow_of(spec).first_state
    changed.update(_registry_changes(application.answers or {}, checked.validated.answers, checked.provenance, changed))
    application.prefill = {name: item.provenance() for name, item in checked.provenance.items()}
    application.answers = _jsonable(checked.validated.answers)
    application.documents = {doc_id: upload.as_dict() for doc_id, upload in checked.documents.items()}
    application.state = target
    application.current_step = target
    paused = application.sla_paused_minutes  # None: the step has no deadline
    application.due_at = add_working_minutes(now, paused, zone_of(application.region)) if paused is not None else None
    application.returned_from = None
    application.return_fields = []
    application.sla_paused_minutes = None
    application.resubmitted_at = now
    _history(session, spec, application, checked.move.state, target, "resubmit", actor, None, {"changed": changed}, now)
    audit_trail.record(
        session,
        actor,
        "application.resubmit",
        application.tracking_number,
        {"changed": sorted(changed)},
        now,
        region=application.area,
    )
    _notify(session, spec, "resubmitted", application)
    session.flush()
    return application


def _provenance_after(
    spec: ServiceSpec,
    stored: Mapping[str, Any],
    answers: dict[str, Any],
    changed: Mapping[str, Any],
    lookup: Lookup | None,
) -> dict[str, PrefilledValue]:
    """Where each prefilled value comes from after the citizen's corrections.

    A field the citizen retyped keeps its source but loses "verified"; the
    look-ups keyed by a changed field are asked again, and what they answer
    (or fail to answer) replaces the old provenance of their fields; a field
    still holding the old registry value takes the new one (in ``answers``).
    """
    current = {name: PrefilledValue.from_dict({**item, "value": answers.get(name)}) for name, item in stored.items()}
    for name in changed:
        if name in current and current[name].verified:
            current[name] = replace(current[name], verified=False)
    rerun = {lookup_spec.name for lookup_spec in spec.lookups.values() if lookup_spec.key_field in changed}
    rows = {lookup_spec.group for lookup_spec in spec.lookups.values() if lookup_spec.by == "row"} & set(changed)
    if not (rerun or rows) or lookup is None:
        return current
    fresh = lookup(answers, rerun, bool(rows))  # only these: each look-up is audited and counted
    _rows_after(spec, current, answers, fresh, rows)
    for item in spec.iter_fields():
        if item.prefill is None or item.prefill.lookup not in rerun:
            continue
        found = fresh.get(item.id)
        if found is None or not found.verified:
            current[item.id] = _unverified(current.get(item.id))
        elif item.locked or (item.id not in changed and item.id in current and current[item.id].verified):
            current[item.id] = found  # the registry's value replaces the one looked up for the old key
            answers[item.id] = found.value
        else:
            current[item.id] = replace(found, verified=False)  # the citizen's own value stays, unverified
    return current


def _rows_after(
    spec: ServiceSpec,
    current: dict[str, PrefilledValue],
    answers: dict[str, Any],
    fresh: Mapping[str, PrefilledValue],
    groups: set[str | None],
) -> None:
    """A corrected group's rows looked up again by their NIKs (a member added, removed or retyped).

    The old rows' provenance goes (the rows may have moved); a row whose NIK
    the registry knows takes its locked values from it, whatever was typed;
    one it does not know keeps what the citizen typed, not verified.
    """
    from framework.forms.row_prefill import copy_rows, row_slots

    for name in [name for name in current if name.split(".", 1)[0] in groups and "." in name]:
        del current[name]
    corrected = {group for group in groups if group}
    copy_rows(spec, answers, corrected)
    for slot in row_slots(spec, answers):
        found = fresh.get(slot.path)
        if slot.lookup.group not in corrected or found is None or not isinstance(slot.row, dict):
            continue
        current[slot.path] = found
        if found.verified and slot.child.locked:
            slot.row[slot.child.id] = found.value


def _unverified(before: PrefilledValue | None) -> PrefilledValue:
    return replace(before, verified=False) if before else PrefilledValue(None, "registry", None, "", False)


def _registry_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], provenance: Mapping[str, PrefilledValue], changed: Mapping[str, Any]
) -> dict[str, Any]:
    """Values a re-run look-up changed (e.g. the mother's name), recorded in the history like the citizen's."""
    return {
        name: {"old": old.get(name), "new": _jsonable(new.get(name)), "source": item.source}
        for name, item in provenance.items()
        if name not in changed and item.verified and _jsonable(new.get(name)) != old.get(name)
    }


def _stored_documents(application: Application) -> dict[str, UploadInfo]:
    """The documents as stored with an application (JSON), read once as uploads."""
    return {doc_id: UploadInfo.from_dict(info) for doc_id, info in (application.documents or {}).items()}


def _merge_changes(
    application: Application, answers: Mapping[str, Any], documents: Mapping[str, UploadInfo], allowed: set[str]
) -> tuple[dict, dict[str, UploadInfo], dict]:
    old_answers, old_documents = dict(application.answers or {}), _stored_documents(application)
    new_answers = {**old_answers, **_jsonable(dict(answers))}
    new_documents = {**old_documents, **documents}
    changed = {
        name: {"old": old_answers.get(name), "new": new_answers.get(name)}
        for name in sorted(set(new_answers) | set(old_answers))
        if old_answers.get(name) != new_answers.get(name)
    }
    changed.update(
        {
            name: {
                "old": old.filename if (old := old_documents.get(name)) else None,
                "new": new_documents[name].filename,
            }
            for name in documents
            if old_documents.get(name) != new_documents.get(name)
        }
    )
    locked = sorted(name for name in changed if name not in allowed)
    if locked:
        raise Invalid(
            [
                field_error(
                    name,
                    "field_locked",
                    "Isian ini tidak diminta untuk diperbaiki.",
                    "This field was not returned for correction.",
                )
                for name in locked
            ]
        )
    return new_answers, new_documents, changed


# --- the provider's worker marks the product issued ----------------------------------------


def mark_issued(
    session: Session, tracking_number: str, product_ref: str, *, actor: Actor | None = None, now: datetime | None = None
) -> Application:
    """Called by the provider worker once the product exists (e.g. the signed certificate)."""
    actor = actor or Actor.system("provider")
    now = now or utcnow()

    def work() -> Application:
        application = find(session, tracking_number)
        spec = spec_of(session, application)
        move = _allowed_move(workflow_of(spec), application, "issue", actor)
        application.state, application.issued_at, application.product_ref = move.target, now, product_ref
        _history(
            session, spec, application, move.state, move.target, "issue", actor, None, {"product_ref": product_ref}, now
        )
        audit_trail.record(
            session,
            actor,
            "application.issue",
            application.tracking_number,
            {"product_ref": product_ref},
            now,
            region=application.area,
        )
        _notify(session, spec, "issued", application)
        session.flush()
        return application

    return _guarded(session, work)


# --- reading -----------------------------------------------------------------------------------


def view(
    session: Session, tracking_number: str, *, actor: Actor, codelists: Mapping[str, Any] | None = None
) -> tuple[ApplicationRecord, ServiceSpec]:
    """The application (with its history) for its applicant or an officer of its region, read for viewing.

    An officer's view is audited.
    """
    application = find_viewed(session, tracking_number)
    spec = spec_of(session, application, codelists)
    authorize_view(session, spec, application, actor)
    return application, spec


def authorize_view(session: Session, spec: ServiceSpec, application: Viewed, actor: Actor) -> None:
    """Forbidden unless ``actor`` is the applicant or an officer who may see it.

    An officer's view is audited (commits).
    """
    if actor.owns(application.applicant_nik):
        return
    if may_view(spec, application, actor):
        audit_trail.record(
            session,
            actor,
            "application.view",
            application.tracking_number,
            {"personal_data": True},
            region=application.area,
        )
        session.commit()
        return
    raise Forbidden("Anda tidak berwenang melihat permohonan ini.", "You may not see this application.")


def may_view(spec: ServiceSpec, application: Viewed, actor: Actor) -> bool:
    """The applicant, or an officer of one of the service's step roles whose scope covers the application's area."""
    if actor.owns(application.applicant_nik):
        return True
    roles = {step.role for step in spec.steps}
    return actor.is_officer and actor.role in roles and actor.covers(application.area)


def queue(session: Session, actor: Actor, specs: Iterable[ServiceSpec], limit: int = 200) -> list[Application]:
    """The officer's work: applications waiting at a step of the officer's role, in their region, earliest deadline
    first.
    """
    pairs = {(spec.id, step.id) for spec in specs for step in spec.steps if step.role == actor.role}
    if not actor.is_officer or actor.region is None or not pairs:
        return []
    in_region = in_scope(Application.area, actor.region)
    at_step = or_(
        *(
            and_(Application.service_id == service_id, Application.state == step_id)
            for service_id, step_id in sorted(pairs)
        )
    )
    query = (
        select(Application)
        .where(in_region, at_step)
        .order_by(Application.due_at.is_(None), Application.due_at, Application.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def is_overdue(application: Viewed | PublicView, now: datetime | None = None) -> bool:
    return (
        application.due_at is not None
        and application.state not in DECIDED_STATES
        and (now or utcnow()) > application.due_at
    )
