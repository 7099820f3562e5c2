"""What the sync screen shows from the local store: pending changes, open conflicts and rejected changes.

The sync engine (crm.sync.client) pushes and pulls; this module only reads the local tables it keeps and,
when no engine is configured, queues the same `conflict.resolve` command or retry the engine would.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from crm.domain.enums import OutboxOp
from crm.domain.errors import InvalidTransition, NotFound, ValidationError
from crm.domain.models import (
    ENTITY_TYPES,
    Client,
    Conflict,
    Outbox,
    SyncedTable,
    SyncRejection,
)
from crm.domain.rules.masking import mask_account, mask_email, mask_id_number, mask_phone, mask_uscc
from crm.domain.serialize import from_wire, wire_value
from crm.domain.types import utcnow
from crm.services import audit, outbox, records, search
from crm.services.context import Actor, can_see_client
from crm.services.schema import Schema

CONFLICT_CHOICES = ("mine", "theirs", "edit")
#: Fields whose values are identity or account data: masked on screen like everywhere else (DOMAIN.md §10).
SENSITIVE_FIELDS: dict[str, Any] = {
    "uscc": mask_uscc,
    "id_number": mask_id_number,
    "phones": mask_phone,
    "phone": mask_phone,
    "account_no": mask_account,
    "email": mask_email,
}
#: Attributes that name a record, in order of preference.
_NAME_ATTRS = ("legal_name", "title", "summary", "name", "display_name", "prospect_name")
_PENDING_LIMIT = 500
#: Bookkeeping columns never re-applied from a user's change.
_META = frozenset({"id", "version", "field_versions", "created_at", "updated_at", "deleted"})


class SyncCounts(Schema):
    pending: int
    conflicts: int
    rejected: int


class PendingRow(Schema):
    """One queued local change (an outbox entry) as the user sees it."""

    seq: int
    entity: str
    entity_id: str
    op: OutboxOp
    name: str  # command name, for op=command
    fields: list[str]  # changed fields, for op=patch
    created_at: datetime
    attempts: int
    last_error: str
    record: str  # what the change is about (client name, visit date…); "" when unknown


class ConflictRow(Schema):
    id: str
    entity: str
    entity_id: str
    field: str
    base_value: Any
    mine_value: Any
    theirs_value: Any
    sensitive: bool  # the *_text values are masked and the raw values must not be shown
    base_text: str
    mine_text: str
    theirs_text: str
    created_at: datetime
    record: str


class RejectionRow(Schema):
    seq: int
    mutation_id: str
    entity: str
    entity_id: str
    op: OutboxOp
    name: str
    fields: list[str]
    code: str
    detail: str
    at: datetime
    record: str


# --- helpers --------------------------------------------------------------------------------------


def record_label(session: Session, actor: Actor, entity: str, entity_id: str) -> str:
    """A short human name of a replicated row, or "" when it is missing or outside the actor's scope."""
    model = ENTITY_TYPES.get(entity)
    if model is None:
        return ""
    obj: SyncedTable | None = session.get(model, entity_id)
    if obj is None:
        return ""
    if entity == "conflict":
        return record_label(session, actor, getattr(obj, "entity", ""), getattr(obj, "entity_id", ""))
    client: Client | None = None
    if isinstance(obj, Client):
        client = obj
    elif getattr(obj, "client_id", None):
        client = session.get(Client, obj.client_id)  # type: ignore[attr-defined]
    if client is not None and not can_see_client(actor, client):
        return ""
    own = next((str(v) for a in _NAME_ATTRS if (v := getattr(obj, a, None))), "")
    if isinstance(obj, Client):
        return own
    for attr in ("visit_on", "conducted_on", "month", "period"):
        if not own and getattr(obj, attr, None):
            own = str(getattr(obj, attr))
    client_name = client.legal_name if client is not None else ""
    if client_name and own:
        return f"{client_name} · {own}"
    return client_name or own


