"""Product pitches (产品营销) under the suitability rule, branch-head overrides and the wording guard."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import ConfigDict, Field
from sqlmodel import Session, col, select

from crm.domain.enums import ClientKind, PitchStage, ProductFamily, ProductRisk, Role
from crm.domain.errors import NotFound, ValidationError
from crm.domain.models import Client, Pitch, Product, SuitabilityOverride, User, Visit
from crm.domain.rules.suitability import SuitabilityResult, check_suitability, require_suitable
from crm.domain.rules.wording import misleading_phrases
from crm.domain.rules.workflow import PITCH_MACHINE
from crm.domain.types import utcnow
from crm.services import audit, records
from crm.services.context import Actor, client_scope, get_client
from crm.services.products import get_product
from crm.services.schema import Schema

MISLEADING_WORDING = "pitch.misleading_wording"
# An override is an exception for one sale, not a standing permission: it lapses unless renewed.
OVERRIDE_VALID_DAYS = 30


class PitchCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    client_id: str
    product_id: str
    amount_fen: int = Field(default=0, ge=0)  # 0: amount not discussed yet
    visit_id: str | None = None
    override_id: str | None = None


class PitchRow(Schema):
    id: str
    client_id: str
    client_name: str
    client_kind: ClientKind
    product_id: str
    product_code: str
    product_name: str
    product_family: ProductFamily
    product_risk: ProductRisk | None
    rm_id: str
    visit_id: str | None
    amount_fen: int
    stage: PitchStage
    lost_reason: str
    override_id: str | None
    stage_changed_at: datetime
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Pitchable:
    """Outcome of the suitability gate: the rule's result and the override that let a refusal through."""

    result: SuitabilityResult
    override: SuitabilityOverride | None

    @property
    def overridden(self) -> bool:
        return self.override is not None


def _today(today: date | None) -> date:
    return today or date.today()


# --- rules applied to one client and product ------------------------------------------------------


def suitability_for(client: Client, product: Product, today: date) -> SuitabilityResult:
    """The suitability rule (适当性) for ``product`` offered to ``client`` on ``today``."""
    return check_suitability(
        tolerance=client.risk_tolerance,
        assessed_on=client.risk_assessed_on,
        expires_on=client.risk_expires_on,
        product_family=ProductFamily(product.family),
        product_risk=product.risk,
        today=today,
    )


def guard_wording(product: Product, texts: Mapping[str, str | None]) -> None:
    """Refuse promise wording (保本, 稳赚…) in free texts that go with a wealth product (禁止误导销售).

    ``texts`` maps the field name to its text; the first offending field is reported with the phrase.
    """
    if product.family != ProductFamily.WEALTH:
        return
    for field, text in texts.items():
        phrases = misleading_phrases(text)
        if phrases:
            raise ValidationError(MISLEADING_WORDING, field=field,
                                  params={"phrase": phrases[0], "phrases": phrases, "product_id": product.id})


def _override_problem(session: Session, override: SuitabilityOverride | None, *, client: Client,
                      product: Product, refused_code: str | None, today: date) -> str | None:
    """Why ``override`` cannot lift this refusal, or None when it can."""
    if override is None or override.deleted:
        return "missing"
    if override.client_id != client.id or override.product_id != product.id:
        return "other_client_or_product"
    if override.valid_until is not None and override.valid_until < today:
        return "expired"
    # The head accepted one specific risk; a different refusal (e.g. the assessment has since lapsed)
    # is a new decision for them to take.
    if override.refused_code != refused_code:
        return "other_refusal"
    approver = session.get(User, override.approved_by)
    if (approver is None or approver.role != Role.BRANCH_HEAD
            or client.branch_id not in (approver.branch_id, *approver.heads_branch_ids)):
        return "not_branch_head"
    return None


