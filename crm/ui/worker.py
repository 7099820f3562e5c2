"""The one way off the GUI thread: a QRunnable whose result comes back as `done` / `error` signals."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    error = Signal(object)
    progress = Signal(str, int, int)


class Task(QRunnable):
    """Runs `fn(progress=…)` or `fn()` in the pool; never touches a widget itself."""

    def __init__(self, fn: Callable[..., Any], *, with_progress: bool = False) -> None:
        super().__init__()
        self.fn = fn
        self.with_progress = with_progress
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.fn(progress=lambda stage, done, total: self.signals.progress.emit(stage, done, total))
            else:
                result = self.fn()
        except Exception as exc:  # handed to the GUI thread, which shows it to the user
            log.warning("background task failed: %s", type(exc).__name__)
            log.debug("%s", traceback.format_exc())
            self.signals.error.emit(exc)
        else:
            self.signals.done.emit(result)


_running: set[Task] = set()
#: Tests set this to True so tasks run synchronously on the calling thread.
RUN_INLINE = False


def run_task(fn: Callable[..., Any], *, done: Callable[[Any], None] | None = None,
             error: Callable[[Exception], None] | None = None,
             progress: Callable[[str, int, int], None] | None = None) -> Task:
    task = Task(fn, with_progress=progress is not None)
    if done is not None:
        task.signals.done.connect(done)
    if error is not None:
        task.signals.error.connect(error)
    if progress is not None:
        task.signals.progress.connect(progress)
    _running.add(task)
    task.signals.done.connect(lambda _r: _running.discard(task))
    task.signals.error.connect(lambda _e: _running.discard(task))
    if RUN_INLINE:
        task.run()
    else:
        QThreadPool.globalInstance().start(task)
    return task


def wait_all(timeout_ms: int = 30000) -> bool:
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
