"""`mpp import xlsform`: an XLSForm → a service definition, or located problems.

The pipeline, each stage small (as pyxform's read → normalise → build → emit):

1. read: ``xlsform_read.read_workbook`` (pyxform's reader; rows and cells located);
2. structure: rows → pages, fields, repeating groups, documents (``xlsform_structure``);
3. meaning: types, choices, texts → field keys (``xlsform_fields``); relevant/constraint
   XPath → ``when``, bounds and ``rules`` over the form's names (``xlsform_conditions``);
4. the rest of a definition: the `mpp` sheet, then ``--template``, then defaults;
5. emit: ``emit.to_yaml``.

Every problem is collected (sheet, row, column), never raised; the result
carries no definition when any problem is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from framework.authoring.problems import ImportProblem, has_errors
from framework.authoring.xlsform_fields import Builder
from framework.authoring.xlsform_origins import Origins
from framework.authoring.xlsform_read import Workbook, problem, read_workbook
from framework.authoring.xlsform_structure import DOCUMENTS_GROUP, Structure
from framework.core.numbers import whole_number
from framework.core.text import msg
from framework.definition.metaschema import SERVICE_ID_PATTERN

__all__ = ["DOCUMENTS_GROUP", "Imported", "import_xlsform"]

MPP_KEYS = ("title", "summary", "sector", "provider", "issuer", "standard", "prefill", "rules", "steps", "notify")
TEMPLATE_KEYS = ("sector", "provider", "issuer", "standard", "prefill", "steps", "notify")  # taken from --template
# what an XLSForm has no place for, when neither the `mpp` sheet nor --template says it
DEFAULTS: dict[str, Any] = {
    "sector": "umum",
    "provider": "dpmptsp",
    "standard": {"sla": "5d", "fee": 0, "complaints": "lapor"},
    "steps": [
        {
            "id": "verifikasi",
            "title": {"id": "Verifikasi berkas", "en": "Document check"},
            "role": "operator_dpmptsp",
            "sla": "3d",
            "actions": ["approve", "return", "reject"],
        }
    ],
}
DEFAULT_LOOKUP = {"source": "ikd", "by": "applicant"}
TOP_ORDER = (
    "service",
    "version",
    "title",
    "summary",
    "sector",
    "provider",
    "issuer",
    "extends",
    "region",
    "template",
    "standard",
    "prefill",
    "pages",
    "documents",
    "rules",
    "steps",
    "notify",
)


@dataclass
class Imported:
    """The definition read from an XLSForm (None when a problem is an error), and every problem."""

    data: dict[str, Any] | None
    problems: list[ImportProblem]
    service: str = ""
    origins: Origins | None = None  # the row each page, field and document came from, to locate later problems


def _mpp_sheet(workbook: Workbook, problems: list[ImportProblem]) -> dict[str, Any]:
    """The `mpp` sheet: one top-level key per row, its value as YAML."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    found: dict[str, Any] = {}
    for number, key, value in workbook.extra:
        if key == "key":
            continue
        where = workbook.at("mpp", number, "value" if key in MPP_KEYS else "key")
        if key not in MPP_KEYS:
            text = msg(f"kunci `{key}` tidak dikenal; yang dikenal: ", f"unknown key `{key}`; known: ")
            problems.append(problem(where, "XLSFORM_BAD_VALUE", text + msg(", ".join(MPP_KEYS), ", ".join(MPP_KEYS))))
            continue
        try:
            found[key] = YAML(typ="safe").load(value)
        except YAMLError as exc:
            detail = str(getattr(exc, "problem", "") or exc)
            problems.append(
                problem(where, "XLSFORM_BAD_VALUE", msg(f"YAML tidak sah: {detail}", f"invalid YAML: {detail}"))
            )
    return found


