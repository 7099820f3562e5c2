"""Monthly visit plan as a Gantt sheet for signature (目标客户月度工作计划), landscape.

One row per plan item over the month's working days, each day marked planned / done / delayed /
delayed-to, a legend, and the signature lines: 客户经理签字 and 网点负责人审阅意见及签字.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from crm.reports.base import GRID, Align, DocContext, DocKit
from crm.reports.documents import labels as L
from crm.reports.documents.common import digest_of, grid, kv_grid, writing_lines
from crm.reports.fonts import FONT_REGULAR, FontFinder
from crm.reports.provenance import IssuedDocument
from crm.reports.render import build_document
from crm.services.plans import CellMark, GanttRow
from crm.services.report_data import PlanSheet

DOC_TYPE = "plan.sheet"

#: What each Gantt cell prints: a symbol (readable in black and white) on a fill colour.
MARKS: dict[CellMark, tuple[str, str, str]] = {
    CellMark.PLANNED: ("○", "#DCE6F2", "计划拜访"),
    CellMark.DONE: ("●", "#9DB8D9", "已完成"),
    CellMark.DELAYED: ("×", "#F4C7C3", "已延迟（原计划日）"),
    CellMark.DELAYED_TO: ("◎", "#F6E3B4", "延迟至（新日期）"),
}


def _status(row: GanttRow) -> str:
    text = L.label(L.PLAN_ITEM_STATUSES, row.status)
    if row.delayed_to is not None:
        text += f"，延迟至{row.delayed_to:%m-%d}"
    if row.note:
        text += f"；{row.note}"
    return text


def _legend(kit: DocKit, summary: str) -> Table:
    """The legend and the month's figures on one line."""
    cells: list[Any] = ["图例："]
    widths: list[float] = [12 * mm]
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 8, 10),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for i, (symbol, fill, text) in enumerate(MARKS.values()):
        col = 1 + 2 * i
        cells += [symbol, text]
        widths += [6 * mm, 30 * mm]
        commands += [
            ("BACKGROUND", (col, 0), (col, 0), colors.HexColor(fill)),
            ("BOX", (col, 0), (col, 0), 0.3, GRID),
            ("ALIGN", (col, 0), (col, 0), "CENTER"),
        ]
    cells.append(kit.para(summary, kit.styles.small))
    widths.append(kit.width - sum(widths))
    return Table([cells], colWidths=widths, style=TableStyle(commands), hAlign="LEFT")


def _signatures(kit: DocKit) -> KeepTogether:
    s = kit.styles
    half = (kit.width - 8 * mm) / 2
    # Signature and date on one line, so the sheet and its verification block fit one landscape page.
    sign = Paragraph(
        "签字：<u>"
        + "&nbsp;" * 36
        + "</u>"
        + "&nbsp;" * 6
        + "日期："
        + "&nbsp;" * 10
        + "年"
        + "&nbsp;" * 5
        + "月"
        + "&nbsp;" * 5
        + "日",
        s.body,
    )
    left = [kit.para("客户经理签字：", s.h2), kit.spacer(8.5), sign]
    right = [
        writing_lines(kit, "网点负责人审阅意见及签字：", 1, width=half - 8 * mm, gap=6 * mm),
        kit.spacer(1),
        sign,
    ]
    table = Table([[left, "", right]], colWidths=[half, 8 * mm, half])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 9, 12),
                ("BOX", (0, 0), (0, 0), 0.6, s.primary),
                ("BOX", (2, 0), (2, 0), 0.6, s.primary),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("LEFTPADDING", (1, 0), (1, 0), 0),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ]
        )
    )
    return KeepTogether([kit.spacer(2), table])


def story(sheet: PlanSheet):  # type: ignore[no-untyped-def]
    g = sheet.gantt

    def factory(kit: DocKit) -> Iterable[Flowable]:
        title = ParagraphStyle("plan-title", parent=kit.styles.title, fontSize=15, leading=20, spaceAfter=1)
        yield kit.para(f"目标客户月度工作计划（{L.month_cn(g.month)}）", title)
        yield kit.spacer(1)
        status = L.label(L.PLAN_STATUSES, g.status)
        if g.superseded:
            status += "（已被批准的变更计划取代）"
        reviewed = L.DASH
        if sheet.decided_by_name:
            reviewed = f"{sheet.decided_by_name} {L.dt(sheet.decided_at)[:10]}"
            if g.decision_comment:
                reviewed += f"：{g.decision_comment}"
        pairs = [
            ("客户经理", f"{g.rm_name}（{sheet.rm_title}）" if sheet.rm_title else g.rm_name),
            ("所属网点", sheet.branch_name or L.DASH),
            ("计划状态", status),
            ("报送截止", L.d(g.due_on)),
            ("审阅", reviewed),
        ]
        # One line of facts (the month is in the title): the sheet and its verification block fit a page.
        yield kv_grid(kit, pairs, columns=5, label_ratio=0.3, font_size=8)
        yield kit.spacer(3)
        fixed = [22.0, 92.0, 84.0, 84.0]
        status_width = 74.0
        day_width = max(11.0, (kit.width - sum(fixed) - status_width) / max(1, len(g.days)))
        widths = [*fixed, *([day_width] * len(g.days)), status_width]
        header = [
            "序号",
            "客户/目标客户",
            "月度目标",
            "拟营销产品",
            *[f"{d.day}\n{L.WEEKDAYS[d.weekday()]}" for d in g.days],
            "状态/备注",
        ]
        rows: list[list[Any]] = []
        fills: list[tuple[int, int, colors.Color]] = []
        for r, row in enumerate(g.rows):
            goal = L.label(L.PLAN_GOALS, row.goal) + (f"：{row.goal_text}" if row.goal_text else "")
            label = row.label + ("（目标客户）" if row.is_prospect else "")
            marks = []
            for c, mark in enumerate(row.cells):
                symbol, fill, _text = MARKS.get(mark, ("", "", ""))
                marks.append(symbol)
                if fill:
                    fills.append((4 + c, r, colors.HexColor(fill)))
            rows.append([str(r + 1), label, goal, "、".join(row.products) or L.DASH, *marks, _status(row)])
        if not rows:
            rows.append(["", "本月计划暂无条目", "", "", *[""] * len(g.days), ""])
        center: list[Align] = ["CENTER"] * len(g.days)
        align: list[Align] = ["CENTER", "LEFT", "LEFT", "LEFT", *center, "LEFT"]
        yield grid(
            kit, header, rows, widths, align=align, fills=fills, zebra=False, font_size=7.5, width=sum(widths)
        )
        yield kit.spacer(2)
        done = sum(1 for row in g.rows for m in row.cells if m is CellMark.DONE)
        planned = sum(1 for row in g.rows for m in row.cells if m is not CellMark.EMPTY)
        delayed = sum(1 for row in g.rows if row.delayed_to is not None)
        yield _legend(
            kit,
            f"本月计划 {len(g.rows)} 项，安排拜访 {planned} 人次，已完成 {done} 人次，延迟 {delayed} 项；"
            f"计划应于每月1日前报送网点负责人审阅（本月截止 {L.d(g.due_on)}）。",
        )
        yield _signatures(kit)

    return factory


def build_plan_sheet(
    sheet: PlanSheet,
    ctx: DocContext,
    out: str | os.PathLike[str] | BinaryIO,
    *,
    font_finder: FontFinder | None = None,
) -> IssuedDocument:
    """Lay out the Gantt sheet (landscape) and write it to ``out``; returns the issue record to store."""
    return build_document(
        ctx, story(sheet), out, landscape=True, content_digest=digest_of(sheet), font_finder=font_finder
    )
