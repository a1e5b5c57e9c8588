"""The signed-in citizen's own pages: inbox, contact profile, complaints.

``/kotak-masuk`` lists the in-app notifications; ``/dokumen/<nomor>.pdf``
downloads an issued product; ``/profil`` sets the email,
phone and muted channels the worker reads; ``/pengaduan`` lists complaints
with their SP4N-LAPOR! status and ``/pengaduan/baru?permohonan=<nomor>`` files
one about an application. Views are thin: `framework.services.complaints` does the
work the API would do too.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import secrets
from dataclasses import replace
from typing import Any

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from framework.core.errors import NUL, NUL_MESSAGE, FieldError, field_error, shown_nul
from framework.core.patterns import EMAIL, EMAIL_MAX_LENGTH
from framework.forms.compile import DATE_FORMATS
from framework.forms.messages import MESSAGES
from framework.forms.regions import RegionTable
from framework.forms.types import PHONE_PATTERN
from framework.services.complaints import ATTACHMENT, MAX_ATTACHMENTS, ComplaintInput, ComplaintSubjects
from framework.storage import storage_for
from framework.web.complaint_attachments import (
    REMOVE,
    keep_attachments,
    kept_attachments,
    read_attachments,
    remove_attachment,
)
from framework.web.signin import signed_in_citizen
from framework.web.simple_pages import EXPIRED, checks_csrf_itself, csrf_ok, error_rows, reports_nul_itself

bp = Blueprint("citizen", __name__)
MUTABLE_CHANNELS = ("email", "sms", "whatsapp")
CHANNEL_LABELS = {"email": _l("Email"), "sms": _l("SMS"), "whatsapp": _l("WhatsApp")}


def register(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.before_request
def _signed_in() -> ResponseReturnValue | None:
    if not signed_in_citizen():
        return redirect(f"/masuk/ikd?next={request.full_path.rstrip('?')}")
    return None


def _citizen() -> str:
    """The signed-in citizen's NIK (``_signed_in`` has sent everyone else to sign in)."""
    nik = signed_in_citizen()
    if nik is None:
        abort(401)
    return nik


def _db() -> Session:
    from framework.web.database import db_session

    return db_session()


INBOX_PAGE = 50
INBOX_PAGES_MAX = 10_000  # a bigger page number is an empty page, not a query with a huge offset
LINK = re.compile(r"(https?://[^\s<>\"']+)")


@bp.get("/kotak-masuk")
def inbox() -> str:
    """The citizen's notifications, newest first, a page at a time (``?halaman=2``).

    Those not read before are marked new on this showing, then counted as read.
    Each message shows in the language(s) of the citizen's profile, each part
    marked with its own ``lang`` (`framework.services.inbox.shown_versions`).
    """
    from framework.services.inbox import shown_versions
    from framework.services.notifications import chosen_language
    from framework.store.inbox import CitizenProfile, InboxMessage
    from framework.store.types import utcnow
    from framework.web.site import language

    page = _page_number(request.args.get("halaman", ""))
    database = _db()
    preference = chosen_language(database.get(CitizenProfile, _citizen()))
    rows = list(
        database.scalars(
            select(InboxMessage)
            .where(InboxMessage.citizen_nik == signed_in_citizen())
            .order_by(InboxMessage.id.desc())
            .offset((page - 1) * INBOX_PAGE)
            .limit(INBOX_PAGE + 1)
        )
    )
    messages, more = rows[:INBOX_PAGE], len(rows) > INBOX_PAGE
    unread = {message.id for message in messages if message.read_at is None}
    shown = [
        (
            message,
            message.id in unread,
            [(version, _linked(version.body)) for version in shown_versions(message, preference, language())],
        )
        for message in messages
    ]
    regions = _regions_of(database, {message.tracking_number for message in messages if message.tracking_number})
    now = utcnow()
    for message in messages:
        message.read_at = message.read_at or now
    database.commit()
    return render_template(
        "citizen/inbox.html", messages=shown, unread=len(unread), page=page, more=more, regions=regions
    )


def _regions_of(database: Session, tracking_numbers: set[str]) -> dict[str, str]:
    """Each application's region, so a message about it gives its times in that region's zone, as its page does."""
    from framework.store.models import Application

    if not tracking_numbers:
        return {}
    found = database.execute(
        select(Application.tracking_number, Application.region).where(
            Application.tracking_number.in_(sorted(tracking_numbers))
        )
    )
    return {number: region for number, region in found if region}


