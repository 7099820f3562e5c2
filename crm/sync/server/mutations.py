"""Applying one device mutation on the ledger: authorisation, validation, three-way merge, commands.

Everything is decided from the device's user as the ledger knows it (an `Actor` built from the user
row), never from ids in the mutation. Workflow commands reuse the desktop services (crm.services.*), which
check role, scope and state with the same state machines and write through `records`; the ledger's
tracker (crm.sync.server.ledger) turns whatever rows they change into change-log entries. Generic
creates and patches reuse the services' value rules (credit-code and ID checksums, phone normalisation,
visit and plan-item rules, suitability) but keep the device's row id, which the services would not.

Every refusal raises a coded DomainError; the caller stores it as a `rejected` result that still
advances the device's seq.

Auditing: the change log records who (user, device, mutation id) changed what and when for every row, so
plain creates, patches and deletes add no AuditEvent of their own; workflow decisions (through the
services' `records.command`), conflict resolutions and administration are in the hash-chained trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pydantic
import sqlalchemy as sa
from sqlmodel import Session, col, select

from crm.domain.enums import (
    ClaimStatus,
    ClientKind,
    ComplaintStatus,
    OutboxOp,
    PitchStage,
    PlanItemStatus,
    PlanStatus,
    ProposalStatus,
    Role,
    TaskStatus,
)
from crm.domain.errors import Conflict as ConflictError
from crm.domain.errors import DomainError, InvalidTransition, NotFound, PermissionDenied, ValidationError
from crm.domain.models import (
    ENTITY_TYPES,
    Client,
    ClientClaim,
    Complaint,
    Conflict,
    Contact,
    FollowUpTask,
    KpiFigure,
    Pitch,
    Plan,
    PlanItem,
    Proposal,
    ProposalLine,
    ProposalStep,
    ScoreWeight,
    SuitabilityOverride,
    Survey,
    SyncedTable,
    User,
    Visit,
)
from crm.domain.rules.phone import normalise_phone
from crm.domain.rules.workflow import (
    CLAIM_MACHINE,
    COMPLAINT_MACHINE,
    PITCH_MACHINE,
    PLAN_MACHINE,
    PROPOSAL_MACHINE,
    StateMachine,
    complaint_deadlines,
)
from crm.domain.serialize import wire_value
from crm.domain.types import utcnow
from crm.services import audit
from crm.services.context import Actor, can_edit_client, get_client
from crm.sync.merge import META_FIELDS, ZERO_HLC, Hlc, MergeKind, Policy, merge_field, policy_for
from crm.sync.protocol import Mutation, MutationStatus
from crm.sync.server.ledger import LedgerTx
from crm.sync.server.models import ChangeLog

# Rows only the ledger writes (organisation, catalogue, conflicts); devices change them through commands.
SERVER_OWNED = frozenset({"branch", "user", "product", "conflict"})
# Key in a change-log entry's changed_fields: what the device asked for where the ledger wrote otherwise.
MINE_KEY = "_mine"
DELETABLE = frozenset({"contact", "holding", "plan", "plan_item", "task", "proposal_line", "proposal_step",
                       "kpi", "score_weight"})
# How far ahead of the ledger's date a device's "today" may be (a laptop in another time zone).
_TODAY_SLACK = timedelta(days=1)


@dataclass
class Outcome:
    status: MutationStatus = MutationStatus.APPLIED
    code: str = ""
    detail: str = ""
    conflict_ids: list[str] = field(default_factory=list)
    related_ids: list[str] = field(default_factory=list)


@dataclass
class Ctx:
    tx: LedgerTx
    actor: Actor
    device_id: str
    m: Mutation
    hlc: Hlc

    @property
    def session(self) -> Session:
        return self.tx.session

    @property
    def today(self) -> date:
        # The device's calendar day (clamped): visits logged late in the evening stay "today".
        client_day = self.m.client_ts.date() if self.m.client_ts.tzinfo else utcnow().date()
        return min(client_day, (utcnow() + _TODAY_SLACK).date())


def load_services() -> None:
    """Import the services the rules below use lazily, at server start rather than in the first push
    (crm.services.clients brings the search index and pypinyin's dictionaries: about a second)."""
    import importlib

    for name in ("claims", "clients", "complaints", "kpis", "pitches", "plans", "products", "proposals",
                 "surveys", "tasks", "visits"):
        importlib.import_module(f"crm.services.{name}")


def apply(tx: LedgerTx, actor: Actor, device_id: str, m: Mutation, hlc: Hlc) -> Outcome:
    """Apply one mutation inside the caller's savepoint; raise DomainError to reject it."""
    if actor.role is Role.ADMIN:
        # Administrators manage the ledger with `crm admin`; they hold no client book to sync.
        raise PermissionDenied("permission.role", params={"action": "sync.push", "role": actor.role.value})
    ctx = Ctx(tx, actor, device_id, m, hlc)
    if m.op is OutboxOp.COMMAND:
        return run_command(ctx)
    model = ENTITY_TYPES.get(m.entity)
    if model is None:
        raise ValidationError("mutation.entity_unknown", field="entity", params={"entity": m.entity})
    if m.entity in SERVER_OWNED:
        raise PermissionDenied("entity.server_owned", field="entity", params={"entity": m.entity})
    if m.op is OutboxOp.CREATE:
        return _create(ctx, model)
    if m.op is OutboxOp.PATCH:
        return _patch(ctx, model)
    return _delete(ctx, model)


# --- helpers --------------------------------------------------------------------------------------


def _invalid(exc: pydantic.ValidationError) -> ValidationError:
    errors = exc.errors()
    if not errors:
        return ValidationError("mutation.invalid")
    loc = ".".join(str(p) for p in errors[0]["loc"]) or None
    return ValidationError("mutation.invalid", field=loc, params={"type": errors[0]["type"]})


def _check_aware(obj: SyncedTable, names: Any) -> None:
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, datetime) and (value.tzinfo is None or value.utcoffset() is None):
            raise ValidationError("mutation.naive_datetime", field=name)


def _must(obj: Any, name: str, expected: Any) -> None:
    """A field the ledger decides: the device's value must agree (a correct client always sends it)."""
    if getattr(obj, name) != expected:
        raise PermissionDenied("field.forbidden", field=name)


def _row(ctx: Ctx, model: Any, entity: str, row_id: str) -> Any:
    row = ctx.session.get(model, row_id)
    if row is None or row.deleted:
        raise NotFound(f"{entity}.not_found", params={"id": row_id})
    return row


def _client_for_edit(ctx: Ctx, client_id: str) -> Client:
    return get_client(ctx.session, ctx.actor, client_id, for_edit=True)


def _roles(ctx: Ctx, *roles: Role, action: str) -> None:
    ctx.actor.require(*roles, action=action)


def _audit(ctx: Ctx, action: str, entity: str, entity_id: str, detail: dict[str, Any] | None = None) -> None:
    audit.record(ctx.session, actor=ctx.actor, action=action, entity=entity, entity_id=entity_id,
                 detail={"device_id": ctx.device_id, "mutation_id": ctx.m.mutation_id, **(detail or {})})


# --- create ---------------------------------------------------------------------------------------


