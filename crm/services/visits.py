"""Visit records (目标客户拓展记录表): log and edit a visit, branch-head review (点评), lists and timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import ConfigDict, Field
from sqlmodel import Session, col, func, or_, select

from crm.domain.enums import Role, TaskKind, VisitMode
from crm.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from crm.domain.models import Client, Contact, FollowUpTask, User, Visit
from crm.domain.types import utcnow
from crm.services import records
from crm.services.context import Actor, get_client
from crm.services.schema import Schema

SATISFACTION_MIN = 1
SATISFACTION_MAX = 5
# A completed visit dated tomorrow is tolerated (late-evening entry across a time-zone or date change);
# anything later is a typo or a plan, not a visit that happened.
FUTURE_TOLERANCE = timedelta(days=1)

_TEXT_FIELDS = ("overview", "purpose", "contact_name", "likely_needs", "likely_objections", "approach",
                "contact_met", "information", "goal_reason", "next_steps")
# Outcome fields only make sense once the visit took place.
_OUTCOME_FIELDS = ("goal_reached", "satisfaction")


class ActionIn(Schema):
    """One action agreed at the visit; it becomes a dated follow-up task owned by the visiting RM."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str
    due_on: date
    kind: TaskKind = TaskKind.FOLLOW_UP
    note: str = ""


class VisitCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    client_id: str
    visit_on: date
    mode: VisitMode = VisitMode.ON_SITE
    # before (客户拜访前假设)
    overview: str = ""
    purpose: str = ""
    contact_id: str | None = None
    contact_name: str = ""
    likely_needs: str = ""
    likely_objections: str = ""
    approach: str = ""
    # during / after (客户拜访中)
    completed: bool = False
    contact_met: str = ""
    information: str = ""
    goal_reached: bool | None = None
    goal_reason: str = ""
    next_steps: str = ""
    satisfaction: int | None = None  # 1..5, checked by the service so the error is coded
    actions: list[ActionIn] = Field(default_factory=list)


class VisitUpdate(Schema):
    """Only the fields set are changed; `actions` are new follow-ups added to the visit."""

    model_config = ConfigDict(str_strip_whitespace=True)

    visit_on: date | None = None
    mode: VisitMode | None = None
    overview: str | None = None
    purpose: str | None = None
    contact_id: str | None = None
    contact_name: str | None = None
    likely_needs: str | None = None
    likely_objections: str | None = None
    approach: str | None = None
    completed: bool | None = None
    contact_met: str | None = None
    information: str | None = None
    goal_reached: bool | None = None
    goal_reason: str | None = None
    next_steps: str | None = None
    satisfaction: int | None = None
    actions: list[ActionIn] = Field(default_factory=list)


class VisitRow(Schema):
    id: str
    client_id: str
    client_name: str
    rm_id: str
    rm_name: str
    visit_on: date
    mode: VisitMode
    purpose: str
    completed: bool
    goal_reached: bool | None
    satisfaction: int | None
    reviewed: bool
    review_comment: str


@dataclass(frozen=True)
class TimelineEntry:
    """One visit of a client with the follow-up tasks it produced."""

    visit: Visit
    tasks: tuple[FollowUpTask, ...]


# --- validation ---------------------------------------------------------------------------------


def _today(today: date | None) -> date:
    return today if today is not None else date.today()


def _validate(session: Session, client: Client, values: dict[str, Any], today: date) -> dict[str, Any]:
    """Check the merged visit values; returns the changes to apply on top (contact name filled in)."""
    extra: dict[str, Any] = {}
    satisfaction = values.get("satisfaction")
    if satisfaction is not None and not SATISFACTION_MIN <= satisfaction <= SATISFACTION_MAX:
        raise ValidationError("visit.satisfaction_range", field="satisfaction",
                              params={"min": SATISFACTION_MIN, "max": SATISFACTION_MAX,
                                      "value": satisfaction})
    if values["completed"]:
        latest = today + FUTURE_TOLERANCE
        if values["visit_on"] > latest:
            raise ValidationError("visit.date_in_future", field="visit_on",
                                  params={"latest": latest.isoformat()})
        if values.get("goal_reached") is False and not values.get("goal_reason"):
            # The form asks why a goal was missed; that reason is what the head reviews.
            raise ValidationError("visit.goal_reason_required", field="goal_reason")
    else:
        for name in _OUTCOME_FIELDS:
            if values.get(name) is not None:
                raise ValidationError("visit.outcome_before_completion", field=name)
    contact_id = values.get("contact_id")
    if contact_id:
        contact = session.get(Contact, contact_id)
        if contact is None or contact.deleted or contact.client_id != client.id:
            raise ValidationError("visit.contact_not_of_client", field="contact_id",
                                  params={"contact_id": contact_id})
        if not values.get("contact_name"):
            extra["contact_name"] = contact.name
    return extra


