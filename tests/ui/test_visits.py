"""拜访: the visit form typed with the keyboard, its errors, the list and filters, the head's review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from crm.services.clients import ClientFilter, ClientRow, list_clients
from crm.services.search import normalise, pinyin_keys
from crm.services.tasks import list_tasks
from crm.services.visits import get_visit, list_visits
from crm.ui.context import AppContext
from crm.ui.dialogs.visit_form import DEFAULT_ACTION_DAYS, VisitFormDialog
from crm.ui.screens.visits import VisitsScreen

DEMO_TODAY = date(2026, 11, 23)  # the demo data's today (tests/ui/conftest.py)


def clock() -> date:
    return DEMO_TODAY


def own_client(ctx: AppContext) -> ClientRow:
    rows = ctx.read(list_clients, filters=ClientFilter(owner_id=ctx.actor.user_id), limit=1)
    assert rows, "the demo RM owns clients"
    return rows[0]


@pytest.fixture
def open_form(show):
    def open_(ctx: AppContext, **kwargs) -> VisitFormDialog:
        return show(VisitFormDialog(ctx, None, today=DEMO_TODAY, **kwargs))

    return open_


def initials(name: str) -> str:
    """What a user types to find a client: the first few pinyin initials of its name."""
    return pinyin_keys(normalise(name))[1][:4]


def visits_of(ctx: AppContext, client_id: str) -> list:
    return ctx.read(list_visits, client_id=client_id, date_from=DEMO_TODAY, date_to=DEMO_TODAY)


def test_keyboard_visit_with_follow_up_creates_visit_and_task(qtbot, rm_ctx, keyboard, open_form) -> None:
    client = own_client(rm_ctx)
    before = len(visits_of(rm_ctx, client.id))
    dialog = open_form(rm_ctx)
    assert dialog.visit_on.date().toPython() == DEMO_TODAY  # default: today, on site, completed
    assert dialog.mode.currentIndex() == 0
    assert dialog.completed.isChecked()
    assert QApplication.focusWidget() is dialog.client  # the keyboard starts on the client

    keyboard.pick_client(dialog.client, client.id, initials(client.legal_name))
    assert dialog.client.text() == client.legal_name
    assert QApplication.focusWidget() is dialog.client
    qtbot.keyClick(dialog.client, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.visit_on  # tab order runs top to bottom
    keyboard.type(dialog.purpose, "介绍代发工资业务")
    keyboard.type(dialog.information, "财务总监有意向下月开户")
    dialog.goal_reached.setFocus()
    qtbot.keyClick(dialog.goal_reached, Qt.Key.Key_Down)  # （未填） → 是
    assert dialog.goal_reached.currentData() is True
    keyboard.type(dialog.next_steps, "带开户资料上门")
    keyboard.type(dialog.satisfaction, "4")

    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N: a new action row
    assert dialog.actions_table.rowCount() == 1
    editor = QApplication.focusWidget()
    assert editor is not None
    keyboard.type(editor, "寄送开户资料清单")
    with qtbot.waitSignal(dialog.visit_saved):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves

    assert dialog.result() == QDialog.DialogCode.Accepted
    visits = visits_of(rm_ctx, client.id)
    assert len(visits) == before + 1
    visit = rm_ctx.read(get_visit, visit_id=dialog.saved_id)
    assert (visit.purpose, visit.satisfaction, visit.goal_reached) == ("介绍代发工资业务", 4, True)
    assert visit.completed and visit.mode.value == "on_site" and visit.information == "财务总监有意向下月开户"
    tasks = [t for t in rm_ctx.read(list_tasks, client_id=client.id) if t.visit_id == visit.id]
    assert [(t.title, t.due_on) for t in tasks] == [
        ("寄送开户资料清单", DEMO_TODAY + timedelta(days=DEFAULT_ACTION_DAYS))]


def test_contact_combo_lists_the_clients_contacts(qtbot, rm_ctx, open_form) -> None:
    from crm.services.clients import list_contacts

    client = next(c for c in rm_ctx.read(list_clients, filters=ClientFilter(owner_id=rm_ctx.actor.user_id))
                  if rm_ctx.read(list_contacts, client_id=c.id))
    contacts = rm_ctx.read(list_contacts, client_id=client.id)
    dialog = open_form(rm_ctx, client_id=client.id)
    assert [dialog.contact.itemData(i) for i in range(dialog.contact.count())] == [c.id for c in contacts]
    assert dialog.contact.currentIndex() >= 0
    assert dialog.form_values()["contact_id"] == contacts[dialog.contact.currentIndex()].id


def test_invalid_satisfaction_shows_error_and_keeps_input(
        qtbot, rm_ctx, message_boxes, keyboard, open_form) -> None:
    client = own_client(rm_ctx)
    before = len(visits_of(rm_ctx, client.id))
    dialog = open_form(rm_ctx)
    keyboard.pick_client(dialog.client, client.id, initials(client.legal_name))
    keyboard.type(dialog.purpose, "回访")
    keyboard.type(dialog.satisfaction, "9")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert len(message_boxes.shown) == 1
    kind, _title, text = message_boxes.shown[0]
    assert kind == "warning" and ("satisfaction" in text or "满意度" in text)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.purpose.toPlainText() == "回访" and dialog.satisfaction.text() == "9"
    assert dialog.client.client_id == client.id
    assert QApplication.focusWidget() is dialog.satisfaction
    assert len(visits_of(rm_ctx, client.id)) == before

    dialog.satisfaction.setText("5")  # corrected: the same dialog now saves
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(visits_of(rm_ctx, client.id)) == before + 1


def test_missing_client_shows_error_and_keeps_dialog(
        qtbot, rm_ctx, message_boxes, keyboard, open_form) -> None:
    before = len(rm_ctx.read(list_visits, date_from=DEMO_TODAY, date_to=DEMO_TODAY))
    dialog = open_form(rm_ctx)
    keyboard.type(dialog.purpose, "没有选客户")
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert len(message_boxes.shown) == 1
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.purpose.toPlainText() == "没有选客户"
    assert len(rm_ctx.read(list_visits, date_from=DEMO_TODAY, date_to=DEMO_TODAY)) == before


def test_unknown_client_text_is_not_guessed(qtbot, rm_ctx, message_boxes, keyboard, open_form) -> None:
    dialog = open_form(rm_ctx)
    keyboard.type(dialog.client, "并不存在的公司名称")
    qtbot.keyClick(dialog.client, Qt.Key.Key_Return)
    assert dialog.client.client_id == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(message_boxes.shown) == 1 and dialog.isVisible()


def test_missed_goal_needs_a_reason(qtbot, rm_ctx, message_boxes, open_form) -> None:
    client = own_client(rm_ctx)
    dialog = open_form(rm_ctx, client_id=client.id)
    dialog.goal_reached.setCurrentIndex(dialog.goal_reached.findData(False))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(message_boxes.shown) == 1 and dialog.isVisible()
    assert QApplication.focusWidget() is dialog.goal_reason


def test_visit_list_filters_and_detail(qtbot, rm_ctx, check_models) -> None:
    screen = VisitsScreen(rm_ctx, clock=clock)
    qtbot.addWidget(screen)
    screen.show()
    assert check_models(screen) == 1
    screen.period.setCurrentIndex(screen.period.findData("all"))
    expected = rm_ctx.read(list_visits, limit=1000)
    assert screen.model.rowCount() == min(len(expected), 200)
    assert screen.count_label.text() == (f"{len(expected)}+ 条拜访" if len(expected) > 200
                                         else f"共 {len(expected)} 条拜访")
    assert screen.detail.toPlainText()  # the first row is shown in the detail pane

    screen.awaiting.setChecked(True)
    assert screen.model.rows and all(r.completed and not r.reviewed for r in screen.model.rows)
    assert not screen.review_button.isVisible()  # RMs never review

    screen.awaiting.setChecked(False)
    client = screen.model.rows[0]
    screen.client.set_client(client.client_id, client.client_name)
    assert screen.model.rows and {r.client_id for r in screen.model.rows} == {client.client_id}

    screen.period.setCurrentIndex(screen.period.findData("month"))
    assert all(r.visit_on.month == DEMO_TODAY.month and r.visit_on.year == DEMO_TODAY.year
               for r in screen.model.rows)


def test_new_visit_refreshes_the_list(qtbot, rm_ctx, monkeypatch, show) -> None:
    client = own_client(rm_ctx)
    screen = show(VisitsScreen(rm_ctx, clock=clock))
    screen.period.setCurrentIndex(screen.period.findData("today"))
    before = screen.model.rowCount()

    def fake_exec(dialog: VisitFormDialog) -> int:
        dialog.client.set_client(client.id, client.legal_name)
        dialog.purpose.setPlainText("电话回访")
        dialog.on_save()
        return int(dialog.result())

    monkeypatch.setattr(VisitFormDialog, "exec", fake_exec)
    with qtbot.waitSignal(screen.visit_logged):
        qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.model.rowCount() == before + 1
    assert screen.current_row() is not None and screen.current_row().purpose == "电话回访"


def test_branch_head_reviews_a_visit(qtbot, rm_ctx, head_ctx, check_models, keyboard, open_form) -> None:
    screen = VisitsScreen(head_ctx, clock=clock)
    qtbot.addWidget(screen)
    screen.show()
    check_models(screen)
    assert screen.review_button.isVisible()
    screen.period.setCurrentIndex(screen.period.findData("all"))
    screen.awaiting.setChecked(True)
    row = next(r for r in screen.model.rows if r.rm_id != head_ctx.actor.user_id)
    screen.select_visit(row.id)
    assert screen.review_button.isEnabled()

    dialog = open_form(head_ctx, visit_id=row.id)
    assert dialog.review_box.isVisible() and not dialog.review_edit.isReadOnly()
    assert not dialog.save_button.isVisible()  # the head does not edit the RM's record
    assert dialog.purpose.isReadOnly()
    keyboard.type(dialog.review_edit, "下次带上代发工资方案，约财务总监")
    with qtbot.waitSignal(dialog.visit_reviewed):
        qtbot.keyClick(dialog.review_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    visit = head_ctx.read(get_visit, visit_id=row.id)
    assert visit.reviewed_by == head_ctx.actor.user_id
    assert visit.review_comment == "下次带上代发工资方案，约财务总监"
    assert screen.model.row_of(row.id) == -1  # no longer awaiting review

    # the RM sees the review, read-only, and can no longer change the record
    if visit.rm_id == rm_ctx.actor.user_id:
        rm_dialog = open_form(rm_ctx, visit_id=row.id)
        assert not rm_dialog.save_button.isVisible() and rm_dialog.review_edit.isReadOnly()


def test_rm_cannot_review(qtbot, rm_ctx, open_form) -> None:
    rows = rm_ctx.read(list_visits, rm_id=rm_ctx.actor.user_id, awaiting_review=True, limit=1)
    assert rows
    dialog = open_form(rm_ctx, visit_id=rows[0].id)
    assert not dialog.can_review
    assert not dialog.review_box.isVisible() and not dialog.review_button.isVisible()
    assert dialog.save_button.isVisible()  # the author may still edit until reviewed


def test_author_edits_an_unreviewed_visit(qtbot, rm_ctx, open_form) -> None:
    row = rm_ctx.read(list_visits, rm_id=rm_ctx.actor.user_id, awaiting_review=True, limit=1)[0]
    dialog = open_form(rm_ctx, visit_id=row.id)
    assert dialog.client.isReadOnly() and not dialog.completed.isEnabled()
    dialog.next_steps.setPlainText("下周三前提交授信资料")
    dialog.on_add_action()
    QApplication.focusWidget().setText("提交授信资料")
    dialog.on_save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    visit = rm_ctx.read(get_visit, visit_id=row.id)
    assert visit.next_steps == "下周三前提交授信资料"
    assert "提交授信资料" in [t.title for t in rm_ctx.read(list_tasks, client_id=row.client_id)
                              if t.visit_id == row.id]


@pytest.mark.parametrize("period", ["today", "week", "month", "last_month", "90d", "year", "all"])
def test_periods_are_ranges_around_today(period: str) -> None:
    from crm.ui.screens.visits import period_range

    start, end = period_range(period, DEMO_TODAY)
    if period == "all":
        assert (start, end) == (None, None)
    else:
        assert start is not None and end is not None and start <= end
    if period in ("today", "week", "month", "90d", "year"):
        assert start <= DEMO_TODAY <= end
