"""Satisfaction surveys (满意度调查): configurable dimensions and cycle, scoring, and who is due one."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from pydantic import ConfigDict, Field, field_validator
from sqlmodel import Session, col, func, select

from crm.domain.enums import ClientStatus, Role
from crm.domain.errors import NotFound, ValidationError
from crm.domain.models import Client, Survey
from crm.resources_path import resource_path
from crm.services import records
from crm.services.context import Actor, client_scope, get_client
from crm.services.schema import Schema

SURVEY_CONFIG_FILE = "surveys.json"
DEFAULT_DIMENSIONS: tuple[str, ...] = ("服务态度", "专业能力", "响应速度", "产品满意度", "整体满意度")
DEFAULT_CYCLE_MONTHS = 6  # half-yearly
SCORE_MIN, SCORE_MAX = 1, 5
# Cycles must tile the calendar year, so every survey falls in exactly one labelled cycle.
CYCLE_MONTHS_ALLOWED = (1, 2, 3, 4, 6, 12)


class SurveyConfig(Schema):
    dimensions: list[str] = Field(default_factory=lambda: list(DEFAULT_DIMENSIONS), min_length=1)
    cycle_months: int = DEFAULT_CYCLE_MONTHS

    @field_validator("dimensions")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        cleaned = [v.strip() for v in value if v.strip()]
        if not cleaned or len(set(cleaned)) != len(cleaned):
            raise ValueError("dimensions must be non-empty and unique")
        return cleaned

    @field_validator("cycle_months")
    @classmethod
    def _tiles_year(cls, value: int) -> int:
        if value not in CYCLE_MONTHS_ALLOWED:
            raise ValueError(f"cycle_months must be one of {CYCLE_MONTHS_ALLOWED}")
        return value


class SurveyCreate(Schema):
    model_config = ConfigDict(str_strip_whitespace=True)

    client_id: str
    conducted_on: date
    dimensions: dict[str, int]  # dimension -> score 1..5
    comments: str = ""


class SurveyDue(Schema):
    client_id: str
    client_name: str
    due: bool
    cycle: str
    cycle_ends_on: date  # the survey of this cycle is due by this day
    last_on: date | None


def survey_config(path: Path | None = None) -> SurveyConfig:
    """The configured dimensions and cycle from ``resources/surveys.json``; defaults if the file is absent."""
    source = path or resource_path(SURVEY_CONFIG_FILE)
    if not source.is_file():
        return SurveyConfig()
    return SurveyConfig.model_validate(json.loads(source.read_text(encoding="utf-8")))


def _check_cycle(cycle_months: int) -> int:
    if cycle_months not in CYCLE_MONTHS_ALLOWED:
        raise ValidationError("survey.cycle_invalid", field="cycle_months",
                              params={"allowed": list(CYCLE_MONTHS_ALLOWED)})
    return cycle_months


def cycle_bounds(day: date, cycle_months: int) -> tuple[date, date]:
    """First and last day of the cycle containing ``day``."""
    _check_cycle(cycle_months)
    first_month = (day.month - 1) // cycle_months * cycle_months + 1
    start = date(day.year, first_month, 1)
    end_month = first_month + cycle_months
    end = date(day.year + 1, 1, 1) if end_month > 12 else date(day.year, end_month, 1)
    return start, end - timedelta(days=1)


def cycle_label(day: date, cycle_months: int) -> str:
    """'2026' yearly, '2026-H2' half-yearly, '2026-Q3' quarterly, '2026-07' monthly, else '2026-P2'."""
    _check_cycle(cycle_months)
    index = (day.month - 1) // cycle_months + 1
    if cycle_months == 12:
        return f"{day.year}"
    if cycle_months == 6:
        return f"{day.year}-H{index}"
    if cycle_months == 3:
        return f"{day.year}-Q{index}"
    if cycle_months == 1:
        return f"{day.year}-{day.month:02d}"
    return f"{day.year}-P{index}"


def survey_score(dimensions: dict[str, int]) -> float:
    """Mean of the dimension scores on the 1–5 scale, to two decimals."""
    if not dimensions:
        return 0.0
    return round(sum(dimensions.values()) / len(dimensions), 2)


def _validate_dimensions(dimensions: dict[str, int], config: SurveyConfig) -> dict[str, int]:
    if not dimensions:
        raise ValidationError("survey.dimensions_required", field="dimensions")
    out: dict[str, int] = {}
    for raw, score in dimensions.items():
        name = raw.strip()
        if name not in config.dimensions:
            raise ValidationError("survey.dimension_unknown", field=f"dimensions.{name}",
                                  params={"dimension": name, "allowed": config.dimensions})
        if isinstance(score, bool) or not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
            raise ValidationError("survey.score_out_of_range", field=f"dimensions.{name}",
                                  params={"min": SCORE_MIN, "max": SCORE_MAX, "value": score})
        out[name] = score
    # Keep the configured order, so forms and prints list dimensions consistently.
    return {name: out[name] for name in config.dimensions if name in out}


def record_survey(*, session: Session, actor: Actor, data: SurveyCreate, config: SurveyConfig | None = None,
                  today: date | None = None) -> Survey:
    """Store one survey with its per-dimension scores, the computed score and its cycle label."""
    actor.require(Role.RM, Role.BRANCH_HEAD, action="survey.create")
    cfg = config or survey_config()
    client = get_client(session, actor, data.client_id, for_edit=True)
    if data.conducted_on > (today or date.today()):
        raise ValidationError("survey.date_in_future", field="conducted_on")
    dimensions = _validate_dimensions(data.dimensions, cfg)
    survey = Survey(client_id=client.id, rm_id=actor.user_id, conducted_on=data.conducted_on,
                    cycle=cycle_label(data.conducted_on, cfg.cycle_months), dimensions=dimensions,
                    score=survey_score(dimensions), comments=data.comments)
    return records.create(session, actor, survey, audit_detail={"client_id": client.id})


def get_survey(*, session: Session, actor: Actor, survey_id: str) -> Survey:
    survey = session.get(Survey, survey_id)
    if survey is None or survey.deleted:
        raise NotFound("survey.not_found", params={"id": survey_id})
    try:
        get_client(session, actor, survey.client_id)
    except NotFound:
        raise NotFound("survey.not_found", params={"id": survey_id}) from None
    return survey


def list_surveys(*, session: Session, actor: Actor, client_id: str | None = None,
                 date_from: date | None = None, date_to: date | None = None) -> list[Survey]:
    stmt = (
        select(Survey).join(Client, col(Client.id) == col(Survey.client_id))
        .where(client_scope(actor), col(Survey.deleted).is_(False), col(Client.deleted).is_(False))
    )
    if client_id is not None:
        stmt = stmt.where(col(Survey.client_id) == client_id)
    if date_from is not None:
        stmt = stmt.where(col(Survey.conducted_on) >= date_from)
    if date_to is not None:
        stmt = stmt.where(col(Survey.conducted_on) <= date_to)
    return list(session.exec(stmt.order_by(col(Survey.conducted_on).desc(), col(Survey.id).desc())))


def _due_row(client: Client, last_on: date | None, today: date, cycle_months: int) -> SurveyDue:
    start, end = cycle_bounds(today, cycle_months)
    return SurveyDue(client_id=client.id, client_name=client.legal_name,
                     due=last_on is None or last_on < start, cycle=cycle_label(today, cycle_months),
                     cycle_ends_on=end, last_on=last_on)


def survey_due(*, session: Session, actor: Actor, client_id: str, today: date,
               cycle_months: int | None = None) -> SurveyDue:
    """Due when the client has no survey in the cycle containing ``today``."""
    months = _check_cycle(cycle_months or survey_config().cycle_months)
    client = get_client(session, actor, client_id)
    last_on = session.exec(select(func.max(Survey.conducted_on)).where(
        col(Survey.client_id) == client.id, col(Survey.deleted).is_(False))).one()
    return _due_row(client, last_on, today, months)


def surveys_due(*, session: Session, actor: Actor, today: date,
                cycle_months: int | None = None) -> list[SurveyDue]:
    """Existing (存量) clients in scope with no survey yet in the current cycle."""
    months = _check_cycle(cycle_months or survey_config().cycle_months)
    last = (
        select(Survey.client_id, func.max(Survey.conducted_on).label("last_on"))
        .where(col(Survey.deleted).is_(False)).group_by(col(Survey.client_id)).subquery()
    )
    stmt = (
        select(Client, last.c.last_on).outerjoin(last, last.c.client_id == col(Client.id))
        .where(client_scope(actor), col(Client.deleted).is_(False),
               col(Client.status) == ClientStatus.ACTIVE.value)
        .order_by(col(Client.legal_name))
    )
    rows = [_due_row(client, last_on, today, months) for client, last_on in session.exec(stmt).all()]
    return [row for row in rows if row.due]
