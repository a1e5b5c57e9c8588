"""Officers through their organisation's OpenID Connect provider (optional).

Active only when MPP_OFFICER_OIDC_URL is set (with _CLIENT_ID/_SECRET). The
provider says who the person is (claim MPP_OFFICER_OIDC_USERNAME_CLAIM,
default ``preferred_username``); this app says what they may do: only an
active user added with `mpp user add` gets in, with that user's role and
region.
"""

from __future__ import annotations

import os

from flask import Blueprint, abort, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from framework.plugins.settings import AdapterSettings, adapter_settings
from plugins.signin.pages import message_page, safe_next

bp = Blueprint("signin_officer_oidc", __name__, url_prefix="/masuk/petugas/sso")
TITLE = _l("Masuk petugas (SSO)")
NOT_REGISTERED = _l("Akun ini belum terdaftar sebagai petugas; minta admin menambahkannya.")


def configured() -> AdapterSettings | None:
    if not os.environ.get("MPP_OFFICER_OIDC_URL"):
        return None
    settings = adapter_settings("OFFICER_OIDC", environ={**os.environ, "MPP_OFFICER_OIDC_MODE": "http"})
    return settings


@bp.get("")
def start() -> ResponseReturnValue:
    settings = configured() or abort(404)
    from plugins.signin.oidc import redirect_to_provider

    return redirect_to_provider(settings, "officer_oidc", ".callback", str(TITLE), safe_next("/admin/"))


@bp.get("/callback")
def callback() -> ResponseReturnValue:
    settings = configured() or abort(404)
    from framework.services import audit_trail
    from framework.store.models import User
    from framework.web.database import db_session
    from framework.workflow.actors import Actor
    from plugins.signin.oidc import UNKNOWN_SESSION, claims_from_callback

    outcome = claims_from_callback(settings, "officer_oidc", ".callback")
    if isinstance(outcome, str):
        return message_page(str(TITLE), outcome, 400 if outcome == str(UNKNOWN_SESSION) else 401)
    claims, target = outcome
    username = (
        str(claims.get(os.environ.get("MPP_OFFICER_OIDC_USERNAME_CLAIM", "preferred_username"), "")).strip().lower()
    )
    database = db_session()
    user = (
        database.query(User).filter(User.username == username, User.active.is_(True)).one_or_none()
        if username
        else None
    )
    if user is None:
        audit_trail.record(
            database,
            Actor.officer(username[:80] or "-", "unknown", None, request.remote_addr),
            "signin.failed",
            username[:64] or "-",
            {"method": "oidc"},
        )
        database.commit()
        return message_page(str(TITLE), str(NOT_REGISTERED), 403)
    audit_trail.record(
        database,
        Actor.officer(user.username, user.role, user.region, request.remote_addr),
        "signin",
        user.username,
        {"method": "oidc"},
    )
    database.commit()
    session.pop("citizen_nik", None)
    session["officer"] = {"username": user.username, "role": user.role, "region": user.region}
    return redirect(target or "/admin/")
