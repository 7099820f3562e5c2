"""包户包效: the branch pool of unowned clients, claims by RMs and their settlement by the branch head."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from crm.domain.enums import ClaimStatus, ClientKind, ClientStatus, ClientTier, Role
from crm.domain.errors import Conflict, NotFound, ValidationError
from crm.domain.models import Client, ClientClaim, User
from crm.domain.rules.workflow import CLAIM_MACHINE, OPEN_CLAIM_STATUSES, claim_status_for
from crm.domain.types import utcnow
from crm.services import records
from crm.services.context import Actor, get_client
from crm.services.schema import Schema

_OPEN = [s.value for s in OPEN_CLAIM_STATUSES]


class PoolRow(Schema):
    """A pooled client as the claim screen lists it (no identity numbers)."""

    client_id: str
    legal_name: str
    short_name: str
    kind: ClientKind
    status: ClientStatus
    tier: ClientTier
    branch_id: str
    open_claims: int
    contested: bool
    my_claim_id: str | None
    my_claim_status: ClaimStatus | None


class ClaimRow(Schema):
    id: str
    client_id: str
    client_name: str
    claimant_id: str
    claimant_name: str
    branch_id: str
    status: ClaimStatus
    reason: str
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_comment: str
    contested: bool  # highlighted: the head must choose between claimants
    rivals: int  # other open claims on the same client


def _claim_scope(actor: Actor) -> Any:
    """An RM sees their own claims, a branch head the claims of their branches."""
    if actor.role is Role.BRANCH_HEAD:
        return col(ClientClaim.branch_id).in_(actor.branch_ids)
    if actor.role is Role.RM:
        return col(ClientClaim.claimant_id) == actor.user_id
    return sa.false()


def _open_claims(session: Session, client_id: str) -> list[ClientClaim]:
    return list(session.exec(
        select(ClientClaim).where(col(ClientClaim.client_id) == client_id,
                                  col(ClientClaim.deleted).is_(False), col(ClientClaim.status).in_(_OPEN))
        .order_by(col(ClientClaim.created_at), col(ClientClaim.id))
    ))


def _rebalance(session: Session, actor: Actor, client_id: str) -> None:
    """Bring every open claim on the client to the status its count calls for (pending / contested)."""
    open_claims = _open_claims(session, client_id)
    if not open_claims:
        return
    wanted = claim_status_for(len(open_claims))
    step = "contest" if wanted is ClaimStatus.CONTESTED else "uncontest"
    for claim in open_claims:
        if claim.status is not wanted:
            CLAIM_MACHINE.apply(claim.status, step, actor.role)
            records.command(session, actor, claim, f"claim.{step}", {"client_id": client_id},
                            {"status": wanted})


def get_claim(*, session: Session, actor: Actor, claim_id: str) -> ClientClaim:
    claim = session.exec(
        select(ClientClaim).where(col(ClientClaim.id) == claim_id, col(ClientClaim.deleted).is_(False),
                                  _claim_scope(actor))
    ).first()
    if claim is None:
        raise NotFound("claim.not_found", params={"id": claim_id})
    return claim


def list_pool(*, session: Session, actor: Actor) -> list[PoolRow]:
    """Unowned, not closed clients of the actor's branch (a head: their branches), by name."""
    actor.require(Role.RM, Role.BRANCH_HEAD, action="claim.list_pool")
    branch_ids = actor.branch_ids if actor.is_branch_head else (actor.branch_id,)
    clients = list(session.exec(
        select(Client).where(col(Client.owner_id).is_(None), col(Client.deleted).is_(False),
                             col(Client.branch_id).in_(branch_ids), col(Client.status) != ClientStatus.CLOSED)
        .order_by(col(Client.legal_name), col(Client.id))
    ))
    ids = [c.id for c in clients]
    counts: dict[str, int] = {}
    mine: dict[str, ClientClaim] = {}
    if ids:
        for claim in session.exec(
            select(ClientClaim).where(col(ClientClaim.client_id).in_(ids),
                                      col(ClientClaim.deleted).is_(False), col(ClientClaim.status).in_(_OPEN))
        ):
            counts[claim.client_id] = counts.get(claim.client_id, 0) + 1
            if claim.claimant_id == actor.user_id:
                mine[claim.client_id] = claim
    return [
        PoolRow(client_id=c.id, legal_name=c.legal_name, short_name=c.short_name, kind=c.kind,
                status=c.status, tier=c.tier, branch_id=c.branch_id, open_claims=counts.get(c.id, 0),
                contested=counts.get(c.id, 0) > 1,
                my_claim_id=mine[c.id].id if c.id in mine else None,
                my_claim_status=mine[c.id].status if c.id in mine else None)
        for c in clients
    ]


def claim_client(*, session: Session, actor: Actor, client_id: str, reason: str = "") -> ClientClaim:
    """An RM claims a pooled client; a second claimant makes every open claim on it contested."""
    status = CLAIM_MACHINE.apply(None, "claim", actor.role)
    client = get_client(session, actor, client_id)
    if client.owner_id is not None:
        raise Conflict("claim.client_owned", field="client_id", params={"client_id": client.id})
    if any(c.claimant_id == actor.user_id for c in _open_claims(session, client.id)):
        raise Conflict("claim.duplicate", field="client_id", params={"client_id": client.id})
    claim = ClientClaim(client_id=client.id, claimant_id=actor.user_id, branch_id=client.branch_id,
                        status=status, reason=reason.strip())
    records.create(session, actor, claim, audit_detail={"client_id": client.id})
    _rebalance(session, actor, client.id)
    return claim