def _page_number(text: str) -> int:
    """``?halaman=`` as a page from 1; anything else (a word, 0, a negative) is the first page."""
    if not (text.isascii() and text.isdigit()) or len(text) > 6 or int(text) < 1:
        return 1
    return min(int(text), INBOX_PAGES_MAX)


def _linked(body: str) -> list[list[tuple[str, bool]]]:
    """The body's lines in pieces, each (text, is a link): the document's address in a notification is clickable.

    ``LINK`` has one group, so ``split`` puts the addresses at the odd places.
    """
    return [
        [(piece, index % 2 == 1) for index, piece in enumerate(LINK.split(line)) if piece]
        for line in body.splitlines()
        if line.strip()
    ]


@bp.route("/profil", methods=["GET", "POST"])
@checks_csrf_itself
@reports_nul_itself
def profile() -> ResponseReturnValue:
    from framework.store.inbox import CitizenProfile
    from framework.store.types import utcnow

    database = _db()
    nik = signed_in_citizen()
    record = database.get(CitizenProfile, nik) or CitizenProfile(
        nik=nik, name="", email="", phone="", language="both", muted=[]
    )
    if request.method == "GET":
        return _profile_page(record, {})
    email, phone = (
        request.form.get("email", "").strip(),
        request.form.get("phone", "").replace(" ", "").replace("-", ""),
    )
    language = request.form.get("language", record.language or "both")
    problems = _profile_problems(email, phone, language)
    if problems:
        refused_nul = NUL in email + phone + language  # the site's guard lets /profil through: it says where
        email, phone = shown_nul(email), shown_nul(phone)  # kept, the NUL shown as U+FFFD
        shown = CitizenProfile(
            nik=nik, email=email, phone=phone, language=language, muted=request.form.getlist("muted")
        )
        return _profile_page(shown, problems, 422 if refused_nul else 400)
    phone = "+62" + phone[phone.index("8") :] if phone else ""  # one form, as the forms store a mobile
    record.email, record.phone, record.language, record.updated_at = email, phone, language, utcnow()
    record.muted = [channel for channel in request.form.getlist("muted") if channel in MUTABLE_CHANNELS]
    database.merge(record)
    database.commit()
    flash(_("Profil tersimpan."))  # on a slow phone, the only sign it worked (else it is sent again)
    return redirect(url_for(".profile"))


def _profile_problems(email: str, phone: str, language: str) -> dict[str, list[str]]:
    """What is wrong with the typed contacts, by input name (an expired form is said at the top)."""
    from framework.services.notifications import LANGUAGE_CHOICES
    from framework.web.site import language as shown_in

    problems: dict[str, list[str]] = {} if csrf_ok() else {"": [str(EXPIRED)]}
    typed = {"email": email, "phone": phone, "language": language}
    problems.update({name: [NUL_MESSAGE.get(shown_in())] for name, value in typed.items() if NUL in value})
    if language not in LANGUAGE_CHOICES and "language" not in problems:
        problems["language"] = [_("Pilih bahasa pemberitahuan dari daftar.")]
    if email and (len(email) > EMAIL_MAX_LENGTH or not EMAIL.match(email)) and "email" not in problems:
        problems["email"] = [_("Alamat email tidak sah; contoh: nama@contoh.id.")]
    if phone and not re.match(PHONE_PATTERN, phone) and "phone" not in problems:
        # an SMS or WhatsApp goes to a mobile: the forms' own rule and words (0812…, 62812…, +62812…)
        problems["phone"] = [MESSAGES["invalid_phone"].get(shown_in())]
    return problems


def _profile_page(profile: Any, problems: dict[str, list[str]], status: int = 200) -> tuple[str, int]:
    from framework.services.notifications import LANGUAGE_CHOICES

    return render_template(
        "citizen/profile.html",
        profile=profile,
        languages=LANGUAGE_CHOICES,
        channels=MUTABLE_CHANNELS,
        channel_labels=CHANNEL_LABELS,
        by_field=problems,
        problems=error_rows(problems),
        email_max_length=EMAIL_MAX_LENGTH,
    ), status


@bp.get("/dokumen/<tracking_number>.pdf")
def product(tracking_number: str) -> ResponseReturnValue:
    """The issued product, for its applicant only (404 for anyone else: nothing to probe)."""
    from flask import Response, abort

    from framework.services.products import product_pdf
    from framework.store.models import Application

    database = _db()
    owner = database.scalar(
        select(Application.applicant_nik).where(Application.tracking_number == tracking_number[:16])
    )
    pdf = product_pdf(database, tracking_number[:16]) if owner == signed_in_citizen() else None
    if pdf is None:
        abort(404)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{tracking_number[:16]}.pdf"'},
    )


