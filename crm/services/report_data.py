"""What the printed documents show, gathered and masked for the printing user; prints audited and recorded.

Each ``*_data`` function returns a pydantic model that a builder in ``crm.reports.documents`` lays out
without touching the database. Identity numbers, credit codes, phones, e-mail addresses and account
numbers are masked unless the caller asks for clear values *and* may see them (the RM who owns the
client or the head of its branch); every clear print is audited as ``client.unmask``.

``record_issue`` stores what was printed (an IssuedDocumentRecord, replicated like any entity, plus a
``report.print`` audit event without clear values); ``find_issued`` serves ``crm report verify``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, or_, select

from crm.domain.enums import (
    AccountType,
    ClientKind,
    ClientStatus,
    ClientTier,
    ComplaintStatus,
    HoldingKind,
    LifecycleStage,
    PitchStage,
    ProductFamily,
    ProductRisk,
    RiskTolerance,
    Role,
    TaskKind,
    TaskStatus,
    VisitMode,
)
from crm.domain.errors import NotFound, PermissionDenied, ValidationError
from crm.domain.models import (
    Branch,
    Client,
    Complaint,
    Contact,
    FollowUpTask,
    Holding,
    IssuedDocumentRecord,
    LocalSetting,
    Pitch,
    Product,
    User,
    Visit,
)
from crm.domain.rules.masking import mask_account, mask_email, mask_id_number, mask_phone, mask_uscc
from crm.services import audit, records
from crm.services.complaints import CHINA_TZ, ComplaintRegister, complaint_register
from crm.services.context import Actor, client_scope, get_client
from crm.services.pitches import suitability_for
from crm.services.plans import GanttView, gantt, get_plan
from crm.services.proposals import ProposalPack, get_proposal, get_proposal_pack
from crm.services.schema import Schema
from crm.services.surveys import survey_config
from crm.services.visits import list_visits

#: LocalSetting keys holding the time of the last successful sync (the sync engine keeps it in its state).
LAST_SYNC_KEY = "last_sync_at"
SYNC_STATE_KEY = "sync.state"
#: The longest period one ledger or register may cover (a bound book is a month, a quarter, a year).
MAX_PERIOD_DAYS = 731
#: Row counts above which one printout would be unusable; a register this long must be split by period.
MAX_REGISTER_ROWS = 200_000
_CHUNK = 500  # ids per IN (...) list: far below every database's parameter limit

DOC_TYPES = (
    "proposal.pack",
    "ledger.book",
    "visit.register",
    "plan.sheet",
    "complaint.register",
    "survey.form",
    "client.prep",
)

SURVEY_SCALE: tuple[tuple[int, str], ...] = (
    (1, "非常不满意"),
    (2, "不满意"),
    (3, "一般"),
    (4, "满意"),
    (5, "非常满意"),
)


# --- shared ----------------------------------------------------------------------------------------


def china_now() -> datetime:
    return datetime.now(CHINA_TZ)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ)


def _china_date(value: datetime) -> date:
    if value.utcoffset() is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(CHINA_TZ).date()


def check_period(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise ValidationError(
            "report.period_invalid",
            field="date_to",
            params={"date_from": date_from.isoformat(), "date_to": date_to.isoformat()},
        )
    if (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise ValidationError("report.period_too_long", field="date_to", params={"days": MAX_PERIOD_DAYS})


def _parse_ts(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return parsed if parsed.utcoffset() is not None else parsed.replace(tzinfo=UTC)


def data_as_of(*, session: Session) -> datetime | None:
    """When this device last synced with the ledger (printed as 数据截至), or None if it never did."""
    setting = session.get(LocalSetting, LAST_SYNC_KEY)
    if setting is not None:
        value = setting.value.get("at") if isinstance(setting.value, dict) else setting.value
        found = _parse_ts(value)
        if found is not None:
            return found
    state = session.get(LocalSetting, SYNC_STATE_KEY)
    if state is not None and isinstance(state.value, dict):
        return _parse_ts(state.value.get("last_sync_at"))
    return None


def may_unmask(actor: Actor, client: Client) -> bool:
    """Clear identifiers are for the RM who owns the client and the head of the client's branch."""
    if actor.role is Role.BRANCH_HEAD:
        return client.branch_id in actor.branch_ids
    if actor.role is Role.RM:
        return client.owner_id == actor.user_id
    return False


def _require_unmask(actor: Actor, client: Client) -> None:
    if not may_unmask(actor, client):
        raise PermissionDenied("report.unmask_denied", field="unmasked", params={"client_id": client.id})


