"""Branch KPI attainment, the demo figures, scorecard weights and RM scorecards computed from the data."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pydantic
import pytest
from sqlmodel import Session, func, select

from crm.domain.enums import (
    ClientKind,
    ClientStatus,
    HoldingKind,
    KpiMetric,
    OutboxOp,
    PitchStage,
    ScoreItem,
    TaskStatus,
    VisitMode,
)
from crm.domain.errors import NotFound, PermissionDenied, ValidationError
from crm.domain.models import (
    AuditEvent,
    FollowUpTask,
    Holding,
    KpiFigure,
    Outbox,
    Pitch,
    Product,
    Visit,
)
from crm.domain.types import utcnow
from crm.services import kpis as svc
from crm.services import products
from crm.services.kpis import CHINA_TZ, KpiSet, ScoreAdjustment, ScoreWeightIn


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def _counts(session: Session) -> tuple[int, ...]:
    return tuple(_count(session, m) for m in (KpiFigure, Outbox, AuditEvent))


# --- attainment ---------------------------------------------------------------------------------


def test_attainment_matches_the_sub_branch_year_end() -> None:
    assert svc.attainment_pct(12_500, 8_446) == 148.0
    assert svc.attainment_pct(7_280, 3_733) == 195.0
    assert svc.attainment_pct(5, None) is None and svc.attainment_pct(5, 0) is None
    assert svc.growth_target(150, 20) == 180 and svc.growth_target(10_000, 30) == 13_000


def test_demo_figures_are_those_of_the_domain() -> None:
    rows = {r.metric: r for r in svc.demo_kpis()}
    assert set(rows) == set(KpiMetric)
    actuals = {
        KpiMetric.DEPOSITS: 47_795,
        KpiMetric.DEPOSIT_NET_INCREASE: 12_500,
        KpiMetric.LOANS_ISSUED: 12_156,
        KpiMetric.LOANS_COLLECTED: 8_515,
        KpiMetric.INTEREST_COLLECTED: 1_690,
        KpiMetric.DEBIT_CARDS: 7_280,
        KpiMetric.INSURANCE_PREMIUMS: 1_130,
        KpiMetric.PERSONAL_EBANKING: 1_087,
        KpiMetric.CORPORATE_EBANKING: 13,
        KpiMetric.SMS_ALERTS: 2_327,
        KpiMetric.VIP_CARDS: 94,
        KpiMetric.TRANSFER_PHONES: 93,
        KpiMetric.POS_TERMINALS: 60,
        KpiMetric.FEE_INCOME: 118,
        KpiMetric.PROFIT: 1_716,
    }
    for metric, actual in actuals.items():
        assert rows[metric].actual == actual and rows[metric].target, metric
    assert rows[KpiMetric.DEPOSIT_NET_INCREASE].pct == 148.0
    assert rows[KpiMetric.DEBIT_CARDS].pct == 195.0
    deposits = rows[KpiMetric.DEPOSITS]
    assert deposits.prior is not None and deposits.actual - deposits.prior == 12_500
    effective = rows[KpiMetric.EFFECTIVE_ACCOUNTS]
    assert effective.prior is not None and effective.target == svc.growth_target(effective.prior, 20)
    balance = rows[KpiMetric.EFFECTIVE_ACCOUNT_BALANCE]
    assert balance.prior is not None and balance.target == svc.growth_target(balance.prior, 30)
    assert deposits.unit == "wan_yuan" and rows[KpiMetric.DEBIT_CARDS].unit == "count"


def test_the_head_records_figures_and_sees_attainment(session: Session, org: Any) -> None:
    for row in svc.demo_kpis():
        svc.set_kpi(
            session=session,
            actor=org.head,
            data=KpiSet(
                branch_id=org.branch.id,
                period="2025",
                metric=row.metric,
                target=row.target,
                actual=row.actual,
                prior=row.prior,
            ),
        )
    session.commit()
    assert _count(session, KpiFigure) == len(KpiMetric)
    assert _count(session, Outbox) == len(KpiMetric)
    rows = svc.branch_attainment(session=session, actor=org.head, period="2025")
    assert [r.metric for r in rows] == list(KpiMetric)
    by_metric = {r.metric: r for r in rows}
    assert by_metric[KpiMetric.DEPOSIT_NET_INCREASE].pct == 148.0
    assert by_metric[KpiMetric.DEBIT_CARDS].pct == 195.0
    assert svc.branch_attainment(session=session, actor=org.rm, period="2025") == rows  # own branch
    assert svc.branch_attainment(session=session, actor=org.head, period="2024") == []


def test_setting_a_figure_again_updates_it(session: Session, org: Any) -> None:
    data = KpiSet(
        branch_id=org.branch.id, period="2026-03", metric=KpiMetric.POS_TERMINALS, target=5, actual=2
    )
    first = svc.set_kpi(session=session, actor=org.admin, data=data)
    second = svc.set_kpi(session=session, actor=org.head, data=data.model_copy(update={"actual": 6}))
    assert first.id == second.id and second.actual == 6
    ops = [o.op for o in session.exec(select(Outbox).where(Outbox.entity_id == first.id))]
    assert ops == [OutboxOp.CREATE, OutboxOp.PATCH]
    rm_figure = svc.set_kpi(
        session=session, actor=org.head, data=data.model_copy(update={"rm_id": org.rm.user_id})
    )
    assert rm_figure.id != first.id
    # RM-level figures are not the branch's.
    assert [r.actual for r in svc.branch_attainment(session=session, actor=org.head, period="2026-03")] == [6]


def test_who_may_set_and_read_figures(session: Session, org: Any) -> None:
    data = KpiSet(branch_id=org.branch.id, period="2026", metric=KpiMetric.PROFIT, target=100, actual=90)
    session.commit()
    before = _counts(session)
    with pytest.raises(PermissionDenied) as err:
        svc.set_kpi(session=session, actor=org.rm, data=data)
    assert err.value.code == "permission.role"
    with pytest.raises(PermissionDenied) as err:
        svc.set_kpi(session=session, actor=org.other_head, data=data)
    assert err.value.code == "kpi.branch_out_of_scope"
    with pytest.raises(NotFound):
        svc.set_kpi(session=session, actor=org.admin, data=data.model_copy(update={"branch_id": "nope"}))
    with pytest.raises(ValidationError) as err:
        svc.set_kpi(
            session=session, actor=org.head, data=data.model_copy(update={"rm_id": org.other_head.user_id})
        )
    assert err.value.code == "kpi.rm_invalid"
    session.rollback()
    assert _counts(session) == before
    with pytest.raises(PermissionDenied):
        svc.branch_attainment(session=session, actor=org.rm, period="2026", branch_id=org.other_branch.id)
    with pytest.raises(pydantic.ValidationError):
        KpiSet(branch_id=org.branch.id, period="2026-13", metric=KpiMetric.PROFIT)


def test_joint_marketing_credit_is_split_30_70() -> None:
    assert svc.joint_credit(10) == svc.JointCredit(information=3, execution=7)
    assert svc.joint_credit(1_000_001) == svc.JointCredit(information=300_000, execution=700_001)
    split = svc.joint_credit(12.5)
    assert split.information == pytest.approx(3.75) and split.execution == pytest.approx(8.75)
    with pytest.raises(ValidationError):
        svc.joint_credit(10, information_share=1.5)


# --- weights ------------------------------------------------------------------------------------


def test_default_weights_come_from_the_resource_and_total_100(tmp_path: Path) -> None:
    weights = svc.default_score_weights()
    assert {w.item for w in weights} == set(ScoreItem)
    assert sum(w.weight for w in weights) == 100
    bad = tmp_path / "scorecard.json"
    bad.write_text(json.dumps({"items": {"external_visits": {"weight": 50}}}), encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        svc.default_score_weights(bad)
    assert err.value.code == "kpi.weights_total" and err.value.params["total"] == 50


def test_a_branch_configures_its_own_weights(session: Session, org: Any) -> None:
    assert (
        svc.score_weights(session=session, actor=org.head, branch_id=org.branch.id)
        == svc.default_score_weights()
    )
    with pytest.raises(ValidationError) as err:
        svc.set_score_weights(
            session=session,
            actor=org.head,
            branch_id=org.branch.id,
            weights=[ScoreWeightIn(item=ScoreItem.PRODUCTS_SOLD, weight=90)],
        )
    assert err.value.code == "kpi.weights_total"
    with pytest.raises(PermissionDenied):
        svc.set_score_weights(
            session=session,
            actor=org.rm,
            branch_id=org.branch.id,
            weights=[ScoreWeightIn(item=ScoreItem.PRODUCTS_SOLD, weight=100)],
        )
    svc.set_score_weights(
        session=session,
        actor=org.head,
        branch_id=org.branch.id,
        weights=[
            ScoreWeightIn(item=ScoreItem.PRODUCTS_SOLD, weight=60, target=2),
            ScoreWeightIn(item=ScoreItem.EXTERNAL_VISITS, weight=40, target=4),
        ],
    )
    assert [
        (w.item, w.weight) for w in svc.score_weights(session=session, actor=org.rm, branch_id=org.branch.id)
    ] == [(ScoreItem.EXTERNAL_VISITS, 40), (ScoreItem.PRODUCTS_SOLD, 60)]
    svc.set_score_weights(
        session=session,
        actor=org.admin,
        branch_id=org.branch.id,
        weights=[ScoreWeightIn(item=ScoreItem.PRODUCTS_SOLD, weight=100)],
    )
    assert [w.item for w in svc.score_weights(session=session, actor=org.head, branch_id=org.branch.id)] == [
        ScoreItem.PRODUCTS_SOLD
    ]


# --- scorecards ---------------------------------------------------------------------------------


@pytest.fixture
def activity(session: Session, org: Any, make_client: Any) -> dict[str, Any]:
    """A year of one RM's work, with a little from the second RM, written straight into the tables."""
    products.load_catalogue(session=session, actor=org.admin, entries=products.default_catalogue())
    catalogue = {p.code: p for p in session.exec(select(Product))}
    today = datetime.now(CHINA_TZ).date()
    start, end = today - timedelta(days=364), today
    now = utcnow()
    a, b = make_client(org.rm), make_client(org.rm)  # created now: new clients
    converted, old = make_client(org.rm), make_client(org.rm)
    for c in (converted, old):
        c.created_at = now - timedelta(days=400)
    prospect = make_client(org.rm)
    prospect.status = ClientStatus.PROSPECT
    colleague_corp = make_client(org.rm2)
    colleague_person = make_client(org.rm2, kind=ClientKind.PERSONAL, name="赵六")

    def visit(
        client: Any, days_ago: int, mode: VisitMode = VisitMode.ON_SITE, completed: bool = True
    ) -> None:
        session.add(
            Visit(
                client_id=client.id,
                rm_id=org.rm.user_id,
                visit_on=today - timedelta(days=days_ago),
                mode=mode,
                completed=completed,
            )
        )

    visit(a, 10)
    visit(b, 20)
    visit(b, 20)  # same day: one work-log day
    visit(a, 30, VisitMode.PHONE)  # logged, not external
    visit(a, 5, completed=False)  # planned only
    visit(a, 400)  # before the period
    visit(colleague_corp, 40)  # a referral, and external
    visit(colleague_person, 50)  # external, not a corporate referral

    def pitch(rm: Any, client: Any, code: str, stage: PitchStage, days_ago: int) -> None:
        session.add(
            Pitch(
                client_id=client.id,
                product_id=catalogue[code].id,
                rm_id=rm.user_id,
                stage=stage,
                stage_changed_at=now - timedelta(days=days_ago),
            )
        )

    pitch(org.rm, a, "DEP-TD-01", PitchStage.WON, 15)  # a deposit won: deposit growth for a
    pitch(org.rm, converted, "CR-WC-01", PitchStage.WON, 60)  # converts an old client
    pitch(org.rm, old, "CR-WC-01", PitchStage.WON, 500)  # won before the period
    pitch(org.rm, a, "EB-CORP-01", PitchStage.LOST, 3)
    pitch(org.rm2, colleague_corp, "CR-WC-01", PitchStage.WON, 7)
    session.add(
        Holding(
            client_id=b.id,
            kind=HoldingKind.DEPOSIT,
            amount_fen=100_000_000,
            opened_on=today - timedelta(days=12),
        )
    )
    session.add(
        Holding(
            client_id=old.id,
            kind=HoldingKind.DEPOSIT,
            amount_fen=100_000_000,
            opened_on=today - timedelta(days=420),
        )
    )
    session.add(
        FollowUpTask(
            owner_id=org.rm.user_id,
            client_id=a.id,
            title="寄送对账单",
            due_on=today,
            status=TaskStatus.DONE,
            done_at=now - timedelta(days=2),
        )
    )
    session.add(FollowUpTask(owner_id=org.rm.user_id, client_id=a.id, title="回访", due_on=today))
    session.commit()
    return {"start": start, "end": end}


