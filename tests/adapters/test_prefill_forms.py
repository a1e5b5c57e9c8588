"""The forms engine's `resolve_prefill` over the installed IKD plugin (the reference example)."""

from __future__ import annotations

from framework.forms.prefill import resolve_prefill
from plugins.ikd import sandbox_server
from plugins.sandbox.population import population


def family():
    pop = population()
    child = next(p for p in pop.people.values() if p.record["nik_ibu"])
    return pop.people[child.record["nik_ayah"]], pop.people[child.record["nik_ibu"]]


def test_reference_example_fills_from_sandbox_ikd(reference_catalog):
    spec = reference_catalog.specs["adminduk.akta-kelahiran"]
    father, mother = family()
    prefilled = resolve_prefill(spec, father.nik, {"nik_ibu": mother.nik})
    assert prefilled["nama_pemohon"].value == father.name and prefilled["nama_pemohon"].verified
    assert prefilled["nama_pemohon"].source == "ikd" and prefilled["nama_pemohon"].record_key == "nama_lgkp"
    assert prefilled["nama_ibu"].value == mother.name and prefilled["nama_ibu"].verified


def test_with_ikd_server_stopped_the_form_goes_on_unverified(reference_catalog, monkeypatch, serve):
    spec = reference_catalog.specs["adminduk.akta-kelahiran"]
    father, mother = family()
    server = serve(sandbox_server.make_app())
    monkeypatch.setenv("MPP_IKD_MODE", "http")
    monkeypatch.setenv("MPP_IKD_URL", server.url)
    monkeypatch.setenv("MPP_IKD_RETRIES", "0")
    assert resolve_prefill(spec, father.nik, {})["nama_pemohon"].verified  # served over HTTP
    server.stop()
    prefilled = resolve_prefill(spec, father.nik, {"nik_ibu": mother.nik})
    assert {
        name: (item.value, item.verified) for name, item in prefilled.items() if name in ("nama_pemohon", "nama_ibu")
    } == {
        "nama_pemohon": (None, False),
        "nama_ibu": (None, False),
    }
