"""Ledger-only coded errors; the HTTP layer maps each class to its status code."""

from __future__ import annotations

from crm.domain.errors import DomainError


class AuthError(DomainError):
    """No, unknown or revoked credentials (HTTP 401)."""


class Throttled(DomainError):
    """Too many failed logins from this address or for this user (HTTP 429 with Retry-After)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("auth.throttled", params={"retry_after": retry_after})
        self.retry_after = retry_after


class PushGap(DomainError):
    """The device skipped mutation numbers (HTTP 409); it must resend from ``expected_seq``."""

    def __init__(self, expected_seq: int) -> None:
        super().__init__("push.gap", params={"expected_seq": expected_seq})
        self.expected_seq = expected_seq


class EpochChanged(DomainError):
    """The ledger was restored or re-based (HTTP 409): the device must re-bootstrap and replay its journal."""

    def __init__(self, epoch: str) -> None:
        super().__init__("epoch.changed", params={"epoch": epoch})
        self.epoch = epoch
