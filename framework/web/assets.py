"""Delivery for a cheap phone on a slow network: compressed responses, static files cached for a year.

Compression is Flask-Compress (zstd, brotli, gzip, by what the browser
accepts): a page of 10 KB travels as about 3 KB. It changes bytes on the
wire only, never headers the CSP or the JSON API depend on. BREACH, the
attack that reads a secret out of compressed sizes, needs the victim's
browser to send many cookie-carrying requests for an attacker's page; the
session cookie is ``SameSite=Lax`` (framework/web/sessions.py), so a
cross-site page cannot make those requests.

Static files get their content's hash in their name
(``/aset/portal/portal.3f2a9c1b70.css``, :func:`static_url` in templates) and a
year-long, immutable cache life: a phone downloads the stylesheet once, and a
new release is a new name, so nobody keeps an old one.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request, url_for
from flask_compress import Compress

YEAR = 365 * 24 * 3600
DIGEST_LENGTH = 10
FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)\Z")
EXTENSION = "mpp.assets"

bp = Blueprint("assets", __name__)


def register(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "text/css", "text/javascript", "application/json"])
    # streamed answers (send_file: other blueprints' static files, downloads) stay as they are: compressing
    # them left their files unclosed; pages, the JSON API and /aset/ files are whole answers and compressed
    app.config.setdefault("COMPRESS_STREAMS", False)
    Compress(app)
    app.extensions[EXTENSION] = {}
    app.jinja_env.globals.setdefault("static_url", static_url)
    app.register_blueprint(bp)


def digest(filename: str) -> str:
    """The first characters of the file's SHA-256, recomputed only when its size or time changes.

    Outside debug mode a file's digest is computed once per process: the
    files ship with a release and change only with the next one (a new
    process), while finding and stat-ing the file again cost every page
    about a tenth of its rendering. Where templates reload (debug, and
    ``mpp serve``), an edited stylesheet gets its new name on the next page.
    """
    known: dict[str, tuple[tuple[int, int], str]] = current_app.extensions[EXTENSION]
    seen = known.get(filename)
    if seen is not None and not (current_app.debug or current_app.config.get("TEMPLATES_AUTO_RELOAD")):
        return seen[1]
    path = _static_file(filename)
    stat = path.stat()
    if seen is None or seen[0] != (stat.st_mtime_ns, stat.st_size):
        seen = ((stat.st_mtime_ns, stat.st_size), hashlib.sha256(path.read_bytes()).hexdigest()[:DIGEST_LENGTH])
        known[filename] = seen
    return seen[1]


def fingerprinted(filename: str, content_digest: str) -> str:
    """``portal/portal.css`` → ``portal/portal.<digest>.css``."""
    stem, dot, suffix = filename.rpartition(".")
    return f"{stem}.{content_digest}.{suffix}" if dot else f"{filename}.{content_digest}"


def static_url(filename: str) -> str:
    """The address of a static file under its fingerprinted name (templates: ``static_url('portal/portal.css')``)."""
    return url_for("assets.file", name=fingerprinted(filename, digest(filename)))


def _static_file(filename: str) -> Path:
    folder = Path(current_app.static_folder or "")
    path = (folder / filename).resolve()
    if folder.resolve() not in path.parents or not path.is_file():
        raise FileNotFoundError(filename)
    return path


@bp.get("/aset/<path:name>")
def file(name: str) -> Response:
    """The file behind a fingerprinted name; an outdated fingerprint gets today's file, not cached for long."""
    match = FINGERPRINTED.match(name)
    if match is None:
        abort(404)
    filename = match["stem"] + match["suffix"]
    try:
        current = digest(filename)
    except FileNotFoundError:
        abort(404)
    # read whole (the files are a few KB), not streamed: compression then offers gzip too, not only brotli/zstd
    response = current_app.response_class(_static_file(filename).read_bytes(), mimetype=_mimetype(filename))
    if current == match["digest"]:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    response.make_conditional(request)  # in place
    return response


def _mimetype(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
