"""The sandbox registries served over HTTP (a tiny WSGI app).

So the HTTP adapters are exercised against a real server: tests start it on
127.0.0.1 (`serve_in_thread`), and a developer can run it beside `mpp serve`
(``python -m plugins.ikd.sandbox_server --port 8001``) and stop it to see the
form carry on without IKD. ``fault`` injects the failures the adapters must
survive: ``slow`` (sleeps past the client's timeout), ``error`` (HTTP 503),
``garbage`` (200 with a body that is not JSON).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from werkzeug.datastructures import Headers

Records = Callable[[], Mapping[str, Mapping[str, Any]]]


@dataclass
class RecordServer:
    """``GET <prefix>/<key>`` → the record as JSON, or 404."""

    prefix: str
    records: Records
    client_id: str = ""
    client_secret: str = ""
    fault: str = ""  # "", "slow", "error", "garbage"
    slow_seconds: float = 2.0
    requests: list[str] = field(default_factory=list)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        self.requests.append(path)
        if not self._authorised(environ.get("HTTP_AUTHORIZATION", "")):
            return _answer(start_response, "401 Unauthorized", {"error": "unauthorised"})
        if self.fault == "slow":
            time.sleep(self.slow_seconds)
        if self.fault == "error":
            return _answer(start_response, "503 Service Unavailable", {"error": "maintenance"})
        if self.fault == "garbage":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b"<html>gateway says hello"]
        if not path.startswith(self.prefix + "/"):
            return _answer(start_response, "404 Not Found", {"error": "no such path"})
        record = self.records().get(path[len(self.prefix) + 1 :])
        if record is None:
            return _answer(start_response, "404 Not Found", {"error": "not found"})
        return _answer(start_response, "200 OK", record)

    def _authorised(self, header: str) -> bool:
        return basic_auth_ok(header, self.client_id, self.client_secret)


def basic_auth_ok(header: str, client_id: str, client_secret: str) -> bool:
    """The ``Authorization`` header carries this client's HTTP Basic credentials (any header when no client is set)."""
    if not client_id:
        return True
    expected = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
    return header == f"Basic {expected}"


def _answer(start_response: Callable, status: str, body: Any) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


class RunningServer:
    """A WSGI app on 127.0.0.1 in a daemon thread; ``stop()`` frees the port."""

    def __init__(self, app: Callable, port: int = 0) -> None:
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", port, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve_in_thread(app: Callable, port: int = 0) -> RunningServer:
    return RunningServer(app, port)


def run_forever(app: Callable, default_port: int, description: str) -> None:
    """Command-line entry of a sandbox server (``python -m plugins.ikd.sandbox_server``)."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, default=default_port)
    parser.add_argument("--host", default="127.0.0.1")
    arguments = parser.parse_args()
    from werkzeug.serving import run_simple

    run_simple(arguments.host, arguments.port, app, threaded=True)


@dataclass
class PostRecorder:
    """A sandbox receiver of POSTs (SMS/WhatsApp gateway, webhook endpoint, LAPOR!).

    Like a well-behaved real receiver it acts once per ``Idempotency-Key``:
    ``effects`` keeps the first body per key, ``calls`` counts every call.
    ``check(headers, body)`` may refuse a call (e.g. a bad signature → 401).
    ``entered`` is set when a call arrives (before a ``slow`` fault's sleep),
    so a test can kill the caller in the middle of a delivery.
    """

    check: Callable[[Headers, bytes], bool] | None = None
    fault: str = ""
    slow_seconds: float = 2.0
    calls: list[dict[str, Any]] = field(default_factory=list)
    effects: dict[str, Any] = field(default_factory=dict)
    entered: threading.Event = field(default_factory=threading.Event)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        from werkzeug.wrappers import Request

        request = Request(environ)
        body = request.get_data()
        headers = request.headers  # case-insensitive
        self.calls.append({"path": environ.get("PATH_INFO", ""), "headers": headers, "body": body})
        self.entered.set()
        if self.fault == "slow":
            time.sleep(self.slow_seconds)
        if self.fault == "error":
            return _answer(start_response, "503 Service Unavailable", {"error": "try later"})
        if self.check is not None and not self.check(headers, body):
            return _answer(start_response, "401 Unauthorized", {"error": "bad signature"})
        key = headers.get("Idempotency-Key", "") or f"call-{len(self.calls)}"
        self.effects.setdefault(key, json.loads(body) if body else None)
        return _answer(start_response, "202 Accepted", {"id": key})
