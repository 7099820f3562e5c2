"""今日 screen: today's visits, follow-ups due and overdue, approvals waiting, reminders and sync state."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import ClaimStatus, PlanStatus, ProposalStatus, Role
from crm.domain.errors import DomainError
from crm.services import claims, outbox, plans, proposals, tasks, visits
from crm.services.plans import CellMark
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.labels import weekday_long
from crm.ui.models.task_table_model import TaskRow, TaskTableModel, task_rows
from crm.ui.models.today_visit_model import TodayVisitRow, TodayVisitTableModel
from crm.ui.widgets.pickers import ask_date, bind_key
from crm.ui.worker import run_task

log = logging.getLogger(__name__)

#: Visits awaiting review are counted up to this many; the approvals screen lists them all.
REVIEW_COUNT_LIMIT = 999
APPROVAL_KINDS = ("plan", "proposal", "visit", "claim")
_TILE_STYLE = (
    "QPushButton { text-align: left; padding: 6px 14px; font-size: 14px; border: 1px solid #d1d5db;"
    " border-radius: 6px; background: #ffffff; color: #1f2937; }"
    " QPushButton:hover { border-color: #2563eb; background: #eff6ff; }"
    " QPushButton:focus { border: 2px solid #2563eb; }"
    " QPushButton:disabled { color: #9ca3af; background: #f9fafb; }"
)


@dataclass
class TodayData:
    """Everything the screen shows, gathered off the GUI thread in one pass."""

    today: date
    visits: list[TodayVisitRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    due_today: int = 0
    overdue: int = 0
    approvals: dict[str, int] | None = None  # branch heads only
    pending_sync: int = 0


def _todays_plan_rows(ctx: AppContext, today: date, visited: set[str]) -> list[TodayVisitRow]:
    """The approved plan's items with a visit planned (or delayed to) today and not yet logged."""
    if ctx.actor.role is not Role.RM:
        return []
    plan = ctx.read(plans.current_plan, month=f"{today:%Y-%m}")
    if plan is None or plan.status is not PlanStatus.APPROVED:
        return []  # only an approved plan is in force; a draft is still being agreed with the head
    view = ctx.read(plans.gantt, plan_id=plan.id)
    if today not in view.days:
        return []
    column = view.days.index(today)
    clients = {item.id: item.client_id for item in ctx.read(plans.list_items, plan_id=plan.id)}
    out = []
    for row in view.rows:
        mark = row.cells[column]
        client_id = clients.get(row.item_id)
        if mark not in (CellMark.PLANNED, CellMark.DELAYED_TO) or (client_id and client_id in visited):
            continue
        out.append(TodayVisitRow(client_id=client_id, client_name=row.label, subject=row.goal_text,
                                 completed=False, goal=row.goal, item_id=row.item_id,
                                 delayed=mark is CellMark.DELAYED_TO))
    return out


def load_today(ctx: AppContext, today: date) -> TodayData:
    """Qt-free: callable in the worker thread (each read opens its own session)."""
    data = TodayData(today=today)
    logged = ctx.read(visits.list_visits, rm_id=ctx.actor.user_id, date_from=today, date_to=today)
    visited = {v.client_id for v in logged}
    data.visits = _todays_plan_rows(ctx, today, visited) + [
        TodayVisitRow(client_id=v.client_id, client_name=v.client_name, subject=v.purpose,
                      completed=v.completed, mode=v.mode, visit_id=v.id)
        for v in logged
    ]
    due_today, overdue = ctx.read(tasks.due_and_overdue, today=today)
    data.due_today, data.overdue = len(due_today), len(overdue)
    data.tasks = task_rows(ctx, overdue + due_today)
    if ctx.actor.is_branch_head:
        me = ctx.actor.user_id  # a head's own plan, proposal or visit is decided by someone else
        submitted_plans = ctx.read(plans.list_plans, status=PlanStatus.SUBMITTED)
        submitted_proposals = ctx.read(proposals.list_proposals, status=ProposalStatus.SUBMITTED)
        data.approvals = {
            "plan": sum(1 for p in submitted_plans if p.rm_id != me),
            "proposal": sum(1 for p in submitted_proposals if p.rm_id != me),
            "visit": ctx.read(visits.count_awaiting_review, at_most=REVIEW_COUNT_LIMIT),
            "claim": len(ctx.read(claims.list_claims, status=ClaimStatus.CONTESTED)),
        }
    with ctx.session() as session:
        data.pending_sync = outbox.pending_count(session=session)
    return data


