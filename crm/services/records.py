"""The one write path for replicated rows: entity change + audit event + outbox mutation, together."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session

from crm.domain.enums import OutboxOp
from crm.domain.models import ENTITY_NAMES, SyncedTable
from crm.domain.serialize import to_wire, wire_value
from crm.domain.types import utcnow
from crm.services import audit, outbox
from crm.services.context import Actor

T = TypeVar("T", bound=SyncedTable)

# Free text a command carries for the ledger; the audit trail records that it happened, not the words.
FREE_TEXT = frozenset({"comment", "resolution", "note", "reason"})

# Bookkeeping columns never sent as user changes.
_META = frozenset({"id", "version", "field_versions", "created_at", "updated_at", "deleted"})


def entity_name(obj: SyncedTable) -> str:
    return ENTITY_NAMES[type(obj)]


def create(session: Session, actor: Actor, obj: T, *, audit_detail: dict[str, Any] | None = None) -> T:
    session.add(obj)
    session.flush()
    name = entity_name(obj)
    audit.record(session, actor=actor, action=f"{name}.create", entity=name, entity_id=obj.id,
                 detail=audit_detail)
    outbox.enqueue(session, entity=name, entity_id=obj.id, op=OutboxOp.CREATE, payload=to_wire(obj))
    return obj


def patch(session: Session, actor: Actor, obj: T, changes: dict[str, Any]) -> T:
    """Apply the fields that really change; queue them with the field versions they were based on."""
    real = {k: v for k, v in changes.items() if k not in _META and getattr(obj, k) != v}
    if not real:
        return obj
    outbox.keep_ledger_state(session, entity_name(obj), obj)
    for key, value in real.items():
        setattr(obj, key, value)
    obj.updated_at = utcnow()
    session.add(obj)
    session.flush()
    name = entity_name(obj)
    base = {k: obj.field_versions.get(k, obj.version) for k in real}
    audit.record(session, actor=actor, action=f"{name}.update", entity=name, entity_id=obj.id,
                 detail={"fields": sorted(real)})
    outbox.enqueue(session, entity=name, entity_id=obj.id, op=OutboxOp.PATCH,
                   payload={k: wire_value(getattr(obj, k)) for k in real}, base_versions=base)
    return obj


def delete(session: Session, actor: Actor, obj: T) -> T:
    """Tombstone: the row stays so the deletion replicates; lists filter `deleted` out."""
    outbox.keep_ledger_state(session, entity_name(obj), obj)
    obj.deleted = True
    obj.updated_at = utcnow()
    session.add(obj)
    session.flush()
    name = entity_name(obj)
    audit.record(session, actor=actor, action=f"{name}.delete", entity=name, entity_id=obj.id)
    outbox.enqueue(session, entity=name, entity_id=obj.id, op=OutboxOp.DELETE, payload={},
                   base_versions={"_row": obj.version})
    return obj


def command(session: Session, actor: Actor, obj: T, command_name: str, payload: dict[str, Any],
            changes: dict[str, Any]) -> T:
    """A workflow step (submit, approve…): applied locally now, replayed as a named command by the ledger,
    which validates it again against role and state."""
    outbox.keep_ledger_state(session, entity_name(obj), obj)
    for key, value in changes.items():
        setattr(obj, key, value)
    obj.updated_at = utcnow()
    session.add(obj)
    session.flush()
    name = entity_name(obj)
    audit.record(session, actor=actor, action=command_name, entity=name, entity_id=obj.id,
                 detail={k: v for k, v in payload.items() if k not in FREE_TEXT})
    outbox.enqueue(session, entity=name, entity_id=obj.id, op=OutboxOp.COMMAND, name=command_name,
                   payload=payload, base_versions={"_row": obj.version})
    return obj
