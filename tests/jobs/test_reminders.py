"""Reminder rules with an injected clock: each fires at its time with its lead (or grace) time, moving a
date moves the reminder, catch-up after a week closed announces each reminder once, and done / snooze
survive a restart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlmodel import Session

from crm.db.engine import session_scope
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import Workspace
from crm.domain.enums import (
    ClientStatus,
    ClientTier,
    ComplaintChannel,
    ComplaintStatus,
    HoldingKind,
    PlanItemStatus,
    PlanStatus,
    ProposalStatus,
    TaskStatus,
)
from crm.domain.errors import ValidationError
from crm.domain.models import (
    AuditEvent,
    Complaint,
    FollowUpTask,
    Holding,
    Plan,
    PlanItem,
    Proposal,
    ReminderState,
    Survey,
)
from crm.jobs import reminders
from crm.jobs.reminders import DEFAULT_LEAD_DAYS, Reminder, ReminderKind, day_start
from crm.jobs.scheduler import ReminderJob
from crm.services import records, tasks
from crm.services.complaints import CHINA_TZ
from crm.services.context import Actor

if TYPE_CHECKING:
    from conftest import Org

ONE_SECOND = timedelta(seconds=1)


class Clock:
    """A settable clock; ``now`` is timezone-aware."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now


def china(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHINA_TZ)


def due_at(session: Session, actor: Actor, now: datetime,
           lead_days: dict[str, int] | None = None) -> dict[str, Reminder]:
    found = reminders.due_reminders(session=session, actor=actor, now=now, lead_days=lead_days)
    return {r.key: r for r in found}


@dataclass
class Case:
    """One rule's record: who sees it, its key, its due date and when it fires with the default lead."""

    actor: Actor
    key: str
    kind: ReminderKind
    fire_at: datetime
    due_on: date
    entity: str
    entity_id: str | None
    #: fire time for a lead (or grace) of n days
    fire_with: Callable[[int], datetime]


def _date_case(actor: Actor, kind: ReminderKind, record: str, due: date, entity: str, entity_id: str | None,
               *, stamp: str | None = None) -> Case:
    after = kind in reminders.AFTER_DUE

    def fire_with(days: int) -> datetime:
        return day_start(due + timedelta(days=days) if after else due - timedelta(days=days))

    return Case(actor, f"{kind.value}:{record}:{stamp or due.isoformat()}", kind,
                fire_with(DEFAULT_LEAD_DAYS[kind]), due, entity, entity_id, fire_with)


Setup = Callable[..., Case]  # (session, org, make_client) -> Case


def return_visit(session: Session, org: Org, make_client: Any) -> Case:
    client = make_client(org.rm, tier=ClientTier.B, last_visit_on=date(2026, 10, 1))
    return _date_case(org.rm, ReminderKind.RETURN_VISIT, client.id, date(2026, 11, 30), "client", client.id)


def _task(session: Session, org: Org, due: date) -> FollowUpTask:
    task = FollowUpTask(owner_id=org.rm.user_id, title="回访确认开户资料", due_on=due)
    session.add(task)
    session.commit()
    return task


def task_due(session: Session, org: Org, make_client: Any) -> Case:
    task = _task(session, org, date(2026, 12, 10))
    return _date_case(org.rm, ReminderKind.TASK_DUE, task.id, task.due_on, "task", task.id)


def task_overdue(session: Session, org: Org, make_client: Any) -> Case:
    task = _task(session, org, date(2026, 12, 10))
    return _date_case(org.rm, ReminderKind.TASK_OVERDUE, task.id, task.due_on, "task", task.id)


def _loan(session: Session, org: Org, make_client: Any, **fields: Any) -> Holding:
    client = make_client(org.rm)
    holding = Holding(client_id=client.id, kind=fields.pop("kind", HoldingKind.LOAN), name="流动资金贷款",
                      amount_fen=50_000_000, **fields)
    session.add(holding)
    session.commit()
    return holding


SCHEDULE = [{"due_on": "2026-12-20", "principal_fen": 1_000_000, "interest_fen": 50_000, "paid": False}]


def repayment(session: Session, org: Org, make_client: Any) -> Case:
    loan = _loan(session, org, make_client, repayment_schedule=SCHEDULE)
    return _date_case(org.rm, ReminderKind.REPAYMENT, loan.id, date(2026, 12, 20), "holding", loan.id)


