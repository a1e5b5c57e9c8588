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


def _error(id: str, en: str) -> tuple[Severity, Text]:
    return Severity.ERROR, Text(id, en)


def _warning(id: str, en: str) -> tuple[Severity, Text]:
    return Severity.WARNING, Text(id, en)


# code -> (severity, what it means in Bahasa Indonesia and English): shown by
# `mpp validate --explain` and the table in docs/definitions.md.
CODES: dict[str, tuple[Severity, Text]] = {
    # reading the file
    "FILE_UNREADABLE": _error("Berkas tidak dapat dibuka.", "The file cannot be opened."),
    "FILE_TOO_LARGE": _error(
        "Berkas lebih besar daripada yang wajar untuk sebuah definisi (1 MB).",
        "The file is larger than a definition can reasonably be (1 MB).",
    ),
    "NOT_UTF8": _error(
        "Berkas bukan teks UTF-8; simpan sebagai UTF-8.", "The file is not UTF-8 text; save it as UTF-8."
    ),
    "EMPTY_FILE": _error("Berkas tidak berisi definisi.", "The file holds no definition."),
    "YAML_SYNTAX": _error("Berkas bukan YAML yang sah.", "The file is not valid YAML."),
    "DUPLICATE_KEY": _error(
        "Kunci yang sama muncul dua kali dalam satu pemetaan; yang kedua diam-diam menang.",
        "The same key appears twice in one mapping; the second would silently win.",
    ),
    "ALIAS_NOT_ALLOWED": _error(
        "Anchor dan alias YAML (&x, *x) tidak diizinkan; tulis nilainya atau gunakan `extends`.",
        "YAML anchors and aliases (&x, *x) are not allowed; write the value out or use `extends`.",
    ),
    "TOO_DEEP": _error(
        "Berkas bersarang terlalu dalam untuk sebuah definisi.", "The file nests too deeply to be a definition."
    ),
    "TOO_MANY_PROBLEMS": _error(
        "Berkas memiliki lebih banyak masalah daripada yang dicantumkan; perbaiki yang tercantum lalu periksa lagi.",
        "The file has more problems than are listed; fix those listed, then check again.",
    ),
    "NOT_A_MAPPING": _error(
        "Tingkat teratas definisi harus berupa pemetaan (baris kunci: nilai).",
        "The top level of a definition must be a mapping (key: value lines).",
    ),
    "BAD_TAG": _error(
        "Tag YAML (!!python/..., !foo) tidak diizinkan dalam definisi.",
        "YAML tags (!!python/..., !foo) are not allowed in definitions.",
    ),
    # shape (meta-schema)
    "MISSING_KEY": _error("Kunci yang wajib tidak ada.", "A required key is missing."),
    "UNKNOWN_KEY": _error(
        "Kunci yang tidak dikenal bahasa definisi (sering salah ketik).",
        "A key the language does not know (often a typo).",
    ),
    "WRONG_TYPE": _error(
        "Jenis nilai salah (mis. daftar di tempat teks).",
        "A value has the wrong type (e.g. a list where a text is expected).",
    ),
    "BAD_VALUE": _error("Nilai bukan salah satu nilai yang diizinkan.", "A value is not one of the allowed values."),
    "BAD_FORMAT": _error("Nilai tidak memiliki format yang diharapkan.", "A value does not have the expected format."),
    "OUT_OF_RANGE": _error("Angka di luar rentang yang diizinkan.", "A number is outside its allowed range."),
    "TOO_FEW": _error(
        "Daftar atau teks lebih pendek daripada yang diizinkan.", "A list or text is shorter than allowed."
    ),
    "TOO_MANY": _error(
        "Daftar atau teks lebih panjang daripada yang diizinkan (mis. id lebih dari 64 karakter).",
        "A list or text is longer than allowed (e.g. an id of more than 64 characters).",
    ),
    # meaning (semantic checks)
    "DUPLICATE_ID": _error(
        "Dua isian, halaman, dokumen, langkah, aturan atau layanan memakai id yang sama.",
        "Two fields, pages, documents, steps, rules or services share an id.",
    ),
    "UNKNOWN_FIELD": _error("Rujukan menyebut isian yang tidak ada.", "A reference names a field that does not exist."),
    "UNKNOWN_LOOKUP": _error(
        "`prefill` sebuah isian menyebut lookup yang tidak dideklarasikan di bawah `prefill:`.",
        "A field's `prefill` names a lookup not declared under `prefill:`.",
    ),
    "UNKNOWN_SOURCE": _error(
        "Lookup prefill menyebut sumber yang tidak disediakan plugin terpasang mana pun.",
        "A prefill lookup names a source no installed plugin provides.",
    ),
    "UNKNOWN_ATTRIBUTE": _error(
        "Prefill menyebut atribut yang tidak disediakan sumbernya.",
        "A prefill names an attribute the source does not provide.",
    ),
    "UNKNOWN_CODELIST": _error(
        "`options_from` menyebut daftar kode yang tidak ada di definitions/codelists/.",
        "`options_from` names a code list that does not exist under definitions/codelists/.",
    ),
    "UNKNOWN_TEMPLATE": _error(
        "`extends` menyebut layanan yang tidak ada di katalog.", "`extends` names a service that is not in the catalog."
    ),
    "UNKNOWN_PROVIDER": _error(
        "`provider` menyebut penyedia yang tidak disediakan plugin terpasang mana pun.",
        "`provider` names a provider no installed plugin provides.",
    ),
    "UNKNOWN_CHANNEL": _error(
        "Kanal pengaduan atau notifikasi yang tidak disediakan plugin terpasang mana pun.",
        "A complaint or notification channel no installed plugin provides.",
    ),
    "UNKNOWN_ACTION": _error(
        "Sebuah langkah mencantumkan tindakan yang tidak dikenal alur kerja.",
        "A step lists an action the workflow does not know.",
    ),
    "UNKNOWN_REGION": _error(
        "Kode wilayah yang tidak ada dalam data referensi Kemendagri.",
        "A region code that is not in the Kemendagri reference data.",
    ),
    "KEY_NOT_FOR_TYPE": _error(
        "Kunci yang tidak bermakna untuk jenis isian ini.", "A key that has no meaning for this field type."
    ),
    "NO_OPTIONS": _error(
        "Isian pilihan memerlukan `options` atau `options_from` (tepat satu).",
        "A choice field needs `options` or `options_from` (exactly one).",
    ),
    "BAD_REPEAT": _error("Batas `repeat` tidak masuk akal.", "`repeat` bounds do not make sense."),
    "BAD_RANGE": _error("Nilai minimum lebih besar daripada maksimumnya.", "A minimum is greater than its maximum."),
    "BAD_DURATION": _error(
        "Durasi tidak berbentuk `4h` atau `3d` (jam kerja atau hari kerja).",
        "A duration is not like `4h` or `3d` (working hours or days).",
    ),
    "THIRD_PARTY_NUMBER_OPEN": _error(
        "Nomor NIK/KK dari data orang lain diisikan ke kolom yang tidak dikunci (pemohon akan melihatnya utuh).",
        "A NIK/KK number from another person's record fills a field that is not locked (shown to the applicant whole).",
    ),
    "FEE_NOT_WHOLE": _error(
        "Biaya bukan rupiah bulat: `5.000` dibaca YAML sebagai angka 5, titik menjadi tanda desimal.",
        "A fee is not whole rupiah: YAML reads `5.000` as the number 5, the dot being a decimal point.",
    ),
    "FEE_AGAINST_LAW": _error(
        "Layanan di sektor yang gratis menurut undang-undang memungut biaya (adminduk: UU 24/2013 Pasal 79A).",
        "A service in a sector that is free by law charges a fee (adminduk: Law 24/2013 art. 79A).",
    ),
    "BAD_SIZE": _error(
        "Batas ukuran bukan jumlah megabita yang positif (paling banyak 50).",
        "A size limit is not a positive number of megabytes (at most 50).",
    ),
    "BAD_PATTERN": _error(
        "`pattern` bukan ekspresi reguler yang sah.", "A `pattern` is not a valid regular expression."
    ),
    "LOCKED_WITHOUT_PREFILL": _error(
        "`locked: true` hanya bermakna pada isian yang diisi otomatis (prefill).",
        "`locked: true` only makes sense on a prefilled field.",
    ),
    "BAD_PREFILL_KEY": _error(
        "Lookup dengan `by: field.X` mengisi isian di halaman sebelum X ditanyakan; X harus ada di halaman itu atau "
        "sebelumnya.",
        "A lookup keyed `by: field.X` fills a field on a page before the one where X is asked; X must come on that "
        "page or earlier.",
    ),
    "ROW_LOOKUP_SCOPE": _error(
        "Lookup dengan `by: field.<grup>.<isian>` harus dikunci oleh isian di dalam grup berulang itu, dan hanya "
        "mengisi isian di grup yang sama.",
        "A lookup keyed `by: field.<group>.<field>` must be keyed by a field inside that repeating group, and fills "
        "only fields of the same group.",
    ),
    "BAD_DEADLINE_ACTION": _error(
        "`on_deadline` harus salah satu tindakan langkah itu sendiri.",
        "`on_deadline` must be one of the step's own actions.",
    ),
    "NO_APPROVE_STEP": _error(
        "Rantai persetujuan memerlukan sekurang-kurangnya satu langkah yang dapat menyetujui.",
        "The approval chain needs at least one step that can approve.",
    ),
    "PAGE_ID_RESERVED": _error(
        "Id halaman sama dengan alamat portal sendiri (`mulai`, `lanjut`, `terkirim`), sehingga halaman itu tidak "
        "pernah tampil.",
        "A page id is one of the portal's own addresses (`mulai`, `lanjut`, `terkirim`), so that page would never "
        "show.",
    ),
    "EXPR_SYNTAX": _error("Kondisi bukan ekspresi yang sah.", "A condition is not a valid expression."),
    "EXPR_UNKNOWN_NAME": _error(
        "Kondisi menyebut isian yang tidak ada.", "A condition names a field that does not exist."
    ),
    "EXPR_UNKNOWN_FUNCTION": _error(
        "Kondisi memanggil fungsi yang tidak diizinkan.", "A condition calls a function that is not allowed."
    ),
    "EXPR_FORBIDDEN": _error(
        "Kondisi memakai bentuk yang tidak diizinkan (akses atribut, indeks, lambda, …).",
        "A condition uses a construct that is not allowed (attribute access, indexing, lambdas, …).",
    ),
    # aggregates over repeating groups (sum, count, min, max, any, all)
    "EXPR_NOT_A_REPEAT": _error(
        "Agregat (`sum`, `count`, `min`, `max`, `any`, `all`) membaca kolom yang bukan kelompok berulang.",
        "An aggregate (`sum`, `count`, `min`, `max`, `any`, `all`) reads a field that is not a repeating group.",
    ),
    "EXPR_AGGREGATE_TYPE": _error(
        "`sum`, `min` atau `max` atas kolom yang jenisnya tidak dapat dijumlahkan atau diurutkan (mis. jumlah sebuah "
        "teks).",
        "`sum`, `min` or `max` over a field whose type has no total or order (e.g. the sum of a text).",
    ),
    "BAD_POSITION": _error(
        "`before`/`after` atau `remove` menyebut butir yang tidak ada di templat, atau `before`/`after` berada "
        "pada butir yang tidak dapat dipindah (butir templat yang diubah, isian halaman milik varian).",
        "`before`/`after` or `remove` names an item that does not exist in the template, or `before`/`after` "
        "is on an item that cannot be moved (an adapted template item, a field of the variant's own page).",
    ),
    "EXTENDS_CYCLE": _error("Templat saling memperluas secara melingkar.", "Templates extend each other in a circle."),
    "VARIANT_NEEDS_REGION": _error(
        "Varian daerah (memperluas layanan yang bukan templat) harus menyebut `region`-nya.",
        "A regional variant (extends a non-template service) must name its `region`.",
    ),
    "VARIANT_OF_VARIANT": _error(
        "`extends` menyebut varian daerah lain; varian daerah memperluas layanan nasional atau templat.",
        "`extends` names another regional variant; a regional variant extends a national service or a template.",
    ),
    "VARIANT_DROPS_REQUIRED": _error(
        "Varian tidak boleh menghapus atau melonggarkan apa yang diwajibkan templatnya.",
        "A variant may not remove or relax what its template requires.",
    ),
    "VARIANT_STEP_AFTER_SIGNATURE": _error(
        "Varian menempatkan tahap baru setelah tahap terakhir templatnya, tempat penanda tangan penerbit "
        "menandatangani dokumen.",
        "A variant places a new step after its template's last step, where the issuer's signatory signs the document.",
    ),
    "VARIANT_LONGER_SLA": _error(
        "Varian hanya boleh memperpendek SLA, tidak pernah memperpanjangnya.",
        "A variant may only shorten an SLA, never lengthen it.",
    ),
    "VARIANT_RAISES_FEE": _error(
        "Varian tidak boleh memungut biaya lebih tinggi daripada templatnya (sama sekali tidak bila templatnya "
        "gratis).",
        "A variant may not charge a higher fee than its template (none where it is free).",
    ),
    "VARIANT_CHANGES_ID": _error(
        "Varian harus mempertahankan sektor templatnya dan jenis setiap isian.",
        "A variant must keep its template's sector and the type of each field.",
    ),
    "VARIANT_LOOSENS_RULE": _error(
        "Varian mengubah atau menghapus aturan templat sehingga tidak terbukti tetap menangkap semua kesalahan yang "
        "ditangkap aturan itu.",
        "A variant changed or dropped a rule of its template in a way that cannot be shown to catch every mistake the "
        "rule catches.",
    ),
    "VARIANT_LOOSENS_CONDITION": _error(
        "Varian mengubah `when` kolom, halaman, atau dokumen wajib (atau yang dibaca aturan) sehingga tidak terbukti "
        "tetap ditanyakan setiap kali templat menanyakannya.",
        "A variant changed the `when` of a required field, page or document (or one a rule reads) so that it cannot "
        "be shown to be asked whenever the template asks it.",
    ),
    "VARIANT_UNLOCKS": _error(
        "Varian membuka kunci kolom yang dikunci templat pada nilai dari registri.",
        "A variant unlocked a field its template locks to a registry's value.",
    ),
    "VARIANT_CHANGES_PREFILL": _error(
        "Varian mengganti atau menghapus sumber nilai dari registri yang ditetapkan templat (`prefill` kolom, lookup).",
        "A variant replaced or dropped where its template takes a value from a registry (a field's `prefill`, a "
        "lookup).",
    ),
    "VARIANT_LOOSENS_UPLOAD": _error(
        "Varian menerima jenis atau ukuran berkas dokumen yang tidak diterima templatnya.",
        "A variant accepts file types or sizes for a document that its template does not.",
    ),
    "VARIANT_LOOSENS_FIELD": _error(
        "Varian melonggarkan batas jawaban kolom (minimum, maksimum, panjang, pola, pilihan, pengulangan, tingkat "
        "wilayah).",
        "A variant relaxed a limit of a field's answer (minimum, maximum, length, pattern, options, repeat, region "
        "level).",
    ),
    "VARIANT_WEAKENS_STEP": _error(
        "Varian menghapus `return` atau `reject` dari tahap, atau menambah `approve`, sehingga petugas dapat "
        "menghentikan lebih sedikit permohonan.",
        "A variant removed `return` or `reject` from a step, or added `approve`, so officers can stop fewer "
        "applications.",
    ),
    "VARIANT_CHANGES_ROLE": _error(
        "Varian mengubah siapa yang bertindak: peran tahap (siapa yang menandatangani) atau penyedia layanan, tanpa "
        "dibuka templat.",
        "A variant changed who acts: a step's role (who signs), or the provider, without the template opening it.",
    ),
    "VARIANT_LOOSENS_DEADLINE": _error(
        "Varian memutuskan otomatis saat tenggat tahap lewat (`on_deadline`) padahal templatnya tidak.",
        "A variant decides automatically when a step's deadline passes (`on_deadline`) where its template does not.",
    ),
    "VARIANT_LOOSENS_STANDARD": _error(
        "Varian menghapus bagian standar pelayanan yang diumumkan, memindahkan kanal pengaduannya, atau menyimpan "
        "data pribadi warga lebih lama (`retention`).",
        "A variant dropped part of the published service standard, moved its complaints channel, or keeps the "
        "citizen's personal data longer (`retention`).",
    ),
    "VARIANT_DROPS_NOTICE": _error(
        "Varian menghapus notifikasi, atau salah satu kanalnya, yang dikirim templat.",
        "A variant dropped a notification, or a channel of one, that its template sends.",
    ),
    "VARIANT_SELF_OPENS": _error(
        "Varian menandai butir `regional: open`; hanya templat yang dapat membuka butirnya sendiri untuk perubahan "
        "daerah.",
        "A variant marked an element `regional: open`; only a template can open its own elements to regional change.",
    ),
    "DUPLICATE_VARIANT": _error(
        "Dua varian daerah menyesuaikan layanan yang sama untuk daerah yang sama.",
        "Two regional variants adapt the same service for the same region.",
    ),
    "REGION_FOLDER_MISMATCH": _error(
        "Berkas di folder `regions/<kode>/` menyatakan `region` kabupaten/kota lain; `region` yang berlaku, jadi "
        "pindahkan berkas atau perbaiki `region`.",
        "A file in the folder `regions/<code>/` declares the `region` of another kabupaten/kota; `region` is what "
        "counts, so move the file or correct `region`.",
    ),
    "STEPS_EXCEED_SLA": _error(
        "Jumlah SLA langkah-langkah melebihi SLA standar pelayanan yang diumumkan.",
        "The steps' SLAs add up to more than the published service standard SLA.",
    ),
    "EXPR_TYPE_MISMATCH": _error(
        "Kondisi membandingkan kolom dengan nilai yang jenisnya lain (mis. kolom ya/tidak dengan teks `'true'`, "
        "satu nilai dengan daftar) atau menghitung dengan jenis yang tidak cocok (tanggal ditambah angka, `len()` "
        "sebuah tanggal), sehingga tidak pernah cocok.",
        "A condition compares a field with a value of another kind (e.g. a yes/no field with the text `'true'`, "
        "one value with a list) or computes with kinds that do not go together (a date plus a number, `len()` of "
        "a date), so it never matches.",
    ),
    "EXPR_BAD_DATE": _error(
        "`tanggal('…')` memuat tanggal yang tidak ada di kalender atau tidak ditulis TTTT-BB-HH, sehingga kondisi "
        "tidak pernah cocok.",
        "`tanggal('…')` holds a date that is not on the calendar or not written YYYY-MM-DD, so the condition "
        "never matches.",
    ),
    "EXPR_NOT_AN_OPTION": _error(
        "Kondisi membandingkan kolom pilihan dengan nilai yang bukan salah satu pilihannya, sehingga tidak pernah "
        "cocok.",
        "A condition compares a choice field with a value that is not one of its options, so it can never match.",
    ),
    "EXPR_BARE_VALUE": _error(
        "Teks atau angka berdiri sendiri sebagai syarat (mis. `alasan == 'BARU' or 'HILANG'`); nilai itu selalu "
        "dianggap benar dan tidak dibandingkan dengan kolom; tulis `alasan in ['BARU', 'HILANG']`.",
        "A text or number stands alone as a condition (e.g. `alasan == 'BARU' or 'HILANG'`); it always counts as "
        "true and is compared with no field; write `alasan in ['BARU', 'HILANG']`.",
    ),
    "EXPR_CONSTANT": _error(
        "Kondisi tidak membaca kolom apa pun (mis. `when: 'true'`, `1 == 1`), sehingga hasilnya sama untuk setiap "
        "permohonan.",
        "A condition reads no field (e.g. `when: 'true'`, `1 == 1`), so its answer is the same for every application.",
    ),
    # issuers declared in definitions/issuers/ (name, numbering, letter)
    "UNKNOWN_ISSUER": _error(
        "`issuer` menyebut instansi penerbit yang tidak dideklarasikan di definitions/issuers/.",
        "`issuer` names an issuing agency not declared under definitions/issuers/.",
    ),
    "UNKNOWN_PLACEHOLDER": _error(
        "`{isian}` dalam penomoran, nama atau surat penerbit, atau dalam surat layanan, yang bukan nilai yang "
        "dikenal dan bukan kolom layanan.",
        "A `{placeholder}` in an issuer's numbering, name or letter, or in a service's letter, that is neither a "
        "known value nor a field of the service.",
    ),
    # advice
    "TEXT_SPLIT_BY_COMMA": _warning(
        "Koma di dalam `{id: ..., en: ...}` memotong teks; teks sudah disambung kembali, tetapi beri tanda kutip agar "
        "pasti.",
        "A comma inside `{id: ..., en: ...}` split a text; it was rejoined, but quote the text to be sure.",
    ),
    "NOT_BILINGUAL": _warning(
        "Teks hanya berbahasa Indonesia; tambahkan teks bahasa Inggris sebagai {id: ..., en: ...}.",
        "A text is Indonesian only; add the English text as {id: ..., en: ...}.",
    ),
    "PREFILL_KEY_TYPE": _warning(
        "Lookup dikunci oleh isian yang bukan berjenis nik.", "A lookup is keyed by a field that is not of type nik."
    ),
    "WHEN_READS_LATER_PAGE": _warning(
        "Kondisi membaca isian yang baru ditanyakan sesudahnya, sehingga belum dapat diputuskan saat dibutuhkan.",
        "A condition reads a field that is only asked after it, so it cannot be decided when it is needed.",
    ),
    "UNKNOWN_ROLE": _warning(
        "`role` sebuah tahap tidak dinamai di definitions/codelists/peran-petugas.yaml (sering salah ketik: tidak ada "
        "petugas yang memegangnya).",
        "A step's `role` is not named in definitions/codelists/peran-petugas.yaml (often a typo: no officer holds it).",
    ),
    "UNUSED_LOOKUP": _warning(
        "Lookup prefill yang tidak dipakai isian mana pun.", "A prefill lookup that no field uses."
    ),
    # what `mpp audit` flags, reported by `mpp validate --strict` so authors see it before proposing
    "STANDARD_INCOMPLETE": _warning(
        "Standar pelayanan tidak memuat unsur yang diwajibkan Permenpan-RB 15/2014 (`mpp audit` melaporkannya tidak "
        "patuh).",
        "The service standard does not publish an element Permenpan-RB 15/2014 requires (`mpp audit` reports it as "
        "non-compliant).",
    ),
    "DATA_NOT_MINIMAL": _warning(
        "Formulir meminta data warga yang sudah ada di registri (`mpp audit` menandainya).",
        "The form asks the citizen for data a registry already holds (`mpp audit` flags it).",
    ),
}


def explain(code: str) -> str:
    """Both explanations of ``code``, Indonesian first, then a small wrong and right example."""
    from framework.definition.examples import example_text

    severity, meaning = CODES[code]
    return f"{code} ({severity.value})\n  id: {meaning.id}\n  en: {meaning.en}\n{example_text(code)}"


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
        f"| `{code}` | {severity.value} | {_cell(meaning.id)} | {_cell(meaning.get('en'))} |"
        for code, (severity, meaning) in CODES.items()
    ]
    return "\n".join([TABLE_START, "| code | severity | penjelasan | meaning |", "|---|---|---|---|", *rows, TABLE_END])


def _cell(text: str) -> str:
    return text.replace("|", "&#124;")


def with_codes_table(document: str) -> str:
    """``document`` with its generated table replaced by the current one."""
    start, end = document.index(TABLE_START), document.index(TABLE_END) + len(TABLE_END)
    return document[:start] + codes_table() + document[end:]


def write_codes_table(path: str) -> None:
    """Regenerate the table in the document at ``path`` (docs/definitions.md)."""
    from pathlib import Path

    target = Path(path)
    target.write_text(with_codes_table(target.read_text(encoding="utf-8")), encoding="utf-8")
