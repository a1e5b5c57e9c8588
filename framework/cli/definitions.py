"""`mpp validate`, `mpp diff`, `mpp generate`: the definition author's commands."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from framework.cli.inputs import language_option
from framework.definition.errors import DefinitionError, Severity
from framework.definition.messages import current_language, msg

NO_DEFINITIONS = msg("folder ini tidak berisi definisi (.yaml)", "this folder holds no definitions (.yaml)")


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on warnings too (e.g. a text that is not bilingual), and on what `mpp audit` would flag.",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--explain", metavar="CODE", help="Explain an error code (e.g. VARIANT_LONGER_SLA) and exit.")
@language_option
def validate_command(
    paths: tuple[Path, ...], strict: bool, output: str, explain: str | None, language: str | None
) -> None:
    """Check definitions: PATH files or folders, or the whole catalog (MPP_DEFINITIONS) when none are given.

    Prints `path:line:col: CODE message` per problem; exits 1 when a definition is invalid.
    """
    language = language or current_language()
    if explain:
        sys.exit(_explain(explain, language))
    from framework.core.settings import definitions_dir
    from framework.definition import load_catalog
    from framework.plugins.registry import PluginError

    root = definitions_dir()
    files, missing = _expand(paths)
    try:
        catalog = load_catalog(root, files)
    except PluginError as exc:
        failure = msg(
            f"mpp: plugin yang terpasang tidak dapat dimuat, sehingga definisi tidak dapat diperiksa: {exc}",
            f"mpp: the installed plugins cannot be loaded, so definitions cannot be checked: {exc}",
        )
        click.echo(failure.get(language), err=True)
        sys.exit(1)
    # with PATHs: code lists are part of every definition that uses them, their problems always show
    shown = errors_of(catalog, files, root) if paths else list(catalog.errors)
    if not paths and not catalog.files and not catalog.errors:  # an empty folder, not one whose files failed
        shown.append(DefinitionError(str(root), 1, 1, "FILE_UNREADABLE", NO_DEFINITIONS))
    shown += missing
    if strict:  # what `mpp audit` would flag fails strict validation too
        from framework.definition.audit import audit_warnings

        shown += audit_warnings(catalog, _displays(files) if paths else list(catalog.files))
    checked = len(files) if paths else len(catalog.files) + len({e.file for e in catalog.errors} - set(catalog.files))
    failing = [e for e in shown if e.severity is Severity.ERROR or strict]
    if output == "json":
        click.echo(
            json.dumps(
                {"valid": not failing, "checked": checked, "problems": [e.as_dict(language) for e in shown]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for error in shown:
            click.echo(error.format(language))
        if not failing:
            summary = msg(f"{checked} definisi sah", f"{checked} definition(s) valid") + (
                msg(f", {len(shown)} peringatan", f", {len(shown)} warning(s)") if shown else ""
            )
            click.echo(summary.get(language), err=True)
    sys.exit(1 if failing else 0)


def _explain(code: str, language: str) -> int:
    from difflib import get_close_matches

    from framework.definition.errors import CODES, explain
    from framework.definition.messages import did_you_mean

    wanted = code.strip().upper()
    if wanted in CODES:
        click.echo(explain(wanted))
        return 0
    close = get_close_matches(wanted, sorted(CODES), n=1)
    unknown = msg(f"mpp: tidak ada kode kesalahan `{code}`", f"mpp: no error code `{code}`") + did_you_mean(
        close[0] if close else None
    )
    click.echo(
        (unknown + msg(" (semua kode: docs/definitions.md)", " (all codes: docs/definitions.md)")).get(language),
        err=True,
    )
    return 1


def errors_of(catalog: Any, files: list[Path], root: Path) -> list[Any]:
    """The errors of ``files``, and those of the code lists and other reference data under ``root``."""
    from framework.definition.catalog import REFERENCE_DIRS, display_name

    folder = display_name(root.resolve())
    reference = tuple(os.path.join(folder, name) + os.sep for name in REFERENCE_DIRS)  # once, not per error
    return catalog.errors_for(_displays(files)) + [e for e in catalog.errors if e.file.startswith(reference)]


def _expand(paths: tuple[Path, ...]) -> tuple[list[Path], list]:
    from framework.definition.catalog import definition_files

    files: list[Path] = []
    missing = []
    for path in paths:
        if path.is_dir():
            found = list(definition_files(path))
            files.extend(found)
            if not found:
                missing.append(DefinitionError(str(path), 1, 1, "FILE_UNREADABLE", NO_DEFINITIONS))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(
                DefinitionError(
                    str(path), 1, 1, "FILE_UNREADABLE", msg("berkas atau folder tidak ada", "no such file or folder")
                )
            )
    return files, missing


def _displays(files: list[Path]) -> list[str]:
    from framework.definition.catalog import display_name

    return [display_name(p.resolve()) for p in files]


@click.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "words", "json"]),
    default="text",
    show_default=True,
    help="text: one line per change, as the definition writes it; words: as the admin's review page says it "
    "(labels, yes/no, durations and fees written out; loosening changes first); json: for programs.",
)
@language_option
def diff_command(old: str, new: str, output: str, language: str | None) -> None:
    """Semantic diff of two versions of a service: each a definition file or a service id of the catalog.

    Lists every change (fields, conditions, locks, prefill, documents, steps and their
    actions, roles and deadlines, rules, SLA, fee, the standard) and whether it tightens,
    loosens or is neutral; warns when `version` was not raised. Exits 1 when a version has errors.
    """
    from framework.definition.diff import diff_sources

    language = language or current_language()
    result = diff_sources(old, new)
    if result.errors:
        for error in result.errors:
            click.echo(error.format(language), err=True)
        sys.exit(1)
    for _code, warning in result.warnings:
        click.echo((msg("peringatan: ", "warning: ") + warning).get(language), err=True)
    if output == "json":
        click.echo(json.dumps(result.as_dict(language), ensure_ascii=False, indent=2))
    elif output == "words":
        click.echo(_in_words(result, language))
    else:
        click.echo(result.as_text(language))


def _in_words(result: Any, language: str) -> str:
    """The changes as the admin's review page words them, for a reviewer who does not read YAML."""
    from framework.generate.changes import change_lines, change_text, count_text

    changes = change_lines(result.changes, result.old_spec, result.new_spec, language)
    if not changes:
        return f"{result.old} → {result.new}\n" + msg("Tidak ada perubahan makna.", "No change in meaning.").get(
            language
        )
    lines = [f"{result.old} → {result.new}", count_text(changes, language)]
    return "\n".join(lines + [change_text(change, language) for change in changes])


@click.command("generate")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when generated/ is stale.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write (default: generated/ beside the definitions folder).",
)
@language_option
def generate_command(check: bool, out: Path | None, language: str | None) -> None:
    """Write generated/ from the definitions (schemas, OpenAPI, service standards, diagrams)."""
    from framework.generate import CannotGenerate, generate

    language = language or current_language()
    try:
        stale = generate(check=check, target=out)
    except CannotGenerate as refused:
        click.echo(refused.text(language), err=True)
        sys.exit(1)
    if check:
        for path in stale:
            click.echo(msg(f"usang: {path}", f"stale: {path}").get(language), err=True)
        if stale:
            out_of_date = msg(
                "generated/ sudah usang: jalankan `mpp generate` lalu commit hasilnya",
                "generated/ is out of date: run `mpp generate` and commit the result",
            )
            click.echo(out_of_date.get(language), err=True)
            sys.exit(1)
    else:
        click.echo(msg(f"{len(stale)} berkas ditulis", f"{len(stale)} file(s) written").get(language), err=True)