@bp.get("/pengaduan")
def complaints() -> str:
    from framework.services.complaint_answers import replies_for
    from framework.services.complaints import STATUSES
    from framework.store.complaints import Complaint
    from framework.web.services import catalog

    database = _db()
    rows = list(
        database.scalars(
            select(Complaint).where(Complaint.citizen_nik == signed_in_citizen()).order_by(Complaint.id.desc())
        )
    )
    replies = replies_for(database, [row.id for row in rows if row.reply])
    specs = catalog().specs
    titles = {row.service_id: specs[row.service_id].title for row in rows if row.service_id and row.service_id in specs}
    return render_template(
        "citizen/complaints.html", complaints=rows, replies=replies, statuses=STATUSES, service_titles=titles
    )


@bp.route("/pengaduan/baru", methods=["GET", "POST"])
@checks_csrf_itself
@reports_nul_itself
def new_complaint() -> ResponseReturnValue:
    from framework.services.complaints import SUBMISSION_KEY, ComplaintError, check, file_complaint, submitted

    form = _blank_complaint()
    form["permohonan"] = request.values.get("permohonan", "")
    if request.method == "GET":
        return _complaint_page(form, {})
    fresh_key = form["kunci"]
    form.update({name: request.form.get(name, "").strip() for name in form})
    if not SUBMISSION_KEY.match(form["kunci"]):
        form["kunci"] = fresh_key  # the files kept across a refusal are found by the key the page sends again
    if not csrf_ok():
        return _complaint_page(form, {"": [str(EXPIRED)]}, 400)
    if submitted(_db(), _citizen(), form["kunci"]) is not None:
        return redirect(url_for(".complaints"))  # the same form sent again: filed once already
    storage = storage_for(current_app)
    removing = request.form.get("_action", "").startswith(REMOVE)
    if removing:  # before the new files are read: the one let go makes room for them under the limit
        remove_attachment(form["kunci"], request.form["_action"], storage)
    kept = kept_attachments(form["kunci"])
    uploads, upload_errors = read_attachments(kept)
    saved = kept + [storage.save(data, info.filename) for data, info in uploads]
    keep_attachments(form["kunci"], saved)  # shown as received, and filed with the complaint once it is right
    if removing:  # files chosen in the same post are kept too (they were dropped unsaid); a removal files nothing
        return _complaint_page(form, _by_input(upload_errors), 422 if upload_errors else 200)
    event_date = _date(form["event_date"])
    data = _complaint_input(form, event_date)
    subjects = complaint_subjects()
    try:
        if event_date is None or upload_errors:
            date_errors = [] if event_date else [BAD_DATE if form["event_date"] else NO_DATE]
            raise ComplaintError(date_errors + upload_errors + check(data, subjects=subjects))
        filed = file_complaint(_db(), _citizen(), replace(data, attachments=saved), subjects=subjects)
    except ComplaintError as exc:
        return _complaint_page(form, _by_input(exc.errors), 422)
    keep_attachments(form["kunci"], [])
    filed_keys = {item.get("key") for item in filed.attachments if isinstance(item, dict)}
    for item in saved:
        if item.key not in filed_keys:
            storage.delete(item.key)  # a concurrent double submit: the first one's files are the complaint's
    flash(_("Pengaduan %(reference)s terkirim; statusnya tampil di daftar ini.", reference=filed.reference))
    return redirect(url_for(".complaints"))


def _complaint_input(form: dict[str, str], event_date: dt.date | None) -> ComplaintInput:
    return ComplaintInput(
        title=form["title"],
        narrative=form["narrative"],
        event_date=event_date or dt.date.today(),
        place=form["place"],
        category=form["category"],
        tracking_number=form["permohonan"] or None,
        service_id=form["layanan"] or None,
        region=form["wilayah"] or None,
        anonymous=bool(form["anonymous"]),
        confidential=bool(form["confidential"]),
        submission_key=form["kunci"] or None,
    )


SUBJECTS = "mpp.complaint_subjects"  # app.extensions: (the catalog they were read from, ComplaintSubjects)


