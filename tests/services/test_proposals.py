"""Service proposals: editing, suitability of lines, the review workflow, and the printed pack's contents."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from crm.domain.enums import (
    ClientKind,
    Disclosure,
    HoldingKind,
    NeedArea,
    OutboxOp,
    ProposalStatus,
    RiskTolerance,
)
from crm.domain.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    SuitabilityRefused,
    ValidationError,
)
from crm.domain.models import (
    AuditEvent,
    Contact,
    Holding,
    Outbox,
    Product,
    Proposal,
    ProposalLine,
    ProposalStep,
)
from crm.services import pitches, products
from crm.services import proposals as svc
from crm.services.proposals import ProposalCreate, ProposalLineCreate, ProposalStepCreate, ProposalUpdate

TODAY = date(2026, 6, 15)
CURRENT = {"risk_assessed_on": date(2026, 1, 10), "risk_expires_on": date(2027, 1, 9)}
USCC = "91350100M000100Y43"


@pytest.fixture
def catalogue(session: Session, org: Any) -> dict[str, Product]:
    products.load_catalogue(session=session, actor=org.admin, entries=products.default_catalogue())
    session.commit()
    return {p.code: p for p in session.exec(select(Product))}


@pytest.fixture
def client(make_client: Any, org: Any, session: Session) -> Any:
    c = make_client(org.rm, name="福州恒信精密机械有限公司", risk_tolerance=RiskTolerance.C2, **CURRENT)
    c.uscc = USCC
    session.add(c)
    session.add(
        Contact(
            client_id=c.id,
            name="林晓东",
            title="财务总监",
            phones=["13812345678"],
            email="linxd@hengxin.example",
            is_primary=True,
        )
    )
    session.add(Contact(client_id=c.id, name="陈出纳", phones=["13900001111"]))
    session.add_all(
        [
            Holding(
                client_id=c.id,
                kind=HoldingKind.ACCOUNT,
                name="基本存款账户",
                account_no="3501 0000 1234 5678",
            ),
            Holding(client_id=c.id, kind=HoldingKind.DEPOSIT, name="单位定期", amount_fen=300_000_000),
            Holding(client_id=c.id, kind=HoldingKind.DEPOSIT, name="单位通知存款", amount_fen=50_000_000),
            Holding(client_id=c.id, kind=HoldingKind.LOAN, name="流动资金贷款", amount_fen=500_000_000),
        ]
    )
    session.commit()
    return c


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def _counts(session: Session) -> tuple[int, ...]:
    return tuple(_count(session, m) for m in (Proposal, ProposalLine, ProposalStep, Outbox, AuditEvent))


def _create(session: Session, actor: Any, client: Any, **kw: Any) -> Proposal:
    data = {
        "client_id": client.id,
        "title": "恒信精密综合金融服务方案",
        "needs": {NeedArea.SETTLEMENT: "结算集中、对账自动化", NeedArea.FINANCING: "扩产流动资金约 800 万元"},
        "cover_letter": "尊敬的林总：感谢贵司长期以来的信任与支持……",
        "cooperation": "贵司在我行开立基本存款账户，并有定期存款与流动资金贷款。",
        "service_content": "提供结算、融资与现金管理一揽子服务",
        "service_process": "需求确认→方案审批→实施",
        "fee_standards": "按我行公布的收费标准执行，小微企业减免账户管理费",
        **kw,
    }
    return svc.create_proposal(session=session, actor=actor, data=ProposalCreate(**data))


def _line(session: Session, actor: Any, proposal: Proposal, product: Product, **kw: Any) -> ProposalLine:
    return svc.add_line(
        session=session,
        actor=actor,
        proposal_id=proposal.id,
        today=TODAY,
        data=ProposalLineCreate(product_id=product.id, **kw),
    )


def _ready(session: Session, org: Any, client: Any, catalogue: dict[str, Product]) -> Proposal:
    proposal = _create(session, org.rm, client)
    _line(session, org.rm, proposal, catalogue["CR-WC-01"], amount_fen=800_000_000, term="一年", rate_pct=3.2)
    svc.add_step(
        session=session,
        actor=org.rm,
        proposal_id=proposal.id,
        data=ProposalStepCreate(step="授信审批", responsible="王芳", due_on=date(2026, 7, 1)),
    )
    return proposal


# --- editing ------------------------------------------------------------------------------------


def test_a_draft_is_created_edited_and_filled_with_audit_and_outbox(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product]
) -> None:
    proposal = _create(session, org.rm, client)
    assert (proposal.status, proposal.rm_id) == (ProposalStatus.DRAFT, org.rm.user_id)
    assert proposal.needs == {"settlement": "结算集中、对账自动化", "financing": "扩产流动资金约 800 万元"}
    svc.update_proposal(
        session=session,
        actor=org.rm,
        proposal_id=proposal.id,
        data=ProposalUpdate(title="恒信精密 2026 年度服务方案"),
    )
    line = _line(session, org.rm, proposal, catalogue["CR-WC-01"], amount_fen=800_000_000)
    line2 = _line(session, org.rm, proposal, catalogue["EB-CORP-01"])
    step = svc.add_step(
        session=session,
        actor=org.rm,
        proposal_id=proposal.id,
        data=ProposalStepCreate(step="开通企业网银", responsible="王芳"),
    )
    session.commit()
    assert (line.sort, line2.sort, step.sort) == (1, 2, 1)
    for entity_id, action, op in (
        (proposal.id, "proposal.create", OutboxOp.CREATE),
        (line.id, "proposal_line.create", OutboxOp.CREATE),
        (step.id, "proposal_step.create", OutboxOp.CREATE),
    ):
        assert (
            session.exec(select(AuditEvent).where(AuditEvent.entity_id == entity_id)).first().action == action
        )
        assert session.exec(select(Outbox).where(Outbox.entity_id == entity_id)).first().op is op
    patch = session.exec(
        select(Outbox).where(Outbox.entity_id == proposal.id, Outbox.op == OutboxOp.PATCH)
    ).one()
    assert patch.payload == {"title": "恒信精密 2026 年度服务方案"}
    svc.remove_line(session=session, actor=org.rm, line_id=line2.id)
    assert [x.id for x in svc.list_lines(session=session, actor=org.rm, proposal_id=proposal.id)] == [line.id]
    assert session.exec(
        select(Outbox).where(Outbox.entity_id == line2.id, Outbox.op == OutboxOp.DELETE)
    ).one()


def test_only_the_rm_or_the_head_edit_and_others_do_not_see(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product]
) -> None:
    proposal = _create(session, org.rm, client)
    with pytest.raises(NotFound) as err:
        svc.update_proposal(
            session=session, actor=org.rm2, proposal_id=proposal.id, data=ProposalUpdate(title="x")
        )
    assert err.value.code == "proposal.not_found"
    with pytest.raises(NotFound):
        svc.get_proposal(session=session, actor=org.other_head, proposal_id=proposal.id)
    svc.update_proposal(
        session=session, actor=org.head, proposal_id=proposal.id, data=ProposalUpdate(title="y")
    )
    with pytest.raises(NotFound):
        _create(session, org.rm2, client)
    assert [r.id for r in svc.list_proposals(session=session, actor=org.rm)] == [proposal.id]
    assert svc.list_proposals(session=session, actor=org.rm2) == []


def test_lines_go_through_suitability_and_overrides(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product]
) -> None:
    proposal = _create(session, org.rm, client)
    session.commit()
    before = _counts(session)
    with pytest.raises(SuitabilityRefused) as err:
        _line(session, org.rm, proposal, catalogue["WM-R3-01"], amount_fen=1_000_000)
    session.rollback()
    assert err.value.code == "suitability.risk_above_tolerance"
    assert _counts(session) == before
    override = pitches.grant_override(
        session=session,
        actor=org.head,
        client_id=client.id,
        product_id=catalogue["WM-R3-01"].id,
        reason="客户为专业投资者",
        today=TODAY,
    )
    line = _line(
        session, org.rm, proposal, catalogue["WM-R3-01"], amount_fen=1_000_000, override_id=override.id
    )
    assert line.override_id == override.id
    assert _line(session, org.rm, proposal, catalogue["WM-R2-01"]).override_id is None


def test_misleading_wording_is_refused_on_wealth_lines_and_narratives(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product]
) -> None:
    proposal = _create(session, org.rm, client)
    with pytest.raises(ValidationError) as err:
        _line(session, org.rm, proposal, catalogue["WM-R2-01"], note="本产品保本，年化稳赚 3%")
    assert (err.value.code, err.value.field, err.value.params["phrase"]) == (
        "pitch.misleading_wording",
        "note",
        "保本",
    )
    _line(
        session, org.rm, proposal, catalogue["DEP-TD-01"], note="存款本金安全，保本"
    )  # not a wealth product
    _line(
        session, org.rm, proposal, catalogue["WM-R2-01"], note="非保本浮动收益型，业绩比较基准不代表实际收益"
    )
    with pytest.raises(ValidationError) as err:
        svc.update_proposal(
            session=session,
            actor=org.rm,
            proposal_id=proposal.id,
            data=ProposalUpdate(needs={NeedArea.WEALTH: "闲置资金追求零风险收益"}),
        )
    assert (err.value.field, err.value.params["phrase"]) == ("needs.wealth", "零风险")

    narrative = _create(session, org.rm, client, service_content="我行理财产品刚性兑付")
    _line(session, org.rm, narrative, catalogue["CR-WC-01"])  # no wealth yet: the text is not a wealth pitch
    with pytest.raises(ValidationError) as err:
        _line(session, org.rm, narrative, catalogue["WM-R1-01"])
    assert (err.value.field, err.value.params["phrase"]) == ("service_content", "刚性兑付")


# --- the workflow -------------------------------------------------------------------------------


def test_review_approve_deliver_implement_track(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product]
) -> None:
    proposal = _ready(session, org, client, catalogue)
    svc.submit_proposal(session=session, actor=org.rm, proposal_id=proposal.id, today=TODAY)
    assert proposal.status is ProposalStatus.SUBMITTED and proposal.submitted_at is not None
    with pytest.raises(InvalidTransition) as err:
        svc.update_proposal(
            session=session, actor=org.rm, proposal_id=proposal.id, data=ProposalUpdate(title="x")
        )
    assert err.value.code == "proposal.not_editable"
    with pytest.raises(InvalidTransition):
        _line(session, org.rm, proposal, catalogue["EB-CORP-01"])
    with pytest.raises(PermissionDenied) as err:
        svc.approve_proposal(session=session, actor=org.rm, proposal_id=proposal.id)
    assert err.value.code == "proposal.role_forbidden"
    with pytest.raises(NotFound):
        svc.approve_proposal(session=session, actor=org.other_head, proposal_id=proposal.id)
    svc.approve_proposal(
        session=session, actor=org.head, proposal_id=proposal.id, comment="同意，注意利率审批"
    )
    assert (proposal.status, proposal.decided_by, proposal.decision_comment) == (
        ProposalStatus.APPROVED,
        org.head.user_id,
        "同意，注意利率审批",
    )
    with pytest.raises(PermissionDenied):
        svc.deliver_proposal(session=session, actor=org.head, proposal_id=proposal.id)
    svc.deliver_proposal(session=session, actor=org.rm, proposal_id=proposal.id)
    step = svc.list_steps(session=session, actor=org.rm, proposal_id=proposal.id)[0]
    svc.start_proposal(session=session, actor=org.rm, proposal_id=proposal.id)
    svc.complete_step(session=session, actor=org.rm, step_id=step.id)
    svc.track_proposal(session=session, actor=org.head, proposal_id=proposal.id, comment="已放款")
    assert proposal.status is ProposalStatus.TRACKED and step.done and proposal.delivered_at is not None
    names = [
        o.name
        for o in session.exec(
            select(Outbox)
            .where(Outbox.entity_id == proposal.id, Outbox.op == OutboxOp.COMMAND)
            .order_by(col(Outbox.seq))
        )
    ]
    assert names == [
        "proposal.submit",
        "proposal.approve",
        "proposal.deliver",
        "proposal.start",
        "proposal.track",
    ]
    approve = session.exec(select(AuditEvent).where(AuditEvent.action == "proposal.approve")).one()
    assert "comment" not in approve.detail  # free text stays out of the audit trail


def test_return_needs_a_comment_and_the_rm_revises_and_resubmits(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product]
) -> None:
    proposal = _ready(session, org, client, catalogue)
    svc.submit_proposal(session=session, actor=org.rm, proposal_id=proposal.id, today=TODAY)
    session.commit()
    before = _counts(session)
    with pytest.raises(ValidationError) as err:
        svc.return_proposal(session=session, actor=org.head, proposal_id=proposal.id, comment=" ")
    session.rollback()
    assert err.value.code == "proposal.comment_required" and _counts(session) == before
    svc.return_proposal(session=session, actor=org.head, proposal_id=proposal.id, comment="请补充担保方式")
    assert proposal.status is ProposalStatus.RETURNED
    svc.update_proposal(
        session=session,
        actor=org.rm,
        proposal_id=proposal.id,
        data=ProposalUpdate(service_content="增加抵押担保说明"),
    )
    svc.submit_proposal(session=session, actor=org.rm, proposal_id=proposal.id, today=TODAY)
    svc.withdraw_proposal(session=session, actor=org.rm, proposal_id=proposal.id)
    assert proposal.status is ProposalStatus.DRAFT


@pytest.mark.parametrize(
    "action",
    ["deliver_proposal", "start_proposal", "track_proposal", "withdraw_proposal", "approve_proposal"],
)
def test_out_of_order_steps_are_invalid(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product], action: str
) -> None:
    proposal = _ready(session, org, client, catalogue)
    actor = org.head if action == "approve_proposal" else org.rm
    with pytest.raises(InvalidTransition) as err:
        getattr(svc, action)(session=session, actor=actor, proposal_id=proposal.id)
    assert err.value.code == "proposal.transition_invalid"


def test_submit_needs_lines_and_rechecks_suitability(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product]
) -> None:
    empty = _create(session, org.rm, client)
    with pytest.raises(ValidationError) as err:
        svc.submit_proposal(session=session, actor=org.rm, proposal_id=empty.id, today=TODAY)
    assert err.value.code == "proposal.no_lines"
    proposal = _create(session, org.rm, client)
    _line(session, org.rm, proposal, catalogue["WM-R2-01"])
    with pytest.raises(SuitabilityRefused) as refused:  # the assessment lapsed before submission
        svc.submit_proposal(session=session, actor=org.rm, proposal_id=proposal.id, today=date(2027, 2, 1))
    assert refused.value.code == "suitability.assessment_expired"
    assert proposal.status is ProposalStatus.DRAFT


# --- the pack -----------------------------------------------------------------------------------


def test_pack_without_wealth_has_no_disclosures_and_masks_identifiers(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product]
) -> None:
    proposal = _ready(session, org, client, catalogue)
    pack = svc.get_proposal_pack(session=session, actor=org.rm, proposal_id=proposal.id, today=TODAY)
    assert (pack.status, pack.approved, pack.unmasked) == (ProposalStatus.DRAFT, False, False)
    assert pack.has_wealth is False and pack.disclosures == []
    assert all(not line.disclosures and not line.is_wealth for line in pack.lines)
    assert pack.client.identifier_kind == "uscc" and pack.client.identifier == "9135**********0Y43"
    assert pack.primary_contact is not None and pack.primary_contact.name == "林晓东"
    assert pack.primary_contact.phone == "138****5678" and "linxd" not in pack.primary_contact.email
    assert USCC not in pack.model_dump_json() and "13812345678" not in pack.model_dump_json()
    assert [(h.kind, h.count, h.amount_fen) for h in pack.holdings] == [
        (HoldingKind.ACCOUNT, 1, 0),
        (HoldingKind.DEPOSIT, 2, 350_000_000),
        (HoldingKind.LOAN, 1, 500_000_000),
    ]
    assert [n.area for n in pack.needs] == [NeedArea.FINANCING, NeedArea.SETTLEMENT]  # canonical order
    line = pack.lines[0]
    assert (line.product_code, line.amount_fen, line.rate_pct, line.term) == (
        "CR-WC-01",
        800_000_000,
        3.2,
        "一年",
    )
    assert line.fee_standard and line.suitability.allowed and line.suitability.code is None
    assert [(s.step, s.responsible) for s in pack.steps] == [("授信审批", "王芳")]
    assert (pack.branch.name, pack.rm_name, pack.branch_head_name) == ("城中支行", "王芳", "张伟")
    assert pack.total_amount_fen == 800_000_000
    assert not session.exec(select(AuditEvent).where(AuditEvent.action == "client.unmask")).all()


def test_pack_with_wealth_lists_the_disclosures_and_override(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product]
) -> None:
    proposal = _ready(session, org, client, catalogue)
    _line(session, org.rm, proposal, catalogue["WM-R1-01"], amount_fen=10_000_000)  # four disclosures
    pitches.grant_override(
        session=session,
        actor=org.head,
        client_id=client.id,
        product_id=catalogue["WM-GOLD-01"].id,
        reason="客户资产配置需要",
        today=TODAY,
    )
    _line(session, org.rm, proposal, catalogue["WM-GOLD-01"])
    pack = svc.get_proposal_pack(session=session, actor=org.rm, proposal_id=proposal.id, today=TODAY)
    assert pack.has_wealth is True
    assert pack.disclosures == list(Disclosure)  # union, canonical order
    by_code = {line.product_code: line for line in pack.lines}
    assert by_code["WM-R1-01"].disclosures == [
        Disclosure.CREDIT,
        Disclosure.LIQUIDITY,
        Disclosure.POLICY,
        Disclosure.OPERATIONAL,
    ]
    gold = by_code["WM-GOLD-01"].suitability
    assert (gold.allowed, gold.code, gold.overridden) == (False, "suitability.risk_above_tolerance", True)
    assert (gold.override_reason, gold.override_by) == ("客户资产配置需要", "张伟")
    assert by_code["CR-WC-01"].disclosures == []


def test_pack_approved_flag_and_unmasked_pack_is_audited(
    session: Session, org: Any, client: Any, catalogue: dict[str, Product]
) -> None:
    proposal = _ready(session, org, client, catalogue)
    svc.submit_proposal(session=session, actor=org.rm, proposal_id=proposal.id, today=TODAY)
    assert not svc.get_proposal_pack(session=session, actor=org.rm, proposal_id=proposal.id).approved
    svc.approve_proposal(session=session, actor=org.head, proposal_id=proposal.id)
    svc.deliver_proposal(session=session, actor=org.rm, proposal_id=proposal.id)
    pack = svc.get_proposal_pack(session=session, actor=org.rm, proposal_id=proposal.id, unmasked=True)
    assert pack.approved and pack.status is ProposalStatus.DELIVERED and pack.decided_by_name == "张伟"
    assert pack.client.identifier == USCC and pack.primary_contact is not None
    assert pack.primary_contact.phone == "13812345678"
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "client.unmask")).one()
    assert event.entity_id == client.id and event.detail["purpose"] == "proposal_pack"
    assert USCC not in str(event.detail) and "13812345678" not in str(event.detail)


def test_a_personal_clients_pack_masks_the_id_number(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    person = make_client(org.rm, name="陈静", kind=ClientKind.PERSONAL_VIP, id_number="11010519491231002X")
    proposal = _create(session, org.rm, person, title="陈静女士财富规划方案")
    _line(session, org.rm, proposal, catalogue["CD-VIP-01"])
    pack = svc.get_proposal_pack(session=session, actor=org.rm, proposal_id=proposal.id)
    assert (pack.client.identifier_kind, pack.client.identifier) == ("id_number", "110105********002X")
    assert pack.primary_contact is None and pack.holdings == []
