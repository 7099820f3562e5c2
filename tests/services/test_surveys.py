"""Satisfaction surveys: configured dimensions, scoring, cycles and which clients are due one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from crm.domain.enums import ClientStatus, OutboxOp
from crm.domain.errors import NotFound, PermissionDenied, ValidationError
from crm.domain.models import AuditEvent, Outbox, Survey
from crm.services import surveys as svc
from crm.services.surveys import SurveyConfig, SurveyCreate

TODAY = date(2026, 9, 20)
FULL = {"服务态度": 5, "专业能力": 4, "响应速度": 4, "产品满意度": 3, "整体满意度": 4}


def _count(session: Session, model: Any) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def _counts(session: Session) -> tuple[int, ...]:
    return tuple(_count(session, m) for m in (Survey, Outbox, AuditEvent))


def _record(
    session: Session, actor: Any, client: Any, on: date = TODAY, dims: dict[str, int] | None = None, **kw: Any
) -> Survey:
    data = SurveyCreate(
        client_id=client.id,
        conducted_on=on,
        dimensions=FULL if dims is None else dims,
        comments="希望网银转账限额可以调高",
    )
    return svc.record_survey(session=session, actor=actor, data=data, today=TODAY, **kw)


def test_the_shipped_configuration_is_the_default() -> None:
    config = svc.survey_config()
    assert config.dimensions == list(svc.DEFAULT_DIMENSIONS) and config.cycle_months == 6
    assert config == SurveyConfig()


def test_a_configuration_file_sets_dimensions_and_cycle(tmp_path: Path) -> None:
    path = tmp_path / "surveys.json"
    path.write_text(json.dumps({"dimensions": ["服务态度", "网点环境"], "cycle_months": 3}), encoding="utf-8")
    assert svc.survey_config(path) == SurveyConfig(dimensions=["服务态度", "网点环境"], cycle_months=3)
    assert svc.survey_config(tmp_path / "absent.json") == SurveyConfig()
    with pytest.raises(ValueError, match="cycle_months"):
        SurveyConfig(cycle_months=5)


def test_a_survey_is_scored_labelled_and_written_with_audit_and_outbox(
    session: Session, org: Any, make_client: Any
) -> None:
    survey = _record(session, org.rm, make_client(org.rm))
    session.commit()
    assert survey.score == 4.0 and survey.cycle == "2026-H2" and survey.rm_id == org.rm.user_id
    assert list(survey.dimensions) == list(svc.DEFAULT_DIMENSIONS)
    assert session.exec(select(Outbox).where(Outbox.entity_id == survey.id)).one().op is OutboxOp.CREATE
    assert (
        session.exec(select(AuditEvent).where(AuditEvent.entity_id == survey.id)).one().action
        == "survey.create"
    )


def test_a_partial_survey_scores_the_answered_dimensions(
    session: Session, org: Any, make_client: Any
) -> None:
    survey = _record(session, org.rm, make_client(org.rm), dims={"整体满意度": 5, "服务态度": 4})
    assert survey.score == 4.5 and list(survey.dimensions) == ["服务态度", "整体满意度"]
    assert svc.survey_score({"a": 5, "b": 4, "c": 4}) == 4.33


@pytest.mark.parametrize(
    ("dims", "code"),
    [
        ({}, "survey.dimensions_required"),
        ({"服务态度": 6}, "survey.score_out_of_range"),
        ({"服务态度": 0}, "survey.score_out_of_range"),
        ({"网点环境": 3}, "survey.dimension_unknown"),
    ],
)
def test_bad_scores_are_refused_and_nothing_is_written(
    session: Session, org: Any, make_client: Any, dims: dict[str, int], code: str
) -> None:
    client = make_client(org.rm)
    before = _counts(session)
    with pytest.raises(ValidationError) as err:
        _record(session, org.rm, client, dims=dims)
    session.rollback()
    assert err.value.code == code and _counts(session) == before


def test_future_dates_roles_and_scope(session: Session, org: Any, make_client: Any) -> None:
    client = make_client(org.rm)
    with pytest.raises(ValidationError) as err:
        _record(session, org.rm, client, on=date(2026, 9, 21))
    assert err.value.code == "survey.date_in_future"
    with pytest.raises(NotFound):
        _record(session, org.rm2, client)
    with pytest.raises(PermissionDenied):
        _record(session, org.admin, client)
    survey = _record(session, org.head, client)
    assert svc.get_survey(session=session, actor=org.rm, survey_id=survey.id) is survey
    with pytest.raises(NotFound):
        svc.get_survey(session=session, actor=org.rm2, survey_id=survey.id)


def test_a_custom_configuration_is_applied(session: Session, org: Any, make_client: Any) -> None:
    config = SurveyConfig(dimensions=["网点环境"], cycle_months=3)
    survey = _record(session, org.rm, make_client(org.rm), dims={"网点环境": 2}, config=config)
    assert (survey.score, survey.cycle) == (2.0, "2026-Q3")


@pytest.mark.parametrize(
    ("day", "months", "label", "bounds"),
    [
        (date(2026, 9, 20), 6, "2026-H2", (date(2026, 7, 1), date(2026, 12, 31))),
        (date(2026, 6, 30), 6, "2026-H1", (date(2026, 1, 1), date(2026, 6, 30))),
        (date(2026, 9, 20), 3, "2026-Q3", (date(2026, 7, 1), date(2026, 9, 30))),
        (date(2026, 2, 10), 1, "2026-02", (date(2026, 2, 1), date(2026, 2, 28))),
        (date(2026, 5, 1), 4, "2026-P2", (date(2026, 5, 1), date(2026, 8, 31))),
        (date(2026, 5, 1), 12, "2026", (date(2026, 1, 1), date(2026, 12, 31))),
    ],
)
def test_cycles_tile_the_year(day: date, months: int, label: str, bounds: tuple[date, date]) -> None:
    assert svc.cycle_label(day, months) == label and svc.cycle_bounds(day, months) == bounds


def test_due_means_no_survey_in_the_current_cycle(session: Session, org: Any, make_client: Any) -> None:
    never = make_client(org.rm)
    this_cycle = make_client(org.rm)
    last_cycle = make_client(org.rm)
    prospect = make_client(org.rm)
    prospect.status = ClientStatus.PROSPECT
    session.commit()
    make_client(org.rm2)  # someone else's: out of scope
    _record(session, org.rm, this_cycle, on=date(2026, 7, 3))
    _record(session, org.rm, last_cycle, on=date(2026, 6, 28))
    due = svc.survey_due(session=session, actor=org.rm, client_id=last_cycle.id, today=TODAY)
    assert (due.due, due.last_on, due.cycle, due.cycle_ends_on) == (
        True,
        date(2026, 6, 28),
        "2026-H2",
        date(2026, 12, 31),
    )
    assert not svc.survey_due(session=session, actor=org.rm, client_id=this_cycle.id, today=TODAY).due
    assert svc.survey_due(session=session, actor=org.rm, client_id=never.id, today=TODAY).last_on is None
    assert {d.client_id for d in svc.surveys_due(session=session, actor=org.rm, today=TODAY)} == {
        never.id,
        last_cycle.id,
    }
    # Yearly: June's survey still counts for 2026.
    assert {
        d.client_id for d in svc.surveys_due(session=session, actor=org.rm, today=TODAY, cycle_months=12)
    } == {never.id}
    assert prospect.id not in {
        d.client_id for d in svc.surveys_due(session=session, actor=org.head, today=TODAY)
    }
    with pytest.raises(ValidationError):
        svc.survey_due(session=session, actor=org.rm, client_id=never.id, today=TODAY, cycle_months=5)


def test_lists_are_scoped_and_filtered_by_date(session: Session, org: Any, make_client: Any) -> None:
    a, b = make_client(org.rm), make_client(org.rm2)
    early = _record(session, org.rm, a, on=date(2026, 3, 1))
    late = _record(session, org.rm, a, on=date(2026, 9, 1))
    other = _record(session, org.rm2, b, on=date(2026, 9, 1))
    assert [s.id for s in svc.list_surveys(session=session, actor=org.rm)] == [late.id, early.id]
    assert {s.id for s in svc.list_surveys(session=session, actor=org.head)} == {early.id, late.id, other.id}
    assert [
        s.id
        for s in svc.list_surveys(session=session, actor=org.head, date_from=date(2026, 4, 1), client_id=a.id)
    ] == [late.id]
    assert [s.id for s in svc.list_surveys(session=session, actor=org.rm, date_to=date(2026, 4, 1))] == [
        early.id
    ]
