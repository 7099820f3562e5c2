"""One-page visit preparation sheet (客户拜访前假设) for a client.

The client at a glance, the last visits, holdings maturing soon, open follow-ups and complaints,
products that suit the client (the suitability rule passes), the contacts, and boxes for the
pre-visit hypotheses (purpose, likely needs, likely objections, how to reach the goal).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from crm.reports.base import DocContext, DocKit
from crm.reports.documents import labels as L
from crm.reports.documents.common import PROVENANCE_HEIGHT, IfRoom, digest_of, grid, kv_grid
from crm.reports.fonts import FONT_REGULAR, FontFinder
from crm.reports.provenance import IssuedDocument
from crm.reports.render import build_document
from crm.services.report_data import VisitPrep

DOC_TYPE = "client.prep"
LIMIT = 3
SIZE = 7.5


def _sub(kit: DocKit, text: str) -> Flowable:
    style = ParagraphStyle(
        "prep-sub",
        parent=kit.styles.h2,
        fontSize=9.5,
        leading=12,
        spaceBefore=3,
        spaceAfter=1.5,
        textColor=kit.styles.primary,
        keepWithNext=1,
    )
    return kit.para(text, style)


def _hypotheses(kit: DocKit) -> Table:
    s = kit.styles
    label = ParagraphStyle("hyp", parent=s.label, fontSize=8, leading=10)
    titles = ("拜访目的：", "客户可能的需求：", "客户可能的异议：", "达成目标的方法：")
    table = Table([[kit.para(t, label) for t in titles]], colWidths=[kit.width / 4] * 4, rowHeights=[19 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 8, 10),
                ("GRID", (0, 0), (-1, -1), 0.4, s.primary),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def KeepTogetherTable(kit: DocKit, head: Flowable, body: Flowable) -> Table:
    """Heading and body as one unsplittable block."""
    table = Table([[head], [body]], colWidths=[kit.width])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 8, 10),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def story(prep: VisitPrep):  # type: ignore[no-untyped-def]
    c = prep.client

    def factory(kit: DocKit) -> Iterable[Flowable]:
        title = ParagraphStyle("prep-title", parent=kit.styles.title, fontSize=15, leading=20, spaceAfter=1)
        subtitle = ParagraphStyle("prep-subtitle", parent=kit.styles.subtitle, spaceAfter=2)
        yield kit.para("客户拜访前准备表", title)
        yield kit.para(f"{c.legal_name}（客户拜访前假设 · 数据截至 {L.d(prep.as_of)}）", subtitle)
        ident_label = {"uscc": "统一社会信用代码", "id_number": "身份证号码"}.get(
            c.identifier_kind, "证件号码"
        )
        yield _sub(kit, "一、客户概况")
        yield kv_grid(
            kit,
            [
                ("客户类型", f"{L.label(L.CLIENT_KINDS, c.kind)}（{L.label(L.CLIENT_STATUSES, c.status)}）"),
                ("客户等级", L.label(L.TIERS, c.tier)),
                (ident_label, c.identifier or L.DASH),
                ("所属行业", L.industry(c.industry) or L.DASH),
                ("营销责任人", c.owner_name or "网点客户池"),
                ("最近拜访", L.d(c.last_visit_on, "尚未拜访")),
                ("存款余额（万元）", L.wan(c.deposit_balance_fen)),
                ("贷款余额（万元）", L.wan(c.loan_balance_fen)),
                (
                    "风险承受能力",
                    L.label(L.RISK_TOLERANCES, c.risk_tolerance, "未评估")
                    + (f"（有效期至 {L.d(c.risk_expires_on)}）" if c.risk_expires_on else ""),
                ),
                ("风险分类/信用评级", " / ".join(p for p in (c.risk_grade, c.credit_rating) if p) or L.DASH),
                ("营销目标", c.marketing_objective or L.DASH),
                ("营销切入点", c.entry_point or L.DASH),
                ("营销进度", c.progress or L.DASH),
                ("需要解决的问题", c.open_issues or L.DASH),
            ],
            columns=2,
            label_ratio=0.3,
            font_size=SIZE,
        )

        shown = (
            f"（共 {prep.visits_total} 次，列出最近 {len(prep.visits)} 次）"
            if prep.visits_total > len(prep.visits)
            else ""
        )
        yield _sub(kit, f"二、近期拜访{shown}")
        rows = [
            [
                L.d(v.visit_on),
                L.label(L.VISIT_MODES, v.mode),
                v.rm_name,
                v.purpose or L.DASH,
                ({True: "达成", False: "未达成", None: ""}[v.goal_reached] if v.completed else "计划"),
                v.next_steps or L.DASH,
            ]
            for v in prep.visits
        ]
        yield grid(
            kit,
            ["日期", "方式", "客户经理", "拜访目的", "目标", "下一步"],
            rows or [["", "", "", "尚无拜访记录", "", ""]],
            [1, 0.8, 0.8, 2.6, 0.6, 2.6],
            align=["CENTER", "CENTER", "CENTER", "LEFT", "CENTER", "LEFT"],
            font_size=SIZE,
        )

        more = f"（共 {len(prep.maturing)} 笔，列出最近 {LIMIT} 笔）" if len(prep.maturing) > LIMIT else ""
        yield _sub(kit, f"三、{prep.maturing_days}天内到期业务{more}")
        rows = [
            [
                L.label(L.HOLDING_KINDS, h.kind),
                h.name,
                h.account_no or L.DASH,
                L.wan(h.amount_fen),
                L.d(h.maturity_on),
            ]
            for h in prep.maturing[:LIMIT]
        ]
        yield grid(
            kit,
            ["类别", "名称", "账号", "金额（万元）", "到期日"],
            rows or [["", "近期无到期业务", "", "", ""]],
            [1, 2.6, 2, 1.2, 1],
            align=["CENTER", "LEFT", "LEFT", "RIGHT", "CENTER"],
            font_size=SIZE,
        )

        more = (
            f"（待办 {len(prep.tasks)} 项、投诉 {len(prep.complaints)} 件，各列出前 {LIMIT} 项）"
            if len(prep.tasks) > LIMIT or len(prep.complaints) > LIMIT
            else ""
        )
        yield _sub(kit, f"四、待办跟进事项与未办结投诉{more}")
        rows = [
            [
                L.label(L.TASK_KINDS, t.kind),
                t.title,
                t.owner_name,
                L.d(t.due_on) + ("（已逾期）" if t.overdue else ""),
            ]
            for t in prep.tasks[:LIMIT]
        ]
        rows += [
            [
                "客户投诉",
                f"{p.summary}（{L.label(L.COMPLAINT_STATUSES, p.status)}）",
                "",
                "解决时限 " + L.dt(p.resolve_by)[:10] + ("（已超时）" if p.overdue else ""),
            ]
            for p in prep.complaints[:LIMIT]
        ]
        yield grid(
            kit,
            ["类别", "事项", "负责人", "期限"],
            rows or [["", "无待办事项及未办结投诉", "", ""]],
            [1, 4, 1, 1.8],
            align=["CENTER", "LEFT", "CENTER", "CENTER"],
            font_size=SIZE,
        )

        yield _sub(kit, "五、建议推荐产品（已通过适当性校验）")
        rows = [
            [
                p.name,
                L.label(L.PRODUCT_FAMILIES, p.family) + (f" {p.risk.value}" if p.risk else ""),
                p.term or L.DASH,
                p.rate_text or L.DASH,
                p.reason,
            ]
            for p in prep.products
        ]
        yield grid(
            kit,
            ["产品", "类别", "期限", "利率/业绩比较基准", "推荐理由"],
            rows or [["暂无适合推荐的产品", "", "", "", ""]],
            [1.9, 0.9, 1.1, 2.7, 1.6],
            font_size=SIZE,
        )

        yield _sub(kit, "六、联系人")
        rows = [
            [
                p.name + ("（主要）" if p.is_primary else ""),
                p.title or L.DASH,
                "、".join(p.phones) or L.DASH,
                p.email or L.DASH,
            ]
            for p in prep.contacts[:LIMIT]
        ]
        yield grid(
            kit,
            ["姓名", "职务", "联系电话", "电子邮箱"],
            rows or [["", "", "", ""]],
            [1.3, 1.3, 2.2, 2.2],
            font_size=SIZE,
        )

        # Handwriting boxes only where the page still has room for them and the verification block.
        yield IfRoom(
            KeepTogetherTable(kit, _sub(kit, "七、拜访前假设（手工填写）"), _hypotheses(kit)),
            reserve=PROVENANCE_HEIGHT,
        )

    return factory


def build_visit_prep(
    prep: VisitPrep,
    ctx: DocContext,
    out: str | os.PathLike[str] | BinaryIO,
    *,
    font_finder: FontFinder | None = None,
) -> IssuedDocument:
    """Lay out the preparation sheet and write it to ``out``; returns the issue record to store."""
    return build_document(ctx, story(prep), out, content_digest=digest_of(prep), font_finder=font_finder)
