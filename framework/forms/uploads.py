"""The documents page: store accepted uploads, refuse the rest with a reason.

A file is judged by its bytes (``framework.storage.sniff``), not its name,
and read no further than one byte past its limit, so a huge upload costs
the server nothing. Only accepted files are stored; the draft keeps their
:class:`~framework.storage.UploadInfo`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from framework.definition.model import ServiceSpec
from framework.forms.drafting import answer_values, documents_of
from framework.forms.drafts import Draft
from framework.forms.validation import FieldError, upload_errors, validate_answers
from framework.forms.visibility import DOCUMENTS_PAGE, asked_documents
from framework.storage import Storage, describe


def shown_documents(spec: ServiceSpec, draft: Draft) -> list:
    return asked_documents(spec, answer_values(spec, draft.answers))


def without_hidden_documents(spec: ServiceSpec, draft: Draft) -> tuple[Draft, list[str]]:
    """The draft as it is filed: only the documents its answers still ask for; and the keys of the others.

    A file uploaded for an answer the citizen changed since (a police report
    of a loss, then the reason became a change of data) is not the
    officers' business: it is not filed, and the caller deletes it once the
    application is in.
    """
    shown = {document.id for document in shown_documents(spec, draft)}
    kept = {doc_id: info for doc_id, info in draft.documents.items() if doc_id in shown}
    hidden = [info["key"] for doc_id, info in draft.documents.items() if doc_id not in shown]
    return replace(draft, documents=kept), hidden


def post_documents(
    spec: ServiceSpec, draft: Draft, files: Mapping[str, Any], formdata: Any, storage: Storage
) -> tuple[list[FieldError], bool]:
    """Store the posted files; returns (errors, stay) — ``stay`` after a removal."""
    action = formdata.get("_action", "")
    if action.startswith("hapus:"):
        removed = draft.documents.pop(action.partition(":")[2], None)
        if removed:
            storage.delete(removed["key"])
        return [], True
    errors: list[FieldError] = []
    for document in shown_documents(spec, draft):
        upload = files.get(document.id)
        if upload is None or not upload.filename:
            continue
        data = upload.stream.read(document.max_bytes + 1)
        problems = list(upload_errors(document, describe(data, upload.filename)))
        if problems:
            errors.extend(problems)
            continue
        previous = draft.documents.get(document.id)
        draft.documents[document.id] = storage.save(data, upload.filename).as_dict()
        if previous:
            storage.delete(previous["key"])
    failed = {e.field for e in errors}
    checked = validate_answers(spec, draft.answers, documents=documents_of(draft), pages={DOCUMENTS_PAGE})
    return errors + [e for e in checked.errors if e.field not in failed], False
