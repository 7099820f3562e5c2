"""业绩 screen: the branch's KPIs against plan (% attainment, table and chart) and RM scorecards by period."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm.services import kpis
from crm.services.kpis import KpiRow, Scorecard, ScoreWeightIn
from crm.services.org import get_branch
from crm.ui.context import AppContext
from crm.ui.errors import show_error
from crm.ui.labels import KPI_UNITS, kpi_metric_label, label, score_item_label
from crm.ui.models.tinted_table_model import TintedTableModel
from crm.ui.widgets.bar_chart import NEAR_PCT, AttainmentBarChart, BarItem
from crm.ui.widgets.columns import set_column_widths


def pct_text(pct: float | None) -> str:
    """148.0 → "148%", 107.25 → "107.3%"; no plan → "—"."""
    if pct is None:
        return "—"
    return f"{pct:.1f}".removesuffix(".0") + "%"


def figure_text(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def pct_tone(pct: float | None) -> str | None:
    if pct is None:
        return "muted"
    if pct >= 100:
        return "good"
    return "warn" if pct >= NEAR_PCT else "bad"


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> tuple[date, date]:
    end = month_start(day) - timedelta(days=1)
    return end.replace(day=1), end


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


#: A total below PASS_SCORE is shown red, from GOOD_SCORE green.
PASS_SCORE, GOOD_SCORE = 60.0, 90.0


def _line(card: Scorecard, item: Any) -> Any:
    return next((line for line in card.lines if line.item == item), None)


def _score_text(card: Scorecard, item: Any) -> str:
    line = _line(card, item)
    return f"{line.score:.1f}" if line is not None else ""


def _item_score(item: Any) -> Callable[[Scorecard], str]:
    return lambda card: _score_text(card, item)


@dataclass(frozen=True)
class ScoreDetailRow:
    """One line of the selected RM's scorecard, or its total (item None)."""

    item: str
    weight: float
    target: float | None
    actual: float | None
    score: float
    is_total: bool = False


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    return view


