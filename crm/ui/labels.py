"""Display labels for enum values and amounts, through Qt's translation system (context "Labels")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from crm.domain.enums import (
    ClientKind,
    ClientStatus,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    PitchStage,
    PlanGoal,
    PlanStatus,
    ProductFamily,
    ProposalStatus,
    VisitMode,
)

_T = "Labels"

CLIENT_KINDS = {
    ClientKind.CORPORATE: QT_TRANSLATE_NOOP("Labels", "企业"),
    ClientKind.INSTITUTION: QT_TRANSLATE_NOOP("Labels", "机构"),
    ClientKind.MERCHANT_SMALL: QT_TRANSLATE_NOOP("Labels", "小型商户"),
    ClientKind.MERCHANT_LARGE: QT_TRANSLATE_NOOP("Labels", "中大型商户"),
    ClientKind.MERCHANT_ACQUIRING: QT_TRANSLATE_NOOP("Labels", "特约商户"),
    ClientKind.PERSONAL: QT_TRANSLATE_NOOP("Labels", "个人"),
    ClientKind.PERSONAL_VIP: QT_TRANSLATE_NOOP("Labels", "贵宾"),
    ClientKind.PERSONAL_HNW: QT_TRANSLATE_NOOP("Labels", "高净值"),
}
CLIENT_STATUSES = {
    ClientStatus.PROSPECT: QT_TRANSLATE_NOOP("Labels", "目标客户"),
    ClientStatus.ACTIVE: QT_TRANSLATE_NOOP("Labels", "存量客户"),
    ClientStatus.DORMANT: QT_TRANSLATE_NOOP("Labels", "休眠"),
    ClientStatus.CLOSED: QT_TRANSLATE_NOOP("Labels", "已销户"),
}
INDUSTRIES = {
    "A": QT_TRANSLATE_NOOP("Labels", "农林牧渔"), "B": QT_TRANSLATE_NOOP("Labels", "采矿业"),
    "C": QT_TRANSLATE_NOOP("Labels", "制造业"), "D": QT_TRANSLATE_NOOP("Labels", "电力燃气水"),
    "E": QT_TRANSLATE_NOOP("Labels", "建筑业"), "F": QT_TRANSLATE_NOOP("Labels", "批发零售"),
    "G": QT_TRANSLATE_NOOP("Labels", "交通运输"), "H": QT_TRANSLATE_NOOP("Labels", "住宿餐饮"),
    "I": QT_TRANSLATE_NOOP("Labels", "信息技术"), "J": QT_TRANSLATE_NOOP("Labels", "金融业"),
    "K": QT_TRANSLATE_NOOP("Labels", "房地产"), "L": QT_TRANSLATE_NOOP("Labels", "租赁商务"),
    "M": QT_TRANSLATE_NOOP("Labels", "科研技术"), "N": QT_TRANSLATE_NOOP("Labels", "水利环境"),
    "O": QT_TRANSLATE_NOOP("Labels", "居民服务"), "P": QT_TRANSLATE_NOOP("Labels", "教育"),
    "Q": QT_TRANSLATE_NOOP("Labels", "卫生社工"), "R": QT_TRANSLATE_NOOP("Labels", "文体娱乐"),
    "S": QT_TRANSLATE_NOOP("Labels", "公共管理"), "T": QT_TRANSLATE_NOOP("Labels", "国际组织"),
}
VISIT_MODES = {
    VisitMode.ON_SITE: QT_TRANSLATE_NOOP("Labels", "上门"),
    VisitMode.PHONE: QT_TRANSLATE_NOOP("Labels", "电话"),
    VisitMode.VIDEO: QT_TRANSLATE_NOOP("Labels", "视频"),
    VisitMode.AT_BRANCH: QT_TRANSLATE_NOOP("Labels", "网点"),
}
PLAN_STATUSES = {
    PlanStatus.DRAFT: QT_TRANSLATE_NOOP("Labels", "草稿"),
    PlanStatus.SUBMITTED: QT_TRANSLATE_NOOP("Labels", "已提交"),
    PlanStatus.APPROVED: QT_TRANSLATE_NOOP("Labels", "已批准"),
    PlanStatus.RETURNED: QT_TRANSLATE_NOOP("Labels", "已退回"),
    PlanStatus.AMENDED: QT_TRANSLATE_NOOP("Labels", "变更草稿"),
}
PLAN_GOALS = {
    PlanGoal.OPEN_ACCOUNT: QT_TRANSLATE_NOOP("Labels", "开户"), PlanGoal.DEPOSIT: QT_TRANSLATE_NOOP("Labels", "存款"),
    PlanGoal.LOAN: QT_TRANSLATE_NOOP("Labels", "贷款"), PlanGoal.WEALTH: QT_TRANSLATE_NOOP("Labels", "理财"),
    PlanGoal.SETTLEMENT: QT_TRANSLATE_NOOP("Labels", "结算"), PlanGoal.CARD: QT_TRANSLATE_NOOP("Labels", "发卡"),
    PlanGoal.E_BANKING: QT_TRANSLATE_NOOP("Labels", "电子银行"),
    PlanGoal.MAINTAIN: QT_TRANSLATE_NOOP("Labels", "维护"), PlanGoal.OTHER: QT_TRANSLATE_NOOP("Labels", "其他"),
}
PROPOSAL_STATUSES = {
    ProposalStatus.DRAFT: QT_TRANSLATE_NOOP("Labels", "草稿"),
    ProposalStatus.SUBMITTED: QT_TRANSLATE_NOOP("Labels", "待审核"),
    ProposalStatus.APPROVED: QT_TRANSLATE_NOOP("Labels", "已批准"),
    ProposalStatus.RETURNED: QT_TRANSLATE_NOOP("Labels", "已退回"),
    ProposalStatus.DELIVERED: QT_TRANSLATE_NOOP("Labels", "已交付"),
    ProposalStatus.IMPLEMENTING: QT_TRANSLATE_NOOP("Labels", "实施中"),
    ProposalStatus.TRACKED: QT_TRANSLATE_NOOP("Labels", "跟踪中"),
}
PITCH_STAGES = {
    PitchStage.PROPOSED: QT_TRANSLATE_NOOP("Labels", "已推荐"),
    PitchStage.INTERESTED: QT_TRANSLATE_NOOP("Labels", "有意向"),
    PitchStage.APPLIED: QT_TRANSLATE_NOOP("Labels", "已申请"),
    PitchStage.WON: QT_TRANSLATE_NOOP("Labels", "成功"),
    PitchStage.LOST: QT_TRANSLATE_NOOP("Labels", "失败"),
}
PRODUCT_FAMILIES = {
    ProductFamily.DEPOSIT: QT_TRANSLATE_NOOP("Labels", "存款"),
    ProductFamily.CASH_MANAGEMENT: QT_TRANSLATE_NOOP("Labels", "现金管理"),
    ProductFamily.WEALTH: QT_TRANSLATE_NOOP("Labels", "财富"),
    ProductFamily.CREDIT: QT_TRANSLATE_NOOP("Labels", "信贷"),
    ProductFamily.SETTLEMENT: QT_TRANSLATE_NOOP("Labels", "结算"),
    ProductFamily.ACQUIRING: QT_TRANSLATE_NOOP("Labels", "收单"),
    ProductFamily.CARD: QT_TRANSLATE_NOOP("Labels", "银行卡"),
    ProductFamily.E_BANKING: QT_TRANSLATE_NOOP("Labels", "电子银行"),
}
COMPLAINT_CHANNELS = {
    ComplaintChannel.PHONE: QT_TRANSLATE_NOOP("Labels", "电话"),
    ComplaintChannel.EMAIL: QT_TRANSLATE_NOOP("Labels", "邮件"),
    ComplaintChannel.LETTER: QT_TRANSLATE_NOOP("Labels", "信函"),
    ComplaintChannel.ONLINE: QT_TRANSLATE_NOOP("Labels", "在线客服"),
    ComplaintChannel.IN_PERSON: QT_TRANSLATE_NOOP("Labels", "当面"),
}
COMPLAINT_CATEGORIES = {
    ComplaintCategory.PRODUCT: QT_TRANSLATE_NOOP("Labels", "产品投诉"),
    ComplaintCategory.SERVICE: QT_TRANSLATE_NOOP("Labels", "服务投诉"),
    ComplaintCategory.POLICY: QT_TRANSLATE_NOOP("Labels", "政策投诉"),
    ComplaintCategory.OTHER: QT_TRANSLATE_NOOP("Labels", "其他"),
}
COMPLAINT_STATUSES = {
    ComplaintStatus.RECEIVED: QT_TRANSLATE_NOOP("Labels", "已受理"),
    ComplaintStatus.CLASSIFIED: QT_TRANSLATE_NOOP("Labels", "已分类"),
    ComplaintStatus.HANDLING: QT_TRANSLATE_NOOP("Labels", "处理中"),
    ComplaintStatus.RESOLVED: QT_TRANSLATE_NOOP("Labels", "已解决"),
    ComplaintStatus.FED_BACK: QT_TRANSLATE_NOOP("Labels", "已反馈"),
    ComplaintStatus.FOLLOW_UP: QT_TRANSLATE_NOOP("Labels", "跟进服务"),
    ComplaintStatus.CLOSED: QT_TRANSLATE_NOOP("Labels", "已关闭"),
}


def label(table: dict, value: object) -> str:  # type: ignore[type-arg]
    text = table.get(value)
    return QCoreApplication.translate(_T, text) if text else str(getattr(value, "value", value) or "")


def client_kind_label(kind: ClientKind) -> str:
    return label(CLIENT_KINDS, kind)


def client_status_label(status: ClientStatus) -> str:
    return label(CLIENT_STATUSES, status)


def industry_label(section: str) -> str:
    return label(INDUSTRIES, section) if section else ""


def fen_to_wan(fen: int) -> str:
    """分 → 万元 with two decimals, the unit branch reports use."""
    return f"{fen / 1_000_000:,.2f}"


def fen_to_yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


# --- visits, plans and follow-ups (appended for the 今日 / 拜访 / 计划 screens) ---------------------

from datetime import date  # noqa: E402 (appended section: the import block above is shared)

from crm.domain.enums import PlanItemStatus, TaskKind, TaskStatus  # noqa: E402

TASK_KINDS = {
    TaskKind.FOLLOW_UP: QT_TRANSLATE_NOOP("Labels", "跟进"),
    TaskKind.RETURN_VISIT: QT_TRANSLATE_NOOP("Labels", "定期回访"),
    TaskKind.REPAYMENT: QT_TRANSLATE_NOOP("Labels", "还款提醒"),
    TaskKind.COLLECTION: QT_TRANSLATE_NOOP("Labels", "逾期催收"),
    TaskKind.COLLATERAL_CHECK: QT_TRANSLATE_NOOP("Labels", "担保物检查"),
    TaskKind.FUND_USE: QT_TRANSLATE_NOOP("Labels", "资金用途监控"),
    TaskKind.PROJECT_CHECK: QT_TRANSLATE_NOOP("Labels", "项目检查"),
    TaskKind.MATURITY: QT_TRANSLATE_NOOP("Labels", "到期提醒"),
    TaskKind.KYC_REFRESH: QT_TRANSLATE_NOOP("Labels", "资料更新"),
    TaskKind.OTHER: QT_TRANSLATE_NOOP("Labels", "其他"),
}
TASK_STATUSES = {
    TaskStatus.OPEN: QT_TRANSLATE_NOOP("Labels", "待办"),
    TaskStatus.DONE: QT_TRANSLATE_NOOP("Labels", "已完成"),
    TaskStatus.CANCELLED: QT_TRANSLATE_NOOP("Labels", "已取消"),
}
PLAN_ITEM_STATUSES = {
    PlanItemStatus.PLANNED: QT_TRANSLATE_NOOP("Labels", "计划中"),
    PlanItemStatus.DONE: QT_TRANSLATE_NOOP("Labels", "已完成"),
    PlanItemStatus.DELAYED: QT_TRANSLATE_NOOP("Labels", "已延迟"),
    PlanItemStatus.CANCELLED: QT_TRANSLATE_NOOP("Labels", "已取消"),
}
#: Monday first, as date.weekday() counts.
WEEKDAYS_SHORT = (
    QT_TRANSLATE_NOOP("Labels", "一"), QT_TRANSLATE_NOOP("Labels", "二"), QT_TRANSLATE_NOOP("Labels", "三"),
    QT_TRANSLATE_NOOP("Labels", "四"), QT_TRANSLATE_NOOP("Labels", "五"), QT_TRANSLATE_NOOP("Labels", "六"),
    QT_TRANSLATE_NOOP("Labels", "日"),
)
WEEKDAYS_LONG = (
    QT_TRANSLATE_NOOP("Labels", "星期一"), QT_TRANSLATE_NOOP("Labels", "星期二"),
    QT_TRANSLATE_NOOP("Labels", "星期三"), QT_TRANSLATE_NOOP("Labels", "星期四"),
    QT_TRANSLATE_NOOP("Labels", "星期五"), QT_TRANSLATE_NOOP("Labels", "星期六"),
    QT_TRANSLATE_NOOP("Labels", "星期日"),
)


def visit_mode_label(mode: VisitMode) -> str:
    return label(VISIT_MODES, mode)


def plan_goal_label(goal: PlanGoal) -> str:
    return label(PLAN_GOALS, goal)


def plan_status_label(status: PlanStatus) -> str:
    return label(PLAN_STATUSES, status)


def plan_item_status_label(status: PlanItemStatus) -> str:
    return label(PLAN_ITEM_STATUSES, status)


def task_kind_label(kind: TaskKind) -> str:
    return label(TASK_KINDS, kind)


def weekday_short(day: date) -> str:
    return QCoreApplication.translate(_T, str(WEEKDAYS_SHORT[day.weekday()]))


def weekday_long(day: date) -> str:
    return QCoreApplication.translate(_T, str(WEEKDAYS_LONG[day.weekday()]))


# --- products, suitability, proposals and claims (appended for the 产品 / 方案 / 审批 screens) -------

from crm.domain.enums import ClaimStatus, Disclosure, Liquidity, NeedArea, ProductRisk, RiskTolerance  # noqa: E402

NEED_AREAS = {
    NeedArea.FINANCING: QT_TRANSLATE_NOOP("Labels", "融资"),
    NeedArea.WEALTH: QT_TRANSLATE_NOOP("Labels", "理财"),
    NeedArea.SETTLEMENT: QT_TRANSLATE_NOOP("Labels", "结算"),
    NeedArea.RISK: QT_TRANSLATE_NOOP("Labels", "风险管理"),
    NeedArea.INTERNATIONAL: QT_TRANSLATE_NOOP("Labels", "国际业务"),
}
LIQUIDITIES = {
    Liquidity.DEMAND: QT_TRANSLATE_NOOP("Labels", "随时"),
    Liquidity.NOTICE: QT_TRANSLATE_NOOP("Labels", "通知支取"),
    Liquidity.TERM: QT_TRANSLATE_NOOP("Labels", "到期支取"),
    Liquidity.CLOSED: QT_TRANSLATE_NOOP("Labels", "封闭期"),
    Liquidity.NOT_APPLICABLE: QT_TRANSLATE_NOOP("Labels", "—"),
}
DISCLOSURES = {
    Disclosure.MARKET: QT_TRANSLATE_NOOP("Labels", "市场风险"),
    Disclosure.CREDIT: QT_TRANSLATE_NOOP("Labels", "信用风险"),
    Disclosure.LIQUIDITY: QT_TRANSLATE_NOOP("Labels", "流动性风险"),
    Disclosure.POLICY: QT_TRANSLATE_NOOP("Labels", "政策风险"),
    Disclosure.OPERATIONAL: QT_TRANSLATE_NOOP("Labels", "操作风险"),
}
PRODUCT_RISKS = {
    ProductRisk.R1: QT_TRANSLATE_NOOP("Labels", "R1 低风险"),
    ProductRisk.R2: QT_TRANSLATE_NOOP("Labels", "R2 中低风险"),
    ProductRisk.R3: QT_TRANSLATE_NOOP("Labels", "R3 中风险"),
    ProductRisk.R4: QT_TRANSLATE_NOOP("Labels", "R4 中高风险"),
    ProductRisk.R5: QT_TRANSLATE_NOOP("Labels", "R5 高风险"),
}
RISK_TOLERANCES = {
    RiskTolerance.C1: QT_TRANSLATE_NOOP("Labels", "C1 保守型"),
    RiskTolerance.C2: QT_TRANSLATE_NOOP("Labels", "C2 稳健型"),
    RiskTolerance.C3: QT_TRANSLATE_NOOP("Labels", "C3 平衡型"),
    RiskTolerance.C4: QT_TRANSLATE_NOOP("Labels", "C4 成长型"),
    RiskTolerance.C5: QT_TRANSLATE_NOOP("Labels", "C5 进取型"),
}
CLAIM_STATUSES = {
    ClaimStatus.PENDING: QT_TRANSLATE_NOOP("Labels", "待确认"),
    ClaimStatus.CONTESTED: QT_TRANSLATE_NOOP("Labels", "争议"),
    ClaimStatus.GRANTED: QT_TRANSLATE_NOOP("Labels", "已批准"),
    ClaimStatus.REJECTED: QT_TRANSLATE_NOOP("Labels", "已驳回"),
    ClaimStatus.WITHDRAWN: QT_TRANSLATE_NOOP("Labels", "已撤回"),
}
#: Why the suitability rule (适当性) refuses a sale, keyed by the rule's code; filled from its params.
SUITABILITY_REASONS = {
    "suitability.assessment_missing": QT_TRANSLATE_NOOP(
        "Labels", "客户尚无有效的风险承受能力评估，不得销售理财或有风险等级的产品"),
    "suitability.assessment_expired": QT_TRANSLATE_NOOP(
        "Labels", "客户的风险承受能力评估已于 {expires_on} 过期，须重新评估后方可销售理财产品"),
    "suitability.risk_above_tolerance": QT_TRANSLATE_NOOP(
        "Labels", "产品风险等级 {product_risk} 高于客户风险承受能力 {tolerance}，不得销售"),
    "suitability.product_risk_missing": QT_TRANSLATE_NOOP("Labels", "该理财产品未标注风险等级，不得销售"),
    "suitability.override_invalid": QT_TRANSLATE_NOOP(
        "Labels", "所选越权审批不适用于本次销售（已过期或针对其他情形）"),
}


def product_risk_label(risk: ProductRisk | None) -> str:
    return label(PRODUCT_RISKS, risk) if risk else ""


def risk_tolerance_label(tolerance: RiskTolerance | None) -> str:
    return label(RISK_TOLERANCES, tolerance) if tolerance else ""


def suitability_reason(code: str | None, params: dict | None = None) -> str:  # type: ignore[type-arg]
    """The translated reason for a suitability refusal; "" when allowed (code None)."""
    if not code:
        return ""
    template = SUITABILITY_REASONS.get(code)
    if template is None:
        return code
    values = {k: ("" if v is None else str(getattr(v, "value", v))) for k, v in (params or {}).items()}
    try:
        return QCoreApplication.translate(_T, str(template)).format(**values)
    except (KeyError, IndexError):
        return QCoreApplication.translate(_T, str(template))


# --- complaints, KPIs and sync (appended for the 投诉 / 业绩 / 同步 screens) --------------------------

from crm.domain.enums import FeedbackMode, KpiMetric, OutboxOp, ScoreItem  # noqa: E402

FEEDBACK_MODES = {
    FeedbackMode.WRITTEN: QT_TRANSLATE_NOOP("Labels", "书面"),
    FeedbackMode.PHONE: QT_TRANSLATE_NOOP("Labels", "电话"),
}
#: Departments complaints are routed to (crm.domain.rules.workflow.COMPLAINT_ROUTES).
DEPARTMENTS = {
    "product_dept": QT_TRANSLATE_NOOP("Labels", "产品部门"),
    "customer_service_dept": QT_TRANSLATE_NOOP("Labels", "客户服务部门"),
    "policy_dept": QT_TRANSLATE_NOOP("Labels", "政策部门"),
    "branch": QT_TRANSLATE_NOOP("Labels", "本网点"),
}
KPI_METRICS = {
    KpiMetric.DEPOSITS: QT_TRANSLATE_NOOP("Labels", "存款余额"),
    KpiMetric.DEPOSIT_NET_INCREASE: QT_TRANSLATE_NOOP("Labels", "存款净增"),
    KpiMetric.LOANS_ISSUED: QT_TRANSLATE_NOOP("Labels", "贷款发放"),
    KpiMetric.LOANS_COLLECTED: QT_TRANSLATE_NOOP("Labels", "到期贷款收回"),
    KpiMetric.INTEREST_COLLECTED: QT_TRANSLATE_NOOP("Labels", "利息收回"),
    KpiMetric.DEBIT_CARDS: QT_TRANSLATE_NOOP("Labels", "借记卡发卡"),
    KpiMetric.INSURANCE_PREMIUMS: QT_TRANSLATE_NOOP("Labels", "代理保险保费"),
    KpiMetric.PERSONAL_EBANKING: QT_TRANSLATE_NOOP("Labels", "个人网银"),
    KpiMetric.CORPORATE_EBANKING: QT_TRANSLATE_NOOP("Labels", "企业网银"),
    KpiMetric.SMS_ALERTS: QT_TRANSLATE_NOOP("Labels", "短信通知"),
    KpiMetric.VIP_CARDS: QT_TRANSLATE_NOOP("Labels", "贵宾卡"),
    KpiMetric.TRANSFER_PHONES: QT_TRANSLATE_NOOP("Labels", "转账电话"),
    KpiMetric.POS_TERMINALS: QT_TRANSLATE_NOOP("Labels", "POS 机"),
    KpiMetric.FEE_INCOME: QT_TRANSLATE_NOOP("Labels", "中间业务收入"),
    KpiMetric.PROFIT: QT_TRANSLATE_NOOP("Labels", "利润"),
    KpiMetric.EFFECTIVE_ACCOUNTS: QT_TRANSLATE_NOOP("Labels", "有效户数"),
    KpiMetric.EFFECTIVE_ACCOUNT_BALANCE: QT_TRANSLATE_NOOP("Labels", "有效户余额"),
}
KPI_UNITS = {
    "wan_yuan": QT_TRANSLATE_NOOP("Labels", "万元"),
    "count": QT_TRANSLATE_NOOP("Labels", "户/个"),
}
SCORE_ITEMS = {
    ScoreItem.EXTERNAL_VISITS: QT_TRANSLATE_NOOP("Labels", "外出客户拓展"),
    ScoreItem.CORPORATE_REFERRALS: QT_TRANSLATE_NOOP("Labels", "对公客户转推荐"),
    ScoreItem.DEPOSIT_GROWTH_ACCOUNTS: QT_TRANSLATE_NOOP("Labels", "存款上涨户数"),
    ScoreItem.PRODUCTS_SOLD: QT_TRANSLATE_NOOP("Labels", "产品营销个数"),
    ScoreItem.NEW_CLIENTS: QT_TRANSLATE_NOOP("Labels", "新客户拓展"),
    ScoreItem.WORK_LOG: QT_TRANSLATE_NOOP("Labels", "系统工作日志完成"),
}
#: Replicated entities by their wire name (crm.domain.models.ENTITY_TYPES).
ENTITIES = {
    "branch": QT_TRANSLATE_NOOP("Labels", "机构"), "user": QT_TRANSLATE_NOOP("Labels", "员工"),
    "client": QT_TRANSLATE_NOOP("Labels", "客户"), "contact": QT_TRANSLATE_NOOP("Labels", "联系人"),
    "holding": QT_TRANSLATE_NOOP("Labels", "持有产品"), "product": QT_TRANSLATE_NOOP("Labels", "产品"),
    "visit": QT_TRANSLATE_NOOP("Labels", "拜访记录"), "plan": QT_TRANSLATE_NOOP("Labels", "月度计划"),
    "plan_item": QT_TRANSLATE_NOOP("Labels", "计划条目"), "task": QT_TRANSLATE_NOOP("Labels", "跟进事项"),
    "override": QT_TRANSLATE_NOOP("Labels", "适当性越权审批"),
    "pitch": QT_TRANSLATE_NOOP("Labels", "产品营销"),
    "proposal": QT_TRANSLATE_NOOP("Labels", "服务方案"),
    "proposal_line": QT_TRANSLATE_NOOP("Labels", "方案产品"),
    "proposal_step": QT_TRANSLATE_NOOP("Labels", "方案实施步骤"),
    "complaint": QT_TRANSLATE_NOOP("Labels", "投诉"),
    "survey": QT_TRANSLATE_NOOP("Labels", "满意度调查"), "claim": QT_TRANSLATE_NOOP("Labels", "客户认领"),
    "kpi": QT_TRANSLATE_NOOP("Labels", "业绩指标"), "score_weight": QT_TRANSLATE_NOOP("Labels", "考核权重"),
    "conflict": QT_TRANSLATE_NOOP("Labels", "冲突"),
    "issued_document": QT_TRANSLATE_NOOP("Labels", "打印文档"),
}
OUTBOX_OPS = {
    OutboxOp.CREATE: QT_TRANSLATE_NOOP("Labels", "新建"),
    OutboxOp.PATCH: QT_TRANSLATE_NOOP("Labels", "修改"),
    OutboxOp.DELETE: QT_TRANSLATE_NOOP("Labels", "删除"),
    OutboxOp.COMMAND: QT_TRANSLATE_NOOP("Labels", "操作"),
}
#: Field names people meet in conflicts and rejected changes; others are shown as they are.
FIELDS = {
    "legal_name": QT_TRANSLATE_NOOP("Labels", "客户名称"), "short_name": QT_TRANSLATE_NOOP("Labels", "简称"),
    "kind": QT_TRANSLATE_NOOP("Labels", "类型"), "status": QT_TRANSLATE_NOOP("Labels", "状态"),
    "uscc": QT_TRANSLATE_NOOP("Labels", "统一社会信用代码"),
    "id_number": QT_TRANSLATE_NOOP("Labels", "身份证号"),
    "address": QT_TRANSLATE_NOOP("Labels", "地址"), "credit_rating": QT_TRANSLATE_NOOP("Labels", "信用评级"),
    "risk_grade": QT_TRANSLATE_NOOP("Labels", "风险等级"),
    "guarantees": QT_TRANSLATE_NOOP("Labels", "担保情况"),
    "risk_tolerance": QT_TRANSLATE_NOOP("Labels", "风险承受能力"),
    "risk_assessed_on": QT_TRANSLATE_NOOP("Labels", "风险评估日期"),
    "risk_expires_on": QT_TRANSLATE_NOOP("Labels", "风险评估有效期"),
    "deposit_balance_fen": QT_TRANSLATE_NOOP("Labels", "存款余额（元）"),
    "loan_balance_fen": QT_TRANSLATE_NOOP("Labels", "贷款余额（元）"),
    "kyc_documents": QT_TRANSLATE_NOOP("Labels", "证照资料"),
    "kyc_refreshed_on": QT_TRANSLATE_NOOP("Labels", "资料更新日期"),
    "name": QT_TRANSLATE_NOOP("Labels", "名称/姓名"), "phones": QT_TRANSLATE_NOOP("Labels", "电话"),
    "email": QT_TRANSLATE_NOOP("Labels", "邮箱"), "title": QT_TRANSLATE_NOOP("Labels", "标题/职务"),
    "amount_fen": QT_TRANSLATE_NOOP("Labels", "金额（元）"),
    "rate_pct": QT_TRANSLATE_NOOP("Labels", "利率（%）"),
    "account_no": QT_TRANSLATE_NOOP("Labels", "账号"), "maturity_on": QT_TRANSLATE_NOOP("Labels", "到期日"),
    "opened_on": QT_TRANSLATE_NOOP("Labels", "开立日期"), "collateral": QT_TRANSLATE_NOOP("Labels", "担保物"),
    "collateral_value_fen": QT_TRANSLATE_NOOP("Labels", "担保物价值（元）"),
    "repayment_schedule": QT_TRANSLATE_NOOP("Labels", "还款计划"),
    "overdue_days": QT_TRANSLATE_NOOP("Labels", "逾期天数"),
    "visit_on": QT_TRANSLATE_NOOP("Labels", "拜访日期"), "completed": QT_TRANSLATE_NOOP("Labels", "已完成"),
    "goal_reached": QT_TRANSLATE_NOOP("Labels", "目标达成"), "needs": QT_TRANSLATE_NOOP("Labels", "客户需求"),
    "fee_standards": QT_TRANSLATE_NOOP("Labels", "收费标准"),
    "summary": QT_TRANSLATE_NOOP("Labels", "投诉摘要"),
    "channel": QT_TRANSLATE_NOOP("Labels", "渠道"), "target": QT_TRANSLATE_NOOP("Labels", "目标值"),
    "actual": QT_TRANSLATE_NOOP("Labels", "实际值"), "weight": QT_TRANSLATE_NOOP("Labels", "权重"),
    "client_id": QT_TRANSLATE_NOOP("Labels", "客户"),
    "prospect_name": QT_TRANSLATE_NOOP("Labels", "目标客户名称"),
    "term": QT_TRANSLATE_NOOP("Labels", "期限"), "fee": QT_TRANSLATE_NOOP("Labels", "费用"),
    "step": QT_TRANSLATE_NOOP("Labels", "步骤"), "dimensions": QT_TRANSLATE_NOOP("Labels", "评分"),
    "conducted_on": QT_TRANSLATE_NOOP("Labels", "调查日期"),
    "progress": QT_TRANSLATE_NOOP("Labels", "营销进度"),
    "open_issues": QT_TRANSLATE_NOOP("Labels", "需要解决的问题"),
    "marketing_objective": QT_TRANSLATE_NOOP("Labels", "营销目标"),
    "entry_point": QT_TRANSLATE_NOOP("Labels", "营销切入点"),
    "notes": QT_TRANSLATE_NOOP("Labels", "备注"), "note": QT_TRANSLATE_NOOP("Labels", "备注"),
    "operating_status": QT_TRANSLATE_NOOP("Labels", "经营状况"),
    "repayment_capacity": QT_TRANSLATE_NOOP("Labels", "还款能力"),
    "tier": QT_TRANSLATE_NOOP("Labels", "层级"), "industry": QT_TRANSLATE_NOOP("Labels", "行业"),
    "ownership": QT_TRANSLATE_NOOP("Labels", "企业性质"), "size": QT_TRANSLATE_NOOP("Labels", "企业规模"),
    "region": QT_TRANSLATE_NOOP("Labels", "区域"), "district": QT_TRANSLATE_NOOP("Labels", "区县"),
    "lifecycle_stage": QT_TRANSLATE_NOOP("Labels", "生命周期阶段"),
    "is_tech": QT_TRANSLATE_NOOP("Labels", "科技型企业"),
    "without_loans": QT_TRANSLATE_NOOP("Labels", "无贷户"),
    "effective_account": QT_TRANSLATE_NOOP("Labels", "有效户"),
    "last_visit_on": QT_TRANSLATE_NOOP("Labels", "最近拜访"), "mode": QT_TRANSLATE_NOOP("Labels", "方式"),
    "purpose": QT_TRANSLATE_NOOP("Labels", "拜访目的"), "overview": QT_TRANSLATE_NOOP("Labels", "概况"),
    "information": QT_TRANSLATE_NOOP("Labels", "获取的信息"),
    "next_steps": QT_TRANSLATE_NOOP("Labels", "下一步"),
    "contact_name": QT_TRANSLATE_NOOP("Labels", "沟通人"),
    "due_on": QT_TRANSLATE_NOOP("Labels", "到期日"), "comments": QT_TRANSLATE_NOOP("Labels", "意见"),
    "details": QT_TRANSLATE_NOOP("Labels", "详情"), "resolution": QT_TRANSLATE_NOOP("Labels", "处理结果"),
    "follow_up": QT_TRANSLATE_NOOP("Labels", "跟进服务"),
    "cover_letter": QT_TRANSLATE_NOOP("Labels", "致客户函"),
    "cooperation": QT_TRANSLATE_NOOP("Labels", "合作情况"),
    "service_content": QT_TRANSLATE_NOOP("Labels", "服务内容"),
    "service_process": QT_TRANSLATE_NOOP("Labels", "服务流程"),
    "responsible": QT_TRANSLATE_NOOP("Labels", "负责人"), "done": QT_TRANSLATE_NOOP("Labels", "已完成"),
    "goal": QT_TRANSLATE_NOOP("Labels", "目标"), "goal_text": QT_TRANSLATE_NOOP("Labels", "目标说明"),
    "planned_days": QT_TRANSLATE_NOOP("Labels", "计划日期"),
    "product_ids": QT_TRANSLATE_NOOP("Labels", "产品"), "product_id": QT_TRANSLATE_NOOP("Labels", "产品"),
    "currency": QT_TRANSLATE_NOOP("Labels", "币种"), "guarantee": QT_TRANSLATE_NOOP("Labels", "保证"),
    "loan_classification": QT_TRANSLATE_NOOP("Labels", "五级分类"),
    "prior": QT_TRANSLATE_NOOP("Labels", "上年同期"), "is_primary": QT_TRANSLATE_NOOP("Labels", "主要联系人"),
    "reason": QT_TRANSLATE_NOOP("Labels", "理由"),
}
#: Why the ledger refused a change, by its stable code; see rejection_reason() for the fall-backs.
REJECTION_REASONS = {
    "permission.role": QT_TRANSLATE_NOOP("Labels", "您的角色无权执行此操作"),
    "field.forbidden": QT_TRANSLATE_NOOP("Labels", "该字段不允许修改"),
    "entity.server_owned": QT_TRANSLATE_NOOP("Labels", "此类记录只能由服务器维护"),
    "record.changed_since": QT_TRANSLATE_NOOP("Labels", "记录已在服务器上被他人修改，请查看最新内容后重试"),
    "record.exists": QT_TRANSLATE_NOOP("Labels", "服务器上已有同一记录"),
    "record.integrity": QT_TRANSLATE_NOOP("Labels", "修改引用的记录在服务器上不存在或已删除"),
    "conflict.stale": QT_TRANSLATE_NOOP("Labels", "该冲突已被处理或已过期"),
    "conflict.choice_invalid": QT_TRANSLATE_NOOP("Labels", "冲突处理方式无效"),
    "command.noop": QT_TRANSLATE_NOOP("Labels", "该操作在服务器上已无需执行"),
    "command.unknown": QT_TRANSLATE_NOOP("Labels", "服务器不认识此操作，请升级程序"),
    "command.payload_invalid": QT_TRANSLATE_NOOP("Labels", "操作内容不完整或无效"),
    "mutation.invalid": QT_TRANSLATE_NOOP("Labels", "修改内容无效"),
    "mutation.field_unknown": QT_TRANSLATE_NOOP("Labels", "服务器不认识修改中的字段，请升级程序"),
    "patch.empty": QT_TRANSLATE_NOOP("Labels", "修改中没有可保存的内容"),
    "client.duplicate_uscc": QT_TRANSLATE_NOOP("Labels", "已存在相同统一社会信用代码的客户"),
    "client.not_owner": QT_TRANSLATE_NOOP("Labels", "只有该客户的客户经理或网点负责人可以修改"),
    "client.assign_requires_head": QT_TRANSLATE_NOOP("Labels", "只有网点负责人可以分配客户"),
    "plan.duplicate": QT_TRANSLATE_NOOP("Labels", "该月份的计划已存在"),
    "plan.amendment_open": QT_TRANSLATE_NOOP("Labels", "该计划已有一份未完成的变更草稿"),
    "plan.amendment_created": QT_TRANSLATE_NOOP("Labels", "计划已获批准，修改已转为变更草稿，请提交审批"),
    "plan.amendment_updated": QT_TRANSLATE_NOOP("Labels", "计划已获批准，修改已并入变更草稿，请提交审批"),
    "claim.client_owned": QT_TRANSLATE_NOOP("Labels", "该客户已有客户经理，不能认领"),
    "claim.duplicate": QT_TRANSLATE_NOOP("Labels", "您已认领过该客户"),
    "product.inactive": QT_TRANSLATE_NOOP("Labels", "产品已停售"),
    "complaint.not_handler": QT_TRANSLATE_NOOP("Labels", "您不是该投诉的经办人"),
}
_REJECTED_OTHER = QT_TRANSLATE_NOOP("Labels", "服务器拒绝了此修改（{0}）")
_REJECTION_PATTERNS = (
    (".role_forbidden", QT_TRANSLATE_NOOP("Labels", "您的角色无权执行此操作")),
    (".transition_invalid", QT_TRANSLATE_NOOP("Labels", "记录状态已在服务器上改变，此操作不再适用")),
    (".not_found", QT_TRANSLATE_NOOP("Labels", "记录在服务器上不存在，或已不在您的权限范围内")),
    (".required", QT_TRANSLATE_NOOP("Labels", "缺少必填内容")),
)


def kpi_metric_label(metric: KpiMetric) -> str:
    return label(KPI_METRICS, metric)


def score_item_label(item: ScoreItem) -> str:
    return label(SCORE_ITEMS, item)


def department_label(code: str) -> str:
    return label(DEPARTMENTS, code) if code else ""


def entity_label(entity: str) -> str:
    return label(ENTITIES, entity)


def field_label(field: str) -> str:
    return label(FIELDS, field)


def rejection_reason(code: str, detail: str = "") -> str:
    """The translated reason for a change the ledger refused; the code is kept for support."""
    text = REJECTION_REASONS.get(code)
    if text is None:
        text = next((t for suffix, t in _REJECTION_PATTERNS if code.endswith(suffix) or f"{suffix}_" in code),
                    None)
    if text is not None:
        return QCoreApplication.translate(_T, str(text))
    from crm.domain.errors import DomainError
    from crm.messages import MESSAGES, render

    if code in MESSAGES and "{" not in MESSAGES[code][0]:  # no parameters are kept with a rejection
        return render(DomainError(code), "en" if _english() else "zh_CN")
    return QCoreApplication.translate(_T, str(_REJECTED_OTHER)).format(code)


def _english() -> bool:
    from PySide6.QtCore import QLocale

    return QLocale().language() == QLocale.Language.English

#: Workflow commands in the outbox by their verb (plan.submit → submit); see docs/sync-protocol.md.
COMMAND_VERBS = {
    "submit": QT_TRANSLATE_NOOP("Labels", "提交"), "withdraw": QT_TRANSLATE_NOOP("Labels", "撤回"),
    "approve": QT_TRANSLATE_NOOP("Labels", "批准"), "return": QT_TRANSLATE_NOOP("Labels", "退回"),
    "amend": QT_TRANSLATE_NOOP("Labels", "变更"), "revise": QT_TRANSLATE_NOOP("Labels", "修订"),
    "deliver": QT_TRANSLATE_NOOP("Labels", "交付"), "start": QT_TRANSLATE_NOOP("Labels", "开始实施"),
    "track": QT_TRANSLATE_NOOP("Labels", "跟踪"), "create": QT_TRANSLATE_NOOP("Labels", "认领"),
    "settle": QT_TRANSLATE_NOOP("Labels", "裁定"), "assign": QT_TRANSLATE_NOOP("Labels", "分配"),
    "resolve": QT_TRANSLATE_NOOP("Labels", "处理"), "classify": QT_TRANSLATE_NOOP("Labels", "分类转交"),
    "handle": QT_TRANSLATE_NOOP("Labels", "开始处理"), "feed_back": QT_TRANSLATE_NOOP("Labels", "结果反馈"),
    "follow_up": QT_TRANSLATE_NOOP("Labels", "跟进服务"), "close": QT_TRANSLATE_NOOP("Labels", "结案"),
    "reopen": QT_TRANSLATE_NOOP("Labels", "重新处理"), "review": QT_TRANSLATE_NOOP("Labels", "点评"),
}


def change_label(op: OutboxOp | str, name: str = "") -> str:
    """新建 / 修改 / 删除, or the workflow step of a command (“提交”, “处理”…)."""
    op = OutboxOp(op)
    if op is OutboxOp.COMMAND and name:
        verb = name.rsplit(".", 1)[-1]
        return label(COMMAND_VERBS, verb) if verb in COMMAND_VERBS else name
    return label(OUTBOX_OPS, op)
