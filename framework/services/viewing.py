"""One application as the API shows it to its applicant or to an officer.

Why a function of its own: the look-up by tracking number is the most
frequent request after the static pages. It used to take four statements
after the token (the application, its pinned definition, its history by a
lazy load, the applicant's complaints, almost always none); now the
application with whether the applicant has any complaint, then its history,
are read into a frozen record by two prepared statements
(``applications.view``, ``framework.store.application_record``), the
compiled definition comes from the cache by content hash, and the complaints
are read only when there are some.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from framework.services import applications
from framework.services.complaints import applicant_complaints, new_complaint_url
from framework.services.records import full_record
from framework.store.types import utcnow
from framework.workflow.actors import Actor


def record_for(
    session: Session,
    tracking_number: str,
    actor: Actor,
    *,
    codelists: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The applicant's record (with their own complaints) or an officer's (the view audited); 403/404 otherwise."""
    application, spec = applications.view(session, tracking_number, actor=actor, codelists=codelists)
    actions = applications.allowed_actions(spec, application, actor)
    record = full_record(application, spec, actor, actions, now or utcnow())
    if actor.is_citizen and actor.id == application.applicant_nik:  # complaints may be confidential
        record["complaints"] = [complaint.as_json() for complaint in applicant_complaints(session, application)]
        record["new_complaint_url"] = new_complaint_url(application.tracking_number)
    return record
