"""Complaint register (客户投诉登记簿) for a period, landscape: deadlines, breaches and a summary."""

from __future__ import annotations

import os
from collections import Counter
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
from crm.services.complaints import ComplaintRegisterRow
from crm.services.report_data import ComplaintRegisterDoc

DOC_TYPE = "complaint.register"


def _breach(row: ComplaintRegisterRow) -> str:
    parts = []
    if row.response_breached:
        parts.append("响应超时")
    if row.resolution_breached:
        parts.append("解决超时")
    return "、".join(parts) or "未超时"


def _on_time(rows: list[ComplaintRegisterRow]) -> str:
    if not rows:
        return L.DASH
    late = sum(r.response_breached or r.resolution_breached for r in rows)
    return f"{(len(rows) - late) * 100 / len(rows):.1f}%"


def story(doc: ComplaintRegisterDoc):  # type: ignore[no-untyped-def]
    reg = doc.complaints

    def factory(kit: DocKit) -> Iterable[Flowable]:
        yield from title_block(
            kit, "客户投诉登记簿", f"{doc.scope_label}　{L.d_cn(reg.date_from)} 至 {L.d_cn(reg.date_to)}"
        )
        yield kit.section("投诉汇总")
        yield kv_grid(
            kit,
            [
                ("登记范围", doc.scope_label),
                ("统计期间", f"{L.d(reg.date_from)} 至 {L.d(reg.date_to)}"),
                ("超时统计时点", L.dt(reg.as_of)),
                ("投诉总数", f"{reg.total} 件"),
                ("未办结", f"{reg.open} 件"),
                ("已办结", f"{reg.total - reg.open} 件"),
                ("响应超时", f"{reg.response_breaches} 件"),
                ("解决超时", f"{reg.resolution_breaches} 件"),
                (
                    "按时率",
                    _on_time(reg.rows),
                ),
            ],
            columns=3,
            label_ratio=0.38,
        )
        if reg.rows:
            yield kit.spacer(3)
            by_category = Counter(r.category for r in reg.rows)
            rows = []
            for category, count in sorted(by_category.items(), key=lambda kv: -kv[1]):
                subset = [r for r in reg.rows if r.category == category]
                rows.append(
                    [
                        L.label(L.COMPLAINT_CATEGORIES, category, "待分类"),
                        str(count),
                        str(sum(r.response_breached for r in subset)),
                        str(sum(r.resolution_breached for r in subset)),
                    ]
                )
            yield grid(
                kit,
                ["投诉类别", "件数", "响应超时", "解决超时"],
                rows,
                [2, 1, 1, 1],
                align=["CENTER", "RIGHT", "RIGHT", "RIGHT"],
                total=["合计", str(reg.total), str(reg.response_breaches), str(reg.resolution_breaches)],
                width=kit.width * 0.5,
            )
        yield CondPageBreak(60 * mm)
        yield kit.section("投诉明细")
        rows = [
            [
                str(n),
                L.dt(r.received_at),
                r.client_name,
                L.label(L.COMPLAINT_CHANNELS, r.channel),
                L.label(L.COMPLAINT_CATEGORIES, r.category, "待分类")
                + (f"\n{L.label(L.DEPARTMENTS, r.department)}" if r.department else ""),
                r.summary,
                L.label(L.COMPLAINT_STATUSES, r.status),
                L.dt(r.respond_by),
                L.dt(r.responded_at, "未响应"),
                L.dt(r.resolve_by),
                L.dt(r.resolved_at, "未解决"),
                _breach(r),
                doc.rm_names.get(r.rm_id, ""),
            ]
            for n, r in enumerate(reg.rows, start=1)
        ]
        if not rows:
            rows = [["", "", "本期无投诉", *[""] * 10]]
        yield kit.data_table(
            [
                "序号",
                "受理时间",
                "客户名称",
                "渠道",
                "类别/承办部门",
                "投诉事由",
                "状态",
                "响应时限",
                "实际响应",
                "解决时限",
                "实际解决",
                "超时情况",
                "受理人",
            ],
            rows,
            [0.45, 1.05, 1.8, 0.6, 1.05, 2.2, 0.7, 1.05, 1.05, 1.05, 1.05, 0.85, 0.65],
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
                "CENTER",
                "CENTER",
                "CENTER",
                "CENTER",
            ],
            font_size=7.5,
            max_cell_lines=8,
        )
        yield kit.spacer(2)
        yield kit.para(
            "说明：响应、解决时限按投诉受理时间计算；已办结但超过时限的，以及截至统计时点仍未办结且已过"
            "时限的，均计为超时。",
            "small",
        )

    return factory


def build_complaint_register(
    doc: ComplaintRegisterDoc,
    ctx: DocContext,
    out: str | os.PathLike[str] | BinaryIO,
    *,
    font_finder: FontFinder | None = None,
) -> IssuedDocument:
    """Lay out the register (landscape) and write it to ``out``; returns the issue record to store."""
    return build_document(
        ctx, story(doc), out, landscape=True, content_digest=digest_of(doc), font_finder=font_finder
    )
