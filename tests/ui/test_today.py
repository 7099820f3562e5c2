"""今日: today's visits, follow-ups due and overdue (complete / reschedule), approvals, reminders, sync."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import Qt

from crm.domain.enums import ClaimStatus, PlanStatus, TaskStatus
from crm.services import claims, outbox, plans, tasks
from crm.services.visits import list_visits
from crm.ui.screens import today as today_module
from crm.ui.screens.today import TodayScreen

DEMO_TODAY = date(2026, 11, 23)  # the demo data's today (tests/ui/conftest.py)


def test_lists_overdue_and_due_tasks_and_completing_one_removes_it(
        rm_ctx, show, check_models) -> None:
    due, overdue = rm_ctx.read(tasks.due_and_overdue, today=DEMO_TODAY)
    assert overdue, "the demo RM has overdue follow-ups"
    screen = show(TodayScreen(rm_ctx, clock=lambda: DEMO_TODAY))
    assert check_models(screen) == 2

    assert [r.id for r in screen.tasks_model.rows] == [t.id for t in overdue + due]
    first = screen.tasks_model.rows[0]
    lateness = screen.tasks_model.index(0, screen.tasks_model.COLUMNS.index("lateness")).data()
    assert lateness == f"逾期 {(DEMO_TODAY - first.due_on).days} 天"
    assert f"逾期 {len(overdue)}" in screen.summary_label.text()

    screen.tasks_table.selectRow(0)
    qtbot_click(screen.complete_button)

    assert screen.tasks_model.row_of(first.id) == -1
    assert rm_ctx.read(tasks.get_task, task_id=first.id).status is TaskStatus.DONE
    assert screen.tasks_model.rowCount() == len(overdue) + len(due) - 1
    with rm_ctx.session() as session:
        pending = outbox.pending_count(session=session)
    assert pending >= 1 and str(pending) in screen.sync_label.text()


def qtbot_click(button) -> None:
    assert button.isEnabled() and button.isVisible()
    button.click()


def test_rescheduling_moves_a_task_out_of_today(rm_ctx, show, monkeypatch) -> None:
    screen = show(TodayScreen(rm_ctx, clock=lambda: DEMO_TODAY))
    task = screen.tasks_model.rows[0]
    new_due = DEMO_TODAY + timedelta(days=3)
    asked: list[date] = []

    def fake_ask(_parent, _title, _prompt, initial, minimum=None):
        asked.append(initial)
        assert minimum == DEMO_TODAY
        return new_due

    monkeypatch.setattr(today_module, "ask_date", fake_ask)
    screen.tasks_table.selectRow(0)
    qtbot_click(screen.reschedule_button)

    assert asked == [DEMO_TODAY + timedelta(days=1)]
    assert rm_ctx.read(tasks.get_task, task_id=task.id).due_on == new_due
    assert screen.tasks_model.row_of(task.id) == -1


def test_opening_a_task_asks_for_its_client_or_opens_its_visit(rm_ctx, show, qtbot, monkeypatch) -> None:
    screen = show(TodayScreen(rm_ctx, clock=lambda: DEMO_TODAY))
    opened: list[dict] = []
    monkeypatch.setattr(screen, "_open_visit_form", lambda **kw: opened.append(kw))
    for row, task in enumerate(screen.tasks_model.rows):
        screen.tasks_table.selectRow(row)
        if task.visit_id:
            screen.on_open_task()
            assert opened[-1] == {"visit_id": task.visit_id}
        elif task.client_id:
            with qtbot.waitSignal(screen.client_requested) as signal:
                qtbot.keyClick(screen.tasks_table, Qt.Key.Key_Return)
            assert signal.args == [task.client_id]


def test_planned_visits_of_the_day_come_from_the_approved_plan(
        rm_ctx, head_ctx, show, check_models, monkeypatch) -> None:
    from crm.services.clients import ClientFilter, list_clients

    day = date(2026, 12, 1)
    client = rm_ctx.read(list_clients, filters=ClientFilter(owner_id=rm_ctx.actor.user_id), limit=1)[0]
    plan = rm_ctx.write(plans.create_plan, entity="plan", data=plans.PlanCreate(month="2026-12"))
    item = rm_ctx.write(plans.add_item, entity="plan_item", plan_id=plan.id, data=plans.PlanItemIn(
        client_id=client.id, goal=plans.PlanGoal.DEPOSIT, goal_text="新增存款 200 万元", planned_days=[day]))
    prospect = rm_ctx.write(plans.add_item, entity="plan_item", plan_id=plan.id, data=plans.PlanItemIn(
        prospect_name="新港物流有限公司", goal=plans.PlanGoal.OPEN_ACCOUNT, planned_days=[day]))
    rm_ctx.write(plans.submit_plan, entity="plan", plan_id=plan.id)

    screen = show(TodayScreen(rm_ctx, clock=lambda: day))
    check_models(screen)
    assert not [r for r in screen.visits_model.rows if r.is_plan_item]  # not approved yet: not in force

    head_ctx.write(plans.approve_plan, entity="plan", plan_id=plan.id)
    screen.refresh()
    planned = [r for r in screen.visits_model.rows if r.is_plan_item]
    assert [(r.item_id, r.client_id, r.goal) for r in planned] == [
        (item.id, client.id, plans.PlanGoal.DEPOSIT), (prospect.id, None, plans.PlanGoal.OPEN_ACCOUNT)]
    assert screen.visits_model.index(0, 2).data() == "存款：新增存款 200 万元"
    assert "待拜访 2" in screen.summary_label.text()

    opened: list[dict] = []
    monkeypatch.setattr(screen, "_open_visit_form", lambda **kw: opened.append(kw))
    screen.on_visit_activated(screen.visits_model.index(0, 1))
    assert opened == [{"client_id": client.id, "purpose": "新增存款 200 万元"}]

    # once the visit is logged, the client is listed once, as its visit
    from crm.services.visits import VisitCreate, log_visit

    visit = rm_ctx.write(log_visit, entity="visit", data=VisitCreate(client_id=client.id, visit_on=day,
                                                                     purpose="存款营销"), today=day)
    rows = screen.visits_model.rows
    assert [r.item_id for r in rows if r.is_plan_item] == [prospect.id]
    assert [r.visit_id for r in rows if not r.is_plan_item] == [visit.id]


def test_branch_head_sees_pending_approvals(head_ctx, show, qtbot) -> None:
    screen = show(TodayScreen(head_ctx, clock=lambda: DEMO_TODAY))
    assert screen.approvals_box.isVisible()
    me = head_ctx.actor.user_id
    submitted = [p for p in head_ctx.read(plans.list_plans, status=PlanStatus.SUBMITTED) if p.rm_id != me]
    contested = head_ctx.read(claims.list_claims, status=ClaimStatus.CONTESTED)
    awaiting = [v for v in head_ctx.read(list_visits, awaiting_review=True, limit=5000) if v.rm_id != me]
    assert screen.data is not None and screen.data.approvals is not None
    assert screen.data.approvals["plan"] == len(submitted) > 0
    assert screen.data.approvals["claim"] == len(contested)
    assert screen.data.approvals["visit"] == len(awaiting)
    assert screen.approval_buttons["plan"].text().split("\n") == [str(len(submitted)), "月度计划"]
    with qtbot.waitSignal(screen.approvals_requested) as signal:
        screen.approval_buttons["plan"].click()
    assert signal.args == ["plan"]


def test_rm_has_no_approvals_box(rm_ctx, show) -> None:
    screen = show(TodayScreen(rm_ctx, clock=lambda: DEMO_TODAY))
    assert not screen.approvals_box.isVisible()
    assert screen.data is not None and screen.data.approvals is None


@dataclass
class Reminder:
    text: str
    tooltip: str = ""


def test_reminder_list_shows_what_it_is_given(rm_ctx, show, qtbot) -> None:
    screen = show(TodayScreen(rm_ctx, clock=lambda: DEMO_TODAY))
    assert screen.reminder_list.objectName() == "reminder_list"
    assert screen.reminder_list.count() == 0
    due = Reminder("锐惠安装 贷款还款日 2026-11-25", "本金 50 万元")
    screen.set_reminders(["月度计划应于 12 月 1 日前提交", due])
    assert [screen.reminder_list.item(i).text() for i in range(2)] == [
        "月度计划应于 12 月 1 日前提交", "锐惠安装 贷款还款日 2026-11-25"]
    assert screen.reminder_list.item(1).toolTip() == "本金 50 万元"
    with qtbot.waitSignal(screen.reminder_activated) as signal:
        screen.reminder_list.itemActivated.emit(screen.reminder_list.item(1))
    assert signal.args == [due]
    screen.set_reminders([])
    assert screen.reminder_list.count() == 0


def test_a_change_elsewhere_refreshes_the_screen(rm_ctx, show) -> None:
    screen = show(TodayScreen(rm_ctx, clock=lambda: DEMO_TODAY))
    task = screen.tasks_model.rows[-1]
    rm_ctx.write(tasks.complete_task, entity="task", task_id=task.id)  # e.g. from the client screen
    assert screen.tasks_model.row_of(task.id) == -1
