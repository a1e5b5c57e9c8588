"""The public verification page of issued products: ``/verifikasi/<code>``.

Whoever holds a printed document scans its QR code and lands here: what was
issued, to whom (masked NIK), when, by which issuer (its declared name), and whether it is still
valid. No sign-in: the unguessable code is the key, and the page shows no
more personal data than the paper itself.
"""

from __future__ import annotations

from flask import Blueprint, Flask

from framework.web.simple_pages import page

bp = Blueprint("verify", __name__)

TITLE = "Verifikasi dokumen / Document verification"
BODY = """{% if product %}
  {% if product.valid %}
  <p class="valid" role="status"><strong>Dokumen ini asli dan berlaku.</strong> <span lang="en">This document is genuine and valid.</span></p>
  {% else %}
  <p class="error" role="status"><strong>Dokumen ini sudah dicabut dan tidak berlaku.</strong> <span lang="en">This document has been revoked and is not valid.</span></p>
  {% endif %}
  <dl>
    <dt>Dokumen <span lang="en">/ Document</span></dt><dd>{{ product.title }}</dd>
    <dt>Nomor <span lang="en">/ Number</span></dt><dd>{{ product.number }}</dd>
    <dt>Atas nama <span lang="en">/ Issued to</span></dt><dd>{{ product.holder_name }} (NIK {{ product.holder_nik_masked }})</dd>
    <dt>Diterbitkan <span lang="en">/ Issued</span></dt><dd>{{ product.issued_at|waktu }}</dd>
    <dt>Penerbit <span lang="en">/ Issued by</span></dt><dd>{% if product.issuer_name %}{{ product.issuer_name.id }}{% if product.issuer_name.en and product.issuer_name.en != product.issuer_name.id %} <span lang="en">/ {{ product.issuer_name.en }}</span>{% endif %}{% else %}{{ product.provider }}{% endif %}</dd>
    <dt>Kode verifikasi <span lang="en">/ Verification code</span></dt><dd><code>{{ product.code }}</code></dd>
  </dl>
{% else %}
  <p class="error" role="status"><strong>Kode verifikasi tidak dikenal.</strong> Periksa kembali kode pada dokumen.
  <span lang="en">Unknown verification code. Check the code printed on the document.</span></p>
{% endif %}"""


def register(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/verifikasi/<code>")
def verification(code: str):  # type: ignore[no-untyped-def]
    from framework.services.products import verify
    from framework.web.database import db_session

    product = verify(db_session(), code[:64])
    return page(TITLE, BODY, status=200 if product else 404, product=product)
