"""The migrations build exactly the schema the models describe (nothing is left to create_all)."""

from __future__ import annotations

import importlib
import pkgutil

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import framework.store
from framework.store.models import Base


def test_models_and_migrations_agree(db_engine):
    for module in pkgutil.iter_modules(framework.store.__path__):
        importlib.import_module(f"framework.store.{module.name}")  # every model module registers its tables
    with db_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
