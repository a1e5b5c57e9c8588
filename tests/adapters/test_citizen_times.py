"""A citizen's pages give each time in the zone of the region it belongs to, as the tracking page does.

The inbox said "00:07 WIB" for a Gowa return that the tracking page gave as
"01:07 WITA": a citizen's pages fell back to Jakarta time.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from framework.store.inbox import InboxMessage
from plugins.sandbox.population import population

MOMENT = dt.datetime(2026, 8, 16, 17, 5, tzinfo=dt.UTC)  # 00.05 WIB, 01.05 WITA on 17 August


@pytest.fixture
def citizen():
    """A mother from Cianjur (32.03), which keeps WIB."""
    person = population().mothers()[0]
    assert person.nik.startswith("32")
    return person


@pytest.fixture
def client(make_app, citizen):
    client = make_app(WTF_CSRF_ENABLED=False).test_client()
    client.post("/masuk/ikd/sandbox", data={"nik": citizen.nik})
    return client


def _message(session, nik: str, key: str, tracking_number: str | None) -> None:
    session.add(
        InboxMessage(
            idempotency_key=key,
            citizen_nik=nik,
            tracking_number=tracking_number,
            event="returned",
            subject=f"Pesan {key}",
            body="Isi",
            created_at=MOMENT,
        )
    )
    session.commit()


def test_a_message_about_an_application_is_in_its_regions_zone(client, session, citizen, file_application):
    soppeng = file_application("nakes.uji-regional")  # filed in Soppeng (73.12): WITA
    _message(session, citizen.nik, "about", soppeng)
    _message(session, citizen.nik, "general", None)
    text = client.get("/kotak-masuk").get_data(as_text=True)
    assert "17 Agustus 2026, 01.05 WITA" in text  # the Soppeng application's message
    assert "17 Agustus 2026, 00.05 WIB" in text  # one about no application: the citizen's own region


def test_a_draft_is_saved_at_its_regions_time(client):
    """The citizen keeps WIB (Cianjur); the draft is for Gowa, which keeps WITA, as its applications below it do."""
    client.post("/layanan/adminduk.akta-kelahiran/mulai", data={"region": "73.06"})
    text = client.get("/permohonan-saya").get_data(as_text=True)
    assert re.search(r"Kabupaten Gowa · Terakhir disimpan [^<]+ WITA", text), text
