"""Service proposals (服务方案): contents, product lines, timetable, review workflow and the printed pack."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field
from sqlmodel import Session, col, func, select

from crm.domain.enums import (
    ClientKind,
    ClientTier,
    Disclosure,
    HoldingKind,
    Liquidity,
    NeedArea,
    ProductFamily,
    ProductRisk,
    ProposalStatus,
    RiskTolerance,
    Role,
)
from crm.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from crm.domain.models import (
    Branch,
    Client,
    Contact,
    Holding,
    Product,
    Proposal,
    ProposalLine,
    ProposalStep,
    SuitabilityOverride,
    User,
)
from crm.domain.rules.masking import mask_email, mask_id_number, mask_phone, mask_uscc
from crm.domain.rules.workflow import PROPOSAL_MACHINE
from crm.domain.types import utcnow
from crm.services import audit, records
from crm.services.context import Actor, can_edit_client, client_scope, get_client
from crm.services.pitches import check_pitchable, guard_wording, suitability_for
from crm.services.products import get_product
from crm.services.schema import Schema

EDITABLE = frozenset({ProposalStatus.DRAFT, ProposalStatus.RETURNED})
# Every state an approved proposal can reach: the pack may be printed for the client from any of them.
APPROVED_STATES = frozenset({ProposalStatus.APPROVED, ProposalStatus.DELIVERED, ProposalStatus.IMPLEMENTING,
                             ProposalStatus.TRACKED})
TRACKABLE = frozenset({ProposalStatus.DELIVERED, ProposalStatus.IMPLEMENTING, ProposalStatus.TRACKED})

_TEXT_FIELDS = ("title", "cover_letter", "cooperation", "service_content", "service_process", "fee_standards")


# --- inputs and rows ------------------------------------------------------------------------------


class ProposalCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    client_id: str
    title: str = Field(min_length=1, max_length=200)
    needs: dict[NeedArea, str] = Field(default_factory=dict)
    cover_letter: str = ""
    cooperation: str = ""
    service_content: str = ""
    service_process: str = ""
    fee_standards: str = ""


class ProposalUpdate(Schema):
    """Only the fields set are changed (model_dump(exclude_unset=True))."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str | None = Field(default=None, min_length=1, max_length=200)
    needs: dict[NeedArea, str] | None = None
    cover_letter: str | None = None
    cooperation: str | None = None
    service_content: str | None = None
    service_process: str | None = None
    fee_standards: str | None = None


class ProposalLineCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    product_id: str
    amount_fen: int = Field(default=0, ge=0)
    term: str = ""
    rate_pct: float | None = Field(default=None, ge=0, le=100)
    fee: str = ""
    note: str = ""
    override_id: str | None = None


class ProposalStepCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    step: str = Field(min_length=1, max_length=200)
    responsible: str = ""
    due_on: date | None = None


class ProposalRow(Schema):
    id: str
    client_id: str
    client_name: str
    rm_id: str
    title: str
    status: ProposalStatus
    submitted_at: datetime | None
    decided_at: datetime | None
    updated_at: datetime


# --- the printed pack -----------------------------------------------------------------------------


class PackBranch(Schema):
    id: str
    code: str
    name: str
    address: str
    phone: str


class PackClient(Schema):
    id: str
    legal_name: str
    short_name: str
    kind: ClientKind
    identifier_kind: str  # "uscc", "id_number" or "" (none on file)
    identifier: str  # masked unless the pack was built unmasked
    industry: str
    address: str
    tier: ClientTier
    risk_tolerance: RiskTolerance | None
    risk_assessed_on: date | None
    risk_expires_on: date | None


class PackContact(Schema):
    name: str
    title: str
    phone: str  # masked unless unmasked
    email: str  # masked unless unmasked


class PackHolding(Schema):
    """One line of 双方合作现状: what the bank already provides, by kind."""

    kind: HoldingKind
    count: int
    amount_fen: int


class PackNeed(Schema):
    area: NeedArea
    text: str


class PackSuitability(Schema):
    allowed: bool
    code: str | None
    tolerance: RiskTolerance | None
    product_risk: ProductRisk | None
    overridden: bool
    override_reason: str = ""
    override_by: str = ""