def _create(ctx: Ctx, model: Any) -> Outcome:
    m = ctx.m
    if m.payload.get("id", m.entity_id) != m.entity_id:
        raise ValidationError("mutation.id_mismatch", field="id")
    table = model.__table__
    # A bare id lookup: loading the whole ORM row just to learn it exists costs more than the insert.
    if ctx.session.execute(sa.select(table.c.id).where(table.c.id == m.entity_id)).first() is not None:
        raise ConflictError("record.exists", params={"id": m.entity_id})
    values = {k: v for k, v in m.payload.items() if k not in META_FIELDS}
    values["id"] = m.entity_id
    try:
        obj = model.model_validate(values)
    except pydantic.ValidationError as exc:
        raise _invalid(exc) from None
    _check_aware(obj, values)
    now = utcnow()
    obj.created_at = obj.updated_at = now
    outcome = CREATE_RULES[m.entity](ctx, obj)
    if outcome is not None and outcome.related_ids:
        return outcome  # redirected (an item for an approved plan went to its amendment)
    ctx.session.add(obj)
    if m.entity == "claim":
        _rebalance_claims(ctx, obj.client_id)
    return outcome or Outcome()


def _create_client(ctx: Ctx, obj: Client) -> None:
    from crm.services import clients

    a = ctx.actor
    _roles(ctx, Role.RM, Role.BRANCH_HEAD, action="client.create")
    kind = ClientKind(obj.kind)
    fields = ("uscc", "id_number", "industry", "risk_assessed_on", "risk_expires_on")
    for name, value in clients._validate_fields({n: getattr(obj, n) for n in fields}, kind).items():
        setattr(obj, name, value)
    if a.role is Role.RM:
        _must(obj, "branch_id", a.branch_id)
        _must(obj, "owner_id", a.user_id)  # an RM's new client is theirs (crm.services.clients)
        if obj.maintainer_id not in (None, a.user_id):
            raise PermissionDenied("client.assign_requires_head", field="maintainer_id")
    else:
        if obj.branch_id not in a.branch_ids:
            raise PermissionDenied("field.forbidden", field="branch_id")
        clients._check_owner(ctx.session, a, obj.owner_id)
        clients._check_owner(ctx.session, a, obj.maintainer_id)
    if obj.uscc and _uscc_taken(ctx.session, obj.uscc):
        raise ValidationError("client.duplicate_uscc", field="uscc")


def _uscc_taken(session: Session, uscc: str, exclude_id: str | None = None) -> bool:
    """crm.services.clients._duplicate_uscc as an id-only probe (that one loads the whole row)."""
    stmt = sa.select(Client.__table__.c.id).where(  # type: ignore[attr-defined]
        Client.__table__.c.uscc == uscc, Client.__table__.c.deleted.is_(False))  # type: ignore[attr-defined]
    if exclude_id:
        stmt = stmt.where(Client.__table__.c.id != exclude_id)  # type: ignore[attr-defined]
    return session.execute(stmt.limit(1)).first() is not None


def _contact_values(obj: Any) -> None:
    if not (obj.name or "").strip():
        raise ValidationError("contact.name_required", field="name")
    obj.phones = [normalise_phone(p, field=f"phones[{i}]")
                  for i, p in enumerate(obj.phones) if str(p).strip()]
    if obj.email and "@" not in obj.email:
        raise ValidationError("contact.email_invalid", field="email")


def _create_contact(ctx: Ctx, obj: Contact) -> None:
    _client_for_edit(ctx, obj.client_id)
    _contact_values(obj)


def _create_holding(ctx: Ctx, obj: Any) -> None:
    _client_for_edit(ctx, obj.client_id)
    _holding_values(obj)


def _holding_values(obj: Any) -> None:
    if obj.maturity_on and obj.opened_on and obj.maturity_on < obj.opened_on:
        raise ValidationError("holding.maturity_before_opening", field="maturity_on")
    for name in ("amount_fen", "collateral_value_fen"):
        if (getattr(obj, name) or 0) < 0:
            raise ValidationError("holding.amount_negative", field=name)


def _visit_values(ctx: Ctx, obj: Visit, client: Client) -> None:
    from crm.services import visits

    values = {name: getattr(obj, name) for name in visits.VisitCreate.model_fields if name != "actions"}
    for name, value in visits._validate(ctx.session, client, values, ctx.today).items():
        setattr(obj, name, value)


def _create_visit(ctx: Ctx, obj: Visit) -> None:
    _roles(ctx, Role.RM, Role.BRANCH_HEAD, action="visit.log")
    client = _client_for_edit(ctx, obj.client_id)
    _must(obj, "rm_id", ctx.actor.user_id)
    for name, empty in (("review_comment", ""), ("reviewed_by", None), ("reviewed_at", None)):
        _must(obj, name, empty)
    _visit_values(ctx, obj, client)


def _create_plan(ctx: Ctx, obj: Plan) -> Outcome | None:
    from crm.services import plans

    a = ctx.actor
    _roles(ctx, Role.RM, action="plan.create")
    _must(obj, "rm_id", a.user_id)
    _must(obj, "branch_id", a.branch_id)
    plans.parse_month(obj.month)
    for name in ("submitted_at", "decided_at", "decided_by"):
        _must(obj, name, None)
    obj.decision_comment = ""
    if obj.amends_plan_id is None:
        _must(obj, "status", PlanStatus.DRAFT)
        existing = ctx.session.exec(select(Plan).where(
            col(Plan.rm_id) == a.user_id, col(Plan.month) == obj.month, col(Plan.deleted).is_(False),
            col(Plan.amends_plan_id).is_(None)).limit(1)).first()
        if existing is not None:
            raise ConflictError("plan.duplicate", field="month", params={"month": obj.month,
                                                                         "plan_id": existing.id})
        return None
    # An amendment made on the laptop (crm.services.plans.amend_plan): the same checks, the device's ids.
    _must(obj, "status", PlanStatus.AMENDED)
    source = plans.get_plan(session=ctx.session, actor=a, plan_id=obj.amends_plan_id)
    PLAN_MACHINE.apply(source.status, "amend", a.role)
    plans._require_author(a, source)
    if plans.is_superseded(session=ctx.session, plan=source):
        raise InvalidTransition("plan.superseded", field="status", params={"id": source.id})
    open_amendments = plans._amendments(ctx.session, source.id, approved=False)
    if open_amendments:
        raise ConflictError("plan.amendment_open", params={"id": source.id,
                                                           "amendment_id": open_amendments[0].id})
    _must(obj, "month", source.month)
    return None


def _item_values(ctx: Ctx, plan: Plan, obj: PlanItem, previous: PlanItem | None = None) -> None:
    from crm.services import plans

    names = ("client_id", "prospect_name", "goal", "goal_text", "planned_days", "product_ids", "note")
    values = {n: getattr(obj, n) for n in names}
    for name, value in plans._validate_item(ctx.session, ctx.actor, plan, values, (), (),
                                            previous=previous).items():
        setattr(obj, name, value)


def _create_plan_item(ctx: Ctx, obj: PlanItem) -> Outcome | None:
    from crm.services import plans

    plan = plans.get_plan(session=ctx.session, actor=ctx.actor, plan_id=obj.plan_id)
    plans._require_author(ctx.actor, plan)
    if plan.status is PlanStatus.APPROVED:
        amendment, created = _amendment_for(ctx, plan)
        obj.plan_id = amendment.id
        _item_values(ctx, amendment, obj)
        obj.status = PlanItemStatus.PLANNED
        obj.delayed_to = None
        ctx.session.add(obj)
        ctx.session.flush()
        return _amended(amendment, created)
    plans._require_editable(plan)
    if plan.amends_plan_id is None:
        _must(obj, "status", PlanItemStatus.PLANNED)
        _must(obj, "delayed_to", None)
    _item_values(ctx, plan, obj)
    return None


