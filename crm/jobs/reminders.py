"""Reminder rules derived from the data (DOMAIN.md §3, §7, §8) and the per-reminder state kept locally.

Nothing here is scheduled in advance: every scan derives the reminders from the current rows, so a moved
repayment date or a new client tier moves its reminder at once. Each reminder has a stable key made of
its rule, its record and its due date (``repayment:<holding>:<2026-12-20>``): a moved date gives a new
key and the old one is simply never produced again. What the user did with a reminder (done, snoozed)
and whether it was already handed to the UI (``notified_at``) lives in `ReminderState` under that key.

Dates are calendar days in China (UTC+8, as the complaint register counts them); a date-based reminder
fires at the start of its day (``due - lead``). Rules that chase something late ("overdue" rules) fire
``grace`` days after the due date instead; for them the configured number means days after, not before.
Titles are not built here: a reminder carries its kind and params and crm/ui renders the text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, or_, select

from crm.domain.enums import (
    ClientStatus,
    ClientTier,
    ComplaintStatus,
    HoldingKind,
    PlanItemStatus,
    PlanStatus,
    ProposalStatus,
    Role,
    TaskStatus,
)
from crm.domain.errors import ValidationError
from crm.domain.models import Client, Complaint, FollowUpTask, Holding, PlanItem, ReminderState, User
from crm.services import plans, proposals, surveys
from crm.services.complaints import CHINA_TZ
from crm.services.context import Actor, client_scope

log = logging.getLogger(__name__)


class ReminderKind(StrEnum):
    RETURN_VISIT = "return_visit"  # 定期回访, cadence by tier
    TASK_DUE = "task_due"
    TASK_OVERDUE = "task_overdue"
    REPAYMENT = "repayment"  # 还款提醒, before the instalment
    COLLECTION = "collection"  # 逾期催收, after it, while unpaid
    COLLATERAL_CHECK = "collateral_check"  # 担保物定期检查
    FUND_USE_CHECK = "fund_use_check"  # 资金用途监控
    PROJECT_CHECK = "project_check"  # 项目检查
    MATURITY = "maturity"  # deposits and wealth products
    RISK_EXPIRY = "risk_expiry"  # suitability assessment expiring
    KYC_REFRESH = "kyc_refresh"  # 定期审核、更新
    PLAN_DUE = "plan_due"  # the monthly plan, due on the 1st
    PLAN_REVIEW = "plan_review"  # to the branch head
    PROPOSAL_REVIEW = "proposal_review"  # to the branch head
    PLAN_ITEM_DELAYED = "plan_item_delayed"  # past its new deadline (延迟至…)
    COMPLAINT_RESPOND = "complaint_respond"
    COMPLAINT_RESOLVE = "complaint_resolve"
    SURVEY = "survey"  # 满意度调查 of this cycle
    WEEKLY_REPORT = "weekly_report"  # 周报


#: Kinds whose number counts days AFTER the due date (grace), not before it (lead).
AFTER_DUE = frozenset({ReminderKind.TASK_OVERDUE, ReminderKind.COLLECTION, ReminderKind.PLAN_ITEM_DELAYED,
                       ReminderKind.PLAN_REVIEW, ReminderKind.PROPOSAL_REVIEW})

#: Default lead (or grace, see AFTER_DUE) in days per kind; a workspace overrides them with
#: ``settings.reminder_lead_days``.
DEFAULT_LEAD_DAYS: dict[str, int] = {
    ReminderKind.RETURN_VISIT: 7,
    ReminderKind.TASK_DUE: 0,
    ReminderKind.TASK_OVERDUE: 1,
    ReminderKind.REPAYMENT: 7,
    ReminderKind.COLLECTION: 1,
    ReminderKind.COLLATERAL_CHECK: 7,
    ReminderKind.FUND_USE_CHECK: 7,
    ReminderKind.PROJECT_CHECK: 7,
    ReminderKind.MATURITY: 14,
    ReminderKind.RISK_EXPIRY: 30,
    ReminderKind.KYC_REFRESH: 30,
    ReminderKind.PLAN_DUE: 5,
    ReminderKind.PLAN_REVIEW: 0,
    ReminderKind.PROPOSAL_REVIEW: 0,
    ReminderKind.PLAN_ITEM_DELAYED: 1,
    ReminderKind.COMPLAINT_RESPOND: 1,
    ReminderKind.COMPLAINT_RESOLVE: 3,
    ReminderKind.SURVEY: 30,
    ReminderKind.WEEKLY_REPORT: 0,
}

#: Return-visit cadence (定期回访) in days by client tier (tier follows deposit size).
RETURN_VISIT_DAYS: dict[ClientTier, int] = {ClientTier.A: 30, ClientTier.B: 60, ClientTier.C: 90,
                                            ClientTier.D: 180}
KYC_REFRESH_DAYS = 365
#: A maturity more than this many days past is history, not a reminder.
MATURITY_STALE_DAYS = 30
WEEKLY_REPORT_WEEKDAY = 4  # Friday
MAX_LEAD_DAYS = 366

STATUS_OPEN = "open"
STATUS_DONE = "done"


@dataclass(frozen=True, eq=False)
class Reminder:
    """One reminder as derived now. `entity` / `entity_id` name the record to open (``client_id`` its
    client, when there is one); `params` carry what the UI needs to render the text."""

    key: str
    kind: ReminderKind
    due_on: date
    fire_at: datetime
    entity: str
    entity_id: str | None
    client_id: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # keys only: params may hold client names, which stay out of logs
        return f"Reminder({self.key!r})"


@dataclass
class ScanResult:
    """`active`: due, not done, not snoozed (the reminder centre); `new`: of those, the ones handed to the
    UI for the first time by this scan (the tray notification)."""

    active: list[Reminder]
    new: list[Reminder]
    keys: frozenset[str] = frozenset()  # every reminder due now, done and snoozed ones included


# --- configuration --------------------------------------------------------------------------------


def lead_table(overrides: Mapping[str, int] | None = None) -> dict[str, int]:
    """Defaults merged with a workspace's overrides; unknown kinds or out-of-range values are refused."""
    table = dict(DEFAULT_LEAD_DAYS)
    for kind, days in (overrides or {}).items():
        if kind not in DEFAULT_LEAD_DAYS:
            raise ValidationError("reminder.kind_unknown", field="reminder_lead_days", params={"kind": kind})
        if not 0 <= int(days) <= MAX_LEAD_DAYS:
            raise ValidationError("reminder.lead_invalid", field="reminder_lead_days",
                                  params={"kind": kind, "days": days})
        table[kind] = int(days)
    return table


