"""Apply Alembic migrations on open; refuse a database written by a newer version of the app."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from crm.domain.errors import DomainError

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine, target: str = "head") -> None:
    """Bring the schema to `target`; raise workspace.schema_too_new for an unknown (future) revision."""
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