def check_pitchable(*, session: Session, client: Client, product: Product, today: date,
                    override_id: str | None = None) -> Pitchable:
    """Pass, pass with a valid branch-head override, or raise.

    An explicit ``override_id`` that cannot be used raises ValidationError ``suitability.override_invalid``;
    without one the newest valid override for the client and product is used. With none, the rule's
    SuitabilityRefused (code ``suitability.*``) is raised.
    """
    result = suitability_for(client, product, today)
    if result.allowed:
        return Pitchable(result, None)
    override: SuitabilityOverride | None = None
    if override_id is not None:
        override = session.get(SuitabilityOverride, override_id)
        problem = _override_problem(session, override, client=client, product=product,
                                    refused_code=result.code, today=today)
        if problem is not None:
            raise ValidationError("suitability.override_invalid", field="override_id",
                                  params={"reason": problem, "refused_code": result.code})
    else:
        candidates = session.exec(
            select(SuitabilityOverride).where(
                col(SuitabilityOverride.client_id) == client.id,
                col(SuitabilityOverride.product_id) == product.id,
                col(SuitabilityOverride.deleted).is_(False),
            ).order_by(col(SuitabilityOverride.created_at).desc())
        )
        override = next(
            (o for o in candidates if _override_problem(session, o, client=client, product=product,
                                                        refused_code=result.code, today=today) is None),
            None,
        )
    require_suitable(
        tolerance=client.risk_tolerance,
        assessed_on=client.risk_assessed_on,
        expires_on=client.risk_expires_on,
        product_family=ProductFamily(product.family),
        product_risk=product.risk,
        today=today,
        override_by_branch_head=override is not None,
    )
    return Pitchable(result, override)


# --- overrides ------------------------------------------------------------------------------------


def grant_override(*, session: Session, actor: Actor, client_id: str, product_id: str, reason: str,
                   valid_until: date | None = None, today: date | None = None) -> SuitabilityOverride:
    """A branch head records why a refused product may still be offered; audited as suitability.override."""
    actor.require(Role.BRANCH_HEAD, action="suitability.override")
    day = _today(today)
    client = get_client(session, actor, client_id)  # a head's scope is exactly their branches
    product = get_product(session=session, actor=actor, product_id=product_id)
    reason = reason.strip()
    if not reason:
        raise ValidationError("suitability.override_reason_required", field="reason")
    result = suitability_for(client, product, day)
    if result.allowed:
        raise ValidationError("suitability.override_not_needed", field="product_id")
    until = valid_until or day + timedelta(days=OVERRIDE_VALID_DAYS)
    if until < day:
        raise ValidationError("suitability.override_valid_until_past", field="valid_until")
    override = SuitabilityOverride(client_id=client.id, product_id=product.id, approved_by=actor.user_id,
                                   reason=reason, refused_code=result.code or "", valid_until=until)
    records.create(session, actor, override)
    audit.record(session, actor=actor, action="suitability.override", entity="override",
                 entity_id=override.id,
                 detail={"client_id": client.id, "product_id": product.id, "refused_code": result.code,
                         "valid_until": until.isoformat()})
    return override


def list_overrides(*, session: Session, actor: Actor, client_id: str) -> list[SuitabilityOverride]:
    client = get_client(session, actor, client_id)
    stmt = select(SuitabilityOverride).where(col(SuitabilityOverride.client_id) == client.id,
                                             col(SuitabilityOverride.deleted).is_(False))
    return list(session.exec(stmt.order_by(col(SuitabilityOverride.created_at).desc())))


# --- pitches --------------------------------------------------------------------------------------


def pitch_product(*, session: Session, actor: Actor, data: PitchCreate, today: date | None = None) -> Pitch:
    """Record a pitch at stage proposed; refused products need a valid branch-head override."""
    actor.require(Role.RM, Role.BRANCH_HEAD, action="pitch.create")
    day = _today(today)
    client = get_client(session, actor, data.client_id, for_edit=True)
    product = get_product(session=session, actor=actor, product_id=data.product_id)
    if not product.active:
        raise ValidationError("product.inactive", field="product_id", params={"code": product.code})
    if data.amount_fen and data.amount_fen < product.min_amount_fen:
        raise ValidationError("pitch.amount_below_minimum", field="amount_fen",
                              params={"min_amount_fen": product.min_amount_fen})
    if data.visit_id is not None:
        visit = session.get(Visit, data.visit_id)
        if visit is None or visit.deleted or visit.client_id != client.id:
            raise ValidationError("pitch.visit_mismatch", field="visit_id")
    gate = check_pitchable(session=session, client=client, product=product, today=day,
                           override_id=data.override_id)
    pitch = Pitch(client_id=client.id, product_id=product.id, rm_id=actor.user_id, visit_id=data.visit_id,
                  amount_fen=data.amount_fen, override_id=gate.override.id if gate.override else None)
    return records.create(session, actor, pitch, audit_detail={
        "product_id": product.id, "suitability": gate.result.code or "ok",
        "override_id": pitch.override_id,
    })


