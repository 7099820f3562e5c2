"""The outbox: every user edit queues a mutation in the same transaction as the edit itself."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from crm.domain.enums import OutboxOp
from crm.domain.models import Outbox


def enqueue(session: Session, *, entity: str, entity_id: str, op: OutboxOp, payload: dict[str, Any],
            base_versions: dict[str, int] | None = None, name: str = "") -> Outbox:
    row = Outbox(entity=entity, entity_id=entity_id, op=op, payload=payload,
                 base_versions=dict(base_versions or {}), name=name)
    session.add(row)
    session.flush()
    return row


def pending_count(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Outbox)).one())


def pending(*, session: Session, limit: int = 500) -> list[Outbox]:
    return list(session.exec(select(Outbox).order_by(col(Outbox.seq)).limit(limit)))
