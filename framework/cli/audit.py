"""`mpp audit`: the ministry auditor's report over the catalog.

Exit status 0 when every audited service publishes the full service standard
and asks for nothing the registries already hold; 1 otherwise (and when the
definitions do not compile, since an uncompiled service cannot be audited).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

import click

from framework.definition.audit import AuditReport, ServiceAudit


def _status(result: ServiceAudit) -> str:
    if not result.compliant:
        return "TIDAK PATUH / NON-COMPLIANT"
    return "DITANDAI / FLAGGED" if result.flagged else "PATUH / COMPLIANT"


def _figures(result: ServiceAudit) -> str:
    """Region, version, SLA and fee: what an auditor compares across a service's variants."""
    fee = "-" if result.fee is None else f"Rp {result.fee:g}"
    return f"{result.region or 'nasional/national'}, v{result.version}, SLA {result.sla or '-'}, {fee}"


def render_text(report: AuditReport) -> str:
    lines = []
    for result in report.services:
        lines.append(f"{result.service} [{_figures(result)}]: {_status(result)}")
        for finding in result.findings:
            lines.append(f"  {finding.code} [{finding.where}] {finding.message.id} / {finding.message.en}")
    summary = report.as_dict()
    lines.append(
        f"{summary['services']} layanan diaudit / services audited; {summary['non_compliant']} tidak patuh / non-compliant; {summary['flagged']} ditandai / flagged"
    )
    return "\n".join(lines)


def render_json(report: AuditReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


def render_markdown(report: AuditReport) -> str:
    lines = [
        "# Audit layanan / Service audit",
        "",
        "| layanan / service | wilayah / region | versi / version | SLA | biaya / fee | standar / standard | minimisasi data / data minimisation |",
        "|---|---|---:|---|---:|---|---|",
    ]
    for result in report.services:
        standard = "patuh / compliant" if result.compliant else "**tidak patuh / non-compliant**"
        flags = f"**{len(result.flagged)} ditandai / flagged**" if result.flagged else "bersih / clean"
        fee = "-" if result.fee is None else f"{result.fee:g}"
        lines.append(
            f"| `{result.service}` {result.title.id} | {result.region or '-'} | {result.version} | {result.sla or '-'} | {fee} | {standard} | {flags} |"
        )
    details = [r for r in report.services if r.findings]
    for result in details:
        lines += ["", f"## `{result.service}`", ""]
        lines += [f"- `{f.code}` ({f.where}): {f.message.id} — *{f.message.en}*" for f in result.findings]
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[AuditReport], str]] = {"text": render_text, "json": render_json, "md": render_markdown}


@click.command("audit")
@click.argument("services", nargs=-1)
@click.option("--format", "output", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True)
def audit_command(services: tuple[str, ...], output: str) -> None:
    """Audit services against the service standard (Permenpan-RB 15/2014) and data minimisation.

    SERVICES are service ids; all offered services when none are given.
    Exits 1 when a service is non-compliant or asks for registry data again.
    """
    from framework.core.settings import definitions_dir
    from framework.definition import load_catalog
    from framework.definition.audit import audit_specs
    from framework.definition.errors import Severity

    catalog = load_catalog(definitions_dir())
    broken = [e for e in catalog.errors if e.severity is Severity.ERROR]
    for error in broken:
        click.echo(str(error), err=True)
    unknown = [s for s in services if s not in catalog.specs]
    for service_id in unknown:
        click.echo(f"mpp audit: no service `{service_id}` in the catalog", err=True)
    specs = [catalog.specs[s] for s in services if s in catalog.specs] if services else catalog.offered()
    report = audit_specs(specs)
    click.echo(RENDERERS[output](report))
    sys.exit(0 if report.ok and not broken and not unknown else 1)
