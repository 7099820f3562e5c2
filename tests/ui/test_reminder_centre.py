"""The reminder centre on 今日: reminders from the job bridge, done / snooze / open-the-record, state kept
across a restart; the bridge's signals arrive on the GUI thread; the jobs stop on close and on lock."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from crm.jobs.reminders import Reminder, ReminderKind
from crm.services.complaints import CHINA_TZ
from crm.ui.job_bridge import JobBridge, ReminderTray
from crm.ui.main_window import MainWindow
from crm.ui.reminder_text import reminder_text
from crm.ui.screens.today import TodayScreen

DEMO_TODAY = date(2026, 11, 23)  # tests/ui/conftest.py


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def morning() -> Clock:
    return Clock(datetime.combine(DEMO_TODAY, time(9, 0), tzinfo=CHINA_TZ))


def job_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name == "APScheduler" or t.name.startswith("crm-jobs")]


def scan(qtbot: Any, bridge: JobBridge) -> list[Reminder]:
    with qtbot.waitSignal(bridge.reminders_changed, timeout=5000) as blocker:
        bridge.scan_now()
    return list(blocker.args[0])


def make_screen(qtbot: Any, ctx: Any, bridge: JobBridge) -> TodayScreen:
    screen = TodayScreen(ctx, clock=lambda: DEMO_TODAY)
    qtbot.addWidget(screen)
    screen.attach_reminders(bridge)
    return screen


def keys_shown(screen: TodayScreen) -> list[str]:
    from PySide6.QtCore import Qt

    return [screen.reminder_list.item(i).data(Qt.ItemDataRole.UserRole).key
            for i in range(screen.reminder_list.count())]


def select(screen: TodayScreen, key: str) -> None:
    screen.reminder_list.setCurrentRow(keys_shown(screen).index(key))


def test_the_centre_shows_the_scan_and_done_persists_across_a_restart(qtbot: Any, rm_ctx: Any) -> None:
    clock = morning()
    bridge = JobBridge(rm_ctx, clock=clock)
    screen = make_screen(qtbot, rm_ctx, bridge)
    assert not screen.reminder_done_button.isEnabled()
    with qtbot.waitSignal(bridge.reminders_due, timeout=5000) as due:
        active = scan(qtbot, bridge)
    assert active and len(due.args[0]) == len(active)  # the first scan announces everything (catch-up)
    assert keys_shown(screen) == [r.key for r in active]
    assert screen.reminders_box.title() == f"提醒（{len(active)}）"
    first = screen.current_reminder()
    assert first is not None and first.text == reminder_text(first.reminder, DEMO_TODAY)
    assert screen.reminder_done_button.isEnabled() and screen.reminder_snooze_button.isEnabled()

    key = active[0].key
    qtbot.mouseClick(screen.reminder_done_button, _left())
    assert key not in keys_shown(screen) and len(keys_shown(screen)) == len(active) - 1

    # Restart: a new bridge over the same encrypted workspace.
    again = JobBridge(rm_ctx, clock=clock)
    with qtbot.assertNotEmitted(again.reminders_due):
        after = scan(qtbot, again)  # nothing is announced twice
    assert key not in {r.key for r in after} and len(after) == len(active) - 1


def test_snooze_hides_until_its_time_then_announces_again(qtbot: Any, rm_ctx: Any) -> None:
    clock = morning()
    bridge = JobBridge(rm_ctx, clock=clock)
    screen = make_screen(qtbot, rm_ctx, bridge)
    active = scan(qtbot, bridge)
    key = active[-1].key
    select(screen, key)
    screen._fill_snooze_menu()
    actions = screen.reminder_snooze_menu.actions()
    assert [a.text() for a in actions] == ["1 小时后", "明天上午", "3 天后", "下周一"]
    actions[0].trigger()  # 1 hour
    assert key not in keys_shown(screen)

    restarted = JobBridge(rm_ctx, clock=clock)
    clock.now += timedelta(minutes=59)
    assert key not in {r.key for r in scan(qtbot, restarted)}
    clock.now += timedelta(minutes=1)
    with qtbot.waitSignal(restarted.reminders_due, timeout=5000) as due:
        back = scan(qtbot, restarted)
    assert key in {r.key for r in back} and [r.key for r in due.args[0]] == [key]


def test_signals_arrive_on_the_gui_thread_from_the_scheduler(qtbot: Any, rm_ctx: Any) -> None:
    bridge = JobBridge(rm_ctx, clock=morning())
    threads: list[Any] = []
    bridge.reminders_changed.connect(lambda _r: threads.append(QThread.currentThread()))
    with qtbot.waitSignal(bridge.reminders_changed, timeout=10_000):
        bridge.start(watch_network=False)  # the catch-up scan runs at once on a job thread
    try:
        assert threads == [QApplication.instance().thread()]
        assert bridge.running and "APScheduler" in job_threads()
    finally:
        bridge.stop(wait=True)
    assert not bridge.running and job_threads() == []


def test_open_the_record_shows_its_screen(qtbot: Any, rm_ctx: Any) -> None:
    window = MainWindow(rm_ctx)
    qtbot.addWidget(window)
    bridge = window.job_bridge
    bridge.clock = morning()
    active = scan(qtbot, bridge)
    today = window.screens["today"]
    assert keys_shown(today) == [r.key for r in active]  # wired to the window's bridge
    by_kind = {r.kind: r for r in active}
    holding = next(r for r in active if r.entity == "holding")
    select(today, holding.key)
    qtbot.mouseClick(today.reminder_open_button, _left())
    assert window.stack.currentWidget() is window.screens["clients"]
    assert window.screens["clients"].detail.client_id == holding.client_id
    if ReminderKind.PLAN_ITEM_DELAYED in by_kind:
        assert window.open_reminder(by_kind[ReminderKind.PLAN_ITEM_DELAYED]) == "plans"
    weekly = Reminder(key="weekly_report:x:2026-W48", kind=ReminderKind.WEEKLY_REPORT, due_on=DEMO_TODAY,
                      fire_at=morning()(), entity="weekly_report", entity_id=None,
                      params={"week": "2026-W48"})
    assert window.open_reminder(weekly) is None


def test_plan_reviews_open_the_approvals_for_the_head(qtbot: Any, head_ctx: Any) -> None:
    window = MainWindow(head_ctx)
    qtbot.addWidget(window)
    window.job_bridge.clock = morning()
    active = scan(qtbot, window.job_bridge)
    review = next(r for r in active if r.kind in (ReminderKind.PLAN_REVIEW, ReminderKind.PROPOSAL_REVIEW))
    assert window.open_reminder(review) == "approvals"
    assert window.stack.currentWidget() is window.screens["approvals"]


def test_jobs_stop_on_lock_and_on_close(qtbot: Any, rm_ctx: Any) -> None:
    window = MainWindow(rm_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.job_bridge.clock = morning()
    with qtbot.waitSignal(window.job_bridge.reminders_changed, timeout=10_000):
        window.start_background_jobs(watch_network=False)
    assert window.job_bridge.running
    rm_ctx.lock_requested.emit()
    assert window.locked
    qtbot.waitUntil(lambda: not window.job_bridge.running, timeout=5000)
    window.screen_lock.on_unlocked()  # what a correct password leads to
    assert not window.locked and window.job_bridge.running
    window.close()
    assert not window.job_bridge.running and job_threads() == []


def test_new_reminders_reach_the_tray_as_one_message(qtbot: Any, rm_ctx: Any) -> None:
    window = MainWindow(rm_ctx)
    qtbot.addWidget(window)
    tray = ReminderTray(window, available=False)  # offscreen has no tray: the message is still composed
    assert tray.icon is None
    bridge = JobBridge(rm_ctx, clock=morning())
    active = scan(qtbot, bridge)
    assert not tray.notify(active, DEMO_TODAY)
    assert tray.last_message is not None
    title, body = tray.last_message
    assert title == f"{len(active)} 条新提醒"
    assert body.splitlines()[0] == reminder_text(active[0], DEMO_TODAY)
    if len(active) > 3:
        assert body.splitlines()[-1] == f"…另有 {len(active) - 3} 条，请在“今日”查看"
    window.reminder_tray = tray
    window.on_reminders_due(active)
    assert window.statusBar().currentMessage() == f"{len(active)} 条新提醒"


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
