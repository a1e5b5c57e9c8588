"""An application as people may see it: public status, the applicant's timeline, the officer's record.

Pure functions from stored rows to JSON-ready dicts; the API, the tracking
page and the admin render these, so what each audience sees is decided in one
place. The public sees state and dates only; the applicant sees the whole
timeline with reasons; officers also see who acted and the prefill provenance.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from framework.core.text import Text
from framework.definition.model import ServiceSpec
from framework.forms.language_parts import in_language
from framework.forms.minimise import minimised_answers
from framework.services.return_reasons import comment_text
from framework.store.application_record import Viewed
from framework.workflow.actors import Actor

if TYPE_CHECKING:  # applications imports this module
    from framework.services.applications import PublicView

STATE_LABELS: dict[str, Text] = {
    "draft": Text("Draf", "Draft"),
    "submitted": Text("Diajukan", "Submitted"),
    "returned": Text("Dikembalikan untuk diperbaiki", "Returned for correction"),
    "approved": Text("Disetujui", "Approved"),
    "issued": Text("Selesai, produk terbit", "Completed, product issued"),
    "rejected": Text("Ditolak", "Rejected"),
    "withdrawn": Text("Dibatalkan pemohon", "Withdrawn by the applicant"),
}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


IN_PROGRESS = Text("Diproses: ", "In progress: ")


def state_label(spec: ServiceSpec, state: str) -> Text:
    """What ``state`` is called: the step's title while it is in progress, else the state's own name."""
    step = next((s for s in spec.steps if s.id == state), None)
    if step:
        return IN_PROGRESS + step.title
    return STATE_LABELS.get(state, Text(state))


def state_label_part(spec: ServiceSpec, state: str, language: str) -> Markup:
    """:func:`state_label` as page content: a step's title without English marked ``lang="id"`` (WCAG 3.1.2).

    Why apart: the label's English joins "In progress: " and the step's
    Indonesian title into one string, so the stand-in can no longer be told
    apart and marked; the JSON keeps that joined ``{id, en}`` all the same.
    """
    step = next((s for s in spec.steps if s.id == state), None)
    if step:
        return escape(IN_PROGRESS.get(language)) + in_language(step.title, language)
    return in_language(STATE_LABELS.get(state, Text(state, state)), language)  # an unknown state's code: no language


def public_status(application: Viewed | PublicView, spec: ServiceSpec, now: datetime) -> dict[str, Any]:
    """What anyone holding the tracking number may see: no names, no answers, no reasons."""
    from framework.services.applications import is_overdue

    return {
        "tracking_number": application.tracking_number,
        "service": {"id": spec.id, "title": spec.title.as_dict()},
        "state": application.state,
        "state_label": state_label(spec, application.state).as_dict(),
        "submitted_at": _iso(application.submitted_at),
        "due_at": _iso(application.due_at),
        "overdue": is_overdue(application, now),
        "decided_at": _iso(application.decided_at),
        "issued_at": _iso(application.issued_at),
    }


def timeline(application: Viewed, spec: ServiceSpec, officer: bool) -> list[dict[str, Any]]:
    entries = []
    for record in application.history:
        entry = {
            "from": record.from_state,
            "to": record.to_state,
            "action": record.action,
            "role": record.role,
            "comment": record.comment,
            "comment_text": comment_text(spec, record.comment, record.fields),
            "fields": record.fields or {},
            "at": _iso(record.at),
            "state_label": state_label(spec, record.to_state).as_dict(),
            # filed at the counter: the citizen sees which officer filed it in their name
            "counter_officer": record.actor if (record.fields or {}).get("counter") else None,
        }
        if officer:
            entry["actor"] = record.actor
        entries.append(entry)
    return entries


def full_record(
    application: Viewed, spec: ServiceSpec, actor: Actor, actions: list[str], now: datetime
) -> dict[str, Any]:
    """The applicant's or an officer's view (the caller has checked they may see it)."""
    officer = actor.is_officer
    step = next((s for s in spec.steps if s.id == application.current_step), None)
    record = public_status(application, spec, now)
    record.update(
        {
            "service": {
                "id": spec.id,
                "version": application.service_version,
                "content_hash": application.content_hash,
                "title": spec.title.as_dict(),
            },
            "region": application.region,
            "applicant_nik": application.applicant_nik,
            "current_step": {
                "id": step.id,
                "title": step.title.as_dict(),
                "role": step.role,
                "sla": step.sla.text if step.sla else None,
            }
            if step
            else None,
            "returned": {
                "reason": application.return_reason,
                "fields": list(application.return_fields or []),
                "from_step": application.returned_from,
            }
            if application.state == "returned"
            else None,
            "product_ref": application.product_ref,
            # the applicant reads another person's registry numbers masked (forms.minimise); officers in full
            "answers": application.answers
            if officer
            else minimised_answers(spec, application.answers or {}, application.prefill or {}),
            "documents": {
                doc_id: {k: v for k, v in info.items() if k != "key"}
                for doc_id, info in (application.documents or {}).items()
            },
            "prefill": application.prefill
            if officer
            else {
                field: {"source": p.get("source"), "verified": p.get("verified")}
                for field, p in (application.prefill or {}).items()
            },
            "escalated_at": _iso(application.escalated_at),
            "history": timeline(application, spec, officer),
            "actions": actions,
            "version": application.version,  # sent back as a transition's `expected_version` (409 when stale)
        }
    )
    return record
