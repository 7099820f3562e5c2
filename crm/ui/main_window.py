"""The main window: navigation between the screens, menus, shortcuts and the status bar."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from crm.ui.context import AppContext
from crm.ui.dialogs.lock import ScreenLock
from crm.ui.idle import MS_PER_MINUTE, IdleWatcher
from crm.ui.screens import ScreenSpec, screens_for

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    screen_shown = Signal(str)
    language_change_requested = Signal(str)

    def __init__(self, ctx: AppContext, *, idle_ms: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("main_window")
        self.specs: list[ScreenSpec] = screens_for(ctx.actor.role)
        self.screens: dict[str, QWidget] = {}
        # Auto-lock after the workspace's idle minutes (tests inject milliseconds); Ctrl+L locks at once.
        idle = idle_ms or ctx.workspace.settings.idle_lock_minutes * MS_PER_MINUTE
        self.idle_watcher = IdleWatcher(idle, self)
        self.screen_lock = ScreenLock(self, ctx)
        self._build()
        self._connect_signals()
        self._job_bridge: Any = None
        self.reminder_tray: Any = None
        self._jobs_wanted = False
        self.show_screen(self.specs[0].key)
        self.idle_watcher.start()

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        who = f"{self.ctx.actor.display_name}"
        self.setWindowTitle(self.tr("客户经理工作台 — {0}").format(who))
        self.resize(1280, 800)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(120)
        self.nav.setStyleSheet(
            "QListWidget#nav { font-size: 15px; background: #1f3a5f; color: #e8eef6; border: none; }"
            "QListWidget#nav::item { padding: 10px 14px; }"
            "QListWidget#nav::item:selected { background: #2f6fb2; color: white; }")
        for spec in self.specs:
            item = QListWidgetItem(QCoreApplication.translate("Screens", spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(spec.shortcut)
            self.nav.addItem(item)
        # Wide enough for the longest title in the current language (English ones are longer).
        self.nav.ensurePolished()
        self.nav.setFixedWidth(max(120, self.nav.sizeHintForColumn(0)))
        self.stack = QStackedWidget()
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.user_label = QLabel(self._user_text())
        self.statusBar().addWidget(self.user_label)
        from crm.ui.widgets.sync_status import SyncStatusWidget

        self.sync_status = SyncStatusWidget(self.ctx)
        self.statusBar().addPermanentWidget(self.sync_status)

    def _user_text(self) -> str:
        role = {"rm": self.tr("客户经理"), "branch_head": self.tr("网点负责人"), "admin": self.tr("系统管理员")}
        return f"{self.ctx.actor.display_name} · {role.get(self.ctx.actor.role.value, '')}"

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        self.switch_user_action = QAction(self.tr("切换用户(&U)…"), self)
        self.switch_user_action.setObjectName("action_switch_user")
        self.switch_user_action.setEnabled(self.ctx.demo is not None)
        file_menu.addAction(self.switch_user_action)
        self.lock_action = QAction(self.tr("锁定(&L)"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        file_menu.addAction(self.lock_action)
        self.ledger_action = QAction(self.tr("打印台账(&B)…"), self)
        self.ledger_action.setObjectName("action_print_ledger")
        self.ledger_action.triggered.connect(self.on_print_ledger)
        file_menu.addAction(self.ledger_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("视图(&V)"))
        for spec in self.specs:
            action = QAction(QCoreApplication.translate("Screens", spec.title), self)
            action.setShortcut(QKeySequence(spec.shortcut))
            action.triggered.connect(lambda _checked=False, key=spec.key: self.show_screen(key))
            view_menu.addAction(action)
            self.addAction(action)

        sync_menu = self.menuBar().addMenu(self.tr("同步(&S)"))
        self.sync_action = QAction(self.tr("立即同步"), self)
        self.sync_action.setShortcut(QKeySequence("F5"))
        sync_menu.addAction(self.sync_action)

        settings_menu = self.menuBar().addMenu(self.tr("设置(&O)"))
        lang_menu = settings_menu.addMenu(self.tr("语言 / Language"))
        for code, label in (("zh_CN", "简体中文"), ("en", "English")):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(self.ctx.language == code)
            action.triggered.connect(lambda _c=False, c=code: self.language_change_requested.emit(c))
            lang_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _connect_signals(self) -> None:
        self.nav.currentRowChanged.connect(self.on_nav_row_changed)
        self.lock_action.triggered.connect(self.ctx.lock_requested)
        self.switch_user_action.triggered.connect(self.ctx.switch_user_requested)
        self.sync_action.triggered.connect(self.sync_status.sync_now)
        self.sync_status.conflicts_clicked.connect(self.on_sync_issues_clicked)
        self.ctx.lock_requested.connect(self.on_lock_requested)
        self.idle_watcher.idle_timeout.connect(self.on_lock_requested)
        self.screen_lock.unlocked.connect(self.idle_watcher.start)

    # -- behaviour -------------------------------------------------------------------------------

    def on_nav_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.show_screen(self.specs[row].key)

    def show_screen(self, key: str) -> QWidget:
        spec = next(s for s in self.specs if s.key == key)
        widget = self.screens.get(key)
        if widget is None:
            widget = spec.create(self.ctx)
            self.screens[key] = widget
            self.stack.addWidget(widget)
            if key == "today" and self._job_bridge is not None:
                self._attach_reminders(widget)
        self.stack.setCurrentWidget(widget)
        row = self.specs.index(spec)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        self.screen_shown.emit(key)
        return widget

    @property
    def locked(self) -> bool:
        return self.screen_lock.is_locked

    def on_lock_requested(self) -> None:
        """Hide every client detail until the workspace password is typed again (works offline)."""
        self.idle_watcher.stop()
        self.screen_lock.lock()

    def on_sync_issues_clicked(self) -> None:
        screen = self.show_screen("sync")
        show_issues = getattr(screen, "show_issues", None)
        if show_issues is not None:
            show_issues()

    def on_print_ledger(self) -> None:
        """台账 for a period: the RM's own book, or the whole branch for a branch head."""
        from crm.ui import printing
        from crm.ui.widgets.pickers import ask_period

        period = ask_period(self, self.tr("打印台账"))
        if period is not None:
            printing.print_ledger_book(self.ctx, self, date_from=period[0], date_to=period[1])

    def _about(self) -> None:
        from crm import __version__

        QMessageBox.about(self, self.tr("关于"), self.tr("客户经理 CRM {0}\n离线优先的银行客户经理工作台").format(__version__))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_background_jobs()
        self.idle_watcher.uninstall()
        self.sync_status.shutdown()
        super().closeEvent(event)

    # -- background jobs: reminders and periodic sync (crm.ui.job_bridge) -------------------------

    @property
    def job_bridge(self) -> Any:
        """The jobs' bridge, made on first use: importing it pulls in APScheduler and the sync client
        (~0.3 s), so the window shows first and the jobs start after (``start_background_jobs``)."""
        if self._job_bridge is None:
            from crm.ui.job_bridge import JobBridge

            self._job_bridge = JobBridge(self.ctx, parent=self)
            today = self.screens.get("today")
            if today is not None:
                self._attach_reminders(today)
            self._job_bridge.reminders_due.connect(self.on_reminders_due)
            self.sync_status.sync_finished.connect(self._job_bridge.note_synced)
            # Locked: no job runs and no notification shows a client's name; unlocked: they start again.
            self.ctx.lock_requested.connect(self.on_lock_jobs)
            self.idle_watcher.idle_timeout.connect(self.on_lock_jobs)
            self.screen_lock.unlocked.connect(self.on_unlock_jobs)
        return self._job_bridge

    def _attach_reminders(self, today: Any) -> None:
        if hasattr(today, "attach_reminders"):
            today.attach_reminders(self._job_bridge)
            today.reminder_activated.connect(self.on_reminder_activated)

    def start_background_jobs(self, *, watch_network: bool = True) -> None:
        """Start the reminder scan (with its catch-up) and the sync timer; the app calls this once the
        window is shown. The jobs stop on close and on lock."""
        from crm.ui.job_bridge import ReminderTray

        self._jobs_wanted = True
        self._watch_network = watch_network
        if self.reminder_tray is None:
            self.reminder_tray = ReminderTray(self)
            self.reminder_tray.activated.connect(self.on_tray_activated)
        if not self.locked:
            self.job_bridge.start(watch_network=watch_network)

    def start_background_jobs_soon(self, *, watch_network: bool = True) -> None:
        """What the app calls once the window is shown: the jobs' modules are imported off the GUI thread
        (the window stays responsive meanwhile), then the jobs start here, unless the window has closed."""
        from crm.ui.worker import run_task

        self._watch_network = watch_network
        run_task(_import_job_modules, done=self.on_job_modules_loaded, error=self.on_job_modules_failed)

    def on_job_modules_loaded(self, _result: object = None) -> None:
        if self.isVisible():
            self.start_background_jobs(watch_network=self._watch_network)

    def on_job_modules_failed(self, exc: Exception) -> None:
        log.error("background jobs not started: %s: %s", type(exc).__name__, exc)

    def stop_background_jobs(self, *, wait: bool = True) -> None:
        if self._job_bridge is not None:
            self._job_bridge.stop(wait=wait)
        if self.reminder_tray is not None and wait:
            self.reminder_tray.hide()

    def on_lock_jobs(self) -> None:
        # Not waiting: a sync under way finishes on its own thread; nothing new starts.
        self.job_bridge.stop(wait=False)

    def on_unlock_jobs(self) -> None:
        if self._jobs_wanted:
            self.job_bridge.start(watch_network=getattr(self, "_watch_network", True))

    def on_reminders_due(self, reminders: list[Any]) -> None:
        if self.locked or not reminders:
            return
        from crm.jobs.reminders import local_today

        if self.reminder_tray is not None:
            self.reminder_tray.notify(reminders, local_today(self.job_bridge.clock()))
        self.statusBar().showMessage(self.tr("{0} 条新提醒").format(len(reminders)), 10_000)

    def on_tray_activated(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()
        self.show_screen("today")

    def on_reminder_activated(self, item: object) -> None:
        self.open_reminder(getattr(item, "reminder", item))

    def open_reminder(self, reminder: object) -> str | None:
        """Show the record a reminder is about; returns the screen key shown (None: nothing to open)."""
        from crm.jobs.reminders import Reminder, ReminderKind

        if not isinstance(reminder, Reminder):
            return None
        keys = {s.key for s in self.specs}
        entity, client_id = reminder.entity, reminder.client_id
        if reminder.kind in (ReminderKind.PLAN_REVIEW, ReminderKind.PROPOSAL_REVIEW) and "approvals" in keys:
            self.show_screen("approvals")
            return "approvals"
        if entity in ("plan", "plan_item"):
            screen = self.show_screen("plans")
            month = reminder.params.get("month")
            if month and hasattr(screen, "set_month"):
                screen.set_month(str(month))
            return "plans"
        if entity == "proposal" and reminder.entity_id:
            screen = self.show_screen("proposals")
            if hasattr(screen, "select"):
                screen.select(reminder.entity_id)
            return "proposals"
        if entity == "complaint" and reminder.entity_id:
            screen = self.show_screen("complaints")
            if hasattr(screen, "select"):
                screen.select(reminder.entity_id)
            return "complaints"
        if client_id:
            screen = self.show_screen("clients")
            detail = getattr(screen, "detail", None)
            if detail is not None:
                detail.show_client(client_id)
            return "clients"
        return None


def _import_job_modules() -> None:
    """APScheduler, the reminder rules and the sync client (~0.3 s of imports); no Qt object is made."""
    import crm.jobs.scheduler  # noqa: F401
