"""The one JSON-over-HTTP client every HTTP adapter uses.

Base URL, credentials (HTTP Basic with the client id and secret), timeout,
retries with backoff and the circuit breaker all come from the plugin's
`AdapterSettings`, so IKD, SISDMK, LAPOR! and the SMS gateway behave alike
when the other side is slow, down or talking nonsense. httpx is imported
lazily: declaration data must stay cheap to import.
"""

from __future__ import annotations

import functools
import json as jsonlib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from framework.plugins.resilience import CircuitOpen, breaker_for, retry
from framework.plugins.settings import AdapterSettings


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context per process: building one costs ~50 ms, far more than a call."""
    return ssl.create_default_context()


class ExternalUnavailable(RuntimeError):
    """The external system could not answer usefully (down, slow, 5xx, garbage)."""

    def __init__(self, system: str, reason: str, detail: str = "", said: str = "") -> None:
        super().__init__(f"{system}: {reason}{': ' + detail if detail else ''}")
        self.system = system
        self.said = said  # a refusal in the other system's own words, for the person who can act on it
        self.reason = (
            reason  # timeout | connect | server_error | malformed | circuit_open | not_configured | client_error
        )


class _Transient(Exception):
    """A failure worth one more try (timeout, connection, 5xx)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    data: Any  # parsed JSON, or None for 404 / empty bodies


class JsonHttp:
    """Calls one external system described by `AdapterSettings`."""

    def __init__(self, settings: AdapterSettings) -> None:
        self.settings = settings
        self.breaker = breaker_for(
            f"{settings.name}@{settings.url}", settings.breaker_threshold, settings.breaker_cooldown
        )

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> HttpAnswer:
        """One call with retries and the breaker; 404 is an answer, not a failure.

        ``form`` and ``files`` send a multipart body (BSrE's signing takes the
        PDF that way); an answer that is a PDF comes back as its bytes.
        """
        if not self.settings.url:
            raise ExternalUnavailable(
                self.settings.name, "not_configured", f"MPP_{self.settings.prefix}_URL is not set"
            )
        try:
            self.breaker.before_call()
        except CircuitOpen as exc:
            raise ExternalUnavailable(self.settings.name, "circuit_open", str(exc)) from None
        try:
            answer = retry(
                lambda: self._once(method, path, json, content, headers, form, files),
                self.settings.retries + 1,
                (_Transient,),
                base_delay=0.1,
            )
        except _Transient as exc:
            self.breaker.record_failure()
            raise ExternalUnavailable(self.settings.name, exc.reason, str(exc)) from None
        except ExternalUnavailable as exc:
            # a refusal (4xx) is a healthy server saying no: a wrong passphrase must not open the breaker for all
            if exc.reason == "client_error":
                self.breaker.record_success()
            else:
                self.breaker.record_failure()
            raise
        self.breaker.record_success()
        return answer

    def _once(
        self,
        method: str,
        path: str,
        json: Any,
        content: bytes | None,
        headers: Mapping[str, str] | None,
        form: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
    ) -> HttpAnswer:
        import httpx

        auth = (self.settings.client_id, self.settings.client_secret) if self.settings.client_id else None
        try:
            with httpx.Client(
                base_url=self.settings.url, timeout=self.settings.timeout, auth=auth, verify=_tls_context()
            ) as client:
                response = client.request(
                    method,
                    path,
                    json=json,
                    content=content,
                    headers=dict(headers or {}),
                    data=dict(form) if form else None,
                    files=dict(files) if files else None,
                )
        except httpx.TimeoutException as exc:
            raise _Transient("timeout", f"no answer within {self.settings.timeout}s ({type(exc).__name__})") from None
        except httpx.TransportError as exc:
            raise _Transient("connect", str(exc) or type(exc).__name__) from None
        return self._interpret(response)

    def _interpret(self, response: Any) -> HttpAnswer:
        if response.status_code >= 500:
            raise _Transient("server_error", f"HTTP {response.status_code}")
        if response.status_code == 404:
            return HttpAnswer(404, None)
        if response.status_code >= 400:
            said = _refusal_words(response.content)
            raise ExternalUnavailable(
                self.settings.name,
                "client_error",
                f"HTTP {response.status_code}" + (f" ({said})" if said else ""),
                said=said,
            )
        if not response.content:
            return HttpAnswer(response.status_code, None)
        if response.headers.get("content-type", "").split(";")[0].strip().lower() == "application/pdf":
            return HttpAnswer(response.status_code, response.content)
        try:
            return HttpAnswer(response.status_code, jsonlib.loads(response.content))
        except ValueError:
            raise ExternalUnavailable(self.settings.name, "malformed", "the answer is not JSON") from None


REFUSAL_WORDS_MAX = 200  # an error's own words, cut: a misbehaving server must not fill the logs


def _refusal_words(body: bytes) -> str:
    """What a refusing server says in its JSON body (``error`` or ``message``), if anything."""
    try:
        data = jsonlib.loads(body)
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    words = data.get("error") or data.get("message") or ""
    return str(words)[:REFUSAL_WORDS_MAX] if isinstance(words, str | int) else ""
