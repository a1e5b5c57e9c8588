"""The meta-schema of service definitions (JSON Schema 2020-12).

Written in Python so it can carry comments, published as JSON by
``mpp generate`` to ``generated/schema/service-definition.schema.json``.
Every property has a ``description``: editors with the YAML language server
show it as a tooltip and offer completion.

The schema checks *shape*. What a value *means* (does the field exist, does
the expression compile, is the SLA shorter than the template's) is checked in
``checks.py``, where the message can name the problem precisely.
"""

from __future__ import annotations

import functools
from typing import Any

from framework.core.numbers import INTEGER_MAX

SCHEMA_ID = "https://mpp-digital.go.id/schema/service-definition.schema.json"

FIELD_TYPES: dict[str, str] = {
    "text": "one line of text",
    "textarea": "several lines of text",
    "integer": "a whole number",
    "decimal": "a number with decimals",
    "date": "a calendar date",
    "choice": "one option out of `options` or `options_from`",
    "multichoice": "several options out of `options` or `options_from`",
    "boolean": "yes or no",
    "email": "an e-mail address",
    "phone": "an Indonesian phone number (08…, +628…)",
    "nik": "a 16-digit NIK, structure checked (region, birth date, +40 for women)",
    "kk": "a 16-digit family-card (KK) number",
    "region": "a Kemendagri region code, chosen province → regency → district → village",
    "group": "a set of fields; with `repeat` a list of such sets",
    "declaration": "a statement the citizen must tick to go on",
}

ACTIONS = ("approve", "return", "reject")
DEADLINE_ACTIONS = ("approve", "reject", "escalate")
EVENTS: dict[str, str] = {
    "submitted": "the application was submitted (the citizen gets the tracking number)",
    "returned": "an officer returned the application for changes",
    "resubmitted": "the citizen resubmitted a returned application",
    "approved": "the last step approved the application; the provider acts on it",
    "issued": "the provider issued the product (document, licence)",
    "rejected": "the application was rejected, with a reason",
    "withdrawn": "the citizen withdrew the application",
    "overdue": "a step passed its SLA deadline",
}
DOCUMENT_TYPES = ("pdf", "jpg", "jpeg", "png")
REGION_LEVELS = ("province", "regency", "district", "village")
ID_PATTERN = "^[a-z][a-z0-9_]*$"
ID_MAX_LENGTH = 64  # ids become database keys, API names and tracking states
SERVICE_ID_PATTERN = "^[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$"
ISSUER_PATTERN = "^[a-z][a-z0-9-]*$"


def _text(description: str) -> dict[str, Any]:
    return {"$ref": "#/$defs/text", "description": description}


def _str(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _texts(description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": "#/$defs/text"}, "description": description}


_POSITION = {
    "before": _str("In a variant or a profession built on a template: put this item before the item with this id."),
    "after": _str("In a variant or a profession built on a template: put this item after the item with this id."),
}

_REGIONAL = {
    "regional": {
        "enum": ["open"],
        "description": (
            "In a template or national service: `open` lets a regional variant change this "
            "element in any direction (its condition, limits, prefill, role, actions, ...) "
            "except its type and its SLA. Without it a variant may only tighten the element: "
            "anything it cannot be shown to tighten is refused. A variant cannot write it."
        ),
    }
}

_TEXT = {
    "description": (
        "A text people read: `{id: Bahasa Indonesia, en: English}`. A plain string is Indonesian only (a warning)."
    ),
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {
                "id": _str("The text in Bahasa Indonesia (shown first).", minLength=1),
                "en": _str("The text in English.", minLength=1),
            },
            "required": ["id"],
            "additionalProperties": False,
        },
    ],
}

