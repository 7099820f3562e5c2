"""Apply Alembic migrations on open; refuse a database written by a newer version of the app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from crm.domain.errors import DomainError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
#: The newest revision in migrations/versions (tests/db checks that they agree). A database already at
#: it opens without importing Alembic or reading the migration scripts (~0.25 s of every unlock).
HEAD_REVISION = "0006"
VERSION_TABLE = "alembic_version"


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The head as the migration scripts say (reads them); HEAD_REVISION is its cheap copy."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: sa.Engine) -> str | None:
    """The revision stamped in the database, None before the first migration."""
    with engine.connect() as conn:
        return _stamped_revision(conn)


def _stamped_revision(conn: sa.Connection) -> str | None:
    # What Alembic's MigrationContext.get_current_revision reads, without importing Alembic.
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return None
    rows = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()  # noqa: S608
    if len(rows) > 1:  # several heads: never made by this app's linear history; Alembic reports it
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()
    return rows[0] if rows else None


def is_current(engine: sa.Engine) -> bool:
    """Whether the database is at HEAD_REVISION, so opening it needs no migration."""
    return current_revision(engine) == HEAD_REVISION


def upgrade(engine: sa.Engine, target: str = "head") -> None:
    """Bring the schema to `target`; raise workspace.schema_too_new for an unknown (future) revision.

    A database already at the head is left alone without loading Alembic: the usual open.
    """
    if target == "head" and is_current(engine):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_config())
    current = current_revision(engine)
    if current is not None:
        try:
            scripts.get_revision(current)
        except Exception:
            raise DomainError("workspace.schema_too_new", params={"revision": current}) from None
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
