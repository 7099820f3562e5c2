"""The audit trail is hash-chained: any edit, deletion, insertion or truncation is detected."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from crm.services import audit
from crm.services.audit import verify_audit_chain




@pytest.fixture
def chain(session: Session, org: Any) -> Session:
    for i in range(5):
        audit.record(session, actor=org.rm, action="client.unmask", entity="client", entity_id=f"c{i}",
                     detail={"field": "uscc"})
    session.commit()
    return session


def test_an_untouched_chain_verifies(chain: Session) -> None:
    result = verify_audit_chain(session=chain)
    assert result.ok and result.checked == 5


def test_an_empty_trail_verifies(session: Session) -> None:
    assert verify_audit_chain(session=session).ok


@pytest.mark.parametrize("sql, reason", [
    ("UPDATE auditevent SET detail = '{\"field\": \"id_number\"}' WHERE seq = 3", "digest"),
    ("UPDATE auditevent SET actor_id = 'someone-else' WHERE seq = 2", "digest"),
    ("UPDATE auditevent SET at = '2020-01-01 00:00:00' WHERE seq = 4", "digest"),
    ("DELETE FROM auditevent WHERE seq = 3", "gap"),
    ("DELETE FROM auditevent WHERE seq = 5", "truncated"),
])
def test_tampering_is_detected(chain: Session, sql: str, reason: str) -> None:
    chain.connection().exec_driver_sql(sql)
    result = verify_audit_chain(session=chain)
    assert not result.ok
    assert result.reason == reason


def test_a_forged_row_with_a_recomputed_hash_still_breaks_the_next_link(chain: Session) -> None:
    # Rewriting one event and its own hash is not enough: the following event points at the old hash.
    row = chain.exec(sa.select(audit.AuditEvent).where(audit.AuditEvent.seq == 2)).scalar_one()  # type: ignore[call-overload, arg-type]
    row.detail = {"field": "id_number"}
    row.hash = audit._digest(row.prev_hash, row)
    chain.add(row)
    chain.flush()
    result = verify_audit_chain(session=chain)
    assert not result.ok and result.first_bad_seq == 3 and result.reason == "link"