def _create_task(ctx: Ctx, obj: FollowUpTask) -> None:
    from crm.services import tasks

    _roles(ctx, Role.RM, Role.BRANCH_HEAD, action="task.create")
    if not (obj.title or "").strip():
        raise ValidationError("task.title_required", field="title")
    tasks._check_owner(ctx.session, ctx.actor, obj.owner_id)
    if obj.client_id is not None:
        get_client(ctx.session, ctx.actor, obj.client_id)
    if obj.visit_id is not None:
        visit = ctx.session.get(Visit, obj.visit_id)
        if visit is None or visit.deleted or visit.client_id != obj.client_id:
            raise ValidationError("task.visit_mismatch", field="visit_id")
    _must(obj, "status", TaskStatus.OPEN)
    _must(obj, "done_at", None)


def _create_override(ctx: Ctx, obj: SuitabilityOverride) -> None:
    from crm.services import pitches
    from crm.services.products import get_product

    _roles(ctx, Role.BRANCH_HEAD, action="suitability.override")
    client = get_client(ctx.session, ctx.actor, obj.client_id)
    product = get_product(session=ctx.session, actor=ctx.actor, product_id=obj.product_id)
    _must(obj, "approved_by", ctx.actor.user_id)
    if not (obj.reason or "").strip():
        raise ValidationError("suitability.override_reason_required", field="reason")
    result = pitches.suitability_for(client, product, ctx.today)
    if result.allowed:
        raise ValidationError("suitability.override_not_needed", field="product_id")
    _must(obj, "refused_code", result.code or "")
    if obj.valid_until is not None and obj.valid_until < ctx.today - _TODAY_SLACK:
        raise ValidationError("suitability.override_valid_until_past", field="valid_until")


def _create_pitch(ctx: Ctx, obj: Pitch) -> None:
    from crm.services import pitches
    from crm.services.products import get_product

    _roles(ctx, Role.RM, Role.BRANCH_HEAD, action="pitch.create")
    client = _client_for_edit(ctx, obj.client_id)
    product = get_product(session=ctx.session, actor=ctx.actor, product_id=obj.product_id)
    _must(obj, "rm_id", ctx.actor.user_id)
    _must(obj, "stage", PitchStage.PROPOSED)
    if not product.active:
        raise ValidationError("product.inactive", field="product_id", params={"code": product.code})
    if obj.amount_fen < 0 or (obj.amount_fen and obj.amount_fen < product.min_amount_fen):
        raise ValidationError("pitch.amount_below_minimum", field="amount_fen",
                              params={"min_amount_fen": product.min_amount_fen})
    if obj.visit_id is not None:
        visit = ctx.session.get(Visit, obj.visit_id)
        if visit is None or visit.deleted or visit.client_id != client.id:
            raise ValidationError("pitch.visit_mismatch", field="visit_id")
    gate = pitches.check_pitchable(session=ctx.session, client=client, product=product, today=ctx.today,
                                   override_id=obj.override_id)
    obj.override_id = gate.override.id if gate.override else None
    obj.lost_reason = ""
    obj.stage_changed_at = utcnow()


def _create_proposal(ctx: Ctx, obj: Proposal) -> None:
    _roles(ctx, Role.RM, Role.BRANCH_HEAD, action="proposal.create")
    _client_for_edit(ctx, obj.client_id)
    _must(obj, "rm_id", ctx.actor.user_id)
    _must(obj, "status", ProposalStatus.DRAFT)
    for name in ("submitted_at", "decided_at", "decided_by", "delivered_at"):
        _must(obj, name, None)
    if not (obj.title or "").strip():
        raise ValidationError("proposal.title_required", field="title")
    obj.decision_comment = ""


def _create_proposal_line(ctx: Ctx, obj: ProposalLine) -> None:
    from crm.services import pitches, proposals
    from crm.services.products import get_product

    _, client = proposals._load_for_edit(ctx.session, ctx.actor, obj.proposal_id)
    product = get_product(session=ctx.session, actor=ctx.actor, product_id=obj.product_id)
    if not product.active:
        raise ValidationError("product.inactive", field="product_id", params={"code": product.code})
    if obj.amount_fen < 0 or (obj.amount_fen and obj.amount_fen < product.min_amount_fen):
        raise ValidationError("proposal.amount_below_minimum", field="amount_fen",
                              params={"min_amount_fen": product.min_amount_fen})
    pitches.guard_wording(product, {"note": obj.note, "fee": obj.fee, "term": obj.term})
    gate = pitches.check_pitchable(session=ctx.session, client=client, product=product, today=ctx.today,
                                   override_id=obj.override_id)
    obj.override_id = gate.override.id if gate.override else None


def _create_proposal_step(ctx: Ctx, obj: ProposalStep) -> None:
    from crm.services import proposals

    proposals._load_for_edit(ctx.session, ctx.actor, obj.proposal_id)
    if not (obj.step or "").strip():
        raise ValidationError("proposal_step.step_required", field="step")


def _create_complaint(ctx: Ctx, obj: Complaint) -> None:
    _roles(ctx, Role.RM, Role.BRANCH_HEAD, action="complaint.create")
    get_client(ctx.session, ctx.actor, obj.client_id)  # a complaint may concern a pooled client
    _must(obj, "rm_id", ctx.actor.user_id)
    _must(obj, "status", ComplaintStatus.RECEIVED)
    if obj.received_at > utcnow() + timedelta(minutes=5):
        raise ValidationError("complaint.received_in_future", field="received_at")
    deadlines = complaint_deadlines(obj.received_at)
    obj.respond_by, obj.resolve_by = deadlines.respond_by, deadlines.resolve_by
    # Classification and every later step arrive as commands (crm.services.complaints).
    obj.category, obj.department = None, ""
    for name in ("responded_at", "resolved_at", "fed_back_at", "closed_at", "feedback_mode"):
        setattr(obj, name, None)


def _create_survey(ctx: Ctx, obj: Survey) -> None:
    from crm.services import surveys

    _roles(ctx, Role.RM, Role.BRANCH_HEAD, action="survey.create")
    _client_for_edit(ctx, obj.client_id)
    _must(obj, "rm_id", ctx.actor.user_id)
    if obj.conducted_on > ctx.today:
        raise ValidationError("survey.date_in_future", field="conducted_on")
    cfg = surveys.survey_config()
    obj.dimensions = surveys._validate_dimensions(obj.dimensions, cfg)
    obj.cycle = surveys.cycle_label(obj.conducted_on, cfg.cycle_months)
    obj.score = surveys.survey_score(obj.dimensions)


def _create_claim(ctx: Ctx, obj: ClientClaim) -> None:
    from crm.services import claims

    CLAIM_MACHINE.apply(None, "claim", ctx.actor.role)
    client = get_client(ctx.session, ctx.actor, obj.client_id)
    _must(obj, "claimant_id", ctx.actor.user_id)
    _must(obj, "branch_id", client.branch_id)
    if obj.status not in (ClaimStatus.PENDING, ClaimStatus.CONTESTED):
        raise PermissionDenied("field.forbidden", field="status")
    if client.owner_id is not None:
        raise ConflictError("claim.client_owned", field="client_id", params={"client_id": client.id})
    if any(c.claimant_id == ctx.actor.user_id for c in claims._open_claims(ctx.session, client.id)):
        raise ConflictError("claim.duplicate", field="client_id", params={"client_id": client.id})
    obj.status = ClaimStatus.PENDING  # the ledger sets pending / contested from the open claims it holds
    obj.decided_by, obj.decided_at, obj.decision_comment = None, None, ""


def _rebalance_claims(ctx: Ctx, client_id: str) -> None:
    from crm.services import claims

    claims._rebalance(ctx.session, ctx.actor, client_id)


