"""One registry per plugin kind, filled from entry points.

A region's own package adds a prefill source or a provider by declaring an
entry point in one of the groups below (see setup.cfg); nothing in this
repository changes. Plugins fail loudly at load time (wrong shape: a clear
message naming the entry point) and softly at run time (the caller logs and
goes on), as in Open Forms' registries.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import entry_points
from typing import Any, Generic, Protocol, TypeVar

from framework.plugins.base import (
    ComplaintChannel,
    Notifier,
    Plugin,
    PrefillSource,
    Provider,
    Signer,
    SigninMethod,
)

P = TypeVar("P", bound=Plugin)
T = TypeVar("T")

GROUPS: dict[str, tuple[str, type[Plugin]]] = {
    "prefill_sources": ("mpp.prefill_sources", PrefillSource),
    "providers": ("mpp.providers", Provider),
    "notifiers": ("mpp.notifiers", Notifier),
    "complaint_channels": ("mpp.complaint_channels", ComplaintChannel),
    "signin_methods": ("mpp.signin_methods", SigninMethod),
    "signers": ("mpp.signers", Signer),
}


class PluginError(RuntimeError):
    """A plugin that cannot be used: raised at start-up, never at request time."""


class Registry(Generic[P]):
    """Plugins of one kind, by id; a duplicate id is an error."""

    def __init__(self, kind: str, interface: type[P]) -> None:
        self.kind = kind
        self.interface = interface
        self._plugins: dict[str, type[P]] = {}

    def register(self, plugin: type[P], origin: str = "") -> type[P]:
        where = f" (from {origin})" if origin else ""
        if not (isinstance(plugin, type) and issubclass(plugin, self.interface)):
            raise PluginError(
                f"{self.kind} plugin{where} must be a subclass of {self.interface.__name__}, got {plugin!r}"
            )
        plugin_id = getattr(plugin, "id", "")
        if not isinstance(plugin_id, str) or not plugin_id:
            raise PluginError(f"{self.kind} plugin {plugin.__name__}{where} has no `id`")
        missing = plugin.missing_members()
        if missing:
            raise PluginError(f"{self.kind} plugin `{plugin_id}`{where} does not implement: {', '.join(missing)}")
        if plugin_id in self._plugins and self._plugins[plugin_id] is not plugin:
            raise PluginError(f"two {self.kind} plugins share the id `{plugin_id}`{where}")
        self._plugins[plugin_id] = plugin
        return plugin

    def __contains__(self, plugin_id: object) -> bool:
        return plugin_id in self._plugins

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._plugins))

    def get(self, plugin_id: str) -> type[P]:
        try:
            return self._plugins[plugin_id]
        except KeyError:
            raise PluginError(f"no {self.kind} plugin `{plugin_id}` is installed") from None

    def items(self) -> list[tuple[str, type[P]]]:
        return sorted(self._plugins.items())


class Registries:
    """All plugin registries of one process."""

    def __init__(self) -> None:
        self.by_kind: dict[str, Registry] = {
            kind: Registry(kind, interface) for kind, (_group, interface) in GROUPS.items()
        }

    # one typed property per kind, so callers (and mypy) know what each registry holds
    @property
    def prefill_sources(self) -> Registry[PrefillSource]:
        return self.by_kind["prefill_sources"]

    @property
    def providers(self) -> Registry[Provider]:
        return self.by_kind["providers"]

    @property
    def notifiers(self) -> Registry[Notifier]:
        return self.by_kind["notifiers"]

    @property
    def complaint_channels(self) -> Registry[ComplaintChannel]:
        return self.by_kind["complaint_channels"]

    @property
    def signin_methods(self) -> Registry[SigninMethod]:
        return self.by_kind["signin_methods"]

    @property
    def signers(self) -> Registry[Signer]:
        return self.by_kind["signers"]

    def load_entry_points(self) -> Registries:
        for kind, (group, _interface) in GROUPS.items():
            for entry in entry_points(group=group):
                try:
                    plugin = entry.load()
                except Exception as exc:
                    raise PluginError(f"cannot load {kind} plugin `{entry.name}` ({entry.value}): {exc}") from exc
                self.by_kind[kind].register(plugin, origin=entry.value)
        return self


DEMO_DATA_GROUP = "mpp.demo_data"


class DemoData(Protocol):
    """Demo data for `mpp serve` (a module or object): seed once, then say how to sign in."""

    def seed(self, session: Any) -> Any: ...

    def describe(self, result: Any) -> Iterable[str]: ...

    def sign_ins(self, session: Any) -> Iterable[str]: ...


def demo_data() -> list[DemoData]:
    """The installed demo-data providers (entry-point group ``mpp.demo_data``), in name order."""
    providers = []
    for entry in sorted(entry_points(group=DEMO_DATA_GROUP), key=lambda e: e.name):
        try:
            providers.append(entry.load())
        except Exception as exc:
            raise PluginError(f"cannot load demo data `{entry.name}` ({entry.value}): {exc}") from exc
    return providers


@functools.cache
def installed() -> Registries:
    """The plugins installed in this environment (loaded once per process)."""
    return Registries().load_entry_points()


log = logging.getLogger("mpp.plugins")


def call_safely(
    plugin_call: Callable[..., T], *args: Any, default: T | None = None, what: str = "", **kwargs: Any
) -> T | None:
    """Run a plugin at request time; a failure is logged and contained.

    A broken plugin must never take a citizen's form down with it: the caller
    gets ``default`` and goes on (without the value, or with a retry later).
    """
    try:
        return plugin_call(*args, **kwargs)
    except Exception:  # broad on purpose: containment is the point
        log.exception("plugin call failed: %s", what or getattr(plugin_call, "__qualname__", repr(plugin_call)))
        return default


DEFAULT_SIGNER = "bsre"
NO_SIGNER = "none"


def chosen_signer(registries: Registries | None = None) -> type[Signer] | None:
    """The signer ``MPP_SIGNER`` names (``bsre`` when installed, by default), or None for unsigned products.

    A name that is not installed is a `PluginError`: checked at start-up, so
    a mistyped setting stops the app and the worker instead of parking every
    delivery.
    """
    chosen = os.environ.get("MPP_SIGNER", "").strip().lower()
    signers = (registries or installed()).signers
    if chosen == NO_SIGNER or (not chosen and DEFAULT_SIGNER not in signers):
        return None
    name = chosen or DEFAULT_SIGNER
    if name not in signers:
        known = ", ".join([*signers, NO_SIGNER])
        raise PluginError(f"MPP_SIGNER={name!r} names no installed signer (one of: {known})")
    return signers.get(name)


def adapter_mode(plugin: type[Plugin]) -> str:
    """``sandbox``/``http``/``smtp`` for plugins with an external system, else ``local``."""
    from framework.plugins.settings import PluginSettingsError

    try:
        return plugin.mode()
    except PluginSettingsError as exc:
        return f"error: {exc}"


def check_startup(environment: str | None = None, registries: Registries | None = None) -> list[str]:
    """Load every plugin and its settings; raise `PluginError` on the first unusable one.

    Called by the web app and `mpp worker` at start-up, so a sandbox in
    production or a mistyped setting stops the process with a clear message
    instead of failing a citizen's request later. Returns warnings
    (e.g. an HTTP adapter without a URL) that the caller logs.
    """
    from framework.plugins.settings import PluginSettingsError

    registries = registries or installed()
    signer = chosen_signer(registries)
    warnings: list[str] = []
    for kind, registry in registries.by_kind.items():
        for plugin_id, plugin in registry.items():
            if kind == "signers" and plugin is not signer:  # installed, not in use: its settings are not read
                continue
            try:
                plugin.mode(environment)
                warnings.extend(
                    f"{kind} plugin `{plugin_id}`: {warning}" for warning in plugin.startup_warnings(environment)
                )
            except PluginSettingsError as exc:
                raise PluginError(f"{kind} plugin `{plugin_id}`: {exc}") from None
    if signer is not None:
        warnings.extend(_signature_trust_warnings(environment))
    for warning in warnings:
        log.warning(warning)
    return warnings


def _signature_trust_warnings(environment: str | None) -> list[str]:
    """``signature_trust.trust_warnings``, its unreadable roots a `PluginError` that stops start-up."""
    from framework.plugins.base import SigningRefused
    from framework.plugins.signature_trust import trust_warnings

    try:
        return trust_warnings(environment)
    except SigningRefused as exc:
        raise PluginError(str(exc)) from None
