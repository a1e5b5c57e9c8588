"""Alembic environment: uses the connection `framework.store.migrate` hands over."""

from __future__ import annotations

from alembic import context

from framework.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `mpp db upgrade` runs migrations
    raise RuntimeError("run migrations through `mpp db upgrade` (framework.store.migrate.upgrade)")
context.configure(
    connection=connection, target_metadata=Base.metadata, render_as_batch=connection.dialect.name == "sqlite"
)
with context.begin_transaction():
    context.run_migrations()
