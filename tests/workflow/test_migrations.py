"""The migrations build exactly the schema the models describe (nothing is left to create_all)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import framework.store
from framework.store.models import Base


def _every_model_table() -> set[str]:
    for module in pkgutil.iter_modules(framework.store.__path__):
        importlib.import_module(f"framework.store.{module.name}")
    return set(Base.metadata.tables)


def test_importing_the_store_registers_every_table():
    """`import framework.store` alone gives the whole schema (Alembic env, create_all in tools, compare below)."""
    fresh = subprocess.run(
        [sys.executable, "-c", "import framework.store; print(' '.join(sorted(framework.store.Base.metadata.tables)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert set(fresh.stdout.split()) == _every_model_table()
    assert {"inbox_messages", "citizen_profiles", "channel_deliveries", "issued_products", "complaints"} <= set(
        fresh.stdout.split()
    )


def test_models_and_migrations_agree(db_engine):
    tables = _every_model_table()
    with db_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert {"inbox_messages", "issued_products", "complaints"} <= tables
    assert differences == []
