"""`mpp preview`, `mpp import xlsform`, `mpp export xlsform`: authoring without writing YAML by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from framework.cli.definitions import _displays, _is_reference, _language_option
from framework.definition.errors import Severity
from framework.definition.messages import current_language, msg
from framework.definition.model import ServiceSpec


def checked_spec(path: Path, language: str) -> ServiceSpec:
    """The service of ``path``, checked in the context of the catalog as `mpp validate PATH` does.

    Problems are printed exactly as `mpp validate` prints them; an error exits 1.
    """
    from framework.core.settings import definitions_dir
    from framework.definition import load_catalog

    root = definitions_dir()
    catalog = load_catalog(root, [path])
    shown = catalog.errors_for(_displays([path])) + [e for e in catalog.errors if _is_reference(e.file, root)]
    for error in shown:
        click.echo(error.format(language))
    service_id = next((catalog.files[name] for name in _displays([path]) if name in catalog.files), None)
    if any(e.severity is Severity.ERROR for e in shown) or service_id is None or service_id not in catalog.specs:
        sys.exit(1)
    return catalog.specs[service_id]


@click.command("preview")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the pages into (default: preview/<service id>).",
)
@click.option("--nik", default=None, help="NIK of the sandbox applicant to prefill from (default: one is chosen).")
@_language_option
def preview_command(file: Path, out: Path | None, nik: str | None, language: str | None) -> None:
    """Write every page of FILE's citizen form as static HTML, in both languages, with an index.

    Fields are prefilled from the sandbox registries as for a signed-in
    citizen; no database, server or sign-in is needed. A definition with
    errors prints them as `mpp validate` does and exits 1.
    """
    language = language or current_language()
    spec = checked_spec(file, language)
    from framework.forms.sample import sample_draft
    from framework.web.preview import INDEX, preview_app, write_preview

    folder = out or Path("preview") / spec.id
    written = write_preview(preview_app(spec), spec, sample_draft(spec, applicant=nik), folder)
    done = msg(
        f"{len(written)} halaman ditulis; buka {folder / INDEX}",
        f"{len(written)} page(s) written; open {folder / INDEX}",
    )
    click.echo(done.get(language), err=True)
