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
import re
from dataclasses import replace

from flask import Blueprint, Flask, current_app, redirect, request, url_for
from sqlalchemy import select

from framework.core.errors import FieldError, field_error
from framework.services.complaints import ATTACHMENT, MAX_ATTACHMENTS
from framework.storage import UploadInfo, describe, storage_for
from framework.web.signin import signed_in_citizen
from framework.web.simple_pages import EXPIRED, csrf_field, csrf_ok, page

bp = Blueprint("citizen", __name__)
MUTABLE_CHANNELS = ("email", "sms", "whatsapp")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9]{8,15}$")


def register(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.before_request
def _signed_in():  # type: ignore[no-untyped-def]
    if not signed_in_citizen():
        return redirect(f"/masuk/ikd?next={request.full_path.rstrip('?')}")
    return None


def _db():  # type: ignore[no-untyped-def]
    from framework.web.database import db_session

    return db_session()


INBOX = """{% if messages %}<ul>{% for m in messages %}<li><strong>{{ m.subject }}</strong>
<small>{{ m.created_at|waktu }}</small><br>{{ m.body }}</li>{% endfor %}</ul>
{% else %}<p>Belum ada pesan. <span lang="en">No messages yet.</span></p>{% endif %}"""


@bp.get("/kotak-masuk")
def inbox():  # type: ignore[no-untyped-def]
    from framework.store.inbox import InboxMessage
    from framework.store.types import utcnow

    database = _db()
    messages = list(
        database.scalars(
            select(InboxMessage)
            .where(InboxMessage.citizen_nik == signed_in_citizen())
            .order_by(InboxMessage.id.desc())
            .limit(100)
        )
    )
    for message in messages:
        message.read_at = message.read_at or utcnow()
    database.commit()
    return page("Kotak masuk / Inbox", INBOX, messages=messages)


PROFILE = """<form method="post">{{ csrf|safe }}
<label>Email <input type="email" name="email" value="{{ profile.email }}" autocomplete="email"></label>
<label>Nomor telepon <span lang="en">/ Phone</span> <input type="tel" name="phone" value="{{ profile.phone }}" autocomplete="tel"></label>
<fieldset><legend>Jangan kirimi saya lewat <span lang="en">/ Do not notify me by</span></legend>
{% for channel in channels %}<label><input type="checkbox" name="muted" value="{{ channel }}" {% if channel in profile.muted %}checked{% endif %}> {{ channel }}</label>{% endfor %}
</fieldset><p><small>Kotak masuk selalu aktif. <span lang="en">The inbox is always on.</span></small></p>
<button type="submit">Simpan <span lang="en">/ Save</span></button></form>"""


@bp.route("/profil", methods=["GET", "POST"])
def profile():  # type: ignore[no-untyped-def]
    from framework.store.inbox import CitizenProfile
    from framework.store.types import utcnow

    database = _db()
    nik = signed_in_citizen()
    record = database.get(CitizenProfile, nik) or CitizenProfile(
        nik=nik, name="", email="", phone="", language="id", muted=[]
    )
    if request.method == "GET":
        return page("Profil / Profile", PROFILE, profile=record, channels=MUTABLE_CHANNELS, csrf=csrf_field())
    email, phone = (
        request.form.get("email", "").strip(),
        request.form.get("phone", "").replace(" ", "").replace("-", ""),
    )
    problems = [] if csrf_ok() else [EXPIRED]
    problems += [] if not email or EMAIL.match(email) else ["Alamat email tidak sah. / Invalid email address."]
    problems += (
        []
        if not phone or PHONE.match(phone)
        else ["Nomor telepon: 8–15 angka, boleh diawali +. / Phone: 8–15 digits, optionally starting with +."]
    )
    if problems:
        shown = CitizenProfile(nik=nik, email=email, phone=phone, muted=request.form.getlist("muted"))
        return page(
            "Profil / Profile",
            PROFILE,
            " ".join(problems),
            400,
            profile=shown,
            channels=MUTABLE_CHANNELS,
            csrf=csrf_field(),
        )
    record.email, record.phone, record.updated_at = email, phone, utcnow()
    record.muted = [channel for channel in request.form.getlist("muted") if channel in MUTABLE_CHANNELS]
    database.merge(record)
    database.commit()
    return redirect(url_for(".profile"))


@bp.get("/dokumen/<tracking_number>.pdf")
def product(tracking_number: str):  # type: ignore[no-untyped-def]
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


COMPLAINTS = """<p><a href="{{ url_for('citizen.new_complaint') }}">Buat pengaduan <span lang="en">/ File a complaint</span></a></p>
{% if complaints %}<ul>{% for c in complaints %}<li><strong>{{ c.reference }}</strong> — {{ c.title }}
{% if c.tracking_number %}(permohonan {{ c.tracking_number }}){% endif %}: {{ statuses[c.status].id }} <span lang="en">/ {{ statuses[c.status].en }}</span>
{% if c.reply %}<br>Tanggapan <span lang="en">/ Reply</span>: {{ c.reply }}{% endif %}</li>{% endfor %}</ul>
{% else %}<p>Belum ada pengaduan. <span lang="en">No complaints yet.</span></p>{% endif %}"""


@bp.get("/pengaduan")
def complaints():  # type: ignore[no-untyped-def]
    from framework.services.complaints import STATUSES
    from framework.store.complaints import Complaint

    rows = _db().scalars(
        select(Complaint).where(Complaint.citizen_nik == signed_in_citizen()).order_by(Complaint.id.desc())
    )
    return page("Pengaduan saya / My complaints", COMPLAINTS, complaints=list(rows), statuses=STATUSES)


COMPLAINT_FORM = """<p>Pengaduan diteruskan ke SP4N-LAPOR!. <span lang="en">Complaints are forwarded to SP4N-LAPOR!.</span></p>
{% if errors %}<ul class="error">{% for e in errors %}<li>{{ e.message.id }} <span lang="en">/ {{ e.message.en }}</span></li>{% endfor %}</ul>{% endif %}
<form method="post" enctype="multipart/form-data">{{ csrf|safe }}
<label>Nomor permohonan <span lang="en">/ Tracking number</span><input type="text" name="permohonan" value="{{ form.permohonan }}"></label>
<label>Atau layanan <span lang="en">/ Or service</span><input type="text" name="layanan" value="{{ form.layanan }}"></label>
<label>Jenis <span lang="en">/ Type</span><select name="category">{% for code, text in categories.items() %}
<option value="{{ code }}" {% if form.category == code %}selected{% endif %}>{{ text.id }} / {{ text.en }}</option>{% endfor %}</select></label>
<label>Judul <span lang="en">/ Title</span><input type="text" name="title" maxlength="150" required value="{{ form.title }}"></label>
<label>Isi laporan <span lang="en">/ What happened</span><textarea name="narrative" rows="6" required>{{ form.narrative }}</textarea></label>
<label>Tanggal kejadian <span lang="en">/ Date</span><input type="date" name="event_date" required value="{{ form.event_date }}"></label>
<label>Tempat kejadian <span lang="en">/ Place</span><input type="text" name="place" required value="{{ form.place }}"></label>
<label>Lampiran (PDF, JPG atau PNG; paling banyak {{ max_files }} berkas, masing-masing {{ max_mb }} MB) <span lang="en">/ Attachments (PDF, JPG or PNG; at most {{ max_files }} files of {{ max_mb }} MB)</span>
<input type="file" name="lampiran" multiple accept=".pdf,.jpg,.jpeg,.png"></label>
<label><input type="checkbox" name="anonymous" value="1" {% if form.anonymous %}checked{% endif %}> Anonim: identitas saya tidak diteruskan <span lang="en">/ Anonymous: my identity is not forwarded</span></label>
<label><input type="checkbox" name="confidential" value="1" {% if form.confidential %}checked{% endif %}> Rahasia: isi laporan tidak dipublikasikan <span lang="en">/ Confidential: the report is not published</span></label>
<button type="submit">Kirim <span lang="en">/ Send</span></button></form>"""


@bp.route("/pengaduan/baru", methods=["GET", "POST"])
def new_complaint():  # type: ignore[no-untyped-def]
    from framework.services.complaints import (
        CATEGORIES,
        ComplaintError,
        ComplaintInput,
        attachment_record,
        check,
        file_complaint,
    )

    form = {
        "permohonan": request.values.get("permohonan", ""),
        "layanan": "",
        "category": "pengaduan",
        "title": "",
        "narrative": "",
        "event_date": "",
        "place": "",
        "anonymous": "",
        "confidential": "",
    }
    if request.method == "GET":
        return page(
            "Buat pengaduan / File a complaint",
            COMPLAINT_FORM,
            form=form,
            categories=CATEGORIES,
            errors=[],
            csrf=csrf_field(),
            **LIMITS,
        )
    form.update({name: request.form.get(name, "").strip() for name in form})
    if not csrf_ok():
        return page(
            "Buat pengaduan / File a complaint",
            COMPLAINT_FORM,
            EXPIRED,
            400,
            form=form,
            categories=CATEGORIES,
            errors=[],
            csrf=csrf_field(),
            **LIMITS,
        )
    event_date = _date(form["event_date"])
    data = ComplaintInput(
        title=form["title"],
        narrative=form["narrative"],
        event_date=event_date or dt.date.today(),
        place=form["place"],
        category=form["category"],
        tracking_number=form["permohonan"] or None,
        service_id=form["layanan"] or None,
        anonymous=bool(form["anonymous"]),
        confidential=bool(form["confidential"]),
    )
    uploads, upload_errors = _read_attachments()
    storage = storage_for(current_app)
    saved = [attachment_record(storage.save(data, info.filename)) for data, info in uploads]
    try:
        if event_date is None or upload_errors:
            raise ComplaintError(([] if event_date else [NO_DATE]) + upload_errors + check(data))
        file_complaint(_db(), signed_in_citizen(), replace(data, attachments=saved))
    except ComplaintError as exc:
        for item in saved:
            storage.delete(item["key"])  # nothing half-written
        return page(
            "Buat pengaduan / File a complaint",
            COMPLAINT_FORM,
            status=422,
            form=form,
            categories=CATEGORIES,
            errors=exc.errors,
            csrf=csrf_field(),
            **LIMITS,
        )
    return redirect(url_for(".complaints"))


NO_DATE = field_error(
    "event_date",
    "date",
    "Tanggal kejadian wajib diisi (TTTT-BB-HH)",
    "The date of the event is required (YYYY-MM-DD)",
)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


LIMITS = {"max_files": MAX_ATTACHMENTS, "max_mb": int(ATTACHMENT.max_mb)}


def _read_attachments() -> tuple[list[tuple[bytes, UploadInfo]], list[FieldError]]:
    """Each attachment's bytes (read at most one byte past the limit) and description, or the errors.

    The same checks as an application's documents: the kind judged by the
    bytes, the size, a sanitised name (framework.storage.describe).
    """
    from framework.services.complaints import attachment_errors

    files = [upload for upload in request.files.getlist("lampiran") if upload.filename]
    read = [upload.read(ATTACHMENT.max_bytes + 1) for upload in files[: MAX_ATTACHMENTS + 1]]
    described = [(data, describe(data, str(upload.filename))) for data, upload in zip(read, files, strict=False)]
    errors = attachment_errors([info for _data, info in described])
    return ([], errors) if errors else (described, [])
