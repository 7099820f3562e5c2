"""Tests for the coded domain errors."""

from __future__ import annotations

import pickle

import pytest

from crm.domain.errors import (
    Conflict,
    DomainError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    SuitabilityRefused,
    ValidationError,
)


@pytest.mark.parametrize(
    "cls", [ValidationError, PermissionDenied, NotFound, InvalidTransition, Conflict, SuitabilityRefused]
)
def test_subclasses_are_domain_errors_and_keep_their_data(cls: type[DomainError]) -> None:
    params = {"position": 3}
    error = cls("uscc.charset", "uscc", params)
    params["position"] = 4  # the error keeps its own copy
    assert isinstance(error, DomainError)
    assert (error.code, error.field, error.params) == ("uscc.charset", "uscc", {"position": 3})


def test_defaults() -> None:
    error = DomainError("client.not_found")
    assert error.field is None
    assert error.params == {}
    assert error.detail is None
    assert str(error) == "client.not_found"


def test_str_is_a_developer_message() -> None:
    error = ValidationError("phone.invalid", "contact.phone", {"b": 2, "a": "x"}, detail="bad digits")
    assert str(error) == "phone.invalid field='contact.phone' params: a='x', b=2: bad digits"


def test_errors_survive_pickling() -> None:
    # Errors cross thread and process boundaries in the worker helpers and sync.
    error = InvalidTransition("plan.transition_invalid", "status", {"from": "draft"}, "stale")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(copy) is InvalidTransition
    assert (copy.code, copy.field, copy.params, copy.detail) == (
        "plan.transition_invalid",
        "status",
        {"from": "draft"},
        "stale",
    )
