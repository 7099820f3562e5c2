"""Push: apply a device's mutations in order, each with its stored result, exactly once.

Per mutation (docs/sync-protocol.md, "Push"):
- ``seq <= last_applied_seq``: a duplicate delivery; the stored result is returned (``duplicate``);
- ``seq > last_applied_seq + 1``: a gap; what came before is kept and the push answers 409 ``push.gap``;
- otherwise the mutation runs in its own savepoint. A DomainError (role, scope, state, validation) rolls
  back only that savepoint and is stored as ``rejected``, still advancing the seq, so a poison mutation
  never wedges the queue. The result row, the device's ``last_applied_seq`` and the effect commit together.
  Database failures are not caught: nothing of the chunk is stored and the device retries (HTTP 5xx).

Mutations are applied in chunks, one writing transaction (counter lock) per chunk: fewer commits than a
transaction per mutation, and other devices wait at most one chunk.
"""

from __future__ import annotations

import logging
from datetime import UTC
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.util import identity_key
from sqlmodel import col, select

from crm.domain.enums import OutboxOp
from crm.domain.errors import DomainError, ValidationError
from crm.domain.models import ENTITY_TYPES, Client, User
from crm.domain.types import utcnow
from crm.sync.merge import device_hlc
from crm.sync.protocol import (
    Mutation,
    MutationResult,
    MutationStatus,
    PushRequest,
    PushResponse,
)
from crm.sync.server import mutations
from crm.sync.server.errors import AuthError, EpochChanged, PushGap
from crm.sync.server.ledger import Attribution, DeviceContext, LedgerTx, now_ms, write_tx
from crm.sync.server.models import Device, MutationResultRow

log = logging.getLogger("crm.ledger.push")

CHUNK = 100


def push(engine: sa.Engine, ctx: DeviceContext, request: PushRequest, *, chunk: int = CHUNK) -> PushResponse:
    results: list[MutationResult] = []
    batch = list(request.mutations)
    last_applied = 0
    gap: int | None = None
    for start in range(0, max(len(batch), 1), chunk):
        with write_tx(engine) as tx:
            if tx.epoch != request.epoch:
                raise EpochChanged(tx.epoch)
            device = tx.session.get(Device, ctx.device_id)
            if device is None or device.revoked:
                raise AuthError("device.revoked")
            user = tx.session.get(User, device.user_id)
            if user is None or user.deleted or not user.active:
                raise AuthError("auth.user_inactive")
            last_applied = device.last_applied_seq
            _preload(tx, [m for m in batch[start:start + chunk] if m.seq > last_applied])
            fresh: dict[int, MutationResult] = {}  # this chunk's results, written together below
            for m in batch[start:start + chunk]:
                if m.seq <= last_applied:
                    results.append(_stored(tx, ctx.device_id, m, fresh))
                    continue
                if m.seq != last_applied + 1:
                    gap = last_applied + 1
                    break
                result = _apply_one(tx, ctx, m)
                fresh[m.seq] = result
                last_applied = m.seq
                results.append(result)
            if fresh:
                # Same transaction as the effects: results, last_applied_seq and effects commit together.
                tx.session.execute(MutationResultRow.__table__.insert(), [  # type: ignore[attr-defined]
                    {"device_id": ctx.device_id, "seq": r.seq, "mutation_id": r.mutation_id,
                     "status": r.status.value, "code": r.code, "detail": r.detail,
                     "result": r.model_dump(mode="json"), "created_at": utcnow()} for r in fresh.values()])
                device.last_applied_seq = last_applied
                tx.session.add(device)
        if gap is not None:
            break
    if gap is not None:
        raise PushGap(gap)
    return PushResponse(results=results, last_applied_seq=last_applied)


def _preload(tx: LedgerTx, todo: list[Mutation]) -> None:
    """Load the rows a chunk's patches and deletes work on (and their clients) with one query per entity.

    Each mutation then finds its row in the session's identity map instead of a SELECT of its own. Only a
    cache: the objects are the ones `session.get` would return (the session sees this transaction's
    writes, all made through the ORM), and a savepoint rollback expires what it touched as before.
    """
    wanted: dict[str, set[str]] = {}
    for m in todo:
        if m.op in (OutboxOp.PATCH, OutboxOp.DELETE) and m.entity in ENTITY_TYPES:
            wanted.setdefault(m.entity, set()).add(m.entity_id)
    clients = wanted.pop("client", set())
    for entity, ids in wanted.items():
        for row in _load(tx, ENTITY_TYPES[entity], ids):
            parent = getattr(row, "client_id", None)
            if parent:
                clients.add(parent)
    _load(tx, Client, clients)