def _identifier(client: Client, unmasked: bool) -> tuple[str, str]:
    if client.uscc:
        return "uscc", client.uscc if unmasked else mask_uscc(client.uscc)
    if client.id_number:
        return "id_number", client.id_number if unmasked else mask_id_number(client.id_number)
    return "", ""


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _user_names(session: Session) -> dict[str, str]:
    return {uid: name for uid, name in session.exec(select(User.id, User.display_name))}


def _branch_label(session: Session, actor: Actor) -> str:
    ids = actor.branch_ids or (actor.branch_id,)
    names = [
        b.name for b in session.exec(select(Branch).where(col(Branch.id).in_(ids)).order_by(col(Branch.code)))
    ]
    return "、".join(names)


def resolve_rm(*, session: Session, actor: Actor, username: str | None) -> User | None:
    """The RM a ledger or register is printed for: None (the whole scope), the actor, or — for a branch
    head — a member of staff of a branch they head. Anyone else is reported as not found."""
    if username is None or not username.strip():
        return None
    user = session.exec(
        select(User).where(col(User.username) == username.strip(), col(User.deleted).is_(False))
    ).first()
    if user is None:
        raise NotFound("report.rm_not_found", field="rm", params={"username": username})
    if user.id == actor.user_id:
        return user
    if actor.role is Role.BRANCH_HEAD and user.branch_id in actor.branch_ids:
        return user
    if actor.role is Role.RM:
        raise PermissionDenied("report.rm_not_allowed", field="rm", params={"username": username})
    raise NotFound("report.rm_not_found", field="rm", params={"username": username})


# --- proposal pack ---------------------------------------------------------------------------------


def proposal_pack_data(
    *, session: Session, actor: Actor, proposal_id: str, unmasked: bool = False, today: date | None = None
) -> ProposalPack:
    """The pack's contents (crm.services.proposals); clear identifiers only for who may see them."""
    if unmasked:
        proposal = get_proposal(session=session, actor=actor, proposal_id=proposal_id)
        _require_unmask(actor, get_client(session, actor, proposal.client_id))
    return get_proposal_pack(
        session=session, actor=actor, proposal_id=proposal_id, unmasked=unmasked, today=today
    )


# --- ledger book (台账) -----------------------------------------------------------------------------


class LedgerWeekRow(Schema):
    """One RM's work in one week of the period (周报表)."""

    year: int
    week: int  # ISO week number
    start: date  # clipped to the period
    end: date
    rm_id: str
    rm_name: str
    visits: int = 0  # completed visits
    new_clients: int = 0  # clients entered into the RM's book
    pitches_won: int = 0
    follow_ups_done: int = 0


class LedgerContact(Schema):
    name: str
    title: str
    phones: list[str]  # masked
    email: str  # masked
    is_primary: bool


class LedgerHolding(Schema):
    kind: HoldingKind
    name: str
    account_type: AccountType | None
    account_no: str  # masked
    amount_fen: int
    rate_pct: float | None
    opened_on: date | None
    maturity_on: date | None


class LedgerEntry(Schema):
    """One line of 客户跟进记录表: a visit or a follow-up task."""

    day: date
    kind: str  # "visit" | "task"
    mode: VisitMode | None = None
    task_kind: TaskKind | None = None
    who: str  # RM (visit) or task owner
    contact: str = ""
    content: str  # purpose / information (visit) or title (task)
    result: str = ""  # goal reached and next steps (visit) or status and note (task)
    review: str = ""  # branch-head comment on the visit


class LedgerClient(Schema):
    """客户基础信息表 plus the period's 客户跟进记录表 of one client."""

    number: int
    id: str
    legal_name: str
    short_name: str
    kind: ClientKind
    status: ClientStatus
    tier: ClientTier
    identifier_kind: str
    identifier: str  # masked
    industry: str
    ownership: str
    size: str
    region: str
    district: str
    address: str
    lifecycle_stage: LifecycleStage | None
    is_tech: bool
    without_loans: bool
    effective_account: bool
    operating_status: str
    credit_rating: str
    risk_grade: str
    risk_tolerance: RiskTolerance | None
    risk_expires_on: date | None
    owner_name: str
    maintainer_name: str
    deposit_balance_fen: int
    loan_balance_fen: int
    marketing_objective: str
    entry_point: str
    progress: str
    open_issues: str
    last_visit_on: date | None
    kyc_refreshed_on: date | None
    contacts: list[LedgerContact]
    holdings: list[LedgerHolding]
    entries: list[LedgerEntry]


class LedgerBook(Schema):
    scope: str  # "rm" | "branch"
    scope_label: str  # the RM's name or the branches' names
    branch_label: str
    rm_name: str | None
    date_from: date
    date_to: date
    rm_names: list[str]  # the RMs the weekly report lists, in order
    weeks: list[LedgerWeekRow]
    clients: list[LedgerClient]
    totals: dict[str, int]