_FIELD_PROPERTIES: dict[str, Any] = {
    "id": _str(
        "Name of the answer, unique in the service (a group's children: unique in "
        "the group). Lower case, digits and `_`; used in conditions and the API.",
        pattern=ID_PATTERN,
        maxLength=ID_MAX_LENGTH,
    ),
    "type": {
        "enum": list(FIELD_TYPES),
        "description": "What the citizen enters: " + "; ".join(f"`{k}`: {v}" for k, v in FIELD_TYPES.items()) + ".",
    },
    "label": _text("The question or label shown beside the input."),
    "hint": _text("Extra help shown under the label."),
    "required": {
        "type": "boolean",
        "description": "The citizen must answer (default false; a `declaration` is always required).",
    },
    "when": _str("Condition: the field is shown and validated only when it is true, e.g. `kembar == true`."),
    "prefill": _str(
        "`<lookup>.<attribute>`: take the value from a lookup declared under `prefill`, e.g. `pemohon.nama_lengkap`.",
        pattern="^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$",
    ),
    "locked": {
        "type": "boolean",
        "description": "A prefilled value the citizen cannot change; the server ignores any posted value.",
    },
    "min": {
        "type": "number",
        "description": "`integer`/`decimal`: smallest value. `multichoice`/repeated `group`: fewest choices.",
    },
    "max": {"type": "number", "description": "`integer`/`decimal`: largest value. `multichoice`: most choices."},
    "min_length": {"type": "integer", "minimum": 0, "description": "`text`/`textarea`: fewest characters."},
    "max_length": {"type": "integer", "minimum": 1, "description": "`text`/`textarea`: most characters."},
    "pattern": _str("`text`: a regular expression the whole answer must match, e.g. `^[0-9]{5}$`."),
    "pattern_message": _text("`text`: the message shown when `pattern` does not match."),
    "options": {
        "type": "object",
        "description": "`choice`/`multichoice`: the options, `code: {id: ..., en: ...}`; the code is what is stored.",
        "minProperties": 1,
        "additionalProperties": {"$ref": "#/$defs/text"},
    },
    "options_from": _str(
        "`choice`/`multichoice`: a code list under `definitions/`, e.g. `codelists/agama`.",
        pattern="^codelists/[a-z0-9-]+$",
    ),
    "level": {
        "enum": list(REGION_LEVELS),
        "description": "`region`: how deep the citizen chooses (default `village`).",
    },
    "repeat": {
        "type": "object",
        "description": "`group`: makes the group a list; the citizen adds and removes entries.",
        "properties": {
            "min": {"type": "integer", "minimum": 0, "description": "Fewest entries (0 allows none)."},
            "max": {"type": "integer", "minimum": 1, "description": "Most entries."},
        },
        "required": ["max"],
        "additionalProperties": False,
    },
    "fields": {
        "type": "array",
        "items": {"$ref": "#/$defs/field"},
        "description": "`group`: the fields of the group.",
        "minItems": 1,
    },
    **_POSITION,
    **_REGIONAL,
}

_PAGE = {
    "type": "object",
    "description": "One page of the form; pages are shown in order, with a summary page at the end.",
    "properties": {
        "id": _str("Page id, unique in the service.", pattern=ID_PATTERN, maxLength=ID_MAX_LENGTH),
        "title": _text("Page title, also the heading on the summary page."),
        "intro": _text("A paragraph shown at the top of the page."),
        "when": _str("Condition: the whole page is skipped unless it is true."),
        "fields": {
            "type": "array",
            "items": {"$ref": "#/$defs/field"},
            "description": "The fields on the page, in order.",
        },
        **_POSITION,
        **_REGIONAL,
    },
    "required": ["id"],
    "additionalProperties": False,
}

_DOCUMENT = {
    "type": "object",
    "description": "A document the citizen uploads.",
    "properties": {
        "id": _str(
            "Document id, unique in the service; the API's file part name.", pattern=ID_PATTERN, maxLength=ID_MAX_LENGTH
        ),
        "label": _text("What the document is."),
        "hint": _text("Help, e.g. where to get it."),
        "accept": {
            "type": "array",
            "items": {"enum": list(DOCUMENT_TYPES)},
            "minItems": 1,
            "uniqueItems": True,
            "description": "Accepted file types, checked by content, not by name: " + ", ".join(DOCUMENT_TYPES) + ".",
        },
        "max_mb": {"type": "number", "description": "Largest accepted size in megabytes, e.g. `2`."},
        "required": {"type": "boolean", "description": "Must be uploaded (when its `when` holds)."},
        "when": _str("Condition: asked only when it is true."),
        **_POSITION,
        **_REGIONAL,
    },
    "required": ["id"],
    "additionalProperties": False,
}

