"""The shared counters behind rate limits: several windows counted in one statement, atomically."""

from __future__ import annotations

import threading
from datetime import timedelta

from framework.store import counters
from framework.store.types import utcnow

MINUTE, DAY = timedelta(minutes=1), timedelta(days=1)


def test_each_window_counts_on_its_own_and_restarts_when_it_ends(db_engine):
    start = utcnow()
    with db_engine.begin() as connection:
        counters.hit_windows(connection, [("a/minute", MINUTE), ("a/day", DAY)], now=start)
        counters.hit_windows(connection, [("a/minute", MINUTE), ("a/day", DAY)], now=start + timedelta(seconds=5))
        later = counters.hit_windows(connection, [("a/day", DAY), ("a/minute", MINUTE)], now=start + MINUTE)
    assert later["a/day"] == (3, start + DAY)
    assert later["a/minute"] == (1, start + 2 * MINUTE)  # the first minute ended: a new window from now


def test_a_long_key_is_counted_under_its_own_short_form_and_answered_by_the_name_given(db_engine):
    long_key = "token:" + "x" * 400
    with db_engine.begin() as connection:
        counters.hit_windows(connection, [(long_key, MINUTE)])
        counts = counters.hit_windows(connection, [(long_key, MINUTE), ("short", MINUTE)])
    assert counts[long_key][0] == 2 and counts["short"][0] == 1


def test_requests_counting_at_once_each_get_their_own_count(db_engine):
    seen: list[int] = []
    lock = threading.Lock()

    def count() -> None:
        for _ in range(10):
            with db_engine.begin() as connection:
                counts = counters.hit_windows(connection, [("busy/day", DAY), ("busy/minute", MINUTE)])
            with lock:
                seen.append(counts["busy/minute"][0])

    workers = [threading.Thread(target=count) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(seen) == list(range(1, 41))  # no two requests were given the same count


def test_a_count_is_kept_by_the_callers_commit_when_the_caller_began_nothing(db_engine):
    """Commit-as-you-go: the count runs on the driver's cursor, yet joins the transaction the commit ends."""
    for expected in (1, 2, 3):
        with db_engine.connect() as connection:
            assert counters.hit(connection, "loose/minute", MINUTE) == expected
            connection.commit()
    with db_engine.connect() as connection:
        assert counters.current(connection, "loose/minute")[0] == 3
