"""Today's visits in one table: the plan's items for today not yet logged, then the visits dated today."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from crm.domain.enums import PlanGoal, VisitMode
from crm.ui.labels import plan_goal_label, visit_mode_label

Index = QModelIndex | QPersistentModelIndex

_PLANNED = QColor("#2563eb")
_DONE = QColor("#15803d")


@dataclass(frozen=True)
class TodayVisitRow:
    """`visit_id` is set for a logged visit; `item_id` for a plan item still to be visited today."""

    client_id: str | None
    client_name: str
    subject: str  # the plan item's goal text, or the visit's purpose
    completed: bool
    goal: PlanGoal | None = None  # plan items
    mode: VisitMode | None = None  # visits
    visit_id: str | None = None
    item_id: str | None = None
    delayed: bool = False

    @property
    def is_plan_item(self) -> bool:
        return self.visit_id is None


class TodayVisitTableModel(QAbstractTableModel):
    COLUMNS = ("source", "client", "subject", "mode", "state")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[TodayVisitRow] = []

    def set_rows(self, rows: list[TodayVisitRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> TodayVisitRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (self.tr("来源"), self.tr("客户"), self.tr("目标 / 目的"), self.tr("方式"), self.tr("状态"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.visit_id or row.item_id
        if role == Qt.ItemDataRole.ForegroundRole and column == "state":
            return _DONE if row.completed else _PLANNED
        if role == Qt.ItemDataRole.ToolTipRole and column == "state" and row.is_plan_item:
            return self.tr("双击记录本次拜访")
        return None

    def _display(self, row: TodayVisitRow, column: str) -> str:
        match column:
            case "source":
                return self.tr("月度计划") if row.is_plan_item else self.tr("拜访记录")
            case "client":
                return row.client_name
            case "subject":
                text = row.subject.replace("\n", " ")
                if row.goal is not None:
                    return f"{plan_goal_label(row.goal)}：{text}" if text else plan_goal_label(row.goal)
                return text
            case "mode":
                return visit_mode_label(row.mode) if row.mode is not None else ""
            case "state":
                if row.is_plan_item:
                    return self.tr("延迟至今日") if row.delayed else self.tr("待拜访")
                return self.tr("已完成") if row.completed else self.tr("已安排")
        return ""
