"""`mpp plugins` (what is installed) and `mpp worker` (drains the outbox)."""

from __future__ import annotations

import click


@click.command("plugins")
def plugins_command() -> None:
    """List installed plugins: kind, id, class and adapter mode (sandbox/http/local)."""
    from ..plugins.registry import PluginError, adapter_mode, installed

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
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
