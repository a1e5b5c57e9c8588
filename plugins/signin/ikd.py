"""Citizens sign in through IKD (`/masuk/ikd`).

HTTP mode: the OpenID Connect code flow (``oidc.py``). Sandbox mode (the
development default, refused when MPP_ENV=production): a page that lets you
pick a synthetic citizen from the sandbox population. Either way the session
ends up with ``citizen_nik`` — what the portal and the prefill read — and the
citizen's profile gets their name.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, redirect, request, session, url_for

from framework.plugins.settings import adapter_settings
from plugins.signin.pages import EXPIRED, PICKER, csrf_field, csrf_ok, page, safe_next, sandbox_citizens

bp = Blueprint("signin_ikd", __name__, url_prefix="/masuk/ikd")
TITLE = "Masuk dengan IKD / Sign in with IKD"
NIK = re.compile(r"^[0-9]{16}$")


@bp.get("")
def start():  # type: ignore[no-untyped-def]
    settings = adapter_settings("IKD_OIDC")
    target = safe_next()
    if settings.mode == "sandbox":
        return page(
            TITLE,
            PICKER,
            citizens=sandbox_citizens(),
            action=url_for(".sandbox_choose"),
            hidden={"next": target},
            csrf=csrf_field(),
        )
    from plugins.signin.oidc import redirect_to_provider

    return redirect_to_provider(settings, "ikd_oidc", ".callback", TITLE, target)


@bp.post("/sandbox")
def sandbox_choose():  # type: ignore[no-untyped-def]
    if adapter_settings("IKD_OIDC").mode != "sandbox":
        abort(404)
    if not csrf_ok():
        return page(TITLE, "", EXPIRED, 400)
    from plugins.sandbox.population import population

    person = population().person(request.form.get("nik", ""))
    if person is None:
        return page(TITLE, "", "Warga tidak dikenal. / Unknown citizen.", 400)
    _sign_in(person.nik, person.name, "ikd-sandbox")
    return redirect(safe_next())


@bp.get("/callback")
def callback():  # type: ignore[no-untyped-def]
    from plugins.signin.oidc import UNKNOWN_SESSION, claims_from_callback, nik_claim

    outcome = claims_from_callback(adapter_settings("IKD_OIDC"), "ikd_oidc", ".callback")
    if isinstance(outcome, str):
        return page(TITLE, "", outcome, 400 if outcome == UNKNOWN_SESSION else 401)
    claims, target = outcome
    nik = str(claims.get(nik_claim(), ""))
    if not NIK.match(nik):
        return page(TITLE, "", "IKD tidak mengirim NIK yang sah. / IKD sent no valid NIK.", 401)
    _sign_in(nik, str(claims.get("name", "")), "ikd-oidc")
    return redirect(target or "/layanan/")


def _sign_in(nik: str, name: str, method: str) -> None:
    from framework.services import audit_trail
    from framework.store.inbox import CitizenProfile
    from framework.web.database import db_session
    from framework.workflow.actors import Actor

    session.pop("officer", None)
    session["citizen_nik"] = nik
    database = db_session()
    profile = database.get(CitizenProfile, nik)
    if profile is None:
        database.add(CitizenProfile(nik=nik, name=name, email="", phone="", language="id", muted=[]))
    elif name and not profile.name:
        profile.name = name
    audit_trail.record(database, Actor.citizen(nik, request.remote_addr), "signin", nik, {"method": method})
    database.commit()
