"""Follow-up tasks: create, complete, reopen, cancel, reschedule, and the due-today / overdue lists."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ConfigDict
from sqlmodel import Session, col, or_, select

from crm.domain.enums import Role, TaskKind, TaskStatus
from crm.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from crm.domain.models import FollowUpTask, User
from crm.domain.types import utcnow
from crm.services import records
from crm.services.context import Actor, get_client
from crm.services.schema import Schema

# name -> (statuses it may start from, status it leads to); tasks have no role rules beyond ownership.
_TRANSITIONS: dict[str, tuple[frozenset[TaskStatus], TaskStatus]] = {
    "complete": (frozenset({TaskStatus.OPEN}), TaskStatus.DONE),
    "cancel": (frozenset({TaskStatus.OPEN}), TaskStatus.CANCELLED),
    "reopen": (frozenset({TaskStatus.DONE, TaskStatus.CANCELLED}), TaskStatus.OPEN),
    "reschedule": (frozenset({TaskStatus.OPEN}), TaskStatus.OPEN),
}


class TaskCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: str
    due_on: date
    kind: TaskKind = TaskKind.FOLLOW_UP
    client_id: str | None = None
    owner_id: str | None = None  # default: the actor; a branch head may give a task to a branch RM
    note: str = ""


def _task_scope(actor: Actor) -> Any:
    """Tasks the actor may see: their own; a branch head also those of their branches' staff."""
    own = col(FollowUpTask.owner_id) == actor.user_id
    if actor.role is Role.BRANCH_HEAD:
        staff = select(User.id).where(col(User.branch_id).in_(actor.branch_ids))
        return or_(own, col(FollowUpTask.owner_id).in_(staff))
    return own


def get_task(*, session: Session, actor: Actor, task_id: str) -> FollowUpTask:
    task = session.exec(
        select(FollowUpTask).where(col(FollowUpTask.id) == task_id, col(FollowUpTask.deleted).is_(False),
                                   _task_scope(actor))
    ).first()
    if task is None:
        raise NotFound("task.not_found", params={"id": task_id})
    return task


def _check_owner(session: Session, actor: Actor, owner_id: str) -> None:
    if owner_id == actor.user_id:
        return
    if not actor.is_branch_head:
        raise PermissionDenied("task.assign_requires_head", field="owner_id")
    owner = session.get(User, owner_id)
    if owner is None or owner.deleted or not owner.active or owner.branch_id not in actor.branch_ids:
        raise ValidationError("task.owner_invalid", field="owner_id", params={"owner_id": owner_id})


def _step(task: FollowUpTask, name: str) -> TaskStatus:
    sources, target = _TRANSITIONS[name]
    if task.status not in sources:
        raise InvalidTransition("task.transition_invalid", field="status",
                                params={"transition": name, "from": task.status.value, "to": target.value})
    return target


def _editable(session: Session, actor: Actor, task_id: str, *, owner_only: bool = False) -> FollowUpTask:
    """The owner edits a task; the head who sees it may reschedule, cancel or reopen it, not complete it."""
    task = get_task(session=session, actor=actor, task_id=task_id)
    if task.owner_id != actor.user_id and (owner_only or not actor.is_branch_head):
        raise PermissionDenied("task.not_owner", params={"id": task.id})
    return task


def create_task(*, session: Session, actor: Actor, data: TaskCreate) -> FollowUpTask:
    actor.require(Role.RM, Role.BRANCH_HEAD, action="task.create")
    if not data.title:
        raise ValidationError("task.title_required", field="title")
    owner_id = data.owner_id or actor.user_id
    _check_owner(session, actor, owner_id)
    if data.client_id is not None:
        get_client(session, actor, data.client_id)
    task = FollowUpTask(title=data.title, due_on=data.due_on, kind=data.kind, client_id=data.client_id,
                        owner_id=owner_id, note=data.note)
    return records.create(session, actor, task)


def complete_task(*, session: Session, actor: Actor, task_id: str, note: str | None = None) -> FollowUpTask:
    task = _editable(session, actor, task_id, owner_only=True)
    changes: dict[str, Any] = {"status": _step(task, "complete"), "done_at": utcnow()}
    if note is not None:
        changes["note"] = note.strip()
    return records.patch(session, actor, task, changes)


def cancel_task(*, session: Session, actor: Actor, task_id: str) -> FollowUpTask:
    task = _editable(session, actor, task_id)
    return records.patch(session, actor, task, {"status": _step(task, "cancel")})


def reopen_task(*, session: Session, actor: Actor, task_id: str) -> FollowUpTask:
    task = _editable(session, actor, task_id)
    return records.patch(session, actor, task, {"status": _step(task, "reopen"), "done_at": None})


def reschedule_task(*, session: Session, actor: Actor, task_id: str, due_on: date) -> FollowUpTask:
    task = _editable(session, actor, task_id)
    _step(task, "reschedule")
    return records.patch(session, actor, task, {"due_on": due_on})


def list_tasks(*, session: Session, actor: Actor, due_before: date | None = None,
               status: TaskStatus | None = None, overdue_as_of: date | None = None,
               owner_id: str | None = None, client_id: str | None = None,
               offset: int = 0, limit: int = 500) -> list[FollowUpTask]:
    """Tasks in scope, earliest due first.

    `due_before` is exclusive; `overdue_as_of` keeps open tasks due before that day.
    """
    stmt = select(FollowUpTask).where(col(FollowUpTask.deleted).is_(False), _task_scope(actor))
    if due_before is not None:
        stmt = stmt.where(col(FollowUpTask.due_on) < due_before)
    if status is not None:
        stmt = stmt.where(col(FollowUpTask.status) == status)
    if overdue_as_of is not None:
        stmt = stmt.where(col(FollowUpTask.status) == TaskStatus.OPEN,
                          col(FollowUpTask.due_on) < overdue_as_of)
    if owner_id is not None:
        stmt = stmt.where(col(FollowUpTask.owner_id) == owner_id)
    if client_id is not None:
        stmt = stmt.where(col(FollowUpTask.client_id) == client_id)
    stmt = stmt.order_by(col(FollowUpTask.due_on), col(FollowUpTask.id)).offset(offset).limit(limit)
    return list(session.exec(stmt))


def due_and_overdue(*, session: Session, actor: Actor,
                    today: date) -> tuple[list[FollowUpTask], list[FollowUpTask]]:
    """The actor's own open tasks: (due today, overdue) — the home-screen reminder lists."""
    stmt = select(FollowUpTask).where(
        col(FollowUpTask.deleted).is_(False), col(FollowUpTask.owner_id) == actor.user_id,
        col(FollowUpTask.status) == TaskStatus.OPEN, col(FollowUpTask.due_on) <= today,
    ).order_by(col(FollowUpTask.due_on), col(FollowUpTask.id))
    due_today: list[FollowUpTask] = []
    overdue: list[FollowUpTask] = []
    for task in session.exec(stmt):
        (due_today if task.due_on == today else overdue).append(task)
    return due_today, overdue
