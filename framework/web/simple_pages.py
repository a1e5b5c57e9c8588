"""What the pages outside the generated forms share (sign-in, inbox, profile, complaints, verification).

They render their own templates in the portal's layout, so the citizen sees
one site with one header, in one language at a time (Flask-Babel, Bahasa
Indonesia first), without JavaScript and with CSRF on every form. A page
that only says something (an expired form, a refused sign-in) is
:func:`message_page`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

EXPIRED = _l("Formulir kedaluwarsa, coba lagi.")


def message_page(title: str, message: str, status: int = 200, body: str = "") -> tuple[str, int]:
    """A page with a heading and one message (``body``: a sentence under it, e.g. what to do next)."""
    return render_template("portal/message.html", title=title, message=message, body=body), status


def error_rows(problems: dict[str, list[str]]) -> list[dict[str, str]]:
    """The error summary's rows: each message with the anchor of its input ("" for the form as a whole)."""
    return [{"anchor": name, "message": message} for name, messages in problems.items() for message in messages]


def safe_next(default: str = "/layanan/") -> str:
    """Only a local path: a page must never redirect to another site."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    return (
        target
        if target.startswith("/") and not target.startswith("//") and not parts.netloc and not parts.scheme
        else default
    )


def check_csrf() -> None:
    """The posted form carries the session's CSRF token, or ``CSRFError`` (400).

    The one check behind every form: the portal's and the admin screens' POSTs
    call it before the view, the pages that show the refusal themselves ask
    :func:`csrf_ok`.
    """
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError as exc:
        raise CSRFError(str(exc)) from None


def csrf_ok() -> bool:
    """True when the posted form passes :func:`check_csrf`."""
    try:
        check_csrf()
    except CSRFError:
        return False
    return True