def collection(session: Session, org: Org, make_client: Any) -> Case:
    loan = _loan(session, org, make_client, repayment_schedule=SCHEDULE)
    return _date_case(org.rm, ReminderKind.COLLECTION, loan.id, date(2026, 12, 20), "holding", loan.id)


def collateral_check(session: Session, org: Org, make_client: Any) -> Case:
    loan = _loan(session, org, make_client, collateral="房产抵押", collateral_check_on=date(2026, 12, 15))
    return _date_case(org.rm, ReminderKind.COLLATERAL_CHECK, loan.id, date(2026, 12, 15), "holding", loan.id)


def fund_use_check(session: Session, org: Org, make_client: Any) -> Case:
    loan = _loan(session, org, make_client, fund_use_check_on=date(2026, 12, 3))
    return _date_case(org.rm, ReminderKind.FUND_USE_CHECK, loan.id, date(2026, 12, 3), "holding", loan.id)


def project_check(session: Session, org: Org, make_client: Any) -> Case:
    loan = _loan(session, org, make_client, project_check_on=date(2027, 1, 8))
    return _date_case(org.rm, ReminderKind.PROJECT_CHECK, loan.id, date(2027, 1, 8), "holding", loan.id)


def deposit_maturity(session: Session, org: Org, make_client: Any) -> Case:
    deposit = _loan(session, org, make_client, kind=HoldingKind.DEPOSIT, maturity_on=date(2026, 12, 31))
    return _date_case(org.rm, ReminderKind.MATURITY, deposit.id, date(2026, 12, 31), "holding", deposit.id)


def wealth_maturity(session: Session, org: Org, make_client: Any) -> Case:
    wealth = _loan(session, org, make_client, kind=HoldingKind.WEALTH, maturity_on=date(2027, 2, 2))
    return _date_case(org.rm, ReminderKind.MATURITY, wealth.id, date(2027, 2, 2), "holding", wealth.id)


def risk_expiry(session: Session, org: Org, make_client: Any) -> Case:
    client = make_client(org.rm, risk_expires_on=date(2027, 1, 15))
    return _date_case(org.rm, ReminderKind.RISK_EXPIRY, client.id, date(2027, 1, 15), "client", client.id)


def kyc_refresh(session: Session, org: Org, make_client: Any) -> Case:
    client = make_client(org.rm, kyc_refreshed_on=date(2026, 1, 5))
    return _date_case(org.rm, ReminderKind.KYC_REFRESH, client.id, date(2027, 1, 5), "client", client.id)


def plan_due(session: Session, org: Org, make_client: Any) -> Case:
    # No plan for January: due on the 1st.
    return _date_case(org.rm, ReminderKind.PLAN_DUE, org.rm.user_id, date(2027, 1, 1), "plan", None,
                      stamp="2027-01")


def _submitted_plan(session: Session, org: Org, at: datetime) -> Plan:
    plan = Plan(rm_id=org.rm.user_id, branch_id=org.branch.id, month="2026-12", status=PlanStatus.SUBMITTED,
                submitted_at=at)
    session.add(plan)
    session.commit()
    return plan


def _review_case(actor: Actor, kind: ReminderKind, record_id: str, at: datetime, entity: str) -> Case:
    stamp = f"{at.astimezone(CHINA_TZ):%Y%m%dT%H%M%S}"
    return Case(actor, f"{kind.value}:{record_id}:{stamp}", kind, at, at.date(), entity, record_id,
                lambda days: at + timedelta(days=days))


def plan_review(session: Session, org: Org, make_client: Any) -> Case:
    at = china(2026, 11, 27, 16, 5)
    plan = _submitted_plan(session, org, at)
    return _review_case(org.head, ReminderKind.PLAN_REVIEW, plan.id, at, "plan")


def proposal_review(session: Session, org: Org, make_client: Any) -> Case:
    client = make_client(org.rm)
    at = china(2026, 11, 26, 10, 30)
    proposal = Proposal(client_id=client.id, rm_id=org.rm.user_id, title="现金管理服务方案",
                        status=ProposalStatus.SUBMITTED, submitted_at=at)
    session.add(proposal)
    session.commit()
    return _review_case(org.head, ReminderKind.PROPOSAL_REVIEW, proposal.id, at, "proposal")


