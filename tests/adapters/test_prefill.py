"""IKD and SISDMK prefill: sandbox, and the HTTP adapter against a real loopback server."""

from __future__ import annotations

import pytest

from framework.plugins.base import PrefillResult
from framework.plugins.registry import PluginError, check_startup
from framework.plugins.settings import PluginSettingsError, adapter_settings
from plugins.ikd import IKDPrefill
from plugins.ikd import sandbox_server as ikd_server
from plugins.sandbox.population import population
from plugins.sisdmk import SISDMKPrefill
from plugins.sisdmk import sandbox_server as sisdmk_server


@pytest.fixture
def mother():
    return population().mothers()[0]


def use_http(monkeypatch, prefix, url, **extra):
    monkeypatch.setenv(f"MPP_{prefix}_MODE", "http")
    monkeypatch.setenv(f"MPP_{prefix}_URL", url)
    for name, value in extra.items():
        monkeypatch.setenv(f"MPP_{prefix}_{name.upper()}", str(value))


def test_sandbox_maps_the_record_with_provenance(mother):
    result = IKDPrefill().fetch(mother.nik)
    assert isinstance(result, PrefillResult) and result.status == "ok"
    assert result["nama_lengkap"] == mother.record["nama_lgkp"]
    assert result["kabupaten_kota"] == mother.record["no_kab"]
    assert result.provenance["nama_lengkap"].source == "ikd"
    assert result.provenance["nama_lengkap"].record_key == "nama_lgkp"
    assert result.provenance["nama_lengkap"].fetched_at.endswith("+00:00")
    assert result.provenance["nama_lengkap"].lookup_key == mother.nik
    assert set(result) <= set(IKDPrefill.attributes)


def test_sisdmk_maps_nested_keys():
    nik, worker = next(iter(population().health_workers.items()))
    result = SISDMKPrefill().fetch(nik)
    assert result.ok
    assert result["nomor_str"] == worker["str"]["nomor"]
    assert result.provenance["nomor_str"].record_key == "str.nomor"
    assert result["profesi"] == worker["profesi"]


def test_unknown_person_is_not_found_and_empty():
    result = IKDPrefill().fetch("3203010101900001")
    assert result.status == "not_found" and not result and dict(result) == {}


def test_http_happy_path_with_credentials(monkeypatch, serve, mother):
    server = serve(ikd_server.make_app("mpp", "s3cret"))
    use_http(monkeypatch, "IKD", server.url, client_id="mpp", client_secret="s3cret")
    result = IKDPrefill().fetch(mother.nik)
    assert result.status == "ok"
    assert result["nik"] == mother.nik and result["nama_ibu"] == mother.record["nama_lgkp_ibu"]
    assert server.server.app.requests == [f"/penduduk/{mother.nik}"]


def test_http_wrong_credentials_is_unavailable_not_a_crash(monkeypatch, serve, mother):
    server = serve(ikd_server.make_app("mpp", "s3cret"))
    use_http(monkeypatch, "IKD", server.url, client_id="mpp", client_secret="wrong")
    result = IKDPrefill().fetch(mother.nik)
    assert result.status == "unavailable" and result.message == "client_error"


def test_http_not_found(monkeypatch, serve):
    server = serve(ikd_server.make_app())
    use_http(monkeypatch, "IKD", server.url)
    assert IKDPrefill().fetch("3203010101900001").status == "not_found"


@pytest.mark.parametrize("fault, reason", [("error", "server_error"), ("garbage", "malformed"), ("slow", "timeout")])
def test_http_failures_are_unavailable(monkeypatch, serve, mother, fault, reason):
    app = sisdmk_server.make_app()
    app.fault, app.slow_seconds = fault, 1.0
    server = serve(app)
    use_http(monkeypatch, "SISDMK", server.url, timeout=0.2, retries=1)
    result = SISDMKPrefill().fetch(next(iter(population().health_workers)))
    assert result.status == "unavailable" and result.message == reason and dict(result) == {}
    expected_calls = 1 if fault == "garbage" else 2  # transient failures are retried once
    assert len(app.requests) == expected_calls


def test_dead_server_is_unavailable(monkeypatch, serve, mother):
    server = serve(ikd_server.make_app())
    url = server.url
    server.stop()
    use_http(monkeypatch, "IKD", url, retries=0)
    result = IKDPrefill().fetch(mother.nik)
    assert result.status == "unavailable" and result.message == "connect"


def test_circuit_opens_and_stops_calling_a_failing_registry(monkeypatch, serve, mother):
    app = ikd_server.make_app()
    app.fault = "error"
    server = serve(app)
    use_http(monkeypatch, "IKD", server.url, retries=0, breaker_threshold=3, breaker_cooldown=60)
    reasons = [IKDPrefill().fetch(mother.nik).message for _ in range(5)]
    assert reasons == ["server_error"] * 3 + ["circuit_open"] * 2
    assert len(app.requests) == 3


def test_circuit_half_opens_after_cooldown(monkeypatch, serve, mother):
    app = ikd_server.make_app()
    app.fault = "error"
    server = serve(app)
    use_http(monkeypatch, "IKD", server.url, retries=0, breaker_threshold=1, breaker_cooldown=0)
    assert IKDPrefill().fetch(mother.nik).message == "server_error"
    app.fault = ""
    assert IKDPrefill().fetch(mother.nik).status == "ok"  # cooldown 0: the trial call goes through


def test_http_mode_without_url_is_unavailable(monkeypatch, mother):
    monkeypatch.setenv("MPP_IKD_MODE", "http")
    result = IKDPrefill().fetch(mother.nik)
    assert result.status == "unavailable" and result.message == "not_configured"


def test_sandbox_refused_in_production(monkeypatch, mother):
    monkeypatch.setenv("MPP_ENV", "production")
    monkeypatch.setenv("MPP_IKD_MODE", "sandbox")
    with pytest.raises(PluginSettingsError, match="MPP_IKD_MODE=sandbox"):
        adapter_settings("IKD")
    with pytest.raises(PluginError, match="prefill_sources plugin `ikd`.*sandbox"):
        check_startup("production")
    assert IKDPrefill().fetch(mother.nik).status == "unavailable"  # contained at request time too


def test_production_defaults_to_http(monkeypatch):
    monkeypatch.setenv("MPP_ENV", "production")
    assert adapter_settings("IKD").mode == "http"
    monkeypatch.setenv("MPP_ENV", "development")
    assert adapter_settings("IKD").mode == "sandbox"


def test_bad_setting_is_reported_by_name(monkeypatch):
    monkeypatch.setenv("MPP_IKD_TIMEOUT", "soon")
    with pytest.raises(PluginSettingsError, match="MPP_IKD_TIMEOUT"):
        adapter_settings("IKD")


def test_prefill_result_is_a_full_mapping(mother):
    result = IKDPrefill().fetch(mother.nik)
    assert list(result.values()) == [result[name] for name in result.keys()]  # noqa: SIM118 - keys() is what is tested
    assert dict(result.items())["nik"] == mother.nik and result.get("nope") is None
    assert result.as_json()["values"]["nama_lengkap"] == mother.record["nama_lgkp"]
