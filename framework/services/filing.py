"""The last step of the portal: file the draft through the applications service.

``framework.services.applications.submit`` is the function the API calls too; it
validates again (answers, prefill, documents, region) inside one transaction,
so a draft that changed since the summary was drawn cannot slip through.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framework.core.errors import FieldError
from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.forms.drafting import documents_of
from framework.forms.drafts import Draft
from framework.forms.messages import message
from framework.forms.prefill import PrefilledValue
from framework.forms.regions import region_table
from framework.forms.uploads import without_hidden_documents
from framework.workflow.loci import Loci

SIGN_IN_NEEDED = Text("Masuk dengan IKD untuk mengirim permohonan.", "Sign in with IKD to submit the application.")


@dataclass
class Outcome:
    application: Any = None
    errors: list[FieldError] = field(default_factory=list)


def offered_regions(
    spec: ServiceSpec, definitions: Path, others: Iterable[ServiceSpec] = (), loci: Loci | None = None
) -> list[tuple[str, str]]:
    """(code, name) of the kabupaten/kota where this service can be filed (``loci``: the file's when not given)."""
    from framework.workflow.offering import offering_errors

    others = list(others)
    regencies = [r for r in region_table(definitions).by_code.values() if r.level == "regency"]
    return sorted(
        ((r.code, r.name) for r in regencies if not offering_errors(spec, r.code, definitions, others, loci)),
        key=lambda pair: pair[1],
    )


def submit_draft(
    session: Any,
    spec: ServiceSpec,
    draft: Draft,
    region: str,
    applicant_nik: str | None,
    definitions: Path,
    others: Iterable[ServiceSpec] = (),
    counter: Any = None,
    loci: Loci | None = None,
) -> Outcome:
    """File ``draft``; ``counter``: the officer filing it at the counter for the citizen ``applicant_nik``.

    ``loci``: the ones the caller holds with its catalog (a web process), else read from the database.
    """
    from framework.services import applications

    if not applicant_nik:
        return Outcome(errors=[FieldError("", "sign_in", SIGN_IN_NEEDED)])
    if not region:
        return Outcome(errors=[FieldError("region", "required", message("required"))])
    asked, _others = without_hidden_documents(spec, draft)  # an upload for an answer changed since is not filed
    try:
        application = applications.submit(
            session,
            spec,
            region=region,
            answers=draft.answers,
            applicant_nik=applicant_nik,
            prefill={
                name: PrefilledValue.from_dict(item) for name, item in draft.prefill.items() if item.get("verified")
            },
            documents=documents_of(asked),
            idempotency_key=f"draft-{draft.id}",
            definitions=definitions,
            others=others,
            counter=counter,
            loci=loci,
        )
    except applications.Invalid as refused:
        return Outcome(errors=refused.errors)
    return Outcome(application=application)
