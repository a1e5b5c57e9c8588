"""Sign-in: IKD (sandbox picker, and OpenID Connect against a loopback IdP) and officer passwords."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from mpp_testing import production_settings

from framework.plugins.registry import PluginError
from framework.store.inbox import CitizenProfile
from plugins.sandbox.population import population
from plugins.signin import sandbox_idp


@pytest.fixture
def client(make_app):
    return make_app(WTF_CSRF_ENABLED=False).test_client()


def signed_in(client):
    with client.session_transaction() as cookie:
        return cookie.get("citizen_nik"), cookie.get("officer")


def test_sandbox_picker_signs_a_synthetic_citizen_in(client, session):
    mother = population().mothers()[0]
    listing = client.get("/masuk/ikd").get_data(as_text=True)
    assert mother.name in listing and "sandbox" in listing and f"NIK {mother.nik}" in listing  # synthetic: shown whole
    answer = client.post("/masuk/ikd/sandbox", data={"nik": mother.nik, "next": "/layanan/adminduk.akta-kelahiran/"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/layanan/adminduk.akta-kelahiran/"
    assert signed_in(client) == (mother.nik, None)
    assert session.get(CitizenProfile, mother.nik).name == mother.name
    client.post("/keluar")
    assert signed_in(client) == (None, None)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_sign_in_never_redirects_off_site(client, target):
    answer = client.post("/masuk/ikd/sandbox", data={"nik": population().mothers()[0].nik, "next": target})
    assert answer.headers["Location"] == "/layanan/"


def test_unknown_citizen_and_missing_csrf_are_refused(client, make_app):
    assert client.post("/masuk/ikd/sandbox", data={"nik": "1234567890123456"}).status_code == 400
    strict = make_app().test_client()
    assert strict.post("/masuk/ikd/sandbox", data={"nik": population().mothers()[0].nik}).status_code == 400
    assert signed_in(strict) == (None, None)


def test_sandbox_sign_in_refused_in_production(make_app, monkeypatch, database_url):
    monkeypatch.setenv("MPP_IKD_OIDC_MODE", "sandbox")
    with pytest.raises(PluginError, match="MPP_IKD_OIDC_MODE=sandbox"):
        make_app(**production_settings(database_url))


def oidc_round_trip(client, idp_url, nik):
    started = client.get("/masuk/ikd?next=/layanan/")
    assert started.status_code == 302 and started.headers["Location"].startswith(f"{idp_url}/authorize?")
    query = {name: values[0] for name, values in parse_qs(urlsplit(started.headers["Location"]).query).items()}
    assert f"NIK {nik}" in httpx.get(started.headers["Location"]).text  # the picker page
    form = {name: query.get(name, "") for name in sandbox_idp.FORWARDED}
    chosen = httpx.post(f"{idp_url}/authorize", data={**form, "nik": nik})
    callback = urlsplit(chosen.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def test_oidc_code_flow_against_the_sandbox_idp(client, serve, monkeypatch):
    idp = serve(sandbox_idp.make_app("mpp", "s3cret"))
    for name, value in {"MODE": "http", "URL": idp.url, "CLIENT_ID": "mpp", "CLIENT_SECRET": "s3cret"}.items():
        monkeypatch.setenv(f"MPP_IKD_OIDC_{name}", value)
    mother = population().mothers()[0]
    finished = oidc_round_trip(client, idp.url, mother.nik)
    assert finished.status_code == 302 and finished.headers["Location"] == "/layanan/"
    assert signed_in(client) == (mother.nik, None)
    with client.session_transaction() as cookie:
        assert cookie["citizen_region"] == mother.record["no_kab"]  # the service list starts from her kabupaten


def test_oidc_with_a_wrong_client_secret_signs_nobody_in(client, serve, monkeypatch):
    idp = serve(sandbox_idp.make_app("mpp", "s3cret"))
    for name, value in {"MODE": "http", "URL": idp.url, "CLIENT_ID": "mpp", "CLIENT_SECRET": "wrong"}.items():
        monkeypatch.setenv(f"MPP_IKD_OIDC_{name}", value)
    finished = oidc_round_trip(client, idp.url, population().mothers()[0].nik)
    assert finished.status_code == 401 and "Masuk tidak berhasil" in finished.get_data(as_text=True)
    assert signed_in(client) == (None, None)


def test_oidc_token_endpoint_down_is_a_clear_page(client, serve, monkeypatch):
    """The token exchange goes through Authlib's own HTTP client; its network error must not become a traceback."""
    from flask import jsonify
    from tests_plugins_helpers import closed_port

    idp_app = sandbox_idp.make_app("mpp", "s3cret")
    configuration = idp_app.view_functions["configuration"]

    def configuration_with_a_dead_token_endpoint():
        metadata = configuration().get_json()
        return jsonify({**metadata, "token_endpoint": f"http://127.0.0.1:{closed_port()}/token"})

    idp_app.view_functions["configuration"] = configuration_with_a_dead_token_endpoint
    idp = serve(idp_app)
    for name, value in {"MODE": "http", "URL": idp.url, "CLIENT_ID": "mpp", "CLIENT_SECRET": "s3cret"}.items():
        monkeypatch.setenv(f"MPP_IKD_OIDC_{name}", value)
    finished = oidc_round_trip(client, idp.url, population().mothers()[0].nik)
    assert finished.status_code in (401, 503) and "Masuk" in finished.get_data(as_text=True)
    assert signed_in(client) == (None, None)


