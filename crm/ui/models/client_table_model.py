"""Client list as a lazily fetched table: pages of rows from the client service, never a full load."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from crm.services.clients import ClientFilter, ClientRow, count_clients, list_clients
from crm.ui.context import AppContext
from crm.ui.labels import client_kind_label, client_status_label, fen_to_wan, industry_label

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


class ClientTableModel(QAbstractTableModel):
    COLUMNS = ("legal_name", "kind", "status", "tier", "industry", "owner", "code", "deposits", "last_visit")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.filters = ClientFilter()
        self.rows: list[ClientRow] = []
        self.total = 0

    # -- loading ---------------------------------------------------------------------------------

    def set_filter(self, filters: ClientFilter) -> None:
        self.beginResetModel()
        self.filters = filters
        with self.ctx.session() as session:
            self.total = count_clients(session=session, actor=self.ctx.actor, filters=filters)
            self.rows = list_clients(session=session, actor=self.ctx.actor, filters=filters, limit=PAGE)
        self.endResetModel()

    def reload(self) -> None:
        self.set_filter(self.filters)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid():
            return
        more = self.ctx.read(list_clients, filters=self.filters, offset=len(self.rows), limit=PAGE)
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def row_at(self, row: int) -> ClientRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # -- Qt model API ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (self.tr("客户名称"), self.tr("类型"), self.tr("状态"), self.tr("层级"), self.tr("行业"),
                  self.tr("客户经理"), self.tr("证件号（脱敏）"), self.tr("存款（万元）"), self.tr("最近拜访"))
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
        if role == Qt.ItemDataRole.ToolTipRole and column == "legal_name":
            return row.short_name or row.legal_name
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "deposits":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: ClientRow, column: str) -> str:
        match column:
            case "legal_name":
                return row.legal_name
            case "kind":
                return client_kind_label(row.kind)
            case "status":
                return client_status_label(row.status)
            case "tier":
                return row.tier.value
            case "industry":
                return industry_label(row.industry)
            case "owner":
                return row.owner_name or self.tr("（待认领）")
            case "code":
                return row.uscc_masked
            case "deposits":
                return fen_to_wan(row.deposit_balance_fen)
            case "last_visit":
                return row.last_visit_on.isoformat() if row.last_visit_on else ""
        return ""