EXPECTED = {
    ScoreItem.EXTERNAL_VISITS: 5,
    ScoreItem.CORPORATE_REFERRALS: 1,
    ScoreItem.DEPOSIT_GROWTH_ACCOUNTS: 2,
    ScoreItem.PRODUCTS_SOLD: 2,
    ScoreItem.NEW_CLIENTS: 3,
    ScoreItem.WORK_LOG: 6,
}


def test_scorecard_items_are_computed_from_the_data(
    session: Session, org: Any, activity: dict[str, Any]
) -> None:
    cards = svc.rm_scorecards(
        session=session, actor=org.rm, period_start=activity["start"], period_end=activity["end"]
    )
    assert [c.rm_id for c in cards] == [org.rm.user_id]  # an RM sees their own card only
    lines = {line.item: line for line in cards[0].lines}
    assert {item: line.actual for item, line in lines.items()} == EXPECTED
    weights = {w.item: w for w in svc.default_score_weights()}
    for item, line in lines.items():
        assert line.weight == weights[item].weight
        if item is ScoreItem.WORK_LOG:
            assert line.target == svc.working_days(activity["start"], activity["end"])
        else:
            assert line.target == pytest.approx(weights[item].target * 12)
        assert line.score == pytest.approx(round(line.weight * min(line.actual / line.target, 1), 2))
    assert cards[0].total == pytest.approx(round(sum(line.score for line in cards[0].lines), 2))


