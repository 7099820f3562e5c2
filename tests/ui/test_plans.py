"""计划: the monthly Gantt over the working days, planning days by clicking, and the review workflow."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from crm.domain.enums import PlanGoal, PlanItemStatus, PlanStatus
from crm.services import plans
from crm.services.clients import ClientFilter, list_clients
from crm.ui.models.plan_gantt_model import MARK_ROLE
from crm.ui.screens import plans as plans_module
from crm.ui.screens.plans import PlanItemDialog, PlansScreen

DEMO_TODAY = date(2026, 11, 23)  # the demo data's today (tests/ui/conftest.py)
NEXT_MONTH = "2026-12"


def clock() -> date:
    return DEMO_TODAY


@pytest.fixture
def plans_screen(show):
    def make(ctx) -> PlansScreen:
        return show(PlansScreen(ctx, clock=clock))

    return make


def fill_item_dialog(monkeypatch, *, client_id: str | None = None, client_name: str = "",
                     prospect: str = "", goal: PlanGoal = PlanGoal.DEPOSIT,
                     goal_text: str = "") -> list[PlanItemDialog]:
    """Replace the modal exec of the item dialog by filling it in as the user would, once."""
    dialogs: list[PlanItemDialog] = []

    def fake_exec(dialog: PlanItemDialog) -> int:
        if dialogs and dialogs[-1] is dialog:
            return int(QDialog.DialogCode.Rejected)  # shown again after a refusal: give up
        dialogs.append(dialog)
        if client_id:
            dialog.is_client.setChecked(True)
            dialog.client.set_client(client_id, client_name)
        else:
            dialog.is_prospect.setChecked(True)
            dialog.prospect.setText(prospect)
        dialog.goal.setCurrentIndex(dialog.goal.findData(goal))
        dialog.goal_text.setText(goal_text)
        if dialog.products.count():
            dialog.products.item(0).setCheckState(Qt.CheckState.Checked)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(PlanItemDialog, "exec", fake_exec)
    return dialogs


def click_cell(qtbot, screen: PlansScreen, item_id: str, day: date) -> None:
    rect = screen.gantt.cell_rect(item_id, day)
    assert rect.isValid()
    qtbot.mouseClick(screen.gantt.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_gantt_has_a_column_per_working_day_of_the_month(rm_ctx, plans_screen, check_models) -> None:
    screen = plans_screen(rm_ctx)
    assert check_models(screen) == 1
    assert screen.current_month() == "2026-11"
    days = plans.working_days(2026, 11)
    # November 2026 starts on a Sunday: 30 days minus 4 Saturdays and 5 Sundays = 21 working days
    assert len(days) == 21
    model = screen.gantt.model
    assert model.columnCount() == len(days) == screen.gantt.table.horizontalHeader().count()
    assert model.days == days
    assert model.headerData(0, Qt.Orientation.Horizontal) == "2\n一"
    assert model.today_column == days.index(DEMO_TODAY)
    assert model.headerData(model.today_column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ForegroundRole)
    view = screen.view
    assert view is not None and model.rowCount() == len(view.rows) > 0
    assert screen.status_chip.text() == "已批准"
    assert "网点负责人意见" in screen.comment_label.text()
    assert not screen.gantt.editable  # an approved plan is not edited in place
    assert not screen.add_button.isEnabled() and screen.amend_button.isEnabled()

    screen.step_month(1)
    assert screen.current_month() == NEXT_MONTH and screen.plan is None
    assert screen.create_button.isVisible() and screen.create_button.isEnabled()
    assert model.columnCount() == 0 and screen.gantt.empty_label.isVisible()


def test_clicking_cells_plans_days_and_submit_approve_amend(
        qtbot, rm_ctx, head_ctx, plans_screen, check_models, monkeypatch, message_boxes) -> None:
    client = rm_ctx.read(list_clients, filters=ClientFilter(owner_id=rm_ctx.actor.user_id), limit=1)[0]
    screen = plans_screen(rm_ctx)
    check_models(screen)
    screen.set_month(NEXT_MONTH)
    fill_item_dialog(monkeypatch, client_id=client.id, client_name=client.legal_name,
                     goal_text="新增存款 300 万元")

    qtbot.mouseClick(screen.create_button, Qt.MouseButton.LeftButton)  # creates the draft, then the first row
    assert screen.plan is not None and screen.plan.status is PlanStatus.DRAFT
    assert screen.gantt.model.rowCount() == 1 and screen.gantt.editable
    days = plans.working_days(2026, 12)
    assert screen.gantt.model.columnCount() == len(days) == 23
    item_id = screen.gantt.model.row_at(0).item_id

    click_cell(qtbot, screen, item_id, days[2])
    click_cell(qtbot, screen, item_id, days[5])
    stored = rm_ctx.read(plans.list_items, plan_id=screen.plan.id)[0]
    assert stored.planned_days == [days[2].isoformat(), days[5].isoformat()]
    assert stored.client_id == client.id and stored.goal_text == "新增存款 300 万元" and stored.product_ids
    assert screen.gantt.model.index(0, 2).data(MARK_ROLE) == "planned"
    click_cell(qtbot, screen, item_id, days[5])  # a second click takes the day off again
    assert rm_ctx.read(plans.list_items, plan_id=screen.plan.id)[0].planned_days == [days[2].isoformat()]
    screen.gantt.table.setFocus()
    screen.gantt.select_item(item_id, days[7])
    qtbot.keyClick(screen.gantt.table, Qt.Key.Key_Space)  # the keyboard plans a day too
    assert rm_ctx.read(plans.list_items, plan_id=screen.plan.id)[0].planned_days == [
        days[2].isoformat(), days[7].isoformat()]

    # a prospect row
    fill_item_dialog(monkeypatch, prospect="新港物流有限公司", goal=PlanGoal.OPEN_ACCOUNT)
    qtbot.keyClick(screen.gantt.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.gantt.model.rowCount() == 2
    assert screen.gantt.model.headerData(1, Qt.Orientation.Vertical) == "新港物流有限公司（潜在） · 开户"

    # submit (Ctrl+Enter)
    with qtbot.waitSignal(screen.plan_submitted):
        qtbot.keyClick(screen.gantt.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert screen.plan.status is PlanStatus.SUBMITTED and screen.status_chip.text() == "已提交"
    assert not screen.gantt.editable and screen.withdraw_button.isVisible()
    plan_id = screen.plan.id

    # the branch head, on the same workspace, sees it waiting and approves with a comment
    head = plans_screen(head_ctx)
    check_models(head)
    head.set_month(NEXT_MONTH)
    head.set_rm(rm_ctx.actor.user_id)
    assert head.plan is not None and head.plan.id == plan_id
    assert head.approve_button.isEnabled() and head.return_button.isEnabled()
    assert not head.add_button.isVisible() and not head.gantt.editable
    head.decision_comment.setText("同意，月底汇报进展")
    with qtbot.waitSignal(head.plan_decided):
        qtbot.mouseClick(head.approve_button, Qt.MouseButton.LeftButton)
    assert head.plan.status is PlanStatus.APPROVED and not head.approve_button.isEnabled()

    # the RM sees it approved, with the head's comment, and asks for an amendment
    screen.reload()
    assert screen.plan.status is PlanStatus.APPROVED and screen.status_chip.text() == "已批准"
    assert "同意，月底汇报进展" in screen.comment_label.text()
    assert screen.amend_button.isVisible() and screen.amend_button.isEnabled()
    assert not screen.add_button.isEnabled()
    with qtbot.waitSignal(screen.plan_amended):
        qtbot.mouseClick(screen.amend_button, Qt.MouseButton.LeftButton)
    assert screen.plan.status is PlanStatus.AMENDED and screen.plan.amends_plan_id == plan_id
    assert screen.gantt.editable and screen.add_button.isEnabled()
    assert screen.gantt.model.rowCount() == 2  # the amendment starts as a copy
    assert screen.version.isVisible() and screen.version.count() == 2
    assert message_boxes.shown == []


def test_head_returns_a_plan_only_with_a_comment(
        qtbot, rm_ctx, head_ctx, plans_screen, message_boxes) -> None:
    client = rm_ctx.read(list_clients, filters=ClientFilter(owner_id=rm_ctx.actor.user_id), limit=1)[0]
    plan = rm_ctx.write(plans.create_plan, entity="plan", data=plans.PlanCreate(month=NEXT_MONTH))
    rm_ctx.write(plans.add_item, entity="plan_item", plan_id=plan.id,
                 data=plans.PlanItemIn(client_id=client.id, planned_days=[date(2026, 12, 2)]))
    rm_ctx.write(plans.submit_plan, entity="plan", plan_id=plan.id)

    head = plans_screen(head_ctx)
    head.set_month(NEXT_MONTH)
    head.set_rm(rm_ctx.actor.user_id)
    qtbot.mouseClick(head.return_button, Qt.MouseButton.LeftButton)
    assert len(message_boxes.shown) == 1  # the comment is required
    assert head.plan.status is PlanStatus.SUBMITTED

    head.decision_comment.setText("请补充新客户拓展目标")
    qtbot.mouseClick(head.return_button, Qt.MouseButton.LeftButton)
    assert head.plan.status is PlanStatus.RETURNED

    screen = plans_screen(rm_ctx)
    screen.set_month(NEXT_MONTH)
    assert screen.status_chip.text() == "已退回" and "请补充新客户拓展目标" in screen.comment_label.text()
    assert screen.gantt.editable and screen.submit_button.isEnabled()  # returned: edit and resubmit


def test_withdraw_brings_the_plan_back_to_draft(qtbot, rm_ctx, plans_screen) -> None:
    plan = rm_ctx.write(plans.create_plan, entity="plan", data=plans.PlanCreate(month=NEXT_MONTH))
    rm_ctx.write(plans.add_item, entity="plan_item", plan_id=plan.id,
                 data=plans.PlanItemIn(prospect_name="新港物流有限公司"))
    screen = plans_screen(rm_ctx)
    screen.set_month(NEXT_MONTH)
    qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    assert screen.plan.status is PlanStatus.SUBMITTED
    qtbot.mouseClick(screen.withdraw_button, Qt.MouseButton.LeftButton)
    assert screen.plan.status is PlanStatus.DRAFT and screen.gantt.editable


def test_done_and_delayed_items_on_the_approved_plan(qtbot, rm_ctx, plans_screen, monkeypatch) -> None:
    screen = plans_screen(rm_ctx)
    open_rows = [r for r in screen.view.rows if r.status is PlanItemStatus.PLANNED]
    assert open_rows, "the demo RM's approved November plan has a visit still planned"
    item_id = open_rows[0].item_id
    screen.gantt.select_item(item_id)
    assert screen.delay_button.isEnabled() and screen.done_button.isEnabled()

    new_date = date(2026, 12, 3)
    monkeypatch.setattr(plans_module, "ask_date", lambda *_a, **_k: new_date)
    qtbot.mouseClick(screen.delay_button, Qt.MouseButton.LeftButton)
    row = screen.gantt.model.row_at(screen.gantt.model.row_of(item_id))
    assert row is not None and row.status is PlanItemStatus.DELAYED and row.delayed_to == new_date
    assert "延迟至 2026-12-03" in screen.item_label.text()
    assert "delayed" in row.cells  # the slipped days stay visible, hatched

    screen.gantt.select_item(item_id)
    qtbot.mouseClick(screen.done_button, Qt.MouseButton.LeftButton)
    row = screen.gantt.model.row_at(screen.gantt.model.row_of(item_id))
    assert row is not None and row.status is PlanItemStatus.DONE
    assert not screen.done_button.isEnabled()


def test_refused_item_keeps_the_dialog_input(qtbot, rm_ctx, plans_screen, monkeypatch, message_boxes) -> None:
    rm_ctx.write(plans.create_plan, entity="plan", data=plans.PlanCreate(month=NEXT_MONTH))
    screen = plans_screen(rm_ctx)
    screen.set_month(NEXT_MONTH)
    dialogs = fill_item_dialog(monkeypatch, prospect="")  # neither client nor prospect: refused
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
    assert len(message_boxes.shown) == 1
    assert len(dialogs) == 1 and dialogs[0].is_prospect.isChecked()  # the same dialog came back
    assert screen.gantt.model.rowCount() == 0


def test_print_button_prints_the_plan_shown(qtbot, rm_ctx, plans_screen, monkeypatch) -> None:
    screen = plans_screen(rm_ctx)
    assert screen.print_button.isVisible() == plans_module._printing_available()
    if not screen.print_button.isVisible():
        return
    from crm.ui import printing

    printed: list[str] = []
    monkeypatch.setattr(printing, "print_plan", lambda ctx, plan_id, parent: printed.append(plan_id))
    with qtbot.waitSignal(screen.print_requested) as signal:
        qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    assert signal.args == [screen.plan.id] and printed == [screen.plan.id]


def test_edit_and_remove_items_of_a_draft(qtbot, rm_ctx, plans_screen, monkeypatch, message_boxes) -> None:
    client = rm_ctx.read(list_clients, filters=ClientFilter(owner_id=rm_ctx.actor.user_id), limit=1)[0]
    plan = rm_ctx.write(plans.create_plan, entity="plan", data=plans.PlanCreate(month=NEXT_MONTH))
    first = rm_ctx.write(plans.add_item, entity="plan_item", plan_id=plan.id, data=plans.PlanItemIn(
        client_id=client.id, goal=PlanGoal.LOAN, planned_days=[date(2026, 12, 2)]))
    second = rm_ctx.write(plans.add_item, entity="plan_item", plan_id=plan.id,
                          data=plans.PlanItemIn(prospect_name="新港物流有限公司"))
    screen = plans_screen(rm_ctx)
    screen.set_month(NEXT_MONTH)
    assert screen.gantt.model.rowCount() == 2

    dialogs = fill_item_dialog(monkeypatch, client_id=client.id, client_name=client.legal_name,
                               goal=PlanGoal.DEPOSIT, goal_text="新增存款 100 万元")
    screen.gantt.select_item(first.id)
    screen.gantt.table.setFocus()
    qtbot.keyClick(screen.gantt.table, Qt.Key.Key_Return)  # Enter edits the row
    assert len(dialogs) == 1 and dialogs[0].client.client_id == client.id
    stored = {i.id: i for i in rm_ctx.read(plans.list_items, plan_id=plan.id)}
    assert stored[first.id].goal is PlanGoal.DEPOSIT and stored[first.id].goal_text == "新增存款 100 万元"
    assert stored[first.id].planned_days == ["2026-12-02"]  # the days set on the Gantt are kept

    screen.gantt.select_item(second.id)
    screen.gantt.table.setFocus()
    qtbot.keyClick(screen.gantt.table, Qt.Key.Key_Delete)
    assert [kind for kind, *_ in message_boxes.shown] == ["question"]
    assert [i.id for i in rm_ctx.read(plans.list_items, plan_id=plan.id)] == [first.id]
    assert screen.gantt.model.rowCount() == 1