def _load(tx: LedgerTx, model: Any, ids: set[str]) -> list[Any]:
    ids = {i for i in ids if tx.session.identity_map.get(identity_key(model, i)) is None}
    rows: list[Any] = []
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        rows.extend(tx.session.exec(select(model).where(col(model.id).in_(ordered[start:start + 500]))))
    return rows


def _stored(tx: LedgerTx, device_id: str, m: Mutation, fresh: dict[int, MutationResult]) -> MutationResult:
    if m.seq in fresh:  # delivered twice within one push
        earlier = fresh[m.seq]
        if earlier.mutation_id != m.mutation_id:
            return MutationResult(seq=m.seq, mutation_id=m.mutation_id, status=MutationStatus.REJECTED,
                                  code="push.seq_reused", duplicate=True)
        return earlier.model_copy(update={"duplicate": True})
    row = tx.session.get(MutationResultRow, (device_id, m.seq))
    if row is None:
        # Results are kept for the journal period; an older duplicate is acknowledged without detail.
        return MutationResult(seq=m.seq, mutation_id=m.mutation_id, status=MutationStatus.APPLIED,
                              code="push.result_expired", duplicate=True)
    stored = MutationResult.model_validate(row.result)
    if row.mutation_id != m.mutation_id:
        # Same number, another mutation: the device reused a seq (a rebuilt outbox). Refuse it visibly.
        return MutationResult(seq=m.seq, mutation_id=m.mutation_id, status=MutationStatus.REJECTED,
                              code="push.seq_reused", duplicate=True)
    return stored.model_copy(update={"duplicate": True})


def _apply_one(tx: LedgerTx, ctx: DeviceContext, m: Mutation) -> MutationResult:
    client_ts = m.client_ts if m.client_ts.tzinfo else m.client_ts.replace(tzinfo=UTC)
    who = Attribution(actor_user=ctx.user_id, actor_device=ctx.device_id, mutation_id=m.mutation_id,
                      hlc=device_hlc(now_ms(client_ts), now_ms(), ctx.device_id))
    head = tx.head
    savepoint = tx.session.begin_nested()
    tx.begin(who)
    try:
        outcome = mutations.apply(tx, ctx.actor, ctx.device_id, m, who.hlc)
        done = tx.finish()
        savepoint.commit()
    except DomainError as exc:
        savepoint.rollback()
        tx.discard(head)
        return _rejected(m, exc.code, mutations.describe(exc))
    except IntegrityError as exc:
        # A constraint the rules did not foresee (e.g. a unique code): deterministic, so stored.
        savepoint.rollback()
        tx.discard(head)
        log.warning("mutation %s (%s %s) hit a constraint: %s", m.mutation_id, m.op.value, m.entity,
                    type(exc.orig).__name__)
        return _rejected(m, "record.integrity", "")
    except DBAPIError:
        raise  # transient: nothing of this chunk is stored, the device retries
    except (ValueError, TypeError, KeyError) as exc:
        # Malformed payload content that slipped past validation: refuse it rather than wedge the queue.
        savepoint.rollback()
        tx.discard(head)
        log.warning("mutation %s (%s %s) refused as malformed: %s", m.mutation_id, m.op.value, m.entity,
                    type(exc).__name__)
        return _rejected(m, ValidationError("mutation.invalid").code, "")
    version = next((t.obj.version for t in done if t.entity == m.entity and t.obj.id == m.entity_id), None)
    if version is None and m.entity in ENTITY_TYPES:
        row = tx.session.get(ENTITY_TYPES[m.entity], m.entity_id)
        version = row.version if row is not None else None
    return MutationResult(seq=m.seq, mutation_id=m.mutation_id, status=outcome.status, code=outcome.code,
                          detail=outcome.detail, conflict_ids=outcome.conflict_ids, version=version,
                          related_ids=outcome.related_ids)


def _rejected(m: Mutation, code: str, detail: str) -> MutationResult:
    return MutationResult(seq=m.seq, mutation_id=m.mutation_id, status=MutationStatus.REJECTED, code=code,
                          detail=detail)
