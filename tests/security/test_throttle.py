"""Issue 12, item 5: officer sign-in throttling that holds under concurrency and cannot lock an officer out;
equal work for unknown usernames; request rate limits shared by every process."""

from __future__ import annotations

import threading

import pytest
from forms.portal_helpers import SERVICE, page_url, post_page
from sqlalchemy import func, select

from framework.services import signin_throttle
from framework.services.accounts import add_user
from framework.store.models import AuditEvent

PASSWORD = "kata-sandi-yang-cukup-panjang"
ATTACKER, OFFICE, ELSEWHERE = "198.51.100.7", "192.0.2.10", "203.0.113.5"


@pytest.fixture
def officer(session):
    add_user(session, "kadis.soppeng", "kadis", "73.12", PASSWORD)
    return "kadis.soppeng"


def attempt(app, username, password, address):
    client = app.test_client()
    return client.post(
        "/masuk/petugas", data={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def checked_failures(session, username):
    query = select(func.count()).where(AuditEvent.action == "signin.failed", AuditEvent.target == username)
    return session.scalar(query)


def test_parallel_wrong_passwords_are_not_all_checked(make_app, session, officer):
    """Today 20 parallel guesses were all checked against a limit of 5: the count is now reserved atomically."""
    app = make_app(WTF_CSRF_ENABLED=False)
    statuses: list[int] = []
    start = threading.Barrier(20)

    def guess(number: int) -> None:
        start.wait()
        statuses.append(attempt(app, officer, f"tebakan-{number}", ATTACKER).status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session.expire_all()
    checked = checked_failures(session, officer)
    assert checked <= signin_throttle.PAIR.free + 1
    assert statuses.count(401) == checked and statuses.count(429) == 20 - checked


def test_an_attacker_cannot_lock_the_officer_out(make_app, officer):
    app = make_app(WTF_CSRF_ENABLED=False)
    assert attempt(app, officer, PASSWORD, OFFICE).status_code == 302  # the office address becomes known
    for number in range(30):
        attempt(app, officer, f"tebakan-{number}", ATTACKER)
    assert attempt(app, officer, PASSWORD, ATTACKER).status_code == 429  # the attacker's address waits
    assert attempt(app, officer, PASSWORD, OFFICE).status_code == 302  # the officer does not
    refused = attempt(app, officer, PASSWORD, ELSEWHERE)  # a new address waits at most the account's short delay
    assert refused.status_code == 302 or int(refused.headers["Retry-After"]) <= 60


def test_an_office_behind_one_address_signs_everyone_in(make_app, session):
    """Correct sign-ins counted against the address: the 21st officer of an office was refused all day."""
    officers = [f"petugas-{number}.soppeng" for number in range(signin_throttle.ADDRESS.free + 10)]
    for username in officers:
        add_user(session, username, "operator_dukcapil", "73.12", PASSWORD)
    session.commit()
    app = make_app(WTF_CSRF_ENABLED=False)
    assert [attempt(app, username, PASSWORD, OFFICE).status_code for username in officers] == [302] * len(officers)


def test_a_sign_in_between_guesses_buys_no_more_guesses(make_app, session, officer):
    """Only the successful attempt is given back: a sprayer with one valid account still runs out of free tries."""
    add_user(session, "own.account", "operator_dukcapil", "73.12", PASSWORD)
    session.commit()
    app = make_app(WTF_CSRF_ENABLED=False)
    answers = []
    for number in range(signin_throttle.ADDRESS.free + 3):
        assert attempt(app, "own.account", PASSWORD, ATTACKER).status_code in (302, 429)
        answers.append(attempt(app, f"korban-{number}", "tebakan", ATTACKER).status_code)
    assert answers[: signin_throttle.ADDRESS.free] == [401] * signin_throttle.ADDRESS.free
    assert 429 in answers[signin_throttle.ADDRESS.free :]


def test_the_delay_grows_with_failures(make_app, officer):
    app = make_app(WTF_CSRF_ENABLED=False)
    delays = []
    for number in range(5):
        attempt(app, officer, f"tebakan-{number}", ATTACKER)
    for _ in range(3):
        delays.append(int(attempt(app, officer, "lagi", ATTACKER).headers["Retry-After"]))
    assert delays[0] >= 25 and delays == sorted(delays)
    assert signin_throttle.PAIR.delay(20) == signin_throttle.PAIR.max_delay


def test_unknown_usernames_cost_the_same_argon2_verification(make_app, officer, monkeypatch):
    """Equal timing, checked structurally: both paths run exactly one argon2 verification."""
    from argon2 import PasswordHasher

    calls: list[str] = []
    real = PasswordHasher.verify

    def counting(self, hashed, password):
        calls.append(password)
        return real(self, hashed, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    app = make_app(WTF_CSRF_ENABLED=False)
    assert attempt(app, "tidak.ada", "salah-1", OFFICE).status_code == 401
    assert attempt(app, officer, "salah-2", OFFICE).status_code == 401
    assert calls == ["salah-1", "salah-2"]


def test_request_limits_are_shared_by_every_process(make_app):
    """Two apps (two processes' worth of state) on one database count the same look-ups."""
    limits = {"tracking.status": "3 per minute"}
    first = make_app(MPP_RATE_LIMITS_ENABLED=True, MPP_RATE_LIMITS=limits).test_client()
    second = make_app(MPP_RATE_LIMITS_ENABLED=True, MPP_RATE_LIMITS=limits).test_client()
    number = "/lacak/AAAAAAAAAAAAAAAA"
    assert [first.get(number).status_code for _ in range(2)] == [400, 400]
    assert second.get(number).status_code == 400
    refused = second.get(number)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert first.get(number).status_code == 429


def test_limited_answers_report_the_window_closest_to_its_limit(make_app):
    limits = {"tracking.status": "3 per minute;100 per day"}
    client = make_app(MPP_RATE_LIMITS_ENABLED=True, MPP_RATE_LIMITS=limits).test_client()
    number = "/lacak/AAAAAAAAAAAAAAAA"
    first = client.get(number)
    assert (first.headers["X-RateLimit-Limit"], first.headers["X-RateLimit-Remaining"]) == ("3", "2")
    assert "Retry-After" not in first.headers
    answers = [client.get(number) for _ in range(3)]
    refused = answers[-1]
    assert [a.status_code for a in answers] == [400, 400, 429]
    assert refused.headers["X-RateLimit-Limit"] == "3" and refused.headers["X-RateLimit-Remaining"] == "0"
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "Terlalu banyak permintaan" in refused.get_data(as_text=True)  # the site's own page, in Indonesian


def test_only_the_methods_a_rule_names_are_counted(make_app, officer):
    app = make_app(
        WTF_CSRF_ENABLED=False, MPP_RATE_LIMITS_ENABLED=True, MPP_RATE_LIMITS={"signin_password.signin": "1 per minute"}
    )
    client = app.test_client()
    assert [client.get("/masuk/petugas").status_code for _ in range(3)] == [200, 200, 200]  # reading the form
    assert attempt(app, officer, "salah", OFFICE).status_code == 401
    assert attempt(app, officer, PASSWORD, OFFICE).status_code == 429


def test_a_malformed_limit_stops_the_app_at_start_naming_the_setting(make_app):
    from gunicorn.errors import AppImportError

    from framework.web import StartupError

    with pytest.raises(StartupError, match=r"MPP_RATE_LIMITS\['tracking.status'\] = 'banyak sekali'") as refused:
        make_app(MPP_RATE_LIMITS={"tracking.status": "banyak sekali"})
    assert isinstance(refused.value, AppImportError)  # gunicorn prints it as a message, without a traceback


def test_filing_through_the_api_is_limited(make_app, session):
    from api.api_helpers import bearer, multipart

    from framework.services.accounts import issue_token

    app = make_app(MPP_RATE_LIMITS_ENABLED=True, MPP_RATE_LIMITS={"api.submit": "2 per minute"})
    token = issue_token(session, citizen="7312010101900001")
    client = app.test_client()
    path = "/api/v1/services/adminduk.akta-kelahiran/applications"
    answers = [client.post(path, data=multipart(), headers=bearer(token)).status_code for _ in range(3)]
    assert answers[:2] == [201, 201] and answers[2] == 429
    refused = client.post(path, data=multipart(), headers=bearer(token))
    assert refused.get_json()["error"] == "too_many_requests"


MOTHERS = ["3203014204850001", "3203014505880001", "3203015107900001", "3203014103920001"]


def test_prefill_lookups_by_a_typed_nik_are_limited_per_citizen(make_app, monkeypatch):
    from plugins.sandbox.population import population

    mothers = [mother.nik for mother in population().mothers()[:4]]
    app = make_app(WTF_CSRF_ENABLED=False, MPP_RATE_LIMITS_ENABLED=True, MPP_RATE_LIMITS={"prefill": "2 per hour"})
    client = app.test_client()
    assert client.post("/masuk/ikd/sandbox", data={"nik": "3203011205820001"}).status_code == 302
    assert client.post(f"/layanan/{SERVICE}/mulai", data={"region": "73.06"}).status_code == 302
    names = []
    for nik in mothers:
        post_page(client, "orang_tua", {"nik_ibu": nik})
        names.append(population().person(nik).name in client.get(page_url("orang_tua")).get_data(as_text=True))
    assert names == [True, True, False, False]