def _weeks(date_from: date, date_to: date) -> list[tuple[int, int, date, date]]:
    out = []
    monday = date_from - timedelta(days=date_from.weekday())
    while monday <= date_to:
        iso = monday.isocalendar()
        out.append((iso.year, iso.week, max(monday, date_from), min(monday + timedelta(days=6), date_to)))
        monday += timedelta(days=7)
    return out


def _book_clients(actor: Actor, rm: User | None) -> Any:
    cond = [client_scope(actor), col(Client.deleted).is_(False)]
    if rm is not None:
        cond.append(or_(col(Client.owner_id) == rm.id, col(Client.maintainer_id) == rm.id))
    return cond


def _book_rms(session: Session, actor: Actor, rm: User | None) -> list[User]:
    if rm is not None:
        return [rm]
    branches = actor.branch_ids or (actor.branch_id,)
    stmt = select(User).where(
        col(User.branch_id).in_(branches),
        col(User.deleted).is_(False),
        col(User.role) == Role.RM.value,
        col(User.active).is_(True),
    )
    return list(session.exec(stmt.order_by(col(User.display_name), col(User.id))))


def _weekly(
    session: Session, actor: Actor, rms: list[User], date_from: date, date_to: date
) -> list[LedgerWeekRow]:
    weeks = _weeks(date_from, date_to)
    rm_ids = [u.id for u in rms]
    counts: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    week_of = {}
    for index, (_y, _w, start, end) in enumerate(weeks):
        day = start
        while day <= end:
            week_of[day] = index
            day += timedelta(days=1)
    lo, hi = _day_start(date_from), _day_start(date_to + timedelta(days=1))
    scope = client_scope(actor)

    def bump(day: date, rm_id: str, key: str) -> None:
        index = week_of.get(day)
        if index is not None:
            counts[(index, rm_id)][key] += 1

    for ids in _chunks(rm_ids):
        for day, rm_id in session.exec(
            select(col(Visit.visit_on), col(Visit.rm_id))
            .join(Client, col(Client.id) == col(Visit.client_id))
            .where(
                scope,
                col(Visit.deleted).is_(False),
                col(Visit.completed).is_(True),
                col(Visit.rm_id).in_(ids),
                col(Visit.visit_on) >= date_from,
                col(Visit.visit_on) <= date_to,
            )
        ):
            bump(day, rm_id, "visits")
        for at, owner in session.exec(
            select(col(Client.created_at), col(Client.owner_id)).where(
                scope,
                col(Client.deleted).is_(False),
                col(Client.owner_id).in_(ids),
                col(Client.created_at) >= lo,
                col(Client.created_at) < hi,
            )
        ):
            if owner is not None:
                bump(_china_date(at), owner, "new_clients")
        for at, rm_id in session.exec(
            select(col(Pitch.stage_changed_at), col(Pitch.rm_id))
            .join(Client, col(Client.id) == col(Pitch.client_id))
            .where(
                scope,
                col(Pitch.deleted).is_(False),
                col(Pitch.stage) == PitchStage.WON.value,
                col(Pitch.rm_id).in_(ids),
                col(Pitch.stage_changed_at) >= lo,
                col(Pitch.stage_changed_at) < hi,
            )
        ):
            bump(_china_date(at), rm_id, "pitches_won")
        for done_at, task_owner in session.exec(
            select(col(FollowUpTask.done_at), col(FollowUpTask.owner_id)).where(
                col(FollowUpTask.deleted).is_(False),
                col(FollowUpTask.status) == TaskStatus.DONE.value,
                col(FollowUpTask.owner_id).in_(ids),
                col(FollowUpTask.done_at) >= lo,
                col(FollowUpTask.done_at) < hi,
            )
        ):
            if done_at is not None:
                bump(_china_date(done_at), task_owner, "follow_ups_done")
    rows = []
    for index, (year, week, start, end) in enumerate(weeks):
        for user in rms:
            found = counts.get((index, user.id), {})
            rows.append(
                LedgerWeekRow(
                    year=year,
                    week=week,
                    start=start,
                    end=end,
                    rm_id=user.id,
                    rm_name=user.display_name,
                    **found,
                )
            )
    return rows


