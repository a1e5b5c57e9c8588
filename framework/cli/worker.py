"""`mpp plugins` (what is installed) and `mpp worker` (drains the outbox)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from framework.worker.loop import WorkerConfig


@click.command("plugins")
def plugins_command() -> None:
    """List installed plugins: kind, id, class and adapter mode (sandbox/http/local)."""
    from framework.plugins.registry import PluginError, adapter_mode, installed

    try:
        registries = installed()
    except PluginError as exc:
        raise click.ClickException(str(exc)) from None
    rows = [
        (kind, plugin_id, f"{plugin.__module__}.{plugin.__qualname__}", adapter_mode(plugin))
        for kind, registry in registries.by_kind.items()
        for plugin_id, plugin in registry.items()
    ]
    widths = [max(len(row[column]) for row in rows + [("kind", "id", "class", "mode")]) for column in range(4)]
    for row in [("kind", "id", "class", "mode")] + rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip())


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is ready now, then exit (cron, tests).")
@click.option(
    "--parked", "show_parked", is_flag=True, help="List parked messages (deliveries that kept failing) and exit."
)
@click.option("--retry", "retry_id", type=int, help="Give the parked message ID a fresh start and exit.")
@click.option("--batch", type=int, default=10, show_default=True, help="Messages claimed at a time.")
@click.option(
    "--lease", type=float, default=300.0, show_default=True, help="Seconds before a dead worker's claim is taken over."
)
@click.option("--max-attempts", type=int, default=8, show_default=True, help="Attempts before a message is parked.")
@click.option(
    "--base-delay", type=float, default=10.0, show_default=True, help="Seconds before the first retry (doubling)."
)
@click.option("--poll", type=float, default=1.0, show_default=True, help="Seconds between looks at an empty outbox.")
@click.option(
    "--deadlines",
    type=float,
    default=60.0,
    show_default=True,
    help=(
        "Seconds between SLA deadline runs when idle (on_deadline "
        "actions, overdue flags); 0 = never (cron runs `mpp sla run`)."
    ),
)
@click.option(
    "--figures",
    type=float,
    default=300.0,
    show_default=True,
    help=(
        "Seconds between refreshes of the ministry's figures (medians, SLA shares) when idle; "
        "0 = never (cron runs `mpp figures refresh`)."
    ),
)
def worker_command(
    once: bool,
    show_parked: bool,
    retry_id: int | None,
    batch: int,
    lease: float,
    max_attempts: int,
    base_delay: float,
    poll: float,
    deadlines: float,
    figures: float,
) -> None:
    """Drain the outbox: notifications (inbox, email, SMS/WhatsApp) and deliveries to providers."""
    import logging

    from framework.plugins.registry import PluginError, check_startup
    from framework.worker import loop as worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        check_startup()
    except PluginError as exc:
        raise click.ClickException(str(exc)) from None
    engine, sessions = _sessions()
    try:
        refuse_unsafe_production(sessions)
        _run(
            sessions,
            show_parked,
            retry_id,
            worker.WorkerConfig(
                batch=batch,
                lease=lease,
                max_attempts=max_attempts,
                base_delay=base_delay,
                poll=poll,
                deadlines=deadlines or None,
                figures=figures or None,
            ),
            once,
        )
    finally:
        engine.dispose()  # close pooled connections before the process (or a test) ends


def _run(
    sessions: sessionmaker[Session], show_parked: bool, retry_id: int | None, config: WorkerConfig, once: bool
) -> None:
    import signal
    import threading

    from framework.worker import loop as worker

    if show_parked:
        for message in worker.parked(sessions):
            click.echo(
                f"{message.id}\t{message.topic}\t{message.payload.get('tracking_number', '')}"
                f"\tattempts={message.attempts}\t{message.last_error or ''}"
            )
        return
    if retry_id is not None:
        if not worker.unpark(sessions, retry_id):
            raise click.ClickException(f"no parked message {retry_id}")
        click.echo(f"message {retry_id} will be retried")
        return
    stop = threading.Event()
    previous = {signum: signal.signal(signum, lambda *_: stop.set()) for signum in (signal.SIGTERM, signal.SIGINT)}
    click.echo(f"mpp worker {config.worker_id}: draining the outbox", err=True)
    try:
        worker.run(sessions, config, stop, until_idle=once)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def refuse_unsafe_production(sessions: sessionmaker[Session]) -> None:
    """The web app's production refusals (settings, demo data), for a process that has no web app."""
    import os

    from framework.core import settings
    from framework.core.production import config_problems, refusal_text
    from framework.services.deployment import database_problems

    if not settings.is_production():
        return
    config = {name: os.environ.get(name) for name in ("MPP_DATABASE_URL", "MPP_PUBLIC_URL")}
    problems = config_problems({**config, "SECRET_KEY": os.environ.get("MPP_SECRET_KEY")})
    with sessions() as session:
        problems = problems or database_problems(session)
    if problems:
        raise click.ClickException(refusal_text(problems))


def _sessions() -> tuple[Engine, sessionmaker[Session]]:
    """Opened like every command's database (`framework.cli.database`): unusable is one line, no new file."""
    from framework.cli.database import open_engine
    from framework.store import session_factory

    engine = open_engine()
    return engine, session_factory(engine)
