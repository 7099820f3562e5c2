"""The desktop sync client: `SyncEngine` over a `Transport` (HTTP in production); Qt-free, no server code."""

from crm.sync.client.engine import BootstrapReport, SyncEngine, SyncReport, SyncStatus
from crm.sync.client.errors import (
    AuthFailed,
    DeviceRevoked,
    EpochChanged,
    GapUnrecoverable,
    NotEnrolled,
    ProtocolError,
    PushGap,
    RateLimited,
    RequestRefused,
    ServerUnavailable,
    SyncBusy,
    SyncError,
    WipeRequested,
    WorkspaceWiped,
)
from crm.sync.client.transport import HttpTransport, Transport

__all__ = [
    "AuthFailed",
    "BootstrapReport",
    "DeviceRevoked",
    "EpochChanged",
    "GapUnrecoverable",
    "HttpTransport",
    "NotEnrolled",
    "ProtocolError",
    "PushGap",
    "RateLimited",
    "RequestRefused",
    "ServerUnavailable",
    "SyncBusy",
    "SyncEngine",
    "SyncError",
    "SyncReport",
    "SyncStatus",
    "Transport",
    "WipeRequested",
    "WorkspaceWiped",
]