def ledger_book_data(
    *, session: Session, actor: Actor, date_from: date, date_to: date, rm_username: str | None = None
) -> LedgerBook:
    """The bound ledger (台账) of one RM's book or of the actor's branches for a period.

    Every query runs once over the whole book (no query per client), so the cost is linear in the
    number of clients, visits and tasks.
    """
    check_period(date_from, date_to)
    actor.require(Role.RM, Role.BRANCH_HEAD, action="report.ledger")
    rm = resolve_rm(session=session, actor=actor, username=rm_username)
    if rm is None and actor.role is Role.RM:
        user = session.get(User, actor.user_id)
        rm = user
    names = _user_names(session)
    rms = _book_rms(session, actor, rm)
    clients = list(
        session.exec(
            select(Client).where(*_book_clients(actor, rm)).order_by(col(Client.legal_name), col(Client.id))
        )
    )
    ids = [c.id for c in clients]
    contacts: dict[str, list[LedgerContact]] = defaultdict(list)
    holdings: dict[str, list[LedgerHolding]] = defaultdict(list)
    entries: dict[str, list[LedgerEntry]] = defaultdict(list)
    lo, hi = _day_start(date_from), _day_start(date_to + timedelta(days=1))
    for chunk in _chunks(ids):
        for person in session.exec(
            select(Contact)
            .where(col(Contact.client_id).in_(chunk), col(Contact.deleted).is_(False))
            .order_by(col(Contact.is_primary).desc(), col(Contact.name))
        ):
            contacts[person.client_id].append(
                LedgerContact(
                    name=person.name,
                    title=person.title,
                    phones=[mask_phone(p) for p in person.phones],
                    email=mask_email(person.email),
                    is_primary=person.is_primary,
                )
            )
        for h in session.exec(
            select(Holding)
            .where(col(Holding.client_id).in_(chunk), col(Holding.deleted).is_(False))
            .order_by(col(Holding.kind), col(Holding.maturity_on), col(Holding.id))
        ):
            holdings[h.client_id].append(
                LedgerHolding(
                    kind=h.kind,
                    name=h.name,
                    account_type=h.account_type,
                    account_no=mask_account(h.account_no),
                    amount_fen=h.amount_fen,
                    rate_pct=h.rate_pct,
                    opened_on=h.opened_on,
                    maturity_on=h.maturity_on,
                )
            )
        for v in session.exec(
            select(Visit).where(
                col(Visit.client_id).in_(chunk),
                col(Visit.deleted).is_(False),
                col(Visit.visit_on) >= date_from,
                col(Visit.visit_on) <= date_to,
            )
        ):
            entries[v.client_id].append(_visit_entry(v, names))
        for t in session.exec(
            select(FollowUpTask).where(
                col(FollowUpTask.client_id).in_(chunk),
                col(FollowUpTask.deleted).is_(False),
                or_(
                    sa.and_(col(FollowUpTask.due_on) >= date_from, col(FollowUpTask.due_on) <= date_to),
                    sa.and_(col(FollowUpTask.done_at) >= lo, col(FollowUpTask.done_at) < hi),
                ),
            )
        ):
            assert t.client_id is not None
            entries[t.client_id].append(_task_entry(t, names))
    book_clients = []
    for number, c in enumerate(clients, start=1):
        kind, ident = _identifier(c, False)
        rows = sorted(entries.get(c.id, []), key=lambda e: (e.day, e.kind != "visit"))
        book_clients.append(
            LedgerClient(
                number=number,
                id=c.id,
                legal_name=c.legal_name,
                short_name=c.short_name,
                kind=c.kind,
                status=c.status,
                tier=c.tier,
                identifier_kind=kind,
                identifier=ident,
                industry=c.industry,
                ownership=c.ownership,
                size=c.size,
                region=c.region,
                district=c.district,
                address=c.address,
                lifecycle_stage=c.lifecycle_stage,
                is_tech=c.is_tech,
                without_loans=c.without_loans,
                effective_account=c.effective_account,
                operating_status=c.operating_status,
                credit_rating=c.credit_rating,
                risk_grade=c.risk_grade,
                risk_tolerance=c.risk_tolerance,
                risk_expires_on=c.risk_expires_on,
                owner_name=names.get(c.owner_id or "", ""),
                maintainer_name=names.get(c.maintainer_id or "", ""),
                deposit_balance_fen=c.deposit_balance_fen,
                loan_balance_fen=c.loan_balance_fen,
                marketing_objective=c.marketing_objective,
                entry_point=c.entry_point,
                progress=c.progress,
                open_issues=c.open_issues,
                last_visit_on=c.last_visit_on,
                kyc_refreshed_on=c.kyc_refreshed_on,
                contacts=contacts.get(c.id, []),
                holdings=holdings.get(c.id, []),
                entries=rows,
            )
        )
    weeks = _weekly(session, actor, rms, date_from, date_to)
    totals = {
        key: sum(getattr(w, key) for w in weeks)
        for key in ("visits", "new_clients", "pitches_won", "follow_ups_done")
    }
    totals["clients"] = len(book_clients)
    branch_label = _branch_label(session, actor)
    return LedgerBook(
        scope="rm" if rm is not None else "branch",
        scope_label=rm.display_name if rm is not None else branch_label,
        branch_label=branch_label,
        rm_name=rm.display_name if rm is not None else None,
        date_from=date_from,
        date_to=date_to,
        rm_names=[u.display_name for u in rms],
        weeks=weeks,
        clients=book_clients,
        totals=totals,
    )


