"""同步: pending edits after an offline change, conflicts resolved in the dialog, refused changes retried or
dismissed, and 'sync now' in the background with its progress; the status bar shows the same counts."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QRadioButton
from sqlmodel import col, select

from crm.domain.enums import OutboxOp
from crm.domain.models import Client, Conflict, Outbox, SyncRejection
from crm.domain.types import utcnow
from crm.services.clients import ClientFilter, ClientUpdate, list_clients, update_client
from crm.sync.client import ServerUnavailable, SyncEngine, SyncReport, SyncStatus
from crm.ui.context import AppContext
from crm.ui.dialogs.conflict import ConflictDialog
from crm.ui.screens.sync import SyncScreen
from crm.ui.widgets.sync_status import SyncStatusWidget, sync_controller


def own_client(ctx: AppContext) -> Any:
    rows = ctx.read(list_clients, filters=ClientFilter(owner_id=ctx.actor.user_id), limit=1)
    if not rows:  # a branch head owns nobody: any client of the branch
        rows = ctx.read(list_clients, filters=ClientFilter(), limit=1)
    return rows[0]


def make_screen(qtbot, ctx: AppContext) -> SyncScreen:  # type: ignore[no-untyped-def]
    screen = SyncScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def outbox(ctx: AppContext) -> list[Outbox]:
    with ctx.session() as session:
        rows = list(session.exec(select(Outbox).order_by(col(Outbox.seq))))
        session.expunge_all()
    return rows


def add_conflict(ctx: AppContext, client_id: str, field: str = "address", base: Any = "黄浦区中山东一路 1 号",
                 mine: Any = "黄浦区中山东一路 1 号 3 楼", theirs: Any = "浦东新区陆家嘴环路 8 号",
                 version: int = 12) -> str:
    """A conflict as a pull would bring it: a row of the ledger's for this user."""
    with ctx.session() as session:
        conflict = Conflict(entity="client", entity_id=client_id, field=field, base_value=base,
                            mine_value=mine, theirs_value=theirs, user_id=ctx.actor.user_id,
                            mutation_id="m-7", version=version)
        session.add(conflict)
        session.flush()
        return conflict.id


def add_rejection(ctx: AppContext, client_id: str, seq: int = 900, code: str = "client.not_owner") -> None:
    with ctx.session() as session:
        session.add(SyncRejection(seq=seq, mutation_id=f"mut-{seq}", entity="client", entity_id=client_id,
                                  op=OutboxOp.PATCH, payload={"address": "被拒的新地址"}, code=code,
                                  at=utcnow()))


def answer_dialog(qtbot, fill: Callable[[ConflictDialog], None]) -> None:  # type: ignore[no-untyped-def]
    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, ConflictDialog) and widget.isVisible():
            qtbot.addWidget(widget)
            fill(widget)
            return
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def cell(model, row: int, column: int) -> Any:  # type: ignore[no-untyped-def]
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def test_offline_edit_is_listed_as_pending(qtbot, rm_ctx, check_models) -> None:  # type: ignore[no-untyped-def]
    client = own_client(rm_ctx)
    screen = make_screen(qtbot, rm_ctx)
    check_models(screen)
    before = screen.pending_model.rowCount()
    assert "未连接服务器" in screen.state_label.text()
    assert not screen.sync_button.isEnabled()  # no server configured: nothing to sync with

    rm_ctx.write(update_client, entity="client", client_id=client.id,
                 data=ClientUpdate(address="静安区南京西路 1266 号", progress="已约见财务总监"))

    assert screen.pending_model.rowCount() == before + 1  # the screen listens to data_changed
    row = screen.pending_model.rowCount() - 1
    assert cell(screen.pending_model, row, 1) == "客户"
    assert cell(screen.pending_model, row, 2) == client.legal_name
    assert cell(screen.pending_model, row, 3) == "修改"
    assert "地址" in cell(screen.pending_model, row, 4)
    assert cell(screen.pending_model, row, 6) == "等待上传"
    assert screen.tabs.tabText(0) == f"待上传（{before + 1}）"


