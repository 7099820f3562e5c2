"""Client proposal pack (服务方案): the document the RM hands to the client.

Contents in order: cover letter (致…函) with the service philosophy; introduction of both parties;
current cooperation (双方合作现状); needs analysis; recommended solution (product table); service
organisation and timetable (服务的组织与计划); fee standards (收费标准); suitability result; the five wealth
risk disclosures — exactly when a wealth product is in the pack; compliance statement (AML/KYC);
contacts; signature block; closing.

Only an approved proposal is printed as final; the caller passes ``DocContext(draft=True)`` otherwise
(see ``pack_is_draft``) and every page then carries 草稿 DRAFT.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from crm.domain.enums import ProductFamily
from crm.reports.base import DocContext, DocKit
from crm.reports.documents import labels as L
from crm.reports.documents.common import (
    digest_of,
    grid,
    kv_grid,
    note_box,
    paragraphs,
    right_lines,
    title_block,
)
from crm.reports.fonts import FontFinder
from crm.reports.provenance import IssuedDocument
from crm.reports.render import build_document
from crm.services.proposals import PackLine, ProposalPack

DOC_TYPE = "proposal.pack"

SERVICE_PHILOSOPHY = (
    "以客户为中心，以专业创造价值。我们为每一位客户配备专属客户经理，提供“一户一策”的综合金融服务，"
    "坚持合规经营、审慎推荐，根据客户的真实需求与风险承受能力配置产品，并在方案实施全程跟踪、定期回访，"
    "与客户共同成长。"
)
COMPLIANCE_STATEMENT = (
    "一、我行严格遵守《中华人民共和国反洗钱法》及《金融机构客户尽职调查和客户身份资料及交易记录保存管理办法》"
    "等规定，在业务办理中履行客户身份识别（了解你的客户，KYC）义务，包括核实客户及其授权办理人员的身份证件、"
    "识别受益所有人，并在客户信息发生变化或有效期届满时及时更新。\n"
    "二、客户应保证所提供的资料真实、准确、完整，资金来源合法合规，不得利用本方案涉及的业务从事洗钱、"
    "恐怖融资、逃税等违法犯罪活动；对可疑交易，我行将依法报告并采取相应措施。\n"
    "三、我行对客户信息依法履行保密义务，仅在法律法规允许或客户授权的范围内使用。\n"
    "四、本方案中的产品推荐已按照投资者适当性管理要求进行评估，不构成对收益的承诺；各项业务的最终条款以双方"
    "正式签署的合同、协议及产品说明书为准。"
)
CLOSING = (
    "再次感谢贵方对{bank}的信任与支持。本方案自出具之日起三十日内有效，方案所列利率、费率如遇国家政策或"
    "市场变化，以业务办理时我行公布的标准为准。我们期待与贵方携手，共谋发展，竭诚为贵方提供优质、高效、"
    "专业的金融服务！"
)
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 23 → 二十三 (section numbers up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def pack_is_draft(pack: ProposalPack) -> bool:
    """A pack is printed for the client only once its proposal is approved; anything else is a draft."""
    return not pack.approved


def _rate(line: PackLine) -> str:
    if line.family is ProductFamily.WEALTH:
        # Wealth: the benchmark wording from the catalogue, never a bare percentage that reads as a promise.
        return line.rate_text or "净值型，以产品说明书为准"
    if line.rate_pct is not None:
        return L.pct(line.rate_pct)
    return line.rate_text or L.DASH


def _suitability(line: PackLine) -> tuple[str, str]:
    s = line.suitability
    if s.allowed:
        if line.risk is None:
            return "适合", "不涉及产品风险评级"
        return "适合", f"客户风险承受能力{L.label(L.RISK_TOLERANCES, s.tolerance)}，不低于产品风险等级"
    reason = L.SUITABILITY_REASONS.get(s.code or "", s.code or "")
    if s.overridden:
        who = f"，审批人：{s.override_by}" if s.override_by else ""
        because = f"；审批理由：{s.override_reason}" if s.override_reason else ""
        return "经审批例外办理", f"{reason}{who}{because}"
    return "不适合", reason


class _Numbered:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, title: str) -> str:
        self.n += 1
        return f"{chinese_number(self.n)}、{title}"


def _cover_letter(kit: DocKit, pack: ProposalPack) -> Iterable[Flowable]:
    b = kit.ctx.branding
    client = pack.client
    meta = f"方案编号：{pack.proposal_id}    出具日期：{L.d_cn(pack.as_of)}"
    if pack.approved and pack.decided_at is not None:
        meta += f"    审批日期：{L.d_cn(pack.decided_at.astimezone(L.CHINA_TZ).date())}"
    yield from title_block(kit, pack.title, f"{b.bank_name}{pack.branch.name or b.branch_name} 敬呈", meta)
    yield kit.spacer(3)
    yield kit.section(f"致{client.legal_name}函")
    letter = (pack.cover_letter or "").strip()
    if not letter.startswith("尊敬的"):
        contact = pack.primary_contact
        if client.kind.is_person:
            whom = f"{client.legal_name}先生/女士"
        elif contact is not None and contact.title and contact.title != "本人":
            whom = f"{contact.name}{contact.title}"
        else:
            whom = client.legal_name
        yield kit.para(f"尊敬的{whom}：")
    yield from paragraphs(
        kit,
        letter
        or f"感谢贵方长期以来对{b.bank_name}的信任与支持。我行结合贵方的经营特点与实际需求，"
        "制定本综合金融服务方案，敬请审阅。",
    )
    yield kit.para(
        "本方案包括双方简介、合作现状、需求分析、推荐方案、服务的组织与计划、收费标准、适当性评估"
        + ("、理财产品风险提示" if pack.has_wealth else "")
        + "及合规声明等内容。如有任何疑问，欢迎随时与您的专属客户经理联系。",
        "body_indent",
    )
    yield kit.spacer(4)
    yield note_box(kit, "我们的服务理念", SERVICE_PHILOSOPHY)
    yield kit.spacer(8)
    sender = [f"{b.bank_name}{pack.branch.name or b.branch_name}"]
    if pack.rm_name:
        sender.append(f"客户经理：{pack.rm_name}")
    sender.append(L.d_cn(pack.as_of))
    yield from right_lines(kit, sender)
    yield PageBreak()


def _parties(kit: DocKit, pack: ProposalPack, n: _Numbered) -> Iterable[Flowable]:
    b = kit.ctx.branding
    c = pack.client
    yield kit.section(n("双方简介"))
    yield kit.section(f"（一）{b.bank_name}{pack.branch.name or b.branch_name}", level=2)
    yield kit.para(
        f"{b.bank_name}（{b.bank_name_en}）是一家立足本地、服务实体经济的商业银行，为企业、机构和个人客户"
        "提供存款、融资、结算、现金管理、财富管理及电子银行等综合金融服务。"
        f"{pack.branch.name or b.branch_name}配备对公、个人及综合客户经理团队，实行客户经理包户服务制度。",
        "body_indent",
    )
    yield kv_grid(
        kit,
        [
            ("服务网点", pack.branch.name or b.branch_name),
            ("网点地址", pack.branch.address or b.address),
            ("联系电话", pack.branch.phone or b.phone),
            ("网点负责人", pack.branch_head_name or L.DASH),
        ],
        columns=2,
        label_ratio=0.3,
    )
    yield kit.section(f"（二）{c.legal_name}", level=2)
    ident_label = {"uscc": "统一社会信用代码", "id_number": "身份证号码"}.get(c.identifier_kind, "证件号码")
    rows = [
        ("客户名称", c.legal_name),
        ("客户类型", L.label(L.CLIENT_KINDS, c.kind)),
        (ident_label, c.identifier or L.DASH),
        ("所属行业", L.industry(c.industry) or L.DASH),
        ("客户等级", L.label(L.TIERS, c.tier)),
        ("地址", c.address or L.DASH),
    ]
    yield kv_grid(kit, rows, columns=2, label_ratio=0.3)


def _cooperation(kit: DocKit, pack: ProposalPack, n: _Numbered) -> Iterable[Flowable]:
    yield kit.section(n("双方合作现状"))
    yield from paragraphs(kit, pack.cooperation, empty="双方尚未建立业务合作关系，本方案为首次合作建议。")
    if pack.holdings:
        yield kit.spacer(2)
        rows = [[L.label(L.HOLDING_KINDS, h.kind), f"{h.count}", L.yuan(h.amount_fen)] for h in pack.holdings]
        yield grid(
            kit,
            ["业务类型", "笔数/户数", "余额/金额（元）"],
            rows,
            [2, 1, 2],
            align=["LEFT", "CENTER", "RIGHT"],
        )


def _needs(kit: DocKit, pack: ProposalPack, n: _Numbered) -> Iterable[Flowable]:
    yield kit.section(n("需求分析"))
    if not pack.needs:
        yield kit.para("经与贵方沟通，暂未梳理出明确的专项需求，我行将在服务过程中持续了解。", "body_indent")
        return
    yield kit.para("经与贵方深入沟通，我们对贵方的金融服务需求梳理如下：", "body_indent")
    rows = [[L.label(L.NEED_AREAS, need.area), need.text] for need in pack.needs]
    yield grid(kit, ["需求类别", "需求描述"], rows, [1.2, 5])


def _solution(kit: DocKit, pack: ProposalPack, n: _Numbered) -> Iterable[Flowable]:
    yield kit.section(n("推荐方案"))
    yield kit.para("根据上述需求，我行为贵方推荐以下产品与服务组合：", "body_indent")
    rows = []
    for i, line in enumerate(pack.lines, start=1):
        name = f"{line.product_name}\n{line.product_code}"
        kind = L.label(L.PRODUCT_FAMILIES, line.family)
        if line.risk is not None:
            kind += f"\n{L.label(L.PRODUCT_RISKS, line.risk)}"
        rows.append(
            [
                f"{i}",
                name,
                kind,
                L.yuan(line.amount_fen) if line.amount_fen else L.DASH,
                line.term or L.DASH,
                _rate(line),
                line.fee or "按收费标准执行",
            ]
        )
    total = ["", "合计", "", L.yuan(pack.total_amount_fen), "", "", ""] if pack.lines else None
    yield grid(
        kit,
        ["序号", "产品名称", "类别", "金额（元）", "期限", "利率/业绩比较基准", "费用"],
        rows,
        [0.55, 2.0, 1.05, 1.35, 1.1, 1.85, 1.9],
        align=["CENTER", "LEFT", "CENTER", "RIGHT", "CENTER", "LEFT", "LEFT"],
        total=total,
    )
    notes = [f"{line.product_name}：{line.note}" for line in pack.lines if line.note]
    if notes:
        yield kit.spacer(1)
        for note in notes:
            yield kit.para(f"注：{note}", "small")
    if pack.service_content:
        yield kit.section("服务内容", level=2)
        yield from paragraphs(kit, pack.service_content)


def _organisation(kit: DocKit, pack: ProposalPack, n: _Numbered) -> Iterable[Flowable]:
    yield kit.section(n("服务的组织与计划"))
    yield kit.para(
        f"我行成立由客户经理{pack.rm_name or ''}牵头、产品及运营人员参与的服务小组，"
        "按以下流程和时间表组织实施，每一步骤均明确责任人。",
        "body_indent",
    )
    if pack.service_process:
        yield kit.para(f"服务流程：{pack.service_process}", "body_indent")
    rows = [
        [
            f"{i}",
            step.step,
            step.responsible or L.DASH,
            L.d(step.due_on, L.DASH),
            "已完成" if step.done else "待实施",
        ]
        for i, step in enumerate(pack.steps, start=1)
    ]
    if not rows:
        rows = [["", "实施时间表待双方确认后补充", "", "", ""]]
    yield grid(
        kit,
        ["序号", "实施步骤", "责任人", "完成时限", "状态"],
        rows,
        [0.5, 3.4, 1.3, 1.3, 1],
        align=["CENTER", "LEFT", "CENTER", "CENTER", "CENTER"],
    )


def _fees(kit: DocKit, pack: ProposalPack, n: _Numbered) -> Iterable[Flowable]:
    yield kit.section(n("收费标准"))
    yield from paragraphs(kit, pack.fee_standards, empty="各项服务按照我行对外公布的服务价格目录执行。")
    rows = [
        [
            line.product_name,
            line.fee_standard or "按我行服务价格目录执行",
            "按收费标准执行" if not line.fee or line.fee == line.fee_standard else line.fee,
        ]
        for line in pack.lines
    ]
    if rows:
        yield kit.spacer(1)
        yield grid(kit, ["产品/服务", "收费标准", "本方案约定"], rows, [1.6, 3.8, 1.6])
        yield kit.spacer(1.5)
    yield kit.para("我行严格执行国家关于服务收费的规定，不捆绑搭售、不收取未明示的费用。", "small")


def _suitability_section(kit: DocKit, pack: ProposalPack, n: _Numbered) -> Iterable[Flowable]:
    c = pack.client
    yield kit.section(n("适当性评估结果"))
    yield kv_grid(
        kit,
        [
            ("客户风险承受能力", L.label(L.RISK_TOLERANCES, c.risk_tolerance, "未评估")),
            ("评估日期", L.d(c.risk_assessed_on, L.DASH)),
            ("评估有效期至", L.d(c.risk_expires_on, L.DASH)),
            ("评估基准日", L.d(pack.as_of)),
        ],
        columns=2,
        label_ratio=0.38,
    )
    yield kit.spacer(2)
    rows = []
    fills = []
    for i, line in enumerate(pack.lines):
        result, why = _suitability(line)
        rows.append([line.product_name, L.label(L.PRODUCT_RISKS, line.risk, "不适用"), result, why])
        if result != "适合":
            fills.append((2, i, kit.styles.label_fill))
    yield grid(
        kit,
        ["产品", "产品风险等级", "评估结果", "说明"],
        rows,
        [2.2, 1.3, 1.3, 3.2],
        align=["LEFT", "CENTER", "CENTER", "LEFT"],
        fills=fills,
    )


def _disclosures(kit: DocKit, n: _Numbered) -> Iterable[Flowable]:
    body: list[Flowable] = [kit.para(L.DISCLOSURE_PREAMBLE, "body")]
    for i, (name, text) in enumerate(L.DISCLOSURES.values(), start=1):
        body.append(kit.para(f"{i}. {name}：{text}", "body"))
    # The notice is read as one piece: heading, the five risks and the client's acknowledgement together.
    yield KeepTogether(
        [
            kit.section(n("理财产品风险提示")),
            note_box(kit, "风险揭示", body),
            kit.spacer(2),
            kit.para(
                "客户确认：本人/本单位已认真阅读并充分理解上述风险提示，知晓理财产品不保证本金和收益，"
                "自愿承担相应投资风险。",
                "body_indent",
            ),
            kit.para("客户签字（盖章）：____________________        日期：__________", "body"),
        ]
    )


def _compliance(kit: DocKit, n: _Numbered) -> Iterable[Flowable]:
    yield kit.section(n("合规声明（反洗钱与了解你的客户）"))
    yield from paragraphs(kit, COMPLIANCE_STATEMENT)


def _contacts(kit: DocKit, pack: ProposalPack, n: _Numbered) -> Iterable[Flowable]:
    b = kit.ctx.branding
    yield kit.section(n("联系方式"))
    rows = [
        ("专属客户经理", f"{pack.rm_name}（{pack.rm_title}）" if pack.rm_title else pack.rm_name or L.DASH),
        ("客户经理电话", pack.rm_phone or L.DASH),
        ("服务网点", f"{b.bank_name}{pack.branch.name or b.branch_name}"),
        ("网点电话", pack.branch.phone or b.phone),
        ("网点地址", pack.branch.address or b.address),
        ("网点负责人", pack.branch_head_name or L.DASH),
    ]
    contact = pack.primary_contact
    if contact is not None:
        rows += [
            ("客户联系人", f"{contact.name}（{contact.title}）" if contact.title else contact.name),
            ("联系人电话", contact.phone or L.DASH),
        ]
        if contact.email:
            rows.append(("联系人邮箱", contact.email))
    yield kv_grid(kit, rows, columns=2, label_ratio=0.32)


def story(pack: ProposalPack):  # type: ignore[no-untyped-def]
    def factory(kit: DocKit) -> Iterable[Flowable]:
        n = _Numbered()
        yield from _cover_letter(kit, pack)
        yield from _parties(kit, pack, n)
        yield from _cooperation(kit, pack, n)
        yield from _needs(kit, pack, n)
        yield from _solution(kit, pack, n)
        yield from _organisation(kit, pack, n)
        yield from _fees(kit, pack, n)
        yield from _suitability_section(kit, pack, n)
        if pack.has_wealth:
            yield from _disclosures(kit, n)
        yield from _compliance(kit, n)
        yield from _contacts(kit, pack, n)
        yield kit.signature_block(["客户经理", "网点负责人", "客户（盖章）"])
        yield kit.spacer(6)
        yield kit.section(n("结束语"))
        yield kit.para(CLOSING.format(bank=kit.ctx.branding.bank_name), "body_indent")
        yield from right_lines(
            kit,
            [
                f"{kit.ctx.branding.bank_name}{pack.branch.name or kit.ctx.branding.branch_name}",
                L.d_cn(pack.as_of),
            ],
        )

    return factory


def build_proposal_pack(
    pack: ProposalPack,
    ctx: DocContext,
    out: str | os.PathLike[str] | BinaryIO,
    *,
    font_finder: FontFinder | None = None,
) -> IssuedDocument:
    """Lay out the pack and write it to ``out``; returns the issue record to store.

    ``ctx.draft`` must be true unless the proposal is approved (``pack_is_draft``): a draft pack
    carries the watermark on every page and is for internal review only.
    """
    if pack_is_draft(pack) and not ctx.draft:
        ctx = replace(ctx, draft=True)  # never a clean copy of an unapproved proposal
    return build_document(ctx, story(pack), out, content_digest=digest_of(pack), font_finder=font_finder)