def _validate_actions(actions: list[ActionIn], visit_on: date) -> None:
    for i, action in enumerate(actions):
        if not action.title:
            raise ValidationError("task.title_required", field=f"actions[{i}].title")
        if action.due_on < visit_on:
            raise ValidationError("task.due_before_visit", field=f"actions[{i}].due_on",
                                  params={"visit_on": visit_on.isoformat()})


def _create_tasks(session: Session, actor: Actor, visit: Visit, actions: list[ActionIn]) -> None:
    for action in actions:
        records.create(session, actor, FollowUpTask(
            client_id=visit.client_id, visit_id=visit.id, owner_id=visit.rm_id, kind=action.kind,
            title=action.title, due_on=action.due_on, note=action.note))


def _touch_last_visit(session: Session, actor: Actor, client: Client, visit_on: date) -> None:
    # Only ever moved forward: this device may not hold every visit of the client (other RMs', older
    # ones), so recomputing a maximum locally could wrongly move the date back.
    if client.last_visit_on is None or visit_on > client.last_visit_on:
        records.patch(session, actor, client, {"last_visit_on": visit_on})


# --- use cases ----------------------------------------------------------------------------------


def log_visit(*, session: Session, actor: Actor, data: VisitCreate, today: date | None = None) -> Visit:
    """Record a visit (planned or completed) by the acting RM or branch head, with its follow-ups."""
    actor.require(Role.RM, Role.BRANCH_HEAD, action="visit.log")
    client = get_client(session, actor, data.client_id, for_edit=True)
    values = data.model_dump(exclude={"actions"})
    values.update(_validate(session, client, values, _today(today)))
    _validate_actions(data.actions, data.visit_on)
    visit = records.create(session, actor, Visit(rm_id=actor.user_id, **values),
                           audit_detail={"client_id": client.id, "actions": len(data.actions)})
    _create_tasks(session, actor, visit, data.actions)
    if visit.completed:
        _touch_last_visit(session, actor, client, visit.visit_on)
    return visit


def update_visit(*, session: Session, actor: Actor, visit_id: str, data: VisitUpdate,
                 today: date | None = None) -> Visit:
    """The author edits their record until the branch head has reviewed it; the review closes it."""
    visit = get_visit(session=session, actor=actor, visit_id=visit_id)
    if visit.rm_id != actor.user_id:
        raise PermissionDenied("visit.not_author", params={"id": visit.id})
    if visit.reviewed_by is not None:
        # The head commented on what was written; changing it afterwards would falsify the review.
        raise InvalidTransition("visit.reviewed_locked", field="reviewed_by", params={"id": visit.id})
    changes = data.model_dump(exclude_unset=True, exclude={"actions"})
    if visit.completed and changes.get("completed") is False:
        raise InvalidTransition("visit.uncomplete", field="completed", params={"id": visit.id})
    if "contact_id" in changes and "contact_name" not in changes:
        changes["contact_name"] = ""  # refilled from the new contact below
    for name in ("visit_on", "mode", "completed", *_TEXT_FIELDS):
        if name in changes and changes[name] is None:
            raise ValidationError("visit.field_required", field=name)
    client = session.get(Client, visit.client_id)
    assert client is not None  # a visit's client row is never hard-deleted
    merged = {name: getattr(visit, name) for name in VisitCreate.model_fields if name != "actions"}
    merged.update(changes)
    changes.update(_validate(session, client, merged, _today(today)))
    _validate_actions(data.actions, merged["visit_on"])
    records.patch(session, actor, visit, changes)
    _create_tasks(session, actor, visit, data.actions)
    if visit.completed:
        _touch_last_visit(session, actor, client, visit.visit_on)
    return visit


def review_visit(*, session: Session, actor: Actor, visit_id: str, comment: str) -> Visit:
    """网点负责人点评: the head of the client's branch writes key points for the next visit."""
    actor.require(Role.BRANCH_HEAD, action="visit.review")
    visit = get_visit(session=session, actor=actor, visit_id=visit_id)
    if visit.rm_id == actor.user_id:
        raise PermissionDenied("visit.review_own", params={"id": visit.id})
    if not visit.completed:
        raise InvalidTransition("visit.not_completed", field="completed", params={"id": visit.id})
    comment = comment.strip()
    if not comment:
        raise ValidationError("visit.review_comment_required", field="comment")
    return records.command(session, actor, visit, "visit.review", {"comment": comment},
                           {"review_comment": comment, "reviewed_by": actor.user_id, "reviewed_at": utcnow()})


