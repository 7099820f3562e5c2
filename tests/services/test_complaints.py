"""Complaints: registration with deadlines, routing, the handling workflow, breaches and the register."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, func, select

from crm.domain.enums import ComplaintCategory, ComplaintChannel, ComplaintStatus, FeedbackMode, OutboxOp
from crm.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationError
from crm.domain.models import AuditEvent, Complaint, Outbox
from crm.services import complaints as svc
from crm.services.complaints import CHINA_TZ, ComplaintCreate

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=CHINA_TZ)  # a Monday morning in China


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def _counts(session: Session) -> tuple[int, ...]:
    return tuple(_count(session, m) for m in (Complaint, Outbox, AuditEvent))


def _register(session: Session, actor: Any, client: Any, at: datetime = T0, **kw: Any) -> Complaint:
    data = {
        "client_id": client.id,
        "channel": ComplaintChannel.PHONE,
        "summary": "转账到账延迟",
        "details": "客户反映跨行汇款两天未到账",
        "received_at": at,
        **kw,
    }
    return svc.register_complaint(session=session, actor=actor, data=ComplaintCreate(**data))


def _resolved(
    session: Session, actor: Any, complaint: Complaint, responded: datetime, resolved: datetime
) -> Complaint:
    svc.classify_complaint(
        session=session, actor=actor, complaint_id=complaint.id, category=ComplaintCategory.SERVICE
    )
    svc.start_handling(session=session, actor=actor, complaint_id=complaint.id, at=responded)
    return svc.resolve_complaint(
        session=session,
        actor=actor,
        complaint_id=complaint.id,
        resolution="已联系清算中心，款项当日到账",
        at=resolved,
    )


def test_registration_sets_deadlines_with_audit_and_outbox(
    session: Session, org: Any, make_client: Any
) -> None:
    complaint = _register(session, org.rm, make_client(org.rm))
    session.commit()
    assert complaint.status is ComplaintStatus.RECEIVED and complaint.rm_id == org.rm.user_id
    assert complaint.respond_by == T0 + timedelta(hours=24)
    assert complaint.resolve_by == T0 + timedelta(days=15)
    assert session.exec(select(Outbox).where(Outbox.entity_id == complaint.id)).one().op is OutboxOp.CREATE
    assert (
        session.exec(select(AuditEvent).where(AuditEvent.entity_id == complaint.id)).one().action
        == "complaint.create"
    )


@pytest.mark.parametrize(
    ("category", "department"),
    [
        (ComplaintCategory.PRODUCT, "product_dept"),
        (ComplaintCategory.SERVICE, "customer_service_dept"),
        (ComplaintCategory.POLICY, "policy_dept"),
        (ComplaintCategory.OTHER, "branch"),
    ],
)
def test_classification_routes_to_the_department(
    session: Session, org: Any, make_client: Any, category: ComplaintCategory, department: str
) -> None:
    complaint = _register(session, org.rm, make_client(org.rm))
    svc.classify_complaint(session=session, actor=org.rm, complaint_id=complaint.id, category=category)
    assert (complaint.status, complaint.category, complaint.department) == (
        ComplaintStatus.CLASSIFIED,
        category,
        department,
    )


def test_a_complaint_can_be_classified_on_registration(session: Session, org: Any, make_client: Any) -> None:
    complaint = _register(session, org.rm, make_client(org.rm), category=ComplaintCategory.PRODUCT)
    assert complaint.status is ComplaintStatus.CLASSIFIED and complaint.department == "product_dept"


def test_the_full_lifecycle_through_the_state_machine(session: Session, org: Any, make_client: Any) -> None:
    complaint = _register(session, org.rm, make_client(org.rm))
    _resolved(session, org.rm, complaint, T0 + timedelta(hours=2), T0 + timedelta(days=3))
    assert complaint.responded_at == T0 + timedelta(hours=2) and complaint.resolved_at == T0 + timedelta(
        days=3
    )
    svc.feed_back(session=session, actor=org.rm, complaint_id=complaint.id, mode=FeedbackMode.WRITTEN)
    svc.follow_up(session=session, actor=org.rm, complaint_id=complaint.id, note="一周后回访，客户表示满意")
    svc.close_complaint(session=session, actor=org.head, complaint_id=complaint.id)
    assert complaint.status is ComplaintStatus.CLOSED and complaint.feedback_mode is FeedbackMode.WRITTEN
    assert complaint.closed_at is not None and complaint.follow_up == "一周后回访，客户表示满意"
    names = [
        o.name
        for o in session.exec(
            select(Outbox)
            .where(Outbox.entity_id == complaint.id, Outbox.op == OutboxOp.COMMAND)
            .order_by(col(Outbox.seq))
        )
    ]
    assert names == [
        "complaint.classify",
        "complaint.handle",
        "complaint.resolve",
        "complaint.feed_back",
        "complaint.follow_up",
        "complaint.close",
    ]


def test_invalid_steps_and_missing_texts_are_refused(session: Session, org: Any, make_client: Any) -> None:
    complaint = _register(session, org.rm, make_client(org.rm))
    session.commit()
    before = _counts(session)
    with pytest.raises(InvalidTransition) as err:
        svc.resolve_complaint(session=session, actor=org.rm, complaint_id=complaint.id, resolution="x")
    assert err.value.code == "complaint.transition_invalid"
    with pytest.raises(InvalidTransition):
        svc.close_complaint(session=session, actor=org.rm, complaint_id=complaint.id)
    svc.classify_complaint(
        session=session, actor=org.rm, complaint_id=complaint.id, category=ComplaintCategory.SERVICE
    )
    svc.start_handling(session=session, actor=org.rm, complaint_id=complaint.id)
    with pytest.raises(ValidationError) as err:
        svc.resolve_complaint(session=session, actor=org.rm, complaint_id=complaint.id, resolution="  ")
    assert err.value.code == "complaint.resolution_required"
    session.rollback()
    assert _counts(session) == before
    assert session.get(Complaint, complaint.id).status is ComplaintStatus.RECEIVED  # type: ignore[union-attr]


def test_feedback_may_close_directly_and_reopen_restarts_handling(
    session: Session, org: Any, make_client: Any
) -> None:
    complaint = _register(session, org.rm, make_client(org.rm))
    _resolved(session, org.rm, complaint, T0 + timedelta(hours=1), T0 + timedelta(days=1))
    svc.feed_back(session=session, actor=org.rm, complaint_id=complaint.id, mode=FeedbackMode.PHONE)
    with pytest.raises(ValidationError):
        svc.follow_up(session=session, actor=org.rm, complaint_id=complaint.id, note="")
    svc.reopen_complaint(session=session, actor=org.rm, complaint_id=complaint.id, reason="客户仍不满意")
    assert complaint.status is ComplaintStatus.HANDLING and complaint.resolved_at is None
    assert complaint.responded_at == T0 + timedelta(hours=1)  # the response already happened
    svc.resolve_complaint(
        session=session,
        actor=org.rm,
        complaint_id=complaint.id,
        resolution="退还手续费",
        at=T0 + timedelta(days=2),
    )
    svc.feed_back(session=session, actor=org.rm, complaint_id=complaint.id, mode=FeedbackMode.PHONE)
    svc.close_complaint(session=session, actor=org.rm, complaint_id=complaint.id)
    assert complaint.status is ComplaintStatus.CLOSED


def test_breaches_count_late_and_overdue_steps(session: Session, org: Any, make_client: Any) -> None:
    client = make_client(org.rm)
    on_time = _register(session, org.rm, client)
    _resolved(session, org.rm, on_time, T0 + timedelta(hours=3), T0 + timedelta(days=10))
    late = _register(session, org.rm, client)
    _resolved(session, org.rm, late, T0 + timedelta(hours=30), T0 + timedelta(days=16))
    waiting = _register(session, org.rm, client)
    now = T0 + timedelta(days=20)
    assert svc.breaches(on_time, now) == (False, False)
    assert svc.breaches(late, now) == (True, True)
    assert svc.breaches(waiting, now) == (True, True)
    assert svc.breaches(waiting, T0 + timedelta(hours=23)) == (False, False)
    assert svc.breaches(waiting, T0 + timedelta(days=2)) == (True, False)
    flags = svc.breaches(late, now)
    assert flags.response_breached and flags.resolution_breached


def test_lists_filter_by_status_china_days_and_overdue(session: Session, org: Any, make_client: Any) -> None:
    client = make_client(org.rm)
    # 2026-03-01 23:30 in China is still 15:30 UTC on the same day; 00:30 on 03-03 is 16:30 UTC on 03-02.
    sunday = _register(session, org.rm, client, at=datetime(2026, 3, 1, 23, 30, tzinfo=CHINA_TZ))
    tuesday = _register(session, org.rm, client, at=datetime(2026, 3, 2, 16, 30, tzinfo=UTC))
    monday = _register(session, org.rm, client)
    _resolved(session, org.rm, monday, T0 + timedelta(hours=1), T0 + timedelta(days=1))

    def ids(**kw: Any) -> set[str]:
        return {c.id for c in svc.list_complaints(session=session, actor=org.rm, **kw)}

    assert ids(date_from=date(2026, 3, 2), date_to=date(2026, 3, 2)) == {monday.id}
    assert ids(date_from=date(2026, 3, 3)) == {tuesday.id}
    assert ids(date_to=date(2026, 3, 1)) == {sunday.id}
    assert ids(status=ComplaintStatus.RESOLVED) == {monday.id}
    assert ids(overdue_as_of=T0 + timedelta(days=1, hours=12)) == {sunday.id}
    assert ids(overdue_as_of=T0 + timedelta(days=20)) == {sunday.id, tuesday.id}
    with pytest.raises(ValidationError) as err:
        svc.list_complaints(session=session, actor=org.rm, overdue_as_of=datetime(2026, 3, 5))
    assert err.value.code == "complaint.datetime_naive"


def test_the_register_flags_breaches_for_a_period(session: Session, org: Any, make_client: Any) -> None:
    client = make_client(org.rm)
    ok = _register(session, org.rm, client)
    _resolved(session, org.rm, ok, T0 + timedelta(hours=1), T0 + timedelta(days=2))
    slow = _register(
        session,
        org.rm,
        client,
        at=T0 + timedelta(days=1),
        summary="理财赎回资金到账慢",
        channel=ComplaintChannel.ONLINE,
    )
    _register(session, org.rm, client, at=T0 + timedelta(days=40))  # outside the period
    register = svc.complaint_register(
        session=session,
        actor=org.head,
        date_from=date(2026, 3, 1),
        date_to=date(2026, 3, 31),
        now=T0 + timedelta(days=30),
    )
    assert [r.id for r in register.rows] == [ok.id, slow.id]
    assert (register.total, register.response_breaches, register.resolution_breaches, register.open) == (
        2,
        1,
        1,
        2,
    )
    row = register.rows[1]
    assert (row.response_breached, row.resolution_breached, row.client_name) == (
        True,
        True,
        client.legal_name,
    )
    assert (
        svc.complaint_register(
            session=session,
            actor=org.other_head,
            date_from=date(2026, 3, 1),
            date_to=date(2026, 3, 31),
            now=T0,
        ).rows
        == []
    )
    with pytest.raises(ValidationError):
        svc.complaint_register(
            session=session, actor=org.head, date_from=date(2026, 4, 1), date_to=date(2026, 3, 1)
        )


def test_scope_and_roles(session: Session, org: Any, make_client: Any) -> None:
    mine = make_client(org.rm)
    complaint = _register(session, org.rm, mine)
    with pytest.raises(NotFound) as err:
        svc.classify_complaint(
            session=session, actor=org.rm2, complaint_id=complaint.id, category=ComplaintCategory.OTHER
        )
    assert err.value.code == "complaint.not_found"
    with pytest.raises(PermissionDenied):
        _register(session, org.admin, mine)
    pooled = make_client(None)
    other = _register(session, org.rm2, pooled)  # a complaint about a pooled client is still taken
    with pytest.raises(PermissionDenied) as err:
        svc.classify_complaint(
            session=session, actor=org.rm, complaint_id=other.id, category=ComplaintCategory.OTHER
        )
    assert err.value.code == "complaint.not_handler"
    svc.classify_complaint(
        session=session, actor=org.head, complaint_id=other.id, category=ComplaintCategory.OTHER
    )
    with pytest.raises(ValidationError) as verr:
        _register(session, org.rm, mine, at=datetime(2026, 3, 2, 9, 0))
    assert verr.value.code == "complaint.datetime_naive"
