"""Helpers of the officer-workspace tests: who lives where, signing in without the sign-in page."""

from __future__ import annotations

from plugins.sandbox.population import population

PASSWORD = "sapi-terbang-di-sawah-41"
REGION_A, REGION_B = "32.03", "73.06"  # Kabupaten Cianjur, Kabupaten Gowa
BUDI = "3203011205820001"  # lives in Mekarsari, 32.03.01.2004 (sandbox IKD)
BUDI_VILLAGE = "32.03.01.2004"
OTHER_VILLAGE = "32.03.23.2004"


def sign_in(client, username: str | None = None, citizen: str | None = None) -> None:
    """Put an officer (or a citizen) in the client's session, as the sign-in pages do."""
    with client.session_transaction() as session:
        session.clear()
        if username:
            session["officer"] = {"username": username}
        if citizen:
            session["citizen_nik"] = citizen


def resident_of(village: str) -> str:
    """An adult of the sandbox population living in ``village``."""
    return next(
        nik
        for nik, person in sorted(population().people.items())
        if person.record["no_kel"] == village and person.record["stat_hbkel"] != "ANAK"
    )
