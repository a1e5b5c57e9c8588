"""Pages outside the portal's form flow (sign-in, inbox, profile, complaints,
verification), rendered in the portal's own layout so the citizen sees one
site with one header: Bahasa Indonesia first,
English second, no JavaScript, CSRF on every form.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, render_template, render_template_string, request


def page(title: str, body: str, error: str = "", status: int = 200, **context: Any) -> tuple[str, int]:
    """``body`` is a Jinja template rendered with ``context`` (autoescaped)."""
    inner = render_template_string(body, **context)
    if "portal" not in current_app.blueprints:  # a stand-alone sandbox server (e.g. the sandbox IKD identity provider)
        return render_template_string(STANDALONE, title=title, body=inner, error=error), status
    return render_template("portal/simple.html", title=title, body=inner, error=error), status


STANDALONE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }}</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5}.error{color:#a00}</style></head>
<body><main><h1>{{ title }}</h1>{% if error %}<div class="error" role="alert">{{ error }}</div>{% endif %}{{ body|safe }}</main></body></html>"""


def safe_next(default: str = "/layanan/") -> str:
    """Only a local path: a page must never redirect to another site."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    return (
        target
        if target.startswith("/") and not target.startswith("//") and not parts.netloc and not parts.scheme
        else default
    )


def csrf_ok() -> bool:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    from flask_wtf.csrf import validate_csrf
    from wtforms.validators import ValidationError

    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


def csrf_field() -> str:
    from flask_wtf.csrf import generate_csrf

    return f'<input type="hidden" name="csrf_token" value="{generate_csrf()}">'


EXPIRED = "Formulir kedaluwarsa, coba lagi. / The form expired, try again."
