"""Tables only the central ledger has: the change log and its scopes, devices, push results, credentials,
login throttling and the ledger's epoch and head counter.

Registered on SQLModel.metadata only when crm.sync.server is imported, so laptops never create them.
Their schema is migrated by the separate Alembic tree crm/sync/server/migrations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm.domain.types import UTCDateTime, utcnow

COUNTER_ID = 1


def _seq(*, primary_key: bool = False, index: bool = False, default: int | None = 0) -> Any:
    # BIGINT: seqs grow for the ledger's lifetime; 2^31 changes is reachable at bank scale.
    return Field(default=default, sa_type=sa.BigInteger, primary_key=primary_key, index=index,
                 nullable=False, sa_column_kwargs={"autoincrement": False} if primary_key else {})


def _ts(*, nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, nullable=True)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class LedgerMeta(SQLModel, table=True):
    """One row: the epoch and the head seq. Every writing transaction locks this row first, so commit
    order equals seq order and a pull never skips a change committed late by another process."""

    __tablename__ = "ledger_meta"

    id: int = Field(default=COUNTER_ID, primary_key=True, sa_column_kwargs={"autoincrement": False})
    epoch: str = Field(max_length=36)
    head: int = _seq()
    epoch_started_at: datetime = _ts()


class ChangeLog(SQLModel, table=True):
    """One committed change of one row. `changed_fields` holds field -> new wire value (the full row for a
    create), so the value a device's edit was based on can be recovered for a conflict."""

    __tablename__ = "change_log"
    __table_args__ = (sa.Index("ix_change_log_entity_row", "entity", "entity_id", "seq"),)

    seq: int = _seq(primary_key=True, default=None)
    entity: str = Field(max_length=32)
    entity_id: str = Field(max_length=36)
    op: str = Field(max_length=8)  # put | remove
    version: int = _seq()
    changed_fields: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    actor_user: str | None = Field(default=None, max_length=36)
    actor_device: str | None = Field(default=None, max_length=36)
    mutation_id: str | None = Field(default=None, max_length=36)
    server_ts: datetime = _ts()
    hlc: str = Field(default="", max_length=80)


class ChangeScope(SQLModel, table=True):
    """Which scopes see a change; the primary key (scope_key, seq) is the index pulls range-scan."""

    __tablename__ = "change_scope"

    scope_key: str = Field(primary_key=True, max_length=64)
    seq: int = _seq(primary_key=True, default=None)


class Device(SQLModel, table=True):
    __tablename__ = "device"

    id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=36, index=True)
    name: str = Field(default="", max_length=100)
    # SHA-256 of the opaque token: a leaked database does not give working tokens.
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = _ts()
    last_seen: datetime | None = _ts(nullable=True)
    last_applied_seq: int = _seq()
    revoked: bool = Field(default=False, nullable=False)
    revoked_at: datetime | None = _ts(nullable=True)
    wipe_requested: bool = Field(default=False, nullable=False)
    wiped_at: datetime | None = _ts(nullable=True)


class MutationResultRow(SQLModel, table=True):
    """The stored answer to one device mutation, written in the same transaction as its effect."""

    __tablename__ = "mutation_result"

    device_id: str = Field(primary_key=True, max_length=36)
    seq: int = _seq(primary_key=True, default=None)
    mutation_id: str = Field(max_length=36, index=True)
    status: str = Field(max_length=16)
    code: str = Field(default="", max_length=64)
    detail: str = ""
    result: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    created_at: datetime = _ts()


class Credential(SQLModel, table=True):
    __tablename__ = "credential"

    user_id: str = Field(primary_key=True, max_length=36)
    password_hash: str = Field(max_length=200)  # argon2id, parameters encoded in the hash
    updated_at: datetime = _ts()


class LoginAttempt(SQLModel, table=True):
    """Failed-login counters per throttle key (`ip:…`, `user:…`, `user_ip:…`); no password is ever kept."""

    __tablename__ = "login_attempt"

    key: str = Field(primary_key=True, max_length=200)
    failures: int = Field(default=0, nullable=False)
    last_failure_at: datetime | None = _ts(nullable=True)
    blocked_until: datetime | None = _ts(nullable=True)


LEDGER_TABLES = (LedgerMeta, ChangeLog, ChangeScope, Device, MutationResultRow, Credential, LoginAttempt)
