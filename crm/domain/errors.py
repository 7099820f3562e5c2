"""Coded domain errors: a stable dotted code, the offending field and parameters, never UI text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A business rule refused something.

    ``code`` is the contract with the UI, which turns it into a translated message using ``params``;
    ``detail`` is an optional English hint for developers and logs only.
    """

    code: str
    field: str | None
    params: dict[str, Any]
    detail: str | None

    def __init__(
        self,
        code: str,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
        detail: str | None = None,
    ) -> None:
        # args mirror the constructor so repr() shows the whole error and copies replay faithfully.
        super().__init__(code, field, dict(params or {}), detail)
        self.code = code
        self.field = field
        self.params = dict(params or {})
        self.detail = detail

    def __str__(self) -> str:
        parts = [self.code]
        if self.field is not None:
            parts.append(f"field={self.field!r}")
        if self.params:
            rendered = ", ".join(f"{key}={value!r}" for key, value in sorted(self.params.items()))
            parts.append(f"params: {rendered}")
        text = " ".join(parts)
        return f"{text}: {self.detail}" if self.detail else text


class ValidationError(DomainError):
    """A value is malformed (bad checksum, impossible date, unparseable phone…)."""


class PermissionDenied(DomainError):
    """The acting user's role or scope does not allow the action."""


class NotFound(DomainError):
    """The referenced record does not exist or is outside the user's scope."""


class InvalidTransition(DomainError):
    """A workflow action is impossible from the record's current state."""


class Conflict(DomainError):
    """The action clashes with concurrent or existing data (duplicate claim, stale version…)."""


class SuitabilityRefused(DomainError):
    """A product may not be pitched or proposed to this client without a branch-head override."""