class PackLine(Schema):
    id: str
    product_id: str
    product_code: str
    product_name: str
    family: ProductFamily
    risk: ProductRisk | None
    liquidity: Liquidity
    term: str
    amount_fen: int
    rate_pct: float | None
    rate_text: str
    fee: str
    fee_standard: str
    note: str
    is_wealth: bool
    disclosures: list[Disclosure]
    suitability: PackSuitability


class PackStep(Schema):
    step: str
    responsible: str
    due_on: date | None
    done: bool


class ProposalPack(Schema):
    """Everything the printed client pack shows; the reports layer prints only when ``approved``."""

    proposal_id: str
    title: str
    status: ProposalStatus
    approved: bool
    as_of: date
    generated_at: datetime
    unmasked: bool
    branch: PackBranch
    client: PackClient
    primary_contact: PackContact | None
    holdings: list[PackHolding]
    cooperation: str
    needs: list[PackNeed]
    cover_letter: str
    service_content: str
    service_process: str
    fee_standards: str
    lines: list[PackLine]
    total_amount_fen: int
    steps: list[PackStep]
    has_wealth: bool
    disclosures: list[Disclosure]  # union over the wealth lines, in the canonical order; empty otherwise
    rm_name: str
    rm_title: str
    rm_phone: str
    branch_head_name: str
    decided_by_name: str
    decided_at: datetime | None
    decision_comment: str
    delivered_at: datetime | None


# --- loading and guards ---------------------------------------------------------------------------


def _today(today: date | None) -> date:
    return today or date.today()


def _load(session: Session, actor: Actor, proposal_id: str) -> tuple[Proposal, Client]:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.deleted:
        raise NotFound("proposal.not_found", params={"id": proposal_id})
    try:
        client = get_client(session, actor, proposal.client_id)
    except NotFound:
        # Out of scope looks exactly like missing.
        raise NotFound("proposal.not_found", params={"id": proposal_id}) from None
    return proposal, client


def _require_editor(actor: Actor, proposal: Proposal, client: Client) -> None:
    if actor.user_id == proposal.rm_id or can_edit_client(actor, client):
        return
    raise PermissionDenied("proposal.not_owner", params={"id": proposal.id})


def _load_for_edit(session: Session, actor: Actor, proposal_id: str) -> tuple[Proposal, Client]:
    proposal, client = _load(session, actor, proposal_id)
    _require_editor(actor, proposal, client)
    if proposal.status not in EDITABLE:
        raise InvalidTransition("proposal.not_editable", field="status",
                                params={"status": ProposalStatus(proposal.status).value})
    return proposal, client


def _lines_with_products(session: Session, proposal_id: str) -> list[tuple[ProposalLine, Product]]:
    stmt = (
        select(ProposalLine, Product)
        .join(Product, col(Product.id) == col(ProposalLine.product_id))
        .where(col(ProposalLine.proposal_id) == proposal_id, col(ProposalLine.deleted).is_(False))
        .order_by(col(ProposalLine.sort), col(ProposalLine.id))
    )
    return [(line, product) for line, product in session.exec(stmt).all()]


def _proposal_texts(values: dict[str, Any]) -> dict[str, str]:
    texts = {name: values.get(name) or "" for name in _TEXT_FIELDS}
    for area, text in (values.get("needs") or {}).items():
        texts[f"needs.{NeedArea(area).value}"] = text or ""
    return texts


def _current_values(proposal: Proposal) -> dict[str, Any]:
    return {name: getattr(proposal, name) for name in (*_TEXT_FIELDS, "needs")}


def _guard_proposal_texts(wealth_product: Product | None, values: dict[str, Any]) -> None:
    """Once a wealth product is in the proposal, its whole narrative is sales material for it."""
    if wealth_product is not None:
        guard_wording(wealth_product, _proposal_texts(values))


def _first_wealth(lines: list[tuple[ProposalLine, Product]]) -> Product | None:
    return next((p for _, p in lines if p.family == ProductFamily.WEALTH), None)


# --- proposal CRUD --------------------------------------------------------------------------------


def create_proposal(*, session: Session, actor: Actor, data: ProposalCreate) -> Proposal:
    actor.require(Role.RM, Role.BRANCH_HEAD, action="proposal.create")
    client = get_client(session, actor, data.client_id, for_edit=True)
    values = data.model_dump(exclude={"client_id"})
    values["needs"] = {NeedArea(k).value: v for k, v in data.needs.items()}
    proposal = Proposal(client_id=client.id, rm_id=actor.user_id, **values)
    return records.create(session, actor, proposal, audit_detail={"client_id": client.id})