def _visit_entry(v: Visit, names: dict[str, str]) -> LedgerEntry:
    if v.completed:
        outcome = {True: "目标达成", False: "目标未达成", None: ""}[v.goal_reached]
        parts = [p for p in (outcome, v.goal_reason, f"下一步：{v.next_steps}" if v.next_steps else "") if p]
        result = "；".join(parts)
        content = "；".join(p for p in (v.purpose, v.information) if p)
    else:
        result = "计划拜访"
        content = v.purpose
    return LedgerEntry(
        day=v.visit_on,
        kind="visit",
        mode=v.mode,
        who=names.get(v.rm_id, ""),
        contact=v.contact_met or v.contact_name,
        content=content,
        result=result,
        review=v.review_comment,
    )


_TASK_STATUS = {TaskStatus.OPEN: "待办", TaskStatus.DONE: "已完成", TaskStatus.CANCELLED: "已取消"}


def _task_entry(t: FollowUpTask, names: dict[str, str]) -> LedgerEntry:
    status = _TASK_STATUS.get(TaskStatus(t.status), str(t.status))
    if t.status == TaskStatus.DONE and t.done_at is not None:
        status += f"（{_china_date(t.done_at).isoformat()}）"
    result = "；".join(p for p in (status, t.note) if p)
    return LedgerEntry(
        day=t.due_on,
        kind="task",
        task_kind=t.kind,
        who=names.get(t.owner_id, ""),
        content=t.title,
        result=result,
    )


# --- visit register ---------------------------------------------------------------------------------


class VisitRegisterRow(Schema):
    visit_on: date
    client_name: str
    rm_name: str
    mode: VisitMode
    purpose: str
    completed: bool
    goal_reached: bool | None
    satisfaction: int | None
    review_comment: str


class RmCount(Schema):
    rm_name: str
    visits: int
    completed: int
    goal_reached: int


class VisitRegister(Schema):
    scope_label: str
    branch_label: str
    date_from: date
    date_to: date
    rows: list[VisitRegisterRow]
    total: int
    completed: int
    goal_reached: int
    by_rm: list[RmCount]


def visit_register_data(
    *, session: Session, actor: Actor, date_from: date, date_to: date, rm_username: str | None = None
) -> VisitRegister:
    """Every visit in the period the actor may see (one RM's with ``rm_username``), oldest first."""
    check_period(date_from, date_to)
    rm = resolve_rm(session=session, actor=actor, username=rm_username)
    rows = list_visits(
        session=session,
        actor=actor,
        rm_id=rm.id if rm else None,
        date_from=date_from,
        date_to=date_to,
        limit=MAX_REGISTER_ROWS,
    )
    rows.reverse()  # list_visits is newest first; a register reads forward
    return build_visit_register(
        [
            VisitRegisterRow(
                visit_on=r.visit_on,
                client_name=r.client_name,
                rm_name=r.rm_name,
                mode=r.mode,
                purpose=r.purpose,
                completed=r.completed,
                goal_reached=r.goal_reached,
                satisfaction=r.satisfaction,
                review_comment=r.review_comment,
            )
            for r in rows
        ],
        scope_label=rm.display_name if rm else _branch_label(session, actor),
        branch_label=_branch_label(session, actor),
        date_from=date_from,
        date_to=date_to,
    )


def build_visit_register(
    rows: list[VisitRegisterRow], *, scope_label: str, branch_label: str, date_from: date, date_to: date
) -> VisitRegister:
    """Totals and per-RM counts over ready rows (also used by the benchmark with synthetic rows)."""
    per: dict[str, list[int]] = {}
    for r in rows:
        counts = per.setdefault(r.rm_name, [0, 0, 0])
        counts[0] += 1
        counts[1] += r.completed
        counts[2] += bool(r.goal_reached)
    return VisitRegister(
        scope_label=scope_label,
        branch_label=branch_label,
        date_from=date_from,
        date_to=date_to,
        rows=rows,
        total=len(rows),
        completed=sum(r.completed for r in rows),
        goal_reached=sum(bool(r.goal_reached) for r in rows),
        by_rm=[
            RmCount(rm_name=name, visits=c[0], completed=c[1], goal_reached=c[2])
            for name, c in sorted(per.items(), key=lambda kv: (-kv[1][0], kv[0]))
        ],
    )


# --- monthly plan sheet -----------------------------------------------------------------------------


class PlanSheet(Schema):
    gantt: GanttView
    branch_name: str
    rm_title: str
    decided_by_name: str
    decided_at: datetime | None


