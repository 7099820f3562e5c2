"""Coded errors of the sync client: what the transport and the engine raise, rendered by crm.messages."""

from __future__ import annotations

from typing import Any

from crm.domain.errors import DomainError


class SyncError(DomainError):
    """Base of every sync failure; ``code`` is the contract with the CLI and the GUI."""

    def __init__(self, code: str, *, params: dict[str, Any] | None = None, detail: str | None = None) -> None:
        super().__init__(code, params=params, detail=detail)


class ServerUnavailable(SyncError):
    """No answer, a timeout or a 5xx: nothing was decided, everything stays queued for the next try."""

    def __init__(self, detail: str = "", *, server: str = "") -> None:
        super().__init__("sync.server_unavailable", params={"server": server}, detail=detail)


class AuthFailed(SyncError):
    """401/403 other than a revoked device: bad username/password, or an unknown or expired token."""

    def __init__(self, server_code: str = "", detail: str = "") -> None:
        super().__init__("sync.auth_failed", params={"server_code": server_code}, detail=detail)


class DeviceRevoked(SyncError):
    """An administrator revoked this device: the user must log in again (or the device is gone)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("sync.device_revoked", detail=detail)


class RateLimited(SyncError):
    """Too many login attempts: the ledger asks us to wait (exponential delay, never a lockout)."""

    def __init__(self, retry_after: float | None = None, detail: str = "") -> None:
        super().__init__("sync.rate_limited", params={"seconds": int(retry_after or 0)}, detail=detail)
        self.retry_after = retry_after


class PushGap(SyncError):
    """The ledger expects an earlier mutation number than the one we sent first (409 push.gap)."""

    def __init__(self, expected_seq: int, detail: str = "") -> None:
        super().__init__("sync.push_gap", params={"expected_seq": expected_seq}, detail=detail)
        self.expected_seq = expected_seq


class EpochChanged(SyncError):
    """The ledger was restored from a backup: re-bootstrap, then replay the journal and the outbox."""

    def __init__(self, epoch: str | None, detail: str = "") -> None:
        super().__init__("sync.epoch_changed", params={"epoch": epoch or ""}, detail=detail)
        self.epoch = epoch


class RequestRefused(SyncError):
    """Any other 4xx: the request itself is wrong (a bug or a version mismatch), retrying will not help."""

    def __init__(self, server_code: str, status: int, detail: str = "") -> None:
        super().__init__("sync.refused", params={"server_code": server_code, "status": status}, detail=detail)
        self.server_code = server_code
        self.status = status


class ProtocolError(SyncError):
    """The ledger's answer does not follow docs/sync-protocol.md (truncated stream, cursor going back…)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("sync.protocol", detail=detail)


class NotEnrolled(SyncError):
    def __init__(self) -> None:
        super().__init__("sync.not_enrolled")


class SyncBusy(SyncError):
    """Another sync of this workspace is running in this process."""

    def __init__(self) -> None:
        super().__init__("sync.busy")


class WipeRequested(SyncError):
    """The ledger refuses data to a device it told to wipe (403 device.wipe_requested): ask its status."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("sync.wipe_requested", detail=detail)


class WorkspaceWiped(SyncError):
    """The ledger asked for a wipe and this workspace's data and keys were destroyed."""

    def __init__(self) -> None:
        super().__init__("sync.wiped")


class GapUnrecoverable(SyncError):
    """The ledger lacks mutations older than the journal keeps: they cannot be replayed."""

    def __init__(self, expected_seq: int, first_available: int | None) -> None:
        super().__init__("sync.gap_unrecoverable",
                         params={"expected_seq": expected_seq, "first_available": first_available or 0})
