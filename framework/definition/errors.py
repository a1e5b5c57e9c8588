"""Located definition errors and the catalogue of their stable codes.

A regional admin reads these messages, not a Python developer: each code has
a one-line explanation of what is wrong and how to fix it, and every error
carries the file, line and column it points at (1-based, as editors count).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from framework.definition.messages import Text, current_language, of


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


# code -> (severity, what it means: shown by `mpp validate --explain` and the README)
CODES: dict[str, tuple[Severity, str]] = {
    # reading the file
    "FILE_UNREADABLE": (Severity.ERROR, "The file cannot be opened."),
    "FILE_TOO_LARGE": (Severity.ERROR, "The file is larger than a definition can reasonably be (1 MB)."),
    "NOT_UTF8": (Severity.ERROR, "The file is not UTF-8 text; save it as UTF-8."),
    "EMPTY_FILE": (Severity.ERROR, "The file holds no definition."),
    "YAML_SYNTAX": (Severity.ERROR, "The file is not valid YAML."),
    "DUPLICATE_KEY": (Severity.ERROR, "The same key appears twice in one mapping; the second would silently win."),
    "ALIAS_NOT_ALLOWED": (
        Severity.ERROR,
        "YAML anchors and aliases (&x, *x) are not allowed; write the value out or use `extends`.",
    ),
    "TOO_DEEP": (Severity.ERROR, "The file nests too deeply to be a definition."),
    "NOT_A_MAPPING": (Severity.ERROR, "The top level of a definition must be a mapping (key: value lines)."),
    "BAD_TAG": (Severity.ERROR, "YAML tags (!!python/..., !foo) are not allowed in definitions."),
    # shape (meta-schema)
    "MISSING_KEY": (Severity.ERROR, "A required key is missing."),
    "UNKNOWN_KEY": (Severity.ERROR, "A key the language does not know (often a typo)."),
    "WRONG_TYPE": (Severity.ERROR, "A value has the wrong type (e.g. a list where a text is expected)."),
    "BAD_VALUE": (Severity.ERROR, "A value is not one of the allowed values."),
    "BAD_FORMAT": (Severity.ERROR, "A value does not have the expected format."),
    "OUT_OF_RANGE": (Severity.ERROR, "A number is outside its allowed range."),
    "TOO_FEW": (Severity.ERROR, "A list or text is shorter than allowed."),
    "TOO_MANY": (Severity.ERROR, "A list or text is longer than allowed (e.g. an id of more than 64 characters)."),
    # meaning (semantic checks)
    "DUPLICATE_ID": (Severity.ERROR, "Two fields, pages, documents, steps, rules or services share an id."),
    "UNKNOWN_FIELD": (Severity.ERROR, "A reference names a field that does not exist."),
    "UNKNOWN_LOOKUP": (Severity.ERROR, "A field's `prefill` names a lookup not declared under `prefill:`."),
    "UNKNOWN_SOURCE": (Severity.ERROR, "A prefill lookup names a source no installed plugin provides."),
    "UNKNOWN_ATTRIBUTE": (Severity.ERROR, "A prefill names an attribute the source does not provide."),
    "UNKNOWN_CODELIST": (
        Severity.ERROR,
        "`options_from` names a code list that does not exist under definitions/codelists/.",
    ),
    "UNKNOWN_TEMPLATE": (Severity.ERROR, "`extends` names a service that is not in the catalog."),
    "UNKNOWN_PROVIDER": (Severity.ERROR, "`provider` names a provider no installed plugin provides."),
    "UNKNOWN_CHANNEL": (Severity.ERROR, "A complaint or notification channel no installed plugin provides."),
    "UNKNOWN_ACTION": (Severity.ERROR, "A step lists an action the workflow does not know."),
    "UNKNOWN_REGION": (Severity.ERROR, "A region code that is not in the Kemendagri reference data."),
    "KEY_NOT_FOR_TYPE": (Severity.ERROR, "A key that has no meaning for this field type."),
    "NO_OPTIONS": (Severity.ERROR, "A choice field needs `options` or `options_from` (exactly one)."),
    "BAD_REPEAT": (Severity.ERROR, "`repeat` bounds do not make sense."),
    "BAD_RANGE": (Severity.ERROR, "A minimum is greater than its maximum."),
    "BAD_DURATION": (Severity.ERROR, "A duration is not like `4h` or `3d` (working hours or days)."),
    "BAD_SIZE": (Severity.ERROR, "A size limit is not a positive number of megabytes (at most 50)."),
    "BAD_PATTERN": (Severity.ERROR, "A `pattern` is not a valid regular expression."),
    "LOCKED_WITHOUT_PREFILL": (Severity.ERROR, "`locked: true` only makes sense on a prefilled field."),
    "BAD_PREFILL_KEY": (
        Severity.ERROR,
        "A lookup keyed `by: field.X` fills a field on a page before the one where X is asked; X must come on that page or earlier.",
    ),
    "BAD_DEADLINE_ACTION": (Severity.ERROR, "`on_deadline` must be one of the step's own actions."),
    "NO_APPROVE_STEP": (Severity.ERROR, "The approval chain needs at least one step that can approve."),
    "EXPR_SYNTAX": (Severity.ERROR, "A condition is not a valid expression."),
    "EXPR_UNKNOWN_NAME": (Severity.ERROR, "A condition names a field that does not exist."),
    "EXPR_UNKNOWN_FUNCTION": (Severity.ERROR, "A condition calls a function that is not allowed."),
    "EXPR_FORBIDDEN": (
        Severity.ERROR,
        "A condition uses a construct that is not allowed (attribute access, indexing, lambdas, …).",
    ),
    # aggregates over repeating groups (sum, count, min, max, any, all)
    "EXPR_NOT_A_REPEAT": (
        Severity.ERROR,
        "An aggregate (`sum`, `count`, `min`, `max`, `any`, `all`) reads a field that is not a repeating group.",
    ),
    "EXPR_AGGREGATE_TYPE": (
        Severity.ERROR,
        "`sum`, `min` or `max` over a field whose type has no total or order (e.g. the sum of a text).",
    ),
    "BAD_POSITION": (Severity.ERROR, "`before`/`after` or `remove` names an item that does not exist in the template."),
    "EXTENDS_CYCLE": (Severity.ERROR, "Templates extend each other in a circle."),
    "VARIANT_NEEDS_REGION": (
        Severity.ERROR,
        "A regional variant (extends a non-template service) must name its `region`.",
    ),
    "VARIANT_DROPS_REQUIRED": (Severity.ERROR, "A variant may not remove or relax what its template requires."),
    "VARIANT_LONGER_SLA": (Severity.ERROR, "A variant may only shorten an SLA, never lengthen it."),
    "VARIANT_RAISES_FEE": (
        Severity.ERROR,
        "A variant may not charge a higher fee than its template (none where it is free).",
    ),
    "VARIANT_CHANGES_ID": (Severity.ERROR, "A variant must keep its template's sector and the type of each field."),
    "VARIANT_LOOSENS_RULE": (
        Severity.ERROR,
        "A variant changed or dropped a rule of its template in a way that cannot be shown to catch every mistake the rule catches.",
    ),
    "VARIANT_LOOSENS_CONDITION": (
        Severity.ERROR,
        "A variant changed the `when` of a required field, page or document (or one a rule reads) so that it cannot be shown to be asked whenever the template asks it.",
    ),
    "VARIANT_UNLOCKS": (Severity.ERROR, "A variant unlocked a field its template locks to a registry's value."),
    "VARIANT_CHANGES_PREFILL": (
        Severity.ERROR,
        "A variant replaced or dropped where its template takes a value from a registry (a field's `prefill`, a lookup).",
    ),
    "VARIANT_LOOSENS_UPLOAD": (
        Severity.ERROR,
        "A variant accepts file types or sizes for a document that its template does not.",
    ),
    "VARIANT_LOOSENS_FIELD": (
        Severity.ERROR,
        "A variant relaxed a limit of a field's answer (minimum, maximum, length, pattern, options, repeat, region level).",
    ),
    "VARIANT_WEAKENS_STEP": (
        Severity.ERROR,
        "A variant removed `return` or `reject` from a step, or added `approve`, so officers can stop fewer applications.",
    ),
    "VARIANT_CHANGES_ROLE": (
        Severity.ERROR,
        "A variant changed who acts: a step's role (who signs), or the provider, without the template opening it.",
    ),
    "VARIANT_LOOSENS_DEADLINE": (
        Severity.ERROR,
        "A variant decides automatically when a step's deadline passes (`on_deadline`) where its template does not.",
    ),
    "VARIANT_LOOSENS_STANDARD": (
        Severity.ERROR,
        "A variant dropped part of the published service standard or moved its complaints channel.",
    ),
    "VARIANT_DROPS_NOTICE": (
        Severity.ERROR,
        "A variant dropped a notification, or a channel of one, that its template sends.",
    ),
    "VARIANT_SELF_OPENS": (
        Severity.ERROR,
        "A variant marked an element `regional: open`; only a template can open its own elements to regional change.",
    ),
    "DUPLICATE_VARIANT": (Severity.ERROR, "Two regional variants adapt the same service for the same region."),
    "STEPS_EXCEED_SLA": (Severity.ERROR, "The steps' SLAs add up to more than the published service standard SLA."),
    "EXPR_NOT_AN_OPTION": (
        Severity.ERROR,
        "A condition compares a choice field with a value that is not one of its options, so it can never match.",
    ),
    # issuers declared in definitions/issuers/ (name, numbering, letter)
    "UNKNOWN_ISSUER": (Severity.ERROR, "`issuer` names an issuing agency not declared under definitions/issuers/."),
    "UNKNOWN_PLACEHOLDER": (
        Severity.ERROR,
        "A `{placeholder}` in an issuer's numbering or letter that is neither a known value nor a field of the service.",
    ),
    # advice
    "TEXT_SPLIT_BY_COMMA": (
        Severity.WARNING,
        "A comma inside `{id: ..., en: ...}` split a text; it was rejoined, but quote the text to be sure.",
    ),
    "NOT_BILINGUAL": (Severity.WARNING, "A text is Indonesian only; add the English text as {id: ..., en: ...}."),
    "PREFILL_KEY_TYPE": (Severity.WARNING, "A lookup is keyed by a field that is not of type nik."),
    "UNUSED_LOOKUP": (Severity.WARNING, "A prefill lookup that no field uses."),
    # what `mpp audit` flags, reported by `mpp validate --strict` so authors see it before proposing
    "STANDARD_INCOMPLETE": (
        Severity.WARNING,
        "The service standard does not publish an element Permenpan-RB 15/2014 requires (`mpp audit` reports it as non-compliant).",
    ),
    "DATA_NOT_MINIMAL": (
        Severity.WARNING,
        "The form asks the citizen for data a registry already holds (`mpp audit` flags it).",
    ),
}


# The same explanations in Bahasa Indonesia, shown first by `mpp validate --explain`.
PENJELASAN = {
    "FILE_UNREADABLE": "Berkas tidak dapat dibuka.",
    "FILE_TOO_LARGE": "Berkas lebih besar daripada yang wajar untuk sebuah definisi (1 MB).",
    "NOT_UTF8": "Berkas bukan teks UTF-8; simpan sebagai UTF-8.",
    "EMPTY_FILE": "Berkas tidak berisi definisi.",
    "YAML_SYNTAX": "Berkas bukan YAML yang sah.",
    "DUPLICATE_KEY": "Kunci yang sama muncul dua kali dalam satu pemetaan; yang kedua diam-diam menang.",
    "ALIAS_NOT_ALLOWED": "Anchor dan alias YAML (&x, *x) tidak diizinkan; tulis nilainya atau gunakan `extends`.",
    "TOO_DEEP": "Berkas bersarang terlalu dalam untuk sebuah definisi.",
    "NOT_A_MAPPING": "Tingkat teratas definisi harus berupa pemetaan (baris kunci: nilai).",
    "BAD_TAG": "Tag YAML (!!python/..., !foo) tidak diizinkan dalam definisi.",
    "MISSING_KEY": "Kunci yang wajib tidak ada.",
    "UNKNOWN_KEY": "Kunci yang tidak dikenal bahasa definisi (sering salah ketik).",
    "WRONG_TYPE": "Jenis nilai salah (mis. daftar di tempat teks).",
    "BAD_VALUE": "Nilai bukan salah satu nilai yang diizinkan.",
    "BAD_FORMAT": "Nilai tidak memiliki format yang diharapkan.",
    "OUT_OF_RANGE": "Angka di luar rentang yang diizinkan.",
    "TOO_FEW": "Daftar atau teks lebih pendek daripada yang diizinkan.",
    "TOO_MANY": "Daftar atau teks lebih panjang daripada yang diizinkan (mis. id lebih dari 64 karakter).",
    "DUPLICATE_ID": "Dua isian, halaman, dokumen, langkah, aturan atau layanan memakai id yang sama.",
    "UNKNOWN_FIELD": "Rujukan menyebut isian yang tidak ada.",
    "UNKNOWN_LOOKUP": "`prefill` sebuah isian menyebut lookup yang tidak dideklarasikan di bawah `prefill:`.",
    "UNKNOWN_SOURCE": "Lookup prefill menyebut sumber yang tidak disediakan plugin terpasang mana pun.",
    "UNKNOWN_ATTRIBUTE": "Prefill menyebut atribut yang tidak disediakan sumbernya.",
    "UNKNOWN_CODELIST": "`options_from` menyebut daftar kode yang tidak ada di definitions/codelists/.",
    "UNKNOWN_TEMPLATE": "`extends` menyebut layanan yang tidak ada di katalog.",
    "UNKNOWN_PROVIDER": "`provider` menyebut penyedia yang tidak disediakan plugin terpasang mana pun.",
    "UNKNOWN_CHANNEL": "Kanal pengaduan atau notifikasi yang tidak disediakan plugin terpasang mana pun.",
    "UNKNOWN_ACTION": "Sebuah langkah mencantumkan tindakan yang tidak dikenal alur kerja.",
    "UNKNOWN_REGION": "Kode wilayah yang tidak ada dalam data referensi Kemendagri.",
    "KEY_NOT_FOR_TYPE": "Kunci yang tidak bermakna untuk jenis isian ini.",
    "NO_OPTIONS": "Isian pilihan memerlukan `options` atau `options_from` (tepat satu).",
    "BAD_REPEAT": "Batas `repeat` tidak masuk akal.",
    "BAD_RANGE": "Nilai minimum lebih besar daripada maksimumnya.",
    "BAD_DURATION": "Durasi tidak berbentuk `4h` atau `3d` (jam kerja atau hari kerja).",
    "BAD_SIZE": "Batas ukuran bukan jumlah megabita yang positif (paling banyak 50).",
    "BAD_PATTERN": "`pattern` bukan ekspresi reguler yang sah.",
    "LOCKED_WITHOUT_PREFILL": "`locked: true` hanya bermakna pada isian yang diisi otomatis (prefill).",
    "BAD_PREFILL_KEY": "Lookup dengan `by: field.X` mengisi isian di halaman sebelum X ditanyakan; X harus ada di halaman itu atau sebelumnya.",
    "BAD_DEADLINE_ACTION": "`on_deadline` harus salah satu tindakan langkah itu sendiri.",
    "NO_APPROVE_STEP": "Rantai persetujuan memerlukan sekurang-kurangnya satu langkah yang dapat menyetujui.",
    "EXPR_SYNTAX": "Kondisi bukan ekspresi yang sah.",
    "EXPR_UNKNOWN_NAME": "Kondisi menyebut isian yang tidak ada.",
    "EXPR_UNKNOWN_FUNCTION": "Kondisi memanggil fungsi yang tidak diizinkan.",
    "EXPR_FORBIDDEN": "Kondisi memakai bentuk yang tidak diizinkan (akses atribut, indeks, lambda, …).",
    "EXPR_NOT_A_REPEAT": "Agregat (`sum`, `count`, `min`, `max`, `any`, `all`) membaca kolom yang bukan kelompok berulang.",
    "EXPR_AGGREGATE_TYPE": "`sum`, `min` atau `max` atas kolom yang jenisnya tidak dapat dijumlahkan atau diurutkan (mis. jumlah sebuah teks).",
    "BAD_POSITION": "`before`/`after` atau `remove` menyebut butir yang tidak ada di templat.",
    "EXTENDS_CYCLE": "Templat saling memperluas secara melingkar.",
    "VARIANT_NEEDS_REGION": "Varian daerah (memperluas layanan yang bukan templat) harus menyebut `region`-nya.",
    "VARIANT_DROPS_REQUIRED": "Varian tidak boleh menghapus atau melonggarkan apa yang diwajibkan templatnya.",
    "VARIANT_LONGER_SLA": "Varian hanya boleh memperpendek SLA, tidak pernah memperpanjangnya.",
    "VARIANT_RAISES_FEE": "Varian tidak boleh memungut biaya lebih tinggi daripada templatnya (sama sekali tidak bila templatnya gratis).",
    "VARIANT_CHANGES_ID": "Varian harus mempertahankan sektor templatnya dan jenis setiap isian.",
    "VARIANT_LOOSENS_RULE": "Varian mengubah atau menghapus aturan templat sehingga tidak terbukti tetap menangkap semua kesalahan yang ditangkap aturan itu.",
    "VARIANT_LOOSENS_CONDITION": "Varian mengubah `when` kolom, halaman, atau dokumen wajib (atau yang dibaca aturan) sehingga tidak terbukti tetap ditanyakan setiap kali templat menanyakannya.",
    "VARIANT_UNLOCKS": "Varian membuka kunci kolom yang dikunci templat pada nilai dari registri.",
    "VARIANT_CHANGES_PREFILL": "Varian mengganti atau menghapus sumber nilai dari registri yang ditetapkan templat (`prefill` kolom, lookup).",
    "VARIANT_LOOSENS_UPLOAD": "Varian menerima jenis atau ukuran berkas dokumen yang tidak diterima templatnya.",
    "VARIANT_LOOSENS_FIELD": "Varian melonggarkan batas jawaban kolom (minimum, maksimum, panjang, pola, pilihan, pengulangan, tingkat wilayah).",
    "VARIANT_WEAKENS_STEP": "Varian menghapus `return` atau `reject` dari tahap, atau menambah `approve`, sehingga petugas dapat menghentikan lebih sedikit permohonan.",
    "VARIANT_CHANGES_ROLE": "Varian mengubah siapa yang bertindak: peran tahap (siapa yang menandatangani) atau penyedia layanan, tanpa dibuka templat.",
    "VARIANT_LOOSENS_DEADLINE": "Varian memutuskan otomatis saat tenggat tahap lewat (`on_deadline`) padahal templatnya tidak.",
    "VARIANT_LOOSENS_STANDARD": "Varian menghapus bagian standar pelayanan yang diumumkan atau memindahkan kanal pengaduannya.",
    "VARIANT_DROPS_NOTICE": "Varian menghapus notifikasi, atau salah satu kanalnya, yang dikirim templat.",
    "VARIANT_SELF_OPENS": "Varian menandai butir `regional: open`; hanya templat yang dapat membuka butirnya sendiri untuk perubahan daerah.",
    "DUPLICATE_VARIANT": "Dua varian daerah menyesuaikan layanan yang sama untuk daerah yang sama.",
    "STEPS_EXCEED_SLA": "Jumlah SLA langkah-langkah melebihi SLA standar pelayanan yang diumumkan.",
    "EXPR_NOT_AN_OPTION": "Kondisi membandingkan kolom pilihan dengan nilai yang bukan salah satu pilihannya, sehingga tidak pernah cocok.",
    "UNKNOWN_ISSUER": "`issuer` menyebut instansi penerbit yang tidak dideklarasikan di definitions/issuers/.",
    "UNKNOWN_PLACEHOLDER": "`{isian}` dalam penomoran atau surat penerbit yang bukan nilai yang dikenal dan bukan kolom layanan.",
    "TEXT_SPLIT_BY_COMMA": "Koma di dalam `{id: ..., en: ...}` memotong teks; teks sudah disambung kembali, tetapi beri tanda kutip agar pasti.",
    "NOT_BILINGUAL": "Teks hanya berbahasa Indonesia; tambahkan teks bahasa Inggris sebagai {id: ..., en: ...}.",
    "PREFILL_KEY_TYPE": "Lookup dikunci oleh isian yang bukan berjenis nik.",
    "UNUSED_LOOKUP": "Lookup prefill yang tidak dipakai isian mana pun.",
    "STANDARD_INCOMPLETE": "Standar pelayanan tidak memuat unsur yang diwajibkan Permenpan-RB 15/2014 (`mpp audit` melaporkannya tidak patuh).",
    "DATA_NOT_MINIMAL": "Formulir meminta data warga yang sudah ada di registri (`mpp audit` menandainya).",
}


def explain(code: str) -> str:
    """Both explanations of ``code``, Indonesian first, then a small wrong and right example."""
    from framework.definition.examples import example_text

    severity, english = CODES[code]
    return f"{code} ({severity.value})\n  id: {PENJELASAN[code]}\n  en: {english}\n{example_text(code)}"


_WARNING = {"id": "peringatan: ", "en": "warning: "}


@dataclass(frozen=True, slots=True)
class DefinitionError:
    """One problem in one file, located where the author must look.

    ``text`` holds the message in both languages (a plain ``str`` reads the same
    in both); ``message`` and ``str()`` show it in the language of ``MPP_LANG``.
    """

    file: str
    line: int
    col: int
    code: str
    text: Text
    severity: Severity = Severity.ERROR
    # where in the document tree (for locating after a fast-path check, and for JSON output)
    path: tuple[str | int, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, Text):
            object.__setattr__(self, "text", of(self.text))

    @property
    def message(self) -> str:
        """The message in the chosen language (``MPP_LANG``, Indonesian by default)."""
        return self.text.get()

    def __str__(self) -> str:
        return self.format()

    def format(self, language: str | None = None) -> str:
        """The contract line ``path:line:col: CODE message`` in ``language`` (default: the chosen one)."""
        language = language or current_language()
        prefix = _WARNING[language] if self.severity is Severity.WARNING else ""
        return f"{self.file}:{self.line}:{self.col}: {self.code} {prefix}{self.text.get(language)}"

    def as_dict(self, language: str | None = None) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.text.get(language or current_language()),
            "message_id": self.text.id,
            "message_en": self.text.en,
            "path": "/".join(str(p) for p in self.path),
        }

    def located(self, line: int, col: int) -> DefinitionError:
        return replace(self, line=line, col=col)


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found by a check on the plain data tree, before it is located.

    ``at`` says whether the error points at the key itself (unknown key) or at
    its value (wrong value); ``offset`` points into a one-line text value
    (the character of a condition where it goes wrong).
    """

    path: tuple[str | int, ...]
    code: str
    message: Text
    at: str = "value"
    offset: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.message, Text):
            object.__setattr__(self, "message", of(self.message))

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]


