"""The OpenAPI 3.1 document of `/api/v1`, generated from the service definitions.

One operation per service for filing (its payload JSON Schema inline), plus
the generic service, application and transition operations. Served at
`/api/v1/openapi.json`; `mpp generate` writes the same document to
`generated/openapi.json` through :func:`openapi_document`.
"""

from __future__ import annotations

from typing import Any

from framework import __version__
from framework.services.applications import MAX_COMMENT
from framework.services.complaints import STATUSES as COMPLAINT_STATUSES
from framework.workflow.machine import TRANSITION_ACTIONS

ERROR = {"$ref": "#/components/schemas/Error"}
JSON_ERROR = {"application/json": {"schema": ERROR}}
TEXT = {"type": "object", "properties": {"id": {"type": "string"}, "en": {"type": "string"}}, "required": ["id"]}
NULLABLE_TEXT = {"oneOf": [TEXT, {"type": "null"}]}


def _every_key(properties: dict[str, Any]) -> dict[str, Any]:
    """An object whose keys are all in every answer: ``required`` is read off ``properties``, never kept beside it."""
    return {"type": "object", "required": list(properties), "properties": properties}


SERVICE_SUMMARY = _every_key(
    {
        "id": {"type": "string"},
        "version": {"type": "integer"},
        "title": TEXT,
        "summary": TEXT,
        "sector": {"type": "string"},
        "provider": {"type": "string"},
        "region": {"type": ["string", "null"], "description": "A regional variant's kabupaten/kota; null: national."},
        "extends": {"type": ["string", "null"]},
        "sla": {"type": ["string", "null"], "description": "Working time, e.g. `1d` (days) or `4h` (hours)."},
        "fee": {"type": ["number", "null"], "description": "Rupiah; 0 is free."},
        "url": {"type": "string"},
    }
)
SERVICE = {
    "allOf": [{"$ref": "#/components/schemas/ServiceSummary"}],
    "required": ["content_hash", "standard", "documents", "steps", "payload_schema"],
    "properties": {
        "content_hash": {"type": "string"},
        "standard": _every_key(
            {
                "requirements": {"type": "array", "items": TEXT},
                "legal_basis": {"type": "array", "items": TEXT},
                "product": NULLABLE_TEXT,
            }
        ),
        "documents": {
            "type": "array",
            "items": _every_key(
                {
                    "id": {"type": "string"},
                    "label": TEXT,
                    "accept": {"type": "array", "items": {"type": "string"}},
                    "max_bytes": {"type": "integer"},
                    "required": {"type": "boolean"},
                    "when": {"type": ["string", "null"], "description": "Asked only when this condition holds."},
                }
            ),
        },
        "steps": {
            "type": "array",
            "items": _every_key(
                {
                    "id": {"type": "string"},
                    "title": TEXT,
                    "role": {"type": "string"},
                    "sla": {"type": ["string", "null"]},
                    "actions": {"type": "array", "items": {"type": "string"}},
                    "on_deadline": {"type": ["string", "null"]},
                }
            ),
        },
        "payload_schema": {"type": "object", "description": "The JSON Schema of this service's `payload`."},
    },
}
FIELD_ERROR = {
    "type": "object",
    "required": ["field", "code", "message"],
    "properties": {
        "field": {"type": "string", "description": "Path of the answer, e.g. `jadwal.0.jam`."},
        "code": {"type": "string"},
        "message": {"oneOf": [TEXT, {"type": "string"}]},
    },
}
ERRORS = {
    "400": (
        "Unreadable request or mistyped tracking number (check character); a body nested too deeply or with an "
        "unknown key: `errors` locates each `{field, code, message}`."
    ),
    "401": "Missing, unknown, revoked or expired bearer token.",
    "403": "Wrong role or region, or not your application.",
    "404": "No such service or application.",
    "405": "HTTP method not supported here; `Allow` lists the ones that are.",
    "409": "Action not allowed in this state, or someone else acted first (a stale `expected_version`).",
    "410": "The ministry withdrew this service (`withdrawn`): it takes no new applications.",
    "413": "Request too large: documents past the upload cap, or JSON (the body or the `payload` part) past 1 MB.",
    "415": "The body is neither `application/json` nor `multipart/form-data`.",
    "422": "Invalid answers or documents: `errors` lists each `{field, code, message}`.",
    "429": "Too many requests: wait `Retry-After` seconds.",
    "500": "Server error (never a traceback).",
    "503": "A service this action needs is unreachable (`unavailable`): BSrE for an electronic signature; try again.",
}
RATE_LIMIT_HEADERS = {
    "X-RateLimit-Limit": "Requests allowed in the current window.",
    "X-RateLimit-Remaining": "Requests left in the current window.",
    "X-RateLimit-Reset": "When the current window ends (Unix time, seconds).",
}
LIMITED = {  # endpoints behind a rate limit (framework/web/limits.py, RULES): their answers carry these headers
    name: {"description": text, "schema": {"type": "integer"}} for name, text in RATE_LIMIT_HEADERS.items()
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}}
ALLOW = {"Allow": {"description": "The methods this address supports.", "schema": {"type": "string"}}}
TRACKING = {
    "name": "tracking_number",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[2-9A-HJKMNP-TV-Z]{4}-?[2-9A-HJKMNP-TV-Z]{5}$"},
    "description": "e.g. `K7QM-XRP3Z`; the last character is a check character.",
}

