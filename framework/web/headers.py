"""Security headers on every response of the app, the admin screens included (issue 12, item 7).

A Content-Security-Policy with no inline script: the site's JavaScript is in
static files, and a page that needs an inline block (flask-admin's modals)
carries this request's nonce: pass :func:`csp_nonce` to
``flask_admin.Admin(csp_nonce_generator=csp_nonce)``; templates have
``csp_nonce()`` too. Frames are refused (clickjacking), MIME sniffing is off,
the referrer stays on this site (tracking numbers and draft links are in
URLs), and production adds HSTS. Pages for a signed-in person or a bearer
token are not stored by caches.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote

from flask import Flask, Response, g, request, session

HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=()"


def csp_nonce() -> str:
    """This request's CSP nonce (one per request, unguessable)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def content_disposition(disposition: str, filename: str) -> str:
    """``Content-Disposition`` for a stored file's shown name (RFC 6266): an ASCII ``filename`` for old clients
    and the name itself in ``filename*``, so "фото.jpg" is saved as "фото.jpg", not "____.jpg"."""
    plain = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_").replace("\\", "_")
    if plain == filename:
        return f'{disposition}; filename="{plain}"'
    return f"{disposition}; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


def content_security_policy(nonce: str) -> str:
    return _CSP.replace(NONCE, nonce)


NONCE = "{nonce}"
_CSP = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'nonce-{NONCE}'",
        f"style-src 'self' 'nonce-{NONCE}'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# (header, its name in lower case, value); a response that already carries one keeps its own
FIXED_HEADERS = tuple(
    (name, name.lower(), value)
    for name, value in (
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", PERMISSIONS),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    )
)


def _secure_headers(response: Response) -> Response:
    from flask import current_app

    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}  # one pass, not one per header set
    if "content-security-policy" not in present:
        headers.add("Content-Security-Policy", content_security_policy(csp_nonce()))
    for name, lower, value in FIXED_HEADERS:
        if lower not in present:
            headers.add(name, value)
    if current_app.config.get("MPP_ENV") == "production" and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", HSTS)
    if _personal(current_app):
        headers["Cache-Control"] = "no-store"
    return response


# the same for everyone, signed in or not: fingerprinted files keep their year-long cache life
PUBLIC_ENDPOINTS = frozenset({"static", "assets.file"})


def _personal(app: Flask) -> bool:
    """A response for someone signed in (session or bearer token), never for a shared cache."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return False
    return bool(request.headers.get("Authorization")) or bool(session.get("citizen_nik") or session.get("officer"))


def register(app: Flask) -> None:
    app.after_request(_secure_headers)
    app.jinja_env.globals.setdefault("csp_nonce", csp_nonce)