def get_visit(*, session: Session, actor: Actor, visit_id: str) -> Visit:
    row = session.exec(
        select(Visit).join(Client, col(Visit.client_id) == col(Client.id))
        .where(col(Visit.id) == visit_id, col(Visit.deleted).is_(False), _visit_scope(actor))
    ).first()
    if row is None:
        raise NotFound("visit.not_found", params={"id": visit_id})
    return row


def _visit_scope(actor: Actor) -> Any:
    """Visits the actor may read (query joined with Client): an RM their own visits and their clients'
    visits, a branch head every visit of their branches' clients, an administrator none."""
    if actor.role is Role.BRANCH_HEAD:
        return col(Client.branch_id).in_(actor.branch_ids)
    if actor.role is Role.RM:
        return or_(col(Visit.rm_id) == actor.user_id, col(Client.owner_id) == actor.user_id,
                   col(Client.maintainer_id) == actor.user_id)
    return sa.false()


def list_visits(*, session: Session, actor: Actor, client_id: str | None = None, rm_id: str | None = None,
                date_from: date | None = None, date_to: date | None = None,
                awaiting_review: bool | None = None, offset: int = 0, limit: int = 100) -> list[VisitRow]:
    """Visits in scope, newest first. `awaiting_review`: True = completed and not yet reviewed,
    False = reviewed; dates are inclusive."""
    stmt = (
        select(Visit, Client.legal_name, Client.short_name, User.display_name)
        .join(Client, col(Visit.client_id) == col(Client.id))
        .join(User, col(Visit.rm_id) == col(User.id))
        .where(col(Visit.deleted).is_(False), _visit_scope(actor))
    )
    if client_id is not None:
        stmt = stmt.where(col(Visit.client_id) == client_id)
    if rm_id is not None:
        stmt = stmt.where(col(Visit.rm_id) == rm_id)
    if date_from is not None:
        stmt = stmt.where(col(Visit.visit_on) >= date_from)
    if date_to is not None:
        stmt = stmt.where(col(Visit.visit_on) <= date_to)
    if awaiting_review is True:
        stmt = stmt.where(col(Visit.completed).is_(True), col(Visit.reviewed_by).is_(None))
    elif awaiting_review is False:
        stmt = stmt.where(col(Visit.reviewed_by).is_not(None))
    stmt = stmt.order_by(col(Visit.visit_on).desc(), col(Visit.id).desc()).offset(offset).limit(limit)
    return [
        VisitRow(id=v.id, client_id=v.client_id, client_name=short or legal, rm_id=v.rm_id, rm_name=rm_name,
                 visit_on=v.visit_on, mode=v.mode, purpose=v.purpose, completed=v.completed,
                 goal_reached=v.goal_reached, satisfaction=v.satisfaction,
                 reviewed=v.reviewed_by is not None, review_comment=v.review_comment)
        for v, legal, short, rm_name in session.exec(stmt)
    ]


def count_awaiting_review(*, session: Session, actor: Actor, at_most: int) -> int:
    """Completed visits in scope that the actor may review (not their own) and nobody has yet, counted no
    further than ``at_most``: a result equal to ``at_most`` means that many or more. Unordered, so the
    count stops at the ``at_most``-th match rather than sorting every waiting visit (most are)."""
    stmt = (
        select(col(Visit.id))
        .join(Client, col(Visit.client_id) == col(Client.id))
        .join(User, col(Visit.rm_id) == col(User.id))
        .where(col(Visit.deleted).is_(False), _visit_scope(actor), col(Visit.completed).is_(True),
               col(Visit.reviewed_by).is_(None), col(Visit.rm_id) != actor.user_id)
        .limit(at_most)
    )
    return int(session.exec(select(func.count()).select_from(stmt.subquery())).one())


def visit_timeline(*, session: Session, actor: Actor, client_id: str) -> list[TimelineEntry]:
    """Every visit of one client, newest first, each with its follow-up tasks (跟进记录)."""
    get_client(session, actor, client_id)
    visits = list(session.exec(
        select(Visit).where(col(Visit.client_id) == client_id, col(Visit.deleted).is_(False))
        .order_by(col(Visit.visit_on).desc(), col(Visit.id).desc())
    ))
    tasks: dict[str, list[FollowUpTask]] = {v.id: [] for v in visits}
    if visits:
        for task in session.exec(
            select(FollowUpTask).where(col(FollowUpTask.visit_id).in_(list(tasks)),
                                       col(FollowUpTask.deleted).is_(False))
            .order_by(col(FollowUpTask.due_on), col(FollowUpTask.id))
        ):
            assert task.visit_id is not None
            tasks[task.visit_id].append(task)
    return [TimelineEntry(visit=v, tasks=tuple(tasks[v.id])) for v in visits]
