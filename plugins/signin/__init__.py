"""Sign-in methods: citizens through IKD (OpenID Connect), officers by password.

Declarations only here; each ``register(app)`` imports its blueprint lazily.
A signed-in citizen is ``session["citizen_nik"]`` (what the portal reads); a
signed-in officer or ministry user is ``session["officer"]`` =
``{username, role, region}``.
"""

from __future__ import annotations

from typing import Any

from framework.plugins.base import SigninMethod


class IKDSignin(SigninMethod):
    """Citizens: IKD OpenID Connect (MPP_IKD_OIDC_*); sandbox: pick a synthetic citizen."""

    id = "ikd"
    settings_prefix = "IKD_OIDC"

    @classmethod
    def register(cls, app: Any) -> None:
        from plugins.signin.ikd import bp

        app.register_blueprint(bp)


class OfficerOIDCSignin(SigninMethod):
    """Officers: their organisation's OpenID Connect provider, when MPP_OFFICER_OIDC_URL is set."""

    id = "officer-oidc"

    @classmethod
    def mode(cls, environment: str | None = None) -> str:
        import os

        return "http" if os.environ.get("MPP_OFFICER_OIDC_URL") else "off"

    @classmethod
    def register(cls, app: Any) -> None:
        from plugins.signin.officer_oidc import register

        register(app)


class PasswordSignin(SigninMethod):
    """Officers and ministry staff: username and password (argon2 hashes in `users`)."""

    id = "password"

    @classmethod
    def register(cls, app: Any) -> None:
        from plugins.signin.password import bp

        app.register_blueprint(bp)
