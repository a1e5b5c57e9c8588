"""The JSON API, `/api/v1` (DESIGN.md, public contracts).

Thin views: authenticate the bearer token, read the request, call
`framework.services.applications`, render `framework.services.records`. Every error is
JSON — 400/401/403/404/405/409/410/413/415/422/429/500 — and never a traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, Literal, overload

from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException

from framework.core.errors import FieldError, too_deep
from framework.core.text import Text, msg, of
from framework.definition.model import ServiceSpec
from framework.forms.prefill import PrefilledValue, resolve_prefill
from framework.generate.openapi import TRANSITION
from framework.services import applications, signature_step, viewing
from framework.services.records import full_record, public_status
from framework.store.types import utcnow
from framework.web.database import db_session
from framework.web.limits import lookups_again
from framework.web.services import catalog, loci, plugins
from framework.web.simple_pages import form_fields_at_most
from framework.workflow.actors import Actor
from framework.workflow.errors import (
    ApplicationError,
    BadRequest,
    Forbidden,
    Invalid,
    NotFound,
    field_error,
)
from framework.workflow.machine import TRANSITION_ACTIONS

log = logging.getLogger("mpp.api")
PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX)
IDEMPOTENCY_KEY_MAX = 200


class Unauthorized(ApplicationError):
    status = 401
    code = "unauthorized"


class Gone(ApplicationError):
    """410: the service was there and the ministry withdrew it (a typo of an id stays a 404)."""

    status = 410
    code = "withdrawn"


class TooLarge(ApplicationError):
    status = 413
    code = "too_large"


class UnsupportedMediaType(ApplicationError):
    status = 415
    code = "unsupported_media_type"


class BadPayload(BadRequest):
    """400 with located errors ``[{field, code, message}]``: the body's shape is wrong, not its answers (422)."""

    def __init__(self, text: Text, errors: list[FieldError], code: str) -> None:
        super().__init__(text, code=code)
        self.errors = errors

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "errors": [error.as_dict() for error in self.errors]}


# The largest JSON a filing or a transition takes (body, or multipart `payload` part): answers and comments
# fit many times over; documents come as file parts, within the app's MAX_CONTENT_LENGTH (sized for them).
MAX_JSON_BYTES = 1024 * 1024
JSON_TOO_LARGE = msg(
    "JSON permintaan terlalu besar (paling besar 1 MB); dokumen dikirim sebagai bagian berkas multipart.",
    "The request's JSON is too large (at most 1 MB); send documents as multipart file parts.",
)
MAX_DEPTH = 32  # lists and objects inside one another; a definition's deepest answer (a group's rows) needs 4
PAYLOAD_KEYS = ("region", "answers")
TOO_DEEP = msg(
    "Isi permintaan bersarang terlalu dalam (paling banyak {limit} tingkat).",
    "The request body is nested too deeply (at most {limit} levels).",
)
BAD_BODY = msg(
    "Isi permintaan tidak berbentuk seperti yang diminta.", "The request body does not have the expected shape."
)
UNKNOWN_KEY = msg(
    "Kunci ini tidak dikenal; kirim hanya `region` dan `answers`.",
    "Unknown key; send only `region` and `answers`.",
)


TRANSITION_KEYS = tuple(TRANSITION["properties"])  # what the OpenAPI document publishes, nothing else
_ACTIONS = ", ".join(TRANSITION_ACTIONS)
REQUIRED_ACTION = msg(f"`action` wajib diisi: salah satu dari {_ACTIONS}.", f"`action` is required: one of {_ACTIONS}.")
BAD_ACTION = msg(f"`action` harus salah satu dari: {_ACTIONS}.", f"`action` must be one of: {_ACTIONS}.")
UNKNOWN_TRANSITION_KEY = msg(
    f"Kunci ini tidak dikenal; kirim hanya {', '.join(TRANSITION_KEYS)}.",
    f"Unknown key; send only {', '.join(TRANSITION_KEYS)}.",
)