def get_proposal(*, session: Session, actor: Actor, proposal_id: str) -> Proposal:
    return _load(session, actor, proposal_id)[0]


def list_proposals(*, session: Session, actor: Actor, client_id: str | None = None,
                   status: ProposalStatus | None = None, rm_id: str | None = None) -> list[ProposalRow]:
    stmt = (
        select(Proposal, Client.legal_name)
        .join(Client, col(Client.id) == col(Proposal.client_id))
        .where(client_scope(actor), col(Proposal.deleted).is_(False), col(Client.deleted).is_(False))
    )
    if client_id is not None:
        stmt = stmt.where(col(Proposal.client_id) == client_id)
    if status is not None:
        stmt = stmt.where(col(Proposal.status) == ProposalStatus(status).value)
    if rm_id is not None:
        stmt = stmt.where(col(Proposal.rm_id) == rm_id)
    rows = session.exec(stmt.order_by(col(Proposal.updated_at).desc(), col(Proposal.id).desc())).all()
    return [ProposalRow(id=p.id, client_id=p.client_id, client_name=name, rm_id=p.rm_id, title=p.title,
                        status=p.status, submitted_at=p.submitted_at, decided_at=p.decided_at,
                        updated_at=p.updated_at) for p, name in rows]


def update_proposal(*, session: Session, actor: Actor, proposal_id: str, data: ProposalUpdate) -> Proposal:
    """Edit the narrative of a draft or returned proposal."""
    proposal, _ = _load_for_edit(session, actor, proposal_id)
    changes = data.model_dump(exclude_unset=True)
    if "title" in changes and not changes["title"]:
        raise ValidationError("proposal.title_required", field="title")
    changes = {k: v for k, v in changes.items() if v is not None}
    if "needs" in changes:
        changes["needs"] = {NeedArea(k).value: v for k, v in changes["needs"].items()}
    _guard_proposal_texts(_first_wealth(_lines_with_products(session, proposal.id)),
                          {**_current_values(proposal), **changes})
    return records.patch(session, actor, proposal, changes)


# --- lines and steps ------------------------------------------------------------------------------


def add_line(*, session: Session, actor: Actor, proposal_id: str, data: ProposalLineCreate,
             today: date | None = None) -> ProposalLine:
    """Add a product to the recommended combination, under the same suitability gate as a pitch."""
    proposal, client = _load_for_edit(session, actor, proposal_id)
    product = get_product(session=session, actor=actor, product_id=data.product_id)
    if not product.active:
        raise ValidationError("product.inactive", field="product_id", params={"code": product.code})
    if data.amount_fen and data.amount_fen < product.min_amount_fen:
        raise ValidationError("proposal.amount_below_minimum", field="amount_fen",
                              params={"min_amount_fen": product.min_amount_fen})
    guard_wording(product, {"note": data.note, "fee": data.fee, "term": data.term})
    if product.family == ProductFamily.WEALTH:
        _guard_proposal_texts(product, _current_values(proposal))
    gate = check_pitchable(session=session, client=client, product=product, today=_today(today),
                           override_id=data.override_id)
    last = session.exec(select(func.max(ProposalLine.sort)).where(
        col(ProposalLine.proposal_id) == proposal.id, col(ProposalLine.deleted).is_(False))).one()
    line = ProposalLine(proposal_id=proposal.id, product_id=product.id, amount_fen=data.amount_fen,
                        term=data.term, rate_pct=data.rate_pct, fee=data.fee, note=data.note,
                        override_id=gate.override.id if gate.override else None, sort=(last or 0) + 1)
    return records.create(session, actor, line, audit_detail={
        "proposal_id": proposal.id, "product_id": product.id, "suitability": gate.result.code or "ok",
        "override_id": line.override_id,
    })


def _get_line(session: Session, line_id: str) -> ProposalLine:
    line = session.get(ProposalLine, line_id)
    if line is None or line.deleted:
        raise NotFound("proposal_line.not_found", params={"id": line_id})
    return line


