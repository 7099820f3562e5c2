"""Ledger book (台账) of an RM or a branch for a period, printed and bound.

Cover (封皮), table of contents (目录), weekly report (周报表: visits, new clients, pitches won and
follow-ups done per RM per week), then for every client a basic-information sheet (客户基础信息表)
and a follow-up record sheet (客户跟进记录表), each starting on its own page. Every client sheet is a
handful of small tables, so the layout cost is linear in the number of clients.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from crm.reports.base import DocContext, DocKit, Heading
from crm.reports.documents import labels as L
from crm.reports.documents.common import FastTable, IfRoom, digest_of, grid, kv_grid, writing_lines
from crm.reports.fonts import FONT_BOLD, FONT_REGULAR, FontFinder
from crm.reports.provenance import IssuedDocument
from crm.reports.render import build_document
from crm.services.report_data import LedgerBook, LedgerClient, LedgerEntry

DOC_TYPE = "ledger.book"
#: Blank ruled rows under the printed follow-ups, for the RM to write in by hand between prints.
BLANK_FOLLOW_UP_ROWS = 4
MIN_FOLLOW_UP_ROWS = 10


def _cover(kit: DocKit, book: LedgerBook) -> Iterable[Flowable]:
    s = kit.styles
    b = kit.ctx.branding
    big = ParagraphStyle("cover-title", parent=s.title, fontSize=30, leading=40, spaceAfter=4)
    sub = ParagraphStyle("cover-sub", parent=s.subtitle, fontSize=13, leading=20)
    yield Spacer(1, 38 * mm)
    yield kit.para(b.bank_name, sub)
    yield kit.para("客户经理工作台账" if book.scope == "rm" else "网点客户台账", big)
    yield kit.para("（客户基础信息表 · 客户跟进记录表 · 周报表）", sub)
    yield Spacer(1, 22 * mm)
    label = ParagraphStyle(
        "cover-label",
        parent=s.body,
        fontSize=12,
        leading=18,
        alignment=TA_CENTER,
        textColor=s.primary,
        fontName=FONT_BOLD,
    )
    value = ParagraphStyle("cover-value", parent=s.body, fontSize=12, leading=18)
    rows = [
        ("单    位", book.branch_label or b.branch_name),
        ("客户经理" if book.scope == "rm" else "范    围", book.scope_label),
        ("台账期间", f"{L.d_cn(book.date_from)} 至 {L.d_cn(book.date_to)}"),
        ("客户数量", f"{book.totals.get('clients', 0)} 户"),
        ("编制日期", L.d_cn(kit.ctx.printed_at.astimezone(L.CHINA_TZ).date())),
    ]
    data = [[kit.para(k, label), kit.para(v, value)] for k, v in rows]
    width = 120 * mm
    table = Table(
        data, colWidths=[32 * mm, width - 32 * mm], rowHeights=[12 * mm] * len(rows), hAlign="CENTER"
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 12, 18),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, s.primary),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    yield table
    yield Spacer(1, 30 * mm)
    notice = ParagraphStyle("cover-notice", parent=s.small, alignment=TA_CENTER, fontSize=9, leading=14)
    yield kit.para("内部资料 · 注意保密", ParagraphStyle("cover-secret", parent=label, textColor=s.accent))
    yield kit.para(
        "本台账含客户信息，仅限本行工作人员按查询权限使用；证件号码、电话及账号已按规定脱敏打印。"
        "台账应妥善保管，不得外借、复印或带离办公场所。",
        notice,
    )
    yield PageBreak()


class _Passes:
    """Counts the layout passes of a build (the 目录 needs two: page numbers, then the final pages)."""

    def __init__(self) -> None:
        self.count = 0

    @property
    def final(self) -> bool:
        return self.count >= 2


class _CountingTOC(TableOfContents):
    def __init__(self, passes: _Passes) -> None:
        super().__init__(dotsMinLevel=0)
        self._passes = passes

    def beforeBuild(self) -> None:
        self._passes.count += 1
        super().beforeBuild()


class _DrawWhenFinal(Flowable):
    """Lays out like the wrapped flowable but draws nothing on the first pass, whose output is thrown
    away (ReportLab only keeps the pass after which the 目录 stopped changing): halves the build time."""

    def __init__(self, inner: Flowable, passes: _Passes) -> None:
        super().__init__()
        self._inner = inner
        self._passes = passes
        self.hAlign = getattr(inner, "hAlign", "LEFT")
        self.keepWithNext = getattr(inner, "keepWithNext", 0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self._inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [_DrawWhenFinal(part, self._passes) for part in self._inner.split(availWidth, availHeight)]

    def getSpaceBefore(self) -> float:
        return float(self._inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self._inner.getSpaceAfter())

    def draw(self) -> None:
        if self._passes.final:
            self._inner.drawOn(self.canv, 0, 0)


def _toc(kit: DocKit, book: LedgerBook, passes: _Passes) -> Iterable[Flowable]:
    yield kit.para("目    录", "title")
    yield kit.spacer(4)
    toc = _CountingTOC(passes)
    toc.levelStyles = kit.table_of_contents().levelStyles
    # ReportLab's default style for the 目录 table names no font: the empty cells would pull in Helvetica.
    toc.tableStyle = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 10, 16),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    # Seed the 目录 with its final entries (page numbers still unknown): it then has its final length on
    # the first layout pass, page numbers do not shift, and two passes suffice however long the book.
    guess = 9 * 10 ** (len(str(2 * len(book.clients) + 8)) - 1)
    seeded = [(0, "一、周报表", guess, None), (0, "二、客户台账", guess, None)]
    seeded += [(1, _client_title(c), guess, None) for c in book.clients]
    toc._entries = seeded
    yield toc
    yield PageBreak()


def _weekly(kit: DocKit, book: LedgerBook) -> Iterable[Flowable]:
    yield kit.section("一、周报表")
    yield kit.para(
        f"统计期间：{L.d(book.date_from)} 至 {L.d(book.date_to)}；拜访为已完成的拜访，"
        "新增客户为期间内纳入本人名下的客户，营销成功为期间内成交的产品营销，完成跟进为期间内"
        "办结的跟进事项。",
        "small",
    )
    yield kit.spacer(2)
    rows: list[list[Any]] = []
    bold: list[int] = []
    multi = len(book.rm_names) > 1
    current: tuple[int, int] | None = None
    sub = [0, 0, 0, 0]

    def subtotal() -> None:
        bold.append(len(rows))
        rows.append(["", "", "本周小计", *[str(v) for v in sub]])

    for w in book.weeks:
        key = (w.year, w.week)
        if key != current:
            if current is not None and multi:
                subtotal()
            current, sub = key, [0, 0, 0, 0]
            week_label, span = f"{w.year}年第{w.week}周", f"{w.start:%m-%d} 至 {w.end:%m-%d}"
        else:
            week_label = span = ""
        values = [w.visits, w.new_clients, w.pitches_won, w.follow_ups_done]
        sub = [a + b for a, b in zip(sub, values, strict=True)]
        rows.append([week_label, span, w.rm_name, *[str(v) for v in values]])
    if current is not None and multi:
        subtotal()
    if not rows:
        rows.append(["", "", "本期无统计数据", "", "", "", ""])
    yield grid(
        kit,
        ["周次", "起止日期", "客户经理", "拜访", "新增客户", "营销成功", "完成跟进"],
        rows,
        [1.4, 1.4, 1.3, 0.8, 0.9, 0.9, 0.9],
        align=["CENTER", "CENTER", "CENTER", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
        zebra=not multi,
        bold_rows=bold,
    )
    t = book.totals
    yield kit.spacer(3)
    yield grid(
        kit,
        ["期间合计", "拜访", "新增客户", "营销成功", "完成跟进", "台账客户数"],
        [
            [
                "全部客户经理",
                str(t.get("visits", 0)),
                str(t.get("new_clients", 0)),
                str(t.get("pitches_won", 0)),
                str(t.get("follow_ups_done", 0)),
                str(t.get("clients", 0)),
            ]
        ],
        [1.6, 1, 1, 1, 1, 1.1],
        align=["CENTER", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
        zebra=False,
    )


def _sheet_title(kit: DocKit, text: str, number: int) -> Table:
    s = kit.styles
    title = ParagraphStyle("sheet-title", parent=s.title, fontSize=15, leading=20, spaceAfter=0)
    right = ParagraphStyle("sheet-no", parent=s.small, alignment=2)
    table = Table(
        [[kit.para("", right), kit.para(text, title), kit.para(f"台账编号：{number:04d}", right)]],
        colWidths=[kit.width * 0.25, kit.width * 0.5, kit.width * 0.25],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("FONT", (0, 0), (-1, -1), FONT_REGULAR, 8, 10),
            ]
        )
    )
    return table


def _sub(kit: DocKit, text: str) -> Flowable:
    """A sub-heading inside a sheet; deliberately not a Heading, so it stays out of the 目录."""
    style = ParagraphStyle("sheet-sub", parent=kit.styles.h2, spaceBefore=7, spaceAfter=3, keepWithNext=1)
    return kit.para(text, style)


def _client_heading(kit: DocKit, c: LedgerClient) -> Heading:
    style = ParagraphStyle(
        "client-heading", parent=kit.styles.h1, fontSize=12, leading=17, spaceBefore=0, spaceAfter=4
    )
    return Heading(_client_title(c), 2, style, kit.styles.primary)


def _client_title(c: LedgerClient) -> str:
    return f"{c.number:04d}  {c.legal_name}"


def _basic_sheet(kit: DocKit, book: LedgerBook, c: LedgerClient) -> Iterable[Flowable]:
    yield _client_heading(kit, c)
    yield _sheet_title(kit, "客户基础信息表", c.number)
    yield kit.spacer(2)
    ident_label = {"uscc": "统一社会信用代码", "id_number": "身份证号码"}.get(c.identifier_kind, "证件号码")
    person = c.kind.is_person
    rows: list[tuple[str, Any]] = [
        ("客户名称", c.legal_name),
        ("客户简称", c.short_name or L.DASH),
        ("客户类型", L.label(L.CLIENT_KINDS, c.kind)),
        ("客户状态", L.label(L.CLIENT_STATUSES, c.status)),
        (ident_label, c.identifier or L.DASH),
        ("客户等级", L.label(L.TIERS, c.tier)),
    ]
    if not person:
        rows += [
            ("所属行业", L.industry(c.industry) or L.DASH),
            ("企业性质", c.ownership or L.DASH),
            ("企业规模", L.label(L.SIZES, c.size, L.DASH)),
            ("生命周期", L.label(L.LIFECYCLE, c.lifecycle_stage, L.DASH)),
            ("科技型企业", L.yes_no(c.is_tech)),
            ("无贷户", L.yes_no(c.without_loans)),
            ("经营状况", c.operating_status or L.DASH),
            ("信用评级", c.credit_rating or L.DASH),
        ]
    rows += [
        ("有效户", L.yes_no(c.effective_account)),
        ("风险分类", c.risk_grade or L.DASH),
        ("风险承受能力", L.label(L.RISK_TOLERANCES, c.risk_tolerance, "未评估")),
        ("评估有效期至", L.d(c.risk_expires_on, L.DASH)),
        ("所在地区", " ".join(p for p in (c.region, c.district) if p) or L.DASH),
        ("资料更新日期", L.d(c.kyc_refreshed_on, L.DASH)),
        ("营销责任人", c.owner_name or "网点客户池"),
        ("维护责任人", c.maintainer_name or L.DASH),
        ("存款余额（万元）", L.wan(c.deposit_balance_fen)),
        ("贷款余额（万元）", L.wan(c.loan_balance_fen)),
        ("最近拜访日期", L.d(c.last_visit_on, L.DASH)),
        ("地址", c.address or L.DASH),
    ]
    yield kv_grid(kit, rows, columns=2, label_ratio=0.36)
    yield _sub(kit, "营销信息")
    yield kv_grid(
        kit,
        [
            ("营销目标", c.marketing_objective or L.DASH),
            ("营销切入点", c.entry_point or L.DASH),
            ("营销进度", c.progress or L.DASH),
            ("需要解决的问题", c.open_issues or L.DASH),
        ],
        label_ratio=0.17,
    )
    yield _sub(kit, "联系人（沟通人）")
    contact_rows = [
        [
            p.name,
            p.title or L.DASH,
            "、".join(p.phones) or L.DASH,
            p.email or L.DASH,
            "是" if p.is_primary else "",
        ]
        for p in c.contacts
    ]
    if not contact_rows:
        contact_rows = [["", "", "", "", ""]]
    yield grid(
        kit,
        ["姓名", "职务", "联系电话", "电子邮箱", "主要联系人"],
        contact_rows,
        [1.1, 1.4, 2.2, 2.2, 0.9],
        align=["LEFT", "LEFT", "LEFT", "LEFT", "CENTER"],
    )
    yield _sub(kit, "在我行业务（持有产品）")
    holding_rows = [
        [
            L.label(L.HOLDING_KINDS, h.kind),
            h.name or L.label(L.ACCOUNT_TYPES, h.account_type),
            h.account_no or L.DASH,
            L.wan(h.amount_fen),
            L.pct(h.rate_pct) or L.DASH,
            L.d(h.opened_on, L.DASH),
            L.d(h.maturity_on, L.DASH),
        ]
        for h in c.holdings
    ]
    if not holding_rows:
        holding_rows = [["", "暂无业务往来", "", "", "", "", ""]]
    yield grid(
        kit,
        ["类别", "名称", "账号", "金额（万元）", "利率", "开立日", "到期日"],
        holding_rows,
        [1.1, 2.4, 1.9, 1.2, 0.8, 1.2, 1.2],
        align=["CENTER", "LEFT", "LEFT", "RIGHT", "RIGHT", "CENTER", "CENTER"],
        font_size=8,
    )
    yield kit.spacer(3)
    yield IfRoom(writing_lines(kit, "客户经理备注：", 3, gap=8 * mm))


def _entry_cells(e: LedgerEntry) -> list[str]:
    if e.kind == "visit":
        how = L.label(L.VISIT_MODES, e.mode)
    else:
        how = L.label(L.TASK_KINDS, e.task_kind, "跟进")
    return [
        L.d(e.day),
        how,
        e.who,
        e.contact or L.DASH,
        e.content or L.DASH,
        e.result or L.DASH,
        e.review or "",
    ]


def _follow_up_sheet(kit: DocKit, book: LedgerBook, c: LedgerClient) -> Iterable[Flowable]:
    yield PageBreak()
    yield _sheet_title(kit, "客户跟进记录表", c.number)
    yield kit.spacer(2)
    yield kv_grid(
        kit,
        [
            ("客户名称", c.legal_name),
            ("营销责任人", c.owner_name or "网点客户池"),
            ("记录期间", f"{L.d(book.date_from)} 至 {L.d(book.date_to)}"),
            (
                "本期记录",
                f"拜访 {sum(e.kind == 'visit' for e in c.entries)} 次，"
                f"跟进事项 {sum(e.kind == 'task' for e in c.entries)} 项",
            ),
        ],
        columns=2,
        label_ratio=0.3,
    )
    yield kit.spacer(3)
    rows = [_entry_cells(e) for e in c.entries]
    blanks = max(BLANK_FOLLOW_UP_ROWS, MIN_FOLLOW_UP_ROWS - len(rows))
    rows += [[""] * 7 for _ in range(blanks)]
    yield grid(
        kit,
        ["日期", "方式/类别", "跟进人", "联系人", "跟进内容", "结果及下一步", "负责人点评"],
        rows,
        [1.25, 1.0, 0.8, 0.8, 2.6, 2.4, 1.5],
        align=["CENTER", "CENTER", "CENTER", "CENTER", "LEFT", "LEFT", "LEFT"],
        font_size=8,
        min_row_height=9 * mm,
    )


def story(book: LedgerBook):  # type: ignore[no-untyped-def]
    def factory(kit: DocKit) -> Iterable[Flowable]:
        passes = _Passes()
        yield from _cover(kit, book)
        yield from _toc(kit, book, passes)
        yield from _weekly(kit, book)
        yield kit.spacer(4)
        yield kit.para(
            f"客户台账共 {len(book.clients)} 户，每户依次为客户基础信息表和客户跟进记录表（各起一页）；"
            f"跟进记录为 {L.d(book.date_from)} 至 {L.d(book.date_to)} 期间的拜访及跟进事项，"
            "空白行供手工补记。",
            "small",
        )
        yield PageBreak()
        yield kit.section("二、客户台账")
        for index, client in enumerate(book.clients):
            if index:
                yield PageBreak()
            for flowable in (*_basic_sheet(kit, book, client), *_follow_up_sheet(kit, book, client)):
                yield (
                    _DrawWhenFinal(flowable, passes) if isinstance(flowable, Table | FastTable) else flowable
                )
        if not book.clients:
            yield kit.para("本期台账范围内无客户。", "body")

    return factory


def build_ledger_book(
    book: LedgerBook,
    ctx: DocContext,
    out: str | os.PathLike[str] | BinaryIO,
    *,
    font_finder: FontFinder | None = None,
) -> IssuedDocument:
    """Lay out the ledger book and write it to ``out``; returns the issue record to store."""
    return build_document(ctx, story(book), out, content_digest=digest_of(book), font_finder=font_finder)