@pytest.mark.parametrize(("choice", "payload"), [
    ("theirs", {"choice": "theirs"}),
    ("mine", {"choice": "mine"}),
    ("edit", {"choice": "edit", "value": "Lujiazui Ring Rd 8, Floor 3"}),
])
def test_conflict_resolved_through_the_dialog_queues_the_command(qtbot, rm_ctx, check_models, choice,  # type: ignore[no-untyped-def]
                                                                 payload) -> None:
    client = own_client(rm_ctx)
    conflict_id = add_conflict(rm_ctx, client.id)
    screen = make_screen(qtbot, rm_ctx)
    check_models(screen)
    assert screen.conflict_model.rowCount() == 1
    assert [cell(screen.conflict_model, 0, c) for c in range(5)] == [
        "客户", client.legal_name, "地址", "黄浦区中山东一路 1 号 3 楼", "浦东新区陆家嘴环路 8 号"]
    assert screen.tabs.tabText(1) == "冲突（1）"
    screen.show_issues()
    assert screen.tabs.currentIndex() == 1
    assert screen.resolve_button.isEnabled()

    def fill(dialog: ConflictDialog) -> None:
        assert dialog.findChild(QLineEdit, "edit_value_0") is not None
        assert dialog.findChild(QLabel, "conflict_theirs_0").text() == "浦东新区陆家嘴环路 8 号"
        assert dialog.findChild(QLabel, "conflict_base_0").text() == "黄浦区中山东一路 1 号"
        dialog.on_accept()  # nothing chosen yet: the dialog asks
        assert "选择处理方式" in dialog.message.text() and dialog.isVisible()
        radio = {"mine": "keep_mine_0", "theirs": "keep_theirs_0", "edit": "edit_0"}[choice]
        qtbot.mouseClick(dialog.findChild(QRadioButton, radio), Qt.MouseButton.LeftButton)
        editor = dialog.findChild(QLineEdit, "edit_value_0")
        assert editor.isEnabled() is (choice == "edit")
        if choice == "edit":
            editor.clear()
            qtbot.keyClicks(editor, "Lujiazui Ring Rd 8, Floor 3")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    answer_dialog(qtbot, fill)
    qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)

    [queued] = [r for r in outbox(rm_ctx) if r.entity == "conflict"]
    assert (queued.entity_id, queued.op, queued.name) == (conflict_id, OutboxOp.COMMAND, "conflict.resolve")
    assert queued.payload == payload
    assert queued.base_versions == {"_row": 12}
    assert screen.conflict_model.rowCount() == 0
    assert screen.tabs.tabText(1) == "冲突（0）"
    assert any(r.entity == "conflict" and r.name == "conflict.resolve" for r in screen.pending_model.rows)


