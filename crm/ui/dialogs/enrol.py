"""First run: server, username and password; enrol this device and download the user's data."""

from __future__ import annotations

import platform
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from crm.db.keystore import KeyStore
from crm.db.workspace import Workspace
from crm.ui.errors import error_text
from crm.ui.worker import run_task


class EnrolDialog(QDialog):
    """The workspace password is the user's login password: one secret, checked by the ledger first."""

    def __init__(self, path: Path, keystore: KeyStore | None, parent: QWidget | None = None,
                 language: str = "zh_CN") -> None:
        super().__init__(parent)
        self.path = path
        self.keystore = keystore
        self.language = language
        self.result_session: Any = None
        self.setWindowTitle(self.tr("首次登录"))
        self.server = QLineEdit("https://")
        self.server.setObjectName("server")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.message = QLabel()
        self.message.setObjectName("enrol_message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("服务器地址(&S)"), self.server)
        form.addRow(self.tr("用户名(&U)"), self.username)
        form.addRow(self.tr("密码(&P)"), self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.on_enrol)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("本机尚无工作区。请登录行内服务器，登录后客户数据将加密保存在本机，可离线使用。")))
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def on_enrol(self) -> None:
        self.buttons.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.message.setText(self.tr("正在登录并下载数据…"))
        server, username, password = self.server.text().strip(), self.username.text().strip(), self.password.text()
        run_task(lambda progress: self._enrol(server, username, password, progress),
                 done=self.on_enrolled, error=self.on_failed, progress=self.on_progress)

    def _enrol(self, server: str, username: str, password: str, progress: Any) -> Any:
        """Off the GUI thread: create the workspace, enrol, bootstrap; nothing is left behind on failure."""
        from crm.sync.client import HttpTransport, SyncEngine
        from crm.ui.app import Signed, workspace_actor

        ws = Workspace.create(self.path, password=password, keystore=self.keystore)
        try:
            engine = SyncEngine(ws, HttpTransport(server), keystore=self.keystore)
            engine.enrol(username, password, device_name=platform.node())
            ws.settings.server_url = server
            ws.save_settings()
            engine.sync(progress=progress)
            return Signed(ws, workspace_actor(ws), self.keystore, sync_engine=engine)
        except BaseException:
            ws.close()
            if self.keystore is not None:
                self.keystore.delete(f"workspace:{ws.settings.workspace_id}")
            shutil.rmtree(self.path, ignore_errors=True)
            raise

    def on_progress(self, stage: str, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.message.setText(self.tr("正在下载：{0} {1}/{2}").format(stage, done, total))

    def on_enrolled(self, signed: Any) -> None:
        self.result_session = signed
        self.accept()

    def on_failed(self, exc: Exception) -> None:
        self.progress.setVisible(False)
        self.buttons.setEnabled(True)
        self.message.setText(error_text(exc, self.language))
        self.password.selectAll()
        self.password.setFocus()