def _text_list(value: Any) -> bool:
    return value is None or isinstance(value, list) and all(isinstance(item, str) for item in value)


def _text_object(value: Any) -> bool:
    return value is None or isinstance(value, dict) and all(isinstance(item, str) for item in value.values())


def _positive_whole(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1)


# each key of a transition body (but `answers`, which the resubmission checks as a filing's): what fits, and else why
TRANSITION_TYPES: dict[str, tuple[Callable[[Any], bool], Text]] = {
    "action": (lambda value: isinstance(value, str), msg("`action` harus teks.", "`action` must be a string.")),
    "comment": (
        lambda value: value is None or isinstance(value, str),
        msg("`comment` harus teks.", "`comment` must be a string."),
    ),
    "fields": (_text_list, msg("`fields` harus daftar teks (id isian).", "`fields` must be a list of strings.")),
    "reasons": (
        _text_object,
        msg("`reasons` harus objek berisi teks (alasan per isian).", "`reasons` must be an object of strings."),
    ),
    "passphrase": (
        lambda value: isinstance(value, str),
        msg("`passphrase` harus teks.", "`passphrase` must be a string."),
    ),
    "expected_version": (
        _positive_whole,
        msg(
            "`expected_version` harus bilangan bulat positif (`version` dari catatan permohonan).",
            "`expected_version` must be a positive whole number (the record's `version`).",
        ),
    ),
}


def register(app: Flask) -> None:
    app.register_blueprint(bp)


# --- errors: always JSON -----------------------------------------------------------------


def _error(status: int, code: str, text: Text) -> tuple[Response, int]:
    return jsonify({"error": code, "message": {"id": text.id, "en": text.get("en")}}), status


@bp.errorhandler(ApplicationError)
def _application_error(exc: ApplicationError) -> tuple[Response, int]:
    response = jsonify(exc.as_dict())
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="mpp"'
    return response, exc.status


def _a_multipart_413(exc: HTTPException) -> bool:
    """A 413 for a multipart body within the upload cap: Werkzeug refused one of its parts, or their number."""
    if exc.code != 413 or request.mimetype != "multipart/form-data":
        return False
    cap = request.max_content_length
    return cap is None or (request.content_length or 0) <= cap


def _too_many_parts(exc: HTTPException) -> bool:
    """Werkzeug's 413 for more parts than ``max_form_parts``, not for a field past ``max_form_memory_size``.

    Why the traceback: both are a bare ``RequestEntityTooLarge()`` with the
    same description, and the body is half read by then (its parts cannot be
    counted again). The count is refused only in the multipart decoder's
    ``next_event`` (the sizes in ``receive_data`` and the parser's loop);
    ``test_api_input`` pins this, so a Werkzeug that moves it fails a test
    instead of wording the refusal wrong.
    """
    trace = exc.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    return trace is not None and trace.tb_frame.f_code.co_name == "next_event"


def _too_many_parts_message() -> Text:
    parts = request.max_form_parts
    return msg(
        f"Kiriman multipart berisi terlalu banyak bagian (maks. {parts}); kirim lebih sedikit berkas per kiriman.",
        f"The multipart request has too many parts (at most {parts}); send fewer files at a time.",
    )


HTTP_MESSAGES: dict[int, tuple[str, Text]] = {
    400: ("bad_request", msg("Permintaan tidak dapat dibaca.", "The request could not be read.")),
    404: ("not_found", msg("Alamat ini tidak ada di API.", "No such API address.")),
    405: (
        "method_not_allowed",
        msg("Metode HTTP ini tidak didukung di alamat ini.", "This HTTP method is not supported here."),
    ),
    413: ("too_large", msg("Kiriman terlalu besar.", "The request is too large.")),
    415: ("unsupported_media_type", msg("Kirim JSON atau multipart/form-data.", "Send JSON or multipart/form-data.")),
    429: (
        "too_many_requests",
        msg(
            "Terlalu banyak permintaan; tunggu sebentar lalu coba lagi.",
            "Too many requests; wait a moment and try again.",
        ),
    ),
}
INTERNAL_ERROR = msg(
    "Terjadi kesalahan di server; coba lagi nanti.", "Something went wrong on the server; try again later."
)