def remove_line(*, session: Session, actor: Actor, line_id: str) -> ProposalLine:
    line = _get_line(session, line_id)
    _load_for_edit(session, actor, line.proposal_id)
    return records.delete(session, actor, line)


def list_lines(*, session: Session, actor: Actor, proposal_id: str) -> list[ProposalLine]:
    _load(session, actor, proposal_id)
    return [line for line, _ in _lines_with_products(session, proposal_id)]


def add_step(*, session: Session, actor: Actor, proposal_id: str, data: ProposalStepCreate) -> ProposalStep:
    """One step of the implementation timetable (服务的组织与计划), with the person responsible."""
    proposal, _ = _load_for_edit(session, actor, proposal_id)
    last = session.exec(select(func.max(ProposalStep.sort)).where(
        col(ProposalStep.proposal_id) == proposal.id, col(ProposalStep.deleted).is_(False))).one()
    step = ProposalStep(proposal_id=proposal.id, step=data.step, responsible=data.responsible,
                        due_on=data.due_on, sort=(last or 0) + 1)
    return records.create(session, actor, step, audit_detail={"proposal_id": proposal.id})


def _get_step(session: Session, step_id: str) -> ProposalStep:
    step = session.get(ProposalStep, step_id)
    if step is None or step.deleted:
        raise NotFound("proposal_step.not_found", params={"id": step_id})
    return step


def remove_step(*, session: Session, actor: Actor, step_id: str) -> ProposalStep:
    step = _get_step(session, step_id)
    _load_for_edit(session, actor, step.proposal_id)
    return records.delete(session, actor, step)


def complete_step(*, session: Session, actor: Actor, step_id: str, done: bool = True) -> ProposalStep:
    """Tick a timetable step while the delivered proposal is being implemented and tracked."""
    step = _get_step(session, step_id)
    proposal, client = _load(session, actor, step.proposal_id)
    _require_editor(actor, proposal, client)
    if proposal.status not in TRACKABLE:
        raise InvalidTransition("proposal.not_in_implementation", field="status",
                                params={"status": ProposalStatus(proposal.status).value})
    return records.patch(session, actor, step, {"done": done})


def list_steps(*, session: Session, actor: Actor, proposal_id: str) -> list[ProposalStep]:
    _load(session, actor, proposal_id)
    stmt = select(ProposalStep).where(col(ProposalStep.proposal_id) == proposal_id,
                                      col(ProposalStep.deleted).is_(False))
    return list(session.exec(stmt.order_by(col(ProposalStep.sort), col(ProposalStep.id))))


# --- workflow -------------------------------------------------------------------------------------


def _begin(session: Session, actor: Actor, proposal_id: str,
           name: str) -> tuple[Proposal, Client, ProposalStatus]:
    """Load, then check role and state with the machine, then who may act on this record."""
    proposal, client = _load(session, actor, proposal_id)
    target = PROPOSAL_MACHINE.apply(ProposalStatus(proposal.status), name, actor.role)
    transition = PROPOSAL_MACHINE.transition(name)
    if transition.roles == frozenset({Role.BRANCH_HEAD}):
        # Review belongs to the head of the client's branch, not any head who can see the record.
        if client.branch_id not in actor.branch_ids:
            raise PermissionDenied("proposal.not_branch_head", params={"id": proposal.id})
    elif actor.role is Role.RM:
        _require_editor(actor, proposal, client)
    return proposal, client, target


def _commit(session: Session, actor: Actor, proposal: Proposal, name: str, target: ProposalStatus,
            changes: dict[str, Any] | None = None, comment: str = "") -> Proposal:
    payload: dict[str, Any] = {"status": target.value}
    if comment:
        payload["comment"] = comment
    return records.command(session, actor, proposal, f"proposal.{name}", payload,
                           {"status": target, **(changes or {})})


def _decision(actor: Actor, comment: str) -> dict[str, Any]:
    return {"decided_at": utcnow(), "decided_by": actor.user_id, "decision_comment": comment}


