"""The first YAML of a builder draft: blank, a regional variant of a national service, a copy, a file.

Each start gives a definition the checker can already read, with the
region of the admin who builds it, so the builder shows what is missing as
located problems from the first screen on.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from framework.authoring.document import Document
from framework.core.text import Text
from framework.definition.errors import DefinitionError
from framework.definition.load import load_bytes

NEW_STANDARD = {"sla": "5d", "fee": 0, "complaints": "lapor"}
MAX_UPLOAD = (
    5 * 1024 * 1024 + 1
)  # an XLSForm with pictures can be a few MB; a YAML file over 1 MB is refused by the checker


def slug(text: str) -> str:
    """``Surat Keterangan Tidak Mampu`` → ``surat-keterangan-tidak-mampu``."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:60] or "layanan"


def blank_source(sector: str, name: str, title: Text, region: str) -> str:
    """A new service of ``region`` with what every definition needs, to be filled in."""
    sector = slug(sector or "umum")
    data = {
        "service": f"{sector}.{slug(name or title.id)}",
        "version": 1,
        "title": title.as_dict(),
        "summary": title.as_dict(),
        "sector": sector,
        "region": region,
        "standard": dict(NEW_STANDARD),
        "pages": [],
        "steps": [],
    }
    return _quoted_region(Document.new(data)).dump()


def _quoted_region(document: Document) -> Document:
    """`region: "73.06"` in double quotes, as the hand-written definitions and the docs write it."""
    if isinstance(document.root.get("region"), str):
        document.root["region"] = DoubleQuotedScalarString(document.root["region"])
    return document


def variant_source(template_id: str, region: str) -> str:
    """A regional variant of ``template_id``: it changes nothing until the author does."""
    data = {"service": f"{template_id}.{region_slug(region)}", "version": 1, "extends": template_id, "region": region}
    return _quoted_region(Document.new(data)).dump()


def region_slug(region: str) -> str:
    """``73.06`` → ``gowa`` (Kabupaten Gowa); ``34.71`` → ``kota-yogyakarta``."""
    from framework.forms.regions import region_table

    name = region_table().name(region) or region
    return slug(re.sub(r"^(kabupaten|kab\.)\s+", "", name, flags=re.IGNORECASE))


def copy_source(source: str, version: int) -> str:
    """A live service's own file with its next version: comments and order as its author left them."""
    document = Document.parse(source)
    document.root["version"] = version
    return document.dump()


def with_region(source: str, region: str) -> str:
    """An uploaded file, given the admin's region when it names none (a region proposes for itself)."""
    document = Document.parse(source)
    if "region" not in document.root and "template" not in document.root:
        document.root.insert(len(document.root), "region", DoubleQuotedScalarString(region))
    return document.dump()


@dataclass(frozen=True)
class Imported:
    """An XLSForm read by `mpp import xlsform`: its YAML (None on errors) and the problem lines (sheet!cell)."""

    source: str | None
    problems: list[str]


def xlsform_source(filename: str, content: bytes, region: str, language: str | None = None) -> Imported:
    """An uploaded XLSForm → YAML, with the import's located problems in ``language`` (default: ``MPP_LANG``)."""
    from framework.authoring.emit import to_yaml
    from framework.authoring.problems import has_errors
    from framework.authoring.xlsform_import import import_xlsform, problem_lines

    name = Path(filename).name or "formulir.xlsx"
    with tempfile.TemporaryDirectory(prefix="mpp-xlsform-") as folder:
        path = Path(folder) / (name if name.endswith((".xlsx", ".xls")) else name + ".xlsx")
        path.write_bytes(content)
        imported = import_xlsform(path)
    lines = list(problem_lines(imported.problems, name, language))
    if imported.data is None or has_errors(imported.problems):
        return Imported(None, lines)
    data = {**imported.data, "region": imported.data.get("region", region)}
    return Imported(to_yaml(data, f"Diimpor dari {name} / imported from {name}"), lines)


def upload_source(filename: str, content: bytes, region: str) -> tuple[str | None, list[DefinitionError]]:
    """An uploaded YAML definition as written (with the admin's region), or the checker's located reasons it cannot be
    read.
    """
    loaded = load_bytes(content, Path(filename).name or "definisi.yaml")
    if not loaded.ok:
        return None, list(loaded.errors)
    return with_region(loaded.text, region), []
