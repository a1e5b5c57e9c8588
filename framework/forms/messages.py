"""The bilingual error messages of answer validation, one per stable code.

The code is the contract (API clients switch on it); the message is for
people. Both the HTML form and the JSON API take their messages from here,
so a citizen reads the same sentence whichever door they came through.
"""

from __future__ import annotations

from typing import Any

from framework.core.text import Text

MESSAGES: dict[str, Text] = {
    "required": Text("Wajib diisi.", "This field is required."),
    "not_in_registry": Text(
        "{source} tidak memiliki data ini untuk Anda (atau sedang tidak dapat dihubungi), dan isian ini tidak dapat "
        "diketik sendiri. Coba lagi nanti, atau perbarui data Anda di {source}.",
        "{source} has no record of this for you (or cannot be reached now), and it cannot be typed in. Try again "
        "later, or have your data updated in {source}.",
    ),
    "required_document": Text("Dokumen ini wajib diunggah.", "This document is required."),
    "unknown_field": Text("Isian ini tidak dikenal oleh layanan ini.", "This service has no such field."),
    "type": Text("Jenis nilai salah: harus {expected}.", "Wrong kind of value: expected {expected_en}."),
    "invalid_integer": Text("Masukkan bilangan bulat, misalnya 3.", "Enter a whole number, for example 3."),
    "invalid_decimal": Text("Masukkan angka, misalnya 2,5.", "Enter a number, for example 2.5."),
    "invalid_date": Text(
        "Masukkan tanggal yang ada di kalender, ditulis {format}, misalnya {example}.",
        "Enter a real date, written {format_en}, for example {example}.",
    ),
    "invalid_email": Text(
        "Masukkan alamat email yang benar, misalnya nama@contoh.id.",
        "Enter a valid email address, like name@example.id.",
    ),
    "invalid_phone": Text(
        "Masukkan nomor ponsel Indonesia, misalnya 081234567890.",
        "Enter an Indonesian mobile number, like 081234567890.",
    ),
    "invalid_nik": Text(
        "NIK harus 16 angka dengan kode wilayah dan tanggal lahir yang benar.",
        "A NIK is 16 digits with a valid region code and date of birth.",
    ),
    "invalid_kk": Text(
        "Nomor KK harus 16 angka diawali kode wilayah yang benar.",
        "A family card number is 16 digits starting with a valid region code.",
    ),
    "invalid_region": Text("Pilih wilayah dari daftar.", "Choose a region from the list."),
    "region_level": Text("Pilih sampai tingkat {level}.", "Choose down to the {level_en} level."),
    "choice": Text("Pilih salah satu pilihan yang tersedia.", "Choose one of the options given."),
    "declaration": Text("Centang pernyataan ini untuk melanjutkan.", "Tick this statement to continue."),
    "too_short": Text("Paling sedikit {min_length} karakter.", "Use at least {min_length} characters."),
    "too_long": Text("Paling banyak {max_length} karakter.", "Use at most {max_length} characters."),
    "min": Text("Paling kecil {min}.", "Must be {min} or more."),
    "max": Text("Paling besar {max}.", "Must be {max} or less."),
    "pattern": Text("Formatnya tidak sesuai.", "The format is not right."),
    "min_items": Text("Isi paling sedikit {min} baris.", "Add at least {min} {entries}."),
    "max_items": Text("Paling banyak {max} baris.", "Add at most {max} {entries}."),
    "file_type": Text(
        "Jenis berkas tidak diterima; gunakan {accept}.", "This file type is not accepted; use {accept}."
    ),
    "file_size": Text(
        "Berkas terlalu besar; paling besar {max_mb} MB.", "The file is too big; the limit is {max_mb} MB."
    ),
    "file_empty": Text("Berkas kosong.", "The file is empty."),
    "document_not_asked": Text(
        "Dokumen ini tidak diminta untuk jawaban yang diberikan; jangan kirim dokumen ini.",
        "This document is not asked for with the answers given; do not send it.",
    ),
}

# How a date is written where it was typed: the JSON API takes ISO dates only; the portal's text box
# shows and accepts day-month-year (its hint says so), and the message must say the same as the hint.
ISO_DATE = {"format": "TTTT-BB-HH", "format_en": "YYYY-MM-DD", "example": "2024-08-17"}
TYPED_DATE = {"format": "tanggal-bulan-tahun", "format_en": "day-month-year", "example": "17-08-2024"}

LEVEL_NAMES: dict[str, Text] = {
    "province": Text("provinsi", "province"),
    "regency": Text("kabupaten/kota", "regency/city"),
    "district": Text("kecamatan", "district"),
    "village": Text("desa/kelurahan", "village"),
}


def message(code: str, **params: Any) -> Text:
    """The message for ``code`` with ``params`` filled in, in both languages."""
    template = MESSAGES[code]
    english = template.en or template.id
    count = params.get("min", params.get("max"))
    params = {**params, "entries": "entry" if count == 1 else "entries"}  # English counts; Indonesian does not
    return Text(template.id.format(**params), english.format(**params))
