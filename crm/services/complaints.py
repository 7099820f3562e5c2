"""Complaints (投诉): registration with deadlines, routing by category, the handling workflow and breaches."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from pydantic import ConfigDict, Field
from sqlmodel import Session, col, select

from crm.domain.enums import ComplaintCategory, ComplaintChannel, ComplaintStatus, FeedbackMode, Role
from crm.domain.errors import NotFound, PermissionDenied, ValidationError
from crm.domain.models import Client, Complaint
from crm.domain.rules.workflow import (
    COMPLAINT_MACHINE,
    ComplaintBreaches,
    complaint_breaches,
    complaint_deadlines,
    complaint_route,
)
from crm.domain.types import utcnow
from crm.services import records
from crm.services.context import Actor, can_edit_client, client_scope, get_client
from crm.services.schema import Schema

# Register periods are calendar days in China (UTC+8, no daylight saving), wherever the laptop's clock is set.
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")


class ComplaintCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    client_id: str
    channel: ComplaintChannel
    summary: str = Field(min_length=1, max_length=200)
    details: str = ""
    received_at: datetime | None = None  # when the client complained; default now
    category: ComplaintCategory | None = None  # may be classified at once


class ComplaintRegisterRow(Schema):
    id: str
    client_id: str
    client_name: str
    rm_id: str
    received_at: datetime
    channel: ComplaintChannel
    category: ComplaintCategory | None
    department: str
    status: ComplaintStatus
    summary: str
    respond_by: datetime
    resolve_by: datetime
    responded_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    response_breached: bool
    resolution_breached: bool


class ComplaintRegister(Schema):
    """投诉登记簿 for a period: rows in order of receipt and the breach counts (DOMAIN.md §7)."""

    date_from: date
    date_to: date
    as_of: datetime
    rows: list[ComplaintRegisterRow]
    total: int
    response_breaches: int
    resolution_breaches: int
    open: int


def _aware(value: datetime | None, field: str) -> datetime:
    if value is None:
        return utcnow()
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError("complaint.datetime_naive", field=field)
    return value


def day_start(day: date) -> datetime:
    """The first instant of ``day`` in China time, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=CHINA_TZ)


# --- registration and reads -----------------------------------------------------------------------


def register_complaint(*, session: Session, actor: Actor, data: ComplaintCreate) -> Complaint:
    """Log a complaint as received, with its response and resolution deadlines."""
    actor.require(Role.RM, Role.BRANCH_HEAD, action="complaint.create")
    # Any client the actor can see: a complaint may come in about a pooled client too.
    client = get_client(session, actor, data.client_id)
    received_at = _aware(data.received_at, "received_at")
    if received_at > utcnow() + timedelta(minutes=5):
        raise ValidationError("complaint.received_in_future", field="received_at")
    deadlines = complaint_deadlines(received_at)
    complaint = Complaint(client_id=client.id, rm_id=actor.user_id, received_at=received_at,
                          channel=data.channel, summary=data.summary, details=data.details,
                          status=ComplaintStatus.RECEIVED, respond_by=deadlines.respond_by,
                          resolve_by=deadlines.resolve_by)
    records.create(session, actor, complaint, audit_detail={"client_id": client.id,
                                                            "channel": data.channel.value})
    if data.category is not None:
        classify_complaint(session=session, actor=actor, complaint_id=complaint.id, category=data.category)
    return complaint


def _load(session: Session, actor: Actor, complaint_id: str) -> tuple[Complaint, Client]:
    complaint = session.get(Complaint, complaint_id)
    if complaint is None or complaint.deleted:
        raise NotFound("complaint.not_found", params={"id": complaint_id})
    try:
        client = get_client(session, actor, complaint.client_id)
    except NotFound:
        raise NotFound("complaint.not_found", params={"id": complaint_id}) from None
    return complaint, client


def get_complaint(*, session: Session, actor: Actor, complaint_id: str) -> Complaint:
    return _load(session, actor, complaint_id)[0]


def _scoped(actor: Actor) -> Any:
    return (
        select(Complaint, Client.legal_name)
        .join(Client, col(Client.id) == col(Complaint.client_id))
        .where(client_scope(actor), col(Complaint.deleted).is_(False))
    )


def _overdue(as_of: datetime) -> Any:
    """Still waiting for a response or a resolution whose deadline has passed."""
    return sa.or_(
        sa.and_(col(Complaint.responded_at).is_(None), col(Complaint.respond_by) < as_of),
        sa.and_(col(Complaint.resolved_at).is_(None), col(Complaint.resolve_by) < as_of),
    )


def list_complaints(*, session: Session, actor: Actor, status: ComplaintStatus | None = None,
                    date_from: date | None = None, date_to: date | None = None,
                    overdue_as_of: datetime | None = None, client_id: str | None = None) -> list[Complaint]:
    """Complaints received in [date_from, date_to] (China calendar days), newest first.

    ``overdue_as_of`` keeps only those with a deadline passed and its step not yet done at that instant.
    """
    stmt = _scoped(actor)
    if status is not None:
        stmt = stmt.where(col(Complaint.status) == ComplaintStatus(status).value)
    if date_from is not None:
        stmt = stmt.where(col(Complaint.received_at) >= day_start(date_from))
    if date_to is not None:
        stmt = stmt.where(col(Complaint.received_at) < day_start(date_to + timedelta(days=1)))
    if overdue_as_of is not None:
        stmt = stmt.where(_overdue(_aware(overdue_as_of, "overdue_as_of")))
    if client_id is not None:
        stmt = stmt.where(col(Complaint.client_id) == client_id)
    rows = session.exec(stmt.order_by(col(Complaint.received_at).desc(), col(Complaint.id).desc())).all()
    return [complaint for complaint, _ in rows]


