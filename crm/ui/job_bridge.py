"""The one bridge from the background jobs (crm.jobs.scheduler) to Qt: job results become signals.

Job callbacks run on the scheduler's worker threads; they only emit private signals connected with
`Qt.QueuedConnection`, so every public signal below is emitted on the GUI thread and slots may touch
widgets. The bridge also owns the reminder centre's state changes (done, snooze), the tray notification
and the network watch that makes a sync start when the network comes back.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

from crm.domain.types import utcnow
from crm.jobs import reminders
from crm.jobs.reminders import Reminder, ScanResult
from crm.jobs.scheduler import Backoff, JobRunner, ReminderJob, SyncFailure, SyncJob, outbox_counter
from crm.services.complaints import CHINA_TZ
from crm.ui.context import AppContext
from crm.ui.reminder_text import reminder_text

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
#: The tray balloon lists this many reminders; the rest are counted.
TRAY_LINES = 3
TRAY_MESSAGE_MS = 10_000
MORNING = time(8, 30)


class JobBridge(QObject):
    """Runs the jobs of one signed-in context and reports them as signals (GUI thread)."""

    reminders_due = Signal(list)  # reminders announced for the first time (tray)
    reminders_changed = Signal(list)  # the reminder centre's whole list, after every scan or action
    sync_finished = Signal(object)  # the engine's SyncReport
    sync_failed = Signal(object)  # a crm.jobs.scheduler.SyncFailure

    _scanned = Signal(object)
    _synced = Signal(object)
    _sync_error = Signal(object)

    def __init__(self, ctx: AppContext, *, clock: Clock = utcnow, parent: QObject | None = None,
                 reminder_seconds: float = 60.0, tick_seconds: float = 10.0, backoff: Backoff | None = None,
                 rand: Callable[[], float] = random.random) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.active: list[Reminder] = []
        settings = ctx.workspace.settings
        self.reminder_job = ReminderJob(ctx.workspace.engine, ctx.actor, clock=clock,
                                        lead_days=settings.reminder_lead_days, on_scan=self._scanned.emit)
        self.sync_job: SyncJob | None = None
        if ctx.sync_engine is not None:
            self.sync_job = SyncJob(ctx.sync_engine, pending=outbox_counter(ctx.workspace.engine),
                                    interval=timedelta(minutes=settings.sync_interval_minutes),
                                    on_finished=self._synced.emit, on_failed=self._sync_error.emit,
                                    clock=clock, backoff=backoff, rand=rand)
        self.runner = JobRunner(reminder_job=self.reminder_job, sync_job=self.sync_job,
                                reminder_seconds=reminder_seconds, tick_seconds=tick_seconds)
        self._network: Any = None
        queued = Qt.ConnectionType.QueuedConnection
        self._scanned.connect(self.on_scanned, queued)
        self._synced.connect(self.on_synced, queued)
        self._sync_error.connect(self.on_sync_error, queued)
        ctx.data_changed.connect(self.on_data_changed)

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.runner.running

    def start(self, *, watch_network: bool = True) -> None:
        """Start the scheduler: a catch-up scan at once, then every minute; the sync timer if a ledger is
        configured. Idempotent."""
        if self.runner.running:
            return
        self.runner.start()
        if watch_network and self.sync_job is not None:
            self._watch_network()

    def stop(self, *, wait: bool = True) -> None:
        """Stop the jobs (on exit with ``wait``: no job thread is left on return)."""
        self.runner.shutdown(wait=wait)

    def scan_now(self) -> ScanResult:
        """One scan on the calling thread (its result still arrives through the queued signals)."""
        return self.reminder_job.run()

    # -- job results (GUI thread) ----------------------------------------------------------------

    def on_scanned(self, result: ScanResult) -> None:
        self.active = list(result.active)
        self.reminders_changed.emit(list(self.active))
        if result.new:
            self.reminders_due.emit(list(result.new))

    def on_synced(self, report: Any) -> None:
        self.sync_finished.emit(report)
        # A pull may have changed anything: the screens (and the next reminder scan) look again.
        self.ctx.data_changed.emit("sync")

    def on_sync_error(self, failure: SyncFailure) -> None:
        self.sync_failed.emit(failure)
        self.ctx.after_failed_sync()

    def on_data_changed(self, _entity: str) -> None:
        # A local edit or a pull may have moved a date: derive the reminders again now, not in a minute.
        # (Sync is not started by edits: its timer finds the outbox non-empty.)
        self.runner.scan_soon()

    def note_synced(self, _report: Any = None) -> None:
        """The user's own sync (F5, the 同步 screen) succeeded: restart the regular interval."""
        if self.sync_job is not None:
            self.sync_job.note_synced()

    # -- the reminder centre's actions -----------------------------------------------------------

    def _change(self, key: str, write: Callable[..., None], **kwargs: Any) -> None:
        now = self.clock()
        with self.ctx.session() as session:
            write(session=session, key=key, now=now, **kwargs)
        self.active = [r for r in self.active if r.key != key]
        self.reminders_changed.emit(list(self.active))

    def mark_done(self, key: str) -> None:
        self._change(key, reminders.mark_done)

    def snooze(self, key: str, until: datetime) -> None:
        self._change(key, reminders.snooze, until=until)

    def snooze_choices(self) -> list[tuple[str, datetime]]:
        """(label, until) for the snooze menu, relative to the bridge's clock."""
        now = self.clock()
        today = now.astimezone(CHINA_TZ).date()

        def morning(days: int) -> datetime:
            return datetime.combine(today + timedelta(days=days), MORNING, tzinfo=CHINA_TZ)

        return [(self.tr("1 小时后"), now + timedelta(hours=1)),
                (self.tr("明天上午"), morning(1)),
                (self.tr("3 天后"), morning(3)),
                (self.tr("下周一"), morning(7 - today.weekday()))]

    # -- network ---------------------------------------------------------------------------------

    def _watch_network(self) -> None:
        if self._network is not None:
            return
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if not QNetworkInformation.loadDefaultBackend():
                return
            info = QNetworkInformation.instance()
        except Exception:  # no backend on this platform: the timer alone drives sync
            log.info("network reachability is not available; sync runs on the timer only")
            return
        if info is None:
            return
        self._network = info
        info.reachabilityChanged.connect(self.on_reachability_changed)

    def on_reachability_changed(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online:
            self.network_back()

    def network_back(self) -> None:
        if self.sync_job is not None:
            self.sync_job.network_back()
            self.runner.sync_soon()


class ReminderTray(QObject):
    """A system-tray icon that announces new reminders, where the platform has a tray."""

    activated = Signal()  # the user clicked the icon or the message

    def __init__(self, window: QWidget, *, available: bool | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.icon: QSystemTrayIcon | None = None
        self.last_message: tuple[str, str] | None = None
        if available is None:
            available = QSystemTrayIcon.isSystemTrayAvailable()
        if not available:
            return
        icon = window.windowIcon()
        if icon.isNull():
            icon = (QApplication.style() or window.style()).standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxInformation)
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip(self.tr("客户经理工作台"))
        self.icon.messageClicked.connect(self.activated)
        self.icon.activated.connect(lambda _reason: self.activated.emit())
        self.icon.show()

    def message(self, reminders_: Sequence[Reminder], today: Any = None) -> tuple[str, str]:
        title = self.tr("{0} 条新提醒").format(len(reminders_))
        lines = [reminder_text(r, today) for r in reminders_[:TRAY_LINES]]
        if len(reminders_) > TRAY_LINES:
            lines.append(self.tr("…另有 {0} 条，请在“今日”查看").format(len(reminders_) - TRAY_LINES))
        return title, "\n".join(lines)

    def notify(self, reminders_: Sequence[Reminder], today: Any = None) -> bool:
        """Show one balloon for the reminders just due; False where there is no tray."""
        if not reminders_:
            return False
        self.last_message = self.message(reminders_, today)
        if self.icon is None or not QSystemTrayIcon.supportsMessages():
            return False
        title, body = self.last_message
        self.icon.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, TRAY_MESSAGE_MS)
        return True

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()