def display_value(field: str, value: Any) -> str:
    """A value as text for people; identity and account fields masked."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    mask = SENSITIVE_FIELDS.get(field)
    if mask is not None:
        if isinstance(value, list):
            return "、".join(mask(str(v)) for v in value)
        return str(mask(str(value)))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if field.endswith("_fen") and isinstance(value, int | float):
        return f"{value / 100:,.2f}"
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _fields(op: OutboxOp | str, payload: dict[str, Any]) -> list[str]:
    return sorted(payload) if OutboxOp(op) is OutboxOp.PATCH else []


# --- reads ----------------------------------------------------------------------------------------


def sync_counts(*, session: Session, actor: Actor) -> SyncCounts:
    """Pending changes of this device, and the actor's open conflicts and rejected changes."""
    conflicts = select(func.count()).select_from(Conflict).where(
        col(Conflict.resolved).is_(False), col(Conflict.deleted).is_(False),
        col(Conflict.user_id) == actor.user_id)
    rejected = select(func.count()).select_from(SyncRejection).where(col(SyncRejection.dismissed).is_(False))
    return SyncCounts(pending=outbox.pending_count(session=session),
                      conflicts=int(session.exec(conflicts).one()),
                      rejected=int(session.exec(rejected).one()))


def list_pending(*, session: Session, actor: Actor, limit: int = _PENDING_LIMIT) -> list[PendingRow]:
    """Queued local changes in the order they will be pushed."""
    rows = outbox.pending(session=session, limit=limit)
    return [PendingRow(seq=r.seq or 0, entity=r.entity, entity_id=r.entity_id, op=r.op, name=r.name,
                       fields=_fields(r.op, r.payload), created_at=r.created_at, attempts=r.attempts,
                       last_error=r.last_error, record=record_label(session, actor, r.entity, r.entity_id))
            for r in rows]


def _conflict_row(session: Session, actor: Actor, c: Conflict) -> ConflictRow:
    sensitive = c.field in SENSITIVE_FIELDS
    return ConflictRow(
        id=c.id, entity=c.entity, entity_id=c.entity_id, field=c.field,
        base_value=None if sensitive else c.base_value, mine_value=None if sensitive else c.mine_value,
        theirs_value=None if sensitive else c.theirs_value, sensitive=sensitive,
        base_text=display_value(c.field, c.base_value), mine_text=display_value(c.field, c.mine_value),
        theirs_text=display_value(c.field, c.theirs_value), created_at=c.created_at,
        record=record_label(session, actor, c.entity, c.entity_id))


def list_conflicts(*, session: Session, actor: Actor, entity_id: str | None = None) -> list[ConflictRow]:
    """The actor's open conflicts, oldest first (the ledger keeps them per user whose change met them)."""
    stmt = select(Conflict).where(col(Conflict.resolved).is_(False), col(Conflict.deleted).is_(False),
                                  col(Conflict.user_id) == actor.user_id)
    if entity_id is not None:
        stmt = stmt.where(col(Conflict.entity_id) == entity_id)
    rows = session.exec(stmt.order_by(col(Conflict.created_at), col(Conflict.id))).all()
    return [_conflict_row(session, actor, c) for c in rows]


def get_conflict(*, session: Session, actor: Actor, conflict_id: str) -> ConflictRow:
    return _conflict_row(session, actor, _own_conflict(session, actor, conflict_id))


def list_rejections(*, session: Session, actor: Actor) -> list[RejectionRow]:
    """Changes the ledger refused for good and the user has not dismissed, in push order."""
    rows = session.exec(select(SyncRejection).where(col(SyncRejection.dismissed).is_(False))
                        .order_by(col(SyncRejection.seq))).all()
    return [RejectionRow(seq=r.seq, mutation_id=r.mutation_id, entity=r.entity, entity_id=r.entity_id,
                         op=r.op, name=r.name, fields=_fields(r.op, r.payload), code=r.code, detail=r.detail,
                         at=r.at,
                         record=record_label(session, actor, r.entity, r.entity_id))
            for r in rows]