def plan_sheet_data(*, session: Session, actor: Actor, plan_id: str) -> PlanSheet:
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    view = gantt(session=session, actor=actor, plan_id=plan_id)
    branch = session.get(Branch, plan.branch_id)
    rm = session.get(User, plan.rm_id)
    decider = session.get(User, plan.decided_by) if plan.decided_by else None
    return PlanSheet(
        gantt=view,
        branch_name=branch.name if branch else "",
        rm_title=rm.title if rm else "",
        decided_by_name=decider.display_name if decider else "",
        decided_at=plan.decided_at,
    )


# --- complaint register -----------------------------------------------------------------------------


class ComplaintRegisterDoc(Schema):
    complaints: ComplaintRegister
    scope_label: str
    rm_names: dict[str, str]


def complaint_register_data(
    *, session: Session, actor: Actor, date_from: date, date_to: date, now: datetime | None = None
) -> ComplaintRegisterDoc:
    check_period(date_from, date_to)
    register = complaint_register(
        session=session, actor=actor, date_from=date_from, date_to=date_to, now=now or china_now()
    )
    names = _user_names(session)
    return ComplaintRegisterDoc(
        complaints=register,
        scope_label=_branch_label(session, actor),
        rm_names={r.rm_id: names.get(r.rm_id, "") for r in register.rows},
    )


# --- satisfaction survey form -----------------------------------------------------------------------


class SurveyForm(Schema):
    dimensions: list[str]
    scale: list[tuple[int, str]]
    cycle_months: int
    client_id: str | None
    client_name: str
    contact_name: str
    rm_name: str
    branch_label: str


def survey_form_data(*, session: Session, actor: Actor, client_id: str | None = None) -> SurveyForm:
    """A blank form with the configured dimensions; for one client, with its name and contact filled in."""
    config = survey_config()
    client_name = contact_name = rm_name = ""
    if client_id is not None:
        client = get_client(session, actor, client_id)
        client_name = client.legal_name
        primary = session.exec(
            select(Contact)
            .where(col(Contact.client_id) == client.id, col(Contact.deleted).is_(False))
            .order_by(col(Contact.is_primary).desc(), col(Contact.name))
        ).first()
        contact_name = primary.name if primary else ""
        owner = session.get(User, client.owner_id) if client.owner_id else None
        rm_name = owner.display_name if owner else ""
    return SurveyForm(
        dimensions=list(config.dimensions),
        scale=list(SURVEY_SCALE),
        cycle_months=config.cycle_months,
        client_id=client_id,
        client_name=client_name,
        contact_name=contact_name,
        rm_name=rm_name,
        branch_label=_branch_label(session, actor),
    )


# --- visit preparation sheet (客户拜访前假设) ---------------------------------------------------------


class PrepClient(Schema):
    id: str
    legal_name: str
    short_name: str
    kind: ClientKind
    status: ClientStatus
    tier: ClientTier
    identifier_kind: str
    identifier: str  # masked unless unmasked
    industry: str
    address: str
    owner_name: str
    risk_tolerance: RiskTolerance | None
    risk_expires_on: date | None
    credit_rating: str
    risk_grade: str
    deposit_balance_fen: int
    loan_balance_fen: int
    last_visit_on: date | None
    marketing_objective: str
    entry_point: str
    progress: str
    open_issues: str


class PrepVisit(Schema):
    visit_on: date
    mode: VisitMode
    rm_name: str
    purpose: str
    completed: bool
    goal_reached: bool | None
    next_steps: str


class PrepTask(Schema):
    title: str
    kind: TaskKind
    due_on: date
    owner_name: str
    overdue: bool


class PrepComplaint(Schema):
    received_at: datetime
    summary: str
    status: ComplaintStatus
    resolve_by: datetime
    overdue: bool


class PrepProduct(Schema):
    code: str
    name: str
    family: ProductFamily
    risk: ProductRisk | None
    term: str
    rate_text: str
    reason: str


class VisitPrep(Schema):
    as_of: date
    unmasked: bool
    client: PrepClient
    contacts: list[LedgerContact]
    visits: list[PrepVisit]
    visits_total: int
    maturing: list[LedgerHolding]
    maturing_days: int
    tasks: list[PrepTask]
    complaints: list[PrepComplaint]
    products: list[PrepProduct]


PREP_VISITS = 3
PREP_MATURING_DAYS = 90
PREP_LIMIT = 4
_CORPORATE_WORDS = ("对公", "企业", "单位", "机构", "集团", "供应商", "商贸", "公用事业", "走出去")
_MERCHANT_WORDS = ("商户", "个体工商户", "连锁门店")


