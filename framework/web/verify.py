"""The public verification page of issued products: ``/verifikasi/<code>``.

Whoever holds a printed document scans its QR code and lands here: what was
issued, to whom (masked NIK), when, by which issuer (its declared name), and whether it is still
valid. No sign-in: the unguessable code is the key, and the page shows no
more personal data than the paper itself.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

bp = Blueprint("verify", __name__)


def register(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/verifikasi/<code>")
def verification(code: str) -> tuple[str, int]:
    from framework.services.products import verify
    from framework.web.database import db_session

    product = verify(db_session(), code[:64])
    return render_template("verify/verification.html", product=product), 200 if product else 404
