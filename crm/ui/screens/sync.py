"""同步 screen: connection and last sync, changes waiting to upload, conflicts to resolve, refused changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm.services import sync_view
from crm.services.sync_view import ConflictRow, PendingRow, RejectionRow
from crm.ui.context import AppContext
from crm.ui.errors import error_text, show_error
from crm.ui.labels import change_label, entity_label, field_label, rejection_reason
from crm.ui.models.tinted_table_model import TintedTableModel
from crm.ui.widgets.columns import set_column_widths
from crm.ui.widgets.sync_status import sync_controller


def when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else ""


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _hint(text: str) -> QLabel:
    hint = QLabel(text)
    hint.setWordWrap(True)
    hint.setStyleSheet("color: #6b7280;")
    return hint


def _empty(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sync_empty")
    label.setStyleSheet("color: #15803d; font-weight: 600; padding: 6px 2px;")
    return label


class SyncScreen(QWidget):
    """Lists are read from the local store; sync itself runs in the background through the SyncController."""

    conflicts_resolved = Signal(int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.controller = sync_controller(ctx)
        self._dirty = True
        self.pending_model = TintedTableModel([
            (self.tr("序号"), lambda r: r.seq),
            (self.tr("对象"), lambda r: entity_label(r.entity)),
            (self.tr("记录"), lambda r: r.record or r.entity_id),
            (self.tr("操作"), lambda r: change_label(r.op, r.name)),
            (self.tr("修改的字段"), lambda r: "、".join(field_label(f) for f in r.fields)),
            (self.tr("时间"), lambda r: when(r.created_at)),
            (self.tr("上传情况"), lambda r: (self.tr("已尝试 {0} 次").format(r.attempts) if r.attempts else
                                         self.tr("等待上传"))),
        ], numeric=(0,), tone=lambda r: "soon" if r.last_error else None,
            tooltip=lambda r, _c: r.last_error or None)
        self.conflict_model = TintedTableModel([
            (self.tr("对象"), lambda r: entity_label(r.entity)),
            (self.tr("记录"), lambda r: r.record or r.entity_id),
            (self.tr("字段"), lambda r: field_label(r.field)),
            (self.tr("我的修改"), lambda r: r.mine_text or self.tr("（空）")),
            (self.tr("服务器上的值"), lambda r: r.theirs_text or self.tr("（空）")),
            (self.tr("发生时间"), lambda r: when(r.created_at)),
        ], cell_tone=lambda _r, c: "warn" if c == 4 else None)
        self.rejection_model = TintedTableModel([
            (self.tr("对象"), lambda r: entity_label(r.entity)),
            (self.tr("记录"), lambda r: r.record or r.entity_id),
            (self.tr("操作"), lambda r: change_label(r.op, r.name)),
            (self.tr("被拒原因"), lambda r: rejection_reason(r.code, r.detail)),
            (self.tr("时间"), lambda r: when(r.at)),
        ], cell_tone=lambda _r, c: "bad" if c == 3 else None,
            tooltip=lambda r, _c: f"{r.code}" + (f" — {r.detail}" if r.detail else ""))
        self._build()
        self._connect_signals()
        self.reload()

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        header = QFrame()
        header.setObjectName("sync_header")
        header.setFrameShape(QFrame.Shape.StyledPanel)
        self.state_label = QLabel()
        self.state_label.setObjectName("sync_screen_state")
        self.state_label.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.server_label = QLabel()
        self.server_label.setObjectName("sync_server")
        self.last_label = QLabel()
        self.last_label.setObjectName("sync_screen_last")
        self.error_label = QLabel()
        self.error_label.setObjectName("sync_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("sync_counts")
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.setObjectName("sync_now")
        self.sync_button.setToolTip(self.tr("F5：上传本机修改并下载最新数据，在后台进行"))
        self.sync_button.setMinimumWidth(120)
        self.sync_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("sync_screen_progress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(12)
        self.stage_label = QLabel()
        self.stage_label.setObjectName("sync_stage")
        self.stage_label.setStyleSheet("color: #1d4ed8;")
        grid = QGridLayout(header)
        grid.addWidget(self.state_label, 0, 0)
        grid.addWidget(self.counts_label, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.sync_button, 0, 2, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.server_label, 1, 0)
        grid.addWidget(self.last_label, 1, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.progress, 2, 0, 1, 3)
        grid.addWidget(self.stage_label, 3, 0, 1, 3)
        grid.addWidget(self.error_label, 4, 0, 1, 3)
        grid.setColumnStretch(0, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("sync_tabs")
        # Pending changes.
        self.pending_table = _table("pending_table")
        self.pending_table.setModel(self.pending_model)
        set_column_widths(self.pending_table, ((0, 56), (1, 90), (2, 260), (3, 80), (4, 220), (5, 130)))
        pending_page = QWidget()
        pending_layout = QVBoxLayout(pending_page)
        pending_layout.addWidget(_hint(self.tr("这些修改已保存在本机，联网同步时按顺序上传；上传前断网或关机都不会丢失。")))
        self.pending_empty = _empty(self.tr("✓ 没有待上传的修改"))
        pending_layout.addWidget(self.pending_empty)
        pending_layout.addWidget(self.pending_table, 1)
        self.tabs.addTab(pending_page, "")
        # Conflicts.
        self.conflict_table = _table("conflict_table")
        self.conflict_table.setModel(self.conflict_model)
        set_column_widths(self.conflict_table, ((0, 90), (1, 240), (2, 130), (3, 170), (4, 170)))
        self.resolve_button = QPushButton(self.tr("处理冲突(&R)…"))
        self.resolve_button.setObjectName("resolve_conflict")
        self.resolve_button.setToolTip(self.tr("比较原值、我的修改和服务器上的值，逐项决定（Enter）"))
        conflict_bar = QHBoxLayout()
        conflict_bar.addWidget(_hint(self.tr("您离线期间，他人修改了相同的重要字段（联系方式、金额、名称等）。"
                                             "服务器暂保留对方的值，请决定保留哪一个。")), 1)
        conflict_bar.addWidget(self.resolve_button)
        conflict_page = QWidget()
        conflict_layout = QVBoxLayout(conflict_page)
        conflict_layout.addLayout(conflict_bar)
        self.conflict_empty = _empty(self.tr("✓ 没有待处理的冲突"))
        conflict_layout.addWidget(self.conflict_empty)
        conflict_layout.addWidget(self.conflict_table, 1)
        self.tabs.addTab(conflict_page, "")
        # Rejections.
        self.rejection_table = _table("rejection_table")
        self.rejection_table.setModel(self.rejection_model)
        set_column_widths(self.rejection_table, ((0, 90), (1, 240), (2, 90), (3, 380)))
        self.retry_button = QPushButton(self.tr("重试(&Y)"))
        self.retry_button.setObjectName("retry_rejection")
        self.retry_button.setToolTip(self.tr("按本机当前内容重新排队上传"))
        self.dismiss_button = QPushButton(self.tr("放弃此修改(&D)"))
        self.dismiss_button.setObjectName("dismiss_rejection")
        self.dismiss_button.setToolTip(self.tr("接受服务器的决定，恢复服务器上的内容"))
        rejection_bar = QHBoxLayout()
        rejection_bar.addWidget(_hint(self.tr("服务器拒绝了这些修改（例如记录状态已变化或权限不足）。"
                                              "可修正后重试，或放弃修改。")), 1)
        rejection_bar.addWidget(self.retry_button)
        rejection_bar.addWidget(self.dismiss_button)
        rejection_page = QWidget()
        rejection_layout = QVBoxLayout(rejection_page)
        rejection_layout.addLayout(rejection_bar)
        self.rejection_empty = _empty(self.tr("✓ 没有被服务器拒绝的修改"))
        rejection_layout.addWidget(self.rejection_empty)
        rejection_layout.addWidget(self.rejection_table, 1)
        self.tabs.addTab(rejection_page, "")

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)

    def _connect_signals(self) -> None:
        self.sync_button.clicked.connect(self.on_sync_clicked)
        self.resolve_button.clicked.connect(self.on_resolve)
        self.conflict_table.activated.connect(lambda _i: self.on_resolve())
        self.retry_button.clicked.connect(self.on_retry)
        self.dismiss_button.clicked.connect(self.on_dismiss)
        for view in (self.conflict_table, self.rejection_table):
            view.selectionModel().currentRowChanged.connect(lambda _c, _p: self.update_buttons())
        c = self.controller
        c.state_changed.connect(self.update_state)
        c.progress.connect(self.on_progress)
        c.failed.connect(lambda _e: self.update_state())
        for n in range(3):
            QShortcut(QKeySequence(f"Alt+{n + 1}"), self, lambda n=n: self.tabs.setCurrentIndex(n))
        self.ctx.data_changed.connect(self.on_data_changed)

    # -- state -----------------------------------------------------------------------------------

    def update_state(self) -> None:
        c = self.controller
        status = c.engine_status()
        if not c.available:
            state, colour = self.tr("● 未连接服务器（仅本机工作）"), "#6b7280"
        elif c.running:
            state, colour = self.tr("⟳ 正在同步…"), "#1d4ed8"
        elif c.online is False:
            state, colour = self.tr("● 离线：修改保留在本机，联网后再同步"), "#b45309"
        elif c.online:
            state, colour = self.tr("● 在线，已同步"), "#15803d"
        else:
            state, colour = self.tr("● 本次启动尚未同步"), "#4b5563"
        self.state_label.setText(state)
        self.state_label.setStyleSheet(f"font-size: 16px; font-weight: 600; color: {colour};")
        server = getattr(status, "server", None) or self.ctx.workspace.settings.server_url
        self.server_label.setText(self.tr("服务器：{0}").format(server) if server
                                  else self.tr("未配置同步服务器"))
        last = c.last_sync_at() if c.available else None
        self.last_label.setText(self.tr("上次成功同步：{0}").format(when(last)) if last
                                else self.tr("上次成功同步：从未"))
        error = c.error_message()
        if not error and status is not None and getattr(status, "last_error", None) and not c.online:
            from crm.domain.errors import DomainError

            error = error_text(DomainError(status.last_error), self.ctx.language)
        self.error_label.setText(error)
        self.error_label.setVisible(bool(error))
        self.sync_button.setEnabled(c.available and not c.running)
        if not c.available:
            self.sync_button.setToolTip(self.tr("未配置同步服务器：请用 crm login --server 登录"))
        self.progress.setVisible(c.running)
        self.stage_label.setVisible(c.running)
        if c.running:
            self.stage_label.setText(c.stage_text())
            if c.stage is None:
                self.progress.setRange(0, 0)

    def on_progress(self, _stage: str, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)
        self.stage_label.setText(self.controller.stage_text())

    def on_sync_clicked(self) -> None:
        self.controller.sync_now()

    # -- lists -----------------------------------------------------------------------------------

    def reload(self) -> None:
        self._dirty = False
        with self.ctx.session() as session:
            actor = self.ctx.actor
            pending = sync_view.list_pending(session=session, actor=actor)
            conflicts = sync_view.list_conflicts(session=session, actor=actor)
            rejections = sync_view.list_rejections(session=session, actor=actor)
            counts = sync_view.sync_counts(session=session, actor=actor)
        self.pending_model.set_rows(pending)
        self.conflict_model.set_rows(conflicts)
        self.rejection_model.set_rows(rejections)
        self.tabs.setTabText(0, self.tr("待上传（{0}）").format(counts.pending))
        self.tabs.setTabText(1, self.tr("冲突（{0}）").format(len(conflicts)))
        self.tabs.setTabText(2, self.tr("被拒绝的修改（{0}）").format(len(rejections)))
        self.counts_label.setText(self.tr("待上传 {0} · 冲突 {1} · 被拒 {2}").format(
            counts.pending, len(conflicts), len(rejections)))
        for view, model in ((self.conflict_table, self.conflict_model),
                            (self.rejection_table, self.rejection_model)):
            if model.rowCount() and not view.selectionModel().currentIndex().isValid():
                view.selectRow(0)
        for label, model in ((self.pending_empty, self.pending_model),
                             (self.conflict_empty, self.conflict_model),
                             (self.rejection_empty, self.rejection_model)):
            label.setVisible(model.rowCount() == 0)
        self.update_buttons()
        self.update_state()

    def show_issues(self) -> None:
        """Open the tab that needs the user: conflicts first, then refused changes."""
        if self.conflict_model.rowCount():
            self.tabs.setCurrentIndex(1)
        elif self.rejection_model.rowCount():
            self.tabs.setCurrentIndex(2)

    def update_buttons(self) -> None:
        self.resolve_button.setEnabled(self.current_conflict() is not None)
        has_rejection = self.current_rejection() is not None
        self.retry_button.setEnabled(has_rejection)
        self.dismiss_button.setEnabled(has_rejection)

    def current_conflict(self) -> ConflictRow | None:
        index = self.conflict_table.selectionModel().currentIndex()
        return self.conflict_model.row_at(index.row()) if index.isValid() else None

    def current_rejection(self) -> RejectionRow | None:
        index = self.rejection_table.selectionModel().currentIndex()
        return self.rejection_model.row_at(index.row()) if index.isValid() else None

    def pending_rows(self) -> list[PendingRow]:
        return list(self.pending_model.rows)

    # -- actions ---------------------------------------------------------------------------------

    def on_resolve(self) -> None:
        conflict = self.current_conflict()
        if conflict is None:
            return
        from crm.ui.dialogs.conflict import ConflictDialog

        # Every open conflict of the same record in one dialog: the fields are usually decided together.
        same = [c for c in self.conflict_model.rows if c.entity_id == conflict.entity_id]
        dialog = ConflictDialog(self.ctx, same, self)
        if dialog.exec():
            self.conflicts_resolved.emit(len(dialog.resolved))
            self.reload()

    def _apply(self, engine_method: str, fallback: Callable[..., Any], rejection: RejectionRow) -> bool:
        """Through the sync engine when there is one (it also restores shadows), else the local service."""
        engine = self.ctx.sync_engine
        method = getattr(engine, engine_method, None) if engine is not None else None
        try:
            if method is not None:
                method(rejection.seq)
                self.ctx.data_changed.emit(rejection.entity)
            else:
                self.ctx.write(fallback, entity=rejection.entity, seq=rejection.seq)
        except Exception as exc:
            show_error(self, exc, self.ctx.language)
            return False
        self.reload()
        return True

    def on_retry(self) -> None:
        rejection = self.current_rejection()
        if rejection is None:
            return
        if self._apply("retry_rejection", sync_view.retry_rejection, rejection):
            self.tabs.setCurrentIndex(0)
        self.tabs.setCurrentIndex(0)

    def on_dismiss(self) -> None:
        rejection = self.current_rejection()
        if rejection is None:
            return
        answer = QMessageBox.question(self, self.tr("放弃修改"), self.tr(
            "放弃这项修改？本机将恢复为服务器上的内容，此修改不会再上传。\n\n{0}：{1}").format(
            entity_label(rejection.entity), rejection.record or rejection.entity_id))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._apply("dismiss_rejection", sync_view.dismiss_rejection, rejection)

    # -- refresh ---------------------------------------------------------------------------------

    def on_data_changed(self, _entity: str) -> None:
        # Every local edit queues a change; reload now when shown, else on the next show.
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()
        else:
            self.update_state()
