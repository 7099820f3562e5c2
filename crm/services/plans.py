"""Monthly visit plans (目标客户月度工作计划): items, review workflow, amendments and the Gantt view."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from pydantic import ConfigDict, Field
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, or_, select

from crm.domain.enums import PlanGoal, PlanItemStatus, PlanStatus, Role
from crm.domain.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationError
from crm.domain.models import Client, Plan, PlanItem, Product, User
from crm.domain.rules.workflow import PLAN_MACHINE
from crm.domain.types import utcnow
from crm.services import records
from crm.services.context import Actor, get_client
from crm.services.schema import Schema

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# An approved plan is never edited in place (DOMAIN.md §3): only these states accept item edits.
EDITABLE = frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.AMENDED})
_OPEN_ITEM = frozenset({PlanItemStatus.PLANNED, PlanItemStatus.DELAYED})


# --- calendar -----------------------------------------------------------------------------------


def parse_month(month: str) -> tuple[int, int]:
    m = _MONTH.match(month or "")
    if m is None or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
        raise ValidationError("plan.month_invalid", field="month", params={"month": month})
    return int(m.group(1)), int(m.group(2))


def plan_due_date(month: str) -> date:
    """A monthly plan is due on the 1st of its month."""
    year, mon = parse_month(month)
    return date(year, mon, 1)


def is_working_day(day: date, *, extra_holidays: Iterable[date] = (),
                   extra_workdays: Iterable[date] = ()) -> bool:
    """Mon–Fri, minus public holidays, plus the weekend days worked in exchange (调休)."""
    if day in set(extra_workdays):
        return True
    if day in set(extra_holidays):
        return False
    return day.weekday() < 5


def working_days(year: int, month: int, *, extra_holidays: Iterable[date] = (),
                 extra_workdays: Iterable[date] = ()) -> list[date]:
    """The working days of a month, in order. The statutory holiday table changes every year and is
    published late, so it is passed in (``extra_holidays`` / ``extra_workdays``), not built in."""
    holidays, workdays = set(extra_holidays), set(extra_workdays)
    last = calendar.monthrange(year, month)[1]
    days = (date(year, month, d) for d in range(1, last + 1))
    return [d for d in days if is_working_day(d, extra_holidays=holidays, extra_workdays=workdays)]


# --- inputs and outputs -------------------------------------------------------------------------


class PlanCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    month: str  # YYYY-MM
    note: str = ""


class PlanItemIn(Schema):
    """One row of the plan: a client, or a prospect not yet in the client list, and what to achieve."""

    model_config = ConfigDict(str_strip_whitespace=True)

    client_id: str | None = None
    prospect_name: str = ""
    goal: PlanGoal = PlanGoal.MAINTAIN
    goal_text: str = ""
    planned_days: list[date] = Field(default_factory=list)
    product_ids: list[str] = Field(default_factory=list)
    note: str = ""


class PlanItemUpdate(Schema):
    """Only the fields set are changed."""

    model_config = ConfigDict(str_strip_whitespace=True)

    client_id: str | None = None
    prospect_name: str | None = None
    goal: PlanGoal | None = None
    goal_text: str | None = None
    planned_days: list[date] | None = None
    product_ids: list[str] | None = None
    note: str | None = None
    sort: int | None = None


class CellMark(StrEnum):
    EMPTY = ""
    PLANNED = "planned"
    DONE = "done"
    DELAYED = "delayed"  # a planned day that slipped
    DELAYED_TO = "delayed_to"  # the new date (延迟至…)


class GanttRow(Schema):
    item_id: str
    label: str
    is_prospect: bool
    goal: PlanGoal
    goal_text: str
    products: list[str]
    status: PlanItemStatus
    delayed_to: date | None
    note: str
    cells: list[CellMark]  # one per GanttView.days


class GanttView(Schema):
    """Pure data for the plan screen and the printed sheet for signature."""

    plan_id: str
    month: str
    due_on: date
    rm_id: str
    rm_name: str
    status: PlanStatus
    superseded: bool
    amends_plan_id: str | None
    decision_comment: str
    days: list[date]
    rows: list[GanttRow]


# --- scope and lookups --------------------------------------------------------------------------


def _plan_scope(actor: Actor) -> Any:
    """An RM sees their own plans; a branch head their branches' plans (and any of their own)."""
    own = col(Plan.rm_id) == actor.user_id
    if actor.role is Role.BRANCH_HEAD:
        return or_(own, col(Plan.branch_id).in_(actor.branch_ids))
    if actor.role is Role.RM:
        return own
    return sa.false()


