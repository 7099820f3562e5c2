"""Service proposals as a table: title, client, a colour-coded status and the dates that matter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from crm.domain.enums import ProposalStatus
from crm.services.proposals import ProposalRow
from crm.ui.labels import PROPOSAL_STATUSES, label
from crm.ui.models.record_table_model import RecordTableModel

Index = QModelIndex | QPersistentModelIndex

#: (background, text) per status, shared with the summary's status badge.
STATUS_COLOURS: dict[ProposalStatus, tuple[str, str]] = {
    ProposalStatus.DRAFT: ("#f3f4f6", "#374151"),
    ProposalStatus.SUBMITTED: ("#dbeafe", "#1e40af"),
    ProposalStatus.APPROVED: ("#dcfce7", "#166534"),
    ProposalStatus.RETURNED: ("#fee2e2", "#991b1b"),
    ProposalStatus.DELIVERED: ("#e0f2fe", "#075985"),
    ProposalStatus.IMPLEMENTING: ("#ede9fe", "#5b21b6"),
    ProposalStatus.TRACKED: ("#ccfbf1", "#115e59"),
}


def _day(value: Any) -> str:
    return value.astimezone().date().isoformat() if value else ""


class ProposalTableModel(RecordTableModel):
    """`rm_name(rm_id)` names the author; the column is shown only when asked (a head's branch-wide list)."""

    STATUS_COLUMN = 2

    def __init__(self, rm_name: Callable[[str], str] | None = None) -> None:
        super().__init__([])
        columns: list[tuple[str, Callable[[ProposalRow], Any]]] = [
            (self.tr("方案名称"), lambda p: p.title),
            (self.tr("客户"), lambda p: p.client_name),
            (self.tr("状态"), lambda p: label(PROPOSAL_STATUSES, p.status)),
        ]
        if rm_name is not None:
            columns.append((self.tr("客户经理"), lambda p: rm_name(p.rm_id)))
        columns.append((self.tr("更新日期"), lambda p: _day(p.updated_at)))
        self.columns = columns

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == self.STATUS_COLUMN and 0 <= index.row() < len(self.rows) \
                and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            background, text = STATUS_COLOURS[ProposalStatus(self.rows[index.row()].status)]
            return QBrush(QColor(background if role == Qt.ItemDataRole.BackgroundRole else text))
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and 0 <= index.row() < len(self.rows):
            row = self.rows[index.row()]
            return f"{row.title}\n{row.client_name}"
        return super().data(index, role)
