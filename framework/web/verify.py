"""The public verification page of issued products: ``/verifikasi/<code>``.

Whoever holds a printed document scans its QR code and lands here: what was
issued, to whom (masked NIK), when, by which issuer (its declared name), and whether it is still
valid. No sign-in: the unguessable code is the key, and the page shows no
more personal data than the paper itself. Whoever received the document as
a file can also check it here: the file is compared with the one issued,
byte for byte, and never kept.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from framework.core.numbers import size_text
from framework.web.simple_pages import body_at_most, changes_nothing, error_rows

bp = Blueprint("verify", __name__)


def register(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/verifikasi/")
def lookup() -> Any:
    """Where a code typed from paper goes (a QR code that will not scan, a photocopy): the box, then its page."""
    typed = request.args.get("kode", "").strip().upper()
    if typed:
        return redirect(url_for("verify.verification", code=typed[:64]))
    return render_template("verify/lookup.html")


@bp.get("/verifikasi/<code>")
def verification(code: str) -> tuple[str, int]:
    from framework.services.products import verify
    from framework.web.database import db_session

    product = verify(db_session(), code[:64])
    return render_template("verify/verification.html", product=product), 200 if product else 404


CHECK_MAX_BYTES = 2 * 1024 * 1024  # an issued product is one signed page of a few dozen KB: a larger file is not one
FORM_ENVELOPE = 64 * 1024  # the multipart boundaries and headers around the file
NO_FILE = _l("Pilih berkas PDF yang akan diperiksa.")
TOO_LARGE = _l("Berkas lebih besar dari %(size)s, jadi bukan dokumen yang diterbitkan di sini.")


@bp.post("/verifikasi/<code>")
@changes_nothing
@body_at_most(CHECK_MAX_BYTES + FORM_ENVELOPE)
def check_file(code: str) -> tuple[str, int]:
    """Compare an uploaded file with the issued PDF; the page says whether they are the same."""
    from framework.services.products import same_as_issued, verify
    from framework.web.database import db_session
    from framework.web.site import language

    database = db_session()
    product = verify(database, code[:64])
    if product is None:
        return render_template("verify/verification.html", product=None), 404
    upload = request.files.get("berkas")
    problems: dict[str, list[str]] = {}
    same = None
    if upload is None or not upload.filename:
        problems["berkas"] = [str(NO_FILE)]
    else:
        content = upload.stream.read(CHECK_MAX_BYTES + 1)
        if len(content) > CHECK_MAX_BYTES:
            problems["berkas"] = [str(TOO_LARGE) % {"size": size_text(CHECK_MAX_BYTES, language())}]
        else:
            same = same_as_issued(database, product.code, content)
    return (
        render_template(
            "verify/verification.html",
            product=product,
            same=same,
            problems=error_rows(problems),
            by_field=problems,
        ),
        400 if problems else 200,
    )