def plan_item_delayed(session: Session, org: Org, make_client: Any) -> Case:
    client = make_client(org.rm)
    plan = Plan(rm_id=org.rm.user_id, branch_id=org.branch.id, month="2026-12", status=PlanStatus.APPROVED)
    session.add(plan)
    session.flush()
    item = PlanItem(plan_id=plan.id, client_id=client.id, planned_days=["2026-12-02"],
                    status=PlanItemStatus.DELAYED, delayed_to=date(2026, 12, 14))
    session.add(item)
    session.commit()
    return _date_case(org.rm, ReminderKind.PLAN_ITEM_DELAYED, item.id, date(2026, 12, 14), "plan_item",
                      item.id)


def _complaint(session: Session, org: Org, make_client: Any) -> Complaint:
    client = make_client(org.rm)
    received = china(2026, 12, 1, 9, 30)
    complaint = Complaint(client_id=client.id, rm_id=org.rm.user_id, received_at=received,
                          channel=ComplaintChannel.PHONE, summary="转账到账慢",
                          status=ComplaintStatus.RECEIVED, respond_by=received + timedelta(hours=24),
                          resolve_by=received + timedelta(days=15))
    session.add(complaint)
    session.commit()
    return complaint


def _deadline_case(actor: Actor, kind: ReminderKind, record_id: str, deadline: datetime) -> Case:
    stamp = f"{deadline.astimezone(CHINA_TZ):%Y%m%dT%H%M}"
    return Case(actor, f"{kind.value}:{record_id}:{stamp}", kind,
                deadline - timedelta(days=DEFAULT_LEAD_DAYS[kind]), deadline.date(), "complaint", record_id,
                lambda days: deadline - timedelta(days=days))


def complaint_respond(session: Session, org: Org, make_client: Any) -> Case:
    c = _complaint(session, org, make_client)
    return _deadline_case(org.rm, ReminderKind.COMPLAINT_RESPOND, c.id, china(2026, 12, 2, 9, 30))


def complaint_resolve(session: Session, org: Org, make_client: Any) -> Case:
    c = _complaint(session, org, make_client)
    return _deadline_case(org.rm, ReminderKind.COMPLAINT_RESOLVE, c.id, china(2026, 12, 16, 9, 30))


def survey(session: Session, org: Org, make_client: Any) -> Case:
    client = make_client(org.rm)
    # Surveyed in the first half-year: due again by the end of the second (resources/surveys.json).
    session.add(Survey(client_id=client.id, rm_id=org.rm.user_id, conducted_on=date(2026, 3, 2)))
    session.commit()
    return _date_case(org.rm, ReminderKind.SURVEY, client.id, date(2026, 12, 31), "client", client.id,
                      stamp="2026-H2")


def weekly_report(session: Session, org: Org, make_client: Any) -> Case:
    return _date_case(org.rm, ReminderKind.WEEKLY_REPORT, org.rm.user_id, date(2026, 12, 11), "weekly_report",
                      None, stamp="2026-W50")


CASES: list[Setup] = [return_visit, task_due, task_overdue, repayment, collection, collateral_check,
                      fund_use_check, project_check, deposit_maturity, wealth_maturity, risk_expiry,
                      kyc_refresh, plan_due, plan_review, proposal_review, plan_item_delayed,
                      complaint_respond, complaint_resolve, survey, weekly_report]


@pytest.mark.parametrize("setup", CASES, ids=[c.__name__ for c in CASES])
def test_each_rule_fires_at_its_time_with_its_default_lead(setup: Setup, session: Session, org: Org,
                                                           make_client: Any) -> None:
    case = setup(session, org, make_client)
    assert case.key not in due_at(session, case.actor, case.fire_at - ONE_SECOND)
    found = due_at(session, case.actor, case.fire_at)
    assert case.key in found, sorted(found)
    reminder = found[case.key]
    assert (reminder.kind, reminder.due_on, reminder.fire_at) == (case.kind, case.due_on, case.fire_at)
    assert (reminder.entity, reminder.entity_id) == (case.entity, case.entity_id)
    # Still there later on (until done, snoozed or resolved): a reminder that fired does not expire.
    assert case.key in due_at(session, case.actor, case.fire_at + timedelta(hours=12))