class DashboardScreen(QWidget):
    """Branch KPIs for a year; scorecards of the RMs in scope (an RM sees their own) for a period."""

    PRESETS = ("month", "last_month", "quarter", "year", "custom")

    def __init__(self, ctx: AppContext, clock: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.ctx = ctx
        self.clock = clock
        self.kpi_rows: list[KpiRow] = []
        self.cards: list[Scorecard] = []
        self.weights: list[ScoreWeightIn] = []
        self._build()
        self._connect_signals()
        self.reload()

    # -- construction ----------------------------------------------------------------------------

    def _build(self) -> None:
        today = self.clock()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboard_tabs")
        self.tabs.addTab(self._build_kpi_page(today), self.tr("网点指标完成情况"))
        self.tabs.addTab(self._build_score_page(today), self.tr("客户经理考核"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def _build_kpi_page(self, today: date) -> QWidget:
        self.year = QSpinBox()
        self.year.setObjectName("kpi_year")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.year.setSuffix(self.tr(" 年"))
        year_label = QLabel(self.tr("年度(&Y)"))
        year_label.setBuddy(self.year)
        self.branch = QComboBox()
        self.branch.setObjectName("kpi_branch")
        branch_ids = self.ctx.actor.branch_ids or (self.ctx.actor.branch_id,)
        for branch_id in branch_ids:
            try:
                name = self.ctx.read(get_branch, branch_id=branch_id).name
            except Exception:  # a branch row not replicated yet still gets a line
                name = branch_id
            self.branch.addItem(name, branch_id)
        self.branch.setVisible(len(branch_ids) > 1)
        self.kpi_summary = QLabel()
        self.kpi_summary.setObjectName("kpi_summary")
        self.kpi_summary.setStyleSheet("font-weight: 600;")
        bar = QHBoxLayout()
        bar.addWidget(year_label)
        bar.addWidget(self.year)
        bar.addWidget(self.branch)
        bar.addSpacing(16)
        bar.addWidget(self.kpi_summary)
        bar.addStretch(1)
        legend = QLabel(self.tr("<span style='color:#16a34a'>■</span> 完成计划　"
                                "<span style='color:#f59e0b'>■</span> 接近计划（≥90%）　"
                                "<span style='color:#dc2626'>■</span> 未完成　金额单位：万元"))
        legend.setObjectName("kpi_legend")
        legend.setStyleSheet("color: #4b5563;")
        bar.addWidget(legend)

        self.kpi_model = TintedTableModel([
            (self.tr("指标"), lambda r: kpi_metric_label(r.metric)),
            (self.tr("单位"), lambda r: label(KPI_UNITS, r.unit)),
            (self.tr("计划"), lambda r: figure_text(r.target)),
            (self.tr("完成"), lambda r: figure_text(r.actual)),
            (self.tr("完成率"), lambda r: pct_text(r.pct)),
            (self.tr("上年同期"), lambda r: figure_text(r.prior)),
        ], numeric=(2, 3, 4, 5), cell_tone=lambda r, c: pct_tone(r.pct) if c == 4 else None)
        self.kpi_table = _table("kpi_table")
        self.kpi_table.setModel(self.kpi_model)
        header = self.kpi_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        set_column_widths(self.kpi_table, ((1, 48), (2, 72), (3, 72), (4, 66), (5, 72)))
        # Metric names must never be cut: the table claims the width its columns need.
        self.kpi_table.setMinimumWidth(480)
        self.chart = AttainmentBarChart()
        self.kpi_empty = QLabel()
        self.kpi_empty.setObjectName("kpi_empty")
        self.kpi_empty.setStyleSheet("color: #6b7280;")
        self.kpi_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.kpi_table)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([490, 620])
        splitter.setChildrenCollapsible(False)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.kpi_empty)
        layout.addWidget(splitter, 1)
        return page

    def _build_score_page(self, today: date) -> QWidget:
        self.preset = QComboBox()
        self.preset.setObjectName("score_period")
        for key, text in (("month", self.tr("本月")), ("last_month", self.tr("上月")),
                          ("quarter", self.tr("本季度")), ("year", self.tr("本年度")),
                          ("custom", self.tr("自定义"))):
            self.preset.addItem(text, key)
        period_label = QLabel(self.tr("考核期间(&P)"))
        period_label.setBuddy(self.preset)
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for name, edit in (("score_from", self.date_from), ("score_to", self.date_to)):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.weights_label = QLabel()
        self.weights_label.setObjectName("score_weights")
        self.weights_label.setStyleSheet("color: #4b5563;")
        bar = QHBoxLayout()
        bar.addWidget(period_label)
        bar.addWidget(self.preset)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel("—"))
        bar.addWidget(self.date_to)
        bar.addStretch(1)
        bar.addWidget(self.weights_label)

        self.card_model = TintedTableModel([], numeric=())
        self.card_table = _table("scorecard_table")
        self.card_table.setModel(self.card_model)
        self.card_table.setSortingEnabled(False)
        self.card_table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_table.horizontalHeader().setMinimumHeight(44)

        self.detail_title = QLabel()
        self.detail_title.setObjectName("score_detail_title")
        self.detail_title.setStyleSheet("font-weight: 600;")
        self.detail_model = TintedTableModel([
            (self.tr("考核项目"), lambda r: r.item),
            (self.tr("权重"), lambda r: figure_text(r.weight)),
            (self.tr("目标"), lambda r: "" if r.target is None else f"{r.target:,.1f}".removesuffix(".0")),
            (self.tr("完成"), lambda r: "" if r.actual is None else figure_text(r.actual)),
            (self.tr("完成率"), lambda r: "" if r.is_total or not r.target
             else pct_text(round(min(r.actual or 0, r.target) / r.target * 100, 1))),
            (self.tr("得分"), lambda r: f"{r.score:.2f}"),
        ], numeric=(1, 2, 3, 4, 5), tone=lambda r: "total" if r.is_total else None)
        self.detail_table = _table("score_detail")
        self.detail_table.setModel(self.detail_model)
        self.detail_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.score_note = QLabel(self.tr("得分 = 权重 × min(完成 ÷ 目标, 1)；月度目标按期间长度折算；"
                                         "未设固定目标的项目以本网点最高者为目标，工作日志以期间工作日数为目标。"))
        self.score_note.setWordWrap(True)
        self.score_note.setStyleSheet("color: #6b7280;")
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 6, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_table, 1)
        detail_layout.addWidget(self.score_note)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.card_table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        # An RM sees only their own card: its detail is the page.
        self.card_table.setVisible(self.ctx.actor.is_branch_head)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self._apply_preset("month", today)
        return page

    def _connect_signals(self) -> None:
        self.year.valueChanged.connect(lambda _v: self.load_kpis())
        self.branch.currentIndexChanged.connect(lambda _i: self.reload())
        self.preset.currentIndexChanged.connect(self.on_preset_changed)
        self.date_from.dateChanged.connect(self.on_dates_edited)
        self.date_to.dateChanged.connect(self.on_dates_edited)
        self.card_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.show_detail(cur.row()))
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.tabs.setCurrentIndex(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.tabs.setCurrentIndex(0))
        self.ctx.data_changed.connect(self.on_data_changed)

    # -- behaviour -------------------------------------------------------------------------------

    @property
    def branch_id(self) -> str:
        return str(self.branch.currentData() or self.ctx.actor.branch_id)

    def reload(self) -> None:
        self.load_kpis()
        self.load_scorecards()

    def load_kpis(self) -> None:
        year = self.year.value()
        try:
            self.kpi_rows = self.ctx.read(kpis.branch_attainment, period=str(year), branch_id=self.branch_id)
        except Exception as exc:
            self.kpi_rows = []
            show_error(self, exc, self.ctx.language)
        self.kpi_model.set_rows(self.kpi_rows)
        self.chart.set_items([
            BarItem(kpi_metric_label(r.metric), r.pct,
                    self.tr("计划 {0} · 完成 {1}（{2}）").format(figure_text(r.target), figure_text(r.actual),
                                                            label(KPI_UNITS, r.unit)))
            for r in self.kpi_rows])
        measured = [r for r in self.kpi_rows if r.pct is not None]
        met = sum(1 for r in measured if r.pct is not None and r.pct >= 100)
        summary = self.tr("{0} 年：{1} 项指标中 {2} 项完成计划").format(year, len(measured), met)
        self.kpi_summary.setText(summary if self.kpi_rows else "")
        self.kpi_empty.setText(self.tr("{0} 年暂无指标数据（由网点负责人录入或同步获得）").format(year))
        self.kpi_empty.setVisible(not self.kpi_rows)

    def period(self) -> tuple[date, date]:
        return self.date_from.date().toPython(), self.date_to.date().toPython()  # type: ignore[return-value]

    def _apply_preset(self, key: str, today: date | None = None) -> None:
        today = today or self.clock()
        ranges = {
            "month": (month_start(today), today),
            "last_month": previous_month(today),
            "quarter": (quarter_start(today), today),
            "year": (date(today.year, 1, 1), today),
        }
        if key not in ranges:
            return
        start, end = ranges[key]
        for edit, day in ((self.date_from, start), (self.date_to, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def on_preset_changed(self, _index: int) -> None:
        self._apply_preset(str(self.preset.currentData()))
        self.load_scorecards()

    def on_dates_edited(self, _value: Any) -> None:
        index = self.preset.findData("custom")
        if self.preset.currentIndex() != index:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(index)
            self.preset.blockSignals(False)
        self.load_scorecards()

    def load_scorecards(self) -> None:
        start, end = self.period()
        if end < start:
            self.cards = []
            self.card_model.reset([], [])
            self.show_detail(-1)
            self.detail_title.setText(self.tr("结束日期早于开始日期"))
            return
        try:
            with self.ctx.session() as session:
                actor = self.ctx.actor
                self.weights = kpis.score_weights(session=session, actor=actor, branch_id=self.branch_id)
                branch = self.branch_id if actor.is_branch_head else None
                self.cards = kpis.rm_scorecards(session=session, actor=actor, period_start=start,
                                                period_end=end, branch_id=branch)
        except Exception as exc:
            self.cards = []
            show_error(self, exc, self.ctx.language)
        total_weight = sum(w.weight for w in self.weights)
        self.weights_label.setText(
            self.tr("考核权重合计 {0} 分（网点考核配置）").format(figure_text(total_weight)))
        # Ranked by total, best first; ties keep the service's order (by name).
        self.cards.sort(key=lambda c: -c.total)
        rank = {c.rm_id: n + 1 for n, c in enumerate(self.cards)}
        columns: list[tuple[str, Callable[[Any], Any]]] = [(self.tr("排名"), lambda c: rank[c.rm_id]),
                                                           (self.tr("客户经理"), lambda c: c.rm_name)]
        for w in self.weights:
            columns.append((f"{score_item_label(w.item)}\n({figure_text(w.weight)})", _item_score(w.item)))
        columns += [(self.tr("加分"), lambda c: figure_text(c.bonus)),
                    (self.tr("扣分"), lambda c: figure_text(c.deduction)),
                    (self.tr("总分\n(100)"), lambda c: f"{c.total:.1f}")]
        last = len(columns) - 1
        self.card_model.numeric = frozenset({0, *range(2, len(columns))})
        self.card_model.cell_tone = lambda c, col: (None if col != last else "bad" if c.total < PASS_SCORE
                                                    else "good" if c.total >= GOOD_SCORE else None)
        self.card_model.tooltip = self._card_tooltip
        self.card_model.reset(columns, self.cards)
        header = self.card_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        if self.cards:
            own = next((n for n, c in enumerate(self.cards) if c.rm_id == self.ctx.actor.user_id), 0)
            self.card_table.selectRow(own)
            self.show_detail(own)
        else:
            self.show_detail(-1)

    def _card_tooltip(self, card: Scorecard, column: int) -> str | None:
        n = column - 2
        if 0 <= n < len(self.weights):
            line = _line(card, self.weights[n].item)
            if line is None:
                return None
            return self.tr("{0}：完成 {1} / 目标 {2}，得分 {3:.2f}（权重 {4}）").format(
                score_item_label(line.item), figure_text(line.actual), figure_text(line.target), line.score,
                figure_text(line.weight))
        return None

    def show_detail(self, row: int) -> None:
        card = self.cards[row] if 0 <= row < len(self.cards) else None
        if card is None:
            self.detail_model.set_rows([])
            self.detail_title.setText(self.tr("本期间没有客户经理考核数据") if not self.cards else "")
            return
        start, end = self.period()
        if card.rm_id == self.ctx.actor.user_id and not self.ctx.actor.is_branch_head:
            title = self.tr("我的考核（{0} 至 {1}）：总分 {2:.2f}").format(start, end, card.total)
        else:
            title = self.tr("{0} 的考核明细（{1} 至 {2}）").format(card.rm_name, start, end)
        self.detail_title.setText(title)
        rows = [ScoreDetailRow(score_item_label(line.item), line.weight, line.target, line.actual, line.score)
                for line in card.lines]
        if card.bonus:
            rows.append(ScoreDetailRow(self.tr("加分"), 0, None, None, card.bonus))
        if card.deduction:
            rows.append(ScoreDetailRow(self.tr("扣分"), 0, None, None, -card.deduction))
        rows.append(ScoreDetailRow(self.tr("合计"), sum(line.weight for line in card.lines), None, None,
                                   card.total, is_total=True))
        self.detail_model.set_rows(rows)

    def on_data_changed(self, entity: str) -> None:
        if entity in ("kpi", "score_weight", "sync"):
            self.reload()
        elif entity in ("visit", "pitch", "client", "task", "holding"):
            self.load_scorecards()
