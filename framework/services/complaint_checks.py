"""What a complaint must hold before it is filed: every problem at once, each named by its field.

Split from `framework.services.complaints` (which re-exports these names) so
the rules of the input stay in one small place. Text is judged by what a
reader sees: a title of zero-width spaces is empty (`visible`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from framework.core.errors import FieldError, field_error, nul_errors
from framework.core.patterns import whole_text
from framework.core.text import Text
from framework.core.visible import visible
from framework.forms.regions import CODE_PATTERNS
from framework.storage import UploadInfo

# SP4N-LAPOR! report types
CATEGORIES: dict[str, Text] = {
    "pengaduan": Text("Pengaduan", "Complaint"),
    "aspirasi": Text("Aspirasi", "Aspiration"),
    "permintaan-informasi": Text("Permintaan informasi", "Information request"),
}
TITLE_MAX, NARRATIVE_MIN, NARRATIVE_MAX, PLACE_MAX = 150, 20, 5000, 200
EVENT_YEARS_BACK = 5  # an older event is no longer a matter for a complaint about a service
SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}\Z")
REGENCY_CODE = whole_text(CODE_PATTERNS["regency"])  # a kabupaten/kota, Kemendagri's dotted code
SERVICE_ID_MAX = 120


@dataclass(frozen=True)
class ComplaintInput:
    title: str
    narrative: str
    event_date: dt.date
    place: str
    category: str = "pengaduan"
    tracking_number: str | None = None
    service_id: str | None = None
    attachments: Sequence[UploadInfo] = field(default_factory=tuple)
    anonymous: bool = False
    confidential: bool = False
    region: str | None = None  # the kabupaten/kota concerned, for a complaint about a service (no application)
    submission_key: str | None = None  # the form's one-time key: sent twice, it files one complaint


@dataclass(frozen=True)
class ComplaintSubjects:
    """What a complaint about a service may name: the offered services and the kabupaten/kota (code → name)."""

    services: Mapping[str, Text]
    regions: Mapping[str, str]


def check(
    data: ComplaintInput, today: dt.date | None = None, subjects: ComplaintSubjects | None = None
) -> list[FieldError]:
    """Every problem of the input at once; ``subjects``: the catalog to check a named service and region against."""
    today = today or dt.date.today()
    texts = {"title": data.title, "narrative": data.narrative, "place": data.place, "category": data.category}
    texts.update({"tracking_number": data.tracking_number or "", "service_id": data.service_id or ""})
    texts.update({"region": data.region or "", "submission_key": data.submission_key or ""})
    errors: list[FieldError] = nul_errors(texts)
    errors += _title_errors(data.title) + _narrative_errors(data.narrative) + _date_errors(data.event_date, today)
    errors += _place_errors(data.place)
    if data.category not in CATEGORIES:
        errors.append(
            field_error(
                "category",
                "category",
                "Pilih kategori: " + ", ".join(name.id for name in CATEGORIES.values()),
                "Choose a category: " + ", ".join(name.get("en") for name in CATEGORIES.values()),
            )
        )
    return errors + _subject_errors(data, subjects)


def _title_errors(title: str) -> list[FieldError]:
    if visible(title) and len(title.strip()) <= TITLE_MAX:
        return []
    return [
        field_error(
            "title",
            "title",
            f"Judul wajib diisi, paling banyak {TITLE_MAX} karakter",
            f"A title of at most {TITLE_MAX} characters is required",
        )
    ]


def _narrative_errors(narrative: str) -> list[FieldError]:
    if len(visible(narrative)) < NARRATIVE_MIN:
        return [
            field_error(
                "narrative",
                "narrative",
                f"Ceritakan kejadiannya (paling sedikit {NARRATIVE_MIN} karakter)",
                f"Describe what happened (at least {NARRATIVE_MIN} characters)",
            )
        ]
    if len(narrative.strip()) > NARRATIVE_MAX:
        return [
            field_error(
                "narrative",
                "narrative_too_long",
                f"Isi laporan paling banyak {NARRATIVE_MAX} karakter; ringkas ceritanya atau lampirkan berkas",
                f"The narrative has at most {NARRATIVE_MAX} characters; shorten it or attach a file",
            )
        ]
    return []


def _date_errors(event_date: dt.date, today: dt.date) -> list[FieldError]:
    if event_date > today:
        return [
            field_error(
                "event_date",
                "future_date",
                "Tanggal kejadian tidak boleh di masa depan",
                "The date of the event cannot be in the future",
            )
        ]
    earliest = _years_before(today, EVENT_YEARS_BACK)
    if event_date < earliest:
        return [
            field_error(
                "event_date",
                "too_old",
                f"Tanggal kejadian paling lama {EVENT_YEARS_BACK} tahun yang lalu ({earliest.isoformat()})",
                f"The date of the event is at most {EVENT_YEARS_BACK} years ago ({earliest.isoformat()})",
            )
        ]
    return []


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _place_errors(place: str) -> list[FieldError]:
    if not visible(place):
        return [field_error("place", "place", "Tempat kejadian wajib diisi", "The place of the event is required")]
    if len(place.strip()) > PLACE_MAX:
        return [
            field_error(
                "place",
                "place_too_long",
                f"Tempat kejadian paling banyak {PLACE_MAX} karakter",
                f"The place of the event has at most {PLACE_MAX} characters",
            )
        ]
    return []


def _subject_errors(data: ComplaintInput, subjects: ComplaintSubjects | None) -> list[FieldError]:
    """An application, or a service of the catalog in a kabupaten/kota: else no officer would ever read it."""
    if data.tracking_number:
        return []
    if not data.service_id:
        return [
            field_error(
                "tracking_number",
                "no_subject",
                "Sebutkan permohonan atau layanan yang diadukan",
                "Name the application or the service concerned",
            )
        ]
    errors = []
    if len(data.service_id) > SERVICE_ID_MAX or (subjects is not None and data.service_id not in subjects.services):
        errors.append(
            field_error(
                "service_id",
                "unknown_service",
                "Layanan tidak dikenal; pilih layanan dari daftar",
                "Unknown service; choose one from the list",
            )
        )
    if (
        not data.region
        or not REGENCY_CODE.match(data.region)
        or (subjects is not None and data.region not in subjects.regions)
    ):
        errors.append(
            field_error(
                "region",
                "region",
                "Pilih kabupaten/kota tempat layanan itu diberikan",
                "Choose the regency or city where the service is given",
            )
        )
    return errors