_STEP = {
    "type": "object",
    "description": "One step of the approval chain, done by officers of one role in the application's region.",
    "properties": {
        "id": _str(
            "Step id, unique in the service; also the tracking state while the application waits here.",
            pattern=ID_PATTERN,
            maxLength=ID_MAX_LENGTH,
        ),
        "title": _text("What happens in this step, as the citizen sees it on the tracking page."),
        "role": _str(
            "The officer role that acts, e.g. `operator_dukcapil`.", pattern=ID_PATTERN, maxLength=ID_MAX_LENGTH
        ),
        "sla": _str("Time allowed: `4h` (working hours) or `3d` (working days, Indonesian calendar)."),
        "actions": {
            "type": "array",
            "items": {"type": "string"},
            "minItems": 1,
            "uniqueItems": True,
            "description": (
                "What the officer may do: `approve`, `return` (to the citizen, "
                "with a reason and the fields to fix), `reject` (with a reason)."
            ),
        },
        "on_deadline": {
            "enum": list(DEADLINE_ACTIONS),
            "description": (
                "What happens automatically when the SLA passes: `approve` (fiktif positif, "
                "e.g. health SIP on day 5), `reject`, or `escalate` (flag to the supervisor)."
            ),
        },
        **_POSITION,
        **_REGIONAL,
    },
    "required": ["id"],
    "additionalProperties": False,
}

_RULE = {
    "type": "object",
    "description": "A cross-field check: when the condition is TRUE the answers are wrong and the message is shown.",
    "properties": {
        "id": _str("Optional rule id, so a variant can refer to it.", pattern=ID_PATTERN, maxLength=ID_MAX_LENGTH),
        "when": _str("Condition describing the mistake, e.g. `tanggal_lahir > today()`."),
        "message": _text(
            "What the citizen is told. A profession or variant overriding its template's "
            "rule (same `id`) may leave it out and keep the template's message."
        ),
        "field": _str(
            "The field the message is shown beside (default: the first field the condition names).",
            pattern=ID_PATTERN,
            maxLength=ID_MAX_LENGTH,
        ),
        **_REGIONAL,
    },
    "required": ["when"],  # `message` too for a new rule: checks.check_complete_items
    "additionalProperties": False,
}

_LOOKUP = {
    "type": "object",
    "description": "A prefill lookup in a registry.",
    "properties": {
        "source": _str("The prefill source plugin, e.g. `ikd` (digital ID) or `sisdmk` (health workforce)."),
        "by": _str(
            "The key: `applicant` (the signed-in citizen), `field.<field id>` (a NIK typed in the form), or "
            "`field.<group id>.<field id>` (a NIK in each row of a repeating group: looked up per row, filling "
            "fields of the same row).",
            pattern="^(applicant|field\\.[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)?)$",
        ),
    },
    "required": ["source", "by"],
    "additionalProperties": False,
}

_STANDARD_TEXTS = {
    "facilities": "Facilities, including for vulnerable groups (sarana, prasarana).",
    "staff_competence": "Competence of the officers (kompetensi pelaksana).",
    "oversight": "Internal oversight (pengawasan internal).",
    "staff_count": "Number of officers (jumlah pelaksana).",
    "guarantee": "Service guarantee (maklumat pelayanan).",
    "security": "Security and safety guarantee (jaminan keamanan dan keselamatan).",
    "evaluation": "Evaluation of officers' performance (evaluasi kinerja pelaksana).",
}

_STANDARD = {
    "type": "object",
    "description": "The service standard (standar pelayanan, Permenpan-RB 15/2014) as published.",
    "properties": {
        "legal_basis": _texts("Laws and regulations the service rests on (dasar hukum)."),
        "requirements": _texts("Requirements as published (persyaratan)."),
        "procedure": _texts("The system, mechanism and procedure, step by step (sistem, mekanisme dan prosedur)."),
        "sla": _str("Time limit of the whole service: `1d`, `5d` (working days) or `4h` (jangka waktu)."),
        "fee": {
            "type": "number",
            "minimum": 0,
            "description": "Fee in Rupiah; write `0` for free services (biaya/tarif).",
        },
        "fee_basis": _text("The legal basis of the fee, or why it is free."),
        "product": _text("What the citizen receives (produk pelayanan)."),
        "complaints": _str("The complaint channel plugin, e.g. `lapor` (SP4N-LAPOR!)."),
        "retention": {
            "type": "string",
            "pattern": "^[1-9][0-9]*[ymd]$",
            "description": "How long the personal data of a closed application is kept (masa retensi): `5y` (years), "
            "`18m` (months) or `90d` (days) after the decision; then `mpp purge` removes it and keeps only "
            "anonymous statistics. Without it nothing is purged.",
        },
        **{key: _text(description) for key, description in _STANDARD_TEXTS.items()},
    },
    "additionalProperties": False,
}

