"""`generated/index.md`: every offered service with links to its documents.

The entry point for a newcomer or an auditor browsing generated/ on GitHub:
one table per sector, national services and regional variants together.
"""

from __future__ import annotations

from itertools import groupby

from framework.definition import Catalog
from framework.definition.model import ServiceSpec
from framework.generate.standard import duration_text

SECTORS: dict[str, str] = {
    "adminduk": "Administrasi kependudukan / Civil registration",
    "nakes": "Perizinan tenaga kesehatan / Health-worker licensing",
}


def _links(spec: ServiceSpec) -> str:
    base = f"services/{spec.id}"
    links = [
        f"[standar]({base}/standard.id.md) ([HTML]({base}/standard.id.html))",
        f"[standard]({base}/standard.en.md) ([HTML]({base}/standard.en.html))",
        f"[alur / workflow]({base}/workflow.mmd)",
        f"[payload schema]({base}/payload.schema.json)",
    ]
    return " · ".join(links)


def _row(spec: ServiceSpec) -> str:
    where = f"{spec.region} (← `{spec.extends}`)" if spec.region else "nasional / national"
    title = f"{spec.title.id} / {spec.title.en or spec.title.id}".replace("|", "\\|")
    return f"| `{spec.id}` | {title} | {where} | {duration_text(spec.standard.sla, 'id')} | {_links(spec)} |"


def index_markdown(catalog: Catalog) -> str:
    offered = catalog.offered()
    lines = [
        "# Katalog layanan / Service catalog",
        "",
        "Dibuat oleh `mpp generate` dari `definitions/`; jangan diubah dengan "
        "tangan. / Written by `mpp generate` from `definitions/`; do not edit by hand.",
        "",
        f"{len(offered)} layanan / services. Meta-schema: "
        f"[schema/service-definition.schema.json](schema/service-definition.schema.json). "
        f"JSON API: [openapi.json](openapi.json).",
    ]
    for sector, specs in groupby(sorted(offered, key=lambda s: (s.sector, s.id)), key=lambda s: s.sector):
        lines += [
            "",
            f"## {SECTORS.get(sector, sector)}",
            "",
            "| id | layanan / service | wilayah / region | SLA | dokumen / documents |",
            "|---|---|---|---|---|",
        ]
        lines += [_row(spec) for spec in specs]
    return "\n".join(lines) + "\n"


def catalog_index(catalog: Catalog) -> dict[str, str]:
    """Generator: ``index.md``."""
    return {"index.md": index_markdown(catalog)}
