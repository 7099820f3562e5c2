"""The desktop's background jobs on APScheduler: the reminder scan and the periodic sync. Qt-free.

`JobRunner` owns one `BackgroundScheduler` (its own thread plus a small worker pool) and two jobs:

- the reminder scan (`ReminderJob`), at start (catch-up for what fell due while the app was closed)
  and every minute after, or at once when asked (`scan_soon`, e.g. after a local edit);
- the sync tick (`SyncJob.tick`), every few seconds; it decides whether to sync now from a timer and a
  dirty flag: the regular interval has passed, the outbox holds edits, or the network came back. A
  failure backs off exponentially with jitter (capped) and is retried by the timer, so a queue never
  waits for the next edit to be pushed.

Job results go out through plain callbacks, called on the job's thread; the UI's bridge turns them into
Qt signals. Nothing is kept in a job store: the jobs derive everything from the database each time.
Every clock is injected (tests drive the jobs with a fake one); APScheduler's own timing only decides
how often the jobs look.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from crm.db.engine import session_scope
from crm.domain.errors import ValidationError
from crm.domain.types import utcnow
from crm.jobs import reminders
from crm.jobs.reminders import ScanResult
from crm.services import outbox
from crm.services.context import Actor
from crm.sync.client.errors import SyncBusy, WorkspaceWiped

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
#: Worker threads are named so (tests check none is left after shutdown); APScheduler's own is "APScheduler".
THREAD_PREFIX = "crm-jobs"
REMINDER_JOB = "reminders"
SYNC_JOB = "sync"
#: Reminder state untouched this long, for reminders no longer produced, is forgotten.
STATE_RETENTION = timedelta(days=180)


# --- reminders ------------------------------------------------------------------------------------


class ReminderJob:
    """One scan: derive, filter by state, mark the new ones notified, commit, then hand the result on."""

    def __init__(self, engine: sa.Engine, actor: Actor, *, on_scan: Callable[[ScanResult], None],
                 clock: Clock = utcnow, lead_days: Mapping[str, int] | None = None) -> None:
        self.engine = engine
        self.actor = actor
        self.on_scan = on_scan
        self.clock = clock
        self.lead_days = usable_leads(lead_days)
        self._lock = threading.Lock()
        self._pruned = False

    def run(self) -> ScanResult:
        with self._lock:  # scans of this process never overlap; _claim guards across processes too
            now = self.clock()
            with session_scope(self.engine) as session:
                result = reminders.scan_reminders(session=session, actor=self.actor, now=now,
                                                  lead_days=self.lead_days)
                if not self._pruned:
                    reminders.prune_states(session=session, keep=result.keys, before=now - STATE_RETENTION)
                    self._pruned = True
        # Committed: only now is anything announced, so a crash cannot announce a reminder twice.
        self.on_scan(result)
        return result


def usable_leads(lead_days: Mapping[str, int] | None) -> dict[str, int]:
    """A workspace's lead-time overrides without the entries the rules refuse (logged, never fatal: a typo
    in settings.json must not stop every reminder)."""
    usable: dict[str, int] = {}
    for kind, days in (lead_days or {}).items():
        try:
            reminders.lead_table({kind: days})
        except (ValidationError, TypeError, ValueError):
            log.warning("reminder lead time ignored: %r = %r", kind, days)
            continue
        usable[kind] = int(days)
    return usable


# --- sync -----------------------------------------------------------------------------------------


class Syncable(Protocol):
    """What the job needs of crm.sync.client.SyncEngine."""

    def sync(self) -> Any: ...


@dataclass(frozen=True)
class Backoff:
    """Delay before retry number ``failures``: ``base * factor**(failures-1)`` capped at ``cap``, of which
    the last ``jitter`` fraction is random ("equal jitter"), so laptops that lost the ledger together do
    not all come back in the same second."""

    base: float = 15.0
    factor: float = 2.0
    cap: float = 30 * 60.0
    jitter: float = 0.5

    def bounds(self, failures: int) -> tuple[float, float]:
        ceiling = min(self.cap, self.base * self.factor ** max(0, failures - 1))
        return ceiling * (1.0 - self.jitter), ceiling

    def delay(self, failures: int, rand: Callable[[], float] = random.random) -> float:
        low, high = self.bounds(failures)
        return low + (high - low) * rand()


@dataclass(frozen=True)
class SyncFailure:
    """A failed background sync: the error, how many failed in a row, and when the next try is."""

    error: BaseException
    failures: int
    delay: float | None  # seconds; None when the job stopped for good (workspace wiped)
    retry_at: datetime | None


class SyncJob:
    """Decides when to sync and runs one sync at a time (see the module docstring)."""

    def __init__(self, engine: Syncable, *, pending: Callable[[], int], interval: timedelta,
                 on_finished: Callable[[Any], None], on_failed: Callable[[SyncFailure], None],
                 clock: Clock = utcnow, backoff: Backoff | None = None,
                 rand: Callable[[], float] = random.random) -> None:
        if interval <= timedelta(0):
            raise ValueError("the sync interval must be positive")
        self.engine = engine
        self.pending = pending
        self.interval = interval
        self.on_finished = on_finished
        self.on_failed = on_failed
        self.clock = clock
        self.backoff = backoff or Backoff()
        self.rand = rand
        self.failures = 0
        self.next_at: datetime | None = None  # the next regular (pull) sync
        self.retry_at: datetime | None = None  # set while backing off
        self.last_delay: float | None = None
        self.stopped = False
        self.runs = 0
        self._dirty = False
        self._state = threading.Lock()
        self._running = threading.Lock()

    # signals from outside (any thread)

    def start(self) -> None:
        """Begin timing from now: the first regular sync comes after one interval (the app syncs at start
        on its own); queued edits go out at the first tick."""
        with self._state:
            if self.next_at is None:
                self.next_at = self.clock() + self.interval

    def mark_dirty(self) -> None:
        with self._state:
            self._dirty = True

    def network_back(self) -> None:
        """The network is reachable again: try at the next tick instead of waiting out the backoff."""
        with self._state:
            self._dirty = True
            self.retry_at = None

    def note_synced(self) -> None:
        """Another sync of this workspace (the user's F5) succeeded: the clock of regular syncs restarts."""
        with self._state:
            self.failures = 0
            self.retry_at = None
            self.next_at = self.clock() + self.interval

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def running(self) -> bool:
        return self._running.locked()

    # the timer

    def due(self, now: datetime) -> bool:
        with self._state:
            if self.stopped:
                return False
            if self.retry_at is not None:
                return now >= self.retry_at
            if self._dirty or self.next_at is None or now >= self.next_at:
                return True
        return self._pending_safe() > 0

    def tick(self) -> bool:
        """Sync if it is time; True when a sync ran (whatever its outcome)."""
        if not self.due(self.clock()):
            return False
        return self.run()

    def run(self) -> bool:
        """Sync now unless a sync is already running; returns whether one ran."""
        if not self._running.acquire(blocking=False):
            return False
        try:
            with self._state:
                self._dirty = False
            try:
                report = self.engine.sync()
            except SyncBusy:
                # The user's own sync holds the workspace: not a failure; look again at the next tick.
                self.mark_dirty()
                return False
            except WorkspaceWiped as exc:
                with self._state:
                    self.stopped = True
                self.on_failed(SyncFailure(exc, self.failures, None, None))
                return True
            except Exception as exc:  # every failure backs off; the UI shows the error
                self._failed(exc)
                return True
            with self._state:
                self.runs += 1
                self.failures = 0
                self.retry_at = None
                self.last_delay = None
                self.next_at = self.clock() + self.interval
            self.on_finished(report)
            return True
        finally:
            self._running.release()

    def _failed(self, exc: Exception) -> None:
        with self._state:
            self.runs += 1
            self.failures += 1
            delay = self.backoff.delay(self.failures, self.rand)
            self.last_delay = delay
            self.retry_at = self.clock() + timedelta(seconds=delay)
            failure = SyncFailure(exc, self.failures, delay, self.retry_at)
        log.info("background sync failed (%s), %d in a row; retrying in %.0f s",
                 getattr(exc, "code", type(exc).__name__), failure.failures, delay)
        self.on_failed(failure)

    def _pending_safe(self) -> int:
        try:
            return self.pending()
        except Exception:  # a locked or closing database: ask again at the next tick
            log.debug("outbox count unavailable", exc_info=True)
            return 0


def outbox_counter(engine: sa.Engine) -> Callable[[], int]:
    """``pending`` for a SyncJob: the local outbox's size, in a session of its own."""

    def count() -> int:
        with session_scope(engine) as session:
            return outbox.pending_count(session=session)

    return count


# --- the runner -----------------------------------------------------------------------------------


class JobRunner:
    """Starts and stops the scheduler with the jobs given; restartable (a fresh scheduler per start)."""

    def __init__(self, *, reminder_job: ReminderJob | None = None, sync_job: SyncJob | None = None,
                 reminder_seconds: float = 60.0, tick_seconds: float = 10.0, workers: int = 3) -> None:
        self.reminder_job = reminder_job
        self.sync_job = sync_job
        self.reminder_seconds = reminder_seconds
        self.tick_seconds = tick_seconds
        self.workers = workers
        self._scheduler: BackgroundScheduler | None = None
        self._guard = threading.Lock()
        self._rescan = threading.Event()
        self._scanning = threading.Event()
        self._executor: ThreadPoolExecutor | None = None
        self._draining: list[ThreadPoolExecutor] = []  # stopped without waiting; joined at the final stop

    @property
    def running(self) -> bool:
        return self._scheduler is not None and self._scheduler.running

    def start(self) -> None:
        with self._guard:
            if self._scheduler is not None:
                return
            executor = ThreadPoolExecutor(self.workers, pool_kwargs={"thread_name_prefix": THREAD_PREFIX})
            scheduler = BackgroundScheduler(
                timezone=UTC,
                executors={"default": executor},
                # One run of a job at a time; runs missed while busy (or asleep) collapse into one.
                job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            )
            now = datetime.now(UTC)
            if self.reminder_job is not None:
                # First run at once: the catch-up for what fell due while the app was closed.
                scheduler.add_job(self._scan, "interval", seconds=self.reminder_seconds, id=REMINDER_JOB,
                                  next_run_time=now)
            if self.sync_job is not None:
                self.sync_job.start()
                # Two instances: a tick during a long sync (a bootstrap) returns at once instead of being
                # skipped with a warning every few seconds; the job's own lock keeps syncs single.
                scheduler.add_job(self.sync_job.tick, "interval", seconds=self.tick_seconds, id=SYNC_JOB,
                                  next_run_time=now + timedelta(seconds=self.tick_seconds), max_instances=2)
            scheduler.start()
            self._scheduler = scheduler
            self._executor = executor

    def _scan(self) -> None:
        assert self.reminder_job is not None
        self._scanning.set()
        try:
            while True:
                self._rescan.clear()
                try:
                    self.reminder_job.run()
                except Exception:  # a failed scan is retried at the next one; never kill the scheduler
                    log.exception("reminder scan failed")
                    return
                if not self._rescan.is_set():
                    return  # else: asked again while scanning: once more, with what changed meanwhile
        finally:
            self._scanning.clear()

    def scan_soon(self) -> None:
        """Run the reminder scan now (in the scheduler's pool), e.g. after a local edit moved a date."""
        self._rescan.set()
        if not self._scanning.is_set():
            self._poke(REMINDER_JOB)

    def sync_soon(self) -> None:
        if self.sync_job is not None:
            self.sync_job.mark_dirty()
            self._poke(SYNC_JOB)

    def _poke(self, job_id: str) -> None:
        with self._guard:
            scheduler = self._scheduler
            if scheduler is None or scheduler.get_job(job_id) is None:
                return
            scheduler.modify_job(job_id, next_run_time=datetime.now(UTC))

    def shutdown(self, wait: bool = True) -> None:
        """Stop scheduling. With ``wait`` the scheduler thread and every worker (a running sync included)
        have ended on return; without it a running job finishes on its own and its thread then ends."""
        with self._guard:
            scheduler, self._scheduler = self._scheduler, None
            executor, self._executor = self._executor, None
            if executor is not None and not wait:
                self._draining.append(executor)
            draining = list(self._draining) if wait else []
            if wait:
                self._draining.clear()
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=wait)
        for old in draining:  # jobs left running by an earlier stop without waiting (a lock)
            old.shutdown(wait=True)
