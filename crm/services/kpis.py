"""Branch KPIs against plan, and RM scorecards computed from visits, pitches, clients and tasks (§9)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from pydantic import Field
from sqlmodel import Session, col, func, select

from crm.domain.enums import (
    ClientKind,
    ClientStatus,
    HoldingKind,
    KpiMetric,
    PitchStage,
    ProductFamily,
    Role,
    ScoreItem,
    TaskStatus,
    VisitMode,
)
from crm.domain.errors import NotFound, PermissionDenied, ValidationError
from crm.domain.models import (
    Branch,
    Client,
    FollowUpTask,
    Holding,
    KpiFigure,
    Pitch,
    Product,
    ScoreWeight,
    User,
    Visit,
)
from crm.resources_path import resource_path
from crm.services import records
from crm.services.context import Actor
from crm.services.schema import Schema

SCORECARD_FILE = "scorecard.json"
SCORE_TOTAL = 100.0
# Joint marketing (联合营销): whoever brought the lead gets 30%, whoever closed it 70%.
JOINT_INFORMATION_SHARE = 0.3
JOINT_EXECUTION_SHARE = 0.7
# Periods are China calendar days (UTC+8, no daylight saving).
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")
_DAYS_PER_MONTH = 365 / 12
_PERIOD_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2]))?$"

#: Metrics measured in 万元; every other metric is a count.
AMOUNT_METRICS: frozenset[KpiMetric] = frozenset({
    KpiMetric.DEPOSITS, KpiMetric.DEPOSIT_NET_INCREASE, KpiMetric.LOANS_ISSUED, KpiMetric.LOANS_COLLECTED,
    KpiMetric.INTEREST_COLLECTED, KpiMetric.INSURANCE_PREMIUMS, KpiMetric.FEE_INCOME, KpiMetric.PROFIT,
    KpiMetric.EFFECTIVE_ACCOUNT_BALANCE,
})
_CORPORATE_KINDS = [k.value for k in ClientKind if not k.is_person]


def metric_unit(metric: KpiMetric) -> str:
    """'wan_yuan' (万元) or 'count'; the UI translates the unit code."""
    return "wan_yuan" if metric in AMOUNT_METRICS else "count"


# --- inputs and rows ------------------------------------------------------------------------------


class KpiSet(Schema):
    branch_id: str
    period: str = Field(pattern=_PERIOD_PATTERN)  # YYYY or YYYY-MM
    metric: KpiMetric
    target: float | None = Field(default=None, ge=0)
    actual: float = 0.0
    prior: float | None = None  # same period a year before
    rm_id: str | None = None  # None: the branch figure


class KpiRow(Schema):
    metric: KpiMetric
    target: float | None
    actual: float
    pct: float | None  # attainment in %, one decimal; None without a target
    prior: float | None = None
    unit: str = "count"


class ScoreWeightIn(Schema):
    item: ScoreItem
    weight: float = Field(ge=0, le=SCORE_TOTAL)
    target: float = Field(default=0.0, ge=0)  # per RM per month; 0: no fixed target


class ScoreAdjustment(Schema):
    """Bonus and deduction points (加分/扣分) decided by the branch head for one RM."""

    bonus: float = Field(default=0.0, ge=0)
    deduction: float = Field(default=0.0, ge=0)


class ScoreLine(Schema):
    item: ScoreItem
    actual: float
    target: float  # for the whole period
    weight: float
    score: float


class Scorecard(Schema):
    rm_id: str
    rm_name: str
    branch_id: str
    period_start: date
    period_end: date
    lines: list[ScoreLine]
    bonus: float
    deduction: float
    total: float


class JointCredit(Schema):
    information: float
    execution: float


# --- helpers --------------------------------------------------------------------------------------


def attainment_pct(actual: float, target: float | None) -> float | None:
    """Actual as % of plan, one decimal: 12,500 against 8,446 is 148.0."""
    if not target:
        return None
    return round(actual / target * 100, 1)


def growth_target(prior: float, growth_pct: float) -> float:
    """A growth plan as a figure: effective accounts +20% on a prior 150 is 180."""
    return round(prior * (1 + growth_pct / 100), 2)


def joint_credit(total: float, *, information_share: float = JOINT_INFORMATION_SHARE) -> JointCredit:
    """Split a jointly marketed result 30/70; integer totals (counts, 分) split exactly."""
    if not 0 <= information_share <= 1:
        raise ValidationError("kpi.share_invalid", field="information_share")
    if isinstance(total, int):
        information: float = round(total * information_share)
        return JointCredit(information=information, execution=total - information)
    information = total * information_share
    return JointCredit(information=information, execution=total - information)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ)


def working_days(start: date, end: date) -> int:
    """Monday–Friday days in [start, end]; holidays are not known offline and so are not subtracted."""
    if end < start:
        return 0
    return sum(1 for n in range((end - start).days + 1) if (start + timedelta(days=n)).weekday() < 5)


# --- branch KPI figures ---------------------------------------------------------------------------


def _check_branch_scope(actor: Actor, branch_id: str, *, write: bool) -> None:
    if actor.role is Role.ADMIN:
        return
    if actor.role is Role.BRANCH_HEAD and branch_id in actor.branch_ids:
        return
    if not write and actor.role is Role.RM and branch_id == actor.branch_id:
        return
    raise PermissionDenied("kpi.branch_out_of_scope", field="branch_id", params={"branch_id": branch_id})


def set_kpi(*, session: Session, actor: Actor, data: KpiSet) -> KpiFigure:
    """Record target and actual of one metric for a branch (or one of its RMs); upsert per period."""
    actor.require(Role.BRANCH_HEAD, Role.ADMIN, action="kpi.set")
    branch = session.get(Branch, data.branch_id)
    if branch is None or branch.deleted:
        raise NotFound("branch.not_found", params={"id": data.branch_id})
    _check_branch_scope(actor, branch.id, write=True)
    if data.rm_id is not None:
        rm = session.get(User, data.rm_id)
        if rm is None or rm.deleted or rm.branch_id != branch.id:
            raise ValidationError("kpi.rm_invalid", field="rm_id")
    rm_clause = col(KpiFigure.rm_id).is_(None) if data.rm_id is None else col(KpiFigure.rm_id) == data.rm_id
    existing = session.exec(select(KpiFigure).where(
        col(KpiFigure.branch_id) == branch.id, rm_clause, col(KpiFigure.period) == data.period,
        col(KpiFigure.metric) == data.metric.value, col(KpiFigure.deleted).is_(False))).first()
    if existing is not None:
        return records.patch(session, actor, existing,
                             {"target": data.target, "actual": data.actual, "prior": data.prior})
    figure = KpiFigure(branch_id=branch.id, rm_id=data.rm_id, period=data.period, metric=data.metric,
                       target=data.target, actual=data.actual, prior=data.prior)
    return records.create(session, actor, figure,
                          audit_detail={"metric": data.metric.value, "period": data.period})


def branch_attainment(*, session: Session, actor: Actor, period: str,
                      branch_id: str | None = None) -> list[KpiRow]:
    """The branch's figures for ``period`` in the order of KpiMetric, with % attainment."""
    branch = branch_id or actor.branch_id
    _check_branch_scope(actor, branch, write=False)
    figures = session.exec(select(KpiFigure).where(
        col(KpiFigure.branch_id) == branch, col(KpiFigure.rm_id).is_(None), col(KpiFigure.period) == period,
        col(KpiFigure.deleted).is_(False))).all()
    by_metric = {KpiMetric(f.metric): f for f in figures}
    return [
        KpiRow(metric=m, target=f.target, actual=f.actual, pct=attainment_pct(f.actual, f.target),
               prior=f.prior, unit=metric_unit(m))
        for m in KpiMetric if (f := by_metric.get(m)) is not None
    ]