def _identity(workbook: Workbook, sector: str | None, problems: list[ImportProblem]) -> dict[str, Any]:
    """service, version and title from the settings sheet (form_id, version, form_title)."""
    settings = workbook.settings
    form_id = settings.get("form_id") or workbook.path.stem
    version = settings.get("version", "1")
    number = whole_number(version, low=1)
    if number is None:
        where = workbook.at("settings", 2, "version")
        text = msg(
            f"versi `{version}` bukan bilangan bulat; dipakai 1",
            f"version `{version}` is not a whole number; 1 is used",
        )
        problems.append(problem(where, "XLSFORM_ASSUMED", text))
        number = 1
    if not re.match(SERVICE_ID_PATTERN, form_id):
        slug = re.sub(r"[^a-z0-9-]+", "-", form_id.lower()).strip("-") or "layanan"
        form_id = f"{sector or DEFAULTS['sector']}.{slug}"
    title = settings.get("form_title") or form_id
    return {"service": form_id, "version": number, "title": {"id": title}}


def _rest(workbook: Workbook, template: Mapping[str, Any] | None, problems: list[ImportProblem]) -> dict[str, Any]:
    """The keys an XLSForm has no place for: the `mpp` sheet, then the template, then defaults (with a warning)."""
    sheet = _mpp_sheet(workbook, problems)
    chosen = {**sheet, **{k: v for k, v in (template or {}).items() if k in TEMPLATE_KEYS}}
    identity = _identity(workbook, chosen.get("sector"), problems)
    chosen["sector"] = identity["service"].split(".", 1)[0]  # the service id starts with its sector
    # a declared issuer acts when no provider is named: no default provider then
    assumed = [key for key in DEFAULTS if key not in chosen and not (key == "provider" and "issuer" in chosen)]
    for key in assumed:
        chosen[key] = DEFAULTS[key]
    if assumed:
        text = msg(
            f"XLSForm tidak menyatakan {', '.join(assumed)}; dipakai nilai bawaan (lembar `mpp` atau --template)",
            f"the XLSForm does not say {', '.join(assumed)}; defaults are used (the `mpp` sheet or --template)",
        )
        problems.append(problem(workbook.at("settings", 0, ""), "XLSFORM_ASSUMED", text))
    return {**identity, **chosen}


def import_xlsform(path: Path, template: Mapping[str, Any] | None = None) -> Imported:
    """Read the XLSForm at ``path`` into a definition; ``template``: a definition whose non-form keys to take."""
    workbook, problems = read_workbook(path)
    if workbook is None:
        return Imported(None, problems)
    structure = Structure(workbook, problems)
    structure.run()
    builder = Builder(workbook, structure, problems)
    data = _rest(workbook, template, problems)
    data["summary"] = data.get("summary") or data["title"]
    data["pages"] = builder.pages()
    documents = [builder.document(row) for row in structure.documents]
    rules = builder.rules() + list(data.get("rules") or [])
    data.update({"documents": documents, "rules": rules})
    data["prefill"] = _lookups(data.get("prefill"), builder.used_lookups, workbook, problems)
    ordered = {key: data[key] for key in TOP_ORDER if data.get(key) not in (None, [], {})}
    origins = Origins.of(workbook, structure)
    return Imported(None if has_errors(problems) else ordered, problems, ordered["service"], origins)


def _lookups(
    declared: Mapping[str, Any] | None, used: set[str], workbook: Workbook, problems: list[ImportProblem]
) -> dict[str, Any]:
    """Lookups `mpp_prefill` names but nothing declares: the applicant's IKD record, with a warning."""
    lookups = {name: lookup for name, lookup in (declared or {}).items() if name in used}
    for name in sorted(used - set(lookups)):
        lookups[name] = dict(DEFAULT_LOOKUP)
        text = msg(
            f"lookup `{name}` dianggap data IKD pemohon (`{{source: ikd, "
            f"by: applicant}}`); nyatakan di lembar `mpp` (`prefill`)",
            f"lookup `{name}` is taken as the applicant's IKD record (`{{source: "
            f"ikd, by: applicant}}`); declare it on the `mpp` sheet (`prefill`)",
        )
        problems.append(problem(workbook.at("survey", 0, "mpp_prefill"), "XLSFORM_ASSUMED", text))
    return lookups


def problem_lines(problems: list[ImportProblem], file: str, language: str | None = None) -> Iterator[str]:
    for found in problems:
        yield found.format(file, language)