@pytest.mark.parametrize("setup", CASES, ids=[c.__name__ for c in CASES])
def test_each_rule_follows_a_configured_lead(setup: Setup, session: Session, org: Org,
                                             make_client: Any) -> None:
    case = setup(session, org, make_client)
    lead = DEFAULT_LEAD_DAYS[case.kind] + 2
    fire = case.fire_with(lead)
    assert fire != case.fire_at
    leads = {case.kind.value: lead}
    assert case.key not in due_at(session, case.actor, fire - ONE_SECOND, leads)
    assert due_at(session, case.actor, fire, leads)[case.key].fire_at == fire


def test_overdue_stages_replace_the_reminder_before_the_date(session: Session, org: Org,
                                                            make_client: Any) -> None:
    task = _task(session, org, date(2026, 12, 10))
    loan = _loan(session, org, make_client, repayment_schedule=SCHEDULE)
    before = due_at(session, org.rm, china(2026, 12, 10, 12))
    after = due_at(session, org.rm, china(2026, 12, 21, 12))
    assert f"task_due:{task.id}:2026-12-10" in before and f"task_overdue:{task.id}:2026-12-10" not in before
    assert f"task_overdue:{task.id}:2026-12-10" in after and f"task_due:{task.id}:2026-12-10" not in after
    assert f"repayment:{loan.id}:2026-12-20" not in after and f"collection:{loan.id}:2026-12-20" in after


def test_resolved_records_raise_nothing(session: Session, org: Org, make_client: Any) -> None:
    task = _task(session, org, date(2026, 12, 10))
    loan = _loan(session, org, make_client, repayment_schedule=[{**SCHEDULE[0], "paid": True}])
    complaint = _complaint(session, org, make_client)
    task.status = TaskStatus.DONE
    complaint.responded_at = china(2026, 12, 1, 11)
    session.add_all([task, complaint])
    session.commit()
    keys = " ".join(due_at(session, org.rm, china(2026, 12, 25)))
    assert task.id not in keys and loan.id not in keys
    assert f"complaint_resolve:{complaint.id}" in keys and f"complaint_respond:{complaint.id}" not in keys


def test_reminders_are_personal(session: Session, org: Org, make_client: Any) -> None:
    """An RM never gets another RM's book; a branch head's queue holds decisions, not the RMs' loans."""
    loan = _loan(session, org, make_client, repayment_schedule=SCHEDULE)
    _submitted_plan(session, org, china(2026, 11, 27, 9))
    now = china(2026, 12, 25)
    assert not [k for k in due_at(session, org.rm2, now) if loan.id in k]
    head = due_at(session, org.head, now)
    assert not [k for k in head if loan.id in k]
    assert any(k.startswith("plan_review:") for k in head)
    assert not [k for k in due_at(session, org.rm, now) if k.startswith("plan_review:")]
    assert due_at(session, org.admin, now) == {}


def test_a_plan_submitted_or_approved_clears_its_due_reminder(session: Session, org: Org) -> None:
    now = china(2026, 12, 28)
    key = f"plan_due:{org.rm.user_id}:2027-01"
    assert key in due_at(session, org.rm, now)
    session.add(Plan(rm_id=org.rm.user_id, branch_id=org.branch.id, month="2027-01",
                     status=PlanStatus.SUBMITTED, submitted_at=now))
    session.commit()
    assert key not in due_at(session, org.rm, now)


# --- moving a date moves the reminder ---------------------------------------------------------------


def test_moving_a_repayment_date_moves_its_reminder(workspace: Workspace, session: Session, org: Org,
                                                    make_client: Any) -> None:
    loan = _loan(session, org, make_client, repayment_schedule=SCHEDULE)
    now = china(2026, 12, 14)
    assert f"repayment:{loan.id}:2026-12-20" in due_at(session, org.rm, now)
    with session_scope(workspace.engine) as s:
        row = s.get(Holding, loan.id)
        assert row is not None
        records.patch(s, org.rm, row, {"repayment_schedule": [{**SCHEDULE[0], "due_on": "2027-01-20"}]})
    session.rollback()  # a fresh read transaction sees the other session's commit
    keys = due_at(session, org.rm, now)
    assert not [k for k in keys if loan.id in k]  # the old key is gone, the new one not yet due
    assert f"repayment:{loan.id}:2027-01-20" in due_at(session, org.rm, china(2027, 1, 13))


