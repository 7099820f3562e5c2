"""Resolve the sync conflicts of one record: per field base, mine and theirs; keep, take theirs or edit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm.services import sync_view
from crm.services.sync_view import ConflictRow
from crm.ui.context import AppContext
from crm.ui.errors import error_text
from crm.ui.labels import entity_label, field_label

CHOICES = ("mine", "theirs", "edit")


class ValueEditor:
    """An editor for one field's value, chosen by the value's type; `value()` gives it back typed."""

    def __init__(self, field: str, sample: Any, initial: Any, *, sensitive: bool) -> None:
        self.field = field
        self.kind = _kind(field, sample)
        self.widget = self._make(initial if not sensitive else None, sensitive)

    def _make(self, initial: Any, sensitive: bool) -> QWidget:
        if self.kind == "fen":
            spin = QDoubleSpinBox()
            spin.setRange(-1e13, 1e13)
            spin.setDecimals(2)
            spin.setGroupSeparatorShown(True)
            spin.setSuffix(QCoreApplication.translate("ValueEditor", " 元"))
            spin.setValue((initial or 0) / 100)
            return spin
        if self.kind == "bool":
            box = QCheckBox()
            box.setChecked(bool(initial))
            return box
        if self.kind == "int":
            ispin = QSpinBox()
            ispin.setRange(-2_000_000_000, 2_000_000_000)
            ispin.setValue(int(initial or 0))
            return ispin
        if self.kind == "float":
            fspin = QDoubleSpinBox()
            fspin.setRange(-1e12, 1e12)
            fspin.setDecimals(4)
            fspin.setValue(float(initial or 0))
            return fspin
        if self.kind == "lines":
            text = QPlainTextEdit("\n".join(str(v) for v in (initial or [])))
            text.setTabChangesFocus(True)
            text.setMaximumHeight(80)
            text.setPlaceholderText(
                QCoreApplication.translate("ValueEditor", "每行一项（出于保密，原值不显示）")
                if sensitive else QCoreApplication.translate("ValueEditor", "每行一项"))
            return text
        if self.kind == "json":
            dumped = json.dumps(initial, ensure_ascii=False, indent=1) if initial is not None else ""
            text = QPlainTextEdit(dumped)
            text.setTabChangesFocus(True)
            text.setMaximumHeight(100)
            return text
        if self.kind == "text" and isinstance(initial, str) and ("\n" in initial or len(initial) > 80):
            self.kind = "long_text"
            long_text = QPlainTextEdit(initial)
            long_text.setTabChangesFocus(True)
            long_text.setMaximumHeight(100)
            return long_text
        line = QLineEdit("" if initial is None else str(initial))
        if sensitive:
            line.setPlaceholderText(
                QCoreApplication.translate("ValueEditor", "输入新值（出于保密，原值不显示）"))
        return line

    def value(self) -> Any:
        """The edited value; raises ValueError for text that is not valid JSON."""
        w = self.widget
        if self.kind == "fen":
            return round(w.value() * 100)  # type: ignore[attr-defined]
        if self.kind == "bool":
            return w.isChecked()  # type: ignore[attr-defined]
        if self.kind in ("int", "float"):
            return w.value()  # type: ignore[attr-defined]
        if self.kind == "lines":
            return [line.strip() for line in w.toPlainText().splitlines() if line.strip()]  # type: ignore[attr-defined]
        if self.kind == "json":
            text = w.toPlainText().strip()  # type: ignore[attr-defined]
            return json.loads(text) if text else None
        if self.kind == "long_text":
            return w.toPlainText()  # type: ignore[attr-defined]
        return w.text()  # type: ignore[attr-defined]


def _kind(field: str, sample: Any) -> str:
    if field.endswith("_fen"):
        return "fen"
    if isinstance(sample, bool):
        return "bool"
    if isinstance(sample, int):
        return "int"
    if isinstance(sample, float):
        return "float"
    if field in sync_view.SENSITIVE_FIELDS and field.endswith("s"):
        return "lines"
    if isinstance(sample, list) and all(isinstance(v, str) for v in sample):
        return "lines"
    if isinstance(sample, dict | list):
        return "json"
    return "text"


class ConflictDialog(QDialog):
    """One group per conflicting field of a record. OK queues `conflict.resolve` for each of them."""

    def __init__(self, ctx: AppContext, conflicts: Sequence[ConflictRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if not conflicts:
            raise ValueError("ConflictDialog needs at least one conflict")
        self.ctx = ctx
        self.conflicts = list(conflicts)
        self.groups: list[QButtonGroup] = []
        self.editors: list[ValueEditor] = []
        self.resolved: list[tuple[str, str, Any]] = []
        first = self.conflicts[0]
        self.setWindowTitle(self.tr("处理同步冲突"))
        self.setMinimumWidth(640)
        record = first.record or first.entity_id
        title = QLabel(self.tr("{0}：{1}").format(entity_label(first.entity), record))
        title.setObjectName("conflict_title")
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        explain = QLabel(self.tr("您离线期间，他人在服务器上修改了同一字段。"
                                 "请逐项选择保留哪个值，或填写新值。"
                                 "处理结果将在下次同步时提交服务器。"))
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #4b5563;")
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        for n, conflict in enumerate(self.conflicts):
            body_layout.addWidget(self._group(n, conflict))
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.message = QLabel()
        self.message.setObjectName("conflict_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定处理"))
        buttons.accepted.connect(self.on_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(680, min(760, 220 + 200 * len(self.conflicts)))

    def _group(self, n: int, conflict: ConflictRow) -> QGroupBox:
        box = QGroupBox(field_label(conflict.field))
        box.setObjectName(f"conflict_field_{n}")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        empty = self.tr("（空）")
        values = ((self.tr("原值"), conflict.base_text, "#6b7280"),
                  (self.tr("我的修改"), conflict.mine_text, "#1d4ed8"),
                  (self.tr("服务器上的值"), conflict.theirs_text, "#b45309"))
        for row, (caption, text, colour) in enumerate(values):
            head = QLabel(caption)
            head.setStyleSheet(f"color: {colour}; font-weight: 600;")
            value = QLabel(text or empty)
            value.setObjectName(f"conflict_{('base', 'mine', 'theirs')[row]}_{n}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(head, row, 0)
            grid.addWidget(value, row, 1, 1, 2)
        group = QButtonGroup(self)
        choice_row = QHBoxLayout()
        for key, text in (("mine", self.tr("保留我的(&M)")), ("theirs", self.tr("采用服务器的(&T)")),
                          ("edit", self.tr("改为(&E)："))):
            button = QRadioButton(text)
            button.setObjectName(f"keep_{key}_{n}" if key != "edit" else f"edit_{n}")
            group.addButton(button, CHOICES.index(key))
            choice_row.addWidget(button)
        choice_row.addStretch(1)
        sample = conflict.mine_value if conflict.mine_value is not None else conflict.theirs_value
        editor = ValueEditor(conflict.field, sample, conflict.mine_value, sensitive=conflict.sensitive)
        editor.widget.setObjectName(f"edit_value_{n}")
        editor.widget.setEnabled(False)
        group.idToggled.connect(lambda _id, _on, g=group, e=editor: e.widget.setEnabled(g.checkedId() == 2))
        group.idToggled.connect(lambda _id, _on: self.message.clear())
        self.groups.append(group)
        self.editors.append(editor)
        grid.addLayout(choice_row, 3, 0, 1, 3)
        grid.addWidget(editor.widget, 4, 0, 1, 3)
        return box

    # -- result ----------------------------------------------------------------------------------

    def choice(self, n: int) -> str | None:
        checked = self.groups[n].checkedId()
        return CHOICES[checked] if checked >= 0 else None

    def choices(self) -> list[tuple[str, str, Any]]:
        """(conflict id, choice, value) for every field; raises ValueError for a missing or bad choice."""
        out: list[tuple[str, str, Any]] = []
        for n, conflict in enumerate(self.conflicts):
            choice = self.choice(n)
            if choice is None:
                raise ValueError(self.tr("请为“{0}”选择处理方式").format(field_label(conflict.field)))
            value = None
            if choice == "edit":
                try:
                    value = self.editors[n].value()
                except ValueError:
                    name = field_label(conflict.field)
                    raise ValueError(self.tr("“{0}”的新值格式不正确").format(name)) from None
                if value is None:
                    raise ValueError(self.tr("请填写“{0}”的新值").format(field_label(conflict.field)))
            out.append((conflict.id, choice, value))
        return out

    def on_accept(self) -> None:
        try:
            choices = self.choices()
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        try:
            resolve_conflicts(self.ctx, choices)
        except Exception as exc:
            self.message.setText(error_text(exc, self.ctx.language))
            return
        self.resolved = choices
        self.accept()


def resolve_conflicts(ctx: AppContext, choices: Sequence[tuple[str, str, Any]]) -> None:
    """Through the sync engine when there is one, else the same `conflict.resolve` command queued here."""
    engine = ctx.sync_engine
    try:
        for conflict_id, choice, value in choices:
            if engine is not None and hasattr(engine, "resolve_conflict"):
                engine.resolve_conflict(conflict_id, choice, value)
            else:
                with ctx.session() as session:
                    sync_view.resolve_conflict(session=session, actor=ctx.actor, conflict_id=conflict_id,
                                               choice=choice, value=value)
    finally:
        ctx.data_changed.emit("conflict")
