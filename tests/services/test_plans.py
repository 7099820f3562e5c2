"""Tests for monthly plans: working days, items, the review workflow, amendments, tracking and the Gantt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlmodel import Session, col, func, select

from crm.db.engine import session_scope
from crm.domain.enums import OutboxOp, PlanGoal, PlanItemStatus, PlanStatus, ProductFamily
from crm.domain.errors import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationError
from crm.domain.models import AuditEvent, Client, Outbox, Plan, PlanItem, Product
from crm.services.context import Actor
from crm.services.plans import (
    CellMark,
    PlanCreate,
    PlanItemIn,
    PlanItemUpdate,
    add_item,
    amend_plan,
    approve_plan,
    create_plan,
    current_plan,
    delay_item,
    delete_plan,
    gantt,
    get_plan,
    is_superseded,
    list_items,
    list_plans,
    mark_item_done,
    parse_month,
    plan_due_date,
    remove_item,
    return_plan,
    submit_plan,
    update_item,
    update_plan_note,
    withdraw_plan,
    working_days,
)

MONTH = "2026-03"  # 2026-03-02 is a Monday; 03-07/08 a weekend


def counts(session: Session) -> tuple[int, int]:
    audit = session.exec(select(func.count()).select_from(AuditEvent)).one()
    queued = session.exec(select(func.count()).select_from(Outbox)).one()
    return int(audit), int(queued)


def last_write(session: Session, entity_id: str) -> tuple[AuditEvent, Outbox]:
    event = session.exec(select(AuditEvent).where(col(AuditEvent.entity_id) == entity_id)
                         .order_by(col(AuditEvent.seq).desc())).first()
    row = session.exec(select(Outbox).where(col(Outbox.entity_id) == entity_id)
                       .order_by(col(Outbox.seq).desc())).first()
    assert event is not None and row is not None
    return event, row


@pytest.fixture
def client(make_client, org) -> Client:  # type: ignore[no-untyped-def]
    return make_client(org.rm, name="上海恒通机械有限公司", short_name="恒通机械")


@pytest.fixture
def product(session: Session) -> Product:
    row = Product(code="DEP-NOTICE-7", name="七天通知存款", family=ProductFamily.DEPOSIT)
    session.add(row)
    session.commit()
    return row


def item_in(client: Client | None = None, **kw) -> PlanItemIn:  # type: ignore[no-untyped-def]
    values = {"client_id": client.id if client else None, "goal": PlanGoal.DEPOSIT, "goal_text": "存款500万",
              "planned_days": [date(2026, 3, 3), date(2026, 3, 12)]}
    values.update(kw)
    return PlanItemIn(**values)


def draft(session: Session, actor: Actor, client: Client, month: str = MONTH) -> Plan:
    plan = create_plan(session=session, actor=actor, data=PlanCreate(month=month, note="三月计划"))
    days = [date(2026, 3, 3), date(2026, 3, 12)] if month == MONTH else working_days(*parse_month(month))[:1]
    add_item(session=session, actor=actor, plan_id=plan.id, data=item_in(client, planned_days=days))
    return plan


def approved(session: Session, org, client: Client, month: str = MONTH) -> Plan:  # type: ignore[no-untyped-def]
    plan = draft(session, org.rm, client, month)
    submit_plan(session=session, actor=org.rm, plan_id=plan.id)
    return approve_plan(session=session, actor=org.head, plan_id=plan.id, comment="同意")


# --- calendar -----------------------------------------------------------------------------------


def test_working_days_of_february_2026_exclude_weekends() -> None:
    days = working_days(2026, 2)
    assert len(days) == 20
    assert days[0] == date(2026, 2, 2) and days[-1] == date(2026, 2, 27)
    assert all(d.weekday() < 5 for d in days)
    assert date(2026, 2, 1) not in days and date(2026, 2, 28) not in days  # Sunday, Saturday


def test_working_days_take_a_holiday_table() -> None:
    holidays = [date(2026, 2, d) for d in (16, 17, 18, 19, 20)]
    workdays = [date(2026, 2, 14), date(2026, 2, 28), date(2026, 3, 7)]  # weekend days worked (调休)
    days = working_days(2026, 2, extra_holidays=holidays, extra_workdays=workdays)
    assert len(days) == 20 - 5 + 2  # the March Saturday does not leak into February
    assert date(2026, 2, 17) not in days
    assert date(2026, 2, 14) in days and date(2026, 2, 28) in days


def test_month_parsing_and_due_date() -> None:
    assert parse_month("2026-12") == (2026, 12)
    assert plan_due_date("2026-03") == date(2026, 3, 1)
    for bad in ("2026-13", "2026-00", "2026-3", "March", ""):
        with pytest.raises(ValidationError) as exc:
            parse_month(bad)
        assert (exc.value.code, exc.value.field) == ("plan.month_invalid", "month")


# --- plans and items ----------------------------------------------------------------------------


def test_create_plan(session, org) -> None:
    before = counts(session)
    plan = create_plan(session=session, actor=org.rm, data=PlanCreate(month=MONTH))
    session.commit()
    assert (plan.status, plan.rm_id, plan.branch_id, plan.month) == (
        PlanStatus.DRAFT, org.rm.user_id, org.branch.id, MONTH)
    assert counts(session) == (before[0] + 1, before[1] + 1)
    event, row = last_write(session, plan.id)
    assert event.action == "plan.create" and row.op is OutboxOp.CREATE


def test_create_plan_refusals(session, org) -> None:
    plan = create_plan(session=session, actor=org.rm, data=PlanCreate(month=MONTH))
    before = counts(session)
    with pytest.raises(Conflict) as exc:
        create_plan(session=session, actor=org.rm, data=PlanCreate(month=MONTH))
    assert (exc.value.code, exc.value.params["plan_id"]) == ("plan.duplicate", plan.id)
    with pytest.raises(ValidationError):
        create_plan(session=session, actor=org.rm, data=PlanCreate(month="2026/03"))
    for actor in (org.head, org.admin):
        with pytest.raises(PermissionDenied):
            create_plan(session=session, actor=actor, data=PlanCreate(month=MONTH))
    assert counts(session) == before
    # another RM, or the same RM another month, is fine
    create_plan(session=session, actor=org.rm2, data=PlanCreate(month=MONTH))
    create_plan(session=session, actor=org.rm, data=PlanCreate(month="2026-04"))


def test_add_items(session, org, client, product) -> None:
    plan = create_plan(session=session, actor=org.rm, data=PlanCreate(month=MONTH))
    before = counts(session)
    first = add_item(session=session, actor=org.rm, plan_id=plan.id, data=item_in(
        client, planned_days=[date(2026, 3, 12), date(2026, 3, 3), date(2026, 3, 3)],
        product_ids=[product.id]))
    prospect = add_item(session=session, actor=org.rm, plan_id=plan.id, data=PlanItemIn(
        prospect_name="张江新材料科技", goal=PlanGoal.OPEN_ACCOUNT, planned_days=[date(2026, 3, 5)]))
    session.commit()
    assert first.planned_days == ["2026-03-03", "2026-03-12"]  # sorted, de-duplicated
    assert first.product_ids == [product.id] and first.status is PlanItemStatus.PLANNED
    assert (prospect.client_id, prospect.prospect_name) == (None, "张江新材料科技")
    assert prospect.sort == first.sort + 1
    assert counts(session) == (before[0] + 2, before[1] + 2)
    assert last_write(session, first.id)[0].action == "plan_item.create"
    listed = list_items(session=session, actor=org.head, plan_id=plan.id)
    assert [i.id for i in listed] == [first.id, prospect.id]


@pytest.mark.parametrize(("kw", "code", "field"), [
    ({"client_id": None, "prospect_name": ""}, "plan_item.subject_required", "client_id"),
    ({"planned_days": [date(2026, 4, 1)]}, "plan_item.day_outside_month", "planned_days"),
    ({"planned_days": [date(2026, 3, 7)]}, "plan_item.day_not_working", "planned_days"),  # a Saturday
    ({"product_ids": ["no-such-product"]}, "plan_item.product_unknown", "product_ids"),
])
def test_invalid_items_are_refused(session, org, client, kw, code, field) -> None:
    plan = create_plan(session=session, actor=org.rm, data=PlanCreate(month=MONTH))
    before = counts(session)
    with pytest.raises(ValidationError) as exc:
        add_item(session=session, actor=org.rm, plan_id=plan.id, data=item_in(client, **kw))
    assert (exc.value.code, exc.value.field) == (code, field)
    assert counts(session) == before


def test_holidays_are_not_plannable(session, org, client) -> None:
    plan = create_plan(session=session, actor=org.rm, data=PlanCreate(month=MONTH))
    with pytest.raises(ValidationError) as exc:
        add_item(session=session, actor=org.rm, plan_id=plan.id, data=item_in(client),
                 extra_holidays=[date(2026, 3, 12)])
    assert exc.value.params == {"day": "2026-03-12"}
    item = add_item(session=session, actor=org.rm, plan_id=plan.id, extra_workdays=[date(2026, 3, 7)],
                    data=item_in(client, planned_days=[date(2026, 3, 7)]))
    assert item.planned_days == ["2026-03-07"]


def test_item_scope(session, org, client, make_client) -> None:
    plan = create_plan(session=session, actor=org.rm, data=PlanCreate(month=MONTH))
    theirs = make_client(org.rm2)
    with pytest.raises(NotFound):
        add_item(session=session, actor=org.rm, plan_id=plan.id, data=item_in(theirs))
    for actor in (org.rm2, org.other_head, org.admin):
        with pytest.raises(NotFound):
            add_item(session=session, actor=actor, plan_id=plan.id, data=item_in(client))
    with pytest.raises(PermissionDenied) as exc:
        add_item(session=session, actor=org.head, plan_id=plan.id, data=item_in(client))
    assert exc.value.code == "plan.not_owner"


def test_update_and_remove_items_in_a_draft(session, org, client, product) -> None:
    plan = draft(session, org.rm, client)
    item = list_items(session=session, actor=org.rm, plan_id=plan.id)[0]
    session.commit()
    before = counts(session)
    update_item(session=session, actor=org.rm, item_id=item.id, data=PlanItemUpdate(
        planned_days=[date(2026, 3, 20)], product_ids=[product.id], goal=PlanGoal.LOAN))
    assert (item.planned_days, item.product_ids, item.goal) == (["2026-03-20"], [product.id], PlanGoal.LOAN)
    event, row = last_write(session, item.id)
    assert event.action == "plan_item.update" and row.op is OutboxOp.PATCH
    assert set(row.payload) == {"planned_days", "product_ids", "goal"}
    with pytest.raises(ValidationError):
        update_item(session=session, actor=org.rm, item_id=item.id,
                    data=PlanItemUpdate(planned_days=[date(2026, 3, 8)]))
    with pytest.raises(NotFound):
        update_item(session=session, actor=org.rm2, item_id=item.id, data=PlanItemUpdate(goal_text="x"))
    remove_item(session=session, actor=org.rm, item_id=item.id)
    assert item.deleted
    assert last_write(session, item.id)[1].op is OutboxOp.DELETE
    assert list_items(session=session, actor=org.rm, plan_id=plan.id) == []
    assert counts(session) == (before[0] + 2, before[1] + 2)


def test_an_item_keeps_a_withdrawn_product_when_other_fields_change(session, org, client, product) -> None:
    plan = create_plan(session=session, actor=org.rm, data=PlanCreate(month=MONTH))
    item = add_item(session=session, actor=org.rm, plan_id=plan.id,
                    data=item_in(client, product_ids=[product.id]))
    product.active = False
    session.add(product)
    update_item(session=session, actor=org.rm, item_id=item.id, data=PlanItemUpdate(goal_text="存款800万"))
    assert item.goal_text == "存款800万" and item.product_ids == [product.id]


# --- workflow -----------------------------------------------------------------------------------


def test_submit_writes_a_command(session, org, client) -> None:
    plan = draft(session, org.rm, client)
    session.commit()
    before = counts(session)
    submit_plan(session=session, actor=org.rm, plan_id=plan.id)
    session.commit()
    assert plan.status is PlanStatus.SUBMITTED and plan.submitted_at is not None
    assert counts(session) == (before[0] + 1, before[1] + 1)
    event, row = last_write(session, plan.id)
    assert event.action == "plan.submit" and event.actor_id == org.rm.user_id
    assert (row.op, row.name, row.payload) == (OutboxOp.COMMAND, "plan.submit", {"month": MONTH, "items": 1})


def test_an_empty_plan_cannot_be_submitted(session, org) -> None:
    plan = create_plan(session=session, actor=org.rm, data=PlanCreate(month=MONTH))
    with pytest.raises(ValidationError) as exc:
        submit_plan(session=session, actor=org.rm, plan_id=plan.id)
    assert exc.value.code == "plan.empty"


def test_full_review_round(session, org, client) -> None:
    plan = draft(session, org.rm, client)
    submit_plan(session=session, actor=org.rm, plan_id=plan.id)
    with pytest.raises(InvalidTransition) as exc:
        add_item(session=session, actor=org.rm, plan_id=plan.id, data=item_in(client))
    assert exc.value.code == "plan.not_editable"
    withdraw_plan(session=session, actor=org.rm, plan_id=plan.id)
    assert plan.status is PlanStatus.DRAFT and plan.submitted_at is None
    submit_plan(session=session, actor=org.rm, plan_id=plan.id)
    with pytest.raises(ValidationError) as exc:
        return_plan(session=session, actor=org.head, plan_id=plan.id, comment=" ")
    assert exc.value.code == "plan.comment_required"
    return_plan(session=session, actor=org.head, plan_id=plan.id, comment="补充存款目标")
    assert (plan.status, plan.decision_comment, plan.decided_by) == (
        PlanStatus.RETURNED, "补充存款目标", org.head.user_id)
    add_item(session=session, actor=org.rm, plan_id=plan.id, data=item_in(client, goal=PlanGoal.WEALTH))
    submit_plan(session=session, actor=org.rm, plan_id=plan.id)
    approve_plan(session=session, actor=org.head, plan_id=plan.id, comment="同意")
    assert (plan.status, plan.decision_comment) == (PlanStatus.APPROVED, "同意")
    actions = session.exec(select(AuditEvent.action).where(col(AuditEvent.entity_id) == plan.id)
                           .order_by(col(AuditEvent.seq))).all()
    assert actions == ["plan.create", "plan.submit", "plan.withdraw", "plan.submit", "plan.return",
                       "plan.submit", "plan.approve"]
    names = session.exec(select(Outbox.name).where(col(Outbox.entity_id) == plan.id)
                         .order_by(col(Outbox.seq))).all()
    assert names == ["", *actions[1:]]


ALLOWED = {
    PlanStatus.DRAFT: {"submit"},
    PlanStatus.SUBMITTED: {"withdraw", "approve", "return"},
    PlanStatus.RETURNED: {"submit"},
    PlanStatus.APPROVED: {"amend"},
    PlanStatus.AMENDED: {"submit"},
}


def _to_state(session: Session, org, client: Client, state: PlanStatus) -> Plan:  # type: ignore[no-untyped-def]
    plan = draft(session, org.rm, client)
    if state is PlanStatus.DRAFT:
        return plan
    submit_plan(session=session, actor=org.rm, plan_id=plan.id)
    if state is PlanStatus.SUBMITTED:
        return plan
    if state is PlanStatus.RETURNED:
        return return_plan(session=session, actor=org.head, plan_id=plan.id, comment="重写")
    approve_plan(session=session, actor=org.head, plan_id=plan.id)
    if state is PlanStatus.APPROVED:
        return plan
    return amend_plan(session=session, actor=org.rm, plan_id=plan.id)


def _actions(session: Session, org) -> dict[str, Callable[[str], Plan]]:  # type: ignore[no-untyped-def]
    return {
        "submit": lambda pid: submit_plan(session=session, actor=org.rm, plan_id=pid),
        "withdraw": lambda pid: withdraw_plan(session=session, actor=org.rm, plan_id=pid),
        "approve": lambda pid: approve_plan(session=session, actor=org.head, plan_id=pid),
        "return": lambda pid: return_plan(session=session, actor=org.head, plan_id=pid, comment="再议"),
        "amend": lambda pid: amend_plan(session=session, actor=org.rm, plan_id=pid),
    }


@pytest.mark.parametrize("state", list(ALLOWED))
@pytest.mark.parametrize("action", ["submit", "withdraw", "approve", "return", "amend"])
def test_every_transition_through_the_services(session, org, client, state, action) -> None:
    plan = _to_state(session, org, client, state)
    assert plan.status is state
    run = _actions(session, org)[action]
    if action in ALLOWED[state]:
        run(plan.id)
    else:
        before = counts(session)
        with pytest.raises(InvalidTransition) as exc:
            run(plan.id)
        assert exc.value.code == "plan.transition_invalid"
        assert counts(session) == before
        assert plan.status is state


@pytest.mark.parametrize("action", ["submit", "withdraw", "approve", "return", "amend"])
def test_roles_and_scope_of_every_transition(session, org, client, action) -> None:
    state = {"submit": PlanStatus.DRAFT, "amend": PlanStatus.APPROVED}.get(action, PlanStatus.SUBMITTED)
    plan = _to_state(session, org, client, state)
    wrong_role = org.head if action in ("submit", "withdraw", "amend") else org.rm
    calls = {
        "submit": submit_plan, "withdraw": withdraw_plan, "amend": amend_plan,
        "approve": lambda **kw: approve_plan(**kw, comment=""),
        "return": lambda **kw: return_plan(**kw, comment="再议"),
    }
    before = counts(session)
    with pytest.raises(PermissionDenied) as exc:
        calls[action](session=session, actor=wrong_role, plan_id=plan.id)
    assert exc.value.code == "plan.role_forbidden"
    for outsider in (org.rm2, org.other_head, org.admin):
        with pytest.raises(NotFound):
            calls[action](session=session, actor=outsider, plan_id=plan.id)
    assert counts(session) == before and plan.status is state


def test_a_head_cannot_decide_their_own_plan(session, org) -> None:
    own = Plan(rm_id=org.head.user_id, branch_id=org.branch.id, month=MONTH, status=PlanStatus.SUBMITTED)
    session.add(own)
    session.commit()
    with pytest.raises(PermissionDenied) as exc:
        approve_plan(session=session, actor=org.head, plan_id=own.id)
    assert exc.value.code == "plan.decide_own"


# --- approved plans and amendments --------------------------------------------------------------


def test_an_approved_plan_is_not_edited_in_place(session, org, client) -> None:
    plan = approved(session, org, client)
    item = list_items(session=session, actor=org.rm, plan_id=plan.id)[0]
    before = counts(session)
    refusals = [
        lambda: add_item(session=session, actor=org.rm, plan_id=plan.id, data=item_in(client)),
        lambda: update_item(session=session, actor=org.rm, item_id=item.id,
                            data=PlanItemUpdate(goal_text="x")),
        lambda: remove_item(session=session, actor=org.rm, item_id=item.id),
        lambda: update_plan_note(session=session, actor=org.rm, plan_id=plan.id, note="x"),
        lambda: delete_plan(session=session, actor=org.rm, plan_id=plan.id),
    ]
    for refuse in refusals:
        with pytest.raises(InvalidTransition) as exc:
            refuse()
        assert exc.value.code == "plan.not_editable"
    assert counts(session) == before


def test_amendment_goes_back_for_approval(session, org, client, product) -> None:
    plan = approved(session, org, client)
    session.commit()
    before = counts(session)
    amendment = amend_plan(session=session, actor=org.rm, plan_id=plan.id)
    session.commit()
    assert (amendment.status, amendment.amends_plan_id) == (PlanStatus.AMENDED, plan.id)
    assert amendment.month == MONTH
    assert plan.status is PlanStatus.APPROVED  # the approved plan stays in force, untouched
    copied = list_items(session=session, actor=org.rm, plan_id=amendment.id)
    original = list_items(session=session, actor=org.rm, plan_id=plan.id)
    assert [(i.client_id, i.goal, i.planned_days) for i in copied] == [
        (i.client_id, i.goal, i.planned_days) for i in original]
    assert {i.id for i in copied}.isdisjoint({i.id for i in original})
    assert counts(session) == (before[0] + 2, before[1] + 2)  # the plan and its one item
    assert last_write(session, amendment.id)[0].detail == {"amends_plan_id": plan.id}

    with pytest.raises(Conflict) as exc:
        amend_plan(session=session, actor=org.rm, plan_id=plan.id)
    assert exc.value.code == "plan.amendment_open"

    add_item(session=session, actor=org.rm, plan_id=amendment.id,
             data=PlanItemIn(prospect_name="新目标客户", goal=PlanGoal.OPEN_ACCOUNT,
                             product_ids=[product.id]))
    # both are listed while the amendment is under way
    assert {p.id for p in list_plans(session=session, actor=org.head, month=MONTH)} == {plan.id, amendment.id}
    assert current_plan(session=session, actor=org.rm, month=MONTH).id == plan.id

    submit_plan(session=session, actor=org.rm, plan_id=amendment.id)
    return_plan(session=session, actor=org.head, plan_id=amendment.id, comment="目标偏低")
    assert not is_superseded(session=session, plan=plan)
    submit_plan(session=session, actor=org.rm, plan_id=amendment.id)
    approve_plan(session=session, actor=org.head, plan_id=amendment.id, comment="同意调整")
    session.commit()

    assert amendment.status is PlanStatus.APPROVED
    assert plan.status is PlanStatus.APPROVED and is_superseded(session=session, plan=plan)
    assert [p.id for p in list_plans(session=session, actor=org.rm, month=MONTH)] == [amendment.id]
    assert {p.id for p in list_plans(session=session, actor=org.rm, include_superseded=True)} == {
        plan.id, amendment.id}
    assert current_plan(session=session, actor=org.rm, month=MONTH).id == amendment.id
    assert current_plan(session=session, actor=org.head, month=MONTH, rm_id=org.rm.user_id).id == amendment.id

    with pytest.raises(InvalidTransition) as superseded:
        amend_plan(session=session, actor=org.rm, plan_id=plan.id)
    assert superseded.value.code == "plan.superseded"
    with pytest.raises(InvalidTransition) as superseded:
        mark_item_done(session=session, actor=org.rm, item_id=original[0].id)
    assert superseded.value.code == "plan.superseded"
    # the amendment can itself be amended
    assert amend_plan(session=session, actor=org.rm, plan_id=amendment.id).amends_plan_id == amendment.id


def test_an_unwanted_amendment_is_discarded(session, org, client) -> None:
    plan = approved(session, org, client)
    amendment = amend_plan(session=session, actor=org.rm, plan_id=plan.id)
    delete_plan(session=session, actor=org.rm, plan_id=amendment.id)
    assert amendment.deleted
    assert all(i.deleted for i in session.exec(select(PlanItem).where(col(PlanItem.plan_id) == amendment.id)))
    with pytest.raises(NotFound):
        get_plan(session=session, actor=org.rm, plan_id=amendment.id)
    assert amend_plan(session=session, actor=org.rm, plan_id=plan.id).status is PlanStatus.AMENDED


# --- tracking: done and delayed -----------------------------------------------------------------


def test_delay_and_done_on_an_approved_plan(session, org, client) -> None:
    plan = approved(session, org, client)
    item = list_items(session=session, actor=org.rm, plan_id=plan.id)[0]  # planned 03-03 and 03-12
    session.commit()
    before = counts(session)
    delay_item(session=session, actor=org.rm, item_id=item.id, new_date=date(2026, 3, 19))
    assert (item.status, item.delayed_to) == (PlanItemStatus.DELAYED, date(2026, 3, 19))
    event, row = last_write(session, item.id)
    assert event.action == "plan_item.delay"
    assert (row.op, row.name, row.payload) == (OutboxOp.COMMAND, "plan_item.delay",
                                               {"plan_id": plan.id, "delayed_to": "2026-03-19"})
    assert plan.status is PlanStatus.APPROVED  # no new approval needed
    # delayed again, past the month end (延迟至 next month)
    delay_item(session=session, actor=org.rm, item_id=item.id, new_date=date(2026, 4, 2))
    mark_item_done(session=session, actor=org.rm, item_id=item.id)
    assert item.status is PlanItemStatus.DONE
    assert last_write(session, item.id)[1].name == "plan_item.done"
    assert counts(session) == (before[0] + 3, before[1] + 3)
    with pytest.raises(InvalidTransition) as exc:
        mark_item_done(session=session, actor=org.rm, item_id=item.id)
    assert exc.value.code == "plan_item.transition_invalid"
    with pytest.raises(InvalidTransition):
        delay_item(session=session, actor=org.rm, item_id=item.id, new_date=date(2026, 4, 10))


def test_delay_refusals(session, org, client) -> None:
    plan = approved(session, org, client)
    item = list_items(session=session, actor=org.rm, plan_id=plan.id)[0]
    before = counts(session)
    with pytest.raises(ValidationError) as exc:
        delay_item(session=session, actor=org.rm, item_id=item.id, new_date=date(2026, 3, 12))
    assert (exc.value.code, exc.value.params) == ("plan_item.delay_not_later", {"after": "2026-03-12"})
    with pytest.raises(ValidationError) as exc:
        delay_item(session=session, actor=org.rm, item_id=item.id, new_date=date(2026, 3, 14))  # Saturday
    assert exc.value.code == "plan_item.day_not_working"
    with pytest.raises(PermissionDenied) as denied:
        delay_item(session=session, actor=org.head, item_id=item.id, new_date=date(2026, 3, 16))
    assert denied.value.code == "plan.not_owner"
    for outsider in (org.rm2, org.other_head, org.admin):
        with pytest.raises(NotFound) as missing:
            mark_item_done(session=session, actor=outsider, item_id=item.id)
        assert missing.value.code == "plan_item.not_found"
    assert counts(session) == before


@pytest.mark.parametrize("state", [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED,
                                   PlanStatus.AMENDED])
def test_tracking_needs_an_approved_plan(session, org, client, state) -> None:
    plan = _to_state(session, org, client, state)
    item = list_items(session=session, actor=org.rm, plan_id=plan.id)[0]
    with pytest.raises(InvalidTransition) as exc:
        mark_item_done(session=session, actor=org.rm, item_id=item.id)
    assert exc.value.code == "plan.not_approved"
    with pytest.raises(InvalidTransition):
        delay_item(session=session, actor=org.rm, item_id=item.id, new_date=date(2026, 3, 20))


# --- lists and Gantt ----------------------------------------------------------------------------


def test_list_plans_scope(session, org, client, make_client) -> None:
    mine = draft(session, org.rm, client)
    theirs = draft(session, org.rm2, make_client(org.rm2))
    submit_plan(session=session, actor=org.rm2, plan_id=theirs.id)
    april = draft(session, org.rm, client, month="2026-04")

    def ids(actor, **kw):  # type: ignore[no-untyped-def]
        return [p.id for p in list_plans(session=session, actor=actor, **kw)]

    assert ids(org.rm) == [april.id, mine.id]
    assert ids(org.rm2) == [theirs.id]
    assert set(ids(org.head)) == {mine.id, theirs.id, april.id}
    assert ids(org.head, status=PlanStatus.SUBMITTED) == [theirs.id]
    assert set(ids(org.head, month=MONTH)) == {mine.id, theirs.id}
    assert ids(org.head, rm_id=org.rm.user_id, month=MONTH) == [mine.id]
    assert ids(org.other_head) == [] and ids(org.admin) == []
    with pytest.raises(NotFound) as exc:
        get_plan(session=session, actor=org.rm2, plan_id=mine.id)
    assert exc.value.code == "plan.not_found"
    assert current_plan(session=session, actor=org.rm, month="2026-05") is None


def test_gantt(session, org, client, product) -> None:
    plan = create_plan(session=session, actor=org.rm, data=PlanCreate(month=MONTH))
    a = add_item(session=session, actor=org.rm, plan_id=plan.id, data=item_in(
        client, planned_days=[date(2026, 3, 3), date(2026, 3, 12)], product_ids=[product.id]))
    b = add_item(session=session, actor=org.rm, plan_id=plan.id, data=PlanItemIn(
        prospect_name="张江新材料科技", goal=PlanGoal.OPEN_ACCOUNT, planned_days=[date(2026, 3, 5)]))
    c = add_item(session=session, actor=org.rm, plan_id=plan.id, data=item_in(
        client, goal=PlanGoal.LOAN, planned_days=[date(2026, 3, 9)]))
    submit_plan(session=session, actor=org.rm, plan_id=plan.id)
    approve_plan(session=session, actor=org.head, plan_id=plan.id)
    mark_item_done(session=session, actor=org.rm, item_id=a.id)
    delay_item(session=session, actor=org.rm, item_id=b.id, new_date=date(2026, 3, 16))

    view = gantt(session=session, actor=org.head, plan_id=plan.id, extra_holidays=[date(2026, 3, 9)])
    assert view.month == MONTH and view.due_on == date(2026, 3, 1)
    assert (view.rm_name, view.status, view.superseded) == ("王芳", PlanStatus.APPROVED, False)
    # March 2026 has 22 working days; the holiday drops 03-09, which comes back as a planned day
    assert len(view.days) == 22 and view.days == working_days(2026, 3)
    assert all(d.weekday() < 5 for d in view.days)

    def marks(row) -> dict[date, CellMark]:  # type: ignore[no-untyped-def]
        return {d: m for d, m in zip(view.days, row.cells, strict=True) if m is not CellMark.EMPTY}

    ra, rb, rc = view.rows
    assert (ra.item_id, rb.item_id, rc.item_id) == (a.id, b.id, c.id)
    assert (ra.label, ra.is_prospect, ra.goal) == ("恒通机械", False, PlanGoal.DEPOSIT)
    assert ra.products == ["七天通知存款"]
    assert marks(ra) == {date(2026, 3, 3): CellMark.DONE, date(2026, 3, 12): CellMark.DONE}
    assert (rb.label, rb.is_prospect, rb.delayed_to) == ("张江新材料科技", True, date(2026, 3, 16))
    assert marks(rb) == {date(2026, 3, 5): CellMark.DELAYED, date(2026, 3, 16): CellMark.DELAYED_TO}
    assert marks(rc) == {date(2026, 3, 9): CellMark.PLANNED}
    with pytest.raises(NotFound):
        gantt(session=session, actor=org.rm2, plan_id=plan.id)


# --- unit of work -------------------------------------------------------------------------------


def test_a_failing_unit_of_work_leaves_nothing(workspace, session, org, client) -> None:
    plan = draft(session, org.rm, client)
    session.commit()
    before = counts(session)
    session.rollback()
    with pytest.raises(InvalidTransition), session_scope(workspace.engine) as uow:
        submit_plan(session=uow, actor=org.rm, plan_id=plan.id)
        add_item(session=uow, actor=org.rm, plan_id=plan.id, data=item_in(client))  # submitted: refused
    with Session(workspace.engine) as fresh:
        assert counts(fresh) == before
        assert fresh.get(Plan, plan.id).status is PlanStatus.DRAFT