def _superseded_clause() -> Any:
    """True for an approved plan whose amendment has been approved since."""
    newer = aliased(Plan)
    return sa.exists().where(col(newer.amends_plan_id) == col(Plan.id),
                             col(newer.status) == PlanStatus.APPROVED, col(newer.deleted).is_(False))


def get_plan(*, session: Session, actor: Actor, plan_id: str) -> Plan:
    plan = session.exec(
        select(Plan).where(col(Plan.id) == plan_id, col(Plan.deleted).is_(False), _plan_scope(actor))
    ).first()
    if plan is None:
        raise NotFound("plan.not_found", params={"id": plan_id})
    return plan


def is_superseded(*, session: Session, plan: Plan) -> bool:
    return _amendments(session, plan.id, approved=True) != []


def _amendments(session: Session, plan_id: str, *, approved: bool) -> list[Plan]:
    stmt = select(Plan).where(col(Plan.amends_plan_id) == plan_id, col(Plan.deleted).is_(False))
    stmt = stmt.where((col(Plan.status) == PlanStatus.APPROVED) if approved
                      else (col(Plan.status) != PlanStatus.APPROVED))
    return list(session.exec(stmt))


def _get_item(session: Session, actor: Actor, item_id: str) -> tuple[PlanItem, Plan]:
    item = session.get(PlanItem, item_id)
    if item is None or item.deleted:
        raise NotFound("plan_item.not_found", params={"id": item_id})
    try:
        plan = get_plan(session=session, actor=actor, plan_id=item.plan_id)
    except NotFound:
        raise NotFound("plan_item.not_found", params={"id": item_id}) from None
    return item, plan


def _require_author(actor: Actor, plan: Plan) -> None:
    if plan.rm_id != actor.user_id:
        raise PermissionDenied("plan.not_owner", params={"id": plan.id})


def _require_editable(plan: Plan) -> None:
    if plan.status not in EDITABLE:
        raise InvalidTransition("plan.not_editable", field="status",
                                params={"id": plan.id, "status": plan.status.value})


def _require_tracking(session: Session, plan: Plan) -> None:
    """Done / delayed facts are recorded on the approved plan being carried out, not on drafts."""
    if plan.status is not PlanStatus.APPROVED:
        raise InvalidTransition("plan.not_approved", field="status",
                                params={"id": plan.id, "status": plan.status.value})
    if is_superseded(session=session, plan=plan):
        raise InvalidTransition("plan.superseded", field="status", params={"id": plan.id})


# --- plans --------------------------------------------------------------------------------------


def create_plan(*, session: Session, actor: Actor, data: PlanCreate) -> Plan:
    """A new draft for the acting RM; one plan (with its amendments) per RM per month."""
    actor.require(Role.RM, action="plan.create")
    parse_month(data.month)
    existing = session.exec(
        select(Plan).where(col(Plan.rm_id) == actor.user_id, col(Plan.month) == data.month,
                           col(Plan.deleted).is_(False)).limit(1)
    ).first()
    if existing is not None:
        raise Conflict("plan.duplicate", field="month", params={"month": data.month, "plan_id": existing.id})
    plan = Plan(rm_id=actor.user_id, branch_id=actor.branch_id, month=data.month, note=data.note)
    return records.create(session, actor, plan, audit_detail={"month": data.month})


def update_plan_note(*, session: Session, actor: Actor, plan_id: str, note: str) -> Plan:
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    _require_author(actor, plan)
    _require_editable(plan)
    return records.patch(session, actor, plan, {"note": note.strip()})


def delete_plan(*, session: Session, actor: Actor, plan_id: str) -> Plan:
    """Discard a plan never approved (a draft, a returned plan or an unwanted amendment), with its items."""
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    _require_author(actor, plan)
    _require_editable(plan)
    for item in _items(session, plan.id):
        records.delete(session, actor, item)
    return records.delete(session, actor, plan)


def list_plans(*, session: Session, actor: Actor, month: str | None = None, rm_id: str | None = None,
               status: PlanStatus | None = None, include_superseded: bool = False,
               offset: int = 0, limit: int = 100) -> list[Plan]:
    """Plans in scope, newest month first. An approved plan replaced by an approved amendment is left out
    unless asked for; an amendment still under way is listed next to the approved plan it amends."""
    stmt = select(Plan).where(col(Plan.deleted).is_(False), _plan_scope(actor))
    if month is not None:
        stmt = stmt.where(col(Plan.month) == month)
    if rm_id is not None:
        stmt = stmt.where(col(Plan.rm_id) == rm_id)
    if status is not None:
        stmt = stmt.where(col(Plan.status) == status)
    if not include_superseded:
        stmt = stmt.where(sa.not_(_superseded_clause()))
    stmt = stmt.order_by(col(Plan.month).desc(), col(Plan.id).desc()).offset(offset).limit(limit)
    return list(session.exec(stmt))


