"""A monthly plan's Gantt as a table: one row per plan item, one column per working day of the month."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from crm.domain.enums import PlanItemStatus
from crm.services.plans import CellMark, GanttRow, GanttView
from crm.ui.labels import plan_goal_label, plan_item_status_label, weekday_short

Index = QModelIndex | QPersistentModelIndex

#: The cell's CellMark value (str); what the delegate paints.
MARK_ROLE = Qt.ItemDataRole.UserRole + 1
#: The day (datetime.date) of a cell.
DAY_ROLE = Qt.ItemDataRole.UserRole + 2

_TODAY_TEXT = QColor("#c0392b")
_DONE_ROW = QColor("#15803d")
_CANCELLED_ROW = QColor("#8a8f98")


class GanttTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.view: GanttView | None = None
        self.today: date | None = None

    def set_view(self, view: GanttView | None, today: date | None) -> None:
        self.beginResetModel()
        self.view = view
        self.today = today
        self.endResetModel()

    @property
    def days(self) -> list[date]:
        return self.view.days if self.view else []

    @property
    def today_column(self) -> int:
        return self.days.index(self.today) if self.today in self.days else -1

    def row_at(self, row: int) -> GanttRow | None:
        rows = self.view.rows if self.view else []
        return rows[row] if 0 <= row < len(rows) else None

    def row_of(self, item_id: str) -> int:
        rows = self.view.rows if self.view else []
        return next((i for i, r in enumerate(rows) if r.item_id == item_id), -1)

    def day_at(self, column: int) -> date | None:
        return self.days[column] if 0 <= column < len(self.days) else None

    def row_label(self, row: GanttRow) -> str:
        name = row.label if not row.is_prospect else self.tr("{0}（潜在）").format(row.label)
        return f"{name} · {plan_goal_label(row.goal)}"

    def mark_text(self, mark: CellMark) -> str:
        return {
            CellMark.PLANNED: self.tr("计划拜访"),
            CellMark.DONE: self.tr("已完成"),
            CellMark.DELAYED: self.tr("已延迟"),
            CellMark.DELAYED_TO: self.tr("延迟至此日"),
        }.get(mark, "")

    # -- Qt model API ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.view is None else len(self.view.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.days)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            day = self.day_at(section)
            if day is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{day.day}\n{weekday_short(day)}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return day.isoformat()
            if day == self.today and role == Qt.ItemDataRole.ForegroundRole:
                return _TODAY_TEXT
            if day == self.today and role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        row = self.row_at(section)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.row_label(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._row_tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status is PlanItemStatus.DONE:
                return _DONE_ROW
            if row.status is PlanItemStatus.CANCELLED:
                return _CANCELLED_ROW
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _row_tooltip(self, row: GanttRow) -> str:
        lines = [self.row_label(row), self.tr("状态：{0}").format(plan_item_status_label(row.status))]
        if row.goal_text:
            lines.append(self.tr("目标：{0}").format(row.goal_text))
        if row.products:
            lines.append(self.tr("产品：{0}").format("、".join(row.products)))
        if row.delayed_to:
            lines.append(self.tr("延迟至 {0}").format(row.delayed_to.isoformat()))
        return "\n".join(lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        day = self.day_at(index.column())
        if row is None or day is None or index.column() >= len(row.cells):
            return None
        mark = row.cells[index.column()]
        if role == MARK_ROLE:
            return mark.value
        if role == DAY_ROLE:
            return day
        if role == Qt.ItemDataRole.UserRole:
            return row.item_id
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self.mark_text(mark)
            return f"{row.label} {day.isoformat()} {text}".strip()
        return None
