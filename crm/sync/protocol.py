"""Wire schemas of the sync protocol, shared by the desktop engine and the ledger server (docs/sync-protocol.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from crm.domain.enums import OutboxOp, Role

API = "/v1"
PROTOCOL_VERSION = 1
#: Client clocks only stamp audit fields and break `lww` ties, clamped to ledger time + this.
MAX_CLOCK_LEAD_SECONDS = 300
#: Acknowledged mutations are journalled this long for replay after a ledger restore.
JOURNAL_DAYS = 30
PULL_PAGE_DEFAULT = 1000
PULL_PAGE_MAX = 5000
PUSH_BATCH_MAX = 500


class WireModel(BaseModel):
    # Unknown fields are refused with a 4xx (never silently dropped), so a confused client learns at once.
    model_config = ConfigDict(extra="forbid")


# --- auth ---------------------------------------------------------------------------------------


class UserInfo(WireModel):
    id: str
    username: str
    display_name: str
    role: Role
    branch_id: str
    heads_branch_ids: list[str] = Field(default_factory=list)


class EnrolRequest(WireModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    device_id: str = Field(min_length=36, max_length=36)
    device_name: str = Field(default="", max_length=100)


class EnrolResponse(WireModel):
    device_id: str
    token: str
    user: UserInfo
    epoch: str
    server_time: datetime


class TokenResponse(WireModel):
    token: str


class StatusResponse(WireModel):
    epoch: str
    server_time: datetime
    user: UserInfo
    device_id: str
    last_applied_seq: int
    head_seq: int
    wipe_requested: bool = False
    open_conflicts: int = 0


# --- push ---------------------------------------------------------------------------------------


class Mutation(WireModel):
    seq: int = Field(ge=1)  # the device's mutation number: 1, 2, 3… never reused
    mutation_id: str = Field(min_length=36, max_length=36)
    entity: str = Field(max_length=32)
    entity_id: str = Field(min_length=1, max_length=36)
    op: OutboxOp
    name: str = Field(default="", max_length=48)  # command name for op=command
    payload: dict[str, Any] = Field(default_factory=dict)
    base_versions: dict[str, int] = Field(default_factory=dict)
    client_ts: datetime


class PushRequest(WireModel):
    epoch: str
    mutations: list[Mutation] = Field(max_length=PUSH_BATCH_MAX)


class MutationStatus(StrEnum):
    APPLIED = "applied"
    CONFLICT = "conflict"  # applied except the fields now held in conflict rows
    REJECTED = "rejected"  # deterministic refusal: stored, the seq still advances


class MutationResult(WireModel):
    seq: int
    mutation_id: str
    status: MutationStatus
    code: str = ""  # domain error code for rejections, e.g. plan.transition_invalid
    detail: str = ""
    conflict_ids: list[str] = Field(default_factory=list)
    version: int | None = None  # the row's version after the mutation
    duplicate: bool = False  # answered from the stored result of an earlier delivery
    # Rows the ledger created for or redirected the mutation to, e.g. the amendment plan that received an
    # edit of an approved plan (code plan.amendment_created).
    related_ids: list[str] = Field(default_factory=list)


class PushResponse(WireModel):
    results: list[MutationResult]
    last_applied_seq: int


# --- pull and snapshot --------------------------------------------------------------------------


class ChangeOp(StrEnum):
    PUT = "put"  # the row's current state, in one of the caller's scopes
    REMOVE = "remove"  # the row left the caller's scopes (reassigned) or was purged


class Change(WireModel):
    seq: int
    entity: str
    id: str
    op: ChangeOp
    version: int = 0
    data: dict[str, Any] | None = None


class PullResponse(WireModel):
    epoch: str
    changes: list[Change]
    cursor: int  # store with the applied page, in ONE local transaction
    checkpoint: int  # the ledger head this pull read up to
    has_more: bool


class SnapshotHeader(WireModel):
    type: Literal["header"] = "header"
    epoch: str
    checkpoint: int  # pulls continue from here
    scopes: list[str]


class SnapshotRow(WireModel):
    type: Literal["row"] = "row"
    entity: str
    data: dict[str, Any]


class SnapshotBatch(WireModel):
    """Rows of one entity in the "batch" layout: each row an array in the order of `columns`, each value
    as the laptop's SQLite stores it (see `stored_datetime`), so a client inserts them as they come."""

    type: Literal["batch"] = "batch"
    entity: str
    columns: list[str]
    rows: list[list[Any]]


class SnapshotEnd(WireModel):
    type: Literal["end"] = "end"
    rows: int


#: `GET /v1/snapshot?layout=…`: "row" (the default) sends one `SnapshotRow` per row with wire values;
#: "batch" sends `SnapshotBatch` lines of a few thousand rows each, for a fraction of the work on both
#: sides. A ledger that does not know the parameter answers "row", so a client must take both.
SNAPSHOT_LAYOUTS = ("row", "batch")


def stored_datetime(value: datetime) -> str:
    """A timestamp as the laptop's SQLite stores it (SQLAlchemy's text form): naive UTC, always six
    fraction digits, e.g. '2026-01-02 03:04:05.000000'. The "batch" layout carries this form."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}")


# --- conflicts and acknowledgements -------------------------------------------------------------


class ConflictInfo(WireModel):
    """An open conflict: a `queue` field two people changed at once; resolved by `conflict.resolve`."""

    id: str
    entity: str
    entity_id: str
    field: str
    base_value: Any = None
    mine_value: Any = None  # the value of the mutation that met the conflict
    theirs_value: Any = None  # the ledger's value at that time (still in force)
    user_id: str
    mutation_id: str = ""
    created_at: datetime
    version: int = 0


class ConflictsResponse(WireModel):
    conflicts: list[ConflictInfo]


class AckResponse(WireModel):
    ok: bool = True


# --- errors -------------------------------------------------------------------------------------


class ErrorBody(WireModel):
    """Every 4xx carries a machine-readable code; a 5xx never carries a stack trace."""

    code: str
    detail: str = ""
    expected_seq: int | None = None  # for push.gap
    epoch: str | None = None  # for epoch.changed
