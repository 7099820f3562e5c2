"""Chinese wording printed on documents: enum labels, amounts, dates and the standard clauses.

Printed documents are always in Chinese (DOMAIN.md: the client reads Simplified Chinese), so these are
plain strings, not Qt translations (crm.reports must not import PySide6).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from crm.domain.enums import (
    AccountType,
    ClientKind,
    ClientStatus,
    ClientTier,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    Disclosure,
    HoldingKind,
    LifecycleStage,
    Liquidity,
    NeedArea,
    PlanGoal,
    PlanItemStatus,
    PlanStatus,
    ProductFamily,
    ProductRisk,
    ProposalStatus,
    RiskTolerance,
    TaskKind,
    TaskStatus,
    VisitMode,
)

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
DASH = "—"

CLIENT_KINDS = {
    ClientKind.CORPORATE: "企业客户",
    ClientKind.INSTITUTION: "机构客户",
    ClientKind.MERCHANT_SMALL: "小型商户",
    ClientKind.MERCHANT_LARGE: "中大型商户",
    ClientKind.MERCHANT_ACQUIRING: "特约商户",
    ClientKind.PERSONAL: "个人客户",
    ClientKind.PERSONAL_VIP: "贵宾客户",
    ClientKind.PERSONAL_HNW: "高净值客户",
}
CLIENT_STATUSES = {
    ClientStatus.PROSPECT: "目标客户",
    ClientStatus.ACTIVE: "存量客户",
    ClientStatus.DORMANT: "休眠客户",
    ClientStatus.CLOSED: "已销户",
}
TIERS = {ClientTier.A: "A 类", ClientTier.B: "B 类", ClientTier.C: "C 类", ClientTier.D: "D 类"}
INDUSTRIES = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业",
    "J": "金融业",
    "K": "房地产业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业",
    "P": "教育",
    "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}
SIZES = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
LIFECYCLE = {
    LifecycleStage.STARTUP: "初创期",
    LifecycleStage.GROWTH: "成长期",
    LifecycleStage.MATURE: "成熟期",
    LifecycleStage.TRANSITION: "转型期",
}
VISIT_MODES = {
    VisitMode.ON_SITE: "上门拜访",
    VisitMode.PHONE: "电话",
    VisitMode.VIDEO: "视频",
    VisitMode.AT_BRANCH: "网点面谈",
}
PLAN_STATUSES = {
    PlanStatus.DRAFT: "草稿",
    PlanStatus.SUBMITTED: "已提交待审阅",
    PlanStatus.APPROVED: "已批准",
    PlanStatus.RETURNED: "已退回",
    PlanStatus.AMENDED: "变更草稿",
}
PLAN_GOALS = {
    PlanGoal.OPEN_ACCOUNT: "开户",
    PlanGoal.DEPOSIT: "存款",
    PlanGoal.LOAN: "贷款",
    PlanGoal.WEALTH: "理财",
    PlanGoal.SETTLEMENT: "结算",
    PlanGoal.CARD: "发卡",
    PlanGoal.E_BANKING: "电子银行",
    PlanGoal.MAINTAIN: "维护",
    PlanGoal.OTHER: "其他",
}
PLAN_ITEM_STATUSES = {
    PlanItemStatus.PLANNED: "计划中",
    PlanItemStatus.DONE: "已完成",
    PlanItemStatus.DELAYED: "已延迟",
    PlanItemStatus.CANCELLED: "已取消",
}
PROPOSAL_STATUSES = {
    ProposalStatus.DRAFT: "草稿",
    ProposalStatus.SUBMITTED: "待审核",
    ProposalStatus.APPROVED: "已批准",
    ProposalStatus.RETURNED: "已退回",
    ProposalStatus.DELIVERED: "已交付",
    ProposalStatus.IMPLEMENTING: "实施中",
    ProposalStatus.TRACKED: "跟踪中",
}
PRODUCT_FAMILIES = {
    ProductFamily.DEPOSIT: "存款",
    ProductFamily.CASH_MANAGEMENT: "现金管理",
    ProductFamily.WEALTH: "理财",
    ProductFamily.CREDIT: "信贷",
    ProductFamily.SETTLEMENT: "结算",
    ProductFamily.ACQUIRING: "收单",
    ProductFamily.CARD: "银行卡",
    ProductFamily.E_BANKING: "电子银行",
}
PRODUCT_RISKS = {
    ProductRisk.R1: "R1 低风险",
    ProductRisk.R2: "R2 中低风险",
    ProductRisk.R3: "R3 中风险",
    ProductRisk.R4: "R4 中高风险",
    ProductRisk.R5: "R5 高风险",
}
RISK_TOLERANCES = {
    RiskTolerance.C1: "C1 保守型",
    RiskTolerance.C2: "C2 稳健型",
    RiskTolerance.C3: "C3 平衡型",
    RiskTolerance.C4: "C4 成长型",
    RiskTolerance.C5: "C5 进取型",
}
LIQUIDITIES = {
    Liquidity.DEMAND: "随时支取",
    Liquidity.NOTICE: "通知支取",
    Liquidity.TERM: "到期支取",
    Liquidity.CLOSED: "封闭期内不可赎回",
    Liquidity.NOT_APPLICABLE: DASH,
}
NEED_AREAS = {
    NeedArea.FINANCING: "融资需求",
    NeedArea.WEALTH: "理财需求",
    NeedArea.SETTLEMENT: "结算需求",
    NeedArea.RISK: "风险管理需求",
    NeedArea.INTERNATIONAL: "国际业务需求",
}
HOLDING_KINDS = {
    HoldingKind.ACCOUNT: "结算账户",
    HoldingKind.DEPOSIT: "存款",
    HoldingKind.LOAN: "贷款",
    HoldingKind.WEALTH: "理财及代销产品",
}
ACCOUNT_TYPES = {
    AccountType.BASIC: "基本存款账户",
    AccountType.GENERAL: "一般存款账户",
    AccountType.SPECIAL: "专用存款账户",
    AccountType.SETTLEMENT: "结算账户",
    AccountType.FOREIGN: "外汇账户",
}
COMPLAINT_CHANNELS = {
    ComplaintChannel.PHONE: "电话",
    ComplaintChannel.EMAIL: "邮件",
    ComplaintChannel.LETTER: "信函",
    ComplaintChannel.ONLINE: "在线客服",
    ComplaintChannel.IN_PERSON: "当面",
}
COMPLAINT_CATEGORIES = {
    ComplaintCategory.PRODUCT: "产品投诉",
    ComplaintCategory.SERVICE: "服务投诉",
    ComplaintCategory.POLICY: "政策投诉",
    ComplaintCategory.OTHER: "其他",
}
COMPLAINT_STATUSES = {
    ComplaintStatus.RECEIVED: "已受理",
    ComplaintStatus.CLASSIFIED: "已分类",
    ComplaintStatus.HANDLING: "处理中",
    ComplaintStatus.RESOLVED: "已解决",
    ComplaintStatus.FED_BACK: "已反馈",
    ComplaintStatus.FOLLOW_UP: "跟进服务",
    ComplaintStatus.CLOSED: "已关闭",
}
DEPARTMENTS = {
    "product_dept": "产品部门",
    "customer_service_dept": "客户服务部门",
    "policy_dept": "政策管理部门",
    "branch": "本网点",
}
TASK_KINDS = {
    TaskKind.FOLLOW_UP: "跟进",
    TaskKind.RETURN_VISIT: "定期回访",
    TaskKind.REPAYMENT: "还款提醒",
    TaskKind.COLLECTION: "逾期催收",
    TaskKind.COLLATERAL_CHECK: "担保物检查",
    TaskKind.FUND_USE: "资金用途监控",
    TaskKind.PROJECT_CHECK: "项目检查",
    TaskKind.MATURITY: "到期提醒",
    TaskKind.KYC_REFRESH: "资料更新",
    TaskKind.OTHER: "其他",
}
TASK_STATUSES = {TaskStatus.OPEN: "待办", TaskStatus.DONE: "已完成", TaskStatus.CANCELLED: "已取消"}
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")

#: The five wealth risk disclosures (理财风险提示), in the canonical order, with their explanations.
DISCLOSURES: dict[Disclosure, tuple[str, str]] = {
    Disclosure.MARKET: (
        "市场风险",
        "理财产品的收益随金融市场变化而波动，利率、汇率、证券价格等市场因素的变动可能导致产品收益"
        "下降甚至本金损失。",
    ),
    Disclosure.CREDIT: (
        "信用风险",
        "产品所投资债券等基础资产的发行人或交易对手可能发生违约，导致产品收益降低或本金遭受损失。",
    ),
    Disclosure.LIQUIDITY: (
        "流动性风险",
        "产品在封闭期或约定期限内可能不能赎回，或赎回申请可能受到限制、延期办理，客户可能无法及时取得资金。",
    ),
    Disclosure.POLICY: (
        "政策风险",
        "国家宏观政策、金融监管政策及税收政策等发生变化，可能影响产品的投资运作、收益水平乃至正常运行。",
    ),
    Disclosure.OPERATIONAL: (
        "操作风险",
        "因内部流程、人员、系统操作失误或信息传递错误、不完整等原因，可能给客户造成损失。",
    ),
}
DISCLOSURE_PREAMBLE = (
    "理财非存款，产品有风险，投资须谨慎。本方案所列理财产品不保证本金和收益，过往业绩不代表未来表现，"
    "业绩比较基准不构成对产品收益的承诺。客户应认真阅读产品说明书及风险揭示书，根据自身风险承受能力"
    "审慎决策，并自行承担投资风险。主要风险如下："
)
SUITABILITY_REASONS = {
    "suitability.assessment_missing": "客户尚无有效的风险承受能力评估",
    "suitability.assessment_expired": "客户的风险承受能力评估已过期",
    "suitability.risk_above_tolerance": "产品风险等级高于客户风险承受能力",
    "suitability.product_risk_missing": "产品未标注风险等级",
}


def label(table: Mapping[Any, str], value: object, default: str = "") -> str:
    """The printed label of ``value``; unknown values print their raw code rather than nothing."""
    if value is None or value == "":
        return default
    text = table.get(value)
    if text is not None:
        return text
    return str(getattr(value, "value", value))


def industry(section: str) -> str:
    return INDUSTRIES.get(section.upper(), section) if section else ""


def yuan(fen: int | None, *, blank_zero: bool = False) -> str:
    """分 → '1,234,567.89' (元, two decimals); integer arithmetic, so no float rounding surprises."""
    if fen is None or (blank_zero and fen == 0):
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def wan(fen: int | None) -> str:
    """分 → 万元 with two decimals (the unit branch ledgers use)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    value = abs(int(fen))
    whole, rest = divmod(value, 1_000_000)
    cents = (rest + 5_000) // 10_000  # round half up to 0.01 万元
    if cents == 100:
        whole, cents = whole + 1, 0
    return f"{sign}{whole:,}.{cents:02d}"


def pct(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}%"


def d(day: date | None, default: str = "") -> str:
    """ISO date for tables: '2026-11-23'."""
    return day.isoformat() if day is not None else default


def d_cn(day: date) -> str:
    """Date for letters: '2026年11月23日'."""
    return f"{day.year}年{day.month}月{day.day}日"


def dt(value: datetime | None, default: str = "") -> str:
    """China time to the minute: '2026-11-23 14:05'."""
    if value is None:
        return default
    if value.utcoffset() is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def yes_no(value: bool | None, default: str = "") -> str:
    if value is None:
        return default
    return "是" if value else "否"


def month_cn(month: str) -> str:
    """'2026-11' → '2026年11月'."""
    year, _, mon = month.partition("-")
    return f"{year}年{int(mon)}月" if mon.isdigit() else month
