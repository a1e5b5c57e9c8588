"""`mpp audit`: the ministry auditor's report over the catalog.

The figures come from ``framework.services.catalog_audit.catalog_audit``,
the function the admin's catalog page calls, so the command and the browser
print the same numbers. Over the files (the default) every definition is
*bundled*; ``--live`` audits what the running system serves (the database's
publications and withdrawals), with each definition's status and last change.

Exit status 0 when every audited service publishes the full service standard
and asks for nothing the registries already hold; 1 otherwise (and when the
definitions do not compile, since an uncompiled service cannot be audited).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from framework.cli.inputs import language_option
from framework.core.text import bilingual
from framework.definition.messages import current_language, msg

if TYPE_CHECKING:
    from framework.definition.audit import ServiceAudit
    from framework.definition.catalog import Catalog
    from framework.services.catalog_audit import CatalogAudit, CatalogEntry, Records


def _both(words: dict, key: str) -> str:
    return bilingual(words[key])


def _words(words: dict, key: str, language: str | None) -> str:
    """One language of a word table's entry, or both (Indonesian first) when ``language`` is None."""
    return bilingual(words[key]) if language is None else words[key].get(language)


def _status(result: ServiceAudit, language: str) -> str:
    if not result.compliant:
        return msg("TIDAK PATUH", "NON-COMPLIANT").get(language)
    return (msg("DITANDAI", "FLAGGED") if result.flagged else msg("PATUH", "COMPLIANT")).get(language)


def _fee(entry: CatalogEntry, currency: str = "Rp ") -> str:
    from framework.services.catalog_audit import fee_figure

    return "-" if entry.fee is None else f"{currency}{fee_figure(entry.fee)}"


def _figures(entry: CatalogEntry, language: str) -> str:
    """Region, version, SLA, fee and status: what an auditor compares across a service's variants."""
    from framework.services.catalog_audit import STATUS_WORDS

    region = entry.region or msg("nasional", "national").get(language)
    return (
        f"{region}, v{entry.version}, SLA {entry.sla or '-'}, {_fee(entry)}, "
        f"{_words(STATUS_WORDS, entry.status, language)}"
    )


def _last(entry: CatalogEntry, language: str | None = None) -> str:
    """What changed last, by whom and when, in WIB as the admin's catalog page says it (the database keeps UTC:
    printed bare, 22.35 WIB on the page read as 15:35 here)."""
    from datetime import UTC

    from framework.services.catalog_audit import ACTION_WORDS
    from framework.workflow.calendar import WIB

    change = entry.last_change
    if change is None:
        return "-"
    at = (change.at if change.at.tzinfo else change.at.replace(tzinfo=UTC)).astimezone(WIB)
    return f"{_words(ACTION_WORDS, change.action, language)}, {change.actor}, {at:%Y-%m-%d %H:%M} WIB"


def _not_audited(entry: CatalogEntry, language: str) -> str:
    from framework.services.catalog_audit import KIND_WORDS, STATUS_WORDS, TEMPLATE

    why = (
        _words(KIND_WORDS, TEMPLATE, language)
        if entry.kind == TEMPLATE
        else _words(STATUS_WORDS, entry.status, language)
    )
    return f"{why.upper()} ({msg('tidak diaudit', 'not audited').get(language)})"


def render_text(audit: CatalogAudit, language: str = "id") -> str:
    """The operator's console report, in one language (the Markdown report is the bilingual document)."""
    lines = []
    for entry in audit.entries:
        result = entry.audit
        verdict = _status(result, language) if result else _not_audited(entry, language)
        lines.append(f"{entry.service} [{_figures(entry, language)}]: {verdict}")
        if entry.last_change:
            lines.append(f"  {msg('terakhir', 'last').get(language)}: {_last(entry, language)}")
        for finding in result.findings if result else ():
            lines.append(f"  {finding.code} [{finding.where}] {finding.message.get(language)}")
    summary = audit.report.as_dict()
    lines.append(
        msg(
            f"{summary['services']} layanan diaudit; {summary['non_compliant']} tidak patuh; "
            f"{summary['flagged']} ditandai",
            f"{summary['services']} services audited; {summary['non_compliant']} non-compliant; "
            f"{summary['flagged']} flagged",
        ).get(language)
    )
    return "\n".join(lines)


