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

from .pages import EXPIRED, PICKER, csrf_field, csrf_ok, page, safe_next, sandbox_citizens

bp = Blueprint("signin_ikd", __name__, url_prefix="/masuk/ikd")
TITLE = "Masuk dengan IKD / Sign in with IKD"
NIK = re.compile(r"^[0-9]{16}$")


@bp.get("")
def start():  # type: ignore[no-untyped-def]
    settings = adapter_settings("IKD_OIDC")
    target = safe_next()
    if settings.mode == "sandbox":
        return page(TITLE, PICKER, citizens=sandbox_citizens(), action=url_for(".sandbox_choose"), hidden={"next": target}, csrf=csrf_field())
    from .oidc import SigninFailed
    from .oidc import start as start_oidc

    try:
        started = start_oidc(settings, url_for(".callback", _external=True))
    except SigninFailed as exc:
        return page(TITLE, "<p>Coba lagi nanti. <span lang=\"en\">Try again later.</span></p>", str(exc), 503)
    session["ikd_oidc"] = {"state": started.state, "nonce": started.nonce, "next": target}
    return redirect(started.url)


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
    from .oidc import SigninFailed, finish, nik_claim

    pending = session.pop("ikd_oidc", None)
    if not pending or request.args.get("state") != pending["state"]:
        return page(TITLE, "", "Sesi masuk tidak dikenal; mulai lagi. / Unknown sign-in session; start again.", 400)
    try:
        claims = finish(adapter_settings("IKD_OIDC"), url_for(".callback", _external=True), request.url, pending["state"], pending["nonce"])
    except SigninFailed as exc:
        return page(TITLE, "", str(exc), 401)
    nik = str(claims.get(nik_claim(), ""))
    if not NIK.match(nik):
        return page(TITLE, "", "IKD tidak mengirim NIK yang sah. / IKD sent no valid NIK.", 401)
    _sign_in(nik, str(claims.get("name", "")), "ikd-oidc")
    return redirect(pending.get("next") or "/layanan/")


def _sign_in(nik: str, name: str, method: str) -> None:
    from framework import audit_trail
    from framework.store.inbox import CitizenProfile
    from framework.store.web import db_session
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