# --- demo figures ---------------------------------------------------------------------------------

# A real sub-branch's year-end (DOMAIN.md §9, about 17 staff): (metric, target, actual, prior).
# Targets of net increase and debit cards are derived from the stated attainment (148%, 195%).
_DEMO: tuple[tuple[KpiMetric, float | None, float, float | None], ...] = (
    (KpiMetric.DEPOSITS, 43_741, 47_795, 35_295),  # prior + planned net increase
    (KpiMetric.DEPOSIT_NET_INCREASE, 8_446, 12_500, None),
    (KpiMetric.LOANS_ISSUED, 11_500, 12_156, None),
    (KpiMetric.LOANS_COLLECTED, 8_000, 8_515, None),
    (KpiMetric.INTEREST_COLLECTED, 1_600, 1_690, None),
    (KpiMetric.DEBIT_CARDS, 3_733, 7_280, None),
    (KpiMetric.INSURANCE_PREMIUMS, 1_000, 1_130, None),
    (KpiMetric.PERSONAL_EBANKING, 1_000, 1_087, None),
    (KpiMetric.CORPORATE_EBANKING, 15, 13, None),
    (KpiMetric.SMS_ALERTS, 2_000, 2_327, None),
    (KpiMetric.VIP_CARDS, 80, 94, None),
    (KpiMetric.TRANSFER_PHONES, 100, 93, None),
    (KpiMetric.POS_TERMINALS, 50, 60, None),
    (KpiMetric.FEE_INCOME, 110, 118, None),
    (KpiMetric.PROFIT, 1_600, 1_716, None),
    (KpiMetric.EFFECTIVE_ACCOUNTS, 180, 186, 150),  # count +20% a year
    (KpiMetric.EFFECTIVE_ACCOUNT_BALANCE, 13_000, 13_420, 10_000),  # balance +30% a year, 万元
)


