"""Tests for follow-up tasks: creation, ownership, status changes, lists and reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, func, select

from crm.db.engine import session_scope
from crm.domain.enums import OutboxOp, TaskKind, TaskStatus
from crm.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from crm.domain.models import AuditEvent, FollowUpTask, Outbox
from crm.services.tasks import (
    TaskCreate,
    cancel_task,
    complete_task,
    create_task,
    due_and_overdue,
    get_task,
    list_tasks,
    reopen_task,
    reschedule_task,
)

TODAY = date(2026, 3, 10)


def counts(session: Session) -> tuple[int, int]:
    audit = session.exec(select(func.count()).select_from(AuditEvent)).one()
    queued = session.exec(select(func.count()).select_from(Outbox)).one()
    return int(audit), int(queued)


def last_write(session: Session, entity_id: str) -> tuple[str, Outbox]:
    action = session.exec(select(AuditEvent.action).where(col(AuditEvent.entity_id) == entity_id)
                          .order_by(col(AuditEvent.seq).desc())).first()
    row = session.exec(select(Outbox).where(col(Outbox.entity_id) == entity_id)
                       .order_by(col(Outbox.seq).desc())).first()
    assert action is not None and row is not None
    return action, row


def new(session: Session, actor, title: str = "电话回访", due_on: date = TODAY, **kw) -> FollowUpTask:  # type: ignore[no-untyped-def]
    return create_task(session=session, actor=actor, data=TaskCreate(title=title, due_on=due_on, **kw))


def test_create_task_defaults_to_the_actor(session, org, make_client) -> None:
    client = make_client(org.rm)
    before = counts(session)
    task = new(session, org.rm, kind=TaskKind.MATURITY, client_id=client.id, note="定期存款到期")
    session.commit()
    assert (task.owner_id, task.client_id, task.kind, task.status) == (
        org.rm.user_id, client.id, TaskKind.MATURITY, TaskStatus.OPEN)
    assert counts(session) == (before[0] + 1, before[1] + 1)
    action, row = last_write(session, task.id)
    assert action == "task.create" and row.op is OutboxOp.CREATE and row.payload["title"] == "电话回访"


def test_create_task_refusals(session, org, make_client) -> None:
    theirs = make_client(org.rm2)
    before = counts(session)
    with pytest.raises(NotFound):
        new(session, org.rm, client_id=theirs.id)
    with pytest.raises(PermissionDenied) as exc:
        new(session, org.rm, owner_id=org.rm2.user_id)
    assert exc.value.code == "task.assign_requires_head"
    with pytest.raises(ValidationError) as exc:
        new(session, org.head, owner_id=org.other_head.user_id)
    assert (exc.value.code, exc.value.field) == ("task.owner_invalid", "owner_id")
    with pytest.raises(ValidationError) as exc:
        new(session, org.rm, title="   ")
    assert exc.value.code == "task.title_required"
    with pytest.raises(PermissionDenied) as exc:
        new(session, org.admin)
    assert exc.value.code == "permission.role"
    assert counts(session) == before


def test_branch_head_gives_a_task_to_a_branch_rm(session, org) -> None:
    task = new(session, org.head, owner_id=org.rm.user_id, title="核查担保物")
    assert task.owner_id == org.rm.user_id
    assert [t.id for t in list_tasks(session=session, actor=org.rm)] == [task.id]


def test_complete_reopen_cancel_reschedule(session, org) -> None:
    task = new(session, org.rm)
    session.commit()

    before = counts(session)
    complete_task(session=session, actor=org.rm, task_id=task.id, note="已电话确认")
    assert task.status is TaskStatus.DONE and task.done_at is not None and task.note == "已电话确认"
    action, row = last_write(session, task.id)
    assert action == "task.update" and row.op is OutboxOp.PATCH
    assert set(row.payload) == {"status", "done_at", "note"} and row.payload["status"] == "done"
    assert counts(session) == (before[0] + 1, before[1] + 1)

    reopen_task(session=session, actor=org.rm, task_id=task.id)
    assert task.status is TaskStatus.OPEN and task.done_at is None

    reschedule_task(session=session, actor=org.rm, task_id=task.id, due_on=TODAY + timedelta(days=5))
    assert task.due_on == date(2026, 3, 15)
    assert last_write(session, task.id)[1].payload == {"due_on": "2026-03-15"}

    cancel_task(session=session, actor=org.rm, task_id=task.id)
    assert task.status is TaskStatus.CANCELLED
    reopen_task(session=session, actor=org.rm, task_id=task.id)
    assert task.status is TaskStatus.OPEN


@pytest.mark.parametrize(("status", "allowed"), [
    (TaskStatus.OPEN, {"complete", "cancel", "reschedule"}),
    (TaskStatus.DONE, {"reopen"}),
    (TaskStatus.CANCELLED, {"reopen"}),
])
def test_transition_table(session, org, status, allowed) -> None:
    actions = {
        "complete": lambda tid: complete_task(session=session, actor=org.rm, task_id=tid),
        "cancel": lambda tid: cancel_task(session=session, actor=org.rm, task_id=tid),
        "reopen": lambda tid: reopen_task(session=session, actor=org.rm, task_id=tid),
        "reschedule": lambda tid: reschedule_task(session=session, actor=org.rm, task_id=tid, due_on=TODAY),
    }
    for name, run in actions.items():
        task = new(session, org.rm, due_on=TODAY - timedelta(days=1))
        if status is TaskStatus.DONE:
            complete_task(session=session, actor=org.rm, task_id=task.id)
        elif status is TaskStatus.CANCELLED:
            cancel_task(session=session, actor=org.rm, task_id=task.id)
        if name in allowed:
            run(task.id)
        else:
            before = counts(session)
            with pytest.raises(InvalidTransition) as exc:
                run(task.id)
            assert exc.value.code == "task.transition_invalid"
            assert exc.value.params["transition"] == name
            assert counts(session) == before


def test_who_may_change_a_task(session, org) -> None:
    task = new(session, org.rm)
    with pytest.raises(NotFound) as exc:
        complete_task(session=session, actor=org.rm2, task_id=task.id)
    assert exc.value.code == "task.not_found"
    for actor in (org.other_head, org.admin):
        with pytest.raises(NotFound):
            reschedule_task(session=session, actor=actor, task_id=task.id, due_on=TODAY)
    # the branch head may move or cancel a branch RM's task but completing it is the owner's fact
    with pytest.raises(PermissionDenied) as denied:
        complete_task(session=session, actor=org.head, task_id=task.id)
    assert denied.value.code == "task.not_owner"
    reschedule_task(session=session, actor=org.head, task_id=task.id, due_on=TODAY + timedelta(days=1))
    cancel_task(session=session, actor=org.head, task_id=task.id)
    assert get_task(session=session, actor=org.head, task_id=task.id).status is TaskStatus.CANCELLED
    # an RM cannot touch the head's own tasks
    mine = new(session, org.head)
    with pytest.raises(NotFound):
        cancel_task(session=session, actor=org.rm, task_id=mine.id)


def test_list_tasks_filters_and_scope(session, org, make_client) -> None:
    client = make_client(org.rm)
    t1 = new(session, org.rm, title="a", due_on=date(2026, 3, 1), client_id=client.id)
    t2 = new(session, org.rm, title="b", due_on=date(2026, 3, 10))
    t3 = new(session, org.rm, title="c", due_on=date(2026, 3, 20))
    t4 = new(session, org.rm2, title="d", due_on=date(2026, 3, 5))
    t5 = new(session, org.other_head, title="e", due_on=date(2026, 3, 5))
    complete_task(session=session, actor=org.rm, task_id=t2.id)

    def ids(actor, **kw):  # type: ignore[no-untyped-def]
        return [t.id for t in list_tasks(session=session, actor=actor, **kw)]

    assert ids(org.rm) == [t1.id, t2.id, t3.id]
    assert ids(org.rm2) == [t4.id]
    assert ids(org.head) == [t1.id, t4.id, t2.id, t3.id]
    assert ids(org.other_head) == [t5.id]
    assert ids(org.rm, due_before=date(2026, 3, 10)) == [t1.id]
    assert ids(org.rm, status=TaskStatus.DONE) == [t2.id]
    assert ids(org.rm, overdue_as_of=date(2026, 3, 11)) == [t1.id]
    assert ids(org.head, owner_id=org.rm2.user_id) == [t4.id]
    assert ids(org.rm, client_id=client.id) == [t1.id]


def test_due_and_overdue(session, org) -> None:
    overdue_a = new(session, org.rm, due_on=TODAY - timedelta(days=3))
    overdue_b = new(session, org.rm, due_on=TODAY - timedelta(days=1))
    today_a = new(session, org.rm, due_on=TODAY)
    new(session, org.rm, due_on=TODAY + timedelta(days=1))
    finished = new(session, org.rm, due_on=TODAY)
    complete_task(session=session, actor=org.rm, task_id=finished.id)
    new(session, org.rm2, due_on=TODAY)  # someone else's
    new(session, org.head, owner_id=org.rm.user_id, due_on=TODAY - timedelta(days=10), title="核查")
    due, overdue = due_and_overdue(session=session, actor=org.rm, today=TODAY)
    assert [t.id for t in due] == [today_a.id]
    assert overdue[0].title == "核查"
    assert [t.id for t in overdue[1:]] == [overdue_a.id, overdue_b.id]
    # the head's reminder list holds only the head's own tasks, not the branch's
    assert due_and_overdue(session=session, actor=org.head, today=TODAY) == ([], [])


def test_a_failing_unit_of_work_leaves_nothing(workspace, session, org) -> None:
    task = new(session, org.rm)
    session.commit()
    before = counts(session)
    session.rollback()
    with pytest.raises(InvalidTransition), session_scope(workspace.engine) as uow:
        complete_task(session=uow, actor=org.rm, task_id=task.id)
        reschedule_task(session=uow, actor=org.rm, task_id=task.id, due_on=TODAY)  # done: refused
    with Session(workspace.engine) as fresh:
        assert counts(fresh) == before
        assert fresh.get(FollowUpTask, task.id).status is TaskStatus.OPEN
