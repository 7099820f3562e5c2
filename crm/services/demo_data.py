"""Deterministic demo data: a sub-branch (城中支行), its staff, a client book and a year of work.

``generate`` streams batches of plain row dicts, table by table in foreign-key order; ``write`` bulk-inserts
them into any SQLAlchemy engine or connection with the schema (the SQLCipher laptop store, the SQLite or
PostgreSQL ledger) with Core ``insert(table)`` executemany; ``fill_workspace`` does both for a workspace,
records its owner and rebuilds the client search index.

Same seed, counts and ``today`` -> the same rows, ids included: ids are UUIDv7 made by ``uuid7_from``
from the row's creation time and bits of a ``random.Random`` seeded per table. The demo rows are written
as if bootstrapped from the ledger (version 1): no audit events, no outbox mutations.

Speed matters (50,000 clients and 200,000 visits in well under a minute on two cores): texts are picked
from pre-formatted pools, ids and timestamps come from integer arithmetic, and on SQLite the writer
converts rows with generated per-table functions and runs the driver's executemany in a thread that
overlaps with generation.
"""

from __future__ import annotations

import json
import random
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import accumulate
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from crm.db.engine import compact_json
from crm.db.workspace import Workspace
from crm.domain.enums import (
    AccountType,
    BranchLevel,
    ClaimStatus,
    ClientKind,
    ClientStatus,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    FeedbackMode,
    HoldingKind,
    LifecycleStage,
    NeedArea,
    PitchStage,
    PlanGoal,
    PlanItemStatus,
    PlanStatus,
    ProductFamily,
    ProductRisk,
    ProposalStatus,
    RiskTolerance,
    Role,
    TaskKind,
    TaskStatus,
    VisitMode,
)
from crm.domain.errors import DomainError
from crm.domain.models import (
    Branch,
    Client,
    ClientClaim,
    Complaint,
    Contact,
    FollowUpTask,
    Holding,
    KpiFigure,
    LocalSetting,
    Pitch,
    Plan,
    PlanItem,
    Product,
    Proposal,
    ProposalLine,
    ProposalStep,
    ScoreWeight,
    SuitabilityOverride,
    Survey,
    User,
    Visit,
)
from crm.domain.rules.checksums import make_resident_id, make_uscc
from crm.domain.rules.suitability import check_suitability
from crm.domain.rules.workflow import complaint_deadlines, complaint_route
from crm.domain.types import EnumText, UTCDateTime
from crm.services import bulk
from crm.services import demo_pools as P

Row = dict[str, Any]
Batch = tuple[type[SQLModel], list[Row]]
Progress = Callable[[str, int, int], None]

BATCH_ROWS = 5_000  # rows per yielded batch and per INSERT executemany
COMMIT_EVERY = 250_000  # rows per transaction when ``write`` owns the connection
SQLITE_CACHE_KIB = 128 * 1024  # page cache while bulk loading (restored afterwards)
HISTORY_DAYS = 365  # visits cover the year up to ``today``
PLANNED_AHEAD_DAYS = 14  # and planned visits the next two weeks
PLAN_MONTHS = 6  # monthly plans: five past months and the current one
SCENARIOS_PER_GROUP = 400  # pre-assembled visit write-ups per client group
POOL_SHARE = 0.05  # existing clients without an owner (the branch pool)
# Money columns are INTEGER: 32-bit on PostgreSQL, so no amount may pass 21,474,836.47 yuan there.
MAX_FEN = 2**31 - 1

CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY_MS = 86_400_000
_HOUR_MS = 3_600_000
_CST_OFFSET_MS = 8 * _HOUR_MS

_PERSON_KINDS = (ClientKind.PERSONAL, ClientKind.PERSONAL_VIP, ClientKind.PERSONAL_HNW)
_KINDS = (
    ClientKind.CORPORATE, ClientKind.INSTITUTION, ClientKind.MERCHANT_SMALL, ClientKind.MERCHANT_LARGE,
    ClientKind.MERCHANT_ACQUIRING, ClientKind.PERSONAL, ClientKind.PERSONAL_VIP, ClientKind.PERSONAL_HNW,
)
_KIND_WEIGHTS = (26, 1.5, 12, 2.5, 6, 38, 12, 2)
# Text group of a kind: 0 company, 1 institution, 2 merchant, 3 person.
_GROUP = {
    ClientKind.CORPORATE: 0, ClientKind.INSTITUTION: 1, ClientKind.MERCHANT_SMALL: 2,
    ClientKind.MERCHANT_LARGE: 0, ClientKind.MERCHANT_ACQUIRING: 2, ClientKind.PERSONAL: 3,
    ClientKind.PERSONAL_VIP: 3, ClientKind.PERSONAL_HNW: 3,
}
# Median deposits in yuan (log-normal), by kind (companies by size below).
# (A sub-branch's scale: DOMAIN.md §9 gives 4.78亿 of deposits for the whole book.)
_DEPOSIT_MEDIAN = {
    ClientKind.INSTITUTION: 6_000_000, ClientKind.MERCHANT_SMALL: 80_000,
    ClientKind.MERCHANT_LARGE: 2_000_000, ClientKind.MERCHANT_ACQUIRING: 400_000,
    ClientKind.PERSONAL: 60_000, ClientKind.PERSONAL_VIP: 1_200_000, ClientKind.PERSONAL_HNW: 9_000_000,
}
_SIZE_DEPOSIT = {"large": 12_000_000, "medium": 4_000_000, "small": 1_000_000, "micro": 250_000}
_SIZE_LOAN = {"large": 15_000_000, "medium": 6_000_000, "small": 2_000_000, "micro": 600_000}
_LOAN_CHANCE = {
    ClientKind.CORPORATE: 0.35, ClientKind.INSTITUTION: 0.0, ClientKind.MERCHANT_SMALL: 0.08,
    ClientKind.MERCHANT_LARGE: 0.25, ClientKind.MERCHANT_ACQUIRING: 0.1, ClientKind.PERSONAL: 0.03,
    ClientKind.PERSONAL_VIP: 0.05, ClientKind.PERSONAL_HNW: 0.03,
}
_TOLERANCE_CHANCE = (0.35, 0.1, 0.25, 0.88)  # by group
_TOLERANCE_WEIGHTS = {
    ClientKind.PERSONAL: (10, 27, 36, 19, 8), ClientKind.PERSONAL_VIP: (6, 22, 36, 24, 12),
    ClientKind.PERSONAL_HNW: (3, 12, 30, 33, 22),
}
_CORPORATE_TOLERANCE_WEIGHTS = (25, 45, 25, 5, 0)
# Tier by deposit (分): A from 500万, B from 50万, C from 5万.
_TIER_LIMITS = ((500_000_000, "A"), (50_000_000, "B"), (5_000_000, "C"))
_RISK_GRADES = ("正常", "关注", "次级", "可疑", "损失")
_RISK_GRADE_WEIGHTS = (93, 4.5, 1.3, 0.8, 0.4)
_MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182",
    "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
)
_CONTACT_TITLES = (
    ("财务总监", "法定代表人", "财务经理", "总经理", "出纳", "会计", "行政主管"),
    ("财务科科长", "办公室主任", "总务处主任", "出纳"),
    ("经营者", "店长", "财务"),
    ("本人",),
)
_VISIT_MODES = (VisitMode.ON_SITE, VisitMode.PHONE, VisitMode.AT_BRANCH, VisitMode.VIDEO)
_VISIT_MODE_CUM = tuple(accumulate((55, 25, 15, 5)))
_AGES = {ClientKind.PERSONAL: (22, 78), ClientKind.PERSONAL_VIP: (30, 72), ClientKind.PERSONAL_HNW: (35, 70)}
_PITCH_OLD = ((PitchStage.WON, 0.45), (PitchStage.LOST, 0.75), (PitchStage.APPLIED, 0.8),
              (PitchStage.INTERESTED, 0.9), (PitchStage.PROPOSED, 1.1))
_PITCH_RECENT = ((PitchStage.WON, 0.25), (PitchStage.LOST, 0.4), (PitchStage.APPLIED, 0.6),
                 (PitchStage.INTERESTED, 0.85), (PitchStage.PROPOSED, 1.1))
_PITCH_NEW = ((PitchStage.PROPOSED, 0.5), (PitchStage.INTERESTED, 0.85), (PitchStage.APPLIED, 0.95),
              (PitchStage.WON, 1.1))
_TERMS = ((91, "三个月"), (182, "六个月"), (365, "一年"), (730, "二年"), (1095, "三年"))
_CORP_TD_RATES = (0.85, 1.05, 1.10, 1.20, 1.50)
_PERSON_TD_RATES = (0.65, 0.85, 0.95, 1.05, 1.25)
_LPR_1Y = 3.0
_COLLATERALS = (
    ("房产抵押：上海市长宁区{road}{n}号办公用房", 1.6), ("土地使用权抵押：{city}工业园区地块", 1.8),
    ("机器设备抵押", 1.3), ("应收账款质押", 1.2), ("存单质押", 1.05), ("", 0.0),
)
_GUARANTEES = (
    "法定代表人个人连带责任保证", "上海市中小微企业政策性融资担保基金保证", "关联企业连带责任保证", "",
)

# Candidate products by text group (codes of the bundled catalogue; unknown codes are skipped).
_PITCH_CODES = (
    ("DEP-TD-01", "DEP-NT-01", "DEP-SD-01", "CM-POOL-01", "CM-H2H-01", "CR-WC-01", "CR-WC-02", "CR-TL-01",
     "CR-CL-01", "CR-BA-01", "CR-CB-01", "CR-TF-01", "CR-FAC-01", "ST-AP-01", "ST-ACC-GEN", "ST-ACC-FX",
     "EB-CORP-01", "EB-SMS-01", "WM-R1-01", "WM-R2-01", "WM-MMF-01"),
    ("ST-AP-01", "ST-AD-01", "DEP-TD-01", "DEP-NT-01", "EB-CORP-01", "ST-ACC-SPE", "CD-DC-01", "CM-H2H-01"),
    ("AQ-POS-01", "AQ-QR-01", "CR-WC-02", "ST-ACC-SET", "EB-SMS-01", "EB-MOB-01", "CD-CC-01"),
    ("DEP-TD-02", "DEP-CD-01", "DEP-NT-02", "DEP-SD-01", "WM-R1-01", "WM-R2-01", "WM-R2-02", "WM-R3-01",
     "WM-R4-01", "WM-MMF-01", "WM-FUND-01", "WM-FUND-02", "WM-FUND-03", "WM-INS-01", "WM-INS-02",
     "WM-BOND-02", "WM-GOLD-02", "CD-CC-01", "CD-VIP-01", "EB-MOB-01", "CR-CL-02"),
)
_GOALS_BY_GROUP = (
    (PlanGoal.DEPOSIT, PlanGoal.LOAN, PlanGoal.SETTLEMENT, PlanGoal.E_BANKING, PlanGoal.MAINTAIN),
    (PlanGoal.SETTLEMENT, PlanGoal.DEPOSIT, PlanGoal.MAINTAIN),
    (PlanGoal.SETTLEMENT, PlanGoal.LOAN, PlanGoal.E_BANKING, PlanGoal.MAINTAIN),
    (PlanGoal.WEALTH, PlanGoal.DEPOSIT, PlanGoal.CARD, PlanGoal.E_BANKING, PlanGoal.MAINTAIN),
)
_SURVEY_DIMENSIONS = ("服务态度", "专业能力", "响应速度", "产品满意度", "整体满意度")


# --- results ----------------------------------------------------------------------------------------