# The body of `POST /applications/{tracking_number}/transitions`; the API refuses any other key (its keys are these).
TRANSITION: dict[str, Any] = {
    "type": "object",
    "required": ["action"],
    "additionalProperties": False,  # a misspelt key is a 400 `unknown_key`, never ignored (api.py)
    "properties": {
        "action": {"enum": list(TRANSITION_ACTIONS)},
        "comment": {
            "type": "string",
            "maxLength": MAX_COMMENT,
            "description": "Required for return and reject.",
        },
        "fields": {
            "type": "array",
            "items": {"type": "string"},
            "description": "return: the fields the citizen must fix.",
        },
        "reasons": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": (
                "return: a reason per field or document to fix; names those fields and is added to the comment."
            ),
        },
        "answers": {"type": "object", "description": "resubmit: the corrected answers."},
        "passphrase": {
            "type": "string",
            "writeOnly": True,
            "description": (
                "approve at the last step, by the issuer's signatory with their own BSrE "
                "certificate: its passphrase, for the approval is the document's electronic "
                "signature. Missing: 422 at `passphrase`; refused by BSrE: 422 in BSrE's words; "
                "BSrE down: 503, and nothing is approved. Sent to BSrE only, never stored."
            ),
        },
        "expected_version": {
            "type": "integer",
            "minimum": 1,
            "description": (
                "The application's `version` the caller saw; when it moved since, 409 "
                "`concurrent_update` and nothing changes."
            ),
        },
    },
}


def _errors(*codes: str, limited: bool = False) -> dict[str, Any]:
    """The error answers ``codes`` (405 always among them), with the rate-limit headers where ``limited``."""
    documented = {code: {"description": ERRORS[code], "content": JSON_ERROR} for code in (*codes, "405")}
    documented["405"]["headers"] = ALLOW
    if limited:
        documented["429"] = {"description": ERRORS["429"], "content": JSON_ERROR, "headers": {**RETRY_AFTER, **LIMITED}}
    return dict(sorted(documented.items()))


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _filing(spec: Any) -> dict[str, Any]:
    from framework.forms.validation import payload_schema

    schema = payload_schema(spec)
    multipart = {
        "type": "object",
        "required": ["payload"],
        "properties": {
            "payload": {"type": "string", "contentMediaType": "application/json", "description": "The JSON payload."},
            **{
                d.id: {
                    "type": "string",
                    "contentMediaType": "application/octet-stream",
                    "description": f"{d.label.get('en')} ({', '.join(d.accept)}, ≤ {d.max_mb:g} MB)",
                }
                for d in spec.documents
            },
        },
    }
    return {
        "post": {
            "operationId": f"file_{spec.id.replace('.', '_').replace('-', '_')}",
            "summary": f"{spec.title.id} / {spec.title.get('en')}",
            "tags": [spec.sector],
            "security": [{"bearer": []}],
            "parameters": [
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "maxLength": 200},
                    "description": (
                        "A retry with the same key and the same body (same applicant) "
                        "returns the first application; the same key with a "
                        "different body is refused with 422 `idempotency_key_reused`."
                    ),
                }
            ],
            "requestBody": {
                "required": True,
                "content": {**_json(schema), "multipart/form-data": {"schema": multipart}},
            },
            "responses": {
                "201": {
                    "description": "Filed.",
                    "headers": {
                        "Location": {
                            "description": "The new application (`GET /applications/{tracking_number}`).",
                            "schema": {"type": "string", "format": "uri-reference"},
                        },
                        **LIMITED,
                    },
                    "content": _json({"$ref": "#/components/schemas/Status"}),
                },
                **_errors("400", "401", "403", "404", "410", "413", "415", "422", "500", limited=True),
            },
        }
    }


