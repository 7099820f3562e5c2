"""The visit record form (目标客户拓展记录表): before, during/after, follow-up actions, head's review."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any, cast

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import VisitMode
from crm.domain.errors import DomainError
from crm.domain.models import Contact, FollowUpTask, Visit
from crm.services.clients import list_contacts
from crm.services.context import get_client
from crm.services.visits import (
    ActionIn,
    VisitCreate,
    VisitUpdate,
    get_visit,
    log_visit,
    review_visit,
    update_visit,
    visit_timeline,
)
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.labels import visit_mode_label
from crm.ui.widgets.columns import set_column_widths
from crm.ui.widgets.pickers import ClientPicker, bind_key

#: A new follow-up is due a week after the visit unless changed.
DEFAULT_ACTION_DAYS = 7
_EXISTING_ROLE = Qt.ItemDataRole.UserRole + 1
_TEXT_HEIGHT = 50


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class VisitFormDialog(QDialog):
    """New visit (optionally for a given client and date), edit of one's own unreviewed visit, or a
    read-only view; a branch head sees the 点评 box and may review a completed visit of their branch.

    On a service error the dialog stays open with everything typed, shows the message and focuses the
    field concerned.
    """

    visit_saved = Signal(str)
    visit_reviewed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, visit_id: str | None = None,
                 client_id: str | None = None, visit_on: date | None = None, today: date | None = None,
                 purpose: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or date.today()
        self.visit: Visit | None = None
        self.existing_tasks: tuple[FollowUpTask, ...] = ()
        self.saved_id: str | None = None
        self.contacts: list[Contact] = []
        self._action_rows: list[int] = []
        self.setObjectName("visit_form")
        self.setWindowTitle(self.tr("目标客户拓展记录表"))
        if visit_id:
            self._load(visit_id)
        self._build()
        self._connect_signals()
        if self.visit is not None:
            self._fill(self.visit)
        else:
            self.visit_on.setDate(_qdate(visit_on or self.today))
            self.purpose.setPlainText(purpose)
            if client_id:
                client = self.ctx.read(lambda session, actor: get_client(session, actor, client_id))
                self.client.set_client(client.id, client.legal_name)
        self._apply_mode()

    # -- state -----------------------------------------------------------------------------------

    def _load(self, visit_id: str) -> None:
        self.visit = self.ctx.read(get_visit, visit_id=visit_id)
        entry = next((e for e in self.ctx.read(visit_timeline, client_id=self.visit.client_id)
                      if e.visit.id == visit_id), None)
        self.existing_tasks = entry.tasks if entry else ()

    @property
    def is_new(self) -> bool:
        return self.visit is None

    @property
    def editable(self) -> bool:
        """The author edits until the branch head has reviewed the record."""
        if self.visit is None:
            return True
        return self.visit.rm_id == self.ctx.actor.user_id and self.visit.reviewed_by is None

    @property
    def can_review(self) -> bool:
        v = self.visit
        return (v is not None and self.ctx.actor.is_branch_head and v.completed and v.reviewed_by is None
                and v.rm_id != self.ctx.actor.user_id)

    # -- construction ----------------------------------------------------------------------------

    def _text(self, name: str, placeholder: str = "") -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)  # Tab walks the form; the notes rarely need a tab character
        edit.setMinimumHeight(_TEXT_HEIGHT)
        edit.setPlaceholderText(placeholder)
        return edit

    def _build(self) -> None:
        self.client = ClientPicker(self.ctx)
        self.client.setObjectName("visit_client")
        self.visit_on = QDateEdit()
        self.visit_on.setObjectName("visit_on")
        self.visit_on.setCalendarPopup(True)
        self.visit_on.setDisplayFormat("yyyy-MM-dd")
        self.mode = QComboBox()
        self.mode.setObjectName("visit_mode")
        for mode in VisitMode:
            self.mode.addItem(visit_mode_label(mode), mode)
        self.completed = QCheckBox(self.tr("已完成拜访(&D)"))
        self.completed.setObjectName("visit_completed")
        self.completed.setChecked(True)

        head = QFormLayout()
        top = QHBoxLayout()
        top.addWidget(self.client, 3)
        top.addSpacing(12)
        top.addWidget(self._buddy(self.tr("日期(&T)"), self.visit_on))
        top.addWidget(self.visit_on)
        top.addSpacing(12)
        top.addWidget(self._buddy(self.tr("方式(&M)"), self.mode))
        top.addWidget(self.mode)
        top.addSpacing(12)
        top.addWidget(self.completed)
        client_label = self._buddy(self.tr("客户(&C)"), self.client)
        head.addRow(client_label, top)

        # before (客户拜访前假设)
        self.overview = self._text("overview", self.tr("经营情况、与我行合作现状"))
        self.purpose = self._text("purpose", self.tr("本次拜访要达成的目标"))
        self.contact = QComboBox()
        self.contact.setObjectName("contact")
        self.contact.setEditable(True)
        self.contact.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        contact_edit = self.contact.lineEdit()
        if contact_edit is not None:
            contact_edit.setPlaceholderText(self.tr("选择或输入沟通人"))
        self.likely_needs = self._text("likely_needs")
        self.likely_objections = self._text("likely_objections")
        self.approach = self._text("approach")
        before = QGroupBox(self.tr("客户拜访前假设"))
        before_form = QFormLayout(before)
        before_form.addRow(self.tr("客户概况(&O)"), self.overview)
        before_form.addRow(self.tr("拜访目的(&P)"), self.purpose)
        before_form.addRow(self.tr("沟通人(&R)"), self.contact)
        before_form.addRow(self.tr("可能的需求"), self.likely_needs)
        before_form.addRow(self.tr("可能的异议"), self.likely_objections)
        before_form.addRow(self.tr("如何达成目标"), self.approach)

        # during / after (客户拜访中)
        self.contact_met = QComboBox()
        self.contact_met.setObjectName("contact_met")
        self.contact_met.setEditable(True)
        self.contact_met.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.information = self._text("information", self.tr("了解到的客户信息、需求变化"))
        self.goal_reached = QComboBox()
        self.goal_reached.setObjectName("goal_reached")
        self.goal_reached.addItem(self.tr("（未填）"), None)
        self.goal_reached.addItem(self.tr("是"), True)
        self.goal_reached.addItem(self.tr("否"), False)
        self.goal_reason = QLineEdit()
        self.goal_reason.setObjectName("goal_reason")
        self.goal_reason.setPlaceholderText(self.tr("未达成时必填"))
        self.next_steps = self._text("next_steps")
        self.satisfaction = QLineEdit()
        self.satisfaction.setObjectName("satisfaction")
        self.satisfaction.setMaxLength(1)
        self.satisfaction.setFixedWidth(60)
        self.satisfaction.setPlaceholderText("1–5")
        # One digit; the range itself is the service's rule, reported with its message.
        self.satisfaction.setValidator(QRegularExpressionValidator(r"[0-9]?", self.satisfaction))
        goal_row = QHBoxLayout()
        goal_row.addWidget(self.goal_reached)
        goal_row.addWidget(QLabel(self.tr("原因")))
        goal_row.addWidget(self.goal_reason, 1)
        self.during = QGroupBox(self.tr("客户拜访中"))
        during_form = QFormLayout(self.during)
        during_form.addRow(self.tr("实际会见(&E)"), self.contact_met)
        during_form.addRow(self.tr("获取的信息(&I)"), self.information)
        during_form.addRow(self._buddy(self.tr("是否达成目标(&G)"), self.goal_reached), goal_row)
        during_form.addRow(self.tr("下一步计划(&X)"), self.next_steps)
        during_form.addRow(self.tr("客户满意度(&S)"), self.satisfaction)

        columns = QHBoxLayout()
        columns.addWidget(before, 1)
        columns.addWidget(self.during, 1)

        # follow-up actions, each a dated task
        self.actions_table = QTableWidget(0, 2)
        self.actions_table.setObjectName("actions")
        self.actions_table.setHorizontalHeaderLabels([self.tr("后续行动"), self.tr("到期日")])
        self.actions_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.actions_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        set_column_widths(self.actions_table, [(1, 130)])
        self.actions_table.verticalHeader().setVisible(False)
        self.actions_table.setTabKeyNavigation(False)
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.actions_table.setMinimumHeight(96)
        self.actions_table.setMaximumHeight(150)
        self.add_action = QPushButton(self.tr("添加行动(&A)"))
        self.add_action.setObjectName("add_action")
        self.add_action.setToolTip("Ctrl+N")
        self.remove_action = QPushButton(self.tr("删除行动"))
        self.remove_action.setObjectName("remove_action")
        action_buttons = QVBoxLayout()
        action_buttons.addWidget(self.add_action)
        action_buttons.addWidget(self.remove_action)
        action_buttons.addStretch(1)
        self.actions_box = QGroupBox(self.tr("跟进行动（每项生成一个待办）"))
        actions_layout = QHBoxLayout(self.actions_box)
        actions_layout.addWidget(self.actions_table, 1)
        actions_layout.addLayout(action_buttons)

        # branch-head review (网点负责人点评)
        self.review_edit = QPlainTextEdit()
        self.review_edit.setObjectName("review_comment")
        self.review_edit.setTabChangesFocus(True)
        self.review_edit.setFixedHeight(_TEXT_HEIGHT + 6)
        self.review_edit.setPlaceholderText(self.tr("下次拜访的要点"))
        self.review_info = QLabel()
        self.review_info.setObjectName("review_info")
        self.review_info.setStyleSheet("color: #6b7280;")
        self.review_button = QPushButton(self.tr("提交点评(&V)"))
        self.review_button.setObjectName("review_button")
        self.review_button.setToolTip("Ctrl+Enter")
        self.review_box = QGroupBox(self.tr("网点负责人点评"))
        review_layout = QVBoxLayout(self.review_box)
        review_layout.addWidget(self.review_edit)
        review_row = QHBoxLayout()
        review_row.addWidget(self.review_info, 1)
        review_row.addWidget(self.review_button)
        review_layout.addLayout(review_row)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_visit")
        self.save_button.setToolTip(self.tr("Ctrl+Enter 或 Ctrl+S"))
        self.close_button = self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("cancel_visit")
        self.save_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)
        self.hint = QLabel(self.tr("Ctrl+Enter 保存 · Ctrl+N 添加行动 · Esc 取消"))
        self.hint.setStyleSheet("color: #6b7280;")
        footer = QHBoxLayout()
        footer.addWidget(self.hint, 1)
        footer.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(columns, 1)
        layout.addWidget(self.actions_box)
        layout.addWidget(self.review_box)
        layout.addLayout(footer)
        self.resize(1040, 740)
        self._set_tab_order()

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        lbl = QLabel(text)
        lbl.setBuddy(widget)
        return lbl

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.client, self.visit_on, self.mode, self.completed, self.overview, self.purpose, self.contact,
            self.likely_needs, self.likely_objections, self.approach, self.contact_met, self.information,
            self.goal_reached, self.goal_reason, self.next_steps, self.satisfaction, self.actions_table,
            self.add_action, self.remove_action, self.review_edit, self.review_button, self.save_button,
            self.close_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self.client.client_chosen.connect(self.on_client_chosen)
        self.completed.toggled.connect(self.on_completed_toggled)
        self.contact.activated.connect(self.on_contact_activated)
        self.add_action.clicked.connect(self.on_add_action)
        self.remove_action.clicked.connect(self.on_remove_action)
        self.save_button.clicked.connect(self.on_save)
        self.close_button.clicked.connect(self.reject)
        self.review_button.clicked.connect(self.on_review)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            bind_key(self, keys, self.on_submit_shortcut)
        bind_key(self, QKeySequence.StandardKey.Save, self.on_save)
        bind_key(self, QKeySequence.StandardKey.New, self.on_add_action)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Enter moves on to the next field as on the paper form; saving is Ctrl+Enter, so picking a client
        # from the suggestions with Enter never saves a half-filled record.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    # -- filling ---------------------------------------------------------------------------------

    def _fill(self, v: Visit) -> None:
        client = self.ctx.read(lambda session, actor: get_client(session, actor, v.client_id))
        self.client.set_client(client.id, client.legal_name)
        self.visit_on.setDate(_qdate(v.visit_on))
        self.mode.setCurrentIndex(self.mode.findData(v.mode))
        self.completed.setChecked(v.completed)
        self.overview.setPlainText(v.overview)
        self.purpose.setPlainText(v.purpose)
        index = self.contact.findData(v.contact_id) if v.contact_id else -1
        if index >= 0:
            self.contact.setCurrentIndex(index)
        else:
            self.contact.setCurrentIndex(-1)
            self.contact.setEditText(v.contact_name)
        self.likely_needs.setPlainText(v.likely_needs)
        self.likely_objections.setPlainText(v.likely_objections)
        self.approach.setPlainText(v.approach)
        self.contact_met.setEditText(v.contact_met)
        self.information.setPlainText(v.information)
        self.goal_reached.setCurrentIndex(self.goal_reached.findData(v.goal_reached)
                                          if v.goal_reached is not None else 0)
        self.goal_reason.setText(v.goal_reason)
        self.next_steps.setPlainText(v.next_steps)
        self.satisfaction.setText(str(v.satisfaction) if v.satisfaction is not None else "")
        for task in self.existing_tasks:
            self._append_action(task.title, task.due_on, existing=True)
        self.review_edit.setPlainText(v.review_comment)
        if v.reviewed_by is not None and v.reviewed_at is not None:
            from crm.services.org import user_names

            reviewer = self.ctx.read(user_names).get(v.reviewed_by, "")
            self.review_info.setText(self.tr("{0} 点评于 {1}").format(
                reviewer, v.reviewed_at.astimezone().strftime("%Y-%m-%d %H:%M")))

    def _apply_mode(self) -> None:
        editable = self.editable
        for text in (self.overview, self.purpose, self.likely_needs, self.likely_objections, self.approach,
                     self.information, self.next_steps):
            text.setReadOnly(not editable)
        for line in (self.goal_reason, self.satisfaction):
            line.setReadOnly(not editable)
        for widget in (self.visit_on, self.mode, self.contact, self.contact_met, self.goal_reached):
            widget.setEnabled(editable)
        self.add_action.setVisible(editable)
        self.remove_action.setVisible(editable)
        # The client of an existing record never changes; a completed visit cannot be un-completed.
        self.client.setReadOnly(not self.is_new)
        self.client.setClearButtonEnabled(self.is_new)
        self.completed.setEnabled(editable and not (self.visit is not None and self.visit.completed))
        self.save_button.setVisible(editable)
        self.close_button.setText(self.tr("取消") if editable else self.tr("关闭"))
        if not editable:
            self.actions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        reviewed = self.visit is not None and self.visit.reviewed_by is not None
        self.review_box.setVisible(self.ctx.actor.is_branch_head or reviewed)
        self.review_edit.setReadOnly(not self.can_review)
        self.review_button.setVisible(self.can_review)
        if self.can_review:
            self.review_info.setText(self.tr("点评后拜访记录将锁定，客户经理不能再修改"))
        elif self.ctx.actor.is_branch_head and not reviewed:
            self.review_info.setText(self.tr("仅可点评本网点其他客户经理已完成的拜访"))
        self.hint.setVisible(editable)
        if self.visit is not None:
            title = self.tr("拜访记录 — {0}").format(self.client.text())
            self.setWindowTitle(title if editable else title + self.tr("（只读）"))
        self.on_completed_toggled(self.completed.isChecked())
        if self.can_review:
            self.review_edit.setFocus()
        elif self.is_new and not self.client.client_id:
            self.client.setFocus()
        else:
            self.purpose.setFocus()

    # -- behaviour -------------------------------------------------------------------------------

    def on_client_chosen(self, client_id: str) -> None:
        self.contact.clear()
        self.contact_met.clear()
        self.contacts = self.ctx.read(list_contacts, client_id=client_id) if client_id else []
        for c in self.contacts:
            self.contact.addItem(f"{c.name}（{c.title}）" if c.title else c.name, c.id)
            self.contact_met.addItem(c.name)
        primary = next((i for i, c in enumerate(self.contacts) if c.is_primary), 0 if self.contacts else -1)
        self.contact.setCurrentIndex(primary)
        self.contact_met.setCurrentIndex(-1)
        self.contact_met.setEditText(self.contacts[primary].name if primary >= 0 else "")

    def on_contact_activated(self, index: int) -> None:
        if 0 <= index < len(self.contacts) and not self.contact_met.currentText().strip():
            self.contact_met.setEditText(self.contacts[index].name)

    def on_completed_toggled(self, checked: bool) -> None:
        if not self.editable:
            return
        for w in (self.contact_met, self.information, self.goal_reached, self.goal_reason, self.next_steps,
                  self.satisfaction):
            w.setEnabled(checked)

    def on_add_action(self) -> None:
        if not self.editable:
            return
        visit_on = cast(date, self.visit_on.date().toPython())
        self._append_action("", visit_on + timedelta(days=DEFAULT_ACTION_DAYS), existing=False)
        row = self.actions_table.rowCount() - 1
        self.actions_table.setCurrentCell(row, 0)
        self.actions_table.setFocus()
        item = self.actions_table.item(row, 0)
        if item is not None:
            self.actions_table.editItem(item)

    def _append_action(self, title: str, due_on: date, *, existing: bool) -> None:
        row = self.actions_table.rowCount()
        self.actions_table.insertRow(row)
        title_item = QTableWidgetItem(title)
        due_item = QTableWidgetItem()
        due_item.setData(Qt.ItemDataRole.EditRole, _qdate(due_on))
        for item in (title_item, due_item):
            item.setData(_EXISTING_ROLE, existing)
            if existing:  # already a task; edited from the task list, not here
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(self.tr("已生成的待办"))
        self.actions_table.setItem(row, 0, title_item)
        self.actions_table.setItem(row, 1, due_item)

    def on_remove_action(self) -> None:
        row = self.actions_table.currentRow()
        item = self.actions_table.item(row, 0) if row >= 0 else None
        if item is not None and not item.data(_EXISTING_ROLE):
            self.actions_table.removeRow(row)

    def new_actions(self) -> list[ActionIn]:
        """The rows added in this dialog; a row left without a title is not an action."""
        self._commit_action_editor()
        out = []
        self._action_rows = []  # table row of each action sent, to point at the one a service refuses
        for row in range(self.actions_table.rowCount()):
            title_item, due_item = self.actions_table.item(row, 0), self.actions_table.item(row, 1)
            if title_item is None or title_item.data(_EXISTING_ROLE) or not title_item.text().strip():
                continue
            due = due_item.data(Qt.ItemDataRole.EditRole) if due_item is not None else None
            out.append(ActionIn(title=title_item.text(), due_on=due.toPython() if due else self.today))
            self._action_rows.append(row)
        return out

    def _commit_action_editor(self) -> None:
        # Ctrl+Enter may come while a cell is still being typed in: moving the current cell commits it.
        if self.actions_table.state() == QAbstractItemView.State.EditingState:
            current = self.actions_table.currentIndex()
            self.actions_table.setCurrentIndex(QModelIndex())
            self.actions_table.setCurrentIndex(current)

    def _contact_values(self) -> tuple[str | None, str]:
        index = self.contact.currentIndex()
        text = self.contact.currentText().strip()
        if 0 <= index < len(self.contacts) and text == self.contact.itemText(index):
            return self.contacts[index].id, ""
        return None, text

    def _satisfaction(self) -> int | None:
        text = self.satisfaction.text().strip()
        return int(text) if text else None

    def form_values(self) -> dict[str, Any]:
        contact_id, contact_name = self._contact_values()
        completed = self.completed.isChecked()
        values: dict[str, Any] = {
            "visit_on": self.visit_on.date().toPython(),
            "mode": self.mode.currentData(),
            "overview": self.overview.toPlainText(),
            "purpose": self.purpose.toPlainText(),
            "contact_id": contact_id,
            "contact_name": contact_name,
            "likely_needs": self.likely_needs.toPlainText(),
            "likely_objections": self.likely_objections.toPlainText(),
            "approach": self.approach.toPlainText(),
            "completed": completed,
            "contact_met": self.contact_met.currentText() if completed else "",
            "information": self.information.toPlainText() if completed else "",
            "goal_reached": self.goal_reached.currentData() if completed else None,
            "goal_reason": self.goal_reason.text() if completed else "",
            "next_steps": self.next_steps.toPlainText() if completed else "",
            "satisfaction": self._satisfaction() if completed else None,
            "actions": self.new_actions(),
        }
        return values

    def on_submit_shortcut(self) -> None:
        if self.can_review:
            self.on_review()
        elif self.editable:
            self.on_save()

    def on_save(self) -> None:
        if not self.editable:
            return
        try:
            client_id = self.client.resolve() if self.is_new else self.visit.client_id  # type: ignore[union-attr]
            if not client_id:
                self._ask_for_client()
                return
            values = self.form_values()
            actions = values["actions"]
            if self.visit is None:
                visit = self.ctx.write(log_visit, entity="visit", today=self.today,
                                       data=VisitCreate(client_id=client_id, **values))
            else:
                visit = self.ctx.write(update_visit, entity="visit", visit_id=self.visit.id,
                                       data=VisitUpdate(**values), today=self.today)
        except Exception as exc:  # shown to the user; the dialog keeps every value typed
            show_error(self, exc, self.ctx.language)
            self._focus_field(exc)
            return
        if actions:
            self.ctx.data_changed.emit("task")
        self.saved_id = visit.id
        self.visit_saved.emit(visit.id)
        self.accept()

    def _ask_for_client(self) -> None:
        QMessageBox.warning(self, self.tr("请选择客户"),
                            self.tr("请先选择客户：输入名称、拼音首字母或代码，再从建议中选择。"))
        self.client.setFocus()

    def on_review(self) -> None:
        if not self.can_review or self.visit is None:
            return
        try:
            self.ctx.write(review_visit, entity="visit", visit_id=self.visit.id,
                           comment=self.review_edit.toPlainText())
        except DomainError as exc:
            show_error(self, exc, self.ctx.language)
            self.review_edit.setFocus()
            return
        self.saved_id = self.visit.id
        self.visit_reviewed.emit(self.visit.id)
        self.accept()

    def _focus_field(self, exc: BaseException) -> None:
        field = getattr(exc, "field", None) or ""
        widgets: dict[str, QWidget] = {
            "client_id": self.client, "visit_on": self.visit_on, "satisfaction": self.satisfaction,
            "goal_reason": self.goal_reason, "goal_reached": self.goal_reached, "contact_id": self.contact,
            "contact_name": self.contact, "mode": self.mode,
        }
        if field.startswith("actions["):
            row_index = int(field[len("actions["):field.index("]")])
            rows = self._action_rows
            if 0 <= row_index < len(rows):
                self.actions_table.setCurrentCell(rows[row_index], 1 if field.endswith("due_on") else 0)
                self.actions_table.setFocus()
            return
        widget = widgets.get(field)
        if widget is not None:
            widget.setFocus()