def _kpi_scope(ctx: Ctx, branch_id: str) -> None:
    from crm.services import kpis

    _roles(ctx, Role.BRANCH_HEAD, action="kpi.set")
    kpis._check_branch_scope(ctx.actor, branch_id, write=True)


def _create_kpi(ctx: Ctx, obj: KpiFigure) -> None:
    _kpi_scope(ctx, obj.branch_id)
    if obj.rm_id is not None:
        rm = ctx.session.get(User, obj.rm_id)
        if rm is None or rm.deleted or rm.branch_id != obj.branch_id:
            raise ValidationError("kpi.rm_invalid", field="rm_id")


def _create_score_weight(ctx: Ctx, obj: ScoreWeight) -> None:
    _kpi_scope(ctx, obj.branch_id)
    if obj.weight < 0:
        raise ValidationError("score_weight.negative", field="weight")


def _create_issued_document(ctx: Ctx, obj: Any) -> None:
    _roles(ctx, Role.RM, Role.BRANCH_HEAD, action="document.issue")
    _must(obj, "issued_by", ctx.actor.user_id)
    if obj.client_id is not None:
        get_client(ctx.session, ctx.actor, obj.client_id)


CREATE_RULES: dict[str, Callable[[Ctx, Any], Outcome | None]] = {
    "client": _create_client, "contact": _create_contact, "holding": _create_holding, "visit": _create_visit,
    "plan": _create_plan, "plan_item": _create_plan_item, "task": _create_task, "override": _create_override,
    "pitch": _create_pitch, "proposal": _create_proposal, "proposal_line": _create_proposal_line,
    "proposal_step": _create_proposal_step, "complaint": _create_complaint, "survey": _create_survey,
    "claim": _create_claim, "kpi": _create_kpi, "score_weight": _create_score_weight,
    "issued_document": _create_issued_document,
}


# --- who may edit an existing row -----------------------------------------------------------------


class _Redirect(Exception):
    """The row is an approved plan (or its item): the edit goes to an amendment instead."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(plan.id)
        self.plan = plan


def _guard_client(ctx: Ctx, row: Client, changes: dict[str, Any]) -> None:
    _client_for_edit(ctx, row.id)


def _guard_client_child(ctx: Ctx, row: Any, changes: dict[str, Any]) -> None:
    _client_for_edit(ctx, row.client_id)


def _guard_visit(ctx: Ctx, row: Visit, changes: dict[str, Any]) -> None:
    from crm.services import visits

    visit = visits.get_visit(session=ctx.session, actor=ctx.actor, visit_id=row.id)
    if visit.rm_id != ctx.actor.user_id:
        raise PermissionDenied("visit.not_author", params={"id": visit.id})
    if visit.reviewed_by is not None:
        # The head commented on what was written; changing it afterwards would falsify the review.
        raise InvalidTransition("visit.reviewed_locked", field="reviewed_by", params={"id": visit.id})


def _guard_plan(ctx: Ctx, row: Plan, changes: dict[str, Any]) -> None:
    from crm.services import plans

    plan = plans.get_plan(session=ctx.session, actor=ctx.actor, plan_id=row.id)
    plans._require_author(ctx.actor, plan)
    if plan.status is PlanStatus.APPROVED and ctx.m.op is OutboxOp.PATCH:
        raise _Redirect(plan)
    plans._require_editable(plan)


def _guard_plan_item(ctx: Ctx, row: PlanItem, changes: dict[str, Any]) -> None:
    from crm.services import plans

    _, plan = plans._get_item(ctx.session, ctx.actor, row.id)
    plans._require_author(ctx.actor, plan)
    if plan.status is PlanStatus.APPROVED:
        raise _Redirect(plan)
    plans._require_editable(plan)


def _guard_task(ctx: Ctx, row: FollowUpTask, changes: dict[str, Any]) -> None:
    from crm.services import tasks

    completing = changes.get("status") is TaskStatus.DONE
    tasks._editable(ctx.session, ctx.actor, row.id, owner_only=completing)


def _guard_pitch(ctx: Ctx, row: Pitch, changes: dict[str, Any]) -> None:
    from crm.services import pitches

    pitches.get_pitch(session=ctx.session, actor=ctx.actor, pitch_id=row.id)
    _client_for_edit(ctx, row.client_id)


def _guard_proposal(ctx: Ctx, row: Proposal, changes: dict[str, Any]) -> None:
    from crm.services import proposals

    proposals._load_for_edit(ctx.session, ctx.actor, row.id)


def _guard_proposal_part(ctx: Ctx, row: Any, changes: dict[str, Any]) -> None:
    from crm.services import proposals

    if isinstance(row, ProposalStep) and set(changes) <= {"done"} and ctx.m.op is OutboxOp.PATCH:
        # Ticking a timetable step happens during implementation (crm.services.proposals.complete_step).
        proposal, client = proposals._load(ctx.session, ctx.actor, row.proposal_id)
        proposals._require_editor(ctx.actor, proposal, client)
        if proposal.status not in proposals.TRACKABLE:
            raise InvalidTransition("proposal.not_in_implementation", field="status",
                                    params={"status": ProposalStatus(proposal.status).value})
        return
    proposals._load_for_edit(ctx.session, ctx.actor, row.proposal_id)


def _guard_complaint(ctx: Ctx, row: Complaint, changes: dict[str, Any]) -> None:
    from crm.services import complaints

    complaint, client = complaints._load(ctx.session, ctx.actor, row.id)
    if not (ctx.actor.user_id == complaint.rm_id or can_edit_client(ctx.actor, client)):
        raise PermissionDenied("complaint.not_handler", params={"id": complaint.id})


def _guard_claim(ctx: Ctx, row: ClientClaim, changes: dict[str, Any]) -> None:
    from crm.services import claims

    claim = claims.get_claim(session=ctx.session, actor=ctx.actor, claim_id=row.id)
    if claim.claimant_id != ctx.actor.user_id:
        raise PermissionDenied("claim.not_claimant", params={"id": claim.id})


def _guard_override(ctx: Ctx, row: Any, changes: dict[str, Any]) -> None:
    # Overrides and issued-document records are evidence of a decision or a print: never edited.
    raise PermissionDenied("record.immutable", params={"id": row.id})


def _guard_kpi(ctx: Ctx, row: Any, changes: dict[str, Any]) -> None:
    _kpi_scope(ctx, row.branch_id)


EDIT_GUARDS: dict[str, Callable[[Ctx, Any, dict[str, Any]], None]] = {
    "client": _guard_client, "contact": _guard_client_child, "holding": _guard_client_child,
    "visit": _guard_visit, "plan": _guard_plan, "plan_item": _guard_plan_item, "task": _guard_task,
    "override": _guard_override, "pitch": _guard_pitch, "proposal": _guard_proposal,
    "proposal_line": _guard_proposal_part, "proposal_step": _guard_proposal_part,
    "complaint": _guard_complaint,
    "survey": _guard_client_child, "claim": _guard_claim, "kpi": _guard_kpi, "score_weight": _guard_kpi,
    "issued_document": _guard_override,
}


# --- patch ----------------------------------------------------------------------------------------


def _typed_changes(model: Any, row: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """The patched fields as typed, validated values (the whole row is validated with them applied)."""
    current = {c.name: getattr(row, c.name) for c in model.__table__.columns}
    try:
        merged = model.model_validate({**current, **payload})
    except pydantic.ValidationError as exc:
        raise _invalid(exc) from None
    _check_aware(merged, payload)
    return {name: getattr(merged, name) for name in payload}


def _normalise(ctx: Ctx, entity: str, row: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """Field rules that do not depend on concurrent state (checksums, formats)."""
    if entity == "client":
        from crm.services import clients

        kind = ClientKind(changes.get("kind", row.kind))
        out = {**changes, **clients._validate_fields(changes, kind)}
        if out.get("uscc") and _uscc_taken(ctx.session, out["uscc"], exclude_id=row.id):
            raise ValidationError("client.duplicate_uscc", field="uscc")
        if "legal_name" in out and len((out["legal_name"] or "").strip()) < 2:
            raise ValidationError("client.legal_name_required", field="legal_name")
        return out
    if entity == "contact":
        probe = _Probe(row, changes)
        _contact_values(probe)
        return {k: getattr(probe, k) for k in changes}
    if entity == "proposal" and "title" in changes and not (changes["title"] or "").strip():
        raise ValidationError("proposal.title_required", field="title")
    if entity == "task" and "title" in changes and not (changes["title"] or "").strip():
        raise ValidationError("task.title_required", field="title")
    return changes


class _Probe:
    """A row with some fields replaced, for validators that read attributes."""

    def __init__(self, row: Any, changes: dict[str, Any]) -> None:
        self.__dict__["_row"] = row
        self.__dict__["_changes"] = dict(changes)

    def __getattr__(self, name: str) -> Any:
        changes = self.__dict__["_changes"]
        return changes[name] if name in changes else getattr(self.__dict__["_row"], name)

    def __setattr__(self, name: str, value: Any) -> None:
        self.__dict__["_changes"][name] = value


def _after_merge(ctx: Ctx, entity: str, row: Any, applied: dict[str, Any]) -> None:
    """Rules on the values the merge decided to write, against the row's current state."""
    if not applied:
        return
    if entity == "task" and "status" in applied:
        from crm.services import tasks

        new = TaskStatus(applied["status"])
        ok = any(row.status in sources and new is target and name != "reschedule"
                 for name, (sources, target) in tasks._TRANSITIONS.items())
        if not ok:
            raise InvalidTransition("task.transition_invalid", field="status",
                                    params={"from": TaskStatus(row.status).value, "to": new.value})
        if new is TaskStatus.DONE:
            if row.owner_id != ctx.actor.user_id:
                raise PermissionDenied("task.not_owner", params={"id": row.id})
            applied.setdefault("done_at", utcnow())
        elif new is TaskStatus.OPEN:
            applied["done_at"] = None
    if entity == "visit":
        if row.completed and applied.get("completed") is False:
            raise InvalidTransition("visit.uncomplete", field="completed", params={"id": row.id})
        client = ctx.session.get(Client, row.client_id)
        assert client is not None
        probe = _Probe(row, applied)
        _visit_values(ctx, probe, client)  # type: ignore[arg-type]
        applied.update(probe.__dict__["_changes"])
    if entity == "plan_item":
        plan = ctx.session.get(Plan, row.plan_id)
        assert plan is not None
        probe = _Probe(row, applied)
        _item_values(ctx, plan, probe, previous=row)  # type: ignore[arg-type]
        applied.update({k: v for k, v in probe.__dict__["_changes"].items() if k in applied})
    if entity == "proposal":
        from crm.services import proposals

        values = {**proposals._current_values(row), **applied}
        proposals._guard_proposal_texts(
            proposals._first_wealth(proposals._lines_with_products(ctx.session, row.id)), values)
    if entity == "holding":
        _holding_values(_Probe(row, applied))