def openapi_document(catalog: Any) -> dict[str, Any]:
    paths: dict[str, Any] = {
        "/services": {
            "get": {
                "operationId": "list_services",
                "summary": "Services offered",
                "responses": {
                    "200": {
                        "description": "The catalog.",
                        "content": _json({"$ref": "#/components/schemas/ServiceList"}),
                    },
                    **_errors("500"),
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "get_openapi",
                "summary": "This document",
                "responses": {
                    "200": {"description": "The OpenAPI 3.1 document.", "content": _json({"type": "object"})},
                    **_errors("500"),
                },
            }
        },
        "/services/{id}": {
            "get": {
                "operationId": "get_service",
                "summary": "One service, with its payload JSON Schema",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The service.", "content": _json({"$ref": "#/components/schemas/Service"})},
                    **_errors("404", "410", "500"),
                },
            }
        },
        "/applications/{tracking_number}": {
            "get": {
                "operationId": "get_application",
                "summary": "State, current step, due date, history",
                "security": [{"bearer": []}],
                "parameters": [TRACKING],
                "responses": {
                    "200": {
                        "description": "The application.",
                        "headers": LIMITED,
                        "content": _json({"$ref": "#/components/schemas/Application"}),
                    },
                    **_errors("400", "401", "403", "404", "500", limited=True),
                },
            }
        },
        "/applications/{tracking_number}/transitions": {
            "post": {
                "operationId": "transition_application",
                "summary": "Approve, return, reject, withdraw or resubmit",
                "security": [{"bearer": []}],
                "parameters": [TRACKING],
                "requestBody": {
                    "required": True,
                    "content": {
                        **_json({"$ref": "#/components/schemas/Transition"}),
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["payload"],
                                "properties": {
                                    "payload": {
                                        "type": "string",
                                        "contentMediaType": "application/json",
                                        "description": (
                                            "The Transition JSON (action `resubmit`); "
                                            "one more part per corrected document."
                                        ),
                                    }
                                },
                            }
                        },
                    },
                },
                "responses": {
                    "200": {"description": "Moved.", "content": _json({"$ref": "#/components/schemas/Application"})},
                    **_errors("400", "401", "403", "404", "409", "413", "415", "422", "500", "503"),
                },
            }
        },
    }
    for spec in catalog.offered():
        paths[f"/services/{spec.id}/applications"] = _filing(spec)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "MPP Digital API",
            "version": __version__,
            "description": "Filing and deciding applications for the services declared in definitions/.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "`mpp token issue`"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "message"],
                    "properties": {
                        "error": {"type": "string"},
                        "message": TEXT,
                        "errors": {"type": "array", "items": FIELD_ERROR},
                    },
                },
                "ServiceList": _every_key(
                    {"services": {"type": "array", "items": {"$ref": "#/components/schemas/ServiceSummary"}}}
                ),
                "ServiceSummary": SERVICE_SUMMARY,
                "Service": SERVICE,
                "Status": _every_key(
                    {
                        "tracking_number": {"type": "string"},
                        "state": {"type": "string"},
                        "state_label": TEXT,
                        "submitted_at": {"type": ["string", "null"], "format": "date-time"},
                        "due_at": {"type": ["string", "null"], "format": "date-time"},
                        "overdue": {"type": "boolean"},
                    }
                ),
                "Application": {
                    "allOf": [{"$ref": "#/components/schemas/Status"}],
                    # in every answer, for the applicant and officers alike (complaints: the applicant's only)
                    "required": ["current_step", "answers", "documents", "history", "actions", "version"],
                    "properties": {
                        "current_step": {"type": ["object", "null"]},
                        "answers": {
                            "type": "object",
                            "description": (
                                "The answers by field id. For the applicant, a NIK or KK number the registry gave "
                                "from another person's record (a look-up by a NIK they typed) is masked "
                                "(`3203********0001`); officers get every value in full. Send the full number, not "
                                "the masked one, when a resubmission corrects it."
                            ),
                        },
                        "documents": {
                            "type": "object",
                            "description": "The stored documents by document id: name, type, size and digest.",
                            "additionalProperties": {"type": "object"},
                        },
                        "history": {"type": "array", "items": {"type": "object"}},
                        "actions": {"type": "array", "items": {"type": "string"}},
                        "version": {
                            "type": "integer",
                            "description": "The row version: send it back as a transition's `expected_version`.",
                        },
                        "complaints": {
                            "description": (
                                "Only for the applicant: their complaints about this application (SP4N-LAPOR! status)."
                            ),
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "title", "status", "updated_at"],
                                "properties": {
                                    "id": {"type": "string"},
                                    "title": {"type": "string"},
                                    "status": {"type": "string", "enum": list(COMPLAINT_STATUSES)},
                                    "status_label": {"type": "object"},
                                    "updated_at": {"type": "string", "format": "date-time"},
                                    "reply": {
                                        "type": ["string", "null"],
                                        "description": "The agency's answer, once an officer gave one.",
                                    },
                                },
                            },
                        },
                        "new_complaint_url": {
                            "type": "string",
                            "description": (
                                "Only for the applicant: the form that files a complaint about this application."
                            ),
                        },
                    },
                },
                "Transition": TRANSITION,
            },
        },
    }