def _audience_fits(client: Client, product: Product) -> bool:
    text = product.target_clients or ""
    kind = ClientKind(client.kind)
    if kind.is_person:
        return "个人" in text or "贵宾" in text or "高净值" in text
    if kind in (ClientKind.MERCHANT_SMALL, ClientKind.MERCHANT_LARGE, ClientKind.MERCHANT_ACQUIRING):
        return any(w in text for w in _MERCHANT_WORDS + _CORPORATE_WORDS)
    return any(w in text for w in _CORPORATE_WORDS)


def _product_reason(client: Client, product: Product, held_families: set[ProductFamily]) -> tuple[int, str]:
    family = ProductFamily(product.family)
    if family is ProductFamily.CREDIT and client.without_loans:
        return 3, "无贷户，可作为首贷切入"
    if family not in held_families:
        return 2, "尚未在我行办理此类业务"
    if family is ProductFamily.WEALTH:
        return 1, "符合客户风险承受能力"
    return 0, "丰富现有合作"


def visit_prep_data(
    *, session: Session, actor: Actor, client_id: str, unmasked: bool = False, today: date | None = None
) -> VisitPrep:
    """One page before a visit: the client, the last visits, maturing holdings, open follow-ups and
    complaints, products that suit the client (the suitability rule passes), and the contacts."""
    day = today or china_now().date()
    client = get_client(session, actor, client_id)
    if unmasked:
        _require_unmask(actor, client)
        audit.record(
            session,
            actor=actor,
            action="client.unmask",
            entity="client",
            entity_id=client.id,
            detail={
                "fields": ["identifier", "contact_phones", "contact_emails", "account_no"],
                "purpose": "client_prep",
            },
        )
    names = _user_names(session)
    kind, ident = _identifier(client, unmasked)
    contacts = [
        LedgerContact(
            name=person.name,
            title=person.title,
            phones=list(person.phones) if unmasked else [mask_phone(p) for p in person.phones],
            email=person.email if unmasked else mask_email(person.email),
            is_primary=person.is_primary,
        )
        for person in session.exec(
            select(Contact)
            .where(col(Contact.client_id) == client.id, col(Contact.deleted).is_(False))
            .order_by(col(Contact.is_primary).desc(), col(Contact.name))
        )
    ]
    visit_rows = list(
        session.exec(
            select(Visit)
            .where(
                col(Visit.client_id) == client.id, col(Visit.deleted).is_(False), col(Visit.visit_on) <= day
            )
            .order_by(col(Visit.visit_on).desc(), col(Visit.id).desc())
        )
    )
    visits = [
        PrepVisit(
            visit_on=v.visit_on,
            mode=v.mode,
            rm_name=names.get(v.rm_id, ""),
            purpose=v.purpose,
            completed=v.completed,
            goal_reached=v.goal_reached,
            next_steps=v.next_steps,
        )
        for v in visit_rows[:PREP_VISITS]
    ]
    all_holdings = list(
        session.exec(
            select(Holding).where(col(Holding.client_id) == client.id, col(Holding.deleted).is_(False))
        )
    )
    horizon = day + timedelta(days=PREP_MATURING_DAYS)
    maturing = sorted(
        (h for h in all_holdings if h.maturity_on is not None and day <= h.maturity_on <= horizon),
        key=lambda h: (h.maturity_on, h.id),
    )
    tasks = [
        PrepTask(
            title=t.title,
            kind=t.kind,
            due_on=t.due_on,
            owner_name=names.get(t.owner_id, ""),
            overdue=t.due_on < day,
        )
        for t in session.exec(
            select(FollowUpTask)
            .where(
                col(FollowUpTask.client_id) == client.id,
                col(FollowUpTask.deleted).is_(False),
                col(FollowUpTask.status) == TaskStatus.OPEN.value,
            )
            .order_by(col(FollowUpTask.due_on))
        )
    ]
    now = _day_start(day + timedelta(days=1))
    complaints = [
        PrepComplaint(
            received_at=c.received_at,
            summary=c.summary,
            status=c.status,
            resolve_by=c.resolve_by,
            overdue=c.resolved_at is None and c.resolve_by < now,
        )
        for c in session.exec(
            select(Complaint)
            .where(
                col(Complaint.client_id) == client.id,
                col(Complaint.deleted).is_(False),
                col(Complaint.status) != ComplaintStatus.CLOSED.value,
            )
            .order_by(col(Complaint.received_at).desc())
        )
    ]
    held_products = {h.product_id for h in all_holdings if h.product_id}
    held_families: set[ProductFamily] = set()
    product_family = {p.id: ProductFamily(p.family) for p in session.exec(select(Product))}
    for h in all_holdings:
        if h.product_id in product_family:
            held_families.add(product_family[h.product_id])
        elif h.kind is HoldingKind.LOAN:
            held_families.add(ProductFamily.CREDIT)
        elif h.kind is HoldingKind.WEALTH:
            held_families.add(ProductFamily.WEALTH)
        elif h.kind is HoldingKind.DEPOSIT:
            held_families.add(ProductFamily.DEPOSIT)
        elif h.kind is HoldingKind.ACCOUNT:
            held_families.add(ProductFamily.SETTLEMENT)
    candidates = []
    for p in session.exec(
        select(Product)
        .where(col(Product.deleted).is_(False), col(Product.active).is_(True))
        .order_by(col(Product.family), col(Product.code))
    ):
        if p.id in held_products or not _audience_fits(client, p):
            continue
        if not suitability_for(client, p, day).allowed:
            continue
        rank, reason = _product_reason(client, p, held_families)
        candidates.append((-rank, p.family, p.code, p, reason))
    candidates.sort(key=lambda c: c[:3])
    picked: list[PrepProduct] = []
    families: dict[str, int] = defaultdict(int)
    for _rank, family, _code, p, reason in candidates:
        if families[family] >= 2:  # a varied shortlist, not five deposit variants
            continue
        families[family] += 1
        picked.append(
            PrepProduct(
                code=p.code,
                name=p.name,
                family=p.family,
                risk=p.risk,
                term=p.term,
                rate_text=p.rate_text,
                reason=reason,
            )
        )
        if len(picked) >= PREP_LIMIT:
            break
    return VisitPrep(
        as_of=day,
        unmasked=unmasked,
        client=PrepClient(
            id=client.id,
            legal_name=client.legal_name,
            short_name=client.short_name,
            kind=client.kind,
            status=client.status,
            tier=client.tier,
            identifier_kind=kind,
            identifier=ident,
            industry=client.industry,
            address=client.address,
            owner_name=names.get(client.owner_id or "", ""),
            risk_tolerance=client.risk_tolerance,
            risk_expires_on=client.risk_expires_on,
            credit_rating=client.credit_rating,
            risk_grade=client.risk_grade,
            deposit_balance_fen=client.deposit_balance_fen,
            loan_balance_fen=client.loan_balance_fen,
            last_visit_on=client.last_visit_on,
            marketing_objective=client.marketing_objective,
            entry_point=client.entry_point,
            progress=client.progress,
            open_issues=client.open_issues,
        ),
        contacts=contacts,
        visits=visits,
        visits_total=len(visit_rows),
        maturing=[
            LedgerHolding(
                kind=h.kind,
                name=h.name,
                account_type=h.account_type,
                account_no=h.account_no if unmasked else mask_account(h.account_no),
                amount_fen=h.amount_fen,
                rate_pct=h.rate_pct,
                opened_on=h.opened_on,
                maturity_on=h.maturity_on,
            )
            for h in maturing
        ],
        maturing_days=PREP_MATURING_DAYS,
        tasks=tasks,
        complaints=complaints,
        products=picked,
    )


