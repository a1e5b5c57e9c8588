"""Validating one submission: the generated form against a hand-written WTForms form.

Both forms ask the plain fields of the reference example (NIK, names, choices,
a date, a regency, a yes/no, a declaration) and validate the same posted
data. The hand-written form is what a developer would write per service
(``class BirthForm(Form)`` with ``DataRequired``, ``Length``, ``AnyOf`` and a
NIK check); the generated one is ``BaseForm`` over the unbound fields the
type table builds (built once per page and language, as the portal does).
The JSON path (``validate_answers`` on the whole application) is reported
alongside. Goal: generated ≥ 0.8× the hand-written speed.

Usage: ``python benchmarks/run.py forms [--count=N] [--repeat=N]``
or ``python benchmarks/bench_forms.py``.
"""

from __future__ import annotations

import sys
import tempfile
import timeit
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from stdnum.exceptions import ValidationError as StdnumError  # noqa: E402
from stdnum.id import nik as stdnum_nik  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402
from wtforms import BooleanField, DateField, Form, RadioField, StringField  # noqa: E402
from wtforms.form import BaseForm  # noqa: E402
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError  # noqa: E402

from framework.forms.compile import unbound_field  # noqa: E402
from framework.forms.regions import region_table  # noqa: E402
from framework.forms.validation import validate_answers  # noqa: E402

POSTED = MultiDict(
    {
        "nik_pemohon": "7306010101900001",
        "nama_pemohon": "Budi Santoso",
        "hubungan": "ayah",
        "nama_anak": "Sari",
        "jenis_kelamin": "PEREMPUAN",
        "tanggal_lahir": "2024-03-01",
        "tempat_lahir": "73.06",
        "kembar": "tidak",
        "nik_ibu": "7306014501900002",
        "nama_ibu": "Siti Aminah",
        "pernyataan": "y",
    }
)
ANSWERS = {
    "nik_pemohon": "7306010101900001",
    "nama_pemohon": "Budi Santoso",
    "hubungan": "ayah",
    "nama_anak": "Sari",
    "jenis_kelamin": "PEREMPUAN",
    "tanggal_lahir": "2024-03-01",
    "tempat_lahir": "73.06",
    "kembar": False,
    "nik_ibu": "7306014501900002",
    "nama_ibu": "Siti Aminah",
    "pernyataan": True,
}


def valid_nik(form: Form, field: StringField) -> None:
    try:
        stdnum_nik.validate(field.data or "")
    except StdnumError:
        raise ValidationError("NIK tidak sah.") from None


def known_regency(form: Form, field: StringField) -> None:
    if not region_table().accepts(field.data or "", "regency"):
        raise ValidationError("Pilih kabupaten/kota.")


class BirthForm(Form):
    """The hand-written form a developer would write for the reference example."""

    nik_pemohon = StringField("NIK Pemohon", [Optional(), valid_nik])
    nama_pemohon = StringField("Nama Pemohon", [Optional(), Length(max=200)])
    hubungan = RadioField(
        "Hubungan", choices=[("ayah", "Ayah"), ("ibu", "Ibu"), ("wali", "Wali")], validators=[InputRequired()]
    )
    nama_anak = StringField("Nama Anak", [DataRequired(), Length(max=100)])
    jenis_kelamin = RadioField(
        "Jenis Kelamin", choices=[("LAKI-LAKI", "Laki-laki"), ("PEREMPUAN", "Perempuan")], validators=[InputRequired()]
    )
    tanggal_lahir = DateField("Tanggal Lahir", [DataRequired()])
    tempat_lahir = StringField("Tempat Lahir", [DataRequired(), known_regency])
    kembar = RadioField(
        "Kembar?", choices=[("ya", "Ya"), ("tidak", "Tidak")], validators=[Optional(), AnyOf(["ya", "tidak"])]
    )
    nik_ibu = StringField("NIK Ibu", [DataRequired(), valid_nik])
    nama_ibu = StringField("Nama Ibu", [Optional(), Length(max=200)])
    pernyataan = BooleanField("Pernyataan", [DataRequired()])


def reference_spec():
    sys.path.insert(0, str(PROJECT / "tests"))
    from mpp_testing import REFERENCE_EXAMPLE, load_test_catalog

    return load_test_catalog(Path(tempfile.mkdtemp(prefix="bench-forms-")), REFERENCE_EXAMPLE).specs[
        "adminduk.akta-kelahiran"
    ]


def generated_fields(spec) -> list:
    return [(item.id, unbound_field(item)) for page in spec.pages for item in page.fields if not item.is_group]


def _generated_validate(fields: list, posted: MultiDict) -> bool:
    form = BaseForm(fields)
    form.process(posted)
    return form.validate()


def run(options: list[str]) -> None:
    count = next((int(o.split("=", 1)[1]) for o in options if o.startswith("--count=")), 2000)
    repeat = next((int(o.split("=", 1)[1]) for o in options if o.startswith("--repeat=")), 5)
    spec = reference_spec()
    fields = generated_fields(spec)

    def hand_written() -> bool:
        return BirthForm(POSTED).validate()

    def generated() -> bool:
        return _generated_validate(fields, POSTED)

    def json_path() -> bool:
        return not validate_answers(spec, ANSWERS, pages={"pemohon", "anak", "orang_tua"}).errors

    for check in (hand_written, generated, json_path):
        assert check(), f"{check.__name__} refused the valid submission"
    bad = MultiDict({**POSTED.to_dict(), "nik_ibu": "7306017301900002", "nama_anak": "x" * 101})
    assert not BirthForm(bad).validate() and not _generated_validate(fields, bad), (
        "both forms must refuse a bad submission"
    )
    timings = {
        check.__name__: min(timeit.repeat(check, number=count, repeat=repeat)) / count
        for check in (hand_written, generated, json_path)
    }
    print(f"one valid submission of the reference example ({len(fields)} fields), best of {repeat} × {count}:")
    for name, seconds in timings.items():
        print(f"- {name:<13} {seconds * 1e6:8.1f} µs")
    ratio = timings["hand_written"] / timings["generated"]
    print(f"\ngenerated form speed = {ratio:.2f}× the hand-written form (goal ≥ 0.8×)")


if __name__ == "__main__":
    run(sys.argv[1:])
