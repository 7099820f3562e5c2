"""业绩: branch KPIs as % of plan (table and chart) and RM scorecards whose weights total 100."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from crm.domain.enums import KpiMetric, ScoreItem
from crm.ui.screens.dashboard import DashboardScreen, pct_text
from crm.ui.widgets.bar_chart import GOOD, AttainmentBarChart, BarItem, bar_colour

DEMO_TODAY = date(2026, 11, 23)


def make_screen(qtbot, ctx) -> DashboardScreen:  # type: ignore[no-untyped-def]
    screen = DashboardScreen(ctx, clock=lambda: DEMO_TODAY)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def cell(model, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    return model.data(model.index(row, column), role)


def test_branch_kpis_show_attainment_against_plan(qtbot, head_ctx, check_models) -> None:  # type: ignore[no-untyped-def]
    screen = make_screen(qtbot, head_ctx)
    assert check_models(screen) >= 2
    assert screen.year.value() == 2026
    metrics = [r.metric for r in screen.kpi_rows]
    assert len(metrics) == 17
    row = metrics.index(KpiMetric.DEPOSIT_NET_INCREASE)
    model = screen.kpi_model
    assert cell(model, row, 0) == "存款净增"
    assert cell(model, row, 2) == "8,446"
    assert cell(model, row, 3) == "12,500"
    assert cell(model, row, 4) == "148%"
    assert cell(model, row, 4, Qt.ItemDataRole.ForegroundRole).color().name() == "#15803d"  # met: green
    cards = metrics.index(KpiMetric.DEBIT_CARDS)
    assert cell(model, cards, 4) == "195%"
    corporate = metrics.index(KpiMetric.CORPORATE_EBANKING)
    assert cell(model, corporate, 4, Qt.ItemDataRole.ForegroundRole).color().name() == "#b91c1c"  # 87%: red
    # The chart draws the same figures, and its scale makes room for 195% past the 100% line.
    chart = screen.chart
    item = chart.items[row]
    assert (item.label, item.pct) == ("存款净增", 148.0)
    assert "8,446" in item.tooltip and "12,500" in item.tooltip
    assert chart.scale_max() == 200
    assert chart.x_for(100) < chart.x_for(148) < chart.x_for(195)
    assert "17 项指标中 15 项完成计划" in screen.kpi_summary.text()
    assert not screen.kpi_empty.isVisible()


def test_a_year_without_figures_says_so(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    screen = make_screen(qtbot, rm_ctx)
    assert screen.kpi_model.rowCount() == 17  # an RM reads their branch's figures too
    screen.year.setValue(2019)
    assert screen.kpi_model.rowCount() == 0
    assert screen.chart.items == []
    assert screen.kpi_empty.isVisible() and "2019" in screen.kpi_empty.text()


def test_head_sees_every_rms_scorecard_with_weights_totalling_100(qtbot, head_ctx, check_models) -> None:  # type: ignore[no-untyped-def]
    screen = make_screen(qtbot, head_ctx)
    screen.tabs.setCurrentIndex(1)
    check_models(screen.card_model, screen.detail_model)
    assert len(screen.cards) > 3
    assert sum(w.weight for w in screen.weights) == 100
    assert "100" in screen.weights_label.text()
    model = screen.card_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:2] == ["排名", "客户经理"]
    assert headers[2] == "外出客户拓展\n(25)"
    assert any(h.startswith("系统工作日志完成") for h in headers)
    # Ranked by total, best first.
    totals = [c.total for c in screen.cards]
    assert totals == sorted(totals, reverse=True)
    # The detail of the selected RM ends with the total line: weights 100, the card's total score.
    detail = screen.detail_model
    last = detail.rowCount() - 1
    assert cell(detail, last, 0) == "合计"
    assert cell(detail, last, 1) == "100"
    assert cell(detail, last, 5) == f"{screen.cards[0].total:.2f}"
    assert [cell(detail, r, 0) for r in range(len(ScoreItem))] == [
        "外出客户拓展", "对公客户转推荐", "存款上涨户数", "产品营销个数", "新客户拓展", "系统工作日志完成"]
    # Another period recomputes: a whole year scores at least as many visits as one month.
    screen.card_table.selectRow(2)
    assert screen.cards[2].rm_name in screen.detail_title.text()
    month_visits = {c.rm_id: c.lines[0].actual for c in screen.cards}
    screen.preset.setCurrentIndex(screen.preset.findData("year"))
    assert screen.period() == (date(2026, 1, 1), DEMO_TODAY)
    year_visits = {c.rm_id: c.lines[0].actual for c in screen.cards}
    assert all(year_visits[rm] >= month_visits[rm] for rm in month_visits)
    # Typing a date makes the period custom.
    screen.date_from.setDate(QDate(2026, 6, 1))
    assert screen.preset.currentData() == "custom"
    assert screen.period() == (date(2026, 6, 1), DEMO_TODAY)


def test_rm_sees_only_their_own_scorecard(qtbot, rm_ctx) -> None:  # type: ignore[no-untyped-def]
    screen = make_screen(qtbot, rm_ctx)
    screen.tabs.setCurrentIndex(1)
    assert [c.rm_id for c in screen.cards] == [rm_ctx.actor.user_id]
    assert not screen.card_table.isVisible()  # one card: its detail is the page
    assert screen.detail_title.text().startswith("我的考核")
    assert cell(screen.detail_model, screen.detail_model.rowCount() - 1, 1) == "100"
    screen.preset.setCurrentIndex(screen.preset.findData("last_month"))
    assert screen.period() == (date(2026, 10, 1), date(2026, 10, 31))


def test_bar_chart_paints_and_explains(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = AttainmentBarChart()
    qtbot.addWidget(chart)
    chart.set_items([BarItem("存款净增", 148.0, "计划 8,446"), BarItem("企业网银", 86.7),
                     BarItem("其他", None)])
    chart.resize(600, chart.sizeHint().height())
    chart.show()
    qtbot.waitExposed(chart)
    image = chart.grab().toImage()
    assert not image.isNull()
    assert chart.row_at(chart.TOP + 1) == 0 and chart.row_at(chart.TOP + 2 * chart.ROW_HEIGHT + 1) == 2
    assert chart.row_at(1) == -1
    assert bar_colour(148.0) == GOOD and bar_colour(None) != GOOD
    assert "148%" in chart.accessibleDescription()
    assert pct_text(148.0) == "148%" and pct_text(107.25) == "107.2%" and pct_text(None) == "—"