# --- writes (used when no sync engine is configured; the engine does the same) ---------------------


def _own_conflict(session: Session, actor: Actor, conflict_id: str) -> Conflict:
    conflict = session.get(Conflict, conflict_id)
    if conflict is None or conflict.deleted or conflict.user_id != actor.user_id:
        raise NotFound("sync.conflict_not_found", params={"id": conflict_id})
    return conflict


def resolve_conflict(*, session: Session, actor: Actor, conflict_id: str, choice: str,
                     value: Any = None) -> Conflict:
    """Queue `conflict.resolve` (mine / theirs / edit with `value`); the ledger applies the choice."""
    if choice not in CONFLICT_CHOICES:
        raise ValidationError("sync.conflict_choice", field="choice", params={"choice": choice})
    if choice == "edit" and value is None:
        raise ValidationError("sync.conflict_value_missing", field="value")
    conflict = _own_conflict(session, actor, conflict_id)
    if conflict.resolved:
        raise InvalidTransition("sync.conflict_resolved", params={"id": conflict_id})
    payload: dict[str, Any] = {"choice": choice}
    if choice == "edit":
        payload["value"] = wire_value(value)
    return records.command(session, actor, conflict, "conflict.resolve", payload,
                           {"resolved": True, "resolution": choice, "resolved_by": actor.user_id,
                            "resolved_at": utcnow()})


def retry_rejection(*, session: Session, actor: Actor, seq: int) -> Outbox:
    """Queue a rejected change again as a new outbox entry, re-based on this device's current row."""
    rejection = session.get(SyncRejection, seq)
    if rejection is None or rejection.dismissed:
        raise NotFound("sync.rejection_not_found", params={"seq": seq})
    op = OutboxOp(rejection.op)
    model = ENTITY_TYPES.get(rejection.entity)
    obj: SyncedTable | None = session.get(model, rejection.entity_id) if model is not None else None
    base: dict[str, int] = {}
    if obj is not None and op is OutboxOp.PATCH:
        base = {k: obj.field_versions.get(k, obj.version) for k in rejection.payload}
        outbox.keep_ledger_state(session, rejection.entity, obj)
        for name, value in from_wire(type(obj), rejection.payload).items():
            if name not in _META:
                setattr(obj, name, value)
        session.add(obj)
        client_id = search.document_client(rejection.entity, obj.id, getattr(obj, "client_id", None))
        if client_id:
            search.index_clients(session, [client_id])  # the list and its ranking read the index's copy
    elif obj is not None and op in (OutboxOp.DELETE, OutboxOp.COMMAND):
        base = {"_row": obj.version}
    row = outbox.enqueue(session, entity=rejection.entity, entity_id=rejection.entity_id, op=op,
                         payload=dict(rejection.payload), base_versions=base, name=rejection.name)
    rejection.dismissed = True
    session.add(rejection)
    audit.record(session, actor=actor, action="sync.retry", entity=rejection.entity,
                 entity_id=rejection.entity_id, detail={"seq": seq, "new_seq": row.seq})
    return row


def dismiss_rejection(*, session: Session, actor: Actor, seq: int) -> SyncRejection:
    """Accept the ledger's refusal; the next pull brings the ledger's state of the row back."""
    rejection = session.get(SyncRejection, seq)
    if rejection is None:
        raise NotFound("sync.rejection_not_found", params={"seq": seq})
    rejection.dismissed = True
    session.add(rejection)
    session.flush()
    audit.record(session, actor=actor, action="sync.dismiss", entity=rejection.entity,
                 entity_id=rejection.entity_id, detail={"seq": seq, "code": rejection.code})
    return rejection


__all__ = [
    "CONFLICT_CHOICES", "ConflictRow", "PendingRow", "RejectionRow", "SyncCounts", "dismiss_rejection",
    "display_value", "get_conflict", "list_conflicts", "list_pending", "list_rejections", "record_label",
    "resolve_conflict", "retry_rejection", "sync_counts",
]