@bp.errorhandler(HTTPException)
def json_http_error(exc: HTTPException) -> tuple[Response, int]:
    code, text = HTTP_MESSAGES.get(exc.code or 500, ("http_error", of(exc.name)))
    if _a_multipart_413(exc):
        text = _too_many_parts_message() if _too_many_parts(exc) else JSON_TOO_LARGE
    response, status = _error(exc.code or 500, code, text)
    for name, value in exc.get_headers():  # e.g. a 405's `Allow` (RFC 9110 requires it); the body stays JSON
        if name.lower() != "content-type":
            response.headers[name] = value
    return response, status


@bp.errorhandler(Exception)
def _unexpected(exc: Exception) -> tuple[Response, int]:
    log.exception("unexpected error in %s %s", request.method, request.path)
    return _error(500, "internal_error", INTERNAL_ERROR)


def is_api_path(path: str) -> bool:
    """Addresses under /api/ answer in JSON, even when no route matched (see errors.py)."""
    return path == PREFIX or path.startswith(PREFIX + "/")


# --- who is asking ----------------------------------------------------------------------------


@overload
def _actor(required: Literal[True] = ...) -> Actor: ...
@overload
def _actor(required: bool) -> Actor | None: ...


def _actor(required: bool = True) -> Actor | None:
    from framework.services.accounts import actor_for_token

    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        if required:
            raise Unauthorized(
                "Perlu token (Authorization: Bearer …).", "A bearer token is required (Authorization: Bearer …)."
            )
        return None
    actor = actor_for_token(db_session(), token.strip(), request.remote_addr)
    if actor is None or (actor.is_citizen and current_app.config.get("MPP_ENV") == "production"):
        raise Unauthorized("Token tidak dikenal, dicabut atau kedaluwarsa.", "Unknown, revoked or expired token.")
    return actor


def _spec(service_id: str) -> ServiceSpec:
    live = catalog()
    spec = live.specs.get(service_id)
    if spec is None and service_id in live.withdrawn:
        raise Gone(
            "Layanan ini telah ditarik oleh kementerian dan tidak menerima permohonan baru; "
            "permohonan yang sudah diajukan tetap diproses.",
            "This service was withdrawn by the ministry and takes no new applications; "
            "applications already filed are still handled.",
        )
    if spec is None or spec.template:
        raise NotFound("Layanan tidak ditemukan.", "No such service.")
    return spec


# --- services ---------------------------------------------------------------------------------


def service_summary(spec: ServiceSpec) -> dict[str, Any]:
    return {
        "id": spec.id,
        "version": spec.version,
        "title": spec.title.as_dict(),
        "summary": spec.summary.as_dict(),
        "sector": spec.sector,
        "provider": spec.provider,
        "region": spec.region,
        "extends": spec.extends,
        "sla": spec.standard.sla.text if spec.standard.sla else None,
        "fee": spec.standard.fee,
        "url": url_for("api.service", service_id=spec.id, _external=False),
    }


@bp.get("/services")
def services() -> Response:
    return jsonify({"services": [service_summary(spec) for spec in catalog().offered()]})


