"""Registry look-ups about a person, in the audit trail: who looked up whom, never the NIK in clear.

Two kinds: a citizen's look-up keyed by a number they typed (``by:
field.nik_almarhum``: a third party's record, ``prefill.lookup``), and every
look-up at the counter (``counter.prefill``: the officer asks about the
walk-in citizen, and about anyone whose NIK the form asks for). Each event
keeps the masked NIK to show, its keyed digest and the audit key's id
(:class:`framework.core.personal.NikDigester`) so that
``/admin/jejak-audit/?nik=`` finds exactly that person's look-ups.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from framework.core.personal import NikDigester
from framework.services import audit_trail
from framework.workflow.actors import Actor

CITIZEN_LOOKUP = "prefill.lookup"
COUNTER_LOOKUP = "counter.prefill"


def record_lookup(
    session: Session,
    actor: Actor,
    action: str,
    nik: str,
    digester: NikDigester,
    *,
    source: str,
    service: str | None = None,
    region: str | None = None,
) -> int:
    """Add the look-up of ``nik`` from ``source`` to the caller's transaction; the event's id."""
    details = {**digester.person_details(nik), "source": source, "personal_data": True}
    if service:
        details["service"] = service
    return audit_trail.record(session, actor, action, None, details, region=region)
