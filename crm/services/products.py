"""Product catalogue: read-only lists for staff, and the administrator's upsert-by-code catalogue load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field
from sqlmodel import Session, col, or_, select

from crm.domain.enums import Disclosure, Liquidity, ProductFamily, ProductRisk, Role
from crm.domain.errors import NotFound, ValidationError
from crm.domain.models import Product
from crm.domain.rules.wording import misleading_phrases
from crm.resources_path import resource_path
from crm.services import audit, records
from crm.services.context import Actor
from crm.services.schema import Schema

CATALOGUE_FILE = "catalogue.json"

# Texts of a wealth product that reach the client (screen, pitch, printed pack) and so must not promise.
_CLIENT_FACING = ("name", "description", "rate_text", "fee_standard", "target_clients")


class ProductIn(Schema):
    """One catalogue entry as the ledger (or the bundled catalogue file) delivers it."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    code: str = Field(min_length=2, max_length=32, pattern=r"^[A-Z0-9][A-Z0-9\-]*$")
    name: str = Field(min_length=1, max_length=100)
    family: ProductFamily
    risk: ProductRisk | None = None
    liquidity: Liquidity = Liquidity.NOT_APPLICABLE
    term: str = ""
    rate_pct: float | None = Field(default=None, ge=0, le=100)
    rate_text: str = ""
    min_amount_fen: int = Field(default=0, ge=0)
    fee_standard: str = ""
    disclosures: list[Disclosure] = Field(default_factory=list)
    target_clients: str = ""
    description: str = ""
    active: bool = True


class CatalogueLoadResult(Schema):
    created: int
    updated: int
    unchanged: int
    deactivated: int = 0


def check_entry(entry: ProductIn, field: str = "entry") -> None:
    """Catalogue rules beyond field formats; raises ValidationError with the offending field."""
    if entry.family is ProductFamily.WEALTH:
        if entry.risk is None:
            raise ValidationError("product.wealth_risk_missing", field=f"{field}.risk",
                                  params={"code": entry.code})
        if not entry.disclosures:
            raise ValidationError("product.wealth_disclosures_missing", field=f"{field}.disclosures",
                                  params={"code": entry.code})
        for name in _CLIENT_FACING:
            phrases = misleading_phrases(getattr(entry, name))
            if phrases:
                raise ValidationError("pitch.misleading_wording", field=f"{field}.{name}",
                                      params={"phrase": phrases[0], "phrases": phrases, "code": entry.code})
    elif entry.disclosures:
        # The five disclosures are the wealth risk statement; elsewhere they would print out of place.
        raise ValidationError("product.disclosures_not_wealth", field=f"{field}.disclosures",
                              params={"code": entry.code})
    if len(set(entry.disclosures)) != len(entry.disclosures):
        raise ValidationError("product.disclosures_duplicate", field=f"{field}.disclosures",
                              params={"code": entry.code})


def _values(entry: ProductIn) -> dict[str, Any]:
    values = entry.model_dump()
    # Stored in the canonical order of the enumeration, so the print order never depends on the feed.
    values["disclosures"] = [d.value for d in Disclosure if d in entry.disclosures]
    return values


# --- reads --------------------------------------------------------------------------------------


def list_products(*, session: Session, actor: Actor, family: ProductFamily | None = None,
                  active_only: bool = True, text: str = "") -> list[Product]:
    """The catalogue, ordered by family and code; ``text`` matches code, name, target clients, description."""
    stmt = select(Product).where(col(Product.deleted).is_(False))
    if family is not None:
        stmt = stmt.where(col(Product.family) == ProductFamily(family).value)
    if active_only:
        stmt = stmt.where(col(Product.active).is_(True))
    needle = text.strip()
    if needle:
        stmt = stmt.where(or_(
            col(Product.code).icontains(needle, autoescape=True),
            col(Product.name).icontains(needle, autoescape=True),
            col(Product.target_clients).icontains(needle, autoescape=True),
            col(Product.description).icontains(needle, autoescape=True),
        ))
    return list(session.exec(stmt.order_by(col(Product.family), col(Product.code))))


def get_product(*, session: Session, actor: Actor, product_id: str) -> Product:
    product = session.get(Product, product_id)
    if product is None or product.deleted:
        raise NotFound("product.not_found", params={"id": product_id})
    return product


def get_product_by_code(*, session: Session, actor: Actor, code: str) -> Product:
    product = session.exec(
        select(Product).where(col(Product.code) == code.strip().upper(), col(Product.deleted).is_(False))
    ).first()
    if product is None:
        raise NotFound("product.not_found", params={"code": code})
    return product


# --- administrator ------------------------------------------------------------------------------


def load_catalogue(*, session: Session, actor: Actor, entries: list[ProductIn],
                   deactivate_missing: bool = False) -> CatalogueLoadResult:
    """Upsert the catalogue by product code (administrator only); every change is audited and queued.

    With ``deactivate_missing`` a product absent from ``entries`` is switched inactive rather than deleted:
    pitches, proposals and holdings keep pointing at it.
    """
    actor.require(Role.ADMIN, action="product.load")
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if entry.code in seen:
            raise ValidationError("product.duplicate_code", field=f"entries[{index}].code",
                                  params={"code": entry.code})
        seen.add(entry.code)
        check_entry(entry, f"entries[{index}]")
    existing = {p.code: p for p in session.exec(select(Product))}
    created = updated = unchanged = deactivated = 0
    for entry in entries:
        values = _values(entry)
        product = existing.get(entry.code)
        if product is None:
            records.create(session, actor, Product(**values), audit_detail={"code": entry.code})
            created += 1
            continue
        if product.deleted:
            values["deleted"] = False
        changes = {k: v for k, v in values.items() if getattr(product, k) != v}
        if not changes:
            unchanged += 1
            continue
        if "deleted" in changes:
            # A tombstoned code coming back is revived in place: the id other rows point at stays valid.
            product.deleted = False
            changes.pop("deleted")
        records.patch(session, actor, product, changes)
        updated += 1
    if deactivate_missing:
        for code, product in existing.items():
            if code not in seen and product.active and not product.deleted:
                records.patch(session, actor, product, {"active": False})
                deactivated += 1
    result = CatalogueLoadResult(created=created, updated=updated, unchanged=unchanged,
                                 deactivated=deactivated)
    audit.record(session, actor=actor, action="product.catalogue_load", entity="product",
                 detail=result.model_dump())
    return result


# --- the bundled catalogue ----------------------------------------------------------------------


def default_catalogue(path: Path | None = None) -> list[ProductIn]:
    """The bank's catalogue shipped in ``resources/catalogue.json`` (DOMAIN.md §4), validated."""
    source = path or resource_path(CATALOGUE_FILE)
    data = json.loads(source.read_text(encoding="utf-8"))
    items = data["products"] if isinstance(data, dict) else data
    entries = [ProductIn.model_validate(item) for item in items]
    for index, entry in enumerate(entries):
        check_entry(entry, f"products[{index}]")
    return entries
