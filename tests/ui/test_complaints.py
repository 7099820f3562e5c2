"""投诉: register a complaint, then walk it through its whole life from the screen's buttons and dialogs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from crm.domain.enums import ComplaintCategory, ComplaintChannel, ComplaintStatus, FeedbackMode
from crm.domain.types import utcnow
from crm.services.clients import ClientFilter, list_clients
from crm.services.complaints import get_complaint
from crm.ui.context import AppContext
from crm.ui.screens import complaints as complaints_module
from crm.ui.screens.complaints import (
    ChoiceDialog,
    ComplaintRegisterDialog,
    ComplaintsScreen,
    TextDialog,
    complaint_tone,
)


def own_client(ctx: AppContext):  # type: ignore[no-untyped-def]
    rows = ctx.read(list_clients, filters=ClientFilter(owner_id=ctx.actor.user_id), limit=1)
    assert rows, "the demo RM owns clients"
    return rows[0]


def make_screen(qtbot, ctx: AppContext) -> ComplaintsScreen:  # type: ignore[no-untyped-def]
    screen = ComplaintsScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def answer_dialog(qtbot, kind: type[QDialog], fill: Callable[[QDialog], None]) -> list[QDialog]:  # type: ignore[no-untyped-def]
    """When the next modal dialog of `kind` opens (the code under test calls exec()), fill it in."""
    seen: list[QDialog] = []

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind) and widget.isVisible():
            qtbot.addWidget(widget)
            seen.append(widget)
            fill(widget)
            return
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


def click(qtbot, screen: ComplaintsScreen, key: str) -> None:  # type: ignore[no-untyped-def]
    button = screen.action_buttons[key]
    assert button.isEnabled(), f"{key} should be enabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def enabled(screen: ComplaintsScreen) -> set[str]:
    return {key for key, button in screen.action_buttons.items() if button.isEnabled()}


def status_of(ctx: AppContext, complaint_id: str) -> ComplaintStatus:
    return ComplaintStatus(ctx.read(get_complaint, complaint_id=complaint_id).status)


def test_register_and_walk_the_whole_lifecycle(qtbot, rm_ctx, check_models, message_boxes) -> None:  # type: ignore[no-untyped-def]
    client = own_client(rm_ctx)
    screen = make_screen(qtbot, rm_ctx)
    check_models(screen)
    before = screen.model.rowCount()

    def fill_register(dialog: QDialog) -> None:
        assert isinstance(dialog, ComplaintRegisterDialog)
        dialog.client.set_client(client.id, client.legal_name)
        dialog.channel.setCurrentIndex(dialog.channel.findData(ComplaintChannel.IN_PERSON))
        qtbot.keyClicks(dialog.summary, "ATM tun ka")  # ASCII: offscreen key events cannot carry CJK text
        dialog.details.setPlainText("客户称取款时银行卡被吞，要求当天退还。")
        assert "前响应" in dialog.hint.text()
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    answer_dialog(qtbot, ComplaintRegisterDialog, fill_register)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    assert screen.model.rowCount() == before + 1
    row = screen.current_row()
    assert row is not None and row.summary == "ATM tun ka" and row.client_name == client.legal_name
    complaint_id = row.id
    assert row.status is ComplaintStatus.RECEIVED
    assert screen.model.data(screen.model.index(screen.model.rows.index(row), 6)) == "已受理"
    assert enabled(screen) == {"classify"}
    assert "ATM tun ka" in screen.detail.toPlainText()

    # Classify: routes to the department.
    def pick_service(dialog: QDialog) -> None:
        assert isinstance(dialog, ChoiceDialog)
        dialog.set_value(ComplaintCategory.SERVICE)
        assert "客户服务部门" in dialog.hint.text()
        dialog.accept()

    answer_dialog(qtbot, ChoiceDialog, pick_service)
    click(qtbot, screen, "classify")
    complaint = rm_ctx.read(get_complaint, complaint_id=complaint_id)
    assert complaint.status is ComplaintStatus.CLASSIFIED
    assert complaint.department == "customer_service_dept"
    assert screen.current_id() == complaint_id  # the selection survives the reload
    assert enabled(screen) == {"handle"}

    click(qtbot, screen, "handle")
    assert status_of(rm_ctx, complaint_id) is ComplaintStatus.HANDLING
    assert rm_ctx.read(get_complaint, complaint_id=complaint_id).responded_at is not None
    assert enabled(screen) == {"resolve"}

    def write(text: str) -> Callable[[QDialog], None]:
        def fill(dialog: QDialog) -> None:
            assert isinstance(dialog, TextDialog)
            dialog.editor.setPlainText(text)
            assert dialog.ok_button.isEnabled()
            dialog.accept()
        return fill

    answer_dialog(qtbot, TextDialog, write("已联系网点当日取回银行卡并归还客户"))
    click(qtbot, screen, "resolve")
    assert status_of(rm_ctx, complaint_id) is ComplaintStatus.RESOLVED
    assert enabled(screen) == {"feed_back", "reopen"}

    # Reopen: the client is still unhappy; handling again.
    answer_dialog(qtbot, TextDialog, write("客户要求书面致歉"))
    click(qtbot, screen, "reopen")
    assert status_of(rm_ctx, complaint_id) is ComplaintStatus.HANDLING
    answer_dialog(qtbot, TextDialog, write("已书面致歉并归还银行卡"))
    click(qtbot, screen, "resolve")

    def by_phone(dialog: QDialog) -> None:
        assert isinstance(dialog, ChoiceDialog)
        dialog.set_value(FeedbackMode.WRITTEN)
        dialog.accept()

    answer_dialog(qtbot, ChoiceDialog, by_phone)
    click(qtbot, screen, "feed_back")
    complaint = rm_ctx.read(get_complaint, complaint_id=complaint_id)
    assert complaint.status is ComplaintStatus.FED_BACK and complaint.feedback_mode is FeedbackMode.WRITTEN
    assert enabled(screen) == {"follow_up", "close", "reopen"}

    answer_dialog(qtbot, TextDialog, write("一周后回访，客户表示满意"))
    click(qtbot, screen, "follow_up")
    assert status_of(rm_ctx, complaint_id) is ComplaintStatus.FOLLOW_UP

    click(qtbot, screen, "close")  # confirmed through the (recorded) question box
    assert any("结案" in title for _k, title, _t in message_boxes.shown)
    complaint = rm_ctx.read(get_complaint, complaint_id=complaint_id)
    assert complaint.status is ComplaintStatus.CLOSED and complaint.closed_at is not None
    assert enabled(screen) == set()
    text = screen.detail.toPlainText()
    for step in ("受理", "分类转交", "开始处理", "处理完毕", "结果反馈", "跟进服务", "结案"):
        assert step in text
    assert "一周后回访" in text


def test_cancelled_dialogs_change_nothing_and_required_text_is_enforced(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    screen = make_screen(qtbot, rm_ctx)
    dialog = ComplaintRegisterDialog(rm_ctx, screen)
    qtbot.addWidget(dialog)
    dialog.on_accept()  # no client, no summary
    assert dialog.result() == 0 and "客户" in dialog.message.text()
    dialog.client.set_client(own_client(rm_ctx).id, own_client(rm_ctx).legal_name)
    dialog.on_accept()
    assert "摘要" in dialog.message.text() and dialog.created_id is None

    text = TextDialog("t", "p", parent=screen)
    qtbot.addWidget(text)
    assert not text.ok_button.isEnabled()
    text.editor.setPlainText("  ")
    assert not text.ok_button.isEnabled()
    optional = TextDialog("t", "p", required=False, parent=screen)
    qtbot.addWidget(optional)
    assert optional.ok_button.isEnabled()


def test_status_filter_and_deadline_colours(qtbot, head_ctx, check_models) -> None:  # type: ignore[no-untyped-def]
    screen = make_screen(qtbot, head_ctx)
    check_models(screen)
    everyone = screen.model.rowCount()
    assert everyone >= 1
    assert not screen.table.isColumnHidden(9)  # a branch head sees who took each case
    screen.status.setCurrentIndex(screen.status.findData("__open__"))
    open_rows = screen.model.rows
    assert all(r.status is not ComplaintStatus.CLOSED for r in open_rows)
    screen.status.setCurrentIndex(screen.status.findData(ComplaintStatus.CLOSED))
    assert all(r.status is ComplaintStatus.CLOSED for r in screen.model.rows)
    assert len(open_rows) + screen.model.rowCount() <= everyone
    screen.status.setCurrentIndex(0)
    screen.overdue_only.setChecked(True)
    assert all(r.response_breached or r.resolution_breached for r in screen.model.rows)
    for n, r in enumerate(screen.model.rows):
        background = screen.model.data(screen.model.index(n, 0), Qt.ItemDataRole.BackgroundRole)
        if r.status is not ComplaintStatus.CLOSED:
            assert background is not None and background.color().name() == "#fde8e8"  # breached: red


def test_tone_rules() -> None:
    from crm.domain.rules.workflow import complaint_deadlines
    from crm.services.complaints import ComplaintRegisterRow

    now = utcnow()

    def row(received: datetime, status: ComplaintStatus = ComplaintStatus.RECEIVED, **kw: object):  # type: ignore[no-untyped-def]
        d = complaint_deadlines(received)
        values = dict(id="c", client_id="x", client_name="n", rm_id="r", received_at=received,
                      channel=ComplaintChannel.PHONE, category=None, department="", status=status,
                      summary="s",
                      respond_by=d.respond_by, resolve_by=d.resolve_by, responded_at=None, resolved_at=None,
                      closed_at=None, response_breached=False, resolution_breached=False)
        values.update(kw)
        return ComplaintRegisterRow(**values)

    assert complaint_tone(row(now - timedelta(hours=1)), now) is None
    assert complaint_tone(row(now - timedelta(hours=21)), now) == "soon"  # 3 h left to respond
    assert complaint_tone(row(now - timedelta(days=2), response_breached=True), now) == "breach"
    closed_late = row(now - timedelta(days=2), ComplaintStatus.CLOSED, response_breached=True)
    assert complaint_tone(closed_late, now) is None


@pytest.mark.parametrize("present", [False, True])
def test_print_button_follows_the_printing_module(qtbot, rm_ctx, monkeypatch, present) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple] = []  # type: ignore[type-arg]

    class FakePrinting:
        @staticmethod
        def print_complaint_register(ctx, parent=None, *, date_from, date_to) -> None:  # type: ignore[no-untyped-def]
            calls.append((ctx, date_from, date_to, parent))

    monkeypatch.setattr(complaints_module, "printing_available", lambda: present)
    monkeypatch.setattr(complaints_module.importlib, "import_module", lambda _name: FakePrinting)
    screen = make_screen(qtbot, rm_ctx)
    assert screen.print_button.isVisible() is present
    screen.on_print()
    if present:
        assert calls == [(rm_ctx, *screen.period(), screen)]
    else:
        assert calls == []


def test_print_uses_the_real_printing_module_signature() -> None:
    import inspect

    from crm.ui import printing

    parameters = inspect.signature(printing.print_complaint_register).parameters
    assert list(parameters)[:2] == ["ctx", "parent"]
    assert parameters["date_from"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["date_to"].kind is inspect.Parameter.KEYWORD_ONLY


def test_keyboard_shortcuts(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    screen = make_screen(qtbot, rm_ctx)
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    qtbot.keyClick(screen.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.search.hasFocus()
    opened: list[QDialog] = []

    def cancel(dialog: QDialog) -> None:
        opened.append(dialog)
        dialog.reject()

    answer_dialog(qtbot, ComplaintRegisterDialog, cancel)
    qtbot.keyClick(screen.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and isinstance(opened[0], ComplaintRegisterDialog)
