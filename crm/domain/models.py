"""SQLModel tables of the business (DOMAIN.md), shared by the laptop store and the central ledger."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from crm.domain.enums import (
    AccountType,
    BranchLevel,
    ClaimStatus,
    ClientKind,
    ClientStatus,
    ClientTier,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    FeedbackMode,
    HoldingKind,
    KpiMetric,
    LifecycleStage,
    Liquidity,
    OutboxOp,
    PitchStage,
    PlanGoal,
    PlanItemStatus,
    PlanStatus,
    ProductFamily,
    ProductRisk,
    ProposalStatus,
    RiskTolerance,
    RmKind,
    Role,
    ScoreItem,
    TaskKind,
    TaskStatus,
    VisitMode,
)
from crm.domain.ids import new_id
from crm.domain.types import EnumText, UTCDateTime, utcnow


def _enum(enum_cls: type[StrEnum], default: Any = ..., *, nullable: bool = False, index: bool = False) -> Any:
    return Field(default=default, sa_type=EnumText(enum_cls), nullable=nullable, index=index)


def _json(default_factory: Any = list) -> Any:
    return Field(default_factory=default_factory, sa_type=sa.JSON, nullable=False)


def _ts(*, nullable: bool = True, default: Any = None, index: bool = False) -> Any:
    if default is None and not nullable:
        return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=index)
    return Field(default=default, sa_type=UTCDateTime, nullable=nullable, index=index)


def _money() -> Any:
    # 分 in a 64-bit integer: a 32-bit column overflows past 21,474,836.47 yuan on PostgreSQL.
    return Field(default=0, sa_type=sa.BigInteger, nullable=False)


def _fk(target: str, *, nullable: bool = False, index: bool = True) -> Any:
    return Field(default=None if nullable else ..., foreign_key=target, nullable=nullable, index=index,
                 max_length=36)


class SyncedTable(SQLModel):
    """Columns every replicated entity carries: a device-made UUIDv7, a version, a tombstone."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    # Bumped by the ledger on every accepted change; the local copy keeps the last version it saw.
    version: int = Field(default=0, nullable=False)
    # Per-field versions the three-way merge compares ("field" -> version of its last change).
    field_versions: dict[str, int] = _json(dict)
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)
    deleted: bool = Field(default=False, nullable=False)


# --- organisation -------------------------------------------------------------------------------


class Branch(SyncedTable, table=True):
    code: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=100)
    level: BranchLevel = _enum(BranchLevel, BranchLevel.SUB_BRANCH)
    parent_id: str | None = _fk("branch.id", nullable=True)
    address: str = ""
    phone: str = ""


class User(SyncedTable, table=True):
    """A member of staff; credentials live only on the ledger server (crm.sync.server)."""

    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(max_length=64)
    role: Role = _enum(Role)
    rm_kind: RmKind | None = _enum(RmKind, None, nullable=True)
    branch_id: str = _fk("branch.id")
    # Branches this user heads (a branch head may head one or more).
    heads_branch_ids: list[str] = _json()
    title: str = ""
    phone: str = ""
    email: str = ""
    active: bool = True


# --- clients ------------------------------------------------------------------------------------


class Client(SyncedTable, table=True):
    __table_args__ = (sa.Index("ix_client_branch_live_name", "branch_id", "deleted", "legal_name", "id"),)

    kind: ClientKind = _enum(ClientKind, index=True)
    status: ClientStatus = _enum(ClientStatus, ClientStatus.PROSPECT, index=True)
    legal_name: str = Field(max_length=200)
    short_name: str = ""
    uscc: str | None = Field(default=None, max_length=18, index=True)  # 统一社会信用代码
    id_number: str | None = Field(default=None, max_length=18, index=True)  # 身份证号 (persons)
    kyc_documents: dict[str, bool] = _json(dict)  # KycDocument -> on file (pre-三证合一 clients)
    kyc_refreshed_on: date | None = None
    industry: str = Field(default="", max_length=1, index=True)  # GB/T 4754 section letter A..T
    ownership: str = ""  # 企业性质
    size: str = ""  # 企业规模: large / medium / small / micro
    region: str = ""
    district: str = ""
    address: str = ""
    lifecycle_stage: LifecycleStage | None = _enum(LifecycleStage, None, nullable=True)
    is_tech: bool = False  # 是否科技型企业
    without_loans: bool = Field(default=False, index=True)  # 无贷户
    effective_account: bool = Field(default=False, index=True)  # 有效户
    operating_status: str = ""  # 经营状况
    credit_rating: str = ""  # 信用评级, e.g. AAA
    risk_grade: str = Field(default="", index=True)  # 风险等级 (五级分类: 正常/关注/次级/可疑/损失)
    repayment_capacity: str = ""
    guarantees: str = ""
    risk_tolerance: RiskTolerance | None = _enum(RiskTolerance, None, nullable=True)
    risk_assessed_on: date | None = None
    risk_expires_on: date | None = None
    owner_id: str | None = _fk("user.id", nullable=True)  # 营销责任人 (None: in the branch pool)
    maintainer_id: str | None = _fk("user.id", nullable=True)  # 维护责任人
    branch_id: str = _fk("branch.id")
    tier: ClientTier = _enum(ClientTier, ClientTier.D, index=True)
    deposit_balance_fen: int = _money()  # money is kept in 分 (integer), never floats
    loan_balance_fen: int = _money()
    marketing_objective: str = ""  # 营销目标
    entry_point: str = ""  # 营销切入点
    progress: str = ""  # 营销进度
    open_issues: str = ""  # 需要解决的问题
    notes: str = ""
    last_visit_on: date | None = None