def breaches(complaint: Complaint, now: datetime) -> ComplaintBreaches:
    """(response_breached, resolution_breached): done late, or not done and past the deadline at ``now``."""
    return complaint_breaches(received_at=complaint.received_at, responded_at=complaint.responded_at,
                              resolved_at=complaint.resolved_at, now=now)


def complaint_register(*, session: Session, actor: Actor, date_from: date, date_to: date,
                       now: datetime | None = None) -> ComplaintRegister:
    """Every complaint received in the period with its breach flags as of ``now``."""
    if date_to < date_from:
        raise ValidationError("complaint.period_invalid", field="date_to")
    as_of = _aware(now, "now")
    stmt = _scoped(actor).where(col(Complaint.received_at) >= day_start(date_from),
                                col(Complaint.received_at) < day_start(date_to + timedelta(days=1)))
    rows: list[ComplaintRegisterRow] = []
    for c, client_name in session.exec(stmt.order_by(col(Complaint.received_at), col(Complaint.id))).all():
        flags = breaches(c, as_of)
        rows.append(ComplaintRegisterRow(
            id=c.id, client_id=c.client_id, client_name=client_name, rm_id=c.rm_id, received_at=c.received_at,
            channel=c.channel, category=c.category, department=c.department, status=c.status,
            summary=c.summary, respond_by=c.respond_by, resolve_by=c.resolve_by, responded_at=c.responded_at,
            resolved_at=c.resolved_at, closed_at=c.closed_at, response_breached=flags.response_breached,
            resolution_breached=flags.resolution_breached,
        ))
    return ComplaintRegister(
        date_from=date_from, date_to=date_to, as_of=as_of, rows=rows, total=len(rows),
        response_breaches=sum(r.response_breached for r in rows),
        resolution_breaches=sum(r.resolution_breached for r in rows),
        open=sum(r.status is not ComplaintStatus.CLOSED for r in rows),
    )


# --- workflow -------------------------------------------------------------------------------------


def _step(session: Session, actor: Actor, complaint_id: str, name: str, changes: dict[str, Any],
          payload: dict[str, Any] | None = None, check: Any = None) -> Complaint:
    complaint, client = _load(session, actor, complaint_id)
    target = COMPLAINT_MACHINE.apply(ComplaintStatus(complaint.status), name, actor.role)
    # The RM who took the complaint, the client's RMs and the branch head work the case.
    if not (actor.user_id == complaint.rm_id or can_edit_client(actor, client)):
        raise PermissionDenied("complaint.not_handler", params={"id": complaint.id})
    if check is not None:
        check()
    changes = {"status": target, **changes}
    return records.command(session, actor, complaint, f"complaint.{name}",
                           {"status": target.value, **(payload or {})}, changes)


def _required(value: str, field: str, code: str) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(code, field=field)
    return value


def classify_complaint(*, session: Session, actor: Actor, complaint_id: str,
                       category: ComplaintCategory) -> Complaint:
    """Set the category, which routes the case to its department."""
    category = ComplaintCategory(category)
    department = complaint_route(category)
    return _step(session, actor, complaint_id, "classify", {"category": category, "department": department},
                 {"category": category.value, "department": department})


def start_handling(*, session: Session, actor: Actor, complaint_id: str,
                   at: datetime | None = None) -> Complaint:
    """The department takes the case up: this is the response the first deadline measures."""
    when = _aware(at, "at")
    complaint, _ = _load(session, actor, complaint_id)
    changes: dict[str, Any] = {}
    if complaint.responded_at is None:
        changes["responded_at"] = when
    return _step(session, actor, complaint_id, "handle", changes, {"at": when.isoformat()})


def resolve_complaint(*, session: Session, actor: Actor, complaint_id: str, resolution: str,
                      at: datetime | None = None) -> Complaint:
    when = _aware(at, "at")
    text = resolution.strip()
    return _step(session, actor, complaint_id, "resolve", {"resolution": text, "resolved_at": when},
                 {"at": when.isoformat(), "resolution": text},
                 check=lambda: _required(text, "resolution", "complaint.resolution_required"))


def feed_back(*, session: Session, actor: Actor, complaint_id: str, mode: FeedbackMode,
              at: datetime | None = None) -> Complaint:
    """The result was told to the client, in writing (书面) or by phone (电话)."""
    when = _aware(at, "at")
    mode = FeedbackMode(mode)
    return _step(session, actor, complaint_id, "feed_back", {"feedback_mode": mode, "fed_back_at": when},
                 {"mode": mode.value, "at": when.isoformat()})


def follow_up(*, session: Session, actor: Actor, complaint_id: str, note: str) -> Complaint:
    """Follow-up service (跟进服务) after the feedback."""
    text = note.strip()
    return _step(session, actor, complaint_id, "follow_up", {"follow_up": text}, {"note": text},
                 check=lambda: _required(text, "note", "complaint.follow_up_required"))


def close_complaint(*, session: Session, actor: Actor, complaint_id: str,
                    at: datetime | None = None) -> Complaint:
    when = _aware(at, "at")
    return _step(session, actor, complaint_id, "close", {"closed_at": when}, {"at": when.isoformat()})


def reopen_complaint(*, session: Session, actor: Actor, complaint_id: str, reason: str = "") -> Complaint:
    """The client is still unhappy: back to handling; the resolution is due again (and can now breach)."""
    return _step(session, actor, complaint_id, "reopen", {"resolved_at": None, "fed_back_at": None},
                 {"comment": reason.strip()} if reason.strip() else {})
