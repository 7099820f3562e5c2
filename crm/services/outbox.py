"""The outbox: every user edit queues a mutation in the same transaction as the edit itself."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from crm.domain.enums import OutboxOp
from crm.domain.models import Outbox, ServerShadow, SyncedTable
from crm.domain.serialize import to_wire


def enqueue(session: Session, *, entity: str, entity_id: str, op: OutboxOp, payload: dict[str, Any],
            base_versions: dict[str, int] | None = None, name: str = "") -> Outbox:
    row = Outbox(entity=entity, entity_id=entity_id, op=op, payload=payload,
                 base_versions=dict(base_versions or {}), name=name)
    session.add(row)
    session.flush()
    return row


def keep_ledger_state(session: Session, entity: str, obj: SyncedTable) -> None:
    """Before a row's first queued edit, keep the row as it stands: what the ledger last told us of it.

    Should the ledger refuse the edit, or keep its own value (a conflict, a lost last-writer race, a
    step that came to nothing), the sync engine shows this state again instead of our edit; a pull that
    meets the row while edits are queued replaces it with the ledger's newer state. Called before the
    change is made. On the ledger itself (its sessions carry a change tracker) nothing is queued.
    """
    if "tracker" in session.info or obj in session.new:
        return
    queued = session.exec(select(Outbox.seq).where(Outbox.entity == entity, Outbox.entity_id == obj.id)
                          .limit(1)).first()
    if queued is not None:
        return  # an earlier edit kept it already, or the row is our own creation the ledger has not seen
    session.merge(ServerShadow(entity=entity, entity_id=obj.id, data=to_wire(obj), version=obj.version))


def pending_count(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Outbox)).one())


def pending(*, session: Session, limit: int = 500) -> list[Outbox]:
    return list(session.exec(select(Outbox).order_by(col(Outbox.seq)).limit(limit)))
