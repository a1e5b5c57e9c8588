"""Messages that fix themselves: for each mistake the author's trial found, what to write instead.

`wajib: ya` (Indonesian for `required: true`), `region: 73.06` (YAML reads a
number), `fee: gratis`, a role with a space, `SP4N-LAPOR` for the channel
`lapor`, `3.000.000` with thousand separators, and YAML's own English
("mapping values are not allowed here"): each is a table row here, looked
up only when a problem is already found, so a valid file pays nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from difflib import get_close_matches
from typing import Any

from framework.core.text import EMPTY, Text, msg
from framework.expressions.hints import THOUSANDS, without_separators

# An Indonesian word an author writes for a key of the language → the key (the first of ALSO_MEANT's keys that
# is allowed where it is written, when the word means one key in one place and another elsewhere).
KEY_WORDS: dict[str, str] = {
    "wajib": "required",
    "harus_diisi": "required",
    "judul": "title",
    "nama": "title",
    "ringkasan": "summary",
    "keterangan": "hint",
    "petunjuk": "hint",
    "bantuan": "hint",
    "jenis": "type",
    "tipe": "type",
    "pilihan": "options",
    "opsi": "options",
    "kondisi": "when",
    "jika": "when",
    "bila": "when",
    "syarat_tampil": "when",
    "halaman": "pages",
    "kolom": "fields",
    "isian": "fields",
    "dokumen": "documents",
    "berkas": "documents",
    "aturan": "rules",
    "tahap": "steps",
    "tahapan": "steps",
    "langkah": "steps",
    "alur": "steps",
    "biaya": "fee",
    "tarif": "fee",
    "peran": "role",
    "wilayah": "region",
    "daerah": "region",
    "versi": "version",
    "layanan": "service",
    "sektor": "sector",
    "pesan": "message",
    "tindakan": "actions",
    "aksi": "actions",
    "minimal": "min",
    "maksimal": "max",
    "maks": "max",
    "pola": "pattern",
    "dikunci": "locked",
    "terkunci": "locked",
    "isi_otomatis": "prefill",
    "produk": "product",
    "dasar_hukum": "legal_basis",
    "persyaratan": "requirements",
    "prosedur": "procedure",
    "pengaduan": "complaints",
    "notifikasi": "notify",
    "penerbit": "issuer",
    "berulang": "repeat",
    "ulang": "repeat",
    "tingkat": "level",
    "jenis_berkas": "accept",
    "ukuran_maks": "max_mb",
    "tenggat": "on_deadline",
    "jangka_waktu": "sla",
    "waktu": "sla",
    # the events under `notify:`
    "diajukan": "submitted",
    "dikembalikan": "returned",
    "diajukan_ulang": "resubmitted",
    "disetujui": "approved",
    "diterbitkan": "issued",
    "ditolak": "rejected",
    "ditarik": "withdrawn",
    "dibatalkan": "withdrawn",
    "terlambat": "overdue",
}

# Indonesian words for true and false
BOOLEAN_WORDS: dict[str, bool] = {
    "ya": True,
    "iya": True,
    "benar": True,
    "wajib": True,
    "y": True,
    "tidak": False,
    "bukan": False,
    "salah": False,
    "t": False,
}

# what authors write for "free" where the standard wants the number 0
FREE_WORDS = frozenset({"gratis", "bebas", "free", "nol", "tidak dipungut biaya", "tanpa biaya", "-", "rp 0", "rp0"})

# what authors call a complaint channel → the plugin's id
CHANNEL_WORDS: dict[str, str] = {"sp4nlapor": "lapor", "lapor": "lapor", "sp4n": "lapor", "laporgoid": "lapor"}


def yaml_value(value: Any) -> str:
    """A value as the author would write it in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# Characters a copy from a document or a web page leaves in a key: invisible, or a space that is not one.
_INVISIBLE = re.compile("[\u00a0\u2000-\u200f\u202f\u205f\u2060\u3000\ufeff]")


# a field has a `label`, not a `title`: `judul:` or `nama:` on a field means its label
ALSO_MEANT: dict[str, tuple[str, ...]] = {"title": ("label",)}