def test_oidc_idp_down_is_a_clear_page(client, monkeypatch):
    from tests_plugins_helpers import closed_port

    monkeypatch.setenv("MPP_IKD_OIDC_MODE", "http")
    monkeypatch.setenv("MPP_IKD_OIDC_URL", f"http://127.0.0.1:{closed_port()}")
    answer = client.get("/masuk/ikd")
    assert answer.status_code == 503 and "Coba lagi nanti" in answer.get_data(as_text=True)


def test_officer_password_sign_in(client, session):
    from framework.services.accounts import add_user

    add_user(session, "operator.soppeng", "operator_dpmptsp", "73.12", "kata-sandi-panjang")
    wrong = client.post("/masuk/petugas", data={"username": "operator.soppeng", "password": "salah"})
    nobody = client.post("/masuk/petugas", data={"username": "tidak.ada", "password": "salah"})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.get_data(as_text=True).count("Nama pengguna atau kata sandi salah") == 1
    in_english = client.post("/masuk/petugas?lang=en", data={"username": "operator.soppeng", "password": "salah"})
    assert in_english.get_data(as_text=True).count("Wrong username or password") == 1
    answer = client.post("/masuk/petugas", data={"username": "Operator.Soppeng", "password": "kata-sandi-panjang"})
    assert answer.status_code == 302
    assert signed_in(client) == (None, {"username": "operator.soppeng", "role": "operator_dpmptsp", "region": "73.12"})


def test_sign_ins_are_audited_and_guessing_is_slowed(client, session):
    from framework.services.accounts import add_user
    from framework.services.audit_trail import events_for

    add_user(session, "kadis", "kadis", "73.12", "kata-sandi-panjang")
    for _ in range(5):
        assert client.post("/masuk/petugas", data={"username": "kadis", "password": "tebakan"}).status_code == 401
    locked = client.post("/masuk/petugas", data={"username": "kadis", "password": "kata-sandi-panjang"})
    assert locked.status_code == 429 and "Terlalu banyak percobaan" in locked.get_data(as_text=True)
    assert int(locked.headers["Retry-After"]) > 0
    assert signed_in(client) == (None, None)
    assert [event.action for event in events_for(session, "kadis")] == ["signin.failed"] * 5
    assert (
        client.post("/masuk/petugas", data={"username": "tidak.ada", "password": "x"}).status_code == 401
    )  # others are not locked
    mother = population().mothers()[0]
    client.post("/masuk/ikd/sandbox", data={"nik": mother.nik})
    [event] = events_for(session, mother.nik)
    assert (event.action, event.role, event.details) == ("signin", "citizen", {"method": "ikd-sandbox"})