def complaint_subjects() -> ComplaintSubjects:
    """The services a citizen browses and the kabupaten/kota, from the live catalog: what a complaint may name.

    Built again only when the catalog changed (a publication), not on every complaint page and filing.
    """
    from framework.forms.regions import region_table
    from framework.web.services import catalog, definitions_dir

    current = catalog()
    cached = current_app.extensions.get(SUBJECTS)
    if cached is None or cached[0] is not current:
        services = {spec.id: spec.title for spec in current.national()}
        cached = (current, ComplaintSubjects(services, _regencies(region_table(definitions_dir()))))
        current_app.extensions[SUBJECTS] = cached
    return cached[1]


@functools.cache
def _regencies(table: RegionTable) -> dict[str, str]:
    """Code → name of every kabupaten/kota, by name; once per table (each is read once per process)."""
    regencies = [r for r in table.by_code.values() if r.level == "regency"]
    return {r.code: r.name for r in sorted(regencies, key=lambda r: r.name)}


# the complaint form's inputs; the service names the application `tracking_number`, the form `permohonan`
COMPLAINT_INPUTS = (
    "permohonan",
    "layanan",
    "wilayah",
    "category",
    "title",
    "narrative",
    "event_date",
    "place",
    "anonymous",
    "confidential",
    "kunci",
)
INPUT_OF = {"tracking_number": "permohonan", "service_id": "layanan", "region": "wilayah"}


def _by_input(errors: list[FieldError]) -> dict[str, list[str]]:
    """The service's errors by the form's input names, in the citizen's language."""
    from framework.web.site import language

    found: dict[str, list[str]] = {}
    for error in errors:
        found.setdefault(INPUT_OF.get(error.field, error.field), []).append(error.message.get(language()))
    return found


@bp.errorhandler(429)
def _too_many(exc: Exception) -> ResponseReturnValue:
    """A complaint refused by its rate limit comes back with what was typed, not as a bare page that lost it.

    Why: the limit counts every try, refused ones too, so a citizen fixing
    a few mistakes in a minute reached it with a long complaint typed.
    """
    from framework.web.errors import error_page

    if request.endpoint != "citizen.new_complaint" or request.method != "POST":
        return error_page(exc)  # type: ignore[arg-type]
    form = _blank_complaint() | {name: typed.strip() for name in COMPLAINT_INPUTS if (typed := request.form.get(name))}
    waiting = _(
        "Terlalu banyak pengaduan dikirim dalam waktu singkat. Tunggu satu menit, lalu kirim lagi: "
        "isian Anda tetap di bawah ini."
    )
    return _complaint_page(form, {"": [waiting]}, 429)


def _blank_complaint() -> dict[str, str]:
    """A new complaint form: nothing typed, a complaint (not an aspiration), and the key that files it once."""
    return dict.fromkeys(COMPLAINT_INPUTS, "") | {"category": "pengaduan", "kunci": secrets.token_urlsafe(24)}


def _complaint_page(form: dict[str, str], problems: dict[str, list[str]], status: int = 200) -> tuple[str, int]:
    from framework.services.complaints import CATEGORIES

    return render_template(
        "citizen/complaint_form.html",
        form=form,
        categories=CATEGORIES,
        subjects=complaint_subjects(),
        by_field=problems,
        problems=error_rows(problems, {name: str(label) for name, label in COMPLAINT_LABELS.items()}),
        kept=kept_attachments(form["kunci"]),
        **LIMITS,
    ), status


# the complaint form's inputs as its error summary names them, in the page's order
COMPLAINT_LABELS = {
    "permohonan": _l("Nomor permohonan"),
    "layanan": _l("Layanan"),
    "wilayah": _l("Kabupaten/kota"),
    "category": _l("Jenis"),
    "title": _l("Judul"),
    "narrative": _l("Isi laporan"),
    "event_date": _l("Tanggal kejadian"),
    "place": _l("Tempat kejadian"),
    "lampiran": _l("Lampiran"),
}


NO_DATE = field_error(
    "event_date",
    "date",
    "Tanggal kejadian wajib diisi, mis. 17-08-2026",
    "The date of the event is required, e.g. 17-08-2026",
)
BAD_DATE = field_error(
    "event_date",
    "date",
    "Tanggal kejadian tidak terbaca: tulis tanggal-bulan-tahun, mis. 17-08-2026",
    "The date of the event cannot be read: write day-month-year, e.g. 17-08-2026",
)


def _date(text: str) -> dt.date | None:
    """The date as the application forms take it (`17-08-2024`, `17/08/2024`, a date picker's ISO value)."""
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


LIMITS = {"max_files": MAX_ATTACHMENTS, "max_mb": int(ATTACHMENT.max_mb)}
