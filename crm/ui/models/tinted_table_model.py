"""A RecordTableModel whose rows and cells carry a tone (breached, due soon, good…) and numeric alignment."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from crm.ui.models.record_table_model import Column, Index, RecordTableModel

#: tone -> (background, foreground); None keeps the view's own colour.
TONES: dict[str, tuple[str | None, str | None]] = {
    "breach": ("#fde8e8", "#9b1c1c"),
    "soon": ("#fff4d6", "#8a5a00"),
    "good": (None, "#15803d"),
    "warn": (None, "#b45309"),
    "bad": (None, "#b91c1c"),
    "muted": (None, "#6b7280"),
    "total": ("#f3f4f6", None),
}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class TintedTableModel(RecordTableModel):
    """`tone(row)` colours a whole row; `cell_tone(row, column)` one cell (wins over the row's foreground).

    `numeric` lists the columns aligned right; `tooltip(row, column)` explains a cell. A "total" row is bold.
    """

    def __init__(self, columns: Sequence[Column], rows: Sequence[Any] = (), *,
                 tone: Callable[[Any], str | None] | None = None,
                 cell_tone: Callable[[Any, int], str | None] | None = None,
                 numeric: Collection[int] = (),
                 tooltip: Callable[[Any, int], str | None] | None = None) -> None:
        super().__init__(columns, rows)
        self.tone = tone
        self.cell_tone = cell_tone
        self.numeric = frozenset(numeric)
        self.tooltip = tooltip

    def reset(self, columns: Sequence[Column], rows: Sequence[Any]) -> None:
        """New columns and rows at once (a scorecard's items come from the branch's configuration)."""
        self.beginResetModel()
        self.columns = list(columns)
        self.rows = list(rows)
        self.endResetModel()

    def row_tone(self, row: int) -> str | None:
        record = self.row_at(row)
        return self.tone(record) if record is not None and self.tone is not None else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return super().data(index, role)
        record = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in self.numeric else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record, column) if self.tooltip is not None else None
        row_tone = self.tone(record) if self.tone is not None else None
        if role == Qt.ItemDataRole.BackgroundRole:
            background = TONES.get(row_tone or "", (None, None))[0]
            return QBrush(QColor(background)) if background else None
        if role == Qt.ItemDataRole.ForegroundRole:
            cell = self.cell_tone(record, column) if self.cell_tone is not None else None
            foreground = TONES.get(cell or row_tone or "", (None, None))[1]
            return QBrush(QColor(foreground)) if foreground else None
        if role == Qt.ItemDataRole.FontRole and (row_tone == "total" or (
                self.cell_tone is not None and self.cell_tone(record, column) in ("good", "bad", "warn"))):
            font = QFont()
            font.setBold(True)
            return font
        return None
