"""Every enumeration of the business (DOMAIN.md), with stable string values stored in the database."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    RM = "rm"
    BRANCH_HEAD = "branch_head"
    ADMIN = "admin"


class RmKind(StrEnum):
    CORPORATE = "corporate"  # 对公/法人客户经理
    PERSONAL = "personal"  # 个人客户经理
    GENERAL = "general"  # 综合客户经理


class BranchLevel(StrEnum):
    HEAD_OFFICE = "head_office"  # 总行
    BRANCH = "branch"  # 分行
    SUB_BRANCH = "sub_branch"  # 支行
    OUTLET = "outlet"  # 网点


class ClientKind(StrEnum):
    CORPORATE = "corporate"  # 企业客户
    INSTITUTION = "institution"  # 机构
    MERCHANT_SMALL = "merchant_small"  # 小型商户
    MERCHANT_LARGE = "merchant_large"  # 中大型商户
    MERCHANT_ACQUIRING = "merchant_acquiring"  # 特约商户
    PERSONAL = "personal"  # 普通个人
    PERSONAL_VIP = "personal_vip"  # 贵宾
    PERSONAL_HNW = "personal_hnw"  # 高净值

    @property
    def is_person(self) -> bool:
        return self in (ClientKind.PERSONAL, ClientKind.PERSONAL_VIP, ClientKind.PERSONAL_HNW)


class ClientStatus(StrEnum):
    PROSPECT = "prospect"  # 目标客户
    ACTIVE = "active"  # 存量客户
    DORMANT = "dormant"
    CLOSED = "closed"


class ClientTier(StrEnum):
    """Tier by deposit size; drives the return-visit cadence."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"


class LifecycleStage(StrEnum):
    STARTUP = "startup"  # 初创期
    GROWTH = "growth"  # 成长期
    MATURE = "mature"  # 成熟期
    TRANSITION = "transition"  # 转型期


class RiskTolerance(StrEnum):
    """Client wealth risk tolerance from the suitability questionnaire."""

    C1 = "C1"
    C2 = "C2"
    C3 = "C3"
    C4 = "C4"
    C5 = "C5"

    @property
    def level(self) -> int:
        return int(self.value[1])


class ProductRisk(StrEnum):
    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"

    @property
    def level(self) -> int:
        return int(self.value[1])


class KycDocument(StrEnum):
    """The three documents the unified social credit code replaced (三证合一)."""

    BUSINESS_LICENCE = "business_licence"  # 营业执照
    ORG_CODE = "org_code"  # 组织机构代码证
    TAX_REGISTRATION = "tax_registration"  # 税务登记证


class HoldingKind(StrEnum):
    ACCOUNT = "account"
    DEPOSIT = "deposit"
    LOAN = "loan"
    WEALTH = "wealth"


class AccountType(StrEnum):
    BASIC = "basic"  # 基本账户
    GENERAL = "general"  # 一般存款户
    SPECIAL = "special"  # 专用存款账户
    SETTLEMENT = "settlement"  # 结算账户
    FOREIGN = "foreign"  # 外汇账户


class ProductFamily(StrEnum):
    DEPOSIT = "deposit"
    CASH_MANAGEMENT = "cash_management"
    WEALTH = "wealth"
    CREDIT = "credit"
    SETTLEMENT = "settlement"
    ACQUIRING = "acquiring"
    CARD = "card"
    E_BANKING = "e_banking"


class Liquidity(StrEnum):
    DEMAND = "demand"  # 随时
    NOTICE = "notice"  # 通知
    TERM = "term"  # 到期
    CLOSED = "closed"  # 封闭期
    NOT_APPLICABLE = "n/a"


class Disclosure(StrEnum):
    """The five wealth risk disclosures (理财风险提示)."""

    MARKET = "market"
    CREDIT = "credit"
    LIQUIDITY = "liquidity"
    POLICY = "policy"
    OPERATIONAL = "operational"


class VisitMode(StrEnum):
    ON_SITE = "on_site"  # 上门
    PHONE = "phone"  # 电话
    VIDEO = "video"
    AT_BRANCH = "at_branch"  # 网点


