"""Satisfaction survey form (客户满意度调查表): the configured dimensions on a 1–5 scale, one page.

Blank, or for one client with its name and contact person filled in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from crm.reports.base import Align, DocContext, DocKit
from crm.reports.documents.common import digest_of, grid, kv_grid, title_block, writing_lines
from crm.reports.fonts import FONT_REGULAR, FontFinder
from crm.reports.provenance import IssuedDocument
from crm.reports.render import build_document
from crm.services.report_data import SurveyForm

DOC_TYPE = "survey.form"
BOX = "□"
_CYCLES = {1: "每月", 2: "每两个月", 3: "每季度", 4: "每四个月", 6: "每半年", 12: "每年"}


def _signatures(kit: DocKit) -> Table:
    s = kit.styles
    line = "&nbsp;" * 36
    cells = [Paragraph(f"{who}：<u>{line}</u>", s.body) for who in ("客户签字", "客户经理签字")]
    dates = [
        Paragraph("日期：" + "&nbsp;" * 12 + "年" + "&nbsp;" * 6 + "月" + "&nbsp;" * 6 + "日", s.small)
    ] * 2
    table = Table([cells, dates], colWidths=[kit.width / 2] * 2)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 10, 14),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 4),
            ]
        )
    )
    return table


def story(form: SurveyForm):  # type: ignore[no-untyped-def]
    def factory(kit: DocKit) -> Iterable[Flowable]:
        yield from title_block(
            kit,
            "客户满意度调查表",
            form.branch_label,
            f"调查周期：{_CYCLES.get(form.cycle_months, f'每{form.cycle_months}个月')}一次",
        )
        blank = "　" * 8
        yield kv_grid(
            kit,
            [
                ("客户名称", form.client_name or blank),
                ("联系人", form.contact_name or blank),
                ("客户经理", form.rm_name or blank),
                ("调查日期", "　　　　年　　月　　日"),
                ("调查方式", f"{BOX} 上门　{BOX} 电话　{BOX} 问卷　{BOX} 网点"),
                ("联系电话", blank),
            ],
            columns=2,
            label_ratio=0.26,
        )
        yield kit.spacer(4)
        yield kit.para(
            "尊敬的客户：感谢您一直以来对我行的信任与支持！为持续改进服务质量，请您对我行的服务进行评价，"
            "在相应分值下的方框内划“√”（1 分为非常不满意，5 分为非常满意）。"
            "您的意见我们将认真对待并及时改进。",
            "body_indent",
        )
        yield kit.spacer(2)
        header = ["评价项目", *[f"{score} 分\n{text}" for score, text in form.scale]]
        rows = [[dimension, *[BOX] * len(form.scale)] for dimension in form.dimensions]
        center: list[Align] = ["CENTER"] * len(form.scale)
        yield grid(
            kit,
            header,
            rows,
            [2.2, *[1] * len(form.scale)],
            align=["LEFT", *center],
            font_size=10,
            min_row_height=8 * mm,
        )
        yield kit.spacer(4)
        yield writing_lines(kit, "您对我行服务的意见和建议：", 3, gap=7.5 * mm)
        yield kit.spacer(2)
        yield writing_lines(kit, "您希望我行增加或改进的产品与服务：", 2, gap=7.5 * mm)
        yield kit.spacer(6)
        yield _signatures(kit)
        yield kit.spacer(3)
        yield kit.para("本表由客户经理在调查后录入系统（评分及意见），纸质表按月归档备查。", "small")

    return factory


def build_survey_form(
    form: SurveyForm,
    ctx: DocContext,
    out: str | os.PathLike[str] | BinaryIO,
    *,
    font_finder: FontFinder | None = None,
) -> IssuedDocument:
    """Lay out the form and write it to ``out``; returns the issue record to store."""
    return build_document(ctx, story(form), out, content_digest=digest_of(form), font_finder=font_finder)