def submit_proposal(*, session: Session, actor: Actor, proposal_id: str,
                    today: date | None = None) -> Proposal:
    """Send for review (方案审核); every line must still pass suitability and the wording guard."""
    proposal, client, target = _begin(session, actor, proposal_id, "submit")
    lines = _lines_with_products(session, proposal.id)
    if not lines:
        raise ValidationError("proposal.no_lines", field="lines")
    _guard_proposal_texts(_first_wealth(lines), _current_values(proposal))
    day = _today(today)
    for line, product in lines:
        guard_wording(product, {"note": line.note, "fee": line.fee, "term": line.term})
        # The client's assessment may have lapsed since the line was added.
        check_pitchable(session=session, client=client, product=product, today=day,
                        override_id=line.override_id)
    return _commit(session, actor, proposal, "submit", target, {"submitted_at": utcnow()})


def withdraw_proposal(*, session: Session, actor: Actor, proposal_id: str) -> Proposal:
    proposal, _, target = _begin(session, actor, proposal_id, "withdraw")
    return _commit(session, actor, proposal, "withdraw", target)


def approve_proposal(*, session: Session, actor: Actor, proposal_id: str, comment: str = "") -> Proposal:
    proposal, _, target = _begin(session, actor, proposal_id, "approve")
    comment = comment.strip()
    return _commit(session, actor, proposal, "approve", target, _decision(actor, comment), comment)


def return_proposal(*, session: Session, actor: Actor, proposal_id: str, comment: str) -> Proposal:
    """Send back to the RM; the comment tells them what to change, so it is required."""
    proposal, _, target = _begin(session, actor, proposal_id, "return")
    comment = comment.strip()
    if not comment:
        raise ValidationError("proposal.comment_required", field="comment")
    return _commit(session, actor, proposal, "return", target, _decision(actor, comment), comment)


def deliver_proposal(*, session: Session, actor: Actor, proposal_id: str) -> Proposal:
    proposal, _, target = _begin(session, actor, proposal_id, "deliver")
    return _commit(session, actor, proposal, "deliver", target, {"delivered_at": utcnow()})


def start_proposal(*, session: Session, actor: Actor, proposal_id: str) -> Proposal:
    proposal, _, target = _begin(session, actor, proposal_id, "start")
    return _commit(session, actor, proposal, "start", target)


def track_proposal(*, session: Session, actor: Actor, proposal_id: str, comment: str = "") -> Proposal:
    proposal, _, target = _begin(session, actor, proposal_id, "track")
    return _commit(session, actor, proposal, "track", target, comment=comment.strip())


# --- the pack -------------------------------------------------------------------------------------


def _branch_head_name(session: Session, branch_id: str) -> str:
    heads = session.exec(select(User).where(col(User.role) == Role.BRANCH_HEAD.value,
                                            col(User.active).is_(True), col(User.deleted).is_(False))
                         .order_by(col(User.display_name))).all()
    for head in heads:
        if branch_id in (head.branch_id, *head.heads_branch_ids):
            return head.display_name
    return ""


def _pack_client(client: Client, unmasked: bool) -> PackClient:
    if client.uscc:
        kind, value = "uscc", client.uscc if unmasked else mask_uscc(client.uscc)
    elif client.id_number:
        kind, value = "id_number", client.id_number if unmasked else mask_id_number(client.id_number)
    else:
        kind, value = "", ""
    return PackClient(id=client.id, legal_name=client.legal_name, short_name=client.short_name,
                      kind=client.kind, identifier_kind=kind, identifier=value, industry=client.industry,
                      address=client.address, tier=client.tier, risk_tolerance=client.risk_tolerance,
                      risk_assessed_on=client.risk_assessed_on, risk_expires_on=client.risk_expires_on)


def _pack_contact(session: Session, client: Client, unmasked: bool) -> PackContact | None:
    contact = session.exec(
        select(Contact).where(col(Contact.client_id) == client.id, col(Contact.deleted).is_(False))
        .order_by(col(Contact.is_primary).desc(), col(Contact.created_at))
    ).first()
    if contact is None:
        return None
    phone = contact.phones[0] if contact.phones else ""
    return PackContact(name=contact.name, title=contact.title,
                       phone=phone if unmasked else mask_phone(phone),
                       email=contact.email if unmasked else mask_email(contact.email))


def _pack_holdings(session: Session, client: Client) -> list[PackHolding]:
    stmt = (
        select(Holding.kind, func.count(), func.coalesce(func.sum(Holding.amount_fen), 0))
        .where(col(Holding.client_id) == client.id, col(Holding.deleted).is_(False))
        .group_by(col(Holding.kind))
    )
    found = {HoldingKind(kind): (int(n), int(total)) for kind, n, total in session.exec(stmt).all()}
    return [PackHolding(kind=k, count=found[k][0], amount_fen=found[k][1]) for k in HoldingKind if k in found]


