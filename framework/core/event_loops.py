"""Running a library's blocking call where no asyncio event loop is running.

pyHanko signs and checks PDF signatures through ``asyncio.run``, which
refuses to start in a thread that already runs a loop (an ASGI server, a
test driving a browser with Playwright's sync API): the coroutine is then
never awaited and the PDF never signed. Elsewhere (gunicorn's sync workers,
`mpp worker`) the call runs right where it is asked for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(work: Callable[[], T]) -> T:
    """``work()``, on a thread of its own when this one runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="outside-loop") as pool:
        return pool.submit(work).result()