@dataclass
class DemoSummary:
    """Rows written per table (table name -> count) and timings in seconds."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    write_seconds: dict[str, float] = field(default_factory=dict)  # time in executemany, per table
    index_seconds: float = 0.0
    head_id: str | None = None

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class DemoUser:
    id: str
    username: str
    display_name: str
    role: Role


# --- small helpers ----------------------------------------------------------------------------------


def _cum(weights: Iterable[float]) -> list[float]:
    return list(accumulate(weights))


def _day_ms(ordinal: int) -> int:
    """UTC milliseconds of 00:00 China time on the day ``ordinal``."""
    return (ordinal - _EPOCH_ORDINAL) * _DAY_MS - _CST_OFFSET_MS


def _dt(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def uuid7_text(ms: int, rng_bits: int) -> str:
    """Exactly ``crm.domain.ids.uuid7_from(ms, rng_bits)``, formatted without a UUID object (2-4x faster)."""
    counter = (rng_bits >> 62) & 0xFFF
    rand = rng_bits & 0x3FFFFFFFFFFFFFFF
    ms &= 0xFFFFFFFFFFFF
    return (f"{ms >> 16:08x}-{ms & 0xFFFF:04x}-{0x7000 | counter:04x}-{0x8000 | (rand >> 48):04x}-"
            f"{rand & 0xFFFFFFFFFFFF:012x}")


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, min(day.day, 28))


_LUHN_DOUBLED = {str(d): (2 * d if d < 5 else 2 * d - 9) for d in range(10)}


def _luhn(digits: str) -> str:
    """The Luhn check digit to append to ``digits`` (bank card numbers)."""
    doubled = sum(map(_LUHN_DOUBLED.__getitem__, digits[::-2]))
    total = doubled + sum(map(int, digits[-2::-2]))
    return str((10 - total % 10) % 10)


_ORG_VALUES = {c: (ord(c) - 48 if c.isdigit() else ord(c) - 55) for c in "0123456789ABCDEFGHJKLMNPQRTUWXY"}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_code(body8: str) -> str:
    """A 9-character organisation code (GB 11714): 8 characters and their check character."""
    total = sum(_ORG_VALUES[c] * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + ("X" if check == 10 else "0" if check == 11 else str(check))


def _wan(fen: int) -> str:
    """An amount in 分 as 万元 text for narratives."""
    wan = fen / 1_000_000
    return f"{wan:,.0f}" if wan >= 10 else f"{wan:.1f}"


class _C:
    """One client of the book while generating (struct of the fields later stages need)."""

    __slots__ = (
        "address",
        "age",
        "assessed",
        "contact_id",
        "contact_name",
        "created_ord",
        "deposit",
        "district",
        "expires",
        "group",
        "i",
        "id",
        "id_number",
        "industry",
        "is_tech",
        "kind",
        "kyc_ord",
        "last_visit",
        "lifecycle",
        "loans",
        "maintainer",
        "ms",
        "name",
        "overdue",
        "overview",
        "owner",
        "ownership",
        "rating",
        "region",
        "risk_grade",
        "short",
        "size",
        "status",
        "tier",
        "tol",
        "trade",
        "uscc",
    )

    address: str
    age: int
    assessed: int  # ordinal of the risk assessment, 0: none
    contact_id: str | None
    contact_name: str
    created_ord: int
    deposit: int  # 分
    district: str
    expires: int
    group: int  # text group: 0 company, 1 institution, 2 merchant, 3 person
    i: int
    id: str
    id_number: str | None
    industry: str
    is_tech: bool
    kind: ClientKind
    kyc_ord: int
    last_visit: int
    lifecycle: LifecycleStage | None
    loans: int
    maintainer: int  # RM index, -1: none
    ms: int  # created, UTC milliseconds
    name: str
    overdue: int  # days the first loan is overdue
    overview: str
    owner: int  # RM index, -1: in the branch pool
    ownership: str
    rating: str
    region: str
    risk_grade: str
    short: str
    size: str
    status: ClientStatus
    tier: str
    tol: int  # risk tolerance 1-5, 0: never assessed
    trade: str
    uscc: str | None


# --- the generator ----------------------------------------------------------------------------------


class DemoData:
    """An iterable of (model, rows) batches for one seed; iterate once. See ``generate``."""

    def __init__(self, *, seed: int, clients: int, visits: int, today: date,
                 catalogue: list[Any] | None = None, kpis: list[Any] | None = None,
                 score_weights: list[Any] | None = None, survey_dimensions: list[str] | None = None) -> None:
        if clients < 1 or visits < 0:
            raise ValueError("clients must be >= 1 and visits >= 0")
        self.seed = seed
        self.n_clients = clients
        self.n_visits = visits
        self.today = today
        self.today_ord = today.toordinal()
        # "Now" is 18:00 China time on ``today``: every timestamp generated is at or before it.
        self.now_ms = _day_ms(self.today_ord) + 18 * _HOUR_MS
        self.now = _dt(self.now_ms)
        if catalogue is None:
            from crm.services.products import default_catalogue

            catalogue = default_catalogue()
        if kpis is None:
            from crm.services.kpis import demo_kpis

            kpis = demo_kpis()
        if score_weights is None:
            from crm.services.kpis import default_score_weights

            try:
                score_weights = default_score_weights()
            except (OSError, ValueError, DomainError):
                score_weights = []
        self.catalogue = catalogue
        self.kpis = kpis
        self.score_weights = score_weights
        self.survey_dimensions = survey_dimensions or _load_survey_dimensions()
        self.expected = {"client": clients, "visit": visits}
        self._consumed = False
        self._org()

    # -- randomness and ids ---------------------------------------------------------------------------

    def _rng(self, name: str) -> random.Random:
        # One stream per purpose: adding rows to one table never shifts another table's rows.
        return random.Random(f"{self.seed}:{name}")

    def _ids(self, name: str) -> Callable[[int], str]:
        bits = self._rng(f"id:{name}").getrandbits

        def make(ms: int) -> str:
            return uuid7_text(ms, bits(74))

        return make

    def _base(self, id_: str, at: datetime) -> Row:
        return {"id": id_, "version": 1, "field_versions": {}, "created_at": at, "updated_at": at,
                "deleted": False}

    # -- organisation ---------------------------------------------------------------------------------

    def _org(self) -> None:
        """Branch hierarchy and staff; small, decided up front so callers know the head before writing."""
        rng = self._rng("org")
        ids = self._ids("org")
        founded = _day_ms(date(2008, 3, 18).toordinal()) + 9 * _HOUR_MS
        self.branch_rows: list[Row] = []
        parent = None
        for n, ((code, name, address, phone), level) in enumerate(zip(
                (P.HEAD_OFFICE, P.BRANCH, P.SUB_BRANCH),
                (BranchLevel.HEAD_OFFICE, BranchLevel.BRANCH, BranchLevel.SUB_BRANCH), strict=True)):
            at = _dt(founded + n * 1000)
            row = self._base(ids(founded + n * 1000), at)
            row.update(code=code, name=name, level=level, parent_id=parent, address=address, phone=phone)
            self.branch_rows.append(row)
            parent = row["id"]
        self.branch_id = parent
        self.users: list[DemoUser] = []
        self.user_rows: list[Row] = []
        self.rms: list[int] = []  # indexes into users
        self.rm_kind: list[str] = []
        heads: list[str] = []
        phones: set[str] = set()
        start = _day_ms(date(2015, 6, 1).toordinal()) + 9 * _HOUR_MS
        for n, (username, display, role, rm_kind, title) in enumerate(P.STAFF):
            ms = start + n * 1000
            row = self._base(ids(ms), _dt(ms))
            phone = _mobile(rng, phones)
            row.update(username=username, display_name=display, role=Role(role), rm_kind=rm_kind,
                       branch_id=self.branch_id,
                       heads_branch_ids=[self.branch_id] if role == "branch_head" else [],
                       title=title, phone=phone, email=f"{username}@example.com", active=True)
            self.user_rows.append(row)
            self.users.append(DemoUser(row["id"], username, display, Role(role)))
            if role == "rm":
                self.rms.append(n)
                self.rm_kind.append(rm_kind or "general")
            elif role == "branch_head":
                heads.append(row["id"])
        self.head_id = heads[0]
        self.head_ids = heads
        self.rm_ids = [self.users[n].id for n in self.rms]
        self.rm_names = [self.users[n].display_name for n in self.rms]
        self.showcase_rm = next(k for k, n in enumerate(self.rms) if self.users[n].username == P.SHOWCASE_RM)

    @property
    def demo_users(self) -> list[dict[str, str]]:
        return [{"username": u.username, "display_name": u.display_name, "role": u.role.value}
                for u in self.users]

    # -- iteration ------------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Batch]:
        if self._consumed:
            raise RuntimeError("demo data can be iterated only once; generate again")
        self._consumed = True
        return self._batches()

    def _batches(self) -> Iterator[Batch]:
        yield Branch, self.branch_rows
        yield User, self.user_rows
        yield Product, self._products()
        self._plan_clients()
        self._schedule_visits()
        yield from self._clients()
        yield from self._overrides()
        yield from self._visits()
        yield from self._plans()
        yield from self._proposals()
        yield from self._complaints()
        yield from self._surveys()
        yield from self._claims()
        yield from self._kpis()
        yield from self._duty_tasks()

    # -- catalogue ------------------------------------------------------------------------------------

    def _products(self) -> list[Row]:
        ids = self._ids("product")
        ms = _day_ms(date(2024, 12, 20).toordinal()) + 10 * _HOUR_MS
        rows: list[Row] = []
        self.products: list[Row] = []
        self.product_by_code: dict[str, Row] = {}
        for n, entry in enumerate(self.catalogue):
            values = entry.model_dump() if hasattr(entry, "model_dump") else dict(entry)
            disclosures = [getattr(d, "value", d) for d in values.get("disclosures") or []]
            row = self._base(ids(ms + n), _dt(ms + n))
            row.update(
                code=values["code"], name=values["name"], family=ProductFamily(values["family"]),
                risk=ProductRisk(values["risk"]) if values.get("risk") else None,
                liquidity=values.get("liquidity") or "n/a", term=values.get("term") or "",
                rate_pct=values.get("rate_pct"), rate_text=values.get("rate_text") or "",
                min_amount_fen=int(values.get("min_amount_fen") or 0),
                fee_standard=values.get("fee_standard") or "", disclosures=disclosures,
                target_clients=values.get("target_clients") or "",
                description=values.get("description") or "",
                active=bool(values.get("active", True)),
            )
            rows.append(row)
            self.product_by_code[row["code"]] = row
        self.products = [r for r in rows if r["active"]]
        self.pitch_candidates = []
        for codes in _PITCH_CODES:
            found = [self.product_by_code[c] for c in codes if c in self.product_by_code
                     and self.product_by_code[c]["active"]]
            if not found:  # an unfamiliar catalogue: anything that needs no suitability check
                found = [p for p in self.products
                         if p["risk"] is None and p["family"] is not ProductFamily.WEALTH]
            self.pitch_candidates.append(found)
        self.wealth = [p for p in self.products
                       if p["family"] is ProductFamily.WEALTH and p["risk"] is not None]
        return rows

    def _product(self, code: str) -> Row | None:
        row = self.product_by_code.get(code)
        return row if row is not None and row["active"] else None

    def _suitable(self, c: _C, product: Row, on: int) -> bool:
        """The suitability rule on day ``on`` and on ``today`` (a pitch must still be valid now)."""
        if product["risk"] is None and product["family"] is not ProductFamily.WEALTH:
            return True
        tolerance = RiskTolerance(f"C{c.tol}") if c.tol else None
        assessed = date.fromordinal(c.assessed) if c.assessed else None
        expires = date.fromordinal(c.expires) if c.expires else None
        if assessed is not None and assessed.toordinal() > on:
            return False  # not yet assessed when pitched
        for day in {on, self.today_ord}:
            result = check_suitability(tolerance=tolerance, assessed_on=assessed, expires_on=expires,
                                       product_family=product["family"], product_risk=product["risk"],
                                       today=date.fromordinal(day))
            if not result.allowed:
                return False
        return True

    # -- clients: skeleton ----------------------------------------------------------------------------

    def _plan_clients(self) -> None:
        """Decide every client's identity and profile (phase A); rows are built later, in batches."""
        rng = self._rng("clients")
        r = rng.random
        today = self.today_ord
        n = self.n_clients
        kinds = rng.choices(_KINDS, weights=_KIND_WEIGHTS, k=n)
        city_cum = _cum(P.CITY_WEIGHTS)
        business_cum = _cum(P.BUSINESS_WEIGHTS)
        ownership_cum = _cum(P.OWNERSHIP_WEIGHTS)
        size_cum = _cum(P.SIZE_WEIGHTS)
        rating_cum = _cum(P.CREDIT_RATING_WEIGHTS)
        grade_cum = _cum(_RISK_GRADE_WEIGHTS)
        division_cum = _cum(P.ID_DIVISION_WEIGHTS)
        corp_rms = [k for k, kind in enumerate(self.rm_kind) if kind in ("corporate", "general")]
        corp_w = _cum(1.0 if self.rm_kind[k] == "corporate" else 0.6 for k in corp_rms)
        pers_rms = [k for k, kind in enumerate(self.rm_kind) if kind in ("personal", "general")]
        pers_w = _cum(1.0 if self.rm_kind[k] == "personal" else 0.6 for k in pers_rms)
        names: set[str] = set()
        codes: set[str] = set()
        ids: set[str] = set()
        out: list[_C] = []
        for i in range(n):
            c = _C()
            c.i = i
            kind = kinds[i]
            c.kind = kind
            g = _GROUP[kind]
            c.group = g
            person = kind in _PERSON_KINDS
            x = r()
            if person:
                status = (ClientStatus.PROSPECT if x < 0.08 else ClientStatus.ACTIVE if x < 0.92
                          else ClientStatus.DORMANT if x < 0.98 else ClientStatus.CLOSED)
            else:
                status = (ClientStatus.PROSPECT if x < 0.17 else ClientStatus.ACTIVE if x < 0.93
                          else ClientStatus.DORMANT if x < 0.98 else ClientStatus.CLOSED)
            c.status = status
            # Client since: prospects in the last 18 months, others over the last twelve years.
            if status is ClientStatus.PROSPECT:
                created = today - 20 - int(r() * 530)
            else:
                created = today - 60 - int((r() ** 0.8) * 4300)
            c.created_ord = created
            c.ms = _day_ms(created) + 9 * _HOUR_MS + int(r() * 8 * _HOUR_MS)
            city, region, divisions = P.CITIES[bisect_right(city_cum, r() * city_cum[-1])] \
                if not person else P.CITIES[0]
            division, district = divisions[int(r() * len(divisions))]
            c.region = region
            c.district = district
            c.trade = ""
            c.size = ""
            c.ownership = ""
            c.industry = ""
            c.lifecycle = None
            c.is_tech = False
            c.rating = ""
            c.age = 0
            c.uscc = None
            c.id_number = None
            road_pick = r()
            if person:
                female = r() < 0.5
                given = P.FEMALE_GIVEN if female else P.MALE_GIVEN
                c.name = P.SURNAMES[min(int((r() ** 1.6) * len(P.SURNAMES)), len(P.SURNAMES) - 1)] + \
                    given[int(r() * len(given))]
                c.short = ""
                lo, hi = _AGES[kind]
                birth = today - int((lo + r() * (hi - lo)) * 365.25)
                c.age = (today - birth) // 365
                bd = date.fromordinal(birth)
                div = P.ID_DIVISIONS[bisect_right(division_cum, r() * division_cum[-1])]
                while True:
                    seq = int(r() * 500) * 2 + (0 if female else 1)
                    number = make_resident_id(f"{div}{bd:%Y%m%d}{seq:03d}")
                    if number not in ids:
                        ids.add(number)
                        break
                c.id_number = number
                lane, house = int(r() * 900) + 10, int(r() * 30) + 1
                room = (int(r() * 20) + 1) * 100 + int(r() * 4) + 1
                road = _road(district, road_pick)
                c.address = f"上海市{district}{road}{lane}弄{house}号{room}室"
            else:
                c.address = ""
                trade = P.TRADE_NAMES[int(r() * len(P.TRADE_NAMES))]
                c.trade = trade
                auth_type = "91"
                if kind is ClientKind.CORPORATE:
                    name, short, section, tech = self._company_name(rng, city, trade, business_cum, names)
                    c.size = P.SIZES[bisect_right(size_cum, r() * size_cum[-1])]
                    c.ownership = P.OWNERSHIPS[bisect_right(ownership_cum, r() * ownership_cum[-1])]
                    c.is_tech = r() < tech
                elif kind is ClientKind.INSTITUTION:
                    name, short, section, c.ownership, auth_type = self._institution_name(rng, names)
                    c.region, c.district = "上海市", name[3:6] if name[5] == "区" else "长宁区"
                    division = _SHANGHAI_DIVISIONS.get(c.district, "310105")
                elif kind is ClientKind.MERCHANT_LARGE:
                    kind_name, section = P.LARGE_MERCHANTS[int(r() * len(P.LARGE_MERCHANTS))]
                    name = self._unique(rng, f"{city}{trade}{kind_name}有限公司", names)
                    short = f"{trade}{kind_name[:2]}"
                    c.size = "large" if r() < 0.3 else "medium"
                    c.ownership = "民营企业" if r() < 0.85 else "外商投资企业"
                else:  # small or acquiring merchant, in the city of the branch
                    shop, section = P.SHOPS[int(r() * len(P.SHOPS))]
                    if city != "上海":
                        c.region, c.district, division = "上海市", "长宁区", "310105"
                    if kind is ClientKind.MERCHANT_SMALL or r() < 0.5:
                        auth_type = "92"  # 个体工商户
                        owner_name = P.SURNAMES[int(r() * 30)]
                        base = f"上海市{c.district}{owner_name}记{shop}" if r() < 0.4 \
                            else f"上海市{c.district}{trade}{shop}"
                        c.ownership = "个体工商户"
                    else:
                        base = f"上海{trade}{shop.rstrip('店')}有限公司"
                        c.ownership = "民营企业"
                    name = self._unique(rng, base, names)
                    short = f"{trade}{shop}" if "记" not in name else name[6:]
                    c.size = "micro" if kind is ClientKind.MERCHANT_SMALL or r() >= 0.7 else "small"
                c.name, c.short, c.industry = name, short, section
                c.lifecycle = (LifecycleStage.STARTUP, LifecycleStage.GROWTH, LifecycleStage.MATURE,
                               LifecycleStage.TRANSITION)[min(int(r() * 10) // 3, 3)] \
                    if kind is not ClientKind.INSTITUTION else LifecycleStage.MATURE
                # USCC: authority + type, registering division, organisation code (MA… since 三证合一).
                new_style = created > date(2015, 10, 1).toordinal() and auth_type in ("91", "92")
                while True:
                    if new_style:
                        body = "MA" + "".join(_ORG_BODY_CHARS[int(r() * 31)] for _ in range(6))
                    else:
                        body = f"{int(r() * 7) + 1}{int(r() * 10_000_000):07d}"
                    code = make_uscc(f"{auth_type}{division}{_org_code(body)}")
                    if code not in codes:
                        codes.add(code)
                        break
                c.uscc = code
                if c.region == "上海市":
                    c.address = f"上海市{c.district}{_road(c.district, road_pick)}{int(r() * 2000) + 1}号"
                else:
                    other = P.OTHER_ROADS[int(r() * len(P.OTHER_ROADS))]
                    city_part = "" if c.region.startswith(city) else f"{city}市"
                    c.address = f"{c.region}{city_part}{c.district}{other}{int(r() * 800) + 1}号"
                rated = kind in (ClientKind.CORPORATE, ClientKind.MERCHANT_LARGE)
                if status is not ClientStatus.PROSPECT and rated:
                    c.rating = P.CREDIT_RATINGS[bisect_right(rating_cum, r() * rating_cum[-1])]
            # Deposits (分), loans and risk.
            if person:
                median = _DEPOSIT_MEDIAN[kind]
                sigma = 0.8
            elif kind is ClientKind.CORPORATE:
                median = _SIZE_DEPOSIT[c.size]
                sigma = 0.9
            else:
                median = _DEPOSIT_MEDIAN[kind]
                sigma = 0.8
            deposit = min(int(median * rng.lognormvariate(0, sigma)) * 100, MAX_FEN)
            if kind is ClientKind.PERSONAL:
                deposit = min(deposit, 49_000_000)
            elif kind is ClientKind.PERSONAL_VIP:
                deposit = max(50_000_000, min(deposit, 590_000_000))
            elif kind is ClientKind.PERSONAL_HNW:
                deposit = max(600_000_000, deposit)
            if status is ClientStatus.PROSPECT or status is ClientStatus.CLOSED:
                deposit = 0
            elif status is ClientStatus.DORMANT:
                deposit = deposit // 50
            c.deposit = deposit
            c.tier = next((t for limit, t in _TIER_LIMITS if deposit >= limit), "D")
            c.loans = 0
            c.overdue = 0
            c.risk_grade = "" if status is ClientStatus.PROSPECT else "正常"
            loan_chance = _LOAN_CHANCE[kind] * (1.3 if c.size == "medium" else 1.0)
            if status is ClientStatus.ACTIVE and r() < loan_chance:
                c.loans = 1 if r() < 0.85 else 2
                grade = _RISK_GRADES[bisect_right(grade_cum, r() * grade_cum[-1])]
                if grade != "正常":
                    # A loan that is not 正常 is behind on its schedule: 关注 up to 90 days, then worse.
                    c.overdue = {"关注": 10 + int(r() * 75), "次级": 95 + int(r() * 80),
                                 "可疑": 190 + int(r() * 150), "损失": 370 + int(r() * 200)}[grade]
                elif r() < 0.01:
                    c.overdue = 3 + int(r() * 25)
                    grade = "关注"
                c.risk_grade = grade
                if not person and not c.rating:  # rated when the loan was granted
                    c.rating = P.CREDIT_RATINGS[3 + int(r() * 6)]
            # Wealth suitability: tolerance from the questionnaire, some expired, some never done.
            c.tol = 0
            c.assessed = 0
            c.expires = 0
            if status is not ClientStatus.CLOSED and r() < _TOLERANCE_CHANCE[g]:
                weights = _TOLERANCE_WEIGHTS.get(kind, _CORPORATE_TOLERANCE_WEIGHTS)
                c.tol = rng.choices((1, 2, 3, 4, 5), weights=weights)[0]
                assessed = today - int(r() * 460)
                c.assessed = max(assessed, created)
                c.expires = c.assessed + 365
            c.kyc_ord = 0 if status is ClientStatus.PROSPECT else today - int(r() * 800)
            # Owner: RMs of the matching line; some existing clients sit in the branch pool.
            if status is not ClientStatus.PROSPECT and r() < POOL_SHARE:
                c.owner = -1
                c.maintainer = -1
            else:
                if person or kind is ClientKind.MERCHANT_SMALL:
                    owner = pers_rms[bisect_right(pers_w, r() * pers_w[-1])]
                else:
                    owner = corp_rms[bisect_right(corp_w, r() * corp_w[-1])]
                c.owner = owner
                c.maintainer = owner if r() < 0.9 else self._other_rm(rng, owner)
            c.contact_id = None
            c.contact_name = c.name if person else ""
            c.last_visit = 0
            c.overview = ""
            out.append(c)
        # Some loans are always overdue (about one in twelve), so collection shows even in a small book.
        borrowers = [c for c in out if c.loans]
        behind = sum(1 for c in borrowers if c.overdue)
        for c in borrowers[: max(0, min(len(borrowers), max(1, len(borrowers) // 12)) - behind)]:
            if not c.overdue:
                c.overdue = 15 + int(r() * 60)
                c.risk_grade = "关注"
        # Ids in creation order, so the primary key index only ever appends.
        out.sort(key=lambda c: c.ms)
        make_id = self._ids("client")
        for i, c in enumerate(out):
            c.i = i
            c.id = make_id(c.ms)
        self.book = out

    def _unique(self, rng: random.Random, name: str, names: set[str]) -> str:
        """``name``, or a branch of it (分公司 / 分店) when the name is taken."""
        candidate = name
        attempt = 0
        while candidate in names:
            attempt += 1
            place = P.PLACES[int(rng.random() * len(P.PLACES))]
            if attempt > 20:
                candidate = f"{name}（第{attempt}分店）"
            elif name.endswith("公司"):
                candidate = f"{name}{place}分公司"
            else:
                candidate = f"{name}（{place}店）"
        names.add(candidate)
        return candidate

    def _company_name(self, rng: random.Random, city: str, trade: str, business_cum: list[float],
                      names: set[str]) -> tuple[str, str, str, float]:
        r = rng.random
        for _ in range(20):
            business, short, section, tech = P.BUSINESSES[bisect_right(business_cum, r() * business_cum[-1])]
            x = r()
            suffix = "股份有限公司" if x < 0.05 else "集团有限公司" if x < 0.07 else "有限公司"
            name = f"{city}{trade}{business}{suffix}"
            if name not in names:
                names.add(name)
                return name, f"{trade}{short}", section, tech
            trade = P.TRADE_NAMES[int(r() * len(P.TRADE_NAMES))]
        return self._unique(rng, name, names), f"{trade}{short}", section, tech

    def _institution_name(self, rng: random.Random, names: set[str]) -> tuple[str, str, str, str, str]:
        r = rng.random
        for attempt in range(40):
            template, section, ownership, code_type = P.INSTITUTIONS[int(r() * len(P.INSTITUTIONS))]
            district = P.INSTITUTION_DISTRICTS[int(r() * len(P.INSTITUTION_DISTRICTS))]
            name = template.format(d=district, p=P.PLACES[int(r() * len(P.PLACES))],
                                   n=int(r() * (60 + attempt * 10)) + 1)
            if name not in names:
                names.add(name)
                short = name[6:] if name.startswith("上海市") and name[5] == "区" else name[3:]
                return name, short.replace("人民政府", ""), section, ownership, code_type
        name = self._unique(rng, name, names)
        return name, name[6:18], section, ownership, code_type

    def _other_rm(self, rng: random.Random, rm: int) -> int:
        same = [k for k, kind in enumerate(self.rm_kind) if kind == self.rm_kind[rm] and k != rm]
        return same[int(rng.random() * len(same))] if same else rm

    # -- visit schedule -------------------------------------------------------------------------------

    def _schedule_visits(self) -> None:
        """Who visits whom on which day (phase B): plans, last-visit dates and visit rows follow it."""
        rng = self._rng("schedule")
        r = rng.random
        today = self.today_ord
        first = today - HISTORY_DAYS
        self.workdays = [d for d in range(first, today + PLANNED_AHEAD_DAYS + 1)
                         if date.fromordinal(d).weekday() < 5]
        past_end = bisect_right(self.workdays, today)
        tier_w = {"A": 6.0, "B": 3.0, "C": 2.0, "D": 1.0}
        status_w = {ClientStatus.ACTIVE: 1.0, ClientStatus.PROSPECT: 2.5, ClientStatus.DORMANT: 0.3,
                    ClientStatus.CLOSED: 0.0}
        books: list[list[int]] = [[] for _ in self.rms]
        weights: list[list[float]] = [[] for _ in self.rms]
        for c in self.book:
            w = tier_w[c.tier] * status_w[c.status]
            if w > 0 and c.owner >= 0:
                books[c.owner].append(c.i)
                weights[c.owner].append(w)
                if c.maintainer != c.owner:
                    books[c.maintainer].append(c.i)
                    weights[c.maintainer].append(w * 0.5)
        if not any(books):  # a tiny book that is all pool or closed: let the RMs share every client
            for c in self.book:
                k = c.i % len(self.rms)
                books[k].append(c.i)
                weights[k].append(1.0)
        self.rm_books = [[ci for ci in dict.fromkeys(b)] for b in books]
        activity = [0.75 + r() * 0.5 for _ in self.rms]
        shares = [len(b) ** 0.6 * a if b else 0.0 for b, a in zip(books, activity, strict=True)]
        total_share = sum(shares)
        quotas = [int(self.n_visits * s / total_share) for s in shares]
        order = sorted(range(len(shares)), key=lambda k: -shares[k])
        for k in order[: self.n_visits - sum(quotas)]:
            quotas[k] += 1
        schedule: list[tuple[int, int, int]] = []
        n_work = len(self.workdays)
        for k, quota in enumerate(quotas):
            if not quota:
                continue
            clients = rng.choices(books[k], cum_weights=_cum(weights[k]), k=quota)
            for ci in clients:
                c = self.book[ci]
                if r() < 0.025:
                    idx = past_end + int(r() * (n_work - past_end))  # planned, in the next two weeks
                else:
                    lo = bisect_left(self.workdays, c.created_ord) if c.created_ord > first else 0
                    lo = min(lo, past_end - 1)
                    idx = lo + int(r() * (past_end - lo))
                rm = k if r() > 0.03 else self._other_rm(rng, k)
                schedule.append((self.workdays[min(idx, n_work - 1)], rm, ci))
        schedule.sort()
        self.schedule = schedule
        self.rm_month_visits: dict[tuple[int, str], list[tuple[int, int]]] = {}
        # Visits by RM and month, for the monthly plans (only the months that get a plan).
        first_planned = _add_months(self.today.replace(day=1), 1 - PLAN_MONTHS).toordinal()
        month_of = {d: date.fromordinal(d).strftime("%Y-%m") for d in self.workdays if d >= first_planned}
        book = self.book
        by_month = self.rm_month_visits
        for day, rm, ci in schedule:
            c = book[ci]
            if day <= today and day > c.last_visit:
                c.last_visit = day
            month = month_of.get(day)
            if month is None:
                continue
            key = (rm, month)
            entries = by_month.get(key)
            if entries is None:
                entries = by_month[key] = []
            entries.append((day, ci))

    # -- clients: rows, contacts, holdings ------------------------------------------------------------

    def _clients(self) -> Iterator[Batch]:
        rng = self._rng("client-rows")
        r = rng.random
        contact_ids = self._ids("contact")
        holding_ids = self._ids("holding")
        phones: set[str] = set()
        today = self.today_ord
        rm_ids = self.rm_ids
        serial = [1_000_000]

        def account_no(person: bool) -> str:
            serial[0] += 1 + int(r() * 40)
            body = f"623105{serial[0]:012d}" if person else f"3101050{serial[0]:011d}"
            return body + _luhn(body)

        for start in range(0, len(self.book), BATCH_ROWS):
            clients: list[Row] = []
            contacts: list[Row] = []
            holdings: list[Row] = []
            for c in self.book[start:start + BATCH_ROWS]:
                g = c.group
                person = g == 3
                at = _dt(c.ms)
                updated = _dt(max(c.ms, min(_day_ms(c.last_visit) + 19 * _HOUR_MS, self.now_ms))) \
                    if c.last_visit else at
                owner = rm_ids[c.owner] if c.owner >= 0 else None
                kyc_docs: dict[str, bool] = {}
                if not person:
                    if c.created_ord < date(2016, 1, 1).toordinal():
                        kyc_docs = {"business_licence": True, "org_code": r() < 0.9,
                                    "tax_registration": r() < 0.9}
                    else:
                        kyc_docs = {"business_licence": True}
                active = c.status is ClientStatus.ACTIVE
                objective = _objective(r, c)
                entry = P.ENTRY_POINTS[g][int(r() * len(P.ENTRY_POINTS[g]))]
                progress_pool = P.PROGRESS_PERSON if person else P.PROGRESS_BUSINESS
                progress = progress_pool[int(r() * len(progress_pool))]
                if c.status is ClientStatus.CLOSED:
                    progress = "已销户"
                issue_pool = P.OPEN_ISSUES_PERSON if person else P.OPEN_ISSUES_BUSINESS
                issues = issue_pool[int(r() * len(issue_pool))]
                if c.tol and c.expires < today and person:
                    issues = "风险评估已过期，需重新测评"
                loan_total = 0
                guarantees = ""
                # Holdings (existing clients only): accounts, deposits, loans, wealth.
                if c.status in (ClientStatus.ACTIVE, ClientStatus.DORMANT):
                    loan_total, guarantees = self._holdings(rng, c, holdings, holding_ids, account_no)
                clients.append({
                    "id": c.id, "version": 1, "field_versions": {}, "created_at": at, "updated_at": updated,
                    "deleted": False, "kind": c.kind, "status": c.status, "legal_name": c.name,
                    "short_name": c.short, "uscc": c.uscc, "id_number": c.id_number,
                    "kyc_documents": kyc_docs,
                    "kyc_refreshed_on": date.fromordinal(c.kyc_ord) if c.kyc_ord else None,
                    "industry": c.industry, "ownership": c.ownership, "size": c.size, "region": c.region,
                    "district": c.district, "address": c.address, "lifecycle_stage": c.lifecycle,
                    "is_tech": c.is_tech, "without_loans": (not person) and loan_total == 0,
                    "effective_account": active and c.deposit >= (5_000_000 if person else 10_000_000),
                    "operating_status": "" if person else
                    ("经营困难" if c.overdue > 90 else P.OPERATING_STATUS[int(r() * 6)]),
                    "credit_rating": c.rating, "risk_grade": c.risk_grade,
                    "repayment_capacity": (("较弱" if c.overdue else P.REPAYMENT_CAPACITY[int(r() * 4)])
                                           if c.loans else ""),
                    "guarantees": guarantees, "risk_tolerance": RiskTolerance(f"C{c.tol}") if c.tol else None,
                    "risk_assessed_on": date.fromordinal(c.assessed) if c.assessed else None,
                    "risk_expires_on": date.fromordinal(c.expires) if c.expires else None,
                    "owner_id": owner, "maintainer_id": rm_ids[c.maintainer] if c.maintainer >= 0 else None,
                    "branch_id": self.branch_id, "tier": c.tier, "deposit_balance_fen": c.deposit,
                    "loan_balance_fen": loan_total, "marketing_objective": objective, "entry_point": entry,
                    "progress": progress, "open_issues": issues, "notes": "",
                    "last_visit_on": date.fromordinal(c.last_visit) if c.last_visit else None,
                })
                # Contacts: the person themselves, or 1-3 people at the company.
                count = 1 if g >= 2 else (1 if r() < 0.3 else 2 if r() < 0.64 else 3)
                first = int(r() * min(len(_CONTACT_TITLES[g]), 3))  # a decision maker or finance first
                titles: tuple[str, ...] = _CONTACT_TITLES[g][first:] + _CONTACT_TITLES[g][:first]
                for k in range(count):
                    if person:
                        name = c.name
                        title = "本人"
                    else:
                        name = _person_name(r)
                        title = titles[k % len(titles)]
                    numbers = [_mobile(rng, phones)]
                    if g <= 1 and r() < 0.35:
                        numbers.append(f"021-{int(r() * 4) + 5}{int(r() * 10_000_000):07d}")
                    email = ""
                    if g <= 1 and r() < 0.3:
                        email = f"{_trade_pinyin(c.trade)}{int(r() * 900) + 100}@example.com"
                    cms = c.ms + 60_000 * (k + 1)
                    cid = contact_ids(cms)
                    cat = _dt(cms)
                    contacts.append({
                        "id": cid, "version": 1, "field_versions": {}, "created_at": cat, "updated_at": cat,
                        "deleted": False, "client_id": c.id, "name": name, "title": title, "phones": numbers,
                        "email": email, "is_primary": k == 0,
                    })
                    if k == 0:
                        c.contact_id = cid
                        c.contact_name = name
                c.overview = self._overview(c, loan_total)
            yield Client, clients
            yield Contact, contacts
            if holdings:
                yield Holding, holdings

    def _overview(self, c: _C, loan_total: int) -> str:
        status = {ClientStatus.PROSPECT: "目标客户", ClientStatus.ACTIVE: "存量客户",
                  ClientStatus.DORMANT: "存量客户（久未动户）", ClientStatus.CLOSED: "已销户客户"}[c.status]
        if c.group == 3:
            tol = f"风险承受能力{(c.tol and f'C{c.tol}') or '未评估'}"
            return (f"{c.name}，{c.age}岁，{_KIND_NAMES[c.kind]}，{status}，"
                    f"在我行金融资产约{_wan(c.deposit)}万元，{tol}。")
        loan = f"，贷款余额{_wan(loan_total)}万元" if loan_total else "，无贷户"
        return (f"{c.short or c.name}，{P.SECTION_NAMES.get(c.industry, '')}{P.SIZE_NAMES.get(c.size, '')}"
                f"{'企业' if c.group == 0 else '单位' if c.group == 1 else '商户'}，{c.ownership}，{status}，"
                f"存款约{_wan(c.deposit)}万元{loan}。")

    def _holdings(self, rng: random.Random, c: _C, out: list[Row],
                  ids: Callable[[int], str], account_no: Callable[[bool], str]) -> tuple[int, str]:
        """Append the client's holdings; return the loan balance (分) and the loans' guarantees."""
        r = rng.random
        today = self.today_ord
        person = c.group == 3
        ms = c.ms + 3_600_000
        opened = date.fromordinal(c.created_ord)

        def add(kind: HoldingKind, product: Row | None, name: str, amount: int, **extra: Any) -> Row:
            nonlocal ms
            ms += 1000
            at = _dt(ms)
            row: Row = {
                "id": ids(ms), "version": 1, "field_versions": {}, "created_at": at, "updated_at": at,
                "deleted": False, "client_id": c.id, "kind": kind,
                "product_id": product["id"] if product else None, "name": name, "account_type": None,
                "account_no": "", "currency": "CNY", "amount_fen": amount, "rate_pct": None,
                "opened_on": opened, "maturity_on": None, "repayment_schedule": [], "collateral": "",
                "collateral_value_fen": 0, "guarantee": "", "collateral_check_on": None,
                "fund_use_check_on": None, "project_check_on": None, "overdue_days": 0,
                "loan_classification": "",
            }
            row.update(extra)
            out.append(row)
            return row

        # Time deposits and wealth take part of the balance; the rest sits on the accounts.
        deposit = c.deposit
        time_part = 0
        if c.status is ClientStatus.ACTIVE and deposit >= 1_000_000 and r() < (0.55 if person else 0.45):
            time_part = int(deposit * (0.3 + r() * 0.4))
        demand = deposit - time_part
        # Accounts.
        if person:
            prod = self._product("ST-ACC-SET")
            add(HoldingKind.ACCOUNT, prod, "个人银行结算账户（借记卡）", demand,
                account_type=AccountType.SETTLEMENT, account_no=account_no(True), rate_pct=0.05)
            if r() < 0.03:
                add(HoldingKind.ACCOUNT, self._product("ST-ACC-FX"), "个人外汇账户",
                    int(r() * 5_000_000) * 100, account_type=AccountType.FOREIGN, account_no=account_no(True),
                    currency="USD")
        else:
            small_shop = c.kind in (ClientKind.MERCHANT_SMALL, ClientKind.MERCHANT_ACQUIRING) and \
                c.ownership == "个体工商户"
            if small_shop:
                add(HoldingKind.ACCOUNT, self._product("ST-ACC-SET"), "个体工商户结算账户", demand,
                    account_type=AccountType.SETTLEMENT, account_no=account_no(False), rate_pct=0.1)
            else:
                general = r() < 0.3
                basic = demand if not general else int(demand * 0.7)
                add(HoldingKind.ACCOUNT, self._product("ST-ACC-BAS"), "基本存款账户", basic,
                    account_type=AccountType.BASIC, account_no=account_no(False), rate_pct=0.1)
                if general:
                    add(HoldingKind.ACCOUNT, self._product("ST-ACC-GEN"), "一般存款账户", demand - basic,
                        account_type=AccountType.GENERAL, account_no=account_no(False), rate_pct=0.1)
                if r() < 0.08:
                    add(HoldingKind.ACCOUNT, self._product("ST-ACC-SPE"), "专用存款账户（基建资金）", 0,
                        account_type=AccountType.SPECIAL, account_no=account_no(False), rate_pct=0.1)
                if c.industry in ("C", "F") and r() < 0.15:
                    add(HoldingKind.ACCOUNT, self._product("ST-ACC-FX"), "经常项目外汇结算账户",
                        int(r() * 5_000_000) * 100, account_type=AccountType.FOREIGN,
                        account_no=account_no(False), currency="USD")
        # Time deposits maturing in the next twelve months.
        if time_part:
            pieces = 1 if r() < 0.7 else 2
            for k in range(pieces):
                share = time_part // pieces
                amount = share if k < pieces - 1 else time_part - share * (pieces - 1)
                days_left = 3 + int(r() * 362)
                terms = [t for t in range(len(_TERMS)) if _TERMS[t][0] > days_left]
                t = terms[int(r() * len(terms))]
                term_days, term_name = _TERMS[t]
                if person:
                    code = "DEP-CD-01" if amount >= 20_000_000 and r() < 0.5 else "DEP-TD-02"
                    rate = _PERSON_TD_RATES[t] + (0.25 if code == "DEP-CD-01" else 0.0)
                else:
                    code = "DEP-NT-01" if amount >= 50_000_000 and r() < 0.15 else "DEP-TD-01"
                    rate = 0.45 if code == "DEP-NT-01" else _CORP_TD_RATES[t]
                prod = self._product(code)
                maturity = today + days_left
                name = prod["name"] if prod else "定期存款"
                add(HoldingKind.DEPOSIT, prod, f"{name}（{term_name}）", amount,
                    rate_pct=round(rate, 2), opened_on=date.fromordinal(maturity - term_days),
                    maturity_on=date.fromordinal(maturity))
        # Loans with their repayment schedules.
        loan_total = 0
        guarantees: list[str] = []
        for k in range(c.loans):
            loan = self._loan(rng, c, add, overdue=c.overdue if k == 0 else 0)
            loan_total += loan["amount_fen"]
            kind_of_cover = loan["collateral"].split("：")[0]
            for text in (kind_of_cover, loan["guarantee"]):
                if text and text not in guarantees and not person:
                    guarantees.append(text)
        # Wealth products within the client's tolerance.
        if c.tol and c.status is ClientStatus.ACTIVE and self.wealth:
            chance = {ClientKind.PERSONAL: 0.18, ClientKind.PERSONAL_VIP: 0.6, ClientKind.PERSONAL_HNW: 0.85}
            if r() < chance.get(c.kind, 0.15):
                fit = [p for p in self.wealth if int(p["risk"].value[1]) <= c.tol
                       and (person or "个人客户" not in p["target_clients"] or "对公" in p["target_clients"])]
                for _ in range(1 if r() < 0.6 else 2 if r() < 0.8 else 3):
                    if not fit:
                        break
                    prod = fit[int(r() * len(fit))]
                    amount = max(prod["min_amount_fen"],
                                 int(c.deposit * (0.1 + r() * 0.4)) // 100_000 * 100_000)
                    bought = max(c.assessed, today - 10 - int(r() * 300))
                    closed = prod["liquidity"] in ("closed", "term")
                    add(HoldingKind.WEALTH, prod, prod["name"], amount, rate_pct=prod["rate_pct"],
                        opened_on=date.fromordinal(bought),
                        maturity_on=date.fromordinal(today + 5 + int(r() * 360)) if closed else None)
        return loan_total, "；".join(guarantees)

    def _loan(self, rng: random.Random, c: _C, add: Callable[..., Row], overdue: int) -> Row:
        r = rng.random
        today = self.today_ord
        person = c.group == 3
        if person:
            code, months, step = "CR-CL-02", 12 * (1 + int(r() * 3)), 1
            median = 200_000
        elif c.kind is ClientKind.CORPORATE and c.size in ("large", "medium") and r() < 0.25:
            code, months, step = "CR-TL-01", 12 * (3 + int(r() * 3)), 3
            median = _SIZE_LOAN[c.size] * 3 // 2
        elif c.kind is ClientKind.CORPORATE and c.is_tech and r() < 0.5:
            code, months, step = "CR-CL-01", 12, 1
            median = _SIZE_LOAN[c.size] // 2
        elif c.kind is ClientKind.CORPORATE and c.size in ("large", "medium"):
            code, months, step = "CR-WC-01", 12, 1
            median = _SIZE_LOAN[c.size]
        else:
            code, months, step = "CR-WC-02", 12, 1
            median = _SIZE_LOAN.get(c.size, 500_000) if c.kind is ClientKind.CORPORATE else 500_000
        prod = self._product(code)
        principal = min(max(100_000, int(median * rng.lognormvariate(0, 0.6)) // 10_000 * 10_000) * 100,
                        MAX_FEN // 2 // 1_000_000 * 1_000_000)  # two loans at most: the sum stays in range
        # Opened so that the loan is still running; an overdue loan's unpaid instalment is ``overdue``
        # days old.
        span = months * 30
        opened = today - 20 - int(r() * (min(span, 1500) - 40))
        if overdue:
            opened = min(opened, today - overdue - 35)
        start = date.fromordinal(opened)
        rate = round(_LPR_1Y + (0.45 if step == 3 else 0.0) + r() * 0.8, 2)
        entries = months // step
        equal_principal = code in ("CR-WC-02", "CR-TL-01", "CR-CL-02")
        schedule: list[dict[str, Any]] = []
        outstanding = principal
        first_unpaid = 0
        for k in range(1, entries + 1):
            due = _add_months(start, k * step)
            due_ord = due.toordinal()
            if equal_principal:
                pay = principal // entries if k < entries else outstanding
            else:
                pay = outstanding if k == entries else 0
            interest = int(outstanding * rate / 100 * step / 12)
            paid = due_ord < today
            if overdue and paid and due_ord >= today - overdue:
                paid = False
            if overdue and not paid and due_ord < today and not first_unpaid:
                first_unpaid = due_ord
            schedule.append({"due_on": due.isoformat(), "principal_fen": pay, "interest_fen": interest,
                             "paid": paid})
            if paid:
                outstanding -= pay
        overdue_days = today - first_unpaid if first_unpaid else 0
        if overdue and not first_unpaid:
            # The schedule had no instalment in the overdue window: the latest past one is unpaid.
            past = [e for e in schedule if date.fromisoformat(e["due_on"]).toordinal() < today]
            if past:
                past[-1]["paid"] = False
                outstanding += past[-1]["principal_fen"]
                overdue_days = today - date.fromisoformat(past[-1]["due_on"]).toordinal()
        maturity = _add_months(start, months)
        collateral, cover = ("", 0.0) if person else _COLLATERALS[int(r() * len(_COLLATERALS))]
        collateral = collateral.format(road=P.ROADS[int(r() * len(P.ROADS))], n=int(r() * 900) + 1,
                                       city="上海")
        guarantee = "" if person else _GUARANTEES[int(r() * len(_GUARANTEES))]
        if not collateral and not guarantee and not person:
            guarantee = "信用"
        check = date.fromordinal(today - 40 + int(r() * 220)) if collateral else None
        fund_use = date.fromordinal(opened + 30) if opened + 30 > today - 60 else \
            date.fromordinal(today - 10 + int(r() * 100))
        classification = "正常" if not overdue_days else c.risk_grade if c.risk_grade != "正常" else "关注"
        name = prod["name"] if prod else "贷款"
        return add(
            HoldingKind.LOAN, prod, name, outstanding, rate_pct=rate, opened_on=start, maturity_on=maturity,
            repayment_schedule=schedule, collateral=collateral,
            collateral_value_fen=min(int(principal * cover), MAX_FEN) if collateral else 0,
            guarantee=guarantee, collateral_check_on=check, fund_use_check_on=fund_use,
            project_check_on=date.fromordinal(today + int(r() * 90)) if code == "CR-TL-01" else None,
            overdue_days=overdue_days, loan_classification=classification)

    # -- suitability overrides ------------------------------------------------------------------------

    def _overrides(self) -> Iterator[Batch]:
        """A few branch-head overrides (recorded, audited) with the pitches they allowed."""
        rng = self._rng("overrides")
        ids = self._ids("override")
        pitch_ids = self._ids("override-pitch")
        today = self.today_ord
        self.override_pitches: list[Row] = []
        rows: list[Row] = []
        candidates = [c for c in self.book
                      if c.group == 3 and c.owner >= 0 and c.status is ClientStatus.ACTIVE
                      and c.tol and (c.expires < today or c.tol <= 3)]
        rng.shuffle(candidates)
        for c in candidates[:3]:
            above = [p for p in self.wealth if not self._suitable(c, p, today)]
            if not above:
                continue
            product = above[int(rng.random() * len(above))]
            result = check_suitability(
                tolerance=RiskTolerance(f"C{c.tol}"), assessed_on=date.fromordinal(c.assessed),
                expires_on=date.fromordinal(c.expires), product_family=product["family"],
                product_risk=product["risk"], today=self.today)
            day = today - 2 - int(rng.random() * 10)
            ms = _day_ms(day) + 15 * _HOUR_MS
            row = self._base(ids(ms), _dt(ms))
            row.update(client_id=c.id, product_id=product["id"], approved_by=self.head_id,
                       reason="客户已在柜面重新填写风险测评问卷，结果待系统更新；经本人核实后同意推介",
                       refused_code=result.code or "", valid_until=date.fromordinal(today + 30))
            rows.append(row)
            pms = ms + 600_000
            pitch = self._base(pitch_ids(pms), _dt(pms))
            pitch.update(client_id=c.id, product_id=product["id"], rm_id=self.rm_ids[c.owner], visit_id=None,
                         amount_fen=max(product["min_amount_fen"], 10_000_000), stage=PitchStage.PROPOSED,
                         lost_reason="", override_id=row["id"], stage_changed_at=_dt(pms))
            self.override_pitches.append(pitch)
        if rows:
            yield SuitabilityOverride, rows

    # -- visits, follow-up tasks, pitches -------------------------------------------------------------

    def _scenarios(self, rng: random.Random) -> list[list[tuple[Any, ...]]]:
        """Per text group, a few hundred visit write-ups (texts, mode, outcome, satisfaction) to pick from."""
        r = rng.random
        sat_cum = _cum(P.SATISFACTION_WEIGHTS)
        out: list[list[tuple[Any, ...]]] = []
        for g in range(4):
            info_pool = _formatted(P.INFORMATION[g], rng)
            group: list[tuple[Any, ...]] = []
            for _ in range(SCENARIOS_PER_GROUP):
                x = r() * 100
                mode = _VISIT_MODES[0 if x < 55 else 1 if x < 80 else 2 if x < 95 else 3]
                goal = r() < 0.62
                p = 1 if g == 3 else 0
                reasons = P.REACHED[p] if goal else P.NOT_REACHED[p]
                reason = reasons[int(r() * len(reasons))]
                satisfaction = None if r() < 0.1 else P.SATISFACTION_LEVELS[bisect_right(sat_cum, r() * 100)]
                group.append((
                    mode, P.PURPOSES[g][int(r() * len(P.PURPOSES[g]))],
                    P.LIKELY_NEEDS[g][int(r() * len(P.LIKELY_NEEDS[g]))],
                    P.LIKELY_OBJECTIONS[p][int(r() * len(P.LIKELY_OBJECTIONS[p]))],
                    P.APPROACHES[g][int(r() * len(P.APPROACHES[g]))],
                    info_pool[int(r() * len(info_pool))], goal, reason,
                    P.NEXT_STEPS[p][int(r() * len(P.NEXT_STEPS[p]))], satisfaction,
                    P.REVIEW_COMMENTS[p][int(r() * len(P.REVIEW_COMMENTS[p]))],
                    P.ACTIONS[g][int(r() * len(P.ACTIONS[g]))], P.ACTIONS[g][int(r() * len(P.ACTIONS[g]))],
                ))
            out.append(group)
        return out

    def _visits(self) -> Iterator[Batch]:
        rng = self._rng("visits")
        r = rng.random
        visit_bits = self._rng("id:visit").getrandbits
        task_ids = self._ids("task")
        pitch_ids = self._ids("pitch")
        today = self.today_ord
        now_ms = self.now_ms
        book = self.book
        rm_ids = self.rm_ids
        head, deputy = self.head_ids[0], self.head_ids[-1]
        scenarios = self._scenarios(rng)
        n_scenarios = SCENARIOS_PER_GROUP
        lost_reasons = P.LOST_REASONS
        candidates = self.pitch_candidates
        fromtimestamp = datetime.fromtimestamp
        utc = UTC
        days = {d: date.fromordinal(d) for d in self.workdays}
        follow_up, task_open, task_done, task_cancelled = (
            TaskKind.FOLLOW_UP, TaskStatus.OPEN, TaskStatus.DONE, TaskStatus.CANCELLED)
        visits: list[Row] = []
        tasks: list[Row] = []
        pitches: list[Row] = list(self.override_pitches)
        last_ms = 0
        for day, rm, ci in self.schedule:
            c = book[ci]
            g = c.group
            day_ms = (day - _EPOCH_ORDINAL) * _DAY_MS - _CST_OFFSET_MS
            completed = day <= today and r() < 0.97
            (mode, purpose, needs, objection, approach, info, goal, reason, steps, satisfaction, review_text,
             action1, action2) = scenarios[g][int(r() * n_scenarios)]
            if completed:
                ms = day_ms + 16 * _HOUR_MS + int(r() * 5 * _HOUR_MS)  # logged the same afternoon or evening
                if ms > now_ms:
                    ms = now_ms - int(r() * _HOUR_MS)
            else:
                # planned a few days ahead, in office hours
                ms = (min(day_ms, now_ms) - _DAY_MS * (1 + int(r() * 6)) + 9 * _HOUR_MS
                      + int(r() * 8 * _HOUR_MS))
            if ms <= last_ms < now_ms:  # keep ids in insertion order (cheap index appends)
                ms = last_ms + 1
            if ms > last_ms:
                last_ms = ms
            vid = uuid7_text(ms, visit_bits(74))
            at = fromtimestamp(ms / 1000, utc)
            rm_id = rm_ids[rm]
            if completed:
                updated = at
                reviewed_by = reviewed_at = None
                review = ""
                if day < today and r() < 0.3:
                    rv_ms = day_ms + _DAY_MS * (1 + int(r() * 5)) + 10 * _HOUR_MS + int(r() * 7 * _HOUR_MS)
                    if rv_ms < now_ms:
                        reviewed_by = head if r() < 0.8 else deputy
                        updated = reviewed_at = fromtimestamp(rv_ms / 1000, utc)
                        review = review_text
                visits.append({
                    "id": vid, "version": 1, "field_versions": {}, "created_at": at, "updated_at": updated,
                    "deleted": False, "client_id": c.id, "rm_id": rm_id, "visit_on": days[day], "mode": mode,
                    "overview": c.overview, "purpose": purpose, "contact_id": c.contact_id,
                    "contact_name": c.contact_name, "likely_needs": needs, "likely_objections": objection,
                    "approach": approach, "completed": True, "contact_met": c.contact_name,
                    "information": info, "goal_reached": goal, "goal_reason": reason, "next_steps": steps,
                    "satisfaction": satisfaction,
                    "review_comment": review, "reviewed_by": reviewed_by, "reviewed_at": reviewed_at,
                })
            else:
                visits.append({
                    "id": vid, "version": 1, "field_versions": {}, "created_at": at, "updated_at": at,
                    "deleted": False, "client_id": c.id, "rm_id": rm_id, "visit_on": days[day], "mode": mode,
                    "overview": c.overview, "purpose": purpose, "contact_id": c.contact_id,
                    "contact_name": c.contact_name, "likely_needs": needs, "likely_objections": objection,
                    "approach": approach, "completed": False, "contact_met": "", "information": "",
                    "goal_reached": None, "goal_reason": "", "next_steps": "", "satisfaction": None,
                    "review_comment": "", "reviewed_by": None, "reviewed_at": None,
                })
            if completed:
                x = r()
                # Actions agreed at the visit become dated follow-ups.
                if x < 0.35:
                    for title in ((action1,) if x < 0.3 else (action1, action2)):
                        due = day + 2 + int(r() * 19)
                        tms = ms + 1000 + int(r() * 1000)
                        status = task_open
                        done_at = None
                        if due < today:
                            y = r()
                            status = task_done if y < 0.85 else task_cancelled if y < 0.88 else task_open
                        elif day < today and r() < 0.2:
                            status = task_done
                        tat = fromtimestamp(tms / 1000, utc)
                        if status is task_done:
                            done_ms = min(_day_ms(min(due, today) - int(r() * 3)) + 15 * _HOUR_MS, now_ms)
                            done_at = fromtimestamp(max(done_ms, tms + 60_000) / 1000, utc)
                        tasks.append({
                            "id": task_ids(tms), "version": 1, "field_versions": {}, "created_at": tat,
                            "updated_at": done_at or tat, "deleted": False, "client_id": c.id,
                            "visit_id": vid, "owner_id": rm_id, "kind": follow_up, "title": title,
                            "due_on": date.fromordinal(due), "status": status, "done_at": done_at, "note": "",
                        })
                # Products pitched at the visit, within the suitability rule.
                if r() < 0.22:
                    pitch = self._pitch(r, c, day, ms, vid, rm_id, candidates[g], pitch_ids, lost_reasons)
                    if pitch is not None:
                        pitches.append(pitch)
            if len(visits) >= BATCH_ROWS:
                yield Visit, visits
                visits = []
                if tasks:
                    yield FollowUpTask, tasks
                    tasks = []
                if pitches:
                    yield Pitch, pitches
                    pitches = []
        self.schedule = []  # done with it: free the memory before the smaller tables
        if visits:
            yield Visit, visits
        if tasks:
            yield FollowUpTask, tasks
        if pitches:
            yield Pitch, pitches

    def _pitch(self, r: Callable[[], float], c: _C, day: int, ms: int, vid: str, rm_id: str, cands: list[Row],
               ids: Callable[[int], str], lost_reasons: tuple[str, ...]) -> Row | None:
        today = self.today_ord
        product: Row | None = cands[int(r() * len(cands))]
        if product is not None and not self._suitable(c, product, day):
            safe = [p for p in cands if p["risk"] is None and p["family"] is not ProductFamily.WEALTH]
            product = safe[int(r() * len(safe))] if safe else None
        if product is None:
            return None
        age = today - day
        y = r()
        # How far the pitch got depends on its age: old ones are mostly won or lost.
        limits = _PITCH_OLD if age > 60 else _PITCH_RECENT if age > 14 else _PITCH_NEW
        stage = next(s for s, limit in limits if y < limit)
        pms = ms + 2000 + int(r() * 1000)
        changed = pms
        if stage is not PitchStage.PROPOSED:
            changed = min(pms + _DAY_MS * int(r() * min(age, 45)), self.now_ms)
        pat = _dt(pms)
        cat = _dt(changed)
        return {
            "id": ids(pms), "version": 1, "field_versions": {}, "created_at": pat, "updated_at": cat,
            "deleted": False, "client_id": c.id, "product_id": product["id"], "rm_id": rm_id, "visit_id": vid,
            "amount_fen": _pitch_amount(r, product, c), "stage": stage,
            "lost_reason": lost_reasons[int(r() * len(lost_reasons))] if stage is PitchStage.LOST else "",
            "override_id": None, "stage_changed_at": cat,
        }

    # -- monthly plans --------------------------------------------------------------------------------

    def _plans(self) -> Iterator[Batch]:
        rng = self._rng("plans")
        r = rng.random
        plan_ids = self._ids("plan")
        item_ids = self._ids("plan-item")
        now_ms = self.now_ms
        this_month = self.today.replace(day=1)
        months = [_add_months(this_month, -k) for k in range(PLAN_MONTHS - 1, -1, -1)]
        plans: list[Row] = []
        items: list[Row] = []
        head = self.head_id
        safe_products = [[p for p in cands if p["risk"] is None and p["family"] is not ProductFamily.WEALTH]
                         for cands in self.pitch_candidates]
        for k, rm_id in enumerate(self.rm_ids):
            for m, first in enumerate(months):
                ym = first.strftime("%Y-%m")
                current = m == len(months) - 1
                workdays = [d for d in range(first.toordinal(), _add_months(first, 1).toordinal())
                            if date.fromordinal(d).weekday() < 5]
                if not workdays:
                    continue
                # Submitted on the last working day before the month, decided in its first days.
                eve = first.toordinal() - 1
                while date.fromordinal(eve).weekday() >= 5:
                    eve -= 1
                submit_ms = _day_ms(eve) + 16 * _HOUR_MS + int(r() * 2 * _HOUR_MS)
                created_ms = submit_ms - _DAY_MS * (2 + int(r() * 4))
                decide_day = workdays[min(int(r() * 3), len(workdays) - 1)]
                decide_ms = _day_ms(decide_day) + 10 * _HOUR_MS + int(r() * 6 * _HOUR_MS)
                status = PlanStatus.APPROVED
                if current:
                    x = r()
                    status = (PlanStatus.APPROVED if x < 0.5 else PlanStatus.SUBMITTED if x < 0.75
                              else PlanStatus.DRAFT if x < 0.9 else PlanStatus.RETURNED)
                    if k == self.showcase_rm:
                        # The RM a demo signs in as always has this month's plan approved to work from.
                        status = PlanStatus.APPROVED
                if decide_ms > now_ms and status in (PlanStatus.APPROVED, PlanStatus.RETURNED):
                    status = PlanStatus.SUBMITTED
                if submit_ms > now_ms:
                    status = PlanStatus.DRAFT
                created_ms = min(created_ms, now_ms - _HOUR_MS)
                plan = self._base(plan_ids(created_ms), _dt(created_ms))
                submitted = status is not PlanStatus.DRAFT
                decided = status in (PlanStatus.APPROVED, PlanStatus.RETURNED)
                plan.update(
                    rm_id=rm_id, branch_id=self.branch_id, month=ym, status=status,
                    note=P.PLAN_NOTES[int(r() * len(P.PLAN_NOTES))],
                    submitted_at=_dt(submit_ms) if submitted else None,
                    decided_at=_dt(decide_ms) if decided else None, decided_by=head if decided else None,
                    decision_comment=(
                        P.PLAN_COMMENTS_OK[int(r() * 4)] if status is PlanStatus.APPROVED
                        else P.PLAN_COMMENTS_RETURN[int(r() * 3)] if status is PlanStatus.RETURNED else ""),
                    amends_plan_id=None,
                )
                if decided:
                    plan["updated_at"] = _dt(decide_ms)
                elif submitted:
                    plan["updated_at"] = _dt(submit_ms)
                plan_items = self._plan_items(rng, k, ym, workdays, plan, item_ids, created_ms, safe_products)
                if not plan_items:
                    continue  # an RM without clients (a tiny book) has nothing to plan
                plans.append(plan)
                items.extend(plan_items)
                # An amendment: last month for a few RMs (approved, superseding), this month for one (open).
                amend = (m == len(months) - 2 and k % 6 == 1) or (current and k == 2)
                if status is PlanStatus.APPROVED and amend:
                    ams = max(decide_ms + _DAY_MS * (3 + int(r() * 5)), created_ms + _HOUR_MS)
                    if ams + _DAY_MS >= now_ms:
                        continue
                    amendment = self._base(plan_ids(ams), _dt(ams))
                    done = not current
                    amendment.update(
                        rm_id=rm_id, branch_id=self.branch_id, month=ym,
                        status=PlanStatus.APPROVED if done else PlanStatus.SUBMITTED,
                        note=plan["note"] + "（调整：新增重点客户）", submitted_at=_dt(ams + _HOUR_MS),
                        decided_at=_dt(ams + _DAY_MS) if done else None, decided_by=head if done else None,
                        decision_comment="同意调整" if done else "", amends_plan_id=plan["id"])
                    amendment["updated_at"] = _dt(ams + (_DAY_MS if done else _HOUR_MS))
                    plans.append(amendment)
                    for n, item in enumerate(plan_items):
                        copy = dict(item)
                        copy.update(self._base(item_ids(ams + n), _dt(ams + n)))
                        copy["plan_id"] = amendment["id"]
                        copy["planned_days"] = list(item["planned_days"])
                        copy["product_ids"] = list(item["product_ids"])
                        items.append(copy)
        yield Plan, plans
        for start in range(0, len(items), BATCH_ROWS):
            yield PlanItem, items[start:start + BATCH_ROWS]

    def _plan_items(self, rng: random.Random, k: int, ym: str, workdays: list[int], plan: Row,
                    ids: Callable[[int], str], created_ms: int, safe_products: list[list[Row]]) -> list[Row]:
        r = rng.random
        today = self.today_ord
        visits = self.rm_month_visits.get((k, ym), [])
        by_client: dict[int, list[int]] = {}
        for day, ci in visits:
            by_client.setdefault(ci, []).append(day)
        clients = list(by_client)
        rng.shuffle(clients)
        chosen = clients[: 8 + int(r() * 7)]
        # Few visits that month (a small book): plan some of the RM's own clients on other working days.
        own = self.rm_books[k]
        for _ in range(3 - len(chosen)):
            if not own:
                break
            ci = own[int(r() * len(own))]
            if ci not in by_client:
                by_client[ci] = sorted({workdays[int(r() * len(workdays))] for _ in range(1 + int(r() * 2))})
                chosen.append(ci)
        rows: list[Row] = []
        for n, ci in enumerate(chosen):
            c = self.book[ci]
            days = sorted(set(by_client[ci]))[:3]
            goal = PlanGoal.OPEN_ACCOUNT if c.status is ClientStatus.PROSPECT else \
                _GOALS_BY_GROUP[c.group][int(r() * len(_GOALS_BY_GROUP[c.group]))]
            amount = max(10, int(c.deposit / 1_000_000 * (0.1 + r() * 0.3)) // 10 * 10) if c.deposit else 50
            products = safe_products[c.group]
            product_ids = [products[int(r() * len(products))]["id"]] if products and r() < 0.8 else []
            status = PlanItemStatus.DONE if days[-1] <= today else PlanItemStatus.PLANNED
            delayed = None
            if days[-1] < today and r() < 0.06:
                status = PlanItemStatus.DELAYED
                later = [d for d in range(days[-1] + 1, days[-1] + 20) if date.fromordinal(d).weekday() < 5]
                delayed = date.fromordinal(later[int(r() * len(later))])
            elif days[-1] < today and r() < 0.03:
                status = PlanItemStatus.CANCELLED
            ms = created_ms + n * 1000
            row = self._base(ids(ms), _dt(ms))
            row.update(plan_id=plan["id"], client_id=c.id, prospect_name="", goal=goal,
                       goal_text=P.GOAL_TEXTS[goal.value].format(amt=amount),
                       planned_days=[_iso(d) for d in days], product_ids=product_ids, status=status,
                       delayed_to=delayed, note="延迟至下月初" if delayed else "", sort=n)
            rows.append(row)
        # A prospect not yet in the client list, now and then.
        if r() < 0.6:
            names: set[str] = set()
            trade = P.TRADE_NAMES[int(r() * len(P.TRADE_NAMES))]
            business_cum = _cum(P.BUSINESS_WEIGHTS)
            name, _short, _section, _tech = self._company_name(rng, "上海", trade, business_cum, names)
            days = sorted({workdays[int(r() * len(workdays))] for _ in range(2)})
            ms = created_ms + len(rows) * 1000
            row = self._base(ids(ms), _dt(ms))
            row.update(plan_id=plan["id"], client_id=None, prospect_name=name, goal=PlanGoal.OPEN_ACCOUNT,
                       goal_text=P.GOAL_TEXTS["open_account"], planned_days=[_iso(d) for d in days],
                       product_ids=[],
                       status=PlanItemStatus.DONE if days[-1] <= today else PlanItemStatus.PLANNED,
                       delayed_to=None, note="陌生拜访（扫街）", sort=len(rows))
            rows.append(row)
        return rows

    # -- proposals ------------------------------------------------------------------------------------

    def _proposals(self) -> Iterator[Batch]:
        rng = self._rng("proposals")
        r = rng.random
        ids = self._ids("proposal")
        line_ids = self._ids("proposal-line")
        step_ids = self._ids("proposal-step")
        today = self.today_ord
        now_ms = self.now_ms
        proposals: list[Row] = []
        lines: list[Row] = []
        steps: list[Row] = []
        statuses = (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.APPROVED,
                    ProposalStatus.RETURNED, ProposalStatus.DELIVERED, ProposalStatus.IMPLEMENTING,
                    ProposalStatus.TRACKED)
        status_cum = _cum((3, 2, 2, 1, 2, 2, 1))
        owned: list[list[_C]] = [[] for _ in self.rms]
        for c in self.book:
            worth_a_proposal = c.group in (0, 1) or c.tier in ("A", "B")
            if c.owner >= 0 and c.status is ClientStatus.ACTIVE and worth_a_proposal:
                owned[c.owner].append(c)
        for k, clients in enumerate(owned):
            if not clients:
                continue
            clients = sorted(clients, key=lambda c: (-c.deposit, c.i))[:60]
            count = min(len(clients), 3 + int(r() * 3))
            for c in rng.sample(clients, count):
                status = statuses[bisect_right(status_cum, r() * status_cum[-1])]
                created = today - 5 - int(r() * 150)
                ms = _day_ms(created) + 10 * _HOUR_MS + int(r() * 6 * _HOUR_MS)
                g = c.group
                name = c.name
                titles = P.PROPOSAL_TITLES[g]
                title = titles[int(r() * len(titles))].format(name=c.short or name)
                areas = ([NeedArea.FINANCING, NeedArea.SETTLEMENT, NeedArea.INTERNATIONAL, NeedArea.RISK]
                         if g in (0, 2) else [NeedArea.SETTLEMENT, NeedArea.WEALTH] if g == 1
                         else [NeedArea.WEALTH, NeedArea.RISK])
                chosen = areas[: 2 + int(r() * (len(areas) - 1))]
                gap = max(100, round(c.deposit / 1_000_000 * 0.3 / 100) * 100)
                needs = {a.value: P.NEEDS[a.value][int(r() * 2)].format(amt=gap) for a in chosen}
                addressee = f"{name}：" if g != 3 else f"{name}先生/女士："
                since = date.fromordinal(c.created_ord).year
                submitted = status is not ProposalStatus.DRAFT
                decided = status not in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED)
                delivered = status in (ProposalStatus.DELIVERED, ProposalStatus.IMPLEMENTING,
                                       ProposalStatus.TRACKED)
                sub_ms = ms + _DAY_MS * (1 + int(r() * 3))
                dec_ms = sub_ms + _DAY_MS * (1 + int(r() * 2))
                del_ms = dec_ms + _DAY_MS * (1 + int(r() * 4))
                steps_done = ((ms, True), (sub_ms, submitted), (dec_ms, decided), (del_ms, delivered))
                last = max(x for x, on in steps_done if on)
                if last > now_ms:  # moved back so that the latest step is in the past
                    shift = last - now_ms + _HOUR_MS
                    ms, sub_ms, dec_ms, del_ms = ms - shift, sub_ms - shift, dec_ms - shift, del_ms - shift
                    last -= shift
                row = self._base(ids(ms), _dt(ms))
                row.update(
                    client_id=c.id, rm_id=self.rm_ids[k], title=title, status=status, needs=needs,
                    cover_letter=(f"尊敬的{addressee}\n    感谢您长期以来对{P.BANK_NAME}的信任与支持。"
                                  "我行秉持“以客户为中心、专业创造价值”的服务理念，"
                                  "结合贵方实际需求，制定本服务方案，供参阅。"),
                    cooperation=(f"双方自{since}年起建立合作关系，目前在我行存款约{_wan(c.deposit)}万元。"
                                 if c.deposit else "双方尚处于合作洽谈阶段。"),
                    service_content="根据需求分析，为客户提供产品组合、专属客户经理服务及定期回访。",
                    service_process="需求沟通—方案确认—资料准备—审批签约—落地实施—定期回访。",
                    fee_standards=f"按照《{P.BANK_NAME}服务价格目录》执行，本方案涉及的优惠以双方签署的协议为准。",
                    submitted_at=_dt(sub_ms) if submitted else None,
                    decided_at=_dt(dec_ms) if decided else None,
                    decided_by=self.head_id if decided else None,
                    decision_comment=(P.PROPOSAL_RETURN_COMMENTS[int(r() * 3)]
                                      if status is ProposalStatus.RETURNED
                                      else P.PROPOSAL_APPROVE_COMMENTS[int(r() * 3)] if decided else ""),
                    delivered_at=_dt(del_ms) if delivered else None,
                )
                row["updated_at"] = _dt(last)
                proposals.append(row)
                # Lines: products that pass the suitability rule today.
                cands = [p for p in self.pitch_candidates[g] if self._suitable(c, p, today)]
                rng.shuffle(cands)
                for n, product in enumerate(cands[: 2 + int(r() * 3)]):
                    lms = ms + 1000 * (n + 1)
                    line = self._base(line_ids(lms), _dt(lms))
                    line.update(proposal_id=row["id"], product_id=product["id"],
                                amount_fen=_pitch_amount(r, product, c), term=product["term"][:20],
                                rate_pct=product["rate_pct"], fee=_fee(product), note="", override_id=None,
                                sort=n)
                    lines.append(line)
                # Timetable with the person responsible for each step.
                n_steps = 3 + int(r() * 3)
                for n, step in enumerate(P.STEP_NAMES[:n_steps]):
                    sms = ms + 100_000 * (n + 1)
                    srow = self._base(step_ids(sms), _dt(sms))
                    due = created + 7 * (n + 1) + int(r() * 5)
                    who = (self.rm_names[k] if n % 2 == 0 else
                           ("公司金融部产品经理" if g in (0, 1) else "财富管理中心投资顾问") if n == 2
                           else "运营主管")
                    srow.update(proposal_id=row["id"], step=step, responsible=who,
                                due_on=date.fromordinal(due), done=delivered and due < today, sort=n)
                    steps.append(srow)
        yield Proposal, proposals
        if lines:
            yield ProposalLine, lines
        if steps:
            yield ProposalStep, steps

    # -- complaints, surveys, claims ------------------------------------------------------------------

    def _complaints(self) -> Iterator[Batch]:
        rng = self._rng("complaints")
        r = rng.random
        ids = self._ids("complaint")
        now_ms = self.now_ms
        active = [c for c in self.book if c.status is ClientStatus.ACTIVE]
        if not active:
            return
        count = max(8, self.n_clients // 150)
        channels = tuple(ComplaintChannel)
        channel_cum = _cum((35, 10, 5, 25, 25))
        categories = (ComplaintCategory.PRODUCT, ComplaintCategory.SERVICE, ComplaintCategory.POLICY,
                      ComplaintCategory.OTHER)
        category_cum = _cum((35, 40, 15, 10))
        picks = [active[int(r() * len(active))] for _ in range(count)]
        received = sorted(now_ms - int(r() * 180 * _DAY_MS) for _ in range(count))
        rows: list[Row] = []
        for c, rec_ms in zip(picks, received, strict=True):
            # Received in office hours, China time.
            day_start = rec_ms - (rec_ms + _CST_OFFSET_MS) % _DAY_MS
            rec_ms = min(day_start + 9 * _HOUR_MS + int(r() * 8 * _HOUR_MS), now_ms - 10 * 60_000)
            rec = _dt(rec_ms)
            category = categories[bisect_right(category_cum, r() * category_cum[-1])]
            key = category.value
            if category is ComplaintCategory.PRODUCT and c.group != 3:
                key = "product_business"
            summary, details = P.COMPLAINTS[key][int(r() * len(P.COMPLAINTS[key]))]
            respond_by, resolve_by = complaint_deadlines(rec)
            age_days = (now_ms - rec_ms) / _DAY_MS
            # How far the case has got: older cases are mostly closed.
            if age_days > 30 and r() < 0.85:
                target = 6
            else:
                target = min(6, int(r() * 7 * min(1.0, age_days / 20 + 0.2)))
            stages = (ComplaintStatus.RECEIVED, ComplaintStatus.CLASSIFIED, ComplaintStatus.HANDLING,
                      ComplaintStatus.RESOLVED, ComplaintStatus.FED_BACK, ComplaintStatus.FOLLOW_UP,
                      ComplaintStatus.CLOSED)
            classified_ms = rec_ms + int(r() * 3 * _HOUR_MS)
            responded_ms = rec_ms + int((2 + r() * (40 if r() < 0.15 else 20)) * _HOUR_MS)
            resolved_ms = responded_ms + int((1 + r() * (20 if r() < 0.15 else 11)) * _DAY_MS)
            fed_ms = resolved_ms + int(r() * 2 * _DAY_MS)
            follow_ms = fed_ms + int((3 + r() * 5) * _DAY_MS)
            closed_ms = follow_ms + int(r() * 3 * _DAY_MS)
            times = (rec_ms, classified_ms, responded_ms, resolved_ms, fed_ms, follow_ms, closed_ms)
            reached = 0
            for n in range(1, target + 1):
                if times[n] > now_ms:
                    break
                reached = n
            closed_direct = reached == 6 and r() < 0.5  # closed right after the feedback, no follow-up
            if closed_direct:
                reached = 4
            status = ComplaintStatus.CLOSED if closed_direct else stages[reached]
            owner = self.rm_ids[c.owner] if c.owner >= 0 else self.rm_ids[int(r() * len(self.rm_ids))]
            last_ms = min(fed_ms + int(r() * _DAY_MS), now_ms) if closed_direct else times[reached]
            row = self._base(ids(rec_ms), rec)
            row["updated_at"] = _dt(last_ms)
            row.update(
                client_id=c.id, rm_id=owner, received_at=rec,
                channel=channels[bisect_right(channel_cum, r() * 100)],
                category=category if reached >= 1 else None,
                department=complaint_route(category) if reached >= 1 else "", status=status, summary=summary,
                details=details, respond_by=respond_by, resolve_by=resolve_by,
                responded_at=_dt(responded_ms) if reached >= 2 else None,
                resolved_at=_dt(resolved_ms) if reached >= 3 else None,
                resolution=P.COMPLAINT_RESOLUTIONS[int(r() * 5)] if reached >= 3 else "",
                feedback_mode=((FeedbackMode.PHONE if r() < 0.7 else FeedbackMode.WRITTEN)
                               if reached >= 4 else None),
                fed_back_at=_dt(fed_ms) if reached >= 4 else None,
                follow_up=P.COMPLAINT_FOLLOW_UPS[int(r() * 3)] if reached >= 5 else "",
                closed_at=_dt(last_ms) if status is ComplaintStatus.CLOSED else None,
            )
            rows.append(row)
        yield Complaint, rows

    def _surveys(self) -> Iterator[Batch]:
        rng = self._rng("surveys")
        r = rng.random
        ids = self._ids("survey")
        today = self.today_ord
        surveyed = [c for c in self.book if c.status is ClientStatus.ACTIVE and c.owner >= 0]
        if not surveyed:
            return
        count = min(len(surveyed), max(10, self.n_clients // 25))
        days = sorted(self.workdays[int(r() * bisect_right(self.workdays, today))] for _ in range(count))
        dims = self.survey_dimensions
        rows: list[Row] = []
        for c, day in zip(rng.sample(surveyed, count), days, strict=True):
            base = 5 if r() < 0.55 else 4 if r() < 0.85 else 3
            scores = {d: max(1, min(5, base - (r() < 0.2) + (r() < 0.1))) for d in dims}
            ms = _day_ms(day) + 14 * _HOUR_MS + int(r() * 3 * _HOUR_MS)
            row = self._base(ids(ms), _dt(ms))
            d = date.fromordinal(day)
            row.update(client_id=c.id, rm_id=self.rm_ids[c.owner], conducted_on=d,
                       cycle=f"{d.year}-H{1 if d.month <= 6 else 2}", dimensions=scores,
                       score=round(sum(scores.values()) / len(scores), 1),
                       comments=P.SURVEY_COMMENTS[int(r() * len(P.SURVEY_COMMENTS))])
            rows.append(row)
        for start in range(0, len(rows), BATCH_ROWS):
            yield Survey, rows[start:start + BATCH_ROWS]

    def _claims(self) -> Iterator[Batch]:
        """Pending claims on pooled clients, two contested ones, and a history of settled claims."""
        rng = self._rng("claims")
        r = rng.random
        ids = self._ids("claim")
        now_ms = self.now_ms
        pool = [c for c in self.book if c.owner < 0 and c.status is not ClientStatus.CLOSED]
        owned = [c for c in self.book if c.owner >= 0 and c.status is ClientStatus.ACTIVE]
        rows: list[Row] = []
        rms = list(range(len(self.rm_ids)))

        def claim(c: _C, rm: int, status: ClaimStatus, age_days: float, *, decided: bool = False) -> None:
            ms = now_ms - int(age_days * _DAY_MS)
            row = self._base(ids(ms), _dt(ms))
            dec_ms = min(ms + int((1 + r() * 3) * _DAY_MS), now_ms - _HOUR_MS)
            row.update(client_id=c.id, claimant_id=self.rm_ids[rm], branch_id=self.branch_id, status=status,
                       reason=P.CLAIM_REASONS[int(r() * len(P.CLAIM_REASONS))],
                       decided_by=self.head_id if decided else None,
                       decided_at=_dt(dec_ms) if decided else None,
                       decision_comment=(("同意认领" if status is ClaimStatus.GRANTED
                                          else "该客户已由其他客户经理维护") if decided else ""))
            if decided:
                row["updated_at"] = _dt(dec_ms)
            rows.append(row)

        rng.shuffle(pool)
        contested, pending = pool[:2], pool[2:8]
        for c in contested:
            first, second = rng.sample(rms, 2)
            age = 2 + r() * 10
            claim(c, first, ClaimStatus.CONTESTED, age)
            claim(c, second, ClaimStatus.CONTESTED, age - 1)
        for c in pending:
            claim(c, rms[int(r() * len(rms))], ClaimStatus.PENDING, 1 + r() * 20)
        # History: clients now owned by the claimant (granted), and refused or withdrawn claims.
        for c in rng.sample(owned, min(5, len(owned))):
            age = 30 + r() * 200
            claim(c, c.owner, ClaimStatus.GRANTED, age, decided=True)
            if r() < 0.4:
                others = [k for k in rms if k != c.owner]
                if others:
                    claim(c, others[int(r() * len(others))], ClaimStatus.REJECTED, age - 0.5, decided=True)
        if pool[8:9]:
            claim(pool[8], rms[int(r() * len(rms))], ClaimStatus.WITHDRAWN, 40 + r() * 20)
        if rows:
            rows.sort(key=lambda row: row["id"])
            yield ClientClaim, rows

    # -- KPIs, scorecard, dated duties ------------------------------------------------------------------

    def _kpis(self) -> Iterator[Batch]:
        ids = self._ids("kpi")
        ms = _day_ms(self.today_ord - 1) + 20 * _HOUR_MS
        rows: list[Row] = []
        period = str(self.today.year)
        for n, k in enumerate(self.kpis):
            values = k.model_dump() if hasattr(k, "model_dump") else dict(k)
            row = self._base(ids(ms + n), _dt(ms + n))
            row.update(branch_id=self.branch_id, rm_id=None, period=period, metric=values["metric"],
                       target=values.get("target"), actual=float(values["actual"]), prior=values.get("prior"))
            rows.append(row)
        if rows:
            yield KpiFigure, rows
        weights: list[Row] = []
        ms = _day_ms(date(self.today.year, 1, 1).toordinal()) + 10 * _HOUR_MS
        for n, w in enumerate(self.score_weights):
            values = w.model_dump() if hasattr(w, "model_dump") else dict(w)
            row = self._base(ids(ms + n), _dt(ms + n))
            row.update(branch_id=self.branch_id, item=values["item"], weight=float(values["weight"]),
                       target=float(values.get("target") or 0.0))
            weights.append(row)
        if weights:
            yield ScoreWeight, weights

    def _duty_tasks(self) -> Iterator[Batch]:
        """Collection of overdue loans and return visits of top-tier clients not seen for two months."""
        rng = self._rng("duties")
        r = rng.random
        ids = self._ids("duty")
        today = self.today_ord
        rows: list[Row] = []
        for c in self.book:
            owner = self.rm_ids[c.owner] if c.owner >= 0 else None
            if owner is None:
                continue
            if c.overdue:
                kind, title = TaskKind.COLLECTION, f"逾期贷款催收：{c.short or c.name}"
                due = today + int(r() * 5)
            elif c.tier == "A" and c.status is ClientStatus.ACTIVE and c.last_visit < today - 60:
                kind, title = TaskKind.RETURN_VISIT, f"定期回访：{c.short or c.name}"
                due = today + int(r() * 14)
            else:
                continue
            ms = _day_ms(today - 1 - int(r() * 3)) + 8 * _HOUR_MS + len(rows)
            row = self._base(ids(ms), _dt(ms))
            row.update(client_id=c.id, visit_id=None, owner_id=owner, kind=kind, title=title,
                       due_on=date.fromordinal(due), status=TaskStatus.OPEN, done_at=None, note="")
            rows.append(row)
        # The demo RM opens 今日 on follow-ups to act on: two a few days late and one due today.
        showcase = [c for c in self.book if c.owner == self.showcase_rm][:3]
        for n, c in enumerate(showcase):
            ms = _day_ms(today - 8) + 9 * _HOUR_MS + n
            row = self._base(ids(ms), _dt(ms))
            row.update(client_id=c.id, visit_id=None, owner_id=self.rm_ids[self.showcase_rm],
                       kind=TaskKind.FOLLOW_UP, title=P.SHOWCASE_TASKS[n] + (c.short or c.name),
                       due_on=date.fromordinal(today - (5 - 2 * n) if n < 2 else today),
                       status=TaskStatus.OPEN, done_at=None, note="")
            rows.append(row)
        for start in range(0, len(rows), BATCH_ROWS):
            yield FollowUpTask, rows[start:start + BATCH_ROWS]


_SHANGHAI_DIVISIONS = {district: code for code, district in P.CITIES[0][2]}
_KIND_NAMES = {
    ClientKind.PERSONAL: "个人客户", ClientKind.PERSONAL_VIP: "贵宾客户",
    ClientKind.PERSONAL_HNW: "高净值客户",
}


_PINYIN: dict[str, str] = {}


def _trade_pinyin(trade: str) -> str:
    """'恒信' -> 'hengxin', for made-up e-mail addresses."""
    text = _PINYIN.get(trade)
    if text is None:

        text = _PINYIN[trade] = "".join(P.TRADE_PINYIN.get(ch, "") for ch in trade) or "info"
    return text


def _load_survey_dimensions() -> list[str]:
    try:
        from crm.resources_path import resource_path

        data = json.loads(resource_path("surveys.json").read_text(encoding="utf-8"))
        dims = [str(d) for d in data.get("dimensions") or []]
    except (OSError, ValueError, AttributeError):
        dims = []
    return dims or list(_SURVEY_DIMENSIONS)


def _road(district: str, pick: float) -> str:
    roads = P.DISTRICT_ROADS.get(district, P.ROADS)
    return roads[int(pick * len(roads))]


def _objective(r: Callable[[], float], c: _C) -> str:
    """营销目标 with amounts in the client's own scale (万元)."""
    pool: tuple[str, ...] = P.OBJECTIVES[c.group]
    if c.group == 3 and c.kind is not ClientKind.PERSONAL:
        pool = P.OBJECTIVES[4]
    template = pool[int(r() * len(pool))]
    if "{" not in template:
        return template
    now_wan = c.deposit / 1_000_000 or _SIZE_DEPOSIT.get(c.size, 500_000) / 10_000 * 0.3
    amount = max(10, round(now_wan * (1.3 + r()) / 10) * 10)
    loan = max(10, round(_SIZE_LOAN.get(c.size, 500_000) / 10_000 * (0.3 + r()) / 10) * 10)
    return template.format(amt=amount, loan=loan)


def _mobile(rng: random.Random, used: set[str]) -> str:
    r = rng.random
    while True:
        number = f"{_MOBILE_PREFIXES[int(r() * len(_MOBILE_PREFIXES))]}{int(r() * 100_000_000):08d}"
        if number not in used:
            used.add(number)
            return number


def _person_name(r: Callable[[], float]) -> str:
    given = P.FEMALE_GIVEN if r() < 0.5 else P.MALE_GIVEN
    surname = P.SURNAMES[min(int((r() ** 1.6) * len(P.SURNAMES)), len(P.SURNAMES) - 1)]  # common ones first
    return surname + given[int(r() * len(given))]


def _formatted(pool: tuple[str, ...], rng: random.Random) -> list[str]:
    """Templates with {amt}/{n} filled in a few ways each, once, so rows only pick."""
    out: list[str] = []
    for template in pool:
        if "{" not in template:
            out.append(template)
            continue
        for _ in range(4):
            amount, people = (1 + int(rng.random() * 60)) * 50, (2 + int(rng.random() * 40)) * 10
            out.append(template.format(amt=amount, n=people))
    return out


def _pitch_amount(r: Callable[[], float], product: Row, c: _C) -> int:
    family = product["family"]
    minimum = product["min_amount_fen"]
    if family in (ProductFamily.CARD, ProductFamily.E_BANKING, ProductFamily.SETTLEMENT,
                  ProductFamily.ACQUIRING, ProductFamily.CASH_MANAGEMENT):
        return 0
    if family is ProductFamily.CREDIT:
        base = {"large": 1_000_000_000, "medium": 500_000_000, "small": 150_000_000}.get(c.size, 50_000_000)
        return min(max(minimum, int(base * (0.3 + r())) // 1_000_000 * 1_000_000), MAX_FEN)
    base = max(c.deposit, 10_000_000)
    return min(max(minimum, int(base * (0.1 + r() * 0.4)) // 100_000 * 100_000), MAX_FEN)


def _fee(product: Row) -> str:
    text = product["fee_standard"] or ""
    return text[:40] if text else "免费"


def generate(*, seed: int, clients: int, visits: int, today: date, **sources: Any) -> DemoData:
    """The demo rows for one seed as an iterable of (model, rows) batches in foreign-key order.

    Rows are plain dicts with every column (ids, version 1, tz-aware timestamps, JSON as Python
    objects). ``sources`` may replace the bundled catalogue (``catalogue``), KPI figures (``kpis``),
    scorecard weights (``score_weights``) or survey dimensions (``survey_dimensions``).
    """
    return DemoData(seed=seed, clients=clients, visits=visits, today=today, **sources)


# --- writing ----------------------------------------------------------------------------------------


def _sqlite_converter(table: sa.Table, dialect: sa.Dialect) -> tuple[str, Callable[[Row], tuple[Any, ...]]]:
    """INSERT text and a generated function turning a row dict into the driver's parameter tuple.

    The conversions are those SQLAlchemy's bind processors apply on SQLite (UTC text timestamps, ISO
    dates, JSON text, enum values), done in one expression per row instead of per value.
    """
    compiled = sa.insert(table).compile(dialect=dialect)
    names = list(compiled.positiontup or [c.name for c in table.columns])
    env: dict[str, Any] = {"_dt": _sqlite_datetime, "_d": _sqlite_date, "_j": _sqlite_json,
                           "_e": _sqlite_enum, "_s": str.__str__}
    parts: list[str] = []
    prologue = ""
    for n, name in enumerate(names):
        column = table.columns[name]
        ctype = column.type
        ref = f"r[{name!r}]"
        if isinstance(ctype, UTCDateTime):
            if name == "created_at" and "updated_at" in names:
                prologue = "    c = r['created_at']\n    ct = _dt(c)\n    u = r['updated_at']\n"
                parts.append("ct")
            elif name == "updated_at" and "created_at" in names:
                parts.append("(ct if u is c else _dt(u))")
            else:
                parts.append(f"_dt({ref})")
        elif isinstance(ctype, EnumText):
            # StrEnum members (and plain strings) are their value: str.__str__ gives it without a lookup.
            parts.append(f"_e({ref})" if column.nullable else f"_s({ref})")
        elif isinstance(ctype, sa.JSON):
            parts.append(f"_j({ref})")
        elif isinstance(ctype, sa.Date):
            parts.append(f"_d({ref})")
        elif isinstance(ctype, sa.DateTime):
            raise TypeError(f"{table.name}.{name}: naive DateTime column not supported")
        elif isinstance(ctype, (sa.String, sa.Integer, sa.Float, sa.Boolean)):
            parts.append(ref)
        else:
            proc = ctype.dialect_impl(dialect).bind_processor(dialect)
            if proc is None:
                parts.append(ref)
            else:
                env[f"_p{n}"] = proc
                parts.append(f"_p{n}({ref})")
    source = f"def convert(r):\n{prologue}    return ({', '.join(parts)},)\n"
    exec(compile(source, f"<demo-insert-{table.name}>", "exec"), env)  # noqa: S102 - code built from column names
    return str(compiled), env["convert"]


def _sqlite_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not UTC:
        if value.tzinfo is None:
            raise ValueError("naive datetime given; the domain uses timezone-aware datetimes only")
        value = value.astimezone(UTC)
    return "%04d-%02d-%02d %02d:%02d:%02d.%06d" % (  # noqa: UP031 - SQLAlchemy's SQLite storage format
        value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond)


_DATE_TEXT: dict[date, str] = {}


def _sqlite_date(value: date | None) -> str | None:
    if value is None:
        return None
    text = _DATE_TEXT.get(value)
    if text is None:
        text = _DATE_TEXT[value] = "%04d-%02d-%02d" % (value.year, value.month, value.day)  # noqa: UP031
    return text


def _sqlite_json(value: Any) -> str | None:
    if value is None:
        return None  # SQLAlchemy's JSON stores SQL NULL for None (none_as_null is off: JSON 'null')
    if not value:
        return "{}" if isinstance(value, dict) else "[]" if isinstance(value, list) else compact_json(value)
    return compact_json(value)


def _sqlite_enum(value: Any) -> str | None:
    if value is None:
        return None
    return str.__str__(value) if isinstance(value, str) else value.value


def write(target: sa.Engine | sa.Connection, batches: Iterable[Batch], progress: Progress | None = None, *,
          totals: Mapping[str, int] | None = None, commit_every: int | None = COMMIT_EVERY,
          fast: bool | None = None) -> DemoSummary:
    """Insert the batches with Core ``insert(table)`` executemany; returns rows per table and timings.

    With an Engine, ``write`` opens its own connection and commits every ``commit_every`` rows (None: one
    transaction) and at the end; on any error it rolls back what is not yet committed. With a
    Connection, nothing is committed: the caller's transaction decides. ``progress(table,
    done, total)`` is called after each batch of a table with a known total (``totals``) and once at
    the end for every other table. ``fast`` (default: on SQLite) binds pre-converted parameter tuples
    to the compiled INSERT instead of letting SQLAlchemy process every value; the stored values are
    the same.
    """
    started = time.perf_counter()
    with bulk.collector_paused():
        if isinstance(target, sa.Engine):
            with target.connect() as conn:
                summary = _write(conn, batches, progress, totals or {}, commit_every, owns=True, fast=fast)
        else:
            summary = _write(target, batches, progress, totals or {}, commit_every, owns=False, fast=fast)
    summary.seconds = time.perf_counter() - started
    return summary


def _write(conn: sa.Connection, batches: Iterable[Batch], progress: Progress | None,
           totals: Mapping[str, int], commit_every: int | None, *, owns: bool,
           fast: bool | None) -> DemoSummary:
    summary = DemoSummary()
    sqlite = conn.dialect.name == "sqlite"
    if fast and not sqlite:
        raise ValueError("the fast path is for SQLite only")
    direct = sqlite if fast is None else fast
    converters: dict[str, tuple[str, Callable[[Row], tuple[Any, ...]]]] = {}
    previous_cache = None
    if sqlite:
        previous_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")

    def produce() -> Iterator[tuple[sa.Table, Any]]:
        for model, rows in batches:
            if not rows:
                continue
            table: sa.Table = model.__table__  # type: ignore[attr-defined]
            _check_columns(table, rows[0])
            if direct:
                if table.name not in converters:
                    converters[table.name] = _sqlite_converter(table, conn.dialect)
                sql, convert = converters[table.name]
                yield table, (sql, [convert(row) for row in rows])
            else:
                yield table, rows

    # Generation and row conversion run in a worker thread, so that Python work overlaps with the
    # driver's (GIL-free) page writes and encryption here.
    stream = bulk.ahead(produce(), depth=6, name="demo-data-generator")
    since_commit = 0
    try:
        for table, payload in stream:
            t0 = time.perf_counter()
            if direct:
                sql, params = payload
                conn.exec_driver_sql(sql, params)
                count = len(params)
            else:
                for start in range(0, len(payload), BATCH_ROWS):
                    conn.execute(sa.insert(table), payload[start:start + BATCH_ROWS])
                count = len(payload)
            name = table.name
            summary.counts[name] = summary.counts.get(name, 0) + count
            summary.write_seconds[name] = summary.write_seconds.get(name, 0.0) + time.perf_counter() - t0
            since_commit += count
            if owns and commit_every is not None and since_commit >= commit_every:
                conn.commit()
                since_commit = 0
            if progress is not None and name in totals:
                progress(name, summary.counts[name], totals[name])
        if owns:
            conn.commit()
    except BaseException:
        if owns:
            conn.rollback()  # never commit a half-written batch stream
        raise
    finally:
        stream.close()  # stops the worker and waits for it
        if sqlite and previous_cache is not None:
            with suppress(sa.exc.SQLAlchemyError):  # never hide the error being raised
                conn.exec_driver_sql(f"PRAGMA cache_size = {int(previous_cache)}")
                if owns:
                    conn.commit()  # ends the empty transaction the PRAGMA began
    if progress is not None:
        for name, count in summary.counts.items():
            if name not in totals:
                progress(name, count, count)
    return summary


def _check_columns(table: sa.Table, row: Row) -> None:
    missing = [c.name for c in table.columns if c.name not in row]
    if missing:
        raise ValueError(f"demo rows for {table.name} lack columns {missing}")


# --- the workspace --------------------------------------------------------------------------------


def fill_workspace(ws: Workspace, *, seed: int, clients: int, visits: int, today: date,
                   progress: Progress | None = None) -> DemoSummary:
    """Write the demo data into an empty workspace, make the branch head its owner, rebuild search.

    Also stores LocalSetting "demo_users" (username, display name, role of the staff; no passwords:
    credentials live on the ledger server). Refuses a workspace that already holds clients or staff.
    """
    started = time.perf_counter()
    with Session(ws.engine) as session:
        if session.exec(select(User.id).limit(1)).first() or session.exec(select(Client.id).limit(1)).first():
            raise DomainError("demo_data.workspace_not_empty")
    data = generate(seed=seed, clients=clients, visits=visits, today=today)
    with bulk.collector_paused():
        # One transaction: an interrupted run leaves the workspace empty, so it can simply be run again.
        summary = write(ws.engine, data, progress, totals=data.expected, commit_every=None)
        summary.index_seconds = _index(ws, data, progress)
    summary.head_id = data.head_id
    summary.seconds = time.perf_counter() - started
    return summary


def _index(ws: Workspace, data: DemoData, progress: Progress | None) -> float:
    """Record the workspace owner and demo users, rebuild the client search index; returns seconds."""
    from crm.services import search

    t0 = time.perf_counter()
    with Session(ws.engine) as session:
        for key, value in (("owner", {"user_id": data.head_id}), ("demo_users", data.demo_users)):
            setting = session.get(LocalSetting, key)
            if setting is None:
                session.add(LocalSetting(key=key, value=value))
            else:
                setting.value = value
                session.add(setting)
        session.flush()

        def index_progress(done: int, total: int) -> None:
            if progress is not None:
                progress("search_index", done, total)

        search.rebuild_index(session=session, progress=index_progress)
        session.commit()
    return time.perf_counter() - t0


__all__ = ["DemoData", "DemoSummary", "DemoUser", "fill_workspace", "generate", "write"]
