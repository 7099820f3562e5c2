"""Client list as a lazily fetched table: pages of rows from the client service, never a full load.

A new filter reads one page and nothing else on the GUI thread. When that page is full, the exact total
is counted off the GUI thread (``total_changed`` says when it is known); until then ``total`` is a lower
bound and ``total_exact`` is False. The count starts once the list has been shown for a moment (the
list, its painting and the first client's detail come first on two cores), and a count the user has
typed past stops inside its query.

The first page and total of the last few filters are kept until any data changes: going back to a
search (a deleted character, the cleared box) reads nothing."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal

from crm.services.clients import ClientFilter, ClientRow, count_clients, list_clients
from crm.ui.context import AppContext
from crm.ui.labels import client_kind_label, client_status_label, fen_to_wan, industry_label
from crm.ui.worker import run_task

PAGE = 60  # a screenful and some; scrolling fetches the next page
COUNT_DELAY_MS = 100  # after the list is shown: its painting and the first client's detail go first
REMEMBERED = 32  # filters whose first page and total are kept
Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Seen:
    rows: list[ClientRow]  # the first page
    total: int | None  # exact, once known


class ClientTableModel(QAbstractTableModel):
    COLUMNS = ("legal_name", "kind", "status", "tier", "industry", "owner", "code", "deposits", "last_visit")

    total_changed = Signal()  # the exact total is known (counted off the GUI thread)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.filters = ClientFilter()
        self.rows: list[ClientRow] = []
        self.total = 0  # exact when total_exact, otherwise the rows known so far
        self.total_exact = True
        self._exhausted = True
        self._generation = 0  # bumped by every new filter; a count for an older one is dropped
        self._seen: OrderedDict[str, _Seen] = OrderedDict()  # by filter, the latest last
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._count_now)
        ctx.data_changed.connect(self.forget)

    # -- loading ---------------------------------------------------------------------------------

    def set_filter(self, filters: ClientFilter) -> None:
        self.stop_counting()
        key = self._key(filters)
        seen = self._seen.pop(key, None)
        if seen is None:
            rows = self.ctx.read(list_clients, filters=filters, limit=PAGE)
            seen = _Seen(rows, len(rows) if len(rows) < PAGE else None)
        self._seen[key] = seen
        while len(self._seen) > REMEMBERED:
            self._seen.popitem(last=False)
        self.beginResetModel()
        self.filters = filters
        self.rows = list(seen.rows)
        self._exhausted = len(self.rows) < PAGE
        self.total = len(self.rows) if seen.total is None else seen.total
        self.total_exact = seen.total is not None
        self.endResetModel()
        if not self.total_exact:
            self._count_timer.start()

    def _key(self, filters: ClientFilter) -> str:
        """What a remembered page is kept under: whose list it is, and its filter."""
        return f"{self.ctx.actor.user_id}|{filters.model_dump_json()}"

    def reload(self) -> None:
        self.forget()
        self.set_filter(self.filters)

    def forget(self, _entity: str = "") -> None:
        """Drop the pages and totals kept: some data changed."""
        self._seen.clear()

    def stop_counting(self) -> None:
        """Drop the count due or under way (the filter is about to change): its worker gives up at once,
        so it never competes with the next keystroke for the CPU."""
        self._generation += 1
        self._count_timer.stop()

    def _count_now(self) -> None:
        generation, filters, read = self._generation, self.filters, self.ctx.read_unless_stale

        def stale() -> bool:  # on the worker thread: reads an int the GUI thread replaces
            return generation != self._generation

        def count() -> tuple[int, int] | None:
            total = read(count_clients, stale, filters=filters)
            return None if total is None else (generation, total)

        run_task(count, done=self.on_counted)

    def on_counted(self, result: tuple[int, int] | None) -> None:
        if result is None or result[0] != self._generation:
            return
        self.total = max(result[1], len(self.rows))
        self.total_exact = True
        seen = self._seen.get(self._key(self.filters))
        if seen is not None:
            seen.total = self.total
        self._exhausted = len(self.rows) >= self.total
        self.total_changed.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self._exhausted:
            return
        more = self.ctx.read(list_clients, filters=self.filters, offset=len(self.rows), limit=PAGE)
        if len(more) < PAGE:
            self._exhausted = True
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()
        if not self.total_exact:
            self.total = len(self.rows)
            if self._exhausted:
                self.total_exact = True
                self.total_changed.emit()

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
