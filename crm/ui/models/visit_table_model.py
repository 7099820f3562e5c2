"""Visit list as a table: pages of VisitRow from the visit service, newest first, fetched as scrolled."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from crm.services.visits import VisitRow, list_visits
from crm.ui.context import AppContext
from crm.ui.labels import visit_mode_label

PAGE = 200
Index = QModelIndex | QPersistentModelIndex

_MUTED = QColor("#8a8f98")
_ATTENTION = QColor("#b45309")


class VisitTableModel(QAbstractTableModel):
    """Rows are set from a query (keyword arguments of `list_visits`); later pages load on scroll."""

    COLUMNS = ("visit_on", "client", "rm", "mode", "purpose", "outcome", "satisfaction", "review")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.query: dict[str, Any] = {}
        self.rows: list[VisitRow] = []
        self._exhausted = True
        self._resetting = False

    # -- loading ---------------------------------------------------------------------------------

    def fetch_page(self, query: dict[str, Any], offset: int = 0) -> list[VisitRow]:
        """One page of the query; safe to call off the GUI thread (a fresh session, no Qt)."""
        return list(self.ctx.read(list_visits, **query, offset=offset, limit=PAGE))

    def set_rows(self, query: dict[str, Any], rows: list[VisitRow]) -> None:
        """Show the first page of `query` (loaded by the caller, possibly in the background)."""
        self._resetting = True
        try:
            self.beginResetModel()
            self.query = dict(query)
            self.rows = list(rows)
            self._exhausted = len(rows) < PAGE
            self.endResetModel()
        finally:
            self._resetting = False

    def load(self, query: dict[str, Any]) -> None:
        self.set_rows(query, self.fetch_page(query))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        # Views ask from their modelReset handlers; inserting rows while the reset is still being
        # announced would reach later listeners as an insert inside the reset.
        return not parent.isValid() and not self._exhausted and not self._resetting

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self._exhausted or self._resetting:
            return
        more = self.fetch_page(self.query, offset=len(self.rows))
        self._exhausted = len(more) < PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    @property
    def has_more(self) -> bool:
        return not self._exhausted

    def row_at(self, row: int) -> VisitRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, visit_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == visit_id), -1)

    # -- Qt model API ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (self.tr("拜访日期"), self.tr("客户"), self.tr("客户经理"), self.tr("方式"),
                  self.tr("拜访目的"), self.tr("结果"), self.tr("满意度"), self.tr("点评"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "review" and row.reviewed:
                return row.review_comment
            if column == "purpose":
                return row.purpose or None
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if not row.completed:
                return _MUTED
            if column == "review" and not row.reviewed:
                return _ATTENTION
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("satisfaction", "visit_on", "mode"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: VisitRow, column: str) -> str:
        match column:
            case "visit_on":
                return row.visit_on.isoformat()
            case "client":
                return row.client_name
            case "rm":
                return row.rm_name
            case "mode":
                return visit_mode_label(row.mode)
            case "purpose":
                return row.purpose.replace("\n", " ")
            case "outcome":
                if not row.completed:
                    return self.tr("计划中")
                if row.goal_reached is None:
                    return self.tr("已拜访")
                return self.tr("达成目标") if row.goal_reached else self.tr("未达成")
            case "satisfaction":
                return "★" * row.satisfaction if row.satisfaction else ""
            case "review":
                if row.reviewed:
                    return self.tr("已点评")
                return self.tr("待点评") if row.completed else ""
        return ""