def test_a_new_tier_moves_the_return_visit(workspace: Workspace, session: Session, org: Org,
                                           make_client: Any) -> None:
    client = make_client(org.rm, tier=ClientTier.D, last_visit_on=date(2026, 10, 1))
    now = china(2026, 11, 25)
    assert not [k for k in due_at(session, org.rm, now) if k.startswith(f"return_visit:{client.id}")]
    with session_scope(workspace.engine) as s:
        row = s.get(type(client), client.id)
        records.patch(s, org.rm, row, {"tier": ClientTier.A})
    session.rollback()  # a fresh read transaction sees the other session's commit
    assert f"return_visit:{client.id}:2026-10-31" in due_at(session, org.rm, now)


def test_rescheduling_a_task_moves_its_reminder(workspace: Workspace, org: Org) -> None:
    with session_scope(workspace.engine) as s:
        task = tasks.create_task(session=s, actor=org.rm, data=tasks.TaskCreate(title="送达方案",
                                                                                due_on=date(2026, 12, 1)))
    with session_scope(workspace.engine) as s:
        tasks.reschedule_task(session=s, actor=org.rm, task_id=task.id, due_on=date(2026, 12, 9))
    with session_scope(workspace.engine) as s:
        keys = due_at(s, org.rm, china(2026, 12, 9))
    assert f"task_due:{task.id}:2026-12-09" in keys and f"task_due:{task.id}:2026-12-01" not in keys


# --- state: notified once, done, snooze --------------------------------------------------------------


def _scan(workspace: Workspace, actor: Actor, now: datetime) -> reminders.ScanResult:
    with session_scope(workspace.engine) as s:
        return reminders.scan_reminders(session=s, actor=actor, now=now)


def test_a_scan_announces_each_reminder_once(workspace: Workspace, session: Session, org: Org) -> None:
    task = _task(session, org, date(2026, 12, 10))
    key = f"task_due:{task.id}:2026-12-10"
    first = _scan(workspace, org.rm, china(2026, 12, 10, 8))
    assert key in {r.key for r in first.new} and key in {r.key for r in first.active}
    second = _scan(workspace, org.rm, china(2026, 12, 10, 8, 1))
    assert key not in {r.key for r in second.new} and key in {r.key for r in second.active}


def test_catch_up_after_a_week_closed_announces_each_reminder_once(workspace: Workspace, session: Session,
                                                                   org: Org, make_client: Any) -> None:
    clock = Clock(china(2026, 12, 7, 9))  # Monday
    before = _task(session, org, date(2026, 12, 7))
    during = [_task(session, org, date(2026, 12, 9)),
              _loan(session, org, make_client, repayment_schedule=[{**SCHEDULE[0], "due_on": "2026-12-18"}])]
    seen: list[list[str]] = []

    def open_app() -> ReminderJob:
        return ReminderJob(workspace.engine, org.rm, clock=clock,
                           on_scan=lambda r: seen.append([x.key for x in r.new]))

    open_app().run()
    assert f"task_due:{before.id}:2026-12-07" in seen[-1]
    assert not [k for k in seen[-1] if during[0].id in k or during[1].id in k]
    # Closed for a week; the first scan after start catches up on everything that fell due meanwhile.
    clock.advance(days=7)
    job = open_app()
    job.run()
    caught = seen[-1]
    assert f"task_overdue:{during[0].id}:2026-12-09" in caught
    assert f"repayment:{during[1].id}:2026-12-18" in caught  # fired 12-11 with its 7-day lead
    assert f"task_overdue:{before.id}:2026-12-07" in caught  # a new stage is a new reminder
    assert len(caught) == len(set(caught))
    job.run()
    open_app().run()  # and after another restart
    assert seen[-2:] == [[], []]
    everything = [k for batch in seen for k in batch]
    assert len(everything) == len(set(everything))


