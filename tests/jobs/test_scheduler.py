"""The job runner: catch-up scan at start, timer-driven sync with exponential backoff and jitter against a
real SyncEngine, the queue drained when the ledger returns without any new local edit, one sync at a
time, and a shutdown that leaves no scheduler thread behind."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlmodel import Session, select

from crm.db.engine import session_scope
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import Workspace
from crm.domain.models import FollowUpTask, LocalSetting, Outbox, User
from crm.jobs.reminders import ScanResult
from crm.jobs.scheduler import (
    THREAD_PREFIX,
    Backoff,
    JobRunner,
    ReminderJob,
    SyncFailure,
    SyncJob,
    outbox_counter,
)
from crm.services import tasks
from crm.services.complaints import CHINA_TZ
from crm.services.context import Actor
from crm.sync.client import SyncEngine
from crm.sync.client.errors import ServerUnavailable

if TYPE_CHECKING:
    from conftest import MiniLedger, Org

INTERVAL = timedelta(minutes=5)


class Clock:
    """A settable clock; ``now`` is timezone-aware."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now


def china(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHINA_TZ)


def job_threads() -> list[str]:
    return [t.name for t in threading.enumerate()
            if t.name == "APScheduler" or t.name.startswith(THREAD_PREFIX)]


def wait_for(predicate: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


@pytest.fixture(autouse=True)
def no_thread_left() -> Iterator[None]:
    yield
    assert job_threads() == []


# --- reminders through the runner ---------------------------------------------------------------------


def test_start_runs_the_catch_up_scan_at_once_and_shutdown_leaves_no_thread(
        workspace: Workspace, session: Session, org: Org) -> None:
    task = FollowUpTask(owner_id=org.rm.user_id, title="确认贷款用途", due_on=date(2026, 12, 1))
    session.add(task)
    session.commit()
    clock = Clock(china(2026, 12, 8, 9))  # the app was closed when the task fell due
    scans: list[ScanResult] = []
    scanned = threading.Event()

    def on_scan(result: ScanResult) -> None:
        scans.append(result)
        scanned.set()

    runner = JobRunner(reminder_job=ReminderJob(workspace.engine, org.rm, clock=clock, on_scan=on_scan),
                       reminder_seconds=3600)
    runner.start()
    try:
        assert runner.running and "APScheduler" in job_threads()
        assert scanned.wait(10)
        assert f"task_overdue:{task.id}:2026-12-01" in {r.key for r in scans[0].new}
        scanned.clear()
        runner.scan_soon()  # e.g. after a local edit: no waiting for the next minute
        assert scanned.wait(10)
        assert scans[-1].new == [] and len(scans[-1].active) == len(scans[0].active)
    finally:
        runner.shutdown(wait=True)
    assert not runner.running
    assert job_threads() == []


def test_the_runner_restarts_after_a_stop(workspace: Workspace, org: Org) -> None:
    """Stopped on lock, started again on unlock."""
    count = 0
    event = threading.Event()

    def on_scan(_r: ScanResult) -> None:
        nonlocal count
        count += 1
        event.set()

    runner = JobRunner(reminder_job=ReminderJob(workspace.engine, org.rm, clock=lambda: china(2026, 12, 8),
                                                on_scan=on_scan), reminder_seconds=3600)
    for _ in range(2):
        event.clear()
        runner.start()
        assert event.wait(10)
        runner.shutdown(wait=True)
        assert job_threads() == []
    assert count == 2


# --- the sync job against a real engine ---------------------------------------------------------------


@pytest.fixture
def engine(workspace: Workspace, ledger: MiniLedger, keystore: MemoryKeyStore, password: str) -> SyncEngine:
    eng = SyncEngine(workspace, ledger, keystore=keystore)
    eng.enrol("wangfang", password, "test laptop")
    eng.sync()
    return eng


def me(workspace: Workspace) -> Actor:
    with Session(workspace.engine) as s:
        owner = s.get(LocalSetting, "owner")
        assert owner is not None
        user = s.get(User, owner.value["user_id"])
        assert user is not None
        return Actor.of(user)


def queue_edits(workspace: Workspace, n: int) -> None:
    actor = me(workspace)
    for i in range(n):
        with session_scope(workspace.engine) as s:
            tasks.create_task(session=s, actor=actor, data=tasks.TaskCreate(title=f"离线待办{i}",
                                                                            due_on=date(2026, 12, 1)))


def pending(workspace: Workspace) -> int:
    return outbox_counter(workspace.engine)()


class Recorder:
    def __init__(self) -> None:
        self.finished: list[object] = []
        self.failed: list[SyncFailure] = []


def make_job(engine: SyncEngine, workspace: Workspace, clock: Clock, rec: Recorder, *,
             backoff: Backoff | None = None, seed: int = 7) -> SyncJob:
    return SyncJob(engine, pending=outbox_counter(workspace.engine), interval=INTERVAL,
                   on_finished=rec.finished.append, on_failed=rec.failed.append, clock=clock,
                   backoff=backoff or Backoff(base=10, factor=2, cap=120, jitter=0.5),
                   rand=random.Random(seed).random)


def test_backoff_bounds_grow_exponentially_and_are_capped() -> None:
    b = Backoff(base=10, factor=2, cap=120, jitter=0.5)
    assert [b.bounds(n) for n in range(1, 7)] == [(5, 10), (10, 20), (20, 40), (40, 80), (60, 120), (60, 120)]
    assert b.delay(3, lambda: 0.0) == 20 and b.delay(3, lambda: 0.999999) == pytest.approx(40, abs=1e-4)


def test_failures_back_off_with_jitter_and_the_queue_drains_when_the_ledger_returns(
        engine: SyncEngine, workspace: Workspace, ledger: MiniLedger) -> None:
    clock = Clock(china(2026, 12, 8, 9))
    rec = Recorder()
    job = make_job(engine, workspace, clock, rec)
    job.start()
    ledger.down = True
    queue_edits(workspace, 3)
    assert pending(workspace) == 3
    backoff = job.backoff
    delays: list[float] = []
    for n in range(1, 7):
        assert job.tick()  # due: the outbox is not empty (no new edit needed to trigger it)
        failure = rec.failed[-1]
        assert isinstance(failure.error, ServerUnavailable) and failure.failures == n
        low, high = backoff.bounds(n)
        assert failure.delay is not None and low <= failure.delay <= high
        assert failure.retry_at == clock() + timedelta(seconds=failure.delay)
        delays.append(failure.delay)
        # Nothing happens before the retry time, however often the timer looks.
        clock.set(failure.retry_at - timedelta(seconds=1))
        assert not job.tick()
        clock.set(failure.retry_at)
    assert [backoff.bounds(n)[1] for n in range(1, 7)] == [10, 20, 40, 80, 120, 120]
    assert delays[3] > delays[0] * 2  # grows (the bounds of 1 and 4 do not overlap)
    assert len(set(delays)) == len(delays)  # jittered
    assert pending(workspace) == 3 and ledger.applied == []

    ledger.down = False
    assert job.tick()  # the next retry, still with no new local edit
    assert pending(workspace) == 0 and len(ledger.applied) == 3
    assert len(rec.finished) == 1 and job.failures == 0 and job.retry_at is None
    # Back to the regular timer: nothing queued, next sync one interval later.
    assert not job.tick()
    clock.advance(seconds=INTERVAL.total_seconds() - 1)
    assert not job.tick()
    clock.advance(seconds=1)
    assert job.tick() and len(rec.finished) == 2


def test_network_back_cuts_the_backoff_short(engine: SyncEngine, workspace: Workspace,
                                             ledger: MiniLedger) -> None:
    clock = Clock(china(2026, 12, 8, 9))
    rec = Recorder()
    job = make_job(engine, workspace, clock, rec)
    job.start()
    ledger.down = True
    queue_edits(workspace, 1)
    for _ in range(4):
        assert job.tick()
        assert job.retry_at is not None
        clock.set(job.retry_at)
    assert job.tick() and job.retry_at is not None  # the fifth failure: 60 to 120 s to wait
    clock.set(job.retry_at - timedelta(seconds=30))
    assert not job.tick()
    ledger.down = False
    job.network_back()
    assert job.tick() and pending(workspace) == 0 and job.failures == 0


def test_a_regular_sync_runs_on_the_interval_without_edits(engine: SyncEngine, workspace: Workspace,
                                                           ledger: MiniLedger) -> None:
    clock = Clock(china(2026, 12, 8, 9))
    rec = Recorder()
    job = make_job(engine, workspace, clock, rec)
    job.start()
    calls = len(ledger.calls)
    assert not job.tick() and len(ledger.calls) == calls
    clock.advance(minutes=5)
    assert job.tick() and rec.finished and "pull" in ledger.calls[calls:]


def test_never_two_syncs_at_once(engine: SyncEngine, workspace: Workspace, ledger: MiniLedger) -> None:
    clock = Clock(china(2026, 12, 8, 9))
    rec = Recorder()
    job = make_job(engine, workspace, clock, rec)
    job.start()
    gate = ledger.hold()
    first = threading.Thread(target=job.run, name="first-sync")
    first.start()
    try:
        assert ledger.entered.wait(10) and job.running
        assert job.run() is False  # the job's own second run does not start
        # The user's F5 through the same engine meets the workspace lock, not a second sync.
        failed: list[BaseException] = []
        try:
            engine.sync()
        except Exception as exc:
            failed.append(exc)
        assert [getattr(e, "code", "") for e in failed] == ["sync.busy"]
    finally:
        gate.set()
        first.join(10)
    assert len(rec.finished) == 1 and rec.failed == []


def test_a_busy_workspace_is_not_a_failure(engine: SyncEngine, workspace: Workspace,
                                           ledger: MiniLedger) -> None:
    """The user's own sync holds the workspace: the job tries again at the next tick, without backoff."""
    clock = Clock(china(2026, 12, 8, 9))
    rec = Recorder()
    job = make_job(engine, workspace, clock, rec)
    job.start()
    gate = ledger.hold()
    user_sync = threading.Thread(target=engine.sync, name="user-sync")
    user_sync.start()
    try:
        assert ledger.entered.wait(10)
        clock.advance(minutes=5)
        assert job.tick() is False
        assert rec.failed == [] and job.failures == 0 and job.dirty
    finally:
        gate.set()
        user_sync.join(10)
    assert job.tick() and len(rec.finished) == 1


def test_the_scheduler_drives_sync_from_its_timer(engine: SyncEngine, workspace: Workspace,
                                                  ledger: MiniLedger) -> None:
    """Real scheduler, real time: edits queued while the ledger was down go out once it is back, with
    no new edit and no one pressing F5; then the runner stops with no thread left."""
    rec = Recorder()
    job = SyncJob(engine, pending=outbox_counter(workspace.engine), interval=INTERVAL,
                  on_finished=rec.finished.append, on_failed=rec.failed.append,
                  backoff=Backoff(base=0.05, factor=2, cap=0.2, jitter=0.5))
    runner = JobRunner(sync_job=job, tick_seconds=0.02)
    ledger.down = True
    queue_edits(workspace, 2)
    runner.start()
    try:
        wait_for(lambda: len(rec.failed) >= 3)
        assert pending(workspace) == 2
        ledger.down = False
        wait_for(lambda: pending(workspace) == 0)
        wait_for(lambda: len(rec.finished) >= 1)
        assert len(ledger.applied) == 2
    finally:
        runner.shutdown(wait=True)
    assert job_threads() == []
    failures = [f.failures for f in rec.failed]
    assert failures == list(range(1, len(failures) + 1))


def test_shutdown_waits_for_a_running_sync(engine: SyncEngine, workspace: Workspace,
                                           ledger: MiniLedger) -> None:
    rec = Recorder()
    job = SyncJob(engine, pending=outbox_counter(workspace.engine), interval=INTERVAL,
                  on_finished=rec.finished.append, on_failed=rec.failed.append)
    runner = JobRunner(sync_job=job, tick_seconds=0.02)
    queue_edits(workspace, 1)
    gate = ledger.hold()
    runner.start()
    assert ledger.entered.wait(10)
    threading.Timer(0.2, gate.set).start()
    runner.shutdown(wait=True)
    assert job_threads() == [] and len(rec.finished) == 1 and pending(workspace) == 0
    wait_for(lambda: not [t for t in threading.enumerate() if isinstance(t, threading.Timer)])


def test_the_outbox_counter_sees_local_edits(workspace: Workspace, engine: SyncEngine) -> None:
    assert pending(workspace) == 0
    queue_edits(workspace, 2)
    with Session(workspace.engine) as s:
        assert len(s.exec(select(Outbox)).all()) == pending(workspace) == 2


def test_a_wiped_workspace_stops_the_job(workspace: Workspace) -> None:
    from crm.sync.client.errors import WorkspaceWiped

    class Wiped:
        def sync(self) -> None:
            raise WorkspaceWiped()

    rec = Recorder()
    clock = Clock(china(2026, 12, 8, 1))
    job = SyncJob(Wiped(), pending=lambda: 1, interval=INTERVAL, on_finished=rec.finished.append,
                  on_failed=rec.failed.append, clock=clock)
    job.start()
    assert job.tick() and job.stopped and rec.failed[0].delay is None
    clock.advance(hours=1)
    assert not job.tick()


def test_bad_lead_settings_are_ignored_not_fatal() -> None:
    from crm.jobs.scheduler import usable_leads

    assert usable_leads({"repayment": 10, "nonsense": 3, "maturity": -4, "survey": "x"}) == {"repayment": 10}
    assert usable_leads(None) == {}


def test_a_final_stop_also_waits_for_jobs_left_running_by_a_stop_without_waiting(
        engine: SyncEngine, workspace: Workspace, ledger: MiniLedger) -> None:
    """Locked (stop without waiting) while a sync runs, then closed: no job thread outlives the close."""
    rec = Recorder()
    job = SyncJob(engine, pending=outbox_counter(workspace.engine), interval=INTERVAL,
                  on_finished=rec.finished.append, on_failed=rec.failed.append)
    runner = JobRunner(sync_job=job, tick_seconds=0.02)
    queue_edits(workspace, 1)
    gate = ledger.hold()
    runner.start()
    assert ledger.entered.wait(10)
    runner.shutdown(wait=False)  # the lock: returns at once, the sync goes on
    assert not runner.running and job.running
    threading.Timer(0.2, gate.set).start()
    runner.shutdown(wait=True)  # the close
    assert job_threads() == [] and len(rec.finished) == 1
    wait_for(lambda: not [t for t in threading.enumerate() if isinstance(t, threading.Timer)])