def demo_kpis() -> list[KpiRow]:
    """Year-end branch figures for the demo-data generator (feed each to set_kpi with a branch and year)."""
    return [KpiRow(metric=m, target=t, actual=a, pct=attainment_pct(a, t), prior=p, unit=metric_unit(m))
            for m, t, a, p in _DEMO]


# --- scorecard weights ----------------------------------------------------------------------------


def _check_weights(weights: list[ScoreWeightIn]) -> None:
    items = [w.item for w in weights]
    if len(set(items)) != len(items):
        raise ValidationError("kpi.weight_duplicate_item", field="weights")
    total = round(sum(w.weight for w in weights), 6)
    if total != SCORE_TOTAL:
        raise ValidationError("kpi.weights_total", field="weights",
                              params={"total": total, "expected": SCORE_TOTAL})


def default_score_weights(path: Path | None = None) -> list[ScoreWeightIn]:
    """Weights and monthly targets shipped in ``resources/scorecard.json`` (total 100)."""
    source = path or resource_path(SCORECARD_FILE)
    data = json.loads(source.read_text(encoding="utf-8"))
    weights = [ScoreWeightIn(item=ScoreItem(item), **spec) for item, spec in data["items"].items()]
    _check_weights(weights)
    return weights


def score_weights(*, session: Session, actor: Actor, branch_id: str) -> list[ScoreWeightIn]:
    """The branch's configured weights, or the defaults when the branch has none."""
    _check_branch_scope(actor, branch_id, write=False)
    return _weights_for(session, branch_id)


def _weights_for(session: Session, branch_id: str) -> list[ScoreWeightIn]:
    rows = session.exec(select(ScoreWeight).where(col(ScoreWeight.branch_id) == branch_id,
                                                  col(ScoreWeight.deleted).is_(False))).all()
    if not rows:
        return default_score_weights()
    by_item = {ScoreItem(r.item): r for r in rows}
    return [ScoreWeightIn(item=item, weight=by_item[item].weight, target=by_item[item].target)
            for item in ScoreItem if item in by_item]