class Contact(SyncedTable, table=True):
    client_id: str = _fk("client.id")
    name: str = Field(max_length=64)
    title: str = ""
    phones: list[str] = _json()
    email: str = ""
    is_primary: bool = False


class Holding(SyncedTable, table=True):
    """What the bank already provides the client: an account, deposit, loan or wealth product."""

    client_id: str = _fk("client.id")
    kind: HoldingKind = _enum(HoldingKind, index=True)
    product_id: str | None = _fk("product.id", nullable=True)
    name: str = ""
    account_type: AccountType | None = _enum(AccountType, None, nullable=True)
    account_no: str = ""
    currency: str = "CNY"
    amount_fen: int = _money()  # balance, principal or holding value
    rate_pct: float | None = None
    opened_on: date | None = None
    maturity_on: date | None = Field(default=None, index=True)
    # Loans: [{"due_on": "2026-01-20", "principal_fen": 0, "interest_fen": 0, "paid": false}, ...]
    repayment_schedule: list[dict[str, Any]] = _json()
    collateral: str = ""
    collateral_value_fen: int = _money()
    guarantee: str = ""
    collateral_check_on: date | None = None  # 担保物定期检查
    fund_use_check_on: date | None = None  # 资金用途监控
    project_check_on: date | None = None  # 项目检查
    overdue_days: int = 0
    loan_classification: str = ""


# --- catalogue ----------------------------------------------------------------------------------


class Product(SyncedTable, table=True):
    """Catalogue entry; server-owned, read-only on the laptop."""

    code: str = Field(max_length=32, unique=True, index=True)
    name: str = Field(max_length=100)
    family: ProductFamily = _enum(ProductFamily, index=True)
    risk: ProductRisk | None = _enum(ProductRisk, None, nullable=True)
    liquidity: Liquidity = _enum(Liquidity, Liquidity.NOT_APPLICABLE)
    term: str = ""
    rate_pct: float | None = None
    rate_text: str = ""
    min_amount_fen: int = _money()
    fee_standard: str = ""
    disclosures: list[str] = _json()  # Disclosure values printed with this product
    target_clients: str = ""
    description: str = ""
    active: bool = True


# --- visits, plans, tasks -----------------------------------------------------------------------


class Visit(SyncedTable, table=True):
    """目标客户拓展记录表: one visit, before / during-after / branch-head review."""

    client_id: str = _fk("client.id")
    rm_id: str = _fk("user.id")
    visit_on: date = Field(index=True)
    mode: VisitMode = _enum(VisitMode, VisitMode.ON_SITE)
    # before (客户拜访前假设)
    overview: str = ""
    purpose: str = ""
    contact_id: str | None = _fk("contact.id", nullable=True, index=False)
    contact_name: str = ""
    likely_needs: str = ""
    likely_objections: str = ""
    approach: str = ""
    # during / after (客户拜访中)
    completed: bool = False
    contact_met: str = ""
    information: str = ""
    goal_reached: bool | None = None
    goal_reason: str = ""
    next_steps: str = ""
    satisfaction: int | None = None  # 1..5
    # branch-head review (网点负责人点评)
    review_comment: str = ""
    reviewed_by: str | None = _fk("user.id", nullable=True, index=False)
    reviewed_at: datetime | None = _ts()