class TodayScreen(QWidget):
    """The home screen. Navigation it cannot do itself is asked for through signals the window wires."""

    client_requested = Signal(str)  # open this client
    approvals_requested = Signal(str)  # one of APPROVAL_KINDS
    reminder_activated = Signal(object)  # the reminder object given to set_reminders
    sync_requested = Signal()
    visit_logged = Signal(str)

    def __init__(self, ctx: AppContext, clock: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.ctx = ctx
        self.clock = clock
        self.data: TodayData | None = None
        self._generation = 0
        self._stale = True
        self.visits_model = TodayVisitTableModel()
        self.tasks_model = TaskTableModel()
        self._build()
        self._connect_signals()
        self._build_reminder_centre()
        self.refresh()

    # -- construction ----------------------------------------------------------------------------

    def _table(self, name: str, model: Any) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(26)
        table.horizontalHeader().setHighlightSections(False)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return table

    def _build(self) -> None:
        self.date_label = QLabel()
        self.date_label.setObjectName("today_date")
        self.date_label.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.summary_label = QLabel()
        self.summary_label.setObjectName("today_summary")
        self.summary_label.setStyleSheet("color: #4b5563;")
        self.new_visit_button = QPushButton(self.tr("记录拜访(&N)"))
        self.new_visit_button.setObjectName("new_visit")
        self.new_visit_button.setToolTip("Ctrl+N")
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refresh_today")
        self.refresh_button.setToolTip("Ctrl+R")
        header = QHBoxLayout()
        header.addWidget(self.date_label)
        header.addSpacing(16)
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.refresh_button)
        header.addWidget(self.new_visit_button)

        self.visits_table = self._table("today_visits", self.visits_model)
        self.visits_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.visits_box = QGroupBox(self.tr("今日拜访"))
        visits_layout = QVBoxLayout(self.visits_box)
        visits_layout.addWidget(self.visits_table)
        self.visits_empty = QLabel(self.tr("今天没有计划的拜访。"))
        self.visits_empty.setStyleSheet("color: #6b7280;")
        visits_layout.addWidget(self.visits_empty)

        self.tasks_table = self._table("today_tasks", self.tasks_model)
        self.tasks_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.complete_button = QPushButton(self.tr("完成(&D)"))
        self.complete_button.setObjectName("complete_task")
        self.reschedule_button = QPushButton(self.tr("改期(&R)…"))
        self.reschedule_button.setObjectName("reschedule_task")
        self.open_task_button = QPushButton(self.tr("打开(&O)"))
        self.open_task_button.setObjectName("open_task")
        task_buttons = QHBoxLayout()
        task_buttons.addStretch(1)
        for b in (self.open_task_button, self.reschedule_button, self.complete_button):
            task_buttons.addWidget(b)
        self.tasks_box = QGroupBox(self.tr("待办跟进"))
        tasks_layout = QVBoxLayout(self.tasks_box)
        tasks_layout.addWidget(self.tasks_table)
        self.tasks_empty = QLabel(self.tr("没有今日到期或逾期的待办。"))
        self.tasks_empty.setStyleSheet("color: #6b7280;")
        tasks_layout.addWidget(self.tasks_empty)
        tasks_layout.addLayout(task_buttons)

        self.approvals_box = QGroupBox(self.tr("待我审批"))
        self.approvals_box.setObjectName("approvals_box")
        approvals_layout = QHBoxLayout(self.approvals_box)
        titles = {"plan": self.tr("月度计划"), "proposal": self.tr("服务方案"),
                  "visit": self.tr("拜访待点评"), "claim": self.tr("认领争议")}
        self.approval_buttons: dict[str, QPushButton] = {}
        self._approval_titles = titles
        for kind in APPROVAL_KINDS:
            button = QPushButton()
            button.setObjectName(f"approvals_{kind}")
            button.setMinimumHeight(62)
            button.setStyleSheet(_TILE_STYLE)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            self.approval_buttons[kind] = button
            approvals_layout.addWidget(button)
        self.approvals_box.setVisible(self.ctx.actor.is_branch_head)

        self.reminder_list = QListWidget()
        self.reminder_list.setObjectName("reminder_list")
        self.reminder_list.setAlternatingRowColors(True)
        self.reminders_box = QGroupBox(self.tr("提醒"))
        reminders_layout = QVBoxLayout(self.reminders_box)
        reminders_layout.addWidget(self.reminder_list)

        self.sync_label = QLabel()
        self.sync_label.setObjectName("sync_summary")
        self.sync_label.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.setObjectName("sync_now")
        self.sync_box = QGroupBox(self.tr("同步"))
        sync_layout = QHBoxLayout(self.sync_box)
        sync_layout.addWidget(self.sync_label, 1)
        sync_layout.addWidget(self.sync_button)

        left = self._left = QVBoxLayout()
        left.addWidget(self.approvals_box)
        left.addWidget(self.visits_box, 2)
        left.addWidget(self.tasks_box, 3)
        left.addStretch(0)  # takes the room when both lists are empty
        right = QVBoxLayout()
        right.addWidget(self.reminders_box, 1)
        right.addWidget(self.sync_box)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(grid, 1)

    def _connect_signals(self) -> None:
        self.new_visit_button.clicked.connect(self.on_new_visit)
        self.refresh_button.clicked.connect(self.refresh)
        self.visits_table.doubleClicked.connect(self.on_visit_activated)
        self.visits_table.activated.connect(self.on_visit_activated)
        self.tasks_table.doubleClicked.connect(self.on_task_activated)
        self.tasks_table.activated.connect(self.on_task_activated)
        self.tasks_table.selectionModel().selectionChanged.connect(lambda *_: self._update_task_buttons())
        self.tasks_model.modelReset.connect(self._update_task_buttons)
        self.complete_button.clicked.connect(self.on_complete_task)
        self.reschedule_button.clicked.connect(self.on_reschedule_task)
        self.open_task_button.clicked.connect(self.on_open_task)
        for kind, button in self.approval_buttons.items():
            button.clicked.connect(lambda _c=False, k=kind: self.approvals_requested.emit(k))
        self.reminder_list.itemActivated.connect(self.on_reminder_activated)
        self.sync_button.clicked.connect(self.sync_requested)
        self.ctx.data_changed.connect(self.on_data_changed)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        bind_key(self, QKeySequence.StandardKey.New, self.on_new_visit, context)
        bind_key(self, "Ctrl+R", self.refresh, context)

    # -- loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload in the background; a newer refresh makes an older result obsolete."""
        self._generation += 1
        self._stale = False
        generation, ctx, today = self._generation, self.ctx, self.clock()
        run_task(lambda: (generation, load_today(ctx, today)), done=self.on_loaded, error=self.on_load_failed)

    def on_loaded(self, result: tuple[int, TodayData]) -> None:
        generation, data = result
        if generation != self._generation:
            return
        self.data = data
        today = data.today
        self.date_label.setText(self.tr("{0}年{1}月{2}日 {3}").format(
            today.year, today.month, today.day, weekday_long(today)))
        planned = sum(1 for r in data.visits if r.is_plan_item)
        self.summary_label.setText(self.tr("待拜访 {0} · 今日到期 {1} · 逾期 {2}").format(
            planned, data.due_today, data.overdue))
        selected = self._current_task()
        self.visits_model.set_rows(data.visits)
        self.tasks_model.set_rows(data.tasks, today)
        self.visits_box.setTitle(self.tr("今日拜访（{0}）").format(len(data.visits)))
        self.tasks_box.setTitle(
            self.tr("待办跟进（今日到期 {0} · 逾期 {1}）").format(data.due_today, data.overdue))
        self._left.setStretchFactor(self.visits_box, 2 if data.visits else 0)
        self._left.setStretchFactor(self.tasks_box, 3 if data.tasks else 0)
        self._left.setStretch(self._left.count() - 1, 0 if data.visits or data.tasks else 1)
        for b in (self.open_task_button, self.reschedule_button, self.complete_button):
            b.setVisible(bool(data.tasks))
        self.visits_table.setVisible(bool(data.visits))
        self.visits_empty.setVisible(not data.visits)
        self.tasks_table.setVisible(bool(data.tasks))
        self.tasks_empty.setVisible(not data.tasks)
        self._fit_columns(self.visits_table, stretch=2)
        self._fit_columns(self.tasks_table, stretch=1)
        if data.tasks:
            row = self.tasks_model.row_of(selected.id) if selected else -1
            self.tasks_table.selectRow(row if row >= 0 else 0)
        if data.approvals is not None:
            for kind, button in self.approval_buttons.items():
                count = data.approvals.get(kind, 0)
                button.setText(f"{count}\n{self._approval_titles[kind]}")
                button.setEnabled(count > 0)
        if data.pending_sync:
            self.sync_label.setText(self.tr("有 {0} 条本地更改待上传").format(data.pending_sync))
        else:
            self.sync_label.setText(self.tr("本地更改已全部上传"))

    @staticmethod
    def _fit_columns(table: QTableView, *, stretch: int) -> None:
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        for column in range(header.count()):
            if column != stretch:
                table.setColumnWidth(column, table.columnWidth(column) + 18)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def on_load_failed(self, exc: Exception) -> None:
        show_error(self, exc, self.ctx.language)

    def on_data_changed(self, _entity: str) -> None:
        # Any change may move the outbox count; the lists are cheap to rebuild.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale or (self.data is not None and self.data.today != self.clock()):
            self.refresh()

    # -- reminders -------------------------------------------------------------------------------

    def set_reminders(self, reminders: Sequence[Any]) -> None:
        """Show the reminder centre's items: strings, or objects with a `text` (or `title`) attribute and
        optionally `tooltip`; the object itself comes back with `reminder_activated`."""
        self.reminder_list.clear()
        for reminder in reminders:
            text = reminder if isinstance(reminder, str) else (
                getattr(reminder, "text", None) or getattr(reminder, "title", None) or str(reminder))
            item = QListWidgetItem(str(text))
            item.setData(Qt.ItemDataRole.UserRole, reminder)
            tooltip = getattr(reminder, "tooltip", None)
            if tooltip:
                item.setToolTip(str(tooltip))
            self.reminder_list.addItem(item)
        self.reminders_box.setTitle(self.tr("提醒（{0}）").format(len(reminders)) if reminders
                                    else self.tr("提醒"))

    def on_reminder_activated(self, item: QListWidgetItem) -> None:
        self.reminder_activated.emit(item.data(Qt.ItemDataRole.UserRole))

    # -- visits ----------------------------------------------------------------------------------

    def _open_visit_form(self, **kwargs: Any) -> None:
        from crm.ui.dialogs.visit_form import VisitFormDialog

        dialog = VisitFormDialog(self.ctx, self, today=self.clock(), **kwargs)
        if dialog.exec() and dialog.saved_id and "visit_id" not in kwargs:
            self.visit_logged.emit(dialog.saved_id)

    def on_new_visit(self) -> None:
        self._open_visit_form()

    def on_visit_activated(self, index: QModelIndex) -> None:
        row = self.visits_model.row_at(index.row())
        if row is None:
            return
        if row.visit_id:
            self._open_visit_form(visit_id=row.visit_id)
        else:  # a planned visit: log it, starting from the plan's client and goal
            self._open_visit_form(client_id=row.client_id, purpose=row.subject)

    # -- tasks -----------------------------------------------------------------------------------

    def _current_task(self) -> TaskRow | None:
        return self.tasks_model.row_at(self.tasks_table.currentIndex().row())

    def _update_task_buttons(self) -> None:
        task = self._current_task()
        for b in (self.complete_button, self.reschedule_button):
            b.setEnabled(task is not None)
        self.open_task_button.setEnabled(task is not None and bool(task.visit_id or task.client_id))

    def on_complete_task(self) -> None:
        task = self._current_task()
        if task is None:
            return
        try:
            self.ctx.write(tasks.complete_task, entity="task", task_id=task.id)
        except DomainError as exc:
            show_error(self, exc, self.ctx.language)

    def on_reschedule_task(self) -> None:
        task = self._current_task()
        if task is None:
            return
        today = self.clock()
        new_date = ask_date(self, self.tr("改期"), self.tr("新的到期日："), today + timedelta(days=1),
                            minimum=today)
        if new_date is None:
            return
        try:
            self.ctx.write(tasks.reschedule_task, entity="task", task_id=task.id, due_on=new_date)
        except DomainError as exc:
            show_error(self, exc, self.ctx.language)

    def on_task_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.tasks_table.setCurrentIndex(index)
            self.on_open_task()

    def on_open_task(self) -> None:
        task = self._current_task()
        if task is None:
            return
        if task.visit_id:
            self._open_visit_form(visit_id=task.visit_id)
        elif task.client_id:
            self.client_requested.emit(task.client_id)

    # -- reminder centre: done / snooze / open, fed by crm.ui.job_bridge.JobBridge ---------------

    def _build_reminder_centre(self) -> None:
        from PySide6.QtWidgets import QMenu, QToolButton

        self.reminder_bridge: Any = None
        self.reminder_done_button = QPushButton(self.tr("完成"))
        self.reminder_done_button.setObjectName("reminder_done")
        self.reminder_snooze_button = QToolButton()
        self.reminder_snooze_button.setObjectName("reminder_snooze")
        self.reminder_snooze_button.setText(self.tr("稍后提醒"))
        self.reminder_snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.reminder_snooze_menu = QMenu(self.reminder_snooze_button)
        self.reminder_snooze_button.setMenu(self.reminder_snooze_menu)
        self.reminder_open_button = QPushButton(self.tr("打开"))
        self.reminder_open_button.setObjectName("reminder_open")
        row = QHBoxLayout()
        row.addStretch(1)
        for w in (self.reminder_open_button, self.reminder_snooze_button, self.reminder_done_button):
            row.addWidget(w)
        layout = self.reminders_box.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addLayout(row)
        self.reminder_snooze_menu.aboutToShow.connect(self._fill_snooze_menu)
        self.reminder_done_button.clicked.connect(self.on_reminder_done)
        self.reminder_open_button.clicked.connect(self.on_open_reminder)
        self.reminder_list.currentRowChanged.connect(lambda _r: self._update_reminder_buttons())
        self._update_reminder_buttons()

    def attach_reminders(self, bridge: Any) -> None:
        """Show `bridge`'s reminder centre here; done and snooze go back through it."""
        self.reminder_bridge = bridge
        bridge.reminders_changed.connect(self.show_reminders)
        self.show_reminders(bridge.active)

    def show_reminders(self, reminders: Sequence[Any]) -> None:
        from crm.ui.reminder_text import reminder_items

        current = self.current_reminder()
        self.set_reminders(reminder_items(list(reminders), self.clock()))
        keys = [self.reminder_list.item(i).data(Qt.ItemDataRole.UserRole).key
                for i in range(self.reminder_list.count())]
        if keys:
            keep = current.key if current is not None else None
            self.reminder_list.setCurrentRow(keys.index(keep) if keep in keys else 0)
        self._update_reminder_buttons()

    def current_reminder(self) -> Any:
        item = self.reminder_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if hasattr(value, "reminder") else None

    def _update_reminder_buttons(self) -> None:
        current = self.current_reminder()
        managed = current is not None and self.reminder_bridge is not None
        self.reminder_done_button.setEnabled(managed)
        self.reminder_snooze_button.setEnabled(managed)
        openable = current is not None and current.reminder.entity != "weekly_report"
        self.reminder_open_button.setEnabled(openable)

    def _fill_snooze_menu(self) -> None:
        self.reminder_snooze_menu.clear()
        if self.reminder_bridge is None:
            return
        for text, until in self.reminder_bridge.snooze_choices():
            action = self.reminder_snooze_menu.addAction(text)
            action.triggered.connect(lambda _c=False, u=until: self.on_reminder_snooze(u))

    def on_reminder_done(self) -> None:
        current = self.current_reminder()
        if current is not None and self.reminder_bridge is not None:
            self.reminder_bridge.mark_done(current.key)

    def on_reminder_snooze(self, until: Any) -> None:
        current = self.current_reminder()
        if current is not None and self.reminder_bridge is not None:
            self.reminder_bridge.snooze(current.key, until)

    def on_open_reminder(self) -> None:
        item = self.reminder_list.currentItem()
        if item is not None:
            self.on_reminder_activated(item)
