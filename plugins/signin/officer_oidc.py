"""Officers through their organisation's OpenID Connect provider (optional).

Active only when MPP_OFFICER_OIDC_URL is set (with _CLIENT_ID/_SECRET) and
MPP_OFFICER_OIDC_USERNAME_CLAIM names the claim that holds the officer's
username here. The provider says who the person is; this app says what they
may do: only an active user added with `mpp user add` gets in, with that
user's role and region.

Why no default claim, and why ``preferred_username`` and the other profile
claims are refused: OpenID Connect Core (5.7) says only ``iss`` with ``sub``
is a stable identifier; the profile claims are the user's own to edit at many
providers (Keycloak with "edit username", most self-service portals), so
whoever could set theirs to ``kadis.soppeng`` signed in as that officer. The
claim must be one the provider's administrators assert (a mapper such as
``mpp_username``, an employee number); each sign-in records ``iss`` and
``sub`` in the audit trail. Linking accounts on (``iss``, ``sub``) instead
would need a column in ``users`` and a first link made by the username all
the same, so it would not close the hole on its own.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Blueprint, Flask, abort, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from framework.plugins.settings import AdapterSettings, adapter_settings
from plugins.signin.pages import message_page, safe_next

bp = Blueprint("signin_officer_oidc", __name__, url_prefix="/masuk/petugas/sso")
TITLE = _l("Masuk petugas (SSO)")
NOT_REGISTERED = _l("Akun ini belum terdaftar sebagai petugas; minta admin menambahkannya.")
log = logging.getLogger(__name__)

# the standard claims of OpenID Connect Core 5.1 but `sub`: the user's profile, theirs to edit at many providers (a
# phone number, a website, a locale alike), never a username to trust; `sub` is the provider's own identifier
STANDARD_PROFILE_CLAIMS = frozenset(
    {
        "name",
        "given_name",
        "family_name",
        "middle_name",
        "nickname",
        "preferred_username",
        "profile",
        "picture",
        "website",
        "email",
        "email_verified",
        "gender",
        "birthdate",
        "zoneinfo",
        "locale",
        "phone_number",
        "phone_number_verified",
        "address",
        "updated_at",
    }
)


def register(app: Flask) -> None:
    """The blueprint; a claim that cannot name an officer is logged here, once, at start-up (not per request)."""
    app.register_blueprint(bp)
    if os.environ.get("MPP_OFFICER_OIDC_URL") and username_claim() is None:
        claim = os.environ.get("MPP_OFFICER_OIDC_USERNAME_CLAIM", "").strip()
        log.error(
            "officer SSO is off: set MPP_OFFICER_OIDC_USERNAME_CLAIM to a claim the identity provider's administrators "
            "set (not %s: the standard claims of OpenID Connect Core 5.1 but sub are the user's to edit)",
            claim or "preferred_username",
        )


def username_claim() -> str | None:
    """The claim that names the officer, when it is set to one the provider's administrators assert."""
    claim = os.environ.get("MPP_OFFICER_OIDC_USERNAME_CLAIM", "").strip()
    return claim if claim and claim not in STANDARD_PROFILE_CLAIMS else None


def claimed_username(claims: dict[str, Any], claim: str) -> str:
    """The username the claim holds, lower-cased: a string, or a whole number (an employee number sent as one)."""
    value = claims.get(claim)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value.strip().lower() if isinstance(value, str) else ""


def configured() -> AdapterSettings | None:
    if not os.environ.get("MPP_OFFICER_OIDC_URL") or username_claim() is None:
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
    username = claimed_username(claims, username_claim() or "")
    provider = {"method": "oidc", "iss": str(claims.get("iss", ""))[:200], "sub": str(claims.get("sub", ""))[:200]}
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
            provider,
        )
        database.commit()
        return message_page(str(TITLE), str(NOT_REGISTERED), 403)
    audit_trail.record(
        database,
        Actor.officer(user.username, user.role, user.region, request.remote_addr),
        "signin",
        user.username,
        provider,
    )
    database.commit()
    session.pop("citizen_nik", None)
    session["officer"] = {"username": user.username, "role": user.role, "region": user.region}
    return redirect(target or "/admin/")