def key_for_word(word: str, allowed: Collection[str]) -> str | None:
    """The key an Indonesian word stands for where it is written (`judul` → `title`, or `label` on a field)."""
    english = KEY_WORDS.get(word.lower().replace("-", "_").replace(" ", "_"))
    if english is None:
        return None
    return next((key for key in (english, *ALSO_MEANT.get(english, ())) if key in allowed), english)


def meant_key(written: str, allowed: Collection[str]) -> str | None:
    """The allowed key an unknown key stands for: `titel`, `judul`, `ti\u200btle` all mean `title`."""
    plain = _INVISIBLE.sub("", written).strip()
    if plain in allowed:
        return plain
    english = key_for_word(plain, allowed)
    if english in allowed:
        return english
    close = get_close_matches(plain, sorted(allowed), n=1)
    return close[0] if close else None


def unknown_key_hint(key: str, value: Any, allowed: Collection[str]) -> Text:
    """ "; did you mean `required: true`?" for `wajib: ya`; nothing when the key is no Indonesian word we know."""
    plain = _INVISIBLE.sub("", key).strip()
    if plain != key and plain in allowed:
        return msg(
            f"; kunci ini memuat karakter tak terlihat atau spasi khusus: ketik ulang `{plain}` dengan spasi biasa",
            f"; the key holds an invisible character or a special space: type `{plain}` again with ordinary spaces",
        )
    if key == "en" and "en" not in allowed:
        return msg(
            "; `en` adalah bagian teks dwibahasa: tulis sejajar dengan `id:` di bawah `label:`, `hint:` atau "
            "`title:` (periksa indentasinya)",
            "; `en` is part of a bilingual text: write it level with `id:` under `label:`, `hint:` or `title:` "
            "(check its indentation)",
        )
    if key in ("remove", "hapus", "delete") and "remove" not in allowed:
        return msg(
            "; untuk menghapus butir templat yang tidak wajib, sebut id-nya di tingkat teratas: `remove: [<id>]`",
            "; to drop an optional item of the template, name its id at the top level: `remove: [<id>]`",
        )
    english = key_for_word(key, allowed)
    if english is None or english not in allowed:
        return EMPTY
    if isinstance(value, str) and value.lower() in BOOLEAN_WORDS:
        shown = f"{english}: {yaml_value(BOOLEAN_WORDS[value.lower()])}"
    else:
        shown = english
    return msg(f"; maksud Anda `{shown}`?", f"; did you mean `{shown}`?")


# --- a value of the wrong type ------------------------------------------------------------

# Marks the value in a message so `locate` can show it exactly as written
# (`73.10` is read as the number 73.1; the message must say `"73.10"`).
WRITTEN_OPEN, WRITTEN_CLOSE = "\u27e6", "\u27e7"
_WRITTEN = re.compile(f"{WRITTEN_OPEN}([^{WRITTEN_CLOSE}]*){WRITTEN_CLOSE}")


def as_written(value: Any) -> str:
    """``value`` marked to be replaced by the source text it was read from."""
    return f"{WRITTEN_OPEN}{yaml_value(value)}{WRITTEN_CLOSE}"


def fill_written(text: Text, written: str | None) -> Text:
    """``text`` with each marked value replaced by ``written`` (or by the value itself when unknown)."""
    if WRITTEN_OPEN not in text.id and WRITTEN_OPEN not in (text.en or ""):
        return text

    def fill(part: str) -> str:
        return _WRITTEN.sub(lambda m: written if written is not None else m.group(1), part)

    return Text(fill(text.id), fill(text.en) if text.en is not None else None)


def _quote_it(key: str, value: Any) -> Text:
    if key == "sla":
        return msg(
            f"; tulis satuannya: `{key}: {yaml_value(value)}d` (hari "
            f"kerja) atau `{key}: {yaml_value(value)}h` (jam kerja)",
            f"; write its unit: `{key}: {yaml_value(value)}d` (working "
            f"days) or `{key}: {yaml_value(value)}h` (working hours)",
        )
    shown = f'{key}: "{as_written(value)}"'
    if key == "region":
        return msg(
            f"; kode wilayah adalah teks: tulis dengan tanda kutip, `{shown}`",
            f"; a region code is text: write it in quotes, `{shown}`",
        )
    return msg(f"; tulis dengan tanda kutip: `{shown}`", f"; write it in quotes: `{shown}`")