class PlanGoal(StrEnum):
    OPEN_ACCOUNT = "open_account"  # 开户
    DEPOSIT = "deposit"  # 存款
    LOAN = "loan"  # 贷款
    WEALTH = "wealth"  # 理财
    SETTLEMENT = "settlement"  # 结算
    CARD = "card"  # 发卡
    E_BANKING = "e_banking"
    MAINTAIN = "maintain"  # 维护
    OTHER = "other"


class PlanStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    AMENDED = "amended"  # an amendment draft of an approved plan


class PlanItemStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    DELAYED = "delayed"  # 延迟至…
    CANCELLED = "cancelled"


class PitchStage(StrEnum):
    PROPOSED = "proposed"
    INTERESTED = "interested"
    APPLIED = "applied"
    WON = "won"
    LOST = "lost"


class NeedArea(StrEnum):
    FINANCING = "financing"  # 融资
    WEALTH = "wealth"  # 理财
    SETTLEMENT = "settlement"  # 结算
    RISK = "risk"  # 风险管理
    INTERNATIONAL = "international"  # 国际业务


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    DELIVERED = "delivered"
    IMPLEMENTING = "implementing"
    TRACKED = "tracked"


class ComplaintChannel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    ONLINE = "online"
    IN_PERSON = "in_person"


class ComplaintCategory(StrEnum):
    PRODUCT = "product"  # → product department
    SERVICE = "service"  # → customer-service department
    POLICY = "policy"  # → policy department
    OTHER = "other"


class ComplaintStatus(StrEnum):
    RECEIVED = "received"
    CLASSIFIED = "classified"
    HANDLING = "handling"
    RESOLVED = "resolved"
    FED_BACK = "fed_back"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class FeedbackMode(StrEnum):
    WRITTEN = "written"  # 书面
    PHONE = "phone"  # 电话


class ClaimStatus(StrEnum):
    PENDING = "pending"  # claimed once, awaiting confirmation
    CONTESTED = "contested"  # claimed by two or more: the branch head decides
    GRANTED = "granted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class TaskKind(StrEnum):
    FOLLOW_UP = "follow_up"
    RETURN_VISIT = "return_visit"
    REPAYMENT = "repayment"
    COLLECTION = "collection"
    COLLATERAL_CHECK = "collateral_check"
    FUND_USE = "fund_use"
    PROJECT_CHECK = "project_check"
    MATURITY = "maturity"
    KYC_REFRESH = "kyc_refresh"
    OTHER = "other"


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class KpiMetric(StrEnum):
    """Branch KPI metrics of DOMAIN.md §9 (amounts in 万元 unless a count)."""

    DEPOSITS = "deposits"
    DEPOSIT_NET_INCREASE = "deposit_net_increase"
    LOANS_ISSUED = "loans_issued"
    LOANS_COLLECTED = "loans_collected"
    INTEREST_COLLECTED = "interest_collected"
    DEBIT_CARDS = "debit_cards"
    INSURANCE_PREMIUMS = "insurance_premiums"
    PERSONAL_EBANKING = "personal_ebanking"
    CORPORATE_EBANKING = "corporate_ebanking"
    SMS_ALERTS = "sms_alerts"
    VIP_CARDS = "vip_cards"
    TRANSFER_PHONES = "transfer_phones"
    POS_TERMINALS = "pos_terminals"
    FEE_INCOME = "fee_income"
    PROFIT = "profit"
    EFFECTIVE_ACCOUNTS = "effective_accounts"
    EFFECTIVE_ACCOUNT_BALANCE = "effective_account_balance"


class ScoreItem(StrEnum):
    """RM scorecard items; their weights are configuration."""

    EXTERNAL_VISITS = "external_visits"  # 外出客户拓展
    CORPORATE_REFERRALS = "corporate_referrals"  # 对公客户转推荐
    DEPOSIT_GROWTH_ACCOUNTS = "deposit_growth_accounts"  # 存款上涨户数
    PRODUCTS_SOLD = "products_sold"  # 产品营销个数
    NEW_CLIENTS = "new_clients"  # 新客户拓展
    WORK_LOG = "work_log"  # 系统工作日志完成


class OutboxOp(StrEnum):
    CREATE = "create"
    PATCH = "patch"
    DELETE = "delete"
    COMMAND = "command"