def _base_value(session: Session, entity: str, entity_id: str, name: str,
                base_version: int) -> tuple[bool, Any]:
    """The field's value as of ``base_version`` from the change log: (known, value)."""
    table = ChangeLog.__table__  # type: ignore[attr-defined]
    rows = session.execute(
        table.select().with_only_columns(table.c.changed_fields)
        .where(table.c.entity == entity, table.c.entity_id == entity_id, table.c.seq <= base_version,
               table.c.op == "put").order_by(table.c.seq.desc()).limit(200)
    ).scalars()
    for changed in rows:
        if isinstance(changed, dict) and name in changed:
            return True, changed[name]
    return False, None


@dataclass
class _FieldBase:
    """What one patched field is merged against."""

    base_version: int
    current_version: int
    known: bool = True
    value: Any = None
    theirs_hlc: Hlc = ZERO_HLC


def _touches(changed: Any, name: str) -> bool:
    return isinstance(changed, dict) and (name in changed or name in (changed.get(MINE_KEY) or {}))


def _log_bases(ctx: Ctx, entity: str, row: Any) -> Callable[[str], _FieldBase]:
    """Per field: fast-forward unless another device changed it since this device's base.

    A device's own earlier mutations are not concurrent with its later ones (it pushes edits made one
    after the other, without pulling between them): when the field's only changes since the base are
    this device's, the patch fast-forwards; when others changed it after the device's last own change,
    the merge's base is what the device itself last wrote (its intent, kept in the log as `_mine` when
    the ledger wrote something else), so a free text is not appended twice.
    """
    m = ctx.m
    fv = row.field_versions or {}

    def base_version(name: str) -> int:
        return int(m.base_versions.get(name, m.base_versions.get("_row", 0)))

    behind = [n for n in m.payload if base_version(n) < int(fv.get(n, 0))]
    entries: list[Any] = []
    if behind:
        ctx.tx.flush_log()  # this push's earlier log rows are written per chunk; the read must see them
        table = ChangeLog.__table__  # type: ignore[attr-defined]
        since = min(base_version(n) for n in behind)
        entries = list(ctx.session.execute(
            table.select().with_only_columns(table.c.seq, table.c.actor_device, table.c.changed_fields,
                                             table.c.hlc)
            .where(table.c.entity == entity, table.c.entity_id == row.id, table.c.seq > since,
                   table.c.op == "put").order_by(table.c.seq)))

    def base_of(name: str) -> _FieldBase:
        bv, current = base_version(name), int(fv.get(name, 0))
        if bv >= current:
            return _FieldBase(bv, current)
        touching = [e for e in entries if e.seq > bv and _touches(e.changed_fields, name)]
        own = [e for e in touching if e.actor_device == ctx.device_id]
        last_own = own[-1] if own else None
        others = [e for e in touching if e.actor_device != ctx.device_id
                  and (last_own is None or e.seq > last_own.seq)]
        if not others:
            return _FieldBase(current, current)
        theirs_hlc = Hlc.parse(others[-1].hlc)
        if last_own is not None:
            changed = last_own.changed_fields
            intent = (changed.get(MINE_KEY) or {})
            value = intent[name] if name in intent else changed.get(name)
            return _FieldBase(last_own.seq, current, True, value, theirs_hlc)
        ctx.tx.flush_log()
        known, value = _base_value(ctx.session, entity, row.id, name, bv)
        return _FieldBase(bv, current, known, value, theirs_hlc)

    return base_of