class Plan(SyncedTable, table=True):
    """目标客户月度工作计划: an RM's monthly visit / prospecting plan."""

    rm_id: str = _fk("user.id")
    branch_id: str = _fk("branch.id")
    month: str = Field(max_length=7, index=True)  # YYYY-MM
    status: PlanStatus = _enum(PlanStatus, PlanStatus.DRAFT, index=True)
    note: str = ""
    submitted_at: datetime | None = _ts()
    decided_at: datetime | None = _ts()
    decided_by: str | None = _fk("user.id", nullable=True, index=False)
    decision_comment: str = ""
    amends_plan_id: str | None = _fk("plan.id", nullable=True, index=False)


class PlanItem(SyncedTable, table=True):
    plan_id: str = _fk("plan.id")
    client_id: str | None = _fk("client.id", nullable=True)
    prospect_name: str = ""  # a prospect not yet in the client list
    goal: PlanGoal = _enum(PlanGoal, PlanGoal.MAINTAIN)
    goal_text: str = ""
    planned_days: list[str] = _json()  # ISO dates within the month (working days)
    product_ids: list[str] = _json()
    status: PlanItemStatus = _enum(PlanItemStatus, PlanItemStatus.PLANNED)
    delayed_to: date | None = None  # 延迟至…
    note: str = ""
    sort: int = 0


class FollowUpTask(SyncedTable, table=True):
    client_id: str | None = _fk("client.id", nullable=True)
    visit_id: str | None = _fk("visit.id", nullable=True)
    owner_id: str = _fk("user.id")
    kind: TaskKind = _enum(TaskKind, TaskKind.FOLLOW_UP)
    title: str = Field(max_length=200)
    due_on: date = Field(index=True)
    status: TaskStatus = _enum(TaskStatus, TaskStatus.OPEN, index=True)
    done_at: datetime | None = _ts()
    note: str = ""


# --- pitches and proposals ----------------------------------------------------------------------


class SuitabilityOverride(SyncedTable, table=True):
    """A branch head's recorded, audited permission to pitch a product the rules refuse."""

    client_id: str = _fk("client.id")
    product_id: str = _fk("product.id")
    approved_by: str = _fk("user.id", index=False)
    reason: str
    refused_code: str = ""
    valid_until: date | None = None


class Pitch(SyncedTable, table=True):
    """产品营销: one product pitched to one client."""

    client_id: str = _fk("client.id")
    product_id: str = _fk("product.id")
    rm_id: str = _fk("user.id")
    visit_id: str | None = _fk("visit.id", nullable=True, index=False)
    amount_fen: int = _money()
    stage: PitchStage = _enum(PitchStage, PitchStage.PROPOSED, index=True)
    lost_reason: str = ""
    override_id: str | None = _fk("suitabilityoverride.id", nullable=True, index=False)
    stage_changed_at: datetime = _ts(nullable=False)


class Proposal(SyncedTable, table=True):
    """服务方案 and the contents of its printed pack."""

    client_id: str = _fk("client.id")
    rm_id: str = _fk("user.id")
    title: str = Field(max_length=200)
    status: ProposalStatus = _enum(ProposalStatus, ProposalStatus.DRAFT, index=True)
    needs: dict[str, str] = _json(dict)  # NeedArea -> analysis text
    cover_letter: str = ""  # 致…函 body with the service philosophy
    cooperation: str = ""  # 双方合作现状
    service_content: str = ""
    service_process: str = ""
    fee_standards: str = ""
    submitted_at: datetime | None = _ts()
    decided_at: datetime | None = _ts()
    decided_by: str | None = _fk("user.id", nullable=True, index=False)
    decision_comment: str = ""
    delivered_at: datetime | None = _ts()


class ProposalLine(SyncedTable, table=True):
    proposal_id: str = _fk("proposal.id")
    product_id: str = _fk("product.id", index=False)
    amount_fen: int = _money()
    term: str = ""
    rate_pct: float | None = None
    fee: str = ""
    note: str = ""
    override_id: str | None = _fk("suitabilityoverride.id", nullable=True, index=False)
    sort: int = 0


class ProposalStep(SyncedTable, table=True):
    """One step of the implementation timetable, with the person responsible."""

    proposal_id: str = _fk("proposal.id")
    step: str
    responsible: str = ""
    due_on: date | None = None
    done: bool = False
    sort: int = 0


# --- complaints, surveys, claims ----------------------------------------------------------------