def test_done_and_snooze_persist_across_a_restart(workspace: Workspace, keystore: MemoryKeyStore,
                                                  password: str, session: Session, org: Org,
                                                  make_client: Any) -> None:
    task = _task(session, org, date(2026, 12, 14))
    loan = _loan(session, org, make_client, repayment_schedule=SCHEDULE)
    done_key, snoozed_key = f"task_due:{task.id}:2026-12-14", f"repayment:{loan.id}:2026-12-20"
    now = china(2026, 12, 14, 9)
    first = _scan(workspace, org.rm, now)
    assert {done_key, snoozed_key} <= {r.key for r in first.new}
    with session_scope(workspace.engine) as s:
        reminders.mark_done(session=s, key=done_key, now=now)
        reminders.snooze(session=s, key=snoozed_key, until=now + timedelta(hours=3), now=now)
    session.close()
    path = workspace.path
    workspace.close()

    reopened = Workspace.open(path, password=password, keystore=keystore)
    try:
        later = _scan(reopened, org.rm, now + timedelta(hours=1))
        keys = {r.key for r in later.active}
        assert done_key not in keys and snoozed_key not in keys and not later.new
        woken = _scan(reopened, org.rm, now + timedelta(hours=3))
        assert snoozed_key in {r.key for r in woken.new}  # announced again once its snooze ends
        assert done_key not in {r.key for r in woken.active}
        assert not _scan(reopened, org.rm, now + timedelta(hours=4)).new
        with session_scope(reopened.engine) as s:
            state = s.get(ReminderState, done_key)
            assert state is not None and state.status == reminders.STATUS_DONE
            # Reopening a done reminder shows it again without announcing it a second time.
            reminders.reopen(session=s, key=done_key, now=now)
        again = _scan(reopened, org.rm, now + timedelta(hours=5))
        assert done_key in {r.key for r in again.active} and done_key not in {r.key for r in again.new}
    finally:
        reopened.close()


def test_state_writes_are_local_and_never_queued_for_sync(workspace: Workspace, session: Session,
                                                          org: Org) -> None:
    from crm.domain.models import Outbox

    task = _task(session, org, date(2026, 12, 10))
    now = china(2026, 12, 10, 9)
    _scan(workspace, org.rm, now)
    with session_scope(workspace.engine) as s:
        reminders.mark_done(session=s, key=f"task_due:{task.id}:2026-12-10", now=now)
        assert s.exec(reminders.select(Outbox)).all() == []
        assert s.exec(reminders.select(AuditEvent)).all() == []


def test_bad_input_is_refused(session: Session, org: Org) -> None:
    now = china(2026, 12, 10, 9)
    with pytest.raises(ValidationError) as err:
        reminders.due_reminders(session=session, actor=org.rm, now=now, lead_days={"nonsense": 1})
    assert err.value.code == "reminder.kind_unknown"
    with pytest.raises(ValidationError):
        reminders.due_reminders(session=session, actor=org.rm, now=now, lead_days={"repayment": -1})
    with pytest.raises(ValidationError):
        reminders.due_reminders(session=session, actor=org.rm, now=datetime(2026, 12, 10))
    with pytest.raises(ValidationError):
        reminders.snooze(session=session, key="k", until=now - ONE_SECOND, now=now)


def test_old_state_of_vanished_reminders_is_pruned(workspace: Workspace, org: Org) -> None:
    now = datetime(2026, 12, 10, tzinfo=UTC)
    with session_scope(workspace.engine) as s:
        reminders.mark_done(session=s, key="task_due:gone:2026-01-01", now=now - timedelta(days=400))
        reminders.mark_done(session=s, key="task_due:recent:2026-11-01", now=now - timedelta(days=3))
    ReminderJob(workspace.engine, org.rm, clock=lambda: now, on_scan=lambda _r: None).run()
    with session_scope(workspace.engine) as s:
        assert s.get(ReminderState, "task_due:gone:2026-01-01") is None
        assert s.get(ReminderState, "task_due:recent:2026-11-01") is not None


def test_reminders_of_closed_or_prospect_clients(session: Session, org: Org, make_client: Any) -> None:
    closed = make_client(org.rm, status=ClientStatus.CLOSED, risk_expires_on=date(2026, 12, 1))
    prospect = make_client(org.rm, status=ClientStatus.PROSPECT, last_visit_on=date(2020, 1, 1))
    keys = " ".join(due_at(session, org.rm, china(2026, 12, 10)))
    assert closed.id not in keys
    assert f"return_visit:{prospect.id}" not in keys  # return visits are for existing clients