def officer_sso(client, idp_url, username, preferred_username=""):
    started = client.get("/masuk/petugas/sso?next=/admin/antrean")
    assert started.status_code == 302 and started.headers["Location"].startswith(f"{idp_url}/authorize?")
    query = {name: values[0] for name, values in parse_qs(urlsplit(started.headers["Location"]).query).items()}
    forwarded = {name: query.get(name, "") for name in sandbox_idp.FORWARDED}
    chosen = httpx.post(
        f"{idp_url}/authorize",
        data={**forwarded, "username": username, "preferred_username": preferred_username},
    )
    callback = urlsplit(chosen.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


@pytest.fixture
def officer_idp(serve, monkeypatch):
    """The sandbox provider for officers; the username comes from ``mpp_username``, a claim its admins set."""
    idp = serve(sandbox_idp.make_app("mpp-admin", "s3cret"))
    settings = {"URL": idp.url, "CLIENT_ID": "mpp-admin", "CLIENT_SECRET": "s3cret", "USERNAME_CLAIM": "mpp_username"}
    for name, value in settings.items():
        monkeypatch.setenv(f"MPP_OFFICER_OIDC_{name}", value)
    return idp


def test_officer_sso_lets_registered_officers_in_with_their_role(client, session, officer_idp):
    from framework.services.accounts import add_user

    idp = officer_idp
    add_user(session, "kadis.soppeng", "kadis", "73.12")  # no password: signs in only through SSO
    stranger = officer_sso(client, idp.url, "orang.lain")
    assert stranger.status_code == 403 and "belum terdaftar" in stranger.get_data(as_text=True)
    assert signed_in(client) == (None, None)
    finished = officer_sso(client, idp.url, "Kadis.Soppeng")
    assert finished.status_code == 302 and finished.headers["Location"] == "/admin/antrean"
    assert signed_in(client) == (None, {"username": "kadis.soppeng", "role": "kadis", "region": "73.12"})


def test_officer_sso_is_off_unless_configured(client):
    assert client.get("/masuk/petugas/sso").status_code == 404


def test_an_officer_who_edits_their_preferred_username_is_not_someone_else(client, session, officer_idp):
    """SSO matched accounts on ``preferred_username``, which users may edit at many providers."""
    from framework.services.accounts import add_user

    add_user(session, "kadis.soppeng", "kadis", "73.12")
    posing = officer_sso(client, officer_idp.url, "orang.lain", preferred_username="kadis.soppeng")
    assert posing.status_code == 403 and signed_in(client) == (None, None)
    from framework.services.audit_trail import events_for

    [event] = events_for(session, "orang.lain")
    assert (event.action, event.details["method"], event.details["iss"]) == ("signin.failed", "oidc", officer_idp.url)


@pytest.mark.parametrize(
    "claim", [None, "preferred_username", "email", "name", "phone_number", "website", "locale", "updated_at"]
)
def test_officer_sso_stays_off_without_a_claim_its_admins_set(client, officer_idp, monkeypatch, claim):
    if claim is None:
        monkeypatch.delenv("MPP_OFFICER_OIDC_USERNAME_CLAIM")
    else:
        monkeypatch.setenv("MPP_OFFICER_OIDC_USERNAME_CLAIM", claim)
    assert client.get("/masuk/petugas/sso").status_code == 404
    assert client.get("/masuk/petugas/sso/callback?state=x&code=y").status_code == 404


def test_a_misconfigured_officer_claim_is_logged_once_at_start_up_not_per_request(make_app, monkeypatch, caplog):
    """Before: the error was logged on every request to the SSO pages, and never before the first one."""
    monkeypatch.setenv("MPP_OFFICER_OIDC_URL", "https://idp.example")
    monkeypatch.setenv("MPP_OFFICER_OIDC_USERNAME_CLAIM", "phone_number")
    with caplog.at_level("ERROR", logger="plugins.signin.officer_oidc"):
        client = make_app().test_client()
        logged_at_start = len(caplog.records)
        for _ in range(3):
            assert client.get("/masuk/petugas/sso").status_code == 404
    assert logged_at_start == 1 and len(caplog.records) == 1
    assert "phone_number" in caplog.records[0].getMessage()


@pytest.mark.parametrize(
    ("value", "username"), [(19850412, "19850412"), (" Kadis.Soppeng ", "kadis.soppeng"), (True, ""), (None, "")]
)
def test_an_officers_claim_may_be_a_whole_number(value, username):
    """An employee number sent as a JSON number was read as no username at all."""
    from plugins.signin.officer_oidc import claimed_username

    assert claimed_username({"nip": value}, "nip") == username
