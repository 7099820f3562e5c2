"""计划 screen: the monthly visit plan as a Gantt over the working days, its items and its review workflow."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import PlanGoal, PlanItemStatus, PlanStatus, Role
from crm.domain.errors import DomainError
from crm.domain.models import Plan, PlanItem
from crm.services import plans as plan_service
from crm.services.context import get_client
from crm.services.plans import GanttView, PlanCreate, PlanItemIn, PlanItemUpdate
from crm.services.products import list_products
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.labels import (
    PRODUCT_FAMILIES,
    label,
    plan_goal_label,
    plan_item_status_label,
    plan_status_label,
)
from crm.ui.widgets.gantt import PlanGanttWidget
from crm.ui.widgets.pickers import ClientPicker, ask_date, bind_key
from crm.ui.worker import run_task

log = logging.getLogger(__name__)

_STATUS_COLOURS = {
    PlanStatus.DRAFT: ("#374151", "#f3f4f6"),
    PlanStatus.SUBMITTED: ("#1d4ed8", "#dbeafe"),
    PlanStatus.APPROVED: ("#15803d", "#dcfce7"),
    PlanStatus.RETURNED: ("#b91c1c", "#fee2e2"),
    PlanStatus.AMENDED: ("#b45309", "#fef3c7"),
}


def _month_key(day: date) -> str:
    return f"{day:%Y-%m}"


def _printing_available() -> bool:
    return importlib.util.find_spec("crm.ui.printing") is not None


@dataclass
class PlanState:
    """What the screen shows for one RM's month, loaded together off the GUI thread."""

    month: str
    rm_id: str
    plans: list[Plan] = field(default_factory=list)
    plan: Plan | None = None
    view: GanttView | None = None
    items: dict[str, PlanItem] = field(default_factory=dict)


def load_plan_state(ctx: AppContext, month: str, rm_id: str, want_plan_id: str | None) -> PlanState:
    """Qt-free: the month's plans (in force and amendment under way), the chosen one's Gantt and items.

    Without a wanted plan: for a branch head the one awaiting their review, else the one in force.
    """
    state = PlanState(month=month, rm_id=rm_id)
    state.plans = ctx.read(plan_service.list_plans, month=month, rm_id=rm_id)
    if not state.plans:
        return state
    chosen = next((p for p in state.plans if p.id == want_plan_id), None)
    if chosen is None:
        waiting = [p for p in state.plans if p.status is PlanStatus.SUBMITTED and ctx.actor.is_branch_head]
        approved = [p for p in state.plans if p.status is PlanStatus.APPROVED]
        chosen = (waiting or approved or state.plans)[0]
    state.plan = chosen
    state.view = ctx.read(plan_service.gantt, plan_id=chosen.id)
    state.items = {i.id: i for i in ctx.read(plan_service.list_items, plan_id=chosen.id)}
    return state