def current_plan(*, session: Session, actor: Actor, month: str, rm_id: str | None = None) -> Plan | None:
    """The plan in force for an RM's month: the newest approved one, else the newest one in progress."""
    plans = list_plans(session=session, actor=actor, month=month, rm_id=rm_id or actor.user_id)
    approved = [p for p in plans if p.status is PlanStatus.APPROVED]
    candidates = approved or plans
    return candidates[0] if candidates else None


def _step(session: Session, actor: Actor, plan: Plan, transition: str, payload: dict[str, Any],
          changes: dict[str, Any]) -> Plan:
    target = PLAN_MACHINE.apply(plan.status, transition, actor.role)
    return records.command(session, actor, plan, f"plan.{transition}", {"month": plan.month, **payload},
                           {"status": target, **changes})


def submit_plan(*, session: Session, actor: Actor, plan_id: str) -> Plan:
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    PLAN_MACHINE.apply(plan.status, "submit", actor.role)
    _require_author(actor, plan)
    count = len(_items(session, plan.id))
    if count == 0:
        raise ValidationError("plan.empty", field="items", params={"id": plan.id})
    return _step(session, actor, plan, "submit", {"items": count}, {"submitted_at": utcnow()})


def withdraw_plan(*, session: Session, actor: Actor, plan_id: str) -> Plan:
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    PLAN_MACHINE.apply(plan.status, "withdraw", actor.role)
    _require_author(actor, plan)
    return _step(session, actor, plan, "withdraw", {}, {"submitted_at": None})


def _decide(session: Session, actor: Actor, plan_id: str, transition: str, comment: str) -> Plan:
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    PLAN_MACHINE.apply(plan.status, transition, actor.role)
    if plan.branch_id not in actor.branch_ids:
        # A head sees their own plan even outside the branches they head; deciding needs the branch.
        raise PermissionDenied("plan.not_branch_head", params={"id": plan.id})
    if plan.rm_id == actor.user_id:
        raise PermissionDenied("plan.decide_own", params={"id": plan.id})
    comment = comment.strip()
    payload = {"comment": comment, "amends_plan_id": plan.amends_plan_id}
    return _step(session, actor, plan, transition, payload,
                 {"decided_at": utcnow(), "decided_by": actor.user_id, "decision_comment": comment})


def approve_plan(*, session: Session, actor: Actor, plan_id: str, comment: str = "") -> Plan:
    """指导评阅: the head approves. Approving an amendment supersedes the plan it amends, which is kept
    unchanged as the record of what was approved before (see `is_superseded`)."""
    return _decide(session, actor, plan_id, "approve", comment)


def return_plan(*, session: Session, actor: Actor, plan_id: str, comment: str) -> Plan:
    """The head sends the plan back with guidance; the comment is required."""
    if not comment.strip():
        raise ValidationError("plan.comment_required", field="comment")
    return _decide(session, actor, plan_id, "return", comment)


def amend_plan(*, session: Session, actor: Actor, plan_id: str) -> Plan:
    """Start an amendment of an approved plan: a new plan (status amended) with a copy of its items,
    which goes through submit / approve again while the approved plan stays in force."""
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    target = PLAN_MACHINE.apply(plan.status, "amend", actor.role)
    _require_author(actor, plan)
    if is_superseded(session=session, plan=plan):
        raise InvalidTransition("plan.superseded", field="status", params={"id": plan.id})
    open_amendments = _amendments(session, plan.id, approved=False)
    if open_amendments:
        raise Conflict("plan.amendment_open", params={"id": plan.id, "amendment_id": open_amendments[0].id})
    amendment = Plan(rm_id=plan.rm_id, branch_id=plan.branch_id, month=plan.month, status=target,
                     note=plan.note, amends_plan_id=plan.id)
    records.create(session, actor, amendment, audit_detail={"amends_plan_id": plan.id})
    for item in _items(session, plan.id):
        copy = PlanItem(plan_id=amendment.id, client_id=item.client_id, prospect_name=item.prospect_name,
                        goal=item.goal, goal_text=item.goal_text, planned_days=list(item.planned_days),
                        product_ids=list(item.product_ids), status=item.status, delayed_to=item.delayed_to,
                        note=item.note, sort=item.sort)
        records.create(session, actor, copy)
    return amendment


# --- items --------------------------------------------------------------------------------------


