"""Fixtures for the background-job tests: a real SQLCipher workspace (cheap KDF), a small organisation,
a settable clock and a minimal in-memory ledger transport (a test double of the sync protocol only)
that can be switched off and on. Test modules get them as fixtures (pytest runs with importlib mode:
conftest is not importable from a test module)."""

from __future__ import annotations

import copy
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from crm.db.crypto import KdfParams
from crm.db.keystore import MemoryKeyStore
from crm.db.workspace import Workspace
from crm.domain.enums import ClientKind, ClientStatus, RmKind, Role
from crm.domain.models import Branch, Client, User
from crm.domain.rules.checksums import make_uscc
from crm.domain.serialize import to_wire
from crm.services.complaints import CHINA_TZ
from crm.services.context import Actor
from crm.sync.client.errors import AuthFailed, ServerUnavailable
from crm.sync.protocol import (
    ConflictInfo,
    EnrolRequest,
    EnrolResponse,
    MutationResult,
    MutationStatus,
    PullResponse,
    PushRequest,
    PushResponse,
    StatusResponse,
    TokenResponse,
    UserInfo,
)

# Cheap argon2 cost for tests only; the product default is in crm.db.crypto.DEFAULT_KDF.
TEST_KDF = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
PASSWORD = "test-password-42"  # noqa: S105 (a throwaway test workspace)