def test_dialog_takes_every_field_of_the_record_and_checks_edited_values(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    client = own_client(rm_ctx)
    add_conflict(rm_ctx, client.id, field="deposit_balance_fen", base=100_000, mine=250_000, theirs=300_000)
    add_conflict(rm_ctx, client.id, field="kyc_documents", base={}, mine={"license": True},
                 theirs={"license": False})
    add_conflict(rm_ctx, client.id, field="uscc", base="91310101MA1FL00001", mine="91310101MA1FL11112",
                 theirs="91310101MA1FL22223")
    screen = make_screen(qtbot, rm_ctx)
    rows = screen.conflict_model.rows
    dialog = ConflictDialog(rm_ctx, rows, screen)
    qtbot.addWidget(dialog)
    assert len(dialog.groups) == 3
    # Amounts in 元, JSON for structured values, identifiers masked and never pre-filled.
    assert dialog.findChild(QLineEdit, "conflict_mine_0") is None
    labels = {w.objectName(): w.text() for w in dialog.findChildren(QLabel)}
    assert labels["conflict_mine_0"] == "2,500.00"
    assert "1111" not in labels["conflict_mine_2"]
    uscc_editor = dialog.findChild(QLineEdit, "edit_value_2")
    assert uscc_editor.text() == ""
    dialog.groups[0].button(2).setChecked(True)
    dialog.editors[0].widget.setValue(2800.5)  # type: ignore[attr-defined]
    dialog.groups[1].button(2).setChecked(True)
    dialog.editors[1].widget.setPlainText("{not json")  # type: ignore[attr-defined]
    dialog.groups[2].button(1).setChecked(True)
    dialog.on_accept()
    assert "格式不正确" in dialog.message.text()
    dialog.editors[1].widget.setPlainText('{"license": true, "org_code": true}')  # type: ignore[attr-defined]
    dialog.on_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    values = sorted((r.payload["choice"], str(r.payload.get("value")))
                    for r in outbox(rm_ctx) if r.entity == "conflict")
    assert values == [("edit", "280050"), ("edit", "{'license': True, 'org_code': True}"), ("theirs", "None")]


def test_rejection_shows_its_reason_and_retry_requeues_it(qtbot, rm_ctx, check_models, message_boxes) -> None:  # type: ignore[no-untyped-def]
    client = own_client(rm_ctx)
    add_rejection(rm_ctx, client.id, seq=900, code="client.not_owner")
    add_rejection(rm_ctx, client.id, seq=901, code="complaint.transition_invalid")
    add_rejection(rm_ctx, client.id, seq=902, code="something.new")
    screen = make_screen(qtbot, rm_ctx)
    check_models(screen)
    model = screen.rejection_model
    assert model.rowCount() == 3
    assert cell(model, 0, 3) == "只有该客户的客户经理或网点负责人可以修改"
    assert cell(model, 1, 3) == "记录状态已在服务器上改变，此操作不再适用"
    assert cell(model, 2, 3) == "服务器拒绝了此修改（something.new）"
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole) == "client.not_owner"
    screen.show_issues()
    assert screen.tabs.currentIndex() == 2
    before = len(outbox(rm_ctx))

    screen.rejection_table.selectRow(0)
    qtbot.mouseClick(screen.retry_button, Qt.MouseButton.LeftButton)
    queued = outbox(rm_ctx)
    assert len(queued) == before + 1
    assert (queued[-1].entity, queued[-1].entity_id, queued[-1].op) == ("client", client.id, OutboxOp.PATCH)
    assert queued[-1].payload == {"address": "被拒的新地址"}
    with rm_ctx.session() as session:
        assert session.get(Client, client.id).address == "被拒的新地址"  # type: ignore[union-attr]
        assert session.get(SyncRejection, 900).dismissed  # type: ignore[union-attr]
    assert model.rowCount() == 2
    assert screen.tabs.currentIndex() == 0  # the retried change now waits in the queue
    assert any(r.seq == queued[-1].seq for r in screen.pending_model.rows)

    screen.rejection_table.selectRow(0)
    qtbot.mouseClick(screen.dismiss_button, Qt.MouseButton.LeftButton)
    assert message_boxes.shown and message_boxes.shown[-1][0] == "question"
    assert model.rowCount() == 1
    assert len(outbox(rm_ctx)) == before + 1  # dismissing queues nothing


def test_engine_does_the_work_when_configured(qtbot, head_ctx) -> None:  # type: ignore[no-untyped-def]
    # The workspace's owner is the branch head: the engine acts for them, with no server (local only).
    head_ctx.sync_engine = SyncEngine(head_ctx.workspace, None)
    client = own_client(head_ctx)
    conflict_id = add_conflict(head_ctx, client.id)
    add_rejection(head_ctx, client.id, seq=950)
    screen = make_screen(qtbot, head_ctx)

    def keep_mine(dialog: ConflictDialog) -> None:
        dialog.groups[0].button(0).setChecked(True)
        dialog.on_accept()

    answer_dialog(qtbot, keep_mine)
    screen.on_resolve()
    resolved = [r for r in outbox(head_ctx) if r.entity == "conflict"]
    assert [(r.entity_id, r.payload) for r in resolved] == [(conflict_id, {"choice": "mine"})]
    screen.rejection_table.selectRow(0)
    screen.on_retry()
    assert outbox(head_ctx)[-1].payload == {"address": "被拒的新地址"}
    assert screen.rejection_model.rowCount() == 0


