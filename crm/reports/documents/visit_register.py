"""Visit register (客户拜访登记簿) of an RM or a branch for a period, landscape.

A summary (totals and visits per RM) followed by every visit in date order. The register is one
linear-time table (crm.reports.base.data_table), so tens of thousands of visits lay out in seconds.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from crm.reports.base import DocContext, DocKit
from crm.reports.documents import labels as L
from crm.reports.documents.common import digest_of, grid, kv_grid, title_block
from crm.reports.fonts import FontFinder
from crm.reports.provenance import IssuedDocument
from crm.reports.render import build_document
from crm.services.report_data import VisitRegister

DOC_TYPE = "visit.register"
_REACHED = {True: "达成", False: "未达成", None: ""}


def _rate(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else L.DASH


def story(reg: VisitRegister):  # type: ignore[no-untyped-def]
    def factory(kit: DocKit) -> Iterable[Flowable]:
        yield from title_block(
            kit, "客户拜访登记簿", f"{reg.scope_label}　{L.d_cn(reg.date_from)} 至 {L.d_cn(reg.date_to)}"
        )
        yield kit.section("拜访汇总")
        yield kv_grid(
            kit,
            [
                ("登记范围", reg.scope_label),
                ("所属网点", reg.branch_label),
                ("拜访总数", f"{reg.total} 次"),
                ("已完成拜访", f"{reg.completed} 次（{_rate(reg.completed, reg.total)}）"),
                ("目标达成", f"{reg.goal_reached} 次（占已完成 {_rate(reg.goal_reached, reg.completed)}）"),
                ("统计期间", f"{L.d(reg.date_from)} 至 {L.d(reg.date_to)}"),
            ],
            columns=3,
            label_ratio=0.36,
        )
        if len(reg.by_rm) > 1:
            yield kit.spacer(3)
            rows = [
                [
                    r.rm_name,
                    str(r.visits),
                    str(r.completed),
                    str(r.goal_reached),
                    _rate(r.goal_reached, r.completed),
                ]
                for r in reg.by_rm
            ]
            yield grid(
                kit,
                ["客户经理", "拜访次数", "已完成", "目标达成", "达成率"],
                rows,
                [2, 1, 1, 1, 1],
                align=["CENTER", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
                total=[
                    "合计",
                    str(reg.total),
                    str(reg.completed),
                    str(reg.goal_reached),
                    _rate(reg.goal_reached, reg.completed),
                ],
                width=kit.width * 0.6,
            )
        yield CondPageBreak(
            70 * mm
        )  # the register starts with a few rows under its heading, or on a new page
        yield kit.section("拜访明细")
        rows = [
            [
                str(n),
                L.d(r.visit_on),
                r.client_name,
                r.rm_name,
                L.label(L.VISIT_MODES, r.mode),
                r.purpose,
                "已完成" if r.completed else "计划",
                _REACHED[r.goal_reached] if r.completed else "",
                str(r.satisfaction) if r.satisfaction else "",
                r.review_comment,
            ]
            for n, r in enumerate(reg.rows, start=1)
        ]
        if not rows:
            rows = [["", "", "本期无拜访记录", "", "", "", "", "", "", ""]]
        yield kit.data_table(
            [
                "序号",
                "拜访日期",
                "客户名称",
                "客户经理",
                "拜访方式",
                "拜访目的",
                "状态",
                "目标",
                "满意度",
                "网点负责人点评",
            ],
            rows,
            [0.55, 0.95, 2.5, 0.8, 0.8, 2.6, 0.6, 0.65, 0.6, 2.1],
            align=[
                "RIGHT",
                "CENTER",
                "LEFT",
                "CENTER",
                "CENTER",
                "LEFT",
                "CENTER",
                "CENTER",
                "CENTER",
                "LEFT",
            ],
            max_cell_lines=6,
        )

    return factory


def build_visit_register(
    reg: VisitRegister,
    ctx: DocContext,
    out: str | os.PathLike[str] | BinaryIO,
    *,
    font_finder: FontFinder | None = None,
) -> IssuedDocument:
    """Lay out the register (landscape) and write it to ``out``; returns the issue record to store."""
    return build_document(
        ctx, story(reg), out, landscape=True, content_digest=digest_of(reg), font_finder=font_finder
    )
