"""A QPainter horizontal bar chart of % attainment against plan, with the 100% line (no QtCharts needed)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

GOOD = QColor("#16a34a")
NEAR = QColor("#f59e0b")
BELOW = QColor("#dc2626")
NO_TARGET = QColor("#9ca3af")
GRID = QColor("#e5e7eb")
PLAN_LINE = QColor("#1f2937")
#: Below 100% but at least this close to plan: amber rather than red.
NEAR_PCT = 90.0
#: The scale never shrinks below 0–150% (so 100% is not at the edge) nor grows past 300%.
MIN_SCALE, MAX_SCALE, STEP = 150.0, 300.0, 50.0


@dataclass(frozen=True)
class BarItem:
    label: str
    pct: float | None  # None: no plan figure to measure against
    tooltip: str = ""


def bar_colour(pct: float | None) -> QColor:
    if pct is None:
        return NO_TARGET
    if pct >= 100:
        return GOOD
    return NEAR if pct >= NEAR_PCT else BELOW


class AttainmentBarChart(QWidget):
    """One bar per metric: its % of plan, a value label at the bar's end and a dashed line at 100%."""

    ROW_HEIGHT = 24
    BAR_HEIGHT = 14
    TOP = 22  # room for the "100%" caption
    BOTTOM = 22  # axis labels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[BarItem] = []
        self.title = ""
        self.setObjectName("attainment_chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("指标完成率图"))

    # -- data ------------------------------------------------------------------------------------

    def set_items(self, items: Sequence[BarItem]) -> None:
        self.items = list(items)
        self.setAccessibleDescription("; ".join(
            f"{i.label} {'—' if i.pct is None else f'{i.pct:.0f}%'}" for i in self.items))
        self.updateGeometry()
        self.update()

    def scale_max(self) -> float:
        top = max((i.pct for i in self.items if i.pct is not None), default=0.0)
        return min(MAX_SCALE, max(MIN_SCALE, math.ceil(top / STEP) * STEP))

    # -- geometry --------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(520, self.TOP + self.BOTTOM + max(1, len(self.items)) * self.ROW_HEIGHT + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, self.TOP + self.BOTTOM + max(1, len(self.items)) * self.ROW_HEIGHT + 8)

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        return max((metrics.horizontalAdvance(i.label) for i in self.items), default=40) + 12

    def _plot(self) -> QRectF:
        """The rectangle where 0% … scale_max% is drawn."""
        metrics = QFontMetrics(self.font())
        left = self._label_width()
        right = metrics.horizontalAdvance("300%") + 14  # room for a value label past the longest bar
        height = len(self.items) * self.ROW_HEIGHT
        return QRectF(left, self.TOP, max(10.0, self.width() - left - right), height)

    def x_for(self, pct: float) -> float:
        plot = self._plot()
        return plot.left() + plot.width() * min(pct, self.scale_max()) / self.scale_max()

    def row_at(self, y: float) -> int:
        row = int((y - self.TOP) // self.ROW_HEIGHT)
        return row if 0 <= row < len(self.items) and y >= self.TOP else -1

    # -- painting --------------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().windowText().color()
        metrics = QFontMetrics(self.font())
        if not self.items:
            painter.setPen(NO_TARGET)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("本期暂无指标数据"))
            painter.end()
            return
        plot = self._plot()
        top_scale = self.scale_max()
        # Grid and axis labels every 50%.
        step = 0.0
        while step <= top_scale + 0.01:
            x = self.x_for(step)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(NO_TARGET)
            caption = f"{step:.0f}%"
            w = metrics.horizontalAdvance(caption)
            painter.drawText(QPointF(x - w / 2, plot.bottom() + metrics.ascent() + 4), caption)
            step += STEP
        # Bars.
        for n, item in enumerate(self.items):
            y = plot.top() + n * self.ROW_HEIGHT
            centre = y + self.ROW_HEIGHT / 2
            painter.setPen(text_colour)
            label_rect = QRectF(0, y, plot.left() - 8, self.ROW_HEIGHT)
            painter.drawText(label_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             item.label)
            if item.pct is None:
                painter.setPen(NO_TARGET)
                baseline = centre + metrics.ascent() / 2 - 1
                painter.drawText(QPointF(plot.left() + 4, baseline), self.tr("无计划"))
                continue
            end = self.x_for(max(0.0, item.pct))
            width = max(1.0, end - plot.left())
            bar = QRectF(plot.left(), centre - self.BAR_HEIGHT / 2, width, self.BAR_HEIGHT)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bar_colour(item.pct))
            painter.drawRoundedRect(bar, 2, 2)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            value = f"{item.pct:.0f}%" + ("›" if item.pct > top_scale else "")
            painter.setPen(text_colour)
            painter.drawText(QPointF(end + 5, centre + metrics.ascent() / 2 - 1), value)
        # The plan line, over the bars.
        x100 = self.x_for(100.0)
        pen = QPen(PLAN_LINE, 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(x100, plot.top() - 4), QPointF(x100, plot.bottom()))
        caption = self.tr("计划 100%")
        painter.drawText(QPointF(x100 - metrics.horizontalAdvance(caption) / 2, plot.top() - 8), caption)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self.row_at(event.pos().y())
            if row >= 0 and self.items[row].tooltip:
                QToolTip.showText(event.globalPos(), self.items[row].tooltip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
