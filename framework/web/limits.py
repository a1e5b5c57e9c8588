"""Request rate limits (Flask-Limiter) with their counters in the application database.

Why the database: the limits must hold across every gunicorn process and
machine (DESIGN.md, shared limits), and the database is the one store every
node already shares, backs up and monitors. Flask-Limiter's storage is
pluggable (the `limits` package registers any ``Storage`` subclass by its
URI scheme), so :class:`DatabaseStorage` (``mppdb://``) counts in
``rate_counters`` with one atomic upsert per hit, on SQLite and PostgreSQL
alike, and no Redis or memcached has to be run, secured and watched.

What is limited, per client address unless said otherwise (``RULES``;
``MPP_RATE_LIMITS`` overrides one by endpoint): officer sign-in, the IKD
sign-in callback, filing (per citizen or token), tracking look-ups, and
complaints. Prefill look-ups keyed by a number the citizen typed (the
mother's NIK → her name) are limited per citizen by :func:`lookup_fetcher`:
over the limit the registry is not asked and the field stays for the
citizen to type, so nobody can walk the population register through the form.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app, g, has_app_context, request, session
from flask_limiter import Limiter
from limits import parse
from limits.storage import Storage
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from framework.forms.prefill import Fetcher, plugin_fetcher
from framework.store import counters
from framework.store.types import utcnow
from framework.web.database import side_connection

log = logging.getLogger(__name__)
EXTENSION = "mpp.limiter"
PREFILL_LOOKUPS = "20 per hour;60 per day"


class DatabaseStorage(Storage):
    """`limits` storage over ``rate_counters`` (fixed windows; every process and machine counts together).

    Each hit is its own committed transaction (a refused or failed request
    still counts), on the request's side connection (a checkout and, on
    PostgreSQL, its liveness ping, once per request, not once per window). The
    count and window end a hit returns are remembered for the rest of the
    request, so the ``X-RateLimit-*`` headers read them instead of asking
    the database again for the count just written.
    """

    STORAGE_SCHEME = ["mppdb"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.connection: Callable[[], AbstractContextManager[Connection]] = options["connection"]

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        with self.connection() as connection, connection.begin():
            count, until = counters.hit_window(connection, key, timedelta(seconds=expiry), amount)
        seen = _request_counts()
        if seen is not None:
            seen[key] = (count, until)
        return count

    def get(self, key: str) -> int:
        return self._current(key)[0]

    def get_expiry(self, key: str) -> float:
        until = self._current(key)[1]
        return until.timestamp() if until else time.time()

    def _current(self, key: str) -> tuple[int, datetime | None]:
        seen = _request_counts()
        if seen is not None and key in seen:
            return seen[key]
        with self.connection() as connection, connection.begin():
            return counters.current(connection, key)

    def check(self) -> bool:
        try:
            with self.connection() as connection, connection.begin():
                counters.current(connection, "health")
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self.connection() as connection, connection.begin():
            return counters.purge_expired(connection, utcnow() + timedelta(days=36500))

    def clear(self, key: str) -> None:
        with self.connection() as connection, connection.begin():
            counters.clear(connection, key)
        seen = _request_counts()
        if seen is not None:
            seen.pop(key, None)


COUNTS_SEEN = "mpp_counts_seen"


def _request_counts() -> dict[str, tuple[int, datetime | None]] | None:
    """Counts this request wrote, by key (None outside a request: nothing to remember)."""
    if not has_app_context():
        return None
    seen = g.get(COUNTS_SEEN)
    if seen is None:
        seen = {}
        setattr(g, COUNTS_SEEN, seen)
    return seen


def client_address() -> str:
    """The client's address (behind ``MPP_PROXY_HOPS`` trusted proxies, the one they saw)."""
    return request.remote_addr or "-"


def signed_in_subject() -> str:
    """The citizen, the bearer token (hashed) or else the address: what filing limits count."""
    citizen = session.get("citizen_nik")
    if citizen:
        return f"citizen:{citizen}"
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "token:" + hashlib.sha256(token.strip().encode()).hexdigest()[:32]
    return f"address:{client_address()}"


@dataclass(frozen=True)
class Rule:
    endpoint: str
    limit: str
    methods: tuple[str, ...] | None = None
    key: Callable[[], str] = client_address


RULES: tuple[Rule, ...] = (
    Rule("signin_password.signin", "30 per minute;300 per hour", ("POST",)),
    Rule("signin_officer_oidc.callback", "30 per minute"),
    Rule("signin_ikd.callback", "30 per minute"),
    Rule("api.submit", "10 per minute;100 per day", key=signed_in_subject),
    Rule("portal.summary", "10 per minute;100 per day", ("POST",), key=signed_in_subject),
    Rule("tracking.search", "60 per minute"),
    Rule("tracking.status", "60 per minute"),
    Rule("api.application", "120 per minute", key=signed_in_subject),
    Rule("citizen.new_complaint", "5 per minute;30 per day", ("POST",), key=signed_in_subject),
)


def register(app: Flask) -> None:
    """Trusted proxies, the limiter on its database storage, and ``RULES`` on their endpoints (registered last)."""
    hops = int(app.config.get("MPP_PROXY_HOPS", os.environ.get("MPP_PROXY_HOPS", 0)) or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.config.setdefault("RATELIMIT_STORAGE_URI", "mppdb://")
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"connection": lambda: side_connection(app)})
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_STRATEGY", "fixed-window")
    limiter = Limiter(client_address, app=app, key_prefix="rate")
    app.extensions[EXTENSION] = limiter
    overrides: Mapping[str, str] = app.config.get("MPP_RATE_LIMITS", {})
    for rule in RULES:
        view = app.view_functions.get(rule.endpoint)
        if view is None:  # a sign-in method that is not installed
            continue
        limit = overrides.get(rule.endpoint, rule.limit)
        methods = list(rule.methods) if rule.methods else None
        # flask-limiter's decorator answers a wider union than Flask's RouteCallable
        app.view_functions[rule.endpoint] = limiter.limit(limit, key_func=rule.key, methods=methods)(view)  # type: ignore[assignment]


def lookup_fetcher(registries: Any, applicant: str | None) -> Fetcher:
    """Prefill fetches, with look-ups by a typed number (not the applicant's own) limited per citizen."""
    inner = plugin_fetcher(registries)

    def fetch(source: str, key: str) -> Mapping[str, Any] | None:
        if key != applicant and not allow_lookup(applicant or client_address()):
            log.warning("prefill look-up refused: limit %s reached", PREFILL_LOOKUPS)
            return None
        return inner(source, key)

    return fetch


def allow_lookup(who: str) -> bool:
    limiter: Limiter | None = current_app.extensions.get(EXTENSION)
    if limiter is None or not limiter.enabled:
        return True
    limit_text = current_app.config.get("MPP_RATE_LIMITS", {}).get("prefill", PREFILL_LOOKUPS)
    return all(limiter.limiter.hit(item, "prefill", who) for item in _parse_many(limit_text))


def _parse_many(text: str) -> list[Any]:
    return [parse(part.strip()) for part in text.split(";") if part.strip()]
