"""What the operator's commands read from their command line, and how a refused input is named.

Each parameter type turns bad input into click's usage error (exit status 2),
located at the option and said in the language of MPP_LANG, before the
command opens anything. ``field_problems`` names a service function's
``FieldError``s by the command's own parameters, as click names them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NoReturn, TypeVar

import click

from framework.core.errors import FieldError
from framework.core.text import LANGUAGES, Text, current_language, msg

F = TypeVar("F", bound=Callable[..., Any])

EXAMPLE_TIME = "2026-08-18T10:00+07:00"
# `--now` is a moment to pretend it is; retention periods are subtracted from it and working days added, so it
# must stay well inside what datetime and the databases hold (year 1 minus five years was an OverflowError).
EARLIEST, LATEST = datetime(1970, 1, 1, tzinfo=UTC), datetime(3000, 1, 1, tzinfo=UTC)
_EG = msg(f", mis. {EXAMPLE_TIME}", f", e.g. {EXAMPLE_TIME}")


def refuse(kind: click.ParamType, text: Text, param: click.Parameter | None, ctx: click.Context | None) -> NoReturn:
    """Click's usage error for ``param`` (exit status 2), said in the language of MPP_LANG."""
    kind.fail(text.get(current_language()), param, ctx)


class AwareTime(click.ParamType):
    """An ISO 8601 moment with its time zone, between 1970 and 2999: what every ``--now`` takes.

    Why one type: `mpp purge` and `mpp sla run` each parsed ``--now`` and
    only the missing time zone got a message; a word, a 13th month or a
    +99:00 offset ended in a traceback.
    """

    name = "iso-time"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            refuse(self, msg(f"`{value}` bukan waktu ISO 8601", f"`{value}` is not an ISO 8601 time") + _EG, param, ctx)
        if moment.tzinfo is None or moment.utcoffset() is None:
            refuse(self, msg(f"`{value}` perlu zona waktu", f"`{value}` needs a time zone") + _EG, param, ctx)
        if not EARLIEST <= moment < LATEST:
            between = msg("harus antara tahun 1970 dan 2999", "must be between the years 1970 and 2999")
            refuse(self, f"`{value}` " + between + _EG, param, ctx)
        return moment


def now_option(help_text: str) -> Callable[[F], F]:
    """``--now ISO-TIME`` (an ``AwareTime``, passed as ``now``; None when not given)."""
    return click.option("--now", "now", type=AwareTime(), metavar="ISO-TIME", help=help_text)


class KnownValue(click.ParamType):
    """One of a set of values read only when a value is checked (e.g. the store's statuses).

    Why not ``click.Choice``: its values are read when the command is
    declared, and the store's constants would bring SQLAlchemy into every
    `mpp` command, `mpp validate` included.
    """

    name = "value"

    def __init__(self, values: Callable[[], Sequence[str]], what: Text) -> None:
        self.values = values
        self.what = what

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        """The values, as `--help` shows a ``click.Choice``'s."""
        return "[" + "|".join(self.values()) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        known = list(self.values())
        if value in known:
            return str(value)
        listed = ", ".join(known)
        refusal = msg(f"`{value}` bukan ", f"`{value}` is not a known ") + self.what
        refuse(self, refusal + msg(f"; pilih salah satu: {listed}", f"; choose one of: {listed}"), param, ctx)


def parameter_label(ctx: click.Context, name: str) -> str:
    """How click names the parameter ``name`` of the running command: ``--region`` or ``USERNAME`` ("" when none)."""
    for param in ctx.command.params:
        if param.name == name:
            if isinstance(param, click.Option):
                return max(param.opts, key=len)
            return param.human_readable_name
    return ""


def field_problems(errors: Iterable[FieldError], aliases: Mapping[str, str] | None = None) -> str:
    """Each refused input on its own line, named as the command line names it, in the language of MPP_LANG.

    ``aliases``: a field whose parameter has another name (the service's
    ``password`` is read by ``--password-stdin``).
    """
    ctx = click.get_current_context()
    language = current_language()
    lines = []
    for error in errors:
        label = parameter_label(ctx, (aliases or {}).get(error.field, error.field)) or error.field
        lines.append(f"{label}: {error.message.get(language)}" if label else error.message.get(language))
    return "\n".join(lines)


def language_option(command: F) -> F:
    """`--lang id|en`: the language of the messages (default: MPP_LANG, else Indonesian)."""
    return click.option(
        "--lang",
        "language",
        type=click.Choice(LANGUAGES),
        default=None,
        help="Language of the messages: id (Bahasa Indonesia) or en. Default: MPP_LANG, else id.",
    )(command)