class Clock:
    """A settable clock; ``now`` is timezone-aware."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now


def china(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=CHINA_TZ)


# --- a minimal ledger over the sync protocol (a test double of the transport only) ------------------


class MiniLedger:
    """Enough of docs/sync-protocol.md for the engine's whole cycle: enrol, status, a snapshot of the
    user's branch and user rows, pushes applied in order, empty pulls. `down` makes every call fail
    like an unreachable server; `gate` (when set) holds `pull` until released."""

    def __init__(self) -> None:
        self.base_url = "https://ledger.test"
        self.epoch = "epoch-1"
        self.head = 0
        self.last_applied = 0
        self.token = "tok-" + secrets.token_hex(16)
        self.down = False
        self.calls: list[str] = []
        self.applied: list[str] = []  # mutation ids, in the order applied
        self.results: dict[int, MutationResult] = {}
        self.gate: threading.Event | None = None
        self.entered = threading.Event()
        branch = Branch(code="310101", name="城中支行")
        me = User(username="wangfang", display_name="王芳", role=Role.RM, branch_id=branch.id)
        self.rows = [("branch", to_wire(branch)), ("user", to_wire(me))]
        self.user = UserInfo(id=me.id, username=me.username, display_name=me.display_name, role=Role.RM,
                             branch_id=branch.id)

    def hold(self) -> threading.Event:
        """From now on `pull` waits until the returned event is set; `entered` tells when one is waiting."""
        self.entered.clear()
        self.gate = threading.Event()
        return self.gate

    def _check(self, name: str, token: str | None = None) -> None:
        self.calls.append(name)
        if self.down:
            raise ServerUnavailable("offline", server=self.base_url)
        if token is not None and token != self.token:
            raise AuthFailed("auth.invalid_token")

    def enrol(self, request: EnrolRequest) -> EnrolResponse:
        self._check("enrol")
        return EnrolResponse(device_id=request.device_id, token=self.token, user=self.user, epoch=self.epoch,
                             server_time=datetime.now(UTC))

    def refresh(self, token: str) -> TokenResponse:
        self._check("refresh", token)
        return TokenResponse(token=self.token)

    def status(self, token: str) -> StatusResponse:
        self._check("status", token)
        return StatusResponse(epoch=self.epoch, server_time=datetime.now(UTC), user=self.user, device_id="d",
                              last_applied_seq=self.last_applied, head_seq=self.head)

    def snapshot(self, token: str) -> Iterator[dict[str, Any]]:
        self._check("snapshot", token)
        scopes = [f"rm:{self.user.id}"]
        yield {"type": "header", "epoch": self.epoch, "checkpoint": self.head, "scopes": scopes}
        for entity, data in self.rows:
            yield {"type": "row", "entity": entity, "data": copy.deepcopy(data)}
        yield {"type": "end", "rows": len(self.rows)}

    def push(self, token: str, request: PushRequest) -> PushResponse:
        self._check("push", token)
        results = []
        for m in request.mutations:
            if m.seq <= self.last_applied:
                results.append(self.results[m.seq].model_copy(update={"duplicate": True}))
                continue
            self.head += 1
            result = MutationResult(seq=m.seq, mutation_id=m.mutation_id, status=MutationStatus.APPLIED,
                                    version=self.head)
            self.results[m.seq] = result
            self.last_applied = m.seq
            self.applied.append(m.mutation_id)
            results.append(result)
        return PushResponse(results=results, last_applied_seq=self.last_applied)

    def pull(self, token: str, cursor: int, limit: int) -> PullResponse:
        # Every sync pulls (status and push only when needed): the place to hold one in flight.
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(10)
        self._check("pull", token)
        return PullResponse(epoch=self.epoch, changes=[], cursor=self.head, checkpoint=self.head,
                            has_more=False)

    def conflicts(self, token: str) -> list[ConflictInfo]:
        self._check("conflicts", token)
        return []

    def wipe_ack(self, token: str) -> None:
        self._check("wipe_ack", token)


@pytest.fixture
def keystore() -> MemoryKeyStore:
    return MemoryKeyStore()


@pytest.fixture
def workspace(tmp_path: Path, keystore: MemoryKeyStore) -> Iterator[Workspace]:
    ws = Workspace.create(tmp_path / "ws", password=PASSWORD, keystore=keystore, kdf=TEST_KDF)
    yield ws
    ws.close()


@pytest.fixture
def session(workspace: Workspace) -> Iterator[Session]:
    with Session(workspace.engine, expire_on_commit=False) as s:
        yield s


@dataclass
class Org:
    branch: Branch
    rm: Actor
    rm2: Actor
    head: Actor
    admin: Actor


@pytest.fixture
def org(session: Session) -> Org:
    branch = Branch(code="310101", name="城中支行")
    session.add(branch)
    session.flush()
    users = {
        "rm": User(username="wangfang", display_name="王芳", role=Role.RM, rm_kind=RmKind.CORPORATE,
                   branch_id=branch.id),
        "rm2": User(username="lilei", display_name="李雷", role=Role.RM, rm_kind=RmKind.PERSONAL,
                    branch_id=branch.id),
        "head": User(username="zhangwei", display_name="张伟", role=Role.BRANCH_HEAD, branch_id=branch.id,
                     heads_branch_ids=[branch.id]),
        "admin": User(username="admin01", display_name="系统管理员", role=Role.ADMIN, branch_id=branch.id),
    }
    session.add_all(users.values())
    session.commit()
    return Org(branch=branch, **{k: Actor.of(u) for k, u in users.items()})


_serial = iter(range(1, 10**6))


@pytest.fixture
def make_client(session: Session, org: Org):  # type: ignore[no-untyped-def]
    """Insert a client row directly (as if bootstrapped from the ledger), bypassing the services."""

    def make(owner: Actor | None = None, *, name: str | None = None, **fields: Any) -> Client:
        n = next(_serial)
        fields.setdefault("status", ClientStatus.ACTIVE)
        fields.setdefault("created_at", datetime(2026, 6, 1, tzinfo=UTC))
        client = Client(kind=ClientKind.CORPORATE, legal_name=name or f"测试企业{n}有限公司",
                        short_name=f"测试{n}", uscc=make_uscc(f"91310101MA{n:07d}"),
                        owner_id=owner.user_id if owner else None, branch_id=org.branch.id, **fields)
        session.add(client)
        session.commit()
        return client

    return make


@pytest.fixture
def ledger() -> MiniLedger:
    return MiniLedger()


@pytest.fixture
def password() -> str:
    return PASSWORD