@bp.get("/services/<service_id>")
def service(service_id: str) -> Response:
    from framework.forms.validation import payload_schema

    spec = _spec(service_id)
    return jsonify(
        {
            **service_summary(spec),
            "content_hash": spec.content_hash,
            "standard": {
                "requirements": [t.as_dict() for t in spec.standard.requirements],
                "legal_basis": [t.as_dict() for t in spec.standard.legal_basis],
                "product": spec.standard.product.as_dict() if spec.standard.product else None,
            },
            "documents": [
                {
                    "id": d.id,
                    "label": d.label.as_dict(),
                    "accept": list(d.accept),
                    "max_bytes": d.max_bytes,
                    "required": d.required,
                    "when": d.when.source if d.when else None,  # asked only when this holds; else refused
                }
                for d in spec.documents
            ],
            "steps": [
                {
                    "id": s.id,
                    "title": s.title.as_dict(),
                    "role": s.role,
                    "sla": s.sla.text if s.sla else None,
                    "actions": list(s.actions),
                    "on_deadline": s.on_deadline,
                }
                for s in spec.steps
            ],
            "payload_schema": payload_schema(spec),
        }
    )


# --- applications ------------------------------------------------------------------------------


@bp.post("/services/<service_id>/applications")
@form_fields_at_most(MAX_JSON_BYTES + 1)  # one byte more than the cap, so a part past it is named by _at_most_json
def submit(service_id: str) -> tuple[Response, int]:
    spec = _spec(service_id)
    actor = _actor()
    if not actor.is_citizen:
        raise Forbidden("Hanya pemohon (warga) yang dapat mengajukan.", "Only a citizen can file an application.")
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (0 < len(key.strip()) <= IDEMPOTENCY_KEY_MAX):
        raise BadRequest(
            "Idempotency-Key kosong atau terlalu panjang.",
            f"Idempotency-Key must be 1–{IDEMPOTENCY_KEY_MAX} characters.",
            "bad_idempotency_key",
        )
    payload, files = _payload()
    _refuse_unknown_keys(payload)
    region, answers = payload.get("region"), payload.get("answers", {})  # both checked by the filing, together
    documents = _store_files(spec, files)
    try:
        application = applications.submit(
            db_session(),
            spec,
            region=region,
            answers=answers,
            applicant_nik=actor.id,
            documents=documents,
            prefill=_prefill(spec, actor, answers, region),
            idempotency_key=key.strip() if key else None,
            ip=actor.ip,
            others=catalog().specs.values(),
            loci=loci(),  # held with the catalog, refreshed with it: not read again per filing
        )
    except BaseException:
        _discard(documents)
        raise
    if application.documents != {k: v.as_dict() for k, v in documents.items()}:
        _discard(documents)  # an idempotent replay: the first request's files are the ones kept
    body = {
        **public_status(application, spec, utcnow()),
        "url": url_for("api.application", tracking_number=application.tracking_number),
    }
    response = jsonify(body)
    response.headers["Location"] = body["url"]
    return response, 201


def _prefill(spec: ServiceSpec, actor: Actor, answers: Any, region: Any = None) -> dict[str, PrefilledValue]:
    """Registry values for locked fields, looked up by the server: a posted value for them is never trusted.

    ``region``: the payload's, named in the audit event of a look-up of another person (one the reference data
    knows; for anything else the citizen's own region, ``limits.citizen_region``: the filing checks it later).
    """
    if not spec.lookups or not isinstance(answers, dict):
        return {}
    from framework.forms.regions import region_table
    from framework.web.limits import lookup_fetcher

    known = region if isinstance(region, str) and region in region_table().by_code else None
    fetch = lookup_fetcher(plugins(), actor.id, service=spec.id, region=known)
    found = resolve_prefill(spec, actor.id, answers, fetch=fetch)
    return {field_id: value for field_id, value in found.items() if value.verified}


def _refuse_unknown_keys(payload: dict[str, Any]) -> None:
    """400, naming each one, for a key beside ``region`` and ``answers``: a misspelt ``answer`` is not ignored."""
    unknown = [key for key in payload if key not in PAYLOAD_KEYS]
    if unknown:
        raise BadPayload(BAD_BODY, [FieldError(str(key), "unknown_key", UNKNOWN_KEY) for key in unknown], "unknown_key")


