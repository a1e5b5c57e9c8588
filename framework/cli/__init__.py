"""The `mpp` command. Each command group lives in its own module and imports
what it needs lazily, so `mpp validate` never pays for Flask or SQLAlchemy."""

from __future__ import annotations

import click

from framework.cli.audit import audit_command
from framework.cli.authoring import export_group, import_group, preview_command
from framework.cli.database import DatabaseGroup
from framework.cli.db import db_group, sla_group, token_group, user_group
from framework.cli.definitions import diff_command, generate_command, validate_command
from framework.cli.figures import figures_group
from framework.cli.maintenance import audit_log_group, purge_command
from framework.cli.publication import definitions_group
from framework.cli.serve import serve_command
from framework.cli.worker import plugins_command, worker_command
from framework.core import settings


@click.group(cls=DatabaseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mpp-digital")
def main() -> None:
    """MPP Digital: declare public services in YAML, get forms, workflow, API and documents."""
    try:
        settings.environment()  # a mistyped MPP_ENV stops every command, never read as development
        settings.definitions_dir()  # and a mistyped MPP_DEFINITIONS, never read as an empty catalog
    except settings.SettingError as exc:
        raise click.ClickException(str(exc)) from None


main.add_command(validate_command)
main.add_command(diff_command)
main.add_command(generate_command)
main.add_command(plugins_command)
main.add_command(audit_command)
main.add_command(worker_command)
main.add_command(db_group)
main.add_command(user_group)
main.add_command(token_group)
main.add_command(sla_group)
main.add_command(serve_command)
main.add_command(definitions_group)
main.add_command(preview_command)
main.add_command(import_group)
main.add_command(export_group)
main.add_command(purge_command)
main.add_command(audit_log_group)
main.add_command(figures_group)
