"""Registries: wrong shapes fail at start-up with a clear message; run-time failures are contained."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from framework.cli import main
from framework.plugins.base import Notifier, PrefillSource, Provider
from framework.plugins.registry import GROUPS, PluginError, Registries, Registry, call_safely, installed


class GoodSource(PrefillSource):
    id = "kota"
    attributes = {"nik": "NIK"}

    def fetch(self, key):
        return {}


def test_a_good_plugin_registers():
    registry = Registry("prefill_sources", PrefillSource)
    registry.register(GoodSource)
    assert "kota" in registry and registry.get("kota") is GoodSource and list(registry) == ["kota"]


@pytest.mark.parametrize(
    "plugin, message",
    [
        (type("NoFetch", (PrefillSource,), {"id": "x", "attributes": {"a": "b"}}), "`x` .*does not implement: fetch"),
        (type("NoId", (PrefillSource,), {"fetch": lambda self, key: {}}), "NoId .*has no `id`"),
        (
            type("WrongKind", (Provider,), {"id": "y", "deliver": lambda self, d, s: None}),
            "must be a subclass of PrefillSource",
        ),
        (object, "must be a subclass of PrefillSource"),
    ],
)
def test_wrong_shapes_are_refused_with_the_origin(plugin, message):
    with pytest.raises(PluginError, match=message) as raised:
        Registry("prefill_sources", PrefillSource).register(plugin, origin="region_pkg:Thing")
    assert "(from region_pkg:Thing)" in str(raised.value)


def test_duplicate_ids_are_refused():
    registry = Registry("prefill_sources", PrefillSource)
    registry.register(GoodSource)
    twin = type("Twin", (GoodSource,), {})
    with pytest.raises(PluginError, match="two prefill_sources plugins share the id `kota`"):
        registry.register(twin)


def test_unknown_plugin_is_a_clear_error():
    with pytest.raises(PluginError, match="no notifiers plugin `pigeon` is installed"):
        Registry("notifiers", Notifier).get("pigeon")


def test_installed_plugins_cover_every_kind():
    registries = installed()
    assert set(registries.by_kind) == set(GROUPS)
    assert {"ikd", "sisdmk"} <= set(registries.prefill_sources)
    assert "webhook" in registries.providers  # issuing alone is declared: definitions/issuers/ (test_issuers.py)
    assert not {"dukcapil", "kemenkes", "dpmptsp"} & set(registries.providers)
    assert {"inbox", "email", "sms", "whatsapp"} <= set(registries.notifiers)
    assert "lapor" in registries.complaint_channels and {"ikd", "password"} <= set(registries.signin_methods)


def test_a_plugin_that_cannot_be_imported_fails_loading(monkeypatch):
    class Broken:
        name, value = "rusak", "region_pkg.missing:Plugin"

        def load(self):
            raise ImportError("No module named 'region_pkg'")

    monkeypatch.setattr(
        "framework.plugins.registry.entry_points", lambda group: [Broken()] if group == "mpp.providers" else []
    )
    with pytest.raises(
        PluginError, match="cannot load providers plugin `rusak` \\(region_pkg.missing:Plugin\\): No module named"
    ):
        Registries().load_entry_points()


def test_call_safely_logs_and_contains(caplog):
    def explode(key):
        raise RuntimeError(f"registry broke on {key}")

    with caplog.at_level(logging.ERROR, logger="mpp.plugins"):
        assert call_safely(explode, "123", default={"fallback": True}, what="ikd.fetch") == {"fallback": True}
    assert "plugin call failed: ikd.fetch" in caplog.text and "registry broke on 123" in caplog.text
    assert call_safely(lambda key: key * 2, "ab") == "abab"


def test_mpp_plugins_lists_kind_id_class_and_mode(monkeypatch):
    monkeypatch.setenv("MPP_IKD_MODE", "http")
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    rows = {tuple(line.split()[:2]): line.split() for line in result.output.splitlines()[1:]}
    assert rows[("prefill_sources", "ikd")][2:] == ["plugins.ikd.IKDPrefill", "http"]
    assert rows[("prefill_sources", "sisdmk")][3] == "sandbox"
    assert (
        rows[("providers", "webhook")][3] == "sandbox" and ("providers", "dukcapil") not in rows
    )  # declared, not a plugin


def test_mpp_worker_refuses_a_sandbox_in_production(monkeypatch):
    monkeypatch.setenv("MPP_ENV", "production")
    monkeypatch.setenv("MPP_SISDMK_MODE", "sandbox")
    result = CliRunner().invoke(main, ["worker", "--once"])
    assert result.exit_code == 1 and "prefill_sources plugin `sisdmk`: MPP_SISDMK_MODE=sandbox ditolak" in result.output