# `5.000` as a fee: one group is thousands here (no rupiah amount has a fraction), though not in a condition
RUPIAH_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _number_from_text(key: str, value: str) -> Text:
    plain = value.strip().lower()
    if key == "fee" and plain in FREE_WORDS:
        return msg(
            "; untuk layanan gratis tulis `fee: 0` (dasar hukumnya di `fee_basis`)",
            "; for a free service write `fee: 0` (its legal basis in `fee_basis`)",
        )
    digits = re.sub(r"^rp\.?\s*", "", plain)
    if THOUSANDS.fullmatch(digits) or (key == "fee" and RUPIAH_GROUPS.fullmatch(digits)):
        return msg(
            f"; tulis angka tanpa pemisah ribuan: `{key}: {without_separators(digits)}`",
            f"; write the number without thousand separators: `{key}: {without_separators(digits)}`",
        )
    if digits != plain and re.fullmatch(r"[\d.,]+", digits):
        return msg(
            f"; tulis angkanya saja, tanpa `Rp`: `{key}: {without_separators(digits)}`",
            f"; write the number alone, without `Rp`: `{key}: {without_separators(digits)}`",
        )
    unit = _UNIT.fullmatch(plain)
    if unit:  # `max_mb: 2MB`, `max: 100 tahun`: the key already says the unit
        number = unit.group(1).replace(",", ".")
        return msg(
            f"; tulis angkanya saja, tanpa satuan: `{key}: {number}`",
            f"; write the number alone, without its unit: `{key}: {number}`",
        )
    return EMPTY


_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(mb|megabyte|kb|tahun|hari|bulan|jam|orang|kali|x)")


def _boolean_from_text(key: str, value: str) -> Text:
    meant = BOOLEAN_WORDS.get(value.strip().lower())
    if meant is None:
        return EMPTY
    shown = f"{key}: {yaml_value(meant)}"
    return msg(f"; maksud Anda `{shown}`?", f"; did you mean `{shown}`?")


def wrong_type_hint(key: str | None, expected: Collection[str], value: Any) -> Text:
    """What to write instead of ``value`` for ``key``, which expects one of the JSON types ``expected``."""
    if key is None:
        return EMPTY
    if "string" in expected and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _quote_it(key, value)
    if ("number" in expected or "integer" in expected) and isinstance(value, str):
        return _number_from_text(key, value)
    if "boolean" in expected and isinstance(value, str):
        return _boolean_from_text(key, value)
    return EMPTY


# --- ids: one word of lower case letters, digits and `_` ---------------------------------


def suggested_id(text: str) -> str:
    """``Operator Dukcapil`` → ``operator_dukcapil``; ``SP4N-LAPOR`` → ``sp4n_lapor``."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    suggestion = "_".join(words)
    return suggestion if suggestion[:1].isalpha() else f"x_{suggestion}" if suggestion else ""


def format_hint(key: str, value: Any) -> Text:
    """ "; write `options_from: codelists/agama`" for `options_from: agama`."""
    if key == "options_from" and isinstance(value, str) and "/" not in value:
        name = value.strip().removesuffix(".yaml").removesuffix(".yml")
        return msg(
            f"; daftar kode disebut dengan foldernya: `options_from: codelists/{name}`",
            f"; a code list is named with its folder: `options_from: codelists/{name}`",
        )
    return EMPTY


def id_hint(key: str, value: Any) -> Text:
    """ "a role is one word: write `operator_dukcapil`" for `role: operator dukcapil`."""
    if not isinstance(value, str):
        return EMPTY
    suggestion = suggested_id(value)
    if not suggestion or suggestion == value:
        return EMPTY
    if key == "role":
        return msg(
            f"; peran ditulis satu kata tanpa spasi, huruf kecil dengan `_`: `{suggestion}`",
            f"; a role is one word, lower case with `_` and no spaces: `{suggestion}`",
        )
    return msg(
        f"; id ditulis huruf kecil, angka dan `_` tanpa spasi: `{suggestion}`",
        f"; an id is lower case letters, digits and `_` without spaces: `{suggestion}`",
    )


def channel_hint(channel: str, installed: Collection[str]) -> Text:
    """ "; did you mean `lapor`?" for `SP4N-LAPOR!`, the channel's public name."""
    meant = CHANNEL_WORDS.get(re.sub(r"[^a-z0-9]", "", channel.lower()))
    if meant is None or meant not in installed or meant == channel:
        return EMPTY
    return msg(
        f"; kanal SP4N-LAPOR! ditulis `{meant}`: maksud Anda `{meant}`?",
        f"; the SP4N-LAPOR! channel is written `{meant}`: did you mean `{meant}`?",
    )