def set_score_weights(*, session: Session, actor: Actor, branch_id: str,
                      weights: list[ScoreWeightIn]) -> list[ScoreWeight]:
    """Configure a branch's scorecard (head of the branch or administrator); weights must total 100."""
    actor.require(Role.BRANCH_HEAD, Role.ADMIN, action="kpi.weights")
    if session.get(Branch, branch_id) is None:
        raise NotFound("branch.not_found", params={"id": branch_id})
    _check_branch_scope(actor, branch_id, write=True)
    _check_weights(weights)
    existing = {ScoreItem(r.item): r for r in session.exec(select(ScoreWeight).where(
        col(ScoreWeight.branch_id) == branch_id, col(ScoreWeight.deleted).is_(False)))}
    out: list[ScoreWeight] = []
    for w in weights:
        row = existing.pop(w.item, None)
        if row is None:
            out.append(records.create(session, actor, ScoreWeight(branch_id=branch_id, item=w.item,
                                                                  weight=w.weight, target=w.target)))
        else:
            out.append(records.patch(session, actor, row, {"weight": w.weight, "target": w.target}))
    for row in existing.values():
        # An item left out no longer counts; the tombstone replicates that.
        records.delete(session, actor, row)
    return out


# --- RM scorecards --------------------------------------------------------------------------------


def _rms_in_scope(session: Session, actor: Actor, branch_id: str | None) -> list[User]:
    stmt = select(User).where(col(User.role) == Role.RM.value, col(User.deleted).is_(False),
                              col(User.active).is_(True))
    if actor.role is Role.RM:
        stmt = stmt.where(col(User.id) == actor.user_id)
    elif actor.role is Role.BRANCH_HEAD:
        branches = [branch_id] if branch_id else list(actor.branch_ids)
        for b in branches:
            _check_branch_scope(actor, b, write=False)
        stmt = stmt.where(col(User.branch_id).in_(branches))
    elif branch_id:
        stmt = stmt.where(col(User.branch_id) == branch_id)
    return list(session.exec(stmt.order_by(col(User.branch_id), col(User.display_name))))


def _measure(session: Session, rm_id: str, start: date, end: date) -> dict[ScoreItem, float]:
    """What one RM did in [start, end], item by item (DOMAIN.md §9)."""
    t0, t1 = _day_start(start), _day_start(end + timedelta(days=1))
    visits = session.exec(select(Visit, Client).join(Client, col(Client.id) == col(Visit.client_id)).where(
        col(Visit.rm_id) == rm_id, col(Visit.completed).is_(True), col(Visit.deleted).is_(False),
        col(Visit.visit_on) >= start, col(Visit.visit_on) <= end)).all()
    # 外出客户拓展: completed on-site visits.
    external = sum(1 for v, _ in visits if v.mode == VisitMode.ON_SITE)
    # 对公客户转推荐: corporate clients of another RM this RM visited and so handed on to them.
    referrals = len({c.id for _, c in visits
                     if c.kind.value in _CORPORATE_KINDS and c.owner_id not in (None, rm_id)})
    # 产品营销个数: pitches won in the period.
    sold = int(session.exec(select(func.count()).select_from(Pitch).where(
        col(Pitch.rm_id) == rm_id, col(Pitch.stage) == PitchStage.WON.value, col(Pitch.deleted).is_(False),
        col(Pitch.stage_changed_at) >= t0, col(Pitch.stage_changed_at) < t1)).one())
    # 存款上涨户数: own clients with a new deposit, or a deposit product won, in the period.
    new_deposit = set(session.exec(
        select(Holding.client_id).join(Client, col(Client.id) == col(Holding.client_id))
        .where(col(Client.owner_id) == rm_id, col(Holding.kind) == HoldingKind.DEPOSIT.value,
               col(Holding.deleted).is_(False), col(Holding.opened_on) >= start,
               col(Holding.opened_on) <= end)).all())
    won_deposit = set(session.exec(
        select(Pitch.client_id).join(Client, col(Client.id) == col(Pitch.client_id))
        .join(Product, col(Product.id) == col(Pitch.product_id))
        .where(col(Client.owner_id) == rm_id, col(Product.family) == ProductFamily.DEPOSIT.value,
               col(Pitch.stage) == PitchStage.WON.value, col(Pitch.deleted).is_(False),
               col(Pitch.stage_changed_at) >= t0, col(Pitch.stage_changed_at) < t1)).all())
    # 新客户拓展: own active clients created in the period, or converted by their first won pitch in it.
    first_won = (select(Pitch.client_id, func.min(Pitch.stage_changed_at).label("first_won"))
                 .where(col(Pitch.stage) == PitchStage.WON.value, col(Pitch.deleted).is_(False))
                 .group_by(col(Pitch.client_id)).subquery())
    own_active = session.exec(select(Client, first_won.c.first_won)
                              .outerjoin(first_won, first_won.c.client_id == col(Client.id))
                              .where(col(Client.owner_id) == rm_id, col(Client.deleted).is_(False),
                                     col(Client.status) == ClientStatus.ACTIVE.value)).all()
    new_clients = sum(1 for c, won in own_active
                      if t0 <= c.created_at < t1 or (won is not None and t0 <= _aware(won) < t1))
    # 系统工作日志完成: days with a completed visit record or a task done.
    log_days = {v.visit_on for v, _ in visits}
    done_at = session.exec(select(FollowUpTask.done_at).where(
        col(FollowUpTask.owner_id) == rm_id, col(FollowUpTask.status) == TaskStatus.DONE.value,
        col(FollowUpTask.deleted).is_(False), col(FollowUpTask.done_at) >= t0,
        col(FollowUpTask.done_at) < t1)).all()
    log_days |= {_aware(d).astimezone(CHINA_TZ).date() for d in done_at if d is not None}
    return {
        ScoreItem.EXTERNAL_VISITS: float(external),
        ScoreItem.CORPORATE_REFERRALS: float(referrals),
        ScoreItem.DEPOSIT_GROWTH_ACCOUNTS: float(len(new_deposit | won_deposit)),
        ScoreItem.PRODUCTS_SOLD: float(sold),
        ScoreItem.NEW_CLIENTS: float(new_clients),
        ScoreItem.WORK_LOG: float(len(log_days)),
    }