def _merge_into(ctx: Ctx, entity: str, row: Any, changes: dict[str, Any],
                base_of: Callable[[str], _FieldBase]) -> tuple[dict[str, Any], list[Conflict]]:
    """Three-way merge of typed ``changes`` into ``row``: (values to write, conflict rows to add)."""
    applied: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    intent: dict[str, Any] = {}
    for name, value in changes.items():
        policy = policy_for(entity, name)
        fb = base_of(name)
        mine, theirs = wire_value(value), wire_value(getattr(row, name))
        outcome = merge_field(policy, fb.value, mine, theirs, fb.base_version, fb.current_version, ctx.hlc,
                              fb.theirs_hlc, base_known=fb.known)
        if outcome.kind is MergeKind.REJECTED:
            raise PermissionDenied("field.server_only", field=name)
        if outcome.kind is MergeKind.CONFLICT:
            conflicts.append(Conflict(entity=entity, entity_id=row.id, field=name, base_value=fb.value,
                                      mine_value=mine, theirs_value=theirs, user_id=ctx.actor.user_id,
                                      mutation_id=ctx.m.mutation_id))
        elif outcome.changes:
            applied[name] = value if outcome.kind is not MergeKind.APPENDED else outcome.value
        if outcome.kind in (MergeKind.APPENDED, MergeKind.KEPT_THEIRS_LWW, MergeKind.CONFLICT):
            intent[name] = mine
    if intent:
        ctx.tx.annotate(entity, row.id, {MINE_KEY: intent})
    return applied, conflicts


def _patch(ctx: Ctx, model: Any) -> Outcome:
    m = ctx.m
    row = _row(ctx, model, m.entity, m.entity_id)
    if not m.payload:
        return Outcome(code="patch.empty")
    columns = model.__table__.columns
    for name in m.payload:
        if name not in columns:
            raise ValidationError("mutation.field_unknown", field=name)
        if policy_for(m.entity, name) is Policy.SERVER_ONLY:
            raise PermissionDenied("field.server_only", field=name)
    changes = _normalise(ctx, m.entity, row, _typed_changes(model, row, m.payload))
    try:
        EDIT_GUARDS[m.entity](ctx, row, changes)
    except _Redirect as redirect:
        return _redirect_patch(ctx, redirect.plan, m.entity, row, changes)
    applied, conflicts = _merge_into(ctx, m.entity, row, changes, _log_bases(ctx, m.entity, row))
    _after_merge(ctx, m.entity, row, applied)
    return _write_patch(ctx, m.entity, row, applied, conflicts)


def _write_patch(ctx: Ctx, entity: str, row: Any, applied: dict[str, Any], conflicts: list[Conflict],
                 **extra: Any) -> Outcome:
    for name, value in applied.items():
        setattr(row, name, value)
    if applied:
        row.updated_at = utcnow()
        ctx.session.add(row)
    for conflict in conflicts:
        ctx.session.add(conflict)
    outcome = Outcome(status=MutationStatus.CONFLICT if conflicts else MutationStatus.APPLIED,
                      conflict_ids=[c.id for c in conflicts], **extra)
    if conflicts and not outcome.code:
        outcome.code = "merge.conflict"
    return outcome


# --- the approved-plan rule -----------------------------------------------------------------------


def _amendment_for(ctx: Ctx, plan: Plan) -> tuple[Plan, bool]:
    """The open amendment of an approved plan, started now (with copies of its items) if there is none."""
    from crm.services import plans

    try:
        return plans.amend_plan(session=ctx.session, actor=ctx.actor, plan_id=plan.id), True
    except ConflictError as exc:
        if exc.code != "plan.amendment_open":
            raise
        amendment = ctx.session.get(Plan, exc.params["amendment_id"])
        assert amendment is not None
        return amendment, False


def _amended(amendment: Plan, created: bool) -> Outcome:
    return Outcome(code="plan.amendment_created" if created else "plan.amendment_updated",
                   detail=amendment.id, related_ids=[amendment.id])


def _copy_in(ctx: Ctx, amendment: Plan, item: PlanItem) -> PlanItem | None:
    """The amendment's copy of an item of the approved plan (same subject and position)."""
    candidates = ctx.session.exec(select(PlanItem).where(
        col(PlanItem.plan_id) == amendment.id, col(PlanItem.deleted).is_(False),
        col(PlanItem.sort) == item.sort, col(PlanItem.prospect_name) == item.prospect_name,
        col(PlanItem.client_id) == item.client_id if item.client_id else col(PlanItem.client_id).is_(None),
    )).all()
    return candidates[0] if len(candidates) == 1 else None


def _redirect_patch(ctx: Ctx, plan: Plan, entity: str, row: Any, changes: dict[str, Any]) -> Outcome:
    """An edit of an approved plan (made offline before the approval reached the laptop) is never applied
    to it and never lost: it lands in the plan's amendment, which the RM then submits."""
    amendment, created = _amendment_for(ctx, plan)
    target: Any
    if entity == "plan":
        target = amendment
    else:
        target = _copy_in(ctx, amendment, row)
        if target is None:
            target = PlanItem(plan_id=amendment.id, client_id=row.client_id, prospect_name=row.prospect_name,
                              goal=row.goal, goal_text=row.goal_text, planned_days=list(row.planned_days),
                              product_ids=list(row.product_ids), note=row.note, sort=row.sort)
            ctx.session.add(target)
            ctx.session.flush()

    def base_of(name: str) -> _FieldBase:
        # Base: the approved row the device edited. Copies still equal to it fast-forward; copies changed
        # in the amendment meanwhile merge by policy.
        base = wire_value(getattr(row, name))
        same = wire_value(getattr(target, name)) == base
        return _FieldBase(1 if same else -1, 0, True, base)

    applied, conflicts = _merge_into(ctx, entity, target, changes, base_of)
    if entity == "plan_item" and applied:
        probe = _Probe(target, applied)
        _item_values(ctx, amendment, probe, previous=target)  # type: ignore[arg-type]
        applied.update({k: v for k, v in probe.__dict__["_changes"].items() if k in applied})
    outcome = _amended(amendment, created)
    return _write_patch(ctx, entity, target, applied, conflicts, code=outcome.code, detail=outcome.detail,
                        related_ids=outcome.related_ids)


# --- delete ---------------------------------------------------------------------------------------


def _delete(ctx: Ctx, model: Any) -> Outcome:
    m = ctx.m
    row = _row(ctx, model, m.entity, m.entity_id)
    if m.entity not in DELETABLE:
        raise PermissionDenied("entity.not_deletable", field="entity", params={"entity": m.entity})
    try:
        EDIT_GUARDS[m.entity](ctx, row, {})
    except _Redirect as redirect:
        amendment, created = _amendment_for(ctx, redirect.plan)
        copy = _copy_in(ctx, amendment, row)
        if copy is not None:
            copy.deleted = True
            copy.updated_at = utcnow()
            ctx.session.add(copy)
        ctx.session.flush()
        return _amended(amendment, created)
    base = m.base_versions.get("_row")
    if base is not None and _changed_by_others(ctx, m.entity, row.id, int(base)):
        # Someone else edited the row since the device saw it: deleting would silently drop their change.
        raise ConflictError("record.changed_since", params={"id": row.id})
    row.deleted = True
    row.updated_at = utcnow()
    ctx.session.add(row)
    return Outcome()


def _changed_by_others(ctx: Ctx, entity: str, entity_id: str, base: int) -> bool:
    ctx.tx.flush_log()
    table = ChangeLog.__table__  # type: ignore[attr-defined]
    stmt = (table.select().with_only_columns(table.c.seq)
            .where(table.c.entity == entity, table.c.entity_id == entity_id, table.c.seq > base,
                   table.c.op == "put", table.c.actor_device.is_distinct_from(ctx.device_id)).limit(1))
    return ctx.session.execute(stmt).first() is not None


# --- commands -------------------------------------------------------------------------------------