class PlanItemDialog(QDialog):
    """Add or edit one plan row: a client (or a prospect not yet in the list), the goal and products.
    Planned days are set on the Gantt itself."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, item: PlanItem | None = None,
                 client_name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.setObjectName("plan_item_dialog")
        self.setWindowTitle(self.tr("编辑计划事项") if item else self.tr("添加计划事项"))
        self.is_client = QRadioButton(self.tr("已有客户(&K)"))
        self.is_prospect = QRadioButton(self.tr("潜在客户(&Q)"))
        kind = QButtonGroup(self)
        kind.addButton(self.is_client)
        kind.addButton(self.is_prospect)
        self.client = ClientPicker(ctx)
        self.client.setObjectName("item_client")
        self.prospect = QLineEdit()
        self.prospect.setObjectName("item_prospect")
        self.prospect.setPlaceholderText(self.tr("尚未建档的目标客户名称"))
        self.goal = QComboBox()
        self.goal.setObjectName("item_goal")
        for goal in PlanGoal:
            self.goal.addItem(plan_goal_label(goal), goal)
        self.goal_text = QLineEdit()
        self.goal_text.setObjectName("item_goal_text")
        self.goal_text.setPlaceholderText(self.tr("例如：新增存款 500 万元"))
        self.products = QListWidget()
        self.products.setObjectName("item_products")
        self.products.setFixedHeight(150)
        chosen = set(item.product_ids) if item else set()
        for product in ctx.read(list_products):
            entry = QListWidgetItem(f"{product.name}（{label(PRODUCT_FAMILIES, product.family)}）")
            entry.setData(Qt.ItemDataRole.UserRole, product.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if product.id in chosen else Qt.CheckState.Unchecked)
            self.products.addItem(entry)
        self.note = QLineEdit()
        self.note.setObjectName("item_note")
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok | cancel)
        buttons.button(ok).setText(self.tr("确定"))
        buttons.button(cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        subject = QHBoxLayout()
        subject.addWidget(self.is_client)
        subject.addWidget(self.is_prospect)
        subject.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("对象"), subject)
        form.addRow(self.tr("客户(&C)"), self.client)
        form.addRow(self.tr("潜在客户名称(&N)"), self.prospect)
        form.addRow(self.tr("月度目标(&G)"), self.goal)
        form.addRow(self.tr("目标说明(&T)"), self.goal_text)
        form.addRow(self.tr("拟营销产品(&P)"), self.products)
        form.addRow(self.tr("备注"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 460)

        self.is_client.toggled.connect(self.on_subject_toggled)
        if item is not None:
            if item.client_id:
                self.client.set_client(item.client_id, client_name)
            self.prospect.setText(item.prospect_name)
            self.goal.setCurrentIndex(self.goal.findData(item.goal))
            self.goal_text.setText(item.goal_text)
            self.note.setText(item.note)
        (self.is_prospect if item is not None and not item.client_id else self.is_client).setChecked(True)
        self.on_subject_toggled(self.is_client.isChecked())

    def on_subject_toggled(self, is_client: bool) -> None:
        self.client.setEnabled(is_client)
        self.prospect.setEnabled(not is_client)
        (self.client if is_client else self.prospect).setFocus()

    def values(self) -> dict[str, Any]:
        is_client = self.is_client.isChecked()
        return {
            "client_id": (self.client.resolve() or None) if is_client else None,
            "prospect_name": "" if is_client else self.prospect.text(),
            "goal": self.goal.currentData(),
            "goal_text": self.goal_text.text(),
            "product_ids": [self.products.item(i).data(Qt.ItemDataRole.UserRole)
                            for i in range(self.products.count())
                            if self.products.item(i).checkState() == Qt.CheckState.Checked],
            "note": self.note.text(),
        }


class PlansScreen(QWidget):
    """One RM's month (a branch head picks the RM). Who may do what follows the plan's state."""

    print_requested = Signal(str)  # plan id
    plan_submitted = Signal(str)
    plan_decided = Signal(str)
    plan_amended = Signal(str)  # the amendment draft's id

    def __init__(self, ctx: AppContext, clock: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.ctx = ctx
        self.clock = clock
        self.state: PlanState | None = None
        self._generation = 0
        self._stale = False
        self._want_plan_id: str | None = None
        self._focus_cell: tuple[str, date | None] | None = None
        self._add_after_load = False
        self._build()
        self._connect_signals()
        self.reload()

    # -- construction ----------------------------------------------------------------------------

    def _button(self, text: str, name: str, tooltip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        if tooltip:
            button.setToolTip(tooltip)
        return button

    def _build(self) -> None:
        today = self.clock()
        self.prev_month = self._button("◀", "prev_month", self.tr("上个月（Ctrl+PgUp）"))
        self.next_month = self._button("▶", "next_month", self.tr("下个月（Ctrl+PgDown）"))
        for b in (self.prev_month, self.next_month):
            b.setFixedWidth(32)
        self.month = QDateEdit(QDate(today.year, today.month, 1))
        self.month.setObjectName("plan_month")
        self.month.setDisplayFormat(self.tr("yyyy年M月"))
        self.month.setCurrentSection(QDateEdit.Section.MonthSection)
        self.this_month = self._button(self.tr("本月"), "this_month")
        self.this_month.setFixedWidth(56)
        self.rm = QComboBox()
        self.rm.setObjectName("plan_rm")
        self.rm.setMinimumWidth(120)
        self.rm.setVisible(self.is_head)
        self.version = QComboBox()
        self.version.setObjectName("plan_version")
        self.version.setMinimumWidth(160)
        self.status_chip = QLabel()
        self.status_chip.setObjectName("plan_status")
        self.print_button = self._button(self.tr("打印(&P)"), "print_plan")
        self.print_button.setVisible(_printing_available())

        top = QHBoxLayout()
        month_label = QLabel(self.tr("月份(&Y)"))
        month_label.setBuddy(self.month)
        top.addWidget(month_label)
        top.addWidget(self.prev_month)
        top.addWidget(self.month)
        top.addWidget(self.next_month)
        top.addWidget(self.this_month)
        top.addSpacing(12)
        if self.is_head:
            rm_label = QLabel(self.tr("客户经理(&R)"))
            rm_label.setBuddy(self.rm)
            top.addWidget(rm_label)
            top.addWidget(self.rm)
        top.addWidget(self.version)
        top.addSpacing(12)
        top.addWidget(self.status_chip)
        top.addStretch(1)
        top.addWidget(self.print_button)

        self.info_label = QLabel()
        self.info_label.setObjectName("plan_info")
        self.info_label.setWordWrap(True)
        self.info_label.setTextFormat(Qt.TextFormat.RichText)
        self.comment_label = QLabel()
        self.comment_label.setObjectName("plan_comment")
        self.comment_label.setWordWrap(True)
        self.comment_label.setStyleSheet("background: #fef3c7; border: 1px solid #fcd34d; border-radius: 4px;"
                                         " padding: 6px 8px; color: #78350f;")

        self.create_button = self._button(self.tr("新建本月计划(&C)"), "create_plan")
        self.add_button = self._button(self.tr("添加事项(&A)"), "add_item", "Ctrl+N")
        self.edit_button = self._button(self.tr("编辑(&E)"), "edit_item", "Enter")
        self.remove_button = self._button(self.tr("删除(&D)"), "remove_item", "Delete")
        self.done_button = self._button(self.tr("标记完成(&F)"), "mark_done")
        self.delay_button = self._button(self.tr("延迟至(&L)…"), "delay_item")
        self.submit_button = self._button(self.tr("提交审批(&S)"), "submit_plan", "Ctrl+Enter")
        self.withdraw_button = self._button(self.tr("撤回(&W)"), "withdraw_plan")
        self.amend_button = self._button(self.tr("申请变更(&M)"), "amend_plan")
        self.decision_comment = QLineEdit()
        self.decision_comment.setObjectName("decision_comment")
        self.decision_comment.setPlaceholderText(self.tr("审批意见（退回时必填）"))
        self.approve_button = self._button(self.tr("批准(&V)"), "approve_plan")
        self.return_button = self._button(self.tr("退回(&B)"), "return_plan")

        actions = QHBoxLayout()
        for w in (self.create_button, self.add_button, self.edit_button, self.remove_button):
            actions.addWidget(w)
        self._separators = [self._separator(), self._separator()]
        actions.addWidget(self._separators[0])
        actions.addWidget(self.done_button)
        actions.addWidget(self.delay_button)
        actions.addWidget(self._separators[1])
        actions.addWidget(self.decision_comment, 1)
        actions.addWidget(self.approve_button)
        actions.addWidget(self.return_button)
        actions.addStretch(0)
        actions.addWidget(self.withdraw_button)
        actions.addWidget(self.amend_button)
        actions.addWidget(self.submit_button)
        for separator in self._separators:
            separator.setVisible(not self.is_head)
        self.decision_comment.setVisible(self.is_head)
        self.approve_button.setVisible(self.is_head)
        self.return_button.setVisible(self.is_head)
        if not self.is_head:
            actions.insertStretch(actions.indexOf(self.withdraw_button), 1)

        self.gantt = PlanGanttWidget()
        self.gantt.setObjectName("plan_gantt")
        self.item_label = QLabel()
        self.item_label.setObjectName("plan_item_detail")
        self.item_label.setWordWrap(True)
        self.item_label.setStyleSheet("color: #374151; padding: 4px 2px;")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info_label)
        layout.addWidget(self.comment_label)
        layout.addLayout(actions)
        layout.addWidget(self.gantt, 1)
        layout.addWidget(self.item_label)
        if self.is_head:
            self._fill_rms()

    def _separator(self) -> QFrame:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        return line

    def _fill_rms(self) -> None:
        from crm.services.org import list_staff

        self.rm.blockSignals(True)
        for user in self.ctx.read(list_staff, roles=(Role.RM,)):
            self.rm.addItem(user.display_name, user.id)
        # Start with the first RM whose plan for the month waits for this head's review.
        waiting = self.ctx.read(plan_service.list_plans, month=self.current_month(),
                                status=PlanStatus.SUBMITTED)
        first = next((self.rm.findData(p.rm_id) for p in waiting if self.rm.findData(p.rm_id) >= 0), 0)
        self.rm.setCurrentIndex(first)
        self.rm.blockSignals(False)

    def _connect_signals(self) -> None:
        self.prev_month.clicked.connect(lambda: self.step_month(-1))
        self.next_month.clicked.connect(lambda: self.step_month(1))
        self.this_month.clicked.connect(self.on_this_month)
        self.month.dateChanged.connect(lambda _d: self.on_scope_changed())
        self.rm.currentIndexChanged.connect(lambda _i: self.on_scope_changed())
        self.version.activated.connect(self.on_version_chosen)
        self.create_button.clicked.connect(self.on_create_plan)
        self.add_button.clicked.connect(self.on_add_item)
        self.edit_button.clicked.connect(self.on_edit_item)
        self.remove_button.clicked.connect(self.on_remove_item)
        self.done_button.clicked.connect(self.on_mark_done)
        self.delay_button.clicked.connect(self.on_delay_item)
        self.submit_button.clicked.connect(self.on_submit)
        self.withdraw_button.clicked.connect(self.on_withdraw)
        self.amend_button.clicked.connect(self.on_amend)
        self.approve_button.clicked.connect(self.on_approve)
        self.return_button.clicked.connect(self.on_return)
        self.print_button.clicked.connect(self.on_print)
        self.gantt.day_clicked.connect(self.on_day_clicked)
        self.gantt.item_activated.connect(self.on_item_activated)
        self.gantt.current_item_changed.connect(self.on_current_item_changed)
        self.ctx.data_changed.connect(self.on_data_changed)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        bind_key(self, QKeySequence.StandardKey.New, self.on_add_item, context)
        bind_key(self.gantt, QKeySequence(Qt.Key.Key_Delete), self.on_remove_item, context)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            bind_key(self, keys, self.on_submit, context)
        bind_key(self, "Ctrl+PgUp", lambda: self.step_month(-1), context)
        bind_key(self, "Ctrl+PgDown", lambda: self.step_month(1), context)

    # -- who and what ----------------------------------------------------------------------------

    @property
    def is_head(self) -> bool:
        return self.ctx.actor.is_branch_head

    @property
    def plan(self) -> Plan | None:
        return self.state.plan if self.state else None

    @property
    def view(self) -> GanttView | None:
        return self.state.view if self.state else None

    def current_month(self) -> str:
        return _month_key(cast(date, self.month.date().toPython()))

    def current_rm_id(self) -> str:
        if self.is_head:
            return self.rm.currentData() or ""
        return self.ctx.actor.user_id

    def _is_author(self) -> bool:
        return self.plan is not None and self.plan.rm_id == self.ctx.actor.user_id

    def _editable(self) -> bool:
        return self._is_author() and self.plan is not None and self.plan.status in plan_service.EDITABLE

    def _tracking(self) -> bool:
        view = self.view
        return (self._is_author() and self.plan is not None and self.plan.status is PlanStatus.APPROVED
                and view is not None and not view.superseded)

    def _open_amendment(self) -> Plan | None:
        if self.plan is None or self.state is None:
            return None
        return next((p for p in self.state.plans
                     if p.amends_plan_id == self.plan.id and p.status is not PlanStatus.APPROVED), None)

    # -- loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        self._generation += 1
        self._stale = False
        generation, ctx = self._generation, self.ctx
        month, rm_id, want = self.current_month(), self.current_rm_id(), self._want_plan_id
        if not rm_id:
            self.on_loaded((generation, PlanState(month=month, rm_id="")))
            return
        run_task(lambda: (generation, load_plan_state(ctx, month, rm_id, want)), done=self.on_loaded,
                 error=self.on_load_failed)

    def on_loaded(self, result: tuple[int, PlanState]) -> None:
        generation, state = result
        if generation != self._generation:
            return
        self.state = state
        self._want_plan_id = state.plan.id if state.plan else None
        self._fill_versions()
        self._show_status()
        empty = (self.tr("本月还没有计划。按“新建本月计划”开始，然后添加要拜访的客户。") if not self.is_head
                 else self.tr("该客户经理本月尚无计划。"))
        self.gantt.set_view(state.view, self.clock(), editable=self._editable(), empty_text=empty)
        if self._focus_cell is not None:
            self.gantt.select_item(*self._focus_cell)
            self._focus_cell = None
        elif state.view is not None and state.view.rows and not self.gantt.current_item_id():
            self.gantt.select_item(state.view.rows[0].item_id)
        self._update_actions()
        if self._add_after_load:
            self._add_after_load = False
            self.on_add_item()

    def on_load_failed(self, exc: Exception) -> None:
        show_error(self, exc, self.ctx.language)

    def on_data_changed(self, entity: str) -> None:
        if entity not in ("plan", "plan_item", "client", "product", "sync"):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _fill_versions(self) -> None:
        self.version.clear()
        plans = self.state.plans if self.state else []
        for p in plans:
            text = plan_status_label(p.status)
            if p.amends_plan_id and p.status is not PlanStatus.APPROVED:
                text = self.tr("变更申请 · {0}").format(text)
            elif p.status is PlanStatus.APPROVED:
                text = self.tr("生效中 · {0}").format(text)
            self.version.addItem(text, p.id)
        if self.plan is not None:
            self.version.setCurrentIndex(self.version.findData(self.plan.id))
        self.version.setVisible(len(plans) > 1)

    def _show_status(self) -> None:
        plan, view = self.plan, self.view
        if plan is None or view is None:
            self.status_chip.setText("")
            self.status_chip.setStyleSheet("")
            who = self.rm.currentText() if self.is_head else self.ctx.actor.display_name
            self.info_label.setText(self.tr("{0} · {1}").format(who, self.current_month()))
            self.comment_label.hide()
            self.item_label.setText("")
            return
        fg, bg = _STATUS_COLOURS.get(plan.status, ("#374151", "#f3f4f6"))
        status = plan_status_label(plan.status)
        if view.superseded:
            status = self.tr("{0}（已被变更取代）").format(status)
        self.status_chip.setText(status)
        self.status_chip.setStyleSheet(f"color: {fg}; background: {bg}; border-radius: 10px;"
                                       " padding: 3px 12px; font-weight: 600;")
        parts = [self.tr("目标客户月度工作计划 · {0} · {1}").format(view.rm_name, view.month),
                 self.tr("应于 {0} 前提交").format(view.due_on.isoformat()),
                 self.tr("{0} 个事项 · {1} 个工作日").format(len(view.rows), len(view.days))]
        if plan.submitted_at and plan.status is PlanStatus.SUBMITTED:
            submitted = plan.submitted_at.astimezone().strftime("%Y-%m-%d %H:%M")
            parts.append(self.tr("提交于 {0}").format(submitted))
        if plan.amends_plan_id:
            parts.append(self.tr("本计划是对已批准计划的变更"))
        amendment = self._open_amendment()
        if amendment is not None:
            parts.append(self.tr("有一份变更申请（{0}）").format(plan_status_label(amendment.status)))
        self.info_label.setText(" · ".join(parts))
        if view.decision_comment:
            self.comment_label.setText(self.tr("网点负责人意见：{0}").format(view.decision_comment))
            self.comment_label.show()
        else:
            self.comment_label.hide()

    def _update_actions(self) -> None:
        plan = self.plan
        author = not self.is_head
        status = plan.status if plan else None
        item = self._current_item()
        editable = self._editable()
        tracking = self._tracking()
        self.create_button.setVisible(author and plan is None)
        self.create_button.setEnabled(author and plan is None and bool(self.current_rm_id()))
        for b in (self.add_button, self.edit_button, self.remove_button):
            b.setVisible(author and plan is not None)
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and item is not None)
        self.remove_button.setEnabled(editable and item is not None)
        open_item = item is not None and item.status in (PlanItemStatus.PLANNED, PlanItemStatus.DELAYED)
        for b in (self.done_button, self.delay_button):
            b.setVisible(author and plan is not None)
            b.setEnabled(tracking and open_item)
        self.submit_button.setVisible(author and plan is not None)
        self.submit_button.setEnabled(self._is_author() and status in plan_service.EDITABLE)
        self.withdraw_button.setVisible(author and status is PlanStatus.SUBMITTED)
        self.withdraw_button.setEnabled(self._is_author())
        self.amend_button.setVisible(author and status is PlanStatus.APPROVED)
        self.amend_button.setEnabled(tracking and self._open_amendment() is None)
        can_decide = (self.is_head and status is PlanStatus.SUBMITTED and plan is not None
                      and plan.rm_id != self.ctx.actor.user_id)
        for w in (self.decision_comment, self.approve_button, self.return_button):
            w.setEnabled(can_decide)
        self.print_button.setEnabled(plan is not None)
        self._show_item(item)

    def _current_item(self) -> PlanItem | None:
        item_id = self.gantt.current_item_id()
        return self.state.items.get(item_id) if self.state and item_id else None

    def _show_item(self, item: PlanItem | None) -> None:
        row = self.gantt.model.row_at(self.gantt.model.row_of(item.id)) if item else None
        if item is None or row is None:
            self.item_label.setText("")
            return
        parts = [self.gantt.model.row_label(row), plan_item_status_label(item.status)]
        if row.goal_text:
            parts.append(self.tr("目标：{0}").format(row.goal_text))
        if row.products:
            parts.append(self.tr("产品：{0}").format("、".join(row.products)))
        days = [date.fromisoformat(d) for d in item.planned_days]
        planned = "、".join(f"{d.month}/{d.day}" for d in days) or self.tr("未安排")
        parts.append(self.tr("计划日：{0}").format(planned))
        if item.delayed_to:
            parts.append(self.tr("延迟至 {0}").format(item.delayed_to.isoformat()))
        if item.note:
            parts.append(self.tr("备注：{0}").format(item.note))
        self.item_label.setText("　·　".join(parts))

    # -- navigation ------------------------------------------------------------------------------

    def set_month(self, month: str) -> None:
        year, mon = plan_service.parse_month(month)
        self.month.setDate(QDate(year, mon, 1))

    def set_rm(self, rm_id: str) -> None:
        index = self.rm.findData(rm_id)
        if index >= 0:
            self.rm.setCurrentIndex(index)

    def step_month(self, delta: int) -> None:
        self.month.setDate(self.month.date().addMonths(delta))

    def on_this_month(self) -> None:
        today = self.clock()
        self.month.setDate(QDate(today.year, today.month, 1))

    def on_scope_changed(self) -> None:
        self._want_plan_id = None
        self.reload()

    def on_version_chosen(self, index: int) -> None:
        self._want_plan_id = self.version.itemData(index)
        self.reload()

    def on_current_item_changed(self, _item_id: str) -> None:
        if self.state is not None:
            self._update_actions()

    # -- writing ---------------------------------------------------------------------------------

    def _write(self, fn: Callable[..., Any], entity: str, **kwargs: Any) -> Any:
        """A service call whose error is shown; returns None when it was refused."""
        try:
            return self.ctx.write(fn, entity=entity, **kwargs)
        except DomainError as exc:
            show_error(self, exc, self.ctx.language)
            return None

    def on_create_plan(self) -> None:
        plan = self._write(plan_service.create_plan, "plan", data=PlanCreate(month=self.current_month()))
        if plan is not None:
            self._want_plan_id = plan.id
            self._add_after_load = True  # an empty plan's next step is always its first row
            self.reload()

    def _client_name(self, client_id: str | None) -> str:
        if not client_id:
            return ""
        try:
            client = self.ctx.read(lambda session, actor: get_client(session, actor, client_id))
        except DomainError:
            return ""
        return client.legal_name  # type: ignore[no-any-return]

    def on_add_item(self) -> None:
        if not self._editable() or self.plan is None:
            return
        dialog = PlanItemDialog(self.ctx, self)
        while dialog.exec():
            item = self._write(plan_service.add_item, "plan_item", plan_id=self.plan.id,
                               data=PlanItemIn(**dialog.values()))
            if item is not None:
                self._focus_cell = (item.id, None)
                self.reload()
                return
            # refused: the dialog comes back with what was typed

    def on_item_activated(self, _item_id: str) -> None:
        if self._editable():
            self.on_edit_item()

    def on_edit_item(self) -> None:
        item = self._current_item()
        if item is None or not self._editable():
            return
        dialog = PlanItemDialog(self.ctx, self, item=item, client_name=self._client_name(item.client_id))
        while dialog.exec():
            saved = self._write(plan_service.update_item, "plan_item", item_id=item.id,
                                data=PlanItemUpdate(**dialog.values()))
            if saved is not None:
                self._focus_cell = (item.id, None)
                self.reload()
                return

    def on_remove_item(self) -> None:
        item = self._current_item()
        if item is None or not self._editable():
            return
        row = self.gantt.model.row_at(self.gantt.model.row_of(item.id))
        name = self.gantt.model.row_label(row) if row else ""
        answer = QMessageBox.question(self, self.tr("删除事项"), self.tr("从计划中删除“{0}”？").format(name))
        if answer == QMessageBox.StandardButton.Yes:
            self._write(plan_service.remove_item, "plan_item", item_id=item.id)

    def on_day_clicked(self, item_id: str, day: date) -> None:
        """Plan or unplan a visit on that day for that row."""
        item = self.state.items.get(item_id) if self.state else None
        if item is None or not self._editable():
            return
        days = set(item.planned_days) ^ {day.isoformat()}
        self._focus_cell = (item_id, day)
        saved = self._write(plan_service.update_item, "plan_item", item_id=item_id,
                            data=PlanItemUpdate(planned_days=sorted(date.fromisoformat(d) for d in days)))
        if saved is None:
            self._focus_cell = None
        elif self.state is not None:
            # The next click may come before the reload lands: it must build on this one.
            self.state.items[item_id] = saved

    def on_mark_done(self) -> None:
        item = self._current_item()
        if item is not None and self._tracking():
            self._focus_cell = (item.id, None)
            self._write(plan_service.mark_item_done, "plan_item", item_id=item.id)

    def on_delay_item(self) -> None:
        item = self._current_item()
        if item is None or not self._tracking():
            return
        latest = max([date.fromisoformat(d) for d in item.planned_days] + [item.delayed_to or date.min,
                                                                           self.clock()])
        proposal = latest + timedelta(days=1)
        while proposal.weekday() >= 5:
            proposal += timedelta(days=1)
        new_date = ask_date(self, self.tr("延迟至…"), self.tr("新的完成期限："), proposal,
                            minimum=latest + timedelta(days=1))
        if new_date is not None:
            self._focus_cell = (item.id, None)
            self._write(plan_service.delay_item, "plan_item", item_id=item.id, new_date=new_date)

    def on_submit(self) -> None:
        if self.plan is None or not self._editable():
            return
        plan = self._write(plan_service.submit_plan, "plan", plan_id=self.plan.id)
        if plan is not None:
            self.plan_submitted.emit(plan.id)

    def on_withdraw(self) -> None:
        if self.plan is not None:
            self._write(plan_service.withdraw_plan, "plan", plan_id=self.plan.id)

    def on_amend(self) -> None:
        if self.plan is None:
            return
        amendment = self._write(plan_service.amend_plan, "plan", plan_id=self.plan.id)
        if amendment is not None:
            self._want_plan_id = amendment.id
            self.reload()
            self.plan_amended.emit(amendment.id)

    def on_approve(self) -> None:
        if self.plan is None:
            return
        plan = self._write(plan_service.approve_plan, "plan", plan_id=self.plan.id,
                           comment=self.decision_comment.text())
        if plan is not None:
            self.decision_comment.clear()
            self.plan_decided.emit(plan.id)

    def on_return(self) -> None:
        if self.plan is None:
            return
        plan = self._write(plan_service.return_plan, "plan", plan_id=self.plan.id,
                           comment=self.decision_comment.text())
        if plan is not None:
            self.decision_comment.clear()
            self.plan_decided.emit(plan.id)
        else:
            self.decision_comment.setFocus()

    def on_print(self) -> None:
        if self.plan is None:
            return
        self.print_requested.emit(self.plan.id)
        if _printing_available():
            printing = importlib.import_module("crm.ui.printing")
            printing.print_plan(self.ctx, self.plan.id, self)
