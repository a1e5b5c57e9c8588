"""Request rate limits, counted in the application database (``rate_counters``).

Why the database: the limits must hold across every gunicorn process and
machine (DESIGN.md, shared limits), and the database is the one store every
node already shares, backs up and monitors; no Redis or memcached has to be
run, secured and watched.

Why not Flask-Limiter (used until December 2026): measured on a limited
request that did nothing else, it cost about 0.6 ms of worker CPU beyond the
counting (resolving the route's limits and their exemptions twice, once
before every request and once in the view's wrapper, and one statement and
commit per window), a sixth of a whole tracking look-up. Here a rule is
looked up once when the app starts, and all its windows ("10 per minute;100
per day") are counted in one statement and one commit
(:func:`framework.store.counters.hit_windows`). The limit strings are still
parsed by ``limits``, the library Flask-Limiter is built on.

How a limit counts (fixed windows): every request to a limited endpoint
counts once in each window of its rule, refused ones too, so someone who
floods the minute's window also uses up the day's. A request over any
window's limit is answered 429 with ``Retry-After``; every limited answer
carries ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset``: for a refused
request those of the window over its limit that ends last (the honest wait),
otherwise those of the window with the fewest requests left.

What is limited, per client address unless said otherwise (``RULES``;
``MPP_RATE_LIMITS`` overrides one by endpoint; ``MPP_RATE_LIMITS_ENABLED``
false switches them off): officer sign-in, the IKD sign-in callback, filing
(per citizen or token), tracking look-ups, complaints, and files checked on the
verification page. Prefill look-ups
keyed by a number the citizen typed (the mother's NIK → her name) are
limited per citizen by :func:`lookup_fetcher`: over the limit the registry
is not asked and the field stays for the citizen to type, so nobody can walk
the population register through the form. The counter's look-ups (an officer
typing a walk-in citizen's NIK, and any NIK the form asks for) are limited
per officer by :func:`counter_fetcher` (``MPP_RATE_LIMITS["counter"]``); an
officer may serve a citizen from any region, so only the number is limited.
Every such look-up is also written to the audit trail (``lookup_audit``).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache, wraps
from typing import Any

from flask import Flask, current_app, g, request, session
from limits import parse_many
from werkzeug.exceptions import TooManyRequests
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from framework.core.settings import number_setting
from framework.definition.model import ServiceSpec
from framework.forms.prefill import Fetcher, PrefilledValue, plugin_fetcher, resolve_prefill
from framework.services.lookup_audit import CITIZEN_LOOKUP, COUNTER_LOOKUP
from framework.store import counters
from framework.web.database import side_connection
from framework.web.lookup_audit import audit_lookup
from framework.workflow.actors import Actor

log = logging.getLogger(__name__)
PREFILL_LOOKUPS = "20 per hour;60 per day"
COUNTER_LOOKUPS = "100 per hour;400 per day"  # a busy counter serves some 200 citizens a day, 1-3 look-ups each
LOOKUP_WINDOWS = "mpp.lookup_limit"  # app.extensions: the prefill look-up limit's windows, read at start
COUNTER_WINDOWS = "mpp.counter_lookup_limit"  # app.extensions: the counter's look-up limit's windows
VERDICT = "mpp_rate_verdict"  # g: the limited request's Verdict, for its answer's headers


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
    Rule("verify.check_file", "30 per minute", ("POST",)),
    Rule("api.application", "120 per minute", key=signed_in_subject),
    Rule("citizen.new_complaint", "5 per minute;30 per day", ("POST",), key=signed_in_subject),
)


@dataclass(frozen=True)
class Window:
    """One window of a limit: at most ``limit`` requests every ``seconds``."""

    limit: int
    seconds: int


@lru_cache(maxsize=64)
def windows(text: str) -> tuple[Window, ...]:
    """``"10 per minute;100 per day"`` → its windows (a malformed text raises ValueError when the app starts)."""
    return tuple(Window(item.amount, item.get_expiry()) for item in parse_many(text))


@dataclass(frozen=True)
class Verdict:
    """What counting one request decided, and what its answer's headers report."""

    allowed: bool
    limit: int
    remaining: int
    reset: datetime  # the end of the reported window

    def headers(self) -> dict[str, str]:
        reset = self.reset.timestamp()
        found = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(math.ceil(reset)),
        }
        if not self.allowed:
            found["Retry-After"] = str(max(1, math.ceil(reset - time.time())))
        return found


def count(scope: str, who: str, limits: tuple[Window, ...]) -> Verdict:
    """Count one request of ``who`` in every window of ``limits`` (one statement, committed at once).

    Refused when a window is over its limit; the verdict reports the window
    that ends last among those over (the honest wait), else the one with the
    fewest requests left.
    """
    keyed = {f"rate/{scope}/{who}/{window.limit}/{window.seconds}": window for window in limits}
    with side_connection() as connection, connection.begin():
        counts = counters.hit_windows(connection, [(key, timedelta(seconds=w.seconds)) for key, w in keyed.items()])
    states = [(window.limit - counts[key][0], counts[key][1], window) for key, window in keyed.items()]
    over = [state for state in states if state[0] < 0]
    left, reset, window = max(over, key=lambda s: s[1]) if over else min(states, key=lambda s: s[0])
    return Verdict(not over, window.limit, max(left, 0), reset)


def enabled() -> bool:
    return bool(current_app.config.get("MPP_RATE_LIMITS_ENABLED", True))