def _noop(machine: StateMachine[Any], current: Any, name: str, ctx: Ctx, may_act: Callable[[], Any]) -> bool:
    """The record is already where the transition leads (another device of the user did it): converge.

    Only someone who could have taken the action gets that answer: role and scope are checked first
    (``may_act`` raises the services' refusal), so a no-op never acknowledges an unauthorised command.
    """
    transition = machine.transition(name)
    if not (current is not None and current == transition.target and current not in transition.sources):
        return False
    if ctx.actor.role not in transition.roles:
        raise PermissionDenied(f"{machine.name}.role_forbidden", params={"transition": name})
    may_act()
    return True


_NOOP = Outcome(code="command.noop")


def _text(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError("command.payload_invalid", field=name)
    return value


def _when(payload: dict[str, Any], name: str = "at") -> datetime | None:
    raw = payload.get(name)
    if raw in (None, ""):
        return None
    try:
        value = datetime.fromisoformat(str(raw))
    except ValueError:
        raise ValidationError("command.payload_invalid", field=name) from None
    if value.tzinfo is None:
        raise ValidationError("mutation.naive_datetime", field=name)
    return min(value, utcnow())  # a laptop clock ahead of the ledger must not date events in the future


def _plan_command(ctx: Ctx, name: str) -> Outcome:
    from crm.services import plans

    s, a, pid, p = ctx.session, ctx.actor, ctx.m.entity_id, ctx.m.payload
    plan = _row(ctx, Plan, "plan", pid)
    if name == "amend":
        return _amend_command(ctx, plan)
    def may_act() -> None:
        found = plans.get_plan(session=s, actor=a, plan_id=pid)
        if PLAN_MACHINE.transition(name).roles == frozenset({Role.BRANCH_HEAD}):
            if found.branch_id not in a.branch_ids:
                raise PermissionDenied("plan.not_branch_head", params={"id": pid})
        else:
            plans._require_author(a, found)

    if _noop(PLAN_MACHINE, plan.status, name, ctx, may_act):
        return _NOOP
    if name == "submit":
        plans.submit_plan(session=s, actor=a, plan_id=pid)
    elif name == "withdraw":
        plans.withdraw_plan(session=s, actor=a, plan_id=pid)
    elif name == "approve":
        plans.approve_plan(session=s, actor=a, plan_id=pid, comment=_text(p, "comment"))
    elif name == "return":
        plans.return_plan(session=s, actor=a, plan_id=pid, comment=_text(p, "comment"))
    return Outcome()


def _amend_command(ctx: Ctx, plan: Plan) -> Outcome:
    amendment, created = _amendment_for(ctx, plan)
    return _amended(amendment, created)


def _plan_item_command(ctx: Ctx, name: str) -> Outcome:
    from crm.services import plans

    item = _row(ctx, PlanItem, "plan_item", ctx.m.entity_id)
    _, plan = plans._get_item(ctx.session, ctx.actor, item.id)
    plans._require_author(ctx.actor, plan)
    if name == "done":
        if item.status is PlanItemStatus.DONE:
            return _NOOP
        plans.mark_item_done(session=ctx.session, actor=ctx.actor, item_id=item.id)
        return Outcome()
    raw = ctx.m.payload.get("delayed_to")
    try:
        new_date = date.fromisoformat(str(raw))
    except ValueError:
        raise ValidationError("command.payload_invalid", field="delayed_to") from None
    if item.status is PlanItemStatus.DELAYED and item.delayed_to == new_date:
        return _NOOP
    plans.delay_item(session=ctx.session, actor=ctx.actor, item_id=item.id, new_date=new_date)
    return Outcome()


def _visit_command(ctx: Ctx, name: str) -> Outcome:
    from crm.services import visits

    visit = _row(ctx, Visit, "visit", ctx.m.entity_id)
    comment = _text(ctx.m.payload, "comment").strip()
    if visit.reviewed_by == ctx.actor.user_id and visit.review_comment == comment:
        visits.get_visit(session=ctx.session, actor=ctx.actor, visit_id=visit.id)
        return _NOOP
    visits.review_visit(session=ctx.session, actor=ctx.actor, visit_id=visit.id, comment=comment)
    return Outcome()


def _pitch_command(ctx: Ctx, name: str) -> Outcome:
    from crm.services import pitches

    pitch = _row(ctx, Pitch, "pitch", ctx.m.entity_id)
    def may_act() -> None:
        pitches.get_pitch(session=ctx.session, actor=ctx.actor, pitch_id=pitch.id)
        _client_for_edit(ctx, pitch.client_id)

    if _noop(PITCH_MACHINE, pitch.stage, name, ctx, may_act):
        return _NOOP
    target = PITCH_MACHINE.transition(name).target
    pitches.advance_pitch(session=ctx.session, actor=ctx.actor, pitch_id=pitch.id, stage=target,
                          lost_reason=_text(ctx.m.payload, "lost_reason"), today=ctx.today)
    return Outcome()


def _proposal_command(ctx: Ctx, name: str) -> Outcome:
    from crm.services import proposals

    s, a, p = ctx.session, ctx.actor, ctx.m.payload
    proposal = _row(ctx, Proposal, "proposal", ctx.m.entity_id)
    def may_act() -> None:
        found, client = proposals._load(s, a, proposal.id)
        if PROPOSAL_MACHINE.transition(name).roles == frozenset({Role.BRANCH_HEAD}):
            if client.branch_id not in a.branch_ids:
                raise PermissionDenied("proposal.not_branch_head", params={"id": found.id})
        elif a.role is Role.RM:
            proposals._require_editor(a, found, client)

    if _noop(PROPOSAL_MACHINE, proposal.status, name, ctx, may_act):
        return _NOOP
    pid = proposal.id
    if name == "submit":
        proposals.submit_proposal(session=s, actor=a, proposal_id=pid, today=ctx.today)
    elif name == "withdraw":
        proposals.withdraw_proposal(session=s, actor=a, proposal_id=pid)
    elif name == "approve":
        proposals.approve_proposal(session=s, actor=a, proposal_id=pid, comment=_text(p, "comment"))
    elif name == "return":
        proposals.return_proposal(session=s, actor=a, proposal_id=pid, comment=_text(p, "comment"))
    elif name == "deliver":
        proposals.deliver_proposal(session=s, actor=a, proposal_id=pid)
    elif name == "start":
        proposals.start_proposal(session=s, actor=a, proposal_id=pid)
    elif name == "track":
        proposals.track_proposal(session=s, actor=a, proposal_id=pid, comment=_text(p, "comment"))
    elif name == "revise":
        _, _, target = proposals._begin(s, a, pid, "revise")
        proposals._commit(s, a, proposal, "revise", target)
    return Outcome()


def _complaint_command(ctx: Ctx, name: str) -> Outcome:
    from crm.domain.enums import ComplaintCategory, FeedbackMode
    from crm.services import complaints

    s, a, p = ctx.session, ctx.actor, ctx.m.payload
    complaint = _row(ctx, Complaint, "complaint", ctx.m.entity_id)
    if _noop(COMPLAINT_MACHINE, complaint.status, name, ctx,
             lambda: _guard_complaint(ctx, complaint, {})):
        return _NOOP
    cid = complaint.id
    try:
        if name == "classify":
            complaints.classify_complaint(session=s, actor=a, complaint_id=cid,
                                          category=ComplaintCategory(str(p.get("category"))))
        elif name == "handle":
            complaints.start_handling(session=s, actor=a, complaint_id=cid, at=_when(p))
        elif name == "resolve":
            complaints.resolve_complaint(session=s, actor=a, complaint_id=cid,
                                         resolution=_text(p, "resolution"), at=_when(p))
        elif name == "feed_back":
            complaints.feed_back(session=s, actor=a, complaint_id=cid, mode=FeedbackMode(str(p.get("mode"))),
                                 at=_when(p))
        elif name == "follow_up":
            complaints.follow_up(session=s, actor=a, complaint_id=cid,
                                 note=_text(p, "note") or _text(p, "follow_up"))
        elif name == "close":
            complaints.close_complaint(session=s, actor=a, complaint_id=cid, at=_when(p))
        elif name == "reopen":
            complaints.reopen_complaint(session=s, actor=a, complaint_id=cid, reason=_text(p, "comment"))
    except ValueError as exc:  # an unknown category or feedback mode
        raise ValidationError("command.payload_invalid", detail=str(exc)) from None
    return Outcome()


def _claim_command(ctx: Ctx, name: str) -> Outcome:
    from crm.services import claims

    s, a, p = ctx.session, ctx.actor, ctx.m.payload
    if name == "create":
        # The protocol's named form of a claim; laptops normally send a `create` of the claim row.
        client_id = _text(p, "client_id")
        target = s.get(Client, client_id)
        claim = ClientClaim(id=ctx.m.entity_id, client_id=client_id, claimant_id=a.user_id,
                            branch_id=target.branch_id if target is not None else "",
                            reason=_text(p, "reason").strip())
        if s.get(ClientClaim, claim.id) is not None:
            return _NOOP
        _create_claim(ctx, claim)
        s.add(claim)
        s.flush()
        _rebalance_claims(ctx, client_id)
        return Outcome()
    if name == "settle" and ctx.m.entity == "client":
        # The client side of a granted claim (crm.services.claims.settle_claim): the ledger did it when it
        # granted the claim; only confirm that it holds.
        client = _row(ctx, Client, "client", ctx.m.entity_id)
        a.require(Role.BRANCH_HEAD, action="claim.settle")
        _client_for_edit(ctx, client.id)
        if client.owner_id and client.owner_id == p.get("owner_id"):
            return _NOOP
        raise InvalidTransition("claim.not_granted", field="owner_id", params={"id": client.id})
    claim = _row(ctx, ClientClaim, "claim", ctx.m.entity_id)
    claims.get_claim(session=s, actor=a, claim_id=claim.id)
    if name in ("contest", "uncontest"):
        # Contested / pending follows from the open claims the ledger holds, not from one laptop's view.
        return Outcome(code="claim.server_derived")
    if name == "settle":
        name = "grant" if p.get("grant", True) else "reject"
    if _noop(CLAIM_MACHINE, claim.status, name, ctx,
             lambda: claims.get_claim(session=s, actor=a, claim_id=claim.id)):
        return _NOOP
    if name == "withdraw":
        claims.withdraw_claim(session=s, actor=a, claim_id=claim.id)
    elif name in ("grant", "reject"):
        claims.settle_claim(session=s, actor=a, claim_id=claim.id, grant=name == "grant",
                            comment=_text(p, "comment"))
    return Outcome()


def _client_command(ctx: Ctx, name: str) -> Outcome:
    from crm.services import clients

    client = _row(ctx, Client, "client", ctx.m.entity_id)
    owner_id = ctx.m.payload.get("owner_id")
    if not isinstance(owner_id, str) or not owner_id:
        raise ValidationError("command.payload_invalid", field="owner_id")
    if client.owner_id == owner_id:
        ctx.actor.require(Role.BRANCH_HEAD, action="client.assign")
        _client_for_edit(ctx, client.id)
        return _NOOP
    clients.assign_client(session=ctx.session, actor=ctx.actor, client_id=client.id, owner_id=owner_id)
    return Outcome()


def _conflict_command(ctx: Ctx, name: str) -> Outcome:
    """Resolve a conflict: keep theirs, take mine, or write an edited value (field rules apply)."""
    s, a, p = ctx.session, ctx.actor, ctx.m.payload
    conflict = _row(ctx, Conflict, "conflict", ctx.m.entity_id)
    staff = s.get(User, conflict.user_id)
    if conflict.user_id != a.user_id and (staff is None or staff.branch_id not in a.branch_ids):
        raise NotFound("conflict.not_found", params={"id": conflict.id})
    if conflict.resolved:
        return _NOOP
    resolution = _text(p, "choice") or _text(p, "resolution")
    if resolution not in ("mine", "theirs", "edit"):
        raise ValidationError("conflict.choice_invalid", field="choice")
    model = ENTITY_TYPES[conflict.entity]
    row = _row(ctx, model, conflict.entity, conflict.entity_id)
    if resolution != "theirs":
        value = conflict.mine_value if resolution == "mine" else p.get("value")
        if wire_value(getattr(row, conflict.field)) != conflict.theirs_value:
            # The field changed again since: the person must decide against what is there now.
            raise ConflictError("conflict.stale", field=conflict.field, params={"id": conflict.id})
        changes = _normalise(ctx, conflict.entity, row, _typed_changes(model, row, {conflict.field: value}))
        try:
            EDIT_GUARDS[conflict.entity](ctx, row, changes)
        except _Redirect:
            raise InvalidTransition("plan.not_editable", field="status", params={"id": row.id}) from None
        _after_merge(ctx, conflict.entity, row, changes)
        for key, new in changes.items():
            setattr(row, key, new)
        row.updated_at = utcnow()
        s.add(row)
    conflict.resolved = True
    conflict.resolution = resolution
    conflict.resolved_by = a.user_id
    conflict.resolved_at = utcnow()
    s.add(conflict)
    s.flush()
    _audit(ctx, "conflict.resolve", "conflict", conflict.id, {"resolution": resolution,
                                                              "field": conflict.field})
    return Outcome(related_ids=[conflict.entity_id])


# command name -> (entity it applies to, handler)
_COMMANDS: dict[str, tuple[tuple[str, ...], Callable[[Ctx, str], Outcome]]] = {
    **{f"plan.{n}": (("plan",), _plan_command) for n in ("submit", "withdraw", "approve", "return", "amend")},
    **{f"plan_item.{n}": (("plan_item",), _plan_item_command) for n in ("delay", "done")},
    "visit.review": (("visit",), _visit_command),
    **{f"pitch.{t.name}": (("pitch",), _pitch_command) for t in PITCH_MACHINE.transitions},
    **{f"proposal.{t.name}": (("proposal",), _proposal_command) for t in PROPOSAL_MACHINE.transitions},
    **{f"complaint.{t.name}": (("complaint",), _complaint_command) for t in COMPLAINT_MACHINE.transitions},
    **{f"claim.{n}": (("claim",), _claim_command)
       for n in ("create", "withdraw", "grant", "reject", "contest", "uncontest")},
    "claim.settle": (("claim", "client"), _claim_command),
    "client.assign": (("client",), _client_command),
    "conflict.resolve": (("conflict",), _conflict_command),
}
COMMAND_NAMES = tuple(sorted(_COMMANDS))


def run_command(ctx: Ctx) -> Outcome:
    spec = _COMMANDS.get(ctx.m.name)
    if spec is None:
        raise ValidationError("command.unknown", field="name", params={"name": ctx.m.name})
    entities, handler = spec
    if ctx.m.entity not in entities:
        raise ValidationError("command.entity_mismatch", field="entity",
                              params={"name": ctx.m.name, "entity": ctx.m.entity})
    return handler(ctx, ctx.m.name.split(".", 1)[1])


def describe(exc: DomainError) -> str:
    """A short, non-identifying detail for a stored rejection (the code is the contract)."""
    parts = []
    if exc.field:
        parts.append(f"field={exc.field}")
    if exc.detail:
        parts.append(exc.detail)
    return "; ".join(parts)[:500]