def _payload() -> tuple[dict[str, Any], dict[str, FileStorage]]:
    if request.mimetype == "multipart/form-data":
        payload = _parse_json(
            _payload_part(),
            BadRequest("Bagian `payload` bukan JSON yang sah.", "The `payload` part is not valid JSON.", "bad_json"),
        )
        files = {name: request.files[name] for name in request.files if name != "payload"}
    elif request.is_json:
        if (request.content_length or 0) > MAX_JSON_BYTES:  # refused unread
            raise TooLarge(JSON_TOO_LARGE)
        payload = _parse_json(
            _at_most_json(request.get_data(cache=True)),  # without a Content-Length, read but not parsed
            BadRequest("Isi permintaan bukan JSON yang sah.", "The request body is not valid JSON.", "bad_json"),
        )
        files = {}
    else:
        raise UnsupportedMediaType(
            "Kirim application/json atau multipart/form-data.", "Send application/json or multipart/form-data."
        )
    if not isinstance(payload, dict):
        raise BadRequest("Isi permintaan harus objek JSON.", "The request body must be a JSON object.", "bad_json")
    deepest = too_deep(payload, MAX_DEPTH)
    if deepest is not None:
        raise _too_deep(deepest)
    return payload, files


def _too_deep(where: str) -> BadPayload:
    """400 ``too_deep`` at ``where`` ("" for the body, when it was too deep even to parse)."""
    text = Text(TOO_DEEP.id.format(limit=MAX_DEPTH), TOO_DEEP.get("en").format(limit=MAX_DEPTH))
    return BadPayload(text, [FieldError(where, "too_deep", text)], "too_deep")


def _payload_part() -> str | bytes:
    """The ``payload`` part: a form field, or a file part (a client that attaches ``payload.json`` with a filename)."""
    raw = request.form.get("payload")
    if raw is not None:
        return _at_most_json(raw)
    part = request.files.get("payload")
    if part is not None:
        return _at_most_json(part.read(MAX_JSON_BYTES + 1))
    raise BadRequest(
        "Bagian `payload` (JSON) tidak ada.",
        "The multipart request has no `payload` part (JSON).",
        "missing_payload",
    )


def _at_most_json(raw: str | bytes) -> str | bytes:
    """``raw``, unless it is longer than ``MAX_JSON_BYTES`` (413 before parsing: a JSON body is no upload)."""
    if len(raw) > MAX_JSON_BYTES:
        raise TooLarge(JSON_TOO_LARGE)
    return raw


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_json(raw: str | bytes, refusal: BadRequest) -> Any:
    """Parse a JSON body, or raise ``refusal``: invalid syntax, NaN/Infinity, nesting too deep, lone surrogates.

    Why each: Python's parser accepts NaN and Infinity (and reads ``1e400``
    as infinity), which JSON (and PostgreSQL's jsonb) does not; a ``\\ud800`` escape parses to a string that
    cannot be encoded as UTF-8, so it would fail later, deep in the
    fingerprint or the database, as a 500. A body nested deeper than the
    recursion limit (RecursionError) is valid JSON: it is ``too_deep``, as a
    shallower one past ``MAX_DEPTH`` is, not a syntax error.
    """
    try:
        parsed = json.loads(raw, parse_constant=_refuse_constant)
        json.dumps(parsed, ensure_ascii=False, allow_nan=False).encode("utf-8")  # 1e400 parses to inf
    except RecursionError:
        raise _too_deep("") from None
    except ValueError:  # UnicodeError is a ValueError
        raise refusal from None
    return parsed


def _store_files(spec: ServiceSpec, files: dict[str, FileStorage]) -> dict[str, Any]:
    from framework.storage import storage_for

    known = {d.id for d in spec.documents}
    unknown = sorted(name for name in files if name not in known)
    if unknown:
        raise Invalid(
            [
                field_error(
                    name,
                    "unknown_document",
                    "Dokumen ini tidak diminta layanan.",
                    "This service does not ask for this document.",
                )
                for name in unknown
            ]
        )
    store = storage_for(current_app)
    return {name: store.save(upload.read(), upload.filename or name) for name, upload in files.items()}


