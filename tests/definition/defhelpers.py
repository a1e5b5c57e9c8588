"""Helpers for the definition-language tests.

Definitions are written inline as YAML text into a temporary catalog folder
(with one code list and a tiny region table) and checked by the real
pipeline, with the plugins actually installed. ``MINIMAL`` is the smallest
valid service; tests mutate it by exact text replacement so each expected
line and column can be read off the YAML below.
"""

from __future__ import annotations

from pathlib import Path

from framework.core.settings import reference_example
from framework.definition import CheckContext, DefinitionError, SourceInfo, load_catalog

REFERENCE_EXAMPLE = reference_example()  # shared/ beside the clone (as CI lays it), else the tests' checked copy

# line numbers, for reading the expectations of the tests:
#  1 service / 2 version / 3 title / 4 summary / 5 sector / 6 provider
#  7 standard: / 8 sla / 9 fee / 10 complaints
# 11 pages: / 12 - id: satu / 13 title / 14 fields: / 15 - id: nama / 16 type / 17 label
# 18 steps: / 19 - id: verifikasi / 20 title / 21 role / 22 sla / 23 actions
MINIMAL = """\
service: adminduk.contoh
version: 1
title: {id: Contoh, en: Example}
summary: {id: Layanan contoh, en: An example service}
sector: adminduk
provider: dukcapil
standard:
  sla: 1d
  fee: 0
  complaints: lapor
pages:
  - id: satu
    title: {id: Satu, en: One}
    fields:
      - id: nama
        type: text
        label: {id: Nama, en: Name}
steps:
  - id: verifikasi
    title: {id: Verifikasi, en: Check}
    role: operator
    sla: 4h
    actions: [approve, reject]
"""

# after line 17: extra fields of page `satu` start at line 18
AFTER_NAMA = "        label: {id: Nama, en: Name}\n"

CODELIST = """\
codelist: jenis-kelamin
title: {id: Jenis Kelamin, en: Sex}
items:
  LAKI-LAKI: {id: Laki-laki, en: Male}
  PEREMPUAN: {id: Perempuan, en: Female}
"""

WILAYAH = "code,name,level\n73,SULAWESI SELATAN,province\n73.12,KAB. SOPPENG,regency\n34.71,KOTA YOGYAKARTA,regency\n"


def mutate(
    text: str = MINIMAL, replace: dict[str, str] | None = None, drop: tuple[str, ...] = (), append: str = ""
) -> str:
    """``text`` with exact, unique substrings replaced or dropped, and ``append`` at the end."""
    for old, new in list((replace or {}).items()) + [(d, "") for d in drop]:
        assert text.count(old) == 1, f"{old!r} must occur exactly once"
        text = text.replace(old, new)
    return text + append


def with_fields(extra: str, text: str = MINIMAL) -> str:
    """MINIMAL with ``extra`` field lines added to page `satu`, starting at line 18."""
    return mutate(text, {AFTER_NAMA: AFTER_NAMA + extra})


# The installed world the checks see: stated here, not read from the plugins
# being built next door, so a test fails only for a reason of its own.
CONTEXT = CheckContext(
    sources={"ikd": SourceInfo("ikd", frozenset({"nik", "nama_lengkap", "tanggal_lahir", "nama_ibu"}))},
    providers=frozenset({"dukcapil", "kemenkes"}),
    complaint_channels=frozenset({"lapor"}),
    notify_channels=frozenset({"inbox", "email", "sms"}),
)


class Checker:
    """Writes definitions into a catalog folder and runs the real pipeline."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "codelists").mkdir(parents=True)
        (root / "codelists" / "jenis-kelamin.yaml").write_text(CODELIST, encoding="utf-8")
        (root / "reference").mkdir()
        (root / "reference" / "wilayah.csv").write_text(WILAYAH, encoding="utf-8")

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def catalog(self, files: dict[str, str | bytes]):
        for name, content in files.items():
            self.write(name, content)
        return load_catalog(self.root, context=CONTEXT)

    def __call__(self, text: str | bytes, **others: str) -> list[DefinitionError]:
        """All problems of ``contoh.yaml`` holding ``text`` (``others``: more files, name → text)."""
        catalog = self.catalog({"contoh.yaml": text, **{f"{name}.yaml": body for name, body in others.items()}})
        return [e for e in catalog.errors if e.file.endswith("contoh.yaml")]


def the_one(errors: list[DefinitionError], code: str) -> DefinitionError:
    """The single problem of a file, which must have ``code``."""
    assert [e.code for e in errors] == [code], "\n".join(map(str, errors))
    return errors[0]


def at(errors: list[DefinitionError], code: str, line: int, col: int) -> DefinitionError:
    """Assert the file has exactly one problem, ``code`` at ``line``:``col``."""
    error = the_one(errors, code)
    assert (error.line, error.col) == (line, col), str(error)
    assert_bilingual(error)
    return error


def assert_bilingual(error: DefinitionError) -> None:
    """Both texts are there and each is in its own language.

    Every code has a test that goes through ``at`` (test_codes.py checks it),
    so every code is shown to speak Indonesian and English.
    """
    assert error.text.id and error.text.en, error.code
    assert error.text.id != error.text.en, f"{error.code}: not translated: {error.text.id}"
    assert "did you mean" not in error.text.id and "maksud Anda" not in error.text.en, error.code
