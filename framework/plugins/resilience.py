"""Retries with backoff and a circuit breaker, shared by every HTTP adapter.

Why a breaker: a dead registry must not make every form wait for its timeout.
After ``threshold`` consecutive failures the breaker opens and calls fail at
once for ``cooldown`` seconds; then one trial call is let through (half-open)
and its outcome closes or re-opens the breaker. State is per process and per
external system (``breaker_for(name)``), which is all a breaker needs.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


class CircuitOpen(RuntimeError):
    """The external system failed too often lately; not called."""


@dataclass
class CircuitBreaker:
    name: str
    threshold: int = 5
    cooldown: float = 30.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock() - self.opened_at >= self.cooldown else "open"

    def before_call(self) -> None:
        """Raise `CircuitOpen` instead of calling a system known to be down."""
        with self._lock:
            if self.state == "open":
                raise CircuitOpen(
                    f"{self.name}: circuit open after {self.failures} failures; retry in {self.cooldown:.0f}s"
                )
            if self.state == "half-open":
                self.opened_at = self.clock()  # one trial call at a time

    def record_success(self) -> None:
        with self._lock:
            self.failures = 0
            self.opened_at = None

    def record_failure(self) -> None:
        with self._lock:
            self.failures += 1
            if self.threshold and self.failures >= self.threshold:
                self.opened_at = self.clock()

    def call(self, function: Callable[[], T]) -> T:
        self.before_call()
        try:
            result = function()
        except Exception:
            self.record_failure()
            raise
        self.record_success()
        return result


_BREAKERS: dict[str, CircuitBreaker] = {}
_BREAKERS_LOCK = threading.Lock()


def breaker_for(name: str, threshold: int = 5, cooldown: float = 30.0) -> CircuitBreaker:
    """The process-wide breaker of one external system (made on first use)."""
    with _BREAKERS_LOCK:
        breaker = _BREAKERS.get(name)
        if breaker is None:
            breaker = _BREAKERS[name] = CircuitBreaker(name, threshold, cooldown)
        return breaker


def reset_breakers() -> None:
    """Forget every breaker (tests, or an admin after fixing a registry)."""
    with _BREAKERS_LOCK:
        _BREAKERS.clear()


def backoff_delay(attempt: int, base: float = 0.2, cap: float = 30.0, jitter: float = 0.1) -> float:
    """Exponential backoff with a little jitter: base·2^attempt, capped."""
    delay = min(cap, base * (2**attempt))
    return delay + random.uniform(0, jitter * delay)


def retry(
    function: Callable[[], T],
    attempts: int,
    retry_on: tuple[type[BaseException], ...],
    base_delay: float = 0.2,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call ``function`` up to ``attempts`` times, backing off between failures."""
    for attempt in range(max(1, attempts)):
        try:
            return function()
        except retry_on:
            if attempt + 1 >= max(1, attempts):
                raise
            sleep(backoff_delay(attempt, base_delay))
    raise AssertionError("unreachable")  # pragma: no cover