_ALWAYS_REQUIRED = ["service", "version"]
# what a definition that extends nothing must also have (listed once, so a
# missing key is reported once)
_FULL_REQUIRED = ["title", "summary", "sector", "standard", "pages", "steps"]  # and `provider` or `issuer`: checks.py


@functools.cache
def metaschema() -> dict[str, Any]:
    """The meta-schema as a dict (built once)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "MPP Digital service definition",
        "description": (
            "One YAML file declares one public service: its form, "
            "prefill, documents, approval steps and service standard."
        ),
        "type": "object",
        "properties": {
            "service": _str(
                "Globally unique id `<sector>.<slug>`, e.g. `adminduk.akta-kelahiran`.", pattern=SERVICE_ID_PATTERN
            ),
            "version": {
                "type": "integer",
                "minimum": 1,
                "maximum": INTEGER_MAX,  # the column that stores it (`definition_versions.version`) holds no more
                "description": "Raised on every published change; applications keep the version they were filed under.",
            },
            "title": _text("The service's name."),
            "summary": _text("One or two sentences on what the service is for."),
            "sector": _str(
                "The sector: `adminduk`, `nakes`, or another; the service id starts with it.",
                pattern="^[a-z][a-z0-9-]*$",
            ),
            "provider": _str(
                "Who acts on an approved application: a declared issuer (`dukcapil`, `kemenkes`, "
                "`dpmptsp`, any file of `definitions/issuers/`) or a provider plugin "
                "with an integration of its own (`webhook`). Optional when `issuer` is given."
            ),
            "issuer": _str(
                "The issuing agency declared under `definitions/issuers/` (its name, "
                "numbering, signatory and letter), e.g. `dinsos-gowa`. Without it, a `provider` "
                "that is a declared issuer issues; with it, `provider` may be left out.",
                pattern=ISSUER_PATTERN,
            ),
            "letter": {
                "type": "object",
                "description": (
                    "What this service's issued document says, in place of its issuer's letter: `holder` (whom "
                    "the document is for, e.g. `{nama_anak}` on a birth certificate; the applicant by default), "
                    "`title` and `body`, with the placeholders of an issuer's letter."
                ),
                "properties": {
                    "holder": _str("Whom the document is for, with placeholders, e.g. `{nama_anak}`."),
                    "title": _text("The document's title."),
                    "body": _text("The document's text, with placeholders."),
                },
                "additionalProperties": False,
                "minProperties": 1,
            },
            "template": {
                "type": "boolean",
                "description": (
                    "A national template: checked and extended by other definitions, never offered to citizens itself."
                ),
            },
            "extends": _str(
                "Id of the template (or national service) this definition adapts.", pattern=SERVICE_ID_PATTERN
            ),
            "region": _str(
                "For a regional variant: the Kemendagri code of the kabupaten/kota, e.g. `73.12`.",
                pattern="^[0-9]{2}\\.[0-9]{2}$",
            ),
            "remove": {
                "type": "array",
                "items": _str("Id of a field, page or document to drop.", pattern=ID_PATTERN, maxLength=ID_MAX_LENGTH),
                "uniqueItems": True,
                "description": (
                    "In a variant: optional fields, pages or documents of "
                    "the template to drop (required ones cannot be dropped)."
                ),
            },
            "standard": _STANDARD,
            "prefill": {
                "type": "object",
                "description": "Named registry lookups that fields take values from.",
                "propertyNames": {"type": "string", "pattern": ID_PATTERN},
                "additionalProperties": {"$ref": "#/$defs/lookup"},
            },
            "pages": {"type": "array", "items": _PAGE, "description": "The form's pages, in order."},
            "documents": {"type": "array", "items": _DOCUMENT, "description": "Documents to upload."},
            "rules": {"type": "array", "items": _RULE, "description": "Cross-field checks."},
            "steps": {"type": "array", "items": _STEP, "description": "The approval chain, in order."},
            "notify": {
                "type": "object",
                "description": (
                    "Which events reach the citizen, by which channels (`inbox`, `email`, `sms`, `whatsapp`)."
                ),
                "properties": {
                    event: {
                        "type": "array",
                        "items": {"type": "string"},
                        "uniqueItems": True,
                        "description": f"When {text}.",
                    }
                    for event, text in EVENTS.items()
                },
                "additionalProperties": False,
            },
        },
        "required": _ALWAYS_REQUIRED,
        "if": {"required": ["extends"]},
        "else": {"required": _FULL_REQUIRED},
        "additionalProperties": False,
        "$defs": {
            "text": _TEXT,
            "lookup": _LOOKUP,
            "field": {
                "type": "object",
                "description": "One question of the form.",
                "properties": _FIELD_PROPERTIES,
                "required": ["id"],
                "additionalProperties": False,
            },
        },
    }


@functools.cache
def codelist_schema() -> dict[str, Any]:
    """The shape of a code list under ``definitions/codelists/``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "MPP Digital code list",
        "type": "object",
        "properties": {
            "codelist": _str("The list's name: the file name without `.yaml`, e.g. `agama`.", pattern="^[a-z0-9-]+$"),
            "title": _text("What the list holds."),
            "source": _text("Where the codes come from (regulation, registry table), and what is not yet verified."),
            "items": {
                "type": "object",
                "description": (
                    "The codes, `CODE: {id: ..., en: ...}`, in the order they are offered; the code is what is stored."
                ),
                "minProperties": 1,
                "additionalProperties": {"$ref": "#/$defs/text"},
            },
        },
        "required": ["codelist", "title", "items"],
        "additionalProperties": False,
        "$defs": {"text": _TEXT},
    }