def test_the_head_sees_every_rm_and_adjusts_points(
    session: Session, org: Any, activity: dict[str, Any]
) -> None:
    svc.set_score_weights(
        session=session,
        actor=org.head,
        branch_id=org.branch.id,
        weights=[
            ScoreWeightIn(item=ScoreItem.PRODUCTS_SOLD, weight=60),  # no target: measured against the best RM
            ScoreWeightIn(item=ScoreItem.EXTERNAL_VISITS, weight=40, target=1 / 3),
        ],
    )  # 4 a year
    cards = svc.rm_scorecards(
        session=session,
        actor=org.head,
        period_start=activity["start"],
        period_end=activity["end"],
        adjustments={org.rm.user_id: ScoreAdjustment(bonus=5, deduction=2)},
    )
    by_rm = {c.rm_id: c for c in cards}
    assert set(by_rm) == {org.rm.user_id, org.rm2.user_id}
    mine, theirs = by_rm[org.rm.user_id], by_rm[org.rm2.user_id]
    assert [(line.item, line.score) for line in mine.lines] == [
        (ScoreItem.EXTERNAL_VISITS, 40.0),
        (ScoreItem.PRODUCTS_SOLD, 60.0),
    ]
    assert (mine.bonus, mine.deduction, mine.total) == (5, 2, 103.0)
    assert [(line.item, line.actual, line.target, line.score) for line in theirs.lines] == [
        (ScoreItem.EXTERNAL_VISITS, 0, pytest.approx(4, abs=0.02), 0.0),
        (ScoreItem.PRODUCTS_SOLD, 1, 2, 30.0),
    ]
    assert (
        svc.rm_scorecards(
            session=session, actor=org.other_head, period_start=activity["start"], period_end=activity["end"]
        )
        == []
    )
    with pytest.raises(PermissionDenied):
        svc.rm_scorecards(
            session=session,
            actor=org.other_head,
            period_start=activity["start"],
            period_end=activity["end"],
            branch_id=org.branch.id,
        )
    with pytest.raises(ValidationError):
        svc.rm_scorecards(
            session=session, actor=org.head, period_start=activity["end"], period_end=activity["start"]
        )