class Complaint(SyncedTable, table=True):
    client_id: str = _fk("client.id")
    rm_id: str = _fk("user.id")
    received_at: datetime = _ts(nullable=False, index=True)
    channel: ComplaintChannel = _enum(ComplaintChannel)
    category: ComplaintCategory | None = _enum(ComplaintCategory, None, nullable=True)
    department: str = ""
    status: ComplaintStatus = _enum(ComplaintStatus, ComplaintStatus.RECEIVED, index=True)
    summary: str = Field(max_length=200)
    details: str = ""
    respond_by: datetime = _ts(nullable=False)
    resolve_by: datetime = _ts(nullable=False)
    responded_at: datetime | None = _ts()
    resolved_at: datetime | None = _ts()
    resolution: str = ""
    feedback_mode: FeedbackMode | None = _enum(FeedbackMode, None, nullable=True)
    fed_back_at: datetime | None = _ts()
    follow_up: str = ""
    closed_at: datetime | None = _ts()


class Survey(SyncedTable, table=True):
    """满意度调查: one survey of one client."""

    client_id: str = _fk("client.id")
    rm_id: str = _fk("user.id")
    conducted_on: date = Field(index=True)
    cycle: str = ""  # e.g. 2026-H2
    dimensions: dict[str, int] = _json(dict)  # dimension -> score 1..5
    score: float = 0.0
    comments: str = ""


class ClientClaim(SyncedTable, table=True):
    """包户包效: a member of staff claiming a pooled client."""

    client_id: str = _fk("client.id")
    claimant_id: str = _fk("user.id")
    branch_id: str = _fk("branch.id")
    status: ClaimStatus = _enum(ClaimStatus, ClaimStatus.PENDING, index=True)
    reason: str = ""
    decided_by: str | None = _fk("user.id", nullable=True, index=False)
    decided_at: datetime | None = _ts()
    decision_comment: str = ""


# --- KPIs ---------------------------------------------------------------------------------------


class KpiFigure(SyncedTable, table=True):
    """Target and actual of one metric for a branch (or one RM) in one period."""

    branch_id: str = _fk("branch.id")
    rm_id: str | None = _fk("user.id", nullable=True)
    period: str = Field(max_length=7, index=True)  # YYYY or YYYY-MM
    metric: KpiMetric = _enum(KpiMetric)
    target: float | None = None  # 万元 or a count, see KpiMetric
    actual: float = 0.0
    prior: float | None = None  # same period a year before (for growth targets)


class ScoreWeight(SyncedTable, table=True):
    """RM scorecard weight of one item; configuration, not code."""

    branch_id: str = _fk("branch.id")
    item: ScoreItem = _enum(ScoreItem)
    weight: float
    target: float = 0.0


# --- printed documents --------------------------------------------------------------------------


class IssuedDocumentRecord(SyncedTable, table=True):
    """One printed document as issued: its id and hashes, so `crm report verify` can check a copy later.

    ``file_sha256`` covers the exact PDF bytes written, ``content_sha256`` the data printed (the QR code
    carries it). ``client_id`` is set for documents about one client (proposal pack, preparation sheet).
    """

    doc_id: str = Field(max_length=36, unique=True, index=True)
    doc_type: str = Field(max_length=64, index=True)
    title: str = Field(default="", max_length=200)
    file_sha256: str = Field(max_length=64)
    content_sha256: str = Field(max_length=64)
    pages: int = 0
    issued_by: str = _fk("user.id")
    issued_at: datetime = _ts(nullable=False)
    client_id: str | None = _fk("client.id", nullable=True)
    draft: bool = False


# --- local bookkeeping: audit trail and sync outbox (not replicated as entities) -----------------


class Conflict(SyncedTable, table=True):
    """A true concurrent change to a `queue` field, kept by the ledger for a person to resolve."""

    entity: str = Field(max_length=32)
    entity_id: str = Field(max_length=36, index=True)
    field: str = Field(max_length=64)
    base_value: Any = Field(default=None, sa_type=sa.JSON)
    mine_value: Any = Field(default=None, sa_type=sa.JSON)  # the pushing device's value
    theirs_value: Any = Field(default=None, sa_type=sa.JSON)  # the ledger's value at the time
    user_id: str = Field(max_length=36, index=True)  # whose mutation met the conflict
    mutation_id: str = Field(default="", max_length=36)
    resolved: bool = Field(default=False, index=True)
    resolution: str = ""  # mine / theirs / edit
    resolved_by: str | None = Field(default=None, max_length=36)
    resolved_at: datetime | None = _ts()


