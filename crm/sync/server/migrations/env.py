"""Alembic environment of the ledger-only tables; its own version table, beside the domain tree's."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import MetaData, create_engine

from crm.sync.server.models import LEDGER_TABLES

VERSION_TABLE = "ledger_alembic_version"

config = context.config
# Only the ledger tables: autogenerate in this tree must never propose the domain tables.
target_metadata = MetaData()
for _model in LEDGER_TABLES:
    _model.__table__.to_metadata(target_metadata)  # type: ignore[attr-defined,union-attr]


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: Any) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


run()
