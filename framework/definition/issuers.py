"""Issuing agencies declared, not coded: ``definitions/issuers/<id>.yaml``.

A Kabupaten that wants its Dinas Sosial to issue SKTM letters writes a file:
the agency's name and address, how its documents are numbered (year, region
and a sequence per year), who signs, and the letter's title and body with
placeholders from the answers. A service names it with ``issuer:``. What
used to be three provider classes (Dukcapil, Kemenkes, DPMPTSP) that only
numbered a PDF are such files now; a real integration (a webhook, a write
back into a registry) stays a provider plugin.

The bundled national issuers (``dukcapil``, ``kemenkes``, ``dpmptsp``) are
always known, like the plugins they replace; a catalog's own
``issuers/`` folder adds to them (and may replace one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from framework.core.text import Text, msg
from framework.definition.errors import DefinitionError, Problem
from framework.definition.load import yaml_files

ISSUERS_DIR = "issuers"

# what a document number may contain; `sequence` counts per issuer, region and year
NUMBER_PLACEHOLDERS: dict[str, Text] = {
    "sequence": msg("nomor urut per tahun", "the sequence number of the year"),
    "year": msg("tahun terbit", "the year of issue"),
    "month": msg("bulan terbit (1-12)", "the month of issue (1-12)"),
    "month_roman": msg("bulan terbit dalam angka Romawi (I-XII)", "the month of issue in Roman numerals (I-XII)"),
    "region": msg("kode wilayah (73.06)", "the region code (73.06)"),
    "region_compact": msg("kode wilayah tanpa titik (7306)", "the region code without dots (7306)"),
}
# what a letter may contain besides the service's own answers (`{nama_pemohon}`)
LETTER_PLACEHOLDERS: dict[str, Text] = {
    "applicant": msg("nama pemohon", "the applicant's name"),
    "nik": msg("NIK pemohon (disamarkan)", "the applicant's NIK (masked)"),
    "number": msg("nomor dokumen", "the document number"),
    "date": msg("tanggal terbit", "the date of issue"),
    "region": msg("nama wilayah", "the region's name"),
    "service": msg("nama layanan", "the service's name"),
    "tracking_number": msg("nomor permohonan", "the tracking number"),
}
# what an issuer's name, address and signatory's title may contain: one agency declared for every regency
OFFICE_PLACEHOLDERS: dict[str, Text] = {
    "region": msg("nama kabupaten/kota tempat permohonan diajukan", "the name of the regency where it was filed"),
}
OFFICE_TEXTS = ("name", "address", "signatory_title")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"^[a-z][a-z0-9_]*\Z")
_SEQUENCE_FORMAT = re.compile(r"^sequence(:0[1-9])?\Z")


@dataclass(frozen=True, slots=True)
class IssuerSpec:
    """One declared issuing agency."""

    id: str
    name: Text
    numbering: str
    signatory: str
    region: str | None = None
    address: Text | None = None
    signatory_title: Text | None = None
    letter_title: Text | None = None
    letter_body: Text | None = None
    source_file: str = ""

    def in_region(self, region_name: str) -> IssuerSpec:
        """The agency as it prints itself for one regency: ``{region}`` in its name, address and title filled."""

        def filled(text: Text | None) -> Text | None:
            if text is None:
                return None
            return Text(
                text.id.replace("{region}", region_name), (text.en or "").replace("{region}", region_name) or None
            )

        return replace(
            self,
            name=filled(self.name) or self.name,
            address=filled(self.address),
            signatory_title=filled(self.signatory_title),
        )


def placeholders(text: str) -> Iterator[tuple[str, int]]:
    """(name, offset of the ``{``) of each placeholder in ``text``."""
    for found in PLACEHOLDER.finditer(text):
        yield found.group(1).strip(), found.start()


def build_issuer(data: Mapping[str, Any], source_file: str = "") -> IssuerSpec:
    """An issuer from checked data."""
    letter = data.get("letter") or {}
    return IssuerSpec(
        id=data["issuer"],
        name=Text.of(data["name"]) or Text(data["issuer"]),
        numbering=data["numbering"],
        signatory=data["signatory"],
        region=data.get("region"),
        address=Text.of(data.get("address")),
        signatory_title=Text.of(data.get("signatory_title")),
        letter_title=Text.of(letter.get("title")),
        letter_body=Text.of(letter.get("body")),
        source_file=source_file,
    )


def issuer_problems(data: Mapping[str, Any], stem: str, regencies: frozenset[str] | None) -> Iterator[Problem]:
    """What the schema cannot say about an issuer file: its name, its numbering, its letter's placeholders."""
    if data.get("issuer") != stem:
        yield Problem(
            ("issuer",),
            "BAD_VALUE",
            msg(
                f"penerbit `{data.get('issuer')}` ada di berkas `{stem}.yaml`; "
                f"layanan menemukannya lewat nama berkas, jadi tulis `issuer: {stem}`",
                f"the issuer `{data.get('issuer')}` is in the file `{stem}.yaml`; "
                f"services find it by the file name, so write `issuer: {stem}`",
            ),
        )
    yield from _numbering_problems(str(data.get("numbering", "")))
    yield from letter_name_problems(data.get("letter") or {}, ("title", "body"))
    for key in OFFICE_TEXTS:
        for path, part in text_parts(data.get(key), (key,)):
            for name, offset in placeholders(part):
                if name not in OFFICE_PLACEHOLDERS:
                    yield Problem(
                        path,
                        "UNKNOWN_PLACEHOLDER",
                        msg(
                            f"`{{{name}}}` tidak dikenal di sini; nama, alamat dan jabatan penanda tangan hanya "
                            f"dapat memuat {_listed(OFFICE_PLACEHOLDERS)} (nama kabupaten/kota permohonan)",
                            f"`{{{name}}}` is not known here; a name, an address and a signatory's title may only "
                            f"contain {_listed(OFFICE_PLACEHOLDERS)} (the regency of the application)",
                        ),
                        offset=offset,
                    )
    yield from unknown_regency(data.get("region"), regencies)


def text_parts(text: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each written language of a text (``{id, en}`` or a plain string) with its path."""
    if isinstance(text, dict):
        for language, part in text.items():
            yield path + (language,), str(part)
    elif text:
        yield path, str(text)


def letter_name_problems(letter: Mapping[str, Any], keys: tuple[str, ...]) -> Iterator[Problem]:
    """Placeholders of a letter (an issuer's or a service's) that are not names at all (`{nama pemohon}`)."""
    for key in keys:
        for path, part in text_parts(letter.get(key), ("letter", key)):
            yield from _bad_names(part, path)


def unknown_regency(region: Any, regencies: frozenset[str] | None) -> Iterator[Problem]:
    """`region` names no kabupaten/kota of the reference data (a service's or an issuer's)."""
    if isinstance(region, str) and regencies is not None and region not in regencies:
        yield Problem(
            ("region",),
            "UNKNOWN_REGION",
            msg(
                f"`{region}` bukan kode kabupaten/kota dalam data referensi Kemendagri",
                f"`{region}` is not a kabupaten/kota code in the Kemendagri reference data",
            ),
        )


def _numbering_problems(numbering: str) -> Iterator[Problem]:
    known = ", ".join(f"{{{name}}}" for name in NUMBER_PLACEHOLDERS)
    has_sequence = False
    for name, offset in placeholders(numbering):
        if _SEQUENCE_FORMAT.match(name):
            has_sequence = True
        elif name not in NUMBER_PLACEHOLDERS:
            yield Problem(
                ("numbering",),
                "UNKNOWN_PLACEHOLDER",
                msg(
                    f"`{{{name}}}` tidak dikenal dalam penomoran; yang "
                    f"dikenal: {known} (`{{sequence:04}}` mengisi nol di depan)",
                    f"`{{{name}}}` is not known in a numbering; known: {known} (`{{sequence:04}}` pads with zeros)",
                ),
                offset=offset,
            )
    if not has_sequence:
        yield Problem(
            ("numbering",),
            "BAD_FORMAT",
            msg(
                "penomoran harus memuat `{sequence}` (nomor urut per tahun), agar dua dokumen tidak bernomor sama",
                "a numbering must contain `{sequence}` (the sequence of the year), so no two documents share a number",
            ),
        )


def _bad_names(text: str, path: tuple[str | int, ...]) -> Iterator[Problem]:
    for name, offset in placeholders(text):
        if not _NAME.match(name):
            yield Problem(
                path,
                "BAD_FORMAT",
                msg(
                    f"`{{{name}}}` bukan nama isian: tulis id kolom layanan, mis. "
                    f"`{{nama_pemohon}}`, atau salah satu dari {_listed(LETTER_PLACEHOLDERS)}",
                    f"`{{{name}}}` is not a placeholder name: write a field id of the service, "
                    f"e.g. `{{nama_pemohon}}`, or one of {_listed(LETTER_PLACEHOLDERS)}",
                ),
                offset=offset,
            )


def listed_letter_placeholders() -> str:
    return _listed(LETTER_PLACEHOLDERS)


def _listed(names: Mapping[str, Text]) -> str:
    return ", ".join(f"`{{{name}}}`" for name in names)


def unknown_letter_placeholders(
    issuer: IssuerSpec, fields: Mapping[str, str], *, skip: tuple[str, ...] = ()
) -> list[str]:
    """Placeholders of ``issuer``'s letter that are neither built in nor a top-level field (``fields``: id → type).

    ``skip``: the parts (``title``, ``body``) the service writes itself, which replace the issuer's.
    """
    texts = [text for key, text in (("title", issuer.letter_title), ("body", issuer.letter_body)) if key not in skip]
    names = [name for text in texts if text for part in (text.id, text.en or "") for name, _ in placeholders(part)]
    return list(dict.fromkeys(name for name in names if unknown_placeholder(name, fields)))


def unknown_placeholder(name: str, fields: Mapping[str, str]) -> bool:
    """A well-formed placeholder name that is neither built in nor a top-level field of the service."""
    return bool(_NAME.match(name)) and name not in LETTER_PLACEHOLDERS and fields.get(name) in (None, "group")


def bundled_issuers_dir() -> Path:
    """The national issuers shipped with the framework (the project's own ``definitions/issuers``)."""
    from framework.core.settings import PROJECT_ROOT

    return PROJECT_ROOT / "definitions" / ISSUERS_DIR


def issuer_folders(root: Path | None) -> list[Path]:
    """Where issuers are read from, the later overriding the earlier: the bundled ones, then the catalog's own."""
    folders = [bundled_issuers_dir()]
    if root is not None and (root / ISSUERS_DIR).resolve() != folders[0].resolve():
        folders.append(root / ISSUERS_DIR)
    return [folder for folder in folders if folder.is_dir()]


def issuer_files(root: Path | None) -> list[Path]:
    """Every issuer file, bundled first (for the cache key and the build)."""
    return [path for folder in issuer_folders(root) for path in yaml_files(folder)]


def load_issuers(
    root: Path | None, regencies: frozenset[str] | None = None
) -> tuple[dict[str, IssuerSpec], list[DefinitionError]]:
    """The declared issuers by id, and the problems of their files (a file with problems is left out)."""
    from framework.definition.catalog import display_name, load_regencies, locate
    from framework.definition.load import load_file
    from framework.definition.normalize import rejoin_split_texts
    from framework.definition.shape import shape_problems

    issuers: dict[str, IssuerSpec] = {}
    errors: list[DefinitionError] = []
    bundled = bundled_issuers_dir()
    for path in issuer_files(root):
        if path.parent == bundled and (root is None or (root / ISSUERS_DIR).resolve() != bundled.resolve()):
            regions = load_regencies(bundled.parent)  # the framework's own issuers, checked against its own reference
        else:
            regions = regencies
        loaded = load_file(path, display_name(path))
        if not loaded.ok or loaded.data is None:
            errors.extend(loaded.errors)
            continue
        errors.extend(locate(loaded, rejoin_split_texts(loaded.data)))
        problems = list(shape_problems(loaded.data, "issuer"))
        if not problems:
            problems = list(issuer_problems(loaded.data, path.stem, regions))
        errors.extend(locate(loaded, problems))
        if not any(p.severity.value == "error" for p in problems):
            issuers[path.stem] = build_issuer(loaded.data, loaded.file)
    return issuers, errors