class AuditEvent(SQLModel, table=True):
    """One link of the hash-chained audit trail; rows are only ever appended."""

    __table_args__ = {"sqlite_autoincrement": True}

    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(default_factory=new_id, max_length=36, unique=True)
    at: datetime = _ts(nullable=False)
    actor_id: str | None = Field(default=None, max_length=36)
    action: str = Field(max_length=48, index=True)  # e.g. client.create, client.unmask, report.print
    entity: str = Field(default="", max_length=32)
    entity_id: str | None = Field(default=None, max_length=36, index=True)
    detail: dict[str, Any] = _json(dict)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class Outbox(SQLModel, table=True):
    """A local edit waiting to be pushed; `seq` is this device's mutation number (1, 2, 3…).

    AUTOINCREMENT: a mutation number is never reused, even after the queue drained to empty.
    """

    __table_args__ = {"sqlite_autoincrement": True}

    seq: int | None = Field(default=None, primary_key=True)
    mutation_id: str = Field(default_factory=new_id, max_length=36, unique=True)
    entity: str = Field(max_length=32)
    entity_id: str = Field(max_length=36, index=True)
    op: OutboxOp = _enum(OutboxOp)
    name: str = ""  # command name for op=command, e.g. plan.submit
    payload: dict[str, Any] = _json(dict)
    base_versions: dict[str, int] = _json(dict)
    created_at: datetime = _ts(nullable=False)
    attempts: int = 0
    last_error: str = ""


class SyncJournal(SQLModel, table=True):
    """Acknowledged mutations kept 30 days, replayed after the ledger is restored from a backup."""

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    mutation_id: str = Field(max_length=36, unique=True)
    entity: str = Field(max_length=32)
    entity_id: str = Field(max_length=36)
    op: OutboxOp = _enum(OutboxOp)
    name: str = ""
    payload: dict[str, Any] = _json(dict)
    base_versions: dict[str, int] = _json(dict)
    created_at: datetime = _ts(nullable=False)
    acked_at: datetime = _ts(nullable=False, index=True)
    result: str = ""


class ServerShadow(SQLModel, table=True):
    """The ledger's state of a row that has pending local edits (those are re-applied on top of it)."""

    entity: str = Field(primary_key=True, max_length=32)
    entity_id: str = Field(primary_key=True, max_length=36)
    data: dict[str, Any] = _json(dict)
    version: int = 0


class SyncRejection(SQLModel, table=True):
    """A mutation the ledger refused for good, shown to the user with its reason and a retry."""

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    mutation_id: str = Field(max_length=36, unique=True)
    entity: str = Field(max_length=32)
    entity_id: str = Field(max_length=36)
    op: OutboxOp = _enum(OutboxOp)
    name: str = ""
    payload: dict[str, Any] = _json(dict)
    code: str = Field(max_length=64)
    detail: str = ""
    at: datetime = _ts(nullable=False)
    dismissed: bool = False


class LocalSetting(SQLModel, table=True):
    """Small key/value state that belongs inside the encrypted store (sync cursor, workspace owner)."""

    key: str = Field(primary_key=True, max_length=64)
    value: Any = Field(default=None, sa_type=sa.JSON)


#: Entities replicated by sync, by the name used on the wire and in the outbox.
ENTITY_TYPES: dict[str, type[SyncedTable]] = {
    "branch": Branch,
    "user": User,
    "client": Client,
    "contact": Contact,
    "holding": Holding,
    "product": Product,
    "visit": Visit,
    "plan": Plan,
    "plan_item": PlanItem,
    "task": FollowUpTask,
    "override": SuitabilityOverride,
    "pitch": Pitch,
    "proposal": Proposal,
    "proposal_line": ProposalLine,
    "proposal_step": ProposalStep,
    "complaint": Complaint,
    "survey": Survey,
    "claim": ClientClaim,
    "kpi": KpiFigure,
    "score_weight": ScoreWeight,
    "conflict": Conflict,
    "issued_document": IssuedDocumentRecord,
}
ENTITY_NAMES: dict[type[SyncedTable], str] = {cls: name for name, cls in ENTITY_TYPES.items()}


class ReminderState(SQLModel, table=True):
    """What the user did with one reminder of this workspace (local only, never replicated).

    `key` is the reminder's stable key (rule, record and due date, e.g. ``repayment:<holding>:<due_on>``),
    so moving a date makes a new reminder and leaves this row behind. `status` is ``open`` or ``done``;
    `notified_at` is set once, in the transaction that hands the reminder to the UI (never twice).
    """

    key: str = Field(primary_key=True, max_length=160)
    status: str = Field(default="open", max_length=16)
    snoozed_until: datetime | None = _ts()
    notified_at: datetime | None = _ts()
    updated_at: datetime = _ts(nullable=False)
