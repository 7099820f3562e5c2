"""拜访 screen: the visit list with period / client / awaiting-review filters, a detail pane and the form."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import Role, TaskStatus
from crm.domain.errors import DomainError
from crm.services.visits import VisitRow, get_visit, visit_timeline
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.labels import TASK_STATUSES, label, visit_mode_label
from crm.ui.models.visit_table_model import VisitTableModel
from crm.ui.widgets.columns import set_column_widths
from crm.ui.widgets.pickers import ClientPicker, bind_key
from crm.ui.worker import run_task

PERIODS = ("month", "last_month", "week", "today", "90d", "year", "all")


def period_range(period: str, today: date) -> tuple[date | None, date | None]:
    """Inclusive (from, to) of a named period around `today`; (None, None) for all."""
    month_start = today.replace(day=1)
    match period:
        case "today":
            return today, today
        case "week":
            start = today - timedelta(days=today.weekday())
            return start, start + timedelta(days=6)
        case "month":
            next_month = (month_start + timedelta(days=32)).replace(day=1)
            return month_start, next_month - timedelta(days=1)
        case "last_month":
            end = month_start - timedelta(days=1)
            return end.replace(day=1), end
        case "90d":
            return today - timedelta(days=90), today + timedelta(days=31)
        case "year":
            return date(today.year, 1, 1), date(today.year, 12, 31)
    return None, None


class VisitsScreen(QWidget):
    visit_selected = Signal(str)
    visit_logged = Signal(str)
    visit_reviewed = Signal(str)

    def __init__(self, ctx: AppContext, clock: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.ctx = ctx
        self.clock = clock
        self.model = VisitTableModel(ctx)
        self._generation = 0
        self._stale = False
        self._select_after_load: str | None = None
        self._build()
        self._connect_signals()
        self.apply_filters()

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.period = QComboBox()
        self.period.setObjectName("visit_period")
        titles = {"month": self.tr("本月"), "last_month": self.tr("上月"), "week": self.tr("本周"),
                  "today": self.tr("今天"), "90d": self.tr("近 90 天"), "year": self.tr("今年"),
                  "all": self.tr("全部")}
        for key in PERIODS:
            self.period.addItem(titles[key], key)
        self.client = ClientPicker(self.ctx)
        self.client.setObjectName("visit_client_filter")
        self.client.setPlaceholderText(self.tr("按客户筛选（输入名称或拼音首字母）"))
        self.client.setMinimumWidth(260)
        self.rm = QComboBox()
        self.rm.setObjectName("visit_rm_filter")
        self.rm.addItem(self.tr("全部客户经理"), None)
        self.rm.setVisible(self.ctx.actor.is_branch_head)
        self.awaiting = QCheckBox(self.tr("只看待点评(&W)"))
        self.awaiting.setObjectName("awaiting_review")
        self.count_label = QLabel()
        self.count_label.setObjectName("visit_count")
        self.count_label.setStyleSheet("color: #4b5563;")
        self.new_button = QPushButton(self.tr("记录拜访(&N)"))
        self.new_button.setObjectName("new_visit")
        self.new_button.setToolTip("Ctrl+N")
        self.open_button = QPushButton(self.tr("打开(&O)"))
        self.open_button.setObjectName("open_visit")
        self.open_button.setToolTip("Enter")
        self.review_button = QPushButton(self.tr("点评(&R)"))
        self.review_button.setObjectName("review_visit")
        self.review_button.setVisible(self.ctx.actor.is_branch_head)
        self.print_button = QPushButton(self.tr("打印登记簿…"))
        self.print_button.setObjectName("print_visit_register")
        self.print_button.setToolTip(self.tr("按所选期间打印客户拜访登记簿"))

        filters = QHBoxLayout()
        period_label = QLabel(self.tr("期间(&P)"))
        period_label.setBuddy(self.period)
        filters.addWidget(period_label)
        filters.addWidget(self.period)
        client_label = QLabel(self.tr("客户(&C)"))
        client_label.setBuddy(self.client)
        filters.addWidget(client_label)
        filters.addWidget(self.client)
        filters.addWidget(self.rm)
        filters.addWidget(self.awaiting)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        filters.addWidget(self.open_button)
        filters.addWidget(self.review_button)
        filters.addWidget(self.print_button)
        filters.addWidget(self.new_button)

        self.table = QTableView()
        self.table.setObjectName("visit_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        set_column_widths(self.table, enumerate((92, 170, 64, 48, 200, 70, 76, 60)))
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

        self.detail = QTextBrowser()
        self.detail.setObjectName("visit_detail")
        self.detail.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        if self.ctx.actor.is_branch_head:
            self._fill_rms()

    def _fill_rms(self) -> None:
        from crm.services.org import list_staff

        for user in self.ctx.read(list_staff, roles=(Role.RM,)):
            self.rm.addItem(user.display_name, user.id)

    def _connect_signals(self) -> None:
        self.print_button.clicked.connect(self.on_print_register)
        self.period.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.rm.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.awaiting.toggled.connect(lambda _c: self.apply_filters())
        self.client.client_chosen.connect(lambda _id: self.apply_filters())
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.table.doubleClicked.connect(self.on_row_activated)
        self.table.activated.connect(self.on_row_activated)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(lambda *_: self._update_count())
        self.new_button.clicked.connect(self.on_new_visit)
        self.open_button.clicked.connect(self.on_open_visit)
        self.review_button.clicked.connect(self.on_review_visit)
        self.ctx.data_changed.connect(self.on_data_changed)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        bind_key(self, QKeySequence.StandardKey.New, self.on_new_visit, context)
        bind_key(self, QKeySequence.StandardKey.Find, self.client.setFocus, context)

    # -- filtering and loading -------------------------------------------------------------------

    def current_query(self) -> dict[str, Any]:
        date_from, date_to = period_range(self.period.currentData(), self.clock())
        query: dict[str, Any] = {"date_from": date_from, "date_to": date_to}
        if self.client.client_id:
            query["client_id"] = self.client.client_id
        if self.rm.currentData():
            query["rm_id"] = self.rm.currentData()
        if self.awaiting.isChecked():
            query["awaiting_review"] = True
        return query

    def apply_filters(self) -> None:
        """Load the first page in the background; later pages come as the table scrolls."""
        self._generation += 1
        self._stale = False
        generation, query, model = self._generation, self.current_query(), self.model
        run_task(lambda: (generation, query, model.fetch_page(query)), done=self.on_loaded,
                 error=self.on_load_failed)

    def on_loaded(self, result: tuple[int, dict[str, Any], list[VisitRow]]) -> None:
        generation, query, rows = result
        if generation != self._generation:
            return
        keep = self._select_after_load or self.current_visit_id()
        self._select_after_load = None
        self.model.set_rows(query, rows)
        row = self.model.row_of(keep) if keep else -1
        if self.model.rowCount():
            self.table.selectRow(row if row >= 0 else 0)
        else:
            self.show_visit(None)

    def on_load_failed(self, exc: Exception) -> None:
        show_error(self, exc, self.ctx.language)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        more = self.model.has_more
        text = self.tr("{0}+ 条拜访") if more else self.tr("共 {0} 条拜访")
        self.count_label.setText(text.format(n))

    def on_data_changed(self, entity: str) -> None:
        if entity not in ("visit", "task", "client", "sync"):
            return
        if self.isVisible():
            self.apply_filters()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.apply_filters()

    # -- selection and detail --------------------------------------------------------------------

    def current_row(self) -> VisitRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def current_visit_id(self) -> str | None:
        row = self.current_row()
        return row.id if row else None

    def select_visit(self, visit_id: str) -> bool:
        row = self.model.row_of(visit_id)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def can_review(self, row: VisitRow | None) -> bool:
        return (row is not None and self.ctx.actor.is_branch_head and row.completed and not row.reviewed
                and row.rm_id != self.ctx.actor.user_id)

    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        self.show_visit(row.id if row else None)
        self.review_button.setEnabled(self.can_review(row))
        self.open_button.setEnabled(row is not None)
        if row:
            self.visit_selected.emit(row.id)

    def show_visit(self, visit_id: str | None) -> None:
        if visit_id is None:
            none = html.escape(self.tr("未选择拜访记录"))
            self.detail.setHtml(f"<p style='color:#6b7280'>{none}</p>")
            self.review_button.setEnabled(False)
            self.open_button.setEnabled(False)
            return
        try:
            visit = self.ctx.read(get_visit, visit_id=visit_id)
            entry = next((e for e in self.ctx.read(visit_timeline, client_id=visit.client_id)
                          if e.visit.id == visit_id), None)
        except DomainError as exc:
            self.detail.setPlainText(str(exc))
            return
        row = self.model.row_at(self.model.row_of(visit_id))
        self.detail.setHtml(self._detail_html(visit, entry.tasks if entry else (), row))

    def _detail_html(self, v: Any, tasks: Any, row: VisitRow | None) -> str:
        e = html.escape

        def field(title: str, value: str) -> str:
            if not value:
                return ""
            return (f"<tr><td style='color:#6b7280;padding:2px 12px 2px 0;white-space:nowrap' valign='top'>"
                    f"{e(title)}</td><td style='padding:2px 0'>{e(value).replace(chr(10), '<br>')}</td></tr>")

        goal = "" if v.goal_reached is None else (self.tr("是") if v.goal_reached else self.tr("否"))
        if v.goal_reason:
            goal = f"{goal}（{v.goal_reason}）"
        title = e(row.client_name if row else "")
        meta = " · ".join(x for x in (v.visit_on.isoformat(), visit_mode_label(v.mode),
                                      row.rm_name if row else "") if x)
        state = self.tr("已完成") if v.completed else self.tr("计划中")
        parts = [f"<h3 style='margin:0'>{title}</h3>",
                 f"<p style='color:#4b5563;margin-top:2px'>{e(meta)} · {e(state)}</p>"]
        before = "".join((
            field(self.tr("客户概况"), v.overview), field(self.tr("拜访目的"), v.purpose),
            field(self.tr("沟通人"), v.contact_name), field(self.tr("可能的需求"), v.likely_needs),
            field(self.tr("可能的异议"), v.likely_objections), field(self.tr("如何达成目标"), v.approach)))
        if before:
            heading = e(self.tr("客户拜访前假设"))
            parts.append(f"<h4>{heading}</h4><table>{before}</table>")
        during = "".join((
            field(self.tr("实际会见"), v.contact_met), field(self.tr("获取的信息"), v.information),
            field(self.tr("是否达成目标"), goal), field(self.tr("下一步计划"), v.next_steps),
            field(self.tr("客户满意度"), "★" * v.satisfaction if v.satisfaction else "")))
        if during:
            heading = e(self.tr("客户拜访中"))
            parts.append(f"<h4>{heading}</h4><table>{during}</table>")
        if tasks:
            items = "".join(
                f"<li>{e(t.due_on.isoformat())} {e(t.title)}"
                f"<span style='color:{'#15803d' if t.status is TaskStatus.DONE else '#6b7280'}'>"
                f"（{e(label(TASK_STATUSES, t.status))}）</span></li>" for t in tasks)
            heading = e(self.tr("跟进行动"))
            parts.append(f"<h4>{heading}</h4><ul style='margin-top:0'>{items}</ul>")
        if v.reviewed_by:
            heading = e(self.tr("网点负责人点评"))
            parts.append(f"<h4>{heading}</h4>"
                         f"<p style='background:#fef3c7;padding:6px'>{e(v.review_comment)}</p>")
        elif v.completed:
            waiting = e(self.tr("待网点负责人点评"))
            parts.append(f"<p style='color:#b45309'>{waiting}</p>")
        return "".join(parts)

    # -- actions ---------------------------------------------------------------------------------

    def _open_form(self, **kwargs: Any) -> Any:
        from crm.ui.dialogs.visit_form import VisitFormDialog

        dialog = VisitFormDialog(self.ctx, self, today=self.clock(), **kwargs)
        dialog.visit_reviewed.connect(self.visit_reviewed)
        accepted = dialog.exec()
        if accepted and dialog.saved_id:
            self._select_after_load = dialog.saved_id
            self.apply_filters()
        return dialog

    def on_new_visit(self) -> None:
        dialog = self._open_form(client_id=self.client.client_id or None)
        if dialog.saved_id:
            self.visit_logged.emit(dialog.saved_id)

    def on_row_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self._open_form(visit_id=row.id)

    def on_open_visit(self) -> None:
        row = self.current_row()
        if row is not None:
            self._open_form(visit_id=row.id)

    def on_review_visit(self) -> None:
        row = self.current_row()
        if self.can_review(row):
            self._open_form(visit_id=row.id)  # type: ignore[union-attr]

    def on_print_register(self) -> None:
        """The visit register of the period shown (a whole year when 全部 is chosen)."""
        from crm.ui import printing

        date_from, date_to = period_range(self.period.currentData(), self.clock())
        today = self.clock()
        printing.print_visit_register(self.ctx, self, date_from=date_from or date(today.year, 1, 1),
                                      date_to=date_to or today)
