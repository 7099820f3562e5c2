"""Unlock an existing workspace offline, or enrol on first run; then the confidentiality acknowledgement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crm.db.keystore import KeyStore
from crm.db.workspace import Workspace
from crm.domain.errors import DomainError
from crm.domain.models import LocalSetting
from crm.services import audit
from crm.ui.errors import error_text

#: Shown translated by ConfidentialityDialog (marked here so lupdate extracts it in that context).
CONFIDENTIALITY_TEXT = QT_TRANSLATE_NOOP(
    "ConfidentialityDialog",
    "本人承诺：严格遵守银行客户信息保密制度与查询权限制度，仅在履行岗位职责所需范围内查阅、使用客户信息；"
    "不向任何无关人员泄露客户身份信息、账户信息、交易信息及其他敏感信息；不以拍照、复制、导出等方式"
    "私自留存客户资料；设备遗失或疑似泄露时立即报告。所有查看完整信息、导出及打印操作均记入审计。"
)


class UnlockDialog(QDialog):
    """Password only: the workspace opens without any network."""

    def __init__(self, path: Path, keystore: KeyStore | None, parent: QWidget | None = None,
                 language: str = "zh_CN") -> None:
        super().__init__(parent)
        self.path = path
        self.keystore = keystore
        self.language = language
        self.workspace: Workspace | None = None
        self.setWindowTitle(self.tr("解锁工作区"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("unlock_message")
        self.message.setStyleSheet("color: #b91c1c;")
        form = QFormLayout()
        form.addRow(self.tr("工作区"), QLabel(str(path)))
        form.addRow(self.tr("密码(&P)"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.on_unlock)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def on_unlock(self) -> None:
        try:
            self.workspace = Workspace.open(self.path, password=self.password.text(), keystore=self.keystore)
        except DomainError as exc:
            self.message.setText(error_text(exc, self.language))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()


class ConfidentialityDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("客户信息保密承诺"))
        text = QPlainTextEdit(self.tr(str(CONFIDENTIALITY_TEXT)))
        text.setReadOnly(True)
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(self.tr("我已阅读并承诺遵守"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("不同意"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)


def ack_key(user_id: str) -> str:
    return f"confidentiality_ack:{user_id}"


def needs_acknowledgement(workspace: Workspace, actor: Any) -> bool:
    from crm.db.engine import session_scope

    with session_scope(workspace.engine) as session:
        return session.get(LocalSetting, ack_key(actor.user_id)) is None


def record_acknowledgement(workspace: Workspace, actor: Any) -> None:
    from crm.db.engine import session_scope
    from crm.domain.types import utcnow

    with session_scope(workspace.engine) as session:
        session.add(LocalSetting(key=ack_key(actor.user_id), value={"at": utcnow().isoformat()}))
        audit.record(session, actor=actor, action="user.confidentiality_ack", entity="user", entity_id=actor.user_id)


def acknowledge_if_needed(workspace: Workspace, actor: Any, parent: QWidget | None = None) -> bool:
    """Staff sign the confidentiality acknowledgement at first login; refusing closes the app."""
    if not needs_acknowledgement(workspace, actor):
        return True
    if ConfidentialityDialog(parent).exec() != QDialog.DialogCode.Accepted:
        return False
    record_acknowledgement(workspace, actor)
    return True


def obtain_session(path: Path, keystore: KeyStore | None) -> Any:
    """Unlock (offline) or, on first run, enrol; None when the user gives up."""
    from crm.ui.app import Signed, workspace_actor

    if not Workspace.exists(path):
        from crm.ui.dialogs.enrol import EnrolDialog

        enrol = EnrolDialog(path, keystore)
        if enrol.exec() != QDialog.DialogCode.Accepted or enrol.result_session is None:
            return None
        signed = enrol.result_session
    else:
        dialog = UnlockDialog(path, keystore)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.workspace is None:
            return None
        signed = Signed(dialog.workspace, workspace_actor(dialog.workspace), keystore)
        signed.sync_engine = _engine_for(signed.workspace, keystore)
    if not acknowledge_if_needed(signed.workspace, signed.actor):
        signed.workspace.close()
        QMessageBox.information(
            None, "", QCoreApplication.translate("ConfidentialityDialog", "未签署保密承诺，程序将退出。"))
        return None
    return signed


def _engine_for(workspace: Workspace, keystore: KeyStore | None) -> Any:
    """The sync engine of an enrolled workspace (None when it was never enrolled with a ledger)."""
    from crm.sync.client import HttpTransport, SyncEngine

    url = workspace.settings.server_url
    return SyncEngine(workspace, HttpTransport(url), keystore=keystore) if url else None