# --- issue records ----------------------------------------------------------------------------------


def record_issue(
    *,
    session: Session,
    actor: Actor,
    doc_id: str,
    doc_type: str,
    title: str,
    file_sha256: str,
    content_sha256: str,
    pages: int,
    issued_at: datetime,
    draft: bool,
    client_id: str | None = None,
    unmasked: bool = False,
) -> IssuedDocumentRecord:
    """Register a printed document (replicated to the ledger) and audit the print, in the caller's
    transaction. The audit detail names the document and whether identifiers were clear, never them."""
    record = IssuedDocumentRecord(
        doc_id=doc_id,
        doc_type=doc_type,
        title=title[:200],
        file_sha256=file_sha256,
        content_sha256=content_sha256,
        pages=pages,
        issued_by=actor.user_id,
        issued_at=issued_at,
        client_id=client_id,
        draft=draft,
    )
    records.create(session, actor, record, audit_detail={"doc_type": doc_type, "doc_id": doc_id})
    audit.record(
        session,
        actor=actor,
        action="report.print",
        entity="issued_document",
        entity_id=record.id,
        detail={
            "doc_type": doc_type,
            "doc_id": doc_id,
            "client_id": client_id,
            "unmasked": unmasked,
            "pages": pages,
            "draft": draft,
        },
    )
    return record


def find_issued(*, session: Session, actor: Actor, doc_id: str) -> IssuedDocumentRecord | None:
    """The issue record of ``doc_id`` as this device knows it (its own prints and those synced to it)."""
    return session.exec(
        select(IssuedDocumentRecord).where(
            col(IssuedDocumentRecord.doc_id) == doc_id, col(IssuedDocumentRecord.deleted).is_(False)
        )
    ).first()


def issued_by_name(*, session: Session, record: IssuedDocumentRecord) -> str:
    user = session.get(User, record.issued_by)
    return user.display_name if user else record.issued_by