@functools.cache
def issuer_schema() -> dict[str, Any]:
    """The shape of an issuing agency under ``definitions/issuers/`` (what a region declares instead of a plugin)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "MPP Digital issuing agency",
        "type": "object",
        "properties": {
            "issuer": _str(
                "The agency's id: the file name without `.yaml`, e.g. `dinsos-gowa`.", pattern=ISSUER_PATTERN
            ),
            "name": _text("The agency's name as printed on what it issues, e.g. `Dinas Sosial Kabupaten Gowa`."),
            "region": _str(
                "The kabupaten/kota of a regional agency (Kemendagri "
                "code, quoted), e.g. `73.06`; none for a national one.",
                pattern="^[0-9]{2}\\.[0-9]{2}$",
            ),
            "address": _text("The agency's address, printed under its name."),
            "numbering": _str(
                "The document number: `{sequence}` (per year, per region; `{sequence:04}` pads "
                "it to 4 digits), `{year}`, `{month}`, `{month_roman}`, `{region}` (`73.06`), "
                "`{region_compact}` (`7306`), e.g. `460/{sequence:04}/DINSOS/{region}/{year}`."
            ),
            "signatory": _str(
                "The officer role that signs (the role of the chain's last step, usually), e.g. `kepala_dinsos`.",
                pattern=ID_PATTERN,
                maxLength=ID_MAX_LENGTH,
            ),
            "signatory_title": _text("The signatory's title as printed, e.g. `Kepala Dinas Sosial`."),
            "letter": {
                "type": "object",
                "description": (
                    "What the issued document says: a `title` (default: the service's `standard.product`) and a "
                    "`body` with placeholders from the answers (`{nama_pemohon}`: a field of the service) and "
                    "`{applicant}`, `{nik}`, `{number}`, `{date}`, `{region}`, `{service}`, `{tracking_number}`."
                ),
                "properties": {
                    "title": _text("The document's title."),
                    "body": _text("The document's text, with placeholders."),
                },
                "required": ["body"],
                "additionalProperties": False,
            },
        },
        "required": ["issuer", "name", "numbering", "signatory"],
        "additionalProperties": False,
        "$defs": {"text": _TEXT},
    }


# Keys that only make sense for some field types (beyond the common ones).
COMMON_FIELD_KEYS = frozenset(
    {"id", "type", "label", "hint", "required", "when", "prefill", "locked", "before", "after", "regional"}
)
FIELD_TYPE_KEYS: dict[str, frozenset[str]] = {
    "text": frozenset({"min_length", "max_length", "pattern", "pattern_message"}),
    "textarea": frozenset({"min_length", "max_length"}),
    "integer": frozenset({"min", "max"}),
    "decimal": frozenset({"min", "max"}),
    "date": frozenset(),
    "choice": frozenset({"options", "options_from"}),
    "multichoice": frozenset({"options", "options_from", "min", "max"}),
    "boolean": frozenset(),
    "email": frozenset(),
    "phone": frozenset(),
    "nik": frozenset(),
    "kk": frozenset(),
    "region": frozenset({"level"}),
    "group": frozenset({"fields", "repeat"}),
    "declaration": frozenset(),
}
