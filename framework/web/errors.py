"""Errors raised before or outside any view: unknown addresses, wrong methods,
server faults, refusals. People get the site's page in their language, never werkzeug's
bare English page or a traceback; addresses under /api/ get the API's JSON.
(Errors inside API views are the API blueprint's own: `api.py`.)"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from framework.web.simple_pages import keeps_typed

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    for code in (403, 404, 405, 413, 429):
        app.register_error_handler(code, routing_error)
    app.register_error_handler(500, server_error_page)


def routing_error(exc: HTTPException) -> tuple:
    from framework.web.api import is_api_path, json_http_error

    return json_http_error(exc) if is_api_path(request.path) else error_page(exc)


def error_page(exc: HTTPException) -> tuple[str, int]:
    """The site's page for an HTTP error (404, 405, …)."""
    messages = {
        403: _("Anda tidak berwenang membuka halaman ini. Jika menurut Anda ini keliru, hubungi admin daerah Anda."),
        404: _("Halaman yang Anda cari tidak ada. Periksa alamatnya, atau mulai dari daftar layanan."),
        405: _("Alamat ini tidak bisa dibuka dengan cara itu. Mulai lagi dari daftar layanan."),
        # any form with a file (a form page, a correction, a complaint) or a huge post anywhere
        413: _("Berkas yang dikirim terlalu besar. Kembali, lalu pilih berkas yang lebih kecil."),
        429: _("Terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar, lalu coba lagi."),
    }
    message = messages.get(exc.code or 500, _("Permintaan tidak dapat diproses."))
    return render_template("portal/error.html", message=message, officer=_officer()), exc.code or 500


def _officer() -> dict | None:
    """The signed-in officer, so their error page leads back to the workspace, not to the citizens' sign-in."""
    from framework.web.signin import signed_in_officer

    found = signed_in_officer()
    return found if isinstance(found, dict) and found.get("username") else None


def server_error_page(exc: InternalServerError) -> tuple[str, int]:
    original = getattr(exc, "original_exception", None) or exc
    log.error("unexpected error in %s %s", request.method, request.path, exc_info=original)
    return render_template(
        "portal/error.html",
        message=_("Terjadi kesalahan di server; jawaban Anda tetap tersimpan. Coba lagi sebentar lagi."),
        officer=_officer(),
    ), 500


def typed_again_page() -> tuple[str, int]:
    """A long form posted with a stale CSRF token (the session ended, the tab was open too long): nothing saved; what
    was typed on a page of its own, with a fresh token and *Simpan lagi*, which posts it again to the same address.

    Why: the site's general page ("reload and try again") lost every word
    of a long text (a service standard, a pasted definition, a page of
    answers). The write is still refused: only the person, seeing what the
    form says, sends it again, and only when the post came from this site
    (a forged form from elsewhere gets the text to read, not a button).
    Files are not kept (a browser cannot be given them back): they are named.
    """
    from framework.web.signin import signed_in_citizen

    in_admin = request.path.startswith("/admin/")
    signed_in = _officer() is not None if in_admin else bool(signed_in_citizen())
    pairs = [(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"]
    refusal = _why_not_again(pairs)
    return render_template(
        "portal/typed_again.html",
        pairs=pairs,
        files=[name for name, upload in request.files.items(multi=True) if upload.filename],
        action=request.full_path.rstrip("?"),
        back=request.path,
        from_this_site=_from_this_site() and refusal is None,
        refusal=refusal,
        signed_in_as=_signed_in_as(),
        sign_in=None if signed_in else ("/masuk/petugas" if in_admin else "/masuk/ikd"),
        officer=_officer(),
    ), 400


DESTRUCTIVE_ACTIONS = ("hapus", "delete", "remove")  # an `_action` that takes something away: never sent again


def _why_not_again(pairs: list[tuple[str, str]]) -> str | None:
    """Why the page offers no *Simpan lagi*, or None: only a save is sent again.

    A stale "Hapus" came back as a *Simpan lagi* button that deleted on
    click, with nothing saying so; a form typed while someone else was
    signed in (a shared desk) would be saved under the account signed in
    now. Its text is shown to copy either way.
    """
    from framework.web.sessions import OWNER_FIELD, another_owner

    posted = dict(pairs)
    if posted.get("_action", "").split(":", 1)[0].strip().lower() in DESTRUCTIVE_ACTIONS:
        return _(
            "Penghapusan tidak diulang dari halaman ini. Buka halamannya lagi dan tekan Hapus di sana bila masih perlu."
        )
    if another_owner(posted.get(OWNER_FIELD, "")):
        return _(
            "Formulir ini diisi saat akun lain masuk di peramban ini; "
            "tidak dikirim atas nama akun yang masuk sekarang. Salin teksnya bila perlu."
        )
    return None


def _signed_in_as() -> str | None:
    """Who is signed in now, said above the button: the officer's username, or the citizen's NIK masked."""
    from framework.core.personal import mask_nik
    from framework.web.signin import signed_in_citizen

    found = _officer()
    if found is not None:
        return str(found["username"])
    nik = signed_in_citizen()
    return mask_nik(nik) if nik else None


def _from_this_site() -> bool:
    """The post came from one of this site's pages (its Origin, else its Referer, names this host)."""
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and urlsplit(source).netloc == request.host


def expired_form_page(_error: Exception) -> tuple[str, int]:
    """A form page posted after the session ended (half an hour idle): what was kept, and a way back (a GET).

    For the blueprints whose forms keep a draft (the portal's pages, a
    correction): the site's general page said "reload and try again", which
    re-posts the same expired form.
    """
    if keeps_typed(current_app.view_functions.get(request.endpoint or "")):
        return typed_again_page()
    return render_template("portal/expired.html", back=request.path), 400
