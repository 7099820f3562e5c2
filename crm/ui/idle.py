"""Auto-lock: an application-wide event filter that notices the user's input and reports a long idle spell."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_E = QEvent.Type
#: What counts as the user being there. Paints, timers and network replies do not.
INPUT_EVENTS = frozenset({
    _E.KeyPress, _E.KeyRelease, _E.ShortcutOverride, _E.MouseButtonPress, _E.MouseButtonRelease,
    _E.MouseButtonDblClick, _E.MouseMove, _E.HoverMove, _E.Wheel, _E.TouchBegin, _E.TouchUpdate, _E.TouchEnd,
    _E.TabletPress, _E.TabletMove, _E.InputMethod,
})
MS_PER_MINUTE = 60_000


class IdleWatcher(QObject):
    """Emits `idle_timeout` once after `interval_ms` without user input; `start()` arms it again.

    Tests inject a short interval (milliseconds); the app uses the workspace's `idle_lock_minutes`.
    """

    idle_timeout = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None, *,
                 app: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setObjectName("idle_timer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, int(interval_ms)))
        self._timer.timeout.connect(self.on_timeout)
        self.active = False
        self._app = app or QCoreApplication.instance()
        if self._app is not None:
            self._app.installEventFilter(self)

    @classmethod
    def from_minutes(cls, minutes: int, parent: QObject | None = None) -> IdleWatcher:
        return cls(int(minutes) * MS_PER_MINUTE, parent)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval(self, interval_ms: int) -> None:
        self._timer.setInterval(max(1, int(interval_ms)))
        if self.active:
            self._timer.start()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime() if self.active else -1

    def start(self) -> None:
        """Watch (again) from now: after an unlock, or when the window first shows."""
        self.active = True
        self._timer.start()

    def stop(self) -> None:
        """Stop watching: while locked, input to the lock dialog must not count as activity."""
        self.active = False
        self._timer.stop()

    def poke(self) -> None:
        """The user did something: the idle spell starts again."""
        if self.active:
            self._timer.start()

    def on_timeout(self) -> None:
        if not self.active:
            return
        self.active = False
        self.idle_timeout.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.active and event.type() in INPUT_EVENTS:
            self._timer.start()
        return False

    def uninstall(self) -> None:
        self.stop()
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None