def _pack_line(session: Session, client: Client, line: ProposalLine, product: Product, day: date) -> PackLine:
    result = suitability_for(client, product, day)
    override = session.get(SuitabilityOverride, line.override_id) if line.override_id else None
    overridden = not result.allowed and override is not None
    approver = session.get(User, override.approved_by) if overridden and override else None
    is_wealth = product.family == ProductFamily.WEALTH
    return PackLine(
        id=line.id, product_id=product.id, product_code=product.code, product_name=product.name,
        family=product.family, risk=product.risk, liquidity=product.liquidity,
        term=line.term or product.term, amount_fen=line.amount_fen,
        rate_pct=line.rate_pct if line.rate_pct is not None else product.rate_pct,
        rate_text=product.rate_text, fee=line.fee, fee_standard=product.fee_standard, note=line.note,
        is_wealth=is_wealth,
        disclosures=[Disclosure(d) for d in product.disclosures] if is_wealth else [],
        suitability=PackSuitability(
            allowed=result.allowed, code=result.code, tolerance=result.tolerance,
            product_risk=result.product_risk, overridden=overridden,
            override_reason=override.reason if overridden and override else "",
            override_by=approver.display_name if approver else "",
        ),
    )


def get_proposal_pack(*, session: Session, actor: Actor, proposal_id: str, unmasked: bool = False,
                      today: date | None = None) -> ProposalPack:
    """Bundle the printed pack's contents; clear identifiers only when ``unmasked`` (audited)."""
    proposal, client = _load(session, actor, proposal_id)
    day = _today(today)
    if unmasked:
        audit.record(session, actor=actor, action="client.unmask", entity="client", entity_id=client.id,
                     detail={"fields": ["identifier", "contact_phone", "contact_email"],
                             "purpose": "proposal_pack", "proposal_id": proposal.id})
    branch = session.get(Branch, client.branch_id)
    rm = session.get(User, proposal.rm_id)
    decider = session.get(User, proposal.decided_by) if proposal.decided_by else None
    status = ProposalStatus(proposal.status)
    approved = status in APPROVED_STATES
    lines = [_pack_line(session, client, line, product, day)
             for line, product in _lines_with_products(session, proposal.id)]
    has_wealth = any(line.is_wealth for line in lines)
    union = {d for line in lines if line.is_wealth for d in line.disclosures}
    steps = [PackStep(step=s.step, responsible=s.responsible, due_on=s.due_on, done=s.done)
             for s in list_steps(session=session, actor=actor, proposal_id=proposal.id)]
    needs = [PackNeed(area=area, text=proposal.needs[area.value]) for area in NeedArea
             if proposal.needs.get(area.value)]
    head_name = (decider.display_name if approved and decider is not None
                 else _branch_head_name(session, client.branch_id))
    return ProposalPack(
        proposal_id=proposal.id, title=proposal.title, status=status, approved=approved, as_of=day,
        generated_at=utcnow(), unmasked=unmasked,
        branch=PackBranch(id=branch.id, code=branch.code, name=branch.name, address=branch.address,
                          phone=branch.phone) if branch else PackBranch(id="", code="", name="", address="",
                                                                        phone=""),
        client=_pack_client(client, unmasked),
        primary_contact=_pack_contact(session, client, unmasked),
        holdings=_pack_holdings(session, client),
        cooperation=proposal.cooperation, needs=needs, cover_letter=proposal.cover_letter,
        service_content=proposal.service_content, service_process=proposal.service_process,
        fee_standards=proposal.fee_standards, lines=lines,
        total_amount_fen=sum(line.amount_fen for line in lines), steps=steps,
        has_wealth=has_wealth, disclosures=[d for d in Disclosure if d in union] if has_wealth else [],
        rm_name=rm.display_name if rm else "", rm_title=rm.title if rm else "",
        rm_phone=rm.phone if rm else "",
        branch_head_name=head_name, decided_by_name=decider.display_name if decider else "",
        decided_at=proposal.decided_at, decision_comment=proposal.decision_comment,
        delivered_at=proposal.delivered_at,
    )
