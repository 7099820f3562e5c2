"""Client use cases: validation, scope, unmasking, audit + outbox on every write, nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from crm.domain.enums import ClientKind, OutboxOp
from crm.domain.errors import DomainError, NotFound, PermissionDenied, ValidationError
from crm.domain.models import AuditEvent, Client, Contact, Outbox
from crm.services import clients as svc
from crm.services.clients import ClientCreate, ClientFilter, ClientUpdate, ContactCreate

VALID_USCC = "91350100M000100Y43"
VALID_ID = "11010519491231002X"


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_an_rm_creates_a_prospect_they_own_with_audit_and_outbox(session: Session, org: Any) -> None:
    client = svc.create_client(session=session, actor=org.rm, data=ClientCreate(
        kind=ClientKind.CORPORATE, legal_name="福州恒信精密机械有限公司", uscc=" 91350100m000100y43 ",
        industry="c"))
    session.commit()
    assert client.owner_id == org.rm.user_id and client.branch_id == org.branch.id
    assert client.uscc == VALID_USCC and client.industry == "C"
    box = session.exec(select(Outbox).where(Outbox.entity_id == client.id)).one()
    assert box.op is OutboxOp.CREATE and box.payload["legal_name"] == "福州恒信精密机械有限公司"
    event = session.exec(select(AuditEvent).where(AuditEvent.entity_id == client.id)).one()
    assert event.action == "client.create" and event.actor_id == org.rm.user_id


@pytest.mark.parametrize("fields, code", [
    ({"kind": ClientKind.CORPORATE, "uscc": "91350100M000100Y44"}, "uscc.checksum"),
    ({"kind": ClientKind.PERSONAL, "id_number": "110105194912310021"}, "resident_id.checksum"),
    ({"kind": ClientKind.PERSONAL, "uscc": VALID_USCC}, "client.uscc_for_person"),
    ({"kind": ClientKind.CORPORATE, "id_number": VALID_ID}, "client.id_number_for_company"),
    ({"kind": ClientKind.CORPORATE, "industry": "Z"}, "client.industry_invalid"),
])
def test_bad_input_is_refused_with_a_code_and_writes_nothing(session: Session, org: Any, fields: dict[str, Any],
                                                            code: str) -> None:
    before = (_count(session, Client), _count(session, Outbox), _count(session, AuditEvent))
    with pytest.raises(DomainError) as err:
        svc.create_client(session=session, actor=org.rm, data=ClientCreate(legal_name="某某有限公司", **fields))
    session.rollback()
    assert err.value.code == code
    assert (_count(session, Client), _count(session, Outbox), _count(session, AuditEvent)) == before


def test_a_duplicate_credit_code_is_refused(session: Session, org: Any) -> None:
    svc.create_client(session=session, actor=org.rm, data=ClientCreate(
        kind=ClientKind.CORPORATE, legal_name="甲公司有限公司", uscc=VALID_USCC))
    with pytest.raises(ValidationError) as err:
        svc.create_client(session=session, actor=org.head, data=ClientCreate(
            kind=ClientKind.CORPORATE, legal_name="乙公司有限公司", uscc=VALID_USCC))
    assert err.value.code == "client.duplicate_uscc"


def test_scope_an_rm_sees_own_and_pooled_clients_only(session: Session, org: Any, make_client: Any) -> None:
    mine = make_client(org.rm)
    theirs = make_client(org.rm2)
    pooled = make_client(None)
    elsewhere = make_client(None, branch=org.other_branch)
    ids = {r.id for r in svc.list_clients(session=session, actor=org.rm)}
    assert ids == {mine.id, pooled.id}
    with pytest.raises(NotFound):
        svc.update_client(session=session, actor=org.rm, client_id=theirs.id, data=ClientUpdate(notes="x"))
    with pytest.raises(PermissionDenied):  # visible in the pool for claiming, not editable
        svc.update_client(session=session, actor=org.rm, client_id=pooled.id, data=ClientUpdate(notes="x"))
    head_ids = {r.id for r in svc.list_clients(session=session, actor=org.head)}
    assert head_ids == {mine.id, theirs.id, pooled.id}
    assert elsewhere.id not in head_ids
    assert svc.list_clients(session=session, actor=org.admin) == []
    assert svc.count_clients(session=session, actor=org.head) == 3


def test_filters(session: Session, org: Any, make_client: Any) -> None:
    a = make_client(org.rm, kind=ClientKind.CORPORATE, without_loans=True)
    make_client(org.rm, kind=ClientKind.PERSONAL_VIP)
    rows = svc.list_clients(session=session, actor=org.rm, filters=ClientFilter(
        kinds=[ClientKind.CORPORATE], without_loans=True))
    assert [r.id for r in rows] == [a.id]
    assert rows[0].uscc_masked != a.uscc and rows[0].uscc_masked.endswith(a.uscc[-4:])


def test_update_queues_only_changed_fields_with_their_base_versions(session: Session, org: Any,
                                                                    make_client: Any) -> None:
    client = make_client(org.rm)
    svc.update_client(session=session, actor=org.rm, client_id=client.id,
                      data=ClientUpdate(notes="新增结算需求", tier="B", legal_name=client.legal_name))
    box = session.exec(select(Outbox).where(Outbox.entity_id == client.id)).one()
    assert box.op is OutboxOp.PATCH
    assert box.payload == {"notes": "新增结算需求", "tier": "B"}
    assert set(box.base_versions) == {"notes", "tier"}


def test_unmask_is_audited_and_returns_the_clear_value(session: Session, org: Any, make_client: Any) -> None:
    client = make_client(org.rm, kind=ClientKind.PERSONAL, id_number=VALID_ID)
    assert svc.masked_view(client)["id_number"] != VALID_ID
    assert svc.unmask(session=session, actor=org.rm, client_id=client.id, field="id_number") == VALID_ID
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "client.unmask")).one()
    assert event.detail == {"field": "id_number", "purpose": "view"}
    assert VALID_ID not in str(event.detail)
    with pytest.raises(NotFound):
        svc.unmask(session=session, actor=org.rm2, client_id=client.id, field="id_number")


def test_contacts_phones_are_normalised_and_one_is_primary(session: Session, org: Any, make_client: Any) -> None:
    client = make_client(org.rm)
    first = svc.add_contact(session=session, actor=org.rm, client_id=client.id, data=ContactCreate(
        name="陈静", title="财务总监", phones=["１３８ ０００１ ２３４５"], is_primary=True))
    second = svc.add_contact(session=session, actor=org.rm, client_id=client.id, data=ContactCreate(
        name="刘洋", phones=["+86 139-0000-1111"], is_primary=True))
    assert first.phones == ["13800012345"] and second.phones == ["13900001111"]
    primaries = [c.name for c in svc.list_contacts(session=session, actor=org.rm, client_id=client.id)
                 if c.is_primary]
    assert primaries == ["刘洋"]


def test_a_bad_phone_leaves_no_contact_behind(session: Session, org: Any, make_client: Any) -> None:
    client = make_client(org.rm)
    with pytest.raises(ValidationError) as err:
        svc.add_contact(session=session, actor=org.rm, client_id=client.id,
                        data=ContactCreate(name="陈静", phones=["13800012345", "12345"]))
    session.rollback()
    assert err.value.field == "phones[1]"
    assert session.exec(select(func.count()).select_from(Contact)).one() == 0


def test_only_the_branch_head_assigns(session: Session, org: Any, make_client: Any) -> None:
    client = make_client(None)
    with pytest.raises(PermissionDenied):
        svc.assign_client(session=session, actor=org.rm, client_id=client.id, owner_id=org.rm.user_id)
    svc.assign_client(session=session, actor=org.head, client_id=client.id, owner_id=org.rm2.user_id)
    assert session.get(Client, client.id).owner_id == org.rm2.user_id  # type: ignore[union-attr]
    box = session.exec(select(Outbox).where(col(Outbox.entity_id) == client.id)).one()
    assert box.op is OutboxOp.COMMAND and box.name == "client.assign"
    with pytest.raises(NotFound):
        svc.assign_client(session=session, actor=org.other_head, client_id=client.id, owner_id=org.rm.user_id)
    with pytest.raises(ValidationError) as err:
        svc.assign_client(session=session, actor=org.head, client_id=client.id, owner_id=org.other_head.user_id)
    assert err.value.code == "client.owner_invalid"
