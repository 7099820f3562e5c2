"""Client use cases: create, update, list and filter, contacts, holdings, unmasking, (re)assignment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from pydantic import ConfigDict, Field
from sqlmodel import Session, col, func, select

from crm.domain.enums import (
    AccountType,
    ClientKind,
    ClientStatus,
    ClientTier,
    HoldingKind,
    LifecycleStage,
    RiskTolerance,
    Role,
)
from crm.domain.errors import NotFound, PermissionDenied, ValidationError
from crm.domain.models import Client, Contact, Holding, User
from crm.domain.rules.checksums import validate_resident_id, validate_uscc
from crm.domain.rules.masking import mask_account, mask_id_number, mask_phone, mask_uscc
from crm.domain.rules.phone import normalise_phone
from crm.domain.rules.suitability import assessment_expiry
from crm.services import audit, records, search
from crm.services.context import Actor, client_scope, get_client
from crm.services.schema import Schema

GB4754_SECTIONS = "ABCDEFGHIJKLMNOPQRST"
# Fields whose clear value is confidential: masked on screen and print unless unmasked (audited).
SENSITIVE_FIELDS = ("uscc", "id_number")


class ClientCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    kind: ClientKind
    legal_name: str = Field(min_length=2, max_length=200)
    short_name: str = ""
    status: ClientStatus = ClientStatus.PROSPECT
    uscc: str | None = None
    id_number: str | None = None
    industry: str = ""
    ownership: str = ""
    size: str = ""
    region: str = ""
    district: str = ""
    address: str = ""
    lifecycle_stage: LifecycleStage | None = None
    is_tech: bool = False
    without_loans: bool = False
    effective_account: bool = False
    tier: ClientTier = ClientTier.D
    risk_tolerance: RiskTolerance | None = None
    risk_assessed_on: date | None = None
    risk_expires_on: date | None = None
    owner_id: str | None = None
    marketing_objective: str = ""
    entry_point: str = ""
    progress: str = ""
    open_issues: str = ""
    notes: str = ""
    kyc_documents: dict[str, bool] = Field(default_factory=dict)


class ClientUpdate(Schema):
    """Only the fields set are changed (model_dump(exclude_unset=True))."""

    model_config = ConfigDict(str_strip_whitespace=True)

    legal_name: str | None = Field(default=None, min_length=2, max_length=200)
    short_name: str | None = None
    status: ClientStatus | None = None
    uscc: str | None = None
    id_number: str | None = None
    industry: str | None = None
    ownership: str | None = None
    size: str | None = None
    region: str | None = None
    district: str | None = None
    address: str | None = None
    lifecycle_stage: LifecycleStage | None = None
    is_tech: bool | None = None
    without_loans: bool | None = None
    effective_account: bool | None = None
    tier: ClientTier | None = None
    operating_status: str | None = None
    credit_rating: str | None = None
    risk_grade: str | None = None
    repayment_capacity: str | None = None
    guarantees: str | None = None
    risk_tolerance: RiskTolerance | None = None
    risk_assessed_on: date | None = None
    risk_expires_on: date | None = None
    marketing_objective: str | None = None
    entry_point: str | None = None
    progress: str | None = None
    open_issues: str | None = None
    notes: str | None = None
    kyc_documents: dict[str, bool] | None = None
    kyc_refreshed_on: date | None = None


class ClientFilter(Schema):
    kinds: list[ClientKind] = Field(default_factory=list)
    statuses: list[ClientStatus] = Field(default_factory=list)
    tiers: list[ClientTier] = Field(default_factory=list)
    industry: str | None = None
    owner_id: str | None = None
    pooled: bool | None = None  # True: only unowned (branch pool)
    risk_grade: str | None = None
    without_loans: bool | None = None
    effective_account: bool | None = None
    text: str = ""  # full-text search (substring, pinyin initials, code and phone tails)


class ClientRow(Schema):
    """What a list shows: masked identifiers only."""

    id: str
    kind: ClientKind
    status: ClientStatus
    legal_name: str
    short_name: str
    tier: ClientTier
    industry: str
    owner_id: str | None
    owner_name: str
    uscc_masked: str
    risk_grade: str
    deposit_balance_fen: int
    last_visit_on: date | None


class ContactCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=64)
    title: str = ""
    phones: list[str] = Field(default_factory=list)
    email: str = ""
    is_primary: bool = False


class HoldingCreate(Schema):
    kind: HoldingKind
    name: str = ""
    product_id: str | None = None
    account_type: AccountType | None = None
    account_no: str = ""
    currency: str = "CNY"
    amount_fen: int = Field(default=0, ge=0)
    rate_pct: float | None = None
    opened_on: date | None = None
    maturity_on: date | None = None
    repayment_schedule: list[dict[str, Any]] = Field(default_factory=list)
    collateral: str = ""
    collateral_value_fen: int = Field(default=0, ge=0)
    guarantee: str = ""
    collateral_check_on: date | None = None
    fund_use_check_on: date | None = None
    project_check_on: date | None = None


# --- validation ---------------------------------------------------------------------------------


def _validate_fields(values: dict[str, Any], kind: ClientKind) -> dict[str, Any]:
    out = dict(values)
    if out.get("uscc"):
        if kind.is_person:
            raise ValidationError("client.uscc_for_person", field="uscc")
        out["uscc"] = validate_uscc(out["uscc"])
    elif "uscc" in out:
        out["uscc"] = None
    if out.get("id_number"):
        if not kind.is_person:
            raise ValidationError("client.id_number_for_company", field="id_number")
        out["id_number"] = validate_resident_id(out["id_number"])
    elif "id_number" in out:
        out["id_number"] = None
    industry = out.get("industry")
    if industry:
        industry = industry.upper()
        if len(industry) != 1 or industry not in GB4754_SECTIONS:
            raise ValidationError("client.industry_invalid", field="industry", params={"value": industry})
        out["industry"] = industry
    assessed, expires = out.get("risk_assessed_on"), out.get("risk_expires_on")
    if assessed and not expires and "risk_expires_on" not in values:
        out["risk_expires_on"] = assessment_expiry(assessed, None)
    if assessed and expires and expires < assessed:
        raise ValidationError("client.risk_expiry_before_assessment", field="risk_expires_on")
    return out


def _check_owner(session: Session, actor: Actor, owner_id: str | None) -> None:
    if owner_id is None or owner_id == actor.user_id:
        return
    if not actor.is_branch_head:
        raise PermissionDenied("client.assign_requires_head", field="owner_id")
    owner = session.get(User, owner_id)
    if owner is None or owner.branch_id not in actor.branch_ids or not owner.active:
        raise ValidationError("client.owner_invalid", field="owner_id")


def _duplicate_uscc(session: Session, uscc: str, exclude_id: str | None = None) -> Client | None:
    stmt = select(Client).where(col(Client.uscc) == uscc, col(Client.deleted).is_(False))
    if exclude_id:
        stmt = stmt.where(col(Client.id) != exclude_id)
    return session.exec(stmt.limit(1)).first()


# --- use cases ----------------------------------------------------------------------------------


def create_client(*, session: Session, actor: Actor, data: ClientCreate) -> Client:
    if actor.role is Role.ADMIN:
        raise PermissionDenied("permission.role",
                               params={"action": "client.create", "role": actor.role.value})
    values = _validate_fields(data.model_dump(), data.kind)
    owner_id = values.pop("owner_id")
    if owner_id is None and actor.role is Role.RM:
        owner_id = actor.user_id
    _check_owner(session, actor, owner_id)
    if values.get("uscc") and _duplicate_uscc(session, values["uscc"]):
        raise ValidationError("client.duplicate_uscc", field="uscc")
    client = Client(**values, owner_id=owner_id, branch_id=actor.branch_id)
    records.create(session, actor, client)
    search.index_client(session, client.id)
    return client


def update_client(*, session: Session, actor: Actor, client_id: str, data: ClientUpdate) -> Client:
    client = get_client(session, actor, client_id, for_edit=True)
    changes = _validate_fields(data.model_dump(exclude_unset=True), ClientKind(client.kind))
    if changes.get("uscc") and _duplicate_uscc(session, changes["uscc"], exclude_id=client.id):
        raise ValidationError("client.duplicate_uscc", field="uscc")
    records.patch(session, actor, client, changes)
    search.index_client(session, client.id)
    return client


def assign_client(*, session: Session, actor: Actor, client_id: str, owner_id: str) -> Client:
    """Branch head (re)assigns a client; the ledger moves it between RM scopes."""
    actor.require(Role.BRANCH_HEAD, action="client.assign")
    client = get_client(session, actor, client_id, for_edit=True)
    _check_owner(session, actor, owner_id)
    previous = client.owner_id
    return records.command(session, actor, client, "client.assign",
                           {"owner_id": owner_id, "previous_owner_id": previous},
                           {"owner_id": owner_id})


#: How many of the best-ranked matches are read for each row of a search page: more than one, so that a
#: page is full although the scope or the filters leave some of them out.
_CANDIDATES_PER_ROW = 4
#: The owner of a listed client. One alias for every page: an alias adapts the columns it is asked for
#: once, which per page cost more than the page's query.
_OWNER = sa.orm.aliased(User)
#: What a list row needs; a whole ``Client`` (JSON columns, notes) would cost more to read and build.
_ROW_COLUMNS = (
    col(Client.id), col(Client.kind), col(Client.status), col(Client.legal_name), col(Client.short_name),
    col(Client.tier), col(Client.industry), col(Client.owner_id), col(Client.uscc), col(Client.id_number),
    col(Client.risk_grade), col(Client.deposit_balance_fen), col(Client.last_visit_on),
)


def list_clients(*, session: Session, actor: Actor, filters: ClientFilter | None = None,
                 offset: int = 0, limit: int = 100) -> list[ClientRow]:
    """A page of the clients in scope that pass ``filters``, in name order; with search text, the best
    matches first (exact, then prefix, then contained names; see ``crm.services.search``).

    A text that matches more than ``search.BROAD_MATCHES`` clients ('有限公司', '王') is listed in name
    order instead: ranking costs time in proportion to the matches, a page in name order does not."""
    f = filters or ClientFilter()
    text = f.text.strip()
    shape = f.model_dump_json(exclude={"text"})
    page = {"page_offset": offset, "page_limit": limit, "page_end": offset + limit}
    session.flush()
    conn = session.connection()
    if not text:
        rows = conn.execute(_page_statement(actor, shape, "list"), page).all()
        return [_row(row, owner_name or "") for *row, owner_name in rows]
    query = search.parse_query(text)
    if query is None:
        return []
    matches = search.count_matches(session, text, at_most=search.BROAD_MATCHES + 1)
    if matches > search.BROAD_MATCHES:
        statement = _page_statement(actor, shape, "broad", query.grams_only)
        rows = conn.execute(statement, {**search.bound_values(query), **page}).all()
    else:
        # Rank every match on the index, then read the best few clients; enough of them for the page
        # unless the scope or the filters leave out most (an RM's view of a branch): then rank again,
        # reading every match's client.
        best = (offset + limit) * _CANDIDATES_PER_ROW
        values = {**search.bound_values(query, best=best), **page}
        rows = conn.execute(_page_statement(actor, shape, "best", query.grams_only), values).all()[offset:]
        if len(rows) < limit and matches > best:
            rows = conn.execute(_page_statement(actor, shape, "ranked", query.grams_only), values).all()
    return [_row(row, owner_name or "") for *row, owner_name in rows]


@lru_cache(maxsize=64)
def _page_statement(actor: Actor, shape: str, plan: str, grams_only: bool = False) -> Any:
    """The statement of a page of clients for the actor, the filters but text (``shape``: their JSON) and
    one plan ('list', 'broad', 'best', 'ranked'), its page and search text as named parameters: built
    once, as its construction costs more than running it (a keystroke only changes the values)."""
    stmt = (_filtered(actor, ClientFilter.model_validate_json(shape))
            .with_only_columns(*_ROW_COLUMNS, _OWNER.display_name)
            .outerjoin(_OWNER, col(Client.owner_id) == _OWNER.id))
    offset = sa.bindparam("page_offset", 0, type_=sa.Integer)
    limit = sa.bindparam("page_limit", 0, type_=sa.Integer)
    query = search.SearchQuery(match="", text="", grams_only=grams_only)  # its values come at execution
    if plan == "list":
        return stmt.order_by(col(Client.legal_name), col(Client.id)).offset(offset).limit(limit)
    if plan == "broad":
        return search.name_ordered_page(stmt, query, offset=0, limit=0)
    if plan == "best":
        return (search.restrict_to_matches(stmt, query, best=0).order_by(*search.rank_order())
                .limit(sa.bindparam("page_end", 0, type_=sa.Integer)))
    return search.restrict_to_matches(stmt, query).order_by(*search.rank_order()).offset(offset).limit(limit)


def count_clients(*, session: Session, actor: Actor, filters: ClientFilter | None = None,
                  at_most: int | None = None) -> int:
    """How many clients in scope pass ``filters``. With ``at_most``, counting stops there: a result equal
    to ``at_most`` means "that many or more", cheap enough for every keystroke of a search."""
    f = filters or ClientFilter()
    stmt = _filtered(actor, f)
    if f.text.strip():  # the matches drive the count, unranked
        query = search.parse_query(f.text)
        if query is None:
            return 0
        stmt = search.restrict_to_matches(stmt, query, scored=False)
    stmt = stmt.with_only_columns(col(Client.id))
    if at_most is not None:
        stmt = stmt.limit(at_most)
    return int(session.exec(select(func.count()).select_from(stmt.subquery())).one())


def _filtered(actor: Actor, f: ClientFilter) -> Any:
    """The clients in scope passing every filter but the text (applied by the callers, see above)."""
    # A plain SQLAlchemy select: SQLModel's SelectOfScalar would make exec() drop the owner-name column.
    stmt = sa.select(Client).where(client_scope(actor), col(Client.deleted).is_(False))
    if f.kinds:
        stmt = stmt.where(col(Client.kind).in_([k.value for k in f.kinds]))
    if f.statuses:
        stmt = stmt.where(col(Client.status).in_([s.value for s in f.statuses]))
    if f.tiers:
        stmt = stmt.where(col(Client.tier).in_([t.value for t in f.tiers]))
    if f.industry:
        stmt = stmt.where(col(Client.industry) == f.industry)
    if f.owner_id:
        stmt = stmt.where(col(Client.owner_id) == f.owner_id)
    if f.pooled is not None:
        stmt = stmt.where(col(Client.owner_id).is_(None) if f.pooled else col(Client.owner_id).is_not(None))
    if f.risk_grade:
        stmt = stmt.where(col(Client.risk_grade) == f.risk_grade)
    if f.without_loans is not None:
        stmt = stmt.where(col(Client.without_loans).is_(f.without_loans))
    if f.effective_account is not None:
        stmt = stmt.where(col(Client.effective_account).is_(f.effective_account))
    return stmt


def _row(row: Sequence[Any], owner_name: str) -> ClientRow:
    (client_id, kind, status, legal_name, short_name, tier, industry, owner_id, uscc, id_number, risk_grade,
     deposits, last_visit_on) = row
    return ClientRow(
        id=client_id, kind=kind, status=status, legal_name=legal_name, short_name=short_name, tier=tier,
        industry=industry, owner_id=owner_id, owner_name=owner_name,
        uscc_masked=mask_uscc(uscc) if uscc else mask_id_number(id_number), risk_grade=risk_grade,
        deposit_balance_fen=deposits, last_visit_on=last_visit_on,
    )


def masked_view(client: Client) -> dict[str, str]:
    """Sensitive identifiers as they are shown and printed by default."""
    return {"uscc": mask_uscc(client.uscc) if client.uscc else "",
            "id_number": mask_id_number(client.id_number) if client.id_number else ""}


def unmask(*, session: Session, actor: Actor, client_id: str, field: str, purpose: str = "view") -> str:
    """The clear value of one sensitive field; the caller has re-checked the password. Always audited."""
    if field not in SENSITIVE_FIELDS:
        raise ValidationError("client.unmask_field", field=field)
    client = get_client(session, actor, client_id)
    audit.record(session, actor=actor, action="client.unmask", entity="client", entity_id=client.id,
                 detail={"field": field, "purpose": purpose})
    return str(getattr(client, field) or "")


# --- contacts and holdings ----------------------------------------------------------------------


def add_contact(*, session: Session, actor: Actor, client_id: str, data: ContactCreate) -> Contact:
    client = get_client(session, actor, client_id, for_edit=True)
    phones = [normalise_phone(p, field=f"phones[{i}]") for i, p in enumerate(data.phones) if p.strip()]
    if data.email and "@" not in data.email:
        raise ValidationError("contact.email_invalid", field="email")
    contact = Contact(client_id=client.id, name=data.name, title=data.title, phones=phones,
                      email=data.email, is_primary=data.is_primary)
    if data.is_primary:
        for other in list_contacts(session=session, actor=actor, client_id=client.id):
            if other.is_primary:
                records.patch(session, actor, other, {"is_primary": False})
    records.create(session, actor, contact)
    search.index_client(session, client.id)
    return contact


def update_contact(*, session: Session, actor: Actor, contact_id: str, data: ContactCreate) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted:
        raise NotFound("contact.not_found", params={"id": contact_id})
    get_client(session, actor, contact.client_id, for_edit=True)
    phones = [normalise_phone(p, field=f"phones[{i}]") for i, p in enumerate(data.phones) if p.strip()]
    records.patch(session, actor, contact, {**data.model_dump(), "phones": phones})
    search.index_client(session, contact.client_id)
    return contact


def list_contacts(*, session: Session, actor: Actor, client_id: str) -> list[Contact]:
    get_client(session, actor, client_id)
    stmt = select(Contact).where(col(Contact.client_id) == client_id, col(Contact.deleted).is_(False))
    return list(session.exec(stmt.order_by(col(Contact.is_primary).desc(), col(Contact.name))))


def masked_phones(contact: Contact) -> list[str]:
    return [mask_phone(p) for p in contact.phones]


def add_holding(*, session: Session, actor: Actor, client_id: str, data: HoldingCreate) -> Holding:
    client = get_client(session, actor, client_id, for_edit=True)
    if data.maturity_on and data.opened_on and data.maturity_on < data.opened_on:
        raise ValidationError("holding.maturity_before_opening", field="maturity_on")
    holding = Holding(client_id=client.id, **data.model_dump())
    return records.create(session, actor, holding)


def list_holdings(*, session: Session, actor: Actor, client_id: str) -> list[Holding]:
    get_client(session, actor, client_id)
    stmt = select(Holding).where(col(Holding.client_id) == client_id, col(Holding.deleted).is_(False))
    return list(session.exec(stmt.order_by(col(Holding.kind), col(Holding.maturity_on))))


def masked_account(holding: Holding) -> str:
    return mask_account(holding.account_no)


def find_duplicates(*, session: Session, actor: Actor, legal_name: str = "", uscc: str | None = None,
                    phones: list[str] | None = None, limit: int = 10) -> list[ClientRow]:
    """Likely duplicates of a client about to be created: same credit code or phone, or a similar name.

    Searched over what this device holds, so it works offline; the ledger re-checks credit codes.
    """
    ids: dict[str, None] = {}
    if uscc:
        dup = _duplicate_uscc(session, uscc.strip().upper())
        if dup is not None:
            ids[dup.id] = None
    for phone in phones or []:
        for cid in search.clients_with_phone(session, phone):
            ids[cid] = None
    if legal_name.strip():
        for cid in search.similar_names(session, legal_name, limit=limit):
            ids[cid] = None
    if not ids:
        return []
    stmt = sa.select(*_ROW_COLUMNS).where(col(Client.id).in_(list(ids)), client_scope(actor),
                                          col(Client.deleted).is_(False))
    found = {row[0]: row for row in session.execute(stmt)}
    # Strongest evidence first: credit code, then phone, then the most similar names.
    return [_row(found[cid], "") for cid in ids if cid in found][:limit]