def limited(view: Callable[..., Any], rule: Rule, limits: tuple[Window, ...]) -> Callable[..., Any]:
    """``view`` behind ``rule``: counted before it runs, 429 (the site's or the API's error answer) when over."""

    @wraps(view)
    def limited_view(*args: Any, **kwargs: Any) -> Any:
        if enabled() and (rule.methods is None or request.method in rule.methods):
            verdict = count(rule.endpoint, rule.key(), limits)
            setattr(g, VERDICT, verdict)
            if not verdict.allowed:
                log.info("rate limit %s reached at %s", rule.limit, rule.endpoint)
                raise TooManyRequests()
        return view(*args, **kwargs)

    return limited_view


def _report(response: Response) -> Response:
    """The limited request's counts in its answer's headers (a 429 included)."""
    verdict: Verdict | None = g.get(VERDICT)
    if verdict is not None:
        response.headers.update(verdict.headers())
    return response


def register(app: Flask) -> None:
    """Trusted proxies, and ``RULES`` on their endpoints (registered last, so the views exist to be wrapped)."""
    hops = number_setting("MPP_PROXY_HOPS", 0, app.config, whole=True)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    overrides: Mapping[str, str] = app.config.get("MPP_RATE_LIMITS", {})
    app.extensions[LOOKUP_WINDOWS] = _configured("prefill", overrides.get("prefill", PREFILL_LOOKUPS))
    app.extensions[COUNTER_WINDOWS] = _configured("counter", overrides.get("counter", COUNTER_LOOKUPS))
    for rule in RULES:
        view = app.view_functions.get(rule.endpoint)
        if view is None:  # a sign-in method that is not installed
            continue
        limits = _configured(rule.endpoint, overrides.get(rule.endpoint, rule.limit))
        app.view_functions[rule.endpoint] = limited(view, rule, limits)
    app.after_request(_report)


def _configured(name: str, text: str) -> tuple[Window, ...]:
    """The windows of a configured limit, or a start-up error that names the setting (never a traceback later)."""
    from framework.web import StartupError

    try:
        return windows(text)
    except ValueError:
        raise StartupError(
            f"MPP_RATE_LIMITS[{name!r}] = {text!r} is not a rate limit; write it like '10 per minute;100 per day'"
        ) from None


def lookup_fetcher(
    registries: Any, applicant: str | None, *, service: str | None = None, region: str | None = None
) -> Fetcher:
    """Prefill fetches; a look-up by a typed number (another person's record) is limited per citizen and audited.

    The audit event is written before the registry is asked: no read of a
    third party's record goes unrecorded. ``region``: where the filing is
    (the draft's, the payload's); without one, the citizen's own
    (:func:`citizen_region`), so the event is in some region's admin's list;
    found only when such a look-up happens, not on every form post.
    """
    inner = plugin_fetcher(registries)

    def fetch(source: str, key: str) -> Mapping[str, Any] | None:
        if key == applicant:
            return inner(source, key)
        if not allow_lookup(applicant or client_address()):
            log.warning("prefill look-up refused: the look-up limit is reached")
            return None
        citizen = Actor.citizen(applicant or "", client_address())
        where = region or citizen_region(applicant)
        audit_lookup(citizen, CITIZEN_LOOKUP, key, source=source, service=service, region=where)
        return inner(source, key)

    return fetch


def counter_fetcher(registries: Any, officer: Actor, *, service: str, region: str | None) -> Fetcher:
    """The counter's prefill fetches: every one limited per officer and audited (the citizen's own record too).

    Why every one: at the counter the officer types the citizen's NIK, so
    even "the applicant's own record" is a number someone typed. Without a
    counter region (an officer of a province), the event is the officer's
    own region's.
    """
    inner = plugin_fetcher(registries)
    region = region or officer.region

    def fetch(source: str, key: str) -> Mapping[str, Any] | None:
        if enabled() and not count("counter", officer.id, current_app.extensions[COUNTER_WINDOWS]).allowed:
            log.warning("counter look-up refused: officer %s reached the look-up limit", officer.id)
            return None
        audit_lookup(officer, COUNTER_LOOKUP, key, source=source, service=service, region=region)
        return inner(source, key)

    return fetch


def citizen_region(nik: str | None) -> str | None:
    """The kabupaten/kota a citizen's look-ups are audited in when the filing names none.

    The one IKD gave at sign-in (``session["citizen_region"]``), else the one
    the NIK itself was issued in (its first four digits, ``3203…`` →
    ``32.03``) when the reference data knows it.
    """
    from framework.forms.regions import region_table

    if not nik:
        return None
    if session.get("citizen_nik") == nik and session.get("citizen_region"):
        return str(session["citizen_region"])
    issued = f"{nik[:2]}.{nik[2:4]}"
    return issued if nik[:4].isdigit() and issued in region_table().by_code else None


def lookups_again(
    spec: ServiceSpec, registries: Any, applicant: str | None, region: str | None = None
) -> Callable[[Mapping[str, Any], Collection[str], bool], Mapping[str, PrefilledValue]]:
    """The registries asked again on a resubmission (API or portal), for the look-ups keyed by a corrected field.

    Without them a corrected mother's NIK kept the name IKD gave for the old
    NIK, still marked verified.
    """
    fetch = lookup_fetcher(registries, applicant, service=spec.id, region=region)
    return lambda answers, only, rows: resolve_prefill(spec, applicant, answers, fetch=fetch, only=only, rows=rows)


def allow_lookup(who: str) -> bool:
    if not enabled():
        return True
    return count("prefill", who, current_app.extensions[LOOKUP_WINDOWS]).allowed