# --- YAML's own words, in Indonesian ---------------------------------------------------------

_YAML_TOKENS = {
    "<block mapping start>": "awal pemetaan baru",
    "<block sequence start>": "awal daftar baru",
    "<block end>": "akhir blok",
    "<scalar>": "sebuah nilai",
    "-": "tanda `-`",
    "?": "kunci tanpa `:`",
}

_YAML_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), indonesian)
    for pattern, indonesian in (
        (r"mapping values are not allowed", "tanda `:` tidak boleh di sini"),
        (r"found character '\\t'", "karakter tab tidak boleh dipakai"),
        (
            r"found character '(.)' that cannot start any token",
            "karakter `\\1` tidak boleh mengawali nilai; beri tanda kutip pada teksnya",
        ),
        (
            r"expected ',' or '\}'",
            "di dalam `{...}` diharapkan `,` atau `}`: kurung kurawal belum "
            "ditutup, atau teks yang memuat `:` atau `,` perlu tanda kutip",
        ),
        (
            r"expected ',' or '\]'",
            "di dalam `[...]` diharapkan `,` atau `]`: kurung siku belum ditutup, atau teksnya perlu tanda kutip",
        ),
        (r"end of stream.*|quoted scalar", "tanda kutip dibuka tetapi tidak ditutup"),
        (
            r"expected <block end>, but found (.*)",
            "indentasi tidak cocok: ditemukan {found} yang tidak sejajar dengan baris di atasnya",
        ),
        (r"expected the node content, but found (.*)", "nilai diharapkan di sini, ditemukan {found}"),
        (
            r"could not find expected ':'",
            "tanda `:` tidak ditemukan: setiap baris pemetaan berbentuk `kunci: nilai`",
        ),
        (r"did not find expected key", "kunci diharapkan di sini; periksa indentasi"),
        (r"did not find expected '-' indicator", "butir daftar (`- `) diharapkan di sini; periksa indentasi"),
        (r"alphabetic or numeric character", "`&` atau `*` harus diikuti sebuah nama; bila itu teks, beri tanda kutip"),
        (r"another document", "berkas berisi lebih dari satu dokumen (`---`); satu berkas memuat satu definisi"),
        (
            r"unknown escape character",
            "karakter escape tidak dikenal di dalam tanda kutip ganda; pakai tanda kutip tunggal",
        ),
        (r"found undefined (?:alias|tag)", "alias atau tag yang tidak dikenal"),
        (r"block scalar", "teks blok (`|` atau `>`) tidak diindentasi dengan benar"),
    )
)
_YAML_FALLBACK = "susunan YAML salah di titik ini; periksa indentasi, tanda `:` dan tanda kutip"


def yaml_problem(problem: str) -> str:
    """The YAML parser's English words (``exc.problem``) said in Indonesian; never the English itself."""
    for pattern, indonesian in _YAML_PROBLEMS:
        found = pattern.search(problem)
        if found:
            token = (found.group(1) or "").strip().strip("'") if found.groups() else ""
            described = _YAML_TOKENS.get(token, f"`{token}`")
            return indonesian.replace("{found}", described).replace("\\1", token)
    return _YAML_FALLBACK


def date_bound_message(field_id: object, key: str) -> Text:
    """`min:`/`max:` on a date field: a date has no bounds of its own; a rule says what the author meant.

    Why one message for every value: `min: 2027-01-01` and `min: today()` failed as "expected a number",
    which sent the author looking for a number to write; only `min: 0` said the key has no meaning here.
    """
    name = field_id if isinstance(field_id, str) else "tanggal_rekam"
    relation = ">" if key == "max" else "<"
    example = f"when: {name} {relation} today()"
    return msg(
        f"kolom tanggal `{name}` tidak mengenal `{key}`; tambahkan aturan (`rules`) yang menolak tanggal di luar "
        f"batas, mis. `{example}`",
        f"a date field (`{name}`) has no `{key}`; add a rule (`rules`) that refuses a date out of bounds, "
        f"e.g. `{example}`",
    )
