"""The look-ups of another person's record the tests drive: BUDI (sandbox IKD) reports RINA's death."""

from __future__ import annotations

from adminhelpers import BUDI, REGION_A, sign_in
from forms.portal_helpers import form_values
from sqlalchemy import select

from framework.core.personal import DEVELOPMENT_AUDIT_KEY, NikDigester
from framework.store.models import AuditEvent

RINA, RINA_KK = "3203014204850001", "3203012411150001"  # sandbox IKD: Budi's wife, and their family card
MASKED_KK = "3203********0001"
SERVICE = "adminduk.akta-kematian"
DIGESTER = NikDigester.from_audit_key(DEVELOPMENT_AUDIT_KEY)  # make_app's MPP_AUDIT_KEY (development)


def page(service: str, page_id: str) -> str:
    return f"/layanan/{service}/{page_id}"


def post(client, address: str, changes: dict[str, str]):
    """Post the page as a browser would: what it shows, changed by ``changes``."""
    body = form_values(client.get(address).get_data(as_text=True))
    for name, value in changes.items():
        body.setlist(name, [value])
    return client.post(address, data=body)


def reporting_a_death(app):
    """BUDI, signed in, who started the death certificate's form in Cianjur."""
    client = app.test_client()
    sign_in(client, citizen=BUDI)
    assert client.post(f"/layanan/{SERVICE}/mulai", data={"region": REGION_A}).status_code == 302
    return client


def events(sessions, action: str) -> list[AuditEvent]:
    with sessions() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))
