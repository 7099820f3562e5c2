"""The lock: client data hidden behind a blank page until the workspace password is typed again (offline)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm.services import audit
from crm.ui.context import AppContext
from crm.ui.worker import run_task

log = logging.getLogger(__name__)


def lock_pixmap(size: int, colour: str = "#6b7280") -> QPixmap:
    """A padlock drawn with QPainter: emoji fonts are not on every bank laptop."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(colour), max(2.0, size / 10))
    painter.setPen(pen)
    shackle = QRectF(size * 0.28, size * 0.08, size * 0.44, size * 0.5)
    painter.drawArc(shackle, 0, 180 * 16)
    painter.drawLine(int(shackle.left()), int(size * 0.33), int(shackle.left()), int(size * 0.46))
    painter.drawLine(int(shackle.right()), int(size * 0.33), int(shackle.right()), int(size * 0.46))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    radius = size * 0.08
    painter.drawRoundedRect(QRectF(size * 0.16, size * 0.44, size * 0.68, size * 0.48), radius, radius)
    painter.setBrush(QColor("#ffffff"))
    painter.drawEllipse(QRectF(size * 0.45, size * 0.58, size * 0.1, size * 0.1))
    painter.drawRect(QRectF(size * 0.48, size * 0.64, size * 0.04, size * 0.14))
    painter.end()
    return pixmap


class LockDialog(QDialog):
    """Application-modal; Esc and the close button do nothing. `unlocked` once the password is right."""

    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.failures = 0
        self._may_close = False
        self.setObjectName("lock_dialog")
        self.setWindowTitle(self.tr("工作区已锁定"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setMinimumWidth(400)
        icon = QLabel()
        icon.setPixmap(lock_pixmap(40, "#1f2937"))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel(self.tr("工作区已锁定"))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading.setStyleSheet("font-size: 16px; font-weight: 600;")
        who = QLabel(self.tr("为保护客户信息，长时间无操作或手动锁定后需重新输入 {0} 的工作区密码。").format(
            ctx.actor.display_name))
        who.setWordWrap(True)
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who.setStyleSheet("color: #4b5563;")
        self.password = QLineEdit()
        self.password.setObjectName("lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("lock_message")
        self.message.setStyleSheet("color: #b91c1c;")
        form = QFormLayout()
        form.addRow(self.tr("密码(&P)"), self.password)
        buttons = QDialogButtonBox()
        self.unlock_button = QPushButton(self.tr("解锁"))
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("退出程序(&Q)"))
        self.quit_button.setObjectName("lock_quit")
        self.quit_button.setAutoDefault(False)
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.unlock_button.clicked.connect(self.on_unlock)
        self.quit_button.clicked.connect(self.on_quit)
        layout = QVBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(heading)
        layout.addWidget(who)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.password.setFocus()

    def on_unlock(self) -> None:
        password = self.password.text()
        if not password:
            self.message.setText(self.tr("请输入密码"))
            return
        self.unlock_button.setEnabled(False)
        self.message.setText(self.tr("正在验证…"))
        # Key derivation takes a moment on purpose: off the GUI thread so the window keeps painting.
        run_task(lambda: self.ctx.verify_password(password), done=self.on_verified,
                 error=lambda _e: self.on_verified(False))

    def on_verified(self, ok: object) -> None:
        self.unlock_button.setEnabled(True)
        if ok is not True:
            self.failures += 1
            self.message.setText(self.tr("密码不正确（已失败 {0} 次）").format(self.failures))
            self.password.clear()
            self.password.setFocus()
            _audit(self.ctx, "workspace.unlock_failed", {"failures": self.failures})
            return
        _audit(self.ctx, "workspace.unlock", {"failures": self.failures})
        self.message.clear()
        self.password.clear()
        self._may_close = True
        self.accept()
        self.unlocked.emit()

    def on_quit(self) -> None:
        self._may_close = True
        self.quit_requested.emit()
        self.reject()

    # Nothing but the password (or quitting) closes the lock.

    def reject(self) -> None:
        if self._may_close:
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close:
            super().closeEvent(event)
        else:
            event.ignore()


class _Veil(QWidget):
    """An opaque cover over another open window (a dialog left open), following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lock_veil")
        self.setAutoFillBackground(True)
        label = QLabel(self.tr("已锁定"), self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color: #9ca3af; font-size: 15px;")
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False


def locked_page() -> QWidget:
    """What the main window shows while locked: no client data at all."""
    page = QWidget()
    page.setObjectName("locked_page")
    icon = QLabel(page)
    icon.setPixmap(lock_pixmap(64, "#9ca3af"))
    icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label = QLabel(QApplication.translate("LockDialog", "已锁定：输入密码后继续"), page)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("color: #9ca3af; font-size: 18px;")
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addWidget(icon)
    layout.addWidget(label)
    layout.addStretch(1)
    return page


class ScreenLock(QObject):
    """Locks a main window: a blank page for its content, veils over other windows, then asks the password."""

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QMainWindow, ctx: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.dialog: LockDialog | None = None
        self._content: QWidget | None = None
        self._veils: list[_Veil] = []

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def lock(self) -> LockDialog:
        if self.dialog is not None:
            return self.dialog
        self._content = self.window.takeCentralWidget()
        self.window.setCentralWidget(locked_page())
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible() and widget.isWindow() \
                    and not isinstance(widget, LockDialog) and widget.windowType() != Qt.WindowType.ToolTip:
                self._veils.append(_Veil(widget))
        _audit(self.ctx, "workspace.lock", {})
        self.dialog = LockDialog(self.ctx, self.window)
        self.dialog.unlocked.connect(self.on_unlocked)
        self.dialog.quit_requested.connect(self.window.close)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.locked.emit()
        return self.dialog

    def on_unlocked(self) -> None:
        blank = self.window.takeCentralWidget()
        if blank is not None:
            blank.deleteLater()
        if self._content is not None:
            self.window.setCentralWidget(self._content)
            self._content.show()  # takeCentralWidget() hid it
            self._content = None
        for veil in self._veils:
            try:
                veil.hide()
                veil.deleteLater()
            except RuntimeError:  # its window was closed meanwhile, and the veil with it
                pass
        self._veils.clear()
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.unlocked.emit()


def _audit(ctx: AppContext, action: str, detail: dict[str, Any]) -> None:
    try:
        with ctx.session() as session:
            audit.record(session, actor=ctx.actor, action=action, entity="user", entity_id=ctx.actor.user_id,
                         detail=detail)
    except Exception:  # the lock must work even if the trail cannot be written (disk full…)
        log.exception("could not audit %s", action)
