"""Tests for 包户包效: the branch pool, claims, contested claims and their settlement by the branch head."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, func, select

from crm.db.engine import session_scope
from crm.domain.enums import ClaimStatus, ClientStatus, OutboxOp
from crm.domain.errors import Conflict, InvalidTransition, NotFound, PermissionDenied
from crm.domain.models import AuditEvent, Client, ClientClaim, Outbox
from crm.services.claims import (
    claim_client,
    get_claim,
    list_claims,
    list_pool,
    settle_claim,
    withdraw_claim,
)


def counts(session: Session) -> tuple[int, int]:
    audit = session.exec(select(func.count()).select_from(AuditEvent)).one()
    queued = session.exec(select(func.count()).select_from(Outbox)).one()
    return int(audit), int(queued)


def writes(session: Session, entity_id: str) -> list[tuple[str, OutboxOp, str]]:
    """(audit action, outbox op, command name) of every write on one row, in order."""
    actions = session.exec(select(AuditEvent.action).where(col(AuditEvent.entity_id) == entity_id)
                           .order_by(col(AuditEvent.seq))).all()
    rows = session.exec(select(Outbox).where(col(Outbox.entity_id) == entity_id)
                        .order_by(col(Outbox.seq))).all()
    assert len(actions) == len(rows)
    return [(a, r.op, r.name) for a, r in zip(actions, rows, strict=True)]


@pytest.fixture
def pooled(make_client):  # type: ignore[no-untyped-def]
    return make_client(None, name="城中超市有限公司")


def test_pool_lists_unowned_clients_of_the_branch(session, org, make_client, pooled) -> None:
    make_client(org.rm, name="已有主人公司")
    make_client(None, branch=org.other_branch, name="城东公司")
    closed = make_client(None, name="已注销公司")
    closed.status = ClientStatus.CLOSED
    session.add(closed)
    session.commit()
    second = make_client(None, name="阿里小店")
    claim_client(session=session, actor=org.rm, client_id=pooled.id, reason="老客户")
    claim_client(session=session, actor=org.rm2, client_id=pooled.id)

    rows = list_pool(session=session, actor=org.rm)
    assert [r.client_id for r in rows] == sorted([pooled.id, second.id],
                                                 key=lambda i: session.get(Client, i).legal_name)
    row = next(r for r in rows if r.client_id == pooled.id)
    assert (row.open_claims, row.contested, row.my_claim_status) == (2, True, ClaimStatus.CONTESTED)
    assert next(r for r in rows if r.client_id == second.id).my_claim_id is None
    assert {r.client_id for r in list_pool(session=session, actor=org.head)} == {pooled.id, second.id}
    assert [r.legal_name for r in list_pool(session=session, actor=org.other_head)] == ["城东公司"]
    with pytest.raises(PermissionDenied):
        list_pool(session=session, actor=org.admin)


def test_single_claim_is_pending_and_audited(session, org, pooled) -> None:
    before = counts(session)
    claim = claim_client(session=session, actor=org.rm, client_id=pooled.id, reason=" 我行代发客户 ")
    session.commit()
    assert (claim.status, claim.claimant_id, claim.branch_id, claim.reason) == (
        ClaimStatus.PENDING, org.rm.user_id, org.branch.id, "我行代发客户")
    assert counts(session) == (before[0] + 1, before[1] + 1)
    assert writes(session, claim.id) == [("claim.create", OutboxOp.CREATE, "")]


def test_claim_refusals(session, org, make_client, pooled) -> None:
    owned = make_client(org.rm)
    theirs = make_client(org.rm2)
    far = make_client(None, branch=org.other_branch)
    claim_client(session=session, actor=org.rm, client_id=pooled.id)
    before = counts(session)
    with pytest.raises(Conflict) as exc:
        claim_client(session=session, actor=org.rm, client_id=pooled.id)
    assert exc.value.code == "claim.duplicate"
    with pytest.raises(Conflict) as exc:
        claim_client(session=session, actor=org.rm, client_id=owned.id)
    assert exc.value.code == "claim.client_owned"
    for client in (theirs, far):
        with pytest.raises(NotFound):
            claim_client(session=session, actor=org.rm, client_id=client.id)
    for actor in (org.head, org.admin):
        with pytest.raises(PermissionDenied) as denied:
            claim_client(session=session, actor=actor, client_id=pooled.id)
        assert denied.value.code == "claim.role_forbidden"
    assert counts(session) == before


def test_second_claimant_makes_both_contested(session, org, pooled) -> None:
    first = claim_client(session=session, actor=org.rm, client_id=pooled.id)
    second = claim_client(session=session, actor=org.rm2, client_id=pooled.id)
    session.commit()
    assert first.status is second.status is ClaimStatus.CONTESTED
    assert writes(session, first.id) == [("claim.create", OutboxOp.CREATE, ""),
                                         ("claim.contest", OutboxOp.COMMAND, "claim.contest")]
    assert writes(session, second.id) == [("claim.create", OutboxOp.CREATE, ""),
                                          ("claim.contest", OutboxOp.COMMAND, "claim.contest")]
    rows = list_claims(session=session, actor=org.head)
    assert all(r.contested and r.rivals == 1 for r in rows)


def test_withdrawing_leaves_the_rival_uncontested(session, org, pooled) -> None:
    first = claim_client(session=session, actor=org.rm, client_id=pooled.id)
    second = claim_client(session=session, actor=org.rm2, client_id=pooled.id)
    with pytest.raises(NotFound):
        withdraw_claim(session=session, actor=org.rm2, claim_id=first.id)
    with pytest.raises(PermissionDenied) as exc:
        withdraw_claim(session=session, actor=org.head, claim_id=first.id)
    assert exc.value.code == "claim.role_forbidden"
    withdraw_claim(session=session, actor=org.rm, claim_id=first.id)
    assert (first.status, second.status) == (ClaimStatus.WITHDRAWN, ClaimStatus.PENDING)
    assert writes(session, second.id)[-1] == ("claim.uncontest", OutboxOp.COMMAND, "claim.uncontest")
    with pytest.raises(InvalidTransition) as invalid:
        withdraw_claim(session=session, actor=org.rm, claim_id=first.id)
    assert invalid.value.code == "claim.transition_invalid"
    # after withdrawing, the RM may claim again
    again = claim_client(session=session, actor=org.rm, client_id=pooled.id)
    assert again.status is ClaimStatus.CONTESTED and second.status is ClaimStatus.CONTESTED


def test_head_grants_an_uncontested_claim(session, org, pooled) -> None:
    claim = claim_client(session=session, actor=org.rm, client_id=pooled.id)
    session.commit()
    before = counts(session)
    settle_claim(session=session, actor=org.head, claim_id=claim.id, grant=True, comment="同意")
    session.commit()
    assert (claim.status, claim.decided_by, claim.decision_comment) == (
        ClaimStatus.GRANTED, org.head.user_id, "同意")
    assert claim.decided_at is not None
    client = session.get(Client, pooled.id)
    assert client.owner_id == org.rm.user_id
    assert counts(session) == (before[0] + 2, before[1] + 2)
    assert writes(session, claim.id)[-1] == ("claim.grant", OutboxOp.COMMAND, "claim.grant")
    assert writes(session, client.id) == [("claim.settle", OutboxOp.COMMAND, "claim.settle")]
    settle = session.exec(select(Outbox).where(col(Outbox.entity_id) == client.id)).one()
    assert settle.payload == {"claim_id": claim.id, "owner_id": org.rm.user_id, "rejected": []}
    # the client has left the pool and is the RM's now
    assert pooled.id not in {r.client_id for r in list_pool(session=session, actor=org.rm2)}


def test_granting_a_contested_claim_rejects_the_others(session, org, pooled) -> None:
    first = claim_client(session=session, actor=org.rm, client_id=pooled.id)
    second = claim_client(session=session, actor=org.rm2, client_id=pooled.id)
    settle_claim(session=session, actor=org.head, claim_id=second.id, grant=True, comment="李雷维护多年")
    assert (first.status, second.status) == (ClaimStatus.REJECTED, ClaimStatus.GRANTED)
    assert first.decided_by == org.head.user_id
    assert writes(session, first.id)[-1] == ("claim.reject", OutboxOp.COMMAND, "claim.reject")
    assert session.get(Client, pooled.id).owner_id == org.rm2.user_id
    with pytest.raises(InvalidTransition):
        settle_claim(session=session, actor=org.head, claim_id=first.id, grant=True)


def test_rejecting_one_of_two_leaves_the_other_pending(session, org, pooled) -> None:
    first = claim_client(session=session, actor=org.rm, client_id=pooled.id)
    second = claim_client(session=session, actor=org.rm2, client_id=pooled.id)
    settle_claim(session=session, actor=org.head, claim_id=first.id, grant=False, comment="非本人客户")
    assert (first.status, second.status) == (ClaimStatus.REJECTED, ClaimStatus.PENDING)
    assert first.decision_comment == "非本人客户"
    assert session.get(Client, pooled.id).owner_id is None
    event = session.exec(select(AuditEvent).where(col(AuditEvent.entity_id) == first.id)
                         .order_by(col(AuditEvent.seq).desc())).first()
    assert event.action == "claim.reject" and "comment" not in event.detail


def test_settle_refusals(session, org, pooled) -> None:
    claim = claim_client(session=session, actor=org.rm, client_id=pooled.id)
    session.commit()
    before = counts(session)
    with pytest.raises(PermissionDenied) as exc:
        settle_claim(session=session, actor=org.rm, claim_id=claim.id, grant=True)
    assert exc.value.code == "claim.role_forbidden"
    for actor in (org.rm2, org.other_head, org.admin):
        with pytest.raises(NotFound):
            settle_claim(session=session, actor=actor, claim_id=claim.id, grant=True)
    assert counts(session) == before
    assert claim.status is ClaimStatus.PENDING


def test_a_client_assigned_meanwhile_cannot_be_granted(session, org, pooled) -> None:
    claim = claim_client(session=session, actor=org.rm, client_id=pooled.id)
    pooled.owner_id = org.rm2.user_id  # the head assigned it directly (synced from the ledger)
    session.add(pooled)
    session.commit()
    before = counts(session)
    with pytest.raises(Conflict) as exc:
        settle_claim(session=session, actor=org.head, claim_id=claim.id, grant=True)
    assert exc.value.code == "claim.client_owned"
    assert counts(session) == before
    settle_claim(session=session, actor=org.head, claim_id=claim.id, grant=False)
    assert claim.status is ClaimStatus.REJECTED


def test_list_claims_scope_order_and_filters(session, org, make_client) -> None:
    a = make_client(None, name="甲")
    b = make_client(None, name="乙")
    lone = claim_client(session=session, actor=org.rm, client_id=a.id)
    c1 = claim_client(session=session, actor=org.rm, client_id=b.id)
    c2 = claim_client(session=session, actor=org.rm2, client_id=b.id)
    done = make_client(None, name="丙")
    granted = claim_client(session=session, actor=org.rm2, client_id=done.id)
    settle_claim(session=session, actor=org.head, claim_id=granted.id, grant=True)

    head_rows = list_claims(session=session, actor=org.head)
    # contested first (the head must choose), then pending, then decided
    assert [r.id for r in head_rows] == [c1.id, c2.id, lone.id, granted.id]
    assert [(r.contested, r.rivals) for r in head_rows] == [(True, 1), (True, 1), (False, 0), (False, 0)]
    assert head_rows[2].client_name == "甲" and head_rows[2].claimant_name == "王芳"
    assert [r.id for r in list_claims(session=session, actor=org.rm)] == [c1.id, lone.id]
    assert [r.id for r in list_claims(session=session, actor=org.rm2)] == [c2.id, granted.id]
    assert list_claims(session=session, actor=org.other_head) == []
    assert list_claims(session=session, actor=org.admin) == []
    pending = list_claims(session=session, actor=org.head, status=ClaimStatus.PENDING)
    assert [r.id for r in pending] == [lone.id]
    assert [r.id for r in list_claims(session=session, actor=org.head, client_id=b.id)] == [c1.id, c2.id]
    assert get_claim(session=session, actor=org.head, claim_id=lone.id).id == lone.id
    with pytest.raises(NotFound):
        get_claim(session=session, actor=org.rm2, claim_id=lone.id)


def test_a_failing_unit_of_work_leaves_nothing(workspace, session, org, pooled) -> None:
    before = counts(session)
    session.rollback()
    with pytest.raises(Conflict), session_scope(workspace.engine) as uow:
        claim_client(session=uow, actor=org.rm, client_id=pooled.id)
        claim_client(session=uow, actor=org.rm, client_id=pooled.id)  # duplicate: refused
    with Session(workspace.engine) as fresh:
        assert counts(fresh) == before
        assert fresh.exec(select(func.count()).select_from(ClientClaim)).one() == 0