def _items(session: Session, plan_id: str) -> list[PlanItem]:
    return list(session.exec(
        select(PlanItem).where(col(PlanItem.plan_id) == plan_id, col(PlanItem.deleted).is_(False))
        .order_by(col(PlanItem.sort), col(PlanItem.id))
    ))


def list_items(*, session: Session, actor: Actor, plan_id: str) -> list[PlanItem]:
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    return _items(session, plan.id)


def _validate_item(session: Session, actor: Actor, plan: Plan, values: dict[str, Any],
                   extra_holidays: Iterable[date], extra_workdays: Iterable[date],
                   previous: PlanItem | None = None) -> dict[str, Any]:
    """Check merged item values; returns them as stored (planned days as sorted ISO strings).

    On an edit, a client or product already on the row is not checked again: a client reassigned since,
    or a product withdrawn from the catalogue, must not block changing the row's other fields.
    """
    out = dict(values)
    if out.get("client_id"):
        if previous is None or out["client_id"] != previous.client_id:
            get_client(session, actor, out["client_id"])
    elif not out.get("prospect_name"):
        raise ValidationError("plan_item.subject_required", field="client_id")
    else:
        out["client_id"] = None
    year, month = parse_month(plan.month)
    allowed = set(working_days(year, month, extra_holidays=extra_holidays, extra_workdays=extra_workdays))
    days: set[date] = set()
    for day in out.get("planned_days") or []:
        if isinstance(day, str):
            day = date.fromisoformat(day)
        if (day.year, day.month) != (year, month):
            raise ValidationError("plan_item.day_outside_month", field="planned_days",
                                  params={"day": day.isoformat(), "month": plan.month})
        if day not in allowed:
            raise ValidationError("plan_item.day_not_working", field="planned_days",
                                  params={"day": day.isoformat()})
        days.add(day)
    out["planned_days"] = [d.isoformat() for d in sorted(days)]
    product_ids = list(dict.fromkeys(out.get("product_ids") or []))
    new_ids = [p for p in product_ids if previous is None or p not in previous.product_ids]
    if new_ids:
        known = set(session.exec(
            select(Product.id).where(col(Product.id).in_(new_ids), col(Product.deleted).is_(False),
                                     col(Product.active).is_(True))
        ))
        for pid in new_ids:
            if pid not in known:
                raise ValidationError("plan_item.product_unknown", field="product_ids", params={"id": pid})
    out["product_ids"] = product_ids
    return out


def add_item(*, session: Session, actor: Actor, plan_id: str, data: PlanItemIn,
             extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()) -> PlanItem:
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    _require_author(actor, plan)
    _require_editable(plan)
    values = _validate_item(session, actor, plan, data.model_dump(), extra_holidays, extra_workdays)
    last = session.exec(
        select(func.max(PlanItem.sort))
        .where(col(PlanItem.plan_id) == plan.id, col(PlanItem.deleted).is_(False))
    ).one()
    item = PlanItem(plan_id=plan.id, sort=(last or 0) + 1, **values)
    return records.create(session, actor, item)


def update_item(*, session: Session, actor: Actor, item_id: str, data: PlanItemUpdate,
                extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()) -> PlanItem:
    item, plan = _get_item(session, actor, item_id)
    _require_author(actor, plan)
    _require_editable(plan)
    changes = data.model_dump(exclude_unset=True)
    for name in ("goal", "goal_text", "planned_days", "product_ids", "note", "sort", "prospect_name"):
        if name in changes and changes[name] is None:
            raise ValidationError("plan_item.field_required", field=name)
    merged = {name: getattr(item, name) for name in PlanItemIn.model_fields}
    merged.update(changes)
    validated = _validate_item(session, actor, plan, merged, extra_holidays, extra_workdays, previous=item)
    if "sort" in changes:
        validated["sort"] = changes["sort"]
    return records.patch(session, actor, item, validated)


def remove_item(*, session: Session, actor: Actor, item_id: str) -> PlanItem:
    item, plan = _get_item(session, actor, item_id)
    _require_author(actor, plan)
    _require_editable(plan)
    return records.delete(session, actor, item)


