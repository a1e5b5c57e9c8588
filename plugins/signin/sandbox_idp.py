"""A sandbox IKD identity provider: OpenID Connect over HTTP, with synthetic citizens.

Enough of OpenID Connect for the real client code to run against it in tests
and development: discovery, an authorize page where you pick a synthetic
citizen, a token endpoint (client_secret_basic or _post) returning an RS256
ID token with the ``nik`` claim (for officers: ``mpp_username``, the claim an
organisation's administrators would set, and ``preferred_username``, which a
user may edit), and the JWKS. Run with
``python -m plugins.signin.sandbox_idp --port 8005`` and set
MPP_IKD_OIDC_MODE=http MPP_IKD_OIDC_URL=http://127.0.0.1:8005
MPP_IKD_OIDC_CLIENT_ID=mpp MPP_IKD_OIDC_CLIENT_SECRET=sandbox.
"""

from __future__ import annotations

import base64
import secrets
import time
from typing import Any
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from flask.typing import ResponseReturnValue

from plugins.signin.pages import render
from plugins.signin.picker import sandbox_groups

FORWARDED = ("client_id", "redirect_uri", "state", "nonce")


def make_app(client_id: str = "mpp", client_secret: str = "sandbox") -> Flask:
    from flask_babel import Babel
    from joserfc import jwt
    from joserfc.jwk import RSAKey

    from framework.core.settings import PROJECT_ROOT

    app = Flask(__name__)  # templates: plugins/signin/templates (the picker the portal shows too)
    app.config.update(
        SECRET_KEY=secrets.token_hex(16),
        WTF_CSRF_ENABLED=False,
        BABEL_TRANSLATION_DIRECTORIES=str(PROJECT_ROOT / "framework" / "translations"),
    )
    Babel(app)
    key = RSAKey.generate_key(2048, parameters={"kid": "sandbox-ikd-1", "use": "sig", "alg": "RS256"})
    codes: dict[str, dict[str, Any]] = {}

    def issuer() -> str:
        return request.host_url.rstrip("/")

    @app.get("/.well-known/openid-configuration")
    def configuration() -> ResponseReturnValue:
        base = issuer()
        return jsonify(
            issuer=base,
            authorization_endpoint=f"{base}/authorize",
            token_endpoint=f"{base}/token",
            jwks_uri=f"{base}/jwks",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
        )

    @app.get("/jwks")
    def jwks() -> ResponseReturnValue:
        return jsonify(keys=[key.as_dict(private=False)])

    @app.get("/authorize")
    def authorize() -> ResponseReturnValue:
        if request.args.get("client_id") != client_id or request.args.get("response_type") != "code":
            abort(400)
        hidden = {name: request.args.get(name, "") for name in FORWARDED}
        return render("signin/picker.html", groups=sandbox_groups(), action="/authorize", hidden=hidden, csrf=False)

    @app.post("/authorize")
    def choose() -> ResponseReturnValue:
        form = {name: request.form.get(name, "") for name in FORWARDED}
        if form["client_id"] != client_id or not form["redirect_uri"]:
            abort(400)
        code = secrets.token_urlsafe(16)
        codes[code] = {
            **form,
            "nik": request.form.get("nik", ""),
            "username": request.form.get("username", ""),
            "preferred_username": request.form.get("preferred_username", ""),  # what a user may edit at a real provider
            "at": time.time(),
        }
        return redirect(f"{form['redirect_uri']}?{urlencode({'code': code, 'state': form['state']})}")

    @app.post("/token")
    def token() -> ResponseReturnValue:
        if _client_credentials() != (client_id, client_secret):
            return jsonify(error="invalid_client"), 401
        grant = codes.pop(request.form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != request.form.get("redirect_uri") or time.time() - grant["at"] > 60:
            return jsonify(error="invalid_grant"), 400
        from plugins.sandbox.population import population

        person = population().person(grant["nik"])
        now = int(time.time())
        claims = {
            "iss": issuer(),
            "sub": grant["nik"],
            "aud": client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "nik": grant["nik"],
            "name": person.name if person else "",
            "kode_kabupaten_kota": person.record["no_kab"] if person else "",
            "preferred_username": grant["preferred_username"] or grant["username"] or grant["nik"],
            "mpp_username": grant["username"],  # an organisation's administrators set this one (a claim mapper)
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "sandbox-ikd-1"}, claims, key)
        return jsonify(access_token=secrets.token_urlsafe(16), token_type="Bearer", expires_in=300, id_token=id_token)

    return app


def _client_credentials() -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        from urllib.parse import unquote

        return unquote(user), unquote(password)
    return request.form.get("client_id", ""), request.form.get("client_secret", "")


if __name__ == "__main__":  # pragma: no cover - manual use
    from plugins.sandbox.server import run_forever

    run_forever(make_app(), 8005, "Sandbox IKD identity provider (OpenID Connect)")
