"""`mpp preview`, `mpp import xlsform`, `mpp export xlsform`: authoring without writing YAML by hand."""

from __future__ import annotations

import os
import secrets
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from framework.cli.definitions import _displays, errors_of
from framework.cli.inputs import language_option
from framework.definition.errors import DefinitionError, Severity
from framework.definition.messages import current_language, msg
from framework.definition.model import ServiceSpec

if TYPE_CHECKING:
    from framework.authoring.xlsform_origins import Origins

STDOUT = "<stdout>"  # the name a problem of YAML printed on stdout is shown under


def catalog_check(path: Path) -> tuple[ServiceSpec | None, list[DefinitionError]]:
    """The service of ``path`` checked in the context of the catalog as `mpp validate PATH` does, and its problems.

    The service is None when a problem is an error (or the file declares no
    service), so a caller decides how to show the problems before refusing.
    """
    from framework.core.settings import definitions_dir
    from framework.definition import load_catalog

    root = definitions_dir()
    catalog = load_catalog(root, [path])
    shown = errors_of(catalog, [path], root)
    service_id = next((catalog.files[name] for name in _displays([path]) if name in catalog.files), None)
    if any(e.severity is Severity.ERROR for e in shown) or service_id is None or service_id not in catalog.specs:
        return None, shown
    return catalog.specs[service_id], shown


def checked_spec(path: Path, language: str, err: bool = False) -> ServiceSpec:
    """The service of ``path``, checked in the context of the catalog as `mpp validate PATH` does.

    Problems are printed exactly as `mpp validate` prints them (on stderr
    with ``err``, when stdout carries a result); an error exits 1.
    """
    spec, shown = catalog_check(path)
    for error in shown:
        click.echo(error.format(language), err=err)
    if spec is None:
        sys.exit(1)
    return spec


def output_folder(target: Path, language: str) -> None:
    """Refuse, as click's usage error at ``-o`` (exit 2), an output file whose folder does not exist.

    Why: a mistyped folder is the author's slip, told before any work is
    done; creating folders behind their back would hide it.
    """
    folder = target.parent
    if os.path.isdir(folder):  # os.path: a name the system refuses is no folder, never an exception
        return
    refusal = (
        msg(f"`{folder}` bukan folder", f"`{folder}` is not a folder")
        if os.path.exists(folder)
        else msg(
            f"folder `{folder}` tidak ada; buat dulu, atau tulis ke folder yang sudah ada",
            f"the folder `{folder}` does not exist; create it first, or write into a folder that exists",
        )
    )
    context = click.get_current_context(silent=True)
    raise click.BadParameter(refusal.get(language), ctx=context, param_hint="'-o' / '--output'")


@contextmanager
def replaced_whole(target: Path, language: str) -> Iterator[Path]:
    """A new file beside ``target`` to write into; it replaces ``target`` only when the block ends normally.

    Why: every command that writes an output file (``-o``) leaves either the
    complete new file or the old one untouched, never half a file or one a
    check refused. The file is in the same folder, so the rename is atomic,
    and hidden (a dot name, skipped by the catalog and `mpp validate DIR`);
    it is removed however the block ends (a refused check, a crash). A
    folder that does not exist is a usage error (exit 2); a file the system
    refuses to create or write is an error naming it (exit 1).
    """
    target = target.resolve() if os.path.islink(target) else target  # through a link, as writing over it would
    output_folder(target, language)
    temporary = target.with_name(f".{target.stem}.{secrets.token_hex(4)}{target.suffix}")
    try:
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # the umask applies
    except OSError as exc:
        raise _unwritable(target, exc, language) from None
    try:
        if os.path.exists(target):  # keep the mode of the file it replaces, as writing over it would
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        yield temporary
        os.replace(temporary, target)
    except OSError as exc:
        raise _unwritable(target, exc, language) from None
    finally:
        temporary.unlink(missing_ok=True)


