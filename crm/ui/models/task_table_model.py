"""Follow-up tasks as a table (due today / overdue on 今日), with the client name and lateness shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from crm.domain.enums import TaskKind
from crm.domain.errors import NotFound
from crm.domain.models import FollowUpTask
from crm.services.context import get_client
from crm.ui.context import AppContext
from crm.ui.labels import task_kind_label

Index = QModelIndex | QPersistentModelIndex

_OVERDUE = QColor("#c0392b")


@dataclass(frozen=True)
class TaskRow:
    id: str
    title: str
    due_on: date
    kind: TaskKind
    client_id: str | None
    client_name: str
    visit_id: str | None
    note: str


def task_rows(ctx: AppContext, tasks: list[FollowUpTask]) -> list[TaskRow]:
    """Attach client names to tasks; callable off the GUI thread (its own session, no Qt)."""
    names: dict[str, str] = {}
    with ctx.session() as session:
        for client_id in dict.fromkeys(t.client_id for t in tasks if t.client_id):
            try:
                client = get_client(session, ctx.actor, client_id)
            except NotFound:  # reassigned since: the task stays the owner's, the name is no longer shown
                continue
            names[client_id] = client.short_name or client.legal_name
    return [TaskRow(id=t.id, title=t.title, due_on=t.due_on, kind=t.kind, client_id=t.client_id,
                    client_name=names.get(t.client_id or "", ""), visit_id=t.visit_id, note=t.note)
            for t in tasks]


class TaskTableModel(QAbstractTableModel):
    COLUMNS = ("due_on", "title", "client", "kind", "lateness")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[TaskRow] = []
        self.today = date.today()

    def set_rows(self, rows: list[TaskRow], today: date) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.today = today
        self.endResetModel()

    def row_at(self, row: int) -> TaskRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, task_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == task_id), -1)

    # -- Qt model API ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (self.tr("到期日"), self.tr("事项"), self.tr("客户"), self.tr("类型"), self.tr("状态"))
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
        if role == Qt.ItemDataRole.ToolTipRole and column == "title" and row.note:
            return row.note
        if role == Qt.ItemDataRole.ForegroundRole and column == "lateness" and row.due_on < self.today:
            return _OVERDUE
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("due_on", "lateness"):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: TaskRow, column: str) -> str:
        match column:
            case "due_on":
                return row.due_on.isoformat()
            case "title":
                return row.title
            case "client":
                return row.client_name
            case "kind":
                return task_kind_label(row.kind)
            case "lateness":
                late = (self.today - row.due_on).days
                if late > 0:
                    return self.tr("逾期 {0} 天").format(late)
                return self.tr("今天到期") if late == 0 else self.tr("{0} 天后").format(-late)
        return ""
