"""Pitches: suitability refusals, branch-head overrides, the pitch workflow and the wording guard."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from crm.domain.enums import ClientKind, OutboxOp, PitchStage, RiskTolerance
from crm.domain.errors import (
    DomainError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    SuitabilityRefused,
    ValidationError,
)
from crm.domain.models import AuditEvent, Outbox, Pitch, Product, SuitabilityOverride
from crm.domain.rules.wording import misleading_phrases
from crm.services import pitches as svc
from crm.services import products
from crm.services.pitches import PitchCreate

TODAY = date(2026, 6, 15)
CURRENT = {"risk_assessed_on": date(2026, 1, 10), "risk_expires_on": date(2027, 1, 9)}
EXPIRED = {"risk_assessed_on": date(2025, 1, 10), "risk_expires_on": date(2026, 1, 9)}


@pytest.fixture
def catalogue(session: Session, org: Any) -> dict[str, Product]:
    products.load_catalogue(session=session, actor=org.admin, entries=products.default_catalogue())
    session.commit()
    return {p.code: p for p in session.exec(select(Product))}


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def _counts(session: Session) -> tuple[int, ...]:
    return tuple(_count(session, m) for m in (Pitch, SuitabilityOverride, Outbox, AuditEvent))


def _pitch(session: Session, actor: Any, client: Any, product: Product, **kw: Any) -> Pitch:
    return svc.pitch_product(
        session=session,
        actor=actor,
        today=TODAY,
        data=PitchCreate(client_id=client.id, product_id=product.id, **kw),
    )


# --- the wording rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("本理财产品保本保息，稳赚不赔", ["保本保息", "稳赚不赔"]),
        ("零风险、刚性兑付", ["零风险", "刚性兑付"]),
        ("承诺收益 4%，保 收益", ["承诺收益", "保收益"]),
        ("无风险套利", ["无风险"]),
        ("非保本浮动收益型，不保证收益，并非无风险，打破刚性兑付", []),
        ("不保本、不保收益", []),
        ("", []),
        (None, []),
    ],
)
def test_misleading_phrases_ignore_denials(text: str | None, found: list[str]) -> None:
    assert misleading_phrases(text) == found


def test_the_guard_applies_to_wealth_products_only(catalogue: dict[str, Product]) -> None:
    with pytest.raises(ValidationError) as err:
        svc.guard_wording(catalogue["WM-R2-01"], {"note": "到期保本，稳赚"})
    assert (err.value.code, err.value.field, err.value.params["phrase"]) == (
        "pitch.misleading_wording",
        "note",
        "保本",
    )
    svc.guard_wording(catalogue["DEP-TD-01"], {"note": "存款保本"})  # a deposit is principal-protected


# --- suitability --------------------------------------------------------------------------------


def test_a_suitable_pitch_is_recorded_with_audit_and_outbox(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    client = make_client(org.rm, risk_tolerance=RiskTolerance.C3, **CURRENT)
    pitch = _pitch(session, org.rm, client, catalogue["WM-R3-01"], amount_fen=5_000_000)
    session.commit()
    assert (pitch.stage, pitch.rm_id, pitch.override_id) == (PitchStage.PROPOSED, org.rm.user_id, None)
    box = session.exec(select(Outbox).where(Outbox.entity_id == pitch.id)).one()
    assert box.op is OutboxOp.CREATE and box.payload["product_id"] == catalogue["WM-R3-01"].id
    event = session.exec(select(AuditEvent).where(AuditEvent.entity_id == pitch.id)).one()
    assert event.action == "pitch.create" and event.detail["suitability"] == "ok"


@pytest.mark.parametrize(
    ("fields", "code", "product"),
    [
        ({"risk_tolerance": RiskTolerance.C2, **CURRENT}, "suitability.risk_above_tolerance", "WM-R3-01"),
        ({"risk_tolerance": RiskTolerance.C4, **CURRENT}, "suitability.risk_above_tolerance", "WM-FUND-04"),
        ({}, "suitability.assessment_missing", "WM-R1-01"),
        ({"risk_tolerance": RiskTolerance.C5, **EXPIRED}, "suitability.assessment_expired", "WM-R1-01"),
        ({}, "suitability.assessment_missing", "DEP-SD-01"),  # a rated structured deposit needs a tolerance
    ],
)
def test_unsuitable_pitches_are_refused_with_the_rule_code_and_write_nothing(
    session: Session,
    org: Any,
    make_client: Any,
    catalogue: dict[str, Product],
    fields: dict[str, Any],
    code: str,
    product: str,
) -> None:
    client = make_client(org.rm, **fields)
    before = _counts(session)
    with pytest.raises(SuitabilityRefused) as err:
        _pitch(session, org.rm, client, catalogue[product])
    session.rollback()
    assert (err.value.code, err.value.field) == (code, "product")
    assert _counts(session) == before


def test_unrated_products_need_no_assessment(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    client = make_client(org.rm)
    for code in ("CR-WC-01", "ST-ACC-BAS", "EB-CORP-01", "AQ-POS-01"):
        assert _pitch(session, org.rm, client, catalogue[code]).stage is PitchStage.PROPOSED
    assert svc.suitability_for(client, catalogue["CR-WC-01"], TODAY).allowed


def test_override_lifts_the_refusal_and_is_audited(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    client = make_client(org.rm, risk_tolerance=RiskTolerance.C2, **CURRENT)
    product = catalogue["WM-R3-01"]
    override = svc.grant_override(
        session=session,
        actor=org.head,
        client_id=client.id,
        product_id=product.id,
        reason="客户书面确认了解风险，且为专业投资者",
        today=TODAY,
    )
    assert override.refused_code == "suitability.risk_above_tolerance"
    assert override.valid_until == TODAY + timedelta(days=svc.OVERRIDE_VALID_DAYS)
    events = session.exec(select(AuditEvent).where(AuditEvent.entity_id == override.id)).all()
    assert [e.action for e in events] == ["override.create", "suitability.override"]
    assert events[1].detail["refused_code"] == "suitability.risk_above_tolerance"
    assert session.exec(select(Outbox).where(Outbox.entity_id == override.id)).one().entity == "override"

    found = _pitch(session, org.rm, client, product)  # the valid override is found without its id
    explicit = _pitch(session, org.rm, client, product, override_id=override.id)
    assert found.override_id == explicit.override_id == override.id
    event = session.exec(select(AuditEvent).where(AuditEvent.entity_id == found.id)).one()
    assert event.detail == {
        "product_id": product.id,
        "suitability": "suitability.risk_above_tolerance",
        "override_id": override.id,
    }


def test_only_the_clients_branch_head_grants_overrides(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    client = make_client(org.rm, risk_tolerance=RiskTolerance.C1, **CURRENT)
    args = {"client_id": client.id, "product_id": catalogue["WM-R2-01"].id, "reason": "特批", "today": TODAY}
    before = _counts(session)
    with pytest.raises(PermissionDenied):
        svc.grant_override(session=session, actor=org.rm, **args)
    with pytest.raises(NotFound):
        svc.grant_override(session=session, actor=org.other_head, **args)
    with pytest.raises(ValidationError) as err:
        svc.grant_override(session=session, actor=org.head, **{**args, "reason": "  "})
    assert err.value.code == "suitability.override_reason_required"
    with pytest.raises(ValidationError) as err:
        svc.grant_override(
            session=session, actor=org.head, **{**args, "product_id": catalogue["WM-R1-01"].id}
        )
    assert err.value.code == "suitability.override_not_needed"
    session.rollback()
    assert _counts(session) == before


def test_an_override_covers_one_client_product_and_refusal_while_valid(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    client = make_client(org.rm, risk_tolerance=RiskTolerance.C2, **CURRENT)
    other = make_client(org.rm, risk_tolerance=RiskTolerance.C2, **CURRENT)
    r3, r4 = catalogue["WM-R3-01"], catalogue["WM-R4-01"]
    override = svc.grant_override(
        session=session,
        actor=org.head,
        client_id=client.id,
        product_id=r3.id,
        reason="特批",
        today=TODAY,
        valid_until=TODAY + timedelta(days=5),
    )
    for who, product, reason in (
        (other, r3, "other_client_or_product"),
        (client, r4, "other_client_or_product"),
    ):
        with pytest.raises(ValidationError) as err:
            _pitch(session, org.rm, who, product, override_id=override.id)
        assert (err.value.code, err.value.params["reason"]) == ("suitability.override_invalid", reason)
    with pytest.raises(SuitabilityRefused):
        _pitch(session, org.rm, client, r4)  # no override of its own
    with pytest.raises(ValidationError) as err:
        svc.pitch_product(
            session=session,
            actor=org.rm,
            today=TODAY + timedelta(days=6),
            data=PitchCreate(client_id=client.id, product_id=r3.id, override_id=override.id),
        )
    assert err.value.params["reason"] == "expired"
    # Once the assessment lapses the refusal is a different one, which the head has not accepted.
    client.risk_expires_on = TODAY - timedelta(days=1)
    with pytest.raises(SuitabilityRefused) as refused:
        _pitch(session, org.rm, client, r3)
    assert refused.value.code == "suitability.assessment_expired"


# --- scope, roles, amounts ----------------------------------------------------------------------


def test_who_may_pitch(session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]) -> None:
    loan = catalogue["CR-WC-01"]
    with pytest.raises(NotFound):
        _pitch(session, org.rm, make_client(org.rm2), loan)
    with pytest.raises(PermissionDenied) as err:
        _pitch(session, org.rm, make_client(None), loan)  # pooled: claim it first
    assert err.value.code == "client.not_owner"
    with pytest.raises(PermissionDenied):
        _pitch(session, org.admin, make_client(org.rm), loan)
    assert _pitch(session, org.head, make_client(org.rm), loan).rm_id == org.head.user_id


def test_amounts_below_the_product_minimum_are_refused(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    client = make_client(org.rm)
    with pytest.raises(ValidationError) as err:
        _pitch(session, org.rm, client, catalogue["DEP-NT-01"], amount_fen=100_000)
    assert err.value.code == "pitch.amount_below_minimum" and err.value.field == "amount_fen"
    assert _pitch(session, org.rm, client, catalogue["DEP-NT-01"], amount_fen=0).amount_fen == 0


# --- the pitch workflow -------------------------------------------------------------------------


def test_a_pitch_moves_to_won_through_the_state_machine(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    pitch = _pitch(session, org.rm, make_client(org.rm), catalogue["CR-WC-01"])
    with pytest.raises(InvalidTransition) as err:
        svc.advance_pitch(session=session, actor=org.rm, pitch_id=pitch.id, stage=PitchStage.WON)
    assert err.value.code == "pitch.transition_invalid"
    for stage in (PitchStage.INTERESTED, PitchStage.APPLIED, PitchStage.WON):
        svc.advance_pitch(session=session, actor=org.rm, pitch_id=pitch.id, stage=stage)
    assert pitch.stage is PitchStage.WON
    commands = session.exec(
        select(Outbox)
        .where(Outbox.entity_id == pitch.id, Outbox.op == OutboxOp.COMMAND)
        .order_by(col(Outbox.seq))
    ).all()
    assert [c.name for c in commands] == ["pitch.interest", "pitch.apply", "pitch.win"]
    with pytest.raises(InvalidTransition):
        svc.advance_pitch(
            session=session, actor=org.rm, pitch_id=pitch.id, stage=PitchStage.LOST, lost_reason="x"
        )


def test_a_lost_pitch_needs_a_reason_and_can_reopen(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    client = make_client(org.rm, risk_tolerance=RiskTolerance.C3, **CURRENT)
    pitch = _pitch(session, org.rm, client, catalogue["WM-R2-01"])
    with pytest.raises(ValidationError) as err:
        svc.advance_pitch(session=session, actor=org.rm, pitch_id=pitch.id, stage=PitchStage.LOST)
    assert err.value.code == "pitch.lost_reason_required"
    svc.advance_pitch(
        session=session,
        actor=org.rm,
        pitch_id=pitch.id,
        stage=PitchStage.LOST,
        lost_reason="客户选择了他行产品",
    )
    assert (pitch.stage, pitch.lost_reason) == (PitchStage.LOST, "客户选择了他行产品")
    # Reopening offers the product again, so an assessment that lapsed meanwhile blocks it.
    client.risk_expires_on = TODAY - timedelta(days=1)
    with pytest.raises(SuitabilityRefused):
        svc.advance_pitch(
            session=session, actor=org.rm, pitch_id=pitch.id, stage=PitchStage.PROPOSED, today=TODAY
        )
    client.risk_expires_on = CURRENT["risk_expires_on"]
    svc.advance_pitch(
        session=session, actor=org.rm, pitch_id=pitch.id, stage=PitchStage.PROPOSED, today=TODAY
    )
    assert (pitch.stage, pitch.lost_reason) == (PitchStage.PROPOSED, "")


def test_another_rm_cannot_touch_a_pitch(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    pitch = _pitch(session, org.rm, make_client(org.rm), catalogue["CR-WC-01"])
    with pytest.raises(NotFound) as err:
        svc.advance_pitch(session=session, actor=org.rm2, pitch_id=pitch.id, stage=PitchStage.INTERESTED)
    assert err.value.code == "pitch.not_found"
    svc.advance_pitch(session=session, actor=org.head, pitch_id=pitch.id, stage=PitchStage.INTERESTED)


def test_lists_are_scoped_and_filtered(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    mine, theirs = make_client(org.rm), make_client(org.rm2)
    a = _pitch(session, org.rm, mine, catalogue["CR-WC-01"])
    b = _pitch(session, org.rm, mine, catalogue["EB-CORP-01"])
    c = _pitch(session, org.rm2, theirs, catalogue["CR-WC-01"])
    svc.advance_pitch(session=session, actor=org.rm, pitch_id=b.id, stage=PitchStage.INTERESTED)
    assert {r.id for r in svc.list_pitches(session=session, actor=org.rm)} == {a.id, b.id}
    assert {r.id for r in svc.list_pitches(session=session, actor=org.head)} == {a.id, b.id, c.id}
    assert [r.id for r in svc.list_pitches(session=session, actor=org.head, stage=PitchStage.INTERESTED)] == [
        b.id
    ]
    assert [r.id for r in svc.list_pitches(session=session, actor=org.head, rm_id=org.rm2.user_id)] == [c.id]
    row = svc.list_pitches(session=session, actor=org.rm, client_id=mine.id, stage=PitchStage.PROPOSED)[0]
    assert (row.product_code, row.client_name) == ("CR-WC-01", mine.legal_name)
    assert svc.list_pitches(session=session, actor=org.other_head) == []


def test_a_personal_client_is_pitched_personal_wealth(
    session: Session, org: Any, make_client: Any, catalogue: dict[str, Product]
) -> None:
    person = make_client(
        org.rm2, name="陈静", kind=ClientKind.PERSONAL_VIP, risk_tolerance=RiskTolerance.C4, **CURRENT
    )
    pitch = _pitch(session, org.rm2, person, catalogue["WM-FUND-03"], amount_fen=10_000_000)
    assert pitch.stage is PitchStage.PROPOSED
    with pytest.raises(DomainError):
        _pitch(session, org.rm2, person, catalogue["WM-FUND-04"])