class FakeEngine:
    """Stands in for SyncEngine.sync: reports bootstrap progress, then succeeds or fails."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls = 0
        self.last: datetime | None = None

    def sync(self, progress: Callable[[str, int, int], None] | None = None) -> SyncReport:
        self.calls += 1
        assert progress is not None
        progress("snapshot", 5000, 0)
        progress("index", 40, 200)
        if self.fail:
            raise ServerUnavailable(server="https://ledger.example")
        self.last = utcnow()
        return SyncReport(pushed=2, applied=2, pulled=10, bootstrapped=True)

    def status(self) -> SyncStatus:
        return SyncStatus(enrolled=True, server="https://ledger.example", epoch="e1", device_id="d1",
                          cursor=10, pending=0, open_conflicts=0, rejected=0, last_sync_at=self.last,
                          last_attempt_at=self.last,
                          last_error="sync.server_unavailable" if self.fail else None)


def test_sync_now_runs_in_the_background_with_progress(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    engine = FakeEngine()
    rm_ctx.sync_engine = engine
    screen = make_screen(qtbot, rm_ctx)
    status_bar = SyncStatusWidget(rm_ctx)
    qtbot.addWidget(status_bar)
    assert status_bar.controller is screen.controller is sync_controller(rm_ctx)
    assert screen.sync_button.isEnabled()
    stages: list[tuple[str, int, int]] = []
    screen.controller.progress.connect(lambda s, d, t: stages.append((s, d, t)))
    changed: list[str] = []
    rm_ctx.data_changed.connect(changed.append)
    with qtbot.waitSignal(status_bar.sync_finished, timeout=5000):
        qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    assert engine.calls == 1
    assert stages == [("snapshot", 5000, 0), ("index", 40, 200)]
    assert screen.stage_label.text() == "正在建立搜索索引：40 / 200"
    assert "sync" in changed
    assert "在线" in screen.state_label.text() and "在线" in status_bar.state.text()
    assert "ledger.example" in screen.server_label.text()
    assert "从未" not in screen.last_label.text()
    assert not screen.progress.isVisible() and screen.sync_button.isEnabled()

    engine.fail = True
    with qtbot.waitSignal(status_bar.sync_failed, timeout=5000):
        status_bar.sync_now()
    assert "离线" in screen.state_label.text()
    assert "ledger.example" in screen.error_label.text()
    assert screen.error_label.isVisible()


def test_status_bar_counts_conflicts_and_rejections(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    client = own_client(rm_ctx)
    widget = SyncStatusWidget(rm_ctx)
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.badge.isVisible()
    assert "未连接服务器" in widget.state.text()
    add_conflict(rm_ctx, client.id)
    add_rejection(rm_ctx, client.id)
    rm_ctx.write(update_client, entity="client", client_id=client.id, data=ClientUpdate(progress="已报价"))
    assert widget.badge.text() == "冲突 1 · 被拒 1"
    assert widget.badge.isVisible()
    assert widget.pending.text().startswith("待上传")
    with qtbot.waitSignal(widget.conflicts_clicked):
        qtbot.mouseClick(widget.badge, Qt.MouseButton.LeftButton)


class SlowEngine(FakeEngine):
    """Blocks in its worker thread until the test lets it finish, like a long bootstrap."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.started = threading.Event()

    def sync(self, progress: Callable[[str, int, int], None] | None = None) -> SyncReport:
        assert threading.current_thread() is not threading.main_thread()  # never on the GUI thread
        self.calls += 1
        assert progress is not None
        progress("snapshot", 1200, 0)
        self.started.set()
        assert self.release.wait(10)
        progress("index", 200, 200)
        self.last = utcnow()
        return SyncReport(pulled=1200, bootstrapped=True)


def test_sync_runs_off_the_gui_thread_and_the_window_stays_responsive(qtbot, rm_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from crm.ui import worker

    monkeypatch.setattr(worker, "RUN_INLINE", False)
    engine = SlowEngine()
    rm_ctx.sync_engine = engine
    screen = make_screen(qtbot, rm_ctx)
    status_bar = SyncStatusWidget(rm_ctx)
    qtbot.addWidget(status_bar)
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    assert engine.started.wait(5)
    # The GUI thread keeps handling events while the engine works: progress arrives, the button waits.
    qtbot.waitUntil(lambda: "1,200" in screen.stage_label.text(), timeout=5000)
    assert screen.controller.running and not screen.sync_button.isEnabled()
    assert screen.progress.isVisible() and screen.progress.maximum() == 0  # total unknown: busy bar
    assert "同步中" in status_bar.state.text()
    assert not screen.controller.sync_now()  # a second request while running is ignored
    with qtbot.waitSignal(screen.controller.finished, timeout=10000):
        engine.release.set()
    assert engine.calls == 1
    assert not screen.controller.running and screen.sync_button.isEnabled()
    assert not screen.progress.isVisible()
    worker.wait_all(5000)
