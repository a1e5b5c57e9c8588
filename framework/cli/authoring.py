"""`mpp preview`, `mpp import xlsform`, `mpp export xlsform`: authoring without writing YAML by hand."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from framework.cli.definitions import _displays, _language_option, errors_of
from framework.definition.errors import Severity
from framework.definition.messages import current_language, msg
from framework.definition.model import ServiceSpec


def checked_spec(path: Path, language: str, err: bool = False) -> ServiceSpec:
    """The service of ``path``, checked in the context of the catalog as `mpp validate PATH` does.

    Problems are printed exactly as `mpp validate` prints them (on stderr
    with ``err``, when stdout carries a result); an error exits 1.
    """
    from framework.core.settings import definitions_dir
    from framework.definition import load_catalog

    root = definitions_dir()
    catalog = load_catalog(root, [path])
    shown = errors_of(catalog, [path], root)
    for error in shown:
        click.echo(error.format(language), err=err)
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


@click.group("import")
def import_group() -> None:
    """Turn another format into a service definition."""


@import_group.command("xlsform")
@click.argument("form", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="YAML file to write (default: stdout)."
)
@click.option(
    "--template",
    metavar="FILE|SERVICE",
    help=(
        "Take what XLSForm has no place for (sector, provider, standard, prefill, steps, notify) from this definition."
    ),
)
@_language_option
def import_xlsform_command(form: Path, output: Path | None, template: str | None, language: str | None) -> None:
    """Read the XLSForm FORM (read by pyxform) into a definition, and check it as `mpp validate` does.

    Problems in the spreadsheet are printed as `FORM:sheet!CELL (column): CODE message`;
    the definition is written only when there is no error. See docs/authoring.md.
    """
    from framework.authoring.emit import to_yaml
    from framework.authoring.xlsform_import import import_xlsform

    language = language or current_language()
    result = import_xlsform(form, _template_data(template, language) if template else None)
    for found in result.problems:
        click.echo(found.format(str(form), language), err=True)
    if result.data is None:
        sys.exit(1)
    text = to_yaml(result.data, f"imported from {form.name} by `mpp import xlsform`; check it with `mpp validate`")
    _write_checked(text, output, language)


def _write_checked(text: str, output: Path | None, language: str) -> None:
    """Write the YAML (a file, or stdout) and check it in the catalog's context; invalid exits 1."""
    import tempfile

    if output is not None:
        output.write_text(text, encoding="utf-8")
        checked_spec(output, language, err=True)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "imported.yaml"
        path.write_text(text, encoding="utf-8")
        click.echo(text, nl=False)
        checked_spec(path, language, err=True)


def _template_data(template: str, language: str) -> dict:
    """A definition's resolved data, from a file (checked) or a service id of the catalog."""
    path = Path(template)
    if path.is_file():
        return checked_spec(path, language, err=True).data
    return _catalog_spec(template, language).data


def _catalog_spec(service_id: str, language: str) -> ServiceSpec:
    from difflib import get_close_matches

    from framework.core.settings import definitions_dir
    from framework.definition import load_catalog
    from framework.definition.messages import did_you_mean

    catalog = load_catalog(definitions_dir())
    if service_id in catalog.specs:
        return catalog.specs[service_id]
    close = get_close_matches(service_id, sorted(catalog.specs), n=1)
    unknown = msg(
        f"mpp: `{service_id}` bukan berkas maupun layanan di katalog",
        f"mpp: `{service_id}` is neither a file nor a service of the catalog",
    ) + did_you_mean(close[0] if close else None)
    click.echo(unknown.get(language), err=True)
    sys.exit(1)


@click.group("export")
def export_group() -> None:
    """Write a service definition in another format."""


@export_group.command("xlsform")
@click.argument("source", metavar="SERVICE|FILE")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Workbook to write (default: <service id>.xlsx).",
)
@_language_option
def export_xlsform_command(source: str, output: Path | None, language: str | None) -> None:
    """Write a service (an id of the catalog, or a definition file) as an XLSForm pyxform accepts.

    Edit it in a spreadsheet and bring it back with `mpp import xlsform`; the
    round trip keeps fields, conditions, options, rules and the `mpp` sheet's
    standard, steps and prefill. See docs/authoring.md.
    """
    from framework.authoring.xlsform_export import write_xlsform

    language = language or current_language()
    path = Path(source)
    spec = checked_spec(path, language) if path.is_file() else _catalog_spec(source, language)
    target = output or Path(f"{spec.id}.xlsx")
    write_xlsform(spec, target)
    click.echo(msg(f"{target} ditulis", f"{target} written").get(language), err=True)
