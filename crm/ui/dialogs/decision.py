"""A branch head's decision on a submitted record: approve or return (grant or reject) with a comment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class Choice:
    key: str  # what the caller receives, e.g. "approve" / "return"
    text: str  # button text with its mnemonic
    comment_required: bool = False
    destructive: bool = False  # drawn in the warning colour (return, reject)


class DecisionDialog(QDialog):
    """One button per choice; Ctrl+Enter takes the suggested one. A choice may insist on a comment."""

    def __init__(self, title: str, subject: str, choices: Sequence[Choice], *, suggested: str | None = None,
                 prompt: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.choices = {c.key: c for c in choices}
        self.suggested = suggested if suggested in self.choices else choices[0].key
        self.choice: str | None = None
        self._build(subject, prompt or self.tr("意见（退回时必填）："), choices)
        self._connect_signals()
        self.comment_edit.setFocus()

    def _build(self, subject: str, prompt: str, choices: Sequence[Choice]) -> None:
        self.subject_label = QLabel(subject)
        self.subject_label.setObjectName("decision_subject")
        self.subject_label.setWordWrap(True)
        self.subject_label.setTextFormat(Qt.TextFormat.PlainText)
        self.subject_label.setStyleSheet("font-weight: 600;")
        prompt_label = QLabel(prompt)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setObjectName("decision_comment")
        self.comment_edit.setPlaceholderText(self.tr("写下审核意见或指导要点；Ctrl+Enter 确认"))
        prompt_label.setBuddy(self.comment_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("decision_error")
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox()
        self.choice_buttons: dict[str, QPushButton] = {}
        for choice in choices:
            button = QPushButton(choice.text)
            button.setObjectName(f"decision_{choice.key}")
            if choice.destructive:
                button.setStyleSheet("color: #b91c1c;")
            button.setAutoDefault(False)
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            self.choice_buttons[choice.key] = button
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.choice_buttons[self.suggested].setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.subject_label)
        layout.addWidget(prompt_label)
        layout.addWidget(self.comment_edit, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        for key, button in self.choice_buttons.items():
            button.clicked.connect(lambda _c=False, k=key: self.on_choice(k))
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, lambda: self.on_choice(self.suggested))
        QShortcut(QKeySequence("Ctrl+Enter"), self, lambda: self.on_choice(self.suggested))

    def comment(self) -> str:
        return self.comment_edit.toPlainText().strip()

    def on_choice(self, key: str) -> None:
        if self.choices[key].comment_required and not self.comment():
            self.error_label.setText(self.tr("请填写意见：{0}需要说明原因").format(
                self.choices[key].text.replace("&", "").rstrip("…")))
            self.error_label.show()
            self.comment_edit.setFocus()
            return
        self.choice = key
        self.accept()


def approve_or_return(parent: QWidget | None, title: str, subject: str, *,
                      suggested: str = "approve") -> DecisionDialog:
    """The dialog for plans and proposals: 批准 / 退回 (a return needs the guidance comment)."""
    return DecisionDialog(title, subject, [
        Choice("approve", QCoreApplication.translate("DecisionDialog", "批准(&A)")),
        Choice("return", QCoreApplication.translate("DecisionDialog", "退回(&R)"), comment_required=True,
               destructive=True),
    ], suggested=suggested, parent=parent)


def ask(dialog: DecisionDialog) -> tuple[str, str] | None:
    """Run the dialog; the choice and the comment, or None when cancelled."""
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
        return None
    return dialog.choice, dialog.comment()