def get_pitch(*, session: Session, actor: Actor, pitch_id: str) -> Pitch:
    pitch = session.get(Pitch, pitch_id)
    if pitch is None or pitch.deleted:
        raise NotFound("pitch.not_found", params={"id": pitch_id})
    try:
        get_client(session, actor, pitch.client_id)
    except NotFound:
        raise NotFound("pitch.not_found", params={"id": pitch_id}) from None
    return pitch


def _transition_to(current: PitchStage, stage: PitchStage) -> str:
    """The pitch-machine action reaching ``stage``; from an impossible state, one that apply() refuses."""
    candidates = [t for t in PITCH_MACHINE.transitions if t.target is stage]
    if not candidates:
        raise ValidationError("pitch.stage_invalid", field="stage", params={"stage": stage.value})
    chosen = next((t for t in candidates if current in t.sources), candidates[0])
    return chosen.name


def advance_pitch(*, session: Session, actor: Actor, pitch_id: str, stage: PitchStage, lost_reason: str = "",
                  today: date | None = None) -> Pitch:
    """Move a pitch along proposed → interested → applied → won | lost (with reason); lost can reopen."""
    pitch = get_pitch(session=session, actor=actor, pitch_id=pitch_id)
    client = get_client(session, actor, pitch.client_id, for_edit=True)
    stage = PitchStage(stage)
    name = _transition_to(PitchStage(pitch.stage), stage)
    target = PITCH_MACHINE.apply(PitchStage(pitch.stage), name, actor.role)
    lost_reason = lost_reason.strip()
    if target is PitchStage.LOST and not lost_reason:
        raise ValidationError("pitch.lost_reason_required", field="lost_reason")
    if name == "reopen":
        # Reopening is offering the product again: the client's assessment may have lapsed meanwhile.
        product = get_product(session=session, actor=actor, product_id=pitch.product_id)
        check_pitchable(session=session, client=client, product=product, today=_today(today),
                        override_id=pitch.override_id if pitch.override_id else None)
    changes = {"stage": target, "stage_changed_at": utcnow(),
               "lost_reason": lost_reason if target is PitchStage.LOST else ""}
    return records.command(session, actor, pitch, f"pitch.{name}",
                           {"stage": target.value, "lost_reason": changes["lost_reason"]}, changes)


def list_pitches(*, session: Session, actor: Actor, client_id: str | None = None, rm_id: str | None = None,
                 stage: PitchStage | None = None) -> list[PitchRow]:
    """Pitches on the clients this actor may see, newest first."""
    stmt = (
        select(Pitch, Client, Product)
        .join(Client, col(Client.id) == col(Pitch.client_id))
        .join(Product, col(Product.id) == col(Pitch.product_id))
        .where(client_scope(actor), col(Pitch.deleted).is_(False), col(Client.deleted).is_(False))
    )
    if client_id is not None:
        stmt = stmt.where(col(Pitch.client_id) == client_id)
    if rm_id is not None:
        stmt = stmt.where(col(Pitch.rm_id) == rm_id)
    if stage is not None:
        stmt = stmt.where(col(Pitch.stage) == PitchStage(stage).value)
    rows = session.exec(stmt.order_by(col(Pitch.created_at).desc(), col(Pitch.id).desc())).all()
    return [
        PitchRow(
            id=p.id, client_id=c.id, client_name=c.legal_name, client_kind=c.kind, product_id=pr.id,
            product_code=pr.code, product_name=pr.name, product_family=pr.family, product_risk=pr.risk,
            rm_id=p.rm_id, visit_id=p.visit_id, amount_fen=p.amount_fen, stage=p.stage,
            lost_reason=p.lost_reason, override_id=p.override_id, stage_changed_at=p.stage_changed_at,
            created_at=p.created_at,
        )
        for p, c, pr in rows
    ]
