"""Tests for visit records: logging, follow-ups, editing, branch-head review, scope and lists."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from crm.db.engine import session_scope
from crm.domain.enums import OutboxOp, TaskKind, TaskStatus, VisitMode
from crm.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from crm.domain.models import AuditEvent, Client, Contact, FollowUpTask, Outbox, Visit
from crm.services import outbox as outbox_module
from crm.services.visits import (
    ActionIn,
    VisitCreate,
    VisitUpdate,
    count_awaiting_review,
    get_visit,
    list_visits,
    log_visit,
    review_visit,
    update_visit,
    visit_timeline,
)

TODAY = date(2026, 3, 10)


def counts(session: Session) -> tuple[int, int]:
    audit = session.exec(select(func.count()).select_from(AuditEvent)).one()
    queued = session.exec(select(func.count()).select_from(Outbox)).one()
    return int(audit), int(queued)


def outbox_for(session: Session, entity_id: str) -> list[Outbox]:
    stmt = select(Outbox).where(col(Outbox.entity_id) == entity_id).order_by(col(Outbox.seq))
    return list(session.exec(stmt))


def audit_for(session: Session, entity_id: str) -> list[str]:
    stmt = select(AuditEvent.action).where(col(AuditEvent.entity_id) == entity_id)
    return list(session.exec(stmt.order_by(col(AuditEvent.seq))))


def form(client: Client, **overrides: Any) -> VisitCreate:
    values: dict[str, Any] = {
        "client_id": client.id, "visit_on": TODAY, "mode": VisitMode.ON_SITE,
        "overview": "制造业客户, 年销售约2亿", "purpose": "了解结算需求", "likely_needs": "代发工资",
        "likely_objections": "已有他行账户", "approach": "以代发切入",
        "completed": True, "contact_met": "财务总监", "information": "明年扩产",
        "goal_reached": True, "goal_reason": "同意开立一般户", "next_steps": "准备开户资料",
        "satisfaction": 4,
    }
    values.update(overrides)
    return VisitCreate(**values)


@pytest.fixture
def client(make_client, org):  # type: ignore[no-untyped-def]
    return make_client(org.rm, name="上海恒通机械有限公司")


@pytest.fixture
def contact(session: Session, client: Client) -> Contact:
    row = Contact(client_id=client.id, name="陈静", title="财务总监", phones=["13800138000"])
    session.add(row)
    session.commit()
    return row


# --- logging ------------------------------------------------------------------------------------


def test_log_completed_visit_writes_visit_tasks_and_last_visit(session, org, client, contact) -> None:
    before = counts(session)
    data = form(client, contact_id=contact.id, actions=[
        ActionIn(title="送开户资料清单", due_on=TODAY + timedelta(days=3)),
        ActionIn(title="复核代发方案", due_on=TODAY + timedelta(days=7), kind=TaskKind.RETURN_VISIT),
    ])
    visit = log_visit(session=session, actor=org.rm, data=data, today=TODAY)
    session.commit()

    assert visit.rm_id == org.rm.user_id
    assert visit.contact_name == "陈静"  # filled from the chosen contact
    assert visit.satisfaction == 4 and visit.completed
    tasks = session.exec(select(FollowUpTask).where(col(FollowUpTask.visit_id) == visit.id)
                         .order_by(col(FollowUpTask.due_on))).all()
    assert [(t.title, t.due_on, t.kind) for t in tasks] == [
        ("送开户资料清单", date(2026, 3, 13), TaskKind.FOLLOW_UP),
        ("复核代发方案", date(2026, 3, 17), TaskKind.RETURN_VISIT),
    ]
    expected = (org.rm.user_id, client.id, TaskStatus.OPEN)
    assert {(t.owner_id, t.client_id, t.status) for t in tasks} == {expected}
    assert session.get(Client, client.id).last_visit_on == TODAY

    # visit + 2 tasks + the client's last-visit date: four audited, queued writes
    assert counts(session) == (before[0] + 4, before[1] + 4)
    assert audit_for(session, visit.id) == ["visit.create"]
    assert [(o.op, o.entity) for o in outbox_for(session, visit.id)] == [(OutboxOp.CREATE, "visit")]
    client_rows = outbox_for(session, client.id)
    assert [(o.op, o.payload) for o in client_rows] == [(OutboxOp.PATCH, {"last_visit_on": "2026-03-10"})]
    assert audit_for(session, client.id) == ["client.update"]
    for task in tasks:
        assert audit_for(session, task.id) == ["task.create"]
        assert outbox_for(session, task.id)[0].op is OutboxOp.CREATE


def test_planned_visit_may_be_in_the_future_and_leaves_last_visit(session, org, client) -> None:
    data = VisitCreate(client_id=client.id, visit_on=TODAY + timedelta(days=20), purpose="首次拜访")
    visit = log_visit(session=session, actor=org.rm, data=data, today=TODAY)
    assert not visit.completed
    assert session.get(Client, client.id).last_visit_on is None


def test_last_visit_only_moves_forward(session, org, client) -> None:
    log_visit(session=session, actor=org.rm, data=form(client), today=TODAY)
    earlier = form(client, visit_on=TODAY - timedelta(days=9))
    log_visit(session=session, actor=org.rm, data=earlier, today=TODAY)
    assert session.get(Client, client.id).last_visit_on == TODAY


@pytest.mark.parametrize("satisfaction", [1, 5, None])
def test_satisfaction_bounds_accepted(session, org, client, satisfaction) -> None:
    data = form(client, satisfaction=satisfaction)
    visit = log_visit(session=session, actor=org.rm, data=data, today=TODAY)
    assert visit.satisfaction == satisfaction


def test_tomorrow_is_tolerated_for_a_completed_visit(session, org, client) -> None:
    visit = log_visit(session=session, actor=org.rm, data=form(client, visit_on=TODAY + timedelta(days=1)),
                      today=TODAY)
    assert visit.visit_on == date(2026, 3, 11)


@pytest.mark.parametrize(("overrides", "code", "field"), [
    ({"satisfaction": 0}, "visit.satisfaction_range", "satisfaction"),
    ({"satisfaction": 6}, "visit.satisfaction_range", "satisfaction"),
    ({"visit_on": TODAY + timedelta(days=2)}, "visit.date_in_future", "visit_on"),
    ({"goal_reached": False, "goal_reason": ""}, "visit.goal_reason_required", "goal_reason"),
    ({"completed": False}, "visit.outcome_before_completion", "goal_reached"),
    ({"completed": False, "goal_reached": None}, "visit.outcome_before_completion", "satisfaction"),
    ({"contact_id": "no-such-contact"}, "visit.contact_not_of_client", "contact_id"),
    ({"actions": [ActionIn(title="  ", due_on=TODAY)]}, "task.title_required", "actions[0].title"),
    ({"actions": [ActionIn(title="回访", due_on=TODAY - timedelta(days=1))]}, "task.due_before_visit",
     "actions[0].due_on"),
])
def test_invalid_visit_is_refused_and_writes_nothing(session, org, client, overrides, code, field) -> None:
    before = counts(session)
    with pytest.raises(ValidationError) as exc:
        log_visit(session=session, actor=org.rm, data=form(client, **overrides), today=TODAY)
    assert (exc.value.code, exc.value.field) == (code, field)
    assert counts(session) == before
    assert session.exec(select(func.count()).select_from(Visit)).one() == 0


def test_contact_must_belong_to_the_client(session, org, client, make_client) -> None:
    other = make_client(org.rm)
    stranger = Contact(client_id=other.id, name="路人")
    session.add(stranger)
    session.commit()
    with pytest.raises(ValidationError) as exc:
        log_visit(session=session, actor=org.rm, data=form(client, contact_id=stranger.id), today=TODAY)
    assert exc.value.code == "visit.contact_not_of_client"


def test_scope_and_roles_for_logging(session, org, client, make_client) -> None:
    # another RM's client looks missing
    with pytest.raises(NotFound) as exc:
        log_visit(session=session, actor=org.rm2, data=form(client), today=TODAY)
    assert exc.value.code == "client.not_found"
    # another branch's client, even pooled, looks missing too
    far = make_client(None, branch=org.other_branch)
    with pytest.raises(NotFound):
        log_visit(session=session, actor=org.rm, data=form(far), today=TODAY)
    # a pooled client of the branch is visible but must be claimed first
    pooled = make_client(None)
    with pytest.raises(PermissionDenied) as denied:
        log_visit(session=session, actor=org.rm, data=form(pooled), today=TODAY)
    assert denied.value.code == "client.not_owner"
    with pytest.raises(PermissionDenied) as admin:
        log_visit(session=session, actor=org.admin, data=form(client), today=TODAY)
    assert admin.value.code == "permission.role"
    with pytest.raises(NotFound):
        log_visit(session=session, actor=org.other_head, data=form(client), today=TODAY)
    # the branch head visits clients of the branch too
    visit = log_visit(session=session, actor=org.head, data=form(client), today=TODAY)
    assert visit.rm_id == org.head.user_id


# --- editing ------------------------------------------------------------------------------------


def test_author_completes_a_planned_visit_later(session, org, client) -> None:
    planned = log_visit(session=session, actor=org.rm, data=VisitCreate(client_id=client.id, visit_on=TODAY,
                                                                           purpose="介绍代发"), today=TODAY)
    session.commit()
    before = counts(session)
    visit = update_visit(session=session, actor=org.rm, visit_id=planned.id, today=TODAY, data=VisitUpdate(
        completed=True, contact_met="总经理", goal_reached=False, goal_reason="预算未定", satisfaction=3,
        actions=[ActionIn(title="下月再访", due_on=TODAY + timedelta(days=30))]))
    session.commit()
    assert visit.completed and visit.goal_reached is False and visit.purpose == "介绍代发"
    assert session.get(Client, client.id).last_visit_on == TODAY
    # visit patch + new task + client last-visit date
    assert counts(session) == (before[0] + 3, before[1] + 3)
    assert audit_for(session, visit.id) == ["visit.create", "visit.update"]
    patch = outbox_for(session, visit.id)[-1]
    assert patch.op is OutboxOp.PATCH
    assert set(patch.payload) == {"completed", "contact_met", "goal_reached", "goal_reason", "satisfaction"}
    assert len(visit_timeline(session=session, actor=org.rm, client_id=client.id)[0].tasks) == 1


def test_update_validates_the_merged_record(session, org, client) -> None:
    visit = log_visit(session=session, actor=org.rm, data=form(client), today=TODAY)
    with pytest.raises(ValidationError) as exc:
        update_visit(session=session, actor=org.rm, visit_id=visit.id, data=VisitUpdate(satisfaction=9))
    assert exc.value.code == "visit.satisfaction_range"
    with pytest.raises(ValidationError) as exc:
        update_visit(session=session, actor=org.rm, visit_id=visit.id, today=TODAY,
                     data=VisitUpdate(visit_on=TODAY + timedelta(days=5)))
    assert exc.value.code == "visit.date_in_future"
    with pytest.raises(ValidationError) as exc:
        update_visit(session=session, actor=org.rm, visit_id=visit.id, data=VisitUpdate(purpose=None))
    assert exc.value.code == "visit.field_required"


def test_a_completed_visit_cannot_be_uncompleted(session, org, client) -> None:
    visit = log_visit(session=session, actor=org.rm, data=form(client), today=TODAY)
    with pytest.raises(InvalidTransition) as exc:
        update_visit(session=session, actor=org.rm, visit_id=visit.id, data=VisitUpdate(completed=False))
    assert exc.value.code == "visit.uncomplete"


def test_only_the_author_edits(session, org, client) -> None:
    visit = log_visit(session=session, actor=org.rm, data=form(client), today=TODAY)
    session.commit()
    with pytest.raises(NotFound):
        update_visit(session=session, actor=org.rm2, visit_id=visit.id, data=VisitUpdate(purpose="x"))
    with pytest.raises(PermissionDenied) as exc:
        update_visit(session=session, actor=org.head, visit_id=visit.id, data=VisitUpdate(purpose="x"))
    assert exc.value.code == "visit.not_author"
    with pytest.raises(NotFound):
        update_visit(session=session, actor=org.admin, visit_id=visit.id, data=VisitUpdate(purpose="x"))


def test_a_reviewed_visit_is_locked(session, org, client) -> None:
    visit = log_visit(session=session, actor=org.rm, data=form(client), today=TODAY)
    review_visit(session=session, actor=org.head, visit_id=visit.id, comment="下次带上代发方案")
    before = counts(session)
    with pytest.raises(InvalidTransition) as exc:
        update_visit(session=session, actor=org.rm, visit_id=visit.id, data=VisitUpdate(next_steps="改"))
    assert exc.value.code == "visit.reviewed_locked"
    assert counts(session) == before


# --- review -------------------------------------------------------------------------------------


def test_branch_head_reviews(session, org, client) -> None:
    visit = log_visit(session=session, actor=org.rm, data=form(client), today=TODAY)
    session.commit()
    before = counts(session)
    reviewed = review_visit(session=session, actor=org.head, visit_id=visit.id, comment=" 重点跟进代发 ")
    session.commit()
    assert reviewed.review_comment == "重点跟进代发"
    assert reviewed.reviewed_by == org.head.user_id and reviewed.reviewed_at is not None
    assert counts(session) == (before[0] + 1, before[1] + 1)
    command = outbox_for(session, visit.id)[-1]
    assert (command.op, command.name, command.payload) == (OutboxOp.COMMAND, "visit.review",
                                                           {"comment": "重点跟进代发"})
    event = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
    assert event.action == "visit.review" and event.actor_id == org.head.user_id
    assert "comment" not in event.detail  # free text stays out of the audit trail


def test_review_refusals(session, org, client) -> None:
    visit = log_visit(session=session, actor=org.rm, data=form(client), today=TODAY)
    planned = log_visit(session=session, actor=org.rm, today=TODAY,
                        data=VisitCreate(client_id=client.id, visit_on=TODAY + timedelta(days=3)))
    own = log_visit(session=session, actor=org.head, data=form(client), today=TODAY)
    session.commit()
    before = counts(session)
    for actor in (org.rm, org.rm2, org.admin):
        with pytest.raises(PermissionDenied) as exc:
            review_visit(session=session, actor=actor, visit_id=visit.id, comment="好")
        assert exc.value.code == "permission.role"
    with pytest.raises(NotFound):
        review_visit(session=session, actor=org.other_head, visit_id=visit.id, comment="好")
    with pytest.raises(InvalidTransition) as exc:
        review_visit(session=session, actor=org.head, visit_id=planned.id, comment="好")
    assert exc.value.code == "visit.not_completed"
    with pytest.raises(ValidationError) as exc:
        review_visit(session=session, actor=org.head, visit_id=visit.id, comment="  ")
    assert exc.value.code == "visit.review_comment_required"
    with pytest.raises(PermissionDenied) as exc:
        review_visit(session=session, actor=org.head, visit_id=own.id, comment="自评")
    assert exc.value.code == "visit.review_own"
    assert counts(session) == before


# --- lists and timeline -------------------------------------------------------------------------


def test_list_visits_scope_and_filters(session, org, make_client) -> None:
    mine = make_client(org.rm, name="甲公司")
    shared = make_client(org.rm, name="乙公司", maintainer_id=org.rm2.user_id)
    theirs = make_client(org.rm2, name="丙公司")
    make_client(org.other_head, branch=org.other_branch, name="丁公司")
    v1 = log_visit(session=session, actor=org.rm, data=form(mine, visit_on=date(2026, 3, 2)), today=TODAY)
    v2 = log_visit(session=session, actor=org.rm2, data=form(shared, visit_on=date(2026, 3, 5)), today=TODAY)
    v3 = log_visit(session=session, actor=org.rm2, data=form(theirs, visit_on=date(2026, 3, 9)), today=TODAY)
    v4 = log_visit(session=session, actor=org.rm, today=TODAY,
                   data=VisitCreate(client_id=mine.id, visit_on=date(2026, 3, 20)))
    review_visit(session=session, actor=org.head, visit_id=v1.id, comment="好")
    session.commit()

    def ids(actor, **kw):  # type: ignore[no-untyped-def]
        return [row.id for row in list_visits(session=session, actor=actor, **kw)]

    # an RM sees their own visits and the visits to the clients they own (newest first)
    assert ids(org.rm) == [v4.id, v2.id, v1.id]
    assert ids(org.rm2) == [v3.id, v2.id]
    assert ids(org.head) == [v4.id, v3.id, v2.id, v1.id]
    assert ids(org.other_head) == []
    assert ids(org.admin) == []
    assert ids(org.head, client_id=mine.id) == [v4.id, v1.id]
    assert ids(org.head, rm_id=org.rm2.user_id) == [v3.id, v2.id]
    assert ids(org.head, date_from=date(2026, 3, 5), date_to=date(2026, 3, 9)) == [v3.id, v2.id]
    assert ids(org.head, awaiting_review=True) == [v3.id, v2.id]
    assert ids(org.head, awaiting_review=False) == [v1.id]
    assert ids(org.head, offset=1, limit=2) == [v3.id, v2.id]
    row = list_visits(session=session, actor=org.head, client_id=mine.id)[1]
    assert (row.client_name, row.rm_name, row.reviewed, row.review_comment) == ("甲公司", "王芳", True, "好")


def test_count_awaiting_review(session, org, make_client) -> None:
    mine = make_client(org.rm, name="甲公司")
    theirs = make_client(org.rm2, name="丙公司")
    other = make_client(org.other_head, branch=org.other_branch, name="丁公司")
    waiting = [log_visit(session=session, actor=org.rm, data=form(mine, visit_on=day), today=TODAY)
               for day in (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4))]
    log_visit(session=session, actor=org.rm2, data=form(theirs, visit_on=date(2026, 3, 5)), today=TODAY)
    log_visit(session=session, actor=org.rm, today=TODAY,  # planned: nothing to review yet
              data=VisitCreate(client_id=mine.id, visit_on=date(2026, 3, 20)))
    log_visit(session=session, actor=org.other_head, data=form(other), today=TODAY)  # another branch
    review_visit(session=session, actor=org.head, visit_id=waiting[0].id, comment="好")
    session.commit()

    def count(actor, at_most=999):  # type: ignore[no-untyped-def]
        return count_awaiting_review(session=session, actor=actor, at_most=at_most)

    assert count(org.head) == 3  # two of the RM's, one of RM2's
    assert count(org.head, at_most=2) == 2  # "two or more"
    assert count(org.rm) == 0  # only their own visits are in their scope
    assert count(org.other_head) == 0  # their own visit, which someone else reviews
    assert count(org.admin) == 0


def test_get_visit_scope(session, org, client) -> None:
    visit = log_visit(session=session, actor=org.rm, data=form(client), today=TODAY)
    assert get_visit(session=session, actor=org.head, visit_id=visit.id).id == visit.id
    for actor in (org.rm2, org.other_head, org.admin):
        with pytest.raises(NotFound) as exc:
            get_visit(session=session, actor=actor, visit_id=visit.id)
        assert exc.value.code == "visit.not_found"


def test_timeline(session, org, client) -> None:
    actions = [ActionIn(title="寄资料", due_on=date(2026, 3, 4)),
               ActionIn(title="电话回访", due_on=date(2026, 3, 2))]
    data = form(client, visit_on=date(2026, 3, 1), actions=actions)
    first = log_visit(session=session, actor=org.rm, data=data, today=TODAY)
    second = log_visit(session=session, actor=org.rm, data=form(client), today=TODAY)
    timeline = visit_timeline(session=session, actor=org.head, client_id=client.id)
    assert [e.visit.id for e in timeline] == [second.id, first.id]
    assert [t.title for t in timeline[1].tasks] == ["电话回访", "寄资料"]
    assert timeline[0].tasks == ()
    with pytest.raises(NotFound):
        visit_timeline(session=session, actor=org.rm2, client_id=client.id)


# --- unit of work -------------------------------------------------------------------------------


def test_a_failing_write_leaves_nothing(workspace, session, org, client, monkeypatch) -> None:
    before = counts(session)
    session.rollback()
    real = outbox_module.enqueue

    def failing(session: Session, **kw: Any) -> Outbox:
        if kw["entity"] == "task":
            raise RuntimeError("disk full")
        return real(session, **kw)

    # the visit row, its audit event and outbox row are written before the task fails
    monkeypatch.setattr(outbox_module, "enqueue", failing)
    with pytest.raises(RuntimeError), session_scope(workspace.engine) as uow:
        log_visit(session=uow, actor=org.rm, today=TODAY,
                  data=form(client, actions=[ActionIn(title="回访", due_on=TODAY)]))
    with Session(workspace.engine) as fresh:
        assert counts(fresh) == before
        assert fresh.exec(select(func.count()).select_from(Visit)).one() == 0
        assert fresh.get(Client, client.id).last_visit_on is None


def test_a_refused_write_rolls_back_the_whole_unit_of_work(workspace, session, org, client) -> None:
    before = counts(session)
    session.rollback()
    with pytest.raises(ValidationError), session_scope(workspace.engine) as uow:
        log_visit(session=uow, actor=org.rm, data=form(client), today=TODAY)
        log_visit(session=uow, actor=org.rm, data=form(client, satisfaction=7), today=TODAY)
    with Session(workspace.engine) as fresh:
        assert counts(fresh) == before
        assert fresh.exec(select(func.count()).select_from(Visit)).one() == 0
