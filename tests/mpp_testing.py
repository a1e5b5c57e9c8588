"""Helpers for tests: compile test definitions against the project's reference data.

Imported by tests/conftest.py and by tests that need their own services.
"""

from __future__ import annotations

from pathlib import Path

from framework.core.settings import reference_example

PROJECT = Path(__file__).resolve().parent.parent
REFERENCE_EXAMPLE = reference_example()


def plugin_check_context():
    """The plugins test definitions use, declared here so tests do not depend on plugin code."""
    from framework.definition import CheckContext, SourceInfo

    return CheckContext(
        sources={
            "ikd": SourceInfo(
                "ikd", frozenset({"nik", "nama_lengkap", "tanggal_lahir", "jenis_kelamin", "nik_ibu", "nama_ibu"})
            ),
            "sisdmk": SourceInfo("sisdmk", frozenset({"nik", "nama_lengkap"})),
        },
        providers=frozenset({"dukcapil", "dpmptsp", "kemenkes"}),
        complaint_channels=frozenset({"lapor"}),
        notify_channels=frozenset({"inbox", "email", "sms", "whatsapp"}),
    )


def load_test_catalog(folder: Path, *definitions: str | Path):
    """Compile YAML texts (or files) with the project's code lists and regions; fails loudly on errors."""
    from framework.definition import load_catalog

    for name in ("codelists", "reference"):
        if not (folder / name).exists():
            (folder / name).symlink_to(PROJECT / "definitions" / name)
    files = []
    for number, item in enumerate(definitions):
        if isinstance(item, Path):
            files.append(item)
            continue
        path = folder / f"service-{number}.yaml"
        path.write_text(item, encoding="utf-8")
        files.append(path)
    catalog = load_catalog(folder, files, context=plugin_check_context())
    assert catalog.ok, [str(e) for e in catalog.errors if e.severity.value == "error"]
    return catalog


# A household, as the SKTM-like services of issue 13 ask for it: a repeating group with each member's income
# (the field list of a page, six spaces in; add more members' fields after it at the same indentation).
HOUSEHOLD_MEMBERS = """\
      - id: anggota
        type: group
        label: {id: Anggota keluarga, en: Household members}
        repeat: {min: 1, max: 8}
        fields:
          - {id: nama, type: text, label: {id: Nama, en: Name}, required: true}
          - {id: penghasilan, type: integer, label: {id: Penghasilan per bulan, en: Monthly income}, min: 0}
"""


# --- a production start that passes every refusal (issue 12, items 1–3) ---------------------

STRONG_SECRET = "q7V0pX3mZk9Lr2sT8wYc4dFh6jNb1gRe5uIo0aSy3tWx7zQ"
STRONG_AUDIT_KEY = "Zp4nR8vT1qLw6yXc3mKd9sHf2jBg7uEa0oIt5rNe8wQ"
PUBLIC_URL = "https://mpp.example.go.id"


def production_settings(database_url: str, **changes: object) -> dict[str, object]:
    """create_app settings for MPP_ENV=production that pass the start-up checks."""
    return {
        "MPP_ENV": "production",
        "SECRET_KEY": STRONG_SECRET,
        "MPP_AUDIT_KEY": STRONG_AUDIT_KEY,
        "MPP_DATABASE_URL": database_url,
        "MPP_PUBLIC_URL": PUBLIC_URL,
        **changes,
    }


def pdf_text(pdf: bytes) -> str:
    """The text drawn in a PDF made by fpdf2 (its page streams inflated), to check what a document says."""
    import re
    import zlib

    shown = []
    for stream in re.findall(rb"stream\n(.*?)\nendstream", pdf, re.DOTALL):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        shown += [part.decode("latin-1") for part in re.findall(rb"\((.*?)\) ?Tj", content)]
    return " ".join(shown).replace("\\(", "(").replace("\\)", ")")
