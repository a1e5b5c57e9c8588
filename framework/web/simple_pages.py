"""What the pages outside the generated forms share (sign-in, inbox, profile, complaints, verification).

They render their own templates in the portal's layout, so the citizen sees
one site with one header, in one language at a time (Flask-Babel, Bahasa
Indonesia first), without JavaScript and with CSRF on every form. A page
that only says something (an expired form, a refused sign-in) is
:func:`message_page`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

EXPIRED = _l("Formulir kedaluwarsa, coba lagi.")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BEARER_BLUEPRINTS = frozenset({"api"})  # their callers send a token in a header, never a cookie: nothing to forge
SELF_CHECKED = "mpp_checks_csrf_itself"
REPORTS_NUL = "mpp_reports_nul_itself"
CHANGES_NOTHING = "mpp_changes_nothing"
BODY_CAP = "mpp_body_cap"
FORM_FIELD_CAP = "mpp_form_field_cap"
KEEPS_TYPED = "mpp_keeps_typed_when_expired"
View = TypeVar("View", bound=Callable[..., object])


def message_page(title: str, message: str, status: int = 200, body: str = "") -> tuple[str, int]:
    """A page with a heading and one message (``body``: a sentence under it, e.g. what to do next)."""
    return render_template("portal/message.html", title=title, message=message, body=body), status


def error_rows(problems: dict[str, list[str]], labels: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """The error summary's rows: each message with the anchor of its input ("" for the form as a whole).

    With ``labels`` (each input's name and label, in the page's order) the rows
    follow the page, the form as a whole first, and each message starts with
    its field, as in the generated forms' summary ("Nomor ponsel: …"): read
    alone, "wajib diisi" said nothing of where.
    """
    if labels is None:
        return [{"anchor": name, "message": message} for name, messages in problems.items() for message in messages]
    place = {name: index for index, name in enumerate(labels)}
    return [
        {"anchor": name, "message": f"{labels[name]}: {message}" if name in labels else message}
        for name in sorted(problems, key=lambda name: place.get(name, -1))
        for message in problems[name]
    ]


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
    """True when the posted form passes :func:`check_csrf` (for a view marked :func:`checks_csrf_itself`)."""
    try:
        check_csrf()
    except CSRFError:
        return False
    return True


def checks_csrf_itself(view: View) -> View:
    """Mark a view that asks :func:`csrf_ok` itself, to show the refusal inside its own form.

    Every other view that accepts a form is checked before it runs
    (:func:`guard_forms`), so a view that forgets is never open to a forged
    post; a view marked here must refuse it itself, and says so by the mark.
    """
    setattr(view, SELF_CHECKED, True)
    return view


def changes_nothing(view: View) -> View:
    """Mark a view whose POST only reads (a file compared, never stored): no CSRF token is asked.

    A forged post could only make a visitor's browser compare a file it
    already holds, so there is nothing to protect; and the page stays usable
    without a session, which a token would need for every passer-by (the
    public verification page is opened from printed QR codes).
    """
    setattr(view, CHANGES_NOTHING, True)
    return view


def body_at_most(size: int) -> Callable[[View], View]:
    """Mark a view whose request body is refused (413) above ``size`` bytes, before anything reads it.

    The app's own cap (``MAX_CONTENT_LENGTH``) is sized for an application's
    documents; a public form that takes one small file (the verification
    page's check) would otherwise have every passer-by's 60 MB parsed by the
    hooks that look at every form, before its rate limit counts them.
    """

    def mark(view: View) -> View:
        setattr(view, BODY_CAP, size)
        return view

    return mark


def form_fields_at_most(size: int) -> Callable[[View], View]:
    """Mark a view whose multipart form fields may each hold up to ``size`` bytes (Werkzeug's own cap: 500 kB).

    The JSON API's multipart ``payload`` is a form field that may be 1 MB;
    without this the hooks that read every form refused one of 600 kB as a
    request too large in general, before the API could answer in its words.
    """

    def mark(view: View) -> View:
        setattr(view, FORM_FIELD_CAP, size)
        return view

    return mark


def cap_body() -> None:
    """Before any hook reads the form: the caps of a view marked :func:`body_at_most` or :func:`form_fields_at_most`."""
    view = current_app.view_functions.get(request.endpoint or "")
    cap = getattr(view, BODY_CAP, None)
    if cap is not None:
        request.max_content_length = cap
    field_cap = getattr(view, FORM_FIELD_CAP, None)
    if field_cap is not None:
        request.max_form_memory_size = field_cap


def keeps_typed_when_expired(view: View) -> View:
    """Mark a view whose form, refused for a stale CSRF token, comes back as typed to send again (nothing saved).

    For the forms where much is typed (a service standard, a pasted
    definition, a page of answers); the page is
    ``framework.web.errors.typed_again_page``.
    """
    setattr(view, KEEPS_TYPED, True)
    return view


def keeps_typed(view: Any) -> bool:
    return bool(getattr(view, KEEPS_TYPED, False))


def reports_nul_itself(view: View) -> View:
    """Mark a view that finds a NUL in its own form and shows it at the field, with what was typed kept.

    Every other view's query and form are refused whole by
    ``framework.web.site.refuse_nul`` (a page of its own, nothing kept);
    a view marked here must refuse the NUL itself (``nul_errors``).
    """
    setattr(view, REPORTS_NUL, True)
    return view


def reports_nul(view: Any) -> bool:
    return bool(getattr(view, REPORTS_NUL, False))


def guard_forms(app: Flask) -> None:
    """Check the CSRF token of every form posted to ``app``, before the view; answer a refusal with a clear page.

    Why for the whole app rather than per blueprint: a check each blueprint
    had to remember was once forgotten (the correction form accepted a
    forged post). The JSON API is exempt: it authenticates by a bearer token
    in a header, which a forged cross-site form cannot send.
    """
    app.before_request(_check_posted_form)
    app.register_error_handler(CSRFError, expired_form)


def _check_posted_form() -> ResponseReturnValue | None:
    if request.method not in UNSAFE_METHODS or request.blueprint in BEARER_BLUEPRINTS:
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and not getattr(view, SELF_CHECKED, False) and not getattr(view, CHANGES_NOTHING, False):
        check_csrf()
    if keeps_typed(view):
        return _typed_for_someone_else()
    return None


def _typed_for_someone_else() -> ResponseReturnValue | None:
    """A kept form sent again (*Simpan lagi*) after another person signed in, in another tab of the same browser:
    its token is good now, but what it carries was typed for the one before; back to the page of what was typed."""
    from framework.web.errors import typed_again_page
    from framework.web.sessions import OWNER_FIELD, another_owner

    return typed_again_page() if another_owner(request.form.get(OWNER_FIELD, "")) else None


def expired_form(_error: CSRFError) -> tuple[str, int]:
    """A post without the session's CSRF token (an old tab, a forged form): a clear page, nothing done; a view marked
    :func:`keeps_typed_when_expired` gets what was typed back, to send again."""
    from framework.web.errors import typed_again_page

    if request.method == "POST" and keeps_typed(current_app.view_functions.get(request.endpoint or "")):
        return typed_again_page()
    message = _l("Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.")
    return render_template("portal/error.html", message=message), 400