def _discard(documents: dict[str, Any]) -> None:
    from framework.storage import storage_for

    for info in documents.values():
        storage_for(current_app).delete(info.key)


@bp.get("/applications/<tracking_number>")
def application(tracking_number: str) -> Response:
    actor = _actor()
    return jsonify(viewing.record_for(db_session(), tracking_number, actor, codelists=catalog().codelists))


@bp.post("/applications/<tracking_number>/transitions")
@form_fields_at_most(MAX_JSON_BYTES + 1)
def transition(tracking_number: str) -> Response:
    """JSON {action, comment, fields}; a resubmission may be multipart with corrected documents."""
    actor = _actor()
    body, files = _payload()
    _check_transition(body)
    comment, fields, reasons = body.get("comment"), body.get("fields") or [], body.get("reasons") or {}
    expected = body.get("expected_version")  # the record's `version` the caller saw: a stale one is a 409
    session = db_session()
    if body["action"] == "resubmit":
        found = applications.find(session, tracking_number)
        if expected not in (None, found.version) and actor.owns(found.applicant_nik):
            raise applications.stale_update()
        spec = applications.spec_of(session, found, catalog().codelists)
        documents = _store_files(spec, files)
        try:
            moved = applications.resubmit(
                session,
                tracking_number,
                actor=actor,
                answers=body.get("answers"),
                documents=documents,
                codelists=catalog().codelists,
                lookup=lookups_again(spec, plugins(), actor.id, found.area),
            )
        except BaseException:
            _discard(documents)
            raise
    elif files:
        raise BadRequest(
            "Berkas hanya dikirim saat mengajukan ulang.",
            "Files are sent only with a resubmission.",
            "unexpected_files",
        )
    elif body["action"] == "approve" and not fields and not reasons:  # may be the officer's own signature (BSrE)
        passphrase = body.get("passphrase", "")
        moved = signature_step.approve(
            session,
            tracking_number,
            actor=actor,
            passphrase=passphrase,
            comment=comment,
            expected_version=expected,
            codelists=catalog().codelists,
        )
    else:
        moved = applications.transition(
            session,
            tracking_number,
            action=body["action"],
            actor=actor,
            comment=comment,
            fields=[str(f) for f in fields],
            reasons=reasons,
            codelists=catalog().codelists,
            expected_version=expected,
        )
    spec = applications.spec_of(session, moved, catalog().codelists)
    return jsonify(full_record(moved, spec, actor, applications.allowed_actions(spec, moved, actor), utcnow()))


def _check_transition(body: dict[str, Any]) -> None:
    """400 with every wrong key of a transition body located: missing or mistyped, or a key it does not take.

    Why located and complete: a client fixes all of its mistakes in one round,
    as with a filing; and a misspelt key (``expected_versoin``) silently
    ignored would switch off the check it was meant for.
    """
    errors = [FieldError("action", "required", REQUIRED_ACTION)] if "action" not in body else []
    errors += [
        FieldError(key, "type", text)
        for key, (fits, text) in TRANSITION_TYPES.items()
        if key in body and not fits(body[key])
    ]
    if isinstance(body.get("action"), str) and body["action"] not in TRANSITION_ACTIONS:
        errors.append(FieldError("action", "bad_action", BAD_ACTION))  # a typo is the client's, not a conflict
    errors += [
        FieldError(str(key), "unknown_key", UNKNOWN_TRANSITION_KEY) for key in body if key not in TRANSITION_KEYS
    ]
    if errors:
        codes = {error.code for error in errors}
        raise BadPayload(BAD_BODY, errors, codes.pop() if codes in ({"unknown_key"}, {"bad_action"}) else "bad_json")


@bp.get("/openapi.json")
def openapi() -> Response:
    from framework.generate.openapi import openapi_document

    return jsonify(openapi_document(catalog()))
