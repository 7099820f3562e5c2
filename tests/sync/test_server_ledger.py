"""The ledger's service layer (crm.sync.server), on SQLite and on PostgreSQL (``ledger_engine``)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from crm.domain.enums import (
    ClaimStatus,
    ClientKind,
    ClientStatus,
    ClientTier,
    OutboxOp,
    PlanStatus,
    Role,
    TaskStatus,
    VisitMode,
)
from crm.domain.models import (
    ENTITY_TYPES,
    Client,
    ClientClaim,
    Conflict,
    Contact,
    FollowUpTask,
    Holding,
    Plan,
    PlanItem,
    User,
    Visit,
)
from crm.domain.rules.checksums import make_uscc
from crm.services.audit import verify_audit_chain
from crm.sync.protocol import ChangeOp, EnrolRequest, MutationStatus
from crm.sync.server import admin, auth, scopes
from crm.sync.server.errors import AuthError, EpochChanged, PushGap, Throttled
from crm.sync.server.ledger import context_for, open_conflicts, snapshot, status, write_tx
from crm.sync.server.models import ChangeLog, ChangeScope, Device, MutationResultRow

if TYPE_CHECKING:
    from conftest import LedgerDevice, LedgerOrg

MONTH = "2027-03"  # March 2027: the 1st is a Monday
_serial = iter(range(1, 10**6))

APPLIED, CONFLICT, REJECTED = MutationStatus.APPLIED, MutationStatus.CONFLICT, MutationStatus.REJECTED


def new_client(org: LedgerOrg, owner: User | None, *, branch: Any = None, **fields: Any) -> Client:
    n = next(_serial)
    return Client(kind=ClientKind.CORPORATE, status=ClientStatus.ACTIVE, legal_name=f"测试企业{n}有限公司",
                  uscc=make_uscc(f"91310101MA{n:07d}"), owner_id=owner.id if owner else None,
                  branch_id=(branch or org.branch).id, **fields)


def seed_client(org: LedgerOrg, owner: User | None, **fields: Any) -> Client:
    """A client written by the branch head's device (an RM may only create their own)."""
    head = org.device(org.head)
    client = new_client(org, owner, **fields)
    assert head.push_one(head.create("client", client)).status is APPLIED
    return client


def ok(result: Any) -> Any:
    assert result.status is APPLIED, (result.code, result.detail)
    return result


def rejected(result: Any, code: str) -> None:
    assert result.status is REJECTED and result.code == code, (result.status, result.code, result.detail)


def row(engine: sa.Engine, model: Any, row_id: str) -> Any:
    with Session(engine) as s:
        return s.get(model, row_id)


# --- push: exactly once, in order ------------------------------------------------------------------