def _unwritable(target: Path, exc: OSError, language: str) -> click.ClickException:
    reason = exc.strerror or str(exc)
    return click.ClickException(
        msg(f"{target} tidak dapat ditulis ({reason})", f"{target} cannot be written ({reason})").get(language)
    )


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
@language_option
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
@language_option
def import_xlsform_command(form: Path, output: Path | None, template: str | None, language: str | None) -> None:
    """Read the XLSForm FORM (read by pyxform) into a definition, and check it as `mpp validate` does.

    Problems are printed as `FORM:sheet!CELL (column): CODE message`, also
    those the check finds in a field, page, option or document read from a
    row; the rest at their line of the YAML. The definition is written only
    when there is no error: an existing FILE is otherwise left as it was.
    Exit status: 0 written; 1 an error in the form or the definition, or
    FILE cannot be written; 2 a usage error (the folder of FILE does not
    exist). See docs/authoring.md.
    """
    from framework.authoring.emit import to_yaml
    from framework.authoring.xlsform_import import import_xlsform

    language = language or current_language()
    if output is not None:
        output_folder(output, language)
    result = import_xlsform(form, _template_data(template, language) if template else None)
    for found in result.problems:
        click.echo(found.format(str(form), language), err=True)
    if result.data is None:
        _refuse(output, language)
    text = to_yaml(result.data, f"imported from {form.name} by `mpp import xlsform`; check it with `mpp validate`")
    if output is None:
        _print_checked(text, form, result.origins, language)
        return
    with replaced_whole(output, language) as temporary:
        temporary.write_text(text, encoding="utf-8")
        if not _check_imported(temporary, form, result.origins, _displays([output])[0], language):
            _refuse(output, language, checked=True)


def _print_checked(text: str, form: Path, origins: Origins | None, language: str) -> None:
    """Print the YAML on stdout and check it in the catalog's context; invalid exits 1."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "imported.yaml"
        path.write_text(text, encoding="utf-8")
        click.echo(text, nl=False)
        if not _check_imported(path, form, origins, STDOUT, language):
            sys.exit(1)


def _refuse(output: Path | None, language: str, checked: bool = False) -> NoReturn:
    """Exit 1, saying that FILE (when one was asked for) was not written, so the author does not open the old one.

    After the check (``checked``), a problem outside the spreadsheet's rows
    names a line of YAML that exists nowhere yet: say where to see it.
    """
    if output is not None:
        refused = msg(
            f"mpp: {output} tidak ditulis karena kesalahan di atas",
            f"mpp: {output} was not written because of the errors above",
        )
        if checked:
            refused += msg(
                " (nomor baris di atas adalah baris YAML yang dicetak `mpp import xlsform` tanpa -o)",
                " (the line numbers above are those of the YAML `mpp import xlsform` prints without -o)",
            )
        click.echo(refused.get(language), err=True)
    sys.exit(1)


def _check_imported(path: Path, form: Path, origins: Origins | None, shown_as: str, language: str) -> bool:
    """Check the definition imported from ``form`` (written at ``path``) and print its problems; True when valid.

    A problem of a value read from a spreadsheet row is shown at its cell,
    where the author fixes it; any other at its line of the YAML, under the
    name the author knows it by (``shown_as``: FILE, or ``<stdout>``), never
    the temporary file's.
    """
    spec, shown = catalog_check(path)
    [name] = _displays([path])
    for error in shown:
        where = origins.cell(error.path) if origins is not None and error.file == name else None
        if where is not None:
            click.echo(_at_cell(error, form, where, language), err=True)
        else:
            click.echo(replace(error, file=shown_as if error.file == name else error.file).format(language), err=True)
    return spec is not None


def _at_cell(error: DefinitionError, form: Path, where: tuple[str, int, str, str], language: str) -> str:
    """``FORM:survey!B3 (name): CODE message``, as the import's own problems are printed."""
    from framework.authoring.problems import ImportProblem

    sheet, row, letter, header = where
    cell = ImportProblem(sheet, row, letter, header, error.code, error.text).cell
    located = error.format(language).removeprefix(f"{error.file}:{error.line}:{error.col}: ")
    return f"{form}:{cell} ({header}): {located}"


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
@language_option
def export_xlsform_command(source: str, output: Path | None, language: str | None) -> None:
    """Write a service (an id of the catalog, or a definition file) as an XLSForm pyxform accepts.

    Edit it in a spreadsheet and bring it back with `mpp import xlsform`; the
    round trip keeps fields, conditions, options, rules and the `mpp` sheet's
    standard, steps and prefill. The workbook replaces an existing one whole,
    or not at all. Exit status: 0 written; 1 an invalid or unknown service,
    or the workbook cannot be written; 2 a usage error (the folder of -o does
    not exist). See docs/authoring.md.
    """
    from framework.authoring import xlsform_export

    language = language or current_language()
    if output is not None:
        output_folder(output, language)
    path = Path(source)
    spec = checked_spec(path, language) if path.is_file() else _catalog_spec(source, language)
    target = output or Path(f"{spec.id}.xlsx")
    with replaced_whole(target, language) as temporary:
        xlsform_export.write_xlsform(spec, temporary)
    click.echo(msg(f"{target} ditulis", f"{target} written").get(language), err=True)
