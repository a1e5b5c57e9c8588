"""The birth certificate's parents: a woman's NIK typed twice made her the child's father (akta-kelahiran v3 on)."""

from __future__ import annotations

from framework.forms import validate_answers

MOTHER, FATHER = "7306014501900002", "7306010501900002"


def _nik_ayah_errors(bundled, **answers):
    spec = bundled.specs["adminduk.akta-kelahiran"]
    found = validate_answers(spec, {"status_perkawinan_orang_tua": "TERCATAT", **answers}, pages={"orang_tua"})
    return [(error.field, error.message.en) for error in found.errors if error.field == "nik_ayah"]


def test_the_fathers_nik_cannot_be_the_mothers(bundled):
    [(field, message)] = _nik_ayah_errors(bundled, nik_ibu=MOTHER, nik_ayah=MOTHER)
    assert field == "nik_ayah" and message.startswith("The father's NIK cannot be the mother's NIK")
    assert _nik_ayah_errors(bundled, nik_ibu=MOTHER, nik_ayah=FATHER) == []