def render_json(audit: CatalogAudit, _language: str = "id") -> str:
    return json.dumps(audit.as_dict(), ensure_ascii=False, indent=2)


def render_markdown(audit: CatalogAudit, _language: str = "id") -> str:
    """The published report: bilingual whatever the language asked for, like every published standard."""
    from framework.services.catalog_audit import KIND_WORDS, STATUS_WORDS

    lines = [
        "# Audit layanan / Service audit",
        "",
        "| layanan / service | wilayah / region | versi / version | SLA | biaya / fee | standar / standard "
        "| minimisasi data / data minimisation | jenis / kind | status | perubahan terakhir / last change |",
        "|---|---|---:|---|---:|---|---|---|---|---|",
    ]
    for entry in audit.entries:
        result = entry.audit
        standard = (
            "-" if result is None else "patuh / compliant" if result.compliant else "**tidak patuh / non-compliant**"
        )
        flags = (
            "-"
            if result is None
            else f"**{len(result.flagged)} ditandai / flagged**"
            if result.flagged
            else "bersih / clean"
        )
        lines.append(
            f"| `{entry.service}` {entry.title.id} | {entry.region or '-'} | {entry.version} "
            f"| {entry.sla or '-'} | {_fee(entry, '')} | {standard} | {flags} | "
            f"{_both(KIND_WORDS, entry.kind)} | {_both(STATUS_WORDS, entry.status)} | {_last(entry)} |"
        )
    for entry in audit.audited:
        if entry.audit and entry.audit.findings:
            lines += ["", f"## `{entry.service}`", ""]
            lines += [f"- `{f.code}` ({f.where}): {f.message.id} — *{f.message.en}*" for f in entry.audit.findings]
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[CatalogAudit, str], str]] = {
    "text": render_text,
    "json": render_json,
    "md": render_markdown,
}


def _files_catalog() -> tuple[Catalog, None]:
    from framework.core.settings import definitions_dir
    from framework.definition import load_catalog

    return load_catalog(definitions_dir()), None


def _live_catalog() -> tuple[Catalog, Records]:
    from framework.cli.db import database_session
    from framework.core import settings
    from framework.services import catalog_audit, publication

    with database_session() as session:
        live = publication.live_catalog(session, settings.definitions_dir(), settings.instance_dir() / "published")
        return live.catalog, catalog_audit.records(session)


@click.command("audit")
@click.argument("services", nargs=-1)
@click.option("--format", "output", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True)
@click.option(
    "--live",
    is_flag=True,
    help="Audit what the running system serves (MPP_DATABASE_URL: publications, withdrawals, proposals), "
    "with each definition's status and last change, as the admin's catalog page shows it.",
)
@language_option
def audit_command(services: tuple[str, ...], output: str, live: bool, language: str | None) -> None:
    """Audit services against the service standard (Permenpan-RB 15/2014) and data minimisation.

    SERVICES are service ids; every definition when none are given (templates
    and services taking no applications are listed, not audited).
    Exits 1 when a service is non-compliant or asks for registry data again.
    The text report is in one language (--lang, else MPP_LANG, else Indonesian);
    the Markdown report is bilingual, as it is published; JSON carries both.
    """
    from framework.definition.errors import Severity
    from framework.services.catalog_audit import catalog_audit

    language = language or current_language()
    catalog, found = _live_catalog() if live else _files_catalog()
    broken = [e for e in catalog.errors if e.severity is Severity.ERROR]
    for error in broken:
        click.echo(error.format(language), err=True)
    audit = catalog_audit(catalog, found, services=services)
    unknown = sorted(set(services) - {entry.service for entry in audit.entries})
    for service_id in unknown:
        unknown_text = msg(f"tidak ada layanan `{service_id}` di katalog", f"no service `{service_id}` in the catalog")
        click.echo(f"mpp audit: {unknown_text.get(language)}", err=True)
    click.echo(RENDERERS[output](audit, language))
    sys.exit(0 if audit.report.ok and not broken and not unknown else 1)
