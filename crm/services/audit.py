"""The hash-chained audit trail: append an event, verify that no link was edited, removed or inserted."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from crm.domain.models import AuditEvent, LocalSetting
from crm.domain.types import utcnow
from crm.services.context import Actor

GENESIS = "0" * 64
# The newest link is also kept apart, so cutting events off the end of the chain is detected too.
HEAD_KEY = "audit_head"


def _digest(prev_hash: str, event: AuditEvent) -> str:
    body = [prev_hash, event.id, event.at.isoformat(), event.actor_id, event.action, event.entity,
            event.entity_id, event.detail]
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(session: Session, *, actor: Actor | None, action: str, entity: str = "",
           entity_id: str | None = None, detail: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event. `detail` names fields and counts, never unmasked identity data or secrets."""
    last = session.exec(select(AuditEvent.hash).order_by(col(AuditEvent.seq).desc()).limit(1)).first()
    prev = last or GENESIS
    event = AuditEvent(actor_id=actor.user_id if actor else None, action=action, entity=entity,
                       entity_id=entity_id, detail=dict(detail or {}), at=utcnow(), prev_hash=prev, hash="")
    event.hash = _digest(prev, event)
    session.add(event)
    session.flush()
    head = session.get(LocalSetting, HEAD_KEY) or LocalSetting(key=HEAD_KEY)
    head.value = {"seq": event.seq, "hash": event.hash}
    session.add(head)
    return event


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""


def verify_audit_chain(*, session: Session) -> AuditVerification:
    """Walk the chain in order; any edited, deleted or inserted row breaks a link or a digest."""
    prev = GENESIS
    checked = 0
    last_seq = 0
    for event in session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))):
        assert event.seq is not None
        if event.seq != last_seq + 1:
            return AuditVerification(False, checked, event.seq, "gap")
        if event.prev_hash != prev:
            return AuditVerification(False, checked, event.seq, "link")
        if _digest(prev, event) != event.hash:
            return AuditVerification(False, checked, event.seq, "digest")
        prev = event.hash
        last_seq = event.seq
        checked += 1
    head = session.get(LocalSetting, HEAD_KEY)
    expected = head.value if head is not None else None
    if expected is None and checked:
        return AuditVerification(False, checked, None, "head_missing")
    if expected is not None and (expected.get("seq") != last_seq or expected.get("hash") != prev):
        return AuditVerification(False, checked, last_seq + 1, "truncated")
    return AuditVerification(True, checked)