def delay_item(*, session: Session, actor: Actor, item_id: str, new_date: date,
               extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()) -> PlanItem:
    """延迟至…: record a new deadline on an approved plan. A tracking fact, not a change of the plan,
    so it needs no new approval; it is audited and replayed as a named command."""
    item, plan = _get_item(session, actor, item_id)
    _require_author(actor, plan)
    _require_tracking(session, plan)
    if item.status not in _OPEN_ITEM:
        raise InvalidTransition("plan_item.transition_invalid", field="status",
                                params={"transition": "delay", "from": item.status.value})
    latest = max([date.fromisoformat(d) for d in item.planned_days],
                 default=plan_due_date(plan.month) - timedelta(days=1))
    if item.delayed_to is not None:
        latest = max(latest, item.delayed_to)
    if new_date <= latest:
        raise ValidationError("plan_item.delay_not_later", field="delayed_to",
                              params={"after": latest.isoformat()})
    if not is_working_day(new_date, extra_holidays=extra_holidays, extra_workdays=extra_workdays):
        raise ValidationError("plan_item.day_not_working", field="delayed_to",
                              params={"day": new_date.isoformat()})
    return records.command(session, actor, item, "plan_item.delay",
                           {"plan_id": plan.id, "delayed_to": new_date.isoformat()},
                           {"status": PlanItemStatus.DELAYED, "delayed_to": new_date})


def mark_item_done(*, session: Session, actor: Actor, item_id: str) -> PlanItem:
    item, plan = _get_item(session, actor, item_id)
    _require_author(actor, plan)
    _require_tracking(session, plan)
    if item.status not in _OPEN_ITEM:
        raise InvalidTransition("plan_item.transition_invalid", field="status",
                                params={"transition": "done", "from": item.status.value})
    return records.command(session, actor, item, "plan_item.done", {"plan_id": plan.id},
                           {"status": PlanItemStatus.DONE})


# --- Gantt --------------------------------------------------------------------------------------


def _mark(item: PlanItem, day: date, planned: set[date]) -> CellMark:
    if item.status is PlanItemStatus.CANCELLED:
        return CellMark.EMPTY
    if item.delayed_to == day:
        return CellMark.DONE if item.status is PlanItemStatus.DONE else CellMark.DELAYED_TO
    if day in planned:
        if item.status is PlanItemStatus.DONE:
            return CellMark.DONE
        if item.status is PlanItemStatus.DELAYED:
            return CellMark.DELAYED
        return CellMark.PLANNED
    return CellMark.EMPTY


def build_gantt(plan: Plan, items: list[PlanItem], *, days: list[date], client_labels: dict[str, str],
                product_names: dict[str, str], rm_name: str, superseded: bool) -> GanttView:
    """Lay the items over the month's days; pure, so the screen and the printout draw the same thing."""
    year, month = parse_month(plan.month)
    header: set[date] = set(days)
    for item in items:
        # Never hide a planned date, even one the holiday table later turned into a day off.
        header.update(date.fromisoformat(d) for d in item.planned_days)
        if item.delayed_to and (item.delayed_to.year, item.delayed_to.month) == (year, month):
            header.add(item.delayed_to)
    ordered = sorted(header)
    rows = []
    for item in items:
        planned = {date.fromisoformat(d) for d in item.planned_days}
        label = client_labels.get(item.client_id, "") if item.client_id else item.prospect_name
        rows.append(GanttRow(
            item_id=item.id, label=label, is_prospect=item.client_id is None, goal=item.goal,
            goal_text=item.goal_text, products=[product_names.get(p, p) for p in item.product_ids],
            status=item.status, delayed_to=item.delayed_to, note=item.note,
            cells=[_mark(item, day, planned) for day in ordered]))
    return GanttView(plan_id=plan.id, month=plan.month, due_on=plan_due_date(plan.month), rm_id=plan.rm_id,
                     rm_name=rm_name, status=plan.status, superseded=superseded,
                     amends_plan_id=plan.amends_plan_id, decision_comment=plan.decision_comment,
                     days=ordered, rows=rows)


def gantt(*, session: Session, actor: Actor, plan_id: str, extra_holidays: Iterable[date] = (),
          extra_workdays: Iterable[date] = ()) -> GanttView:
    plan = get_plan(session=session, actor=actor, plan_id=plan_id)
    items = _items(session, plan.id)
    client_ids = [i.client_id for i in items if i.client_id]
    product_ids = sorted({p for i in items for p in i.product_ids})
    labels = {c.id: c.short_name or c.legal_name
              for c in session.exec(select(Client).where(col(Client.id).in_(client_ids)))}
    names = {pid: name for pid, name in session.exec(
        select(Product.id, Product.name).where(col(Product.id).in_(product_ids)))}
    rm = session.get(User, plan.rm_id)
    year, month = parse_month(plan.month)
    days = working_days(year, month, extra_holidays=extra_holidays, extra_workdays=extra_workdays)
    return build_gantt(plan, items, days=days, client_labels=labels, product_names=names,
                       rm_name=rm.display_name if rm else "",
                       superseded=is_superseded(session=session, plan=plan))
