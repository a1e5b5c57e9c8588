"""The OpenID Connect authorization-code flow against IKD (Authlib + joserfc).

Discovery at ``<MPP_IKD_OIDC_URL>/.well-known/openid-configuration``; the
client id and secret from MPP_IKD_OIDC_CLIENT_ID/SECRET. The ID token's
signature (JWKS), issuer, audience, expiry and nonce are checked before the
NIK claim (MPP_IKD_OIDC_NIK_CLAIM, default ``nik``) is believed.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from framework.plugins.settings import AdapterSettings

if TYPE_CHECKING:
    from authlib.integrations.httpx_client import OAuth2Client

log = logging.getLogger(__name__)


class SigninFailed(RuntimeError):
    """The identity provider refused, or its answer did not check out."""


@dataclass(frozen=True)
class Started:
    url: str
    state: str
    nonce: str


def _client(settings: AdapterSettings, redirect_uri: str, state: str | None = None) -> OAuth2Client:
    from authlib.integrations.httpx_client import OAuth2Client

    return OAuth2Client(
        settings.client_id,
        settings.client_secret,
        scope="openid profile",
        redirect_uri=redirect_uri,
        state=state,
        timeout=settings.timeout,
    )


def discovery(settings: AdapterSettings) -> dict[str, Any]:
    import httpx

    try:
        answer = httpx.get(f"{settings.url}/.well-known/openid-configuration", timeout=settings.timeout)
        answer.raise_for_status()
        return answer.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise SigninFailed(f"IKD sign-in is unavailable: {exc}") from None


def start(settings: AdapterSettings, redirect_uri: str) -> Started:
    metadata = discovery(settings)
    nonce = secrets.token_urlsafe(16)
    url, state = _client(settings, redirect_uri).create_authorization_url(
        metadata["authorization_endpoint"], nonce=nonce
    )
    return Started(url, state, nonce)


def finish(settings: AdapterSettings, redirect_uri: str, callback_url: str, state: str, nonce: str) -> dict[str, Any]:
    """Exchange the code and return the checked ID-token claims."""
    import httpx
    from authlib.common.errors import AuthlibBaseError
    from joserfc import jwt
    from joserfc.errors import JoseError
    from joserfc.jwk import KeySet

    metadata = discovery(settings)
    try:
        token = _client(settings, redirect_uri, state).fetch_token(
            metadata["token_endpoint"], authorization_response=callback_url
        )
        keys = KeySet.import_key_set(httpx.get(metadata["jwks_uri"], timeout=settings.timeout).json())
        decoded = jwt.decode(token["id_token"], keys)
        registry = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": metadata["issuer"]},
            aud={"essential": True, "value": settings.client_id},
            nonce={"essential": True, "value": nonce},
            exp={"essential": True},
        )
        registry.validate(decoded.claims)
    except (AuthlibBaseError, JoseError, httpx.HTTPError, KeyError, ValueError) as exc:
        raise SigninFailed(f"IKD sign-in failed: {type(exc).__name__}: {exc}") from None
    return dict(decoded.claims)


def nik_claim() -> str:
    return os.environ.get("MPP_IKD_OIDC_NIK_CLAIM", "nik")


def region_claim() -> str:
    """The claim holding the citizen's kabupaten/kota code (`73.06`); absent claims leave the list unfiltered."""
    return os.environ.get("MPP_IKD_OIDC_REGION_CLAIM", "kode_kabupaten_kota")


# --- the two halves of the flow as Flask views use them -------------------------------------

UNAVAILABLE = _l("Layanan masuk sedang tidak tersedia. Coba lagi nanti.")
UNKNOWN_SESSION = _l("Sesi masuk tidak dikenal; mulai lagi.")
FAILED = _l("Masuk tidak berhasil; coba lagi.")


def redirect_to_provider(
    settings: AdapterSettings, session_key: str, callback_endpoint: str, title: str, target: str
) -> Any:
    """Start the code flow: remember state, nonce and where to go back, then redirect."""
    from flask import redirect, session, url_for

    from plugins.signin.pages import message_page

    try:
        started = start(settings, url_for(callback_endpoint, _external=True))
    except SigninFailed as exc:
        log.warning("sign-in provider unavailable: %s", exc)
        return message_page(title, str(UNAVAILABLE), 503)
    session[session_key] = {"state": started.state, "nonce": started.nonce, "next": target}
    return redirect(started.url)


def claims_from_callback(
    settings: AdapterSettings, session_key: str, callback_endpoint: str
) -> tuple[dict[str, Any], str] | str:
    """The checked claims and the page to return to, or an error message."""
    from flask import request, session, url_for

    pending = session.pop(session_key, None)
    if not pending or request.args.get("state") != pending["state"]:
        return str(UNKNOWN_SESSION)
    try:
        claims = finish(
            settings, url_for(callback_endpoint, _external=True), request.url, pending["state"], pending["nonce"]
        )
    except SigninFailed as exc:
        log.warning("sign-in refused: %s", exc)
        return str(FAILED)
    return claims, pending.get("next") or ""