def local_today(now: datetime) -> date:
    return now.astimezone(CHINA_TZ).date()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ)


# --- the rules ------------------------------------------------------------------------------------


class _Rules:
    """Yields every candidate reminder with its fire time; `due_reminders` keeps the ones due now."""

    def __init__(self, session: Session, actor: Actor, now: datetime, leads: dict[str, int]) -> None:
        self.session = session
        self.actor = actor
        self.now = now
        self.today = local_today(now)
        self.leads = leads

    def fire_on(self, kind: ReminderKind, due: date) -> datetime:
        days = self.leads[kind]
        return day_start(due + timedelta(days=days) if kind in AFTER_DUE else due - timedelta(days=days))

    def make(self, kind: ReminderKind, record_key: str, due: date, entity: str, entity_id: str | None, *,
             client_id: str | None = None, fire_at: datetime | None = None, stamp: str | None = None,
             **params: Any) -> Reminder:
        return Reminder(key=f"{kind.value}:{record_key}:{stamp or due.isoformat()}", kind=kind, due_on=due,
                        fire_at=fire_at or self.fire_on(kind, due), entity=entity, entity_id=entity_id,
                        client_id=client_id, params=params)

    def all(self) -> Iterator[Reminder]:
        if self.actor.role not in (Role.RM, Role.BRANCH_HEAD):
            return  # an administrator has no book and no plans
        clients = self._own_clients()
        yield from self.client_rules(clients)
        yield from self.holding_rules(clients)
        yield from self.task_rules()
        yield from self.plan_rules()
        yield from self.review_rules()
        yield from self.complaint_rules()
        yield from self.survey_rules(clients)
        yield from self.weekly_report()

    def _own_clients(self) -> dict[str, Client]:
        """The actor's own book: clients they own or maintain (a head's branch view is not a to-do list)."""
        me = self.actor.user_id
        stmt = select(Client).where(client_scope(self.actor), col(Client.deleted).is_(False),
                                    col(Client.status) != ClientStatus.CLOSED.value,
                                    or_(col(Client.owner_id) == me, col(Client.maintainer_id) == me))
        return {c.id: c for c in self.session.exec(stmt)}

    # clients: return visits, suitability expiry, KYC refresh

    def client_rules(self, clients: Mapping[str, Client]) -> Iterator[Reminder]:
        for c in clients.values():
            name = c.short_name or c.legal_name
            if c.status is ClientStatus.ACTIVE:
                last = c.last_visit_on or local_today(c.created_at)
                due = last + timedelta(days=RETURN_VISIT_DAYS[ClientTier(c.tier)])
                yield self.make(ReminderKind.RETURN_VISIT, c.id, due, "client", c.id, client_id=c.id,
                                client=name, tier=ClientTier(c.tier).value,
                                last_visit_on=c.last_visit_on.isoformat() if c.last_visit_on else None)
                refreshed = c.kyc_refreshed_on or local_today(c.created_at)
                yield self.make(ReminderKind.KYC_REFRESH, c.id, refreshed + timedelta(days=KYC_REFRESH_DAYS),
                                "client", c.id, client_id=c.id, client=name)
            if c.risk_expires_on is not None:
                yield self.make(ReminderKind.RISK_EXPIRY, c.id, c.risk_expires_on, "client", c.id,
                                client_id=c.id, client=name)

    # holdings: repayments and collection, inspections, maturities

    def holding_rules(self, clients: Mapping[str, Client]) -> Iterator[Reminder]:
        if not clients:
            return
        ids = list(clients)
        for start in range(0, len(ids), 500):
            stmt = select(Holding).where(col(Holding.client_id).in_(ids[start:start + 500]),
                                         col(Holding.deleted).is_(False))
            for h in self.session.exec(stmt):
                client = clients[h.client_id]
                base: dict[str, Any] = {"client": client.short_name or client.legal_name, "holding": h.name}
                if h.kind is HoldingKind.LOAN:
                    yield from self._instalments(h, base)
                for kind, day in ((ReminderKind.COLLATERAL_CHECK, h.collateral_check_on),
                                  (ReminderKind.FUND_USE_CHECK, h.fund_use_check_on),
                                  (ReminderKind.PROJECT_CHECK, h.project_check_on)):
                    if day is not None:
                        yield self.make(kind, h.id, day, "holding", h.id, client_id=h.client_id, **base)
                if (h.kind in (HoldingKind.DEPOSIT, HoldingKind.WEALTH) and h.maturity_on is not None
                        and h.maturity_on >= self.today - timedelta(days=MATURITY_STALE_DAYS)):
                    yield self.make(ReminderKind.MATURITY, h.id, h.maturity_on, "holding", h.id,
                                    client_id=h.client_id, amount_fen=h.amount_fen, **base)

    def _instalments(self, h: Holding, base: dict[str, Any]) -> Iterator[Reminder]:
        for entry in h.repayment_schedule or []:
            if entry.get("paid"):
                continue
            try:
                due = date.fromisoformat(str(entry["due_on"]))
            except (KeyError, ValueError):
                log.warning("holding %s: a repayment entry without a valid due date", h.id)
                continue
            amount = int(entry.get("principal_fen") or 0) + int(entry.get("interest_fen") or 0)
            # One stage at a time: once unpaid past its grace, the repayment reminder becomes collection.
            late = self.fire_on(ReminderKind.COLLECTION, due) <= self.now
            kind = ReminderKind.COLLECTION if late else ReminderKind.REPAYMENT
            yield self.make(kind, h.id, due, "holding", h.id, client_id=h.client_id, amount_fen=amount,
                            **base)

    # follow-up tasks

    def task_rules(self) -> Iterator[Reminder]:
        stmt = select(FollowUpTask).where(col(FollowUpTask.deleted).is_(False),
                                          col(FollowUpTask.owner_id) == self.actor.user_id,
                                          col(FollowUpTask.status) == TaskStatus.OPEN.value)
        for t in self.session.exec(stmt):
            late = self.fire_on(ReminderKind.TASK_OVERDUE, t.due_on) <= self.now
            kind = ReminderKind.TASK_OVERDUE if late else ReminderKind.TASK_DUE
            yield self.make(kind, t.id, t.due_on, "task", t.id, client_id=t.client_id, title=t.title,
                            task_kind=t.kind.value)

    # monthly plans: due on the 1st, delayed items past their new deadline

    def plan_rules(self) -> Iterator[Reminder]:
        if self.actor.role is not Role.RM:
            return
        first = self.today.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        for month_start in (first, following):
            month = f"{month_start:%Y-%m}"
            plan = plans.current_plan(session=self.session, actor=self.actor, month=month)
            if plan is not None and plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
                continue
            yield self.make(ReminderKind.PLAN_DUE, self.actor.user_id, plans.plan_due_date(month), "plan",
                            plan.id if plan else None, stamp=month, month=month)
        approved = plans.list_plans(session=self.session, actor=self.actor, rm_id=self.actor.user_id,
                                    status=PlanStatus.APPROVED)
        if not approved:
            return
        stmt = select(PlanItem).where(col(PlanItem.plan_id).in_([p.id for p in approved]),
                                      col(PlanItem.deleted).is_(False),
                                      col(PlanItem.status) == PlanItemStatus.DELAYED.value,
                                      col(PlanItem.delayed_to).is_not(None))
        months = {p.id: p.month for p in approved}
        items = list(self.session.exec(stmt))
        names = self._client_names({i.client_id for i in items if i.client_id})
        for item in items:
            assert item.delayed_to is not None
            label = names.get(item.client_id or "", "") or item.prospect_name
            yield self.make(ReminderKind.PLAN_ITEM_DELAYED, item.id, item.delayed_to, "plan_item", item.id,
                            client_id=item.client_id, month=months[item.plan_id], plan_id=item.plan_id,
                            subject=label, goal=item.goal.value)

    def _client_names(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(ids)
        if not wanted:
            return {}
        rows = self.session.exec(select(Client.id, Client.short_name, Client.legal_name)
                                 .where(col(Client.id).in_(wanted)))
        return {cid: short or legal for cid, short, legal in rows}

    # the branch head's queue: plans and proposals waiting for a decision

    def review_rules(self) -> Iterator[Reminder]:
        if not self.actor.is_branch_head:
            return
        me = self.actor.user_id
        staff = dict(self.session.exec(select(User.id, User.display_name)).all())
        for plan in plans.list_plans(session=self.session, actor=self.actor, status=PlanStatus.SUBMITTED):
            if plan.rm_id == me or plan.submitted_at is None:
                continue  # a head's own plan is decided by someone else
            yield self._review(ReminderKind.PLAN_REVIEW, plan.id, plan.submitted_at, "plan", None,
                               month=plan.month, rm=staff.get(plan.rm_id, ""), rm_id=plan.rm_id)
        for row in proposals.list_proposals(session=self.session, actor=self.actor,
                                            status=ProposalStatus.SUBMITTED):
            if row.rm_id == me or row.submitted_at is None:
                continue
            yield self._review(ReminderKind.PROPOSAL_REVIEW, row.id, row.submitted_at, "proposal",
                               row.client_id, title=row.title, client=row.client_name,
                               rm=staff.get(row.rm_id, ""))

    def _review(self, kind: ReminderKind, record_id: str, submitted_at: datetime, entity: str,
                client_id: str | None, **params: Any) -> Reminder:
        # Keyed by the submission instant: a plan returned and submitted again is a new request.
        fire_at = submitted_at + timedelta(days=self.leads[kind])
        stamp = f"{submitted_at.astimezone(CHINA_TZ):%Y%m%dT%H%M%S}"
        return self.make(kind, record_id, local_today(submitted_at), entity, record_id, client_id=client_id,
                         fire_at=fire_at, stamp=stamp, **params)

    # complaints: response and resolution deadlines

    def complaint_rules(self) -> Iterator[Reminder]:
        stmt = (select(Complaint, Client.short_name, Client.legal_name)
                .join(Client, col(Client.id) == col(Complaint.client_id))
                .where(client_scope(self.actor), col(Complaint.deleted).is_(False),
                       col(Complaint.rm_id) == self.actor.user_id,
                       col(Complaint.status) != ComplaintStatus.CLOSED.value))
        for c, short, legal in self.session.exec(stmt):
            base = {"client": short or legal, "summary": c.summary}
            for kind, deadline, done in ((ReminderKind.COMPLAINT_RESPOND, c.respond_by, c.responded_at),
                                         (ReminderKind.COMPLAINT_RESOLVE, c.resolve_by, c.resolved_at)):
                if done is not None:
                    continue
                yield self.make(kind, c.id, local_today(deadline), "complaint", c.id, client_id=c.client_id,
                                fire_at=deadline - timedelta(days=self.leads[kind]),
                                stamp=f"{deadline.astimezone(CHINA_TZ):%Y%m%dT%H%M}",
                                deadline=deadline.isoformat(), **base)

    # satisfaction surveys of the current cycle

    def survey_rules(self, clients: Mapping[str, Client]) -> Iterator[Reminder]:
        if not clients:
            return
        months = surveys.survey_config().cycle_months
        for row in surveys.surveys_due(session=self.session, actor=self.actor, today=self.today,
                                       cycle_months=months):
            if row.client_id not in clients:
                continue
            yield self.make(ReminderKind.SURVEY, row.client_id, row.cycle_ends_on, "client", row.client_id,
                            client_id=row.client_id, stamp=row.cycle, client=row.client_name, cycle=row.cycle)

    # the weekly report

    def weekly_report(self) -> Iterator[Reminder]:
        monday = self.today - timedelta(days=self.today.weekday())
        due = monday + timedelta(days=WEEKLY_REPORT_WEEKDAY)
        year, week, _ = due.isocalendar()
        yield self.make(ReminderKind.WEEKLY_REPORT, self.actor.user_id, due, "weekly_report", None,
                        stamp=f"{year}-W{week:02d}", week=f"{year}-W{week:02d}")


def due_reminders(*, session: Session, actor: Actor, now: datetime,
                  lead_days: Mapping[str, int] | None = None) -> list[Reminder]:
    """Every reminder of ``actor`` whose fire time has come at ``now`` (state not applied), by due date."""
    if now.tzinfo is None:
        raise ValidationError("reminder.now_naive", field="now")
    rules = _Rules(session, actor, now, lead_table(lead_days))
    found: dict[str, Reminder] = {}
    for reminder in rules.all():
        if reminder.fire_at <= now:
            found.setdefault(reminder.key, reminder)
    return sorted(found.values(), key=lambda r: (r.due_on, r.fire_at, r.kind.value, r.key))


# --- state: done, snoozed, notified ---------------------------------------------------------------

_STATE = ReminderState.__table__  # type: ignore[attr-defined]


def _states(session: Session, keys: list[str]) -> dict[str, ReminderState]:
    out: dict[str, ReminderState] = {}
    for start in range(0, len(keys), 500):
        stmt = select(ReminderState).where(col(ReminderState.key).in_(keys[start:start + 500]))
        out.update({s.key: s for s in session.exec(stmt)})
    return out


def _claim(session: Session, key: str, now: datetime) -> bool:
    """Mark ``key`` notified unless it already is; True only for the one caller that marked it.

    One conditional write per key, so two scans racing each other (or two processes on the workspace)
    can never both hand the same reminder to the UI.
    """
    stmt = sqlite_insert(_STATE).values(key=key, status=STATUS_OPEN, snoozed_until=None, notified_at=now,
                                        updated_at=now)
    stmt = stmt.on_conflict_do_update(index_elements=[_STATE.c.key],
                                      set_={"notified_at": now, "updated_at": now},
                                      where=_STATE.c.notified_at.is_(None))
    return session.connection().execute(stmt).rowcount == 1


def visible(state: ReminderState | None, now: datetime) -> bool:
    if state is None:
        return True
    if state.status == STATUS_DONE:
        return False
    return state.snoozed_until is None or state.snoozed_until <= now


def scan_reminders(*, session: Session, actor: Actor, now: datetime,
                   lead_days: Mapping[str, int] | None = None) -> ScanResult:
    """The reminder centre's list at ``now`` and, among it, what is new since the last scan.

    New ones are marked notified in this same transaction: a caller hands `new` to the UI only after the
    commit, so a reminder is announced at most once, also across restarts and catch-up after days closed.
    A snoozed reminder whose time has come is announced again (snoozing cleared its mark).
    """
    due = due_reminders(session=session, actor=actor, now=now, lead_days=lead_days)
    states = _states(session, [r.key for r in due])
    active = [r for r in due if visible(states.get(r.key), now)]
    fresh = [r for r in active if states.get(r.key) is None or states[r.key].notified_at is None]
    new = [r for r in fresh if _claim(session, r.key, now)]
    return ScanResult(active=active, new=new, keys=frozenset(r.key for r in due))


def _upsert(session: Session, key: str, now: datetime, **values: Any) -> None:
    if not key or len(key) > 160:
        raise ValidationError("reminder.key_invalid", field="key")
    row = {"status": STATUS_OPEN, "snoozed_until": None, "notified_at": now, "updated_at": now, **values}
    stmt = sqlite_insert(_STATE).values(key=key, **row)
    updates = {name: stmt.excluded[name] for name in values} | {"updated_at": now}
    session.connection().execute(stmt.on_conflict_do_update(index_elements=[_STATE.c.key], set_=updates))


def mark_done(*, session: Session, key: str, now: datetime) -> None:
    """Done: the reminder is not shown again (a new due date is a new reminder)."""
    _upsert(session, key, now, status=STATUS_DONE, snoozed_until=None)


def snooze(*, session: Session, key: str, until: datetime, now: datetime) -> None:
    """Hide until ``until``; it is then announced again, like a new reminder."""
    if until.tzinfo is None:
        raise ValidationError("reminder.until_naive", field="until")
    if until <= now:
        raise ValidationError("reminder.snooze_past", field="until")
    _upsert(session, key, now, status=STATUS_OPEN, snoozed_until=until, notified_at=None)


def reopen(*, session: Session, key: str, now: datetime) -> None:
    """Undo done or snooze: shown again at the next scan (without a second announcement)."""
    _upsert(session, key, now, status=STATUS_OPEN, snoozed_until=None)


def get_state(*, session: Session, key: str) -> ReminderState | None:
    return session.get(ReminderState, key)


def prune_states(*, session: Session, keep: Iterable[str], before: datetime) -> int:
    """Forget state rows not touched since ``before`` whose reminder is no longer produced."""
    keep_set = set(keep)
    stale = [k for k in session.exec(select(ReminderState.key).where(col(ReminderState.updated_at) < before))
             if k not in keep_set]
    for start in range(0, len(stale), 500):
        session.connection().execute(sa.delete(_STATE).where(_STATE.c.key.in_(stale[start:start + 500])))
    return len(stale)
