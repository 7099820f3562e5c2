"""Open the ledger database: engine, both migration trees (domain tables, then ledger tables), meta row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from crm.db import migrate as domain_migrate
from crm.db.engine import ledger_engine
from crm.domain.errors import DomainError
from crm.domain.ids import new_id
from crm.domain.types import utcnow
from crm.sync.server.models import COUNTER_ID, LedgerMeta

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "ledger_alembic_version"
DEFAULT_URL = "sqlite:///ledger.db"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def ledger_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def upgrade_ledger(engine: sa.Engine) -> None:
    """Domain tables first (the ledger tables sit beside them), then the ledger tree, then the meta row."""
    domain_migrate.upgrade(engine)
    scripts = ScriptDirectory.from_config(_config())
    current = ledger_revision(engine)
    if current is not None:
        try:
            scripts.get_revision(current)
        except Exception:
            raise DomainError("ledger.schema_too_new", params={"revision": current}) from None
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    ensure_meta(engine)


def ensure_meta(engine: sa.Engine) -> None:
    table = LedgerMeta.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        if conn.execute(sa.select(table.c.id).where(table.c.id == COUNTER_ID)).first() is None:
            conn.execute(table.insert().values(id=COUNTER_ID, epoch=new_id(), head=0,
                                               epoch_started_at=utcnow()))


def open_ledger(url: str, *, migrate: bool = True, **engine_kwargs: Any) -> sa.Engine:
    """An engine on the ledger database, migrated to the newest schema unless told not to.

    An SQLite ledger is opened through the sqlcipher3 driver, unkeyed (a plain SQLite file): it bundles
    a current SQLite, the same one the laptops run, where the Python build's own may be too old for the
    shared migrations (FTS5 ``contentless_delete`` needs SQLite 3.43).
    """
    if url.startswith("sqlite") and "module" not in engine_kwargs:
        import sqlcipher3.dbapi2 as sqlcipher

        engine_kwargs["module"] = sqlcipher
    engine = ledger_engine(url, **engine_kwargs)
    if migrate:
        upgrade_ledger(engine)
    return engine