def withdraw_claim(*, session: Session, actor: Actor, claim_id: str) -> ClientClaim:
    """The claimant takes their claim back; a lone remaining rival becomes uncontested again."""
    claim = get_claim(session=session, actor=actor, claim_id=claim_id)
    target = CLAIM_MACHINE.apply(claim.status, "withdraw", actor.role)
    records.command(session, actor, claim, "claim.withdraw", {"client_id": claim.client_id},
                    {"status": target})
    _rebalance(session, actor, claim.client_id)
    return claim


def settle_claim(*, session: Session, actor: Actor, claim_id: str, grant: bool,
                 comment: str = "") -> ClientClaim:
    """The head of the claim's branch grants it (the claimant becomes the owner, rivals are rejected)
    or rejects it. Every claim, contested or not, is confirmed this way."""
    claim = get_claim(session=session, actor=actor, claim_id=claim_id)
    target = CLAIM_MACHINE.apply(claim.status, "grant" if grant else "reject", actor.role)
    comment = comment.strip()
    decided = {"decided_by": actor.user_id, "decided_at": utcnow(), "decision_comment": comment}
    if not grant:
        records.command(session, actor, claim, "claim.reject",
                        {"client_id": claim.client_id, "comment": comment}, {"status": target, **decided})
        _rebalance(session, actor, claim.client_id)
        return claim
    client = session.get(Client, claim.client_id)
    if client is None or client.deleted:
        raise NotFound("client.not_found", params={"id": claim.client_id})
    if client.owner_id is not None:
        # Assigned meanwhile (e.g. by the head directly): the claim must be rejected instead.
        raise Conflict("claim.client_owned", field="client_id", params={"client_id": client.id})
    claimant = session.get(User, claim.claimant_id)
    if claimant is None or claimant.deleted or not claimant.active:
        raise ValidationError("claim.claimant_inactive", field="claimant_id")
    rivals = [c for c in _open_claims(session, client.id) if c.id != claim.id]
    records.command(session, actor, claim, "claim.grant", {"client_id": client.id, "comment": comment},
                    {"status": target, **decided})
    records.command(session, actor, client, "claim.settle",
                    {"claim_id": claim.id, "owner_id": claim.claimant_id, "rejected": [c.id for c in rivals]},
                    {"owner_id": claim.claimant_id})
    for rival in rivals:
        rejected = CLAIM_MACHINE.apply(rival.status, "reject", actor.role)
        records.command(session, actor, rival, "claim.reject",
                        {"client_id": client.id, "granted_claim_id": claim.id, "comment": comment},
                        {"status": rejected, **decided})
    return claim


def list_claims(*, session: Session, actor: Actor, status: ClaimStatus | None = None,
                client_id: str | None = None) -> list[ClaimRow]:
    """Claims in scope: contested first (the head must choose), then pending, then decided, oldest first."""
    stmt = (
        select(ClientClaim, Client.legal_name, Client.short_name, User.display_name)
        .join(Client, col(ClientClaim.client_id) == col(Client.id))
        .join(User, col(ClientClaim.claimant_id) == col(User.id))
        .where(col(ClientClaim.deleted).is_(False), _claim_scope(actor))
    )
    if status is not None:
        stmt = stmt.where(col(ClientClaim.status) == status)
    if client_id is not None:
        stmt = stmt.where(col(ClientClaim.client_id) == client_id)
    rows = list(session.exec(stmt.order_by(col(ClientClaim.created_at), col(ClientClaim.id))))
    client_ids = list({claim.client_id for claim, *_ in rows})
    open_counts: dict[str, int] = {}
    if client_ids:
        for cid, n in session.exec(
            select(ClientClaim.client_id, sa.func.count())
            .where(col(ClientClaim.client_id).in_(client_ids), col(ClientClaim.deleted).is_(False),
                   col(ClientClaim.status).in_(_OPEN))
            .group_by(col(ClientClaim.client_id))
        ):
            open_counts[cid] = int(n)
    order = {ClaimStatus.CONTESTED: 0, ClaimStatus.PENDING: 1}
    out = []
    for claim, legal, short, claimant_name in rows:
        is_open = claim.status in OPEN_CLAIM_STATUSES
        rivals = open_counts.get(claim.client_id, 0) - (1 if is_open else 0)
        out.append(ClaimRow(
            id=claim.id, client_id=claim.client_id, client_name=short or legal, claimant_id=claim.claimant_id,
            claimant_name=claimant_name, branch_id=claim.branch_id, status=claim.status, reason=claim.reason,
            created_at=claim.created_at, decided_by=claim.decided_by, decided_at=claim.decided_at,
            decision_comment=claim.decision_comment, contested=claim.status is ClaimStatus.CONTESTED,
            rivals=max(rivals, 0)))
    out.sort(key=lambda r: order.get(r.status, 2))  # stable: keeps oldest-first within a group
    return out