def has_errors(errors: Iterable[DefinitionError]) -> bool:
    return any(e.severity is Severity.ERROR for e in errors)


def sort_key(error: DefinitionError) -> tuple:
    return (error.file, error.line, error.col, error.code)


# --- the code table of docs/definitions.md ----------------------------------------

TABLE_START = "<!-- error codes: generated from framework/definition/errors.py by write_codes_table() -->"
TABLE_END = "<!-- end of error codes -->"


def codes_table() -> str:
    """The catalogue as a Markdown table, in the order above."""
    rows = [
        f"| `{code}` | {severity.value} | {PENJELASAN[code].replace('|', '&#124;')} | {text.replace('|', '&#124;')} |"
        for code, (severity, text) in CODES.items()
    ]
    return "\n".join([TABLE_START, "| code | severity | penjelasan | meaning |", "|---|---|---|---|", *rows, TABLE_END])


def with_codes_table(document: str) -> str:
    """``document`` with its generated table replaced by the current one."""
    start, end = document.index(TABLE_START), document.index(TABLE_END) + len(TABLE_END)
    return document[:start] + codes_table() + document[end:]


def write_codes_table(path: str) -> None:
    """Regenerate the table in the document at ``path`` (docs/definitions.md)."""
    from pathlib import Path

    target = Path(path)
    target.write_text(with_codes_table(target.read_text(encoding="utf-8")), encoding="utf-8")
