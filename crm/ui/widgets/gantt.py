"""The monthly plan Gantt: items down, working days across, painted cells, today marked, a legend."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm.services.plans import CellMark
from crm.ui.models.plan_gantt_model import DAY_ROLE, MARK_ROLE, GanttTableModel

Index = QModelIndex | QPersistentModelIndex

DAY_WIDTH = 38
ROW_HEIGHT = 30

COLOURS = {
    CellMark.PLANNED: QColor("#3b82f6"),
    CellMark.DONE: QColor("#22a55b"),
    CellMark.DELAYED: QColor("#f59e0b"),
    CellMark.DELAYED_TO: QColor("#ea580c"),
}
TODAY_TINT = QColor(239, 68, 68, 28)
TODAY_LINE = QColor("#dc2626")
SELECTION = QColor("#1e3a8a")
SELECTION_FILL = QColor("#dbe4f5")


def paint_mark(painter: QPainter, rect: QRect | QRectF, mark: CellMark) -> None:
    """One cell's bar; shared by the table delegate and the legend so both always match."""
    colour = COLOURS.get(mark)
    if colour is None:
        return
    bar = QRectF(rect).adjusted(3, 6, -3, -6)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if mark is CellMark.DELAYED:
        # A slipped day stays visible as a hatched, paler bar: planned, but not kept.
        painter.setPen(QPen(colour, 1.5))
        painter.setBrush(QColor(colour.red(), colour.green(), colour.blue(), 60))
        painter.drawRoundedRect(bar, 4, 4)
        painter.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
        painter.drawRoundedRect(bar, 4, 4)
    elif mark is CellMark.DELAYED_TO:
        painter.setPen(QPen(colour.darker(130), 1.5))
        painter.setBrush(colour)
        painter.drawRoundedRect(bar, 4, 4)
        painter.setPen(QPen(QColor("white"), 1.6))
        mid = bar.center()
        painter.drawLine(int(mid.x() - 5), int(mid.y()), int(mid.x() + 4), int(mid.y()))
        painter.drawLine(int(mid.x() + 1), int(mid.y() - 3), int(mid.x() + 4), int(mid.y()))
        painter.drawLine(int(mid.x() + 1), int(mid.y() + 3), int(mid.x() + 4), int(mid.y()))
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(bar, 4, 4)
        if mark is CellMark.DONE:
            painter.setPen(QPen(QColor("white"), 1.8))
            c = bar.center()
            painter.drawLine(int(c.x() - 4), int(c.y()), int(c.x() - 1), int(c.y() + 3))
            painter.drawLine(int(c.x() - 1), int(c.y() + 3), int(c.x() + 5), int(c.y() - 3))
    painter.restore()