def _aware(value: Any) -> datetime:
    # Aggregates (min over a column) come back without the column type, hence naive UTC or text.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def rm_scorecards(*, session: Session, actor: Actor, period_start: date, period_end: date,
                  branch_id: str | None = None,
                  adjustments: Mapping[str, ScoreAdjustment] | None = None) -> list[Scorecard]:
    """Scorecards of the RMs in scope: each item scores weight × min(actual / target, 1).

    Monthly targets scale with the period's length. With no fixed target, work log is measured against
    the period's working days and any other item against the best RM in the list.
    """
    if period_end < period_start:
        raise ValidationError("kpi.period_invalid", field="period_end")
    rms = _rms_in_scope(session, actor, branch_id)
    months = ((period_end - period_start).days + 1) / _DAYS_PER_MONTH
    measured = {rm.id: _measure(session, rm.id, period_start, period_end) for rm in rms}
    best = {item: max((m[item] for m in measured.values()), default=0.0) for item in ScoreItem}
    weights_cache: dict[str, list[ScoreWeightIn]] = {}
    cards: list[Scorecard] = []
    for rm in rms:
        weights = weights_cache.setdefault(rm.branch_id, _weights_for(session, rm.branch_id))
        lines: list[ScoreLine] = []
        for w in weights:
            actual = measured[rm.id][w.item]
            if w.target > 0:
                target = round(w.target * months, 2)
            elif w.item is ScoreItem.WORK_LOG:
                target = float(working_days(period_start, period_end))
            else:
                target = best[w.item]
            ratio = min(actual / target, 1.0) if target > 0 else 0.0
            lines.append(ScoreLine(item=w.item, actual=actual, target=target, weight=w.weight,
                                   score=round(w.weight * ratio, 2)))
        adj = (adjustments or {}).get(rm.id, ScoreAdjustment())
        total = max(0.0, round(sum(line.score for line in lines) + adj.bonus - adj.deduction, 2))
        cards.append(Scorecard(rm_id=rm.id, rm_name=rm.display_name, branch_id=rm.branch_id,
                               period_start=period_start, period_end=period_end, lines=lines,
                               bonus=adj.bonus, deduction=adj.deduction, total=total))
    return cards
