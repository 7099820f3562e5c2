"""A read-only table over a list of service rows, with columns given as (header, getter) pairs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Any], Any]]


class RecordTableModel(QAbstractTableModel):
    """Small lists (a client's contacts, holdings, visits…). `highlight(row) -> bool` paints a row amber."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Any] = (),
                 highlight: Callable[[Any], bool] | None = None) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[Any] = list(rows)
        self.highlight = highlight

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        record = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.columns[index.column()][1](record)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return getattr(record, "id", None)
        if role == Qt.ItemDataRole.BackgroundRole and self.highlight is not None and self.highlight(record):
            return QBrush(QColor("#fff3cd"))
        return None