class GanttCellDelegate(QStyledItemDelegate):
    """Paints the bars, today's column and the keyboard cursor; cells have no text."""

    def __init__(self, model: GanttTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gantt_model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect = option.rect  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        day = index.data(DAY_ROLE)
        is_today = day is not None and day == self.gantt_model.today
        painter.save()
        if is_today:
            painter.fillRect(rect, TODAY_TINT)
        painter.restore()
        paint_mark(painter, rect, CellMark(index.data(MARK_ROLE) or ""))
        painter.save()
        if is_today:
            painter.setPen(QPen(TODAY_LINE, 1))
            painter.drawLine(rect.topLeft(), rect.bottomLeft())
            painter.drawLine(rect.topRight(), rect.bottomRight())
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(SELECTION, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return QSize(DAY_WIDTH, ROW_HEIGHT)


class _GanttTable(QTableView):
    space_pressed = Signal(QModelIndex)
    enter_pressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        index = self.currentIndex()
        if index.isValid() and event.key() == Qt.Key.Key_Space:
            self.space_pressed.emit(index)
            return
        if index.isValid() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.enter_pressed.emit(index)
            return
        super().keyPressEvent(event)


class PlanGanttWidget(QWidget):
    """Signals carry the item id (and the day); the screen decides what a click means for the plan."""

    day_clicked = Signal(str, object)  # item id, datetime.date: a click or Space on a cell
    item_activated = Signal(str)  # double-click on the row label, Enter or F2
    current_item_changed = Signal(str)  # "" when nothing is selected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = GanttTableModel()
        self._editable = False
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.table = _GanttTable()
        self.table.setObjectName("gantt_table")
        self.table.setModel(self.model)
        self.table.setItemDelegate(GanttCellDelegate(self.model, self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(True)
        self.table.setGridStyle(Qt.PenStyle.DotLine)
        self.table.setMouseTracking(True)
        self.table.setAccessibleName(self.tr("月度计划甘特图"))
        # The row panel under each cell is drawn by the style with the highlight colour; a pale one keeps
        # the bars readable on the selected cell.
        palette = self.table.palette()
        palette.setColor(QPalette.ColorRole.Highlight, SELECTION_FILL)
        palette.setColor(QPalette.ColorRole.HighlightedText, palette.color(QPalette.ColorRole.Text))
        self.table.setPalette(palette)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultSectionSize(DAY_WIDTH)
        header.setMinimumSectionSize(DAY_WIDTH - 6)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setHighlightSections(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setMinimumWidth(220)
        vertical.setMaximumWidth(340)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setHighlightSections(True)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("gantt_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #6b7280; padding: 24px;")
        self.empty_label.hide()

        legend = QHBoxLayout()
        legend.setSpacing(14)
        for mark, text in ((CellMark.PLANNED, self.tr("计划拜访")), (CellMark.DONE, self.tr("已完成")),
                           (CellMark.DELAYED, self.tr("已延迟")), (CellMark.DELAYED_TO, self.tr("延迟至"))):
            legend.addLayout(self._legend_entry(self._swatch(mark), text))
        legend.addLayout(self._legend_entry(self._today_swatch(), self.tr("今天")))
        legend.addStretch(1)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("gantt_hint")
        self.hint_label.setStyleSheet("color: #6b7280;")
        legend.addWidget(self.hint_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(legend)

    def _legend_entry(self, pixmap: QPixmap, text: str) -> QHBoxLayout:
        box = QHBoxLayout()
        box.setSpacing(4)
        swatch = QLabel()
        swatch.setPixmap(pixmap)
        box.addWidget(swatch)
        box.addWidget(QLabel(text))
        return box

    def _swatch(self, mark: CellMark) -> QPixmap:
        pixmap = QPixmap(DAY_WIDTH - 6, ROW_HEIGHT - 6)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_mark(painter, QRect(0, 0, pixmap.width(), pixmap.height()), mark)
        painter.end()
        return pixmap

    def _today_swatch(self) -> QPixmap:
        pixmap = QPixmap(DAY_WIDTH - 6, ROW_HEIGHT - 6)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.fillRect(pixmap.rect(), TODAY_TINT)
        painter.setPen(QPen(TODAY_LINE, 1))
        painter.drawLine(0, 0, 0, pixmap.height())
        painter.drawLine(pixmap.width() - 1, 0, pixmap.width() - 1, pixmap.height())
        painter.end()
        return pixmap

    def _connect_signals(self) -> None:
        self.table.clicked.connect(self.on_cell_clicked)
        self.table.space_pressed.connect(self.on_cell_clicked)
        self.table.enter_pressed.connect(self.on_cell_activated)
        self.table.verticalHeader().sectionDoubleClicked.connect(self.on_row_header_double_clicked)
        self.table.selectionModel().currentChanged.connect(self.on_current_changed)
        self.model.modelReset.connect(self.on_model_reset)

    # -- public API ------------------------------------------------------------------------------

    def set_view(self, view: object, today: date | None, *, editable: bool, empty_text: str = "") -> None:
        """Show a GanttView (or None with `empty_text`); `editable` says whether clicks plan days."""
        current = self.current_item_id()
        self._editable = editable
        self.model.set_view(view, today)  # type: ignore[arg-type]
        self.empty_label.setText(empty_text)
        has_view = view is not None
        self.table.setVisible(has_view)
        self.empty_label.setVisible(not has_view)
        self.hint_label.setText(self.tr("单击或按空格键安排/取消某日拜访；双击客户名称或按 Enter 编辑事项")
                                if editable else "")
        if current:
            self.select_item(current)

    @property
    def editable(self) -> bool:
        return self._editable

    def current_item_id(self) -> str:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.item_id if row else ""

    def select_item(self, item_id: str, day: date | None = None) -> None:
        row = self.model.row_of(item_id)
        if row < 0:
            return
        column = self.model.days.index(day) if day in self.model.days else max(self.model.today_column, 0)
        self.table.setCurrentIndex(self.model.index(row, column))

    def cell_rect(self, item_id: str, day: date) -> QRect:
        """Where a cell is drawn in the table's viewport (used to click it in tests)."""
        row = self.model.row_of(item_id)
        column = self.model.days.index(day)
        return self.table.visualRect(self.model.index(row, column))

    # -- behaviour -------------------------------------------------------------------------------

    def on_cell_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        day = self.model.day_at(index.column())
        if row is not None and day is not None and self._editable:
            self.day_clicked.emit(row.item_id, day)

    def on_cell_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.item_activated.emit(row.item_id)

    def on_row_header_double_clicked(self, section: int) -> None:
        row = self.model.row_at(section)
        if row is not None:
            self.item_activated.emit(row.item_id)

    def on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        self.current_item_changed.emit(row.item_id if row else "")

    def on_model_reset(self) -> None:
        if self.model.today_column >= 0:
            self.table.scrollTo(self.model.index(0, self.model.today_column))
        self.current_item_changed.emit(self.current_item_id())