def test_create_then_pull_by_scope(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm, rm2, head, other_head = (org.device(u) for u in (org.rm, org.rm2, org.head, org.other_head))
    client = new_client(org, org.rm)
    contact = Contact(client_id=client.id, name="张三", phones=["138 1234 5678"])
    resp = rm.push(rm.create("client", client), rm.create("contact", contact))
    assert [r.status for r in resp.results] == [APPLIED, APPLIED] and resp.last_applied_seq == 2
    rm.sync_down()
    assert rm.rows[("contact", contact.id)]["phones"] == ["13812345678"]  # normalised by the ledger
    assert rm.rows[("client", client.id)]["version"] == resp.results[0].version
    head.sync_down()
    assert head.has("client", client.id) and head.has("contact", contact.id)
    for outsider in (rm2, other_head):
        outsider.sync_down()
        assert not outsider.has("client", client.id) and not outsider.has("contact", contact.id)
    # everyone sees their branch and colleagues; nobody sees another branch's staff
    assert rm2.has("user", org.rm.id) and not rm2.has("user", org.other_rm.id)
    assert other_head.has("user", org.other_rm.id) and not other_head.has("branch", org.branch.id)


def test_duplicate_delivery_is_answered_from_the_stored_result(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm = org.device(org.rm)
    client = new_client(org, org.rm)
    muts = [rm.create("client", client), rm.patch("client", client.id, notes="x", base={"notes": 0}),
            rm.patch("client", client.id, owner_id=org.rm2.id)]
    first = rm.push(*muts)
    assert [r.status for r in first.results] == [APPLIED, APPLIED, REJECTED]
    with Session(org.engine) as s:
        logged = s.exec(select(ChangeLog)).all()
    again = rm.push(*muts)
    assert all(r.duplicate for r in again.results)
    assert [r.model_dump(exclude={"duplicate"}) for r in again.results] == \
        [r.model_dump(exclude={"duplicate"}) for r in first.results]
    with Session(org.engine) as s:
        assert len(s.exec(select(ChangeLog)).all()) == len(logged)  # nothing applied twice
    # a reused seq with another mutation id is refused visibly, never answered as the old one
    rm.seq = 0
    reused = rm.push(rm.patch("client", client.id, notes="y"))
    assert reused.results[0].status is REJECTED and reused.results[0].code == "push.seq_reused"


def test_gap_keeps_what_came_before_and_asks_for_the_expected_seq(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm = org.device(org.rm)
    a, b = new_client(org, org.rm), new_client(org, org.rm)
    m1 = rm.create("client", a)
    rm.seq += 1  # seq 2 never sent
    m3 = rm.create("client", b)
    with pytest.raises(PushGap) as gap:
        rm.push(m1, m3)
    assert gap.value.expected_seq == 2 and gap.value.code == "push.gap"
    assert row(org.engine, Client, a.id) is not None and row(org.engine, Client, b.id) is None
    assert status(org.engine, rm.ctx).last_applied_seq == 1


def test_a_rejection_is_stored_advances_the_seq_and_rolls_back_only_itself(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm = org.device(org.rm)
    good, foreign = new_client(org, org.rm), new_client(org, org.rm2)
    plan = Plan(rm_id=org.rm.id, branch_id=org.branch.id, month=MONTH)
    resp = rm.push(
        rm.create("client", good),
        rm.create("client", foreign),  # an RM may not create a client owned by someone else
        rm.create("plan", plan),
        rm.command("plan.submit", "plan", plan.id),  # an empty plan cannot be submitted
        rm.patch("client", good.id, notes="after the rejections"),
    )
    assert [(r.status, r.code) for r in resp.results] == [
        (APPLIED, ""), (REJECTED, "field.forbidden"), (APPLIED, ""), (REJECTED, "plan.empty"), (APPLIED, "")]
    assert resp.last_applied_seq == 5
    assert row(org.engine, Client, foreign.id) is None
    assert row(org.engine, Plan, plan.id).status is PlanStatus.DRAFT
    with Session(org.engine) as s:
        rejected_ids = {resp.results[1].mutation_id, resp.results[3].mutation_id}
        assert not s.exec(select(ChangeLog).where(col(ChangeLog.mutation_id).in_(rejected_ids))).all()
        stored = s.exec(select(MutationResultRow).where(col(MutationResultRow.device_id) == rm.ctx.device_id)
                        .order_by(col(MutationResultRow.seq))).all()
        assert [r.status for r in stored] == ["applied", "rejected", "applied", "rejected", "applied"]
        # seqs are gap-free even though rejected mutations allocated none
        seqs = [r.seq for r in s.exec(select(ChangeLog).order_by(col(ChangeLog.seq)))]
        assert seqs == list(range(1, len(seqs) + 1))


def test_push_with_an_old_epoch_is_refused(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm = org.device(org.rm)
    epoch = admin.new_epoch(org.engine)
    with pytest.raises(EpochChanged) as exc:
        rm.push(rm.create("client", new_client(org, org.rm)))
    assert exc.value.epoch == epoch
    assert status(org.engine, rm.ctx).epoch == epoch and status(org.engine, rm.ctx).last_applied_seq == 0


# --- authorisation comes from the ledger's user, never from the payload ---------------------------


def test_authorisation_matrix_of_mutations(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm, rm2, head, other_head, admin_dev = (org.device(u) for u in
                                            (org.rm, org.rm2, org.head, org.other_head, org.admin))
    client = seed_client(org, org.rm)
    pooled = seed_client(org, None)
    rejected(rm2.push_one(rm2.patch("client", client.id, notes="not mine")), "client.not_found")
    rejected(other_head.push_one(other_head.patch("client", client.id, notes="x")), "client.not_found")
    rejected(rm.push_one(rm.patch("client", pooled.id, notes="pooled")), "client.not_owner")
    ok(head.push_one(head.patch("client", client.id, notes="head may")))
    rejected(rm.push_one(rm.patch("client", client.id, owner_id=org.rm2.id)), "field.server_only")
    rejected(rm.push_one(rm.command("client.assign", "client", client.id, owner_id=org.rm2.id)),
             "permission.role")
    rejected(admin_dev.push_one(admin_dev.patch("client", client.id, notes="x")), "permission.role")
    visit = Visit(client_id=client.id, rm_id=org.rm.id, visit_on=date.today(), mode=VisitMode.ON_SITE)
    rejected(rm2.push_one(rm2.create("visit", visit)), "client.not_found")
    spoofed = Visit(client_id=client.id, rm_id=org.rm2.id, visit_on=date.today())
    rejected(rm.push_one(rm.create("visit", spoofed)), "field.forbidden")
    ok(rm.push_one(rm.create("visit", visit)))
    rejected(rm.push_one(rm.create("user", User(username="x", display_name="x", role=Role.RM,
                                                branch_id=org.branch.id))), "entity.server_owned")
    rejected(rm.push_one(rm.mutation(OutboxOp.CREATE, "nonsense", client.id, {})), "mutation.entity_unknown")
    rejected(rm.push_one(rm.command("plan.launch", "plan", client.id)), "command.unknown")


# --- scopes, reassignment --------------------------------------------------------------------------


def test_pooled_clients_are_visible_to_the_branch_rms_only(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    pooled = seed_client(org, None)
    contact_head = org.device(org.head)
    ok(contact_head.push_one(contact_head.create("contact", Contact(client_id=pooled.id, name="李四"))))
    rm2, other_rm, other_head = org.device(org.rm2), org.device(org.other_rm), org.device(org.other_head)
    for dev in (rm2, other_rm, other_head):
        dev.sync_down()
    assert rm2.has("client", pooled.id) and any(k[0] == "contact" for k in rm2.rows)
    assert not other_rm.has("client", pooled.id) and not other_head.has("client", pooled.id)


def test_reassignment_removes_from_the_old_scope_and_puts_into_the_new(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm, rm2, head = org.device(org.rm), org.device(org.rm2), org.device(org.head)
    client = seed_client(org, org.rm)
    contact = Contact(client_id=client.id, name="王五", phones=["13900001111"])
    holding = Holding(client_id=client.id, kind="deposit", amount_fen=100_000)
    visit = Visit(client_id=client.id, rm_id=org.rm.id, visit_on=date.today(), completed=True,
                  information="首次拜访")
    task = FollowUpTask(client_id=client.id, owner_id=org.rm.id, title="回访", due_on=date.today())
    for m in (rm.create("contact", contact), rm.create("holding", holding), rm.create("visit", visit),
              rm.create("task", task)):
        ok(rm.push_one(m))
    for dev in (rm, rm2, head):
        dev.sync_down()
    assert rm.has("contact", contact.id) and not rm2.has("contact", contact.id)
    ok(head.push_one(head.command("client.assign", "client", client.id, owner_id=org.rm2.id)))
    changes = {(c.entity, c.id): c.op for c in rm.sync_down()}
    assert changes[("client", client.id)] is ChangeOp.REMOVE
    assert changes[("contact", contact.id)] is ChangeOp.REMOVE
    assert changes[("holding", holding.id)] is ChangeOp.REMOVE
    # the old RM keeps their own visit and task (rm:<author>), as the desktop services do
    assert changes.get(("visit", visit.id)) is not ChangeOp.REMOVE and rm.has("visit", visit.id)
    assert changes.get(("task", task.id)) is not ChangeOp.REMOVE and rm.has("task", task.id)
    got = {(c.entity, c.id): c.op for c in rm2.sync_down()}
    for key in (("client", client.id), ("contact", contact.id), ("holding", holding.id), ("visit", visit.id)):
        assert got[key] is ChangeOp.PUT and rm2.has(*key)
    assert rm2.rows[("client", client.id)]["owner_id"] == org.rm2.id
    # the head holds the client throughout (branch scope): a put, never a remove
    assert all(op is ChangeOp.PUT for op in {(c.entity, c.id): c.op for c in head.sync_down()}.values())
    # and back by the administrator's command line
    admin.assign_client(org.engine, client_id=client.id, username=org.rm.username)
    rm.sync_down()
    rm2.sync_down()
    assert rm.has("client", client.id) and rm.has("contact", contact.id)
    assert not rm2.has("client", client.id) and not rm2.has("holding", holding.id)


def _all_rows(engine: sa.Engine) -> dict[str, list[Any]]:
    with Session(engine) as s:
        return {entity: list(s.exec(select(model))) for entity, model in ENTITY_TYPES.items()}


def test_scope_sql_agrees_with_row_keys(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm, rm2, head = org.device(org.rm), org.device(org.rm2), org.device(org.head)
    mine = seed_client(org, org.rm, maintainer_id=org.rm2.id)
    pooled = seed_client(org, None)
    ok(rm.push_one(rm.create("contact", Contact(client_id=mine.id, name="赵六"))))
    ok(rm.push_one(rm.create("plan", Plan(rm_id=org.rm.id, branch_id=org.branch.id, month=MONTH))))
    ok(rm2.push_one(rm2.create("claim", ClientClaim(client_id=pooled.id, claimant_id=org.rm2.id,
                                                    branch_id=org.branch.id))))
    report = FollowUpTask(owner_id=org.rm2.id, title="报表", due_on=date.today())
    ok(head.push_one(head.create("task", report)))
    other = org.device(org.other_head)
    ok(other.push_one(other.create("client", new_client(org, org.other_rm, branch=org.other_branch))))
    rows = _all_rows(org.engine)
    with Session(org.engine) as s:
        resolver = scopes.KeyResolver(s)
        for user in (org.rm, org.rm2, org.head, org.other_head, org.other_rm, org.admin):
            keys = context_for(user, "d").keys
            for entity, items in rows.items():
                model: Any = ENTITY_TYPES[entity]
                by_sql = set(s.exec(select(model.id).where(scopes.visible(entity, keys))))
                by_keys = {r.id for r in items if scopes.row_keys(entity, r, resolver) & keys}
                assert by_sql == by_keys, (user.username, entity)


# --- the approved plan edited offline -------------------------------------------------------------


def _approved_plan(org: LedgerOrg, rm: LedgerDevice, head: LedgerDevice) -> tuple[Plan, PlanItem, int]:
    plan = Plan(rm_id=org.rm.id, branch_id=org.branch.id, month=MONTH, note="三月计划")
    item = PlanItem(plan_id=plan.id, prospect_name="某科技公司", goal_text="首次拜访",
                    planned_days=["2027-03-02"], sort=1)
    ok(rm.push_one(rm.create("plan", plan)))
    ok(rm.push_one(rm.create("plan_item", item)))
    version = row(org.engine, Plan, plan.id).version
    ok(rm.push_one(rm.command("plan.submit", "plan", plan.id)))
    ok(head.push_one(head.command("plan.approve", "plan", plan.id, comment="同意")))
    assert row(org.engine, Plan, plan.id).status is PlanStatus.APPROVED
    return plan, item, version


def test_an_approved_plan_edited_offline_becomes_an_amendment_draft(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm, head = org.device(org.rm), org.device(org.head)
    plan, item, seen = _approved_plan(org, rm, head)
    # The laptop still thinks the plan is a draft and edits it offline.
    result = rm.push_one(rm.patch("plan", plan.id, base={"note": seen}, note="三月计划（增加走访）"))
    assert result.status is APPLIED and result.code == "plan.amendment_created"
    amendment_id = result.related_ids[0]
    approved, amendment = row(org.engine, Plan, plan.id), row(org.engine, Plan, amendment_id)
    assert approved.status is PlanStatus.APPROVED and approved.note == "三月计划"  # never silently applied
    assert amendment.status is PlanStatus.AMENDED and amendment.amends_plan_id == plan.id
    assert amendment.note == "三月计划（增加走访）"  # never lost
    with Session(org.engine) as s:
        copies = s.exec(select(PlanItem).where(col(PlanItem.plan_id) == amendment_id)).all()
    assert [(c.prospect_name, c.planned_days) for c in copies] == [("某科技公司", ["2027-03-02"])]
    # a second offline edit, of an item this time, lands in the same amendment
    result = rm.push_one(rm.patch("plan_item", item.id, base={"planned_days": seen},
                                  planned_days=["2027-03-02", "2027-03-09"]))
    assert result.code == "plan.amendment_updated" and result.related_ids == [amendment_id]
    assert row(org.engine, PlanItem, item.id).planned_days == ["2027-03-02"]
    assert row(org.engine, PlanItem, copies[0].id).planned_days == ["2027-03-02", "2027-03-09"]
    # the RM then submits the amendment and the head approves it; the original is superseded, unchanged
    ok(rm.push_one(rm.command("plan.submit", "plan", amendment_id)))
    ok(head.push_one(head.command("plan.approve", "plan", amendment_id)))
    rm.sync_down()
    assert rm.rows[("plan", plan.id)]["status"] == "approved"
    assert rm.rows[("plan", amendment_id)]["status"] == "approved"


def test_workflow_commands_are_checked_against_role_state_and_scope(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm, rm2, head, other_head = (org.device(u) for u in (org.rm, org.rm2, org.head, org.other_head))
    plan = Plan(rm_id=org.rm.id, branch_id=org.branch.id, month=MONTH)
    ok(rm.push_one(rm.create("plan", plan)))
    ok(rm.push_one(rm.create("plan_item", PlanItem(plan_id=plan.id, prospect_name="甲公司", sort=1))))
    rejected(head.push_one(head.command("plan.approve", "plan", plan.id)), "plan.transition_invalid")
    ok(rm.push_one(rm.command("plan.submit", "plan", plan.id)))
    assert rm.push_one(rm.command("plan.submit", "plan", plan.id)).code == "command.noop"  # converges
    rejected(rm.push_one(rm.command("plan.approve", "plan", plan.id)), "plan.role_forbidden")
    rejected(rm2.push_one(rm2.command("plan.withdraw", "plan", plan.id)), "plan.not_found")
    rejected(other_head.push_one(other_head.command("plan.approve", "plan", plan.id)), "plan.not_found")
    rejected(head.push_one(head.command("plan.return", "plan", plan.id, comment="")), "plan.comment_required")
    ok(head.push_one(head.command("plan.return", "plan", plan.id, comment="补充产品")))
    assert row(org.engine, Plan, plan.id).status is PlanStatus.RETURNED
    rejected(rm.push_one(rm.patch("plan", plan.id, status="approved")), "field.server_only")


# --- merge: queue, append, lww --------------------------------------------------------------------


def test_concurrent_contact_edit_becomes_a_conflict_for_a_person(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    laptop, desktop, head = org.device(org.rm), org.device(org.rm), org.device(org.head)
    client = seed_client(org, org.rm)
    contact = Contact(client_id=client.id, name="张三", phones=["13800000000"], title="财务")
    ok(laptop.push_one(laptop.create("contact", contact)))
    base = row(org.engine, Contact, contact.id).version
    ok(desktop.push_one(desktop.patch("contact", contact.id, base={"phones": base}, phones=["13911112222"])))
    result = laptop.push_one(laptop.patch("contact", contact.id, base={"phones": base, "title": base},
                                          phones=["13733334444"], title="财务总监"))
    assert result.status is CONFLICT and len(result.conflict_ids) == 1
    saved = row(org.engine, Contact, contact.id)
    assert saved.phones == ["13911112222"] and saved.title == "财务总监"  # other field applied
    conflict = row(org.engine, Conflict, result.conflict_ids[0])
    assert (conflict.field, conflict.base_value, conflict.mine_value, conflict.theirs_value) == \
        ("phones", ["13800000000"], ["13733334444"], ["13911112222"])
    # pulled by the user concerned and by the head of their branch
    assert [c.id for c in open_conflicts(org.engine, laptop.ctx)] == [conflict.id]
    head.sync_down()
    assert head.has("conflict", conflict.id)
    assert status(org.engine, laptop.ctx).open_conflicts == 1
    # resolved with "mine": the field takes the device's value; a stale resolution is refused
    ok(laptop.push_one(laptop.command("conflict.resolve", "conflict", conflict.id, choice="mine")))
    assert row(org.engine, Contact, contact.id).phones == ["13733334444"]
    assert row(org.engine, Conflict, conflict.id).resolved
    assert laptop.push_one(laptop.command("conflict.resolve", "conflict", conflict.id,
                                          choice="theirs")).code == "command.noop"
    assert open_conflicts(org.engine, laptop.ctx) == []


def test_stale_conflict_resolution_is_refused(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    a, b = org.device(org.rm), org.device(org.head)
    client = seed_client(org, org.rm)
    v = row(org.engine, Client, client.id).version
    ok(b.push_one(b.patch("client", client.id, base={"deposit_balance_fen": v}, deposit_balance_fen=500)))
    conflict_id = a.push_one(a.patch("client", client.id, base={"deposit_balance_fen": v},
                                     deposit_balance_fen=700)).conflict_ids[0]
    ok(b.push_one(b.patch("client", client.id, deposit_balance_fen=900)))
    rejected(a.push_one(a.command("conflict.resolve", "conflict", conflict_id, choice="edit", value=800)),
             "conflict.stale")


def test_free_text_appends_and_low_stakes_fields_go_by_the_clock(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    a, b = org.device(org.rm), org.device(org.head)
    client = seed_client(org, org.rm, notes="初次接触。")
    v = row(org.engine, Client, client.id).version
    now = datetime.now(UTC)
    ok(b.push_one(b.mutation(OutboxOp.PATCH, "client", client.id, {"notes": "初次接触。\n行长已拜访。",
                                                                    "tier": "B"},
                             base={"notes": v, "tier": v}, client_ts=now)))
    earlier = a.mutation(OutboxOp.PATCH, "client", client.id,
                         {"notes": "初次接触。\n客户经理电话回访。", "tier": "A"},
                         base={"notes": v, "tier": v}, client_ts=now - timedelta(hours=1))
    ok(a.push_one(earlier))
    saved = row(org.engine, Client, client.id)
    assert saved.notes == "初次接触。\n行长已拜访。\n客户经理电话回访。"
    assert saved.tier is ClientTier.B  # the later edit (by the clock) stands
    later = a.mutation(OutboxOp.PATCH, "client", client.id, {"tier": "C"}, base={"tier": v},
                       client_ts=now + timedelta(days=365))  # a laptop clock a year ahead is clamped
    ok(a.push_one(later))
    assert row(org.engine, Client, client.id).tier is ClientTier.C


def test_edits_of_different_fields_never_conflict(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    a, b = org.device(org.rm), org.device(org.head)
    client = seed_client(org, org.rm)
    v = row(org.engine, Client, client.id).version
    ok(a.push_one(a.patch("client", client.id, base={"deposit_balance_fen": v}, deposit_balance_fen=1)))
    ok(b.push_one(b.patch("client", client.id, base={"loan_balance_fen": v}, loan_balance_fen=2)))
    ok(a.push_one(a.patch("client", client.id, base={"legal_name": v}, legal_name="新名称有限公司")))
    saved = row(org.engine, Client, client.id)
    assert (saved.deposit_balance_fen, saved.loan_balance_fen, saved.legal_name) == (1, 2, "新名称有限公司")
    assert saved.field_versions["legal_name"] > saved.field_versions["loan_balance_fen"]


def test_one_devices_successive_edits_are_not_concurrent_with_each_other(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm = org.device(org.rm)
    client = seed_client(org, org.rm)
    v = row(org.engine, Client, client.id).version
    resp = rm.push(rm.patch("client", client.id, base={"address": v}, address="人民路1号"),
                   rm.patch("client", client.id, base={"address": v}, address="人民路2号"))
    assert [r.status for r in resp.results] == [APPLIED, APPLIED]
    assert row(org.engine, Client, client.id).address == "人民路2号"


def test_tasks_change_status_only_by_valid_transitions(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm, head = org.device(org.rm), org.device(org.head)
    task = FollowUpTask(owner_id=org.rm.id, title="寄送材料", due_on=date.today())
    ok(rm.push_one(rm.create("task", task)))
    v = row(org.engine, FollowUpTask, task.id).version
    rejected(head.push_one(head.patch("task", task.id, base={"status": v}, status="done")), "task.not_owner")
    ok(rm.push_one(rm.patch("task", task.id, base={"status": v}, status="done")))
    saved = row(org.engine, FollowUpTask, task.id)
    assert saved.status is TaskStatus.DONE and saved.done_at is not None
    # the head cancelled at the same time from an older base: a conflict, not an overwrite
    result = head.push_one(head.patch("task", task.id, base={"status": v}, status="cancelled"))
    assert result.status is CONFLICT
    rejected(rm.push_one(rm.patch("task", task.id, status="cancelled")), "task.transition_invalid")


def test_delete_is_a_tombstone_refused_over_someone_elses_newer_edit(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm, head = org.device(org.rm), org.device(org.head)
    client = seed_client(org, org.rm)
    c1, c2 = Contact(client_id=client.id, name="甲"), Contact(client_id=client.id, name="乙")
    ok(rm.push_one(rm.create("contact", c1)))
    ok(rm.push_one(rm.create("contact", c2)))
    v2 = row(org.engine, Contact, c2.id).version
    ok(rm.push_one(rm.patch("contact", c1.id, title="经理")))
    ok(rm.push_one(rm.delete("contact", c1.id, base=0)))  # own edits since the base do not count
    ok(head.push_one(head.patch("contact", c2.id, base={"title": v2}, title="会计")))
    rejected(rm.push_one(rm.delete("contact", c2.id, base=v2)), "record.changed_since")
    rejected(rm.push_one(rm.delete("client", client.id)), "entity.not_deletable")
    rm.sync_down()
    assert rm.rows[("contact", c1.id)]["deleted"] is True and rm.rows[("contact", c2.id)]["deleted"] is False


# --- claims: derived state on the ledger ----------------------------------------------------------


def test_rival_claims_are_contested_and_a_grant_moves_the_client(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm, rm2, head = org.device(org.rm), org.device(org.rm2), org.device(org.head)
    pooled = seed_client(org, None)
    c1 = ClientClaim(client_id=pooled.id, claimant_id=org.rm.id, branch_id=org.branch.id, reason="老客户介绍")
    c2 = ClientClaim(client_id=pooled.id, claimant_id=org.rm2.id, branch_id=org.branch.id)
    ok(rm.push_one(rm.create("claim", c1)))
    ok(rm2.push_one(rm2.create("claim", c2)))  # offline each saw only their own claim
    assert {row(org.engine, ClientClaim, c.id).status for c in (c1, c2)} == {ClaimStatus.CONTESTED}
    assert rm.push_one(rm.command("claim.contest", "claim", c1.id)).code == "claim.server_derived"
    rejected(rm.push_one(rm.command("claim.grant", "claim", c1.id)), "claim.role_forbidden")
    rm2.sync_down()
    assert rm2.has("client", pooled.id)
    ok(head.push_one(head.command("claim.grant", "claim", c1.id, comment="同意")))
    assert row(org.engine, Client, pooled.id).owner_id == org.rm.id
    assert row(org.engine, ClientClaim, c2.id).status is ClaimStatus.REJECTED
    # the head's laptop also sends the client side and the rival's rejection: both converge
    assert head.push_one(head.command("claim.settle", "client", pooled.id, owner_id=org.rm.id,
                                      claim_id=c1.id)).code == "command.noop"
    assert head.push_one(head.command("claim.reject", "claim", c2.id)).code == "command.noop"
    removed = {(c.entity, c.id): c.op for c in rm2.sync_down()}
    assert removed[("client", pooled.id)] is ChangeOp.REMOVE  # left the pool
    assert rm2.rows[("claim", c2.id)]["status"] == "rejected"
    rm.sync_down()
    assert rm.rows[("client", pooled.id)]["owner_id"] == org.rm.id


# --- pull and snapshot -----------------------------------------------------------------------------


def test_pull_pages_deduplicate_rows_and_lose_nothing(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm = org.device(org.rm)
    clients = [new_client(org, org.rm) for _ in range(7)]
    rm.push(*(rm.create("client", c) for c in clients))
    for i in range(5):
        rm.push(rm.patch("client", clients[0].id, notes=f"第{i}次"))
    reader = org.device(org.rm)
    pages = []
    while True:
        page = reader.pull(limit=3)
        pages.append(page)
        keys = [(c.entity, c.id) for c in page.changes]
        assert len(keys) == len(set(keys))  # one change per row within a page
        for change in page.changes:
            reader.rows[(change.entity, change.id)] = change.data or {}
        assert page.cursor <= page.checkpoint
        reader.cursor = page.cursor
        if not page.has_more:
            break
    assert len(pages) > 2
    assert {c.id for c in clients} <= {k[1] for k in reader.rows if k[0] == "client"}
    assert reader.rows[("client", clients[0].id)]["notes"] == "第4次"
    assert reader.pull().changes == []


def test_snapshot_equals_what_pulling_from_zero_gives(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm, head = org.device(org.rm), org.device(org.head)
    client = seed_client(org, org.rm)
    ok(rm.push_one(rm.create("contact", Contact(client_id=client.id, name="甲"))))
    gone = Contact(client_id=client.id, name="乙")
    ok(rm.push_one(rm.create("contact", gone)))
    ok(rm.push_one(rm.delete("contact", gone.id)))
    ok(head.push_one(head.create("client", new_client(org, org.rm2))))
    lines = list(snapshot(org.engine, rm.ctx, batch=2))
    header, rows, end = lines[0], lines[1:-1], lines[-1]
    assert header["type"] == "header" and end == {"type": "end", "rows": len(rows)}
    snap = {(r["entity"], r["data"]["id"]): r["data"] for r in rows}
    rm.sync_down()
    live = {k: v for k, v in rm.rows.items() if not v.get("deleted")}
    assert snap == live
    assert header["checkpoint"] == rm.cursor
    assert set(header["scopes"]) == set(rm.ctx.keys)
    order = [scopes.SNAPSHOT_ORDER.index(r["entity"]) for r in rows]
    assert order == sorted(order)  # parents first


def test_pull_never_skips_a_late_commit(ledger_org: LedgerOrg) -> None:
    """A writer that allocated seq N and commits late holds the counter lock: nobody can commit N+1 before
    it, so a pull's checkpoint never jumps over an invisible N."""
    org = ledger_org
    head = org.device(org.head)
    reader = org.device(org.head)
    reader.sync_down()
    slow_client = new_client(org, org.rm)
    allocated, release, done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_writer() -> None:
        try:
            with write_tx(org.engine) as tx:
                tx.session.add(slow_client)
                tx.finish()  # seq allocated, not committed
                allocated.set()
                release.wait(10)
        except BaseException as exc:
            errors.append(exc)

    def fast_pusher() -> None:
        try:
            head.push(head.create("client", new_client(org, org.rm2)))
        except BaseException as exc:
            errors.append(exc)
        finally:
            done.set()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert allocated.wait(10)
    pusher = threading.Thread(target=fast_pusher)
    pusher.start()
    time.sleep(0.5)
    assert not done.is_set(), "a second writer committed while an earlier seq was still open"
    page = reader.pull()
    assert all(c.id != slow_client.id for c in page.changes)
    reader.cursor = page.cursor
    release.set()
    writer.join(10)
    pusher.join(10)
    assert not errors and done.is_set()
    seen = [c for c in reader.sync_down() if c.entity == "client"]
    assert slow_client.id in {c.id for c in seen} and len(seen) == 2
    assert [c.seq for c in seen] == sorted(c.seq for c in seen)
    assert seen[0].id == slow_client.id


# --- devices, enrolment, throttling ---------------------------------------------------------------


def test_enrol_throttle_slows_attackers_without_locking_the_user_out(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    engine = org.engine

    def attempt(username: str, password: str, address: str) -> Any:
        return auth.enrol(engine, EnrolRequest(username=username, password=password,
                                               device_id=str(__import__("uuid").uuid4())), address)

    for _ in range(auth.USER_IP_LIMIT):
        with pytest.raises(AuthError):
            attempt("wangfang", "wrong-password-1", "10.0.0.66")
    with pytest.raises(Throttled) as slowed:
        attempt("wangfang", org.password, "10.0.0.66")  # even the right password waits here
    assert slowed.value.retry_after >= 1
    # the real user on another machine is not locked out
    assert attempt("wangfang", org.password, "10.0.0.7").user.username == "wangfang"
    # an address spraying many usernames is slowed down for all of them
    for i in range(auth.IP_LIMIT):
        with pytest.raises(AuthError):
            attempt(f"nobody{i}", "guess-123456", "10.0.0.99")
    with pytest.raises(Throttled):
        attempt("lilei", org.password, "10.0.0.99")
    assert attempt("lilei", org.password, "10.0.0.8").user.username == "lilei"
    # unknown users and wrong passwords look the same
    with pytest.raises(AuthError) as unknown:
        attempt("ghost", "whatever-123", "10.0.0.9")
    assert unknown.value.code == "auth.invalid_credentials"


def test_throttle_delay_doubles_and_lapses(ledger_org: LedgerOrg) -> None:
    engine = ledger_org.engine
    for _ in range(auth.USER_IP_LIMIT + 3):
        auth.record_failure(engine, "wangfang", "10.1.1.1")
    with Session(engine) as s:
        with pytest.raises(Throttled) as exc:
            auth.check_throttle(s, "wangfang", "10.1.1.1")
        assert 4 <= exc.value.retry_after <= 8
        auth.check_throttle(s, "wangfang", "10.1.1.1", now=datetime.now(UTC) + auth.WINDOW + timedelta(1))


def test_revoke_reenrol_and_wipe(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm = org.device(org.rm)
    ok(rm.push_one(rm.create("client", new_client(org, org.rm))))
    assert auth.authenticate(org.engine, rm.token).ctx.user_id == org.rm.id
    with pytest.raises(AuthError) as missing:
        auth.authenticate(org.engine, "not-a-token")
    assert missing.value.code == "auth.invalid"
    admin.revoke_device(org.engine, rm.ctx.device_id)
    with pytest.raises(AuthError) as revoked:
        auth.authenticate(org.engine, rm.token)
    assert revoked.value.code == "device.revoked"
    # signing in again on the same workspace: a new token, the numbering continues
    again = auth.enrol(org.engine, EnrolRequest(username="wangfang", password=org.password,
                                                device_id=rm.ctx.device_id), "127.0.0.1")
    assert auth.authenticate(org.engine, again.token).ctx.device_id == rm.ctx.device_id
    assert status(org.engine, rm.ctx).last_applied_seq == 1
    with pytest.raises(AuthError):
        auth.authenticate(org.engine, rm.token)  # the old token is gone
    admin.wipe_device(org.engine, rm.ctx.device_id)
    found = auth.authenticate(org.engine, again.token)
    assert found.wipe_requested and status(org.engine, found.ctx).wipe_requested
    auth.wipe_ack(org.engine, found.ctx)
    with pytest.raises(AuthError):
        auth.authenticate(org.engine, again.token)
    with pytest.raises(Exception) as refused:
        auth.enrol(org.engine, EnrolRequest(username="wangfang", password=org.password,
                                            device_id=rm.ctx.device_id), "127.0.0.1")
    assert getattr(refused.value, "code", "") == "device.revoked"
    with Session(org.engine) as s:
        assert s.get(Device, rm.ctx.device_id).wiped_at is not None


def test_token_is_stored_only_as_a_hash(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    rm = org.device(org.rm)
    with Session(org.engine) as s:
        stored = s.get(Device, rm.ctx.device_id).token_hash
    assert stored == auth.token_hash(rm.token) and rm.token not in stored and len(rm.token) >= 43


def test_admin_actions_are_audited_in_an_intact_chain(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    admin.load_catalogue(org.engine)
    rm = org.device(org.rm)
    plan = Plan(rm_id=org.rm.id, branch_id=org.branch.id, month=MONTH)
    ok(rm.push_one(rm.create("plan", plan)))
    ok(rm.push_one(rm.create("plan_item", PlanItem(plan_id=plan.id, prospect_name="甲公司", sort=1))))
    ok(rm.push_one(rm.command("plan.submit", "plan", plan.id)))
    admin.revoke_device(org.engine, rm.ctx.device_id)
    with Session(org.engine) as s:
        assert verify_audit_chain(session=s).ok
        actions = {a for (a,) in s.execute(sa.text("SELECT action FROM auditevent"))}
        # plain row changes are audited by the change log itself (who, device, mutation, when)
        logged = s.exec(select(ChangeLog).where(col(ChangeLog.entity) == "plan")).first()
        assert logged is not None and logged.actor_user == org.rm.id and logged.mutation_id
    assert {"admin.branch.create", "admin.user.create", "admin.catalogue.load", "device.enrol",
            "plan.submit", "admin.device.revoke"} <= actions
    head = org.device(org.head)
    head.sync_down()
    assert sum(1 for k in head.rows if k[0] == "product") > 10  # the catalogue reaches every device


def test_change_scope_rows_index_every_change(ledger_org: LedgerOrg) -> None:
    org = ledger_org
    seed_client(org, org.rm)
    with Session(org.engine) as s:
        logged = set(s.exec(select(ChangeLog.seq)))
        scoped = set(s.exec(select(ChangeScope.seq)))
    assert logged == scoped


def test_sqlite_ledger_is_wal_with_full_sync(tmp_path: Any) -> None:
    from crm.sync.server.db import open_ledger

    engine = open_ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
