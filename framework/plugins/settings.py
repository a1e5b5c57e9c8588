"""Per-plugin settings from the environment.

Every plugin with an external system reads the same family of variables,
``MPP_<PREFIX>_MODE`` (``sandbox`` or ``http``), ``_URL``, ``_CLIENT_ID``,
``_CLIENT_SECRET``, ``_TIMEOUT`` (seconds), ``_RETRIES``, ``_BREAKER_THRESHOLD``
and ``_BREAKER_COOLDOWN`` (seconds). Sandbox is the default in development
and refused in production, where a sandbox would hand out invented people.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from framework.core import settings as app_settings

MODES = ("sandbox", "http")


class PluginSettingsError(RuntimeError):
    """A plugin's settings cannot be used (reported at start-up)."""


@dataclass(frozen=True)
class AdapterSettings:
    prefix: str
    mode: str
    url: str
    client_id: str
    client_secret: str
    timeout: float
    retries: int
    breaker_threshold: int
    breaker_cooldown: float

    @property
    def name(self) -> str:
        return self.prefix.lower()


def adapter_settings(
    prefix: str, environ: Mapping[str, str] | None = None, environment: str | None = None
) -> AdapterSettings:
    """Read ``MPP_<PREFIX>_*``; raise `PluginSettingsError` with a fix when unusable."""
    env = os.environ if environ is None else environ
    production = (environment or env.get("MPP_ENV") or app_settings.environment()) == "production"

    def get(name: str, default: str = "") -> str:
        return env.get(f"MPP_{prefix}_{name}", default).strip()

    mode = get("MODE", "http" if production else "sandbox").lower()
    if mode not in MODES:
        raise PluginSettingsError(f"MPP_{prefix}_MODE={mode!r} is not one of {', '.join(MODES)}")
    if mode == "sandbox" and production:
        raise PluginSettingsError(
            f"MPP_{prefix}_MODE=sandbox ditolak saat MPP_ENV=production / sandbox refused when MPP_ENV=production: "
            f"set MPP_{prefix}_MODE=http and MPP_{prefix}_URL"
        )
    return AdapterSettings(
        prefix=prefix,
        mode=mode,
        url=get("URL").rstrip("/"),
        client_id=get("CLIENT_ID"),
        client_secret=get("CLIENT_SECRET"),
        timeout=_number(prefix, "TIMEOUT", get("TIMEOUT", "5"), float),
        retries=int(_number(prefix, "RETRIES", get("RETRIES", "2"), int)),
        breaker_threshold=int(_number(prefix, "BREAKER_THRESHOLD", get("BREAKER_THRESHOLD", "5"), int)),
        breaker_cooldown=_number(prefix, "BREAKER_COOLDOWN", get("BREAKER_COOLDOWN", "30"), float),
    )


def _number(prefix: str, name: str, raw: str, kind: type) -> float | int:
    try:
        value = kind(raw)
    except ValueError:
        raise PluginSettingsError(f"MPP_{prefix}_{name}={raw!r} is not a number") from None
    if value < 0:
        raise PluginSettingsError(f"MPP_{prefix}_{name} must not be negative")
    return value
