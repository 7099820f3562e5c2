"""Product catalogue: the bundled catalogue's contents, the administrator's load, and read-only lists."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pydantic
import pytest
from sqlmodel import Session, col, func, select

from crm.domain.enums import Disclosure, OutboxOp, ProductFamily, ProductRisk
from crm.domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from crm.domain.models import AuditEvent, Outbox, Product
from crm.resources_path import resource_path, resources_root
from crm.services import products as svc
from crm.services.products import ProductIn

REPO = Path(__file__).resolve().parents[2]

# Every product DOMAIN.md §4 names, by a word of its catalogue name.
NAMED = {
    ProductFamily.DEPOSIT: ["活期", "定期", "通知存款", "结构性存款"],
    ProductFamily.CASH_MANAGEMENT: ["资金归集", "银企直联"],
    ProductFamily.WEALTH: ["理财产品", "货币市场基金", "证券投资基金", "保险", "国债", "贵金属", "积存金"],
    ProductFamily.CREDIT: [
        "流动资金贷款",
        "中长期贷款",
        "信用贷款",
        "银行承兑汇票",
        "商业汇票",
        "银行汇票",
        "贸易融资",
        "保理",
        "福费廷",
        "跨境贷款",
        "跨境担保",
    ],
    ProductFamily.SETTLEMENT: [
        "转账汇款",
        "代付",
        "代扣",
        "基本存款账户",
        "一般存款账户",
        "专用存款账户",
        "结算账户",
        "外汇结算账户",
    ],
    ProductFamily.ACQUIRING: ["POS收单", "扫码支付"],
    ProductFamily.CARD: ["借记卡", "信用卡", "贵宾卡"],
    ProductFamily.E_BANKING: ["企业网上银行", "手机银行", "短信通知"],
}


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def _counts(session: Session) -> tuple[int, int, int]:
    return _count(session, Product), _count(session, Outbox), _count(session, AuditEvent)


def _entry(**overrides: Any) -> ProductIn:
    base: dict[str, Any] = {
        "code": "TEST-01",
        "name": "测试存款",
        "family": ProductFamily.DEPOSIT,
        "fee_standard": "免费",
    }
    return ProductIn(**{**base, **overrides})


# --- the bundled catalogue ----------------------------------------------------------------------


def test_resources_are_found_in_the_checkout_and_in_a_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert resources_root() == REPO / "resources"
    assert resource_path("catalogue.json").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("catalogue.json") == tmp_path / "resources" / "catalogue.json"


def test_the_catalogue_covers_every_family_and_named_product() -> None:
    catalogue = svc.default_catalogue()
    by_family: dict[ProductFamily, list[str]] = {}
    for p in catalogue:
        by_family.setdefault(p.family, []).append(p.name)
    assert set(by_family) == set(ProductFamily)
    for family, words in NAMED.items():
        for word in words:
            assert any(word in name for name in by_family[family]), (family, word)
    codes = [p.code for p in catalogue]
    assert len(codes) == len(set(codes))


def test_catalogue_entries_are_complete_and_plausible() -> None:
    catalogue = svc.default_catalogue()
    for p in catalogue:
        assert p.fee_standard and p.target_clients and p.description, p.code
        assert p.min_amount_fen >= 0 and (p.rate_pct is None or 0 <= p.rate_pct < 10), p.code
    wealth = [p for p in catalogue if p.family is ProductFamily.WEALTH]
    assert {p.risk for p in wealth} == set(ProductRisk)  # R1 to R5 all on offer
    assert all(p.disclosures and set(p.disclosures) <= set(Disclosure) for p in wealth)
    assert any(set(p.disclosures) == set(Disclosure) for p in wealth)
    assert any(set(p.disclosures) < set(Disclosure) for p in wealth)  # some carry a subset
    assert all(not p.disclosures for p in catalogue if p.family is not ProductFamily.WEALTH)


def test_the_catalogue_file_is_plain_json_with_a_products_list() -> None:
    data = json.loads(resource_path("catalogue.json").read_text(encoding="utf-8"))
    assert isinstance(data["products"], list) and len(data["products"]) == len(svc.default_catalogue())


# --- loading ------------------------------------------------------------------------------------


def test_only_an_administrator_loads_the_catalogue(session: Session, org: Any) -> None:
    before = _counts(session)
    for actor in (org.rm, org.head):
        with pytest.raises(PermissionDenied) as err:
            svc.load_catalogue(session=session, actor=actor, entries=[_entry()])
        assert err.value.code == "permission.role"
    session.rollback()
    assert _counts(session) == before


def test_load_creates_then_upserts_by_code_with_audit_and_outbox(session: Session, org: Any) -> None:
    entries = svc.default_catalogue()
    result = svc.load_catalogue(session=session, actor=org.admin, entries=entries)
    session.commit()
    assert (result.created, result.updated, result.unchanged) == (len(entries), 0, 0)
    assert _count(session, Product) == len(entries)
    creates = session.exec(select(Outbox).where(col(Outbox.entity) == "product")).all()
    assert len(creates) == len(entries) and all(o.op is OutboxOp.CREATE for o in creates)
    actions = [e.action for e in session.exec(select(AuditEvent))]
    assert actions.count("product.create") == len(entries) and actions[-1] == "product.catalogue_load"

    outbox_before = _count(session, Outbox)
    again = svc.load_catalogue(session=session, actor=org.admin, entries=entries)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(entries))
    assert _count(session, Outbox) == outbox_before

    changed = [e.model_copy(update={"rate_pct": 1.5}) if e.code == "DEP-TD-01" else e for e in entries]
    third = svc.load_catalogue(session=session, actor=org.admin, entries=changed)
    assert (third.created, third.updated) == (0, 1)
    patch = session.exec(select(Outbox).order_by(col(Outbox.seq).desc())).first()
    assert patch is not None and patch.op is OutboxOp.PATCH and patch.payload == {"rate_pct": 1.5}
    assert svc.get_product_by_code(session=session, actor=org.rm, code="dep-td-01").rate_pct == 1.5


def test_products_left_out_can_be_deactivated_not_deleted(session: Session, org: Any) -> None:
    svc.load_catalogue(session=session, actor=org.admin, entries=[_entry(), _entry(code="TEST-02")])
    result = svc.load_catalogue(session=session, actor=org.admin, entries=[_entry()], deactivate_missing=True)
    assert result.deactivated == 1
    assert [p.code for p in svc.list_products(session=session, actor=org.rm)] == ["TEST-01"]
    inactive = svc.get_product_by_code(session=session, actor=org.rm, code="TEST-02")
    assert inactive.active is False and inactive.deleted is False


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        (
            {"family": ProductFamily.WEALTH, "disclosures": [Disclosure.MARKET]},
            "product.wealth_risk_missing",
            "entries[1].risk",
        ),
        (
            {"family": ProductFamily.WEALTH, "risk": ProductRisk.R2},
            "product.wealth_disclosures_missing",
            "entries[1].disclosures",
        ),
        ({"disclosures": [Disclosure.MARKET]}, "product.disclosures_not_wealth", "entries[1].disclosures"),
        (
            {
                "family": ProductFamily.WEALTH,
                "risk": ProductRisk.R2,
                "disclosures": list(Disclosure),
                "description": "本产品保本保收益",
            },
            "pitch.misleading_wording",
            "entries[1].description",
        ),
        ({"code": "TEST-01"}, "product.duplicate_code", "entries[1].code"),
    ],
)
def test_a_bad_entry_refuses_the_whole_load(
    session: Session, org: Any, overrides: dict[str, Any], code: str, field: str
) -> None:
    before = _counts(session)
    with pytest.raises(ValidationError) as err:
        svc.load_catalogue(
            session=session, actor=org.admin, entries=[_entry(), _entry(**{"code": "TEST-02", **overrides})]
        )
    session.rollback()
    assert (err.value.code, err.value.field) == (code, field)
    assert _counts(session) == before


def test_negated_wording_is_fine_in_a_wealth_description(session: Session, org: Any) -> None:
    entry = _entry(
        family=ProductFamily.WEALTH,
        risk=ProductRisk.R2,
        disclosures=list(Disclosure),
        description="非保本浮动收益型，不保证本金和收益，并非无风险",
    )
    assert svc.load_catalogue(session=session, actor=org.admin, entries=[entry]).created == 1


def test_a_malformed_entry_is_refused_by_the_input_model() -> None:
    with pytest.raises(pydantic.ValidationError, match="code"):
        ProductIn(code="bad code", name="x", family=ProductFamily.DEPOSIT)


# --- reading ------------------------------------------------------------------------------------


def test_lists_filter_by_family_text_and_activity(session: Session, org: Any) -> None:
    svc.load_catalogue(session=session, actor=org.admin, entries=svc.default_catalogue())
    wealth = svc.list_products(session=session, actor=org.rm, family=ProductFamily.WEALTH)
    assert wealth and all(p.family is ProductFamily.WEALTH for p in wealth)
    assert [p.code for p in wealth] == sorted(p.code for p in wealth)
    assert {p.code for p in svc.list_products(session=session, actor=org.rm, text="福费廷")} == {"CR-FOR-01"}
    assert {p.code for p in svc.list_products(session=session, actor=org.rm, text="cr-for")} == {"CR-FOR-01"}
    assert svc.list_products(session=session, actor=org.rm, text="100%_") == []
    product = svc.get_product_by_code(session=session, actor=org.head, code="CR-FOR-01")
    assert svc.get_product(session=session, actor=org.rm, product_id=product.id) is product
    svc.load_catalogue(
        session=session,
        actor=org.admin,
        entries=[
            e.model_copy(update={"active": False}) if e.code == "CR-FOR-01" else e
            for e in svc.default_catalogue()
        ],
    )
    assert svc.list_products(session=session, actor=org.rm, text="福费廷") == []
    assert len(svc.list_products(session=session, actor=org.rm, text="福费廷", active_only=False)) == 1


def test_a_missing_product_is_not_found(session: Session, org: Any) -> None:
    with pytest.raises(NotFound) as err:
        svc.get_product(session=session, actor=org.rm, product_id="nope")
    assert err.value.code == "product.not_found"
    with pytest.raises(DomainError):
        svc.get_product_by_code(session=session, actor=org.rm, code="NOPE")
