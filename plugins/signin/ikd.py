"""Citizens sign in through IKD (`/masuk/ikd`).

HTTP mode: the OpenID Connect code flow (``oidc.py``). Sandbox mode (the
development default, refused when MPP_ENV=production): a page that lets you
pick a synthetic citizen from the sandbox population (``picker.py``: a few
per demo region, each with what to try). Either way the session ends up with
``citizen_nik`` — what the portal and the prefill read — and, when IKD says
it, ``citizen_region``, the kabupaten/kota the service list starts from; the
citizen's profile gets their name.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from framework.core.patterns import NIK, whole_text
from framework.forms.regions import CODE_PATTERNS
from framework.plugins.settings import adapter_settings
from plugins.signin.pages import EXPIRED, checks_csrf_itself, csrf_ok, message_page, render, safe_next
from plugins.signin.picker import sandbox_groups

bp = Blueprint("signin_ikd", __name__, url_prefix="/masuk/ikd", template_folder="templates")
REGENCY = whole_text(CODE_PATTERNS["regency"])


def _picker(message: str = "", status: int = 200) -> Any:
    return render(
        "signin/picker.html",
        status,
        groups=sandbox_groups(),
        action=url_for(".sandbox_choose"),
        hidden={"next": safe_next()},
        csrf=True,
        message=message,
    )


@bp.get("")
def start() -> ResponseReturnValue:
    settings = adapter_settings("IKD_OIDC")
    if settings.mode == "sandbox":
        return _picker()
    from plugins.signin.oidc import redirect_to_provider

    return redirect_to_provider(settings, "ikd_oidc", ".callback", _("Masuk dengan IKD"), safe_next())


@bp.post("/sandbox")
@checks_csrf_itself
def sandbox_choose() -> ResponseReturnValue:
    if adapter_settings("IKD_OIDC").mode != "sandbox":
        abort(404)
    if not csrf_ok():
        return _picker(str(EXPIRED), 400)
    from plugins.sandbox.population import population

    person = population().person(request.form.get("nik", ""))
    if person is None:
        return _picker(_("Warga tidak dikenal; pilih salah satu warga di bawah."), 400)
    _sign_in(person.nik, person.name, "ikd-sandbox", person.record.get("no_kab", ""))
    return redirect(safe_next())


@bp.get("/callback")
def callback() -> ResponseReturnValue:
    from plugins.signin.oidc import UNKNOWN_SESSION, claims_from_callback, nik_claim, region_claim

    outcome = claims_from_callback(adapter_settings("IKD_OIDC"), "ikd_oidc", ".callback")
    if isinstance(outcome, str):
        return message_page(_("Masuk dengan IKD"), outcome, 400 if outcome == str(UNKNOWN_SESSION) else 401)
    claims, target = outcome
    nik = str(claims.get(nik_claim(), ""))
    if not NIK.match(nik):
        return message_page(_("Masuk dengan IKD"), _("IKD tidak mengirim NIK yang sah; coba masuk lagi."), 401)
    _sign_in(nik, str(claims.get("name", "")), "ikd-oidc", str(claims.get(region_claim(), "")))
    return redirect(target or "/layanan/")


def _sign_in(nik: str, name: str, method: str, region: str = "") -> None:
    """Sign the citizen in; ``region``: their kabupaten/kota from IKD, which narrows the service list."""
    from framework.services import audit_trail
    from framework.store.inbox import CitizenProfile
    from framework.web.database import db_session
    from framework.workflow.actors import Actor

    session.pop("officer", None)
    session["citizen_nik"] = nik
    session.pop("citizen_region", None)
    if REGENCY.match(region):
        session["citizen_region"] = region
    database = db_session()
    profile = database.get(CitizenProfile, nik)
    if profile is None:
        database.add(CitizenProfile(nik=nik, name=name, email="", phone="", muted=[]))
    elif name and not profile.name:
        profile.name = name
    audit_trail.record(database, Actor.citizen(nik, request.remote_addr), "signin", nik, {"method": method})
    database.commit()
