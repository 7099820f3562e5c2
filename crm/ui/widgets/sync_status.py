"""Sync in the background (one controller per signed-in context) and its status-bar indicator.

`SyncController` is the one place a sync starts: the status bar, F5 and the 同步 screen all ask it, so
two syncs never overlap and every view sees the same progress. The engine runs off the GUI thread.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from crm.services.sync_view import SyncCounts, sync_counts
from crm.ui.context import AppContext
from crm.ui.errors import error_text
from crm.ui.worker import run_task

log = logging.getLogger(__name__)


class SyncController(QObject):
    """Runs `engine.sync(progress=…)` through `run_task` and reports what happened as signals."""

    started = Signal()
    progress = Signal(str, int, int)  # stage, done, total (0: unknown)
    finished = Signal(object)  # the engine's SyncReport
    failed = Signal(object)  # the exception
    state_changed = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.running = False
        self.online: bool | None = None
        self.last_sync: datetime | None = None
        self.last_error: BaseException | None = None
        self.last_report: Any = None
        self.stage: tuple[str, int, int] | None = None

    @property
    def engine(self) -> Any:
        return self.ctx.sync_engine

    @property
    def available(self) -> bool:
        return self.engine is not None

    def engine_status(self) -> Any:
        """The engine's local view (last sync, last error…), or None without an engine; never raises."""
        if self.engine is None:
            return None
        try:
            return self.engine.status()
        except Exception as exc:  # a status read must never break the screen that asks
            log.info("sync status unavailable: %s", type(exc).__name__)
            return None

    def last_sync_at(self) -> datetime | None:
        status = self.engine_status()
        stored = getattr(status, "last_sync_at", None) if status is not None else None
        candidates = [d for d in (self.last_sync, stored) if d is not None]
        return max(candidates) if candidates else None

    def sync_now(self) -> bool:
        """Start a sync unless one is running or no server is configured; True when started."""
        if self.engine is None or self.running:
            return False
        self.running = True
        self.stage = None
        self.last_error = None
        self.started.emit()
        self.state_changed.emit()
        run_task(self.engine.sync, done=self.on_done, error=self.on_error, progress=self.on_progress)
        return True

    def on_progress(self, stage: str, done: int, total: int) -> None:
        self.stage = (stage, done, total)
        self.progress.emit(stage, done, total)

    def on_done(self, report: Any) -> None:
        self.running = False
        self.online = True
        self.stage = None
        self.last_report = report
        self.last_sync = datetime.now().astimezone()
        self.finished.emit(report)
        self.state_changed.emit()
        self.ctx.data_changed.emit("sync")

    def on_error(self, exc: Exception) -> None:
        self.running = False
        self.online = False
        self.stage = None
        self.last_error = exc
        log.info("sync failed: %s", type(exc).__name__)
        self.failed.emit(exc)
        self.state_changed.emit()
        self.ctx.after_failed_sync()

    def stage_text(self) -> str:
        if self.stage is None:
            return self.tr("正在同步…")
        stage, done, total = self.stage
        if stage == "snapshot":
            return self.tr("正在下载全部数据：已接收 {0} 条").format(f"{done:,}")
        if stage == "index":
            return self.tr("正在建立搜索索引：{0} / {1}").format(f"{done:,}", f"{total:,}")
        return self.tr("正在同步…")

    def error_message(self) -> str:
        return error_text(self.last_error, self.ctx.language) if self.last_error is not None else ""


def sync_controller(ctx: AppContext) -> SyncController:
    """The context's controller, made on first use (a child of the context, so it lives as long)."""
    controller = ctx.findChild(SyncController)
    if controller is None:
        controller = SyncController(ctx)
    return controller


class SyncStatusWidget(QWidget):
    """Online/offline, pending changes, last sync, a progress bar while syncing and an issues badge."""

    sync_started = Signal()
    sync_finished = Signal(object)  # the engine's report
    sync_failed = Signal(object)  # the exception
    conflicts_clicked = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.controller = sync_controller(ctx)
        self.state = QLabel()
        self.state.setObjectName("sync_state")
        self.pending = QLabel()
        self.pending.setObjectName("sync_pending")
        self.last = QLabel()
        self.last.setObjectName("sync_last")
        self.bar = QProgressBar()
        self.bar.setObjectName("sync_progress")
        self.bar.setMaximumWidth(120)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.bar.setVisible(False)
        self.badge = QToolButton()
        self.badge.setObjectName("sync_conflicts")
        self.badge.setAutoRaise(True)
        self.badge.setToolTip(self.tr("打开同步页处理（Ctrl+0）"))
        self.badge.clicked.connect(self.conflicts_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.state, self.bar, self.pending, self.last, self.badge):
            layout.addWidget(w)
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        c = self.controller
        c.started.connect(self.sync_started)
        c.finished.connect(self.sync_finished)
        c.failed.connect(self.sync_failed)
        c.state_changed.connect(self.refresh)
        c.progress.connect(self.on_progress)
        self.ctx.data_changed.connect(lambda _e: self.refresh())

    # The status bar's API, kept for the main window and the app's start-up sync.

    @property
    def running(self) -> bool:
        return self.controller.running

    @property
    def online(self) -> bool | None:
        return self.controller.online

    @property
    def last_sync(self) -> datetime | None:
        return self.controller.last_sync

    def counts(self) -> SyncCounts:
        return self.ctx.read(sync_counts)

    def refresh(self) -> None:
        counts = self.counts()
        c = self.controller
        colour = "#6b7280"
        if not c.available:
            self.state.setText(self.tr("● 未连接服务器"))
        elif c.running:
            self.state.setText(self.tr("⟳ 同步中…"))
            colour = "#1d4ed8"
        elif c.online is False:
            self.state.setText(self.tr("● 离线"))
            colour = "#b45309"
        elif c.online:
            self.state.setText(self.tr("● 在线"))
            colour = "#15803d"
        else:
            self.state.setText(self.tr("● 未同步"))
        self.state.setStyleSheet(f"color: {colour};")
        self.state.setToolTip(c.error_message())
        self.bar.setVisible(c.running)
        if not c.running:
            self.bar.setRange(0, 1)
        self.pending.setText(self.tr("待上传 {0}").format(counts.pending))
        last = c.last_sync_at() if c.available else None
        self.last.setText(self.tr("上次同步 {0}").format(last.astimezone().strftime("%m-%d %H:%M"))
                          if last else self.tr("尚未同步"))
        parts = []
        if counts.conflicts:
            parts.append(self.tr("冲突 {0}").format(counts.conflicts))
        if counts.rejected:
            parts.append(self.tr("被拒 {0}").format(counts.rejected))
        self.badge.setText(" · ".join(parts))
        self.badge.setVisible(bool(parts))
        self.badge.setStyleSheet("color: #b91c1c; font-weight: 600;")

    def on_progress(self, _stage: str, done: int, total: int) -> None:
        self.bar.setVisible(True)
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)  # busy indicator while the total is unknown
        self.bar.setToolTip(self.controller.stage_text())

    def sync_now(self) -> None:
        self.controller.sync_now()

    def shutdown(self) -> None:
        from crm.ui.worker import wait_all

        wait_all(10000)
