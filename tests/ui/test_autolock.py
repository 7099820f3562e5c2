"""Auto-lock: idle time (injected in milliseconds) or Ctrl+L hides client data until the password is typed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from crm.ui.dialogs.lock import LockDialog
from crm.ui.idle import IdleWatcher
from crm.ui.main_window import MainWindow

PASSWORD = "test-password-42"  # noqa: S105 (tests/ui/conftest.py)


def make_window(qtbot, ctx, idle_ms: int = 60_000) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx, idle_ms=idle_ms)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def lock_dialog(window: MainWindow) -> LockDialog:
    dialog = window.screen_lock.dialog
    assert dialog is not None
    return dialog


def type_password(qtbot, dialog: LockDialog, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)


def client_data_visible(window: MainWindow) -> bool:
    return window.stack.isVisible() or window.nav.isVisible()


def test_idle_locks_and_only_the_right_password_unlocks(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    assert rm_ctx.workspace.settings.idle_lock_minutes == 10  # the product default
    window = make_window(qtbot, rm_ctx, idle_ms=150)
    assert window.idle_watcher.interval_ms == 150
    content = window.centralWidget()
    assert client_data_visible(window)

    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    dialog = lock_dialog(window)
    qtbot.waitExposed(dialog)
    assert dialog.isModal() and dialog.windowModality() == Qt.WindowModality.ApplicationModal
    assert window.centralWidget() is not content
    assert window.centralWidget().objectName() == "locked_page"
    assert not client_data_visible(window)
    assert not window.idle_watcher.active  # typing into the lock must not count as activity

    type_password(qtbot, dialog, "wrong-password")
    assert window.locked and dialog.isVisible()
    assert "密码不正确" in dialog.message.text()
    assert dialog.password.text() == ""
    assert not client_data_visible(window)

    # Esc and the window's close button do not get around the lock.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and window.locked

    type_password(qtbot, dialog, PASSWORD)
    assert not window.locked
    assert window.centralWidget() is content
    assert client_data_visible(window)
    assert window.idle_watcher.active  # watching again after the unlock


def test_ctrl_l_locks_at_once(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, rm_ctx)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # shortcuts go to the active window
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.locked, timeout=2000)
    assert not client_data_visible(window)
    # Locking twice (menu and idle at once) opens one dialog.
    first = lock_dialog(window)
    rm_ctx.lock_requested.emit()
    assert lock_dialog(window) is first
    type_password(qtbot, first, PASSWORD)
    assert not window.locked


def test_user_input_postpones_the_lock(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, rm_ctx, idle_ms=800)
    # Input anywhere counts (here a key press on the status bar label, which does no work of its own).
    for _ in range(6):
        qtbot.wait(200)
        QCoreApplication.sendEvent(window.user_label, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift,
                                                                Qt.KeyboardModifier.NoModifier))
        assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    type_password(qtbot, lock_dialog(window), PASSWORD)


def test_an_open_dialog_is_veiled_while_locked(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, rm_ctx)
    other = QDialog(window)
    other.setWindowTitle("form")
    QLabel("客户资料……", other)
    other.resize(300, 200)
    other.show()
    qtbot.waitExposed(other)
    window.lock_action.trigger()
    assert window.locked
    veils = [w for w in other.findChildren(QWidget) if w.objectName() == "lock_veil"]
    assert len(veils) == 1 and veils[0].isVisible()
    assert veils[0].geometry() == other.rect()
    other.resize(400, 260)
    assert veils[0].geometry() == other.rect()
    assert other.isVisible()  # the user's unsaved form stays open underneath
    type_password(qtbot, lock_dialog(window), PASSWORD)
    qtbot.waitUntil(lambda: not [w for w in other.findChildren(QWidget)
                                 if w.objectName() == "lock_veil" and w.isVisible()])
    other.close()


def test_idle_watcher_interval_is_injectable(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    watcher = IdleWatcher(60_000, owner)
    watcher.set_interval(50)
    assert watcher.interval_ms == 50 and watcher.remaining_ms() == -1
    fired: list[int] = []
    watcher.idle_timeout.connect(lambda: fired.append(1))
    with qtbot.waitSignal(watcher.idle_timeout, timeout=2000):
        watcher.start()
    qtbot.wait(150)
    assert fired == [1]  # once per idle spell, until started again
    watcher.start()
    watcher.stop()
    qtbot.wait(120)
    assert fired == [1]
    assert IdleWatcher.from_minutes(10, owner).interval_ms == 600_000
    watcher.uninstall()
    assert QApplication.instance() is not None
